/* Unit tests for domain/meldcode: every answer vector of the five
 * afwegingskader questions against the seven valid paths, step 5's two
 * decisions against every advice (the 2019 afwegingskader), the experts of
 * step 2, and the code tables.  Whose consent counts by age is
 * tests/unit/legal_test.c's. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "domain/meldcode.h"

#define N MELDCODE_QUESTIONS

/* The only valid ways through the afwegingskader, written out by hand from
 * the Meldcode (../shared/domain/README.md), not derived from the code. */
typedef struct path {
    meldcode_answer answers[N];
    meldcode_decision decision;
    int decisive;
} path;

#define Y ANSWER_YES
#define NO ANSWER_NO
#define U ANSWER_UNKNOWN
#define _ ANSWER_NONE

static const path valid_paths[] = {
    /* 1 no suspicion: close and record */
    {{NO, _, _, _, _}, DECISION_CLOSE, 1},
    /* 2 acute or structural unsafety: report; help is weighed with Veilig Thuis */
    {{Y, Y, _, _, _}, DECISION_REPORT_WEIGH, 2},
    /* 3 no proper help possible: report */
    {{Y, NO, NO, _, _}, DECISION_REPORT, 3},
    /* 4 help not accepted: report */
    {{Y, NO, Y, NO, _}, DECISION_REPORT, 4},
    /* 5 no results in time: report (again) and go on helping */
    {{Y, NO, Y, Y, NO}, DECISION_REPORT_AND_HELP, 5},
    /* 5 results, or not known yet: organise help and monitor */
    {{Y, NO, Y, Y, Y}, DECISION_HELP, 5},
    {{Y, NO, Y, Y, U}, DECISION_HELP, 5},
};
#define NPATHS ((int)(sizeof valid_paths / sizeof valid_paths[0]))

static const char *show(const meldcode_answer a[N], char *buf, size_t n)
{
    static const char *const names[] = {"-", "yes", "no", "unknown"};
    snprintf(buf, n, "[%s %s %s %s %s]", names[a[0]], names[a[1]], names[a[2]], names[a[3]],
             names[a[4]]);
    return buf;
}

static void test_every_answer_vector(void **state)
{
    (void)state;
    int accepted = 0, refused = 0;
    int found[NPATHS] = {0};
    /* 4^5 vectors: each question none, yes, no or unknown. */
    for (int code = 0; code < 4 * 4 * 4 * 4 * 4; code++) {
        meldcode_answer a[N];
        for (int q = 0, c = code; q < N; q++, c /= 4)
            a[q] = (meldcode_answer)(c % 4);
        const path *want = NULL;
        for (int p = 0; p < NPATHS; p++)
            if (memcmp(a, valid_paths[p].answers, sizeof a) == 0) {
                want = &valid_paths[p];
                found[p]++;
            }
        meldcode_decision d = (meldcode_decision)99;
        int decisive = -1;
        const char *why = NULL;
        char buf[64];
        int rc = meldcode_weigh(a, &d, &decisive, &why);
        if (want) {
            if (rc != SG_OK)
                fail_msg("%s refused: %s", show(a, buf, sizeof buf), why ? why : "?");
            if (d != want->decision || decisive != want->decisive)
                fail_msg("%s: decision %s at question %d, expected %s at %d",
                         show(a, buf, sizeof buf), meldcode_decision_code(d), decisive,
                         meldcode_decision_code(want->decision), want->decisive);
            assert_non_null(why);
            accepted++;
        } else {
            if (rc != SG_EINVAL)
                fail_msg("%s accepted (rc %d, decision %s)", show(a, buf, sizeof buf), rc,
                         meldcode_decision_code(d));
            if (!why || !*why)
                fail_msg("%s refused without a reason", show(a, buf, sizeof buf));
            refused++;
        }
    }
    assert_int_equal(accepted, NPATHS);
    assert_int_equal(refused, 1024 - NPATHS);
    for (int p = 0; p < NPATHS; p++)
        assert_int_equal(found[p], 1);
}

