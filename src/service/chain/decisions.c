/* Use cases: diversions and the OM's decision on the offence (see decisions.h). */
#include "service/chain/decisions.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/chain/chain_int.h"
#include "service/chain/police.h"
#include "service/chain/referrals.h"
#include "service/clocks.h"
#include "service/network/network.h"
#include "service/notify.h"

#define TEXT_MAX_CHARS 5000
#define NOTE_MAX_CHARS 1000
#define DECISIONS_MAX 20

/* ---- what the OM decided so far -------------------------------------- */

typedef struct om_outcome {
    bool to_divert; /* the last final decision settles by a diversion */
    bool otherwise; /* the last final decision is of another kind */
    bool possible_victim;
} om_outcome;

/* The OM's final decisions on screening sid, the last one counting.  A kind
 * the rules no longer name was final. */
static int om_outcome_of(store_tx *tx, const prosecution_rules *rules, int64_t sid, om_outcome *out)
{
    decision_row rows[DECISIONS_MAX];
    int n = 0;
    memset(out, 0, sizeof *out);
    int rc = store_decision_list(tx, sid, rows, DECISIONS_MAX, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const prosecution_decision *d = prosecution_decision_find(rules, rows[i].decision);
        out->possible_victim = out->possible_victim || rows[i].possible_victim;
        if (d && !d->final)
            continue;
        out->to_divert = d && d->diversion;
        out->otherwise = !out->to_divert;
    }
    for (int i = 0; i < n; i++)
        store_decision_clear(&rows[i]);
    return rc;
}

/* ---- diversions ------------------------------------------------------- */

typedef struct diversion_ctx {
    screen_ctx sc;
    diversion_row row;
} diversion_ctx;

/* Whether the published rules let the diversion be recorded now. */
static int diversion_allowed(store_tx *tx, diversion_ctx *dc)
{
    screen_ctx *sc = &dc->sc;
    const screening_row *s = &sc->row;
    prosecution_rules rules;
    int rc = prosecution_rules_load(tx, &rules);
    if (rc == SG_ESTATE)
        sc->why = "no rules for diversions have been published yet";
    if (rc != SG_OK)
        return rc;
    diversion_case c = {.kind = dc->row.kind,
                        .offence = s->offence,
                        .completed = strcmp(s->status, "completed") == 0,
                        .signs = SIGNS_NONE};
    om_outcome om;
    person_row p;
    rc = om_outcome_of(tx, &rules, s->id, &om);
    if (rc == SG_OK)
        rc = store_person_get(tx, s->person_id, &p);
    if (rc == SG_OK) {
        rc = chain_age_on(sc->a, &p, s->arrested_on, &c.age);
        store_person_clear(&p);
    }
    if (rc == SG_OK && c.completed && screening_signs_parse(s->confirmed_signs, &c.signs) != SG_OK)
        rc = SG_EDB;
    c.om_decided_to_divert = om.to_divert;
    c.om_decided_otherwise = om.otherwise;
    const char *why = NULL;
    if (rc == SG_OK)
        rc = prosecution_diversion_check(&rules, &c, &why);
    if (rc == SG_ESTATE)
        sc->why = why;
    if (rc == SG_EINVAL)
        rc = svc_invalid(sc->err, "kind", why);
    prosecution_rules_free(&rules);
    return rc;
}

static int diversion_job(store_tx *tx, void *arg)
{
    diversion_ctx *dc = arg;
    int rc = police_load(tx, &dc->sc);
    if (rc == SG_OK)
        rc = diversion_allowed(tx, dc);
    if (rc != SG_OK)
        return rc;
    dc->row.screening_id = dc->sc.row.id;
    rc = store_diversion_insert(tx, &dc->row);
    if (rc == SG_OK)
        rc = police_finish(tx, &dc->sc, "screening.diversion", "record a diversion");
    return rc;
}

