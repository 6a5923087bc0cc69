/*
 * runner_local.c - the steps that act beside the HTTP API: running the
 * signaal command, SQL straight on the database file (to simulate
 * tampering), and searching the database files and the server log for
 * strings that must or must not be there.
 */
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "runner.h"

/* Calls check for the one string or each string of an array in v, after
 * substitution. */
static void each_text(runner *r, json_t *v, bool (*check)(const char *, const void *),
                      const void *ctx, const char *failure, buf *msg)
{
    size_t n = json_is_array(v) ? json_array_size(v) : v ? 1 : 0;
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_is_array(v) ? json_array_get(v, i) : v;
        char *text = runner_subst(r, json_string_value(item), msg);
        if (text && !check(text, ctx))
            runner_note(msg, "%s \"%s\"", failure, text);
        sg_free(text);
    }
}

static bool text_has(const char *needle, const void *hay)
{
    return strstr(hay, needle) != NULL;
}

static bool text_lacks(const char *needle, const void *hay)
{
    return strstr(hay, needle) == NULL;
}

void runner_step_cli(runner *r, json_t *step, buf *msg)
{
    json_t *cli = json_object_get(step, "cli");
    json_t *expect_exit = json_object_get(step, "expect_exit");
    json_t *stdin_json = json_object_get(step, "stdin");
    json_t *want_json = json_object_get(step, "stdout_json");
    size_t n = json_array_size(cli);
    char **args = sg_calloc(n + 1, sizeof *args);
    char *in = NULL, *out = NULL, *err = NULL;
    json_t *doc = NULL, *expected = NULL;
    int status = 0;
    long want_exit = expect_exit ? (long)json_integer_value(expect_exit) : 0;
    if (!args) {
        runner_note(msg, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        args[i] = runner_subst(r, json_string_value(json_array_get(cli, i)), msg);
        if (!args[i])
            goto out;
    }
    if (stdin_json) {
        in = runner_subst(r, json_string_value(stdin_json), msg);
        if (!in)
            goto out;
    }
    if (!runner_cli(r, (const char *const *)args, in, &status, &out, &err, msg))
        goto out;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != want_exit) {
        char text[64];
        runner_status_text(status, text);
        runner_note(msg, "expected exit status %ld, got %s", want_exit, text);
    }
    each_text(r, json_object_get(step, "stdout_contains"), text_has, out, "stdout does not contain",
              msg);
    each_text(r, json_object_get(step, "stdout_not_contains"), text_lacks, out, "stdout contains",
              msg);
    each_text(r, json_object_get(step, "stderr_contains"), text_has, err, "stderr does not contain",
              msg);
    each_text(r, json_object_get(step, "stderr_not_contains"), text_lacks, err, "stderr contains",
              msg);
    doc = json_loads(out, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
    if (want_json) {
        expected = runner_subst_json(r, want_json, msg);
        if (!doc)
            runner_note(msg, "stdout is not JSON");
        else if (expected)
            runner_json_match(expected, doc, "stdout", msg);
    }
    if (json_object_get(step, "save"))
        runner_save(r, json_object_get(step, "save"), NULL, doc, out, msg);
    if (msg->len > 0) {
        runner_note(msg, "stdout: ");
        runner_note_snippet(msg, out, strlen(out), 300);
        runner_note(msg, "stderr: ");
        runner_note_snippet(msg, err, strlen(err), 300);
    }
out:
    for (size_t i = 0; args && i < n; i++)
        sg_free(args[i]);
    sg_free(args);
    sg_free(in);
    sg_free(out);
    sg_free(err);
    json_decref(doc);
    json_decref(expected);
}

/* One result row as a JSON array; blobs become lower-case hex strings. */
static json_t *sql_row(sqlite3_stmt *st)
{
    json_t *row = json_array();
    int n = sqlite3_column_count(st);
    for (int i = 0; row && i < n; i++) {
        json_t *v = NULL;
        switch (sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER:
            v = json_integer(sqlite3_column_int64(st, i));
            break;
        case SQLITE_FLOAT:
            v = json_real(sqlite3_column_double(st, i));
            break;
        case SQLITE_NULL:
            v = json_null();
            break;
        case SQLITE_TEXT:
            v = json_stringn((const char *)sqlite3_column_text(st, i),
                             (size_t)sqlite3_column_bytes(st, i));
            break;
        default: {
            size_t len = (size_t)sqlite3_column_bytes(st, i);
            char *hex = sg_malloc(2 * len + 1);
            if (hex) {
                text_hex(sqlite3_column_blob(st, i), len, hex);
                v = json_string(hex);
            }
            sg_free(hex);
        }
        }
        if (!v || json_array_append_new(row, v) != 0) {
            json_decref(row);
            row = NULL;
        }
    }
    return row;
}

static void sql_once(runner *r, json_t *step, buf *msg)
{
    sqlite3 *db = NULL;
    json_t *rows = json_array();
    json_t *expected = NULL;
    char *sql = runner_subst(r, json_string_value(json_object_get(step, "sql")), msg);
    if (!sql || !rows)
        goto out;
    if (r->db_url) {
        json_decref(rows);
        rows = runner_pg_sql(r, sql, msg);
        goto match;
    }
    if (sqlite3_open_v2(r->db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        runner_note(msg, "cannot open %s: %s", r->db_path, db ? sqlite3_errmsg(db) : "?");
        goto out;
    }
    sqlite3_busy_timeout(db, 10000);
    for (const char *p = sql; *p && msg->len == 0;) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        if (sqlite3_prepare_v2(db, p, -1, &st, &tail) != SQLITE_OK) {
            runner_note(msg, "sql: %s", sqlite3_errmsg(db));
            break;
        }
        p = tail;
        if (!st)
            continue; /* only white space or a comment was left */
        json_t *these = json_array();
        int rc = SQLITE_ROW;
        while (these && rc == SQLITE_ROW) {
            rc = sqlite3_step(st);
            json_t *row = rc == SQLITE_ROW ? sql_row(st) : NULL;
            if (rc == SQLITE_ROW && (!row || json_array_append_new(these, row) != 0))
                rc = SQLITE_NOMEM;
        }
        if (rc != SQLITE_DONE)
            runner_note(msg, "sql: %s", rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(db));
        if (these && sqlite3_column_count(st) > 0) {
            json_decref(rows);
            rows = these;
        } else {
            json_decref(these);
        }
        sqlite3_finalize(st);
    }
match:
    if (msg->len == 0 && json_object_get(step, "rows")) {
        expected = runner_subst_json(r, json_object_get(step, "rows"), msg);
        if (expected)
            runner_json_match(expected, rows, "rows", msg);
    }
out:
    sqlite3_close(db);
    sg_free(sql);
    json_decref(rows);
    json_decref(expected);
}

void runner_step_sql(runner *r, json_t *step, buf *msg)
{
    /* The server spools the audit entries of reads and moves them into
     * audit_log within milliseconds (security/audit_spool.h): a query of
     * the trail that does not match yet is asked again for up to 2 s. */
    const char *sql = json_string_value(json_object_get(step, "sql"));
    bool trail = sql && strstr(sql, "audit_log") && json_object_get(step, "rows") && !r->db_url;
    for (int attempt = 0;; attempt++) {
        sql_once(r, step, msg);
        if (msg->len == 0 || !trail || attempt == 100)
            return;
        buf_reset(msg);
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 20 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
}

/* Position of needle in the len bytes at hay, or -1. */
static long long find_bytes(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; n > 0 && i + n <= len; i++)
        if (hay[i] == needle[0] && memcmp(hay + i, needle, n) == 0)
            return (long long)i;
    return -1;
}

/* The database files of the work directory: signaal.db and every file whose
 * name begins with it (-wal, -shm, backups), except the key file. */
static json_t *db_files(runner *r)
{
    json_t *names = json_array();
    DIR *dir = opendir(r->workdir);
    while (dir && names) {
        struct dirent *e = readdir(dir);
        if (!e)
            break;
        if (text_starts_with(e->d_name, "signaal.db") && strcmp(e->d_name, "signaal.db.key") != 0
            && json_array_append_new(names, json_string(e->d_name)) != 0) {
            json_decref(names);
            names = NULL;
        }
    }
    if (dir)
        closedir(dir);
    return names;
}

void runner_step_scan_db(runner *r, json_t *strings, bool want, buf *msg)
{
    /* On PostgreSQL the database is no file here: search its values. */
    json_t *names = r->db_url ? json_pack("[s]", "the database") : db_files(r);
    size_t count = json_array_size(names);
    char **data = sg_calloc(count + 1, sizeof *data);
    size_t *lens = sg_calloc(count + 1, sizeof *lens);
    size_t n = json_is_array(strings) ? json_array_size(strings) : 1;
    if (!names || !data || !lens) {
        runner_note(msg, "out of memory");
        goto out;
    }
    for (size_t f = 0; f < count && !r->db_url; f++) {
        char *path = runner_path_join(r->workdir, json_string_value(json_array_get(names, f)));
        data[f] = path ? runner_read_file(path, (size_t)1 << 31, &lens[f]) : NULL;
        sg_free(path);
    }
    if (r->db_url) {
        data[0] = runner_pg_dump(r, &lens[0], msg);
        if (!data[0])
            goto out;
    }
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_is_array(strings) ? json_array_get(strings, i) : strings;
        char *needle = runner_subst(r, json_string_value(item), msg);
        bool found = false;
        for (size_t f = 0; needle && !found && f < count; f++) {
            long long at = data[f] ? find_bytes(data[f], lens[f], needle) : -1;
            found = at >= 0;
            if (found && !want)
                runner_note(msg, "\"%s\" found in %s at byte %lld", needle,
                            json_string_value(json_array_get(names, f)), at);
        }
        if (needle && want && !found)
            runner_note(msg, "\"%s\" not found in the database files", needle);
        sg_free(needle);
    }
out:
    for (size_t f = 0; data && f < count; f++)
        sg_free(data[f]);
    sg_free(data);
    sg_free(lens);
    json_decref(names);
}

