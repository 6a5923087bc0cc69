/* Records of the school path: rule sets, cases, consultations, actions, steps. */
#include <string.h>

#include "base/mem.h"
#include "store/cases.h"
#include "store/store_int.h"

/* ---- rule sets -------------------------------------------------------- */

int store_ruleset_insert(store_tx *tx, const char *kind, const char *content, const char *sha256,
                         int64_t published_by, int64_t *version)
{
    int rc = q_int64(tx, "SELECT COALESCE(MAX(version), 0) + 1 FROM rulesets WHERE kind = $1",
                     version, "t", kind);
    if (rc != SG_OK)
        return rc;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    return q_exec(tx,
                  "INSERT INTO rulesets (kind, version, content, source_sha256, published_at,"
                  " published_by) VALUES ($1, $2, $3, $4, $5, $6)",
                  NULL, "tittti", kind, *version, content, sha256, now, published_by);
}

int store_ruleset_get(store_tx *tx, const char *kind, int64_t version, char **content,
                      int64_t *version_out)
{
    store_stmt *st;
    *content = NULL;
    int rc = q_prepare(tx,
                       "SELECT version, content FROM rulesets WHERE kind = $1"
                       " AND ($2 = 0 OR version = $2) ORDER BY version DESC LIMIT 1",
                       &st, "ti", kind, version);
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1) {
        *version_out = q_int(st, 0);
        *content = sg_strdup(q_text(st, 1));
        rc = *content ? SG_OK : SG_ENOMEM;
    } else if (rc == 0) {
        rc = SG_ENOTFOUND;
    }
    q_done(st);
    return rc;
}

/* ---- cases ------------------------------------------------------------ */

#define CASE_COLS                                                                                  \
    "id, public_id, person_id, org_id, owner_id, opened_by, status, consent_status,"               \
    " consent_party, consent_on, consent_by, decision, next_step, next_step_due, opened_at,"       \
    " last_progress_at, closed_at, version"

static const q_col case_cols[] = {
    QCOL_I64(case_row, id),
    QCOL_TEXT(case_row, public_id),
    QCOL_I64(case_row, person_id),
    QCOL_I64(case_row, org_id),
    QCOL_I64(case_row, owner_id),
    QCOL_I64(case_row, opened_by),
    QCOL_TEXT(case_row, status),
    QCOL_TEXT(case_row, consent_status),
    QCOL_TEXT(case_row, consent_party),
    QCOL_TEXT(case_row, consent_on),
    QCOL_I64(case_row, consent_by),
    QCOL_TEXT(case_row, decision),
    QCOL_I32(case_row, next_step),
    QCOL_TEXT(case_row, next_step_due),
    QCOL_TEXT(case_row, opened_at),
    QCOL_TEXT(case_row, last_progress_at),
    QCOL_TEXT(case_row, closed_at),
    QCOL_I64(case_row, version),
};

static int one_case(store_stmt *st, case_row *out)
{
    return q_read_one(st, case_cols, NCOLS(case_cols), out, sizeof *out);
}

int store_case_insert(store_tx *tx, case_row *r)
{
    r->version = 1;
    return q_int64(tx,
                   "INSERT INTO cases (public_id, person_id, org_id, owner_id, opened_by, status,"
                   " consent_status, consent_party, consent_on, consent_by, decision, next_step,"
                   " next_step_due, opened_at, last_progress_at, closed_at, version)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
                   " $17) RETURNING id",
                   &r->id, "tiiiittttititttti", r->public_id, r->person_id, r->org_id, r->owner_id,
                   r->opened_by, r->status, r->consent_status, r->consent_party, r->consent_on,
                   r->consent_by, r->decision, (int64_t)r->next_step, r->next_step_due,
                   r->opened_at, r->last_progress_at, r->closed_at, r->version);
}

int store_case_get(store_tx *tx, int64_t id, case_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " CASE_COLS " FROM cases WHERE id = $1", &st, "i", id);
    return rc == SG_OK ? one_case(st, out) : rc;
}

int store_case_find_public(store_tx *tx, const char *public_id, case_row *out)
{
    store_stmt *st;
    int rc =
        q_prepare(tx, "SELECT " CASE_COLS " FROM cases WHERE public_id = $1", &st, "t", public_id);
    return rc == SG_OK ? one_case(st, out) : rc;
}

