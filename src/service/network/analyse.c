/* Analyses of the whole network: the request's checks and filter, and the
 * overview, chains, key actors and communities (views.c has the rest).
 * Runs on the graph worker thread, except net_request_check. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "service/network/network_int.h"

#define TOP_DEFAULT 20
#define MEMBERS_MAX 500
#define EXPLAIN_RELATIONS 5

static const char *const kinds[] = {
    "overview",   "component", "neighbourhood", "chains",  "key-actors", "communities", "paths",
    "connecting", "links",     "disruption",    "changes", "alerts",     NULL};

static bool in_list(const char *const *list, const char *v)
{
    for (int i = 0; v && list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

static const char *str(json_t *req, const char *name)
{
    return json_string_value(json_object_get(req, name));
}

static long num(json_t *req, const char *name, long dflt)
{
    json_t *v = json_object_get(req, name);
    return json_is_integer(v) ? (long)json_integer_value(v) : dflt;
}

/* ---- the request ------------------------------------------------------- */

typedef struct check_ctx {
    app *a;
    const actor *who;
    json_t *req;
    int64_t anchor;
    svc_error *err;
} check_ctx;

/* Resolves an id of the request: SG_EINVAL (named) when unknown; a scoped
 * reader gets SG_ENOTFOUND for anyone but a youth they reach. */
static int check_id(store_tx *tx, check_ctx *cc, const char *field, const char *ref, bool anchor)
{
    net_end end;
    const char *why = NULL;
    int rc = net_resolve_end(tx, cc->a, cc->who, ref, false, &end, &why);
    bool scoped = !net_is_analyst(cc->who);
    if (rc == SG_EINVAL || rc == SG_ENOTFOUND)
        return scoped ? SG_ENOTFOUND : svc_invalid(cc->err, field, "no such person or entity");
    if (rc != SG_OK)
        return rc;
    if (scoped) {
        rc = end.person_id ? net_reaches_person(tx, cc->who, end.person_id) : SG_ENOTFOUND;
        if (rc != SG_OK)
            return rc;
    }
    if (anchor && end.person_id)
        cc->anchor = end.person_id;
    return SG_OK;
}

static int check_job(store_tx *tx, void *arg)
{
    check_ctx *cc = arg;
    json_t *req = cc->req;
    const char *kind = str(req, "kind");
    int rc = SG_OK;
    if (str(req, "person_id"))
        rc = check_id(tx, cc, "person_id", str(req, "person_id"), true);
    if (rc == SG_OK && str(req, "target_id"))
        rc = check_id(tx, cc, "target_id", str(req, "target_id"), false);
    size_t i;
    json_t *id;
    json_array_foreach(json_object_get(req, "person_ids"), i, id)
    {
        if (rc == SG_OK)
            rc = json_is_string(id) ? check_id(tx, cc, "person_ids", json_string_value(id), i == 0)
                                    : svc_invalid(cc->err, "person_ids", "ids of persons");
    }
    (void)kind;
    return rc;
}

static bool dates_ok(json_t *req, svc_error *err)
{
    static const char *const names[] = {"from", "to", "until"};
    for (size_t i = 0; i < 3; i++) {
        json_t *v = json_object_get(req, names[i]);
        date d;
        if (v && (!json_is_string(v) || date_parse(json_string_value(v), &d) != SG_OK)) {
            svc_invalid(err, names[i], "a date, YYYY-MM-DD");
            return false;
        }
    }
    return true;
}

static bool codes_ok(json_t *req, const char *name, int (*parse)(const char *, int *),
                     svc_error *err)
{
    json_t *list = json_object_get(req, name);
    size_t i;
    json_t *v;
    if (list && !json_is_array(list))
        return svc_invalid(err, name, "a list") && false;
    json_array_foreach(list, i, v)
    {
        int code;
        if (parse(json_string_value(v), &code) != SG_OK) {
            svc_invalid(err, name, "an unknown value");
            return false;
        }
    }
    return true;
}

