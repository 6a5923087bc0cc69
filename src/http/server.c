/*
 * server.c - libmicrohttpd glue: request life cycle, checks before the
 * handler, response headers, the request log and graceful shutdown.
 *
 * libmicrohttpd calls on_request several times per request: first with no
 * upload, then with each piece of the body, and a last time with nothing
 * left.  On the first call, with only the head read, the request is
 * checked as far as it can be without its body: its framing (one
 * Content-Length, no Transfer-Encoding), its route, the caller (session or
 * token, second factor, role, CSRF token) and the size of its body against
 * what this caller may send.  Only then is a body read: a stranger's body
 * is never buffered beyond a few kilobytes, and all bodies in flight
 * together stay within a fixed budget.  The answer is normally queued on
 * the last call so that keep-alive survives; a request refused early is
 * answered at once, and its connection closed when it had a body.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/text.h"
#include "http/http.h"
#include "http/lang.h"
#include "http/server_int.h"
#include "http/wire.h"

#define COOKIE_NAME "signaal_session"
#define SHUTDOWN_GRACE_MS 15000
/* A body sent before the caller is known (a log-in) is never larger. */
#define PUBLIC_BODY_MAX 4096
/* All request bodies being read at one time, together. */
#define BODY_BUDGET_DEFAULT ((size_t)64 << 20)
/* The longest path and query, and all header lines together, we read. */
#define URL_MAX 4096
#define HEADERS_MAX (16 * 1024)

static const char csp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
    " connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none';"
    " form-action 'self'; frame-ancestors 'none'";

typedef struct server {
    app *a;
    const http_options *opt;
    atomic_int in_flight;
    atomic_size_t body_bytes; /* reserved by requests whose body is being read */
    size_t body_budget;
} server;

static bool is_write_method(const char *m)
{
    return strcmp(m, "POST") == 0 || strcmp(m, "PUT") == 0 || strcmp(m, "PATCH") == 0
           || strcmp(m, "DELETE") == 0;
}

static void peer_address(struct MHD_Connection *conn, char *out, size_t n)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    text_copy(out, n, "unknown");
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)n);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)n);
}

/* The user's address: the peer's, or behind a trusted proxy the one it
 * forwarded. */
static void client_address(struct MHD_Connection *conn, const http_options *opt, char *out,
                           size_t n)
{
    peer_address(conn, out, n);
    if (opt->trusted_proxies)
        http_forwarded_client(out, opt->trusted_proxies,
                              MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Forwarded-For"),
                              out, n);
}

/* ---- checks before the handler ---------------------------------------- */

static int authenticate(server *sv, http_req *req, http_res *res)
{
    const char *auth = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Authorization");
    const char *cookie = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, COOKIE_NAME);
    int rc;
    if (auth) {
        if (strncasecmp(auth, "Bearer ", 7) != 0) {
            res_problem(res, 401, "Not authenticated", "Use a bearer token or a session cookie.");
            return SG_EAUTH;
        }
        rc = session_resolve_bearer(sv->a, auth + 7, req->client, &req->who);
    } else if (cookie) {
        rc = session_resolve(sv->a, cookie, req->client, &req->who, &req->session);
        req->by_cookie = rc == SG_OK;
    } else {
        rc = SG_EAUTH;
    }
    if (rc == SG_EAUTH) {
        res_problem(res, 401, "Not authenticated",
                    "Log in first: the session is missing, has expired or was ended.");
        return rc;
    }
    if (rc != SG_OK) {
        res_status(res, rc, NULL);
        return rc;
    }
    req->authenticated = true;
    return SG_OK;
}

