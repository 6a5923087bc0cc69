/* Unit tests for domain/calendar: the holidays of data/clocks.json, Easter
 * Sunday for many years (against known dates and an independent algorithm),
 * every Dutch public holiday of 2024 to 2027, working days that skip
 * weekends and holidays, and the refusal of malformed holiday rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/calendar.h"

#define RULES_PATH SIGNAAL_SOURCE_DIR "/data/clocks.json"

/* The published rules document, read once; cal holds its holidays. */
static json_t *rules_doc;
static calendar cal;

static int group_setup(void **state)
{
    (void)state;
    json_error_t err;
    rules_doc = json_load_file(RULES_PATH, JSON_REJECT_DUPLICATES, &err);
    if (!rules_doc) {
        fprintf(stderr, "%s: %s (line %d)\n", RULES_PATH, err.text, err.line);
        return -1;
    }
    char why[200] = "";
    if (calendar_parse(json_object_get(rules_doc, "holidays"), &cal, why, sizeof why) != SG_OK) {
        fprintf(stderr, "%s: holidays refused: %s\n", RULES_PATH, why);
        return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    json_decref(rules_doc);
    return 0;
}

static date ymd(int y, int m, int d)
{
    date out = {.year = y, .month = m, .day = d};
    return out;
}

static date parse(const char *s)
{
    date d;
    if (date_parse(s, &d) != SG_OK)
        fail_msg("bad date in the test: %s", s);
    return d;
}

static void assert_date(const date *got, const char *want, const char *what)
{
    char buf[DATE_LEN];
    date_format(got, buf);
    if (strcmp(buf, want) != 0)
        fail_msg("%s: got %s, expected %s", what, buf, want);
}

/* ---- the published holidays ------------------------------------------- */

static void test_published_holidays(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        int month, day, if_sunday, easter_offset;
    } want[] = {
        {"nieuwjaarsdag", 1, 1, 0, 0},     {"tweede-paasdag", 0, 0, 0, 1},
        {"koningsdag", 4, 27, -1, 0},      {"bevrijdingsdag", 5, 5, 0, 0},
        {"hemelvaartsdag", 0, 0, 0, 39},   {"tweede-pinksterdag", 0, 0, 0, 50},
        {"eerste-kerstdag", 12, 25, 0, 0}, {"tweede-kerstdag", 12, 26, 0, 0},
    };
    assert_int_equal(cal.count, 8);
    for (int i = 0; i < 8; i++) {
        assert_string_equal(cal.holidays[i].id, want[i].id);
        assert_int_equal(cal.holidays[i].month, want[i].month);
        assert_int_equal(cal.holidays[i].day, want[i].day);
        assert_int_equal(cal.holidays[i].if_sunday, want[i].if_sunday);
        assert_int_equal(cal.holidays[i].easter_offset, want[i].easter_offset);
        /* The published reading of Bevrijdingsdag is the statutory one. */
        assert_int_equal(cal.holidays[i].every_years, 1);
        assert_string_equal(cal.holidays[i].reading, i == 3 ? "every-year" : "");
    }
}

/* ---- Bevrijdingsdag: both readings, 2024 to 2030 ----------------------- */

/* For each year: the weekday of 5 May, whether it is a holiday under each
 * reading, and the first working day after 4 May under each.  Worked out by
 * hand: 5 May is a Sunday in 2024 and 2030, a Saturday in 2029; the
 * lustrum years are 2025 and 2030. */
