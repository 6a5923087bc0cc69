/*
 * matrix.h - internals shared by the files of the authorisation matrix.
 *
 * authz_matrix walks every route of every table in http_route_tables and
 * calls it as every role of every kind of organisation (the "callers"),
 * with a record of the caller's own organisation, of another organisation
 * of the same type and of an organisation of another type, and without a
 * session, with an expired one and without the CSRF token; it compares
 * each status with tests/authz/matrix.tsv (README.md beside this file).
 *
 *   matrix.c          the command line, the fixture, the run, the report
 *   matrix_client.c   one keep-alive libcurl handle per caller: log-in,
 *                     second factor, requests with the session's cookie
 *   matrix_data.c     matrix.tsv: reading, checking against the route
 *                     table, the known issues, writing the observed one
 *
 * It reuses the API runner (tests/api/runner*.c) for the work directory,
 * the server's life, CLI commands, PostgreSQL, variables and TOTP codes,
 * and runs the fixture's steps with the runner's own step functions.
 * Nothing here is part of signaal.  Memory comes from sg_malloc and is
 * released with sg_free; jansson values follow reference counting.
 */
#ifndef SG_AUTHZ_MATRIX_H
#define SG_AUTHZ_MATRIX_H

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>

#include "../api/runner.h"
#include "domain/roles.h"
#include "http/http.h"

#define MX_MAX_CALLERS 64
#define MX_COLS 3         /* own, same type, other type */
#define MX_SESSION_COLS 3 /* no session, expired, no CSRF token */
#define MX_CELL_LEN 24    /* "404/404/404" or "-" */
#define MX_NA "-"         /* a cell with no record to call it on */

/* One caller: a user of one role at an organisation of the A side (or the
 * national office), with a keep-alive handle and a session of its own. */
typedef struct mx_caller {
    char label[64];     /* "school/care-coordinator": the matrix's column */
    char org_key[40];   /* "school_a" */
    char twin_key[40];  /* "school_b", or "" (the national office has none) */
    char other_key[40]; /* the organisation of another type it is tried on */
    role role;
    org_type type;
    char login[80];
    char password[96];
    char *totp_secret; /* base32, once enrolled (sg_malloc) */
    char *cookie;      /* "signaal_session=..." (sg_malloc), or NULL */
    char *csrf;        /* sg_malloc, or NULL */
    CURL *h;
} mx_caller;

/* An answer as a cell saw it. */
typedef struct mx_answer {
    long status;
    buf body;
    char content_type[128];
    char *set_cookie; /* the session cookie "signaal_session=..." if set (sg_malloc) */
} mx_answer;

/* One row of matrix.tsv. */
typedef struct mx_row {
    char *key;       /* "GET /api/v1/persons/{id}" */
    const route *rt; /* NULL when the route table has no such route */
    char **cells;    /* expected, per caller then the session columns */
    bool seen;       /* matched to a route of the table */
} mx_row;

/* A known issue: the right value stays in the matrix, this is what is
 * observed until it is fixed. */
typedef struct mx_known {
    char *key;      /* the route */
    char *caller;   /* a caller's label, or "no-session", "expired", "no-csrf" */
    char *column;   /* "own", "same", "other", or "all" (a single-valued cell) */
    char *observed; /* the status observed meanwhile */
    char *why;
    bool hit;
} mx_known;

typedef struct mx_matrix {
    char **header; /* the callers' labels then the session columns */
    int ncols;
    mx_row *rows;
    int nrows;
    mx_known *known;
    int nknown;
    char *text; /* the file's comment lines at the top, kept for --write */
} mx_matrix;

/* The whole run. */
#define SIDE_TYPES (ORG_TYPE_COUNT - 1) /* every type but the national office has A and B */
#define MAX_ORGS (2 * SIDE_TYPES + 1)
#define DUMMY_ID "00000000-0000-4000-8000-000000000000"

typedef struct mx_org {
    char key[40]; /* "school_a", "national_office" */
    org_type type;
    char side; /* 'a', 'b', or 0 */
} mx_org;

typedef struct mx {
    runner r;
    mx_org orgs[MAX_ORGS];
    int norgs;
    mx_caller callers[MX_MAX_CALLERS];
    int ncallers;
    mx_caller expired; /* a real session past the idle time-out */
    json_t *fixture;
    json_t *requests;
    json_t *stale;   /* "org.kind" -> true: make a fresh one before the next use */
    json_t *secrets; /* strings that no denial may show: BSNs */
    int seq;
    int passed, failed, known;
    bool verbose;
    const char *only; /* --only: the rows whose route contains this, for a developer */
} mx;

/* --- matrix.c ----------------------------------------------------------- */

void mx_fail(mx *m, const char *what, const char *detail);
const char *mx_var_str(mx *m, const char *name);
void mx_set_var_str(mx *m, const char *name, const char *value);
/* Sets ${seq} and ${bsn} afresh. */
void mx_next_seq(mx *m);
void mx_make_bsn(int n, char out[10]);

/* --- matrix_fixture.c --------------------------------------------------- */

mx_org *mx_org_by_key(mx *m, const char *key);
void mx_password_of(const char *login, char *out, size_t n);
/* Initialises the database and adds the organisations and users (CLI). */
bool mx_setup_db(mx *m);
/* The callers: every role at every A-side organisation and the national office. */
void mx_make_callers(mx *m);
/* Runs the fixture's steps for every organisation (API). */
bool mx_build_fixture(mx *m);
/* Makes a fresh record of kind for org when the last one was used up:
 * false when the organisation's type has no recipe for it. */
bool mx_ensure_fresh(mx *m, const mx_org *o, const char *kind);

/* --- matrix_client.c ---------------------------------------------------- */

/* Sends one request on the caller's handle (NULL: a fresh anonymous one).
 * cookie overrides the caller's cookie when not NULL ("" for none); csrf
 * adds the caller's CSRF token.  body may be NULL.  false with a note on a
 * transport failure; the caller clears ans with mx_answer_clear. */
bool mx_send(runner *r, mx_caller *c, const char *method, const char *path, const char *body,
             const char *cookie, bool csrf, mx_answer *ans, buf *msg);
void mx_answer_clear(mx_answer *ans);
/* Logs the caller in, enrolling a second factor first when its role needs
 * one and it has none yet. */
bool mx_login(runner *r, mx_caller *c, buf *msg);
/* Takes the session an answer renewed (cookie and csrfToken). */
void mx_adopt(mx_caller *c, mx_answer *ans);
void mx_caller_free(mx_caller *c);

/* --- matrix_data.c ------------------------------------------------------ */

/* Reads path; NULL with a note when it cannot be read or is malformed. */
mx_matrix *mx_matrix_load(const char *path, buf *msg);
void mx_matrix_free(mx_matrix *m);
/* The row of key, or NULL. */
mx_row *mx_matrix_row(mx_matrix *m, const char *key);
/* The known issue for a cell, or NULL. */
mx_known *mx_matrix_known(mx_matrix *m, const char *key, const char *caller, const char *column);
/* Writes a matrix with these columns and rows (cells[row][col]) and m's
 * known issues and head comment (m may be NULL). */
bool mx_matrix_write(const char *path, const mx_matrix *m, char **header, int ncols, char **keys,
                     char ***cells, int nrows, buf *msg);

#endif
