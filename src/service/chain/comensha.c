/* Use cases: reports of a possible victim to CoMensha (see comensha.h). */
#include "service/chain/comensha.h"

#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/chain/chain_int.h"
#include "service/clocks.h"

#define NOTE_MAX_CHARS 1000
#define DECISIONS_MAX 20

typedef struct report_ctx {
    screen_ctx sc;
    const comensha_input *in;
    comensha_row row;
} report_ctx;

/* Whether a report is offered for the loaded screening: on the signs the
 * police confirmed, or for a possible victim the OM marked. */
static int offered(store_tx *tx, const prosecution_rules *rules, const screening_row *s, bool *out)
{
    screening_signs signs = SIGNS_NONE;
    if (screening_signs_parse(s->confirmed_signs, &signs) != SG_OK)
        return SG_EDB;
    decision_row rows[DECISIONS_MAX];
    int n = 0;
    int rc = store_decision_list(tx, s->id, rows, DECISIONS_MAX, &n);
    bool victim = false;
    for (int i = 0; i < n; i++) {
        victim = victim || rows[i].possible_victim;
        store_decision_clear(&rows[i]);
    }
    *out = prosecution_comensha_offered(rules, signs, victim);
    return rc;
}

/* The decision the report names: one of this screening's. */
static int find_decision(store_tx *tx, report_ctx *rc_)
{
    screen_ctx *sc = &rc_->sc;
    decision_row d;
    int rc = token_is_uuid(rc_->in->decision_id)
                 ? store_decision_find_public(tx, rc_->in->decision_id, &d)
                 : SG_ENOTFOUND;
    if (rc == SG_OK) {
        bool ours = d.screening_id == sc->row.id;
        rc_->row.decision_id = d.id;
        store_decision_clear(&d);
        if (!ours)
            rc = SG_ENOTFOUND;
    }
    return rc == SG_ENOTFOUND ? svc_invalid(sc->err, "decision_id", "no decision on this screening")
                              : rc;
}

static int check_report(store_tx *tx, report_ctx *rx)
{
    screen_ctx *sc = &rx->sc;
    if (strcmp(sc->row.status, "completed") != 0) {
        sc->why = "a report to CoMensha is registered once the screening is complete and the"
                  " signs are confirmed";
        return SG_ESTATE;
    }
    date on, arrested;
    if (date_parse(rx->in->reported_on, &on) == SG_OK
        && date_parse(sc->row.arrested_on, &arrested) == SG_OK && date_compare(&on, &arrested) < 0)
        return svc_invalid(sc->err, "reported_on", "not before the day of the arrest");
    prosecution_rules rules;
    int rc = prosecution_rules_load(tx, &rules);
    if (rc == SG_ESTATE)
        sc->why = "no rules for CoMensha reports have been published yet";
    if (rc != SG_OK)
        return rc;
    bool open = false;
    rc = offered(tx, &rules, &sc->row, &open);
    if (rc == SG_OK && !open) {
        sc->why = "a report to CoMensha is offered when the police confirm possible or strong"
                  " signs of exploitation or the OM marks a possible victim";
        rc = SG_ESTATE;
    }
    if (rc == SG_OK && !prosecution_comensha_what_known(&rules, rx->in->what))
        rc = svc_invalid(sc->err, "what", "a kind of report of the published rules");
    prosecution_rules_free(&rules);
    if (rc == SG_OK && rx->in->decision_id)
        rc = find_decision(tx, rx);
    return rc;
}

