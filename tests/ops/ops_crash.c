/*
 * ops_crash.c - crash durability: the server is killed with SIGKILL at
 * random moments (seeded, so a run can be repeated) while client threads
 * stream mixed writes at it (persons, signals, referrals, reference-index
 * registrations), and started again each time.  Afterwards every write
 * that was acknowledged (201) is there exactly once, nothing is half there
 * (each record has its audit entry; a person its access grant; a referral
 * its clock), the audit entries are numbered without gaps, the database
 * passes its integrity checks and `signaal audit verify` passes with the
 * anchor file the server kept appending to (every second) across the
 * kills.  A checkpoint line cut short, as a crash while appending leaves
 * it, neither stops the server nor fails the verification.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ops_test.h"

#define CLIENTS 3

static atomic_int live_port; /* 0 while the server is down */
static atomic_bool stop_clients;
static atomic_int other_answers;
static char token[128], youth_care[64];

static void *client_main(void *arg)
{
    int t = (int)(intptr_t)arg;
    CURL *curl = curl_easy_init();
    char person[40] = "", id[40], name[64];
    for (int i = 0; !atomic_load(&stop_clients);) {
        int port = atomic_load(&live_port);
        if (!port) {
            ops_sleep_ms(2);
            continue;
        }
        ops_kind kind = person[0] ? (ops_kind)(i % OPS_KINDS) : OPS_PERSON;
        long status = ops_write(curl, port, token, kind, t, i, person, youth_care, id, name);
        if (status == 201 && id[0]) {
            ops_ack_add(kind, id, name);
            if (kind == OPS_PERSON)
                snprintf(person, sizeof person, "%s", id);
            i++;
        } else if (status == 0) {
            /* The server was killed: the write may or may not be there (it
             * was never acknowledged).  The next is another one. */
            i++;
            ops_sleep_ms(2);
        } else {
            if (atomic_fetch_add(&other_answers, 1) < 5)
                fprintf(stderr, "ops_test: %s write answered %ld\n", ops_kind_table[kind], status);
            i++;
            ops_sleep_ms(10);
        }
    }
    curl_easy_cleanup(curl);
    return NULL;
}

/* Rows added since the start (id above base) that lack what must come
 * with them, for the check's query. */
static long long half_present(const char *sql, long long base)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", base);
    return ops_db_count(sql, b);
}

static void check_whole(long long base[OPS_KINDS])
{
    static const char *const lacks[][2] = {
        {"persons without their audit entry",
         "SELECT COUNT(*) FROM persons p WHERE p.id > $1 AND NOT EXISTS (SELECT 1 FROM audit_log"
         " a WHERE a.action = 'person.create' AND a.record_id = p.public_id)"},
        {"persons without their organisation's access",
         "SELECT COUNT(*) FROM persons p WHERE p.id > $1 AND NOT EXISTS (SELECT 1 FROM"
         " person_access x WHERE x.person_id = p.id AND x.org_id = p.created_by_org)"},
        {"signals without their audit entry",
         "SELECT COUNT(*) FROM signals s WHERE s.id > $1 AND NOT EXISTS (SELECT 1 FROM audit_log"
         " a WHERE a.action = 'signal.create' AND a.record_id = s.public_id)"},
        {"referrals without their audit entry",
         "SELECT COUNT(*) FROM referrals r WHERE r.id > $1 AND NOT EXISTS (SELECT 1 FROM"
         " audit_log a WHERE a.action = 'referral.send' AND a.record_id = r.public_id)"},
        {"referrals without their clock",
         "SELECT COUNT(*) FROM referrals r WHERE r.id > $1 AND NOT EXISTS (SELECT 1 FROM clocks c"
         " WHERE c.subject_type = 'referral' AND c.subject_id = r.public_id)"},
        {"registrations without their audit entry",
         "SELECT COUNT(*) FROM concerns c WHERE c.id > $1 AND NOT EXISTS (SELECT 1 FROM audit_log"
         " a WHERE a.action = 'concern.create' AND a.record_id = c.public_id)"},
    };
    static const ops_kind kind_of[] = {OPS_PERSON,   OPS_PERSON,   OPS_SIGNAL,
                                       OPS_REFERRAL, OPS_REFERRAL, OPS_CONCERN};
    for (size_t i = 0; i < sizeof lacks / sizeof lacks[0]; i++) {
        long long n = half_present(lacks[i][1], base[kind_of[i]]);
        ops_check(n == 0, "nothing half there: %lld %s", n, lacks[i][0]);
    }
    ops_check(
        ops_db_count("SELECT MAX(seq) - COUNT(*) FROM audit_log", NULL) == 0
            && ops_db_count("SELECT (SELECT MAX(seq) FROM audit_log) - seq FROM audit_head", NULL)
                   == 0,
        "the audit entries are numbered without gaps, and the head names the last");
    if (!ops_pg[0]) {
        char ok[64];
        ops_check(ops_db_text("PRAGMA integrity_check", NULL, ok, sizeof ok)
                      && strcmp(ok, "ok") == 0
                      && ops_db_count("SELECT COUNT(*) FROM pragma_foreign_key_check", NULL) == 0,
                  "SQLite's integrity and foreign-key checks pass (%s)", ok);
    }
}

