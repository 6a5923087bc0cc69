/* signaal migrate: a whole SQLite database into an empty PostgreSQL database. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "cli/cli.h"
#include "security/audit.h"
#include "security/audit_spool.h"
#include "security/vault.h"

static const cli_option migrate_options[] = {
    {"from", "sqlite:PATH", "the SQLite database to copy (stop its servers first)"},
    {"to", "postgres://...", "the empty PostgreSQL database to copy it into"},
    {"key-file", "FILE",
     "the key file, to verify the copied audit trail (SIGNAAL_KEY_FILE; default PATH.key)"},
    {"json", NULL, "print JSON"},
    {NULL, NULL, NULL}};

typedef struct progress_ctx {
    bool tty;
    int tables;
} progress_ctx;

static void progress(const char *table, int64_t rows, int done, int total, void *arg)
{
    progress_ctx *p = arg;
    p->tables = done;
    if (p->tty)
        fprintf(stderr, "\r\033[Kcopied %d of %d tables (%s: %lld rows)", done, total, table,
                (long long)rows);
}

/* Moves what the source's audit spool still holds (a server that
 * crashed, or the last moments of one that runs) into its trail first, so
 * that the copy has every read's entry. */
static int drain_source(const char *path, const char *key_path, const char **detail)
{
    char spool[4200];
    audit_spool_path(path, spool, sizeof spool);
    if (access(spool, F_OK) != 0)
        return SG_OK;
    if (!key_path[0] || access(key_path, R_OK) != 0) {
        *detail = "the audit spool beside the database needs the key file to be moved into the"
                  " trail (--key-file)";
        return SG_EINVAL;
    }
    vault *keys = NULL;
    store *src = NULL;
    char address[4200];
    snprintf(address, sizeof address, "sqlite:%s", path);
    int rc = vault_open(key_path, false, &keys, detail);
    if (rc == SG_OK)
        rc = store_open(address, NULL, false, &src, detail);
    if (rc == SG_OK) {
        rc = audit_spool_drain(src, keys, spool);
        if (rc != SG_OK)
            *detail = "cannot move the audit spool's entries into the trail";
    }
    store_close(src);
    vault_free(keys);
    return rc;
}

/* Verifies the copied trail with the key file; fills rep.  A missing key
 * file is no failure of the copy: *checked stays false. */
static int verify(store *db, const char *key_path, audit_report *rep, bool *checked)
{
    vault *keys = NULL;
    const char *detail = "";
    *checked = false;
    if (access(key_path, R_OK) != 0)
        return SG_OK;
    int rc = vault_open(key_path, false, &keys, &detail);
    if (rc == SG_OK)
        rc = audit_verify(db, keys, rep);
    vault_free(keys);
    *checked = rc == SG_OK;
    return rc;
}

int cli_migrate(int argc, char **argv)
{
    cli_args args;
    int rc = cli_parse("migrate", migrate_options, argc, argv, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help) {
        cli_usage("signaal migrate --from sqlite:PATH --to postgres://USER@HOST:PORT/DB",
                  "Copies a whole SQLite database (every table, ids, the audit trail) into an\n"
                  "empty PostgreSQL database, in one transaction that also creates the schema;\n"
                  "a database that holds data is refused, and so is a table of either without\n"
                  "a counterpart in the other.  Both must be at this signaal's schema version\n"
                  "(run 'signaal init --db PATH' first).  Afterwards the audit trail is verified\n"
                  "with the key file; keep using that key file (SIGNAAL_KEY_FILE) with the new\n"
                  "database.",
                  migrate_options);
        return EXIT_OK;
    }
    const char *from = cli_setting(&args, "from", NULL);
    const char *to = cli_setting(&args, "to", NULL);
    if (!from || !to) {
        fprintf(stderr, "signaal migrate: --from sqlite:PATH and --to postgres://... are needed\n");
        return EXIT_USAGE;
    }
    const char *path = store_sqlite_path(from);
    if (!path || !store_address_is_postgres(to)) {
        fprintf(stderr, "signaal migrate: copies from SQLite (--from) to PostgreSQL (--to)\n");
        return EXIT_USAGE;
    }
    if (access(path, R_OK) != 0) {
        fprintf(stderr, "signaal migrate: no database at %s\n", path);
        return EXIT_FAIL;
    }
    char key_path[4096];
    const char *key = cli_setting(&args, "key-file", NULL);
    if (key)
        snprintf(key_path, sizeof key_path, "%s", key);
    else if (vault_key_path(path, key_path, sizeof key_path) != SG_OK)
        key_path[0] = '\0';

    store *db = NULL;
    const char *detail = "";
    rc = drain_source(path, key_path, &detail);
    if (rc != SG_OK) {
        fprintf(stderr, "signaal migrate: %s\n", detail);
        return EXIT_FAIL;
    }
    rc = store_open(to, NULL, false, &db, &detail);
    if (rc != SG_OK) {
        fprintf(stderr, "signaal migrate: cannot open the PostgreSQL database: %s\n",
                *detail ? detail : sg_status_str(rc));
        return EXIT_FAIL;
    }
    progress_ctx pc = {.tty = isatty(STDERR_FILENO) == 1, .tables = 0};
    char why[512];
    int64_t rows = 0, started = clock_mono_ms();
    rc = store_copy_sqlite(db, path, progress, &pc, &rows, why, sizeof why);
    if (pc.tty)
        fprintf(stderr, "\r\033[K");
    if (rc != SG_OK) {
        fprintf(stderr, "signaal migrate: %s\n", why);
        store_close(db);
        return EXIT_FAIL;
    }
    audit_report rep;
    bool checked = false;
    memset(&rep, 0, sizeof rep);
    rc = key_path[0] ? verify(db, key_path, &rep, &checked) : SG_OK;
    store_close(db);
    bool intact = checked && rep.broken_seq == 0;
    if (cli_switch(&args, "json")) {
        cli_print_json(json_pack("{s:i, s:I, s:b, s:b, s:I}", "tables", pc.tables, "rows",
                                 (json_int_t)rows, "audit_checked", checked, "audit_intact", intact,
                                 "audit_entries", (json_int_t)rep.checked));
    } else {
        printf("copied %d tables, %lld rows, in %.1f s\n", pc.tables, (long long)rows,
               (double)(clock_mono_ms() - started) / 1000.0);
        if (intact)
            printf("audit trail intact: %lld entries checked\n", (long long)rep.checked);
        else if (checked)
            printf("audit trail BROKEN at entry %lld: %s\n", (long long)rep.broken_seq, rep.reason);
        else
            printf("audit trail not verified: no key file at %s (run signaal audit verify with"
                   " SIGNAAL_KEY_FILE)\n",
                   key_path);
    }
    if (rc != SG_OK)
        return cli_fail("verifying the audit trail", rc, NULL);
    return checked && !intact ? EXIT_FAIL : EXIT_OK;
}
