#include "domain/calendar.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"

static int refuse(char *why, size_t n, const char *what)
{
    snprintf(why, n, "holidays: %s", what);
    return SG_EINVAL;
}

/* Fills r's years from the reading named by name in readings. */
static int apply_reading(holiday_rule *r, json_t *readings, const char *name, char *why, size_t n)
{
    json_t *reading = json_object_get(readings, name);
    json_t *every = json_object_get(reading, "every_years");
    json_t *from = json_object_get(reading, "from_year");
    if (!json_is_object(reading) || !text_copy(r->reading, sizeof r->reading, name))
        return refuse(why, n, "\"reading\" names one of the holiday's readings");
    if (!json_is_integer(every) || json_integer_value(every) < 1 || json_integer_value(every) > 100)
        return refuse(why, n, "a reading holds the day every_years years (1 to 100)");
    if ((from
         && (!json_is_integer(from) || json_integer_value(from) < 1583
             || json_integer_value(from) > 9999))
        || (!from && json_integer_value(every) != 1))
        return refuse(why, n, "a reading of every few years counts from_year (1583..9999)");
    if (!json_string_value(json_object_get(reading, "nl"))
        || !json_string_value(json_object_get(reading, "en"))
        || !json_string_value(json_object_get(reading, "source")))
        return refuse(why, n, "each reading says what it is in nl and en, and its source");
    r->every_years = (int)json_integer_value(every);
    r->from_year = from ? (int)json_integer_value(from) : 0;
    return SG_OK;
}

int calendar_parse(json_t *holidays, calendar *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    if (!json_is_array(holidays) || json_array_size(holidays) > CALENDAR_MAX_HOLIDAYS)
        return refuse(why, n, "a list of at most 32 holidays is required");
    size_t i;
    json_t *h;
    json_array_foreach(holidays, i, h)
    {
        holiday_rule *r = &out->holidays[i];
        const char *id = json_string_value(json_object_get(h, "id"));
        json_t *month = json_object_get(h, "month"), *day = json_object_get(h, "day");
        json_t *offset = json_object_get(h, "easter_offset");
        json_t *sunday = json_object_get(h, "if_sunday");
        if (!id || !*id || !text_copy(r->id, sizeof r->id, id))
            return refuse(why, n, "each holiday needs a short id");
        if (!json_string_value(json_object_get(h, "nl"))
            || !json_string_value(json_object_get(h, "en")))
            return refuse(why, n, "each holiday needs its name in nl and en");
        /* Ranges are checked on the document's numbers, before they are
         * made ints: 4294967297 is no January. */
        if (json_is_integer(offset) && !month && !day) {
            json_int_t v = json_integer_value(offset);
            if (v < -60 || v > 70)
                return refuse(why, n, "an Easter offset lies within -60..70 days");
            r->easter_offset = (int)v;
        } else if (json_is_integer(month) && json_is_integer(day) && !offset) {
            json_int_t m = json_integer_value(month), d = json_integer_value(day);
            if (m < 1 || m > 12 || d < 1 || d > 31 || !date_is_valid(2024, (int)m, (int)d))
                return refuse(why, n, "a fixed holiday needs a real month and day");
            r->month = (int)m;
            r->day = (int)d;
        } else {
            return refuse(why, n, "a holiday is a month and day, or an easter_offset");
        }
        if (sunday) {
            json_int_t v = json_integer_value(sunday);
            if (!json_is_integer(sunday) || v < -3 || v > 3)
                return refuse(why, n, "if_sunday moves a holiday by at most 3 days");
            r->if_sunday = (int)v;
        }
        r->every_years = 1;
        json_t *readings = json_object_get(h, "readings");
        const char *chosen = json_string_value(json_object_get(h, "reading"));
        if (readings || json_object_get(h, "reading")) {
            if (!json_is_object(readings) || json_object_size(readings) < 2 || !chosen)
                return refuse(why, n,
                              "a holiday with readings lists two or more and names the one"
                              " that holds in \"reading\"");
            const char *name;
            json_t *v;
            json_object_foreach(readings, name, v)
            {
                holiday_rule probe = *r;
                int rc = apply_reading(&probe, readings, name, why, n);
                if (rc != SG_OK)
                    return rc;
            }
            int rc = apply_reading(r, readings, chosen, why, n);
            if (rc != SG_OK)
                return rc;
        }
        out->count++;
    }
    return SG_OK;
}

/* The anonymous Gregorian algorithm (Meeus, Jones, Butcher). */
void calendar_easter(int year, date *out)
{
    int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    out->year = year;
    out->month = (h + l - 7 * m + 114) / 31;
    out->day = (h + l - 7 * m + 114) % 31 + 1;
}

/* The day a holiday rule falls on in year. */
static void holiday_date(const holiday_rule *r, int year, date *out)
{
    if (r->month == 0) {
        date easter;
        calendar_easter(year, &easter);
        date_from_days(date_to_days(&easter) + r->easter_offset, out);
        return;
    }
    date d = {.year = year, .month = r->month, .day = r->day};
    if (!date_is_valid(year, d.month, d.day))
        d.day = date_days_in_month(year, d.month); /* 29 February in a common year */
    if (r->if_sunday && date_weekday(&d) == 6)
        date_from_days(date_to_days(&d) + r->if_sunday, &d);
    *out = d;
}

int calendar_choose_reading(calendar *c, json_t *holidays, const char *id, const char *reading)
{
    char why[120];
    size_t i;
    json_t *h;
    json_array_foreach(holidays, i, h)
    {
        const char *hid = json_string_value(json_object_get(h, "id"));
        if (i >= (size_t)c->count || !hid || strcmp(hid, id) != 0)
            continue;
        holiday_rule r = c->holidays[i];
        if (apply_reading(&r, json_object_get(h, "readings"), reading, why, sizeof why) != SG_OK)
            return SG_EINVAL;
        c->holidays[i] = r;
        return SG_OK;
    }
    return SG_EINVAL;
}

/* Whether the rule holds its day in year, under its reading. */
static bool holds_in(const holiday_rule *r, int year)
{
    if (r->every_years <= 1)
        return true;
    return year >= r->from_year && (year - r->from_year) % r->every_years == 0;
}

const char *calendar_holiday(const calendar *c, const date *d)
{
    for (int i = 0; i < c->count; i++) {
        date h;
        if (!holds_in(&c->holidays[i], d->year))
            continue;
        holiday_date(&c->holidays[i], d->year, &h);
        if (date_compare(&h, d) == 0)
            return c->holidays[i].id;
    }
    return NULL;
}

bool calendar_is_working_day(const calendar *c, const date *d)
{
    return date_weekday(d) < 5 && !calendar_holiday(c, d);
}

void calendar_add_working_days(const calendar *c, const date *start, int n, date *out)
{
    int64_t day = date_to_days(start);
    date d = *start;
    while (n > 0) {
        date_from_days(++day, &d);
        if (calendar_is_working_day(c, &d))
            n--;
    }
    *out = d;
}

int calendar_working_days_between(const calendar *c, const date *start, const date *end)
{
    int count = 0;
    for (int64_t day = date_to_days(start) + 1; day <= date_to_days(end); day++) {
        date d;
        date_from_days(day, &d);
        count += calendar_is_working_day(c, &d);
    }
    return count;
}