static int parse_type(const char *s, int *out)
{
    net_rel r;
    int rc = net_rel_parse(s, &r);
    *out = (int)r;
    return rc;
}

static int parse_conf(const char *s, int *out)
{
    net_conf c;
    int rc = net_conf_parse(s, &c);
    *out = (int)c;
    return rc;
}

int net_request_check(app *a, const actor *who, json_t *request, int64_t *anchor, svc_error *err)
{
    *anchor = 0;
    int rc = net_may_read(who);
    if (rc != SG_OK)
        return rc;
    if (!json_is_object(request))
        return svc_invalid(err, "kind", "an analysis request is an object");
    const char *kind = str(request, "kind");
    if (!in_list(kinds, kind))
        return svc_invalid(err, "kind",
                           "overview, component, neighbourhood, chains, key-actors, communities,"
                           " paths, connecting, links, disruption or changes");
    rc = net_purpose_check(str(request, "purpose"), err);
    if (rc != SG_OK)
        return rc;
    if (!dates_ok(request, err) || !codes_ok(request, "types", parse_type, err)
        || !codes_ok(request, "confidences", parse_conf, err))
        return SG_EINVAL;
    bool analyst = net_is_analyst(who);
    if (strcmp(kind, "alerts") == 0 && !analyst)
        return SG_EFORBIDDEN;
    /* Police and OM: the neighbourhood of their own screenings' youths. */
    if (!analyst && strcmp(kind, "neighbourhood") != 0)
        return SG_EFORBIDDEN;
    if (!analyst && num(request, "depth", 1) > 2)
        return svc_invalid(err, "depth", "at most 2 steps around a youth of your screenings");
    long depth = num(request, "depth", 1);
    if (depth < 1 || depth > 3)
        return svc_invalid(err, "depth", "1 to 3 steps");
    bool needs_person = strcmp(kind, "component") == 0 || strcmp(kind, "neighbourhood") == 0
                        || strcmp(kind, "links") == 0 || strcmp(kind, "paths") == 0;
    if (needs_person && !str(request, "person_id"))
        return svc_invalid(err, "person_id", "the person this analysis is about");
    if (strcmp(kind, "paths") == 0 && !str(request, "target_id"))
        return svc_invalid(err, "target_id", "the person the path leads to");
    size_t nids = json_array_size(json_object_get(request, "person_ids"));
    if (strcmp(kind, "connecting") == 0 && (nids < 2 || nids > 20))
        return svc_invalid(err, "person_ids", "2 to 20 persons to connect");
    json_t *strategies = json_object_get(request, "strategies");
    size_t i;
    json_t *s;
    json_array_foreach(strategies, i, s)
    {
        static const char *const known[] = {"betweenness", "degree", "random", "chosen", NULL};
        if (!in_list(known, json_string_value(s)))
            return svc_invalid(err, "strategies", "betweenness, degree, random or chosen");
        if (strcmp(json_string_value(s), "chosen") == 0 && nids == 0)
            return svc_invalid(err, "person_ids", "the chosen strategy needs the persons");
    }
    check_ctx cc = {.a = a, .who = who, .req = request, .err = err};
    rc = store_read(a->db, check_job, &cc);
    *anchor = cc.anchor;
    return rc;
}

static int32_t day_of(json_t *req, const char *name, int32_t dflt)
{
    date d;
    const char *s = str(req, name);
    return s && date_parse(s, &d) == SG_OK ? (int32_t)date_to_days(&d) : dflt;
}

void net_request_filter(json_t *request, net_filter *f)
{
    memset(f, 0, sizeof *f);
    size_t i;
    json_t *v;
    int code;
    json_array_foreach(json_object_get(request, "types"), i,
                       v) if (parse_type(json_string_value(v), &code) == SG_OK) f->types |= 1u
                                                                                            << code;
    json_array_foreach(json_object_get(request, "confidences"), i,
                       v) if (parse_conf(json_string_value(v), &code) == SG_OK) f->confidences |=
        1u << code;
    f->from_day = day_of(request, "from", NET_DAY_NONE_MIN);
    f->to_day = day_of(request, "to", NET_DAY_NONE_MAX);
}

