/* Unit tests for domain/learning: the published learning documents in
 * data/ check out against the catalogue, a reference to an indicator the
 * catalogue lacks is refused naming its line, every case must be fictional,
 * and the feedback on a case tells each sign noticed, missed or wrongly
 * picked with its explanation.  And for store/learning: the counts the
 * monitoring and a school's coordinator read (resilience lessons per
 * organisation and period; signs missed in first answers). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_file.h"
#include "store_fixture.h"
#include "data_safeguards.h"
#include "domain/catalogue.h"
#include "domain/learning.h"
#include "store/learning.h"

#define DATA SIGNAAL_SOURCE_DIR "/data/"

static catalogue *cat;

static int learning_setup(void **state)
{
    if (group_setup(state) != 0)
        return -1;
    size_t len = 0;
    char *text = data_file_read(DATA "indicators.tsv", &len);
    char why[200];
    catalogue_safeguards sg;
    if (!text || data_safeguards_load(&sg) != SG_OK) {
        free(text);
        return -1;
    }
    int rc = catalogue_parse(text, len, &sg, &cat, why, sizeof why);
    safeguards_free(&sg);
    free(text);
    return rc == SG_OK ? 0 : -1;
}

static int learning_teardown(void **state)
{
    catalogue_free(cat);
    return group_teardown(state);
}

/* A small document whose lines are known: line 12 names the signs of
 * case-a, line 7 the module's indicators. */
static const char small_doc[] =
    "{\"version\": 2, \"source\": \"test\",\n"                                  /* 1 */
    " \"fictional_notice\": {\"nl\": \"Verzonnen.\", \"en\": \"Invented.\"},\n" /* 2 */
    " \"paths\": [{\"id\": \"p\", \"roles\": [\"mentor\"],\n"                   /* 3 */
    "   \"title\": {\"nl\": \"T\", \"en\": \"T\"}, \"summary\": {\"nl\": \"S\", \"en\": \"S\"},\n"
    "   \"items\": [\"m\", \"case-a\"]}],\n" /* 5 */
    " \"modules\": [{\"id\": \"m\", \"title\": {\"nl\": \"M\", \"en\": \"M\"}, \"minutes\": 3,\n"
    "   \"body\": {\"nl\": [\"Tekst.\"], \"en\": [\"Text.\"]}, \"indicators\": [\"SCH-01\"],\n"
    "   \"source\": \"test\"}],\n" /* 8 */
    " \"cases\": [\n"              /* 9 */
    "  {\"id\": \"case-a\", \"fictional\": true, \"minutes\": 4,\n"
    "   \"title\": {\"nl\": \"A\", \"en\": \"A\"}, \"story\": {\"nl\": [\"Verhaal.\"], \"en\": "
    "[\"Story.\"]},\n"
    "   \"signs\": [\"SCH-06\", \"MON-01\"], \"distractors\": [\"VUL-05\", \"BEH-05\"],\n"
    "   \"explanations\": {\"SCH-06\": {\"nl\": \"a\", \"en\": \"a\"}, \"MON-01\": {\"nl\": \"b\", "
    "\"en\": \"b\"},\n"
    "     \"VUL-05\": {\"nl\": \"c\", \"en\": \"c\"}, \"BEH-05\": {\"nl\": \"d\", \"en\": "
    "\"d\"}},\n"
    "   \"lesson\": {\"nl\": \"L\", \"en\": \"L\"}, \"source\": \"test\"}\n"
    " ]}\n";

static char *with(const char *text, const char *old, const char *new_text)
{
    const char *at = strstr(text, old);
    assert_non_null(at);
    char *out = malloc(strlen(text) - strlen(old) + strlen(new_text) + 1);
    assert_non_null(out);
    size_t head = (size_t)(at - text);
    memcpy(out, text, head);
    strcpy(out + head, new_text);
    strcat(out, at + strlen(old));
    return out;
}

