/*
 * decisions.h - after a screening: diversions (Halt, a police reprimand)
 * and the OM's decision on the offence.
 *
 * Both follow the published rules of kind "prosecution"
 * (domain/prosecution.h): a diversion waits for the screening's completion,
 * and with possible or strong signs of exploitation for the OM's decision to
 * divert, having weighed the non-punishment principle; Halt and the
 * reprimand have their own ages and offences.  A prosecutor records the
 * decision as one of the kinds of the rules with a legal ground from its
 * list, the reasoning, and whether a financial investigation was started.
 * The police unit sees it; nothing flows to a school unless a prosecutor
 * refers the bare fact of the decision on an explicit basis.
 */
#ifndef SG_DECISIONS_H
#define SG_DECISIONS_H

#include "service/app.h"

SG_MUST_CHECK int diversion_record(app *a, const actor *who, const char *screening_id,
                                   const char *kind, const char *note, json_t **out,
                                   svc_error *err);

typedef struct decision_input {
    const char *screening_id;
    const char *decision; /* a decision kind of the published rules */
    const char *ground;   /* one of that kind's legal grounds */
    const char *reasoning;
    const char *due_on; /* a kind that is not final: by when */
    bool possible_victim;
    bool financial_investigation; /* started */
    const char *victim_of;        /* of whom, when known; may be NULL */
    const char *expert_group;     /* an expert-group organisation to refer to, or NULL */
    json_t *victim_of_ids;        /* borrowed; may be NULL: exploiters, as network relations */
} decision_input;

SG_MUST_CHECK int decision_record(app *a, const actor *who, const decision_input *in, json_t **out,
                                  svc_error *err);
SG_MUST_CHECK int decision_get(app *a, const actor *who, const char *id, json_t **out);

#endif
