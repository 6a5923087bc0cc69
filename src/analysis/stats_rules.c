/* Checks and look-ups of monitoring's published data (stats_rules.h). */
#include "analysis/stats_rules.h"

#include <stdio.h>
#include <string.h>

static int refuse(char *why, size_t n, const char *text)
{
    snprintf(why, n, "%s", text);
    return SG_EINVAL;
}

static int each_has(json_t *list, const char *const *keys)
{
    size_t i;
    json_t *item;
    if (!json_is_array(list) || json_array_size(list) == 0)
        return 0;
    json_array_foreach(list, i, item)
    {
        for (int k = 0; keys[k]; k++)
            if (!json_object_get(item, keys[k]))
                return 0;
    }
    return 1;
}

static int check_monitor(json_t *doc, char *why, size_t n)
{
    json_t *k = json_object_get(doc, "threshold");
    if (!json_is_integer(k) || json_integer_value(k) < 1 || json_integer_value(k) > 1000)
        return refuse(why, n, "threshold must be a whole number from 1 to 1000");
    static const char *const band[] = {"id", "min", "max", NULL};
    static const char *const form[] = {"id", "nl", "en", "indicators", "offences", "source", NULL};
    static const char *const fig[] = {"id", "nl", "en", "definition", NULL};
    if (!each_has(json_object_get(doc, "age_bands"), band))
        return refuse(why, n, "age_bands: each needs id, min and max");
    if (!each_has(json_object_get(doc, "forms"), form))
        return refuse(why, n, "forms: each needs id, nl, en, indicators, offences and source");
    if (!each_has(json_object_get(doc, "figures"), fig))
        return refuse(why, n, "figures: each needs id, nl, en and definition");
    /* The names of the dimensions and their codes: optional, but whole. */
    static const char *const dim[] = {"id", "nl", "en", "codes", NULL};
    static const char *const code[] = {"code", "nl", "en", NULL};
    json_t *dims = json_object_get(doc, "dimensions");
    if (dims && !each_has(dims, dim))
        return refuse(why, n, "dimensions: each needs id, nl, en and codes");
    size_t i;
    json_t *d;
    json_array_foreach(dims, i, d)
    {
        json_t *codes = json_object_get(d, "codes");
        if (!json_is_array(codes) || (json_array_size(codes) && !each_has(codes, code)))
            return refuse(why, n, "dimensions: each code needs code, nl and en");
    }
    return SG_OK;
}

static int check_regions(json_t *doc, char *why, size_t n)
{
    static const char *const unit[] = {"id", "name", NULL};
    static const char *const region[] = {"id", "name", "police_unit", NULL};
    static const char *const muni[] = {"name", "safety_region", NULL};
    if (!each_has(json_object_get(doc, "police_units"), unit)
        || !each_has(json_object_get(doc, "safety_regions"), region)
        || !each_has(json_object_get(doc, "municipalities"), muni))
        return refuse(why, n,
                      "police_units (id, name), safety_regions (id, name, police_unit) and"
                      " municipalities (name, safety_region) are required");
    return SG_OK;
}

/* Whether the string value is one of the strings of list. */
static int listed(json_t *list, json_t *value)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        if (json_is_string(value) && json_equal(item, value))
            return 1;
    }
    return 0;
}

static int check_measures(json_t *doc, char *why, size_t n)
{
    static const char *const m[] = {"id",     "nl",    "en",     "responsible", "milestones",
                                    "status", "notes", "source", NULL};
    static const char *const note[] = {"on", "nl", "en", "source", NULL};
    json_t *list = json_object_get(doc, "measures");
    if (!each_has(list, m))
        return refuse(why, n,
                      "measures: each needs id, nl, en, responsible, milestones, status, notes"
                      " and source");
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        json_t *notes = json_object_get(item, "notes");
        if (json_array_size(notes) && !each_has(notes, note))
            return refuse(why, n, "measures: each note needs on, nl, en and source");
        if (!listed(json_object_get(doc, "statuses"), json_object_get(item, "status")))
            return refuse(why, n, "measures: each status must be one of statuses");
    }
    return SG_OK;
}

int stats_rules_check(const char *kind, const char *text, size_t len, char *why, size_t n)
{
    json_error_t err;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", err.line, err.text);
        return SG_EINVAL;
    }
    int rc;
    if (!json_is_integer(json_object_get(doc, "version"))
        || !json_is_string(json_object_get(doc, "source")))
        rc = refuse(why, n, "version and source are required");
    else if (strcmp(kind, "monitor") == 0)
        rc = check_monitor(doc, why, n);
    else if (strcmp(kind, "regions") == 0)
        rc = check_regions(doc, why, n);
    else if (strcmp(kind, "measures") == 0)
        rc = check_measures(doc, why, n);
    else
        rc = refuse(why, n, "not a kind of monitoring data");
    json_decref(doc);
    return rc;
}

static json_t *find_municipality(json_t *regions, const char *municipality)
{
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(regions, "municipalities"), i, m)
    {
        const char *name = json_string_value(json_object_get(m, "name"));
        if (name && municipality && strcmp(name, municipality) == 0)
            return m;
    }
    return NULL;
}

int stats_municipality_known(json_t *regions, const char *municipality)
{
    return find_municipality(regions, municipality) != NULL;
}

void stats_region_of(json_t *regions, const char *municipality, const char **safety_region,
                     const char **police_unit)
{
    *safety_region = "unknown";
    *police_unit = "unknown";
    json_t *m = find_municipality(regions, municipality);
    const char *sr = m ? json_string_value(json_object_get(m, "safety_region")) : NULL;
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(regions, "safety_regions"), i, r)
    {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (sr && id && strcmp(id, sr) == 0) {
            *safety_region = id;
            *police_unit = json_string_value(json_object_get(r, "police_unit"));
            if (!*police_unit)
                *police_unit = "unknown";
            return;
        }
    }
}
