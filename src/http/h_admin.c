/* Handlers: organisations, users and API tokens. */
#include <stdio.h>
#include <string.h>

#include "http/server_int.h"
#include "service/admin/admin.h"

/* Reads the limit query parameter or answers 400. */
int h_org_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = org_list(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, &err);
}

int h_org_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    org_input in = {.name = req_str(req, "name"),
                    .type = req_str(req, "type"),
                    .require_mfa = req_bool(req, "require_mfa", false),
                    .municipality = req_str(req, "municipality")};
    int rc = org_create(a, &req->who, &in, &out, &err);
    if (rc != SG_OK)
        return res_status(res, rc, &err);
    snprintf(res->location, sizeof res->location, "/api/v1/organisations/%s",
             json_string_value(json_object_get(out, "id")));
    return res_json(res, 201, out);
}

int h_org_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = org_get(a, &req->who, req->params[0], &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}

int h_org_update(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    svc_error err = {0};
    bool mfa = json_object_get(req->json, "require_mfa") != NULL;
    bool municipality = json_object_get(req->json, "municipality") != NULL;
    if (!mfa && !municipality)
        return res_problem(res, 400, "Nothing to change", "Send requireMfa or municipality.");
    int rc = SG_OK;
    if (municipality)
        rc = org_set_municipality(a, &req->who, req->params[0], req_str(req, "municipality"), &out,
                                  &err);
    if (rc == SG_OK && mfa) {
        json_decref(out);
        out = NULL;
        rc = org_set_require_mfa(a, &req->who, req->params[0], req_bool(req, "require_mfa", false),
                                 &out);
    }
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, &err);
}

int h_user_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = user_list(a, &req->who, req_query(req, "organisation"), req_query(req, "cursor"),
                       limit, &out, &err);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, &err);
}

int h_user_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    user_input in = {.login = req_str(req, "login"),
                     .org = req_str(req, "organisation"),
                     .role = req_str(req, "role"),
                     .password = req_str(req, "password")};
    int rc = user_create(a, &req->who, &in, &out, &err);
    if (rc != SG_OK)
        return res_status(res, rc, &err);
    snprintf(res->location, sizeof res->location, "/api/v1/users/%s",
             json_string_value(json_object_get(out, "id")));
    return res_json(res, 201, out);
}

int h_user_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = user_get(a, &req->who, req->params[0], &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}

int h_user_update(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    json_t *disabled = json_object_get(req->json, "disabled");
    user_update in = {.disabled = disabled ? json_is_true(disabled) : -1,
                      .reset_password = req_bool(req, "reset_password", false),
                      .reset_totp = req_bool(req, "reset_totp", false)};
    int rc = user_modify(a, &req->who, req->params[0], &in, &out, &err);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, &err);
}

int h_user_tokens(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = user_token_list(a, &req->who, req->params[0], &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}

int h_token_delete(app *a, http_req *req, http_res *res)
{
    int rc = token_revoke(a, &req->who, req->params[0]);
    if (rc != SG_OK)
        return res_status(res, rc, NULL);
    res->status = 204;
    return SG_OK;
}

int h_colleagues(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = user_colleagues(a, &req->who, &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}
