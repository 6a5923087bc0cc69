/* Unit tests for http/lang.c: the choice of language from Accept-Language,
 * the Dutch of the API's English texts (also of texts made from a
 * pattern), problems put in Dutch, and that the table has the Dutch of
 * every English text the source code gives as the reason of a refusal. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "http/lang.h"

/* ---- choosing --------------------------------------------------------- */

static void test_pick(void **state)
{
    (void)state;
    assert_int_equal(http_lang_pick(NULL), LANG_NL);
    assert_int_equal(http_lang_pick(""), LANG_NL);
    assert_int_equal(http_lang_pick("en"), LANG_EN);
    assert_int_equal(http_lang_pick("en-GB,en;q=0.9"), LANG_EN);
    assert_int_equal(http_lang_pick("nl-NL,nl;q=0.9,en;q=0.8"), LANG_NL);
    assert_int_equal(http_lang_pick("de-DE,en;q=0.5"), LANG_EN);
    assert_int_equal(http_lang_pick("de-DE,fr"), LANG_NL);
    assert_int_equal(http_lang_pick("nl;q=0.2, en;q=0.7"), LANG_EN);
    assert_int_equal(http_lang_pick("en;q=0, nl"), LANG_NL);
    assert_int_equal(http_lang_pick("EN-us"), LANG_EN);
    assert_int_equal(http_lang_pick("*"), LANG_NL);
    assert_int_equal(http_lang_pick("english"), LANG_NL);
    assert_int_equal(http_lang_pick("en;q=abc"), LANG_NL);
    assert_string_equal(http_lang_code(LANG_EN), "en");
    assert_string_equal(http_lang_code(LANG_NL), "nl");
}

/* ---- translating ------------------------------------------------------ */

static void test_text(void **state)
{
    (void)state;
    char nl[512];
    assert_true(http_text_nl("Not found", nl, sizeof nl));
    assert_string_equal(nl, "Niet gevonden");
    /* A text made from a pattern, with its part kept. */
    assert_true(http_text_nl("this child has an open case already: 1234abcd", nl, sizeof nl));
    assert_non_null(strstr(nl, "1234abcd"));
    assert_null(strstr(nl, "open case"));
    /* A part that is itself a known text is put in Dutch too. */
    assert_true(http_text_nl("row 3: not a relation type", nl, sizeof nl));
    assert_string_equal(nl, "rij 3: geen soort relatie");
    /* The most specific pattern wins. */
    assert_true(http_text_nl("must be at least 3 characters long", nl, sizeof nl));
    assert_string_equal(nl, "moet minstens 3 tekens lang zijn");
    assert_true(http_text_nl("must be at least 3", nl, sizeof nl));
    assert_string_equal(nl, "moet minstens 3 zijn");
    /* A part may be left out by the Dutch (%1$s names parts by place). */
    assert_true(http_text_nl("The body is not valid JSON (line 1, column 2): end of file expected",
                             nl, sizeof nl));
    assert_string_equal(nl, "De inhoud is geen geldige JSON (regel 1, kolom 2).");
    /* Unknown: false, and the text as it was. */
    assert_false(http_text_nl("no such text anywhere", nl, sizeof nl));
    assert_string_equal(nl, "no such text anywhere");
    /* A small buffer cuts, never overruns. */
    char small[6];
    assert_true(http_text_nl("Not found", small, sizeof small));
    assert_string_equal(small, "Niet ");
}

static void test_problem(void **state)
{
    (void)state;
    json_t *p = json_pack("{s:s, s:i, s:s, s:s, s:[{s:s, s:s}, {s:s, s:s}]}", "type", "about:blank",
                          "status", 400, "title", "Invalid input", "detail",
                          "One or more fields are not valid.", "invalidParams", "name", "birthDate",
                          "reason", "must be a real date as YYYY-MM-DD", "name", "gender", "reason",
                          "a reason nobody wrote down");
    json_t *en = json_deep_copy(p);
    http_problem_translate(en, LANG_EN);
    assert_true(json_equal(en, p));
    http_problem_translate(p, LANG_NL);
    assert_string_equal(json_string_value(json_object_get(p, "type")), "about:blank");
    assert_int_equal(json_integer_value(json_object_get(p, "status")), 400);
    assert_string_equal(json_string_value(json_object_get(p, "title")), "Ongeldige invoer");
    json_t *params = json_object_get(p, "invalidParams");
    assert_string_equal(json_string_value(json_object_get(json_array_get(params, 0), "name")),
                        "birthDate");
    assert_string_equal(json_string_value(json_object_get(json_array_get(params, 0), "reason")),
                        "moet een bestaande datum zijn, als JJJJ-MM-DD");
    /* A reason the table lacks becomes a general Dutch one, never English. */
    assert_string_equal(json_string_value(json_object_get(json_array_get(params, 1), "reason")),
                        "deze waarde is niet geldig");
    json_decref(p);
    json_decref(en);
}

