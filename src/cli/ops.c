/* signaal backup | restore | rekey: the operator's commands for keeping
 * a database for years (service/ops/ops.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cli/cli.h"
#include "security/audit.h"
#include "service/ops/ops.h"

/* Where the key file of the database at address is (SQLite: PATH.key
 * unless SIGNAAL_KEY_FILE says otherwise). */
static void key_file_of(const char *address, char *out, size_t n)
{
    const char *path = store_sqlite_path(address);
    const char *env = getenv("SIGNAAL_KEY_FILE");
    if (path) {
        if (vault_key_path(path, out, n) != SG_OK)
            snprintf(out, n, "%s.key", path);
    } else {
        snprintf(out, n, "%s", env && *env ? env : "(SIGNAAL_KEY_FILE)");
    }
}

/* ---- backup ----------------------------------------------------------- */

static const cli_option backup_options[] = {
    {"db", "PATH", "the database to copy (SIGNAAL_DB); servers may keep running"},
    {"out", "FILE", "the backup file to make (never overwritten)"},
    {"checkpoint-out", "FILE", "where the signed checkpoint goes (default FILE.checkpoint)"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

int cli_backup(int argc, char **argv)
{
    cli_args args;
    int rc = cli_parse("backup", backup_options, argc, argv, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help) {
        cli_usage("signaal backup --db PATH --out FILE",
                  "Copies the whole database into FILE while servers keep writing: SQLite's\n"
                  "online backup (one self-contained database file, its audit trail verified),\n"
                  "or pg_dump of one snapshot for PostgreSQL.  With it goes FILE.checkpoint,\n"
                  "the signed checkpoint of the audit trail as it is in the copy; keep the two\n"
                  "together.  The key file is never copied: back it up apart, to another place,\n"
                  "since whoever holds both can read everything.  The backup is recorded in the\n"
                  "audit trail.  Restore with 'signaal restore'.",
                  backup_options);
        return EXIT_OK;
    }
    const char *db = cli_setting(&args, "db", NULL);
    const char *out = cli_setting(&args, "out", NULL);
    if (!db || !out) {
        fprintf(stderr, "signaal backup: --db PATH and --out FILE are needed\n");
        return EXIT_USAGE;
    }
    char checkpoint_out[4200], key_path[4200];
    snprintf(checkpoint_out, sizeof checkpoint_out, "%s", cli_setting(&args, "checkpoint-out", ""));
    if (!checkpoint_out[0])
        snprintf(checkpoint_out, sizeof checkpoint_out, "%s.checkpoint", out);
    key_file_of(db, key_path, sizeof key_path);
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    ops_backup_report rep;
    int st = ops_backup(a, db, out, checkpoint_out, &rep);
    app_close(a);
    if (st != SG_OK) {
        fprintf(stderr, "signaal backup: %s\n", rep.why);
        return EXIT_FAIL;
    }
    if (cli_switch(&args, "json")) {
        cli_print_json(json_pack("{s:s, s:s, s:I, s:s, s:I, s:b, s:s}", "backup", out,
                                 "checkpoint_file", checkpoint_out, "audit_seq",
                                 (json_int_t)rep.checkpoint.seq, "audit_hash", rep.checkpoint.hash,
                                 "audit_entries_verified", (json_int_t)rep.entries, "recorded",
                                 rep.recorded, "key_file", key_path));
    } else {
        printf("backup of %s written to %s, as of audit entry %lld\n", db, out,
               (long long)rep.checkpoint.seq);
        if (rep.entries >= 0)
            printf("audit trail of the copy intact: %lld entries checked\n",
                   (long long)rep.entries);
        else
            printf("audit trail of the copy: verified when it is restored\n");
        printf("signed checkpoint written to %s: keep it with the backup\n", checkpoint_out);
    }
    if (!rep.recorded)
        fprintf(stderr,
                "signaal backup: warning: the backup could not be recorded in the audit"
                " trail (%s)\n",
                sg_status_str(rep.recorded_status));
    fprintf(stderr,
            "signaal backup: the key file %s is NOT in the backup. Back it up apart, to another\n"
            "place than the backup (offline, a safe): without it the backup cannot be read,\n"
            "and whoever holds both can read everything.\n",
            key_path);
    return EXIT_OK;
}

/* ---- restore ---------------------------------------------------------- */

static const cli_option restore_options[] = {
    {"from", "FILE", "the backup made by signaal backup"},
    {"db", "PATH",
     "the new database to restore into (an SQLite path that does not exist yet,"
     " or an empty PostgreSQL database)"},
    {"checkpoint", "FILE", "the backup's checkpoint (default FILE.checkpoint)"},
    {"anchor-file", "FILE",
     "the new database's anchor file (default PATH.anchors for SQLite; PostgreSQL: none unless"
     " given)"},
    {"json", NULL, "print JSON"},
    {NULL, NULL, NULL}};

int cli_restore(int argc, char **argv)
{
    cli_args args;
    int rc = cli_parse("restore", restore_options, argc, argv, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help) {
        cli_usage("signaal restore --from FILE --db PATH",
                  "Restores a backup into a new database (never over an existing one): an SQLite\n"
                  "file, or an empty PostgreSQL database (pg_restore).  The key file backed up\n"
                  "apart must be at PATH.key (mode 0600) or named by SIGNAAL_KEY_FILE.  The whole\n"
                  "audit trail is verified and must hold the backup's signed checkpoint; the new\n"
                  "database's anchor file starts with it, and the restore is recorded.  Point the\n"
                  "servers at the new database; keep the old anchor file as evidence of what the\n"
                  "backup lacks.",
                  restore_options);
        return EXIT_OK;
    }
    const char *from = cli_setting(&args, "from", NULL);
    /* Only from the command line, never SIGNAAL_DB: it names a new database. */
    const char *db = NULL;
    for (int i = 0; restore_options[i].name; i++)
        if (strcmp(restore_options[i].name, "db") == 0)
            db = args.values[i];
    if (!from || !db) {
        fprintf(stderr, "signaal restore: --from FILE and --db PATH are needed\n");
        return EXIT_USAGE;
    }
    char checkpoint[4200], anchors[4200];
    snprintf(checkpoint, sizeof checkpoint, "%s", cli_setting(&args, "checkpoint", ""));
    if (!checkpoint[0])
        snprintf(checkpoint, sizeof checkpoint, "%s.checkpoint", from);
    bool anchored =
        audit_anchor_path(db, cli_setting(&args, "anchor-file", NULL), anchors, sizeof anchors)
        == SG_OK;
    ops_restore_report rep;
    int st = ops_restore(from, checkpoint, db, anchored ? anchors : NULL, NULL, &rep);
    if (st != SG_OK) {
        fprintf(stderr, "signaal restore: %s\n", rep.why);
        return EXIT_FAIL;
    }
    if (cli_switch(&args, "json")) {
        cli_print_json(json_pack("{s:s, s:I, s:I, s:s, s:s?}", "database", db, "audit_entries",
                                 (json_int_t)rep.entries, "checkpoint_seq",
                                 (json_int_t)rep.checkpoint.seq, "checkpoint_at", rep.checkpoint.at,
                                 "anchor_file", anchored ? anchors : NULL));
    } else {
        printf("restored %s into %s\n", from, db);
        printf("audit trail intact: %lld entries checked; it holds the backup's checkpoint"
               " (entry %lld of %s)\n",
               (long long)rep.entries, (long long)rep.checkpoint.seq, rep.checkpoint.at);
        if (anchored)
            printf("anchor file started: %s\n", anchors);
    }
    return EXIT_OK;
}

/* ---- rekey ------------------------------------------------------------ */

static const cli_option rekey_cli_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB); servers may keep running"},
    {"prepare", NULL, "only add the new key to the key file (several servers: copy it first)"},
    {"status", NULL, "show the field keys and a rotation under way, and change nothing"},
    {"batch", "N", "values re-encrypted per transaction (default 500)"},
    {"grace", "SECONDS", "how long servers have to follow the new key (default 5)"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

typedef struct rekey_tty {
    bool tty;
} rekey_tty;

static void rekey_progress(const rekey_progress_note *note, void *arg)
{
    rekey_tty *t = arg;
    if (t->tty)
        fprintf(stderr, "\r\033[Kre-encrypting with key %d: %lld values (%s.%s)", note->target_key,
                (long long)note->rewritten, note->table, note->column);
}

/* One rotation at a time on this machine: a lock beside the key file. */
static int lock_rotation(const char *key_path, int *fd)
{
    char path[4300];
    snprintf(path, sizeof path, "%s.lock", key_path);
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (*fd < 0 || flock(*fd, LOCK_EX | LOCK_NB) != 0) {
        fprintf(stderr, "signaal rekey: %s: %s\n", path,
                *fd >= 0 ? "another signaal rekey is running" : strerror(errno));
        if (*fd >= 0)
            close(*fd);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

static void print_rekey(const rekey_report *rep, const char *key_path, bool json)
{
    if (json) {
        json_t *retired = json_array();
        for (int i = 0; i < rep->nretired; i++)
            json_array_append_new(retired, json_integer(rep->retired[i]));
        cli_print_json(json_pack("{s:i, s:b, s:b, s:b, s:I, s:o, s:i, s:s}", "key", rep->target_key,
                                 "resumed", rep->resumed, "prepared", rep->prepared,
                                 "finished_previous", rep->finished_previous, "rewritten",
                                 (json_int_t)rep->rewritten, "retired", retired,
                                 "dropped_from_key_file", rep->dropped, "key_file", key_path));
        return;
    }
    if (rep->finished_previous) {
        printf("the previous rotation is finished now: %d retired key(s) taken out of the key\n"
               "file %s (back it up). Run signaal rekey again for a new rotation.\n",
               rep->dropped, key_path);
        return;
    }
    if (rep->prepared) {
        printf("field key %d is in the key file and registered, not used yet.\n"
               "Copy %s to every server (each loads it within a second), then run\n"
               "signaal rekey again on this machine.\n",
               rep->target_key, key_path);
        return;
    }
    printf("%sfield key %d encrypts everything now: %lld values re-encrypted by this run\n",
           rep->resumed ? "rotation carried on; " : "", rep->target_key, (long long)rep->rewritten);
    for (int i = 0; i < rep->nretired; i++)
        printf("key %d retired: nothing uses it any more\n", rep->retired[i]);
    if (rep->dropped)
        printf("%d retired key(s) taken out of the key file\n", rep->dropped);
    printf("The key file %s changed: back it up now. Backups made before this rotation\n"
           "need the key file as it was; keep that copy with them, or destroy both.\n",
           key_path);
}

int cli_rekey(int argc, char **argv)
{
    cli_args args;
    int rc = cli_parse("rekey", rekey_cli_options, argc, argv, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help) {
        cli_usage("signaal rekey --db PATH [--prepare | --status]",
                  "Re-encrypts every encrypted field under a new key while servers keep running:\n"
                  "a new key goes into the key file, becomes active in the database (servers\n"
                  "follow within a second and read with either key meanwhile), every value is\n"
                  "re-encrypted in small transactions, and the old key is retired and taken out\n"
                  "of the key file once nothing uses it.  Stopped at any point, run it again: it\n"
                  "carries on.  With several servers (PostgreSQL), run --prepare first, copy the\n"
                  "key file to every server, then run it without --prepare.  The audit chain,\n"
                  "token hashes, pseudonyms and checkpoint signatures keep the master key.",
                  rekey_cli_options);
        return EXIT_OK;
    }
    long batch = 0, grace = 0;
    if (cli_int_setting(&args, "batch", 500, 1, 5000, &batch) != EXIT_OK
        || cli_int_setting(&args, "grace", 5, 1, 3600, &grace) != EXIT_OK)
        return EXIT_USAGE;
    const char *db = cli_setting(&args, "db", NULL);
    char key_path[4200] = "";
    if (db)
        key_file_of(db, key_path, sizeof key_path);
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    if (cli_switch(&args, "status")) {
        json_t *status = NULL;
        int st = rekey_status(a, &status);
        app_close(a);
        if (st != SG_OK)
            return cli_fail("rekey --status", st, NULL);
        cli_print_json(status);
        return EXIT_OK;
    }
    int lock_fd = -1;
    rc = lock_rotation(key_path, &lock_fd);
    if (rc != EXIT_OK) {
        app_close(a);
        return rc;
    }
    rekey_tty tty = {.tty = isatty(STDERR_FILENO) == 1};
    rekey_options opt = {.prepare_only = cli_switch(&args, "prepare"),
                         .batch = (int)batch,
                         .grace_ms = (int)grace * 1000,
                         .progress = rekey_progress,
                         .ctx = &tty};
    rekey_report rep;
    int st = rekey_run(a, &opt, &rep);
    if (tty.tty)
        fprintf(stderr, "\r\033[K");
    app_close(a);
    close(lock_fd);
    if (st != SG_OK) {
        fprintf(stderr, "signaal rekey: %s\n", rep.why[0] ? rep.why : sg_status_str(st));
        if (rep.target_key)
            fprintf(stderr, "signaal rekey: run it again to carry on where it stopped\n");
        return EXIT_FAIL;
    }
    print_rekey(&rep, key_path, cli_switch(&args, "json"));
    return EXIT_OK;
}
