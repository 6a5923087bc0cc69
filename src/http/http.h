/*
 * http.h - the HTTP API: requests, responses and the route table.
 *
 * The server (server.c) turns each libmicrohttpd request into an http_req,
 * finds its route, authenticates the caller, checks the role, the CSRF
 * token, the content type and the body's shape, and only then calls the
 * route's handler.  Handlers parse nothing by hand: they read the validated
 * body and path parameters, call one use case in service/, and fill the
 * http_res.  Every error leaves as application/problem+json (RFC 9457).
 * No business rule lives here.
 */
#ifndef SG_HTTP_H
#define SG_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "http/fields.h"
#include "http/lang.h"
#include "service/admin/session.h"
#include "service/app.h"

#define HTTP_MAX_PARAMS 4
#define HTTP_PARAM_LEN 80

struct MHD_Connection;
typedef struct route route;

typedef struct http_options http_options;

typedef struct http_req {
    struct MHD_Connection *conn;
    const http_options *opt;
    const char *method;
    const char *path;
    const char *version; /* "HTTP/1.1" */
    const route *route;
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_LEN]; /* path parameters, in template order */
    int nparams;
    buf body;
    bool body_too_big;
    bool is_api;           /* under /api/ or the health check */
    size_t content_length; /* as the head declared it; 0 without a body */
    size_t body_limit;     /* the most this caller may send to this route */
    size_t body_reserved;  /* bytes of the server's body budget held */
    json_t *json;          /* the validated body, for routes that take one */
    bool authenticated;
    bool access_later; /* no body: the access check runs with the handler */
    actor who;
    session_state session; /* when authenticated by cookie */
    bool by_cookie;
    char client[64];
    int64_t started_ms;
    int status; /* as answered, for the request log */
} http_req;

typedef struct http_res {
    int status;
    json_t *json; /* owned */
    char *raw;    /* owned (sg_malloc), when not JSON */
    size_t raw_len;
    const char *content_type; /* static */
    char *set_cookie;         /* owned */
    char location[160];
    int64_t retry_after_s;
    bool cacheable; /* static files may be cached; the API may not */
    bool close;     /* close the connection after this answer */
} http_res;

typedef int (*route_fn)(app *a, http_req *req, http_res *res);

enum route_access {
    ACCESS_PUBLIC = 0,  /* no session needed */
    ACCESS_SESSION = 1, /* a session with its second factor passed */
    ACCESS_ENROL = 2,   /* a session, even while the second factor is pending */
};

typedef struct query_param {
    const char *name;
    const char *type; /* "string" or "integer" */
    const char *description;
} query_param;

struct route {
    const char *method;
    const char *path; /* template: "/api/v1/persons/{id}" */
    route_fn fn;
    enum route_access access;
    unsigned roles;           /* ROLE_BIT mask of who may call it at all */
    const field_spec *body;   /* request body shape, or NULL: no body */
    const query_param *query; /* NULL-name terminated, or NULL */
    int status;               /* the success status */
    const char *response;     /* name of the response schema, or NULL */
    const char *tag;
    const char *operation_id;
    const char *summary;
    bool list; /* answers a page: {"items": [...], "next_cursor"} */
};

typedef struct http_schema {
    const char *name;
    const field_spec *fields;
} http_schema;

/* The route table, in parts (routes.c, routes_school.c ...), and the
 * response schemas the routes name: NULL-terminated lists of tables, each
 * ended by an entry with a NULL method or name. */
extern const route *const http_route_tables[];
extern const http_schema *const http_schema_tables[];
extern const route http_routes_core[], http_routes_school[], http_routes_chain[],
    http_routes_index[];
extern const route http_routes_monitor[];
extern const http_schema http_schemas_core[], http_schemas_school[], http_schemas_chain[],
    http_schemas_index[];
extern const route http_routes_network[];
extern const http_schema http_schemas_network[];
extern const http_schema http_schemas_monitor[];
extern const route http_routes_learning[];
extern const http_schema http_schemas_learning[];
extern const route http_routes_legal[];
extern const http_schema http_schemas_legal[];
extern const route http_routes_oversight[];
extern const http_schema http_schemas_oversight[];
extern const route http_routes_subject[];
extern const http_schema http_schemas_subject[];

