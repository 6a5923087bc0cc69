/* Shared by the files of service/monitor/ and nothing else: the report
 * while it is built.  Who defines what, and the one direction they depend:
 * report.c (the use case: scope, tables, monitor_ruleset) calls release.c
 * (protection and the release log) and report_json.c (the answer);
 * measures.c uses monitor_ruleset; render.c reads only the finished JSON. */
#ifndef SG_MONITOR_INT_H
#define SG_MONITOR_INT_H

#include "analysis/stats.h"
#include "service/monitor/monitor.h"
#include "store/monitor.h"
#include "store/store.h"

#define MONITOR_MAX_TABLES 40
#define MONITOR_LIST_MAX 64

/* A list of codes read from published data (borrowed strings, except the
 * indicator categories, which the report owns). */
typedef struct code_list {
    const char *v[MONITOR_LIST_MAX];
    int n;
} code_list;

/* The two dates of one lead time per child, as days apart. */
typedef struct lead_set {
    int64_t *days;
    int64_t *persons;
    int n, cap;
} lead_set;

/* One report being built; owns its tables, lead sets and JSON documents. */
typedef struct monitor_ctx {
    app *a;
    const actor *who;
    int year;
    char municipality[96]; /* "" for all */
    int64_t org_id;        /* 0 for all */
    char scope_key[256];   /* key parts of the area */
    char scope_name[160];
    const char *level;
    bool cell_key;
    int threshold;
    json_t *defs, *regions, *clock_rules, *grounds;
    code_list ages, forms, units, regions_list, org_types, rules, ground_list;
    code_list categories, category_names; /* owned: the newest catalogue's, in Dutch */
    char form_codes[3][1024];             /* ",CODE,...," per ranked form */
    stats_table *t[MONITOR_MAX_TABLES];
    const char *figure_of[MONITOR_MAX_TABLES];
    int nt;
    lead_set leads[ML_COUNT];
    stats_table *cur[8]; /* the tables of the figure being filled */
    monitor_figure fig;
    int64_t signal_children; /* children of the signals figure: this year's trend */
    monitor_release_row release;
} monitor_ctx;

/* The newest published rule set of kind as a JSON document the caller
 * releases, or NULL when none is published or it does not parse. */
json_t *monitor_ruleset(store_tx *tx, const char *kind);

/* A store_write job (arg: monitor_ctx): protects the report's tables
 * against the earlier releases of the years it covers and records it in
 * the release log with its audit entry (release.c). */
SG_MUST_CHECK int monitor_release_job(store_tx *tx, void *arg);

/* The protected report as the API's JSON, a new reference the caller
 * releases, or NULL when out of memory (report_json.c). */
json_t *monitor_report_json(monitor_ctx *r);

#endif
