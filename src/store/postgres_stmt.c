/*
 * postgres_stmt.c - statements of the PostgreSQL driver: preparing,
 * parameters, rows.
 *
 * Parameter types.  PostgreSQL infers the type of an untyped parameter
 * from its first use, so "$1 = 0" would make $1 an int4 and "$2 - $3"
 * could not be typed at all.  A statement is therefore prepared on the
 * server only when it first runs, with the types of the values bound to it
 * then: integers as int8, text as text, blobs as bytea; a NULL leaves its
 * parameter to inference (its column decides, as in INSERT ... VALUES).
 * Values travel as text, blobs in binary.
 *
 * Statement-level atomicity.  On SQLite a failing statement (a taken
 * name, a foreign key) undoes itself and the transaction goes on; on
 * PostgreSQL it aborts the whole transaction.  So that work functions see
 * the same behaviour on both, an INSERT, UPDATE, DELETE or MERGE in a
 * write transaction runs inside a savepoint: SAVEPOINT, the statement and
 * RELEASE go out together in one pipeline (one round trip), and only a
 * failure costs a second one (ROLLBACK TO SAVEPOINT).
 *
 * Rows.  A query's rows arrive one at a time (libpq's single-row mode), so
 * that walking the whole audit trail takes no more memory than one entry.
 * A connection carries one query at a time: when a work function starts
 * another statement while rows are still arriving, the rest of them is
 * read into the first statement's queue (pg_conn_settle) and handed out
 * from there.  Results are in text format; bytea comes as hex and is
 * decoded here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/log.h"
#include "base/mem.h"
#include "store/postgres_int.h"

/* Type OIDs of the PostgreSQL catalogue (pg_type.dat), stable across versions. */
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_TEXT 25

struct pg_stmt {
    store_stmt base; /* first: the generic part */
    pg_conn *conn;
    const char *key; /* the caller's text pointer: the cache key */
    const char *sql; /* its text: a copy of our own when cached */
    char *own_sql;
    char name[16]; /* the server-side name once prepared */
    bool cached, in_use, prepared, transient, dml;
    int nparams;
    Oid prepared_types[PG_MAX_PARAMS];
    /* This execution's values. */
    Oid types[PG_MAX_PARAMS];
    const char *values[PG_MAX_PARAMS];
    char *owned[PG_MAX_PARAMS];
    int lengths[PG_MAX_PARAMS];
    int formats[PG_MAX_PARAMS];
    char num[PG_MAX_PARAMS][24];
    /* Its rows. */
    bool started, finished;
    int pending; /* a status to report when the queue runs dry */
    PGresult *res;
    int row;
    PGresult **queue;
    size_t qhead, qlen, qcap;
    int64_t changes;
    unsigned char **blobs; /* decoded bytea of the current row, by column */
    int nblobs;
};

static pg_stmt *ps(store_stmt *st)
{
    return (pg_stmt *)st;
}

/* ---- the SQL text ----------------------------------------------------- */

/* The highest $N in sql (outside literals and comments), and whether it
 * changes rows. */
static void scan_sql(const char *sql, int *nparams, bool *dml)
{
    const char *p = sql;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    *dml = strncasecmp(p, "INSERT", 6) == 0 || strncasecmp(p, "UPDATE", 6) == 0
           || strncasecmp(p, "DELETE", 6) == 0 || strncasecmp(p, "MERGE", 5) == 0;
    *nparams = 0;
    for (p = sql; *p; p++) {
        if (*p == '\'' || *p == '"') {
            char quote = *p;
            while (p[1] && p[1] != quote)
                p++;
            if (p[1])
                p++;
        } else if (p[0] == '-' && p[1] == '-') {
            while (p[1] && p[1] != '\n')
                p++;
        } else if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
            int n = atoi(p + 1);
            if (n > *nparams)
                *nparams = n;
        }
    }
}

/* ---- the statement cache ---------------------------------------------- */

static size_t slot_of(const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) % PG_CACHE_SLOTS;
}

static void clear_blobs(pg_stmt *st)
{
    for (int i = 0; i < st->nblobs; i++) {
        sg_free(st->blobs[i]);
        st->blobs[i] = NULL;
    }
}

