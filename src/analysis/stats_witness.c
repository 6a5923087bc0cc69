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
 * there too; each such family is completed, until every family is
 * balanced: along its areas (each area's moved cells completed with a box
 * of that area's own table, the country moving by their sum), or with one
 * box through all the cells that moved.  For a cell of the country whose
 * box would move more of the country, two boxes whose moves of a shown
 * country cell cancel are tried as well (a child moved between two
 * municipalities of different regions).  Of the witnesses found, the one
 * that hides fewest cells of the country, then of shared cells, then the
 * least count, is used.  Each is checked equation by equation before it is
 * used, so the protection rests on that check, not on the search.
 *
 * Pure computation; borrows the context, changes only cell states. */
#include <stdlib.h>
#include <string.h>

#include "analysis/stats_int.h"
#include "base/mem.h"

#define W_MAX 512    /* quantities one witness may move */
#define W_ROUNDS 256 /* families completed for one witness */
#define W_TRIES 4096 /* first boxes tried for one cell */
#define W_EXTRA 16   /* boxes tried after one that hides cells of the whole, and two per area */
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
    int64_t whole, links, cost;
} box;

/* Copies the witness's moves, not its whole capacity. */
static void w_copy(witness *dst, const witness *src)
{
    memcpy(dst->q, src->q, (size_t)src->n * sizeof *src->q);
    memcpy(dst->d, src->d, (size_t)src->n * sizeof *src->d);
    dst->n = src->n;
    dst->dirs = src->dirs;
}

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

/* What applying a witness costs, as box_cost counts it, over every cell it
 * newly hides in every table. */
typedef struct wcost {
    int64_t whole, links, cost;
} wcost;

static wcost witness_cost(const protect_ctx *x, const witness *w)
{
    wcost c = {0, 0, 0};
    for (int i = 0; i < w->n; i++) {
        const quantity *q = &x->qs[w->q[i]];
        const stats_cell *cell = stats_q_cell(x, w->q[i]);
        if (cell->state != STATS_SHOWN)
            continue;
        for (int k = q->first; k < q->first + q->n; k++) {
            int ti = x->refs[k].ti;
            if (has_area_sums(&x->fams[x->fam_of[ti]]) && x->area_of[ti] == 0) {
                c.whole++;
                break;
            }
        }
        c.links += q->n > 1 ? 1 : 0;
        c.cost += cell->value + 1;
    }
    return c;
}

static bool cheaper(const wcost *a, const wcost *b)
{
    if (a->whole != b->whole)
        return a->whole < b->whole;
    if (a->links != b->links)
        return a->links < b->links;
    return a->cost < b->cost;
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
    if (a->whole != b->whole)
        return a->whole < b->whole ? -1 : 1;
    if (a->links != b->links)
        return a->links < b->links ? -1 : 1;
    return (a->cost > b->cost) - (a->cost < b->cost);
}

/* What a box costs: newly hidden cells of the whole (area 0 of a family
 * over areas: the national report, the most read), then newly hidden cells
 * that other tables share, then the count newly hidden. */
static void box_cost(const protect_ctx *x, const family *f, box *b)
{
    b->whole = b->links = b->cost = 0;
    for (int i = 0; i < b->na; i++)
        for (int j = 0; j < b->nr; j++)
            for (int k = 0; k < b->nc; k++) {
                const stats_cell *c = cell_of(x, f, b->a[i], b->r[j], b->c[k]);
                if (c->state != STATS_SHOWN)
                    continue;
                b->whole += has_area_sums(f) && b->a[i] == 0 ? 1 : 0;
                b->links += x->qs[cell_q(x, f, b->a[i], b->r[j], b->c[k])].n > 1 ? 1 : 0;
                b->cost += c->value + 1;
            }
}

/* Every box through (a, r, c) in family f, with its second coordinates
 * fixed where a2, r2, c2 are not -1, whose other corners are usable; one
 * area's table alone when fa2 is -2. */
