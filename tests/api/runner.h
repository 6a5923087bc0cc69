/*
 * runner.h - internals shared by the files of the API test runner.
 *
 * The runner executes one scenario (tests/api/README.md describes the
 * format) against the real signaal binary: it builds a fresh database
 * through the CLI, starts `signaal serve` on an ephemeral port, runs the
 * steps in order, and stops the server, which must exit with status 0.
 *
 *   runner.c        the command line, scenario validation, the step loop
 *   runner_http.c   HTTP through libcurl: named sessions, requests, log-in
 *   runner_proc.c   child processes, the server's life, the work directory
 *   runner_local.c  CLI steps, SQL on the database file, file scans
 *   runner_match.c  variables, ${...} substitution, JSON paths, matching
 *   runner_pg.c     scenarios on PostgreSQL (--db-url): a database each
 *   runner_raw.c    raw bytes on a socket, for malformed HTTP
 *
 * Nothing here is part of signaal itself.  Names carry the prefix runner_
 * because the tool links the signaal_core library, whose own modules use
 * the short prefixes (http_, match_ ...).  Memory comes from sg_malloc and
 * is released with sg_free; jansson values follow jansson's reference
 * counting.  Failure descriptions are appended to a caller's buf with
 * runner_note; a step fails when its description is not empty.
 */
#ifndef SG_API_RUNNER_H
#define SG_API_RUNNER_H

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "base/buf.h"

#define RUNNER_BODY_MAX (16u * 1024u * 1024u) /* a response body we accept */
#define RUNNER_MSG_MAX (64u * 1024u)          /* a failure description */
#define RUNNER_HTTP_TIMEOUT_S 30L
#define RUNNER_CLI_TIMEOUT_S 60
#define RUNNER_SERVER_WAIT_S 15

/* A named HTTP client: its own cookie jar and the CSRF token it was given. */
typedef struct runner_session runner_session;

typedef struct runner {
    const char *binary;        /* borrowed from argv */
    const char *scenario_path; /* borrowed from argv */
    char *name;                /* "api/<file name without .json>" */
    char *workdir;             /* absolute */
    char *db_path;             /* <workdir>/signaal.db */
    const char *db;            /* what --db and ${db} get: db_path, or db_url */
    const char *pg_admin_url;  /* --db-url, borrowed from argv; NULL: SQLite */
    char *pg_dbname;           /* the scenario's PostgreSQL database */
    char *db_url;              /* its address */
    char *key_path;            /* <workdir>/signaal.db.key, for PostgreSQL */
    char *log_path;            /* <workdir>/server.log */
    json_t *scenario;          /* the parsed scenario */
    json_t *vars;              /* variable name -> JSON value */
    json_t *totp_steps;        /* base32 secret -> last TOTP step used */
    pid_t server_pid;          /* 0 while no server runs */
    int port;
    runner_session *sessions;
    bool keep;
} runner;

/* An HTTP answer as the runner saw it. */
typedef struct runner_response {
    long status;
    buf body;
    json_t *headers; /* array of [name, value] in arrival order */
    json_t *json;    /* the body parsed as JSON, or NULL */
} runner_response;

/* Appends "; " (when msg is not empty) and a formatted description.  A
 * description too long for msg is replaced by "(description too long)", so
 * a failure never goes unnoticed. */
