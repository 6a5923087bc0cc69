/* Shared by the files of service/chain/ and nothing else.  Each section
 * names the file that defines it; a file uses only what the files below it
 * define: police.c -> referrals.c -> referral_view.c -> screening_view.c ->
 * chain.c, and interventions.c -> chain.c (tasks.c needs none of it). */
#ifndef SG_CHAIN_INT_H
#define SG_CHAIN_INT_H

#include "domain/screening.h"
#include "security/audit.h"
#include "service/chain/chain.h"
#include "store/chain.h"

/* chain.c: the child's age on the date on (YYYY-MM-DD), from the
 * encrypted birth date. */
SG_MUST_CHECK int chain_age_on(const app *a, const person_row *p, const char *on, int *age);

/* screening_view.c: the published screening rules (freed with
 * screening_rules_free); SG_ESTATE when none were published. */
SG_MUST_CHECK int screening_rules_load(store_tx *tx, screening_rules *rules);
/* A screening as JSON, its free text decrypted; NULL on failure. */
json_t *screening_json(store_tx *tx, app *a, const screening_row *s);
/* A decision as JSON; full (with the reasoning) or only its outcome. */
json_t *decision_json(store_tx *tx, app *a, const decision_row *d, bool full);

/* referral_view.c: whether the referral shares part ("identity",
 * "signals", ...). */
bool referral_shares_part(const referral_row *r, const char *part);
/* The referral as who's side sees it, as a new JSON object in *out. */
SG_MUST_CHECK int referral_render(store_tx *tx, app *a, const actor *who, const referral_row *r,
                                  json_t **out);

#endif
