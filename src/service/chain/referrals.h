/*
 * referrals.h - referrals between organisations.
 *
 * A referral sends part of what one organisation holds about a child to
 * another, for a purpose and on a recorded legal basis (domain/sharing.h).
 * The sender chooses what is shared (identity, signals, the care question,
 * the consultation notes, the Meldcode record, a screening, a decision);
 * the receiver sees exactly that and nothing else.  Life cycle: sent ->
 * acknowledged -> accepted or declined (with a reason) -> completed; the
 * sender may revoke before acceptance, which withdraws what was shared.
 * A transfer of a case waits for the receiver's acceptance.  Every change
 * notifies the other side (content-free) and drives the clocks.
 */
#ifndef SG_REFERRALS_H
#define SG_REFERRALS_H

#include "domain/sharing.h"
#include "service/app.h"

#define REFERRAL_MAX_SHARES 8
#define REFERRAL_MAX_SIGNALS 20

typedef struct referral_input {
    const char *person_id;
    const char *case_id; /* NULL, or a case of the sender about this child */
    const char *to_org;  /* the receiving organisation's id */
    const char *purpose;
    const char *note; /* why, for the receiver; may be NULL */
    const char *legal_basis;
    const char *consent_party;
    const char *consent_on;
    const char *override_reason;
    const char *shares[REFERRAL_MAX_SHARES];
    int nshares;
    const char *signal_ids[REFERRAL_MAX_SIGNALS];
    int nsignals;
    const char *subject_id; /* a screening or decision the sender may see, or NULL */
    bool transfer;
} referral_input;

SG_MUST_CHECK int referral_send(app *a, const actor *who, const referral_input *in, json_t **out,
                                svc_error *err);
SG_MUST_CHECK int referral_get(app *a, const actor *who, const char *id, json_t **out);
/* box: "in" (received) or "out" (sent); status may be NULL. */
SG_MUST_CHECK int referral_list(app *a, const actor *who, const char *box, const char *status,
                                const char *cursor, int limit, json_t **out, svc_error *err);
/* action: acknowledge, accept, decline (reason required), complete, revoke. */
SG_MUST_CHECK int referral_act(app *a, const actor *who, const char *id, const char *action,
                               const char *reason, json_t **out, svc_error *err);

/* Within a transaction: sends a referral made by another use case (the
 * police's hand-over of a screening to the OM, say). *public_id is set. */
SG_MUST_CHECK int referral_send_tx(store_tx *tx, app *a, const actor *who, const referral_input *in,
                                   char public_id[37], svc_error *err);
/* Within a transaction: takes action on the referrals to who's organisation
 * about person that name subject_id, where the action is possible (the OM's
 * receipt of a screening accepts its hand-over, a decision completes it). */
SG_MUST_CHECK int referral_act_on_subject_tx(store_tx *tx, app *a, const actor *who,
                                             int64_t person_id, const char *subject_id,
                                             referral_action action);
#endif
