/* Use cases: my tasks and deadlines; a child's chronology (tasks.h). */
#include "service/chain/tasks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "domain/meldcode.h"
#include "security/audit.h"
#include "security/token.h"
#include "service/chain/chain.h"
#include "service/refindex/concerns.h"
#include "service/school/case_view.h"
#include "store/chain.h"
#include "service/network/network.h"

#define TASKS_MAX 200
#define TIMELINE_SIGNALS 500
#define TIMELINE_CASES 20

static json_t *lang(const char *nl, const char *en)
{
    return json_pack("{s:s, s:s}", "nl", nl, "en", en);
}

typedef struct tasks_ctx {
    app *a;
    const actor *who;
    json_t *items;
    char today[DATE_LEN];
} tasks_ctx;

static int add_actions(store_tx *tx, tasks_ctx *tc)
{
    action_row *rows = sg_calloc(TASKS_MAX, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_action_list(tx, 0, tc->who->user_id, rows, TASKS_MAX, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        case_row c;
        char person[STORE_ID_LEN], *description = NULL;
        rc = store_case_get(tx, rows[i].case_id, &c);
        if (rc == SG_OK)
            rc = store_person_public_id(tx, c.person_id, person);
        if (rc == SG_OK)
            rc = vault_open_field(tc->a->keys, "case_actions.description", rows[i].public_id,
                                  rows[i].description_enc, rows[i].description_enc_len,
                                  &description);
        if (rc == SG_OK)
            json_array_append_new(
                tc->items, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "type", "action", "id",
                                     rows[i].public_id, "case_id", c.public_id, "person_id", person,
                                     "title", description, "due_on", rows[i].due_on, "overdue",
                                     strcmp(rows[i].due_on, tc->today) < 0));
        sg_free(description);
    }
    for (int i = 0; i < n; i++)
        store_action_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

static int add_cases(store_tx *tx, tasks_ctx *tc)
{
    case_row *rows = sg_calloc(TASKS_MAX, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    /* Steps due on the cases I own. */
    case_filter mine = {.org_id = tc->who->org_id,
                        .owner_id = tc->who->user_id,
                        .status = "open",
                        .limit = TASKS_MAX};
    int rc = store_case_list(tx, &mine, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        char person[STORE_ID_LEN];
        int step = rows[i].next_step;
        if (step > MELDCODE_STEPS || !rows[i].next_step_due[0])
            continue;
        rc = store_person_public_id(tx, rows[i].person_id, person);
        if (rc == SG_OK)
            json_array_append_new(
                tc->items,
                json_pack("{s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:b}", "type", "meldcode-step", "id",
                          rows[i].public_id, "case_id", rows[i].public_id, "person_id", person,
                          "step", step, "title",
                          lang(meldcode_step_name(step, true), meldcode_step_name(step, false)),
                          "due_on", rows[i].next_step_due, "overdue",
                          strcmp(rows[i].next_step_due, tc->today) < 0));
    }
    /* Cases of my school that have stood still too long. */
    char cutoff[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms() - (int64_t)tc->a->cfg.stale_days * 86400 * 1000, cutoff);
    case_filter stale = {
        .org_id = tc->who->org_id, .status = "open", .progress_before = cutoff, .limit = TASKS_MAX};
    if (rc == SG_OK)
        rc = store_case_list(tx, &stale, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        char person[STORE_ID_LEN];
        int64_t last = 0;
        rc = store_person_public_id(tx, rows[i].person_id, person);
        if (rc == SG_OK && clock_parse_iso(rows[i].last_progress_at, &last) != SG_OK)
            rc = SG_EDB;
        if (rc == SG_OK)
            json_array_append_new(
                tc->items,
                json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:I}", "type", "stale-case", "id",
                          rows[i].public_id, "case_id", rows[i].public_id, "person_id", person,
                          "title", lang("Geen voortgang in deze casus", "No progress on this case"),
                          "due_on", rows[i].last_progress_at, "overdue", true,
                          "days_without_progress",
                          (json_int_t)((clock_now_ms() - last) / (86400 * 1000LL))));
    }
    sg_free(rows);
    return rc;
}

