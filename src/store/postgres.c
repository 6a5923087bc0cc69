/*
 * postgres.c - the PostgreSQL driver of the store (libpq): addresses, the
 * connection pool, transactions and what happens when the database goes
 * away.  Statements are in postgres_stmt.c.
 *
 * Address: postgres://user@host:port/dbname?pool=N&retry_ms=MS&... (or
 * postgresql://).  pool (default 8) and retry_ms (default 3000) are
 * signaal's own and are taken out; everything else goes to libpq as it is
 * (sslmode, connect_timeout, target_session_attrs, several hosts ...).
 *
 * Transactions.  Every store_write and store_write_relaxed, in every
 * signaal process, runs in READ COMMITTED and first takes one
 * transaction-level advisory lock, so write transactions run one at a time
 * across the cluster, as they do on SQLite with its one writer.  Why not
 * more concurrency: every write appends to the one audit chain, and the
 * appends must be serialised from reading the head to the commit anyway
 * (the commit's WAL flush is the larger part of a write); and the service
 * layer has rules
 * checked before an insert (one open case per child, one record per BSN
 * and organisation) that concurrent writers would break.  SERIALIZABLE
 * would catch those, but would abort nearly every pair of concurrent
 * appends on the chain's head, and a retry would mean running a work
 * function twice, which the work functions do not allow (they fill their
 * context and allocate).  With one lock taken first by all writers there
 * are no deadlocks, and READ COMMITTED sees all that was committed before.
 * (The lock also stands in for the audit head's row lock: the driver says
 * writes_serialised, and store_audit_lock skips its UPDATE.)  Measured on
 * two cores, this beat locking only the head row, with one server and with
 * two, for writes and for audited reads alike: waiting for one lock before
 * the work costs less than many transactions queueing on one hot row.
 * store_read runs in a READ ONLY REPEATABLE READ snapshot without locks,
 * so reads of every process run concurrently (and the audit verification
 * sees one consistent trail while servers append).
 *
 * Relaxed writes use SET LOCAL synchronous_commit = off: the commit
 * returns before its WAL reaches the disk (PostgreSQL's WAL writer flushes
 * it within three wal_writer_delay, 600 ms by default) and releases the
 * write lock sooner.  WAL is written in order, so a crash loses at most a
 * tail of relaxed commits, never one before a durable commit.
 *
 * A lost database.  A transaction that cannot begin because its connection
 * is gone (the server restarted, failed over, or is down) reconnects and
 * begins again, pausing 20, 40 ... up to 500 ms between tries, for at most
 * retry_ms; then it fails with SG_EUNAVAILABLE (HTTP 503).  The work
 * function has not run yet then, so retrying is safe.  A connection lost
 * while the work runs or commits fails that transaction with
 * SG_EUNAVAILABLE: PostgreSQL rolls back what was not committed, so no
 * record is ever half written (a lost COMMIT may still have committed: its
 * outcome is unknown to the caller, who was not told it succeeded).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/postgres_int.h"

#define DEFAULT_POOL 8
#define DEFAULT_RETRY_MS 3000
#define FIRST_PAUSE_MS 20
#define MAX_PAUSE_MS 500

static const store_driver postgres_driver;

/* The first line of a libpq message, for the log. */
static void first_line(const char *msg, char *out, size_t n)
{
    size_t len = msg ? strcspn(msg, "\n") : 0;
    if (len >= n)
        len = n - 1;
    if (len)
        memcpy(out, msg, len);
    out[len] = '\0';
}

/* ---- errors ----------------------------------------------------------- */

static bool state_is(const char *state, const char *prefix)
{
    return state && strncmp(state, prefix, strlen(prefix)) == 0;
}

