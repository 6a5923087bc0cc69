/*
 * retention.h - the retention run: every kind of record signaal holds,
 * deleted when its published period has passed (domain/retention.h,
 * data/retention.json), unless a legal hold keeps it.
 *
 * The run takes the kinds in order (a record before what it depends on):
 * reference-index registrations, their acknowledged flags, referrals,
 * cases, signals, enrolments, the OM's decisions, screenings, and last the
 * identity of a child with nothing else left.  For each it reads the
 * records whose period may have passed in batches of one transaction each,
 * so that the writer is never held long; a record under a hold (a running
 * clock, an open case about the child at its holder, a screening awaiting
 * the OM, a record another kept record depends on) is kept and counted
 * with its reason; every other one is deleted with what is part of it and
 * audited in the same transaction (<kind>.purge, the record and the
 * child's pseudonym, the rule; never content).  A dry run counts without
 * deleting or auditing.  Progress is reported after every batch.
 *
 * `signaal retention run` runs it, and the server at start and every 24
 * hours.  The reference index is one of its kinds: its rules are the
 * index's (a registration goes once it ended).
 */
#ifndef SG_LEGAL_RETENTION_H
#define SG_LEGAL_RETENTION_H

#include "domain/retention.h"
#include "service/app.h"

typedef struct retention_report {
    struct {
        const char *kind; /* static: "concern", "case", ... */
        int64_t purged;
        int64_t held[HOLD_COUNT]; /* kept under a hold, by reason */
        bool no_rule;             /* the rules in force predate the kind: all kept */
    } kinds[RT_COUNT];
    int64_t total;
    int64_t total_held;
    int rules_version; /* of the retention rules applied */
} retention_report;

/* Called after every batch with the kind and its counts so far. */
typedef void (*retention_progress_fn)(const char *kind, int64_t purged, int64_t held, void *ctx);

/* Runs every kind as of today (YYYY-MM-DD; NULL: the real date) with who as
 * the acting system.  SG_EINVAL for a date that is no date, SG_ESTATE when
 * no retention rules are published.  progress may be NULL. */
SG_MUST_CHECK int retention_run(app *a, const actor *who, const char *today, bool dry_run,
                                retention_report *out, retention_progress_fn progress,
                                void *progress_ctx);

/* The last thirty runs (dry runs are not kept), newest first: {"items": [{"started_at",
 * "finished_at", "as_of", "rules_version", "status" (done or failed),
 * "report": as retention_report_json}]}, counts only.  For privacy
 * officers and auditors; *status SG_EFORBIDDEN for anyone else. */
json_t *retention_runs_list(app *a, const actor *who, int *status);

/* The report as JSON: {"purged", "held", "dry_run", "rules_version",
 * "kinds": {"case": {"purged", "held": {"open-case": n, ...}}, ...}}. */
json_t *retention_report_json(const retention_report *r, bool dry_run);

#endif
