/* Disruption simulation and the comparison of communities over time (see
 * network.h). */
#include <stdlib.h>
#include <string.h>

#include "analysis/network_int.h"
#include "base/mem.h"

typedef struct scored {
    int32_t node;
    double score;
} scored;

static int by_score_desc(const void *x, const void *y)
{
    const scored *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->node < b->node ? -1 : a->node > b->node;
}

static bool personal(const net_view *v, int32_t u)
{
    return !v->g->kind || net_kind_is_personal((net_kind)v->g->kind[u]);
}

/* The order in which persons are removed; *len of them. */
static int removal_order(net_view *v, net_strategy strategy, const int32_t *chosen, int32_t nchosen,
                         int32_t **order, int32_t *len)
{
    int32_t n = v->g->n;
    *order = sg_malloc(((size_t)n + 1) * sizeof **order);
    scored *s = sg_malloc(((size_t)n + 1) * sizeof *s);
    if (!*order || !s) {
        sg_free(s);
        return SG_ENOMEM;
    }
    *len = 0;
    int rc = SG_OK;
    if (strategy == NET_CHOSEN) {
        for (int32_t i = 0; i < nchosen; i++)
            if (chosen[i] >= 0 && chosen[i] < n)
                (*order)[(*len)++] = chosen[i];
        sg_free(s);
        return SG_OK;
    }
    net_actors bw = {0};
    if (strategy == NET_BY_BETWEENNESS) {
        net_actor_opts o = {.exact_max = 5000, .samples = 64};
        bw.betweenness = sg_calloc((size_t)n + 1, sizeof *bw.betweenness);
        bw.betweenness_exact = sg_calloc((size_t)n + 1, 1);
        rc = bw.betweenness && bw.betweenness_exact ? net_betweenness_into(v, &o, &bw) : SG_ENOMEM;
    }
    int32_t k = 0;
    for (int32_t u = 0; rc == SG_OK && u < n; u++) {
        int64_t degree = v->adj_start[u + 1] - v->adj_start[u];
        if (!personal(v, u) || degree == 0)
            continue;
        s[k].node = u;
        s[k].score = strategy == NET_BY_BETWEENNESS ? bw.betweenness[u]
                     : strategy == NET_BY_DEGREE    ? (double)degree
                                                    : RNG_UNIF01();
        k++;
    }
    if (rc == SG_OK) {
        qsort(s, (size_t)k, sizeof *s, by_score_desc);
        for (int32_t i = 0; i < k; i++)
            (*order)[i] = s[i].node;
        *len = k;
    }
    sg_free(bw.betweenness);
    sg_free(bw.betweenness_exact);
    sg_free(s);
    return rc;
}

/* The recruitment graph with a virtual source (node n) joined to every
 * recruiter nobody recruited. */
static int chain_with_source(net_view *v, igraph_t *out, int32_t *nroots, uint8_t *is_root)
{
    igraph_vector_int_t in, outd, ev;
    int rc = net_ig(igraph_copy(out, &v->chain));
    if (rc != SG_OK)
        return rc;
    igraph_vector_int_init(&in, 0);
    igraph_vector_int_init(&outd, 0);
    igraph_vector_int_init(&ev, 0);
    rc = net_ig(igraph_add_vertices(out, 1, NULL));
    if (rc == SG_OK)
        rc = net_ig(igraph_degree(&v->chain, &in, igraph_vss_all(), IGRAPH_IN, false));
    if (rc == SG_OK)
        rc = net_ig(igraph_degree(&v->chain, &outd, igraph_vss_all(), IGRAPH_OUT, false));
    /* The recruitment graph numbers its k nodes compactly; the source is k. */
    int32_t k = v->nchain_nodes;
    *nroots = 0;
    for (int32_t u = 0; rc == SG_OK && u < k; u++) {
        bool root = VECTOR(in)[u] == 0 && VECTOR(outd)[u] > 0;
        is_root[v->chain_node[u]] = root;
        if (!root)
            continue;
        (*nroots)++;
        rc = net_ig(igraph_vector_int_push_back(&ev, k));
        if (rc == SG_OK)
            rc = net_ig(igraph_vector_int_push_back(&ev, u));
    }
    if (rc == SG_OK)
        rc = net_ig(igraph_add_edges(out, &ev, NULL));
    igraph_vector_int_destroy(&in);
    igraph_vector_int_destroy(&outd);
    igraph_vector_int_destroy(&ev);
    if (rc != SG_OK)
        igraph_destroy(out);
    return rc;
}