static int boxes_through(const protect_ctx *x, const family *f, int a, int r, int c, int fa2,
                         int fr2, int fc2, box_list *out)
{
    const stats_table *t = shape_of(x, f);
    box b = {.a = {a, a}, .r = {r, r}, .c = {c, c}};
    b.na = has_area_sums(f) && fa2 != -2 ? 2 : 1;
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
static int complete_one_box(const protect_ctx *x, int fi, witness *w, bool *ok)
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

/* Whether the lines of area a's own table (not the area lines) through
 * its moved cells hold under the witness. */
static bool area_balanced(const protect_ctx *x, const family *f, const witness *w, int a,
                          const moved *m, int nm)
{
    const stats_table *t = shape_of(x, f);
    for (int i = 0; i < nm; i++) {
        if (m[i].a != a)
            continue;
        int64_t row = 0, col = 0;
        for (int k = 0; has_col_sums(t) && k < t->C; k++)
            row += w_col(t, k) * w_get(w, cell_q(x, f, a, m[i].r, k));
        for (int j = 0; has_row_sums(t) && j < t->R; j++)
            col += w_row(t, j) * w_get(w, cell_q(x, f, a, j, m[i].c));
        if (row || col)
            return false;
    }
    return true;
}

/* One area's part of a completion: a box in its own table through all its
 * moved cells, or nothing when they balance already. */
typedef struct part {
    int area;
    box_list boxes; /* candidates, cheapest first; none: balanced as it is */
} part;

/* One choice of the parts' boxes (choice[p] for part p), then the country
 * as the parts' sum; true with the trial witness and its cost when it
 * fits. */
static bool try_parts(const protect_ctx *x, int fi, const witness *w, const part *parts, int np,
                      const int *choice, witness *trial, wcost *cost)
{
    const family *f = &x->fams[fi];
    w_copy(trial, w);
    for (int p = 0; p < np; p++) {
        if (!parts[p].boxes.n)
            continue; /* balanced as it is */
        const box *b = &parts[p].boxes.items[choice[p]];
        if (!add_box(x, f, b, w_get(w, cell_q(x, f, b->a[0], b->r[0], b->c[0])), trial))
            return false;
    }
    /* Where anything moves: the areas' sum against the country's. */
    moved mv[64];
    int nmv = moved_in(x, fi, trial, mv, 64);
    if (nmv < 0)
        return false;
    for (int i = 0; i < nmv; i++) {
        bool first = true;
        for (int j = 0; j < i && first; j++)
            first = mv[j].r != mv[i].r || mv[j].c != mv[i].c;
        if (!first)
            continue;
        int sum = 0, have = 0;
        for (int j = i; j < nmv; j++)
            if (mv[j].r == mv[i].r && mv[j].c == mv[i].c) {
                sum += mv[j].a ? mv[j].d : 0;
                have += mv[j].a ? 0 : mv[j].d;
            }
        int q0 = cell_q(x, f, 0, mv[i].r, mv[i].c);
        if (have == sum)
            continue;
        if (have != 0 || !usable(stats_q_cell(x, q0)) || trial->n == W_MAX)
            return false;
        trial->dirs &= dirs_for(stats_q_cell(x, q0)->value, sum);
        trial->q[trial->n] = q0;
        trial->d[trial->n++] = sum;
    }
    if (!trial->dirs)
        return false;
    *cost = witness_cost(x, trial);
    return true;
}

/* Balances family fi along its areas: each area's moved cells are
 * completed with a box of its own table, and the country (area 0) moves
 * by the sum of the areas, which keeps every area equation and, the parts
 * being balanced, every line of the country's table.  Where the country
 * moves already, the sum must agree. */
static int complete_by_areas(const protect_ctx *x, int fi, witness *w, const moved *m, int nm,
                             bool *ok)
{
    const family *f = &x->fams[fi];
    const stats_table *t = shape_of(x, f);
    part parts[2] = {{0}};
    int np = 0, rc = SG_OK;
    *ok = false;
    for (int i = 0; i < nm; i++) {
        if (m[i].a == 0)
            continue;
        bool seen = false;
        for (int p = 0; p < np; p++)
            seen = seen || parts[p].area == m[i].a;
        if (seen)
            continue;
        if (np == 2)
            goto out; /* more than two areas: beyond this search */
        part *pt = &parts[np++];
        *pt = (part){.area = m[i].a};
        if (area_balanced(x, f, w, pt->area, m, nm))
            continue;
        /* The box's rows and columns: those of the area's moved cells. */
        int rs[2] = {m[i].r, -1}, cs[2] = {m[i].c, -1};
        for (int j = 0; j < nm; j++) {
            if (m[j].a != pt->area)
                continue;
            int *sets[2] = {rs, cs};
            int vals[2] = {m[j].r, m[j].c};
            bool sums[2] = {has_row_sums(t), has_col_sums(t)};
            for (int d = 0; d < 2; d++) {
                if (vals[d] == sets[d][0] || vals[d] == sets[d][1])
                    continue;
                if (!sums[d] || sets[d][1] >= 0)
                    goto out;
                sets[d][1] = vals[d];
            }
        }
        rc = boxes_through(x, f, pt->area, m[i].r, m[i].c, -2, rs[1], cs[1], &pt->boxes);
        if (rc != SG_OK)
            goto out;
        if (pt->boxes.n == 0)
            goto out;
        qsort(pt->boxes.items, (size_t)pt->boxes.n, sizeof *pt->boxes.items, cmp_box);
    }
    if (np == 0)
        goto out; /* only the country moves here: one box decides (complete_one_box) */
    witness *trial = sg_malloc(sizeof *trial), *best = sg_malloc(sizeof *best);
    wcost best_cost = {0, 0, 0};
    if (!trial || !best) {
        sg_free(trial);
        sg_free(best);
        rc = SG_ENOMEM;
        goto out;
    }
    int n0 = parts[0].boxes.n ? parts[0].boxes.n : 1;
    int n1 = np > 1 && parts[1].boxes.n ? parts[1].boxes.n : 1;
    /* First the pairs of boxes on the same rows and columns, whose moves
     * of the country's cells cancel; when none fits, the cheapest few. */
    for (int pass = 0; pass < 2 && !*ok; pass++) {
        for (int i0 = 0; i0 < n0; i0++) {
            for (int i1 = 0; i1 < n1; i1++) {
                int choice[2] = {i0, i1};
                bool aligned = np == 2 && parts[0].boxes.n && parts[1].boxes.n
                               && parts[0].boxes.items[i0].r[1] == parts[1].boxes.items[i1].r[1]
                               && parts[0].boxes.items[i0].c[1] == parts[1].boxes.items[i1].c[1];
                if (pass == 0 ? !aligned : aligned || i0 >= 16 || i1 >= 16)
                    continue;
                wcost c;
                if (try_parts(x, fi, w, parts, np, choice, trial, &c)
                    && (!*ok || cheaper(&c, &best_cost))) {
                    w_copy(best, trial);
                    best_cost = c;
                    *ok = true;
                }
            }
        }
    }
    if (*ok)
        w_copy(w, best);
    sg_free(trial);
    sg_free(best);
out:
    for (int p = 0; p < np; p++)
        sg_free(parts[p].boxes.items);
    return rc;
}

/* Balances family fi under the witness. */
static int complete_family(const protect_ctx *x, int fi, witness *w, bool *ok)
{
    const family *f = &x->fams[fi];
    moved m[16];
    int nm = moved_in(x, fi, w, m, 16);
    *ok = false;
    if (nm < 0)
        return SG_OK;
    if (has_area_sums(f)) {
        int rc = complete_by_areas(x, fi, w, m, nm, ok);
        if (rc != SG_OK || *ok)
            return rc;
    }
    return complete_one_box(x, fi, w, ok);
}

/* Completes every family the witness moves a cell in, until all are
 * balanced; false when one cannot be. */
static int complete(const protect_ctx *x, witness *w, bool *ok)
{
    *ok = true;
    for (int round = 0; round < W_ROUNDS; round++) {
        int unbalanced = -1;
        for (int i = 0; i < w->n && unbalanced < 0; i++) {
            const quantity *q = &x->qs[w->q[i]];
            for (int k = q->first; k < q->first + q->n && unbalanced < 0; k++) {
                const cell_ref *ref = &x->refs[k];
                int fi = x->fam_of[ref->ti];
                if (!balanced_at(x, &x->fams[fi], w, x->area_of[ref->ti], ref->idx / ref->t->C,
                                 ref->idx % ref->t->C))
                    unbalanced = fi;
            }
        }
        if (unbalanced < 0)
            return SG_OK;
        int rc = complete_family(x, unbalanced, w, ok);
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

/* Adds box b of family f, scaled by s, to the witness, summing where cells
 * move already; a cell that comes to rest leaves it. */
static bool add_box_sum(const protect_ctx *x, const family *f, const box *b, int s, witness *w)
{
    const stats_table *t = shape_of(x, f);
    for (int i = 0; i < b->na; i++)
        for (int j = 0; j < b->nr; j++)
            for (int k = 0; k < b->nc; k++) {
                int q = cell_q(x, f, b->a[i], b->r[j], b->c[k]), at = 0;
                while (at < w->n && w->q[at] != q)
                    at++;
                if (at == w->n) {
                    if (w->n == W_MAX)
                        return false;
                    w->q[w->n] = q;
                    w->d[w->n++] = 0;
                }
                w->d[at] += s * corner_sign(t, b, i, j, k);
            }
    int n = 0;
    for (int i = 0; i < w->n; i++)
        if (w->d[i] != 0) {
            w->q[n] = w->q[i];
            w->d[n++] = w->d[i];
        }
    w->n = n;
    w->dirs = DIR_UP | DIR_DOWN;
    for (int i = 0; i < w->n; i++)
        w->dirs &= dirs_for(stats_q_cell(x, w->q[i])->value, w->d[i]);
    return w->dirs != 0;
}

/* The best witness found so far for one cell. */
typedef struct search {
    witness *w, *best;
    wcost best_cost;
    bool found;
    int tries;
} search;

/* Completes the witness in s->w, and keeps it when it holds and is the
 * cheapest so far. */
static int consider(const protect_ctx *x, search *s)
{
    bool ok = false;
    int rc = complete(x, s->w, &ok);
    s->tries++;
    if (rc != SG_OK || !ok || !verified(x, s->w))
        return rc;
    wcost c = witness_cost(x, s->w);
    if (!s->found || cheaper(&c, &s->best_cost)) {
        w_copy(s->best, s->w);
        s->best_cost = c;
        s->found = true;
    }
    return SG_OK;
}

/* A cell of the whole (area 0) whose box would hide more of the whole:
 * two boxes instead, the second through a corner of the first that is
 * shown, cancelling its move there.  Moving a child from one municipality
 * to another of another region changes two region cells of the country and
 * none of its totals, where one box would move its grand total. */
static int try_pairs(const protect_ctx *x, const family *f, const box_list *first, int r, int c,
                     search *s)
{
    int rc = SG_OK;
    int qx = cell_q(x, f, 0, r, c);
    for (int i = 0; rc == SG_OK && i < first->n && i < 8; i++) {
        const box *b1 = &first->items[i];
        if (b1->whole == 0)
            continue;
        for (int j = 0; rc == SG_OK && j < b1->nr; j++) {
            for (int k = 0; rc == SG_OK && k < b1->nc; k++) {
                int rk = b1->r[j], ck = b1->c[k];
                if ((rk == r && ck == c) || cell_of(x, f, 0, rk, ck)->state != STATS_SHOWN)
                    continue;
                box_list l = {0};
                rc = boxes_through(x, f, 0, rk, ck, -1, -1, -1, &l);
                if (rc == SG_OK && l.n)
                    qsort(l.items, (size_t)l.n, sizeof *l.items, cmp_box);
                for (int m = 0; rc == SG_OK && m < l.n && m < 8; m++) {
                    s->w->n = 0;
                    add_box_sum(x, f, b1, 1, s->w);
                    int kept = w_get(s->w, cell_q(x, f, 0, rk, ck));
                    if (add_box_sum(x, f, &l.items[m], -kept, s->w) && w_get(s->w, qx) != 0)
                        rc = consider(x, s);
                }
                sg_free(l.items);
            }
        }
    }
    return rc;
}

/* Tries the boxes through the quantity's cell in one family, cheapest
 * first: the first that completes into a witness hiding nothing of the
 * whole is taken; else the cheapest of a few more, and of pairs. */
static int cover_from(const protect_ctx *x, const cell_ref *start, search *s)
{
    int fi = x->fam_of[start->ti];
    const family *f = &x->fams[fi];
    int a = x->area_of[start->ti], r = start->idx / start->t->C, c = start->idx % start->t->C;
    box_list l = {0};
    int rc = boxes_through(x, f, a, r, c, -1, -1, -1, &l);
    if (rc == SG_OK && l.n)
        qsort(l.items, (size_t)l.n, sizeof *l.items, cmp_box);
    /* Once a witness is found that hides cells of the whole, the other
     * partner areas are tried, two boxes each, cheapest first: which areas
     * can trade a child without moving the country's cells depends on
     * tables the box does not see (a region's municipalities). */
    int extra = 0;
    int *per_area = sg_calloc((size_t)f->n + 1, sizeof *per_area);
    if (!per_area) {
        sg_free(l.items);
        return SG_ENOMEM;
    }
    for (int i = 0; rc == SG_OK && i < l.n && s->tries < W_TRIES; i++) {
        if (s->found && (s->best_cost.whole == 0 || extra > 2 * f->n + W_EXTRA))
            break;
        if (s->found && per_area[l.items[i].a[1]] >= 2)
            continue;
        s->w->n = 0;
        s->w->dirs = DIR_UP | DIR_DOWN;
        if (!add_box(x, f, &l.items[i], 1, s->w))
            continue; /* no direction keeps every count non-negative */
        per_area[l.items[i].a[1]]++;
        extra += s->found ? 1 : 0;
        rc = consider(x, s);
    }
    if (rc == SG_OK && has_area_sums(f) && a == 0 && !(s->found && s->best_cost.whole == 0))
        rc = try_pairs(x, f, &l, r, c, s);
    sg_free(per_area);
    sg_free(l.items);
    return rc;
}

int stats_witness_cover(protect_ctx *x, int q)
{
    search s = {.w = sg_malloc(sizeof(witness)), .best = sg_malloc(sizeof(witness))};
    int rc = s.w && s.best ? SG_OK : SG_ENOMEM;
    const quantity *qu = &x->qs[q];
    for (int k = qu->first; rc == SG_OK && k < qu->first + qu->n; k++) {
        if (s.found && s.best_cost.whole == 0)
            break;
        rc = cover_from(x, &x->refs[k], &s);
    }
    if (rc == SG_OK && s.found)
        apply(x, s.best);
    sg_free(s.w);
    sg_free(s.best);
    if (rc != SG_OK)
        return rc;
    return s.found ? SG_OK : SG_ENOTFOUND;
}
