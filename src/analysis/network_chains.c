/* Recruitment chains: generations, chains and victim-recruiters with their
 * evidence (see network.h).
 *
 * The recruitment graph has an edge recruiter -> recruit per pair, over
 * the nodes with a chain relation only (numbered compactly by the view;
 * the results name the network's nodes).  Roots
 * are recruiters nobody in the graph recruited; a chain without one (a
 * cycle) takes its most prolific recruiter as root.  One breadth-first
 * search from a virtual source joined to every root gives each person's
 * generation (its distance from the nearest root) and, through the search
 * tree, the evidence path of every victim-recruiter. */
#include <stdlib.h>
#include <string.h>

#include "analysis/network_int.h"
#include "base/mem.h"

typedef struct chain_work {
    int32_t n;
    igraph_vector_int_t in, out;  /* degrees in the recruitment graph */
    int32_t *memb, *sizes, count; /* its weak components */
    igraph_t g;                   /* the recruitment graph and the virtual source n */
    bool has_g;
    igraph_vector_int_t parents, dist; /* of the search from the source */
    uint8_t *root;                     /* n */
} chain_work;

static void work_free(chain_work *w)
{
    igraph_vector_int_destroy(&w->in);
    igraph_vector_int_destroy(&w->out);
    igraph_vector_int_destroy(&w->parents);
    igraph_vector_int_destroy(&w->dist);
    if (w->has_g)
        igraph_destroy(&w->g);
    sg_free(w->memb);
    sg_free(w->sizes);
    sg_free(w->root);
}

static bool involved(const chain_work *w, int32_t v)
{
    return VECTOR(w->in)[v] + VECTOR(w->out)[v] > 0;
}

/* Joins the virtual source to the roots marked since the last call. */
static int join_roots(chain_work *w, const uint8_t *fresh)
{
    igraph_vector_int_t ev;
    int64_t k = 0;
    for (int32_t v = 0; v < w->n; v++)
        k += fresh[v];
    if (igraph_vector_int_init(&ev, 2 * k) != IGRAPH_SUCCESS)
        return SG_ENOMEM;
    k = 0;
    for (int32_t v = 0; v < w->n; v++) {
        if (fresh[v]) {
            VECTOR(ev)[2 * k] = w->n;
            VECTOR(ev)[2 * k + 1] = v;
            k++;
        }
    }
    int rc = net_ig(igraph_add_edges(&w->g, &ev, NULL));
    igraph_vector_int_destroy(&ev);
    return rc;
}

static int search(chain_work *w)
{
    return net_ig(igraph_bfs(&w->g, w->n, NULL, IGRAPH_OUT, false, NULL, NULL, NULL, &w->parents,
                             NULL, NULL, &w->dist, NULL, NULL));
}

/* Marks roots: recruiters nobody recruited; then, while some chain member
 * is unreached (a cycle), its component's unreached member with most
 * recruits; searches after each round. */
static int find_roots(chain_work *w)
{
    uint8_t *fresh = sg_calloc((size_t)w->n + 1, 1);
    int32_t *best = sg_malloc(((size_t)w->count + 1) * sizeof *best);
    if (!fresh || !best) {
        sg_free(fresh);
        sg_free(best);
        return SG_ENOMEM;
    }
    for (int32_t v = 0; v < w->n; v++)
        fresh[v] = VECTOR(w->in)[v] == 0 && VECTOR(w->out)[v] > 0;
    int rc = SG_OK;
    for (;;) {
        for (int32_t v = 0; v < w->n; v++)
            w->root[v] |= fresh[v];
        rc = join_roots(w, fresh);
        if (rc == SG_OK)
            rc = search(w);
        if (rc != SG_OK)
            break;
        for (int32_t c = 0; c < w->count; c++)
            best[c] = -1;
        bool more = false;
        for (int32_t v = 0; v < w->n; v++) {
            fresh[v] = 0;
            if (!involved(w, v) || VECTOR(w->dist)[v] >= 0)
                continue;
            int32_t c = w->memb[v];
            if (best[c] < 0 || VECTOR(w->out)[v] > VECTOR(w->out)[best[c]])
                best[c] = v;
            more = true;
        }
        if (!more)
            break;
        for (int32_t c = 0; c < w->count; c++)
            if (best[c] >= 0)
                fresh[best[c]] = 1;
    }
    sg_free(fresh);
    sg_free(best);
    return rc;
}

