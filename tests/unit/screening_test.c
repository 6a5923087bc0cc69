/* Unit tests for domain/screening: the published rules of
 * data/screening.json, a table of answer sets with the signs and the rule
 * that advises them (the first rule that fires wins), the codes of answers
 * and signs, and the refusal of malformed rule sets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_file.h"
#include "domain/screening.h"

#define RULES_PATH SIGNAAL_SOURCE_DIR "/data/screening.json"

/* The text of data/screening.json, read once. */
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

static void load_published(screening_rules *r)
{
    char why[256] = "unset";
    if (screening_rules_parse(rules_text, rules_len, r, why, sizeof why) != SG_OK)
        fail_msg("data/screening.json is refused: %s", why);
}

/* ---- the published rules ---------------------------------------------- */

static const char *const questions[] = {
    "debt",
    "threats",
    "controlled",
    "recruited",
    "rewarded-in-kind",
    "professional-offence",
    "drugs-in-body",
    "withdrawn-disclosure",
};

static void test_published_rules(void **state)
{
    (void)state;
    screening_rules r;
    load_published(&r);
    assert_non_null(r.doc);
    assert_int_equal(r.version, 1);
    assert_int_equal(r.nquestions, 8);
    for (int i = 0; i < 8; i++) {
        assert_string_equal(r.questions[i], questions[i]);
        assert_int_equal(screening_question_index(&r, questions[i]), i);
    }
    static const char *const offences[] = {
        "drugs-dealing", "drugs-courier", "drugs-extraction", "theft",      "fraud",
        "money-mule",    "violence",      "weapons",          "explosives", "other",
    };
    assert_int_equal(r.noffences, 10);
    for (int i = 0; i < 10; i++) {
        assert_string_equal(r.offences[i], offences[i]);
        assert_int_equal(screening_offence_index(&r, offences[i]), i);
    }
    assert_int_equal(screening_question_index(&r, "no-such-question"), -1);
    assert_int_equal(screening_question_index(&r, "theft"), -1); /* an offence, not a question */
    assert_int_equal(screening_question_index(&r, NULL), -1);
    assert_int_equal(screening_offence_index(&r, "debt"), -1);
    assert_int_equal(screening_offence_index(&r, ""), -1);
    assert_int_equal(screening_offence_index(&r, NULL), -1);

    assert_int_equal(r.nrules, 5);
    const screening_rule *R = r.rules;
    assert_string_equal(R[0].id, "R1");
    assert_int_equal(R[0].signs, SIGNS_STRONG);
    assert_true(R[0].has_any_yes);
    static const bool r1[8] = {true, true, true, false, false, false, true, false};
    for (int i = 0; i < 8; i++)
        assert_int_equal(R[0].any_yes[i], r1[i]);
    assert_string_equal(R[1].id, "R2");
    assert_int_equal(R[1].signs, SIGNS_STRONG);
    assert_int_equal(R[1].min_yes, 3);
    assert_string_equal(R[2].id, "R3");
    assert_int_equal(R[2].signs, SIGNS_POSSIBLE);
    assert_int_equal(R[2].min_yes, 1);
    assert_string_equal(R[3].id, "R4");
    assert_int_equal(R[3].signs, SIGNS_POSSIBLE);
    assert_true(R[3].outside_region);
    assert_true(R[3].has_offence_in);
    for (int i = 0; i < 10; i++)
        assert_int_equal(R[3].offence_in[i], i < 3);
    assert_string_equal(R[4].id, "R5");
    assert_int_equal(R[4].signs, SIGNS_POSSIBLE);
    assert_int_equal(R[4].min_unknown, 4);
    screening_rules_free(&r);
    assert_null(r.doc);
    assert_int_equal(r.nrules, 0);
    screening_rules_free(&r); /* twice is harmless */
}

/* ---- codes ------------------------------------------------------------- */