/* Forgets this execution: values, rows, queue. */
static void reset(pg_stmt *st)
{
    for (int i = 0; i < PG_MAX_PARAMS; i++) {
        sg_free(st->owned[i]);
        st->owned[i] = NULL;
        st->values[i] = NULL;
        st->types[i] = 0;
        st->lengths[i] = 0;
        st->formats[i] = 0;
    }
    PQclear(st->res);
    st->res = NULL;
    for (size_t i = st->qhead; i < st->qlen; i++)
        PQclear(st->queue[i]);
    st->qhead = st->qlen = 0;
    clear_blobs(st);
    st->started = st->finished = false;
    st->pending = SG_OK;
    st->row = -1;
    st->changes = 0;
}

static void stmt_free(pg_stmt *st)
{
    if (!st)
        return;
    reset(st);
    sg_free(st->queue);
    sg_free(st->blobs);
    sg_free(st->own_sql);
    sg_free(st);
}

void pg_cache_clear(pg_conn *c)
{
    for (int i = 0; i < PG_CACHE_SLOTS; i++) {
        stmt_free(c->cache[i]);
        c->cache[i] = NULL;
    }
    c->cached = 0;
}

int pg_prepare(store_tx *tx, const char *sql, store_stmt **out)
{
    pg_conn *c = tx->conn;
    size_t slot = slot_of(sql);
    size_t free_slot = PG_CACHE_SLOTS;
    bool twice = false;
    for (size_t probe = 0; probe < PG_CACHE_SLOTS; probe++) {
        size_t i = (slot + probe) % PG_CACHE_SLOTS;
        pg_stmt *st = c->cache[i];
        if (!st) {
            free_slot = i;
            break;
        }
        if (st->key == sql && strcmp(st->sql, sql) == 0) {
            if (st->in_use) {
                twice = true; /* used twice at once: a transient copy */
                break;
            }
            st->in_use = true;
            st->base.tx = tx;
            *out = &st->base;
            return SG_OK;
        }
    }
    pg_stmt *st = sg_calloc(1, sizeof *st);
    if (!st)
        return SG_ENOMEM;
    scan_sql(sql, &st->nparams, &st->dml);
    if (st->nparams > PG_MAX_PARAMS) {
        log_error("postgres: statement parameters must be $1..$%d", PG_MAX_PARAMS);
        sg_free(st);
        return SG_EINTERNAL;
    }
    st->key = sql;
    st->sql = sql;
    st->conn = c;
    st->row = -1;
    st->cached = !twice && free_slot < PG_CACHE_SLOTS && c->cached < PG_CACHE_SLOTS * 3 / 4;
    /* An uncached statement runs unnamed: nothing to deallocate later. */
    st->transient = !st->cached;
    st->in_use = true;
    st->base.tx = tx;
    /* A cached statement outlives the caller's text, which need not be a
     * literal. */
    if (st->cached) {
        st->own_sql = sg_strdup(sql);
        if (!st->own_sql) {
            sg_free(st);
            return SG_ENOMEM;
        }
        st->sql = st->own_sql;
        c->cache[free_slot] = st;
        c->cached++;
    }
    *out = &st->base;
    return SG_OK;
}

/* ---- parameters ------------------------------------------------------- */

static bool param_ok(pg_stmt *st, int index)
{
    if (index >= 1 && index <= st->nparams && !st->started)
        return true;
    log_error("postgres: parameter $%d is not in the statement: %.200s", index, st->sql);
    return false;
}

static void param_clear(pg_stmt *st, int k)
{
    sg_free(st->owned[k]);
    st->owned[k] = NULL;
}

int pg_bind_int(store_stmt *base, int index, int64_t v)
{
    pg_stmt *st = ps(base);
    if (!param_ok(st, index))
        return SG_EINTERNAL;
    int k = index - 1;
    param_clear(st, k);
    snprintf(st->num[k], sizeof st->num[k], "%lld", (long long)v);
    st->values[k] = st->num[k];
    st->types[k] = OID_INT8;
    st->formats[k] = 0;
    return SG_OK;
}

int pg_bind_text(store_stmt *base, int index, const char *v)
{
    pg_stmt *st = ps(base);
    if (!param_ok(st, index))
        return SG_EINTERNAL;
    int k = index - 1;
    param_clear(st, k);
    st->owned[k] = sg_strdup(v);
    if (!st->owned[k])
        return SG_ENOMEM;
    st->values[k] = st->owned[k];
    st->types[k] = OID_TEXT;
    st->formats[k] = 0;
    return SG_OK;
}