/* ---- the whole network ------------------------------------------------- */

typedef struct overview {
    net_job_ctx *jc;
    net_view *v;
    long top; /* 0: everything */
    bool want_comps, want_chains, want_actors, want_groups;
    net_components comps;
    net_chains chains;
    net_actors actors;
    net_groups groups;
    net_actor_opts opts;
    const char *method;
    json_t *out;
    json_t *nodes; /* the nodes the result names, by public id, with their labels */
} overview;

static long limit(const overview *o, long n)
{
    return o->top > 0 && o->top < n ? o->top : n;
}

static json_t *members(const overview *o, const int32_t *memb, int32_t group, int32_t size)
{
    const net_data *d = o->jc->data;
    json_t *list = json_array();
    long max = o->top > 0 ? MEMBERS_MAX : size;
    for (int32_t i = 0; list && i < d->n && (long)json_array_size(list) < max; i++)
        if (memb[i] == group)
            json_array_append_new(list, json_string(d->node_pid[i]));
    return list;
}

static void add_components(overview *o)
{
    const net_data *d = o->jc->data;
    json_t *list = json_array();
    int32_t shown = 0, isolated = 0;
    int32_t *minors = sg_calloc((size_t)o->comps.count + 1, sizeof *minors);
    for (int32_t i = 0; minors && i < d->n; i++)
        minors[o->comps.membership[i]] += d->minor[i];
    for (int32_t c = 0; c < o->comps.count; c++) {
        if (o->comps.size[c] < 2) {
            isolated += o->comps.size[c];
            continue;
        }
        if (o->top > 0 && shown >= o->top)
            continue;
        shown++;
        json_array_append_new(
            list, json_pack("{s:i, s:i, s:i, s:o, s:b}", "index", c, "size", o->comps.size[c],
                            "minors", minors ? minors[c] : 0, "members",
                            members(o, o->comps.membership, c, o->comps.size[c]),
                            "members_complete", o->top == 0 || o->comps.size[c] <= MEMBERS_MAX));
    }
    sg_free(minors);
    json_object_set_new(o->out, "components", list);
    json_object_set_new(o->out, "components_total", json_integer(o->comps.count - isolated));
}

/* Adds node u to the result's "nodes" (once): its kind and, for an
 * entity, its key, so that a reader sees "nickname kay" rather than an
 * id.  Persons stay known by their pseudonymous id only. */
static void name_node(store_tx *tx, overview *o, int32_t u)
{
    const char *pid = o->jc->data->node_pid[u];
    if (!o->nodes || json_object_get(o->nodes, pid))
        return;
    json_t *n = net_data_node_labelled(tx, o->jc->a, o->jc->data, u);
    if (n)
        json_object_set_new(o->nodes, pid, n);
}

static json_t *chain_json(const overview *o, int32_t c)
{
    const net_chain *ch = &o->chains.chains[c];
    return json_pack("{s:i, s:s, s:i, s:i, s:i, s:i}", "index", c, "root",
                     o->jc->data->node_pid[ch->root], "depth", ch->depth, "size", ch->size,
                     "fan_out", ch->fan_out, "recruits", ch->recruits);
}

