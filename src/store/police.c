/* Records of the chain: screenings, diversions, the OM's decisions and
 * enrolments in programmes. */
#include <string.h>

#include "base/mem.h"
#include "store/chain.h"
#include "store/store_int.h"

/* ---- screenings ------------------------------------------------------- */

#define SCREENING_COLS                                                                             \
    "id, public_id, person_id, police_org_id, officer_id, arrested_on, offence, outside_region,"   \
    " answers, notes_enc, account_enc, rules_version, advised_signs, advised_rule,"                \
    " confirmed_signs, confirm_reason_enc, status, completed_at, om_org_id,"                       \
    " received_at, received_by, created_at, version"

static const q_col screening_cols[] = {
    QCOL_I64(screening_row, id),
    QCOL_TEXT(screening_row, public_id),
    QCOL_I64(screening_row, person_id),
    QCOL_I64(screening_row, police_org_id),
    QCOL_I64(screening_row, officer_id),
    QCOL_TEXT(screening_row, arrested_on),
    QCOL_TEXT(screening_row, offence),
    QCOL_BOOL(screening_row, outside_region),
    QCOL_TEXT(screening_row, answers),
    QCOL_BLOB(screening_row, notes_enc, notes_enc_len),
    QCOL_BLOB(screening_row, account_enc, account_enc_len),
    QCOL_I64(screening_row, rules_version),
    QCOL_TEXT(screening_row, advised_signs),
    QCOL_TEXT(screening_row, advised_rule),
    QCOL_TEXT(screening_row, confirmed_signs),
    QCOL_BLOB(screening_row, confirm_reason_enc, confirm_reason_enc_len),
    QCOL_TEXT(screening_row, status),
    QCOL_TEXT(screening_row, completed_at),
    QCOL_I64(screening_row, om_org_id),
    QCOL_TEXT(screening_row, received_at),
    QCOL_I64(screening_row, received_by),
    QCOL_TEXT(screening_row, created_at),
    QCOL_I64(screening_row, version),
};

void store_screening_clear(screening_row *row)
{
    q_clear(screening_cols, NCOLS(screening_cols), row, sizeof *row);
}

int store_screening_insert(store_tx *tx, screening_row *r)
{
    r->version = 1;
    return q_int64(tx,
                   "INSERT INTO screenings (public_id, person_id, police_org_id, officer_id,"
                   " arrested_on, offence, outside_region, answers, notes_enc, account_enc,"
                   " rules_version, advised_signs, advised_rule, confirmed_signs,"
                   " confirm_reason_enc, status, completed_at, om_org_id, received_at,"
                   " received_by, created_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                   " $10, $11, $12, $13, '', NULL, $14, '', 0, '', 0, $15, 1)"
                   " RETURNING id",
                   &r->id, "tiiittBtbbitttt", r->public_id, r->person_id, r->police_org_id,
                   r->officer_id, r->arrested_on, r->offence, r->outside_region, r->answers,
                   (const void *)r->notes_enc, r->notes_enc_len, (const void *)r->account_enc,
                   r->account_enc_len, r->rules_version, r->advised_signs, r->advised_rule,
                   r->status, r->created_at);
}

int store_screening_get(store_tx *tx, int64_t id, screening_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " SCREENING_COLS " FROM screenings WHERE id = $1", &st, "i", id);
    return rc == SG_OK ? q_read_one(st, screening_cols, NCOLS(screening_cols), out, sizeof *out)
                       : rc;
}

int store_screening_find_public(store_tx *tx, const char *public_id, screening_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " SCREENING_COLS " FROM screenings WHERE public_id = $1", &st,
                       "t", public_id);
    return rc == SG_OK ? q_read_one(st, screening_cols, NCOLS(screening_cols), out, sizeof *out)
                       : rc;
}

int store_screening_update(store_tx *tx, screening_row *r)
{
    int64_t changed = 0;
    int rc = q_exec(
        tx,
        "UPDATE screenings SET arrested_on = $1, offence = $2, outside_region = $3,"
        " answers = $4, notes_enc = $5, account_enc = $6, rules_version = $7,"
        " advised_signs = $8, advised_rule = $9, confirmed_signs = $10,"
        " confirm_reason_enc = $11, status = $12, completed_at = $13, om_org_id = $14,"
        " received_at = $17, received_by = $18,"
        " version = version + 1 WHERE id = $15 AND version = $16",
        &changed, "ttBtbbitttbttiiiti", r->arrested_on, r->offence, r->outside_region, r->answers,
        (const void *)r->notes_enc, r->notes_enc_len, (const void *)r->account_enc,
        r->account_enc_len, r->rules_version, r->advised_signs, r->advised_rule, r->confirmed_signs,
        (const void *)r->confirm_reason_enc, r->confirm_reason_enc_len, r->status, r->completed_at,
        r->om_org_id, r->id, r->version, r->received_at, r->received_by);
    if (rc != SG_OK)
        return rc;
    if (changed == 0)
        return SG_ECONFLICT;
    r->version++;
    return SG_OK;
}

