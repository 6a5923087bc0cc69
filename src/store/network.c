/* Records of the network: entities, nodes, relations and alerts (see
 * store/network.h). */
#include "store/network.h"

#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "store/store_int.h"

/* ---- entities ---------------------------------------------------------- */

#define ENTITY_COLS "id, public_id, kind, key_hash, key_enc, created_by, created_org, created_at"

static const q_col entity_cols[] = {
    QCOL_I64(net_entity_row, id),
    QCOL_TEXT(net_entity_row, public_id),
    QCOL_TEXT(net_entity_row, kind),
    QCOL_TEXT(net_entity_row, key_hash),
    QCOL_BLOB(net_entity_row, key_enc, key_enc_len),
    QCOL_I64(net_entity_row, created_by),
    QCOL_I64(net_entity_row, created_org),
    QCOL_TEXT(net_entity_row, created_at),
};

void store_net_entity_clear(net_entity_row *row)
{
    q_clear(entity_cols, NCOLS(entity_cols), row, sizeof *row);
}

int store_net_entity_insert(store_tx *tx, net_entity_row *r)
{
    return q_int64(tx,
                   "INSERT INTO network_entities (public_id, kind, key_hash, key_enc, created_by,"
                   " created_org, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                   &r->id, "tttbiit", r->public_id, r->kind, r->key_hash, (const void *)r->key_enc,
                   r->key_enc_len, r->created_by, r->created_org, r->created_at);
}

static int entity_where(store_tx *tx, const char *where, const char *fmt, const void *arg,
                        net_entity_row *out)
{
    char sql[160];
    store_stmt *st;
    strcpy(sql, "SELECT " ENTITY_COLS " FROM network_entities WHERE ");
    strcat(sql, where);
    int rc = fmt[0] == 'i' ? q_prepare(tx, sql, &st, fmt, *(const int64_t *)arg)
                           : q_prepare(tx, sql, &st, fmt, (const char *)arg);
    return rc == SG_OK ? q_read_one(st, entity_cols, NCOLS(entity_cols), out, sizeof *out) : rc;
}

int store_net_entity_get(store_tx *tx, int64_t id, net_entity_row *out)
{
    return entity_where(tx, "id = $1", "i", &id, out);
}

int store_net_entity_find_public(store_tx *tx, const char *public_id, net_entity_row *out)
{
    return entity_where(tx, "public_id = $1", "t", public_id, out);
}

int store_net_entity_find_hash(store_tx *tx, const char *key_hash, net_entity_row *out)
{
    return entity_where(tx, "key_hash = $1", "t", key_hash, out);
}

/* ---- nodes ------------------------------------------------------------- */

int store_net_node_of(store_tx *tx, int64_t person_id, int64_t entity_id, bool create,
                      int64_t *node_id)
{
    int rc = person_id ? q_int64(tx, "SELECT id FROM network_nodes WHERE person_id = $1", node_id,
                                 "i", person_id)
                       : q_int64(tx, "SELECT id FROM network_nodes WHERE entity_id = $1", node_id,
                                 "i", entity_id);
    if (rc != SG_ENOTFOUND || !create)
        return rc;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    return q_int64(
        tx,
        "INSERT INTO network_nodes (person_id, entity_id, created_at) VALUES ($1, $2, $3)"
        " RETURNING id",
        node_id, "iit", person_id, entity_id, now);
}

/* Nodes joined to what they stand for: a person (public id, birth year and
 * month) or an entity (public id, kind). */
#define NODE_SELECT                                                                                \
    "SELECT n.id, n.person_id, n.entity_id, COALESCE(p.public_id, e.public_id, ''),"               \
    " COALESCE(e.kind, 'person'), COALESCE(p.birth_year, 0), COALESCE(p.birth_month, 0)"           \
    " FROM network_nodes n LEFT JOIN persons p ON p.id = n.person_id AND n.person_id <> 0"         \
    " LEFT JOIN network_entities e ON e.id = n.entity_id AND n.entity_id <> 0"

static const q_col node_cols[] = {
    QCOL_I64(net_node_info, node_id),    QCOL_I64(net_node_info, person_id),
    QCOL_I64(net_node_info, entity_id),  QCOL_TEXT(net_node_info, public_id),
    QCOL_TEXT(net_node_info, kind),      QCOL_I32(net_node_info, birth_year),
    QCOL_I32(net_node_info, birth_month)};

