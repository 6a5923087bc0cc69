/* Unit tests for the rules of law kept as data: whose consent counts
 * (domain/consent) at the ages that decide it (11, 12, 15, 16) for every
 * kind of receiver, around the birthdays, and the refusal of malformed rule
 * tables. */
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
#include "domain/roles.h"

#define CONSENT_PATH SIGNAAL_SOURCE_DIR "/data/consent.json"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consent_by_age_and_receiver),
        cmocka_unit_test(test_consent_refusals),
        cmocka_unit_test(test_consent_around_birthdays),
        cmocka_unit_test(test_consent_rules_refused),
    };
    return cmocka_run_group_tests_name("legal", tests, group_setup, group_teardown);
}
