/*
 * interventions.h - which programmes fit a child, and the child's place in
 * one.
 *
 * The catalogue of programmes is published data (kind "interventions",
 * data/interventions.json): name, provider, aim, target ages, the needs it
 * addresses, the regions where it is offered and its recognition status.
 * For a child, each programme comes with the reasons it fits or not: age,
 * region (the child's municipality) and the needs asked about.  A care
 * coordinator or care worker refers the child to a programme and records
 * the enrolment, attendance milestones and the outcome.
 */
#ifndef SG_INTERVENTIONS_H
#define SG_INTERVENTIONS_H

#include "service/app.h"

#define INTERVENTION_MAX_NEEDS 8

/* The programmes and how they fit the child (needs may be empty). */
SG_MUST_CHECK int interventions_for(app *a, const actor *who, const char *person_id,
                                    const char *const *needs, int nneeds, json_t **out,
                                    svc_error *err);
/* The catalogue itself. */
SG_MUST_CHECK int interventions_catalogue(app *a, const actor *who, int64_t version, json_t **out);

SG_MUST_CHECK int enrolment_create(app *a, const actor *who, const char *person_id,
                                   const char *programme_id, const char *reason, json_t **out,
                                   svc_error *err);

typedef struct enrolment_change {
    const char *status; /* enrolled, completed, stopped; or NULL */
    const char *enrolled_on;
    const char *outcome; /* with completed or stopped */
    const char *outcome_note;
    const char *milestone_on;   /* a milestone to add, or NULL */
    const char *milestone_kind; /* attended, missed, milestone */
    const char *milestone_note;
} enrolment_change;

SG_MUST_CHECK int enrolment_update(app *a, const actor *who, const char *id,
                                   const enrolment_change *in, json_t **out, svc_error *err);
SG_MUST_CHECK int enrolment_get(app *a, const actor *who, const char *id, json_t **out);
SG_MUST_CHECK int enrolment_list(app *a, const actor *who, const char *person_id,
                                 const char *cursor, int limit, json_t **out, svc_error *err);

#endif
