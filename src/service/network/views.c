/* Analyses of a part of the network, and comparisons: a component, a
 * neighbourhood, paths, the connecting network of chosen persons (each
 * laid out for drawing), suggested links, disruption and change over
 * time.  Runs on the graph worker thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "service/network/network_int.h"

#define DRAW_MAX 500
#define LINKS_MAX 20
#define CHANGE_MEMBERS 20

static const char *str(json_t *req, const char *name)
{
    return json_string_value(json_object_get(req, name));
}

static long num(json_t *req, const char *name, long dflt)
{
    json_t *v = json_object_get(req, name);
    return json_is_integer(v) ? (long)json_integer_value(v) : dflt;
}

static int index_of(net_job_ctx *jc, const char *ref, int32_t *i)
{
    int rc = net_data_index(jc->a, jc->data, ref, i);
    if (rc == SG_EINVAL)
        snprintf(jc->error, sizeof jc->error, "no such person or entity: %s", ref);
    return rc;
}

/* Whether u was recruited and recruited others, by its kept relations. */
static bool victim_recruiter(net_view *v, const net_data *d, int32_t u)
{
    const int64_t *rels = NULL;
    int64_t n = net_view_relations_of(v, u, &rels);
    bool recruited = false, recruits = false;
    for (int64_t k = 0; k < n; k++) {
        int64_t e = rels[k];
        if (!net_rel_is_chain((net_rel)d->type[e]))
            continue;
        recruited |= d->from[e] == u;
        recruits |= d->to[e] == u;
    }
    return recruited && recruits;
}

typedef struct drawing {
    net_job_ctx *jc;
    net_view *v;
    const net_subgraph *s;
    const double *xy;
    int32_t center;
    json_t *out;
} drawing;

static int draw_job(store_tx *tx, void *arg)
{
    drawing *dr = arg;
    const net_data *d = dr->jc->data;
    json_t *nodes = json_array(), *rels = json_array();
    if (!nodes || !rels) {
        json_decref(nodes);
        json_decref(rels);
        return SG_ENOMEM;
    }
    for (int32_t i = 0; i < dr->s->nnodes; i++) {
        int32_t u = dr->s->nodes[i];
        json_t *n = net_data_node_labelled(tx, dr->jc->a, d, u);
        if (!n)
            continue;
        json_object_set_new(n, "x", json_real(dr->xy ? dr->xy[2 * i] : 0.5));
        json_object_set_new(n, "y", json_real(dr->xy ? dr->xy[2 * i + 1] : 0.5));
        json_object_set_new(n, "victim_recruiter", json_boolean(victim_recruiter(dr->v, d, u)));
        json_object_set_new(n, "center", json_boolean(u == dr->center));
        json_array_append_new(nodes, n);
    }
    for (int64_t i = 0; i < dr->s->nrelations; i++)
        json_array_append_new(rels, net_data_relation(tx, d, dr->s->relations[i]));
    json_object_set_new(dr->out, "nodes", nodes);
    json_object_set_new(dr->out, "relations", rels);
    return SG_OK;
}

/* The subgraph laid out and written into out, with nodes and relations. */
static int draw(net_job_ctx *jc, net_view *v, const net_subgraph *s, int32_t center, json_t *out)
{
    double *xy = sg_malloc(((size_t)s->nnodes + 1) * 2 * sizeof *xy);
    if (!xy)
        return SG_ENOMEM;
    if (jc->run.progress)
        jc->run.progress(jc->run.ctx, "layout", 0.7);
    int rc = net_layout(v, s, &jc->run, xy);
    drawing dr = {.jc = jc, .v = v, .s = s, .xy = xy, .center = center, .out = out};
    if (rc == SG_OK)
        rc = store_read(jc->a->db, draw_job, &dr);
    sg_free(xy);
    return rc;
}

