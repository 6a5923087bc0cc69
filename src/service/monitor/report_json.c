/* The protected report as the API's JSON (monitor_int.h): the tables with
 * their definitions, a suppressed cell as {"suppressed": true} with no
 * value, and the lead times (median and P90, suppressed whole when they
 * rest on fewer children than the threshold). */
#include <stdlib.h>
#include <string.h>

#include "service/monitor/monitor_int.h"

/* ---- the result ------------------------------------------------------------- */

static json_t *definition_of(const monitor_ctx *r, const char *figure)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(r->defs, "figures"), i, f)
    {
        const char *id = json_string_value(json_object_get(f, "id"));
        if (id && strcmp(id, figure) == 0)
            return json_pack("{s:O, s:O, s:O}", "nl", json_object_get(f, "nl"), "en",
                             json_object_get(f, "en"), "definition",
                             json_object_get(f, "definition"));
    }
    return json_null();
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The nearest-rank percentile p (0..100) of n sorted values. */
static int64_t percentile(const int64_t *sorted, int n, int p)
{
    int rank = (p * n + 99) / 100;
    return sorted[rank < 1 ? 0 : rank - 1];
}

static json_t *lead_times_json(monitor_ctx *r)
{
    static const char *const names[ML_COUNT] = {"signal-consultation", "consultation-decision",
                                                "referral-acceptance", "arrest-decision"};
    json_t *out = json_array();
    for (int l = 0; out && l < ML_COUNT; l++) {
        lead_set *s = &r->leads[l];
        int children = 0;
        if (s->n) {
            qsort(s->persons, (size_t)s->n, sizeof *s->persons, cmp_i64);
            for (int i = 0; i < s->n; i++)
                children += i == 0 || s->persons[i] != s->persons[i - 1];
            qsort(s->days, (size_t)s->n, sizeof *s->days, cmp_i64);
        }
        json_t *item = json_pack("{s:s}", "name", names[l]);
        /* Too few children: the whole figure is suppressed, as a small
         * cell would be (a median of a few reveals each of them). */
        if (children < r->threshold) {
            json_object_set_new(item, "children", json_pack("{s:b}", "suppressed", 1));
            json_object_set_new(item, "median_days", json_pack("{s:b}", "suppressed", 1));
            json_object_set_new(item, "p90_days", json_pack("{s:b}", "suppressed", 1));
        } else {
            json_object_set_new(item, "children", json_pack("{s:i}", "value", children));
            json_object_set_new(
                item, "median_days",
                json_pack("{s:I}", "value", (json_int_t)percentile(s->days, s->n, 50)));
            json_object_set_new(
                item, "p90_days",
                json_pack("{s:I}", "value", (json_int_t)percentile(s->days, s->n, 90)));
        }
        json_array_append_new(out, item);
    }
    return out;
}

static json_t *codes_json(char *const *codes, int n, bool total)
{
    json_t *a = json_array();
    for (int i = 0; a && i < n; i++)
        json_array_append_new(a, json_string(codes[i]));
    if (a && total)
        json_array_append_new(a, json_string("total"));
    return a;
}

static json_t *table_json(const monitor_ctx *r, int i)
{
    const stats_table *t = r->t[i];
    json_t *cells = json_array();
    for (int row = 0; cells && row < t->R; row++) {
        json_t *line = json_array();
        for (int col = 0; line && col < t->C; col++) {
            const stats_cell *c = stats_at_const(t, row, col);
            json_array_append_new(line, stats_shown(c)
                                            ? json_pack("{s:I}", "value", (json_int_t)c->shown)
                                            : json_pack("{s:b}", "suppressed", 1));
        }
        json_array_append_new(cells, line);
    }
    bool one = t->ncols == 1 && !t->cols[0][0];
    return json_pack("{s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:b, s:o, s:i}", "name", t->name,
                     "figure", r->figure_of[i], "definition", definition_of(r, r->figure_of[i]),
                     "row_dimension", t->row_dim, "rows", codes_json(t->rows, t->nrows, t->totals),
                     "column_dimension", one ? "children" : t->col_dim, "columns",
                     one ? json_pack("[s]", "children")
                         : codes_json(t->cols, t->ncols, t->totals && t->C > t->ncols),
                     "totals", t->totals, "cells", cells, "suppressed_by_release",
                     t->release_suppressed);
}

json_t *monitor_report_json(monitor_ctx *r)
{
    json_t *tables = json_array();
    for (int i = 0; tables && i < r->nt; i++)
        json_array_append_new(tables, table_json(r, i));
    json_t *notes = json_array();
    if (r->release.further > 0)
        json_array_append_new(
            notes, json_pack("{s:s, s:i}", "reason",
                             "cells suppressed further so that no difference with an earlier"
                             " release reveals fewer children than the threshold",
                             "cells", r->release.further));
    return json_pack("{s:i, s:{s:s, s:s, s:s?}, s:s, s:i, s:{s:s, s:s, s:i, s:o}, s:o, s:o, s:O}",
                     "year", r->year, "scope", "level", r->level, "name", r->scope_name,
                     "municipality", r->municipality[0] ? r->municipality : NULL, "method",
                     r->cell_key ? "cell-key" : "suppression", "threshold", r->threshold, "release",
                     "id", r->release.public_id, "released_at", r->release.released_at,
                     "further_suppressed", r->release.further, "notes", notes, "tables", tables,
                     "lead_times", lead_times_json(r), "regions",
                     json_object_get(r->regions, "source") ? json_object_get(r->regions, "source")
                                                           : json_null());
}
