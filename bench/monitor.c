/*
 * monitor.c - benchmark of the yearly progress report (not a test).
 *
 *   bench_monitor generate DB SIGNALS [SEED]   fill an initialised database
 *   bench_monitor run DB YEAR [REPEAT]         time the report over it
 *
 * run times, side by side in one process: each query the report makes (the
 * per-child facts of a figure, a count of distinct children, the pairs of
 * dates of a lead time), through the store as the report calls it, beside
 * the floor of a plain SQL GROUP BY over the same table and period on a
 * connection of its own; then the whole report (gathering, protection
 * across its tables, the release log and its audit entry, the JSON) as the
 * national analysis organisation, a municipality and a school see it, the
 * best and the median of REPEAT runs.  One line of key=value figures per
 * measurement on stdout; bench/monitor formats them.
 */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_monitor.h"
#include "service/monitor/monitor.h"
#include "store/monitor.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- the report's own queries ---------------------------------------------- */

typedef enum { Q_FACTS, Q_COUNTS, Q_LEADS } query_kind;

typedef struct measured {
    const char *name;
    query_kind kind;
    int which;
    const char *floor; /* ?1, ?2: the period; ?3: four years before it */
} measured;

#define YEAR_OF(col) " WHERE " col " >= ?1 AND " col " < ?2"

static const measured queries[] = {
    /* The signals figure reads every indicator of the year's signals (and
     * its categories): the floor groups the same join by category. */
    {"signals", Q_FACTS, MF_SIGNALS,
     "SELECT i.category, COUNT(*) FROM signals s JOIN signal_indicators si ON si.signal_id = s.id"
     " JOIN indicators i ON i.version = s.catalogue_version AND i.code = si.code" YEAR_OF(
         "s.observed_on") " GROUP BY 1"},
    /* The four years before: ?3 to ?1. */
    {"signals.trend", Q_COUNTS, MC_SIGNAL_TREND,
     "SELECT substr(observed_on, 1, 4), COUNT(*) FROM signals WHERE observed_on >= ?3"
     " AND observed_on < ?1 GROUP BY 1"},
    {"consultations", Q_FACTS, MF_CONSULTATIONS,
     "SELECT outcome, COUNT(*) FROM consultations" YEAR_OF("held_on") " GROUP BY 1"},
    {"meldcode", Q_FACTS, MF_MELDCODE,
     "SELECT decision, COUNT(*) FROM meldcode_steps" YEAR_OF("recorded_at") " AND step = 5"
                                                                            " GROUP BY 1"},
    {"referrals", Q_FACTS, MF_REFERRALS,
     "SELECT status, COUNT(*) FROM referrals" YEAR_OF("created_at") " GROUP BY 1"},
    {"screenings", Q_FACTS, MF_SCREENINGS,
     "SELECT advised_signs, confirmed_signs, COUNT(*) FROM screenings" YEAR_OF(
         "arrested_on") " GROUP BY 1, 2"},
    {"decisions", Q_FACTS, MF_DECISIONS,
     "SELECT decision, possible_victim, COUNT(*) FROM prosecution_decisions" YEAR_OF(
         "decided_at") " GROUP BY 1, 2"},
    {"diversions", Q_FACTS, MF_DIVERSIONS,
     "SELECT kind, COUNT(*) FROM diversions" YEAR_OF("recorded_at") " GROUP BY 1"},
    {"enrolments", Q_FACTS, MF_ENROLMENTS,
     "SELECT status, outcome, COUNT(*) FROM enrolments" YEAR_OF("created_at") " GROUP BY 1, 2"},
    {"clocks", Q_COUNTS, MC_CLOCKS,
     "SELECT rule_id, missed, COUNT(*) FROM clocks" YEAR_OF("started_at") " GROUP BY 1, 2"},
    {"refindex.registrations", Q_COUNTS, MC_CONCERNS,
     "SELECT ground, COUNT(*) FROM concerns" YEAR_OF("registered_at") " GROUP BY 1"},
    {"refindex.matches", Q_COUNTS, MC_MATCHES,
     "SELECT kind, status, COUNT(*) FROM concern_matches" YEAR_OF("created_at") " GROUP BY 1, 2"},
    {"lead.signal-consultation", Q_LEADS, ML_SIGNAL_CONSULTATION,
     "SELECT COUNT(*) FROM consultations" YEAR_OF("held_on")},
    {"lead.consultation-decision", Q_LEADS, ML_CONSULTATION_DECISION,
     "SELECT COUNT(*) FROM meldcode_steps" YEAR_OF("recorded_at") " AND step = 5"},
    {"lead.referral-acceptance", Q_LEADS, ML_REFERRAL_ACCEPTANCE,
     "SELECT COUNT(*) FROM clocks" YEAR_OF("stopped_at") " AND stop_event = 'referral.accepted'"},
    {"lead.arrest-decision", Q_LEADS, ML_ARREST_DECISION,
     "SELECT COUNT(*) FROM prosecution_decisions" YEAR_OF("decided_at")},
};

