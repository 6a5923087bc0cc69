/* stats_protect.c - protection of the tables of one report (stats.h): the
 * minimum frequency, the release rules, and secondary suppression, until
 * every suppressed cell has a witness (stats_witness.c): another set of
 * counts, as likely to a reader as the true one, that differs in that cell.
 * The cell key method skips the secondary suppression.  Pure computation;
 * the tables are the caller's, this file only sets their cells' states. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats_int.h"
#include "base/mem.h"

/* ---- the report as quantities and families ------------------------------- */

static int cmp_ref(const void *a, const void *b)
{
    const cell_ref *x = a, *y = b;
    return strcmp(x->t->cells[x->idx].key, y->t->cells[y->idx].key);
}

static int cmp_prior(const void *a, const void *b)
{
    return strcmp(((const stats_prior *)a)->key, ((const stats_prior *)b)->key);
}

static void ctx_free(protect_ctx *x)
{
    for (int i = 0; x->qid && i < x->n; i++)
        sg_free(x->qid[i]);
    for (int i = 0; x->fams && i < x->nfams; i++)
        sg_free(x->fams[i].member);
    sg_free(x->fams);
    sg_free(x->qid);
    sg_free(x->fam_of);
    sg_free(x->area_of);
    sg_free(x->qs);
    sg_free(x->refs);
}

typedef struct named {
    const char *name;
    int idx;
} named;

static int cmp_named(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : x->idx - y->idx;
}

/* Groups the tables into families by name and checks each: one table per
 * area, one shape, area 0 the sum of the others. */
static int make_families(protect_ctx *x)
{
    int rc = SG_ENOMEM;
    named *order = sg_calloc((size_t)x->n + 1, sizeof *order);
    x->fams = sg_calloc((size_t)x->n + 1, sizeof *x->fams);
    x->fam_of = sg_calloc((size_t)x->n + 1, sizeof *x->fam_of);
    x->area_of = sg_calloc((size_t)x->n + 1, sizeof *x->area_of);
    if (!order || !x->fams || !x->fam_of || !x->area_of)
        goto out;
    for (int i = 0; i < x->n; i++)
        order[i] = (named){x->tables[i]->name, i};
    qsort(order, (size_t)x->n, sizeof *order, cmp_named);
    for (int a = 0; a < x->n;) {
        int b = a + 1;
        while (b < x->n && strcmp(order[a].name, order[b].name) == 0)
            b++;
        family *f = &x->fams[x->nfams++];
        f->n = b - a;
        f->member = sg_calloc((size_t)f->n, sizeof *f->member);
        if (!f->member)
            goto out;
        for (int i = 0; i < f->n; i++)
            f->member[i] = -1;
        for (int j = a; j < b; j++) {
            const stats_table *t = x->tables[order[j].idx];
            int area = f->n == 1 ? 0 : t->area;
            const stats_table *t0 = x->tables[order[a].idx];
            if (area < 0 || area >= f->n || f->member[area] >= 0 || t->R != t0->R || t->C != t0->C
                || t->nrows != t0->nrows || t->ncols != t0->ncols || t->totals != t0->totals) {
                rc = SG_EINVAL;
                goto out;
            }
            f->member[area] = order[j].idx;
            x->fam_of[order[j].idx] = x->nfams - 1;
            x->area_of[order[j].idx] = area;
        }
        a = b;
    }
    rc = SG_OK;
    /* Area 0 holds the sum of the others, cell by cell. */
    for (int k = 0; k < x->nfams; k++) {
        const family *f = &x->fams[k];
        const stats_table *t0 = x->tables[f->member[0]];
        for (int i = 0; f->n > 1 && i < t0->R * t0->C; i++) {
            int64_t sum = 0;
            for (int a = 1; a < f->n; a++)
                sum += x->tables[f->member[a]]->cells[i].value;
            if (sum != t0->cells[i].value)
                rc = SG_EINTERNAL; /* a unit in no area or in two: a bug in the caller */
        }
    }
out:
    sg_free(order);
    return rc;
}

