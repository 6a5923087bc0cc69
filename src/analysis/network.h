/*
 * network.h - graph analysis of the network of recruitment chains, with
 * igraph.  The one interface to igraph in signaal: no other file includes
 * an igraph header.
 *
 * Pure computation: it receives plain arrays of nodes and relations and
 * returns plain results; it knows nothing of SQL, HTTP or JSON.  Nodes are
 * numbered 0..n-1 and relations 0..m-1 by the caller; results name them by
 * those numbers.
 *
 * igraph (as Debian builds it) is not thread-safe, and its error, progress
 * and interruption handlers and random number generator are global: call
 * net_init once and then every function here from ONE thread only (the
 * graph worker of service/network, or a command-line tool's main thread).
 * Long functions report progress and can be cancelled through a net_run;
 * a cancelled call returns SG_ESTATE and leaves its result empty.
 * Randomised methods (Leiden, label propagation, sampling, layout, random
 * disruption) are seeded from net_run.seed, so results are repeatable.
 *
 * Every result struct is filled by one function and released by its
 * *_free, which also accepts a zeroed struct.
 */
#ifndef SG_ANALYSIS_NETWORK_H
#define SG_ANALYSIS_NETWORK_H

#include <stdbool.h>
#include <stdint.h>

#include "analysis/netvocab.h"
#include "base/status.h"

#define NET_DAY_NONE_MIN INT32_MIN
#define NET_DAY_NONE_MAX INT32_MAX

/* The network as plain arrays, borrowed for the life of a view. */
typedef struct net_graph {
    int32_t n;                 /* nodes 0..n-1 */
    const uint8_t *kind;       /* net_kind of each node; NULL: all persons */
    int64_t m;                 /* relations 0..m-1 */
    const int32_t *from;       /* "from type to" */
    const int32_t *to;         /* never equal to from */
    const uint8_t *type;       /* net_rel of each relation */
    const uint8_t *confidence; /* net_conf of each relation */
    const int32_t *first_day;  /* days since 1970-01-01 */
    const int32_t *last_day;
} net_graph;

/* Which relations an analysis sees. */
typedef struct net_filter {
    unsigned types;       /* bit (1u << net_rel) per type; 0: every type */
    unsigned confidences; /* bit (1u << net_conf) per confidence; 0: every one */
    int32_t from_day;     /* seen on or after (NET_DAY_NONE_MIN: no bound) */
    int32_t to_day;       /* seen on or before (NET_DAY_NONE_MAX: no bound) */
} net_filter;

/* How a long call reports and is stopped; every member may be NULL/0. */
typedef struct net_run {
    void (*progress)(void *ctx, const char *phase, double fraction);
    bool (*cancelled)(void *ctx);
    void *ctx;
    uint64_t seed;
} net_run;

/* Installs igraph's handlers (errors become status codes, warnings are
 * dropped, interruption asks net_run.cancelled).  Once per process, on the
 * thread that will do the graph work. */
void net_init(void);

/* The graphs an analysis works on, built once from a net_graph and a
 * filter: the undirected simple graph of all kept relations (for
 * components, centrality, communities) and the directed recruitment graph
 * (recruiter -> recruit, from recruited_by and exploited_by). */
typedef struct net_view net_view;

SG_MUST_CHECK int net_view_new(const net_graph *g, const net_filter *f, const net_run *run,
                               net_view **out);
void net_view_free(net_view *v);
/* Whether relation e passed the view's filter. */
bool net_view_keeps(const net_view *v, int64_t e);
/* Relations kept, and distinct node pairs joined. */
int64_t net_view_relations(const net_view *v);
int64_t net_view_pairs(const net_view *v);
/* The kept relations at node: *rels points into the view (valid while it
 * lives); returns how many. */
int64_t net_view_relations_of(const net_view *v, int32_t node, const int64_t **rels);

/* ---- components -------------------------------------------------------- */

typedef struct net_components {
    int32_t count;
    int32_t *membership; /* n: component of each node */
    int32_t *size;       /* count: nodes in each component */
} net_components;