static void test_codes(void **state)
{
    (void)state;
    screening_answer a = SCREEN_UNANSWERED;
    assert_int_equal(screening_answer_parse("yes", &a), SG_OK);
    assert_int_equal(a, SCREEN_YES);
    assert_int_equal(screening_answer_parse("no", &a), SG_OK);
    assert_int_equal(a, SCREEN_NO);
    assert_int_equal(screening_answer_parse("unknown", &a), SG_OK);
    assert_int_equal(a, SCREEN_UNKNOWN);
    static const char *const bad_answers[] = {"",      "YES",  "Yes",       "ja",
                                              "maybe", "yes ", "unanswered"};
    for (size_t i = 0; i < sizeof bad_answers / sizeof bad_answers[0]; i++) {
        a = SCREEN_YES;
        if (screening_answer_parse(bad_answers[i], &a) != SG_EINVAL)
            fail_msg("answer \"%s\" accepted", bad_answers[i]);
    }
    assert_int_equal(screening_answer_parse(NULL, &a), SG_EINVAL);

    static const char *const codes[] = {"none", "possible", "strong"};
    for (int i = 0; i < 3; i++) {
        screening_signs s = SIGNS_NONE;
        assert_int_equal(screening_signs_parse(codes[i], &s), SG_OK);
        assert_int_equal(s, (screening_signs)i);
        assert_string_equal(screening_signs_code(s), codes[i]);
    }
    screening_signs s;
    assert_int_equal(screening_signs_parse("Strong", &s), SG_EINVAL);
    assert_int_equal(screening_signs_parse("", &s), SG_EINVAL);
    assert_int_equal(screening_signs_parse("severe", &s), SG_EINVAL);
    assert_int_equal(screening_signs_parse(NULL, &s), SG_EINVAL);
    assert_string_equal(screening_signs_code((screening_signs)3), "");
    assert_string_equal(screening_signs_code((screening_signs)-1), "");
}

/* ---- the table --------------------------------------------------------- */

typedef struct row {
    const char *name;
    /* One letter per question, in published order: y(es), n(o), u(nknown), - (unanswered). */
    const char *answers;
    const char *offence; /* an offence id, or NULL for one the rules do not know */
    bool outside;
    screening_signs signs;
    const char *rule;
    int yes, unknown;
} row;

/* The letters follow the published questions: debt, threats, controlled,
 * recruited, rewarded-in-kind, professional-offence, drugs-in-body,
 * withdrawn-disclosure. */
static const row table[] = {
    {"all no", "nnnnnnnn", "theft", false, SIGNS_NONE, "otherwise", 0, 0},
    {"all no, outside the region", "nnnnnnnn", "theft", true, SIGNS_NONE, "otherwise", 0, 0},
    {"drugs in the body", "nnnnnnyn", "drugs-courier", false, SIGNS_STRONG, "R1", 1, 0},
    {"controlled by others", "nnynnnnn", "theft", false, SIGNS_STRONG, "R1", 1, 0},
    {"threats", "nynnnnnn", "fraud", false, SIGNS_STRONG, "R1", 1, 0},
    {"a debt", "ynnnnnnn", "money-mule", false, SIGNS_STRONG, "R1", 1, 0},
    {"a debt, the rest unknown", "yuuuuuuu", "other", false, SIGNS_STRONG, "R1", 1, 7},
    {"a debt and three more: R1 comes first", "ynnyyynn", "theft", false, SIGNS_STRONG, "R1", 4, 0},
    {"every answer yes", "yyyyyyyy", "weapons", true, SIGNS_STRONG, "R1", 8, 0},
    {"three other signs", "nnnyyynn", "theft", false, SIGNS_STRONG, "R2", 3, 0},
    {"three other signs, one being a withdrawn disclosure", "nnnynyny", "violence", false,
     SIGNS_STRONG, "R2", 3, 0},
    {"two other signs", "nnnyynnn", "theft", false, SIGNS_POSSIBLE, "R3", 2, 0},
    {"one sign: recruited", "nnnynnnn", "theft", false, SIGNS_POSSIBLE, "R3", 1, 0},
    {"one sign: a withdrawn disclosure", "nnnnnnny", "violence", false, SIGNS_POSSIBLE, "R3", 1, 0},
    {"one sign: a professional offence", "nnnnnynn", "explosives", false, SIGNS_POSSIBLE, "R3", 1,
     0},
    {"one sign and a drug offence outside the region: R3 comes first", "nnnynnnn", "drugs-dealing",
     true, SIGNS_POSSIBLE, "R3", 1, 0},
    {"dealing outside the region", "nnnnnnnn", "drugs-dealing", true, SIGNS_POSSIBLE, "R4", 0, 0},
    {"a courier outside the region", "nnnnnnnn", "drugs-courier", true, SIGNS_POSSIBLE, "R4", 0, 0},
    {"port extraction outside the region", "nnnnnnnn", "drugs-extraction", true, SIGNS_POSSIBLE,
     "R4", 0, 0},
    {"dealing inside the region", "nnnnnnnn", "drugs-dealing", false, SIGNS_NONE, "otherwise", 0,
     0},
    {"theft outside the region", "nnnnnnnn", "theft", true, SIGNS_NONE, "otherwise", 0, 0},
    {"an unknown offence outside the region", "nnnnnnnn", NULL, true, SIGNS_NONE, "otherwise", 0,
     0},
    {"four unknown", "uuuunnnn", "theft", false, SIGNS_POSSIBLE, "R5", 0, 4},
    {"four unknown elsewhere", "nnnnuuuu", "fraud", false, SIGNS_POSSIBLE, "R5", 0, 4},
    {"three unknown", "uuunnnnn", "theft", false, SIGNS_NONE, "otherwise", 0, 3},
    {"four unknown and a drug offence outside: R4 comes first", "uuuunnnn", "drugs-dealing", true,
     SIGNS_POSSIBLE, "R4", 0, 4},
    {"unanswered counts as unknown", "--------", "theft", false, SIGNS_POSSIBLE, "R5", 0, 8},
    {"two unanswered and two unknown", "--uunnnn", "theft", false, SIGNS_POSSIBLE, "R5", 0, 4},
    {"three unanswered", "---nnnnn", "theft", false, SIGNS_NONE, "otherwise", 0, 3},
    {"unknown never counts as yes", "nnnuuunn", "theft", false, SIGNS_NONE, "otherwise", 0, 3},
};

