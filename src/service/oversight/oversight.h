/*
 * oversight.h - what the roles that oversee rather than do casework need
 * for their work: the administrator's catalogue of roles, the auditor's
 * directory of the people in their scope, and the privacy officer's list
 * of referrals sent on an override of the legal basis.
 *
 * Each use case checks the role itself (the route table checks it too) and
 * answers only within the actor's scope: an organisation's auditor sees
 * the people of their own organisation, a national auditor all; a privacy
 * officer the overrides of their own organisation, with the reason given
 * and never the content shared.  Reads of staff or of a referral are
 * audited in the same transaction.  Nothing here changes a record.  Each
 * answer in *out is a new JSON object the caller releases with json_decref;
 * err (may be NULL) names a refused input.
 */
#ifndef SG_OVERSIGHT_H
#define SG_OVERSIGHT_H

#include "service/app.h"

/* {"items": [{"code", "nl", "en", "second_factor", "national",
 * "organisation_types": [code...]}], "organisation_types": [{"code", "nl",
 * "en"}]}: every role, which kinds of organisation it belongs in, and the
 * kinds of organisation.  Administrators only (SG_EFORBIDDEN otherwise). */
SG_MUST_CHECK int oversight_roles(app *a, const actor *who, json_t **out);

/* A page of the accounts whose actions the auditor reads in the trail:
 * {"items": [{"id", "login", "role", "organisation": {"id", "name",
 * "type"}, "disabled"}], "next_cursor"}.  Auditors only. */
SG_MUST_CHECK int oversight_audit_people(app *a, const actor *who, const char *cursor, int limit,
                                         json_t **out, svc_error *err);

/* A page of the referrals the privacy officer's organisation sent on an
 * override of the legal basis, oldest first: {"items": [{"id",
 * "created_at", "status", "purpose", "to", "sent_by", "override_reason"}],
 * "next_cursor"}.  Privacy officers only. */
SG_MUST_CHECK int oversight_overrides(app *a, const actor *who, const char *cursor, int limit,
                                      json_t **out, svc_error *err);

#endif
