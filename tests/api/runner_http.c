/*
 * runner_http.c - the runner's HTTP side: named sessions, requests, log-in
 * and TOTP codes.
 *
 * A session is a curl share handle holding that session's cookies, plus
 * the csrfToken the server handed out; every request gets a fresh easy
 * handle attached to the share, so no option of one request leaks into the
 * next.  The runner never follows redirects and never uses a proxy.
 */
#include <curl/curl.h>
#include <liboath/oath.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "base/clock.h"
#include "base/mem.h"
#include "runner.h"

struct runner_session {
    char *name;
    CURLSH *share;
    char *csrf;
    runner_session *next;
};

runner_session *runner_session_get(runner *r, const char *name)
{
    runner_session *s;
    for (s = r->sessions; s; s = s->next)
        if (strcmp(s->name, name) == 0)
            return s;
    s = sg_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->name = sg_strdup(name);
    s->share = curl_share_init();
    if (!s->name || !s->share
        || curl_share_setopt(s->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_COOKIE) != CURLSHE_OK) {
        curl_share_cleanup(s->share);
        sg_free(s->name);
        sg_free(s);
        return NULL;
    }
    s->next = r->sessions;
    r->sessions = s;
    return s;
}

const char *runner_session_csrf(const runner_session *s)
{
    return s ? s->csrf : NULL;
}

void runner_session_learn(runner_session *s, runner_response *resp)
{
    json_t *token = json_object_get(resp->json, "csrfToken");
    if (!s || resp->status < 200 || resp->status > 299 || !json_is_string(token))
        return;
    char *copy = sg_strdup(json_string_value(token));
    if (!copy)
        return;
    sg_free(s->csrf);
    s->csrf = copy;
}

void runner_sessions_free(runner *r)
{
    while (r->sessions) {
        runner_session *s = r->sessions;
        r->sessions = s->next;
        curl_share_cleanup(s->share);
        sg_free(s->name);
        sg_free(s->csrf);
        sg_free(s);
    }
}

void runner_response_clear(runner_response *resp)
{
    buf_free(&resp->body);
    json_decref(resp->headers);
    json_decref(resp->json);
    resp->headers = NULL;
    resp->json = NULL;
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    runner_response *resp = ctx;
    return buf_append(&resp->body, data, size * n) == SG_OK ? size * n : 0;
}

static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    runner_response *resp = ctx;
    size_t len = size * n;
    if (len >= 5 && strncmp(data, "HTTP/", 5) == 0) {
        json_array_clear(resp->headers); /* a new response (after 100 Continue) */
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    const char *v = colon + 1;
    const char *end = data + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    json_t *pair = json_pack("[s#s#]", data, (int)(colon - data), v, (int)(end - v));
    if (!pair || json_array_append_new(resp->headers, pair) != 0)
        return 0;
    return len;
}

static bool http_timed(runner *r, runner_session *session, const char *method, const char *path,
                       const char *body, size_t body_len, struct curl_slist *headers,
                       long timeout_s, runner_response *resp, buf *msg)
{
    char url[512];
    char errbuf[CURL_ERROR_SIZE] = "";
    bool ok = false;
    memset(resp, 0, sizeof *resp);
    buf_init(&resp->body, RUNNER_BODY_MAX);
    resp->headers = json_array();
    CURL *h = curl_easy_init();
    if (!h || !resp->headers) {
        runner_note(msg, "out of memory");
        goto out;
    }
    if (path[0] != '/'
        || snprintf(url, sizeof url, "http://127.0.0.1:%d%s", r->port, path) >= (int)sizeof url) {
        runner_note(msg, "path must start with / and be shorter than %zu bytes", sizeof url - 40);
        goto out;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout_s);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, timeout_s < 10 ? timeout_s : 10L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, resp);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, resp);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (session) {
        curl_easy_setopt(h, CURLOPT_SHARE, session->share);
        curl_easy_setopt(h, CURLOPT_COOKIEFILE, ""); /* the cookie engine, no file */
    }
    if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (strcmp(method, "GET") != 0 || body) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        if (body || strcmp(method, "DELETE") != 0) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
        }
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        runner_note(msg, "%s %s: %s%s%s", method, path, curl_easy_strerror(rc),
                    errbuf[0] ? ": " : "", errbuf);
        goto out;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp->status);
    if (resp->body.len > 0)
        resp->json = json_loadb(resp->body.data, resp->body.len,
                                JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, NULL);
    ok = true;
out:
    curl_easy_cleanup(h);
    if (!ok)
        runner_response_clear(resp);
    return ok;
}

