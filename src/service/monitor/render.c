/* The report as CSV and as a printable HTML page with server-made SVG
 * charts (monitor.h).  Both read the protected JSON only: nothing here can
 * show a suppressed value, because the JSON holds none.  The HTML names
 * every dimension and code as the report's "dimensions" do, in Dutch or
 * English, and gives each figure its definition. */
#include <stdio.h>
#include <string.h>

#include "analysis/svg.h"
#include "base/buf.h"
#include "base/html.h"
#include "base/mem.h"
#include "service/monitor/monitor_int.h"

#define OUT_MAX (32 * 1024 * 1024)

/* A CSV field: quoted when it holds a comma, quote or line break. */
static int csv_field(buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n"))
        return buf_append_str(b, s);
    int rc = buf_append_str(b, "\"");
    for (; rc == SG_OK && *s; s++)
        rc = *s == '"' ? buf_append_str(b, "\"\"") : buf_append(b, s, 1);
    return rc == SG_OK ? buf_append_str(b, "\"") : rc;
}

int monitor_render_csv(const json_t *report, char **out)
{
    buf b;
    buf_init(&b, OUT_MAX);
    int rc = buf_append_str(&b, "table,row,column,value\r\n");
    size_t i, r, c;
    json_t *t, *line, *cell;
    json_array_foreach(json_object_get(report, "tables"), i, t)
    {
        json_t *rows = json_object_get(t, "rows"), *cols = json_object_get(t, "columns");
        json_array_foreach(json_object_get(t, "cells"), r, line)
        {
            json_array_foreach(line, c, cell)
            {
                if (rc == SG_OK)
                    rc = csv_field(&b, json_string_value(json_object_get(t, "name")));
                if (rc == SG_OK)
                    rc = buf_append_str(&b, ",");
                if (rc == SG_OK)
                    rc = csv_field(&b, json_string_value(json_array_get(rows, r)));
                if (rc == SG_OK)
                    rc = buf_append_str(&b, ",");
                if (rc == SG_OK)
                    rc = csv_field(&b, json_string_value(json_array_get(cols, c)));
                json_t *v = json_object_get(cell, "value");
                if (rc == SG_OK)
                    rc = v ? buf_printf(&b, ",%lld\r\n", (long long)json_integer_value(v))
                           : buf_append_str(&b, ",suppressed\r\n");
            }
        }
    }
    if (rc == SG_OK) {
        *out = buf_detach(&b);
        rc = *out ? SG_OK : SG_ENOMEM;
    }
    buf_free(&b);
    return rc;
}

/* ---- the printable report ------------------------------------------------- */

/* The page being written: its first error sticks, and every later write
 * is skipped, so that the page reads as one sequence of writes. */
typedef struct page {
    html_out o;
    bool dutch;
    const json_t *report;
} page;

static const char *lang(const json_t *o, bool dutch)
{
    const char *s = json_string_value(json_object_get(o, dutch ? "nl" : "en"));
    return s ? s : "";
}

static json_t *find_by(const json_t *array, const char *field, const char *value)
{
    size_t i;
    json_t *item;
    json_array_foreach(array, i, item)
    {
        const char *v = json_string_value(json_object_get(item, field));
        if (v && value && strcmp(v, value) == 0)
            return item;
    }
    return NULL;
}

/* The name of a dimension, or of one of its codes ("total" for a margin),
 * as the report's dimensions give it; the code itself when they do not. */
static const char *dim_name(const page *p, const char *dim)
{
    json_t *d = find_by(json_object_get(p->report, "dimensions"), "id", dim);
    return d ? lang(d, p->dutch) : dim;
}

static const char *code_name(const page *p, const char *dim, const char *code)
{
    if (code && strcmp(code, "total") == 0)
        return p->dutch ? "Totaal" : "Total";
    json_t *d = find_by(json_object_get(p->report, "dimensions"), "id", dim);
    json_t *c = find_by(json_object_get(d, "codes"), "code", code);
    return c ? lang(c, p->dutch) : (code ? code : "");
}

static const char *str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

/* A chart of a table's margin (the total column, or the only column),
 * the total row left out. */