static int check_access(server *sv, http_req *req, http_res *res)
{
    const route *r = req->route;
    if (r->access == ACCESS_PUBLIC)
        return SG_OK;
    int rc = authenticate(sv, req, res);
    if (rc != SG_OK)
        return rc;
    if (req->by_cookie && req->session.mfa_pending && r->access != ACCESS_ENROL) {
        res_problem(res, 403, "Second factor required",
                    "Enrol an authenticator app first: POST /api/v1/session/totp.");
        json_object_set_new(res->json, "type", json_string("urn:signaal:problem:mfa-enrolment"));
        return SG_EFORBIDDEN;
    }
    if (req->by_cookie && req->session.must_change && r->access != ACCESS_ENROL) {
        res_problem(res, 403, "New password required",
                    "Choose a new password first: POST /api/v1/session/password.");
        json_object_set_new(res->json, "type", json_string("urn:signaal:problem:password-change"));
        return SG_EFORBIDDEN;
    }
    if (!(ROLE_BIT(req->who.role) & r->roles)) {
        res_status(res, SG_EFORBIDDEN, NULL);
        return SG_EFORBIDDEN;
    }
    if (req->by_cookie && is_write_method(req->method)) {
        const char *sent = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "X-CSRF-Token");
        size_t want = strlen(req->session.csrf_token);
        if (!sent || strlen(sent) != want
            || sodium_memcmp(sent, req->session.csrf_token, want) != 0) {
            res_problem(res, 403, "CSRF token missing or wrong",
                        "Send the csrfToken of your session in the X-CSRF-Token header.");
            return SG_EFORBIDDEN;
        }
    }
    return SG_OK;
}

typedef struct head_scan {
    int lengths;  /* Content-Length headers */
    int hosts;    /* Host headers */
    size_t bytes; /* of all header names and values */
} head_scan;

static enum MHD_Result scan_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    head_scan *h = cls;
    (void)kind;
    if (strcasecmp(key, "Content-Length") == 0)
        h->lengths++;
    else if (strcasecmp(key, "Host") == 0)
        h->hosts++;
    h->bytes += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

/* The framing of the body must be unambiguous (RFC 9112 section 6): one
 * Content-Length at most, and no Transfer-Encoding (this API takes only
 * bodies of a stated length).  Anything else could make a proxy in front
 * and this server disagree on where a request ends. */
static int check_framing(http_req *req, http_res *res)
{
    head_scan h = {0, 0, 0};
    MHD_get_connection_values(req->conn, MHD_HEADER_KIND, scan_header, &h);
    int lengths = h.lengths;
    if (strlen(req->path) > URL_MAX) {
        res_problem(res, 414, "URI too long", "The address is longer than this server reads.");
        return SG_EINVAL;
    }
    if (h.bytes > HEADERS_MAX) {
        res_problem(res, 431, "Request header fields too large",
                    "The request's headers are larger than this server reads.");
        return SG_EINVAL;
    }
    /* HTTP/1.1 asks for exactly one Host (RFC 9112 section 3.2). */
    if (h.hosts > 1 || (h.hosts == 0 && strcmp(req->version, MHD_HTTP_VERSION_1_1) == 0)) {
        res_problem(res, 400, "Bad request", "An HTTP/1.1 request needs exactly one Host header.");
        return SG_EINVAL;
    }
    if (lengths > 1) {
        res_problem(res, 400, "Ambiguous request",
                    "The request has more than one Content-Length header.");
        return SG_EINVAL;
    }
    if (MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Transfer-Encoding")) {
        if (lengths > 0)
            res_problem(res, 400, "Ambiguous request",
                        "The request has both Content-Length and Transfer-Encoding.");
        else
            res_problem(res, 411, "Length required",
                        "Send the body with a Content-Length; Transfer-Encoding is not accepted.");
        return SG_EINVAL;
    }
    const char *cl = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Length");
    if (cl) {
        char *end = NULL;
        errno = 0;
        unsigned long long n = strtoull(cl, &end, 10);
        if (!*cl || *end || errno || cl[0] == '-' || cl[0] == '+' || cl[0] == ' ') {
            res_problem(res, 400, "Bad request", "Content-Length is not a number.");
            return SG_EINVAL;
        }
        req->content_length = (size_t)n;
        if ((unsigned long long)req->content_length != n)
            req->content_length = SIZE_MAX;
    }
    return SG_OK;
}

static int check_body(http_req *req, http_res *res)
{
    const char *ct = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Type");
    return http_body_check(req->route, ct, &req->body, &req->json, res);
}

/* The checks that need only the head of the request.  Returns SG_OK when
 * the body may be read (req->body_limit says how much), or an error with
 * the answer in res. */
