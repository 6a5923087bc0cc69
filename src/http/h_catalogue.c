/* Handlers: the indicator catalogue and the audit trail. */
#include <stdlib.h>
#include <string.h>

#include "http/server_int.h"
#include "service/admin/trail.h"
#include "service/school/catalogue.h"

int h_catalogue_versions(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = catalogue_versions(a, &req->who, &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}

int h_catalogue_publish(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    const char *content = req_str(req, "content");
    int rc =
        catalogue_publish(a, &req->who, content, strlen(content), req_str(req, "note"), &out, &err);
    if (rc == SG_EINVAL && err.field && strcmp(err.field, "file") == 0)
        err.field = "content";
    return rc == SG_OK ? res_json(res, 201, out) : res_status(res, rc, &err);
}

int h_catalogue_indicators(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int64_t version = 0;
    if (req_version(req, res, &version) != SG_OK)
        return SG_OK;
    int rc = catalogue_indicators(a, &req->who, version, &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}

int h_audit_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    trail_query q = {.person_id = req_query(req, "person_id"),
                     .user_id = req_query(req, "user_id"),
                     .action = req_query(req, "action"),
                     .from = req_query(req, "from"),
                     .until = req_query(req, "until"),
                     .cursor = req_query(req, "cursor")};
    if (req_page_limit(req, res, &q.limit) != SG_OK)
        return SG_OK;
    int rc = trail_list(a, &req->who, &q, &out, &err);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, &err);
}

int h_audit_verify(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = trail_verify(a, &req->who, &out);
    if (rc == SG_OK) /* what is broken, in the reader's language */
        res_text_lang(out, "reason", req_lang(req));
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}
