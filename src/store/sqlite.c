/*
 * sqlite.c - the SQLite driver of the store.
 *
 * Writes: one writer thread owns the only writable connection and runs the
 * work of every store_write caller.  It takes all queued jobs at once, runs
 * each inside its own SAVEPOINT within one BEGIN IMMEDIATE transaction, and
 * commits the batch with one fsync (group commit); a job that fails rolls
 * back to its savepoint without touching the others.  Callers wait until the
 * batch is durable, so an acknowledged write has reached the disk.
 *
 * Reads: a small pool of query-only connections, one per store_read call.
 *
 * Every connection caches its prepared statements, keyed by the address of
 * the SQL text (the record files pass string literals) and checked by
 * content.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/mem.h"
#include "store/store_int.h"

#define CACHE_SLOTS 512
#define MAX_BATCH 256
#define MAX_PARAMS 32

typedef struct sq_conn sq_conn;

typedef struct sq_stmt {
    store_stmt base; /* first: the generic part */
    sqlite3_stmt *s;
    const char *sql; /* the key: the caller's SQL text */
    sq_conn *conn;
    bool cached;
    bool in_use;
    /* SQLite numbers parameters by first appearance; $N binds at slot[N]. */
    int slot[MAX_PARAMS + 1];
} sq_stmt;

/* The three statements of a reader's transaction. */
enum reader_tx { RTX_BEGIN, RTX_COMMIT, RTX_ROLLBACK, RTX_COUNT };

struct sq_conn {
    sqlite3 *db;
    sq_stmt *cache[CACHE_SLOTS];
    int cached;
    sqlite3_stmt *tx[RTX_COUNT]; /* prepared on first use */
    sqlite3_stmt *data_version;  /* the same, for a reader's token cache */
    token_cache tokens;
};

typedef struct sq_job {
    store_work_fn fn;
    void *ctx;
    int result;
    bool durable; /* must be on disk before the caller goes on */
    bool done;
    pthread_cond_t done_cv; /* each waiter has its own: no thundering herd */
    struct sq_job *next;
} sq_job;

/* The statements the writer runs around every job, prepared once. */
enum control {
    CTL_BEGIN,
    CTL_COMMIT,
    CTL_ROLLBACK,
    CTL_SAVEPOINT,
    CTL_RELEASE,
    CTL_ROLLBACK_TO,
    CTL_SYNC_FULL,
    CTL_SYNC_NORMAL,
    CTL_COUNT
};
static const char *const control_sql[CTL_COUNT] = {
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT job",
    "RELEASE job",
    "ROLLBACK TO job",
    "PRAGMA synchronous=FULL",
    "PRAGMA synchronous=NORMAL",
};

typedef struct sq_store {
    store base;
    char *path;
    store_options opt;

    sq_conn writer;
    sqlite3_stmt *control[CTL_COUNT];
    bool sync_full;            /* the writer connection's current mode */
    int64_t unsynced_since_ms; /* first relaxed commit not yet on disk, or 0 */
    pthread_t writer_thread;
    bool writer_started;
    pthread_mutex_t mu;
    pthread_cond_t work_cv;
    sq_job *head;
    sq_job *tail;
    bool stopping;

    sq_conn *readers;
    bool *reader_busy;
    int nreaders;
    pthread_mutex_t rmu;
    pthread_cond_t rcv;
} sq_store;

static const store_driver sqlite_driver;

/* Whether the database file of db may be written, asked of its VFS (on a
 * file system remounted read-only, access(2) says EROFS). */
static bool file_writable(sqlite3 *db)
{
    sqlite3_vfs *vfs = NULL;
    const char *path = sqlite3_db_filename(db, "main");
    int ok = 1;
    if (path && *path
        && sqlite3_file_control(db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) == SQLITE_OK && vfs
        && vfs->xAccess(vfs, path, SQLITE_ACCESS_READWRITE, &ok) == SQLITE_OK)
        return ok != 0;
    return true;
}

