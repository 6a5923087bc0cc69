/* The network's alert rules as data (see netalerts.h). */
#include "analysis/netalerts.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char *const rule_kinds[] = {"new-component-minors", "recruits-in-window",
                                         "minor-victim-recruiter", NULL};

static bool lang_ok(json_t *j)
{
    return json_string_value(json_object_get(j, "nl"))
           && json_string_value(json_object_get(j, "en"));
}

int net_alert_rules_check(const char *text, size_t len, char *why, size_t n)
{
    json_error_t jerr;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", jerr.line, jerr.text);
        return SG_EINVAL;
    }
    int rc = SG_EINVAL;
    json_t *rules = json_object_get(doc, "rules");
    if (!json_is_integer(json_object_get(doc, "version")) || !json_is_array(rules)
        || json_array_size(rules) == 0 || !json_string_value(json_object_get(doc, "source"))) {
        snprintf(why, n, "version, source and a non-empty list of rules are required");
        goto out;
    }
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r)
    {
        const char *kind = json_string_value(json_object_get(r, "kind"));
        bool known = false;
        for (int k = 0; kind && rule_kinds[k]; k++)
            known = known || strcmp(kind, rule_kinds[k]) == 0;
        json_t *min = json_object_get(r, "min");
        json_t *days = json_object_get(r, "window_days");
        if (!json_string_value(json_object_get(r, "id")) || !known
            || !lang_ok(json_object_get(r, "title")) || !lang_ok(json_object_get(r, "why"))
            || !json_string_value(json_object_get(r, "source")) || !json_is_integer(min)
            || json_integer_value(min) < 1
            || (days && (!json_is_integer(days) || json_integer_value(days) < 1))) {
            snprintf(why, n,
                     "rule %zu: id, kind (new-component-minors, recruits-in-window or"
                     " minor-victim-recruiter), title and why (nl, en), source and min >= 1 are"
                     " required; window_days >= 1 when given",
                     i + 1);
            goto out;
        }
    }
    rc = SG_OK;
out:
    json_decref(doc);
    return rc;
}
