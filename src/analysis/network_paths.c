/* Paths, neighbourhoods, connecting networks, layouts and suggested links
 * (see network.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/network_int.h"
#include "base/mem.h"

/* A time-ordered search builds a graph of relation-to-relation steps; past
 * this many steps the question is refused as too big. */
#define EVENT_STEPS_MAX 20000000

void net_subgraph_free(net_subgraph *s)
{
    sg_free(s->nodes);
    sg_free(s->relations);
    memset(s, 0, sizeof *s);
}

/* Fills s with the first max of nodes and the kept relations among them. */
static int induced(net_view *v, const igraph_vector_int_t *nodes, int32_t max, net_subgraph *s)
{
    memset(s, 0, sizeof *s);
    int64_t count = igraph_vector_int_size(nodes);
    s->nnodes = (int32_t)(count < max ? count : max);
    uint8_t *in = sg_calloc((size_t)v->g->n + 1, 1);
    s->nodes = sg_malloc(((size_t)s->nnodes + 1) * sizeof *s->nodes);
    if (!in || !s->nodes) {
        sg_free(in);
        net_subgraph_free(s);
        return SG_ENOMEM;
    }
    int64_t edges = 0;
    for (int32_t i = 0; i < s->nnodes; i++) {
        s->nodes[i] = (int32_t)VECTOR(*nodes)[i];
        in[s->nodes[i]] = 1;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int32_t i = 0; i < s->nnodes; i++) {
            int32_t u = s->nodes[i];
            for (int64_t k = v->adj_start[u]; k < v->adj_start[u + 1]; k++) {
                int64_t e = v->adj_rel[k];
                if (v->g->from[e] != u || !in[v->g->to[e]])
                    continue;
                if (pass == 1)
                    s->relations[s->nrelations++] = e;
                else
                    edges++;
            }
        }
        if (pass == 0) {
            s->relations = sg_malloc((size_t)(edges + 1) * sizeof *s->relations);
            if (!s->relations) {
                sg_free(in);
                net_subgraph_free(s);
                return SG_ENOMEM;
            }
        }
    }
    sg_free(in);
    return SG_OK;
}

/* Arcs for following relations: "from -> to", and back for undirected
 * types (or for every type when both_ways). */
typedef struct arcs {
    int64_t count;
    int32_t *tail, *head;
    int64_t *rel;
} arcs;

static void arcs_free(arcs *a)
{
    sg_free(a->tail);
    sg_free(a->head);
    sg_free(a->rel);
}

static int arcs_make(net_view *v, bool both_ways, const uint8_t *within, arcs *a)
{
    const net_graph *g = v->g;
    memset(a, 0, sizeof *a);
    int64_t cap = 2 * v->kept + 1;
    a->tail = sg_malloc((size_t)cap * sizeof *a->tail);
    a->head = sg_malloc((size_t)cap * sizeof *a->head);
    a->rel = sg_malloc((size_t)cap * sizeof *a->rel);
    if (!a->tail || !a->head || !a->rel) {
        arcs_free(a);
        return SG_ENOMEM;
    }
    for (int64_t e = 0; e < g->m; e++) {
        if (!v->keep[e] || (within && (!within[g->from[e]] || !within[g->to[e]])))
            continue;
        a->tail[a->count] = g->from[e];
        a->head[a->count] = g->to[e];
        a->rel[a->count++] = e;
        if (both_ways || !net_rel_directed((net_rel)g->type[e])) {
            a->tail[a->count] = g->to[e];
            a->head[a->count] = g->from[e];
            a->rel[a->count++] = e;
        }
    }
    return SG_OK;
}

static int path_to_subgraph(net_view *v, const igraph_vector_int_t *steps, const int64_t *rel_of,
                            net_subgraph *out)
{
    int64_t len = igraph_vector_int_size(steps);
    out->relations = sg_malloc((size_t)(len + 1) * sizeof *out->relations);
    out->nodes = sg_malloc((size_t)(len + 2) * sizeof *out->nodes);
    if (!out->relations || !out->nodes)
        return SG_ENOMEM;
    for (int64_t i = 0; i < len; i++)
        out->relations[out->nrelations++] = rel_of[VECTOR(*steps)[i]];
    (void)v;
    return SG_OK;
}

