/* stats_check.h - an exact checker of disclosure control, shared by the
 * unit tests of analysis/stats (stats_test.c, stats_areas_test.c).
 *
 * It does not trust the code it tests.  It takes what a reader can know -
 * every cell published in the report, every structural cell (zero), and
 * every cell an earlier release published with the value it has now - and
 * the equations of the report: each row and column of an additive table
 * sums to its total, and in a family of tables over areas each cell of area
 * 0 is the sum of that cell in the other areas.  For every suppressed cell
 * that the reader does not know, it computes the smallest and the largest
 * value consistent with all of it, counts being non-negative, with a small
 * two-phase simplex per connected group of unknowns.  A suppressed cell
 * whose smallest and largest value coincide could be recomputed.  Cells
 * that share a key are one unknown, wherever they appear.
 *
 * A value an earlier release published and that has changed since tells
 * the reader nothing certain about the value now, so it is not used; the
 * release rules of stats_protect see to it that such a change is never a
 * small group. */
#ifndef SG_TEST_STATS_CHECK_H
#define SG_TEST_STATS_CHECK_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"

#define CHECK_EPS 1e-9

/* Minimises c.x subject to A x = b, x >= 0 (A is m x n, row-major).
 * Returns 0 with *val and, when x is not NULL, a solution in x[0..n);
 * 1 when unbounded, -1 when infeasible. */
static int lp_min(int m, int n, const double *A, const double *b, const double *c, double *val,
                  double *x)
{
    int w = n + m + 1; /* variables, artificials, right-hand side */
    double *T = calloc((size_t)(m + 1) * (size_t)w, sizeof *T);
    int *basis = calloc((size_t)m + 1, sizeof *basis);
    double *obj = T + (size_t)m * (size_t)w;
    int result = 0;
    for (int i = 0; i < m; i++) {
        double sign = b[i] < 0 ? -1 : 1;
        for (int j = 0; j < n; j++)
            T[i * w + j] = sign * A[i * n + j];
        T[i * w + n + i] = 1;
        T[i * w + w - 1] = sign * b[i];
        basis[i] = n + i;
    }
    for (int phase = 1; phase <= 2; phase++) {
        for (int j = 0; j < w; j++) {
            double cj = phase == 1 ? (j >= n && j < n + m ? 1 : 0) : (j < n ? c[j] : 0);
            obj[j] = j == w - 1 ? 0 : cj;
        }
        for (int i = 0; i < m; i++) {
            int bj = basis[i];
            double cb = phase == 1 ? (bj >= n ? 1 : 0) : (bj < n ? c[bj] : 0);
            for (int j = 0; j < w; j++)
                obj[j] -= cb * T[i * w + j];
        }
        for (int iter = 0; iter < 100000; iter++) {
            int enter = -1;
            for (int j = 0; j < (phase == 1 ? n + m : n); j++) {
                if (obj[j] < -CHECK_EPS) {
                    enter = j; /* Bland's rule: the first, so it never cycles */
                    break;
                }
            }
            if (enter < 0)
                break;
            int leave = -1;
            double best = 0;
            for (int i = 0; i < m; i++) {
                if (T[i * w + enter] > CHECK_EPS) {
                    double ratio = T[i * w + w - 1] / T[i * w + enter];
                    if (leave < 0 || ratio < best - CHECK_EPS
                        || (fabs(ratio - best) <= CHECK_EPS && basis[i] < basis[leave])) {
                        leave = i;
                        best = ratio;
                    }
                }
            }
            if (leave < 0) {
                result = 1;
                goto out;
            }
            double p = T[leave * w + enter];
            for (int j = 0; j < w; j++)
                T[leave * w + j] /= p;
            for (int i = 0; i <= m; i++) {
                if (i == leave)
                    continue;
                double f = T[i * w + enter];
                if (fabs(f) > 0)
                    for (int j = 0; j < w; j++)
                        T[i * w + j] -= f * T[leave * w + j];
            }
            basis[leave] = enter;
        }
        if (phase == 1) {
            if (-obj[w - 1] > 1e-7) {
                result = -1;
                goto out;
            }
            /* Drive the artificials out of the basis where a real column can
             * take their place; rows where none can are redundant. */
            for (int i = 0; i < m; i++) {
                if (basis[i] < n)
                    continue;
                for (int j = 0; j < n; j++) {
                    if (fabs(T[i * w + j]) > CHECK_EPS) {
                        double p = T[i * w + j];
                        for (int k = 0; k < w; k++)
                            T[i * w + k] /= p;
                        for (int r = 0; r <= m; r++) {
                            double f = r == i ? 0 : T[r * w + j];
                            if (fabs(f) > 0)
                                for (int k = 0; k < w; k++)
                                    T[r * w + k] -= f * T[i * w + k];
                        }
                        basis[i] = j;
                        break;
                    }
                }
            }
        }
    }
    *val = -obj[w - 1];
    for (int j = 0; x && j < n; j++)
        x[j] = 0;
    for (int i = 0; x && i < m; i++)
        if (basis[i] < n)
            x[basis[i]] = T[i * w + w - 1];
out:
    free(T);
    free(basis);
    return result;
}