/* Measures the network without the first removed nodes of order. */
static int measure(net_view *v, const igraph_t *chain, const uint8_t *is_root, int32_t nroots,
                   const int32_t *order, int32_t removed, uint8_t *gone, net_disruption_step *st)
{
    const net_graph *g = v->g;
    igraph_vector_int_t del, del_chain, reach;
    igraph_t copy;
    memset(st, 0, sizeof *st);
    st->removed = removed;
    memset(gone, 0, (size_t)g->n);
    int rc = igraph_vector_int_init(&del, removed) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
    if (rc != SG_OK)
        return rc;
    if (igraph_vector_int_init(&del_chain, 0) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&del);
        return SG_ENOMEM;
    }
    int32_t roots_left = nroots;
    for (int32_t i = 0; rc == SG_OK && i < removed; i++) {
        VECTOR(del)[i] = order[i];
        gone[order[i]] = 1;
        roots_left -= is_root[order[i]];
        if (v->chain_index[order[i]] >= 0)
            rc = net_ig(igraph_vector_int_push_back(&del_chain, v->chain_index[order[i]]));
    }
    for (int64_t e = 0; e < g->m; e++)
        if (v->keep[e] && net_rel_is_chain((net_rel)g->type[e])
            && (gone[g->from[e]] || gone[g->to[e]]))
            st->chain_links_cut++;
    bool copied = false;
    if (rc == SG_OK) {
        rc = net_ig(igraph_copy(&copy, &v->simple));
        copied = rc == SG_OK;
    }
    if (copied) {
        rc = net_ig(igraph_delete_vertices(&copy, igraph_vss_vector(&del)));
        int32_t *memb = sg_malloc((size_t)(igraph_vcount(&copy) + 1) * sizeof *memb), *sizes = NULL;
        if (rc == SG_OK)
            rc = memb ? net_components_of(&copy, memb, &sizes, &st->components) : SG_ENOMEM;
        for (int32_t c = 0; rc == SG_OK && c < st->components; c++)
            if (sizes[c] > st->largest_component)
                st->largest_component = sizes[c];
        sg_free(memb);
        sg_free(sizes);
        igraph_destroy(&copy);
    }
    if (rc == SG_OK)
        rc = net_ig(igraph_copy(&copy, chain));
    if (rc == SG_OK) {
        rc = net_ig(igraph_delete_vertices(&copy, igraph_vss_vector(&del_chain)));
        if (rc == SG_OK)
            rc = igraph_vector_int_init(&reach, 0) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
        if (rc == SG_OK) {
            /* The source is the last node and is never removed. */
            rc = net_ig(igraph_subcomponent(&copy, &reach, igraph_vcount(&copy) - 1, IGRAPH_OUT));
            st->recruits_reached = (int32_t)igraph_vector_int_size(&reach) - 1 - roots_left;
            igraph_vector_int_destroy(&reach);
        }
        igraph_destroy(&copy);
    }
    igraph_vector_int_destroy(&del);
    igraph_vector_int_destroy(&del_chain);
    return rc;
}

int net_disrupt(net_view *v, net_strategy strategy, const int32_t *chosen, int32_t nchosen,
                int32_t steps, int32_t per_step, const net_run *run, net_disruption_step *out)
{
    int32_t *order = NULL, len = 0, nroots = 0;
    uint8_t *is_root = sg_calloc((size_t)v->g->n + 1, 1), *gone = sg_malloc((size_t)v->g->n + 1);
    igraph_t chain;
    if (!is_root || !gone) {
        sg_free(is_root);
        sg_free(gone);
        return SG_ENOMEM;
    }
    net_run_begin(run ? run : &v->run);
    int rc = removal_order(v, strategy, chosen, nchosen, &order, &len);
    bool made = false;
    if (rc == SG_OK) {
        rc = chain_with_source(v, &chain, &nroots, is_root);
        made = rc == SG_OK;
    }
    for (int32_t s = 0; rc == SG_OK && s <= steps; s++) {
        int64_t removed = (int64_t)s * per_step;
        if (removed > len)
            removed = len;
        if (run && run->progress)
            run->progress(run->ctx, "disruption", (double)s / (steps + 1));
        rc = measure(v, &chain, is_root, nroots, order, (int32_t)removed, gone, &out[s]);
        if (rc == SG_OK && run && run->cancelled && run->cancelled(run->ctx))
            rc = SG_ESTATE;
    }
    if (made)
        igraph_destroy(&chain);
    net_run_end();
    sg_free(order);
    sg_free(is_root);
    sg_free(gone);
    return rc;
}

/* ---- communities over time --------------------------------------------- */

