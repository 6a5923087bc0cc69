/* Records of the reference index: registrations, links, matches, flags. */
#include <string.h>

#include "base/mem.h"
#include "store/concerns.h"
#include "store/store_int.h"

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- registrations ------------------------------------------------------ */

#define CONCERN_COLS                                                                               \
    "id, public_id, org_id, registered_by, client_key, fingerprint, ground, rules_version,"        \
    " bsn_key, name_key, block_a, block_b, block_c, identity_enc, contact_enc, registered_at,"     \
    " ends_on, ended_on, end_reason"

static const q_col concern_cols[] = {
    QCOL_I64(concern_row, id),
    QCOL_TEXT(concern_row, public_id),
    QCOL_I64(concern_row, org_id),
    QCOL_I64(concern_row, registered_by),
    QCOL_TEXT(concern_row, client_key),
    QCOL_TEXT(concern_row, fingerprint),
    QCOL_TEXT(concern_row, ground),
    QCOL_I64(concern_row, rules_version),
    QCOL_TEXT(concern_row, bsn_key),
    QCOL_TEXT(concern_row, name_key),
    QCOL_TEXT(concern_row, block_a),
    QCOL_TEXT(concern_row, block_b),
    QCOL_TEXT(concern_row, block_c),
    QCOL_BLOB(concern_row, identity_enc, identity_enc_len),
    QCOL_BLOB(concern_row, contact_enc, contact_enc_len),
    QCOL_TEXT(concern_row, registered_at),
    QCOL_TEXT(concern_row, ends_on),
    QCOL_TEXT(concern_row, ended_on),
    QCOL_TEXT(concern_row, end_reason),
};

void store_concern_clear(concern_row *row)
{
    q_clear(concern_cols, NCOLS(concern_cols), row, sizeof *row);
}

static int one_concern(store_stmt *st, concern_row *out)
{
    return q_read_one(st, concern_cols, NCOLS(concern_cols), out, sizeof *out);
}

/* Reads up to max rows of st into rows (each cleared by the caller; all
 * cleared on failure). */
static int many_concerns(store_stmt *st, concern_row *rows, int max, int *n)
{
    return q_read_rows(st, concern_cols, NCOLS(concern_cols), rows, sizeof *rows, max, n);
}

int store_concern_insert(store_tx *tx, concern_row *r)
{
    return q_int64(
        tx,
        "INSERT INTO concerns (public_id, org_id, registered_by, client_key, fingerprint,"
        " ground, rules_version, bsn_key, name_key, block_a, block_b, block_c,"
        " identity_enc, contact_enc, registered_at, ends_on, ended_on, end_reason)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
        " $17, $18) RETURNING id",
        &r->id,
        "tiitttittttt"
        "bbtttt",
        r->public_id, r->org_id, r->registered_by, r->client_key, r->fingerprint, r->ground,
        r->rules_version, r->bsn_key, r->name_key, r->block_a, r->block_b, r->block_c,
        (const void *)r->identity_enc, r->identity_enc_len, (const void *)r->contact_enc,
        r->contact_enc_len, r->registered_at, r->ends_on, r->ended_on, r->end_reason);
}

int store_concern_get(store_tx *tx, int64_t id, concern_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " CONCERN_COLS " FROM concerns WHERE id = $1", &st, "i", id);
    return rc == SG_OK ? one_concern(st, out) : rc;
}

int store_concern_find_public(store_tx *tx, const char *public_id, concern_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " CONCERN_COLS " FROM concerns WHERE public_id = $1", &st, "t",
                       public_id);
    return rc == SG_OK ? one_concern(st, out) : rc;
}

int store_concern_find_client_key(store_tx *tx, int64_t org_id, const char *client_key,
                                  concern_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " CONCERN_COLS " FROM concerns WHERE org_id = $1 AND client_key = $2"
                       " AND client_key <> ''",
                       &st, "it", org_id, client_key);
    return rc == SG_OK ? one_concern(st, out) : rc;
}

