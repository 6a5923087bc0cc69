/* Records: organisations and users. */
#include <string.h>

#include "store/store_int.h"

#define ORG_COLS "id, public_id, name, type, require_mfa, created_at, municipality"

int store_read_org_at(store_stmt *st, int b, org_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = q_int(st, b + 0);
    r->require_mfa = q_int(st, b + 4) != 0;
    int rc = q_text_into(st, b + 1, r->public_id, sizeof r->public_id);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 2, r->name, sizeof r->name);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 3, r->type, sizeof r->type);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 5, r->created_at, sizeof r->created_at);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 6, r->municipality, sizeof r->municipality);
    return rc;
}

static int read_org(store_stmt *st, org_row *r)
{
    return store_read_org_at(st, 0, r);
}

/* Runs a prepared query expected to yield at most one organisation. */
static int one_org(store_stmt *st, org_row *out)
{
    int rc = q_step(st);
    if (rc == 1)
        rc = read_org(st, out);
    else if (rc == 0)
        rc = SG_ENOTFOUND;
    q_done(st);
    return rc;
}

int store_org_insert(store_tx *tx, org_row *row)
{
    return q_int64(tx,
                   "INSERT INTO organisations (public_id, name, type, require_mfa, created_at,"
                   " municipality) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                   &row->id, "tttBtt", row->public_id, row->name, row->type, row->require_mfa,
                   row->created_at, row->municipality);
}

int store_org_get(store_tx *tx, int64_t id, org_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " ORG_COLS " FROM organisations WHERE id = $1", &st, "i", id);
    return rc == SG_OK ? one_org(st, out) : rc;
}

int store_org_find(store_tx *tx, const char *key, org_row *out)
{
    store_stmt *st;
    int rc =
        q_prepare(tx, "SELECT " ORG_COLS " FROM organisations WHERE public_id = $1 OR name = $1",
                  &st, "t", key);
    return rc == SG_OK ? one_org(st, out) : rc;
}

int store_org_list(store_tx *tx, int64_t after, int limit, org_row *rows, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc =
        q_prepare(tx, "SELECT " ORG_COLS " FROM organisations WHERE id > $1 ORDER BY id LIMIT $2",
                  &st, "ii", after, (int64_t)limit);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= limit)
            break;
        rc = read_org(st, &rows[*n]);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

int store_org_set_require_mfa(store_tx *tx, int64_t id, bool on)
{
    int64_t changed = 0;
    int rc = q_exec(tx, "UPDATE organisations SET require_mfa = $1 WHERE id = $2", &changed, "Bi",
                    on, id);
    return rc == SG_OK && changed == 0 ? SG_ENOTFOUND : rc;
}

int store_org_set_municipality(store_tx *tx, int64_t id, const char *municipality)
{
    int64_t changed = 0;
    int rc = q_exec(tx, "UPDATE organisations SET municipality = $1 WHERE id = $2", &changed, "ti",
                    municipality, id);
    return rc == SG_OK && changed == 0 ? SG_ENOTFOUND : rc;
}

/* ---- users ------------------------------------------------------------ */

#define USER_COLS                                                                                  \
    "id, public_id, org_id, login, role, password_hash, totp_secret_enc, totp_enabled,"            \
    " totp_last_step, disabled, created_at, password_changed_s, must_change_password,"             \
    " reset_expires_s, reset_by, totp_reset_by, totp_reset_s"

int store_read_user_at(store_stmt *st, int b, user_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = q_int(st, b + 0);
    r->org_id = q_int(st, b + 2);
    r->totp_enabled = q_int(st, b + 7) != 0;
    r->totp_last_step = q_int(st, b + 8);
    r->disabled = q_int(st, b + 9) != 0;
    r->password_changed_s = q_int(st, b + 11);
    r->must_change_password = q_int(st, b + 12) != 0;
    r->reset_expires_s = q_int(st, b + 13);
    r->reset_by = q_int(st, b + 14);
    r->totp_reset_by = q_int(st, b + 15);
    r->totp_reset_s = q_int(st, b + 16);
    int rc = q_text_into(st, b + 1, r->public_id, sizeof r->public_id);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 3, r->login, sizeof r->login);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 4, r->role, sizeof r->role);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 5, r->password_hash, sizeof r->password_hash);
    if (rc == SG_OK)
        rc = q_text_into(st, b + 10, r->created_at, sizeof r->created_at);
    if (rc == SG_OK && !q_null(st, b + 6)) {
        size_t len = 0;
        const void *enc = q_blob(st, b + 6, &len);
        if (len > sizeof r->totp_secret_enc)
            return SG_EDB;
        memcpy(r->totp_secret_enc, enc, len);
        r->totp_secret_enc_len = len;
    }
    return rc;
}

