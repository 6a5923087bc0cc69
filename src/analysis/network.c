/* The network analysis: igraph's set-up, the view's graphs, components and
 * recruitment chains (see network.h). */
#include "analysis/network_int.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* ---- igraph's handlers ------------------------------------------------- */

/* The run of this thread: igraph's interruption and progress handlers are
 * process-wide, so they look here; other threads never run igraph. */
static _Thread_local const net_run *current;

/* igraph 0.10's interruption point returns without releasing what the
 * interrupted function registered for clean-up, so that an enclosing
 * error path later frees objects of frames that are gone (seen in Leiden
 * under AddressSanitizer).  Interruption is therefore never asked for
 * there: a cancelled run stops at igraph's progress reports (which clean
 * up first, in betweenness for one) and between the phases of our own. */
static igraph_error_t on_interrupt(void *data)
{
    (void)data;
    return IGRAPH_SUCCESS;
}

static igraph_error_t on_progress(const char *message, igraph_real_t percent, void *data)
{
    (void)data;
    if (current && current->progress)
        current->progress(current->ctx, message, percent / 100.0);
    if (current && current->cancelled && current->cancelled(current->ctx))
        return IGRAPH_INTERRUPTED;
    return IGRAPH_SUCCESS;
}

static void on_warning(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

void net_init(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(on_warning);
    igraph_set_interruption_handler(on_interrupt);
    igraph_set_progress_handler(on_progress);
}

int net_ig(igraph_error_t e)
{
    /* An interrupted igraph function returns without running its clean-up
     * (only an enclosing IGRAPH_CHECK would): what it registered is freed
     * here, since nothing of ours is ever on igraph's finally stack. */
    if (e != IGRAPH_SUCCESS)
        IGRAPH_FINALLY_FREE();
    switch (e) {
    case IGRAPH_SUCCESS:
        return SG_OK;
    case IGRAPH_ENOMEM:
        return SG_ENOMEM;
    case IGRAPH_INTERRUPTED:
        return SG_ESTATE;
    case IGRAPH_EINVAL:
    case IGRAPH_EINVVID:
        return SG_EINVAL;
    default:
        return SG_EINTERNAL;
    }
}

void net_run_begin(const net_run *run)
{
    current = run;
    igraph_rng_seed(igraph_rng_default(), run ? (igraph_uint_t)run->seed : 0);
}

void net_run_end(void)
{
    current = NULL;
}

void net_progress(const net_view *v, const char *phase, double fraction)
{
    if (v->run.progress)
        v->run.progress(v->run.ctx, phase, fraction);
}

bool net_cancelled(const net_view *v)
{
    return v->run.cancelled && v->run.cancelled(v->run.ctx);
}

/* ---- the view ---------------------------------------------------------- */

bool net_view_keeps(const net_view *v, int64_t e)
{
    return e >= 0 && e < v->g->m && v->keep[e];
}

int64_t net_view_relations(const net_view *v)
{
    return v->kept;
}

int64_t net_view_pairs(const net_view *v)
{
    return v->npairs;
}

int64_t net_view_relations_of(const net_view *v, int32_t node, const int64_t **rels)
{
    if (node < 0 || node >= v->g->n) {
        *rels = NULL;
        return 0;
    }
    *rels = v->adj_rel + v->adj_start[node];
    return v->adj_start[node + 1] - v->adj_start[node];
}

static bool passes(const net_graph *g, const net_filter *f, int64_t e)
{
    if (f->types && !(f->types & (1u << g->type[e])))
        return false;
    if (f->confidences && !(f->confidences & (1u << g->confidence[e])))
        return false;
    return g->first_day[e] <= f->to_day && g->last_day[e] >= f->from_day;
}

typedef struct pair_item {
    int32_t other;
    int64_t rel;
} pair_item;

static int by_other(const void *x, const void *y)
{
    const pair_item *a = x, *b = y;
    if (a->other != b->other)
        return a->other < b->other ? -1 : 1;
    return a->rel < b->rel ? -1 : a->rel > b->rel;
}

/* Builds one graph with an edge per distinct (lo, hi) pair (undirected:
 * lo < hi; directed: lo -> hi as given) from the pairs the caller lists
 * with add(), keeping one relation per edge. */
typedef struct pair_builder {
    int32_t n;
    int64_t count;
    int64_t *start; /* n + 1 */
    pair_item *items;
} pair_builder;

static int build_pairs(pair_builder *pb, bool directed, igraph_t *out, int64_t **rel_of,
                       int64_t *nedges)
{
    int64_t edges = 0;
    for (int32_t v = 0; v < pb->n; v++) {
        pair_item *b = pb->items + pb->start[v];
        int64_t len = pb->start[v + 1] - pb->start[v];
        if (len > 1)
            qsort(b, (size_t)len, sizeof *b, by_other);
        for (int64_t i = 0; i < len; i++)
            edges += i == 0 || b[i].other != b[i - 1].other;
    }
    igraph_vector_int_t ev;
    *rel_of = sg_malloc((size_t)(edges ? edges : 1) * sizeof **rel_of);
    if (!*rel_of || igraph_vector_int_init(&ev, 2 * edges) != IGRAPH_SUCCESS) {
        sg_free(*rel_of);
        *rel_of = NULL;
        return SG_ENOMEM;
    }
    int64_t k = 0;
    for (int32_t v = 0; v < pb->n; v++) {
        pair_item *b = pb->items + pb->start[v];
        int64_t len = pb->start[v + 1] - pb->start[v];
        for (int64_t i = 0; i < len; i++) {
            if (i > 0 && b[i].other == b[i - 1].other)
                continue;
            VECTOR(ev)[2 * k] = v;
            VECTOR(ev)[2 * k + 1] = b[i].other;
            (*rel_of)[k++] = b[i].rel;
        }
    }
    int rc = net_ig(igraph_create(out, &ev, pb->n, directed));
    igraph_vector_int_destroy(&ev);
    *nedges = edges;
    if (rc != SG_OK) {
        sg_free(*rel_of);
        *rel_of = NULL;
    }
    return rc;
}

/* Counts, then places, the kept relations accepted by want() into pb,
 * bucketed by their "lo" end. */
static int fill_pairs(net_view *v, pair_builder *pb, bool chain)
{
    const net_graph *g = v->g;
    int32_t n = chain ? v->nchain_nodes : g->n;
    pb->n = n;
    pb->start = sg_calloc((size_t)n + 1, sizeof *pb->start);
    if (!pb->start)
        return SG_ENOMEM;
    for (int pass = 0; pass < 2; pass++) {
        int64_t *fill = NULL;
        if (pass == 1) {
            for (int32_t i = 0; i < n; i++)
                pb->start[i + 1] += pb->start[i];
            pb->count = pb->start[n];
            pb->items = sg_malloc((size_t)(pb->count ? pb->count : 1) * sizeof *pb->items);
            fill = sg_malloc(((size_t)n + 1) * sizeof *fill);
            if (!pb->items || !fill) {
                sg_free(fill);
                return SG_ENOMEM;
            }
            memcpy(fill, pb->start, ((size_t)n + 1) * sizeof *fill);
        }
        for (int64_t e = 0; e < g->m; e++) {
            if (!v->keep[e] || (chain && !net_rel_is_chain((net_rel)g->type[e])))
                continue;
            /* Chains: "A recruited_by B" is the edge B -> A, between the
             * compact numbers of the two. */
            int32_t lo =
                chain ? v->chain_index[g->to[e]] : (g->from[e] < g->to[e] ? g->from[e] : g->to[e]);
            int32_t hi = chain ? v->chain_index[g->from[e]]
                               : (g->from[e] < g->to[e] ? g->to[e] : g->from[e]);
            if (pass == 0)
                pb->start[lo + 1]++;
            else
                pb->items[fill[lo]++] = (pair_item){.other = hi, .rel = e};
        }
        sg_free(fill);
    }
    return SG_OK;
}

/* Numbers the nodes with a kept chain relation 0, 1, ... in node order. */
static int number_chain_nodes(net_view *v)
{
    const net_graph *g = v->g;
    v->chain_index = sg_malloc(((size_t)g->n + 1) * sizeof *v->chain_index);
    if (!v->chain_index)
        return SG_ENOMEM;
    for (int32_t i = 0; i < g->n; i++)
        v->chain_index[i] = -1;
    for (int64_t e = 0; e < g->m; e++) {
        if (v->keep[e] && net_rel_is_chain((net_rel)g->type[e])) {
            v->chain_index[g->from[e]] = 0;
            v->chain_index[g->to[e]] = 0;
        }
    }
    int32_t k = 0;
    for (int32_t i = 0; i < g->n; i++)
        k += v->chain_index[i] == 0;
    v->chain_node = sg_malloc(((size_t)k + 1) * sizeof *v->chain_node);
    if (!v->chain_node)
        return SG_ENOMEM;
    k = 0;
    for (int32_t i = 0; i < g->n; i++) {
        if (v->chain_index[i] == 0) {
            v->chain_node[k] = i;
            v->chain_index[i] = k++;
        }
    }
    v->nchain_nodes = k;
    return SG_OK;
}

static void pairs_free(pair_builder *pb)
{
    sg_free(pb->start);
    sg_free(pb->items);
    memset(pb, 0, sizeof *pb);
}

static int build_adjacency(net_view *v)
{
    const net_graph *g = v->g;
    v->adj_start = sg_calloc((size_t)g->n + 1, sizeof *v->adj_start);
    v->adj_rel = sg_malloc((size_t)(2 * v->kept + 1) * sizeof *v->adj_rel);
    int64_t *fill = sg_malloc(((size_t)g->n + 1) * sizeof *fill);
    if (!v->adj_start || !v->adj_rel || !fill) {
        sg_free(fill);
        return SG_ENOMEM;
    }
    for (int64_t e = 0; e < g->m; e++) {
        if (v->keep[e]) {
            v->adj_start[g->from[e] + 1]++;
            v->adj_start[g->to[e] + 1]++;
        }
    }
    for (int32_t i = 0; i < g->n; i++)
        v->adj_start[i + 1] += v->adj_start[i];
    memcpy(fill, v->adj_start, ((size_t)g->n + 1) * sizeof *fill);
    for (int64_t e = 0; e < g->m; e++) {
        if (v->keep[e]) {
            v->adj_rel[fill[g->from[e]]++] = e;
            v->adj_rel[fill[g->to[e]]++] = e;
        }
    }
    sg_free(fill);
    return SG_OK;
}

int net_view_new(const net_graph *g, const net_filter *f, const net_run *run, net_view **out)
{
    *out = NULL;
    net_view *v = sg_calloc(1, sizeof *v);
    if (!v)
        return SG_ENOMEM;
    v->g = g;
    if (f) {
        v->f = *f;
    } else {
        v->f.from_day = NET_DAY_NONE_MIN;
        v->f.to_day = NET_DAY_NONE_MAX;
    }
    if (run)
        v->run = *run;
    net_run_begin(&v->run);
    int rc = SG_OK;
    pair_builder pb = {0};
    v->keep = sg_malloc((size_t)(g->m ? g->m : 1));
    if (!v->keep) {
        rc = SG_ENOMEM;
        goto out;
    }
    for (int64_t e = 0; e < g->m; e++) {
        v->keep[e] = passes(g, &v->f, e);
        v->kept += v->keep[e];
    }
    net_progress(v, "building the graph", 0.2);
    rc = fill_pairs(v, &pb, false);
    if (rc == SG_OK)
        rc = build_pairs(&pb, false, &v->simple, &v->pair_rel, &v->npairs);
    v->has_simple = rc == SG_OK;
    pairs_free(&pb);
    if (rc == SG_OK)
        rc = number_chain_nodes(v);
    if (rc == SG_OK)
        rc = fill_pairs(v, &pb, true);
    if (rc == SG_OK)
        rc = build_pairs(&pb, true, &v->chain, &v->chain_rel, &v->nchain);
    v->has_chain = rc == SG_OK;
    pairs_free(&pb);
    if (rc == SG_OK)
        rc = build_adjacency(v);
    net_progress(v, "building the graph", 1.0);
    if (rc == SG_OK && net_cancelled(v))
        rc = SG_ESTATE;
out:
    net_run_end();
    if (rc != SG_OK) {
        net_view_free(v);
        return rc;
    }
    *out = v;
    return SG_OK;
}

void net_view_free(net_view *v)
{
    if (!v)
        return;
    if (v->has_simple)
        igraph_destroy(&v->simple);
    if (v->has_chain)
        igraph_destroy(&v->chain);
    sg_free(v->keep);
    sg_free(v->pair_rel);
    sg_free(v->chain_rel);
    sg_free(v->chain_node);
    sg_free(v->chain_index);
    sg_free(v->adj_start);
    sg_free(v->adj_rel);
    sg_free(v);
}

/* ---- components -------------------------------------------------------- */

int net_components_of(const igraph_t *g, int32_t *membership, int32_t **sizes, int32_t *count)
{
    igraph_vector_int_t memb, csize;
    igraph_integer_t no = 0;
    *sizes = NULL;
    *count = 0;
    if (igraph_vector_int_init(&memb, 0) != IGRAPH_SUCCESS)
        return SG_ENOMEM;
    if (igraph_vector_int_init(&csize, 0) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&memb);
        return SG_ENOMEM;
    }
    int rc = net_ig(igraph_connected_components(g, &memb, &csize, &no, IGRAPH_WEAK));
    if (rc == SG_OK) {
        *sizes = sg_malloc((size_t)(no ? no : 1) * sizeof **sizes);
        if (!*sizes)
            rc = SG_ENOMEM;
    }
    for (igraph_integer_t i = 0; rc == SG_OK && i < igraph_vector_int_size(&memb); i++)
        membership[i] = (int32_t)VECTOR(memb)[i];
    for (igraph_integer_t i = 0; rc == SG_OK && i < no; i++)
        (*sizes)[i] = (int32_t)VECTOR(csize)[i];
    *count = rc == SG_OK ? (int32_t)no : 0;
    igraph_vector_int_destroy(&memb);
    igraph_vector_int_destroy(&csize);
    return rc;
}

