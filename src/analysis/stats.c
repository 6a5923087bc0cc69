/* stats.c - count tables, the minimum frequency rule, secondary suppression
 * by the hypercube method across linked tables, the release rules and the
 * cell key method.  See stats.h; docs/internals/analysis-stats.md explains
 * why the protection holds. */
#include "analysis/stats.h"

#include <assert.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

#define KEY_PARTS_MAX 16

/* ---- tables -------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The canonical key: the scope's parts and the row and column parts
 * ("dim=code", left out for a total), sorted and joined with '/'.  Returns
 * a new string the caller frees, or NULL. */
static char *make_key(const char *scope, const char *row_part, const char *col_part)
{
    char *copy = sg_strdup(scope ? scope : "");
    if (!copy)
        return NULL;
    const char *parts[KEY_PARTS_MAX + 2];
    int n = 0;
    size_t len = 1;
    for (char *save = NULL, *p = strtok_r(copy, "/", &save); p && n < KEY_PARTS_MAX;
         p = strtok_r(NULL, "/", &save)) {
        parts[n++] = p;
        len += strlen(p) + 1;
    }
    if (row_part) {
        parts[n++] = row_part;
        len += strlen(row_part) + 1;
    }
    if (col_part) {
        parts[n++] = col_part;
        len += strlen(col_part) + 1;
    }
    qsort(parts, (size_t)n, sizeof parts[0], cmp_str);
    char *key = sg_malloc(len);
    if (key) {
        key[0] = '\0';
        for (int i = 0; i < n; i++) {
            if (i)
                strcat(key, "/");
            strcat(key, parts[i]);
        }
    }
    sg_free(copy);
    return key;
}

static char **copy_codes(const char *const *codes, int n)
{
    char **out = sg_calloc((size_t)n + 1, sizeof *out);
    for (int i = 0; out && i < n; i++) {
        out[i] = sg_strdup(codes[i]);
        if (!out[i]) {
            for (int j = 0; j < i; j++)
                sg_free(out[j]);
            sg_free(out);
            return NULL;
        }
    }
    return out;
}

static void free_codes(char **codes, int n)
{
    for (int i = 0; codes && i < n; i++)
        sg_free(codes[i]);
    sg_free(codes);
}

int stats_table_new(const char *name, const char *scope, const char *row_dim,
                    const char *const *rows, int nrows, const char *col_dim,
                    const char *const *cols, int ncols, bool totals, stats_table **out)
{
    *out = NULL;
    if (!name || !row_dim || !col_dim || nrows < 1 || ncols < 1 || nrows > 100000 || ncols > 1000)
        return SG_EINVAL;
    stats_table *t = sg_calloc(1, sizeof *t);
    if (!t)
        return SG_ENOMEM;
    int rc = SG_ENOMEM;
    t->nrows = nrows;
    t->ncols = ncols;
    t->totals = totals;
    t->R = nrows + (totals ? 1 : 0);
    t->C = ncols + (totals && ncols > 1 ? 1 : 0);
    t->name = sg_strdup(name);
    t->row_dim = sg_strdup(row_dim);
    t->col_dim = sg_strdup(col_dim);
    t->rows = copy_codes(rows, nrows);
    t->cols = copy_codes(cols, ncols);
    t->cells = sg_calloc((size_t)t->R * (size_t)t->C, sizeof *t->cells);
    if (!t->name || !t->row_dim || !t->col_dim || !t->rows || !t->cols || !t->cells)
        goto out;
    char rp[256], cp[256];
    for (int r = 0; r < t->R; r++) {
        for (int c = 0; c < t->C; c++) {
            bool rt = r >= nrows, ct = c >= ncols;
            /* A one-column table's column names no category of its own. */
            bool single = ncols == 1 && !cols[0][0];
            if (!rt)
                snprintf(rp, sizeof rp, "%s=%s", row_dim, rows[r]);
            if (!ct && !single)
                snprintf(cp, sizeof cp, "%s=%s", col_dim, cols[c]);
            t->cells[r * t->C + c].key =
                make_key(scope, rt ? NULL : rp, (ct || single) ? NULL : cp);
            if (!t->cells[r * t->C + c].key)
                goto out;
        }
    }
    rc = SG_OK;
out:
    if (rc != SG_OK)
        stats_table_free(t);
    else
        *out = t;
    return rc;
}

void stats_table_free(stats_table *t)
{
    if (!t)
        return;
    for (int i = 0; t->cells && i < t->R * t->C; i++)
        sg_free(t->cells[i].key);
    sg_free(t->cells);
    free_codes(t->rows, t->nrows);
    free_codes(t->cols, t->ncols);
    sg_free(t->name);
    sg_free(t->row_dim);
    sg_free(t->col_dim);
    sg_free(t);
}

stats_cell *stats_at(stats_table *t, int r, int c)
{
    assert(r >= 0 && r < t->R && c >= 0 && c < t->C);
    return &t->cells[r * t->C + c];
}

const stats_cell *stats_at_const(const stats_table *t, int r, int c)
{
    assert(r >= 0 && r < t->R && c >= 0 && c < t->C);
    return &t->cells[r * t->C + c];
}