static void test_bevrijdingsdag_readings(void **state)
{
    (void)state;
    static const struct {
        int year;
        int weekday; /* 0 Monday .. 6 Sunday */
        bool every_year, lustrum;
        const char *after_every, *after_lustrum; /* first working day after 4 May */
    } table[] = {
        {2024, 6, true, false, "2024-05-06", "2024-05-06"},
        {2025, 0, true, true, "2025-05-06", "2025-05-06"},
        {2026, 1, true, false, "2026-05-06", "2026-05-05"},
        {2027, 2, true, false, "2027-05-07", "2027-05-05"}, /* Ascension Day is 6 May 2027 */
        {2028, 4, true, false, "2028-05-08", "2028-05-05"},
        {2029, 5, true, false, "2029-05-07", "2029-05-07"},
        {2030, 6, true, true, "2030-05-06", "2030-05-06"},
    };
    json_t *holidays = json_object_get(rules_doc, "holidays");
    calendar every = cal, lustrum = cal;
    assert_int_equal(calendar_choose_reading(&lustrum, holidays, "bevrijdingsdag", "lustrum-years"),
                     SG_OK);
    assert_int_equal(calendar_choose_reading(&every, holidays, "bevrijdingsdag", "every-year"),
                     SG_OK);
    assert_string_equal(lustrum.holidays[3].reading, "lustrum-years");
    assert_int_equal(lustrum.holidays[3].every_years, 5);
    assert_int_equal(lustrum.holidays[3].from_year, 1945);
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        date may5 = ymd(table[i].year, 5, 5), may4 = ymd(table[i].year, 5, 4), got;
        assert_int_equal(date_weekday(&may5), table[i].weekday);
        const char *e = calendar_holiday(&every, &may5), *l = calendar_holiday(&lustrum, &may5);
        if ((e != NULL) != table[i].every_year || (l != NULL) != table[i].lustrum)
            fail_msg("5 May %d: every-year %s, lustrum-years %s", table[i].year,
                     e ? "holiday" : "no holiday", l ? "holiday" : "no holiday");
        if (e)
            assert_string_equal(e, "bevrijdingsdag");
        char what[64];
        snprintf(what, sizeof what, "after 4 May %d, every year", table[i].year);
        calendar_add_working_days(&every, &may4, 1, &got);
        assert_date(&got, table[i].after_every, what);
        snprintf(what, sizeof what, "after 4 May %d, lustrum years", table[i].year);
        calendar_add_working_days(&lustrum, &may4, 1, &got);
        assert_date(&got, table[i].after_lustrum, what);
    }
    /* Five working days of Veilig Thuis' triage from Thursday 30 April 2026:
     * King's Day was the Monday before, Bevrijdingsdag the Tuesday after. */
    date start = ymd(2026, 4, 30), got;
    calendar_add_working_days(&every, &start, 5, &got);
    assert_date(&got, "2026-05-08", "triage from 30 April 2026, every year");
    calendar_add_working_days(&lustrum, &start, 5, &got);
    assert_date(&got, "2026-05-07", "triage from 30 April 2026, lustrum years");
    /* Before 1945 the lustrum reading holds no day. */
    date d = ymd(1940, 5, 5);
    assert_null(calendar_holiday(&lustrum, &d));
    /* Only readings of the document can be chosen. */
    assert_int_equal(calendar_choose_reading(&lustrum, holidays, "bevrijdingsdag", "odd-years"),
                     SG_EINVAL);
    assert_int_equal(calendar_choose_reading(&lustrum, holidays, "koningsdag", "lustrum-years"),
                     SG_EINVAL);
    assert_int_equal(calendar_choose_reading(&lustrum, holidays, "no-such-day", "every-year"),
                     SG_EINVAL);
}

/* ---- Easter ----------------------------------------------------------- */

static void test_easter_known_dates(void **state)
{
    (void)state;
    static const char *const known[] = {
        "1583-04-10", "1818-03-22", "1900-04-15", "1943-04-25", "1954-04-18", "1961-04-02",
        "1981-04-19", "2000-04-23", "2001-04-15", "2002-03-31", "2008-03-23", "2011-04-24",
        "2013-03-31", "2016-03-27", "2018-04-01", "2019-04-21", "2020-04-12", "2021-04-04",
        "2022-04-17", "2023-04-09", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28",
        "2028-04-16", "2029-04-01", "2030-04-21", "2035-03-25", "2038-04-25", "2049-04-18",
        "2076-04-19", "2285-03-22",
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        date want = parse(known[i]), got;
        memset(&got, 0, sizeof got);
        calendar_easter(want.year, &got);
        assert_date(&got, known[i], "Easter Sunday");
    }
}