int store_net_node_get(store_tx *tx, int64_t node_id, net_node_info *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, NODE_SELECT " WHERE n.id = $1", &st, "i", node_id);
    return rc == SG_OK ? q_read_one(st, node_cols, NCOLS(node_cols), out, sizeof *out) : rc;
}

int store_net_each_node(store_tx *tx, int (*fn)(const net_node_info *, void *), void *ctx)
{
    store_stmt *st;
    int rc = q_prepare(tx, NODE_SELECT " ORDER BY n.id", &st, "");
    if (rc != SG_OK)
        return rc;
    net_node_info row;
    for (;;) {
        rc = q_step(st);
        if (rc != 1)
            break;
        memset(&row, 0, sizeof row);
        rc = q_read(st, node_cols, NCOLS(node_cols), &row);
        if (rc == SG_OK)
            rc = fn(&row, ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc;
}

/* ---- relations --------------------------------------------------------- */

#define RELATION_COLS                                                                              \
    "id, public_id, from_node, to_node, type, confidence, first_seen, last_seen, source_type,"     \
    " source_ref, import_id, org_id, user_id, created_at, replaces, retired_at, retired_by,"       \
    " retire_reason, version"

static const q_col relation_cols[] = {
    QCOL_I64(net_relation_row, id),           QCOL_TEXT(net_relation_row, public_id),
    QCOL_I64(net_relation_row, from_node),    QCOL_I64(net_relation_row, to_node),
    QCOL_TEXT(net_relation_row, type),        QCOL_TEXT(net_relation_row, confidence),
    QCOL_TEXT(net_relation_row, first_seen),  QCOL_TEXT(net_relation_row, last_seen),
    QCOL_TEXT(net_relation_row, source_type), QCOL_TEXT(net_relation_row, source_ref),
    QCOL_TEXT(net_relation_row, import_id),   QCOL_I64(net_relation_row, org_id),
    QCOL_I64(net_relation_row, user_id),      QCOL_TEXT(net_relation_row, created_at),
    QCOL_I64(net_relation_row, replaces),     QCOL_TEXT(net_relation_row, retired_at),
    QCOL_I64(net_relation_row, retired_by),   QCOL_TEXT(net_relation_row, retire_reason),
    QCOL_I64(net_relation_row, version),
};

int store_net_relation_insert(store_tx *tx, net_relation_row *r)
{
    r->version = 1;
    return q_int64(tx,
                   "INSERT INTO network_relations (public_id, from_node, to_node, type, confidence,"
                   " first_seen, last_seen, source_type, source_ref, import_id, org_id, user_id,"
                   " created_at, replaces, retired_at, retired_by, retire_reason, version) VALUES"
                   " ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, '', 0, '', 1)"
                   " RETURNING id",
                   &r->id, "tiitttttttiiti", r->public_id, r->from_node, r->to_node, r->type,
                   r->confidence, r->first_seen, r->last_seen, r->source_type, r->source_ref,
                   r->import_id, r->org_id, r->user_id, r->created_at, r->replaces);
}

int store_net_relation_get(store_tx *tx, int64_t id, net_relation_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " RELATION_COLS " FROM network_relations WHERE id = $1", &st,
                       "i", id);
    return rc == SG_OK ? q_read_one(st, relation_cols, NCOLS(relation_cols), out, sizeof *out) : rc;
}

int store_net_relation_find_public(store_tx *tx, const char *public_id, net_relation_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " RELATION_COLS " FROM network_relations WHERE public_id = $1",
                       &st, "t", public_id);
    return rc == SG_OK ? q_read_one(st, relation_cols, NCOLS(relation_cols), out, sizeof *out) : rc;
}

int store_net_relation_successor(store_tx *tx, int64_t id, net_relation_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " RELATION_COLS " FROM network_relations WHERE replaces = $1"
                       " ORDER BY id LIMIT 1",
                       &st, "i", id);
    return rc == SG_OK ? q_read_one(st, relation_cols, NCOLS(relation_cols), out, sizeof *out) : rc;
}

int store_net_relation_retire(store_tx *tx, net_relation_row *r, const char *at, int64_t by,
                              const char *reason)
{
    int64_t changed = 0;
    int rc = q_exec(tx,
                    "UPDATE network_relations SET retired_at = $1, retired_by = $2,"
                    " retire_reason = $3, version = version + 1"
                    " WHERE id = $4 AND version = $5 AND retired_at = ''",
                    &changed, "titii", at, by, reason, r->id, r->version);
    if (rc != SG_OK)
        return rc;
    if (changed == 0)
        return SG_ECONFLICT;
    r->version++;
    text_copy(r->retired_at, sizeof r->retired_at, at);
    r->retired_by = by;
    text_copy(r->retire_reason, sizeof r->retire_reason, reason);
    return SG_OK;
}

