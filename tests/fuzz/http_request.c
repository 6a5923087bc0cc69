/*
 * http_request.c - fuzzing what the server reads from a request before a
 * handler runs, without a socket: the route and its path parameters
 * (http/router.c), the query parameters the handlers read (limit, version,
 * cursor), the body's checks (http/body.c: content type, strict JSON,
 * wire names, the route's field spec), the names of the answer on the
 * wire (http/wire.c) and the client's address behind a proxy
 * (http/proxy.c).
 *
 * The input is "METHOD PATH[?QUERY]", a Content-Type line, an
 * X-Forwarded-For line, and the body.  What must hold besides no crash:
 *   - a path and query that pass the target's check are text (UTF-8);
 *   - a route's path parameters put back in its template give the path;
 *   - the Allow list names the route's method;
 *   - a body that passes the checks really has the route's shape (checked
 *     here again, independently: every key a field, every type right,
 *     every required field there), and its names go back to the wire
 *     names it was sent with;
 *   - a refused body gets a problem answer that can be sent;
 *   - a forwarded address that is accepted is an address, the last one.
 */
#include "fuzz.h"

#include <arpa/inet.h>
#include <strings.h>

#include "base/clock.h"
#include "base/text.h"
#include "fuzz_mhd.h"
#include "http/server_int.h"
#include "http/wire.h"
#include "security/token.h"

/* ---- an independent reading of a field spec ---------------------------- */

static bool conforms(const field_spec *spec, json_t *obj);

static bool value_conforms(const field_spec *f, json_t *v)
{
    if (json_is_null(v))
        return (f->flags & F_NULLABLE) != 0;
    switch (f->type) {
    case FT_STRING: {
        const char *s = json_string_value(v);
        if (!s)
            return false;
        size_t chars = text_utf8_length(s);
        bool in_values = !f->values;
        for (int i = 0; f->values && f->values[i]; i++)
            in_values = in_values || strcmp(f->values[i], s) == 0;
        date d;
        return in_values && chars >= (size_t)f->min && (!f->max || chars <= (size_t)f->max)
               && !text_has_invisible(s)
               && (!f->format || strcmp(f->format, "date") != 0 || date_parse(s, &d) == SG_OK)
               && (!f->format || strcmp(f->format, "uuid") != 0 || token_is_uuid(s));
    }
    case FT_INTEGER: {
        if (!json_is_integer(v))
            return false;
        json_int_t n = json_integer_value(v);
        return !(f->min || f->max) || (n >= f->min && (!f->max || n <= f->max));
    }
    case FT_BOOLEAN:
        return json_is_boolean(v);
    case FT_OBJECT: {
        if (!json_is_object(v))
            return false;
        if (!(f->flags & F_OPEN))
            return conforms(f->fields, v);
        const char *key;
        json_t *member;
        json_object_foreach(v, key, member)
        {
            if (f->fields && !(json_is_object(member) && conforms(f->fields, member)))
                return false;
        }
        return true;
    }
    case FT_ARRAY: {
        size_t n = json_array_size(v);
        if (!json_is_array(v) || n < (size_t)f->min || (f->max && n > (size_t)f->max))
            return false;
        for (size_t i = 0; i < n; i++) {
            json_t *item = json_array_get(v, i);
            const field_spec *it = f->fields;
            bool plain =
                (f->flags & F_STRING_ITEM) && json_is_string(item) && it->type == FT_OBJECT;
            if (!value_conforms(plain ? &it->fields[0] : it, item))
                return false;
        }
        return true;
    }
    case FT_END:
        break;
    }
    return false;
}

static bool conforms(const field_spec *spec, json_t *obj)
{
    if (!json_is_object(obj))
        return false;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        const field_spec *f = spec;
        while (f->type != FT_END && (strcmp(f->name, key) != 0 || (f->flags & F_READONLY)))
            f++;
        if (f->type == FT_END || !value_conforms(f, v))
            return false;
    }
    for (const field_spec *f = spec; f->type != FT_END; f++)
        if ((f->flags & F_REQUIRED) && !(f->flags & F_READONLY) && !json_object_get(obj, f->name))
            return false;
    return true;
}

/* ---- the parts of a request -------------------------------------------- */

static void check_route(const char *method, const char *path, http_req *req)
{
    bool matched = false;
    const route *r = router_match(method, path, req, &matched);
    req->route = r;
    char allow[64];
    router_allowed(path, allow, sizeof allow);
    FUZZ_CHECK(strlen(allow) < sizeof allow);
    if (!r) {
        FUZZ_CHECK(!matched || allow[0]);
        return;
    }
    FUZZ_CHECK(matched && strstr(allow, r->method));
    /* The parameters put back in the template give the path. */
    char again[4200];
    size_t used = 0;
    int k = 0;
    for (const char *t = r->path; *t && used < sizeof again - HTTP_PARAM_LEN - 2;) {
        if (*t == '{') {
            FUZZ_CHECK(k < req->nparams);
            const char *p = req->params[k++];
            FUZZ_CHECK(*p && !strchr(p, '/') && strlen(p) < HTTP_PARAM_LEN);
            memcpy(again + used, p, strlen(p));
            used += strlen(p);
            t = strchr(t, '}') + 1;
        } else {
            again[used++] = *t++;
        }
    }
    again[used] = '\0';
    FUZZ_CHECK(k == req->nparams && strcmp(again, path) == 0);
}