static int tasks_job(store_tx *tx, void *arg)
{
    tasks_ctx *tc = arg;
    int rc = add_actions(tx, tc);
    if (rc == SG_OK && access_may_work_cases(tc->who))
        rc = add_cases(tx, tc);
    if (rc == SG_OK)
        rc = chain_add_tasks(tx, tc->a, tc->who, tc->items);
    if (rc == SG_OK)
        rc = concern_add_tasks(tx, tc->a, tc->who, tc->items);
    if (rc == SG_OK)
        rc = network_add_tasks(tx, tc->a, tc->who, tc->items);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = tc->who,
                      .action = "tasks.read",
                      .record_type = "tasks",
                      .purpose = "see my tasks and deadlines"};
    return audit_append(tx, tc->a->keys, &ev);
}

static int by_due(const void *x, const void *y)
{
    json_t *const *a = x, *const *b = y;
    int oa = json_is_true(json_object_get(*a, "overdue")),
        ob = json_is_true(json_object_get(*b, "overdue"));
    if (oa != ob)
        return ob - oa;
    /* Undated notices follow what has a deadline, oldest first. */
    const char *da = json_string_value(json_object_get(*a, "due_on")),
               *db = json_string_value(json_object_get(*b, "due_on"));
    if (!da || !db) {
        if (da || db)
            return da ? -1 : 1;
        da = json_string_value(json_object_get(*a, "created_at"));
        db = json_string_value(json_object_get(*b, "created_at"));
    }
    return strcmp(da ? da : "", db ? db : "");
}

/* Sorts a JSON array in place with cmp. */
static void sort_array(json_t *arr, int (*cmp)(const void *, const void *))
{
    size_t n = json_array_size(arr);
    json_t **items = sg_calloc(n ? n : 1, sizeof *items);
    if (!items)
        return;
    for (size_t i = 0; i < n; i++)
        items[i] = json_incref(json_array_get(arr, i));
    qsort(items, n, sizeof *items, cmp);
    json_array_clear(arr);
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, items[i]);
    sg_free(items);
}

int tasks_list(app *a, const actor *who, json_t **out)
{
    /* A privacy officer reads no records but gets the notices addressed to
     * that role (chain_add_tasks keeps to those). */
    if (!access_may_read_persons(who) && who->role != ROLE_PRIVACY_OFFICER
        && who->role != ROLE_ANALYST) {
        *out = json_pack("{s:[], s:i}", "items", "overdue", 0);
        return *out ? SG_OK : SG_ENOMEM;
    }
    tasks_ctx tc = {.a = a, .who = who, .items = json_array()};
    date_today_plus(0, tc.today);
    /* Not a read alone: reading the tasks escalates the clocks that ran out. */
    int rc = tc.items ? store_write_relaxed(a->db, tasks_job, &tc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(tc.items);
        return rc;
    }
    sort_array(tc.items, by_due);
    int overdue = 0;
    size_t i;
    json_t *t;
    json_array_foreach(tc.items, i, t) overdue += json_is_true(json_object_get(t, "overdue"));
    *out = json_pack("{s:o, s:i}", "items", tc.items, "overdue", overdue);
    return *out ? SG_OK : SG_ENOMEM;
}

/* ---- chronology ------------------------------------------------------- */

typedef struct timeline_ctx {
    app *a;
    const actor *who;
    const char *id;
    json_t *events;
} timeline_ctx;

static void event(timeline_ctx *tl, const char *at, const char *type, const char *id, json_t *by,
                  json_t *details)
{
    json_t *e = json_pack("{s:s, s:s, s:s, s:o}", "at", at, "type", type, "id", id, "by", by);
    if (e && details)
        json_object_update(e, details);
    json_decref(details);
    if (e)
        json_array_append_new(tl->events, e);
}

