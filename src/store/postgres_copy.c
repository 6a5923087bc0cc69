/*
 * postgres_copy.c - signaal migrate: a whole SQLite database into an empty
 * PostgreSQL database (store_copy_sqlite in store.h).
 *
 * One PostgreSQL transaction, holding the write lock, does everything: it
 * checks that the target holds no data, creates the schema with this
 * signaal's migrations, compares the two databases, deletes the
 * bookkeeping rows the migrations made (schema_version, the empty audit
 * head, the audit spool's position) and copies every table with COPY, ids and all, so foreign keys
 * hold and the audit chain verifies as it did.  Identity sequences are
 * then moved past the copied ids.  A failure anywhere rolls everything
 * back: the target is as it was.
 *
 * No table list is written down here: the tables come from the SQLite
 * catalogue, their columns from PRAGMA table_info, their order from the
 * foreign keys (referenced tables first).  A table or column of either
 * database without a counterpart in the other, or different schema
 * versions, stops the copy with a message naming it, so a table added by a
 * later migration can never be skipped silently.
 *
 * The SQLite file is read in one read transaction (a consistent snapshot
 * even if a server still writes to it; stop the servers anyway, or their
 * later writes are not copied).
 */
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "store/postgres_int.h"

#define MAX_TABLES 256
#define MAX_COLS 128
#define NAME_MAX_LEN 64
#define COPY_CHUNK (256u * 1024u)

typedef struct table {
    char name[NAME_MAX_LEN];
    char cols[MAX_COLS][NAME_MAX_LEN];
    char kinds[MAX_COLS]; /* by the target's type: 'i' integer, 'b' bytea, 't' text, other */
    int ncols;
    int deps[MAX_TABLES]; /* tables it references */
    int ndeps;
    bool placed;
} table;

typedef struct copy_ctx {
    pg_conn *c;
    sqlite3 *src;
    table *tables;
    int ntables;
    char *why;
    size_t why_n;
} copy_ctx;