/* A margin is structural when every data cell it sums is. */
static void derive_structural(stats_table *t)
{
    if (!t->totals)
        return;
    bool all = true;
    for (int c = 0; c < t->ncols; c++) {
        bool col = true;
        for (int r = 0; r < t->nrows; r++)
            col = col && t->cells[r * t->C + c].structural;
        t->cells[t->nrows * t->C + c].structural = col;
        all = all && col;
    }
    for (int r = 0; t->C > t->ncols && r < t->nrows; r++) {
        bool row = true;
        for (int c = 0; c < t->ncols; c++)
            row = row && t->cells[r * t->C + c].structural;
        t->cells[r * t->C + t->ncols].structural = row;
    }
    if (t->C > t->ncols)
        t->cells[t->nrows * t->C + t->ncols].structural = all;
}

static int ctx_init(protect_ctx *x)
{
    int total = 0;
    for (int i = 0; i < x->n; i++)
        total += x->tables[i]->R * x->tables[i]->C;
    x->refs = sg_calloc((size_t)total + 1, sizeof *x->refs);
    x->qs = sg_calloc((size_t)total + 1, sizeof *x->qs);
    x->qid = sg_calloc((size_t)x->n + 1, sizeof *x->qid);
    if (!x->refs || !x->qs || !x->qid)
        return SG_ENOMEM;
    for (int i = 0; i < x->n; i++) {
        stats_table *t = x->tables[i];
        x->qid[i] = sg_calloc((size_t)(t->R * t->C), sizeof(int));
        if (!x->qid[i])
            return SG_ENOMEM;
        derive_structural(t);
        for (int j = 0; j < t->R * t->C; j++)
            x->refs[x->nrefs++] = (cell_ref){t, i, j};
    }
    int rc = make_families(x);
    if (rc != SG_OK)
        return rc;
    qsort(x->refs, (size_t)x->nrefs, sizeof *x->refs, cmp_ref);
    for (int a = 0; a < x->nrefs;) {
        int b = a + 1;
        while (b < x->nrefs && cmp_ref(&x->refs[a], &x->refs[b]) == 0)
            b++;
        bool structural = false;
        for (int j = a; j < b; j++) {
            const cell_ref *r = &x->refs[j];
            if (r->t->cells[r->idx].value != x->refs[a].t->cells[x->refs[a].idx].value)
                return SG_EINTERNAL; /* one quantity, two counts: a bug in the caller */
            structural = structural || r->t->cells[r->idx].structural;
        }
        for (int j = a; j < b; j++) {
            const cell_ref *r = &x->refs[j];
            stats_cell *c = &r->t->cells[r->idx];
            c->structural = structural;
            if (structural && c->value != 0)
                return SG_EINTERNAL; /* an impossible combination counted */
            x->qid[r->ti][r->idx] = x->nq;
        }
        x->qs[x->nq++] = (quantity){.first = a, .n = b - a};
        a = b;
    }
    return SG_OK;
}

/* Suppresses a cell wherever its key appears; returns whether anything
 * changed. */
static bool propagate(protect_ctx *x)
{
    bool changed = false;
    for (int a = 0; a < x->nrefs;) {
        int b = a + 1;
        while (b < x->nrefs && cmp_ref(&x->refs[a], &x->refs[b]) == 0)
            b++;
        stats_state worst = STATS_SHOWN;
        for (int j = a; j < b; j++) {
            stats_state s = x->refs[j].t->cells[x->refs[j].idx].state;
            if (s != STATS_SHOWN && (worst == STATS_SHOWN || s == STATS_RELEASE))
                worst = s;
        }
        for (int j = a; worst != STATS_SHOWN && j < b; j++) {
            stats_cell *c = &x->refs[j].t->cells[x->refs[j].idx];
            if (c->state == STATS_SHOWN) {
                c->state = worst == STATS_PRIMARY ? STATS_SECONDARY : worst;
                changed = true;
            }
        }
        a = b;
    }
    return changed;
}

/* ---- protection ---------------------------------------------------------- */

