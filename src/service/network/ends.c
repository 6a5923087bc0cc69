/* The ends and the source of a relation, and recording one relation. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/network/network_int.h"
#include "store/chain.h"

#define EXT_PREFIX "ext:"

/* Whether a scoped actor may name this person: their organisation is party
 * to the person, or the person is the youth of one of their screenings. */
static int may_name_person(store_tx *tx, const actor *who, const person_row *p)
{
    /* A prosecutor names, with a decision, whose victim the youth is: the
     * id comes from the case file, and naming it shows nothing of the
     * person.  Reading stays limited (net_reaches_person). */
    if (who->system || net_is_analyst(who) || who->role == ROLE_PROSECUTOR)
        return SG_OK;
    int rc = access_check_person(tx, who, p);
    if (rc == SG_OK || (rc != SG_ENOTFOUND && rc != SG_EFORBIDDEN))
        return rc;
    return net_reaches_person(tx, who, p->id);
}

static int resolve_id(store_tx *tx, const actor *who, const char *ref, net_end *out,
                      const char **why)
{
    person_row p;
    int rc = store_person_find_public(tx, ref, &p);
    if (rc == SG_OK) {
        rc = may_name_person(tx, who, &p);
        out->person_id = p.id;
        out->kind = NK_PERSON;
        text_copy(out->public_id, sizeof out->public_id, p.public_id);
        store_person_clear(&p);
        if (rc == SG_ENOTFOUND)
            *why = "no such person or entity";
        return rc == SG_ENOTFOUND ? SG_EINVAL : rc;
    }
    if (rc != SG_ENOTFOUND)
        return rc;
    net_entity_row e;
    rc = store_net_entity_find_public(tx, ref, &e);
    if (rc == SG_ENOTFOUND) {
        *why = "no such person or entity";
        return SG_EINVAL;
    }
    if (rc != SG_OK)
        return rc;
    out->entity_id = e.id;
    if (net_kind_parse(e.kind, &out->kind) != SG_OK)
        rc = SG_EDB;
    text_copy(out->public_id, sizeof out->public_id, e.public_id);
    store_net_entity_clear(&e);
    return rc;
}

static int resolve_ext(store_tx *tx, app *a, const actor *who, const char *ref, bool create,
                       net_end *out, const char **why)
{
    const char *spec = ref + strlen(EXT_PREFIX);
    const char *colon = strchr(spec, ':');
    char kind_code[STORE_CODE_LEN];
    if (!colon || (size_t)(colon - spec) >= sizeof kind_code) {
        *why = "an entity is written ext:KIND:KEY, e.g. ext:phone:0612345678";
        return SG_EINVAL;
    }
    memcpy(kind_code, spec, (size_t)(colon - spec));
    kind_code[colon - spec] = '\0';
    if (net_kind_parse(kind_code, &out->kind) != SG_OK || out->kind == NK_PERSON) {
        *why = "the kind of an entity is phone, address, vehicle, place, account, group or"
               " nickname";
        return SG_EINVAL;
    }
    char key[NET_KEY_MAX * 4 + 1];
    int rc = net_key_normalise(out->kind, colon + 1, key, sizeof key, why);
    if (rc != SG_OK)
        return rc;
    char hashed[NET_KEY_MAX * 4 + 48];
    snprintf(hashed, sizeof hashed, "network:%s:%s", kind_code, key);
    char hash[VAULT_HASH_HEX];
    vault_hash(a->keys, VAULT_PSEUDONYM, hashed, strlen(hashed), hash);
    net_entity_row e;
    rc = store_net_entity_find_hash(tx, hash, &e);
    if (rc == SG_OK) {
        out->entity_id = e.id;
        text_copy(out->public_id, sizeof out->public_id, e.public_id);
        store_net_entity_clear(&e);
        return SG_OK;
    }
    if (rc != SG_ENOTFOUND)
        return rc;
    if (!create) {
        *why = "no such entity";
        return SG_ENOTFOUND;
    }
    memset(&e, 0, sizeof e);
    token_uuid(e.public_id);
    text_copy(e.kind, sizeof e.kind, kind_code);
    text_copy(e.key_hash, sizeof e.key_hash, hash);
    e.created_by = who->user_id;
    e.created_org = who->org_id;
    clock_format_iso(clock_now_ms(), e.created_at);
    char ad[64];
    snprintf(ad, sizeof ad, "network_entities.key:%s", e.public_id);
    rc = vault_seal(a->keys, ad, key, strlen(key), &e.key_enc, &e.key_enc_len);
    if (rc == SG_OK)
        rc = store_net_entity_insert(tx, &e);
    if (rc == SG_OK) {
        out->entity_id = e.id;
        out->created = true;
        text_copy(out->public_id, sizeof out->public_id, e.public_id);
    }
    store_net_entity_clear(&e);
    return rc;
}

