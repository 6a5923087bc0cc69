/*
 * backup.c - online backups with the audit trail's checkpoint, and
 * restores into a new database that prove they hold what was backed up.
 *
 * A backup is only as good as the proof that it is whole: the copy's
 * audit head is read in the very snapshot that is copied and signed as a
 * checkpoint; an SQLite copy's chain is verified before it is called a
 * backup.  A restore verifies the restored chain and that it still holds
 * that checkpoint, and then starts the new database's anchor file with
 * it, so a server on the restored database refuses an older copy later.
 * The key file is never part of a backup: it is backed up apart.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/text.h"
#include "service/ops/ops_int.h"
#include "store/ops.h"

/* ---- audit entries of the operator's actions -------------------------- */

int ops_audit_database(store_tx *tx, const app *a, const char *action, const char *purpose)
{
    actor sys;
    access_system_actor(&sys);
    return audit_record(tx, a->keys, &sys, action, "database", "", "", purpose);
}

int ops_audit_key(store_tx *tx, const app *a, const char *action, int key_id)
{
    actor sys;
    access_system_actor(&sys);
    char id[16];
    snprintf(id, sizeof id, "%d", key_id);
    return audit_record(tx, a->keys, &sys, action, "field_key", id, "", "key rotation");
}

typedef struct record_ctx {
    const app *a;
    const char *action;
    const char *purpose;
} record_ctx;

static int record_job(store_tx *tx, void *arg)
{
    record_ctx *rc = arg;
    return ops_audit_database(tx, rc->a, rc->action, rc->purpose);
}

/* ---- backup ----------------------------------------------------------- */

static int head_job(store_tx *tx, void *arg)
{
    audit_checkpoint *c = arg;
    return store_audit_head(tx, &c->seq, c->hash, NULL);
}