static void test_published_documents_check_out(void **state)
{
    (void)state;
    char why[300];
    size_t len = 0;
    char *text = data_file_read(DATA "expert-offers.json", &len);
    assert_non_null(text);
    json_t *offers = NULL;
    assert_int_equal(learning_offers_parse(text, len, &offers, why, sizeof why), SG_OK);
    assert_non_null(learning_offer(offers, "training-film"));
    free(text);

    text = data_file_read(DATA "learning.json", &len);
    assert_non_null(text);
    learning_content c;
    int rc = learning_content_parse(text, len, cat, offers, &c, why, sizeof why);
    if (rc != SG_OK)
        fprintf(stderr, "learning.json: %s\n", why);
    assert_int_equal(rc, SG_OK);
    assert_non_null(learning_find_path(&c, "mentor"));
    assert_non_null(learning_find_path(&c, "care-coordinator"));
    assert_non_null(learning_find_path(&c, "police"));
    for (int i = 0; i < c.ncases; i++) {
        assert_true(json_is_true(json_object_get(c.cases[i].obj, "fictional")));
        /* Offered in catalogue order, so that the signs do not come first. */
        for (int k = 1; k < c.cases[i].noptions; k++)
            assert_true(strcmp(c.cases[i].options[k - 1], c.cases[i].options[k]) < 0);
    }
    learning_content_free(&c);
    free(text);
    json_decref(offers);

    text = data_file_read(DATA "indicator-explanations.json", &len);
    assert_non_null(text);
    learning_explanations e;
    rc = learning_explanations_parse(text, len, cat, &e, why, sizeof why);
    if (rc != SG_OK)
        fprintf(stderr, "indicator-explanations.json: %s\n", why);
    assert_int_equal(rc, SG_OK);
    /* Every indicator of the catalogue is explained. */
    for (int i = 0; i < cat->count; i++)
        assert_non_null(learning_explanation(&e, cat->items[i].code));
    /* A vulnerability says it never counts as suspicion. */
    json_t *vul = learning_explanation(&e, "VUL-01");
    assert_non_null(strstr(json_string_value(json_object_get(json_object_get(vul, "not"), "en")),
                           "never counts as suspicion"));
    learning_explanations_free(&e);
    free(text);

    text = data_file_read(DATA "resilience-programmes.json", &len);
    assert_non_null(text);
    json_t *progs = NULL;
    assert_int_equal(learning_programmes_parse(text, len, &progs, why, sizeof why), SG_OK);
    assert_non_null(learning_programme(progs, "helder-op-school"));
    assert_non_null(learning_year_group(progs, "vo-2"));
    assert_null(learning_year_group(progs, "vo-9"));
    json_decref(progs);
    free(text);
}

static void test_unknown_indicator_refused_naming_the_line(void **state)
{
    (void)state;
    char why[300];
    learning_content c;
    assert_int_equal(
        learning_content_parse(small_doc, strlen(small_doc), cat, NULL, &c, why, sizeof why),
        SG_OK);
    learning_content_free(&c);

    char *bad = with(small_doc, "\"MON-01\"], \"distractors\"", "\"MON-77\"], \"distractors\"");
    assert_int_equal(learning_content_parse(bad, strlen(bad), cat, NULL, &c, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "line 12:"));
    assert_non_null(strstr(why, "MON-77"));
    assert_non_null(strstr(why, "case-a"));
    free(bad);

    bad = with(small_doc, "\"indicators\": [\"SCH-01\"]", "\"indicators\": [\"XYZ-01\"]");
    assert_int_equal(learning_content_parse(bad, strlen(bad), cat, NULL, &c, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "line 7:"));
    free(bad);
}

static void test_every_case_is_fictional(void **state)
{
    (void)state;
    char why[300];
    learning_content c;
    char *bad = with(small_doc, "\"fictional\": true", "\"fictional\": false");
    assert_int_equal(learning_content_parse(bad, strlen(bad), cat, NULL, &c, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "fictional"));
    free(bad);
}

