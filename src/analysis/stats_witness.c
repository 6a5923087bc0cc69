/* stats_witness.c - witnesses of protection (stats_int.h).
 *
 * A witness for a suppressed cell is a shift d of counts, +1 or -1 on a few
 * cells, such that the counts D + d (or D - d) are another table set a
 * reader cannot tell from the true one: every row, column and area
 * equation of every table still holds, no count turns negative, and d is
 * zero on every cell a reader knows (published, structural, or published
 * earlier with this value).  Hiding every cell d moves leaves the cell with
 * at least two possible values.
 *
 * A witness starts as a box of the hypercube method in one family: two
 * values on each dimension with sums (areas, rows, columns), the corners
 * shifted with alternating signs.  A corner that another family shares
 * (a municipality's grand total is in every table of its figure) moves
 * there too; each such family is completed with a box of its own through
 * the cells that moved, until every family is balanced.  The result is
 * checked equation by equation before it is used, so the protection rests
 * on that check, not on the search.
 *
 * Pure computation; borrows the context, changes only cell states. */
#include <stdlib.h>
#include <string.h>

#include "analysis/stats_int.h"
#include "base/mem.h"

#define W_MAX 512    /* quantities one witness may move */
#define W_ROUNDS 256 /* families completed for one witness */
#define W_TRIES 4096 /* first boxes tried for one cell */
#define DIR_UP 1u    /* D + d stays non-negative */
#define DIR_DOWN 2u  /* D - d stays non-negative */

typedef struct witness {
    int q[W_MAX];
    int d[W_MAX];
    int n;
    unsigned dirs;
} witness;

/* Two values on each dimension with sums, one on the others; corner (i, j,
 * k) is (a[i], r[j], c[k]). */
typedef struct box {
    int a[2], r[2], c[2];
    int na, nr, nc;
    int64_t links, cost;
} box;

static int w_get(const witness *w, int q)
{
    for (int i = 0; i < w->n; i++)
        if (w->q[i] == q)
            return w->d[i];
    return 0;
}

/* ---- coordinates ------------------------------------------------------------ */

static const stats_table *shape_of(const protect_ctx *x, const family *f)
{
    return x->tables[f->member[0]];
}

static int cell_q(const protect_ctx *x, const family *f, int a, int r, int c)
{
    const stats_table *t = x->tables[f->member[a]];
    return x->qid[f->member[a]][r * t->C + c];
}

static const stats_cell *cell_of(const protect_ctx *x, const family *f, int a, int r, int c)
{
    const stats_table *t = x->tables[f->member[a]];
    return &t->cells[r * t->C + c];
}

static bool has_area_sums(const family *f)
{
    return f->n > 1;
}

static bool has_row_sums(const stats_table *t)
{
    return t->totals;
}

static bool has_col_sums(const stats_table *t)
{
    return t->totals && t->C > t->ncols;
}

/* The sign of a total in its line: each line says sum(parts) - total = 0;
 * area 0 is the total of the areas. */
static int w_area(int a)
{
    return a == 0 ? -1 : 1;
}

static int w_row(const stats_table *t, int r)
{
    return t->totals && r == t->nrows ? -1 : 1;
}

static int w_col(const stats_table *t, int c)
{
    return t->C > t->ncols && c == t->ncols ? -1 : 1;
}

/* The sign of corner (i, j, k), the first corner being +1. */
static int corner_sign(const stats_table *t, const box *b, int i, int j, int k)
{
    int sa = i ? -w_area(b->a[0]) * w_area(b->a[1]) : 1;
    int sr = j ? -w_row(t, b->r[0]) * w_row(t, b->r[1]) : 1;
    int sc = k ? -w_col(t, b->c[0]) * w_col(t, b->c[1]) : 1;
    return sa * sr * sc;
}

static bool usable(const stats_cell *c)
{
    return !c->structural && !c->known;
}

/* The directions in which moving a cell of value v by d keeps it
 * non-negative. */
static unsigned dirs_for(int64_t v, int d)
{
    return (v + d >= 0 ? DIR_UP : 0u) | (v - d >= 0 ? DIR_DOWN : 0u);
}

/* ---- the equations --------------------------------------------------------- */

/* Whether every line through cell (a, r, c) of family f sums to zero under
 * the witness. */