/* Oudin's algorithm (1940), as given in Claus Tøndering's calendar FAQ:
 * written independently of the one under test. */
static date easter_oudin(int y)
{
    int g = y % 19, c = y / 100;
    int h = (c - c / 4 - (8 * c + 13) / 25 + 19 * g + 15) % 30;
    int i = h - (h / 28) * (1 - (29 / (h + 1)) * ((21 - g) / 11));
    int j = (y + y / 4 + i + 2 - c + c / 4) % 7;
    int l = i - j;
    int month = 3 + (l + 40) / 44;
    return ymd(y, month, l + 28 - 31 * (month / 4));
}

static void test_easter_every_year(void **state)
{
    (void)state;
    date earliest = ymd(0, 3, 22), latest = ymd(0, 4, 25);
    for (int y = 1583; y <= 9999; y++) {
        date got, want = easter_oudin(y);
        calendar_easter(y, &got);
        if (date_compare(&got, &want) != 0)
            fail_msg("Easter %d: got %04d-%02d-%02d, expected %04d-%02d-%02d", y, got.year,
                     got.month, got.day, want.year, want.month, want.day);
        assert_true(date_is_valid(got.year, got.month, got.day));
        assert_int_equal(date_weekday(&got), 6); /* a Sunday */
        earliest.year = latest.year = y;
        assert_true(date_compare(&got, &earliest) >= 0);
        assert_true(date_compare(&got, &latest) <= 0);
    }
}

/* ---- the Dutch holidays, year by year ---------------------------------- */

/* Every holiday of year in date order, as "id@YYYY-MM-DD" lines. */
static void holidays_of(const calendar *c, int year, char *out, size_t n)
{
    size_t used = 0;
    out[0] = '\0';
    date d = ymd(year, 1, 1);
    for (int64_t day = date_to_days(&d); d.year == year; date_from_days(++day, &d)) {
        const char *id = calendar_holiday(c, &d);
        if (!id)
            continue;
        char buf[DATE_LEN];
        date_format(&d, buf);
        used += (size_t)snprintf(out + used, n - used, "%s@%s\n", id, buf);
        assert_true(used < n);
    }
}

