/*
 * sqlite_checkpoint.c - the SQLite driver's checkpointer: copies the
 * write-ahead log back into the database file on a thread of its own.
 *
 * SQLite checkpoints by itself on the connection that commits, once the log
 * holds 1000 pages: on our single writer that is a copy and two fsyncs
 * (about ten milliseconds here) during which no write and no audited read
 * can commit.  The writer turns that off and pokes this thread instead
 * (sq_ckpt_poke, from its commit hook); the thread runs a PASSIVE checkpoint
 * on its own connection, which takes no lock the writer or the readers need.
 *
 * A passive checkpoint never restarts the log while new commits keep
 * arriving, so under steady load the log would grow without end: when it
 * holds SQ_CKPT_RESTART_PAGES the writer restarts it itself between two
 * batches (sq_ckpt_restart), which waits for the readers of the old log.
 *
 * Owns its connection and thread; never touches the writer's or readers'.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "base/log.h"
#include "base/mem.h"
#include "store/sqlite_int.h"

struct sq_ckpt {
    sqlite3 *db;
    pthread_t thread;
    bool started;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool wanted;
    bool running;    /* a passive checkpoint is under way */
    bool restarting; /* the writer restarts the log: no passive one now */
    bool stopping;
};

static void checkpoint(sqlite3 *db, int mode)
{
    int log_pages = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(db, NULL, mode, &log_pages, &done);
    if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)
        log_error("sqlite: checkpoint failed: %s", sqlite3_errmsg(db));
}

static void *ckpt_main(void *arg)
{
    sq_ckpt *c = arg;
    pthread_mutex_lock(&c->mu);
    for (;;) {
        while ((!c->wanted || c->restarting) && !c->stopping)
            pthread_cond_wait(&c->cv, &c->mu);
        if (c->stopping)
            break;
        c->wanted = false;
        c->running = true;
        pthread_mutex_unlock(&c->mu);
        checkpoint(c->db, SQLITE_CHECKPOINT_PASSIVE);
        pthread_mutex_lock(&c->mu);
        c->running = false;
    }
    pthread_mutex_unlock(&c->mu);
    return NULL;
}

int sq_ckpt_start(const char *path, int busy_timeout_ms, bool durable, sq_ckpt **out)
{
    *out = NULL;
    sq_ckpt *c = sg_calloc(1, sizeof *c);
    if (!c)
        return SG_ENOMEM;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    int rc = SG_EIO;
    if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK)
        goto fail;
    sqlite3_busy_timeout(c->db, busy_timeout_ms);
    sqlite3_db_config(c->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    /* The checkpoint syncs the log before it copies and the file after, as
     * the connection's synchronous setting asks; it never commits. */
    if (sqlite3_exec(c->db, durable ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", NULL,
                     NULL, NULL)
            != SQLITE_OK
        || sqlite3_wal_autocheckpoint(c->db, 0) != SQLITE_OK)
        goto fail;
    rc = SG_EINTERNAL;
    if (pthread_create(&c->thread, NULL, ckpt_main, c) != 0)
        goto fail;
    c->started = true;
    *out = c;
    return SG_OK;
fail:
    if (c->db)
        log_error("sqlite: cannot open the checkpointer's connection: %s", sqlite3_errmsg(c->db));
    sq_ckpt_stop(c);
    return rc;
}

void sq_ckpt_poke(sq_ckpt *c)
{
    if (!c)
        return;
    pthread_mutex_lock(&c->mu);
    c->wanted = true;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

bool sq_ckpt_restart(sq_ckpt *c, sqlite3 *writer)
{
    /* Two checkpoints never run at once: the second would fail at once
     * (SQLite never waits for the checkpoint lock). */
    pthread_mutex_lock(&c->mu);
    bool free_now = !c->running;
    c->restarting = free_now;
    pthread_mutex_unlock(&c->mu);
    if (!free_now)
        return false;
    checkpoint(writer, SQLITE_CHECKPOINT_RESTART);
    pthread_mutex_lock(&c->mu);
    c->restarting = false;
    pthread_cond_signal(&c->cv);
    pthread_mutex_unlock(&c->mu);
    return true;
}

void sq_ckpt_stop(sq_ckpt *c)
{
    if (!c)
        return;
    if (c->started) {
        pthread_mutex_lock(&c->mu);
        c->stopping = true;
        pthread_cond_signal(&c->cv);
        pthread_mutex_unlock(&c->mu);
        pthread_join(c->thread, NULL);
    }
    if (c->db)
        sqlite3_close(c->db);
    pthread_mutex_destroy(&c->mu);
    pthread_cond_destroy(&c->cv);
    sg_free(c);
}
