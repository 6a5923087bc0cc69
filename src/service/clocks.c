/* The clock engine: published clock rules applied to what happened (see clocks.h). */
#include "service/clocks.h"

#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "store/cases.h"
#include "store/chain.h"

int clocks_rules_load(store_tx *tx, clock_rules *rules)
{
    char *content = NULL, why[200];
    int64_t version = 0;
    int rc = store_ruleset_get(tx, "clocks", 0, &content, &version);
    if (rc != SG_OK)
        return rc;
    rc = clock_rules_parse(content, strlen(content), rules, why, sizeof why);
    sg_free(content);
    return rc == SG_EINVAL ? SG_EDB : rc;
}

static int start_clock(store_tx *tx, const clock_rules *rules, const clock_rule *r,
                       const clocks_event *ev, int64_t org)
{
    date today, due;
    date_today(&today);
    clock_event cev = {.name = ev->name,
                       .to_type = ev->to_type,
                       .purpose = ev->purpose,
                       .signs = ev->signs,
                       .due_on = ev->due_on};
    if (clock_due_date(rules, r, &today, &cev, &due) != SG_OK)
        return SG_OK; /* no due date to run to: the rule does not apply */
    clock_row row;
    memset(&row, 0, sizeof row);
    token_uuid(row.public_id);
    text_copy(row.rule_id, sizeof row.rule_id, r->id);
    row.rules_version = rules->version;
    text_copy(row.subject_type, sizeof row.subject_type, ev->subject_type);
    text_copy(row.subject_id, sizeof row.subject_id, ev->subject_id);
    row.person_id = ev->person_id;
    row.org_id = org;
    clock_format_iso(clock_now_ms(), row.started_at);
    date_format(&due, row.due_on);
    return store_clock_insert(tx, &row);
}

int clocks_event_record(store_tx *tx, const clocks_event *ev)
{
    clock_rules rules;
    int rc = clocks_rules_load(tx, &rules);
    if (rc == SG_ENOTFOUND)
        return SG_OK; /* no clock rules published: nothing runs */
    if (rc != SG_OK)
        return rc;
    clock_row running[32];
    int n = 0;
    char now[CLOCK_ISO_LEN], today[DATE_LEN];
    clock_format_iso(clock_now_ms(), now);
    memcpy(today, now, 10);
    today[10] = '\0';
    rc = store_clock_running(tx, ev->subject_type, ev->subject_id, running, 32, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const clock_rule *r = clock_rules_find(&rules, running[i].rule_id);
        if (!r)
            continue;
        bool stops = clock_rule_stops(r, ev->name), restarts = clock_rule_restarts(r, ev->name);
        if (!stops && !restarts)
            continue;
        rc = store_clock_stop(tx, running[i].id, now, ev->name,
                              strcmp(today, running[i].due_on) > 0);
        if (rc == SG_OK && restarts && !stops) {
            clocks_event again = *ev;
            again.sender_org = running[i].org_id;
            again.receiver_org = running[i].org_id;
            rc = start_clock(tx, &rules, r, &again, running[i].org_id);
        }
    }
    clock_event cev = {.name = ev->name,
                       .to_type = ev->to_type,
                       .purpose = ev->purpose,
                       .signs = ev->signs,
                       .due_on = ev->due_on};
    for (int k = 0; rc == SG_OK && k < rules.count; k++) {
        const clock_rule *r = &rules.rules[k];
        if (!clock_rule_starts(r, &cev))
            continue;
        int64_t org = r->receiver_responsible ? ev->receiver_org : ev->sender_org;
        if (org)
            rc = start_clock(tx, &rules, r, ev, org);
    }
    clock_rules_free(&rules);
    return rc;
}
