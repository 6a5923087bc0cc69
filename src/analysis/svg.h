/*
 * svg.h - charts as SVG text, made on the server for the printable report.
 *
 * A horizontal bar chart: one bar per label, scaled to the largest value;
 * a suppressed value is drawn as a hatched stub marked "x" and never as a
 * zero.  The SVG carries a <title> and <desc> and a role="img" with an
 * aria-label, so a screen reader gets the figures as text.  Labels are
 * escaped.  Pure: builds a string, no I/O.
 */
#ifndef SG_SVG_H
#define SG_SVG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"

typedef struct svg_bar {
    const char *label; /* borrowed */
    int64_t value;
    bool suppressed;
} svg_bar;

/* Writes a new NUL-terminated SVG document into *out (the caller frees it
 * with sg_free).  SG_EINVAL for no bars or more than 200. */
SG_MUST_CHECK int svg_bar_chart(const char *title, const svg_bar *bars, int n, char **out);

#endif
