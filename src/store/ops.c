/*
 * ops.c - durable commits on demand, the field-key registry, the
 * encrypted columns and where a rotation stopped (see ops.h).
 */
#include "store/ops.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "store/store_int.h"

/* ---- durable commits -------------------------------------------------- */

static int sync_job(store_tx *tx, void *arg)
{
    (void)arg;
    return q_exec(tx,
                  "INSERT INTO store_sync (id, n) VALUES (1, 1)"
                  " ON CONFLICT (id) DO UPDATE SET n = store_sync.n + 1",
                  NULL, "");
}

int store_sync(store *s)
{
    return store_write(s, sync_job, NULL);
}

/* ---- field keys ------------------------------------------------------- */

static const q_col key_cols[] = {
    QCOL_I64(field_key_row, key_id),        QCOL_TEXT(field_key_row, fingerprint),
    QCOL_TEXT(field_key_row, state),        QCOL_TEXT(field_key_row, created_at),
    QCOL_TEXT(field_key_row, activated_at), QCOL_TEXT(field_key_row, retired_at),
};

int store_field_keys_list(store_tx *tx, field_key_row *rows, int max, int *n)
{
    store_stmt *st = NULL;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT key_id, fingerprint, state, created_at, activated_at, retired_at"
                       " FROM field_keys ORDER BY key_id",
                       &st, "");
    if (rc != SG_OK)
        return rc;
    return q_read_rows(st, key_cols, NCOLS(key_cols), rows, sizeof *rows, max, n);
}

int store_field_key_put(store_tx *tx, const field_key_row *r)
{
    return q_exec(tx,
                  "INSERT INTO field_keys (key_id, fingerprint, state, created_at, activated_at,"
                  " retired_at) VALUES ($1, $2, $3, $4, $5, $6)"
                  " ON CONFLICT (key_id) DO UPDATE SET fingerprint = $2, state = $3,"
                  " created_at = $4, activated_at = $5, retired_at = $6",
                  NULL, "ittttt", r->key_id, r->fingerprint, r->state, r->created_at,
                  r->activated_at, r->retired_at);
}

/* ---- encrypted columns ------------------------------------------------ */

/* Every encrypted column, and what its ciphertexts are bound to: the
 * row's public id, except a milestone's note, which is bound to its
 * enrolment's public id and its own id (service/chain/interventions.c). */
#define MILESTONE_ID                                                                               \
    "(SELECT e.public_id FROM enrolments e WHERE e.id = t.enrolment_id) || '#' || t.id"

static enc_column columns[] = {
    {"users", "totp_secret_enc", "users.totp_secret", "", "", ""},
    {"persons", "name_enc", "persons.name", "", "", ""},
    {"persons", "bsn_enc", "persons.bsn", "", "", ""},
    {"persons", "birth_date_enc", "persons.birth_date", "", "", ""},
    {"signals", "observation_enc", "signals.observation", "", "", ""},
    {"consultations", "content_enc", "consultations.content", "", "", ""},
    {"case_actions", "description_enc", "case_actions.description", "", "", ""},
    {"meldcode_steps", "summary_enc", "meldcode_steps.summary", "", "", ""},
    {"meldcode_steps", "deviation_enc", "meldcode_steps.deviation", "", "", ""},
    {"referrals", "note_enc", "referrals.note", "", "", ""},
    {"referrals", "override_reason_enc", "referrals.override_reason", "", "", ""},
    {"referrals", "snapshot_enc", "referrals.snapshot", "", "", ""},
    {"referrals", "decline_reason_enc", "referrals.decline_reason", "", "", ""},
    {"screenings", "notes_enc", "screenings.notes", "", "", ""},
    {"screenings", "account_enc", "screenings.account", "", "", ""},
    {"screenings", "confirm_reason_enc", "screenings.confirm_reason", "", "", ""},
    {"diversions", "note_enc", "diversions.note", "", "", ""},
    {"prosecution_decisions", "reasoning_enc", "prosecution_decisions.reasoning", "", "", ""},
    {"prosecution_decisions", "victim_of_enc", "prosecution_decisions.victim_of", "", "", ""},
    {"enrolments", "reason_enc", "enrolments.reason", "", "", ""},
    {"enrolments", "outcome_note_enc", "enrolments.outcome_note", "", "", ""},
    {"enrolment_milestones", "note_enc", "enrolment_milestones.note", "", "", ""},
    {"comensha_reports", "note_enc", "comensha_reports.note", "", "", ""},
    {"concerns", "identity_enc", "concerns.identity", "", "", ""},
    {"concerns", "contact_enc", "concerns.contact", "", "", ""},
    {"network_entities", "key_enc", "network_entities.key", "", "", ""},
    {"expert_requests", "purpose_enc", "expert_requests.purpose", "", "", ""},
    {"expert_requests", "contact_enc", "expert_requests.contact", "", "", ""},
    {"expert_requests", "answer_enc", "expert_requests.answer", "", "", ""},
};
#define NCOLUMNS ((int)(sizeof columns / sizeof columns[0]))

