/* Records of learning: progress, answers to cases, expert requests and
 * resilience lessons. */
#include <string.h>

#include "store/learning.h"
#include "store/store_int.h"

/* ---- progress ----------------------------------------------------------- */

static const q_col done_cols[] = {
    QCOL_TEXT(learning_done_row, item_id),
    QCOL_TEXT(learning_done_row, kind),
    QCOL_I64(learning_done_row, content_version),
    QCOL_TEXT(learning_done_row, done_at),
};

int store_learning_done_add(store_tx *tx, int64_t user_id, int64_t org_id,
                            const learning_done_row *r, bool *added)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "INSERT INTO learning_done (user_id, org_id, item_id, kind, content_version,"
                    " done_at) VALUES ($1, $2, $3, $4, $5, $6)"
                    " ON CONFLICT (user_id, item_id) DO NOTHING",
                    &changed, "iittit", user_id, org_id, r->item_id, r->kind, r->content_version,
                    r->done_at);
    *added = rc == SG_OK && changed > 0;
    return rc;
}

int store_learning_done_list(store_tx *tx, int64_t user_id, learning_done_row *rows, int max,
                             int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT item_id, kind, content_version, done_at FROM learning_done"
                       " WHERE user_id = $1 ORDER BY done_at, item_id LIMIT $2",
                       &st, "ii", user_id, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, done_cols, NCOLS(done_cols), rows, sizeof *rows, max, n)
                       : rc;
}

static const q_col completion_cols[] = {
    QCOL_TEXT(learning_completion_row, path_id),
    QCOL_I64(learning_completion_row, content_version),
    QCOL_TEXT(learning_completion_row, completed_at),
};

int store_learning_completion_add(store_tx *tx, int64_t user_id, int64_t org_id,
                                  const learning_completion_row *r, bool *added)
{
    int64_t changed = 0;
    int rc =
        q_exec(tx,
               "INSERT INTO learning_completions (user_id, org_id, path_id, content_version,"
               " completed_at) VALUES ($1, $2, $3, $4, $5)"
               " ON CONFLICT (user_id, path_id) DO NOTHING",
               &changed, "iitit", user_id, org_id, r->path_id, r->content_version, r->completed_at);
    *added = rc == SG_OK && changed > 0;
    return rc;
}

int store_learning_completion_list(store_tx *tx, int64_t user_id, learning_completion_row *rows,
                                   int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT path_id, content_version, completed_at FROM learning_completions"
                       " WHERE user_id = $1 ORDER BY completed_at, path_id LIMIT $2",
                       &st, "ii", user_id, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, completion_cols, NCOLS(completion_cols), rows,
                                     sizeof *rows, max, n)
                       : rc;
}

/* ---- answers to cases ------------------------------------------------------ */

#define ATTEMPT_COLS                                                                               \
    "id, public_id, user_id, org_id, case_id, content_version, picked, noticed, missed, wrong,"    \
    " complete, first_try, created_at"

static const q_col attempt_cols[] = {
    QCOL_I64(learning_attempt_row, id),          QCOL_TEXT(learning_attempt_row, public_id),
    QCOL_I64(learning_attempt_row, user_id),     QCOL_I64(learning_attempt_row, org_id),
    QCOL_TEXT(learning_attempt_row, case_id),    QCOL_I64(learning_attempt_row, content_version),
    QCOL_TEXT(learning_attempt_row, picked),     QCOL_I64(learning_attempt_row, noticed),
    QCOL_I64(learning_attempt_row, missed),      QCOL_I64(learning_attempt_row, wrong),
    QCOL_BOOL(learning_attempt_row, complete),   QCOL_BOOL(learning_attempt_row, first_try),
    QCOL_TEXT(learning_attempt_row, created_at),
};

int store_learning_attempt_insert(store_tx *tx, learning_attempt_row *r)
{
    return q_int64(tx,
                   "INSERT INTO learning_attempts (public_id, user_id, org_id, case_id,"
                   " content_version, picked, noticed, missed, wrong, complete, first_try,"
                   " created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                   " RETURNING id",
                   &r->id, "tiititiiiBBt", r->public_id, r->user_id, r->org_id, r->case_id,
                   r->content_version, r->picked, r->noticed, r->missed, r->wrong, r->complete,
                   r->first_try, r->created_at);
}