static int check_head(server *sv, http_req *req, http_res *res)
{
    bool path_matched = false;
    if (check_framing(req, res) != SG_OK)
        return SG_EINVAL;
    req->is_api = text_starts_with(req->path, "/api/") || strcmp(req->path, "/healthz") == 0;
    if (req->is_api && http_target_check(req->path, req->conn, res) != SG_OK)
        return SG_EINVAL;
    req->body_limit = PUBLIC_BODY_MAX < sv->opt->max_body ? PUBLIC_BODY_MAX : sv->opt->max_body;
    if (!req->is_api)
        return SG_OK; /* static files: GET and HEAD only, answered later */
    req->route = router_match(req->method, req->path, req, &path_matched);
    if (!req->route) {
        if (path_matched) {
            res_problem(res, 405, "Method not allowed",
                        "This resource does not allow that method.");
            res->status = 405;
        } else {
            res_problem(res, 404, "Not found", "There is no such resource in this API.");
        }
        return SG_ENOTFOUND;
    }
    /* Without a body there is nothing to read before the last call: the
     * access check runs there, with the handler, in one read snapshot. */
    req->access_later =
        req->content_length == 0
        && !MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Transfer-Encoding");
    if (!req->access_later && check_access(sv, req, res) != SG_OK)
        return SG_EFORBIDDEN;
    /* A body from someone known may be as large as the server allows; one
     * from a stranger (only a log-in takes one) stays small. */
    if (req->route->body && req->authenticated)
        req->body_limit = sv->opt->max_body;
    if (req->content_length > req->body_limit) {
        res_status(res, SG_ETOOBIG, NULL);
        return SG_ETOOBIG;
    }
    /* Reserve the body's room in the budget of all bodies in flight. */
    size_t want = req->content_length;
    if (want > 0) {
        size_t had = atomic_fetch_add(&sv->body_bytes, want);
        if (had + want > sv->body_budget) {
            atomic_fetch_sub(&sv->body_bytes, want);
            res_problem(res, 503, "Busy",
                        "The server is reading too many requests at once; try again shortly.");
            res->retry_after_s = 1;
            return SG_EUNAVAILABLE;
        }
        req->body_reserved = want;
    }
    buf_init(&req->body, req->body_limit);
    return SG_OK;
}

/* The work of the last call: the body's checks, then the handler. */
static void dispatch(server *sv, http_req *req, http_res *res)
{
    if (!req->is_api) {
        static_serve(sv->opt->web_dir, req, res);
        return;
    }
    if (req->body_too_big || req->body.len != req->content_length) {
        res_status(res, SG_ETOOBIG, NULL);
        return;
    }
    if (check_body(req, res) != SG_OK)
        return;
    /* The reads of this call share one snapshot until it writes
     * (svc_request_begin): the session's and the handler's. */
    svc_request_begin(sv->a);
    if (!req->access_later || check_access(sv, req, res) == SG_OK) {
        int rc = req->route->fn(sv->a, req, res);
        if (rc != SG_OK && res->status == 0)
            res_status(res, rc, NULL);
        if (rc == SG_OK && res->status == 0)
            res_status(res, SG_EINTERNAL, NULL);
    }
    svc_request_end(sv->a);
}

/* ---- answering -------------------------------------------------------- */

/* A browser going to an address itself (typed, a link, a bookmark), not
 * a page's script fetching data. */
static bool is_navigation(const http_req *req)
{
    const char *mode = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Sec-Fetch-Mode");
    if (mode)
        return strcmp(mode, "navigate") == 0;
    const char *accept = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Accept");
    return accept && text_starts_with(accept, "text/html");
}

