/*
 * prosecution.h - the rules after a screening, as published data: the OM's
 * decisions and their legal grounds, when a diversion (Halt, reprimand) may
 * be recorded, what a CoMensha report may say and when it is offered, and
 * which parts of a screening or decision may go to which kind of
 * organisation (data/prosecution.json, rule set kind "prosecution").
 *
 * The rules here decide nothing about a child: they say what may be
 * recorded and shared, and each carries its source.  Pure functions, no I/O.
 */
#ifndef SG_PROSECUTION_H
#define SG_PROSECUTION_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"
#include "domain/screening.h"

#define PROSECUTION_MAX_DECISIONS 16
#define PROSECUTION_MAX_GROUNDS 8
#define PROSECUTION_MAX_DIVERSIONS 8
#define PROSECUTION_MAX_SHARES 8
#define PROSECUTION_MAX_LIST 16

typedef struct prosecution_decision {
    const char *id; /* borrowed from the document */
    bool final;     /* ends the OM's weighing (not further investigation) */
    bool non_punishment;
    bool diversion; /* the OM decided to settle by a diversion */
    const char *grounds[PROSECUTION_MAX_GROUNDS];
    int ngrounds;
} prosecution_decision;

typedef struct prosecution_diversion {
    const char *id;
    int min_age, max_age;
    const char *offences[PROSECUTION_MAX_LIST]; /* none: any offence */
    int noffences;
} prosecution_diversion;

typedef struct prosecution_share {
    const char *part;
    const char *to[PROSECUTION_MAX_LIST]; /* organisation type codes */
    int nto;
    const char *bases[PROSECUTION_MAX_LIST]; /* none: any legal basis */
    int nbases;
} prosecution_share;

/* What a diversion waits for, by the confirmed signs. */
typedef enum diversion_wait {
    WAIT_SCREENING_COMPLETED,
    WAIT_OM_DECISION,
} diversion_wait;

typedef struct prosecution_rules {
    json_t *doc; /* owned; texts are borrowed from it */
    int version;
    prosecution_decision decisions[PROSECUTION_MAX_DECISIONS];
    int ndecisions;
    prosecution_diversion diversions[PROSECUTION_MAX_DIVERSIONS];
    int ndiversions;
    diversion_wait waits[3]; /* indexed by screening_signs */
    bool comensha_on_signs[3];
    bool comensha_on_possible_victim;
    const char *comensha_what[PROSECUTION_MAX_LIST];
    int ncomensha_what;
    prosecution_share shares[PROSECUTION_MAX_SHARES];
    int nshares;
} prosecution_rules;

/* The parts of a referral these rules judge: a screening, a decision with
 * its reasoning, and only that the OM decided what and when. */
extern const char *const prosecution_parts[];

/* Parses and checks the rules; screening (may be NULL) checks that every
 * offence a diversion names is an offence of the screening protocol.  On
 * SG_EINVAL, why says what is wrong. */
SG_MUST_CHECK int prosecution_rules_parse(const char *text, size_t len,
                                          const screening_rules *screening, prosecution_rules *out,
                                          char *why, size_t n);
void prosecution_rules_free(prosecution_rules *r);

/* The decision kind with this id, or NULL. */
const prosecution_decision *prosecution_decision_find(const prosecution_rules *r, const char *id);
/* True when ground is one of the decision's legal grounds. */
bool prosecution_ground_fits(const prosecution_decision *d, const char *ground);

/* What a diversion needs, as known when it is to be recorded. */
typedef struct diversion_case {
    const char *kind; /* "halt", "reprimand" */
    int age;          /* on the day of the arrest */
    const char *offence;
    bool completed;            /* the screening is complete */
    screening_signs signs;     /* as the officer confirmed them */
    bool om_decided_to_divert; /* a final OM decision of a diversion kind */
    bool om_decided_otherwise; /* a final OM decision of another kind */
} diversion_case;

/* SG_OK when the diversion may be recorded; SG_EINVAL (an unknown kind,
 * or age or offence outside its conditions) or SG_ESTATE (it must wait),
 * with *why in English. */
SG_MUST_CHECK int prosecution_diversion_check(const prosecution_rules *r, const diversion_case *c,
                                              const char **why);

/* Whether a CoMensha report is to be offered: on the confirmed signs, or
 * for a decision that marks a possible victim. */
bool prosecution_comensha_offered(const prosecution_rules *r, screening_signs signs,
                                  bool possible_victim);
/* True when what is one of the kinds of report. */
bool prosecution_comensha_what_known(const prosecution_rules *r, const char *what);

/* Whether part (a share of a screening or decision: "screening",
 * "decision", "decision-fact") may go to an organisation of type to_type
 * on legal basis basis.  SG_OK, or SG_EINVAL with why (n bytes) naming
 * the types or bases allowed.  A part the rules do not name is not theirs
 * to judge: SG_OK. */
SG_MUST_CHECK int prosecution_share_check(const prosecution_rules *r, const char *part,
                                          const char *to_type, const char *basis, char *why,
                                          size_t n);

#endif
