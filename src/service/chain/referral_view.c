/* A referral as one side sees it (see chain_int.h). */
#include <sodium.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "service/chain/chain.h"
#include "service/chain/chain_int.h"
#include "service/school/case_view.h"

bool referral_shares_part(const referral_row *r, const char *part)
{
    char buf[160];
    text_copy(buf, sizeof buf, r->shares);
    for (char *p = buf; p && *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (strcmp(p, part) == 0)
            return true;
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

/* What the referral shares.  The receiver does not learn which of the
 * sender's staff observed a signal: its contact is the sender. */
static int render_shared(store_tx *tx, app *a, const referral_row *r, bool sender, json_t *shared)
{
    int rc = SG_OK;
    /* What a case shared is the snapshot taken when it was sent. */
    if (r->snapshot_enc && r->snapshot_enc_len > 0) {
        char *plain = NULL;
        json_error_t jerr;
        rc = vault_open_field(a->keys, "referrals.snapshot", r->public_id, r->snapshot_enc,
                              r->snapshot_enc_len, &plain);
        json_t *snapshot = rc == SG_OK ? json_loads(plain, 0, &jerr) : NULL;
        if (rc == SG_OK && !snapshot)
            rc = SG_EDB;
        if (rc == SG_OK)
            json_object_update(shared, snapshot);
        json_decref(snapshot);
        if (plain)
            sodium_memzero(plain, strlen(plain));
        sg_free(plain);
    }
    if (referral_shares_part(r, "signals") && r->signal_ids[0]) {
        json_t *list = json_array();
        char buf[1024];
        text_copy(buf, sizeof buf, r->signal_ids);
        for (char *p = buf; rc == SG_OK && p && *p;) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            signal_row s;
            rc = store_signal_find_public(tx, p, &s);
            if (rc == SG_OK) {
                json_t *j = case_signal_json(tx, a, sender ? s.org_id : 0, &s);
                if (j && !sender)
                    json_object_del(j, "observer");
                json_array_append_new(list, j);
                store_signal_clear(&s);
            }
            p = comma ? comma + 1 : NULL;
        }
        json_object_set_new(shared, "signals", list);
    }
    if (rc == SG_OK && r->subject_id[0] && referral_shares_part(r, "screening")) {
        screening_row s;
        rc = store_screening_find_public(tx, r->subject_id, &s);
        if (rc == SG_OK) {
            json_object_set_new(shared, "screening", screening_json(tx, a, &s));
            store_screening_clear(&s);
        }
    }
    /* The decision in full, or only that the OM decided what and when. */
    bool full = referral_shares_part(r, "decision");
    if (rc == SG_OK && r->subject_id[0] && (full || referral_shares_part(r, "decision-fact"))) {
        decision_row d;
        rc = store_decision_find_public(tx, r->subject_id, &d);
        if (rc == SG_OK) {
            json_object_set_new(shared, "decision",
                                decision_json(tx, a, &d, full ? DECISION_FULL : DECISION_FACT));
            store_decision_clear(&d);
        }
    }
    return rc;
}

static int render_person(store_tx *tx, app *a, const referral_row *r, bool identity, json_t *out)
{
    person_row p;
    int rc = store_person_get(tx, r->person_id, &p);
    if (rc != SG_OK)
        return rc;
    json_t *person = json_pack("{s:s, s:i}", "id", p.public_id, "birth_year", p.birth_year);
    if (identity && referral_shares_part(r, "identity")) {
        char *name = NULL, *birth = NULL;
        rc = vault_open_field(a->keys, "persons.name", p.public_id, p.name_enc, p.name_enc_len,
                              &name);
        if (rc == SG_OK)
            rc = vault_open_field(a->keys, "persons.birth_date", p.public_id, p.birth_date_enc,
                                  p.birth_date_enc_len, &birth);
        if (rc == SG_OK) {
            json_object_set_new(person, "name", json_string(name));
            json_object_set_new(person, "birth_date", json_string(birth));
            json_object_set_new(person, "gender", json_string(p.gender));
            json_object_set_new(person, "municipality", json_string(p.municipality));
        }
        sg_free(name);
        sg_free(birth);
    }
    json_object_set_new(out, "person", person);
    store_person_clear(&p);
    return rc;
}

static json_t *split_list(const char *csv)
{
    json_t *list = json_array();
    char buf[1024];
    text_copy(buf, sizeof buf, csv);
    for (char *p = buf; *buf && p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        json_array_append_new(list, json_string(p));
        p = comma ? comma + 1 : NULL;
    }
    return list;
}

static int open_optional(const app *a, const char *column, const referral_row *r,
                         const unsigned char *enc, size_t len, char **out)
{
    *out = NULL;
    return enc ? vault_open_field(a->keys, column, r->public_id, enc, len, out) : SG_OK;
}

/* A referral withdrawn from its receiver (revoked, or declined): that there
 * was one, between whom, where it stands and its clocks; nothing of its
 * content, nor which child, nor who sent it. */
static int render_bare(store_tx *tx, app *a, const referral_row *r, json_t **out)
{
    /* The reason the receiver gave when it declined is its own words. */
    char *declined = NULL;
    int rc = open_optional(a, "referrals.decline_reason", r, r->decline_reason_enc,
                           r->decline_reason_enc_len, &declined);
    json_t *clocks = NULL;
    if (rc == SG_OK)
        rc = chain_subject_clocks(tx, r->to_org_id, "referral", r->public_id, &clocks);
    if (rc != SG_OK) {
        sg_free(declined);
        return rc;
    }
    *out = json_pack("{s:s, s:s, s:o, s:o, s:s, s:s, s:I, s:b, s:s*, s:o}", "id", r->public_id,
                     "status", r->status, "from", svc_org_ref(tx, r->from_org_id), "to",
                     svc_org_ref(tx, r->to_org_id), "created_at", r->created_at, "updated_at",
                     r->updated_at, "version", (json_int_t)r->version, "sent_by_me", false,
                     "decline_reason", declined, "clocks", clocks);
    sg_free(declined);
    return *out ? SG_OK : SG_ENOMEM;
}

/* The referral as one side sees it.  The receiver sees the shared content
 * while the referral stands, and after a revoke or decline only that there
 * was one; the sender always sees what it shared.  Outside the sending
 * organisation its contact is the organisation, never the person who sent
 * it.  A privacy officer checks the legal basis: the sending side's officer
 * sees it with the reason for an override, neither side's officer the
 * content. */
int referral_render(store_tx *tx, app *a, const actor *who, const referral_row *r, json_t **out)
{
    bool sender = who->org_id == r->from_org_id;
    bool standing = strcmp(r->status, "revoked") != 0 && strcmp(r->status, "declined") != 0;
    if (!sender && !standing)
        return render_bare(tx, a, r, out);
    bool content = who->role != ROLE_PRIVACY_OFFICER;
    char *note = NULL, *override = NULL, *declined = NULL;
    int rc = content ? open_optional(a, "referrals.note", r, r->note_enc, r->note_enc_len, &note)
                     : SG_OK;
    if (rc == SG_OK && sender)
        rc = open_optional(a, "referrals.override_reason", r, r->override_reason_enc,
                           r->override_reason_enc_len, &override);
    if (rc == SG_OK)
        rc = open_optional(a, "referrals.decline_reason", r, r->decline_reason_enc,
                           r->decline_reason_enc_len, &declined);
    user_row from;
    json_t *j = NULL, *clocks = NULL;
    if (rc == SG_OK && sender)
        rc = store_user_get(tx, r->from_user_id, &from);
    if (rc == SG_OK)
        rc = chain_subject_clocks(tx, who->org_id, "referral", r->public_id, &clocks);
    if (rc == SG_OK) {
        j = json_pack("{s:s, s:s, s:s, s:s*, s:s, s:{s:s*, s:s*}, s:s*, s:o, s:b, s:o, s:s*,"
                      " s:o, s:s*, s:s, s:s, s:I, s:o, s:b}",
                      "id", r->public_id, "status", r->status, "purpose", r->purpose, "note", note,
                      "legal_basis", r->legal_basis, "consent", "party",
                      r->consent_party[0] ? r->consent_party : NULL, "on",
                      r->consent_on[0] ? r->consent_on : NULL, "override_reason", override,
                      "shares", split_list(r->shares), "transfer", r->transfer, "from",
                      svc_org_ref(tx, r->from_org_id), "sent_by", sender ? from.login : NULL, "to",
                      svc_org_ref(tx, r->to_org_id), "decline_reason", declined, "created_at",
                      r->created_at, "updated_at", r->updated_at, "version", (json_int_t)r->version,
                      "clocks", clocks, "sent_by_me", sender);
        clocks = NULL;
        rc = j ? SG_OK : SG_ENOMEM;
    }
    if (rc == SG_OK)
        rc = render_person(tx, a, r, content, j);
    if (rc == SG_OK && content) {
        json_t *shared = json_object();
        rc = render_shared(tx, a, r, sender, shared);
        json_object_set_new(j, "shared", shared);
    }
    if (rc == SG_OK && content && sender && r->case_id) {
        case_row c;
        if (store_case_get(tx, r->case_id, &c) == SG_OK)
            json_object_set_new(j, "case_id", json_string(c.public_id));
    }
    /* A transfer the receiver accepted: the case it became there. */
    if (rc == SG_OK && content && !sender && r->received_case_id) {
        case_row c;
        if (store_case_get(tx, r->received_case_id, &c) == SG_OK)
            json_object_set_new(j, "received_case_id", json_string(c.public_id));
    }
    json_decref(clocks);
    sg_free(note);
    sg_free(override);
    sg_free(declined);
    if (rc != SG_OK) {
        json_decref(j);
        return rc;
    }
    *out = j;
    return SG_OK;
}
