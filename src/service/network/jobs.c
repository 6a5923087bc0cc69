/* The graph worker: one thread that runs every analysis, because igraph is
 * not thread-safe.  Requests queue jobs and read their progress and result
 * later; nothing here blocks a request thread longer than its own bounded
 * wait.  Finished jobs are kept an hour for their submitter. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/network/network_int.h"

#define JOBS_MAX 64
#define QUEUED_MAX 16
#define KEEP_MS (3600 * 1000LL)

enum job_status { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_CANCELLED };
static const char *const status_codes[] = {"queued", "running", "done", "failed", "cancelled"};

typedef struct net_job {
    char id[STORE_ID_LEN];
    actor who;
    json_t *request; /* owned */
    char kind[STORE_CODE_LEN];
    char purpose[NET_PURPOSE_MAX * 4 + 1];
    enum job_status status;
    atomic_bool cancel;
    char phase[64];
    double fraction;
    json_t *result; /* owned, once done */
    char error[256];
    int64_t queued_ms, started_ms, finished_ms;
    uint64_t seq;
    network_progress cb; /* the command line's, or NULL */
    void *cbctx;
    int rc;
} net_job;

struct net_worker {
    app *a;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    bool stop;
    net_job *jobs[JOBS_MAX];
    uint64_t seq;
    net_data data; /* the worker thread's own */
};

static void job_free(net_job *j)
{
    if (!j)
        return;
    json_decref(j->request);
    json_decref(j->result);
    sg_free(j);
}

static void iso(int64_t ms, char out[CLOCK_ISO_LEN])
{
    clock_format_iso(ms, out);
}

/* The job as JSON (a copy of the result when with_result); under mu. */
static json_t *job_json(const net_job *j, bool with_result)
{
    char q[CLOCK_ISO_LEN], s[CLOCK_ISO_LEN], f[CLOCK_ISO_LEN];
    iso(j->queued_ms, q);
    iso(j->started_ms, s);
    iso(j->finished_ms, f);
    json_t *out =
        json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:i}, s:s, s:s?, s:s?, s:s?}", "id", j->id, "kind",
                  j->kind, "purpose", j->purpose, "status", status_codes[j->status], "progress",
                  "phase", j->phase, "fraction", (int)(j->fraction * 100 + 0.5), "queued_at", q,
                  "started_at", j->started_ms ? s : NULL, "finished_at", j->finished_ms ? f : NULL,
                  "error", j->error[0] ? j->error : NULL);
    if (out)
        json_object_set_new(out, "result",
                            with_result && j->result ? json_deep_copy(j->result) : json_null());
    return out;
}

/* Drops finished jobs older than an hour; under mu. */
static void expire(struct net_worker *w)
{
    int64_t now = clock_now_ms();
    for (int i = 0; i < JOBS_MAX; i++) {
        net_job *j = w->jobs[i];
        if (j && j->status >= JOB_DONE && !j->cb && now - j->finished_ms > KEEP_MS) {
            job_free(j);
            w->jobs[i] = NULL;
        }
    }
}

/* ---- the worker thread ------------------------------------------------- */

typedef struct progress_ctx {
    struct net_worker *w;
    net_job *job;
} progress_ctx;

static void on_progress(void *ctx, const char *phase, double fraction)
{
    progress_ctx *pc = ctx;
    pthread_mutex_lock(&pc->w->mu);
    text_copy(pc->job->phase, sizeof pc->job->phase, phase ? phase : "");
    pc->job->fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    pthread_mutex_unlock(&pc->w->mu);
    if (pc->job->cb)
        pc->job->cb(phase, fraction, pc->job->cbctx);
}

static bool on_cancelled(void *ctx)
{
    progress_ctx *pc = ctx;
    return atomic_load(&pc->job->cancel);
}

static net_job *next_job(struct net_worker *w)
{
    net_job *best = NULL;
    for (int i = 0; i < JOBS_MAX; i++) {
        net_job *j = w->jobs[i];
        if (j && j->status == JOB_QUEUED && (!best || j->seq < best->seq))
            best = j;
    }
    return best;
}

