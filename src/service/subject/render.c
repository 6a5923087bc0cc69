/* The copy for subject access as a printable HTML page (subject.h), in
 * Dutch or English.  It reads only the finished copy: the texts, titles and
 * labels come with it from the published rules.  Every record is a list of
 * its fields, so that the page reads on a phone and on paper; the access
 * log is a table.  Everything that came from the database is escaped. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/html.h"
#include "base/mem.h"
#include "domain/roles.h"
#include "service/subject/subject_int.h"

#define OUT_MAX (64 * 1024 * 1024)
#define NEST_MAX 4

/* The page being written: its first error sticks. */
typedef struct page {
    html_out o;
    bool dutch;
    const json_t *labels;
} page;

static const char *lang(const json_t *o, bool dutch)
{
    const char *s = json_string_value(json_object_get(o, dutch ? "nl" : "en"));
    return s ? s : "";
}

static const char *nl_en(const page *p, const char *nl, const char *en)
{
    return p->dutch ? nl : en;
}

static const char *label(const page *p, const char *field)
{
    const char *s = lang(json_object_get(p->labels, field), p->dutch);
    return *s ? s : field;
}

/* Fields stored as 0 or 1 that mean no or yes. */
static bool is_flag(const char *field)
{
    static const char *const flags[] = {"anonymous",      "transfer",
                                        "outside_region", "possible_victim",
                                        "expert_group",   "financial_investigation",
                                        "missed",         NULL};
    for (int i = 0; flags[i]; i++)
        if (strcmp(flags[i], field) == 0)
            return true;
    return false;
}

/* A code shown by its name where signaal knows one: roles, organisation
 * types. */
static const char *code_name(const page *p, const char *field, const char *value)
{
    size_t n = strlen(field);
    role r;
    org_type t;
    if ((strcmp(field, "role") == 0 || (n > 5 && strcmp(field + n - 5, "_role") == 0))
        && role_parse(value, &r) == SG_OK)
        return role_name(r, p->dutch);
    if (strcmp(field, "organisation_type") == 0 && org_type_parse(value, &t) == SG_OK)
        return org_type_name(t, p->dutch);
    return value;
}

static void fields(page *p, const json_t *obj, int depth);

static void value(page *p, const char *field, const json_t *v, int depth)
{
    if (json_is_null(v) || !v) {
        html_put(&p->o, "\xe2\x80\x94"); /* an em dash: nothing recorded */
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        html_text(&p->o, *s ? code_name(p, field, s) : "\xe2\x80\x94");
    } else if (json_is_integer(v) && is_flag(field)) {
        html_put(&p->o, json_integer_value(v) ? nl_en(p, "ja", "yes") : nl_en(p, "nee", "no"));
    } else if (json_is_integer(v)) {
        html_putf(&p->o, "%lld", (long long)json_integer_value(v));
    } else if (json_is_boolean(v)) {
        html_put(&p->o, json_is_true(v) ? nl_en(p, "ja", "yes") : nl_en(p, "nee", "no"));
    } else if (json_is_real(v)) {
        html_putf(&p->o, "%g", json_real_value(v));
    } else if (depth >= NEST_MAX) {
        char *dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        html_text(&p->o, dump);
        free(dump); /* jansson's allocation */
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        html_put(&p->o, "<ul class=\"utrecht-unordered-list\">");
        json_array_foreach(v, i, item)
        {
            html_put(&p->o, "<li class=\"utrecht-unordered-list__item\">");
            value(p, field, item, depth + 1);
            html_put(&p->o, "</li>");
        }
        html_put(&p->o, "</ul>");
    } else {
        fields(p, v, depth + 1);
    }
}

/* Whether key is the other language's half of a pair ("text_en" beside
 * "text_nl" on a Dutch page): the page shows its own language's half. */
static bool other_half(const page *p, const json_t *obj, const char *key)
{
    size_t len = strlen(key);
    char twin[64];
    if (len < 4 || len >= sizeof twin || strcmp(key + len - 3, p->dutch ? "_en" : "_nl") != 0)
        return false;
    memcpy(twin, key, len - 3);
    snprintf(twin + len - 3, sizeof twin - (len - 3), "%s", p->dutch ? "_nl" : "_en");
    return json_object_get(obj, twin) != NULL;
}

static void fields(page *p, const json_t *obj, int depth)
{
    const char *key;
    json_t *v;
    html_put(&p->o, "<dl class=\"subject-fields\">");
    json_object_foreach((json_t *)obj, key, v)
    {
        if (other_half(p, obj, key))
            continue;
        html_put(&p->o, "<dt>");
        html_text(&p->o, label(p, key));
        html_put(&p->o, "</dt><dd>");
        value(p, key, v, depth);
        html_put(&p->o, "</dd>");
    }
    html_put(&p->o, "</dl>");
}

