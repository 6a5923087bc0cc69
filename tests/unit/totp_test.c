/* Unit tests for security/totp: RFC 6238 codes, drift window, URI, QR. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/totp.h"
#include "security/vault.h"

/* The SHA-1 secret of RFC 6238, appendix B. */
static const unsigned char rfc_secret[TOTP_SECRET_BYTES] = "12345678901234567890";
static const char rfc_base32[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

static int group_setup(void **state)
{
    (void)state;
    if (vault_global_init() != SG_OK)
        return -1;
    return totp_global_init() == SG_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    totp_global_done();
    return 0;
}

static void test_rfc6238_vectors(void **state)
{
    (void)state;
    /* The RFC's 8-digit codes, of which a 6-digit code is the last six. */
    static const struct {
        int64_t t;
        const char *code;
    } vectors[] = {
        {59, "287082"},         {1111111109, "081804"}, {1111111111, "050471"},
        {1234567890, "005924"}, {2000000000, "279037"},
    };
    for (size_t i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
        char code[7];
        int64_t step = -1;
        assert_int_equal(totp_generate(rfc_secret, vectors[i].t, code), SG_OK);
        assert_string_equal(code, vectors[i].code);
        assert_int_equal(totp_verify(rfc_secret, vectors[i].code, vectors[i].t, &step), SG_OK);
        assert_int_equal(step, vectors[i].t / TOTP_STEP_SECONDS);
    }
}

static void test_verify_window(void **state)
{
    (void)state;
    const int64_t now = 1111111111;
    const int64_t now_step = now / TOTP_STEP_SECONDS;
    char codes[5][7];
    for (int k = 0; k < 5; k++)
        assert_int_equal(totp_generate(rfc_secret, now + (k - 2) * TOTP_STEP_SECONDS, codes[k]),
                         SG_OK);
    /* The test relies on the five codes being different, as they are here. */
    for (int a = 0; a < 5; a++)
        for (int b = a + 1; b < 5; b++)
            assert_string_not_equal(codes[a], codes[b]);

    int64_t step = -1;
    assert_int_equal(totp_verify(rfc_secret, codes[1], now, &step), SG_OK);
    assert_int_equal(step, now_step - 1);
    assert_int_equal(totp_verify(rfc_secret, codes[2], now, &step), SG_OK);
    assert_int_equal(step, now_step);
    assert_int_equal(totp_verify(rfc_secret, codes[3], now, &step), SG_OK);
    assert_int_equal(step, now_step + 1);
    assert_int_equal(totp_verify(rfc_secret, codes[0], now, &step), SG_EAUTH);
    assert_int_equal(totp_verify(rfc_secret, codes[4], now, &step), SG_EAUTH);

    /* Another secret does not accept the code. */
    unsigned char other[TOTP_SECRET_BYTES];
    memcpy(other, rfc_secret, sizeof other);
    other[0] ^= 1;
    assert_int_equal(totp_verify(other, codes[2], now, &step), SG_EAUTH);
}

static void test_verify_rejects_malformed_codes(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",       "05047",  "0504710", "05047a",  " 50471", "050471 ",
        "+50471", "-50471", "05 471",  "０50471", "0x1234",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t step = 99;
        assert_int_equal(totp_verify(rfc_secret, bad[i], 1111111111, &step), SG_EINVAL);
    }
    int64_t step = 0;
    assert_int_equal(totp_verify(rfc_secret, NULL, 1111111111, &step), SG_EINVAL);
}