typedef struct query_ctx {
    const measured *m;
    const monitor_scope *scope;
    int64_t rows;
} query_ctx;

static int on_fact(const monitor_fact *f, void *arg)
{
    (void)f;
    ((query_ctx *)arg)->rows++;
    return SG_OK;
}

static int on_count(const char *a, const char *b, const char *area, int64_t n, void *arg)
{
    (void)a, (void)b, (void)area, (void)n;
    ((query_ctx *)arg)->rows++;
    return SG_OK;
}

static int on_lead(int64_t person, const char *municipality, const char *start, const char *end,
                   void *arg)
{
    (void)person, (void)municipality, (void)start, (void)end;
    ((query_ctx *)arg)->rows++;
    return SG_OK;
}

static int query_job(store_tx *tx, void *arg)
{
    query_ctx *q = arg;
    switch (q->m->kind) {
    case Q_FACTS:
        return store_monitor_facts(tx, (monitor_figure)q->m->which, q->scope, on_fact, q);
    case Q_COUNTS:
        return store_monitor_counts(tx, (monitor_count_query)q->m->which, q->scope, on_count, q);
    default:
        return store_monitor_leads(tx, (monitor_lead)q->m->which, q->scope, on_lead, q);
    }
}

/* The floor: the plain GROUP BY, every row stepped through. */
static int floor_query(sqlite3 *db, const char *sql, const char *from, const char *to,
                       const char *trend_from, int64_t *rows)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "bench_monitor: %s: %s\n", sql, sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_text(st, 1, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, to, -1, SQLITE_STATIC);
    if (sqlite3_bind_parameter_count(st) >= 3)
        sqlite3_bind_text(st, 3, trend_from, -1, SQLITE_STATIC);
    int rc;
    *rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        *rows += 1;
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The forms' indicator lists as the report builds them: ",CODE,...,". */
static int form_lists(sqlite3 *db, char lists[3][1024])
{
    sqlite3_stmt *st = NULL;
    json_t *doc = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT content FROM rulesets WHERE kind = 'monitor'"
                           " ORDER BY version DESC LIMIT 1",
                           -1, &st, NULL)
            == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW)
        doc = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
    sqlite3_finalize(st);
    size_t i, j;
    json_t *f, *code;
    json_array_foreach(json_object_get(doc, "forms"), i, f)
    {
        if (i >= 3)
            break;
        snprintf(lists[i], 1024, ",");
        json_array_foreach(json_object_get(f, "indicators"), j, code)
        {
            size_t len = strlen(lists[i]);
            snprintf(lists[i] + len, 1024 - len, "%s,", json_string_value(code));
        }
    }
    json_decref(doc);
    return doc ? 0 : -1;
}

