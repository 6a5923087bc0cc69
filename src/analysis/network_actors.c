/* Key actors (degree, betweenness, PageRank, brokers) and groups
 * (communities, k-cores); see network.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/network_int.h"
#include "base/mem.h"

/* Burt's constraint of a node costs the relations of its neighbours;
 * beyond this it is left out (a hub's constraint is near zero anyway). */
#define CONSTRAINT_WORK_MAX 5000000
/* From this many nodes on, PageRank by PRPACK rather than ARPACK. */
#define PAGERANK_PRPACK_FROM 200000

static int vec_int(igraph_vector_int_t *v, int64_t n)
{
    return igraph_vector_int_init(v, n) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
}

static int vec_real(igraph_vector_t *v, int64_t n)
{
    return igraph_vector_init(v, n) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
}

/* Sources drawn uniformly without replacement from pool (shuffled in
 * place, seeded): the first k of it. */
static void sample(igraph_vector_int_t *pool, int64_t k)
{
    int64_t n = igraph_vector_int_size(pool);
    for (int64_t i = 0; i < k && i < n - 1; i++) {
        int64_t j = RNG_INTEGER(i, n - 1);
        igraph_integer_t t = VECTOR(*pool)[i];
        VECTOR(*pool)[i] = VECTOR(*pool)[j];
        VECTOR(*pool)[j] = t;
    }
}

/* Exact betweenness in components of at most exact_max nodes; in larger
 * ones estimated from sampled sources, scaled up (Brandes-Pich). */
int net_betweenness_into(net_view *v, const net_actor_opts *o, net_actors *out)
{
    int32_t n = v->g->n, *memb = sg_malloc(((size_t)n + 1) * sizeof *memb), *sizes = NULL,
            count = 0;
    if (!memb)
        return SG_ENOMEM;
    int rc = net_components_of(&v->simple, memb, &sizes, &count);
    int32_t largest = 0;
    for (int32_t c = 0; rc == SG_OK && c < count; c++)
        if (sizes[c] > largest)
            largest = sizes[c];
    /* Zeroed vectors may be destroyed whether or not they were made. */
    igraph_vector_t res = {0};
    igraph_vector_int_t small = {0}, big = {0};
    if (rc == SG_OK
        && (vec_real(&res, 0) != SG_OK || vec_int(&small, 0) != SG_OK || vec_int(&big, 0) != SG_OK))
        rc = SG_ENOMEM;
    if (rc == SG_OK && largest <= o->exact_max) {
        rc = net_ig(igraph_betweenness(&v->simple, &res, igraph_vss_all(), false, NULL));
        for (int32_t i = 0; rc == SG_OK && i < n; i++) {
            out->betweenness[i] = VECTOR(res)[i];
            out->betweenness_exact[i] = 1;
        }
    } else if (rc == SG_OK) {
        for (int32_t i = 0; rc == SG_OK && i < n; i++) {
            int32_t size = sizes[memb[i]];
            if (size > o->exact_max)
                rc = net_ig(igraph_vector_int_push_back(&big, i));
            else if (size > 2)
                rc = net_ig(igraph_vector_int_push_back(&small, i));
        }
        for (int32_t c = 0; c < count; c++)
            out->sampled_components += sizes[c] > o->exact_max;
        if (rc == SG_OK && igraph_vector_int_size(&small) > 0) {
            rc = net_ig(igraph_betweenness_subset(&v->simple, &res, igraph_vss_all(), false,
                                                  igraph_vss_vector(&small),
                                                  igraph_vss_vector(&small), NULL));
            for (int64_t i = 0; rc == SG_OK && i < igraph_vector_int_size(&small); i++) {
                int32_t u = (int32_t)VECTOR(small)[i];
                out->betweenness[u] = VECTOR(res)[u];
                out->betweenness_exact[u] = 1;
            }
        }
        int64_t nbig = igraph_vector_int_size(&big);
        int64_t k = o->samples < nbig ? o->samples : nbig;
        igraph_vector_int_t sources;
        if (rc == SG_OK && k > 0) {
            igraph_vector_int_t targets;
            rc = net_ig(igraph_vector_int_init_copy(&targets, &big));
            if (rc == SG_OK) {
                sample(&big, k);
                rc = net_ig(igraph_vector_int_init(&sources, k));
                for (int64_t i = 0; rc == SG_OK && i < k; i++)
                    VECTOR(sources)[i] = VECTOR(big)[i];
                if (rc == SG_OK) {
                    rc = net_ig(igraph_betweenness_subset(&v->simple, &res, igraph_vss_all(), false,
                                                          igraph_vss_vector(&sources),
                                                          igraph_vss_vector(&targets), NULL));
                    igraph_vector_int_destroy(&sources);
                }
                for (int64_t i = 0; rc == SG_OK && i < nbig; i++) {
                    int32_t u = (int32_t)VECTOR(targets)[i];
                    out->betweenness[u] = VECTOR(res)[u] * (double)nbig / (double)k;
                    out->betweenness_exact[u] = 0;
                }
                igraph_vector_int_destroy(&targets);
            }
        }
    }
    igraph_vector_destroy(&res);
    igraph_vector_int_destroy(&small);
    igraph_vector_int_destroy(&big);
    sg_free(memb);
    sg_free(sizes);
    return rc;
}

