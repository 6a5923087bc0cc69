/* Unit tests for analysis/stats across areas and releases: a country's
 * tables and its municipalities' are one hierarchy (a municipality's
 * counts add up to its region's and the country's), structural cells are
 * known to every reader, and a cell an earlier release published with the
 * value it has now is known too.
 *
 * Every proof uses the exact checker of stats_check.h on everything a
 * reader could hold at once: the tables of every area (as if the national
 * report and every municipality's were all published) and the cells of
 * every earlier release.  It fails when a suppressed cell has one possible
 * value. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "analysis/stats.h"
#include "stats_check.h"

/* ---- a small country ------------------------------------------------------ */

/* Area 0 is the country, area 1 the children of no listed municipality,
 * areas 2..5 the municipalities m1 and m2 (region r1) and m3 and m4 (r2). */
#define AREAS 6
#define TABLES 3 /* per area: age x gender, region, category */

static const char *const ages[] = {"a", "b", "c"};
static const char *const genders[] = {"female", "male"};
static const char *const region_codes[] = {"r1", "r2", "unknown"};
static const char *const categories[] = {"k1", "k2", "k3"};
static const char *const one[] = {""};
static const char *const area_scope[AREAS] = {"figure=f/year=2024",
                                              "area=unlisted/figure=f/year=2024",
                                              "figure=f/municipality=m1/year=2024",
                                              "figure=f/municipality=m2/year=2024",
                                              "figure=f/municipality=m3/year=2024",
                                              "figure=f/municipality=m4/year=2024"};

/* The region row of an area; -1 for the country (every row). */
static int region_of(int area)
{
    return area == 0 ? -1 : area == 1 ? 2 : area <= 3 ? 0 : 1;
}

typedef struct country {
    stats_table *t[AREAS * TABLES]; /* area-major: t[area * TABLES + table] */
} country;

static stats_table *table(const char *name, const char *scope, const char *rdim,
                          const char *const *rows, int nr, const char *cdim,
                          const char *const *cols, int nc, bool totals)
{
    stats_table *t = NULL;
    assert_int_equal(stats_table_new(name, scope, rdim, rows, nr, cdim, cols, nc, totals, &t),
                     SG_OK);
    return t;
}

static void country_new(country *k, bool as_areas)
{
    for (int a = 0; a < AREAS; a++) {
        stats_table **t = &k->t[a * TABLES];
        t[0] = table("age-gender", area_scope[a], "age", ages, 3, "gender", genders, 2, true);
        t[1] = table("region", area_scope[a], "region", region_codes, 3, "x", one, 1, true);
        t[2] = table("category", area_scope[a], "category", categories, 3, "x", one, 1, false);
        for (int i = 0; i < TABLES; i++)
            t[i]->area = as_areas ? a : 0;
        for (int r = 0; r < 3; r++)
            if (region_of(a) >= 0 && r != region_of(a))
                stats_structural(t[1], r, 0);
    }
}

static void country_free(country *k)
{
    for (int i = 0; i < AREAS * TABLES; i++)
        stats_table_free(k->t[i]);
}

/* One child of area (1..5), counted in its area and in the country. */
static void add_child(country *k, int area, int age, int gender, unsigned cats)
{
    int where[2] = {0, area};
    for (int i = 0; i < 2; i++) {
        stats_table **t = &k->t[where[i] * TABLES];
        stats_add(t[0], age, gender, 1);
        stats_add(t[1], region_of(area), 0, 1);
        for (int c = 0; c < 3; c++)
            if (cats & (1u << c))
                stats_add(t[2], c, 0, 1);
    }
}

static void country_sum(country *k)
{
    for (int i = 0; i < AREAS * TABLES; i++)
        stats_sum(k->t[i]);
}

/* Children at random: the municipalities of very different sizes, some
 * nearly empty, so that small cells are everywhere. */
static void random_children(country *k, int children)
{
    static const int weight[AREAS] = {0, 3, 8, 1, 5, 2};
    for (int i = 0; i < children; i++) {
        int pick = rand() % 19, area = 1;
        while (pick >= weight[area])
            pick -= weight[area++];
        add_child(k, area, rand() % 3, rand() % 2, 1u + (unsigned)(rand() % 7));
    }
}

