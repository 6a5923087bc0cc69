/* Screenings and the OM's decisions as JSON: what the police's use cases
 * and a referral that shares one show (see chain_int.h). */
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "domain/screening.h"
#include "service/chain/chain.h"
#include "service/chain/chain_int.h"
#include "store/cases.h"

#define RELATED_MAX 20

static json_t *lang(const char *nl, const char *en)
{
    return json_pack("{s:s, s:s}", "nl", nl ? nl : "", "en", en ? en : "");
}

int screening_rules_load(store_tx *tx, screening_rules *rules)
{
    char *content = NULL, why[200];
    int64_t version = 0;
    int rc = store_ruleset_get(tx, "screening", 0, &content, &version);
    if (rc != SG_OK)
        return rc == SG_ENOTFOUND ? SG_ESTATE : rc;
    rc = screening_rules_parse(content, strlen(content), rules, why, sizeof why);
    sg_free(content);
    return rc == SG_EINVAL ? SG_EDB : rc;
}

json_t *comensha_json(store_tx *tx, app *a, const comensha_row *r)
{
    char *note = NULL;
    char screening[STORE_ID_LEN] = "", decision[STORE_ID_LEN] = "";
    if (r->note_enc
        && vault_open_field(a->keys, "comensha_reports.note", r->public_id, r->note_enc,
                            r->note_enc_len, &note)
               != SG_OK)
        return NULL;
    screening_row s;
    if (store_screening_get(tx, r->screening_id, &s) == SG_OK) {
        text_copy(screening, sizeof screening, s.public_id);
        store_screening_clear(&s);
    }
    decision_row d;
    if (r->decision_id && store_decision_get(tx, r->decision_id, &d) == SG_OK) {
        text_copy(decision, sizeof decision, d.public_id);
        store_decision_clear(&d);
    }
    json_t *j = json_pack("{s:s, s:s, s:s?, s:s, s:s, s:s?, s:o, s:o, s:s}", "id", r->public_id,
                          "screening_id", screening, "decision_id", *decision ? decision : NULL,
                          "reported_on", r->reported_on, "what", r->what, "note", note, "by",
                          svc_user_ref(tx, r->reported_by), "org", svc_org_ref(tx, r->org_id),
                          "created_at", r->created_at);
    sg_free(note);
    return j;
}

int prosecution_rules_load(store_tx *tx, prosecution_rules *rules)
{
    char *content = NULL, why[200];
    int64_t version = 0;
    int rc = store_ruleset_get(tx, "prosecution", 0, &content, &version);
    if (rc != SG_OK)
        return rc == SG_ENOTFOUND ? SG_ESTATE : rc;
    rc = prosecution_rules_parse(content, strlen(content), NULL, rules, why, sizeof why);
    sg_free(content);
    return rc == SG_EINVAL ? SG_EDB : rc;
}

json_t *decision_json(store_tx *tx, app *a, const decision_row *d, decision_view view)
{
    json_t *j = json_pack("{s:s, s:s, s:s}", "id", d->public_id, "decision", d->decision,
                          "decided_at", d->decided_at);
    if (!j || view == DECISION_FACT)
        return j;
    json_object_set_new(j, "possible_victim", json_boolean(d->possible_victim));
    json_object_set_new(j, "ground", d->ground[0] ? json_string(d->ground) : json_null());
    json_object_set_new(j, "financial_investigation", json_boolean(d->financial_investigation));
    json_object_set_new(j, "rules_version", json_integer(d->rules_version));
    char *reasoning = NULL, *victim_of = NULL;
    if (vault_open_field(a->keys, "prosecution_decisions.reasoning", d->public_id, d->reasoning_enc,
                         d->reasoning_enc_len, &reasoning)
            != SG_OK
        || (d->victim_of_enc
            && vault_open_field(a->keys, "prosecution_decisions.victim_of", d->public_id,
                                d->victim_of_enc, d->victim_of_enc_len, &victim_of)
                   != SG_OK)) {
        sg_free(reasoning);
        json_decref(j);
        return NULL;
    }
    screening_row s;
    if (store_screening_get(tx, d->screening_id, &s) == SG_OK) {
        json_object_set_new(j, "screening_id", json_string(s.public_id));
        store_screening_clear(&s);
    }
    json_object_set_new(j, "reasoning", json_string(reasoning));
    json_object_set_new(j, "victim_of", victim_of ? json_string(victim_of) : json_null());
    json_object_set_new(j, "due_on", d->due_on[0] ? json_string(d->due_on) : json_null());
    json_object_set_new(j, "expert_group", json_boolean(d->expert_group));
    json_object_set_new(j, "prosecutor", svc_user_ref(tx, d->prosecutor_id));
    json_object_set_new(j, "om", svc_org_ref(tx, d->om_org_id));
    sg_free(reasoning);
    sg_free(victim_of);
    return j;
}

