/*
 * raw_insert.c - the floor for signal creation: the same rows inserted
 * straight into SQLite with the durability the server uses (WAL,
 * synchronous=FULL, one transaction per row), without HTTP, JSON,
 * encryption or an audit entry.  Prints rows per second.
 *
 *   bench_raw_insert DB_PATH ROWS
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE) {
        fprintf(stderr, "bench_raw_insert: %s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_raw_insert DB_PATH ROWS\n");
        return 2;
    }
    long rows = atol(argv[2]);
    sqlite3 *db = NULL;
    check(sqlite3_open(argv[1], &db), db, "open");
    check(sqlite3_exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                       "CREATE TABLE IF NOT EXISTS signals (id INTEGER PRIMARY KEY,"
                       " public_id TEXT NOT NULL UNIQUE, person_id INTEGER NOT NULL,"
                       " org_id INTEGER NOT NULL, observer_id INTEGER NOT NULL,"
                       " observed_on TEXT NOT NULL, setting TEXT NOT NULL,"
                       " observation_enc BLOB NOT NULL, catalogue_version INTEGER NOT NULL,"
                       " created_at TEXT NOT NULL) STRICT;"
                       "CREATE TABLE IF NOT EXISTS signal_indicators (signal_id INTEGER NOT NULL,"
                       " code TEXT NOT NULL, kind TEXT NOT NULL, PRIMARY KEY (signal_id, code))"
                       " STRICT;",
                       NULL, NULL, NULL),
          db, "schema");
    sqlite3_stmt *ins = NULL, *ind = NULL;
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO signals (public_id, person_id, org_id, observer_id,"
                             " observed_on, setting, observation_enc, catalogue_version,"
                             " created_at) VALUES (?, 1, 1, 1, '2026-11-01', 'school', ?, 1,"
                             " '2026-11-01T10:00:00.000Z')",
                             -1, &ins, NULL),
          db, "prepare");
    check(sqlite3_prepare_v2(db,
                             "INSERT INTO signal_indicators (signal_id, code, kind) VALUES (?,"
                             " 'SCH-01', 'fact')",
                             -1, &ind, NULL),
          db, "prepare");
    unsigned char blob[41 + 120];
    memset(blob, 0x5a, sizeof blob);
    double start = now_s();
    for (long i = 0; i < rows; i++) {
        char id[40];
        snprintf(id, sizeof id, "00000000-0000-4000-8000-%012ld", i + (long)start * 1000);
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), db, "begin");
        sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_blob(ins, 2, blob, sizeof blob, SQLITE_STATIC);
        check(sqlite3_step(ins), db, "insert");
        sqlite3_reset(ins);
        sqlite3_bind_int64(ind, 1, sqlite3_last_insert_rowid(db));
        check(sqlite3_step(ind), db, "insert indicator");
        sqlite3_reset(ind);
        check(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), db, "commit");
    }
    double took = now_s() - start;
    printf("%.0f\n", (double)rows / took);
    sqlite3_finalize(ins);
    sqlite3_finalize(ind);
    sqlite3_close(db);
    return 0;
}