/* Every pattern of the table has as many parts in Dutch as in English
 * (or names them by place), and no entry is there twice. */
static void test_table(void **state)
{
    (void)state;
    int entries = 0;
    for (const http_message *const *t = http_message_tables; *t; t++)
        for (const http_message *m = *t; m->en; m++, entries++) {
            assert_non_null(m->nl);
            assert_true(m->nl[0] != '\0');
            int en_parts = 0, nl_parts = 0, nl_places = 0;
            for (const char *p = m->en; (p = strstr(p, "%s")); p += 2)
                en_parts++;
            for (const char *p = m->nl; (p = strchr(p, '%')); p++) {
                if (p[1] == 's')
                    nl_parts++;
                else if (p[1] >= '1' && p[1] <= '9' && p[2] == '$')
                    nl_places++;
                else
                    fail_msg("a lone %% in the Dutch of \"%s\"", m->en);
            }
            if (nl_places == 0 && en_parts != nl_parts)
                fail_msg("\"%s\" has %d parts, its Dutch %d", m->en, en_parts, nl_parts);
            for (const http_message *const *u = http_message_tables; *u; u++)
                for (const http_message *o = *u; o->en; o++)
                    if (o != m && strcmp(o->en, m->en) == 0)
                        fail_msg("\"%s\" is in the table twice", m->en);
        }
    assert_true(entries > 300);
}

/* ---- the table covers the source -------------------------------------- */

/* The scan reads C source as tokens and collects the texts given where a
 * refusal's words are made: the reason of svc_invalid and item_invalid,
 * the title and detail of res_problem, a reason assigned (err->reason =,
 * .reason =, *why =), a text printed into an error's text, reason or
 * detail, and the field problems of fields.c.  printf conversions in them
 * count as "%s". */

enum tok_kind { TK_STR, TK_ID, TK_PUNCT };

typedef struct tok {
    enum tok_kind kind;
    char text[600];
    int line;
} tok;

typedef struct scan {
    tok *toks;
    size_t n, cap;
    const char *file;
    int missing;
    int checked;
} scan;

static void push(scan *s, enum tok_kind kind, const char *text, size_t len, int line)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4096;
        s->toks = realloc(s->toks, s->cap * sizeof *s->toks);
        assert_non_null(s->toks);
    }
    tok *t = &s->toks[s->n++];
    t->kind = kind;
    t->line = line;
    if (len >= sizeof t->text)
        len = sizeof t->text - 1;
    memcpy(t->text, text, len);
    t->text[len] = '\0';
}

static void tokenise(scan *s, const char *src)
{
    int line = 1;
    const char *p = src;
    while (*p) {
        if (*p == '\n') {
            line++;
            p++;
        } else if (p[0] == '/' && p[1] == '/') {
            while (*p && *p != '\n')
                p++;
        } else if (p[0] == '/' && p[1] == '*') {
            for (p += 2; *p && !(p[0] == '*' && p[1] == '/'); p++)
                if (*p == '\n')
                    line++;
            if (*p)
                p += 2;
        } else if (*p == '"') {
            char text[600];
            size_t len = 0;
            for (p++; *p && *p != '"'; p++) {
                char c = *p;
                if (c == '\\' && p[1]) {
                    p++;
                    c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
                }
                if (len < sizeof text - 1)
                    text[len++] = c;
            }
            if (*p)
                p++;
            push(s, TK_STR, text, len, line);
        } else if (*p == '\'') {
            for (p++; *p && *p != '\''; p++)
                if (*p == '\\' && p[1])
                    p++;
            if (*p)
                p++;
        } else if (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) {
            const char *start = p;
            while (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
                   || (*p >= '0' && *p <= '9'))
                p++;
            push(s, TK_ID, start, (size_t)(p - start), line);
        } else if (*p == ' ' || *p == '\t' || *p == '\r' || (*p >= '0' && *p <= '9')) {
            p++;
        } else {
            push(s, TK_PUNCT, p, 1, line);
            p++;
        }
    }
}

