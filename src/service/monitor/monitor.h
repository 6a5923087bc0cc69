/*
 * monitor.h - monitoring: the yearly progress report and the programme's
 * measures, for the HTTP API and the command line.
 *
 * A report covers one year and one area: the national analysis
 * organisation's analysts see national figures (or any municipality's); a
 * municipality's analysts see their own municipality (the organisation's
 * municipality, set by the national administrator); every other
 * organisation sees its own figures (its care coordinators, analysts,
 * prosecutors and administrators).  Every table is protected by
 * analysis/stats (minimum frequency, secondary suppression across the
 * report, the release log), every release is recorded and audited, and no
 * figure ever carries a name or a record id.  Drill-down to records goes
 * through the ordinary lists of signals, cases, referrals and screenings,
 * with their own need-to-know checks and audit entries.
 */
#ifndef SG_MONITOR_H
#define SG_MONITOR_H

#include <stdbool.h>

#include "service/app.h"

typedef struct monitor_request {
    const char *year;         /* "YYYY" */
    const char *municipality; /* NULL: the reader's own area */
    const char *method;       /* NULL, "suppression" or "cell-key" */
} monitor_request;

/* The protected report as JSON: {"year", "scope", "method", "threshold",
 * "release", "tables": [{"name", "rows", "columns", "cells", ...}],
 * "lead_times", "measures"}.  A suppressed cell is {"suppressed": true}.
 * SG_EINVAL (err names the field) for a bad year, municipality or method;
 * SG_EFORBIDDEN (err says why) for a role that reads no reports or an area
 * the reader may not see: nothing is then recorded as released. */
SG_MUST_CHECK int monitor_report(app *a, const actor *who, const monitor_request *req, json_t **out,
                                 svc_error *err);

/* The report as CSV (one line per cell: table, row, column, value or
 * "suppressed") or as a printable HTML page with SVG charts made here.
 * *out is a new string the caller frees with sg_free. */
SG_MUST_CHECK int monitor_render_csv(const json_t *report, char **out);
SG_MUST_CHECK int monitor_render_html(const json_t *report, bool dutch, char **out);

/* The programme's measures from the published data: {"items": [...],
 * "version", "source"}.  Anyone logged in may read them. */
SG_MUST_CHECK int monitor_measures(app *a, const actor *who, json_t **out);

/* The published regions: {"municipalities": [{"name", "safety_region",
 * "police_unit"}], "safety_regions", "police_units", "version", "source"}:
 * the municipalities an organisation can be, and the report's areas.
 * Anyone logged in may read them. */
SG_MUST_CHECK int monitor_regions(app *a, const actor *who, json_t **out);

#endif