SG_MUST_CHECK int net_components_find(net_view *v, net_components *out);
void net_components_free(net_components *c);

/* ---- recruitment chains ------------------------------------------------ */

typedef struct net_chain {
    int32_t root;     /* the top recruiter (recruited by nobody in the chain) */
    int32_t depth;    /* generations below the root */
    int32_t size;     /* persons in the chain */
    int32_t fan_out;  /* most recruits of one person in the chain */
    int32_t recruits; /* recruitment relations in the chain */
} net_chain;

typedef struct net_chains {
    int32_t count;
    net_chain *chains;   /* largest first */
    int32_t *generation; /* n: 0 for a root, 1 for its recruits ...; -1 outside chains */
    int32_t *chain_of;   /* n: index into chains, or -1 */
    int32_t nvr;
    int32_t *victim_recruiters; /* nvr nodes: recruited, and recruiting others */
    /* The evidence of victim-recruiter i: relations path[path_start[i] ..
     * path_start[i + 1]), from the chain's root down to the person, then
     * one relation by which the person recruited another. */
    int64_t *path_start; /* nvr + 1 */
    int64_t *path;
} net_chains;

SG_MUST_CHECK int net_chains_find(net_view *v, net_chains *out);
void net_chains_free(net_chains *c);

/* ---- key actors -------------------------------------------------------- */

typedef struct net_actor_opts {
    int32_t exact_max;    /* exact betweenness in components of at most this many nodes */
    int32_t samples;      /* source nodes sampled in larger components */
    double damping;       /* PageRank (0.85) */
    const int32_t *seeds; /* personalised PageRank from these nodes, or NULL */
    int32_t nseeds;
    int32_t constraint_top; /* Burt's constraint for this many top brokers */
} net_actor_opts;

typedef struct net_actors {
    int32_t *degree;            /* n: relations kept at each node (with repeats) */
    double *betweenness;        /* n */
    uint8_t *betweenness_exact; /* n: 1 exact, 0 estimated from samples */
    int32_t sampled_components; /* components whose betweenness was sampled */
    double *pagerank;           /* n */
    double *personalised;       /* n, or NULL without seeds */
    int32_t narticulation;
    int32_t *articulation; /* nodes whose removal splits their component */
    int64_t nbridges;
    int64_t *bridges;   /* relations whose removal splits a component */
    double *constraint; /* n: Burt's constraint, NaN where not computed */
} net_actors;

SG_MUST_CHECK int net_actors_find(net_view *v, const net_actor_opts *o, net_actors *out);
void net_actors_free(net_actors *a);

/* The sizes of the parts node's component falls into without it (largest
 * first, at most max); *nparts gets how many there are. */
SG_MUST_CHECK int net_split_sizes(net_view *v, int32_t node, int32_t *sizes, int32_t max,
                                  int32_t *nparts);

/* ---- groups ------------------------------------------------------------ */

typedef enum net_method { NET_LEIDEN, NET_LOUVAIN, NET_LABEL_PROPAGATION } net_method;

typedef struct net_groups {
    int32_t count;
    int32_t *membership; /* n: community of each node (isolated nodes alone) */
    double modularity;
    int32_t *coreness; /* n: the largest k of a k-core holding the node */
} net_groups;

SG_MUST_CHECK int net_groups_find(net_view *v, net_method method, double resolution,
                                  net_groups *out);
void net_groups_free(net_groups *g);

/* ---- paths and neighbourhoods ------------------------------------------ */

/* A set of nodes and the kept relations among them. */
typedef struct net_subgraph {
    int32_t nnodes;
    int32_t *nodes;
    int64_t nrelations;
    int64_t *relations;
} net_subgraph;

void net_subgraph_free(net_subgraph *s);

/* A shortest path from a to b as relations in order (none: nrelations 0
 * and SG_ENOTFOUND).  directed: relations followed from "from" to "to" as
 * recorded (undirected types both ways); time_ordered: each relation first
 * seen no earlier than the one before it. */
