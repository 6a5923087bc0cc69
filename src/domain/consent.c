/* Whose consent counts, by age and receiver (consent.h). */
#include "domain/consent.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "domain/roles.h"

const char *const consent_parties[] = {"parent", "pupil", "pupil-and-parent", NULL};

const char *consent_need_code(consent_need n)
{
    return (unsigned)n <= NEED_PUPIL_AND_PARENT ? consent_parties[n] : "";
}

int consent_need_parse(const char *code, consent_need *out)
{
    for (int i = 0; code && consent_parties[i]; i++)
        if (strcmp(code, consent_parties[i]) == 0) {
            *out = (consent_need)i;
            return SG_OK;
        }
    return SG_EINVAL;
}

static int refuse(char *why, size_t n, const char *rule, const char *what)
{
    if (rule)
        snprintf(why, n, "rule %s: %s", rule, what);
    else
        snprintf(why, n, "%s", what);
    return SG_EINVAL;
}

static bool nonempty(json_t *v)
{
    return json_is_string(v) && json_string_length(v) > 0;
}

static int parse_bands(json_t *bands, consent_rule *r, char *why, size_t n)
{
    if (!json_is_array(bands) || json_array_size(bands) == 0
        || json_array_size(bands) > CONSENT_MAX_BANDS)
        return refuse(why, n, r->id, "bands lists 1 to 8 age bands");
    int next = 0;
    size_t i;
    json_t *b;
    json_array_foreach(bands, i, b)
    {
        consent_band *out = &r->bands[r->nbands];
        json_t *from = json_object_get(b, "from_age"), *to = json_object_get(b, "to_age");
        if (!json_is_integer(from) || json_integer_value(from) != next)
            return refuse(why, n, r->id,
                          "the bands run on from age 0 without a gap (from_age follows the"
                          " last to_age)");
        out->from_age = next;
        if (to && !json_is_null(to)) {
            if (!json_is_integer(to) || json_integer_value(to) < next
                || json_integer_value(to) >= CONSENT_AGE_MAX)
                return refuse(why, n, r->id, "to_age is an age from from_age on");
            out->to_age = (int)json_integer_value(to);
        } else {
            out->to_age = CONSENT_AGE_MAX;
        }
        if (consent_need_parse(json_string_value(json_object_get(b, "consent")), &out->need)
            != SG_OK)
            return refuse(why, n, r->id, "consent is parent, pupil or pupil-and-parent");
        if (!nonempty(json_object_get(b, "source")))
            return refuse(why, n, r->id, "every band names its source");
        out->source = json_string_value(json_object_get(b, "source"));
        r->nbands++;
        if (out->to_age == CONSENT_AGE_MAX) {
            if (i + 1 != json_array_size(bands))
                return refuse(why, n, r->id, "only the last band is open-ended");
            return SG_OK;
        }
        next = out->to_age + 1;
    }
    return refuse(why, n, r->id, "the last band has no to_age: every age is covered");
}

static const consent_rule *rule_of(const consent_rules *r, const char *receiver)
{
    for (int i = 0; receiver && i < r->count; i++)
        for (int k = 0; k < r->rules[i].nreceivers; k++)
            if (strcmp(r->rules[i].receivers[k], receiver) == 0)
                return &r->rules[i];
    return NULL;
}

static bool known_receiver(const char *code)
{
    org_type t;
    return strcmp(code, CONSENT_SCHOOL_CARE_TEAM) == 0 || strcmp(code, "*") == 0
           || org_type_parse(code, &t) == SG_OK;
}

