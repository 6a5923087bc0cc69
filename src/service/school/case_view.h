/*
 * case_view.h - a school's case as other parts of service/ may use it.
 *
 * The chain sends a case (or its signals) along with a referral and shows
 * the case in a child's chronology; it loads the case with the same access
 * check as the school's own use cases and renders it the same way.  What
 * the school's files share beyond this is in school_int.h.  Defined in
 * case_view.c.
 */
#ifndef SG_CASE_VIEW_H
#define SG_CASE_VIEW_H

#include "service/app.h"
#include "store/cases.h"

/* Finds the case with this public id and checks the actor may work it. */
SG_MUST_CHECK int case_load(store_tx *tx, const actor *who, const char *public_id, case_row *out);
/* The whole case as JSON (signals, consent, consultations, steps, actions,
 * advice).  Identifying fields only when consent was given. */
SG_MUST_CHECK int case_render(store_tx *tx, app *a, const actor *who, const case_row *c,
                              json_t **out);
/* A signal as a case shows it (observation decrypted), or NULL. */
/* A signal as part of a case or referral; its observer is named only to
 * the observer's own organisation (viewer_org), to others null. */
json_t *case_signal_json(store_tx *tx, app *a, int64_t viewer_org, const signal_row *s);

#endif
