/*
 * ops_rekey.c - signaal rekey while the server reads and writes.
 *
 * Writers stream mixed writes (every kind holds encrypted fields) and
 * readers read them back at random throughout; not one read may fail or
 * come back different.  The first rotation is killed (SIGKILL) midway and
 * run again, which carries on; then every encrypted value of every
 * encrypted column is under the new key, the old key is retired, the
 * rotation's progress is gone and the audit trail holds its start and
 * end.  A second rotation takes the first rotation's key out of the key
 * file.  The server, restarted, reads everything back; a server given the
 * key file as it was before the second rotation refuses to start, saying
 * why, and so does the CLI.
 */
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ops_test.h"

#define WRITERS 2
#define READERS 2

static atomic_int live_port;
static atomic_bool stop_writers, stop_readers;
static atomic_int bad_writes, bad_reads, reads;
static char token[128], youth_care[64];

static void *writer_main(void *arg)
{
    int t = (int)(intptr_t)arg;
    CURL *curl = curl_easy_init();
    char person[40] = "", id[40], name[64];
    for (int i = 0; !atomic_load(&stop_writers); i++) {
        ops_kind kind = person[0] ? (ops_kind)(i % OPS_KINDS) : OPS_PERSON;
        long status = ops_write(curl, atomic_load(&live_port), token, kind, t, i, person,
                                youth_care, id, name);
        if (status == 201 && id[0]) {
            ops_ack_add(kind, id, name);
            if (kind == OPS_PERSON)
                snprintf(person, sizeof person, "%s", id);
        } else if (atomic_fetch_add(&bad_writes, 1) < 5) {
            fprintf(stderr, "ops_test: a %s write answered %ld\n", ops_kind_table[kind], status);
        }
        ops_sleep_ms(3);
    }
    curl_easy_cleanup(curl);
    return NULL;
}

/* Reads record i back: 200, and its encrypted text as it was written. */
static bool read_back(CURL *curl, int i)
{
    const ops_ack *a = &ops_acks()[i];
    char path[120];
    snprintf(path, sizeof path, "/api/v1/%s/%s", ops_kind_table[a->kind], a->id);
    ops_answer r;
    ops_http_with(curl, atomic_load(&live_port), "GET", path, token, NULL, &r);
    const char *text = NULL;
    if (a->kind == OPS_PERSON)
        text = json_string_value(json_object_get(r.json, "name"));
    else if (a->kind == OPS_SIGNAL)
        text = json_string_value(json_object_get(r.json, "observation"));
    else if (a->kind == OPS_CONCERN)
        text = json_string_value(json_object_get(json_object_get(r.json, "youth"), "surname"));
    bool ok = r.status == 200 && (a->kind == OPS_REFERRAL || (text && strcmp(text, a->name) == 0));
    if (!ok && atomic_load(&bad_reads) < 5)
        fprintf(stderr, "ops_test: GET %s: %ld %.200s\n", path, r.status, r.body);
    ops_answer_clear(&r);
    return ok;
}

static void *reader_main(void *arg)
{
    (void)arg;
    CURL *curl = curl_easy_init();
    while (!atomic_load(&stop_readers)) {
        int n = ops_acks_count();
        if (n == 0) {
            ops_sleep_ms(5);
            continue;
        }
        int i = ops_random(0, n - 1);
        if (!atomic_load(&ops_acks()[i].ready))
            continue;
        if (!read_back(curl, i))
            atomic_fetch_add(&bad_reads, 1);
        atomic_fetch_add(&reads, 1);
    }
    curl_easy_cleanup(curl);
    return NULL;
}

/* The encrypted values not made with key id, over every encrypted column
 * of the schema; *columns gets how many columns there are. */