static void answers_of(const char *spec, screening_answer *out)
{
    assert_int_equal(strlen(spec), 8);
    for (int i = 0; i < SCREENING_MAX_QUESTIONS; i++)
        out[i] = SCREEN_UNANSWERED;
    for (int i = 0; i < 8; i++)
        out[i] = spec[i] == 'y'   ? SCREEN_YES
                 : spec[i] == 'n' ? SCREEN_NO
                 : spec[i] == 'u' ? SCREEN_UNKNOWN
                                  : SCREEN_UNANSWERED;
}

static void test_table(void **state)
{
    (void)state;
    screening_rules r;
    load_published(&r);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        const row *t = &table[i];
        screening_answer answers[SCREENING_MAX_QUESTIONS];
        answers_of(t->answers, answers);
        int offence = t->offence ? screening_offence_index(&r, t->offence) : -1;
        if (t->offence && offence < 0)
            fail_msg("%s: unknown offence %s in the test", t->name, t->offence);
        screening_advice adv;
        memset(&adv, 0xff, sizeof adv);
        screening_advise(&r, answers, offence, t->outside, &adv);
        if (adv.signs != t->signs || !adv.rule_id || strcmp(adv.rule_id, t->rule) != 0)
            fail_msg("%s: got %s by %s, expected %s by %s", t->name,
                     screening_signs_code(adv.signs), adv.rule_id ? adv.rule_id : "(null)",
                     screening_signs_code(t->signs), t->rule);
        if (adv.yes != t->yes || adv.unknown != t->unknown)
            fail_msg("%s: counted %d yes and %d unknown, expected %d and %d", t->name, adv.yes,
                     adv.unknown, t->yes, t->unknown);
    }
    screening_rules_free(&r);
}

/* Any one of the four direct signs alone is strong; every other single yes
 * is possible, whatever the other answers (no or unknown below four). */
