/*
 * fuzz_mhd.h - a request's head without a socket, for the HTTP harnesses.
 *
 * The handlers read query parameters (and a few headers) through
 * libmicrohttpd's MHD_lookup_connection_value and
 * MHD_get_connection_values.  fuzz_mhd.c defines both functions, so that
 * in a harness's executable they take precedence over the library's and
 * answer from a fuzz_conn the harness filled: the query string is split
 * and percent-decoded the way libmicrohttpd does it, and so is the path.
 */
#ifndef SG_FUZZ_MHD_H
#define SG_FUZZ_MHD_H

#include <stdbool.h>
#include <stddef.h>

#define FUZZ_MHD_MAX 16

typedef struct fuzz_conn {
    int nargs;
    char *arg_key[FUZZ_MHD_MAX]; /* point into text */
    char *arg_value[FUZZ_MHD_MAX];
    const char *content_type; /* or NULL */
    const char *forwarded;    /* X-Forwarded-For, or NULL */
    char text[4096];
} fuzz_conn;

/* Decodes %XX in a request path in place, as libmicrohttpd does before
 * the server sees it ("%00" ends it there). */
void fuzz_unescape_path(char *path);
/* Fills c from a query string (without its '?'), cut to fit. */
void fuzz_conn_query(fuzz_conn *c, const char *query);
/* The connection to hand to the code under test. */
struct MHD_Connection *fuzz_conn_handle(fuzz_conn *c);

#endif