static bool is_punct(const scan *s, size_t i, char c)
{
    return i < s->n && s->toks[i].kind == TK_PUNCT && s->toks[i].text[0] == c;
}

static bool is_id(const scan *s, size_t i, const char *name)
{
    return i < s->n && s->toks[i].kind == TK_ID && strcmp(s->toks[i].text, name) == 0;
}

/* The index after the bracket that closes the one at open. */
static size_t close_of(const scan *s, size_t open)
{
    int depth = 0;
    for (size_t i = open; i < s->n; i++) {
        if (is_punct(s, i, '(') || is_punct(s, i, '[') || is_punct(s, i, '{'))
            depth++;
        else if (is_punct(s, i, ')') || is_punct(s, i, ']') || is_punct(s, i, '}'))
            if (--depth == 0)
                return i + 1;
    }
    return s->n;
}

/* The arguments of the call whose '(' is at open: their token ranges. */
static int call_args(const scan *s, size_t open, size_t *from, size_t *to, int max)
{
    size_t end = close_of(s, open) - 1;
    int n = 0;
    size_t start = open + 1;
    for (size_t i = open + 1; i <= end && n < max; i++) {
        if (i == end || is_punct(s, i, ',')) {
            from[n] = start;
            to[n++] = i;
            start = i + 1;
        } else if (is_punct(s, i, '(') || is_punct(s, i, '[') || is_punct(s, i, '{')) {
            i = close_of(s, i) - 1;
        }
    }
    return n;
}

/* "%d", "%lld", "%zu", "%.80s" ... become "%s". */
static void normalise(const char *in, char *out, size_t n)
{
    size_t used = 0;
    for (const char *p = in; *p && used + 3 < n; p++) {
        if (*p == '%' && p[1] && p[1] != '%') {
            const char *q = p + 1;
            while (*q && strchr("-+ #0123456789.*hlzjt", *q))
                q++;
            if (*q && strchr("diouxXsfgc", *q)) {
                out[used++] = '%';
                out[used++] = 's';
                p = q;
                continue;
            }
        }
        out[used++] = *p;
    }
    out[used] = '\0';
}

/* Texts that the scan finds where a variable named reason or text is set,
 * but that are codes, keys or a placeholder, never the words of a refusal. */
static const char *const not_words[] = {"withdrawn", "rate-limit", "text", "?", NULL};

static void check_text(scan *s, const char *text, int line)
{
    char norm[700], nl[700];
    normalise(text, norm, sizeof norm);
    if (!norm[0] || strcmp(norm, "%s") == 0 || strspn(norm, "%s ,:") == strlen(norm))
        return;
    /* A line of a file written by the program (a problem never ends so). */
    if (norm[strlen(norm) - 1] == '\n')
        return;
    for (int i = 0; not_words[i]; i++)
        if (strcmp(norm, not_words[i]) == 0)
            return;
    s->checked++;
    if (!http_text_nl(norm, nl, sizeof nl)) {
        s->missing++;
        print_message("%s:%d: no Dutch for \"%s\"\n", s->file, line, norm);
    }
}

/* Collects the texts of tokens [from, to): runs of string literals, with a
 * macro call between two of them ("at least " STR(N) " characters") as
 * "%s"; anything else ends a run (the two sides of a ?: are two texts). */
static void collect(scan *s, size_t from, size_t to)
{
    char run[700] = "";
    int line = 0;
    for (size_t i = from; i < to; i++) {
        const tok *t = &s->toks[i];
        if (t->kind == TK_STR) {
            if (!run[0])
                line = t->line;
            strncat(run, t->text, sizeof run - strlen(run) - 1);
        } else if (run[0] && t->kind == TK_ID && is_punct(s, i + 1, '(')) {
            size_t after = close_of(s, i + 1);
            if (after < to && s->toks[after].kind == TK_STR) {
                strncat(run, "%s", sizeof run - strlen(run) - 1);
                i = after - 1;
            } else {
                check_text(s, run, line);
                run[0] = '\0';
            }
        } else if (run[0]) {
            check_text(s, run, line);
            run[0] = '\0';
        }
    }
    if (run[0])
        check_text(s, run, line);
}