int store_net_relation_list(store_tx *tx, const net_relation_filter *f, net_relation_row *rows,
                            int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " RELATION_COLS " FROM network_relations WHERE id > $1"
                       " AND ($2 = 0 OR from_node = $2 OR to_node = $2)"
                       " AND ($3 = '' OR (source_type = $3 AND source_ref = $4))"
                       " AND ($5 = '' OR import_id = $5) AND ($6 = 1 OR retired_at = '')"
                       " ORDER BY id LIMIT $7",
                       &st, "iitttii", f->after, f->node_id, f->source_type ? f->source_type : "",
                       f->source_ref ? f->source_ref : "", f->import_id ? f->import_id : "",
                       (int64_t)(f->include_retired ? 1 : 0), (int64_t)f->limit);
    return rc == SG_OK ? q_read_rows(st, relation_cols, NCOLS(relation_cols), rows, sizeof *rows,
                                     f->limit, n)
                       : rc;
}

int store_net_each_relation(store_tx *tx, int (*fn)(const net_relation_row *, void *), void *ctx)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " RELATION_COLS " FROM network_relations WHERE retired_at = ''"
                       " ORDER BY id",
                       &st, "");
    if (rc != SG_OK)
        return rc;
    net_relation_row row;
    for (;;) {
        rc = q_step(st);
        if (rc != 1)
            break;
        memset(&row, 0, sizeof row);
        rc = q_read(st, relation_cols, NCOLS(relation_cols), &row);
        if (rc == SG_OK)
            rc = fn(&row, ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc;
}

int store_net_each_edge(store_tx *tx, int (*fn)(const net_edge_row *, void *), void *ctx)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT id, from_node, to_node, type, confidence, first_seen, last_seen"
                       " FROM network_relations WHERE retired_at = '' ORDER BY id",
                       &st, "");
    if (rc != SG_OK)
        return rc;
    for (;;) {
        rc = q_step(st);
        if (rc != 1)
            break;
        net_edge_row e = {.id = q_int(st, 0),
                          .from_node = q_int(st, 1),
                          .to_node = q_int(st, 2),
                          .type = q_text(st, 3),
                          .confidence = q_text(st, 4),
                          .first_seen = q_text(st, 5),
                          .last_seen = q_text(st, 6)};
        rc = fn(&e, ctx);
        if (rc != SG_OK)
            break;
    }
    q_done(st);
    return rc;
}

int store_net_stamp(store_tx *tx, int64_t *max_relation, int64_t *current, int64_t *max_node)
{
    int rc = q_int64(tx, "SELECT COALESCE(MAX(id), 0) FROM network_relations", max_relation, "");
    if (rc == SG_OK)
        rc = q_int64(tx, "SELECT COUNT(*) FROM network_relations WHERE retired_at = ''", current,
                     "");
    if (rc == SG_OK)
        rc = q_int64(tx, "SELECT COALESCE(MAX(id), 0) FROM network_nodes", max_node, "");
    return rc;
}

int store_net_relations_by_id(store_tx *tx, const int64_t *ids, int nids, net_relation_row *rows,
                              int *n)
{
    *n = 0;
    for (int i = 0; i < nids; i++) {
        int rc = store_net_relation_get(tx, ids[i], &rows[*n]);
        if (rc == SG_ENOTFOUND)
            continue;
        if (rc != SG_OK)
            return rc;
        (*n)++;
    }
    return SG_OK;
}

int store_net_person_screened(store_tx *tx, int64_t person_id, int64_t police_org, int64_t om_org,
                              bool *yes)
{
    int64_t count = 0;
    int rc = q_int64(tx,
                     "SELECT COUNT(*) FROM screenings WHERE person_id = $1"
                     " AND (($2 <> 0 AND police_org_id = $2) OR ($3 <> 0 AND om_org_id = $3))",
                     &count, "iii", person_id, police_org, om_org);
    *yes = rc == SG_OK && count > 0;
    return rc;
}

/* ---- decisions' "victim of" ---------------------------------------------- */