static int read_user(store_stmt *st, user_row *r)
{
    return store_read_user_at(st, 0, r);
}

static int one_user(store_stmt *st, user_row *out)
{
    int rc = q_step(st);
    if (rc == 1)
        rc = read_user(st, out);
    else if (rc == 0)
        rc = SG_ENOTFOUND;
    q_done(st);
    return rc;
}

int store_user_insert(store_tx *tx, user_row *row)
{
    return q_int64(tx,
                   "INSERT INTO users (public_id, org_id, login, role, password_hash, disabled,"
                   " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                   &row->id, "titttBt", row->public_id, row->org_id, row->login, row->role,
                   row->password_hash, row->disabled, row->created_at);
}

int store_user_get(store_tx *tx, int64_t id, user_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " USER_COLS " FROM users WHERE id = $1", &st, "i", id);
    return rc == SG_OK ? one_user(st, out) : rc;
}

int store_user_find_login(store_tx *tx, const char *login, user_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " USER_COLS " FROM users WHERE login = $1", &st, "t", login);
    return rc == SG_OK ? one_user(st, out) : rc;
}

int store_user_find_public(store_tx *tx, const char *public_id, user_row *out)
{
    store_stmt *st;
    int rc =
        q_prepare(tx, "SELECT " USER_COLS " FROM users WHERE public_id = $1", &st, "t", public_id);
    return rc == SG_OK ? one_user(st, out) : rc;
}

int store_user_list(store_tx *tx, int64_t org_id, int64_t after, int limit, user_row *rows, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " USER_COLS " FROM users WHERE ($1 = 0 OR org_id = $1) AND id > $2"
                       " ORDER BY id LIMIT $3",
                       &st, "iii", org_id, after, (int64_t)limit);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= limit)
            break;
        rc = read_user(st, &rows[*n]);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

int store_user_set_password(store_tx *tx, int64_t id, const char *hash, int64_t now_s)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE users SET password_hash = $1, password_changed_s = $2,"
                    " must_change_password = 0, reset_expires_s = 0, reset_by = 0 WHERE id = $3",
                    &changed, "tii", hash, now_s, id);
    return rc == SG_OK && changed == 0 ? SG_ENOTFOUND : rc;
}

int store_user_set_reset(store_tx *tx, int64_t id, const char *code_hash, int64_t now_s,
                         int64_t expires_s, int64_t by)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE users SET password_hash = $1, password_changed_s = $2,"
                    " must_change_password = 1, reset_expires_s = $3, reset_by = $4 WHERE id = $5",
                    &changed, "tiiii", code_hash, now_s, expires_s, by, id);
    return rc == SG_OK && changed == 0 ? SG_ENOTFOUND : rc;
}

int store_user_set_totp_reset(store_tx *tx, int64_t id, int64_t by, int64_t now_s)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE users SET totp_secret_enc = NULL, totp_enabled = 0, totp_last_step = 0,"
                    " totp_reset_by = $1, totp_reset_s = $2 WHERE id = $3",
                    &changed, "iii", by, now_s, id);
    return rc == SG_OK && changed == 0 ? SG_ENOTFOUND : rc;
}

int store_user_set_disabled(store_tx *tx, int64_t id, bool disabled)
{
    int64_t changed = 0;
    int rc =
        q_exec(tx, "UPDATE users SET disabled = $1 WHERE id = $2", &changed, "Bi", disabled, id);
    return rc == SG_OK && changed == 0 ? SG_ENOTFOUND : rc;
}

int store_user_set_totp(store_tx *tx, int64_t id, const unsigned char *enc, size_t enc_len,
                        bool enabled)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE users SET totp_secret_enc = $1, totp_enabled = $2, totp_last_step = 0"
                    " WHERE id = $3",
                    &changed, "bBi", (const void *)enc, enc_len, enabled, id);
    return rc == SG_OK && changed == 0 ? SG_ENOTFOUND : rc;
}

int store_user_advance_totp_step(store_tx *tx, int64_t id, int64_t step)
{
    int64_t changed = 0;
    int rc =
        q_exec(tx, "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND totp_last_step < $1",
               &changed, "ii", step, id);
    return rc == SG_OK && changed == 0 ? SG_ECONFLICT : rc;
}
