/* Handlers: learning paths, modules, cases and answers, the explanations,
 * the coordinator's counts, resilience lessons and the expert group.  They
 * translate only; the rules live in service/learning. */
#include <stdio.h>
#include <string.h>

#include "http/h_learning.h"
#include "service/learning/learning.h"

#define PICKED_MAX 24

static int answer(http_res *res, int rc, json_t *out, const svc_error *err, int status)
{
    if (rc == SG_ESTATE && !(err && err->reason))
        return res_problem(res, 409, "Not published yet",
                           "The learning material this needs has not been published yet.");
    return res_answer(res, rc, out, err, status);
}

/* ---- learners ------------------------------------------------------------ */

int h_learning_paths(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = learning_paths(a, &req->who, &out);
    return answer(res, rc, out, NULL, 200);
}

int h_learning_path(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = learning_path_get(a, &req->who, req->params[0], &out);
    return answer(res, rc, out, NULL, 200);
}

int h_learning_module(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = learning_module_get(a, &req->who, req->params[0], &out);
    return answer(res, rc, out, NULL, 200);
}

int h_learning_module_done(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = learning_module_done(a, &req->who, req->params[0], &out);
    return answer(res, rc, out, NULL, 200);
}

int h_learning_case(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = learning_case_get(a, &req->who, req->params[0], &out);
    return answer(res, rc, out, NULL, 200);
}

int h_learning_answer(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    const char *picked[PICKED_MAX];
    int n = req_strings(req, "picked", picked, PICKED_MAX);
    int rc = learning_case_answer(a, &req->who, req->params[0], picked, n, &out, &err);
    return answer(res, rc, out, &err, 201);
}

int h_learning_progress(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = learning_progress(a, &req->who, &out);
    return answer(res, rc, out, NULL, 200);
}

int h_learning_explanations(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = learning_explanations_get(a, &req->who, &out);
    return answer(res, rc, out, NULL, 200);
}

int h_learning_overview(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = learning_overview(a, &req->who, &out);
    return answer(res, rc, out, NULL, 200);
}

int h_learning_publish(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    const char *content = req_str(req, "content");
    int rc = learning_publish(a, &req->who, req_str(req, "kind"), content,
                              content ? strlen(content) : 0, &out, &err);
    return answer(res, rc, out, &err, 201);
}

/* ---- resilience lessons ----------------------------------------------------- */

int h_resilience_programmes(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = resilience_programmes_get(a, &req->who, &out);
    return answer(res, rc, out, NULL, 200);
}

int h_resilience_lessons(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = resilience_lesson_list(a, &req->who, req_query(req, "from"), req_query(req, "until"),
                                    req_query(req, "cursor"), limit, &out, &err);
    return answer(res, rc, out, &err, 200);
}

int h_resilience_lesson_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    resilience_input in = {.programme_id = req_str(req, "programme_id"),
                           .year_group = req_str(req, "year_group"),
                           .classes = (long)req_int(req, "classes", 0),
                           .lessons = (long)req_int(req, "lessons", 0),
                           .given_from = req_str(req, "given_from"),
                           .given_until = req_str(req, "given_until")};
    int rc = resilience_lesson_create(a, &req->who, &in, &out, &err);
    return res_created(res, rc, out, &err, "learning/resilience-lessons");
}

int h_resilience_lesson_delete(app *a, http_req *req, http_res *res)
{
    int rc = resilience_lesson_delete(a, &req->who, req->params[0]);
    if (rc == SG_OK) {
        res->status = 204;
        return SG_OK;
    }
    return res_status(res, rc, NULL);
}

int h_resilience_counts(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = resilience_lesson_counts(a, &req->who, req_query(req, "from"), req_query(req, "until"),
                                      &out, &err);
    return answer(res, rc, out, &err, 200);
}

/* ---- the expert group ---------------------------------------------------------- */

int h_expert_offers(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = expert_offers_get(a, &req->who, &out);
    return answer(res, rc, out, NULL, 200);
}

int h_expert_requests(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = expert_request_list(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return answer(res, rc, out, &err, 200);
}

int h_expert_request_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    expert_request_input in = {.offer_id = req_str(req, "offer_id"),
                               .purpose = req_str(req, "purpose"),
                               .contact = req_str(req, "contact"),
                               .expert_group_id = req_str(req, "expert_group_id")};
    int rc = expert_request_create(a, &req->who, &in, &out, &err);
    return res_created(res, rc, out, &err, "expert-requests");
}

int h_expert_request_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = expert_request_get(a, &req->who, req->params[0], &out);
    return answer(res, rc, out, NULL, 200);
}

int h_expert_request_update(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = expert_request_update(a, &req->who, req->params[0], req_str(req, "status"),
                                   req_str(req, "answer"), &out, &err);
    if (rc == SG_ESTATE)
        return res_problem(res, 409, "Not allowed now",
                           "A request can be accepted or declined while new, and marked done"
                           " once accepted.");
    return answer(res, rc, out, &err, 200);
}