static int pagerank(net_view *v, const net_actor_opts *o, net_actors *out)
{
    int32_t n = v->g->n;
    igraph_vector_t pr;
    igraph_real_t value;
    int rc = vec_real(&pr, 0);
    if (rc != SG_OK)
        return rc;
    double damping = o->damping > 0 && o->damping < 1 ? o->damping : 0.85;
    /* Measured (bench/network): ARPACK ran two to three times faster than
     * PRPACK on networks of tens of thousands of nodes, PRPACK twice as fast
     * as ARPACK on a million. */
    igraph_pagerank_algo_t algo =
        n < PAGERANK_PRPACK_FROM ? IGRAPH_PAGERANK_ALGO_ARPACK : IGRAPH_PAGERANK_ALGO_PRPACK;
    igraph_arpack_options_t arpack;
    igraph_arpack_options_init(&arpack);
    rc = net_ig(igraph_pagerank(&v->simple, algo, &pr, &value, igraph_vss_all(), false, damping,
                                NULL, &arpack));
    for (int32_t i = 0; rc == SG_OK && i < n; i++)
        out->pagerank[i] = VECTOR(pr)[i];
    if (rc == SG_OK && o->nseeds > 0) {
        igraph_vector_int_t seeds;
        out->personalised = sg_malloc(((size_t)n + 1) * sizeof *out->personalised);
        rc = out->personalised ? vec_int(&seeds, o->nseeds) : SG_ENOMEM;
        if (rc == SG_OK) {
            for (int32_t i = 0; i < o->nseeds; i++)
                VECTOR(seeds)[i] = o->seeds[i];
            igraph_arpack_options_init(&arpack);
            rc = net_ig(igraph_personalized_pagerank_vs(&v->simple, algo, &pr, &value,
                                                        igraph_vss_all(), false, damping,
                                                        igraph_vss_vector(&seeds), NULL, &arpack));
            igraph_vector_int_destroy(&seeds);
        }
        for (int32_t i = 0; rc == SG_OK && i < n; i++)
            out->personalised[i] = VECTOR(pr)[i];
    }
    igraph_vector_destroy(&pr);
    return rc;
}

