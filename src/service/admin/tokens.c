/*
 * tokens.c - API tokens for connecting systems.
 *
 * A token is made by its user, for their own account, and its secret is
 * shown once to them; nobody makes a token for someone who does not know
 * of it.  The operator at the command line may make one for an account
 * (a connecting system's), audited as such.  An administrator sees the
 * tokens of their organisation's accounts, never the secrets, and may
 * revoke them; so may the user.  Whether a token still works is decided
 * when it is used (session.c: not after a new password, a reset, a
 * disabled account, or without the second factor the organisation asks).
 */
#include <sodium.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit.h"
#include "security/token.h"
#include "service/admin/admin_int.h"
#include "service/admin/session.h"

#define TOKEN_DAYS_MAX 365
#define TOKENS_LISTED 100

typedef struct token_ctx {
    app *a;
    const actor *who;
    const char *key; /* a user's or a token's id */
    user_row user;
    token_row token;
    json_t *items;
} token_ctx;

static json_t *token_json(const token_row *t)
{
    char created[CLOCK_ISO_LEN], expires[CLOCK_ISO_LEN], revoked[CLOCK_ISO_LEN] = "";
    clock_format_iso(t->created_s * 1000, created);
    clock_format_iso(t->expires_s * 1000, expires);
    if (t->revoked_s)
        clock_format_iso(t->revoked_s * 1000, revoked);
    return json_pack("{s:s, s:s, s:s, s:s, s:s*, s:b}", "id", t->public_id, "label", t->label,
                     "created_at", created, "expires_at", expires, "revoked_at",
                     t->revoked_s ? revoked : NULL, "active",
                     t->revoked_s == 0 && clock_now_s() < t->expires_s);
}

/* Who may hold a token at all: a working casework account, not a role that
 * always needs a second factor (administrators, auditors), and not one whose
 * organisation requires a second factor it has not enrolled. */
static int token_holder_check(store_tx *tx, const user_row *u)
{
    role r;
    org_row o;
    if (role_parse(u->role, &r) != SG_OK)
        return SG_EDB;
    int rc = store_org_get(tx, u->org_id, &o);
    if (rc != SG_OK)
        return rc;
    if (role_requires_mfa(r) || u->disabled || u->must_change_password
        || (o.require_mfa && !u->totp_enabled))
        return SG_ESTATE;
    return SG_OK;
}

static int token_insert_job(store_tx *tx, void *arg)
{
    token_ctx *tc = arg;
    int rc = store_user_get(tx, tc->token.user_id, &tc->user);
    if (rc == SG_OK)
        rc = token_holder_check(tx, &tc->user);
    if (rc == SG_OK)
        rc = store_token_insert(tx, &tc->token);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = tc->who,
                      .action = "token.create",
                      .record_type = "token",
                      .record_id = tc->token.public_id,
                      .purpose = tc->who->system ? "made by the operator for a connecting system,"
                                                   " shown to the operator once"
                                                 : "made by its user, shown to them once"};
    return audit_append(tx, tc->a->keys, &ev);
}

/* Makes a token for user_id (an internal id) and answers with its secret. */
static int token_make(app *a, const actor *who, int64_t user_id, const char *label, int days,
                      json_t **out, svc_error *err)
{
    if (!label || text_is_blank(label) || text_utf8_length(label) > 200)
        return svc_invalid(err, "label", "a label of 1 to 200 characters is required");
    if (days == 0)
        days = a->cfg.token_days;
    if (days < 1 || days > TOKEN_DAYS_MAX)
        return svc_invalid(err, "days", "a lifetime of 1 to 365 days");
    char secret[TOKEN_SECRET_LEN];
    token_ctx tc = {.a = a, .who = who};
    token_secret(secret);
    token_uuid(tc.token.public_id);
    vault_hash(a->keys, VAULT_TOKENS, secret, strlen(secret), tc.token.token_hash);
    text_copy(tc.token.label, sizeof tc.token.label, label);
    tc.token.user_id = user_id;
    tc.token.created_by = who->user_id;
    tc.token.created_s = clock_now_s();
    tc.token.expires_s = tc.token.created_s + (int64_t)days * 86400;
    int rc = store_write(a->db, token_insert_job, &tc);
    if (rc == SG_ESTATE)
        rc = svc_invalid(err, "user",
                         "tokens are for active casework accounts that have the second factor"
                         " their organisation requires, not for administrators or auditors");
    if (rc == SG_OK) {
        *out = token_json(&tc.token);
        if (*out)
            json_object_set_new(*out, "token", json_string(secret));
        if (*out)
            json_object_set_new(*out, "user", json_string(tc.user.public_id));
        if (!*out)
            rc = SG_ENOMEM;
    }
    sodium_memzero(secret, sizeof secret);
    return rc;
}

