/* Unit tests for domain/guidance: the published rules of data/guidance.json
 * applied to a table of indicator sets, the invariance of every row under
 * added vulnerability (C) indicators, which items count, and the refusal of
 * rule sets that break the rules about rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_file.h"
#include "base/mem.h"
#include "domain/guidance.h"

#define RULES_PATH SIGNAAL_SOURCE_DIR "/data/guidance.json"
#define MAX_ITEMS 64

/* The text of data/guidance.json, read once. */
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

static void load_rules(guidance_rules *r)
{
    char why[256] = "unset";
    int rc = guidance_parse(rules_text, rules_len, r, why, sizeof why);
    if (rc != SG_OK)
        fail_msg("data/guidance.json is refused: %s", why);
}

/* ---- the published rule set ------------------------------------------- */

static void test_published_rules_parse(void **state)
{
    (void)state;
    guidance_rules r;
    load_rules(&r);
    assert_non_null(r.doc);
    assert_int_equal(r.version, 1);
    assert_int_equal(r.window_days, 90);
    assert_int_equal(r.count, 4);
    static const struct {
        const char *id, *advice, *strengths;
        int min_indicators, min_categories;
    } want[] = {
        {"G1", "consult-today", "S", 1, 1},
        {"G2", "plan-consultation", "M", 2, 2},
        {"G3", "plan-consultation", "M", 3, 1},
        {"G4", "keep-observing", "MW", 1, 1},
    };
    for (int i = 0; i < 4; i++) {
        assert_string_equal(r.rules[i].id, want[i].id);
        assert_string_equal(r.rules[i].advice, want[i].advice);
        assert_string_equal(r.rules[i].strengths, want[i].strengths);
        assert_int_equal(r.rules[i].min_indicators, want[i].min_indicators);
        assert_int_equal(r.rules[i].min_categories, want[i].min_categories);
        assert_true(r.rules[i].text_nl && *r.rules[i].text_nl);
        assert_true(r.rules[i].text_en && *r.rules[i].text_en);
        assert_true(r.rules[i].why_nl && *r.rules[i].why_nl);
        assert_true(r.rules[i].why_en && *r.rules[i].why_en);
        assert_string_not_equal(r.rules[i].text_nl, r.rules[i].text_en);
    }
    assert_string_equal(r.otherwise.id, "otherwise");
    assert_string_equal(r.otherwise.advice, "no-concern-indicators");
    assert_true(r.otherwise.text_nl && *r.otherwise.text_nl);
    assert_true(r.otherwise.text_en && *r.otherwise.text_en);
    /* No rule of the published set may count vulnerability. */
    for (int i = 0; i < r.count; i++)
        assert_null(strchr(r.rules[i].strengths, 'C'));
    guidance_free(&r);
    assert_null(r.doc);
    guidance_free(&r); /* twice is harmless */
}

/* ---- the table -------------------------------------------------------- */

typedef struct row {
    const char *name;
    /* Items as "CODE:category:strength" separated by spaces. */
    const char *items;
    const char *advice;
    const char *rule; /* rule id, or "otherwise" */
    int counted;      /* items that counted */
    int categories;   /* distinct categories among them */
    const char *mask; /* per item: '1' counted, '0' not */
} row;