void runner_step_scan_log(runner *r, json_t *strings, bool want, buf *msg)
{
    /* The server may log just after it answered: wait a little for a line
     * that must appear; one that must not is checked at once. */
    long long deadline = clock_mono_ms() + (want ? 2000 : 0);
    size_t n = json_is_array(strings) ? json_array_size(strings) : 1;
    for (;;) {
        buf notes;
        size_t len = 0;
        char *log = runner_read_file(r->log_path, 64u * 1024u * 1024u, &len);
        buf_init(&notes, RUNNER_MSG_MAX);
        for (size_t i = 0; i < n; i++) {
            json_t *item = json_is_array(strings) ? json_array_get(strings, i) : strings;
            char *needle = runner_subst(r, json_string_value(item), &notes);
            bool found = needle && log && find_bytes(log, len, needle) >= 0;
            if (needle && found != want)
                runner_note(&notes,
                            want ? "server.log does not contain \"%s\""
                                 : "server.log contains \"%s\"",
                            needle);
            sg_free(needle);
        }
        sg_free(log);
        bool done = notes.len == 0 || clock_mono_ms() >= deadline;
        if (done && notes.len > 0)
            runner_note(msg, "%s", notes.data);
        buf_free(&notes);
        if (done)
            return;
        runner_sleep_ms(100);
    }
}
