/* Unit tests for analysis/network (igraph) and analysis/netvocab on small
 * hand-built graphs with known answers: components, recruitment chains
 * (generations, depths, fan-out, victim-recruiters and their evidence),
 * two cliques joined by one relation as two communities with a bridge
 * and two brokers, filters, paths (direction and time order),
 * neighbourhoods, suggested links, disruption and changes over time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "analysis/network.h"
#include "analysis/netvocab.h"

#define MAXE 128
#define DAY 20000 /* 2024-10-04 */

/* A graph under construction: relations are added in order, so relation
 * k is the k-th add(). */
typedef struct tgraph {
    int32_t n;
    int64_t m;
    uint8_t kind[64];
    int32_t from[MAXE], to[MAXE], first[MAXE], last[MAXE];
    uint8_t type[MAXE], conf[MAXE];
    net_graph g;
} tgraph;

static void tg_init(tgraph *t, int32_t n)
{
    memset(t, 0, sizeof *t);
    t->n = n;
}

static int64_t add_at(tgraph *t, int32_t a, int32_t b, net_rel r, int32_t day)
{
    int64_t k = t->m++;
    t->from[k] = a;
    t->to[k] = b;
    t->type[k] = (uint8_t)r;
    t->conf[k] = NC_CONFIRMED;
    t->first[k] = t->last[k] = day;
    return k;
}

static int64_t add(tgraph *t, int32_t a, int32_t b, net_rel r)
{
    return add_at(t, a, b, r, DAY);
}

static const net_graph *tg(tgraph *t)
{
    t->g = (net_graph){.n = t->n,
                       .kind = t->kind,
                       .m = t->m,
                       .from = t->from,
                       .to = t->to,
                       .type = t->type,
                       .confidence = t->conf,
                       .first_day = t->first,
                       .last_day = t->last};
    return &t->g;
}

static net_view *view(tgraph *t, const net_filter *f)
{
    net_view *v = NULL;
    net_run run = {.seed = 42};
    assert_int_equal(net_view_new(tg(t), f, &run, &v), SG_OK);
    return v;
}

/* Two cliques of five (0-4, 5-9) joined by the relation 4-5. */
static int64_t two_cliques(tgraph *t)
{
    tg_init(t, 10);
    for (int c = 0; c < 2; c++)
        for (int i = 0; i < 5; i++)
            for (int j = i + 1; j < 5; j++)
                add(t, c * 5 + i, c * 5 + j, NR_ASSOCIATES_WITH);
    return add(t, 4, 5, NR_CO_OFFENDED_WITH);
}

static void test_components(void **state)
{
    (void)state;
    tgraph t;
    tg_init(&t, 7);
    add(&t, 0, 1, NR_ASSOCIATES_WITH);
    add(&t, 1, 2, NR_SIBLING_OF);
    add(&t, 2, 0, NR_CO_OFFENDED_WITH);
    add(&t, 3, 4, NR_ASSOCIATES_WITH);
    add(&t, 3, 4, NR_CO_OFFENDED_WITH); /* a second relation, same pair */
    net_view *v = view(&t, NULL);
    assert_int_equal(net_view_relations(v), 5);
    assert_int_equal(net_view_pairs(v), 4);
    net_components c;
    assert_int_equal(net_components_find(v, &c), SG_OK);
    assert_int_equal(c.count, 4); /* {0,1,2}, {3,4}, {5}, {6} */
    assert_int_equal(c.size[0], 3);
    assert_int_equal(c.size[1], 2);
    assert_int_equal(c.size[2], 1);
    assert_int_equal(c.membership[0], 0);
    assert_int_equal(c.membership[2], 0);
    assert_int_equal(c.membership[4], 1);
    assert_int_equal(c.membership[5], 2); /* ties: the lower node first */
    assert_int_equal(c.membership[6], 3);
    net_components_free(&c);
    net_view_free(v);
}

