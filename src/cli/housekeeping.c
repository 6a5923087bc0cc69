/*
 * housekeeping.c - what the server does beside answering requests, on a
 * thread of its own: the retention purge at start and every 24 hours, the
 * escalation of missed deadlines every few minutes, and the audit trail's
 * checkpoints (security/audit.h) whenever the trail grew, written to the
 * anchor file and the log, and once more when the server stops.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/text.h"
#include "cli/cli.h"
#include "security/audit.h"
#include "service/chain/chain.h"
#include "service/legal/retention.h"
#include "store/ops.h"

#define RETENTION_EVERY_S (24 * 3600)

struct cli_housekeeping {
    app *a;
    cli_housekeeping_options opt;
    int64_t anchored_seq; /* the newest entry anchored so far; -1: none yet */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
};

/* A large run says how far it got, every 1000 records of a kind. */
typedef struct progress_mark {
    const char *kind;
    int64_t last;
} progress_mark;

static void log_progress(const char *kind, int64_t purged, int64_t held, void *ctx)
{
    progress_mark *m = ctx;
    if (m->kind != kind) {
        m->kind = kind;
        m->last = 0;
    }
    if (purged + held - m->last >= 1000) {
        log_info("retention: %s: %lld purged, %lld held so far", kind, (long long)purged,
                 (long long)held);
        m->last = purged + held;
    }
}

static void retention(app *a)
{
    actor who;
    access_system_actor(&who);
    text_copy(who.client, sizeof who.client, "server");
    retention_report rep;
    progress_mark mark = {0};
    int rc = retention_run(a, &who, NULL, false, &rep, log_progress, &mark);
    if (rc != SG_OK)
        log_error("retention: %s", sg_status_str(rc));
    else
        log_info("retention: purged %lld record(s), kept %lld under a legal hold",
                 (long long)rep.total, (long long)rep.total_held);
}

/* Tells the organisations whose deadlines passed, without waiting for
 * someone there to open their tasks. */
static void escalate(app *a)
{
    int n = 0;
    int rc = chain_escalate(a, &n);
    if (rc != SG_OK)
        log_error("escalation: %s", sg_status_str(rc));
    else if (n > 0)
        log_info("escalation: %d missed deadline(s) notified", n);
}

/* Writes a checkpoint when the trail grew since the last one: to the log
 * always, to the anchor file when there is one. */
static void anchor(cli_housekeeping *h)
{
    audit_checkpoint c;
    int rc = audit_checkpoint_make(h->a->db, h->a->keys, &c);
    if (rc != SG_OK) {
        log_error("audit checkpoint: %s", sg_status_str(rc));
        return;
    }
    if (c.seq == h->anchored_seq)
        return;
    /* Only what is on disk is anchored: the head may be a relaxed commit
     * (a read's entry), which a power cut could still take away, and an
     * anchor ahead of the database would stop the server from starting. */
    rc = store_sync(h->a->db);
    if (rc != SG_OK) {
        log_error("audit checkpoint: cannot make the trail durable first: %s", sg_status_str(rc));
        return;
    }
    log_info("audit checkpoint: seq=%lld hash=%s at=%s signature=%s", (long long)c.seq, c.hash,
             c.at, c.signature);
    if (h->opt.anchor_file[0] && audit_anchor_append(h->opt.anchor_file, &c) != SG_OK) {
        log_error("audit checkpoint: cannot append to %s: %s", h->opt.anchor_file, strerror(errno));
        return;
    }
    h->anchored_seq = c.seq;
}

static void *timer_main(void *arg)
{
    cli_housekeeping *h = arg;
    int64_t now = clock_mono_ms();
    /* The purge at start ran before the server listened. */
    int64_t next_retention = now + RETENTION_EVERY_S * 1000LL, next_escalation = now,
            next_anchor = now;
    pthread_mutex_lock(&h->lock);
    while (!h->stop) {
        pthread_mutex_unlock(&h->lock);
        now = clock_mono_ms();
        if (now >= next_retention) {
            retention(h->a);
            next_retention = now + RETENTION_EVERY_S * 1000LL;
        }
        if (now >= next_escalation) {
            escalate(h->a);
            next_escalation = now + h->opt.escalate_every_s * 1000LL;
        }
        if (now >= next_anchor) {
            anchor(h);
            next_anchor = now + h->opt.anchor_every_s * 1000LL;
        }
        pthread_mutex_lock(&h->lock);
        int64_t soonest = next_escalation < next_anchor ? next_escalation : next_anchor;
        if (next_retention < soonest)
            soonest = next_retention;
        int64_t wait_ms = soonest - clock_mono_ms();
        if (wait_ms < 10)
            wait_ms = 10;
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += wait_ms / 1000;
        until.tv_nsec += (wait_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        while (!h->stop && pthread_cond_timedwait(&h->wake, &h->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&h->lock);
    anchor(h); /* the last word: the trail as the server leaves it */
    return NULL;
}

int cli_housekeeping_start(app *a, const cli_housekeeping_options *opt, cli_housekeeping **out)
{
    cli_housekeeping *h = sg_calloc(1, sizeof *h);
    if (!h)
        return SG_ENOMEM;
    h->a = a;
    h->opt = *opt;
    if (h->opt.escalate_every_s < 1)
        h->opt.escalate_every_s = 1;
    if (h->opt.anchor_every_s < 1)
        h->opt.anchor_every_s = 1;
    h->anchored_seq = -1;
    /* Whatever is due for deletion goes before the first request can see
     * it: the purge at start runs here, not on the thread. */
    retention(a);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&h->thread, NULL, timer_main, h) != 0) {
        pthread_cond_destroy(&h->wake);
        pthread_mutex_destroy(&h->lock);
        sg_free(h);
        return SG_EINTERNAL;
    }
    *out = h;
    return SG_OK;
}

void cli_housekeeping_stop(cli_housekeeping *h)
{
    if (!h)
        return;
    pthread_mutex_lock(&h->lock);
    h->stop = true;
    pthread_cond_signal(&h->wake);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->thread, NULL);
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    sg_free(h);
}
