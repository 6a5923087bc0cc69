/* Use cases: open, read, list and change cases; shared helpers of the school path. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "domain/meldcode.h"
#include "security/token.h"
#include "service/cases_int.h"
#include "service/clocks.h"
#include "service/guidance.h"

#define CASE_LIST_MAX 100

int case_load(store_tx *tx, const actor *who, const char *public_id, case_row *out)
{
    if (!token_is_uuid(public_id))
        return SG_ENOTFOUND;
    int rc = store_case_find_public(tx, public_id, out);
    if (rc != SG_OK)
        return rc;
    return access_check_case(who, out->org_id);
}

int case_audit(store_tx *tx, app *a, const actor *who, const case_row *c, const char *action,
               const char *purpose)
{
    return audit_record_person(tx, a->keys, who, action, "case", c->public_id, c->person_id,
                               purpose);
}

int case_event(store_tx *tx, const case_row *c, const char *event)
{
    clocks_event ev = {.name = event,
                       .subject_type = "case",
                       .subject_id = c->public_id,
                       .person_id = c->person_id,
                       .sender_org = c->org_id};
    return clocks_event_record(tx, &ev);
}

int case_progress(store_tx *tx, app *a, case_row *c, int step_done)
{
    clock_format_iso(clock_now_ms(), c->last_progress_at);
    if (step_done == c->next_step && c->next_step <= MELDCODE_STEPS) {
        c->next_step++;
        if (c->next_step <= MELDCODE_STEPS)
            date_today_plus(a->cfg.step_days, c->next_step_due);
        else
            c->next_step_due[0] = '\0';
    }
    return store_case_update(tx, c);
}

/* ---- rendering -------------------------------------------------------- */

static json_t *lang(const char *nl, const char *en)
{
    return json_pack("{s:s, s:s}", "nl", nl, "en", en);
}

static int render_person(store_tx *tx, app *a, const case_row *c, json_t *out)
{
    person_row p;
    int rc = store_person_get(tx, c->person_id, &p);
    if (rc != SG_OK)
        return rc;
    json_t *person = json_pack("{s:s, s:i, s:i, s:s}", "id", p.public_id, "birth_year",
                               p.birth_year, "birth_month", p.birth_month, "gender", p.gender);
    char *name = NULL, *birth = NULL;
    if (strcmp(c->consent_status, "given") == 0) {
        rc = vault_open_field(a->keys, "persons.name", p.public_id, p.name_enc, p.name_enc_len,
                              &name);
        if (rc == SG_OK)
            rc = vault_open_field(a->keys, "persons.birth_date", p.public_id, p.birth_date_enc,
                                  p.birth_date_enc_len, &birth);
        if (rc == SG_OK) {
            json_object_set_new(person, "name", json_string(name));
            json_object_set_new(person, "birth_date", json_string(birth));
        }
    }
    /* Whose consent is needed depends on the age today. */
    date today, born;
    date_today(&today);
    char *birth_for_age = NULL;
    if (rc == SG_OK)
        rc = vault_open_field(a->keys, "persons.birth_date", p.public_id, p.birth_date_enc,
                              p.birth_date_enc_len, &birth_for_age);
    if (rc == SG_OK && date_parse(birth_for_age, &born) == SG_OK) {
        consent_party party = meldcode_consent_party(date_age_on(&born, &today));
        json_object_set_new(json_object_get(out, "consent"), "required_party",
                            json_string(meldcode_consent_party_code(party)));
    }
    json_object_set_new(out, "person", person);
    json_object_set_new(out, "anonymous", json_boolean(strcmp(c->consent_status, "given") != 0));
    sg_free(name);
    sg_free(birth);
    sg_free(birth_for_age);
    store_person_clear(&p);
    return rc;
}

static json_t *step_json(store_tx *tx, app *a, const step_row *s)
{
    char *summary = NULL, *deviation = NULL;
    if (vault_open_field(a->keys, "meldcode_steps.summary", s->public_id, s->summary_enc,
                         s->summary_enc_len, &summary)
        != SG_OK)
        return NULL;
    if (s->deviation_enc
        && vault_open_field(a->keys, "meldcode_steps.deviation", s->public_id, s->deviation_enc,
                            s->deviation_enc_len, &deviation)
               != SG_OK) {
        sg_free(summary);
        return NULL;
    }
    json_t *answers = json_array();
    char buf[64];
    text_copy(buf, sizeof buf, s->answers);
    for (char *p = buf; s->answers[0] && p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        json_array_append_new(answers, *p ? json_string(p) : json_null());
        p = comma ? comma + 1 : NULL;
    }
    json_t *j = json_pack(
        "{s:s, s:i, s:o, s:s, s:o, s:s*, s:s*, s:s*, s:o, s:s}", "id", s->public_id, "step",
        s->step, "name",
        lang(meldcode_step_name(s->step, true), meldcode_step_name(s->step, false)), "summary",
        summary, "answers", answers, "advised", s->advised[0] ? s->advised : NULL, "decision",
        s->decision[0] ? s->decision : NULL, "justification", deviation, "recorded_by",
        svc_user_ref(tx, s->recorded_by), "recorded_at", s->recorded_at);
    sg_free(summary);
    sg_free(deviation);
    return j;
}

