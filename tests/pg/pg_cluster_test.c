/*
 * pg_cluster_test.c - signaal on one PostgreSQL database: two server
 * processes at once, and a database that goes away under a stream of
 * requests.  It drives the real binary against the test cluster
 * (scripts/pg-test-cluster), in a database of its own.
 *
 *   pg_cluster_test two-servers|outage|migrate --binary PATH --cluster SCRIPT
 *                   --db-url URL --workdir DIR
 *
 * two-servers: two `signaal serve` processes on one database; four client
 *   threads each send 60 writes, alternating between the two servers and
 *   between a new person and a signal about that thread's last person.
 *   Every write must be acknowledged (201); afterwards each acknowledged
 *   record is in the database exactly once, nothing else was added, and
 *   `signaal audit verify` finds one intact chain with an entry per write.
 * outage: one server, two client threads writing (persons and signals as
 *   above) without pause.
 *   After 20 acknowledged writes the cluster is stopped (immediate mode,
 *   like a crash), left down for 2 s, and started again.  Every answer must
 *   be 201 or 503 (never another status or a dropped connection), at least
 *   one 503 must come during the outage, writes must be acknowledged again
 *   afterwards without restarting the server, every acknowledged person is
 *   there exactly once, and the audit chain verifies.
 * migrate: an SQLite database with the demo data and writes through a
 *   server is copied with `signaal migrate`; every table has as many rows
 *   in PostgreSQL, the audit trail verifies there with the same key file, a
 *   second copy is refused, and a server on the copy accepts the old token
 *   and new writes, which continue the one chain.
 *
 * Prints one line per check and ends with "pg/<mode>: N passed, M failed";
 * exit status 0 when all passed.  The outage test stops the whole cluster:
 * ctest runs it alone (RUN_SERIAL).
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"

#define MAX_WRITES 4096

static const char *binary, *cluster, *admin_url, *workdir;
static char address[1200]; /* the test database, for signaal */
static char db_url[1024];  /* the same, for libpq here */
static char token[128];    /* a care coordinator's bearer token */
static char today[DATE_LEN];
static int passed, failed;

static void check(bool ok, const char *what, ...) __attribute__((format(printf, 2, 3)));
static void check(bool ok, const char *what, ...)
{
    va_list ap;
    va_start(ap, what);
    printf("%s ", ok ? "ok" : "not ok");
    vprintf(what, ap);
    printf("\n");
    fflush(stdout);
    va_end(ap);
    if (ok)
        passed++;
    else
        failed++;
}

static void sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* ---- processes -------------------------------------------------------- */

