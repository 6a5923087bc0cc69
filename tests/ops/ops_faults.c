/*
 * ops_faults.c - a database that cannot be written.
 *
 * SQLite, injected (runs everywhere): the server runs with
 * SIGNAAL_TEST_FAULTS naming a control file (src/store/sqlite_faults.c);
 * "full" makes every write fail as on a full disk, "readonly" as on a disk
 * remounted read-only.  Under each: writes answer 503 problem+json saying
 * which, with Retry-After; a read of personal data (whose audit entry must
 * be written first) is refused the same way; reads that need no write go
 * on, with a session whose touch cannot be written too; and once the
 * fault is gone the server takes writes again by itself.
 * SQLite, for real: a small tmpfs is mounted (root only: skipped, saying
 * so, where it cannot be) and filled up beside the database.
 * PostgreSQL: the database is made read-only (default_transaction_read_only
 * and its connections ended), as a standby after a failover would be.
 * Afterwards nothing acknowledged is lost, nothing refused was stored, and
 * the audit trail and SQLite's integrity checks pass.
 */
#define _GNU_SOURCE /* umount2 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops_test.h"

static char token[128], cookie[300];

static bool write_control(const char *path, const char *what)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fputs(what, f);
    return fclose(f) == 0;
}

static bool is_problem(const ops_answer *a, long status, const char *title)
{
    const char *t = json_string_value(json_object_get(a->json, "title"));
    return a->status == status && strncmp(a->content_type, "application/problem+json", 24) == 0 && t
           && strcmp(t, title) == 0;
}

static long post_person(int port, const char *who, char id[40], char name[64], int i,
                        ops_answer *keep)
{
    CURL *curl = curl_easy_init();
    char json[300];
    snprintf(name, 64, "Fout Kind %c%c", 'a' + i % 26, 'a' + (i / 26) % 26);
    snprintf(json, sizeof json,
             "{\"name\":\"%s\",\"birthDate\":\"2013-05-06\",\"gender\":\"male\","
             "\"municipality\":\"Utrecht\"}",
             name);
    ops_answer a;
    ops_http_with(curl, port, "POST", "/api/v1/persons", who, json, &a);
    curl_easy_cleanup(curl);
    const char *v = json_string_value(json_object_get(a.json, "id"));
    id[0] = '\0';
    if (a.status == 201 && v)
        snprintf(id, 40, "%s", v);
    long status = a.status;
    if (keep)
        *keep = a;
    else
        ops_answer_clear(&a);
    return status;
}

static bool log_in(int port)
{
    ops_answer a;
    ops_http(port, false, "POST", "/api/v1/session", NULL,
             "{\"login\":\"zorg.a\",\"password\":\"signaal-demo-2026\"}", &a);
    size_t len = strcspn(a.set_cookie, ";");
    bool ok = a.status == 201 || a.status == 200;
    if (ok)
        snprintf(cookie, sizeof cookie, "cookie:%.*s", (int)len, a.set_cookie);
    ops_answer_clear(&a);
    return ok && len > 0;
}

/* The checks while writes fail with fault (title: the problem's title). */
static void under_fault(ops_server *sv, const char *fault, const char *title, const char *says,
                        const char *person, const char *signal_person)
{
    char id[40], name[64];
    ops_answer a;
    post_person(sv->port, token, id, name, 900, &a);
    const char *detail = json_string_value(json_object_get(a.json, "detail"));
    ops_check(is_problem(&a, 503, title) && detail && strstr(detail, says) && a.retry_after[0],
              "%s: a new person is 503 problem+json \"%s\", saying \"%s\", with Retry-After %s",
              fault, title, says, a.retry_after);
    ops_answer_clear(&a);
    char json[400];
    snprintf(json, sizeof json,
             "{\"personId\":\"%s\",\"observedOn\":\"%s\",\"setting\":\"school\","
             "\"observation\":\"Niet op te slaan.\",\"indicators\":[\"SCH-01\"]}",
             signal_person, ops_today);
    ops_http(sv->port, false, "POST", "/api/v1/signals", token, json, &a);
    ops_check(is_problem(&a, 503, title), "%s: a new signal is 503 \"%s\" too", fault, title);
    ops_answer_clear(&a);
    char path[100];
    snprintf(path, sizeof path, "/api/v1/persons/%s", person);
    ops_http(sv->port, false, "GET", path, token, NULL, &a);
    ops_check(is_problem(&a, 503, title),
              "%s: reading a child (its audit entry comes first) is refused as clearly (%ld)",
              fault, a.status);
    ops_answer_clear(&a);
    ops_http(sv->port, false, "GET", "/api/v1/catalogue/indicators", token, NULL, &a);
    ops_check(a.status == 200, "%s: the indicator catalogue, which needs no write, is read (%ld)",
              fault, a.status);
    ops_answer_clear(&a);
    ops_sleep_ms(2100); /* the session's touch is due: it cannot be written */
    ops_http(sv->port, false, "GET", "/api/v1/session", cookie, NULL, &a);
    long who = a.status;
    ops_answer_clear(&a);
    ops_http(sv->port, false, "GET", "/api/v1/catalogue/indicators", cookie, NULL, &a);
    ops_check(who == 200 && a.status == 200,
              "%s: a browser session whose touch cannot be written still reads (%ld, %ld)", fault,
              who, a.status);
    ops_answer_clear(&a);
    ops_http(sv->port, false, "POST", "/api/v1/session", NULL,
             "{\"login\":\"zorg.a\",\"password\":\"signaal-demo-2026\"}", &a);
    ops_check(is_problem(&a, 503, title), "%s: logging in (a write) is 503 \"%s\" (%ld)", fault,
              title, a.status);
    ops_answer_clear(&a);
    ops_http(sv->port, false, "GET", "/healthz", NULL, NULL, &a);
    ops_check(a.status == 200 && ops_server_alive(sv), "%s: the server runs on", fault);
    ops_answer_clear(&a);
}

