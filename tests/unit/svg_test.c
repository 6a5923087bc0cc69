/* Tests of analysis/svg: a bar chart names every bar in its description,
 * draws a suppressed value as a hatched "x" and never as a zero, escapes
 * what it is given, keeps its element ids apart from another chart's, and
 * cuts long labels in the drawing only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/svg.h"
#include "base/mem.h"

static void test_bars_and_suppressed(void **state)
{
    (void)state;
    svg_bar bars[] = {{.label = "girls", .value = 12}, {.label = "boys", .suppressed = true}};
    char *svg = NULL;
    assert_int_equal(svg_bar_chart("c1", "Children", bars, 2, &svg), SG_OK);
    assert_non_null(strstr(svg, "role=\"img\""));
    assert_non_null(strstr(svg, "<desc>girls: 12; boys: x; </desc>"));
    assert_non_null(strstr(svg, "fill=\"url(#c1-h)\""));
    assert_non_null(strstr(svg, "<pattern id=\"c1-h\""));
    assert_null(strstr(svg, "boys: 0"));
    sg_free(svg);
}

static void test_escaped(void **state)
{
    (void)state;
    svg_bar bars[] = {{.label = "<script>&\"'", .value = 1}};
    char *svg = NULL;
    assert_int_equal(svg_bar_chart("c2", "a < b", bars, 1, &svg), SG_OK);
    assert_null(strstr(svg, "<script>"));
    assert_non_null(strstr(svg, "&lt;script&gt;&amp;&quot;&#39;"));
    assert_non_null(strstr(svg, "a &lt; b"));
    sg_free(svg);
}

static void test_long_label_cut_in_drawing_only(void **state)
{
    (void)state;
    const char *label = "Sepot met toepassing van het non-punishmentbeginsel";
    svg_bar bars[] = {{.label = label, .value = 3}};
    char *svg = NULL;
    assert_int_equal(svg_bar_chart("c3", "t", bars, 1, &svg), SG_OK);
    /* Whole in the description, cut with an ellipsis in the text. */
    assert_non_null(strstr(svg, label));
    assert_non_null(strstr(svg, "Sepot met toepassing van het\xe2\x80\xa6</text>"));
    sg_free(svg);
    /* Multi-byte characters are never split. */
    svg_bar wide[] = {{.label = "ééééééééééééééééééééééééééééééé", .value = 1}};
    assert_int_equal(svg_bar_chart("c4", "t", wide, 1, &svg), SG_OK);
    assert_non_null(strstr(svg, ">éééééééééééééééééééééééééééé\xe2\x80\xa6</text>"));
    sg_free(svg);
}

static void test_refusals(void **state)
{
    (void)state;
    svg_bar bars[] = {{.label = "a", .value = 1}};
    char *svg = NULL;
    assert_int_equal(svg_bar_chart("c5", "t", bars, 0, &svg), SG_EINVAL);
    assert_int_equal(svg_bar_chart("bad id\"", "t", bars, 1, &svg), SG_EINVAL);
    assert_int_equal(svg_bar_chart("", "t", bars, 1, &svg), SG_EINVAL);
    assert_null(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bars_and_suppressed),
        cmocka_unit_test(test_escaped),
        cmocka_unit_test(test_long_label_cut_in_drawing_only),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests_name("svg", tests, NULL, NULL);
}