static int subgraph_kind(net_job_ctx *jc, net_view *v, const char *kind, json_t *out)
{
    net_subgraph s = {0};
    int32_t a = -1, b = -1;
    int rc = SG_OK;
    if (str(jc->request, "person_id"))
        rc = index_of(jc, str(jc->request, "person_id"), &a);
    if (rc == SG_OK && str(jc->request, "target_id"))
        rc = index_of(jc, str(jc->request, "target_id"), &b);
    if (rc != SG_OK)
        return rc;
    if (strcmp(kind, "connecting") == 0) {
        json_t *ids = json_object_get(jc->request, "person_ids");
        int32_t chosen[20], n = 0;
        size_t i;
        json_t *id;
        json_array_foreach(ids, i, id)
        {
            int32_t k = -1;
            rc = index_of(jc, json_string_value(id), &k);
            if (rc != SG_OK)
                return rc;
            if (k >= 0 && n < 20)
                chosen[n++] = k;
        }
        rc = net_connecting(v, chosen, n, &s);
    } else if (a < 0 || (strcmp(kind, "paths") == 0 && b < 0)) {
        /* Someone without relations: nothing to draw, and no path. */
        json_object_set_new(out, "nodes", json_array());
        json_object_set_new(out, "relations", json_array());
        json_object_set_new(out, "found", json_false());
        return SG_OK;
    } else if (strcmp(kind, "component") == 0) {
        rc = net_component_of(v, a, DRAW_MAX, &s);
    } else if (strcmp(kind, "neighbourhood") == 0) {
        rc = net_neighbourhood(v, a, (int32_t)num(jc->request, "depth", 1), DRAW_MAX, &s);
    } else {
        bool directed = json_is_true(json_object_get(jc->request, "directed"));
        bool timed = json_is_true(json_object_get(jc->request, "time_ordered"));
        rc = net_path(v, a, b, directed, timed, &s);
        if (rc == SG_ENOTFOUND) {
            json_object_set_new(out, "nodes", json_array());
            json_object_set_new(out, "relations", json_array());
            json_object_set_new(out, "found", json_false());
            return SG_OK;
        }
        if (rc == SG_ETOOBIG)
            snprintf(jc->error, sizeof jc->error,
                     "the time-ordered search is too large here; narrow it with a period");
        json_object_set_new(out, "found", json_true());
        json_object_set_new(out, "length", json_integer(s.nrelations));
    }
    if (rc == SG_OK) {
        json_object_set_new(out, "truncated", json_boolean(s.nnodes >= DRAW_MAX));
        rc = draw(jc, v, &s, a, out);
    }
    net_subgraph_free(&s);
    return rc;
}

/* ---- suggested links ---------------------------------------------------- */

typedef struct links_ctx {
    net_job_ctx *jc;
    const net_link *l;
    int32_t n;
    json_t *out;
} links_ctx;

static int links_job(store_tx *tx, void *arg)
{
    links_ctx *lc = arg;
    json_t *list = json_array();
    for (int32_t i = 0; list && i < lc->n; i++)
        json_array_append_new(
            list, json_pack("{s:o, s:f, s:i}", "node",
                            net_data_node_labelled(tx, lc->jc->a, lc->jc->data, lc->l[i].node),
                            "score", lc->l[i].score, "common_neighbours", lc->l[i].common));
    json_object_set_new(lc->out, "suggestions", list);
    return SG_OK;
}

static int links_kind(net_job_ctx *jc, net_view *v, json_t *out)
{
    int32_t a = -1;
    int rc = index_of(jc, str(jc->request, "person_id"), &a);
    const char *m = str(jc->request, "method");
    net_link_method method = m && strcmp(m, "jaccard") == 0             ? NET_JACCARD
                             : m && strcmp(m, "common-neighbours") == 0 ? NET_COMMON
                                                                        : NET_ADAMIC_ADAR;
    json_object_set_new(out, "method",
                        json_string(method == NET_JACCARD  ? "jaccard"
                                    : method == NET_COMMON ? "common-neighbours"
                                                           : "adamic-adar"));
    json_object_set_new(out, "note", json_string("leads to check, never facts: nothing is stored"));
    if (rc != SG_OK || a < 0) {
        json_object_set_new(out, "suggestions", json_array());
        return rc;
    }
    net_link l[LINKS_MAX];
    int32_t n = 0;
    rc = net_links_suggest(v, a, method, l,
                           (int32_t)num(jc->request, "top", LINKS_MAX) < LINKS_MAX
                               ? (int32_t)num(jc->request, "top", LINKS_MAX)
                               : LINKS_MAX,
                           &n);
    links_ctx lc = {.jc = jc, .l = l, .n = n, .out = out};
    if (rc == SG_OK)
        rc = store_read(jc->a->db, links_job, &lc);
    return rc;
}

/* ---- disruption --------------------------------------------------------- */

