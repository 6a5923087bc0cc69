/*
 * subject.h - the rules of subject access (AVG art. 15), pure.
 *
 * A child (or their parent or guardian) may ask an organisation for
 * everything it holds about the child, with who saw it and when.  This
 * module holds what needs no I/O:
 *   - the kinds of record a copy holds, in the order it shows them
 *     (subject_kinds): every kind signaal keeps about a child;
 *   - the published rules document (data/subject-access.json): the texts
 *     that explain the copy in Dutch and English (the rights of art. 15,
 *     each kind's purpose and legal basis, what is never held about a
 *     child), the labels of the fields, whether staff are named in the
 *     access log, and the bounds of one copy.  Every entry has a source.
 * The parsed document keeps its JSON; the accessors borrow from it.
 */
#ifndef SG_SUBJECT_H
#define SG_SUBJECT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

/* The kinds of record in a copy, NULL-terminated, in the copy's order.
 * "access_log" is the trail of who read or changed the child's data. */
extern const char *const subject_kinds[];

typedef struct subject_rules {
    json_t *doc;         /* the whole document (owned) */
    int version;         /* the document's own version */
    int access_log_max;  /* the most access-log entries one copy lists */
    int records_max;     /* the most records of one kind one copy lists */
    bool staff_identity; /* whether the access log names the member of staff */
} subject_rules;

/* Parses and checks a rules document: every kind has exactly one section
 * with its Dutch and English title, purpose and source; texts, rights and
 * not_held entries have Dutch, English and (rights, not_held, the staff
 * rule) a source; labels are {nl, en}.  SG_EINVAL with a reason in why. */
SG_MUST_CHECK int subject_rules_parse(const char *text, size_t len, subject_rules *out, char *why,
                                      size_t n);
void subject_rules_free(subject_rules *r);

/* The section of kind (borrowed), or NULL. */
const json_t *subject_rules_section(const subject_rules *r, const char *kind);
/* The label of a field in Dutch or English (borrowed), or NULL. */
const char *subject_rules_label(const subject_rules *r, const char *field, bool dutch);

#endif