static int refuse(copy_ctx *cx, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int refuse(copy_ctx *cx, int rc, const char *fmt, ...)
{
    if (!cx->why[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(cx->why, cx->why_n, fmt, ap);
        va_end(ap);
    }
    return rc;
}

static int pg_fail(copy_ctx *cx, PGresult *res, const char *what)
{
    char line[200];
    snprintf(line, sizeof line, "%s", res ? PQresultErrorMessage(res) : PQerrorMessage(cx->c->pg));
    line[strcspn(line, "\n")] = '\0';
    int rc = pg_error(cx->c, res, what);
    return refuse(cx, rc, "%s: %s", what, line);
}

/* "name" with embedded quotes doubled: an identifier both databases read. */
static void quote_ident(const char *name, char *out, size_t n)
{
    size_t j = 0;
    out[j++] = '"';
    for (const char *p = name; *p && j + 3 < n; p++) {
        out[j++] = *p;
        if (*p == '"')
            out[j++] = '"';
    }
    out[j++] = '"';
    out[j] = '\0';
}

/* ---- the source ------------------------------------------------------- */

static int sq_fail(copy_ctx *cx, const char *what)
{
    return refuse(cx, SG_EDB, "%s: %s", what, sqlite3_errmsg(cx->src));
}

/* Runs sql on the source with text parameter p ($1 may be absent) and
 * calls fn for each row; the status. */
static int sq_each(copy_ctx *cx, const char *sql, const char *p,
                   int (*fn)(copy_ctx *, sqlite3_stmt *, void *), void *arg)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(cx->src, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_fail(cx, "reading the SQLite catalogue");
    if (p)
        sqlite3_bind_text(st, 1, p, -1, SQLITE_STATIC);
    int rc = SG_OK, step;
    while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW)
        rc = fn(cx, st, arg);
    if (rc == SG_OK && step != SQLITE_DONE)
        rc = sq_fail(cx, "reading the SQLite database");
    sqlite3_finalize(st);
    return rc;
}

static int add_table(copy_ctx *cx, sqlite3_stmt *st, void *arg)
{
    (void)arg;
    const char *name = (const char *)sqlite3_column_text(st, 0);
    if (cx->ntables >= MAX_TABLES || strlen(name) >= NAME_MAX_LEN)
        return refuse(cx, SG_ETOOBIG, "too many tables, or a name too long (%s)", name);
    snprintf(cx->tables[cx->ntables++].name, NAME_MAX_LEN, "%s", name);
    return SG_OK;
}

static int add_column(copy_ctx *cx, sqlite3_stmt *st, void *arg)
{
    table *t = arg;
    const char *name = (const char *)sqlite3_column_text(st, 0);
    if (t->ncols >= MAX_COLS || strlen(name) >= NAME_MAX_LEN)
        return refuse(cx, SG_ETOOBIG, "table %s: too many columns", t->name);
    snprintf(t->cols[t->ncols++], NAME_MAX_LEN, "%s", name);
    return SG_OK;
}

static int find_table(copy_ctx *cx, const char *name)
{
    for (int i = 0; i < cx->ntables; i++)
        if (strcmp(cx->tables[i].name, name) == 0)
            return i;
    return -1;
}

static int add_dep(copy_ctx *cx, sqlite3_stmt *st, void *arg)
{
    table *t = arg;
    int k = find_table(cx, (const char *)sqlite3_column_text(st, 0));
    if (k >= 0 && &cx->tables[k] != t && t->ndeps < MAX_TABLES)
        t->deps[t->ndeps++] = k;
    return SG_OK;
}

static int read_source(copy_ctx *cx)
{
    int rc = sq_each(cx,
                     "SELECT name FROM sqlite_master WHERE type = 'table'"
                     " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                     NULL, add_table, NULL);
    for (int i = 0; rc == SG_OK && i < cx->ntables; i++)
        rc = sq_each(cx, "SELECT name FROM pragma_table_info($1) ORDER BY cid", cx->tables[i].name,
                     add_column, &cx->tables[i]);
    for (int i = 0; rc == SG_OK && i < cx->ntables; i++)
        rc = sq_each(cx, "SELECT \"table\" FROM pragma_foreign_key_list($1)", cx->tables[i].name,
                     add_dep, &cx->tables[i]);
    if (rc == SG_OK && find_table(cx, "schema_version") < 0)
        rc = refuse(cx, SG_EINVAL, "this SQLite database was not made by signaal");
    return rc;
}

/* ---- the target ------------------------------------------------------- */

/* Runs sql with up to one text parameter on the target; a new result with
 * rows, or NULL (then why is set). */
static PGresult *pg_query(copy_ctx *cx, const char *sql, const char *p)
{
    PGresult *res = PQexecParams(cx->c->pg, sql, p ? 1 : 0, NULL, &p, NULL, NULL, 0);
    if (PQresultStatus(res) == PGRES_TUPLES_OK)
        return res;
    (void)pg_fail(cx, res, "reading the PostgreSQL catalogue");
    PQclear(res);
    return NULL;
}

static PGresult *target_tables(copy_ctx *cx)
{
    return pg_query(cx,
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                    " ORDER BY table_name",
                    NULL);
}

/* Before anything is created: every table already there is one of
 * signaal's (an earlier, failed attempt) and holds no data. */
static int check_target_empty(copy_ctx *cx)
{
    PGresult *tables = target_tables(cx);
    if (!tables)
        return SG_EDB;
    int rc = SG_OK;
    for (int i = 0; rc == SG_OK && i < PQntuples(tables); i++) {
        const char *name = PQgetvalue(tables, i, 0);
        char quoted[2 * NAME_MAX_LEN + 3], sql[256];
        if (find_table(cx, name) < 0) {
            rc = refuse(cx, SG_ECONFLICT,
                        "the PostgreSQL database is not empty: it holds a table %s that the SQLite"
                        " database does not have",
                        name);
            break;
        }
        quote_ident(name, quoted, sizeof quoted);
        if (strcmp(name, "schema_version") == 0)
            continue; /* what the migrations record; replaced below */
        snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM %s%s)", quoted,
                 strcmp(name, "audit_head") == 0    ? " WHERE seq <> 0"
                 : strcmp(name, "audit_spool") == 0 ? " WHERE position <> 0"
                                                    : "");
        PGresult *res = pg_query(cx, sql, NULL);
        if (!res)
            rc = SG_EDB;
        else if (PQgetvalue(res, 0, 0)[0] == 't')
            rc = refuse(cx, SG_ECONFLICT,
                        "the PostgreSQL database is not empty: table %s holds data", name);
        PQclear(res);
    }
    PQclear(tables);
    return rc;
}