bool runner_http(runner *r, runner_session *session, const char *method, const char *path,
                 const char *body, size_t body_len, struct curl_slist *headers,
                 runner_response *resp, buf *msg)
{
    return http_timed(r, session, method, path, body, body_len, headers, RUNNER_HTTP_TIMEOUT_S,
                      resp, msg);
}

bool runner_wait_healthy(runner *r, long long deadline_ms, buf *msg)
{
    long last = 0;
    for (;;) {
        buf ignored;
        runner_response resp;
        buf_init(&ignored, 1024);
        if (http_timed(r, NULL, "GET", "/healthz", NULL, 0, NULL, 2L, &resp, &ignored)) {
            last = resp.status;
            runner_response_clear(&resp);
        }
        buf_free(&ignored);
        if (last == 200)
            return true;
        if (!runner_server_alive(r, 0, msg))
            return false;
        if (clock_mono_ms() >= deadline_ms) {
            runner_note(msg, "GET /healthz did not answer 200 within %d s (last status %ld)",
                        RUNNER_SERVER_WAIT_S, last);
            return false;
        }
        nanosleep(&(struct timespec){0, 100 * 1000 * 1000}, NULL);
    }
}

bool runner_totp(runner *r, const char *base32, char out[7], buf *msg)
{
    char *secret = NULL;
    size_t len = 0;
    int rc = oath_base32_decode(base32, strlen(base32), &secret, &len);
    if (rc != OATH_OK) {
        runner_note(msg, "TOTP secret is not base32: %s", oath_strerror(rc));
        return false;
    }
    long long now = (long long)time(NULL) / 30;
    long long step = now;
    json_t *last = json_object_get(r->totp_steps, base32);
    if (last && json_integer_value(last) >= step)
        step = json_integer_value(last) + 1;
    /* Servers accept the next step's code for clock drift, not later ones. */
    while (step > (long long)time(NULL) / 30 + 1)
        nanosleep(&(struct timespec){0, 250 * 1000 * 1000}, NULL);
    rc = oath_totp_generate(secret, len, (time_t)(step * 30), 30, 0, 6, out);
    free(secret);
    if (rc != OATH_OK) {
        runner_note(msg, "TOTP generation failed: %s", oath_strerror(rc));
        return false;
    }
    if (json_object_set_new(r->totp_steps, base32, json_integer(step)) != 0) {
        runner_note(msg, "out of memory");
        return false;
    }
    return true;
}

/* --- request and log-in steps ----------------------------------------- */

static bool add_header(struct curl_slist **list, const char *name, const char *value, buf *msg)
{
    buf line;
    buf_init(&line, 64 * 1024);
    bool ok = buf_printf(&line, "%s:%s%s", name, value[0] ? " " : "", value) == SG_OK;
    struct curl_slist *grown = ok ? curl_slist_append(*list, line.data) : NULL;
    buf_free(&line);
    if (!grown) {
        runner_note(msg, "header %s too long or out of memory", name);
        return false;
    }
    *list = grown;
    return true;
}

static bool is_state_changing(const char *method)
{
    return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 || strcmp(method, "PATCH") == 0
           || strcmp(method, "DELETE") == 0;
}

/* What one HTTP step sends and expects, whatever wrote it. */
typedef struct exchange {
    runner_session *session;
    const char *method;
    char *path;
    char *body; /* sg_malloc */
    size_t body_len;
    struct curl_slist *headers;
    json_t *expect;      /* substituted */
    json_t *expect_each; /* substituted or NULL */
    json_t *save;        /* borrowed */
    long long repeat;
} exchange;

static void exchange_free(exchange *x)
{
    sg_free(x->path);
    sg_free(x->body);
    curl_slist_free_all(x->headers);
    json_decref(x->expect);
    json_decref(x->expect_each);
}

/* Sends x repeat times and checks the answers; the description of a
 * failure names the request and ends with the start of the body. */
static void exchange_run(runner *r, exchange *x, json_t *every, buf *msg)
{
    buf notes;
    buf_init(&notes, RUNNER_MSG_MAX);
    for (long long i = 1; i <= x->repeat && notes.len == 0; i++) {
        runner_response resp;
        if (!runner_http(r, x->session, x->method, x->path, x->body, x->body_len, x->headers, &resp,
                         &notes))
            break;
        runner_session_learn(x->session, &resp);
        if (every)
            runner_expect_response(every, &resp, &notes);
        if (x->expect_each)
            runner_expect_response(x->expect_each, &resp, &notes);
        if (i == x->repeat) {
            runner_expect_response(x->expect, &resp, &notes);
            if (json_object_size(x->save) > 0)
                runner_save(r, x->save, &resp, NULL, resp.body.data, &notes);
        }
        if (notes.len > 0) {
            if (x->repeat > 1)
                runner_note(msg, "%s %s (repetition %lld of %lld): %s; body: ", x->method, x->path,
                            i, x->repeat, notes.data);
            else
                runner_note(msg, "%s %s: %s; body: ", x->method, x->path, notes.data);
            runner_note_snippet(msg, resp.body.data ? resp.body.data : "", resp.body.len, 300);
        }
        runner_response_clear(&resp);
    }
    if (notes.len > 0 && msg->len == 0)
        runner_note(msg, "%s", notes.data); /* the transport failed; notes name the request */
    buf_free(&notes);
}