static void test_other_refusals(void **state)
{
    (void)state;
    char why[300];
    learning_content c;
    struct {
        const char *old, *new_text, *expect;
    } cases[] = {
        /* A sign that is not explained. */
        {"\"BEH-05\": {\"nl\": \"d\", \"en\": \"d\"}", "\"PHY-01\": {\"nl\": \"d\", \"en\": \"d\"}",
         "lacks \"BEH-05\""},
        /* The same indicator as sign and distractor. */
        {"[\"VUL-05\", \"BEH-05\"]", "[\"VUL-05\", \"SCH-06\"]", "twice"},
        /* A path naming an item that does not exist. */
        {"[\"m\", \"case-a\"]", "[\"m\", \"case-z\"]", "line 5:"},
        /* A role that does not exist. */
        {"[\"mentor\"]", "[\"teacher\"]", "not a role"},
        /* Malformed JSON names its line. */
        {"\"source\": \"test\"}],", "\"source\": \"test\"}]", "line 9:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *bad = with(small_doc, cases[i].old, cases[i].new_text);
        assert_int_equal(learning_content_parse(bad, strlen(bad), cat, NULL, &c, why, sizeof why),
                         SG_EINVAL);
        if (!strstr(why, cases[i].expect))
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, why, cases[i].expect);
        free(bad);
    }
    /* A path that names an offer the expert group does not make. */
    const char offers_text[] =
        "{\"version\": 1, \"source\": \"s\", \"expert_group\": {\"name\": {\"nl\": \"n\", \"en\":"
        " \"n\"}, \"about\": {\"nl\": \"a\", \"en\": \"a\"}, \"source\": \"s\"}, \"offers\": "
        "[{\"id\":"
        " \"advice\", \"kind\": \"advice\", \"title\": {\"nl\": \"t\", \"en\": \"t\"}, "
        "\"description\":"
        " {\"nl\": \"d\", \"en\": \"d\"}, \"how_to_request\": {\"nl\": \"h\", \"en\": \"h\"},"
        " \"source\": \"s\"}]}";
    json_t *offers = NULL;
    assert_int_equal(
        learning_offers_parse(offers_text, strlen(offers_text), &offers, why, sizeof why), SG_OK);
    char *bad = with(small_doc, "\"items\": [\"m\", \"case-a\"]",
                     "\"items\": [\"m\", \"case-a\"], \"offers\": [\"film\"]");
    assert_int_equal(learning_content_parse(bad, strlen(bad), cat, offers, &c, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "offer \"film\""));
    free(bad);
    bad = with(offers_text, "\"kind\": \"advice\"", "\"kind\": \"gossip\"");
    json_t *none = NULL;
    assert_int_equal(learning_offers_parse(bad, strlen(bad), &none, why, sizeof why), SG_EINVAL);
    free(bad);
    json_decref(offers);
}

static void test_explanations_cover_the_catalogue(void **state)
{
    (void)state;
    char why[300];
    size_t len = 0;
    char *text = data_file_read(DATA "indicator-explanations.json", &len);
    assert_non_null(text);
    learning_explanations e;
    /* An explanation of an indicator the catalogue lacks: refused with its line. */
    char *bad = with(text, "{\"id\": \"SCH-02\"", "{\"id\": \"SCH-77\"");
    assert_int_equal(learning_explanations_parse(bad, strlen(bad), cat, &e, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "SCH-77"));
    int line = learning_line_of(bad, strlen(bad), NULL, "SCH-77");
    char expect[32];
    snprintf(expect, sizeof expect, "line %d:", line);
    assert_true(line > 1);
    assert_non_null(strstr(why, expect));
    free(bad);
    /* Without SCH-02's explanation the catalogue is not covered. */
    bad = with(text, "{\"id\": \"SCH-02\"", "{\"id\": \"SCH-01\"");
    assert_int_equal(learning_explanations_parse(bad, strlen(bad), cat, &e, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "explained twice"));
    free(bad);
    /* A part missing. */
    bad = with(text, "\"online\"", "\"onlin\"");
    assert_int_equal(learning_explanations_parse(bad, strlen(bad), cat, &e, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "\"online\""));
    free(bad);
    free(text);
}

/* The case of small_doc: options SCH-06, MON-01 (signs), VUL-05, BEH-05. */
static void parse_small(learning_content *c)
{
    char why[300];
    assert_int_equal(
        learning_content_parse(small_doc, strlen(small_doc), cat, NULL, c, why, sizeof why), SG_OK);
}

static const json_t *item_of(const json_t *fb, const char *code)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(fb, "items"), i, it)
    {
        if (strcmp(json_string_value(json_object_get(it, "indicator")), code) == 0)
            return it;
    }
    fail_msg("%s not in the feedback", code);
    return NULL;
}