/* The reasons say what is wrong, for the three kinds of mistake. */
static void expect_why(meldcode_answer a0, meldcode_answer a1, meldcode_answer a2,
                       meldcode_answer a3, meldcode_answer a4, const char *want)
{
    meldcode_answer a[N] = {a0, a1, a2, a3, a4};
    meldcode_decision d;
    int decisive;
    const char *why = NULL;
    char buf[64];
    assert_int_equal(meldcode_weigh(a, &d, &decisive, &why), SG_EINVAL);
    if (!why || !strstr(why, want))
        fail_msg("%s: why \"%s\", expected \"%s\"", show(a, buf, sizeof buf), why ? why : "", want);
}

static void test_refusal_reasons(void **state)
{
    (void)state;
    /* Answered after the decisive question. */
    expect_why(NO, Y, _, _, _, "after the decisive");
    expect_why(NO, _, _, _, Y, "after the decisive");
    expect_why(Y, Y, NO, _, _, "after the decisive");
    expect_why(Y, NO, NO, Y, Y, "after the decisive");
    expect_why(Y, NO, Y, NO, NO, "after the decisive");
    /* Not answered in order up to a decision. */
    expect_why(_, _, _, _, _, "in order");
    expect_why(_, Y, _, _, _, "in order");
    expect_why(Y, _, _, _, _, "in order");
    expect_why(Y, NO, _, Y, _, "in order");
    expect_why(Y, NO, Y, Y, _, "in order");
    /* 'Not yet known' belongs to question 5 only. */
    expect_why(U, _, _, _, _, "only question 5");
    expect_why(Y, U, _, _, _, "only question 5");
    expect_why(Y, NO, U, _, _, "only question 5");
    expect_why(Y, NO, Y, U, _, "only question 5");
}

/* ---- codes and names -------------------------------------------------- */

static void test_decision_codes(void **state)
{
    (void)state;
    static const char *const codes[] = {"close-and-record", "report-to-veilig-thuis",
                                        "organise-help-and-monitor", "report-and-help",
                                        "report-and-weigh-help-with-veilig-thuis"};
    for (int d = DECISION_CLOSE; d <= DECISION_REPORT_WEIGH; d++) {
        const char *code = meldcode_decision_code((meldcode_decision)d);
        assert_string_equal(code, codes[d - DECISION_CLOSE]);
        meldcode_decision back = DECISION_NONE;
        assert_int_equal(meldcode_decision_parse(code, &back), SG_OK);
        assert_int_equal(back, d);
        const char *nl = meldcode_decision_name((meldcode_decision)d, true);
        const char *en = meldcode_decision_name((meldcode_decision)d, false);
        assert_true(*nl && *en);
        assert_string_not_equal(nl, en);
        for (int o = DECISION_CLOSE; o < d; o++)
            assert_string_not_equal(nl, meldcode_decision_name((meldcode_decision)o, true));
    }
    assert_string_equal(meldcode_decision_code(DECISION_NONE), "");
    assert_string_equal(meldcode_decision_code((meldcode_decision)(DECISION_REPORT_WEIGH + 1)), "");
    assert_string_equal(
        meldcode_decision_name((meldcode_decision)(DECISION_REPORT_WEIGH + 1), true), "");
    static const char *const bad[] = {
        "", "report", "Close-and-record", "close-and-record ", "none", "organise-help"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        meldcode_decision out = DECISION_REPORT;
        assert_int_equal(meldcode_decision_parse(bad[i], &out), SG_EINVAL);
        assert_int_equal(out, DECISION_REPORT); /* untouched on refusal */
    }
    meldcode_decision out;
    assert_int_equal(meldcode_decision_parse(NULL, &out), SG_EINVAL);
}

/* Every code stands for one pair of decisions, and back; the codes of
 * before 2019 read as the pair they meant. */
static void test_decision_pairs(void **state)
{
    (void)state;
    static const struct {
        meldcode_decision d;
        bool report, help, with_vt;
    } pairs[] = {
        {DECISION_NONE, false, false, false},          {DECISION_CLOSE, false, false, false},
        {DECISION_REPORT, true, false, false},         {DECISION_HELP, false, true, false},
        {DECISION_REPORT_AND_HELP, true, true, false}, {DECISION_REPORT_WEIGH, true, false, true},
        {(meldcode_decision)99, false, false, false},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        bool report = !pairs[i].report, help = !pairs[i].help, with_vt = !pairs[i].with_vt;
        meldcode_decision_pair(pairs[i].d, &report, &help, &with_vt);
        assert_int_equal(report, pairs[i].report);
        assert_int_equal(help, pairs[i].help);
        assert_int_equal(with_vt, pairs[i].with_vt);
    }
    assert_int_equal(meldcode_decision_of(false, false), DECISION_CLOSE);
    assert_int_equal(meldcode_decision_of(true, false), DECISION_REPORT);
    assert_int_equal(meldcode_decision_of(false, true), DECISION_HELP);
    assert_int_equal(meldcode_decision_of(true, true), DECISION_REPORT_AND_HELP);
}