/* Writes until one is acknowledged again (the fault is gone). */
static bool recovers(int port, int tries)
{
    char id[40], name[64];
    for (int i = 0; i < tries; i++) {
        if (post_person(port, token, id, name, 700 + i, NULL) == 201) {
            ops_ack_add(OPS_PERSON, id, name);
            return true;
        }
        ops_sleep_ms(100);
    }
    return false;
}

static void afterwards(const char *what, long long persons_before)
{
    ops_check_acks(what);
    char sql[] = "SELECT COUNT(*) FROM persons";
    long long persons = ops_db_count(sql, NULL);
    ops_check(persons == persons_before + ops_acks_count(),
              "%s: no refused write was stored (%lld persons, %lld + %d acknowledged)", what,
              persons, persons_before, ops_acks_count());
    if (!ops_pg[0]) {
        char ok[64];
        ops_check(ops_db_text("PRAGMA integrity_check", NULL, ok, sizeof ok)
                      && strcmp(ok, "ok") == 0,
                  "%s: SQLite's integrity check passes", what);
    }
    ops_check(ops_audit_verify(ops_db, NULL), "%s: signaal audit verify passes", what);
}

static void injected(void)
{
    ops_check(ops_fresh_database("faults") && ops_token("zorg.a", token),
              "a fresh database with the demo data, and a token");
    long long persons0 = ops_db_count("SELECT COUNT(*) FROM persons", NULL);
    char *control = ops_path("faults");
    unlink(control);
    char env[1200];
    snprintf(env, sizeof env, "SIGNAAL_TEST_FAULTS=%s", control);
    char *env_add[] = {env, NULL};
    const char *extra[] = {"--session-idle", "4", NULL};
    ops_server sv;
    ops_acks_reset();
    bool up = ops_server_start(&sv, extra, env_add);
    ops_check(up && log_in(sv.port), "a server (with the fault hook) and a browser session");
    char id[40], name[64], first[40] = "";
    for (int i = 0; up && i < 5; i++)
        if (post_person(sv.port, token, id, name, i, NULL) == 201) {
            ops_ack_add(OPS_PERSON, id, name);
            if (!first[0])
                snprintf(first, sizeof first, "%s", id);
        }
    ops_check(ops_acks_count() == 5, "5 persons written before the faults");

    ops_check(log_in(sv.port) && write_control(control, "full"),
              "a fresh browser session; the disk is full now (injected)");
    under_fault(&sv, "full disk", "Database full", "disk is full", first, first);
    ops_check(write_control(control, "") && recovers(sv.port, 5),
              "space is back: writes are acknowledged again, without a restart");
    ops_check(log_in(sv.port) && write_control(control, "readonly"),
              "a fresh browser session; the disk is read-only now (injected)");
    under_fault(&sv, "read-only disk", "Database read-only", "read-only", first, first);
    ops_check(write_control(control, "") && recovers(sv.port, 5),
              "writable again: writes are acknowledged again, without a restart");
    ops_check(ops_server_stop(&sv), "the server exits with status 0");
    char *log = ops_read_file(sv.log, NULL);
    ops_check(log && strstr(log, "database or disk is full") && strstr(log, "read-only"),
              "the server log says what happened (disk full; read-only)");
    free(log);
    afterwards("after the injected faults", persons0);
    free(control);
}

