/*
 * audit.h - the tamper-evident audit trail.
 *
 * Every read or write of personal data appends one entry in the same
 * transaction as the work it records: who (user, role, organisation), what
 * (action, record), which child (pseudonymous id), when, from where, and
 * why (purpose).  Entry n's hash is a keyed BLAKE2b over entry n's fields
 * and entry n-1's hash; the head table holds the newest entry.  Editing,
 * inserting, removing or reordering entries breaks the chain, and
 * audit_verify names the first entry where it breaks.  Without the key
 * file nobody can forge a consistent chain.
 */
#ifndef SG_AUDIT_H
#define SG_AUDIT_H

#include <stdint.h>

#include "base/status.h"
#include "security/access.h"
#include "security/vault.h"
#include "store/store.h"

typedef struct audit_event {
    const actor *who;
    const char *action;      /* "person.read", "signal.create" ... */
    const char *record_type; /* "person", "signal" ... */
    const char *record_id;   /* public id, or "" */
    const char *person_id;   /* the child's pseudonymous id, or "" */
    const char *purpose;     /* why: the use case, or a break-the-glass reason */
} audit_event;

/* Appends ev to the trail within tx. */
SG_MUST_CHECK int audit_append(store_tx *tx, const vault *v, const audit_event *ev);
/* Appends an entry about one record within tx; person_id is the child's
 * pseudonymous id, or "" (or NULL) when the record is about no child. */
SG_MUST_CHECK int audit_record(store_tx *tx, const vault *v, const actor *who, const char *action,
                               const char *record_type, const char *record_id,
                               const char *person_id, const char *purpose);
/* The same for a child known by internal id (0: none), whose pseudonymous
 * id is looked up within tx. */
SG_MUST_CHECK int audit_record_person(store_tx *tx, const vault *v, const actor *who,
                                      const char *action, const char *record_type,
                                      const char *record_id, int64_t person_id,
                                      const char *purpose);

typedef struct audit_report {
    int64_t checked;    /* entries checked */
    int64_t broken_seq; /* first broken entry, 0 when intact */
    char reason[160];   /* why it is broken, in English */
} audit_report;

/* Checks the whole chain.  Returns SG_OK whether or not it is intact (see
 * report->broken_seq); an error only when it could not be checked. */
SG_MUST_CHECK int audit_verify(store *s, const vault *v, audit_report *report);

/* The hash of an entry given its predecessor's hash (for tests and tools). */
void audit_entry_hash(const vault *v, const audit_row *row, char out[STORE_HASH_LEN]);

#endif
