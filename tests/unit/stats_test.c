/* Unit tests for analysis/stats: the minimum frequency rule, secondary
 * suppression within and across the tables of one report, the release
 * rules and the cell key method.  Areas, structural cells and protection
 * against earlier releases are tested in stats_areas_test.c.
 *
 * The proofs do not trust the code they test: the exact checker of
 * stats_check.h (a small two-phase simplex) takes what a reader sees - the
 * published cells and the equations of every additive table (each row and
 * column sums to its total) - and computes, for every suppressed cell, the
 * smallest and largest value that is consistent with all of it, counts
 * being non-negative.  A suppressed cell whose smallest and largest value
 * coincide could be recomputed, and the test fails.  Cells that share a key
 * are one unknown, wherever they appear, and a key published anywhere is
 * known everywhere. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stats.h"
#include "stats_check.h"

static void assert_safe(stats_table *const *ts, int n)
{
    exposure e = check_report(ts, n);
    if (e.leaked || e.determined)
        fail_msg("%d suppressed cell(s) published elsewhere, %d determined, e.g. %s", e.leaked,
                 e.determined, e.first);
}

/* ---- helpers ------------------------------------------------------------- */

static const char *const ages[] = {"0-11", "12-13", "14-15", "16-17", "18-23"};
static const char *const genders[] = {"female", "male", "x"};
static const char *const regions[] = {"north", "east", "south", "west"};

static stats_table *table(const char *name, const char *scope, const char *rdim,
                          const char *const *rows, int nr, const char *cdim,
                          const char *const *cols, int nc, bool totals)
{
    stats_table *t = NULL;
    assert_int_equal(stats_table_new(name, scope, rdim, rows, nr, cdim, cols, nc, totals, &t),
                     SG_OK);
    return t;
}

static void fill(stats_table *t, const int64_t *values)
{
    for (int r = 0; r < t->nrows; r++)
        for (int c = 0; c < t->ncols; c++)
            stats_add(t, r, c, values[r * t->ncols + c]);
    stats_sum(t);
}

static const stats_options plain = {.threshold = 10};

static int count_state(const stats_table *t, stats_state s)
{
    int n = 0;
    for (int i = 0; i < t->R * t->C; i++)
        n += t->cells[i].state == s;
    return n;
}

/* ---- tests ----------------------------------------------------------------- */

/* The checker itself: with only the small cell hidden, a reader recomputes
 * it from its row; the checker must see that. */
static void test_checker_finds_a_recomputable_cell(void **state)
{
    (void)state;
    stats_table *t = table("t", "figure=f", "age", ages, 2, "gender", genders, 2, true);
    fill(t, (int64_t[]){3, 40, 25, 31});
    for (int i = 0; i < t->R * t->C; i++) {
        t->cells[i].shown = t->cells[i].value;
        t->cells[i].state = t->cells[i].value < 10 ? STATS_PRIMARY : STATS_SHOWN;
    }
    exposure e = check_report(&t, 1);
    assert_int_equal(e.unknowns, 1);
    assert_int_equal(e.determined, 1);
    stats_table_free(t);
}

static void test_large_cells_published_unchanged(void **state)
{
    (void)state;
    stats_table *t = table("t", "figure=f/year=2024", "age", ages, 5, "gender", genders, 3, true);
    int64_t v[15];
    for (int i = 0; i < 15; i++)
        v[i] = 10 + i * 7;
    fill(t, v);
    assert_int_equal(stats_protect(&t, 1, &plain, NULL, 0), SG_OK);
    for (int i = 0; i < t->R * t->C; i++) {
        assert_int_equal(t->cells[i].state, STATS_SHOWN);
        assert_int_equal(t->cells[i].shown, t->cells[i].value);
    }
    assert_int_equal(stats_at(t, 5, 3)->shown, 15 * 10 + 7 * 105);
    stats_table_free(t);
}

static void test_empty_categories_present_and_zero_shown(void **state)
{
    (void)state;
    stats_table *t = table("t", "figure=f", "age", ages, 5, "gender", genders, 3, true);
    fill(t, (int64_t[]){0, 0, 0, 20, 30, 0, 40, 50, 0, 0, 0, 0, 60, 70, 0});
    assert_int_equal(stats_protect(&t, 1, &plain, NULL, 0), SG_OK);
    assert_int_equal(t->nrows, 5);
    assert_string_equal(t->rows[0], "0-11");
    assert_int_equal(stats_at(t, 0, 0)->state, STATS_SHOWN);
    assert_int_equal(stats_at(t, 0, 3)->shown, 0);
    assert_int_equal(count_state(t, STATS_PRIMARY), 0);
    stats_table_free(t);
}

