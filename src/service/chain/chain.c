/* The clocks as the chain shows them (service/clocks.c runs them), notifications,
 * their tasks and reports, and the helpers the chain's use cases share. */
#include "service/chain/chain.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "domain/clocks.h"
#include "security/audit.h"
#include "security/token.h"
#include "service/clocks.h"
#include "service/notify.h"
#include "store/cases.h"
#include "store/chain.h"

#define CLOCKS_MAX 200
#define NOTIFICATIONS_MAX 100

static json_t *lang(const char *nl, const char *en)
{
    return json_pack("{s:s, s:s}", "nl", nl, "en", en);
}

int chain_rules_json(store_tx *tx, const char *kind, json_t **out)
{
    char *content = NULL;
    int64_t version = 0;
    int rc = store_ruleset_get(tx, kind, 0, &content, &version);
    if (rc != SG_OK)
        return rc;
    json_error_t err;
    *out = json_loads(content, JSON_REJECT_DUPLICATES, &err);
    sg_free(content);
    if (!*out)
        return SG_EDB;
    json_object_set_new(*out, "published_version", json_integer(version));
    return SG_OK;
}

/* The child's age on a date, for the rules that depend on it. */
int chain_age_on(const app *a, const person_row *p, const char *on, int *age)
{
    char *birth = NULL;
    date born, day;
    int rc = vault_open_field(a->keys, "persons.birth_date", p->public_id, p->birth_date_enc,
                              p->birth_date_enc_len, &birth);
    if (rc != SG_OK)
        return rc;
    rc = date_parse(birth, &born) == SG_OK && date_parse(on, &day) == SG_OK ? SG_OK : SG_EINVAL;
    if (rc == SG_OK)
        *age = date_age_on(&born, &day);
    sg_free(birth);
    return rc;
}

/* ---- rendering -------------------------------------------------------- */

/* Whether viewer_org may see which child a clock is about: not the
 * receiver of a referral that was declined or revoked. */
static bool names_child(store_tx *tx, const clock_row *c, int64_t viewer_org)
{
    if (strcmp(c->subject_type, "referral") != 0)
        return true;
    referral_row r;
    if (store_referral_find_public(tx, c->subject_id, &r) != SG_OK)
        return false;
    bool withdrawn = strcmp(r.status, "revoked") == 0 || strcmp(r.status, "declined") == 0;
    bool sender = r.from_org_id == viewer_org;
    store_referral_clear(&r);
    return sender || !withdrawn;
}

/* A clock as viewer_org sees it. */
static json_t *clock_json(store_tx *tx, const clock_rules *rules, const clock_row *c,
                          const char *today, int64_t viewer_org)
{
    const clock_rule *r = rules ? clock_rules_find(rules, c->rule_id) : NULL;
    char person[STORE_ID_LEN] = "";
    if (c->person_id && names_child(tx, c, viewer_org)
        && store_person_public_id(tx, c->person_id, person) != SG_OK)
        person[0] = '\0';
    org_row o;
    bool running = c->stopped_at[0] == '\0';
    json_t *j =
        json_pack("{s:s, s:{s:s, s:o}, s:s, s:s, s:s*, s:s, s:s, s:b, s:b, s:b, s:s*, s:s*}", "id",
                  c->public_id, "rule", "id", c->rule_id, "text",
                  r ? lang(r->text_nl, r->text_en) : json_null(), "subject_type", c->subject_type,
                  "subject_id", c->subject_id, "person_id", person[0] ? person : NULL, "started_at",
                  c->started_at, "due_on", c->due_on, "running", running, "overdue",
                  running && strcmp(c->due_on, today) < 0, "missed",
                  c->missed || (running && strcmp(c->due_on, today) < 0), "stopped_at",
                  running ? NULL : c->stopped_at, "escalated_at",
                  c->escalated_at[0] ? c->escalated_at : NULL);
    if (j && store_org_get(tx, c->org_id, &o) == SG_OK)
        json_object_set_new(
            j, "responsible",
            json_pack("{s:s, s:s, s:s}", "id", o.public_id, "name", o.name, "type", o.type));
    return j;
}