static const stats_options plain = {.threshold = 10};

static void protect_jointly(country *k, const stats_prior *prior, int nprior)
{
    assert_int_equal(stats_protect(k->t, AREAS * TABLES, &plain, prior, nprior), SG_OK);
}

/* As before areas were modelled: each area protected on its own. */
static void protect_area_by_area(country *k)
{
    for (int a = 0; a < AREAS; a++)
        assert_int_equal(stats_protect(&k->t[a * TABLES], TABLES, &plain, NULL, 0), SG_OK);
}

static void assert_safe(stats_table *const *ts, int n, const stats_prior *prior, int nprior)
{
    exposure e = check_releases(ts, n, prior, nprior);
    if (e.leaked || e.determined)
        fail_msg("%d suppressed key(s) published elsewhere, %d determined, e.g. %s", e.leaked,
                 e.determined, e.first);
}

static int unproven(stats_table *const *t, int n)
{
    int sum = 0;
    for (int i = 0; i < n; i++)
        sum += t[i]->unproven;
    return sum;
}

/* ---- the subtraction attack ------------------------------------------------ */

/* m1 has 30 children and m2 3, both in region r1.  Protected area by area,
 * the country publishes r1 (33) and m1 its total (30): a reader who sees
 * both finds m2's 3, suppressed in m2's own report. */
static void fill_subtraction_case(country *k)
{
    static const int children[AREAS] = {0, 12, 30, 3, 40, 25};
    for (int a = 1; a < AREAS; a++)
        for (int i = 0; i < children[a]; i++)
            add_child(k, a, i % 3, (i / 3) % 2, 1u << (i % 3));
    country_sum(k);
}

static void test_subtraction_across_areas_is_found(void **state)
{
    (void)state;
    country k;
    country_new(&k, true);
    fill_subtraction_case(&k);
    protect_area_by_area(&k);
    stats_table **m2 = &k.t[3 * TABLES];
    assert_int_equal(stats_at(m2[1], 3, 0)->state, STATS_PRIMARY); /* m2's total */
    assert_true(stats_shown(stats_at(k.t[0 * TABLES + 1], 0, 0))); /* r1 in the country */
    assert_true(stats_shown(stats_at(k.t[2 * TABLES + 1], 3, 0))); /* m1's total */
    exposure e = check_report(k.t, AREAS * TABLES);
    assert_true(e.determined > 0);
    country_free(&k);
}

static void test_subtraction_across_areas_is_closed(void **state)
{
    (void)state;
    country k;
    country_new(&k, true);
    fill_subtraction_case(&k);
    protect_jointly(&k, NULL, 0);
    assert_safe(k.t, AREAS * TABLES, NULL, 0);
    /* m2 is hidden, and with it another cell of r1 in another area. */
    assert_false(stats_shown(stats_at(k.t[3 * TABLES + 1], 3, 0)));
    bool partner = !stats_shown(stats_at(k.t[0 * TABLES + 1], 0, 0))
                   || !stats_shown(stats_at(k.t[2 * TABLES + 1], 0, 0));
    assert_true(partner);
    /* Structural cells stay shown as the zeros everyone knows they are. */
    for (int a = 1; a < AREAS; a++)
        for (int r = 0; r < 3; r++)
            if (r != region_of(a))
                assert_true(stats_shown(stats_at(k.t[a * TABLES + 1], r, 0)));
    country_free(&k);
}

static void test_areas_random(void **state)
{
    (void)state;
    int with_suppression = 0, across = 0;
    for (unsigned seed = 1; seed <= 400; seed++) {
        country k;
        country_new(&k, true);
        srand(seed);
        random_children(&k, 15 + (int)(seed % 9) * 25);
        country_sum(&k);
        protect_jointly(&k, NULL, 0);
        exposure e = check_report(k.t, AREAS * TABLES);
        if (e.leaked || e.determined)
            check_dump(k.t, AREAS * TABLES);
        if (e.leaked || e.determined)
            fail_msg("seed %u: %d leaked, %d determined, e.g. %s", seed, e.leaked, e.determined,
                     e.first);
        with_suppression += e.unknowns > 0;
        assert_int_equal(unproven(k.t, AREAS * TABLES), 0);
        /* Some protection reached into the country's own tables. */
        for (int i = 0; i < TABLES; i++)
            for (int j = 0; j < k.t[i]->R * k.t[i]->C; j++)
                across += k.t[i]->cells[j].state == STATS_SECONDARY;
        country_free(&k);
    }
    assert_true(with_suppression > 300);
    assert_true(across > 0);
}