int store_screening_list(store_tx *tx, const screening_filter *f, screening_row *rows, int *n)
{
    store_stmt *st;
    int rc = q_prepare(
        tx,
        "SELECT " SCREENING_COLS " FROM screenings WHERE ($1 = 0 OR police_org_id = $1)"
        " AND ($2 = 0 OR om_org_id = $2) AND ($1 <> 0 OR $2 <> 0)"
        " AND ($3 = 0 OR person_id = $3) AND id > $4 ORDER BY id LIMIT $5",
        &st, "iiiii", f->police_org_id, f->om_org_id, f->person_id, f->after, (int64_t)f->limit);
    return rc == SG_OK ? q_read_rows(st, screening_cols, NCOLS(screening_cols), rows, sizeof *rows,
                                     f->limit, n)
                       : rc;
}

/* ---- diversions ------------------------------------------------------- */

static const q_col diversion_cols[] = {
    QCOL_I64(diversion_row, id),
    QCOL_TEXT(diversion_row, public_id),
    QCOL_I64(diversion_row, screening_id),
    QCOL_TEXT(diversion_row, kind),
    QCOL_BLOB(diversion_row, note_enc, note_enc_len),
    QCOL_I64(diversion_row, recorded_by),
    QCOL_TEXT(diversion_row, recorded_at),
};

void store_diversion_clear(diversion_row *row)
{
    q_clear(diversion_cols, NCOLS(diversion_cols), row, sizeof *row);
}

int store_diversion_insert(store_tx *tx, diversion_row *r)
{
    return q_int64(tx,
                   "INSERT INTO diversions (public_id, screening_id, kind, note_enc, recorded_by,"
                   " recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                   &r->id, "titbit", r->public_id, r->screening_id, r->kind,
                   (const void *)r->note_enc, r->note_enc_len, r->recorded_by, r->recorded_at);
}

int store_diversion_list(store_tx *tx, int64_t screening_id, diversion_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT id, public_id, screening_id, kind, note_enc, recorded_by,"
                       " recorded_at FROM diversions WHERE screening_id = $1 ORDER BY id LIMIT $2",
                       &st, "ii", screening_id, (int64_t)max);
    return rc == SG_OK
               ? q_read_rows(st, diversion_cols, NCOLS(diversion_cols), rows, sizeof *rows, max, n)
               : rc;
}

/* ---- the OM's decisions ----------------------------------------------- */

#define DECISION_COLS                                                                              \
    "id, public_id, screening_id, om_org_id, prosecutor_id, decision, due_on, reasoning_enc,"      \
    " possible_victim, victim_of_enc, expert_group, decided_at, ground, financial_investigation,"  \
    " rules_version"

static const q_col decision_cols[] = {
    QCOL_I64(decision_row, id),
    QCOL_TEXT(decision_row, public_id),
    QCOL_I64(decision_row, screening_id),
    QCOL_I64(decision_row, om_org_id),
    QCOL_I64(decision_row, prosecutor_id),
    QCOL_TEXT(decision_row, decision),
    QCOL_TEXT(decision_row, due_on),
    QCOL_BLOB(decision_row, reasoning_enc, reasoning_enc_len),
    QCOL_BOOL(decision_row, possible_victim),
    QCOL_BLOB(decision_row, victim_of_enc, victim_of_enc_len),
    QCOL_BOOL(decision_row, expert_group),
    QCOL_TEXT(decision_row, decided_at),
    QCOL_TEXT(decision_row, ground),
    QCOL_BOOL(decision_row, financial_investigation),
    QCOL_I64(decision_row, rules_version),
};

void store_decision_clear(decision_row *row)
{
    q_clear(decision_cols, NCOLS(decision_cols), row, sizeof *row);
}

