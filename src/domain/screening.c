#include "domain/screening.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

static const char *const sign_codes[] = {"none", "possible", "strong"};

const char *screening_signs_code(screening_signs s)
{
    return (unsigned)s <= SIGNS_STRONG ? sign_codes[s] : "";
}

int screening_signs_parse(const char *code, screening_signs *out)
{
    for (int i = 0; code && i < 3; i++)
        if (strcmp(code, sign_codes[i]) == 0) {
            *out = (screening_signs)i;
            return SG_OK;
        }
    return SG_EINVAL;
}

int screening_answer_parse(const char *code, screening_answer *out)
{
    static const char *const codes[] = {"", "yes", "no", "unknown"};
    for (int i = 1; code && i < 4; i++)
        if (strcmp(code, codes[i]) == 0) {
            *out = (screening_answer)i;
            return SG_OK;
        }
    return SG_EINVAL;
}

static int index_of(const char *const *list, int n, const char *id)
{
    for (int i = 0; id && i < n; i++)
        if (strcmp(list[i], id) == 0)
            return i;
    return -1;
}

int screening_question_index(const screening_rules *r, const char *id)
{
    return index_of(r->questions, r->nquestions, id);
}

int screening_offence_index(const screening_rules *r, const char *id)
{
    return index_of(r->offences, r->noffences, id);
}

static int refuse(char *why, size_t n, const char *what)
{
    snprintf(why, n, "%s", what);
    return SG_EINVAL;
}

/* Reads a list of {"id", "nl", "en"} into ids. */
static int read_ids(json_t *arr, const char **ids, int max, int *count)
{
    *count = 0;
    if (!json_is_array(arr) || json_array_size(arr) == 0 || json_array_size(arr) > (size_t)max)
        return SG_EINVAL;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        const char *id = json_string_value(json_object_get(v, "id"));
        if (!id || !text_is_slug(id, 40) || !json_string_value(json_object_get(v, "nl"))
            || !json_string_value(json_object_get(v, "en")) || index_of(ids, *count, id) >= 0)
            return SG_EINVAL;
        ids[(*count)++] = id;
    }
    return SG_OK;
}

static int parse_rule(screening_rules *r, json_t *j, screening_rule *rule, char *why, size_t n)
{
    const char *id = json_string_value(json_object_get(j, "id"));
    json_t *when = json_object_get(j, "when");
    json_t *why_text = json_object_get(j, "why");
    memset(rule, 0, sizeof *rule);
    if (!id || !text_copy(rule->id, sizeof rule->id, id))
        return refuse(why, n, "a screening rule needs a short id");
    /* The advice names its rule, and "otherwise" names no rule at all. */
    if (strcmp(id, "otherwise") == 0)
        return refuse(why, n, "the rule id otherwise is kept for when no rule fires");
    for (int k = 0; k < r->nrules; k++)
        if (strcmp(r->rules[k].id, id) == 0)
            return refuse(why, n, "a screening rule id appears twice");
    if (screening_signs_parse(json_string_value(json_object_get(j, "signs")), &rule->signs) != SG_OK
        || rule->signs == SIGNS_NONE)
        return refuse(why, n, "a rule gives signs possible or strong");
    if (!json_string_value(json_object_get(why_text, "nl"))
        || !json_string_value(json_object_get(why_text, "en")))
        return refuse(why, n, "a rule needs why in nl and en");
    if (!json_is_object(when) || json_object_size(when) == 0)
        return refuse(why, n, "a rule needs a condition");
    const char *key;
    json_t *v;
    json_object_foreach(when, key, v)
    {
        if (strcmp(key, "any_yes") == 0 && json_is_array(v) && json_array_size(v) > 0) {
            size_t i;
            json_t *q;
            json_array_foreach(v, i, q)
            {
                int k = screening_question_index(r, json_string_value(q));
                if (k < 0)
                    return refuse(why, n, "any_yes names an unknown question");
                rule->any_yes[k] = rule->has_any_yes = true;
            }
        } else if (strcmp(key, "min_yes") == 0 || strcmp(key, "min_unknown") == 0) {
            /* At least one: a count of zero would hold for every screening. */
            json_int_t k = json_is_integer(v) ? json_integer_value(v) : 0;
            if (k < 1 || k > r->nquestions)
                return refuse(why, n,
                              "min_yes and min_unknown are whole numbers within the number"
                              " of questions, from 1");
            *(key[4] == 'y' ? &rule->min_yes : &rule->min_unknown) = (int)k;
        } else if (strcmp(key, "outside_region") == 0 && json_is_true(v)) {
            rule->outside_region = true;
        } else if (strcmp(key, "offence_in") == 0 && json_is_array(v) && json_array_size(v) > 0) {
            size_t i;
            json_t *o;
            json_array_foreach(v, i, o)
            {
                int k = screening_offence_index(r, json_string_value(o));
                if (k < 0)
                    return refuse(why, n, "offence_in names an unknown offence");
                rule->offence_in[k] = rule->has_offence_in = true;
            }
        } else {
            return refuse(why, n,
                          "a condition is any_yes, min_yes, min_unknown, outside_region"
                          " or offence_in");
        }
    }
    return SG_OK;
}