static int code_index(char *const *codes, int n, const char *code)
{
    for (int i = 0; code && i < n; i++)
        if (strcmp(codes[i], code) == 0)
            return i;
    return -1;
}

int stats_row_index(const stats_table *t, const char *code)
{
    return code_index(t->rows, t->nrows, code);
}

int stats_col_index(const stats_table *t, const char *code)
{
    return code_index(t->cols, t->ncols, code);
}

void stats_add(stats_table *t, int r, int c, int64_t n)
{
    assert(r >= 0 && r < t->nrows && c >= 0 && c < t->ncols);
    t->cells[r * t->C + c].value += n;
}

void stats_sum(stats_table *t)
{
    if (!t->totals)
        return;
    for (int r = 0; r < t->R; r++)
        for (int c = 0; c < t->C; c++)
            if (r == t->nrows || c == t->ncols)
                t->cells[r * t->C + c].value = 0;
    for (int r = 0; r < t->nrows; r++) {
        for (int c = 0; c < t->ncols; c++) {
            int64_t v = t->cells[r * t->C + c].value;
            t->cells[t->nrows * t->C + c].value += v;
            if (t->C > t->ncols) {
                t->cells[r * t->C + t->ncols].value += v;
                t->cells[t->nrows * t->C + t->ncols].value += v;
            }
        }
    }
}

/* ---- the cell key method ----------------------------------------------- */

int stats_cell_noise(const unsigned char *secret, size_t secret_len, const char *key, int64_t value)
{
    if (value <= 0)
        return 0;
    char msg[64];
    int m = snprintf(msg, sizeof msg, "%lld", (long long)value);
    unsigned char h[8];
    crypto_generichash_state st;
    if (crypto_generichash_init(&st, secret, secret_len, sizeof h) != 0)
        return 0;
    crypto_generichash_update(&st, (const unsigned char *)key, strlen(key) + 1);
    crypto_generichash_update(&st, (const unsigned char *)msg, (unsigned long long)m);
    crypto_generichash_final(&st, h, sizeof h);
    uint32_t u = (uint32_t)h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
    /* The perturbation table: 0 with 1/2, +-1 with 1/5 each, +-2 with 1/20
     * each; the shares are of 2^32. */
    int noise;
    if (u < 214748365u)
        noise = -2;
    else if (u < 1073741824u)
        noise = -1;
    else if (u < 3221225472u)
        noise = 0;
    else if (u < 4080218931u)
        noise = 1;
    else
        noise = 2;
    if (value + noise < 1) /* a child counted is never shown as none */
        noise = (int)(1 - value);
    return noise;
}

/* ---- linking cells by key ------------------------------------------------ */

typedef struct cell_ref {
    stats_table *t;
    int idx;
} cell_ref;

static int cmp_ref(const void *a, const void *b)
{
    const cell_ref *x = a, *y = b;
    return strcmp(x->t->cells[x->idx].key, y->t->cells[y->idx].key);
}

static int cmp_prior(const void *a, const void *b)
{
    return strcmp(((const stats_prior *)a)->key, ((const stats_prior *)b)->key);
}

typedef struct protect_ctx {
    stats_table *const *tables;
    int n;
    const stats_options *opt;
    cell_ref *refs; /* every cell, sorted by key */
    int nrefs;
    bool **linked; /* per table, per cell: its key appears elsewhere too */
} protect_ctx;

static void ctx_free(protect_ctx *x)
{
    for (int i = 0; x->linked && i < x->n; i++)
        sg_free(x->linked[i]);
    sg_free(x->linked);
    sg_free(x->refs);
}

static int ctx_init(protect_ctx *x)
{
    int total = 0;
    for (int i = 0; i < x->n; i++)
        total += x->tables[i]->R * x->tables[i]->C;
    x->refs = sg_calloc((size_t)total + 1, sizeof *x->refs);
    x->linked = sg_calloc((size_t)x->n + 1, sizeof *x->linked);
    if (!x->refs || !x->linked)
        return SG_ENOMEM;
    for (int i = 0; i < x->n; i++) {
        stats_table *t = x->tables[i];
        x->linked[i] = sg_calloc((size_t)(t->R * t->C), sizeof(bool));
        if (!x->linked[i])
            return SG_ENOMEM;
        for (int j = 0; j < t->R * t->C; j++)
            x->refs[x->nrefs++] = (cell_ref){t, j};
    }
    qsort(x->refs, (size_t)x->nrefs, sizeof *x->refs, cmp_ref);
    for (int a = 0; a < x->nrefs;) {
        int b = a + 1;
        while (b < x->nrefs && cmp_ref(&x->refs[a], &x->refs[b]) == 0)
            b++;
        for (int j = a; j < b; j++) {
            const cell_ref *r = &x->refs[j];
            if (r->t->cells[r->idx].value != x->refs[a].t->cells[x->refs[a].idx].value)
                return SG_EINTERNAL; /* one quantity, two counts: a bug in the caller */
            if (b - a > 1) {
                for (int i = 0; i < x->n; i++)
                    if (x->tables[i] == r->t)
                        x->linked[i][r->idx] = true;
            }
        }
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

/* ---- the hypercube method ------------------------------------------------ */

/* The sign a margin takes in its line's equation: each line (row or column)
 * of an additive table says sum(data cells) - total = 0. */
static int w_row(const stats_table *t, int r)
{
    return t->totals && r == t->nrows ? -1 : 1;
}

static int w_col(const stats_table *t, int c)
{
    return t->C > t->ncols && c == t->ncols ? -1 : 1;
}

/* Whether the values in the rectangle rows rs x cols cs (nc is 1 for a
 * one-column table) can shift by at least one in some direction while every
 * row and column equation holds and no cell turns negative. */
static bool shiftable(const stats_table *t, const int rs[2], const int cs[2], int nc)
{
    int u[2] = {1, -w_row(t, rs[0]) * w_row(t, rs[1])};
    int v[2] = {1, nc == 2 ? -w_col(t, cs[0]) * w_col(t, cs[1]) : 0};
    bool up = true, down = true;
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < nc; j++) {
            int d = u[i] * v[j];
            int64_t val = t->cells[rs[i] * t->C + cs[j]].value;
            if (d < 0 && val < 1)
                up = false;
            if (d > 0 && val < 1)
                down = false;
        }
    }
    return up || down;
}