/* The statements of each column, made once: their text never changes, so
 * each connection prepares them once. */
static void build_sql(void)
{
    for (int i = 0; i < NCOLUMNS; i++) {
        enc_column *c = &columns[i];
        const char *bound =
            strcmp(c->table, "enrolment_milestones") == 0 ? MILESTONE_ID : "t.public_id";
        /* substr of a blob is its bytes on both databases: the first one
         * is the key id. */
        snprintf(c->scan_sql, sizeof c->scan_sql,
                 "SELECT t.id, %s, t.%s FROM %s t WHERE t.id > $1 AND t.%s IS NOT NULL"
                 " AND substr(t.%s, 1, 1) <> $2 ORDER BY t.id LIMIT $3",
                 bound, c->column, c->table, c->column, c->column);
        snprintf(c->replace_sql, sizeof c->replace_sql,
                 "UPDATE %s SET %s = $1 WHERE id = $2 AND %s = $3", c->table, c->column, c->column);
        snprintf(c->count_sql, sizeof c->count_sql,
                 "SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL AND substr(%s, 1, 1) <> $1",
                 c->table, c->column, c->column);
    }
}

const enc_column *store_enc_columns(int *n)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build_sql);
    *n = NCOLUMNS;
    return columns;
}

static bool listed(const char *table, const char *column)
{
    for (int i = 0; i < NCOLUMNS; i++)
        if (strcmp(columns[i].table, table) == 0 && strcmp(columns[i].column, column) == 0)
            return true;
    return false;
}

int store_enc_columns_check(store_tx *tx, char *why, size_t n)
{
    bool sqlite = strcmp(tx->s->driver->name, "sqlite") == 0;
    const char *sql =
        sqlite ? "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p"
                 " WHERE m.type = 'table' AND p.name LIKE '%\\_enc' ESCAPE '\\'"
                 " ORDER BY m.name, p.name"
               : "SELECT table_name, column_name FROM information_schema.columns"
                 " WHERE table_schema = current_schema() AND column_name LIKE '%\\_enc' ESCAPE '\\'"
                 " ORDER BY table_name, column_name";
    store_stmt *st = NULL;
    why[0] = '\0';
    int rc = q_prepare(tx, sql, &st, "");
    if (rc != SG_OK)
        return rc;
    int found = 0;
    for (;;) {
        int step = q_step(st);
        if (step <= 0) {
            rc = step;
            break;
        }
        found++;
        if (!listed(q_text(st, 0), q_text(st, 1))) {
            snprintf(why, n,
                     "the encrypted column %s.%s is not in the list of store/ops.c: add it, with"
                     " what its ciphertexts are bound to",
                     q_text(st, 0), q_text(st, 1));
            rc = SG_ECONFLICT;
            break;
        }
    }
    q_done(st);
    if (rc == SG_OK && found != NCOLUMNS) {
        snprintf(why, n, "the schema has %d encrypted columns, the list of store/ops.c %d", found,
                 NCOLUMNS);
        rc = SG_ECONFLICT;
    }
    return rc;
}

