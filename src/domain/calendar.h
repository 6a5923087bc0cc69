/*
 * calendar.h - working days in the Netherlands.
 *
 * A working day is neither a Saturday, a Sunday nor a public holiday.  The
 * holidays are rules in data (data/clocks.json, "holidays"): a fixed day of
 * a month, optionally moved when it falls on a Sunday (King's Day: the 26th
 * when the 27th is a Sunday), or an offset from Easter Sunday (computed for
 * any year, Gregorian).  A holiday may have several readings of which the
 * rules choose one ("reading"): Bevrijdingsdag (5 May) is a holiday every
 * year under the Algemene termijnenwet, but many collective agreements give
 * the day off only in lustrum years (1945 + 5n).  A reading holds the day
 * every_years years counted from from_year.  Pure functions, no I/O.
 */
#ifndef SG_CALENDAR_H
#define SG_CALENDAR_H

#include <jansson.h>
#include <stdbool.h>

#include "base/clock.h"
#include "base/status.h"

#define CALENDAR_MAX_HOLIDAYS 32

typedef struct holiday_rule {
    char id[40];
    int month; /* 1..12, or 0 for an Easter offset */
    int day;
    int if_sunday;     /* days to move a fixed holiday that falls on a Sunday */
    int easter_offset; /* days after Easter Sunday */
    char reading[32];  /* the reading chosen, or "" when the holiday has one */
    int every_years;   /* 1: every year; 5: in from_year and every fifth year after */
    int from_year;
} holiday_rule;

typedef struct calendar {
    holiday_rule holidays[CALENDAR_MAX_HOLIDAYS];
    int count;
} calendar;

/* Reads the "holidays" array of a rules document.  SG_EINVAL with why. */
SG_MUST_CHECK int calendar_parse(json_t *holidays, calendar *out, char *why, size_t n);
/* Chooses another of a holiday's readings (for comparing the readings of
 * one document side by side).  SG_EINVAL when the holiday or the reading
 * is not in the document the calendar was parsed from. */
SG_MUST_CHECK int calendar_choose_reading(calendar *c, json_t *holidays, const char *id,
                                          const char *reading);
/* Easter Sunday of year (1583..9999). */
void calendar_easter(int year, date *out);
/* The id of the holiday on d, or NULL. */
const char *calendar_holiday(const calendar *c, const date *d);
bool calendar_is_working_day(const calendar *c, const date *d);
/* The n-th working day after start (n >= 1); start itself never counts. */
void calendar_add_working_days(const calendar *c, const date *start, int n, date *out);
/* Working days after start up to and including end (0 when end <= start). */
int calendar_working_days_between(const calendar *c, const date *start, const date *end);

#endif