/* Fills the parts common to both kinds of HTTP step from step. */
static bool exchange_expect(runner *r, exchange *x, json_t *step, json_t *fallback, buf *msg)
{
    json_t *expect = json_object_get(step, "expect");
    json_t *each = json_object_get(step, "expect_each");
    json_t *repeat = json_object_get(step, "repeat");
    x->expect = runner_subst_json(r, expect ? expect : fallback, msg);
    x->expect_each = each ? runner_subst_json(r, each, msg) : NULL;
    x->save = json_object_get(step, "save");
    x->repeat = repeat ? json_integer_value(repeat) : 1;
    return x->expect && (!each || x->expect_each);
}

/* Adds the request's headers: its own, the bearer token, the CSRF token
 * of a cookie session, and a content type. */
static bool exchange_headers(runner *r, exchange *x, json_t *step, const char *ctype, buf *msg)
{
    json_t *req = json_object_get(step, "request");
    json_t *bearer = json_object_get(req, "bearer");
    json_t *value;
    const char *name;
    bool has_ctype = false, has_csrf = false;
    json_object_foreach(json_object_get(req, "headers"), name, value)
    {
        char *text = runner_subst(r, json_string_value(value), msg);
        bool ok = text && add_header(&x->headers, name, text, msg);
        sg_free(text);
        if (!ok)
            return false;
        has_ctype = has_ctype || strcasecmp(name, "content-type") == 0;
        has_csrf = has_csrf || strcasecmp(name, "x-csrf-token") == 0;
    }
    if (bearer) {
        char *token = runner_subst(r, json_string_value(bearer), msg);
        size_t n = token ? strlen(token) + 8 : 0;
        char *line = token ? sg_malloc(n) : NULL;
        bool ok = line != NULL;
        if (ok) {
            snprintf(line, n, "Bearer %s", token);
            ok = add_header(&x->headers, "Authorization", line, msg);
        }
        sg_free(line);
        sg_free(token);
        if (!ok)
            return false;
    }
    if (runner_session_csrf(x->session) && is_state_changing(x->method) && !has_csrf
        && !json_is_false(json_object_get(step, "csrf"))
        && !add_header(&x->headers, "X-CSRF-Token", runner_session_csrf(x->session), msg))
        return false;
    /* Without a content type of the step's own, send none rather than
     * curl's default application/x-www-form-urlencoded. */
    if (!has_ctype && !add_header(&x->headers, "Content-Type", ctype ? ctype : "", msg))
        return false;
    return add_header(&x->headers, "Expect", "", msg);
}

/* Replaces each \\xHH in s (in place) by the byte HH; returns the new length,
 * or -1 when an escape is incomplete or not hexadecimal. */
static long decode_byte_escapes(char *s)
{
    size_t in = 0, out = 0;
    while (s[in]) {
        if (s[in] == '\\' && s[in + 1] == 'x') {
            unsigned v = 0;
            for (int k = 2; k < 4; k++) {
                char c = s[in + k];
                if (c >= '0' && c <= '9')
                    v = v * 16 + (unsigned)(c - '0');
                else if (c >= 'a' && c <= 'f')
                    v = v * 16 + (unsigned)(c - 'a' + 10);
                else if (c >= 'A' && c <= 'F')
                    v = v * 16 + (unsigned)(c - 'A' + 10);
                else
                    return -1;
            }
            s[out++] = (char)v;
            in += 4;
        } else {
            s[out++] = s[in++];
        }
    }
    s[out] = '\0';
    return (long)out;
}

