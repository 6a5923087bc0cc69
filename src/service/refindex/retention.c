/* The retention job: a table of purge steps, run in batches (retention.h). */
#include "service/refindex/retention.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "service/refindex/refindex_int.h"

#define BATCH 200
#define FLAG_KEEP_DAYS 90

typedef struct purge_ctx {
    app *a;
    const actor *who;
    char today[DATE_LEN];
    int64_t purged; /* by the last batch */
} purge_ctx;

/* One step: its batch function purges up to BATCH records in one
 * transaction and says how many (ctx->purged); a step that purges
 * everything in one statement says so with repeat false. */
typedef struct purge_step {
    const char *name;
    store_work_fn batch;
    bool repeat; /* run the batch again while it purged BATCH */
} purge_step;

static int concerns_batch(store_tx *tx, void *arg)
{
    purge_ctx *ctx = arg;
    int64_t ids[BATCH];
    char(*pids)[STORE_ID_LEN] = sg_calloc(BATCH, sizeof *pids);
    int n = 0;
    if (!pids)
        return SG_ENOMEM;
    int rc = store_concern_due_for_purge(tx, ctx->today, ids, pids, BATCH, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        rc = store_concern_delete(tx, ids[i]);
        if (rc == SG_OK)
            rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.purge", "concern", pids[i],
                              pids[i],
                              "retention: the registration has ended (withdrawn, death, two"
                              " years, or the 23rd birthday)");
    }
    sg_free(pids);
    ctx->purged = n;
    return rc;
}

static int flags_batch(store_tx *tx, void *arg)
{
    purge_ctx *ctx = arg;
    date d;
    char cutoff[DATE_LEN];
    int64_t deleted = 0;
    if (date_parse(ctx->today, &d) != SG_OK)
        return SG_EINVAL;
    date_from_days(date_to_days(&d) - FLAG_KEEP_DAYS, &d);
    date_format(&d, cutoff);
    int rc = store_concern_flag_purge(tx, cutoff, &deleted);
    if (rc == SG_OK && deleted > 0) {
        char purpose[96];
        snprintf(purpose, sizeof purpose, "retention: %lld acknowledged flags older than %d days",
                 (long long)deleted, FLAG_KEEP_DAYS);
        rc = audit_record(tx, ctx->a->keys, ctx->who, "concern-flag.purge", "concern-flag", "", "",
                          purpose);
    }
    ctx->purged = deleted;
    return rc;
}

/* The purge steps, in order.  Add a kind of data by adding a line. */
static const purge_step steps[] = {
    {"concerns", concerns_batch, true},
    {"concern-flags", flags_batch, false},
};

int retention_run(app *a, const actor *who, const char *today, retention_report *out,
                  retention_progress_fn progress, void *progress_ctx)
{
    memset(out, 0, sizeof *out);
    purge_ctx ctx = {.a = a, .who = who};
    if (today) {
        date d;
        if (date_parse(today, &d) != SG_OK)
            return SG_EINVAL;
        text_copy(ctx.today, sizeof ctx.today, today);
    } else {
        date_today_plus(0, ctx.today);
    }
    int rc = SG_OK;
    for (size_t s = 0; rc == SG_OK && s < sizeof steps / sizeof steps[0]; s++) {
        out->steps[out->nsteps].name = steps[s].name;
        do {
            ctx.purged = 0;
            rc = store_write(a->db, steps[s].batch, &ctx);
            if (rc == SG_OK) {
                out->steps[out->nsteps].purged += ctx.purged;
                out->total += ctx.purged;
                if (progress)
                    progress(steps[s].name, out->steps[out->nsteps].purged, progress_ctx);
            }
        } while (rc == SG_OK && steps[s].repeat && ctx.purged == BATCH);
        out->nsteps++;
    }
    return rc;
}