static void test_chains(void **state)
{
    (void)state;
    tgraph t;
    tg_init(&t, 12);
    /* R=0 recruited A=1 and B=2; A recruited C=3 and D=4; C recruited E=5. */
    int64_t ar = add(&t, 1, 0, NR_RECRUITED_BY);
    add(&t, 2, 0, NR_RECRUITED_BY);
    int64_t ca = add(&t, 3, 1, NR_RECRUITED_BY);
    add(&t, 4, 1, NR_EXPLOITED_BY);
    int64_t ec = add(&t, 5, 3, NR_RECRUITED_BY);
    add(&t, 5, 2, NR_ASSOCIATES_WITH); /* not a chain relation */
    /* X=6 exploits Y=7: a chain of one generation, no victim-recruiter. */
    add(&t, 7, 6, NR_EXPLOITED_BY);
    /* P=8 and Q=9 recruited each other: a cycle without a natural root. */
    add(&t, 8, 9, NR_RECRUITED_BY);
    add(&t, 9, 8, NR_RECRUITED_BY);
    net_view *v = view(&t, NULL);
    net_chains ch;
    assert_int_equal(net_chains_find(v, &ch), SG_OK);
    assert_int_equal(ch.count, 3);
    assert_int_equal(ch.chains[0].root, 0);
    assert_int_equal(ch.chains[0].size, 6);
    assert_int_equal(ch.chains[0].depth, 3);
    assert_int_equal(ch.chains[0].fan_out, 2);
    assert_int_equal(ch.chains[0].recruits, 5);
    int expect_gen[] = {0, 1, 1, 2, 2, 3, 0, 1};
    for (int i = 0; i < 8; i++)
        assert_int_equal(ch.generation[i], expect_gen[i]);
    assert_int_equal(ch.generation[10], -1);
    assert_int_equal(ch.chain_of[5], 0);
    assert_int_equal(ch.chain_of[11], -1);
    /* The two-person chains: Y by X (depth 1) and the cycle. */
    assert_int_equal(ch.chains[1].size, 2);
    assert_int_equal(ch.chains[2].size, 2);
    /* Victim-recruiters: A and C, and both of the cycle. */
    assert_int_equal(ch.nvr, 4);
    assert_int_equal(ch.victim_recruiters[0], 1);
    assert_int_equal(ch.victim_recruiters[1], 3);
    /* C's evidence: R -> A -> C, then C -> E. */
    int64_t *p = ch.path + ch.path_start[1];
    assert_int_equal(ch.path_start[2] - ch.path_start[1], 3);
    assert_int_equal(p[0], ar);
    assert_int_equal(p[1], ca);
    assert_int_equal(p[2], ec);
    net_chains_free(&ch);
    net_view_free(v);
}

static void test_two_cliques(void **state)
{
    (void)state;
    tgraph t;
    int64_t bridge = two_cliques(&t);
    net_view *v = view(&t, NULL);
    net_method methods[] = {NET_LEIDEN, NET_LOUVAIN, NET_LABEL_PROPAGATION};
    for (size_t k = 0; k < sizeof methods / sizeof methods[0]; k++) {
        net_groups g;
        assert_int_equal(net_groups_find(v, methods[k], 1.0, &g), SG_OK);
        assert_int_equal(g.count, 2);
        for (int i = 1; i < 5; i++) {
            assert_int_equal(g.membership[i], g.membership[0]);
            assert_int_equal(g.membership[5 + i], g.membership[5]);
        }
        assert_int_not_equal(g.membership[0], g.membership[5]);
        assert_true(g.modularity > 0.3);
        assert_int_equal(g.coreness[0], 4);
        net_groups_free(&g);
    }
    net_actor_opts o = {.exact_max = 1000, .samples = 10, .damping = 0.85, .constraint_top = 10};
    net_actors a;
    assert_int_equal(net_actors_find(v, &o, &a), SG_OK);
    assert_int_equal(a.nbridges, 1);
    assert_int_equal(a.bridges[0], bridge);
    assert_int_equal(a.narticulation, 2);
    assert_int_equal(a.articulation[0], 4);
    assert_int_equal(a.articulation[1], 5);
    assert_int_equal(a.degree[4], 5);
    assert_true(a.betweenness[4] > a.betweenness[0]);
    assert_true(fabs(a.betweenness[4] - 20.0) < 1e-9); /* 0-3 to 5-9: 4 x 5 pairs */
    assert_int_equal(a.betweenness_exact[4], 1);
    assert_int_equal(a.sampled_components, 0);
    /* A broker is less constrained than those around it. */
    assert_false(isnan(a.constraint[4]));
    assert_true(a.constraint[4] < a.constraint[0]);
    int32_t parts[4], nparts = 0;
    assert_int_equal(net_split_sizes(v, 4, parts, 4, &nparts), SG_OK);
    assert_int_equal(nparts, 2);
    assert_int_equal(parts[0], 5);
    assert_int_equal(parts[1], 4);
    net_actors_free(&a);
    net_view_free(v);
}