static void test_holidays_2024_to_2027(void **state)
{
    (void)state;
    static const struct {
        int year;
        const char *want;
    } years[] = {
        {2024, "nieuwjaarsdag@2024-01-01\n"
               "tweede-paasdag@2024-04-01\n"
               "koningsdag@2024-04-27\n" /* a Saturday: not moved */
               "bevrijdingsdag@2024-05-05\n"
               "hemelvaartsdag@2024-05-09\n"
               "tweede-pinksterdag@2024-05-20\n"
               "eerste-kerstdag@2024-12-25\n"
               "tweede-kerstdag@2024-12-26\n"},
        {2025, "nieuwjaarsdag@2025-01-01\n"
               "tweede-paasdag@2025-04-21\n"
               "koningsdag@2025-04-26\n" /* 27 April is a Sunday */
               "bevrijdingsdag@2025-05-05\n"
               "hemelvaartsdag@2025-05-29\n"
               "tweede-pinksterdag@2025-06-09\n"
               "eerste-kerstdag@2025-12-25\n"
               "tweede-kerstdag@2025-12-26\n"},
        {2026, "nieuwjaarsdag@2026-01-01\n"
               "tweede-paasdag@2026-04-06\n"
               "koningsdag@2026-04-27\n"
               "bevrijdingsdag@2026-05-05\n"
               "hemelvaartsdag@2026-05-14\n"
               "tweede-pinksterdag@2026-05-25\n"
               "eerste-kerstdag@2026-12-25\n"
               "tweede-kerstdag@2026-12-26\n"},
        {2027, "nieuwjaarsdag@2027-01-01\n"
               "tweede-paasdag@2027-03-29\n"
               "koningsdag@2027-04-27\n"
               "bevrijdingsdag@2027-05-05\n"
               "hemelvaartsdag@2027-05-06\n"
               "tweede-pinksterdag@2027-05-17\n"
               "eerste-kerstdag@2027-12-25\n"
               "tweede-kerstdag@2027-12-26\n"},
    };
    for (size_t i = 0; i < sizeof years / sizeof years[0]; i++) {
        char got[1024];
        holidays_of(&cal, years[i].year, got, sizeof got);
        if (strcmp(got, years[i].want) != 0)
            fail_msg("holidays of %d:\n%s\nexpected:\n%s", years[i].year, got, years[i].want);
    }
    /* King's Day 2025 is the 26th; the 27th (a Sunday) is no holiday. */
    date d = ymd(2025, 4, 27);
    assert_null(calendar_holiday(&cal, &d));
    /* Ascension Day fell on Liberation Day in 2016: one day, still a holiday. */
    d = ymd(2016, 5, 5);
    assert_non_null(calendar_holiday(&cal, &d));
    char got[1024];
    holidays_of(&cal, 2016, got, sizeof got);
    assert_non_null(strstr(got, "@2016-05-05"));
    assert_null(strstr(got, "hemelvaartsdag@2016-05-26"));
    assert_non_null(strstr(got, "tweede-paasdag@2016-03-28"));
}

static void test_working_day(void **state)
{
    (void)state;
    static const struct {
        const char *day;
        bool working;
    } days[] = {
        {"2026-04-24", true},                         /* Friday */
        {"2026-04-25", false},                        /* Saturday */
        {"2026-04-26", false},                        /* Sunday */
        {"2026-04-27", false},                        /* King's Day, a Monday */
        {"2026-04-28", true},  {"2026-04-06", false}, /* Easter Monday */
        {"2026-04-03", true},                         /* Good Friday is no public holiday */
        {"2026-05-05", false},                        /* Liberation Day, a Tuesday */
        {"2026-05-14", false},                        /* Ascension Day */
        {"2026-05-25", false},                        /* Whit Monday */
        {"2026-12-24", true},  {"2026-12-25", false}, {"2026-12-31", true},
        {"2027-01-01", false}, {"2025-04-25", true}, /* Friday before King's Day 2025 */
        {"2025-04-28", true},                        /* Monday after it */
    };
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        date d = parse(days[i].day);
        if (calendar_is_working_day(&cal, &d) != days[i].working)
            fail_msg("%s: expected %s", days[i].day,
                     days[i].working ? "a working day" : "no working day");
    }
}

/* ---- counting working days -------------------------------------------- */

static void test_add_working_days(void **state)
{
    (void)state;
    static const struct {
        const char *start;
        int n;
        const char *want;
    } rows[] = {
        {"2026-04-24", 5, "2026-05-04"}, /* skips the weekend and King's Day */
        {"2026-04-24", 1, "2026-04-28"},
        {"2026-04-24", 6, "2026-05-06"}, /* and Liberation Day */
        {"2026-04-02", 2, "2026-04-07"}, /* Good Friday counts; Easter Monday does not */
        {"2026-05-13", 1, "2026-05-15"}, /* over Ascension Day */
        {"2026-12-23", 2, "2026-12-28"}, /* over Christmas */
        {"2026-12-24", 2, "2026-12-29"},
        {"2026-12-30", 3, "2027-01-05"}, /* over New Year */
        {"2026-11-28", 1, "2026-11-30"}, /* from a Saturday */
        {"2026-11-29", 2, "2026-12-01"}, /* from a Sunday */
        {"2026-04-27", 1, "2026-04-28"}, /* from a holiday */
        {"2026-11-23", 5, "2026-11-30"}, /* a plain week */
        {"2026-11-23", 4, "2026-11-27"},
        {"2025-04-25", 1, "2025-04-28"}, /* King's Day 2025 on the Saturday */
        {"2024-12-31", 1, "2025-01-02"},
        {"2028-02-28", 2, "2028-03-01"}, /* a leap day is an ordinary Tuesday */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        date start = parse(rows[i].start), got;
        memset(&got, 0, sizeof got);
        calendar_add_working_days(&cal, &start, rows[i].n, &got);
        char what[64];
        snprintf(what, sizeof what, "%d working days after %s", rows[i].n, rows[i].start);
        assert_date(&got, rows[i].want, what);
        assert_true(calendar_is_working_day(&cal, &got));
        assert_int_equal(calendar_working_days_between(&cal, &start, &got), rows[i].n);
    }
}

