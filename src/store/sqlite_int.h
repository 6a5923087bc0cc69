/*
 * sqlite_int.h - what the SQLite driver's files share, and nothing outside
 * them: the store's struct, the connection with its statement cache,
 * the group commit of writes (sqlite_writer.c) and the checkpointer
 * (sqlite_checkpoint.c).
 */
#ifndef SG_SQLITE_INT_H
#define SG_SQLITE_INT_H

#include <pthread.h>
#include <semaphore.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "store/store_int.h"

#define SQ_CACHE_SLOTS 512

typedef struct sq_stmt sq_stmt;

/* One connection and the statements it has prepared. */
typedef struct sq_conn {
    sqlite3 *db;
    sq_stmt *cache[SQ_CACHE_SLOTS];
    int cached;
    /* A reader's BEGIN, COMMIT and ROLLBACK, prepared once. */
    sqlite3_stmt *tx_stmt[3];
} sq_conn;

/* A store_write call waiting in the queue; it lives on its caller's stack. */
typedef struct sq_job {
    store_work_fn fn;
    void *ctx;
    int result;
    bool durable; /* must be on disk before the caller goes on */
    int state;    /* SQ_JOB_*: set by the leader before it posts wake */
    sem_t wake;   /* each caller sleeps on its own: no shared lock to wake */
    struct sq_job *next;
} sq_job;

enum { SQ_JOB_QUEUED, SQ_JOB_LEAD, SQ_JOB_DONE };

/* The statements the leader runs around every job, prepared once. */
enum sq_control {
    CTL_BEGIN,
    CTL_COMMIT,
    CTL_ROLLBACK,
    CTL_SAVEPOINT,
    CTL_RELEASE,
    CTL_ROLLBACK_TO,
    CTL_SYNC_FULL,
    CTL_SYNC_NORMAL,
    CTL_TOUCH,
    CTL_COUNT
};

typedef struct sq_ckpt sq_ckpt;

typedef struct sq_store {
    store base;
    char *path;
    store_options opt;

    /* The one writable connection, used by the leader of the moment only. */
    sq_conn writer;
    sqlite3_stmt *control[CTL_COUNT];
    bool sync_full;   /* the writer connection's current mode */
    int poked_at;     /* the log's pages when the checkpointer was last asked */
    bool restart_log; /* the log grew too long: the leader restarts it */
    sq_ckpt *ckpt;    /* checkpoints on a thread of their own */

    pthread_mutex_t mu; /* guards the queue, stopping and unsynced_since_ms */
    sq_job *head;       /* the queue; its head is the leader */
    sq_job *tail;
    bool stopping;
    int64_t unsynced_since_ms; /* first relaxed commit not yet on disk, or 0 */
    pthread_cond_t idle_cv;    /* the queue became empty */
    pthread_cond_t sync_cv;    /* a relaxed commit awaits its sync */
    pthread_t syncer;
    bool syncer_started;

    sq_conn *readers;
    bool *reader_busy;
    int nreaders;
    int max_readers;
    pthread_mutex_t rmu;
    pthread_cond_t rcv;
} sq_store;

/* sqlite.c: an SQLite result code as a store status (errors are logged). */
int sq_map_rc(sqlite3 *db, int rc);

/* ---- sqlite_writer.c: group commit ------------------------------------ */

/* Runs fn in a write transaction shared with the other callers of the
 * moment: the first caller in the queue leads, runs every queued job in its
 * own savepoint, commits them together and hands the lead on. */
SG_MUST_CHECK int sq_submit(sq_store *st, store_work_fn fn, void *ctx, bool durable);
/* Starts the thread that syncs relaxed commits within the window, and the
 * checkpointer; installs the commit hook on the writer connection. */
SG_MUST_CHECK int sq_writer_start(sq_store *st, const char **detail);
/* Refuses new work, waits for the queue to empty, syncs what is not on
 * disk yet and stops the threads. */
void sq_writer_stop(sq_store *st);
/* Finalises the leader's statements (before the connection closes). */
void sq_writer_finalize(sq_store *st);

/* ---- sqlite_checkpoint.c: checkpoints off the writer ------------------- */

/* The log's size that asks for a checkpoint (SQLite's own default), and the
 * size at which the leader restarts the log itself. */
#define SQ_CKPT_PAGES 1000
#define SQ_CKPT_RESTART_PAGES 4000

/* Opens a connection of its own to the database at path and starts the
 * thread; *out is freed with sq_ckpt_stop. */
SG_MUST_CHECK int sq_ckpt_start(const char *path, int busy_timeout_ms, bool durable, sq_ckpt **out);
/* Asks for a passive checkpoint soon; returns at once.  NULL is ignored. */
void sq_ckpt_poke(sq_ckpt *c);
/* Checkpoints and restarts the log on the writer's own connection (outside
 * a transaction), waiting for readers of the old log to finish.  False,
 * without doing anything, while a passive checkpoint is under way: the
 * leader tries again after its next batch. */
bool sq_ckpt_restart(sq_ckpt *c, sqlite3 *writer);
/* Stops the thread and closes the connection; NULL is harmless. */
void sq_ckpt_stop(sq_ckpt *c);

#endif
