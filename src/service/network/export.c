/* Use case: exporting the current network for other tools: GraphML and
 * GEXF (Gephi, networkx) written with libxml2's writer, and
 * FollowTheMoney entities as JSON lines (Aleph).
 *
 * Persons appear by their pseudonymous id only; entities with their key.
 * The nodes are those with at least one exported relation.  The export is
 * audited with its purpose before anything is read. */
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "service/network/network_int.h"

enum format { GRAPHML, GEXF, FTM };

typedef struct xnode {
    int64_t id;
    char pid[STORE_ID_LEN];
    uint8_t kind;
    bool minor;
    bool used;
    int64_t entity_id;
    char *label; /* owned: an entity's key */
} xnode;

typedef struct export_ctx {
    app *a;
    const actor *who;
    enum format fmt;
    net_filter f;
    const char *purpose;
    FILE *out;
    xmlTextWriterPtr w;
    xnode *nodes;
    int32_t n, cap;
    long today;
    int64_t edges;
    int rc;
} export_ctx;

static int node_fn(const net_node_info *n, void *arg)
{
    export_ctx *ec = arg;
    if (ec->n == ec->cap) {
        int32_t cap = ec->cap ? ec->cap * 2 : 1024;
        xnode *p = sg_realloc(ec->nodes, (size_t)cap * sizeof *p);
        if (!p)
            return SG_ENOMEM;
        ec->nodes = p;
        ec->cap = cap;
    }
    xnode *x = &ec->nodes[ec->n++];
    memset(x, 0, sizeof *x);
    net_kind k;
    x->id = n->node_id;
    memcpy(x->pid, n->public_id, STORE_ID_LEN);
    x->kind = (uint8_t)(net_kind_parse(n->kind, &k) == SG_OK ? k : NK_NICKNAME);
    x->minor = n->person_id && net_is_minor(n->birth_year, n->birth_month, ec->today);
    x->entity_id = n->entity_id;
    return SG_OK;
}

static xnode *find(export_ctx *ec, int64_t id)
{
    int32_t lo = 0, hi = ec->n - 1;
    while (lo <= hi) {
        int32_t mid = lo + (hi - lo) / 2;
        if (ec->nodes[mid].id == id)
            return &ec->nodes[mid];
        if (ec->nodes[mid].id < id)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return NULL;
}

static int32_t day(const char *s)
{
    date d;
    return date_parse(s, &d) == SG_OK ? (int32_t)date_to_days(&d) : 0;
}

static bool kept(const export_ctx *ec, const char *type, const char *conf, const char *first,
                 const char *last)
{
    net_rel r;
    net_conf c;
    if (net_rel_parse(type, &r) != SG_OK || net_conf_parse(conf, &c) != SG_OK)
        return false;
    if (ec->f.types && !(ec->f.types & (1u << r)))
        return false;
    if (ec->f.confidences && !(ec->f.confidences & (1u << c)))
        return false;
    return day(first) <= ec->f.to_day && day(last) >= ec->f.from_day;
}

static int mark_fn(const net_edge_row *e, void *arg)
{
    export_ctx *ec = arg;
    if (!kept(ec, e->type, e->confidence, e->first_seen, e->last_seen))
        return SG_OK;
    xnode *a = find(ec, e->from_node), *b = find(ec, e->to_node);
    if (a && b)
        a->used = b->used = true;
    return SG_OK;
}

/* ---- GraphML and GEXF -------------------------------------------------- */

#define W(call)                                                                                    \
    do {                                                                                           \
        if ((call) < 0)                                                                            \
            return SG_EIO;                                                                         \
    } while (0)

static const char *node_keys[] = {"kind", "label", "minor"};
static const char *edge_keys[] = {"relation",   "type",      "directed", "confidence",
                                  "first_seen", "last_seen", "source"};

static int xml_head(export_ctx *ec)
{
    xmlTextWriterPtr w = ec->w;
    W(xmlTextWriterSetIndent(w, 1));
    W(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
    if (ec->fmt == GRAPHML) {
        W(xmlTextWriterStartElement(w, BAD_CAST "graphml"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns",
                                      BAD_CAST "http://graphml.graphdrawing.org/xmlns"));
        for (size_t i = 0; i < 3; i++) {
            W(xmlTextWriterStartElement(w, BAD_CAST "key"));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST node_keys[i]));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "for", BAD_CAST "node"));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "attr.name", BAD_CAST node_keys[i]));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "attr.type",
                                          BAD_CAST(i == 2 ? "boolean" : "string")));
            W(xmlTextWriterEndElement(w));
        }
        for (size_t i = 0; i < 7; i++) {
            W(xmlTextWriterStartElement(w, BAD_CAST "key"));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST edge_keys[i]));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "for", BAD_CAST "edge"));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "attr.name", BAD_CAST edge_keys[i]));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "attr.type",
                                          BAD_CAST(i == 2 ? "boolean" : "string")));
            W(xmlTextWriterEndElement(w));
        }
        W(xmlTextWriterStartElement(w, BAD_CAST "graph"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST "signaal"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "edgedefault", BAD_CAST "directed"));
        return SG_OK;
    }
    W(xmlTextWriterStartElement(w, BAD_CAST "gexf"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://gexf.net/1.3"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "1.3"));
    W(xmlTextWriterStartElement(w, BAD_CAST "graph"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "defaultedgetype", BAD_CAST "directed"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "mode", BAD_CAST "static"));
    for (int cls = 0; cls < 2; cls++) {
        const char **keys = cls ? edge_keys : node_keys;
        size_t n = cls ? 7 : 3;
        W(xmlTextWriterStartElement(w, BAD_CAST "attributes"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "class", BAD_CAST(cls ? "edge" : "node")));
        for (size_t i = 0; i < n; i++) {
            W(xmlTextWriterStartElement(w, BAD_CAST "attribute"));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST keys[i]));
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST keys[i]));
            W(xmlTextWriterWriteAttribute(
                w, BAD_CAST "type",
                BAD_CAST(strcmp(keys[i], "minor") == 0 || strcmp(keys[i], "directed") == 0
                             ? "boolean"
                             : "string")));
            W(xmlTextWriterEndElement(w));
        }
        W(xmlTextWriterEndElement(w));
    }
    W(xmlTextWriterStartElement(w, BAD_CAST "nodes"));
    return SG_OK;
}