static void test_each_question_alone(void **state)
{
    (void)state;
    screening_rules r;
    load_published(&r);
    for (int q = 0; q < 8; q++) {
        bool direct = strcmp(questions[q], "debt") == 0 || strcmp(questions[q], "threats") == 0
                      || strcmp(questions[q], "controlled") == 0
                      || strcmp(questions[q], "drugs-in-body") == 0;
        for (int filler = 0; filler < 2; filler++) {
            screening_answer answers[SCREENING_MAX_QUESTIONS] = {SCREEN_UNANSWERED};
            for (int i = 0; i < 8; i++)
                answers[i] = filler && i < 3 && i != q ? SCREEN_UNKNOWN : SCREEN_NO;
            answers[q] = SCREEN_YES;
            screening_advice adv;
            screening_advise(&r, answers, screening_offence_index(&r, "theft"), false, &adv);
            if (adv.signs != (direct ? SIGNS_STRONG : SIGNS_POSSIBLE))
                fail_msg("%s alone: got %s", questions[q], screening_signs_code(adv.signs));
            assert_string_equal(adv.rule_id, direct ? "R1" : "R3");
            assert_int_equal(adv.yes, 1);
        }
    }
    screening_rules_free(&r);
}

/* ---- rules of one's own ------------------------------------------------ */

#define QUESTIONS                                                                                  \
    "[{\"id\": \"q1\", \"nl\": \"a\", \"en\": \"a\"}, {\"id\": \"q2\", \"nl\": \"b\", \"en\":"     \
    " \"b\"}, {\"id\": \"q3\", \"nl\": \"c\", \"en\": \"c\"}]"
#define OFFENCES                                                                                   \
    "[{\"id\": \"o1\", \"nl\": \"a\", \"en\": \"a\"}, {\"id\": \"o2\", \"nl\": \"b\", \"en\":"     \
    " \"b\"}]"
#define OTHERWISE "{\"signs\": \"none\", \"why\": {\"nl\": \"x\", \"en\": \"x\"}}"
#define WHY "\"why\": {\"nl\": \"w\", \"en\": \"w\"}"

static char *doc(const char *questions_json, const char *offences_json, const char *rules,
                 const char *otherwise)
{
    size_t n =
        strlen(questions_json) + strlen(offences_json) + strlen(rules) + strlen(otherwise) + 256;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n,
             "{\"version\": 2, \"questions\": %s, \"offences\": %s, \"rules\": %s,"
             " \"otherwise\": %s}",
             questions_json, offences_json, rules, otherwise);
    return text;
}

