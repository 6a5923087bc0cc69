/* stats.c - count tables, their keys and structural cells, and the cell key
 * method's noise.  The protection itself is in stats_protect.c.  See
 * stats.h; docs/internals/analysis-stats.md explains why the protection
 * holds. */
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

void stats_structural(stats_table *t, int r, int c)
{
    assert(r >= 0 && r < t->nrows && c >= 0 && c < t->ncols);
    t->cells[r * t->C + c].structural = true;
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
