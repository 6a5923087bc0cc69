/* Use cases: registering a concern in the reference index, one or a batch. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "domain/bsn.h"
#include "security/token.h"
#include "service/refindex/refindex_int.h"

#define NAME_MAX_CHARS 200
#define CONTACT_MAX_CHARS 200
#define PLACE_MAX_CHARS 100

const char *const concern_sexes[] = {"female", "male", "x", "unknown", NULL};

/* ---- checking what came in -------------------------------------------- */

static bool one_line(const char *s, size_t min, size_t max)
{
    if (!s)
        return min == 0;
    size_t chars = text_utf8_length(s);
    return text_is_clean_utf8(s, strlen(s)) && !strpbrk(s, "\r\n\t") && chars >= min && chars <= max
           && (min == 0 || !text_is_blank(s));
}

static bool is_sex(const char *s)
{
    for (int i = 0; s && concern_sexes[i]; i++)
        if (strcmp(s, concern_sexes[i]) == 0)
            return true;
    return false;
}

/* Parses given names and surname into parts, blaming the right field. */
static int name_of(const char *given, const char *surname, const char *given_field,
                   const char *surname_field, name_parts *out, svc_error *err)
{
    if (!one_line(given, 1, NAME_MAX_CHARS))
        return svc_invalid(err, given_field, "given names of 1 to 200 characters on one line");
    if (!one_line(surname, 1, NAME_MAX_CHARS))
        return svc_invalid(err, surname_field, "a surname of 1 to 200 characters on one line");
    if (names_from_parts(given, "x", out) != SG_OK)
        return svc_invalid(err, given_field, "given names need letters (at most 16 words)");
    if (names_from_parts(given, surname, out) != SG_OK)
        return svc_invalid(err, surname_field, "a surname needs letters (at most 16 words)");
    return SG_OK;
}

static int birth_of(const char *text, const char *field, const date *today, bool youth, date *out,
                    svc_error *err)
{
    if (!text || date_parse(text, out) != SG_OK)
        return svc_invalid(err, field, "a real date as YYYY-MM-DD is required");
    if (date_compare(out, today) > 0)
        return svc_invalid(err, field, "the date of birth lies in the future");
    if (youth && !refindex_age_ok(out, today))
        return svc_invalid(err, field,
                           "the reference index is for youths until their 23rd birthday");
    return SG_OK;
}

static void hash_text(const app *a, const char *text, char out[STORE_HASH_LEN])
{
    vault_hash(a->keys, VAULT_PSEUDONYM, text, strlen(text), out);
}

static int prepare_parent(const app *a, const concern_parent *p, int i, const date *today,
                          concern_prepared *pr, json_t *parents, svc_error *err)
{
    static const char *const fields[CONCERN_MAX_PARENTS][4] = {
        {"parents[0].given_names", "parents[0].surname", "parents[0].birth_date", "parents[0].bsn"},
        {"parents[1].given_names", "parents[1].surname", "parents[1].birth_date", "parents[1].bsn"},
    };
    refindex_identity parent;
    memset(&parent, 0, sizeof parent);
    int rc = name_of(p->given_names, p->surname, fields[i][0], fields[i][1], &parent.name, err);
    if (rc == SG_OK)
        rc = birth_of(p->birth_date, fields[i][2], today, false, &parent.birth, err);
    if (rc == SG_OK && p->bsn && !bsn_is_valid(p->bsn))
        rc = svc_invalid(err, fields[i][3], "not a valid citizen service number (eleven test)");
    if (rc != SG_OK)
        return rc;
    char person[REFINDEX_KEY_TEXT], text[REFINDEX_KEY_TEXT];
    refindex_name_text(&parent, person);
    refindex_parent_text(person, text);
    hash_text(a, text, pr->links.parents[pr->links.nparents++]);
    if (p->bsn) {
        refindex_bsn_text(p->bsn, person);
        refindex_parent_text(person, text);
        hash_text(a, text, pr->links.parents[pr->links.nparents++]);
    }
    json_t *j = json_pack("{s:s, s:s, s:s, s:s*}", "given_names", p->given_names, "surname",
                          p->surname, "birth_date", p->birth_date, "bsn", p->bsn);
    return j && json_array_append_new(parents, j) == 0 ? SG_OK : SG_ENOMEM;
}

