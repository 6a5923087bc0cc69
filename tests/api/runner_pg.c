/*
 * runner_pg.c - scenarios on PostgreSQL: `api_runner --db-url URL`.
 *
 * URL names a maintenance database of a cluster (scripts/pg-test-cluster
 * prints one).  Each scenario gets a fresh database of its own,
 * sgapi_<scenario>, dropped after a clean run (kept after a failure, like
 * the work directory, and dropped before the next run of the scenario).
 * Its address replaces the file path wherever the scenario says ${db}, and
 * the key file is <workdir>/signaal.db.key through SIGNAAL_KEY_FILE.
 *
 * The steps that look into the database itself do the same as on SQLite:
 * "sql" runs its statements through libpq; "db_contains" and
 * "db_not_contains" search every value of every table (text as it is,
 * bytea as its bytes) instead of the database files.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "runner.h"

/* Type OIDs of the PostgreSQL catalogue (pg_type.dat). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_FLOAT4 700
#define OID_FLOAT8 701
#define OID_NUMERIC 1700

/* url with its database name replaced: a new string (sg_free). */
static char *url_with_db(const char *url, const char *dbname)
{
    const char *host = strstr(url, "://");
    host = host ? host + 3 : url;
    const char *query = strchr(host, '?');
    const char *slash = strchr(host, '/');
    if (slash && query && slash > query)
        slash = NULL;
    size_t head = slash ? (size_t)(slash - url) : query ? (size_t)(query - url) : strlen(url);
    size_t n = head + strlen(dbname) + (query ? strlen(query) : 0) + 2;
    char *out = sg_malloc(n);
    if (out)
        snprintf(out, n, "%.*s/%s%s", (int)head, url, dbname, query ? query : "");
    return out;
}

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* "database ... does not exist, skipping" */
}

/* Runs sql on the maintenance database; false with a note on failure. */
static bool admin_exec(runner *r, const char *sql, buf *msg)
{
    PGconn *c = PQconnectdb(r->pg_admin_url);
    PQsetNoticeProcessor(c, quiet, NULL);
    PGresult *res = PQexec(c, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok) {
        runner_note(msg, "%s: ", sql);
        const char *err = PQerrorMessage(c);
        runner_note_snippet(msg, err, strlen(err), 300);
    }
    PQclear(res);
    PQfinish(c);
    return ok;
}

bool runner_pg_create(runner *r, buf *msg)
{
    char name[64], sql[256];
    /* sgapi_ and the scenario's name in [a-z0-9_] (r->name is "api/..."). */
    int len = snprintf(name, sizeof name, "sgapi_");
    for (const char *p = r->name + 4; *p && len < 63; p++)
        name[len++] = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ? *p : '_';
    name[len] = '\0';
    r->pg_dbname = sg_strdup(name);
    r->db_url = url_with_db(r->pg_admin_url, name);
    r->key_path = runner_path_join(r->workdir, "signaal.db.key");
    if (!r->pg_dbname || !r->db_url || !r->key_path) {
        runner_note(msg, "out of memory");
        return false;
    }
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    if (!admin_exec(r, sql, msg))
        return false;
    /* template0: nobody is connected to it, so scenarios may create their
     * databases at the same time; C collation: text sorts as on SQLite. */
    snprintf(sql, sizeof sql, "CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'",
             name);
    if (!admin_exec(r, sql, msg))
        return false;
    if (setenv("SIGNAAL_KEY_FILE", r->key_path, 1) != 0) {
        runner_note(msg, "cannot set SIGNAAL_KEY_FILE");
        return false;
    }
    return true;
}

void runner_pg_drop(runner *r)
{
    char sql[256];
    buf msg;
    if (!r->pg_dbname)
        return;
    buf_init(&msg, RUNNER_MSG_MAX);
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", r->pg_dbname);
    if (!admin_exec(r, sql, &msg))
        fprintf(stderr, "api_runner: %s\n", msg.data);
    buf_free(&msg);
}

