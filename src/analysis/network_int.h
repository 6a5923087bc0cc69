/* Shared by the files of the network analysis (analysis/network*.c) and
 * nothing else: the view's igraph graphs and the glue to igraph. */
#ifndef SG_ANALYSIS_NETWORK_INT_H
#define SG_ANALYSIS_NETWORK_INT_H

#include <igraph.h>

#include "analysis/network.h"

struct net_view {
    const net_graph *g;
    net_filter f;
    net_run run;
    uint8_t *keep; /* m: 1 when the relation passed the filter */
    int64_t kept;
    /* The undirected simple graph: one edge per joined pair of nodes. */
    igraph_t simple;
    bool has_simple, has_chain; /* which of the two graphs exist */
    int64_t npairs;
    int64_t *pair_rel; /* npairs: a relation joining the pair */
    /* The recruitment graph, recruiter -> recruit, one edge per pair, over
     * the nodes with a kept chain relation only (numbered compactly: a few
     * percent of a national network). */
    igraph_t chain;
    int64_t nchain;
    int64_t *chain_rel; /* nchain: a relation behind the edge */
    int32_t nchain_nodes;
    int32_t *chain_node;  /* nchain_nodes: the node of each vertex */
    int32_t *chain_index; /* n: the vertex of each node, or -1 */
    /* Kept relations by node: adj_rel[adj_start[v] .. adj_start[v + 1]). */
    int64_t *adj_start;
    int64_t *adj_rel;
};

/* Runs an igraph call: maps its error code to a status (an interruption
 * to SG_ESTATE). */
int net_ig(igraph_error_t e);
/* Sets the run whose progress and cancellation igraph reports to on this
 * thread (NULL: none) and seeds the random number generator. */
void net_run_begin(const net_run *run);
void net_run_end(void);
/* Reports progress of the current run. */
void net_progress(const net_view *v, const char *phase, double fraction);
bool net_cancelled(const net_view *v);

/* The node at the other end of relation e from node v. */
static inline int32_t net_other_end(const net_view *v, int64_t e, int32_t node)
{
    return v->g->from[e] == node ? v->g->to[e] : v->g->from[e];
}

/* Renumbers groups so that 0 is the largest (ties: the group holding the
 * lowest node first); sizes (count of them) are rewritten to match. */
int net_renumber_by_size(int32_t *membership, int32_t n, int32_t *sizes, int32_t count);
/* Fills out->betweenness and out->betweenness_exact (allocated, zeroed)
 * and out->sampled_components; see net_actor_opts. */
int net_betweenness_into(net_view *v, const net_actor_opts *o, net_actors *out);
/* Components of the simple graph as plain arrays (membership n, sizes). */
int net_components_of(const igraph_t *g, int32_t *membership, int32_t **sizes, int32_t *count);

#endif