/* Renumbers groups so that 0 is the largest (ties: the one holding the
 * lowest node first); sizes are rewritten to match. */
int net_renumber_by_size(int32_t *membership, int32_t n, int32_t *sizes, int32_t count)
{
    int32_t *order = sg_malloc((size_t)(count ? count : 1) * sizeof *order);
    int32_t *first = sg_malloc((size_t)(count ? count : 1) * sizeof *first);
    int32_t *map = sg_malloc((size_t)(count ? count : 1) * sizeof *map);
    if (!order || !first || !map) {
        sg_free(order);
        sg_free(first);
        sg_free(map);
        return SG_ENOMEM;
    }
    for (int32_t c = 0; c < count; c++)
        first[c] = INT32_MAX;
    for (int32_t i = n - 1; i >= 0; i--)
        first[membership[i]] = i;
    /* Insertion into a sorted order would be quadratic: sort indices. */
    for (int32_t c = 0; c < count; c++)
        order[c] = c;
    for (int32_t gap = count / 2; gap > 0; gap /= 2) /* Shell sort: no context needed */
        for (int32_t i = gap; i < count; i++)
            for (int32_t j = i - gap; j >= 0; j -= gap) {
                int32_t a = order[j], b = order[j + gap];
                bool later = sizes[a] < sizes[b] || (sizes[a] == sizes[b] && first[a] > first[b]);
                if (!later)
                    break;
                order[j] = b;
                order[j + gap] = a;
            }
    for (int32_t c = 0; c < count; c++)
        map[order[c]] = c;
    for (int32_t i = 0; i < n; i++)
        membership[i] = map[membership[i]];
    for (int32_t c = 0; c < count; c++)
        first[c] = sizes[order[c]];
    memcpy(sizes, first, (size_t)count * sizeof *sizes);
    sg_free(order);
    sg_free(first);
    sg_free(map);
    return SG_OK;
}

int net_components_find(net_view *v, net_components *out)
{
    memset(out, 0, sizeof *out);
    net_run_begin(&v->run);
    out->membership = sg_malloc((size_t)(v->g->n ? v->g->n : 1) * sizeof *out->membership);
    int rc = out->membership
                 ? net_components_of(&v->simple, out->membership, &out->size, &out->count)
                 : SG_ENOMEM;
    if (rc == SG_OK)
        rc = net_renumber_by_size(out->membership, v->g->n, out->size, out->count);
    net_run_end();
    if (rc != SG_OK)
        net_components_free(out);
    return rc;
}

void net_components_free(net_components *c)
{
    sg_free(c->membership);
    sg_free(c->size);
    memset(c, 0, sizeof *c);
}
