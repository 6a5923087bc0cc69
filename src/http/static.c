/* Serving the browser front end from the web directory, and the page that
 * says "not found" in the app's layout (web/404.html), so that a browser
 * never shows a bare answer of the API. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "http/server_int.h"

#define STATIC_MAX (8 * 1024 * 1024)

static const struct {
    const char *ext;
    const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".json", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return NULL;
}

/* A path is safe when every segment is a plain name: no "..", no hidden
 * files, nothing but [A-Za-z0-9._-]. */
static bool safe_path(const char *p)
{
    if (p[0] != '/')
        return false;
    for (const char *seg = p + 1; *seg;) {
        size_t len = strcspn(seg, "/");
        if (len == 0 || seg[0] == '.')
            return false;
        for (size_t i = 0; i < len; i++) {
            char c = seg[i];
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                      || c == '.' || c == '_' || c == '-';
            if (!ok)
                return false;
        }
        seg += len;
        if (*seg == '/')
            seg++;
    }
    return true;
}

static int read_file(const char *path, char **out, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return SG_ENOTFOUND;
    struct stat st;
    int rc = SG_ENOTFOUND;
    char *data = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > STATIC_MAX)
        goto out;
    rc = SG_ENOMEM;
    data = sg_malloc((size_t)st.st_size + 1);
    if (!data)
        goto out;
    size_t got = 0;
    while (got < (size_t)st.st_size) {
        ssize_t n = read(fd, data + got, (size_t)st.st_size - got);
        if (n <= 0) {
            rc = SG_EIO;
            goto out;
        }
        got += (size_t)n;
    }
    *out = data;
    *len = got;
    data = NULL;
    rc = SG_OK;
out:
    sg_free(data);
    close(fd);
    return rc;
}

bool static_page(const char *web_dir, const char *name, int status, http_res *res)
{
    char full[4096];
    char *data = NULL;
    size_t len = 0;
    if (!web_dir || (size_t)snprintf(full, sizeof full, "%s/%s", web_dir, name) >= sizeof full
        || read_file(full, &data, &len) != SG_OK)
        return false;
    json_decref(res->json);
    res->json = NULL;
    sg_free(res->raw);
    res->raw = data;
    res->raw_len = len;
    res->status = status;
    res->content_type = "text/html; charset=utf-8";
    res->cacheable = false;
    return true;
}

/* No such file: the not-found page, or (without one) a short problem. */
static void not_found(const char *web_dir, http_res *res)
{
    if (!static_page(web_dir, "404.html", 404, res))
        res_problem(res, 404, "Not found", "There is no such page.");
}

void static_serve(const char *web_dir, http_req *req, http_res *res)
{
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        res_problem(res, 405, "Method not allowed", "Files can only be fetched.");
        return;
    }
    const char *path = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
    const char *type = type_of(path);
    char full[4096];
    if (!web_dir || !safe_path(path) || !type
        || (size_t)snprintf(full, sizeof full, "%s%s", web_dir, path) >= sizeof full) {
        not_found(web_dir, res);
        return;
    }
    int rc = read_file(full, &res->raw, &res->raw_len);
    if (rc != SG_OK) {
        if (rc == SG_ENOTFOUND)
            not_found(web_dir, res);
        else
            res_status(res, rc, NULL);
        return;
    }
    res->status = 200;
    res->content_type = type;
    res->cacheable = true;
}