int store_case_update(store_tx *tx, case_row *r)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE cases SET owner_id = $1, status = $2, consent_status = $3,"
                    " consent_party = $4, consent_on = $5, consent_by = $6, decision = $7,"
                    " next_step = $8, next_step_due = $9, last_progress_at = $10, closed_at = $11,"
                    " org_id = $14, version = version + 1 WHERE id = $12 AND version = $13",
                    &changed,
                    "ittttitittt"
                    "iii",
                    r->owner_id, r->status, r->consent_status, r->consent_party, r->consent_on,
                    r->consent_by, r->decision, (int64_t)r->next_step, r->next_step_due,
                    r->last_progress_at, r->closed_at, r->id, r->version, r->org_id);
    if (rc != SG_OK)
        return rc;
    if (changed == 0)
        return SG_ECONFLICT;
    r->version++;
    return SG_OK;
}

int store_case_list(store_tx *tx, const case_filter *f, case_row *rows, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT " CASE_COLS " FROM cases WHERE org_id = $1 AND id > $2"
                       " AND ($3 = 0 OR person_id = $3) AND ($4 = 0 OR owner_id = $4)"
                       " AND ($5 = '' OR status = $5) AND ($6 = '' OR last_progress_at < $6)"
                       " ORDER BY id LIMIT $7",
                       &st, "iiiitti", f->org_id, f->after, f->person_id, f->owner_id,
                       f->status ? f->status : "", f->progress_before ? f->progress_before : "",
                       (int64_t)f->limit);
    return rc == SG_OK
               ? q_read_rows(st, case_cols, NCOLS(case_cols), rows, sizeof *rows, f->limit, n)
               : rc;
}

int store_case_add_signal(store_tx *tx, int64_t case_id, int64_t signal_id)
{
    return q_exec(tx,
                  "INSERT INTO case_signals (case_id, signal_id) VALUES ($1, $2)"
                  " ON CONFLICT (case_id, signal_id) DO NOTHING",
                  NULL, "ii", case_id, signal_id);
}

int store_case_signal_ids(store_tx *tx, int64_t case_id, int64_t *ids, int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc =
        q_prepare(tx, "SELECT signal_id FROM case_signals WHERE case_id = $1 ORDER BY signal_id",
                  &st, "i", case_id);
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= max)
            break;
        ids[(*n)++] = q_int(st, 0);
    }
    q_done(st);
    return rc < 0 ? rc : SG_OK;
}

/* ---- consultations ---------------------------------------------------- */

#define CONSULTATION_COLS                                                                          \
    "id, public_id, case_id, held_on, participants, content_enc, question_type, outcome,"          \
    " next_meeting, anonymous, created_by, created_at"

static const q_col consultation_cols[] = {
    QCOL_I64(consultation_row, id),
    QCOL_TEXT(consultation_row, public_id),
    QCOL_I64(consultation_row, case_id),
    QCOL_TEXT(consultation_row, held_on),
    QCOL_TEXT(consultation_row, participants),
    QCOL_BLOB(consultation_row, content_enc, content_enc_len),
    QCOL_TEXT(consultation_row, question_type),
    QCOL_TEXT(consultation_row, outcome),
    QCOL_TEXT(consultation_row, next_meeting),
    QCOL_BOOL(consultation_row, anonymous),
    QCOL_I64(consultation_row, created_by),
    QCOL_TEXT(consultation_row, created_at),
};

void store_consultation_clear(consultation_row *row)
{
    q_clear(consultation_cols, NCOLS(consultation_cols), row, sizeof *row);
}

int store_consultation_insert(store_tx *tx, consultation_row *r)
{
    return q_int64(
        tx,
        "INSERT INTO consultations (public_id, case_id, held_on, participants,"
        " content_enc, question_type, outcome, next_meeting, anonymous, created_by,"
        " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        &r->id, "tittbtttBit", r->public_id, r->case_id, r->held_on, r->participants,
        (const void *)r->content_enc, r->content_enc_len, r->question_type, r->outcome,
        r->next_meeting, r->anonymous, r->created_by, r->created_at);
}

int store_consultation_find_public(store_tx *tx, const char *public_id, consultation_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " CONSULTATION_COLS " FROM consultations WHERE public_id = $1",
                       &st, "t", public_id);
    return rc == SG_OK
               ? q_read_one(st, consultation_cols, NCOLS(consultation_cols), out, sizeof *out)
               : rc;
}

int store_consultation_list(store_tx *tx, int64_t case_id, consultation_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " CONSULTATION_COLS " FROM consultations WHERE case_id = $1"
                       " ORDER BY id LIMIT $2",
                       &st, "ii", case_id, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, consultation_cols, NCOLS(consultation_cols), rows,
                                     sizeof *rows, max, n)
                       : rc;
}

/* ---- actions ---------------------------------------------------------- */

#define ACTION_COLS                                                                                \
    "id, public_id, case_id, consultation_id, description_enc, owner_id, due_on, done_at,"         \
    " created_by, created_at"

