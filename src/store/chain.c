/* Records of the chain: notifications, clocks and referrals. */
#include <string.h>

#include "base/mem.h"
#include "store/chain.h"
#include "store/store_int.h"

/* ---- notifications ---------------------------------------------------- */

#define NOTIFICATION_COLS                                                                          \
    "id, public_id, org_id, role, kind, record_type, record_id, from_org_id, created_at, read_at," \
    " user_id"

static const q_col notification_cols[] = {
    QCOL_I64(notification_row, id),          QCOL_TEXT(notification_row, public_id),
    QCOL_I64(notification_row, org_id),      QCOL_TEXT(notification_row, role),
    QCOL_TEXT(notification_row, kind),       QCOL_TEXT(notification_row, record_type),
    QCOL_TEXT(notification_row, record_id),  QCOL_I64(notification_row, from_org_id),
    QCOL_TEXT(notification_row, created_at), QCOL_TEXT(notification_row, read_at),
    QCOL_I64(notification_row, user_id),
};

int store_notification_insert(store_tx *tx, notification_row *r)
{
    return q_int64(tx,
                   "INSERT INTO notifications (public_id, org_id, role, kind, record_type,"
                   " record_id, from_org_id, created_at, read_at, user_id)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9) RETURNING id",
                   &r->id, "tittttiti", r->public_id, r->org_id, r->role, r->kind, r->record_type,
                   r->record_id, r->from_org_id, r->created_at, r->user_id);
}

int store_notification_list(store_tx *tx, int64_t org_id, const char *role, int64_t user_id,
                            int64_t after, notification_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " NOTIFICATION_COLS " FROM notifications WHERE org_id = $1"
                       " AND read_at = '' AND ((user_id = 0 AND role = $2) OR user_id = $5)"
                       " AND id > $3 ORDER BY id LIMIT $4",
                       &st, "itiii", org_id, role, after, (int64_t)max, user_id);
    return rc == SG_OK ? q_read_rows(st, notification_cols, NCOLS(notification_cols), rows,
                                     sizeof *rows, max, n)
                       : rc;
}

int store_notification_find_public(store_tx *tx, const char *public_id, notification_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " NOTIFICATION_COLS " FROM notifications WHERE public_id = $1",
                       &st, "t", public_id);
    return rc == SG_OK
               ? q_read_one(st, notification_cols, NCOLS(notification_cols), out, sizeof *out)
               : rc;
}

int store_notification_mark_read(store_tx *tx, int64_t id, const char *at)
{
    return q_exec(tx, "UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at = ''", NULL,
                  "ti", at, id);
}

/* ---- clocks ----------------------------------------------------------- */

#define CLOCK_COLS                                                                                 \
    "id, public_id, rule_id, rules_version, subject_type, subject_id, person_id, org_id,"          \
    " started_at, due_on, stopped_at, stop_event, missed, escalated_at"

static const q_col clock_cols[] = {
    QCOL_I64(clock_row, id),
    QCOL_TEXT(clock_row, public_id),
    QCOL_TEXT(clock_row, rule_id),
    QCOL_I64(clock_row, rules_version),
    QCOL_TEXT(clock_row, subject_type),
    QCOL_TEXT(clock_row, subject_id),
    QCOL_I64(clock_row, person_id),
    QCOL_I64(clock_row, org_id),
    QCOL_TEXT(clock_row, started_at),
    QCOL_TEXT(clock_row, due_on),
    QCOL_TEXT(clock_row, stopped_at),
    QCOL_TEXT(clock_row, stop_event),
    QCOL_BOOL(clock_row, missed),
    QCOL_TEXT(clock_row, escalated_at),
};

int store_clock_insert(store_tx *tx, clock_row *r)
{
    return q_int64(tx,
                   "INSERT INTO clocks (public_id, rule_id, rules_version, subject_type,"
                   " subject_id, person_id, org_id, started_at, due_on, stopped_at, stop_event,"
                   " missed, escalated_at)"
                   " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', '', 0, '') RETURNING id",
                   &r->id, "ttittiitt", r->public_id, r->rule_id, r->rules_version, r->subject_type,
                   r->subject_id, r->person_id, r->org_id, r->started_at, r->due_on);
}

int store_clock_running(store_tx *tx, const char *subject_type, const char *subject_id,
                        clock_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " CLOCK_COLS " FROM clocks WHERE subject_type = $1"
                       " AND subject_id = $2 AND stopped_at = '' ORDER BY id LIMIT $3",
                       &st, "tti", subject_type, subject_id, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, clock_cols, NCOLS(clock_cols), rows, sizeof *rows, max, n)
                       : rc;
}