int chain_subject_clocks(store_tx *tx, int64_t viewer_org, const char *subject_type,
                         const char *subject_id, json_t **out)
{
    clock_rules rules;
    bool have_rules = clocks_rules_load(tx, &rules) == SG_OK;
    clock_row rows[64];
    int n = 0;
    char today[DATE_LEN];
    date d;
    date_today(&d);
    date_format(&d, today);
    clock_filter f = {.subject_type = subject_type, .subject_id = subject_id, .limit = 64};
    int rc = store_clock_list(tx, &f, rows, &n);
    json_t *list = json_array();
    for (int i = 0; rc == SG_OK && i < n; i++)
        if (json_array_append_new(
                list, clock_json(tx, have_rules ? &rules : NULL, &rows[i], today, viewer_org))
            != 0)
            rc = SG_ENOMEM;
    if (have_rules)
        clock_rules_free(&rules);
    if (rc != SG_OK) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return SG_OK;
}

/* Content-free texts of notifications: who (an organisation) and what kind. */
static const struct {
    const char *kind;
    const char *nl;
    const char *en;
} notice_texts[] = {
    {"referral.sent", "Nieuwe verwijzing van {org}", "New referral from {org}"},
    {"referral.acknowledged", "{org} heeft uw verwijzing ontvangen",
     "{org} acknowledged your referral"},
    {"referral.accepted", "{org} heeft uw verwijzing aanvaard", "{org} accepted your referral"},
    {"referral.declined", "{org} heeft uw verwijzing afgewezen", "{org} declined your referral"},
    {"referral.completed", "{org} heeft uw verwijzing afgerond", "{org} completed your referral"},
    {"referral.revoked", "{org} heeft een verwijzing ingetrokken", "{org} revoked a referral"},
    {"referral.override", "Verwijzing zonder vastgelegde grondslag (doorbraak) door {org}",
     "Referral without a recorded legal basis (override) by {org}"},
    {"screening.handover", "Screening van een aangehouden minderjarige van {org}",
     "Screening of an arrested minor from {org}"},
    {"decision.recorded", "Beslissing van {org} over een screening",
     "Decision of {org} on a screening"},
    {"clock.missed", "Een termijn is verstreken", "A deadline has passed"},
    {"signal.consult-today",
     "Overleg vandaag: een mentor legde een signaal vast met een sterk teken",
     "Consult today: a mentor recorded a signal with a strong sign"},
    {"expert-request.received", "Nieuwe aanvraag bij de expertgroep van {org}",
     "New request to the expert group from {org}"},
    {"expert-request.accepted", "{org} heeft uw aanvraag aangenomen",
     "{org} accepted your request"},
    {"expert-request.declined", "{org} heeft uw aanvraag afgewezen", "{org} declined your request"},
    {"expert-request.done", "{org} heeft uw aanvraag afgerond", "{org} completed your request"},
};

static json_t *notice_text(const char *kind, const char *org)
{
    for (size_t i = 0; i < sizeof notice_texts / sizeof notice_texts[0]; i++) {
        if (strcmp(kind, notice_texts[i].kind) != 0)
            continue;
        char nl[1200], en[1200];
        const char *at_nl = strstr(notice_texts[i].nl, "{org}");
        const char *at_en = strstr(notice_texts[i].en, "{org}");
        if (at_nl)
            snprintf(nl, sizeof nl, "%.*s%s%s", (int)(at_nl - notice_texts[i].nl),
                     notice_texts[i].nl, org, at_nl + 5);
        else
            snprintf(nl, sizeof nl, "%s", notice_texts[i].nl);
        if (at_en)
            snprintf(en, sizeof en, "%.*s%s%s", (int)(at_en - notice_texts[i].en),
                     notice_texts[i].en, org, at_en + 5);
        else
            snprintf(en, sizeof en, "%s", notice_texts[i].en);
        return lang(nl, en);
    }
    return lang(kind, kind);
}

static json_t *notification_json(store_tx *tx, const notification_row *n)
{
    org_row from;
    const char *org = store_org_get(tx, n->from_org_id, &from) == SG_OK ? from.name : "";
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s}", "id", n->public_id, "kind", n->kind,
                     "record_type", n->record_type, "record_id", n->record_id, "title",
                     notice_text(n->kind, org), "from", org, "created_at", n->created_at);
}

/* ---- tasks and escalation --------------------------------------------- */

/* A notice about a signal of the reader's own organisation (consult today)
 * names the child it is about, as the reader's other tasks do: its
 * person_id, for the page to show the name the reader may read. */
