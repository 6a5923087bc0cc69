/* Unit tests for subject access: domain/subject (the published rules of
 * data/subject-access.json and the refusal of malformed ones), the store's
 * statements for every kind of record the rules name, and the printable
 * page (service/subject/render.c): labels and codes by their names, no
 * HTML from the data ever taken as markup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "data_file.h"
#include "domain/subject.h"
#include "security/access.h"
#include "service/subject/subject.h"
#include "store/subject.h"

#define RULES_PATH SIGNAAL_SOURCE_DIR "/data/subject-access.json"

static char *rules_text;
static size_t rules_len;

static int group_setup(void **state)
{
    (void)state;
    rules_text = data_file_read(RULES_PATH, &rules_len);
    return rules_text ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    free(rules_text);
    return 0;
}

static void test_published_rules(void **state)
{
    (void)state;
    subject_rules r;
    char why[256] = "unset";
    if (subject_rules_parse(rules_text, rules_len, &r, why, sizeof why) != SG_OK)
        fail_msg("data/subject-access.json is refused: %s", why);
    assert_true(r.version >= 1);
    assert_false(r.staff_identity); /* C-579/21: staff are not named */
    assert_true(r.access_log_max >= 100);
    assert_true(r.records_max >= 100);
    int kinds = 0;
    for (int k = 0; subject_kinds[k]; k++, kinds++) {
        const json_t *s = subject_rules_section(&r, subject_kinds[k]);
        assert_non_null(s);
        assert_non_null(json_string_value(json_object_get(s, "source")));
        assert_non_null(json_string_value(json_object_get(json_object_get(s, "purpose"), "nl")));
    }
    assert_int_equal(kinds, 21);
    assert_null(subject_rules_section(&r, "learning"));
    assert_string_equal(subject_rules_label(&r, "observation", true), "Waarneming");
    assert_string_equal(subject_rules_label(&r, "observation", false), "Observation");
    assert_null(subject_rules_label(&r, "no_such_field", true));
    subject_rules_free(&r);
    subject_rules_free(&r); /* harmless twice */
}

/* The published document with one change made by edit; a new string. */
static char *edited(void (*edit)(json_t *doc))
{
    json_t *doc = json_loadb(rules_text, rules_len, 0, NULL);
    assert_non_null(doc);
    edit(doc);
    char *text = json_dumps(doc, 0);
    json_decref(doc);
    return text;
}

static void drop_signals(json_t *doc)
{
    json_array_remove(json_object_get(doc, "sections"), 2);
}
static void add_unknown_kind(json_t *doc)
{
    json_array_append_new(json_object_get(doc, "sections"),
                          json_pack("{s:s, s:s, s:s, s:{s:s, s:s}, s:s}", "kind", "tea", "nl",
                                    "thee", "en", "tea", "purpose", "nl", "x", "en", "x", "source",
                                    "none"));
}
static void section_without_source(json_t *doc)
{
    json_object_del(json_array_get(json_object_get(doc, "sections"), 0), "source");
}
static void right_without_source(json_t *doc)
{
    json_object_del(json_array_get(json_object_get(json_object_get(doc, "texts"), "rights"), 3),
                    "source");
}
static void log_max_zero(json_t *doc)
{
    json_object_set_new(doc, "access_log_max", json_integer(0));
}
static void staff_not_boolean(json_t *doc)
{
    json_object_set_new(json_object_get(doc, "staff_identity"), "shown", json_string("no"));
}
static void label_without_english(json_t *doc)
{
    json_object_del(json_object_get(json_object_get(doc, "labels"), "name"), "en");
}
static void title_without_dutch(json_t *doc)
{
    json_object_del(json_object_get(json_object_get(doc, "texts"), "title"), "nl");
}
static void not_held_without_source(json_t *doc)
{
    json_object_del(json_array_get(json_object_get(doc, "not_held"), 0), "source");
}