static void test_working_days_between(void **state)
{
    (void)state;
    static const struct {
        const char *start, *end;
        int want;
    } rows[] = {
        {"2026-04-24", "2026-05-04", 5},
        {"2026-04-24", "2026-04-27", 0}, /* weekend and King's Day only */
        {"2026-04-24", "2026-04-24", 0}, /* the start never counts */
        {"2026-05-04", "2026-04-24", 0}, /* end before start */
        {"2026-11-27", "2026-11-30", 1},
        {"2026-11-23", "2026-11-27", 4},
        {"2026-12-24", "2026-12-28", 1},
        {"2026-01-01", "2026-12-31", 254}, /* 261 weekdays less 7 weekday holidays */
        {"2025-12-31", "2026-12-31", 254},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        date s = parse(rows[i].start), e = parse(rows[i].end);
        int got = calendar_working_days_between(&cal, &s, &e);
        if (got != rows[i].want)
            fail_msg("working days after %s up to %s: got %d, expected %d", rows[i].start,
                     rows[i].end, got, rows[i].want);
    }
    /* Adding and counting agree for every start in two years and n up to 30. */
    date d = ymd(2026, 1, 1);
    for (int64_t day = date_to_days(&d); d.year < 2028; date_from_days(++day, &d))
        for (int n = 1; n <= 30; n += 7) {
            date got;
            calendar_add_working_days(&cal, &d, n, &got);
            assert_true(date_compare(&got, &d) > 0);
            assert_int_equal(calendar_working_days_between(&cal, &d, &got), n);
            /* The day before the result holds one working day fewer. */
            date before;
            date_from_days(date_to_days(&got) - 1, &before);
            assert_int_equal(calendar_working_days_between(&cal, &d, &before), n - 1);
        }
}

/* ---- rules of one's own ------------------------------------------------ */

static int parse_text(const char *text, calendar *out, char *why, size_t n)
{
    json_error_t err;
    json_t *j = json_loads(text, JSON_DECODE_ANY, &err);
    if (!j)
        fail_msg("bad JSON in the test: %s", text);
    int rc = calendar_parse(j, out, why, n);
    json_decref(j);
    return rc;
}

