/*
 * trail.h - reading and checking the audit trail (auditors only).
 *
 * An auditor reads the entries of their own organisation (what its people
 * did); a national auditor reads all.  Reading the trail is itself
 * recorded in it.
 */
#ifndef SG_TRAIL_H
#define SG_TRAIL_H

#include "service/app.h"

typedef struct trail_query {
    const char *person_id; /* only entries about this child, or NULL */
    const char *user_id;   /* only entries by this user, or NULL */
    const char *action;    /* only this action ("person.read"), or NULL */
    const char *from;      /* only from this date (YYYY-MM-DD, Dutch time), or NULL */
    const char *until;     /* only up to and including this date, or NULL */
    const char *cursor;    /* newest first: entries below this seq */
    int limit;
} trail_query;

SG_MUST_CHECK int trail_list(app *a, const actor *who, const trail_query *q, json_t **out,
                             svc_error *err);
/* {"intact": bool, "checked": n, "broken_at": seq|null, "reason": text|null}. */
SG_MUST_CHECK int trail_verify(app *a, const actor *who, json_t **out);

#endif