static int brokers(net_view *v, net_actors *out)
{
    igraph_vector_int_t ap, br;
    int rc = vec_int(&ap, 0);
    if (rc != SG_OK)
        return rc;
    rc = vec_int(&br, 0);
    if (rc != SG_OK) {
        igraph_vector_int_destroy(&ap);
        return rc;
    }
    rc = net_ig(igraph_articulation_points(&v->simple, &ap));
    if (rc == SG_OK)
        rc = net_ig(igraph_bridges(&v->simple, &br));
    if (rc == SG_OK) {
        out->narticulation = (int32_t)igraph_vector_int_size(&ap);
        out->nbridges = igraph_vector_int_size(&br);
        out->articulation = sg_malloc(((size_t)out->narticulation + 1) * sizeof(int32_t));
        out->bridges = sg_malloc(((size_t)out->nbridges + 1) * sizeof(int64_t));
        if (!out->articulation || !out->bridges)
            rc = SG_ENOMEM;
    }
    if (rc == SG_OK) {
        igraph_vector_int_sort(&ap);
        for (int32_t i = 0; i < out->narticulation; i++)
            out->articulation[i] = (int32_t)VECTOR(ap)[i];
        for (int64_t i = 0; i < out->nbridges; i++)
            out->bridges[i] = v->pair_rel[VECTOR(br)[i]];
    }
    igraph_vector_int_destroy(&ap);
    igraph_vector_int_destroy(&br);
    return rc;
}

/* Burt's constraint for the top brokers by betweenness whose cost fits. */
static int constraint(net_view *v, const net_actor_opts *o, net_actors *out)
{
    int32_t n = v->g->n;
    for (int32_t i = 0; i < n; i++)
        out->constraint[i] = NAN;
    if (o->constraint_top <= 0 || n == 0)
        return SG_OK;
    igraph_vector_int_t deg, chosen;
    igraph_vector_t res;
    int rc = vec_int(&deg, 0);
    if (rc != SG_OK)
        return rc;
    rc = net_ig(igraph_degree(&v->simple, &deg, igraph_vss_all(), IGRAPH_ALL, false));
    if (rc == SG_OK)
        rc = vec_int(&chosen, 0);
    if (rc != SG_OK) {
        igraph_vector_int_destroy(&deg);
        return rc;
    }
    /* The top constraint_top by betweenness: a partial selection. */
    uint8_t *taken = sg_calloc((size_t)n, 1);
    rc = taken ? SG_OK : SG_ENOMEM;
    for (int32_t t = 0; rc == SG_OK && t < o->constraint_top && t < n; t++) {
        int32_t best = -1;
        for (int32_t i = 0; i < n; i++)
            if (!taken[i] && VECTOR(deg)[i] > 0
                && (best < 0 || out->betweenness[i] > out->betweenness[best]))
                best = i;
        if (best < 0)
            break;
        taken[best] = 1;
        int64_t work = 0;
        for (int64_t k = v->adj_start[best]; k < v->adj_start[best + 1]; k++)
            work += VECTOR(deg)[net_other_end(v, v->adj_rel[k], best)];
        if (work <= CONSTRAINT_WORK_MAX)
            rc = net_ig(igraph_vector_int_push_back(&chosen, best));
    }
    if (rc == SG_OK && igraph_vector_int_size(&chosen) > 0) {
        rc = vec_real(&res, 0);
        if (rc == SG_OK) {
            rc = net_ig(igraph_constraint(&v->simple, &res, igraph_vss_vector(&chosen), NULL));
            for (int64_t i = 0; rc == SG_OK && i < igraph_vector_int_size(&chosen); i++)
                out->constraint[VECTOR(chosen)[i]] = VECTOR(res)[i];
            igraph_vector_destroy(&res);
        }
    }
    sg_free(taken);
    igraph_vector_int_destroy(&chosen);
    igraph_vector_int_destroy(&deg);
    return rc;
}