/* The same reports protected area by area: the checker finds cells that
 * the other areas give away, which is why the areas are protected as one. */
static void test_areas_alone_leak(void **state)
{
    (void)state;
    int leaky = 0;
    for (unsigned seed = 1; seed <= 150; seed++) {
        country k;
        country_new(&k, true);
        srand(seed);
        random_children(&k, 15 + (int)(seed % 9) * 25);
        country_sum(&k);
        protect_area_by_area(&k);
        exposure e = check_report(k.t, AREAS * TABLES);
        leaky += e.determined > 0;
        country_free(&k);
    }
    assert_true(leaky > 10);
}

/* ---- a country shaped like the report ----------------------------------------- */

/* Areas: 0 the country, 1 no listed municipality, 2..7 municipalities m1
 * and m2 in region s1, m3 in s2 (both in police unit u1), m4, m5 and m6 in
 * s3 (unit u2).  Per area, as in the report: age x gender; region x unit
 * (regions lie in one unit); unit x form (sharing the unit totals); a
 * category table without margins; and a trend whose current year is the
 * grand total of the others. */
#define RICH_AREAS 8
#define RICH_TABLES 5

static const char *const rich_regions[] = {"s1", "s2", "s3", "unknown"};
static const char *const rich_units[] = {"u1", "u2", "unknown"};
static const char *const rich_forms[] = {"drugs", "other"};
static const char *const rich_years[] = {"2023", "2024"};
static const int region_unit[] = {0, 0, 1, 2};              /* by region */
static const int area_region[] = {-1, 3, 0, 0, 1, 2, 2, 2}; /* by area */

static void rich_new(stats_table **t)
{
    static const char *const names[] = {"unlisted", "m1", "m2", "m3", "m4", "m5", "m6"};
    for (int a = 0; a < RICH_AREAS; a++) {
        char scope[96], trend[96];
        const char *part = a == 0 ? "" : a == 1 ? "/area=unlisted" : "/municipality=";
        snprintf(scope, sizeof scope, "figure=f/year=2024%s%s", part, a > 1 ? names[a - 1] : "");
        snprintf(trend, sizeof trend, "figure=f%s%s", part, a > 1 ? names[a - 1] : "");
        stats_table **u = &t[a * RICH_TABLES];
        u[0] = table("age-gender", scope, "age", ages, 3, "gender", genders, 2, true);
        u[1] = table("regions", scope, "region", rich_regions, 4, "unit", rich_units, 3, true);
        u[2] = table("unit-form", scope, "unit", rich_units, 3, "form", rich_forms, 2, true);
        u[3] = table("category", scope, "category", categories, 3, "x", one, 1, false);
        u[4] = table("trend", trend, "year", rich_years, 2, "x", one, 1, false);
        for (int i = 0; i < RICH_TABLES; i++)
            u[i]->area = a;
        for (int r = 0; r < 4; r++)
            for (int c = 0; c < 3; c++)
                if (region_unit[r] != c || (a > 0 && r != area_region[a]))
                    stats_structural(u[1], r, c);
        for (int r = 0; a > 0 && r < 3; r++)
            for (int c = 0; c < 2; c++)
                if (r != region_unit[area_region[a]])
                    stats_structural(u[2], r, c);
    }
}