/* Victim-recruiters with their evidence (relations and sources). */
static json_t *victim_recruiters(store_tx *tx, overview *o)
{
    const net_data *d = o->jc->data;
    const net_chains *ch = &o->chains;
    json_t *list = json_array();
    long max = limit(o, ch->nvr);
    for (long k = 0; list && k < max; k++) {
        int32_t u = ch->victim_recruiters[k];
        name_node(tx, o, u);
        json_t *path = json_array();
        for (int64_t p = ch->path_start[k]; path && p < ch->path_start[k + 1]; p++) {
            json_array_append_new(path, net_data_relation(tx, d, ch->path[p]));
            name_node(tx, o, d->from[ch->path[p]]);
            name_node(tx, o, d->to[ch->path[p]]);
        }
        json_array_append_new(
            list, json_pack("{s:s, s:b, s:i, s:i, s:o, s:s}", "person", d->node_pid[u], "minor",
                            d->minor[u], "generation", ch->generation[u], "chain", ch->chain_of[u],
                            "path", path, "note",
                            "recruited, then recruited others: the non-punishment principle may"
                            " apply"));
    }
    return list;
}

static void add_chains(store_tx *tx, overview *o)
{
    json_t *list = json_array();
    for (long c = 0; c < limit(o, o->chains.count); c++) {
        json_array_append_new(list, chain_json(o, (int32_t)c));
        name_node(tx, o, o->chains.chains[c].root);
    }
    json_object_set_new(o->out, "chains", list);
    json_object_set_new(o->out, "chains_total", json_integer(o->chains.count));
    json_object_set_new(o->out, "victim_recruiters", victim_recruiters(tx, o));
    json_object_set_new(o->out, "victim_recruiters_total", json_integer(o->chains.nvr));
}

static void add_groups(overview *o)
{
    const net_data *d = o->jc->data;
    int32_t *sizes = sg_calloc((size_t)o->groups.count + 1, sizeof *sizes);
    int32_t maxcore = 0;
    for (int32_t i = 0; sizes && i < d->n; i++) {
        sizes[o->groups.membership[i]]++;
        if (o->groups.coreness[i] > maxcore)
            maxcore = o->groups.coreness[i];
    }
    json_t *items = json_array();
    int32_t shown = 0, real = 0;
    for (int32_t c = 0; sizes && c < o->groups.count; c++) {
        if (sizes[c] < 2)
            continue;
        real++;
        if (o->top > 0 && shown >= o->top)
            continue;
        shown++;
        json_array_append_new(items,
                              json_pack("{s:i, s:i, s:o}", "index", c, "size", sizes[c], "members",
                                        members(o, o->groups.membership, c, sizes[c])));
    }
    /* k-cores: how many nodes are in the k-core, for each k. */
    int32_t *in_core = sg_calloc((size_t)maxcore + 2, sizeof *in_core);
    for (int32_t i = 0; in_core && i < d->n; i++)
        in_core[o->groups.coreness[i]]++;
    json_t *cores = json_array();
    int32_t cumulative = 0;
    for (int32_t k = maxcore; in_core && k >= 1; k--) {
        cumulative += in_core[k];
        json_array_append_new(cores, json_pack("{s:i, s:i}", "k", k, "nodes", cumulative));
    }
    json_object_set_new(o->out, "communities",
                        json_pack("{s:s, s:f, s:i, s:o}", "method", o->method, "modularity",
                                  o->groups.modularity, "count", real, "items", items));
    json_object_set_new(o->out, "k_cores",
                        json_pack("{s:i, s:o}", "max_k", maxcore, "cores", cores));
    sg_free(sizes);
    sg_free(in_core);
}

typedef struct ranked {
    int32_t node;
    double score;
} ranked;

static int by_score(const void *x, const void *y)
{
    const ranked *a = x, *b = y;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return a->node < b->node ? -1 : a->node > b->node;
}

/* The top n nodes of a score (only nodes with relations) into top; the
 * list as JSON. */
static json_t *top_by(const overview *o, const double *score, const int32_t *iscore, long n,
                      ranked *buf, int32_t *top, int32_t *ntop)
{
    const net_data *d = o->jc->data;
    int32_t k = 0;
    for (int32_t i = 0; i < d->n; i++)
        if (o->actors.degree[i] > 0)
            buf[k++] = (ranked){i, score ? score[i] : (double)iscore[i]};
    qsort(buf, (size_t)k, sizeof *buf, by_score);
    json_t *list = json_array();
    *ntop = 0;
    for (int32_t i = 0; list && i < k && i < n; i++) {
        json_array_append_new(
            list, json_pack("{s:s, s:f}", "id", d->node_pid[buf[i].node], "score", buf[i].score));
        top[(*ntop)++] = buf[i].node;
    }
    return list;
}

