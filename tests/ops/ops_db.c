/*
 * ops_db.c - the fault tests' database: a fresh one (SQLite or a database of
 * the PostgreSQL cluster) with the demo data, tokens, queries beside the
 * server, whole-database snapshots for comparing, and signaal audit verify
 * (see ops_test.h).
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops_test.h"

/* ---- the database ----------------------------------------------------- */

static PGconn *pg_conn; /* the main thread's connection to ops_pg */
static char pg_conn_url[1200];

static PGconn *pg(const char *url)
{
    if (pg_conn && strcmp(pg_conn_url, url) == 0 && PQstatus(pg_conn) == CONNECTION_OK)
        return pg_conn;
    if (pg_conn)
        PQfinish(pg_conn);
    pg_conn = PQconnectdb(url);
    snprintf(pg_conn_url, sizeof pg_conn_url, "%s", url);
    return pg_conn;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static bool pg_admin_exec(const char *sql)
{
    PGconn *c = PQconnectdb(ops_pg_admin);
    PQsetNoticeProcessor(c, quiet, NULL);
    PGresult *res = PQexec(c, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fprintf(stderr, "ops_test: %s: %s", sql, PQerrorMessage(c));
    PQclear(res);
    PQfinish(c);
    return ok;
}

/* url with its database replaced by dbname. */
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

bool ops_pg_create(const char *dbname, char *url, size_t n)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", dbname);
    if (!pg_admin_exec(sql))
        return false;
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'",
             dbname);
    if (!pg_admin_exec(sql))
        return false;
    url_with_db(ops_pg_admin, dbname, url, n);
    return true;
}

bool ops_fresh_database(const char *mode)
{
    char *log = ops_path("server.log");
    unlink(log); /* each database's server log starts afresh */
    free(log);
    if (pg_conn) {
        PQfinish(pg_conn);
        pg_conn = NULL;
    }
    if (ops_pg_admin) {
        char dbname[64];
        snprintf(dbname, sizeof dbname, "sgops_%s", mode);
        if (!ops_pg_create(dbname, ops_pg, sizeof ops_pg))
            return false;
        snprintf(ops_db, sizeof ops_db, "%s", ops_pg);
        char *key = ops_path("signaal.key");
        snprintf(ops_key, sizeof ops_key, "%s", key);
        free(key);
        unlink(ops_key);
        setenv("SIGNAAL_KEY_FILE", ops_key, 1);
    } else {
        char *db = ops_path("signaal.db");
        snprintf(ops_db, sizeof ops_db, "%s", db);
        free(db);
        ops_pg[0] = '\0';
        const char *suffixes[] = {"", "-wal", "-shm", ".key", ".anchors", ".key.lock"};
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            char p[1300];
            snprintf(p, sizeof p, "%s%s", ops_db, suffixes[i]);
            unlink(p);
        }
        snprintf(ops_key, sizeof ops_key, "%s.key", ops_db);
        unsetenv("SIGNAAL_KEY_FILE");
    }
    const char *args[] = {"init", "--db", ops_db, "--demo", NULL};
    return ops_signaal(args, NULL) == 0;
}

bool ops_token(const char *login, char out[128])
{
    char *text = NULL;
    const char *args[] = {"token", "add",     "--db", ops_db,   "--user",
                          login,   "--label", "ops",  "--json", NULL};
    int rc = ops_signaal(args, &text);
    json_t *doc = rc == 0 && text ? json_loads(text, 0, NULL) : NULL;
    const char *t = json_string_value(json_object_get(doc, "token"));
    bool ok = t && strlen(t) < 128;
    if (ok)
        snprintf(out, 128, "%s", t);
    json_decref(doc);
    free(text);
    return ok;
}

