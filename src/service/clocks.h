/*
 * clocks.h - the clock engine: what happened, applied to the published
 * clock rules (kind "clocks", domain/clocks.h) within the caller's
 * transaction.
 *
 * Shared by the parts whose use cases start and stop clocks: the school
 * (a case opened, reviewed, closed) and the chain (referrals, screenings,
 * decisions).  It lives at the top of service/ so that neither part needs
 * the other for it.  It renders nothing and audits nothing: the use case
 * that calls it does.
 */
#ifndef SG_SVC_CLOCKS_H
#define SG_SVC_CLOCKS_H

#include "domain/clocks.h"
#include "service/app.h"

typedef struct clocks_event {
    const char *name;         /* "referral.sent" */
    const char *subject_type; /* "referral", "screening", "case", "decision" */
    const char *subject_id;   /* its public id */
    int64_t person_id;
    int64_t sender_org;   /* the side that started it */
    int64_t receiver_org; /* the other side, or 0 */
    const char *to_type;  /* the receiver's organisation type, or NULL */
    const char *purpose;  /* a referral's purpose, or NULL */
    const char *signs;    /* a screening's signs, or NULL */
    const char *due_on;   /* a date that comes with the event, or NULL */
} clocks_event;

/* Starts, stops and restarts clocks for ev within tx.  Without published
 * clock rules nothing runs. */
SG_MUST_CHECK int clocks_event_record(store_tx *tx, const clocks_event *ev);

/* The newest published clock rules into *rules (freed with
 * clock_rules_free); SG_ENOTFOUND when none were published. */
SG_MUST_CHECK int clocks_rules_load(store_tx *tx, clock_rules *rules);

#endif
