/*
 * admin.h - organisations, user accounts and API tokens.
 *
 * A national administrator (and the operator at the command line) manages
 * organisations; an organisation's administrator manages the accounts and
 * settings of their own organisation only, and never sees another's.
 * Nobody takes over an account: an administrator never sets or sees a
 * password that works (a reset gives a one-time code that only lets the
 * user choose a new password), and one administrator alone cannot reset
 * both the password and the second factor of an account.  Every change is
 * audited.  Accounts hold staff data, never children's.
 */
#ifndef SG_ADMIN_H
#define SG_ADMIN_H

#include "service/app.h"

typedef struct org_input {
    const char *name;
    const char *type; /* org_type code */
    bool require_mfa;
    /* A municipality's organisation: which municipality it is, as the
     * published regions data lists it (NULL or "" for none). */
    const char *municipality;
} org_input;

SG_MUST_CHECK int org_create(app *a, const actor *who, const org_input *in, json_t **out,
                             svc_error *err);
SG_MUST_CHECK int org_get(app *a, const actor *who, const char *id, json_t **out);
SG_MUST_CHECK int org_list(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                           svc_error *err);
/* The directory of organisations, {id, name, type} each, for the
 * casework roles: whom a referral or a screening can be sent to. */
SG_MUST_CHECK int org_directory(app *a, const actor *who, const char *cursor, int limit,
                                json_t **out, svc_error *err);
SG_MUST_CHECK int org_set_require_mfa(app *a, const actor *who, const char *id, bool on,
                                      json_t **out);
/* Sets which municipality an organisation of type municipality is (NULL or
 * "" clears it): only the national administrator, since it decides which
 * municipality's figures the organisation's analysts see in the progress
 * report.  SG_EINVAL (err names "municipality") for a municipality the
 * published regions do not list, or an organisation of another type. */
SG_MUST_CHECK int org_set_municipality(app *a, const actor *who, const char *id,
                                       const char *municipality, json_t **out, svc_error *err);

typedef struct user_input {
    const char *login; /* 3..64 of [a-z0-9._-] */
    const char *org;   /* organisation id or name */
    const char *role;  /* role code */
    const char *password;
} user_input;

SG_MUST_CHECK int user_create(app *a, const actor *who, const user_input *in, json_t **out,
                              svc_error *err);
SG_MUST_CHECK int user_get(app *a, const actor *who, const char *id, json_t **out);
/* org: an organisation id to filter on, or NULL for all. */
SG_MUST_CHECK int user_list(app *a, const actor *who, const char *org, const char *cursor,
                            int limit, json_t **out, svc_error *err);

typedef struct user_update {
    int disabled;        /* -1 unchanged, 0 enable, 1 disable */
    bool reset_password; /* a one-time code instead of the password (in the answer) */
    bool reset_totp;     /* forget the second factor: enrol again */
} user_update;

/* A reset code works this long; the user must log in with it before. */
#define USER_RESET_DAYS 3

SG_MUST_CHECK int user_modify(app *a, const actor *who, const char *id, const user_update *in,
                              json_t **out, svc_error *err);

/* The active mentors and care coordinators of the actor's own
 * organisation, {"items": [{"id", "login", "role"}]}: whom a care
 * coordinator can give an action to (never its administrator, auditor or
 * privacy officer). */
SG_MUST_CHECK int user_colleagues(app *a, const actor *who, json_t **out);

/* The operator at the command line makes an API token for an account (a
 * connecting system's): the answer holds the secret, shown once. */
SG_MUST_CHECK int token_create_operator(app *a, const actor *who, const char *user,
                                        const char *label, int days, json_t **out, svc_error *err);
/* The tokens of an account an administrator manages, without secrets. */
SG_MUST_CHECK int user_token_list(app *a, const actor *who, const char *user_id, json_t **out);
/* Revokes a token: its own user, or an administrator of their organisation. */
SG_MUST_CHECK int token_revoke(app *a, const actor *who, const char *token_id);

#endif
