/* Use cases: the catalogue of resilience lesson programmes, and the lessons
 * a school gave: which programme, to which year group, when.  Counts only,
 * never a pupil. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/learning/learning_int.h"

#define COUNTS_MAX 64
#define CLASSES_MAX 100
#define LESSONS_MAX 200

/* The school's care coordinators record and read the school's lessons. */
static bool may_record(const actor *who)
{
    return !who->system && who->role == ROLE_CARE_COORDINATOR && who->org_type == ORG_SCHOOL;
}

typedef struct lessons_ctx {
    app *a;
    const actor *who;
    const resilience_input *in;
    learning_docs docs;
    resilience_lesson_row row;
    const char *id;
    resilience_filter filter;
    svc_error *err;
    json_t *result;
} lessons_ctx;

static json_t *programme_ref(const json_t *programmes, const char *id)
{
    json_t *p = learning_programme(programmes, id);
    return json_pack("{s:s, s:O?}", "id", id, "name", json_object_get(p, "name"));
}

static json_t *lesson_json(const json_t *programmes, const resilience_lesson_row *r)
{
    json_t *group = learning_year_group(programmes, r->year_group);
    return json_pack("{s:s, s:o, s:{s:s, s:O?, s:O?}, s:I, s:I, s:s, s:s, s:s}", "id", r->public_id,
                     "programme", programme_ref(programmes, r->programme_id), "year_group", "id",
                     r->year_group, "nl", json_object_get(group, "nl"), "en",
                     json_object_get(group, "en"), "classes", (json_int_t)r->classes, "lessons",
                     (json_int_t)r->lessons, "given_from", r->given_from, "given_until",
                     r->given_until, "recorded_at", r->recorded_at);
}

/* ---- the catalogue --------------------------------------------------------- */

static int programmes_job(store_tx *tx, void *arg)
{
    lessons_ctx *lc = arg;
    return learning_docs_load(tx, LDOC_PROGRAMMES, &lc->docs);
}

int resilience_programmes_get(app *a, const actor *who, json_t **out)
{
    lessons_ctx lc = {.a = a, .who = who};
    int rc = store_read(a->db, programmes_job, &lc);
    json_t *result = NULL;
    if (rc == SG_OK) {
        json_t *doc = lc.docs.programmes;
        result = json_pack(
            "{s:I, s:O, s:O, s:O}", "version", (json_int_t)lc.docs.programmes_version, "source",
            json_object_get(doc, "source"), "year_groups", json_object_get(doc, "year_groups"),
            "items", json_object_get(doc, "programmes"));
        rc = result ? SG_OK : SG_ENOMEM;
    }
    learning_docs_free(&lc.docs);
    return svc_result(rc, result, out);
}

/* ---- recording ---------------------------------------------------------------- */