static void test_custom_rules(void **state)
{
    (void)state;
    calendar c;
    char why[200] = "";
    /* An empty list: every weekday is a working day. */
    assert_int_equal(parse_text("[]", &c, why, sizeof why), SG_OK);
    assert_int_equal(c.count, 0);
    date d = ymd(2026, 12, 25), got;
    assert_true(calendar_is_working_day(&c, &d));
    assert_null(calendar_holiday(&c, &d));
    /* A fixed day moved forward from a Sunday, and 29 February in a common year. */
    assert_int_equal(parse_text("[{\"id\": \"zondag-plus\", \"month\": 4, \"day\": 27,"
                                "  \"if_sunday\": 1, \"nl\": \"a\", \"en\": \"b\"},"
                                " {\"id\": \"schrikkel\", \"month\": 2, \"day\": 29,"
                                "  \"nl\": \"c\", \"en\": \"d\"},"
                                " {\"id\": \"goede-vrijdag\", \"easter_offset\": -2,"
                                "  \"nl\": \"e\", \"en\": \"f\"}]",
                                &c, why, sizeof why),
                     SG_OK);
    assert_int_equal(c.count, 3);
    d = ymd(2025, 4, 28); /* 27 April 2025 is a Sunday */
    assert_string_equal(calendar_holiday(&c, &d), "zondag-plus");
    d = ymd(2025, 4, 27);
    assert_null(calendar_holiday(&c, &d));
    d = ymd(2026, 4, 27); /* a Monday: stays */
    assert_string_equal(calendar_holiday(&c, &d), "zondag-plus");
    d = ymd(2024, 2, 29);
    assert_string_equal(calendar_holiday(&c, &d), "schrikkel");
    d = ymd(2025, 2, 28);
    assert_string_equal(calendar_holiday(&c, &d), "schrikkel");
    d = ymd(2024, 2, 28);
    assert_null(calendar_holiday(&c, &d));
    d = ymd(2026, 4, 3);
    assert_string_equal(calendar_holiday(&c, &d), "goede-vrijdag");
    d = ymd(2026, 4, 2);
    calendar_add_working_days(&c, &d, 1, &got);
    assert_date(&got, "2026-04-06", "a Good Friday of one's own is skipped");
    /* The boundaries that are allowed. */
    assert_int_equal(parse_text("[{\"id\": \"a\", \"easter_offset\": -60, \"nl\": \"a\", \"en\": "
                                "\"a\"}, {\"id\": \"b\", \"easter_offset\": 70, \"nl\": \"b\", "
                                "\"en\": \"b\"}, {\"id\": \"c\", \"month\": 12, \"day\": 31, "
                                "\"if_sunday\": -3, \"nl\": \"c\", \"en\": \"c\"}, {\"id\": \"d\", "
                                "\"month\": 1, \"day\": 1, \"if_sunday\": 3, \"nl\": \"d\", "
                                "\"en\": \"d\"}]",
                                &c, why, sizeof why),
                     SG_OK);
    assert_int_equal(c.count, 4);
    /* 32 holidays are the most. */
    char big[8192];
    size_t used = (size_t)snprintf(big, sizeof big, "[");
    for (int i = 0; i < 32; i++)
        used += (size_t)snprintf(big + used, sizeof big - used,
                                 "%s{\"id\": \"h%d\", \"month\": 1, \"day\": %d, \"nl\": \"x\","
                                 " \"en\": \"x\"}",
                                 i ? "," : "", i, i % 28 + 1);
    snprintf(big + used, sizeof big - used, "]");
    assert_int_equal(parse_text(big, &c, why, sizeof why), SG_OK);
    assert_int_equal(c.count, 32);
}

static void expect_refused(const char *what, const char *text, const char *want)
{
    calendar c;
    char why[200] = "";
    int rc = parse_text(text, &c, why, sizeof why);
    if (rc != SG_EINVAL)
        fail_msg("%s: accepted (rc %d)", what, rc);
    if (strncmp(why, "holidays: ", 10) != 0 || !strstr(why, want))
        fail_msg("%s: why is \"%s\", expected \"holidays: ...%s...\"", what, why, want);
}

#define H(body) "[{\"id\": \"x\", \"nl\": \"x\", \"en\": \"x\", " body "}]"

#define READING(every, extra)                                                                      \
    "{\"every_years\": " every ", \"nl\": \"n\", \"en\": \"e\", \"source\": \"s\"" extra "}"