int store_clock_stop(store_tx *tx, int64_t id, const char *at, const char *event, bool missed)
{
    return q_exec(tx,
                  "UPDATE clocks SET stopped_at = $1, stop_event = $2, missed = $3"
                  " WHERE id = $4 AND stopped_at = ''",
                  NULL, "ttBi", at, event, missed, id);
}

int store_clock_set_escalated(store_tx *tx, int64_t id, const char *at)
{
    return q_exec(tx, "UPDATE clocks SET escalated_at = $1 WHERE id = $2 AND escalated_at = ''",
                  NULL, "ti", at, id);
}

int store_clock_list(store_tx *tx, const clock_filter *f, clock_row *rows, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " CLOCK_COLS " FROM clocks WHERE ($1 = 0 OR org_id = $1)"
                       " AND ($2 = '' OR subject_type = $2) AND ($3 = '' OR subject_id = $3)"
                       " AND ($4 = 0 OR stopped_at = '')"
                       " AND ($5 = '' OR (stopped_at = '' AND due_on < $5)) AND id > $6"
                       " AND ($8 = 0 OR escalated_at = '') ORDER BY id LIMIT $7",
                       &st, "ittBtiiB", f->org_id, f->subject_type ? f->subject_type : "",
                       f->subject_id ? f->subject_id : "", f->running_only,
                       f->due_before ? f->due_before : "", f->after, (int64_t)f->limit,
                       f->not_escalated);
    return rc == SG_OK
               ? q_read_rows(st, clock_cols, NCOLS(clock_cols), rows, sizeof *rows, f->limit, n)
               : rc;
}

static const q_col count_cols[] = {
    QCOL_TEXT(clock_count, rule_id), QCOL_I64(clock_count, started), QCOL_I64(clock_count, met),
    QCOL_I64(clock_count, missed),   QCOL_I64(clock_count, running), QCOL_I64(clock_count, overdue),
};

int store_clock_counts(store_tx *tx, const char *today, clock_count *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT rule_id, COUNT(*),"
                       " SUM(CASE WHEN stopped_at <> '' AND missed = 0 THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN missed = 1 THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN stopped_at = '' THEN 1 ELSE 0 END),"
                       " SUM(CASE WHEN stopped_at = '' AND due_on < $1 THEN 1 ELSE 0 END)"
                       " FROM clocks GROUP BY rule_id ORDER BY rule_id LIMIT $2",
                       &st, "ti", today, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, count_cols, NCOLS(count_cols), rows, sizeof *rows, max, n)
                       : rc;
}

/* ---- referrals -------------------------------------------------------- */

#define REFERRAL_COLS                                                                              \
    "id, public_id, person_id, case_id, from_org_id, from_user_id, to_org_id, to_user_id,"         \
    " purpose, note_enc, legal_basis, consent_party, consent_on, override_reason_enc, shares,"     \
    " signal_ids, subject_id, snapshot_enc, transfer, status, decline_reason_enc, created_at,"     \
    " updated_at, version, received_case_id"

static const q_col referral_cols[] = {
    QCOL_I64(referral_row, id),
    QCOL_TEXT(referral_row, public_id),
    QCOL_I64(referral_row, person_id),
    QCOL_I64(referral_row, case_id),
    QCOL_I64(referral_row, from_org_id),
    QCOL_I64(referral_row, from_user_id),
    QCOL_I64(referral_row, to_org_id),
    QCOL_I64(referral_row, to_user_id),
    QCOL_TEXT(referral_row, purpose),
    QCOL_BLOB(referral_row, note_enc, note_enc_len),
    QCOL_TEXT(referral_row, legal_basis),
    QCOL_TEXT(referral_row, consent_party),
    QCOL_TEXT(referral_row, consent_on),
    QCOL_BLOB(referral_row, override_reason_enc, override_reason_enc_len),
    QCOL_TEXT(referral_row, shares),
    QCOL_TEXT(referral_row, signal_ids),
    QCOL_TEXT(referral_row, subject_id),
    QCOL_BLOB(referral_row, snapshot_enc, snapshot_enc_len),
    QCOL_BOOL(referral_row, transfer),
    QCOL_TEXT(referral_row, status),
    QCOL_BLOB(referral_row, decline_reason_enc, decline_reason_enc_len),
    QCOL_TEXT(referral_row, created_at),
    QCOL_TEXT(referral_row, updated_at),
    QCOL_I64(referral_row, version),
    QCOL_I64(referral_row, received_case_id),
};

void store_referral_clear(referral_row *row)
{
    q_clear(referral_cols, NCOLS(referral_cols), row, sizeof *row);
}