/* Fills the path's nodes from its relations, starting at a. */
static void path_nodes(net_view *v, int32_t a, net_subgraph *out)
{
    int32_t at = a;
    out->nodes[out->nnodes++] = a;
    for (int64_t i = 0; i < out->nrelations; i++) {
        at = net_other_end(v, out->relations[i], at);
        out->nodes[out->nnodes++] = at;
    }
}

/* The time-ordered path: a search over relations, stepping from one to the
 * next at their shared node when the next was first seen no earlier. */
static int time_path(net_view *v, int32_t a, int32_t b, bool directed, net_subgraph *out)
{
    const net_graph *g = v->g;
    igraph_vector_int_t comp, ev = {0}, steps;
    int rc = igraph_vector_int_init(&comp, 0) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
    if (rc != SG_OK)
        return rc;
    uint8_t *within = sg_calloc((size_t)g->n + 1, 1);
    rc = within ? net_ig(igraph_subcomponent(&v->simple, &comp, a, IGRAPH_ALL)) : SG_ENOMEM;
    for (int64_t i = 0; rc == SG_OK && i < igraph_vector_int_size(&comp); i++)
        within[VECTOR(comp)[i]] = 1;
    igraph_vector_int_destroy(&comp);
    arcs x = {0};
    if (rc == SG_OK)
        rc = arcs_make(v, !directed, within, &x);
    sg_free(within);
    if (rc != SG_OK)
        return rc;
    /* Arcs by tail, to step from an arc to those leaving its head. */
    int64_t *start = sg_calloc((size_t)g->n + 1, sizeof *start), *by_tail = NULL;
    rc = start ? SG_OK : SG_ENOMEM;
    if (rc == SG_OK) {
        for (int64_t i = 0; i < x.count; i++)
            start[x.tail[i] + 1]++;
        for (int32_t i = 0; i < g->n; i++)
            start[i + 1] += start[i];
        by_tail = sg_malloc((size_t)(x.count + 1) * sizeof *by_tail);
        int64_t *fill = sg_malloc(((size_t)g->n + 1) * sizeof *fill);
        rc = by_tail && fill ? SG_OK : SG_ENOMEM;
        if (rc == SG_OK) {
            memcpy(fill, start, ((size_t)g->n + 1) * sizeof *fill);
            for (int64_t i = 0; i < x.count; i++)
                by_tail[fill[x.tail[i]]++] = i;
        }
        sg_free(fill);
    }
    int64_t source = x.count, target = x.count + 1, nsteps = 0;
    for (int64_t i = 0; rc == SG_OK && i < x.count; i++) {
        nsteps += (x.tail[i] == a) + (x.head[i] == b);
        nsteps += start[x.head[i] + 1] - start[x.head[i]];
    }
    if (rc == SG_OK && nsteps > EVENT_STEPS_MAX)
        rc = SG_ETOOBIG;
    if (rc == SG_OK)
        rc = igraph_vector_int_init(&ev, 0) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
    if (rc == SG_OK)
        rc = net_ig(igraph_vector_int_reserve(&ev, 2 * nsteps));
    for (int64_t i = 0; rc == SG_OK && i < x.count; i++) {
        int32_t t = g->first_day[x.rel[i]];
        if (x.tail[i] == a) {
            igraph_vector_int_push_back(&ev, source);
            igraph_vector_int_push_back(&ev, i);
        }
        if (x.head[i] == b) {
            igraph_vector_int_push_back(&ev, i);
            igraph_vector_int_push_back(&ev, target);
        }
        for (int64_t k = start[x.head[i]]; k < start[x.head[i] + 1]; k++) {
            int64_t j = by_tail[k];
            if (x.rel[j] != x.rel[i] && g->first_day[x.rel[j]] >= t) {
                igraph_vector_int_push_back(&ev, i);
                igraph_vector_int_push_back(&ev, j);
            }
        }
    }
    sg_free(start);
    sg_free(by_tail);
    igraph_t eg;
    bool made = false;
    if (rc == SG_OK) {
        rc = net_ig(igraph_create(&eg, &ev, x.count + 2, true));
        made = rc == SG_OK;
    }
    igraph_vector_int_destroy(&ev);
    if (rc == SG_OK)
        rc = igraph_vector_int_init(&steps, 0) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
    if (rc == SG_OK) {
        rc = net_ig(igraph_get_shortest_path(&eg, &steps, NULL, source, target, IGRAPH_OUT));
        int64_t len = igraph_vector_int_size(&steps);
        if (rc == SG_OK && len < 3)
            rc = SG_ENOTFOUND;
        if (rc == SG_OK) {
            out->relations = sg_malloc((size_t)len * sizeof *out->relations);
            out->nodes = sg_malloc((size_t)len * sizeof *out->nodes);
            rc = out->relations && out->nodes ? SG_OK : SG_ENOMEM;
            for (int64_t i = 1; rc == SG_OK && i < len - 1; i++)
                out->relations[out->nrelations++] = x.rel[VECTOR(steps)[i]];
            if (rc == SG_OK)
                path_nodes(v, a, out);
        }
        igraph_vector_int_destroy(&steps);
    }
    if (made)
        igraph_destroy(&eg);
    arcs_free(&x);
    return rc;
}