/* Step 5 against the advice of step 4: every advice, every pair of
 * decisions, with and without Veilig Thuis and a justification. */
static void test_decide(void **state)
{
    (void)state;
    static const struct {
        meldcode_decision advised;
        bool report, help, with_vt, justified;
        const char *field; /* NULL: accepted */
        bool deviates;
    } rows[] = {
        /* Close: deciding to close as advised; anything else deviates. */
        {DECISION_CLOSE, false, false, false, false, NULL, false},
        {DECISION_CLOSE, true, false, false, false, "justification", true},
        {DECISION_CLOSE, true, false, false, true, NULL, true},
        {DECISION_CLOSE, false, true, false, true, NULL, true},
        /* Report: report only as advised; report and help deviates on help. */
        {DECISION_REPORT, true, false, false, false, NULL, false},
        {DECISION_REPORT, true, true, false, false, "justification", true},
        {DECISION_REPORT, true, true, false, true, NULL, true},
        {DECISION_REPORT, false, true, false, false, "justification", true},
        {DECISION_REPORT, false, false, false, true, NULL, true},
        /* Help: not reporting as advised; reporting too deviates. */
        {DECISION_HELP, false, true, false, false, NULL, false},
        {DECISION_HELP, true, true, false, false, "justification", true},
        {DECISION_HELP, true, true, false, true, NULL, true},
        /* Report and help ("melden én hulp"). */
        {DECISION_REPORT_AND_HELP, true, true, false, false, NULL, false},
        {DECISION_REPORT_AND_HELP, true, false, false, false, "justification", true},
        {DECISION_REPORT_AND_HELP, false, true, false, false, "justification", true},
        /* Acute or structural unsafety: report, and weigh help with Veilig
         * Thuis, which must be recorded; help either way then. */
        {DECISION_REPORT_WEIGH, true, false, true, false, NULL, false},
        {DECISION_REPORT_WEIGH, true, true, true, false, NULL, false},
        {DECISION_REPORT_WEIGH, true, true, false, false, "with_veilig_thuis", false},
        {DECISION_REPORT_WEIGH, true, false, false, true, "with_veilig_thuis", false},
        /* Not reporting at acute unsafety needs a justification, not Veilig Thuis. */
        {DECISION_REPORT_WEIGH, false, true, false, false, "justification", true},
        {DECISION_REPORT_WEIGH, false, true, false, true, NULL, true},
        {DECISION_REPORT_WEIGH, false, false, false, true, NULL, true},
        /* Weighing with Veilig Thuis is never wrong in itself. */
        {DECISION_REPORT, true, false, true, false, NULL, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        meldcode_choice c = {.report = rows[i].report,
                             .help = rows[i].help,
                             .with_veilig_thuis = rows[i].with_vt,
                             .justified = rows[i].justified};
        bool deviates = !rows[i].deviates;
        const char *field = NULL, *why = NULL;
        int rc = meldcode_decide(rows[i].advised, &c, &deviates, &field, &why);
        if (!rows[i].field) {
            if (rc != SG_OK)
                fail_msg("row %zu (%s): refused on %s: %s", i,
                         meldcode_decision_code(rows[i].advised), field, why);
            if (deviates != rows[i].deviates)
                fail_msg("row %zu (%s): deviates %d", i, meldcode_decision_code(rows[i].advised),
                         deviates);
        } else {
            if (rc != SG_EINVAL || strcmp(field, rows[i].field) != 0)
                fail_msg("row %zu (%s): expected a refusal on %s, got rc %d on %s", i,
                         meldcode_decision_code(rows[i].advised), rows[i].field, rc,
                         field ? field : "-");
            assert_true(why && *why);
        }
    }
}

/* The experts of step 2: the Besluit's three, and the chain's own. */
static void test_experts(void **state)
{
    (void)state;
    static const char *const want[] = {"colleague",     "aandachtsfunctionaris", "veilig-thuis",
                                       "injury-expert", "youth-doctor",          "expert-group",
                                       "other"};
    int n = 0;
    for (; meldcode_experts[n]; n++) {
        assert_string_equal(meldcode_experts[n], want[n]);
        assert_true(*meldcode_expert_name(meldcode_experts[n], true));
        assert_string_not_equal(meldcode_expert_name(meldcode_experts[n], true),
                                meldcode_expert_name(meldcode_experts[n], false));
    }
    assert_int_equal(n, 7);
    assert_non_null(strstr(meldcode_expert_name("injury-expert", true), "letselduiding"));
    assert_string_equal(meldcode_expert_name("astrologer", true), "");
    assert_string_equal(meldcode_expert_name(NULL, false), "");
}

static void test_answer_codes(void **state)
{
    (void)state;
    static const char *const codes[] = {"yes", "no", "unknown"};
    for (int a = ANSWER_YES; a <= ANSWER_UNKNOWN; a++) {
        const char *code = meldcode_answer_code((meldcode_answer)a);
        assert_string_equal(code, codes[a - ANSWER_YES]);
        meldcode_answer back = ANSWER_NONE;
        assert_int_equal(meldcode_answer_parse(code, &back), SG_OK);
        assert_int_equal(back, a);
    }
    assert_string_equal(meldcode_answer_code(ANSWER_NONE), "");
    assert_string_equal(meldcode_answer_code((meldcode_answer)(ANSWER_UNKNOWN + 1)), "");
    static const char *const bad[] = {"", "Yes", "ja", "nee", "maybe", "none", "null"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        meldcode_answer out = ANSWER_NO;
        assert_int_equal(meldcode_answer_parse(bad[i], &out), SG_EINVAL);
        assert_int_equal(out, ANSWER_NO);
    }
    meldcode_answer out;
    assert_int_equal(meldcode_answer_parse(NULL, &out), SG_EINVAL);
}

static void test_step_and_question_names(void **state)
{
    (void)state;
    for (int s = 1; s <= MELDCODE_STEPS; s++) {
        assert_true(*meldcode_step_name(s, true));
        assert_true(*meldcode_step_name(s, false));
        assert_string_not_equal(meldcode_step_name(s, true), meldcode_step_name(s, false));
        for (int o = 1; o < s; o++)
            assert_string_not_equal(meldcode_step_name(s, false), meldcode_step_name(o, false));
    }
    assert_string_equal(meldcode_step_name(0, true), "");
    assert_string_equal(meldcode_step_name(MELDCODE_STEPS + 1, false), "");
    for (int q = 1; q <= MELDCODE_QUESTIONS; q++) {
        assert_true(strchr(meldcode_question(q, true), '?') != NULL);
        assert_true(strchr(meldcode_question(q, false), '?') != NULL);
        assert_string_not_equal(meldcode_question(q, true), meldcode_question(q, false));
    }
    assert_non_null(strstr(meldcode_question(1, false), "suspicion"));
    assert_non_null(strstr(meldcode_question(2, false), "unsafety"));
    assert_non_null(strstr(meldcode_question(3, false), "help"));
    assert_non_null(strstr(meldcode_question(4, false), "accept"));
    assert_non_null(strstr(meldcode_question(5, false), "safety"));
    /* Step 5 takes the two decisions of the Besluit. */
    assert_non_null(strstr(meldcode_step_name(5, true), "melden noodzakelijk"));
    assert_non_null(strstr(meldcode_step_name(5, true), "(ook) mogelijk"));
    assert_non_null(strstr(meldcode_step_name(2, true), "letselduiding"));
    assert_string_equal(meldcode_question(0, true), "");
    assert_string_equal(meldcode_question(MELDCODE_QUESTIONS + 1, true), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_answer_vector),
        cmocka_unit_test(test_refusal_reasons),
        cmocka_unit_test(test_decision_codes),
        cmocka_unit_test(test_decision_pairs),
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_experts),
        cmocka_unit_test(test_answer_codes),
        cmocka_unit_test(test_step_and_question_names),
    };
    return cmocka_run_group_tests_name("meldcode", tests, NULL, NULL);
}
