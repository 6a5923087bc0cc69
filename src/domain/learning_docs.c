/* The reference documents of learning: the indicator explanations, the
 * expert group's offer and the resilience lesson programmes. */
#include <stdio.h>
#include <string.h>

#include "domain/learning_int.h"

/* ---- indicator explanations --------------------------------------------- */

/* The parts every explanation has, each in Dutch and English. */
static const char *const explanation_parts[] = {"school", "street", "online", "why", "not"};

int learning_explanations_parse(const char *text, size_t len, const catalogue *cat,
                                learning_explanations *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    snprintf(why, n, "%s", "");
    int rc = lj_load(text, len, &out->doc, &out->version, why, n);
    if (rc != SG_OK)
        return rc;
    json_t *items = json_object_get(out->doc, "items");
    out->by_id = json_object();
    if (!out->by_id) {
        rc = SG_ENOMEM;
        goto out;
    }
    if (!lj_str(out->doc, "source") || !lj_paragraphs(out->doc, "principles")
        || !json_is_array(items)) {
        rc = lj_fail(why, n, "source, principles (nl, en: paragraphs) and items are required");
        goto out;
    }
    size_t i;
    json_t *e;
    json_array_foreach(items, i, e)
    {
        const char *id = lj_str(e, "id");
        if (!id) {
            rc = lj_fail(why, n, "explanation %zu: \"id\" (an indicator id) is required", i + 1);
            goto out;
        }
        if (cat && !lj_indicator(cat, id)) {
            rc = lj_fail(why, n,
                         "line %d: explanation %zu is of indicator \"%s\", which the published"
                         " catalogue lacks",
                         learning_line_of(text, len, NULL, id), i + 1, id);
            goto out;
        }
        if (json_object_get(out->by_id, id)) {
            rc = lj_fail(why, n, "line %d: indicator \"%s\" is explained twice",
                         learning_line_of(text, len, id, id), id);
            goto out;
        }
        for (size_t p = 0; p < sizeof explanation_parts / sizeof explanation_parts[0]; p++) {
            if (!lj_lang(e, explanation_parts[p])) {
                rc = lj_fail(why, n, "explanation of \"%s\": \"%s\" needs a text in nl and en", id,
                             explanation_parts[p]);
                goto out;
            }
        }
        if (!lj_text(e, "source")) {
            rc = lj_fail(why, n, "explanation of \"%s\": the source is required", id);
            goto out;
        }
        if (json_object_set(out->by_id, id, e) != 0) {
            rc = SG_ENOMEM;
            goto out;
        }
    }
    for (int k = 0; cat && k < cat->count; k++) {
        if (!json_object_get(out->by_id, cat->items[k].code)) {
            rc = lj_fail(why, n, "indicator \"%s\" of the catalogue has no explanation",
                         cat->items[k].code);
            goto out;
        }
    }
out:
    if (rc != SG_OK)
        learning_explanations_free(out);
    return rc;
}

void learning_explanations_free(learning_explanations *e)
{
    if (!e)
        return;
    json_decref(e->by_id);
    json_decref(e->doc);
    memset(e, 0, sizeof *e);
}

json_t *learning_explanation(const learning_explanations *e, const char *code)
{
    return e && code ? json_object_get(e->by_id, code) : NULL;
}

/* ---- the expert group's offer ------------------------------------------- */

static const char *const offer_kinds[] = {"advice", "training-film", "training", "material"};

static bool offer_kind_ok(const char *kind)
{
    for (size_t i = 0; kind && i < sizeof offer_kinds / sizeof offer_kinds[0]; i++)
        if (strcmp(kind, offer_kinds[i]) == 0)
            return true;
    return false;
}

/* Finds the member of list whose "id" is id. */
static json_t *find_by_id(const json_t *list, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        const char *vid = json_string_value(json_object_get(v, "id"));
        if (vid && id && strcmp(vid, id) == 0)
            return v;
    }
    return NULL;
}