static const row table[] = {
    {"one S", "SCH-06:school:S", "consult-today", "G1", 1, 1, "1"},
    {"two S in one category", "COE-01:coercion:S COE-02:coercion:S", "consult-today", "G1", 2, 1,
     "11"},
    {"two M in two categories", "SCH-01:school:M PHN-01:phones:M", "plan-consultation", "G2", 2, 2,
     "11"},
    {"four M in three categories",
     "SCH-01:school:M PHN-01:phones:M PHN-02:phones:M "
     "REL-01:relationships:M",
     "plan-consultation", "G2", 4, 3, "1111"},
    {"three M in one category", "PHN-01:phones:M PHN-02:phones:M PHN-03:phones:M",
     "plan-consultation", "G3", 3, 1, "111"},
    {"two M in one category", "PHN-01:phones:M PHN-02:phones:M", "keep-observing", "G4", 2, 1,
     "11"},
    {"one M", "BEH-03:behaviour:M", "keep-observing", "G4", 1, 1, "1"},
    {"one W", "SCH-02:school:W", "keep-observing", "G4", 1, 1, "1"},
    {"W only, many categories",
     "SCH-02:school:W MON-06:money:W REL-06:relationships:W TRV-06:travel:W PHY-06:physical:W "
     "BEH-01:behaviour:W",
     "keep-observing", "G4", 6, 6, "111111"},
    {"the same W twice", "SCH-02:school:W SCH-02:school:W", "keep-observing", "G4", 2, 1, "11"},
    {"one M and W in another category", "SCH-01:school:M BEH-01:behaviour:W", "keep-observing",
     "G4", 2, 2, "11"},
    {"two M in one category and a W elsewhere",
     "PHN-01:phones:M PHN-02:phones:M BEH-01:behaviour:W", "keep-observing", "G4", 3, 2, "111"},
    {"two M in two categories and a W: only the M count",
     "SCH-01:school:M BEH-01:behaviour:W PHN-01:phones:M", "plan-consultation", "G2", 2, 2, "101"},
    {"nothing", "", "no-concern-indicators", "otherwise", 0, 0, ""},
    {"an S with M and W", "BEH-01:behaviour:W PHN-01:phones:M POL-01:police:S", "consult-today",
     "G1", 1, 1, "001"},
    {"an S with two M in two categories", "SCH-01:school:M PHN-01:phones:M TRV-01:travel:S",
     "consult-today", "G1", 1, 1, "001"},
    {"an S with three M in one category",
     "PHN-01:phones:M PHN-02:phones:M PHN-03:phones:M REC-01:recruitment:S", "consult-today", "G1",
     1, 1, "0001"},
    {"an S among many W", "SCH-02:school:W SCH-03:school:W SCH-06:school:S SCH-04:school:W",
     "consult-today", "G1", 1, 1, "0010"},
};

/* Splits row->items into items (pointing into buf). */
static int parse_items(const char *spec, char *buf, size_t n, guidance_item *items)
{
    int count = 0;
    snprintf(buf, n, "%s", spec);
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *c1 = strchr(tok, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        assert_non_null(c2);
        *c1 = '\0';
        *c2 = '\0';
        assert_true(count < MAX_ITEMS);
        items[count].code = tok;
        items[count].category = c1 + 1;
        items[count].strength = c2[1];
        count++;
    }
    return count;
}

static void check_row(const guidance_rules *r, const row *t, const guidance_item *items, int n,
                      const bool *is_c, const char *variant)
{
    /* Every entry must be written: run once over all-true, once over all-false. */
    bool counts[MAX_ITEMS], counts_false[MAX_ITEMS];
    for (int i = 0; i < MAX_ITEMS; i++) {
        counts[i] = true;
        counts_false[i] = false;
    }
    guidance_result res, res_false;
    guidance_assess(r, items, n, counts, &res);
    guidance_assess(r, items, n, counts_false, &res_false);
    assert_ptr_equal(res.rule, res_false.rule);
    for (int i = 0; i < n; i++)
        if (counts[i] != counts_false[i])
            fail_msg("%s%s: counts[%d] was not written", t->name, variant, i);
    if (!res.rule)
        fail_msg("%s%s: no rule", t->name, variant);
    if (strcmp(res.rule->advice, t->advice) != 0 || strcmp(res.rule->id, t->rule) != 0)
        fail_msg("%s%s: got %s/%s, expected %s/%s", t->name, variant, res.rule->advice,
                 res.rule->id, t->advice, t->rule);
    bool fired = strcmp(t->rule, "otherwise") != 0;
    if (res.fired != fired)
        fail_msg("%s%s: fired %d", t->name, variant, res.fired);
    if (!fired && res.rule != &r->otherwise)
        fail_msg("%s%s: otherwise is not the rule set's own", t->name, variant);
    if (res.counted != t->counted || res.categories != t->categories)
        fail_msg("%s%s: counted %d in %d categories, expected %d in %d", t->name, variant,
                 res.counted, res.categories, t->counted, t->categories);
    /* counts[] marks exactly the items of the fired rule's strengths. */
    int marked = 0, k = 0;
    for (int i = 0; i < n; i++) {
        bool want;
        if (is_c && is_c[i]) {
            want = false;
        } else {
            want = t->mask[k] == '1';
            k++;
        }
        bool expect_by_strength =
            fired && items[i].strength != 'C' && strchr(res.rule->strengths, items[i].strength);
        if (want != expect_by_strength)
            fail_msg("%s: the table's mask disagrees with the rule's strengths at %d", t->name, i);
        if (counts[i] != want)
            fail_msg("%s%s: item %d (%s, %c) counted=%d, expected %d", t->name, variant, i,
                     items[i].code, items[i].strength, (int)counts[i], (int)want);
        marked += counts[i];
    }
    assert_int_equal(k, (int)strlen(t->mask));
    assert_int_equal(marked, res.counted);

    /* counts may be NULL and the result stays the same. */
    guidance_result again;
    guidance_assess(r, items, n, NULL, &again);
    assert_ptr_equal(again.rule, res.rule);
    assert_int_equal(again.fired, res.fired);
    assert_int_equal(again.counted, res.counted);
    assert_int_equal(again.categories, res.categories);
}