static void primary_and_release(protect_ctx *x, const stats_prior *sorted, int nprior)
{
    int k = x->opt->threshold;
    for (int i = 0; i < x->n; i++) {
        stats_table *t = x->tables[i];
        for (int j = 0; j < t->R * t->C; j++) {
            stats_cell *c = &t->cells[j];
            c->shown = c->value;
            if (x->opt->cell_key)
                c->shown += stats_cell_noise(x->opt->secret, x->opt->secret_len, c->key, c->value);
            c->state = c->value > 0 && c->value < k ? STATS_PRIMARY : STATS_SHOWN;
            stats_prior probe = {.key = c->key};
            const stats_prior *p =
                nprior ? bsearch(&probe, sorted, (size_t)nprior, sizeof *sorted, cmp_prior) : NULL;
            /* Published before with this value: a reader knows it. */
            c->known = p && !p->suppressed && p->shown == c->shown;
            if (!p || c->state != STATS_SHOWN)
                continue;
            int64_t diff = c->shown > p->shown ? c->shown - p->shown : p->shown - c->shown;
            if (p->suppressed || (diff > 0 && diff < k))
                c->state = STATS_RELEASE;
        }
    }
}

/* Whether a cell needs a witness: hidden, and not known to a reader. */
static bool needs_witness(const stats_cell *c)
{
    return c->state != STATS_SHOWN && !c->structural && !c->known;
}

/* Hides every cell of a family that a reader does not know already, and
 * those cells wherever else they appear. */
static void give_up(protect_ctx *x, int fi)
{
    const family *f = &x->fams[fi];
    for (int m = 0; m < f->n; m++) {
        stats_table *u = x->tables[f->member[m]];
        for (int k = 0; k < u->R * u->C; k++)
            if (u->cells[k].state == STATS_SHOWN && !u->cells[k].structural && !u->cells[k].known)
                u->cells[k].state = STATS_SECONDARY;
    }
    (void)propagate(x);
}

/* Hides whatever a reader could recompute: every suppressed quantity gets
 * a witness, in the order of the tables, so that the small cells of the
 * first tables are protected first.  A quantity for which none is found
 * (every way to move it runs into cells a reader knows) takes its family
 * with it, and is counted. */
static int secondary(protect_ctx *x)
{
    bool changed = true;
    while (changed) { /* a given-up family hides cells of tables already passed */
        changed = false;
        for (int i = 0; i < x->n; i++) {
            const stats_table *t = x->tables[i];
            for (int j = 0; j < t->R * t->C; j++) {
                quantity *q = &x->qs[x->qid[i][j]];
                if (q->covered || !needs_witness(&t->cells[j]))
                    continue;
                int rc = stats_witness_cover(x, x->qid[i][j]);
                if (rc == SG_ENOTFOUND) {
                    give_up(x, x->fam_of[i]);
                    q->covered = true;
                    x->tables[i]->unproven++;
                    changed = true;
                } else if (rc != SG_OK) {
                    return rc;
                }
            }
        }
    }
    return SG_OK;
}

int stats_protect(stats_table *const *tables, int n, const stats_options *opt,
                  const stats_prior *prior, int nprior)
{
    if (!opt || opt->threshold < 1 || n < 0 || nprior < 0 || (nprior && !prior))
        return SG_EINVAL;
    if (opt->cell_key
        && (!opt->secret || opt->secret_len < crypto_generichash_KEYBYTES_MIN
            || opt->secret_len > crypto_generichash_KEYBYTES_MAX))
        return SG_EINVAL;
    protect_ctx x = {.tables = tables, .n = n, .opt = opt};
    stats_prior *sorted = NULL;
    int rc = ctx_init(&x);
    if (rc != SG_OK)
        goto out;
    if (nprior) {
        sorted = sg_malloc((size_t)nprior * sizeof *sorted);
        if (!sorted) {
            rc = SG_ENOMEM;
            goto out;
        }
        memcpy(sorted, prior, (size_t)nprior * sizeof *sorted);
        qsort(sorted, (size_t)nprior, sizeof *sorted, cmp_prior);
    }
    primary_and_release(&x, sorted, nprior);
    (void)propagate(&x);
    for (int i = 0; i < n; i++)
        tables[i]->unproven = 0;
    if (rc == SG_OK && !opt->cell_key) /* noisy margins: no cell follows exactly from the others */
        rc = secondary(&x);
    if (rc != SG_OK)
        goto out;
    for (int i = 0; i < n; i++) {
        tables[i]->release_suppressed = 0;
        for (int j = 0; j < tables[i]->R * tables[i]->C; j++) {
            stats_cell *c = &tables[i]->cells[j];
            if (c->state == STATS_RELEASE)
                tables[i]->release_suppressed++;
            if (c->state != STATS_SHOWN)
                c->shown = 0;
        }
    }
out:
    sg_free(sorted);
    ctx_free(&x);
    return rc;
}