static int map_rc(sqlite3 *db, int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_DONE:
        return SG_OK;
    case SQLITE_CONSTRAINT:
        return SG_ECONFLICT;
    case SQLITE_NOMEM:
        return SG_ENOMEM;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SG_EUNAVAILABLE;
    case SQLITE_TOOBIG:
        return SG_ETOOBIG;
    case SQLITE_FULL:
        log_error("sqlite: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        return SG_ENOSPACE;
    case SQLITE_READONLY:
        log_error("sqlite: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        return SG_EREADONLY;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: {
        /* Why the file system refused: errno when SQLite kept it, else
         * whether the database file can be written at all. */
        int err = db ? sqlite3_system_errno(db) : 0;
        bool read_only = err == EROFS || (db && !file_writable(db));
        log_error("sqlite: %s%s%s%s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc), err ? ": " : "",
                  err ? strerror(err) : "",
                  read_only ? " (the database file cannot be written: read-only)" : "");
        if (err == ENOSPC || err == EDQUOT)
            return SG_ENOSPACE;
        if (read_only)
            return SG_EREADONLY;
        return SG_EIO;
    }
    default:
        log_error("sqlite: %s", db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        return SG_EDB;
    }
}

/* ---- connections ------------------------------------------------------ */

static int conn_exec(sq_conn *c, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) {
        log_error("sqlite: %s", err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        return map_rc(NULL, rc);
    }
    return SG_OK;
}

static void conn_close(sq_conn *c)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (c->cache[i]) {
            sqlite3_finalize(c->cache[i]->s);
            sg_free(c->cache[i]);
            c->cache[i] = NULL;
        }
    }
    c->cached = 0;
    for (int i = 0; i < RTX_COUNT; i++) {
        sqlite3_finalize(c->tx[i]);
        c->tx[i] = NULL;
    }
    sqlite3_finalize(c->data_version);
    c->data_version = NULL;
    sodium_memzero(&c->tokens, sizeof c->tokens);
    if (c->db && sqlite3_close(c->db) != SQLITE_OK)
        log_error("sqlite: a connection did not close: %s", sqlite3_errmsg(c->db));
    c->db = NULL;
}

/* Creates the database file with owner-only permissions when it is new, so
 * that SQLite's journal files inherit them. */
static int ensure_file(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        close(fd);
        return SG_OK;
    }
    return errno == EEXIST ? SG_OK : SG_EIO;
}

static int conn_open(sq_store *st, sq_conn *c, bool writer)
{
    memset(c, 0, sizeof *c);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(st->path, &c->db, flags, NULL);
    if (rc != SQLITE_OK) {
        rc = map_rc(c->db, rc);
        conn_close(c);
        return rc;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, st->opt.busy_timeout_ms);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
    rc = conn_exec(c, writer ? "PRAGMA journal_mode=WAL" : "PRAGMA query_only=1");
    /* Readers are many (one per request thread): 1 MiB of page cache each,
     * half of SQLite's default, so that together they hold what 8 held. */
    if (rc == SG_OK && !writer)
        rc = conn_exec(c, "PRAGMA cache_size=-1024");
    if (rc == SG_OK)
        rc = conn_exec(c, "PRAGMA foreign_keys=ON");
    if (rc == SG_OK)
        rc =
            conn_exec(c, st->opt.durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    if (rc != SG_OK)
        conn_close(c);
    return rc;
}

/* ---- statements ------------------------------------------------------- */

static size_t slot_of(const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) % CACHE_SLOTS;
}

static int sq_prepare(store_tx *tx, const char *sql, store_stmt **out)
{
    sq_conn *c = tx->conn;
    size_t slot = slot_of(sql);
    size_t free_slot = CACHE_SLOTS;
    for (size_t probe = 0; probe < CACHE_SLOTS; probe++) {
        size_t i = (slot + probe) % CACHE_SLOTS;
        sq_stmt *st = c->cache[i];
        if (!st) {
            free_slot = i;
            break;
        }
        if (st->sql == sql && strcmp(sqlite3_sql(st->s), sql) == 0) {
            if (st->in_use)
                break; /* used twice at once: prepare a transient copy */
            st->in_use = true;
            st->base.tx = tx;
            *out = &st->base;
            return SG_OK;
        }
    }
    sq_stmt *st = sg_calloc(1, sizeof *st);
    if (!st)
        return SG_ENOMEM;
    bool cache = free_slot < CACHE_SLOTS && c->cached < CACHE_SLOTS * 3 / 4;
    int rc =
        sqlite3_prepare_v3(c->db, sql, -1, cache ? SQLITE_PREPARE_PERSISTENT : 0, &st->s, NULL);
    if (rc != SQLITE_OK) {
        rc = map_rc(c->db, rc);
        sg_free(st);
        return rc;
    }
    int count = sqlite3_bind_parameter_count(st->s);
    for (int i = 1; i <= count; i++) {
        const char *name = sqlite3_bind_parameter_name(st->s, i);
        int n = name && name[0] == '$' ? atoi(name + 1) : 0;
        if (n < 1 || n > MAX_PARAMS) {
            log_error("sqlite: statement parameters must be $1..$%d", MAX_PARAMS);
            sqlite3_finalize(st->s);
            sg_free(st);
            return SG_EINTERNAL;
        }
        st->slot[n] = i;
    }
    st->sql = sql;
    st->conn = c;
    st->cached = cache;
    st->in_use = true;
    st->base.tx = tx;
    if (cache) {
        c->cache[free_slot] = st;
        c->cached++;
    }
    *out = &st->base;
    return SG_OK;
}

