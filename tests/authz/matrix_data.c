/*
 * matrix_data.c - tests/authz/matrix.tsv: reading it, finding rows and
 * known issues, and writing an observed matrix for review.
 *
 * The file is tab-separated text (README.md beside this file): comment
 * lines starting with '#', one header line starting with "route", one row
 * per route ("METHOD PATH", then one cell per caller and the three session
 * columns), and "known" lines for cells whose right value is not yet what
 * the server answers.  It owns nothing but what it allocates; the caller
 * frees a matrix with mx_matrix_free.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "matrix.h"

#define MATRIX_MAX (4u * 1024u * 1024u)

/* Splits line (changed in place) at tabs into at most max fields. */
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

static char **dup_fields(char **fields, int n)
{
    char **out = sg_calloc((size_t)n + 1, sizeof *out);
    for (int i = 0; out && i < n; i++) {
        out[i] = sg_strdup(fields[i]);
        if (!out[i]) {
            for (int k = 0; k < i; k++)
                sg_free(out[k]);
            sg_free(out);
            return NULL;
        }
    }
    return out;
}

static void free_fields(char **fields, int n)
{
    for (int i = 0; fields && i < n; i++)
        sg_free(fields[i]);
    sg_free(fields);
}

void mx_matrix_free(mx_matrix *m)
{
    if (!m)
        return;
    free_fields(m->header, m->ncols + 1);
    for (int i = 0; i < m->nrows; i++) {
        sg_free(m->rows[i].key);
        free_fields(m->rows[i].cells, m->ncols);
    }
    for (int i = 0; i < m->nknown; i++) {
        mx_known *k = &m->known[i];
        sg_free(k->key);
        sg_free(k->caller);
        sg_free(k->column);
        sg_free(k->observed);
        sg_free(k->why);
    }
    sg_free(m->rows);
    sg_free(m->known);
    sg_free(m->text);
    sg_free(m);
}

static bool parse_line(mx_matrix *m, char *line, int lineno, const char *path, buf *msg)
{
    char *fields[MX_MAX_CALLERS + 8];
    int max = (int)(sizeof fields / sizeof fields[0]);
    if (line[0] == '\0')
        return true;
    if (line[0] == '#') {
        if (m->nrows > 0 || m->header)
            return true; /* only the head comment is kept for --write */
        size_t old = m->text ? strlen(m->text) : 0;
        char *grown = sg_realloc(m->text, old + strlen(line) + 2);
        if (!grown)
            return false;
        m->text = grown;
        snprintf(m->text + old, strlen(line) + 2, "%s\n", line);
        return true;
    }
    int n = split_tabs(line, fields, max);
    if (strcmp(fields[0], "route") == 0) {
        if (m->header) {
            runner_note(msg, "%s:%d: a second header line", path, lineno);
            return false;
        }
        m->ncols = n - 1;
        m->header = dup_fields(fields, n);
        return m->header != NULL;
    }
    if (strcmp(fields[0], "known") == 0) {
        if (n != 6) {
            runner_note(msg,
                        "%s:%d: a known issue has 6 fields: known, route, caller, column,"
                        " observed status, why",
                        path, lineno);
            return false;
        }
        mx_known *grown = sg_realloc(m->known, (size_t)(m->nknown + 1) * sizeof *grown);
        if (!grown)
            return false;
        m->known = grown;
        mx_known *k = &m->known[m->nknown++];
        memset(k, 0, sizeof *k);
        k->key = sg_strdup(fields[1]);
        k->caller = sg_strdup(fields[2]);
        k->column = sg_strdup(fields[3]);
        k->observed = sg_strdup(fields[4]);
        k->why = sg_strdup(fields[5]);
        return k->key && k->caller && k->column && k->observed && k->why;
    }
    if (!m->header) {
        runner_note(msg, "%s:%d: a row before the header line", path, lineno);
        return false;
    }
    if (n != m->ncols + 1) {
        runner_note(msg, "%s:%d: %s has %d cells, the header %d", path, lineno, fields[0], n - 1,
                    m->ncols);
        return false;
    }
    if (mx_matrix_row(m, fields[0])) {
        runner_note(msg, "%s:%d: a second row for %s", path, lineno, fields[0]);
        return false;
    }
    mx_row *grown = sg_realloc(m->rows, (size_t)(m->nrows + 1) * sizeof *grown);
    if (!grown)
        return false;
    m->rows = grown;
    mx_row *row = &m->rows[m->nrows++];
    memset(row, 0, sizeof *row);
    row->key = sg_strdup(fields[0]);
    row->cells = dup_fields(fields + 1, n - 1);
    return row->key && row->cells;
}

mx_matrix *mx_matrix_load(const char *path, buf *msg)
{
    size_t len = 0;
    char *text = runner_read_file(path, MATRIX_MAX, &len);
    mx_matrix *m = sg_calloc(1, sizeof *m);
    int lineno = 0;
    bool ok = text && m;
    if (!text)
        runner_note(msg, "cannot read %s: %s", path, strerror(errno));
    for (char *line = text; ok && line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        lineno++;
        size_t l = strlen(line);
        if (l > 0 && line[l - 1] == '\r')
            line[l - 1] = '\0';
        ok = parse_line(m, line, lineno, path, msg);
        line = nl ? nl + 1 : NULL;
    }
    if (ok && !m->header) {
        runner_note(msg, "%s: no header line", path);
        ok = false;
    }
    sg_free(text);
    if (!ok) {
        if (msg->len == 0)
            runner_note(msg, "out of memory reading %s", path);
        mx_matrix_free(m);
        return NULL;
    }
    return m;
}

mx_row *mx_matrix_row(mx_matrix *m, const char *key)
{
    for (int i = 0; m && i < m->nrows; i++)
        if (strcmp(m->rows[i].key, key) == 0)
            return &m->rows[i];
    return NULL;
}

mx_known *mx_matrix_known(mx_matrix *m, const char *key, const char *caller, const char *column)
{
    for (int i = 0; m && i < m->nknown; i++) {
        mx_known *k = &m->known[i];
        if (strcmp(k->key, key) == 0 && strcmp(k->caller, caller) == 0
            && strcmp(k->column, column) == 0)
            return k;
    }
    return NULL;
}

bool mx_matrix_write(const char *path, const mx_matrix *m, char **header, int ncols, char **keys,
                     char ***cells, int nrows, buf *msg)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        runner_note(msg, "cannot write %s: %s", path, strerror(errno));
        return false;
    }
    if (m && m->text)
        fputs(m->text, f);
    fputs("route", f);
    for (int c = 0; c < ncols; c++)
        fprintf(f, "\t%s", header[c]);
    fputc('\n', f);
    for (int i = 0; i < nrows; i++) {
        fputs(keys[i], f);
        for (int c = 0; c < ncols; c++)
            fprintf(f, "\t%s", cells[i][c]);
        fputc('\n', f);
    }
    if (m && m->nknown > 0) {
        fputs("\n# Known issues: the cell above holds the right status; the server answers the"
              " observed one\n# until the issue is fixed.  Remove the line with the fix.\n",
              f);
        for (int i = 0; i < m->nknown; i++) {
            const mx_known *k = &m->known[i];
            fprintf(f, "known\t%s\t%s\t%s\t%s\t%s\n", k->key, k->caller, k->column, k->observed,
                    k->why);
        }
    }
    bool ok = fclose(f) == 0;
    if (!ok)
        runner_note(msg, "cannot write %s: %s", path, strerror(errno));
    return ok;
}
