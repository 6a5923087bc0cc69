#include "domain/catalogue.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"

#define MAX_INDICATORS 500

static const struct {
    const char *prefix;
    const char *code;
} categories[] = {
    {"SCH", "school"},        {"MON", "money"},          {"PHN", "phones-online"},
    {"REL", "relationships"}, {"TRV", "travel"},         {"PHY", "physical"},
    {"BEH", "behaviour"},     {"POL", "police-justice"}, {"COE", "coercion"},
    {"REC", "recruitment"},   {"VUL", "vulnerability"},
};

const char *catalogue_category_code(const char *id)
{
    for (size_t i = 0; i < sizeof categories / sizeof categories[0]; i++)
        if (strncmp(id, categories[i].prefix, 3) == 0 && id[3] == '-')
            return categories[i].code;
    return NULL;
}

void catalogue_free(catalogue *c)
{
    if (!c)
        return;
    sg_free(c->items);
    sg_free(c);
}

enum column {
    COL_ID,
    COL_CATEGORY,
    COL_CATEGORY_NL,
    COL_NL,
    COL_EN,
    COL_STRENGTH,
    COL_SOURCES,
    COL_OBSERVATION,
    COL_COUNT
};
static const char *const column_names[COL_COUNT] = {"id",           "category",     "category_nl",
                                                    "indicator_nl", "indicator_en", "strength",
                                                    "sources",      "observation"};

/* Splits line (modified in place) at tabs into at most max fields. */
static int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static bool valid_id(const char *id)
{
    return strlen(id) == 6 && isupper((unsigned char)id[0]) && isupper((unsigned char)id[1])
           && isupper((unsigned char)id[2]) && id[3] == '-' && isdigit((unsigned char)id[4])
           && isdigit((unsigned char)id[5]);
}

/* Fills strength and note from "M" or "M (S bij veel contant geld | S if
 * large cash)": the note in Dutch and English, kept as it is written. */
static bool parse_strength(const char *s, indicator_row *row)
{
    if (s[0] == '\0' || !strchr("SMWC", s[0]))
        return false;
    row->strength[0] = s[0];
    row->strength[1] = '\0';
    const char *rest = s + 1;
    if (*rest == '\0')
        return true;
    size_t len = strlen(rest);
    if (len < 4 || rest[0] != ' ' || rest[1] != '(' || rest[len - 1] != ')')
        return false;
    size_t note_len = len - 3;
    if (note_len >= sizeof row->strength_note)
        return false;
    memcpy(row->strength_note, rest + 2, note_len);
    row->strength_note[note_len] = '\0';
    return true;
}

static int fail(char *why, size_t n, int line, const char *what)
{
    snprintf(why, n, "line %d: %s", line, what);
    return SG_EINVAL;
}

/* The safeguards on one parsed row: its kind of observation, the rule for
 * vulnerability, and no protected attribute in any of its texts. */
static int check_safeguards(const catalogue_safeguards *sg, const indicator_row *row,
                            const char *kind, int lineno, char *why, size_t n)
{
    char what[200];
    if (!safeguards_has_kind(sg, kind)) {
        snprintf(what, sizeof what,
                 "the observation '%.32s' is not a kind of the published safeguards"
                 " (behaviour, possession, ...)",
                 kind);
        return fail(why, n, lineno, what);
    }
    bool vul = strcmp(row->category, "vulnerability") == 0;
    bool vul_kind = strcmp(kind, sg->vulnerability_kind) == 0;
    if (vul && !vul_kind)
        return fail(why, n, lineno,
                    "a vulnerability (VUL-) indicator is of the vulnerability kind");
    if (!vul && vul_kind)
        return fail(why, n, lineno,
                    "only a vulnerability (VUL-) indicator is of the vulnerability kind");
    if (vul && (strcmp(row->strength, "C") != 0 || row->strength_note[0]))
        return fail(why, n, lineno,
                    "a vulnerability (VUL-) indicator is context only: strength C, never S, M or W"
                    " and without a qualifier");
    const char *const texts[] = {row->text_nl, row->text_en, row->category_nl, row->category_en,
                                 row->strength_note};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        const char *term = NULL;
        const char *attribute = safeguards_protected(sg, texts[i], &term);
        if (attribute) {
            snprintf(what, sizeof what,
                     "indicators describe what was observed, not who a child is: '%.40s' names"
                     " the protected attribute %s",
                     term ? term : texts[i], attribute);
            return fail(why, n, lineno, what);
        }
    }
    return SG_OK;
}

