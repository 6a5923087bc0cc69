/*
 * persons.h - the children concerned.
 *
 * A person has a pseudonymous id used everywhere; birth year and month,
 * gender and municipality stay in the clear for statistics; name, citizen
 * service number (BSN) and exact date of birth are encrypted.  The
 * organisation that records a person becomes party to them; others only
 * through a later referral.  Every read and write is audited.
 */
#ifndef SG_PERSONS_H
#define SG_PERSONS_H

#include "service/app.h"

typedef struct person_input {
    const char *name;
    const char *bsn;        /* NULL when unknown */
    const char *birth_date; /* YYYY-MM-DD */
    const char *gender;     /* female, male, x, unknown */
    const char *municipality;
} person_input;

SG_MUST_CHECK int person_create(app *a, const actor *who, const person_input *in, json_t **out,
                                svc_error *err);
SG_MUST_CHECK int person_get(app *a, const actor *who, const char *id, json_t **out);
SG_MUST_CHECK int person_list(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                              svc_error *err);

/* The genders a person record may hold. */
extern const char *const person_genders[];

#endif