static sq_stmt *sq(store_stmt *st)
{
    return (sq_stmt *)st;
}

/* The SQLite position of $index, or 0 when the statement does not use it. */
static int position(store_stmt *st, int index)
{
    return index >= 1 && index <= MAX_PARAMS ? sq(st)->slot[index] : 0;
}

static int sq_bind_int(store_stmt *st, int index, int64_t v)
{
    int at = position(st, index);
    return at ? map_rc(sq(st)->conn->db, sqlite3_bind_int64(sq(st)->s, at, v)) : SG_EINTERNAL;
}

static int sq_bind_text(store_stmt *st, int index, const char *v)
{
    int at = position(st, index);
    return at ? map_rc(sq(st)->conn->db,
                       sqlite3_bind_text(sq(st)->s, at, v, -1,
                                         st->borrow ? SQLITE_STATIC : SQLITE_TRANSIENT))
              : SG_EINTERNAL;
}

static int sq_bind_blob(store_stmt *st, int index, const void *v, size_t len)
{
    int at = position(st, index);
    return at ? map_rc(sq(st)->conn->db,
                       sqlite3_bind_blob64(sq(st)->s, at, v, len,
                                           st->borrow ? SQLITE_STATIC : SQLITE_TRANSIENT))
              : SG_EINTERNAL;
}

static int sq_bind_null(store_stmt *st, int index)
{
    int at = position(st, index);
    return at ? map_rc(sq(st)->conn->db, sqlite3_bind_null(sq(st)->s, at)) : SG_EINTERNAL;
}

static int sq_step(store_stmt *st)
{
    int rc = sqlite3_step(sq(st)->s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return map_rc(sq(st)->conn->db, rc);
}

static int64_t sq_col_int(store_stmt *st, int col)
{
    return sqlite3_column_int64(sq(st)->s, col);
}

static const char *sq_col_text(store_stmt *st, int col)
{
    const unsigned char *v = sqlite3_column_text(sq(st)->s, col);
    return v ? (const char *)v : "";
}

static const void *sq_col_blob(store_stmt *st, int col, size_t *len)
{
    const void *v = sqlite3_column_blob(sq(st)->s, col);
    *len = (size_t)sqlite3_column_bytes(sq(st)->s, col);
    return v;
}

static bool sq_col_is_null(store_stmt *st, int col)
{
    return sqlite3_column_type(sq(st)->s, col) == SQLITE_NULL;
}

static int64_t sq_changes(store_stmt *st)
{
    return sqlite3_changes64(sq(st)->conn->db);
}

static void sq_done(store_stmt *base)
{
    sq_stmt *st = sq(base);
    if (!st->cached) {
        sqlite3_finalize(st->s);
        sg_free(st);
        return;
    }
    sqlite3_reset(st->s);
    sqlite3_clear_bindings(st->s); /* nothing borrowed stays */
    st->in_use = false;
    st->base.borrow = false;
    st->base.tx = NULL;
}

static int sq_exec_script(store_tx *tx, const char *sql)
{
    return conn_exec(tx->conn, sql);
}

static char *sq_expand(const char *sql)
{
    static const char *const map[][2] = {
        {"{{pk}}", "INTEGER PRIMARY KEY"},
        {"{{int}}", "INTEGER"},
        {"{{blob}}", "BLOB"},
        {"{{strict}}", "STRICT"},
    };
    buf out;
    buf_init(&out, 4 * 1024 * 1024);
    const char *p = sql;
    while (*p) {
        bool replaced = false;
        if (p[0] == '{' && p[1] == '{') {
            for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
                size_t n = strlen(map[i][0]);
                if (strncmp(p, map[i][0], n) == 0) {
                    if (buf_append_str(&out, map[i][1]) != SG_OK)
                        goto fail;
                    p += n;
                    replaced = true;
                    break;
                }
            }
        }
        if (!replaced) {
            if (buf_append(&out, p, 1) != SG_OK)
                goto fail;
            p++;
        }
    }
    return buf_detach(&out);
fail:
    buf_free(&out);
    return NULL;
}

