/* Records: sessions, API tokens and rate-limit counters. */
#include <string.h>

#include "base/text.h"
#include "store/store_int.h"

#define SESSION_COLS                                                                               \
    "token_hash, user_id, csrf_token, mfa_ok, created_s, last_seen_s, expires_s, must_change"

int store_session_insert(store_tx *tx, const session_row *r)
{
    return q_exec(tx,
                  "INSERT INTO sessions (" SESSION_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  NULL, "titBiiiB", r->token_hash, r->user_id, r->csrf_token, r->mfa_ok,
                  r->created_s, r->last_seen_s, r->expires_s, r->must_change);
}

int store_session_get(store_tx *tx, const char *token_hash, session_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " SESSION_COLS " FROM sessions WHERE token_hash = $1", &st, "t",
                       token_hash);
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1) {
        memset(out, 0, sizeof *out);
        out->user_id = q_int(st, 1);
        out->mfa_ok = q_int(st, 3) != 0;
        out->created_s = q_int(st, 4);
        out->last_seen_s = q_int(st, 5);
        out->expires_s = q_int(st, 6);
        out->must_change = q_int(st, 7) != 0;
        rc = q_text_into(st, 0, out->token_hash, sizeof out->token_hash);
        if (rc == SG_OK)
            rc = q_text_into(st, 2, out->csrf_token, sizeof out->csrf_token);
    } else if (rc == 0) {
        rc = SG_ENOTFOUND;
    }
    q_done(st);
    return rc;
}

int store_session_touch(store_tx *tx, const char *token_hash, int64_t now_s)
{
    return q_exec(tx, "UPDATE sessions SET last_seen_s = $1 WHERE token_hash = $2", NULL, "it",
                  now_s, token_hash);
}

int store_session_set_mfa_ok(store_tx *tx, const char *token_hash)
{
    return q_exec(tx, "UPDATE sessions SET mfa_ok = 1 WHERE token_hash = $1", NULL, "t",
                  token_hash);
}

int store_session_delete(store_tx *tx, const char *token_hash)
{
    return q_exec(tx, "DELETE FROM sessions WHERE token_hash = $1", NULL, "t", token_hash);
}

int store_session_delete_user(store_tx *tx, int64_t user_id)
{
    return q_exec(tx, "DELETE FROM sessions WHERE user_id = $1", NULL, "i", user_id);
}

int store_session_delete_org(store_tx *tx, int64_t org_id)
{
    return q_exec(tx,
                  "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE org_id = $1)",
                  NULL, "i", org_id);
}

int store_session_purge(store_tx *tx, int64_t idle_before_s, int64_t now_s)
{
    return q_exec(tx, "DELETE FROM sessions WHERE last_seen_s < $1 OR expires_s <= $2", NULL, "ii",
                  idle_before_s, now_s);
}

/* ---- API tokens ------------------------------------------------------- */

#define TOKEN_COLS                                                                                 \
    "id, public_id, token_hash, user_id, created_by, label, created_s, expires_s, revoked_s"

static int read_token_at(store_stmt *st, int b, token_row *out)
{
    memset(out, 0, sizeof *out);
    out->id = q_int(st, b + 0);
    out->user_id = q_int(st, b + 3);
    out->created_by = q_int(st, b + 4);
    out->created_s = q_int(st, b + 6);
    out->expires_s = q_int(st, b + 7);
    out->revoked_s = q_int(st, b + 8);
    int rc = q_text_into(st, b + 1, out->public_id, sizeof out->public_id);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 2, out->token_hash, sizeof out->token_hash);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 5, out->label, sizeof out->label);
    return rc;
}

static int one_token(store_stmt *st, token_row *out)
{
    int rc = q_step(st);
    if (rc == 1)
        rc = read_token_at(st, 0, out);
    else if (rc == 0)
        rc = SG_ENOTFOUND;
    q_done(st);
    return rc;
}

int store_token_insert(store_tx *tx, token_row *r)
{
    return q_int64(tx,
                   "INSERT INTO api_tokens (public_id, token_hash, user_id, created_by, label,"
                   " created_s, expires_s) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                   &r->id, "ttiitii", r->public_id, r->token_hash, r->user_id, r->created_by,
                   r->label, r->created_s, r->expires_s);
}