static void test_keys_are_canonical(void **state)
{
    (void)state;
    stats_table *a = table("a", "year=2024/figure=f", "age", ages, 2, "gender", genders, 2, true);
    stats_table *b = table("b", "figure=f/year=2024", "gender", genders, 2, "age", ages, 2, true);
    assert_string_equal(stats_at(a, 1, 0)->key, "age=12-13/figure=f/gender=female/year=2024");
    assert_string_equal(stats_at(a, 1, 0)->key, stats_at(b, 0, 1)->key);
    assert_string_equal(stats_at(a, 1, 2)->key, "age=12-13/figure=f/year=2024");
    assert_string_equal(stats_at(a, 2, 2)->key, "figure=f/year=2024");
    assert_string_equal(stats_at(a, 2, 2)->key, stats_at(b, 2, 2)->key);
    stats_table_free(a);
    stats_table_free(b);
}

static void test_one_small_cell_protected_by_a_rectangle(void **state)
{
    (void)state;
    stats_table *t = table("t", "figure=f", "age", ages, 3, "gender", genders, 3, true);
    fill(t, (int64_t[]){3, 40, 25, 31, 50, 44, 28, 35, 61});
    assert_int_equal(stats_protect(&t, 1, &plain, NULL, 0), SG_OK);
    assert_int_equal(stats_at(t, 0, 0)->state, STATS_PRIMARY);
    assert_int_equal(stats_at(t, 0, 0)->shown, 0);
    assert_int_equal(count_state(t, STATS_PRIMARY), 1);
    assert_int_equal(count_state(t, STATS_SECONDARY), 3);
    /* The margins carry no secondary suppression here. */
    for (int c = 0; c < t->C; c++)
        assert_int_equal(stats_at(t, 3, c)->state, STATS_SHOWN);
    assert_safe(&t, 1);
    stats_table_free(t);
}

static void test_small_margin_protected(void **state)
{
    (void)state;
    stats_table *t = table("t", "figure=f", "age", ages, 3, "gender", genders, 2, true);
    fill(t, (int64_t[]){2, 3, 40, 31, 50, 44});
    assert_int_equal(stats_protect(&t, 1, &plain, NULL, 0), SG_OK);
    assert_int_equal(stats_at(t, 0, 2)->state, STATS_PRIMARY); /* row total 5 */
    assert_safe(&t, 1);
    stats_table_free(t);
}

static void test_one_dimension_pairs(void **state)
{
    (void)state;
    const char *const one[] = {""};
    stats_table *t = table("t", "figure=f", "age", ages, 5, "x", one, 1, true);
    fill(t, (int64_t[]){4, 30, 41, 52, 12});
    assert_int_equal(stats_protect(&t, 1, &plain, NULL, 0), SG_OK);
    assert_int_equal(t->C, 1);
    assert_int_equal(stats_at(t, 0, 0)->state, STATS_PRIMARY);
    assert_int_equal(stats_at(t, 4, 0)->state, STATS_SECONDARY); /* the cheapest partner */
    assert_int_equal(stats_at(t, 5, 0)->state, STATS_SHOWN);
    assert_string_equal(stats_at(t, 0, 0)->key, "age=0-11/figure=f");
    assert_safe(&t, 1);
    stats_table_free(t);
}

static void test_zero_partners_are_not_enough(void **state)
{
    (void)state;
    /* The only other cells of the small cell's row and column are zeros:
     * a rectangle through them could not shift, so more must go. */
    stats_table *t = table("t", "figure=f", "age", ages, 3, "gender", genders, 3, true);
    fill(t, (int64_t[]){4, 0, 0, 0, 50, 44, 0, 35, 61});
    assert_int_equal(stats_protect(&t, 1, &plain, NULL, 0), SG_OK);
    assert_safe(&t, 1);
    stats_table_free(t);
}

/* Two tables that share their age margin and grand total, made from one set
 * of children, protected together. */
static void make_linked(unsigned seed, int max, stats_table *out[3])
{
    const char *const one[] = {""};
    out[0] = table("age-gender", "figure=f/year=2024", "age", ages, 4, "gender", genders, 3, true);
    out[1] = table("age-region", "figure=f/year=2024", "age", ages, 4, "region", regions, 4, true);
    out[2] = table("region", "figure=f/year=2024", "region", regions, 4, "x", one, 1, true);
    srand(seed);
    int children = 1 + rand() % max;
    for (int i = 0; i < children; i++) {
        int a = rand() % 4, g = rand() % 3, r = rand() % 4;
        if (rand() % 3 == 0)
            a = 1; /* some rows large, some small */
        stats_add(out[0], a, g, 1);
        stats_add(out[1], a, r, 1);
        stats_add(out[2], r, 0, 1);
    }
    for (int i = 0; i < 3; i++)
        stats_sum(out[i]);
}

