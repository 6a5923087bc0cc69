/*
 * matrix_client.c - the callers' HTTP side: one keep-alive libcurl handle
 * per caller, the session cookie sent by hand, log-in and the second
 * factor.
 *
 * The cookie is kept by hand rather than by curl's cookie engine, so that
 * a cell that logs someone else in (POST /api/v1/session) or that sends an
 * expired cookie never changes the caller's own session.  The handle is
 * reset before every request (curl keeps the live connection across a
 * reset), so no option of one cell leaks into the next.  TOTP codes come
 * from the API runner (runner_totp), which never hands out a time step
 * twice for one secret.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "matrix.h"

#define COOKIE_PREFIX "signaal_session="

void mx_answer_clear(mx_answer *ans)
{
    buf_free(&ans->body);
    sg_free(ans->set_cookie);
    ans->set_cookie = NULL;
}

void mx_caller_free(mx_caller *c)
{
    if (c->h)
        curl_easy_cleanup(c->h);
    sg_free(c->totp_secret);
    sg_free(c->cookie);
    sg_free(c->csrf);
    c->h = NULL;
    c->totp_secret = c->cookie = c->csrf = NULL;
}

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    mx_answer *ans = ctx;
    return buf_append(&ans->body, data, size * n) == SG_OK ? size * n : 0;
}

/* Keeps the Content-Type and the session cookie of an answer. */
static size_t on_header(char *data, size_t size, size_t n, void *ctx)
{
    mx_answer *ans = ctx;
    size_t len = size * n;
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    size_t name_len = (size_t)(colon - data);
    const char *v = colon + 1;
    const char *end = data + len;
    while (v < end && *v == ' ')
        v++;
    while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' '))
        end--;
    size_t vlen = (size_t)(end - v);
    if (name_len == 12 && strncasecmp(data, "Content-Type", 12) == 0) {
        snprintf(ans->content_type, sizeof ans->content_type, "%.*s", (int)vlen, v);
    } else if (name_len == 10 && strncasecmp(data, "Set-Cookie", 10) == 0
               && vlen > strlen(COOKIE_PREFIX)
               && strncmp(v, COOKIE_PREFIX, strlen(COOKIE_PREFIX)) == 0) {
        size_t cut = strcspn(v, ";");
        sg_free(ans->set_cookie);
        ans->set_cookie = sg_strndup(v, cut < vlen ? cut : vlen);
    }
    return len;
}

static bool add_header(struct curl_slist **list, const char *line)
{
    struct curl_slist *grown = curl_slist_append(*list, line);
    if (!grown)
        return false;
    *list = grown;
    return true;
}

bool mx_send(runner *r, mx_caller *c, const char *method, const char *path, const char *body,
             const char *cookie, bool csrf, mx_answer *ans, buf *msg)
{
    char url[2048];
    char line[512];
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *headers = NULL;
    bool ok = false;
    CURL *h = c ? c->h : curl_easy_init();
    memset(ans, 0, sizeof *ans);
    buf_init(&ans->body, RUNNER_BODY_MAX);
    if (c && !h)
        h = c->h = curl_easy_init();
    if (!h) {
        runner_note(msg, "out of memory");
        goto out;
    }
    curl_easy_reset(h);
    if (snprintf(url, sizeof url, "http://127.0.0.1:%d%s", r->port, path) >= (int)sizeof url) {
        runner_note(msg, "path too long: %.80s", path);
        goto out;
    }
    const char *jar = cookie ? cookie : (c ? c->cookie : NULL);
    bool ok_headers = add_header(&headers, "Expect:");
    if (jar && jar[0]) {
        snprintf(line, sizeof line, "Cookie: %s", jar);
        ok_headers = ok_headers && add_header(&headers, line);
    }
    if (csrf && c && c->csrf) {
        snprintf(line, sizeof line, "X-CSRF-Token: %s", c->csrf);
        ok_headers = ok_headers && add_header(&headers, line);
    }
    ok_headers = ok_headers
                 && add_header(&headers, body ? "Content-Type: application/json" : "Content-Type:");
    if (!ok_headers) {
        runner_note(msg, "out of memory");
        goto out;
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, RUNNER_HTTP_TIMEOUT_S);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, ans);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, ans);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    if (strcmp(method, "GET") != 0) {
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        if (body || strcmp(method, "DELETE") != 0) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? strlen(body) : 0));
        }
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        runner_note(msg, "%s %s: %s%s%s", method, path, curl_easy_strerror(rc),
                    errbuf[0] ? ": " : "", errbuf);
        goto out;
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ans->status);
    if (buf_append(&ans->body, "", 0) != SG_OK) {
        runner_note(msg, "out of memory");
        goto out;
    }
    ok = true;
