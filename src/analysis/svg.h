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
 * with sg_free).  id (letters, digits, '-', '_') makes the chart's own
 * element ids unique in a page with several charts; a label longer than 28
 * characters is cut with an ellipsis in the drawing (whole in the title
 * and description).  SG_EINVAL for no bars, more than 200 or a bad id. */
SG_MUST_CHECK int svg_bar_chart(const char *id, const char *title, const svg_bar *bars, int n,
                                char **out);

#endif
