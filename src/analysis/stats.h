/*
 * stats.h - statistical tables with disclosure control.
 *
 * A stats_table is a count table over fixed category lists (every category
 * is present, also when it is empty), optionally with its margins: a total
 * row and, when it has more than one column, a total column.  A table with
 * margins is additive: each unit (a child) sits in exactly one data cell,
 * so each margin is the sum of its cells.  A table without margins may count
 * a unit in several cells; it publishes no sums that could be subtracted.
 *
 * Every cell carries a canonical key that names the quantity it counts
 * ("age=12-13/figure=signals/municipality=Utrecht/year=2024"): the same
 * quantity in two tables, or in two releases, has the same key, which is
 * how protection is carried across the tables of one report and across
 * releases.
 *
 * Areas: tables of one name with different `area` numbers form a family,
 * one table per area 0..n-1, all of one shape.  Area 0 is the whole (the
 * country) and holds, cell by cell, the sum of the other areas (its
 * municipalities, and one area for the units in none of them): each unit
 * lies in exactly one area.  A family is one three-dimensional table whose
 * third dimension is the area, with area 0 as its total, so every cell of
 * area 0 is an equation over the areas, also in a table without margins.
 *
 * A structural cell (stats_structural) is an impossible combination, such
 * as a municipality outside the region of a row: zero, and known to every
 * reader to be zero, so hiding it protects nothing.
 *
 * stats_protect applies, to all tables of one report together:
 *   - the minimum frequency: a cell (margins included) with 0 < n < k is
 *     suppressed (primary);
 *   - the release rules: a cell suppressed in an earlier release stays
 *     suppressed, and a cell whose value differs from an earlier release by
 *     fewer than k is suppressed, so that no difference reveals a small
 *     group;
 *   - secondary suppression by the hypercube method: every suppressed cell
 *     lies on a box of suppressed cells (two values on each dimension that
 *     has sums: rows and columns of an additive table, the area of a
 *     family) along which the values can shift while every published cell
 *     stays the same, so that no suppressed cell is determined by the
 *     published ones; a cell suppressed in one table is suppressed wherever
 *     its key appears, until nothing changes.  A cell an earlier release
 *     published with the value it has now is known (stats_cell.known), as is
 *     a structural one: neither is ever part of a box, since hiding it
 *     protects nothing;
 *   - or, as an option, the cell key method: every cell gets a small noise
 *     that depends only on a secret, the cell's key and its value, so the
 *     same cell carries the same noise wherever it appears; small cells are
 *     still suppressed, but no secondary suppression is needed.
 * Suppressed cells are marked; their value is never published.
 *
 * Pure computation: no I/O, no SQL, no HTTP.  Tables are owned by the
 * caller (stats_table_new / stats_table_free).
 */
#ifndef SG_STATS_H
#define SG_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

#define STATS_DEFAULT_THRESHOLD 10
#define STATS_MAX_NOISE 2 /* the cell key method's largest noise */

typedef enum stats_state {
    STATS_SHOWN = 0, /* published */
    STATS_PRIMARY,   /* below the minimum frequency */
    STATS_SECONDARY, /* suppressed to protect another cell */
    STATS_RELEASE,   /* suppressed because of an earlier release */
} stats_state;

typedef struct stats_cell {
    int64_t value; /* the true count: never published when suppressed */
    int64_t shown; /* the published count (noisy under the cell key method) */
    stats_state state;
    bool structural; /* an impossible combination: zero, known to every reader */
    bool known;      /* set by stats_protect: an earlier release published this value */
    char *key;       /* canonical key, owned by the table */
} stats_cell;

typedef struct stats_table {
    char *name;
    char *row_dim, *col_dim; /* dimension names, e.g. "month", "age" */
    int nrows, ncols;        /* data categories */
    char **rows, **cols;     /* category codes, owned */
    bool totals;             /* margins present (additive table) */
    int R, C;                /* stored size: data plus the total row/column */
    stats_cell *cells;       /* R * C, row-major; total row index nrows, column ncols */
    int release_suppressed;  /* cells suppressed because of an earlier release */
    int area;                /* the table's area in its family (0 unless set) */
    int unproven;            /* set by stats_protect: cells no witness was found for, whose
                     family was then hidden whole (none in any test) */
} stats_table;

/* A new table whose cells are all zero.  scope holds the key parts shared
 * by every cell ("figure=signals/year=2024"); rows and cols are the category
 * codes (borrowed, copied).  A table with totals needs at least one data
 * row; its total column exists only when ncols > 1.  *out is freed with
 * stats_table_free. */
SG_MUST_CHECK int stats_table_new(const char *name, const char *scope, const char *row_dim,
                                  const char *const *rows, int nrows, const char *col_dim,
                                  const char *const *cols, int ncols, bool totals,
                                  stats_table **out);
void stats_table_free(stats_table *t);

/* The cell at stored row r, column c (r == nrows: the total row). */
stats_cell *stats_at(stats_table *t, int r, int c);
const stats_cell *stats_at_const(const stats_table *t, int r, int c);
/* Index of a category code, or -1. */
int stats_row_index(const stats_table *t, const char *code);
int stats_col_index(const stats_table *t, const char *code);
/* Adds n to the data cell (r, c). */
void stats_add(stats_table *t, int r, int c, int64_t n);
/* Fills the margins from the data cells (a table with totals). */
void stats_sum(stats_table *t);
/* Marks the data cell (r, c) as structural: it must stay zero.  A margin
 * whose data cells are all structural is structural too (stats_protect
 * works that out). */
void stats_structural(stats_table *t, int r, int c);

/* A cell published in an earlier release (borrowed). */
typedef struct stats_prior {
    const char *key;
    int64_t shown;
    bool suppressed;
} stats_prior;

typedef struct stats_options {
    int threshold;               /* minimum frequency k, >= 1 (STATS_DEFAULT_THRESHOLD) */
    bool cell_key;               /* the cell key method instead of secondary suppression */
    const unsigned char *secret; /* the cell key method's secret (borrowed) */
    size_t secret_len;           /* 16 to 64 bytes */
} stats_options;

/* Protects the n tables of one report together (see above), with the
 * areas of every family.  prior lists the cells of earlier releases (may be
 * NULL when nprior is 0).  Returns SG_EINVAL for bad options or a family
 * that lacks an area or whose tables differ in shape; SG_EINTERNAL when
 * two cells with the same key hold different values, area 0 of a family is
 * not the sum of the others, or a structural cell is not zero. */
SG_MUST_CHECK int stats_protect(stats_table *const *tables, int n, const stats_options *opt,
                                const stats_prior *prior, int nprior);

/* The cell key method's noise for a cell with this key and true value:
 * in [-STATS_MAX_NOISE, STATS_MAX_NOISE], 0 for a zero cell, and never
 * making the value negative. */
int stats_cell_noise(const unsigned char *secret, size_t secret_len, const char *key,
                     int64_t value);

/* Whether a cell is published. */
static inline bool stats_shown(const stats_cell *c)
{
    return c->state == STATS_SHOWN;
}

#endif
