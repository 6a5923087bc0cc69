/* Unit tests for the rules of law kept as data: whose consent counts
 * (domain/consent) at the ages that decide it (11, 12, 15, 16) for every
 * kind of receiver, around the birthdays, and the refusal of malformed rule
 * tables; how long each kind of record is kept (domain/retention): the
 * published periods by record type and holder, the day a record falls due
 * (on the day, the day before, across 29 February), what holds a record,
 * and the refusal of malformed retention tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "data_file.h"
#include "domain/consent.h"
#include "domain/retention.h"
#include "domain/roles.h"

#define CONSENT_PATH SIGNAAL_SOURCE_DIR "/data/consent.json"
#define RETENTION_PATH SIGNAAL_SOURCE_DIR "/data/retention.json"

static consent_rules rules;

static int group_setup(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = data_file_read(CONSENT_PATH, &len);
    char why[200] = "";
    int rc = text ? consent_rules_parse(text, len, &rules, why, sizeof why) : SG_EIO;
    if (rc != SG_OK)
        fprintf(stderr, "%s: %s\n", CONSENT_PATH, why);
    free(text);
    return rc == SG_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    consent_rules_free(&rules);
    return 0;
}

/* ---- whose consent counts ---------------------------------------------- */

/* Per receiver, the party whose consent counts at 11, 12, 15 and 16 (and at
 * 0 and 17 for the bounds), written out from the law (data/consent.json's
 * sources), not from the code. */
static void test_consent_by_age_and_receiver(void **state)
{
    (void)state;
    static const int ages[] = {0, 11, 12, 15, 16, 17};
#define P NEED_PARENT
#define Y NEED_PUPIL
#define B NEED_PUPIL_AND_PARENT
    static const struct {
        const char *receiver;
        consent_need need[6];
        const char *rule;
    } table[] = {
        /* Treatment (WGBO, Jeugdwet): both from 12 to 15. */
        {"youth-care", {P, P, B, B, Y, Y}, "treatment"},
        {"youth-health-care", {P, P, B, B, Y, Y}, "treatment"},
        /* The school's own care team: the AVG's consent (UAVG art. 5). */
        {CONSENT_SCHOOL_CARE_TEAM, {P, P, P, P, Y, Y}, "school-care-team"},
        /* Every other receiver likewise. */
        {"school", {P, P, P, P, Y, Y}, "data-protection"},
        {"police", {P, P, P, P, Y, Y}, "data-protection"},
        {"prosecution", {P, P, P, P, Y, Y}, "data-protection"},
        {"veilig-thuis", {P, P, P, P, Y, Y}, "data-protection"},
        {"municipality", {P, P, P, P, Y, Y}, "data-protection"},
        {"expert-group", {P, P, P, P, Y, Y}, "data-protection"},
        {"national-analysis", {P, P, P, P, Y, Y}, "data-protection"},
        {"child-protection-board", {P, P, P, P, Y, Y}, "data-protection"},
        {"halt", {P, P, P, P, Y, Y}, "data-protection"},
        {"certified-institution", {P, P, P, P, Y, Y}, "data-protection"},
        {"a-receiver-not-listed", {P, P, P, P, Y, Y}, "data-protection"},
    };
#undef P
#undef Y
#undef B
    for (size_t t = 0; t < sizeof table / sizeof table[0]; t++)
        for (size_t k = 0; k < sizeof ages / sizeof ages[0]; k++) {
            const char *rule = NULL;
            const consent_band *band = consent_required(&rules, table[t].receiver, ages[k], &rule);
            if (!band || band->need != table[t].need[k])
                fail_msg("%s at %d: %s, expected %s", table[t].receiver, ages[k],
                         band ? consent_need_code(band->need) : "nothing",
                         consent_need_code(table[t].need[k]));
            assert_string_equal(rule, table[t].rule);
            assert_true(band->source && *band->source);
            /* The party needed passes; so does the young person with a parent. */
            char why[256] = "";
            assert_int_equal(consent_check(&rules, table[t].receiver, ages[k],
                                           consent_need_code(band->need), why, sizeof why),
                             SG_OK);
            assert_int_equal(consent_check(&rules, table[t].receiver, ages[k], "pupil-and-parent",
                                           why, sizeof why),
                             SG_OK);
        }
    /* Every organisation type has an answer. */
    for (int t = 0; t < ORG_TYPE_COUNT; t++)
        assert_non_null(consent_required(&rules, org_type_code((org_type)t), 14, NULL));
    /* The sources: the WGBO for treatment, the UAVG for the rest. */
    assert_non_null(strstr(consent_required(&rules, "youth-care", 12, NULL)->source, "7:450"));
    assert_non_null(strstr(consent_required(&rules, "youth-care", 11, NULL)->source, "7:465"));
    assert_non_null(
        strstr(consent_required(&rules, CONSENT_SCHOOL_CARE_TEAM, 15, NULL)->source, "UAVG"));
    assert_null(consent_required(&rules, "youth-care", -1, NULL));
}