static void rich_children(stats_table **t, int children)
{
    static const int weight[RICH_AREAS] = {0, 4, 9, 1, 3, 5, 1, 2};
    for (int i = 0; i < children; i++) {
        int pick = rand() % 25, area = 1;
        while (pick >= weight[area])
            pick -= weight[area++];
        int age = rand() % 3, gender = rand() % 2, form = rand() % 2, region = area_region[area];
        unsigned cats = 1u + (unsigned)(rand() % 7);
        int where[2] = {0, area};
        for (int k = 0; k < 2; k++) {
            stats_table **u = &t[where[k] * RICH_TABLES];
            stats_add(u[0], age, gender, 1);
            stats_add(u[1], region, region_unit[region], 1);
            stats_add(u[2], region_unit[region], form, 1);
            for (int c = 0; c < 3; c++)
                if (cats & (1u << c))
                    stats_add(u[3], c, 0, 1);
            stats_add(u[4], 1, 0, 1);
        }
        if (rand() % 2) { /* last year's children, of this area */
            stats_add(t[RICH_TABLES * 0 + 4], 0, 0, 1);
            stats_add(t[RICH_TABLES * area + 4], 0, 0, 1);
        }
    }
    for (int i = 0; i < RICH_AREAS * RICH_TABLES; i++)
        stats_sum(t[i]);
}

static void test_report_shaped_random(void **state)
{
    (void)state;
    int suppressed = 0;
    for (unsigned seed = 1; seed <= 300; seed++) {
        stats_table *t[RICH_AREAS * RICH_TABLES];
        rich_new(t);
        srand(seed);
        rich_children(t, 20 + (int)(seed % 11) * 30);
        assert_int_equal(stats_protect(t, RICH_AREAS * RICH_TABLES, &plain, NULL, 0), SG_OK);
        exposure e = check_report(t, RICH_AREAS * RICH_TABLES);
        if (e.leaked || e.determined)
            check_dump(t, RICH_AREAS * RICH_TABLES);
        if (e.leaked || e.determined)
            fail_msg("seed %u: %d leaked, %d determined, e.g. %s", seed, e.leaked, e.determined,
                     e.first);
        assert_int_equal(unproven(t, RICH_AREAS * RICH_TABLES), 0);
        suppressed += e.unknowns;
        for (int i = 0; i < RICH_AREAS * RICH_TABLES; i++)
            stats_table_free(t[i]);
    }
    assert_true(suppressed > 3000);
}

/* One child of area (2..7) of the report-shaped country, of one age,
 * gender and form. */
static void rich_child(stats_table **t, int area, int age, int gender, int form)
{
    int where[2] = {0, area}, region = area_region[area];
    for (int k = 0; k < 2; k++) {
        stats_table **u = &t[where[k] * RICH_TABLES];
        stats_add(u[0], age, gender, 1);
        stats_add(u[1], region, region_unit[region], 1);
        stats_add(u[2], region_unit[region], form, 1);
        stats_add(u[3], 0, 0, 1);
        stats_add(u[4], 1, 0, 1);
    }
}

/* Children in m1 (region s1, 30 of them) and m3 (region s2, 3): the
 * country's s2 cell and u1's column are small.  A box through them would
 * hide the country's grand total; moving a child between m3 and another
 * region's municipality changes two region cells and no total. */
static void test_country_totals_kept(void **state)
{
    (void)state;
    stats_table *t[RICH_AREAS * RICH_TABLES];
    rich_new(t);
    for (int i = 0; i < 30; i++)
        rich_child(t, 2, i % 3, i % 2, 0);
    for (int i = 0; i < 3; i++)
        rich_child(t, 4, 1, 0, 0);
    for (int i = 0; i < 40; i++)
        rich_child(t, 5, i % 3, i % 2, 1);
    for (int i = 0; i < RICH_AREAS * RICH_TABLES; i++)
        stats_sum(t[i]);
    assert_int_equal(stats_protect(t, RICH_AREAS * RICH_TABLES, &plain, NULL, 0), SG_OK);
    assert_safe(t, RICH_AREAS * RICH_TABLES, NULL, 0);
    assert_int_equal(stats_at(t[1], 1, 0)->state, STATS_PRIMARY); /* s2 in u1: 3 */
    for (int i = 0; i < RICH_TABLES; i++) {                       /* the grand totals */
        if (!t[i]->totals)
            continue;
        assert_true(stats_shown(stats_at(t[i], t[i]->R - 1, t[i]->C - 1)));
    }
    assert_true(stats_shown(stats_at(t[0], 1, 0))); /* nothing of age x gender */
    for (int i = 0; i < RICH_AREAS * RICH_TABLES; i++)
        stats_table_free(t[i]);
}

