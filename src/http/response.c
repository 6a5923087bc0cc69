/* Helpers for handlers: answers, problems and request values. */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "http/http.h"
#include "http/wire.h"

int res_json(http_res *res, int status, json_t *body)
{
    json_decref(res->json);
    res->status = status;
    res->json = body;
    return body ? SG_OK : SG_ENOMEM;
}

int res_problem(http_res *res, int status, const char *title, const char *detail)
{
    json_t *p =
        json_pack("{s:s, s:i, s:s}", "type", "about:blank", "status", status, "title", title);
    if (p && detail)
        json_object_set_new(p, "detail", json_string(detail));
    return res_json(res, status, p);
}

int res_invalid(http_res *res, const svc_error *err)
{
    const char *field = err && err->field ? err->field : "body";
    const char *reason = err && err->reason ? err->reason : "is not valid";
    int rc = res_problem(res, 400, "Invalid input", "One or more fields are not valid.");
    if (rc == SG_OK)
        json_object_set_new(res->json, "invalidParams",
                            json_pack("[{s:s, s:s}]", "name", field, "reason", reason));
    return rc;
}

int res_status(http_res *res, int status, const svc_error *err)
{
    switch (status) {
    case SG_OK:
        return SG_OK;
    case SG_EINVAL:
        return res_invalid(res, err);
    case SG_ENOTFOUND:
        return res_problem(res, 404, "Not found",
                           "There is no such record, or it is not yours to see.");
    case SG_EFORBIDDEN:
        return res_problem(res, 403, "Forbidden", "Your role may not do this.");
    case SG_ECONFLICT: {
        int rc = res_problem(res, 409, "Conflict",
                             err && err->reason ? err->reason
                                                : "This conflicts with what is recorded already.");
        if (rc == SG_OK && err && err->field)
            json_object_set_new(res->json, "invalidParams",
                                json_pack("[{s:s, s:s}]", "name", err->field, "reason",
                                          err->reason ? err->reason : "conflicts"));
        return rc;
    }
    case SG_ESTATE:
        return res_problem(res, 409, "Not allowed now",
                           err && err->reason ? err->reason
                                              : "The record is not in a state that allows this.");
    case SG_EAUTH:
        return res_problem(res, 401, "Not authenticated", "Log in first.");
    case SG_ELIMIT:
        return res_problem(res, 429, "Too many attempts", "Wait before trying again.");
    case SG_ETOOBIG:
        return res_problem(res, 413, "Too large", "The request is larger than allowed.");
    case SG_EUNAVAILABLE:
        return res_problem(res, 503, "Unavailable",
                           "The database is unavailable; nothing was changed. Try again.");
    case SG_ENOSPACE:
        /* Storage faults: the operator has to act, so the caller waits longer. */
        res->retry_after_s = 60;
        return res_problem(res, 503, "Database full",
                           "The database's disk is full, so nothing can be stored or recorded"
                           " now; nothing was changed. Reads that would have to be recorded in"
                           " the audit trail are refused too. Try again later.");
    case SG_EREADONLY:
        res->retry_after_s = 60;
        return res_problem(res, 503, "Database read-only",
                           "The database cannot be written at the moment (its disk or server is"
                           " read-only), so nothing can be stored or recorded; nothing was"
                           " changed. Reads that would have to be recorded in the audit trail"
                           " are refused too. Try again later.");
    default:
        return res_problem(res, 500, "Internal error",
                           "Something went wrong; nothing was changed.");
    }
}

http_lang req_lang(const http_req *req)
{
    return http_lang_pick(
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Accept-Language"));
}

void res_text_lang(json_t *obj, const char *key, http_lang lang)
{
    const char *en = json_string_value(json_object_get(obj, key));
    char nl[512];
    if (!en || lang != LANG_NL)
        return;
    /* A text the table lacks is kept, not lost: it is logged to be added. */
    if (!http_text_nl(en, nl, sizeof nl))
        log_error("lang: no Dutch for the %s \"%.120s\"", key, en);
    json_object_set_new(obj, key, json_string(nl));
}

const char *req_query(const http_req *req, const char *name)
{
    char wire[80];
    if (!wire_name_out(name, wire, sizeof wire))
        return NULL;
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, wire);
}

int req_limit(const http_req *req, int *limit)
{
    const char *v = req_query(req, "limit");
    *limit = 0;
    if (!v)
        return SG_OK;
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < 1 || n > 1000)
        return SG_EINVAL;
    *limit = (int)n;
    return SG_OK;
}

int req_page_limit(const http_req *req, http_res *res, int *limit)
{
    if (req_limit(req, limit) == SG_OK)
        return SG_OK;
    svc_error err = {.field = "limit",
                     .reason = "a whole number from 1 to 1000 (a page holds at most 100)"};
    res_invalid(res, &err);
    return SG_EINVAL;
}

int req_version(const http_req *req, http_res *res, int64_t *version)
{
    const char *v = req_query(req, "version");
    *version = 0;
    if (!v)
        return SG_OK;
    char *end = NULL;
    long long n = strtoll(v, &end, 10);
    if (!*v || *end || n < 1 || n > 1000000) {
        svc_error err = {.field = "version", .reason = "a published version number"};
        res_invalid(res, &err);
        return SG_EINVAL;
    }
    *version = n;
    return SG_OK;
}

const char *req_str(const http_req *req, const char *name)
{
    return json_string_value(json_object_get(req->json, name));
}

int req_strings(const http_req *req, const char *name, const char **list, int max)
{
    json_t *arr = json_object_get(req->json, name);
    int n = 0;
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (n < max)
            list[n++] = json_string_value(v);
    }
    return n;
}

bool req_bool(const http_req *req, const char *name, bool dflt)
{
    json_t *v = json_object_get(req->json, name);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

int64_t req_int(const http_req *req, const char *name, int64_t dflt)
{
    json_t *v = json_object_get(req->json, name);
    return json_is_integer(v) ? (int64_t)json_integer_value(v) : dflt;
}

int res_answer(http_res *res, int rc, json_t *out, const svc_error *err, int status)
{
    return rc == SG_OK ? res_json(res, status, out) : res_status(res, rc, err);
}

int res_created(http_res *res, int rc, json_t *out, const svc_error *err, const char *collection)
{
    if (rc == SG_OK)
        snprintf(res->location, sizeof res->location, "/api/v1/%s/%s", collection,
                 json_string_value(json_object_get(out, "id")));
    return res_answer(res, rc, out, err, 201);
}
