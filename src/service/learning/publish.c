/* Use cases: publishing the learning documents; what the other files of
 * service/learning share (loading the published documents, audit,
 * notifications, rendering references). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/learning/learning_int.h"
#include "store/cases.h"
#include "store/chain.h"

const char *const learning_kinds[] = {"learning", "indicator-explanations", "expert-offers",
                                      "resilience-programmes", NULL};

#define CATALOGUE_MAX 500

/* ---- the newest catalogue, for checking references ----------------------- */

typedef struct cat_fill {
    catalogue *cat;
    int max;
} cat_fill;

static int add_row(const indicator_row *row, void *arg)
{
    cat_fill *f = arg;
    if (f->cat->count >= f->max)
        return SG_ETOOBIG;
    f->cat->items[f->cat->count++] = *row;
    return SG_OK;
}

/* *out is a new catalogue of the newest version (freed with
 * catalogue_free); SG_ESTATE when none is published. */
static int load_catalogue(store_tx *tx, catalogue **out)
{
    catalogue_version_row v;
    *out = NULL;
    int rc = store_catalogue_latest(tx, &v);
    if (rc == SG_ENOTFOUND)
        return SG_ESTATE;
    if (rc != SG_OK)
        return rc;
    catalogue *c = sg_calloc(1, sizeof *c);
    if (c)
        c->items = sg_calloc(CATALOGUE_MAX, sizeof *c->items);
    if (!c || !c->items) {
        catalogue_free(c);
        return SG_ENOMEM;
    }
    cat_fill f = {.cat = c, .max = CATALOGUE_MAX};
    rc = store_catalogue_each_indicator(tx, v.version, add_row, &f);
    if (rc != SG_OK) {
        catalogue_free(c);
        return rc;
    }
    *out = c;
    return SG_OK;
}

/* ---- the published documents ------------------------------------------------ */

/* The newest version of kind as a new string; SG_ESTATE when none. */
static int newest(store_tx *tx, const char *kind, char **text, int64_t *version)
{
    int rc = store_ruleset_get(tx, kind, 0, text, version);
    return rc == SG_ENOTFOUND ? SG_ESTATE : rc;
}

int learning_docs_load(store_tx *tx, unsigned which, learning_docs *d)
{
    memset(d, 0, sizeof *d);
    char why[200];
    char *text = NULL;
    int64_t version = 0;
    int rc = SG_OK;
    catalogue_version_row cv;
    int crc = store_catalogue_latest(tx, &cv);
    if (crc == SG_OK)
        d->catalogue_version = cv.version;
    else if (crc != SG_ENOTFOUND)
        return crc;
    /* Published documents were checked against the catalogue when they
     * were published: they are parsed here without it. */
    if (which & (LDOC_OFFERS | LDOC_OFFERS_IF_ANY)) {
        rc = newest(tx, "expert-offers", &text, &d->offers_version);
        if (rc == SG_OK && learning_offers_parse(text, strlen(text), &d->offers, why, sizeof why))
            rc = SG_EDB;
        if (rc == SG_ESTATE && !(which & LDOC_OFFERS))
            rc = SG_OK;
        sg_free(text);
        text = NULL;
    }
    if (rc == SG_OK && (which & LDOC_CONTENT)) {
        rc = newest(tx, "learning", &text, &version);
        if (rc == SG_OK
            && learning_content_parse(text, strlen(text), NULL, NULL, &d->content, why, sizeof why))
            rc = SG_EDB;
        sg_free(text);
        text = NULL;
    }
    if (rc == SG_OK && (which & LDOC_EXPLANATIONS)) {
        rc = newest(tx, "indicator-explanations", &text, &version);
        if (rc == SG_OK
            && learning_explanations_parse(text, strlen(text), NULL, &d->explanations, why,
                                           sizeof why))
            rc = SG_EDB;
        sg_free(text);
        text = NULL;
    }
    if (rc == SG_OK && (which & LDOC_PROGRAMMES)) {
        rc = newest(tx, "resilience-programmes", &text, &d->programmes_version);
        if (rc == SG_OK
            && learning_programmes_parse(text, strlen(text), &d->programmes, why, sizeof why))
            rc = SG_EDB;
        sg_free(text);
    }
    return rc;
}

void learning_docs_free(learning_docs *d)
{
    if (!d)
        return;
    learning_content_free(&d->content);
    learning_explanations_free(&d->explanations);
    json_decref(d->offers);
    json_decref(d->programmes);
    memset(d, 0, sizeof *d);
}

/* ---- shared helpers ---------------------------------------------------------- */

int learning_audit(store_tx *tx, app *a, const actor *who, const char *action,
                   const char *record_type, const char *record_id, const char *purpose)
{
    audit_event ev = {.who = who,
                      .action = action,
                      .record_type = record_type,
                      .record_id = record_id ? record_id : "",
                      .purpose = purpose};
    return audit_append(tx, a->keys, &ev);
}

json_t *learning_indicator_json(store_tx *tx, int64_t catalogue_version, const char *code)
{
    indicator_row r;
    if (catalogue_version > 0
        && store_catalogue_get_indicator(tx, catalogue_version, code, &r) == SG_OK)
        return json_pack("{s:s, s:{s:s, s:s}, s:s, s:{s:s, s:s}}", "id", code, "text", "nl",
                         r.text_nl, "en", r.text_en, "strength", r.strength, "category", "nl",
                         r.category_nl, "en", r.category_en);
    return json_pack("{s:s}", "id", code);
}

