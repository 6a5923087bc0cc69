/* Handlers: the oversight routes (h_oversight.h).  They translate only:
 * the use cases in service/oversight/ decide who sees what. */
#include "http/h_oversight.h"
#include "service/oversight/oversight.h"

int h_role_catalogue(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = oversight_roles(a, &req->who, &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_audit_people(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = oversight_audit_people(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_override_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = oversight_overrides(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}