static void test_table(void **state)
{
    (void)state;
    guidance_rules r;
    load_rules(&r);
    for (size_t t = 0; t < sizeof table / sizeof table[0]; t++) {
        char buf[512];
        guidance_item items[MAX_ITEMS];
        int n = parse_items(table[t].items, buf, sizeof buf, items);
        assert_int_equal(n, (int)strlen(table[t].mask));
        check_row(&r, &table[t], items, n, NULL, "");
    }
    guidance_free(&r);
}

/* Vulnerability indicators, in their own category and (to catch a rule that
 * counts their categories) in the categories of other items. */
static const guidance_item c_items[] = {
    {"VUL-01", "vulnerability", 'C'}, {"VUL-02", "vulnerability", 'C'},
    {"VUL-03", "school", 'C'},        {"VUL-04", "phones", 'C'},
    {"VUL-05", "money", 'C'},         {"VUL-06", "relationships", 'C'},
    {"VUL-07", "coercion", 'C'},      {"VUL-01", "travel", 'C'},
};
#define NC ((int)(sizeof c_items / sizeof c_items[0]))

/* For every row and every number of C items, placed before, after and
 * between the others: the same advice and rule, the same counts, and the C
 * items never marked counted. */
static void test_c_changes_nothing(void **state)
{
    (void)state;
    guidance_rules r;
    load_rules(&r);
    for (size_t t = 0; t < sizeof table / sizeof table[0]; t++) {
        char buf[512];
        guidance_item base[MAX_ITEMS];
        int n = parse_items(table[t].items, buf, sizeof buf, base);
        for (int nc = 1; nc <= NC; nc++) {
            for (int placement = 0; placement < 3; placement++) {
                guidance_item items[MAX_ITEMS];
                bool is_c[MAX_ITEMS] = {false};
                int total = 0, bi = 0, ci = 0;
                if (placement == 0) { /* C first */
                    while (ci < nc)
                        is_c[total] = true, items[total++] = c_items[ci++];
                    while (bi < n)
                        items[total++] = base[bi++];
                } else if (placement == 1) { /* C last */
                    while (bi < n)
                        items[total++] = base[bi++];
                    while (ci < nc)
                        is_c[total] = true, items[total++] = c_items[ci++];
                } else { /* alternating */
                    while (bi < n || ci < nc) {
                        if (ci < nc)
                            is_c[total] = true, items[total++] = c_items[ci++];
                        if (bi < n)
                            items[total++] = base[bi++];
                    }
                }
                char variant[64];
                snprintf(variant, sizeof variant, " + %d C (placement %d)", nc, placement);
                check_row(&r, &table[t], items, total, is_c, variant);
            }
        }
    }
    /* Only C, however many: nothing counts. */
    guidance_result res;
    bool counts[NC];
    guidance_assess(&r, c_items, NC, counts, &res);
    assert_false(res.fired);
    assert_string_equal(res.rule->advice, "no-concern-indicators");
    for (int i = 0; i < NC; i++)
        assert_false(counts[i]);
    guidance_free(&r);
}

/* ---- refused rule sets ------------------------------------------------ */

/* Parses the published rules, lets edit change them, and checks that the
 * result is refused with a reason containing want. */
static void expect_refused(const char *what, void (*edit)(json_t *doc), const char *want)
{
    json_error_t jerr;
    json_t *doc = json_loadb(rules_text, rules_len, 0, &jerr);
    assert_non_null(doc);
    edit(doc);
    char *text = json_dumps(doc, JSON_COMPACT);
    json_decref(doc);
    assert_non_null(text);
    guidance_rules r;
    char why[256] = "";
    int rc = guidance_parse(text, strlen(text), &r, why, sizeof why);
    free(text);
    if (rc != SG_EINVAL)
        fail_msg("%s: accepted (rc %d)", what, rc);
    if (!strstr(why, want))
        fail_msg("%s: why is \"%s\", expected it to mention \"%s\"", what, why, want);
    assert_null(r.doc);
    guidance_free(&r);
}