int store_learning_mark_insert(store_tx *tx, const learning_attempt_row *a, const char *indicator,
                               const char *outcome)
{
    return q_exec(tx,
                  "INSERT INTO learning_attempt_marks (attempt_id, org_id, indicator, outcome,"
                  " first_try) VALUES ($1, $2, $3, $4, $5)",
                  NULL, "iittB", a->id, a->org_id, indicator, outcome, a->first_try);
}

int store_learning_attempt_count(store_tx *tx, int64_t user_id, const char *case_id, int64_t *count)
{
    return q_int64(tx, "SELECT COUNT(*) FROM learning_attempts WHERE user_id = $1 AND case_id = $2",
                   count, "it", user_id, case_id);
}

int store_learning_attempt_last(store_tx *tx, int64_t user_id, const char *case_id,
                                learning_attempt_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " ATTEMPT_COLS " FROM learning_attempts WHERE user_id = $1"
                       " AND case_id = $2 ORDER BY id DESC LIMIT 1",
                       &st, "it", user_id, case_id);
    return rc == SG_OK ? q_read_one(st, attempt_cols, NCOLS(attempt_cols), out, sizeof *out) : rc;
}

/* ---- counts for an organisation's coordinator ------------------------------ */

static const q_col path_count_cols[] = {
    QCOL_TEXT(learning_path_count, path_id),
    QCOL_I64(learning_path_count, finished),
};

int store_learning_org_counts(store_tx *tx, int64_t org_id, learning_org_counts *out,
                              learning_path_count *paths, int max, int *n)
{
    memset(out, 0, sizeof *out);
    *n = 0;
    int rc = q_int64(tx, "SELECT COUNT(*) FROM users WHERE org_id = $1 AND disabled = 0",
                     &out->staff, "i", org_id);
    if (rc == SG_OK)
        rc = q_int64(tx, "SELECT COUNT(DISTINCT user_id) FROM learning_done WHERE org_id = $1",
                     &out->learners, "i", org_id);
    if (rc == SG_OK)
        rc = q_int64(tx,
                     "SELECT COUNT(*) FROM learning_attempts WHERE org_id = $1 AND first_try = 1",
                     &out->answers, "i", org_id);
    store_stmt *st;
    if (rc == SG_OK)
        rc = q_prepare(tx,
                       "SELECT path_id, COUNT(*) FROM learning_completions WHERE org_id = $1"
                       " GROUP BY path_id ORDER BY path_id LIMIT $2",
                       &st, "ii", org_id, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, path_count_cols, NCOLS(path_count_cols), paths,
                                     sizeof *paths, max, n)
                       : rc;
}

static const q_col miss_cols[] = {
    QCOL_TEXT(learning_miss_count, indicator),
    QCOL_I64(learning_miss_count, missed),
    QCOL_I64(learning_miss_count, asked),
};

int store_learning_missed(store_tx *tx, int64_t org_id, learning_miss_count *rows, int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(
        tx,
        "SELECT indicator, SUM(CASE WHEN outcome = 'missed' THEN 1 ELSE 0 END) AS m,"
        " SUM(CASE WHEN outcome IN ('missed', 'noticed') THEN 1 ELSE 0 END)"
        " FROM learning_attempt_marks WHERE org_id = $1 AND first_try = 1"
        " GROUP BY indicator HAVING SUM(CASE WHEN outcome = 'missed' THEN 1 ELSE 0 END) > 0"
        " ORDER BY m DESC, indicator LIMIT $2",
        &st, "ii", org_id, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, miss_cols, NCOLS(miss_cols), rows, sizeof *rows, max, n)
                       : rc;
}

/* ---- requests to the expert group ------------------------------------------- */

#define REQUEST_COLS                                                                               \
    "id, public_id, offer_id, offers_version, from_org_id, from_user_id, to_org_id,"               \
    " purpose_enc, contact_enc, status, answer_enc, handled_by, created_at, updated_at, version"

