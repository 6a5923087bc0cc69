/* Use cases: screenings of arrested minors, diversions and the OM's decisions. */
#include "service/chain/police.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "domain/screening.h"
#include "security/token.h"
#include "service/chain/chain_int.h"
#include "service/notify.h"
#include "service/chain/referrals.h"
#include "service/clocks.h"
#include "service/network/network.h"

#define TEXT_MAX_CHARS 5000
#define NOTE_MAX_CHARS 1000
#define LIST_MAX 100

/* Who may see a screening: its police unit and the OM office it went to. */
int police_access(const actor *who, const screening_row *s)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    if (who->role == ROLE_POLICE_OFFICER && who->org_id == s->police_org_id)
        return SG_OK;
    if (who->role == ROLE_PROSECUTOR && s->om_org_id && who->org_id == s->om_org_id)
        return SG_OK;
    return SG_ENOTFOUND;
}

/* ---- creating and changing -------------------------------------------- */

/* Applies the answers of in to row, validating them against the rules, and
 * computes the advice. */
static int apply_answers(screen_ctx *sc, const screening_rules *rules)
{
    const screening_input *in = sc->in;
    screening_row *r = &sc->row;
    screening_answer answers[SCREENING_MAX_QUESTIONS] = {SCREEN_UNANSWERED};
    json_t *notes = json_object();
    /* Start from what the row holds: a change may touch only some answers. */
    char buf[256];
    text_copy(buf, sizeof buf, r->answers);
    char *p = buf;
    for (int i = 0; i < rules->nquestions && p; i++) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (*p && screening_answer_parse(p, &answers[i]) != SG_OK)
            answers[i] = SCREEN_UNANSWERED;
        p = comma ? comma + 1 : NULL;
    }
    if (r->notes_enc) {
        char *old = NULL;
        json_error_t err;
        if (vault_open_field(sc->a->keys, "screenings.notes", r->public_id, r->notes_enc,
                             r->notes_enc_len, &old)
            == SG_OK) {
            json_t *prev = json_loads(old, 0, &err);
            if (prev)
                json_object_update(notes, prev);
            json_decref(prev);
            sodium_memzero(old, strlen(old));
        }
        sg_free(old);
    }
    const char *qid;
    json_t *v;
    json_object_foreach(in->answers, qid, v)
    {
        int k = screening_question_index(rules, qid);
        const char *note = json_string_value(json_object_get(v, "note"));
        if (k < 0) {
            json_decref(notes);
            return svc_invalid(sc->err, "answers", "not a question of the screening protocol");
        }
        if (screening_answer_parse(json_string_value(json_object_get(v, "answer")), &answers[k])
            != SG_OK) {
            json_decref(notes);
            return svc_invalid(sc->err, "answers", "each answer is yes, no or unknown");
        }
        if (note
            && (text_utf8_length(note) > NOTE_MAX_CHARS
                || !text_is_clean_utf8(note, strlen(note)))) {
            json_decref(notes);
            return svc_invalid(sc->err, "answers", "a note holds at most 1000 characters");
        }
        if (note)
            json_object_set_new(notes, qid, json_string(note));
    }
    static const char *const codes[] = {"", "yes", "no", "unknown"};
    size_t used = 0;
    for (int i = 0; i < rules->nquestions; i++)
        used += (size_t)snprintf(r->answers + used, sizeof r->answers - used, "%s%s", i ? "," : "",
                                 codes[answers[i]]);
    screening_advice adv;
    screening_advise(rules, answers, screening_offence_index(rules, r->offence), r->outside_region,
                     &adv);
    text_copy(r->advised_signs, sizeof r->advised_signs, screening_signs_code(adv.signs));
    text_copy(r->advised_rule, sizeof r->advised_rule, adv.rule_id);
    r->rules_version = rules->version;
    char *plain = json_dumps(notes, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(notes);
    if (!plain)
        return SG_ENOMEM;
    sg_free(r->notes_enc);
    r->notes_enc = NULL;
    int rc = vault_seal_field(sc->a->keys, "screenings.notes", r->public_id, plain, &r->notes_enc,
                              &r->notes_enc_len);
    sodium_memzero(plain, strlen(plain));
    free(plain);
    return rc;
}

