/* The rules after a screening (see prosecution.h). */
#include "domain/prosecution.h"

#include <stdio.h>
#include <string.h>

#include "domain/roles.h"
#include "domain/sharing.h"

const char *const prosecution_parts[] = {"screening", "decision", "decision-fact", NULL};

static bool known(const char *const *list, const char *v)
{
    for (int i = 0; v && list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

/* Says what is wrong and refuses; the format is a literal at each use. */
#define fail(why, n, ...) (snprintf((why), (n), __VA_ARGS__), SG_EINVAL)

static bool has_text(json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s && *s;
}

/* Reads a list of strings into out (at most max); false when it is not
 * one. */
static bool read_list(json_t *arr, const char **out, int max, int *n)
{
    size_t i;
    json_t *v;
    *n = 0;
    if (!json_is_array(arr) || json_array_size(arr) > (size_t)max)
        return false;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v) || !*json_string_value(v))
            return false;
        out[(*n)++] = json_string_value(v);
    }
    return true;
}

static int parse_decisions(json_t *arr, prosecution_rules *r, char *why, size_t n)
{
    size_t i;
    json_t *d;
    if (!json_is_array(arr) || json_array_size(arr) == 0
        || json_array_size(arr) > PROSECUTION_MAX_DECISIONS)
        return fail(why, n, "decisions: a list of 1 to 16 decision kinds");
    json_array_foreach(arr, i, d)
    {
        prosecution_decision *pd = &r->decisions[r->ndecisions];
        pd->id = json_string_value(json_object_get(d, "id"));
        if (!pd->id || !has_text(d, "nl") || !has_text(d, "en")
            || !json_is_boolean(json_object_get(d, "final"))
            || !json_is_boolean(json_object_get(d, "non_punishment"))
            || !json_is_boolean(json_object_get(d, "diversion")))
            return fail(why, n,
                        "decision %s: id, nl, en and the booleans final, non_punishment and"
                        " diversion are required",
                        pd->id ? pd->id : "?");
        if (prosecution_decision_find(r, pd->id))
            return fail(why, n, "decision %s appears twice", pd->id);
        pd->final = json_is_true(json_object_get(d, "final"));
        pd->non_punishment = json_is_true(json_object_get(d, "non_punishment"));
        pd->diversion = json_is_true(json_object_get(d, "diversion"));
        json_t *grounds = json_object_get(d, "grounds");
        size_t k;
        json_t *g;
        if (!json_is_array(grounds) || json_array_size(grounds) == 0
            || json_array_size(grounds) > PROSECUTION_MAX_GROUNDS)
            return fail(why, n, "decision %s: a list of 1 to 8 legal grounds", pd->id);
        json_array_foreach(grounds, k, g)
        {
            const char *id = json_string_value(json_object_get(g, "id"));
            if (!id || !*id || !has_text(g, "nl") || !has_text(g, "en") || !has_text(g, "source"))
                return fail(why, n, "decision %s: every ground has an id, nl, en and a source",
                            pd->id);
            pd->grounds[pd->ngrounds++] = id;
        }
        r->ndecisions++;
    }
    return SG_OK;
}

static int parse_diversions(json_t *arr, const screening_rules *screening, prosecution_rules *r,
                            char *why, size_t n)
{
    size_t i;
    json_t *d;
    if (!json_is_array(arr) || json_array_size(arr) == 0
        || json_array_size(arr) > PROSECUTION_MAX_DIVERSIONS)
        return fail(why, n, "diversions: a list of 1 to 8 kinds");
    json_array_foreach(arr, i, d)
    {
        prosecution_diversion *pd = &r->diversions[r->ndiversions];
        pd->id = json_string_value(json_object_get(d, "id"));
        json_t *min = json_object_get(d, "min_age"), *max = json_object_get(d, "max_age");
        if (!pd->id || !*pd->id || !has_text(d, "source") || !json_is_integer(min)
            || !json_is_integer(max))
            return fail(why, n, "diversion %s: id, min_age, max_age and a source are required",
                        pd->id ? pd->id : "?");
        pd->min_age = (int)json_integer_value(min);
        pd->max_age = (int)json_integer_value(max);
        if (pd->min_age < 0 || pd->max_age > 17 || pd->min_age > pd->max_age)
            return fail(why, n, "diversion %s: ages within 0 to 17, min_age <= max_age", pd->id);
        if (!read_list(json_object_get(d, "offences"), pd->offences, PROSECUTION_MAX_LIST,
                       &pd->noffences))
            return fail(why, n, "diversion %s: offences is a list of offence ids", pd->id);
        for (int k = 0; screening && k < pd->noffences; k++)
            if (screening_offence_index(screening, pd->offences[k]) < 0)
                return fail(why, n, "diversion %s names an offence the screening does not know",
                            pd->id);
        r->ndiversions++;
    }
    return SG_OK;
}