static int by_size(const void *x, const void *y)
{
    const net_chain *a = x, *b = y;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return a->root < b->root ? -1 : a->root > b->root;
}

static int summarise(chain_work *w, const int32_t *node, net_chains *out)
{
    int32_t n = w->n;
    int32_t *index = sg_malloc(((size_t)w->count + 1) * sizeof *index);
    out->chains = sg_calloc((size_t)w->count + 1, sizeof *out->chains);
    if (!index || !out->chains) {
        sg_free(index);
        return SG_ENOMEM;
    }
    for (int32_t c = 0; c < w->count; c++)
        index[c] = -1;
    for (int32_t u = 0; u < n; u++) {
        if (!involved(w, u))
            continue;
        out->generation[node[u]] = (int32_t)VECTOR(w->dist)[u] - 1;
        int32_t c = w->memb[u];
        if (index[c] < 0) {
            index[c] = out->count++;
            out->chains[index[c]].root = -1;
        }
        net_chain *ch = &out->chains[index[c]];
        int32_t outdeg = (int32_t)VECTOR(w->out)[u];
        ch->size++;
        ch->recruits += outdeg;
        if (out->generation[node[u]] > ch->depth)
            ch->depth = out->generation[node[u]];
        if (outdeg > ch->fan_out)
            ch->fan_out = outdeg;
        if (w->root[u] && (ch->root < 0 || outdeg > VECTOR(w->out)[ch->root]))
            ch->root = u;
    }
    /* Largest chain first; chain_of follows the new order through each
     * chain's root, which lies in the chain's component. */
    qsort(out->chains, (size_t)out->count, sizeof *out->chains, by_size);
    int32_t *comp_rank = index;
    for (int32_t i = 0; i < out->count; i++)
        comp_rank[w->memb[out->chains[i].root]] = i;
    for (int32_t u = 0; u < n; u++)
        if (involved(w, u))
            out->chain_of[node[u]] = comp_rank[w->memb[u]];
    for (int32_t i = 0; i < out->count; i++)
        out->chains[i].root = node[out->chains[i].root];
    sg_free(index);
    return SG_OK;
}

/* The evidence of victim-recruiter u: the search tree's path from its
 * root down to u, then u's first recruitment. */
static int evidence(net_view *v, chain_work *w, int32_t u, int64_t **path, int64_t *len,
                    int64_t *cap)
{
    int32_t depth = (int32_t)VECTOR(w->dist)[u];
    if (*len + depth + 1 > *cap) {
        int64_t ncap = (*cap + depth + 1) * 2;
        int64_t *p = sg_realloc(*path, (size_t)ncap * sizeof *p);
        if (!p)
            return SG_ENOMEM;
        *path = p;
        *cap = ncap;
    }
    int64_t start = *len;
    for (int32_t x = u; VECTOR(w->parents)[x] >= 0 && VECTOR(w->parents)[x] != w->n;) {
        int32_t p = (int32_t)VECTOR(w->parents)[x];
        igraph_integer_t eid = -1;
        int rc = net_ig(igraph_get_eid(&v->chain, &eid, p, x, true, true));
        if (rc != SG_OK)
            return rc;
        (*path)[(*len)++] = v->chain_rel[eid];
        x = p;
    }
    for (int64_t i = start, j = *len - 1; i < j; i++, j--) {
        int64_t t = (*path)[i];
        (*path)[i] = (*path)[j];
        (*path)[j] = t;
    }
    igraph_vector_int_t inc;
    if (igraph_vector_int_init(&inc, 0) != IGRAPH_SUCCESS)
        return SG_ENOMEM;
    int rc = net_ig(igraph_incident(&v->chain, &inc, u, IGRAPH_OUT));
    if (rc == SG_OK && igraph_vector_int_size(&inc) > 0)
        (*path)[(*len)++] = v->chain_rel[VECTOR(inc)[0]];
    igraph_vector_int_destroy(&inc);
    return rc;
}