static void test_custom_rules(void **state)
{
    (void)state;
    char *text = doc(QUESTIONS, OFFENCES,
                     "[{\"id\": \"A\", \"signs\": \"strong\", \"when\": {\"any_yes\": [\"q3\"],"
                     " \"min_yes\": 2}, " WHY "},"
                     " {\"id\": \"B\", \"signs\": \"possible\", \"when\": {\"offence_in\":"
                     " [\"o2\"]}, " WHY "}]",
                     OTHERWISE);
    screening_rules r;
    char why[256] = "";
    int rc = screening_rules_parse(text, strlen(text), &r, why, sizeof why);
    free(text);
    if (rc != SG_OK)
        fail_msg("refused: %s", why);
    assert_int_equal(r.version, 2);
    assert_int_equal(r.nquestions, 3);
    assert_int_equal(r.noffences, 2);
    assert_int_equal(r.nrules, 2);
    screening_answer ans[SCREENING_MAX_QUESTIONS] = {SCREEN_NO, SCREEN_NO, SCREEN_YES};
    screening_advice adv;
    /* A needs q3 and two yes together. */
    screening_advise(&r, ans, 0, false, &adv);
    assert_int_equal(adv.signs, SIGNS_NONE);
    assert_string_equal(adv.rule_id, "otherwise");
    ans[0] = SCREEN_YES;
    screening_advise(&r, ans, 0, false, &adv);
    assert_int_equal(adv.signs, SIGNS_STRONG);
    assert_string_equal(adv.rule_id, "A");
    ans[2] = SCREEN_NO;
    ans[1] = SCREEN_YES;
    screening_advise(&r, ans, 0, false, &adv);
    assert_int_equal(adv.signs, SIGNS_NONE);
    /* B: the offence alone, inside or outside. */
    screening_advise(&r, ans, 1, false, &adv);
    assert_int_equal(adv.signs, SIGNS_POSSIBLE);
    assert_string_equal(adv.rule_id, "B");
    screening_advise(&r, ans, -1, true, &adv);
    assert_int_equal(adv.signs, SIGNS_NONE);
    screening_rules_free(&r);

    /* No rules at all: everything is none. */
    text = doc(QUESTIONS, OFFENCES, "[]", OTHERWISE);
    rc = screening_rules_parse(text, strlen(text), &r, why, sizeof why);
    free(text);
    assert_int_equal(rc, SG_OK);
    screening_answer all_yes[SCREENING_MAX_QUESTIONS] = {SCREEN_YES, SCREEN_YES, SCREEN_YES};
    screening_advise(&r, all_yes, 0, true, &adv);
    assert_int_equal(adv.signs, SIGNS_NONE);
    assert_string_equal(adv.rule_id, "otherwise");
    assert_int_equal(adv.yes, 3);
    screening_rules_free(&r);

    /* 16 questions and 16 rules are the most. */
    char qs[4096], rules[8192];
    size_t used = (size_t)snprintf(qs, sizeof qs, "[");
    for (int i = 0; i < 16; i++)
        used +=
            (size_t)snprintf(qs + used, sizeof qs - used,
                             "%s{\"id\": \"q%d\", \"nl\": \"x\", \"en\": \"x\"}", i ? "," : "", i);
    snprintf(qs + used, sizeof qs - used, "]");
    used = (size_t)snprintf(rules, sizeof rules, "[");
    for (int i = 0; i < 16; i++)
        used += (size_t)snprintf(rules + used, sizeof rules - used,
                                 "%s{\"id\": \"R%d\", \"signs\": \"possible\", \"when\":"
                                 " {\"min_yes\": %d}, " WHY "}",
                                 i ? "," : "", i, 16 - i);
    snprintf(rules + used, sizeof rules - used, "]");
    text = doc(qs, OFFENCES, rules, OTHERWISE);
    rc = screening_rules_parse(text, strlen(text), &r, why, sizeof why);
    free(text);
    if (rc != SG_OK)
        fail_msg("16 questions and rules refused: %s", why);
    assert_int_equal(r.nquestions, 16);
    assert_int_equal(r.nrules, 16);
    screening_answer sixteen[SCREENING_MAX_QUESTIONS];
    for (int i = 0; i < 16; i++)
        sixteen[i] = i < 5 ? SCREEN_YES : SCREEN_NO;
    screening_advise(&r, sixteen, 0, false, &adv);
    assert_string_equal(adv.rule_id, "R11"); /* the first with min_yes <= 5 */
    assert_int_equal(adv.yes, 5);
    screening_rules_free(&r);
}

/* ---- refusals --------------------------------------------------------- */

static void expect_text_refused(const char *what, const char *text, const char *want)
{
    screening_rules r;
    char why[256] = "";
    int rc = screening_rules_parse(text, strlen(text), &r, why, sizeof why);
    if (rc == SG_OK)
        screening_rules_free(&r);
    if (rc != SG_EINVAL)
        fail_msg("%s: accepted (rc %d)", what, rc);
    if (!strstr(why, want))
        fail_msg("%s: why is \"%s\", expected \"%s\"", what, why, want);
    assert_null(r.doc);
}

static void expect_refused(const char *what, const char *questions_json, const char *offences_json,
                           const char *rules, const char *otherwise, const char *want)
{
    /* On the stack, so that a failing check leaks nothing. */
    char text[16384];
    char *heap = doc(questions_json, offences_json, rules, otherwise);
    assert_true(strlen(heap) < sizeof text);
    memcpy(text, heap, strlen(heap) + 1);
    free(heap);
    expect_text_refused(what, text, want);
}

/* A rule set with one rule whose members are given. */
static void expect_rule_refused(const char *what, const char *rule_members, const char *want)
{
    char rules[2048];
    snprintf(rules, sizeof rules, "[{%s}]", rule_members);
    expect_refused(what, QUESTIONS, OFFENCES, rules, OTHERWISE, want);
}