static bool is_suppressed(const stats_table *t, int r, int c)
{
    return t->cells[r * t->C + c].state != STATS_SHOWN;
}

/* Whether cell (r, c) already lies in a shiftable rectangle of suppressed
 * cells. */
static bool is_protected(const stats_table *t, int r, int c)
{
    int nc = t->C > 1 ? 2 : 1;
    for (int r2 = 0; r2 < t->R; r2++) {
        if (r2 == r || !is_suppressed(t, r2, c))
            continue;
        for (int c2 = 0; c2 < (nc == 2 ? t->C : 1); c2++) {
            if (nc == 2 && (c2 == c || !is_suppressed(t, r, c2) || !is_suppressed(t, r2, c2)))
                continue;
            int rs[2] = {r, r2}, cs[2] = {c, c2};
            if (shiftable(t, rs, cs, nc))
                return true;
        }
    }
    return false;
}

/* Chooses the cheapest shiftable rectangle through (r, c) and suppresses
 * its corners: fewest newly suppressed cells that other tables share, then
 * the least count newly hidden.  Returns false when there is none. */
static bool protect_cell(stats_table *t, const bool *linked, int r, int c)
{
    int nc = t->C > 1 ? 2 : 1;
    int best_r = -1, best_c = -1;
    int64_t best_links = 0, best_cost = 0;
    for (int r2 = 0; r2 < t->R; r2++) {
        if (r2 == r)
            continue;
        for (int c2 = 0; c2 < (nc == 2 ? t->C : 1); c2++) {
            if (nc == 2 && c2 == c)
                continue;
            int rs[2] = {r, r2}, cs[2] = {c, c2};
            if (!shiftable(t, rs, cs, nc))
                continue;
            int64_t links = 0, cost = 0;
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < nc; j++) {
                    int idx = rs[i] * t->C + cs[j];
                    if (t->cells[idx].state != STATS_SHOWN)
                        continue;
                    links += linked[idx] ? 1 : 0;
                    cost += t->cells[idx].value + 1;
                }
            }
            if (best_r < 0 || links < best_links || (links == best_links && cost < best_cost)) {
                best_r = r2;
                best_c = c2;
                best_links = links;
                best_cost = cost;
            }
        }
    }
    if (best_r < 0)
        return false;
    int rs[2] = {r, best_r}, cs[2] = {c, best_c};
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < nc; j++)
            if (t->cells[rs[i] * t->C + cs[j]].state == STATS_SHOWN)
                t->cells[rs[i] * t->C + cs[j]].state = STATS_SECONDARY;
    return true;
}

/* One pass of secondary suppression over an additive table; returns whether
 * anything changed. */
static bool secondary_pass(stats_table *t, const bool *linked)
{
    bool changed = false;
    for (int r = 0; r < t->R; r++) {
        for (int c = 0; c < t->C; c++) {
            if (!is_suppressed(t, r, c) || is_protected(t, r, c))
                continue;
            changed = true;
            if (!protect_cell(t, linked, r, c)) {
                /* Too small to protect a cell in it: nothing of it is shown. */
                for (int i = 0; i < t->R * t->C; i++)
                    if (t->cells[i].state == STATS_SHOWN)
                        t->cells[i].state = STATS_SECONDARY;
                return true;
            }
        }
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
            if (!p || c->state != STATS_SHOWN)
                continue;
            int64_t diff = c->shown > p->shown ? c->shown - p->shown : p->shown - c->shown;
            if (p->suppressed || (diff > 0 && diff < k))
                c->state = STATS_RELEASE;
        }
    }
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
    bool changed = true;
    while (changed) {
        changed = propagate(&x);
        if (opt->cell_key)
            break; /* noisy margins: no cell follows exactly from the others */
        for (int i = 0; i < n; i++)
            if (tables[i]->totals && secondary_pass(tables[i], x.linked[i]))
                changed = true;
    }
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
