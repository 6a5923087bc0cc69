/*
 * sqlite_writer.c - group commit on SQLite's one writable connection.
 *
 * SQLite lets one connection write at a time.  The callers of store_write
 * queue up, and the first in the queue leads: it takes every job queued (up
 * to MAX_BATCH), runs each inside its own SAVEPOINT within one BEGIN
 * IMMEDIATE, commits the batch with one fsync (none for a batch of relaxed
 * jobs), wakes the callers whose jobs it ran and hands the lead to the next
 * caller in the queue.  A job that fails rolls back to its savepoint
 * without touching the others.  Every caller returns once its batch is
 * committed, so an acknowledged write has reached the disk (a relaxed one,
 * the database's files: it survives the end of the process).
 *
 * The jobs thus run on their callers' threads, never two at once: the
 * leader owns the writer connection until it hands the lead on, and the
 * semaphore between the two orders their memory.  A caller alone runs its
 * own job at once without waking any other thread; under load a batch
 * costs one wake-up per caller.  (LevelDB's write queue works this way.)
 *
 * Relaxed commits reach the disk within SYNC_WINDOW_MS: a batch led after
 * the window closed is committed durably, and when no batch comes the
 * syncer thread queues a durable touch of its own.  Checkpoints run on the
 * checkpointer's thread (sqlite_checkpoint.c), poked from the commit hook.
 *
 * Owns the queue, the syncer thread and the writer connection's control
 * statements; never runs a job outside a transaction.
 */
#include <assert.h>
#include <errno.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "store/sqlite_int.h"

#define MAX_BATCH 256
/* Relaxed commits reach the disk at the latest this long after they were made. */
#define SYNC_WINDOW_MS 100

static const char *const control_sql[CTL_COUNT] = {
    "BEGIN IMMEDIATE",
    "COMMIT",
    "ROLLBACK",
    "SAVEPOINT job",
    "RELEASE job",
    "ROLLBACK TO job",
    "PRAGMA synchronous=FULL",
    "PRAGMA synchronous=NORMAL",
    /* A real write that makes a durable commit sync everything before it. */
    "UPDATE audit_head SET seq = seq WHERE id = 1",
};

static int control(sq_store *st, enum sq_control which)
{
    /* Prepared on first use: the touch statement needs the migrated schema. */
    if (!st->control[which]
        && sqlite3_prepare_v3(st->writer.db, control_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                              &st->control[which], NULL)
               != SQLITE_OK)
        return sq_map_rc(st->writer.db, sqlite3_errcode(st->writer.db));
    sqlite3_stmt *stmt = st->control[which];
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return sq_map_rc(st->writer.db, rc);
}