static int parse_rule(json_t *j, consent_rules *all, char *why, size_t n)
{
    consent_rule *r = &all->rules[all->count];
    memset(r, 0, sizeof *r);
    r->id = json_string_value(json_object_get(j, "id"));
    if (!r->id || !text_is_slug(r->id, 40))
        return refuse(why, n, NULL, "every rule has an id (a-z, 0-9, -)");
    json_t *receivers = json_object_get(j, "receivers");
    if (!json_is_array(receivers) || json_array_size(receivers) == 0
        || json_array_size(receivers) > CONSENT_MAX_RECEIVERS)
        return refuse(why, n, r->id, "receivers lists 1 to 16 receivers");
    size_t i;
    json_t *v;
    json_array_foreach(receivers, i, v)
    {
        const char *code = json_string_value(v);
        if (!code || !known_receiver(code))
            return refuse(why, n, r->id,
                          "a receiver is an organisation type, school-care-team or *");
        if (rule_of(all, code))
            return refuse(why, n, r->id, "a receiver is named by one rule only");
        for (int k = 0; k < r->nreceivers; k++)
            if (strcmp(r->receivers[k], code) == 0)
                return refuse(why, n, r->id, "a receiver is named twice");
        r->receivers[r->nreceivers++] = code;
    }
    int rc = parse_bands(json_object_get(j, "bands"), r, why, n);
    if (rc == SG_OK)
        all->count++;
    return rc;
}

int consent_rules_parse(const char *text, size_t len, consent_rules *out, char *why, size_t n)
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
    json_t *rules = json_object_get(out->doc, "rules");
    int rc = SG_OK;
    if (!json_is_integer(version) || json_integer_value(version) < 1)
        rc = refuse(why, n, NULL, "version must be a positive whole number");
    else if (!nonempty(json_object_get(out->doc, "source")))
        rc = refuse(why, n, NULL, "\"source\" must say where the rules come from");
    else if (!json_is_array(rules) || json_array_size(rules) == 0
             || json_array_size(rules) > CONSENT_MAX_RULES)
        rc = refuse(why, n, NULL, "\"rules\" lists 1 to 16 rules");
    size_t i;
    json_t *j;
    json_array_foreach(rules, i, j)
    {
        if (rc != SG_OK)
            break;
        rc = parse_rule(j, out, why, n);
    }
    if (rc == SG_OK && !rule_of(out, "*"))
        rc = refuse(why, n, NULL, "one rule is for every other receiver (\"*\")");
    if (rc != SG_OK) {
        consent_rules_free(out);
        return rc;
    }
    out->version = (int)json_integer_value(version);
    return SG_OK;
}

void consent_rules_free(consent_rules *r)
{
    if (!r)
        return;
    json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

const consent_band *consent_required(const consent_rules *r, const char *receiver, int age,
                                     const char **rule)
{
    const consent_rule *found = rule_of(r, receiver);
    if (!found)
        found = rule_of(r, "*");
    if (!found || age < 0)
        return NULL;
    if (rule)
        *rule = found->id;
    for (int i = 0; i < found->nbands; i++)
        if (age >= found->bands[i].from_age && age <= found->bands[i].to_age)
            return &found->bands[i];
    return &found->bands[found->nbands - 1];
}

bool consent_covers(consent_need given, consent_need need)
{
    return given == need || given == NEED_PUPIL_AND_PARENT;
}

int consent_check(const consent_rules *r, const char *receiver, int age, const char *party,
                  char *why, size_t n)
{
    const consent_band *band = consent_required(r, receiver, age, NULL);
    if (!band) {
        snprintf(why, n, "consent needs the child's age on the day it was given");
        return SG_EINVAL;
    }
    consent_need given;
    if (consent_need_parse(party, &given) == SG_OK && consent_covers(given, band->need))
        return SG_OK;
    static const char *const whom[] = {
        [NEED_PARENT] = "a parent or guardian with parental authority consents",
        [NEED_PUPIL] = "the young person consents",
        [NEED_PUPIL_AND_PARENT] = "both the young person and a parent consent",
    };
    char ages[32];
    if (band->to_age == CONSENT_AGE_MAX)
        snprintf(ages, sizeof ages, "from %d", band->from_age);
    else if (band->from_age == 0)
        snprintf(ages, sizeof ages, "under %d", band->to_age + 1);
    else
        snprintf(ages, sizeof ages, "from %d to %d", band->from_age, band->to_age);
    snprintf(why, n, "%s %s (%s)", ages, whom[band->need], band->source);
    return SG_EINVAL;
}