void store_enc_value_clear(enc_value *v)
{
    if (!v)
        return;
    sg_free(v->value);
    memset(v, 0, sizeof *v);
}

int store_enc_scan(store_tx *tx, const enc_column *c, int key_id, int64_t after, enc_value *rows,
                   int max, int *n)
{
    unsigned char id_byte = (unsigned char)key_id;
    store_stmt *st = NULL;
    *n = 0;
    int rc = q_prepare(tx, c->scan_sql, &st, "ibi", after, &id_byte, (size_t)1, (int64_t)max);
    if (rc != SG_OK)
        return rc;
    while (*n < max) {
        int step = q_step(st);
        if (step <= 0) {
            rc = step;
            break;
        }
        enc_value *v = &rows[*n];
        memset(v, 0, sizeof *v);
        v->id = q_int(st, 0);
        rc = q_text_into(st, 1, v->bound_id, sizeof v->bound_id);
        if (rc == SG_OK)
            rc = q_blob_dup(st, 2, &v->value, &v->len);
        if (rc != SG_OK)
            break;
        (*n)++;
    }
    q_done(st);
    if (rc != SG_OK) {
        for (int i = 0; i < *n; i++)
            store_enc_value_clear(&rows[i]);
        *n = 0;
    }
    return rc;
}

int store_enc_replace(store_tx *tx, const enc_column *c, int64_t id, const enc_value *old_value,
                      const unsigned char *new_value, size_t new_len, bool *replaced)
{
    int64_t changes = 0;
    int rc = q_exec(tx, c->replace_sql, &changes, "bib", new_value, new_len, id, old_value->value,
                    old_value->len);
    *replaced = rc == SG_OK && changes == 1;
    return rc;
}

int store_enc_count_other(store_tx *tx, const enc_column *c, int key_id, int64_t *n)
{
    unsigned char id_byte = (unsigned char)key_id;
    return q_int64(tx, c->count_sql, n, "b", &id_byte, (size_t)1);
}

/* ---- where a rotation stopped ----------------------------------------- */

static const q_col progress_cols[] = {
    QCOL_I64(rekey_progress_row, target_key),   QCOL_TEXT(rekey_progress_row, table_name),
    QCOL_TEXT(rekey_progress_row, column_name), QCOL_I64(rekey_progress_row, after_id),
    QCOL_I64(rekey_progress_row, rewritten),    QCOL_TEXT(rekey_progress_row, started_at),
    QCOL_TEXT(rekey_progress_row, updated_at),
};

int store_rekey_progress_get(store_tx *tx, rekey_progress_row *out)
{
    store_stmt *st = NULL;
    int rc = q_prepare(tx,
                       "SELECT target_key, table_name, column_name, after_id, rewritten,"
                       " started_at, updated_at FROM rekey_progress WHERE id = 1",
                       &st, "");
    if (rc != SG_OK)
        return rc;
    return q_read_one(st, progress_cols, NCOLS(progress_cols), out, sizeof *out);
}

int store_rekey_progress_put(store_tx *tx, const rekey_progress_row *r)
{
    return q_exec(tx,
                  "INSERT INTO rekey_progress (id, target_key, table_name, column_name, after_id,"
                  " rewritten, started_at, updated_at) VALUES (1, $1, $2, $3, $4, $5, $6, $7)"
                  " ON CONFLICT (id) DO UPDATE SET target_key = $1, table_name = $2,"
                  " column_name = $3, after_id = $4, rewritten = $5, started_at = $6,"
                  " updated_at = $7",
                  NULL, "ittiitt", r->target_key, r->table_name, r->column_name, r->after_id,
                  r->rewritten, r->started_at, r->updated_at);
}

int store_rekey_progress_clear(store_tx *tx)
{
    return q_exec(tx, "DELETE FROM rekey_progress WHERE id = 1", NULL, "");
}