int pg_error(pg_conn *c, const PGresult *res, const char *sql)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    char line[256];
    if (!c->pg || PQstatus(c->pg) == CONNECTION_BAD || state_is(state, "08")
        || state_is(state, "57P")) {
        if (!c->lost) {
            first_line(c->pg ? PQerrorMessage(c->pg) : "", line, sizeof line);
            log_error("postgres: the connection was lost: %s", line);
        }
        c->lost = true;
        return SG_EUNAVAILABLE;
    }
    if (!res)
        return SG_ENOMEM; /* libpq makes no result only when memory runs out */
    if (state_is(state, "23"))
        return SG_ECONFLICT; /* integrity rules: expected, and the caller says why */
    first_line(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY), line, sizeof line);
    log_error("postgres: %s %s%s%.200s", state ? state : "?", line, sql ? " in: " : "",
              sql ? sql : "");
    if (state_is(state, "40") || state_is(state, "55P03") || state_is(state, "57014"))
        return SG_EUNAVAILABLE; /* deadlock, lock or statement time-out: try again */
    if (state_is(state, "53100"))
        return SG_ENOSPACE; /* disk full */
    if (state_is(state, "25006"))
        return SG_EREADONLY; /* a read-only transaction: a standby, or a database set read-only */
    if (state_is(state, "53"))
        return SG_EUNAVAILABLE; /* out of memory or connections on the server */
    if (state_is(state, "54"))
        return SG_ETOOBIG;
    return SG_EDB;
}

int pg_exec(pg_conn *c, const char *sql)
{
    int rc = pg_conn_settle(c);
    if (rc != SG_OK)
        return rc;
    PGresult *res = PQexec(c->pg, sql);
    ExecStatusType t = PQresultStatus(res);
    rc = t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK ? SG_OK : pg_error(c, res, sql);
    PQclear(res);
    return rc;
}

/* ---- connections ------------------------------------------------------ */

static void conn_drop(pg_conn *c)
{
    pg_cache_clear(c);
    if (c->pg)
        PQfinish(c->pg);
    c->pg = NULL;
    c->streaming = NULL;
    c->lost = false;
}

/* Notes that the database answered or did not, logging only the changes. */
static void note_reachable(pg_store *st, bool up, const char *why)
{
    pthread_mutex_lock(&st->mu);
    if (up && st->down_since_ms) {
        log_info("postgres: the database is back after %lld ms",
                 (long long)(clock_mono_ms() - st->down_since_ms));
        st->down_since_ms = 0;
    } else if (!up && !st->down_since_ms) {
        log_error("postgres: cannot connect: %s", why);
        st->down_since_ms = clock_mono_ms();
    }
    pthread_mutex_unlock(&st->mu);
}

/* Server notices ("relation exists, skipping") are not for the operator;
 * warnings are. */
static void on_notice(void *arg, const PGresult *res)
{
    (void)arg;
    const char *severity = PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED);
    if (severity && strcmp(severity, "WARNING") == 0) {
        char line[256];
        first_line(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY), line, sizeof line);
        log_info("postgres: warning: %s", line);
    }
}

/* (Re)connects c; SG_EUNAVAILABLE when the database does not answer. */
static int conn_connect(pg_store *st, pg_conn *c)
{
    conn_drop(c);
    /* Keywords before dbname are defaults the address may override; those
     * after it are not negotiable.  Keepalives and the TCP user timeout
     * notice a server that vanished without a word (a failed-over primary
     * behind a moved address) within about a minute instead of the
     * kernel's quarter of an hour. */
    const char *const keys[] = {"application_name",
                                "connect_timeout",
                                "keepalives_idle",
                                "keepalives_interval",
                                "keepalives_count",
                                "tcp_user_timeout",
                                "dbname",
                                "client_encoding",
                                NULL};
    const char *const values[] = {"signaal", "5",          "30",   "10", "3",
                                  "60000",   st->conninfo, "UTF8", NULL};
    c->pg = PQconnectdbParams(keys, values, 1);
    if (!c->pg)
        return SG_ENOMEM;
    if (PQstatus(c->pg) != CONNECTION_OK) {
        char line[256];
        first_line(PQerrorMessage(c->pg), line, sizeof line);
        note_reachable(st, false, line);
        conn_drop(c);
        return SG_EUNAVAILABLE;
    }
    PQsetNoticeReceiver(c->pg, on_notice, NULL);
    note_reachable(st, true, NULL);
    return SG_OK;
}