/* The schema versions of both, as "1, 2, 3": they must be the same. */
static int check_versions(copy_ctx *cx)
{
    char src[512] = "", dst[512] = "";
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(cx->src, "SELECT version FROM schema_version ORDER BY version", -1, &st,
                           NULL)
        != SQLITE_OK)
        return sq_fail(cx, "reading the SQLite schema version");
    while (sqlite3_step(st) == SQLITE_ROW && strlen(src) < sizeof src - 24)
        snprintf(src + strlen(src), sizeof src - strlen(src), "%s%lld", src[0] ? ", " : "",
                 (long long)sqlite3_column_int64(st, 0));
    sqlite3_finalize(st);
    PGresult *res = pg_query(cx, "SELECT version FROM schema_version ORDER BY version", NULL);
    if (!res)
        return SG_EDB;
    for (int i = 0; i < PQntuples(res) && strlen(dst) < sizeof dst - 24; i++)
        snprintf(dst + strlen(dst), sizeof dst - strlen(dst), "%s%s", dst[0] ? ", " : "",
                 PQgetvalue(res, i, 0));
    PQclear(res);
    if (strcmp(src, dst) != 0)
        return refuse(cx, SG_ECONFLICT,
                      "the SQLite database has the migrations %s and this signaal %s: bring them"
                      " to the same version first (signaal init --db PATH with one binary)",
                      src, dst);
    return SG_OK;
}

/* Every table and column of one has its counterpart in the other; notes
 * the target's type of each column. */
static int match_schema(copy_ctx *cx)
{
    PGresult *tables = target_tables(cx);
    if (!tables)
        return SG_EDB;
    int rc = SG_OK;
    for (int i = 0; rc == SG_OK && i < PQntuples(tables); i++)
        if (find_table(cx, PQgetvalue(tables, i, 0)) < 0)
            rc = refuse(cx, SG_ECONFLICT,
                        "table %s of the PostgreSQL schema has no counterpart in the SQLite"
                        " database",
                        PQgetvalue(tables, i, 0));
    for (int i = 0; rc == SG_OK && i < cx->ntables; i++) {
        table *t = &cx->tables[i];
        bool found = false;
        for (int k = 0; k < PQntuples(tables) && !found; k++)
            found = strcmp(PQgetvalue(tables, k, 0), t->name) == 0;
        if (!found) {
            rc = refuse(cx, SG_ECONFLICT,
                        "table %s of the SQLite database has no counterpart in PostgreSQL: the"
                        " copy would lose it",
                        t->name);
            break;
        }
        PGresult *cols = pg_query(cx,
                                  "SELECT column_name, data_type FROM information_schema.columns"
                                  " WHERE table_schema = current_schema() AND table_name = $1",
                                  t->name);
        if (!cols) {
            rc = SG_EDB;
            break;
        }
        if (PQntuples(cols) != t->ncols)
            rc = refuse(cx, SG_ECONFLICT, "table %s has %d columns in SQLite and %d in PostgreSQL",
                        t->name, t->ncols, PQntuples(cols));
        for (int c = 0; rc == SG_OK && c < t->ncols; c++) {
            t->kinds[c] = 0;
            for (int k = 0; k < PQntuples(cols) && !t->kinds[c]; k++) {
                if (strcmp(PQgetvalue(cols, k, 0), t->cols[c]) != 0)
                    continue;
                const char *type = PQgetvalue(cols, k, 1);
                t->kinds[c] = strcmp(type, "bytea") == 0    ? 'b'
                              : strstr(type, "int") != NULL ? 'i'
                                                            : 't';
            }
            if (!t->kinds[c])
                rc = refuse(cx, SG_ECONFLICT,
                            "column %s.%s of the SQLite database has no counterpart in"
                            " PostgreSQL",
                            t->name, t->cols[c]);
        }
        PQclear(cols);
    }
    PQclear(tables);
    return rc;
}