static int parse_waits(json_t *obj, prosecution_rules *r, char *why, size_t n)
{
    static const char *const signs[] = {"none", "possible", "strong"};
    if (!json_is_object(obj) || !has_text(obj, "source"))
        return fail(why, n, "diversion_waits: an object with a source");
    for (int s = 0; s < 3; s++) {
        const char *v = json_string_value(json_object_get(obj, signs[s]));
        if (v && strcmp(v, "screening-completed") == 0)
            r->waits[s] = WAIT_SCREENING_COMPLETED;
        else if (v && strcmp(v, "om-decision") == 0)
            r->waits[s] = WAIT_OM_DECISION;
        else
            return fail(why, n,
                        "diversion_waits.%s: screening-completed or om-decision is required",
                        signs[s]);
    }
    /* Signs of exploitation always wait for the OM: the rules may not say
     * otherwise (Aanwijzing mensenhandel: the weighing comes first). */
    if (r->waits[SIGNS_POSSIBLE] != WAIT_OM_DECISION || r->waits[SIGNS_STRONG] != WAIT_OM_DECISION)
        return fail(why, n,
                    "diversion_waits: with possible or strong signs a diversion waits for"
                    " the OM's decision");
    return SG_OK;
}

static int parse_comensha(json_t *obj, prosecution_rules *r, char *why, size_t n)
{
    const char *on[PROSECUTION_MAX_LIST];
    int non = 0;
    if (!json_is_object(obj) || !has_text(obj, "source")
        || !read_list(json_object_get(obj, "offer_on_signs"), on, PROSECUTION_MAX_LIST, &non)
        || !json_is_boolean(json_object_get(obj, "offer_on_possible_victim")))
        return fail(why, n,
                    "comensha: offer_on_signs, offer_on_possible_victim and a source are"
                    " required");
    for (int i = 0; i < non; i++) {
        screening_signs s;
        if (screening_signs_parse(on[i], &s) != SG_OK)
            return fail(why, n, "comensha.offer_on_signs: %s is not none, possible or strong",
                        on[i]);
        r->comensha_on_signs[s] = true;
    }
    r->comensha_on_possible_victim = json_is_true(json_object_get(obj, "offer_on_possible_victim"));
    json_t *what = json_object_get(obj, "what");
    size_t i;
    json_t *w;
    if (!json_is_array(what) || json_array_size(what) == 0
        || json_array_size(what) > PROSECUTION_MAX_LIST)
        return fail(why, n, "comensha.what: a list of 1 to 16 kinds of report");
    json_array_foreach(what, i, w)
    {
        const char *id = json_string_value(json_object_get(w, "id"));
        if (!id || !*id || !has_text(w, "nl") || !has_text(w, "en"))
            return fail(why, n, "comensha.what: every kind has an id, nl and en");
        r->comensha_what[r->ncomensha_what++] = id;
    }
    return SG_OK;
}

static int parse_sharing(json_t *arr, prosecution_rules *r, char *why, size_t n)
{
    size_t i;
    json_t *s;
    if (!json_is_array(arr) || json_array_size(arr) == 0
        || json_array_size(arr) > PROSECUTION_MAX_SHARES)
        return fail(why, n, "sharing: a list of 1 to 8 parts");
    json_array_foreach(arr, i, s)
    {
        prosecution_share *ps = &r->shares[r->nshares];
        ps->part = json_string_value(json_object_get(s, "part"));
        if (!ps->part || !*ps->part || !has_text(s, "source")
            || !read_list(json_object_get(s, "to"), ps->to, PROSECUTION_MAX_LIST, &ps->nto))
            return fail(why, n, "sharing %s: part, to and a source are required",
                        ps->part ? ps->part : "?");
        if (!known(prosecution_parts, ps->part))
            return fail(why, n, "sharing %s: the parts are screening, decision and decision-fact",
                        ps->part);
        for (int k = 0; k < ps->nto; k++) {
            org_type t;
            if (org_type_parse(ps->to[k], &t) != SG_OK)
                return fail(why, n, "sharing %s: an unknown organisation type", ps->part);
        }
        json_t *bases = json_object_get(s, "bases");
        if (bases && !read_list(bases, ps->bases, PROSECUTION_MAX_LIST, &ps->nbases))
            return fail(why, n, "sharing %s: bases is a list of legal bases", ps->part);
        for (int k = 0; k < ps->nbases; k++)
            if (!known(sharing_bases, ps->bases[k]))
                return fail(why, n, "sharing %s: %s is not a legal basis", ps->part, ps->bases[k]);
        for (int k = 0; k < r->nshares; k++)
            if (strcmp(r->shares[k].part, ps->part) == 0)
                return fail(why, n, "sharing %s appears twice", ps->part);
        r->nshares++;
    }
    return SG_OK;
}

