/*
 * store_int.h - what the files of store/ share, and nothing outside them.
 *
 * A driver (sqlite.c, postgres.c) fills a store_driver table; the
 * record files (orgs.c, persons.c ...) speak SQL through the q_* helpers
 * below, which call the driver.  SQL uses $1, $2 ... placeholders, which
 * both SQLite and PostgreSQL understand, and only constructs both support.
 */
#ifndef SG_STORE_INT_H
#define SG_STORE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* A prepared statement.  Each driver's own statement struct begins with
 * this one, so a driver converts the pointer back to its own type. */
typedef struct store_stmt {
    store_tx *tx;
    /* The values bound are the caller's until the statement is done (a
     * statement prepared, run and done in one call): drivers may use them
     * without a copy. */
    bool borrow;
} store_stmt;

/* What store_token_account read last on one reading connection, kept
 * while the database is unchanged (sessions.c): the rows of a few tokens,
 * and the connection's data version they were read at. */
#define TOKEN_CACHE_SLOTS 4
typedef struct token_cached {
    char hash[STORE_HASH_LEN];
    token_row token;
    user_row user;
    org_row org;
} token_cached;
typedef struct token_cache {
    int64_t version;
    int n;
    int next;
    token_cached slot[TOKEN_CACHE_SLOTS];
} token_cache;

typedef struct store_driver {
    const char *name;
    /* Write transactions never overlap, in any process (PostgreSQL: one
     * advisory lock taken at BEGIN): store_audit_lock has nothing to do. */
    bool writes_serialised;
    int (*write)(store *s, store_work_fn fn, void *ctx);
    int (*write_relaxed)(store *s, store_work_fn fn, void *ctx);
    int (*read)(store *s, store_work_fn fn, void *ctx);
    void (*close)(store *s);
    /* store_pin_begin (on) and store_pin_end (off); NULL: not kept. */
    void (*pin)(store *s, bool on);
    bool (*pinned)(store *s); /* whether the calling thread pins s */
    /* The token cache of tx's connection, emptied first when anything was
     * committed to the database since it was filled; NULL where there is
     * none (a write transaction, or a driver that keeps none). */
    token_cache *(*token_cache)(store_tx *tx);
    /* Runs a script of several statements (DDL); no parameters. */
    int (*exec_script)(store_tx *tx, const char *sql);
    /* Expands the portable placeholders of a migration; returns a new string. */
    char *(*expand)(const char *sql);
    int (*prepare)(store_tx *tx, const char *sql, store_stmt **out);
    int (*bind_int)(store_stmt *st, int index, int64_t v);
    int (*bind_text)(store_stmt *st, int index, const char *v);
    int (*bind_blob)(store_stmt *st, int index, const void *v, size_t len);
    int (*bind_null)(store_stmt *st, int index);
    int (*step)(store_stmt *st); /* 1 row, 0 done, < 0 error */
    int64_t (*col_int)(store_stmt *st, int col);
    const char *(*col_text)(store_stmt *st, int col); /* "" for NULL */
    const void *(*col_blob)(store_stmt *st, int col, size_t *len);
    bool (*col_is_null)(store_stmt *st, int col);
    int64_t (*changes)(store_stmt *st); /* rows changed by the last step */
    void (*done)(store_stmt *st);       /* release for reuse */
} store_driver;

struct store {
    const store_driver *driver;
    void *impl;
};

struct store_tx {
    store *s;
    void *conn;
    bool writable;
};

/* A user's and an organisation's columns (orgs.c's USER_COLS and
 * ORG_COLS, in their order) from column b of a row of st on. */
int store_read_user_at(store_stmt *st, int b, user_row *r);
int store_read_org_at(store_stmt *st, int b, org_row *r);

/* The SQLite driver. */
int store_sqlite_open(const char *path, const store_options *opt, store **out, const char **detail);
/* The test hook of sqlite_faults.c: when SIGNAAL_TEST_FAULTS names a
 * control file, registers the VFS that fails writes on request as SQLite's
 * default (once per process); otherwise does nothing. */