/* What a reader can work out about the suppressed cells of a report. */
typedef struct exposure {
    int unknowns;    /* distinct suppressed keys the reader does not know */
    int determined;  /* of them, how many have one possible value */
    int leaked;      /* suppressed cells whose key is published elsewhere */
    char first[240]; /* the first determined key, with its value */
} exposure;

/* One quantity of the report, by key. */
typedef struct check_key {
    const char *key;
    int64_t value;
    bool shown, suppressed, known;
    int var; /* index among the unknowns, or -1 */
} check_key;

typedef struct check_eq {
    int *vars;
    double *coef;
    int n;
    double rhs;
} check_eq;

typedef struct checker {
    check_key *keys;
    int nkeys;
    check_eq *eqs;
    int neqs, caps;
} checker;

static int check_cmp_key(const void *a, const void *b)
{
    return strcmp(((const check_key *)a)->key, ((const check_key *)b)->key);
}

static check_key *check_find(checker *k, const char *key)
{
    check_key probe = {.key = key};
    return bsearch(&probe, k->keys, (size_t)k->nkeys, sizeof probe, check_cmp_key);
}

/* Adds the equation sum(coef * cell) = 0 over the cells given. */
static void check_equation(checker *k, const stats_cell *const *cells, const double *coef, int n)
{
    check_eq e = {.vars = calloc((size_t)n + 1, sizeof(int)),
                  .coef = calloc((size_t)n + 1, sizeof(double))};
    for (int i = 0; i < n; i++) {
        const check_key *q = check_find(k, cells[i]->key);
        if (q->var < 0) {
            e.rhs -= coef[i] * (double)q->value;
            continue;
        }
        int j = 0;
        while (j < e.n && e.vars[j] != q->var)
            j++;
        if (j == e.n) {
            e.vars[e.n] = q->var;
            e.coef[e.n++] = 0;
        }
        e.coef[j] += coef[i];
    }
    if (e.n == 0) {
        free(e.vars);
        free(e.coef);
        return;
    }
    if (k->neqs == k->caps) {
        k->caps = k->caps ? k->caps * 2 : 256;
        k->eqs = realloc(k->eqs, (size_t)k->caps * sizeof *k->eqs);
    }
    k->eqs[k->neqs++] = e;
}

static int check_root(int *parent, int v)
{
    while (parent[v] != v)
        v = parent[v] = parent[parent[v]];
    return v;
}

/* Everything a reader knows: the report's tables ts, and the cells of
 * earlier releases (prior may be NULL). */