static int disruption_kind(net_job_ctx *jc, net_view *v, json_t *out)
{
    int32_t steps = (int32_t)num(jc->request, "steps", 10);
    int32_t per_step = (int32_t)num(jc->request, "per_step", 1);
    json_t *strategies = json_object_get(jc->request, "strategies");
    static const char *const dflt[] = {"betweenness", "degree", "random"};
    size_t count = json_array_size(strategies) ? json_array_size(strategies) : 3;
    int32_t chosen[20], nchosen = 0;
    size_t i;
    json_t *id;
    int rc = SG_OK;
    json_array_foreach(json_object_get(jc->request, "person_ids"), i, id)
    {
        int32_t k = -1;
        rc = index_of(jc, json_string_value(id), &k);
        if (rc != SG_OK)
            return rc;
        if (k >= 0 && nchosen < 20)
            chosen[nchosen++] = k;
    }
    net_disruption_step *st = sg_malloc(((size_t)steps + 1) * sizeof *st);
    json_t *list = json_array();
    if (!st || !list) {
        sg_free(st);
        json_decref(list);
        return SG_ENOMEM;
    }
    for (size_t k = 0; rc == SG_OK && k < count; k++) {
        const char *name = json_array_size(strategies)
                               ? json_string_value(json_array_get(strategies, k))
                               : dflt[k];
        net_strategy sgy = strcmp(name, "degree") == 0   ? NET_BY_DEGREE
                           : strcmp(name, "random") == 0 ? NET_AT_RANDOM
                           : strcmp(name, "chosen") == 0 ? NET_CHOSEN
                                                         : NET_BY_BETWEENNESS;
        rc = net_disrupt(v, sgy, chosen, nchosen, steps, per_step, &jc->run, st);
        json_t *rows = json_array();
        for (int32_t s = 0; rc == SG_OK && rows && s <= steps; s++)
            json_array_append_new(
                rows, json_pack("{s:i, s:i, s:i, s:i, s:i}", "removed", st[s].removed,
                                "largest_component", st[s].largest_component, "components",
                                st[s].components, "chain_links_cut", st[s].chain_links_cut,
                                "recruits_reached", st[s].recruits_reached));
        json_array_append_new(list, json_pack("{s:s, s:o}", "strategy", name, "steps", rows));
    }
    sg_free(st);
    json_object_set_new(out, "strategies", list);
    json_object_set_new(out, "per_step", json_integer(per_step));
    json_object_set_new(out, "note",
                        json_string("a simulation on the recorded network: who is reached by"
                                    " help or removed, never a decision about a person"));
    return rc;
}

/* ---- change over time --------------------------------------------------- */

typedef struct window {
    net_view *v;
    net_groups groups;
    net_chains chains;
    int32_t *memb; /* n: community, or -1 outside the window's network */
} window;

static void window_free(window *w)
{
    net_view_free(w->v);
    net_groups_free(&w->groups);
    net_chains_free(&w->chains);
    sg_free(w->memb);
}

static int window_make(net_job_ctx *jc, const net_filter *base, int32_t from, int32_t to, window *w)
{
    net_filter f = *base;
    f.from_day = from > f.from_day ? from : f.from_day;
    f.to_day = to < f.to_day ? to : f.to_day;
    int rc = net_view_new(&jc->data->g, &f, &jc->run, &w->v);
    if (rc == SG_OK)
        rc = net_groups_find(w->v, NET_LEIDEN, 1.0, &w->groups);
    if (rc == SG_OK)
        rc = net_chains_find(w->v, &w->chains);
    w->memb = sg_malloc(((size_t)jc->data->n + 1) * sizeof *w->memb);
    if (rc == SG_OK && !w->memb)
        rc = SG_ENOMEM;
    for (int32_t i = 0; rc == SG_OK && i < jc->data->n; i++) {
        const int64_t *rels;
        w->memb[i] = net_view_relations_of(w->v, i, &rels) > 0 ? w->groups.membership[i] : -1;
    }
    return rc;
}

static json_t *group_members(const net_data *d, const int32_t *memb, int32_t g)
{
    json_t *list = json_array();
    for (int32_t i = 0; list && g >= 0 && i < d->n && json_array_size(list) < CHANGE_MEMBERS; i++)
        if (memb[i] == g)
            json_array_append_new(list, json_string(d->node_pid[i]));
    return list;
}

static void day_text(int32_t day, char out[DATE_LEN])
{
    date d;
    date_from_days(day, &d);
    date_format(&d, out);
}

/* Nodes of a result named for its reader: an entity by its key. */
typedef struct names_ctx {
    net_job_ctx *jc;
    int32_t *idx, n;
    json_t *nodes;
} names_ctx;

static int names_job(store_tx *tx, void *arg)
{
    names_ctx *nc = arg;
    for (int32_t i = 0; i < nc->n; i++) {
        json_t *node = net_data_node_labelled(tx, nc->jc->a, nc->jc->data, nc->idx[i]);
        if (!node)
            return SG_ENOMEM;
        json_object_set_new(nc->nodes, nc->jc->data->node_pid[nc->idx[i]], node);
    }
    return SG_OK;
}