/* Starts argv with stdout and stderr to log (appended); the pid or -1. */
static pid_t spawn(char *const argv[], const char *log)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (fd < 0 || in < 0 || dup2(in, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

/* Runs argv to its end; its exit status (-1 when it did not exit). */
static int run(char *const argv[], const char *log)
{
    pid_t pid = spawn(argv, log);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = calloc(1, 1 << 20);
    size_t n = data ? fread(data, 1, (1 << 20) - 1, f) : 0;
    (void)n;
    fclose(f);
    return data;
}

static void path_in(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", workdir, name);
}

/* Runs the cluster script with one or two arguments. */
static int cluster_do(const char *what, const char *arg)
{
    char log[512];
    path_in(log, sizeof log, "cluster.log");
    char *argv[] = {(char *)cluster, (char *)what, (char *)arg, NULL};
    return run(argv, log);
}

typedef struct server {
    pid_t pid;
    int port;
    char log[512];
} server;

static bool server_start(server *sv, int n)
{
    char port_path[512], threads[] = "8";
    snprintf(port_path, sizeof port_path, "%s/port%d", workdir, n);
    snprintf(sv->log, sizeof sv->log, "%s/server%d.log", workdir, n);
    unlink(port_path);
    char *argv[] = {(char *)binary, "serve",   "--db",      address, "--listen", "127.0.0.1:0",
                    "--port-file",  port_path, "--threads", threads, NULL};
    sv->pid = spawn(argv, sv->log);
    for (int i = 0; i < 300 && sv->pid > 0; i++) {
        char *text = read_file(port_path);
        sv->port = text && strchr(text, '\n') ? atoi(text) : 0;
        free(text);
        if (sv->port > 0)
            return true;
        if (waitpid(sv->pid, NULL, WNOHANG) == sv->pid)
            break;
        sleep_ms(50);
    }
    return false;
}

static bool server_alive(server *sv)
{
    return sv->pid > 0 && waitpid(sv->pid, NULL, WNOHANG) == 0;
}

/* SIGTERM; true when it exits with status 0 within 15 s. */
static bool server_stop(server *sv)
{
    int status = 0;
    if (sv->pid <= 0 || kill(sv->pid, SIGTERM) != 0)
        return false;
    for (int i = 0; i < 300; i++) {
        if (waitpid(sv->pid, &status, WNOHANG) == sv->pid)
            return WIFEXITED(status) && WEXITSTATUS(status) == 0;
        sleep_ms(50);
    }
    kill(sv->pid, SIGKILL);
    waitpid(sv->pid, NULL, 0);
    return false;
}

/* ---- the database ----------------------------------------------------- */

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* "database ... does not exist, skipping" */
}

static bool admin_exec(const char *sql)
{
    PGconn *c = PQconnectdb(admin_url);
    PQsetNoticeProcessor(c, quiet, NULL);
    PGresult *res = PQexec(c, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "pg_cluster_test: %s: %s", sql, PQerrorMessage(c));
    PQclear(res);
    PQfinish(c);
    return ok;
}

/* The count sql gives with $1 = param (NULL: no parameter), or -1. */
static long long db_count(PGconn *c, const char *sql, const char *param)
{
    PGresult *res = PQexecParams(c, sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
    long long n = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1
                      ? atoll(PQgetvalue(res, 0, 0))
                      : -1;
    PQclear(res);
    return n;
}

static void url_with_db(const char *url, const char *dbname, char *out, size_t n)
{
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *query = strchr(host, '?');
    const char *slash = strchr(host, '/');
    if (slash && query && slash > query)
        slash = NULL;
    size_t head = slash ? (size_t)(slash - url) : query ? (size_t)(query - url) : strlen(url);
    snprintf(out, n, "%.*s/%s%s", (int)head, url, dbname, query ? query : "");
}

/* A fresh, empty database sgpg_<mode>: sets db_url, and address (the same
 * with extra_params, for signaal). */
static bool fresh_database(const char *mode, const char *extra_params)
{
    char dbname[64], sql[256];
    int len = snprintf(dbname, sizeof dbname, "sgpg_");
    for (const char *p = mode; *p && len < 40; p++)
        dbname[len++] = *p == '-' ? '_' : *p;
    dbname[len] = '\0';
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
    if (!admin_exec(sql))
        return false;
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'",
             dbname);
    if (!admin_exec(sql))
        return false;
    url_with_db(admin_url, dbname, db_url, sizeof db_url);
    snprintf(address, sizeof address, "%s%s%s", db_url, strchr(db_url, '?') ? "&" : "?",
             extra_params);
    return true;
}

/* signaal init --demo on db, and a bearer token for zorg.a in token. */
static bool demo_and_token(const char *db)
{
    char log[512], out[512];
    path_in(log, sizeof log, "cli.log");
    char *init[] = {(char *)binary, "init", "--db", (char *)db, "--demo", NULL};
    if (run(init, log) != 0)
        return false;
    path_in(out, sizeof out, "token.json");
    unlink(out);
    char *tok[] = {(char *)binary, "token",   "add",     "--db",   (char *)db, "--user",
                   "zorg.a",       "--label", "pg-test", "--json", NULL};
    if (run(tok, out) != 0)
        return false;
    char *text = read_file(out);
    json_t *doc = text ? json_loads(strstr(text, "{") ? strstr(text, "{") : text, 0, NULL) : NULL;
    const char *t = json_string_value(json_object_get(doc, "token"));
    bool ok = t && strlen(t) < sizeof token;
    if (ok)
        snprintf(token, sizeof token, "%s", t);
    json_decref(doc);
    free(text);
    return ok;
}

/* A fresh database with the demo data (its key file in the work
 * directory), and a token for zorg.a. */
static bool prepare(const char *mode, const char *extra_params)
{
    char key[512];
    path_in(key, sizeof key, "signaal.key");
    unlink(key);
    setenv("SIGNAAL_KEY_FILE", key, 1);
    return fresh_database(mode, extra_params) && demo_and_token(address);
}

/* ---- HTTP ------------------------------------------------------------- */

static atomic_int reported; /* unexpected answers told on stderr, at most 5 */

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
    char *body = arg;
    size_t have = strlen(body), add = size * n;
    if (have + add < 4096) {
        memcpy(body + have, data, add);
        body[have + add] = '\0';
    }
    return add;
}

