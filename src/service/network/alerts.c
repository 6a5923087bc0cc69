/* Use cases: network alert rules (versioned data, kind "network-alerts"),
 * their check against the network on the graph worker, and the alerts as
 * tasks for analysts.  An alert asks an analyst to look; it never does
 * anything to a person. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "analysis/netalerts.h"
#include "service/network/network_int.h"
#include "store/cases.h"

#define ALERT_PERSONS 20
#define ALERTS_MAX 100

int network_alert_rules_check(const char *text, size_t len, char *why, size_t n)
{
    return net_alert_rules_check(text, len, why, n);
}

/* ---- checking (graph worker) -------------------------------------------- */

typedef struct candidate {
    char rule[64];
    char subject[STORE_HASH_LEN];
    json_t *summary; /* owned */
} candidate;

typedef struct check {
    net_job_ctx *jc;
    json_t *rules;
    int64_t version;
    candidate *c;
    int nc, cap;
    int32_t today;
} check;

static int propose(check *ck, json_t *rule, const char *subject, json_t *summary)
{
    if (!summary)
        return SG_ENOMEM;
    if (ck->nc == ck->cap) {
        int cap = ck->cap ? ck->cap * 2 : 16;
        candidate *p = sg_realloc(ck->c, (size_t)cap * sizeof *p);
        if (!p) {
            json_decref(summary);
            return SG_ENOMEM;
        }
        ck->c = p;
        ck->cap = cap;
    }
    candidate *c = &ck->c[ck->nc++];
    text_copy(c->rule, sizeof c->rule, json_string_value(json_object_get(rule, "id")));
    text_copy(c->subject, sizeof c->subject, subject);
    json_object_set(summary, "title", json_object_get(rule, "title"));
    json_object_set(summary, "why", json_object_get(rule, "why"));
    c->summary = summary;
    return SG_OK;
}

/* Components with at least min minors whose first relation was seen
 * within the window: a network that did not exist before. */
static int new_components(check *ck, net_view *v, json_t *rule)
{
    const net_data *d = ck->jc->data;
    long min = (long)json_integer_value(json_object_get(rule, "min"));
    long days = json_integer_value(json_object_get(rule, "window_days"));
    int32_t since = ck->today - (int32_t)(days ? days : 90) + 1;
    net_components comps;
    int rc = net_components_find(v, &comps);
    if (rc != SG_OK)
        return rc;
    int32_t *minors = sg_calloc((size_t)comps.count + 1, sizeof *minors);
    int32_t *first = sg_malloc(((size_t)comps.count + 1) * sizeof *first);
    int32_t *oldest = sg_malloc(((size_t)comps.count + 1) * sizeof *oldest);
    rc = minors && first && oldest ? SG_OK : SG_ENOMEM;
    for (int32_t c = 0; rc == SG_OK && c < comps.count; c++) {
        first[c] = NET_DAY_NONE_MAX;
        oldest[c] = -1;
    }
    for (int32_t i = 0; rc == SG_OK && i < d->n; i++) {
        int32_t c = comps.membership[i];
        minors[c] += d->minor[i];
        if (oldest[c] < 0)
            oldest[c] = i; /* nodes are in the order they were made */
    }
    for (int64_t e = 0; rc == SG_OK && e < d->m; e++)
        if (net_view_keeps(v, e) && d->first[e] < first[comps.membership[d->from[e]]])
            first[comps.membership[d->from[e]]] = d->first[e];
    for (int32_t c = 0; rc == SG_OK && c < comps.count; c++) {
        if (minors[c] < min || comps.size[c] < 2 || first[c] < since)
            continue;
        json_t *persons = json_array();
        for (int32_t i = 0; persons && i < d->n && json_array_size(persons) < ALERT_PERSONS; i++)
            if (comps.membership[i] == c && d->person_id[i])
                json_array_append_new(persons, json_string(d->node_pid[i]));
        rc = propose(ck, rule, d->node_pid[oldest[c]],
                     json_pack("{s:i, s:i, s:o}", "size", comps.size[c], "minors", minors[c],
                               "persons", persons));
    }
    sg_free(minors);
    sg_free(first);
    sg_free(oldest);
    net_components_free(&comps);
    return rc;
}

/* Persons who recruited or directed at least min others, first seen
 * within the window. */
static int fast_recruiters(check *ck, net_view *v, json_t *rule)
{
    const net_data *d = ck->jc->data;
    long min = (long)json_integer_value(json_object_get(rule, "min"));
    long days = json_integer_value(json_object_get(rule, "window_days"));
    int32_t since = ck->today - (int32_t)(days ? days : 90) + 1;
    int32_t *count = sg_calloc((size_t)d->n + 1, sizeof *count);
    if (!count)
        return SG_ENOMEM;
    for (int64_t e = 0; e < d->m; e++)
        if (net_view_keeps(v, e) && net_rel_is_chain((net_rel)d->type[e]) && d->first[e] >= since)
            count[d->to[e]]++;
    int rc = SG_OK;
    for (int32_t i = 0; rc == SG_OK && i < d->n; i++)
        if (count[i] >= min)
            rc = propose(ck, rule, d->node_pid[i],
                         json_pack("{s:[s], s:i, s:i}", "persons", d->node_pid[i], "recruits",
                                   count[i], "window_days", (int)(days ? days : 90)));
    sg_free(count);
    return rc;
}

