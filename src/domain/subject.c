#include "domain/subject.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *const subject_kinds[] = {"persons",         "parties",
                                     "signals",         "signal_indicators",
                                     "disclosures",     "cases",
                                     "consultations",   "case_actions",
                                     "meldcode_steps",  "referrals",
                                     "screenings",      "decisions",
                                     "diversions",      "comensha_reports",
                                     "enrolments",      "enrolment_milestones",
                                     "clocks",          "concerns",
                                     "concern_matches", "network_relations",
                                     "access_log",      NULL};

static bool has_text(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && *s;
}

static bool bilingual(const json_t *o)
{
    return json_is_object(o) && has_text(o, "nl") && has_text(o, "en");
}

static int fail(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return SG_EINVAL;
}

static int check_texts(const json_t *texts, char *why, size_t n)
{
    static const char *const required[] = {"title", "intro", "officer_note", NULL};
    for (int i = 0; required[i]; i++)
        if (!bilingual(json_object_get(texts, required[i])))
            return fail(why, n, "texts.%s needs nl and en", required[i]);
    if (!has_text(json_object_get(texts, "officer_note"), "source"))
        return fail(why, n, "texts.%s needs a source", "officer_note");
    json_t *rights = json_object_get(texts, "rights");
    if (!json_is_array(rights) || json_array_size(rights) == 0)
        return fail(why, n, "texts.%s must be a non-empty list", "rights");
    size_t i;
    json_t *r;
    json_array_foreach(rights, i, r)
    {
        if (!bilingual(r) || !has_text(r, "id") || !has_text(r, "source"))
            return fail(why, n, "every right needs id, nl, en and source (%s)",
                        has_text(r, "id") ? json_string_value(json_object_get(r, "id")) : "?");
    }
    return SG_OK;
}

static int check_sections(const json_t *sections, char *why, size_t n)
{
    if (!json_is_array(sections))
        return fail(why, n, "%s must be a list", "sections");
    for (int k = 0; subject_kinds[k]; k++) {
        int found = 0;
        size_t i;
        json_t *s;
        json_array_foreach(sections, i, s)
        {
            const char *kind = json_string_value(json_object_get(s, "kind"));
            if (kind && strcmp(kind, subject_kinds[k]) == 0)
                found++;
        }
        if (found != 1)
            return fail(why, n, "the kind %s needs exactly one section", subject_kinds[k]);
    }
    size_t i;
    json_t *s;
    json_array_foreach(sections, i, s)
    {
        const char *kind = json_string_value(json_object_get(s, "kind"));
        bool known = false;
        for (int k = 0; kind && subject_kinds[k]; k++)
            known = known || strcmp(kind, subject_kinds[k]) == 0;
        if (!known)
            return fail(why, n, "section %s is not a kind signaal keeps", kind ? kind : "?");
        if (!bilingual(s) || !bilingual(json_object_get(s, "purpose")) || !has_text(s, "source"))
            return fail(why, n, "section %s needs nl, en, purpose (nl, en) and source", kind);
    }
    return SG_OK;
}

static int check_rest(const json_t *doc, char *why, size_t n)
{
    json_t *staff = json_object_get(doc, "staff_identity");
    if (!json_is_boolean(json_object_get(staff, "shown")) || !bilingual(staff)
        || !has_text(staff, "source"))
        return fail(why, n, "%s needs shown (true or false), nl, en and source", "staff_identity");
    json_t *not_held = json_object_get(doc, "not_held");
    size_t i;
    json_t *v;
    if (!json_is_array(not_held))
        return fail(why, n, "%s must be a list", "not_held");
    json_array_foreach(not_held, i, v)
    {
        if (!bilingual(v) || !has_text(v, "id") || !has_text(v, "source"))
            return fail(why, n, "every %s entry needs id, nl, en and source", "not_held");
    }
    json_t *labels = json_object_get(doc, "labels");
    const char *key;
    if (!json_is_object(labels))
        return fail(why, n, "%s must be an object", "labels");
    json_object_foreach(labels, key, v)
    {
        if (!bilingual(v))
            return fail(why, n, "label %s needs nl and en", key);
    }
    return SG_OK;
}

int subject_rules_parse(const char *text, size_t len, subject_rules *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    json_error_t err;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", err.line, err.text);
        return SG_EINVAL;
    }
    json_t *version = json_object_get(doc, "version");
    json_t *log_max = json_object_get(doc, "access_log_max");
    json_t *records_max = json_object_get(doc, "records_max");
    int rc = SG_OK;
    if (!json_is_integer(version) || json_integer_value(version) < 1 || !has_text(doc, "source"))
        rc = fail(why, n, "%s", "version (1 or more) and source are required");
    else if (!json_is_integer(log_max) || json_integer_value(log_max) < 1
             || json_integer_value(log_max) > 100000)
        rc = fail(why, n, "%s", "access_log_max must be a whole number from 1 to 100000");
    else if (!json_is_integer(records_max) || json_integer_value(records_max) < 1
             || json_integer_value(records_max) > 100000)
        rc = fail(why, n, "%s", "records_max must be a whole number from 1 to 100000");
    if (rc == SG_OK)
        rc = check_texts(json_object_get(doc, "texts"), why, n);
    if (rc == SG_OK)
        rc = check_sections(json_object_get(doc, "sections"), why, n);
    if (rc == SG_OK)
        rc = check_rest(doc, why, n);
    if (rc != SG_OK) {
        json_decref(doc);
        return rc;
    }
    out->doc = doc;
    out->version = (int)json_integer_value(version);
    out->access_log_max = (int)json_integer_value(log_max);
    out->records_max = (int)json_integer_value(records_max);
    out->staff_identity =
        json_is_true(json_object_get(json_object_get(doc, "staff_identity"), "shown"));
    return SG_OK;
}

void subject_rules_free(subject_rules *r)
{
    if (!r)
        return;
    json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

const json_t *subject_rules_section(const subject_rules *r, const char *kind)
{
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(r->doc, "sections"), i, s)
    {
        const char *k = json_string_value(json_object_get(s, "kind"));
        if (k && kind && strcmp(k, kind) == 0)
            return s;
    }
    return NULL;
}

const char *subject_rules_label(const subject_rules *r, const char *field, bool dutch)
{
    json_t *label = json_object_get(json_object_get(r->doc, "labels"), field);
    return json_string_value(json_object_get(label, dutch ? "nl" : "en"));
}