/* The refusals name whose consent was needed, at what age, and why. */
static void test_consent_refusals(void **state)
{
    (void)state;
    static const struct {
        const char *receiver;
        int age;
        const char *party;
        const char *want; /* in the reason */
    } rows[] = {
        {"youth-care", 11, "pupil", "under 12 a parent"},
        {"youth-care", 12, "parent", "from 12 to 15 both the young person and a parent"},
        {"youth-care", 12, "pupil", "7:450 lid 2"},
        {"youth-care", 15, "parent", "both the young person and a parent"},
        {"youth-health-care", 15, "pupil", "both the young person and a parent"},
        {"youth-care", 16, "parent", "from 16 the young person consents"},
        {CONSENT_SCHOOL_CARE_TEAM, 15, "pupil", "under 16 a parent"},
        {CONSENT_SCHOOL_CARE_TEAM, 16, "parent", "from 16 the young person"},
        {"police", 12, "pupil", "UAVG art. 5"},
        {"veilig-thuis", 16, "parent", "from 16"},
        {"youth-care", 14, "grandmother", "both"},
        {"youth-care", 14, NULL, "both"},
        {"youth-care", 14, "", "both"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char why[256] = "";
        int rc =
            consent_check(&rules, rows[i].receiver, rows[i].age, rows[i].party, why, sizeof why);
        if (rc != SG_EINVAL || !strstr(why, rows[i].want))
            fail_msg("%s at %d by %s: rc %d \"%s\", expected \"%s\"", rows[i].receiver, rows[i].age,
                     rows[i].party ? rows[i].party : "(none)", rc, why, rows[i].want);
    }
    /* Parties that cover: each itself, and both every one. */
    for (int g = NEED_PARENT; g <= NEED_PUPIL_AND_PARENT; g++)
        for (int n = NEED_PARENT; n <= NEED_PUPIL_AND_PARENT; n++)
            assert_int_equal(consent_covers((consent_need)g, (consent_need)n),
                             g == n || g == NEED_PUPIL_AND_PARENT);
    consent_need out = NEED_PUPIL;
    assert_int_equal(consent_need_parse("Parent", &out), SG_EINVAL);
    assert_int_equal(out, NEED_PUPIL);
    assert_string_equal(consent_need_code(NEED_PUPIL_AND_PARENT), "pupil-and-parent");
    assert_string_equal(consent_need_code((consent_need)9), "");
}

/* The age that decides it: the day before the 12th and 16th birthdays and
 * the birthdays themselves, also on 29 February. */
static void test_consent_around_birthdays(void **state)
{
    (void)state;
    static const struct {
        const char *receiver, *born, *on;
        consent_need want;
    } rows[] = {
        {"youth-care", "2014-03-15", "2026-03-14", NEED_PARENT},           /* 11 */
        {"youth-care", "2014-03-15", "2026-03-15", NEED_PUPIL_AND_PARENT}, /* 12 */
        {"youth-care", "2010-03-15", "2026-03-14", NEED_PUPIL_AND_PARENT}, /* 15 */
        {"youth-care", "2010-03-15", "2026-03-15", NEED_PUPIL},            /* 16 */
        {CONSENT_SCHOOL_CARE_TEAM, "2010-12-31", "2026-12-30", NEED_PARENT},
        {CONSENT_SCHOOL_CARE_TEAM, "2010-12-31", "2026-12-31", NEED_PUPIL},
        {CONSENT_SCHOOL_CARE_TEAM, "2014-01-01", "2026-06-01", NEED_PARENT},
        /* Born on 29 February: 12 on 29 February of the leap year 2024. */
        {"youth-health-care", "2012-02-29", "2024-02-28", NEED_PARENT},
        {"youth-health-care", "2012-02-29", "2024-02-29", NEED_PUPIL_AND_PARENT},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        date born, on;
        assert_int_equal(date_parse(rows[i].born, &born), SG_OK);
        assert_int_equal(date_parse(rows[i].on, &on), SG_OK);
        const consent_band *band =
            consent_required(&rules, rows[i].receiver, date_age_on(&born, &on), NULL);
        if (!band || band->need != rows[i].want)
            fail_msg("%s, born %s, on %s: %s", rows[i].receiver, rows[i].born, rows[i].on,
                     band ? consent_need_code(band->need) : "nothing");
    }
}

/* ---- malformed rule tables --------------------------------------------- */

static void expect_refused(const char *what, const char *text, const char *want)
{
    consent_rules r;
    char why[200] = "";
    int rc = consent_rules_parse(text, strlen(text), &r, why, sizeof why);
    if (rc != SG_EINVAL || !strstr(why, want))
        fail_msg("%s: rc %d \"%s\", expected \"%s\"", what, rc, why, want);
    assert_null(r.doc);
}

#define DOC(rules) "{\"version\": 1, \"source\": \"s\", \"rules\": [" rules "]}"
#define BAND(from, to, who)                                                                        \
    "{\"from_age\": " from ", \"to_age\": " to ", \"consent\": \"" who "\", \"source\": \"s\"}"
#define LAST(from, who) "{\"from_age\": " from ", \"consent\": \"" who "\", \"source\": \"s\"}"
#define ANY "{\"id\": \"any\", \"receivers\": [\"*\"], \"bands\": [" LAST("0", "parent") "]}"

static void test_consent_rules_refused(void **state)
{
    (void)state;
    expect_refused("not JSON", "{", "not valid JSON");
    expect_refused("no version", "{\"source\": \"s\", \"rules\": []}", "version");
    expect_refused("no source", "{\"version\": 1, \"rules\": []}", "source");
    expect_refused("no rules", "{\"version\": 1, \"source\": \"s\", \"rules\": []}",
                   "1 to 16 rules");
    expect_refused("no rule for everyone else",
                   DOC("{\"id\": \"t\", \"receivers\": [\"youth-care\"], \"bands\": [" LAST(
                       "0", "parent") "]}"),
                   "every other receiver");
    expect_refused("a gap between bands",
                   DOC("{\"id\": \"t\", \"receivers\": [\"*\"], \"bands\": [" BAND(
                       "0", "11", "parent") ", " LAST("13", "pupil") "]}"),
                   "without a gap");
    expect_refused(
        "a first band from 1",
        DOC("{\"id\": \"t\", \"receivers\": [\"*\"], \"bands\": [" LAST("1", "parent") "]}"),
        "without a gap");
    expect_refused(
        "no open end",
        DOC("{\"id\": \"t\", \"receivers\": [\"*\"], \"bands\": [" BAND("0", "15", "parent") "]}"),
        "every age is covered");
    expect_refused("an open end before the last band",
                   DOC("{\"id\": \"t\", \"receivers\": [\"*\"], \"bands\": [" LAST(
                       "0", "parent") ", " LAST("16", "pupil") "]}"),
                   "only the last band");
    expect_refused(
        "an unknown party",
        DOC("{\"id\": \"t\", \"receivers\": [\"*\"], \"bands\": [" LAST("0", "grandparent") "]}"),
        "parent, pupil or pupil-and-parent");
    expect_refused("a band without a source",
                   DOC("{\"id\": \"t\", \"receivers\": [\"*\"], \"bands\": [{\"from_age\": 0,"
                       " \"consent\": \"parent\"}]}"),
                   "source");
    expect_refused("an unknown receiver",
                   DOC(ANY ", {\"id\": \"t\", \"receivers\": [\"bakery\"], \"bands\": [" LAST(
                       "0", "parent") "]}"),
                   "a receiver is an organisation type");
    expect_refused(
        "a receiver in two rules",
        DOC(ANY ", {\"id\": \"t\", \"receivers\": [\"*\"], \"bands\": [" LAST("0", "parent") "]}"),
        "one rule only");
    expect_refused("a to_age before from_age",
                   DOC("{\"id\": \"t\", \"receivers\": [\"*\"], \"bands\": [" BAND(
                       "0", "11", "parent") ", " BAND("12", "10", "pupil") "]}"),
                   "to_age");
}

/* ---- retention ----------------------------------------------------------- */

static retention_rules keep;

static int retention_setup(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = data_file_read(RETENTION_PATH, &len);
    char why[200] = "";
    int rc = text ? retention_rules_parse(text, len, &keep, why, sizeof why) : SG_EIO;
    if (rc != SG_OK)
        fprintf(stderr, "%s: %s\n", RETENTION_PATH, why);
    free(text);
    return rc == SG_OK ? 0 : -1;
}

static int retention_teardown(void **state)
{
    (void)state;
    retention_rules_free(&keep);
    return 0;
}

/* The published periods, written out from data/retention.json's sources:
 * every kind of record has one, with its source; a case held by youth care
 * or a certified institution keeps the Jeugdwet's fifteen years, by youth
 * health care or Veilig Thuis twenty. */
static void test_retention_periods(void **state)
{
    (void)state;
    static const struct {
        retention_type type;
        const char *holder;
        retention_period keep;
        const char *source; /* a word of the source */
    } table[] = {
        {RT_CONCERN, NULL, {0, 0, 0}, "7.1.4"},
        {RT_CONCERN_FLAG, NULL, {0, 0, 90}, "own choice"},
        {RT_REFERRAL, NULL, {2, 0, 0}, "own choice"},
        {RT_CASE, NULL, {2, 0, 0}, "AVG art. 5"},
        {RT_CASE, "school", {2, 0, 0}, "AVG art. 5"},
        {RT_CASE, "youth-care", {15, 0, 0}, "Jeugdwet art. 7.3.8"},
        {RT_CASE, "certified-institution", {15, 0, 0}, "Jeugdwet art. 7.3.8"},
        {RT_CASE, "youth-health-care", {20, 0, 0}, "7:454"},
        {RT_CASE, "veilig-thuis", {20, 0, 0}, "Wmo 2015"},
        {RT_SIGNAL, NULL, {1, 0, 0}, "own choice"},
        {RT_SIGNAL, "youth-care", {1, 0, 0}, "own choice"},
        {RT_ENROLMENT, NULL, {2, 0, 0}, "own choice"},
        {RT_DECISION, NULL, {5, 0, 0}, "strafvorderlijke"},
        {RT_SCREENING, NULL, {5, 0, 0}, "Wet politiegegevens"},
        {RT_RELATION, NULL, {5, 0, 0}, "Wet politiegegevens art. 8, 9, 10 and 14"},
        {RT_PERSON, NULL, {0, 0, 30}, "AVG art. 5"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const char *source = NULL;
        const retention_period *p = retention_keep(&keep, table[i].type, table[i].holder, &source);
        if (p->years != table[i].keep.years || p->months != table[i].keep.months
            || p->days != table[i].keep.days || !source || !strstr(source, table[i].source))
            fail_msg("%s held by %s: %dy %dm %dd, \"%s\"", retention_type_code(table[i].type),
                     table[i].holder ? table[i].holder : "its own", p->years, p->months, p->days,
                     source ? source : "(none)");
    }
    for (int t = 0; t < RT_COUNT; t++) {
        assert_non_null(keep.rules[t].source);
        assert_non_null(keep.rules[t].nl);
        assert_non_null(keep.rules[t].en);
    }
}

/* The day a record falls due: on the day its period ends, not the day
 * before; 29 February less a year is 28 February. */
static void test_retention_due(void **state)
{
    (void)state;
    static const struct {
        retention_type type;
        const char *holder, *start, *today;
        bool due;
    } table[] = {
        /* A school's case: two years after it was closed. */
        {RT_CASE, "school", "2024-12-05", "2026-12-05", true},
        {RT_CASE, "school", "2024-12-06", "2026-12-05", false},
        {RT_CASE, "school", "2024-12-05T23:10:00Z", "2026-12-05", true},
        /* Youth care keeps fifteen years, youth health care twenty. */
        {RT_CASE, "youth-care", "2011-12-05", "2026-12-05", true},
        {RT_CASE, "youth-care", "2011-12-06", "2026-12-05", false},
        {RT_CASE, "youth-care", "2024-12-05", "2026-12-05", false},
        {RT_CASE, "youth-health-care", "2006-12-05", "2026-12-05", true},
        {RT_CASE, "youth-health-care", "2006-12-06", "2026-12-05", false},
        /* A signal that led to nothing: a year after it was observed. */
        {RT_SIGNAL, "school", "2025-12-05", "2026-12-05", true},
        {RT_SIGNAL, "school", "2025-12-06", "2026-12-05", false},
        {RT_SIGNAL, "school", "2024-02-29", "2025-02-28", false},
        {RT_SIGNAL, "school", "2024-02-28", "2025-02-28", true},
        {RT_SIGNAL, "school", "2024-02-29", "2025-03-01", true},
        /* The child's identity: thirty days after the last other record. */
        {RT_PERSON, NULL, "2026-11-05", "2026-12-05", true},
        {RT_PERSON, NULL, "2026-11-06", "2026-12-05", false},
        /* A registration in the index goes on the day it ended. */
        {RT_CONCERN, "youth-care", "2026-12-05", "2026-12-05", true},
        {RT_CONCERN, "youth-care", "2026-12-06", "2026-12-05", false},
        /* The police's screening and the OM's decision: five years. */
        {RT_SCREENING, "police", "2021-12-05", "2026-12-05", true},
        {RT_SCREENING, "police", "2021-12-06", "2026-12-05", false},
        {RT_DECISION, "prosecution", "2021-12-05", "2026-12-05", true},
        /* A start that is no date is never due. */
        {RT_SIGNAL, "school", "yesterday", "2026-12-05", false},
        {RT_SIGNAL, "school", "", "2026-12-05", false},
        {RT_SIGNAL, "school", NULL, "2026-12-05", false},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        date today;
        assert_int_equal(date_parse(table[i].today, &today), SG_OK);
        if (retention_is_due(&keep, table[i].type, table[i].holder, table[i].start, &today)
            != table[i].due)
            fail_msg("%s held by %s from %s on %s: expected %s", retention_type_code(table[i].type),
                     table[i].holder ? table[i].holder : "-",
                     table[i].start ? table[i].start : "NULL", table[i].today,
                     table[i].due ? "due" : "kept");
    }
}

static void test_retention_cutoff(void **state)
{
    (void)state;
    static const struct {
        retention_period keep;
        const char *today, *cutoff;
    } table[] = {
        {{1, 0, 0}, "2025-02-28", "2024-02-28"},  {{1, 0, 0}, "2024-02-29", "2023-02-28"},
        {{0, 1, 0}, "2026-03-31", "2026-02-28"},  {{0, 1, 0}, "2024-03-31", "2024-02-29"},
        {{0, 0, 30}, "2026-01-10", "2025-12-11"}, {{2, 0, 0}, "2026-12-05", "2024-12-05"},
        {{0, 0, 0}, "2026-12-05", "2026-12-05"},  {{1, 2, 3}, "2026-03-02", "2024-12-30"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        date today, out;
        char text[DATE_LEN];
        assert_int_equal(date_parse(table[i].today, &today), SG_OK);
        retention_cutoff(&table[i].keep, &today, &out);
        date_format(&out, text);
        if (strcmp(text, table[i].cutoff) != 0)
            fail_msg("%dy %dm %dd before %s: %s, expected %s", table[i].keep.years,
                     table[i].keep.months, table[i].keep.days, table[i].today, text,
                     table[i].cutoff);
    }
    /* Over every holder of a case, the shortest period gives the latest
     * cutoff: a school's two years.  (A first version took the longest, and
     * a run never found a school's case that was due.) */
    date today, out;
    char text[DATE_LEN];
    assert_int_equal(date_parse("2026-12-05", &today), SG_OK);
    retention_cutoff_any(&keep, RT_CASE, &today, &out);
    date_format(&out, text);
    assert_string_equal(text, "2024-12-05");
}

/* What holds a record, the weightiest first, in both languages. */
static void test_retention_holds(void **state)
{
    (void)state;
    retention_facts none = {0}, all = {true, true, true, true};
    retention_facts open = {.open_case = true, .part_of_kept_record = true};
    retention_facts awaiting = {.awaiting_decision = true, .part_of_kept_record = true};
    retention_facts part = {.part_of_kept_record = true};
    assert_int_equal(retention_hold_of(&none), HOLD_NONE);
    assert_int_equal(retention_hold_of(&all), HOLD_RUNNING_CLOCK);
    assert_int_equal(retention_hold_of(&open), HOLD_OPEN_CASE);
    assert_int_equal(retention_hold_of(&awaiting), HOLD_AWAITING_DECISION);
    assert_int_equal(retention_hold_of(&part), HOLD_PART_OF_KEPT_RECORD);
    assert_string_equal(retention_hold_code(HOLD_RUNNING_CLOCK), "running-clock");
    assert_string_equal(retention_hold_code(HOLD_OPEN_CASE), "open-case");
    assert_string_equal(retention_hold_code(HOLD_AWAITING_DECISION), "awaiting-decision");
    assert_string_equal(retention_hold_code(HOLD_PART_OF_KEPT_RECORD), "part-of-kept-record");
    for (int h = HOLD_RUNNING_CLOCK; h < HOLD_COUNT; h++) {
        assert_true(strlen(retention_hold_name((retention_hold)h, true)) > 0);
        assert_true(strlen(retention_hold_name((retention_hold)h, false)) > 0);
    }
    assert_string_equal(retention_hold_code(HOLD_COUNT), "");
    assert_string_equal(retention_type_code(RT_COUNT), "");
}

/* A retention document with one kind's rule replaced by `alt` (NULL: left
 * out); `extra` is appended to the list. */
static char *retention_doc(retention_type replaced, const char *alt, const char *extra)
{
    static char doc[8192];
    size_t n =
        (size_t)snprintf(doc, sizeof doc, "{\"version\": 1, \"source\": \"s\", \"records\": [");
    bool first = true;
    for (int t = 0; t < RT_COUNT; t++) {
        char one[512];
        if (t == (int)replaced) {
            if (!alt)
                continue;
            snprintf(one, sizeof one, "%s", alt);
        } else {
            snprintf(one, sizeof one,
                     "{\"type\": \"%s\", \"after\": \"%s\", \"keep\": {\"years\": 1},"
                     " \"nl\": \"n\", \"en\": \"e\", \"source\": \"s\"}",
                     retention_type_code((retention_type)t),
                     retention_type_after((retention_type)t));
        }
        n += (size_t)snprintf(doc + n, sizeof doc - n, "%s%s", first ? "" : ", ", one);
        first = false;
    }
    if (extra)
        n += (size_t)snprintf(doc + n, sizeof doc - n, ", %s", extra);
    snprintf(doc + n, sizeof doc - n, "]}");
    return doc;
}

static void expect_retention_refused(const char *what, const char *text, const char *want)
{
    retention_rules r;
    char why[200] = "";
    int rc = retention_rules_parse(text, strlen(text), &r, why, sizeof why);
    if (rc != SG_EINVAL || !strstr(why, want))
        fail_msg("%s: rc %d \"%s\", expected \"%s\"", what, rc, why, want);
    assert_null(r.doc);
}

#define CASE_RULE(rest)                                                                            \
    "{\"type\": \"case\", \"after\": \"closed\", \"nl\": \"n\", \"en\": \"e\", " rest "}"

/* The rules in force may predate a kind of record: it is absent (its records
 * kept), not refused; publishing a version without it is refused. */
static void test_retention_rules_before_a_kind(void **state)
{
    (void)state;
    retention_rules r;
    char why[200] = "";
    const char *old = retention_doc(RT_RELATION, NULL, NULL);
    assert_int_equal(retention_rules_parse_published(old, strlen(old), &r, why, sizeof why), SG_OK);
    assert_true(r.rules[RT_RELATION].absent);
    assert_false(r.rules[RT_PERSON].absent);
    assert_false(r.rules[RT_SCREENING].absent);
    retention_rules_free(&r);
    expect_retention_refused("published without a kind", retention_doc(RT_RELATION, NULL, NULL),
                             "record type relation: has no rule");
}

static void test_retention_rules_refused(void **state)
{
    (void)state;
    retention_rules r;
    char why[200] = "";
    const char *ok = retention_doc(RT_COUNT, NULL, NULL);
    assert_int_equal(retention_rules_parse(ok, strlen(ok), &r, why, sizeof why), SG_OK);
    retention_rules_free(&r);

    expect_retention_refused("not JSON", "[", "not valid JSON");
    expect_retention_refused("no version", "{\"source\": \"s\", \"records\": []}", "version");
    expect_retention_refused("no source", "{\"version\": 1, \"records\": []}", "source");
    expect_retention_refused("no records", "{\"version\": 1, \"source\": \"s\"}", "records");
    expect_retention_refused("a kind without a rule", retention_doc(RT_SIGNAL, NULL, NULL),
                             "record type signal: has no rule");
    expect_retention_refused(
        "a kind twice",
        retention_doc(RT_COUNT, NULL, CASE_RULE("\"keep\": {\"years\": 3}, \"source\": \"s\"")),
        "record type case: has two rules");
    expect_retention_refused(
        "an unknown kind",
        retention_doc(RT_COUNT, NULL,
                      "{\"type\": \"diary\", \"after\": \"x\", \"keep\": {\"years\": 1}}"),
        "not a kind of record");
    expect_retention_refused(
        "a period from another event",
        retention_doc(RT_CASE,
                      "{\"type\": \"case\", \"after\": \"opened\", \"keep\": {\"years\": 2},"
                      " \"nl\": \"n\", \"en\": \"e\", \"source\": \"s\"}",
                      NULL),
        "runs from another event");
    expect_retention_refused(
        "no period", retention_doc(RT_CASE, CASE_RULE("\"source\": \"s\""), NULL), "keep is years");
    expect_retention_refused(
        "a negative period",
        retention_doc(RT_CASE, CASE_RULE("\"keep\": {\"years\": -1}, \"source\": \"s\""), NULL),
        "keep is years");
    expect_retention_refused(
        "weeks are no period",
        retention_doc(RT_CASE, CASE_RULE("\"keep\": {\"weeks\": 3}, \"source\": \"s\""), NULL),
        "keep is years");
    expect_retention_refused("no source",
                             retention_doc(RT_CASE, CASE_RULE("\"keep\": {\"years\": 2}"), NULL),
                             "needs its source");
    expect_retention_refused(
        "a holder that is no organisation type",
        retention_doc(RT_CASE,
                      CASE_RULE("\"keep\": {\"years\": 2}, \"source\": \"s\", \"by_holder\":"
                                " {\"bakery\": {\"keep\": {\"years\": 9}, \"source\": \"s\"}}"),
                      NULL),
        "by_holder names organisation types");
    expect_retention_refused(
        "a holder's period without its source",
        retention_doc(RT_CASE,
                      CASE_RULE("\"keep\": {\"years\": 2}, \"source\": \"s\", \"by_holder\":"
                                " {\"youth-care\": {\"keep\": {\"years\": 15}}}"),
                      NULL),
        "names its source");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consent_by_age_and_receiver),
        cmocka_unit_test(test_consent_refusals),
        cmocka_unit_test(test_consent_around_birthdays),
        cmocka_unit_test(test_consent_rules_refused),
    };
    const struct CMUnitTest retention[] = {
        cmocka_unit_test(test_retention_periods),
        cmocka_unit_test(test_retention_due),
        cmocka_unit_test(test_retention_cutoff),
        cmocka_unit_test(test_retention_holds),
        cmocka_unit_test(test_retention_rules_refused),
        cmocka_unit_test(test_retention_rules_before_a_kind),
    };
    int failed = cmocka_run_group_tests_name("consent", tests, group_setup, group_teardown);
    failed +=
        cmocka_run_group_tests_name("retention", retention, retention_setup, retention_teardown);
    return failed;
}
