/*
 * consent.h - whose consent counts, by the child's age and who receives,
 * as a rule table in data (data/consent.json, the rule set "consent").
 *
 * Where consent is the legal basis for sharing about a child, the party
 * whose consent counts depends on the child's age and on what the receiver
 * does with it.  Youth care and health care are treatment: under 12 the
 * parents (with parental authority) consent, from 12 to 15 both the young
 * person and a parent, from 16 the young person alone (BW art. 7:450 and
 * 7:465, the WGBO; Jeugdwet art. 7.3.4).  For the school's own care team and
 * every other receiver consent is the general-data-protection kind: under
 * 16 a parent, from 16 the young person (UAVG art. 5).  Each rule lists the
 * receivers it applies to (organisation type codes, "school-care-team" for
 * the school's own care team, "*" for every other) and its age bands, each
 * with its source.  Pure functions, no I/O.
 */
#ifndef SG_CONSENT_H
#define SG_CONSENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

#define CONSENT_RULES_KIND "consent"
#define CONSENT_SCHOOL_CARE_TEAM "school-care-team" /* the receiver of a case's consent */
#define CONSENT_MAX_RULES 16
#define CONSENT_MAX_BANDS 8
#define CONSENT_MAX_RECEIVERS 16
#define CONSENT_AGE_MAX 200

/* Who consents: the codes on the wire ("parent", "pupil",
 * "pupil-and-parent"). */
typedef enum consent_need {
    NEED_PARENT,          /* a parent or guardian with parental authority */
    NEED_PUPIL,           /* the young person */
    NEED_PUPIL_AND_PARENT /* both */
} consent_need;

typedef struct consent_band {
    int from_age, to_age; /* inclusive; to_age CONSENT_AGE_MAX: no end */
    consent_need need;
    const char *source; /* borrowed from the document */
} consent_band;

typedef struct consent_rule {
    const char *id;
    const char *receivers[CONSENT_MAX_RECEIVERS];
    int nreceivers;
    consent_band bands[CONSENT_MAX_BANDS];
    int nbands;
} consent_rule;

typedef struct consent_rules {
    json_t *doc; /* owned */
    int version;
    consent_rule rules[CONSENT_MAX_RULES];
    int count;
} consent_rules;

/* The consent parties, NULL-terminated: parent, pupil, pupil-and-parent. */
extern const char *const consent_parties[];
const char *consent_need_code(consent_need n);
SG_MUST_CHECK int consent_need_parse(const char *code, consent_need *out);

/* Parses and checks a rule table: every rule's bands cover every age from 0
 * without a gap, each with a source; every receiver is an organisation type
 * code, the school's care team or "*", named once; one rule is for "*".  On
 * SG_EINVAL why (size n) says what is wrong. */
SG_MUST_CHECK int consent_rules_parse(const char *text, size_t len, consent_rules *out, char *why,
                                      size_t n);
void consent_rules_free(consent_rules *r);

/* The band that applies to receiver at age (0..), with its rule's id in
 * *rule (may be NULL): the receiver's own rule, else the "*" rule.  NULL for
 * a negative age. */
const consent_band *consent_required(const consent_rules *r, const char *receiver, int age,
                                     const char **rule);

/* Whether the consent given by party covers what the band needs: both
 * cover either, and each covers itself. */
bool consent_covers(consent_need given, consent_need need);

/* Checks the party who gave consent against the rule for receiver at age.
 * SG_OK, or SG_EINVAL with why (size n): whose consent was needed and the
 * source. */
SG_MUST_CHECK int consent_check(const consent_rules *r, const char *receiver, int age,
                                const char *party, char *why, size_t n);

#endif
