/* Handlers: persons and signals. */
#include <stdio.h>
#include <string.h>

#include "http/server_int.h"
#include "service/school/persons.h"
#include "service/school/signals.h"

static int created(http_res *res, const char *collection, json_t *out)
{
    snprintf(res->location, sizeof res->location, "/api/v1/%s/%s", collection,
             json_string_value(json_object_get(out, "id")));
    return res_json(res, 201, out);
}

int h_person_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = person_list(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, &err);
}

int h_person_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    person_input in = {.name = req_str(req, "name"),
                       .bsn = req_str(req, "bsn"),
                       .birth_date = req_str(req, "birth_date"),
                       .gender = req_str(req, "gender"),
                       .municipality = req_str(req, "municipality")};
    int rc = person_create(a, &req->who, &in, &out, &err);
    return rc == SG_OK ? created(res, "persons", out) : res_status(res, rc, &err);
}

int h_person_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = person_get(a, &req->who, req->params[0], &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}

int h_signal_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = signal_list(a, &req->who, req_query(req, "person_id"), req_query(req, "cursor"), limit,
                         &out, &err);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, &err);
}

/* Turns the validated "indicators" array (items "SCH-01" or {"id", "kind"})
 * into rows; the field spec has checked the shape and the count. */
static void read_indicators(json_t *arr, signal_indicator *out, int *n)
{
    size_t i;
    json_t *item;
    *n = 0;
    json_array_foreach(arr, i, item)
    {
        const char *code = json_is_string(item) ? json_string_value(item)
                                                : json_string_value(json_object_get(item, "id"));
        const char *kind = json_string_value(json_object_get(item, "kind"));
        snprintf(out[*n].code, sizeof out[*n].code, "%s", code ? code : "");
        snprintf(out[*n].kind, sizeof out[*n].kind, "%s", kind ? kind : "fact");
        (*n)++;
    }
}

int h_signal_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    signal_indicator inds[SIGNAL_MAX_INDICATORS];
    signal_input in = {.person_id = req_str(req, "person_id"),
                       .observed_on = req_str(req, "observed_on"),
                       .setting = req_str(req, "setting"),
                       .observation = req_str(req, "observation"),
                       .indicators = inds};
    read_indicators(json_object_get(req->json, "indicators"), inds, &in.indicator_count);
    int rc = signal_create(a, &req->who, &in, &out, &err);
    return rc == SG_OK ? created(res, "signals", out) : res_status(res, rc, &err);
}

int h_signal_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = signal_get(a, &req->who, req->params[0], &out);
    return rc == SG_OK ? res_json(res, 200, out) : res_status(res, rc, NULL);
}
