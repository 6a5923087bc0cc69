/*
 * ops.h - operating signaal for years: online backups and restores with
 * the audit trail's checkpoint (backup.c), and the rotation of the
 * field-encryption key (rekey.c).
 *
 * These are the operator's use cases, run from the command line as the
 * system actor on the machine that holds the key file; none of them is an
 * HTTP route.  Each appends its audit entries like any use case: a backup
 * and a restore are recorded, and a rotation when it starts and when it
 * retires the old key.  Messages in the reports are English, for the
 * operator; nothing in them names a person.
 */
#ifndef SG_SERVICE_OPS_H
#define SG_SERVICE_OPS_H

#include <stdbool.h>
#include <stdint.h>

#include "security/audit.h"
#include "service/app.h"

/* ---- backup and restore (backup.c) ------------------------------------ */

typedef struct ops_backup_report {
    audit_checkpoint checkpoint; /* the trail's head in the copy, signed */
    int64_t entries;             /* audit entries verified in the copy (SQLite) */
    bool recorded;               /* the backup has its entry in the live trail */
    int recorded_status;         /* why not, when it has not */
    char why[512];               /* what failed, when something did */
} ops_backup_report;

/* Copies the database of a (at address) into the new file out while
 * others keep writing, and writes the signed checkpoint of the copy's
 * audit trail to checkpoint_out (a new file, one line of JSON, the format
 * `signaal audit verify --checkpoint` reads).  An SQLite copy's chain is
 * verified before it is called a backup.  The key file is never copied.
 * The backup is recorded in the live trail first (database.backup); when
 * the database cannot be written (full or read-only disk) the backup is
 * still made and rep->recorded is false. */
SG_MUST_CHECK int ops_backup(app *a, const char *address, const char *out,
                             const char *checkpoint_out, ops_backup_report *rep);

typedef struct ops_restore_report {
    audit_checkpoint checkpoint; /* the backup's checkpoint, found in the restored trail */
    int64_t entries;             /* audit entries verified */
    char why[512];
} ops_restore_report;

/* Restores the backup file into the new database at address (an SQLite
 * path that must not exist, or an empty PostgreSQL database), opens it
 * with its key file (SIGNAAL_KEY_FILE or PATH.key, which the operator
 * restored apart), verifies the whole chain and that it holds the
 * checkpoint read from checkpoint_file, writes that checkpoint as the
 * first line of anchor_file (when not NULL) and records the restore
 * (database.restore).  A restore that fails verification removes the
 * SQLite file it made.  *out (may be NULL) gets the opened app. */
SG_MUST_CHECK int ops_restore(const char *backup, const char *checkpoint_file, const char *address,
                              const char *anchor_file, app **out, ops_restore_report *rep);

/* ---- rotating the field-encryption key (rekey.c) ---------------------- */

typedef struct rekey_progress_note {
    const char *table;
    const char *column;
    int64_t rewritten; /* values re-encrypted so far in this run */
    int target_key;
} rekey_progress_note;

typedef struct rekey_options {
    bool prepare_only; /* add and register a new key, then stop (several servers) */
    int batch;         /* values re-encrypted per transaction (0: 500) */
    int grace_ms;      /* after activation, how long servers have to follow (0: 3000) */
    void (*progress)(const rekey_progress_note *note, void *ctx); /* may be NULL */
    void *ctx;
} rekey_options;

typedef struct rekey_report {
    int target_key;
    bool resumed;           /* a rotation stopped midway was carried on */
    bool prepared;          /* prepare_only: the key waits in the key file */
    bool finished_previous; /* only the previous rotation's key file was left to do */
    int64_t rewritten;      /* values re-encrypted by this run */
    int retired[VAULT_FIELD_IDS];
    int nretired;
    int dropped; /* keys taken out of the key file */
    char why[512];
} rekey_report;

/* Rotates the field-encryption key: a new key in the key file (or the one
 * a stopped or prepared rotation left), made active in the database, every
 * encrypted value re-encrypted with it in small transactions while the
 * servers go on (they read with either key meanwhile), and once no value
 * uses an older key, those keys retired and taken out of the key file.
 * Stopped at any point, the next run carries on. */
SG_MUST_CHECK int rekey_run(app *a, const rekey_options *opt, rekey_report *rep);

/* The registry of field keys and a rotation under way, as JSON (a new
 * reference): {"keys": [...], "in_progress": {...} or null}. */
SG_MUST_CHECK int rekey_status(app *a, json_t **out);

#endif
