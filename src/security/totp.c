/* One-time passwords and the enrolment QR code (see totp.h). */
#include "security/totp.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include "base/buf.h"
#include "base/mem.h"

#define TOTP_DIGITS 6
#define TOTP_WINDOW 1
/* Bounds on generated text: a percent-encoded label part and an SVG of the
 * largest QR code (version 40, 177 modules square) fit comfortably. */
#define LABEL_MAX 1024
#define SVG_MAX (512 * 1024)
#define QUIET_ZONE 4
#define URI_FORMAT "otpauth://totp/%s:%s?secret=%s&issuer=%s&algorithm=SHA1&digits=6&period=30"

int totp_global_init(void)
{
    return oath_init() == OATH_OK ? SG_OK : SG_ECRYPTO;
}

void totp_global_done(void)
{
    (void)oath_done();
}

void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES])
{
    randombytes_buf(secret, TOTP_SECRET_BYTES);
}

int totp_base32(const unsigned char secret[TOTP_SECRET_BYTES], char out[TOTP_BASE32_LEN])
{
    int rc = SG_OK;
    char *text = NULL;
    size_t len = 0;
    out[0] = '\0';
    /* liboath allocates the result with malloc, so it is freed with free. */
    int orc = oath_base32_encode((const char *)secret, TOTP_SECRET_BYTES, &text, &len);
    if (orc != OATH_OK) {
        rc = orc == OATH_MALLOC_ERROR ? SG_ENOMEM : SG_ECRYPTO;
        goto out;
    }
    /* 20 bytes are exactly 32 base32 digits, so there is no padding. */
    if (len != TOTP_BASE32_LEN - 1) {
        rc = SG_EINTERNAL;
        goto out;
    }
    memcpy(out, text, len);
    out[len] = '\0';
out:
    if (text) {
        sodium_memzero(text, len);
        free(text);
    }
    return rc;
}

