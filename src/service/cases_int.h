/* Shared by the files of the school path in service/ (cases.c, meldcode.c,
 * consult.c, tasks.c) and nothing else. */
#ifndef SG_CASES_INT_H
#define SG_CASES_INT_H

#include "security/audit.h"
#include "service/cases.h"
#include "store/cases.h"

/* Finds the case with this public id and checks the actor may work it. */
SG_MUST_CHECK int case_load(store_tx *tx, const actor *who, const char *public_id, case_row *out);
/* The whole case as JSON (signals, consent, consultations, steps, actions,
 * advice).  Identifying fields only when consent was given. */
SG_MUST_CHECK int case_render(store_tx *tx, app *a, const actor *who, const case_row *c,
                              json_t **out);
/* Appends an audit entry about the case. */
SG_MUST_CHECK int case_audit(store_tx *tx, app *a, const actor *who, const case_row *c,
                             const char *action, const char *purpose);
/* Records progress now (and the next due step when step_done is the case's
 * next step) and writes the case back. */
SG_MUST_CHECK int case_progress(store_tx *tx, app *a, case_row *c, int step_done);
/* Records a case event (case.opened, case.reviewed, case.closed) for the clocks. */
SG_MUST_CHECK int case_event(store_tx *tx, const case_row *c, const char *event);
/* A signal as a case shows it (observation decrypted), or NULL. */
json_t *case_signal_json(store_tx *tx, app *a, const signal_row *s);
/* The short form of a case, as lists show it; NULL on failure. */
json_t *case_summary(store_tx *tx, app *a, const case_row *c);
/* A consultation as JSON (its free text decrypted), or NULL. */
json_t *consultation_json(store_tx *tx, app *a, const consultation_row *c);

#endif