/* ---- the whole report ---------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int whole_report(app *a, const char *label, const char *login, const char *year, int repeat)
{
    actor who;
    if (svc_actor_by_login(a, login, "bench", &who) != SG_OK) {
        fprintf(stderr, "bench_monitor: no user %s (run generate first)\n", login);
        return -1;
    }
    double times[32];
    int tables = 0, suppressed = 0, cells = 0;
    for (int r = 0; r < repeat; r++) {
        monitor_request req = {.year = year};
        svc_error err = {0};
        json_t *report = NULL;
        double t0 = now_ms();
        int rc = monitor_report(a, &who, &req, &report, &err);
        times[r] = now_ms() - t0;
        if (rc != SG_OK) {
            fprintf(stderr, "bench_monitor: report as %s: %s %s\n", login, sg_status_str(rc),
                    err.reason ? err.reason : "");
            return -1;
        }
        size_t i, j, k;
        json_t *t, *line, *cell;
        tables = cells = suppressed = 0;
        json_array_foreach(json_object_get(report, "tables"), i, t)
        {
            tables++;
            json_array_foreach(json_object_get(t, "cells"), j, line)
            {
                json_array_foreach(line, k, cell)
                {
                    cells++;
                    suppressed += json_is_true(json_object_get(cell, "suppressed"));
                }
            }
        }
        json_decref(report);
    }
    qsort(times, (size_t)repeat, sizeof times[0], cmp_double);
    printf("report=%s best_ms=%.1f median_ms=%.1f runs=%d tables=%d cells=%d suppressed=%d\n",
           label, times[0], times[repeat / 2], repeat, tables, cells, suppressed);
    return 0;
}

static int run(const char *path, const char *year, int repeat)
{
    app *a = NULL;
    const char *detail = "";
    if (app_open(path, false, &a, &detail) != SG_OK) {
        fprintf(stderr, "bench_monitor: cannot open %s: %s\n", path, detail);
        return -1;
    }
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK ? 0 : -1;
    char forms[3][1024] = {"", "", ""};
    if (rc == 0)
        rc = form_lists(db, forms);
    int y = atoi(year);
    if (y < 2000 || y > 9999) {
        fprintf(stderr, "bench_monitor: a year as YYYY\n");
        sqlite3_close(db);
        app_close(a);
        return -1;
    }
    monitor_scope s = {.municipality = "", .org_id = 0};
    snprintf(s.from, sizeof s.from, "%04u-01-01", (unsigned)y % 10000u);
    snprintf(s.to, sizeof s.to, "%04u-01-01", (unsigned)(y + 1) % 10000u);
    for (int i = 0; i < 3; i++)
        s.forms[i] = forms[i];
    char trend_from[11];
    snprintf(trend_from, sizeof trend_from, "%04u-01-01", (unsigned)(y - 4) % 10000u);
    double report_total = 0, floor_total = 0;
    for (size_t i = 0; rc == 0 && i < sizeof queries / sizeof queries[0]; i++) {
        const measured *m = &queries[i];
        monitor_scope scope = s;
        if (m->which == MC_SIGNAL_TREND && m->kind == Q_COUNTS) {
            /* As the national report reads it: per municipality too. */
            snprintf(scope.from, sizeof scope.from, "%s", trend_from);
            snprintf(scope.to, sizeof scope.to, "%s", s.from);
            scope.by_area = true;
        }
        query_ctx q = {.m = m, .scope = &scope};
        double t0 = now_ms();
        rc = store_read(a->db, query_job, &q) == SG_OK ? 0 : -1;
        double t1 = now_ms();
        int64_t floor_rows = 0;
        if (rc == 0)
            rc = floor_query(db, m->floor, s.from, s.to, trend_from, &floor_rows);
        double t2 = now_ms();
        report_total += t1 - t0;
        floor_total += t2 - t1;
        printf("query=%s report_ms=%.1f floor_ms=%.1f rows=%lld floor_rows=%lld\n", m->name,
               t1 - t0, t2 - t1, (long long)q.rows, (long long)floor_rows);
    }
    if (rc == 0)
        printf("query=all report_ms=%.1f floor_ms=%.1f\n", report_total, floor_total);
    if (rc == 0)
        rc = whole_report(a, "national", BENCH_NATIONAL_LOGIN, year, repeat);
    if (rc == 0)
        rc = whole_report(a, "municipality", BENCH_MUNICIPALITY_LOGIN, year, repeat);
    if (rc == 0)
        rc = whole_report(a, "school", BENCH_SCHOOL_LOGIN, year, repeat);
    sqlite3_close(db);
    app_close(a);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "generate") == 0)
        return bench_generate(argv[2], atoll(argv[3]),
                              argc > 4 ? strtoull(argv[4], NULL, 10) : 20261204u)
                       == 0
                   ? 0
                   : 1;
    if (argc >= 4 && strcmp(argv[1], "run") == 0) {
        int repeat = argc > 4 ? atoi(argv[4]) : 3;
        if (repeat < 1 || repeat > 32)
            repeat = 3;
        return run(argv[2], argv[3], repeat) == 0 ? 0 : 1;
    }
    fprintf(stderr, "usage: bench_monitor generate DB SIGNALS [SEED]\n"
                    "       bench_monitor run DB YEAR [REPEAT]\n");
    return 2;
}
