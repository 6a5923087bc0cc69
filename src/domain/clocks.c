#include "domain/clocks.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

static const char *const signs[] = {"none", "possible", "strong"};

static int refuse(char *why, size_t n, const char *id, const char *what)
{
    snprintf(why, n, "clock %s: %s", id ? id : "?", what);
    return SG_EINVAL;
}

static bool event_name_ok(const char *s)
{
    return s && strchr(s, '.') && text_is_slug(s, CLOCK_EVENT_LEN - 1);
}

/* Reads an array of event names into dst; false when malformed. */
static bool read_events(json_t *arr, char dst[][CLOCK_EVENT_LEN], int *count, bool required)
{
    *count = 0;
    if (!arr)
        return !required;
    if (!json_is_array(arr) || json_array_size(arr) > CLOCK_MAX_EVENTS
        || (required && json_array_size(arr) == 0))
        return false;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!event_name_ok(json_string_value(v)))
            return false;
        text_copy(dst[(*count)++], CLOCK_EVENT_LEN, json_string_value(v));
    }
    return true;
}

static int parse_due(json_t *due, clock_rule *r, char *why, size_t n)
{
    static const struct {
        const char *key;
        clock_due_kind kind;
    } kinds[] = {{"working_days", DUE_WORKING_DAYS}, {"days", DUE_DAYS}, {"weeks", DUE_WEEKS}};
    if (!json_is_object(due) || json_object_size(due) != 1)
        return refuse(why, n, r->id, "due names exactly one period");
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        json_t *v = json_object_get(due, kinds[i].key);
        if (!v)
            continue;
        if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 400)
            return refuse(why, n, r->id, "a period is a whole number from 1 to 400");
        r->due = kinds[i].kind;
        r->due_n = (int)json_integer_value(v);
        return SG_OK;
    }
    if (json_is_true(json_object_get(due, "same_day"))) {
        r->due = DUE_SAME_DAY;
        return SG_OK;
    }
    const char *field = json_string_value(json_object_get(due, "from_field"));
    if (field && strcmp(field, "due_on") == 0) {
        r->due = DUE_FROM_FIELD;
        return SG_OK;
    }
    return refuse(why, n, r->id, "due is working_days, days, weeks, same_day or from_field");
}

static int parse_when(json_t *when, clock_rule *r, char *why, size_t n)
{
    if (!when)
        return SG_OK;
    if (!json_is_object(when))
        return refuse(why, n, r->id, "when is an object of conditions");
    /* A condition that is not understood must not be dropped: the clock
     * would then start on every event. */
    const char *key;
    json_t *v;
    json_object_foreach(when, key, v)
    {
        if (strcmp(key, "to_type") == 0 || strcmp(key, "not_to_type") == 0) {
            char *dst = key[0] == 't' ? r->when_to_type : r->when_not_to_type;
            size_t size = key[0] == 't' ? sizeof r->when_to_type : sizeof r->when_not_to_type;
            const char *type = json_string_value(v);
            if (!type || !*type)
                return refuse(why, n, r->id, "to_type and not_to_type name an organisation type");
            if (!text_copy(dst, size, type))
                return refuse(why, n, r->id, "the organisation type is too long");
        } else if (strcmp(key, "purpose") == 0) {
            const char *purpose = json_string_value(v);
            if (!purpose || !text_is_slug(purpose, sizeof r->when_purpose - 1))
                return refuse(why, n, r->id, "purpose names a referral's purpose");
            text_copy(r->when_purpose, sizeof r->when_purpose, purpose);
        } else if (strcmp(key, "signs") == 0) {
            if (!json_is_array(v) || json_array_size(v) == 0)
                return refuse(why, n, r->id, "signs is a list of none, possible or strong");
            size_t i;
            json_t *sign;
            json_array_foreach(v, i, sign)
            {
                bool known = false;
                for (int k = 0; k < 3; k++) {
                    if (json_string_value(sign) && strcmp(json_string_value(sign), signs[k]) == 0) {
                        r->when_signs[k] = true;
                        known = true;
                    }
                }
                if (!known)
                    return refuse(why, n, r->id, "signs are none, possible or strong");
            }
        } else {
            return refuse(why, n, r->id, "a condition is to_type, not_to_type, purpose or signs");
        }
    }
    return SG_OK;
}