static int parse_line(char *line, int lineno, const int *col, const catalogue_safeguards *sg,
                      indicator_row *row, char *why, size_t n)
{
    char *fields[16];
    int count = split_tabs(line, fields, 16);
    const char *v[COL_COUNT] = {0};
    for (int c = 0; c < COL_COUNT; c++) {
        if (col[c] >= count)
            return fail(why, n, lineno, "too few columns");
        v[c] = col[c] >= 0 ? fields[col[c]] : NULL;
    }
    memset(row, 0, sizeof *row);
    if (!valid_id(v[COL_ID]))
        return fail(why, n, lineno, "the id must look like SCH-01");
    const char *code = catalogue_category_code(v[COL_ID]);
    if (!code)
        return fail(why, n, lineno, "the id's prefix names no known category");
    text_copy(row->code, sizeof row->code, v[COL_ID]);
    text_copy(row->category, sizeof row->category, code);
    const char *cat_nl = v[COL_CATEGORY_NL] ? v[COL_CATEGORY_NL] : v[COL_CATEGORY];
    struct {
        const char *src;
        char *dst;
        size_t size;
        const char *name;
    } texts[] = {
        {v[COL_CATEGORY], row->category_en, sizeof row->category_en, "category"},
        {cat_nl, row->category_nl, sizeof row->category_nl, "category_nl"},
        {v[COL_NL], row->text_nl, sizeof row->text_nl, "indicator_nl"},
        {v[COL_EN], row->text_en, sizeof row->text_en, "indicator_en"},
        {v[COL_SOURCES], row->sources, sizeof row->sources, "sources"},
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        if (text_is_blank(texts[i].src) || !text_copy(texts[i].dst, texts[i].size, texts[i].src))
            return fail(why, n, lineno, "a text column is empty or too long");
        if (!text_is_clean_utf8(texts[i].src, strlen(texts[i].src)))
            return fail(why, n, lineno, "a text column is not clean UTF-8");
    }
    if (!parse_strength(v[COL_STRENGTH], row))
        return fail(why, n, lineno, "the strength must be S, M, W or C, optionally with a note");
    if (!text_copy(row->observation, sizeof row->observation, v[COL_OBSERVATION]))
        return fail(why, n, lineno, "the observation is not a kind of the published safeguards");
    return check_safeguards(sg, row, v[COL_OBSERVATION], lineno, why, n);
}

static int parse_header(char *line, int *col, char *why, size_t n)
{
    char *fields[16];
    int count = split_tabs(line, fields, 16);
    for (int c = 0; c < COL_COUNT; c++) {
        col[c] = -1;
        for (int i = 0; i < count; i++)
            if (strcmp(fields[i], column_names[c]) == 0)
                col[c] = i;
        if (col[c] < 0 && c != COL_CATEGORY_NL) {
            snprintf(why, n, "line 1: the header lacks the column '%s'", column_names[c]);
            return SG_EINVAL;
        }
    }
    return SG_OK;
}

int catalogue_parse(const char *text, size_t len, const catalogue_safeguards *sg, catalogue **out,
                    char *why, size_t n)
{
    *out = NULL;
    snprintf(why, n, "%s", "");
    if (!sg || sg->nkinds == 0) {
        snprintf(why, n, "no catalogue safeguards are published: publish them first");
        return SG_EINVAL;
    }
    /* Spreadsheets often start their UTF-8 files with a byte-order mark. */
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (memchr(text, '\0', len)) {
        snprintf(why, n, "the file holds a NUL byte: it is not text");
        return SG_EINVAL;
    }
    char *copy = sg_strndup(text, len);
    catalogue *c = sg_calloc(1, sizeof *c);
    if (c)
        c->items = sg_calloc(MAX_INDICATORS, sizeof *c->items);
    int rc = SG_ENOMEM;
    if (!copy || !c || !c->items)
        goto out;
    int col[COL_COUNT];
    int lineno = 0;
    rc = SG_OK;
    for (char *line = copy; line && rc == SG_OK; lineno++) {
        char *next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        size_t l = strlen(line);
        if (l && line[l - 1] == '\r')
            line[--l] = '\0';
        if (!text_is_clean_utf8(line, l)) {
            rc = fail(why, n, lineno + 1, "the line is not clean UTF-8 text");
            break;
        }
        if (lineno == 0) {
            rc = parse_header(line, col, why, n);
        } else if (l > 0 && line[0] != '#') {
            if (c->count >= MAX_INDICATORS) {
                rc = fail(why, n, lineno + 1, "too many indicators");
                break;
            }
            rc = parse_line(line, lineno + 1, col, sg, &c->items[c->count], why, n);
            for (int i = 0; rc == SG_OK && i < c->count; i++)
                if (strcmp(c->items[i].code, c->items[c->count].code) == 0)
                    rc = fail(why, n, lineno + 1, "the id appears twice");
            if (rc == SG_OK)
                c->count++;
        }
        line = next;
    }
    if (rc == SG_OK && c->count == 0) {
        snprintf(why, n, "the file holds no indicators");
        rc = SG_EINVAL;
    }
out:
    sg_free(copy);
    if (rc == SG_OK)
        *out = c;
    else
        catalogue_free(c);
    return rc;
}