static const char *outcome_of(const json_t *fb, const char *code)
{
    return json_string_value(json_object_get(item_of(fb, code), "outcome"));
}

static void test_feedback_picked_missed_wrong(void **state)
{
    (void)state;
    learning_content c;
    parse_small(&c);
    const learning_case *k = learning_find_case(&c, "case-a");
    assert_non_null(k);
    assert_int_equal(k->noptions, 4);
    char why[200];
    learning_feedback f;

    /* One sign noticed, one missed, a vulnerability picked wrongly. */
    const char *picked[] = {"SCH-06", "VUL-05"};
    assert_int_equal(learning_feedback_for(k, picked, 2, &f, why, sizeof why), SG_OK);
    assert_int_equal(f.noticed, 1);
    assert_int_equal(f.missed, 1);
    assert_int_equal(f.wrong, 1);
    assert_int_equal(f.expected, 2);
    assert_false(f.complete);
    json_t *fb = learning_feedback_json(k, &f, NULL);
    assert_non_null(fb);
    assert_string_equal(outcome_of(fb, "SCH-06"), "noticed");
    assert_string_equal(outcome_of(fb, "MON-01"), "missed");
    assert_string_equal(outcome_of(fb, "VUL-05"), "wrongly-picked");
    assert_string_equal(outcome_of(fb, "BEH-05"), "rightly-left-out");
    /* Each sign comes with the case's own explanation. */
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(item_of(fb, "MON-01"), "explanation"), "nl")),
                        "b");
    assert_true(json_is_false(json_object_get(fb, "complete")));
    assert_int_equal(json_integer_value(json_object_get(fb, "wrongly_picked")), 1);
    json_decref(fb);

    /* Every sign and nothing else: complete. */
    const char *right[] = {"MON-01", "SCH-06"};
    assert_int_equal(learning_feedback_for(k, right, 2, &f, why, sizeof why), SG_OK);
    assert_true(f.complete);
    assert_int_equal(f.noticed, 2);
    assert_int_equal(f.missed + f.wrong, 0);

    /* Nothing picked: both signs missed, nothing wrong. */
    assert_int_equal(learning_feedback_for(k, NULL, 0, &f, why, sizeof why), SG_OK);
    assert_int_equal(f.missed, 2);
    assert_int_equal(f.wrong, 0);
    assert_false(f.complete);

    /* Everything picked: both noticed, both distractors wrong. */
    const char *all[] = {"SCH-06", "MON-01", "VUL-05", "BEH-05"};
    assert_int_equal(learning_feedback_for(k, all, 4, &f, why, sizeof why), SG_OK);
    assert_int_equal(f.noticed, 2);
    assert_int_equal(f.wrong, 2);
    assert_false(f.complete);

    /* A code the case does not offer, or one given twice, is refused. */
    const char *other[] = {"PHY-01"};
    assert_int_equal(learning_feedback_for(k, other, 1, &f, why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "PHY-01"));
    const char *twice[] = {"SCH-06", "SCH-06"};
    assert_int_equal(learning_feedback_for(k, twice, 2, &f, why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "twice"));
    learning_content_free(&c);
}

static void test_feedback_carries_the_indicator_explanation(void **state)
{
    (void)state;
    char why[300];
    size_t len = 0;
    char *text = data_file_read(DATA "indicator-explanations.json", &len);
    assert_non_null(text);
    learning_explanations e;
    assert_int_equal(learning_explanations_parse(text, len, cat, &e, why, sizeof why), SG_OK);
    free(text);
    learning_content c;
    parse_small(&c);
    const learning_case *k = learning_find_case(&c, "case-a");
    learning_feedback f;
    const char *picked[] = {"SCH-06"};
    assert_int_equal(learning_feedback_for(k, picked, 1, &f, why, sizeof why), SG_OK);
    json_t *fb = learning_feedback_json(k, &f, &e);
    assert_non_null(fb);
    const json_t *about = json_object_get(item_of(fb, "MON-01"), "about");
    assert_true(json_is_object(about));
    assert_non_null(json_object_get(json_object_get(about, "why"), "nl"));
    assert_non_null(json_object_get(json_object_get(about, "not"), "en"));
    json_decref(fb);
    learning_content_free(&c);
    learning_explanations_free(&e);
}