const char *net_change_code(net_change c)
{
    static const char *const codes[] = {"stable", "born",  "grown", "shrunk",
                                        "merged", "split", "gone"};
    return (unsigned)c <= NET_GONE ? codes[c] : "";
}

typedef struct overlap {
    int32_t before, after, shared;
} overlap;

static int by_pair(const void *x, const void *y)
{
    const overlap *a = x, *b = y;
    if (a->before != b->before)
        return a->before < b->before ? -1 : 1;
    return a->after < b->after ? -1 : a->after > b->after;
}

static int32_t groups_in(const int32_t *memb, int32_t n)
{
    int32_t count = 0;
    for (int32_t i = 0; i < n; i++)
        if (memb[i] + 1 > count)
            count = memb[i] + 1;
    return count;
}

int net_groups_compare(const int32_t *before, const int32_t *after, int32_t n, int32_t min_size,
                       net_group_change **out, int32_t *count)
{
    *out = NULL;
    *count = 0;
    int32_t nb = groups_in(before, n), na = groups_in(after, n);
    int32_t *sb = sg_calloc((size_t)nb + 1, sizeof *sb),
            *sa = sg_calloc((size_t)na + 1, sizeof *sa);
    int32_t *succ = sg_calloc((size_t)nb + 1, sizeof *succ),
            *pred = sg_calloc((size_t)na + 1, sizeof *pred);
    overlap *pairs = sg_malloc(((size_t)n + 1) * sizeof *pairs);
    net_group_change *res = sg_malloc(((size_t)nb + (size_t)na + 1) * sizeof *res);
    int rc = sb && sa && succ && pred && pairs && res ? SG_OK : SG_ENOMEM;
    int64_t np = 0;
    for (int32_t i = 0; rc == SG_OK && i < n; i++) {
        if (before[i] >= 0)
            sb[before[i]]++;
        if (after[i] >= 0)
            sa[after[i]]++;
        if (before[i] >= 0 && after[i] >= 0)
            pairs[np++] = (overlap){before[i], after[i], 1};
    }
    /* Runs of equal pairs become one overlap with its count. */
    int64_t runs = 0;
    if (rc == SG_OK) {
        qsort(pairs, (size_t)np, sizeof *pairs, by_pair);
        for (int64_t i = 0; i < np; i++) {
            if (runs > 0 && pairs[runs - 1].before == pairs[i].before
                && pairs[runs - 1].after == pairs[i].after)
                pairs[runs - 1].shared++;
            else
                pairs[runs++] = pairs[i];
        }
    }
    /* A match: the two share at least half of the smaller. */
    for (int64_t i = 0; rc == SG_OK && i < runs; i++) {
        overlap *p = &pairs[i];
        int32_t smaller = sb[p->before] < sa[p->after] ? sb[p->before] : sa[p->after];
        p->shared = 2 * p->shared >= smaller ? p->shared : -p->shared;
        if (p->shared > 0) {
            succ[p->before]++;
            pred[p->after]++;
        }
    }
    int32_t k = 0;
    for (int64_t i = 0; rc == SG_OK && i < runs; i++) {
        overlap *p = &pairs[i];
        if (p->shared <= 0 || (sb[p->before] < min_size && sa[p->after] < min_size))
            continue;
        net_group_change c = {p->before,     p->after,     NET_STABLE,
                              sb[p->before], sa[p->after], p->shared};
        if (pred[p->after] > 1)
            c.change = NET_MERGED;
        else if (succ[p->before] > 1)
            c.change = NET_SPLIT;
        else if (10 * c.size_after >= 12 * c.size_before)
            c.change = NET_GROWN;
        else if (10 * c.size_after <= 8 * c.size_before)
            c.change = NET_SHRUNK;
        res[k++] = c;
    }
    for (int32_t b = 0; rc == SG_OK && b < nb; b++)
        if (succ[b] == 0 && sb[b] >= min_size)
            res[k++] = (net_group_change){b, -1, NET_GONE, sb[b], 0, 0};
    for (int32_t a = 0; rc == SG_OK && a < na; a++)
        if (pred[a] == 0 && sa[a] >= min_size)
            res[k++] = (net_group_change){-1, a, NET_BORN, 0, sa[a], 0};
    sg_free(sb);
    sg_free(sa);
    sg_free(succ);
    sg_free(pred);
    sg_free(pairs);
    if (rc != SG_OK) {
        sg_free(res);
        return rc;
    }
    *out = res;
    *count = k;
    return SG_OK;
}

void net_changes_free(net_group_change *c)
{
    sg_free(c);
}