int store_sqlite_faults_register(void);
/* True when s runs on the SQLite driver; then the sqlite3 handle of a
 * transaction's connection (borrowed, for the online backup). */
bool store_is_sqlite(const store *s);
void *store_sqlite_db(store_tx *tx);
/* The PostgreSQL driver (postgres.c): address is a postgres:// URL. */
int store_postgres_open(const char *address, const store_options *opt, store **out,
                        const char **detail);
/* Applies the pending migrations inside the write transaction tx (what
 * store_open does with migrate); *detail says why when it fails. */
int store_migrate(store_tx *tx, const char **detail);

/*
 * Query helpers.  fmt describes the arguments, one letter each, bound to
 * $1, $2 ... in order:
 *   'i' int64_t     't' const char * (NULL binds NULL)
 *   'b' const void *, size_t (NULL binds NULL)     'B' bool
 */
int q_prepare(store_tx *tx, const char *sql, store_stmt **out, const char *fmt, ...);
int q_step(store_stmt *st);
void q_done(store_stmt *st);
int64_t q_int(store_stmt *st, int col);
const char *q_text(store_stmt *st, int col);
const void *q_blob(store_stmt *st, int col, size_t *len);
bool q_null(store_stmt *st, int col);
/* Copies a text column into dst of size n; SG_EDB when it does not fit. */
int q_text_into(store_stmt *st, int col, char *dst, size_t n);
/* A new copy of a blob column (NULL for a NULL column). */
int q_blob_dup(store_stmt *st, int col, unsigned char **out, size_t *len);
/* Reading a whole row into a struct: one q_col per selected column, in
 * order.  Blobs are copied into new buffers (q_clear frees them). */
typedef enum q_coltype { QC_I64, QC_I32, QC_BOOL, QC_TEXT, QC_BLOB } q_coltype;
typedef struct q_col {
    q_coltype type;
    size_t offset;
    size_t size;       /* QC_TEXT: the array's size */
    size_t len_offset; /* QC_BLOB: where its length goes */
} q_col;
#define QCOL_I64(T, f)                                                                             \
    {                                                                                              \
        QC_I64, offsetof(T, f), 0, 0                                                               \
    }
#define QCOL_I32(T, f)                                                                             \
    {                                                                                              \
        QC_I32, offsetof(T, f), 0, 0                                                               \
    }
#define QCOL_BOOL(T, f)                                                                            \
    {                                                                                              \
        QC_BOOL, offsetof(T, f), 0, 0                                                              \
    }
#define QCOL_TEXT(T, f)                                                                            \
    {                                                                                              \
        QC_TEXT, offsetof(T, f), sizeof(((T *)0)->f), 0                                            \
    }
#define QCOL_BLOB(T, f, len)                                                                       \
    {                                                                                              \
        QC_BLOB, offsetof(T, f), 0, offsetof(T, len)                                               \
    }
int q_read(store_stmt *st, const q_col *cols, int ncols, void *row);
/* Reads up to max rows of st into rows (each row_size bytes, zeroed first),
 * sets *n, and releases st.  On an error the rows read so far are cleared. */
int q_read_rows(store_stmt *st, const q_col *cols, int ncols, void *rows, size_t row_size, int max,
                int *n);
/* Reads the one row of st into row (zeroed first) and releases st;
 * SG_ENOTFOUND when there is none. */
int q_read_one(store_stmt *st, const q_col *cols, int ncols, void *row, size_t row_size);
/* Frees the row's blob columns (as read by q_read) and zeroes it. */
void q_clear(const q_col *cols, int ncols, void *row, size_t row_size);
#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Runs one statement that returns no rows; *changes (may be NULL) gets the
 * number of rows it changed. */
int q_exec(store_tx *tx, const char *sql, int64_t *changes, const char *fmt, ...);
/* Runs one statement expected to return one row with one integer column. */
int q_int64(store_tx *tx, const char *sql, int64_t *out, const char *fmt, ...);

#endif