/* m1 has 12 children and m2 3, both of region s1: m2 trades with m1, the
 * only other municipality of its region, rather than with one of another
 * region, which would move the country's region cells. */
static void test_partner_in_the_region(void **state)
{
    (void)state;
    stats_table *t[RICH_AREAS * RICH_TABLES];
    rich_new(t);
    for (int i = 0; i < 12; i++)
        rich_child(t, 2, 1, i % 2, 0);
    for (int i = 0; i < 3; i++)
        rich_child(t, 3, 1, i % 2, 0);
    for (int i = 0; i < 60; i++) /* every cell of the country large */
        rich_child(t, 6, i % 3, i / 3 % 2, 1);
    for (int i = 0; i < RICH_AREAS * RICH_TABLES; i++)
        stats_sum(t[i]);
    assert_int_equal(stats_protect(t, RICH_AREAS * RICH_TABLES, &plain, NULL, 0), SG_OK);
    assert_safe(t, RICH_AREAS * RICH_TABLES, NULL, 0);
    const stats_table *m1 = t[2 * RICH_TABLES + 1], *m2 = t[3 * RICH_TABLES + 1];
    assert_false(stats_shown(stats_at_const(m2, 4, 3)));
    assert_false(stats_shown(stats_at_const(m1, 4, 3))); /* m1's total: the partner */
    for (int i = 0; i < RICH_TABLES; i++)                /* the country keeps every cell */
        for (int j = 0; j < t[i]->R * t[i]->C; j++)
            assert_true(stats_shown(&t[i]->cells[j]));
    for (int i = 0; i < RICH_AREAS * RICH_TABLES; i++)
        stats_table_free(t[i]);
}

static void test_family_checks(void **state)
{
    (void)state;
    country k;
    country_new(&k, true);
    fill_subtraction_case(&k);
    /* A unit counted in an area but not in the country. */
    stats_add(k.t[4 * TABLES + 2], 0, 0, 1);
    assert_int_equal(stats_protect(k.t, AREAS * TABLES, &plain, NULL, 0), SG_EINTERNAL);
    stats_add(k.t[0 * TABLES + 2], 0, 0, 1);
    assert_int_equal(stats_protect(k.t, AREAS * TABLES, &plain, NULL, 0), SG_OK);
    /* An area missing from a family. */
    stats_table *gap[(AREAS - 1) * TABLES];
    for (int i = 0, j = 0; i < AREAS * TABLES; i++)
        if (i / TABLES != 4)
            gap[j++] = k.t[i];
    assert_int_equal(stats_protect(gap, (AREAS - 1) * TABLES, &plain, NULL, 0), SG_EINVAL);
    /* Two tables claiming one area. */
    k.t[5 * TABLES]->area = 4;
    assert_int_equal(stats_protect(k.t, AREAS * TABLES, &plain, NULL, 0), SG_EINVAL);
    k.t[5 * TABLES]->area = 5;
    /* A structural cell that counts someone. */
    stats_structural(k.t[2 * TABLES + 1], 0, 0);
    assert_int_equal(stats_protect(k.t, AREAS * TABLES, &plain, NULL, 0), SG_EINTERNAL);
    country_free(&k);
}

/* ---- structural cells ------------------------------------------------------ */

/* The country's regions by police unit: r1 and r2 lie in unit u1, r3 in
 * u2; the other combinations are impossible.  r1 has 3 children. */
static stats_table *regions_by_unit(bool mark)
{
    static const char *const regions[] = {"r1", "r2", "r3"};
    static const char *const units[] = {"u1", "u2"};
    stats_table *t = table("regions", "figure=f", "region", regions, 3, "unit", units, 2, true);
    stats_add(t, 0, 0, 3);
    stats_add(t, 1, 0, 40);
    stats_add(t, 2, 1, 50);
    stats_sum(t);
    if (mark) {
        stats_structural(t, 0, 1);
        stats_structural(t, 1, 1);
        stats_structural(t, 2, 0);
    }
    return t;
}