static struct MHD_Response *build_response(server *sv, http_req *req, http_res *res)
{
    char *body = NULL;
    size_t len = 0;
    /* A browser that goes to an address of the API gets a page in the
     * app's layout that says what the address is for, never bare JSON
     * (the API's own description excepted: it is read as it is). */
    if (res->json && text_starts_with(req->path, "/api/") && is_navigation(req)
        && strcmp(req->path, "/api/v1/openapi.json") != 0)
        static_page(sv->opt->web_dir, "404.html", res->status, res);
    const char *type = res->content_type;
    bool lost = false; /* the answer could not be made: memory ran out */
    bool problem = false;
    http_lang lang =
        http_lang_pick(MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Accept-Language"));
    if (res->json && text_starts_with(req->path, "/api/")) {
        /* The API's names on the wire: lowerCamelCase. */
        json_t *wire = wire_out(res->json);
        json_decref(res->json);
        res->json = wire;
        lost = !wire;
        if (wire && res->status >= 400)
            wire_problem_names(wire);
    }
    if (res->json && res->status >= 400) {
        /* A problem's words in the reader's language. */
        http_problem_translate(res->json, lang);
        problem = true;
    }
    if (res->json || lost) {
        body = res->json ? json_dumps(res->json, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
        if (!body) {
            res->status = 500;
            body = strdup("{\"type\":\"about:blank\",\"status\":500,\"title\":\"Internal error\"}");
        }
        len = body ? strlen(body) : 0;
        type = res->status >= 400 ? "application/problem+json" : "application/json";
    } else if (res->raw) {
        body = res->raw;
        len = res->raw_len;
        res->raw = NULL;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, body ? body : (void *)"", body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        free(body);
        return NULL;
    }
    if (type && len)
        MHD_add_response_header(r, "Content-Type", type);
    if (problem) {
        MHD_add_response_header(r, "Content-Language", http_lang_code(lang));
        MHD_add_response_header(r, "Vary", "Accept-Language");
    }
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    MHD_add_response_header(r, "Cache-Control", res->cacheable ? "no-cache" : "no-store");
    if (text_starts_with(req->path, "/api/"))
        MHD_add_response_header(r, "API-Version", SIGNAAL_VERSION);
    if (sv->opt->secure_cookies)
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
    if (res->close)
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    if (res->set_cookie)
        MHD_add_response_header(r, "Set-Cookie", res->set_cookie);
    if (res->location[0])
        MHD_add_response_header(r, "Location", res->location);
    if (res->retry_after_s > 0) {
        char v[24];
        snprintf(v, sizeof v, "%lld", (long long)res->retry_after_s);
        MHD_add_response_header(r, "Retry-After", v);
    }
    if (res->status == 405) {
        char allow[64] = "GET, HEAD";
        if (text_starts_with(req->path, "/api/") || strcmp(req->path, "/healthz") == 0)
            router_allowed(req->path, allow, sizeof allow);
        MHD_add_response_header(r, "Allow", allow);
    }
    return r;
}

static void res_clear(http_res *res)
{
    json_decref(res->json);
    sg_free(res->raw);
    sg_free(res->set_cookie);
}

static enum MHD_Result answer(server *sv, http_req *req, http_res *res)
{
    struct MHD_Response *r = build_response(sv, req, res);
    req->status = res->status;
    res_clear(res);
    if (!r)
        return MHD_NO;
    enum MHD_Result ok = MHD_queue_response(req->conn, (unsigned)req->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload,
                                  size_t *upload_size, void **con_cls)
{
    server *sv = cls;
    http_req *req = *con_cls;
    if (!req) {
        req = sg_calloc(1, sizeof *req);
        if (!req)
            return MHD_NO;
        atomic_fetch_add(&sv->in_flight, 1);
        req->conn = conn;
        req->opt = sv->opt;
        req->method = method;
        req->path = url;
        req->version = version;
        req->started_ms = clock_mono_ms();
        client_address(conn, sv->opt, req->client, sizeof req->client);
        *con_cls = req;
        http_res res = {0};
        if (check_head(sv, req, &res) == SG_OK)
            return MHD_YES;
        /* Refused before the body: answer at once, and never read a body
         * that would be thrown away (the connection closes after it). */
        res.close = req->content_length > 0
                    || MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");
        return answer(sv, req, &res);
    }
    if (*upload_size > 0) {
        if (!req->body_too_big && buf_append(&req->body, upload, *upload_size) != SG_OK)
            req->body_too_big = true;
        *upload_size = 0;
        return MHD_YES;
    }
    if (req->status)
        return MHD_YES; /* answered already, on the first call */
    http_res res = {0};
    dispatch(sv, req, &res);
    return answer(sv, req, &res);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    server *sv = cls;
    http_req *req = *con_cls;
    (void)conn;
    if (!req)
        return;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    /* The route template, never the path: paths hold ids. */
    const char *what = req->route                             ? req->route->path
                       : text_starts_with(req->path, "/api/") ? "(unknown)"
                                                              : "(static)";
    /* One write per line, without stdio's lock that every thread would
     * wait for; a line longer than the buffer is cut. */
    char line[512];
    int n = snprintf(line, sizeof line, "%s request %s %s %d %lldms user=%s%s\n", now, req->method,
                     what, req->status, (long long)(clock_mono_ms() - req->started_ms),
                     req->authenticated ? req->who.user_pid : "-",
                     why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
    if (n > 0) {
        size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
        line[len - 1] = '\n';
        if (write(STDERR_FILENO, line, len) < 0) {
            /* nowhere to report it */
        }
    }
    if (req->body_reserved)
        atomic_fetch_sub(&sv->body_bytes, req->body_reserved);
    json_decref(req->json);
    buf_free(&req->body);
    sg_free(req);
    *con_cls = NULL;
    atomic_fetch_sub(&sv->in_flight, 1);
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    char msg[512];
    (void)cls;
    vsnprintf(msg, sizeof msg, fmt, ap);
    msg[strcspn(msg, "\n")] = '\0';
    log_error("http: %s", msg);
}

/* ---- start and stop --------------------------------------------------- */

static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
    char host[64];
    const char *colon = strrchr(listen, ':');
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return SG_EINVAL;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    char *end = NULL;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535)
        return SG_EINVAL;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host[0] ? host : "0.0.0.0", &sa->sin_addr) != 1)
        return SG_EINVAL;
    return SG_OK;
}

