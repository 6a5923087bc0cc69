/* Records: persons (the children concerned) and who is party to them. */
#include <string.h>

#include "base/mem.h"
#include "store/store_int.h"

#define PERSON_COLS                                                                                \
    "p.id, p.public_id, p.birth_year, p.birth_month, p.gender, p.municipality, p.name_enc,"        \
    " p.bsn_enc, p.birth_date_enc, p.bsn_key, p.created_by_user, p.created_by_org,"                \
    " p.created_at"

void store_person_clear(person_row *row)
{
    if (!row)
        return;
    sg_free(row->name_enc);
    sg_free(row->bsn_enc);
    sg_free(row->birth_date_enc);
    memset(row, 0, sizeof *row);
}

static int read_person(store_stmt *st, person_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = q_int(st, 0);
    r->birth_year = (int)q_int(st, 2);
    r->birth_month = (int)q_int(st, 3);
    r->created_by_user = q_int(st, 10);
    r->created_by_org = q_int(st, 11);
    int rc = q_text_into(st, 1, r->public_id, sizeof r->public_id);
    if (rc == SG_OK)
        rc = q_text_into(st, 4, r->gender, sizeof r->gender);
    if (rc == SG_OK)
        rc = q_text_into(st, 5, r->municipality, sizeof r->municipality);
    if (rc == SG_OK)
        rc = q_text_into(st, 9, r->bsn_key, sizeof r->bsn_key);
    if (rc == SG_OK)
        rc = q_text_into(st, 12, r->created_at, sizeof r->created_at);
    if (rc == SG_OK)
        rc = q_blob_dup(st, 6, &r->name_enc, &r->name_enc_len);
    if (rc == SG_OK)
        rc = q_blob_dup(st, 7, &r->bsn_enc, &r->bsn_enc_len);
    if (rc == SG_OK)
        rc = q_blob_dup(st, 8, &r->birth_date_enc, &r->birth_date_enc_len);
    if (rc != SG_OK)
        store_person_clear(r);
    return rc;
}

static int one_person(store_stmt *st, person_row *out)
{
    int rc = q_step(st);
    if (rc == 1)
        rc = read_person(st, out);
    else if (rc == 0)
        rc = SG_ENOTFOUND;
    q_done(st);
    return rc;
}

int store_person_insert(store_tx *tx, person_row *r)
{
    return q_int64(tx,
                   "INSERT INTO persons (public_id, birth_year, birth_month, gender, municipality,"
                   " name_enc, bsn_enc, birth_date_enc, bsn_key, created_by_user, created_by_org,"
                   " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                   " RETURNING id",
                   &r->id, "tiittbbbtiit", r->public_id, (int64_t)r->birth_year,
                   (int64_t)r->birth_month, r->gender, r->municipality, (const void *)r->name_enc,
                   r->name_enc_len, (const void *)r->bsn_enc, r->bsn_enc_len,
                   (const void *)r->birth_date_enc, r->birth_date_enc_len, r->bsn_key,
                   r->created_by_user, r->created_by_org, r->created_at);
}

int store_person_get(store_tx *tx, int64_t id, person_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " PERSON_COLS " FROM persons p WHERE p.id = $1", &st, "i", id);
    return rc == SG_OK ? one_person(st, out) : rc;
}

int store_person_find_public(store_tx *tx, const char *public_id, person_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " PERSON_COLS " FROM persons p WHERE p.public_id = $1", &st, "t",
                       public_id);
    return rc == SG_OK ? one_person(st, out) : rc;
}

int store_person_find_bsn_for_org(store_tx *tx, const char *bsn_key, int64_t org_id,
                                  person_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " PERSON_COLS " FROM persons p JOIN person_access a"
                       " ON a.person_id = p.id WHERE p.bsn_key = $1 AND a.org_id = $2"
                       " ORDER BY p.id LIMIT 1",
                       &st, "ti", bsn_key, org_id);
    return rc == SG_OK ? one_person(st, out) : rc;
}

int store_person_public_id(store_tx *tx, int64_t id, char out[STORE_ID_LEN])
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT public_id FROM persons WHERE id = $1", &st, "i", id);
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1)
        rc = q_text_into(st, 0, out, STORE_ID_LEN);
    else if (rc == 0)
        rc = SG_ENOTFOUND;
    q_done(st);
    return rc;
}

int store_person_grant(store_tx *tx, int64_t person_id, int64_t org_id, const char *basis)
{
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    return q_exec(tx,
                  "INSERT INTO person_access (person_id, org_id, basis, granted_at)"
                  " VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, org_id) DO NOTHING",
                  NULL, "iitt", person_id, org_id, basis, now);
}

int store_person_org_is_party(store_tx *tx, int64_t person_id, int64_t org_id, bool *party)
{
    int64_t n = 0;
    int rc = q_int64(tx, "SELECT COUNT(*) FROM person_access WHERE person_id = $1 AND org_id = $2",
                     &n, "ii", person_id, org_id);
    *party = rc == SG_OK && n > 0;
    return rc;
}

int store_person_user_is_involved(store_tx *tx, int64_t person_id, int64_t user_id, bool *involved)
{
    int64_t n = 0;
    int rc = q_int64(tx,
                     "SELECT (SELECT COUNT(*) FROM persons WHERE id = $1 AND created_by_user = $2)"
                     " + (SELECT COUNT(*) FROM signals WHERE person_id = $1 AND observer_id = $2)",
                     &n, "ii", person_id, user_id);
    *involved = rc == SG_OK && n > 0;
    return rc;
}

int store_person_list(store_tx *tx, const person_filter *f, person_row *rows, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " PERSON_COLS " FROM persons p JOIN person_access a"
                       " ON a.person_id = p.id WHERE a.org_id = $1 AND p.id > $2"
                       " AND ($3 = 0 OR p.created_by_user = $3 OR EXISTS (SELECT 1 FROM signals s"
                       " WHERE s.person_id = p.id AND s.observer_id = $3))"
                       " ORDER BY p.id LIMIT $4",
                       &st, "iiii", f->org_id, f->after, f->user_id, (int64_t)f->limit);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= f->limit)
            break;
        rc = read_person(st, &rows[*n]);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    if (rc < 0) {
        for (int i = 0; i < *n; i++)
            store_person_clear(&rows[i]);
        *n = 0;
        return rc;
    }
    return SG_OK;
}