int net_path(net_view *v, int32_t a, int32_t b, bool directed, bool time_ordered, net_subgraph *out)
{
    memset(out, 0, sizeof *out);
    if (a < 0 || b < 0 || a >= v->g->n || b >= v->g->n || a == b)
        return SG_EINVAL;
    net_run_begin(&v->run);
    int rc;
    if (time_ordered) {
        rc = time_path(v, a, b, directed, out);
    } else {
        igraph_vector_int_t edges;
        rc = igraph_vector_int_init(&edges, 0) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
        arcs x = {0};
        igraph_t dg;
        bool made = false;
        if (rc == SG_OK && directed) {
            igraph_vector_int_t ev;
            rc = arcs_make(v, false, NULL, &x);
            if (rc == SG_OK)
                rc = net_ig(igraph_vector_int_init(&ev, 2 * x.count));
            for (int64_t i = 0; rc == SG_OK && i < x.count; i++) {
                VECTOR(ev)[2 * i] = x.tail[i];
                VECTOR(ev)[2 * i + 1] = x.head[i];
            }
            if (rc == SG_OK) {
                rc = net_ig(igraph_create(&dg, &ev, v->g->n, true));
                made = rc == SG_OK;
                igraph_vector_int_destroy(&ev);
            }
        }
        if (rc == SG_OK)
            rc = net_ig(igraph_get_shortest_path(directed ? &dg : &v->simple, NULL, &edges, a, b,
                                                 directed ? IGRAPH_OUT : IGRAPH_ALL));
        if (rc == SG_OK && igraph_vector_int_size(&edges) == 0)
            rc = SG_ENOTFOUND;
        if (rc == SG_OK)
            rc = path_to_subgraph(v, &edges, directed ? x.rel : v->pair_rel, out);
        if (rc == SG_OK)
            path_nodes(v, a, out);
        if (made)
            igraph_destroy(&dg);
        arcs_free(&x);
        igraph_vector_int_destroy(&edges);
    }
    net_run_end();
    if (rc != SG_OK)
        net_subgraph_free(out);
    return rc;
}

int net_neighbourhood(net_view *v, int32_t node, int32_t depth, int32_t max_nodes,
                      net_subgraph *out)
{
    memset(out, 0, sizeof *out);
    if (node < 0 || node >= v->g->n || depth < 1)
        return SG_EINVAL;
    igraph_vector_int_list_t list;
    if (igraph_vector_int_list_init(&list, 0) != IGRAPH_SUCCESS)
        return SG_ENOMEM;
    net_run_begin(&v->run);
    int rc =
        net_ig(igraph_neighborhood(&v->simple, &list, igraph_vss_1(node), depth, IGRAPH_ALL, 0));
    if (rc == SG_OK)
        rc = induced(v, igraph_vector_int_list_get_ptr(&list, 0), max_nodes, out);
    net_run_end();
    igraph_vector_int_list_destroy(&list);
    return rc;
}

int net_component_of(net_view *v, int32_t node, int32_t max_nodes, net_subgraph *out)
{
    memset(out, 0, sizeof *out);
    if (node < 0 || node >= v->g->n)
        return SG_EINVAL;
    igraph_vector_int_t comp;
    if (igraph_vector_int_init(&comp, 0) != IGRAPH_SUCCESS)
        return SG_ENOMEM;
    net_run_begin(&v->run);
    int rc = net_ig(igraph_subcomponent(&v->simple, &comp, node, IGRAPH_ALL));
    if (rc == SG_OK)
        rc = induced(v, &comp, max_nodes, out);
    net_run_end();
    igraph_vector_int_destroy(&comp);
    return rc;
}

