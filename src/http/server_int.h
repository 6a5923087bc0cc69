/* Shared by the files of http/ only. */
#ifndef SG_SERVER_INT_H
#define SG_SERVER_INT_H

#include "http/http.h"

/* Checks that an API request's path and query parameters (as
 * libmicrohttpd decoded them) are clean UTF-8 text: no control characters
 * but tabs and line ends (checks.c).  Otherwise SG_EINVAL with a 400
 * answer in res. */
SG_MUST_CHECK int http_target_check(const char *path, struct MHD_Connection *conn, http_res *res);
/* True when a Content-Type value (NULL when the header is missing) is
 * application/json, with at most a UTF-8 charset parameter. */
bool http_content_type_is_json(const char *content_type);
/* Checks the body of a request for route r (checks.c): none for a route
 * without a body spec; otherwise JSON of that shape, sent as content_type,
 * with wire names.  On SG_OK *json is the body with internal names (a new
 * reference, NULL for a route without a body); otherwise res holds the
 * problem answer and *json is NULL. */
SG_MUST_CHECK int http_body_check(const route *r, const char *content_type, const buf *body,
                                  json_t **json, http_res *res);

/* Answers a GET for a file below web_dir (the browser front end); an
 * unknown page gets web/404.html with status 404. */
void static_serve(const char *web_dir, http_req *req, http_res *res);
/* Makes res the HTML page web_dir/name with status, in place of what it
 * held; false (res untouched) when there is no such page. */
bool static_page(const char *web_dir, const char *name, int status, http_res *res);

/* The handlers of the route table, one group per file. */
int h_health(app *a, http_req *req, http_res *res);
int h_openapi(app *a, http_req *req, http_res *res);
int h_session_create(app *a, http_req *req, http_res *res);
int h_session_get(app *a, http_req *req, http_res *res);
int h_session_delete(app *a, http_req *req, http_res *res);
int h_totp_create(app *a, http_req *req, http_res *res);
int h_totp_confirm(app *a, http_req *req, http_res *res);
int h_password_change(app *a, http_req *req, http_res *res);
int h_own_token_create(app *a, http_req *req, http_res *res);
int h_own_token_list(app *a, http_req *req, http_res *res);

int h_org_list(app *a, http_req *req, http_res *res);
int h_org_create(app *a, http_req *req, http_res *res);
int h_org_get(app *a, http_req *req, http_res *res);
int h_org_update(app *a, http_req *req, http_res *res);
int h_user_list(app *a, http_req *req, http_res *res);
int h_user_create(app *a, http_req *req, http_res *res);
int h_user_get(app *a, http_req *req, http_res *res);
int h_user_update(app *a, http_req *req, http_res *res);
int h_user_tokens(app *a, http_req *req, http_res *res);
int h_token_delete(app *a, http_req *req, http_res *res);
int h_colleagues(app *a, http_req *req, http_res *res);

int h_person_list(app *a, http_req *req, http_res *res);
int h_person_create(app *a, http_req *req, http_res *res);
int h_person_get(app *a, http_req *req, http_res *res);
int h_signal_list(app *a, http_req *req, http_res *res);
int h_signal_create(app *a, http_req *req, http_res *res);
int h_signal_get(app *a, http_req *req, http_res *res);

int h_catalogue_versions(app *a, http_req *req, http_res *res);
int h_catalogue_publish(app *a, http_req *req, http_res *res);
int h_catalogue_indicators(app *a, http_req *req, http_res *res);
int h_audit_list(app *a, http_req *req, http_res *res);
int h_audit_verify(app *a, http_req *req, http_res *res);

int h_signal_assessment(app *a, http_req *req, http_res *res);
int h_guidance_rules(app *a, http_req *req, http_res *res);
int h_case_list(app *a, http_req *req, http_res *res);
int h_case_create(app *a, http_req *req, http_res *res);
int h_case_get(app *a, http_req *req, http_res *res);
int h_case_update(app *a, http_req *req, http_res *res);
int h_case_signals(app *a, http_req *req, http_res *res);
int h_case_consent(app *a, http_req *req, http_res *res);
int h_case_step(app *a, http_req *req, http_res *res);
int h_consultation_create(app *a, http_req *req, http_res *res);
int h_consultation_get(app *a, http_req *req, http_res *res);
int h_action_update(app *a, http_req *req, http_res *res);
int h_tasks(app *a, http_req *req, http_res *res);
int h_person_timeline(app *a, http_req *req, http_res *res);

#endif
