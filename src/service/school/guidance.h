/*
 * guidance.h - the explained assessment of a child's signal pattern.
 *
 * The published guidance rules (domain/guidance.h) are applied to the
 * indicators of the signals the actor may see about one child within the
 * rules' window.  The answer names the advice, the rule that fired and why,
 * every indicator that counted (and the vulnerability indicators that never
 * count), the catalogue and rule versions used, and that it is advice to a
 * professional, not a label of the child.  Nothing escalates by itself.
 */
#ifndef SG_SVC_GUIDANCE_H
#define SG_SVC_GUIDANCE_H

#include "service/app.h"

/* The assessment as of signal id: the child's visible signals in the window
 * ending on that signal's date. */
SG_MUST_CHECK int guidance_assess_signal(app *a, const actor *who, const char *signal_id,
                                         json_t **out);
/* Publishes a guidance rule set (administrators). */
SG_MUST_CHECK int guidance_publish(app *a, const actor *who, const char *text, size_t len,
                                   json_t **out, svc_error *err);
/* The published rules (version 0: the newest), for anyone to read and check. */
SG_MUST_CHECK int guidance_rules_get(app *a, const actor *who, int64_t version, json_t **out);

/* Within a store transaction: assesses signals rows[0..n) with the newest
 * rules, for use cases that show advice beside other things (a case).  *out
 * is the assessment object as guidance_assess_signal gives it. */
SG_MUST_CHECK int guidance_assess_rows(store_tx *tx, const signal_row *rows, int n,
                                       const char *const *signal_pids, json_t **out);
/* Within a store transaction: the code of the advice who would get on
 * target's child as of target ("consult-today", ...) into code (size n).
 * SG_ESTATE (code "") when no rules are published. */
SG_MUST_CHECK int guidance_advice_on(store_tx *tx, const actor *who, const signal_row *target,
                                     char *code, size_t n);

#endif