/* POSTs json to path; the status (0 when there was no answer) and, for
 * 201, the new record's id. */
static long post(CURL *curl, int port, const char *path, const char *json, char id[64])
{
    char url[256], auth[200], body[4096] = "";
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
    headers = curl_slist_append(headers, auth);
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    long status = 0;
    if (curl_easy_perform(curl) == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    id[0] = '\0';
    if (status == 201) {
        json_t *doc = json_loads(body, 0, NULL);
        const char *v = json_string_value(json_object_get(doc, "id"));
        if (v && strlen(v) < 64)
            snprintf(id, 64, "%s", v);
        json_decref(doc);
    } else if (status != 503 && atomic_fetch_add(&reported, 1) < 5) {
        fprintf(stderr, "pg_cluster_test: POST %s: %ld %s\n", path, status, body);
    }
    return status;
}

static long post_person(CURL *curl, int port, int thread, int i, char id[64])
{
    char json[256];
    snprintf(json, sizeof json,
             "{\"name\":\"Pg Kind %d-%d\",\"birthDate\":\"2011-04-02\","
             "\"gender\":\"female\",\"municipality\":\"Utrecht\"}",
             thread, i);
    return post(curl, port, "/api/v1/persons", json, id);
}

static long post_signal(CURL *curl, int port, const char *person, char id[64])
{
    char json[512];
    snprintf(json, sizeof json,
             "{\"personId\":\"%s\",\"observedOn\":\"%s\",\"setting\":\"school\","
             "\"observation\":\"Waargenomen tijdens de test met twee servers.\","
             "\"indicators\":[\"SCH-01\"]}",
             person, today);
    return post(curl, port, "/api/v1/signals", json, id);
}

/* What the client threads acknowledged, and what else they saw. */
typedef struct ack {
    char id[64];
    bool signal;
} ack;

static ack acks[MAX_WRITES];
static atomic_int nacks, n503, nother;
static atomic_bool stop_clients;

static void record_ack(const char *id, bool signal)
{
    int at = atomic_fetch_add(&nacks, 1);
    if (at < MAX_WRITES) {
        snprintf(acks[at].id, sizeof acks[at].id, "%s", id);
        acks[at].signal = signal;
    }
}

static void tally(long status, const char *id, bool signal)
{
    if (status == 201 && id[0])
        record_ack(id, signal);
    else if (status == 503)
        atomic_fetch_add(&n503, 1);
    else
        atomic_fetch_add(&nother, 1);
}

typedef struct client {
    int thread;
    int ports[2];
    int writes; /* 0: until stop_clients */
} client;

static void *client_main(void *arg)
{
    client *cl = arg;
    CURL *curl = curl_easy_init();
    char person[64] = "", id[64];
    for (int i = 0; curl && (cl->writes ? i < cl->writes : !atomic_load(&stop_clients)); i++) {
        int port = cl->ports[(cl->thread + i) % 2];
        bool signal = i % 2 == 1 && person[0];
        long status = signal ? post_signal(curl, port, person, id)
                             : post_person(curl, port, cl->thread, i, id);
        tally(status, id, signal);
        if (status == 201 && !signal)
            snprintf(person, sizeof person, "%s", id);
    }
    curl_easy_cleanup(curl);
    return NULL;
}

/* Every acknowledged record is there exactly once. */
static void check_acknowledged(PGconn *c)
{
    int n = atomic_load(&nacks), missing = 0;
    for (int i = 0; i < n && i < MAX_WRITES; i++) {
        long long k = db_count(c,
                               acks[i].signal ? "SELECT COUNT(*) FROM signals WHERE public_id = $1"
                                              : "SELECT COUNT(*) FROM persons WHERE public_id = $1",
                               acks[i].id);
        if (k != 1) {
            missing++;
            fprintf(stderr, "pg_cluster_test: %s %s is there %lld times\n",
                    acks[i].signal ? "signal" : "person", acks[i].id, k);
        }
    }
    check(missing == 0, "each of the %d acknowledged writes is in the database exactly once", n);
}

static bool audit_verify(void)
{
    char log[512];
    path_in(log, sizeof log, "verify.log");
    char *argv[] = {(char *)binary, "audit", "verify", "--db", address, NULL};
    return run(argv, log) == 0;
}

static int count_writes(bool signal)
{
    int n = 0;
    for (int i = 0; i < atomic_load(&nacks) && i < MAX_WRITES; i++)
        n += acks[i].signal == signal;
    return n;
}

/* ---- the two tests ---------------------------------------------------- */

#define CLIENTS 4
#define WRITES_EACH 60

static void two_servers(void)
{
    check(prepare("two-servers", "pool=4"), "a fresh database with the demo data and a token");
    PGconn *c = PQconnectdb(db_url);
    long long persons0 = db_count(c, "SELECT COUNT(*) FROM persons", NULL);
    long long signals0 = db_count(c, "SELECT COUNT(*) FROM signals", NULL);
    long long audit0 = db_count(c, "SELECT COUNT(*) FROM audit_log", NULL);
    server sv[2];
    bool up = server_start(&sv[0], 0) && server_start(&sv[1], 1);
    check(up, "two servers on one database (ports %d and %d)", sv[0].port, sv[1].port);
    if (up) {
        pthread_t ids[CLIENTS];
        client cl[CLIENTS];
        for (int t = 0; t < CLIENTS; t++) {
            cl[t] = (client){.thread = t, .ports = {sv[0].port, sv[1].port}, .writes = WRITES_EACH};
            pthread_create(&ids[t], NULL, client_main, &cl[t]);
        }
        for (int t = 0; t < CLIENTS; t++)
            pthread_join(ids[t], NULL);
    }
    int total = CLIENTS * WRITES_EACH;
    check(atomic_load(&nacks) == total && atomic_load(&n503) == 0 && atomic_load(&nother) == 0,
          "all %d interleaved writes acknowledged (201: %d, 503: %d, other: %d)", total,
          atomic_load(&nacks), atomic_load(&n503), atomic_load(&nother));
    check(server_stop(&sv[0]) && server_stop(&sv[1]), "both servers exit with status 0");
    check_acknowledged(c);
    long long persons = db_count(c, "SELECT COUNT(*) FROM persons", NULL) - persons0;
    long long signals = db_count(c, "SELECT COUNT(*) FROM signals", NULL) - signals0;
    check(persons == count_writes(false) && signals == count_writes(true),
          "nothing else was added (%lld persons, %lld signals)", persons, signals);
    long long audit = db_count(c, "SELECT COUNT(*) FROM audit_log", NULL) - audit0;
    check(audit >= total, "the audit trail grew by at least one entry per write (%lld)", audit);
    check(db_count(c, "SELECT MAX(seq) - COUNT(*) FROM audit_log", NULL) == 0,
          "the audit entries are numbered without gaps");
    check(audit_verify(), "signaal audit verify: one intact chain");
    PQfinish(c);
}

#define OUTAGE_CLIENTS 2

static void outage(void)
{
    /* A short retry time, so that requests during the outage end quickly. */
    check(prepare("outage", "pool=4&retry_ms=500"),
          "a fresh database with the demo data and a token");
    server sv;
    check(server_start(&sv, 0), "a server on the database (port %d)", sv.port);
    pthread_t ids[OUTAGE_CLIENTS];
    client cl[OUTAGE_CLIENTS];
    for (int t = 0; t < OUTAGE_CLIENTS; t++) {
        cl[t] = (client){.thread = 100 + 2 * t, .ports = {sv.port, sv.port}, .writes = 0};
        pthread_create(&ids[t], NULL, client_main, &cl[t]);
    }
    long long deadline = clock_mono_ms() + 30000;
    while (atomic_load(&nacks) < 20 && clock_mono_ms() < deadline)
        sleep_ms(10);
    int before = atomic_load(&nacks);
    check(before >= 20, "writes acknowledged before the outage (%d)", before);
    check(cluster_do("down", "immediate") == 0, "PostgreSQL stopped (immediate mode)");
    sleep_ms(2000);
    int during = atomic_load(&n503);
    check(during > 0 && server_alive(&sv), "during the outage: %d answers 503, the server runs",
          during);
    check(cluster_do("up", NULL) == 0, "PostgreSQL started again");
    int after_start = atomic_load(&nacks);
    deadline = clock_mono_ms() + 30000;
    while (atomic_load(&nacks) < after_start + 20 && clock_mono_ms() < deadline)
        sleep_ms(10);
    check(atomic_load(&nacks) >= after_start + 20,
          "the server recovered by itself: writes acknowledged again (%d)",
          atomic_load(&nacks) - after_start);
    atomic_store(&stop_clients, true);
    for (int t = 0; t < OUTAGE_CLIENTS; t++)
        pthread_join(ids[t], NULL);
    check(atomic_load(&nother) == 0, "every answer was 201 or 503 (201: %d, 503: %d, other: %d)",
          atomic_load(&nacks), atomic_load(&n503), atomic_load(&nother));
    check(server_stop(&sv), "the server exits with status 0");
    PGconn *c = PQconnectdb(db_url);
    check_acknowledged(c);
    check(audit_verify(), "signaal audit verify: the chain is intact");
    PQfinish(c);
}

/* Table by table, the rows of the SQLite file and of the database are as
 * many; the number of tables compared, or -1 on a difference. */
static int compare_counts(const char *sqlite_path, PGconn *c)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int tables = 0;
    if (sqlite3_open_v2(sqlite_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(db,
                              "SELECT name FROM sqlite_master WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite%'",
                              -1, &st, NULL)
               != SQLITE_OK)
        tables = -1;
    while (tables >= 0 && sqlite3_step(st) == SQLITE_ROW) {
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM \"%s\"", sqlite3_column_text(st, 0));
        sqlite3_stmt *count = NULL;
        long long here = -2;
        if (sqlite3_prepare_v2(db, sql, -1, &count, NULL) == SQLITE_OK
            && sqlite3_step(count) == SQLITE_ROW)
            here = sqlite3_column_int64(count, 0);
        sqlite3_finalize(count);
        long long there = db_count(c, sql, NULL);
        if (here != there) {
            fprintf(stderr, "pg_cluster_test: %s: %lld rows in SQLite, %lld in PostgreSQL\n",
                    sqlite3_column_text(st, 0), here, there);
            tables = -1;
        } else {
            tables++;
        }
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return tables;
}

/* Writes through one server on db: n persons and signals, acknowledged. */
static bool use_server(const char *db, int n)
{
    char saved[sizeof address], wanted[sizeof address];
    snprintf(saved, sizeof saved, "%s", address);
    snprintf(wanted, sizeof wanted, "%s", db);
    snprintf(address, sizeof address, "%s", wanted);
    server sv;
    bool ok = server_start(&sv, 9);
    snprintf(address, sizeof address, "%s", saved);
    if (!ok)
        return false;
    int before = atomic_load(&nacks);
    pthread_t id;
    client cl = {.thread = 50 + before, .ports = {sv.port, sv.port}, .writes = n};
    pthread_create(&id, NULL, client_main, &cl);
    pthread_join(id, NULL);
    return server_stop(&sv) && atomic_load(&nacks) == before + n;
}

static void migrate(void)
{
    char src[512], key[600], from[600], log[512];
    path_in(src, sizeof src, "source.db");
    snprintf(key, sizeof key, "%s.key", src);
    path_in(log, sizeof log, "migrate.log");
    const char *suffixes[] = {"", ".key", "-wal", "-shm", ".anchors"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char p[600];
        snprintf(p, sizeof p, "%s%s", src, suffixes[i]);
        unlink(p);
    }
    unsetenv("SIGNAAL_KEY_FILE"); /* SQLite: the key file is beside the database */
    check(demo_and_token(src) && use_server(src, 10),
          "an SQLite database with the demo data and 10 writes through a server");
    check(fresh_database("migrate", "pool=2"), "an empty PostgreSQL database");
    snprintf(from, sizeof from, "sqlite:%s", src);
    char *copy[] = {(char *)binary, "migrate", "--from", from, "--to", address, NULL};
    check(run(copy, log) == 0, "signaal migrate copies it (and verifies the audit trail)");
    PGconn *c = PQconnectdb(db_url);
    int tables = compare_counts(src, c);
    check(tables > 10, "every table has as many rows in PostgreSQL as in SQLite (%d tables)",
          tables);
    setenv("SIGNAAL_KEY_FILE", key, 1);
    check(audit_verify(), "signaal audit verify on PostgreSQL with the same key file");
    check(run(copy, log) == 1, "a second copy into the now non-empty database is refused");
    check(use_server(address, 10),
          "a server on the copy: the old token works, 10 more writes acknowledged");
    check_acknowledged(c);
    check(audit_verify(), "the audit trail, old and new, is one intact chain");
    PQfinish(c);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--binary") == 0)
            binary = argv[i + 1];
        else if (strcmp(argv[i], "--cluster") == 0)
            cluster = argv[i + 1];
        else if (strcmp(argv[i], "--db-url") == 0)
            admin_url = argv[i + 1];
        else if (strcmp(argv[i], "--workdir") == 0)
            workdir = argv[i + 1];
    }
    bool known = strcmp(mode, "two-servers") == 0 || strcmp(mode, "outage") == 0
                 || strcmp(mode, "migrate") == 0;
    if (!known || !binary || !cluster || !admin_url || !workdir) {
        fprintf(stderr, "usage: pg_cluster_test two-servers|outage|migrate --binary PATH"
                        " --cluster SCRIPT"
                        " --db-url URL --workdir DIR\n");
        return 2;
    }
    char mk[600];
    snprintf(mk, sizeof mk, "%s", workdir);
    for (char *p = mk + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(mk, 0755);
            *p = '/';
        }
    mkdir(workdir, 0700);
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    setenv("SIGNAAL_PASSWORD_COST", "minimal", 1);
    date d;
    date_today(&d);
    date_format(&d, today);
    printf("# pg/%s\n", mode);
    if (strcmp(mode, "outage") == 0)
        outage();
    else if (strcmp(mode, "migrate") == 0)
        migrate();
    else
        two_servers();
    curl_global_cleanup();
    printf("pg/%s: %d passed, %d failed\n", mode, passed, failed);
    return failed == 0 ? 0 : 1;
}
