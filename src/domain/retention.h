/*
 * retention.h - how long each kind of record is kept, as rules in data
 * (data/retention.json, the rule set "retention"), and what holds a record
 * past its time.
 *
 * Every kind of record signaal holds has a rule: the event its period runs
 * from ("closed" for a case, "observed" for a signal, ...), the period, and
 * the period's source (a law, or the organisations' own choice, said so;
 * a citation, or {"nl", "en"} of which the rules keep the English).
 * A kind may keep longer when another kind of organisation holds it (a case
 * taken over by youth care keeps the Jeugdwet's fifteen years).  A record
 * whose period has passed is still kept under a legal hold: a running clock
 * on it, an open case about the child at the organisation that holds it, a
 * screening awaiting the OM's decision, or a record it is part of that is
 * itself kept.  The kinds, in the order a run takes them (a record goes
 * before what it depends on): concern, concern-flag, referral, case, signal,
 * enrolment, decision, screening, person.  Pure functions, no I/O.
 */
#ifndef SG_RETENTION_RULES_H
#define SG_RETENTION_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/clock.h"
#include "base/status.h"

#define RETENTION_RULES_KIND "retention"
#define RETENTION_MAX_HOLDERS 8

typedef enum retention_type {
    RT_CONCERN,
    RT_CONCERN_FLAG,
    RT_REFERRAL,
    RT_CASE,
    RT_SIGNAL,
    RT_ENROLMENT,
    RT_DECISION,
    RT_SCREENING,
    RT_RELATION, /* of the network; before persons, whose nodes it may free */
    RT_PERSON,
    RT_COUNT
} retention_type;

typedef struct retention_period {
    int years, months, days;
} retention_period;

typedef struct retention_holder {
    char type[32]; /* an organisation type code */
    retention_period keep;
    const char *source;
} retention_holder;

typedef struct retention_rule {
    retention_period keep;
    const char *source, *nl, *en; /* borrowed from the document */
    retention_holder holders[RETENTION_MAX_HOLDERS];
    int nholders;
    bool absent; /* a version published before the kind existed: kept, never deleted */
} retention_rule;

typedef struct retention_rules {
    json_t *doc; /* owned */
    int version;
    retention_rule rules[RT_COUNT];
} retention_rules;

/* The code of a kind ("case") and the event its period runs from ("closed"). */
const char *retention_type_code(retention_type t);
const char *retention_type_after(retention_type t);

/* Parses and checks a rules document: every kind exactly once, with the
 * event its period runs from, a period and a source; periods by holder name
 * organisation types.  On SG_EINVAL why (size n) says what is wrong. */
/* The same for the version in force, which may have been published before a
 * kind of record existed: such a kind is marked absent instead of refused. */
SG_MUST_CHECK int retention_rules_parse_published(const char *text, size_t len,
                                                  retention_rules *out, char *why, size_t n);
SG_MUST_CHECK int retention_rules_parse(const char *text, size_t len, retention_rules *out,
                                        char *why, size_t n);
void retention_rules_free(retention_rules *r);

/* The period of kind t for a record held by an organisation of holder_type
 * (NULL or "" for the kind's own), and the period's source in *source. */
const retention_period *retention_keep(const retention_rules *r, retention_type t,
                                       const char *holder_type, const char **source);
/* today less the period: a record whose period ran from a date on or before
 * it is due.  29 February less a year is 28 February. */
void retention_cutoff(const retention_period *p, const date *today, date *out);
/* The latest cutoff of kind t over every holder (the shortest period gives
 * it): a record started after it is due under no holder's period today, so
 * a run need only read those started on or before it, and then decide each
 * by its own holder's period. */
void retention_cutoff_any(const retention_rules *r, retention_type t, const date *today, date *out);
/* Whether a record of kind t held by holder_type whose period runs from
 * start (YYYY-MM-DD, or an ISO time) is due on today.  False for a start
 * that is no date. */
bool retention_is_due(const retention_rules *r, retention_type t, const char *holder_type,
                      const char *start, const date *today);

/* What holds a record past its time, first to last in weight. */
typedef enum retention_hold {
    HOLD_NONE,
    HOLD_RUNNING_CLOCK,       /* a clock runs on the record, or on the child there */
    HOLD_OPEN_CASE,           /* an open case about the child at the holder */
    HOLD_AWAITING_DECISION,   /* a screening without the OM's decision */
    HOLD_PART_OF_KEPT_RECORD, /* a signal of a kept case or referral, a screening whose
                                 decision is kept */
    HOLD_COUNT
} retention_hold;

typedef struct retention_facts {
    bool running_clock;
    bool open_case;
    bool awaiting_decision;
    bool part_of_kept_record;
} retention_facts;

retention_hold retention_hold_of(const retention_facts *f);
const char *retention_hold_code(retention_hold h);
const char *retention_hold_name(retention_hold h, bool dutch);

#endif