int pg_bind_blob(store_stmt *base, int index, const void *v, size_t len)
{
    pg_stmt *st = ps(base);
    if (!param_ok(st, index))
        return SG_EINTERNAL;
    if (len > 64u * 1024u * 1024u)
        return SG_ETOOBIG;
    int k = index - 1;
    param_clear(st, k);
    st->owned[k] = sg_malloc(len ? len : 1);
    if (!st->owned[k])
        return SG_ENOMEM;
    if (len)
        memcpy(st->owned[k], v, len);
    st->values[k] = st->owned[k];
    st->lengths[k] = (int)len;
    st->types[k] = OID_BYTEA;
    st->formats[k] = 1;
    return SG_OK;
}

int pg_bind_null(store_stmt *base, int index)
{
    pg_stmt *st = ps(base);
    if (!param_ok(st, index))
        return SG_EINTERNAL;
    int k = index - 1;
    param_clear(st, k);
    st->values[k] = NULL;
    st->types[k] = 0;
    return SG_OK;
}

/* ---- running ---------------------------------------------------------- */

/* A send that libpq refused: the connection's fault or a bug. */
static int send_failed(pg_conn *c, const char *sql)
{
    if (PQstatus(c->pg) == CONNECTION_BAD)
        return pg_error(c, NULL, sql);
    char line[200];
    snprintf(line, sizeof line, "%s", PQerrorMessage(c->pg));
    line[strcspn(line, "\n")] = '\0';
    log_error("postgres: cannot send a statement: %s", line);
    c->lost = true; /* its state is unknown: replace it */
    return SG_EDB;
}

/* Prepares st on the server with the types of its values, unless it is
 * prepared already with types that fit them. */
static int ensure_prepared(pg_stmt *st)
{
    pg_conn *c = st->conn;
    bool fits = st->prepared;
    for (int k = 0; fits && k < st->nparams; k++)
        fits = st->types[k] == 0 || st->prepared_types[k] == 0
               || st->types[k] == st->prepared_types[k];
    if (fits)
        return SG_OK;
    if (st->prepared) {
        char sql[40];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
        int rc = pg_exec(c, sql);
        if (rc != SG_OK)
            return rc;
        st->prepared = false;
    }
    snprintf(st->name, sizeof st->name, "sg%u", ++c->next_name);
    PGresult *res = PQprepare(c->pg, st->name, st->sql, st->nparams, st->types);
    int rc = PQresultStatus(res) == PGRES_COMMAND_OK ? SG_OK : pg_error(c, res, st->sql);
    PQclear(res);
    if (rc != SG_OK)
        return rc;
    memcpy(st->prepared_types, st->types, sizeof st->types);
    st->prepared = true;
    return SG_OK;
}

static int send_statement(pg_stmt *st)
{
    PGconn *pg = st->conn->pg;
    int sent = st->transient ? PQsendQueryParams(pg, st->sql, st->nparams, st->types, st->values,
                                                 st->lengths, st->formats, 0)
                             : PQsendQueryPrepared(pg, st->name, st->nparams, st->values,
                                                   st->lengths, st->formats, 0);
    return sent ? SG_OK : send_failed(st->conn, st->sql);
}

/* Reads the results of one query of a pipeline up to its end marker; keeps
 * the first in *out. */
static bool pipeline_result(PGconn *pg, PGresult **out)
{
    *out = PQgetResult(pg);
    if (!*out)
        return false;
    PGresult *extra;
    while ((extra = PQgetResult(pg)) != NULL)
        PQclear(extra);
    return true;
}