static void pause_ms(int64_t ms)
{
    struct timespec t = {.tv_sec = (time_t)(ms / 1000), .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

/* Runs begin_sql on c, replacing a lost connection and waiting for the
 * database for up to retry_ms. */
static int begin(pg_store *st, pg_conn *c, const char *begin_sql)
{
    int64_t deadline = clock_mono_ms() + st->retry_ms;
    int64_t pause = FIRST_PAUSE_MS;
    for (;;) {
        int rc = c->pg && !c->lost ? SG_OK : conn_connect(st, c);
        if (rc == SG_OK) {
            rc = pg_exec(c, begin_sql);
            if (rc == SG_OK || !c->lost)
                return rc;
            rc = SG_EUNAVAILABLE;
        }
        if (rc != SG_EUNAVAILABLE)
            return rc;
        int64_t left = deadline - clock_mono_ms();
        if (left <= 0)
            return SG_EUNAVAILABLE;
        pause_ms(pause < left ? pause : left);
        pause = pause * 2 < MAX_PAUSE_MS ? pause * 2 : MAX_PAUSE_MS;
    }
}

int pg_conn_acquire(pg_store *st, pg_conn **out)
{
    int slot = -1;
    *out = NULL;
    pthread_mutex_lock(&st->mu);
    while (slot < 0) {
        for (int i = 0; i < st->pool_size && slot < 0; i++)
            if (!st->busy[i])
                slot = i;
        if (slot < 0)
            pthread_cond_wait(&st->cv, &st->mu);
    }
    st->busy[slot] = true;
    pthread_mutex_unlock(&st->mu);
    *out = &st->conns[slot];
    return SG_OK;
}

void pg_conn_release(pg_store *st, pg_conn *c)
{
    /* A connection that failed is replaced when it is next used. */
    if (c->lost)
        conn_drop(c);
    pthread_mutex_lock(&st->mu);
    st->busy[c - st->conns] = false;
    pthread_cond_signal(&st->cv);
    pthread_mutex_unlock(&st->mu);
}

bool pg_is_store(const store *s)
{
    return s && s->driver == &postgres_driver;
}

/* ---- transactions ----------------------------------------------------- */

#define LOCK_SQL "SELECT pg_advisory_xact_lock(7160398717390332161)"

typedef enum tx_kind { TX_READ, TX_WRITE, TX_RELAXED } tx_kind;

static const char *const begin_sql[] = {
    [TX_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    [TX_WRITE] = "BEGIN ISOLATION LEVEL READ COMMITTED; " LOCK_SQL,
    [TX_RELAXED] =
        "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL synchronous_commit = off; " LOCK_SQL,
};

/* Commits (rc is SG_OK) or rolls back; the transaction's final status. */
static int finish(pg_conn *c, int rc)
{
    if (pg_conn_settle(c) != SG_OK && rc == SG_OK)
        rc = SG_EDB;
    if (c->lost)
        return SG_EUNAVAILABLE; /* whatever the work made of it: the database went away */
    if (rc != SG_OK) {
        if (pg_exec(c, "ROLLBACK") != SG_OK)
            c->lost = true; /* an unknown state: start afresh */
        return rc;
    }
    PGresult *res = PQexec(c->pg, "COMMIT");
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = pg_error(c, res, "COMMIT");
    } else if (strcmp(PQcmdStatus(res), "COMMIT") != 0) {
        /* A statement failed and its error was ignored: PostgreSQL rolled
         * the whole transaction back. */
        log_error("postgres: a transaction with a failed statement was rolled back");
        rc = SG_EDB;
    }
    PQclear(res);
    return rc;
}

int pg_begin_write(pg_store *st, pg_conn *c)
{
    int rc = begin(st, c, begin_sql[TX_WRITE]);
    c->writable = rc == SG_OK;
    return rc;
}

int pg_finish(pg_conn *c, int rc)
{
    rc = finish(c, rc);
    c->writable = false;
    return rc;
}

static int run(store *s, store_work_fn fn, void *ctx, tx_kind kind)
{
    pg_store *st = (pg_store *)s;
    pg_conn *c = NULL;
    int rc = pg_conn_acquire(st, &c);
    if (rc != SG_OK)
        return rc;
    rc = begin(st, c, begin_sql[kind]);
    if (rc == SG_OK) {
        store_tx tx = {.s = s, .conn = c, .writable = kind != TX_READ};
        c->writable = tx.writable;
        rc = finish(c, fn(&tx, ctx));
        c->writable = false;
    }
    pg_conn_release(st, c);
    return rc;
}

static int pg_write(store *s, store_work_fn fn, void *ctx)
{
    return run(s, fn, ctx, ((pg_store *)s)->durable ? TX_WRITE : TX_RELAXED);
}

static int pg_write_relaxed(store *s, store_work_fn fn, void *ctx)
{
    return run(s, fn, ctx, TX_RELAXED);
}

static int pg_read(store *s, store_work_fn fn, void *ctx)
{
    return run(s, fn, ctx, TX_READ);
}

static int pg_exec_script(store_tx *tx, const char *sql)
{
    return pg_exec(tx->conn, sql);
}

/* ---- migrations ------------------------------------------------------- */

static char *pg_expand(const char *sql)
{
    static const char *const map[][2] = {
        {"{{pk}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"},
        {"{{int}}", "BIGINT"},
        {"{{blob}}", "BYTEA"},
        {"{{strict}}", ""},
    };
    buf out;
    buf_init(&out, 4 * 1024 * 1024);
    const char *p = sql;
    while (*p) {
        size_t skip = 0;
        const char *with = NULL;
        for (size_t i = 0; p[0] == '{' && p[1] == '{' && i < sizeof map / sizeof map[0]; i++) {
            size_t n = strlen(map[i][0]);
            if (strncmp(p, map[i][0], n) == 0) {
                skip = n;
                with = map[i][1];
                break;
            }
        }
        int rc = with ? buf_append_str(&out, with) : buf_append(&out, p, 1);
        if (rc != SG_OK) {
            buf_free(&out);
            return NULL;
        }
        p += with ? skip : 1;
    }
    return buf_detach(&out);
}

/* ---- open and close --------------------------------------------------- */

static void pg_close(store *s)
{
    pg_store *st = (pg_store *)s;
    for (int i = 0; st->conns && i < st->pool_size; i++)
        conn_drop(&st->conns[i]);
    pthread_mutex_destroy(&st->mu);
    pthread_cond_destroy(&st->cv);
    sg_free(st->conns);
    sg_free(st->busy);
    sg_free(st->conninfo);
    sg_free(st);
}

/* A whole number in [min, max] from text of length n. */
static bool parse_number(const char *text, size_t n, long min, long max, int *out)
{
    long v = 0;
    if (n == 0 || n > 9)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        v = v * 10 + (text[i] - '0');
    }
    if (v < min || v > max)
        return false;
    *out = (int)v;
    return true;
}

/* Takes signaal's own parameters out of the address's query string. */
static int parse_address(pg_store *st, const char *address, const char **detail)
{
    const char *query = strchr(address, '?');
    size_t base = query ? (size_t)(query - address) : strlen(address);
    buf out;
    buf_init(&out, strlen(address) + 1);
    int rc = buf_append(&out, address, base);
    char sep = '?';
    for (const char *p = query ? query + 1 : NULL; rc == SG_OK && p && *p;) {
        size_t len = strcspn(p, "&");
        const char *eq = memchr(p, '=', len);
        size_t name = eq ? (size_t)(eq - p) : len;
        const char *value = eq ? eq + 1 : p + len;
        size_t value_len = (size_t)(p + len - value);
        if (name == 4 && strncmp(p, "pool", 4) == 0) {
            if (!parse_number(value, value_len, 1, 1000, &st->pool_size)) {
                *detail = "pool in the database address must be a number from 1 to 1000";
                rc = SG_EINVAL;
            }
        } else if (name == 8 && strncmp(p, "retry_ms", 8) == 0) {
            if (!parse_number(value, value_len, 0, 600000, &st->retry_ms)) {
                *detail = "retry_ms in the database address must be a number from 0 to 600000";
                rc = SG_EINVAL;
            }
        } else if (len > 0) {
            rc = buf_append(&out, &sep, 1);
            if (rc == SG_OK)
                rc = buf_append(&out, p, len);
            sep = '&';
        }
        p += len + (p[len] == '&');
    }
    if (rc == SG_OK) {
        st->conninfo = buf_detach(&out);
        rc = st->conninfo ? SG_OK : SG_ENOMEM;
    }
    buf_free(&out);
    return rc;
}

/* Text is compared and sorted byte by byte on SQLite; a database with
 * another collation may sort some text differently. */
static void check_collation(pg_conn *c)
{
    PGresult *res = PQexec(c->pg, "SELECT datcollate FROM pg_database"
                                  " WHERE datname = current_database()");
    if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1) {
        const char *coll = PQgetvalue(res, 0, 0);
        if (strcmp(coll, "C") != 0 && strcmp(coll, "POSIX") != 0 && strncmp(coll, "C.", 2) != 0)
            log_info("postgres: the database's collation is %s; signaal expects C"
                     " (CREATE DATABASE ... LOCALE 'C' TEMPLATE template0)",
                     coll);
    }
    PQclear(res);
}

