/* Use cases: open, read, list and change cases (rendering: case_view.c). */
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "domain/meldcode.h"
#include "security/token.h"
#include "service/legal/consent.h"
#include "service/school/school_int.h"

#define CASE_LIST_MAX 100

/* ---- open ------------------------------------------------------------- */

typedef struct case_ctx {
    app *a;
    const actor *who;
    const char *id;
    const char *person_id;
    const char *const *signal_ids;
    int nsignals;
    const char *status;
    const char *party;
    const char *on;
    const char *owner_id;
    case_row row;
    svc_error *err;
    char existing[STORE_ID_LEN];
    json_t *result;
} case_ctx;

/* Links the listed signals (the school's own, about this child) to the case. */
static int link_signals(store_tx *tx, case_ctx *cc)
{
    for (int i = 0; i < cc->nsignals; i++) {
        signal_row s;
        int rc = token_is_uuid(cc->signal_ids[i])
                     ? store_signal_find_public(tx, cc->signal_ids[i], &s)
                     : SG_ENOTFOUND;
        if (rc == SG_OK) {
            bool mine = s.person_id == cc->row.person_id;
            rc = mine ? access_check_signal(tx, cc->who, &s) : SG_ENOTFOUND;
            int64_t sid = s.id;
            store_signal_clear(&s);
            if (rc == SG_OK)
                rc = store_case_add_signal(tx, cc->row.id, sid);
        }
        if (rc == SG_ENOTFOUND)
            return svc_invalid(cc->err, "signal_ids",
                               "a signal that is not about this child at your school");
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

static int open_job(store_tx *tx, void *arg)
{
    case_ctx *cc = arg;
    person_row p;
    bool party = false;
    int rc = store_person_find_public(tx, cc->person_id, &p);
    if (rc == SG_OK) {
        cc->row.person_id = p.id;
        store_person_clear(&p);
        rc = store_person_org_is_party(tx, cc->row.person_id, cc->who->org_id, &party);
    }
    if (rc == SG_ENOTFOUND || (rc == SG_OK && !party))
        return svc_invalid(cc->err, "person_id", "no such person in your organisation");
    if (rc != SG_OK)
        return rc;
    case_filter f = {
        .org_id = cc->who->org_id, .person_id = cc->row.person_id, .status = "open", .limit = 1};
    case_row open_case;
    int n = 0;
    rc = store_case_list(tx, &f, &open_case, &n);
    if (rc != SG_OK)
        return rc;
    if (n > 0) {
        text_copy(cc->existing, sizeof cc->existing, open_case.public_id);
        return SG_ECONFLICT;
    }
    rc = store_case_insert(tx, &cc->row);
    if (rc == SG_OK)
        rc = link_signals(tx, cc);
    if (rc == SG_OK)
        rc = case_event(tx, &cc->row, "case.opened");
    if (rc == SG_OK)
        rc = case_audit(tx, cc->a, cc->who, &cc->row, "case.open", "open a care case");
    if (rc == SG_OK)
        rc = case_render(tx, cc->a, cc->who, &cc->row, &cc->result);
    return rc;
}

int case_open(app *a, const actor *who, const char *person_id, const char *const *signal_ids,
              int nsignals, json_t **out, svc_error *err)
{
    if (!access_may_work_cases(who))
        return SG_EFORBIDDEN;
    if (!person_id || !token_is_uuid(person_id))
        return svc_invalid(err, "person_id", "the id of a person is required");
    if (nsignals < 0 || nsignals > CASE_MAX_SIGNALS)
        return svc_invalid(err, "signal_ids", "at most 200 signals");
    case_ctx cc = {.a = a,
                   .who = who,
                   .person_id = person_id,
                   .signal_ids = signal_ids,
                   .nsignals = nsignals,
                   .err = err};
    case_row *r = &cc.row;
    token_uuid(r->public_id);
    r->org_id = who->org_id;
    r->owner_id = who->user_id;
    r->opened_by = who->user_id;
    text_copy(r->status, sizeof r->status, "open");
    text_copy(r->consent_status, sizeof r->consent_status, "none");
    r->next_step = 1;
    date_today_plus(a->cfg.step_days, r->next_step_due);
    clock_format_iso(clock_now_ms(), r->opened_at);
    text_copy(r->last_progress_at, sizeof r->last_progress_at, r->opened_at);
    int rc = store_write(a->db, open_job, &cc);
    if (rc == SG_ECONFLICT && err) {
        snprintf(err->text, sizeof err->text, "this child has an open case already: %s",
                 cc.existing);
        err->field = "person_id";
        err->reason = err->text;
    }
    return svc_result(rc, cc.result, out);
}

/* ---- read ------------------------------------------------------------- */

static int get_job(store_tx *tx, void *arg)
{
    case_ctx *cc = arg;
    int rc = case_load(tx, cc->who, cc->id, &cc->row);
    if (rc == SG_OK)
        rc = case_audit(tx, cc->a, cc->who, &cc->row, "case.read", "work a care case");
    if (rc == SG_OK)
        rc = case_render(tx, cc->a, cc->who, &cc->row, &cc->result);
    return rc;
}

int case_get(app *a, const actor *who, const char *id, json_t **out)
{
    case_ctx cc = {.a = a, .who = who, .id = id};
    int rc = svc_read_audited(a, get_job, &cc);
    return svc_result(rc, cc.result, out);
}

typedef struct list_ctx {
    app *a;
    const actor *who;
    const char *person_pid;
    case_filter filter;
    json_t *items;
    int64_t last;
} list_ctx;

static int list_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    if (lc->person_pid) {
        person_row p;
        int rc = store_person_find_public(tx, lc->person_pid, &p);
        if (rc == SG_ENOTFOUND)
            return SG_OK;
        if (rc != SG_OK)
            return rc;
        lc->filter.person_id = p.id;
        store_person_clear(&p);
    }
    case_row *rows = sg_calloc(CASE_LIST_MAX, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_case_list(tx, &lc->filter, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *j = case_summary(tx, lc->a, &rows[i]);
        if (!j || json_array_append_new(lc->items, j) != 0)
            rc = SG_ENOMEM;
        if (rc == SG_OK)
            rc = case_audit(tx, lc->a, lc->who, &rows[i], "case.read", "list care cases");
        lc->last = rows[i].id;
    }
    sg_free(rows);
    return rc;
}

int case_list(app *a, const actor *who, const char *person_id, const char *status,
              const char *cursor, int limit, json_t **out, svc_error *err)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    if (!access_may_work_cases(who)) {
        /* Other roles have no cases at a school: an empty list, not a refusal. */
        *out = svc_page(json_array(), 1, 0);
        return *out ? SG_OK : SG_ENOMEM;
    }
    if (status && strcmp(status, "open") != 0 && strcmp(status, "closed") != 0)
        return svc_invalid(err, "status", "open or closed");
    if (person_id && !token_is_uuid(person_id))
        return svc_invalid(err, "person_id", "not the id of a person");
    list_ctx lc = {.a = a, .who = who, .person_pid = person_id};
    lc.filter.org_id = who->org_id;
    lc.filter.status = status;
    lc.filter.limit = svc_page_limit(a, limit);
    int rc = svc_cursor_parse(cursor, &lc.filter.after, err);
    if (rc != SG_OK)
        return rc;
    lc.items = json_array();
    rc = lc.items ? svc_read_audited(a, list_job, &lc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = svc_page(lc.items, lc.filter.limit, lc.last);
    return *out ? SG_OK : SG_ENOMEM;
}

/* ---- changes ---------------------------------------------------------- */

static int finish_change(store_tx *tx, case_ctx *cc, const char *action, const char *purpose)
{
    int rc = case_progress(tx, cc->a, &cc->row, 0);
    if (rc == SG_OK)
        rc = case_audit(tx, cc->a, cc->who, &cc->row, action, purpose);
    if (rc == SG_OK)
        rc = case_render(tx, cc->a, cc->who, &cc->row, &cc->result);
    return rc;
}

static int add_signals_job(store_tx *tx, void *arg)
{
    case_ctx *cc = arg;
    int rc = case_load(tx, cc->who, cc->id, &cc->row);
    if (rc == SG_OK)
        rc = link_signals(tx, cc);
    if (rc == SG_OK)
        rc = finish_change(tx, cc, "case.update", "add signals to a case");
    return rc;
}

static int run_change(app *a, case_ctx *cc, store_work_fn fn, json_t **out)
{
    int rc = store_write(a->db, fn, cc);
    return svc_result(rc, cc->result, out);
}

int case_add_signals(app *a, const actor *who, const char *id, const char *const *signal_ids,
                     int nsignals, json_t **out, svc_error *err)
{
    if (nsignals < 1 || nsignals > CASE_MAX_SIGNALS)
        return svc_invalid(err, "signal_ids", "one to 200 signals");
    case_ctx cc = {
        .a = a, .who = who, .id = id, .signal_ids = signal_ids, .nsignals = nsignals, .err = err};
    return run_change(a, &cc, add_signals_job, out);
}

static int consent_job(store_tx *tx, void *arg)
{
    case_ctx *cc = arg;
    int rc = case_load(tx, cc->who, cc->id, &cc->row);
    if (rc != SG_OK)
        return rc;
    case_row *c = &cc->row;
    if (strcmp(cc->status, "none") != 0) {
        person_row p;
        char *birth = NULL;
        date born, on;
        rc = store_person_get(tx, c->person_id, &p);
        if (rc == SG_OK)
            rc = vault_open_field(cc->a->keys, "persons.birth_date", p.public_id, p.birth_date_enc,
                                  p.birth_date_enc_len, &birth);
        store_person_clear(&p);
        if (rc == SG_OK && (date_parse(birth, &born) != SG_OK || date_parse(cc->on, &on) != SG_OK))
            rc = SG_EDB;
        sg_free(birth);
        if (rc != SG_OK)
            return rc;
        /* Whose consent counts for the school's care team at this age. */
        rc = legal_consent_check(tx, CONSENT_SCHOOL_CARE_TEAM, date_age_on(&born, &on), cc->party,
                                 "party", cc->err);
        if (rc != SG_OK)
            return rc;
    }
    text_copy(c->consent_status, sizeof c->consent_status, cc->status);
    text_copy(c->consent_party, sizeof c->consent_party,
              strcmp(cc->status, "none") == 0 ? "" : cc->party);
    text_copy(c->consent_on, sizeof c->consent_on, strcmp(cc->status, "none") == 0 ? "" : cc->on);
    c->consent_by = cc->who->user_id;
    return finish_change(tx, cc, "case.consent", "record consent to discuss the pupil");
}

int case_set_consent(app *a, const actor *who, const char *id, const char *status,
                     const char *party, const char *on, json_t **out, svc_error *err)
{
    date d, today;
    if (!status
        || (strcmp(status, "given") != 0 && strcmp(status, "refused") != 0
            && strcmp(status, "none") != 0))
        return svc_invalid(err, "status", "given, refused or none");
    if (strcmp(status, "none") != 0) {
        consent_need given;
        if (consent_need_parse(party, &given) != SG_OK)
            return svc_invalid(err, "party", "parent, pupil or pupil-and-parent");
        date_today(&today);
        if (!on || date_parse(on, &d) != SG_OK || date_compare(&d, &today) > 0)
            return svc_invalid(err, "on",
                               "the date consent was given or refused, not in the future");
    }
    case_ctx cc = {
        .a = a, .who = who, .id = id, .status = status, .party = party, .on = on, .err = err};
    return run_change(a, &cc, consent_job, out);
}

static int owner_job(store_tx *tx, void *arg)
{
    case_ctx *cc = arg;
    int rc = case_load(tx, cc->who, cc->id, &cc->row);
    if (rc != SG_OK)
        return rc;
    user_row u;
    rc = token_is_uuid(cc->owner_id) ? store_user_find_public(tx, cc->owner_id, &u) : SG_ENOTFOUND;
    if (rc == SG_ENOTFOUND
        || (rc == SG_OK
            && (u.org_id != cc->row.org_id || u.disabled
                || strcmp(u.role, "care-coordinator") != 0)))
        return svc_invalid(cc->err, "owner_id", "a care coordinator of this school");
    if (rc != SG_OK)
        return rc;
    cc->row.owner_id = u.id;
    return finish_change(tx, cc, "case.update", "hand a care case over");
}

int case_set_owner(app *a, const actor *who, const char *id, const char *owner_id, json_t **out,
                   svc_error *err)
{
    if (!owner_id)
        return svc_invalid(err, "owner_id", "the new owner is required");
    case_ctx cc = {.a = a, .who = who, .id = id, .owner_id = owner_id, .err = err};
    return run_change(a, &cc, owner_job, out);
}