static void test_betweenness_sampled(void **state)
{
    (void)state;
    tgraph t;
    two_cliques(&t);
    add(&t, 10, 11, NR_ASSOCIATES_WITH); /* a small component: a pair */
    add(&t, 11, 12, NR_ASSOCIATES_WITH);
    t.n = 13;
    net_view *v = view(&t, NULL);
    net_actor_opts o = {.exact_max = 5, .samples = 10, .damping = 0.85};
    net_actors a;
    assert_int_equal(net_actors_find(v, &o, &a), SG_OK);
    assert_int_equal(a.sampled_components, 1);
    assert_int_equal(a.betweenness_exact[4], 0);
    assert_int_equal(a.betweenness_exact[11], 1);
    assert_true(fabs(a.betweenness[11] - 1.0) < 1e-9);
    assert_true(isnan(a.constraint[4])); /* none asked for */
    /* Every source sampled: the estimate is the exact value. */
    assert_true(fabs(a.betweenness[4] - 20.0) < 1e-9);
    net_actors_free(&a);
    /* With seeds, a personalised PageRank favours the seeds' side. */
    int32_t seeds[] = {0};
    o.seeds = seeds;
    o.nseeds = 1;
    o.exact_max = 100;
    assert_int_equal(net_actors_find(v, &o, &a), SG_OK);
    assert_non_null(a.personalised);
    assert_true(a.personalised[1] > a.personalised[6]);
    net_actors_free(&a);
    net_view_free(v);
}

static void test_filters(void **state)
{
    (void)state;
    tgraph t;
    tg_init(&t, 4);
    add_at(&t, 0, 1, NR_ASSOCIATES_WITH, DAY - 200);
    add_at(&t, 1, 2, NR_RECRUITED_BY, DAY);
    add_at(&t, 2, 3, NR_USES_PHONE, DAY);
    t.conf[2] = NC_UNVERIFIED;
    net_filter f = {.types = 1u << NR_RECRUITED_BY | 1u << NR_USES_PHONE,
                    .confidences = 0,
                    .from_day = NET_DAY_NONE_MIN,
                    .to_day = NET_DAY_NONE_MAX};
    net_view *v = view(&t, &f);
    assert_int_equal(net_view_relations(v), 2);
    assert_false(net_view_keeps(v, 0));
    net_view_free(v);
    f.types = 0;
    f.confidences = 1u << NC_CONFIRMED;
    f.from_day = DAY - 90;
    v = view(&t, &f);
    assert_int_equal(net_view_relations(v), 1);
    assert_true(net_view_keeps(v, 1));
    net_view_free(v);
}