static void test_structural_cell_is_no_partner(void **state)
{
    (void)state;
    /* Not told which combinations are impossible, the cheapest rectangle
     * for r1 runs through r3 in u1; a reader who knows the regions knows
     * that cell is empty and reads r1 from u1's column. */
    stats_table *blind = regions_by_unit(false);
    assert_int_equal(stats_protect(&blind, 1, &plain, NULL, 0), SG_OK);
    assert_false(stats_shown(stats_at(blind, 2, 0)));
    stats_structural(blind, 0, 1);
    stats_structural(blind, 1, 1);
    stats_structural(blind, 2, 0);
    assert_true(check_report(&blind, 1).determined > 0);
    stats_table_free(blind);

    stats_table *t = regions_by_unit(true);
    assert_int_equal(stats_protect(&t, 1, &plain, NULL, 0), SG_OK);
    assert_int_equal(stats_at(t, 0, 0)->state, STATS_PRIMARY);
    for (int r = 0; r < 3; r++)
        for (int c = 0; c < 2; c++)
            if (stats_at(t, r, c)->structural)
                assert_true(stats_shown(stats_at(t, r, c)));
    assert_safe(&t, 1, NULL, 0);
    stats_table_free(t);
}

/* ---- earlier releases -------------------------------------------------------- */

static const char *const three[] = {"a", "b", "c"};

static stats_table *small_in_corner(void)
{
    stats_table *t = table("t", "figure=f/year=2024", "age", three, 3, "gender", three, 3, true);
    int64_t v[] = {3, 11, 40, 12, 13, 45, 41, 42, 50};
    for (int i = 0; i < 9; i++)
        stats_add(t, i / 3, i % 3, v[i]);
    stats_sum(t);
    return t;
}

/* The cheapest rectangle for the small cell runs through (a, b) = 11 and
 * (b, a) = 12.  An earlier release published those two with the values
 * they have now: hiding them again protects nothing. */
static void test_known_cell_is_no_partner(void **state)
{
    (void)state;
    stats_prior prior[] = {
        {"age=a/figure=f/gender=b/year=2024", 11, false},
        {"age=b/figure=f/gender=a/year=2024", 12, false},
        {"age=c/figure=f/gender=c/year=2024", 49, false}, /* changed since: not known */
    };
    stats_table *blind = small_in_corner();
    assert_int_equal(stats_protect(&blind, 1, &plain, NULL, 0), SG_OK);
    assert_false(stats_shown(stats_at(blind, 0, 1)));
    assert_false(stats_shown(stats_at(blind, 1, 0)));
    /* Protected without the log, the small cell follows from the row. */
    exposure e = check_releases(&blind, 1, prior, 3);
    assert_true(e.determined > 0);
    stats_table_free(blind);

    stats_table *t = small_in_corner();
    assert_int_equal(stats_protect(&t, 1, &plain, prior, 3), SG_OK);
    assert_int_equal(stats_at(t, 0, 0)->state, STATS_PRIMARY);
    assert_true(stats_at(t, 0, 1)->known);
    assert_true(stats_shown(stats_at(t, 0, 1)));
    assert_true(stats_shown(stats_at(t, 1, 0)));
    assert_false(stats_at(t, 2, 2)->known);
    assert_safe(&t, 1, prior, 3);
    stats_table_free(t);
}

/* The log as the service keeps it: per key the newest value, suppressed
 * when any release suppressed it. */
typedef struct release_log {
    stats_prior *items;
    char **keys;
    int n, cap;
} release_log;

static void log_record(release_log *l, stats_table *const *ts, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < ts[i]->R * ts[i]->C; j++) {
            const stats_cell *c = &ts[i]->cells[j];
            int at = 0;
            while (at < l->n && strcmp(l->keys[at], c->key) != 0)
                at++;
            if (at == l->n) {
                if (l->n == l->cap) {
                    l->cap = l->cap ? l->cap * 2 : 512;
                    l->items = realloc(l->items, (size_t)l->cap * sizeof *l->items);
                    l->keys = realloc(l->keys, (size_t)l->cap * sizeof *l->keys);
                }
                l->keys[l->n] = strdup(c->key);
                l->items[l->n] = (stats_prior){.key = l->keys[l->n]};
                l->n++;
            }
            l->items[at].suppressed |= !stats_shown(c);
            if (stats_shown(c))
                l->items[at].shown = c->shown;
        }
}