static int write_port_file(const char *path, unsigned port)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return SG_EIO;
    int ok = fprintf(f, "%u\n", port) > 0;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return SG_EIO;
    }
    return SG_OK;
}

int http_serve(app *a, const http_options *opt)
{
    struct sockaddr_in sa;
    if (parse_listen(opt->listen, &sa) != SG_OK) {
        log_error("cannot listen on '%s': give ADDRESS:PORT, e.g. 127.0.0.1:8080", opt->listen);
        return SG_EINVAL;
    }
    if (!openapi_document())
        return SG_ENOMEM;
    server sv = {.a = a,
                 .opt = opt,
                 .body_budget = opt->body_budget ? opt->body_budget : BODY_BUDGET_DEFAULT};
    atomic_init(&sv.in_flight, 0);
    atomic_init(&sv.body_bytes, 0);
    bool tls = opt->tls_cert && opt->tls_key;
    struct MHD_OptionItem tls_options[] = {
        {MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)opt->tls_cert},
        {MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)opt->tls_key},
        /* TLS 1.2 and 1.3 only, as the NCSC's guidelines for TLS ask. */
        {MHD_OPTION_HTTPS_PRIORITIES, 0, (void *)"NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2"},
        {MHD_OPTION_END, 0, NULL}};
    struct MHD_OptionItem no_options[] = {{MHD_OPTION_END, 0, NULL}};
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_POLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | (tls ? MHD_USE_TLS : 0), 0,
        NULL, NULL, on_request, &sv, MHD_OPTION_ARRAY, tls ? tls_options : no_options,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)opt->threads, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, &sv, MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_CONNECTION_LIMIT, 2000u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(128 * 1024),
        /* Refuse what HTTP forbids (a space before a colon ...). */
        MHD_OPTION_STRICT_FOR_CLIENT, 1, MHD_OPTION_END);
    if (!d) {
        log_error("cannot listen on %s: %s", opt->listen, strerror(errno));
        return SG_EIO;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : 0;
    char host[64];
    inet_ntop(AF_INET, &sa.sin_addr, host, sizeof host);
    log_info("signaal %s listening on %s://%s:%u", SIGNAAL_VERSION, tls ? "https" : "http", host,
             port);
    if (opt->port_file && write_port_file(opt->port_file, port) != SG_OK)
        log_error("cannot write the port file %s", opt->port_file);
    if (opt->ready) {
        /* On every address: this machine's own reaches it. */
        char url[96];
        snprintf(url, sizeof url, "%s://%s:%u", tls ? "https" : "http",
                 strcmp(host, "0.0.0.0") == 0 ? "127.0.0.1" : host, port);
        opt->ready(opt->ready_ctx, url);
    }

    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    log_info("signal %d: finishing requests in flight", sig);
    MHD_socket listener = MHD_quiesce_daemon(d);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    int64_t deadline = clock_mono_ms() + SHUTDOWN_GRACE_MS;
    while (atomic_load(&sv.in_flight) > 0 && clock_mono_ms() < deadline) {
        struct timespec pause = {0, 10 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    MHD_stop_daemon(d);
    log_info("stopped");
    return SG_OK;
}
