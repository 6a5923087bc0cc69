/* Use cases: record, read and list persons. */
#include "service/school/persons.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "domain/bsn.h"
#include "security/audit.h"
#include "security/token.h"

#define NAME_MAX_CHARS 200
#define MUNICIPALITY_MAX_CHARS 80
#define OLDEST_AGE 30

const char *const person_genders[] = {"female", "male", "x", "unknown", NULL};

static bool is_gender(const char *g)
{
    for (int i = 0; g && person_genders[i]; i++)
        if (strcmp(g, person_genders[i]) == 0)
            return true;
    return false;
}

static void field_ad(const char *column, const char *public_id, char *ad, size_t n)
{
    snprintf(ad, n, "persons.%s:%s", column, public_id);
}

/* The decrypted identifying fields of a person. */
typedef struct person_plain {
    char *name;
    char *bsn;
    char *birth_date;
} person_plain;

static void plain_free(person_plain *p)
{
    sg_free(p->name);
    sg_free(p->bsn);
    sg_free(p->birth_date);
    memset(p, 0, sizeof *p);
}

static int person_decrypt(const app *a, const person_row *r, person_plain *p)
{
    char ad[96];
    memset(p, 0, sizeof *p);
    field_ad("name", r->public_id, ad, sizeof ad);
    int rc = vault_open_text(a->keys, ad, r->name_enc, r->name_enc_len, &p->name);
    if (rc == SG_OK) {
        field_ad("birth_date", r->public_id, ad, sizeof ad);
        rc = vault_open_text(a->keys, ad, r->birth_date_enc, r->birth_date_enc_len, &p->birth_date);
    }
    if (rc == SG_OK && r->bsn_enc) {
        field_ad("bsn", r->public_id, ad, sizeof ad);
        rc = vault_open_text(a->keys, ad, r->bsn_enc, r->bsn_enc_len, &p->bsn);
    }
    if (rc != SG_OK)
        plain_free(p);
    return rc;
}

static json_t *person_json(const person_row *r, const person_plain *p)
{
    return json_pack("{s:s, s:s, s:s*, s:s, s:i, s:i, s:s, s:s, s:s}", "id", r->public_id, "name",
                     p->name, "bsn", p->bsn, "birth_date", p->birth_date, "birth_year",
                     r->birth_year, "birth_month", r->birth_month, "gender", r->gender,
                     "municipality", r->municipality, "created_at", r->created_at);
}

/* ---- create ----------------------------------------------------------- */

typedef struct create_ctx {
    app *a;
    const actor *who;
    person_row row;
    char existing[STORE_ID_LEN]; /* the record with this BSN, when the actor may see it */
} create_ctx;

static int create_job(store_tx *tx, void *arg)
{
    create_ctx *cc = arg;
    int rc;
    if (cc->row.bsn_key[0]) {
        person_row twin;
        rc = store_person_find_bsn_for_org(tx, cc->row.bsn_key, cc->who->org_id, &twin);
        if (rc == SG_OK) {
            /* Name the record only to someone who may open it (a mentor may not
             * see the school's other records). */
            if (access_check_person(tx, cc->who, &twin) == SG_OK)
                text_copy(cc->existing, sizeof cc->existing, twin.public_id);
            store_person_clear(&twin);
            return SG_ECONFLICT;
        }
        if (rc != SG_ENOTFOUND)
            return rc;
    }
    rc = store_person_insert(tx, &cc->row);
    if (rc == SG_OK)
        rc = store_person_grant(tx, cc->row.id, cc->who->org_id, "recorded");
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = cc->who,
                      .action = "person.create",
                      .record_type = "person",
                      .record_id = cc->row.public_id,
                      .person_id = cc->row.public_id,
                      .purpose = "record a child of concern"};
    return audit_append(tx, cc->a->keys, &ev);
}

static int validate(const person_input *in, date *birth, svc_error *err)
{
    if (!in->name || text_is_blank(in->name) || text_utf8_length(in->name) > NAME_MAX_CHARS
        || !text_is_clean_utf8(in->name, strlen(in->name)) || strchr(in->name, '\n'))
        return svc_invalid(err, "name", "a name of 1 to 200 characters on one line is required");
    if (in->bsn && !bsn_is_valid(in->bsn))
        return svc_invalid(err, "bsn", "not a valid citizen service number (eleven test)");
    if (!in->birth_date || date_parse(in->birth_date, birth) != SG_OK)
        return svc_invalid(err, "birth_date", "a real date as YYYY-MM-DD is required");
    date today;
    date_today(&today);
    if (date_compare(birth, &today) > 0)
        return svc_invalid(err, "birth_date", "the date of birth lies in the future");
    if (date_age_on(birth, &today) >= OLDEST_AGE)
        return svc_invalid(err, "birth_date", "signaal is for children and young people");
    if (!is_gender(in->gender))
        return svc_invalid(err, "gender", "one of female, male, x, unknown");
    if (!in->municipality || text_is_blank(in->municipality)
        || text_utf8_length(in->municipality) > MUNICIPALITY_MAX_CHARS
        || !text_is_clean_utf8(in->municipality, strlen(in->municipality))
        || strchr(in->municipality, '\n'))
        return svc_invalid(err, "municipality", "a municipality of 1 to 80 characters");
    return SG_OK;
}