int net_connecting(net_view *v, const int32_t *chosen, int32_t nchosen, net_subgraph *out)
{
    memset(out, 0, sizeof *out);
    int32_t n = v->g->n;
    uint8_t *in = sg_calloc((size_t)n + 1, 1);
    igraph_vector_int_t nodes, verts;
    if (!in)
        return SG_ENOMEM;
    if (igraph_vector_int_init(&nodes, 0) != IGRAPH_SUCCESS) {
        sg_free(in);
        return SG_ENOMEM;
    }
    int rc = igraph_vector_int_init(&verts, 0) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
    net_run_begin(&v->run);
    for (int32_t i = 0; rc == SG_OK && i < nchosen; i++) {
        if (chosen[i] < 0 || chosen[i] >= n) {
            rc = SG_EINVAL;
            break;
        }
        if (!in[chosen[i]]) {
            in[chosen[i]] = 1;
            rc = net_ig(igraph_vector_int_push_back(&nodes, chosen[i]));
        }
        for (int32_t j = i + 1; rc == SG_OK && j < nchosen; j++) {
            if (chosen[j] < 0 || chosen[j] >= n || chosen[j] == chosen[i])
                continue;
            rc = net_ig(igraph_get_shortest_path(&v->simple, &verts, NULL, chosen[i], chosen[j],
                                                 IGRAPH_ALL));
            for (int64_t k = 0; rc == SG_OK && k < igraph_vector_int_size(&verts); k++) {
                int32_t u = (int32_t)VECTOR(verts)[k];
                if (!in[u]) {
                    in[u] = 1;
                    rc = net_ig(igraph_vector_int_push_back(&nodes, u));
                }
            }
        }
    }
    if (rc == SG_OK)
        rc = induced(v, &nodes, INT32_MAX, out);
    net_run_end();
    igraph_vector_int_destroy(&verts);
    igraph_vector_int_destroy(&nodes);
    sg_free(in);
    return rc;
}

int net_layout(net_view *v, const net_subgraph *s, const net_run *run, double *xy)
{
    if (s->nnodes == 0)
        return SG_OK;
    int32_t *local = sg_malloc(((size_t)v->g->n + 1) * sizeof *local);
    igraph_vector_int_t ev;
    igraph_matrix_t pos;
    if (!local)
        return SG_ENOMEM;
    for (int32_t i = 0; i < s->nnodes; i++)
        local[s->nodes[i]] = i;
    int rc = igraph_vector_int_init(&ev, 2 * s->nrelations) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
    for (int64_t i = 0; rc == SG_OK && i < s->nrelations; i++) {
        VECTOR(ev)[2 * i] = local[v->g->from[s->relations[i]]];
        VECTOR(ev)[2 * i + 1] = local[v->g->to[s->relations[i]]];
    }
    sg_free(local);
    if (rc != SG_OK)
        return rc;
    igraph_t sg;
    net_run_begin(run ? run : &v->run);
    rc = net_ig(igraph_create(&sg, &ev, s->nnodes, false));
    igraph_vector_int_destroy(&ev);
    if (rc == SG_OK) {
        rc = igraph_matrix_init(&pos, 0, 0) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
        if (rc == SG_OK) {
            rc = net_ig(igraph_layout_fruchterman_reingold(
                &sg, &pos, false, 500, sqrt((double)s->nnodes), IGRAPH_LAYOUT_AUTOGRID, NULL, NULL,
                NULL, NULL, NULL));
            double minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
            for (int32_t i = 0; rc == SG_OK && i < s->nnodes; i++) {
                double x = MATRIX(pos, i, 0), y = MATRIX(pos, i, 1);
                minx = x < minx ? x : minx;
                maxx = x > maxx ? x : maxx;
                miny = y < miny ? y : miny;
                maxy = y > maxy ? y : maxy;
            }
            double w = maxx - minx > 1e-9 ? maxx - minx : 1,
                   h = maxy - miny > 1e-9 ? maxy - miny : 1;
            for (int32_t i = 0; rc == SG_OK && i < s->nnodes; i++) {
                xy[2 * i] = s->nnodes == 1 ? 0.5 : (MATRIX(pos, i, 0) - minx) / w;
                xy[2 * i + 1] = s->nnodes == 1 ? 0.5 : (MATRIX(pos, i, 1) - miny) / h;
            }
            igraph_matrix_destroy(&pos);
        }
        igraph_destroy(&sg);
    }
    net_run_end();
    return rc;
}

/* ---- suggested links --------------------------------------------------- */