/* ---- writer thread: group commit -------------------------------------- */

/* Relaxed commits reach the disk at the latest this long after they were made. */
#define SYNC_WINDOW_MS 100

static int control(sq_store *st, enum control which)
{
    /* Prepared on first use: the touch statement needs the migrated schema. */
    if (!st->control[which]
        && sqlite3_prepare_v3(st->writer.db, control_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                              &st->control[which], NULL)
               != SQLITE_OK)
        return map_rc(st->writer.db, sqlite3_errcode(st->writer.db));
    sqlite3_stmt *stmt = st->control[which];
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return map_rc(st->writer.db, rc);
}

/* Switches the writer between fsync-on-commit and not, when it must. */
static int sync_mode(sq_store *st, bool full)
{
    if (st->sync_full == full)
        return SG_OK;
    int rc = control(st, full ? CTL_SYNC_FULL : CTL_SYNC_NORMAL);
    if (rc == SG_OK)
        st->sync_full = full;
    return rc;
}

/* Makes every relaxed commit so far durable by syncing the write-ahead
 * log.  A commit syncs it only when it writes frames: one that changes
 * no byte (a touch of a row, a durable job that wrote nothing) syncs
 * nothing, so the log is synced itself. */
static int wal_sync(sq_store *st)
{
    sqlite3_file *wal = NULL;
    if (sqlite3_file_control(st->writer.db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal)
        != SQLITE_OK)
        return SG_EIO;
    if (!wal || !wal->pMethods)
        return SG_OK; /* no log open: nothing was written */
    return wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL) == SQLITE_OK ? SG_OK : SG_EIO;
}

static void sync_now(sq_store *st)
{
    if (wal_sync(st) != SG_OK) {
        log_error("sqlite: could not sync relaxed commits; will retry");
        return;
    }
    st->unsynced_since_ms = 0;
}

static void run_batch(sq_store *st, sq_job *jobs)
{
    store_tx tx = {.s = &st->base, .conn = &st->writer, .writable = true};
    bool durable = false;
    for (sq_job *j = jobs; j; j = j->next)
        durable = durable || j->durable;
    int rc = sync_mode(st, durable);
    if (rc == SG_OK)
        rc = control(st, CTL_BEGIN);
    if (rc != SG_OK) {
        for (sq_job *j = jobs; j; j = j->next)
            j->result = rc;
        return;
    }
    for (sq_job *j = jobs; j; j = j->next) {
        j->result = control(st, CTL_SAVEPOINT);
        if (j->result != SG_OK)
            continue;
        j->result = j->fn(&tx, j->ctx);
        if (j->result != SG_OK && control(st, CTL_ROLLBACK_TO) != SG_OK) {
            /* The savepoint could not be restored: nothing of the batch is safe. */
            rc = SG_EDB;
            break;
        }
        if (control(st, CTL_RELEASE) != SG_OK) {
            rc = SG_EDB;
            break;
        }
    }
    if (rc == SG_OK)
        rc = control(st, CTL_COMMIT);
    if (rc != SG_OK) {
        if (!sqlite3_get_autocommit(st->writer.db) && control(st, CTL_ROLLBACK) != SG_OK)
            log_error("sqlite: rollback after a failed commit failed");
        for (sq_job *j = jobs; j; j = j->next)
            if (j->result == SG_OK)
                j->result = rc;
        return;
    }
    if (durable && st->unsynced_since_ms)
        sync_now(st); /* the batch may have written nothing to sync with */
    else if (!durable && st->unsynced_since_ms == 0)
        st->unsynced_since_ms = clock_mono_ms();
}

