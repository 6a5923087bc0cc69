/* Use case: importing relations from a CSV file, all or nothing.
 *
 * The reader below takes RFC 4180 CSV strictly (quoted fields with ""
 * for a quote, CRLF or LF line ends, a UTF-8 byte-order mark ignored) and
 * names the line of every fault.  Debian 12 ships the one C CSV library
 * (libcsv) only as a static archive under the LGPL; reading seven plain
 * columns does not justify that. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/network/network_int.h"

#define COLUMNS 7
#define REJECTED_MAX 1000
#define FIELD_MAX 1024

static const char *const header[COLUMNS] = {"from",       "to",        "type",  "confidence",
                                            "first_seen", "last_seen", "source"};

typedef struct csv_row {
    long line;
    char *field[COLUMNS]; /* owned, or NULL for a malformed row */
    const char *fault;    /* why the line is malformed, or NULL */
} csv_row;

typedef struct csv_file {
    csv_row *rows;
    long n, cap;
    int order[COLUMNS]; /* column index of each header name */
} csv_file;

static void csv_free(csv_file *f)
{
    for (long i = 0; i < f->n; i++)
        for (int k = 0; k < COLUMNS; k++)
            sg_free(f->rows[i].field[k]);
    sg_free(f->rows);
    memset(f, 0, sizeof *f);
}

/* Reads one record starting at *p (not past end) into fields; advances *p
 * past its line end and counts the lines it spans.  Returns the number of
 * fields, or -1 with *fault. */
static int read_record(const char **p, const char *end, char **fields, int max, long *lines,
                       const char **fault)
{
    int nf = 0;
    char buf[FIELD_MAX];
    size_t len = 0;
    bool quoted = false, was_quoted = false;
    const char *s = *p;
    *fault = NULL;
    for (;;) {
        if (s >= end && quoted) {
            *fault = "a quoted field is not closed";
            break;
        }
        char c = s < end ? *s : '\n';
        if (quoted) {
            s++;
            if (c == '"') {
                if (s < end && *s == '"') {
                    c = '"';
                    s++;
                } else {
                    quoted = false;
                    continue;
                }
            }
            if (c == '\n')
                (*lines)++;
            if (len + 1 >= sizeof buf) {
                *fault = "a field is longer than 1024 bytes";
                break;
            }
            buf[len++] = c;
            continue;
        }
        if (c == '"' && len == 0 && !was_quoted) {
            quoted = was_quoted = true;
            s++;
            continue;
        }
        if (c == ',' || c == '\n' || (c == '\r' && (s + 1 >= end || s[1] == '\n'))) {
            if (nf < max) {
                buf[len] = '\0';
                fields[nf] = sg_strdup(buf);
                if (!fields[nf]) {
                    *fault = "out of memory";
                    break;
                }
            }
            nf++;
            len = 0;
            was_quoted = false;
            s += c == '\r' ? 2 : 1;
            if (c != ',')
                break;
            continue;
        }
        if (was_quoted) {
            *fault = "text after a quoted field's closing quote";
            break;
        }
        if (len + 1 >= sizeof buf) {
            *fault = "a field is longer than 1024 bytes";
            break;
        }
        buf[len++] = c;
        s++;
    }
    if (*fault) {
        /* Skip to the end of the physical line. */
        while (s < end && *s != '\n')
            s++;
        if (s < end)
            s++;
        for (int k = 0; k < nf && k < max; k++) {
            sg_free(fields[k]);
            fields[k] = NULL;
        }
        *p = s;
        return -1;
    }
    *p = s;
    return nf;
}

static int csv_parse(const char *text, size_t len, csv_file *f, svc_error *err)
{
    const char *p = text, *end = text + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    if (!text_is_clean_utf8(p, (size_t)(end - p)))
        return svc_invalid(err, "content", "the file is not UTF-8 text");
    long line = 1;
    char *names[COLUMNS + 1] = {NULL};
    const char *fault;
    long lines = 0;
    int nf = read_record(&p, end, names, COLUMNS + 1, &lines, &fault);
    bool ok = nf == COLUMNS;
    for (int k = 0; ok && k < COLUMNS; k++) {
        f->order[k] = -1;
        for (int j = 0; j < COLUMNS; j++)
            if (names[j] && strcmp(names[j], header[k]) == 0)
                f->order[k] = j;
        ok = f->order[k] >= 0;
    }
    for (int k = 0; k < COLUMNS + 1 && nf > 0; k++)
        sg_free(names[k]);
    if (!ok)
        return svc_invalid(err, "content",
                           "the first line names the columns: "
                           "from,to,type,confidence,first_seen,last_seen,source");
    line += 1 + lines;
    while (p < end) {
        if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n')) {
            p += *p == '\r' ? 2 : 1; /* an empty line */
            line++;
            continue;
        }
        if (f->n >= NET_IMPORT_MAX_ROWS)
            return svc_invalid(err, "content", "at most a million rows in one import");
        if (f->n == f->cap) {
            long cap = f->cap ? f->cap * 2 : 256;
            csv_row *rows = sg_realloc(f->rows, (size_t)cap * sizeof *rows);
            if (!rows)
                return SG_ENOMEM;
            f->rows = rows;
            f->cap = cap;
        }
        csv_row *r = &f->rows[f->n++];
        memset(r, 0, sizeof *r);
        r->line = line;
        char *fields[COLUMNS + 1] = {NULL};
        lines = 0;
        nf = read_record(&p, end, fields, COLUMNS + 1, &lines, &fault);
        line += 1 + lines;
        if (nf < 0 && fault && strcmp(fault, "out of memory") == 0)
            return SG_ENOMEM;
        if (nf != COLUMNS) {
            r->fault = nf < 0 ? fault : "a malformed line: it needs exactly 7 fields";
            for (int k = 0; nf > 0 && k < COLUMNS + 1; k++)
                sg_free(fields[k]);
            continue;
        }
        for (int k = 0; k < COLUMNS; k++)
            r->field[k] = fields[f->order[k]];
    }
    return SG_OK;
}