int store_concern_active_by_key(store_tx *tx, concern_key which, const char *key, const char *today,
                                concern_row *rows, int max, int *n)
{
    /* One statement per column: the column name is never built from input. */
    static const char *const sql[] = {
        [CONCERN_BSN] = "SELECT " CONCERN_COLS " FROM concerns WHERE bsn_key = $1"
                        " AND bsn_key <> '' AND ended_on = '' AND ends_on > $2"
                        " ORDER BY id DESC LIMIT $3",
        [CONCERN_NAME] = "SELECT " CONCERN_COLS " FROM concerns WHERE name_key = $1"
                         " AND ended_on = '' AND ends_on > $2 ORDER BY id DESC LIMIT $3",
        [CONCERN_BLOCK_A] = "SELECT " CONCERN_COLS " FROM concerns WHERE block_a = $1"
                            " AND ended_on = '' AND ends_on > $2 ORDER BY id DESC LIMIT $3",
        [CONCERN_BLOCK_B] = "SELECT " CONCERN_COLS " FROM concerns WHERE block_b = $1"
                            " AND ended_on = '' AND ends_on > $2 ORDER BY id DESC LIMIT $3",
        [CONCERN_BLOCK_C] = "SELECT " CONCERN_COLS " FROM concerns WHERE block_c = $1"
                            " AND ended_on = '' AND ends_on > $2 ORDER BY id DESC LIMIT $3",
    };
    store_stmt *st;
    *n = 0;
    if ((unsigned)which > CONCERN_BLOCK_C)
        return SG_EINTERNAL;
    int rc = q_prepare(tx, sql[which], &st, "tti", key, today, (int64_t)max);
    return rc == SG_OK ? many_concerns(st, rows, max, n) : rc;
}

int store_concern_list_user(store_tx *tx, int64_t user_id, int64_t after, int limit,
                            concern_row *rows, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " CONCERN_COLS " FROM concerns WHERE registered_by = $1 AND id > $2"
                       " ORDER BY id LIMIT $3",
                       &st, "iii", user_id, after, (int64_t)limit);
    return rc == SG_OK ? many_concerns(st, rows, limit, n) : rc;
}

int store_concern_end(store_tx *tx, int64_t id, const char *day, const char *reason)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE concerns SET ended_on = $1, end_reason = $2 WHERE id = $3"
                    " AND ended_on = ''",
                    &changed, "tti", day, reason, id);
    return rc == SG_OK && changed == 0 ? SG_ESTATE : rc;
}

/* ---- links ------------------------------------------------------------- */

int store_concern_link_add(store_tx *tx, int64_t concern_id, const char *kind, const char *key)
{
    return q_exec(tx,
                  "INSERT INTO concern_links (concern_id, kind, link_key) VALUES ($1, $2, $3)"
                  " ON CONFLICT (concern_id, kind, link_key) DO NOTHING",
                  NULL, "itt", concern_id, kind, key);
}

int store_concern_links(store_tx *tx, int64_t concern_id, const char *kind,
                        char (*keys)[STORE_HASH_LEN], int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT link_key FROM concern_links WHERE concern_id = $1 AND kind = $2"
                       " ORDER BY link_key",
                       &st, "it", concern_id, kind);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= max)
            break;
        rc = q_text_into(st, 0, keys[*n], STORE_HASH_LEN);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

int store_concern_by_link(store_tx *tx, const char *kind, const char *key, const char *today,
                          int64_t *ids, int64_t *orgs, int max, int *n, int64_t *total)
{
    store_stmt *st;
    *n = 0;
    *total = 0;
    int rc = q_prepare(tx,
                       "SELECT c.id, c.org_id FROM concern_links l JOIN concerns c"
                       " ON c.id = l.concern_id WHERE l.link_key = $1 AND l.kind = $2"
                       " AND c.ended_on = '' AND c.ends_on > $3 ORDER BY c.id",
                       &st, "ttt", key, kind, today);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1)
            break;
        if (*n < max) {
            ids[*n] = q_int(st, 0);
            orgs[*n] = q_int(st, 1);
            (*n)++;
        }
        (*total)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

/* ---- matches ----------------------------------------------------------- */

#define MATCH_COLS                                                                                 \
    "id, public_id, concern_a, concern_b, kind, reason, status, confirmed_a, confirmed_b,"         \
    " contact_at, contact_by, lead_concern, lead_by, lead_at, due_on, created_at, updated_at,"     \
    " version"