static void report(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void report(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
}

/* Verifies the SQLite copy at path: its whole chain, and the checkpoint
 * read while it was copied. */
static int verify_copy(app *a, const char *path, ops_backup_report *rep)
{
    store *copy = NULL;
    const char *detail = NULL;
    store_options opt = {.readers = 1, .busy_timeout_ms = 5000, .durable = true};
    int rc = store_open(path, &opt, false, &copy, &detail);
    if (rc != SG_OK) {
        report(rep->why, sizeof rep->why, "cannot open the copy: %s", detail);
        return rc;
    }
    audit_report ar;
    rc = audit_verify(copy, a->keys, &ar);
    if (rc == SG_OK && ar.broken_seq == 0) {
        char own[VAULT_PUBLIC_KEY_HEX];
        rep->entries = ar.checked;
        rc = vault_public_key(a->keys, own);
        if (rc == SG_OK)
            rc =
                audit_checkpoint_check(copy, own, &rep->checkpoint, "the backup's checkpoint", &ar);
    }
    if (rc == SG_OK && ar.broken_seq != 0) {
        report(rep->why, sizeof rep->why, "the copy's audit trail does not verify: %s", ar.reason);
        rc = SG_ECRYPTO;
    } else if (rc != SG_OK && !rep->why[0]) {
        report(rep->why, sizeof rep->why, "cannot verify the copy: %s", sg_status_str(rc));
    }
    store_close(copy);
    return rc;
}

int ops_backup(app *a, const char *address, const char *out, const char *checkpoint_out,
               ops_backup_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rep->entries = -1;
    if (access(out, F_OK) == 0) {
        report(rep->why, sizeof rep->why, "%s exists already (never overwritten)", out);
        return SG_ECONFLICT;
    }
    if (access(checkpoint_out, F_OK) == 0) {
        report(rep->why, sizeof rep->why, "%s exists already (never overwritten)", checkpoint_out);
        return SG_ECONFLICT;
    }
    /* Recorded first, so the copy holds its own entry.  A database that
     * cannot be written is the one that most needs a copy. */
    record_ctx rec = {.a = a, .action = "database.backup", .purpose = "backup"};
    rep->recorded_status = store_write(a->db, record_job, &rec);
    rep->recorded = rep->recorded_status == SG_OK;
    if (!rep->recorded && rep->recorded_status != SG_ENOSPACE
        && rep->recorded_status != SG_EREADONLY) {
        report(rep->why, sizeof rep->why, "cannot record the backup in the audit trail: %s",
               sg_status_str(rep->recorded_status));
        return rep->recorded_status;
    }
    /* The entries of reads a server spooled but had not yet moved go into
     * the trail before it is copied. */
    int rc = rep->recorded ? svc_trail_settle(a) : SG_OK;
    if (rc != SG_OK) {
        report(rep->why, sizeof rep->why, "cannot move the audit spool into the trail: %s",
               sg_status_str(rc));
        return rc;
    }
    rc = store_backup(a->db, out, head_job, &rep->checkpoint, rep->why, sizeof rep->why);
    if (rc != SG_OK)
        return rc;
    rc = audit_checkpoint_sign(a->keys, &rep->checkpoint);
    if (rc == SG_OK && !store_address_is_postgres(address)) {
        rc = verify_copy(a, out, rep);
        if (rc == SG_OK)
            rc = store_backup_seal(out, rep->why, sizeof rep->why);
    }
    if (rc == SG_OK && audit_anchor_append(checkpoint_out, &rep->checkpoint) != SG_OK) {
        report(rep->why, sizeof rep->why, "cannot write the checkpoint to %s: %s", checkpoint_out,
               strerror(errno));
        rc = SG_EIO;
    }
    if (rc != SG_OK) {
        unlink(out);
        if (!rep->why[0])
            report(rep->why, sizeof rep->why, "%s", sg_status_str(rc));
    }
    return rc;
}

/* ---- restore ---------------------------------------------------------- */

/* The checkpoint the backup came with, signed with the key file that will
 * open the restored database. */
static int read_checkpoint(const char *file, const char *key_path, audit_checkpoint *c,
                           ops_restore_report *rep)
{
    int rc = audit_anchor_last(file, c);
    if (rc != SG_OK) {
        report(rep->why, sizeof rep->why,
               "no checkpoint in %s: a backup is restored with the checkpoint made with it", file);
        return rc == SG_ENOTFOUND ? SG_EINVAL : rc;
    }
    vault *v = NULL;
    const char *detail = NULL;
    rc = vault_open(key_path, false, &v, &detail);
    if (rc != SG_OK) {
        report(rep->why, sizeof rep->why,
               "cannot open the key file %s (%s): restore the key file you backed up apart"
               " there, mode 0600, or name it with SIGNAAL_KEY_FILE",
               key_path, detail);
        return rc;
    }
    char own[VAULT_PUBLIC_KEY_HEX];
    rc = vault_public_key(v, own);
    if (rc == SG_OK && !audit_checkpoint_signed_by(c, own)) {
        report(rep->why, sizeof rep->why,
               "the checkpoint in %s was not signed with the key file %s: is it this"
               " database's key file?",
               file, key_path);
        rc = SG_ECRYPTO;
    }
    vault_free(v);
    return rc;
}

static void remove_sqlite(const char *address)
{
    const char *path = store_sqlite_path(address);
    const char *suffixes[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; path && i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        (void)unlink(p);
    }
}

int ops_restore(const char *backup, const char *checkpoint_file, const char *address,
                const char *anchor_file, app **out, ops_restore_report *rep)
{
    memset(rep, 0, sizeof *rep);
    if (out)
        *out = NULL;
    char key_path[4200];
    const char *path = store_sqlite_path(address);
    const char *env = getenv("SIGNAAL_KEY_FILE");
    if (path) {
        if (vault_key_path(path, key_path, sizeof key_path) != SG_OK)
            return SG_ETOOBIG;
    } else if (env && *env) {
        snprintf(key_path, sizeof key_path, "%s", env);
    } else {
        report(rep->why, sizeof rep->why,
               "SIGNAAL_KEY_FILE must name the key file of the backed-up database");
        return SG_EINVAL;
    }
    if (path && access(path, F_OK) == 0) {
        report(rep->why, sizeof rep->why,
               "%s exists already: restore only into a new database (never over one)", path);
        return SG_ECONFLICT;
    }
    if (anchor_file && access(anchor_file, F_OK) == 0) {
        report(rep->why, sizeof rep->why,
               "%s exists already: a restored database starts a new anchor file", anchor_file);
        return SG_ECONFLICT;
    }
    int rc = read_checkpoint(checkpoint_file, key_path, &rep->checkpoint, rep);
    if (rc != SG_OK)
        return rc;
    rc = store_restore(backup, address, rep->why, sizeof rep->why);
    if (rc != SG_OK)
        return rc;
    app *a = NULL;
    const char *detail = NULL;
    rc = app_open(address, false, &a, &detail);
    if (rc != SG_OK) {
        report(rep->why, sizeof rep->why, "cannot open the restored database: %s", detail);
        goto out;
    }
    audit_report ar;
    rc = audit_verify(a->db, a->keys, &ar);
    if (rc == SG_OK && ar.broken_seq == 0) {
        rep->entries = ar.checked;
        rc = audit_checkpoint_check(a->db, rep->checkpoint.public_key, &rep->checkpoint,
                                    "the backup's checkpoint", &ar);
    }
    if (rc == SG_OK && ar.broken_seq != 0) {
        report(rep->why, sizeof rep->why, "the restored audit trail does not verify: %s",
               ar.reason);
        rc = SG_ECRYPTO;
    } else if (rc != SG_OK) {
        report(rep->why, sizeof rep->why, "cannot verify the restored database: %s",
               sg_status_str(rc));
    }
    if (rc == SG_OK && anchor_file && audit_anchor_append(anchor_file, &rep->checkpoint) != SG_OK) {
        report(rep->why, sizeof rep->why, "cannot write the anchor file %s: %s", anchor_file,
               strerror(errno));
        rc = SG_EIO;
    }
    if (rc == SG_OK) {
        record_ctx rec = {.a = a, .action = "database.restore", .purpose = "restore from a backup"};
        rc = store_write(a->db, record_job, &rec);
        if (rc != SG_OK)
            report(rep->why, sizeof rep->why, "cannot record the restore: %s", sg_status_str(rc));
    }
out:
    if (rc == SG_OK && out) {
        *out = a;
        a = NULL;
    }
    app_close(a);
    if (rc != SG_OK && path) {
        remove_sqlite(address);
        if (anchor_file)
            (void)unlink(anchor_file);
    }
    return rc;
}
