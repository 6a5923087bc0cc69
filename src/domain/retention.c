/* Retention periods and legal holds (retention.h). */
#include "domain/retention.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "domain/roles.h"

static const struct {
    const char *code, *after;
} types[RT_COUNT] = {
    [RT_CONCERN] = {"concern", "ended"},      [RT_CONCERN_FLAG] = {"concern-flag", "acknowledged"},
    [RT_REFERRAL] = {"referral", "ended"},    [RT_CASE] = {"case", "closed"},
    [RT_SIGNAL] = {"signal", "observed"},     [RT_ENROLMENT] = {"enrolment", "ended"},
    [RT_DECISION] = {"decision", "decided"},  [RT_SCREENING] = {"screening", "completed"},
    [RT_RELATION] = {"relation", "recorded"}, [RT_PERSON] = {"person", "recorded"},
};

const char *retention_type_code(retention_type t)
{
    return (unsigned)t < RT_COUNT ? types[t].code : "";
}

const char *retention_type_after(retention_type t)
{
    return (unsigned)t < RT_COUNT ? types[t].after : "";
}

static int refuse(char *why, size_t n, const char *type, const char *what)
{
    if (type)
        snprintf(why, n, "record type %.32s: %s", type, what);
    else
        snprintf(why, n, "%s", what);
    return SG_EINVAL;
}

static bool nonempty(json_t *v)
{
    return json_is_string(v) && json_string_length(v) > 0;
}

/* A source: one text for both languages (a citation) or {"nl", "en"};
 * the text itself, or the English of the pair (NULL when neither). */
static const char *cited(json_t *v)
{
    if (nonempty(v))
        return json_string_value(v);
    if (json_is_object(v) && json_object_size(v) == 2 && nonempty(json_object_get(v, "nl"))
        && nonempty(json_object_get(v, "en")))
        return json_string_value(json_object_get(v, "en"));
    return NULL;
}

/* {"years": y, "months": m, "days": d}, each optional, at least one given. */
static bool parse_period(json_t *j, retention_period *out)
{
    static const char *const keys[] = {"years", "months", "days"};
    int *fields[] = {&out->years, &out->months, &out->days};
    memset(out, 0, sizeof *out);
    if (!json_is_object(j) || json_object_size(j) == 0)
        return false;
    size_t known = 0;
    for (int i = 0; i < 3; i++) {
        json_t *v = json_object_get(j, keys[i]);
        if (!v)
            continue;
        if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1200)
            return false;
        *fields[i] = (int)json_integer_value(v);
        known++;
    }
    return known == json_object_size(j);
}

static int parse_holders(json_t *j, const char *type, retention_rule *r, char *why, size_t n)
{
    if (!j)
        return SG_OK;
    if (!json_is_object(j) || json_object_size(j) > RETENTION_MAX_HOLDERS)
        return refuse(why, n, type, "by_holder names up to 8 organisation types");
    const char *code;
    json_t *v;
    json_object_foreach(j, code, v)
    {
        org_type t;
        retention_holder *h = &r->holders[r->nholders];
        if (org_type_parse(code, &t) != SG_OK)
            return refuse(why, n, type, "by_holder names organisation types");
        if (!parse_period(json_object_get(v, "keep"), &h->keep))
            return refuse(why, n, type, "a holder's keep is years, months and/or days");
        h->source = cited(json_object_get(v, "source"));
        if (!h->source)
            return refuse(why, n, type, "a holder's period names its source");
        text_copy(h->type, sizeof h->type, code);
        r->nholders++;
    }
    return SG_OK;
}

static int parse(const char *text, size_t len, retention_rules *out, char *why, size_t n,
                 bool every_kind)
{
    memset(out, 0, sizeof *out);
    snprintf(why, n, "%s", "");
    json_error_t err;
    out->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!out->doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", err.line, err.text);
        return SG_EINVAL;
    }
    json_t *version = json_object_get(out->doc, "version");
    json_t *records = json_object_get(out->doc, "records");
    bool seen[RT_COUNT] = {false};
    int rc = SG_OK;
    if (!json_is_integer(version) || json_integer_value(version) < 1)
        rc = refuse(why, n, NULL, "version must be a positive whole number");
    else if (!cited(json_object_get(out->doc, "source")))
        rc = refuse(why, n, NULL, "\"source\" must say where the periods come from");
    else if (!json_is_array(records))
        rc = refuse(why, n, NULL, "\"records\" lists a rule per record type");
    size_t i;
    json_t *j;
    json_array_foreach(records, i, j)
    {
        if (rc != SG_OK)
            break;
        const char *code = json_string_value(json_object_get(j, "type"));
        int t = 0;
        while (t < RT_COUNT && (!code || strcmp(code, types[t].code) != 0))
            t++;
        if (t == RT_COUNT) {
            rc = refuse(why, n, code ? code : "?", "not a kind of record signaal holds");
            break;
        }
        retention_rule *r = &out->rules[t];
        const char *after = json_string_value(json_object_get(j, "after"));
        if (seen[t])
            rc = refuse(why, n, code, "has two rules");
        else if (!after || strcmp(after, types[t].after) != 0)
            rc = refuse(why, n, code, "its period runs from another event (see \"after\")");
        else if (!parse_period(json_object_get(j, "keep"), &r->keep))
            rc = refuse(why, n, code, "keep is years, months and/or days");
        else if (!cited(json_object_get(j, "source")) || !nonempty(json_object_get(j, "nl"))
                 || !nonempty(json_object_get(j, "en")))
            rc = refuse(why, n, code, "needs its source and a name in nl and en");
        if (rc == SG_OK) {
            r->source = cited(json_object_get(j, "source"));
            r->nl = json_string_value(json_object_get(j, "nl"));
            r->en = json_string_value(json_object_get(j, "en"));
            rc = parse_holders(json_object_get(j, "by_holder"), code, r, why, n);
        }
        seen[t] = true;
    }
    for (int t = 0; rc == SG_OK && t < RT_COUNT; t++)
        if (!seen[t] && every_kind)
            rc = refuse(why, n, types[t].code, "has no rule: every kind of record needs one");
        else if (!seen[t])
            out->rules[t].absent = true;
    if (rc != SG_OK) {
        retention_rules_free(out);
        return rc;
    }
    out->version = (int)json_integer_value(version);
    return SG_OK;
}

