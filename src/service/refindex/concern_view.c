/* Use cases of the reference index besides registering: reading and listing
 * one's own registrations, withdrawing, the letter, the published grounds,
 * refusing searches. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/refindex/refindex_int.h"

#define LIST_MAX 100
#define LETTER_MAX 8192

int concern_view(store_tx *tx, app *a, const concern_row *c, const char *today, json_t **out)
{
    json_t *identity = NULL, *matches = json_array();
    char *contact = NULL;
    match_row *rows = sg_calloc(CONCERN_VIEW_MATCHES, sizeof *rows);
    int n = 0;
    int rc = rows && matches ? SG_OK : SG_ENOMEM;
    if (rc == SG_OK)
        rc = concern_identity_open(a, c, &identity);
    if (rc == SG_OK)
        rc = concern_open_text(a, "contact", c, c->contact_enc, c->contact_enc_len, &contact);
    if (rc == SG_OK)
        rc = store_match_list_concern(tx, c->id, rows, CONCERN_VIEW_MATCHES, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *m = NULL;
        rc = concern_match_view(tx, a, &rows[i], c, today, &m);
        if (rc == SG_OK && json_array_append_new(matches, m) != 0)
            rc = SG_ENOMEM;
    }
    if (rc == SG_OK) {
        *out = json_pack("{s:s, s:s, s:s, s:I, s:O, s:s, s:s, s:s, s:s?, s:s?, s:O}", "id",
                         c->public_id, "status", concern_status(c, today), "ground", c->ground,
                         "rules_version", (json_int_t)c->rules_version, "youth", identity,
                         "contact", contact, "registered_at", c->registered_at, "ends_on",
                         c->ends_on, "ended_on", c->ended_on[0] ? c->ended_on : NULL, "client_key",
                         c->client_key[0] ? c->client_key : NULL, "matches", matches);
        if (!*out)
            rc = SG_ENOMEM;
    }
    json_decref(identity);
    json_decref(matches);
    concern_text_free(contact);
    sg_free(rows);
    return rc;
}

/* ---- one registration of the actor's ------------------------------------ */

typedef struct own_ctx {
    app *a;
    const actor *who;
    const char *id;
    const char *reason; /* withdraw: withdrawn or deceased */
    const char *to;     /* letter: youth or parents */
    char today[DATE_LEN];
    int outcome; /* a refusal that was audited and committed */
    json_t *result;
} own_ctx;

/* Loads the actor's own registration id into c.  Any other (or none) is a
 * refusal that is audited: *refused is set and the caller commits. */
static int load_own(store_tx *tx, own_ctx *ctx, concern_row *c, const char *what, bool *refused)
{
    *refused = false;
    int rc = token_is_uuid(ctx->id) ? store_concern_find_public(tx, ctx->id, c) : SG_ENOTFOUND;
    if (rc == SG_OK && c->registered_by == ctx->who->user_id)
        return SG_OK;
    if (rc == SG_OK)
        store_concern_clear(c);
    if (rc != SG_OK && rc != SG_ENOTFOUND)
        return rc;
    *refused = true;
    ctx->outcome = SG_ENOTFOUND;
    char purpose[96];
    snprintf(purpose, sizeof purpose, "refused: %s a registration that is not yours", what);
    return audit_record(tx, ctx->a->keys, ctx->who, "concern.refused", "concern",
                        token_is_uuid(ctx->id) ? ctx->id : "", "", purpose);
}

static int get_job(store_tx *tx, void *arg)
{
    own_ctx *ctx = arg;
    concern_row c;
    bool refused = false;
    int rc = load_own(tx, ctx, &c, "read", &refused);
    if (rc != SG_OK || refused)
        return rc;
    rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.read", "concern", c.public_id,
                      c.public_id, "read my registration and its matches");
    if (rc == SG_OK)
        rc = concern_view(tx, ctx->a, &c, ctx->today, &ctx->result);
    store_concern_clear(&c);
    return rc;
}