/* Waits for work; while relaxed commits are not on disk yet, waits at most
 * until their window closes.  Returns with st->mu held. */
static void wait_for_work(sq_store *st)
{
    while (!st->head && !st->stopping) {
        if (st->unsynced_since_ms == 0) {
            pthread_cond_wait(&st->work_cv, &st->mu);
            continue;
        }
        int64_t due = st->unsynced_since_ms + SYNC_WINDOW_MS;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        int64_t left = due - clock_mono_ms();
        if (left > 0) {
            until.tv_sec += left / 1000;
            until.tv_nsec += (left % 1000) * 1000000;
            if (until.tv_nsec >= 1000000000) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000;
            }
            pthread_cond_timedwait(&st->work_cv, &st->mu, &until);
        }
        if (!st->head && clock_mono_ms() >= due) {
            pthread_mutex_unlock(&st->mu);
            sync_now(st);
            pthread_mutex_lock(&st->mu);
        }
    }
}

static void *writer_main(void *arg)
{
    sq_store *st = arg;
    pthread_mutex_lock(&st->mu);
    for (;;) {
        wait_for_work(st);
        if (!st->head && st->stopping)
            break;
        sq_job *batch = st->head;
        sq_job *last = batch;
        for (int n = 1; n < MAX_BATCH && last->next; n++)
            last = last->next;
        st->head = last->next;
        if (!st->head)
            st->tail = NULL;
        last->next = NULL;
        pthread_mutex_unlock(&st->mu);

        /* Under steady load the window must still close. */
        if (st->unsynced_since_ms && clock_mono_ms() - st->unsynced_since_ms >= SYNC_WINDOW_MS)
            sync_now(st);
        run_batch(st, batch);

        pthread_mutex_lock(&st->mu);
        for (sq_job *j = batch; j;) {
            sq_job *next = j->next;
            j->done = true; /* after this the job belongs to its caller again */
            pthread_cond_signal(&j->done_cv);
            j = next;
        }
    }
    pthread_mutex_unlock(&st->mu);
    if (st->unsynced_since_ms)
        sync_now(st);
    return NULL;
}

static void pin_close(sq_store *st);

static int submit(store *s, store_work_fn fn, void *ctx, bool durable)
{
    sq_store *st = (sq_store *)s;
    /* The thread's reads after this write must see it. */
    pin_close(st);
    sq_job job = {.fn = fn, .ctx = ctx, .result = SG_OK, .durable = durable};
    pthread_cond_init(&job.done_cv, NULL);
    pthread_mutex_lock(&st->mu);
    if (st->stopping) {
        pthread_mutex_unlock(&st->mu);
        pthread_cond_destroy(&job.done_cv);
        return SG_EUNAVAILABLE;
    }
    if (st->tail)
        st->tail->next = &job;
    else
        st->head = &job;
    st->tail = &job;
    pthread_cond_signal(&st->work_cv);
    while (!job.done)
        pthread_cond_wait(&job.done_cv, &st->mu);
    pthread_mutex_unlock(&st->mu);
    pthread_cond_destroy(&job.done_cv);
    return job.result;
}

static int sq_write(store *s, store_work_fn fn, void *ctx)
{
    sq_store *st = (sq_store *)s;
    return submit(s, fn, ctx, st->opt.durable);
}

static int sq_write_relaxed(store *s, store_work_fn fn, void *ctx)
{
    return submit(s, fn, ctx, false);
}

/* ---- readers ---------------------------------------------------------- */

/* Begins, commits or rolls back a reader's transaction through a statement
 * prepared once: parsing "BEGIN" and "COMMIT" anew cost every read. */
static int reader_tx(sq_conn *c, enum reader_tx which)
{
    static const char *const sql[RTX_COUNT] = {"BEGIN", "COMMIT", "ROLLBACK"};
    if (!c->tx[which]
        && sqlite3_prepare_v3(c->db, sql[which], -1, SQLITE_PREPARE_PERSISTENT, &c->tx[which], NULL)
               != SQLITE_OK)
        return map_rc(c->db, sqlite3_errcode(c->db));
    int rc = sqlite3_step(c->tx[which]);
    sqlite3_reset(c->tx[which]);
    return map_rc(c->db, rc);
}

