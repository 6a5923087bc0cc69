/* Handlers: guidance, cases, consultations, actions, tasks and the chronology. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "http/server_int.h"
#include "service/chain/tasks.h"
#include "service/school/cases.h"
#include "service/school/guidance.h"

int h_signal_assessment(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = guidance_assess_signal(a, &req->who, req->params[0], &out);
    if (rc == SG_ESTATE)
        return res_problem(res, 409, "No guidance rules",
                           "No guidance rules have been published yet.");
    return res_answer(res, rc, out, NULL, 200);
}

int h_guidance_rules(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int64_t version = 0;
    if (req_version(req, res, &version) != SG_OK)
        return SG_OK;
    int rc = guidance_rules_get(a, &req->who, version, &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_case_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = case_list(a, &req->who, req_query(req, "person_id"), req_query(req, "status"),
                       req_query(req, "cursor"), limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_case_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    const char *ids[CASE_MAX_SIGNALS];
    int n = req_strings(req, "signal_ids", ids, CASE_MAX_SIGNALS);
    int rc = case_open(a, &req->who, req_str(req, "person_id"), ids, n, &out, &err);
    if (rc == SG_OK)
        snprintf(res->location, sizeof res->location, "/api/v1/cases/%s",
                 json_string_value(json_object_get(out, "id")));
    return res_answer(res, rc, out, &err, 201);
}

int h_case_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = case_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_case_update(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = case_set_owner(a, &req->who, req->params[0], req_str(req, "owner_id"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_case_signals(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    const char *ids[CASE_MAX_SIGNALS];
    int n = req_strings(req, "signal_ids", ids, CASE_MAX_SIGNALS);
    int rc = case_add_signals(a, &req->who, req->params[0], ids, n, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_case_consent(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = case_set_consent(a, &req->who, req->params[0], req_str(req, "status"),
                              req_str(req, "party"), req_str(req, "on"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_case_step(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    json_t *report = json_object_get(req->json, "report");
    json_t *help = json_object_get(req->json, "help");
    step_input in = {.step = (int)req_int(req, "step", 0),
                     .summary = req_str(req, "summary"),
                     .report = report ? json_is_true(report) : -1,
                     .help = help ? json_is_true(help) : -1,
                     .decision = req_str(req, "decision"),
                     .with_veilig_thuis =
                         json_is_true(json_object_get(req->json, "with_veilig_thuis")),
                     .justification = req_str(req, "justification")};
    in.nconsulted = req_strings(req, "consulted", in.consulted, STEP_MAX_CONSULTED);
    json_t *answers = json_object_get(req->json, "answers");
    for (size_t i = 0; i < 5 && i < json_array_size(answers); i++)
        in.answers[i] = json_string_value(json_array_get(answers, i));
    if (answers && json_array_size(answers) != 5) {
        err.field = "answers";
        err.reason = "five answers, one per question (null for questions not asked)";
        return res_invalid(res, &err);
    }
    int rc = case_record_step(a, &req->who, req->params[0], &in, &out, &err);
    return res_answer(res, rc, out, &err, 201);
}

int h_consultation_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    consultation_input *in = sg_calloc(1, sizeof *in);
    if (!in)
        return SG_ENOMEM;
    in->case_id = req_str(req, "case_id");
    in->held_on = req_str(req, "held_on");
    in->nparticipants =
        req_strings(req, "participants", in->participants, CONSULT_MAX_PARTICIPANTS);
    in->facts = req_str(req, "facts");
    in->life_events = req_str(req, "life_events");
    in->triggers = req_str(req, "triggers");
    in->risk_factors = req_str(req, "risk_factors");
    in->protective_factors = req_str(req, "protective_factors");
    in->unknowns = req_str(req, "unknowns");
    in->question = req_str(req, "question");
    in->question_type = req_str(req, "question_type");
    in->outcome = req_str(req, "outcome");
    in->next_meeting = req_str(req, "next_meeting");
    size_t i;
    json_t *act;
    json_array_foreach(json_object_get(req->json, "actions"), i, act)
    {
        if (in->nactions >= CONSULT_MAX_ACTIONS)
            break;
        action_input *ai = &in->actions[in->nactions++];
        ai->description = json_string_value(json_object_get(act, "description"));
        ai->owner_id = json_string_value(json_object_get(act, "owner_id"));
        ai->due_on = json_string_value(json_object_get(act, "due_on"));
    }
    int rc = consultation_create(a, &req->who, in, &out, &err);
    sg_free(in);
    if (rc == SG_OK)
        snprintf(res->location, sizeof res->location, "/api/v1/consultations/%s",
                 json_string_value(json_object_get(out, "id")));
    return res_answer(res, rc, out, &err, 201);
}

int h_consultation_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = consultation_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_action_update(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    if (!req_bool(req, "done", false)) {
        svc_error err = {.field = "done", .reason = "send true to mark the action done"};
        return res_invalid(res, &err);
    }
    int rc = action_complete(a, &req->who, req->params[0], &out);
    if (rc == SG_ESTATE)
        return res_problem(res, 409, "Done already", "This action was marked done before.");
    return res_answer(res, rc, out, NULL, 200);
}

int h_tasks(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = tasks_list(a, &req->who, &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_person_timeline(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = person_timeline(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}
