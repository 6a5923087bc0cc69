/* The programme's measures and the regions, from the published data
 * (monitor.h). */
#include "analysis/stats_rules.h"
#include "service/monitor/monitor_int.h"

typedef struct measures_ctx {
    const char *kind;
    json_t *doc;
} measures_ctx;

static int measures_job(store_tx *tx, void *arg)
{
    measures_ctx *mc = arg;
    mc->doc = monitor_ruleset(tx, mc->kind);
    return mc->doc ? SG_OK : SG_ENOTFOUND;
}

int monitor_measures(app *a, const actor *who, json_t **out)
{
    (void)who; /* public policy information: anyone logged in reads it */
    measures_ctx mc = {.kind = "measures"};
    int rc = store_read(a->db, measures_job, &mc);
    if (rc != SG_OK)
        return rc;
    *out = json_pack("{s:O, s:O, s:O, s:O}", "items", json_object_get(mc.doc, "measures"),
                     "version", json_object_get(mc.doc, "published_version"), "source",
                     json_object_get(mc.doc, "source"), "statuses",
                     json_object_get(mc.doc, "statuses"));
    json_decref(mc.doc);
    return *out ? SG_OK : SG_ENOMEM;
}

int monitor_regions(app *a, const actor *who, json_t **out)
{
    (void)who; /* published reference data: anyone logged in reads it */
    measures_ctx mc = {.kind = "regions"};
    int rc = store_read(a->db, measures_job, &mc);
    if (rc != SG_OK)
        return rc;
    json_t *munis = json_array();
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(mc.doc, "municipalities"), i, m)
    {
        const char *name = json_string_value(json_object_get(m, "name"));
        const char *region, *unit;
        stats_region_of(mc.doc, name, &region, &unit);
        if (name && munis)
            json_array_append_new(munis, json_pack("{s:s, s:s, s:s}", "name", name, "safety_region",
                                                   region, "police_unit", unit));
    }
    *out = json_pack("{s:o, s:O, s:O, s:O, s:O}", "municipalities", munis, "safety_regions",
                     json_object_get(mc.doc, "safety_regions"), "police_units",
                     json_object_get(mc.doc, "police_units"), "version",
                     json_object_get(mc.doc, "published_version"), "source",
                     json_object_get(mc.doc, "source"));
    json_decref(mc.doc);
    return *out ? SG_OK : SG_ENOMEM;
}
