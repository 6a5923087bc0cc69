/* Unit tests for domain/sharing: every legal basis against every kind of
 * organisation (consent of a parent under 16 and of the young person from
 * 16, the meldrecht to Veilig Thuis only, the statutory task of the chain's
 * public bodies, an override with a written reason), and the referral life
 * cycle: every status against every action, and who takes each action. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "domain/sharing.h"

static int check(const char *basis, org_type from, org_type to, int age, const char *party,
                 const char *reason, const char **field, const char **why)
{
    sharing_basis_input in = {.basis = basis,
                              .from = from,
                              .to = to,
                              .age = age,
                              .consent_party = party,
                              .override_reason = reason};
    *field = NULL;
    *why = NULL;
    return sharing_check_basis(&in, field, why);
}

static void expect_ok(const char *what, const char *basis, org_type from, org_type to, int age,
                      const char *party, const char *reason)
{
    const char *field, *why;
    int rc = check(basis, from, to, age, party, reason, &field, &why);
    if (rc != SG_OK)
        fail_msg("%s: refused on %s: %s", what, field ? field : "?", why ? why : "?");
}

static void expect_refused(const char *what, const char *basis, org_type from, org_type to, int age,
                           const char *party, const char *reason, const char *want_field,
                           const char *want_why)
{
    const char *field, *why;
    int rc = check(basis, from, to, age, party, reason, &field, &why);
    if (rc != SG_EINVAL)
        fail_msg("%s: accepted (rc %d)", what, rc);
    if (!field || strcmp(field, want_field) != 0)
        fail_msg("%s: field %s, expected %s", what, field ? field : "(null)", want_field);
    if (!why || !strstr(why, want_why))
        fail_msg("%s: why is \"%s\", expected \"%s\"", what, why ? why : "(null)", want_why);
}

/* ---- the lists -------------------------------------------------------- */

static int count(const char *const *list)
{
    int n = 0;
    while (list[n])
        n++;
    return n;
}

static void test_lists(void **state)
{
    (void)state;
    static const char *const bases[] = {"consent", "meldrecht", "statutory-task", "override"};
    assert_int_equal(count(sharing_bases), 4);
    for (int i = 0; i < 4; i++)
        assert_string_equal(sharing_bases[i], bases[i]);
    static const char *const parts[] = {"identity",           "signals",      "care-question",
                                        "consultation-notes", "meldcode",     "screening",
                                        "decision",           "decision-fact"};
    assert_int_equal(count(sharing_parts), 8);
    for (int i = 0; i < 8; i++)
        assert_string_equal(sharing_parts[i], parts[i]);
    static const char *const purposes[] = {
        "report",       "advice",        "care",        "investigation",
        "intervention", "expert-advice", "information", "screening-handover",
        "acute-report"};
    assert_int_equal(count(sharing_purposes), 9);
    for (int i = 0; i < 9; i++)
        assert_string_equal(sharing_purposes[i], purposes[i]);
}

/* ---- legal bases ------------------------------------------------------- */

static void test_no_basis(void **state)
{
    (void)state;
    expect_refused("no basis", NULL, ORG_SCHOOL, ORG_VEILIG_THUIS, 14, "parent", NULL,
                   "legal_basis", "a legal basis is required");
    expect_refused("an unknown basis", "gut-feeling", ORG_SCHOOL, ORG_VEILIG_THUIS, 14, "parent",
                   NULL, "legal_basis", "not a known legal basis");
    expect_refused("a basis in capitals", "Consent", ORG_SCHOOL, ORG_VEILIG_THUIS, 14, "parent",
                   NULL, "legal_basis", "not a known legal basis");
    expect_refused("an empty basis", "", ORG_SCHOOL, ORG_VEILIG_THUIS, 14, "parent", NULL,
                   "legal_basis", "not a known legal basis");
}