static void test_linked_tables_random(void **state)
{
    (void)state;
    int suppressed_reports = 0;
    for (unsigned seed = 1; seed <= 1000; seed++) {
        stats_table *ts[3];
        make_linked(seed, 20 + (int)(seed % 7) * 30, ts);
        assert_int_equal(stats_protect(ts, 3, &plain, NULL, 0), SG_OK);
        exposure e = check_report(ts, 3);
        if (e.leaked || e.determined)
            fail_msg("seed %u: %d leaked, %d determined, e.g. %s", seed, e.leaked, e.determined,
                     e.first);
        suppressed_reports += e.unknowns > 0;
        for (int i = 0; i < 3; i++)
            assert_int_equal(ts[i]->unproven, 0);
        /* A key has one state in every table. */
        for (int r = 0; r < 5; r++)
            assert_int_equal(stats_shown(stats_at(ts[0], r, 3)),
                             stats_shown(stats_at(ts[1], r, 4)));
        for (int r = 0; r < 5; r++)
            assert_int_equal(stats_shown(stats_at(ts[1], 4, r)),
                             stats_shown(stats_at(ts[2], r, 0)));
        for (int i = 0; i < 3; i++)
            stats_table_free(ts[i]);
    }
    assert_true(suppressed_reports > 300); /* the cases were not all trivial */
}

/* The same reports protected table by table, each alone: the checker must
 * find cells that the other tables give away, which is why stats_protect
 * takes the tables of a report together. */
static void test_tables_alone_leak(void **state)
{
    (void)state;
    int leaky = 0;
    for (unsigned seed = 1; seed <= 300; seed++) {
        stats_table *ts[3];
        make_linked(seed, 20 + (int)(seed % 7) * 30, ts);
        for (int i = 0; i < 3; i++)
            assert_int_equal(stats_protect(&ts[i], 1, &plain, NULL, 0), SG_OK);
        exposure e = check_report(ts, 3);
        leaky += e.leaked > 0 || e.determined > 0;
        for (int i = 0; i < 3; i++)
            stats_table_free(ts[i]);
    }
    assert_true(leaky > 0);
}

static void test_mismatched_key_is_a_bug(void **state)
{
    (void)state;
    const char *const one[] = {""};
    stats_table *ts[2] = {table("a", "figure=f", "age", ages, 2, "x", one, 1, true),
                          table("b", "figure=f", "age", ages, 2, "x", one, 1, true)};
    fill(ts[0], (int64_t[]){20, 30});
    fill(ts[1], (int64_t[]){20, 31});
    assert_int_equal(stats_protect(ts, 2, &plain, NULL, 0), SG_EINTERNAL);
    stats_table_free(ts[0]);
    stats_table_free(ts[1]);
}

static void test_threshold_configurable(void **state)
{
    (void)state;
    stats_table *t = table("t", "figure=f", "age", ages, 2, "gender", genders, 2, true);
    fill(t, (int64_t[]){12, 40, 25, 31});
    stats_options five = {.threshold = 5}, twenty = {.threshold = 20};
    assert_int_equal(stats_protect(&t, 1, &five, NULL, 0), SG_OK);
    assert_int_equal(count_state(t, STATS_PRIMARY), 0);
    assert_int_equal(stats_protect(&t, 1, &twenty, NULL, 0), SG_OK);
    assert_int_equal(stats_at(t, 0, 0)->state, STATS_PRIMARY);
    assert_safe(&t, 1);
    stats_options zero = {.threshold = 0};
    assert_int_equal(stats_protect(&t, 1, &zero, NULL, 0), SG_EINVAL);
    stats_table_free(t);
}

