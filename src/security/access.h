/*
 * access.h - who is acting, and what their role and organisation allow.
 *
 * An actor is the authenticated user of one request (or the operator at the
 * command line).  The rules here are the need-to-know policy of signaal:
 *   - an organisation sees a person or signal only when it is party to it
 *     (it recorded it, or a referral shared it);
 *   - a mentor records signals and reads back only what they recorded;
 *   - a care coordinator reads everything of their own school;
 *   - an auditor reads their own organisation's audit trail and nothing
 *     else; a national auditor (at the national office) reads all of it;
 *   - an administrator manages their own organisation's accounts and
 *     settings; a national administrator manages organisations and the
 *     national catalogues and rule sets; neither reads personal data;
 *   - a privacy officer answers a child's request for access (AVG art. 15)
 *     for the records of their own organisation; the privacy officer of
 *     the national office, which runs signaal for all, for every
 *     organisation's.  That is all a privacy officer reads of a child.
 * A refusal for a record the actor may not see is SG_ENOTFOUND, so that a
 * denial never reveals whether the record exists; a refusal of an action
 * the role may never take is SG_EFORBIDDEN.
 */
#ifndef SG_ACCESS_H
#define SG_ACCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "domain/roles.h"
#include "store/store.h"

typedef struct actor {
    int64_t user_id; /* 0 for the operator at the command line */
    char user_pid[STORE_ID_LEN];
    char login[STORE_LOGIN_LEN];
    role role;
    int64_t org_id;
    char org_pid[STORE_ID_LEN];
    org_type org_type;
    char client[64]; /* client address, or "cli" */
    bool system;     /* the operator: role rules do not apply */
} actor;

/* Fills an actor for the operator at the command line. */
void access_system_actor(actor *out);

/* What a role may do at all, before any record is looked at. */
bool access_may_record_persons(const actor *a);
bool access_may_record_signals(const actor *a);
bool access_may_read_persons(const actor *a);
/* An administrator of any scope (or the operator). */
bool access_may_administer(const actor *a);
/* A national administrator (or the operator): organisations, catalogues
 * and rule sets that hold for every organisation. */
bool access_is_national_admin(const actor *a);
/* Whether the actor manages the accounts and settings of organisation
 * org_id: a national administrator any, an administrator their own. */
bool access_may_manage_org(const actor *a, int64_t org_id);
bool access_may_audit(const actor *a);
/* The organisation (public id) whose audit entries the actor may read,
 * or "" for all of them (a national auditor, the operator). */
const char *access_audit_org_scope(const actor *a);

/* Cases are a care file: a school's care coordinators work them, and the
 * care workers of an organisation that took one over. */
bool access_may_work_cases(const actor *a);
/* Who may send referrals to another organisation. */
bool access_may_refer(const actor *a);
/* The reference index: the casework roles that coordinate care or act on
 * it register; the coordinating roles (care coordinators, administrators)
 * see their organisation's escalations and flags. */
bool access_may_register_concerns(const actor *a);
bool access_may_coordinate_concerns(const actor *a);
/* Who looks into a flag of unusual use of the index: the coordinating
 * roles and the organisation's privacy officer (never the flagged user). */
bool access_may_review_flags(const actor *a);

/* Subject access (AVG art. 15): who makes a copy of everything held about
 * a child, and whose records it holds: the actor's own organisation's
 * (its id), or every organisation's (0: the national office's privacy
 * officer).  Only privacy officers; never the operator without a name. */
bool access_may_answer_subject_access(const actor *a);
int64_t access_subject_access_scope(const actor *a);

/* Whether the actor may see this person / signal: SG_OK, SG_ENOTFOUND (not
 * theirs to see), SG_EFORBIDDEN (the role reads no personal data), or a
 * store error. */
SG_MUST_CHECK int access_check_person(store_tx *tx, const actor *a, const person_row *p);
SG_MUST_CHECK int access_check_signal(store_tx *tx, const actor *a, const signal_row *s);
/* A case of org_id: SG_OK for its care coordinators, SG_ENOTFOUND for other
 * casework roles, SG_EFORBIDDEN for roles that read no personal data. */
SG_MUST_CHECK int access_check_case(const actor *a, int64_t case_org_id);

/* When listing: the observer filter a role implies (its own user id for a
 * mentor, 0 for everyone else). */
int64_t access_signal_observer_scope(const actor *a);
int64_t access_person_user_scope(const actor *a);

#endif