int store_postgres_open(const char *address, const store_options *opt, store **out,
                        const char **detail)
{
    pg_store *st = sg_calloc(1, sizeof *st);
    if (!st)
        return SG_ENOMEM;
    st->base.driver = &postgres_driver;
    st->base.impl = st;
    st->pool_size = DEFAULT_POOL;
    st->retry_ms = DEFAULT_RETRY_MS;
    st->durable = opt->durable;
    pthread_mutex_init(&st->mu, NULL);
    pthread_cond_init(&st->cv, NULL);
    int rc = parse_address(st, address, detail);
    if (rc == SG_OK && opt->readers > 0)
        st->pool_size = opt->readers;
    if (rc == SG_OK) {
        st->conns = sg_calloc((size_t)st->pool_size, sizeof *st->conns);
        st->busy = sg_calloc((size_t)st->pool_size, sizeof *st->busy);
        rc = st->conns && st->busy ? SG_OK : SG_ENOMEM;
    }
    /* One connection now, to report a wrong address at once; the others
     * are made when they are first needed. */
    if (rc == SG_OK) {
        rc = conn_connect(st, &st->conns[0]);
        if (rc != SG_OK)
            *detail = "cannot connect to the PostgreSQL database (the log says why)";
    }
    if (rc != SG_OK) {
        pg_close(&st->base);
        return rc;
    }
    check_collation(&st->conns[0]);
    *out = &st->base;
    return SG_OK;
}

static const store_driver postgres_driver = {
    .name = "postgres",
    .writes_serialised = true,
    .write = pg_write,
    .write_relaxed = pg_write_relaxed,
    .read = pg_read,
    .close = pg_close,
    .exec_script = pg_exec_script,
    .expand = pg_expand,
    .prepare = pg_prepare,
    .bind_int = pg_bind_int,
    .bind_text = pg_bind_text,
    .bind_blob = pg_bind_blob,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .col_int = pg_col_int,
    .col_text = pg_col_text,
    .col_blob = pg_col_blob,
    .col_is_null = pg_col_is_null,
    .changes = pg_changes,
    .done = pg_done,
};
