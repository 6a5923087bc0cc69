/* Records: signals, their indicators and who may see them. */
#include <string.h>

#include "base/mem.h"
#include "store/store_int.h"

#define SIGNAL_COLS                                                                                \
    "s.id, s.public_id, s.person_id, s.org_id, s.observer_id, s.observed_on, s.setting,"           \
    " s.observation_enc, s.catalogue_version, s.created_at"

void store_signal_clear(signal_row *row)
{
    if (!row)
        return;
    sg_free(row->observation_enc);
    memset(row, 0, sizeof *row);
}

static int read_indicators(store_tx *tx, signal_row *r)
{
    store_stmt *st;
    int rc =
        q_prepare(tx, "SELECT code, kind FROM signal_indicators WHERE signal_id = $1 ORDER BY code",
                  &st, "i", r->id);
    if (rc != SG_OK)
        return rc;
    r->indicator_count = 0;
    for (;;) {
        rc = q_step(st);
        if (rc != 1)
            break;
        if (r->indicator_count >= SIGNAL_MAX_INDICATORS) {
            rc = SG_EDB;
            break;
        }
        signal_indicator *ind = &r->indicators[r->indicator_count];
        rc = q_text_into(st, 0, ind->code, sizeof ind->code);
        if (rc == SG_OK)
            rc = q_text_into(st, 1, ind->kind, sizeof ind->kind);
        if (rc != SG_OK)
            break;
        r->indicator_count++;
    }
    q_done(st);
    return rc;
}

static int read_signal(store_stmt *st, signal_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = q_int(st, 0);
    r->person_id = q_int(st, 2);
    r->org_id = q_int(st, 3);
    r->observer_id = q_int(st, 4);
    r->catalogue_version = q_int(st, 8);
    int rc = q_text_into(st, 1, r->public_id, sizeof r->public_id);
    if (rc == SG_OK)
        rc = q_text_into(st, 5, r->observed_on, sizeof r->observed_on);
    if (rc == SG_OK)
        rc = q_text_into(st, 6, r->setting, sizeof r->setting);
    if (rc == SG_OK)
        rc = q_text_into(st, 9, r->created_at, sizeof r->created_at);
    if (rc == SG_OK)
        rc = q_blob_dup(st, 7, &r->observation_enc, &r->observation_enc_len);
    if (rc != SG_OK)
        store_signal_clear(r);
    return rc;
}

/* Reads the one row of st, then its indicators (after st is released). */
static int one_signal(store_tx *tx, store_stmt *st, signal_row *out)
{
    int rc = q_step(st);
    if (rc == 1)
        rc = read_signal(st, out);
    else if (rc == 0)
        rc = SG_ENOTFOUND;
    q_done(st);
    if (rc == SG_OK) {
        rc = read_indicators(tx, out);
        if (rc != SG_OK)
            store_signal_clear(out);
    }
    return rc;
}

int store_signal_insert(store_tx *tx, signal_row *r)
{
    int rc = q_int64(tx,
                     "INSERT INTO signals (public_id, person_id, org_id, observer_id, observed_on,"
                     " setting, observation_enc, catalogue_version, created_at)"
                     " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                     &r->id, "tiiittbit", r->public_id, r->person_id, r->org_id, r->observer_id,
                     r->observed_on, r->setting, (const void *)r->observation_enc,
                     r->observation_enc_len, r->catalogue_version, r->created_at);
    for (int i = 0; rc == SG_OK && i < r->indicator_count; i++)
        rc = q_exec(tx, "INSERT INTO signal_indicators (signal_id, code, kind) VALUES ($1, $2, $3)",
                    NULL, "itt", r->id, r->indicators[i].code, r->indicators[i].kind);
    return rc;
}

int store_signal_get(store_tx *tx, int64_t id, signal_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " SIGNAL_COLS " FROM signals s WHERE s.id = $1", &st, "i", id);
    return rc == SG_OK ? one_signal(tx, st, out) : rc;
}

int store_signal_find_public(store_tx *tx, const char *public_id, signal_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " SIGNAL_COLS " FROM signals s WHERE s.public_id = $1", &st, "t",
                       public_id);
    return rc == SG_OK ? one_signal(tx, st, out) : rc;
}

int store_signal_grant(store_tx *tx, int64_t signal_id, int64_t org_id, const char *basis)
{
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    return q_exec(tx,
                  "INSERT INTO signal_access (signal_id, org_id, basis, granted_at)"
                  " VALUES ($1, $2, $3, $4) ON CONFLICT (signal_id, org_id) DO NOTHING",
                  NULL, "iitt", signal_id, org_id, basis, now);
}

int store_signal_org_is_party(store_tx *tx, int64_t signal_id, int64_t org_id, bool *party)
{
    int64_t n = 0;
    int rc = q_int64(tx,
                     "SELECT (SELECT COUNT(*) FROM signals WHERE id = $1 AND org_id = $2)"
                     " + (SELECT COUNT(*) FROM signal_access WHERE signal_id = $1 AND org_id = $2)",
                     &n, "ii", signal_id, org_id);
    *party = rc == SG_OK && n > 0;
    return rc;
}

int store_signal_list(store_tx *tx, const signal_filter *f, signal_row *rows, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " SIGNAL_COLS " FROM signals s WHERE s.id > $1"
                       " AND (s.org_id = $2 OR EXISTS (SELECT 1 FROM signal_access a"
                       "      WHERE a.signal_id = s.id AND a.org_id = $2))"
                       " AND ($3 = 0 OR s.observer_id = $3) AND ($4 = 0 OR s.person_id = $4)"
                       " ORDER BY s.id LIMIT $5",
                       &st, "iiiii", f->after, f->org_id, f->observer_id, f->person_id,
                       (int64_t)f->limit);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= f->limit)
            break;
        rc = read_signal(st, &rows[*n]);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    for (int i = 0; rc == 0 && i < *n; i++)
        rc = read_indicators(tx, &rows[i]);
    if (rc < 0) {
        for (int i = 0; i < *n; i++)
            store_signal_clear(&rows[i]);
        *n = 0;
        return rc;
    }
    return SG_OK;
}
