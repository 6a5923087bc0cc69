/*
 * buf.h - a growable byte buffer with a hard upper bound.
 *
 * A buf is created with the largest size it may ever reach (curl's dynbuf
 * habit), so a request body or a generated document cannot grow without
 * bound by accident: an append past the bound fails with SG_ETOOBIG and
 * leaves the contents as they were.  The data is always NUL-terminated.
 */
#ifndef SG_BUF_H
#define SG_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "base/status.h"

typedef struct buf {
    char *data; /* owned; NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
    size_t max; /* the bound on len */
} buf;

/* Prepares an empty buffer that may hold up to max bytes.  Allocates nothing. */
void buf_init(buf *b, size_t max);
/* Releases the contents; the buffer may be reused after buf_init. */
void buf_free(buf *b);
void buf_reset(buf *b);

SG_MUST_CHECK int buf_append(buf *b, const void *data, size_t len);
SG_MUST_CHECK int buf_append_str(buf *b, const char *s);
SG_MUST_CHECK int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
SG_MUST_CHECK int buf_vprintf(buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Appends the whole file at path: SG_EIO when it cannot be opened or read,
 * SG_ETOOBIG beyond the buffer's maximum. */
SG_MUST_CHECK int buf_read_file(buf *b, const char *path);

/* Hands the contents to the caller, who frees them with sg_free; the buffer
 * is left empty.  Returns "" (newly allocated) for an empty buffer, or NULL
 * when memory runs out. */
char *buf_detach(buf *b);

#endif