static int prepare_address(const app *a, const concern_address *ad, concern_prepared *pr,
                           json_t *identity, svc_error *err)
{
    char text[REFINDEX_KEY_TEXT];
    const char *field = NULL;
    if (refindex_address_text(ad->postcode, ad->house_number, ad->addition, text, &field)
        != SG_OK) {
        static const struct {
            const char *part, *name, *reason;
        } why[] = {
            {"postcode", "address.postcode", "a Dutch postcode: four digits and two letters"},
            {"house_number", "address.house_number", "a house number from 1 to 99999"},
            {"addition", "address.addition", "up to 10 letters and digits"},
        };
        for (size_t i = 0; i < sizeof why / sizeof why[0]; i++)
            if (strcmp(field, why[i].part) == 0)
                return svc_invalid(err, why[i].name, why[i].reason);
        return svc_invalid(err, "address", "not a valid address");
    }
    if (!one_line(ad->street, 0, PLACE_MAX_CHARS))
        return svc_invalid(err, "address.street", "a street of up to 100 characters");
    if (!one_line(ad->city, 0, PLACE_MAX_CHARS))
        return svc_invalid(err, "address.city", "a place of up to 100 characters");
    hash_text(a, text, pr->links.address);
    json_t *j = json_pack("{s:s, s:I, s:s*, s:s*, s:s*}", "postcode", ad->postcode, "house_number",
                          (json_int_t)ad->house_number, "addition", ad->addition, "street",
                          ad->street, "city", ad->city);
    return j && json_object_set_new(identity, "address", j) == 0 ? SG_OK : SG_ENOMEM;
}

/* A keyed hash of what was registered, to tell a repeat from a reuse of
 * its client key. */
static int fingerprint(const app *a, const concern_input *in, concern_prepared *pr)
{
    vault_hasher *h = NULL;
    int rc = vault_hasher_new(a->keys, VAULT_PSEUDONYM, &h);
    if (rc != SG_OK)
        return rc;
    vault_hasher_add(h, in->ground);
    vault_hasher_add(h, pr->row.bsn_key);
    vault_hasher_add(h, pr->row.name_key);
    vault_hasher_add(h, in->sex);
    vault_hasher_add(h, in->contact);
    vault_hasher_add(h, pr->links.address);
    for (int i = 0; i < pr->links.nparents; i++)
        vault_hasher_add(h, pr->links.parents[i]);
    vault_hasher_finish(h, pr->row.fingerprint);
    return SG_OK;
}

static int seal(const app *a, const char *column, const char *pid, const char *text,
                unsigned char **out, size_t *len)
{
    char ad[96];
    snprintf(ad, sizeof ad, "concerns.%s:%s", column, pid);
    return vault_seal(a->keys, ad, text, strlen(text), out, len);
}