/* ---- copying ---------------------------------------------------------- */

/* Appends one SQLite value in COPY's text format. */
static int put_value(buf *b, sqlite3_stmt *st, int col, char kind)
{
    static const char hex[] = "0123456789abcdef";
    int type = sqlite3_column_type(st, col);
    if (type == SQLITE_NULL)
        return buf_append(b, "\\N", 2);
    if (kind == 'i' && type == SQLITE_INTEGER)
        return buf_printf(b, "%lld", (long long)sqlite3_column_int64(st, col));
    if (kind == 'b') {
        const unsigned char *v = sqlite3_column_blob(st, col);
        size_t n = (size_t)sqlite3_column_bytes(st, col);
        int rc = buf_append(b, "\\\\x", 3); /* bytea's \x, its backslash escaped for COPY */
        for (size_t i = 0; rc == SG_OK && i < n; i++) {
            char pair[2] = {hex[v[i] >> 4], hex[v[i] & 15]};
            rc = buf_append(b, pair, 2);
        }
        return rc;
    }
    const unsigned char *v = sqlite3_column_text(st, col);
    size_t n = (size_t)sqlite3_column_bytes(st, col);
    int rc = SG_OK;
    for (size_t i = 0; rc == SG_OK && i < n; i++) {
        const char *esc = v[i] == '\\'   ? "\\\\"
                          : v[i] == '\n' ? "\\n"
                          : v[i] == '\r' ? "\\r"
                          : v[i] == '\t' ? "\\t"
                                         : NULL;
        rc = esc ? buf_append_str(b, esc) : buf_append(b, &v[i], 1);
    }
    return rc;
}