static long long not_under(int id, int *columns)
{
    char names[4096] = "";
    const char *list = ops_pg[0] ? "SELECT string_agg(table_name || '.' || column_name, ',')"
                                   " FROM information_schema.columns WHERE table_schema ="
                                   " current_schema() AND column_name LIKE '%\\_enc' ESCAPE '\\'"
                                 : "SELECT group_concat(m.name || '.' || p.name, ',') FROM"
                                   " sqlite_master m JOIN pragma_table_info(m.name) p WHERE"
                                   " m.type = 'table' AND p.name LIKE '%\\_enc' ESCAPE '\\'";
    if (!ops_db_text(list, NULL, names, sizeof names))
        return -1;
    long long total = 0;
    *columns = 0;
    for (char *item = strtok(names, ","); item; item = strtok(NULL, ",")) {
        char *dot = strchr(item, '.');
        char sql[300];
        *dot = '\0';
        if (ops_pg[0])
            snprintf(sql, sizeof sql,
                     "SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL AND get_byte(%s, 0) <> %d", item,
                     dot + 1, dot + 1, id);
        else
            snprintf(sql, sizeof sql,
                     "SELECT COUNT(*) FROM %s WHERE %s IS NOT NULL AND hex(substr(%s, 1, 1)) <>"
                     " printf('%%02X', %d)",
                     item, dot + 1, dot + 1, id);
        long long n = ops_db_count(sql, NULL);
        if (n < 0)
            return -1;
        total += n;
        (*columns)++;
    }
    return total;
}

static long long progress_rewritten(void)
{
    char text[32];
    return ops_db_text("SELECT rewritten FROM rekey_progress WHERE id = 1", NULL, text, sizeof text)
                   && text[0]
               ? atoll(text)
               : -1;
}

static void start_load(pthread_t *ids)
{
    atomic_store(&stop_writers, false);
    atomic_store(&stop_readers, false);
    for (int t = 0; t < WRITERS; t++)
        pthread_create(&ids[t], NULL, writer_main, (void *)(intptr_t)t);
    for (int t = 0; t < READERS; t++)
        pthread_create(&ids[WRITERS + t], NULL, reader_main, NULL);
}

static void stop_load(pthread_t *ids)
{
    atomic_store(&stop_writers, true);
    atomic_store(&stop_readers, true);
    for (int t = 0; t < WRITERS + READERS; t++)
        pthread_join(ids[t], NULL);
}

/* Reads every acknowledged record back; the number that failed. */
static int read_all(void)
{
    CURL *curl = curl_easy_init();
    int failed = 0;
    for (int i = 0; i < ops_acks_count(); i++)
        failed += !read_back(curl, i);
    curl_easy_cleanup(curl);
    return failed;
}

static void rotation_done(int key, const char *what)
{
    int columns = 0;
    long long left = not_under(key, &columns);
    ops_check(left == 0 && columns >= 29,
              "%s: every encrypted value of all %d encrypted columns is under key %d (%lld not)",
              what, columns, key, left);
    char state[32];
    char id[8];
    snprintf(id, sizeof id, "%d", key);
    ops_check(ops_db_text("SELECT state FROM field_keys WHERE key_id = $1", id, state, sizeof state)
                  && strcmp(state, "active") == 0 && progress_rewritten() < 0
                  && ops_db_count("SELECT COUNT(*) FROM field_keys WHERE key_id < $1 AND state <>"
                                  " 'retired'",
                                  id)
                         == 0,
              "%s: key %d is active, every older key retired, no rotation under way", what, key);
}

