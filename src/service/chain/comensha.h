/*
 * comensha.h - reports of a possible victim to CoMensha, the national
 * coordination centre against human trafficking, as registrations: what
 * was reported, on which day, by whom, for which screening and, when the
 * OM reported, which decision.
 *
 * A report is offered (and its clock runs) once the police confirm
 * possible or strong signs, and once the OM marks a possible victim; the
 * published rules of kind "prosecution" say so and list what a report can
 * be about.  The screening's police unit and OM office register and read
 * them; nobody else sees them.
 */
#ifndef SG_COMENSHA_H
#define SG_COMENSHA_H

#include "service/app.h"

typedef struct comensha_input {
    const char *screening_id;
    const char *decision_id; /* may be NULL */
    const char *reported_on; /* YYYY-MM-DD, not in the future */
    const char *what;        /* a kind of report of the rules */
    const char *note;        /* may be NULL */
} comensha_input;

SG_MUST_CHECK int comensha_report(app *a, const actor *who, const comensha_input *in, json_t **out,
                                  svc_error *err);
SG_MUST_CHECK int comensha_get(app *a, const actor *who, const char *id, json_t **out);

#endif