/* A real small file system: filled up beside the database. */
static void small_disk(void)
{
    char *dir = ops_path("small");
    rmdir(dir);
    if (mkdir(dir, 0700) != 0 || mount("tmpfs", dir, "tmpfs", 0, "size=12m,mode=0700") != 0) {
        ops_skip("a real full disk: cannot mount a small tmpfs here (%s; it needs root)",
                 strerror(errno));
        rmdir(dir);
        free(dir);
        return;
    }
    char db[1100], filler[1100];
    snprintf(db, sizeof db, "%s/signaal.db", dir);
    snprintf(filler, sizeof filler, "%s/filler", dir);
    snprintf(ops_db, sizeof ops_db, "%s", db);
    snprintf(ops_key, sizeof ops_key, "%s.key", db);
    const char *init[] = {"init", "--db", ops_db, "--demo", NULL};
    bool ready = ops_signaal(init, NULL) == 0 && ops_token("zorg.a", token);
    ops_check(ready, "a database with the demo data on a 12 MB tmpfs");
    long long persons0 = ops_db_count("SELECT COUNT(*) FROM persons", NULL);
    ops_server sv;
    ops_acks_reset();
    bool up = ready && ops_server_start(&sv, NULL, NULL);
    char id[40], name[64], first[40] = "";
    if (up && post_person(sv.port, token, first, name, 1000, NULL) == 201)
        ops_ack_add(OPS_PERSON, first, name);
    int fd = open(filler, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    static char block[64 * 1024];
    long long filled = 0;
    ssize_t wrote = -1;
    errno = 0;
    while (fd >= 0 && (wrote = write(fd, block, sizeof block)) > 0)
        filled += wrote;
    int why = errno;
    if (fd >= 0)
        close(fd);
    ops_check(up && why == ENOSPC, "the disk filled up beside the database (%lld MB)",
              filled >> 20);
    /* The write-ahead log may still have room: write until it has not. */
    int first_full = -1, others = 0;
    for (int i = 0; up && i < 4000 && first_full < 0; i++) {
        ops_answer a;
        long status = post_person(sv.port, token, id, name, i, &a);
        if (status == 201)
            ops_ack_add(OPS_PERSON, id, name);
        else if (is_problem(&a, 503, "Database full"))
            first_full = i;
        else
            others++;
        ops_answer_clear(&a);
    }
    ops_check(first_full >= 0 && others == 0,
              "writes are acknowledged until the disk is full, then 503 \"Database full\" (after"
              " %d writes; %d other answers)",
              first_full, others);
    ops_answer a;
    ops_http(sv.port, false, "GET", "/api/v1/catalogue/indicators", token, NULL, &a);
    ops_check(a.status == 200, "on the full disk the catalogue is read (%ld)", a.status);
    ops_answer_clear(&a);
    char path[100];
    snprintf(path, sizeof path, "/api/v1/persons/%s", first);
    ops_http(sv.port, false, "GET", path, token, NULL, &a);
    ops_check(first[0] && is_problem(&a, 503, "Database full"),
              "on the full disk reading a child (audited first) is 503 \"Database full\" (%ld)",
              a.status);
    ops_answer_clear(&a);
    unlink(filler);
    ops_check(up && recovers(sv.port, 20), "space is freed: writes are acknowledged again");
    ops_check(up && ops_server_stop(&sv), "the server exits with status 0");
    afterwards("after the real full disk", persons0);
    if (umount2(dir, MNT_DETACH) != 0)
        fprintf(stderr, "ops_test: cannot unmount %s: %s\n", dir, strerror(errno));
    rmdir(dir);
    free(dir);
}

/* PostgreSQL made read-only under the server, and writable again. */
static void pg_read_only(void)
{
    ops_check(ops_fresh_database("faults") && ops_token("zorg.a", token),
              "a fresh PostgreSQL database with the demo data, and a token");
    long long persons0 = ops_db_count("SELECT COUNT(*) FROM persons", NULL);
    ops_server sv;
    ops_acks_reset();
    const char *extra[] = {"--session-idle", "4", NULL};
    bool up = ops_server_start(&sv, extra, NULL);
    ops_check(up && log_in(sv.port), "a server and a browser session");
    char id[40], name[64], first[40] = "";
    for (int i = 0; up && i < 5; i++)
        if (post_person(sv.port, token, id, name, i, NULL) == 201) {
            ops_ack_add(OPS_PERSON, id, name);
            if (!first[0])
                snprintf(first, sizeof first, "%s", id);
        }
    char sql[300];
    const char *dbname = strrchr(ops_pg, '/') + 1;
    char end[300];
    snprintf(end, sizeof end,
             "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '%.*s'"
             " AND pid <> pg_backend_pid()",
             (int)strcspn(dbname, "?"), dbname);
    snprintf(sql, sizeof sql, "ALTER DATABASE %.*s SET default_transaction_read_only = on",
             (int)strcspn(dbname, "?"), dbname);
    ops_check(ops_db_exec(sql) && ops_db_exec(end),
              "the database is read-only now, its sessions ended");
    /* The first write may meet an ended connection (503 Unavailable). */
    ops_answer a = {0};
    for (int i = 0; i < 5; i++) {
        ops_answer_clear(&a);
        post_person(sv.port, token, id, name, 900, &a);
        if (is_problem(&a, 503, "Database read-only"))
            break;
    }
    ops_answer_clear(&a);
    under_fault(&sv, "read-only database", "Database read-only", "read-only", first, first);
    snprintf(sql, sizeof sql, "ALTER DATABASE %.*s RESET default_transaction_read_only",
             (int)strcspn(dbname, "?"), dbname);
    ops_check(ops_db_exec(sql) && ops_db_exec(end) && recovers(sv.port, 20),
              "writable again: writes are acknowledged again, without a restart");
    ops_check(ops_server_stop(&sv), "the server exits with status 0");
    afterwards("after the read-only database", persons0);
}

void ops_faults(void)
{
    if (ops_pg[0] || ops_pg_admin) {
        pg_read_only();
        return;
    }
    injected();
    small_disk();
}