void ops_rekey(void)
{
    ops_check(ops_fresh_database("rekey") && ops_token("zorg.a", token),
              "a fresh database with the demo data, and a token");
    ops_check(ops_db_text("SELECT public_id FROM organisations WHERE type = 'youth-care'", NULL,
                          youth_care, sizeof youth_care),
              "youth care to refer to");
    ops_server sv;
    ops_acks_reset();
    bool up = ops_server_start(&sv, NULL, NULL);
    ops_check(up, "a server on it");
    atomic_store(&live_port, sv.port);
    pthread_t ids[WRITERS + READERS];
    start_load(ids);
    int64_t deadline = ops_now_ms() + 20000;
    while (ops_acks_count() < 60 && ops_now_ms() < deadline)
        ops_sleep_ms(5);

    /* The first rotation, killed midway. */
    char *log = ops_path("rekey.log");
    char *argv[] = {(char *)ops_binary, "rekey", "--db", ops_db, "--batch", "2",
                    "--grace",          "1",     NULL};
    pid_t pid = ops_spawn(argv, log, NULL);
    long long rewritten = -1;
    deadline = ops_now_ms() + 30000;
    while (pid > 0 && ops_now_ms() < deadline && waitpid(pid, NULL, WNOHANG) == 0) {
        rewritten = progress_rewritten();
        if (rewritten >= 20)
            break;
        ops_sleep_ms(1);
    }
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    int columns = 0;
    long long old = not_under(2, &columns);
    ops_check(rewritten >= 20 && progress_rewritten() >= 20 && old > 0,
              "signaal rekey killed midway: %lld values re-encrypted, %lld not yet", rewritten,
              old);
    char *said = NULL;
    const char *again[] = {"rekey", "--db", ops_db, "--grace", "1", NULL};
    ops_check(ops_signaal(again, &said) == 0 && said && strstr(said, "rotation carried on")
                  && strstr(said, "key 1 retired"),
              "run again, it carries on where it stopped and retires key 1");
    free(said);
    ops_sleep_ms(500);
    rotation_done(2, "first rotation");
    ops_check(ops_file_contains(ops_key, "\nfield 2 ", 9), "the key file holds key 2");
    ops_check(
        ops_db_count("SELECT COUNT(*) FROM audit_log WHERE action = 'fields.rekey-start'", NULL)
                == 1
            && ops_db_count("SELECT COUNT(*) FROM audit_log WHERE action ="
                            " 'fields.rekey-done'",
                            NULL)
                   == 1,
        "the audit trail holds the rotation's start and end");

    /* The second rotation, with the key file as it was kept aside. */
    char *kept = ops_path("key-before-second");
    char *key_text = ops_read_file(ops_key, NULL);
    FILE *f = fopen(kept, "w");
    if (f && key_text)
        fputs(key_text, f);
    if (f)
        fclose(f);
    chmod(kept, 0600);
    free(key_text);
    said = NULL;
    ops_check(ops_signaal(again, &said) == 0 && said && strstr(said, "key 2 retired")
                  && strstr(said, "taken out of the key file"),
              "a second rotation while the server runs: key 2 retired and taken out of the key"
              " file");
    free(said);
    ops_sleep_ms(500);
    stop_load(ids);
    rotation_done(3, "second rotation");
    ops_check(ops_file_contains(ops_key, "\nfield 3 ", 9)
                  && !ops_file_contains(ops_key, "\nfield 2 ", 9),
              "the key file holds key 3 and no longer key 2");
    ops_check(atomic_load(&bad_reads) == 0 && atomic_load(&bad_writes) == 0,
              "while both rotations ran, %d reads came back whole and %d writes were"
              " acknowledged: none failed (%d reads, %d writes did)",
              atomic_load(&reads), ops_acks_count(), atomic_load(&bad_reads),
              atomic_load(&bad_writes));
    ops_check(ops_server_stop(&sv), "the server exits with status 0");
    ops_check(ops_server_start(&sv, NULL, NULL), "a server starts again");
    atomic_store(&live_port, sv.port);
    int failed = read_all();
    ops_check(failed == 0, "it reads every one of the %d records back as written (%d failed)",
              ops_acks_count(), failed);
    ops_check(ops_server_stop(&sv), "the server exits with status 0");
    ops_check(ops_audit_verify(ops_db, NULL), "signaal audit verify passes");

    /* A rotation stopped after retiring key 2 but before the key file:
     * the next run only takes key 2 out, and starts no new rotation. */
    char *before = ops_read_file(kept, NULL), *now = ops_read_file(ops_key, NULL);
    char *line3 = now ? strstr(now, "\nfield 3 ") : NULL;
    f = fopen(ops_key, "w");
    bool staged = f && before && line3 && fputs(before, f) >= 0 && fputs(line3 + 1, f) >= 0;
    if (f)
        fclose(f);
    free(before);
    free(now);
    said = NULL;
    ops_check(staged && ops_file_contains(ops_key, "\nfield 2 ", 9)
                  && ops_signaal(again, &said) == 0 && said
                  && strstr(said, "previous rotation is finished")
                  && !ops_file_contains(ops_key, "\nfield 2 ", 9)
                  && !ops_file_contains(ops_key, "\nfield 4 ", 9),
              "a rotation stopped before its key file was cleaned: the next run finishes that,"
              " and no more");
    free(said);

    char env[1400];
    snprintf(env, sizeof env, "SIGNAAL_KEY_FILE=%s", kept);
    char *env_add[] = {env, NULL};
    ops_server stale;
    bool started = ops_server_start(&stale, NULL, env_add);
    if (started)
        ops_server_stop(&stale);
    ops_check(!started && ops_file_contains(stale.log, "lacks the field key", 19),
              "a server with the key file as it was before refuses to start, saying why");
    free(kept);
    free(log);
}