static int apply_fields(screen_ctx *sc, const screening_rules *rules, const person_row *p)
{
    const screening_input *in = sc->in;
    screening_row *r = &sc->row;
    if (in->arrested_on) {
        date d, today;
        date_today(&today);
        if (date_parse(in->arrested_on, &d) != SG_OK || date_compare(&d, &today) > 0)
            return svc_invalid(sc->err, "arrested_on", "the day of the arrest, not in the future");
        int age = 0;
        int rc = chain_age_on(sc->a, p, in->arrested_on, &age);
        if (rc != SG_OK)
            return rc;
        if (age >= 18)
            return svc_invalid(sc->err, "arrested_on", "a screening is for an arrested minor");
        text_copy(r->arrested_on, sizeof r->arrested_on, in->arrested_on);
    }
    if (in->offence) {
        if (screening_offence_index(rules, in->offence) < 0)
            return svc_invalid(sc->err, "offence", "not an offence type of the protocol");
        text_copy(r->offence, sizeof r->offence, in->offence);
    }
    if (in->outside_region >= 0)
        r->outside_region = in->outside_region != 0;
    if (in->account) {
        if (text_utf8_length(in->account) > TEXT_MAX_CHARS
            || !text_is_clean_utf8(in->account, strlen(in->account)))
            return svc_invalid(sc->err, "account", "at most 5000 characters");
        sg_free(r->account_enc);
        r->account_enc = NULL;
        int rc = vault_seal_field(sc->a->keys, "screenings.account", r->public_id, in->account,
                                  &r->account_enc, &r->account_enc_len);
        if (rc != SG_OK)
            return rc;
    }
    return apply_answers(sc, rules);
}

int police_finish(store_tx *tx, screen_ctx *sc, const char *action, const char *purpose)
{
    int rc = audit_record_person(tx, sc->a->keys, sc->who, action, "screening", sc->row.public_id,
                                 sc->row.person_id, purpose);
    if (rc == SG_OK) {
        sc->result = screening_json(tx, sc->a, &sc->row);
        if (!sc->result)
            rc = SG_ENOMEM;
    }
    /* The police's and the OM's view only: a referral sharing the
     * screening does not share the network. */
    if (rc == SG_OK)
        json_object_set_new(sc->result, "relations",
                            network_screening_relations_json(tx, sc->a, sc->row.public_id));
    return rc;
}

static int create_job(store_tx *tx, void *arg)
{
    screen_ctx *sc = arg;
    screening_rules rules;
    person_row p;
    int rc = screening_rules_load(tx, &rules);
    if (rc != SG_OK)
        return rc;
    memset(&p, 0, sizeof p);
    rc = store_person_find_public(tx, sc->in->person_id, &p);
    if (rc == SG_OK && access_check_person(tx, sc->who, &p) != SG_OK)
        rc = SG_ENOTFOUND;
    if (rc == SG_ENOTFOUND)
        rc = svc_invalid(sc->err, "person_id", "no such person in your organisation");
    if (rc == SG_OK) {
        sc->row.person_id = p.id;
        rc = apply_fields(sc, &rules, &p);
    }
    store_person_clear(&p);
    if (rc == SG_OK && !sc->row.account_enc)
        rc = vault_seal_field(sc->a->keys, "screenings.account", sc->row.public_id, "",
                              &sc->row.account_enc, &sc->row.account_enc_len);
    if (rc == SG_OK)
        rc = store_screening_insert(tx, &sc->row);
    if (rc == SG_OK)
        rc = network_screening_relations(tx, sc->a, sc->who, sc->row.person_id, sc->row.public_id,
                                         sc->row.arrested_on, sc->in->relations, sc->err);
    if (rc == SG_OK)
        rc = police_finish(tx, sc, "screening.create", "screen an arrested minor for exploitation");
    screening_rules_free(&rules);
    return rc;
}

