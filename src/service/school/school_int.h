/* Shared by the files of service/school/ and nothing else.  Defined in
 * case_view.c, which cases.c, consult.c and meldcode.c build on (never the
 * reverse); persons.c, signals.c, catalogue.c and guidance.c need none of
 * it. */
#ifndef SG_SCHOOL_INT_H
#define SG_SCHOOL_INT_H

#include "security/audit.h"
#include "service/school/case_view.h"
#include "service/school/cases.h"
#include "store/cases.h"

/* Appends an audit entry about the case. */
SG_MUST_CHECK int case_audit(store_tx *tx, app *a, const actor *who, const case_row *c,
                             const char *action, const char *purpose);
/* Records progress now (and the next due step when step_done is the case's
 * next step) and writes the case back. */
SG_MUST_CHECK int case_progress(store_tx *tx, app *a, case_row *c, int step_done);
/* Records a case event (case.opened, case.reviewed, case.closed) for the clocks. */
SG_MUST_CHECK int case_event(store_tx *tx, const case_row *c, const char *event);
/* The short form of a case, as lists show it; NULL on failure. */
json_t *case_summary(store_tx *tx, app *a, const case_row *c);
/* A consultation as JSON (its free text decrypted), or NULL. */
json_t *consultation_json(store_tx *tx, app *a, const consultation_row *c);

#endif
