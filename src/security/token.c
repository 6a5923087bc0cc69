/* Random identifiers and secrets (see token.h). */
#include "security/token.h"

#include <string.h>

#include <sodium.h>

#include "base/text.h"

#define UUID_CHARS 36
#define SECRET_BYTES 32
#define SECRET_CHARS 43

_Static_assert(TOKEN_UUID_LEN == UUID_CHARS + 1, "TOKEN_UUID_LEN holds a UUID and a NUL");
_Static_assert(TOKEN_SECRET_LEN
                   == sodium_base64_ENCODED_LEN(SECRET_BYTES,
                                                sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "TOKEN_SECRET_LEN holds 32 bytes of base64url and a NUL");

static bool is_uuid_hyphen_at(size_t i)
{
    return i == 8 || i == 13 || i == 18 || i == 23;
}

void token_uuid(char out[TOKEN_UUID_LEN])
{
    unsigned char b[16];
    char hex[33];
    randombytes_buf(b, sizeof b);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
    text_hex(b, sizeof b, hex);
    size_t from = 0;
    for (size_t i = 0; i < UUID_CHARS; i++)
        out[i] = is_uuid_hyphen_at(i) ? '-' : hex[from++];
    out[UUID_CHARS] = '\0';
}

bool token_is_uuid(const char *s)
{
    if (!s)
        return false;
    for (size_t i = 0; i < UUID_CHARS; i++) {
        char c = s[i];
        bool ok =
            is_uuid_hyphen_at(i) ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        /* A NUL fails here too, so the loop never reads past a short string. */
        if (!ok)
            return false;
    }
    return s[UUID_CHARS] == '\0';
}

void token_secret(char out[TOKEN_SECRET_LEN])
{
    unsigned char b[SECRET_BYTES];
    randombytes_buf(b, sizeof b);
    sodium_bin2base64(out, TOKEN_SECRET_LEN, b, sizeof b, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(b, sizeof b);
}

bool token_is_secret(const char *s)
{
    if (!s)
        return false;
    for (size_t i = 0; i < SECRET_CHARS; i++) {
        char c = s[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                  || c == '-' || c == '_';
        if (!ok)
            return false;
    }
    return s[SECRET_CHARS] == '\0';
}
