/* Unit tests for security/token: UUIDs and secrets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include <sodium.h>

#include "security/token.h"
#include "security/vault.h"

#define ROUNDS 500

static int group_setup(void **state)
{
    (void)state;
    return vault_global_init() == SG_OK ? 0 : -1;
}

static void test_uuid_form(void **state)
{
    (void)state;
    char prev[TOKEN_UUID_LEN] = "";
    for (int i = 0; i < ROUNDS; i++) {
        char id[TOKEN_UUID_LEN];
        token_uuid(id);
        assert_int_equal(strlen(id), 36);
        assert_true(token_is_uuid(id));
        assert_int_equal(id[14], '4');
        assert_non_null(strchr("89ab", id[19]));
        assert_string_not_equal(id, prev);
        memcpy(prev, id, sizeof prev);
    }
}

static void test_uuid_bits_vary(void **state)
{
    (void)state;
    /* Every hex position other than the fixed version nibble changes over
     * many UUIDs, so no byte is left at zero or copied around. */
    char first[TOKEN_UUID_LEN];
    bool varied[36] = {false};
    token_uuid(first);
    for (int i = 0; i < ROUNDS; i++) {
        char id[TOKEN_UUID_LEN];
        token_uuid(id);
        for (int k = 0; k < 36; k++)
            varied[k] = varied[k] || id[k] != first[k];
    }
    for (int k = 0; k < 36; k++) {
        bool fixed = k == 8 || k == 13 || k == 14 || k == 18 || k == 23;
        assert_int_equal(varied[k], !fixed);
    }
}

static void test_is_uuid_table(void **state)
{
    (void)state;
    static const char *const good[] = {
        "00000000-0000-0000-0000-000000000000",
        "3f0c1a2b-9d4e-4f60-8a7b-0123456789ab",
        "ffffffff-ffff-1fff-bfff-ffffffffffff",
    };
    static const char *const bad[] = {
        "",
        "3f0c1a2b-9d4e-4f60-8a7b-0123456789a",
        "3f0c1a2b-9d4e-4f60-8a7b-0123456789abc",
        "3F0C1A2B-9D4E-4F60-8A7B-0123456789AB",
        "3f0c1a2b9d4e-4f60-8a7b-0123456789ab-",
        "3f0c1a2b-9d4e-4f60-8a7b-0123456789ag",
        "3f0c1a2b_9d4e_4f60_8a7b_0123456789ab",
        "{3f0c1a2b-9d4e-4f60-8a7b-0123456789ab}",
        " 3f0c1a2b-9d4e-4f60-8a7b-0123456789a",
        "3f0c1a2b-9d4e-4f60-8a7b-0123456789ab\n",
        "3f0c1a2b9d4e4f608a7b0123456789ab",
        "3f0c1a2b-9d4e-4f60-8a7b-0123456789a-",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(token_is_uuid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(token_is_uuid(bad[i]));
    assert_false(token_is_uuid(NULL));
}

static void test_secret_form(void **state)
{
    (void)state;
    char prev[TOKEN_SECRET_LEN] = "";
    for (int i = 0; i < ROUNDS; i++) {
        char secret[TOKEN_SECRET_LEN];
        unsigned char raw[64];
        size_t raw_len = 0;
        token_secret(secret);
        assert_int_equal(strlen(secret), 43);
        assert_true(token_is_secret(secret));
        assert_string_not_equal(secret, prev);
        /* It decodes back to 256 bits. */
        assert_int_equal(sodium_base642bin(raw, sizeof raw, secret, strlen(secret), NULL, &raw_len,
                                           NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                         0);
        assert_int_equal(raw_len, 32);
        memcpy(prev, secret, sizeof prev);
    }
}

static void test_is_secret_table(void **state)
{
    (void)state;
    static const char *const good[] = {
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "abcdefghijklmnopqrstuvwxyz0123456789-_ABCDE",
    };
    static const char *const bad[] = {
        "",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "AAAAAAAAAAAAAAAAAAAAA AAAAAAAAAAAAAAAAAAAAA",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\xc3\xa9",
    };
    assert_int_equal(strlen(good[1]), 43);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        assert_true(token_is_secret(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(token_is_secret(bad[i]));
    assert_false(token_is_secret(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uuid_form),       cmocka_unit_test(test_uuid_bits_vary),
        cmocka_unit_test(test_is_uuid_table),   cmocka_unit_test(test_secret_form),
        cmocka_unit_test(test_is_secret_table),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