static void test_paths(void **state)
{
    (void)state;
    tgraph t;
    tg_init(&t, 6);
    int64_t r0 = add_at(&t, 0, 1, NR_RECRUITED_BY, DAY + 5); /* 0 -> 1 */
    int64_t r1 = add_at(&t, 1, 2, NR_RECRUITED_BY, DAY + 1); /* 1 -> 2, seen earlier */
    int64_t r2 = add_at(&t, 0, 3, NR_ASSOCIATES_WITH, DAY);
    int64_t r3 = add_at(&t, 3, 4, NR_ASSOCIATES_WITH, DAY + 2);
    int64_t r4 = add_at(&t, 4, 2, NR_ASSOCIATES_WITH, DAY + 3);
    net_view *v = view(&t, NULL);
    net_subgraph s;
    assert_int_equal(net_path(v, 0, 2, false, false, &s), SG_OK);
    assert_int_equal(s.nrelations, 2);
    assert_int_equal(s.relations[0], r0);
    assert_int_equal(s.relations[1], r1);
    assert_int_equal(s.nodes[0], 0);
    assert_int_equal(s.nodes[2], 2);
    net_subgraph_free(&s);
    /* Against the direction of recruited_by there is only the long way. */
    assert_int_equal(net_path(v, 2, 0, true, false, &s), SG_OK);
    assert_int_equal(s.nrelations, 3);
    net_subgraph_free(&s);
    /* In time order, 0-1 (day 5) cannot be followed by 1-2 (day 1). */
    assert_int_equal(net_path(v, 0, 2, false, true, &s), SG_OK);
    assert_int_equal(s.nrelations, 3);
    assert_int_equal(s.relations[0], r2);
    assert_int_equal(s.relations[1], r3);
    assert_int_equal(s.relations[2], r4);
    assert_int_equal(s.nodes[3], 2);
    net_subgraph_free(&s);
    assert_int_equal(net_path(v, 0, 5, false, false, &s), SG_ENOTFOUND);
    /* The neighbourhood of 0: one step, then two. */
    assert_int_equal(net_neighbourhood(v, 0, 1, 100, &s), SG_OK);
    assert_int_equal(s.nnodes, 3);
    assert_int_equal(s.nodes[0], 0);
    assert_int_equal(s.nrelations, 2);
    net_subgraph_free(&s);
    assert_int_equal(net_neighbourhood(v, 0, 2, 100, &s), SG_OK);
    assert_int_equal(s.nnodes, 5);
    assert_int_equal(s.nrelations, 5);
    net_subgraph_free(&s);
    assert_int_equal(net_component_of(v, 4, 3, &s), SG_OK);
    assert_int_equal(s.nnodes, 3); /* capped */
    net_subgraph_free(&s);
    int32_t chosen[] = {1, 4};
    assert_int_equal(net_connecting(v, chosen, 2, &s), SG_OK);
    assert_int_equal(s.nnodes, 3); /* 1-2-4 */
    double xy[6];
    assert_int_equal(net_layout(v, &s, NULL, xy), SG_OK);
    for (int i = 0; i < 6; i++)
        assert_true(xy[i] >= 0 && xy[i] <= 1);
    net_subgraph_free(&s);
    net_view_free(v);
}

static void test_links(void **state)
{
    (void)state;
    tgraph t;
    tg_init(&t, 6);
    /* 0 and 3 share neighbours 1 and 2; 0 and 5 share only 1, and 1 is a hub. */
    add(&t, 0, 1, NR_ASSOCIATES_WITH);
    add(&t, 0, 2, NR_ASSOCIATES_WITH);
    add(&t, 3, 1, NR_ASSOCIATES_WITH);
    add(&t, 3, 2, NR_ASSOCIATES_WITH);
    add(&t, 5, 1, NR_ASSOCIATES_WITH);
    add(&t, 4, 1, NR_ASSOCIATES_WITH);
    net_view *v = view(&t, NULL);
    net_link l[8];
    int32_t n = 0;
    net_link_method methods[] = {NET_ADAMIC_ADAR, NET_JACCARD, NET_COMMON};
    for (size_t k = 0; k < 3; k++) {
        assert_int_equal(net_links_suggest(v, 0, methods[k], l, 8, &n), SG_OK);
        assert_int_equal(n, 3);
        assert_int_equal(l[0].node, 3);
        assert_int_equal(l[0].common, 2);
        assert_true(l[0].score > l[1].score);
    }
    net_view_free(v);
}

static void test_disruption(void **state)
{
    (void)state;
    tgraph t;
    tg_init(&t, 7);
    /* A recruiter 0 with five recruits; 5 recruited 6. */
    for (int i = 1; i <= 5; i++)
        add(&t, i, 0, NR_RECRUITED_BY);
    add(&t, 6, 5, NR_RECRUITED_BY);
    net_view *v = view(&t, NULL);
    net_disruption_step st[3];
    net_run run = {.seed = 1};
    assert_int_equal(net_disrupt(v, NET_BY_DEGREE, NULL, 0, 2, 1, &run, st), SG_OK);
    assert_int_equal(st[0].largest_component, 7);
    assert_int_equal(st[0].recruits_reached, 6);
    assert_int_equal(st[1].removed, 1);
    assert_int_equal(st[1].largest_component, 2); /* 5-6 */
    assert_int_equal(st[1].chain_links_cut, 5);
    assert_int_equal(st[1].recruits_reached, 0);
    int32_t chosen[] = {5};
    assert_int_equal(net_disrupt(v, NET_CHOSEN, chosen, 1, 1, 1, &run, st), SG_OK);
    assert_int_equal(st[1].largest_component, 5);
    assert_int_equal(st[1].recruits_reached, 4);
    assert_int_equal(net_disrupt(v, NET_BY_BETWEENNESS, NULL, 0, 1, 1, &run, st), SG_OK);
    assert_int_equal(st[1].largest_component, 2);
    assert_int_equal(net_disrupt(v, NET_AT_RANDOM, NULL, 0, 2, 3, &run, st), SG_OK);
    assert_int_equal(st[2].removed, 6);
    net_view_free(v);
}

