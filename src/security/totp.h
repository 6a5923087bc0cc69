/*
 * totp.h - time-based one-time passwords (RFC 6238) with liboath, and the
 * enrolment QR code with libqrencode.
 *
 * Codes have 6 digits and a 30-second step; a code of the step before or
 * after is accepted for clock drift.  The caller keeps the last accepted
 * step per user and refuses a step that is not newer (no replay).
 */
#ifndef SG_TOTP_H
#define SG_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

#define TOTP_SECRET_BYTES 20
#define TOTP_BASE32_LEN 33 /* 20 bytes in base32 and a NUL */
#define TOTP_STEP_SECONDS 30

/* Initialises liboath; call once at start-up.  totp_global_done at exit. */
SG_MUST_CHECK int totp_global_init(void);
void totp_global_done(void);

/* Fills secret with random bytes. */
void totp_new_secret(unsigned char secret[TOTP_SECRET_BYTES]);
/* The secret in base32 (what authenticator apps take when typed in). */
SG_MUST_CHECK int totp_base32(const unsigned char secret[TOTP_SECRET_BYTES],
                              char out[TOTP_BASE32_LEN]);
/* Checks code (6 digits) at time now_s.  On success *step is the time step
 * it belongs to; SG_EAUTH when it does not match. */
SG_MUST_CHECK int totp_verify(const unsigned char secret[TOTP_SECRET_BYTES], const char *code,
                              int64_t now_s, int64_t *step);
/* Writes the code for time now_s into out (7 bytes); for tests and tools. */
SG_MUST_CHECK int totp_generate(const unsigned char secret[TOTP_SECRET_BYTES], int64_t now_s,
                                char out[7]);
/* The otpauth:// URI for an authenticator app, as a new string the caller
 * frees with sg_free.  issuer and account are percent-encoded. */
SG_MUST_CHECK int totp_uri(const unsigned char secret[TOTP_SECRET_BYTES], const char *issuer,
                           const char *account, char **out);
/* The QR code of text as a standalone SVG document: a new string the caller
 * frees with sg_free. */
SG_MUST_CHECK int totp_qr_svg(const char *text, char **out);

#endif