int store_decision_insert(store_tx *tx, decision_row *r)
{
    return q_int64(tx,
                   "INSERT INTO prosecution_decisions (public_id, screening_id, om_org_id,"
                   " prosecutor_id, decision, due_on, reasoning_enc, possible_victim,"
                   " victim_of_enc, expert_group, decided_at, ground, financial_investigation,"
                   " rules_version)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
                   " RETURNING id",
                   &r->id, "tiiittbBbBttBi", r->public_id, r->screening_id, r->om_org_id,
                   r->prosecutor_id, r->decision, r->due_on, (const void *)r->reasoning_enc,
                   r->reasoning_enc_len, r->possible_victim, (const void *)r->victim_of_enc,
                   r->victim_of_enc_len, r->expert_group, r->decided_at, r->ground,
                   r->financial_investigation, r->rules_version);
}

int store_decision_find_public(store_tx *tx, const char *public_id, decision_row *out)
{
    store_stmt *st;
    int rc =
        q_prepare(tx, "SELECT " DECISION_COLS " FROM prosecution_decisions WHERE public_id = $1",
                  &st, "t", public_id);
    return rc == SG_OK ? q_read_one(st, decision_cols, NCOLS(decision_cols), out, sizeof *out) : rc;
}

int store_decision_get(store_tx *tx, int64_t id, decision_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " DECISION_COLS " FROM prosecution_decisions WHERE id = $1", &st,
                       "i", id);
    return rc == SG_OK ? q_read_one(st, decision_cols, NCOLS(decision_cols), out, sizeof *out) : rc;
}

int store_decision_list(store_tx *tx, int64_t screening_id, decision_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " DECISION_COLS " FROM prosecution_decisions WHERE screening_id = $1"
                       " ORDER BY id LIMIT $2",
                       &st, "ii", screening_id, (int64_t)max);
    return rc == SG_OK
               ? q_read_rows(st, decision_cols, NCOLS(decision_cols), rows, sizeof *rows, max, n)
               : rc;
}

/* ---- CoMensha reports --------------------------------------------------- */

static const q_col comensha_cols[] = {
    QCOL_I64(comensha_row, id),          QCOL_TEXT(comensha_row, public_id),
    QCOL_I64(comensha_row, person_id),   QCOL_I64(comensha_row, screening_id),
    QCOL_I64(comensha_row, decision_id), QCOL_I64(comensha_row, org_id),
    QCOL_I64(comensha_row, reported_by), QCOL_TEXT(comensha_row, reported_on),
    QCOL_TEXT(comensha_row, what),       QCOL_BLOB(comensha_row, note_enc, note_enc_len),
    QCOL_TEXT(comensha_row, created_at),
};

void store_comensha_clear(comensha_row *row)
{
    q_clear(comensha_cols, NCOLS(comensha_cols), row, sizeof *row);
}

int store_comensha_insert(store_tx *tx, comensha_row *r)
{
    return q_int64(tx,
                   "INSERT INTO comensha_reports (public_id, person_id, screening_id, decision_id,"
                   " org_id, reported_by, reported_on, what, note_enc, created_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                   &r->id, "tiiiiittbt", r->public_id, r->person_id, r->screening_id,
                   r->decision_id, r->org_id, r->reported_by, r->reported_on, r->what,
                   (const void *)r->note_enc, r->note_enc_len, r->created_at);
}

int store_comensha_find_public(store_tx *tx, const char *public_id, comensha_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT id, public_id, person_id, screening_id, decision_id, org_id,"
                       " reported_by, reported_on, what, note_enc, created_at FROM comensha_reports"
                       " WHERE public_id = $1",
                       &st, "t", public_id);
    return rc == SG_OK ? q_read_one(st, comensha_cols, NCOLS(comensha_cols), out, sizeof *out) : rc;
}

int store_comensha_list(store_tx *tx, int64_t screening_id, comensha_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT id, public_id, person_id, screening_id, decision_id, org_id,"
                       " reported_by, reported_on, what, note_enc, created_at FROM comensha_reports"
                       " WHERE screening_id = $1 ORDER BY id LIMIT $2",
                       &st, "ii", screening_id, (int64_t)max);
    return rc == SG_OK
               ? q_read_rows(st, comensha_cols, NCOLS(comensha_cols), rows, sizeof *rows, max, n)
               : rc;
}

/* ---- enrolments ------------------------------------------------------- */

#define ENROLMENT_COLS                                                                             \
    "id, public_id, person_id, org_id, programme_id, catalogue_version, status, reason_enc,"       \
    " enrolled_on, outcome, outcome_note_enc, created_by, created_at, updated_at"