int net_resolve_end(store_tx *tx, app *a, const actor *who, const char *ref, bool create,
                    net_end *out, const char **why)
{
    memset(out, 0, sizeof *out);
    *why = NULL;
    int rc;
    if (!ref || !*ref) {
        *why = "a person's or entity's id, or ext:KIND:KEY";
        return SG_EINVAL;
    }
    if (token_is_uuid(ref))
        rc = resolve_id(tx, who, ref, out, why);
    else if (text_starts_with(ref, EXT_PREFIX))
        rc = resolve_ext(tx, a, who, ref, create, out, why);
    else {
        *why = "a person's or entity's id, or ext:KIND:KEY (e.g. ext:phone:0612345678)";
        return SG_EINVAL;
    }
    if (rc != SG_OK)
        return rc;
    rc = store_net_node_of(tx, out->person_id, out->entity_id, create, &out->node_id);
    if (rc == SG_ENOTFOUND && !create) {
        out->node_id = 0;
        return SG_OK;
    }
    return rc;
}

static bool clean_reference(const char *s)
{
    return s && *s && !text_is_blank(s) && text_is_clean_utf8(s, strlen(s))
           && strlen(s) < NET_REF_LEN && !strchr(s, '\n') && !strchr(s, '\r');
}

int net_source_parse(store_tx *tx, const actor *who, const char *source, net_source *out,
                     const char **why)
{
    memset(out, 0, sizeof *out);
    *why = "screening:<id>, decision:<id> or report:<reference>";
    if (!source || text_is_blank(source))
        return SG_EINVAL;
    int rc;
    if (text_starts_with(source, "screening:")) {
        const char *id = source + strlen("screening:");
        screening_row s;
        rc = token_is_uuid(id) ? store_screening_find_public(tx, id, &s) : SG_ENOTFOUND;
        if (rc == SG_OK) {
            bool own = who->system || net_is_analyst(who)
                       || (who->role == ROLE_POLICE_OFFICER && s.police_org_id == who->org_id);
            out->person_id = s.person_id;
            store_screening_clear(&s);
            if (!own)
                rc = who->role == ROLE_POLICE_OFFICER ? SG_ENOTFOUND : SG_EFORBIDDEN;
        }
        if (rc == SG_ENOTFOUND) {
            *why = "no such screening of your unit";
            return SG_EINVAL;
        }
        if (rc != SG_OK)
            return rc;
        text_copy(out->type, sizeof out->type, "screening");
        text_copy(out->ref, sizeof out->ref, id);
        return SG_OK;
    }
    /* Decisions and reports are an analyst's sources. */
    if (!who->system && !net_is_analyst(who)) {
        *why = "a police officer records relations from a screening of the unit";
        return SG_EFORBIDDEN;
    }
    if (text_starts_with(source, "decision:")) {
        const char *id = source + strlen("decision:");
        decision_row d;
        screening_row s;
        rc = token_is_uuid(id) ? store_decision_find_public(tx, id, &d) : SG_ENOTFOUND;
        if (rc == SG_OK) {
            rc = store_screening_get(tx, d.screening_id, &s);
            store_decision_clear(&d);
        }
        if (rc == SG_OK) {
            out->person_id = s.person_id;
            store_screening_clear(&s);
        }
        if (rc == SG_ENOTFOUND) {
            *why = "no such decision";
            return SG_EINVAL;
        }
        if (rc != SG_OK)
            return rc;
        text_copy(out->type, sizeof out->type, "decision");
        text_copy(out->ref, sizeof out->ref, id);
        return SG_OK;
    }
    const char *ref = text_starts_with(source, "report:") ? source + strlen("report:") : source;
    if (!clean_reference(ref)) {
        *why = "a report's reference: one line of at most 128 bytes";
        return SG_EINVAL;
    }
    text_copy(out->type, sizeof out->type, "report");
    text_copy(out->ref, sizeof out->ref, ref);
    return SG_OK;
}