static json_t *action_json(store_tx *tx, app *a, const action_row *r, const char *today)
{
    char *description = NULL;
    if (vault_open_field(a->keys, "case_actions.description", r->public_id, r->description_enc,
                         r->description_enc_len, &description)
        != SG_OK)
        return NULL;
    bool open = r->done_at[0] == '\0';
    json_t *j = json_pack("{s:s, s:s, s:o, s:s, s:s*, s:b, s:s}", "id", r->public_id, "description",
                          description, "owner", svc_user_ref(tx, r->owner_id), "due_on", r->due_on,
                          "done_at", open ? NULL : r->done_at, "overdue",
                          open && strcmp(r->due_on, today) < 0, "created_at", r->created_at);
    sg_free(description);
    return j;
}

json_t *case_signal_json(store_tx *tx, app *a, const signal_row *s)
{
    char *observation = NULL;
    if (vault_open_field(a->keys, "signals.observation", s->public_id, s->observation_enc,
                         s->observation_enc_len, &observation)
        != SG_OK)
        return NULL;
    json_t *inds = json_array();
    for (int k = 0; k < s->indicator_count; k++)
        json_array_append_new(inds, json_pack("{s:s, s:s}", "id", s->indicators[k].code, "kind",
                                              s->indicators[k].kind));
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "id", s->public_id, "observed_on",
                          s->observed_on, "setting", s->setting, "observation", observation,
                          "indicators", inds, "observer", svc_user_ref(tx, s->observer_id));
    sodium_memzero(observation, strlen(observation));
    sg_free(observation);
    return j;
}

static int render_signals(store_tx *tx, app *a, const case_row *c, json_t *out)
{
    int64_t ids[CASE_MAX_SIGNALS];
    int n = 0;
    int rc = store_case_signal_ids(tx, c->id, ids, CASE_MAX_SIGNALS, &n);
    signal_row *rows = sg_calloc((size_t)(n ? n : 1), sizeof *rows);
    const char **pids = sg_calloc((size_t)(n ? n : 1), sizeof *pids);
    json_t *list = json_array();
    int loaded = 0;
    if (rc == SG_OK && (!rows || !pids || !list))
        rc = SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        rc = store_signal_get(tx, ids[i], &rows[i]);
        if (rc != SG_OK)
            break;
        loaded++;
        pids[i] = rows[i].public_id;
        if (json_array_append_new(list, case_signal_json(tx, a, &rows[i])) != 0)
            rc = SG_ECRYPTO;
    }
    json_t *advice = NULL;
    if (rc == SG_OK) {
        rc = guidance_assess_rows(tx, rows, n, pids, &advice);
        if (rc == SG_ESTATE) {
            advice = json_null(); /* no rules published: no advice to give */
            rc = SG_OK;
        }
    }
    if (rc == SG_OK) {
        json_object_set_new(out, "signals", list);
        json_object_set_new(out, "advice", advice);
        list = NULL;
    }
    for (int i = 0; i < loaded; i++)
        store_signal_clear(&rows[i]);
    sg_free(rows);
    sg_free(pids);
    json_decref(list);
    return rc;
}

#define RENDER_MAX 100

