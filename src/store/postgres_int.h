/*
 * postgres_int.h - what the files of the PostgreSQL driver share:
 * postgres.c (addresses, the connection pool, transactions, retries),
 * postgres_stmt.c (prepared statements, parameters, rows) and
 * postgres_copy.c (signaal migrate: a whole SQLite database into
 * PostgreSQL).  Nothing outside these files includes it.
 *
 * A connection belongs to one thread from pg_conn_acquire to
 * pg_conn_release.  Its statements are prepared once per connection and
 * cached by the address of their SQL text (the record files pass string
 * literals), checked against a copy of the text, like the SQLite driver's.
 */
#ifndef SG_STORE_POSTGRES_INT_H
#define SG_STORE_POSTGRES_INT_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/store_int.h"

#define PG_CACHE_SLOTS 512
#define PG_MAX_PARAMS 32

typedef struct pg_stmt pg_stmt;

typedef struct pg_conn {
    PGconn *pg;         /* NULL until connected */
    bool lost;          /* the connection failed: it is replaced before its next use */
    bool writable;      /* the current transaction writes: DML runs in a savepoint */
    pg_stmt *streaming; /* the statement whose rows are still arriving, or NULL */
    pg_stmt *cache[PG_CACHE_SLOTS];
    int cached;
    unsigned next_name; /* prepared statements are named sg1, sg2 ... */
} pg_conn;

typedef struct pg_store {
    store base;
    char *conninfo; /* the address without signaal's own parameters */
    int pool_size;
    int retry_ms; /* how long a transaction waits for a lost database */
    bool durable; /* false: every write is relaxed (store_options.durable) */
    pg_conn *conns;
    bool *busy;
    int64_t down_since_ms; /* when the database went away, or 0; under mu */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} pg_store;

/* ---- postgres.c ------------------------------------------------------- */

/* The status for a result that is not a success (res may be NULL: no
 * result at all).  A lost connection is marked in c and is
 * SG_EUNAVAILABLE; constraint violations are SG_ECONFLICT; other errors
 * are logged with their SQLSTATE (never their DETAIL, which may quote
 * values) and sql, when given. */
int pg_error(pg_conn *c, const PGresult *res, const char *sql);
/* Runs sql (one or more statements without parameters) on c; the status. */
int pg_exec(pg_conn *c, const char *sql);
/* A pooled connection for the calling thread, connected (waiting for the
 * database up to the store's retry time), with no transaction open. */
int pg_conn_acquire(pg_store *st, pg_conn **out);
void pg_conn_release(pg_store *st, pg_conn *c);
/* True when s is a PostgreSQL store. */
bool pg_is_store(const store *s);
/* Begins a write transaction on c, as store_write does (with the write
 * lock, waiting for a lost database); pg_finish commits it when rc is
 * SG_OK, or rolls it back, and returns the final status. */
int pg_begin_write(pg_store *st, pg_conn *c);
int pg_finish(pg_conn *c, int rc);

/* ---- postgres_stmt.c -------------------------------------------------- */

int pg_prepare(store_tx *tx, const char *sql, store_stmt **out);
int pg_bind_int(store_stmt *st, int index, int64_t v);
int pg_bind_text(store_stmt *st, int index, const char *v);
int pg_bind_blob(store_stmt *st, int index, const void *v, size_t len);
int pg_bind_null(store_stmt *st, int index);
int pg_step(store_stmt *st);
int64_t pg_col_int(store_stmt *st, int col);
const char *pg_col_text(store_stmt *st, int col);
const void *pg_col_blob(store_stmt *st, int col, size_t *len);
bool pg_col_is_null(store_stmt *st, int col);
int64_t pg_changes(store_stmt *st);
void pg_done(store_stmt *st);
/* Reads the rest of the streaming statement's rows (if any) into its own
 * queue, so that c can run something else; the status of the reading. */
int pg_conn_settle(pg_conn *c);
/* Forgets every cached statement (after the connection was replaced). */
void pg_cache_clear(pg_conn *c);
/* Decodes PostgreSQL's hex bytea text ("\x0a1b") into a new buffer the
 * caller frees with sg_free (one byte at least, so never NULL for an empty
 * value unless memory runs out). */
int pg_bytea_decode(const char *text, unsigned char **out, size_t *len);

#endif
