/* Unit tests for base/: bounded buffers, calendar and clock, UTF-8 text
 * helpers, the allocation front end and status strings. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/mem.h"
#include "base/status.h"
#include "base/text.h"

/* ---- buf -------------------------------------------------------------- */

static void test_buf_bound(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 10);
    assert_null(b.data);
    assert_int_equal(b.len, 0);

    assert_int_equal(buf_append_str(&b, "hello"), SG_OK);
    assert_int_equal(buf_append(&b, "world!!", 5), SG_OK);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "helloworld");

    /* One byte past the bound is refused and changes nothing. */
    assert_int_equal(buf_append_str(&b, "x"), SG_ETOOBIG);
    assert_int_equal(b.len, 10);
    assert_string_equal(b.data, "helloworld");
    assert_int_equal(buf_printf(&b, "%d", 7), SG_ETOOBIG);
    assert_string_equal(b.data, "helloworld");
    /* A length that would overflow size_t is refused, not wrapped. */
    assert_int_equal(buf_append(&b, "x", SIZE_MAX), SG_ETOOBIG);
    assert_int_equal(b.len, 10);
    /* Appending nothing is fine even when full. */
    assert_int_equal(buf_append(&b, "", 0), SG_OK);
    assert_true(b.cap <= b.max + 1);

    buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(b.data, "");
    assert_int_equal(buf_append_str(&b, "0123456789"), SG_OK);
    assert_int_equal(buf_append_str(&b, "a"), SG_ETOOBIG);
    assert_string_equal(b.data, "0123456789");
    buf_free(&b);
    assert_null(b.data);
    buf_free(&b); /* twice is harmless */

    /* A partial append that would straddle the bound writes nothing. */
    buf_init(&b, 8);
    assert_int_equal(buf_append_str(&b, "abcdef"), SG_OK);
    assert_int_equal(buf_append_str(&b, "ghi"), SG_ETOOBIG);
    assert_string_equal(b.data, "abcdef");
    assert_int_equal(b.len, 6);
    buf_free(&b);

    /* A zero bound holds only the empty string. */
    buf_init(&b, 0);
    assert_int_equal(buf_append(&b, "", 0), SG_OK);
    assert_string_equal(b.data, "");
    assert_int_equal(buf_append_str(&b, "a"), SG_ETOOBIG);
    buf_free(&b);
}

static void test_buf_growth_and_printf(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 100000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(buf_printf(&b, "%03d,", i), SG_OK);
    assert_int_equal(b.len, 4000);
    assert_int_equal(strlen(b.data), 4000);
    assert_memory_equal(b.data, "000,001,002,", 12);
    assert_string_equal(b.data + 3996, "999,");
    buf_reset(&b);

    assert_int_equal(buf_printf(&b, "%s=%d;%c%%", "n", -42, 'z'), SG_OK);
    assert_string_equal(b.data, "n=-42;z%");
    assert_int_equal(buf_printf(&b, "%s", ""), SG_OK);
    assert_int_equal(b.len, 8);
    buf_free(&b);

    /* printf exactly up to the bound fits; one more is refused intact. */
    buf_init(&b, 6);
    assert_int_equal(buf_printf(&b, "%s", "ab"), SG_OK);
    assert_int_equal(buf_printf(&b, "%04d", 12), SG_OK);
    assert_string_equal(b.data, "ab0012");
    assert_int_equal(buf_printf(&b, "%c", 'x'), SG_ETOOBIG);
    assert_string_equal(b.data, "ab0012");
    buf_free(&b);

    /* Binary data with NULs is kept as given. */
    buf_init(&b, 16);
    assert_int_equal(buf_append(&b, "a\0b", 3), SG_OK);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b\0", 4);
    buf_free(&b);
}