int prosecution_rules_parse(const char *text, size_t len, const screening_rules *screening,
                            prosecution_rules *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    json_error_t err;
    out->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!out->doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", err.line, err.text);
        return SG_EINVAL;
    }
    json_t *v = json_object_get(out->doc, "version");
    int rc = SG_OK;
    if (!json_is_integer(v) || json_integer_value(v) < 1)
        rc = fail(why, n, "version: a whole number from 1");
    else
        out->version = (int)json_integer_value(v);
    if (rc == SG_OK)
        rc = parse_decisions(json_object_get(out->doc, "decisions"), out, why, n);
    if (rc == SG_OK)
        rc = parse_diversions(json_object_get(out->doc, "diversions"), screening, out, why, n);
    if (rc == SG_OK)
        rc = parse_waits(json_object_get(out->doc, "diversion_waits"), out, why, n);
    if (rc == SG_OK)
        rc = parse_comensha(json_object_get(out->doc, "comensha"), out, why, n);
    if (rc == SG_OK)
        rc = parse_sharing(json_object_get(out->doc, "sharing"), out, why, n);
    if (rc != SG_OK)
        prosecution_rules_free(out);
    return rc;
}

void prosecution_rules_free(prosecution_rules *r)
{
    if (!r)
        return;
    json_decref(r->doc);
    memset(r, 0, sizeof *r);
}

const prosecution_decision *prosecution_decision_find(const prosecution_rules *r, const char *id)
{
    for (int i = 0; id && i < r->ndecisions; i++)
        if (strcmp(r->decisions[i].id, id) == 0)
            return &r->decisions[i];
    return NULL;
}

bool prosecution_ground_fits(const prosecution_decision *d, const char *ground)
{
    for (int i = 0; d && ground && i < d->ngrounds; i++)
        if (strcmp(d->grounds[i], ground) == 0)
            return true;
    return false;
}

static bool in_list(const char *const *list, int n, const char *v)
{
    for (int i = 0; v && i < n; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

int prosecution_diversion_check(const prosecution_rules *r, const diversion_case *c,
                                const char **why)
{
    const prosecution_diversion *d = NULL;
    for (int i = 0; c->kind && i < r->ndiversions; i++)
        if (strcmp(r->diversions[i].id, c->kind) == 0)
            d = &r->diversions[i];
    if (!d) {
        *why = "not a kind of diversion";
        return SG_EINVAL;
    }
    if (!c->completed) {
        *why = "screen this arrest for signs of exploitation first: a diversion (Halt, reprimand)"
               " can only be recorded once the screening is complete";
        return SG_ESTATE;
    }
    if (r->waits[c->signs] == WAIT_OM_DECISION) {
        if (c->om_decided_otherwise) {
            *why = "the OM decided otherwise on this arrest: no diversion";
            return SG_ESTATE;
        }
        if (!c->om_decided_to_divert) {
            *why = "with signs of exploitation a diversion waits for the OM: only after the OM"
                   " has weighed the non-punishment principle and decided to divert";
            return SG_ESTATE;
        }
    }
    if (c->age < d->min_age || c->age > d->max_age) {
        *why = "the youth's age on the day of the arrest is outside this diversion's ages";
        return SG_EINVAL;
    }
    if (d->noffences > 0 && !in_list(d->offences, d->noffences, c->offence)) {
        *why = "the offence is not one this diversion may settle";
        return SG_EINVAL;
    }
    return SG_OK;
}

bool prosecution_comensha_offered(const prosecution_rules *r, screening_signs signs,
                                  bool possible_victim)
{
    return ((unsigned)signs < 3 && r->comensha_on_signs[signs])
           || (possible_victim && r->comensha_on_possible_victim);
}

bool prosecution_comensha_what_known(const prosecution_rules *r, const char *what)
{
    return in_list(r->comensha_what, r->ncomensha_what, what);
}

int prosecution_share_check(const prosecution_rules *r, const char *part, const char *to_type,
                            const char *basis, char *why, size_t n)
{
    for (int i = 0; i < r->nshares; i++) {
        const prosecution_share *s = &r->shares[i];
        if (strcmp(s->part, part) != 0)
            continue;
        if (!in_list(s->to, s->nto, to_type)) {
            size_t used = (size_t)snprintf(why, n, "%s goes only to organisations of type", part);
            for (int k = 0; k < s->nto && used < n; k++)
                used += (size_t)snprintf(why + used, n - used, "%s %s", k ? "," : "", s->to[k]);
            return SG_EINVAL;
        }
        if (s->nbases > 0 && !in_list(s->bases, s->nbases, basis)) {
            size_t used = (size_t)snprintf(why, n, "%s goes only on the legal basis", part);
            for (int k = 0; k < s->nbases && used < n; k++)
                used +=
                    (size_t)snprintf(why + used, n - used, "%s %s", k ? " or" : "", s->bases[k]);
            return SG_EINVAL;
        }
        return SG_OK;
    }
    return SG_OK;
}