int retention_rules_parse(const char *text, size_t len, retention_rules *out, char *why, size_t n)
{
    return parse(text, len, out, why, n, true);
}

int retention_rules_parse_published(const char *text, size_t len, retention_rules *out, char *why,
                                    size_t n)
{
    return parse(text, len, out, why, n, false);
}

void retention_rules_free(retention_rules *r)
{
    if (!r)
        return;
    json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

const retention_period *retention_keep(const retention_rules *r, retention_type t,
                                       const char *holder_type, const char **source)
{
    const retention_rule *rule = &r->rules[t];
    for (int i = 0; holder_type && i < rule->nholders; i++)
        if (strcmp(rule->holders[i].type, holder_type) == 0) {
            if (source)
                *source = rule->holders[i].source;
            return &rule->holders[i].keep;
        }
    if (source)
        *source = rule->source;
    return &rule->keep;
}

void retention_cutoff(const retention_period *p, const date *today, date *out)
{
    int months = today->year * 12 + (today->month - 1) - p->years * 12 - p->months;
    date d = {.year = months / 12, .month = months % 12 + 1, .day = today->day};
    int last = date_days_in_month(d.year, d.month);
    if (d.day > last)
        d.day = last;
    date_from_days(date_to_days(&d) - p->days, out);
}

void retention_cutoff_any(const retention_rules *r, retention_type t, const date *today, date *out)
{
    const retention_rule *rule = &r->rules[t];
    retention_cutoff(&rule->keep, today, out);
    for (int i = 0; i < rule->nholders; i++) {
        date d;
        retention_cutoff(&rule->holders[i].keep, today, &d);
        if (date_compare(&d, out) > 0)
            *out = d;
    }
}

bool retention_is_due(const retention_rules *r, retention_type t, const char *holder_type,
                      const char *start, const date *today)
{
    char day[DATE_LEN];
    date s, cutoff;
    if (!start || strlen(start) < DATE_LEN - 1)
        return false;
    memcpy(day, start, DATE_LEN - 1);
    day[DATE_LEN - 1] = '\0';
    if (date_parse(day, &s) != SG_OK)
        return false;
    retention_cutoff(retention_keep(r, t, holder_type, NULL), today, &cutoff);
    return date_compare(&s, &cutoff) <= 0;
}

static const struct {
    const char *code, *nl, *en;
} holds[HOLD_COUNT] = {
    [HOLD_NONE] = {"", "", ""},
    [HOLD_RUNNING_CLOCK] = {"running-clock", "Er loopt een termijn", "A clock is running"},
    [HOLD_OPEN_CASE] = {"open-case", "Er is een open casus over het kind",
                        "There is an open case about the child"},
    [HOLD_AWAITING_DECISION] = {"awaiting-decision", "De beslissing van het OM volgt nog",
                                "The OM's decision is still to come"},
    [HOLD_PART_OF_KEPT_RECORD] = {"part-of-kept-record",
                                  "Hoort bij een vastlegging die bewaard blijft",
                                  "Part of a record that is kept"},
};

retention_hold retention_hold_of(const retention_facts *f)
{
    if (f->running_clock)
        return HOLD_RUNNING_CLOCK;
    if (f->open_case)
        return HOLD_OPEN_CASE;
    if (f->awaiting_decision)
        return HOLD_AWAITING_DECISION;
    if (f->part_of_kept_record)
        return HOLD_PART_OF_KEPT_RECORD;
    return HOLD_NONE;
}

const char *retention_hold_code(retention_hold h)
{
    return (unsigned)h < HOLD_COUNT ? holds[h].code : "";
}

const char *retention_hold_name(retention_hold h, bool dutch)
{
    if ((unsigned)h >= HOLD_COUNT)
        return "";
    return dutch ? holds[h].nl : holds[h].en;
}