static const q_col request_cols[] = {
    QCOL_I64(expert_request_row, id),
    QCOL_TEXT(expert_request_row, public_id),
    QCOL_TEXT(expert_request_row, offer_id),
    QCOL_I64(expert_request_row, offers_version),
    QCOL_I64(expert_request_row, from_org_id),
    QCOL_I64(expert_request_row, from_user_id),
    QCOL_I64(expert_request_row, to_org_id),
    QCOL_BLOB(expert_request_row, purpose_enc, purpose_enc_len),
    QCOL_BLOB(expert_request_row, contact_enc, contact_enc_len),
    QCOL_TEXT(expert_request_row, status),
    QCOL_BLOB(expert_request_row, answer_enc, answer_enc_len),
    QCOL_I64(expert_request_row, handled_by),
    QCOL_TEXT(expert_request_row, created_at),
    QCOL_TEXT(expert_request_row, updated_at),
    QCOL_I64(expert_request_row, version),
};

void store_expert_request_clear(expert_request_row *row)
{
    q_clear(request_cols, NCOLS(request_cols), row, sizeof *row);
}

int store_expert_request_insert(store_tx *tx, expert_request_row *r)
{
    r->version = 1;
    return q_int64(tx,
                   "INSERT INTO expert_requests (public_id, offer_id, offers_version, from_org_id,"
                   " from_user_id, to_org_id, purpose_enc, contact_enc, status, answer_enc,"
                   " handled_by, created_at, updated_at, version) VALUES ($1, $2, $3, $4, $5, $6,"
                   " $7, $8, $9, NULL, 0, $10, $10, 1) RETURNING id",
                   &r->id, "ttiiiibbtt", r->public_id, r->offer_id, r->offers_version,
                   r->from_org_id, r->from_user_id, r->to_org_id, (const void *)r->purpose_enc,
                   r->purpose_enc_len, (const void *)r->contact_enc, r->contact_enc_len, r->status,
                   r->created_at);
}

int store_expert_request_find_public(store_tx *tx, const char *public_id, expert_request_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " REQUEST_COLS " FROM expert_requests WHERE public_id = $1", &st,
                       "t", public_id);
    return rc == SG_OK ? q_read_one(st, request_cols, NCOLS(request_cols), out, sizeof *out) : rc;
}

int store_expert_request_update(store_tx *tx, expert_request_row *r)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE expert_requests SET status = $1, answer_enc = $2, handled_by = $3,"
                    " updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
                    &changed, "tbitii", r->status, (const void *)r->answer_enc, r->answer_enc_len,
                    r->handled_by, r->updated_at, r->id, r->version);
    if (rc != SG_OK)
        return rc;
    if (changed == 0)
        return SG_ECONFLICT;
    r->version++;
    return SG_OK;
}

int store_expert_request_list(store_tx *tx, const expert_request_filter *f,
                              expert_request_row *rows, int *n)
{
    store_stmt *st;
    *n = 0;
    if (f->to_org_id == 0 && f->from_user_id == 0)
        return SG_EINTERNAL;
    int rc = q_prepare(tx,
                       "SELECT " REQUEST_COLS " FROM expert_requests"
                       " WHERE ($1 = 0 OR to_org_id = $1) AND ($2 = 0 OR from_user_id = $2)"
                       " AND id > $3 ORDER BY id LIMIT $4",
                       &st, "iiii", f->to_org_id, f->from_user_id, f->after, (int64_t)f->limit);
    return rc == SG_OK
               ? q_read_rows(st, request_cols, NCOLS(request_cols), rows, sizeof *rows, f->limit, n)
               : rc;
}

int store_learning_orgs_of_type(store_tx *tx, const char *type, int64_t *ids, int max, int *n)
{
    store_stmt *st = NULL;
    *n = 0;
    int rc = q_prepare(tx, "SELECT id FROM organisations WHERE type = $1 ORDER BY id LIMIT $2", &st,
                       "ti", type, (int64_t)max);
    if (rc != SG_OK)
        return rc;
    for (int step = q_step(st); step != 0; step = q_step(st)) {
        if (step < 0) {
            rc = step;
            break;
        }
        ids[(*n)++] = q_int(st, 0);
    }
    q_done(st);
    return rc;
}