int session_token_create(app *a, const actor *who, const char *label, int days, json_t **out,
                         svc_error *err)
{
    if (who->system)
        return SG_EFORBIDDEN;
    return token_make(a, who, who->user_id, label, days, out, err);
}

static int operator_user_job(store_tx *tx, void *arg)
{
    token_ctx *tc = arg;
    int rc = store_user_find_public(tx, tc->key, &tc->user);
    if (rc == SG_ENOTFOUND)
        rc = store_user_find_login(tx, tc->key, &tc->user);
    return rc;
}

int token_create_operator(app *a, const actor *who, const char *user, const char *label, int days,
                          json_t **out, svc_error *err)
{
    if (!who->system)
        return SG_EFORBIDDEN;
    token_ctx tc = {.a = a, .who = who, .key = user};
    int rc = store_read(a->db, operator_user_job, &tc);
    if (rc == SG_ENOTFOUND)
        return svc_invalid(err, "user", "no such user");
    if (rc != SG_OK)
        return rc;
    return token_make(a, who, tc.user.id, label, days, out, err);
}

/* ---- lists ------------------------------------------------------------ */

static int list_job(store_tx *tx, void *arg)
{
    token_ctx *tc = arg;
    token_row *rows = sg_calloc(TOKENS_LISTED, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_token_list_user(tx, tc->user.id, rows, TOKENS_LISTED, &n);
    for (int i = 0; rc == SG_OK && i < n; i++)
        if (json_array_append_new(tc->items, token_json(&rows[i])) != 0)
            rc = SG_ENOMEM;
    sg_free(rows);
    return rc;
}

static int list_answer(int rc, token_ctx *tc, json_t **out)
{
    if (rc == SG_OK) {
        *out = json_pack("{s:O}", "items", tc->items);
        if (!*out)
            rc = SG_ENOMEM;
    }
    json_decref(tc->items);
    return rc;
}

int session_token_list(app *a, const actor *who, json_t **out)
{
    if (who->system)
        return SG_EFORBIDDEN;
    token_ctx tc = {.a = a, .who = who, .items = json_array()};
    tc.user.id = who->user_id;
    int rc = tc.items ? store_read(a->db, list_job, &tc) : SG_ENOMEM;
    return list_answer(rc, &tc, out);
}

static int user_tokens_job(store_tx *tx, void *arg)
{
    token_ctx *tc = arg;
    int rc = store_user_find_public(tx, tc->key, &tc->user);
    if (rc == SG_OK && !access_may_manage_org(tc->who, tc->user.org_id))
        rc = SG_ENOTFOUND;
    return rc == SG_OK ? list_job(tx, tc) : rc;
}

int user_token_list(app *a, const actor *who, const char *user_id, json_t **out)
{
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    token_ctx tc = {.a = a, .who = who, .key = user_id, .items = json_array()};
    int rc = tc.items ? store_read(a->db, user_tokens_job, &tc) : SG_ENOMEM;
    return list_answer(rc, &tc, out);
}

/* ---- revoking --------------------------------------------------------- */

static int token_revoke_job(store_tx *tx, void *arg)
{
    token_ctx *tc = arg;
    int rc = store_token_find_public(tx, tc->key, &tc->token);
    if (rc == SG_OK)
        rc = store_user_get(tx, tc->token.user_id, &tc->user);
    /* The token's own user, or an administrator of their organisation. */
    if (rc == SG_OK && tc->token.user_id != tc->who->user_id
        && !access_may_manage_org(tc->who, tc->user.org_id))
        rc = SG_ENOTFOUND;
    if (rc == SG_OK)
        rc = store_token_revoke(tx, tc->token.id, clock_now_s());
    if (rc == SG_OK)
        rc = admin_audit(tx, tc->a, tc->who, "token.revoke", "token", tc->token.public_id);
    return rc;
}

int token_revoke(app *a, const actor *who, const char *token_id)
{
    token_ctx tc = {.a = a, .who = who, .key = token_id};
    return store_write(a->db, token_revoke_job, &tc);
}