int concern_prepare(const app *a, const actor *who, const concern_input *in, concern_prepared *pr,
                    svc_error *err)
{
    memset(pr, 0, sizeof *pr);
    date today;
    date_today(&today);
    concern_row *r = &pr->row;
    json_t *identity = NULL;
    char *text = NULL;
    int rc = SG_OK;
    if (in->client_key && !one_line(in->client_key, 1, CONCERN_CLIENT_KEY_CHARS))
        return svc_invalid(err, "client_key", "1 to 80 characters on one line");
    if (!in->ground || !text_is_slug(in->ground, STORE_CODE_LEN - 1))
        return svc_invalid(err, "ground", "a ground code from GET /api/v1/concern-grounds");
    rc = name_of(in->given_names, in->surname, "given_names", "surname", &pr->id.name, err);
    if (rc == SG_OK)
        rc = birth_of(in->birth_date, "birth_date", &today, true, &pr->id.birth, err);
    if (rc != SG_OK)
        return rc;
    if (!is_sex(in->sex))
        return svc_invalid(err, "sex", "one of female, male, x, unknown");
    if (in->bsn && !bsn_is_valid(in->bsn))
        return svc_invalid(err, "bsn", "not a valid citizen service number (eleven test)");
    if (!in->bsn && !in->has_address)
        return svc_invalid(err, "address", "without a BSN, the address is required");
    if (!one_line(in->contact, 3, CONTACT_MAX_CHARS))
        return svc_invalid(err, "contact",
                           "how to reach you (phone or e-mail), 3 to 200 characters on one line");
    if (in->nparents < 0 || in->nparents > CONCERN_MAX_PARENTS)
        return svc_invalid(err, "parents", "at most two parents");
    text_copy(pr->id.sex, sizeof pr->id.sex, in->sex);
    pr->has_bsn = in->bsn != NULL;

    identity = json_pack("{s:s, s:s, s:s, s:s, s:s*}", "given_names", in->given_names, "surname",
                         in->surname, "birth_date", in->birth_date, "sex", in->sex, "bsn", in->bsn);
    json_t *parents = json_array();
    if (!identity || !parents || json_object_set_new(identity, "parents", parents) != 0) {
        rc = SG_ENOMEM;
        goto out;
    }
    if (in->has_address)
        rc = prepare_address(a, &in->address, pr, identity, err);
    for (int i = 0; rc == SG_OK && i < in->nparents; i++)
        rc = prepare_parent(a, &in->parents[i], i, &today, pr, parents, err);
    if (rc != SG_OK)
        goto out;

    char key[REFINDEX_KEY_TEXT];
    token_uuid(r->public_id);
    r->org_id = who->org_id;
    r->registered_by = who->user_id;
    text_copy(r->client_key, sizeof r->client_key, in->client_key ? in->client_key : "");
    text_copy(r->ground, sizeof r->ground, in->ground);
    if (in->bsn) {
        refindex_bsn_text(in->bsn, key);
        hash_text(a, key, r->bsn_key);
    }
    refindex_name_text(&pr->id, key);
    hash_text(a, key, r->name_key);
    refindex_block_a_text(&pr->id, key);
    hash_text(a, key, r->block_a);
    refindex_block_b_text(&pr->id, key);
    hash_text(a, key, r->block_b);
    refindex_block_c_text(&pr->id, key);
    hash_text(a, key, r->block_c);
    clock_format_iso(clock_now_ms(), r->registered_at);
    date ends;
    refindex_ends_on(&today, &pr->id.birth, &ends, NULL);
    date_format(&ends, r->ends_on);
    rc = fingerprint(a, in, pr);
    text = json_dumps(identity, JSON_COMPACT);
    if (rc == SG_OK && !text)
        rc = SG_ENOMEM;
    if (rc == SG_OK)
        rc = seal(a, "identity", r->public_id, text, &r->identity_enc, &r->identity_enc_len);
    if (rc == SG_OK)
        rc = seal(a, "contact", r->public_id, in->contact, &r->contact_enc, &r->contact_enc_len);
out:
    if (text) {
        sodium_memzero(text, strlen(text));
        free(text); /* jansson's allocator is the C library's */
    }
    json_decref(identity);
    if (rc != SG_OK)
        store_concern_clear(r);
    return rc;
}

/* ---- the registration's transaction ------------------------------------ */

typedef struct register_ctx {
    app *a;
    const actor *who;
    concern_prepared *pr;
    const refindex_rules *rules;
    const char *today;
    /* results */
    int outcome; /* SG_OK, or a refusal that was audited and is committed */
    bool created;
    svc_error *err;
    json_t *view;
} register_ctx;

static int check_rules(register_ctx *ctx)
{
    const actor *who = ctx->who;
    if (!ctx->rules->org_allowed[who->org_type])
        return SG_EFORBIDDEN;
    if (!refindex_ground_find(ctx->rules, ctx->pr->row.ground))
        return svc_invalid(ctx->err, "ground", "not a ground of the published list");
    if (!refindex_ground_fits(ctx->rules, who->org_type, ctx->pr->row.ground))
        return svc_invalid(ctx->err, "ground",
                           "the published rules do not let your kind of organisation register"
                           " on this ground");
    if (ctx->pr->has_bsn && !ctx->rules->org_bsn[who->org_type])
        return svc_invalid(ctx->err, "bsn",
                           "your kind of organisation registers without the BSN: leave it out");
    ctx->pr->row.rules_version = ctx->rules->version;
    return SG_OK;
}

/* A repeat of an earlier registration by its client key. */
static int replay(store_tx *tx, register_ctx *ctx, concern_row *earlier)
{
    if (strcmp(earlier->fingerprint, ctx->pr->row.fingerprint) != 0) {
        ctx->err->field = "client_key";
        ctx->err->reason = "this clientKey was used for another registration";
        return SG_ECONFLICT;
    }
    int rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.read", "concern", earlier->public_id,
                          earlier->public_id, "repeat of a registration (idempotent)");
    if (rc == SG_OK)
        rc = concern_view(tx, ctx->a, earlier, ctx->today, &ctx->view);
    return rc;
}