out:
    curl_slist_free_all(headers);
    if (!c && h)
        curl_easy_cleanup(h);
    if (!ok)
        mx_answer_clear(ans);
    return ok;
}

void mx_adopt(mx_caller *c, mx_answer *ans)
{
    json_t *doc = json_loadb(ans->body.data, ans->body.len, 0, NULL);
    json_t *token = json_object_get(doc, "csrfToken");
    if (ans->set_cookie && json_is_string(token)) {
        char *csrf = sg_strdup(json_string_value(token));
        char *cookie = sg_strdup(ans->set_cookie);
        if (csrf && cookie) {
            sg_free(c->csrf);
            sg_free(c->cookie);
            c->csrf = csrf;
            c->cookie = cookie;
        } else {
            sg_free(csrf);
            sg_free(cookie);
        }
    }
    json_decref(doc);
}

/* Sends a JSON body built from doc (which is released) and checks the status. */
static bool call(runner *r, mx_caller *c, const char *method, const char *path, json_t *doc,
                 const char *cookie, long want, mx_answer *ans, buf *msg)
{
    char *text = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
    json_decref(doc);
    if (doc && !text) {
        runner_note(msg, "out of memory");
        return false;
    }
    bool ok = mx_send(r, c, method, path, text, cookie, true, ans, msg);
    free(text);
    if (ok && ans->status != want) {
        runner_note(msg, "%s as %s: expected %ld, got %ld: ", path, c->login, want, ans->status);
        runner_note_snippet(msg, ans->body.data, ans->body.len, 200);
        mx_answer_clear(ans);
        return false;
    }
    return ok;
}

bool mx_login(runner *r, mx_caller *c, buf *msg)
{
    mx_answer ans;
    char code[7];
    json_t *doc = json_pack("{s:s, s:s}", "login", c->login, "password", c->password);
    if (doc && c->totp_secret) {
        if (!runner_totp(r, c->totp_secret, code, msg)) {
            json_decref(doc);
            return false;
        }
        json_object_set_new(doc, "otp", json_string(code));
    }
    if (!call(r, c, "POST", "/api/v1/session", doc, "", 200, &ans, msg))
        return false;
    sg_free(c->cookie);
    sg_free(c->csrf);
    c->cookie = c->csrf = NULL;
    mx_adopt(c, &ans);
    mx_answer_clear(&ans);
    if (!c->cookie) {
        runner_note(msg, "log-in of %s gave no session", c->login);
        return false;
    }
    if (c->totp_secret || !role_requires_mfa(c->role))
        return true;
    /* Enrol the second factor: start, then confirm with a first code. */
    if (!call(r, c, "POST", "/api/v1/session/totp", NULL, NULL, 201, &ans, msg))
        return false;
    json_t *got = json_loadb(ans.body.data, ans.body.len, 0, NULL);
    json_t *secret = json_object_get(got, "secret");
    c->totp_secret = json_is_string(secret) ? sg_strdup(json_string_value(secret)) : NULL;
    json_decref(got);
    mx_answer_clear(&ans);
    if (!c->totp_secret || !runner_totp(r, c->totp_secret, code, msg)) {
        runner_note(msg, "no TOTP secret for %s", c->login);
        return false;
    }
    if (!call(r, c, "POST", "/api/v1/session/totp/confirmation", json_pack("{s:s}", "code", code),
              NULL, 200, &ans, msg))
        return false;
    mx_adopt(c, &ans);
    mx_answer_clear(&ans);
    return true;
}