static bool is_six_digits(const char *code)
{
    for (int i = 0; i < TOTP_DIGITS; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    return code[TOTP_DIGITS] == '\0';
}

/* liboath compares codes with a callback; this one takes the same time
 * whatever the digits, so response times reveal nothing about the code. */
static int compare_code(void *handle, const char *candidate)
{
    const char *code = handle;
    if (strlen(candidate) != TOTP_DIGITS)
        return 1;
    return sodium_memcmp(code, candidate, TOTP_DIGITS) == 0 ? 0 : 1;
}

int totp_verify(const unsigned char secret[TOTP_SECRET_BYTES], const char *code, int64_t now_s,
                int64_t *step)
{
    int pos = 0;
    uint64_t counter = 0;
    *step = 0;
    if (!code || !is_six_digits(code) || now_s < 0)
        return SG_EINVAL;
    int orc = oath_totp_validate3_callback((const char *)secret, TOTP_SECRET_BYTES, (time_t)now_s,
                                           TOTP_STEP_SECONDS, 0, TOTP_DIGITS, TOTP_WINDOW, &pos,
                                           &counter, compare_code, (void *)code);
    if (orc == OATH_INVALID_OTP)
        return SG_EAUTH;
    if (orc < 0)
        return SG_ECRYPTO;
    /* The matched counter is now's step moved by the window position. */
    assert((int64_t)counter == now_s / TOTP_STEP_SECONDS + pos);
    *step = (int64_t)counter;
    return SG_OK;
}

int totp_generate(const unsigned char secret[TOTP_SECRET_BYTES], int64_t now_s, char out[7])
{
    out[0] = '\0';
    if (now_s < 0)
        return SG_EINVAL;
    if (oath_totp_generate((const char *)secret, TOTP_SECRET_BYTES, (time_t)now_s,
                           TOTP_STEP_SECONDS, 0, TOTP_DIGITS, out)
        != OATH_OK) {
        out[0] = '\0';
        return SG_ECRYPTO;
    }
    return SG_OK;
}

/* Appends s percent-encoded: RFC 3986 unreserved characters stay, every
 * other byte becomes %XX, so ':' cannot split the label wrongly. */
static int percent_encode(buf *b, const char *s)
{
    static const char digits[] = "0123456789ABCDEF";
    int rc = SG_OK;
    for (const unsigned char *p = (const unsigned char *)s; *p && rc == SG_OK; p++) {
        unsigned char c = *p;
        bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
        if (keep) {
            rc = buf_append(b, p, 1);
        } else {
            char esc[3] = {'%', digits[c >> 4], digits[c & 0x0f]};
            rc = buf_append(b, esc, sizeof esc);
        }
    }
    if (rc == SG_OK && !b->data)
        rc = buf_append(b, "", 0);
    return rc;
}

int totp_uri(const unsigned char secret[TOTP_SECRET_BYTES], const char *issuer, const char *account,
             char **out)
{
    int rc = SG_OK;
    char base32[TOTP_BASE32_LEN];
    char *uri = NULL;
    buf iss, acc;
    buf_init(&iss, LABEL_MAX);
    buf_init(&acc, LABEL_MAX);
    *out = NULL;
    assert(issuer && account);
    rc = percent_encode(&iss, issuer);
    if (rc == SG_OK)
        rc = percent_encode(&acc, account);
    if (rc == SG_OK)
        rc = totp_base32(secret, base32);
    if (rc != SG_OK)
        goto out;
    /* Sized exactly and written once, so no growing buffer leaves copies of
     * the secret behind in freed memory. */
    int len = snprintf(NULL, 0, URI_FORMAT, iss.data, acc.data, base32, iss.data);
    if (len < 0) {
        rc = SG_EINTERNAL;
        goto out;
    }
    uri = sg_malloc((size_t)len + 1);
    if (!uri) {
        rc = SG_ENOMEM;
        goto out;
    }
    snprintf(uri, (size_t)len + 1, URI_FORMAT, iss.data, acc.data, base32, iss.data);
    *out = uri;
out:
    sodium_memzero(base32, sizeof base32);
    buf_free(&iss);
    buf_free(&acc);
    return rc;
}

/* Writes the dark modules as one path: a rectangle per horizontal run. */
static int svg_modules(buf *b, const QRcode *qr)
{
    int rc = buf_append_str(b, "<path fill=\"#000\" d=\"");
    for (int y = 0; y < qr->width && rc == SG_OK; y++) {
        const unsigned char *row = qr->data + (size_t)y * (size_t)qr->width;
        int x = 0;
        while (x < qr->width && rc == SG_OK) {
            if (!(row[x] & 1)) {
                x++;
                continue;
            }
            int start = x;
            while (x < qr->width && (row[x] & 1))
                x++;
            rc = buf_printf(b, "M%d %dh%dv1h-%dz", start + QUIET_ZONE, y + QUIET_ZONE, x - start,
                            x - start);
        }
    }
    if (rc == SG_OK)
        rc = buf_append_str(b, "\"/>");
    return rc;
}

int totp_qr_svg(const char *text, char **out)
{
    int rc = SG_OK;
    QRcode *qr = NULL;
    buf b;
    buf_init(&b, SVG_MAX);
    *out = NULL;
    if (!text || text[0] == '\0') {
        rc = SG_EINVAL;
        goto out;
    }
    errno = 0;
    qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) {
        /* ERANGE (too long) and EINVAL are the input's fault. */
        rc = errno == ENOMEM ? SG_ENOMEM : SG_EINVAL;
        goto out;
    }
    int size = qr->width + 2 * QUIET_ZONE;
    rc = buf_printf(&b,
                    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
                    " role=\"img\" shape-rendering=\"crispEdges\">"
                    "<title>QR code</title>"
                    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
                    size, size, size, size);
    if (rc == SG_OK)
        rc = svg_modules(&b, qr);
    if (rc == SG_OK)
        rc = buf_append_str(&b, "</svg>\n");
    if (rc != SG_OK)
        goto out;
    *out = buf_detach(&b);
    if (!*out)
        rc = SG_ENOMEM;
out:
    if (qr)
        QRcode_free(qr);
    buf_free(&b);
    return rc;
}
