/* The network loaded from the store as plain arrays for the analysis, and
 * the nodes and relations of results as JSON.  Runs on the graph worker
 * thread only (it owns the one net_data). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/network/network_int.h"

void net_data_free(net_data *d)
{
    sg_free(d->node_id);
    sg_free(d->node_pid);
    sg_free(d->kind);
    sg_free(d->person_id);
    sg_free(d->entity_id);
    sg_free(d->minor);
    sg_free(d->from);
    sg_free(d->to);
    sg_free(d->first);
    sg_free(d->last);
    sg_free(d->type);
    sg_free(d->conf);
    sg_free(d->rel_id);
    memset(d, 0, sizeof *d);
}

typedef struct load_ctx {
    net_data *d;
    int64_t cap_n, cap_m;
    long today;
    int64_t stamp[3];
    bool fresh; /* the stamp matched: nothing to load */
} load_ctx;

static int grow(void **p, int64_t cap, size_t size)
{
    void *q = sg_realloc(*p, (size_t)cap * size);
    if (!q)
        return SG_ENOMEM;
    *p = q;
    return SG_OK;
}

static int node_fn(const net_node_info *n, void *arg)
{
    load_ctx *lc = arg;
    net_data *d = lc->d;
    if (d->n == lc->cap_n) {
        int64_t cap = lc->cap_n ? lc->cap_n * 2 : 1024;
        if (grow((void **)&d->node_id, cap, sizeof *d->node_id)
            || grow((void **)&d->node_pid, cap, sizeof *d->node_pid)
            || grow((void **)&d->kind, cap, sizeof *d->kind)
            || grow((void **)&d->person_id, cap, sizeof *d->person_id)
            || grow((void **)&d->entity_id, cap, sizeof *d->entity_id)
            || grow((void **)&d->minor, cap, sizeof *d->minor))
            return SG_ENOMEM;
        lc->cap_n = cap;
    }
    int32_t i = d->n++;
    net_kind k;
    d->node_id[i] = n->node_id;
    memcpy(d->node_pid[i], n->public_id, STORE_ID_LEN);
    d->kind[i] = (uint8_t)(net_kind_parse(n->kind, &k) == SG_OK ? k : NK_NICKNAME);
    d->person_id[i] = n->person_id;
    d->entity_id[i] = n->entity_id;
    d->minor[i] = n->person_id && net_is_minor(n->birth_year, n->birth_month, lc->today);
    return SG_OK;
}

