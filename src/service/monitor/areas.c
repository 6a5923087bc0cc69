/* The areas a report protects as one, and the families of tables over them
 * (monitor_int.h).
 *
 * A municipality's children are part of the country's, and a region's
 * cell of the national report is the sum of its municipalities' totals: a
 * reader who sees the national report and some municipalities' could
 * subtract.  So every report of the national analysis organisation or of a
 * municipality is built, and protected, for every area at once: the
 * country (area 0), the children of no listed municipality (area 1), and
 * each municipality the published regions data lists (areas 2 and up),
 * each table a family with one member per area (analysis/stats.h).  The
 * report then shows one area; the release log records them all, so that
 * whichever area a later release shows, it is protected against all that
 * an earlier one could have shown. */
#include <stdio.h>
#include <string.h>

#include "analysis/stats_rules.h"
#include "base/mem.h"
#include "service/monitor/monitor_int.h"

int monitor_areas_setup(monitor_ctx *r, bool joint)
{
    r->nareas = 1;
    r->pub_area = 0;
    r->nmuni = 0;
    if (!joint)
        return SG_OK;
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(r->regions, "municipalities"), i, m)
    {
        const char *name = json_string_value(json_object_get(m, "name"));
        if (!name)
            continue;
        /* Never fewer: a municipality left out would count as unlisted. */
        if (2 + r->nmuni >= MONITOR_MAX_AREAS)
            return SG_EUNAVAILABLE;
        r->area_muni[2 + r->nmuni++] = name;
    }
    r->nareas = 2 + r->nmuni;
    /* By name, for monitor_area_of: an insertion sort of a few dozen. */
    for (int k = 0; k < r->nmuni; k++) {
        int a = 2 + k, j = k;
        while (j > 0 && strcmp(r->area_muni[r->area_order[j - 1]], r->area_muni[a]) > 0) {
            r->area_order[j] = r->area_order[j - 1];
            j--;
        }
        r->area_order[j] = a;
    }
    r->pub_area = r->municipality[0] ? monitor_area_of(r, r->municipality) : 0;
    return SG_OK;
}

int monitor_area_of(const monitor_ctx *r, const char *municipality)
{
    if (r->nareas == 1)
        return 0;
    int lo = 0, hi = r->nmuni - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, a = r->area_order[mid];
        int c = strcmp(r->area_muni[a], municipality ? municipality : "");
        if (c == 0)
            return a;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return MONITOR_AREA_UNLISTED;
}

/* The key parts that name area a ("/municipality=Utrecht"). */
static void area_scope(const monitor_ctx *r, int a, char *out, size_t n)
{
    if (a == 0) /* the country, or the report's one area */
        snprintf(out, n, "%s", r->nareas > 1 ? "" : r->scope_key);
    else if (a == MONITOR_AREA_UNLISTED)
        snprintf(out, n, "/area=unlisted");
    else
        snprintf(out, n, "/municipality=%s", r->area_muni[a]);
}

int monitor_add_family(monitor_ctx *r, const char *figure, const char *name, const char *row_dim,
                       const char *const *rows, int nrows, const char *col_dim,
                       const char *const *cols, int ncols, bool totals, bool yearly,
                       bool national_only, int *fam)
{
    if (r->nfam >= MONITOR_MAX_FAMILIES)
        return SG_EINTERNAL;
    int members = national_only ? 1 : r->nareas;
    if (r->nt + members > r->tcap) {
        int cap = r->tcap ? r->tcap * 2 : 64;
        while (cap < r->nt + members)
            cap *= 2;
        stats_table **t = sg_realloc(r->t, (size_t)cap * sizeof *t);
        if (!t)
            return SG_ENOMEM;
        r->t = t;
        r->tcap = cap;
    }
    int first = r->nt;
    for (int a = 0; a < members; a++) {
        char area[300], scope[400];
        area_scope(r, a, area, sizeof area);
        if (yearly)
            snprintf(scope, sizeof scope, "figure=%s/year=%d%s", figure, r->year, area);
        else
            snprintf(scope, sizeof scope, "figure=%s%s", figure, area);
        int rc = stats_table_new(name, scope, row_dim, rows, nrows, col_dim, cols, ncols, totals,
                                 &r->t[r->nt]);
        if (rc != SG_OK)
            return rc;
        r->t[r->nt++]->area = a;
    }
    r->fam_first[r->nfam] = first;
    r->fam_size[r->nfam] = members;
    r->figure_of[r->nfam] = figure;
    r->fam_hidden[r->nfam] = false;
    *fam = r->nfam++;
    return SG_OK;
}