static int report_job(store_tx *tx, void *arg)
{
    report_ctx *rx = arg;
    screen_ctx *sc = &rx->sc;
    int rc = police_load(tx, sc);
    if (rc == SG_ENOTFOUND)
        return svc_invalid(sc->err, "screening_id", "no such screening of your organisation");
    if (rc == SG_OK)
        rc = check_report(tx, rx);
    if (rc != SG_OK)
        return rc;
    rx->row.person_id = sc->row.person_id;
    rx->row.screening_id = sc->row.id;
    rc = store_comensha_insert(tx, &rx->row);
    /* Any report stops the clocks of both sides: the victim is known now. */
    clocks_event ev = {.name = "screening.comensha-reported",
                       .subject_type = "screening",
                       .subject_id = sc->row.public_id,
                       .person_id = sc->row.person_id,
                       .sender_org = sc->row.police_org_id,
                       .receiver_org = sc->row.om_org_id};
    if (rc == SG_OK)
        rc = clocks_event_record(tx, &ev);
    if (rc == SG_OK)
        rc = audit_record_person(tx, sc->a->keys, sc->who, "comensha.report", "comensha-report",
                                 rx->row.public_id, sc->row.person_id,
                                 "report a possible victim to CoMensha");
    if (rc == SG_OK) {
        sc->result = comensha_json(tx, sc->a, &rx->row);
        if (!sc->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

int comensha_report(app *a, const actor *who, const comensha_input *in, json_t **out,
                    svc_error *err)
{
    if (who->system || (who->role != ROLE_POLICE_OFFICER && who->role != ROLE_PROSECUTOR))
        return SG_EFORBIDDEN;
    date on, today;
    date_today(&today);
    if (!in->screening_id || !token_is_uuid(in->screening_id))
        return svc_invalid(err, "screening_id", "the id of a screening is required");
    if (in->decision_id && !token_is_uuid(in->decision_id))
        return svc_invalid(err, "decision_id", "not the id of a decision");
    if (!in->reported_on || date_parse(in->reported_on, &on) != SG_OK
        || date_compare(&on, &today) > 0)
        return svc_invalid(err, "reported_on", "the day of the report, not in the future");
    if (!in->what || !*in->what || strlen(in->what) >= sizeof((comensha_row *)0)->what)
        return svc_invalid(err, "what", "a kind of report of the published rules");
    if (in->note
        && (text_utf8_length(in->note) > NOTE_MAX_CHARS
            || !text_is_clean_utf8(in->note, strlen(in->note))))
        return svc_invalid(err, "note", "at most 1000 characters");
    report_ctx *rx = sg_calloc(1, sizeof *rx);
    if (!rx)
        return SG_ENOMEM;
    rx->sc = (screen_ctx){.a = a, .who = who, .id = in->screening_id, .err = err};
    rx->in = in;
    comensha_row *r = &rx->row;
    token_uuid(r->public_id);
    r->org_id = who->org_id;
    r->reported_by = who->user_id;
    text_copy(r->reported_on, sizeof r->reported_on, in->reported_on);
    text_copy(r->what, sizeof r->what, in->what);
    clock_format_iso(clock_now_ms(), r->created_at);
    int rc = in->note ? vault_seal_field(a->keys, "comensha_reports.note", r->public_id, in->note,
                                         &r->note_enc, &r->note_enc_len)
                      : SG_OK;
    if (rc == SG_OK)
        rc = police_run(a, &rx->sc, report_job, out, false);
    store_comensha_clear(r);
    sg_free(rx);
    return rc;
}

static int get_job(store_tx *tx, void *arg)
{
    report_ctx *rx = arg;
    screen_ctx *sc = &rx->sc;
    int rc =
        token_is_uuid(sc->id) ? store_comensha_find_public(tx, sc->id, &rx->row) : SG_ENOTFOUND;
    if (rc == SG_OK)
        rc = store_screening_get(tx, rx->row.screening_id, &sc->row);
    if (rc == SG_OK)
        rc = police_access(sc->who, &sc->row);
    if (rc == SG_OK)
        rc = audit_record_person(tx, sc->a->keys, sc->who, "comensha.read", "comensha-report",
                                 rx->row.public_id, sc->row.person_id, "read a report to CoMensha");
    if (rc == SG_OK) {
        sc->result = comensha_json(tx, sc->a, &rx->row);
        if (!sc->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

int comensha_get(app *a, const actor *who, const char *id, json_t **out)
{
    report_ctx rx = {.sc = {.a = a, .who = who, .id = id}};
    int rc = police_run(a, &rx.sc, get_job, out, true);
    store_comensha_clear(&rx.row);
    return rc;
}