int store_referral_insert(store_tx *tx, referral_row *r)
{
    r->version = 1;
    return q_int64(tx,
                   "INSERT INTO referrals (public_id, person_id, case_id, from_org_id,"
                   " from_user_id, to_org_id, to_user_id, purpose, note_enc, legal_basis,"
                   " consent_party, consent_on, override_reason_enc, shares, signal_ids,"
                   " subject_id, snapshot_enc, transfer, status, decline_reason_enc, created_at,"
                   " updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, $8, $9, $10, $11,"
                   " $12, $13, $14, $15, $19, $16, $17, NULL, $18, $18, 1) RETURNING id",
                   &r->id, "tiiiiitbtttbtttBttb", r->public_id, r->person_id, r->case_id,
                   r->from_org_id, r->from_user_id, r->to_org_id, r->purpose,
                   (const void *)r->note_enc, r->note_enc_len, r->legal_basis, r->consent_party,
                   r->consent_on, (const void *)r->override_reason_enc, r->override_reason_enc_len,
                   r->shares, r->signal_ids, r->subject_id, r->transfer, r->status, r->created_at,
                   (const void *)r->snapshot_enc, r->snapshot_enc_len);
}

int store_referral_find_public(store_tx *tx, const char *public_id, referral_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " REFERRAL_COLS " FROM referrals WHERE public_id = $1", &st, "t",
                       public_id);
    return rc == SG_OK ? q_read_one(st, referral_cols, NCOLS(referral_cols), out, sizeof *out) : rc;
}

int store_referral_update(store_tx *tx, referral_row *r)
{
    int64_t changed = 0;
    int rc =
        q_exec(tx,
               "UPDATE referrals SET status = $1, to_user_id = $2, decline_reason_enc = $3,"
               " updated_at = $4, version = version + 1, received_case_id = $7"
               " WHERE id = $5 AND version = $6",
               &changed, "tibtiii", r->status, r->to_user_id, (const void *)r->decline_reason_enc,
               r->decline_reason_enc_len, r->updated_at, r->id, r->version, r->received_case_id);
    if (rc != SG_OK)
        return rc;
    if (changed == 0)
        return SG_ECONFLICT;
    r->version++;
    return SG_OK;
}

int store_referral_list(store_tx *tx, const referral_filter *f, referral_row *rows, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " REFERRAL_COLS " FROM referrals WHERE ($1 = 0 OR to_org_id = $1)"
                       " AND ($2 = 0 OR from_org_id = $2) AND ($1 <> 0 OR $2 <> 0)"
                       " AND ($3 = 0 OR person_id = $3) AND ($4 = '' OR status = $4)"
                       " AND id > $5 AND ($7 = '' OR legal_basis = $7) ORDER BY id LIMIT $6",
                       &st, "iiitiit", f->to_org_id, f->from_org_id, f->person_id,
                       f->status ? f->status : "", f->after, (int64_t)f->limit,
                       f->legal_basis ? f->legal_basis : "");
    return rc == SG_OK ? q_read_rows(st, referral_cols, NCOLS(referral_cols), rows, sizeof *rows,
                                     f->limit, n)
                       : rc;
}

int store_referral_revoke_grants(store_tx *tx, const char *basis)
{
    int rc = q_exec(tx, "DELETE FROM person_access WHERE basis = $1", NULL, "t", basis);
    if (rc == SG_OK)
        rc = q_exec(tx, "DELETE FROM signal_access WHERE basis = $1", NULL, "t", basis);
    return rc;
}

/* ---- signals passed on ------------------------------------------------- */

int store_disclosure_insert(store_tx *tx, const disclosure_row *d)
{
    return q_exec(tx,
                  "INSERT INTO signal_disclosures (signal_id, referral_id, origin_org_id,"
                  " from_org_id, to_org_id, person_id, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                  NULL, "iiiiiit", d->signal_id, d->referral_id, d->origin_org_id, d->from_org_id,
                  d->to_org_id, d->person_id, d->at);
}

static const q_col disclosure_cols[] = {
    QCOL_I64(disclosure_row, signal_id),     QCOL_I64(disclosure_row, referral_id),
    QCOL_I64(disclosure_row, origin_org_id), QCOL_I64(disclosure_row, from_org_id),
    QCOL_I64(disclosure_row, to_org_id),     QCOL_I64(disclosure_row, person_id),
    QCOL_TEXT(disclosure_row, at),
};

int store_disclosure_list(store_tx *tx, int64_t origin_org_id, int64_t person_id,
                          disclosure_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT signal_id, referral_id, origin_org_id, from_org_id, to_org_id,"
                       " person_id, at FROM signal_disclosures WHERE origin_org_id = $1"
                       " AND person_id = $2 ORDER BY id LIMIT $3",
                       &st, "iii", origin_org_id, person_id, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, disclosure_cols, NCOLS(disclosure_cols), rows,
                                     sizeof *rows, max, n)
                       : rc;
}
