/*
 * store_fixture.h - what the store tests share: a temporary directory of
 * database files, a check for work functions running on the writer thread,
 * and a few organisations and users.  Included by store_test.c and
 * store_records_test.c, after <cmocka.h>; it is not a test program itself.
 *
 * With SIGNAAL_TEST_PG_URL set (a postgres:// URL of a maintenance
 * database, as scripts/pg-test-cluster prints), the same tests run on
 * PostgreSQL: each database "file" NAME becomes a database of its own,
 * sgt_<pid>_NAME, made on first use and dropped at the end.  db_address
 * gives the address to open; db_int and db_exec reach a database directly,
 * beside the store, on either.
 */
#ifndef SG_STORE_FIXTURE_H
#define SG_STORE_FIXTURE_H

#include <dirent.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/text.h"
#include "store/store.h"

static char tmp_dir[] = "/tmp/signaal-store-XXXXXX";

/* Work functions run on the store's writer thread, where a cmocka assertion
 * must not jump; they check with W(), which notes the first failure and
 * ends the job, and the test thread reports it after store_write. */
static const char *failed_file;
static int failed_line;
static char failed_what[200];
#define W(cond)                                                                                    \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failed_file = __FILE__;                                                                \
            failed_line = __LINE__;                                                                \
            snprintf(failed_what, sizeof failed_what, "%s", #cond);                                \
            return SG_EINTERNAL;                                                                   \
        }                                                                                          \
    } while (0)

static inline void write_ok(store *s, store_work_fn fn, void *ctx)
{
    failed_line = 0;
    int rc = store_write(s, fn, ctx);
    if (failed_line)
        fail_msg("work function failed at %s:%d: %s", failed_file, failed_line, failed_what);
    assert_int_equal(rc, SG_OK);
}

static inline const char *db_path(const char *name)
{
    static char path[sizeof tmp_dir + 64];
    snprintf(path, sizeof path, "%s/%.60s", tmp_dir, name);
    return path;
}

/* ---- PostgreSQL ------------------------------------------------------- */

static const char *pg_admin_url; /* SIGNAAL_TEST_PG_URL, or NULL: SQLite */

/* url with its database name replaced: a new string (free). */
static inline char *pg_url_with_db(const char *url, const char *dbname)
{
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *query = strchr(host, '?');
    const char *slash = strchr(host, '/');
    if (slash && query && slash > query)
        slash = NULL;
    size_t head = slash ? (size_t)(slash - url) : query ? (size_t)(query - url) : strlen(url);
    size_t n = head + strlen(dbname) + (query ? strlen(query) : 0) + 2;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%.*s/%s%s", (int)head, url, dbname, query ? query : "");
    return out;
}

/* The database that stands for file name: sgt_<pid>_<name, [a-z0-9_]>. */
static inline void pg_db_name(const char *name, char out[64])
{
    int len = snprintf(out, 64, "sgt_%d_", (int)getpid());
    for (const char *p = name; *p && len < 63; p++)
        out[len++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '_';
    out[len] = '\0';
}

/* Runs sql on the maintenance database; fails the test on an error. */
static inline void pg_admin(const char *sql)
{
    PGconn *c = PQconnectdb(pg_admin_url);
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(res);
    PQfinish(c);
}

/* The address of database name (made when it does not exist yet). */
static inline const char *db_address(const char *name)
{
    static char address[512];
    if (!pg_admin_url)
        return db_path(name);
    char dbname[64], sql[256];
    pg_db_name(name, dbname);
    char *url = pg_url_with_db(pg_admin_url, dbname);
    snprintf(address, sizeof address, "%s", url ? url : "");
    free(url);
    PGconn *c = PQconnectdb(pg_admin_url);
    const char *params[] = {dbname};
    PGresult *res = PQexecParams(c, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL, params,
                                 NULL, NULL, 0);
    bool exists = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1;
    PQclear(res);
    PQfinish(c);
    if (!exists) {
        snprintf(sql, sizeof sql,
                 "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'", dbname);
        pg_admin(sql);
    }
    return address;
}

/* The first column of the first row of sql on database name, or -1. */
static inline long long db_int(const char *name, const char *sql)
{
    long long v = -1;
    if (pg_admin_url) {
        PGconn *c = PQconnectdb(db_address(name));
        PGresult *res = PQexec(c, sql);
        if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) > 0)
            v = atoll(PQgetvalue(res, 0, 0));
        PQclear(res);
        PQfinish(c);
        return v;
    }
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open(db_path(name), &db) == SQLITE_OK
        && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Runs sql on database name beside the store; true when it worked. */