int screening_create(app *a, const actor *who, const screening_input *in, json_t **out,
                     svc_error *err)
{
    if (who->system || who->role != ROLE_POLICE_OFFICER)
        return SG_EFORBIDDEN;
    if (!in->person_id || !token_is_uuid(in->person_id))
        return svc_invalid(err, "person_id", "the id of a person is required");
    if (!in->arrested_on || !in->offence)
        return svc_invalid(err, !in->arrested_on ? "arrested_on" : "offence", "is required");
    screen_ctx *sc = sg_calloc(1, sizeof *sc);
    if (!sc)
        return SG_ENOMEM;
    sc->a = a;
    sc->who = who;
    sc->in = in;
    sc->err = err;
    screening_row *r = &sc->row;
    token_uuid(r->public_id);
    r->police_org_id = who->org_id;
    r->officer_id = who->user_id;
    text_copy(r->status, sizeof r->status, "draft");
    clock_format_iso(clock_now_ms(), r->created_at);
    int rc = store_write(a->db, create_job, sc);
    if (rc == SG_ESTATE && err)
        err->reason = "no screening rules have been published yet";
    rc = svc_result(rc, sc->result, out);
    store_screening_clear(&sc->row);
    sg_free(sc);
    return rc;
}

/* Loads the screening and checks the actor may see it. */
int police_load(store_tx *tx, screen_ctx *sc)
{
    int rc =
        token_is_uuid(sc->id) ? store_screening_find_public(tx, sc->id, &sc->row) : SG_ENOTFOUND;
    if (rc == SG_OK)
        rc = police_access(sc->who, &sc->row);
    return rc;
}

static int update_job(store_tx *tx, void *arg)
{
    screen_ctx *sc = arg;
    int rc = police_load(tx, sc);
    if (rc != SG_OK)
        return rc;
    const screening_input *in = sc->in;
    bool draft = strcmp(sc->row.status, "draft") == 0;
    bool changes_answers =
        in->arrested_on || in->offence || in->outside_region >= 0 || in->answers || in->account;
    if (sc->who->role != ROLE_POLICE_OFFICER)
        return SG_EFORBIDDEN;
    if (!draft && changes_answers) {
        sc->why = "a completed screening is not changed; record a new one";
        return SG_ESTATE;
    }
    if (changes_answers) {
        screening_rules rules;
        person_row p;
        rc = screening_rules_load(tx, &rules);
        if (rc != SG_OK)
            return rc;
        rc = store_person_get(tx, sc->row.person_id, &p);
        if (rc == SG_OK) {
            rc = apply_fields(sc, &rules, &p);
            store_person_clear(&p);
        }
        screening_rules_free(&rules);
    }
    if (rc == SG_OK)
        rc = store_screening_update(tx, &sc->row);
    if (rc == SG_OK)
        rc = network_screening_relations(tx, sc->a, sc->who, sc->row.person_id, sc->row.public_id,
                                         sc->row.arrested_on, in->relations, sc->err);
    if (rc == SG_OK)
        rc = police_finish(tx, sc, "screening.update", "screen an arrested minor for exploitation");
    return rc;
}

int police_run(app *a, screen_ctx *sc, store_work_fn fn, json_t **out, bool relaxed)
{
    int rc = relaxed ? svc_read_audited(a, fn, sc) : store_write(a->db, fn, sc);
    if (rc == SG_ESTATE && sc->err && sc->why)
        sc->err->reason = sc->why;
    rc = svc_result(rc, sc->result, out);
    store_screening_clear(&sc->row);
    return rc;
}

int screening_update(app *a, const actor *who, const char *id, const screening_input *in,
                     json_t **out, svc_error *err)
{
    screen_ctx sc = {.a = a, .who = who, .id = id, .in = in, .err = err};
    return police_run(a, &sc, update_job, out, false);
}