void sq_writer_finalize(sq_store *st)
{
    for (int i = 0; i < CTL_COUNT; i++) {
        sqlite3_finalize(st->control[i]);
        st->control[i] = NULL;
    }
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

/* Makes every relaxed commit so far durable: a durable commit syncs the
 * write-ahead log, and with it all that came before.  Only with no leader. */
static int sync_now(sq_store *st)
{
    int rc = sync_mode(st, true);
    if (rc == SG_OK)
        rc = control(st, CTL_BEGIN);
    if (rc == SG_OK)
        rc = control(st, CTL_TOUCH);
    if (rc == SG_OK)
        rc = control(st, CTL_COMMIT);
    if (rc != SG_OK && !sqlite3_get_autocommit(st->writer.db))
        (void)control(st, CTL_ROLLBACK);
    return rc;
}

/* Called by SQLite on the leader's thread after each commit, with the pages
 * the write-ahead log now holds. */
static int on_wal_commit(void *arg, sqlite3 *db, const char *name, int pages)
{
    sq_store *st = arg;
    (void)db;
    (void)name;
    /* Once per SQ_CKPT_PAGES new pages, not at every commit. */
    if (pages < st->poked_at)
        st->poked_at = 0; /* the log was restarted */
    if (pages - st->poked_at >= SQ_CKPT_PAGES) {
        sq_ckpt_poke(st->ckpt);
        st->poked_at = pages;
    }
    if (pages >= SQ_CKPT_RESTART_PAGES)
        st->restart_log = true;
    return SQLITE_OK;
}

/* Runs the n jobs from first on, each in its savepoint, and commits them;
 * true when the commit succeeded. */
static bool run_batch(sq_store *st, sq_job *first, int n, bool durable)
{
    store_tx tx = {.s = &st->base, .conn = &st->writer, .writable = true};
    int rc = sync_mode(st, durable);
    if (rc == SG_OK)
        rc = control(st, CTL_BEGIN);
    if (rc != SG_OK) {
        sq_job *j = first;
        for (int i = 0; i < n; i++, j = j->next)
            j->result = rc;
        return false;
    }
    sq_job *j = first;
    for (int i = 0; i < n; i++, j = j->next) {
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
    if (rc == SG_OK)
        return true;
    if (!sqlite3_get_autocommit(st->writer.db) && control(st, CTL_ROLLBACK) != SG_OK)
        log_error("sqlite: rollback after a failed commit failed");
    j = first;
    for (int i = 0; i < n; i++, j = j->next)
        if (j->result == SG_OK)
            j->result = rc;
    return false;
}

/* The work of the caller at the head of the queue: one batch, then the
 * lead passes on.  The leader's own job is the batch's first. */
static void lead(sq_store *st)
{
    pthread_mutex_lock(&st->mu);
    sq_job *first = st->head, *last = first;
    int n = 1;
    while (n < MAX_BATCH && last->next) {
        last = last->next;
        n++;
    }
    bool durable =
        st->unsynced_since_ms != 0 && clock_mono_ms() - st->unsynced_since_ms >= SYNC_WINDOW_MS;
    pthread_mutex_unlock(&st->mu);

    sq_job *j = first;
    for (int i = 0; i < n; i++, j = j->next)
        durable = durable || j->durable;
    bool committed = run_batch(st, first, n, durable);
    /* Between two batches the leader owns the connection outside a
     * transaction: the moment to restart an overlong log. */
    if (st->restart_log && sq_ckpt_restart(st->ckpt, st->writer.db))
        st->restart_log = false;

    pthread_mutex_lock(&st->mu);
    if (committed && durable) {
        st->unsynced_since_ms = 0;
    } else if (committed && st->unsynced_since_ms == 0) {
        st->unsynced_since_ms = clock_mono_ms();
        pthread_cond_signal(&st->sync_cv);
    }
    st->head = last->next;
    last->next = NULL;
    if (!st->head) {
        st->tail = NULL;
        pthread_cond_broadcast(&st->idle_cv);
    }
    sq_job *next_leader = st->head;
    pthread_mutex_unlock(&st->mu);

    /* Nobody but this leader touches the jobs it took, nor names the next
     * leader: both are safe to post outside the lock. */
    j = first->next;
    while (j) {
        sq_job *after = j->next;
        j->state = SQ_JOB_DONE;
        sem_post(&j->wake); /* after this the job belongs to its caller again */
        j = after;
    }
    if (next_leader) {
        next_leader->state = SQ_JOB_LEAD;
        sem_post(&next_leader->wake);
    }
}

int sq_submit(sq_store *st, store_work_fn fn, void *ctx, bool durable)
{
    sq_job job = {
        .fn = fn, .ctx = ctx, .result = SG_OK, .durable = durable, .state = SQ_JOB_QUEUED};
    if (sem_init(&job.wake, 0, 0) != 0)
        return SG_EINTERNAL;
    pthread_mutex_lock(&st->mu);
    if (st->stopping) {
        pthread_mutex_unlock(&st->mu);
        sem_destroy(&job.wake);
        return SG_EUNAVAILABLE;
    }
    bool leader = st->head == NULL;
    if (st->tail)
        st->tail->next = &job;
    else
        st->head = &job;
    st->tail = &job;
    pthread_mutex_unlock(&st->mu);
    if (!leader) {
        while (sem_wait(&job.wake) != 0)
            assert(errno == EINTR);
        leader = job.state == SQ_JOB_LEAD;
    }
    if (leader)
        lead(st);
    sem_destroy(&job.wake);
    return job.result;
}

/* ---- the syncer: relaxed commits on disk within the window ------------- */

static int touch_job(store_tx *tx, void *arg)
{
    (void)tx;
    return control(arg, CTL_TOUCH);
}

static void wait_ms(sq_store *st, int64_t ms)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000;
    if (until.tv_nsec >= 1000000000) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000;
    }
    pthread_cond_timedwait(&st->sync_cv, &st->mu, &until);
}

static void *syncer_main(void *arg)
{
    sq_store *st = arg;
    pthread_mutex_lock(&st->mu);
    while (!st->stopping) {
        if (st->unsynced_since_ms == 0) {
            pthread_cond_wait(&st->sync_cv, &st->mu);
            continue;
        }
        int64_t left = st->unsynced_since_ms + SYNC_WINDOW_MS - clock_mono_ms();
        if (left > 0) {
            wait_ms(st, left);
            continue;
        }
        pthread_mutex_unlock(&st->mu);
        int rc = sq_submit(st, touch_job, st, true);
        pthread_mutex_lock(&st->mu);
        if (rc != SG_OK && !st->stopping) {
            log_error("sqlite: could not sync relaxed commits; will retry");
            wait_ms(st, SYNC_WINDOW_MS);
        }
    }
    pthread_mutex_unlock(&st->mu);
    return NULL;
}

int sq_writer_start(sq_store *st, const char **detail)
{
    int rc = sq_ckpt_start(st->path, st->opt.busy_timeout_ms, st->opt.durable, &st->ckpt);
    if (rc != SG_OK) {
        *detail = "cannot start the database checkpointer";
        return rc;
    }
    /* Checkpoints leave the writer: its commit hook pokes the checkpointer. */
    sqlite3_wal_hook(st->writer.db, on_wal_commit, st);
    if (pthread_create(&st->syncer, NULL, syncer_main, st) != 0) {
        *detail = "cannot start the database syncer thread";
        return SG_EINTERNAL;
    }
    st->syncer_started = true;
    return SG_OK;
}

void sq_writer_stop(sq_store *st)
{
    pthread_mutex_lock(&st->mu);
    st->stopping = true;
    while (st->head)
        pthread_cond_wait(&st->idle_cv, &st->mu);
    pthread_cond_broadcast(&st->sync_cv);
    pthread_mutex_unlock(&st->mu);
    if (st->syncer_started) {
        pthread_join(st->syncer, NULL);
        st->syncer_started = false;
    }
    /* Nobody leads any more: the connection is this thread's. */
    if (st->unsynced_since_ms && st->writer.db) {
        if (sync_now(st) == SG_OK)
            st->unsynced_since_ms = 0;
        else
            log_error("sqlite: could not sync the last relaxed commits");
    }
    sq_ckpt_stop(st->ckpt);
    st->ckpt = NULL;
}
