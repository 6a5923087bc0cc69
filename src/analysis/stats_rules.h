/*
 * stats_rules.h - the published data that monitoring reads: the report's
 * definition (data/monitor.json: threshold, age bands, forms of
 * exploitation, each figure's definition), the regions (data/regions.json:
 * municipality, safety region, police unit) and the programme's measures
 * (data/measures.json).
 *
 * Each is checked here before it is published as a rule set, and read back
 * as a jansson document that the caller owns.  Pure: no I/O.
 */
#ifndef SG_STATS_RULES_H
#define SG_STATS_RULES_H

#include <jansson.h>
#include <stddef.h>

#include "base/status.h"

/* Checks a rule set of kind "monitor", "regions" or "measures"; on a
 * refusal writes why into why[0..n). */
SG_MUST_CHECK int stats_rules_check(const char *kind, const char *text, size_t len, char *why,
                                    size_t n);

/* The safety region and police unit of a municipality in a regions
 * document (borrowed strings), or "unknown" for both. */
void stats_region_of(json_t *regions, const char *municipality, const char **safety_region,
                     const char **police_unit);
/* Whether the municipality is listed. */
int stats_municipality_known(json_t *regions, const char *municipality);

#endif
