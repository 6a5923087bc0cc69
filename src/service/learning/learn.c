/* Use cases: a learner's paths, modules and cases, answers with feedback,
 * and their own progress. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/learning/learning_int.h"

#define DONE_MAX 256
#define PICKED_MAX LEARNING_MAX_OPTIONS

/* ---- reading: documents and the actor's own progress --------------------- */

typedef struct learn_ctx {
    app *a;
    const actor *who;
    const char *id;
    unsigned which;
    learning_docs docs;
    learning_done_row *done; /* the actor's finished items */
    int ndone;
    learning_completion_row *paths; /* and finished paths */
    int npaths;
    /* What build makes of it, inside the read transaction. */
    int (*build)(store_tx *tx, struct learn_ctx *lc);
    json_t *result;
} learn_ctx;

static const learning_done_row *done_of(const learn_ctx *lc, const char *item)
{
    for (int i = 0; i < lc->ndone; i++)
        if (strcmp(lc->done[i].item_id, item) == 0)
            return &lc->done[i];
    return NULL;
}

static const learning_completion_row *finished_of(const learn_ctx *lc, const char *path)
{
    for (int i = 0; i < lc->npaths; i++)
        if (strcmp(lc->paths[i].path_id, path) == 0)
            return &lc->paths[i];
    return NULL;
}

static int load_progress(store_tx *tx, learn_ctx *lc)
{
    int rc = store_learning_done_list(tx, lc->who->user_id, lc->done, DONE_MAX, &lc->ndone);
    if (rc == SG_OK)
        rc = store_learning_completion_list(tx, lc->who->user_id, lc->paths, LEARNING_MAX_PATHS * 4,
                                            &lc->npaths);
    return rc;
}

static int read_job(store_tx *tx, void *arg)
{
    learn_ctx *lc = arg;
    int rc = learning_docs_load(tx, lc->which, &lc->docs);
    if (rc == SG_OK && !lc->who->system)
        rc = load_progress(tx, lc);
    if (rc == SG_OK)
        rc = lc->build(tx, lc);
    return rc;
}

typedef struct audit_ctx {
    app *a;
    const actor *who;
    const char *action;
    const char *record_id;
} audit_ctx;

static int audit_job(store_tx *tx, void *arg)
{
    audit_ctx *ac = arg;
    return learning_audit(tx, ac->a, ac->who, ac->action, "learning", ac->record_id,
                          "learning: my own progress");
}

/* Runs lc->build over the documents and the actor's progress, and audits
 * the read of that progress (action) when it succeeded. */
static int learn_read(learn_ctx *lc, const char *action, json_t **out)
{
    lc->done = sg_calloc(DONE_MAX, sizeof *lc->done);
    lc->paths = sg_calloc(LEARNING_MAX_PATHS * 4, sizeof *lc->paths);
    int rc = lc->done && lc->paths ? store_read(lc->a->db, read_job, lc) : SG_ENOMEM;
    if (rc == SG_OK && action) {
        audit_ctx ac = {.a = lc->a, .who = lc->who, .action = action, .record_id = lc->id};
        rc = svc_read_audited(lc->a, audit_job, &ac);
    }
    learning_docs_free(&lc->docs);
    sg_free(lc->done);
    sg_free(lc->paths);
    return svc_result(rc, lc->result, out);
}

/* The title and minutes of a module or case. */
static json_t *item_json(const learn_ctx *lc, const char *item)
{
    const learning_module *m = learning_find_module(&lc->docs.content, item);
    const learning_case *k = m ? NULL : learning_find_case(&lc->docs.content, item);
    json_t *obj = m ? m->obj : k ? k->obj : NULL;
    const learning_done_row *d = done_of(lc, item);
    if (!obj)
        return NULL;
    return json_pack("{s:s, s:s, s:O, s:O, s:b, s:s?}", "id", item, "kind", m ? "module" : "case",
                     "title", json_object_get(obj, "title"), "minutes",
                     json_object_get(obj, "minutes"), "done", d != NULL, "done_at",
                     d ? d->done_at : NULL);
}

static int path_done_count(const learn_ctx *lc, const learning_path *p)
{
    int n = 0;
    for (int i = 0; i < p->nitems; i++)
        n += done_of(lc, p->items[i]) != NULL;
    return n;
}

