/* Handlers: referrals, clocks, notifications, screenings, decisions, interventions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "http/h_chain.h"
#include "service/admin/admin.h"
#include "service/chain/chain.h"
#include "service/chain/comensha.h"
#include "service/chain/decisions.h"
#include "service/chain/interventions.h"
#include "service/chain/police.h"
#include "service/chain/referrals.h"
#include "service/rulesets.h"

/* ---- referrals -------------------------------------------------------- */

int h_org_directory(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = org_directory(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_referral_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = referral_list(a, &req->who, req_query(req, "box"), req_query(req, "status"),
                           req_query(req, "cursor"), limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_referral_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    referral_input in = {.person_id = req_str(req, "person_id"),
                         .case_id = req_str(req, "case_id"),
                         .to_org = req_str(req, "to"),
                         .purpose = req_str(req, "purpose"),
                         .note = req_str(req, "note"),
                         .legal_basis = req_str(req, "legal_basis"),
                         .consent_party = req_str(req, "consent_party"),
                         .consent_on = req_str(req, "consent_on"),
                         .override_reason = req_str(req, "override_reason"),
                         .subject_id = req_str(req, "subject_id"),
                         .transfer = req_bool(req, "transfer", false)};
    in.nshares = req_strings(req, "shares", in.shares, REFERRAL_MAX_SHARES);
    in.nsignals = req_strings(req, "signal_ids", in.signal_ids, REFERRAL_MAX_SIGNALS);
    int rc = referral_send(a, &req->who, &in, &out, &err);
    return res_created(res, rc, out, &err, "referrals");
}

int h_referral_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = referral_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_referral_update(app *a, http_req *req, http_res *res)
{
    static const struct {
        const char *status;
        const char *action;
    } map[] = {{"acknowledged", "acknowledge"},
               {"accepted", "accept"},
               {"declined", "decline"},
               {"completed", "complete"},
               {"revoked", "revoke"}};
    svc_error err = {0};
    json_t *out = NULL;
    const char *status = req_str(req, "status"), *action = NULL;
    for (size_t i = 0; status && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(status, map[i].status) == 0)
            action = map[i].action;
    int rc = referral_act(a, &req->who, req->params[0], action, req_str(req, "reason"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

/* ---- clocks and notifications ----------------------------------------- */

int h_clocks(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    const char *all = req_query(req, "all");
    int rc = chain_clocks_list(a, &req->who, all && strcmp(all, "true") == 0, &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_clock_report(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = chain_clock_report(a, &req->who, &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_notifications(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = chain_notifications(a, &req->who, &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_notification_update(app *a, http_req *req, http_res *res)
{
    if (!req_bool(req, "read", false)) {
        svc_error err = {.field = "read", .reason = "send true to mark the notification read"};
        return res_invalid(res, &err);
    }
    int rc = chain_notification_read(a, &req->who, req->params[0]);
    if (rc != SG_OK)
        return res_status(res, rc, NULL);
    res->status = 204;
    return SG_OK;
}

/* ---- screenings, diversions and decisions ----------------------------- */

static void screening_fields(const http_req *req, screening_input *in)
{
    json_t *outside = json_object_get(req->json, "outside_region");
    in->person_id = req_str(req, "person_id");
    in->arrested_on = req_str(req, "arrested_on");
    in->offence = req_str(req, "offence");
    in->outside_region = outside ? json_is_true(outside) : -1;
    in->answers = json_object_get(req->json, "answers");
    in->account = req_str(req, "account");
    in->relations = json_object_get(req->json, "relations");
}

int h_screening_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = screening_list(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_screening_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    screening_input in;
    screening_fields(req, &in);
    int rc = screening_create(a, &req->who, &in, &out, &err);
    return res_created(res, rc, out, &err, "screenings");
}

int h_screening_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = screening_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_screening_update(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    screening_input in;
    screening_fields(req, &in);
    int rc = screening_update(a, &req->who, req->params[0], &in, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_screening_complete(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = screening_complete(a, &req->who, req->params[0], req_str(req, "signs"),
                                req_str(req, "reason"), req_str(req, "om"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_screening_receipt(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = screening_receive(a, &req->who, req->params[0], &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_diversion_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = diversion_record(a, &req->who, req_str(req, "screening_id"), req_str(req, "kind"),
                              req_str(req, "note"), &out, &err);
    if (rc == SG_ESTATE)
        return res_problem(res, 409, "The diversion must wait",
                           err.reason ? err.reason
                                      : "The screening of this arrest is not complete.");
    return res_answer(res, rc, out, &err, 201);
}

int h_decision_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    decision_input in = {.screening_id = req_str(req, "screening_id"),
                         .decision = req_str(req, "decision"),
                         .ground = req_str(req, "ground"),
                         .reasoning = req_str(req, "reasoning"),
                         .financial_investigation = req_bool(req, "financial_investigation", false),
                         .due_on = req_str(req, "due_on"),
                         .possible_victim = req_bool(req, "possible_victim", false),
                         .victim_of = req_str(req, "victim_of"),
                         .expert_group = req_str(req, "expert_group"),
                         .victim_of_ids = json_object_get(req->json, "victim_of_ids")};
    int rc = decision_record(a, &req->who, &in, &out, &err);
    return res_created(res, rc, out, &err, "prosecution-decisions");
}

int h_decision_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = decision_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_comensha_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    comensha_input in = {.screening_id = req_str(req, "screening_id"),
                         .decision_id = req_str(req, "decision_id"),
                         .reported_on = req_str(req, "reported_on"),
                         .what = req_str(req, "what"),
                         .note = req_str(req, "note")};
    int rc = comensha_report(a, &req->who, &in, &out, &err);
    return res_created(res, rc, out, &err, "comensha-reports");
}

int h_comensha_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = comensha_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

/* ---- interventions ---------------------------------------------------- */

int h_interventions(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int64_t version = 0;
    if (req_version(req, res, &version) != SG_OK)
        return SG_OK;
    int rc = interventions_catalogue(a, &req->who, version, &out);
    if (rc == SG_ENOTFOUND)
        return res_problem(res, 404, "Not found",
                           version ? "No intervention catalogue of that version."
                                   : "No intervention catalogue is published yet.");
    return res_answer(res, rc, out, NULL, 200);
}

int h_person_interventions(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    char needs_buf[256] = "";
    const char *needs[INTERVENTION_MAX_NEEDS + 1];
    int nneeds = 0;
    const char *q = req_query(req, "needs");
    if (q) {
        if (strlen(q) >= sizeof needs_buf) {
            err.field = "needs";
            err.reason = "too long";
            return res_invalid(res, &err);
        }
        memcpy(needs_buf, q, strlen(q) + 1);
        for (char *p = needs_buf; p && *p && nneeds <= INTERVENTION_MAX_NEEDS;) {
            char *comma = strchr(p, ',');
            if (comma)
                *comma = '\0';
            needs[nneeds++] = p;
            p = comma ? comma + 1 : NULL;
        }
    }
    int rc = interventions_for(a, &req->who, req->params[0], needs, nneeds, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_enrolment_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = enrolment_list(a, &req->who, req_query(req, "person_id"), req_query(req, "cursor"),
                            limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_enrolment_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = enrolment_create(a, &req->who, req_str(req, "person_id"), req_str(req, "programme_id"),
                              req_str(req, "reason"), &out, &err);
    return res_created(res, rc, out, &err, "enrolments");
}

int h_enrolment_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = enrolment_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_enrolment_update(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    json_t *m = json_object_get(req->json, "milestone");
    enrolment_change in = {.status = req_str(req, "status"),
                           .enrolled_on = req_str(req, "enrolled_on"),
                           .outcome = req_str(req, "outcome"),
                           .outcome_note = req_str(req, "outcome_note"),
                           .milestone_on = json_string_value(json_object_get(m, "on")),
                           .milestone_kind = json_string_value(json_object_get(m, "kind")),
                           .milestone_note = json_string_value(json_object_get(m, "note"))};
    int rc = enrolment_update(a, &req->who, req->params[0], &in, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

/* ---- the published rules ---------------------------------------------- */

static int rules(app *a, http_req *req, http_res *res, const char *kind)
{
    json_t *out = NULL;
    int64_t version = 0;
    if (req_version(req, res, &version) != SG_OK)
        return SG_OK;
    int rc = ruleset_get(a, &req->who, kind, version, &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_clock_rules(app *a, http_req *req, http_res *res)
{
    return rules(a, req, res, "clocks");
}

int h_screening_rules(app *a, http_req *req, http_res *res)
{
    return rules(a, req, res, "screening");
}

int h_prosecution_rules(app *a, http_req *req, http_res *res)
{
    return rules(a, req, res, "prosecution");
}