static void test_line_of(void **state)
{
    (void)state;
    const char text[] = "{\"a\": [\"X\"],\n \"b\": {\"id\": \"k\",\n  \"v\": [\"Y\", \"X\"]}}\n";
    size_t len = strlen(text);
    assert_int_equal(learning_line_of(text, len, NULL, "X"), 1);
    assert_int_equal(learning_line_of(text, len, "k", "X"), 3);
    assert_int_equal(learning_line_of(text, len, "k", "Z"), 0);
    assert_int_equal(learning_line_of(text, len, "none", "X"), 0);
}

/* ---- store/learning: the counts ------------------------------------------ */

typedef struct counts_ctx {
    people p;
    resilience_count rows[8];
    resilience_lesson_row lessons[8];
    learning_org_counts org;
    learning_path_count paths[4];
    learning_miss_count missed[8];
    int n, npaths;
    const resilience_filter *filter;
} counts_ctx;

static int add_lesson(store_tx *tx, int n, int64_t org, int64_t user, const char *programme,
                      int classes, int lessons, const char *from)
{
    resilience_lesson_row r;
    memset(&r, 0, sizeof r);
    make_pid(r.public_id, 0x1e, n);
    r.org_id = org;
    text_copy(r.programme_id, sizeof r.programme_id, programme);
    r.programmes_version = 1;
    text_copy(r.year_group, sizeof r.year_group, "vo-2");
    r.classes = classes;
    r.lessons = lessons;
    text_copy(r.given_from, sizeof r.given_from, from);
    text_copy(r.given_until, sizeof r.given_until, from);
    r.recorded_by = user;
    now_iso(r.recorded_at);
    return store_resilience_insert(tx, &r);
}

static int add_answer(store_tx *tx, int n, int64_t user, int64_t org, bool first,
                      const char *missed)
{
    learning_attempt_row a;
    memset(&a, 0, sizeof a);
    make_pid(a.public_id, 0x1f, n);
    a.user_id = user;
    a.org_id = org;
    text_copy(a.case_id, sizeof a.case_id, "case-x");
    a.content_version = 1;
    a.first_try = first;
    now_iso(a.created_at);
    int rc = store_learning_attempt_insert(tx, &a);
    if (rc == SG_OK)
        rc = store_learning_mark_insert(tx, &a, missed, "missed");
    if (rc == SG_OK)
        rc = store_learning_mark_insert(tx, &a, "SCH-06", "noticed");
    return rc;
}

static int counts_setup_job(store_tx *tx, void *arg)
{
    counts_ctx *c = arg;
    W(people_job(tx, &c->p) == SG_OK);
    int64_t school_a = c->p.org[0].id, school_b = c->p.org[3].id;
    int64_t user = c->p.user[0].id;
    /* School A: two series of one programme, one of another; school B one. */
    W(add_lesson(tx, 1, school_a, user, "helder-op-school", 3, 4, "2025-02-03") == SG_OK);
    W(add_lesson(tx, 2, school_a, user, "helder-op-school", 2, 2, "2025-09-15") == SG_OK);
    W(add_lesson(tx, 3, school_a, user, "buit-in-de-klas", 1, 1, "2025-10-01") == SG_OK);
    W(add_lesson(tx, 4, school_b, user, "helder-op-school", 5, 6, "2025-03-01") == SG_OK);
    /* Answers: two first tries at school A missing MON-01 and PHN-02, a
     * second try missing MON-01 again (not counted), one at school B. */
    W(add_answer(tx, 1, c->p.user[0].id, school_a, true, "MON-01") == SG_OK);
    W(add_answer(tx, 2, c->p.user[2].id, school_a, true, "PHN-02") == SG_OK);
    W(add_answer(tx, 3, c->p.user[2].id, school_a, false, "MON-01") == SG_OK);
    W(add_answer(tx, 4, c->p.user[0].id, school_b, true, "SCH-01") == SG_OK);
    learning_completion_row done = {.path_id = "mentor", .content_version = 1};
    now_iso(done.completed_at);
    bool added = false;
    W(store_learning_completion_add(tx, c->p.user[0].id, school_a, &done, &added) == SG_OK);
    W(added);
    W(store_learning_completion_add(tx, c->p.user[0].id, school_a, &done, &added) == SG_OK);
    W(!added);
    learning_done_row item = {.item_id = "case-x", .kind = "case", .content_version = 1};
    now_iso(item.done_at);
    W(store_learning_done_add(tx, c->p.user[0].id, school_a, &item, &added) == SG_OK);
    return SG_OK;
}