static json_t *path_summary(const learn_ctx *lc, const learning_path *p)
{
    json_t *roles = json_object_get(p->obj, "roles");
    const learning_completion_row *f = finished_of(lc, p->id);
    return json_pack("{s:s, s:O, s:O, s:O, s:b, s:i, s:i, s:b, s:s?}", "id", p->id, "title",
                     json_object_get(p->obj, "title"), "summary",
                     json_object_get(p->obj, "summary"), "roles", roles, "for_you",
                     (p->roles & ROLE_BIT(lc->who->role)) != 0, "item_count", p->nitems,
                     "done_count", path_done_count(lc, p), "finished", f != NULL, "finished_at",
                     f ? f->completed_at : NULL);
}

/* ---- paths ---------------------------------------------------------------- */

static int build_paths(store_tx *tx, learn_ctx *lc)
{
    (void)tx;
    json_t *items = json_array();
    for (int i = 0; items && i < lc->docs.content.npaths; i++)
        if (json_array_append_new(items, path_summary(lc, &lc->docs.content.paths[i])) != 0) {
            json_decref(items);
            items = NULL;
        }
    lc->result =
        items
            ? json_pack("{s:i, s:O, s:o}", "version", lc->docs.content.version, "fictional_notice",
                        json_object_get(lc->docs.content.doc, "fictional_notice"), "items", items)
            : NULL;
    return lc->result ? SG_OK : SG_ENOMEM;
}

int learning_paths(app *a, const actor *who, json_t **out)
{
    learn_ctx lc = {.a = a, .who = who, .which = LDOC_CONTENT, .build = build_paths};
    return learn_read(&lc, "learning.paths.read", out);
}

static json_t *offer_json(const json_t *offer)
{
    return json_pack("{s:O, s:O, s:O, s:O, s:O}", "id", json_object_get(offer, "id"), "kind",
                     json_object_get(offer, "kind"), "title", json_object_get(offer, "title"),
                     "description", json_object_get(offer, "description"), "how_to_request",
                     json_object_get(offer, "how_to_request"));
}

static int build_path(store_tx *tx, learn_ctx *lc)
{
    (void)tx;
    const learning_path *p = learning_find_path(&lc->docs.content, lc->id);
    if (!p)
        return SG_ENOTFOUND;
    json_t *path = path_summary(lc, p), *items = json_array(), *offers = json_array();
    for (int i = 0; items && i < p->nitems; i++)
        json_array_append_new(items, item_json(lc, p->items[i]));
    size_t k;
    json_t *id;
    json_array_foreach(json_object_get(p->obj, "offers"), k, id)
    {
        json_t *offer = learning_offer(lc->docs.offers, json_string_value(id));
        if (offer && offers)
            json_array_append_new(offers, offer_json(offer));
    }
    json_t *group = json_object_get(lc->docs.offers, "expert_group");
    if (!path || !items || !offers) {
        json_decref(path);
        json_decref(items);
        json_decref(offers);
        return SG_ENOMEM;
    }
    int bad = json_object_set_new(path, "items", items);
    bad |= json_object_set_new(path, "offers", offers);
    bad |= json_object_set(path, "expert_group", group ? group : json_null());
    bad |= json_object_set(path, "fictional_notice",
                           json_object_get(lc->docs.content.doc, "fictional_notice"));
    if (bad) {
        json_decref(path);
        return SG_ENOMEM;
    }
    lc->result = path;
    return SG_OK;
}

int learning_path_get(app *a, const actor *who, const char *id, json_t **out)
{
    learn_ctx lc = {.a = a,
                    .who = who,
                    .id = id,
                    .which = LDOC_CONTENT | LDOC_OFFERS_IF_ANY,
                    .build = build_path};
    return learn_read(&lc, "learning.path.read", out);
}

/* ---- modules -------------------------------------------------------------- */

/* The paths that hold item, as a list of ids. */
static json_t *paths_of(const learning_content *c, const char *item)
{
    json_t *ids = json_array();
    for (int i = 0; ids && i < c->npaths; i++)
        if (learning_path_has(&c->paths[i], item))
            json_array_append_new(ids, json_string(c->paths[i].id));
    return ids;
}

static int build_module(store_tx *tx, learn_ctx *lc)
{
    const learning_module *m = learning_find_module(&lc->docs.content, lc->id);
    if (!m)
        return SG_ENOTFOUND;
    json_t *inds = json_array();
    size_t i;
    json_t *code;
    json_array_foreach(json_object_get(m->obj, "indicators"), i, code)
    {
        json_t *ind =
            learning_indicator_json(tx, lc->docs.catalogue_version, json_string_value(code));
        json_t *ex = learning_explanation(&lc->docs.explanations, json_string_value(code));
        if (ind)
            json_object_set(ind, "explanation", ex ? ex : json_null());
        if (!inds || !ind || json_array_append_new(inds, ind) != 0) {
            json_decref(inds);
            return SG_ENOMEM;
        }
    }
    const learning_done_row *d = done_of(lc, m->id);
    lc->result = json_pack(
        "{s:s, s:O, s:O, s:O, s:O, s:o, s:o, s:b, s:s?}", "id", m->id, "title",
        json_object_get(m->obj, "title"), "minutes", json_object_get(m->obj, "minutes"), "body",
        json_object_get(m->obj, "body"), "source", json_object_get(m->obj, "source"), "indicators",
        inds, "paths", paths_of(&lc->docs.content, m->id), "done", d != NULL, "done_at",
        d ? d->done_at : NULL);
    return lc->result ? SG_OK : SG_ENOMEM;
}