static bool balanced_at(const protect_ctx *x, const family *f, const witness *w, int a, int r,
                        int c)
{
    const stats_table *t = shape_of(x, f);
    if (has_col_sums(t)) { /* the row's equation, along the columns */
        int64_t sum = 0;
        for (int k = 0; k < t->C; k++)
            sum += w_col(t, k) * w_get(w, cell_q(x, f, a, r, k));
        if (sum)
            return false;
    }
    if (has_row_sums(t)) { /* the column's, along the rows */
        int64_t sum = 0;
        for (int j = 0; j < t->R; j++)
            sum += w_row(t, j) * w_get(w, cell_q(x, f, a, j, c));
        if (sum)
            return false;
    }
    if (has_area_sums(f)) { /* the cell's, along the areas */
        int64_t sum = 0;
        for (int i = 0; i < f->n; i++)
            sum += w_area(i) * w_get(w, cell_q(x, f, i, r, c));
        if (sum)
            return false;
    }
    return true;
}

/* The cells of family fi that the witness moves, as (area, row, column,
 * shift); returns how many (at most max). */
typedef struct moved {
    int a, r, c, d;
} moved;

static int moved_in(const protect_ctx *x, int fi, const witness *w, moved *out, int max)
{
    int n = 0;
    for (int i = 0; i < w->n; i++) {
        const quantity *q = &x->qs[w->q[i]];
        for (int k = q->first; k < q->first + q->n; k++) {
            const cell_ref *ref = &x->refs[k];
            if (x->fam_of[ref->ti] != fi)
                continue;
            if (n == max)
                return -1;
            out[n++] =
                (moved){x->area_of[ref->ti], ref->idx / ref->t->C, ref->idx % ref->t->C, w->d[i]};
        }
    }
    return n;
}

/* The final check: every line through every moved cell holds, no known
 * cell moves, and one direction keeps every count non-negative. */
static bool verified(const protect_ctx *x, const witness *w)
{
    unsigned dirs = DIR_UP | DIR_DOWN;
    for (int i = 0; i < w->n; i++) {
        const quantity *q = &x->qs[w->q[i]];
        const stats_cell *c = stats_q_cell(x, w->q[i]);
        if (!usable(c) || w->d[i] == 0)
            return false;
        dirs &= dirs_for(c->value, w->d[i]);
        for (int k = q->first; k < q->first + q->n; k++) {
            const cell_ref *ref = &x->refs[k];
            const family *f = &x->fams[x->fam_of[ref->ti]];
            if (!balanced_at(x, f, w, x->area_of[ref->ti], ref->idx / ref->t->C,
                             ref->idx % ref->t->C))
                return false;
        }
    }
    return dirs != 0;
}

/* ---- boxes ----------------------------------------------------------------- */

/* The boxes of family f whose coordinates are fixed where fixed_* says
 * (-1: free) on each dimension with sums, and whose free corners are
 * usable.  Candidates go to a growing array the caller frees. */
typedef struct box_list {
    box *items;
    int n, cap;
} box_list;

static int list_add(box_list *l, const box *b)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        box *items = sg_realloc(l->items, (size_t)cap * sizeof *items);
        if (!items)
            return SG_ENOMEM;
        l->items = items;
        l->cap = cap;
    }
    l->items[l->n++] = *b;
    return SG_OK;
}

static int cmp_box(const void *p, const void *q)
{
    const box *a = p, *b = q;
    if (a->links != b->links)
        return a->links < b->links ? -1 : 1;
    return (a->cost > b->cost) - (a->cost < b->cost);
}

/* Newly hidden corners that other tables share, then the count newly
 * hidden: what a box costs. */
static void box_cost(const protect_ctx *x, const family *f, box *b)
{
    b->links = b->cost = 0;
    for (int i = 0; i < b->na; i++)
        for (int j = 0; j < b->nr; j++)
            for (int k = 0; k < b->nc; k++) {
                const stats_cell *c = cell_of(x, f, b->a[i], b->r[j], b->c[k]);
                if (c->state != STATS_SHOWN)
                    continue;
                b->links += x->qs[cell_q(x, f, b->a[i], b->r[j], b->c[k])].n > 1 ? 1 : 0;
                b->cost += c->value + 1;
            }
}

