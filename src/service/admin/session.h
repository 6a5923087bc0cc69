/*
 * session.h - logging in and out, sessions, API tokens and the second factor.
 *
 * A session is a random 256-bit token in a cookie; the database keeps only
 * its keyed hash, with a CSRF token, the time it was last used and its hard
 * end.  A session ends after cfg.session_idle_s of inactivity.  Failed
 * log-ins count per account and per client address; past the limit the
 * log-in is refused (SG_ELIMIT) until the window ends, even with the right
 * password.  Administrators and auditors, and everyone in an organisation
 * that requires it, must pass a TOTP second factor: when they have not
 * enrolled yet, their session may only enrol.
 */
#ifndef SG_SESSION_H
#define SG_SESSION_H

#include "security/token.h"
#include "service/app.h"

typedef struct login_request {
    const char *login;
    const char *password;
    const char *otp;    /* NULL when not given */
    const char *client; /* client address */
} login_request;

typedef struct login_result {
    char token[TOKEN_SECRET_LEN]; /* the cookie value */
    char csrf_token[TOKEN_SECRET_LEN];
    bool otp_required;           /* SG_EAUTH because the code is missing */
    bool mfa_enrolment_required; /* logged in, but may only enrol */
    int64_t retry_after_s;       /* with SG_ELIMIT */
    actor who;
} login_result;

/* Checks the credentials and opens a session.  SG_EAUTH for wrong
 * credentials (or a missing code: see otp_required), SG_ELIMIT when locked. */
SG_MUST_CHECK int session_login(app *a, const login_request *in, login_result *out);

typedef struct session_state {
    char token_hash[STORE_HASH_LEN];
    char csrf_token[STORE_HASH_LEN];
    bool mfa_pending;
    int64_t expires_s;
} session_state;

/* Resolves a session cookie to its actor; SG_EAUTH when unknown, idle too
 * long, past its end, or the account is disabled. */
SG_MUST_CHECK int session_resolve(app *a, const char *token, const char *client, actor *who,
                                  session_state *state);
/* Resolves an API bearer token to its actor. */
SG_MUST_CHECK int session_resolve_bearer(app *a, const char *token, const char *client, actor *who);
SG_MUST_CHECK int session_logout(app *a, const actor *who, const char *token_hash);

/* {"user": {...}, "organisation": {...}, "mfa_pending": bool, ...}. */
SG_MUST_CHECK int session_describe(app *a, const actor *who, const session_state *state,
                                   json_t **out);

/* Starts TOTP enrolment: a new secret (stored, not yet active) and
 * {"secret", "otpauth_uri", "qr_svg"}. */
SG_MUST_CHECK int session_totp_begin(app *a, const actor *who, json_t **out);
/* Activates the secret when code is right.  The pending session is replaced
 * by a new one with its second factor passed: *renewed holds its token and
 * CSRF token. */
SG_MUST_CHECK int session_totp_confirm(app *a, const actor *who, const char *token_hash,
                                       const char *code, login_result *renewed, svc_error *err);

#endif