/* The organisation registered this youth already (same BSN or name key). */
static int own_duplicate(store_tx *tx, register_ctx *ctx)
{
    const concern_row *r = &ctx->pr->row;
    concern_row rows[4];
    int rc = SG_OK;
    for (int k = 0; rc == SG_OK && k < 2; k++) {
        int n = 0;
        if (k == 0 && !r->bsn_key[0])
            continue;
        rc =
            store_concern_active_by_key(tx, k == 0 ? CONCERN_BSN : CONCERN_NAME,
                                        k == 0 ? r->bsn_key : r->name_key, ctx->today, rows, 4, &n);
        for (int i = 0; i < n; i++) {
            if (rc == SG_OK && rows[i].org_id == r->org_id) {
                if (rows[i].registered_by == ctx->who->user_id)
                    snprintf(ctx->err->text, sizeof ctx->err->text,
                             "you registered this youth already as %s", rows[i].public_id);
                else
                    snprintf(ctx->err->text, sizeof ctx->err->text,
                             "a colleague of your organisation registered this youth already");
                ctx->err->field = k == 0 ? "bsn" : "surname";
                ctx->err->reason = ctx->err->text;
                rc = SG_ECONFLICT;
            }
            store_concern_clear(&rows[i]);
        }
    }
    return rc;
}

/* One registration within a transaction.  Refusals (SG_EINVAL,
 * SG_EFORBIDDEN, SG_ECONFLICT) come back before anything of the item is
 * written but its rate-limit count; a rate-limit refusal is an outcome
 * whose audit entries stay.  Any other error is the system's. */
static int register_item(store_tx *tx, register_ctx *ctx)
{
    concern_row *r = &ctx->pr->row;
    int rc = check_rules(ctx);
    if (rc != SG_OK)
        return rc;
    if (r->client_key[0]) {
        concern_row earlier;
        rc = store_concern_find_client_key(tx, r->org_id, r->client_key, &earlier);
        if (rc == SG_OK) {
            rc = replay(tx, ctx, &earlier);
            store_concern_clear(&earlier);
            return rc;
        }
        if (rc != SG_ENOTFOUND)
            return rc;
    }
    bool over = false;
    rc = concern_rate_limit(tx, ctx->a, ctx->who, "register a concern", &over);
    if (rc != SG_OK || over) {
        ctx->outcome = over ? SG_ELIMIT : SG_OK;
        return rc;
    }
    rc = own_duplicate(tx, ctx);
    if (rc == SG_OK)
        rc = store_concern_insert(tx, r);
    for (int i = 0; rc == SG_OK && i < ctx->pr->links.nparents; i++)
        rc = store_concern_link_add(tx, r->id, "parent", ctx->pr->links.parents[i]);
    if (rc == SG_OK && ctx->pr->links.address[0])
        rc = store_concern_link_add(tx, r->id, "address", ctx->pr->links.address);
    if (rc == SG_OK)
        rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.create", "concern", r->public_id,
                          r->public_id, "register a concern in the reference index");
    if (rc == SG_OK)
        rc = concern_match_new(tx, ctx->a, ctx->who, r, &ctx->pr->id, &ctx->pr->links, ctx->today);
    if (rc == SG_OK)
        rc = concern_view(tx, ctx->a, r, ctx->today, &ctx->view);
    if (rc == SG_OK)
        ctx->created = true;
    return rc;
}

static int register_job(store_tx *tx, void *arg)
{
    register_ctx *ctx = arg;
    refindex_rules rules;
    int rc = concern_rules_load(tx, &rules);
    if (rc != SG_OK)
        return rc;
    ctx->rules = &rules;
    rc = register_item(tx, ctx);
    ctx->rules = NULL;
    refindex_rules_free(&rules);
    return rc;
}

int concern_register(app *a, const actor *who, const concern_input *in, json_t **out, bool *created,
                     svc_error *err)
{
    svc_error ignored = {0};
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    concern_prepared *pr = sg_calloc(1, sizeof *pr);
    if (!pr)
        return SG_ENOMEM;
    char today[DATE_LEN];
    date_today_plus(0, today);
    register_ctx ctx = {.a = a, .who = who, .pr = pr, .today = today, .err = err ? err : &ignored};
    int rc = concern_prepare(a, who, in, pr, ctx.err);
    if (rc == SG_OK)
        rc = store_write(a->db, register_job, &ctx);
    if (rc == SG_OK && ctx.outcome != SG_OK)
        rc = ctx.outcome;
    if (rc == SG_OK) {
        *out = ctx.view;
        *created = ctx.created;
    } else {
        json_decref(ctx.view);
    }
    store_concern_clear(&pr->row);
    sg_free(pr);
    return rc;
}