int net_actors_find(net_view *v, const net_actor_opts *o, net_actors *out)
{
    memset(out, 0, sizeof *out);
    int32_t n = v->g->n;
    size_t nn = (size_t)n + 1;
    net_run_begin(&v->run);
    out->degree = sg_malloc(nn * sizeof *out->degree);
    out->betweenness = sg_calloc(nn, sizeof *out->betweenness);
    out->betweenness_exact = sg_calloc(nn, 1);
    out->pagerank = sg_malloc(nn * sizeof *out->pagerank);
    out->constraint = sg_malloc(nn * sizeof *out->constraint);
    int rc = out->degree && out->betweenness && out->betweenness_exact && out->pagerank
                     && out->constraint
                 ? SG_OK
                 : SG_ENOMEM;
    for (int32_t i = 0; rc == SG_OK && i < n; i++)
        out->degree[i] = (int32_t)(v->adj_start[i + 1] - v->adj_start[i]);
    /* Cancellation is seen between the phases (and inside igraph's
     * betweenness, at its progress reports). */
    net_progress(v, "betweenness", 0.0);
    if (rc == SG_OK)
        rc = net_cancelled(v) ? SG_ESTATE : net_betweenness_into(v, o, out);
    net_progress(v, "pagerank", 0.0);
    if (rc == SG_OK)
        rc = net_cancelled(v) ? SG_ESTATE : pagerank(v, o, out);
    net_progress(v, "brokers", 0.0);
    if (rc == SG_OK)
        rc = net_cancelled(v) ? SG_ESTATE : brokers(v, out);
    if (rc == SG_OK)
        rc = net_cancelled(v) ? SG_ESTATE : constraint(v, o, out);
    if (rc == SG_OK && net_cancelled(v))
        rc = SG_ESTATE;
    net_run_end();
    if (rc != SG_OK)
        net_actors_free(out);
    return rc;
}

void net_actors_free(net_actors *a)
{
    sg_free(a->degree);
    sg_free(a->betweenness);
    sg_free(a->betweenness_exact);
    sg_free(a->pagerank);
    sg_free(a->personalised);
    sg_free(a->articulation);
    sg_free(a->bridges);
    sg_free(a->constraint);
    memset(a, 0, sizeof *a);
}

static int desc_int(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return a < b ? 1 : a > b ? -1 : 0;
}

int net_split_sizes(net_view *v, int32_t node, int32_t *sizes, int32_t max, int32_t *nparts)
{
    *nparts = 0;
    igraph_vector_int_t comp, rest;
    igraph_t sub;
    int rc = vec_int(&comp, 0);
    if (rc != SG_OK)
        return rc;
    rc = vec_int(&rest, 0);
    if (rc != SG_OK) {
        igraph_vector_int_destroy(&comp);
        return rc;
    }
    net_run_begin(&v->run);
    rc = net_ig(igraph_subcomponent(&v->simple, &comp, node, IGRAPH_ALL));
    for (int64_t i = 0; rc == SG_OK && i < igraph_vector_int_size(&comp); i++)
        if (VECTOR(comp)[i] != node)
            rc = net_ig(igraph_vector_int_push_back(&rest, VECTOR(comp)[i]));
    if (rc == SG_OK)
        rc = net_ig(igraph_induced_subgraph(&v->simple, &sub, igraph_vss_vector(&rest),
                                            IGRAPH_SUBGRAPH_AUTO));
    if (rc == SG_OK) {
        int32_t *memb = sg_malloc((size_t)(igraph_vcount(&sub) + 1) * sizeof *memb), *parts = NULL,
                count = 0;
        rc = memb ? net_components_of(&sub, memb, &parts, &count) : SG_ENOMEM;
        if (rc == SG_OK) {
            qsort(parts, (size_t)count, sizeof *parts, desc_int);
            for (int32_t i = 0; i < count && i < max; i++)
                sizes[i] = parts[i];
            *nparts = count;
        }
        sg_free(memb);
        sg_free(parts);
        igraph_destroy(&sub);
    }
    net_run_end();
    igraph_vector_int_destroy(&comp);
    igraph_vector_int_destroy(&rest);
    return rc;
}

/* ---- groups ------------------------------------------------------------ */