int diversion_record(app *a, const actor *who, const char *screening_id, const char *kind,
                     const char *note, json_t **out, svc_error *err)
{
    if (who->system || (who->role != ROLE_POLICE_OFFICER && who->role != ROLE_PROSECUTOR))
        return SG_EFORBIDDEN;
    if (!screening_id || !token_is_uuid(screening_id))
        return svc_invalid(err, "screening_id", "the id of a screening is required");
    if (!kind || !*kind || strlen(kind) >= sizeof((diversion_row *)0)->kind)
        return svc_invalid(err, "kind", "a kind of diversion of the published rules");
    if (note
        && (text_utf8_length(note) > NOTE_MAX_CHARS || !text_is_clean_utf8(note, strlen(note))))
        return svc_invalid(err, "note", "at most 1000 characters");
    diversion_ctx *dc = sg_calloc(1, sizeof *dc);
    if (!dc)
        return SG_ENOMEM;
    dc->sc = (screen_ctx){.a = a, .who = who, .id = screening_id, .err = err};
    token_uuid(dc->row.public_id);
    text_copy(dc->row.kind, sizeof dc->row.kind, kind);
    dc->row.recorded_by = who->user_id;
    clock_format_iso(clock_now_ms(), dc->row.recorded_at);
    int rc = note ? vault_seal_field(a->keys, "diversions.note", dc->row.public_id, note,
                                     &dc->row.note_enc, &dc->row.note_enc_len)
                  : SG_OK;
    if (rc == SG_OK)
        rc = police_run(a, &dc->sc, diversion_job, out, false);
    store_diversion_clear(&dc->row);
    sg_free(dc);
    return rc;
}

/* ---- the OM's decision ------------------------------------------------ */

typedef struct decision_ctx {
    screen_ctx sc;
    const decision_input *in;
    decision_row row;
    bool final;
} decision_ctx;

/* Checks the kind and ground against the published rules; fills the row. */
static int check_kind(store_tx *tx, decision_ctx *dc)
{
    svc_error *err = dc->sc.err;
    const decision_input *in = dc->in;
    prosecution_rules rules;
    int rc = prosecution_rules_load(tx, &rules);
    if (rc != SG_OK)
        return rc;
    const prosecution_decision *d = prosecution_decision_find(&rules, in->decision);
    size_t used = 0;
    char list[200];
    if (!d) {
        for (int i = 0; i < rules.ndecisions && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                     rules.decisions[i].id);
        rc = SG_EINVAL;
        if (err) {
            snprintf(err->text, sizeof err->text, "one of the decisions of the rules: %s", list);
            svc_invalid(err, "decision", err->text);
        }
    } else if (!prosecution_ground_fits(d, in->ground)) {
        for (int i = 0; i < d->ngrounds && used < sizeof list; i++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                     d->grounds[i]);
        rc = SG_EINVAL;
        if (err) {
            snprintf(err->text, sizeof err->text, "a legal ground of this decision: %s", list);
            svc_invalid(err, "ground", err->text);
        }
    }
    date due, today;
    date_today(&today);
    if (rc == SG_OK && !d->final
        && (!in->due_on || date_parse(in->due_on, &due) != SG_OK || date_compare(&due, &today) < 0))
        rc = svc_invalid(err, "due_on", "a decision still open needs a due date, not in the past");
    if (rc == SG_OK && d->final && in->due_on)
        rc = svc_invalid(err, "due_on", "only a decision still open has a due date");
    if (rc == SG_OK) {
        dc->final = d->final;
        text_copy(dc->row.due_on, sizeof dc->row.due_on, d->final ? "" : in->due_on);
        /* A dismissal on the non-punishment principle treats the youth as a
         * possible victim. */
        dc->row.possible_victim = in->possible_victim || d->non_punishment;
        dc->row.rules_version = rules.version;
    }
    prosecution_rules_free(&rules);
    return rc;
}

/* Refers a complex case to the national expert group, as any referral. */
static int refer_to_experts(store_tx *tx, decision_ctx *dc)
{
    screen_ctx *sc = &dc->sc;
    org_row group;
    int rc = store_org_find(tx, dc->in->expert_group, &group);
    if (rc == SG_ENOTFOUND || (rc == SG_OK && strcmp(group.type, "expert-group") != 0))
        return svc_invalid(sc->err, "expert_group",
                           "the id of an organisation of type expert-group");
    char person[STORE_ID_LEN], referral[37];
    if (rc == SG_OK)
        rc = store_person_public_id(tx, sc->row.person_id, person);
    referral_input ri = {.person_id = person,
                         .to_org = dc->in->expert_group,
                         .purpose = "expert-advice",
                         .legal_basis = "statutory-task",
                         .shares = {"identity", "screening"},
                         .nshares = 2,
                         .subject_id = sc->row.public_id};
    if (rc == SG_OK)
        rc = referral_send_tx(tx, sc->a, sc->who, &ri, referral, sc->err);
    return rc;
}