/* ---- a batch from a connected system: one transaction ------------------- */

typedef struct batch_item {
    concern_prepared pr;
    register_ctx ctx;
    svc_error err;
    int status; /* SG_OK, or why the item was refused */
} batch_item;

typedef struct batch_ctx {
    batch_item *items;
    int n;
} batch_ctx;

static bool is_refusal(int rc)
{
    return rc == SG_EINVAL || rc == SG_EFORBIDDEN || rc == SG_ECONFLICT;
}

static int batch_job(store_tx *tx, void *arg)
{
    batch_ctx *b = arg;
    refindex_rules rules;
    int rc = concern_rules_load(tx, &rules);
    for (int i = 0; rc == SG_OK && i < b->n; i++) {
        batch_item *it = &b->items[i];
        if (it->status != SG_OK)
            continue; /* refused before the transaction */
        it->ctx.rules = &rules;
        rc = register_item(tx, &it->ctx);
        it->ctx.rules = NULL;
        if (is_refusal(rc)) {
            it->status = rc;
            rc = SG_OK;
        } else if (rc == SG_OK && it->ctx.outcome != SG_OK) {
            it->status = it->ctx.outcome;
        }
    }
    if (rc != SG_OK)
        for (int i = 0; i < b->n; i++) {
            json_decref(b->items[i].ctx.view);
            b->items[i].ctx.view = NULL;
        }
    refindex_rules_free(&rules);
    return rc;
}

static const char *outcome_name(int rc, bool created, int *status)
{
    static const struct {
        int rc;
        int status;
        const char *name;
    } table[] = {
        {SG_EINVAL, 400, "invalid"},
        {SG_EFORBIDDEN, 403, "forbidden"},
        {SG_ECONFLICT, 409, "conflict"},
        {SG_ELIMIT, 429, "rate-limited"},
    };
    if (rc == SG_OK) {
        *status = created ? 201 : 200;
        return created ? "created" : "existing";
    }
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].rc == rc) {
            *status = table[i].status;
            return table[i].name;
        }
    *status = 500;
    return "error";
}

static json_t *batch_result(const concern_input *in, batch_item *it, int index)
{
    int status = 0;
    const char *name = outcome_name(it->status, it->ctx.created, &status);
    json_t *item = json_pack("{s:i, s:s, s:i, s:s*}", "index", index, "result", name, "status",
                             status, "client_key", in->client_key);
    if (!item)
        return NULL;
    if (it->status == SG_OK) {
        json_object_set(item, "concern", it->ctx.view);
    } else {
        const char *reason = it->err.reason ? it->err.reason : sg_status_str(it->status);
        if (it->status == SG_EFORBIDDEN)
            reason = "your role or organisation may not use the reference index";
        json_object_set_new(item, "problem",
                            json_pack("{s:s*, s:s}", "field", it->err.field, "reason", reason));
    }
    return item;
}

int concern_register_batch(app *a, const actor *who, const concern_input *in, int n, json_t **out)
{
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    if (n < 1 || n > CONCERN_BATCH_MAX)
        return SG_EINVAL;
    char today[DATE_LEN];
    date_today_plus(0, today);
    batch_ctx b = {.items = sg_calloc((size_t)n, sizeof *b.items), .n = n};
    json_t *results = json_array();
    int rc = b.items && results ? SG_OK : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        batch_item *it = &b.items[i];
        it->ctx =
            (register_ctx){.a = a, .who = who, .pr = &it->pr, .today = today, .err = &it->err};
        it->status = concern_prepare(a, who, &in[i], &it->pr, &it->err);
        if (it->status == SG_ENOMEM || it->status == SG_ECRYPTO)
            rc = it->status;
    }
    if (rc == SG_OK)
        rc = store_write(a->db, batch_job, &b);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *item = batch_result(&in[i], &b.items[i], i);
        if (!item || json_array_append_new(results, item) != 0)
            rc = SG_ENOMEM;
    }
    for (int i = 0; b.items && i < n; i++) {
        json_decref(b.items[i].ctx.view);
        store_concern_clear(&b.items[i].pr.row);
    }
    sg_free(b.items);
    if (rc == SG_OK) {
        *out = json_pack("{s:o}", "items", results);
        results = NULL;
        if (!*out)
            rc = SG_ENOMEM;
    }
    json_decref(results);
    return rc;
}
