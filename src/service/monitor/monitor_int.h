/* Shared by the files of service/monitor/ and nothing else: the report
 * while it is built.  Who defines what, and the one direction they depend:
 * report.c (the use case: scope, tables, monitor_ruleset) calls areas.c
 * (the areas and the families of tables over them), release.c (protection
 * and the release log) and report_json.c (the answer); measures.c uses
 * monitor_ruleset; render.c reads only the finished JSON. */
#ifndef SG_MONITOR_INT_H
#define SG_MONITOR_INT_H

#include "analysis/stats.h"
#include "service/monitor/monitor.h"
#include "store/monitor.h"
#include "store/store.h"

#define MONITOR_MAX_FAMILIES 40
#define MONITOR_LIST_MAX 64
#define MONITOR_MAX_AREAS 512   /* the listed municipalities (the Netherlands has 342), and two */
#define MONITOR_AREA_UNLISTED 1 /* children of no listed municipality */

/* A list of codes read from published data (borrowed strings, except the
 * indicator categories, which the report owns). */
typedef struct code_list {
    const char *v[MONITOR_LIST_MAX];
    int n;
} code_list;

/* The two dates of one lead time per child, as days apart, with the
 * child's area. */
typedef struct lead_set {
    int64_t *days;
    int64_t *persons;
    int *areas;
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
    /* The areas the report protects as one (areas.c): one (an
     * organisation's own figures, or any report under the cell key method,
     * which needs no secondary suppression), or the country (0), the
     * children of no listed municipality (1) and every listed municipality
     * (2 and up), so that a municipality's report and the national one can
     * never be subtracted from each other.  pub_area is the one shown. */
    int nareas, pub_area;
    const char *area_muni[MONITOR_MAX_AREAS]; /* borrowed from regions; NULL for 0 and 1 */
    int area_order[MONITOR_MAX_AREAS];        /* areas 2.. by name, for look-up */
    int nmuni;
    /* The tables, family by family: family f is t[fam_first[f] ..] with one
     * table per area, or one table when it exists for the country only. */
    stats_table **t;
    int nt, tcap;
    int fam_first[MONITOR_MAX_FAMILIES], fam_size[MONITOR_MAX_FAMILIES];
    const char *figure_of[MONITOR_MAX_FAMILIES];
    bool fam_hidden[MONITOR_MAX_FAMILIES]; /* protected and logged, not shown as a table */
    int nfam;
    int lead_family;
    lead_set leads[ML_COUNT];
    int cur[8]; /* the families of the figure being filled; -1 for none */
    monitor_figure fig;
    int64_t signal_children[MONITOR_MAX_AREAS]; /* this year's trend, per area */
    monitor_release_row release;
} monitor_ctx;

/* ---- areas.c ---- */

/* Sets up the areas: every listed municipality when joint, else the one
 * area the report is about.  SG_EUNAVAILABLE when the regions data lists
 * more municipalities than the report can hold. */
SG_MUST_CHECK int monitor_areas_setup(monitor_ctx *r, bool joint);
/* The area of a child living in municipality (0 when there is one area). */
int monitor_area_of(const monitor_ctx *r, const char *municipality);
/* Adds a family of tables over the areas (national_only: the country's
 * table alone); *fam is its index.  See add_table in report.c for the
 * arguments. */
SG_MUST_CHECK int monitor_add_family(monitor_ctx *r, const char *figure, const char *name,
                                     const char *row_dim, const char *const *rows, int nrows,
                                     const char *col_dim, const char *const *cols, int ncols,
                                     bool totals, bool yearly, bool national_only, int *fam);
/* Counts n children of area in cell (row code, column code) of a family:
 * in the area's table and the country's.  Codes outside the fixed lists
 * are not counted; fam -1 is ignored. */
void monitor_count(monitor_ctx *r, int fam, int area, const char *row, const char *col, int64_t n);
/* The table of family fam that the report shows. */
stats_table *monitor_shown(const monitor_ctx *r, int fam);
/* Marks the impossible combinations of the regions tables: a region under
 * another police unit, an area's rows outside its own region or unit. */
void monitor_mark_structural(monitor_ctx *r, int regions_fam, int unit_form_fam);

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
