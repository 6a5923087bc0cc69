/*
 * clocks.h - statutory and agreed clocks, as rules in data.
 *
 * A clock rule (data/clocks.json, "clocks") names the event that starts a
 * clock (e.g. "referral.sent"), optional conditions on that event (the
 * receiving organisation's type, the referral's purpose, the screening's
 * signs), the events that
 * stop it and those that restart it, how long it runs (working days,
 * calendar days, weeks, the same day, or a date given with the event), and
 * which side is responsible: the sender or the receiver of what started it,
 * and the source of the term (a law, a protocol, or an agreement between the
 * organisations).  A missed clock escalates to the responsible organisation and counts in
 * the reports.  Pure functions, no I/O.
 */
#ifndef SG_CLOCKS_H
#define SG_CLOCKS_H

#include <jansson.h>
#include <stdbool.h>

#include "base/clock.h"
#include "base/status.h"
#include "domain/calendar.h"

#define CLOCK_MAX_RULES 32
#define CLOCK_MAX_EVENTS 8
#define CLOCK_EVENT_LEN 48

typedef enum clock_due_kind {
    DUE_WORKING_DAYS,
    DUE_DAYS,
    DUE_WEEKS,
    DUE_SAME_DAY,
    DUE_FROM_FIELD, /* a date that comes with the starting event */
} clock_due_kind;

typedef struct clock_rule {
    char id[40];
    char starts_on[CLOCK_EVENT_LEN];
    char stops_on[CLOCK_MAX_EVENTS][CLOCK_EVENT_LEN];
    int nstops;
    char restarts_on[CLOCK_MAX_EVENTS][CLOCK_EVENT_LEN];
    int nrestarts;
    char when_to_type[32];     /* only for this receiving organisation type, or "" */
    char when_not_to_type[32]; /* never for this type, or "" */
    char when_purpose[32];     /* only for a referral with this purpose, or "" */
    bool when_signs[3];        /* screening signs: none, possible, strong; all false: any */
    clock_due_kind due;
    int due_n;
    bool receiver_responsible; /* else the sender */
    const char *text_nl;       /* borrowed from the rules' JSON */
    const char *text_en;
    const char *source; /* where the term comes from; borrowed like the texts */
} clock_rule;

typedef struct clock_rules {
    json_t *doc; /* owned */
    int version;
    calendar cal;
    clock_rule rules[CLOCK_MAX_RULES];
    int count;
} clock_rules;

SG_MUST_CHECK int clock_rules_parse(const char *text, size_t len, clock_rules *out, char *why,
                                    size_t n);
void clock_rules_free(clock_rules *r);
const clock_rule *clock_rules_find(const clock_rules *r, const char *id);

/* What happened, for matching rules against it. */
typedef struct clock_event {
    const char *name;    /* "referral.sent" */
    const char *to_type; /* the receiving organisation's type, or NULL */
    const char *purpose; /* a referral's purpose, or NULL */
    const char *signs;   /* "none", "possible", "strong", or NULL */
    const char *due_on;  /* a date given with the event, or NULL */
} clock_event;

bool clock_rule_starts(const clock_rule *r, const clock_event *ev);
bool clock_rule_stops(const clock_rule *r, const char *event);
bool clock_rule_restarts(const clock_rule *r, const char *event);
/* When a clock of rule r started on day start is due.  SG_EINVAL when the
 * rule needs a date from the event and it has none. */
SG_MUST_CHECK int clock_due_date(const clock_rules *rules, const clock_rule *r, const date *start,
                                 const clock_event *ev, date *due);

#endif
