/*
 * chain.h - what every step between organisations shares: the clocks that
 * start and stop on events, content-free notifications to the other side,
 * and their place in the tasks list and the reports.
 *
 * A use case that changes something in the chain calls
 * clocks_event_record (service/clocks.h) within its own transaction: the
 * published clock rules (kind "clocks") decide which clocks start, stop or
 * restart.  service/notify.h tells the other organisation who did what kind of
 * thing, never the content.
 */
#ifndef SG_CHAIN_H
#define SG_CHAIN_H

#include "service/app.h"

/* The clocks of a subject, as JSON, as viewer_org sees them (for the
 * subject's own view). */
SG_MUST_CHECK int chain_subject_clocks(store_tx *tx, int64_t viewer_org, const char *subject_type,
                                       const char *subject_id, json_t **out);
/* Adds the actor's organisation's running clocks and unread notifications
 * to a tasks list (items), escalating clocks that are overdue. */
SG_MUST_CHECK int chain_add_tasks(store_tx *tx, app *a, const actor *who, json_t *items);

/* GET /clocks: my organisation's clocks (running only unless all). */
SG_MUST_CHECK int chain_clocks_list(app *a, const actor *who, bool all, json_t **out);
/* GET /notifications and marking one read. */
SG_MUST_CHECK int chain_notifications(app *a, const actor *who, json_t **out);
SG_MUST_CHECK int chain_notification_read(app *a, const actor *who, const char *id);
/* Aggregate clock counts per rule for the reports (no personal data). */
SG_MUST_CHECK int chain_clock_report(app *a, const actor *who, json_t **out);
/* Escalates every overdue clock not escalated yet (the periodic sweep). */
SG_MUST_CHECK int chain_escalate(app *a, int *escalated);

/* The published rule set of kind as a new JSON document (version 0: the newest). */
SG_MUST_CHECK int chain_rules_json(store_tx *tx, const char *kind, json_t **out);

#endif