/* Every box through (a, r, c) in family f, with its second coordinates
 * fixed where a2, r2, c2 are not -1, whose other corners are usable. */
static int boxes_through(const protect_ctx *x, const family *f, int a, int r, int c, int fa2,
                         int fr2, int fc2, box_list *out)
{
    const stats_table *t = shape_of(x, f);
    box b = {.a = {a, a}, .r = {r, r}, .c = {c, c}};
    b.na = has_area_sums(f) ? 2 : 1;
    b.nr = has_row_sums(t) ? 2 : 1;
    b.nc = has_col_sums(t) ? 2 : 1;
    int a_lo = b.na == 2 ? (fa2 >= 0 ? fa2 : 0) : a,
        a_hi = b.na == 2 ? (fa2 >= 0 ? fa2 + 1 : f->n) : a + 1;
    int r_lo = b.nr == 2 ? (fr2 >= 0 ? fr2 : 0) : r,
        r_hi = b.nr == 2 ? (fr2 >= 0 ? fr2 + 1 : t->R) : r + 1;
    int c_lo = b.nc == 2 ? (fc2 >= 0 ? fc2 : 0) : c,
        c_hi = b.nc == 2 ? (fc2 >= 0 ? fc2 + 1 : t->C) : c + 1;
    for (int a2 = a_lo; a2 < a_hi; a2++) {
        if (b.na == 2 && (a2 == a || !usable(cell_of(x, f, a2, r, c))))
            continue;
        b.a[1] = a2;
        for (int r2 = r_lo; r2 < r_hi; r2++) {
            if (b.nr == 2
                && (r2 == r || !usable(cell_of(x, f, a, r2, c))
                    || !usable(cell_of(x, f, a2, r2, c))))
                continue;
            b.r[1] = r2;
            for (int c2 = c_lo; c2 < c_hi; c2++) {
                if (b.nc == 2
                    && (c2 == c || !usable(cell_of(x, f, a, r, c2))
                        || !usable(cell_of(x, f, a2, r, c2)) || !usable(cell_of(x, f, a, r2, c2))
                        || !usable(cell_of(x, f, a2, r2, c2))))
                    continue;
                b.c[1] = c2;
                box_cost(x, f, &b);
                int rc = list_add(out, &b);
                if (rc != SG_OK)
                    return rc;
            }
        }
    }
    return SG_OK;
}

/* Adds box b of family f to the witness, scaled so that its first corner
 * moves by s; corners that move already must move by exactly that.
 * Returns false when the box does not fit the witness. */
static bool add_box(const protect_ctx *x, const family *f, const box *b, int s, witness *w)
{
    const stats_table *t = shape_of(x, f);
    int before = w->n;
    unsigned dirs = w->dirs;
    for (int i = 0; i < b->na; i++)
        for (int j = 0; j < b->nr; j++)
            for (int k = 0; k < b->nc; k++) {
                int want = s * corner_sign(t, b, i, j, k);
                int q = cell_q(x, f, b->a[i], b->r[j], b->c[k]);
                int have = w_get(w, q);
                if (have == want)
                    continue;
                if (have != 0 || w->n == W_MAX) {
                    w->n = before;
                    return false;
                }
                const stats_cell *c = stats_q_cell(x, q);
                dirs &= dirs_for(c->value, want);
                w->q[w->n] = q;
                w->d[w->n++] = want;
            }
    if (!dirs) {
        w->n = before;
        return false;
    }
    w->dirs = dirs;
    return true;
}

/* Balances family fi under the witness with one box through the cells
 * that move in it, the cheapest that fits. */