static void test_buf_detach(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 64);
    assert_int_equal(buf_append_str(&b, "kept"), SG_OK);
    char *s = buf_detach(&b);
    assert_string_equal(s, "kept");
    assert_null(b.data);
    assert_int_equal(b.len, 0);
    assert_int_equal(b.cap, 0);
    assert_int_equal(b.max, 64);
    /* The emptied buffer is usable again and does not share memory. */
    assert_int_equal(buf_append_str(&b, "new"), SG_OK);
    assert_string_equal(s, "kept");
    assert_string_equal(b.data, "new");
    sg_free(s);
    buf_free(&b);

    /* An empty buffer detaches as a new "". */
    buf_init(&b, 64);
    s = buf_detach(&b);
    assert_non_null(s);
    assert_string_equal(s, "");
    sg_free(s);

    /* Out of memory while detaching an empty buffer: NULL. */
    sg_mem_fail_after(0);
    s = buf_detach(&b);
    sg_mem_fail_after(-1);
    assert_null(s);
}

static void test_buf_out_of_memory(void **state)
{
    (void)state;
    buf b;
    buf_init(&b, 1 << 20);
    assert_int_equal(buf_append_str(&b, "abc"), SG_OK);
    sg_mem_fail_after(0);
    char big[200];
    memset(big, 'x', sizeof big);
    int rc = buf_append(&b, big, sizeof big);
    int rc2 = buf_printf(&b, "%200s", "y");
    sg_mem_fail_after(-1);
    assert_int_equal(rc, SG_ENOMEM);
    assert_int_equal(rc2, SG_ENOMEM);
    assert_int_equal(b.len, 3);
    assert_string_equal(b.data, "abc");
    buf_free(&b);
}

/* ---- clock: dates ----------------------------------------------------- */

static void test_date_parse_strict(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "2023-02-29",           "2024-2-01",   "2024-02-30", "2024-02-01x",
        "2024-02-01 ",          " 2024-02-01", "2024/02/01", "2024-13-01",
        "2024-00-10",           "2024-01-00",  "0000-01-01", "2024-04-31",
        "1900-02-29",           "2100-02-29",  "",           "20240201",
        "+024-02-01",           "2024-0a-01",  "2024-02-1",  "24-02-2024",
        "2024-02-01T00:00:00Z", "-001-01-01",  "2024-06-31",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        date d = {7, 7, 7};
        if (date_parse(bad[i], &d) != SG_EINVAL)
            fail_msg("date_parse accepted \"%s\"", bad[i]);
        assert_int_equal(d.year, 7); /* untouched on refusal */
    }
    date d;
    assert_int_equal(date_parse(NULL, &d), SG_EINVAL);

    static const struct {
        const char *s;
        int y, m, dd;
    } good[] = {
        {"2024-02-29", 2024, 2, 29},  {"2000-02-29", 2000, 2, 29}, {"0001-01-01", 1, 1, 1},
        {"9999-12-31", 9999, 12, 31}, {"1900-02-28", 1900, 2, 28}, {"2023-12-31", 2023, 12, 31},
        {"2024-04-30", 2024, 4, 30},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (date_parse(good[i].s, &d) != SG_OK)
            fail_msg("date_parse refused \"%s\"", good[i].s);
        assert_int_equal(d.year, good[i].y);
        assert_int_equal(d.month, good[i].m);
        assert_int_equal(d.day, good[i].dd);
        char out[DATE_LEN];
        date_format(&d, out);
        assert_string_equal(out, good[i].s);
    }
    assert_int_equal(date_days_in_month(2024, 2), 29);
    assert_int_equal(date_days_in_month(2023, 2), 28);
    assert_int_equal(date_days_in_month(2000, 2), 29);
    assert_int_equal(date_days_in_month(1900, 2), 28);
    assert_int_equal(date_days_in_month(2023, 4), 30);
    assert_int_equal(date_days_in_month(2023, 12), 31);
    assert_false(date_is_valid(10000, 1, 1));
    assert_false(date_is_valid(2024, 1, -1));
}