static int by_score(const void *x, const void *y)
{
    const net_link *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->common != b->common)
        return a->common > b->common ? -1 : 1;
    return a->node < b->node ? -1 : a->node > b->node;
}

int net_links_suggest(net_view *v, int32_t node, net_link_method method, net_link *out, int32_t max,
                      int32_t *n)
{
    *n = 0;
    if (node < 0 || node >= v->g->n)
        return SG_EINVAL;
    igraph_vector_int_list_t list;
    igraph_vector_int_t nbrs, pairs;
    igraph_vector_t jac;
    igraph_matrix_t aa;
    uint8_t *mine = sg_calloc((size_t)v->g->n + 1, 1);
    if (!mine)
        return SG_ENOMEM;
    /* Zeroed: safe to destroy whether made or not. */
    memset(&nbrs, 0, sizeof nbrs);
    memset(&pairs, 0, sizeof pairs);
    memset(&jac, 0, sizeof jac);
    memset(&aa, 0, sizeof aa);
    int rc = igraph_vector_int_list_init(&list, 0) == IGRAPH_SUCCESS ? SG_OK : SG_ENOMEM;
    if (rc != SG_OK) {
        sg_free(mine);
        return rc;
    }
    net_run_begin(&v->run);
    if (igraph_vector_int_init(&nbrs, 0) || igraph_vector_int_init(&pairs, 0)
        || igraph_vector_init(&jac, 0) || igraph_matrix_init(&aa, 0, 0))
        rc = SG_ENOMEM;
    if (rc == SG_OK)
        rc = net_ig(igraph_neighbors(&v->simple, &nbrs, node, IGRAPH_ALL));
    for (int64_t i = 0; rc == SG_OK && i < igraph_vector_int_size(&nbrs); i++)
        mine[VECTOR(nbrs)[i]] = 1;
    if (rc == SG_OK)
        rc = net_ig(igraph_neighborhood(&v->simple, &list, igraph_vss_1(node), 2, IGRAPH_ALL, 2));
    igraph_vector_int_t *cands = rc == SG_OK ? igraph_vector_int_list_get_ptr(&list, 0) : NULL;
    int64_t nc = cands ? igraph_vector_int_size(cands) : 0;
    net_link *all = sg_calloc((size_t)nc + 1, sizeof *all);
    if (rc == SG_OK && !all)
        rc = SG_ENOMEM;
    for (int64_t i = 0; rc == SG_OK && i < nc; i++) {
        int32_t c = (int32_t)VECTOR(*cands)[i];
        all[i].node = c;
        rc = net_ig(igraph_neighbors(&v->simple, &nbrs, c, IGRAPH_ALL));
        for (int64_t k = 0; rc == SG_OK && k < igraph_vector_int_size(&nbrs); k++)
            all[i].common += mine[VECTOR(nbrs)[k]];
        all[i].score = all[i].common;
        if (rc == SG_OK && method == NET_JACCARD) {
            rc = net_ig(igraph_vector_int_push_back(&pairs, node));
            if (rc == SG_OK)
                rc = net_ig(igraph_vector_int_push_back(&pairs, c));
        }
    }
    if (rc == SG_OK && nc > 0 && method == NET_JACCARD) {
        rc = net_ig(igraph_similarity_jaccard_pairs(&v->simple, &jac, &pairs, IGRAPH_ALL, false));
        for (int64_t i = 0; rc == SG_OK && i < nc; i++)
            all[i].score = VECTOR(jac)[i];
    }
    if (rc == SG_OK && nc > 0 && method == NET_ADAMIC_ADAR) {
        rc = net_ig(igraph_similarity_inverse_log_weighted(&v->simple, &aa, igraph_vss_1(node),
                                                           IGRAPH_ALL));
        for (int64_t i = 0; rc == SG_OK && i < nc; i++)
            all[i].score = MATRIX(aa, 0, all[i].node);
    }
    if (rc == SG_OK) {
        qsort(all, (size_t)nc, sizeof *all, by_score);
        for (int64_t i = 0; i < nc && *n < max; i++)
            out[(*n)++] = all[i];
    }
    net_run_end();
    sg_free(all);
    sg_free(mine);
    igraph_vector_int_list_destroy(&list);
    igraph_vector_int_destroy(&nbrs);
    igraph_vector_int_destroy(&pairs);
    igraph_vector_destroy(&jac);
    igraph_matrix_destroy(&aa);
    return rc;
}
