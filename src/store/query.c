/* Query helpers: format-driven binding over the active driver. */
#include <stdarg.h>
#include <string.h>

#include "base/mem.h"
#include "store/store_int.h"

static const store_driver *drv(store_stmt *st)
{
    return st->tx->s->driver;
}

static int bind_args(store_stmt *st, const char *fmt, va_list ap)
{
    const store_driver *d = drv(st);
    int rc = SG_OK;
    for (int i = 0; fmt[i] && rc == SG_OK; i++) {
        int index = i + 1;
        switch (fmt[i]) {
        case 'i':
            rc = d->bind_int(st, index, va_arg(ap, int64_t));
            break;
        case 'B':
            rc = d->bind_int(st, index, va_arg(ap, int) ? 1 : 0);
            break;
        case 't': {
            const char *v = va_arg(ap, const char *);
            rc = v ? d->bind_text(st, index, v) : d->bind_null(st, index);
            break;
        }
        case 'b': {
            const void *v = va_arg(ap, const void *);
            size_t len = va_arg(ap, size_t);
            rc = v ? d->bind_blob(st, index, v, len) : d->bind_null(st, index);
            break;
        }
        default:
            rc = SG_EINTERNAL;
        }
    }
    return rc;
}

static int vprepare(store_tx *tx, const char *sql, store_stmt **out, bool borrow, const char *fmt,
                    va_list ap)
{
    store_stmt *st = NULL;
    int rc = tx->s->driver->prepare(tx, sql, &st);
    if (rc != SG_OK)
        return rc;
    st->borrow = borrow;
    rc = bind_args(st, fmt, ap);
    if (rc != SG_OK) {
        q_done(st);
        return rc;
    }
    *out = st;
    return SG_OK;
}

int q_prepare(store_tx *tx, const char *sql, store_stmt **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vprepare(tx, sql, out, false, fmt, ap);
    va_end(ap);
    return rc;
}

int q_step(store_stmt *st)
{
    return drv(st)->step(st);
}

void q_done(store_stmt *st)
{
    if (st)
        drv(st)->done(st);
}

int64_t q_int(store_stmt *st, int col)
{
    return drv(st)->col_int(st, col);
}

const char *q_text(store_stmt *st, int col)
{
    return drv(st)->col_text(st, col);
}

const void *q_blob(store_stmt *st, int col, size_t *len)
{
    return drv(st)->col_blob(st, col, len);
}

bool q_null(store_stmt *st, int col)
{
    return drv(st)->col_is_null(st, col);
}

int q_text_into(store_stmt *st, int col, char *dst, size_t n)
{
    const char *v = q_text(st, col);
    size_t len = strlen(v);
    if (len >= n)
        return SG_EDB;
    memcpy(dst, v, len + 1);
    return SG_OK;
}

int q_blob_dup(store_stmt *st, int col, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (q_null(st, col))
        return SG_OK;
    size_t n = 0;
    const void *v = q_blob(st, col, &n);
    unsigned char *copy = sg_malloc(n);
    if (!copy)
        return SG_ENOMEM;
    if (n)
        memcpy(copy, v, n);
    *out = copy;
    *len = n;
    return SG_OK;
}

int q_exec(store_tx *tx, const char *sql, int64_t *changes, const char *fmt, ...)
{
    store_stmt *st = NULL;
    va_list ap;
    va_start(ap, fmt);
    int rc = vprepare(tx, sql, &st, true, fmt, ap);
    va_end(ap);
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1)
        rc = SG_OK; /* a RETURNING row nobody asked for */
    if (rc == SG_OK && changes)
        *changes = drv(st)->changes(st);
    q_done(st);
    return rc;
}

int q_int64(store_tx *tx, const char *sql, int64_t *out, const char *fmt, ...)
{
    store_stmt *st = NULL;
    va_list ap;
    va_start(ap, fmt);
    int rc = vprepare(tx, sql, &st, true, fmt, ap);
    va_end(ap);
    if (rc != SG_OK)
        return rc;
    rc = q_step(st);
    if (rc == 1) {
        *out = q_int(st, 0);
        rc = SG_OK;
    } else if (rc == 0) {
        rc = SG_ENOTFOUND;
    }
    q_done(st);
    return rc;
}

int q_read(store_stmt *st, const q_col *cols, int ncols, void *row)
{
    char *base = row;
    for (int i = 0; i < ncols; i++) {
        void *field = base + cols[i].offset;
        int rc = SG_OK;
        switch (cols[i].type) {
        case QC_I64:
            *(int64_t *)field = q_int(st, i);
            break;
        case QC_I32:
            *(int *)field = (int)q_int(st, i);
            break;
        case QC_BOOL:
            *(bool *)field = q_int(st, i) != 0;
            break;
        case QC_TEXT:
            rc = q_text_into(st, i, field, cols[i].size);
            break;
        case QC_BLOB:
            rc = q_blob_dup(st, i, (unsigned char **)field,
                            (size_t *)(void *)(base + cols[i].len_offset));
            break;
        }
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

int q_read_rows(store_stmt *st, const q_col *cols, int ncols, void *rows, size_t row_size, int max,
                int *n)
{
    char *base = rows;
    int rc;
    *n = 0;
    for (;;) {
        rc = q_step(st);
        if (rc != 1 || *n >= max)
            break;
        void *row = base + (size_t)*n * row_size;
        memset(row, 0, row_size);
        (*n)++;
        rc = q_read(st, cols, ncols, row);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    if (rc < 0) {
        for (int i = 0; i < *n; i++)
            q_clear(cols, ncols, base + (size_t)i * row_size, row_size);
        *n = 0;
        return rc;
    }
    return SG_OK;
}

int q_read_one(store_stmt *st, const q_col *cols, int ncols, void *row, size_t row_size)
{
    int rc = q_step(st);
    if (rc == 1) {
        memset(row, 0, row_size);
        rc = q_read(st, cols, ncols, row);
        if (rc != SG_OK)
            q_clear(cols, ncols, row, row_size);
    } else if (rc == 0) {
        rc = SG_ENOTFOUND;
    }
    q_done(st);
    return rc;
}

void q_clear(const q_col *cols, int ncols, void *row, size_t row_size)
{
    if (!row)
        return;
    char *base = row;
    for (int i = 0; i < ncols; i++)
        if (cols[i].type == QC_BLOB)
            sg_free(*(unsigned char **)(void *)(base + cols[i].offset));
    memset(row, 0, row_size);
}