/* Minors who were recruited and recruited others (at least min). */
static int minor_victim_recruiters(check *ck, net_view *v, json_t *rule)
{
    const net_data *d = ck->jc->data;
    long min = (long)json_integer_value(json_object_get(rule, "min"));
    net_chains ch;
    int rc = net_chains_find(v, &ch);
    for (int32_t k = 0; rc == SG_OK && k < ch.nvr; k++) {
        int32_t u = ch.victim_recruiters[k];
        const int64_t *rels;
        int64_t n = net_view_relations_of(v, u, &rels), recruits = 0;
        for (int64_t j = 0; j < n; j++)
            recruits += net_rel_is_chain((net_rel)d->type[rels[j]]) && d->to[rels[j]] == u;
        if (!d->minor[u] || recruits < min)
            continue;
        rc = propose(ck, rule, d->node_pid[u],
                     json_pack("{s:[s], s:I, s:i}", "persons", d->node_pid[u], "recruits",
                               (json_int_t)recruits, "generation", ch.generation[u]));
    }
    net_chains_free(&ch);
    return rc;
}

static int rules_job(store_tx *tx, void *arg)
{
    check *ck = arg;
    char *content = NULL;
    int rc = store_ruleset_get(tx, "network-alerts", 0, &content, &ck->version);
    if (rc != SG_OK)
        return rc == SG_ENOTFOUND ? SG_ESTATE : rc;
    json_error_t jerr;
    json_t *doc = json_loads(content, JSON_REJECT_DUPLICATES, &jerr);
    sg_free(content);
    if (!doc)
        return SG_EDB;
    ck->rules = json_incref(json_object_get(doc, "rules"));
    json_decref(doc);
    return SG_OK;
}

typedef struct raise_ctx {
    check *ck;
    const actor *who;
    json_t *raised;
} raise_ctx;

static json_t *alert_json(const net_alert_row *r)
{
    json_error_t jerr;
    json_t *summary = json_loads(r->summary, 0, &jerr);
    json_t *title = json_incref(json_object_get(summary, "title"));
    return json_pack("{s:s, s:s, s:I, s:o, s:o, s:s, s:s, s:s?}", "id", r->public_id, "rule",
                     r->rule_id, "rules_version", (json_int_t)r->rules_version, "title",
                     title ? title : json_null(), "summary", summary ? summary : json_object(),
                     "status", r->status, "raised_at", r->raised_at, "handled_at",
                     r->handled_at[0] ? r->handled_at : NULL);
}

static int raise_job(store_tx *tx, void *arg)
{
    raise_ctx *rc_ = arg;
    check *ck = rc_->ck;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    for (int i = 0; i < ck->nc; i++) {
        net_alert_row r = {0};
        token_uuid(r.public_id);
        r.org_id = rc_->who->org_id;
        text_copy(r.rule_id, sizeof r.rule_id, ck->c[i].rule);
        r.rules_version = ck->version;
        text_copy(r.subject_key, sizeof r.subject_key, ck->c[i].subject);
        char *text = json_dumps(ck->c[i].summary, JSON_COMPACT | JSON_SORT_KEYS);
        if (!text)
            return SG_ENOMEM;
        bool fits = text_copy(r.summary, sizeof r.summary, text);
        free(text);
        if (!fits)
            text_copy(r.summary, sizeof r.summary, "{}");
        text_copy(r.status, sizeof r.status, "open");
        text_copy(r.raised_at, sizeof r.raised_at, now);
        bool created = false;
        int rc = store_net_alert_insert(tx, &r, &created);
        if (rc == SG_OK && created) {
            json_array_append_new(rc_->raised, alert_json(&r));
            rc = net_audit(tx, ck->jc->a, rc_->who, "network.alert", "network-alert", r.public_id,
                           0, "an alert rule raised a task for an analyst");
        }
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

/* Runs as the analysis kind "alerts" on the graph worker. */
int net_alerts_run(net_job_ctx *jc, net_view *v, json_t **out)
{
    date today;
    date_today(&today);
    check ck = {.jc = jc, .today = (int32_t)date_to_days(&today)};
    int rc = store_read(jc->a->db, rules_job, &ck);
    if (rc == SG_ESTATE)
        snprintf(jc->error, sizeof jc->error,
                 "no network alert rules are published (signaal rules publish --kind"
                 " network-alerts)");
    size_t i;
    json_t *rule;
    json_array_foreach(ck.rules, i, rule)
    {
        const char *kind = json_string_value(json_object_get(rule, "kind"));
        if (rc != SG_OK)
            break;
        if (strcmp(kind, "new-component-minors") == 0)
            rc = new_components(&ck, v, rule);
        else if (strcmp(kind, "recruits-in-window") == 0)
            rc = fast_recruiters(&ck, v, rule);
        else if (strcmp(kind, "minor-victim-recruiter") == 0)
            rc = minor_victim_recruiters(&ck, v, rule);
    }
    raise_ctx rx = {.ck = &ck, .who = jc->who, .raised = json_array()};
    if (rc == SG_OK)
        rc = rx.raised ? store_write(jc->a->db, raise_job, &rx) : SG_ENOMEM;
    if (rc == SG_OK) {
        *out = json_pack("{s:s, s:I, s:I, s:I, s:O, s:s}", "kind", "alerts", "rules_version",
                         (json_int_t)ck.version, "checked", (json_int_t)json_array_size(ck.rules),
                         "matched", (json_int_t)ck.nc, "raised", rx.raised, "note",
                         "each alert is a task for an analyst to look into; nothing is done to"
                         " a person");
        rc = *out ? SG_OK : SG_ENOMEM;
    }
    json_decref(rx.raised);
    for (int k = 0; k < ck.nc; k++)
        json_decref(ck.c[k].summary);
    sg_free(ck.c);
    json_decref(ck.rules);
    return rc;
}

int network_alerts_check(app *a, const actor *who, const char *purpose, json_t **out,
                         svc_error *err)
{
    if (!net_is_analyst(who))
        return SG_EFORBIDDEN;
    json_t *req = json_pack("{s:s, s:s?}", "kind", "alerts", "purpose", purpose);
    if (!req)
        return SG_ENOMEM;
    int rc = network_analysis_submit(a, who, req, out, err);
    json_decref(req);
    return rc;
}

/* ---- alerts as tasks ---------------------------------------------------- */

typedef struct list_ctx {
    const actor *who;
    const char *status;
    const char *id;
    json_t *items;
    json_t *one;
} list_ctx;

static int list_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    net_alert_row *rows = sg_calloc(ALERTS_MAX, sizeof *rows);
    int n = 0;
    int rc = rows ? store_net_alert_list(tx, lc->who->org_id, lc->status, 0, rows, ALERTS_MAX, &n)
                  : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++)
        json_array_append_new(lc->items, alert_json(&rows[i]));
    sg_free(rows);
    return rc;
}

