/* Where the knowledge arises: relations recorded with a police screening
 * and with the OM's decision, and the adoption of decisions' "victim of"
 * texts from before the network. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/network/network_int.h"

#define SCREENING_RELATIONS_MAX 20
#define ADOPT_BATCH 100

static const char *const screening_types[] = {"recruited_by", "exploited_by", "co_offended_with",
                                              NULL};

static bool screening_type(const char *t)
{
    for (int i = 0; t && screening_types[i]; i++)
        if (strcmp(t, screening_types[i]) == 0)
            return true;
    return false;
}

/* Sets err to "<what> <n>: why" on field and returns SG_EINVAL. */
static int item_invalid(svc_error *err, const char *field, const char *what, size_t n,
                        const char *part, const char *why)
{
    if (err) {
        snprintf(err->text, sizeof err->text, "%s %zu%s%s: %s", what, n, part ? ", " : "",
                 part ? part : "", why ? why : "is not valid");
        err->field = field;
        err->reason = err->text;
    }
    return SG_EINVAL;
}

int network_screening_relations(store_tx *tx, app *a, const actor *who, int64_t person_id,
                                const char *screening_id, const char *arrested_on,
                                json_t *relations, svc_error *err)
{
    if (!relations || json_array_size(relations) == 0)
        return SG_OK;
    if (!json_is_array(relations) || json_array_size(relations) > SCREENING_RELATIONS_MAX)
        return svc_invalid(err, "relations", "at most 20 relations");
    char youth[STORE_ID_LEN];
    int rc = store_person_public_id(tx, person_id, youth);
    if (rc != SG_OK)
        return rc;
    net_source src = {.type = "screening", .person_id = person_id};
    text_copy(src.ref, sizeof src.ref, screening_id);
    size_t i;
    json_t *item;
    json_array_foreach(relations, i, item)
    {
        const char *type = json_string_value(json_object_get(item, "type"));
        const char *other = json_string_value(json_object_get(item, "other"));
        const char *conf = json_string_value(json_object_get(item, "confidence"));
        if (!screening_type(type))
            return item_invalid(err, "relations", "relation", i + 1, "type",
                                "recruited_by (who recruited the youth), exploited_by (who"
                                " directed them) or co_offended_with (arrested with them)");
        relation_input in = {.from = youth,
                             .to = other,
                             .type = type,
                             .confidence = conf,
                             .first_seen = arrested_on,
                             .last_seen = NULL,
                             .source = NULL};
        net_relation_row row;
        const char *field = NULL, *why = NULL;
        rc = net_relation_record(tx, a, who, &in, &src, NULL, 0, &row, &field, &why);
        if (rc == SG_EINVAL)
            return item_invalid(err, "relations", "relation", i + 1,
                                field && strcmp(field, "to") == 0 ? "other" : field, why);
        if (rc == SG_OK)
            rc = net_audit(tx, a, who, "relation.create", "relation", row.public_id, person_id,
                           "record who recruited, directed or was arrested with the youth");
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

json_t *network_screening_relations_json(store_tx *tx, app *a, const char *screening_id)
{
    net_relation_row *rows = sg_calloc(SCREENING_RELATIONS_MAX * 4, sizeof *rows);
    json_t *list = json_array();
    net_relation_filter f = {.source_type = "screening",
                             .source_ref = screening_id,
                             .limit = SCREENING_RELATIONS_MAX * 4};
    int n = 0;
    if (!rows || !list || store_net_relation_list(tx, &f, rows, &n) != SG_OK) {
        sg_free(rows);
        json_decref(list);
        return NULL;
    }
    for (int i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s, s:s, s:o, s:s}", "id", rows[i].public_id,
                                              "type", rows[i].type, "other",
                                              net_node_json(tx, a, rows[i].to_node), "confidence",
                                              rows[i].confidence));
    sg_free(rows);
    return list;
}

/* Records "youth exploited_by other" from a decision. */
static int exploited_by(store_tx *tx, app *a, const actor *who, int64_t person_id,
                        const char *youth, const char *other, const net_source *src,
                        const char *day, const char **field, const char **why)
{
    relation_input in = {.from = youth,
                         .to = other,
                         .type = "exploited_by",
                         .confidence = "probable",
                         .first_seen = day,
                         .source = NULL};
    net_relation_row row;
    int rc = net_relation_record(tx, a, who, &in, src, NULL, 0, &row, field, why);
    if (rc == SG_OK)
        rc = net_audit(tx, a, who, "relation.create", "relation", row.public_id, person_id,
                       "record whose victim the youth is, from the OM's decision");
    return rc;
}

static bool names_an_end(const char *s)
{
    return s && (token_is_uuid(s) || text_starts_with(s, "ext:"));
}

