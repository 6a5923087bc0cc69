/* The school's case as everyone sees it: loading a case with its access
 * check, rendering it (signals, consent, consultations, Meldcode steps,
 * actions, advice), and the helpers its use cases share (audit, progress,
 * clock events). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "domain/meldcode.h"
#include "security/token.h"
#include "service/clocks.h"
#include "service/legal/consent.h"
#include "service/school/guidance.h"
#include "service/school/school_int.h"

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
        char need[24];
        rc = legal_consent_needed(tx, CONSENT_SCHOOL_CARE_TEAM, date_age_on(&born, &today), need,
                                  sizeof need);
        if (rc == SG_OK)
            json_object_set_new(json_object_get(out, "consent"), "required_party",
                                json_string(need));
        else if (rc == SG_ESTATE)
            rc = SG_OK; /* no consent rules published: nothing to say */
    }
    json_object_set_new(out, "person", person);
    json_object_set_new(out, "anonymous", json_boolean(strcmp(c->consent_status, "given") != 0));
    sg_free(name);
    sg_free(birth);
    sg_free(birth_for_age);
    store_person_clear(&p);
    return rc;
}

/* A list of codes ("a,b") as an array of {code, name} with the expert's
 * names. */
static json_t *consulted_json(const char *list)
{
    json_t *out = json_array();
    char buf[160];
    text_copy(buf, sizeof buf, list);
    for (char *p = buf; out && *buf && p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        json_array_append_new(
            out, json_pack("{s:s, s:o}", "code", p, "name",
                           lang(meldcode_expert_name(p, true), meldcode_expert_name(p, false))));
        p = comma ? comma + 1 : NULL;
    }
    return out;
}

/* Step 4's advice as the two decisions it points to. */
static json_t *advice_json(const char *advised)
{
    meldcode_decision d;
    bool report = false, help = false, with_vt = false;
    if (!advised[0] || meldcode_decision_parse(advised, &d) != SG_OK)
        return json_null();
    meldcode_decision_pair(d, &report, &help, &with_vt);
    return json_pack("{s:b, s:s}", "report", report, "help",
                     with_vt ? "with-veilig-thuis"
                     : help  ? "yes"
                             : "no");
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
    if (j && s->step == 2)
        json_object_set_new(j, "consulted", consulted_json(s->consulted));
    if (j && s->step == 4)
        json_object_set_new(j, "advice", advice_json(s->advised));
    meldcode_decision d;
    if (j && s->step == 5 && meldcode_decision_parse(s->decision, &d) == SG_OK) {
        /* The two decisions; a record of before 2019's pair reads as the
         * pair its single code stands for. */
        bool report = false, help = false, with_vt = false;
        meldcode_decision_pair(d, &report, &help, &with_vt);
        json_object_set_new(j, "report", json_boolean(report));
        json_object_set_new(j, "help", json_boolean(help));
        json_object_set_new(j, "with_veilig_thuis", json_boolean(s->with_veilig_thuis));
    }
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

json_t *case_signal_json(store_tx *tx, app *a, int64_t viewer_org, const signal_row *s)
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
                          "indicators", inds, "observer",
                          viewer_org == s->org_id ? svc_user_ref(tx, s->observer_id) : json_null());
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
        if (json_array_append_new(list, case_signal_json(tx, a, c->org_id, &rows[i])) != 0)
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
json_t *case_summary(store_tx *tx, app *a, const case_row *c)
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

json_t *consultation_json(store_tx *tx, app *a, const consultation_row *c)
{
    char *plain = NULL;
    if (vault_open_field(a->keys, "consultations.content", c->public_id, c->content_enc,
                         c->content_enc_len, &plain)
        != SG_OK)
        return NULL;
    json_error_t jerr;
    json_t *content = json_loads(plain, JSON_REJECT_DUPLICATES, &jerr);
    sodium_memzero(plain, strlen(plain));
    sg_free(plain);
    if (!content)
        return NULL;
    json_t *participants = json_array();
    char buf[256];
    text_copy(buf, sizeof buf, c->participants);
    for (char *p = buf; *buf && p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        json_array_append_new(participants, json_string(p));
        p = comma ? comma + 1 : NULL;
    }
    json_t *j = json_pack(
        "{s:s, s:s, s:o, s:s, s:s, s:s*, s:b, s:o, s:s}", "id", c->public_id, "held_on", c->held_on,
        "participants", participants, "question_type", c->question_type, "outcome", c->outcome,
        "next_meeting", c->next_meeting[0] ? c->next_meeting : NULL, "anonymous", c->anonymous,
        "created_by", svc_user_ref(tx, c->created_by), "created_at", c->created_at);
    if (j)
        json_object_update(j, content);
    json_decref(content);
    return j;
}