static int run_own(app *a, store_work_fn fn, own_ctx *ctx, bool durable, json_t **out)
{
    date_today_plus(0, ctx->today);
    int rc = durable ? store_write(a->db, fn, ctx) : svc_read_audited(a, fn, ctx);
    if (rc == SG_OK && ctx->outcome != SG_OK)
        rc = ctx->outcome;
    return svc_result(rc, ctx->result, out);
}

int concern_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    own_ctx ctx = {.a = a, .who = who, .id = id};
    return run_own(a, get_job, &ctx, false, out);
}

/* ---- listing ------------------------------------------------------------ */

typedef struct list_ctx {
    app *a;
    const actor *who;
    int64_t after;
    int limit;
    char today[DATE_LEN];
    json_t *items;
    int64_t last;
} list_ctx;

static int list_job(store_tx *tx, void *arg)
{
    list_ctx *ctx = arg;
    concern_row *rows = sg_calloc((size_t)ctx->limit, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_concern_list_user(tx, ctx->who->user_id, ctx->after, ctx->limit, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *v = NULL;
        rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.read", "concern", rows[i].public_id,
                          rows[i].public_id, "list my registrations and their matches");
        if (rc == SG_OK)
            rc = concern_view(tx, ctx->a, &rows[i], ctx->today, &v);
        if (rc == SG_OK && json_array_append_new(ctx->items, v) != 0)
            rc = SG_ENOMEM;
        ctx->last = rows[i].id;
    }
    for (int i = 0; i < n; i++)
        store_concern_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

int concern_list(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                 svc_error *err)
{
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    list_ctx ctx = {.a = a, .who = who, .limit = svc_page_limit(a, limit)};
    int rc = svc_cursor_parse(cursor, &ctx.after, err);
    if (rc != SG_OK)
        return rc;
    if (ctx.limit > LIST_MAX)
        ctx.limit = LIST_MAX;
    date_today_plus(0, ctx.today);
    ctx.items = json_array();
    rc = ctx.items ? svc_read_audited(a, list_job, &ctx) : SG_ENOMEM;
    if (rc == SG_OK) {
        *out = svc_page(ctx.items, ctx.limit, ctx.last);
        return *out ? SG_OK : SG_ENOMEM;
    }
    json_decref(ctx.items);
    return rc;
}

/* ---- withdrawing -------------------------------------------------------- */

/* A recorded death ends every active registration of the youth. */
static int end_others(store_tx *tx, own_ctx *ctx, const concern_row *c)
{
    concern_row rows[16];
    int rc = SG_OK;
    for (int k = 0; rc == SG_OK && k < 2; k++) {
        int n = 0;
        if (k == 0 && !c->bsn_key[0])
            continue;
        rc = store_concern_active_by_key(tx, k == 0 ? CONCERN_BSN : CONCERN_NAME,
                                         k == 0 ? c->bsn_key : c->name_key, ctx->today, rows, 16,
                                         &n);
        for (int i = 0; i < n; i++) {
            if (rc == SG_OK && rows[i].id != c->id) {
                rc = store_concern_end(tx, rows[i].id, ctx->today, "deceased");
                if (rc == SG_OK)
                    rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.end", "concern",
                                      rows[i].public_id, rows[i].public_id,
                                      "the youth's death was recorded by another organisation");
            }
            store_concern_clear(&rows[i]);
        }
    }
    return rc;
}

static int withdraw_job(store_tx *tx, void *arg)
{
    own_ctx *ctx = arg;
    concern_row c;
    bool refused = false, over = false;
    int rc = load_own(tx, ctx, &c, "withdraw", &refused);
    if (rc != SG_OK || refused)
        return rc;
    rc = concern_rate_limit(tx, ctx->a, ctx->who, "withdraw a concern", &over);
    if (rc == SG_OK && over)
        ctx->outcome = SG_ELIMIT;
    if (rc == SG_OK && !over)
        rc = store_concern_end(tx, c.id, ctx->today, ctx->reason);
    bool deceased = strcmp(ctx->reason, "deceased") == 0;
    if (rc == SG_OK && !over)
        rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.withdraw", "concern", c.public_id,
                          c.public_id,
                          deceased ? "record the youth's death" : "withdraw my registration");
    if (rc == SG_OK && !over && deceased)
        rc = end_others(tx, ctx, &c);
    if (rc == SG_OK && !over) {
        text_copy(c.ended_on, sizeof c.ended_on, ctx->today);
        text_copy(c.end_reason, sizeof c.end_reason, ctx->reason);
        rc = concern_view(tx, ctx->a, &c, ctx->today, &ctx->result);
    }
    store_concern_clear(&c);
    return rc;
}

