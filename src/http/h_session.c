/* Handlers: health, the API description, sessions and the second factor. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "http/server_int.h"

#define COOKIE_NAME "signaal_session"

int h_health(app *a, http_req *req, http_res *res)
{
    (void)a;
    (void)req;
    return res_json(res, 200, json_pack("{s:s, s:s}", "status", "ok", "version", SIGNAAL_VERSION));
}

int h_openapi(app *a, http_req *req, http_res *res)
{
    (void)a;
    (void)req;
    json_t *doc = openapi_document();
    return res_json(res, 200, json_incref(doc));
}

static int set_cookie(http_res *res, const http_req *req, const char *token, int max_age)
{
    char cookie[256];
    snprintf(cookie, sizeof cookie,
             COOKIE_NAME "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", token, max_age,
             req->opt && req->opt->secure_cookies ? "; Secure" : "");
    res->set_cookie = sg_strdup(cookie);
    sodium_memzero(cookie, sizeof cookie);
    return res->set_cookie ? SG_OK : SG_ENOMEM;
}

/* Answers with a session just opened or renewed: who it is, its CSRF
 * token, and the cookie.  Wipes *opened. */
static int answer_session(app *a, http_req *req, http_res *res, login_result *opened,
                          const session_state *st)
{
    json_t *body = NULL;
    int rc = session_describe(a, &opened->who, st, &body);
    if (rc == SG_OK) {
        json_object_del(body, "expires_at");
        json_object_set_new(body, "csrf_token", json_string(opened->csrf_token));
        rc = set_cookie(res, req, opened->token, a->cfg.session_max_s);
    }
    sodium_memzero(opened, sizeof *opened);
    if (rc != SG_OK) {
        json_decref(body);
        return rc;
    }
    return res_json(res, 200, body);
}

int h_session_create(app *a, http_req *req, http_res *res)
{
    login_request in = {.login = req_str(req, "login"),
                        .password = req_str(req, "password"),
                        .otp = req_str(req, "otp"),
                        .client = req->client};
    login_result out;
    int rc = session_login(a, &in, &out);
    if (rc == SG_EAUTH && out.otp_required) {
        res_problem(res, 401, "Second factor needed",
                    "Enter the six-digit code from your authenticator app.");
        json_object_set_new(res->json, "type", json_string("urn:signaal:problem:otp-required"));
        return SG_OK;
    }
    if (rc == SG_EAUTH)
        return res_problem(res, 401, "Login failed", "The login, password or code is wrong.");
    if (rc == SG_ELIMIT) {
        res->retry_after_s = out.retry_after_s;
        return res_problem(res, 429, "Too many failed attempts",
                           "Log-ins from this account or address are paused; try again later.");
    }
    if (rc != SG_OK)
        return rc;
    session_state st = {.mfa_pending = out.mfa_enrolment_required,
                        .must_change = out.password_change_required};
    return answer_session(a, req, res, &out, &st);
}

int h_session_get(app *a, http_req *req, http_res *res)
{
    json_t *body = NULL;
    int rc = session_describe(a, &req->who, req->by_cookie ? &req->session : NULL, &body);
    if (rc != SG_OK)
        return rc;
    if (req->by_cookie)
        json_object_set_new(body, "csrf_token", json_string(req->session.csrf_token));
    return res_json(res, 200, body);
}

int h_session_delete(app *a, http_req *req, http_res *res)
{
    if (!req->by_cookie)
        return res_problem(res, 409, "Not a session",
                           "API tokens do not log out; revoke the token instead.");
    int rc = session_logout(a, &req->who, req->session.token_hash);
    if (rc == SG_OK)
        rc = set_cookie(res, req, "", 0);
    if (rc != SG_OK)
        return rc;
    res->status = 204;
    return SG_OK;
}

int h_totp_create(app *a, http_req *req, http_res *res)
{
    json_t *body = NULL;
    if (!req->by_cookie)
        return res_problem(res, 409, "Not a session", "Enrol from a logged-in session.");
    int rc = session_totp_begin(a, &req->who, &body);
    if (rc == SG_ECONFLICT)
        return res_problem(res, 409, "Already enrolled",
                           "Your second factor is active; an administrator can reset it.");
    if (rc != SG_OK)
        return rc;
    return res_json(res, 201, body);
}

int h_totp_confirm(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    login_result renewed;
    if (!req->by_cookie)
        return res_problem(res, 409, "Not a session", "Enrol from a logged-in session.");
    int rc = session_totp_confirm(a, &req->who, req->session.token_hash, req_str(req, "code"),
                                  &renewed, &err);
    if (rc == SG_ECONFLICT)
        return res_problem(res, 409, "Already enrolled", "Your second factor is active already.");
    if (rc != SG_OK)
        return res_status(res, rc, &err);
    session_state st = {.mfa_pending = false, .must_change = req->session.must_change};
    return answer_session(a, req, res, &renewed, &st);
}

int h_password_change(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    login_result renewed;
    if (!req->by_cookie)
        return res_problem(res, 409, "Not a session", "Change your password in a session.");
    int rc = session_password_change(a, &req->who, &req->session, req_str(req, "current_password"),
                                     req_str(req, "new_password"), &renewed, &err);
    if (rc != SG_OK)
        return res_status(res, rc, &err);
    session_state st = {.mfa_pending = renewed.mfa_enrolment_required, .must_change = false};
    return answer_session(a, req, res, &renewed, &st);
}

int h_own_token_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = session_token_create(a, &req->who, req_str(req, "label"), (int)req_int(req, "days", 0),
                                  &out, &err);
    return rc == SG_OK ? res_json(res, 201, out) : res_status(res, rc, &err);
}

int h_own_token_list(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = session_token_list(a, &req->who, &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}