static void test_consent(void **state)
{
    (void)state;
    /* Whose consent counts by age and receiver is the published consent
     * rules' (domain/consent.h, tests/unit/legal_test.c); the basis itself
     * takes any party of the three. */
    static const char *const parties[] = {"parent", "pupil", "pupil-and-parent"};
    for (int age = 0; age <= 23; age++)
        for (size_t p = 0; p < 3; p++) {
            char what[64];
            snprintf(what, sizeof what, "consent of the %s at %d", parties[p], age);
            for (int from = 0; from < ORG_TYPE_COUNT; from++)
                for (int to = 0; to < ORG_TYPE_COUNT; to++)
                    expect_ok(what, "consent", (org_type)from, (org_type)to, age, parties[p], NULL);
        }
    expect_refused("consent of nobody", "consent", ORG_SCHOOL, ORG_YOUTH_CARE, 14, NULL, NULL,
                   "consent_party", "who consented");
    expect_refused("consent of a guardian by another name", "consent", ORG_SCHOOL, ORG_YOUTH_CARE,
                   12, "guardian", NULL, "consent_party", "parent, pupil or pupil-and-parent");
    expect_refused("consent of 'Parent'", "consent", ORG_SCHOOL, ORG_YOUTH_CARE, 12, "Parent", NULL,
                   "consent_party", "who consented");
    /* An override reason does not stand in for consent. */
    expect_refused("consent of nobody with a reason", "consent", ORG_SCHOOL, ORG_YOUTH_CARE, 15,
                   NULL, "a long enough reason to share this", "consent_party", "who consented");
}

/* Without the date consent was given the age cannot be known: the field at
 * fault is the missing date, not the party. */
static void test_consent_without_date(void **state)
{
    (void)state;
    expect_refused("consent without a date", "consent", ORG_SCHOOL, ORG_YOUTH_CARE, -1, "parent",
                   NULL, "consent_on", "the date it was given");
}

static void test_meldrecht(void **state)
{
    (void)state;
    for (int from = 0; from < ORG_TYPE_COUNT; from++)
        for (int to = 0; to < ORG_TYPE_COUNT; to++) {
            char what[96];
            snprintf(what, sizeof what, "meldrecht from %s to %s", org_type_code((org_type)from),
                     org_type_code((org_type)to));
            if (to == ORG_VEILIG_THUIS)
                expect_ok(what, "meldrecht", (org_type)from, (org_type)to, -1, NULL, NULL);
            else
                expect_refused(what, "meldrecht", (org_type)from, (org_type)to, -1, NULL, NULL,
                               "legal_basis", "Veilig Thuis only");
        }
    /* Consent details do not matter to it. */
    expect_ok("meldrecht with a party given", "meldrecht", ORG_SCHOOL, ORG_VEILIG_THUIS, 12,
              "pupil", NULL);
}

static void test_statutory_task(void **state)
{
    (void)state;
    static const bool has_task[ORG_TYPE_COUNT] = {
        [ORG_SCHOOL] = false,
        [ORG_POLICE] = true,
        [ORG_PROSECUTION] = true,
        [ORG_YOUTH_CARE] = true,
        [ORG_VEILIG_THUIS] = true,
        [ORG_MUNICIPALITY] = true,
        [ORG_EXPERT_GROUP] = true,
        [ORG_NATIONAL_ANALYSIS] = false,
        [ORG_YOUTH_HEALTH_CARE] = true,
        [ORG_CHILD_PROTECTION_BOARD] = true,
        [ORG_HALT] = true,
        [ORG_CERTIFIED_INSTITUTION] = true,
    };
    for (int from = 0; from < ORG_TYPE_COUNT; from++)
        for (int to = 0; to < ORG_TYPE_COUNT; to++) {
            char what[96];
            snprintf(what, sizeof what, "statutory task from %s to %s",
                     org_type_code((org_type)from), org_type_code((org_type)to));
            if (has_task[from])
                expect_ok(what, "statutory-task", (org_type)from, (org_type)to, -1, NULL, NULL);
            else
                expect_refused(what, "statutory-task", (org_type)from, (org_type)to, -1, NULL, NULL,
                               "legal_basis", "no statutory task");
        }
}

