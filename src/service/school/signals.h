/*
 * signals.h - what a professional observed about a child.
 *
 * A signal names the child, when and where it was seen (school, street,
 * online, home, care, other), the observation in the professional's words
 * (encrypted) and the indicators picked from the catalogue version current
 * at the time, each marked as an observed fact or an impression.  The
 * signal keeps that catalogue version for ever.  A mentor reads back only
 * the signals they recorded; others read what their organisation recorded
 * or was given.  Every read and write is audited.
 */
#ifndef SG_SIGNALS_H
#define SG_SIGNALS_H

#include "service/app.h"

typedef struct signal_input {
    const char *person_id;
    const char *observed_on; /* YYYY-MM-DD */
    const char *setting;
    const char *observation;
    const signal_indicator *indicators;
    int indicator_count;
} signal_input;

SG_MUST_CHECK int signal_create(app *a, const actor *who, const signal_input *in, json_t **out,
                                svc_error *err);
SG_MUST_CHECK int signal_get(app *a, const actor *who, const char *id, json_t **out);
/* person_id: only this child's signals, or NULL for all the actor may see. */
SG_MUST_CHECK int signal_list(app *a, const actor *who, const char *person_id, const char *cursor,
                              int limit, json_t **out, svc_error *err);

extern const char *const signal_settings[];
extern const char *const signal_kinds[];

#endif
