/* Use cases: the versioned indicator catalogue. */
#include "service/school/catalogue.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "domain/catalogue.h"
#include "security/audit.h"
#include "store/cases.h"

/* The qualifier of a strength, {"nl", "en"}, from "Dutch | English" as the
 * catalogue gives it (a note without " | " reads the same in both). */
static json_t *strength_note_json(const char *note)
{
    if (!note[0])
        return json_null();
    const char *bar = strstr(note, " | ");
    if (!bar)
        return json_pack("{s:s, s:s}", "nl", note, "en", note);
    return json_pack("{s:s%, s:s}", "nl", note, (size_t)(bar - note), "en", bar + 3);
}

json_t *catalogue_indicator_json(const indicator_row *r)
{
    return json_pack("{s:s, s:{s:s, s:s, s:s}, s:{s:s, s:s}, s:s, s:o, s:s, s:s*}", "id", r->code,
                     "category", "id", r->category, "nl", r->category_nl, "en", r->category_en,
                     "text", "nl", r->text_nl, "en", r->text_en, "strength", r->strength,
                     "strength_note", strength_note_json(r->strength_note), "sources", r->sources,
                     "observation", r->observation[0] ? r->observation : NULL);
}

static json_t *version_json(const catalogue_version_row *v)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:s}", "version", (json_int_t)v->version, "published_at",
                     v->published_at, "indicator_count", (json_int_t)v->indicator_count,
                     "source_sha256", v->source_sha256, "note", v->note);
}

typedef struct publish_ctx {
    app *a;
    const actor *who;
    catalogue *cat;
    catalogue_version_row version;
} publish_ctx;

static int publish_job(store_tx *tx, void *arg)
{
    publish_ctx *pc = arg;
    int rc = store_catalogue_insert_version(tx, &pc->version);
    for (int i = 0; rc == SG_OK && i < pc->cat->count; i++) {
        pc->cat->items[i].version = pc->version.version;
        rc = store_catalogue_insert_indicator(tx, &pc->cat->items[i]);
    }
    if (rc != SG_OK)
        return rc;
    char id[24];
    snprintf(id, sizeof id, "%lld", (long long)pc->version.version);
    audit_event ev = {.who = pc->who,
                      .action = "catalogue.publish",
                      .record_type = "catalogue-version",
                      .record_id = id,
                      .purpose = "administration"};
    return audit_append(tx, pc->a->keys, &ev);
}

typedef struct safeguards_ctx {
    char *content;
    int64_t version;
} safeguards_ctx;

static int safeguards_job(store_tx *tx, void *arg)
{
    safeguards_ctx *sc = arg;
    return store_ruleset_get(tx, CATALOGUE_SAFEGUARDS_KIND, 0, &sc->content, &sc->version);
}

/* The newest published safeguards into *out (freed with safeguards_free);
 * SG_ESTATE when none were published. */
static int safeguards_load(app *a, catalogue_safeguards *out)
{
    safeguards_ctx sc = {0};
    int rc = store_read(a->db, safeguards_job, &sc);
    if (rc == SG_ENOTFOUND)
        return SG_ESTATE;
    if (rc != SG_OK)
        return rc;
    char why[200];
    rc = safeguards_parse(sc.content, strlen(sc.content), out, why, sizeof why);
    sg_free(sc.content);
    return rc == SG_OK ? SG_OK : SG_EDB; /* checked when it was published */
}

int catalogue_publish(app *a, const actor *who, const char *text, size_t len, const char *note,
                      json_t **out, svc_error *err)
{
    if (!access_is_national_admin(who)) /* they hold for every organisation */
        return SG_EFORBIDDEN;
    /* The note is shown with every version: text that JSON can carry. */
    if (note && (!text_is_clean_utf8(note, strlen(note)) || text_utf8_length(note) > 200))
        return svc_invalid(err, "note", "up to 200 characters of text");
    publish_ctx pc = {.a = a, .who = who};
    catalogue_safeguards sg;
    int rc = safeguards_load(a, &sg);
    if (rc == SG_ESTATE && err)
        err->reason = "publish the catalogue safeguards (kind catalogue-safeguards) first";
    if (rc != SG_OK)
        return rc;
    char why[200];
    rc = catalogue_parse(text, len, &sg, &pc.cat, why, sizeof why);
    safeguards_free(&sg);
    if (rc == SG_EINVAL) {
        if (err) {
            text_copy(err->text, sizeof err->text, why);
            err->field = "file";
            err->reason = err->text;
        }
        return rc;
    }
    if (rc != SG_OK)
        return rc;
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, len);
    text_hex(digest, sizeof digest, pc.version.source_sha256);
    clock_format_iso(clock_now_ms(), pc.version.published_at);
    pc.version.published_by = who->user_id;
    text_copy(pc.version.note, sizeof pc.version.note, note ? note : "");
    pc.version.indicator_count = pc.cat->count;
    rc = store_write(a->db, publish_job, &pc);
    catalogue_free(pc.cat);
    if (rc != SG_OK)
        return rc;
    *out = version_json(&pc.version);
    return *out ? SG_OK : SG_ENOMEM;
}

typedef struct read_ctx {
    int64_t version;
    json_t *items;
    catalogue_version_row row;
} read_ctx;

static int versions_job(store_tx *tx, void *arg)
{
    read_ctx *rc_ = arg;
    catalogue_version_row rows[64];
    int n = 0;
    int rc = store_catalogue_list_versions(tx, rows, 64, &n);
    for (int i = 0; rc == SG_OK && i < n; i++)
        if (json_array_append_new(rc_->items, version_json(&rows[i])) != 0)
            rc = SG_ENOMEM;
    return rc;
}

int catalogue_versions(app *a, const actor *who, json_t **out)
{
    (void)who;
    read_ctx ctx = {.items = json_array()};
    if (!ctx.items)
        return SG_ENOMEM;
    int rc = store_read(a->db, versions_job, &ctx);
    if (rc != SG_OK) {
        json_decref(ctx.items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", ctx.items);
    return *out ? SG_OK : SG_ENOMEM;
}

static int add_indicator(const indicator_row *row, void *arg)
{
    read_ctx *ctx = arg;
    return json_array_append_new(ctx->items, catalogue_indicator_json(row)) == 0 ? SG_OK
                                                                                 : SG_ENOMEM;
}

static int indicators_job(store_tx *tx, void *arg)
{
    read_ctx *ctx = arg;
    int rc = ctx->version == 0 ? store_catalogue_latest(tx, &ctx->row)
                               : store_catalogue_get_version(tx, ctx->version, &ctx->row);
    if (rc != SG_OK)
        return rc;
    return store_catalogue_each_indicator(tx, ctx->row.version, add_indicator, ctx);
}

int catalogue_indicators(app *a, const actor *who, int64_t version, json_t **out)
{
    (void)who;
    read_ctx ctx = {.version = version, .items = json_array()};
    if (!ctx.items)
        return SG_ENOMEM;
    int rc = store_read(a->db, indicators_job, &ctx);
    if (rc != SG_OK) {
        json_decref(ctx.items);
        return rc;
    }
    *out = json_pack("{s:I, s:s, s:o}", "version", (json_int_t)ctx.row.version, "published_at",
                     ctx.row.published_at, "items", ctx.items);
    return *out ? SG_OK : SG_ENOMEM;
}