int person_create(app *a, const actor *who, const person_input *in, json_t **out, svc_error *err)
{
    if (!access_may_record_persons(who))
        return SG_EFORBIDDEN;
    date birth;
    int rc = validate(in, &birth, err);
    if (rc != SG_OK)
        return rc;
    create_ctx cc = {.a = a, .who = who};
    person_row *r = &cc.row;
    char ad[96];
    token_uuid(r->public_id);
    r->birth_year = birth.year;
    r->birth_month = birth.month;
    text_copy(r->gender, sizeof r->gender, in->gender);
    text_copy(r->municipality, sizeof r->municipality, in->municipality);
    r->created_by_user = who->user_id;
    r->created_by_org = who->org_id;
    clock_format_iso(clock_now_ms(), r->created_at);
    field_ad("name", r->public_id, ad, sizeof ad);
    rc = vault_seal(a->keys, ad, in->name, strlen(in->name), &r->name_enc, &r->name_enc_len);
    if (rc == SG_OK) {
        field_ad("birth_date", r->public_id, ad, sizeof ad);
        rc = vault_seal(a->keys, ad, in->birth_date, strlen(in->birth_date), &r->birth_date_enc,
                        &r->birth_date_enc_len);
    }
    if (rc == SG_OK && in->bsn) {
        field_ad("bsn", r->public_id, ad, sizeof ad);
        rc = vault_seal(a->keys, ad, in->bsn, strlen(in->bsn), &r->bsn_enc, &r->bsn_enc_len);
        char keyed[80];
        snprintf(keyed, sizeof keyed, "bsn:%s", in->bsn);
        vault_hash(a->keys, VAULT_PSEUDONYM, keyed, strlen(keyed), r->bsn_key);
    }
    if (rc == SG_OK)
        rc = store_write(a->db, create_job, &cc);
    if (rc == SG_ECONFLICT && err) {
        if (cc.existing[0])
            snprintf(err->text, sizeof err->text,
                     "your organisation has recorded this child already as %s", cc.existing);
        else
            snprintf(err->text, sizeof err->text,
                     "your organisation has recorded this child already; your care"
                     " coordinator can share the record with you");
        err->field = "bsn";
        err->reason = err->text;
    }
    if (rc == SG_OK) {
        person_plain p = {
            .name = (char *)in->name, .bsn = (char *)in->bsn, .birth_date = (char *)in->birth_date};
        *out = person_json(r, &p);
        if (!*out)
            rc = SG_ENOMEM;
    }
    store_person_clear(r);
    return rc;
}

/* ---- read ------------------------------------------------------------- */

typedef struct read_ctx {
    app *a;
    const actor *who;
    const char *id;
    person_row row;
    person_filter filter;
    person_row *rows;
    int n;
} read_ctx;

static int audit_read(store_tx *tx, read_ctx *rc_, const person_row *p, const char *purpose)
{
    audit_event ev = {.who = rc_->who,
                      .action = "person.read",
                      .record_type = "person",
                      .record_id = p->public_id,
                      .person_id = p->public_id,
                      .purpose = purpose};
    return audit_append(tx, rc_->a->keys, &ev);
}

static int get_job(store_tx *tx, void *arg)
{
    read_ctx *ctx = arg;
    int rc = store_person_find_public(tx, ctx->id, &ctx->row);
    if (rc != SG_OK)
        return rc;
    rc = access_check_person(tx, ctx->who, &ctx->row);
    if (rc == SG_OK)
        rc = audit_read(tx, ctx, &ctx->row, "view a child's record");
    if (rc != SG_OK)
        store_person_clear(&ctx->row);
    return rc;
}

int person_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    if (!token_is_uuid(id))
        return SG_ENOTFOUND;
    read_ctx ctx = {.a = a, .who = who, .id = id};
    int rc = svc_read_audited(a, get_job, &ctx);
    if (rc != SG_OK) {
        /* The job may have read the row before the commit failed (a full disk). */
        store_person_clear(&ctx.row);
        return rc;
    }
    person_plain p;
    rc = person_decrypt(a, &ctx.row, &p);
    if (rc == SG_OK) {
        *out = person_json(&ctx.row, &p);
        if (!*out)
            rc = SG_ENOMEM;
        plain_free(&p);
    }
    store_person_clear(&ctx.row);
    return rc;
}

static int list_job(store_tx *tx, void *arg)
{
    read_ctx *ctx = arg;
    int rc = store_person_list(tx, &ctx->filter, ctx->rows, &ctx->n);
    for (int i = 0; rc == SG_OK && i < ctx->n; i++)
        rc = audit_read(tx, ctx, &ctx->rows[i], "list children of concern");
    return rc;
}

int person_list(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                svc_error *err)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    read_ctx ctx = {.a = a, .who = who};
    ctx.filter.org_id = who->org_id;
    ctx.filter.user_id = access_person_user_scope(who);
    ctx.filter.limit = svc_page_limit(a, limit);
    int rc = svc_cursor_parse(cursor, &ctx.filter.after, err);
    if (rc != SG_OK)
        return rc;
    ctx.rows = sg_calloc((size_t)ctx.filter.limit, sizeof *ctx.rows);
    json_t *items = json_array();
    if (!ctx.rows || !items) {
        rc = SG_ENOMEM;
        goto out;
    }
    rc = svc_read_audited(a, list_job, &ctx);
    int64_t last = 0;
    for (int i = 0; rc == SG_OK && i < ctx.n; i++) {
        person_plain p;
        rc = person_decrypt(a, &ctx.rows[i], &p);
        if (rc != SG_OK)
            break;
        if (json_array_append_new(items, person_json(&ctx.rows[i], &p)) != 0)
            rc = SG_ENOMEM;
        plain_free(&p);
        last = ctx.rows[i].id;
    }
    if (rc == SG_OK) {
        *out = svc_page(items, ctx.filter.limit, last);
        items = NULL;
        if (!*out)
            rc = SG_ENOMEM;
    }
out:
    for (int i = 0; ctx.rows && i < ctx.n; i++)
        store_person_clear(&ctx.rows[i]);
    sg_free(ctx.rows);
    json_decref(items);
    return rc;
}
