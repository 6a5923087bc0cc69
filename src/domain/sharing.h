/*
 * sharing.h - the rules of sharing between organisations: legal bases and
 * the life cycle of a referral.
 *
 * A referral needs a recorded legal basis: consent (who consented is
 * checked against the published rule table of domain/consent.h: by age and
 * by what the receiver does);
 * the meldrecht, which lets any professional report to Veilig Thuis
 * without consent (art. 5.2.6 Wmo 2015); a statutory task of the sending
 * organisation; or an override with a written reason, which is audited and
 * reported to the privacy officer.  The life cycle: sent -> acknowledged ->
 * accepted or declined -> completed; the sender may revoke before
 * acceptance.  Pure functions, no I/O.
 */
#ifndef SG_SHARING_H
#define SG_SHARING_H

#include <stdbool.h>

#include "base/status.h"
#include "domain/roles.h"

#define SHARING_OVERRIDE_MIN 20 /* characters of an override's reason */

extern const char *const sharing_bases[]; /* consent, meldrecht, statutory-task, override */
extern const char *const sharing_purposes[];
extern const char *const sharing_parts[]; /* what a referral may share */

typedef struct sharing_basis_input {
    const char *basis;
    org_type from;
    org_type to;
    int age; /* the child's age on the consent date, or -1 */
    const char *consent_party;
    const char *override_reason;
} sharing_basis_input;

/* SG_OK when the basis holds; SG_EINVAL with the field at fault and why. */
SG_MUST_CHECK int sharing_check_basis(const sharing_basis_input *in, const char **field,
                                      const char **why);

typedef enum referral_action {
    REFERRAL_ACKNOWLEDGE,
    REFERRAL_ACCEPT,
    REFERRAL_DECLINE,
    REFERRAL_COMPLETE,
    REFERRAL_REVOKE,
} referral_action;

SG_MUST_CHECK int referral_action_parse(const char *code, referral_action *out);
const char *referral_action_event(referral_action a); /* "referral.accepted" ... */
/* Whether the receiver (true) or the sender (false) takes the action. */
bool referral_action_by_receiver(referral_action a);
/* The status after action from status; SG_ESTATE with why when not allowed. */
SG_MUST_CHECK int referral_transition(const char *status, referral_action a, const char **next,
                                      const char **why);

#endif
