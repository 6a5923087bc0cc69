/*
 * retention.h - the retention job: purging what must not be kept longer.
 *
 * The job is a table of purge steps, one per kind of data, each with its
 * own rule (retention.c lists them): the reference index's registrations
 * once they have ended (withdrawn, a recorded death, two years after they
 * were made, the 23rd birthday), with their links and matches; the flags
 * on unusual use of the index once acknowledged and 90 days old.  Another
 * kind of data adds its purge by adding a step.  Steps work in batches, one
 * transaction each, so that the writer is never held long; every purged
 * record gets its audit entry in the batch's transaction ("concern.purge"
 * for each registration), made by the system actor given.
 *
 * `signaal retention run` runs it, and the server runs it at start and
 * every 24 hours.
 */
#ifndef SG_RETENTION_H
#define SG_RETENTION_H

#include "service/app.h"

#define RETENTION_MAX_STEPS 8

typedef struct retention_report {
    struct {
        const char *name; /* static: "concerns", "concern-flags" */
        int64_t purged;
    } steps[RETENTION_MAX_STEPS];
    int nsteps;
    int64_t total;
} retention_report;

/* Called after every batch with the step's name and its count so far. */
typedef void (*retention_progress_fn)(const char *step, int64_t purged, void *ctx);

/* Runs every purge step as of today (YYYY-MM-DD; NULL: the real date)
 * with who as the acting system.  progress may be NULL. */
SG_MUST_CHECK int retention_run(app *a, const actor *who, const char *today, retention_report *out,
                                retention_progress_fn progress, void *progress_ctx);

#endif