static json_t *answers_json(const screening_rules *rules, const char *answers, json_t *notes)
{
    json_t *list = json_array();
    char buf[256];
    text_copy(buf, sizeof buf, answers);
    char *p = buf;
    for (int i = 0; rules && i < rules->nquestions; i++) {
        char *comma = p ? strchr(p, ',') : NULL;
        if (comma)
            *comma = '\0';
        json_t *q = json_array_get(json_object_get(rules->doc, "questions"), (size_t)i);
        const char *note = json_string_value(json_object_get(notes, rules->questions[i]));
        json_array_append_new(list, json_pack("{s:s, s:o, s:s?, s:s?}", "question",
                                              rules->questions[i], "text",
                                              lang(json_string_value(json_object_get(q, "nl")),
                                                   json_string_value(json_object_get(q, "en"))),
                                              "answer", p && *p ? p : NULL, "note", note));
        p = comma ? comma + 1 : NULL;
    }
    return list;
}

static json_t *rule_why(const screening_rules *rules, const char *rule_id)
{
    json_t *list = json_object_get(rules->doc, "rules");
    size_t i;
    json_t *r;
    json_array_foreach(list, i, r)
    {
        const char *id = json_string_value(json_object_get(r, "id"));
        if (id && strcmp(id, rule_id) == 0)
            return json_incref(json_object_get(r, "why"));
    }
    return json_incref(json_object_get(json_object_get(rules->doc, "otherwise"), "why"));
}

/* Adds the screening's diversions and decisions to j. */
static int add_related(store_tx *tx, app *a, const screening_row *s, json_t *j)
{
    diversion_row div[RELATED_MAX];
    decision_row dec[RELATED_MAX];
    int nd = 0, nk = 0;
    int rc = store_diversion_list(tx, s->id, div, RELATED_MAX, &nd);
    if (rc == SG_OK)
        rc = store_decision_list(tx, s->id, dec, RELATED_MAX, &nk);
    json_t *divs = json_array(), *decs = json_array();
    for (int i = 0; rc == SG_OK && i < nd; i++)
        json_array_append_new(divs, json_pack("{s:s, s:s, s:o, s:s}", "id", div[i].public_id,
                                              "kind", div[i].kind, "recorded_by",
                                              svc_user_ref(tx, div[i].recorded_by), "recorded_at",
                                              div[i].recorded_at));
    for (int i = 0; rc == SG_OK && i < nk; i++) {
        json_t *d = decision_json(tx, a, &dec[i], DECISION_FULL);
        if (!d)
            rc = SG_ECRYPTO;
        else
            json_array_append_new(decs, d);
    }
    for (int i = 0; i < nd; i++)
        store_diversion_clear(&div[i]);
    for (int i = 0; i < nk; i++)
        store_decision_clear(&dec[i]);
    json_object_set_new(j, "diversions", divs);
    json_object_set_new(j, "decisions", decs);
    return rc;
}