static void run_one(struct net_worker *w, net_job *job)
{
    progress_ctx pc = {.w = w, .job = job};
    net_job_ctx jc = {
        .a = w->a,
        .data = &w->data,
        .request = job->request,
        .who = &job->who,
        .run = {.progress = on_progress, .cancelled = on_cancelled, .ctx = &pc, .seed = 20260101}};
    json_t *result = NULL;
    on_progress(&pc, "loading the network", 0);
    int rc = net_data_load(w->a, &w->data);
    if (rc == SG_OK && atomic_load(&job->cancel))
        rc = SG_ESTATE;
    if (rc == SG_OK)
        rc = net_analyse(&jc, &result);
    pthread_mutex_lock(&w->mu);
    job->rc = rc;
    job->finished_ms = clock_now_ms();
    if (rc == SG_OK) {
        job->status = JOB_DONE;
        job->result = result;
        job->fraction = 1;
        text_copy(job->phase, sizeof job->phase, "done");
    } else {
        json_decref(result);
        job->status = atomic_load(&job->cancel) && rc == SG_ESTATE ? JOB_CANCELLED : JOB_FAILED;
        if (job->status == JOB_FAILED)
            snprintf(job->error, sizeof job->error, "%s",
                     jc.error[0] ? jc.error : sg_status_str(rc));
    }
    pthread_cond_broadcast(&w->done);
    pthread_mutex_unlock(&w->mu);
}

static void *worker_main(void *arg)
{
    struct net_worker *w = arg;
    net_init();
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        net_job *job = next_job(w);
        if (!job) {
            pthread_cond_wait(&w->work, &w->mu);
            continue;
        }
        job->status = JOB_RUNNING;
        job->started_ms = clock_now_ms();
        pthread_mutex_unlock(&w->mu);
        run_one(w, job);
        pthread_mutex_lock(&w->mu);
    }
    pthread_mutex_unlock(&w->mu);
    net_data_free(&w->data);
    return NULL;
}

int network_worker_start(app *a)
{
    if (a->network)
        return SG_OK;
    struct net_worker *w = sg_calloc(1, sizeof *w);
    if (!w)
        return SG_ENOMEM;
    w->a = a;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->work, NULL);
    pthread_cond_init(&w->done, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->work);
        pthread_cond_destroy(&w->done);
        sg_free(w);
        return SG_EINTERNAL;
    }
    a->network = w;
    return SG_OK;
}

void network_worker_stop(app *a)
{
    struct net_worker *w = a ? a->network : NULL;
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    for (int i = 0; i < JOBS_MAX; i++)
        if (w->jobs[i])
            atomic_store(&w->jobs[i]->cancel, true);
    pthread_cond_broadcast(&w->work);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    for (int i = 0; i < JOBS_MAX; i++)
        job_free(w->jobs[i]);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->work);
    pthread_cond_destroy(&w->done);
    sg_free(w);
    a->network = NULL;
}

/* ---- submitting and reading -------------------------------------------- */

typedef struct audit_ctx {
    app *a;
    const actor *who;
    const char *id;
    int64_t anchor;
    const char *purpose;
} audit_ctx;

static int audit_job(store_tx *tx, void *arg)
{
    audit_ctx *ac = arg;
    return net_audit(tx, ac->a, ac->who, "network.analyse", "network-analysis", ac->id, ac->anchor,
                     ac->purpose);
}

/* Checks, audits and queues a job; *out is the new job (owned by the worker). */
static int enqueue(app *a, const actor *who, json_t *request, network_progress cb, void *cbctx,
                   net_job **out, svc_error *err)
{
    struct net_worker *w = a->network;
    if (!w)
        return SG_EUNAVAILABLE;
    int64_t anchor = 0;
    int rc = net_request_check(a, who, request, &anchor, err);
    if (rc != SG_OK)
        return rc;
    net_job *job = sg_calloc(1, sizeof *job);
    if (!job)
        return SG_ENOMEM;
    token_uuid(job->id);
    job->who = *who;
    job->request = json_deep_copy(request);
    text_copy(job->kind, sizeof job->kind, json_string_value(json_object_get(request, "kind")));
    text_copy(job->purpose, sizeof job->purpose,
              json_string_value(json_object_get(request, "purpose")));
    text_copy(job->phase, sizeof job->phase, "queued");
    job->queued_ms = clock_now_ms();
    job->cb = cb;
    job->cbctx = cbctx;
    atomic_init(&job->cancel, false);
    if (!job->request) {
        job_free(job);
        return SG_ENOMEM;
    }
    /* The query is audited before anything is read: no read escapes the
     * trail, and the worker's read needs no write transaction. */
    audit_ctx ac = {.a = a, .who = who, .id = job->id, .anchor = anchor, .purpose = job->purpose};
    rc = svc_read_audited(a, audit_job, &ac);
    if (rc != SG_OK) {
        job_free(job);
        return rc;
    }
    pthread_mutex_lock(&w->mu);
    expire(w);
    int queued = 0, slot = -1;
    for (int i = 0; i < JOBS_MAX; i++) {
        queued += w->jobs[i] && w->jobs[i]->status == JOB_QUEUED;
        if (!w->jobs[i] && slot < 0)
            slot = i;
    }
    if (queued >= QUEUED_MAX || slot < 0) {
        pthread_mutex_unlock(&w->mu);
        job_free(job);
        return SG_ELIMIT;
    }
    job->seq = ++w->seq;
    w->jobs[slot] = job;
    pthread_cond_signal(&w->work);
    pthread_mutex_unlock(&w->mu);
    *out = job;
    return SG_OK;
}

