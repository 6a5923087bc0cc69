#include "domain/guidance.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

static const char *const advice_codes[] = {"consult-today", "plan-consultation", "keep-observing",
                                           "no-concern-indicators", NULL};

static bool known_advice(const char *a)
{
    for (int i = 0; a && advice_codes[i]; i++)
        if (strcmp(advice_codes[i], a) == 0)
            return true;
    return false;
}

static int refuse(char *why, size_t n, const char *id, const char *what)
{
    snprintf(why, n, "rule %s: %s", id ? id : "?", what);
    return SG_EINVAL;
}

/* Reads {"nl": ..., "en": ...} texts; both are required. */
static bool texts(json_t *obj, const char **nl, const char **en)
{
    *nl = json_string_value(json_object_get(obj, "nl"));
    *en = json_string_value(json_object_get(obj, "en"));
    return *nl && *en && !text_is_blank(*nl) && !text_is_blank(*en);
}

static int parse_rule(json_t *j, guidance_rule *r, char *why, size_t n)
{
    const char *id = json_string_value(json_object_get(j, "id"));
    const char *advice = json_string_value(json_object_get(j, "advice"));
    json_t *when = json_object_get(j, "when");
    json_t *strengths = json_object_get(when, "strengths");
    memset(r, 0, sizeof *r);
    if (!id || !text_copy(r->id, sizeof r->id, id))
        return refuse(why, n, id, "needs a short id");
    if (strcmp(id, "otherwise") == 0)
        return refuse(why, n, id, "the id otherwise is kept for when no rule fires");
    if (!known_advice(advice) || !text_copy(r->advice, sizeof r->advice, advice))
        return refuse(why, n, id, "names an unknown advice");
    if (!json_is_array(strengths) || json_array_size(strengths) == 0
        || json_array_size(strengths) > 3)
        return refuse(why, n, id, "needs one to three strengths");
    size_t i;
    json_t *s;
    json_array_foreach(strengths, i, s)
    {
        const char *v = json_string_value(s);
        if (v && strcmp(v, "C") == 0)
            return refuse(why, n, id, "C indicators (vulnerability) may never count");
        if (!v || strlen(v) != 1 || !strchr("SMW", v[0]) || strchr(r->strengths, v[0]))
            return refuse(why, n, id, "strengths are S, M or W, each once");
        r->strengths[i] = v[0];
    }
    json_t *mi = json_object_get(when, "min_indicators");
    json_t *mc = json_object_get(when, "min_categories");
    if (!json_is_integer(mi) || json_integer_value(mi) < 1 || json_integer_value(mi) > 50
        || !json_is_integer(mc) || json_integer_value(mc) < 1 || json_integer_value(mc) > 20)
        return refuse(why, n, id, "min_indicators (1-50) and min_categories (1-20) are required");
    r->min_indicators = (int)json_integer_value(mi);
    r->min_categories = (int)json_integer_value(mc);
    if (!texts(json_object_get(j, "text"), &r->text_nl, &r->text_en)
        || !texts(json_object_get(j, "why"), &r->why_nl, &r->why_en))
        return refuse(why, n, id, "needs text and why in nl and en");
    return SG_OK;
}

int guidance_parse(const char *text, size_t len, guidance_rules *out, char *why, size_t n)
{
    json_error_t err;
    memset(out, 0, sizeof *out);
    snprintf(why, n, "%s", "");
    out->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!out->doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", err.line, err.text);
        return SG_EINVAL;
    }
    json_t *version = json_object_get(out->doc, "version");
    json_t *window = json_object_get(out->doc, "window_days");
    json_t *rules = json_object_get(out->doc, "rules");
    json_t *otherwise = json_object_get(out->doc, "otherwise");
    int rc = SG_EINVAL;
    if (!json_is_integer(version) || json_integer_value(version) < 1
        || json_integer_value(version) > INT_MAX) {
        snprintf(why, n, "version must be a positive whole number");
        goto fail;
    }
    if (!json_is_integer(window) || json_integer_value(window) < 1
        || json_integer_value(window) > 730) {
        snprintf(why, n, "window_days must be from 1 to 730");
        goto fail;
    }
    if (!json_is_array(rules) || json_array_size(rules) == 0
        || json_array_size(rules) > GUIDANCE_MAX_RULES) {
        snprintf(why, n, "rules must be a list of 1 to %d rules", GUIDANCE_MAX_RULES);
        goto fail;
    }
    out->version = (int)json_integer_value(version);
    out->window_days = (int)json_integer_value(window);
    size_t i;
    json_t *r;
    json_array_foreach(rules, i, r)
    {
        rc = parse_rule(r, &out->rules[i], why, n);
        if (rc != SG_OK)
            goto fail;
        for (size_t k = 0; k < i; k++)
            if (strcmp(out->rules[k].id, out->rules[i].id) == 0) {
                rc = refuse(why, n, out->rules[i].id, "the id appears twice");
                goto fail;
            }
        out->count++;
    }
    rc = SG_EINVAL;
    const char *advice = json_string_value(json_object_get(otherwise, "advice"));
    guidance_rule *o = &out->otherwise;
    if (!known_advice(advice)
        || !texts(json_object_get(otherwise, "text"), &o->text_nl, &o->text_en)) {
        snprintf(why, n, "otherwise needs a known advice and text in nl and en");
        goto fail;
    }
    text_copy(o->id, sizeof o->id, "otherwise");
    text_copy(o->advice, sizeof o->advice, advice);
    o->why_nl = o->text_nl;
    o->why_en = o->text_en;
    return SG_OK;
fail:
    guidance_free(out);
    return rc;
}

void guidance_free(guidance_rules *r)
{
    json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

/* Counts the items of the rule's strengths and their distinct categories. */
static void count_for(const guidance_rule *rule, const guidance_item *items, int n, int *count,
                      int *categories)
{
    *count = 0;
    *categories = 0;
    for (int i = 0; i < n; i++) {
        if (items[i].strength == 'C' || !items[i].strength
            || !strchr(rule->strengths, items[i].strength))
            continue;
        (*count)++;
        bool seen = false;
        for (int k = 0; k < i && !seen; k++)
            seen = items[k].strength != 'C' && strchr(rule->strengths, items[k].strength)
                   && strcmp(items[k].category, items[i].category) == 0;
        if (!seen)
            (*categories)++;
    }
}

void guidance_assess(const guidance_rules *r, const guidance_item *items, int n, bool *counts,
                     guidance_result *out)
{
    memset(out, 0, sizeof *out);
    out->rule = &r->otherwise;
    for (int k = 0; k < r->count; k++) {
        int count, categories;
        count_for(&r->rules[k], items, n, &count, &categories);
        if (count >= r->rules[k].min_indicators && categories >= r->rules[k].min_categories) {
            out->rule = &r->rules[k];
            out->fired = true;
            out->counted = count;
            out->categories = categories;
            break;
        }
    }
    for (int i = 0; counts && i < n; i++)
        counts[i] = out->fired && items[i].strength != 'C'
                    && strchr(out->rule->strengths, items[i].strength) != NULL;
}