static void test_new_secret_and_base32(void **state)
{
    (void)state;
    char text[TOTP_BASE32_LEN];
    assert_int_equal(totp_base32(rfc_secret, text), SG_OK);
    assert_string_equal(text, rfc_base32);

    unsigned char a[TOTP_SECRET_BYTES], b[TOTP_SECRET_BYTES];
    totp_new_secret(a);
    totp_new_secret(b);
    assert_memory_not_equal(a, b, sizeof a);
    assert_int_equal(totp_base32(a, text), SG_OK);
    assert_int_equal(strlen(text), 32);
    assert_int_equal(strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
}

static void test_uri(void **state)
{
    (void)state;
    char *uri = NULL;
    assert_int_equal(totp_uri(rfc_secret, "Signaal: Utrecht", "jan de vries@school.nl", &uri),
                     SG_OK);
    assert_string_equal(uri, "otpauth://totp/Signaal%3A%20Utrecht:jan%20de%20vries%40school.nl"
                             "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                             "&issuer=Signaal%3A%20Utrecht&algorithm=SHA1&digits=6&period=30");
    sg_free(uri);

    /* Unreserved characters stay; UTF-8 is encoded byte by byte. */
    assert_int_equal(totp_uri(rfc_secret, "a-b.c_d~e", "Zoë&x=1", &uri), SG_OK);
    assert_true(text_starts_with(uri, "otpauth://totp/a-b.c_d~e:Zo%C3%AB%26x%3D1?"));
    sg_free(uri);

    sg_mem_fail_after(0);
    assert_int_equal(totp_uri(rfc_secret, "Signaal", "jan", &uri), SG_ENOMEM);
    sg_mem_fail_after(-1);
    assert_null(uri);
}

/* Draws the path of the SVG back into a grid of modules. */
static void parse_modules(const char *svg, int size, unsigned char *grid)
{
    const char *p = strstr(svg, " d=\"");
    assert_non_null(p);
    p += 4;
    while (*p == 'M') {
        int x, y, w, w2, used = 0;
        assert_int_equal(sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &w, &w2, &used), 4);
        assert_true(used > 0);
        assert_int_equal(w, w2);
        assert_true(x >= 0 && y >= 0 && w > 0 && x + w <= size && y < size);
        for (int k = 0; k < w; k++)
            grid[y * size + x + k] = 1;
        p += used;
    }
    assert_int_equal(*p, '"');
}

static void test_qr_svg(void **state)
{
    (void)state;
    char *uri = NULL;
    char *svg = NULL;
    assert_int_equal(totp_uri(rfc_secret, "Signaal", "jan@school.nl", &uri), SG_OK);
    assert_int_equal(totp_qr_svg(uri, &svg), SG_OK);
    assert_true(text_starts_with(svg, "<svg"));
    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, "<title>QR code</title>"));
    assert_non_null(strstr(svg, "shape-rendering=\"crispEdges\""));
    assert_non_null(strstr(svg, "</svg>"));

    /* The drawing is exactly the symbol libqrencode makes, inside a quiet
     * zone of four modules. */
    QRcode *qr = QRcode_encodeString(uri, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    assert_non_null(qr);
    int size = qr->width + 8;
    char view_box[64];
    snprintf(view_box, sizeof view_box, "viewBox=\"0 0 %d %d\"", size, size);
    assert_non_null(strstr(svg, view_box));
    unsigned char *grid = calloc((size_t)size * (size_t)size, 1);
    assert_non_null(grid);
    parse_modules(svg, size, grid);
    for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
            bool inside = x >= 4 && y >= 4 && x < size - 4 && y < size - 4;
            int dark = inside ? qr->data[(y - 4) * qr->width + (x - 4)] & 1 : 0;
            assert_int_equal(grid[y * size + x], dark);
        }
    }
    free(grid);
    QRcode_free(qr);
    sg_free(svg);
    sg_free(uri);
}

static void test_qr_svg_refuses_bad_text(void **state)
{
    (void)state;
    char *svg = NULL;
    assert_int_equal(totp_qr_svg("", &svg), SG_EINVAL);
    assert_null(svg);
    /* More than the largest QR code holds. */
    char *long_text = malloc(8001);
    assert_non_null(long_text);
    memset(long_text, 'z', 8000);
    long_text[8000] = '\0';
    assert_int_equal(totp_qr_svg(long_text, &svg), SG_EINVAL);
    assert_null(svg);
    free(long_text);

    sg_mem_fail_after(0);
    assert_int_equal(totp_qr_svg("otpauth://totp/x", &svg), SG_ENOMEM);
    sg_mem_fail_after(-1);
    assert_null(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc6238_vectors),
        cmocka_unit_test(test_verify_window),
        cmocka_unit_test(test_verify_rejects_malformed_codes),
        cmocka_unit_test(test_new_secret_and_base32),
        cmocka_unit_test(test_uri),
        cmocka_unit_test(test_qr_svg),
        cmocka_unit_test(test_qr_svg_refuses_bad_text),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