static void test_groups_compare(void **state)
{
    (void)state;
    /* Nodes 0-11.  Before: A={0..3}, B={4..5}, C={6,7}, D={8,9}.
     * After: A'={0..3,10,11} grown; B gone; C and D merged; 10-11 came. */
    int32_t before[12] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, -1, -1};
    int32_t after[12] = {0, 0, 0, 0, -1, -1, 1, 1, 1, 1, 0, 0};
    net_group_change *c = NULL;
    int32_t n = 0;
    assert_int_equal(net_groups_compare(before, after, 12, 2, &c, &n), SG_OK);
    int grown = 0, gone = 0, merged = 0, born = 0;
    for (int32_t i = 0; i < n; i++) {
        grown += c[i].change == NET_GROWN;
        gone += c[i].change == NET_GONE;
        merged += c[i].change == NET_MERGED;
        born += c[i].change == NET_BORN;
    }
    assert_int_equal(grown, 1);
    assert_int_equal(gone, 1);
    assert_int_equal(merged, 2);
    assert_int_equal(born, 0);
    net_changes_free(c);
    /* Reversed: the merged group splits, the grown one shrinks, B is born. */
    assert_int_equal(net_groups_compare(after, before, 12, 2, &c, &n), SG_OK);
    int split = 0, shrunk = 0;
    for (int32_t i = 0; i < n; i++) {
        split += c[i].change == NET_SPLIT;
        shrunk += c[i].change == NET_SHRUNK;
        born += c[i].change == NET_BORN;
    }
    assert_int_equal(split, 2);
    assert_int_equal(shrunk, 1);
    assert_int_equal(born, 1);
    assert_string_equal(net_change_code(NET_MERGED), "merged");
    net_changes_free(c);
}

static bool always(void *ctx)
{
    (*(int *)ctx)++;
    return true;
}

static void noted(void *ctx, const char *phase, double fraction)
{
    (void)phase;
    (void)fraction;
    (*(int *)ctx)++;
}

/* A run cancelled from the start stops with SG_ESTATE and no result. */
static void test_cancel(void **state)
{
    (void)state;
    tgraph t;
    two_cliques(&t);
    int asked = 0, told = 0;
    net_run run = {.cancelled = always, .progress = noted, .ctx = &asked};
    net_view *v = NULL;
    assert_int_equal(net_view_new(tg(&t), NULL, &run, &v), SG_ESTATE);
    assert_null(v);
    assert_true(asked > 0);
    net_run quiet = {.progress = noted, .ctx = &told};
    assert_int_equal(net_view_new(tg(&t), NULL, &quiet, &v), SG_OK);
    assert_true(told > 0);
    net_view_free(v);
}

/* Cancelled in the middle of an analysis, then run again: nothing is left
 * behind (igraph's clean-up, our own), and the second run works. */
static bool after_some(void *ctx)
{
    return ++*(int *)ctx > 3;
}

