#include "base/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"

void buf_init(buf *b, size_t max)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void buf_free(buf *b)
{
    sg_free(b->data);
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void buf_reset(buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static int buf_reserve(buf *b, size_t extra)
{
    if (extra > b->max || b->len > b->max - extra)
        return SG_ETOOBIG;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return SG_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > (SIZE_MAX / 2) ? need : cap * 2;
    if (cap > b->max + 1)
        cap = b->max + 1;
    char *grown = sg_realloc(b->data, cap);
    if (!grown)
        return SG_ENOMEM;
    b->data = grown;
    b->cap = cap;
    return SG_OK;
}

int buf_append(buf *b, const void *data, size_t len)
{
    int rc = buf_reserve(b, len);
    if (rc != SG_OK)
        return rc;
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return SG_OK;
}

int buf_append_str(buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return SG_EINVAL;
    int rc = buf_reserve(b, (size_t)n);
    if (rc != SG_OK)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return SG_OK;
}

int buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

char *buf_detach(buf *b)
{
    char *out = b->data ? b->data : sg_strdup("");
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    return out;
}

int buf_read_file(buf *b, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return SG_EIO;
    char chunk[8192];
    int rc = SG_OK;
    for (size_t n; rc == SG_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0;)
        rc = buf_append(b, chunk, n);
    if (rc == SG_OK && ferror(f))
        rc = SG_EIO;
    fclose(f);
    return rc;
}