static void table_chart(page *p, const json_t *t, size_t index)
{
    json_t *rows = json_object_get(t, "rows"), *cells = json_object_get(t, "cells");
    size_t nrows = json_array_size(rows);
    bool totals = json_is_true(json_object_get(t, "totals"));
    size_t n = totals ? nrows - 1 : nrows;
    if (p->o.rc != SG_OK || n < 1 || n > 100)
        return;
    svg_bar bars[100];
    const char *dim = str(t, "row_dimension");
    for (size_t i = 0; i < n; i++) {
        json_t *line = json_array_get(cells, i);
        json_t *v = json_object_get(json_array_get(line, json_array_size(line) - 1), "value");
        bars[i] = (svg_bar){.label = code_name(p, dim, json_string_value(json_array_get(rows, i))),
                            .value = v ? json_integer_value(v) : 0,
                            .suppressed = !v};
    }
    char title[300], id[32];
    snprintf(title, sizeof title, "%s %s %s", p->dutch ? "Kinderen naar" : "Children by",
             dim_name(p, dim), p->dutch ? "(x: geheim)" : "(x: suppressed)");
    snprintf(id, sizeof id, "chart-%zu", index);
    char *svg = NULL;
    p->o.rc = svg_bar_chart(id, title, bars, (int)n, &svg);
    html_putf(&p->o, "<figure class=\"report-chart\">%s</figure>", svg ? svg : "");
    sg_free(svg);
}

/* One table; the figure's definition goes with its first table only. */
static void table_html(page *p, const json_t *t, size_t index, bool first)
{
    json_t *def = json_object_get(t, "definition");
    const char *rdim = str(t, "row_dimension"), *cdim = str(t, "column_dimension");
    bool one = strcmp(cdim, "children") == 0;
    html_putf(&p->o, "<section class=\"report-figure\" aria-labelledby=\"t%zu\">", index);
    html_putf(&p->o, "<h3 class=\"utrecht-heading-3\" id=\"t%zu\">", index);
    html_text(&p->o, lang(def, p->dutch));
    html_put(&p->o, " \xe2\x80\x94 ");
    html_text(&p->o, dim_name(p, rdim));
    if (!one) {
        html_put(&p->o, " \xc3\x97 ");
        html_text(&p->o, dim_name(p, cdim));
    }
    html_put(&p->o, "</h3><p class=\"utrecht-paragraph\">");
    if (first) {
        html_text(&p->o, lang(json_object_get(def, "definition"), p->dutch));
        html_put(&p->o, " ");
    }
    html_putf(&p->o, "<span class=\"report-table-name\">(%s <code>", p->dutch ? "tabel" : "table");
    html_text(&p->o, str(t, "name"));
    html_put(&p->o, "</code>)</span></p>");
    table_chart(p, t, index);
    html_put(&p->o,
             "<div class=\"report-table-wrap\"><table class=\"utrecht-table\"><thead"
             " class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\"><th scope=\"col\""
             " class=\"utrecht-table__header-cell\">");
    html_text(&p->o, dim_name(p, rdim));
    size_t i, j;
    json_t *v, *line;
    json_array_foreach(json_object_get(t, "columns"), i, v)
    {
        html_put(&p->o, "</th><th scope=\"col\" class=\"utrecht-table__header-cell\">");
        html_text(&p->o, code_name(p, cdim, json_string_value(v)));
    }
    html_put(&p->o, "</th></tr></thead><tbody class=\"utrecht-table__body\">");
    json_array_foreach(json_object_get(t, "cells"), i, line)
    {
        html_put(&p->o, "<tr class=\"utrecht-table__row\"><th scope=\"row\""
                        " class=\"utrecht-table__header-cell\">");
        html_text(
            &p->o,
            code_name(p, rdim, json_string_value(json_array_get(json_object_get(t, "rows"), i))));
        html_put(&p->o, "</th>");
        json_array_foreach(line, j, v)
        {
            json_t *n = json_object_get(v, "value");
            if (n)
                html_putf(&p->o,
                          "<td class=\"utrecht-table__cell "
                          "utrecht-table__cell--numeric-column\">%lld</td>",
                          (long long)json_integer_value(n));
            else
                html_putf(&p->o,
                          "<td class=\"utrecht-table__cell report-suppressed\"><abbr "
                          "title=\"%s\">x</abbr></td>",
                          p->dutch ? "geheim: te weinig kinderen, of terug te rekenen"
                                   : "suppressed: too few children, or recomputable");
        }
        html_put(&p->o, "</tr>");
    }
    html_put(&p->o, "</tbody></table></div></section>");
}