/* One attribute value of a node or edge. */
static int xml_value(export_ctx *ec, const char *key, const char *value)
{
    xmlTextWriterPtr w = ec->w;
    if (ec->fmt == GRAPHML) {
        W(xmlTextWriterStartElement(w, BAD_CAST "data"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "key", BAD_CAST key));
        W(xmlTextWriterWriteString(w, BAD_CAST value));
        W(xmlTextWriterEndElement(w));
    } else {
        W(xmlTextWriterStartElement(w, BAD_CAST "attvalue"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "for", BAD_CAST key));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "value", BAD_CAST value));
        W(xmlTextWriterEndElement(w));
    }
    return SG_OK;
}

static int xml_node(export_ctx *ec, const xnode *x)
{
    xmlTextWriterPtr w = ec->w;
    W(xmlTextWriterStartElement(w, BAD_CAST "node"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST x->pid));
    if (ec->fmt == GEXF) {
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "label", BAD_CAST(x->label ? x->label : x->pid)));
        W(xmlTextWriterStartElement(w, BAD_CAST "attvalues"));
    }
    int rc = xml_value(ec, "kind", net_kind_code((net_kind)x->kind));
    if (rc == SG_OK && x->label)
        rc = xml_value(ec, "label", x->label);
    if (rc == SG_OK && x->kind == NK_PERSON)
        rc = xml_value(ec, "minor", x->minor ? "true" : "false");
    if (rc != SG_OK)
        return rc;
    if (ec->fmt == GEXF)
        W(xmlTextWriterEndElement(w));
    W(xmlTextWriterEndElement(w));
    return SG_OK;
}

static int xml_edge(export_ctx *ec, const net_relation_row *r, const xnode *a, const xnode *b)
{
    xmlTextWriterPtr w = ec->w;
    net_rel type = NR_ASSOCIATES_WITH;
    if (net_rel_parse(r->type, &type) != SG_OK)
        return SG_OK;
    bool directed = net_rel_directed(type);
    char source[NET_REF_LEN + STORE_CODE_LEN + 2];
    snprintf(source, sizeof source, "%s:%s", r->source_type, r->source_ref);
    W(xmlTextWriterStartElement(w, BAD_CAST "edge"));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST r->public_id));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "source", BAD_CAST a->pid));
    W(xmlTextWriterWriteAttribute(w, BAD_CAST "target", BAD_CAST b->pid));
    if (ec->fmt == GEXF) {
        if (!directed)
            W(xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "undirected"));
        W(xmlTextWriterWriteAttribute(w, BAD_CAST "label", BAD_CAST r->type));
        W(xmlTextWriterStartElement(w, BAD_CAST "attvalues"));
    }
    const char *values[] = {r->public_id,  r->type,       directed ? "true" : "false",
                            r->confidence, r->first_seen, r->last_seen,
                            source};
    for (size_t i = 0; i < 7; i++) {
        int rc = xml_value(ec, edge_keys[i], values[i]);
        if (rc != SG_OK)
            return rc;
    }
    if (ec->fmt == GEXF)
        W(xmlTextWriterEndElement(w));
    W(xmlTextWriterEndElement(w));
    return SG_OK;
}

