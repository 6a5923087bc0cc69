/* Unit tests for domain/clocks: the published rules of data/clocks.json,
 * which events start, stop and restart each clock under its conditions
 * (receiving organisation, screening signs), the due date of every kind of
 * period (working days across weekends and holidays, days, weeks, the same
 * day, a date given with the event), and the refusal of malformed rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_file.h"
#include "domain/clocks.h"

#define RULES_PATH SIGNAAL_SOURCE_DIR "/data/clocks.json"

/* The text of data/clocks.json, read once. */
static char *rules_text;
static size_t rules_len;

static int group_setup(void **state)
{
    (void)state;
    rules_text = data_file_read(RULES_PATH, &rules_len);
    return rules_text ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    free(rules_text);
    return 0;
}

static void load_published(clock_rules *r)
{
    char why[256] = "unset";
    if (clock_rules_parse(rules_text, rules_len, r, why, sizeof why) != SG_OK)
        fail_msg("data/clocks.json is refused: %s", why);
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

static const clock_rule *find(const clock_rules *r, const char *id)
{
    const clock_rule *rule = clock_rules_find(r, id);
    if (!rule)
        fail_msg("no clock rule %s", id);
    return rule;
}

/* ---- the published rules ---------------------------------------------- */

static void test_published_rules(void **state)
{
    (void)state;
    clock_rules r;
    load_published(&r);
    assert_non_null(r.doc);
    assert_int_equal(r.version, 2);
    assert_int_equal(r.cal.count, 8);
    assert_int_equal(r.count, 11);
    static const struct {
        const char *id, *starts_on;
        clock_due_kind due;
        int due_n;
        bool receiver;
        int nstops, nrestarts;
        const char *to, *not_to, *purpose;
        bool signs[3];
        const char *source; /* a word the source must name */
    } want[] = {
        {"referral-acknowledge",
         "referral.sent",
         DUE_WORKING_DAYS,
         2,
         true,
         4,
         0,
         "",
         "",
         "",
         {0},
         "Agreement"},
        {"veilig-thuis-acute-contact",
         "referral.sent",
         DUE_SAME_DAY,
         0,
         true,
         4,
         0,
         "veilig-thuis",
         "",
         "acute-report",
         {0},
         "Handelingsprotocol Veilig Thuis 2019"},
        {"veilig-thuis-triage",
         "referral.sent",
         DUE_WORKING_DAYS,
         5,
         true,
         3,
         0,
         "veilig-thuis",
         "",
         "",
         {0},
         "Uitvoeringsbesluit Wmo 2015 art. 4.1.7"},
        {"veilig-thuis-investigation",
         "referral.accepted",
         DUE_WEEKS,
         10,
         true,
         1,
         0,
         "veilig-thuis",
         "",
         "",
         {0},
         "Landelijk Netwerk Veilig Thuis"},
        {"referral-decide",
         "referral.acknowledged",
         DUE_WORKING_DAYS,
         10,
         true,
         3,
         0,
         "",
         "veilig-thuis",
         "",
         {0},
         "Agreement"},
        {"om-informed",
         "screening.completed",
         DUE_SAME_DAY,
         0,
         true,
         2,
         0,
         "",
         "",
         "",
         {false, true, true},
         "Aanwijzing mensenhandel"},
        {"om-decision",
         "screening.completed",
         DUE_WORKING_DAYS,
         10,
         true,
         1,
         0,
         "",
         "",
         "",
         {0},
         "Agreement"},
        {"comensha-report",
         "screening.completed",
         DUE_WORKING_DAYS,
         2,
         false,
         1,
         0,
         "",
         "",
         "",
         {false, true, true},
         "CoMensha"},
        {"comensha-report-om",
         "decision.possible-victim",
         DUE_WORKING_DAYS,
         2,
         false,
         1,
         0,
         "",
         "",
         "",
         {0},
         "Aanwijzing mensenhandel"},
        {"further-investigation",
         "decision.further-investigation",
         DUE_FROM_FIELD,
         0,
         false,
         1,
         0,
         "",
         "",
         "",
         {0},
         "OM"},
        {"case-review", "case.opened", DUE_WEEKS, 12, false, 1, 1, "", "", "", {0}, "Agreement"},
    };
    for (int i = 0; i < 11; i++) {
        const clock_rule *c = &r.rules[i];
        assert_string_equal(c->id, want[i].id);
        assert_ptr_equal(clock_rules_find(&r, want[i].id), c);
        assert_string_equal(c->starts_on, want[i].starts_on);
        assert_int_equal(c->due, want[i].due);
        if (want[i].due == DUE_WORKING_DAYS || want[i].due == DUE_WEEKS)
            assert_int_equal(c->due_n, want[i].due_n);
        assert_int_equal(c->receiver_responsible, want[i].receiver);
        assert_int_equal(c->nstops, want[i].nstops);
        assert_int_equal(c->nrestarts, want[i].nrestarts);
        assert_string_equal(c->when_to_type, want[i].to);
        assert_string_equal(c->when_not_to_type, want[i].not_to);
        assert_string_equal(c->when_purpose, want[i].purpose);
        for (int k = 0; k < 3; k++)
            assert_int_equal(c->when_signs[k], want[i].signs[k]);
        assert_true(c->text_nl && *c->text_nl);
        assert_true(c->text_en && *c->text_en);
        assert_string_not_equal(c->text_nl, c->text_en);
        if (!c->source || !strstr(c->source, want[i].source))
            fail_msg("clock %s: its source should name \"%s\"", c->id, want[i].source);
    }
    assert_null(clock_rules_find(&r, "no-such-clock"));
    assert_null(clock_rules_find(&r, ""));
    clock_rules_free(&r);
    assert_null(r.doc);
    assert_int_equal(r.count, 0);
    clock_rules_free(&r); /* twice is harmless */
}

/* ---- starting, stopping, restarting ----------------------------------- */

typedef struct start_row {
    const char *event, *to_type, *signs;
    /* The rules that start, in published order, separated by spaces. */
    const char *starts;
    const char *purpose; /* a referral's purpose, or NULL */
} start_row;

static void test_starts(void **state)
{
    (void)state;
    clock_rules r;
    load_published(&r);
    static const start_row rows[] = {
        {"referral.sent", "veilig-thuis", NULL, "referral-acknowledge veilig-thuis-triage", NULL},
        {"referral.sent", "veilig-thuis", NULL, "referral-acknowledge veilig-thuis-triage",
         "report"},
        /* A report of acute danger: Veilig Thuis makes contact the same day. */
        {"referral.sent", "veilig-thuis", NULL,
         "referral-acknowledge veilig-thuis-acute-contact veilig-thuis-triage", "acute-report"},
        {"referral.sent", "youth-care", NULL, "referral-acknowledge", "acute-report"},
        /* Veilig Thuis takes a report into investigation: ten weeks. */
        {"referral.accepted", "veilig-thuis", NULL, "veilig-thuis-investigation", NULL},
        {"referral.completed", "veilig-thuis", NULL, "", NULL},
        {"referral.sent", "youth-care", NULL, "referral-acknowledge", NULL},
        {"referral.sent", "prosecution", "strong", "referral-acknowledge", NULL},
        {"referral.sent", NULL, NULL, "referral-acknowledge", NULL},
        {"referral.acknowledged", "youth-care", NULL, "referral-decide", NULL},
        {"referral.acknowledged", "police", NULL, "referral-decide", NULL},
        {"referral.acknowledged", NULL, NULL, "referral-decide", NULL},
        {"referral.acknowledged", "veilig-thuis", NULL, "", NULL},
        {"referral.accepted", "youth-care", NULL, "", NULL},
        {"screening.completed", "prosecution", "strong", "om-informed om-decision comensha-report",
         NULL},
        {"screening.completed", "prosecution", "possible",
         "om-informed om-decision comensha-report", NULL},
        {"screening.completed", "prosecution", "none", "om-decision", NULL},
        {"screening.completed", "prosecution", NULL, "om-decision", NULL},
        {"screening.completed", NULL, "bogus", "om-decision", NULL},
        {"decision.further-investigation", NULL, NULL, "further-investigation", NULL},
        {"decision.recorded", NULL, NULL, "", NULL},
        {"case.opened", NULL, NULL, "case-review", NULL},
        {"case.reviewed", NULL, NULL, "", NULL},
        {"referral", NULL, NULL, "", NULL},
        {"referral.sent.again", "veilig-thuis", NULL, "", NULL},
        {"REFERRAL.SENT", "veilig-thuis", NULL, "", NULL},
        {"", NULL, NULL, "", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        clock_event ev = {.name = rows[i].event,
                          .to_type = rows[i].to_type,
                          .purpose = rows[i].purpose,
                          .signs = rows[i].signs};
        char got[256] = "";
        size_t used = 0;
        for (int k = 0; k < r.count; k++)
            if (clock_rule_starts(&r.rules[k], &ev))
                used += (size_t)snprintf(got + used, sizeof got - used, "%s%s", used ? " " : "",
                                         r.rules[k].id);
        if (strcmp(got, rows[i].starts) != 0)
            fail_msg("%s to %s with signs %s: started \"%s\", expected \"%s\"", rows[i].event,
                     rows[i].to_type ? rows[i].to_type : "(none)",
                     rows[i].signs ? rows[i].signs : "(none)", got, rows[i].starts);
    }
    clock_rules_free(&r);
}

static void test_stops_and_restarts(void **state)
{
    (void)state;
    clock_rules r;
    load_published(&r);
    static const struct {
        const char *rule, *event;
        bool stops, restarts;
    } rows[] = {
        {"referral-acknowledge", "referral.acknowledged", true, false},
        {"referral-acknowledge", "referral.accepted", true, false},
        {"referral-acknowledge", "referral.declined", true, false},
        {"referral-acknowledge", "referral.revoked", true, false},
        {"referral-acknowledge", "referral.completed", false, false},
        {"referral-acknowledge", "referral.sent", false, false},
        {"veilig-thuis-triage", "referral.acknowledged", false, false},
        {"veilig-thuis-triage", "referral.accepted", true, false},
        {"veilig-thuis-triage", "referral.declined", true, false},
        {"veilig-thuis-triage", "referral.revoked", true, false},
        {"veilig-thuis-acute-contact", "referral.acknowledged", true, false},
        {"veilig-thuis-acute-contact", "referral.accepted", true, false},
        {"veilig-thuis-acute-contact", "referral.declined", true, false},
        {"veilig-thuis-acute-contact", "referral.revoked", true, false},
        {"veilig-thuis-acute-contact", "referral.completed", false, false},
        {"veilig-thuis-investigation", "referral.completed", true, false},
        {"veilig-thuis-investigation", "referral.accepted", false, false},
        {"veilig-thuis-investigation", "referral.revoked", false, false},
        {"referral-decide", "referral.accepted", true, false},
        {"referral-decide", "referral.acknowledged", false, false},
        {"om-informed", "screening.received", true, false},
        {"om-informed", "decision.recorded", true, false},
        {"om-informed", "screening.comensha-reported", false, false},
        {"om-decision", "decision.recorded", true, false},
        {"om-decision", "screening.received", false, false},
        {"comensha-report", "screening.comensha-reported", true, false},
        {"comensha-report", "decision.recorded", false, false},
        {"further-investigation", "decision.recorded", true, false},
        {"case-review", "case.closed", true, false},
        {"case-review", "case.reviewed", false, true},
        {"case-review", "case.opened", false, false},
        {"case-review", "", false, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const clock_rule *c = find(&r, rows[i].rule);
        if (clock_rule_stops(c, rows[i].event) != rows[i].stops)
            fail_msg("%s on %s: stops should be %d", rows[i].rule, rows[i].event, rows[i].stops);
        if (clock_rule_restarts(c, rows[i].event) != rows[i].restarts)
            fail_msg("%s on %s: restarts should be %d", rows[i].rule, rows[i].event,
                     rows[i].restarts);
    }
    clock_rules_free(&r);
}

/* ---- due dates -------------------------------------------------------- */

static void due(const clock_rules *r, const char *rule, const char *start, const char *due_on,
                const char *want)
{
    date s = parse(start), got;
    memset(&got, 0, sizeof got);
    clock_event ev = {.name = find(r, rule)->starts_on, .due_on = due_on};
    int rc = clock_due_date(r, find(r, rule), &s, &ev, &got);
    if (rc != SG_OK)
        fail_msg("%s from %s: refused (rc %d)", rule, start, rc);
    char what[128];
    snprintf(what, sizeof what, "%s from %s", rule, start);
    assert_date(&got, want, what);
}

static void test_due_published(void **state)
{
    (void)state;
    clock_rules r;
    load_published(&r);
    /* Working days: a weekend and King's Day (Monday 27 April 2026). */
    due(&r, "referral-acknowledge", "2026-04-24", NULL, "2026-04-29");
    due(&r, "veilig-thuis-triage", "2026-04-24", NULL, "2026-05-04");
    /* Liberation Day and Ascension Day in the way of ten working days. */
    due(&r, "referral-decide", "2026-05-04", NULL, "2026-05-20");
    /* Christmas and a weekend. */
    due(&r, "referral-acknowledge", "2026-12-24", NULL, "2026-12-29");
    /* New Year. */
    due(&r, "comensha-report", "2026-12-30", NULL, "2027-01-04");
    /* Started on a Saturday or Sunday. */
    due(&r, "referral-acknowledge", "2026-11-28", NULL, "2026-12-01");
    due(&r, "referral-acknowledge", "2026-11-29", NULL, "2026-12-01");
    /* A plain week. */
    due(&r, "veilig-thuis-triage", "2026-11-23", NULL, "2026-11-30");
    due(&r, "om-decision", "2026-11-23", NULL, "2026-12-07");
    /* Acute danger: Veilig Thuis makes contact the same day, weekend or not. */
    due(&r, "veilig-thuis-acute-contact", "2026-11-28", NULL, "2026-11-28");
    due(&r, "veilig-thuis-acute-contact", "2026-12-25", NULL, "2026-12-25");
    /* Ten weeks of investigation are calendar weeks. */
    due(&r, "veilig-thuis-investigation", "2026-11-23", NULL, "2027-02-01");
    due(&r, "veilig-thuis-investigation", "2026-04-27", NULL, "2026-07-06");
    /* The same day, even on a Saturday or a holiday. */
    due(&r, "om-informed", "2026-11-25", NULL, "2026-11-25");
    due(&r, "om-informed", "2026-11-28", NULL, "2026-11-28");
    due(&r, "om-informed", "2026-04-27", NULL, "2026-04-27");
    /* Weeks are calendar weeks, holidays or not. */
    due(&r, "case-review", "2026-11-28", NULL, "2027-02-20");
    due(&r, "case-review", "2026-12-25", NULL, "2027-03-19");
    /* A date given with the event. */
    due(&r, "further-investigation", "2026-11-28", "2027-01-15", "2027-01-15");
    due(&r, "further-investigation", "2026-11-28", "2026-11-28", "2026-11-28");

    const clock_rule *fi = find(&r, "further-investigation");
    date s = parse("2026-11-28"), got;
    clock_event none = {.name = fi->starts_on};
    assert_int_equal(clock_due_date(&r, fi, &s, &none, &got), SG_EINVAL);
    assert_int_equal(clock_due_date(&r, fi, &s, NULL, &got), SG_EINVAL);
    clock_event bad = {.name = fi->starts_on, .due_on = "2027-02-30"};
    assert_int_equal(clock_due_date(&r, fi, &s, &bad, &got), SG_EINVAL);
    bad.due_on = "15-01-2027";
    assert_int_equal(clock_due_date(&r, fi, &s, &bad, &got), SG_EINVAL);
    bad.due_on = "";
    assert_int_equal(clock_due_date(&r, fi, &s, &bad, &got), SG_EINVAL);
    /* A rule with its own period ignores a date that comes with the event. */
    due(&r, "referral-acknowledge", "2026-04-24", "2030-01-01", "2026-04-29");
    /* And needs no event at all. */
    const clock_rule *ack = find(&r, "referral-acknowledge");
    s = parse("2026-04-24");
    assert_int_equal(clock_due_date(&r, ack, &s, NULL, &got), SG_OK);
    assert_date(&got, "2026-04-29", "referral-acknowledge without an event");
    clock_rules_free(&r);
}

/* ---- rules of one's own ------------------------------------------------ */

#define HOLIDAYS                                                                                   \
    "[{\"id\": \"koningsdag\", \"month\": 4, \"day\": 27, \"if_sunday\": -1, \"nl\": \"k\","       \
    " \"en\": \"k\"}, {\"id\": \"tweede-paasdag\", \"easter_offset\": 1, \"nl\": \"p\","           \
    " \"en\": \"p\"}]"

/* Texts built by the tests below live until the end of each test (freed by
 * free_scratch, also when a check fails half-way). */
#define SCRATCH_MAX 1024
static char *scratch[SCRATCH_MAX];
static int nscratch;

static char *scratch_alloc(size_t n)
{
    assert_true(nscratch < SCRATCH_MAX);
    char *p = malloc(n);
    assert_non_null(p);
    scratch[nscratch++] = p;
    return p;
}

static int free_scratch(void **state)
{
    (void)state;
    while (nscratch > 0)
        free(scratch[--nscratch]);
    return 0;
}

/* A rules document around the clock rules given (a JSON array's inside). */
static char *doc_with(const char *clocks)
{
    size_t n = strlen(clocks) + 512;
    char *text = scratch_alloc(n);
    snprintf(text, n, "{\"version\": 3, \"holidays\": " HOLIDAYS ", \"clocks\": [%s]}", clocks);
    return text;
}

/* One rule with the given due, when and events; the rest is valid. */
static char *rule_with(const char *id, const char *starts, const char *stops, const char *extra)
{
    char *text = scratch_alloc(4096);
    snprintf(text, 4096,
             "{\"id\": \"%s\", \"starts_on\": \"%s\", \"stops_on\": %s, \"responsible\":"
             " \"receiver\", \"text\": {\"nl\": \"nl\", \"en\": \"en\"}, \"source\":"
             " \"an agreement\"%s%s}",
             id, starts, stops, *extra ? ", " : "", extra);
    return text;
}

static void parse_ok(const char *clocks, clock_rules *out)
{
    char *text = doc_with(clocks);
    char why[256] = "";
    int rc = clock_rules_parse(text, strlen(text), out, why, sizeof why);
    if (rc != SG_OK)
        fail_msg("refused: %s\n%s", why, clocks);
}

static void test_custom_rules(void **state)
{
    (void)state;
    char *a = rule_with("days-30", "case.opened", "[\"case.closed\"]", "\"due\": {\"days\": 30}");
    char *b = rule_with("one-day", "case.opened", "[\"case.closed\"]", "\"due\": {\"days\": 1}");
    char *c = rule_with("week", "case.opened", "[\"case.closed\"]", "\"due\": {\"weeks\": 1}");
    char *d =
        rule_with("wd-400", "case.opened", "[\"case.closed\"]", "\"due\": {\"working_days\": 400}");
    char *e = rule_with("both", "screening.completed", "[\"decision.recorded\"]",
                        "\"due\": {\"same_day\": true}, \"when\": {\"to_type\": \"prosecution\","
                        " \"signs\": [\"strong\"]}");
    char *f = rule_with("not-police", "referral.sent", "[\"referral.accepted\"]",
                        "\"due\": {\"working_days\": 1}, \"when\": {\"not_to_type\": \"police\"}");
    char all[16384];
    snprintf(all, sizeof all, "%s, %s, %s, %s, %s, %s", a, b, c, d, e, f);
    clock_rules r;
    parse_ok(all, &r);
    assert_int_equal(r.version, 3);
    assert_int_equal(r.cal.count, 2);
    assert_int_equal(r.count, 6);
    due(&r, "days-30", "2026-01-15", NULL, "2026-02-14");
    due(&r, "days-30", "2026-12-15", NULL, "2027-01-14");
    due(&r, "one-day", "2028-02-28", NULL, "2028-02-29");
    due(&r, "one-day", "2027-02-28", NULL, "2027-03-01");
    due(&r, "one-day", "2026-04-26", NULL, "2026-04-27"); /* calendar days: holidays count */
    due(&r, "week", "2026-12-29", NULL, "2027-01-05");
    /* This calendar knows only King's Day and Easter Monday: Christmas is a working day. */
    assert_int_equal(find(&r, "wd-400")->due_n, 400);
    clock_rule one = *find(&r, "wd-400");
    one.due_n = 1;
    date s = parse("2026-12-24"), got;
    assert_int_equal(clock_due_date(&r, &one, &s, NULL, &got), SG_OK);
    assert_date(&got, "2026-12-25", "a working day by a calendar without Christmas");
    s = parse("2026-04-24");
    assert_int_equal(clock_due_date(&r, &one, &s, NULL, &got), SG_OK);
    assert_date(&got, "2026-04-28", "a working day by a calendar with King's Day");
    /* Both conditions must hold. */
    const clock_rule *both = find(&r, "both");
    clock_event ev = {.name = "screening.completed", .to_type = "prosecution", .signs = "strong"};
    assert_true(clock_rule_starts(both, &ev));
    ev.signs = "possible";
    assert_false(clock_rule_starts(both, &ev));
    ev.signs = "strong";
    ev.to_type = "police";
    assert_false(clock_rule_starts(both, &ev));
    ev.to_type = NULL;
    assert_false(clock_rule_starts(both, &ev));
    ev.to_type = "prosecution";
    ev.signs = NULL;
    assert_false(clock_rule_starts(both, &ev));
    const clock_rule *np = find(&r, "not-police");
    clock_event sent = {.name = "referral.sent", .to_type = "police"};
    assert_false(clock_rule_starts(np, &sent));
    sent.to_type = "veilig-thuis";
    assert_true(clock_rule_starts(np, &sent));
    clock_rules_free(&r);

    /* Eight events are the most a rule lists; restarts_on may be left out or empty. */
    char *eight =
        rule_with("eight", "case.opened",
                  "[\"a.1\", \"a.2\", \"a.3\", \"a.4\", \"a.5\", \"a.6\", \"a.7\", \"a.8\"]",
                  "\"due\": {\"weeks\": 1}, \"restarts_on\": [\"b.1\", \"b.2\", \"b.3\","
                  " \"b.4\", \"b.5\", \"b.6\", \"b.7\", \"b.8\"]");
    parse_ok(eight, &r);
    assert_int_equal(r.rules[0].nstops, 8);
    assert_int_equal(r.rules[0].nrestarts, 8);
    assert_true(clock_rule_stops(&r.rules[0], "a.8"));
    assert_true(clock_rule_restarts(&r.rules[0], "b.8"));
    assert_false(clock_rule_stops(&r.rules[0], "b.8"));
    clock_rules_free(&r);
    char *empty = rule_with("no-restarts", "case.opened", "[\"case.closed\"]",
                            "\"due\": {\"weeks\": 1}, \"restarts_on\": []");
    parse_ok(empty, &r);
    assert_int_equal(r.rules[0].nrestarts, 0);
    clock_rules_free(&r);
    /* No clocks at all is a valid set. */
    parse_ok("", &r);
    assert_int_equal(r.count, 0);
    clock_rules_free(&r);
    /* 32 rules are the most. */
    char *many = scratch_alloc(32 * 512);
    size_t used = 0;
    for (int i = 0; i < 32; i++) {
        char id[16];
        snprintf(id, sizeof id, "rule-%d", i);
        char *one_rule =
            rule_with(id, "case.opened", "[\"case.closed\"]", "\"due\": {\"days\": 1}");
        used += (size_t)snprintf(many + used, 32 * 512 - used, "%s%s", i ? "," : "", one_rule);
    }
    parse_ok(many, &r);
    assert_int_equal(r.count, 32);
    clock_rules_free(&r);
}

/* ---- refusals --------------------------------------------------------- */

static void expect_text_refused(const char *what, const char *text, const char *want)
{
    clock_rules r;
    char why[256] = "";
    int rc = clock_rules_parse(text, strlen(text), &r, why, sizeof why);
    if (rc == SG_OK)
        clock_rules_free(&r);
    if (rc != SG_EINVAL)
        fail_msg("%s: accepted (rc %d)", what, rc);
    if (!strstr(why, want))
        fail_msg("%s: why is \"%s\", expected \"%s\"", what, why, want);
    assert_null(r.doc);
    assert_int_equal(r.count, 0);
}

static void expect_refused(const char *what, const char *clocks, const char *want)
{
    char *text = doc_with(clocks);
    expect_text_refused(what, text, want);
}

/* A rule differing from a valid one in extra (JSON members, after the defaults). */
static void expect_rule_refused(const char *what, const char *starts, const char *stops,
                                const char *extra, const char *want)
{
    char *rule = rule_with("bad", starts, stops, extra);
    expect_refused(what, rule, want);
}

#define STOPS "[\"case.closed\"]"
#define DUE "\"due\": {\"days\": 1}"

static void test_refusals(void **state)
{
    (void)state;
    /* The document. */
    expect_text_refused("empty", "", "not valid JSON");
    expect_text_refused("truncated", "{\"version\": 1, \"clocks\": [", "not valid JSON");
    expect_text_refused("a duplicate key", "{\"version\": 1, \"version\": 2}", "not valid JSON");
    expect_text_refused("no version", "{\"holidays\": [], \"clocks\": []}", "version");
    expect_text_refused("version 0", "{\"version\": 0, \"holidays\": [], \"clocks\": []}",
                        "version");
    expect_text_refused("version as text", "{\"version\": \"1\", \"holidays\": [], \"clocks\": []}",
                        "version");
    expect_text_refused("no holidays", "{\"version\": 1, \"clocks\": []}", "holidays: ");
    expect_text_refused("a bad holiday",
                        "{\"version\": 1, \"holidays\": [{\"id\": \"x\", \"month\": 2, \"day\":"
                        " 30, \"nl\": \"x\", \"en\": \"x\"}], \"clocks\": []}",
                        "holidays: ");
    expect_text_refused("no clocks", "{\"version\": 1, \"holidays\": []}", "clocks must be a list");
    expect_text_refused("clocks as an object", "{\"version\": 1, \"holidays\": [], \"clocks\": {}}",
                        "clocks must be a list");
    clock_rules r;
    char why[256] = "";
    assert_int_equal(clock_rules_parse(rules_text, rules_len / 2, &r, why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "not valid JSON"));
    assert_null(r.doc);

    /* Too many rules. */
    char *many = scratch_alloc(33 * 512);
    size_t used = 0;
    for (int i = 0; i < 33; i++) {
        char id[16];
        snprintf(id, sizeof id, "rule-%d", i);
        char *one = rule_with(id, "case.opened", STOPS, DUE);
        used += (size_t)snprintf(many + used, 33 * 512 - used, "%s%s", i ? "," : "", one);
    }
    expect_refused("33 rules", many, "at most 32");

    /* The id. */
    expect_refused("no id",
                   "{\"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"sender\", \"text\": {\"nl\": \"a\", \"en\": \"b\"}}",
                   "needs a short id");
    {
        char *rule =
            rule_with("abcdefghijabcdefghijabcdefghijabcdefghij", "case.opened", STOPS, DUE);
        expect_refused("an id of 40 characters", rule, "needs a short id");
    }
    {
        char *one = rule_with("twice", "case.opened", STOPS, DUE);
        char *two = rule_with("twice", "referral.sent", STOPS, "\"due\": {\"weeks\": 2}");
        char both[4096];
        snprintf(both, sizeof both, "%s, %s", one, two);
        expect_refused("a duplicate id", both, "clock twice: the id appears twice");
    }

    /* Event names. */
    expect_rule_refused("no starts_on", "", STOPS, DUE, "starts_on names an event");
    expect_rule_refused("starts_on without a dot", "referral", STOPS, DUE,
                        "starts_on names an event");
    expect_rule_refused("starts_on in capitals", "Referral.Sent", STOPS, DUE,
                        "starts_on names an event");
    expect_rule_refused("starts_on with a space", "referral .sent", STOPS, DUE,
                        "starts_on names an event");
    expect_rule_refused("starts_on of 48 characters",
                        "referral.abcdefghijabcdefghijabcdefghijabcdefghi", STOPS, DUE,
                        "starts_on names an event");
    expect_rule_refused("no stops_on", "case.opened", "null", DUE, "stops_on (required)");
    expect_rule_refused("an empty stops_on", "case.opened", "[]", DUE, "stops_on (required)");
    expect_rule_refused("stops_on as text", "case.opened", "\"case.closed\"", DUE,
                        "stops_on (required)");
    expect_rule_refused("a stop without a dot", "case.opened", "[\"closed\"]", DUE,
                        "stops_on (required)");
    expect_rule_refused("a stop that is a number", "case.opened", "[\"case.closed\", 7]", DUE,
                        "stops_on (required)");
    expect_rule_refused("nine stops", "case.opened",
                        "[\"a.1\", \"a.2\", \"a.3\", \"a.4\", \"a.5\", \"a.6\", \"a.7\", \"a.8\","
                        " \"a.9\"]",
                        DUE, "up to 8 events");
    expect_rule_refused("a bad restart", "case.opened", STOPS,
                        DUE ", \"restarts_on\": [\"Case.Reviewed\"]", "restarts_on");
    expect_rule_refused("restarts_on as text", "case.opened", STOPS,
                        DUE ", \"restarts_on\": \"case.reviewed\"", "restarts_on");
    expect_rule_refused("nine restarts", "case.opened", STOPS,
                        DUE ", \"restarts_on\": [\"a.1\", \"a.2\", \"a.3\", \"a.4\", \"a.5\","
                            " \"a.6\", \"a.7\", \"a.8\", \"a.9\"]",
                        "up to 8 events");

    /* The responsible side and the texts. */
    expect_refused("no responsible side",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"text\": {\"nl\": \"a\", \"en\": \"b\"}}",
                   "responsible is sender or receiver");
    expect_refused("responsible: the OM",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"om\", \"text\": {\"nl\": \"a\", \"en\": \"b\"}}",
                   "responsible is sender or receiver");
    expect_refused("no text",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"sender\"}",
                   "needs text in nl and en");
    expect_refused("text without English",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"sender\", \"text\": {\"nl\": \"a\"}}",
                   "needs text in nl and en");
    expect_refused("text without Dutch",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"sender\", \"text\": {\"en\": \"a\"}}",
                   "needs text in nl and en");
    expect_refused("text as a string",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"sender\", \"text\": \"a\"}",
                   "needs text in nl and en");

    /* Every clock says where its term comes from. */
    expect_refused("no source",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"sender\", \"text\": {\"nl\": \"a\", \"en\": \"b\"}}",
                   "needs its source");
    expect_refused("a blank source",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"sender\", \"text\": {\"nl\": \"a\", \"en\": \"b\"},"
                   " \"source\": \"  \"}",
                   "needs its source");
    expect_refused("a source that is no text",
                   "{\"id\": \"x\", \"starts_on\": \"case.opened\", \"stops_on\": " STOPS ", " DUE
                   ", \"responsible\": \"sender\", \"text\": {\"nl\": \"a\", \"en\": \"b\"},"
                   " \"source\": 4}",
                   "needs its source");

    /* The period. */
    expect_rule_refused("no due", "case.opened", STOPS, "\"x\": 1", "due names exactly one period");
    expect_rule_refused("an empty due", "case.opened", STOPS, "\"due\": {}",
                        "due names exactly one period");
    expect_rule_refused("two periods", "case.opened", STOPS, "\"due\": {\"days\": 1, \"weeks\": 1}",
                        "due names exactly one period");
    expect_rule_refused("an unknown kind of period", "case.opened", STOPS,
                        "\"due\": {\"months\": 2}",
                        "due is working_days, days, weeks, same_day or from_field");
    expect_rule_refused("due as a number", "case.opened", STOPS, "\"due\": 5",
                        "due names exactly one period");
    expect_rule_refused("zero days", "case.opened", STOPS, "\"due\": {\"days\": 0}",
                        "a whole number from 1 to 400");
    expect_rule_refused("401 working days", "case.opened", STOPS,
                        "\"due\": {\"working_days\": 401}", "a whole number from 1 to 400");
    expect_rule_refused("-1 weeks", "case.opened", STOPS, "\"due\": {\"weeks\": -1}",
                        "a whole number from 1 to 400");
    expect_rule_refused("days as text", "case.opened", STOPS, "\"due\": {\"days\": \"5\"}",
                        "a whole number from 1 to 400");
    expect_rule_refused("days as a fraction", "case.opened", STOPS, "\"due\": {\"days\": 2.5}",
                        "a whole number from 1 to 400");
    expect_rule_refused("same_day false", "case.opened", STOPS, "\"due\": {\"same_day\": false}",
                        "due is working_days");
    expect_rule_refused("from another field", "case.opened", STOPS,
                        "\"due\": {\"from_field\": \"created_at\"}", "due is working_days");

    /* The conditions. */
    expect_rule_refused("unknown signs", "case.opened", STOPS,
                        DUE ", \"when\": {\"signs\": [\"strong\", \"severe\"]}",
                        "signs are none, possible or strong");
    expect_rule_refused("signs that are not text", "case.opened", STOPS,
                        DUE ", \"when\": {\"signs\": [1]}", "signs are none, possible or strong");
    expect_rule_refused("an organisation type of 32 characters", "case.opened", STOPS,
                        DUE ", \"when\": {\"to_type\": \"abcdefghijabcdefghijabcdefghijab\"}",
                        "too long");
    expect_rule_refused("an excluded type of 32 characters", "case.opened", STOPS,
                        DUE ", \"when\": {\"not_to_type\": \"abcdefghijabcdefghijabcdefghijab\"}",
                        "too long");

    /* A bad rule after good ones names itself. */
    {
        char *good = rule_with("good", "case.opened", STOPS, DUE);
        char *bad = rule_with("late-bad", "case.opened", STOPS, "\"due\": {\"years\": 1}");
        char both[4096];
        snprintf(both, sizeof both, "%s, %s", good, bad);
        expect_refused("the second rule is bad", both, "clock late-bad: ");
    }
    /* A tiny why buffer is still terminated. */
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    assert_int_equal(clock_rules_parse("{", 1, &r, tiny, sizeof tiny), SG_EINVAL);
    assert_non_null(memchr(tiny, '\0', sizeof tiny));
}

/* An empty id names no rule: the rules say each clock needs a short id. */
static void test_empty_id_refused(void **state)
{
    (void)state;
    char *rule = rule_with("", "case.opened", STOPS, DUE);
    expect_refused("an empty id", rule, "needs a short id");
}

/* A condition the parser does not understand must not widen a clock to every
 * event: "signs" as text, an unknown key or a "when" that is no object. */
static void test_malformed_conditions_refused(void **state)
{
    (void)state;
    expect_rule_refused("signs as text", "screening.completed", STOPS,
                        DUE ", \"when\": {\"signs\": \"strong\"}", "clock bad: ");
    expect_rule_refused("an unknown condition", "referral.sent", STOPS,
                        DUE ", \"when\": {\"to-type\": \"veilig-thuis\"}", "clock bad: ");
    expect_rule_refused("when as text", "referral.sent", STOPS, DUE ", \"when\": \"veilig-thuis\"",
                        "clock bad: ");
    expect_rule_refused("to_type as a number", "referral.sent", STOPS,
                        DUE ", \"when\": {\"to_type\": 7}", "clock bad: ");
    expect_rule_refused("purpose as a number", "referral.sent", STOPS,
                        DUE ", \"when\": {\"purpose\": 7}", "purpose names a referral's purpose");
    expect_rule_refused("a purpose that is no code", "referral.sent", STOPS,
                        DUE ", \"when\": {\"purpose\": \"Acute Report\"}",
                        "purpose names a referral's purpose");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_published_rules, free_scratch),
        cmocka_unit_test_teardown(test_starts, free_scratch),
        cmocka_unit_test_teardown(test_stops_and_restarts, free_scratch),
        cmocka_unit_test_teardown(test_due_published, free_scratch),
        cmocka_unit_test_teardown(test_custom_rules, free_scratch),
        cmocka_unit_test_teardown(test_refusals, free_scratch),
        cmocka_unit_test_teardown(test_empty_id_refused, free_scratch),
        cmocka_unit_test_teardown(test_malformed_conditions_refused, free_scratch),
    };
    return cmocka_run_group_tests_name("clocks", tests, group_setup, group_teardown);
}