static void test_override(void **state)
{
    (void)state;
    const char *twenty = "abcdefghijabcdefghij";
    assert_int_equal(strlen(twenty), 20);
    for (int from = 0; from < ORG_TYPE_COUNT; from++)
        expect_ok("an override of 20 characters", "override", (org_type)from, ORG_POLICE, -1, NULL,
                  twenty);
    expect_ok("a long override", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL,
              "Acuut gevaar: de leerling wordt vanmiddag opgehaald door onbekenden.");
    expect_ok("spaces inside count", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL,
              "a b c d e f g h i jk");
    /* 20 characters of two bytes each count as 20. */
    expect_ok("20 accented characters", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL,
              "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
              "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
    expect_refused(
        "19 accented characters (38 bytes)", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL,
        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
        "override_reason", "at least 20 characters");
    expect_refused("no reason", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL, NULL,
                   "override_reason", "written reason");
    expect_refused("an empty reason", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL, "",
                   "override_reason", "written reason");
    expect_refused("19 characters", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL,
                   "abcdefghijabcdefghi", "override_reason", "at least 20 characters");
    expect_refused("20 spaces", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL,
                   "                    ", "override_reason", "written reason");
    expect_refused("tabs and newlines", "override", ORG_SCHOOL, ORG_POLICE, 12, NULL,
                   "\t\t\t\t\t\n\n\n\n\n\r\r\r\r\r     ", "override_reason", "written reason");
    /* Even where another basis would hold, an override needs its reason. */
    expect_refused("an override to Veilig Thuis without a reason", "override", ORG_POLICE,
                   ORG_VEILIG_THUIS, 12, "parent", NULL, "override_reason", "written reason");
}

/* ---- the life cycle --------------------------------------------------- */

static const char *const statuses[] = {"sent",     "acknowledged", "accepted",
                                       "declined", "completed",    "revoked"};

/* The next status for each (status, action), or NULL when refused.  Rows are
 * the statuses above; columns the actions acknowledge, accept, decline,
 * complete and revoke. */
// clang-format off
static const char *const next_of[6][5] = {
    {"acknowledged", "accepted", "declined", NULL,        "revoked"}, /* sent */
    {NULL,           "accepted", "declined", NULL,        "revoked"}, /* acknowledged */
    {NULL,           NULL,       NULL,       "completed", NULL},      /* accepted */
    {NULL,           NULL,       NULL,       NULL,        NULL},      /* declined */
    {NULL,           NULL,       NULL,       NULL,        NULL},      /* completed */
    {NULL,           NULL,       NULL,       NULL,        NULL},      /* revoked */
};
// clang-format on

static void test_transitions(void **state)
{
    (void)state;
    static const char *const actions[] = {"acknowledge", "accept", "decline", "complete", "revoke"};
    for (int s = 0; s < 6; s++)
        for (int a = 0; a < 5; a++) {
            const char *next = "untouched", *why = NULL;
            int rc = referral_transition(statuses[s], (referral_action)a, &next, &why);
            if (next_of[s][a]) {
                if (rc != SG_OK)
                    fail_msg("%s from %s: refused (%s)", actions[a], statuses[s], why);
                if (strcmp(next, next_of[s][a]) != 0)
                    fail_msg("%s from %s: %s, expected %s", actions[a], statuses[s], next,
                             next_of[s][a]);
            } else {
                if (rc != SG_ESTATE)
                    fail_msg("%s from %s: allowed (rc %d, next %s)", actions[a], statuses[s], rc,
                             next);
                assert_string_equal(next, "untouched");
                if (!why || !*why)
                    fail_msg("%s from %s: refused without a reason", actions[a], statuses[s]);
            }
        }
    /* A status the life cycle does not know allows nothing. */
    for (int a = 0; a < 5; a++) {
        const char *next = "untouched", *why = NULL;
        assert_int_equal(referral_transition("draft", (referral_action)a, &next, &why), SG_ESTATE);
        assert_string_equal(next, "untouched");
        assert_non_null(why);
        assert_int_equal(referral_transition("", (referral_action)a, &next, &why), SG_ESTATE);
    }
    const char *next = "untouched", *why = NULL;
    assert_int_equal(referral_transition("sent", (referral_action)99, &next, &why), SG_EINVAL);
    assert_string_equal(next, "untouched");
    assert_non_null(why);
}

static void test_actions(void **state)
{
    (void)state;
    static const struct {
        const char *code, *event;
        referral_action action;
        bool by_receiver;
    } rows[] = {
        {"acknowledge", "referral.acknowledged", REFERRAL_ACKNOWLEDGE, true},
        {"accept", "referral.accepted", REFERRAL_ACCEPT, true},
        {"decline", "referral.declined", REFERRAL_DECLINE, true},
        {"complete", "referral.completed", REFERRAL_COMPLETE, true},
        {"revoke", "referral.revoked", REFERRAL_REVOKE, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        referral_action a = (referral_action)99;
        assert_int_equal(referral_action_parse(rows[i].code, &a), SG_OK);
        assert_int_equal(a, rows[i].action);
        assert_string_equal(referral_action_event(a), rows[i].event);
        assert_int_equal(referral_action_by_receiver(a), rows[i].by_receiver);
    }
    static const char *const bad[] = {"",         "Accept", "accepted", "acknowledged",
                                      "withdraw", "send",   "revoked"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        referral_action a = REFERRAL_ACCEPT;
        if (referral_action_parse(bad[i], &a) != SG_EINVAL)
            fail_msg("action \"%s\" accepted", bad[i]);
    }
    referral_action a;
    assert_int_equal(referral_action_parse(NULL, &a), SG_EINVAL);
    assert_string_equal(referral_action_event((referral_action)99), "");
    assert_string_equal(referral_action_event((referral_action)-1), "");
    assert_false(referral_action_by_receiver((referral_action)99));
    assert_false(referral_action_by_receiver((referral_action)-1));
}

/* Walks whole lives: each ends in a final status from which nothing moves. */
static void test_lives(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        referral_action steps[4];
        int n;
        const char *end;
    } lives[] = {
        {"acknowledged, accepted, completed",
         {REFERRAL_ACKNOWLEDGE, REFERRAL_ACCEPT, REFERRAL_COMPLETE},
         3,
         "completed"},
        {"accepted at once, completed", {REFERRAL_ACCEPT, REFERRAL_COMPLETE}, 2, "completed"},
        {"acknowledged, declined", {REFERRAL_ACKNOWLEDGE, REFERRAL_DECLINE}, 2, "declined"},
        {"declined at once", {REFERRAL_DECLINE}, 1, "declined"},
        {"revoked at once", {REFERRAL_REVOKE}, 1, "revoked"},
        {"acknowledged, revoked", {REFERRAL_ACKNOWLEDGE, REFERRAL_REVOKE}, 2, "revoked"},
    };
    for (size_t i = 0; i < sizeof lives / sizeof lives[0]; i++) {
        const char *status = "sent";
        for (int k = 0; k < lives[i].n; k++) {
            const char *next = NULL, *why = NULL;
            if (referral_transition(status, lives[i].steps[k], &next, &why) != SG_OK)
                fail_msg("%s: step %d refused: %s", lives[i].name, k + 1, why);
            status = next;
        }
        assert_string_equal(status, lives[i].end);
        for (int a = 0; a < 5; a++) {
            const char *next = NULL, *why = NULL;
            if (referral_transition(status, (referral_action)a, &next, &why) != SG_ESTATE)
                fail_msg("%s: %s moves on", lives[i].name, status);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists),     cmocka_unit_test(test_no_basis),
        cmocka_unit_test(test_consent),   cmocka_unit_test(test_consent_without_date),
        cmocka_unit_test(test_meldrecht), cmocka_unit_test(test_statutory_task),
        cmocka_unit_test(test_override),  cmocka_unit_test(test_transitions),
        cmocka_unit_test(test_actions),   cmocka_unit_test(test_lives),
    };
    return cmocka_run_group_tests_name("sharing", tests, NULL, NULL);
}
