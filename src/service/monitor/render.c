/* The report as CSV and as a printable HTML page with server-made SVG
 * charts (monitor.h).  Both read the protected JSON only: nothing here can
 * show a suppressed value, because the JSON holds none. */
#include <stdio.h>
#include <string.h>

#include "analysis/svg.h"
#include "base/buf.h"
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

static int html_text(buf *b, const char *s)
{
    int rc = SG_OK;
    for (; rc == SG_OK && s && *s; s++) {
        if (*s == '<')
            rc = buf_append_str(b, "&lt;");
        else if (*s == '>')
            rc = buf_append_str(b, "&gt;");
        else if (*s == '&')
            rc = buf_append_str(b, "&amp;");
        else if (*s == '"')
            rc = buf_append_str(b, "&quot;");
        else
            rc = buf_append(b, s, 1);
    }
    return rc;
}

static const char *lang(json_t *o, bool dutch)
{
    const char *s = json_string_value(json_object_get(o, dutch ? "nl" : "en"));
    return s ? s : "";
}

/* A chart of a table's margin: the total column, or the only column. */
static int table_chart(buf *b, json_t *t, bool dutch)
{
    json_t *rows = json_object_get(t, "rows"), *cells = json_object_get(t, "cells");
    size_t nrows = json_array_size(rows);
    bool totals = json_is_true(json_object_get(t, "totals"));
    size_t n = totals ? nrows - 1 : nrows;
    if (n < 1 || n > 100)
        return SG_OK;
    svg_bar bars[100];
    for (size_t i = 0; i < n; i++) {
        json_t *line = json_array_get(cells, i);
        json_t *cell = json_array_get(line, json_array_size(line) - 1);
        json_t *v = json_object_get(cell, "value");
        bars[i] = (svg_bar){.label = json_string_value(json_array_get(rows, i)),
                            .value = v ? json_integer_value(v) : 0,
                            .suppressed = !v};
    }
    char *svg = NULL;
    char title[200];
    snprintf(title, sizeof title, "%s: %s", json_string_value(json_object_get(t, "name")),
             dutch ? "kinderen per categorie" : "children per category");
    int rc = svg_bar_chart(title, bars, (int)n, &svg);
    if (rc == SG_OK)
        rc = buf_printf(b, "<figure class=\"chart\">%s</figure>", svg);
    sg_free(svg);
    return rc;
}

static int table_html(buf *b, json_t *t, bool dutch)
{
    json_t *def = json_object_get(t, "definition");
    int rc = buf_append_str(b, "<section class=\"figure\"><h3 class=\"utrecht-heading-3\">");
    if (rc == SG_OK)
        rc = html_text(b, lang(def, dutch));
    if (rc == SG_OK)
        rc = buf_append_str(b, " <code>");
    if (rc == SG_OK)
        rc = html_text(b, json_string_value(json_object_get(t, "name")));
    if (rc == SG_OK)
        rc = buf_append_str(b, "</code></h3><p class=\"utrecht-paragraph\">");
    if (rc == SG_OK)
        rc = html_text(b, lang(json_object_get(def, "definition"), dutch));
    if (rc == SG_OK)
        rc = buf_append_str(b, "</p>");
    if (rc == SG_OK)
        rc = table_chart(b, t, dutch);
    if (rc == SG_OK)
        rc = buf_append_str(b, "<table class=\"utrecht-table\"><thead><tr><th scope=\"col\">");
    if (rc == SG_OK)
        rc = html_text(b, json_string_value(json_object_get(t, "row_dimension")));
    size_t i, j;
    json_t *v, *line;
    json_array_foreach(json_object_get(t, "columns"), i, v)
    {
        if (rc == SG_OK)
            rc = buf_append_str(b, "</th><th scope=\"col\">");
        if (rc == SG_OK)
            rc = html_text(b, json_string_value(v));
    }
    if (rc == SG_OK)
        rc = buf_append_str(b, "</th></tr></thead><tbody>");
    json_array_foreach(json_object_get(t, "cells"), i, line)
    {
        if (rc == SG_OK)
            rc = buf_append_str(b, "<tr><th scope=\"row\">");
        if (rc == SG_OK)
            rc = html_text(b, json_string_value(json_array_get(json_object_get(t, "rows"), i)));
        if (rc == SG_OK)
            rc = buf_append_str(b, "</th>");
        json_array_foreach(line, j, v)
        {
            json_t *n = json_object_get(v, "value");
            if (rc == SG_OK)
                rc = n ? buf_printf(b, "<td>%lld</td>", (long long)json_integer_value(n))
                       : buf_printf(b, "<td><abbr title=\"%s\">x</abbr></td>",
                                    dutch ? "geheim: te weinig kinderen" : "suppressed");
        }
        if (rc == SG_OK)
            rc = buf_append_str(b, "</tr>");
    }
    return rc == SG_OK ? buf_append_str(b, "</tbody></table></section>") : rc;
}