void runner_note(buf *msg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s to msg as one line of at most max bytes, control characters
 * shown as spaces, a cut marked with "..." and nothing as "(empty)". */
void runner_note_snippet(buf *msg, const char *s, size_t len, size_t max);

/* --- runner_match.c ---------------------------------------------------- */

/* Sets variable name to value (the runner takes a reference of its own). */
void runner_var_set(runner *r, const char *name, json_t *value);
/* Replaces every ${name} in in; returns a new string the caller frees with
 * sg_free, or NULL with the reason noted in msg.  ${totp:name} is the TOTP
 * code of the base32 secret held in variable name; "$${" stands for "${". */
char *runner_subst(runner *r, const char *in, buf *msg);
/* A new JSON value: in with substitution in every string; a string that is
 * exactly "${name}" becomes the variable's own value (a number stays a
 * number).  NULL with the reason noted in msg. */
json_t *runner_subst_json(runner *r, json_t *in, buf *msg);
/* The value at a dotted path ("items.0.id", "items.-1" for the last
 * element; "" for the root), borrowed from root, or NULL. */
json_t *runner_json_path(json_t *root, const char *path);
/* True when actual matches expected (README: "Matching"); mismatches are
 * noted in msg with where they are. */
bool runner_json_match(json_t *expected, json_t *actual, const char *where, buf *msg);
/* Checks one response against an "expect" object (already substituted). */
void runner_expect_response(json_t *expect, runner_response *resp, buf *msg);
/* The first response header called name (case-insensitive), borrowed. */
const char *runner_header(runner_response *resp, const char *name);
/* Stores into variables what the "save" object names: paths into the JSON
 * of resp (or into doc, for a CLI step, when resp is NULL), headers of
 * resp ("header:NAME"), or text, the raw body or stdout ("$body" for a
 * response, "$stdout" for a CLI step). */
void runner_save(runner *r, json_t *save, runner_response *resp, json_t *doc, const char *text,
                 buf *msg);

/* --- runner_http.c ----------------------------------------------------- */

/* Performs one request.  session may be NULL (a fresh anonymous client).
 * body may be NULL.  headers is a curl list the caller keeps.  On success
 * resp is filled and the caller clears it with runner_response_clear; on a
 * transport failure the reason is noted in msg and false returned. */
bool runner_http(runner *r, runner_session *session, const char *method, const char *path,
                 const char *body, size_t body_len, struct curl_slist *headers,
                 runner_response *resp, buf *msg);
void runner_response_clear(runner_response *resp);
/* The session called name, created on first use; NULL when memory runs out. */
runner_session *runner_session_get(runner *r, const char *name);
const char *runner_session_csrf(const runner_session *s);
/* Remembers the csrf_token of a successful response in the session. */
void runner_session_learn(runner_session *s, runner_response *resp);
void runner_sessions_free(runner *r);
/* Writes the current TOTP code of a base32 secret into out.  A code is
 * never reused for one secret: when the current time step was used
 * already, the next step's code is given (servers accept one step of
 * drift), and when that is used too the runner waits for the clock. */
bool runner_totp(runner *r, const char *base32, char out[7], buf *msg);
/* Runs a request step (README: "Request steps") or a log-in step. */
void runner_step_request(runner *r, json_t *step, buf *msg);
void runner_step_login(runner *r, json_t *step, buf *msg);
/* Polls GET /healthz until it answers 200 or deadline_ms (monotonic) passes. */
bool runner_wait_healthy(runner *r, long long deadline_ms, buf *msg);

/* --- runner_proc.c ----------------------------------------------------- */

/* Removes and recreates the work directory; fills the path fields of r. */
bool runner_workdir_prepare(runner *r, const char *path, buf *msg);
/* Removes the work directory after a clean run. */
void runner_workdir_remove(runner *r);
/* Runs the binary with args (NULL-terminated, without the binary itself),
 * stdin from stdin_text (NULL: empty).  *out and *err receive new strings
 * the caller frees with sg_free; *status is the wait status. */
bool runner_cli(runner *r, const char *const *args, const char *stdin_text, int *status, char **out,
                char **err, buf *msg);
/* Describes a wait status: "exit status 1", "signal 6 (Aborted)". */
void runner_status_text(int status, char out[64]);
bool runner_server_start(runner *r, buf *msg);
/* Sends SIGTERM and waits; true when the server exited with status 0. */
bool runner_server_stop(runner *r, buf *msg);
/* Sends SIGKILL and reaps: a crash of the process, as a test needs one. */
void runner_server_kill(runner *r);
/* False, with the reason noted, when the server has died or dies within
 * wait_ms. */
bool runner_server_alive(runner *r, long wait_ms, buf *msg);
/* Prints the last lines of server.log as comment lines. */
void runner_print_log_tail(runner *r);
/* Reads a whole file into a new string (sg_free); NULL when missing. */
char *runner_read_file(const char *path, size_t max, size_t *len);
/* A new string dir + "/" + name (sg_free), or NULL. */
char *runner_path_join(const char *dir, const char *name);
void runner_sleep_ms(long ms);

/* --- runner_local.c ---------------------------------------------------- */

void runner_step_cli(runner *r, json_t *step, buf *msg);
void runner_step_sql(runner *r, json_t *step, buf *msg);
void runner_step_scan_db(runner *r, json_t *strings, bool want, buf *msg);
void runner_step_scan_log(runner *r, json_t *strings, bool want, buf *msg);

/* --- runner_raw.c ----------------------------------------------------- */

/* Sends the step's "raw" bytes on a socket of their own and checks the
 * answers against "raw_expect": {"answers": N, "closed": bool, "contains",
 * "not_contains"}. */
void runner_step_raw(runner *r, json_t *step, buf *msg);

/* --- runner_pg.c ------------------------------------------------------- */

/* Makes the scenario's fresh database (dropping a leftover one) and sets
 * db_url, pg_dbname and key_path, and SIGNAAL_KEY_FILE. */
bool runner_pg_create(runner *r, buf *msg);
void runner_pg_drop(runner *r);
/* Runs sql (one or more statements); the rows of the last statement that
 * returned rows, as a new JSON array of arrays. */
json_t *runner_pg_sql(runner *r, const char *sql, buf *msg);
/* Every value of every table, one after another: a new buffer (sg_free)
 * of *len bytes, or NULL with a note. */
char *runner_pg_dump(runner *r, size_t *len, buf *msg);

#endif