json_t *learning_org_json(store_tx *tx, int64_t org_id)
{
    org_row o;
    if (store_org_get(tx, org_id, &o) != SG_OK)
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "id", o.public_id, "name", o.name, "type", o.type);
}

/* ---- publishing ---------------------------------------------------------------- */

typedef struct publish_ctx {
    app *a;
    const actor *who;
    const char *kind;
    const char *text; /* NUL-terminated copy */
    size_t len;
    char why[300];
    char sha[65];
    int64_t version;
} publish_ctx;

static int check_job(store_tx *tx, publish_ctx *pc)
{
    catalogue *cat = NULL;
    json_t *offers = NULL;
    int rc = SG_OK;
    if (strcmp(pc->kind, "learning") == 0 || strcmp(pc->kind, "indicator-explanations") == 0) {
        rc = load_catalogue(tx, &cat);
        if (rc == SG_ESTATE)
            snprintf(pc->why, sizeof pc->why, "publish the indicator catalogue first");
    }
    if (rc == SG_OK && strcmp(pc->kind, "learning") == 0) {
        char *text = NULL;
        int64_t v;
        int orc = store_ruleset_get(tx, "expert-offers", 0, &text, &v);
        if (orc == SG_OK
            && learning_offers_parse(text, strlen(text), &offers, pc->why, sizeof pc->why) != SG_OK)
            rc = SG_EDB;
        else if (orc != SG_OK && orc != SG_ENOTFOUND)
            rc = orc;
        sg_free(text);
    }
    if (rc == SG_OK) {
        if (strcmp(pc->kind, "learning") == 0) {
            learning_content c;
            rc =
                learning_content_parse(pc->text, pc->len, cat, offers, &c, pc->why, sizeof pc->why);
            learning_content_free(&c);
        } else if (strcmp(pc->kind, "indicator-explanations") == 0) {
            learning_explanations e;
            rc = learning_explanations_parse(pc->text, pc->len, cat, &e, pc->why, sizeof pc->why);
            learning_explanations_free(&e);
        } else if (strcmp(pc->kind, "expert-offers") == 0) {
            json_t *doc = NULL;
            rc = learning_offers_parse(pc->text, pc->len, &doc, pc->why, sizeof pc->why);
            json_decref(doc);
        } else {
            json_t *doc = NULL;
            rc = learning_programmes_parse(pc->text, pc->len, &doc, pc->why, sizeof pc->why);
            json_decref(doc);
        }
    }
    catalogue_free(cat);
    json_decref(offers);
    return rc;
}

static int publish_job(store_tx *tx, void *arg)
{
    publish_ctx *pc = arg;
    /* Checked inside the transaction, against what is published now. */
    int rc = check_job(tx, pc);
    if (rc == SG_OK)
        rc = store_ruleset_insert(tx, pc->kind, pc->text, pc->sha, pc->who->user_id, &pc->version);
    if (rc != SG_OK)
        return rc;
    char id[80], action[64];
    snprintf(id, sizeof id, "%s:%lld", pc->kind, (long long)pc->version);
    snprintf(action, sizeof action, "%s.publish", pc->kind);
    return learning_audit(tx, pc->a, pc->who, action, "ruleset", id, "administration");
}

int learning_publish(app *a, const actor *who, const char *kind, const char *text, size_t len,
                     json_t **out, svc_error *err)
{
    if (!access_is_national_admin(who)) /* they hold for every organisation */
        return SG_EFORBIDDEN;
    bool known = false;
    for (int i = 0; kind && learning_kinds[i]; i++)
        known = known || strcmp(kind, learning_kinds[i]) == 0;
    if (!known)
        return svc_invalid(err, "kind",
                           "learning, indicator-explanations, expert-offers or"
                           " resilience-programmes");
    publish_ctx pc = {.a = a, .who = who, .kind = kind, .len = len};
    char *copy = sg_strndup(text, len);
    if (!copy)
        return SG_ENOMEM;
    pc.text = copy;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, len);
    text_hex(digest, sizeof digest, pc.sha);
    int rc = memchr(text, '\0', len) ? SG_EINVAL : store_write(a->db, publish_job, &pc);
    sg_free(copy);
    if (rc == SG_EINVAL || (rc == SG_ESTATE && pc.why[0])) {
        if (err) {
            text_copy(err->text, sizeof err->text,
                      pc.why[0] ? pc.why : "the file holds a NUL byte: it is not text");
            err->field = "content";
            err->reason = err->text;
        }
        return rc == SG_ESTATE ? SG_ESTATE : SG_EINVAL;
    }
    if (rc != SG_OK)
        return rc;
    *out = json_pack("{s:s, s:I, s:s}", "kind", kind, "version", (json_int_t)pc.version,
                     "source_sha256", pc.sha);
    return *out ? SG_OK : SG_ENOMEM;
}

typedef struct version_ctx {
    const char *kind;
    int64_t version;
} version_ctx;

static int version_job(store_tx *tx, void *arg)
{
    version_ctx *vc = arg;
    char *text = NULL;
    int rc = store_ruleset_get(tx, vc->kind, 0, &text, &vc->version);
    sg_free(text);
    return rc;
}

int learning_published_version(app *a, const char *kind, int64_t *version)
{
    version_ctx vc = {.kind = kind};
    int rc = store_read(a->db, version_job, &vc);
    *version = rc == SG_OK ? vc.version : 0;
    return rc;
}
