/* Use cases: referrals between organisations. */
#include "service/chain/referrals.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "domain/sharing.h"
#include "security/token.h"
#include "service/chain/chain_int.h"
#include "service/notify.h"
#include "service/clocks.h"
#include "service/legal/consent.h"
#include "service/school/case_view.h"

#define NOTE_MAX_CHARS 2000
#define LIST_MAX 100

static bool in_list(const char *const *list, const char *v)
{
    for (int i = 0; v && list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

static void grant_basis(const referral_row *r, char *out, size_t n)
{
    snprintf(out, n, "referral:%s", r->public_id);
}

/* ---- sending ---------------------------------------------------------- */

typedef struct send_ctx {
    app *a;
    const actor *who;
    const referral_input *in;
    referral_row row;
    svc_error *err;
    json_t *result;
} send_ctx;

/* Checks a screening or decision part against the published rules of
 * what may go to which kind of organisation (domain/prosecution.h). */
static int check_justice_part(store_tx *tx, send_ctx *sc, const char *part, const org_row *to)
{
    prosecution_rules rules;
    int rc = prosecution_rules_load(tx, &rules);
    if (rc == SG_ESTATE)
        return svc_invalid(sc->err, "shares",
                           "no rules for sharing a screening or decision have been published yet");
    if (rc != SG_OK)
        return rc;
    char why[sizeof sc->err->text];
    rc = prosecution_share_check(&rules, part, to->type, sc->in->legal_basis, why, sizeof why);
    prosecution_rules_free(&rules);
    if (rc == SG_EINVAL && sc->err) {
        text_copy(sc->err->text, sizeof sc->err->text, why);
        return svc_invalid(sc->err, "shares", sc->err->text);
    }
    return rc;
}

/* Checks the shares against what the sender may share; fills row's lists. */
static int check_shares(store_tx *tx, send_ctx *sc, const case_row *c, const org_row *to)
{
    const referral_input *in = sc->in;
    referral_row *r = &sc->row;
    size_t used = 0;
    for (int i = 0; i < in->nshares; i++) {
        if (!in_list(sharing_parts, in->shares[i]))
            return svc_invalid(sc->err, "shares", "not a part a referral can share");
        for (int k = 0; k < i; k++)
            if (strcmp(in->shares[k], in->shares[i]) == 0)
                return svc_invalid(sc->err, "shares", "a part appears twice");
        bool needs_case = strcmp(in->shares[i], "care-question") == 0
                          || strcmp(in->shares[i], "consultation-notes") == 0
                          || strcmp(in->shares[i], "meldcode") == 0;
        if (needs_case && !c)
            return svc_invalid(sc->err, "shares",
                               "the care question, consultation notes and"
                               " Meldcode record come from a case: give caseId");
        used += (size_t)snprintf(r->shares + used, sizeof r->shares - used, "%s%s", i ? "," : "",
                                 in->shares[i]);
    }
    bool signals = false, screening = false, decision = false;
    for (int i = 0; i < in->nshares; i++) {
        const char *part = in->shares[i];
        bool justice = strcmp(part, "screening") == 0 || strcmp(part, "decision") == 0
                       || strcmp(part, "decision-fact") == 0;
        signals = signals || strcmp(part, "signals") == 0;
        screening = screening || strcmp(part, "screening") == 0;
        decision = decision || (justice && strcmp(part, "screening") != 0);
        int rc = justice ? check_justice_part(tx, sc, part, to) : SG_OK;
        if (rc != SG_OK)
            return rc;
    }
    if (screening && decision)
        return svc_invalid(sc->err, "shares", "share a screening or a decision, one at a time");
    if ((screening || decision) && !in->subject_id)
        return svc_invalid(sc->err, "subject_id", "name the screening or decision to share");
    if (screening || decision) {
        int rc;
        if (screening) {
            screening_row s;
            rc = token_is_uuid(in->subject_id) ? store_screening_find_public(tx, in->subject_id, &s)
                                               : SG_ENOTFOUND;
            bool mine = rc == SG_OK && s.person_id == r->person_id
                        && (s.police_org_id == sc->who->org_id || s.om_org_id == sc->who->org_id);
            if (rc == SG_OK)
                store_screening_clear(&s);
            if (rc == SG_ENOTFOUND || (rc == SG_OK && !mine))
                return svc_invalid(sc->err, "subject_id",
                                   "no such screening of yours about this child");
            if (rc != SG_OK)
                return rc;
        } else {
            decision_row d;
            screening_row s;
            rc = token_is_uuid(in->subject_id) ? store_decision_find_public(tx, in->subject_id, &d)
                                               : SG_ENOTFOUND;
            bool mine = rc == SG_OK && d.om_org_id == sc->who->org_id;
            if (rc == SG_OK) {
                int64_t sid = d.screening_id;
                store_decision_clear(&d);
                rc = store_screening_get(tx, sid, &s);
                if (rc == SG_OK) {
                    mine = mine && s.person_id == r->person_id;
                    store_screening_clear(&s);
                }
            }
            if (rc == SG_ENOTFOUND || (rc == SG_OK && !mine))
                return svc_invalid(sc->err, "subject_id",
                                   "no such decision of yours about this child");
            if (rc != SG_OK)
                return rc;
        }
        text_copy(r->subject_id, sizeof r->subject_id, in->subject_id);
    }
    if (!signals)
        return SG_OK;
    /* The signals shared: those named, or else all of the case. */
    int64_t ids[REFERRAL_MAX_SIGNALS];
    int n = 0;
    if (in->nsignals == 0 && c) {
        int rc = store_case_signal_ids(tx, c->id, ids, REFERRAL_MAX_SIGNALS, &n);
        if (rc != SG_OK)
            return rc;
    }
    if (in->nsignals == 0 && n == 0)
        return svc_invalid(sc->err, "signal_ids", "name the signals to share");
    used = 0;
    for (int i = 0; i < (in->nsignals ? in->nsignals : n); i++) {
        signal_row s;
        int rc = in->nsignals ? (token_is_uuid(in->signal_ids[i])
                                     ? store_signal_find_public(tx, in->signal_ids[i], &s)
                                     : SG_ENOTFOUND)
                              : store_signal_get(tx, ids[i], &s);
        if (rc == SG_OK) {
            bool about = s.person_id == r->person_id;
            rc = about ? access_check_signal(tx, sc->who, &s) : SG_ENOTFOUND;
            if (rc == SG_OK)
                used += (size_t)snprintf(r->signal_ids + used, sizeof r->signal_ids - used, "%s%s",
                                         i ? "," : "", s.public_id);
            store_signal_clear(&s);
        }
        if (rc == SG_ENOTFOUND)
            return svc_invalid(sc->err, "signal_ids",
                               "a signal that is not yours to share about this child");
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

/* The parts of a case a referral shares, as they are now, sealed into the
 * referral: the receiver later sees what was sent, not what came after. */
static int take_snapshot(store_tx *tx, send_ctx *sc, const case_row *c)
{
    referral_row *r = &sc->row;
    bool question = referral_shares_part(r, "care-question"),
         notes = referral_shares_part(r, "consultation-notes");
    bool meldcode = referral_shares_part(r, "meldcode");
    if (!c || (!question && !notes && !meldcode))
        return SG_OK;
    json_t *full = NULL;
    int rc = case_render(tx, sc->a, sc->who, c, &full);
    if (rc != SG_OK)
        return rc;
    json_t *snap = json_object();
    json_t *consultations = json_object_get(full, "consultations");
    size_t last = json_array_size(consultations);
    if (question && last > 0) {
        json_t *k = json_array_get(consultations, last - 1);
        json_object_set_new(snap, "care_question",
                            json_pack("{s:O, s:O, s:O}", "question", json_object_get(k, "question"),
                                      "question_type", json_object_get(k, "question_type"),
                                      "held_on", json_object_get(k, "held_on")));
    }
    if (notes)
        json_object_set(snap, "consultations", consultations);
    if (meldcode)
        json_object_set(snap, "meldcode", json_object_get(full, "meldcode"));
    char *plain = json_dumps(snap, JSON_COMPACT);
    json_decref(snap);
    json_decref(full);
    if (!plain)
        return SG_ENOMEM;
    rc = vault_seal_field(sc->a->keys, "referrals.snapshot", r->public_id, plain, &r->snapshot_enc,
                          &r->snapshot_enc_len);
    sodium_memzero(plain, strlen(plain));
    free(plain);
    return rc;
}

/* Gives the receiver access to what is shared, on this referral's basis. */
static int grant(store_tx *tx, const referral_row *r)
{
    char basis[64];
    grant_basis(r, basis, sizeof basis);
    int rc = SG_OK;
    if (referral_shares_part(r, "identity"))
        rc = store_person_grant(tx, r->person_id, r->to_org_id, basis);
    char buf[1024];
    text_copy(buf, sizeof buf, r->signal_ids);
    for (char *p = buf; rc == SG_OK && *buf && p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        signal_row s;
        rc = store_signal_find_public(tx, p, &s);
        if (rc == SG_OK) {
            rc = store_signal_grant(tx, s.id, r->to_org_id, basis);
            store_signal_clear(&s);
        }
        p = comma ? comma + 1 : NULL;
    }
    return rc;
}

static int send_checks(store_tx *tx, send_ctx *sc, person_row *p, case_row *c, bool *with_case,
                       org_row *to)
{
    const referral_input *in = sc->in;
    int rc = store_person_find_public(tx, in->person_id, p);
    if (rc == SG_OK) {
        rc = access_check_person(tx, sc->who, p);
        if (rc != SG_OK)
            store_person_clear(p);
    }
    if (rc == SG_ENOTFOUND)
        return svc_invalid(sc->err, "person_id", "no such person in your organisation");
    if (rc != SG_OK)
        return rc;
    sc->row.person_id = p->id;
    *with_case = in->case_id != NULL;
    if (*with_case) {
        rc = case_load(tx, sc->who, in->case_id, c);
        if (rc == SG_OK && c->person_id != p->id)
            rc = SG_ENOTFOUND;
        if (rc == SG_ENOTFOUND || rc == SG_EFORBIDDEN)
            return svc_invalid(sc->err, "case_id", "no such case of yours about this child");
        if (rc != SG_OK)
            return rc;
        sc->row.case_id = c->id;
    }
    rc = token_is_uuid(in->to_org) ? store_org_find(tx, in->to_org, to) : SG_ENOTFOUND;
    if (rc == SG_ENOTFOUND || (rc == SG_OK && to->id == sc->who->org_id))
        return svc_invalid(sc->err, "to", "another organisation is required");
    if (rc != SG_OK)
        return rc;
    sc->row.to_org_id = to->id;
    /* The legal basis. */
    org_type to_type;
    if (org_type_parse(to->type, &to_type) != SG_OK)
        return SG_EDB;
    int age = -1;
    if (in->consent_on && chain_age_on(sc->a, p, in->consent_on, &age) != SG_OK)
        return svc_invalid(sc->err, "consent_on", "a real date as YYYY-MM-DD");
    sharing_basis_input b = {.basis = in->legal_basis,
                             .from = sc->who->org_type,
                             .to = to_type,
                             .age = age,
                             .consent_party = in->consent_party,
                             .override_reason = in->override_reason};
    const char *field = NULL, *why = NULL;
    if (sharing_check_basis(&b, &field, &why) != SG_OK)
        return svc_invalid(sc->err, field, why);
    /* Whose consent counts, by age and receiver: the published consent rules. */
    if (strcmp(in->legal_basis, "consent") == 0) {
        int crc =
            legal_consent_check(tx, to->type, age, in->consent_party, "consent_party", sc->err);
        if (crc != SG_OK)
            return crc;
    }
    return check_shares(tx, sc, *with_case ? c : NULL, to);
}

/* Signals the sender did not observe itself but received, passed on: the
 * organisation that observed each learns that, when and to whom (in its
 * chronology and a notification), never what was added. */
static int record_onward(store_tx *tx, const actor *who, const referral_row *r)
{
    char buf[sizeof r->signal_ids];
    int64_t told[REFERRAL_MAX_SIGNALS];
    int ntold = 0, rc = SG_OK;
    text_copy(buf, sizeof buf, r->signal_ids);
    for (char *p = buf; rc == SG_OK && p && *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        signal_row s;
        rc = store_signal_find_public(tx, p, &s);
        if (rc == SG_OK && s.org_id != who->org_id) {
            disclosure_row d = {.signal_id = s.id,
                                .referral_id = r->id,
                                .origin_org_id = s.org_id,
                                .from_org_id = who->org_id,
                                .to_org_id = r->to_org_id,
                                .person_id = r->person_id};
            text_copy(d.at, sizeof d.at, r->created_at);
            rc = store_disclosure_insert(tx, &d);
            bool known = false;
            for (int i = 0; i < ntold; i++)
                known = known || told[i] == s.org_id;
            if (rc == SG_OK && !known && ntold < REFERRAL_MAX_SIGNALS) {
                told[ntold++] = s.org_id;
                rc = notify_role(tx, s.org_id, NULL, "signal.passed-on", "referral", r->public_id,
                                 who->org_id);
            }
        }
        if (rc == SG_OK || rc == SG_ENOTFOUND)
            store_signal_clear(&s);
        p = comma ? comma + 1 : NULL;
    }
    return rc;
}

int referral_send_tx(store_tx *tx, app *a, const actor *who, const referral_input *in,
                     char public_id[37], svc_error *err)
{
    send_ctx sc = {.a = a, .who = who, .in = in, .err = err};
    referral_row *r = &sc.row;
    person_row p;
    case_row c;
    org_row to;
    bool with_case = false;
    memset(&p, 0, sizeof p);
    token_uuid(r->public_id);
    int rc = send_checks(tx, &sc, &p, &c, &with_case, &to);
    if (rc != SG_OK)
        goto out;
    r->from_org_id = who->org_id;
    r->from_user_id = who->user_id;
    text_copy(r->purpose, sizeof r->purpose, in->purpose);
    text_copy(r->legal_basis, sizeof r->legal_basis, in->legal_basis);
    if (strcmp(in->legal_basis, "consent") == 0) {
        text_copy(r->consent_party, sizeof r->consent_party, in->consent_party);
        text_copy(r->consent_on, sizeof r->consent_on, in->consent_on);
    }
    r->transfer = in->transfer && with_case;
    text_copy(r->status, sizeof r->status, "sent");
    clock_format_iso(clock_now_ms(), r->created_at);
    if (in->note)
        rc = vault_seal_field(a->keys, "referrals.note", r->public_id, in->note, &r->note_enc,
                              &r->note_enc_len);
    bool override = strcmp(in->legal_basis, "override") == 0;
    if (rc == SG_OK && override)
        rc = vault_seal_field(a->keys, "referrals.override_reason", r->public_id,
                              in->override_reason, &r->override_reason_enc,
                              &r->override_reason_enc_len);
    if (rc == SG_OK)
        rc = take_snapshot(tx, &sc, with_case ? &c : NULL);
    if (rc == SG_OK)
        rc = store_referral_insert(tx, r);
    if (rc == SG_OK)
        rc = grant(tx, r);
    clocks_event ev = {.name = "referral.sent",
                       .subject_type = "referral",
                       .subject_id = r->public_id,
                       .person_id = p.id,
                       .sender_org = who->org_id,
                       .receiver_org = to.id,
                       .to_type = to.type,
                       .purpose = r->purpose};
    if (rc == SG_OK)
        rc = clocks_event_record(tx, &ev);
    /* A screening handed to the OM says so; any other referral is a referral. */
    const char *kind =
        strcmp(r->purpose, "screening-handover") == 0 ? "screening.handover" : "referral.sent";
    if (rc == SG_OK)
        rc = notify_role(tx, to.id, "", kind, "referral", r->public_id, who->org_id);
    if (rc == SG_OK)
        rc = record_onward(tx, who, r);
    if (rc == SG_OK)
        rc = audit_record_person(tx, a->keys, who, "referral.send", "referral", r->public_id, p.id,
                                 "refer to another organisation");
    if (rc == SG_OK && override) {
        /* Sharing without a recorded basis: audited and reported. */
        rc = notify_role(tx, who->org_id, "privacy-officer", "referral.override", "referral",
                         r->public_id, who->org_id);
        if (rc == SG_OK)
            rc =
                audit_record_person(tx, a->keys, who, "referral.override", "referral", r->public_id,
                                    p.id, "override: sharing without a recorded legal basis");
    }
    if (rc == SG_OK)
        text_copy(public_id, 37, r->public_id);
out:
    store_person_clear(&p);
    store_referral_clear(r);
    return rc;
}

typedef struct job_ctx {
    app *a;
    const actor *who;
    const referral_input *in;
    const char *id;
    referral_action action;
    const char *reason;
    svc_error *err;
    char public_id[37];
    json_t *result;
    const char *why;
    bool quiet; /* no notice: the use case that acts sends its own */
} job_ctx;

static int send_job(store_tx *tx, void *arg)
{
    job_ctx *jc = arg;
    int rc = referral_send_tx(tx, jc->a, jc->who, jc->in, jc->public_id, jc->err);
    referral_row r;
    if (rc == SG_OK)
        rc = store_referral_find_public(tx, jc->public_id, &r);
    if (rc == SG_OK) {
        rc = referral_render(tx, jc->a, jc->who, &r, &jc->result);
        store_referral_clear(&r);
    }
    return rc;
}

static int validate_send(const referral_input *in, svc_error *err)
{
    date d, today;
    if (!in->person_id || !token_is_uuid(in->person_id))
        return svc_invalid(err, "person_id", "the id of a person is required");
    if (in->case_id && !token_is_uuid(in->case_id))
        return svc_invalid(err, "case_id", "not the id of a case");
    if (!in->to_org || !token_is_uuid(in->to_org))
        return svc_invalid(err, "to", "the id of the receiving organisation is required");
    if (!in_list(sharing_purposes, in->purpose))
        return svc_invalid(err, "purpose", "not a known purpose");
    if (in->note
        && (text_utf8_length(in->note) > NOTE_MAX_CHARS
            || !text_is_clean_utf8(in->note, strlen(in->note))))
        return svc_invalid(err, "note", "at most 2000 characters");
    if (in->nshares < 1)
        return svc_invalid(err, "shares", "choose what to share");
    if (in->transfer && !in->case_id)
        return svc_invalid(err, "transfer", "only a case can be handed over: give caseId");
    date_today(&today);
    if (in->consent_on && (date_parse(in->consent_on, &d) != SG_OK || date_compare(&d, &today) > 0))
        return svc_invalid(err, "consent_on", "the date consent was given, not in the future");
    if (in->override_reason && text_utf8_length(in->override_reason) > NOTE_MAX_CHARS)
        return svc_invalid(err, "override_reason", "at most 2000 characters");
    return SG_OK;
}

int referral_send(app *a, const actor *who, const referral_input *in, json_t **out, svc_error *err)
{
    if (!access_may_refer(who))
        return SG_EFORBIDDEN;
    int rc = validate_send(in, err);
    if (rc != SG_OK)
        return rc;
    job_ctx jc = {.a = a, .who = who, .in = in, .err = err};
    rc = store_write(a->db, send_job, &jc);
    return svc_result(rc, jc.result, out);
}

/* Withdraws what a referral gave, then gives back what other referrals that
 * still stand give the same organisation about the same child (a grant row
 * records one basis only). */
static int withdraw(store_tx *tx, const referral_row *r)
{
    char basis[64];
    grant_basis(r, basis, sizeof basis);
    int rc = store_referral_revoke_grants(tx, basis);
    referral_row *others = rc == SG_OK ? sg_calloc(LIST_MAX, sizeof *others) : NULL;
    int n = 0;
    if (rc == SG_OK && !others)
        rc = SG_ENOMEM;
    referral_filter f = {.to_org_id = r->to_org_id, .person_id = r->person_id, .limit = LIST_MAX};
    if (rc == SG_OK)
        rc = store_referral_list(tx, &f, others, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        bool standing =
            strcmp(others[i].status, "revoked") != 0 && strcmp(others[i].status, "declined") != 0;
        if (others[i].id != r->id && standing)
            rc = grant(tx, &others[i]);
    }
    for (int i = 0; i < n; i++)
        store_referral_clear(&others[i]);
    sg_free(others);
    return rc;
}

/* ---- reading ---------------------------------------------------------- */

/* Finds a referral the actor's organisation is a side of. */
static int load(store_tx *tx, const actor *who, const char *id, referral_row *r)
{
    if (!token_is_uuid(id))
        return SG_ENOTFOUND;
    int rc = store_referral_find_public(tx, id, r);
    if (rc != SG_OK)
        return rc;
    if (r->from_org_id != who->org_id && r->to_org_id != who->org_id) {
        store_referral_clear(r);
        return SG_ENOTFOUND;
    }
    return SG_OK;
}

static int get_job(store_tx *tx, void *arg)
{
    job_ctx *jc = arg;
    referral_row r;
    int rc = load(tx, jc->who, jc->id, &r);
    if (rc != SG_OK)
        return rc;
    rc = audit_record_person(tx, jc->a->keys, jc->who, "referral.read", "referral", r.public_id,
                             r.person_id, "work a referral");
    if (rc == SG_OK)
        rc = referral_render(tx, jc->a, jc->who, &r, &jc->result);
    store_referral_clear(&r);
    return rc;
}

/* Who reads referrals: those who send and receive them, and the privacy
 * officer (who checks overrides). */
static bool may_read_referrals(const actor *who)
{
    return access_may_refer(who) || (!who->system && who->role == ROLE_PRIVACY_OFFICER);
}

int referral_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!may_read_referrals(who))
        return SG_EFORBIDDEN;
    job_ctx jc = {.a = a, .who = who, .id = id};
    int rc = svc_read_audited(a, get_job, &jc);
    return svc_result(rc, jc.result, out);
}

typedef struct list_ctx {
    app *a;
    const actor *who;
    referral_filter filter;
    json_t *items;
    int64_t last;
} list_ctx;

static int list_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    referral_row *rows = sg_calloc(LIST_MAX, sizeof *rows);
    int n = 0;
    int rc = rows ? store_referral_list(tx, &lc->filter, rows, &n) : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const referral_row *r = &rows[i];
        bool withdrawn =
            r->from_org_id != lc->who->org_id
            && (strcmp(r->status, "revoked") == 0 || strcmp(r->status, "declined") == 0);
        json_t *item = NULL;
        if (withdrawn) {
            /* The receiver of a withdrawn referral: that there was one. */
            rc = referral_render(tx, lc->a, lc->who, r, &item);
        } else {
            char person[STORE_ID_LEN];
            json_t *clocks = NULL;
            rc = store_person_public_id(tx, r->person_id, person);
            if (rc == SG_OK)
                rc = chain_subject_clocks(tx, lc->who->org_id, "referral", r->public_id, &clocks);
            if (rc == SG_OK)
                item = json_pack(
                    "{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:o}", "id", r->public_id, "status",
                    r->status, "purpose", r->purpose, "legal_basis", r->legal_basis, "from",
                    svc_org_ref(tx, r->from_org_id), "to", svc_org_ref(tx, r->to_org_id),
                    "person_id", person, "created_at", r->created_at, "clocks", clocks);
        }
        if (rc == SG_OK && json_array_append_new(lc->items, item) != 0)
            rc = SG_ENOMEM;
        if (rc == SG_OK && !withdrawn)
            rc = audit_record_person(tx, lc->a->keys, lc->who, "referral.read", "referral",
                                     r->public_id, r->person_id, "list referrals");
        lc->last = rows[i].id;
    }
    for (int i = 0; i < n; i++)
        store_referral_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

int referral_list(app *a, const actor *who, const char *box, const char *status, const char *cursor,
                  int limit, json_t **out, svc_error *err)
{
    if (!may_read_referrals(who))
        return SG_EFORBIDDEN;
    bool in = !box || strcmp(box, "in") == 0;
    if (box && !in && strcmp(box, "out") != 0)
        return svc_invalid(err, "box", "in or out");
    static const char *const statuses[] = {"sent",      "acknowledged", "accepted", "declined",
                                           "completed", "revoked",      NULL};
    if (status && !in_list(statuses, status))
        return svc_invalid(err, "status",
                           "sent, acknowledged, accepted, declined, completed or revoked");
    list_ctx lc = {.a = a, .who = who};
    lc.filter.to_org_id = in ? who->org_id : 0;
    lc.filter.from_org_id = in ? 0 : who->org_id;
    lc.filter.status = status;
    lc.filter.limit = svc_page_limit(a, limit);
    if (lc.filter.limit > LIST_MAX)
        lc.filter.limit = LIST_MAX;
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

/* ---- the life cycle --------------------------------------------------- */

/* On acceptance of a transfer the receiver gets a case of its own, holding
 * what the sender shared: the shared signals (the snapshot of the case's
 * shared parts stays in the referral, where the receiver reads it).  The
 * sender's case stays with the sender, closed as handed over: its
 * consultations, actions and their owners and its Meldcode steps remain the
 * sender's own record. */
static int transfer_case(store_tx *tx, app *a, const actor *who, referral_row *r)
{
    case_row sent, mine;
    int rc = store_case_get(tx, r->case_id, &sent);
    if (rc != SG_OK)
        return rc;
    memset(&mine, 0, sizeof mine);
    token_uuid(mine.public_id);
    mine.person_id = r->person_id;
    mine.org_id = r->to_org_id;
    mine.owner_id = who->user_id;
    mine.opened_by = who->user_id;
    text_copy(mine.status, sizeof mine.status, "open");
    text_copy(mine.consent_status, sizeof mine.consent_status, "none");
    mine.next_step = 1;
    date_today_plus(a->cfg.step_days, mine.next_step_due);
    clock_format_iso(clock_now_ms(), mine.opened_at);
    text_copy(mine.last_progress_at, sizeof mine.last_progress_at, mine.opened_at);
    rc = store_case_insert(tx, &mine);
    char buf[sizeof r->signal_ids];
    text_copy(buf, sizeof buf, referral_shares_part(r, "signals") ? r->signal_ids : "");
    for (char *p = buf; rc == SG_OK && p && *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        signal_row s;
        rc = store_signal_find_public(tx, p, &s);
        if (rc == SG_OK) {
            rc = store_case_add_signal(tx, mine.id, s.id);
            store_signal_clear(&s);
        }
        p = comma ? comma + 1 : NULL;
    }
    if (rc == SG_OK) {
        text_copy(sent.status, sizeof sent.status, "closed");
        text_copy(sent.closed_at, sizeof sent.closed_at, mine.opened_at);
        text_copy(sent.last_progress_at, sizeof sent.last_progress_at, mine.opened_at);
        rc = store_case_update(tx, &sent);
    }
    clocks_event opened = {.name = "case.opened",
                           .subject_type = "case",
                           .subject_id = mine.public_id,
                           .person_id = mine.person_id,
                           .sender_org = mine.org_id};
    clocks_event closed = {.name = "case.closed",
                           .subject_type = "case",
                           .subject_id = sent.public_id,
                           .person_id = sent.person_id,
                           .sender_org = sent.org_id};
    if (rc == SG_OK)
        rc = clocks_event_record(tx, &opened);
    if (rc == SG_OK)
        rc = clocks_event_record(tx, &closed);
    /* The case's new holder needs the child's record for good. */
    if (rc == SG_OK)
        rc = store_person_grant(tx, r->person_id, r->to_org_id, "transfer");
    r->received_case_id = mine.id;
    return rc;
}

/* Takes jc->action on r, loaded for jc->who; renders it when render. */
static int act_on(store_tx *tx, job_ctx *jc, referral_row *r, bool render)
{
    int rc = SG_OK;
    bool receiver = r->to_org_id == jc->who->org_id;
    const char *next = NULL;
    if (referral_action_by_receiver(jc->action) != receiver) {
        jc->why = receiver ? "only the sender can revoke a referral"
                           : "only the receiving organisation can do this";
        rc = SG_ESTATE;
    }
    if (rc == SG_OK)
        rc = referral_transition(r->status, jc->action, &next, &jc->why);
    if (rc == SG_OK && jc->action == REFERRAL_DECLINE)
        rc = vault_seal_field(jc->a->keys, "referrals.decline_reason", r->public_id, jc->reason,
                              &r->decline_reason_enc, &r->decline_reason_enc_len);
    if (rc == SG_OK && jc->action == REFERRAL_ACCEPT && r->transfer)
        rc = transfer_case(tx, jc->a, jc->who, r);
    if (rc == SG_OK) {
        text_copy(r->status, sizeof r->status, next);
        if (jc->action == REFERRAL_ACCEPT)
            r->to_user_id = jc->who->user_id;
        clock_format_iso(clock_now_ms(), r->updated_at);
        rc = store_referral_update(tx, r);
    }
    if (rc == SG_OK && (jc->action == REFERRAL_DECLINE || jc->action == REFERRAL_REVOKE))
        rc = withdraw(tx, r);
    org_row to;
    if (rc == SG_OK)
        rc = store_org_get(tx, r->to_org_id, &to);
    const char *event = referral_action_event(jc->action);
    clocks_event ev = {.name = event,
                       .subject_type = "referral",
                       .subject_id = r->public_id,
                       .person_id = r->person_id,
                       .sender_org = r->from_org_id,
                       .receiver_org = r->to_org_id,
                       .to_type = rc == SG_OK ? to.type : NULL};
    if (rc == SG_OK)
        rc = clocks_event_record(tx, &ev);
    if (rc == SG_OK && !jc->quiet)
        rc = notify_role(tx, receiver ? r->from_org_id : r->to_org_id, "", event, "referral",
                         r->public_id, jc->who->org_id);
    char action[40];
    snprintf(action, sizeof action, "referral.%s", event + strlen("referral."));
    if (rc == SG_OK)
        rc = audit_record_person(tx, jc->a->keys, jc->who, action, "referral", r->public_id,
                                 r->person_id, "work a referral");
    if (rc == SG_OK && render)
        rc = referral_render(tx, jc->a, jc->who, r, &jc->result);
    return rc;
}

static int act_job(store_tx *tx, void *arg)
{
    job_ctx *jc = arg;
    referral_row r;
    int rc = load(tx, jc->who, jc->id, &r);
    if (rc != SG_OK)
        return rc;
    rc = act_on(tx, jc, &r, true);
    store_referral_clear(&r);
    return rc;
}

int referral_act_on_subject_tx(store_tx *tx, app *a, const actor *who, int64_t person_id,
                               const char *subject_id, referral_action action)
{
    referral_filter f = {.to_org_id = who->org_id, .person_id = person_id, .limit = LIST_MAX};
    referral_row *rows = sg_calloc(LIST_MAX, sizeof *rows);
    int n = 0;
    int rc = rows ? store_referral_list(tx, &f, rows, &n) : SG_ENOMEM;
    job_ctx jc = {.a = a, .who = who, .action = action, .quiet = true};
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const char *next, *why;
        if (strcmp(rows[i].subject_id, subject_id) == 0
            && referral_transition(rows[i].status, action, &next, &why) == SG_OK)
            rc = act_on(tx, &jc, &rows[i], false);
    }
    for (int i = 0; i < n; i++)
        store_referral_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

int referral_act(app *a, const actor *who, const char *id, const char *action, const char *reason,
                 json_t **out, svc_error *err)
{
    if (!access_may_refer(who))
        return SG_EFORBIDDEN;
    job_ctx jc = {.a = a, .who = who, .id = id, .reason = reason, .err = err};
    if (referral_action_parse(action, &jc.action) != SG_OK)
        return svc_invalid(err, "action", "acknowledge, accept, decline, complete or revoke");
    if (jc.action == REFERRAL_DECLINE
        && (!reason || text_is_blank(reason) || text_utf8_length(reason) > NOTE_MAX_CHARS))
        return svc_invalid(err, "reason", "declining needs a reason of at most 2000 characters");
    int rc = store_write(a->db, act_job, &jc);
    if (rc == SG_ESTATE && err)
        err->reason = jc.why;
    return svc_result(rc, jc.result, out);
}