static exposure check_releases(stats_table *const *ts, int n, const stats_prior *prior, int nprior)
{
    exposure e = {0};
    checker k = {0};
    int total = 0;
    for (int i = 0; i < n; i++)
        total += ts[i]->R * ts[i]->C;
    check_key *all = calloc((size_t)total + 1, sizeof *all);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < ts[i]->R * ts[i]->C; j++) {
            const stats_cell *c = &ts[i]->cells[j];
            all[k.nkeys++] = (check_key){.key = c->key,
                                         .value = c->value,
                                         .shown = stats_shown(c),
                                         .suppressed = !stats_shown(c),
                                         .known = c->structural};
        }
    qsort(all, (size_t)k.nkeys, sizeof *all, check_cmp_key);
    /* One entry per key. */
    int m = 0;
    for (int i = 0; i < k.nkeys; i++) {
        if (m > 0 && strcmp(all[m - 1].key, all[i].key) == 0) {
            all[m - 1].shown |= all[i].shown;
            all[m - 1].suppressed |= all[i].suppressed;
            all[m - 1].known |= all[i].known;
            continue;
        }
        all[m++] = all[i];
    }
    k.keys = all;
    k.nkeys = m;
    int nvars = 0;
    for (int i = 0; i < m; i++) {
        check_key *q = &all[i];
        for (int p = 0; p < nprior; p++)
            if (!prior[p].suppressed && prior[p].shown == q->value
                && strcmp(prior[p].key, q->key) == 0)
                q->known = true;
        if (q->shown && q->suppressed)
            e.leaked++;
        q->var = q->shown || q->known ? -1 : nvars++;
    }
    e.unknowns = nvars;
    /* The equations: every line of every additive table ... */
    const stats_cell **cells = calloc(4096, sizeof *cells);
    double *coef = calloc(4096, sizeof *coef);
    for (int i = 0; i < n; i++) {
        stats_table *t = ts[i];
        if (!t->totals)
            continue;
        for (int r = 0; t->C > t->ncols && r < t->R; r++) {
            for (int c = 0; c < t->C; c++) {
                cells[c] = stats_at_const(t, r, c);
                coef[c] = c == t->ncols ? -1 : 1;
            }
            check_equation(&k, cells, coef, t->C);
        }
        for (int c = 0; c < t->C; c++) {
            for (int r = 0; r < t->R; r++) {
                cells[r] = stats_at_const(t, r, c);
                coef[r] = r == t->nrows ? -1 : 1;
            }
            check_equation(&k, cells, coef, t->R);
        }
    }
    /* ... and every cell of area 0 of a family, over the areas. */
    for (int i = 0; i < n; i++) {
        if (ts[i]->area != 0)
            continue;
        int parts = 0;
        const stats_table *members[256];
        for (int j = 0; j < n; j++)
            if (j != i && ts[j]->area > 0 && strcmp(ts[j]->name, ts[i]->name) == 0 && parts < 255)
                members[parts++] = ts[j];
        for (int c = 0; parts && c < ts[i]->R * ts[i]->C; c++) {
            cells[0] = &ts[i]->cells[c];
            coef[0] = -1;
            for (int p = 0; p < parts; p++) {
                cells[p + 1] = &members[p]->cells[c];
                coef[p + 1] = 1;
            }
            check_equation(&k, cells, coef, parts + 1);
        }
    }
    free(cells);
    free(coef);
    /* Unknowns that share an equation are solved together. */
    int *parent = calloc((size_t)nvars + 1, sizeof *parent);
    for (int v = 0; v < nvars; v++)
        parent[v] = v;
    for (int q = 0; q < k.neqs; q++)
        for (int j = 1; j < k.eqs[q].n; j++)
            parent[check_root(parent, k.eqs[q].vars[j])] = check_root(parent, k.eqs[q].vars[0]);
    int *local = calloc((size_t)nvars + 1, sizeof *local);
    int *group = calloc((size_t)nvars + 1, sizeof *group);
    int *rows = calloc((size_t)k.neqs + 1, sizeof *rows);
    for (int root = 0; root < nvars; root++) {
        if (check_root(parent, root) != root)
            continue;
        int nv = 0, nr = 0;
        for (int v = 0; v < nvars; v++)
            if (check_root(parent, v) == root) {
                local[v] = nv;
                group[nv++] = v;
            }
        for (int q = 0; q < k.neqs; q++)
            if (check_root(parent, k.eqs[q].vars[0]) == root)
                rows[nr++] = q;
        double *A = calloc((size_t)(nr + 1) * (size_t)nv, sizeof *A);
        double *b = calloc((size_t)nr + 1, sizeof *b);
        double *cvec = calloc((size_t)nv, sizeof *cvec);
        double *truth = calloc((size_t)nv, sizeof *truth);
        double *sol = calloc((size_t)nv, sizeof *sol);
        bool *moves = calloc((size_t)nv, sizeof *moves);
        for (int i = 0; i < m; i++)
            if (all[i].var >= 0 && check_root(parent, all[i].var) == root)
                truth[local[all[i].var]] = (double)all[i].value;
        for (int i = 0; i < nr; i++) {
            const check_eq *q = &k.eqs[rows[i]];
            for (int j = 0; j < q->n; j++)
                A[i * nv + local[q->vars[j]]] += q->coef[j];
            b[i] = q->rhs;
        }
        for (int v = 0; v < nv; v++) {
            /* A solution that differs from the true values in a cell shows
             * that cell has two possible values: no need to solve for it. */
            if (moves[v])
                continue;
            double lo = 0, hi = 0;
            for (int j = 0; j < nv; j++)
                cvec[j] = j == v ? 1 : 0;
            int r1 = lp_min(nr, nv, A, b, cvec, &lo, sol);
            if (r1 != 0) {
                fprintf(stderr, "checker: the true values are no solution (%d)\n", r1);
                abort();
            }
            for (int j = 0; j < nv; j++)
                moves[j] = moves[j] || fabs(sol[j] - truth[j]) > 0.5;
            if (moves[v])
                continue;
            cvec[v] = -1;
            int r2 = lp_min(nr, nv, A, b, cvec, &hi, sol);
            for (int j = 0; r2 == 0 && j < nv; j++)
                moves[j] = moves[j] || fabs(sol[j] - truth[j]) > 0.5;
            hi = r2 == 1 ? INFINITY : -hi;
            if (hi - lo < 0.5) {
                const check_key *q = NULL;
                for (int i = 0; i < m; i++)
                    if (all[i].var == group[v])
                        q = &all[i];
                if (!e.determined && q)
                    snprintf(e.first, sizeof e.first, "%.200s (= %g)", q->key, lo);
                e.determined++;
            }
        }
        free(A);
        free(b);
        free(cvec);
        free(truth);
        free(sol);
        free(moves);
    }
    free(local);
    free(group);
    free(rows);
    free(parent);
    for (int q = 0; q < k.neqs; q++) {
        free(k.eqs[q].vars);
        free(k.eqs[q].coef);
    }
    free(k.eqs);
    free(all);
    return e;
}

/* Prints the tables (value and state per cell: . shown, P primary, S
 * secondary, R release, with z for structural and k for known) to stderr,
 * to read a failure. */
__attribute__((unused)) static void check_dump(stats_table *const *ts, int n)
{
    static const char state[] = ".PSR";
    for (int i = 0; i < n; i++) {
        const stats_table *t = ts[i];
        fprintf(stderr, "%s (area %d): %s\n", t->name, t->area, t->cells[0].key);
        for (int r = 0; r < t->R; r++) {
            for (int c = 0; c < t->C; c++) {
                const stats_cell *x = stats_at_const(t, r, c);
                fprintf(stderr, " %4lld%c%c", (long long)x->value, state[x->state],
                        x->structural ? 'z'
                        : x->known    ? 'k'
                                      : ' ');
            }
            fprintf(stderr, "\n");
        }
    }
}

static exposure check_report(stats_table *const *ts, int n)
{
    return check_releases(ts, n, NULL, 0);
}

#endif
