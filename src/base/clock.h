/*
 * clock.h - wall-clock time and calendar dates.
 *
 * Times are UTC.  Instants travel as milliseconds since the Unix epoch and
 * are shown as ISO 8601 ("2026-11-28T14:30:58.123Z"); calendar dates are
 * kept as a day number (days since 1970-01-01) and shown as "YYYY-MM-DD".
 * "Today" is the date in the Netherlands, whatever the machine's time zone:
 * a teacher who records a signal at 00:30 on a Tuesday records it on
 * Tuesday.
 * Parsing is strict: a string either is a real date in that exact form or
 * is refused.  Nothing here allocates.
 */
#ifndef SG_CLOCK_H
#define SG_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/status.h"

#define CLOCK_ISO_LEN 25 /* "YYYY-MM-DDTHH:MM:SS.mmmZ" and its NUL */
#define DATE_LEN 11      /* "YYYY-MM-DD" and its NUL */

typedef struct date {
    int year;  /* 1..9999 */
    int month; /* 1..12 */
    int day;   /* 1..31, valid for the month */
} date;

int64_t clock_now_ms(void);
int64_t clock_now_s(void);
/* Milliseconds from a monotonic clock, for durations. */
int64_t clock_mono_ms(void);

/* Writes the instant ms as ISO 8601 UTC with milliseconds into out. */
void clock_format_iso(int64_t ms, char out[CLOCK_ISO_LEN]);
/* Parses what clock_format_iso writes (also without milliseconds). */
SG_MUST_CHECK int clock_parse_iso(const char *s, int64_t *ms_out);

bool date_is_valid(int year, int month, int day);
int date_days_in_month(int year, int month);
/* Parses exactly "YYYY-MM-DD" naming a real date; SG_EINVAL otherwise. */
SG_MUST_CHECK int date_parse(const char *s, date *out);
void date_format(const date *d, char out[DATE_LEN]);
/* Days since 1970-01-01 (negative before), and back. */
int64_t date_to_days(const date *d);
void date_from_days(int64_t days, date *out);
/* Day of week, 0 = Monday .. 6 = Sunday. */
int date_weekday(const date *d);
/* The offset of Dutch civil time from UTC at the instant secs: one hour
 * (CET), or two (CEST) from 01:00 UTC on the last Sunday of March to 01:00
 * UTC on the last Sunday of October, as EU Directive 2000/84/EC sets for
 * every member state. */
int64_t clock_nl_offset_s(int64_t secs);
/* The Dutch calendar date at the instant secs. */
void date_on(int64_t secs, date *out);
/* Today's date in the Netherlands. */
void date_today(date *out);
/* Today (in the Netherlands) plus days (negative: before), as "YYYY-MM-DD". */
void date_today_plus(int days, char out[DATE_LEN]);
/* Whole years from birth to on (the age on that date). */
int date_age_on(const date *birth, const date *on);
int date_compare(const date *a, const date *b);

#endif