static int count_job(store_tx *tx, void *arg)
{
    counts_ctx *c = arg;
    return store_resilience_count(tx, c->filter, c->rows, 8, &c->n);
}

static int list_job(store_tx *tx, void *arg)
{
    counts_ctx *c = arg;
    return store_resilience_list(tx, c->filter, c->lessons, &c->n);
}

static int org_job(store_tx *tx, void *arg)
{
    counts_ctx *c = arg;
    int rc = store_learning_org_counts(tx, c->p.org[0].id, &c->org, c->paths, 4, &c->npaths);
    if (rc == SG_OK)
        rc = store_learning_missed(tx, c->p.org[0].id, c->missed, 8, &c->n);
    return rc;
}

static void test_store_counts(void **state)
{
    (void)state;
    store *s = open_db("learning-counts");
    counts_ctx c;
    memset(&c, 0, sizeof c);
    write_ok(s, counts_setup_job, &c);

    /* The monitoring: every organisation, one year. */
    resilience_filter all = {.org_id = 0, .from = "2025-01-01", .until = "2025-12-31"};
    c.filter = &all;
    assert_int_equal(store_read(s, count_job, &c), SG_OK);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.rows[0].programme_id, "buit-in-de-klas");
    assert_int_equal(c.rows[1].records, 3);
    assert_int_equal(c.rows[1].classes, 10);
    assert_int_equal(c.rows[1].lessons, 12);
    assert_int_equal(c.rows[1].organisations, 2);

    /* One school, the first half year. */
    resilience_filter half = {.org_id = c.p.org[0].id, .from = "2025-01-01", .until = "2025-06-30"};
    c.filter = &half;
    assert_int_equal(store_read(s, count_job, &c), SG_OK);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.rows[0].records, 1);
    assert_int_equal(c.rows[0].lessons, 4);
    assert_int_equal(c.rows[0].organisations, 1);

    /* Open-ended periods. */
    resilience_filter since = {.org_id = c.p.org[0].id, .from = "2025-09-15", .limit = 10};
    c.filter = &since;
    assert_int_equal(store_read(s, list_job, &c), SG_OK);
    assert_int_equal(c.n, 2);
    resilience_filter nothing = {.org_id = c.p.org[1].id, .limit = 10};
    c.filter = &nothing;
    assert_int_equal(store_read(s, list_job, &c), SG_OK);
    assert_int_equal(c.n, 0);

    /* A school's coordinator: counts of that school only. */
    assert_int_equal(store_read(s, org_job, &c), SG_OK);
    assert_int_equal(c.org.staff, 3); /* users 0, 2 and 4 are of organisation 0 */
    assert_int_equal(c.org.learners, 1);
    assert_int_equal(c.org.answers, 2);
    assert_int_equal(c.npaths, 1);
    assert_string_equal(c.paths[0].path_id, "mentor");
    assert_int_equal(c.paths[0].finished, 1);
    /* First tries only; ties by indicator; SCH-06 was noticed, never missed. */
    assert_int_equal(c.n, 2);
    assert_string_equal(c.missed[0].indicator, "MON-01");
    assert_int_equal(c.missed[0].missed, 1);
    assert_int_equal(c.missed[0].asked, 1);
    assert_string_equal(c.missed[1].indicator, "PHN-02");
    store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_documents_check_out),
        cmocka_unit_test(test_unknown_indicator_refused_naming_the_line),
        cmocka_unit_test(test_every_case_is_fictional),
        cmocka_unit_test(test_other_refusals),
        cmocka_unit_test(test_explanations_cover_the_catalogue),
        cmocka_unit_test(test_feedback_picked_missed_wrong),
        cmocka_unit_test(test_feedback_carries_the_indicator_explanation),
        cmocka_unit_test(test_line_of),
        cmocka_unit_test(test_store_counts),
    };
    return cmocka_run_group_tests_name("learning", tests, learning_setup, learning_teardown);
}
