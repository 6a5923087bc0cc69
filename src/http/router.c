/* Matching request paths against the route templates. */
#include <string.h>

#include "http/http.h"

/* Matches path against template, filling req's parameters when req is not NULL. */
static bool match(const char *tmpl, const char *path, http_req *req)
{
    int nparams = 0;
    while (*tmpl && *path) {
        if (*tmpl == '{') {
            const char *close = strchr(tmpl, '}');
            size_t len = strcspn(path, "/");
            if (!close || len == 0 || len >= HTTP_PARAM_LEN || nparams >= HTTP_MAX_PARAMS)
                return false;
            if (req) {
                memcpy(req->params[nparams], path, len);
                req->params[nparams][len] = '\0';
            }
            nparams++;
            tmpl = close + 1;
            path += len;
            continue;
        }
        if (*tmpl != *path)
            return false;
        tmpl++;
        path++;
    }
    if (*tmpl || *path)
        return false;
    if (req)
        req->nparams = nparams;
    return true;
}

const route *router_match(const char *method, const char *path, http_req *req, bool *path_matched)
{
    /* HEAD is GET without the body (libmicrohttpd leaves the body out). */
    if (strcmp(method, "HEAD") == 0)
        method = "GET";
    *path_matched = false;
    HTTP_FOREACH_ROUTE(r)
    {
        if (!match(r->path, path, NULL))
            continue;
        *path_matched = true;
        if (strcmp(r->method, method) == 0) {
            match(r->path, path, req);
            return r;
        }
    }
    return NULL;
}

void router_allowed(const char *path, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    HTTP_FOREACH_ROUTE(r)
    {
        if (!match(r->path, path, NULL))
            continue;
        size_t need = strlen(r->method) + (used ? 2 : 0);
        if (used + need + 1 > n)
            return;
        if (used) {
            memcpy(out + used, ", ", 2);
            used += 2;
        }
        memcpy(out + used, r->method, strlen(r->method));
        used += strlen(r->method);
        out[used] = '\0';
        if (strcmp(r->method, "GET") == 0 && used + 7 < n) {
            memcpy(out + used, ", HEAD", 7);
            used += 6;
        }
    }
}