static int communities(net_view *v, net_method method, double resolution, igraph_vector_int_t *memb)
{
    switch (method) {
    case NET_LOUVAIN:
        return net_ig(igraph_community_multilevel(&v->simple, NULL, resolution, memb, NULL, NULL));
    case NET_LABEL_PROPAGATION:
        return net_ig(
            igraph_community_label_propagation(&v->simple, memb, IGRAPH_ALL, NULL, NULL, NULL));
    case NET_LEIDEN:
    default: {
        /* Modularity as Leiden's objective: node weights are degrees and
         * the resolution is divided by twice the number of edges. */
        igraph_vector_int_t deg;
        igraph_vector_t weights;
        igraph_integer_t clusters = 0;
        igraph_real_t quality = 0;
        int rc = vec_int(&deg, 0);
        if (rc != SG_OK)
            return rc;
        rc = net_ig(igraph_degree(&v->simple, &deg, igraph_vss_all(), IGRAPH_ALL, false));
        if (rc == SG_OK)
            rc = vec_real(&weights, igraph_vector_int_size(&deg));
        if (rc == SG_OK) {
            for (int64_t i = 0; i < igraph_vector_int_size(&deg); i++)
                VECTOR(weights)[i] = (double)VECTOR(deg)[i];
            double m2 = 2.0 * (double)(v->npairs ? v->npairs : 1);
            rc = net_ig(igraph_community_leiden(&v->simple, NULL, &weights, resolution / m2, 0.01,
                                                false, 2, memb, &clusters, &quality));
            igraph_vector_destroy(&weights);
        }
        igraph_vector_int_destroy(&deg);
        return rc;
    }
    }
}

int net_groups_find(net_view *v, net_method method, double resolution, net_groups *out)
{
    memset(out, 0, sizeof *out);
    int32_t n = v->g->n;
    if (resolution <= 0)
        resolution = 1.0;
    igraph_vector_int_t memb, cores;
    int rc = vec_int(&memb, 0);
    if (rc != SG_OK)
        return rc;
    rc = vec_int(&cores, 0);
    if (rc != SG_OK) {
        igraph_vector_int_destroy(&memb);
        return rc;
    }
    net_run_begin(&v->run);
    net_progress(v, "communities", 0.0);
    rc = net_cancelled(v) ? SG_ESTATE : communities(v, method, resolution, &memb);
    if (rc == SG_OK)
        rc =
            net_ig(igraph_modularity(&v->simple, &memb, NULL, resolution, false, &out->modularity));
    if (rc == SG_OK && isnan(out->modularity))
        out->modularity = 0;
    net_progress(v, "k-cores", 0.8);
    if (rc == SG_OK)
        rc = net_cancelled(v) ? SG_ESTATE : net_ig(igraph_coreness(&v->simple, &cores, IGRAPH_ALL));
    out->membership = sg_malloc(((size_t)n + 1) * sizeof *out->membership);
    out->coreness = sg_malloc(((size_t)n + 1) * sizeof *out->coreness);
    if (rc == SG_OK && (!out->membership || !out->coreness))
        rc = SG_ENOMEM;
    int32_t *sizes = NULL;
    for (int32_t i = 0; rc == SG_OK && i < n; i++) {
        out->membership[i] = (int32_t)VECTOR(memb)[i];
        out->coreness[i] = (int32_t)VECTOR(cores)[i];
        if (out->membership[i] + 1 > out->count)
            out->count = out->membership[i] + 1;
    }
    if (rc == SG_OK) {
        sizes = sg_calloc((size_t)out->count + 1, sizeof *sizes);
        rc = sizes ? SG_OK : SG_ENOMEM;
    }
    for (int32_t i = 0; rc == SG_OK && i < n; i++)
        sizes[out->membership[i]]++;
    if (rc == SG_OK)
        rc = net_renumber_by_size(out->membership, n, sizes, out->count);
    sg_free(sizes);
    if (rc == SG_OK && net_cancelled(v))
        rc = SG_ESTATE;
    net_run_end();
    igraph_vector_int_destroy(&memb);
    igraph_vector_int_destroy(&cores);
    if (rc != SG_OK)
        net_groups_free(out);
    return rc;
}

void net_groups_free(net_groups *g)
{
    sg_free(g->membership);
    sg_free(g->coreness);
    memset(g, 0, sizeof *g);
}