static void test_refuses_malformed(void **state)
{
    (void)state;
    static const struct {
        void (*edit)(json_t *);
        const char *why;
    } cases[] = {
        {drop_signals, "signals needs exactly one section"},
        {add_unknown_kind, "not a kind"},
        {section_without_source, "source"},
        {right_without_source, "every right"},
        {log_max_zero, "access_log_max"},
        {staff_not_boolean, "staff_identity"},
        {label_without_english, "label name"},
        {title_without_dutch, "texts.title"},
        {not_held_without_source, "not_held"},
    };
    char why[256];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = edited(cases[i].edit);
        subject_rules r;
        strcpy(why, "unset");
        int rc = subject_rules_parse(text, strlen(text), &r, why, sizeof why);
        free(text);
        if (rc != SG_EINVAL)
            fail_msg("case %zu (%s) was accepted", i, cases[i].why);
        if (!strstr(why, cases[i].why))
            fail_msg("case %zu: \"%s\" does not say %s", i, why, cases[i].why);
        assert_null(r.doc);
    }
    subject_rules r;
    assert_int_equal(subject_rules_parse("{", 1, &r, why, sizeof why), SG_EINVAL);
    assert_int_equal(subject_rules_parse("[]", 2, &r, why, sizeof why), SG_EINVAL);
}

/* Every kind the rules name has its statement in the store, found the way
 * the copy looks for it; nothing else does. */
static void test_store_knows_every_kind(void **state)
{
    (void)state;
    for (int k = 0; subject_kinds[k]; k++) {
        subject_by by;
        if (store_subject_kind(subject_kinds[k], &by) != SG_OK)
            fail_msg("the store has no statement for %s", subject_kinds[k]);
        if (strcmp(subject_kinds[k], "access_log") == 0)
            assert_int_equal(by, SUBJECT_BY_PSEUDONYM);
        else if (strncmp(subject_kinds[k], "concern", 7) == 0)
            assert_int_equal(by, SUBJECT_BY_KEY);
        else
            assert_int_equal(by, SUBJECT_BY_PERSON);
    }
    subject_by by;
    assert_int_equal(store_subject_kind("learning_done", &by), SG_ENOTFOUND);
    assert_int_equal(store_subject_kind(NULL, &by), SG_ENOTFOUND);
}

/* Who answers a request for access, and for whose records: a privacy
 * officer for their own organisation, the national office's for all;
 * nobody else, the operator without a name neither. */
static void test_who_may_speak_for_whom(void **state)
{
    (void)state;
    for (int r = 0; r < ROLE_COUNT; r++) {
        for (int t = 0; t < ORG_TYPE_COUNT; t++) {
            if (!role_fits_org((role)r, (org_type)t))
                continue;
            actor a;
            memset(&a, 0, sizeof a);
            a.role = (role)r;
            a.org_type = (org_type)t;
            a.org_id = 42;
            bool officer = r == ROLE_PRIVACY_OFFICER;
            assert_int_equal(access_may_answer_subject_access(&a), officer);
            int64_t want = !officer ? -1 : t == ORG_NATIONAL_OFFICE ? 0 : 42;
            assert_int_equal(access_subject_access_scope(&a), want);
        }
    }
    actor op;
    access_system_actor(&op);
    assert_false(access_may_answer_subject_access(&op));
    assert_int_equal(access_subject_access_scope(&op), -1);
}

