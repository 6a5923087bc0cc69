/*
 * network.h - the network of recruitment chains: relations between persons
 * and other entities, recorded where the knowledge arises, and their
 * analysis for police and national analysts.
 *
 * Who: analysts (police, national analysis) read and write everything;
 * police officers record relations from their own unit's screenings and
 * read around the youths of those screenings; prosecutors read around the
 * youths of screenings handed to their office.  Every other role gets
 * SG_EFORBIDDEN; a record outside a scoped reader's reach is SG_ENOTFOUND.
 * Every read names its purpose (an analysis or investigation reference,
 * 3 to 200 characters) and is audited with it.  Nothing else in signaal
 * (school signals, reference-index registrations) feeds the network.
 *
 * Analyses run on one worker thread (igraph is not thread-safe), off the
 * request threads: a request submits a job and reads its progress and
 * result later, or cancels it.  Results are kept in memory for an hour.
 *
 * Results are jansson objects in snake_case that the caller owns.
 */
#ifndef SG_SERVICE_NETWORK_H
#define SG_SERVICE_NETWORK_H

#include <stdio.h>

#include "service/app.h"

#define NET_PURPOSE_MIN 3
#define NET_PURPOSE_MAX 200
#define NET_IMPORT_MAX_ROWS 1000000

/* ---- relations --------------------------------------------------------- */

/* An end is a person's or entity's id, or "ext:KIND:KEY" (ext:phone:0612345678).
 * source: "screening:<id>", "decision:<id>", "report:<reference>", or a
 * bare reference (an analyst's report). */
typedef struct relation_input {
    const char *from;
    const char *to;
    const char *type;
    const char *confidence; /* NULL: unverified */
    const char *first_seen; /* YYYY-MM-DD */
    const char *last_seen;  /* NULL: the same day as first_seen */
    const char *source;
} relation_input;

SG_MUST_CHECK int relation_create(app *a, const actor *who, const relation_input *in, json_t **out,
                                  svc_error *err);
SG_MUST_CHECK int relation_get(app *a, const actor *who, const char *id, const char *purpose,
                               json_t **out, svc_error *err);

typedef struct relation_query {
    const char *person_id; /* relations of this person or entity (required unless analyst) */
    const char *source;    /* relations from this source, or NULL */
    bool include_retired;
    const char *cursor;
    int limit;
    const char *purpose;
} relation_query;

SG_MUST_CHECK int relation_list(app *a, const actor *who, const relation_query *q, json_t **out,
                                svc_error *err);
/* Corrects a relation: the old one is retired ("corrected") and a new one,
 * naming it in replaces, takes the fields given (the others as they were). */
SG_MUST_CHECK int relation_correct(app *a, const actor *who, const char *id,
                                   const relation_input *changes, const char *reason, json_t **out,
                                   svc_error *err);
/* Retires a relation: it stays as history, out of every analysis. */
SG_MUST_CHECK int relation_retire(app *a, const actor *who, const char *id, const char *reason,
                                  json_t **out, svc_error *err);

SG_MUST_CHECK int entity_create(app *a, const actor *who, const char *kind, const char *key,
                                json_t **out, svc_error *err);
SG_MUST_CHECK int entity_get(app *a, const actor *who, const char *id, const char *purpose,
                             json_t **out, svc_error *err);

/* Told while importing: rows checked so far of total, and whether they are
 * being stored (after every row passed) or still checked. */
typedef void (*relation_import_progress)(long done, long total, bool storing, void *ctx);

/* Imports a CSV file (header from,to,type,confidence,first_seen,last_seen,
 * source) as an analyst, all or nothing.  SG_OK: *out is the report
 * {"import_id", "imported", "rows"}.  SG_EINVAL: nothing was
 * stored and *out (when not NULL) is {"rejected": [{"row", "field",
 * "reason"}], "rejected_count", "rows"}; err names the first fault. */
SG_MUST_CHECK int relation_import(app *a, const actor *who, const char *csv, size_t len,
                                  relation_import_progress progress, void *ctx, json_t **out,
                                  svc_error *err);

/* ---- where the knowledge arises: the police screening and the OM -------- */

/* Within a screening's transaction (police.c): records relations of the
 * screened youth (person_id), given as [{"type": recruited_by|exploited_by|
 * co_offended_with, "other": id or ext:KIND:KEY, "confidence"}], sourced
 * from the screening and dated arrested_on.  who has been authorised for
 * the screening already. */