/* One value as JSON, by its column type; bytea as lower-case hex. */
static json_t *value_json(const PGresult *res, int row, int col)
{
    if (PQgetisnull(res, row, col))
        return json_null();
    const char *v = PQgetvalue(res, row, col);
    switch (PQftype(res, col)) {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
        return json_integer(strtoll(v, NULL, 10));
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
        return json_real(strtod(v, NULL));
    case OID_BOOL:
        return json_boolean(v[0] == 't');
    case OID_BYTEA:
        return json_string(text_starts_with(v, "\\x") ? v + 2 : v);
    default:
        return json_stringn(v, (size_t)PQgetlength(res, row, col));
    }
}

static json_t *rows_json(const PGresult *res)
{
    json_t *rows = json_array();
    for (int i = 0; rows && i < PQntuples(res); i++) {
        json_t *row = json_array();
        for (int k = 0; row && k < PQnfields(res); k++)
            if (json_array_append_new(row, value_json(res, i, k)) != 0) {
                json_decref(row);
                row = NULL;
            }
        if (!row || json_array_append_new(rows, row) != 0) {
            json_decref(rows);
            rows = NULL;
        }
    }
    return rows;
}

json_t *runner_pg_sql(runner *r, const char *sql, buf *msg)
{
    PGconn *c = PQconnectdb(r->db_url);
    json_t *rows = json_array();
    if (PQstatus(c) != CONNECTION_OK || !PQsendQuery(c, sql)) {
        runner_note(msg, "sql: %s", PQerrorMessage(c));
        PQfinish(c);
        return rows;
    }
    PGresult *res;
    while ((res = PQgetResult(c)) != NULL) {
        ExecStatusType t = PQresultStatus(res);
        if (t == PGRES_TUPLES_OK) {
            json_t *these = rows_json(res);
            if (these) {
                json_decref(rows);
                rows = these;
            } else {
                runner_note(msg, "out of memory");
            }
        } else if (t != PGRES_COMMAND_OK && msg->len == 0) {
            const char *err = PQresultErrorMessage(res);
            runner_note(msg, "sql: ");
            runner_note_snippet(msg, err, strlen(err), 300);
        }
        PQclear(res);
    }
    PQfinish(c);
    return rows;
}

/* Appends every value of one table to out: text as it is, bytea decoded. */
static bool dump_table(PGconn *c, const char *table, buf *out, buf *msg)
{
    char *quoted = PQescapeIdentifier(c, table, strlen(table));
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT * FROM %s", quoted ? quoted : "?");
    PQfreemem(quoted);
    PGresult *res = PQexec(c, sql);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok)
        runner_note(msg, "%s: %s", sql, PQerrorMessage(c));
    bool fits = true;
    for (int i = 0; ok && fits && i < PQntuples(res); i++) {
        for (int k = 0; fits && k < PQnfields(res); k++) {
            if (PQgetisnull(res, i, k))
                continue;
            const char *v = PQgetvalue(res, i, k);
            if (PQftype(res, k) == OID_BYTEA) {
                size_t n = 0;
                unsigned char *raw = PQunescapeBytea((const unsigned char *)v, &n);
                fits = raw && buf_append(out, raw, n) == SG_OK;
                PQfreemem(raw);
            } else {
                fits = buf_append(out, v, (size_t)PQgetlength(res, i, k)) == SG_OK;
            }
            fits = fits && buf_append(out, "\n", 1) == SG_OK;
        }
    }
    if (!fits)
        runner_note(msg, "the database is too large to search");
    PQclear(res);
    return ok && fits;
}

char *runner_pg_dump(runner *r, size_t *len, buf *msg)
{
    buf out;
    buf_init(&out, (size_t)1 << 31);
    *len = 0;
    PGconn *c = PQconnectdb(r->db_url);
    PGresult *tables = PQexec(c, "SELECT table_name FROM information_schema.tables"
                                 " WHERE table_schema = current_schema()"
                                 " AND table_type = 'BASE TABLE' ORDER BY table_name");
    bool ok = PQresultStatus(tables) == PGRES_TUPLES_OK && buf_append(&out, "", 0) == SG_OK;
    if (!ok)
        runner_note(msg, "cannot list the tables: %s", PQerrorMessage(c));
    for (int i = 0; ok && i < PQntuples(tables); i++)
        ok = dump_table(c, PQgetvalue(tables, i, 0), &out, msg);
    PQclear(tables);
    PQfinish(c);
    *len = out.len;
    char *data = ok ? buf_detach(&out) : NULL;
    buf_free(&out);
    return data;
}