/* A small copy as export.c makes it, with hostile text in it. */
static json_t *sample_copy(void)
{
    const char *copy =
        "{\"generated_at\": \"2026-12-01T10:00:00Z\", \"reference\": \"<b>REF</b>\","
        " \"requested_by\": {\"role\": \"privacy-officer\", \"organisation\": {\"name\": \"School"
        " & Co\"}}, \"scope\": {\"all_organisations\": false, \"organisation\": {\"name\": "
        "\"School & Co\"}}, \"child\": {\"ids\": [\"p-1\"]}, \"rules_version\": 1,"
        " \"information\": {\"title\": {\"nl\": \"Titel\", \"en\": \"Title\"}, \"intro\": {\"nl\":"
        " \"Inleiding\", \"en\": \"Intro\"}, \"officer_note\": {\"nl\": \"Let op\", \"en\": "
        "\"Mind\","
        " \"source\": \"AVG\"}, \"rights\": [{\"id\": \"a\", \"nl\": \"Recht\", \"en\": \"Right\","
        " \"source\": \"AVG art. 15\"}], \"staff_identity\": {\"shown\": false, \"nl\": \"Geen "
        "namen\","
        " \"en\": \"No names\", \"source\": \"C-579/21\"}, \"not_held\": [{\"id\": \"x\", \"nl\":"
        " \"Niet\", \"en\": \"Not\", \"source\": \"s\"}]},"
        " \"labels\": {\"observation\": {\"nl\": \"Waarneming\", \"en\": \"Observation\"},"
        " \"anonymous\": {\"nl\": \"Anoniem\", \"en\": \"Anonymous\"}},"
        " \"sections\": ["
        "  {\"kind\": \"signals\", \"nl\": \"Signalen\", \"en\": \"Signals\", \"purpose\": {\"nl\":"
        "   \"Doel\", \"en\": \"Aim\"}, \"source\": \"Wet\", \"truncated\": true, \"items\": ["
        "   {\"observation\": \"<script>alert(1)</script>\", \"anonymous\": 1,"
        "    \"recorded_by_role\": \"care-coordinator\", \"content\": {\"facts\": \"a\\\"b\"}}]},"
        "  {\"kind\": \"cases\", \"nl\": \"Dossiers\", \"en\": \"Cases\", \"purpose\": {\"nl\": "
        "\"D\","
        "   \"en\": \"A\"}, \"source\": \"W\", \"truncated\": false, \"items\": []},"
        "  {\"kind\": \"access_log\", \"nl\": \"Inzage\", \"en\": \"Access\", \"purpose\": {\"nl\":"
        "   \"D\", \"en\": \"A\"}, \"source\": \"W\", \"truncated\": false, \"total\": 1, "
        "\"items\": ["
        "   {\"seq\": 7, \"at\": \"2026-12-01T09:00:00Z\", \"organisation\": \"School & Co\","
        "    \"role\": \"mentor\", \"action\": \"signal.create\", \"record_type\": \"signal\","
        "    \"purpose\": \"<i>why</i>\"}]}]}";
    json_t *j = json_loads(copy, 0, NULL);
    assert_non_null(j);
    return j;
}

static void test_render_escapes_and_names(void **state)
{
    (void)state;
    json_t *copy = sample_copy();
    char *nl = NULL, *en = NULL;
    assert_int_equal(subject_render_html(copy, true, &nl), SG_OK);
    assert_int_equal(subject_render_html(copy, false, &en), SG_OK);
    /* Nothing from the data becomes markup. */
    assert_null(strstr(nl, "<script>"));
    assert_non_null(strstr(nl, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_null(strstr(nl, "<b>REF"));
    assert_non_null(strstr(nl, "&lt;b&gt;REF&lt;/b&gt;"));
    assert_null(strstr(nl, "<i>why"));
    assert_non_null(strstr(nl, "School &amp; Co"));
    assert_non_null(strstr(nl, "a&quot;b"));
    /* The language, the labels, the codes by their names, flags as words. */
    assert_non_null(strstr(nl, "<html lang=\"nl\""));
    assert_non_null(strstr(en, "<html lang=\"en\""));
    assert_non_null(strstr(nl, "<dt>Waarneming</dt>"));
    assert_non_null(strstr(en, "<dt>Observation</dt>"));
    assert_non_null(strstr(nl, "zorgco\xc3\xb6rdinator"));
    assert_non_null(strstr(en, "care coordinator"));
    assert_non_null(strstr(nl, "<dt>Anoniem</dt><dd>ja</dd>"));
    assert_non_null(strstr(en, "<dd>yes</dd>"));
    /* A field without a label shows its name; an empty kind says so; a full
     * one says there is more; the access log is a table. */
    assert_non_null(strstr(nl, "<dt>facts</dt>"));
    assert_non_null(strstr(nl, "Hierover is niets vastgelegd."));
    assert_non_null(strstr(en, "Nothing of this kind is recorded."));
    assert_non_null(strstr(nl, "Er is meer vastgelegd"));
    assert_non_null(strstr(nl, "<table class=\"utrecht-table\">"));
    assert_non_null(strstr(nl, "Signalen (1)"));
    assert_non_null(strstr(en, "Signals (1)"));
    sg_free(nl);
    sg_free(en);
    json_decref(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_rules),
        cmocka_unit_test(test_refuses_malformed),
        cmocka_unit_test(test_store_knows_every_kind),
        cmocka_unit_test(test_who_may_speak_for_whom),
        cmocka_unit_test(test_render_escapes_and_names),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
