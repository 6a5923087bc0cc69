/* A request's head without a socket (see fuzz_mhd.h). */
#include "fuzz_mhd.h"

#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes %XX (and '+' when plus) in place; a %00 ends the text there,
 * as it would for any C string the library hands out. */
static void unescape(char *s, bool plus)
{
    char *out = s;
    for (char *p = s; *p; p++) {
        if (*p == '+' && plus) {
            *out++ = ' ';
        } else if (*p == '%' && hex(p[1]) >= 0 && hex(p[2]) >= 0) {
            *out++ = (char)(hex(p[1]) * 16 + hex(p[2]));
            p += 2;
        } else {
            *out++ = *p;
        }
    }
    *out = '\0';
}

void fuzz_unescape_path(char *path)
{
    unescape(path, false);
}

void fuzz_conn_query(fuzz_conn *c, const char *query)
{
    c->nargs = 0;
    snprintf(c->text, sizeof c->text, "%s", query ? query : "");
    for (char *p = c->text; p && *p && c->nargs < FUZZ_MHD_MAX;) {
        char *amp = strchr(p, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(p, '=');
        if (eq)
            *eq = '\0';
        unescape(p, true);
        c->arg_key[c->nargs] = p;
        c->arg_value[c->nargs] = eq ? eq + 1 : NULL;
        if (eq)
            unescape(eq + 1, true);
        c->nargs++;
        p = amp ? amp + 1 : NULL;
    }
}

struct MHD_Connection *fuzz_conn_handle(fuzz_conn *c)
{
    return (struct MHD_Connection *)(void *)c;
}

const char *MHD_lookup_connection_value(struct MHD_Connection *connection, enum MHD_ValueKind kind,
                                        const char *key)
{
    const fuzz_conn *c = (const fuzz_conn *)(const void *)connection;
    if (!c || !key)
        return NULL;
    if (kind == MHD_GET_ARGUMENT_KIND) {
        for (int i = 0; i < c->nargs; i++)
            if (strcmp(c->arg_key[i], key) == 0)
                return c->arg_value[i]; /* NULL for "?key" without "=", as the library does */
        return NULL;
    }
    if (kind == MHD_HEADER_KIND && strcasecmp(key, "Content-Type") == 0)
        return c->content_type;
    if (kind == MHD_HEADER_KIND && strcasecmp(key, "X-Forwarded-For") == 0)
        return c->forwarded;
    return NULL;
}

int MHD_get_connection_values(struct MHD_Connection *connection, enum MHD_ValueKind kind,
                              MHD_KeyValueIterator iterator, void *iterator_cls)
{
    const fuzz_conn *c = (const fuzz_conn *)(const void *)connection;
    if (!c || kind != MHD_GET_ARGUMENT_KIND)
        return 0;
    int i = 0;
    for (; i < c->nargs; i++)
        if (iterator && iterator(iterator_cls, kind, c->arg_key[i], c->arg_value[i]) != MHD_YES)
            return i + 1;
    return i;
}
