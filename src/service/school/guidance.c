/* Use cases: guidance on a signal pattern, and publishing the rules. */
#include "service/school/guidance.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "domain/guidance.h"
#include "security/audit.h"
#include "security/token.h"
#include "service/rulesets.h"
#include "store/cases.h"

#define MAX_SIGNALS 500
#define MAX_ITEMS 2000

static json_t *lang(const char *nl, const char *en)
{
    return json_pack("{s:s, s:s}", "nl", nl, "en", en);
}

/* One indicator on one signal, with what the catalogue says about it. */
typedef struct item_info {
    indicator_row ind;
    const char *kind;
    const char *signal_pid;
    const char *observed_on;
} item_info;

static int load_rules(store_tx *tx, guidance_rules *rules)
{
    char *content = NULL;
    int64_t version = 0;
    char why[200];
    int rc = store_ruleset_get(tx, "guidance", 0, &content, &version);
    if (rc != SG_OK)
        return rc == SG_ENOTFOUND ? SG_ESTATE : rc;
    rc = guidance_parse(content, strlen(content), rules, why, sizeof why);
    sg_free(content);
    return rc == SG_EINVAL ? SG_EDB : rc;
}

int guidance_assess_rows(store_tx *tx, const signal_row *rows, int n,
                         const char *const *signal_pids, json_t **out)
{
    guidance_rules rules;
    int rc = load_rules(tx, &rules);
    if (rc != SG_OK)
        return rc;
    item_info *info = sg_calloc(MAX_ITEMS, sizeof *info);
    guidance_item *items = sg_calloc(MAX_ITEMS, sizeof *items);
    bool *counts = sg_calloc(MAX_ITEMS, sizeof *counts);
    json_t *versions = json_array();
    int count = 0;
    rc = info && items && counts && versions ? SG_OK : SG_ENOMEM;
    for (int s = 0; rc == SG_OK && s < n; s++) {
        const signal_row *sig = &rows[s];
        bool seen = false;
        size_t k;
        json_t *v;
        json_array_foreach(versions, k, v) seen =
            seen || json_integer_value(v) == sig->catalogue_version;
        if (!seen)
            json_array_append_new(versions, json_integer(sig->catalogue_version));
        for (int i = 0; rc == SG_OK && i < sig->indicator_count && count < MAX_ITEMS; i++) {
            item_info *it = &info[count];
            rc = store_catalogue_get_indicator(tx, sig->catalogue_version, sig->indicators[i].code,
                                               &it->ind);
            if (rc != SG_OK)
                break;
            it->kind = sig->indicators[i].kind;
            it->signal_pid = signal_pids[s];
            it->observed_on = sig->observed_on;
            items[count].code = it->ind.code;
            items[count].category = it->ind.category;
            items[count].strength = it->ind.strength[0];
            count++;
        }
    }
    json_t *counted = json_array(), *not_counted = json_array();
    if (rc == SG_OK && (!counted || !not_counted))
        rc = SG_ENOMEM;
    if (rc == SG_OK) {
        guidance_result res;
        guidance_assess(&rules, items, count, counts, &res);
        for (int i = 0; i < count; i++) {
            item_info *it = &info[i];
            json_t *j =
                json_pack("{s:s, s:s, s:{s:s, s:s, s:s}, s:o, s:s, s:s, s:s}", "indicator",
                          it->ind.code, "strength", it->ind.strength, "category", "id",
                          it->ind.category, "nl", it->ind.category_nl, "en", it->ind.category_en,
                          "text", lang(it->ind.text_nl, it->ind.text_en), "kind", it->kind,
                          "signal_id", it->signal_pid, "observed_on", it->observed_on);
            if (items[i].strength == 'C') {
                json_object_set_new(j, "reason",
                                    lang("Kwetsbaarheid: voor hulpplanning, telt nooit mee.",
                                         "Vulnerability: for support planning, never counted."));
                json_array_append_new(not_counted, j);
            } else {
                json_object_set_new(j, "counted", json_boolean(counts[i]));
                json_array_append_new(counted, j);
            }
        }
        const guidance_rule *r = res.rule;
        json_t *rule = res.fired ? json_pack("{s:s, s:o, s:s, s:i, s:i}", "id", r->id, "why",
                                             lang(r->why_nl, r->why_en), "strengths", r->strengths,
                                             "min_indicators", r->min_indicators, "min_categories",
                                             r->min_categories)
                                 : json_null();
        json_t *disclaimer = json_object_get(rules.doc, "disclaimer");
        *out =
            json_pack("{s:{s:s, s:o}, s:o, s:o, s:o, s:O, s:i, s:i, s:i, s:O}", "advice", "code",
                      r->advice, "text", lang(r->text_nl, r->text_en), "rule", rule, "counted",
                      counted, "not_counted", not_counted, "catalogue_versions", versions,
                      "rules_version", rules.version, "window_days", rules.window_days,
                      "signals_considered", n, "disclaimer", disclaimer ? disclaimer : json_null());
        counted = not_counted = NULL;
        if (!*out)
            rc = SG_ENOMEM;
    }
    json_decref(counted);
    json_decref(not_counted);
    json_decref(versions);
    sg_free(info);
    sg_free(items);
    sg_free(counts);
    guidance_free(&rules);
    return rc;
}

/* ---- one signal's assessment ------------------------------------------ */