void monitor_count(monitor_ctx *r, int fam, int area, const char *row, const char *col, int64_t n)
{
    if (fam < 0)
        return;
    stats_table *all = r->t[r->fam_first[fam]];
    int i = stats_row_index(all, row), j = all->ncols == 1 ? 0 : stats_col_index(all, col);
    if (i < 0 || j < 0)
        return;
    stats_add(all, i, j, n);
    if (area > 0 && r->fam_size[fam] > 1)
        stats_add(r->t[r->fam_first[fam] + area], i, j, n);
}

stats_table *monitor_shown(const monitor_ctx *r, int fam)
{
    return r->t[r->fam_first[fam] + (r->fam_size[fam] > 1 ? r->pub_area : 0)];
}

/* The police unit of a safety region code ("unknown" for "unknown"). */
static const char *unit_of_region(const monitor_ctx *r, const char *region)
{
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(r->regions, "safety_regions"), i, item)
    {
        const char *id = json_string_value(json_object_get(item, "id"));
        const char *unit = json_string_value(json_object_get(item, "police_unit"));
        if (id && unit && strcmp(id, region) == 0)
            return unit;
    }
    return "unknown";
}

/* The region and unit every child of area a lives in, or false when the
 * area spans several (the country, an organisation). */
static bool area_region(const monitor_ctx *r, int a, const char **region, const char **unit)
{
    const char *muni = NULL;
    if (r->nareas == 1)
        muni = r->municipality[0] ? r->municipality : NULL;
    else if (a == MONITOR_AREA_UNLISTED)
        muni = "";
    else if (a > 0)
        muni = r->area_muni[a];
    if (!muni)
        return false;
    stats_region_of(r->regions, muni, region, unit); /* "unknown" for an unlisted one */
    return true;
}

void monitor_mark_structural(monitor_ctx *r, int regions_fam, int unit_form_fam)
{
    const char *unit_of_row[MONITOR_LIST_MAX];
    const stats_table *shape = regions_fam >= 0 ? r->t[r->fam_first[regions_fam]] : NULL;
    for (int i = 0; shape && i < shape->nrows && i < MONITOR_LIST_MAX; i++)
        unit_of_row[i] = unit_of_region(r, shape->rows[i]);
    for (int a = 0; shape && a < r->fam_size[regions_fam]; a++) {
        stats_table *t = r->t[r->fam_first[regions_fam] + a];
        const char *own_region = NULL, *own_unit = NULL;
        bool one = area_region(r, t->area, &own_region, &own_unit);
        for (int i = 0; i < t->nrows && i < MONITOR_LIST_MAX; i++)
            for (int j = 0; j < t->ncols; j++)
                if (strcmp(unit_of_row[i], t->cols[j]) != 0
                    || (one && strcmp(t->rows[i], own_region) != 0))
                    stats_structural(t, i, j);
    }
    for (int a = 0; unit_form_fam >= 0 && a < r->fam_size[unit_form_fam]; a++) {
        stats_table *t = r->t[r->fam_first[unit_form_fam] + a];
        const char *own_region = NULL, *own_unit = NULL;
        if (!area_region(r, t->area, &own_region, &own_unit))
            continue;
        for (int i = 0; i < t->nrows; i++)
            for (int j = 0; j < t->ncols; j++)
                if (strcmp(t->rows[i], own_unit) != 0)
                    stats_structural(t, i, j);
    }
}