static void lead_times_html(page *p)
{
    html_putf(&p->o,
              "<section aria-labelledby=\"lead-times\"><h2 class=\"utrecht-heading-2\""
              " id=\"lead-times\">%s</h2><dl class=\"report-lead-times\">",
              p->dutch ? "Doorlooptijden (dagen)" : "Lead times (days)");
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(p->report, "lead_times"), i, t)
    {
        json_t *label = json_object_get(t, "label");
        json_t *med = json_object_get(json_object_get(t, "median_days"), "value");
        json_t *p90 = json_object_get(json_object_get(t, "p90_days"), "value");
        json_t *kids = json_object_get(json_object_get(t, "children"), "value");
        html_put(&p->o, "<dt>");
        html_text(&p->o, label ? lang(label, p->dutch) : str(t, "name"));
        html_put(&p->o, "</dt><dd>");
        if (med && p90 && kids)
            html_putf(&p->o, "%s %lld, P90 %lld (%lld %s)", p->dutch ? "mediaan" : "median",
                      (long long)json_integer_value(med), (long long)json_integer_value(p90),
                      (long long)json_integer_value(kids), p->dutch ? "kinderen" : "children");
        else
            html_putf(&p->o, "<abbr title=\"%s\">x</abbr>",
                      p->dutch ? "geheim: te weinig kinderen" : "suppressed: too few children");
        if (label) {
            html_put(&p->o, "<br><span class=\"report-definition\">");
            html_text(&p->o, lang(json_object_get(label, "definition"), p->dutch));
            html_put(&p->o, "</span>");
        }
        html_put(&p->o, "</dd>");
    }
    html_put(&p->o, "</dl></section>");
}

static const char *status_name(const char *status, bool dutch)
{
    static const char *const names[][3] = {{"planned", "gepland", "planned"},
                                           {"in-progress", "in uitvoering", "in progress"},
                                           {"implemented", "uitgevoerd", "implemented"},
                                           {"to-confirm", "nog te bevestigen", "to be confirmed"}};
    for (size_t i = 0; status && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i][0], status) == 0)
            return names[i][dutch ? 1 : 2];
    return status ? status : "";
}

static void measures_html(page *p)
{
    json_t *measures = json_object_get(p->report, "measures");
    json_t *items = json_object_get(measures, "items");
    json_t *statuses = json_object_get(measures, "statuses");
    size_t ns = json_array_size(statuses);
    if (!measures || ns < 1 || ns > 20)
        return;
    svg_bar bars[20];
    size_t i, s;
    json_t *t;
    for (s = 0; s < ns; s++) {
        const char *code = json_string_value(json_array_get(statuses, s));
        bars[s] = (svg_bar){.label = status_name(code, p->dutch)};
        json_array_foreach(items, i, t)
        {
            const char *st = json_string_value(json_object_get(t, "status"));
            bars[s].value += st && code && strcmp(st, code) == 0;
        }
    }
    char *svg = NULL;
    if (p->o.rc == SG_OK)
        p->o.rc =
            svg_bar_chart("measures", p->dutch ? "Maatregelen naar status" : "Measures by status",
                          bars, (int)ns, &svg);
    html_putf(
        &p->o,
        "<section aria-labelledby=\"measures\"><h2 class=\"utrecht-heading-2\" id=\"measures\">"
        "%s</h2><figure class=\"report-chart\">%s</figure><ul class=\"utrecht-unordered-list\">",
        p->dutch ? "Maatregelen" : "Measures", svg ? svg : "");
    sg_free(svg);
    json_array_foreach(items, i, t)
    {
        html_put(&p->o, "<li class=\"utrecht-unordered-list__item\"><strong>");
        html_text(&p->o, lang(t, p->dutch));
        html_put(&p->o, "</strong> (");
        html_text(&p->o, status_name(json_string_value(json_object_get(t, "status")), p->dutch));
        html_put(&p->o, "; ");
        html_text(&p->o, lang(json_object_get(t, "responsible"), p->dutch));
        html_put(&p->o, ")");
        json_t *notes = json_object_get(t, "notes");
        json_t *last = json_array_get(notes, json_array_size(notes) - 1);
        if (last) {
            html_put(&p->o, "<br>");
            html_text(&p->o, str(last, "on"));
            html_put(&p->o, ": ");
            html_text(&p->o, lang(last, p->dutch));
        }
        json_t *check = json_object_get(t, "verification");
        if (check) {
            html_putf(&p->o, "<br><span class=\"report-definition\">%s ",
                      p->dutch ? "Controle van de bron:" : "Source check:");
            html_text(&p->o, lang(check, p->dutch));
            html_put(&p->o, "</span>");
        }
        html_put(&p->o, "</li>");
    }
    html_put(&p->o, "</ul></section>");
}