/* ---- FollowTheMoney ---------------------------------------------------- */

static int ftm_line(export_ctx *ec, json_t *entity)
{
    if (!entity)
        return SG_ENOMEM;
    int rc = json_dumpf(entity, ec->out, JSON_COMPACT | JSON_ENSURE_ASCII) == 0
                     && fputc('\n', ec->out) != EOF
                 ? SG_OK
                 : SG_EIO;
    json_decref(entity);
    return rc;
}

static int ftm_node(export_ctx *ec, const xnode *x)
{
    const char *label = x->label ? x->label : x->pid;
    switch ((net_kind)x->kind) {
    case NK_PERSON:
        return ftm_line(ec, json_pack("{s:s, s:s, s:{s:[s], s:[s]}}", "id", x->pid, "schema",
                                      "Person", "properties", "name", x->pid, "notes",
                                      x->minor ? "minor" : "adult or unknown"));
    case NK_NICKNAME:
        return ftm_line(ec, json_pack("{s:s, s:s, s:{s:[s], s:[s]}}", "id", x->pid, "schema",
                                      "Person", "properties", "name", label, "weakAlias", label));
    case NK_PHONE:
        return ftm_line(ec, json_pack("{s:s, s:s, s:{s:[s], s:[s]}}", "id", x->pid, "schema",
                                      "UserAccount", "properties", "number", label, "service",
                                      "phone"));
    case NK_ACCOUNT:
        return ftm_line(ec, json_pack("{s:s, s:s, s:{s:[s]}}", "id", x->pid, "schema",
                                      "UserAccount", "properties", "username", label));
    case NK_VEHICLE:
        return ftm_line(ec,
                        json_pack("{s:s, s:s, s:{s:[s], s:[s]}}", "id", x->pid, "schema", "Vehicle",
                                  "properties", "name", label, "registrationNumber", label));
    case NK_GROUP:
        return ftm_line(ec, json_pack("{s:s, s:s, s:{s:[s]}}", "id", x->pid, "schema",
                                      "Organization", "properties", "name", label));
    case NK_ADDRESS:
    case NK_PLACE:
    default:
        return ftm_line(ec, json_pack("{s:s, s:s, s:{s:[s], s:[s]}}", "id", x->pid, "schema",
                                      "Address", "properties", "full", label, "summary",
                                      net_kind_code((net_kind)x->kind)));
    }
}

static int ftm_edge(export_ctx *ec, const net_relation_row *r, const xnode *a, const xnode *b)
{
    bool persons =
        net_kind_is_personal((net_kind)a->kind) && net_kind_is_personal((net_kind)b->kind);
    char source[NET_REF_LEN + STORE_CODE_LEN + 2];
    snprintf(source, sizeof source, "%s:%s", r->source_type, r->source_ref);
    json_t *props = json_pack("{s:[s], s:[s], s:[s], s:[s]}", "startDate", r->first_seen, "endDate",
                              r->last_seen, "summary", r->confidence, "recordId", source);
    const char *schema;
    if (strcmp(r->type, "sibling_of") == 0 && persons) {
        schema = "Family";
        json_object_set_new(props, "person", json_pack("[s]", a->pid));
        json_object_set_new(props, "relative", json_pack("[s]", b->pid));
        json_object_set_new(props, "relationship", json_pack("[s]", "sibling"));
    } else if (persons) {
        schema = "Associate";
        json_object_set_new(props, "person", json_pack("[s]", a->pid));
        json_object_set_new(props, "associate", json_pack("[s]", b->pid));
        json_object_set_new(props, "relationship", json_pack("[s]", r->type));
    } else if (strcmp(r->type, "member_of") == 0) {
        schema = "Membership";
        json_object_set_new(props, "member", json_pack("[s]", a->pid));
        json_object_set_new(props, "organization", json_pack("[s]", b->pid));
    } else {
        schema = "UnknownLink";
        json_object_set_new(props, "subject", json_pack("[s]", a->pid));
        json_object_set_new(props, "object", json_pack("[s]", b->pid));
        json_object_set_new(props, "role", json_pack("[s]", r->type));
    }
    return ftm_line(ec, json_pack("{s:s, s:s, s:o}", "id", r->public_id, "schema", schema,
                                  "properties", props));
}

