/*
 * network.c - the benchmark of the network analysis (bench/network).
 *
 * Generates a synthetic national network: persons in communities of a
 * thousand, heavy-tailed degrees (Chung-Lu weights drawn from a Pareto
 * distribution, exponent 2.5), four in five relations inside a community,
 * a tenth of the nodes phones, addresses and places, and planted
 * recruitment trees whose victim-recruiters are known.  Then it times the
 * full analysis of analysis/network.h on the whole network (the graphs,
 * components, chains and victim-recruiters, key actors with sampled
 * betweenness, communities and k-cores), checks that every planted
 * victim-recruiter is found, and measures peak memory.  Last it writes a
 * sample (the persons of the first 50 communities and the relations among
 * them) for bench/network_nx.py, and times the same measures on it.
 *
 *   bench_network [--persons N] [--relations M] [--samples K] [--sample N]
 *                 [--seed S] [--out DIR] [--check]
 *
 * Prints one JSON object on standard output.  With --check it exits 1
 * when a planted victim-recruiter is missed (the smoke test).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "analysis/network.h"

#define COMMUNITY 1000
#define TREE_MAX 40

static uint64_t rng_state;

/* splitmix64: small, fast and good enough to make test data. */
static uint64_t next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unif(void)
{
    return (double)(next() >> 11) * (1.0 / 9007199254740992.0);
}