/* The end of an expression starting at from: the first ';', or ',' or
 * a closing bracket at its own depth. */
static size_t expression_end(const scan *s, size_t from)
{
    for (size_t i = from; i < s->n; i++) {
        if (is_punct(s, i, ';') || is_punct(s, i, ',') || is_punct(s, i, ')') || is_punct(s, i, '}')
            || is_punct(s, i, ']'))
            return i;
        if (is_punct(s, i, '(') || is_punct(s, i, '[') || is_punct(s, i, '{'))
            i = close_of(s, i) - 1;
    }
    return s->n;
}

static bool arg_names(const scan *s, size_t from, size_t to, const char *const *names)
{
    for (size_t i = from; i < to; i++)
        for (int k = 0; names[k]; k++)
            if (is_id(s, i, names[k]))
                return true;
    return false;
}

/* Calls that make a refusal's words, and the argument holding them (-1:
 * the last). */
static const struct {
    const char *fn;
    int arg;
} reason_args[] = {
    {"svc_invalid", 2},  {"res_problem", 2}, {"res_problem", 3}, {"problem", 2}, {"reject", 3},
    {"item_invalid", 5}, {"forbidden", -1},  {"refuse", -1},     {"lj_fail", 2}, {"fail", -1},
};

/* Names of the variables and members that hold a refusal's words. */
static const char *const holders[] = {"text", "reason", "detail", "why", "fault", "error", NULL};

static void scan_tokens(scan *s)
{
    for (size_t i = 0; i + 1 < s->n; i++) {
        const tok *t = &s->toks[i];
        if (t->kind != TK_ID)
            continue;
        size_t from[8], to[8];
        if (is_punct(s, i + 1, '(')) {
            for (size_t k = 0; k < sizeof reason_args / sizeof reason_args[0]; k++) {
                if (strcmp(t->text, reason_args[k].fn) != 0)
                    continue;
                int n = call_args(s, i + 1, from, to, 8);
                int arg = reason_args[k].arg < 0 ? n - 1 : reason_args[k].arg;
                /* fail(why, n, "format %s", value): the format is the text. */
                if (reason_args[k].arg < 0 && n >= 4 && s->toks[from[2]].kind == TK_STR)
                    arg = 2;
                if (arg >= 0 && arg < n)
                    collect(s, from[arg], to[arg]);
            }
            if (strcmp(t->text, "snprintf") == 0 || strcmp(t->text, "text_copy") == 0) {
                int n = call_args(s, i + 1, from, to, 8);
                if (n >= 3 && arg_names(s, from[0], to[0], holders))
                    collect(s, from[2], to[2]);
            }
        }
        /* why = ..., err->reason = ..., *why = ..., r->fault = ... */
        bool assigned = is_punct(s, i + 1, '=') && !is_punct(s, i + 2, '=');
        for (int k = 0; assigned && holders[k]; k++)
            if (strcmp(t->text, holders[k]) == 0)
                collect(s, i + 2, expression_end(s, i + 2));
    }
}

static void scan_file(scan *s, const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *src = malloc((size_t)size + 1);
    assert_non_null(src);
    assert_int_equal(fread(src, 1, (size_t)size, f), (size_t)size);
    src[size] = '\0';
    fclose(f);
    s->n = 0;
    s->file = path + strlen(SIGNAAL_SOURCE_DIR) + 1;
    tokenise(s, src);
    scan_tokens(s);
    free(src);
}

static void scan_dir(scan *s, const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        size_t len = strlen(e->d_name);
        if (S_ISDIR(st.st_mode))
            scan_dir(s, path);
        else if (len > 2 && strcmp(e->d_name + len - 2, ".c") == 0
                 && strncmp(e->d_name, "messages", 8) != 0)
            scan_file(s, path);
    }
    closedir(d);
}

static void test_source_covered(void **state)
{
    (void)state;
    scan s = {0};
    static const char *const parts[] = {"http", "service", "security", "domain"};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/src/%s", SIGNAAL_SOURCE_DIR, parts[i]);
        scan_dir(&s, dir);
    }
    free(s.toks);
    print_message("%d texts of refusals checked\n", s.checked);
    assert_true(s.checked > 300);
    assert_int_equal(s.missing, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pick),           cmocka_unit_test(test_text),
        cmocka_unit_test(test_problem),        cmocka_unit_test(test_table),
        cmocka_unit_test(test_source_covered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