/* Runs a changing statement inside a savepoint of its own (see the top). */
static int run_in_savepoint(pg_stmt *st)
{
    pg_conn *c = st->conn;
    PGconn *pg = c->pg;
    if (!PQenterPipelineMode(pg)
        || !PQsendQueryParams(pg, "SAVEPOINT sg_statement", 0, NULL, NULL, NULL, NULL, 0))
        return send_failed(c, st->sql);
    int rc = send_statement(st);
    if (rc != SG_OK)
        return rc;
    if (!PQsendQueryParams(pg, "RELEASE SAVEPOINT sg_statement", 0, NULL, NULL, NULL, NULL, 0)
        || !PQpipelineSync(pg))
        return send_failed(c, st->sql);

    PGresult *res[3] = {NULL, NULL, NULL};
    bool complete = pipeline_result(pg, &res[0]) && pipeline_result(pg, &res[1])
                    && pipeline_result(pg, &res[2]);
    PGresult *sync = complete ? PQgetResult(pg) : NULL;
    complete = complete && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    bool statement_failed = false;
    if (!complete) {
        rc = pg_error(c, NULL, st->sql);
        if (!c->lost) {
            log_error("postgres: a pipeline ended early: %.200s", st->sql);
            c->lost = true;
            rc = SG_EDB;
        }
    } else if (PQresultStatus(res[0]) != PGRES_COMMAND_OK) {
        rc = pg_error(c, res[0], "SAVEPOINT");
    } else if (PQresultStatus(res[1]) != PGRES_TUPLES_OK
               && PQresultStatus(res[1]) != PGRES_COMMAND_OK) {
        rc = pg_error(c, res[1], st->sql);
        statement_failed = true;
    } else if (PQresultStatus(res[2]) != PGRES_COMMAND_OK) {
        rc = pg_error(c, res[2], "RELEASE SAVEPOINT");
    } else {
        st->changes = atoll(PQcmdTuples(res[1]));
        st->res = res[1];
        res[1] = NULL;
    }
    for (int i = 0; i < 3; i++)
        PQclear(res[i]);
    if (c->lost)
        return SG_EUNAVAILABLE;
    if (!PQexitPipelineMode(pg)) {
        c->lost = true;
        return SG_EDB;
    }
    /* Undo the failed statement only; the transaction goes on. */
    if (statement_failed) {
        int undo = pg_exec(c, "ROLLBACK TO SAVEPOINT sg_statement; RELEASE SAVEPOINT sg_statement");
        if (undo != SG_OK)
            rc = undo;
    }
    st->finished = true;
    return rc;
}

static int execute(pg_stmt *st)
{
    pg_conn *c = st->conn;
    int rc = pg_conn_settle(c);
    if (rc != SG_OK)
        return rc;
    if (c->lost)
        return SG_EUNAVAILABLE;
    st->started = true;
    if (!st->transient) {
        rc = ensure_prepared(st);
        if (rc != SG_OK) {
            st->finished = true;
            return rc;
        }
    }
    if (st->dml && c->writable)
        return run_in_savepoint(st);
    rc = send_statement(st);
    if (rc != SG_OK) {
        st->finished = true;
        return rc;
    }
    if (!PQsetSingleRowMode(c->pg))
        log_error("postgres: no single-row mode; the rows come at once");
    c->streaming = st;
    return SG_OK;
}

static int queue_push(pg_stmt *st, PGresult *r)
{
    if (st->qlen == st->qcap) {
        size_t cap = st->qcap ? st->qcap * 2 : 16;
        PGresult **q = sg_realloc(st->queue, cap * sizeof *q);
        if (!q)
            return SG_ENOMEM;
        st->queue = q;
        st->qcap = cap;
    }
    st->queue[st->qlen++] = r;
    return SG_OK;
}

int pg_conn_settle(pg_conn *c)
{
    pg_stmt *st = c->streaming;
    if (!st)
        return SG_OK;
    c->streaming = NULL;
    PGresult *r;
    while ((r = PQgetResult(c->pg)) != NULL) {
        if (queue_push(st, r) != SG_OK) {
            PQclear(r);
            st->pending = SG_ENOMEM;
        }
    }
    if (PQstatus(c->pg) == CONNECTION_BAD)
        return pg_error(c, NULL, st->sql);
    return SG_OK;
}

/* The next result of a streaming statement: 1 a row, 0 the end, < 0 an
 * error. */
static int fetch(pg_stmt *st)
{
    pg_conn *c = st->conn;
    for (;;) {
        PGresult *r = NULL;
        if (st->qhead < st->qlen)
            r = st->queue[st->qhead++];
        else if (c->streaming == st)
            r = PQgetResult(c->pg);
        if (!r) {
            if (c->streaming == st)
                c->streaming = NULL;
            st->finished = true;
            if (st->pending == SG_OK && PQstatus(c->pg) == CONNECTION_BAD)
                st->pending = pg_error(c, NULL, st->sql);
            return st->pending;
        }
        switch (PQresultStatus(r)) {
        case PGRES_SINGLE_TUPLE:
        case PGRES_TUPLES_OK:
            if (PQntuples(r) > 0) {
                PQclear(st->res);
                st->res = r;
                st->row = 0;
                return 1;
            }
            PQclear(r); /* the end of a single-row stream */
            break;
        case PGRES_COMMAND_OK:
            st->changes = atoll(PQcmdTuples(r));
            PQclear(r);
            break;
        default:
            if (st->pending == SG_OK)
                st->pending = pg_error(c, r, st->sql);
            PQclear(r);
            break;
        }
    }
}