/* ---- completion and hand-over ----------------------------------------- */

static int complete_job(store_tx *tx, void *arg)
{
    screen_ctx *sc = arg;
    int rc = police_load(tx, sc);
    if (rc != SG_OK)
        return rc;
    screening_row *r = &sc->row;
    if (sc->who->role != ROLE_POLICE_OFFICER)
        return SG_EFORBIDDEN;
    if (strcmp(r->status, "draft") != 0) {
        sc->why = "the screening was completed already";
        return SG_ESTATE;
    }
    org_row om;
    rc = token_is_uuid(sc->om_org) ? store_org_find(tx, sc->om_org, &om) : SG_ENOTFOUND;
    if (rc == SG_ENOTFOUND || (rc == SG_OK && strcmp(om.type, "prosecution") != 0))
        return svc_invalid(sc->err, "om", "an office of the Public Prosecution Service");
    if (rc != SG_OK)
        return rc;
    text_copy(r->confirmed_signs, sizeof r->confirmed_signs, sc->signs);
    rc = vault_seal_field(sc->a->keys, "screenings.confirm_reason", r->public_id, sc->reason,
                          &r->confirm_reason_enc, &r->confirm_reason_enc_len);
    text_copy(r->status, sizeof r->status, "completed");
    clock_format_iso(clock_now_ms(), r->completed_at);
    r->om_org_id = om.id;
    if (rc == SG_OK)
        rc = store_screening_update(tx, r);
    /* The police contact the OM in every case: the hand-over is a referral on
     * the police's statutory task, sharing the child and the screening. */
    person_row p;
    char person[STORE_ID_LEN], om_id[STORE_ID_LEN], referral[37];
    if (rc == SG_OK)
        rc = store_person_get(tx, r->person_id, &p);
    if (rc == SG_OK) {
        text_copy(person, sizeof person, p.public_id);
        store_person_clear(&p);
        text_copy(om_id, sizeof om_id, om.public_id);
        referral_input ri = {.person_id = person,
                             .to_org = om_id,
                             .purpose = "screening-handover",
                             .legal_basis = "statutory-task",
                             .shares = {"identity", "screening"},
                             .nshares = 2,
                             .subject_id = r->public_id};
        rc = referral_send_tx(tx, sc->a, sc->who, &ri, referral, sc->err);
    }
    clocks_event ev = {.name = "screening.completed",
                       .subject_type = "screening",
                       .subject_id = r->public_id,
                       .person_id = r->person_id,
                       .sender_org = r->police_org_id,
                       .receiver_org = om.id,
                       .to_type = "prosecution",
                       .signs = r->confirmed_signs};
    if (rc == SG_OK)
        rc = clocks_event_record(tx, &ev);
    if (rc == SG_OK)
        rc = police_finish(tx, sc, "screening.complete", "hand the screening over to the OM");
    return rc;
}

int screening_complete(app *a, const actor *who, const char *id, const char *signs,
                       const char *reason, const char *om_org, json_t **out, svc_error *err)
{
    screening_signs s;
    if (screening_signs_parse(signs, &s) != SG_OK)
        return svc_invalid(err, "signs", "none, possible or strong");
    if (!reason || text_is_blank(reason) || text_utf8_length(reason) > TEXT_MAX_CHARS
        || !text_is_clean_utf8(reason, strlen(reason)))
        return svc_invalid(err, "reason",
                           "confirm the outcome with a reason (at most 5000 characters)");
    if (!om_org)
        return svc_invalid(err, "om", "the OM office to hand the screening over to");
    screen_ctx sc = {.a = a,
                     .who = who,
                     .id = id,
                     .err = err,
                     .signs = signs,
                     .reason = reason,
                     .om_org = om_org};
    return police_run(a, &sc, complete_job, out, false);
}

/* Records that the OM received the loaded screening: the same-day clock
 * stops and the OM takes up the hand-over referral (it has to). */