static int signal_notice_person(store_tx *tx, const actor *who, const notification_row *n,
                                json_t *task)
{
    if (strcmp(n->record_type, "signal") != 0)
        return SG_OK;
    signal_row s;
    int rc = store_signal_find_public(tx, n->record_id, &s);
    if (rc == SG_ENOTFOUND)
        return SG_OK;
    char person[STORE_ID_LEN];
    if (rc == SG_OK && s.org_id == who->org_id
        && store_person_public_id(tx, s.person_id, person) == SG_OK)
        json_object_set_new(task, "person_id", json_string(person));
    if (rc == SG_OK)
        store_signal_clear(&s);
    return rc;
}

static int escalate_clock(store_tx *tx, const clock_row *c)
{
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    int rc = store_clock_set_escalated(tx, c->id, now);
    if (rc == SG_OK)
        rc = notify_role(tx, c->org_id, NULL, "clock.missed", c->subject_type, c->subject_id,
                         c->org_id);
    return rc;
}

/* Clocks show among the tasks from this many days before they are due. */
#define TASK_HORIZON_DAYS 7

int chain_add_tasks(store_tx *tx, app *a, const actor *who, json_t *items)
{
    (void)a;
    /* The chain's work is done by those who refer and receive; a privacy
     * officer gets the notices meant for that role. */
    bool worker = access_may_refer(who), privacy = who->role == ROLE_PRIVACY_OFFICER;
    if (who->system || (!worker && !privacy))
        return SG_OK;
    clock_rules rules;
    bool have_rules = clocks_rules_load(tx, &rules) == SG_OK;
    clock_row *rows = sg_calloc(CLOCKS_MAX, sizeof *rows);
    notification_row *notes = sg_calloc(NOTIFICATIONS_MAX, sizeof *notes);
    int n = 0, nn = 0;
    char today[DATE_LEN], horizon[DATE_LEN];
    date d;
    date_today(&d);
    date_format(&d, today);
    date_from_days(date_to_days(&d) + TASK_HORIZON_DAYS + 1, &d);
    date_format(&d, horizon);
    int rc = rows && notes ? SG_OK : SG_ENOMEM;
    clock_filter f = {
        .org_id = who->org_id, .running_only = true, .due_before = horizon, .limit = CLOCKS_MAX};
    if (rc == SG_OK && worker)
        rc = store_clock_list(tx, &f, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        bool overdue = strcmp(rows[i].due_on, today) < 0;
        if (overdue && !rows[i].escalated_at[0])
            rc = escalate_clock(tx, &rows[i]);
        json_t *c = clock_json(tx, have_rules ? &rules : NULL, &rows[i], today, who->org_id);
        if (rc == SG_OK && c) {
            json_object_set_new(c, "type", json_string("clock"));
            json_object_set(c, "title", json_object_get(json_object_get(c, "rule"), "text"));
            json_array_append_new(items, c);
        } else {
            json_decref(c);
        }
    }
    if (rc == SG_OK)
        rc = store_notification_list(tx, who->org_id, role_code(who->role), who->user_id, 0, notes,
                                     NOTIFICATIONS_MAX, &nn);
    for (int i = 0; rc == SG_OK && i < nn; i++) {
        /* A privacy officer sees only what is addressed to that role. */
        if (privacy && strcmp(notes[i].role, "privacy-officer") != 0)
            continue;
        json_t *j = notification_json(tx, &notes[i]);
        if (j) {
            json_object_set_new(j, "type", json_string("notification"));
            json_object_set_new(j, "overdue", json_false());
            rc = signal_notice_person(tx, who, &notes[i], j);
            json_array_append_new(items, j);
        }
    }
    if (have_rules)
        clock_rules_free(&rules);
    sg_free(rows);
    sg_free(notes);
    return rc;
}

/* ---- the API's own views ---------------------------------------------- */

typedef struct list_ctx {
    app *a;
    const actor *who;
    bool all;
    const char *id;
    json_t *items;
    int escalated;
} list_ctx;

static int clocks_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    clock_rules rules;
    bool have_rules = clocks_rules_load(tx, &rules) == SG_OK;
    clock_row *rows = sg_calloc(CLOCKS_MAX, sizeof *rows);
    int n = 0;
    char today[DATE_LEN];
    date d;
    date_today(&d);
    date_format(&d, today);
    clock_filter f = {.org_id = lc->who->org_id, .running_only = !lc->all, .limit = CLOCKS_MAX};
    int rc = rows ? store_clock_list(tx, &f, rows, &n) : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++)
        if (json_array_append_new(lc->items, clock_json(tx, have_rules ? &rules : NULL, &rows[i],
                                                        today, lc->who->org_id))
            != 0)
            rc = SG_ENOMEM;
    if (have_rules)
        clock_rules_free(&rules);
    sg_free(rows);
    return rc;
}