static int create_job(store_tx *tx, void *arg)
{
    lessons_ctx *lc = arg;
    int rc = learning_docs_load(tx, LDOC_PROGRAMMES, &lc->docs);
    if (rc != SG_OK)
        return rc;
    if (!learning_programme(lc->docs.programmes, lc->in->programme_id))
        return svc_invalid(lc->err, "programme_id", "not a programme of the published catalogue");
    if (!learning_year_group(lc->docs.programmes, lc->in->year_group))
        return svc_invalid(lc->err, "year_group", "not a year group of the published catalogue");
    lc->row.programmes_version = lc->docs.programmes_version;
    rc = store_resilience_insert(tx, &lc->row);
    if (rc == SG_OK)
        rc = learning_audit(tx, lc->a, lc->who, "resilience-lesson.create", "resilience-lesson",
                            lc->row.public_id, "record the school's resilience lessons");
    if (rc == SG_OK) {
        lc->result = lesson_json(lc->docs.programmes, &lc->row);
        rc = lc->result ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

static bool valid_date(const char *s)
{
    date d;
    return s && date_parse(s, &d) == SG_OK;
}

int resilience_lesson_create(app *a, const actor *who, const resilience_input *in, json_t **out,
                             svc_error *err)
{
    if (!may_record(who))
        return SG_EFORBIDDEN;
    if (!in->programme_id || !in->year_group)
        return svc_invalid(err, in->programme_id ? "year_group" : "programme_id", "required");
    if (in->classes < 1 || in->classes > CLASSES_MAX)
        return svc_invalid(err, "classes", "1 to 100 classes");
    if (in->lessons < 1 || in->lessons > LESSONS_MAX)
        return svc_invalid(err, "lessons", "1 to 200 lessons");
    if (!valid_date(in->given_from))
        return svc_invalid(err, "given_from", "a date, YYYY-MM-DD");
    const char *until = in->given_until ? in->given_until : in->given_from;
    if (!valid_date(until))
        return svc_invalid(err, "given_until", "a date, YYYY-MM-DD");
    if (strcmp(until, in->given_from) < 0)
        return svc_invalid(err, "given_until", "not before given_from");
    /* Recorded once given, not ahead; a day's grace for the Dutch clock,
     * which runs ahead of the server's UTC date around midnight. */
    char tomorrow[DATE_LEN];
    date d;
    date_today(&d);
    date_from_days(date_to_days(&d) + 1, &d);
    date_format(&d, tomorrow);
    if (strcmp(in->given_from, tomorrow) > 0 || strcmp(until, tomorrow) > 0)
        return svc_invalid(err, strcmp(in->given_from, tomorrow) > 0 ? "given_from" : "given_until",
                           "lessons are recorded once given, not ahead");
    lessons_ctx lc = {.a = a, .who = who, .in = in, .err = err};
    resilience_lesson_row *r = &lc.row;
    token_uuid(r->public_id);
    r->org_id = who->org_id;
    text_copy(r->programme_id, sizeof r->programme_id, in->programme_id);
    text_copy(r->year_group, sizeof r->year_group, in->year_group);
    r->classes = in->classes;
    r->lessons = in->lessons;
    text_copy(r->given_from, sizeof r->given_from, in->given_from);
    text_copy(r->given_until, sizeof r->given_until, until);
    r->recorded_by = who->user_id;
    clock_format_iso(clock_now_ms(), r->recorded_at);
    int rc = store_write(a->db, create_job, &lc);
    learning_docs_free(&lc.docs);
    return svc_result(rc, lc.result, out);
}

/* ---- reading ---------------------------------------------------------------------- */

static int check_period(const char *from, const char *until, svc_error *err)
{
    if (from && !valid_date(from))
        return svc_invalid(err, "from", "a date, YYYY-MM-DD");
    if (until && !valid_date(until))
        return svc_invalid(err, "until", "a date, YYYY-MM-DD");
    return SG_OK;
}

static int list_job(store_tx *tx, void *arg)
{
    lessons_ctx *lc = arg;
    int rc = learning_docs_load(tx, LDOC_PROGRAMMES, &lc->docs);
    resilience_lesson_row *rows =
        rc == SG_OK ? sg_calloc((size_t)lc->filter.limit, sizeof *rows) : NULL;
    int n = 0;
    if (rc == SG_OK && !rows)
        rc = SG_ENOMEM;
    if (rc == SG_OK)
        rc = store_resilience_list(tx, &lc->filter, rows, &n);
    json_t *items = json_array();
    for (int i = 0; rc == SG_OK && i < n; i++)
        if (json_array_append_new(items, lesson_json(lc->docs.programmes, &rows[i])) != 0)
            rc = SG_ENOMEM;
    if (rc == SG_OK) {
        lc->result = svc_page(items, lc->filter.limit, n > 0 ? rows[n - 1].id : 0);
        items = NULL;
        rc = lc->result ? SG_OK : SG_ENOMEM;
    }
    json_decref(items);
    sg_free(rows);
    return rc;
}

int resilience_lesson_list(app *a, const actor *who, const char *from, const char *until,
                           const char *cursor, int limit, json_t **out, svc_error *err)
{
    if (!may_record(who))
        return SG_EFORBIDDEN;
    lessons_ctx lc = {.a = a, .who = who};
    lc.filter = (resilience_filter){
        .org_id = who->org_id, .from = from, .until = until, .limit = svc_page_limit(a, limit)};
    int rc = check_period(from, until, err);
    if (rc == SG_OK)
        rc = svc_cursor_parse(cursor, &lc.filter.after, err);
    if (rc == SG_OK)
        rc = store_read(a->db, list_job, &lc);
    learning_docs_free(&lc.docs);
    return svc_result(rc, lc.result, out);
}

static int delete_job(store_tx *tx, void *arg)
{
    lessons_ctx *lc = arg;
    int rc = store_resilience_find_public(tx, lc->id, &lc->row);
    if (rc == SG_OK && lc->row.org_id != lc->who->org_id)
        rc = SG_ENOTFOUND;
    if (rc == SG_OK)
        rc = store_resilience_delete(tx, lc->row.id);
    if (rc == SG_OK)
        rc = learning_audit(tx, lc->a, lc->who, "resilience-lesson.delete", "resilience-lesson",
                            lc->row.public_id, "correct the school's resilience lessons");
    return rc;
}

int resilience_lesson_delete(app *a, const actor *who, const char *id)
{
    if (!may_record(who))
        return SG_EFORBIDDEN;
    lessons_ctx lc = {.a = a, .who = who, .id = id};
    return store_write(a->db, delete_job, &lc);
}

static int counts_job(store_tx *tx, void *arg)
{
    lessons_ctx *lc = arg;
    int rc = learning_docs_load(tx, LDOC_PROGRAMMES, &lc->docs);
    resilience_count rows[COUNTS_MAX];
    int n = 0;
    if (rc == SG_OK)
        rc = store_resilience_count(tx, &lc->filter, rows, COUNTS_MAX, &n);
    json_t *items = json_array();
    for (int i = 0; rc == SG_OK && items && i < n; i++)
        json_array_append_new(
            items, json_pack("{s:o, s:I, s:I, s:I}", "programme",
                             programme_ref(lc->docs.programmes, rows[i].programme_id), "records",
                             (json_int_t)rows[i].records, "classes", (json_int_t)rows[i].classes,
                             "lessons", (json_int_t)rows[i].lessons));
    if (rc == SG_OK)
        lc->result = json_pack("{s:s?, s:s?, s:o*}", "from", lc->filter.from, "until",
                               lc->filter.until, "items", items);
    else
        json_decref(items);
    return rc == SG_OK && !lc->result ? SG_ENOMEM : rc;
}

int resilience_lesson_counts(app *a, const actor *who, const char *from, const char *until,
                             json_t **out, svc_error *err)
{
    if (!may_record(who))
        return SG_EFORBIDDEN;
    lessons_ctx lc = {.a = a, .who = who};
    lc.filter = (resilience_filter){.org_id = who->org_id, .from = from, .until = until};
    int rc = check_period(from, until, err);
    if (rc == SG_OK)
        rc = store_read(a->db, counts_job, &lc);
    learning_docs_free(&lc.docs);
    return svc_result(rc, lc.result, out);
}