static int render_records(store_tx *tx, app *a, const case_row *c, json_t *out)
{
    char today[DATE_LEN];
    date_today_plus(0, today);
    json_t *steps = json_array(), *consultations = json_array(), *actions = json_array();
    step_row *srows = sg_calloc(RENDER_MAX, sizeof *srows);
    consultation_row *crows = sg_calloc(RENDER_MAX, sizeof *crows);
    action_row *arows = sg_calloc(RENDER_MAX, sizeof *arows);
    int ns = 0, nc = 0, na = 0;
    int rc = steps && consultations && actions && srows && crows && arows ? SG_OK : SG_ENOMEM;
    if (rc == SG_OK)
        rc = store_step_list(tx, c->id, srows, RENDER_MAX, &ns);
    if (rc == SG_OK)
        rc = store_consultation_list(tx, c->id, crows, RENDER_MAX, &nc);
    if (rc == SG_OK)
        rc = store_action_list(tx, c->id, 0, arows, RENDER_MAX, &na);
    for (int i = 0; rc == SG_OK && i < ns; i++)
        if (json_array_append_new(steps, step_json(tx, a, &srows[i])) != 0)
            rc = SG_ECRYPTO;
    for (int i = 0; rc == SG_OK && i < nc; i++)
        if (json_array_append_new(consultations, consultation_json(tx, a, &crows[i])) != 0)
            rc = SG_ECRYPTO;
    for (int i = 0; rc == SG_OK && i < na; i++)
        if (json_array_append_new(actions, action_json(tx, a, &arows[i], today)) != 0)
            rc = SG_ECRYPTO;
    if (rc == SG_OK) {
        json_object_set_new(json_object_get(out, "meldcode"), "steps", steps);
        json_object_set_new(out, "consultations", consultations);
        json_object_set_new(out, "actions", actions);
        steps = consultations = actions = NULL;
    }
    for (int i = 0; i < ns; i++)
        store_step_clear(&srows[i]);
    for (int i = 0; i < nc; i++)
        store_consultation_clear(&crows[i]);
    for (int i = 0; i < na; i++)
        store_action_clear(&arows[i]);
    sg_free(srows);
    sg_free(crows);
    sg_free(arows);
    json_decref(steps);
    json_decref(consultations);
    json_decref(actions);
    return rc;
}

/* Days since the case last moved, and whether that counts as stale. */
static int64_t days_idle(const case_row *c)
{
    int64_t last = 0;
    if (clock_parse_iso(c->last_progress_at, &last) != SG_OK)
        return 0;
    return (clock_now_ms() - last) / (86400 * 1000LL);
}

/* The short form of a case, as lists show it. */
static json_t *case_summary(store_tx *tx, app *a, const case_row *c)
{
    char today[DATE_LEN], person[STORE_ID_LEN] = "";
    date_today_plus(0, today);
    if (store_person_public_id(tx, c->person_id, person) != SG_OK)
        return NULL;
    int64_t idle = days_idle(c);
    int next = c->next_step <= MELDCODE_STEPS ? c->next_step : 0;
    json_t *meldcode = json_pack(
        "{s:i, s:o, s:s*, s:b, s:s*}", "next_step", next, "next_step_name",
        next ? lang(meldcode_step_name(next, true), meldcode_step_name(next, false)) : json_null(),
        "next_step_due", c->next_step_due[0] ? c->next_step_due : NULL, "overdue",
        c->status[0] == 'o' && c->next_step_due[0] && strcmp(c->next_step_due, today) < 0,
        "decision", c->decision[0] ? c->decision : NULL);
    json_t *consent = json_pack("{s:s, s:s*, s:s*}", "status", c->consent_status, "party",
                                c->consent_party[0] ? c->consent_party : NULL, "on",
                                c->consent_on[0] ? c->consent_on : NULL);
    return json_pack("{s:s, s:s, s:{s:s}, s:o, s:o, s:o, s:s, s:s, s:s*, s:I, s:b, s:I}", "id",
                     c->public_id, "status", c->status, "person", "id", person, "owner",
                     svc_user_ref(tx, c->owner_id), "meldcode", meldcode, "consent", consent,
                     "opened_at", c->opened_at, "last_progress_at", c->last_progress_at,
                     "closed_at", c->closed_at[0] ? c->closed_at : NULL, "days_without_progress",
                     (json_int_t)idle, "stale", c->status[0] == 'o' && idle >= a->cfg.stale_days,
                     "version", (json_int_t)c->version);
}

int case_render(store_tx *tx, app *a, const actor *who, const case_row *c, json_t **out)
{
    (void)who;
    json_t *j = case_summary(tx, a, c);
    if (!j)
        return SG_ENOMEM;
    int rc = render_person(tx, a, c, j);
    if (rc == SG_OK)
        rc = render_signals(tx, a, c, j);
    if (rc == SG_OK)
        rc = render_records(tx, a, c, j);
    if (rc != SG_OK) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return SG_OK;
}

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
    int rc = store_write_relaxed(a->db, get_job, &cc);
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
    rc = lc.items ? store_write_relaxed(a->db, list_job, &lc) : SG_ENOMEM;
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
        consent_party need = meldcode_consent_party(date_age_on(&born, &on));
        if (strcmp(cc->party, meldcode_consent_party_code(need)) != 0)
            return svc_invalid(cc->err, "party",
                               need == CONSENT_PARENT
                                   ? "the pupil was under 16: a parent or guardian consents"
                                   : "the pupil was 16 or older: the pupil consents");
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
        if (!party || (strcmp(party, "parent") != 0 && strcmp(party, "pupil") != 0))
            return svc_invalid(err, "party", "parent or pupil");
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