/* Visits every route r of every table. */
#define HTTP_FOREACH_ROUTE(r)                                                                      \
    for (const route *const *r##_table = http_route_tables; *r##_table; r##_table++)               \
        for (const route *r = *r##_table; r->method; r++)
#define HTTP_FOREACH_SCHEMA(s)                                                                     \
    for (const http_schema *const *s##_table = http_schema_tables; *s##_table; s##_table++)        \
        for (const http_schema *s = *s##_table; s->name; s++)

/* Finds the route for method and path.  *path_matched tells whether some
 * route has this path with another method (405 rather than 404). */
const route *router_match(const char *method, const char *path, http_req *req, bool *path_matched);
/* The methods with a route for path, as "GET, POST" (for the Allow header). */
void router_allowed(const char *path, char *out, size_t n);

/* The OpenAPI document (built once, on first use; borrowed).  NULL only
 * when memory ran out. */
json_t *openapi_document(void);
/* Releases the document at shutdown. */
void openapi_release(void);

/* ---- helpers for handlers --------------------------------------------- */

/* Sets a JSON answer, taking ownership of body. */
int res_json(http_res *res, int status, json_t *body);
/* Sets a problem answer; detail may be NULL. */
int res_problem(http_res *res, int status, const char *title, const char *detail);
/* Sets a 400 problem naming one field (from a use case's svc_error). */
int res_invalid(http_res *res, const svc_error *err);
/* Maps a status from a use case to an answer, using err when it names a
 * field; returns SG_OK so handlers can "return res_status(...)". */
int res_status(http_res *res, int status, const svc_error *err);
/* A handler's answer from its use case: out as JSON with status when rc is
 * SG_OK (out is taken), else rc as problem+json with err. */
int res_answer(http_res *res, int rc, json_t *out, const svc_error *err, int status);
/* The same for a created record: 201 with Location /api/v1/<collection>/<id>
 * (the "id" of out). */
int res_created(http_res *res, int rc, json_t *out, const svc_error *err, const char *collection);

/* The language the caller reads (Accept-Language): for a text the answer
 * carries besides a problem, such as a failed job's error. */
http_lang req_lang(const http_req *req);
/* The member key of obj (an English text), in lang, in place. */
void res_text_lang(json_t *obj, const char *key, http_lang lang);

/* A query-string value, or NULL. */
const char *req_query(const http_req *req, const char *name);
/* The "limit" query parameter: 0 when absent; SG_EINVAL when malformed. */
SG_MUST_CHECK int req_limit(const http_req *req, int *limit);
/* The same, answering 400 in res when malformed (then returns SG_EINVAL). */
SG_MUST_CHECK int req_page_limit(const http_req *req, http_res *res, int *limit);
/* The "version" query parameter (a published version, >= 1): 0 when
 * absent; answers 400 in res when malformed (then returns SG_EINVAL). */
SG_MUST_CHECK int req_version(const http_req *req, http_res *res, int64_t *version);
/* A string field of the validated body, or NULL when absent or null. */
const char *req_str(const http_req *req, const char *name);
/* Collects the strings of a validated array field of the body into list
 * (at most max; borrowed from the body) and returns how many. */
int req_strings(const http_req *req, const char *name, const char **list, int max);
/* A boolean field of the body: dflt when absent. */
bool req_bool(const http_req *req, const char *name, bool dflt);
/* An integer field of the body: dflt when absent. */
int64_t req_int(const http_req *req, const char *name, int64_t dflt);

/* ---- the server ------------------------------------------------------- */

struct http_options {
    const char *listen;    /* "ADDR:PORT"; port 0 picks a free one */
    const char *port_file; /* write the port there once listening, or NULL */
    const char *web_dir;   /* static files for the browser */
    int threads;
    size_t max_body;     /* bytes, from a caller who is logged in */
    size_t body_budget;  /* bytes of all bodies being read at once; 0: 64 MiB */
    bool secure_cookies; /* mark the session cookie Secure and send HSTS */
    /* Comma-separated addresses of reverse proxies whose X-Forwarded-For
     * names the client, or NULL: behind a proxy, the rate limits and the
     * audit trail need the user's address, not the proxy's. */
    const char *trusted_proxies;
    /* HTTPS (libmicrohttpd with GnuTLS, TLS 1.2 and 1.3): the certificate
     * chain and its private key as PEM text, kept by the caller while the
     * server runs; both NULL for plain HTTP (behind a reverse proxy). */
    const char *tls_cert;
    const char *tls_key;
    /* Called once the server listens, with its address ("http://127.0.0.1:
     * 8080"), or NULL: to tell the operator where to open it. */
    void (*ready)(void *ctx, const char *url);
    void *ready_ctx;
};

/* When peer is one of trusted (comma-separated addresses), copies the last
 * address of the X-Forwarded-For value forwarded (the one that proxy
 * added) into out and answers true; false (out untouched) otherwise, or
 * when that entry is not an IPv4 or IPv6 address. */
bool http_forwarded_client(const char *peer, const char *trusted, const char *forwarded, char *out,
                           size_t n);
/* True when list is one or more comma-separated IPv4 or IPv6 addresses. */
bool http_proxy_list_valid(const char *list);

/* Runs the server until SIGTERM or SIGINT, then finishes the requests in
 * flight and returns.  Call with those signals blocked in every thread. */
SG_MUST_CHECK int http_serve(app *a, const http_options *opt);

#endif