/* Counts the lines of the anchor file. */
static int anchor_lines(const char *path)
{
    size_t len = 0;
    char *text = ops_read_file(path, &len);
    int n = 0;
    for (size_t i = 0; text && i < len; i++)
        n += text[i] == '\n';
    free(text);
    return n;
}

void ops_crash(int kills)
{
    ops_check(ops_fresh_database("crash"), "a fresh database with the demo data");
    ops_check(ops_token("zorg.a", token), "a token for the school's care coordinator");
    ops_check(ops_db_text("SELECT public_id FROM organisations WHERE type = 'youth-care'", NULL,
                          youth_care, sizeof youth_care)
                  && youth_care[0],
              "youth care to refer to");
    long long base[OPS_KINDS];
    for (int k = 0; k < OPS_KINDS; k++) {
        char sql[100];
        snprintf(sql, sizeof sql, "SELECT COALESCE(MAX(id), 0) FROM %s", ops_kind_table[k]);
        base[k] = ops_db_count(sql, NULL);
    }
    char *anchors = ops_pg[0] ? ops_path("anchors") : NULL;
    char anchor_path[1300];
    snprintf(anchor_path, sizeof anchor_path, "%s", anchors ? anchors : ops_db);
    if (!anchors)
        strcat(anchor_path, ".anchors");
    unlink(anchor_path);
    const char *extra[] = {"--anchor-every", "1", anchors ? "--anchor-file" : NULL, anchors, NULL};
    const char *verify_extra[] = {anchors ? "--anchor-file" : NULL, anchors, NULL};

    ops_acks_reset();
    atomic_store(&live_port, 0);
    atomic_store(&stop_clients, false);
    pthread_t ids[CLIENTS];
    for (int t = 0; t < CLIENTS; t++)
        pthread_create(&ids[t], NULL, client_main, (void *)(intptr_t)t);

    printf("# %d kills, seed %u\n", kills, ops_seed);
    int started = 0, killed = 0;
    int64_t begun = ops_now_ms();
    ops_server sv;
    for (int k = 0; k < kills; k++) {
        if (!ops_server_start(&sv, extra, NULL)) {
            fprintf(stderr, "ops_test: the server did not start after kill %d\n", k);
            break;
        }
        started++;
        atomic_store(&live_port, sv.port);
        /* At least a few writes each time, then a moment chosen at random. */
        int before = ops_acks_count();
        int64_t deadline = ops_now_ms() + 5000;
        while (ops_acks_count() < before + 3 && ops_now_ms() < deadline)
            ops_sleep_ms(1);
        ops_sleep_ms(ops_random(0, 400));
        ops_server_kill9(&sv);
        atomic_store(&live_port, 0);
        killed++;
    }
    ops_check(started == kills && killed == kills,
              "the server was killed %d times mid-write and started again every time (%.1f s)",
              killed, (double)(ops_now_ms() - begun) / 1000.0);

    /* A crash while appending a checkpoint leaves a line cut short. */
    FILE *f = fopen(anchor_path, "a");
    if (f) {
        fputs("{\"kind\":\"signaal-audit-checkpoint\",\"seq\":12", f);
        fclose(f);
    }
    bool up = ops_server_start(&sv, extra, NULL);
    ops_check(up, "after a checkpoint line cut short, the server still starts");
    if (up)
        atomic_store(&live_port, sv.port);
    int before = ops_acks_count();
    int64_t deadline = ops_now_ms() + 5000;
    while (up && ops_acks_count() < before + 10 && ops_now_ms() < deadline)
        ops_sleep_ms(5);
    ops_sleep_ms(1200); /* one more checkpoint after the cut line */
    atomic_store(&stop_clients, true);
    for (int t = 0; t < CLIENTS; t++)
        pthread_join(ids[t], NULL);
    ops_check(up && ops_server_stop(&sv), "the last server exits with status 0 on SIGTERM");
    ops_check(atomic_load(&other_answers) == 0,
              "every answer was 201 or none at all (a killed server): %d others",
              atomic_load(&other_answers));
    ops_check(ops_acks_count() >= kills * 3, "%d writes acknowledged across the kills",
              ops_acks_count());

    ops_check_acks("after the kills");
    check_whole(base);
    int lines = anchor_lines(anchor_path);
    ops_check(lines >= kills / 2, "the anchor file holds %d checkpoints", lines);
    ops_check(ops_audit_verify(ops_db, verify_extra),
              "signaal audit verify: the chain and every checkpoint of the anchor file hold");
    free(anchors);
}