int pg_step(store_stmt *base)
{
    pg_stmt *st = ps(base);
    if (!st->started) {
        int rc = execute(st);
        if (rc != SG_OK)
            return rc;
    }
    clear_blobs(st);
    if (st->res && st->row + 1 < PQntuples(st->res)) {
        st->row++;
        return 1;
    }
    if (st->finished)
        return st->pending;
    return fetch(st);
}

/* ---- columns ---------------------------------------------------------- */

static bool has_value(pg_stmt *st, int col)
{
    return st->res && st->row >= 0 && st->row < PQntuples(st->res) && col >= 0
           && col < PQnfields(st->res) && !PQgetisnull(st->res, st->row, col);
}

int64_t pg_col_int(store_stmt *base, int col)
{
    pg_stmt *st = ps(base);
    if (!has_value(st, col))
        return 0;
    const char *v = PQgetvalue(st->res, st->row, col);
    if (v[0] == 't' || v[0] == 'f') /* a boolean expression */
        return v[0] == 't';
    return strtoll(v, NULL, 10);
}

const char *pg_col_text(store_stmt *base, int col)
{
    pg_stmt *st = ps(base);
    return has_value(st, col) ? PQgetvalue(st->res, st->row, col) : "";
}

int pg_bytea_decode(const char *text, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (text[0] == '\\' && text[1] == 'x') {
        size_t n = strlen(text + 2) / 2;
        unsigned char *b = sg_malloc(n ? n : 1);
        if (!b)
            return SG_ENOMEM;
        for (size_t i = 0; i < n; i++) {
            unsigned v = 0;
            for (int h = 0; h < 2; h++) {
                char ch = text[2 + 2 * i + (size_t)h];
                v = v * 16
                    + (unsigned)(ch >= 'a'   ? ch - 'a' + 10
                                 : ch >= 'A' ? ch - 'A' + 10
                                             : ch - '0');
            }
            b[i] = (unsigned char)v;
        }
        *out = b;
        *len = n;
        return SG_OK;
    }
    /* The old escape format (bytea_output = escape). */
    size_t n = 0;
    unsigned char *raw = PQunescapeBytea((const unsigned char *)text, &n);
    if (!raw)
        return SG_ENOMEM;
    unsigned char *b = sg_malloc(n ? n : 1);
    if (b && n)
        memcpy(b, raw, n);
    PQfreemem(raw);
    if (!b)
        return SG_ENOMEM;
    *out = b;
    *len = n;
    return SG_OK;
}

const void *pg_col_blob(store_stmt *base, int col, size_t *len)
{
    pg_stmt *st = ps(base);
    *len = 0;
    if (!has_value(st, col))
        return NULL;
    if (PQftype(st->res, col) != OID_BYTEA) {
        *len = (size_t)PQgetlength(st->res, st->row, col);
        return PQgetvalue(st->res, st->row, col);
    }
    if (st->nblobs < PQnfields(st->res)) {
        int n = PQnfields(st->res);
        unsigned char **b = sg_realloc(st->blobs, (size_t)n * sizeof *b);
        if (!b)
            return NULL;
        for (int i = st->nblobs; i < n; i++)
            b[i] = NULL;
        st->blobs = b;
        st->nblobs = n;
    }
    sg_free(st->blobs[col]);
    st->blobs[col] = NULL;
    if (pg_bytea_decode(PQgetvalue(st->res, st->row, col), &st->blobs[col], len) != SG_OK)
        return NULL;
    return st->blobs[col];
}

bool pg_col_is_null(store_stmt *base, int col)
{
    return !has_value(ps(base), col);
}

int64_t pg_changes(store_stmt *base)
{
    return ps(base)->changes;
}

void pg_done(store_stmt *base)
{
    pg_stmt *st = ps(base);
    pg_conn *c = st->conn;
    if (c->streaming == st) {
        /* Rows nobody wants any more still have to be read off the wire. */
        PGresult *r;
        while ((r = PQgetResult(c->pg)) != NULL)
            PQclear(r);
        c->streaming = NULL;
    }
    if (!st->cached) {
        stmt_free(st);
        return;
    }
    reset(st);
    st->in_use = false;
    st->base.tx = NULL;
}
