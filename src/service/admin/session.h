/*
 * session.h - logging in and out, sessions, API tokens and the second factor.
 *
 * A session is a random 256-bit token in a cookie; the database keeps only
 * its keyed hash, with a CSRF token, the time it was last used and its hard
 * end.  A session ends after cfg.session_idle_s of inactivity.  Log-in
 * attempts are counted before the password is checked, so that attempts
 * made at once cannot slip past the limit together: past
 * cfg.login_max_account failures an account is locked until the window
 * ends, even with the right password; past cfg.login_max_address attempts
 * from one client address each next attempt waits a little longer (at most
 * a minute), so that an organisation behind one address is slowed, never
 * locked out.  Administrators and auditors, and everyone in an organisation
 * that requires it, must pass a TOTP second factor: when they have not
 * enrolled yet, their session may only enrol.  After an administrator's
 * reset the password is a one-time code: its session may only set a new
 * password.
 *
 * API tokens are made by their user, for themselves, with the secret shown
 * once (or by the operator at the command line); they end when the user's
 * password changes or the account is disabled, and are refused while the
 * organisation requires a second factor that the user does not have.
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
    bool otp_required;             /* SG_EAUTH because the code is missing */
    bool mfa_enrolment_required;   /* logged in, but may only enrol */
    bool password_change_required; /* logged in with a reset code: may only set a password */
    int64_t retry_after_s;         /* with SG_ELIMIT */
    actor who;
} login_result;

/* Checks the credentials and opens a session.  SG_EAUTH for wrong
 * credentials (or a missing code: see otp_required), SG_ELIMIT when locked. */
SG_MUST_CHECK int session_login(app *a, const login_request *in, login_result *out);

typedef struct session_state {
    char token_hash[STORE_HASH_LEN];
    char csrf_token[STORE_HASH_LEN];
    bool mfa_pending;
    bool must_change; /* may only set a new password */
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

/* Sets the actor's own password.  current must be the password (not
 * needed in a session opened with a reset code: state->must_change).  Every
 * other session of the user ends and every API token made before it; the
 * caller's session is replaced by a new one (*renewed). */
SG_MUST_CHECK int session_password_change(app *a, const actor *who, const session_state *state,
                                          const char *current, const char *fresh,
                                          login_result *renewed, svc_error *err);

/* The actor's own API tokens: create one (the answer holds the secret,
 * shown once), list them (never the secret). */
SG_MUST_CHECK int session_token_create(app *a, const actor *who, const char *label, int days,
                                       json_t **out, svc_error *err);
SG_MUST_CHECK int session_token_list(app *a, const actor *who, json_t **out);

#endif