typedef struct import_ctx {
    app *a;
    const actor *who;
    csv_file *file;
    relation_import_progress progress;
    void *pctx;
    char import_id[STORE_ID_LEN];
    json_t *rejected;
    long nrejected;
    long imported;
} import_ctx;

static void reject(import_ctx *ic, long line, const char *field, const char *why)
{
    ic->nrejected++;
    if (json_array_size(ic->rejected) < REJECTED_MAX)
        json_array_append_new(ic->rejected, json_pack("{s:I, s:s?, s:s}", "row", (json_int_t)line,
                                                      "field", field, "reason", why));
}

static int import_job(store_tx *tx, void *arg)
{
    import_ctx *ic = arg;
    csv_file *f = ic->file;
    ic->imported = ic->nrejected = 0;
    json_array_clear(ic->rejected);
    for (long i = 0; i < f->n; i++) {
        csv_row *r = &f->rows[i];
        if (ic->progress && (i % 1000 == 0 || i + 1 == f->n))
            ic->progress(i + 1, f->n, false, ic->pctx);
        if (r->fault) {
            reject(ic, r->line, NULL, r->fault);
            continue;
        }
        relation_input in = {.from = r->field[0],
                             .to = r->field[1],
                             .type = r->field[2],
                             .confidence = r->field[3],
                             .first_seen = r->field[4],
                             .last_seen = r->field[5],
                             .source = r->field[6]};
        net_relation_row row;
        const char *field = NULL, *why = NULL;
        int rc = net_relation_record(tx, ic->a, ic->who, &in, NULL, ic->import_id, 0, &row, &field,
                                     &why);
        if (rc == SG_EINVAL || rc == SG_EFORBIDDEN) {
            reject(ic, r->line, field ? field : "source", why ? why : "not allowed");
            continue;
        }
        if (rc != SG_OK)
            return rc;
        ic->imported++;
    }
    if (ic->nrejected)
        return SG_EINVAL; /* nothing half-imported: the transaction rolls back */
    if (ic->progress)
        ic->progress(f->n, f->n, true, ic->pctx);
    char purpose[96];
    snprintf(purpose, sizeof purpose, "import %ld relations into the network", ic->imported);
    return net_audit(tx, ic->a, ic->who, "relation.import", "relation-import", ic->import_id, 0,
                     purpose);
}

int relation_import(app *a, const actor *who, const char *csv, size_t len,
                    relation_import_progress progress, void *ctx, json_t **out, svc_error *err)
{
    if (out)
        *out = NULL;
    if (!net_is_analyst(who))
        return SG_EFORBIDDEN;
    csv_file f = {0};
    int rc = csv_parse(csv, len, &f, err);
    if (rc == SG_OK && f.n == 0)
        rc = svc_invalid(err, "content", "the file holds no relations");
    if (rc != SG_OK) {
        csv_free(&f);
        return rc;
    }
    import_ctx ic = {.a = a, .who = who, .file = &f, .progress = progress, .pctx = ctx};
    token_uuid(ic.import_id);
    ic.rejected = json_array();
    rc = ic.rejected ? store_write(a->db, import_job, &ic) : SG_ENOMEM;
    long rows = f.n;
    csv_free(&f);
    if (rc == SG_EINVAL) {
        json_t *first = json_array_get(ic.rejected, 0);
        if (err) {
            snprintf(err->text, sizeof err->text, "row %lld: %s",
                     (long long)json_integer_value(json_object_get(first, "row")),
                     json_string_value(json_object_get(first, "reason")));
            err->field = "content";
            err->reason = err->text;
        }
        if (out)
            *out = json_pack("{s:o, s:I, s:I}", "rejected", ic.rejected, "rejected_count",
                             (json_int_t)ic.nrejected, "rows", (json_int_t)rows);
        else
            json_decref(ic.rejected);
        return SG_EINVAL;
    }
    json_decref(ic.rejected);
    if (rc != SG_OK)
        return rc;
    *out = json_pack("{s:s, s:I, s:I}", "import_id", ic.import_id, "imported",
                     (json_int_t)ic.imported, "rows", (json_int_t)rows);
    return *out ? SG_OK : SG_ENOMEM;
}