int concern_withdraw(app *a, const actor *who, const char *id, const char *reason, json_t **out,
                     svc_error *err)
{
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    if (!reason)
        reason = "withdrawn";
    if (strcmp(reason, "withdrawn") != 0 && strcmp(reason, "deceased") != 0)
        return svc_invalid(err, "reason", "withdrawn or deceased");
    own_ctx ctx = {.a = a, .who = who, .id = id, .reason = reason};
    int rc = run_own(a, withdraw_job, &ctx, true, out);
    if (rc == SG_ESTATE && err)
        err->reason = "this registration has ended already";
    return rc;
}

/* ---- the letter ----------------------------------------------------------- */

/* "2 april 2026" */
static void dutch_date(const char *iso, char *out, size_t n)
{
    static const char *const months[] = {"januari",   "februari", "maart",    "april",
                                         "mei",       "juni",     "juli",     "augustus",
                                         "september", "oktober",  "november", "december"};
    char day[DATE_LEN];
    date d;
    text_copy(day, sizeof day, iso);
    if (date_parse(day, &d) != SG_OK) {
        text_copy(out, n, iso);
        return;
    }
    snprintf(out, n, "%d %s %d", d.day, months[d.month - 1], d.year);
}

static int letter_text(own_ctx *ctx, const refindex_rules *rules, const concern_row *c,
                       json_t *identity, const char *org_name)
{
    const refindex_ground *g = refindex_ground_find(rules, c->ground);
    char youth[2 * 808], addressee[2 * 808 + 64], registered[40], ends[40];
    snprintf(youth, sizeof youth, "%s %s",
             json_string_value(json_object_get(identity, "given_names")),
             json_string_value(json_object_get(identity, "surname")));
    bool to_youth = strcmp(ctx->to, "youth") == 0;
    snprintf(addressee, sizeof addressee, "%s%s", to_youth ? "" : "ouder(s) of verzorger(s) van ",
             youth);
    dutch_date(c->registered_at, registered, sizeof registered);
    dutch_date(c->ends_on, ends, sizeof ends);
    const char *vars[] = {"addressee",
                          addressee,
                          "organisation",
                          org_name,
                          "registered_on",
                          registered,
                          "youth",
                          youth,
                          "ground",
                          g ? g->nl : c->ground,
                          "ground_source",
                          g ? g->source : rules->source,
                          "ends_on",
                          ends,
                          NULL};
    json_t *paragraphs = json_array();
    char *para = sg_malloc(LETTER_MAX), *all = sg_calloc(1, LETTER_MAX * 2);
    int rc = paragraphs && para && all ? SG_OK : SG_ENOMEM;
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(rules->letter, "paragraphs"), i, p)
    {
        if (rc == SG_OK)
            rc = refindex_fill(json_string_value(p), vars, para, LETTER_MAX);
        if (rc == SG_OK && json_array_append_new(paragraphs, json_string(para)) != 0)
            rc = SG_ENOMEM;
        if (rc == SG_OK && strlen(all) + strlen(para) + 3 >= LETTER_MAX * 2)
            rc = SG_ETOOBIG;
        if (rc == SG_OK) {
            if (i)
                strcat(all, "\n\n");
            strcat(all, para);
        }
    }
    if (rc == SG_OK) {
        ctx->result = json_pack("{s:s, s:s, s:s, s:s, s:O, s:s}", "id", c->public_id, "language",
                                "nl", "to", to_youth ? "youth" : "parents", "subject",
                                json_string_value(json_object_get(rules->letter, "subject")),
                                "paragraphs", paragraphs, "text", all);
        if (!ctx->result)
            rc = SG_ENOMEM;
    }
    json_decref(paragraphs);
    if (para)
        sodium_memzero(para, LETTER_MAX);
    if (all)
        sodium_memzero(all, LETTER_MAX * 2);
    sg_free(para);
    sg_free(all);
    return rc;
}