static int copy_table(copy_ctx *cx, table *t, int64_t *rows)
{
    char quoted[2 * NAME_MAX_LEN + 3];
    buf sql, data;
    buf_init(&sql, 64 * 1024);
    buf_init(&data, 4 * COPY_CHUNK);
    quote_ident(t->name, quoted, sizeof quoted);
    int rc = buf_printf(&sql, "SELECT ");
    for (int c = 0; rc == SG_OK && c < t->ncols; c++) {
        char col[2 * NAME_MAX_LEN + 3];
        quote_ident(t->cols[c], col, sizeof col);
        rc = buf_printf(&sql, "%s%s", c ? ", " : "", col);
    }
    size_t list_at = strlen("SELECT ");
    sqlite3_stmt *st = NULL;
    if (rc == SG_OK)
        rc = buf_printf(&sql, " FROM %s", quoted);
    if (rc == SG_OK && sqlite3_prepare_v2(cx->src, sql.data, -1, &st, NULL) != SQLITE_OK)
        rc = sq_fail(cx, t->name);
    /* The same column list for COPY, in the same order. */
    char *copy = NULL;
    if (rc == SG_OK) {
        size_t list_len = sql.len - list_at - strlen(" FROM ") - strlen(quoted);
        buf c;
        buf_init(&c, 64 * 1024);
        rc = buf_printf(&c, "COPY %s (%.*s) FROM STDIN", quoted, (int)list_len, sql.data + list_at);
        copy = rc == SG_OK ? buf_detach(&c) : NULL;
        buf_free(&c);
        rc = copy ? SG_OK : SG_ENOMEM;
    }
    bool in_copy = false;
    if (rc == SG_OK) {
        PGresult *res = PQexec(cx->c->pg, copy);
        in_copy = PQresultStatus(res) == PGRES_COPY_IN;
        if (!in_copy)
            rc = pg_fail(cx, res, t->name);
        PQclear(res);
    }
    int64_t sent = 0;
    int step = SQLITE_DONE;
    while (rc == SG_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
        for (int c = 0; rc == SG_OK && c < t->ncols; c++) {
            if (c)
                rc = buf_append(&data, "\t", 1);
            if (rc == SG_OK)
                rc = put_value(&data, st, c, t->kinds[c]);
        }
        if (rc == SG_OK)
            rc = buf_append(&data, "\n", 1);
        sent++;
        if (rc == SG_OK && data.len >= COPY_CHUNK) {
            if (PQputCopyData(cx->c->pg, data.data, (int)data.len) != 1)
                rc = pg_fail(cx, NULL, t->name);
            buf_reset(&data);
        }
        if (rc == SG_ETOOBIG)
            rc = refuse(cx, rc, "table %s: a row is too large", t->name);
    }
    if (rc == SG_OK && step != SQLITE_DONE)
        rc = sq_fail(cx, t->name);
    if (in_copy) {
        /* End the COPY either way: with an error message it is aborted. */
        if (rc == SG_OK && data.len && PQputCopyData(cx->c->pg, data.data, (int)data.len) != 1)
            rc = pg_fail(cx, NULL, t->name);
        if (PQputCopyEnd(cx->c->pg, rc == SG_OK ? NULL : "signaal migrate stopped") != 1
            && rc == SG_OK)
            rc = pg_fail(cx, NULL, t->name);
        PGresult *res;
        while ((res = PQgetResult(cx->c->pg)) != NULL) {
            if (rc == SG_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
                rc = pg_fail(cx, res, t->name);
            else if (rc == SG_OK && atoll(PQcmdTuples(res)) != sent)
                rc = refuse(cx, SG_EDB, "table %s: %lld rows read, %s written", t->name,
                            (long long)sent, PQcmdTuples(res));
            PQclear(res);
        }
    }
    sqlite3_finalize(st);
    sg_free(copy);
    buf_free(&sql);
    buf_free(&data);
    *rows = sent;
    return rc;
}

/* Moves every identity sequence past the ids copied into its column. */
static int move_sequences(copy_ctx *cx)
{
    PGresult *ids = pg_query(cx,
                             "SELECT table_name, column_name FROM information_schema.columns"
                             " WHERE table_schema = current_schema() AND is_identity = 'YES'",
                             NULL);
    if (!ids)
        return SG_EDB;
    int rc = SG_OK;
    for (int i = 0; rc == SG_OK && i < PQntuples(ids); i++) {
        char t[2 * NAME_MAX_LEN + 3], c[2 * NAME_MAX_LEN + 3], sql[512];
        quote_ident(PQgetvalue(ids, i, 0), t, sizeof t);
        quote_ident(PQgetvalue(ids, i, 1), c, sizeof c);
        /* pg_get_serial_sequence reads the table as SQL (quoted) and the
         * column literally. */
        snprintf(sql, sizeof sql,
                 "SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(%s), 0) + 1, false)"
                 " FROM %s",
                 c, t);
        const char *params[] = {t, PQgetvalue(ids, i, 1)};
        PGresult *res = PQexecParams(cx->c->pg, sql, 2, NULL, params, NULL, NULL, 0);
        if (PQresultStatus(res) != PGRES_TUPLES_OK)
            rc = pg_fail(cx, res, "moving an identity sequence");
        PQclear(res);
    }
    PQclear(ids);
    return rc;
}

/* The next table whose referenced tables are all placed, or -1. */
static int next_table(copy_ctx *cx)
{
    for (int i = 0; i < cx->ntables; i++) {
        table *t = &cx->tables[i];
        bool ready = !t->placed;
        for (int k = 0; ready && k < t->ndeps; k++)
            ready = cx->tables[t->deps[k]].placed;
        if (ready)
            return i;
    }
    return -1;
}

static int copy_all(copy_ctx *cx, store *to, store_copy_progress progress, void *ctx, int64_t *rows)
{
    const char *detail = "";
    int rc = check_target_empty(cx);
    if (rc == SG_OK) {
        store_tx tx = {.s = to, .conn = cx->c, .writable = true};
        rc = store_migrate(&tx, &detail);
        if (rc != SG_OK)
            rc = refuse(cx, rc, "creating the schema: %s", *detail ? detail : "failed");
    }
    if (rc == SG_OK)
        rc = check_versions(cx);
    if (rc == SG_OK)
        rc = match_schema(cx);
    /* The migrations' own bookkeeping rows make way for the source's. */
    if (rc == SG_OK)
        rc = pg_exec(cx->c, "DELETE FROM schema_version; DELETE FROM audit_head;"
                            " DELETE FROM audit_spool");
    for (int done = 0; rc == SG_OK && done < cx->ntables; done++) {
        int i = next_table(cx);
        if (i < 0)
            return refuse(cx, SG_EINVAL, "the foreign keys of the tables form a cycle");
        int64_t n = 0;
        rc = copy_table(cx, &cx->tables[i], &n);
        cx->tables[i].placed = true;
        *rows += n;
        if (rc == SG_OK && progress)
            progress(cx->tables[i].name, n, done + 1, cx->ntables, ctx);
    }
    if (rc == SG_OK)
        rc = move_sequences(cx);
    return rc;
}

int store_copy_sqlite(store *to, const char *sqlite_path, store_copy_progress progress, void *ctx,
                      int64_t *rows, char *why, size_t n)
{
    copy_ctx cx = {.why = why, .why_n = n};
    why[0] = '\0';
    *rows = 0;
    if (!pg_is_store(to))
        return refuse(&cx, SG_EINVAL, "the target must be a PostgreSQL database");
    cx.tables = sg_calloc(MAX_TABLES, sizeof *cx.tables);
    if (!cx.tables)
        return SG_ENOMEM;
    int rc = SG_OK;
    if (sqlite3_open_v2(sqlite_path, &cx.src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        rc = refuse(&cx, SG_EIO, "cannot open %s: %s", sqlite_path,
                    cx.src ? sqlite3_errmsg(cx.src) : "out of memory");
    if (rc == SG_OK) {
        sqlite3_busy_timeout(cx.src, 10000);
        if (sqlite3_exec(cx.src, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
            rc = sq_fail(&cx, "reading the SQLite database");
    }
    if (rc == SG_OK)
        rc = read_source(&cx);
    pg_store *st = (pg_store *)to;
    if (rc == SG_OK)
        rc = pg_conn_acquire(st, &cx.c);
    if (rc == SG_OK) {
        rc = pg_begin_write(st, cx.c);
        if (rc != SG_OK)
            rc = refuse(&cx, rc, "cannot begin a transaction on PostgreSQL");
        else
            rc = pg_finish(cx.c, copy_all(&cx, to, progress, ctx, rows));
        if (rc != SG_OK)
            *rows = 0;
        pg_conn_release(st, cx.c);
    }
    if (rc != SG_OK && !why[0])
        snprintf(why, n, "the copy failed (%s); nothing was changed", sg_status_str(rc));
    sqlite3_close(cx.src);
    sg_free(cx.tables);
    return rc;
}