static void test_date_days(void **state)
{
    (void)state;
    static const struct {
        date d;
        int64_t days;
    } anchors[] = {
        {{1970, 1, 1}, 0},         {{1969, 12, 31}, -1},   {{2000, 3, 1}, 11017},
        {{2024, 2, 29}, 19782},    {{1900, 1, 1}, -25567}, {{1, 1, 1}, -719162},
        {{9999, 12, 31}, 2932896},
    };
    for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
        assert_int_equal(date_to_days(&anchors[i].d), anchors[i].days);
        date back;
        date_from_days(anchors[i].days, &back);
        assert_int_equal(date_compare(&back, &anchors[i].d), 0);
        assert_int_equal(back.year, anchors[i].d.year);
        assert_int_equal(back.month, anchors[i].d.month);
        assert_int_equal(back.day, anchors[i].d.day);
    }

    /* Every day from 0001-01-01 to 9999-12-31: the day numbers round trip and
     * consecutive numbers are consecutive calendar days. */
    date prev;
    date_from_days(-719163, &prev);
    assert_int_equal(prev.year, 0); /* the day before year 1: proleptic year 0 */
    assert_int_equal(prev.month, 12);
    assert_int_equal(prev.day, 31);
    prev = (date){0, 12, 31};
    for (int64_t n = -719162; n <= 2932896; n++) {
        date d;
        date_from_days(n, &d);
        bool next_day = d.year == prev.year && d.month == prev.month && d.day == prev.day + 1;
        bool next_month = d.year == prev.year && d.month == prev.month + 1 && d.day == 1
                          && prev.day == date_days_in_month(prev.year, prev.month);
        bool next_year = d.year == prev.year + 1 && d.month == 1 && d.day == 1 && prev.month == 12
                         && prev.day == 31;
        if (!date_is_valid(d.year, d.month, d.day) || !(next_day || next_month || next_year))
            fail_msg("day %lld gave %d-%d-%d after %d-%d-%d", (long long)n, d.year, d.month, d.day,
                     prev.year, prev.month, prev.day);
        if (date_to_days(&d) != n)
            fail_msg("day %lld does not round trip", (long long)n);
        if (n % 97 == 0) {
            char text[DATE_LEN];
            date parsed;
            date_format(&d, text);
            assert_int_equal(date_parse(text, &parsed), SG_OK);
            assert_int_equal(date_to_days(&parsed), n);
        }
        prev = d;
    }
    assert_int_equal(prev.year, 9999);

    date a = {2024, 2, 28}, b = {2024, 2, 29}, c = {2024, 2, 29};
    assert_int_equal(date_compare(&a, &b), -1);
    assert_int_equal(date_compare(&b, &a), 1);
    assert_int_equal(date_compare(&b, &c), 0);
}