/* Why a node scores: its relations by type, a few of them with sources,
 * the communities its neighbours are in and, for a broker, how its
 * component would fall apart without it. */
static json_t *explain(store_tx *tx, overview *o, int32_t u, bool articulation)
{
    const net_data *d = o->jc->data;
    net_view *v = o->v;
    json_t *by_type = json_array(), *some = json_array();
    int32_t counts[NR_COUNT] = {0};
    uint8_t *seen = o->want_groups ? sg_calloc((size_t)o->groups.count + 1, 1) : NULL;
    int32_t touched = 0;
    const int64_t *rels = NULL;
    int64_t nrels = net_view_relations_of(v, u, &rels);
    for (int64_t k = 0; k < nrels; k++) {
        int64_t e = rels[k];
        counts[d->type[e]]++;
        if (json_array_size(some) < EXPLAIN_RELATIONS)
            json_array_append_new(some, net_data_relation(tx, d, e));
        int32_t other = d->from[e] == u ? d->to[e] : d->from[e];
        if (seen && !seen[o->groups.membership[other]]) {
            seen[o->groups.membership[other]] = 1;
            touched++;
        }
    }
    sg_free(seen);
    /* A list, not an object keyed by type: keys are renamed on the wire. */
    for (int r = 0; r < NR_COUNT; r++)
        if (counts[r])
            json_array_append_new(by_type, json_pack("{s:s, s:i}", "type", net_rel_code((net_rel)r),
                                                     "count", counts[r]));
    json_t *j = json_pack("{s:o, s:o}", "relations_by_type", by_type, "relations", some);
    if (j && o->want_groups)
        json_object_set_new(j, "communities_touched", json_integer(touched));
    if (j && articulation) {
        int32_t parts[8], nparts = 0;
        if (net_split_sizes(v, u, parts, 8, &nparts) == SG_OK) {
            json_t *p = json_array();
            for (int32_t i = 0; i < nparts && i < 8; i++)
                json_array_append_new(p, json_integer(parts[i]));
            json_object_set_new(j, "without_it_splits_into", p);
            json_object_set_new(j, "parts", json_integer(nparts));
        }
    }
    return j;
}

static json_t *actor_json(store_tx *tx, overview *o, int32_t u, const uint8_t *art)
{
    const net_actors *ac = &o->actors;
    json_t *a = json_pack("{s:o, s:i, s:f, s:b, s:f, s:b, s:o}", "node",
                          net_data_node_labelled(tx, o->jc->a, o->jc->data, u), "degree",
                          ac->degree[u], "betweenness", ac->betweenness[u], "betweenness_exact",
                          ac->betweenness_exact[u], "pagerank", ac->pagerank[u],
                          "articulation_point", art[u], "explanation", explain(tx, o, u, art[u]));
    if (a && ac->personalised)
        json_object_set_new(a, "personalised_pagerank", json_real(ac->personalised[u]));
    if (a && !isnan(ac->constraint[u]))
        json_object_set_new(a, "constraint", json_real(ac->constraint[u]));
    return a;
}

