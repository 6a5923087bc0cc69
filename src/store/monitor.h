/*
 * monitor.h - the aggregate queries of monitoring, and the release log.
 *
 * Each figure of the yearly report has its query here, in one place, so
 * that a change to the tables it reads is made once (the list of which
 * figure reads which table is in docs/internals/service-monitor.md).
 * Queries hand back one row per child ("facts": when the child first
 * appears in the period, where they live, their birth year and month, their
 * gender, the type of the organisation involved and up to three codes of the
 * figure), or counts of distinct children per code, or the two dates of a
 * lead time.  They never return names or other identifying data, only the
 * internal person id, which the caller uses to count children once.
 *
 * The release log records each published cell's key and value, so that a
 * later release can be checked against the earlier ones.
 */
#ifndef SG_STORE_MONITOR_H
#define SG_STORE_MONITOR_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"
#include "store/store.h"

typedef enum monitor_figure {
    MF_SIGNALS,       /* a: strongest strength (S, M, W, C), b: form rank 1..4, categories */
    MF_CONSULTATIONS, /* a: outcome of the last one, b: question type */
    MF_MELDCODE,      /* a: the last step-5 decision, b: what was advised */
    MF_REFERRALS,     /* a: receiver's type, b: status, c: legal basis */
    MF_SCREENINGS,    /* a: advised signs, b: confirmed signs, c: offence */
    MF_DECISIONS,     /* a: the OM's decision, b: possible victim yes/no */
    MF_DIVERSIONS,    /* a: kind */
    MF_ENROLMENTS,    /* a: status, b: outcome, c: programme (by the day of referral) */
    MF_COUNT
} monitor_figure;

typedef enum monitor_count_query {
    MC_SIGNAL_TREND,  /* a: year (children with a signal in it; by area on request) */
    MC_CATEGORY_LIST, /* a: the newest catalogue's categories, b: in Dutch (count 0) */
    MC_CLOCKS,        /* a: rule, b: met, missed or running (children per rule and area) */
    MC_CONCERNS,      /* a: ground (distinct youths, by pseudonym) */
    MC_MATCHES,       /* a: kind, b: status (distinct youths, by pseudonym) */
    MC_COUNT
} monitor_count_query;

typedef enum monitor_lead {
    ML_SIGNAL_CONSULTATION,
    ML_CONSULTATION_DECISION,
    ML_REFERRAL_ACCEPTANCE,
    ML_ARREST_DECISION,
    ML_COUNT
} monitor_lead;

/* What a query covers: dates in [from, to) (YYYY-MM-DD), and optionally
 * one municipality ("" for all) or one organisation (0 for all). */
typedef struct monitor_scope {
    char from[11], to[11];
    const char *municipality;
    int64_t org_id;
    /* Indicator codes per form of exploitation, as ",CODE,CODE," lists, for
     * MF_SIGNALS: forms[0] ranks 1, forms[1] 2, forms[2] 3; else 4. */
    const char *forms[3];
    /* MF_SIGNALS: the indicator categories whose bits the facts carry
     * (borrowed; at most 64). */
    const char *const *categories;
    int ncategories;
    /* MC_SIGNAL_TREND: count per municipality as well (the area of each
     * count), for a report that protects every area at once. */
    bool by_area;
} monitor_scope;

typedef struct monitor_fact {
    int64_t person_id;
    char on[11]; /* the child's first event in the period */
    char municipality[96];
    int birth_year, birth_month;
    char gender[16];
    char org_type[32]; /* of the organisation of the first event */
    char a[48], b[48], c[48];
    uint64_t categories; /* MF_SIGNALS: bit i for scope categories[i] */
} monitor_fact;

typedef int (*monitor_fact_fn)(const monitor_fact *f, void *ctx);
/* A count of children per code; area is their municipality where the
 * query tells (MC_CLOCKS, MC_SIGNAL_TREND with by_area), else "". */
typedef int (*monitor_count_fn)(const char *a, const char *b, const char *area, int64_t n,
                                void *ctx);
/* The two dates of a lead time of one child, who lives in municipality. */
typedef int (*monitor_lead_fn)(int64_t person_id, const char *municipality, const char *start,
                               const char *end, void *ctx);

/* Calls fn for each child of the figure in scope (fn returning non-zero
 * stops and is returned). */
SG_MUST_CHECK int store_monitor_facts(store_tx *tx, monitor_figure fig, const monitor_scope *s,
                                      monitor_fact_fn fn, void *ctx);
SG_MUST_CHECK int store_monitor_counts(store_tx *tx, monitor_count_query q, const monitor_scope *s,
                                       monitor_count_fn fn, void *ctx);
SG_MUST_CHECK int store_monitor_leads(store_tx *tx, monitor_lead l, const monitor_scope *s,
                                      monitor_lead_fn fn, void *ctx);

/* ---- the release log -------------------------------------------------- */

typedef struct monitor_release_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    char scope[128];
    int year;
    int64_t released_by;
    char released_at[32];
    char method[16];
    int threshold;
    int cells;
    int further; /* cells suppressed further because of earlier releases */
} monitor_release_row;

/* One cell as last recorded for a key: its value, or that it was
 * suppressed in any earlier release. */
typedef int (*monitor_prior_fn)(const char *key, int64_t shown, bool suppressed, void *ctx);
/* The cells recorded for the years [year_from, year_to], one per key: the
 * newest published value, suppressed when any release suppressed it. */
SG_MUST_CHECK int store_monitor_prior(store_tx *tx, int year_from, int year_to, monitor_prior_fn fn,
                                      void *ctx);
SG_MUST_CHECK int store_monitor_release_insert(store_tx *tx, monitor_release_row *r);
/* Stores the release's final count of cells and further suppressions. */
SG_MUST_CHECK int store_monitor_release_finish(store_tx *tx, const monitor_release_row *r);
/* Records a cell of release_id (only when it differs from what the log
 * already holds for the key, which the caller checks). */
SG_MUST_CHECK int store_monitor_release_cell(store_tx *tx, int64_t release_id, int year,
                                             const char *key, int64_t shown, bool suppressed);

#endif