/* Adds whether a CoMensha report is offered and the reports made. */
static int add_comensha(store_tx *tx, app *a, const screening_row *s, json_t *j)
{
    comensha_row rows[RELATED_MAX];
    decision_row dec[RELATED_MAX];
    int n = 0, nd = 0;
    prosecution_rules rules;
    bool have_rules = prosecution_rules_load(tx, &rules) == SG_OK;
    int rc = store_comensha_list(tx, s->id, rows, RELATED_MAX, &n);
    if (rc == SG_OK)
        rc = store_decision_list(tx, s->id, dec, RELATED_MAX, &nd);
    bool victim = false;
    for (int i = 0; i < nd; i++) {
        victim = victim || dec[i].possible_victim;
        store_decision_clear(&dec[i]);
    }
    screening_signs signs = SIGNS_NONE;
    bool completed = strcmp(s->status, "completed") == 0;
    if (completed && screening_signs_parse(s->confirmed_signs, &signs) != SG_OK)
        signs = SIGNS_NONE;
    json_t *reports = json_array();
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *r = comensha_json(tx, a, &rows[i]);
        if (!r)
            rc = SG_ECRYPTO;
        else
            json_array_append_new(reports, r);
    }
    for (int i = 0; i < n; i++)
        store_comensha_clear(&rows[i]);
    bool offered = completed && have_rules && prosecution_comensha_offered(&rules, signs, victim);
    json_object_set_new(j, "comensha",
                        json_pack("{s:b, s:o}", "offered", offered, "reports", reports));
    if (have_rules)
        prosecution_rules_free(&rules);
    return rc;
}

json_t *screening_json(store_tx *tx, app *a, const screening_row *s)
{
    screening_rules rules;
    bool have_rules = screening_rules_load(tx, &rules) == SG_OK;
    char *notes_text = NULL, *account = NULL, *reason = NULL, person[STORE_ID_LEN] = "";
    json_t *notes = NULL, *j = NULL;
    int rc = vault_open_field(a->keys, "screenings.notes", s->public_id, s->notes_enc,
                              s->notes_enc_len, &notes_text);
    if (rc == SG_OK)
        rc = vault_open_field(a->keys, "screenings.account", s->public_id, s->account_enc,
                              s->account_enc_len, &account);
    if (rc == SG_OK && s->confirm_reason_enc)
        rc = vault_open_field(a->keys, "screenings.confirm_reason", s->public_id,
                              s->confirm_reason_enc, s->confirm_reason_enc_len, &reason);
    if (rc == SG_OK)
        rc = store_person_public_id(tx, s->person_id, person);
    if (rc == SG_OK) {
        json_error_t err;
        notes = json_loads(notes_text, 0, &err);
        bool completed = strcmp(s->status, "completed") == 0;
        bool np = completed && strcmp(s->confirmed_signs, "none") != 0;
        j = json_pack(
            "{s:s, s:s, s:o, s:o, s:s, s:s, s:b, s:o, s:s, s:{s:s, s:s, s:o, s:I}, s:s, s:s?,"
            " s:o, s:b, s:s, s:I}",
            "id", s->public_id, "person_id", person, "police", svc_org_ref(tx, s->police_org_id),
            "officer", svc_user_ref(tx, s->officer_id), "arrested_on", s->arrested_on, "offence",
            s->offence, "outside_region", s->outside_region, "answers",
            answers_json(have_rules ? &rules : NULL, s->answers, notes), "account", account,
            "advice", "signs", s->advised_signs, "rule", s->advised_rule, "why",
            have_rules ? rule_why(&rules, s->advised_rule) : json_null(), "rules_version",
            (json_int_t)s->rules_version, "status", s->status, "completed_at",
            completed ? s->completed_at : NULL, "om",
            s->om_org_id ? svc_org_ref(tx, s->om_org_id) : json_null(), "non_punishment_assessment",
            np, "created_at", s->created_at, "version", (json_int_t)s->version);
    }
    if (j)
        json_object_set_new(j, "received",
                            s->received_at[0] ? json_pack("{s:s, s:o}", "at", s->received_at, "by",
                                                          svc_user_ref(tx, s->received_by))
                                              : json_null());
    if (j)
        json_object_set_new(
            j, "confirmed",
            reason ? json_pack("{s:s, s:s}", "signs", s->confirmed_signs, "reason", reason)
                   : json_null());
    json_t *clocks = NULL;
    if (j && add_related(tx, a, s, j) == SG_OK && add_comensha(tx, a, s, j) == SG_OK
        && chain_subject_clocks(tx, s->police_org_id, "screening", s->public_id, &clocks) == SG_OK)
        json_object_set_new(j, "clocks", clocks);
    json_decref(notes);
    sg_free(notes_text);
    sg_free(account);
    sg_free(reason);
    if (have_rules)
        screening_rules_free(&rules);
    return j;
}
