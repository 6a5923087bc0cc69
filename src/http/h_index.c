/* Handlers: the reference index (registrations, matches, grounds, letter,
 * alerts).  They translate only; the rules live in service/concerns. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "http/h_index.h"
#include "service/refindex/concerns.h"

static int limited(app *a, http_res *res, int rc, const svc_error *err)
{
    if (rc == SG_ELIMIT) {
        res->retry_after_s = a->cfg.concern_rate_window_s;
        return res_problem(res, 429, "Too many registrations or withdrawals",
                           "You registered or withdrew many concerns in a short time. This is"
                           " refused for now and reported to your organisation.");
    }
    return res_status(res, rc, err);
}

void h_concern_input(json_t *obj, concern_input *in)
{
    memset(in, 0, sizeof *in);
    in->client_key = json_string_value(json_object_get(obj, "client_key"));
    in->ground = json_string_value(json_object_get(obj, "ground"));
    in->given_names = json_string_value(json_object_get(obj, "given_names"));
    in->surname = json_string_value(json_object_get(obj, "surname"));
    in->birth_date = json_string_value(json_object_get(obj, "birth_date"));
    in->sex = json_string_value(json_object_get(obj, "sex"));
    in->bsn = json_string_value(json_object_get(obj, "bsn"));
    in->contact = json_string_value(json_object_get(obj, "contact"));
    json_t *ad = json_object_get(obj, "address");
    if (json_is_object(ad)) {
        in->has_address = true;
        in->address.postcode = json_string_value(json_object_get(ad, "postcode"));
        in->address.house_number = (long)json_integer_value(json_object_get(ad, "house_number"));
        in->address.addition = json_string_value(json_object_get(ad, "addition"));
        in->address.street = json_string_value(json_object_get(ad, "street"));
        in->address.city = json_string_value(json_object_get(ad, "city"));
    }
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(obj, "parents"), i, p)
    {
        if (in->nparents >= CONCERN_MAX_PARENTS)
            break;
        concern_parent *cp = &in->parents[in->nparents++];
        cp->given_names = json_string_value(json_object_get(p, "given_names"));
        cp->surname = json_string_value(json_object_get(p, "surname"));
        cp->birth_date = json_string_value(json_object_get(p, "birth_date"));
        cp->bsn = json_string_value(json_object_get(p, "bsn"));
    }
}

/* ---- no search: a list takes a cursor and a limit, nothing else --------- */

typedef struct query_scan {
    char names[160];
    size_t used;
    bool other;
} query_scan;

static enum MHD_Result scan_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                const char *value)
{
    query_scan *q = cls;
    (void)kind;
    (void)value;
    if (strcmp(key, "cursor") == 0 || strcmp(key, "limit") == 0)
        return MHD_YES;
    q->other = true;
    /* A name that does not fit whole is left out (and never cut inside a
     * character: the text goes into the audit trail). */
    int n = snprintf(q->names + q->used, sizeof q->names - q->used, "%s%.*s", q->used ? ", " : "",
                     (int)text_utf8_prefix(key, 40), key);
    if (n > 0 && q->used + (size_t)n < sizeof q->names)
        q->used += (size_t)n;
    else
        q->names[q->used] = '\0';
    return MHD_YES;
}

/* Refuses (400, audited) a list request with any query parameter besides
 * cursor and limit; returns true when it did. */
static bool refused_search(app *a, http_req *req, http_res *res)
{
    query_scan q = {.names = "", .used = 0, .other = false};
    MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, scan_arg, &q);
    if (!q.other)
        return false;
    svc_error err = {0};
    int rc = concern_refuse_search(a, &req->who, q.names, &err);
    res_status(res, rc, &err);
    return true;
}

/* ---- registrations ------------------------------------------------------ */

int h_concern_grounds(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = concern_grounds(a, &req->who, &out);
    if (rc == SG_ESTATE)
        return res_problem(res, 409, "No grounds published",
                           "The reference index's grounds have not been published yet.");
    return res_answer(res, rc, out, NULL, 200);
}

int h_concern_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (refused_search(a, req, res) || req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = concern_list(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_concern_create(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    concern_input in;
    bool created = false;
    h_concern_input(req->json, &in);
    int rc = concern_register(a, &req->who, &in, &out, &created, &err);
    if (rc == SG_ESTATE && !err.reason)
        err.reason = "the reference index's grounds have not been published yet";
    if (rc != SG_OK)
        return limited(a, res, rc, &err);
    snprintf(res->location, sizeof res->location, "/api/v1/concerns/%s",
             json_string_value(json_object_get(out, "id")));
    return res_json(res, created ? 201 : 200, out);
}

int h_concern_batch(app *a, http_req *req, http_res *res)
{
    json_t *items = json_object_get(req->json, "items");
    size_t n = json_array_size(items);
    concern_input *in = sg_calloc(n ? n : 1, sizeof *in);
    json_t *out = NULL;
    if (!in)
        return SG_ENOMEM;
    for (size_t i = 0; i < n; i++)
        h_concern_input(json_array_get(items, i), &in[i]);
    int rc = concern_register_batch(a, &req->who, in, (int)n, &out);
    sg_free(in);
    return res_answer(res, rc, out, NULL, 200);
}

int h_concern_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = concern_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

static int withdraw(app *a, http_req *req, http_res *res, const char *reason, int status)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = concern_withdraw(a, &req->who, req->params[0], reason, &out, &err);
    if (rc != SG_OK)
        return limited(a, res, rc, &err);
    if (status == 204) {
        json_decref(out);
        res->status = 204;
        return SG_OK;
    }
    return res_json(res, status, out);
}

int h_concern_delete(app *a, http_req *req, http_res *res)
{
    return withdraw(a, req, res, NULL, 204);
}

int h_concern_withdrawal(app *a, http_req *req, http_res *res)
{
    return withdraw(a, req, res, req_str(req, "reason"), 200);
}

int h_concern_letter(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int rc = concern_letter(a, &req->who, req->params[0], req_query(req, "to"), &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

/* ---- matches ------------------------------------------------------------ */

int h_match_list(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    int limit;
    if (refused_search(a, req, res) || req_page_limit(req, res, &limit) != SG_OK)
        return SG_OK;
    int rc = match_list(a, &req->who, req_query(req, "cursor"), limit, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

int h_match_get(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = match_get(a, &req->who, req->params[0], &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_match_update(app *a, http_req *req, http_res *res)
{
    svc_error err = {0};
    json_t *out = NULL;
    match_update_input in = {.confirmation = req_str(req, "confirmation"),
                             .contact_made = req_bool(req, "contact_made", false),
                             .lead = req_str(req, "lead")};
    int rc = match_update(a, &req->who, req->params[0], &in, &out, &err);
    return res_answer(res, rc, out, &err, 200);
}

/* ---- the coordinating roles ----------------------------------------------- */

int h_concern_alerts(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    int rc = concern_alerts(a, &req->who, &out);
    return res_answer(res, rc, out, NULL, 200);
}

int h_concern_alert_update(app *a, http_req *req, http_res *res)
{
    json_t *out = NULL;
    if (!req_bool(req, "acknowledged", false)) {
        svc_error err = {.field = "acknowledged", .reason = "send true once you looked into it"};
        return res_invalid(res, &err);
    }
    int rc = concern_alert_acknowledge(a, &req->who, req->params[0], &out);
    if (rc == SG_ESTATE)
        return res_problem(res, 409, "Acknowledged already", "This flag was acknowledged before.");
    return res_answer(res, rc, out, NULL, 200);
}