static inline bool db_exec(const char *name, const char *sql)
{
    bool ok = false;
    if (pg_admin_url) {
        PGconn *c = PQconnectdb(db_address(name));
        PGresult *res = PQexec(c, sql);
        ok = PQresultStatus(res) == PGRES_COMMAND_OK;
        PQclear(res);
        PQfinish(c);
        return ok;
    }
    sqlite3 *db = NULL;
    ok = sqlite3_open(db_path(name), &db) == SQLITE_OK
         && sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

static inline store *open_db(const char *name)
{
    store *s = NULL;
    const char *detail = NULL;
    store_options opt = {.readers = 2, .busy_timeout_ms = 2000, .durable = false};
    int rc = store_open(db_address(name), &opt, true, &s, &detail);
    if (rc != SG_OK)
        fail_msg("store_open: %d %s", rc, detail);
    return s;
}

static inline void make_pid(char out[STORE_ID_LEN], unsigned kind, int n)
{
    snprintf(out, STORE_ID_LEN, "%08x-0000-4000-8000-%012d", kind, n);
}

static inline void now_iso(char out[CLOCK_ISO_LEN])
{
    clock_format_iso(clock_now_ms(), out);
}

static inline int group_setup(void **state)
{
    (void)state;
    const char *url = getenv("SIGNAAL_TEST_PG_URL");
    pg_admin_url = url && *url ? url : NULL;
    return mkdtemp(tmp_dir) ? 0 : -1;
}

/* Drops the databases this test program made. */
static inline void pg_drop_all(void)
{
    char prefix[64], sql[256];
    pg_db_name("", prefix);
    PGconn *c = PQconnectdb(pg_admin_url);
    const char *params[] = {prefix};
    PGresult *res = PQexecParams(c,
                                 "SELECT datname FROM pg_database"
                                 " WHERE starts_with(datname, $1)",
                                 1, NULL, params, NULL, NULL, 0);
    for (int i = 0; PQresultStatus(res) == PGRES_TUPLES_OK && i < PQntuples(res); i++) {
        snprintf(sql, sizeof sql, "DROP DATABASE %s WITH (FORCE)", PQgetvalue(res, i, 0));
        PQclear(PQexec(c, sql));
    }
    PQclear(res);
    PQfinish(c);
}

static inline int group_teardown(void **state)
{
    (void)state;
    if (pg_admin_url)
        pg_drop_all();
    DIR *d = opendir(tmp_dir);
    if (!d)
        return -1;
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            (void)unlink(db_path(e->d_name));
    closedir(d);
    return rmdir(tmp_dir);
}

/* ---- organisations and users ------------------------------------------ */

static inline int insert_org_job(store_tx *tx, void *arg)
{
    return store_org_insert(tx, arg);
}

static inline void fill_org(org_row *o, int n, const char *name, const char *type)
{
    memset(o, 0, sizeof *o);
    make_pid(o->public_id, 0x0a, n);
    text_copy(o->name, sizeof o->name, name);
    text_copy(o->type, sizeof o->type, type);
    now_iso(o->created_at);
}

static inline int find_org_job(store_tx *tx, void *arg)
{
    org_row *o = arg;
    return store_org_find(tx, o->name, o);
}

typedef struct people {
    org_row org[5];
    user_row user[6];
} people;

static inline void fill_user(user_row *u, int n, int64_t org_id, const char *login,
                             const char *role)
{
    memset(u, 0, sizeof *u);
    make_pid(u->public_id, 0x0b, n);
    u->org_id = org_id;
    text_copy(u->login, sizeof u->login, login);
    text_copy(u->role, sizeof u->role, role);
    text_copy(u->password_hash, sizeof u->password_hash, "$argon2id$fake");
    now_iso(u->created_at);
}

static inline int people_job(store_tx *tx, void *arg)
{
    people *p = arg;
    static const char *const types[] = {"school", "police", "youth-care", "school", "municipality"};
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "Organisation %d", i);
        fill_org(&p->org[i], 100 + i, name, types[i]);
        W(store_org_insert(tx, &p->org[i]) == SG_OK);
        W(p->org[i].id > (i ? p->org[i - 1].id : 0));
    }
    for (int i = 0; i < 6; i++) {
        char login[32];
        snprintf(login, sizeof login, "user%d", i);
        fill_user(&p->user[i], 200 + i, p->org[i % 2].id, login,
                  i % 2 ? "police-officer" : "mentor");
        W(store_user_insert(tx, &p->user[i]) == SG_OK);
        W(p->user[i].id > 0);
    }
    return SG_OK;
}

#endif