static int complete_family(const protect_ctx *x, int fi, witness *w, bool *ok)
{
    const family *f = &x->fams[fi];
    const stats_table *t = shape_of(x, f);
    moved m[16];
    int nm = moved_in(x, fi, w, m, 16);
    *ok = false;
    if (nm < 0)
        return SG_OK; /* too many cells moved for one box */
    bool all = true;
    for (int i = 0; i < nm && all; i++)
        all = balanced_at(x, f, w, m[i].a, m[i].r, m[i].c);
    if (all) {
        *ok = true;
        return SG_OK;
    }
    /* The box's coordinates: those of the moved cells, two at most on a
     * dimension with sums, one on the others. */
    int as[2] = {m[0].a, -1}, rs[2] = {m[0].r, -1}, cs[2] = {m[0].c, -1};
    for (int i = 1; i < nm; i++) {
        int *sets[3] = {as, rs, cs};
        int vals[3] = {m[i].a, m[i].r, m[i].c};
        bool sums[3] = {has_area_sums(f), has_row_sums(t), has_col_sums(t)};
        for (int d = 0; d < 3; d++) {
            if (vals[d] == sets[d][0] || vals[d] == sets[d][1])
                continue;
            if (!sums[d] || sets[d][1] >= 0)
                return SG_OK; /* no box holds them all */
            sets[d][1] = vals[d];
        }
    }
    box_list l = {0};
    int rc = boxes_through(x, f, m[0].a, m[0].r, m[0].c, as[1], rs[1], cs[1], &l);
    if (rc == SG_OK && l.n)
        qsort(l.items, (size_t)l.n, sizeof *l.items, cmp_box);
    for (int i = 0; rc == SG_OK && i < l.n && !*ok; i++)
        *ok = add_box(x, f, &l.items[i], m[0].d, w);
    sg_free(l.items);
    return rc;
}

/* Completes every family the witness moves a cell in, until all are
 * balanced; false when one cannot be. */
static int complete(const protect_ctx *x, witness *w, bool *ok)
{
    *ok = true;
    for (int round = 0; round < W_ROUNDS; round++) {
        int todo = -1;
        for (int i = 0; i < w->n && todo < 0; i++) {
            const quantity *q = &x->qs[w->q[i]];
            for (int k = q->first; k < q->first + q->n && todo < 0; k++) {
                const cell_ref *ref = &x->refs[k];
                int fi = x->fam_of[ref->ti];
                if (!balanced_at(x, &x->fams[fi], w, x->area_of[ref->ti], ref->idx / ref->t->C,
                                 ref->idx % ref->t->C))
                    todo = fi;
            }
        }
        if (todo < 0)
            return SG_OK;
        int rc = complete_family(x, todo, w, ok);
        if (rc != SG_OK || !*ok)
            return rc;
    }
    *ok = false;
    return SG_OK;
}

/* ---- covering a cell --------------------------------------------------------- */

static void apply(protect_ctx *x, const witness *w)
{
    for (int i = 0; i < w->n; i++) {
        quantity *q = &x->qs[w->q[i]];
        q->covered = true;
        for (int k = q->first; k < q->first + q->n; k++) {
            stats_cell *c = &x->refs[k].t->cells[x->refs[k].idx];
            if (c->state == STATS_SHOWN)
                c->state = STATS_SECONDARY;
        }
    }
}

/* Tries the boxes through the quantity's cell in one family, cheapest
 * first. */
static int cover_from(protect_ctx *x, const cell_ref *start, witness *w, int *tries, bool *done)
{
    int fi = x->fam_of[start->ti];
    const family *f = &x->fams[fi];
    int a = x->area_of[start->ti], r = start->idx / start->t->C, c = start->idx % start->t->C;
    box_list l = {0};
    int rc = boxes_through(x, f, a, r, c, -1, -1, -1, &l);
    if (rc == SG_OK && l.n)
        qsort(l.items, (size_t)l.n, sizeof *l.items, cmp_box);
    *done = false;
    for (int i = 0; rc == SG_OK && i < l.n && !*done && *tries < W_TRIES; i++, (*tries)++) {
        w->n = 0;
        w->dirs = DIR_UP | DIR_DOWN;
        bool ok = false;
        if (add_box(x, f, &l.items[i], 1, w))
            rc = complete(x, w, &ok);
        if (rc == SG_OK && ok && verified(x, w)) {
            apply(x, w);
            *done = true;
        }
    }
    sg_free(l.items);
    return rc;
}

int stats_witness_cover(protect_ctx *x, int q)
{
    witness *w = sg_malloc(sizeof *w);
    if (!w)
        return SG_ENOMEM;
    int rc = SG_OK, tries = 0;
    bool done = false;
    const quantity *qu = &x->qs[q];
    for (int k = qu->first; rc == SG_OK && !done && k < qu->first + qu->n; k++)
        rc = cover_from(x, &x->refs[k], w, &tries, &done);
    sg_free(w);
    if (rc != SG_OK)
        return rc;
    return done ? SG_OK : SG_ENOTFOUND;
}
