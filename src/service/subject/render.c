/* The copy for subject access as a printable HTML page (subject.h), in
 * Dutch or English.  It reads only the finished copy: the texts, titles and
 * labels come with it from the published rules.  Every record is a list of
 * its fields, so that the page reads on a phone and on paper; the access
 * log is a table.  Everything that came from the database is escaped. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "domain/roles.h"
#include "service/subject/subject_int.h"

#define OUT_MAX (64 * 1024 * 1024)
#define NEST_MAX 4

/* The page being written: its first error sticks. */
typedef struct page {
    buf b;
    int rc;
    bool dutch;
    const json_t *labels;
} page;

static void put(page *p, const char *s)
{
    if (p->rc == SG_OK)
        p->rc = buf_append_str(&p->b, s);
}

static void putf(page *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(page *p, const char *fmt, ...)
{
    if (p->rc != SG_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    p->rc = buf_vprintf(&p->b, fmt, ap);
    va_end(ap);
}

static void text(page *p, const char *s)
{
    for (; p->rc == SG_OK && s && *s; s++) {
        if (*s == '<')
            put(p, "&lt;");
        else if (*s == '>')
            put(p, "&gt;");
        else if (*s == '&')
            put(p, "&amp;");
        else if (*s == '"')
            put(p, "&quot;");
        else
            p->rc = buf_append(&p->b, s, 1);
    }
}

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
        put(p, "\xe2\x80\x94"); /* an em dash: nothing recorded */
    } else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        text(p, *s ? code_name(p, field, s) : "\xe2\x80\x94");
    } else if (json_is_integer(v) && is_flag(field)) {
        put(p, json_integer_value(v) ? nl_en(p, "ja", "yes") : nl_en(p, "nee", "no"));
    } else if (json_is_integer(v)) {
        putf(p, "%lld", (long long)json_integer_value(v));
    } else if (json_is_boolean(v)) {
        put(p, json_is_true(v) ? nl_en(p, "ja", "yes") : nl_en(p, "nee", "no"));
    } else if (json_is_real(v)) {
        putf(p, "%g", json_real_value(v));
    } else if (depth >= NEST_MAX) {
        char *dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        text(p, dump);
        free(dump); /* jansson's allocation */
    } else if (json_is_array(v)) {
        size_t i;
        json_t *item;
        put(p, "<ul class=\"utrecht-unordered-list\">");
        json_array_foreach(v, i, item)
        {
            put(p, "<li class=\"utrecht-unordered-list__item\">");
            value(p, field, item, depth + 1);
            put(p, "</li>");
        }
        put(p, "</ul>");
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
    put(p, "<dl class=\"subject-fields\">");
    json_object_foreach((json_t *)obj, key, v)
    {
        if (other_half(p, obj, key))
            continue;
        put(p, "<dt>");
        text(p, label(p, key));
        put(p, "</dt><dd>");
        value(p, key, v, depth);
        put(p, "</dd>");
    }
    put(p, "</dl>");
}

static void access_log(page *p, const json_t *items)
{
    static const char *const cols[] = {"at",          "organisation", "role", "action",
                                       "record_type", "purpose",      "seq",  NULL};
    put(p, "<div class=\"report-table-wrap\"><table class=\"utrecht-table\"><thead"
           " class=\"utrecht-table__header\"><tr class=\"utrecht-table__row\">");
    for (int c = 0; cols[c]; c++) {
        put(p, "<th scope=\"col\" class=\"utrecht-table__header-cell\">");
        text(p, label(p, cols[c]));
        put(p, "</th>");
    }
    put(p, "</tr></thead><tbody class=\"utrecht-table__body\">");
    size_t i;
    json_t *e;
    json_array_foreach(items, i, e)
    {
        put(p, "<tr class=\"utrecht-table__row\">");
        for (int c = 0; cols[c]; c++) {
            put(p, "<td class=\"utrecht-table__cell\">");
            value(p, cols[c], json_object_get(e, cols[c]), NEST_MAX);
            put(p, "</td>");
        }
        put(p, "</tr>");
    }
    put(p, "</tbody></table></div>");
}

static void section(page *p, const json_t *s)
{
    const char *kind = json_string_value(json_object_get(s, "kind"));
    json_t *items = json_object_get(s, "items");
    bool log = kind && strcmp(kind, "access_log") == 0;
    putf(p, "<section class=\"subject-section\" aria-labelledby=\"s-%s\">", kind ? kind : "");
    putf(p, "<h2 class=\"utrecht-heading-2\" id=\"s-%s\">", kind ? kind : "");
    text(p, lang(s, p->dutch));
    putf(p, " (%zu)</h2><p class=\"utrecht-paragraph\">", json_array_size(items));
    text(p, lang(json_object_get(s, "purpose"), p->dutch));
    putf(p, "</p><p class=\"utrecht-paragraph report-definition\">%s ",
         nl_en(p, "Grondslag en bron:", "Legal basis and source:"));
    text(p, json_string_value(json_object_get(s, "source")));
    put(p, "</p>");
    if (json_array_size(items) == 0) {
        putf(p, "<p class=\"utrecht-paragraph\">%s</p>",
             nl_en(p, "Hierover is niets vastgelegd.", "Nothing of this kind is recorded."));
    } else if (log) {
        putf(p, "<p class=\"utrecht-paragraph\">%s %lld.</p>",
             nl_en(p, "Aantal keren in totaal:", "Number of times in all:"),
             (long long)json_integer_value(json_object_get(s, "total")));
        access_log(p, items);
    } else {
        size_t i;
        json_t *item;
        json_array_foreach(items, i, item)
        {
            put(p, "<article class=\"subject-record\">");
            fields(p, item, 0);
            put(p, "</article>");
        }
    }
    if (json_is_true(json_object_get(s, "truncated")))
        putf(p, "<p class=\"utrecht-paragraph\"><strong>%s</strong></p>",
             nl_en(p,
                   "Er is meer vastgelegd dan dit overzicht toont; vraag de functionaris"
                   " gegevensbescherming om de rest.",
                   "More is recorded than this overview shows; ask the data protection officer"
                   " for the rest."));
    put(p, "</section>");
}