static int signal_events(store_tx *tx, timeline_ctx *tl, const person_row *p)
{
    signal_filter f = {.org_id = tl->who->org_id,
                       .observer_id = access_signal_observer_scope(tl->who),
                       .person_id = p->id,
                       .limit = TIMELINE_SIGNALS};
    signal_row *rows = sg_calloc(TIMELINE_SIGNALS, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_signal_list(tx, &f, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        char *observation = NULL;
        rc = vault_open_field(tl->a->keys, "signals.observation", rows[i].public_id,
                              rows[i].observation_enc, rows[i].observation_enc_len, &observation);
        if (rc != SG_OK)
            break;
        json_t *inds = json_array();
        for (int k = 0; k < rows[i].indicator_count; k++)
            json_array_append_new(inds, json_pack("{s:s, s:s}", "id", rows[i].indicators[k].code,
                                                  "kind", rows[i].indicators[k].kind));
        /* Outside the observing organisation the contact is the
         * organisation, never the person who observed. */
        bool own = rows[i].org_id == tl->who->org_id;
        event(tl, rows[i].observed_on, "signal", rows[i].public_id,
              own ? svc_user_ref(tx, rows[i].observer_id) : json_null(),
              json_pack("{s:s, s:s, s:o, s:s, s:o}", "setting", rows[i].setting, "observation",
                        observation, "indicators", inds, "recorded_at", rows[i].created_at,
                        "organisation", svc_org_ref(tx, rows[i].org_id)));
        sg_free(observation);
    }
    for (int i = 0; i < n; i++)
        store_signal_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

static int case_events(store_tx *tx, timeline_ctx *tl, const person_row *p)
{
    case_row cases[TIMELINE_CASES];
    int n = 0;
    case_filter f = {.org_id = tl->who->org_id, .person_id = p->id, .limit = TIMELINE_CASES};
    int rc = store_case_list(tx, &f, cases, &n);
    json_t *rendered = NULL;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const case_row *c = &cases[i];
        rc = case_render(tx, tl->a, tl->who, c, &rendered);
        if (rc != SG_OK)
            break;
        event(tl, c->opened_at, "case-opened", c->public_id, svc_user_ref(tx, c->opened_by),
              json_pack("{s:s}", "case_id", c->public_id));
        if (c->consent_on[0])
            event(tl, c->consent_on, "consent", c->public_id, svc_user_ref(tx, c->consent_by),
                  json_pack("{s:s, s:s, s:s}", "case_id", c->public_id, "status", c->consent_status,
                            "party", c->consent_party));
        size_t k;
        json_t *item;
        json_array_foreach(json_object_get(rendered, "consultations"), k, item) event(
            tl, json_string_value(json_object_get(item, "created_at")), "consultation",
            json_string_value(json_object_get(item, "id")),
            json_incref(json_object_get(item, "created_by")),
            json_pack("{s:s, s:O, s:O, s:O?}", "case_id", c->public_id, "held_on",
                      json_object_get(item, "held_on"), "outcome", json_object_get(item, "outcome"),
                      "question", json_object_get(item, "question")));
        json_array_foreach(json_object_get(json_object_get(rendered, "meldcode"), "steps"), k, item)
        {
            const char *decision = json_string_value(json_object_get(item, "decision"));
            event(tl, json_string_value(json_object_get(item, "recorded_at")),
                  decision ? "decision" : "meldcode-step",
                  json_string_value(json_object_get(item, "id")),
                  json_incref(json_object_get(item, "recorded_by")),
                  json_pack("{s:s, s:O, s:O, s:O?, s:O?, s:O?}", "case_id", c->public_id, "step",
                            json_object_get(item, "step"), "name", json_object_get(item, "name"),
                            "summary", json_object_get(item, "summary"), "advised",
                            json_object_get(item, "advised"), "decision",
                            json_object_get(item, "decision")));
        }
        if (c->closed_at[0])
            event(tl, c->closed_at, "case-closed", c->public_id, json_null(),
                  json_pack("{s:s}", "case_id", c->public_id));
        json_decref(rendered);
        rendered = NULL;
    }
    return rc;
}

/* The referrals the viewer's organisation sent or received about the
 * child: that they were made, between whom, and where they stand. */
static int referral_events(store_tx *tx, timeline_ctx *tl, const person_row *p)
{
    referral_row *rows = sg_calloc(TIMELINE_SIGNALS, sizeof *rows);
    if (!rows)
        return SG_ENOMEM;
    int rc = SG_OK;
    for (int sent = 1; rc == SG_OK && sent >= 0; sent--) {
        int n = 0;
        referral_filter f = {.to_org_id = sent ? 0 : tl->who->org_id,
                             .from_org_id = sent ? tl->who->org_id : 0,
                             .person_id = p->id,
                             .limit = TIMELINE_SIGNALS};
        rc = store_referral_list(tx, &f, rows, &n);
        for (int i = 0; rc == SG_OK && i < n; i++) {
            const referral_row *r = &rows[i];
            event(tl, r->created_at, sent ? "referral-sent" : "referral-received", r->public_id,
                  sent ? svc_user_ref(tx, r->from_user_id) : json_null(),
                  json_pack("{s:s, s:o, s:o, s:s, s:s, s:s}", "referral_id", r->public_id, "from",
                            svc_org_ref(tx, r->from_org_id), "to", svc_org_ref(tx, r->to_org_id),
                            "purpose", r->purpose, "legal_basis", r->legal_basis, "status",
                            r->status));
        }
        for (int i = 0; i < n; i++)
            store_referral_clear(&rows[i]);
    }
    sg_free(rows);
    return rc;
}

/* The viewer's signals that a receiver passed on to another organisation:
 * that, when and to whom; nothing of what the receiver added. */
static int disclosure_events(store_tx *tx, timeline_ctx *tl, const person_row *p)
{
    disclosure_row rows[TIMELINE_SIGNALS];
    int n = 0;
    int rc = store_disclosure_list(tx, tl->who->org_id, p->id, rows, TIMELINE_SIGNALS, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        signal_row s;
        rc = store_signal_get(tx, rows[i].signal_id, &s);
        if (rc != SG_OK)
            break;
        event(tl, rows[i].at, "signal-passed-on", s.public_id, json_null(),
              json_pack("{s:s, s:o, s:o}", "signal_id", s.public_id, "from",
                        svc_org_ref(tx, rows[i].from_org_id), "to",
                        svc_org_ref(tx, rows[i].to_org_id)));
        store_signal_clear(&s);
    }
    return rc;
}

static int by_time(const void *x, const void *y)
{
    json_t *const *a = x, *const *b = y;
    return strcmp(json_string_value(json_object_get(*a, "at")),
                  json_string_value(json_object_get(*b, "at")));
}

static int timeline_job(store_tx *tx, void *arg)
{
    timeline_ctx *tl = arg;
    person_row p;
    int rc = store_person_find_public(tx, tl->id, &p);
    if (rc != SG_OK)
        return rc;
    rc = access_check_person(tx, tl->who, &p);
    if (rc == SG_OK)
        rc = signal_events(tx, tl, &p);
    if (rc == SG_OK && access_may_work_cases(tl->who))
        rc = case_events(tx, tl, &p);
    if (rc == SG_OK && access_may_refer(tl->who))
        rc = referral_events(tx, tl, &p);
    if (rc == SG_OK && access_may_work_cases(tl->who))
        rc = disclosure_events(tx, tl, &p);
    if (rc == SG_OK) {
        audit_event ev = {.who = tl->who,
                          .action = "person.timeline",
                          .record_type = "person",
                          .record_id = p.public_id,
                          .person_id = p.public_id,
                          .purpose = "view a child's chronology"};
        rc = audit_append(tx, tl->a->keys, &ev);
    }
    store_person_clear(&p);
    return rc;
}

int person_timeline(app *a, const actor *who, const char *person_id, json_t **out)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    if (!token_is_uuid(person_id))
        return SG_ENOTFOUND;
    timeline_ctx tl = {.a = a, .who = who, .id = person_id, .events = json_array()};
    int rc = tl.events ? svc_read_audited(a, timeline_job, &tl) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(tl.events);
        return rc;
    }
    sort_array(tl.events, by_time);
    *out = json_pack("{s:s, s:o}", "person_id", person_id, "items", tl.events);
    return *out ? SG_OK : SG_ENOMEM;
}
