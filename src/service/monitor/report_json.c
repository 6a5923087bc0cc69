/* The protected report as the API's JSON (monitor_int.h): the tables with
 * their definitions, a suppressed cell as {"suppressed": true} with no
 * value, and the lead times (median and P90, suppressed whole when they
 * rest on fewer children than the threshold). */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "service/monitor/monitor_int.h"

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

/* The member of array whose field equals value (borrowed), or NULL. */
static json_t *find_by(json_t *array, const char *field, const char *value)
{
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item)
    {
        const char *v = json_string_value(json_object_get(item, field));
        if (v && strcmp(v, value) == 0)
            return item;
    }
    return NULL;
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
    const stats_table *children = monitor_shown(r, r->lead_family);
    for (int l = 0; out && l < ML_COUNT; l++) {
        lead_set *s = &r->leads[l];
        /* The days of the shown area's children. */
        int n = 0;
        int64_t *days = sg_calloc((size_t)s->n + 1, sizeof *days);
        if (!days) {
            json_decref(out);
            return NULL;
        }
        for (int i = 0; i < s->n; i++)
            if (r->nareas == 1 || r->pub_area == 0 || s->areas[i] == r->pub_area)
                days[n++] = s->days[i];
        qsort(days, (size_t)n, sizeof *days, cmp_i64);
        const stats_cell *count = stats_at_const(children, l, 0);
        json_t *item = json_pack("{s:s}", "name", names[l]);
        json_t *def = find_by(json_object_get(r->defs, "lead_times"), "id", names[l]);
        if (item && def)
            json_object_set_new(item, "label",
                                json_pack("{s:O?, s:O?, s:O?}", "nl", json_object_get(def, "nl"),
                                          "en", json_object_get(def, "en"), "definition",
                                          json_object_get(def, "definition")));
        /* Too few children, or their number hidden to protect another
         * area's: the whole figure is suppressed, as a small cell would be
         * (a median of a few reveals each of them). */
        if (!stats_shown(count) || count->value < r->threshold || n == 0) {
            json_object_set_new(item, "children", json_pack("{s:b}", "suppressed", 1));
            json_object_set_new(item, "median_days", json_pack("{s:b}", "suppressed", 1));
            json_object_set_new(item, "p90_days", json_pack("{s:b}", "suppressed", 1));
        } else {
            json_object_set_new(item, "children", json_pack("{s:I}", "value", count->shown));
            json_object_set_new(item, "median_days",
                                json_pack("{s:I}", "value", (json_int_t)percentile(days, n, 50)));
            json_object_set_new(item, "p90_days",
                                json_pack("{s:I}", "value", (json_int_t)percentile(days, n, 90)));
        }
        sg_free(days);
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

/* The shown table of family f. */
static json_t *table_json(const monitor_ctx *r, int f)
{
    const stats_table *t = monitor_shown(r, f);
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
                     "figure", r->figure_of[f], "definition", definition_of(r, r->figure_of[f]),
                     "row_dimension", t->row_dim, "rows", codes_json(t->rows, t->nrows, t->totals),
                     "column_dimension", one ? "children" : t->col_dim, "columns",
                     one ? json_pack("[s]", "children")
                         : codes_json(t->cols, t->ncols, t->totals && t->C > t->ncols),
                     "totals", t->totals, "cells", cells, "suppressed_by_release",
                     t->release_suppressed);
}

/* Appends {"code", "nl", "en"} to the codes of dimension id in dims
 * (made when the definition lacks it).  nl and en are borrowed. */
static void add_code(json_t *dims, const char *id, const char *code, const char *nl, const char *en)
{
    json_t *dim = find_by(dims, "id", id);
    if (!dim) {
        dim = json_pack("{s:s, s:s, s:s, s:[]}", "id", id, "nl", id, "en", id, "codes");
        if (!dim || json_array_append_new(dims, dim) != 0)
            return;
    }
    json_t *codes = json_object_get(dim, "codes");
    if (!json_is_array(codes) || !code || find_by(codes, "code", code))
        return;
    json_array_append_new(codes, json_pack("{s:s, s:s, s:s}", "code", code, "nl", nl ? nl : code,
                                           "en", en ? en : (nl ? nl : code)));
}