int network_analysis_submit(app *a, const actor *who, json_t *request, json_t **out, svc_error *err)
{
    net_job *job = NULL;
    int rc = enqueue(a, who, request, NULL, NULL, &job, err);
    if (rc != SG_OK)
        return rc;
    pthread_mutex_lock(&a->network->mu);
    *out = job_json(job, false);
    pthread_mutex_unlock(&a->network->mu);
    return *out ? SG_OK : SG_ENOMEM;
}

/* The submitter's job with this id; under mu. */
static net_job *find(struct net_worker *w, const actor *who, const char *id)
{
    for (int i = 0; id && i < JOBS_MAX; i++) {
        net_job *j = w->jobs[i];
        if (j && strcmp(j->id, id) == 0 && j->who.user_id == who->user_id
            && j->who.system == who->system)
            return j;
    }
    return NULL;
}

int network_analysis_get(app *a, const actor *who, const char *id, int wait_ms, json_t **out)
{
    struct net_worker *w = a->network;
    if (!w)
        return SG_ENOTFOUND;
    int rc = net_may_read(who);
    if (rc != SG_OK)
        return rc;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += wait_ms / 1000;
    until.tv_nsec += (long)(wait_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    /* The worker may need a reader while this request waits for it. */
    store_pin_release(a->db);
    pthread_mutex_lock(&w->mu);
    expire(w);
    net_job *job = find(w, who, id);
    while (job && job->status < JOB_DONE && wait_ms > 0
           && pthread_cond_timedwait(&w->done, &w->mu, &until) == 0)
        job = find(w, who, id);
    *out = job ? job_json(job, true) : NULL;
    pthread_mutex_unlock(&w->mu);
    if (!job)
        return SG_ENOTFOUND;
    return *out ? SG_OK : SG_ENOMEM;
}

int network_analysis_cancel(app *a, const actor *who, const char *id)
{
    struct net_worker *w = a->network;
    if (!w)
        return SG_ENOTFOUND;
    int rc = net_may_read(who);
    if (rc != SG_OK)
        return rc;
    pthread_mutex_lock(&w->mu);
    net_job *job = find(w, who, id);
    if (job) {
        atomic_store(&job->cancel, true);
        if (job->status == JOB_QUEUED) {
            job->status = JOB_CANCELLED;
            job->finished_ms = clock_now_ms();
            pthread_cond_broadcast(&w->done);
        }
    }
    pthread_mutex_unlock(&w->mu);
    return job ? SG_OK : SG_ENOTFOUND;
}

int network_analysis_list(app *a, const actor *who, json_t **out)
{
    int rc = net_may_read(who);
    if (rc != SG_OK)
        return rc;
    json_t *items = json_array();
    struct net_worker *w = a->network;
    if (w && items) {
        pthread_mutex_lock(&w->mu);
        expire(w);
        for (int i = 0; i < JOBS_MAX; i++)
            if (w->jobs[i] && w->jobs[i]->who.user_id == who->user_id && !w->jobs[i]->cb)
                json_array_append_new(items, job_json(w->jobs[i], false));
        pthread_mutex_unlock(&w->mu);
    }
    *out = items ? json_pack("{s:o}", "items", items) : NULL;
    return *out ? SG_OK : SG_ENOMEM;
}

int network_analysis_run(app *a, const actor *who, json_t *request, network_progress progress,
                         void *ctx, json_t **out, svc_error *err)
{
    net_job *job = NULL;
    int rc = enqueue(a, who, request, progress, ctx, &job, err);
    if (rc != SG_OK)
        return rc;
    struct net_worker *w = a->network;
    store_pin_release(a->db);
    pthread_mutex_lock(&w->mu);
    while (job->status < JOB_DONE)
        pthread_cond_wait(&w->done, &w->mu);
    for (int i = 0; i < JOBS_MAX; i++)
        if (w->jobs[i] == job)
            w->jobs[i] = NULL;
    pthread_mutex_unlock(&w->mu);
    rc = job->status == JOB_DONE ? SG_OK : job->rc ? job->rc : SG_ESTATE;
    if (rc == SG_OK) {
        *out = job->result;
        job->result = NULL;
    } else if (err && job->error[0]) {
        text_copy(err->text, sizeof err->text, job->error);
        err->field = NULL;
        err->reason = err->text;
    }
    job_free(job);
    return rc;
}