static void test_date_weekday(void **state)
{
    (void)state;
    static const struct {
        date d;
        int wd; /* 0 = Monday */
    } known[] = {
        {{1970, 1, 1}, 3},   {{1969, 12, 31}, 2}, {{2000, 1, 1}, 5},   {{2024, 2, 29}, 3},
        {{2023, 10, 16}, 0}, {{2024, 12, 25}, 2}, {{1900, 1, 1}, 0},   {{1, 1, 1}, 0},
        {{1582, 10, 15}, 4}, {{1066, 10, 14}, 6}, {{9999, 12, 31}, 4},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (date_weekday(&known[i].d) != known[i].wd)
            fail_msg("weekday of %d-%d-%d is %d, want %d", known[i].d.year, known[i].d.month,
                     known[i].d.day, date_weekday(&known[i].d), known[i].wd);
    /* Seven days on is the same weekday, also across 1970 backwards. */
    for (int64_t n = -3000; n < 3000; n += 11) {
        date x, y;
        date_from_days(n, &x);
        date_from_days(n + 7, &y);
        assert_int_equal(date_weekday(&x), date_weekday(&y));
        assert_in_range(date_weekday(&x), 0, 6);
    }
}

static void test_date_age_on(void **state)
{
    (void)state;
    static const struct {
        date birth, on;
        int age;
    } cases[] = {
        {{2010, 5, 15}, {2024, 5, 14}, 13},
        {{2010, 5, 15}, {2024, 5, 15}, 14},
        {{2010, 5, 15}, {2024, 5, 16}, 14},
        {{2010, 5, 15}, {2024, 4, 30}, 13},
        {{2010, 5, 15}, {2024, 6, 1}, 14},
        {{2010, 5, 15}, {2010, 5, 15}, 0},
        {{2010, 12, 31}, {2011, 1, 1}, 0},
        {{2010, 12, 31}, {2011, 12, 31}, 1},
        /* Born on 29 February: a leap year has the birthday itself ... */
        {{2008, 2, 29}, {2024, 2, 28}, 15},
        {{2008, 2, 29}, {2024, 2, 29}, 16},
        /* ... other years count it from 1 March. */
        {{2008, 2, 29}, {2023, 2, 28}, 14},
        {{2008, 2, 29}, {2023, 3, 1}, 15},
        {{2008, 2, 29}, {2026, 2, 28}, 17},
        {{2008, 2, 29}, {2026, 3, 1}, 18},
        /* Born on 28 February and 1 March around a leap day. */
        {{2008, 2, 28}, {2023, 2, 28}, 15},
        {{2008, 3, 1}, {2024, 2, 29}, 15},
        {{2008, 3, 1}, {2024, 3, 1}, 16},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int age = date_age_on(&cases[i].birth, &cases[i].on);
        if (age != cases[i].age)
            fail_msg("born %d-%02d-%02d, on %d-%02d-%02d: age %d, want %d", cases[i].birth.year,
                     cases[i].birth.month, cases[i].birth.day, cases[i].on.year, cases[i].on.month,
                     cases[i].on.day, age, cases[i].age);
    }
}

/* ---- clock: instants -------------------------------------------------- */

/* The Dutch date of an instant: CET and CEST switch at 01:00 UTC on the last
 * Sundays of March and October; the date turns at Dutch midnight. */
static void test_date_nl(void **state)
{
    (void)state;
    struct {
        const char *at;
        int offset_h;
        const char *date;
    } table[] = {
        {"2026-12-04T23:21:00Z", 1, "2026-12-05"}, /* after midnight in winter */
        {"2026-12-04T22:59:59Z", 1, "2026-12-04"},
        {"2026-03-29T00:59:59Z", 1, "2026-03-29"}, /* the last second of CET */
        {"2026-03-29T01:00:00Z", 2, "2026-03-29"}, /* CEST begins */
        {"2026-06-30T21:59:59Z", 2, "2026-06-30"},
        {"2026-06-30T22:00:00Z", 2, "2026-07-01"}, /* summer midnight */
        {"2026-10-25T00:59:59Z", 2, "2026-10-25"}, /* the last second of CEST */
        {"2026-10-25T01:00:00Z", 1, "2026-10-25"},
        {"2024-03-31T01:00:00Z", 2, "2024-03-31"}, /* another year's last Sunday */
        {"2024-03-30T23:30:00Z", 1, "2024-03-31"},
        {"2030-10-27T00:30:00Z", 2, "2030-10-27"},
        {"2030-12-31T23:00:00Z", 1, "2031-01-01"}, /* new year in Amsterdam first */
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        int64_t ms = 0;
        assert_int_equal(clock_parse_iso(table[i].at, &ms), SG_OK);
        int64_t secs = ms / 1000;
        if (clock_nl_offset_s(secs) != table[i].offset_h * 3600)
            fail_msg("%s: offset %lld, want %d h", table[i].at, (long long)clock_nl_offset_s(secs),
                     table[i].offset_h);
        date d;
        char text[DATE_LEN];
        date_on(secs, &d);
        date_format(&d, text);
        if (strcmp(text, table[i].date) != 0)
            fail_msg("%s: date %s, want %s", table[i].at, text, table[i].date);
    }
}

static void test_clock_iso(void **state)
{
    (void)state;
    static const struct {
        int64_t ms;
        const char *iso;
    } known[] = {
        {0, "1970-01-01T00:00:00.000Z"},
        {1, "1970-01-01T00:00:00.001Z"},
        {-1, "1969-12-31T23:59:59.999Z"},
        {-1000, "1969-12-31T23:59:59.000Z"},
        {-1001, "1969-12-31T23:59:58.999Z"},
        {-86400000, "1969-12-31T00:00:00.000Z"},
        {1700000000123, "2023-11-14T22:13:20.123Z"},
        {1709208000000, "2024-02-29T12:00:00.000Z"},
        {253402300799999, "9999-12-31T23:59:59.999Z"},
        {-62135596800000, "0001-01-01T00:00:00.000Z"},
    };
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        char out[CLOCK_ISO_LEN];
        int64_t back = 0;
        clock_format_iso(known[i].ms, out);
        assert_string_equal(out, known[i].iso);
        assert_int_equal(clock_parse_iso(out, &back), SG_OK);
        assert_int_equal(back, known[i].ms);
    }

    /* A deterministic spread of instants from year 1 to 9999 round trips. */
    uint64_t x = 88172645463325252ull;
    const int64_t lo = -62135596800000, span = 253402300799999 - lo + 1;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t ms = lo + (int64_t)(x % (uint64_t)span);
        char out[CLOCK_ISO_LEN];
        int64_t back = 0;
        clock_format_iso(ms, out);
        assert_int_equal(strlen(out), CLOCK_ISO_LEN - 1);
        assert_int_equal(clock_parse_iso(out, &back), SG_OK);
        if (back != ms)
            fail_msg("%lld -> %s -> %lld", (long long)ms, out, (long long)back);
    }

    int64_t ms = 0;
    assert_int_equal(clock_parse_iso("2024-02-29T12:00:00Z", &ms), SG_OK);
    assert_int_equal(ms, 1709208000000);

    static const char *const bad[] = {
        "2024-02-29T24:00:00Z",
        "2024-02-29T12:60:00Z",
        "2024-02-29T12:00:60Z",
        "2024-02-30T00:00:00Z",
        "2024-02-29 12:00:00Z",
        "2024-02-29T12:00:00.12Z",
        "2024-02-29T12:00:00",
        "2024-02-29T12:00:00.123+01:00",
        "2024-02-29T12:00:00,123Z",
        "2024-02-29T12:00:00.1234Z",
        "2024-02-29T12:00:00.123X",
        "2024-02-29T12:00:00ZabcZ",
        "2024-02-29T1a:00:00Z",
        "2024-02-29T12-00-00Z",
        "2024-02-29t12:00:00Z",
        "2024-02-29T12:00:00z",
        "",
        "2024-02-29",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        ms = 42;
        if (clock_parse_iso(bad[i], &ms) != SG_EINVAL)
            fail_msg("clock_parse_iso accepted \"%s\"", bad[i]);
        assert_int_equal(ms, 42);
    }
    assert_int_equal(clock_parse_iso(NULL, &ms), SG_EINVAL);

    /* The clocks: now is after this test was written; monotonic never goes back. */
    assert_true(clock_now_ms() > 1700000000000);
    assert_true(clock_now_s() > 1700000000);
    int64_t m1 = clock_mono_ms(), m2 = clock_mono_ms();
    assert_true(m2 >= m1);
    date today;
    date_today(&today);
    assert_true(date_is_valid(today.year, today.month, today.day));
    assert_true(today.year >= 2024);
    char day[DATE_LEN], plus[DATE_LEN], minus[DATE_LEN];
    date_format(&today, day);
    date_today_plus(0, plus);
    date_today_plus(-1, minus);
    /* Past midnight between the calls the day moved on: then only the form is checked. */
    date later;
    date_today(&later);
    if (date_compare(&today, &later) == 0) {
        assert_string_equal(plus, day);
        date back;
        date_from_days(date_to_days(&today) - 1, &back);
        date_format(&back, day);
        assert_string_equal(minus, day);
    }
    date parsed;
    assert_int_equal(date_parse(plus, &parsed), SG_OK);
    assert_int_equal(date_parse(minus, &parsed), SG_OK);
}

