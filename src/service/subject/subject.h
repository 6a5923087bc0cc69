/*
 * subject.h - subject access (AVG art. 15): a copy of everything signaal
 * holds about one child, with who saw it and when, for the HTTP API and
 * the command line.
 *
 * Who may make one, and whose records it holds (security/access.h): a
 * privacy officer, for the records of their own organisation; the privacy
 * officer of the national office, for every organisation's.  Nobody else
 * (SG_EFORBIDDEN); a child whose record the officer's organisation does
 * not hold is SG_ENOTFOUND, as anywhere else.
 *
 * "The child" is the person record asked for together with every other
 * record of the same citizen service number (BSN) within that scope: each
 * organisation records a child on its own, and the BSN's keyed pseudonym
 * ties the records together.  Asked for by BSN, the copy holds every
 * record with that BSN in scope, and reference-index registrations, which
 * carry no person record, are found by the same pseudonym (and by the
 * name with the date of birth).  Every kind of record is in it (see
 * domain/subject.h), each with its purpose and legal basis, and the audit
 * trail's entries about the child: when, which organisation, which role,
 * what and why (staff are not named; C-579/21).  Other persons are never
 * named.  The copy is made in one transaction with its own audit entries
 * ("subject.export", one per person record), so it is itself in the next
 * copy's access log.  It is a copy for the privacy officer to assess
 * before handing it over (the texts say what may be left out and why).
 */
#ifndef SG_SERVICE_SUBJECT_H
#define SG_SERVICE_SUBJECT_H

#include <stdbool.h>

#include "service/app.h"

typedef struct subject_request {
    const char *person_id; /* the child's pseudonymous id, or NULL */
    const char *bsn;       /* or the child's BSN (exactly one of the two) */
    const char *reference; /* the request's reference in the officer's files, or NULL */
} subject_request;

/* The copy as JSON: {"generated_at", "reference", "requested_by", "scope",
 * "child", "rules_version", "information", "labels", "sections": [{"kind",
 * "nl", "en", "purpose", "source", "items", "truncated"}]}; the access
 * log's section also has "total".  SG_EINVAL (err names the field) for a
 * malformed request; SG_EUNAVAILABLE when the rules are not published. */
SG_MUST_CHECK int subject_export(app *a, const actor *who, const subject_request *req, json_t **out,
                                 svc_error *err);

/* The copy as a printable HTML page in Dutch (dutch) or English; a new
 * string the caller frees with sg_free. */
SG_MUST_CHECK int subject_render_html(const json_t *copy, bool dutch, char **out);

#endif