static void test_release_rules(void **state)
{
    (void)state;
    stats_table *t = table("t", "figure=f/year=2023", "age", ages, 3, "gender", genders, 2, true);
    fill(t, (int64_t[]){30, 40, 25, 31, 50, 44});
    /* An earlier release: one cell was suppressed then, one had 27 (now 25:
     * the difference, 2 children, would stand out), one had 10 (now 30). */
    stats_prior prior[] = {
        {"age=14-15/figure=f/gender=male/year=2023", 0, true},
        {"age=12-13/figure=f/gender=female/year=2023", 27, false},
        {"age=0-11/figure=f/gender=female/year=2023", 10, false},
    };
    assert_int_equal(stats_protect(&t, 1, &plain, prior, 3), SG_OK);
    assert_int_equal(stats_at(t, 2, 1)->state, STATS_RELEASE);
    assert_int_equal(stats_at(t, 1, 0)->state, STATS_RELEASE);
    assert_int_equal(stats_at(t, 0, 0)->state, STATS_SHOWN);
    assert_int_equal(t->release_suppressed, 2);
    assert_safe(&t, 1);
    stats_table_free(t);
}

static const unsigned char secret[32] = "a test secret of thirty-two b..";

static void test_cell_key_noise(void **state)
{
    (void)state;
    int nonzero = 0;
    char key[64];
    for (int i = 0; i < 400; i++) {
        snprintf(key, sizeof key, "figure=f/n=%d", i);
        int v = 1 + i % 50;
        int noise = stats_cell_noise(secret, sizeof secret, key, v);
        assert_true(noise >= -STATS_MAX_NOISE && noise <= STATS_MAX_NOISE);
        assert_true(v + noise >= 1);
        assert_int_equal(noise, stats_cell_noise(secret, sizeof secret, key, v));
        nonzero += noise != 0;
    }
    assert_true(nonzero > 120 && nonzero < 280); /* about half */
    assert_int_equal(stats_cell_noise(secret, sizeof secret, "figure=f", 0), 0);
}

static void test_cell_key_same_cell_same_noise(void **state)
{
    (void)state;
    stats_table *ts[3];
    make_linked(7, 400, ts);
    stats_options ckm = {
        .threshold = 10, .cell_key = true, .secret = secret, .secret_len = sizeof secret};
    assert_int_equal(stats_protect(ts, 3, &ckm, NULL, 0), SG_OK);
    int changed = 0;
    for (int r = 0; r < 5; r++) {
        const stats_cell *a = stats_at(ts[0], r, 3), *b = stats_at(ts[1], r, 4);
        assert_int_equal(a->state, b->state);
        assert_int_equal(a->shown, b->shown);
    }
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < ts[i]->R * ts[i]->C; j++) {
            const stats_cell *c = &ts[i]->cells[j];
            if (c->value > 0 && c->value < 10)
                assert_int_equal(c->state, STATS_PRIMARY);
            else
                assert_int_equal(c->state, STATS_SHOWN);
            if (stats_shown(c)) {
                assert_true(llabs(c->shown - c->value) <= STATS_MAX_NOISE);
                changed += c->shown != c->value;
            }
        }
    }
    assert_true(changed > 0);
    stats_options bad = {.threshold = 10, .cell_key = true};
    assert_int_equal(stats_protect(ts, 3, &bad, NULL, 0), SG_EINVAL);
    for (int i = 0; i < 3; i++)
        stats_table_free(ts[i]);
}

static void test_table_without_margins(void **state)
{
    (void)state;
    stats_table *t = table("t", "figure=f", "age", ages, 2, "gender", genders, 2, false);
    stats_add(t, 0, 0, 3);
    stats_add(t, 0, 1, 30);
    stats_add(t, 1, 0, 30);
    stats_add(t, 1, 1, 30);
    assert_int_equal(t->R, 2);
    assert_int_equal(stats_protect(&t, 1, &plain, NULL, 0), SG_OK);
    assert_int_equal(count_state(t, STATS_PRIMARY), 1);
    assert_int_equal(count_state(t, STATS_SECONDARY), 0);
    assert_safe(&t, 1);
    stats_table_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_checker_finds_a_recomputable_cell),
        cmocka_unit_test(test_large_cells_published_unchanged),
        cmocka_unit_test(test_empty_categories_present_and_zero_shown),
        cmocka_unit_test(test_keys_are_canonical),
        cmocka_unit_test(test_one_small_cell_protected_by_a_rectangle),
        cmocka_unit_test(test_small_margin_protected),
        cmocka_unit_test(test_one_dimension_pairs),
        cmocka_unit_test(test_zero_partners_are_not_enough),
        cmocka_unit_test(test_linked_tables_random),
        cmocka_unit_test(test_tables_alone_leak),
        cmocka_unit_test(test_mismatched_key_is_a_bug),
        cmocka_unit_test(test_threshold_configurable),
        cmocka_unit_test(test_release_rules),
        cmocka_unit_test(test_cell_key_noise),
        cmocka_unit_test(test_cell_key_same_cell_same_noise),
        cmocka_unit_test(test_table_without_margins),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