int monitor_render_html(const json_t *report, bool dutch, char **out)
{
    page p = {.o.rc = SG_OK, .dutch = dutch, .report = report};
    buf_init(&p.o.b, OUT_MAX);
    json_t *scope = json_object_get(report, "scope");
    long long year = (long long)json_integer_value(json_object_get(report, "year"));
    const char *title = dutch ? "Voortgangsrapportage" : "Progress report";
    html_putf(
        &p.o,
        "<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
        " content=\"width=device-width, initial-scale=1\"><title>%s %lld: ",
        dutch ? "nl" : "en", title, year);
    html_text(&p.o, str(scope, "name"));
    html_put(&p.o, "</title><link rel=\"stylesheet\" href=\"/vendor/voorbeeld/theme.css\">"
                   "<link rel=\"stylesheet\" href=\"/vendor/utrecht/component-library.css\">"
                   "<link rel=\"stylesheet\" href=\"/css/report.css\"></head>"
                   "<body class=\"voorbeeld-theme utrecht-document\"><main class=\"report\">");
    html_putf(&p.o, "<h1 class=\"utrecht-heading-1\">%s %lld: ", title, year);
    html_text(&p.o, str(scope, "name"));
    html_putf(
        &p.o,
        "</h1><p class=\"utrecht-paragraph\">%s %lld %s</p><p class=\"utrecht-paragraph\">%s ",
        dutch ? "Alle cijfers tellen unieke kinderen. Cellen met minder dan"
              : "Every figure counts unique children. Cells below",
        (long long)json_integer_value(json_object_get(report, "threshold")),
        dutch ? "kinderen zijn geheim (x), en zo nodig andere cellen ook, zodat geen geheime cel"
                " valt terug te rekenen uit totalen of andere tabellen. Een x is nooit een nul."
              : "children are suppressed (x), and other cells where needed, so that no suppressed"
                " cell can be recomputed from totals or other tables. An x is never a zero.",
        dutch ? "Publicatie" : "Release");
    html_text(&p.o, str(json_object_get(report, "release"), "id"));
    html_put(&p.o, ", ");
    html_text(&p.o, str(json_object_get(report, "release"), "released_at"));
    html_putf(&p.o, ". %s</p>", dutch ? "Bron: signaal." : "Source: signaal.");
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(report, "tables"), i, t)
    {
        bool first =
            i == 0
            || strcmp(str(t, "figure"),
                      str(json_array_get(json_object_get(report, "tables"), i - 1), "figure"))
                   != 0;
        if (first) {
            if (i > 0)
                html_put(&p.o, "</section>");
            html_putf(&p.o,
                      "<section class=\"report-part\" aria-labelledby=\"f%zu\"><h2"
                      " class=\"utrecht-heading-2\" id=\"f%zu\">",
                      i, i);
            html_text(&p.o, lang(json_object_get(t, "definition"), dutch));
            html_put(&p.o, "</h2>");
        }
        table_html(&p, t, i, first);
    }
    if (json_array_size(json_object_get(report, "tables")))
        html_put(&p.o, "</section>");
    lead_times_html(&p);
    measures_html(&p);
    html_put(&p.o, "</main></body></html>\n");
    if (p.o.rc == SG_OK) {
        *out = buf_detach(&p.o.b);
        p.o.rc = *out ? SG_OK : SG_ENOMEM;
    }
    buf_free(&p.o.b);
    return p.o.rc;
}