static void test_refusals(void **state)
{
    (void)state;
    /* Readings: two or more, one chosen, each complete. */
    expect_refused("one reading",
                   H("\"month\": 5, \"day\": 5, \"reading\": \"a\", \"readings\": {\"a\": " READING(
                       "1", "") "}"),
                   "lists two or more");
    expect_refused("no reading chosen",
                   H("\"month\": 5, \"day\": 5, \"readings\": {\"a\": " READING(
                       "1", "") ", \"b\": " READING("5", ", \"from_year\": 1945") "}"),
                   "lists two or more");
    expect_refused("a chosen reading that is not listed",
                   H("\"month\": 5, \"day\": 5, \"reading\": \"c\", \"readings\": {\"a\": " READING(
                       "1", "") ", \"b\": " READING("5", ", \"from_year\": 1945") "}"),
                   "names one of the holiday's readings");
    expect_refused("a reading without a source",
                   H("\"month\": 5, \"day\": 5, \"reading\": \"a\", \"readings\": {\"a\": " READING(
                       "1", "") ", \"b\": {\"every_years\": 1, \"nl\": \"n\", \"en\": \"e\"}}"),
                   "its source");
    expect_refused("every five years from no year",
                   H("\"month\": 5, \"day\": 5, \"reading\": \"a\", \"readings\": {\"a\": " READING(
                       "1", "") ", \"b\": " READING("5", "") "}"),
                   "counts from_year");
    expect_refused("every zero years",
                   H("\"month\": 5, \"day\": 5, \"reading\": \"a\", \"readings\": {\"a\": " READING(
                       "0", "") ", \"b\": " READING("5", ", \"from_year\": 1945") "}"),
                   "every_years years");
    expect_refused("an object", "{\"id\": \"x\"}", "a list of at most 32");
    expect_refused("a string", "\"nieuwjaarsdag\"", "a list of at most 32");
    char big[8192];
    size_t used = (size_t)snprintf(big, sizeof big, "[");
    for (int i = 0; i < 33; i++)
        used += (size_t)snprintf(big + used, sizeof big - used,
                                 "%s{\"id\": \"h%d\", \"month\": 1, \"day\": 1, \"nl\": \"x\","
                                 " \"en\": \"x\"}",
                                 i ? "," : "", i);
    snprintf(big + used, sizeof big - used, "]");
    expect_refused("33 holidays", big, "a list of at most 32");

    expect_refused("no id", "[{\"month\": 1, \"day\": 1, \"nl\": \"x\", \"en\": \"x\"}]",
                   "short id");
    expect_refused("an id that is a number",
                   "[{\"id\": 7, \"month\": 1, \"day\": 1, \"nl\": \"x\", \"en\": \"x\"}]",
                   "short id");
    expect_refused("an id of 40 characters",
                   "[{\"id\": \"abcdefghijabcdefghijabcdefghijabcdefghij\", \"month\": 1,"
                   " \"day\": 1, \"nl\": \"x\", \"en\": \"x\"}]",
                   "short id");
    expect_refused("no English name", "[{\"id\": \"x\", \"month\": 1, \"day\": 1, \"nl\": \"x\"}]",
                   "nl and en");
    expect_refused("no Dutch name", "[{\"id\": \"x\", \"month\": 1, \"day\": 1, \"en\": \"x\"}]",
                   "nl and en");
    expect_refused("a name that is not text",
                   "[{\"id\": \"x\", \"month\": 1, \"day\": 1, \"nl\": 1, \"en\": \"x\"}]",
                   "nl and en");

    expect_refused("neither a date nor an offset", H("\"if_sunday\": 1"), "month and day");
    expect_refused("both a date and an offset", H("\"month\": 1, \"day\": 1, \"easter_offset\": 1"),
                   "month and day, or an easter_offset");
    expect_refused("a month without a day", H("\"month\": 1"), "month and day");
    expect_refused("a day without a month", H("\"day\": 1"), "month and day");
    expect_refused("a month as text", H("\"month\": \"1\", \"day\": 1"), "month and day");
    expect_refused("an offset as text", H("\"easter_offset\": \"1\""), "month and day");
    expect_refused("an offset with a day", H("\"easter_offset\": 1, \"day\": 1"), "month and day");
    expect_refused("an offset of -61 days", H("\"easter_offset\": -61"), "-60..70");
    expect_refused("an offset of 71 days", H("\"easter_offset\": 71"), "-60..70");
    expect_refused("month 13", H("\"month\": 13, \"day\": 1"), "real month and day");
    expect_refused("month 0", H("\"month\": 0, \"day\": 1"), "real month and day");
    expect_refused("day 32", H("\"month\": 1, \"day\": 32"), "real month and day");
    expect_refused("30 February", H("\"month\": 2, \"day\": 30"), "real month and day");
    expect_refused("31 April", H("\"month\": 4, \"day\": 31"), "real month and day");
    expect_refused("day 0", H("\"month\": 1, \"day\": 0"), "real month and day");
    expect_refused("moved by 4 days", H("\"month\": 1, \"day\": 1, \"if_sunday\": 4"),
                   "at most 3 days");
    expect_refused("moved back by 4 days", H("\"month\": 1, \"day\": 1, \"if_sunday\": -4"),
                   "at most 3 days");
    expect_refused("moved by text", H("\"month\": 1, \"day\": 1, \"if_sunday\": \"1\""),
                   "at most 3 days");
    /* Numbers beyond an int are refused, not cut to one that fits. */
    expect_refused("month 2^32 + 1", H("\"month\": 4294967297, \"day\": 1"), "real month and day");
    expect_refused("day 2^32 + 1", H("\"month\": 1, \"day\": 4294967297"), "real month and day");
    expect_refused("an offset of 2^32", H("\"easter_offset\": 4294967296"), "-60..70");
    expect_refused("moved by the smallest number",
                   H("\"month\": 1, \"day\": 1, \"if_sunday\": -9223372036854775808"),
                   "at most 3 days");
    expect_refused("moved by 2^32", H("\"month\": 1, \"day\": 1, \"if_sunday\": 4294967296"),
                   "at most 3 days");
    expect_refused("a holiday that is not an object", "[\"nieuwjaarsdag\"]", "short id");
    /* A bad entry after good ones is still refused. */
    expect_refused("the third is bad",
                   "[{\"id\": \"a\", \"month\": 1, \"day\": 1, \"nl\": \"a\", \"en\": \"a\"},"
                   " {\"id\": \"b\", \"easter_offset\": 1, \"nl\": \"b\", \"en\": \"b\"},"
                   " {\"id\": \"c\", \"month\": 2, \"day\": 31, \"nl\": \"c\", \"en\": \"c\"}]",
                   "real month and day");
    /* Missing altogether. */
    calendar c;
    char why[200] = "";
    assert_int_equal(calendar_parse(NULL, &c, why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "holidays: "));
    /* A tiny why buffer is still terminated. */
    char tiny[6];
    memset(tiny, 'x', sizeof tiny);
    assert_int_equal(calendar_parse(NULL, &c, tiny, sizeof tiny), SG_EINVAL);
    assert_non_null(memchr(tiny, '\0', sizeof tiny));
}

/* An empty id names nothing: the rules say each holiday needs a short id. */
static void test_empty_id_refused(void **state)
{
    (void)state;
    expect_refused("an empty id",
                   "[{\"id\": \"\", \"month\": 1, \"day\": 1, \"nl\": \"x\", \"en\": \"x\"}]",
                   "short id");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_holidays),
        cmocka_unit_test(test_easter_known_dates),
        cmocka_unit_test(test_easter_every_year),
        cmocka_unit_test(test_holidays_2024_to_2027),
        cmocka_unit_test(test_bevrijdingsdag_readings),
        cmocka_unit_test(test_working_day),
        cmocka_unit_test(test_add_working_days),
        cmocka_unit_test(test_working_days_between),
        cmocka_unit_test(test_custom_rules),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_empty_id_refused),
    };
    return cmocka_run_group_tests_name("calendar", tests, group_setup, group_teardown);
}