static int parse_rule(json_t *j, clock_rule *r, char *why, size_t n)
{
    const char *id = json_string_value(json_object_get(j, "id"));
    memset(r, 0, sizeof *r);
    if (!id || !*id || !text_copy(r->id, sizeof r->id, id))
        return refuse(why, n, id, "needs a short id");
    const char *starts = json_string_value(json_object_get(j, "starts_on"));
    if (!event_name_ok(starts))
        return refuse(why, n, id, "starts_on names an event such as referral.sent");
    text_copy(r->starts_on, sizeof r->starts_on, starts);
    if (!read_events(json_object_get(j, "stops_on"), r->stops_on, &r->nstops, true)
        || !read_events(json_object_get(j, "restarts_on"), r->restarts_on, &r->nrestarts, false))
        return refuse(why, n, id, "stops_on (required) and restarts_on list up to 8 events");
    const char *resp = json_string_value(json_object_get(j, "responsible"));
    if (!resp || (strcmp(resp, "sender") != 0 && strcmp(resp, "receiver") != 0))
        return refuse(why, n, id, "responsible is sender or receiver");
    r->receiver_responsible = strcmp(resp, "receiver") == 0;
    json_t *text = json_object_get(j, "text");
    r->text_nl = json_string_value(json_object_get(text, "nl"));
    r->text_en = json_string_value(json_object_get(text, "en"));
    if (!r->text_nl || !r->text_en)
        return refuse(why, n, id, "needs text in nl and en");
    r->source = json_string_value(json_object_get(j, "source"));
    if (!r->source || text_is_blank(r->source))
        return refuse(why, n, id, "needs its source: the law, protocol or agreement it follows");
    int rc = parse_due(json_object_get(j, "due"), r, why, n);
    return rc == SG_OK ? parse_when(json_object_get(j, "when"), r, why, n) : rc;
}

int clock_rules_parse(const char *text, size_t len, clock_rules *out, char *why, size_t n)
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
    json_t *clocks = json_object_get(out->doc, "clocks");
    int rc = SG_EINVAL;
    if (!json_is_integer(version) || json_integer_value(version) < 1
        || json_integer_value(version) > INT_MAX) {
        snprintf(why, n, "version must be a positive whole number");
        goto fail;
    }
    out->version = (int)json_integer_value(version);
    rc = calendar_parse(json_object_get(out->doc, "holidays"), &out->cal, why, n);
    if (rc != SG_OK)
        goto fail;
    rc = SG_EINVAL;
    if (!json_is_array(clocks) || json_array_size(clocks) > CLOCK_MAX_RULES) {
        snprintf(why, n, "clocks must be a list of at most %d rules", CLOCK_MAX_RULES);
        goto fail;
    }
    size_t i;
    json_t *c;
    json_array_foreach(clocks, i, c)
    {
        rc = parse_rule(c, &out->rules[i], why, n);
        if (rc != SG_OK)
            goto fail;
        for (size_t k = 0; k < i; k++)
            if (strcmp(out->rules[k].id, out->rules[i].id) == 0) {
                rc = refuse(why, n, out->rules[i].id, "the id appears twice");
                goto fail;
            }
        out->count++;
    }
    return SG_OK;
fail:
    clock_rules_free(out);
    return rc;
}

void clock_rules_free(clock_rules *r)
{
    json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

const clock_rule *clock_rules_find(const clock_rules *r, const char *id)
{
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->rules[i].id, id) == 0)
            return &r->rules[i];
    return NULL;
}

bool clock_rule_starts(const clock_rule *r, const clock_event *ev)
{
    if (strcmp(r->starts_on, ev->name) != 0)
        return false;
    if (r->when_to_type[0] && (!ev->to_type || strcmp(r->when_to_type, ev->to_type) != 0))
        return false;
    if (r->when_not_to_type[0] && ev->to_type && strcmp(r->when_not_to_type, ev->to_type) == 0)
        return false;
    if (r->when_purpose[0] && (!ev->purpose || strcmp(r->when_purpose, ev->purpose) != 0))
        return false;
    bool any_sign = r->when_signs[0] || r->when_signs[1] || r->when_signs[2];
    if (!any_sign)
        return true;
    for (int k = 0; k < 3; k++)
        if (r->when_signs[k] && ev->signs && strcmp(ev->signs, signs[k]) == 0)
            return true;
    return false;
}

static bool in_events(const char list[][CLOCK_EVENT_LEN], int n, const char *event)
{
    for (int i = 0; i < n; i++)
        if (strcmp(list[i], event) == 0)
            return true;
    return false;
}

bool clock_rule_stops(const clock_rule *r, const char *event)
{
    return in_events(r->stops_on, r->nstops, event);
}

bool clock_rule_restarts(const clock_rule *r, const char *event)
{
    return in_events(r->restarts_on, r->nrestarts, event);
}

int clock_due_date(const clock_rules *rules, const clock_rule *r, const date *start,
                   const clock_event *ev, date *due)
{
    switch (r->due) {
    case DUE_WORKING_DAYS:
        calendar_add_working_days(&rules->cal, start, r->due_n, due);
        return SG_OK;
    case DUE_DAYS:
        date_from_days(date_to_days(start) + r->due_n, due);
        return SG_OK;
    case DUE_WEEKS:
        date_from_days(date_to_days(start) + 7 * r->due_n, due);
        return SG_OK;
    case DUE_SAME_DAY:
        *due = *start;
        return SG_OK;
    case DUE_FROM_FIELD:
        return ev && ev->due_on && date_parse(ev->due_on, due) == SG_OK ? SG_OK : SG_EINVAL;
    }
    return SG_EINVAL;
}