bool ops_db_text(const char *sql, const char *param, char *out, size_t n)
{
    out[0] = '\0';
    if (ops_pg[0]) {
        PGresult *res = PQexecParams(pg(ops_pg), sql, param ? 1 : 0, NULL, &param, NULL, NULL, 0);
        bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
        if (ok && PQntuples(res) > 0)
            snprintf(out, n, "%s", PQgetvalue(res, 0, 0));
        if (!ok)
            fprintf(stderr, "ops_test: %s: %s", sql, PQresultErrorMessage(res));
        PQclear(res);
        return ok;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    bool ok = sqlite3_open_v2(ops_db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
              && sqlite3_busy_timeout(db, 5000) == SQLITE_OK
              && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK
              && (!param || sqlite3_bind_text(st, 1, param, -1, SQLITE_STATIC) == SQLITE_OK);
    int step = ok ? sqlite3_step(st) : SQLITE_ERROR;
    ok = step == SQLITE_ROW || step == SQLITE_DONE;
    if (step == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
    if (!ok)
        fprintf(stderr, "ops_test: %s: %s\n", sql, sqlite3_errmsg(db));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return ok;
}

bool ops_db_exec(const char *sql)
{
    if (!ops_pg[0]) {
        sqlite3 *db = NULL;
        bool ok = sqlite3_open(ops_db, &db) == SQLITE_OK
                  && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
        sqlite3_close(db);
        return ok;
    }
    PGresult *res = PQexec(pg(ops_pg), sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "ops_test: %s: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
    return ok;
}

long long ops_db_count(const char *sql, const char *param)
{
    char text[64];
    return ops_db_text(sql, param, text, sizeof text) && text[0] ? atoll(text) : -1;
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the rows of one table (as sorted strings) to snap. */
static void snapshot_add(json_t *snap, const char *table, char **rows, size_t n)
{
    qsort(rows, n, sizeof *rows, by_text);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_array_append_new(arr, json_string(rows[i]));
        free(rows[i]);
    }
    json_object_set_new(snap, table, arr);
}

static void text_add(char **row, size_t *len, size_t *cap, const char *piece)
{
    size_t add = strlen(piece) + 1;
    if (*len + add + 1 > *cap) {
        *cap = (*len + add + 1) * 2;
        *row = realloc(*row, *cap);
    }
    memcpy(*row + *len, piece, add - 1);
    *len += add - 1;
    (*row)[(*len)++] = '|';
    (*row)[*len] = '\0';
}

static json_t *snapshot_sqlite(const char *path)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *tables = NULL;
    json_t *snap = json_object();
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK
        || sqlite3_prepare_v2(db,
                              "SELECT name FROM sqlite_master WHERE type = 'table'"
                              " AND name NOT LIKE 'sqlite%' ORDER BY name",
                              -1, &tables, NULL)
               != SQLITE_OK) {
        sqlite3_close(db);
        json_decref(snap);
        return NULL;
    }
    while (sqlite3_step(tables) == SQLITE_ROW) {
        char sql[300];
        const char *table = (const char *)sqlite3_column_text(tables, 0);
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
        sqlite3_stmt *st = NULL;
        size_t n = 0, cap = 64;
        char **rows = malloc(cap * sizeof *rows);
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
            while (sqlite3_step(st) == SQLITE_ROW) {
                char *row = NULL;
                size_t len = 0, rcap = 0;
                for (int c = 0; c < sqlite3_column_count(st); c++) {
                    int type = sqlite3_column_type(st, c);
                    if (type == SQLITE_NULL) {
                        text_add(&row, &len, &rcap, "\\N");
                    } else if (type == SQLITE_BLOB) {
                        const unsigned char *b = sqlite3_column_blob(st, c);
                        int bl = sqlite3_column_bytes(st, c);
                        char *hex = malloc((size_t)bl * 2 + 3);
                        hex[0] = '\\';
                        hex[1] = 'x';
                        for (int i = 0; i < bl; i++)
                            sprintf(hex + 2 + 2 * i, "%02x", b[i]);
                        hex[2 + 2 * bl] = '\0';
                        text_add(&row, &len, &rcap, hex);
                        free(hex);
                    } else {
                        text_add(&row, &len, &rcap, (const char *)sqlite3_column_text(st, c));
                    }
                }
                if (n == cap)
                    rows = realloc(rows, (cap *= 2) * sizeof *rows);
                rows[n++] = row ? row : strdup("");
            }
        }
        sqlite3_finalize(st);
        snapshot_add(snap, table, rows, n);
        free(rows);
    }
    sqlite3_finalize(tables);
    sqlite3_close(db);
    return snap;
}

static json_t *snapshot_pg(const char *url)
{
    PGconn *c = PQconnectdb(url);
    PGresult *tables = PQexec(c, "SELECT table_name FROM information_schema.tables"
                                 " WHERE table_schema = current_schema() ORDER BY 1");
    if (PQresultStatus(tables) != PGRES_TUPLES_OK) {
        PQclear(tables);
        PQfinish(c);
        return NULL;
    }
    json_t *snap = json_object();
    for (int t = 0; t < PQntuples(tables); t++) {
        char sql[300];
        const char *table = PQgetvalue(tables, t, 0);
        snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
        PGresult *res = PQexec(c, sql);
        size_t n = (size_t)(PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : 0);
        char **rows = malloc((n + 1) * sizeof *rows);
        for (size_t r = 0; r < n; r++) {
            char *row = NULL;
            size_t len = 0, rcap = 0;
            for (int col = 0; col < PQnfields(res); col++)
                text_add(&row, &len, &rcap,
                         PQgetisnull(res, (int)r, col) ? "\\N" : PQgetvalue(res, (int)r, col));
            rows[r] = row ? row : strdup("");
        }
        PQclear(res);
        snapshot_add(snap, table, rows, n);
        free(rows);
    }
    PQclear(tables);
    PQfinish(c);
    return snap;
}

json_t *ops_db_snapshot(const char *address)
{
    return strncmp(address, "postgres", 8) == 0 ? snapshot_pg(address) : snapshot_sqlite(address);
}

bool ops_audit_verify(const char *db, const char *const extra[])
{
    const char *args[12] = {"audit", "verify", "--db", db};
    int n = 4;
    for (int i = 0; extra && extra[i] && n < 11; i++)
        args[n++] = extra[i];
    args[n] = NULL;
    char *out = NULL;
    int rc = ops_signaal(args, &out);
    if (rc != 0)
        fprintf(stderr, "ops_test: audit verify: %s", out ? out : "(no output)\n");
    free(out);
    return rc == 0;
}