/* Adds the codes of a published list: each item's code field, with its
 * names in nl and en (or both in one field, or in a {"nl", "en"} object). */
static void add_codes(json_t *dims, const char *id, json_t *list, const char *code_field,
                      const char *nl_field, const char *en_field)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item)
    {
        json_t *nl = json_object_get(item, nl_field), *en = json_object_get(item, en_field);
        if (json_is_object(nl)) {
            en = json_object_get(nl, "en");
            nl = json_object_get(nl, "nl");
        }
        add_code(dims, id, json_string_value(json_object_get(item, code_field)),
                 json_string_value(nl), json_string_value(en));
    }
}

/* The names of the dimensions and codes the tables use, in Dutch and
 * English: the definition's own, completed from the other published data
 * (regions, forms, clock rules, grounds, the catalogue's categories). */
static json_t *dimensions_json(const monitor_ctx *r)
{
    json_t *dims = json_deep_copy(json_object_get(r->defs, "dimensions"));
    if (!json_is_array(dims)) {
        json_decref(dims);
        dims = json_array();
    }
    if (!dims)
        return NULL;
    add_codes(dims, "police_unit", json_object_get(r->regions, "police_units"), "id", "name",
              "name");
    add_codes(dims, "safety_region", json_object_get(r->regions, "safety_regions"), "id", "name",
              "name");
    add_codes(dims, "form", json_object_get(r->defs, "forms"), "id", "nl", "en");
    add_codes(dims, "rule", json_object_get(r->clock_rules, "clocks"), "id", "text", "text");
    add_codes(dims, "ground", json_object_get(r->grounds, "grounds"), "code", "nl", "en");
    for (int i = 0; i < r->categories.n; i++)
        add_code(dims, "category", r->categories.v[i], r->category_names.v[i], r->categories.v[i]);
    return dims;
}

/* The municipalities the reader may ask for: every listed one for the
 * national analysis organisation, its own for a municipality, none else. */
static json_t *areas_json(const monitor_ctx *r)
{
    json_t *out = json_array();
    if (!out || strcmp(r->level, "organisation") == 0)
        return out;
    if (r->who->org_type != ORG_NATIONAL_ANALYSIS) {
        json_array_append_new(out, json_string(r->municipality));
        return out;
    }
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(r->regions, "municipalities"), i, m)
    {
        json_t *name = json_object_get(m, "name");
        if (json_is_string(name))
            json_array_append(out, name);
    }
    return out;
}

json_t *monitor_report_json(monitor_ctx *r)
{
    json_t *tables = json_array();
    for (int f = 0; tables && f < r->nfam; f++)
        if (!r->fam_hidden[f])
            json_array_append_new(tables, table_json(r, f));
    json_t *notes = json_array();
    if (r->release.further > 0)
        json_array_append_new(
            notes, json_pack("{s:s, s:i}", "reason",
                             "cells suppressed further so that no difference with an earlier"
                             " release reveals fewer children than the threshold",
                             "cells", r->release.further));
    return json_pack("{s:i, s:{s:s, s:s, s:s?}, s:o, s:s, s:i, s:{s:s, s:s, s:i, s:o}, s:o, s:o,"
                     " s:o, s:O}",
                     "year", r->year, "scope", "level", r->level, "name", r->scope_name,
                     "municipality", r->municipality[0] ? r->municipality : NULL, "areas",
                     areas_json(r), "method", r->cell_key ? "cell-key" : "suppression", "threshold",
                     r->threshold, "release", "id", r->release.public_id, "released_at",
                     r->release.released_at, "further_suppressed", r->release.further, "notes",
                     notes, "tables", tables, "lead_times", lead_times_json(r), "dimensions",
                     dimensions_json(r), "regions",
                     json_object_get(r->regions, "source") ? json_object_get(r->regions, "source")
                                                           : json_null());
}
