/* Relations, nodes and entities as JSON. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "service/network/network_int.h"

int net_entity_key(const app *a, const net_entity_row *e, char **out)
{
    char ad[64];
    snprintf(ad, sizeof ad, "network_entities.key:%s", e->public_id);
    return vault_open_text(a->keys, ad, e->key_enc, e->key_enc_len, out);
}

bool net_is_minor(int birth_year, int birth_month, long day)
{
    if (birth_year <= 0)
        return false;
    date d;
    date_from_days(day, &d);
    int age = d.year - birth_year - (d.month < birth_month ? 1 : 0);
    /* Without the day of birth, the month of the 18th birthday counts as
     * still a minor: a child is never treated as an adult by rounding. */
    return age < 18 || (age == 18 && d.month == birth_month);
}

static long today_days(void)
{
    date d;
    date_today(&d);
    return (long)date_to_days(&d);
}

json_t *net_node_json(store_tx *tx, app *a, int64_t node_id)
{
    net_node_info n;
    if (store_net_node_get(tx, node_id, &n) != SG_OK)
        return json_null();
    json_t *j = json_pack("{s:s, s:s}", "id", n.public_id, "kind", n.kind);
    if (!j)
        return NULL;
    if (n.person_id) {
        json_object_set_new(j, "label", json_null());
        json_object_set_new(j, "minor",
                            json_boolean(net_is_minor(n.birth_year, n.birth_month, today_days())));
        return j;
    }
    net_entity_row e;
    char *key = NULL;
    if (store_net_entity_get(tx, n.entity_id, &e) == SG_OK) {
        if (net_entity_key(a, &e, &key) != SG_OK)
            key = NULL;
        store_net_entity_clear(&e);
    }
    json_object_set_new(j, "label", key ? json_string(key) : json_null());
    sg_free(key);
    return j;
}

static json_t *user_ref(store_tx *tx, int64_t user_id)
{
    user_row u;
    if (!user_id || store_user_get(tx, user_id, &u) != SG_OK)
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "id", u.public_id, "login", u.login, "role", u.role);
}

static json_t *org_ref(store_tx *tx, int64_t org_id)
{
    org_row o;
    if (!org_id || store_org_get(tx, org_id, &o) != SG_OK)
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "id", o.public_id, "name", o.name, "type", o.type);
}

static json_t *public_id_of(store_tx *tx, int64_t relation_id)
{
    net_relation_row r;
    if (!relation_id || store_net_relation_get(tx, relation_id, &r) != SG_OK)
        return json_null();
    return json_string(r.public_id);
}

json_t *net_relation_json(store_tx *tx, app *a, const net_relation_row *r)
{
    net_rel type = NR_COUNT;
    if (net_rel_parse(r->type, &type) != SG_OK)
        type = NR_COUNT;
    json_t *source = strcmp(r->source_type, "report") == 0
                         ? json_pack("{s:s, s:s}", "type", "report", "reference", r->source_ref)
                         : json_pack("{s:s, s:s}", "type", r->source_type, "id", r->source_ref);
    json_t *retired = json_null();
    if (r->retired_at[0])
        retired = json_pack("{s:s, s:s, s:o}", "at", r->retired_at, "reason", r->retire_reason,
                            "by", user_ref(tx, r->retired_by));
    net_relation_row next;
    json_t *replaced_by = json_null();
    if (r->retired_at[0] && store_net_relation_successor(tx, r->id, &next) == SG_OK)
        replaced_by = json_string(next.public_id);
    return json_pack("{s:s, s:o, s:o, s:s, s:b, s:s, s:s, s:s, s:o, s:{s:o, s:o}, s:s, s:s,"
                     " s:o, s:o, s:o, s:s?}",
                     "id", r->public_id, "from", net_node_json(tx, a, r->from_node), "to",
                     net_node_json(tx, a, r->to_node), "type", r->type, "directed",
                     net_rel_directed(type), "confidence", r->confidence, "first_seen",
                     r->first_seen, "last_seen", r->last_seen, "source", source, "recorded_by",
                     "organisation", org_ref(tx, r->org_id), "user", user_ref(tx, r->user_id),
                     "created_at", r->created_at, "status",
                     r->retired_at[0] ? "retired" : "current", "retired", retired, "replaces",
                     public_id_of(tx, r->replaces), "replaced_by", replaced_by, "import_id",
                     r->import_id[0] ? r->import_id : NULL);
}
