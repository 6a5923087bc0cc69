/* Handlers: the network's relations, entities, imports, analyses, exports
 * and alerts.  They translate only; the rules live in service/network. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "http/h_network.h"
#include "service/network/network.h"

#define EXPORT_MAX (64u << 20) /* bytes: larger exports go through the command line */

/* A boolean query parameter: dflt when absent; false and 400 in res when
 * it is neither true nor false. */
static bool query_bool(const http_req *req, http_res *res, const char *name, bool dflt, bool *v)
{
    const char *s = req_query(req, name);
    *v = dflt;
    if (!s)
        return true;
    if (strcmp(s, "true") == 0 || strcmp(s, "false") == 0) {
        *v = s[0] == 't';
        return true;
    }
    svc_error err = {.field = name, .reason = "true or false"};
    res_invalid(res, &err);
    return false;
}

static void relation_fields(const http_req *req, relation_input *in)
{
    in->from = req_str(req, "from");
    in->to = req_str(req, "to");
    in->type = req_str(req, "type");
    in->confidence = req_str(req, "confidence");
    in->first_seen = req_str(req, "first_seen");
    in->last_seen = req_str(req, "last_seen");
    in->source = req_str(req, "source");
}

int h_relation_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    relation_query q = {.person_id = req_query(req, "person_id"),
                        .source = req_query(req, "source"),
                        .cursor = req_query(req, "cursor"),
                        .purpose = req_query(req, "purpose")};
    if (!query_bool(req, res, "include_retired", false, &q.include_retired)
        || req_page_limit(req, res, &q.limit) != SG_OK)
        return SG_OK;
    int rc = relation_list(a, &req->who, &q, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_relation_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    relation_input in;
    relation_fields(req, &in);
    int rc = relation_create(a, &req->who, &in, &out, &err);
    if (rc == SG_OK)
        snprintf(res->location, sizeof res->location, "/api/v1/relations/%s",
                 json_string_value(json_object_get(out, "id")));
    if (rc == SG_EFORBIDDEN && err.reason)
        return res_problem(res, 403, "Forbidden", err.reason);
    return res_answer(res, rc, out, &err, 201);
}