static int letter_job(store_tx *tx, void *arg)
{
    own_ctx *ctx = arg;
    concern_row c;
    bool refused = false;
    int rc = load_own(tx, ctx, &c, "write the letter of", &refused);
    if (rc != SG_OK || refused)
        return rc;
    refindex_rules rules;
    json_t *identity = NULL;
    org_row org;
    rc = concern_rules_version(tx, c.rules_version, &rules);
    if (rc == SG_OK)
        rc = store_org_get(tx, c.org_id, &org);
    if (rc == SG_OK)
        rc = concern_identity_open(ctx->a, &c, &identity);
    if (rc == SG_OK)
        rc = letter_text(ctx, &rules, &c, identity, org.name);
    if (rc == SG_OK)
        rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.letter", "concern", c.public_id,
                          c.public_id, "write the letter that informs of a registration");
    json_decref(identity);
    refindex_rules_free(&rules);
    store_concern_clear(&c);
    return rc;
}

int concern_letter(app *a, const actor *who, const char *id, const char *to, json_t **out,
                   svc_error *err)
{
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    if (!to)
        to = "parents";
    if (strcmp(to, "youth") != 0 && strcmp(to, "parents") != 0)
        return svc_invalid(err, "to", "youth or parents");
    own_ctx ctx = {.a = a, .who = who, .id = id, .to = to};
    return run_own(a, letter_job, &ctx, false, out);
}

/* ---- the published grounds and refused searches -------------------------- */

typedef struct grounds_ctx {
    const actor *who;
    json_t *result;
} grounds_ctx;

static int grounds_job(store_tx *tx, void *arg)
{
    grounds_ctx *ctx = arg;
    refindex_rules rules;
    int rc = concern_rules_load(tx, &rules);
    if (rc != SG_OK)
        return rc;
    json_t *items = json_array();
    for (int i = 0; items && i < rules.count; i++)
        json_array_append_new(items,
                              json_pack("{s:s, s:s, s:s, s:s, s:b}", "code", rules.grounds[i].code,
                                        "nl", rules.grounds[i].nl, "en", rules.grounds[i].en,
                                        "source", rules.grounds[i].source, "fits_organisation",
                                        !ctx->who->system
                                            && refindex_ground_fits(&rules, ctx->who->org_type,
                                                                    rules.grounds[i].code)));
    bool takes_part = !ctx->who->system && rules.org_allowed[ctx->who->org_type];
    ctx->result = json_pack("{s:i, s:s, s:o, s:b, s:b, s:b}", "version", rules.version, "source",
                            rules.source, "items", items, "organisation_takes_part", takes_part,
                            "bsn_allowed", takes_part && rules.org_bsn[ctx->who->org_type],
                            "may_register", takes_part && access_may_register_concerns(ctx->who));
    refindex_rules_free(&rules);
    return ctx->result ? SG_OK : SG_ENOMEM;
}

int concern_grounds(app *a, const actor *who, json_t **out)
{
    grounds_ctx ctx = {.who = who};
    int rc = store_read(a->db, grounds_job, &ctx);
    if (rc == SG_OK)
        *out = ctx.result;
    return rc;
}

typedef struct search_ctx {
    app *a;
    const actor *who;
    char purpose[200];
} search_ctx;

static int search_job(store_tx *tx, void *arg)
{
    search_ctx *ctx = arg;
    return audit_record(tx, ctx->a->keys, ctx->who, "concern.search-refused", "concern", "", "",
                        ctx->purpose);
}

int concern_refuse_search(app *a, const actor *who, const char *what, svc_error *err)
{
    search_ctx ctx = {.a = a, .who = who};
    what = what ? what : "";
    snprintf(ctx.purpose, sizeof ctx.purpose, "refused: an attempt to search the index by %.*s",
             (int)text_utf8_prefix(what, 120), what);
    int rc = store_write(a->db, search_job, &ctx);
    if (rc != SG_OK)
        return rc;
    return svc_invalid(err, "query",
                       "the reference index cannot be searched: only a registration shows matches");
}
