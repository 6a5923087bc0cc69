/*
 * ops_backup.c - signaal backup while the server writes, and signaal
 * restore into a new database.
 *
 * Two client threads stream mixed writes at a server; a backup is made
 * in the middle of them, and restored while they go on.  The backup never holds the key file (neither its
 * text nor the key's bytes), and a second backup never overwrites the
 * first.  The restore refuses to run without the key file (and leaves
 * nothing behind), then restores; a second restore into the same database
 * is refused.  Every table of the restored database is compared: with the
 * backup file itself (SQLite: identical, but for the restore's own audit
 * entry), and with the source, which went on: every row the copy holds is
 * in the source as it is (the copy is one moment of it), the copy's audit
 * trail is the start of the source's, and every write acknowledged before
 * the backup began is in it.  `signaal audit verify` passes on the
 * restored database with its new anchor file and the backup's checkpoint,
 * and a server runs on it.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops_test.h"

#define CLIENTS 2

static atomic_int live_port;
static atomic_bool stop_clients;
static char token[128], youth_care[64];

static void *client_main(void *arg)
{
    int t = (int)(intptr_t)arg;
    CURL *curl = curl_easy_init();
    char person[40] = "", id[40], name[64];
    for (int i = 0; !atomic_load(&stop_clients); i++) {
        int port = atomic_load(&live_port);
        ops_kind kind = person[0] ? (ops_kind)(i % OPS_KINDS) : OPS_PERSON;
        long status = ops_write(curl, port, token, kind, t, i, person, youth_care, id, name);
        if (status == 201 && id[0]) {
            ops_ack_add(kind, id, name);
            if (kind == OPS_PERSON)
                snprintf(person, sizeof person, "%s", id);
        }
    }
    curl_easy_cleanup(curl);
    return NULL;
}

/* Tables whose rows change in place while the server runs: the copy's
 * rows of these need not be in the source any more. */