static const q_col action_cols[] = {
    QCOL_I64(action_row, id),
    QCOL_TEXT(action_row, public_id),
    QCOL_I64(action_row, case_id),
    QCOL_I64(action_row, consultation_id),
    QCOL_BLOB(action_row, description_enc, description_enc_len),
    QCOL_I64(action_row, owner_id),
    QCOL_TEXT(action_row, due_on),
    QCOL_TEXT(action_row, done_at),
    QCOL_I64(action_row, created_by),
    QCOL_TEXT(action_row, created_at),
};

void store_action_clear(action_row *row)
{
    q_clear(action_cols, NCOLS(action_cols), row, sizeof *row);
}

int store_action_insert(store_tx *tx, action_row *r)
{
    return q_int64(tx,
                   "INSERT INTO case_actions (public_id, case_id, consultation_id, description_enc,"
                   " owner_id, due_on, done_at, created_by, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
                   &r->id, "tiibittit", r->public_id, r->case_id, r->consultation_id,
                   (const void *)r->description_enc, r->description_enc_len, r->owner_id, r->due_on,
                   r->done_at, r->created_by, r->created_at);
}

int store_action_find_public(store_tx *tx, const char *public_id, action_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " ACTION_COLS " FROM case_actions WHERE public_id = $1", &st,
                       "t", public_id);
    return rc == SG_OK ? q_read_one(st, action_cols, NCOLS(action_cols), out, sizeof *out) : rc;
}

int store_action_set_done(store_tx *tx, int64_t id, const char *done_at)
{
    int64_t changed = 0;
    int rc = q_exec(tx, "UPDATE case_actions SET done_at = $1 WHERE id = $2 AND done_at = ''",
                    &changed, "ti", done_at, id);
    return rc == SG_OK && changed == 0 ? SG_ESTATE : rc;
}

int store_action_list(store_tx *tx, int64_t case_id, int64_t owner_id, action_row *rows, int max,
                      int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " ACTION_COLS " FROM case_actions WHERE ($1 = 0 OR case_id = $1)"
                       " AND ($2 = 0 OR (owner_id = $2 AND done_at = ''))"
                       " AND ($1 <> 0 OR $2 <> 0) ORDER BY due_on, id LIMIT $3",
                       &st, "iii", case_id, owner_id, (int64_t)max);
    return rc == SG_OK
               ? q_read_rows(st, action_cols, NCOLS(action_cols), rows, sizeof *rows, max, n)
               : rc;
}

/* ---- Meldcode steps --------------------------------------------------- */

#define STEP_COLS                                                                                  \
    "id, public_id, case_id, step, summary_enc, answers, advised, decision, deviation_enc,"        \
    " recorded_by, recorded_at, with_veilig_thuis, consulted"

static const q_col step_cols[] = {
    QCOL_I64(step_row, id),
    QCOL_TEXT(step_row, public_id),
    QCOL_I64(step_row, case_id),
    QCOL_I32(step_row, step),
    QCOL_BLOB(step_row, summary_enc, summary_enc_len),
    QCOL_TEXT(step_row, answers),
    QCOL_TEXT(step_row, advised),
    QCOL_TEXT(step_row, decision),
    QCOL_BLOB(step_row, deviation_enc, deviation_enc_len),
    QCOL_I64(step_row, recorded_by),
    QCOL_TEXT(step_row, recorded_at),
    QCOL_BOOL(step_row, with_veilig_thuis),
    QCOL_TEXT(step_row, consulted),
};

void store_step_clear(step_row *row)
{
    q_clear(step_cols, NCOLS(step_cols), row, sizeof *row);
}

int store_step_insert(store_tx *tx, step_row *r)
{
    return q_int64(tx,
                   "INSERT INTO meldcode_steps (public_id, case_id, step, summary_enc, answers,"
                   " advised, decision, deviation_enc, recorded_by, recorded_at,"
                   " with_veilig_thuis, consulted)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                   &r->id, "tiibtttbitit", r->public_id, r->case_id, (int64_t)r->step,
                   (const void *)r->summary_enc, r->summary_enc_len, r->answers, r->advised,
                   r->decision, (const void *)r->deviation_enc, r->deviation_enc_len,
                   r->recorded_by, r->recorded_at, (int64_t)r->with_veilig_thuis, r->consulted);
}

int store_step_list(store_tx *tx, int64_t case_id, step_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " STEP_COLS " FROM meldcode_steps WHERE case_id = $1 ORDER BY id"
                       " LIMIT $2",
                       &st, "ii", case_id, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, step_cols, NCOLS(step_cols), rows, sizeof *rows, max, n)
                       : rc;
}
