/* Unit tests for domain/prosecution: the published rules of
 * data/prosecution.json.  Every decision with each of its legal grounds
 * (and none of another's), when a diversion may be recorded (the ages 11,
 * 12, 17 and 18 at the arrest, the offences, the waits by the signs and the
 * OM's decision), when a report to CoMensha is offered, every part of a
 * screening or decision for every kind of receiving organisation and legal
 * basis, and the refusal of malformed rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_file.h"
#include "domain/prosecution.h"
#include "domain/roles.h"
#include "domain/sharing.h"

#define RULES_PATH SIGNAAL_SOURCE_DIR "/data/prosecution.json"
#define SCREENING_PATH SIGNAAL_SOURCE_DIR "/data/screening.json"

static char *rules_text, *screening_text;
static size_t rules_len, screening_len;

static int group_setup(void **state)
{
    (void)state;
    rules_text = data_file_read(RULES_PATH, &rules_len);
    screening_text = data_file_read(SCREENING_PATH, &screening_len);
    return rules_text && screening_text ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    free(rules_text);
    free(screening_text);
    return 0;
}

static void load_published(prosecution_rules *r)
{
    char why[256] = "unset";
    screening_rules s;
    if (screening_rules_parse(screening_text, screening_len, &s, why, sizeof why) != SG_OK)
        fail_msg("data/screening.json is refused: %s", why);
    /* With the screening's offences: every offence a diversion names is one. */
    if (prosecution_rules_parse(rules_text, rules_len, &s, r, why, sizeof why) != SG_OK)
        fail_msg("data/prosecution.json is refused: %s", why);
    screening_rules_free(&s);
}

/* ---- decisions and their grounds -------------------------------------- */

static void test_decisions_and_grounds(void **state)
{
    (void)state;
    prosecution_rules r;
    load_published(&r);
    assert_int_equal(r.version, 1);
    static const struct {
        const char *id;
        bool final, non_punishment, diversion;
        const char *grounds[4];
    } want[] = {
        {"prosecute", true, false, false, {"opportunity"}},
        {"prosecute-with-help", true, false, false, {"special-conditions"}},
        {"dismissal-non-punishment-conditional",
         true,
         true,
         false,
         {"victim-trafficking-conditional"}},
        {"dismissal-non-punishment-unconditional",
         true,
         true,
         false,
         {"victim-trafficking-minor-culpability"}},
        {"dismissal-other",
         true,
         false,
         false,
         {"insufficient-evidence", "wrongly-suspected", "public-interest"}},
        {"judicial-pardon-requested", true, true, false, {"pardon-victim"}},
        {"diversion", true, false, true, {"diversion-after-weighing"}},
        {"further-investigation", false, false, false, {"investigate-exploitation"}},
    };
    size_t nwant = sizeof want / sizeof want[0];
    assert_int_equal(r.ndecisions, (int)nwant);
    for (size_t i = 0; i < nwant; i++) {
        const prosecution_decision *d = prosecution_decision_find(&r, want[i].id);
        if (!d)
            fail_msg("no decision %s", want[i].id);
        assert_int_equal(d->final, want[i].final);
        assert_int_equal(d->non_punishment, want[i].non_punishment);
        assert_int_equal(d->diversion, want[i].diversion);
        int n = 0;
        for (; n < 4 && want[i].grounds[n]; n++)
            if (!prosecution_ground_fits(d, want[i].grounds[n]))
                fail_msg("%s: ground %s does not fit", want[i].id, want[i].grounds[n]);
        assert_int_equal(d->ngrounds, n);
        /* No decision takes another decision's grounds. */
        for (size_t k = 0; k < nwant; k++)
            for (int g = 0; k != i && g < 4 && want[k].grounds[g]; g++)
                if (prosecution_ground_fits(d, want[k].grounds[g]))
                    fail_msg("%s takes %s's ground %s", want[i].id, want[k].id, want[k].grounds[g]);
        assert_false(prosecution_ground_fits(d, NULL));
        assert_false(prosecution_ground_fits(d, ""));
    }
    assert_null(prosecution_decision_find(&r, "acquittal"));
    assert_null(prosecution_decision_find(&r, NULL));
    /* The codes of before the rules are gone. */
    assert_null(prosecution_decision_find(&r, "dismissal-non-punishment"));
    assert_null(prosecution_decision_find(&r, "prosecution"));
    prosecution_rules_free(&r);
}

/* ---- diversions ------------------------------------------------------- */

