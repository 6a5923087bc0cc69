/* The learning content (paths, modules, fictional cases) and the feedback
 * on a learner's answer to a case. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "domain/learning_int.h"
#include "domain/roles.h"

/* ---- shared checks ---------------------------------------------------- */

int lj_fail(char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
    return SG_EINVAL;
}

int lj_load(const char *text, size_t len, json_t **doc, int *version, char *why, size_t n)
{
    json_error_t err;
    *doc = NULL;
    json_t *d = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    if (!d)
        return lj_fail(why, n, "line %d: not valid JSON: %s", err.line, err.text);
    json_t *v = json_object_get(d, "version");
    if (!json_is_object(d) || !json_is_integer(v) || json_integer_value(v) < 1
        || json_integer_value(v) > 1000000) {
        json_decref(d);
        return lj_fail(why, n, "the file must be a JSON object with a whole \"version\" >= 1");
    }
    *version = (int)json_integer_value(v);
    *doc = d;
    return SG_OK;
}

const char *lj_str(const json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s && !text_is_blank(s) ? s : NULL;
}

bool lj_lang(const json_t *o, const char *key)
{
    json_t *l = json_object_get(o, key);
    return json_is_object(l) && lj_str(l, "nl") && lj_str(l, "en");
}

bool lj_text(const json_t *o, const char *key)
{
    return lj_str(o, key) || lj_lang(o, key);
}

static bool texts_ok(const json_t *list)
{
    if (!json_is_array(list) || json_array_size(list) == 0)
        return false;
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t)
    {
        if (!json_is_string(t) || text_is_blank(json_string_value(t)))
            return false;
    }
    return true;
}

bool lj_paragraphs(const json_t *o, const char *key)
{
    json_t *l = json_object_get(o, key);
    return json_is_object(l) && texts_ok(json_object_get(l, "nl"))
           && texts_ok(json_object_get(l, "en"));
}

bool lj_id(const char *s)
{
    return s && text_is_slug(s, LEARNING_ID_MAX);
}

const indicator_row *lj_indicator(const catalogue *cat, const char *code)
{
    for (int i = 0; cat && code && i < cat->count; i++)
        if (strcmp(cat->items[i].code, code) == 0)
            return &cat->items[i];
    return NULL;
}

/* ---- finding the line of a reference ----------------------------------- */

static const char *find_string(const char *from, const char *end, const char *s)
{
    size_t sl = strlen(s);
    for (const char *p = from; p + sl + 2 <= end; p++)
        if (*p == '"' && memcmp(p + 1, s, sl) == 0 && p[sl + 1] == '"')
            return p;
    return NULL;
}

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        p++;
    return p;
}

/* Where "id": "owner" stands, or NULL. */
static const char *find_owner(const char *text, const char *end, const char *owner)
{
    for (const char *p = find_string(text, end, "id"); p; p = find_string(p + 1, end, "id")) {
        const char *q = skip_space(p + 4, end);
        if (q >= end || *q != ':')
            continue;
        q = skip_space(q + 1, end);
        size_t ol = strlen(owner);
        if (q + ol + 2 <= end && *q == '"' && memcmp(q + 1, owner, ol) == 0 && q[ol + 1] == '"')
            return q;
    }
    return NULL;
}