static void test_refusals(void **state)
{
    (void)state;
    expect_text_refused("empty", "", "not valid JSON");
    expect_text_refused("a duplicate key", "{\"version\": 1, \"version\": 2}", "not valid JSON");
    expect_text_refused("no version", "{\"questions\": []}", "version");
    expect_text_refused("version 0", "{\"version\": 0}", "version");
    screening_rules r;
    char why[256] = "";
    assert_int_equal(screening_rules_parse(rules_text, rules_len / 2, &r, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "not valid JSON"));

    /* Questions and offences. */
    expect_refused("no questions", "null", OFFENCES, "[]", OTHERWISE, "questions");
    expect_refused("an empty question list", "[]", OFFENCES, "[]", OTHERWISE, "questions");
    expect_refused("a question without English", "[{\"id\": \"q1\", \"nl\": \"a\"}]", OFFENCES,
                   "[]", OTHERWISE, "questions");
    expect_refused("a question id in capitals", "[{\"id\": \"Q1\", \"nl\": \"a\", \"en\": \"a\"}]",
                   OFFENCES, "[]", OTHERWISE, "questions");
    expect_refused("a question twice",
                   "[{\"id\": \"q1\", \"nl\": \"a\", \"en\": \"a\"}, {\"id\": \"q1\", \"nl\":"
                   " \"b\", \"en\": \"b\"}]",
                   OFFENCES, "[]", OTHERWISE, "unique id");
    {
        char qs[4096];
        size_t used = (size_t)snprintf(qs, sizeof qs, "[");
        for (int i = 0; i < 17; i++)
            used += (size_t)snprintf(qs + used, sizeof qs - used,
                                     "%s{\"id\": \"q%d\", \"nl\": \"x\", \"en\": \"x\"}",
                                     i ? "," : "", i);
        snprintf(qs + used, sizeof qs - used, "]");
        expect_refused("17 questions", qs, OFFENCES, "[]", OTHERWISE, "1 to 16");
    }
    expect_refused("no offences", QUESTIONS, "null", "[]", OTHERWISE, "offences");
    expect_refused("an empty offence list", QUESTIONS, "[]", "[]", OTHERWISE, "offences");
    expect_refused("an offence twice", QUESTIONS,
                   "[{\"id\": \"o1\", \"nl\": \"a\", \"en\": \"a\"}, {\"id\": \"o1\", \"nl\":"
                   " \"b\", \"en\": \"b\"}]",
                   "[]", OTHERWISE, "offences");
    expect_refused("an offence without Dutch", QUESTIONS, "[{\"id\": \"o1\", \"en\": \"a\"}]", "[]",
                   OTHERWISE, "offences");

    /* Rules. */
    expect_refused("rules as an object", QUESTIONS, OFFENCES, "{}", OTHERWISE, "rules");
    expect_refused("no rules", QUESTIONS, OFFENCES, "null", OTHERWISE, "rules");
    {
        char rules[8192];
        size_t used = (size_t)snprintf(rules, sizeof rules, "[");
        for (int i = 0; i < 17; i++)
            used += (size_t)snprintf(rules + used, sizeof rules - used,
                                     "%s{\"id\": \"R%d\", \"signs\": \"possible\", \"when\":"
                                     " {\"min_yes\": 1}, " WHY "}",
                                     i ? "," : "", i);
        snprintf(rules + used, sizeof rules - used, "]");
        expect_refused("17 rules", QUESTIONS, OFFENCES, rules, OTHERWISE, "at most 16");
    }
    expect_rule_refused("no id", "\"signs\": \"strong\", \"when\": {\"min_yes\": 1}, " WHY,
                        "short id");
    expect_rule_refused("an id of 16 characters",
                        "\"id\": \"abcdefghijklmnop\", \"signs\": \"strong\", \"when\":"
                        " {\"min_yes\": 1}, " WHY,
                        "short id");
    expect_rule_refused("a rule named otherwise",
                        "\"id\": \"otherwise\", \"signs\": \"strong\", \"when\":"
                        " {\"min_yes\": 1}, " WHY,
                        "kept for when no rule fires");
    expect_refused("a rule id twice", QUESTIONS, OFFENCES,
                   "[{\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": 2}, " WHY
                   "}, {\"id\": \"R1\", \"signs\": \"possible\", \"when\": {\"min_yes\": 1}, " WHY
                   "}]",
                   OTHERWISE, "appears twice");
    expect_rule_refused("a rule giving none",
                        "\"id\": \"R1\", \"signs\": \"none\", \"when\": {\"min_yes\": 1}, " WHY,
                        "possible or strong");
    expect_rule_refused("unknown signs",
                        "\"id\": \"R1\", \"signs\": \"severe\", \"when\": {\"min_yes\": 1}, " WHY,
                        "possible or strong");
    expect_rule_refused("no signs", "\"id\": \"R1\", \"when\": {\"min_yes\": 1}, " WHY,
                        "possible or strong");
    expect_rule_refused("no why",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": 1}",
                        "why in nl and en");
    expect_rule_refused("why without English",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": 1},"
                        " \"why\": {\"nl\": \"w\"}",
                        "why in nl and en");
    expect_rule_refused("no condition", "\"id\": \"R1\", \"signs\": \"strong\", " WHY,
                        "needs a condition");
    expect_rule_refused("an empty condition",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {}, " WHY,
                        "needs a condition");
    expect_rule_refused("any_yes naming an unknown question",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"any_yes\":"
                        " [\"q1\", \"q9\"]}, " WHY,
                        "unknown question");
    expect_rule_refused("any_yes naming an offence",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"any_yes\":"
                        " [\"o1\"]}, " WHY,
                        "unknown question");
    expect_rule_refused("offence_in naming an unknown offence",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"offence_in\":"
                        " [\"o3\"]}, " WHY,
                        "unknown offence");
    expect_rule_refused("an unknown condition",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_no\": 1}, " WHY,
                        "a condition is any_yes");
    expect_rule_refused(
        "min_yes as text",
        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": \"2\"}, " WHY,
        "whole numbers within the number of questions");
    expect_rule_refused("min_yes zero, which would hold for every screening",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": 0}, " WHY,
                        "from 1");
    expect_rule_refused(
        "any_yes as text",
        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"any_yes\": \"q1\"}, " WHY,
        "a condition is any_yes");
    expect_rule_refused("outside_region false",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"outside_region\":"
                        " false}, " WHY,
                        "a condition is any_yes");
    expect_rule_refused("min_yes above the number of questions",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": 4}, " WHY,
                        "within the number of questions");
    expect_rule_refused("min_yes below zero",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": -1}, " WHY,
                        "within the number of questions");
    expect_rule_refused(
        "min_unknown above the number of questions",
        "\"id\": \"R1\", \"signs\": \"possible\", \"when\": {\"min_unknown\": 4}, " WHY,
        "within the number of questions");
    /* A bad rule after a good one. */
    expect_refused("the second rule is bad", QUESTIONS, OFFENCES,
                   "[{\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": 1}, " WHY
                   "}, {\"id\": \"R2\", \"signs\": \"strong\", \"when\": {\"min_yes\": 9}, " WHY
                   "}]",
                   OTHERWISE, "within the number of questions");

    /* Otherwise. */
    expect_refused("no otherwise", QUESTIONS, OFFENCES, "[]", "null", "otherwise");
    expect_refused("otherwise possible", QUESTIONS, OFFENCES, "[]",
                   "{\"signs\": \"possible\", \"why\": {\"nl\": \"x\", \"en\": \"x\"}}",
                   "otherwise gives signs none");
}

/* A condition that can never fail makes a rule that fires on every screening:
 * "a rule needs a condition" must not be met by min_yes 0 or an empty any_yes. */
static void test_vacuous_conditions_refused(void **state)
{
    (void)state;
    expect_rule_refused(
        "min_yes 0", "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"min_yes\": 0}, " WHY, "");
    expect_rule_refused("an empty any_yes",
                        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"any_yes\": []}, " WHY,
                        "");
    expect_rule_refused(
        "an empty offence_in",
        "\"id\": \"R1\", \"signs\": \"strong\", \"when\": {\"offence_in\": []}, " WHY, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_rules),
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_each_question_alone),
        cmocka_unit_test(test_custom_rules),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_vacuous_conditions_refused),
    };
    return cmocka_run_group_tests_name("screening", tests, group_setup, group_teardown);
}
