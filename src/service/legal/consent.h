/*
 * consent.h - whose consent counts for a receiver at the child's age, from
 * the published rule table (domain/consent.h, rule set "consent").
 *
 * Used by the referrals of the chain (the receiver is the receiving
 * organisation's type) and by a case's consent at school (the receiver is
 * the school's own care team), within their own transaction.  It reads
 * rules and nothing else: the use case that calls it audits.
 */
#ifndef SG_LEGAL_CONSENT_H
#define SG_LEGAL_CONSENT_H

#include "domain/consent.h"
#include "service/app.h"

/* The newest published consent rules into *out (free with
 * consent_rules_free); SG_ESTATE when none were published. */
SG_MUST_CHECK int legal_consent_rules_load(store_tx *tx, consent_rules *out);

/* Checks within tx that party may consent for receiver (an organisation
 * type code, or CONSENT_SCHOOL_CARE_TEAM) at age: SG_OK, or SG_EINVAL with
 * err naming field and saying whose consent counts there and why. */
SG_MUST_CHECK int legal_consent_check(store_tx *tx, const char *receiver, int age,
                                      const char *party, const char *field, svc_error *err);

/* The party whose consent counts for receiver at age ("parent", "pupil",
 * "pupil-and-parent") into need (at least 24 bytes); SG_ESTATE without
 * published rules. */
SG_MUST_CHECK int legal_consent_needed(store_tx *tx, const char *receiver, int age, char *need,
                                       size_t n);

#endif