static const q_col victim_of_cols[] = {
    QCOL_I64(net_victim_of_row, decision_id),
    QCOL_TEXT(net_victim_of_row, decision_public_id),
    QCOL_I64(net_victim_of_row, person_id),
    QCOL_I64(net_victim_of_row, om_org_id),
    QCOL_I64(net_victim_of_row, prosecutor_id),
    QCOL_TEXT(net_victim_of_row, decided_on),
    QCOL_BLOB(net_victim_of_row, victim_of_enc, victim_of_enc_len),
};

void store_net_victim_of_clear(net_victim_of_row *row)
{
    q_clear(victim_of_cols, NCOLS(victim_of_cols), row, sizeof *row);
}

int store_net_victim_of_list(store_tx *tx, int64_t after, net_victim_of_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT d.id, d.public_id, s.person_id, d.om_org_id, d.prosecutor_id,"
                       " SUBSTR(d.decided_at, 1, 10), d.victim_of_enc"
                       " FROM prosecution_decisions d JOIN screenings s ON s.id = d.screening_id"
                       " WHERE d.victim_of_enc IS NOT NULL AND d.id > $1 ORDER BY d.id LIMIT $2",
                       &st, "ii", after, (int64_t)max);
    return rc == SG_OK
               ? q_read_rows(st, victim_of_cols, NCOLS(victim_of_cols), rows, sizeof *rows, max, n)
               : rc;
}

/* ---- alerts ------------------------------------------------------------ */

#define ALERT_COLS                                                                                 \
    "id, public_id, org_id, rule_id, rules_version, subject_key, summary, status, raised_at,"      \
    " handled_by, handled_at"

static const q_col alert_cols[] = {
    QCOL_I64(net_alert_row, id),
    QCOL_TEXT(net_alert_row, public_id),
    QCOL_I64(net_alert_row, org_id),
    QCOL_TEXT(net_alert_row, rule_id),
    QCOL_I64(net_alert_row, rules_version),
    QCOL_TEXT(net_alert_row, subject_key),
    QCOL_TEXT(net_alert_row, summary),
    QCOL_TEXT(net_alert_row, status),
    QCOL_TEXT(net_alert_row, raised_at),
    QCOL_I64(net_alert_row, handled_by),
    QCOL_TEXT(net_alert_row, handled_at),
};

int store_net_alert_insert(store_tx *tx, net_alert_row *r, bool *created)
{
    int rc = q_int64(tx,
                     "INSERT INTO network_alerts (public_id, org_id, rule_id, rules_version,"
                     " subject_key, summary, status, raised_at, handled_by, handled_at) VALUES"
                     " ($1, $2, $3, $4, $5, $6, $7, $8, 0, '')"
                     " ON CONFLICT (org_id, rule_id, subject_key) DO NOTHING RETURNING id",
                     &r->id, "tititttt", r->public_id, r->org_id, r->rule_id, r->rules_version,
                     r->subject_key, r->summary, r->status, r->raised_at);
    *created = rc == SG_OK;
    return rc == SG_ENOTFOUND ? SG_OK : rc;
}

int store_net_alert_find_public(store_tx *tx, const char *public_id, net_alert_row *out)
{
    store_stmt *st;
    int rc = q_prepare(tx, "SELECT " ALERT_COLS " FROM network_alerts WHERE public_id = $1", &st,
                       "t", public_id);
    return rc == SG_OK ? q_read_one(st, alert_cols, NCOLS(alert_cols), out, sizeof *out) : rc;
}

int store_net_alert_list(store_tx *tx, int64_t org_id, const char *status, int64_t after,
                         net_alert_row *rows, int max, int *n)
{
    store_stmt *st;
    int rc = q_prepare(tx,
                       "SELECT " ALERT_COLS " FROM network_alerts WHERE org_id = $1"
                       " AND ($2 = '' OR status = $2) AND id > $3 ORDER BY id LIMIT $4",
                       &st, "itii", org_id, status ? status : "", after, (int64_t)max);
    return rc == SG_OK ? q_read_rows(st, alert_cols, NCOLS(alert_cols), rows, sizeof *rows, max, n)
                       : rc;
}

int store_net_alert_set_status(store_tx *tx, int64_t id, const char *status, int64_t by,
                               const char *at)
{
    return q_exec(tx,
                  "UPDATE network_alerts SET status = $1, handled_by = $2, handled_at = $3"
                  " WHERE id = $4",
                  NULL, "titi", status, by, at, id);
}