int monitor_render_html(const json_t *report, bool dutch, char **out)
{
    buf b;
    buf_init(&b, OUT_MAX);
    json_t *scope = json_object_get(report, "scope");
    int rc = buf_printf(
        &b,
        "<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
        " content=\"width=device-width, initial-scale=1\"><title>%s %lld</title>"
        "<link rel=\"stylesheet\" href=\"/css/report.css\"></head><body class=\"utrecht-document\">"
        "<main><h1 class=\"utrecht-heading-1\">%s %lld: ",
        dutch ? "nl" : "en", dutch ? "Voortgangsrapportage" : "Progress report",
        (long long)json_integer_value(json_object_get(report, "year")),
        dutch ? "Voortgangsrapportage" : "Progress report",
        (long long)json_integer_value(json_object_get(report, "year")));
    if (rc == SG_OK)
        rc = html_text(&b, json_string_value(json_object_get(scope, "name")));
    if (rc == SG_OK)
        rc = buf_printf(&b, "</h1><p class=\"utrecht-paragraph\">%s %lld %s. %s</p>",
                        dutch ? "Unieke kinderen; cellen met minder dan"
                              : "Unique children; cells below",
                        (long long)json_integer_value(json_object_get(report, "threshold")),
                        dutch ? "kinderen zijn geheim (x), en zo nodig andere cellen ook, zodat"
                                " geen geheime cel valt terug te rekenen"
                              : "children are suppressed (x), and other cells where needed, so"
                                " that no suppressed cell can be recomputed",
                        dutch ? "Bron: signaal." : "Source: signaal.");
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(report, "tables"), i, t)
    {
        if (rc == SG_OK)
            rc = table_html(&b, t, dutch);
    }
    if (rc == SG_OK)
        rc = buf_printf(&b, "<section><h2 class=\"utrecht-heading-2\">%s</h2><ul>",
                        dutch ? "Doorlooptijden (dagen)" : "Lead times (days)");
    json_array_foreach(json_object_get(report, "lead_times"), i, t)
    {
        json_t *med = json_object_get(json_object_get(t, "median_days"), "value");
        json_t *p90 = json_object_get(json_object_get(t, "p90_days"), "value");
        if (rc == SG_OK && med && p90)
            rc = buf_printf(&b, "<li>%s: %s %lld, P90 %lld</li>",
                            json_string_value(json_object_get(t, "name")),
                            dutch ? "mediaan" : "median", (long long)json_integer_value(med),
                            (long long)json_integer_value(p90));
        else if (rc == SG_OK)
            rc = buf_printf(&b, "<li>%s: x</li>", json_string_value(json_object_get(t, "name")));
    }
    if (rc == SG_OK)
        rc = buf_append_str(&b, "</ul></section>");
    json_t *measures = json_object_get(report, "measures");
    if (rc == SG_OK && measures) {
        static const char *const statuses[] = {"planned", "in-progress", "implemented",
                                               "to-confirm"};
        svg_bar bars[4];
        for (int s = 0; s < 4; s++) {
            bars[s] = (svg_bar){.label = statuses[s]};
            json_array_foreach(json_object_get(measures, "items"), i, t)
            {
                const char *st = json_string_value(json_object_get(t, "status"));
                bars[s].value += st && strcmp(st, statuses[s]) == 0;
            }
        }
        char *svg = NULL;
        rc = svg_bar_chart(dutch ? "Maatregelen naar status" : "Measures by status", bars, 4, &svg);
        if (rc == SG_OK)
            rc = buf_printf(&b, "<section><h2 class=\"utrecht-heading-2\">%s</h2>%s<ul>",
                            dutch ? "Maatregelen" : "Measures", svg);
        sg_free(svg);
        json_array_foreach(json_object_get(measures, "items"), i, t)
        {
            if (rc == SG_OK)
                rc = buf_append_str(&b, "<li>");
            if (rc == SG_OK)
                rc = html_text(&b, lang(t, dutch));
            if (rc == SG_OK)
                rc = buf_append_str(&b, " (");
            if (rc == SG_OK)
                rc = html_text(&b, json_string_value(json_object_get(t, "status")));
            if (rc == SG_OK)
                rc = buf_append_str(&b, ")</li>");
        }
        if (rc == SG_OK)
            rc = buf_append_str(&b, "</ul></section>");
    }
    if (rc == SG_OK)
        rc = buf_append_str(&b, "</main></body></html>\n");
    if (rc == SG_OK) {
        *out = buf_detach(&b);
        rc = *out ? SG_OK : SG_ENOMEM;
    }
    buf_free(&b);
    return rc;
}
