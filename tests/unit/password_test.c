/* Unit tests for security/password: argon2id hashing and the policy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/text.h"
#include "security/password.h"
#include "security/vault.h"

static const char good[] = "correct horse battery staple";

static int group_setup(void **state)
{
    (void)state;
    if (vault_global_init() != SG_OK)
        return -1;
    /* Tests hash many times; the minimal cost keeps them fast. */
    password_set_cost(PASSWORD_COST_MINIMAL);
    return 0;
}

static void test_hash_then_verify(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash(good, hash), SG_OK);
    assert_int_equal(password_verify(hash, good), SG_OK);
    assert_int_equal(password_verify(hash, "correct horse battery stapl"), SG_EAUTH);
    assert_int_equal(password_verify(hash, "Correct horse battery staple"), SG_EAUTH);
    assert_int_equal(password_verify(hash, ""), SG_EAUTH);
}

static void test_hash_is_argon2id_at_set_cost(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash(good, hash), SG_OK);
    assert_true(text_starts_with(hash, "$argon2id$v=19$"));
    /* The minimal cost: 8 KiB of memory and one pass. */
    assert_non_null(strstr(hash, "$m=8,t=1,"));
    assert_false(strstr(good, hash) || strstr(hash, good));
}

static void test_hashes_are_salted(void **state)
{
    (void)state;
    char one[PASSWORD_HASH_MAX], two[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash(good, one), SG_OK);
    assert_int_equal(password_hash(good, two), SG_OK);
    assert_string_not_equal(one, two);
    assert_int_equal(password_verify(one, good), SG_OK);
    assert_int_equal(password_verify(two, good), SG_OK);
}

static void test_tampered_hash_fails(void **state)
{
    (void)state;
    char hash[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash(good, hash), SG_OK);
    size_t last = strlen(hash) - 2;
    hash[last] = hash[last] == 'A' ? 'B' : 'A';
    assert_int_equal(password_verify(hash, good), SG_EAUTH);
}

static void test_verify_refuses_other_algorithms(void **state)
{
    (void)state;
    static const char *const others[] = {
        "",
        "$argon2i$v=19$m=32768,t=4,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaA",
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
        "plain text password",
    };
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        assert_int_equal(password_verify(others[i], good), SG_EINVAL);

    /* A hash string that does not end inside PASSWORD_HASH_MAX bytes. */
    char huge[PASSWORD_HASH_MAX + 16];
    memset(huge, 'a', sizeof huge);
    memcpy(huge, "$argon2id$", 10);
    huge[sizeof huge - 1] = '\0';
    assert_int_equal(password_verify(huge, good), SG_EINVAL);
}

static void test_verify_dummy_returns(void **state)
{
    (void)state;
    /* Twice: the first call makes the dummy hash, the second reuses it. */
    password_verify_dummy(good);
    password_verify_dummy("x");
}

static void test_cost_parse(void **state)
{
    (void)state;
    password_cost cost = PASSWORD_COST_MINIMAL;
    assert_int_equal(password_cost_parse("interactive", &cost), SG_OK);
    assert_int_equal(cost, PASSWORD_COST_INTERACTIVE);
    assert_int_equal(password_cost_parse("moderate", &cost), SG_OK);
    assert_int_equal(cost, PASSWORD_COST_MODERATE);
    assert_int_equal(password_cost_parse("minimal", &cost), SG_OK);
    assert_int_equal(cost, PASSWORD_COST_MINIMAL);
    assert_int_equal(password_cost_parse("Minimal", &cost), SG_EINVAL);
    assert_int_equal(password_cost_parse("", &cost), SG_EINVAL);
    assert_int_equal(password_cost_parse("sensitive", &cost), SG_EINVAL);
    assert_int_equal(password_cost_parse(NULL, &cost), SG_EINVAL);
    assert_int_equal(cost, PASSWORD_COST_MINIMAL);
}

static void test_policy_length(void **state)
{
    (void)state;
    char text[PASSWORD_MAX_LEN + 2];
    const char *why = NULL;

    memset(text, 'x', sizeof text);
    text[PASSWORD_MIN_LEN - 1] = '\0';
    assert_int_equal(password_check_policy(text, &why), SG_EINVAL);
    assert_string_equal(why, "the password must be at least 12 characters");

    memset(text, 'x', sizeof text);
    text[PASSWORD_MIN_LEN] = '\0';
    why = "unset";
    assert_int_equal(password_check_policy(text, &why), SG_OK);
    assert_null(why);

    memset(text, 'x', sizeof text);
    text[PASSWORD_MAX_LEN] = '\0';
    assert_int_equal(password_check_policy(text, &why), SG_OK);

    memset(text, 'x', sizeof text);
    text[PASSWORD_MAX_LEN + 1] = '\0';
    assert_int_equal(password_check_policy(text, &why), SG_EINVAL);
    assert_non_null(why);
    assert_non_null(strstr(why, "256"));

    assert_int_equal(password_check_policy("", &why), SG_EINVAL);
    assert_int_equal(password_check_policy(NULL, &why), SG_EINVAL);
    assert_int_equal(password_check_policy("short", NULL), SG_EINVAL);
}

static void test_policy_characters(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "twelve chars\x01long",
        "tab\tinside the password",
        "newline\ninside the password",
        "return\rinside the password",
        "escape \x1b[31m red password",
        "delete\x7f in the password",
        "latin-1 caf\xe9 password text",
        "overlong \xc0\xaf slash password",
        "surrogate \xed\xa0\x80 password",
    };
    const char *why = NULL;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        why = NULL;
        assert_int_equal(password_check_policy(bad[i], &why), SG_EINVAL);
        assert_non_null(why);
    }
    /* Any language, spaces and symbols are welcome. */
    static const char *const fine[] = {
        "Ünïcödé wachtwoord",
        "spaces are fine here",
        "p@$$w0rd!#%^&*()_+-={}",
        "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe3\x83\x91\xe3\x82\xb9",
    };
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        assert_int_equal(password_check_policy(fine[i], &why), SG_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hash_then_verify),
        cmocka_unit_test(test_hash_is_argon2id_at_set_cost),
        cmocka_unit_test(test_hashes_are_salted),
        cmocka_unit_test(test_tampered_hash_fails),
        cmocka_unit_test(test_verify_refuses_other_algorithms),
        cmocka_unit_test(test_verify_dummy_returns),
        cmocka_unit_test(test_cost_parse),
        cmocka_unit_test(test_policy_length),
        cmocka_unit_test(test_policy_characters),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