static const q_col match_cols[] = {
    QCOL_I64(match_row, id),           QCOL_TEXT(match_row, public_id),
    QCOL_I64(match_row, concern_a),    QCOL_I64(match_row, concern_b),
    QCOL_TEXT(match_row, kind),        QCOL_TEXT(match_row, reason),
    QCOL_TEXT(match_row, status),      QCOL_BOOL(match_row, confirmed_a),
    QCOL_BOOL(match_row, confirmed_b), QCOL_TEXT(match_row, contact_at),
    QCOL_I64(match_row, contact_by),   QCOL_I64(match_row, lead_concern),
    QCOL_I64(match_row, lead_by),      QCOL_TEXT(match_row, lead_at),
    QCOL_TEXT(match_row, due_on),      QCOL_TEXT(match_row, created_at),
    QCOL_TEXT(match_row, updated_at),  QCOL_I64(match_row, version),
};

static int many_matches(store_stmt *st, match_row *rows, int max, int *n)
{
    return q_read_rows(st, match_cols, NCOLS(match_cols), rows, sizeof *rows, max, n);
}

int store_match_insert(store_tx *tx, match_row *r)
{
    r->version = 1;
    int rc = q_int64(tx,
                     "INSERT INTO concern_matches (public_id, concern_a, concern_b, kind, reason,"
                     " status, confirmed_a, confirmed_b, contact_at, contact_by, lead_concern,"
                     " lead_by, lead_at, due_on, created_at, updated_at, version) VALUES ($1, $2,"
                     " $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
                     " ON CONFLICT (concern_a, concern_b, kind) DO NOTHING RETURNING id",
                     &r->id, "tiitttBBtiiitttti", r->public_id, r->concern_a, r->concern_b, r->kind,
                     r->reason, r->status, r->confirmed_a, r->confirmed_b, r->contact_at,
                     r->contact_by, r->lead_concern, r->lead_by, r->lead_at, r->due_on,
                     r->created_at, r->updated_at, r->version);
    return rc == SG_ENOTFOUND ? SG_ECONFLICT : rc;
}

int store_match_find_public(store_tx *tx, const char *public_id, match_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " MATCH_COLS " FROM concern_matches WHERE public_id = $1", &st,
                       "t", public_id);
    return rc == SG_OK ? q_read_one(st, match_cols, NCOLS(match_cols), out, sizeof *out) : rc;
}

int store_match_update(store_tx *tx, match_row *r)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE concern_matches SET kind = $1, status = $2, confirmed_a = $3,"
                    " confirmed_b = $4, contact_at = $5, contact_by = $6, lead_concern = $7,"
                    " lead_by = $8, lead_at = $9, due_on = $10, updated_at = $11,"
                    " version = version + 1 WHERE id = $12 AND version = $13",
                    &changed,
                    "ttBBtiiittt"
                    "ii",
                    r->kind, r->status, r->confirmed_a, r->confirmed_b, r->contact_at,
                    r->contact_by, r->lead_concern, r->lead_by, r->lead_at, r->due_on,
                    r->updated_at, r->id, r->version);
    if (rc != SG_OK)
        return rc;
    if (changed == 0)
        return SG_ECONFLICT;
    r->version++;
    return SG_OK;
}

int store_match_list_concern(store_tx *tx, int64_t concern_id, match_row *rows, int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " MATCH_COLS " FROM concern_matches WHERE concern_a = $1"
                       " OR concern_b = $1 ORDER BY id LIMIT $2",
                       &st, "ii", concern_id, (int64_t)max);
    return rc == SG_OK ? many_matches(st, rows, max, n) : rc;
}

int store_match_list_user(store_tx *tx, int64_t user_id, int64_t after, int limit, match_row *rows,
                          int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " MATCH_COLS " FROM concern_matches WHERE id > $2 AND id IN"
                       " (SELECT m.id FROM concern_matches m JOIN concerns c ON c.id = m.concern_a"
                       " WHERE c.registered_by = $1 UNION SELECT m.id FROM concern_matches m"
                       " JOIN concerns c ON c.id = m.concern_b WHERE c.registered_by = $1)"
                       " ORDER BY id LIMIT $3",
                       &st, "iii", user_id, after, (int64_t)limit);
    return rc == SG_OK ? many_matches(st, rows, limit, n) : rc;
}

