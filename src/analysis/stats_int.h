/* stats_int.h - shared by stats_protect.c and stats_witness.c and nothing
 * else: the report while it is protected, seen as quantities (one per
 * canonical key, wherever it appears) in tables grouped into families (the
 * tables of one name over the areas).  stats_protect.c builds this view and
 * runs the rules; stats_witness.c finds, for a suppressed quantity, a
 * verified witness: another set of counts that every reader must think as
 * likely as the true one. */
#ifndef SG_STATS_INT_H
#define SG_STATS_INT_H

#include <stdbool.h>

#include "analysis/stats.h"

/* One cell of one table. */
typedef struct cell_ref {
    stats_table *t;
    int ti; /* the table's index in the report */
    int idx;
} cell_ref;

/* The tables of one name, by area: member[a] indexes the report's tables.
 * A table alone in its family has no area dimension (n is 1). */
typedef struct family {
    int *member;
    int n;
} family;

/* A quantity: the cells that share a key, refs[first .. first + n). */
typedef struct quantity {
    int first, n;
    bool covered; /* in the support of an applied witness, or given up on */
} quantity;

typedef struct protect_ctx {
    stats_table *const *tables;
    int n;
    const stats_options *opt;
    cell_ref *refs; /* every cell, sorted by key */
    int nrefs;
    quantity *qs;
    int nq;
    int **qid;    /* per table, per cell: its quantity */
    int *fam_of;  /* per table: its family */
    int *area_of; /* per table: its area in the family */
    family *fams;
    int nfams;
} protect_ctx;

/* The cell a quantity names in its first table (all share value and state). */
static inline stats_cell *stats_q_cell(const protect_ctx *x, int q)
{
    const cell_ref *r = &x->refs[x->qs[q].first];
    return &r->t->cells[r->idx];
}

/* Finds a witness for the suppressed quantity q - a shift of hidden cells,
 * by one child, that keeps every row, column and area equation of every
 * table and leaves no count negative, checked before it is used - and
 * hides every cell it moves.  Returns SG_OK when one was applied,
 * SG_ENOTFOUND when none was found, SG_ENOMEM. */
int stats_witness_cover(protect_ctx *x, int q);

#endif