int police_mark_received(store_tx *tx, screen_ctx *sc)
{
    clock_format_iso(clock_now_ms(), sc->row.received_at);
    sc->row.received_by = sc->who->user_id;
    int rc = store_screening_update(tx, &sc->row);
    if (rc == SG_OK)
        rc = referral_act_on_subject_tx(tx, sc->a, sc->who, sc->row.person_id, sc->row.public_id,
                                        REFERRAL_ACCEPT);
    clocks_event ev = {.name = "screening.received",
                       .subject_type = "screening",
                       .subject_id = sc->row.public_id,
                       .person_id = sc->row.person_id,
                       .sender_org = sc->row.police_org_id,
                       .receiver_org = sc->row.om_org_id};
    if (rc == SG_OK)
        rc = clocks_event_record(tx, &ev);
    return rc;
}

static int receive_job(store_tx *tx, void *arg)
{
    screen_ctx *sc = arg;
    int rc = police_load(tx, sc);
    if (rc != SG_OK)
        return rc;
    if (sc->who->role != ROLE_PROSECUTOR)
        return SG_EFORBIDDEN;
    if (sc->row.received_at[0]) {
        sc->why = "the receipt of this screening is already recorded";
        return SG_ESTATE;
    }
    rc = police_mark_received(tx, sc);
    if (rc == SG_OK)
        rc = police_finish(tx, sc, "screening.receive", "the OM is informed of a screening");
    return rc;
}

int screening_receive(app *a, const actor *who, const char *id, json_t **out, svc_error *err)
{
    screen_ctx sc = {.a = a, .who = who, .id = id, .err = err};
    return police_run(a, &sc, receive_job, out, false);
}

static int get_job(store_tx *tx, void *arg)
{
    screen_ctx *sc = arg;
    int rc = police_load(tx, sc);
    return rc == SG_OK ? police_finish(tx, sc, "screening.read", "work a screening") : rc;
}

int screening_get(app *a, const actor *who, const char *id, json_t **out)
{
    screen_ctx sc = {.a = a, .who = who, .id = id};
    return police_run(a, &sc, get_job, out, true);
}

typedef struct list_ctx {
    app *a;
    const actor *who;
    screening_filter filter;
    json_t *items;
    int64_t last;
} list_ctx;

static int list_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    screening_row *rows = sg_calloc(LIST_MAX, sizeof *rows);
    int n = 0;
    int rc = rows ? store_screening_list(tx, &lc->filter, rows, &n) : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        char person[STORE_ID_LEN];
        rc = store_person_public_id(tx, rows[i].person_id, person);
        if (rc == SG_OK)
            json_array_append_new(
                lc->items,
                json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", rows[i].public_id,
                          "person_id", person, "arrested_on", rows[i].arrested_on, "offence",
                          rows[i].offence, "status", rows[i].status, "advised_signs",
                          rows[i].advised_signs, "confirmed_signs", rows[i].confirmed_signs,
                          "police", svc_org_ref(tx, rows[i].police_org_id), "om",
                          rows[i].om_org_id ? svc_org_ref(tx, rows[i].om_org_id) : json_null()));
        if (rc == SG_OK)
            rc = audit_record_person(tx, lc->a->keys, lc->who, "screening.read", "screening",
                                     rows[i].public_id, rows[i].person_id, "list screenings");
        lc->last = rows[i].id;
    }
    for (int i = 0; i < n; i++)
        store_screening_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

int screening_list(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                   svc_error *err)
{
    if (who->system || (who->role != ROLE_POLICE_OFFICER && who->role != ROLE_PROSECUTOR))
        return SG_EFORBIDDEN;
    list_ctx lc = {.a = a, .who = who};
    lc.filter.police_org_id = who->role == ROLE_POLICE_OFFICER ? who->org_id : 0;
    lc.filter.om_org_id = who->role == ROLE_PROSECUTOR ? who->org_id : 0;
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