int network_alerts_list(app *a, const actor *who, const char *status, json_t **out, svc_error *err)
{
    if (!net_is_analyst(who))
        return SG_EFORBIDDEN;
    static const char *const statuses[] = {"open", "acknowledged", "closed", NULL};
    bool known = !status;
    for (int i = 0; status && statuses[i]; i++)
        known = known || strcmp(status, statuses[i]) == 0;
    if (!known)
        return svc_invalid(err, "status", "open, acknowledged or closed");
    list_ctx lc = {.who = who, .status = status ? status : "open", .items = json_array()};
    int rc = lc.items ? store_read(a->db, list_job, &lc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", lc.items);
    return *out ? SG_OK : SG_ENOMEM;
}

typedef struct update_ctx {
    app *a;
    const actor *who;
    const char *id;
    const char *status;
    json_t *result;
} update_ctx;

static int update_job(store_tx *tx, void *arg)
{
    update_ctx *uc = arg;
    net_alert_row r;
    int rc = token_is_uuid(uc->id) ? store_net_alert_find_public(tx, uc->id, &r) : SG_ENOTFOUND;
    if (rc == SG_OK && r.org_id != uc->who->org_id)
        rc = SG_ENOTFOUND;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    if (rc == SG_OK)
        rc = store_net_alert_set_status(tx, r.id, uc->status, uc->who->user_id, now);
    if (rc == SG_OK)
        rc = net_audit(tx, uc->a, uc->who, "network.alert-handled", "network-alert", r.public_id, 0,
                       uc->status);
    if (rc == SG_OK) {
        text_copy(r.status, sizeof r.status, uc->status);
        text_copy(r.handled_at, sizeof r.handled_at, now);
        uc->result = alert_json(&r);
        rc = uc->result ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

int network_alert_update(app *a, const actor *who, const char *id, const char *status, json_t **out,
                         svc_error *err)
{
    if (!net_is_analyst(who))
        return SG_EFORBIDDEN;
    if (!status || (strcmp(status, "acknowledged") != 0 && strcmp(status, "closed") != 0))
        return svc_invalid(err, "status", "acknowledged or closed");
    update_ctx uc = {.a = a, .who = who, .id = id, .status = status};
    int rc = store_write(a->db, update_job, &uc);
    return svc_result(rc, uc.result, out);
}

int network_add_tasks(store_tx *tx, app *a, const actor *who, json_t *items)
{
    (void)a;
    if (!net_is_analyst(who))
        return SG_OK;
    net_alert_row *rows = sg_calloc(ALERTS_MAX, sizeof *rows);
    int n = 0;
    int rc =
        rows ? store_net_alert_list(tx, who->org_id, "open", 0, rows, ALERTS_MAX, &n) : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *j = alert_json(&rows[i]);
        if (!j)
            continue;
        json_object_set_new(j, "type", json_string("network-alert"));
        json_object_set_new(j, "overdue", json_false());
        json_object_set_new(j, "created_at", json_string(rows[i].raised_at));
        json_array_append_new(items, j);
    }
    sg_free(rows);
    return rc;
}
