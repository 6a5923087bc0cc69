/* Shared by the files of the chain in service/ (referrals.c, police.c,
 * interventions.c) and nothing else. */
#ifndef SG_CHAIN_INT_H
#define SG_CHAIN_INT_H

#include "security/audit.h"
#include "service/chain.h"
#include "store/chain.h"

/* A screening as JSON, its free text decrypted; NULL on failure. */
json_t *screening_json(store_tx *tx, app *a, const screening_row *s);
/* A decision as JSON; full (with the reasoning) or only its outcome. */
json_t *decision_json(store_tx *tx, app *a, const decision_row *d, bool full);
/* The child's age on the date on (YYYY-MM-DD), from the encrypted birth date. */
SG_MUST_CHECK int chain_age_on(const app *a, const person_row *p, const char *on, int *age);

#endif
