/* Use cases: recording, reading, correcting and retiring relations, and
 * the entities they join. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/network/network_int.h"

#define LIST_MAX 100
#define REACH_SCAN 200

/* Who may record at all: analysts, and police officers (from their own
 * unit's screenings, which the source check enforces). */
static int may_write(const actor *who)
{
    return !who->system && (net_is_analyst(who) || who->role == ROLE_POLICE_OFFICER)
               ? SG_OK
               : SG_EFORBIDDEN;
}

static int invalid(svc_error *err, const char *field, const char *why)
{
    return svc_invalid(err, field ? field : "source", why ? why : "is not valid");
}

/* The person at either end of r (from first), or 0. */
static int64_t person_of(store_tx *tx, const net_relation_row *r)
{
    net_node_info n;
    if (store_net_node_get(tx, r->from_node, &n) == SG_OK && n.person_id)
        return n.person_id;
    if (store_net_node_get(tx, r->to_node, &n) == SG_OK && n.person_id)
        return n.person_id;
    return 0;
}

/* Whether a scoped reader reaches the relation: one of its ends is the
 * youth of their screenings, or (officers) it comes from their screening.
 * *person gets the person to audit it under. */
static int reaches_relation(store_tx *tx, const actor *who, const net_relation_row *r,
                            int64_t *person)
{
    int64_t ends[2] = {r->from_node, r->to_node};
    *person = person_of(tx, r);
    if (net_is_analyst(who))
        return SG_OK;
    for (int i = 0; i < 2; i++) {
        net_node_info n;
        int rc = store_net_node_get(tx, ends[i], &n);
        if (rc != SG_OK)
            return rc;
        if (n.person_id && net_reaches_person(tx, who, n.person_id) == SG_OK) {
            *person = n.person_id;
            return SG_OK;
        }
    }
    if (who->role == ROLE_POLICE_OFFICER && strcmp(r->source_type, "screening") == 0) {
        net_source src;
        const char *why;
        char source[NET_REF_LEN + STORE_CODE_LEN + 2];
        snprintf(source, sizeof source, "screening:%s", r->source_ref);
        if (net_source_parse(tx, who, source, &src, &why) == SG_OK)
            return SG_OK;
    }
    return SG_ENOTFOUND;
}

typedef struct rel_ctx {
    app *a;
    const actor *who;
    const relation_input *in;
    const char *id;
    const char *reason;
    const char *purpose;
    svc_error *err;
    json_t *result;
} rel_ctx;