/* ---- the export -------------------------------------------------------- */

static int edge_fn(const net_relation_row *r, void *arg)
{
    export_ctx *ec = arg;
    if (!kept(ec, r->type, r->confidence, r->first_seen, r->last_seen))
        return SG_OK;
    xnode *a = find(ec, r->from_node), *b = find(ec, r->to_node);
    if (!a || !b)
        return SG_OK;
    ec->edges++;
    return ec->fmt == FTM ? ftm_edge(ec, r, a, b) : xml_edge(ec, r, a, b);
}

static int export_job(store_tx *tx, void *arg)
{
    export_ctx *ec = arg;
    int rc = store_net_each_node(tx, node_fn, ec);
    if (rc == SG_OK)
        rc = store_net_each_edge(tx, mark_fn, ec);
    for (int32_t i = 0; rc == SG_OK && i < ec->n; i++) {
        xnode *x = &ec->nodes[i];
        if (!x->used || !x->entity_id)
            continue;
        net_entity_row e;
        rc = store_net_entity_get(tx, x->entity_id, &e);
        if (rc == SG_OK) {
            rc = net_entity_key(ec->a, &e, &x->label);
            store_net_entity_clear(&e);
        }
    }
    if (rc == SG_OK && ec->fmt != FTM)
        rc = xml_head(ec);
    for (int32_t i = 0; rc == SG_OK && i < ec->n; i++)
        if (ec->nodes[i].used)
            rc = ec->fmt == FTM ? ftm_node(ec, &ec->nodes[i]) : xml_node(ec, &ec->nodes[i]);
    if (rc == SG_OK && ec->fmt == GEXF) {
        if (xmlTextWriterEndElement(ec->w) < 0 /* nodes */
            || xmlTextWriterStartElement(ec->w, BAD_CAST "edges") < 0)
            rc = SG_EIO;
    }
    if (rc == SG_OK)
        rc = store_net_each_relation(tx, edge_fn, ec);
    if (rc == SG_OK && ec->fmt != FTM && xmlTextWriterEndDocument(ec->w) < 0)
        rc = SG_EIO;
    return rc;
}

static int audit_job(store_tx *tx, void *arg)
{
    export_ctx *ec = arg;
    static const char *const names[] = {"graphml", "gexf", "ftm"};
    char id[16];
    text_copy(id, sizeof id, names[ec->fmt]);
    return net_audit(tx, ec->a, ec->who, "network.export", "network-export", id, 0, ec->purpose);
}

int network_export(app *a, const actor *who, const char *format, json_t *request, FILE *f,
                   svc_error *err)
{
    if (!net_is_analyst(who))
        return SG_EFORBIDDEN;
    export_ctx ec = {.a = a, .who = who, .out = f};
    if (format && strcmp(format, "graphml") == 0)
        ec.fmt = GRAPHML;
    else if (format && strcmp(format, "gexf") == 0)
        ec.fmt = GEXF;
    else if (format && strcmp(format, "ftm") == 0)
        ec.fmt = FTM;
    else
        return svc_invalid(err, "format", "graphml, gexf or ftm");
    ec.purpose = json_string_value(json_object_get(request, "purpose"));
    int rc = net_purpose_check(ec.purpose, err);
    if (rc != SG_OK)
        return rc;
    net_request_filter(request, &ec.f);
    date today;
    date_today(&today);
    ec.today = (long)date_to_days(&today);
    rc = svc_read_audited(a, audit_job, &ec);
    if (rc != SG_OK)
        return rc;
    xmlOutputBufferPtr buf = NULL;
    if (ec.fmt != FTM) {
        buf = xmlOutputBufferCreateFile(f, NULL);
        ec.w = buf ? xmlNewTextWriter(buf) : NULL;
        if (!ec.w) {
            if (buf)
                xmlOutputBufferClose(buf);
            return SG_ENOMEM;
        }
    }
    rc = store_read(a->db, export_job, &ec);
    if (ec.w)
        xmlFreeTextWriter(ec.w); /* flushes and closes its buffer, not the file */
    for (int32_t i = 0; i < ec.n; i++)
        sg_free(ec.nodes[i].label);
    sg_free(ec.nodes);
    return rc;
}