int h_relation_get(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = relation_get(a, &req->who, req->params[0], req_query(req, "purpose"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_relation_update(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    relation_input in;
    relation_fields(req, &in);
    int rc =
        relation_correct(a, &req->who, req->params[0], &in, req_str(req, "reason"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_relation_retire(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = relation_retire(a, &req->who, req->params[0], req_str(req, "reason"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_relation_import(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    const char *content = req_str(req, "content");
    int rc = relation_import(a, &req->who, content, content ? strlen(content) : 0, NULL, NULL, &out,
                             &err);
    if (rc == SG_EINVAL && out) {
        /* Every rejected row, each named "row N: field". */
        int prc = res_problem(res, 400, "Invalid input",
                              "Nothing was imported: every row must be valid. The rows at fault"
                              " are listed.");
        json_t *params = json_array();
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(out, "rejected"), i, r)
        {
            char name[96];
            const char *field = json_string_value(json_object_get(r, "field"));
            snprintf(name, sizeof name, "row %lld%s%s",
                     (long long)json_integer_value(json_object_get(r, "row")), field ? ": " : "",
                     field ? field : "");
            json_array_append_new(params, json_pack("{s:s, s:O}", "name", name, "reason",
                                                    json_object_get(r, "reason")));
        }
        if (prc == SG_OK) {
            json_object_set_new(res->json, "invalidParams", params);
            json_object_set(res->json, "rejected", json_object_get(out, "rejected"));
        } else {
            json_decref(params);
        }
        json_decref(out);
        return SG_OK;
    }
    return res_answer(res, rc, out, &err, 201);
}

int h_entity_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = entity_create(a, &req->who, req_str(req, "kind"), req_str(req, "key"), &out, &err);
    bool made = rc == SG_OK && json_is_true(json_object_get(out, "created"));
    if (rc == SG_OK)
        snprintf(res->location, sizeof res->location, "/api/v1/entities/%s",
                 json_string_value(json_object_get(out, "id")));
    return res_answer(res, rc, out, &err, made ? 201 : 200);
}

int h_entity_get(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = entity_get(a, &req->who, req->params[0], req_query(req, "purpose"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

/* ---- analyses ---------------------------------------------------------- */

/* A failed analysis says why in the reader's language: the job, or each
 * job of a list. */
static void job_errors_lang(const http_req *req, json_t *out)
{
    http_lang lang = req_lang(req);
    json_t *items = json_object_get(out, "items");
    size_t i;
    json_t *job;
    if (json_is_array(items)) {
        json_array_foreach(items, i, job)
        {
            res_text_lang(job, "error", lang);
        }
    } else {
        res_text_lang(out, "error", lang);
    }
}

int h_analysis_list(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = network_analysis_list(a, &req->who, &out);
    if (rc == SG_OK)
        job_errors_lang(req, out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_analysis_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = network_analysis_submit(a, &req->who, req->json, &out, &err);
    if (rc == SG_OK)
        snprintf(res->location, sizeof res->location, "/api/v1/network/analyses/%s",
                 json_string_value(json_object_get(out, "id")));
    if (rc == SG_EUNAVAILABLE)
        return res_problem(res, 503, "Unavailable", "The graph worker is not running.");
    if (rc == SG_ELIMIT) {
        res->retry_after_s = 30;
        return res_problem(res, 429, "Too many analyses",
                           "Too many analyses are waiting; try again when one has finished.");
    }
    return res_answer(res, rc, out, &err, 202);
}

int h_analysis_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    const char *w = req_query(req, "wait");
    long wait = 0;
    if (w) {
        char *end = NULL;
        wait = strtol(w, &end, 10);
        if (!*w || *end || wait < 0 || wait > 10) {
            svc_error err = {.field = "wait", .reason = "seconds to wait for the result, 0 to 10"};
            return res_invalid(res, &err);
        }
    }
    int rc = network_analysis_get(a, &req->who, req->params[0], (int)wait * 1000, &out);
    if (rc == SG_OK)
        job_errors_lang(req, out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_analysis_delete(app *a, http_req *req, http_res *res)
{
    int rc = network_analysis_cancel(a, &req->who, req->params[0]);
    if (rc == SG_OK) {
        res->status = 204;
        return SG_OK;
    }
    return res_status(res, rc, NULL);
}

int h_network_export(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    const char *format = req_query(req, "format");
    json_t *request = json_pack("{s:s?}", "purpose", req_query(req, "purpose"));
    char *data = NULL;
    size_t len = 0;
    FILE *f = request ? open_memstream(&data, &len) : NULL;
    int rc = f ? network_export(a, &req->who, format, request, f, &err) : SG_ENOMEM;
    if (f && fclose(f) != 0 && rc == SG_OK)
        rc = SG_ENOMEM;
    json_decref(request);
    if (rc == SG_OK && len > EXPORT_MAX)
        rc = SG_ETOOBIG;
    if (rc != SG_OK) {
        free(data);
        if (rc == SG_ETOOBIG)
            return res_problem(res, 413, "Too large",
                               "The export is too large to answer here; use signaal network"
                               " export on the server.");
        return res_status(res, rc, &err);
    }
    res->raw = sg_malloc(len + 1);
    if (!res->raw) {
        free(data);
        return SG_ENOMEM;
    }
    memcpy(res->raw, data, len);
    free(data);
    res->raw_len = len;
    res->status = 200;
    res->content_type = strcmp(format, "ftm") == 0    ? "application/x-ndjson"
                        : strcmp(format, "gexf") == 0 ? "application/gexf+xml"
                                                      : "application/graphml+xml";
    return SG_OK;
}

/* ---- alerts ------------------------------------------------------------ */

int h_network_alerts(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = network_alerts_list(a, &req->who, req_query(req, "status"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_network_alert_check(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = network_alerts_check(a, &req->who, req_str(req, "purpose"), &out, &err);
    if (rc == SG_OK)
        snprintf(res->location, sizeof res->location, "/api/v1/network/analyses/%s",
                 json_string_value(json_object_get(out, "id")));
    if (rc == SG_EUNAVAILABLE)
        return res_problem(res, 503, "Unavailable", "The graph worker is not running.");
    return res_answer(res, rc, out, &err, 202);
}

int h_network_alert_update(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = network_alert_update(a, &req->who, req->params[0], req_str(req, "status"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}