static json_t *rule_at(json_t *doc, size_t i)
{
    return json_array_get(json_object_get(doc, "rules"), i);
}

static void edit_nothing(json_t *doc)
{
    (void)doc;
}
static void edit_c_rule(json_t *doc)
{
    json_t *strengths = json_object_get(json_object_get(rule_at(doc, 1), "when"), "strengths");
    json_array_append_new(strengths, json_string("C"));
}
static void edit_c_only(json_t *doc)
{
    json_t *strengths = json_pack("[s]", "C");
    json_object_set_new(json_object_get(rule_at(doc, 3), "when"), "strengths", strengths);
}
static void edit_unknown_advice(json_t *doc)
{
    json_object_set_new(rule_at(doc, 0), "advice", json_string("report-to-police"));
}
static void edit_missing_advice(json_t *doc)
{
    json_object_del(rule_at(doc, 0), "advice");
}
static void edit_otherwise_advice(json_t *doc)
{
    json_object_set_new(json_object_get(doc, "otherwise"), "advice", json_string("label-child"));
}
static void edit_missing_text_nl(json_t *doc)
{
    json_object_del(json_object_get(rule_at(doc, 2), "text"), "nl");
}
static void edit_missing_text_en(json_t *doc)
{
    json_object_del(json_object_get(rule_at(doc, 2), "text"), "en");
}
static void edit_missing_why_en(json_t *doc)
{
    json_object_del(json_object_get(rule_at(doc, 0), "why"), "en");
}
static void edit_blank_why_nl(json_t *doc)
{
    json_object_set_new(json_object_get(rule_at(doc, 0), "why"), "nl", json_string("  "));
}
static void edit_otherwise_missing_en(json_t *doc)
{
    json_object_del(json_object_get(json_object_get(doc, "otherwise"), "text"), "en");
}
static void edit_duplicate_id(json_t *doc)
{
    json_object_set_new(rule_at(doc, 3), "id", json_string("G2"));
}
static void edit_otherwise_id(json_t *doc)
{
    json_object_set_new(rule_at(doc, 1), "id", json_string("otherwise"));
}
static void edit_long_id(json_t *doc)
{
    json_object_set_new(rule_at(doc, 3), "id", json_string("a-much-too-long-rule-id"));
}
static void edit_window_zero(json_t *doc)
{
    json_object_set_new(doc, "window_days", json_integer(0));
}
static void edit_window_huge(json_t *doc)
{
    json_object_set_new(doc, "window_days", json_integer(731));
}
static void edit_window_text(json_t *doc)
{
    json_object_set_new(doc, "window_days", json_string("90"));
}
static void edit_window_missing(json_t *doc)
{
    json_object_del(doc, "window_days");
}
static void edit_window_real(json_t *doc)
{
    json_object_set_new(doc, "window_days", json_real(90.5));
}
static void edit_version_zero(json_t *doc)
{
    json_object_set_new(doc, "version", json_integer(0));
}
static void edit_version_huge(json_t *doc)
{
    json_object_set_new(doc, "version", json_integer(4294967297LL));
}
static void edit_no_rules(json_t *doc)
{
    json_object_set_new(doc, "rules", json_array());
}
static void edit_bad_strength(json_t *doc)
{
    json_object_set_new(json_object_get(rule_at(doc, 0), "when"), "strengths",
                        json_pack("[s]", "X"));
}
static void edit_twice_strength(json_t *doc)
{
    json_object_set_new(json_object_get(rule_at(doc, 0), "when"), "strengths",
                        json_pack("[s, s]", "M", "M"));
}
static void edit_no_strength(json_t *doc)
{
    json_object_set_new(json_object_get(rule_at(doc, 0), "when"), "strengths", json_array());
}
static void edit_min_zero(json_t *doc)
{
    json_object_set_new(json_object_get(rule_at(doc, 1), "when"), "min_indicators",
                        json_integer(0));
}
static void edit_min_categories_missing(json_t *doc)
{
    json_object_del(json_object_get(rule_at(doc, 1), "when"), "min_categories");
}

