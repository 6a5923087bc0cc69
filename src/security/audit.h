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
 *
 * The chain cannot show that it was wiped whole, or that the database was
 * rolled back to an older copy: checkpoints anchor it outside the database
 * (audit_anchor.c).  A checkpoint is the head's number and hash and the
 * time, signed with the Ed25519 key the key file seeds; the server appends
 * one to an append-only file beside the database and to its log whenever
 * the trail grew, and `signaal audit checkpoint` exports one to keep
 * elsewhere.  Verification against checkpoints asks that the trail still
 * holds each recorded entry with its recorded hash.
 */
#ifndef SG_AUDIT_H
#define SG_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
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

/* Appends ev to the trail within tx, or to the entries a read defers
 * (below) when tx is that read's. */
SG_MUST_CHECK int audit_append(store_tx *tx, const vault *v, const audit_event *ev);

/* The entries of a read, kept aside to be spooled (audit_spool.h) once the
 * read succeeded, instead of appended in its transaction: between
 * audit_defer_begin and audit_defer_end, on the calling thread,
 * audit_append within tx adds the entry, as the trail would hold it, to
 * rows[0..n).  A read that runs again starts with none. */
typedef struct audit_deferred {
    const store_tx *tx;
    audit_row *rows; /* &one, or an allocation when there are more */
    int n;
    int cap;
    bool failed;   /* out of memory: the read must fail */
    audit_row one; /* most reads have one entry: no allocation for it */
} audit_deferred;
void audit_defer_begin(audit_deferred *d, const store_tx *tx);
void audit_defer_end(audit_deferred *d);
void audit_deferred_free(audit_deferred *d);

/* The two halves of audit_append, for the spool (audit_spool.h): an
 * entry's own fields from ev, with the time now (row is overwritten), and
 * appending such a row within tx (its seq, prev_hash and hash are filled
 * in). */
void audit_row_fill(audit_row *row, const audit_event *ev);
SG_MUST_CHECK int audit_append_row(store_tx *tx, const vault *v, audit_row *row);
/* The same for rows[0..n) in order, with one read and one write of the
 * head for all of them. */
SG_MUST_CHECK int audit_append_rows(store_tx *tx, const vault *v, audit_row *rows, int n);
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
    int64_t broken_seq; /* first broken entry, 0 when intact; -1: a bad checkpoint */
    char reason[512];   /* why it is broken, in English */
} audit_report;

/* Checks the whole chain; an empty trail in a database that holds accounts
 * or persons is broken too (it was wiped).  Returns SG_OK whether or not it
 * is intact (see report->broken_seq); an error only when it could not be
 * checked. */
SG_MUST_CHECK int audit_verify(store *s, const vault *v, audit_report *report);

/* The hash of an entry given its predecessor's hash (for tests and tools). */
void audit_entry_hash(const vault *v, const audit_row *row, char out[STORE_HASH_LEN]);

/* ---- checkpoints (audit_anchor.c) ---------------------------------------- */

typedef struct audit_checkpoint {
    int64_t seq; /* the newest entry, 0 for an empty trail */
    char hash[STORE_HASH_LEN];
    char at[CLOCK_ISO_LEN];
    char public_key[VAULT_PUBLIC_KEY_HEX];
    char signature[VAULT_SIGNATURE_HEX];
} audit_checkpoint;

/* A signed checkpoint of the trail's head as it is now. */
SG_MUST_CHECK int audit_checkpoint_make(store *s, const vault *v, audit_checkpoint *out);
/* Signs the checkpoint of c->seq and c->hash (read by the caller, say in
 * the snapshot a backup copies), stamping it with the time now. */
SG_MUST_CHECK int audit_checkpoint_sign(const vault *v, audit_checkpoint *c);
/* The checkpoint as JSON (a new reference), and back from JSON text
 * (SG_EINVAL when it is not one). */
json_t *audit_checkpoint_json(const audit_checkpoint *c);
SG_MUST_CHECK int audit_checkpoint_parse(const char *text, audit_checkpoint *out);
/* True when c carries public_key and a valid signature by it. */
bool audit_checkpoint_signed_by(const audit_checkpoint *c, const char *public_key);
/* Appends c as one line to the file at path (created with mode 0600) and
 * syncs it to disk. */
SG_MUST_CHECK int audit_anchor_append(const char *path, const audit_checkpoint *c);
/* The anchor file: setting when given, else "<SQLite path>.anchors";
 * SG_ENOTFOUND for a PostgreSQL address without a setting. */
SG_MUST_CHECK int audit_anchor_path(const char *db_address, const char *setting, char *out,
                                    size_t n);
/* Checks one checkpoint: signed with own_key (this key file's public key),
 * and its entry still in the trail with its hash; a failure goes into rep,
 * named by label ("checkpoint 3 of FILE"). */
SG_MUST_CHECK int audit_checkpoint_check(store *s, const char *own_key, const audit_checkpoint *c,
                                         const char *label, audit_report *rep);
/* The last checkpoint of an anchor file; SG_ENOTFOUND when there is none. */
SG_MUST_CHECK int audit_anchor_last(const char *path, audit_checkpoint *out);
/* Checks every checkpoint in the file at path (one JSON object a line):
 * signed with this key file, and its entry still in the trail with its
 * hash.  The first failure goes into rep (broken_seq, reason); *count is
 * the number of checkpoints checked.  SG_ENOTFOUND when there is no file. */
SG_MUST_CHECK int audit_verify_checkpoints(store *s, const vault *v, const char *path,
                                           audit_report *rep, int *count);

#endif