static void log_free(release_log *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->keys[i]);
    free(l->keys);
    free(l->items);
}

/* Three releases over data that grows between them, into every area or
 * into one; each release records the whole hierarchy it protected, as the
 * service does, whichever area it publishes.  At every release the reader
 * holds all of it and every earlier value that still holds. */
static void releases_as_data_grows(unsigned seed, int grow_into)
{
    release_log log = {0};
    srand(seed);
    int grown[3] = {15 + (int)(seed % 7) * 30, 1 + rand() % 6, 2 + rand() % 12};
    for (int release = 0; release < 3; release++) {
        country k;
        country_new(&k, true);
        for (int r = 0; r <= release; r++) {
            srand(seed * 7919u + (unsigned)r); /* the same children first, then more */
            if (r == 0 || !grow_into)
                random_children(&k, grown[r]);
            else
                for (int i = 0; i < grown[r]; i++)
                    add_child(&k, grow_into, rand() % 3, rand() % 2, 1u + (unsigned)(rand() % 7));
        }
        country_sum(&k);
        protect_jointly(&k, log.items, log.n);
        exposure e = check_releases(k.t, AREAS * TABLES, log.items, log.n);
        if (e.leaked || e.determined)
            fail_msg("seed %u, release %d (growing into %d): %d leaked, %d determined, e.g. %s",
                     seed, release + 1, grow_into, e.leaked, e.determined, e.first);
        log_record(&log, k.t, AREAS * TABLES);
        country_free(&k);
    }
    log_free(&log);
}

static void test_releases_across_areas(void **state)
{
    (void)state;
    for (unsigned seed = 1; seed <= 100; seed++) {
        releases_as_data_grows(seed, 0);
        releases_as_data_grows(seed, 3); /* the small municipality grows */
    }
}

/* m2 grows from none to 3 children after the country's report: the
 * country's r1 moves by 3 and is suppressed by the release rule; m1's
 * total is published again unchanged, so it cannot be m2's partner. */
static void test_municipality_after_the_country(void **state)
{
    (void)state;
    release_log log = {0};
    static const int before[AREAS] = {0, 12, 30, 0, 40, 25};
    static const int after[AREAS] = {0, 12, 30, 3, 40, 25};
    const int *data[2] = {before, after};
    for (int release = 0; release < 2; release++) {
        country k;
        country_new(&k, true);
        for (int a = 1; a < AREAS; a++)
            for (int i = 0; i < data[release][a]; i++)
                add_child(&k, a, i % 3, (i / 3) % 2, 1u << (i % 3));
        country_sum(&k);
        protect_jointly(&k, log.items, log.n);
        assert_safe(k.t, AREAS * TABLES, log.items, log.n);
        if (release == 1) {
            assert_int_equal(stats_at(k.t[3 * TABLES + 1], 3, 0)->state, STATS_PRIMARY);
            assert_true(stats_at(k.t[2 * TABLES + 1], 3, 0)->known);
            assert_true(stats_shown(stats_at(k.t[2 * TABLES + 1], 3, 0)));
            assert_int_equal(stats_at(k.t[0 * TABLES + 1], 0, 0)->state, STATS_RELEASE);
        }
        log_record(&log, k.t, AREAS * TABLES);
        country_free(&k);
    }
    log_free(&log);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_subtraction_across_areas_is_found),
        cmocka_unit_test(test_subtraction_across_areas_is_closed),
        cmocka_unit_test(test_areas_random),
        cmocka_unit_test(test_areas_alone_leak),
        cmocka_unit_test(test_report_shaped_random),
        cmocka_unit_test(test_country_totals_kept),
        cmocka_unit_test(test_partner_in_the_region),
        cmocka_unit_test(test_family_checks),
        cmocka_unit_test(test_structural_cell_is_no_partner),
        cmocka_unit_test(test_known_cell_is_no_partner),
        cmocka_unit_test(test_releases_across_areas),
        cmocka_unit_test(test_municipality_after_the_country),
    };
    return cmocka_run_group_tests_name("stats_areas", tests, NULL, NULL);
}