SG_MUST_CHECK int net_path(net_view *v, int32_t a, int32_t b, bool directed, bool time_ordered,
                           net_subgraph *out);
/* The nodes within depth steps of node (at most max_nodes, nearest
 * first) and the kept relations among them. */
SG_MUST_CHECK int net_neighbourhood(net_view *v, int32_t node, int32_t depth, int32_t max_nodes,
                                    net_subgraph *out);
/* The component of node (at most max_nodes) and its relations. */
SG_MUST_CHECK int net_component_of(net_view *v, int32_t node, int32_t max_nodes, net_subgraph *out);
/* The connecting network of chosen nodes: the union of shortest paths
 * between every pair of them. */
SG_MUST_CHECK int net_connecting(net_view *v, const int32_t *chosen, int32_t nchosen,
                                 net_subgraph *out);
/* Positions for drawing a subgraph (Fruchterman-Reingold), scaled into
 * [0, 1] x [0, 1]; xy has 2 * s->nnodes doubles. */
SG_MUST_CHECK int net_layout(net_view *v, const net_subgraph *s, const net_run *run, double *xy);

/* ---- suggested links --------------------------------------------------- */

typedef enum net_link_method { NET_ADAMIC_ADAR, NET_JACCARD, NET_COMMON } net_link_method;

typedef struct net_link {
    int32_t node;   /* a node not joined to the focus yet */
    double score;   /* higher: more likely */
    int32_t common; /* neighbours the two share */
} net_link;

/* Up to max candidates two steps from node, best first: leads to check,
 * never facts. */
SG_MUST_CHECK int net_links_suggest(net_view *v, int32_t node, net_link_method method,
                                    net_link *out, int32_t max, int32_t *n);

/* ---- disruption -------------------------------------------------------- */

typedef enum net_strategy {
    NET_BY_BETWEENNESS,
    NET_BY_DEGREE,
    NET_AT_RANDOM,
    NET_CHOSEN
} net_strategy;

typedef struct net_disruption_step {
    int32_t removed;           /* persons reached or removed so far */
    int32_t largest_component; /* nodes in the largest component left */
    int32_t components;
    int32_t chain_links_cut;  /* recruitment relations with a removed end */
    int32_t recruits_reached; /* recruited persons still reachable from a chain root */
} net_disruption_step;

/* How the network fragments as persons are removed per_step at a time,
 * for steps steps (step 0 is the network as it is), in the order of the
 * strategy (NET_CHOSEN: the nodes given, in order).  out has steps + 1
 * entries. */
SG_MUST_CHECK int net_disrupt(net_view *v, net_strategy strategy, const int32_t *chosen,
                              int32_t nchosen, int32_t steps, int32_t per_step, const net_run *run,
                              net_disruption_step *out);

/* ---- change over time (no igraph: set comparisons) ----------------------- */

typedef enum net_change {
    NET_STABLE,
    NET_BORN,
    NET_GROWN,
    NET_SHRUNK,
    NET_MERGED,
    NET_SPLIT,
    NET_GONE
} net_change;

const char *net_change_code(net_change c);

typedef struct net_group_change {
    int32_t before; /* community in the earlier window, or -1 (born) */
    int32_t after;  /* community in the later window, or -1 (gone) */
    net_change change;
    int32_t size_before, size_after, shared;
} net_group_change;

/* Compares two community memberships of the same n nodes (-1: the node is
 * not in that window's network): each community of a window is matched to
 * the community of the other that holds most of its members, when they
 * share at least half of the smaller one.  Groups of fewer than min_size
 * nodes in both windows are left out.  *out is a new array of *n entries
 * the caller frees with net_changes_free. */
SG_MUST_CHECK int net_groups_compare(const int32_t *before, const int32_t *after, int32_t n,
                                     int32_t min_size, net_group_change **out, int32_t *count);
void net_changes_free(net_group_change *c);

#endif
