/*
 * netalerts.h - the network's alert rules (data/network-alerts.json, rule
 * set kind "network-alerts"): checking a rule set before it is published.
 *
 * Pure, no I/O.  A rule names its kind (new-component-minors,
 * recruits-in-window, minor-victim-recruiter), a threshold "min", an
 * optional "window_days", its title and why in Dutch and English and its
 * source.  service/network applies the rules; a rule only ever raises a
 * task for an analyst.
 */
#ifndef SG_NETALERTS_H
#define SG_NETALERTS_H

#include <stddef.h>

#include "base/status.h"

/* SG_OK for a well-formed rule set; SG_EINVAL with why (n bytes). */
SG_MUST_CHECK int net_alert_rules_check(const char *text, size_t len, char *why, size_t n);

#endif
