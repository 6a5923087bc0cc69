/* Records: the audit trail and its head. */
#include <string.h>

#include "store/store_int.h"

#define AUDIT_COLS                                                                                 \
    "seq, at, user_id, role, org_id, action, record_type, record_id, person_id, client,"           \
    " purpose, prev_hash, hash"

static int read_audit(store_stmt *st, audit_row *r)
{
    memset(r, 0, sizeof *r);
    r->seq = q_int(st, 0);
    struct {
        char *dst;
        size_t n;
    } cols[] = {
        {r->at, sizeof r->at},
        {r->user_id, sizeof r->user_id},
        {r->role, sizeof r->role},
        {r->org_id, sizeof r->org_id},
        {r->action, sizeof r->action},
        {r->record_type, sizeof r->record_type},
        {r->record_id, sizeof r->record_id},
        {r->person_id, sizeof r->person_id},
        {r->client, sizeof r->client},
        {r->purpose, sizeof r->purpose},
        {r->prev_hash, sizeof r->prev_hash},
        {r->hash, sizeof r->hash},
    };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        int rc = q_text_into(st, (int)i + 1, cols[i].dst, cols[i].n);
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

int store_audit_head(store_tx *tx, int64_t *seq, char hash[STORE_HASH_LEN],
                     char mac[STORE_HASH_LEN])
{
    store_stmt *st;
    *seq = 0;
    hash[0] = '\0';
    if (mac)
        mac[0] = '\0';
    int rc = q_prepare(tx, "SELECT seq, hash, mac FROM audit_head WHERE id = 1", &st, "");
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1) {
        *seq = q_int(st, 0);
        rc = q_text_into(st, 1, hash, STORE_HASH_LEN);
        if (rc == SG_OK && mac)
            rc = q_text_into(st, 2, mac, STORE_HASH_LEN);
    }
    q_done(st);
    return rc;
}

int store_audit_lock(store_tx *tx)
{
    if (tx->s->driver->writes_serialised)
        return SG_OK;
    /* A write to the head row takes its row lock where the database has
     * row locks; it changes nothing. */
    return q_exec(tx, "UPDATE audit_head SET seq = seq WHERE id = 1", NULL, "");
}

int store_audit_insert(store_tx *tx, const audit_row *r, const char *head_mac)
{
    int rc = q_exec(tx,
                    "INSERT INTO audit_log (" AUDIT_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
                    " $9, $10, $11, $12, $13)",
                    NULL, "itttttttttttt", r->seq, r->at, r->user_id, r->role, r->org_id, r->action,
                    r->record_type, r->record_id, r->person_id, r->client, r->purpose, r->prev_hash,
                    r->hash);
    if (rc != SG_OK)
        return rc;
    return q_exec(tx,
                  "INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, $1, $2, $3)"
                  " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                  " mac = excluded.mac",
                  NULL, "itt", r->seq, r->hash, head_mac);
}

int store_audit_each(store_tx *tx, int64_t after, int (*fn)(const audit_row *, void *), void *ctx)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " AUDIT_COLS " FROM audit_log WHERE seq > $1 ORDER BY seq", &st,
                       "i", after);
    if (rc != SG_OK)
        return rc;
    audit_row row;
    for (;;) {
        rc = q_step(st);
        if (rc != 1)
            break;
        rc = read_audit(st, &row);
        if (rc == SG_OK)
            rc = fn(&row, ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc;
}

int store_audit_list(store_tx *tx, const audit_filter *f, audit_row *rows, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " AUDIT_COLS " FROM audit_log WHERE ($1 = 0 OR seq < $1)"
                       " AND ($2 = '' OR person_id = $2) AND ($3 = '' OR user_id = $3)"
                       " AND ($5 = '' OR org_id = $5) AND ($6 = '' OR action = $6)"
                       " AND ($7 = '' OR at >= $7) AND ($8 = '' OR at < $8)"
                       " ORDER BY seq DESC LIMIT $4",
                       &st, "ittitttt", f->before, f->person_id, f->user_id, (int64_t)f->limit,
                       f->org_id, f->action, f->from, f->until);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= f->limit)
            break;
        rc = read_audit(st, &rows[*n]);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

int store_audit_records(store_tx *tx, int64_t *n)
{
    return q_int64(tx, "SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM persons)", n,
                   "");
}