int chain_clocks_list(app *a, const actor *who, bool all, json_t **out)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    list_ctx lc = {.a = a, .who = who, .all = all, .items = json_array()};
    int rc = lc.items ? store_read(a->db, clocks_job, &lc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", lc.items);
    return *out ? SG_OK : SG_ENOMEM;
}

static int notifications_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    notification_row *rows = sg_calloc(NOTIFICATIONS_MAX, sizeof *rows);
    int n = 0;
    int rc = rows ? store_notification_list(tx, lc->who->org_id, role_code(lc->who->role),
                                            lc->who->user_id, 0, rows, NOTIFICATIONS_MAX, &n)
                  : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++)
        if (json_array_append_new(lc->items, notification_json(tx, &rows[i])) != 0)
            rc = SG_ENOMEM;
    sg_free(rows);
    return rc;
}

int chain_notifications(app *a, const actor *who, json_t **out)
{
    if (who->system)
        return SG_EFORBIDDEN;
    list_ctx lc = {.a = a, .who = who, .items = json_array()};
    int rc = lc.items ? store_read(a->db, notifications_job, &lc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", lc.items);
    return *out ? SG_OK : SG_ENOMEM;
}

static int read_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    notification_row row;
    int rc =
        token_is_uuid(lc->id) ? store_notification_find_public(tx, lc->id, &row) : SG_ENOTFOUND;
    if (rc != SG_OK)
        return rc;
    /* Only its addressee marks it read: the person, or someone of the role. */
    bool mine = row.org_id == lc->who->org_id
                && (row.user_id ? row.user_id == lc->who->user_id
                                : strcmp(row.role, role_code(lc->who->role)) == 0);
    if (!mine)
        return SG_ENOTFOUND;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    return store_notification_mark_read(tx, row.id, now);
}

int chain_notification_read(app *a, const actor *who, const char *id)
{
    list_ctx lc = {.a = a, .who = who, .id = id};
    return store_write(a->db, read_job, &lc);
}

typedef struct report_ctx {
    json_t *items;
} report_ctx;

static int report_job(store_tx *tx, void *arg)
{
    report_ctx *rc_ = arg;
    clock_count rows[64];
    int n = 0;
    char today[DATE_LEN];
    date d;
    date_today(&d);
    date_format(&d, today);
    clock_rules rules;
    bool have_rules = clocks_rules_load(tx, &rules) == SG_OK;
    int rc = store_clock_counts(tx, today, rows, 64, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const clock_rule *r = have_rules ? clock_rules_find(&rules, rows[i].rule_id) : NULL;
        json_array_append_new(
            rc_->items,
            json_pack("{s:s, s:o, s:I, s:I, s:I, s:I, s:I}", "rule", rows[i].rule_id, "text",
                      r ? lang(r->text_nl, r->text_en) : json_null(), "started",
                      (json_int_t)rows[i].started, "met", (json_int_t)rows[i].met, "missed",
                      (json_int_t)rows[i].missed, "running", (json_int_t)rows[i].running, "overdue",
                      (json_int_t)rows[i].overdue));
    }
    if (have_rules)
        clock_rules_free(&rules);
    return rc;
}

int chain_clock_report(app *a, const actor *who, json_t **out)
{
    if (!access_may_administer(who) && who->role != ROLE_ANALYST)
        return SG_EFORBIDDEN;
    report_ctx rc_ = {.items = json_array()};
    int rc = rc_.items ? store_read(a->db, report_job, &rc_) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(rc_.items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", rc_.items);
    return *out ? SG_OK : SG_ENOMEM;
}

static int escalate_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    clock_row *rows = sg_calloc(CLOCKS_MAX, sizeof *rows);
    int n = 0;
    char today[DATE_LEN];
    date d;
    date_today(&d);
    date_format(&d, today);
    clock_filter f = {
        .due_before = today, .running_only = true, .not_escalated = true, .limit = CLOCKS_MAX};
    int rc = rows ? store_clock_list(tx, &f, rows, &n) : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        rc = escalate_clock(tx, &rows[i]);
        lc->escalated++;
    }
    sg_free(rows);
    return rc;
}

int chain_escalate(app *a, int *escalated)
{
    list_ctx lc = {.a = a};
    int rc = store_write(a->db, escalate_job, &lc);
    *escalated = lc.escalated;
    return rc;
}