int learning_line_of(const char *text, size_t len, const char *owner, const char *needle)
{
    const char *end = text + len, *from = text;
    if (owner) {
        from = find_owner(text, end, owner);
        if (!from)
            return 0;
    }
    const char *at = find_string(from, end, needle);
    if (!at)
        return 0;
    int line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

/* ---- the content ------------------------------------------------------- */

typedef struct parse_ctx {
    const char *text;
    size_t len;
    const catalogue *cat;
    char *why;
    size_t n;
} parse_ctx;

/* Refuses a reference to an indicator the catalogue lacks, naming its line. */
static int check_indicator(const parse_ctx *pc, const char *owner, const char *what,
                           const char *code)
{
    if (!pc->cat || lj_indicator(pc->cat, code))
        return SG_OK;
    int line = learning_line_of(pc->text, pc->len, owner, code);
    return lj_fail(pc->why, pc->n,
                   "line %d: %s \"%s\" refers to indicator \"%s\", which the published catalogue"
                   " lacks",
                   line, what, owner, code);
}

static bool id_taken(const learning_content *c, const char *id)
{
    return learning_find_module(c, id) || learning_find_case(c, id);
}

static int parse_module(const parse_ctx *pc, json_t *m, size_t idx, learning_content *c)
{
    const char *id = lj_str(m, "id");
    if (!lj_id(id))
        return lj_fail(pc->why, pc->n,
                       "module %zu: \"id\" must be 1-%d characters of a-z 0-9 . _ -", idx + 1,
                       LEARNING_ID_MAX);
    if (id_taken(c, id))
        return lj_fail(pc->why, pc->n, "module \"%s\": the id is used twice", id);
    json_t *minutes = json_object_get(m, "minutes"), *inds = json_object_get(m, "indicators");
    if (!lj_lang(m, "title") || !lj_paragraphs(m, "body") || !lj_text(m, "source")
        || !json_is_integer(minutes) || json_integer_value(minutes) < 1
        || json_integer_value(minutes) > 60 || !json_is_array(inds))
        return lj_fail(pc->why, pc->n,
                       "module \"%s\": title (nl, en), body (nl, en: paragraphs), minutes (1-60),"
                       " indicators (a list) and source are required",
                       id);
    size_t i;
    json_t *code;
    json_array_foreach(inds, i, code)
    {
        if (!json_is_string(code))
            return lj_fail(pc->why, pc->n, "module \"%s\": indicators are ids like \"SCH-01\"", id);
        int rc = check_indicator(pc, id, "module", json_string_value(code));
        if (rc != SG_OK)
            return rc;
    }
    if (c->nmodules >= LEARNING_MAX_MODULES)
        return lj_fail(pc->why, pc->n, "more than %d modules", LEARNING_MAX_MODULES);
    c->modules[c->nmodules++] = (learning_module){.id = id, .obj = m};
    return SG_OK;
}

static int by_code(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Adds the codes of list (signs when expected) to the case's options. */
static int add_options(const parse_ctx *pc, learning_case *lc, json_t *list, bool expected)
{
    size_t i;
    json_t *code;
    json_array_foreach(list, i, code)
    {
        const char *s = json_string_value(code);
        if (!s)
            return lj_fail(pc->why, pc->n, "case \"%s\": indicators are ids like \"SCH-01\"",
                           lc->id);
        int rc = check_indicator(pc, lc->id, "case", s);
        if (rc != SG_OK)
            return rc;
        for (int k = 0; k < lc->noptions; k++)
            if (strcmp(lc->options[k], s) == 0)
                return lj_fail(pc->why, pc->n,
                               "line %d: case \"%s\" names indicator \"%s\" twice (as a sign"
                               " and a distractor, or twice in one list)",
                               learning_line_of(pc->text, pc->len, lc->id, s), lc->id, s);
        if (lc->noptions >= LEARNING_MAX_OPTIONS)
            return lj_fail(pc->why, pc->n, "case \"%s\": more than %d indicators to choose from",
                           lc->id, LEARNING_MAX_OPTIONS);
        lc->options[lc->noptions] = s;
        lc->expected[lc->noptions++] = expected;
    }
    return SG_OK;
}

static int parse_case(const parse_ctx *pc, json_t *k, size_t idx, learning_content *c)
{
    const char *id = lj_str(k, "id");
    if (!lj_id(id))
        return lj_fail(pc->why, pc->n, "case %zu: \"id\" must be 1-%d characters of a-z 0-9 . _ -",
                       idx + 1, LEARNING_ID_MAX);
    if (id_taken(c, id))
        return lj_fail(pc->why, pc->n, "case \"%s\": the id is used twice", id);
    if (!json_is_true(json_object_get(k, "fictional")))
        return lj_fail(pc->why, pc->n,
                       "case \"%s\": every case must be fictional and say so (\"fictional\": true)",
                       id);
    json_t *signs = json_object_get(k, "signs"), *distractors = json_object_get(k, "distractors");
    json_t *expl = json_object_get(k, "explanations"), *minutes = json_object_get(k, "minutes");
    if (!lj_lang(k, "title") || !lj_paragraphs(k, "story") || !lj_lang(k, "lesson")
        || !lj_text(k, "source") || !json_is_array(signs) || json_array_size(signs) == 0
        || !json_is_array(distractors) || !json_is_object(expl) || !json_is_integer(minutes)
        || json_integer_value(minutes) < 1 || json_integer_value(minutes) > 60)
        return lj_fail(pc->why, pc->n,
                       "case \"%s\": title, story (paragraphs), signs (at least one), distractors,"
                       " explanations, lesson, minutes (1-60) and source are required",
                       id);
    if (c->ncases >= LEARNING_MAX_CASES)
        return lj_fail(pc->why, pc->n, "more than %d cases", LEARNING_MAX_CASES);
    learning_case *lc = &c->cases[c->ncases];
    memset(lc, 0, sizeof *lc);
    lc->id = id;
    lc->obj = k;
    int rc = add_options(pc, lc, signs, true);
    if (rc == SG_OK)
        rc = add_options(pc, lc, distractors, false);
    if (rc != SG_OK)
        return rc;
    /* Every indicator offered is explained in the case's own words. */
    for (int i = 0; i < lc->noptions; i++)
        if (!lj_lang(expl, lc->options[i]))
            return lj_fail(pc->why, pc->n,
                           "case \"%s\": explanations lacks \"%s\" (nl and en): every indicator"
                           " offered must be explained",
                           id, lc->options[i]);
    const char *key;
    json_t *v;
    json_object_foreach(expl, key, v)
    {
        bool offered = false;
        for (int i = 0; i < lc->noptions; i++)
            offered = offered || strcmp(lc->options[i], key) == 0;
        if (!offered)
            return lj_fail(pc->why, pc->n,
                           "line %d: case \"%s\" explains \"%s\", which it does not offer",
                           learning_line_of(pc->text, pc->len, id, key), id, key);
    }
    /* Offered in catalogue order, so that the signs do not come first. */
    const char *sorted[LEARNING_MAX_OPTIONS];
    bool exp[LEARNING_MAX_OPTIONS];
    memcpy(sorted, lc->options, sizeof sorted);
    qsort(sorted, (size_t)lc->noptions, sizeof sorted[0], by_code);
    for (int i = 0; i < lc->noptions; i++)
        for (int j = 0; j < lc->noptions; j++)
            if (sorted[i] == lc->options[j])
                exp[i] = lc->expected[j];
    memcpy(lc->options, sorted, sizeof sorted);
    memcpy(lc->expected, exp, sizeof exp);
    c->ncases++;
    return SG_OK;
}

static int parse_path(const parse_ctx *pc, json_t *p, size_t idx, const json_t *offers,
                      learning_content *c)
{
    const char *id = lj_str(p, "id");
    if (!lj_id(id))
        return lj_fail(pc->why, pc->n, "path %zu: \"id\" must be 1-%d characters of a-z 0-9 . _ -",
                       idx + 1, LEARNING_ID_MAX);
    if (learning_find_path(c, id))
        return lj_fail(pc->why, pc->n, "path \"%s\": the id is used twice", id);
    json_t *roles = json_object_get(p, "roles"), *items = json_object_get(p, "items");
    json_t *offer_ids = json_object_get(p, "offers");
    if (!lj_lang(p, "title") || !lj_lang(p, "summary") || !json_is_array(roles)
        || json_array_size(roles) == 0 || !json_is_array(items) || json_array_size(items) == 0
        || json_array_size(items) > LEARNING_MAX_PATH_ITEMS
        || (offer_ids && !json_is_array(offer_ids)))
        return lj_fail(pc->why, pc->n,
                       "path \"%s\": title, summary, roles and items (1-%d module or case ids)"
                       " are required; offers, when given, is a list",
                       id, LEARNING_MAX_PATH_ITEMS);
    if (c->npaths >= LEARNING_MAX_PATHS)
        return lj_fail(pc->why, pc->n, "more than %d paths", LEARNING_MAX_PATHS);
    learning_path *lp = &c->paths[c->npaths];
    memset(lp, 0, sizeof *lp);
    lp->id = id;
    lp->obj = p;
    size_t i;
    json_t *v;
    json_array_foreach(roles, i, v)
    {
        role r;
        if (role_parse(json_string_value(v), &r) != SG_OK)
            return lj_fail(pc->why, pc->n, "path \"%s\": \"%s\" is not a role", id,
                           json_is_string(v) ? json_string_value(v) : "?");
        lp->roles |= ROLE_BIT(r);
    }
    json_array_foreach(items, i, v)
    {
        const char *item = json_string_value(v);
        if (!item || !id_taken(c, item))
            return lj_fail(
                pc->why, pc->n, "line %d: path \"%s\" names \"%s\", which is no module or case",
                learning_line_of(pc->text, pc->len, id, item ? item : ""), id, item ? item : "?");
        if (learning_path_has(lp, item))
            return lj_fail(pc->why, pc->n, "path \"%s\" names \"%s\" twice", id, item);
        lp->items[lp->nitems++] = item;
    }
    json_array_foreach(offer_ids, i, v)
    {
        const char *offer = json_string_value(v);
        if (!offer || (offers && !learning_offer(offers, offer)))
            return lj_fail(pc->why, pc->n,
                           "line %d: path \"%s\" names offer \"%s\", which the expert group's"
                           " published offer lacks",
                           learning_line_of(pc->text, pc->len, id, offer ? offer : ""), id,
                           offer ? offer : "?");
    }
    c->npaths++;
    return SG_OK;
}

int learning_content_parse(const char *text, size_t len, const catalogue *cat, const json_t *offers,
                           learning_content *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    snprintf(why, n, "%s", "");
    int rc = lj_load(text, len, &out->doc, &out->version, why, n);
    if (rc != SG_OK)
        return rc;
    parse_ctx pc = {.text = text, .len = len, .cat = cat, .why = why, .n = n};
    json_t *paths = json_object_get(out->doc, "paths"),
           *mods = json_object_get(out->doc, "modules");
    json_t *cases = json_object_get(out->doc, "cases");
    if (!lj_str(out->doc, "source") || !lj_lang(out->doc, "fictional_notice")
        || !json_is_array(paths) || json_array_size(paths) == 0 || !json_is_array(mods)
        || !json_is_array(cases) || json_array_size(cases) == 0) {
        rc = lj_fail(why, n,
                     "source, fictional_notice (nl, en), paths, modules and cases (at least one)"
                     " are required");
        goto out;
    }
    size_t i;
    json_t *v;
    json_array_foreach(mods, i, v)
    {
        if (rc == SG_OK)
            rc = parse_module(&pc, v, i, out);
    }
    json_array_foreach(cases, i, v)
    {
        if (rc == SG_OK)
            rc = parse_case(&pc, v, i, out);
    }
    json_array_foreach(paths, i, v)
    {
        if (rc == SG_OK)
            rc = parse_path(&pc, v, i, offers, out);
    }
out:
    if (rc != SG_OK)
        learning_content_free(out);
    return rc;
}

void learning_content_free(learning_content *c)
{
    if (!c)
        return;
    json_decref(c->doc);
    memset(c, 0, sizeof *c);
}

const learning_path *learning_find_path(const learning_content *c, const char *id)
{
    for (int i = 0; id && i < c->npaths; i++)
        if (strcmp(c->paths[i].id, id) == 0)
            return &c->paths[i];
    return NULL;
}

const learning_module *learning_find_module(const learning_content *c, const char *id)
{
    for (int i = 0; id && i < c->nmodules; i++)
        if (strcmp(c->modules[i].id, id) == 0)
            return &c->modules[i];
    return NULL;
}

const learning_case *learning_find_case(const learning_content *c, const char *id)
{
    for (int i = 0; id && i < c->ncases; i++)
        if (strcmp(c->cases[i].id, id) == 0)
            return &c->cases[i];
    return NULL;
}

bool learning_path_has(const learning_path *p, const char *item)
{
    for (int i = 0; item && i < p->nitems; i++)
        if (strcmp(p->items[i], item) == 0)
            return true;
    return false;
}

/* ---- feedback ---------------------------------------------------------- */

int learning_feedback_for(const learning_case *c, const char *const *picked, int npicked,
                          learning_feedback *out, char *why, size_t n)
{
    memset(out, 0, sizeof *out);
    bool chosen[LEARNING_MAX_OPTIONS] = {false};
    for (int p = 0; p < npicked; p++) {
        int at = -1;
        for (int i = 0; picked[p] && i < c->noptions; i++)
            if (strcmp(c->options[i], picked[p]) == 0)
                at = i;
        if (at < 0)
            return lj_fail(why, n, "\"%s\" is not one of the indicators offered in this case",
                           picked[p] ? picked[p] : "");
        if (chosen[at])
            return lj_fail(why, n, "\"%s\" is picked twice", picked[p]);
        chosen[at] = true;
    }
    for (int i = 0; i < c->noptions; i++) {
        if (c->expected[i]) {
            out->expected++;
            out->marks[i] = chosen[i] ? LEARNING_NOTICED : LEARNING_MISSED;
        } else {
            out->marks[i] = chosen[i] ? LEARNING_WRONG : LEARNING_LEFT_OUT;
        }
        out->noticed += out->marks[i] == LEARNING_NOTICED;
        out->missed += out->marks[i] == LEARNING_MISSED;
        out->wrong += out->marks[i] == LEARNING_WRONG;
    }
    out->complete = out->missed == 0 && out->wrong == 0;
    return SG_OK;
}

const char *learning_mark_code(learning_mark m)
{
    switch (m) {
    case LEARNING_NOTICED:
        return "noticed";
    case LEARNING_MISSED:
        return "missed";
    case LEARNING_WRONG:
        return "wrongly-picked";
    case LEARNING_LEFT_OUT:
        return "rightly-left-out";
    }
    return "";
}

json_t *learning_feedback_json(const learning_case *c, const learning_feedback *f,
                               const learning_explanations *explanations)
{
    json_t *items = json_array();
    json_t *expl = json_object_get(c->obj, "explanations");
    for (int i = 0; items && i < c->noptions; i++) {
        json_t *about = explanations ? learning_explanation(explanations, c->options[i]) : NULL;
        json_t *item =
            json_pack("{s:s, s:s, s:b, s:O, s:O?}", "indicator", c->options[i], "outcome",
                      learning_mark_code(f->marks[i]), "sign", c->expected[i], "explanation",
                      json_object_get(expl, c->options[i]), "about", about);
        if (!item || json_array_append_new(items, item) != 0) {
            json_decref(items);
            return NULL;
        }
    }
    if (!items)
        return NULL;
    return json_pack("{s:b, s:i, s:i, s:i, s:i, s:o, s:O}", "complete", f->complete, "noticed",
                     f->noticed, "missed", f->missed, "wrongly_picked", f->wrong, "expected",
                     f->expected, "items", items, "lesson", json_object_get(c->obj, "lesson"));
}