static int64_t below(int64_t n)
{
    return (int64_t)(unif() * (double)n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_mib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

typedef struct net {
    int32_t n, persons;
    int64_t m, cap;
    uint8_t *kind;
    int32_t *from, *to, *first, *last;
    uint8_t *type, *conf;
    uint8_t *planted_vr; /* n */
    int64_t nplanted;
} net;

static void *must(void *p)
{
    if (!p) {
        fprintf(stderr, "bench_network: out of memory\n");
        exit(1);
    }
    return p;
}

static void add(net *g, int32_t a, int32_t b, net_rel r)
{
    if (g->m == g->cap)
        return;
    int64_t k = g->m++;
    g->from[k] = a;
    g->to[k] = b;
    g->type[k] = (uint8_t)r;
    double u = unif();
    g->conf[k] = (uint8_t)(u < 0.5 ? NC_CONFIRMED : u < 0.8 ? NC_PROBABLE : NC_UNVERIFIED);
    g->first[k] = 19000 + (int32_t)below(3 * 365);
    g->last[k] = g->first[k] + (int32_t)below(180);
}

/* Cumulative weights of [lo, hi), for drawing an end by weight. */
static int32_t draw(const double *cum, int32_t lo, int32_t hi)
{
    double total = cum[hi] - cum[lo], x = cum[lo] + unif() * total;
    int32_t a = lo, b = hi - 1;
    while (a < b) {
        int32_t mid = a + (b - a) / 2;
        if (cum[mid + 1] < x)
            a = mid + 1;
        else
            b = mid;
    }
    return a;
}

/* Plants a recruitment tree inside the community of a random person:
 * "recruit recruited_by recruiter".  Members are persons not used by
 * another tree; recruiters with a recruiter are victim-recruiters. */
static void plant(net *g, uint8_t *used)
{
    int32_t community = (int32_t)below(g->persons / COMMUNITY);
    int32_t base = community * COMMUNITY, members[TREE_MAX], parent[TREE_MAX], depth[TREE_MAX];
    int32_t count = 0, max_depth = 2 + (int32_t)below(4);
    for (int tries = 0; tries < 50 && count == 0; tries++) {
        int32_t r = base + (int32_t)below(COMMUNITY);
        if (!used[r]) {
            used[r] = 1;
            members[0] = r;
            parent[0] = -1;
            depth[0] = 0;
            count = 1;
        }
    }
    for (int32_t i = 0; i < count && count < TREE_MAX; i++) {
        if (depth[i] >= max_depth)
            continue;
        int32_t kids = 1 + (int32_t)below(4);
        for (int32_t k = 0; k < kids && count < TREE_MAX; k++) {
            int32_t c = -1;
            for (int tries = 0; tries < 50 && c < 0; tries++) {
                int32_t x = base + (int32_t)below(COMMUNITY);
                if (!used[x])
                    c = x;
            }
            if (c < 0)
                break;
            used[c] = 1;
            members[count] = c;
            parent[count] = i;
            depth[count] = depth[i] + 1;
            count++;
            add(g, c, members[i], below(4) == 0 ? NR_EXPLOITED_BY : NR_RECRUITED_BY);
        }
    }
    for (int32_t i = 1; i < count; i++) {
        bool has_child = false;
        for (int32_t j = i + 1; j < count && !has_child; j++)
            has_child = parent[j] == i;
        if (has_child && !g->planted_vr[members[i]]) {
            g->planted_vr[members[i]] = 1;
            g->nplanted++;
        }
    }
}

static void generate(net *g, int32_t persons, int64_t relations)
{
    g->persons = persons - persons % COMMUNITY;
    int32_t entities = g->persons / 10;
    g->n = g->persons + entities;
    g->cap = relations;
    g->kind = must(calloc((size_t)g->n, 1));
    g->from = must(malloc((size_t)relations * sizeof *g->from));
    g->to = must(malloc((size_t)relations * sizeof *g->to));
    g->first = must(malloc((size_t)relations * sizeof *g->first));
    g->last = must(malloc((size_t)relations * sizeof *g->last));
    g->type = must(malloc((size_t)relations));
    g->conf = must(malloc((size_t)relations));
    g->planted_vr = must(calloc((size_t)g->n, 1));
    for (int32_t i = g->persons; i < g->n; i++) {
        int32_t r = (i - g->persons) % 10;
        g->kind[i] = (uint8_t)(r < 5 ? NK_PHONE : r < 8 ? NK_ADDRESS : NK_PLACE);
    }
    /* Heavy tails: Pareto weights with exponent 2.5, capped. */
    double *cum = must(malloc(((size_t)g->persons + 1) * sizeof *cum));
    cum[0] = 0;
    for (int32_t i = 0; i < g->persons; i++) {
        double w = pow(1.0 - unif(), -1.0 / 1.5);
        cum[i + 1] = cum[i] + (w < 2000 ? w : 2000);
    }
    uint8_t *used = must(calloc((size_t)g->persons, 1));
    int32_t trees = g->persons / 500;
    for (int32_t t = 0; t < trees; t++)
        plant(g, used);
    free(used);
    static const net_rel personal[] = {NR_ASSOCIATES_WITH,  NR_ASSOCIATES_WITH,  NR_ASSOCIATES_WITH,
                                       NR_CO_OFFENDED_WITH, NR_CO_OFFENDED_WITH, NR_SIBLING_OF};
    while (g->m < g->cap) {
        int32_t a = draw(cum, 0, g->persons);
        double u = unif();
        if (u < 0.25) { /* a person and a phone, address or place of the same region */
            int32_t e =
                g->persons + (a / COMMUNITY) * (COMMUNITY / 10) + (int32_t)below(COMMUNITY / 10);
            net_rel r = g->kind[e] == NK_PHONE     ? NR_USES_PHONE
                        : g->kind[e] == NK_ADDRESS ? NR_LIVES_AT
                                                   : NR_SEEN_AT;
            add(g, a, e, r);
            continue;
        }
        int32_t lo = (a / COMMUNITY) * COMMUNITY;
        int32_t b = unif() < 0.8 ? draw(cum, lo, lo + COMMUNITY) : draw(cum, 0, g->persons);
        if (a == b)
            continue;
        /* A little noise in the chains: recruitment outside the planted trees. */
        net_rel r = unif() < 0.002 ? NR_RECRUITED_BY : personal[below(6)];
        add(g, a, b, r);
    }
    free(cum);
}

static net_graph as_graph(const net *g)
{
    return (net_graph){.n = g->n,
                       .kind = g->kind,
                       .m = g->m,
                       .from = g->from,
                       .to = g->to,
                       .type = g->type,
                       .confidence = g->conf,
                       .first_day = g->first,
                       .last_day = g->last};
}

/* Phase marks from the analysis's progress reports. */
typedef struct marks {
    char phase[16][32];
    double at[16];
    int n;
} marks;

static void mark(void *ctx, const char *phase, double fraction)
{
    marks *mk = ctx;
    (void)fraction;
    /* Our own phases only; igraph reports inside them in its own words. */
    static const char *const ours[] = {"betweenness", "pagerank", "brokers",
                                       "communities", "k-cores",  NULL};
    bool known = false;
    for (int i = 0; ours[i]; i++)
        known = known || strcmp(phase, ours[i]) == 0;
    if (known && mk->n < 16 && (mk->n == 0 || strcmp(mk->phase[mk->n - 1], phase) != 0)) {
        snprintf(mk->phase[mk->n], sizeof mk->phase[0], "%s", phase);
        mk->at[mk->n++] = now();
    }
}

static double since(const marks *mk, const char *phase, double end)
{
    for (int i = 0; i < mk->n; i++)
        if (strcmp(mk->phase[i], phase) == 0)
            return (i + 1 < mk->n ? mk->at[i + 1] : end) - mk->at[i];
    return 0;
}

static void fail_if(int rc, const char *what)
{
    if (rc != SG_OK) {
        fprintf(stderr, "bench_network: %s failed (%d)\n", what, rc);
        exit(1);
    }
}

/* The measures compared with networkx, on g; printed as a JSON object. */
static void measures(const net *g, int32_t samples, const char *name, FILE *out)
{
    net_graph graph = as_graph(g);
    marks mk = {0};
    net_run run = {.progress = mark, .ctx = &mk, .seed = 1};
    double t0 = now();
    net_view *v = NULL;
    fail_if(net_view_new(&graph, NULL, NULL, &v), "the view");
    double t_build = now() - t0;
    t0 = now();
    net_components c;
    fail_if(net_components_find(v, &c), "components");
    double t_comp = now() - t0;
    int32_t ncomp = c.count;
    net_components_free(&c);
    t0 = now();
    net_chains ch;
    fail_if(net_chains_find(v, &ch), "chains");
    double t_chains = now() - t0;
    int32_t nvr = ch.nvr, nchains = ch.count;
    net_chains_free(&ch);
    net_view_free(v);
    /* The key actors with every phase timed apart. */
    fail_if(net_view_new(&graph, NULL, &run, &v), "the view");
    net_actor_opts o = {.exact_max = 2, .samples = samples, .damping = 0.85};
    net_actors a;
    mk.n = 0;
    fail_if(net_actors_find(v, &o, &a), "key actors");
    double end = now();
    int32_t narticulation = a.narticulation;
    int64_t nbridges = a.nbridges;
    net_actors_free(&a);
    double t_groups[3] = {0}, modularity[3] = {0}, t_cores = 0;
    int32_t ngroups[3] = {0};
    double t_bw = since(&mk, "betweenness", end), t_pr = since(&mk, "pagerank", end),
           t_br = since(&mk, "brokers", end);
    for (int k = 0; k < 3; k++) {
        net_method m = k == 0 ? NET_LEIDEN : k == 1 ? NET_LOUVAIN : NET_LABEL_PROPAGATION;
        net_groups gr;
        mk.n = 0;
        t0 = now();
        fail_if(net_groups_find(v, m, 1.0, &gr), "communities");
        end = now();
        t_cores = since(&mk, "k-cores", end);
        t_groups[k] = end - t0 - t_cores;
        modularity[k] = gr.modularity;
        ngroups[k] = gr.count;
        net_groups_free(&gr);
    }
    net_view_free(v);
    fprintf(out,
            "\"%s\": {\"nodes\": %d, \"relations\": %lld, \"seconds\": {\"build\": %.4f,"
            " \"components\": %.4f, \"chains\": %.4f, \"betweenness\": %.4f, \"pagerank\": %.4f,"
            " \"articulation_bridges\": %.4f, \"k_core\": %.4f, \"leiden\": %.4f,"
            " \"louvain\": %.4f, \"label_propagation\": %.4f}, \"found\": {\"components\": %d,"
            " \"chains\": %d, \"victim_recruiters\": %d, \"articulation_points\": %d,"
            " \"bridges\": %lld, \"communities_leiden\": %d, \"communities_louvain\": %d,"
            " \"modularity_louvain\": %.4f}, \"betweenness_samples\": %d}",
            name, g->n, (long long)g->m, t_build, t_comp, t_chains, t_bw, t_pr, t_br, t_cores,
            t_groups[0], t_groups[1], t_groups[2], ncomp, nchains, nvr, narticulation,
            (long long)nbridges, ngroups[0], ngroups[1], modularity[1], samples);
}

/* The full analysis of the whole network, as the overview runs it. */
static void full(const net *g, int32_t samples, FILE *out, bool *all_found)
{
    net_graph graph = as_graph(g);
    marks mk = {0};
    net_run run = {.progress = mark, .ctx = &mk, .seed = 1};
    double start = now(), t0 = now();
    net_view *v = NULL;
    fail_if(net_view_new(&graph, NULL, &run, &v), "the view");
    double t_build = now() - t0;
    t0 = now();
    net_components c;
    fail_if(net_components_find(v, &c), "components");
    double t_comp = now() - t0;
    int32_t largest = c.count ? c.size[0] : 0, ncomp = c.count;
    net_components_free(&c);
    t0 = now();
    net_chains ch;
    fail_if(net_chains_find(v, &ch), "chains");
    double t_chains = now() - t0;
    uint8_t *found = must(calloc((size_t)g->n, 1));
    for (int32_t k = 0; k < ch.nvr; k++)
        found[ch.victim_recruiters[k]] = 1;
    int64_t missed = 0;
    for (int32_t i = 0; i < g->n; i++)
        missed += g->planted_vr[i] && !found[i];
    *all_found = missed == 0;
    free(found);
    int32_t nvr = ch.nvr, nchains = ch.count;
    net_chains_free(&ch);
    t0 = now();
    mk.n = 0;
    net_actor_opts o = {
        .exact_max = 5000, .samples = samples, .damping = 0.85, .constraint_top = 20};
    net_actors a;
    fail_if(net_actors_find(v, &o, &a), "key actors");
    double t_actors = now() - t0;
    double end = now();
    double t_bw = since(&mk, "betweenness", end), t_pr = since(&mk, "pagerank", end),
           t_br = since(&mk, "brokers", end);
    int32_t sampled = a.sampled_components;
    net_actors_free(&a);
    t0 = now();
    net_groups gr;
    fail_if(net_groups_find(v, NET_LEIDEN, 1.0, &gr), "communities");
    double t_groups = now() - t0;
    int32_t ngroups = gr.count;
    double modularity = gr.modularity;
    net_groups_free(&gr);
    net_view_free(v);
    double total = now() - start;
    fprintf(
        out,
        "\"full\": {\"nodes\": %d, \"persons\": %d, \"relations\": %lld, \"seconds\": {\"total\":"
        " %.2f, \"build\": %.2f, \"components\": %.2f, \"chains\": %.2f, \"key_actors\": %.2f,"
        " \"betweenness\": %.2f, \"pagerank\": %.2f, \"brokers_and_constraint\": %.2f,"
        " \"communities_and_cores\": %.2f}, \"components\": %d,"
        " \"largest_component\": %d, \"chains\": %d, \"victim_recruiters\": %d,"
        " \"planted_victim_recruiters\": %lld, \"planted_missed\": %lld,"
        " \"sampled_components\": %d, \"betweenness_samples\": %d, \"communities\": %d,"
        " \"modularity\": %.4f, \"peak_mib\": %ld}",
        g->n, g->persons, (long long)g->m, total, t_build, t_comp, t_chains, t_actors, t_bw, t_pr,
        t_br, t_groups, ncomp, largest, nchains, nvr, (long long)g->nplanted, (long long)missed,
        sampled, samples, ngroups, modularity, peak_mib());
}

/* The persons of the first communities and the relations among them. */
static void sample_of(const net *g, int32_t size, net *s)
{
    memset(s, 0, sizeof *s);
    s->n = s->persons = size;
    s->kind = must(calloc((size_t)size, 1));
    int64_t m = 0;
    for (int64_t e = 0; e < g->m; e++)
        m += g->from[e] < size && g->to[e] < size;
    s->cap = m;
    s->from = must(malloc((size_t)(m + 1) * sizeof *s->from));
    s->to = must(malloc((size_t)(m + 1) * sizeof *s->to));
    s->first = must(malloc((size_t)(m + 1) * sizeof *s->first));
    s->last = must(malloc((size_t)(m + 1) * sizeof *s->last));
    s->type = must(malloc((size_t)m + 1));
    s->conf = must(malloc((size_t)m + 1));
    s->planted_vr = must(calloc((size_t)size, 1));
    for (int64_t e = 0; e < g->m; e++) {
        if (g->from[e] >= size || g->to[e] >= size)
            continue;
        int64_t k = s->m++;
        s->from[k] = g->from[e];
        s->to[k] = g->to[e];
        s->type[k] = g->type[e];
        s->conf[k] = g->conf[e];
        s->first[k] = g->first[e];
        s->last[k] = g->last[e];
    }
}

static void net_free(net *g)
{
    free(g->kind);
    free(g->from);
    free(g->to);
    free(g->first);
    free(g->last);
    free(g->type);
    free(g->conf);
    free(g->planted_vr);
}

int main(int argc, char **argv)
{
    int32_t persons = 1000000, samples = 32, sample = 50000;
    int64_t relations = 5000000;
    uint64_t seed = 1;
    const char *dir = NULL;
    bool check = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--check") == 0) {
            check = true;
            continue;
        }
        if (!v) {
            fprintf(stderr, "bench_network: %s needs a value\n", a);
            return 2;
        }
        if (strcmp(a, "--persons") == 0)
            persons = atoi(v);
        else if (strcmp(a, "--relations") == 0)
            relations = atoll(v);
        else if (strcmp(a, "--samples") == 0)
            samples = atoi(v);
        else if (strcmp(a, "--sample") == 0)
            sample = atoi(v);
        else if (strcmp(a, "--seed") == 0)
            seed = (uint64_t)atoll(v);
        else if (strcmp(a, "--out") == 0)
            dir = v;
        else {
            fprintf(stderr, "bench_network: unknown option %s\n", a);
            return 2;
        }
        i++;
    }
    if (persons < COMMUNITY || relations < 1 || samples < 1 || sample < COMMUNITY) {
        fprintf(stderr, "bench_network: at least 1000 persons, a relation, a sample\n");
        return 2;
    }
    if (sample > persons)
        sample = persons;
    rng_state = seed;
    net_init();
    net g = {0};
    double t0 = now();
    generate(&g, persons, relations);
    fprintf(stderr, "bench_network: generated %d nodes, %lld relations in %.1f s\n", g.n,
            (long long)g.m, now() - t0);
    bool all_found = false;
    printf("{");
    full(&g, samples, stdout, &all_found);
    printf(", ");
    net s;
    sample_of(&g, sample - sample % COMMUNITY, &s);
    measures(&s, 64, "sample", stdout);
    printf("}\n");
    if (dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/sample.tsv", dir);
        FILE *f = fopen(path, "w");
        if (!f) {
            fprintf(stderr, "bench_network: cannot write %s\n", path);
            return 1;
        }
        fprintf(f, "%d\n", s.n);
        for (int64_t e = 0; e < s.m; e++)
            fprintf(f, "%d\t%d\t%s\n", s.from[e], s.to[e], net_rel_code((net_rel)s.type[e]));
        fclose(f);
    }
    net_free(&s);
    net_free(&g);
    if (check && !all_found) {
        fprintf(stderr, "bench_network: a planted victim-recruiter was missed\n");
        return 1;
    }
    return 0;
}