static int changes_kind(net_job_ctx *jc, json_t *out)
{
    const net_data *d = jc->data;
    long days = num(jc->request, "window_days", 90);
    date today;
    date_today(&today);
    int32_t until = (int32_t)date_to_days(&today);
    date u;
    if (str(jc->request, "until") && date_parse(str(jc->request, "until"), &u) == SG_OK)
        until = (int32_t)date_to_days(&u);
    net_filter base;
    net_request_filter(jc->request, &base);
    window before = {0}, after = {0};
    int32_t b_from = until - 2 * (int32_t)days + 1, b_to = until - (int32_t)days,
            a_from = until - (int32_t)days + 1;
    int rc = window_make(jc, &base, b_from, b_to, &before);
    if (rc == SG_OK)
        rc = window_make(jc, &base, a_from, until, &after);
    net_group_change *ch = NULL;
    int32_t nch = 0;
    if (rc == SG_OK)
        rc = net_groups_compare(before.memb, after.memb, d->n, 3, &ch, &nch);
    if (rc == SG_OK) {
        char t[4][DATE_LEN];
        day_text(b_from, t[0]);
        day_text(b_to, t[1]);
        day_text(a_from, t[2]);
        day_text(until, t[3]);
        json_object_set_new(out, "windows",
                            json_pack("{s:{s:s, s:s}, s:{s:s, s:s}}", "before", "from", t[0], "to",
                                      t[1], "after", "from", t[2], "to", t[3]));
        json_t *list = json_array();
        for (int32_t i = 0; i < nch; i++) {
            if (ch[i].change == NET_STABLE)
                continue;
            bool gone = ch[i].after < 0;
            json_array_append_new(
                list, json_pack("{s:s, s:i, s:i, s:i, s:i, s:i, s:o}", "change",
                                net_change_code(ch[i].change), "before", ch[i].before, "after",
                                ch[i].after, "size_before", ch[i].size_before, "size_after",
                                ch[i].size_after, "shared", ch[i].shared, "members",
                                group_members(d, gone ? before.memb : after.memb,
                                              gone ? ch[i].before : ch[i].after)));
        }
        json_object_set_new(out, "communities", list);
        /* New chains: chains of the later window whose root was in no
         * chain of the earlier one. */
        json_t *fresh = json_array();
        for (int32_t c = 0; c < after.chains.count; c++) {
            const net_chain *x = &after.chains.chains[c];
            if (before.chains.chain_of[x->root] >= 0)
                continue;
            json_array_append_new(fresh, json_pack("{s:s, s:i, s:i, s:i}", "root",
                                                   d->node_pid[x->root], "depth", x->depth, "size",
                                                   x->size, "fan_out", x->fan_out));
        }
        json_object_set_new(out, "new_chains", fresh);
        json_t *vr = json_array();
        uint8_t *was = sg_calloc((size_t)d->n + 1, 1);
        /* The roots of the new chains and the new victim-recruiters, named. */
        names_ctx nc = {.jc = jc,
                        .idx = sg_calloc((size_t)after.chains.count + (size_t)after.chains.nvr + 1,
                                         sizeof *nc.idx)};
        for (int32_t c = 0; nc.idx && c < after.chains.count; c++)
            if (before.chains.chain_of[after.chains.chains[c].root] < 0)
                nc.idx[nc.n++] = after.chains.chains[c].root;
        for (int32_t k = 0; was && k < before.chains.nvr; k++)
            was[before.chains.victim_recruiters[k]] = 1;
        for (int32_t k = 0; was && k < after.chains.nvr; k++) {
            int32_t p = after.chains.victim_recruiters[k];
            if (!was[p]) {
                json_array_append_new(vr, json_string(d->node_pid[p]));
                if (nc.idx)
                    nc.idx[nc.n++] = p;
            }
        }
        sg_free(was);
        json_object_set_new(out, "new_victim_recruiters", vr);
        nc.nodes = json_object();
        if (nc.idx && nc.nodes)
            rc = store_read(jc->a->db, names_job, &nc);
        json_object_set_new(out, "nodes", nc.nodes ? nc.nodes : json_object());
        sg_free(nc.idx);
    }
    net_changes_free(ch);
    window_free(&before);
    window_free(&after);
    return rc;
}

int net_view_kind(net_job_ctx *jc, net_view *v, const char *kind, json_t **out)
{
    *out = json_pack("{s:s}", "kind", kind);
    if (!*out)
        return SG_ENOMEM;
    int rc;
    if (strcmp(kind, "links") == 0)
        rc = links_kind(jc, v, *out);
    else if (strcmp(kind, "disruption") == 0)
        rc = disruption_kind(jc, v, *out);
    else if (strcmp(kind, "changes") == 0)
        rc = changes_kind(jc, *out);
    else
        rc = subgraph_kind(jc, v, kind, *out);
    if (rc != SG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    return rc;
}