void runner_step_request(runner *r, json_t *step, buf *msg)
{
    json_t *req = json_object_get(step, "request");
    json_t *session = json_object_get(step, "session");
    json_t *json = json_object_get(req, "json");
    json_t *raw = json_object_get(req, "body");
    json_t *bytes = json_object_get(req, "body_bytes");
    const char *ctype = NULL;
    long bytes_len = 0;
    exchange x = {0};
    x.method = json_string_value(json_object_get(req, "method"));
    if (!x.method)
        x.method = "GET";
    if (session) {
        x.session = runner_session_get(r, json_string_value(session));
        if (!x.session) {
            runner_note(msg, "out of memory");
            goto out;
        }
    }
    x.path = runner_subst(r, json_string_value(json_object_get(req, "path")), msg);
    if (!x.path)
        goto out;
    if (json) {
        json_t *doc = runner_subst_json(r, json, msg);
        char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
        json_decref(doc);
        if (!text)
            goto out;
        x.body = sg_strdup(text);
        free(text);
        ctype = "application/json";
    } else if (raw) {
        x.body = runner_subst(r, json_string_value(raw), msg);
        ctype = json_string_value(json_object_get(req, "content_type"));
    } else if (bytes) {
        x.body = runner_subst(r, json_string_value(bytes), msg);
        ctype = json_string_value(json_object_get(req, "content_type"));
        if (x.body) {
            bytes_len = decode_byte_escapes(x.body);
            if (bytes_len < 0) {
                runner_note(msg, "request.body_bytes: \\x must be followed by two hex digits");
                goto out;
            }
        }
    }
    if (json || raw || bytes) {
        if (!x.body)
            goto out;
        x.body_len = bytes ? (size_t)bytes_len : strlen(x.body);
    }
    if (!exchange_headers(r, &x, step, ctype, msg) || !exchange_expect(r, &x, step, NULL, msg))
        goto out;
    exchange_run(r, &x, json_object_get(r->scenario, "expect_every"), msg);
out:
    if (msg->len == 0 && !x.expect)
        runner_note(msg, "could not build the request (out of memory?)");
    exchange_free(&x);
}

/* The password given to login in the scenario's setup, borrowed or NULL. */
static const char *setup_password(runner *r, const char *login)
{
    size_t i;
    json_t *user;
    json_array_foreach(json_object_get(json_object_get(r->scenario, "setup"), "users"), i, user)
    {
        if (strcmp(json_string_value(json_object_get(user, "login")), login) == 0)
            return json_string_value(json_object_get(user, "password"));
    }
    return NULL;
}

void runner_step_login(runner *r, json_t *step, buf *msg)
{
    exchange x = {0};
    json_t *body = NULL, *v;
    json_t *ok200 = json_pack("{s:i}", "status", 200);
    char *login = runner_subst(r, json_string_value(json_object_get(step, "login")), msg);
    char *password = NULL;
    char *text = NULL;
    if (!login || !ok200)
        goto out;
    v = json_object_get(step, "session");
    x.session = runner_session_get(r, v ? json_string_value(v) : login);
    x.method = "POST";
    x.path = sg_strdup("/api/v1/session");
    if (!x.session || !x.path) {
        runner_note(msg, "out of memory");
        goto out;
    }
    v = json_object_get(step, "password");
    if (v)
        password = runner_subst(r, json_string_value(v), msg);
    else if (setup_password(r, login))
        password = sg_strdup(setup_password(r, login));
    else
        runner_note(msg, "user %s is not in setup.users; give \"password\"", login);
    if (!password)
        goto out;
    body = json_pack("{s:s, s:s}", "login", login, "password", password);
    v = json_object_get(step, "otp");
    if (v) {
        char *otp = runner_subst(r, json_string_value(v), msg);
        if (!otp || json_object_set_new(body, "otp", json_string(otp)) != 0) {
            sg_free(otp);
            goto out;
        }
        sg_free(otp);
    } else if (json_object_get(step, "otp_secret")) {
        char code[7];
        char *secret = runner_subst(r, json_string_value(json_object_get(step, "otp_secret")), msg);
        bool ok = secret && runner_totp(r, secret, code, msg);
        sg_free(secret);
        if (!ok || json_object_set_new(body, "otp", json_string(code)) != 0)
            goto out;
    }
    text = json_dumps(body, JSON_COMPACT);
    x.body = text ? sg_strdup(text) : NULL;
    if (!x.body || !add_header(&x.headers, "Content-Type", "application/json", msg)
        || !add_header(&x.headers, "Expect", "", msg))
        goto out;
    x.body_len = strlen(x.body);
    if (!exchange_expect(r, &x, step, ok200, msg))
        goto out;
    exchange_run(r, &x, json_object_get(r->scenario, "expect_every"), msg);
out:
    if (msg->len == 0 && (!x.body || !x.expect))
        runner_note(msg, "could not build the log-in request");
    free(text);
    json_decref(body);
    json_decref(ok200);
    sg_free(password);
    sg_free(login);
    exchange_free(&x);
}