SG_MUST_CHECK int network_screening_relations(store_tx *tx, app *a, const actor *who,
                                              int64_t person_id, const char *screening_id,
                                              const char *arrested_on, json_t *relations,
                                              svc_error *err);
/* The relations recorded from a screening, for its view (a new array, or
 * NULL when memory runs out). */
json_t *network_screening_relations_json(store_tx *tx, app *a, const char *screening_id);
/* Within a decision's transaction (police.c): each id in victim_of_ids (a
 * person id or ext:KIND:KEY), and victim_of itself when it is one, becomes
 * "youth exploited_by other", sourced from the decision.  Other text stays
 * the decision's note. */
SG_MUST_CHECK int network_decision_relations(store_tx *tx, app *a, const actor *who,
                                             int64_t person_id, const char *decision_id,
                                             const char *victim_of, json_t *victim_of_ids,
                                             svc_error *err);
/* For decisions recorded before the network: every victim_of that names a
 * person id becomes a relation (once); other texts stay notes.  Run by the
 * operator (who is the system actor). */
SG_MUST_CHECK int network_adopt_victim_of(app *a, const actor *who, int *adopted, int *kept);

/* ---- analyses ---------------------------------------------------------- */

/* Starts and stops the one graph worker thread of the app (serve and the
 * command line).  Submitting without a worker is SG_EUNAVAILABLE. */
SG_MUST_CHECK int network_worker_start(app *a);
void network_worker_stop(app *a);

/* Submits an analysis: request is {"kind", "purpose", ...} (see
 * docs/internals/service-network.md for the kinds and their parameters).
 * *out is the job {"id", "status": "queued", ...}. */
SG_MUST_CHECK int network_analysis_submit(app *a, const actor *who, json_t *request, json_t **out,
                                          svc_error *err);
/* The job's status, progress and (when done) result; waits up to wait_ms
 * for it to finish.  Only its submitter sees it (SG_ENOTFOUND otherwise). */
SG_MUST_CHECK int network_analysis_get(app *a, const actor *who, const char *id, int wait_ms,
                                       json_t **out);
SG_MUST_CHECK int network_analysis_cancel(app *a, const actor *who, const char *id);
SG_MUST_CHECK int network_analysis_list(app *a, const actor *who, json_t **out);

/* Runs one analysis on the worker and waits for it, telling progress
 * (phase, fraction) on the way: for the command line. */
typedef void (*network_progress)(const char *phase, double fraction, void *ctx);
SG_MUST_CHECK int network_analysis_run(app *a, const actor *who, json_t *request,
                                       network_progress progress, void *ctx, json_t **out,
                                       svc_error *err);

/* Writes the current network (filters of request as for analyses) to f as
 * GraphML, GEXF (for Gephi) or FollowTheMoney entity JSON lines (for
 * Aleph).  Analysts only. */
SG_MUST_CHECK int network_export(app *a, const actor *who, const char *format, json_t *request,
                                 FILE *f, svc_error *err);

/* ---- alerts ------------------------------------------------------------ */

/* Starts a check of the published alert rules (kind "network-alerts")
 * against the network as it is now, on the graph worker: each new alert is
 * raised once, as a task for the acting analyst's organisation.  *out is
 * the job, as network_analysis_submit gives it; its result lists the
 * alerts raised. */
SG_MUST_CHECK int network_alerts_check(app *a, const actor *who, const char *purpose, json_t **out,
                                       svc_error *err);
SG_MUST_CHECK int network_alerts_list(app *a, const actor *who, const char *status, json_t **out,
                                      svc_error *err);
/* status: acknowledged or closed. */
SG_MUST_CHECK int network_alert_update(app *a, const actor *who, const char *id, const char *status,
                                       json_t **out, svc_error *err);
/* Within tasks_list's transaction: the open alerts of an analyst's
 * organisation, as tasks. */
SG_MUST_CHECK int network_add_tasks(store_tx *tx, app *a, const actor *who, json_t *items);

/* Checks a network alert rule set (for publishing); why (n bytes) says
 * what is wrong. */
SG_MUST_CHECK int network_alert_rules_check(const char *text, size_t len, char *why, size_t n);

#endif