static int victim_recruiters(net_view *v, chain_work *w, net_chains *out)
{
    int32_t n = w->n;
    for (int32_t u = 0; u < n; u++)
        out->nvr += VECTOR(w->in)[u] > 0 && VECTOR(w->out)[u] > 0;
    out->victim_recruiters = sg_malloc(((size_t)out->nvr + 1) * sizeof *out->victim_recruiters);
    out->path_start = sg_malloc(((size_t)out->nvr + 1) * sizeof *out->path_start);
    int64_t cap = 16, len = 0;
    out->path = sg_malloc((size_t)cap * sizeof *out->path);
    if (!out->victim_recruiters || !out->path_start || !out->path)
        return SG_ENOMEM;
    int32_t k = 0;
    for (int32_t u = 0; u < n; u++) {
        if (!(VECTOR(w->in)[u] > 0 && VECTOR(w->out)[u] > 0))
            continue;
        out->victim_recruiters[k] = v->chain_node[u];
        out->path_start[k++] = len;
        int rc = evidence(v, w, u, &out->path, &len, &cap);
        if (rc != SG_OK)
            return rc;
    }
    out->path_start[k] = len;
    return SG_OK;
}

int net_chains_find(net_view *v, net_chains *out)
{
    memset(out, 0, sizeof *out);
    chain_work w = {.n = v->nchain_nodes};
    int rc = SG_OK;
    net_run_begin(&v->run);
    net_progress(v, "recruitment chains", 0.0);
    if (igraph_vector_int_init(&w.in, 0) || igraph_vector_int_init(&w.out, 0)
        || igraph_vector_int_init(&w.parents, 0) || igraph_vector_int_init(&w.dist, 0)) {
        rc = SG_ENOMEM;
        goto out;
    }
    w.memb = sg_malloc(((size_t)w.n + 1) * sizeof *w.memb);
    w.root = sg_calloc((size_t)w.n + 1, 1);
    /* Generations and chains are given for every node of the network. */
    out->generation = sg_malloc(((size_t)v->g->n + 1) * sizeof *out->generation);
    out->chain_of = sg_malloc(((size_t)v->g->n + 1) * sizeof *out->chain_of);
    if (!w.memb || !w.root || !out->generation || !out->chain_of) {
        rc = SG_ENOMEM;
        goto out;
    }
    for (int32_t i = 0; i < v->g->n; i++)
        out->generation[i] = out->chain_of[i] = -1;
    rc = net_ig(igraph_degree(&v->chain, &w.in, igraph_vss_all(), IGRAPH_IN, false));
    if (rc == SG_OK)
        rc = net_ig(igraph_degree(&v->chain, &w.out, igraph_vss_all(), IGRAPH_OUT, false));
    if (rc == SG_OK)
        rc = net_components_of(&v->chain, w.memb, &w.sizes, &w.count);
    if (rc == SG_OK)
        rc = net_ig(igraph_copy(&w.g, &v->chain));
    w.has_g = rc == SG_OK;
    if (rc == SG_OK)
        rc = net_ig(igraph_add_vertices(&w.g, 1, NULL));
    if (rc == SG_OK)
        rc = find_roots(&w);
    net_progress(v, "recruitment chains", 0.6);
    if (rc == SG_OK)
        rc = summarise(&w, v->chain_node, out);
    if (rc == SG_OK)
        rc = victim_recruiters(v, &w, out);
    net_progress(v, "recruitment chains", 1.0);
    if (rc == SG_OK && net_cancelled(v))
        rc = SG_ESTATE;
out:
    work_free(&w);
    net_run_end();
    if (rc != SG_OK)
        net_chains_free(out);
    return rc;
}

void net_chains_free(net_chains *c)
{
    sg_free(c->chains);
    sg_free(c->generation);
    sg_free(c->chain_of);
    sg_free(c->victim_recruiters);
    sg_free(c->path_start);
    sg_free(c->path);
    memset(c, 0, sizeof *c);
}