static bool changes_in_place(const char *table)
{
    static const char *const tables[] = {"audit_head", "audit_spool", "store_sync",
                                         "ratelimits", "rate_limits", "sessions"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
        if (strcmp(table, tables[i]) == 0)
            return true;
    return false;
}

static bool has_row(json_t *rows, const char *row)
{
    size_t i;
    json_t *v;
    json_array_foreach(rows, i, v) if (strcmp(json_string_value(v), row) == 0) return true;
    return false;
}

/* Every table of the restored copy against the backup file (SQLite). */
static void compare_with_backup(json_t *restored, json_t *backup)
{
    const char *table;
    json_t *rows;
    int tables = 0, differ = 0;
    json_object_foreach(restored, table, rows)
    {
        json_t *theirs = json_object_get(backup, table);
        tables++;
        size_t want = json_array_size(theirs);
        if (strcmp(table, "audit_log") == 0)
            want++; /* the restore's own entry */
        bool same = theirs && json_array_size(rows) == want;
        if (same && strcmp(table, "audit_head") != 0) {
            size_t i;
            json_t *v;
            json_array_foreach(theirs, i, v) same = same && has_row(rows, json_string_value(v));
        }
        if (!same && strcmp(table, "audit_head") != 0) {
            differ++;
            fprintf(stderr, "ops_test: %s: %zu rows restored, %zu in the backup\n", table,
                    json_array_size(rows), json_array_size(theirs));
        }
    }
    ops_check(differ == 0 && tables == (int)json_object_size(backup) && tables > 40,
              "every table of the restored database equals the backup's (%d tables; the audit"
              " trail one entry longer: the restore)",
              tables);
}

/* Every row of the copy is in the source as it is. */
static void compare_with_source(json_t *restored, json_t *source)
{
    const char *table;
    json_t *rows;
    int tables = 0, differ = 0;
    long long compared = 0;
    json_object_foreach(restored, table, rows)
    {
        json_t *theirs = json_object_get(source, table);
        tables++;
        if (changes_in_place(table))
            continue;
        size_t i, missing = 0;
        json_t *v;
        size_t n = json_array_size(rows);
        /* The restore's own audit entry is the copy's last. */
        json_array_foreach(rows, i, v)
        {
            if (strcmp(table, "audit_log") == 0 && strstr(json_string_value(v), "database.restore"))
                continue;
            compared++;
            if (!has_row(theirs, json_string_value(v)))
                missing++;
        }
        if (!theirs || missing > 0) {
            differ++;
            fprintf(stderr, "ops_test: %s: %zu of %zu restored rows are not in the source\n", table,
                    missing, n);
        }
    }
    ops_check(differ == 0 && tables > 40,
              "every row of the restored database is in the source as it is (%d tables, %lld"
              " rows): one moment of it",
              tables, compared);
}

/* The hex text of the key file and the key's bytes. */
static bool key_material(char hex[65], unsigned char raw[32])
{
    char *text = ops_read_file(ops_key, NULL);
    bool ok = text && strlen(text) >= 64;
    for (int i = 0; ok && i < 32; i++) {
        unsigned v = 0;
        ok = sscanf(text + 2 * i, "%2x", &v) == 1;
        raw[i] = (unsigned char)v;
    }
    if (ok)
        snprintf(hex, 65, "%.64s", text);
    free(text);
    return ok;
}

/* SQLite: the entries of reads the server spooled but had not yet moved
 * into the trail (its mover made to wait an hour) are in a backup made
 * meanwhile, and in the database once, after the server stops. */
static void backup_spooled_reads(void)
{
    char person[64] = "", sql[] = "SELECT COUNT(*) FROM audit_log WHERE action = 'person.read'"
                                  " AND person_id = $1";
    ops_check(ops_db_text("SELECT public_id FROM persons ORDER BY id LIMIT 1", NULL, person,
                          sizeof person)
                  && person[0],
              "a child to read");
    char *env[] = {"SIGNAAL_TEST_SPOOL_MS=3600000", NULL};
    ops_server sv;
    bool up = ops_server_start(&sv, NULL, env);
    long long before = ops_db_count(sql, person);
    char path[120];
    snprintf(path, sizeof path, "/api/v1/persons/%s", person);
    int answered = 0;
    for (int i = 0; up && i < 7; i++) {
        ops_answer a;
        answered += ops_http(sv.port, false, "GET", path, token, NULL, &a) && a.status == 200;
        ops_answer_clear(&a);
    }
    ops_check(up && answered == 7 && ops_db_count(sql, person) == before,
              "7 reads answered, their entries spooled and not yet in the database");
    char *out = ops_path("spooled.db"), *checkpoint = ops_path("spooled.db.checkpoint");
    unlink(out);
    unlink(checkpoint);
    const char *args[] = {"backup", "--db", ops_db, "--out", out, NULL};
    ops_check(ops_signaal(args, NULL) == 0, "signaal backup while they are spooled");
    char live[1200];
    snprintf(live, sizeof live, "%s", ops_db);
    snprintf(ops_db, sizeof ops_db, "%s", out);
    long long copied = ops_db_count(sql, person);
    snprintf(ops_db, sizeof ops_db, "%s", live);
    ops_check(copied == before + 7, "the backup holds the 7 reads' entries (%lld of 7)",
              copied - before);
    ops_check(up && ops_server_stop(&sv) && ops_db_count(sql, person) == before + 7,
              "after the server stops the database holds each of them once");
    ops_check(ops_audit_verify(ops_db, NULL), "and its trail verifies");
    free(out);
    free(checkpoint);
}

void ops_backup(void)
{
    ops_check(ops_fresh_database("backup") && ops_token("zorg.a", token),
              "a fresh database with the demo data, and a token");
    ops_check(ops_db_text("SELECT public_id FROM organisations WHERE type = 'youth-care'", NULL,
                          youth_care, sizeof youth_care),
              "youth care to refer to");
    char *out = ops_path("backup.db"), *checkpoint = ops_path("backup.db.checkpoint");
    unlink(out);
    unlink(checkpoint);
    char source[1200], source_pg[1200];
    snprintf(source, sizeof source, "%s", ops_db);
    snprintf(source_pg, sizeof source_pg, "%s", ops_pg);
    ops_server sv;
    ops_acks_reset();
    bool up = ops_server_start(&sv, NULL, NULL);
    ops_check(up, "a server on it");
    atomic_store(&live_port, sv.port);
    atomic_store(&stop_clients, false);
    pthread_t ids[CLIENTS];
    for (int t = 0; t < CLIENTS; t++)
        pthread_create(&ids[t], NULL, client_main, (void *)(intptr_t)t);
    int64_t deadline = ops_now_ms() + 20000;
    while (ops_acks_count() < 40 && ops_now_ms() < deadline)
        ops_sleep_ms(5);
    int before = ops_acks_count();

    char *said = NULL;
    const char *backup_args[] = {"backup", "--db", ops_db, "--out", out, NULL};
    int rc = ops_signaal(backup_args, &said);
    int during = ops_acks_count() - before;
    char *log = ops_path("cli.log");
    ops_check(rc == 0 && said && strstr(said, "written to"),
              "signaal backup while the server writes (%d writes acknowledged meanwhile)", during);
    ops_check(ops_file_contains(log, "is NOT in the backup", 20),
              "it says the key file is not in the backup, and where the key file is");
    free(said);

    char hex[65];
    unsigned char raw[32];
    ops_check(key_material(hex, raw) && !ops_file_contains(out, hex, 64)
                  && !ops_file_contains(out, raw, 32) && !ops_file_contains(checkpoint, hex, 64),
              "neither the key file's text nor the key's bytes are in the backup");
    struct stat st_before, st_after;
    stat(out, &st_before);
    ops_check(ops_signaal(backup_args, NULL) != 0 && stat(out, &st_after) == 0
                  && st_after.st_mtime == st_before.st_mtime
                  && st_after.st_size == st_before.st_size,
              "a second backup to the same file is refused and leaves the first as it was");

    /* The restore, into a new database. */
    char target[1100], target_pg[1100] = "", anchors[1300] = "";
    bool pg = ops_pg[0] != '\0';
    if (pg) {
        ops_check(ops_pg_create("sgops_restored", target_pg, sizeof target_pg),
                  "an empty PostgreSQL database to restore into");
        snprintf(target, sizeof target, "%s", target_pg);
        char *a = ops_path("restored.anchors");
        snprintf(anchors, sizeof anchors, "%s", a);
        free(a);
        unlink(anchors);
    } else {
        char *t = ops_path("restored.db");
        snprintf(target, sizeof target, "%s", t);
        free(t);
        const char *suffixes[] = {"", "-wal", "-shm", ".key", ".anchors"};
        for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            char p[1400];
            snprintf(p, sizeof p, "%s%s", target, suffixes[i]);
            unlink(p);
        }
        snprintf(anchors, sizeof anchors, "%s.anchors", target);
        const char *no_key[] = {"restore", "--from", out, "--db", target, NULL};
        ops_check(ops_signaal(no_key, NULL) != 0 && access(target, F_OK) != 0
                      && ops_file_contains(log, "restore the key file you backed up apart", 30),
                  "without its key file the restore is refused, says why, and leaves nothing");
        char key_copy[1400];
        snprintf(key_copy, sizeof key_copy, "%s.key", target);
        char *key_text = ops_read_file(ops_key, NULL);
        FILE *f = fopen(key_copy, "w");
        bool copied = f && key_text && fputs(key_text, f) >= 0;
        if (f)
            fclose(f);
        chmod(key_copy, 0600);
        free(key_text);
        ops_check(copied, "the key file, backed up apart, put beside the new database");
    }
    const char *restore_args[] = {
        "restore", "--from", out, "--db", target, pg ? "--anchor-file" : NULL, anchors, NULL};
    said = NULL;
    ops_check(ops_signaal(restore_args, &said) == 0 && said && strstr(said, "holds the backup's"),
              "signaal restore: the chain verified, holding the backup's checkpoint");
    free(said);
    ops_check(ops_signaal(restore_args, NULL) != 0,
              "a second restore into the now existing database is refused");

    /* The source was written all along: stop it now, to compare. */
    int during_restore = ops_acks_count();
    ops_sleep_ms(200);
    atomic_store(&stop_clients, true);
    for (int t = 0; t < CLIENTS; t++)
        pthread_join(ids[t], NULL);
    ops_check(up && ops_server_stop(&sv),
              "the source's server, written to throughout (%d writes), exits with status 0",
              during_restore);
    json_t *restored = ops_db_snapshot(pg ? target_pg : target);
    json_t *from_source = ops_db_snapshot(pg ? source_pg : source);
    if (!pg) {
        json_t *backup = ops_db_snapshot(out);
        compare_with_backup(restored, backup);
        json_decref(backup);
    }
    compare_with_source(restored, from_source);
    json_decref(restored);
    json_decref(from_source);

    /* Now the restored database is the one checked. */
    snprintf(ops_db, sizeof ops_db, "%s", target);
    snprintf(ops_pg, sizeof ops_pg, "%s", target_pg);
    int all = ops_acks_count();
    ops_check(ops_db_count("SELECT COUNT(*) FROM audit_log WHERE action = 'database.backup'", NULL)
                      == 1
                  && ops_db_count("SELECT COUNT(*) FROM audit_log WHERE action = "
                                  "'database.restore'",
                                  NULL)
                         == 1,
              "the backup and the restore are in the restored audit trail");
    int held = 0, in_copy = 0;
    for (int i = 0; i < all; i++) {
        char sql[120];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE public_id = $1",
                 ops_kind_table[ops_acks()[i].kind]);
        long long n = ops_db_count(sql, ops_acks()[i].id);
        if (i < before && n != 1)
            fprintf(stderr, "ops_test: %s acknowledged before the backup is missing\n",
                    ops_acks()[i].id);
        held += i < before && n == 1;
        in_copy += n == 1;
    }
    ops_check(held == before,
              "every write acknowledged before the backup began is restored (%d of %d; %d of"
              " all %d writes were in time for the copy)",
              held, before, in_copy, all);
    const char *extra[] = {pg ? "--anchor-file" : "--checkpoint", pg ? anchors : checkpoint, NULL};
    ops_check(ops_audit_verify(ops_db, extra),
              "signaal audit verify on the restored database, with its anchor file and the"
              " backup's checkpoint");
    if (!pg) {
        char ok[64];
        ops_check(ops_db_text("PRAGMA integrity_check", NULL, ok, sizeof ok)
                      && strcmp(ok, "ok") == 0,
                  "SQLite's integrity check passes on the restored database");
    }
    const char *serve_extra[] = {pg ? "--anchor-file" : NULL, anchors, NULL};
    up = ops_server_start(&sv, serve_extra, NULL);
    CURL *curl = curl_easy_init();
    char id[40], name[64];
    long status =
        up ? ops_write(curl, sv.port, token, OPS_PERSON, 9, 1, "", youth_care, id, name) : 0;
    curl_easy_cleanup(curl);
    ops_check(up && status == 201 && ops_server_stop(&sv),
              "a server runs on the restored database: the old token works, a write is"
              " acknowledged");
    if (!pg)
        backup_spooled_reads();
    free(out);
    free(checkpoint);
    free(log);
}