static void add_actors(store_tx *tx, overview *o)
{
    const net_data *d = o->jc->data;
    const net_actors *ac = &o->actors;
    long n = o->top > 0 ? o->top : TOP_DEFAULT;
    ranked *buf = sg_malloc(((size_t)d->n + 1) * sizeof *buf);
    int32_t *top = sg_malloc(((size_t)n + 1) * 4 * sizeof *top), ntop[4] = {0};
    uint8_t *art = sg_calloc((size_t)d->n + 1, 1);
    uint8_t *chosen = sg_calloc((size_t)d->n + 1, 1);
    json_t *lists = json_object();
    if (!buf || !top || !art || !chosen || !lists) {
        sg_free(buf);
        sg_free(top);
        sg_free(art);
        sg_free(chosen);
        json_decref(lists);
        return;
    }
    for (int32_t i = 0; i < ac->narticulation; i++)
        art[ac->articulation[i]] = 1;
    json_object_set_new(lists, "degree", top_by(o, NULL, ac->degree, n, buf, top, &ntop[0]));
    json_object_set_new(lists, "betweenness",
                        top_by(o, ac->betweenness, NULL, n, buf, top + n, &ntop[1]));
    json_object_set_new(lists, "pagerank",
                        top_by(o, ac->pagerank, NULL, n, buf, top + 2 * n, &ntop[2]));
    if (ac->personalised)
        json_object_set_new(lists, "personalised_pagerank",
                            top_by(o, ac->personalised, NULL, n, buf, top + 3 * n, &ntop[3]));
    /* The actors explained: the union of the first ten of each list. */
    json_t *items = json_array();
    for (int h = 0; h < 4; h++)
        for (int32_t i = 0; i < ntop[h] && i < 10; i++) {
            int32_t u = top[h * n + i];
            if (!chosen[u]) {
                chosen[u] = 1;
                json_array_append_new(items, actor_json(tx, o, u, art));
            }
        }
    json_t *bridges = json_array();
    for (int64_t b = 0; b < ac->nbridges && b < n; b++)
        json_array_append_new(bridges, net_data_relation(tx, d, ac->bridges[b]));
    json_t *aps = json_array();
    for (int32_t i = 0; i < ac->narticulation && i < n; i++)
        json_array_append_new(aps, json_string(d->node_pid[ac->articulation[i]]));
    const char *method = ac->sampled_components == 0 ? "exact" : "sampled beyond exact_max";
    json_object_set_new(o->out, "key_actors",
                        json_pack("{s:{s:s, s:i, s:i, s:i}, s:o, s:o, s:{s:o, s:I, s:o, s:I}}",
                                  "betweenness", "method", method, "exact_max", o->opts.exact_max,
                                  "samples", o->opts.samples, "sampled_components",
                                  ac->sampled_components, "top", lists, "items", items, "brokers",
                                  "articulation_points", aps, "articulation_points_total",
                                  (json_int_t)ac->narticulation, "bridges", bridges,
                                  "bridges_total", (json_int_t)ac->nbridges));
    sg_free(buf);
    sg_free(top);
    sg_free(art);
    sg_free(chosen);
}

static int render_job(store_tx *tx, void *arg)
{
    overview *o = arg;
    if (o->want_comps)
        add_components(o);
    if (o->want_chains)
        add_chains(tx, o);
    if (o->want_groups)
        add_groups(o);
    if (o->want_actors)
        add_actors(tx, o);
    if (o->nodes)
        json_object_set(o->out, "nodes", o->nodes);
    return SG_OK;
}

static net_method method_of(const char *m)
{
    if (m && strcmp(m, "louvain") == 0)
        return NET_LOUVAIN;
    if (m && strcmp(m, "label-propagation") == 0)
        return NET_LABEL_PROPAGATION;
    return NET_LEIDEN;
}

static int seeds_of(net_job_ctx *jc, int32_t **seeds, int32_t *n)
{
    json_t *ids = json_object_get(jc->request, "person_ids");
    *n = 0;
    *seeds = sg_malloc((json_array_size(ids) + 1) * sizeof **seeds);
    if (!*seeds)
        return SG_ENOMEM;
    size_t i;
    json_t *id;
    json_array_foreach(ids, i, id)
    {
        int32_t k = -1;
        int rc = net_data_index(jc->a, jc->data, json_string_value(id), &k);
        if (rc != SG_OK)
            return rc;
        if (k >= 0)
            (*seeds)[(*n)++] = k;
    }
    return SG_OK;
}