static void test_refusals(void **state)
{
    (void)state;
    /* The unedited round trip parses: a refusal below is the edit's doing. */
    {
        json_error_t jerr;
        json_t *doc = json_loadb(rules_text, rules_len, 0, &jerr);
        edit_nothing(doc);
        char *text = json_dumps(doc, JSON_COMPACT);
        json_decref(doc);
        guidance_rules r;
        char why[256];
        assert_int_equal(guidance_parse(text, strlen(text), &r, why, sizeof why), SG_OK);
        assert_int_equal(r.count, 4);
        guidance_free(&r);
        free(text);
    }
    expect_refused("a rule counting C", edit_c_rule, "rule G2: C indicators");
    expect_refused("a rule of C only", edit_c_only, "rule G4: C indicators");
    expect_refused("an unknown advice", edit_unknown_advice, "rule G1: names an unknown advice");
    expect_refused("no advice", edit_missing_advice, "unknown advice");
    expect_refused("otherwise with an unknown advice", edit_otherwise_advice, "otherwise");
    expect_refused("no Dutch text", edit_missing_text_nl,
                   "rule G3: needs text and why in nl and en");
    expect_refused("no English text", edit_missing_text_en, "rule G3: needs text and why");
    expect_refused("no English why", edit_missing_why_en, "rule G1: needs text and why");
    expect_refused("a blank Dutch why", edit_blank_why_nl, "rule G1: needs text and why");
    expect_refused("otherwise without English", edit_otherwise_missing_en, "otherwise");
    expect_refused("a duplicate rule id", edit_duplicate_id, "rule G2: the id appears twice");
    expect_refused("a too long id", edit_long_id, "short id");
    expect_refused("a rule named otherwise", edit_otherwise_id, "kept for when no rule fires");
    expect_refused("window_days 0", edit_window_zero, "window_days");
    expect_refused("window_days 731", edit_window_huge, "window_days");
    expect_refused("window_days as text", edit_window_text, "window_days");
    expect_refused("window_days fractional", edit_window_real, "window_days");
    expect_refused("no window_days", edit_window_missing, "window_days");
    expect_refused("version 0", edit_version_zero, "version");
    expect_refused("version 2^32 + 1", edit_version_huge, "version");
    expect_refused("no rules", edit_no_rules, "rules must be a list");
    expect_refused("strength X", edit_bad_strength, "strengths are S, M or W");
    expect_refused("strength M twice", edit_twice_strength, "strengths are S, M or W, each once");
    expect_refused("no strengths", edit_no_strength, "one to three strengths");
    expect_refused("min_indicators 0", edit_min_zero, "rule G2: min_indicators");
    expect_refused("no min_categories", edit_min_categories_missing, "min_categories");
}

static void expect_text_refused(const char *what, const char *text, const char *want)
{
    guidance_rules r;
    char why[256] = "";
    int rc = guidance_parse(text, strlen(text), &r, why, sizeof why);
    if (rc != SG_EINVAL)
        fail_msg("%s: accepted (rc %d)", what, rc);
    if (!strstr(why, want))
        fail_msg("%s: why is \"%s\", expected \"%s\"", what, why, want);
    assert_null(r.doc);
}

static void test_invalid_json(void **state)
{
    (void)state;
    expect_text_refused("empty", "", "not valid JSON");
    expect_text_refused("truncated", "{\"version\": 1, \"rules\": [", "not valid JSON");
    expect_text_refused("trailing comma", "{\"version\": 1,}", "not valid JSON");
    expect_text_refused("a duplicate key", "{\"version\": 1, \"version\": 2}", "not valid JSON");
    expect_text_refused("not an object", "[1, 2, 3]", "version");
    /* The published text cut short is refused too. */
    guidance_rules r;
    char why[256] = "";
    assert_int_equal(guidance_parse(rules_text, rules_len / 2, &r, why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "not valid JSON"));
    /* A small why buffer is still terminated. */
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    assert_int_equal(guidance_parse("{", 1, &r, tiny, sizeof tiny), SG_EINVAL);
    assert_true(memchr(tiny, '\0', sizeof tiny) != NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_rules_parse), cmocka_unit_test(test_table),
        cmocka_unit_test(test_c_changes_nothing),     cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_invalid_json),
    };
    return cmocka_run_group_tests_name("guidance", tests, group_setup, group_teardown);
}