int learning_module_get(app *a, const actor *who, const char *id, json_t **out)
{
    learn_ctx lc = {.a = a,
                    .who = who,
                    .id = id,
                    .which = LDOC_CONTENT | LDOC_EXPLANATIONS,
                    .build = build_module};
    return learn_read(&lc, "learning.module.read", out);
}

/* ---- cases ---------------------------------------------------------------- */

/* Splits a comma-separated list (modified in place) into at most max parts. */
static int split_codes(char *list, const char **parts, int max)
{
    int n = 0;
    for (char *p = list; *p && n < max;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        parts[n++] = p;
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

static int build_case(store_tx *tx, learn_ctx *lc)
{
    const learning_case *k = learning_find_case(&lc->docs.content, lc->id);
    if (!k)
        return SG_ENOTFOUND;
    json_t *options = json_array();
    for (int i = 0; options && i < k->noptions; i++) {
        json_t *ind = learning_indicator_json(tx, lc->docs.catalogue_version, k->options[i]);
        if (ind)
            json_object_del(ind, "strength"); /* the learner judges, not the tier */
        if (!ind || json_array_append_new(options, ind) != 0) {
            json_decref(options);
            options = NULL;
        }
    }
    json_t *last = json_null();
    learning_attempt_row at;
    int rc = store_learning_attempt_last(tx, lc->who->user_id, k->id, &at);
    if (rc == SG_OK) {
        const char *picked[PICKED_MAX];
        int n = split_codes(at.picked, picked, PICKED_MAX);
        learning_feedback fb;
        char why[160];
        json_t *list = json_array();
        for (int i = 0; list && i < n; i++)
            json_array_append_new(list, json_string(picked[i]));
        /* The content may have changed since: then only what was picked. */
        json_t *feedback = learning_feedback_for(k, picked, n, &fb, why, sizeof why) == SG_OK
                               ? learning_feedback_json(k, &fb, &lc->docs.explanations)
                               : json_null();
        last = json_pack("{s:s, s:o, s:o, s:s}", "id", at.public_id, "picked",
                         list ? list : json_array(), "feedback", feedback ? feedback : json_null(),
                         "created_at", at.created_at);
    } else if (rc != SG_ENOTFOUND) {
        json_decref(options);
        return rc;
    }
    const learning_done_row *d = done_of(lc, k->id);
    lc->result = json_pack(
        "{s:s, s:b, s:O, s:O, s:O, s:O, s:O, s:o, s:o, s:b, s:o}", "id", k->id, "fictional", 1,
        "fictional_notice", json_object_get(lc->docs.content.doc, "fictional_notice"), "title",
        json_object_get(k->obj, "title"), "minutes", json_object_get(k->obj, "minutes"), "story",
        json_object_get(k->obj, "story"), "source", json_object_get(k->obj, "source"), "options",
        options ? options : json_array(), "paths", paths_of(&lc->docs.content, k->id), "done",
        d != NULL, "last_answer", last ? last : json_null());
    return lc->result && options ? SG_OK : SG_ENOMEM;
}

int learning_case_get(app *a, const actor *who, const char *id, json_t **out)
{
    learn_ctx lc = {.a = a,
                    .who = who,
                    .id = id,
                    .which = LDOC_CONTENT | LDOC_EXPLANATIONS,
                    .build = build_case};
    return learn_read(&lc, "learning.case.read", out);
}

/* ---- finishing items and answering cases --------------------------------- */

typedef struct finish_ctx {
    app *a;
    const actor *who;
    learning_docs docs;
    const char *item;
    const char *kind; /* module, case */
    /* An answer, for a case. */
    const learning_case *k;
    const char *const *picked;
    int npicked;
    learning_feedback fb;
    learning_attempt_row attempt;
    bool newly_done;
    json_t *finished; /* the paths this finished */
} finish_ctx;

static int docs_job(store_tx *tx, void *arg)
{
    finish_ctx *fc = arg;
    return learning_docs_load(tx, LDOC_CONTENT | LDOC_EXPLANATIONS, &fc->docs);
}

/* Records the item as finished and every path it completes. */
static int finish_item(store_tx *tx, finish_ctx *fc)
{
    learning_done_row row;
    memset(&row, 0, sizeof row);
    text_copy(row.item_id, sizeof row.item_id, fc->item);
    text_copy(row.kind, sizeof row.kind, fc->kind);
    row.content_version = fc->docs.content.version;
    clock_format_iso(clock_now_ms(), row.done_at);
    int rc = store_learning_done_add(tx, fc->who->user_id, fc->who->org_id, &row, &fc->newly_done);
    learning_done_row *done = rc == SG_OK ? sg_calloc(DONE_MAX, sizeof *done) : NULL;
    int ndone = 0;
    if (rc == SG_OK && !done)
        rc = SG_ENOMEM;
    if (rc == SG_OK)
        rc = store_learning_done_list(tx, fc->who->user_id, done, DONE_MAX, &ndone);
    const learning_content *c = &fc->docs.content;
    for (int i = 0; rc == SG_OK && i < c->npaths; i++) {
        const learning_path *p = &c->paths[i];
        if (!learning_path_has(p, fc->item))
            continue;
        int have = 0;
        for (int k = 0; k < p->nitems; k++)
            for (int d = 0; d < ndone; d++)
                if (strcmp(done[d].item_id, p->items[k]) == 0) {
                    have++;
                    break;
                }
        if (have < p->nitems)
            continue;
        learning_completion_row comp;
        memset(&comp, 0, sizeof comp);
        text_copy(comp.path_id, sizeof comp.path_id, p->id);
        comp.content_version = c->version;
        text_copy(comp.completed_at, sizeof comp.completed_at, row.done_at);
        bool added = false;
        rc = store_learning_completion_add(tx, fc->who->user_id, fc->who->org_id, &comp, &added);
        if (rc == SG_OK && added)
            json_array_append_new(fc->finished, json_string(p->id));
    }
    sg_free(done);
    return rc;
}

static int module_done_job(store_tx *tx, void *arg)
{
    finish_ctx *fc = arg;
    int rc = finish_item(tx, fc);
    if (rc == SG_OK)
        rc = learning_audit(tx, fc->a, fc->who, "learning.module.done", "learning", fc->item,
                            "learning: my own progress");
    return rc;
}

/* Loads the documents, checks the item, and runs job to record it. */
static int finish(finish_ctx *fc, int (*job)(store_tx *, void *))
{
    if (fc->who->system || !fc->finished)
        return fc->finished ? SG_EFORBIDDEN : SG_ENOMEM;
    int rc = store_read(fc->a->db, docs_job, fc);
    if (rc == SG_OK && strcmp(fc->kind, "module") == 0
        && !learning_find_module(&fc->docs.content, fc->item))
        rc = SG_ENOTFOUND;
    if (rc == SG_OK && strcmp(fc->kind, "case") == 0) {
        fc->k = learning_find_case(&fc->docs.content, fc->item);
        rc = fc->k ? SG_OK : SG_ENOTFOUND;
    }
    return rc == SG_OK ? store_write(fc->a->db, job, fc) : rc;
}

int learning_module_done(app *a, const actor *who, const char *id, json_t **out)
{
    finish_ctx fc = {.a = a, .who = who, .item = id, .kind = "module", .finished = json_array()};
    int rc = finish(&fc, module_done_job);
    json_t *result = NULL;
    if (rc == SG_OK)
        result = json_pack("{s:s, s:b, s:b, s:O}", "id", id, "done", 1, "newly_done", fc.newly_done,
                           "finished_paths", fc.finished);
    learning_docs_free(&fc.docs);
    json_decref(fc.finished);
    return svc_result(rc == SG_OK && !result ? SG_ENOMEM : rc, result, out);
}

static int answer_job(store_tx *tx, void *arg)
{
    finish_ctx *fc = arg;
    learning_attempt_row *at = &fc->attempt;
    int64_t before = 0;
    int rc = store_learning_attempt_count(tx, fc->who->user_id, fc->item, &before);
    if (rc != SG_OK)
        return rc;
    token_uuid(at->public_id);
    at->user_id = fc->who->user_id;
    at->org_id = fc->who->org_id;
    text_copy(at->case_id, sizeof at->case_id, fc->item);
    at->content_version = fc->docs.content.version;
    at->noticed = fc->fb.noticed;
    at->missed = fc->fb.missed;
    at->wrong = fc->fb.wrong;
    at->complete = fc->fb.complete;
    at->first_try = before == 0;
    clock_format_iso(clock_now_ms(), at->created_at);
    size_t used = 0;
    for (int i = 0; i < fc->npicked; i++) {
        int w = snprintf(at->picked + used, sizeof at->picked - used, "%s%s", i ? "," : "",
                         fc->picked[i]);
        if (w < 0 || used + (size_t)w >= sizeof at->picked)
            return SG_ETOOBIG;
        used += (size_t)w;
    }
    rc = store_learning_attempt_insert(tx, at);
    for (int i = 0; rc == SG_OK && i < fc->k->noptions; i++)
        rc = store_learning_mark_insert(tx, at, fc->k->options[i],
                                        learning_mark_code(fc->fb.marks[i]));
    if (rc == SG_OK)
        rc = finish_item(tx, fc);
    if (rc == SG_OK)
        rc = learning_audit(tx, fc->a, fc->who, "learning.case.answer", "learning-answer",
                            at->public_id, "learning: my own progress");
    return rc;
}

int learning_case_answer(app *a, const actor *who, const char *id, const char *const *picked,
                         int npicked, json_t **out, svc_error *err)
{
    if (npicked < 0 || npicked > PICKED_MAX)
        return svc_invalid(err, "picked", "at most 24 indicators");
    finish_ctx fc = {.a = a,
                     .who = who,
                     .item = id,
                     .kind = "case",
                     .picked = picked,
                     .npicked = npicked,
                     .finished = json_array()};
    if (who->system || !fc.finished) {
        json_decref(fc.finished);
        return fc.finished ? SG_EFORBIDDEN : SG_ENOMEM;
    }
    int rc = store_read(a->db, docs_job, &fc);
    if (rc == SG_OK) {
        fc.k = learning_find_case(&fc.docs.content, id);
        rc = fc.k ? SG_OK : SG_ENOTFOUND;
    }
    if (rc == SG_OK) {
        rc = learning_feedback_for(fc.k, picked, npicked, &fc.fb, err ? err->text : NULL,
                                   err ? sizeof err->text : 0);
        if (rc == SG_EINVAL && err) {
            err->field = "picked";
            err->reason = err->text;
        }
    }
    if (rc == SG_OK)
        rc = store_write(a->db, answer_job, &fc);
    json_t *result = NULL;
    if (rc == SG_OK)
        result = json_pack("{s:s, s:s, s:b, s:o, s:O, s:s}", "id", fc.attempt.public_id, "case_id",
                           id, "first_try", fc.attempt.first_try, "feedback",
                           learning_feedback_json(fc.k, &fc.fb, &fc.docs.explanations),
                           "finished_paths", fc.finished, "created_at", fc.attempt.created_at);
    learning_docs_free(&fc.docs);
    json_decref(fc.finished);
    return svc_result(rc == SG_OK && !result ? SG_ENOMEM : rc, result, out);
}

/* ---- the actor's own progress and the explanations ------------------------ */

static int build_progress(store_tx *tx, learn_ctx *lc)
{
    (void)tx;
    json_t *items = json_array(), *paths = json_array();
    for (int i = 0; items && i < lc->ndone; i++)
        json_array_append_new(items, json_pack("{s:s, s:s, s:s}", "id", lc->done[i].item_id, "kind",
                                               lc->done[i].kind, "done_at", lc->done[i].done_at));
    for (int i = 0; paths && i < lc->npaths; i++)
        json_array_append_new(paths, json_pack("{s:s, s:s}", "id", lc->paths[i].path_id,
                                               "finished_at", lc->paths[i].completed_at));
    lc->result = json_pack("{s:o*, s:o*}", "items", items, "finished_paths", paths);
    return lc->result && items && paths ? SG_OK : SG_ENOMEM;
}

int learning_progress(app *a, const actor *who, json_t **out)
{
    learn_ctx lc = {.a = a, .who = who, .which = 0, .build = build_progress};
    return learn_read(&lc, "learning.progress.read", out);
}

static int build_explanations(store_tx *tx, learn_ctx *lc)
{
    (void)tx;
    json_t *doc = lc->docs.explanations.doc;
    lc->result =
        json_pack("{s:i, s:O, s:O, s:O}", "version", lc->docs.explanations.version, "source",
                  json_object_get(doc, "source"), "principles", json_object_get(doc, "principles"),
                  "items", json_object_get(doc, "items"));
    return lc->result ? SG_OK : SG_ENOMEM;
}

int learning_explanations_get(app *a, const actor *who, json_t **out)
{
    learn_ctx lc = {.a = a, .who = who, .which = LDOC_EXPLANATIONS, .build = build_explanations};
    /* Published texts only: nothing about the actor, so nothing to audit. */
    return learn_read(&lc, NULL, out);
}