/* ---- resilience lessons ---------------------------------------------------- */

#define LESSON_COLS                                                                                \
    "id, public_id, org_id, programme_id, programmes_version, year_group, classes, lessons,"       \
    " given_from, given_until, recorded_by, recorded_at"

static const q_col lesson_cols[] = {
    QCOL_I64(resilience_lesson_row, id),
    QCOL_TEXT(resilience_lesson_row, public_id),
    QCOL_I64(resilience_lesson_row, org_id),
    QCOL_TEXT(resilience_lesson_row, programme_id),
    QCOL_I64(resilience_lesson_row, programmes_version),
    QCOL_TEXT(resilience_lesson_row, year_group),
    QCOL_I64(resilience_lesson_row, classes),
    QCOL_I64(resilience_lesson_row, lessons),
    QCOL_TEXT(resilience_lesson_row, given_from),
    QCOL_TEXT(resilience_lesson_row, given_until),
    QCOL_I64(resilience_lesson_row, recorded_by),
    QCOL_TEXT(resilience_lesson_row, recorded_at),
};

int store_resilience_insert(store_tx *tx, resilience_lesson_row *r)
{
    return q_int64(tx,
                   "INSERT INTO resilience_lessons (public_id, org_id, programme_id,"
                   " programmes_version, year_group, classes, lessons, given_from, given_until,"
                   " recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                   " $11) RETURNING id",
                   &r->id, "tititiittit", r->public_id, r->org_id, r->programme_id,
                   r->programmes_version, r->year_group, r->classes, r->lessons, r->given_from,
                   r->given_until, r->recorded_by, r->recorded_at);
}

int store_resilience_find_public(store_tx *tx, const char *public_id, resilience_lesson_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " LESSON_COLS " FROM resilience_lessons WHERE public_id = $1",
                       &st, "t", public_id);
    return rc == SG_OK ? q_read_one(st, lesson_cols, NCOLS(lesson_cols), out, sizeof *out) : rc;
}

int store_resilience_delete(store_tx *tx, int64_t id)
{
    return q_exec(tx, "DELETE FROM resilience_lessons WHERE id = $1", NULL, "i", id);
}

int store_resilience_list(store_tx *tx, const resilience_filter *f, resilience_lesson_row *rows,
                          int *n)
{
    store_stmt *st;
    *n = 0;
    if (f->org_id == 0)
        return SG_EINTERNAL;
    int rc = q_prepare(tx,
                       "SELECT " LESSON_COLS " FROM resilience_lessons WHERE org_id = $1"
                       " AND ($2 = '' OR given_from >= $2) AND ($3 = '' OR given_from <= $3)"
                       " AND id > $4 ORDER BY id LIMIT $5",
                       &st, "ittii", f->org_id, f->from ? f->from : "", f->until ? f->until : "",
                       f->after, (int64_t)f->limit);
    return rc == SG_OK
               ? q_read_rows(st, lesson_cols, NCOLS(lesson_cols), rows, sizeof *rows, f->limit, n)
               : rc;
}

static const q_col lesson_count_cols[] = {
    QCOL_TEXT(resilience_count, programme_id), QCOL_I64(resilience_count, records),
    QCOL_I64(resilience_count, classes),       QCOL_I64(resilience_count, lessons),
    QCOL_I64(resilience_count, organisations),
};

int store_resilience_count(store_tx *tx, const resilience_filter *f, resilience_count *rows,
                           int max, int *n)
{
    store_stmt *st;
    *n = 0;
    int rc = q_prepare(tx,
                       "SELECT programme_id, COUNT(*), SUM(classes), SUM(lessons),"
                       " COUNT(DISTINCT org_id) FROM resilience_lessons"
                       " WHERE ($1 = 0 OR org_id = $1) AND ($2 = '' OR given_from >= $2)"
                       " AND ($3 = '' OR given_from <= $3)"
                       " GROUP BY programme_id ORDER BY programme_id LIMIT $4",
                       &st, "itti", f->org_id, f->from ? f->from : "", f->until ? f->until : "",
                       (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, lesson_count_cols, NCOLS(lesson_count_cols), rows,
                                     sizeof *rows, max, n)
                       : rc;
}
