/*
 * password.h - password hashing with argon2id (libsodium crypto_pwhash).
 *
 * The stored string carries its own parameters, so a verification uses the
 * cost the hash was made with; the cost of new hashes comes from the
 * configuration ("interactive", the default, or "moderate"; "minimal" exists
 * only so that test suites do not spend minutes hashing).
 */
#ifndef SG_PASSWORD_H
#define SG_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

#define PASSWORD_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define PASSWORD_MIN_LEN 12
#define PASSWORD_MAX_LEN 256

typedef enum password_cost {
    PASSWORD_COST_INTERACTIVE = 0,
    PASSWORD_COST_MODERATE = 1,
    PASSWORD_COST_MINIMAL = 2,
} password_cost;

/* Parses "interactive", "moderate" or "minimal". */
SG_MUST_CHECK int password_cost_parse(const char *name, password_cost *out);
/* Sets the cost of new hashes for the whole process (read once at start-up,
 * from SIGNAAL_PASSWORD_COST when set). */
void password_set_cost(password_cost cost);

/* Checks a new password against the policy: PASSWORD_MIN_LEN..MAX_LEN bytes
 * of clean UTF-8.  On failure *why is a static English reason. */
SG_MUST_CHECK int password_check_policy(const char *password, const char **why);
/* Hashes password into out (PASSWORD_HASH_MAX bytes). */
SG_MUST_CHECK int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);
/* SG_OK when password matches hash, SG_EAUTH when it does not. */
SG_MUST_CHECK int password_verify(const char *hash, const char *password);
/* Spends the time of one verification without a real hash, so that an
 * unknown login takes as long to refuse as a wrong password. */
void password_verify_dummy(const char *password);

#endif