/* A possible victim the OM marks is to be reported to CoMensha, unless it
 * was already: the OM's clock starts. */
static int comensha_due(store_tx *tx, decision_ctx *dc)
{
    screen_ctx *sc = &dc->sc;
    comensha_row rows[1];
    int n = 0;
    if (!dc->row.possible_victim)
        return SG_OK;
    int rc = store_comensha_list(tx, sc->row.id, rows, 1, &n);
    if (n > 0)
        store_comensha_clear(&rows[0]);
    clocks_event ev = {.name = "decision.possible-victim",
                       .subject_type = "screening",
                       .subject_id = sc->row.public_id,
                       .person_id = sc->row.person_id,
                       .sender_org = sc->who->org_id,
                       .receiver_org = sc->row.police_org_id};
    return rc == SG_OK && n == 0 ? clocks_event_record(tx, &ev) : rc;
}

static int decision_job(store_tx *tx, void *arg)
{
    decision_ctx *dc = arg;
    screen_ctx *sc = &dc->sc;
    int rc = police_load(tx, sc);
    if (rc == SG_ENOTFOUND)
        return svc_invalid(sc->err, "screening_id", "no such screening handed to your office");
    if (rc != SG_OK)
        return rc;
    if (sc->who->role != ROLE_PROSECUTOR)
        return SG_EFORBIDDEN;
    if (strcmp(sc->row.status, "completed") != 0) {
        sc->why = "the screening is not complete yet";
        return SG_ESTATE;
    }
    rc = check_kind(tx, dc);
    /* Deciding on a screening shows it was received. */
    if (rc == SG_OK && !sc->row.received_at[0])
        rc = police_mark_received(tx, sc);
    dc->row.screening_id = sc->row.id;
    dc->row.om_org_id = sc->who->org_id;
    if (rc == SG_OK)
        rc = store_decision_insert(tx, &dc->row);
    if (rc == SG_OK)
        rc = network_decision_relations(tx, sc->a, sc->who, sc->row.person_id, dc->row.public_id,
                                        dc->in->victim_of, dc->in->victim_of_ids, sc->err);
    clocks_event ev = {.name = "decision.recorded",
                       .subject_type = "screening",
                       .subject_id = sc->row.public_id,
                       .person_id = sc->row.person_id,
                       .sender_org = sc->who->org_id,
                       .receiver_org = sc->row.police_org_id};
    if (rc == SG_OK)
        rc = clocks_event_record(tx, &ev);
    if (rc == SG_OK && !dc->final) {
        ev.name = "decision.further-investigation";
        ev.due_on = dc->row.due_on;
        rc = clocks_event_record(tx, &ev);
    }
    if (rc == SG_OK)
        rc = comensha_due(tx, dc);
    /* A final decision concludes the hand-over. */
    if (rc == SG_OK && dc->final)
        rc = referral_act_on_subject_tx(tx, sc->a, sc->who, sc->row.person_id, sc->row.public_id,
                                        REFERRAL_COMPLETE);
    if (rc == SG_OK)
        rc = notify_role(tx, sc->row.police_org_id, "police-officer", "decision.recorded",
                         "screening", sc->row.public_id, sc->who->org_id);
    if (rc == SG_OK && dc->in->expert_group)
        rc = refer_to_experts(tx, dc);
    if (rc == SG_OK)
        rc = audit_record_person(tx, sc->a->keys, sc->who, "decision.record", "decision",
                                 dc->row.public_id, sc->row.person_id,
                                 "decide on the offence of a screened minor");
    if (rc == SG_OK) {
        sc->result = decision_json(tx, sc->a, &dc->row, DECISION_FULL);
        if (!sc->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

static int validate_decision(const decision_input *in, svc_error *err)
{
    if (!in->screening_id || !token_is_uuid(in->screening_id))
        return svc_invalid(err, "screening_id", "the id of a screening is required");
    if (!in->decision || !*in->decision
        || strlen(in->decision) >= sizeof((decision_row *)0)->decision)
        return svc_invalid(err, "decision", "a decision of the published rules is required");
    if (!in->ground || !*in->ground || strlen(in->ground) >= sizeof((decision_row *)0)->ground)
        return svc_invalid(err, "ground", "the legal ground, from the decision's list");
    if (!in->reasoning || text_is_blank(in->reasoning)
        || text_utf8_length(in->reasoning) > TEXT_MAX_CHARS
        || !text_is_clean_utf8(in->reasoning, strlen(in->reasoning)))
        return svc_invalid(err, "reasoning", "the legal reasoning, at most 5000 characters");
    if (in->victim_of
        && (text_utf8_length(in->victim_of) > NOTE_MAX_CHARS
            || !text_is_clean_utf8(in->victim_of, strlen(in->victim_of))))
        return svc_invalid(err, "victim_of", "at most 1000 characters");
    if (in->expert_group && !token_is_uuid(in->expert_group))
        return svc_invalid(err, "expert_group", "the id of the expert group's organisation");
    return SG_OK;
}

int decision_record(app *a, const actor *who, const decision_input *in, json_t **out,
                    svc_error *err)
{
    if (who->system || who->role != ROLE_PROSECUTOR)
        return SG_EFORBIDDEN;
    int rc = validate_decision(in, err);
    if (rc != SG_OK)
        return rc;
    decision_ctx *dc = sg_calloc(1, sizeof *dc);
    if (!dc)
        return SG_ENOMEM;
    dc->sc = (screen_ctx){.a = a, .who = who, .id = in->screening_id, .err = err};
    dc->in = in;
    decision_row *d = &dc->row;
    token_uuid(d->public_id);
    d->prosecutor_id = who->user_id;
    text_copy(d->decision, sizeof d->decision, in->decision);
    text_copy(d->ground, sizeof d->ground, in->ground);
    d->financial_investigation = in->financial_investigation;
    d->expert_group = in->expert_group != NULL;
    clock_format_iso(clock_now_ms(), d->decided_at);
    rc = vault_seal_field(a->keys, "prosecution_decisions.reasoning", d->public_id, in->reasoning,
                          &d->reasoning_enc, &d->reasoning_enc_len);
    if (rc == SG_OK && in->victim_of)
        rc = vault_seal_field(a->keys, "prosecution_decisions.victim_of", d->public_id,
                              in->victim_of, &d->victim_of_enc, &d->victim_of_enc_len);
    if (rc == SG_OK)
        rc = police_run(a, &dc->sc, decision_job, out, false);
    if (rc == SG_ESTATE && err && !dc->sc.why)
        err->reason = "no rules for the OM's decisions have been published yet";
    store_decision_clear(d);
    sg_free(dc);
    return rc;
}

static int decision_get_job(store_tx *tx, void *arg)
{
    decision_ctx *dc = arg;
    screen_ctx *sc = &dc->sc;
    int rc =
        token_is_uuid(sc->id) ? store_decision_find_public(tx, sc->id, &dc->row) : SG_ENOTFOUND;
    if (rc == SG_OK)
        rc = store_screening_get(tx, dc->row.screening_id, &sc->row);
    /* The OM office and the police unit of the screening see it in full. */
    if (rc == SG_OK)
        rc = police_access(sc->who, &sc->row);
    if (rc == SG_OK)
        rc = audit_record_person(tx, sc->a->keys, sc->who, "decision.read", "decision",
                                 dc->row.public_id, sc->row.person_id, "read the OM's decision");
    if (rc == SG_OK) {
        sc->result = decision_json(tx, sc->a, &dc->row, DECISION_FULL);
        if (!sc->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

int decision_get(app *a, const actor *who, const char *id, json_t **out)
{
    decision_ctx dc = {.sc = {.a = a, .who = who, .id = id}};
    int rc = police_run(a, &dc.sc, decision_get_job, out, true);
    store_decision_clear(&dc.row);
    return rc;
}
