/*
 * catalogue.h - publishing and reading the versioned indicator catalogue.
 *
 * An administrator publishes a catalogue file as a new version; versions
 * are never changed or removed, so each signal can always be read with the
 * catalogue it was recorded with.  Anyone logged in may read the catalogue.
 */
#ifndef SG_SVC_CATALOGUE_H
#define SG_SVC_CATALOGUE_H

#include "service/app.h"

/* Publishes text[0..len) as the next version, checked against the newest
 * published catalogue safeguards (SG_ESTATE when there are none).
 * {"version", "indicator_count", ...}. */
SG_MUST_CHECK int catalogue_publish(app *a, const actor *who, const char *text, size_t len,
                                    const char *note, json_t **out, svc_error *err);
/* {"items": [{"version", "published_at", "indicator_count", "note"}]}, newest first. */
SG_MUST_CHECK int catalogue_versions(app *a, const actor *who, json_t **out);
/* The indicators of a version (0: the newest), with the version itself. */
SG_MUST_CHECK int catalogue_indicators(app *a, const actor *who, int64_t version, json_t **out);
/* The JSON of one indicator row. */
json_t *catalogue_indicator_json(const indicator_row *row);

#endif