/* ---- text ------------------------------------------------------------- */

static void test_text_clean_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
        bool ok;
        const char *what;
    } cases[] = {
        {"", 0, true, "empty"},
        {"plain ascii", 11, true, "ascii"},
        {"tab\there", 8, true, "tab"},
        {"line\nbreak\r\n", 12, true, "newlines"},
        {"zorgco\xc3\xb6rdinator", 16, true, "two-byte"},
        {"\xe2\x82\xac", 3, true, "euro sign"},
        {"\xf0\x9f\x98\x80", 4, true, "emoji"},
        {"\xc2\x80", 2, true, "U+0080, lowest two-byte"},
        {"\xdf\xbf", 2, true, "U+07FF"},
        {"\xe0\xa0\x80", 3, true, "U+0800, lowest three-byte"},
        {"\xed\x9f\xbf", 3, true, "U+D7FF, below the surrogates"},
        {"\xee\x80\x80", 3, true, "U+E000, above the surrogates"},
        {"\xef\xbf\xbf", 3, true, "U+FFFF"},
        {"\xf0\x90\x80\x80", 4, true, "U+10000"},
        {"\xf4\x8f\xbf\xbf", 4, true, "U+10FFFF"},
        {"a\0b", 3, false, "NUL byte"},
        {"\x01", 1, false, "SOH"},
        {"\x1b[31m", 5, false, "escape"},
        {"\x7f", 1, false, "DEL"},
        {"\x0b", 1, false, "vertical tab"},
        {"\x0c", 1, false, "form feed"},
        {"\x80", 1, false, "lone continuation byte"},
        {"\xbf", 1, false, "lone continuation byte bf"},
        {"\xc0\x80", 2, false, "overlong NUL"},
        {"\xc1\xbf", 2, false, "overlong two-byte"},
        {"\xe0\x80\xaf", 3, false, "overlong three-byte slash"},
        {"\xe0\x9f\xbf", 3, false, "overlong U+07FF"},
        {"\xf0\x80\x80\xaf", 4, false, "overlong four-byte"},
        {"\xf0\x8f\xbf\xbf", 4, false, "overlong U+FFFF"},
        {"\xed\xa0\x80", 3, false, "high surrogate"},
        {"\xed\xbf\xbf", 3, false, "low surrogate"},
        {"\xed\xa0\xbd\xed\xb8\x80", 6, false, "CESU pair"},
        {"\xf4\x90\x80\x80", 4, false, "U+110000"},
        {"\xf5\x80\x80\x80", 4, false, "f5 lead"},
        {"\xf8\x88\x80\x80\x80", 5, false, "five-byte form"},
        {"\xfe", 1, false, "fe"},
        {"\xff", 1, false, "ff"},
        {"\xc3", 1, false, "truncated two-byte"},
        {"\xe2\x82", 2, false, "truncated three-byte"},
        {"\xf0\x9f\x98", 3, false, "truncated four-byte"},
        {"abc\xc3", 4, false, "truncated at the end"},
        {"\xc3(", 2, false, "bad continuation"},
        {"\xe2\x28\xa1", 3, false, "bad second byte"},
        {"\xe2\x82\x28", 3, false, "bad third byte"},
        {"\xf0\x9f\x98(", 4, false, "bad fourth byte"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (text_is_clean_utf8(cases[i].s, cases[i].len) != cases[i].ok)
            fail_msg("text_is_clean_utf8: %s should be %s", cases[i].what,
                     cases[i].ok ? "clean" : "refused");
    /* Only the given length counts: a bad byte beyond it is not looked at. */
    assert_true(text_is_clean_utf8("ok\xff", 2));
    assert_false(text_is_clean_utf8("\xe2\x82\xac", 2));
}

static void test_text_length_slug_copy(void **state)
{
    (void)state;
    assert_int_equal(text_utf8_length(""), 0);
    assert_int_equal(text_utf8_length("abc"), 3);
    assert_int_equal(text_utf8_length("zorgco\xc3\xb6rdinator"), 15);
    assert_int_equal(text_utf8_length("\xe2\x82\xac"), 1);
    assert_int_equal(text_utf8_length("a\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"), 4);

    assert_true(text_is_slug("abc", 10));
    assert_true(text_is_slug("a.b_c-1", 10));
    assert_true(text_is_slug("abcd", 4));
    assert_false(text_is_slug("abcde", 4));
    assert_false(text_is_slug("", 10));
    assert_false(text_is_slug("ABC", 10));
    assert_false(text_is_slug("a b", 10));
    assert_false(text_is_slug("a/b", 10));
    assert_false(text_is_slug("caf\xc3\xa9", 10));
    assert_false(text_is_slug("x\n", 10));

    char dst[6];
    memset(dst, '#', sizeof dst);
    assert_true(text_copy(dst, sizeof dst, "abc"));
    assert_string_equal(dst, "abc");
    assert_true(text_copy(dst, sizeof dst, "abcde")); /* exactly fills */
    assert_string_equal(dst, "abcde");
    assert_false(text_copy(dst, sizeof dst, "abcdef"));
    assert_string_equal(dst, "abcde");
    assert_false(text_copy(dst, sizeof dst, "a much longer text"));
    assert_string_equal(dst, "a muc");
    assert_true(text_copy(dst, 1, ""));
    assert_string_equal(dst, "");
    memset(dst, '#', sizeof dst);
    assert_false(text_copy(dst, 1, "x"));
    assert_int_equal(dst[0], '\0');
    assert_int_equal(dst[1], '#');
    assert_false(text_copy(dst, 0, "x"));
    assert_int_equal(dst[0], '\0'); /* n == 0 writes nothing */
    /* A cut never falls inside a character: "ab" and the two bytes of an
     * e-acute fill 5 of 6; a third and fourth byte of a euro sign would not
     * fit, so the whole sign is left out. */
    assert_false(text_copy(dst, sizeof dst, "ab\xc3\xa9\xe2\x82\xac"));
    assert_string_equal(dst, "ab\xc3\xa9");
    assert_false(text_copy(dst, sizeof dst, "abcd\xc3\xa9"));
    assert_string_equal(dst, "abcd");
    assert_true(text_copy(dst, sizeof dst, "abc\xc3\xa9"));
    assert_int_equal(text_utf8_prefix("\xe2\x82\xac\xe2\x82\xac", 4), 3);
    assert_int_equal(text_utf8_prefix("\xe2\x82\xac\xe2\x82\xac", 6), 6);
    assert_int_equal(text_utf8_prefix("ab", 40), 2);
    assert_int_equal(text_utf8_prefix("\xc3\xa9", 1), 0);

    /* Scrubbing leaves UTF-8 alone and makes each stray byte a '?'. */
    char scrub[32] = "caf\xc3\xa9 \xff\xc3 \xe2\x82 ok\x01";
    text_scrub_utf8(scrub);
    assert_string_equal(scrub, "caf\xc3\xa9 ?? ?? ok\x01");
    assert_true(text_is_clean_utf8(scrub, strlen(scrub) - 1));
    /* Trimming cuts off only a character left incomplete at the end. */
    char trim[16] = "ab\xc3\xa9\xe2\x82";
    text_trim_utf8(trim);
    assert_string_equal(trim, "ab\xc3\xa9");
    text_trim_utf8(trim);
    assert_string_equal(trim, "ab\xc3\xa9");
    char trim4[16] = "\xf0\x9f\x98";
    text_trim_utf8(trim4);
    assert_string_equal(trim4, "");
    char overlong[8] = "\xc0\xaf\xed\xa0\x80";
    text_scrub_utf8(overlong);
    assert_string_equal(overlong, "?????");

    assert_true(text_is_blank(""));
    assert_true(text_is_blank(" \t\r\n"));
    assert_false(text_is_blank(" x "));
    assert_true(text_starts_with("sqlite:db", "sqlite:"));
    assert_true(text_starts_with("abc", ""));
    assert_false(text_starts_with("sql", "sqlite:"));
    char hex[9];
    text_hex((const unsigned char *)"\x00\x0f\xa5\xff", 4, hex);
    assert_string_equal(hex, "000fa5ff");
}

/* ---- mem and status --------------------------------------------------- */

static void test_mem_fail_after(void **state)
{
    (void)state;
    /* Two more allocations succeed, the third fails, and so does every one
     * after it until the hook is switched off. */
    sg_mem_fail_after(2);
    void *a = sg_malloc(16);
    void *b = sg_calloc(4, 4);
    void *c = sg_realloc(a, 64);
    char *d = sg_strdup("x");
    void *e = sg_malloc(1);
    sg_mem_fail_after(-1);
    assert_non_null(a);
    assert_non_null(b);
    assert_null(c); /* a stays valid when realloc fails */
    assert_null(d);
    assert_null(e);
    assert_memory_equal(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    sg_free(a);
    sg_free(b);

    sg_mem_fail_after(0);
    assert_null(sg_malloc(1));
    assert_null(sg_strndup("abc", 2));
    sg_mem_fail_after(-1);

    /* Switched off: everything works again, also zero-sized requests. */
    void *z = sg_malloc(0);
    assert_non_null(z);
    sg_free(z);
    char *s = sg_strndup("abcdef", 3);
    assert_string_equal(s, "abc");
    sg_free(s);
    s = sg_strdup("hello");
    assert_string_equal(s, "hello");
    sg_free(s);
    assert_null(sg_strdup(NULL));
    assert_null(sg_strndup(NULL, 3));
    sg_free(NULL);

    /* Any negative value switches the hook off. */
    sg_mem_fail_after(0);
    sg_mem_fail_after(-7);
    z = sg_malloc(8);
    assert_non_null(z);
    sg_free(z);
}

static void test_status_str(void **state)
{
    (void)state;
    for (int code = SG_ESTATE; code <= SG_OK; code++) {
        const char *s = sg_status_str(code);
        assert_non_null(s);
        assert_string_not_equal(s, "unknown error");
        for (int other = code + 1; other <= SG_OK; other++)
            assert_string_not_equal(s, sg_status_str(other));
    }
    assert_string_equal(sg_status_str(SG_OK), "ok");
    assert_string_equal(sg_status_str(-999), "unknown error");
    assert_string_equal(sg_status_str(1), "unknown error");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_bound),         cmocka_unit_test(test_buf_growth_and_printf),
        cmocka_unit_test(test_buf_detach),        cmocka_unit_test(test_buf_out_of_memory),
        cmocka_unit_test(test_date_parse_strict), cmocka_unit_test(test_date_days),
        cmocka_unit_test(test_date_weekday),      cmocka_unit_test(test_date_age_on),
        cmocka_unit_test(test_clock_iso),         cmocka_unit_test(test_date_nl),
        cmocka_unit_test(test_text_clean_utf8),   cmocka_unit_test(test_text_length_slug_copy),
        cmocka_unit_test(test_mem_fail_after),    cmocka_unit_test(test_status_str),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