int network_decision_relations(store_tx *tx, app *a, const actor *who, int64_t person_id,
                               const char *decision_id, const char *victim_of,
                               json_t *victim_of_ids, svc_error *err)
{
    if (!names_an_end(victim_of) && json_array_size(victim_of_ids) == 0)
        return SG_OK;
    char youth[STORE_ID_LEN], day[DATE_LEN];
    int rc = store_person_public_id(tx, person_id, youth);
    if (rc != SG_OK)
        return rc;
    date today;
    date_today(&today);
    date_format(&today, day);
    net_source src = {.type = "decision", .person_id = person_id};
    text_copy(src.ref, sizeof src.ref, decision_id);
    const char *field = NULL, *why = NULL;
    if (names_an_end(victim_of)) {
        rc = exploited_by(tx, a, who, person_id, youth, victim_of, &src, day, &field, &why);
        if (rc == SG_EINVAL)
            return svc_invalid(err, "victim_of", why);
        if (rc != SG_OK)
            return rc;
    }
    size_t i;
    json_t *v;
    json_array_foreach(victim_of_ids, i, v)
    {
        rc = exploited_by(tx, a, who, person_id, youth, json_string_value(v), &src, day, &field,
                          &why);
        if (rc == SG_EINVAL)
            return item_invalid(err, "victim_of_ids", "exploiter", i + 1, NULL, why);
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

/* ---- decisions from before the network ----------------------------------- */

typedef struct adopt_ctx {
    app *a;
    const actor *who;
    int adopted, kept;
    int64_t after;
    bool more;
} adopt_ctx;

static int adopt_one(store_tx *tx, adopt_ctx *ac, const net_victim_of_row *d)
{
    char ad[96], *text = NULL;
    snprintf(ad, sizeof ad, "prosecution_decisions.victim_of:%s", d->decision_public_id);
    int rc = vault_open_text(ac->a->keys, ad, d->victim_of_enc, d->victim_of_enc_len, &text);
    if (rc != SG_OK)
        return rc;
    char ref[STORE_ID_LEN * 2];
    size_t len = 0;
    for (const char *p = text; *p && len + 1 < sizeof ref; p++)
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r')
            ref[len++] = *p;
    ref[len] = '\0';
    sg_free(text);
    person_row p;
    bool person = token_is_uuid(ref) && store_person_find_public(tx, ref, &p) == SG_OK;
    if (person)
        store_person_clear(&p);
    /* Adopted once: a relation from this decision exists already. */
    net_relation_row existing;
    net_relation_filter f = {.source_type = "decision",
                             .source_ref = d->decision_public_id,
                             .include_retired = true,
                             .limit = 1};
    int n = 0;
    if (person)
        rc = store_net_relation_list(tx, &f, &existing, &n);
    if (rc != SG_OK || !person || n > 0) {
        ac->kept += rc == SG_OK && !person;
        return rc;
    }
    /* Recorded as the prosecutor who decided, by the operator's hand. */
    actor as = *ac->who;
    as.org_id = d->om_org_id;
    as.user_id = d->prosecutor_id;
    char youth[STORE_ID_LEN];
    net_source src = {.type = "decision", .person_id = d->person_id};
    text_copy(src.ref, sizeof src.ref, d->decision_public_id);
    const char *field = NULL, *why = NULL;
    rc = store_person_public_id(tx, d->person_id, youth);
    if (rc == SG_OK)
        rc = exploited_by(tx, ac->a, &as, d->person_id, youth, ref, &src, d->decided_on, &field,
                          &why);
    if (rc == SG_EINVAL) { /* not a relation that fits: the text stays a note */
        ac->kept++;
        return SG_OK;
    }
    ac->adopted += rc == SG_OK;
    return rc;
}

static int adopt_job(store_tx *tx, void *arg)
{
    adopt_ctx *ac = arg;
    net_victim_of_row *rows = sg_calloc(ADOPT_BATCH, sizeof *rows);
    int n = 0;
    int rc = rows ? store_net_victim_of_list(tx, ac->after, rows, ADOPT_BATCH, &n) : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        rc = adopt_one(tx, ac, &rows[i]);
        ac->after = rows[i].decision_id;
    }
    for (int i = 0; i < n; i++)
        store_net_victim_of_clear(&rows[i]);
    sg_free(rows);
    ac->more = rc == SG_OK && n == ADOPT_BATCH;
    return rc;
}

int network_adopt_victim_of(app *a, const actor *who, int *adopted, int *kept)
{
    if (!who->system)
        return SG_EFORBIDDEN;
    adopt_ctx ac = {.a = a, .who = who, .more = true};
    int rc = SG_OK;
    while (rc == SG_OK && ac.more)
        rc = store_write(a->db, adopt_job, &ac);
    *adopted = ac.adopted;
    *kept = ac.kept;
    return rc;
}