int screening_rules_parse(const char *text, size_t len, screening_rules *out, char *why, size_t n)
{
    json_error_t err;
    memset(out, 0, sizeof *out);
    out->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!out->doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", err.line, err.text);
        return SG_EINVAL;
    }
    json_t *version = json_object_get(out->doc, "version");
    json_t *rules = json_object_get(out->doc, "rules");
    json_t *otherwise = json_object_get(out->doc, "otherwise");
    int rc = SG_EINVAL;
    if (!json_is_integer(version) || json_integer_value(version) < 1
        || json_integer_value(version) > INT_MAX) {
        refuse(why, n, "version must be a positive whole number");
        goto fail;
    }
    out->version = (int)json_integer_value(version);
    if (read_ids(json_object_get(out->doc, "questions"), out->questions, SCREENING_MAX_QUESTIONS,
                 &out->nquestions)
        != SG_OK) {
        refuse(why, n, "questions: 1 to 16, each with a unique id and nl and en text");
        goto fail;
    }
    if (read_ids(json_object_get(out->doc, "offences"), out->offences, SCREENING_MAX_OFFENCES,
                 &out->noffences)
        != SG_OK) {
        refuse(why, n, "offences: 1 to 32, each with a unique id and nl and en text");
        goto fail;
    }
    if (!json_is_array(rules) || json_array_size(rules) > SCREENING_MAX_RULES) {
        refuse(why, n, "rules: at most 16");
        goto fail;
    }
    size_t i;
    json_t *j;
    json_array_foreach(rules, i, j)
    {
        rc = parse_rule(out, j, &out->rules[i], why, n);
        if (rc != SG_OK)
            goto fail;
        out->nrules++;
    }
    rc = SG_EINVAL;
    const char *signs = json_string_value(json_object_get(otherwise, "signs"));
    if (!signs || strcmp(signs, "none") != 0) {
        refuse(why, n, "otherwise gives signs none");
        goto fail;
    }
    return SG_OK;
fail:
    screening_rules_free(out);
    return rc;
}

void screening_rules_free(screening_rules *r)
{
    json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

static bool fires(const screening_rule *rule, const screening_answer *answers, int nq, int offence,
                  bool outside, int yes, int unknown)
{
    if (rule->has_any_yes) {
        bool any = false;
        for (int i = 0; i < nq && !any; i++)
            any = rule->any_yes[i] && answers[i] == SCREEN_YES;
        if (!any)
            return false;
    }
    if (rule->min_yes && yes < rule->min_yes)
        return false;
    if (rule->min_unknown && unknown < rule->min_unknown)
        return false;
    if (rule->outside_region && !outside)
        return false;
    if (rule->has_offence_in && (offence < 0 || !rule->offence_in[offence]))
        return false;
    return true;
}

void screening_advise(const screening_rules *r, const screening_answer *answers, int offence,
                      bool outside_region, screening_advice *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < r->nquestions; i++) {
        out->yes += answers[i] == SCREEN_YES;
        out->unknown += answers[i] == SCREEN_UNKNOWN || answers[i] == SCREEN_UNANSWERED;
    }
    out->signs = SIGNS_NONE;
    out->rule_id = "otherwise";
    for (int k = 0; k < r->nrules; k++) {
        if (fires(&r->rules[k], answers, r->nquestions, offence, outside_region, out->yes,
                  out->unknown)) {
            out->signs = r->rules[k].signs;
            out->rule_id = r->rules[k].id;
            return;
        }
    }
}