static const q_col enrolment_cols[] = {
    QCOL_I64(enrolment_row, id),
    QCOL_TEXT(enrolment_row, public_id),
    QCOL_I64(enrolment_row, person_id),
    QCOL_I64(enrolment_row, org_id),
    QCOL_TEXT(enrolment_row, programme_id),
    QCOL_I64(enrolment_row, catalogue_version),
    QCOL_TEXT(enrolment_row, status),
    QCOL_BLOB(enrolment_row, reason_enc, reason_enc_len),
    QCOL_TEXT(enrolment_row, enrolled_on),
    QCOL_TEXT(enrolment_row, outcome),
    QCOL_BLOB(enrolment_row, outcome_note_enc, outcome_note_enc_len),
    QCOL_I64(enrolment_row, created_by),
    QCOL_TEXT(enrolment_row, created_at),
    QCOL_TEXT(enrolment_row, updated_at),
};

void store_enrolment_clear(enrolment_row *row)
{
    q_clear(enrolment_cols, NCOLS(enrolment_cols), row, sizeof *row);
}

int store_enrolment_insert(store_tx *tx, enrolment_row *r)
{
    return q_int64(tx,
                   "INSERT INTO enrolments (public_id, person_id, org_id, programme_id,"
                   " catalogue_version, status, reason_enc, enrolled_on, outcome,"
                   " outcome_note_enc, created_by, created_at, updated_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, '', '', NULL, $8, $9, $9) RETURNING id",
                   &r->id, "tiititbit", r->public_id, r->person_id, r->org_id, r->programme_id,
                   r->catalogue_version, r->status, (const void *)r->reason_enc, r->reason_enc_len,
                   r->created_by, r->created_at);
}

int store_enrolment_find_public(store_tx *tx, const char *public_id, enrolment_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " ENROLMENT_COLS " FROM enrolments WHERE public_id = $1", &st,
                       "t", public_id);
    return rc == SG_OK ? q_read_one(st, enrolment_cols, NCOLS(enrolment_cols), out, sizeof *out)
                       : rc;
}

int store_enrolment_update(store_tx *tx, const enrolment_row *r)
{
    return q_exec(tx,
                  "UPDATE enrolments SET status = $1, enrolled_on = $2, outcome = $3,"
                  " outcome_note_enc = $4, updated_at = $5 WHERE id = $6",
                  NULL, "tttbti", r->status, r->enrolled_on, r->outcome,
                  (const void *)r->outcome_note_enc, r->outcome_note_enc_len, r->updated_at, r->id);
}

int store_enrolment_list(store_tx *tx, int64_t org_id, int64_t person_id, int64_t after,
                         enrolment_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " ENROLMENT_COLS " FROM enrolments WHERE org_id = $1"
                       " AND ($2 = 0 OR person_id = $2) AND id > $3 ORDER BY id LIMIT $4",
                       &st, "iiii", org_id, person_id, after, (int64_t)max);
    return rc == SG_OK
               ? q_read_rows(st, enrolment_cols, NCOLS(enrolment_cols), rows, sizeof *rows, max, n)
               : rc;
}

static const q_col milestone_cols[] = {
    QCOL_I64(milestone_row, id),
    QCOL_I64(milestone_row, enrolment_id),
    QCOL_TEXT(milestone_row, on_date),
    QCOL_TEXT(milestone_row, kind),
    QCOL_BLOB(milestone_row, note_enc, note_enc_len),
    QCOL_I64(milestone_row, recorded_by),
    QCOL_TEXT(milestone_row, recorded_at),
};

void store_milestone_clear(milestone_row *row)
{
    q_clear(milestone_cols, NCOLS(milestone_cols), row, sizeof *row);
}

int store_milestone_insert(store_tx *tx, milestone_row *r)
{
    return q_int64(tx,
                   "INSERT INTO enrolment_milestones (enrolment_id, on_date, kind, note_enc,"
                   " recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                   &r->id, "ittbit", r->enrolment_id, r->on_date, r->kind,
                   (const void *)r->note_enc, r->note_enc_len, r->recorded_by, r->recorded_at);
}

int store_milestone_set_note(store_tx *tx, int64_t id, const unsigned char *enc, size_t len)
{
    return q_exec(tx, "UPDATE enrolment_milestones SET note_enc = $1 WHERE id = $2", NULL, "bi",
                  (const void *)enc, len, id);
}

int store_milestone_list(store_tx *tx, int64_t enrolment_id, milestone_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT id, enrolment_id, on_date, kind, note_enc, recorded_by, recorded_at"
                       " FROM enrolment_milestones WHERE enrolment_id = $1 ORDER BY on_date, id"
                       " LIMIT $2",
                       &st, "ii", enrolment_id, (int64_t)max);
    return rc == SG_OK
               ? q_read_rows(st, milestone_cols, NCOLS(milestone_cols), rows, sizeof *rows, max, n)
               : rc;
}