static void sourced_list(page *p, const json_t *items)
{
    size_t i;
    json_t *r;
    put(p, "<ul class=\"utrecht-unordered-list\">");
    json_array_foreach(items, i, r)
    {
        put(p, "<li class=\"utrecht-unordered-list__item\">");
        text(p, lang(r, p->dutch));
        put(p, " <span class=\"report-definition\">(");
        text(p, json_string_value(json_object_get(r, "source")));
        put(p, ")</span></li>");
    }
    put(p, "</ul>");
}

static void heading(page *p, const json_t *copy)
{
    json_t *info = json_object_get(copy, "information");
    json_t *by = json_object_get(copy, "requested_by");
    json_t *scope = json_object_get(copy, "scope");
    const char *ref = json_string_value(json_object_get(copy, "reference"));
    put(p, "<h1 class=\"utrecht-heading-1\">");
    text(p, lang(json_object_get(info, "title"), p->dutch));
    put(p, "</h1><p class=\"utrecht-paragraph\">");
    text(p, lang(json_object_get(info, "intro"), p->dutch));
    putf(p, "</p><dl class=\"subject-fields\"><dt>%s</dt><dd>", nl_en(p, "Gemaakt op", "Made on"));
    text(p, json_string_value(json_object_get(copy, "generated_at")));
    putf(p, "</dd><dt>%s</dt><dd>", nl_en(p, "Kenmerk van het verzoek", "Request reference"));
    text(p, ref ? ref : "\xe2\x80\x94");
    putf(p, "</dd><dt>%s</dt><dd>", nl_en(p, "Gemaakt door", "Made by"));
    value(p, "role", json_object_get(by, "role"), 0);
    put(p, ", ");
    text(p, json_string_value(json_object_get(json_object_get(by, "organisation"), "name")));
    putf(p, "</dd><dt>%s</dt><dd>", nl_en(p, "Organisaties", "Organisations"));
    if (json_is_true(json_object_get(scope, "all_organisations")))
        put(p, nl_en(p, "alle organisaties in signaal", "every organisation in signaal"));
    else
        text(p, json_string_value(json_object_get(json_object_get(scope, "organisation"), "name")));
    putf(p, "</dd><dt>%s</dt><dd>", nl_en(p, "Kenmerken van het kind", "The child's references"));
    value(p, "id", json_object_get(json_object_get(copy, "child"), "ids"), 0);
    put(p, "</dd></dl>");
    json_t *note = json_object_get(info, "officer_note");
    putf(p,
         "<section class=\"subject-note\" aria-labelledby=\"s-officer\"><h2"
         " class=\"utrecht-heading-2\" id=\"s-officer\">%s</h2><p class=\"utrecht-paragraph\">",
         nl_en(p, "Eerst beoordelen", "To be assessed first"));
    text(p, lang(note, p->dutch));
    put(p, " <span class=\"report-definition\">(");
    text(p, json_string_value(json_object_get(note, "source")));
    putf(p,
         ")</span></p></section><section aria-labelledby=\"s-rights\"><h2"
         " class=\"utrecht-heading-2\" id=\"s-rights\">%s</h2>",
         nl_en(p, "Uw rechten", "Your rights"));
    sourced_list(p, json_object_get(info, "rights"));
    json_t *staff = json_object_get(info, "staff_identity");
    put(p, "<p class=\"utrecht-paragraph\">");
    text(p, lang(staff, p->dutch));
    put(p, " <span class=\"report-definition\">(");
    text(p, json_string_value(json_object_get(staff, "source")));
    put(p, ")</span></p></section>");
}

int subject_render_html(const json_t *copy, bool dutch, char **out)
{
    page p = {.rc = SG_OK, .dutch = dutch, .labels = json_object_get(copy, "labels")};
    buf_init(&p.b, OUT_MAX);
    json_t *info = json_object_get(copy, "information");
    putf(&p,
         "<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\"><meta name=\"viewport\""
         " content=\"width=device-width, initial-scale=1\"><title>",
         dutch ? "nl" : "en");
    text(&p, lang(json_object_get(info, "title"), dutch));
    put(&p, "</title><link rel=\"stylesheet\" href=\"/vendor/voorbeeld/theme.css\">"
            "<link rel=\"stylesheet\" href=\"/vendor/utrecht/component-library.css\">"
            "<link rel=\"stylesheet\" href=\"/css/report.css\">"
            "<link rel=\"stylesheet\" href=\"/css/subject.css\"></head>"
            "<body class=\"voorbeeld-theme utrecht-document\"><main class=\"report\">");
    heading(&p, copy);
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(copy, "sections"), i, s) section(&p, s);
    putf(&p,
         "<section aria-labelledby=\"s-not-held\"><h2 class=\"utrecht-heading-2\""
         " id=\"s-not-held\">%s</h2>",
         dutch ? "Niet in dit overzicht" : "Not in this overview");
    sourced_list(&p, json_object_get(info, "not_held"));
    put(&p, "</section></main></body></html>\n");
    if (p.rc == SG_OK) {
        *out = buf_detach(&p.b);
        p.rc = *out ? SG_OK : SG_ENOMEM;
    }
    buf_free(&p.b);
    return p.rc;
}
