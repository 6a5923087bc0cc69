/*
 * token.h - random identifiers and secrets from libsodium's CSPRNG.
 */
#ifndef SG_TOKEN_H
#define SG_TOKEN_H

#include <stdbool.h>
#include <stddef.h>

#define TOKEN_UUID_LEN 37   /* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" and NUL */
#define TOKEN_SECRET_LEN 44 /* 32 random bytes in base64url without padding, NUL */

/* Writes a random (version 4) UUID. */
void token_uuid(char out[TOKEN_UUID_LEN]);
/* True when s has the form of a UUID (any version, lower-case hex). */
bool token_is_uuid(const char *s);
/* Writes 256 random bits as base64url (43 characters). */
void token_secret(char out[TOKEN_SECRET_LEN]);
/* True when s has the form token_secret writes. */
bool token_is_secret(const char *s);

#endif