static void test_diversion_ages_and_offences(void **state)
{
    (void)state;
    prosecution_rules r;
    load_published(&r);
    static const struct {
        const char *kind;
        int age;
        const char *offence;
        int rc;
    } cases[] = {
        {"halt", 11, "theft", SG_EINVAL},
        {"halt", 12, "theft", SG_OK},
        {"halt", 15, "theft", SG_OK},
        {"halt", 17, "theft", SG_OK},
        {"halt", 18, "theft", SG_EINVAL},
        {"halt", 15, "drugs-courier", SG_EINVAL},
        {"halt", 15, "drugs-dealing", SG_EINVAL},
        {"reprimand", 11, "theft", SG_EINVAL},
        {"reprimand", 12, "theft", SG_OK},
        {"reprimand", 17, "drugs-courier", SG_OK},
        {"reprimand", 18, "theft", SG_EINVAL},
        {"fine", 15, "theft", SG_EINVAL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        diversion_case c = {.kind = cases[i].kind,
                            .age = cases[i].age,
                            .offence = cases[i].offence,
                            .completed = true,
                            .signs = SIGNS_NONE};
        const char *why = NULL;
        int rc = prosecution_diversion_check(&r, &c, &why);
        if (rc != cases[i].rc)
            fail_msg("%s at %d for %s: %d, want %d (%s)", cases[i].kind, cases[i].age,
                     cases[i].offence, rc, cases[i].rc, why ? why : "");
        if (rc != SG_OK)
            assert_non_null(why);
    }
    prosecution_rules_free(&r);
}

static void test_diversion_waits(void **state)
{
    (void)state;
    prosecution_rules r;
    load_published(&r);
    static const struct {
        bool completed;
        screening_signs signs;
        bool divert, otherwise;
        int rc;
    } cases[] = {
        /* Never before the screening is complete. */
        {false, SIGNS_NONE, false, false, SG_ESTATE},
        {false, SIGNS_STRONG, true, false, SG_ESTATE},
        /* Without signs the completion is enough. */
        {true, SIGNS_NONE, false, false, SG_OK},
        /* With signs the OM weighs non-punishment first, and decides to divert. */
        {true, SIGNS_POSSIBLE, false, false, SG_ESTATE},
        {true, SIGNS_STRONG, false, false, SG_ESTATE},
        {true, SIGNS_POSSIBLE, true, false, SG_OK},
        {true, SIGNS_STRONG, true, false, SG_OK},
        {true, SIGNS_STRONG, false, true, SG_ESTATE},
        {true, SIGNS_POSSIBLE, false, true, SG_ESTATE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        diversion_case c = {.kind = "halt",
                            .age = 15,
                            .offence = "theft",
                            .completed = cases[i].completed,
                            .signs = cases[i].signs,
                            .om_decided_to_divert = cases[i].divert,
                            .om_decided_otherwise = cases[i].otherwise};
        const char *why = NULL;
        int rc = prosecution_diversion_check(&r, &c, &why);
        if (rc != cases[i].rc)
            fail_msg("case %zu: %d, want %d (%s)", i, rc, cases[i].rc, why ? why : "");
    }
    prosecution_rules_free(&r);
}

/* ---- CoMensha --------------------------------------------------------- */

static void test_comensha(void **state)
{
    (void)state;
    prosecution_rules r;
    load_published(&r);
    assert_false(prosecution_comensha_offered(&r, SIGNS_NONE, false));
    assert_true(prosecution_comensha_offered(&r, SIGNS_POSSIBLE, false));
    assert_true(prosecution_comensha_offered(&r, SIGNS_STRONG, false));
    assert_true(prosecution_comensha_offered(&r, SIGNS_NONE, true));
    assert_true(prosecution_comensha_what_known(&r, "possible-victim-criminal-exploitation"));
    assert_true(prosecution_comensha_what_known(&r, "possible-victim-other-exploitation"));
    assert_false(prosecution_comensha_what_known(&r, "suspect"));
    assert_false(prosecution_comensha_what_known(&r, NULL));
    prosecution_rules_free(&r);
}

/* ---- what goes where -------------------------------------------------- */

static bool listed(const char *const *list, const char *v)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

static void test_shares_per_receiver(void **state)
{
    (void)state;
    prosecution_rules r;
    load_published(&r);
    static const char *const screening_to[] = {
        "police", "prosecution", "veilig-thuis", "expert-group", "child-protection-board", NULL};
    static const char *const decision_to[] = {"police",
                                              "prosecution",
                                              "veilig-thuis",
                                              "expert-group",
                                              "child-protection-board",
                                              "certified-institution",
                                              NULL};
    static const char *const fact[] = {"school",
                                       "youth-care",
                                       "youth-health-care",
                                       "municipality",
                                       "veilig-thuis",
                                       "expert-group",
                                       "police",
                                       "prosecution",
                                       "child-protection-board",
                                       "certified-institution",
                                       "halt",
                                       NULL};
    static const char *const fact_bases[] = {"statutory-task", "override", NULL};
    for (int t = 0; t < ORG_TYPE_COUNT; t++) {
        const char *type = org_type_code((org_type)t);
        for (int b = 0; sharing_bases[b]; b++) {
            const char *basis = sharing_bases[b];
            char why[200] = "";
            bool screening =
                prosecution_share_check(&r, "screening", type, basis, why, sizeof why) == SG_OK;
            bool decision =
                prosecution_share_check(&r, "decision", type, basis, why, sizeof why) == SG_OK;
            bool bare =
                prosecution_share_check(&r, "decision-fact", type, basis, why, sizeof why) == SG_OK;
            if (screening != listed(screening_to, type) || decision != listed(decision_to, type))
                fail_msg("screening or decision to %s on %s: %d %d", type, basis, screening,
                         decision);
            if (bare != (listed(fact, type) && listed(fact_bases, basis)))
                fail_msg("decision-fact to %s on %s: %d", type, basis, bare);
        }
    }
    /* A school never receives a screening, and is told so with the types
     * that may. */
    char why[200] = "";
    assert_int_equal(
        prosecution_share_check(&r, "screening", "school", "statutory-task", why, sizeof why),
        SG_EINVAL);
    assert_non_null(
        strstr(why, "police, prosecution, veilig-thuis, expert-group, child-protection-board"));
    assert_int_equal(
        prosecution_share_check(&r, "decision-fact", "school", "consent", why, sizeof why),
        SG_EINVAL);
    assert_non_null(strstr(why, "statutory-task or override"));
    /* Parts the rules do not judge are not theirs. */
    assert_int_equal(prosecution_share_check(&r, "signals", "school", "consent", why, sizeof why),
                     SG_OK);
    prosecution_rules_free(&r);
}

/* ---- malformed rules -------------------------------------------------- */

/* The published rules with from replaced by to; NULL-safe for the test. */
static char *edited(const char *from, const char *to)
{
    const char *at = strstr(rules_text, from);
    if (!at)
        fail_msg("the test's anchor is not in the rules: %s", from);
    size_t head = (size_t)(at - rules_text), flen = strlen(from), tlen = strlen(to);
    char *out = malloc(rules_len - flen + tlen + 1);
    assert_non_null(out);
    memcpy(out, rules_text, head);
    memcpy(out + head, to, tlen);
    memcpy(out + head + tlen, at + flen, rules_len - head - flen + 1);
    return out;
}

static void test_refuses_malformed(void **state)
{
    (void)state;
    screening_rules s;
    char why[256];
    assert_int_equal(screening_rules_parse(screening_text, screening_len, &s, why, sizeof why),
                     SG_OK);
    static const struct {
        const char *from, *to, *why;
    } cases[] = {
        {"\"version\": 1", "\"version\": 0", "version"},
        {"{\"id\": \"prosecute-with-help\"", "{\"id\": \"prosecute\"", "twice"},
        {"\"source\": \"art. 167 lid 1 Wetboek van Strafvordering\"", "\"source\": \"\"", "source"},
        {"\"min_age\": 12, \"max_age\": 17, \"offences\": [\"theft\"]",
         "\"min_age\": 12, \"max_age\": 18, \"offences\": [\"theft\"]", "ages"},
        {"\"offences\": [\"theft\"]", "\"offences\": [\"jaywalking\"]", "offence"},
        {"\"possible\": \"om-decision\"", "\"possible\": \"screening-completed\"", "OM"},
        {"\"offer_on_signs\": [\"possible\", \"strong\"]", "\"offer_on_signs\": [\"severe\"]",
         "severe"},
        {"{\"part\": \"screening\", \"to\": [\"police\"",
         "{\"part\": \"screening\", \"to\": [\"newspaper\"", "organisation type"},
        {"{\"part\": \"decision\", \"to\"", "{\"part\": \"screening\", \"to\"", "twice"},
        {"{\"part\": \"decision-fact\"", "{\"part\": \"account\"", "parts are"},
        {"\"bases\": [\"statutory-task\", \"override\"]", "\"bases\": [\"gossip\"]", "legal basis"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text = edited(cases[i].from, cases[i].to);
        prosecution_rules r;
        strcpy(why, "unset");
        int rc = prosecution_rules_parse(text, strlen(text), &s, &r, why, sizeof why);
        free(text);
        if (rc != SG_EINVAL)
            fail_msg("case %zu (%s) was accepted", i, cases[i].why);
        if (!strstr(why, cases[i].why))
            fail_msg("case %zu: \"%s\" does not say %s", i, why, cases[i].why);
        assert_null(r.doc);
    }
    prosecution_rules r;
    assert_int_equal(prosecution_rules_parse("{", 1, NULL, &r, why, sizeof why), SG_EINVAL);
    assert_int_equal(prosecution_rules_parse("[]", 2, NULL, &r, why, sizeof why), SG_EINVAL);
    screening_rules_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decisions_and_grounds),
        cmocka_unit_test(test_diversion_ages_and_offences),
        cmocka_unit_test(test_diversion_waits),
        cmocka_unit_test(test_comensha),
        cmocka_unit_test(test_shares_per_receiver),
        cmocka_unit_test(test_refuses_malformed),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