int store_token_account(store_tx *tx, const char *token_hash, token_row *token, user_row *user,
                        org_row *org)
{
    /* Every request with a token asks this: a reading connection answers
     * from the rows it read last while nothing was committed since. */
    token_cache *c = tx->s->driver->token_cache ? tx->s->driver->token_cache(tx) : NULL;
    for (int i = 0; c && i < c->n; i++) {
        if (strcmp(c->slot[i].hash, token_hash) == 0) {
            *token = c->slot[i].token;
            *user = c->slot[i].user;
            *org = c->slot[i].org;
            return SG_OK;
        }
    }
    store_stmt *st;
    /* The columns of TOKEN_COLS, then orgs.c's of a user and of an
     * organisation, in their order. */
    int rc = q_prepare(
        tx,
        "SELECT t.id, t.public_id, t.token_hash, t.user_id, t.created_by, t.label, t.created_s,"
        " t.expires_s, t.revoked_s,"
        " u.id, u.public_id, u.org_id, u.login, u.role, u.password_hash, u.totp_secret_enc,"
        " u.totp_enabled, u.totp_last_step, u.disabled, u.created_at, u.password_changed_s,"
        " u.must_change_password, u.reset_expires_s, u.reset_by, u.totp_reset_by, u.totp_reset_s,"
        " o.id, o.public_id, o.name, o.type, o.require_mfa, o.created_at, o.municipality"
        " FROM api_tokens t JOIN users u ON u.id = t.user_id"
        " JOIN organisations o ON o.id = u.org_id WHERE t.token_hash = $1",
        &st, "t", token_hash);
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1) {
        rc = read_token_at(st, 0, token);
        if (rc == SG_OK)
            rc = store_read_user_at(st, 9, user);
        if (rc == SG_OK)
            rc = store_read_org_at(st, 9 + 17, org);
    } else if (rc == 0) {
        rc = SG_ENOTFOUND;
    }
    q_done(st);
    if (rc == SG_OK && c && strlen(token_hash) < sizeof c->slot[0].hash) {
        token_cached *e = &c->slot[c->next];
        text_copy(e->hash, sizeof e->hash, token_hash);
        e->token = *token;
        e->user = *user;
        e->org = *org;
        c->next = (c->next + 1) % TOKEN_CACHE_SLOTS;
        if (c->n < TOKEN_CACHE_SLOTS)
            c->n++;
    }
    return rc;
}

int store_token_find_public(store_tx *tx, const char *public_id, token_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " TOKEN_COLS " FROM api_tokens WHERE public_id = $1", &st, "t",
                       public_id);
    return rc == SG_OK ? one_token(st, out) : rc;
}

int store_token_list_user(store_tx *tx, int64_t user_id, token_row *rows, int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " TOKEN_COLS " FROM api_tokens WHERE user_id = $1"
                       " ORDER BY id DESC LIMIT $2",
                       &st, "ii", user_id, (int64_t)max);
    if (rc != SG_OK)
        return rc;
    while (rc == SG_OK && *n < max) {
        rc = q_step(st);
        if (rc != 1)
            break;
        token_row *r = &rows[*n];
        memset(r, 0, sizeof *r);
        r->id = q_int(st, 0);
        r->user_id = q_int(st, 3);
        r->created_by = q_int(st, 4);
        r->created_s = q_int(st, 6);
        r->expires_s = q_int(st, 7);
        r->revoked_s = q_int(st, 8);
        rc = q_text_into(st, 1, r->public_id, sizeof r->public_id);
        if (rc == SG_OK)
            rc = q_text_into(st, 5, r->label, sizeof r->label);
        if (rc == SG_OK)
            (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

int store_token_revoke(store_tx *tx, int64_t id, int64_t now_s)
{
    return q_exec(tx, "UPDATE api_tokens SET revoked_s = $1 WHERE id = $2 AND revoked_s = 0", NULL,
                  "ii", now_s, id);
}

/* ---- rate limits ------------------------------------------------------ */

int store_ratelimit_hit(store_tx *tx, const char *key, int64_t now_s, int64_t window_s,
                        int64_t *count)
{
    /* A window that has run out starts again at this failure. */
    return q_int64(tx,
                   "INSERT INTO rate_limits (key, window_start_s, failures) VALUES ($1, $2, 1)"
                   " ON CONFLICT (key) DO UPDATE SET"
                   " failures = CASE WHEN rate_limits.window_start_s <= $2 - $3 THEN 1"
                   "                 ELSE rate_limits.failures + 1 END,"
                   " window_start_s = CASE WHEN rate_limits.window_start_s <= $2 - $3 THEN $2"
                   "                 ELSE rate_limits.window_start_s END"
                   " RETURNING failures",
                   count, "tii", key, now_s, window_s);
}

int store_ratelimit_get(store_tx *tx, const char *key, int64_t now_s, int64_t window_s,
                        int64_t *count, int64_t *ends_s)
{
    store_stmt *st;
    *count = 0;
    *ends_s = now_s;
    int rc = q_prepare(tx, "SELECT window_start_s, failures FROM rate_limits WHERE key = $1", &st,
                       "t", key);
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1) {
        int64_t start = q_int(st, 0);
        if (start > now_s - window_s) {
            *count = q_int(st, 1);
            *ends_s = start + window_s;
        }
        rc = SG_OK;
    }
    q_done(st);
    return rc;
}

int store_ratelimit_clear(store_tx *tx, const char *key)
{
    return q_exec(tx, "DELETE FROM rate_limits WHERE key = $1", NULL, "t", key);
}

int store_ratelimit_last(store_tx *tx, const char *key, int64_t now_s, int64_t window_s,
                         int64_t *count, int64_t *last_s)
{
    int64_t ends = 0;
    int rc = store_ratelimit_get(tx, key, now_s, window_s, count, &ends);
    *last_s = 0;
    if (rc == SG_OK && *count > 0)
        rc = q_int64(tx, "SELECT last_s FROM rate_limits WHERE key = $1", last_s, "t", key);
    return rc;
}

int store_ratelimit_mark(store_tx *tx, const char *key, int64_t now_s)
{
    return q_exec(tx, "UPDATE rate_limits SET last_s = $1 WHERE key = $2", NULL, "it", now_s, key);
}

int store_ratelimit_undo(store_tx *tx, const char *key)
{
    return q_exec(tx,
                  "UPDATE rate_limits SET failures = failures - 1 WHERE key = $1 AND failures > 0",
                  NULL, "t", key);
}