static void check_query(http_req *req)
{
    http_res res = {0};
    int limit = -1;
    int64_t version = -1, after = -1;
    if (req_limit(req, &limit) == SG_OK)
        FUZZ_CHECK(limit >= 0 && limit <= 1000);
    if (req_version(req, &res, &version) == SG_OK)
        FUZZ_CHECK(version >= 0 && version <= 1000000 && !res.json);
    else
        FUZZ_CHECK(res.status == 400 && res.json);
    json_decref(res.json);
    svc_error err = {0};
    if (svc_cursor_parse(req_query(req, "cursor"), &after, &err) == SG_OK)
        FUZZ_CHECK(after >= 0);
    else
        FUZZ_CHECK(err.field && strcmp(err.field, "cursor") == 0);
    /* Every query parameter the route names can be looked up. */
    for (const query_param *q = req->route ? req->route->query : NULL; q && q->name; q++)
        (void)req_query(req, q->name);
}

/* The problem answer as the server sends it: wire names, ASCII JSON. */
static void check_answer(http_res *res)
{
    FUZZ_CHECK(res->status >= 400 && res->status <= 599 && res->json);
    json_t *wire = wire_out(res->json);
    FUZZ_CHECK(wire);
    wire_problem_names(wire);
    char *text = json_dumps(wire, JSON_COMPACT | JSON_ENSURE_ASCII);
    FUZZ_CHECK(text);
    free(text);
    json_decref(wire);
}

static void check_body(const http_req *req, const char *content_type, const uint8_t *data,
                       size_t size)
{
    if (!req->route)
        return;
    char *text = fuzz_text(data, size);
    if (!text)
        return;
    buf body = {.data = text, .len = size, .cap = size + 1, .max = size};
    http_res res = {0};
    json_t *json = NULL;
    if (http_body_check(req->route, content_type, &body, &json, &res) != SG_OK) {
        FUZZ_CHECK(!json);
        check_answer(&res);
    } else if (req->route->body) {
        FUZZ_CHECK(json && conforms(req->route->body, json));
        /* Strict JSON: no NUL byte outside a string, none inside either. */
        FUZZ_CHECK(!memchr(data, '\0', size));
        /* The names go back to the wire names they came as. */
        json_t *sent = json_loadb(text, size, JSON_REJECT_DUPLICATES, NULL);
        json_t *back = wire_out(json);
        FUZZ_CHECK(sent && back && json_equal(sent, back));
        json_decref(sent);
        json_decref(back);
    } else {
        FUZZ_CHECK(!json);
    }
    json_decref(json);
    json_decref(res.json);
    free(text);
}

/* Splits s at commas, trimming spaces and tabs: true when every part is an
 * IPv4 or IPv6 address; *last is the last part (in s, which is changed). */
static bool all_addresses(char *s, char **last)
{
    bool all = true;
    for (char *p = s; p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        p += strspn(p, " \t");
        size_t len = strlen(p);
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            p[--len] = '\0';
        unsigned char bin[16];
        all = all && (inet_pton(AF_INET, p, bin) == 1 || inet_pton(AF_INET6, p, bin) == 1);
        *last = p;
        p = comma ? comma + 1 : NULL;
    }
    return all;
}

static void check_forwarded(const char *forwarded)
{
    char out[64], copy[4200], *last = NULL;
    static const char *const trusted = "192.0.2.1, 2001:db8::1";
    if (http_forwarded_client("2001:db8::1", trusted, forwarded, out, sizeof out)) {
        snprintf(copy, sizeof copy, "%s", forwarded);
        (void)all_addresses(copy, &last);
        FUZZ_CHECK(last && strcmp(last, out) == 0);
        unsigned char bin[16];
        FUZZ_CHECK(inet_pton(AF_INET, out, bin) == 1 || inet_pton(AF_INET6, out, bin) == 1);
    }
    FUZZ_CHECK(!http_forwarded_client("192.0.2.9", trusted, forwarded, out, sizeof out));
    if (http_proxy_list_valid(forwarded)) {
        snprintf(copy, sizeof copy, "%s", forwarded);
        FUZZ_CHECK(all_addresses(copy, &last));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static fuzz_conn conn;
    char head[4200], type[256], forwarded[1024];
    const uint8_t *rest;
    size_t left;
    fuzz_line(data, size, head, sizeof head, &rest, &left);
    fuzz_line(rest, left, type, sizeof type, &rest, &left);
    fuzz_line(rest, left, forwarded, sizeof forwarded, &rest, &left);

    char *space = strchr(head, ' ');
    const char *method = "GET";
    char *target = head;
    if (space) {
        *space = '\0';
        method = head;
        target = space + 1;
    }
    char *query = strchr(target, '?');
    if (query)
        *query++ = '\0';
    http_req req;
    memset(&req, 0, sizeof req);
    fuzz_unescape_path(target);
    req.method = method;
    req.path = target;
    fuzz_conn_query(&conn, query);
    req.conn = fuzz_conn_handle(&conn);
    http_res res = {0};
    if (http_target_check(target, req.conn, &res) == SG_OK) {
        /* What the handlers and the audit trail will see is text. */
        FUZZ_CHECK(text_is_clean_utf8(target, strlen(target)));
        for (int i = 0; i < conn.nargs; i++)
            FUZZ_CHECK(text_is_clean_utf8(conn.arg_key[i], strlen(conn.arg_key[i]))
                       && (!conn.arg_value[i]
                           || text_is_clean_utf8(conn.arg_value[i], strlen(conn.arg_value[i]))));
        check_route(method, target, &req);
        check_query(&req);
    } else {
        check_answer(&res);
        json_decref(res.json);
    }
    const char *content_type = type[0] ? type : NULL;
    if (http_content_type_is_json(content_type))
        FUZZ_CHECK(strncasecmp(content_type, "application/json", 16) == 0);
    check_body(&req, content_type, rest, left);
    check_forwarded(forwarded);
    return 0;
}
