#include "base/clock.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t clock_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t clock_now_s(void)
{
    return clock_now_ms() / 1000;
}

int64_t clock_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool date_is_valid(int year, int month, int day)
{
    if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1)
        return false;
    return day <= date_days_in_month(year, month);
}

int date_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2) {
        bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return leap ? 29 : 28;
    }
    return days[month - 1];
}

/* Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar. */
int64_t date_to_days(const date *d)
{
    int64_t y = d->year - (d->month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d->month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d->day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void date_from_days(int64_t days, date *out)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    out->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    out->month = (int)(mp < 10 ? mp + 3 : mp - 9);
    out->year = (int)(yoe + era * 400 + (out->month <= 2));
}

int date_weekday(const date *d)
{
    int64_t days = date_to_days(d);
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int64_t wd = (days % 7 + 7 + 3) % 7;
    return (int)wd;
}

static int parse_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return SG_EINVAL;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return SG_OK;
}

int date_parse(const char *s, date *out)
{
    date d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return SG_EINVAL;
    if (parse_digits(s, 4, &d.year) != SG_OK || parse_digits(s + 5, 2, &d.month) != SG_OK
        || parse_digits(s + 8, 2, &d.day) != SG_OK)
        return SG_EINVAL;
    if (!date_is_valid(d.year, d.month, d.day))
        return SG_EINVAL;
    *out = d;
    return SG_OK;
}

/* Writes value as exactly width decimal digits (value is in range). */
static char *put_digits(char *p, unsigned value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + value % 10);
        value /= 10;
    }
    return p + width;
}

void date_format(const date *d, char out[DATE_LEN])
{
    char *p = put_digits(out, (unsigned)d->year, 4);
    *p++ = '-';
    p = put_digits(p, (unsigned)d->month, 2);
    *p++ = '-';
    p = put_digits(p, (unsigned)d->day, 2);
    *p = '\0';
}

static int64_t floor_days(int64_t secs)
{
    return secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
}

/* The day number of the last Sunday of month in year. */
static int64_t last_sunday(int year, int month)
{
    date d = {year, month, date_days_in_month(year, month)};
    return date_to_days(&d) - (date_weekday(&d) + 1) % 7;
}

int64_t clock_nl_offset_s(int64_t secs)
{
    date d;
    date_from_days(floor_days(secs), &d);
    int64_t summer_from = last_sunday(d.year, 3) * 86400 + 3600;
    int64_t summer_until = last_sunday(d.year, 10) * 86400 + 3600;
    return secs >= summer_from && secs < summer_until ? 7200 : 3600;
}

void date_on(int64_t secs, date *out)
{
    date_from_days(floor_days(secs + clock_nl_offset_s(secs)), out);
}

void date_today(date *out)
{
    date_on(clock_now_s(), out);
}

void date_today_plus(int days, char out[DATE_LEN])
{
    date d;
    date_today(&d);
    date_from_days(date_to_days(&d) + days, &d);
    date_format(&d, out);
}

int date_compare(const date *a, const date *b)
{
    int64_t da = date_to_days(a), db = date_to_days(b);
    return da < db ? -1 : da > db ? 1 : 0;
}

int date_age_on(const date *birth, const date *on)
{
    int age = on->year - birth->year;
    if (on->month < birth->month || (on->month == birth->month && on->day < birth->day))
        age--;
    return age;
}

void clock_format_iso(int64_t ms, char out[CLOCK_ISO_LEN])
{
    int64_t secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    int millis = (int)(ms - secs * 1000);
    int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    int rem = (int)(secs - days * 86400);
    date d;
    date_from_days(days, &d);
    date_format(&d, out);
    char *p = out + 10;
    *p++ = 'T';
    p = put_digits(p, (unsigned)(rem / 3600), 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)(rem / 60 % 60), 2);
    *p++ = ':';
    p = put_digits(p, (unsigned)(rem % 60), 2);
    *p++ = '.';
    p = put_digits(p, (unsigned)millis, 3);
    *p++ = 'Z';
    *p = '\0';
}

int clock_parse_iso(const char *s, int64_t *ms_out)
{
    size_t n = s ? strlen(s) : 0;
    if (n != 20 && n != 24)
        return SG_EINVAL;
    char day[DATE_LEN];
    memcpy(day, s, 10);
    day[10] = '\0';
    date d;
    int hh, mm, ss, millis = 0;
    if (date_parse(day, &d) != SG_OK || s[10] != 'T' || s[13] != ':' || s[16] != ':'
        || s[n - 1] != 'Z')
        return SG_EINVAL;
    if (parse_digits(s + 11, 2, &hh) != SG_OK || parse_digits(s + 14, 2, &mm) != SG_OK
        || parse_digits(s + 17, 2, &ss) != SG_OK)
        return SG_EINVAL;
    if (n == 24 && (s[19] != '.' || parse_digits(s + 20, 3, &millis) != SG_OK))
        return SG_EINVAL;
    if (hh > 23 || mm > 59 || ss > 59)
        return SG_EINVAL;
    *ms_out = ((date_to_days(&d) * 86400) + hh * 3600 + mm * 60 + ss) * 1000 + millis;
    return SG_OK;
}