int learning_offers_parse(const char *text, size_t len, json_t **out, char *why, size_t n)
{
    snprintf(why, n, "%s", "");
    int version;
    json_t *doc;
    int rc = lj_load(text, len, &doc, &version, why, n);
    if (rc != SG_OK)
        return rc;
    json_t *group = json_object_get(doc, "expert_group"), *offers = json_object_get(doc, "offers");
    if (!lj_str(doc, "source") || !json_is_object(group) || !lj_lang(group, "name")
        || !lj_lang(group, "about") || !lj_str(group, "source") || !json_is_array(offers)
        || json_array_size(offers) == 0) {
        rc = lj_fail(why, n,
                     "source, expert_group (name, about, source) and offers (at least one) are"
                     " required");
        goto out;
    }
    size_t i;
    json_t *o;
    json_array_foreach(offers, i, o)
    {
        const char *id = lj_str(o, "id");
        if (!lj_id(id) || find_by_id(offers, id) != o) {
            rc = lj_fail(why, n, "offer %zu: the id is missing, malformed or used twice", i + 1);
            goto out;
        }
        if (!offer_kind_ok(lj_str(o, "kind")) || !lj_lang(o, "title") || !lj_lang(o, "description")
            || !lj_lang(o, "how_to_request") || !lj_str(o, "source")) {
            rc = lj_fail(why, n,
                         "offer \"%s\": kind (advice, training-film, training or material),"
                         " title, description, how_to_request (nl, en) and source are required",
                         id);
            goto out;
        }
    }
out:
    if (rc == SG_OK)
        *out = doc;
    else
        json_decref(doc);
    return rc;
}

json_t *learning_offer(const json_t *offers, const char *id)
{
    return find_by_id(json_object_get(offers, "offers"), id);
}

/* ---- resilience lesson programmes ----------------------------------------- */

static const char *const themes[] = {"drugs", "undermining", "exploitation", "resilience"};

static bool themes_ok(const json_t *list)
{
    if (!json_is_array(list) || json_array_size(list) == 0)
        return false;
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t)
    {
        bool known = false;
        for (size_t k = 0; k < sizeof themes / sizeof themes[0]; k++)
            known = known || (json_is_string(t) && strcmp(json_string_value(t), themes[k]) == 0);
        if (!known)
            return false;
    }
    return true;
}

int learning_programmes_parse(const char *text, size_t len, json_t **out, char *why, size_t n)
{
    snprintf(why, n, "%s", "");
    int version;
    json_t *doc;
    int rc = lj_load(text, len, &doc, &version, why, n);
    if (rc != SG_OK)
        return rc;
    json_t *groups = json_object_get(doc, "year_groups"),
           *progs = json_object_get(doc, "programmes");
    if (!lj_str(doc, "source") || !json_is_array(groups) || json_array_size(groups) == 0
        || !json_is_array(progs) || json_array_size(progs) == 0) {
        rc = lj_fail(why, n, "source, year_groups and programmes (at least one each) are required");
        goto out;
    }
    size_t i;
    json_t *v;
    json_array_foreach(groups, i, v)
    {
        const char *id = lj_str(v, "id");
        if (!lj_id(id) || find_by_id(groups, id) != v || !lj_str(v, "nl") || !lj_str(v, "en")) {
            rc = lj_fail(why, n, "year group %zu: a unique id, nl and en are required", i + 1);
            goto out;
        }
    }
    json_array_foreach(progs, i, v)
    {
        const char *id = lj_str(v, "id");
        if (!lj_id(id) || find_by_id(progs, id) != v) {
            rc =
                lj_fail(why, n, "programme %zu: the id is missing, malformed or used twice", i + 1);
            goto out;
        }
        if (!lj_str(v, "name") || !lj_str(v, "provider") || !lj_lang(v, "aim")
            || !lj_lang(v, "audience") || !themes_ok(json_object_get(v, "themes"))
            || !lj_text(v, "recognition") || !lj_text(v, "source")) {
            rc = lj_fail(why, n,
                         "programme \"%s\": name, provider, aim and audience (nl, en), themes"
                         " (drugs, undermining, exploitation, resilience), recognition and source"
                         " are required",
                         id);
            goto out;
        }
    }
out:
    if (rc == SG_OK)
        *out = doc;
    else
        json_decref(doc);
    return rc;
}

json_t *learning_programme(const json_t *programmes, const char *id)
{
    return find_by_id(json_object_get(programmes, "programmes"), id);
}

json_t *learning_year_group(const json_t *programmes, const char *id)
{
    return find_by_id(json_object_get(programmes, "year_groups"), id);
}