/* The index of a node id, by binary search (ids are loaded ascending). */
static int32_t index_of(const net_data *d, int64_t node_id)
{
    int32_t lo = 0, hi = d->n - 1;
    while (lo <= hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (d->node_id[mid] == node_id)
            return mid;
        if (d->node_id[mid] < node_id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Days since 1970 of "YYYY-MM-DD" (dates were checked when stored). */
static int32_t day_of(const char *s)
{
    date d;
    return date_parse(s, &d) == SG_OK ? (int32_t)date_to_days(&d) : 0;
}

static int edge_fn(const net_edge_row *e, void *arg)
{
    load_ctx *lc = arg;
    net_data *d = lc->d;
    net_rel r;
    net_conf c;
    int32_t a = index_of(d, e->from_node), b = index_of(d, e->to_node);
    if (a < 0 || b < 0 || a == b || net_rel_parse(e->type, &r) != SG_OK
        || net_conf_parse(e->confidence, &c) != SG_OK)
        return SG_OK; /* a node made after the nodes were read: next time */
    if (d->m == lc->cap_m) {
        int64_t cap = lc->cap_m ? lc->cap_m * 2 : 4096;
        if (grow((void **)&d->from, cap, sizeof *d->from)
            || grow((void **)&d->to, cap, sizeof *d->to)
            || grow((void **)&d->first, cap, sizeof *d->first)
            || grow((void **)&d->last, cap, sizeof *d->last)
            || grow((void **)&d->type, cap, sizeof *d->type)
            || grow((void **)&d->conf, cap, sizeof *d->conf)
            || grow((void **)&d->rel_id, cap, sizeof *d->rel_id))
            return SG_ENOMEM;
        lc->cap_m = cap;
    }
    int64_t k = d->m++;
    d->from[k] = a;
    d->to[k] = b;
    d->type[k] = (uint8_t)r;
    d->conf[k] = (uint8_t)c;
    d->first[k] = day_of(e->first_seen);
    d->last[k] = day_of(e->last_seen);
    d->rel_id[k] = e->id;
    return SG_OK;
}

static int load_job(store_tx *tx, void *arg)
{
    load_ctx *lc = arg;
    int rc = store_net_stamp(tx, &lc->stamp[0], &lc->stamp[1], &lc->stamp[2]);
    if (rc != SG_OK)
        return rc;
    if (lc->d->node_id && memcmp(lc->stamp, lc->d->stamp, sizeof lc->stamp) == 0) {
        lc->fresh = true;
        return SG_OK;
    }
    net_data_free(lc->d);
    rc = store_net_each_node(tx, node_fn, lc);
    if (rc == SG_OK)
        rc = store_net_each_edge(tx, edge_fn, lc);
    return rc;
}

int net_data_load(app *a, net_data *d)
{
    date today;
    date_today(&today);
    load_ctx lc = {.d = d, .today = (long)date_to_days(&today)};
    int rc = store_read(a->db, load_job, &lc);
    if (rc != SG_OK) {
        net_data_free(d);
        return rc;
    }
    if (lc.fresh)
        return SG_OK;
    memcpy(d->stamp, lc.stamp, sizeof d->stamp);
    d->g = (net_graph){.n = d->n,
                       .kind = d->kind,
                       .m = d->m,
                       .from = d->from,
                       .to = d->to,
                       .type = d->type,
                       .confidence = d->conf,
                       .first_day = d->first,
                       .last_day = d->last};
    return SG_OK;
}

typedef struct index_ctx {
    app *a;
    const char *ref;
    int64_t node_id;
    int rc;
} index_ctx;

static int index_job(store_tx *tx, void *arg)
{
    index_ctx *ic = arg;
    net_end end;
    const char *why = NULL;
    actor system;
    access_system_actor(&system);
    ic->rc = net_resolve_end(tx, ic->a, &system, ic->ref, false, &end, &why);
    if (ic->rc == SG_ENOTFOUND)
        ic->rc = SG_EINVAL;
    ic->node_id = end.node_id;
    return SG_OK;
}

int net_data_index(app *a, const net_data *d, const char *ref, int32_t *index)
{
    *index = -1;
    if (!ref)
        return SG_EINVAL;
    /* A public id loaded already needs no database. */
    if (token_is_uuid(ref))
        for (int32_t i = 0; i < d->n; i++)
            if (strcmp(d->node_pid[i], ref) == 0) {
                *index = i;
                return SG_OK;
            }
    index_ctx ic = {.a = a, .ref = ref};
    int rc = store_read(a->db, index_job, &ic);
    if (rc != SG_OK)
        return rc;
    if (ic.rc != SG_OK)
        return ic.rc;
    *index = ic.node_id ? index_of(d, ic.node_id) : -1;
    return SG_OK;
}

json_t *net_data_node(const net_data *d, int32_t i)
{
    json_t *j =
        json_pack("{s:s, s:s}", "id", d->node_pid[i], "kind", net_kind_code((net_kind)d->kind[i]));
    if (j && d->person_id[i])
        json_object_set_new(j, "minor", json_boolean(d->minor[i]));
    return j;
}

json_t *net_data_node_labelled(store_tx *tx, app *a, const net_data *d, int32_t i)
{
    json_t *j = net_data_node(d, i);
    if (!j || !d->entity_id[i])
        return j;
    net_entity_row e;
    char *key = NULL;
    if (store_net_entity_get(tx, d->entity_id[i], &e) == SG_OK) {
        if (net_entity_key(a, &e, &key) != SG_OK)
            key = NULL;
        store_net_entity_clear(&e);
    }
    json_object_set_new(j, "label", key ? json_string(key) : json_null());
    sg_free(key);
    return j;
}

json_t *net_data_relation(store_tx *tx, const net_data *d, int64_t e)
{
    net_relation_row r;
    if (store_net_relation_get(tx, d->rel_id[e], &r) != SG_OK)
        return json_null();
    json_t *source = strcmp(r.source_type, "report") == 0
                         ? json_pack("{s:s, s:s}", "type", "report", "reference", r.source_ref)
                         : json_pack("{s:s, s:s}", "type", r.source_type, "id", r.source_ref);
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "id", r.public_id, "from",
                     d->node_pid[d->from[e]], "to", d->node_pid[d->to[e]], "type", r.type,
                     "confidence", r.confidence, "first_seen", r.first_seen, "last_seen",
                     r.last_seen, "source", source);
}
