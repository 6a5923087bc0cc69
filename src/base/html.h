/*
 * html.h - writing HTML (or SVG) text into a buf: text escaped for element
 * content and attribute values, and a page writer whose first error
 * sticks, so that a page is written as one sequence of calls and checked
 * once at the end.
 */
#ifndef SG_HTML_H
#define SG_HTML_H

#include "base/buf.h"

/* Appends s with the five XML specials (< > & " ') escaped. */
SG_MUST_CHECK int html_escape(buf *b, const char *s);

/* A page being written: after the first failed write, rc holds its status
 * and every later write is skipped. */
typedef struct html_out {
    buf b;
    int rc;
} html_out;

void html_put(html_out *h, const char *s);
void html_putf(html_out *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s as text, escaped. */
void html_text(html_out *h, const char *s);

#endif