static void test_cancel_midway(void **state)
{
    (void)state;
    enum { N = 3000, M = 12000 };
    static int32_t from[M], to[M], first[M], last[M];
    static uint8_t type[M], conf[M];
    uint32_t x = 12345;
    for (int i = 0; i < M; i++) {
        x = x * 1103515245u + 12345u;
        from[i] = (int32_t)(x % N);
        x = x * 1103515245u + 12345u;
        to[i] = (int32_t)((from[i] + 1 + x % (N - 1)) % N);
        type[i] = (uint8_t)(i % 3 == 0 ? NR_RECRUITED_BY : NR_ASSOCIATES_WITH);
        conf[i] = NC_CONFIRMED;
        first[i] = last[i] = DAY;
    }
    net_graph g = {.n = N,
                   .m = M,
                   .from = from,
                   .to = to,
                   .type = type,
                   .confidence = conf,
                   .first_day = first,
                   .last_day = last};
    /* The view keeps the run it was made with; the counter lets the build
     * through and stops the analysis after a few questions. */
    int calls = INT32_MIN;
    net_run stop = {.cancelled = after_some, .ctx = &calls, .seed = 1};
    net_view *v = NULL;
    assert_int_equal(net_view_new(&g, NULL, &stop, &v), SG_OK);
    net_actor_opts o = {.exact_max = N, .samples = 10, .damping = 0.85};
    net_actors a;
    calls = 0;
    assert_int_equal(net_actors_find(v, &o, &a), SG_ESTATE);
    assert_null(a.betweenness);
    calls = INT32_MIN;
    assert_int_equal(net_actors_find(v, &o, &a), SG_OK);
    assert_true(a.betweenness[0] >= 0);
    net_actors_free(&a);
    net_groups gr;
    calls = 2; /* stops after the communities, before the k-cores */
    assert_int_equal(net_groups_find(v, NET_LEIDEN, 1.0, &gr), SG_ESTATE);
    calls = INT32_MIN;
    assert_int_equal(net_groups_find(v, NET_LEIDEN, 1.0, &gr), SG_OK);
    assert_true(gr.count > 1);
    net_groups_free(&gr);
    net_view_free(v);
}

static void test_vocabulary(void **state)
{
    (void)state;
    char out[64];
    const char *why = NULL;
    assert_int_equal(net_key_normalise(NK_PHONE, "06-1234 5678", out, sizeof out, &why), SG_OK);
    assert_string_equal(out, "0612345678");
    assert_int_equal(net_key_normalise(NK_PHONE, "+31 (6) 12345678", out, sizeof out, &why), SG_OK);
    assert_string_equal(out, "+31612345678");
    assert_int_equal(net_key_normalise(NK_PHONE, "06x", out, sizeof out, &why), SG_EINVAL);
    assert_non_null(why);
    assert_int_equal(net_key_normalise(NK_VEHICLE, "ab-12-cd", out, sizeof out, &why), SG_OK);
    assert_string_equal(out, "AB12CD");
    assert_int_equal(net_key_normalise(NK_NICKNAME, "  De  Kapper ", out, sizeof out, &why), SG_OK);
    assert_string_equal(out, "de kapper");
    assert_int_equal(net_key_normalise(NK_PLACE, "   ", out, sizeof out, &why), SG_EINVAL);
    assert_true(net_rel_fits(NR_RECRUITED_BY, NK_PERSON, NK_NICKNAME, &why));
    assert_false(net_rel_fits(NR_RECRUITED_BY, NK_PERSON, NK_PHONE, &why));
    assert_true(net_rel_fits(NR_USES_PHONE, NK_PERSON, NK_PHONE, &why));
    assert_false(net_rel_fits(NR_LIVES_AT, NK_PERSON, NK_PLACE, &why));
    net_rel r;
    assert_int_equal(net_rel_parse("member_of", &r), SG_OK);
    assert_int_equal(r, NR_MEMBER_OF);
    assert_int_equal(net_rel_parse("knows", &r), SG_EINVAL);
    assert_true(net_rel_is_chain(NR_EXPLOITED_BY));
    assert_false(net_rel_directed(NR_SIBLING_OF));
}

int main(void)
{
    net_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_components),     cmocka_unit_test(test_chains),
        cmocka_unit_test(test_two_cliques),    cmocka_unit_test(test_betweenness_sampled),
        cmocka_unit_test(test_filters),        cmocka_unit_test(test_paths),
        cmocka_unit_test(test_links),          cmocka_unit_test(test_disruption),
        cmocka_unit_test(test_groups_compare), cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_cancel_midway),  cmocka_unit_test(test_vocabulary),
    };
    return cmocka_run_group_tests_name("analysis", tests, NULL, NULL);
}
