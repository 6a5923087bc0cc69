/*
 * police.h - the screening of an arrested minor.
 *
 * A police officer records a screening for an arrest: the offence, the
 * place, the protocol questions on coercion and control (yes, no or
 * unknown, each with a note) and the youth's own account.  Published rules
 * (domain/screening.h) advise the signs of exploitation; the officer
 * confirms them with a reason, which completes the screening and hands it
 * over to the OM (the police contact the OM in every case).  Possible or
 * strong signs start a same-day clock for a non-punishment assessment and
 * a clock for the report of a possible victim to CoMensha (comensha.h).
 * Diversions and the OM's decision on the offence are in decisions.h.
 */
#ifndef SG_POLICE_H
#define SG_POLICE_H

#include "service/app.h"

/* answers: {"<question id>": {"answer": "yes|no|unknown", "note": "..."}}. */
typedef struct screening_input {
    const char *person_id;
    const char *arrested_on;
    const char *offence;
    int outside_region;  /* -1: not given */
    json_t *answers;     /* borrowed; may be NULL */
    const char *account; /* the youth's own account; may be NULL */
    json_t *relations;   /* borrowed; may be NULL: recorded in the network (service/network) */
} screening_input;

SG_MUST_CHECK int screening_create(app *a, const actor *who, const screening_input *in,
                                   json_t **out, svc_error *err);
/* Changes a draft; after completion only the relations. */
SG_MUST_CHECK int screening_update(app *a, const actor *who, const char *id,
                                   const screening_input *in, json_t **out, svc_error *err);
/* Confirms the signs with a reason and hands over to the OM office om_org. */
SG_MUST_CHECK int screening_complete(app *a, const actor *who, const char *id, const char *signs,
                                     const char *reason, const char *om_org, json_t **out,
                                     svc_error *err);
/* The OM records that it has received (been informed of) the screening. */
SG_MUST_CHECK int screening_receive(app *a, const actor *who, const char *id, json_t **out,
                                    svc_error *err);
SG_MUST_CHECK int screening_get(app *a, const actor *who, const char *id, json_t **out);
SG_MUST_CHECK int screening_list(app *a, const actor *who, const char *cursor, int limit,
                                 json_t **out, svc_error *err);

#endif
