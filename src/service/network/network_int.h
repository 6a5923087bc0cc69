/* Shared by the files of service/network/ and nothing else. */
#ifndef SG_NETWORK_INT_H
#define SG_NETWORK_INT_H

#include "analysis/netvocab.h"
#include "security/audit.h"
#include "service/network/network.h"
#include "store/network.h"

/* ---- who may do what (access.c) ---------------------------------------- */

/* An analyst of the network: at a police unit or the national analysis
 * organisation (not a municipality's analyst, who reads only reports). */
bool net_is_analyst(const actor *who);
/* Whether the role reads the network at all (analyst, police officer,
 * prosecutor): SG_OK or SG_EFORBIDDEN. */
SG_MUST_CHECK int net_may_read(const actor *who);
/* Whether a scoped reader (officer, prosecutor) reaches the person: the
 * youth of one of their unit's (office's) screenings.  Analysts reach
 * everyone.  SG_OK or SG_ENOTFOUND. */
SG_MUST_CHECK int net_reaches_person(store_tx *tx, const actor *who, int64_t person_id);
/* Checks the stated purpose of a read. */
SG_MUST_CHECK int net_purpose_check(const char *purpose, svc_error *err);
/* Both, as every audited read of the network begins: the role reads the
 * network, and states its purpose. */
SG_MUST_CHECK int net_read_check(const actor *who, const char *purpose, svc_error *err);
/* Appends an audit entry about the network (person_id internal, or 0). */
SG_MUST_CHECK int net_audit(store_tx *tx, app *a, const actor *who, const char *action,
                            const char *record_type, const char *record_id, int64_t person_id,
                            const char *purpose);

/* ---- ends and sources (ends.c) ------------------------------------------ */

typedef struct net_end {
    int64_t node_id; /* 0 until it has a node */
    int64_t person_id;
    int64_t entity_id;
    net_kind kind;
    char public_id[STORE_ID_LEN];
    bool created; /* a new entity was made for it */
} net_end;

/* Resolves an end: a person's or entity's id, or ext:KIND:KEY.  With
 * create, a new entity and the node are made as needed.  A person the
 * actor may not see is "no such person".  SG_EINVAL with *why. */
SG_MUST_CHECK int net_resolve_end(store_tx *tx, app *a, const actor *who, const char *ref,
                                  bool create, net_end *out, const char **why);

typedef struct net_source {
    char type[STORE_CODE_LEN]; /* screening, decision, report */
    char ref[NET_REF_LEN];
    int64_t person_id; /* the youth of a screening or decision, or 0 */
} net_source;

/* Checks a source the actor may record from: a screening (of the officer's
 * own unit), a decision or a report reference (analysts).  SG_EINVAL with
 * *why; SG_EFORBIDDEN for a role that may not record from it. */
SG_MUST_CHECK int net_source_parse(store_tx *tx, const actor *who, const char *source,
                                   net_source *out, const char **why);

/* One relation checked and stored (its ends created as needed); the caller
 * audits.  source: already checked, or NULL to check in->source here.
 * field says which input field is at fault on SG_EINVAL. */
SG_MUST_CHECK int net_relation_record(store_tx *tx, app *a, const actor *who,
                                      const relation_input *in, const net_source *source,
                                      const char *import_id, int64_t replaces,
                                      net_relation_row *row, const char **field, const char **why);

/* ---- rendering (render.c) ---------------------------------------------- */

/* {"id", "kind", "label", "minor"} of a node; label is an entity's key. */
json_t *net_node_json(store_tx *tx, app *a, int64_t node_id);
/* A relation with its ends, source, recorder and history. */
json_t *net_relation_json(store_tx *tx, app *a, const net_relation_row *r);
/* Decrypts an entity's key into a new string the caller frees. */
SG_MUST_CHECK int net_entity_key(const app *a, const net_entity_row *e, char **out);
/* Whether a person born in year/month is under 18 on day (days since 1970). */
bool net_is_minor(int birth_year, int birth_month, long day);

/* ---- the loaded graph (load.c; the worker thread only) ------------------ */

#include "analysis/network.h"

/* The current network as plain arrays, with what the results need to name
 * nodes and relations.  Loaded once and kept while the network is
 * unchanged (see store_net_stamp). */
typedef struct net_data {
    int64_t stamp[3];
    int32_t n;
    int64_t *node_id;               /* n: network_nodes.id, ascending */
    char (*node_pid)[STORE_ID_LEN]; /* n: the person's or entity's public id */
    uint8_t *kind;                  /* n: net_kind */
    int64_t *person_id;             /* n: persons.id, or 0 */
    int64_t *entity_id;             /* n: network_entities.id, or 0 */
    uint8_t *minor;                 /* n: a person under 18 today */
    int64_t m;
    int32_t *from, *to, *first, *last;
    uint8_t *type, *conf;
    int64_t *rel_id; /* m: network_relations.id */
    net_graph g;
} net_data;

void net_data_free(net_data *d);
/* Makes *d the current network, reloading only when it changed. */
SG_MUST_CHECK int net_data_load(app *a, net_data *d);
/* The node index of a person's or entity's public id (or ext:KIND:KEY): -1
 * when it has no relations at all; SG_EINVAL when there is no such id. */
SG_MUST_CHECK int net_data_index(app *a, const net_data *d, const char *ref, int32_t *index);

/* Nodes and relations of results as JSON, within one read transaction. */
json_t *net_data_node(const net_data *d, int32_t i);
/* With the entity's key as label (one decryption each). */
json_t *net_data_node_labelled(store_tx *tx, app *a, const net_data *d, int32_t i);
json_t *net_data_relation(store_tx *tx, const net_data *d, int64_t e);

/* ---- analyses (analyse.c, views.c) -------------------------------------- */

/* Checks an analysis request before it is queued: kind, purpose and the
 * parameters the kind needs; scoped readers only ask for the neighbourhood
 * of a youth they reach.  *anchor gets the person to audit it under. */
SG_MUST_CHECK int net_request_check(app *a, const actor *who, json_t *request, int64_t *anchor,
                                    svc_error *err);

typedef struct net_job_ctx {
    app *a;
    net_data *data;
    json_t *request;
    const actor *who;
    net_run run;
    char error[256]; /* why it failed, for the submitter */
} net_job_ctx;

/* Runs the request on the worker thread; *out is the result. */
SG_MUST_CHECK int net_analyse(net_job_ctx *jc, json_t **out);
/* The kinds that look at a part of the network or compare (views.c):
 * component, neighbourhood, paths, connecting, links, disruption, changes. */
SG_MUST_CHECK int net_view_kind(net_job_ctx *jc, net_view *v, const char *kind, json_t **out);
/* The analysis kind "alerts": checks the published alert rules and raises
 * new alerts for the actor's organisation (alerts.c). */
SG_MUST_CHECK int net_alerts_run(net_job_ctx *jc, net_view *v, json_t **out);
/* The filter a request asks for. */
void net_request_filter(json_t *request, net_filter *f);

#endif