static void access_log(page *p, const json_t *items)
{
    static const char *const cols[] = {"at",          "organisation", "role", "action",
                                       "record_type", "purpose",      "seq",  NULL};
    html_put(&p->o, "<div class=\"report-table-wrap\"><table class=\"utrecht-table\"><thead"
                    " class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    for (int c = 0; cols[c]; c++) {
        html_put(&p->o, "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
        html_text(&p->o, label(p, cols[c]));
        html_put(&p->o, "</th>");
    }
    html_put(&p->o, "</tr></thead><tbody class=\"utrecht-table__body\">");
    size_t i;
    json_t *e;
    json_array_foreach(items, i, e)
    {
        html_put(&p->o, "<tr class=\"utrecht-table__row\">");
        for (int c = 0; cols[c]; c++) {
            html_put(&p->o, "<td class=\"utrecht-table__cell\">");
            value(p, cols[c], json_object_get(e, cols[c]), NEST_MAX);
            html_put(&p->o, "</td>");
        }
        html_put(&p->o, "</tr>");
    }
    html_put(&p->o, "</tbody></table></div>");
}

static void section(page *p, const json_t *s)
{
    const char *kind = json_string_value(json_object_get(s, "kind"));
    json_t *items = json_object_get(s, "items");
    bool log = kind && strcmp(kind, "access_log") == 0;
    html_putf(&p->o, "<section class=\"subject-section\" aria-labelledby=\"s-%s\">",
              kind ? kind : "");
    html_putf(&p->o, "<h2 class=\"utrecht-heading-2\" id=\"s-%s\">", kind ? kind : "");
    html_text(&p->o, lang(s, p->dutch));
    html_putf(&p->o, " (%zu)</h2><p class=\"utrecht-paragraph\">", json_array_size(items));
    html_text(&p->o, lang(json_object_get(s, "purpose"), p->dutch));
    html_putf(&p->o, "</p><p class=\"utrecht-paragraph report-definition\">%s ",
              nl_en(p, "Grondslag en bron:", "Legal basis and source:"));
    html_text(&p->o, json_string_value(json_object_get(s, "source")));
    html_put(&p->o, "</p>");
    if (json_array_size(items) == 0) {
        html_putf(&p->o, "<p class=\"utrecht-paragraph\">%s</p>",
                  nl_en(p, "Hierover is niets vastgelegd.", "Nothing of this kind is recorded."));
    } else if (log) {
        html_putf(&p->o, "<p class=\"utrecht-paragraph\">%s %lld.</p>",
                  nl_en(p, "Aantal keren in totaal:", "Number of times in all:"),
                  (long long)json_integer_value(json_object_get(s, "total")));
        access_log(p, items);
    } else {
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item)
        {
            html_put(&p->o, "<article class=\"subject-record\">");
            fields(p, item, 0);
            html_put(&p->o, "</article>");
        }
    }
    if (json_is_true(json_object_get(s, "truncated")))
        html_putf(&p->o, "<p class=\"utrecht-paragraph\"><strong>%s</strong></p>",
                  nl_en(p,
                        "Er is meer vastgelegd dan dit overzicht toont; vraag de functionaris"
                        " gegevensbescherming om de rest.",
                        "More is recorded than this overview shows; ask the data protection officer"
                        " for the rest."));
    html_put(&p->o, "</section>");
}

static void sourced_list(page *p, const json_t *items)
{
    size_t i;
    json_t *r;
    html_put(&p->o, "<ul class=\"utrecht-unordered-list\">");
    json_array_foreach(items, i, r)
    {
        html_put(&p->o, "<li class=\"utrecht-unordered-list__item\">");
        html_text(&p->o, lang(r, p->dutch));
        html_put(&p->o, " <span class=\"report-definition\">(");
        html_text(&p->o, json_string_value(json_object_get(r, "source")));
        html_put(&p->o, ")</span></li>");
    }
    html_put(&p->o, "</ul>");
}