static int create_job(store_tx *tx, void *arg)
{
    rel_ctx *rc_ = arg;
    net_relation_row row;
    const char *field = NULL, *why = NULL;
    int rc = net_relation_record(tx, rc_->a, rc_->who, rc_->in, NULL, NULL, 0, &row, &field, &why);
    if (rc == SG_EINVAL)
        return invalid(rc_->err, field, why);
    if (rc == SG_EFORBIDDEN && rc_->err)
        rc_->err->reason = why;
    if (rc == SG_OK)
        rc = net_audit(tx, rc_->a, rc_->who, "relation.create", "relation", row.public_id,
                       person_of(tx, &row), "record a relation in the network");
    if (rc == SG_OK) {
        rc_->result = net_relation_json(tx, rc_->a, &row);
        if (!rc_->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

int relation_create(app *a, const actor *who, const relation_input *in, json_t **out,
                    svc_error *err)
{
    int rc = may_write(who);
    if (rc != SG_OK)
        return rc;
    rel_ctx c = {.a = a, .who = who, .in = in, .err = err};
    rc = store_write(a->db, create_job, &c);
    return svc_result(rc, c.result, out);
}

/* Loads the relation with public id c->id that the actor reaches. */
static int load(store_tx *tx, rel_ctx *c, net_relation_row *r, int64_t *person)
{
    int rc = token_is_uuid(c->id) ? store_net_relation_find_public(tx, c->id, r) : SG_ENOTFOUND;
    if (rc == SG_OK)
        rc = reaches_relation(tx, c->who, r, person);
    return rc;
}

static int get_job(store_tx *tx, void *arg)
{
    rel_ctx *c = arg;
    net_relation_row r;
    int64_t person = 0;
    int rc = load(tx, c, &r, &person);
    if (rc == SG_OK)
        rc = net_audit(tx, c->a, c->who, "relation.read", "relation", r.public_id, person,
                       c->purpose);
    if (rc == SG_OK) {
        c->result = net_relation_json(tx, c->a, &r);
        if (!c->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

int relation_get(app *a, const actor *who, const char *id, const char *purpose, json_t **out,
                 svc_error *err)
{
    int rc = net_read_check(who, purpose, err);
    if (rc != SG_OK)
        return rc;
    rel_ctx c = {.a = a, .who = who, .id = id, .purpose = purpose, .err = err};
    rc = svc_read_audited(a, get_job, &c);
    return svc_result(rc, c.result, out);
}

typedef struct list_ctx {
    rel_ctx c;
    const relation_query *q;
    net_relation_filter f;
    json_t *items;
    int64_t last;
} list_ctx;

static int list_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    const relation_query *q = lc->q;
    int64_t person = 0;
    int rc = SG_OK;
    if (q->person_id) {
        net_end end;
        const char *why = NULL;
        rc = net_resolve_end(tx, lc->c.a, lc->c.who, q->person_id, false, &end, &why);
        if (rc == SG_EINVAL)
            rc = SG_ENOTFOUND; /* an unknown id and one out of reach answer alike */
        if (rc == SG_OK && !net_is_analyst(lc->c.who))
            rc = end.person_id ? net_reaches_person(tx, lc->c.who, end.person_id) : SG_ENOTFOUND;
        if (rc != SG_OK)
            return rc;
        person = end.person_id;
        lc->f.node_id = end.node_id;
        if (!end.node_id)
            return net_audit(tx, lc->c.a, lc->c.who, "relation.list", "person", end.public_id,
                             person, lc->c.purpose);
    }
    net_source src;
    if (q->source) {
        const char *why = NULL;
        actor as_analyst = *lc->c.who;
        as_analyst.role = ROLE_ANALYST; /* reading, not recording: any source may be named */
        rc = net_source_parse(tx, &as_analyst, q->source, &src, &why);
        if (rc != SG_OK)
            return svc_invalid(lc->c.err, "source", why ? why : "not a source");
        lc->f.source_type = src.type;
        lc->f.source_ref = src.ref;
    }
    net_relation_row *rows = sg_calloc(LIST_MAX, sizeof *rows);
    int n = 0;
    rc = rows ? store_net_relation_list(tx, &lc->f, rows, &n) : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *j = net_relation_json(tx, lc->c.a, &rows[i]);
        if (!j)
            rc = SG_ENOMEM;
        else
            json_array_append_new(lc->items, j);
        lc->last = rows[i].id;
    }
    sg_free(rows);
    if (rc == SG_OK)
        rc = net_audit(tx, lc->c.a, lc->c.who, "relation.list", q->person_id ? "person" : "network",
                       q->person_id ? q->person_id : "", person, lc->c.purpose);
    return rc;
}

int relation_list(app *a, const actor *who, const relation_query *q, json_t **out, svc_error *err)
{
    int rc = net_read_check(who, q->purpose, err);
    if (rc != SG_OK)
        return rc;
    if (!q->person_id && !net_is_analyst(who))
        return svc_invalid(err, "person_id",
                           "name the youth of one of your screenings whose relations you read");
    list_ctx lc = {.c = {.a = a, .who = who, .purpose = q->purpose, .err = err}, .q = q};
    lc.f.include_retired = q->include_retired;
    lc.f.limit = svc_page_limit(a, q->limit);
    if (lc.f.limit > LIST_MAX)
        lc.f.limit = LIST_MAX;
    rc = svc_cursor_parse(q->cursor, &lc.f.after, err);
    if (rc != SG_OK)
        return rc;
    lc.items = json_array();
    rc = lc.items ? svc_read_audited(a, list_job, &lc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = svc_page(lc.items, lc.f.limit, lc.last);
    return *out ? SG_OK : SG_ENOMEM;
}

/* ---- corrections and retirement ---------------------------------------- */

/* Loads a current relation the actor may change: analysts any, officers
 * those from their unit's screenings. */
static int load_for_change(store_tx *tx, rel_ctx *c, net_relation_row *r, int64_t *person)
{
    int rc = load(tx, c, r, person);
    if (rc != SG_OK)
        return rc;
    if (!net_is_analyst(c->who)) {
        net_source src;
        const char *why;
        char source[NET_REF_LEN + STORE_CODE_LEN + 2];
        snprintf(source, sizeof source, "%s:%s", r->source_type, r->source_ref);
        rc = strcmp(r->source_type, "screening") == 0
                 ? net_source_parse(tx, c->who, source, &src, &why)
                 : SG_EFORBIDDEN;
        if (rc == SG_EINVAL)
            rc = SG_EFORBIDDEN;
        if (rc != SG_OK)
            return rc;
    }
    if (r->retired_at[0]) {
        if (c->err)
            c->err->reason = "the relation was retired or corrected already; change its successor";
        return SG_ESTATE;
    }
    return SG_OK;
}

static int retire_job(store_tx *tx, void *arg)
{
    rel_ctx *c = arg;
    net_relation_row r;
    int64_t person = 0;
    int rc = load_for_change(tx, c, &r, &person);
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    if (rc == SG_OK)
        rc = store_net_relation_retire(tx, &r, now, c->who->user_id, c->reason);
    if (rc == SG_OK)
        rc = net_audit(tx, c->a, c->who, "relation.retire", "relation", r.public_id, person,
                       "retire a relation of the network");
    if (rc == SG_OK) {
        c->result = net_relation_json(tx, c->a, &r);
        if (!c->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

static int reason_check(const char *reason, bool required, svc_error *err)
{
    if ((!reason && !required) || (reason && !*reason && !required))
        return SG_OK;
    if (!reason || text_is_blank(reason) || !text_is_clean_utf8(reason, strlen(reason))
        || strlen(reason) >= NET_REASON_LEN - 16)
        return svc_invalid(err, "reason", "why, in at most 380 bytes");
    return SG_OK;
}

int relation_retire(app *a, const actor *who, const char *id, const char *reason, json_t **out,
                    svc_error *err)
{
    int rc = may_write(who);
    if (rc == SG_OK)
        rc = reason_check(reason, true, err);
    if (rc != SG_OK)
        return rc;
    rel_ctx c = {.a = a, .who = who, .id = id, .reason = reason, .err = err};
    rc = store_write(a->db, retire_job, &c);
    return svc_result(rc, c.result, out);
}

static int correct_job(store_tx *tx, void *arg)
{
    rel_ctx *c = arg;
    net_relation_row old, row;
    int64_t person = 0;
    int rc = load_for_change(tx, c, &old, &person);
    if (rc != SG_OK)
        return rc;
    net_node_info from, to;
    rc = store_net_node_get(tx, old.from_node, &from);
    if (rc == SG_OK)
        rc = store_net_node_get(tx, old.to_node, &to);
    if (rc != SG_OK)
        return rc;
    char source[NET_REF_LEN + STORE_CODE_LEN + 2];
    snprintf(source, sizeof source, "%s:%s", old.source_type, old.source_ref);
    const relation_input *ch = c->in;
    relation_input in = {
        .from = ch->from ? ch->from : from.public_id,
        .to = ch->to ? ch->to : to.public_id,
        .type = ch->type ? ch->type : old.type,
        .confidence = ch->confidence ? ch->confidence : old.confidence,
        .first_seen = ch->first_seen ? ch->first_seen : old.first_seen,
        .last_seen = ch->last_seen                                                 ? ch->last_seen
                     : ch->first_seen && strcmp(ch->first_seen, old.last_seen) > 0 ? ch->first_seen
                                                                                   : old.last_seen,
        .source = ch->source ? ch->source : source,
    };
    char now[CLOCK_ISO_LEN], why_text[NET_REASON_LEN];
    clock_format_iso(clock_now_ms(), now);
    snprintf(why_text, sizeof why_text, "corrected%s%s", c->reason && *c->reason ? ": " : "",
             c->reason ? c->reason : "");
    rc = store_net_relation_retire(tx, &old, now, c->who->user_id, why_text);
    const char *field = NULL, *why = NULL;
    if (rc == SG_OK)
        rc = net_relation_record(tx, c->a, c->who, &in, NULL, old.import_id, old.id, &row, &field,
                                 &why);
    if (rc == SG_EINVAL)
        return invalid(c->err, field, why);
    if (rc == SG_OK)
        rc = net_audit(tx, c->a, c->who, "relation.correct", "relation", row.public_id,
                       person_of(tx, &row), "correct a relation of the network");
    if (rc == SG_OK) {
        c->result = net_relation_json(tx, c->a, &row);
        if (!c->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

int relation_correct(app *a, const actor *who, const char *id, const relation_input *changes,
                     const char *reason, json_t **out, svc_error *err)
{
    int rc = may_write(who);
    if (rc == SG_OK)
        rc = reason_check(reason, false, err);
    if (rc != SG_OK)
        return rc;
    if (!changes->from && !changes->to && !changes->type && !changes->confidence
        && !changes->first_seen && !changes->last_seen && !changes->source)
        return svc_invalid(err, "type", "say what to correct");
    rel_ctx c = {.a = a, .who = who, .id = id, .in = changes, .reason = reason, .err = err};
    rc = store_write(a->db, correct_job, &c);
    return svc_result(rc, c.result, out);
}

/* ---- entities ---------------------------------------------------------- */

typedef struct entity_ctx {
    app *a;
    const actor *who;
    const char *ref;
    const char *purpose;
    svc_error *err;
    json_t *result;
} entity_ctx;

static int entity_create_job(store_tx *tx, void *arg)
{
    entity_ctx *ec = arg;
    net_end end;
    const char *why = NULL;
    int rc = net_resolve_end(tx, ec->a, ec->who, ec->ref, true, &end, &why);
    if (rc == SG_EINVAL)
        return svc_invalid(ec->err, "key", why);
    if (rc == SG_OK)
        rc = net_audit(tx, ec->a, ec->who, end.created ? "entity.create" : "entity.find", "entity",
                       end.public_id, 0, "record an entity of the network");
    if (rc == SG_OK) {
        ec->result = net_node_json(tx, ec->a, end.node_id);
        if (!ec->result)
            rc = SG_ENOMEM;
        else
            json_object_set_new(ec->result, "created", json_boolean(end.created));
    }
    return rc;
}

int entity_create(app *a, const actor *who, const char *kind, const char *key, json_t **out,
                  svc_error *err)
{
    int rc = may_write(who);
    if (rc != SG_OK)
        return rc;
    net_kind k;
    if (net_kind_parse(kind, &k) != SG_OK || k == NK_PERSON)
        return svc_invalid(err, "kind",
                           "phone, address, vehicle, place, account, group or nickname");
    if (!key || strlen(key) > NET_KEY_MAX * 4)
        return svc_invalid(err, "key", "the key has at most 200 characters");
    char ref[NET_KEY_MAX * 4 + 48];
    snprintf(ref, sizeof ref, "ext:%s:%s", kind, key);
    entity_ctx ec = {.a = a, .who = who, .ref = ref, .err = err};
    rc = store_write(a->db, entity_create_job, &ec);
    return svc_result(rc, ec.result, out);
}

/* A scoped reader sees an entity linked to a person they reach. */
static int reaches_entity(store_tx *tx, const actor *who, int64_t node_id, int64_t *person)
{
    *person = 0;
    if (node_id <= 0)
        return SG_ENOTFOUND; /* 0 would filter nothing: every relation */
    if (net_is_analyst(who))
        return SG_OK;
    net_relation_row *rows = sg_calloc(REACH_SCAN, sizeof *rows);
    net_relation_filter f = {.node_id = node_id, .limit = REACH_SCAN};
    int n = 0;
    int rc = rows ? store_net_relation_list(tx, &f, rows, &n) : SG_ENOMEM;
    bool found = false;
    for (int i = 0; rc == SG_OK && !found && i < n; i++)
        found = reaches_relation(tx, who, &rows[i], person) == SG_OK;
    sg_free(rows);
    if (rc != SG_OK)
        return rc;
    return found ? SG_OK : SG_ENOTFOUND;
}

static int entity_get_job(store_tx *tx, void *arg)
{
    entity_ctx *ec = arg;
    net_entity_row e;
    int64_t node = 0, person = 0;
    int rc = token_is_uuid(ec->ref) ? store_net_entity_find_public(tx, ec->ref, &e) : SG_ENOTFOUND;
    if (rc != SG_OK)
        return rc;
    int64_t entity_id = e.id; /* the row's id, before the row is cleared */
    store_net_entity_clear(&e);
    rc = store_net_node_of(tx, 0, entity_id, false, &node);
    if (rc == SG_OK)
        rc = reaches_entity(tx, ec->who, node, &person);
    if (rc == SG_OK)
        rc = net_audit(tx, ec->a, ec->who, "entity.read", "entity", ec->ref, person, ec->purpose);
    if (rc == SG_OK) {
        ec->result = net_node_json(tx, ec->a, node);
        if (!ec->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

int entity_get(app *a, const actor *who, const char *id, const char *purpose, json_t **out,
               svc_error *err)
{
    int rc = net_read_check(who, purpose, err);
    if (rc != SG_OK)
        return rc;
    entity_ctx ec = {.a = a, .who = who, .ref = id, .purpose = purpose, .err = err};
    rc = svc_read_audited(a, entity_get_job, &ec);
    return svc_result(rc, ec.result, out);
}
