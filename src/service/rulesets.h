/*
 * rulesets.h - publishing and reading the rule sets kept as data.
 *
 * Each kind of rule set (guidance, clocks, screening, interventions) lives
 * in data/ as JSON and is published into the database as numbered versions
 * that never change, so every piece of advice can name the rules it used.
 * Publishing checks a set with its kind's own parser first.  Anyone logged
 * in may read the published rules: risk logic must be public and checkable.
 */
#ifndef SG_RULESETS_H
#define SG_RULESETS_H

#include "service/app.h"

/* The kinds, NULL-terminated. */
extern const char *const ruleset_kinds[];

/* Checks text[0..len) as a rule set of kind with that kind's parser, as
 * publishing does, without publishing it: SG_EINVAL with the reason in why
 * (size n) when it is not a valid set, SG_ENOTFOUND for an unknown kind. */
SG_MUST_CHECK int ruleset_check(const char *kind, const char *text, size_t len, char *why,
                                size_t n);
SG_MUST_CHECK int ruleset_publish(app *a, const actor *who, const char *kind, const char *text,
                                  size_t len, json_t **out, svc_error *err);
/* The published set of kind (version 0: the newest), with
 * "published_version" added.  SG_ENOTFOUND when none was published. */
SG_MUST_CHECK int ruleset_get(app *a, const actor *who, const char *kind, int64_t version,
                              json_t **out);

#endif