int store_match_overdue_org(store_tx *tx, int64_t org_id, const char *today, match_row *rows,
                            int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " MATCH_COLS " FROM concern_matches WHERE kind = 'identity'"
                       " AND lead_concern = 0 AND due_on <> '' AND due_on < $2 AND EXISTS"
                       " (SELECT 1 FROM concerns c WHERE c.id IN (concern_a, concern_b)"
                       " AND c.org_id = $1) ORDER BY due_on, id LIMIT $3",
                       &st, "iti", org_id, today, (int64_t)max);
    return rc == SG_OK ? many_matches(st, rows, max, n) : rc;
}

/* ---- flags ------------------------------------------------------------- */

#define FLAG_COLS                                                                                  \
    "id, public_id, org_id, user_id, reason, hits, flagged_at, acknowledged_by, acknowledged_at"

static const q_col flag_cols[] = {
    QCOL_I64(concern_flag_row, id),
    QCOL_TEXT(concern_flag_row, public_id),
    QCOL_I64(concern_flag_row, org_id),
    QCOL_I64(concern_flag_row, user_id),
    QCOL_TEXT(concern_flag_row, reason),
    QCOL_I64(concern_flag_row, hits),
    QCOL_TEXT(concern_flag_row, flagged_at),
    QCOL_I64(concern_flag_row, acknowledged_by),
    QCOL_TEXT(concern_flag_row, acknowledged_at),
};

static int many_flags(store_stmt *st, concern_flag_row *rows, int max, int *n)
{
    return q_read_rows(st, flag_cols, NCOLS(flag_cols), rows, sizeof *rows, max, n);
}

int store_concern_flag_insert(store_tx *tx, concern_flag_row *r)
{
    return q_int64(
        tx,
        "INSERT INTO concern_flags (public_id, org_id, user_id, reason, hits, flagged_at,"
        " acknowledged_by, acknowledged_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        " RETURNING id",
        &r->id, "tiititit", r->public_id, r->org_id, r->user_id, r->reason, r->hits, r->flagged_at,
        r->acknowledged_by, r->acknowledged_at);
}

int store_concern_flag_find_public(store_tx *tx, const char *public_id, concern_flag_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " FLAG_COLS " FROM concern_flags WHERE public_id = $1", &st, "t",
                       public_id);
    return rc == SG_OK ? q_read_one(st, flag_cols, NCOLS(flag_cols), out, sizeof *out) : rc;
}

int store_concern_flag_open(store_tx *tx, int64_t org_id, concern_flag_row *rows, int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " FLAG_COLS " FROM concern_flags WHERE org_id = $1"
                       " AND acknowledged_at = '' ORDER BY id LIMIT $2",
                       &st, "ii", org_id, (int64_t)max);
    return rc == SG_OK ? many_flags(st, rows, max, n) : rc;
}

int store_concern_flag_acknowledge(store_tx *tx, int64_t id, int64_t user_id, const char *at)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE concern_flags SET acknowledged_by = $1, acknowledged_at = $2"
                    " WHERE id = $3 AND acknowledged_at = ''",
                    &changed, "iti", user_id, at, id);
    return rc == SG_OK && changed == 0 ? SG_ESTATE : rc;
}

/* ---- retention --------------------------------------------------------- */

int store_concern_due_for_purge(store_tx *tx, const char *today, int64_t *ids,
                                char (*public_ids)[STORE_ID_LEN], int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT id, public_id FROM concerns WHERE ended_on <> '' OR ends_on <= $1"
                       " ORDER BY id LIMIT $2",
                       &st, "ti", today, (int64_t)max);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= max)
            break;
        ids[*n] = q_int(st, 0);
        rc = q_text_into(st, 1, public_ids[*n], STORE_ID_LEN);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

int store_concern_delete(store_tx *tx, int64_t id)
{
    int rc = q_exec(tx, "DELETE FROM concern_matches WHERE concern_a = $1 OR concern_b = $1", NULL,
                    "i", id);
    if (rc == SG_OK)
        rc = q_exec(tx, "DELETE FROM concern_links WHERE concern_id = $1", NULL, "i", id);
    if (rc == SG_OK)
        rc = q_exec(tx, "DELETE FROM concerns WHERE id = $1", NULL, "i", id);
    return rc;
}

int store_concern_flag_purge(store_tx *tx, const char *cutoff, int64_t *deleted)
{
    return q_exec(tx,
                  "DELETE FROM concern_flags WHERE acknowledged_at <> '' AND acknowledged_at < $1",
                  deleted, "t", cutoff);
}