/* A reader's token cache (store_int.h), valid in the transaction's
 * snapshot: PRAGMA data_version changes whenever another connection, of
 * this process or another, committed, and readers never write. */
static token_cache *sq_token_cache(store_tx *tx)
{
    sq_conn *c = tx->conn;
    if (tx->writable)
        return NULL; /* its own commits would not change the version */
    if (!c->data_version
        && sqlite3_prepare_v3(c->db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT,
                              &c->data_version, NULL)
               != SQLITE_OK)
        return NULL;
    int64_t version = -1;
    if (sqlite3_step(c->data_version) == SQLITE_ROW)
        version = sqlite3_column_int64(c->data_version, 0);
    sqlite3_reset(c->data_version);
    if (version < 0)
        return NULL;
    if (version != c->tokens.version) {
        sodium_memzero(&c->tokens, sizeof c->tokens);
        c->tokens.version = version;
    }
    return &c->tokens;
}

static int reader_take(sq_store *st)
{
    int slot = -1;
    pthread_mutex_lock(&st->rmu);
    for (;;) {
        for (int i = 0; i < st->nreaders; i++) {
            if (!st->reader_busy[i]) {
                slot = i;
                break;
            }
        }
        if (slot >= 0)
            break;
        pthread_cond_wait(&st->rcv, &st->rmu);
    }
    st->reader_busy[slot] = true;
    pthread_mutex_unlock(&st->rmu);
    return slot;
}

static void reader_give(sq_store *st, int slot)
{
    pthread_mutex_lock(&st->rmu);
    st->reader_busy[slot] = false;
    pthread_cond_signal(&st->rcv);
    pthread_mutex_unlock(&st->rmu);
}

/* The read transaction the calling thread keeps between its reads
 * (store_pin_begin): of which store, on which reader, and whether one is
 * open now. */
static _Thread_local struct {
    sq_store *st;
    int slot;
    bool open;
    int depth;  /* reads of the thread running now (a read's job may read) */
    bool stale; /* the thread wrote while a read ran: end it, do not keep it */
} pinned;

/* Ends the thread's kept read transaction on st, if any. */
static void pin_close(sq_store *st)
{
    if (pinned.st != st || !pinned.open)
        return;
    if (pinned.depth > 0) {
        pinned.stale = true; /* a read runs on it still: it ends after */
        return;
    }
    if (reader_tx(&st->readers[pinned.slot], RTX_COMMIT) != SG_OK)
        (void)reader_tx(&st->readers[pinned.slot], RTX_ROLLBACK);
    reader_give(st, pinned.slot);
    pinned.open = false;
}

static void sq_pin(store *s, bool on)
{
    sq_store *st = (sq_store *)s;
    if (pinned.depth > 0)
        return; /* within a read's job: nothing to change */
    pin_close(pinned.st);
    pinned.st = on ? st : NULL;
    pinned.open = false;
    pinned.stale = false;
}

static bool sq_pinned(store *s)
{
    return pinned.st == (sq_store *)s;
}

static int sq_read(store *s, store_work_fn fn, void *ctx)
{
    sq_store *st = (sq_store *)s;
    bool keep = pinned.st == st;
    int slot, rc = SG_OK;
    if (keep && pinned.open && pinned.depth > 0) {
        /* A read within a read's job: the same transaction, which the
         * outer read ends. */
        store_tx tx = {.s = s, .conn = &st->readers[pinned.slot], .writable = false};
        return fn(&tx, ctx);
    }
    if (keep && pinned.open) {
        slot = pinned.slot;
    } else {
        slot = reader_take(st);
        rc = reader_tx(&st->readers[slot], RTX_BEGIN);
        if (rc != SG_OK) {
            reader_give(st, slot);
            return rc;
        }
        if (keep) {
            pinned.slot = slot;
            pinned.open = true;
        }
    }
    sq_conn *c = &st->readers[slot];
    store_tx tx = {.s = s, .conn = c, .writable = false};
    if (keep)
        pinned.depth++;
    rc = fn(&tx, ctx);
    if (keep) {
        pinned.depth--;
        if (rc == SG_OK && !pinned.stale)
            return SG_OK; /* kept for the thread's next read */
    }
    int end = reader_tx(c, rc == SG_OK ? RTX_COMMIT : RTX_ROLLBACK);
    if (rc == SG_OK)
        rc = end;
    reader_give(st, slot);
    if (keep) {
        pinned.open = false;
        pinned.stale = false;
    }
    return rc;
}