static void heading(page *p, const json_t *copy)
{
    json_t *info = json_object_get(copy, "information");
    json_t *by = json_object_get(copy, "requested_by");
    json_t *scope = json_object_get(copy, "scope");
    const char *ref = json_string_value(json_object_get(copy, "reference"));
    html_put(&p->o, "<h1 class=\"utrecht-heading-1\">");
    html_text(&p->o, lang(json_object_get(info, "title"), p->dutch));
    html_put(&p->o, "</h1><p class=\"utrecht-paragraph\">");
    html_text(&p->o, lang(json_object_get(info, "intro"), p->dutch));
    html_putf(&p->o, "</p><dl class=\"subject-fields\"><dt>%s</dt><dd>",
              nl_en(p, "Gemaakt op", "Made on"));
    html_text(&p->o, json_string_value(json_object_get(copy, "generated_at")));
    html_putf(&p->o, "</dd><dt>%s</dt><dd>",
              nl_en(p, "Kenmerk van het verzoek", "Request reference"));
    html_text(&p->o, ref ? ref : "\xe2\x80\x94");
    html_putf(&p->o, "</dd><dt>%s</dt><dd>", nl_en(p, "Gemaakt door", "Made by"));
    value(p, "role", json_object_get(by, "role"), 0);
    html_put(&p->o, ", ");
    html_text(&p->o,
              json_string_value(json_object_get(json_object_get(by, "organisation"), "name")));
    html_putf(&p->o, "</dd><dt>%s</dt><dd>", nl_en(p, "Organisaties", "Organisations"));
    if (json_is_true(json_object_get(scope, "all_organisations")))
        html_put(&p->o, nl_en(p, "alle organisaties in signaal", "every organisation in signaal"));
    else
        html_text(&p->o, json_string_value(
                             json_object_get(json_object_get(scope, "organisation"), "name")));
    html_putf(&p->o, "</dd><dt>%s</dt><dd>",
              nl_en(p, "Kenmerken van het kind", "The child's references"));
    value(p, "id", json_object_get(json_object_get(copy, "child"), "ids"), 0);
    html_put(&p->o, "</dd></dl>");
    json_t *note = json_object_get(info, "officer_note");
    html_putf(
        &p->o,
        "<section class=\"subject-note\" aria-labelledby=\"s-officer\"><h2"
        " class=\"utrecht-heading-2\" id=\"s-officer\">%s</h2><p class=\"utrecht-paragraph\">",
        nl_en(p, "Eerst beoordelen", "To be assessed first"));
    html_text(&p->o, lang(note, p->dutch));
    html_put(&p->o, " <span class=\"report-definition\">(");
    html_text(&p->o, json_string_value(json_object_get(note, "source")));
    html_putf(&p->o,
              ")</span></p></section><section aria-labelledby=\"s-rights\"><h2"
              " class=\"utrecht-heading-2\" id=\"s-rights\">%s</h2>",
              nl_en(p, "Uw rechten", "Your rights"));
    sourced_list(p, json_object_get(info, "rights"));
    json_t *staff = json_object_get(info, "staff_identity");
    html_put(&p->o, "<p class=\"utrecht-paragraph\">");
    html_text(&p->o, lang(staff, p->dutch));
    html_put(&p->o, " <span class=\"report-definition\">(");
    html_text(&p->o, json_string_value(json_object_get(staff, "source")));
    html_put(&p->o, ")</span></p></section>");
}

int subject_render_html(const json_t *copy, bool dutch, char **out)
{
    page p = {.o.rc = SG_OK, .dutch = dutch, .labels = json_object_get(copy, "labels")};
    buf_init(&p.o.b, OUT_MAX);
    json_t *info = json_object_get(copy, "information");
    html_putf(
        &p.o,
        "<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
        " content=\"width=device-width, initial-scale=1\"><title>",
        dutch ? "nl" : "en");
    html_text(&p.o, lang(json_object_get(info, "title"), dutch));
    html_put(&p.o, "</title><link rel=\"stylesheet\" href=\"/vendor/voorbeeld/theme.css\">"
                   "<link rel=\"stylesheet\" href=\"/vendor/utrecht/component-library.css\">"
                   "<link rel=\"stylesheet\" href=\"/css/report.css\">"
                   "<link rel=\"stylesheet\" href=\"/css/subject.css\"></head>"
                   "<body class=\"voorbeeld-theme utrecht-document\"><main class=\"report\">");
    heading(&p, copy);
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(copy, "sections"), i, s) section(&p, s);
    html_putf(&p.o,
              "<section aria-labelledby=\"s-not-held\"><h2 class=\"utrecht-heading-2\""
              " id=\"s-not-held\">%s</h2>",
              dutch ? "Niet in dit overzicht" : "Not in this overview");
    sourced_list(&p, json_object_get(info, "not_held"));
    html_put(&p.o, "</section></main></body></html>\n");
    if (p.o.rc == SG_OK) {
        *out = buf_detach(&p.o.b);
        p.o.rc = *out ? SG_OK : SG_ENOMEM;
    }
    buf_free(&p.o.b);
    return p.o.rc;
}
