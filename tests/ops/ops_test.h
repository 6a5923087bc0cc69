/*
 * ops_test.h - the fault tests of signaal's operations, shared by the files
 * of tests/ops/.  They drive the real binary as an operator would:
 *
 *   ops_test crash|faults|backup|rekey|tls --binary PATH --workdir DIR
 *            [--db-url postgres://...] [--seed N] [--kills N]
 *
 *   crash   (ops_crash.c)  SIGKILL the server at random moments of a stream of
 *           mixed writes, restart it, and check every acknowledged write.
 *   faults  (ops_faults.c) a full and a read-only disk (injected; and a real
 *           small tmpfs where one can be mounted), and PostgreSQL made
 *           read-only.
 *   backup  (ops_backup.c) signaal backup while the server writes, then
 *           signaal restore, every table compared.
 *   rekey   (ops_rekey.c)  signaal rekey while the server reads and writes,
 *           killed midway and carried on.
 *   tls     (ops_tls.c)    serve --tls-cert --tls-key with a certificate made
 *           by openssl.
 *
 * With --db-url (a PostgreSQL cluster's maintenance database, as make
 * test-pg gives) the database is a fresh one of that cluster.  Each mode
 * prints one line per check and ends with "ops/<mode>: N passed, M failed"
 * (and skipped checks, said why); exit status 0 when none failed.
 *
 * Everything here is test code: globals, plain malloc, no sg_ helpers.
 */
#ifndef SG_OPS_TEST_H
#define SG_OPS_TEST_H

#include <jansson.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define OPS_MAX_ACKS 20000

/* ---- ops_common.c ----------------------------------------------------- */

extern const char *ops_binary, *ops_workdir, *ops_pg_admin;
extern char ops_db[1200];  /* the database for signaal: a path or a URL */
extern char ops_pg[1200];  /* the same database for libpq ("" on SQLite) */
extern char ops_key[1300]; /* its key file */
extern char ops_today[16];
extern unsigned ops_seed;

void ops_check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ops_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int ops_failed(void);
int ops_passed(void);
int ops_skipped(void);
void ops_sleep_ms(long ms);
int64_t ops_now_ms(void);
/* A path in the work directory (a static buffer per call site is not
 * enough: returns a new string the caller frees). */
char *ops_path(const char *name);
/* A pseudo-random number in [lo, hi] from the seeded generator. */
int ops_random(int lo, int hi);

/* Processes.  argv[0] is the program; stdout and stderr go to log. */
pid_t ops_spawn(char *const argv[], const char *log, char *const env_add[]);
/* Runs to its end; the exit status, -1 when it did not exit. */
int ops_run(char *const argv[], const char *log);
/* Runs signaal with args (NULL-terminated); its stdout into *out (a new
 * string, may be NULL); the exit status. */
int ops_signaal(const char *const args[], char **out);
char *ops_read_file(const char *path, size_t *len);
bool ops_file_contains(const char *path, const void *what, size_t len);

/* The server. */
typedef struct ops_server {
    pid_t pid;
    int port;
    char log[600];
    bool tls;
} ops_server;
/* Starts `signaal serve` on the test database with extra arguments and
 * environment (NULL-terminated, may be NULL); true once it answers. */
bool ops_server_start(ops_server *sv, const char *const extra[], char *const env_add[]);
void ops_server_kill9(ops_server *sv);
/* SIGTERM; true when it exits with status 0. */
bool ops_server_stop(ops_server *sv);
bool ops_server_alive(ops_server *sv);

/* ---- ops_db.c ---------------------------------------------------------- */

/* The database: a fresh one with the demo data, and bearer tokens. */
bool ops_fresh_database(const char *mode);
/* A new empty PostgreSQL database of the cluster; its URL into url. */
bool ops_pg_create(const char *dbname, char *url, size_t n);
extern char ops_ca[600]; /* the TLS test's certificate for curl, or "" */
bool ops_token(const char *login, char out[128]);
/* One value of the first row of sql with optional text parameter param,
 * as text into out ("" when there is no row); false on an error. */
bool ops_db_text(const char *sql, const char *param, char *out, size_t n);
long long ops_db_count(const char *sql, const char *param);
/* Runs a statement that may return nothing; false on an error. */
bool ops_db_exec(const char *sql);
/* Every table's rows as text, one string per row, sorted (a new JSON
 * object: table -> array of strings), of the database at address (path or
 * postgres URL for libpq).  NULL on an error. */
json_t *ops_db_snapshot(const char *address);
/* `signaal audit verify --db` on the test database (extra arguments may be
 * NULL); true when it exits with 0. */
bool ops_audit_verify(const char *db, const char *const extra[]);

/* ---- ops_common.c again ----------------------------------------------- */

/* HTTP to the server with a bearer token (or a cookie jar session). */
typedef struct ops_answer {
    long status; /* 0: no answer */
    char body[8192];
    char content_type[128];
    char retry_after[32];
    char hsts[128];
    char set_cookie[512];
    json_t *json; /* parsed body, or NULL */
} ops_answer;
void ops_answer_clear(ops_answer *a);
bool ops_http(int port, bool tls, const char *method, const char *path, const char *token,
              const char *json, ops_answer *out);
/* A curl handle per thread keeps connections: ops_http_with uses it. */
bool ops_http_with(void *curl, int port, const char *method, const char *path, const char *token,
                   const char *json, ops_answer *out);

/* The mixed writes of a client: records acknowledged with 201. */
typedef enum ops_kind { OPS_PERSON, OPS_SIGNAL, OPS_REFERRAL, OPS_CONCERN, OPS_KINDS } ops_kind;
extern const char *const ops_kind_table[OPS_KINDS];
typedef struct ops_ack {
    ops_kind kind;
    char id[40];
    char name[64];    /* a person's name or a signal's observation, to read back */
    atomic_int ready; /* set once the fields above are written */
} ops_ack;
void ops_acks_reset(void);
int ops_acks_count(void);
const ops_ack *ops_acks(void);
void ops_ack_add(ops_kind kind, const char *id, const char *name);
/* One write of kind by a client (thread t, write i) on port; the status.
 * person: the client's last person (for signals and referrals); org: the
 * organisation referred to. */
long ops_write(void *curl, int port, const char *token, ops_kind kind, int t, int i,
               const char *person, const char *org, char id[40], char name[64]);
/* Every acknowledged record is in the database exactly once. */
void ops_check_acks(const char *what);

/* ---- the modes -------------------------------------------------------- */

void ops_crash(int kills);
void ops_faults(void);
void ops_backup(void);
void ops_rekey(void);
void ops_tls(void);

#endif
