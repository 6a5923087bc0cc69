/* The programme's measures, from the published data (monitor.h). */
#include "service/monitor/monitor_int.h"

typedef struct measures_ctx {
    json_t *doc;
} measures_ctx;

static int measures_job(store_tx *tx, void *arg)
{
    measures_ctx *mc = arg;
    mc->doc = monitor_ruleset(tx, "measures");
    return mc->doc ? SG_OK : SG_ENOTFOUND;
}

int monitor_measures(app *a, const actor *who, json_t **out)
{
    (void)who; /* public policy information: anyone logged in reads it */
    measures_ctx mc = {0};
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