typedef struct assess_ctx {
    app *a;
    const actor *who;
    const char *id;
    signal_row *rows;
    char (*pids)[STORE_ID_LEN];
    json_t *result;
} assess_ctx;

/* The assessment of the signals who may see about target's child in the
 * rules' window ending on target's day: *result (new), the window's first
 * day in from and its length in *window.  rows and pids are work space of
 * MAX_SIGNALS each; the rows listed are cleared before returning. */
static int assess_window(store_tx *tx, const actor *who, const signal_row *target, signal_row *rows,
                         char (*pids)[STORE_ID_LEN], json_t **result, char from[DATE_LEN],
                         int *window)
{
    guidance_rules rules;
    int rc = load_rules(tx, &rules);
    if (rc != SG_OK)
        return rc;
    /* The window ends on the signal's day and reaches back window_days. */
    date end, start;
    if (date_parse(target->observed_on, &end) != SG_OK)
        rc = SG_EDB;
    date_from_days(date_to_days(&end) - rules.window_days, &start);
    date_format(&start, from);
    *window = rules.window_days;
    guidance_free(&rules);

    signal_filter f = {.org_id = who->org_id,
                       .observer_id = access_signal_observer_scope(who),
                       .person_id = target->person_id,
                       .after = 0,
                       .limit = MAX_SIGNALS};
    int n = 0, kept = 0;
    if (rc == SG_OK)
        rc = store_signal_list(tx, &f, rows, &n);
    const char **list = sg_calloc((size_t)(n ? n : 1), sizeof *list);
    if (rc == SG_OK && !list)
        rc = SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        /* Keep the signals of the window, in place. */
        if (strcmp(rows[i].observed_on, from) < 0
            || strcmp(rows[i].observed_on, target->observed_on) > 0)
            continue;
        if (kept != i) {
            signal_row tmp = rows[kept];
            rows[kept] = rows[i];
            rows[i] = tmp;
        }
        text_copy(pids[kept], STORE_ID_LEN, rows[kept].public_id);
        list[kept] = pids[kept];
        kept++;
    }
    if (rc == SG_OK)
        rc = guidance_assess_rows(tx, rows, kept, list, result);
    for (int i = 0; i < n; i++)
        store_signal_clear(&rows[i]);
    sg_free(list);
    return rc;
}

static int assess_job(store_tx *tx, void *arg)
{
    assess_ctx *ac = arg;
    signal_row target;
    int rc = store_signal_find_public(tx, ac->id, &target);
    if (rc != SG_OK)
        return rc;
    rc = access_check_signal(tx, ac->who, &target);
    char person[STORE_ID_LEN] = "";
    if (rc == SG_OK)
        rc = store_person_public_id(tx, target.person_id, person);
    char from[DATE_LEN] = "";
    int window = 0;
    if (rc == SG_OK)
        rc = assess_window(tx, ac->who, &target, ac->rows, ac->pids, &ac->result, from, &window);
    if (rc == SG_OK) {
        json_object_set_new(ac->result, "signal_id", json_string(target.public_id));
        json_object_set_new(ac->result, "person_id", json_string(person));
        json_object_set_new(
            ac->result, "window",
            json_pack("{s:s, s:s, s:i}", "from", from, "to", target.observed_on, "days", window));
        audit_event ev = {.who = ac->who,
                          .action = "signal.assess",
                          .record_type = "signal",
                          .record_id = target.public_id,
                          .person_id = person,
                          .purpose = "guidance on a signal pattern"};
        rc = audit_append(tx, ac->a->keys, &ev);
    }
    store_signal_clear(&target);
    return rc;
}

int guidance_advice_on(store_tx *tx, const actor *who, const signal_row *target, char *code,
                       size_t n)
{
    text_copy(code, n, "");
    signal_row *rows = sg_calloc(MAX_SIGNALS, sizeof *rows);
    char(*pids)[STORE_ID_LEN] = sg_calloc(MAX_SIGNALS, sizeof *pids);
    json_t *result = NULL;
    char from[DATE_LEN];
    int window = 0;
    int rc = rows && pids ? assess_window(tx, who, target, rows, pids, &result, from, &window)
                          : SG_ENOMEM;
    if (rc == SG_OK)
        text_copy(code, n,
                  json_string_value(json_object_get(json_object_get(result, "advice"), "code")));
    json_decref(result);
    sg_free(rows);
    sg_free(pids);
    return rc;
}

int guidance_assess_signal(app *a, const actor *who, const char *signal_id, json_t **out)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    if (!token_is_uuid(signal_id))
        return SG_ENOTFOUND;
    assess_ctx ac = {.a = a, .who = who, .id = signal_id};
    ac.rows = sg_calloc(MAX_SIGNALS, sizeof *ac.rows);
    ac.pids = sg_calloc(MAX_SIGNALS, sizeof *ac.pids);
    int rc = ac.rows && ac.pids ? svc_read_audited(a, assess_job, &ac) : SG_ENOMEM;
    if (rc != SG_OK)
        json_decref(ac.result);
    else
        *out = ac.result;
    sg_free(ac.rows);
    sg_free(ac.pids);
    return rc;
}

/* ---- the rules themselves --------------------------------------------- */

int guidance_publish(app *a, const actor *who, const char *text, size_t len, json_t **out,
                     svc_error *err)
{
    return ruleset_publish(a, who, "guidance", text, len, out, err);
}

int guidance_rules_get(app *a, const actor *who, int64_t version, json_t **out)
{
    return ruleset_get(a, who, "guidance", version, out);
}