static int check_day(const char *s, date *d)
{
    date today;
    date_today(&today);
    if (!s || date_parse(s, d) != SG_OK || date_compare(d, &today) > 0)
        return SG_EINVAL;
    return SG_OK;
}

/* The checks that need no database, in the order a person would fix them. */
static int check_fields(const relation_input *in, net_rel *type, net_conf *conf, char *first,
                        char *last, const char **field, const char **why)
{
    date f, l;
    *field = "type";
    *why = "recruited_by, exploited_by, associates_with, co_offended_with, sibling_of,"
           " uses_phone, lives_at, seen_at or member_of";
    if (net_rel_parse(in->type, type) != SG_OK)
        return SG_EINVAL;
    *field = "confidence";
    *why = "confirmed, probable or unverified";
    if (in->confidence && *in->confidence && net_conf_parse(in->confidence, conf) != SG_OK)
        return SG_EINVAL;
    if (!in->confidence || !*in->confidence)
        *conf = NC_UNVERIFIED;
    *field = "first_seen";
    *why = "the day the relation was first seen (YYYY-MM-DD), not in the future";
    if (check_day(in->first_seen, &f) != SG_OK)
        return SG_EINVAL;
    date_format(&f, first);
    *field = "last_seen";
    *why = "the day it was last seen (YYYY-MM-DD), not before it was first seen nor in the future";
    if (in->last_seen && *in->last_seen) {
        if (check_day(in->last_seen, &l) != SG_OK || date_compare(&l, &f) < 0)
            return SG_EINVAL;
        date_format(&l, last);
    } else {
        date_format(&f, last);
    }
    *field = NULL;
    *why = NULL;
    return SG_OK;
}

int net_relation_record(store_tx *tx, app *a, const actor *who, const relation_input *in,
                        const net_source *source, const char *import_id, int64_t replaces,
                        net_relation_row *row, const char **field, const char **why)
{
    net_rel type;
    net_conf conf;
    char first[DATE_LEN], last[DATE_LEN];
    int rc = check_fields(in, &type, &conf, first, last, field, why);
    if (rc != SG_OK)
        return rc;
    net_source parsed;
    const net_source *src = source;
    if (!src) {
        *field = "source";
        rc = net_source_parse(tx, who, in->source, &parsed, why);
        if (rc != SG_OK)
            return rc;
        src = &parsed;
    }
    net_end from, to;
    *field = "from";
    rc = net_resolve_end(tx, a, who, in->from, true, &from, why);
    if (rc != SG_OK)
        return rc;
    *field = "to";
    rc = net_resolve_end(tx, a, who, in->to, true, &to, why);
    if (rc != SG_OK)
        return rc;
    if (from.node_id == to.node_id) {
        *why = "a relation joins two different persons or entities, not one to itself";
        return SG_EINVAL;
    }
    *field = "type";
    if (!net_rel_fits(type, from.kind, to.kind, why))
        return SG_EINVAL;
    /* A screening's relations are about its youth. */
    if (src->person_id && !who->system && !net_is_analyst(who) && from.person_id != src->person_id
        && to.person_id != src->person_id) {
        *field = "from";
        *why = "a relation recorded from a screening involves the screened youth";
        return SG_EINVAL;
    }
    memset(row, 0, sizeof *row);
    token_uuid(row->public_id);
    row->from_node = from.node_id;
    row->to_node = to.node_id;
    text_copy(row->type, sizeof row->type, net_rel_code(type));
    text_copy(row->confidence, sizeof row->confidence, net_conf_code(conf));
    text_copy(row->first_seen, sizeof row->first_seen, first);
    text_copy(row->last_seen, sizeof row->last_seen, last);
    text_copy(row->source_type, sizeof row->source_type, src->type);
    text_copy(row->source_ref, sizeof row->source_ref, src->ref);
    text_copy(row->import_id, sizeof row->import_id, import_id ? import_id : "");
    row->org_id = who->org_id;
    row->user_id = who->user_id;
    clock_format_iso(clock_now_ms(), row->created_at);
    row->replaces = replaces;
    *field = NULL;
    *why = NULL;
    return store_net_relation_insert(tx, row);
}