/* ---- open and close --------------------------------------------------- */

static void sq_close(store *s)
{
    sq_store *st = (sq_store *)s;
    if (pinned.st == st) {
        pin_close(st);
        pinned.st = NULL;
    }
    if (st->writer_started) {
        pthread_mutex_lock(&st->mu);
        st->stopping = true;
        pthread_cond_broadcast(&st->work_cv);
        pthread_mutex_unlock(&st->mu);
        pthread_join(st->writer_thread, NULL);
    }
    /* Statements first: a connection with live statements does not close. */
    for (int i = 0; i < CTL_COUNT; i++)
        sqlite3_finalize(st->control[i]);
    for (int i = 0; i < st->nreaders; i++)
        conn_close(&st->readers[i]);
    conn_close(&st->writer);
    pthread_mutex_destroy(&st->mu);
    pthread_cond_destroy(&st->work_cv);
    pthread_mutex_destroy(&st->rmu);
    pthread_cond_destroy(&st->rcv);
    sg_free(st->readers);
    sg_free(st->reader_busy);
    sg_free(st->path);
    sg_free(st);
}

static void sq_global_config(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int store_sqlite_open(const char *path, const store_options *opt, store **out, const char **detail)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sq_global_config);
    sq_store *st = sg_calloc(1, sizeof *st);
    if (!st)
        return SG_ENOMEM;
    st->base.driver = &sqlite_driver;
    st->base.impl = st;
    st->opt = *opt;
    if (st->opt.readers <= 0)
        st->opt.readers = 16;
    if (st->opt.busy_timeout_ms <= 0)
        st->opt.busy_timeout_ms = 5000;
    pthread_mutex_init(&st->mu, NULL);
    pthread_cond_init(&st->work_cv, NULL);
    pthread_mutex_init(&st->rmu, NULL);
    pthread_cond_init(&st->rcv, NULL);

    int rc = SG_ENOMEM;
    st->path = sg_strdup(path);
    st->readers = sg_calloc((size_t)st->opt.readers, sizeof *st->readers);
    st->reader_busy = sg_calloc((size_t)st->opt.readers, sizeof *st->reader_busy);
    if (!st->path || !st->readers || !st->reader_busy)
        goto fail;
    rc = store_sqlite_faults_register();
    if (rc == SG_OK)
        rc = ensure_file(path);
    if (rc == SG_OK)
        rc = conn_open(st, &st->writer, true);
    if (rc != SG_OK) {
        *detail = "cannot open or create the database file";
        goto fail;
    }
    for (int i = 0; i < st->opt.readers; i++) {
        rc = conn_open(st, &st->readers[i], false);
        if (rc != SG_OK) {
            *detail = "cannot open a reading connection to the database";
            goto fail;
        }
        st->nreaders = i + 1;
    }
    st->sync_full = st->opt.durable;
    if (pthread_create(&st->writer_thread, NULL, writer_main, st) != 0) {
        rc = SG_EINTERNAL;
        *detail = "cannot start the database writer thread";
        goto fail;
    }
    st->writer_started = true;
    *out = &st->base;
    return SG_OK;
fail:
    sq_close(&st->base);
    return rc;
}

bool store_is_sqlite(const store *s)
{
    return s && s->driver == &sqlite_driver;
}

void *store_sqlite_db(store_tx *tx)
{
    return ((sq_conn *)tx->conn)->db;
}

static const store_driver sqlite_driver = {
    .name = "sqlite",
    .write = sq_write,
    .write_relaxed = sq_write_relaxed,
    .read = sq_read,
    .pin = sq_pin,
    .pinned = sq_pinned,
    .token_cache = sq_token_cache,
    .close = sq_close,
    .exec_script = sq_exec_script,
    .expand = sq_expand,
    .prepare = sq_prepare,
    .bind_int = sq_bind_int,
    .bind_text = sq_bind_text,
    .bind_blob = sq_bind_blob,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .col_is_null = sq_col_is_null,
    .changes = sq_changes,
    .done = sq_done,
};
