/* Tests of analysis/stats_rules: the published monitoring data (the
 * report's definition, the regions and the measures) pass their checks,
 * and malformed versions are refused with a reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/stats_rules.h"
#include "data_file.h"

static int check_file(const char *kind, const char *name)
{
    char path[512], why[256] = "";
    snprintf(path, sizeof path, "%s/data/%s", SIGNAAL_SOURCE_DIR, name);
    size_t len = 0;
    char *text = data_file_read(path, &len);
    assert_non_null(text);
    int rc = stats_rules_check(kind, text, len, why, sizeof why);
    if (rc != SG_OK)
        print_error("%s: %s\n", name, why);
    free(text);
    return rc;
}

static void test_published_data_passes(void **state)
{
    (void)state;
    assert_int_equal(check_file("monitor", "monitor.json"), SG_OK);
    assert_int_equal(check_file("regions", "regions.json"), SG_OK);
    assert_int_equal(check_file("measures", "measures.json"), SG_OK);
}

static int check_text(const char *kind, const char *text, char *why, size_t n)
{
    return stats_rules_check(kind, text, strlen(text), why, n);
}

#define MONITOR_HEAD                                                                               \
    "{\"version\": 1, \"source\": \"s\", \"threshold\": 10,"                                       \
    " \"age_bands\": [{\"id\": \"0-11\", \"min\": 0, \"max\": 11}],"                               \
    " \"forms\": [{\"id\": \"drugs\", \"nl\": \"d\", \"en\": \"d\", \"indicators\": [],"           \
    " \"offences\": [], \"source\": \"s\"}],"                                                      \
    " \"figures\": [{\"id\": \"signals\", \"nl\": \"s\", \"en\": \"s\", \"definition\": {}}]"

static void test_dimensions_checked(void **state)
{
    (void)state;
    char why[256] = "";
    assert_int_equal(check_text("monitor", MONITOR_HEAD "}", why, sizeof why), SG_OK);
    assert_int_equal(check_text("monitor",
                                MONITOR_HEAD
                                ", \"dimensions\": [{\"id\": \"gender\", \"nl\": \"g\","
                                " \"en\": \"g\", \"codes\": [{\"code\": \"x\","
                                " \"nl\": \"x\", \"en\": \"x\"}]}]}",
                                why, sizeof why),
                     SG_OK);
    assert_int_equal(check_text("monitor",
                                MONITOR_HEAD
                                ", \"dimensions\": [{\"id\": \"gender\", \"nl\": \"g\","
                                " \"en\": \"g\"}]}",
                                why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "dimensions"));
    assert_int_equal(check_text("monitor",
                                MONITOR_HEAD
                                ", \"dimensions\": [{\"id\": \"gender\", \"nl\": \"g\","
                                " \"en\": \"g\", \"codes\": [{\"code\": \"x\"}]}]}",
                                why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "code"));
}

static void test_threshold_bounded(void **state)
{
    (void)state;
    char why[256] = "";
    assert_int_equal(check_text("monitor", "{\"version\": 1, \"source\": \"s\", \"threshold\": 0}",
                                why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "threshold"));
}

#define MEASURE(status)                                                                            \
    "{\"version\": 1, \"source\": \"s\", \"statuses\": [\"planned\", \"implemented\"],"            \
    " \"measures\": [{\"id\": \"m\", \"nl\": \"m\", \"en\": \"m\", \"responsible\": {},"           \
    " \"milestones\": [], \"status\": \"" status "\", \"notes\": [], \"source\": \"s\"}]}"

static void test_measure_status_listed(void **state)
{
    (void)state;
    char why[256] = "";
    assert_int_equal(check_text("measures", MEASURE("planned"), why, sizeof why), SG_OK);
    assert_int_equal(check_text("measures", MEASURE("done"), why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "status"));
}

static void test_unknown_kind_and_bad_json(void **state)
{
    (void)state;
    char why[256] = "";
    assert_int_equal(check_text("weather", "{\"version\": 1, \"source\": \"s\"}", why, sizeof why),
                     SG_EINVAL);
    assert_int_equal(check_text("monitor", "{\"version\": 1,", why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "JSON"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_data_passes),
        cmocka_unit_test(test_dimensions_checked),
        cmocka_unit_test(test_threshold_bounded),
        cmocka_unit_test(test_measure_status_listed),
        cmocka_unit_test(test_unknown_kind_and_bad_json),
    };
    return cmocka_run_group_tests_name("stats_rules", tests, NULL, NULL);
}
