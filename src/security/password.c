/* Password hashing with argon2id (see password.h). */
#include "security/password.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include <sodium.h>

#include "base/text.h"

#define STR_(x) #x
#define STR(x) STR_(x)

#define PASSWORD_PREFIX "$argon2id$"
#define DUMMY_PASSWORD "signaal: no such user"

_Static_assert(PASSWORD_HASH_MAX == crypto_pwhash_STRBYTES,
               "PASSWORD_HASH_MAX must match crypto_pwhash_STRBYTES");

/* Set once at start-up; atomic so that a late change is still well defined. */
static atomic_int current_cost = PASSWORD_COST_INTERACTIVE;

/* The hash password_verify_dummy checks against, made on first use. */
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[PASSWORD_HASH_MAX];

int password_cost_parse(const char *name, password_cost *out)
{
    if (!name)
        return SG_EINVAL;
    if (strcmp(name, "interactive") == 0)
        *out = PASSWORD_COST_INTERACTIVE;
    else if (strcmp(name, "moderate") == 0)
        *out = PASSWORD_COST_MODERATE;
    else if (strcmp(name, "minimal") == 0)
        *out = PASSWORD_COST_MINIMAL;
    else
        return SG_EINVAL;
    return SG_OK;
}

void password_set_cost(password_cost cost)
{
    assert(cost == PASSWORD_COST_INTERACTIVE || cost == PASSWORD_COST_MODERATE
           || cost == PASSWORD_COST_MINIMAL);
    atomic_store(&current_cost, (int)cost);
}

static void cost_limits(unsigned long long *ops, size_t *mem)
{
    switch (atomic_load(&current_cost)) {
    case PASSWORD_COST_MODERATE:
        *ops = crypto_pwhash_argon2id_OPSLIMIT_MODERATE;
        *mem = crypto_pwhash_argon2id_MEMLIMIT_MODERATE;
        break;
    case PASSWORD_COST_MINIMAL:
        *ops = crypto_pwhash_argon2id_OPSLIMIT_MIN > 0 ? crypto_pwhash_argon2id_OPSLIMIT_MIN : 1;
        *mem = crypto_pwhash_argon2id_MEMLIMIT_MIN;
        break;
    default:
        *ops = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
        *mem = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;
        break;
    }
}

static bool has_control_char(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return true;
    }
    return false;
}

int password_check_policy(const char *password, const char **why)
{
    const char *reason = NULL;
    if (!password) {
        reason = "a password is required";
        goto out;
    }
    size_t len = strnlen(password, PASSWORD_MAX_LEN + 1);
    if (len < PASSWORD_MIN_LEN)
        reason = "the password must be at least " STR(PASSWORD_MIN_LEN) " characters";
    else if (len > PASSWORD_MAX_LEN)
        reason = "the password must be at most " STR(PASSWORD_MAX_LEN) " bytes";
    /* text_is_clean_utf8 lets tab and newline through; in a password they
     * are nearly always a paste mistake that the user could not type again. */
    else if (!text_is_clean_utf8(password, len) || has_control_char(password, len))
        reason = "the password must be valid UTF-8 without control characters";
out:
    if (why)
        *why = reason;
    return reason ? SG_EINVAL : SG_OK;
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
    unsigned long long ops;
    size_t mem;
    assert(password);
    cost_limits(&ops, &mem);
    /* With valid limits the only way this fails is argon2's large
     * allocation, so out of memory is the honest report. */
    if (crypto_pwhash_str_alg(out, password, strlen(password), ops, mem,
                              crypto_pwhash_ALG_ARGON2ID13)
        != 0) {
        out[0] = '\0';
        return SG_ENOMEM;
    }
    return SG_OK;
}

int password_verify(const char *hash, const char *password)
{
    assert(hash && password);
    if (strnlen(hash, PASSWORD_HASH_MAX) >= PASSWORD_HASH_MAX
        || !text_starts_with(hash, PASSWORD_PREFIX))
        return SG_EINVAL;
    if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
        return SG_EAUTH;
    return SG_OK;
}

static void make_dummy_hash(void)
{
    if (password_hash(DUMMY_PASSWORD, dummy_hash) != SG_OK)
        dummy_hash[0] = '\0';
}

void password_verify_dummy(const char *password)
{
    assert(password);
    (void)pthread_once(&dummy_once, make_dummy_hash);
    /* The results are meaningless by design; only the time spent counts. */
    int ignored;
    if (dummy_hash[0] != '\0') {
        ignored = password_verify(dummy_hash, password);
    } else {
        /* Without a dummy hash, hashing the password costs about the same. */
        char scratch[PASSWORD_HASH_MAX];
        ignored = password_hash(password, scratch);
        sodium_memzero(scratch, sizeof scratch);
    }
    (void)ignored;
}
