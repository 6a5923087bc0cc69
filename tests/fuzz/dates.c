/*
 * dates.c - fuzzing the date and time parsers of base/clock.c and the
 * working-day calendar built on them (domain/calendar.c).
 *
 * The input is one line tried as a date ("YYYY-MM-DD") and as an instant
 * ("YYYY-MM-DDTHH:MM:SS[.mmm]Z"), then read as a holidays document for
 * the calendar.  What must hold: whatever a parser accepts is a real date
 * or instant and is written back exactly as it was read (so no two texts
 * mean one day); day numbers convert both ways; a calendar accepted from
 * data gives working days in order.
 */
#include "fuzz.h"

#include "base/clock.h"
#include "domain/calendar.h"

static void check_date(const char *text)
{
    date d;
    if (date_parse(text, &d) != SG_OK)
        return;
    FUZZ_CHECK(date_is_valid(d.year, d.month, d.day));
    char back[DATE_LEN];
    date_format(&d, back);
    FUZZ_CHECK(strcmp(back, text) == 0);
    date again;
    date_from_days(date_to_days(&d), &again);
    FUZZ_CHECK(date_compare(&d, &again) == 0 && again.year == d.year && again.month == d.month
               && again.day == d.day);
    FUZZ_CHECK(date_weekday(&d) >= 0 && date_weekday(&d) <= 6);
    date birth = {2000, 2, 29};
    (void)date_age_on(&birth, &d);
}

static void check_instant(const char *text)
{
    int64_t ms;
    if (clock_parse_iso(text, &ms) != SG_OK)
        return;
    char back[CLOCK_ISO_LEN];
    clock_format_iso(ms, back);
    /* Written back with milliseconds: equal to the text, or to the text
     * with ".000" added before the Z. */
    if (strlen(text) == 24) {
        FUZZ_CHECK(strcmp(back, text) == 0);
    } else {
        FUZZ_CHECK(strncmp(back, text, 19) == 0 && strcmp(back + 19, ".000Z") == 0);
    }
    int64_t again;
    FUZZ_CHECK(clock_parse_iso(back, &again) == SG_OK && again == ms);
}

static void check_calendar(const uint8_t *data, size_t size)
{
    json_error_t err;
    json_t *doc = size ? json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &err) : NULL;
    if (!doc)
        return;
    calendar cal;
    char why[200];
    if (calendar_parse(json_is_array(doc) ? doc : json_object_get(doc, "holidays"), &cal, why,
                       sizeof why)
        == SG_OK) {
        FUZZ_CHECK(cal.count >= 0 && cal.count <= CALENDAR_MAX_HOLIDAYS);
        /* What was read is what the document says, not a number cut to fit. */
        json_t *list = json_is_array(doc) ? doc : json_object_get(doc, "holidays");
        for (int i = 0; i < cal.count; i++) {
            json_t *h = json_array_get(list, (size_t)i);
            const holiday_rule *r = &cal.holidays[i];
            json_t *month = json_object_get(h, "month"), *sunday = json_object_get(h, "if_sunday");
            if (month)
                FUZZ_CHECK(json_integer_value(month) == r->month
                           && json_integer_value(json_object_get(h, "day")) == r->day);
            else
                FUZZ_CHECK(json_integer_value(json_object_get(h, "easter_offset"))
                           == r->easter_offset);
            FUZZ_CHECK(!sunday || json_integer_value(sunday) == r->if_sunday);
        }
        date start = {2024 + (int)(size % 8), 1 + (int)(size % 12), 1 + (int)(size % 28)};
        date due;
        calendar_add_working_days(&cal, &start, 1 + (int)(size % 30), &due);
        FUZZ_CHECK(date_compare(&due, &start) > 0 && calendar_is_working_day(&cal, &due));
        FUZZ_CHECK(calendar_working_days_between(&cal, &start, &due) == 1 + (int)(size % 30));
    }
    json_decref(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char line[64];
    const uint8_t *rest;
    size_t left;
    fuzz_line(data, size, line, sizeof line, &rest, &left);
    check_date(line);
    check_instant(line);
    check_calendar(rest, left);
    return 0;
}