static int whole(net_job_ctx *jc, net_view *v, const char *kind, json_t **out)
{
    overview o = {.jc = jc, .v = v, .top = num(jc->request, "top", TOP_DEFAULT)};
    bool all = strcmp(kind, "overview") == 0;
    o.want_comps = all;
    o.want_chains = all || strcmp(kind, "chains") == 0;
    o.want_groups = all || strcmp(kind, "communities") == 0 || strcmp(kind, "key-actors") == 0;
    o.want_actors = all || strcmp(kind, "key-actors") == 0;
    const char *m = str(jc->request, "method");
    o.method =
        m && (strcmp(m, "louvain") == 0 || strcmp(m, "label-propagation") == 0) ? m : "leiden";
    o.opts = (net_actor_opts){.exact_max = (int32_t)num(jc->request, "exact_max", 5000),
                              .samples = (int32_t)num(jc->request, "samples", 32),
                              .damping = 0.85,
                              .constraint_top = 20};
    int32_t *seeds = NULL;
    int rc = SG_OK;
    if (o.want_actors)
        rc = seeds_of(jc, &seeds, &o.opts.nseeds);
    o.opts.seeds = seeds;
    if (rc == SG_OK && o.want_comps)
        rc = net_components_find(v, &o.comps);
    if (rc == SG_OK && o.want_chains)
        rc = net_chains_find(v, &o.chains);
    if (rc == SG_OK && o.want_groups)
        rc =
            net_groups_find(v, method_of(o.method),
                            (double)num(jc->request, "resolution_percent", 100) / 100.0, &o.groups);
    if (rc == SG_OK && o.want_actors)
        rc = net_actors_find(v, &o.opts, &o.actors);
    o.out = json_pack("{s:s, s:{s:I, s:I, s:I}}", "kind", kind, "network", "nodes",
                      (json_int_t)jc->data->n, "relations", (json_int_t)net_view_relations(v),
                      "pairs", (json_int_t)net_view_pairs(v));
    if (rc == SG_OK && !o.out)
        rc = SG_ENOMEM;
    if (rc == SG_OK) {
        if (jc->run.progress)
            jc->run.progress(jc->run.ctx, "writing the result", 0.95);
        o.nodes = json_object();
        rc = o.nodes ? store_read(jc->a->db, render_job, &o) : SG_ENOMEM;
        json_decref(o.nodes);
    }
    net_components_free(&o.comps);
    net_chains_free(&o.chains);
    net_groups_free(&o.groups);
    net_actors_free(&o.actors);
    sg_free(seeds);
    if (rc != SG_OK) {
        json_decref(o.out);
        return rc;
    }
    *out = o.out;
    return SG_OK;
}

int net_analyse(net_job_ctx *jc, json_t **out)
{
    *out = NULL;
    const char *kind = str(jc->request, "kind");
    net_filter f;
    net_request_filter(jc->request, &f);
    net_view *v = NULL;
    int rc = net_view_new(&jc->data->g, &f, &jc->run, &v);
    if (rc != SG_OK)
        return rc;
    bool whole_network = strcmp(kind, "overview") == 0 || strcmp(kind, "chains") == 0
                         || strcmp(kind, "key-actors") == 0 || strcmp(kind, "communities") == 0;
    if (strcmp(kind, "alerts") == 0)
        rc = net_alerts_run(jc, v, out);
    else
        rc = whole_network ? whole(jc, v, kind, out) : net_view_kind(jc, v, kind, out);
    net_view_free(v);
    if (rc == SG_OK && *out) {
        json_t *filters = json_object();
        static const char *const keep[] = {"types", "confidences", "from", "to"};
        for (size_t i = 0; filters && i < 4; i++)
            if (json_object_get(jc->request, keep[i]))
                json_object_set(filters, keep[i], json_object_get(jc->request, keep[i]));
        json_object_set_new(*out, "filters", filters ? filters : json_object());
    }
    return rc;
}
