/* Use cases: record, read and list signals. */
#include "service/school/signals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit.h"
#include "security/token.h"
#include "service/notify.h"
#include "service/school/guidance.h"

#define OBSERVATION_MAX_CHARS 10000

const char *const signal_settings[] = {"school", "street", "online", "home", "care", "other", NULL};
const char *const signal_kinds[] = {"fact", "impression", NULL};

static bool in_list(const char *const *list, const char *v)
{
    for (int i = 0; v && list[i]; i++)
        if (strcmp(list[i], v) == 0)
            return true;
    return false;
}

static void observation_ad(const char *public_id, char *ad, size_t n)
{
    snprintf(ad, n, "signals.observation:%s", public_id);
}

/* Public ids that a signal refers to by internal id. */
typedef struct signal_refs {
    char person[STORE_ID_LEN];
    char observer[STORE_ID_LEN];
    char org[STORE_ID_LEN];
} signal_refs;

static int load_refs(store_tx *tx, const signal_row *s, signal_refs *refs)
{
    user_row u;
    org_row o;
    int rc = store_person_public_id(tx, s->person_id, refs->person);
    if (rc == SG_OK)
        rc = store_user_get(tx, s->observer_id, &u);
    if (rc == SG_OK)
        rc = store_org_get(tx, s->org_id, &o);
    if (rc == SG_OK) {
        text_copy(refs->observer, sizeof refs->observer, u.public_id);
        text_copy(refs->org, sizeof refs->org, o.public_id);
    }
    return rc;
}

/* The observer is named to their own organisation only: outside it the
 * contact is the organisation, never the person (viewer_org 0: the
 * observer's own answer). */
static json_t *signal_json(const signal_row *s, const signal_refs *refs, const char *observation,
                           int64_t viewer_org)
{
    json_t *inds = json_array();
    for (int i = 0; inds && i < s->indicator_count; i++) {
        if (json_array_append_new(inds, json_pack("{s:s, s:s}", "id", s->indicators[i].code, "kind",
                                                  s->indicators[i].kind))
            != 0) {
            json_decref(inds);
            inds = NULL;
        }
    }
    if (!inds)
        return NULL;
    bool own = viewer_org == 0 || viewer_org == s->org_id;
    json_t *observer = own ? json_pack("{s:s}", "id", refs->observer) : json_null();
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:{s:s}, s:s}", "id", s->public_id,
                     "person_id", refs->person, "observed_on", s->observed_on, "setting",
                     s->setting, "observation", observation, "indicators", inds,
                     "catalogue_version", (json_int_t)s->catalogue_version, "observer", observer,
                     "organisation", "id", refs->org, "created_at", s->created_at);
}

/* ---- create ----------------------------------------------------------- */

typedef struct create_ctx {
    app *a;
    const actor *who;
    const signal_input *in;
    signal_row row;
    signal_refs refs;
    svc_error *err;
} create_ctx;

/* When the guidance a mentor gets on this signal is to consult today, the
 * school's care coordinators get a task at once (a notice of the signal,
 * nothing of its content), in the same transaction. */
static int tell_coordinator(store_tx *tx, create_ctx *cc)
{
    if (cc->who->role != ROLE_MENTOR)
        return SG_OK;
    char advice[32];
    int rc = guidance_advice_on(tx, cc->who, &cc->row, advice, sizeof advice);
    if (rc == SG_ESTATE)
        return SG_OK; /* no rules published: no advice to act on */
    if (rc != SG_OK || strcmp(advice, "consult-today") != 0)
        return rc;
    return notify_role(tx, cc->who->org_id, "care-coordinator", "signal.consult-today", "signal",
                       cc->row.public_id, cc->who->org_id);
}

static int create_job(store_tx *tx, void *arg)
{
    create_ctx *cc = arg;
    person_row p;
    int rc = store_person_find_public(tx, cc->in->person_id, &p);
    if (rc == SG_OK) {
        /* Only about a child the observer may read: a signal never opens
         * a record to its author (a mentor reads the children they
         * recorded or observed before; a care coordinator their school's). */
        rc = access_check_person(tx, cc->who, &p);
        if (rc == SG_EFORBIDDEN)
            rc = SG_ENOTFOUND;
        cc->row.person_id = p.id;
        if (rc == SG_OK
            && (p.birth_year * 100 + p.birth_month
                > atoi(cc->in->observed_on) * 100 + atoi(cc->in->observed_on + 5)))
            rc = svc_invalid(cc->err, "observed_on", "the date lies before the child's birth");
        store_person_clear(&p);
    }
    if (rc != SG_OK)
        return rc;

    catalogue_version_row version;
    rc = store_catalogue_latest(tx, &version);
    if (rc != SG_OK)
        return rc == SG_ENOTFOUND ? SG_ESTATE : rc;
    cc->row.catalogue_version = version.version;
    for (int i = 0; i < cc->row.indicator_count; i++) {
        indicator_row ind;
        rc = store_catalogue_get_indicator(tx, version.version, cc->row.indicators[i].code, &ind);
        if (rc == SG_ENOTFOUND) {
            if (!cc->err)
                return SG_EINVAL;
            snprintf(cc->err->text, sizeof cc->err->text, "%s is not in catalogue version %lld",
                     cc->row.indicators[i].code, (long long)version.version);
            return svc_invalid(cc->err, "indicators", cc->err->text);
        }
        if (rc != SG_OK)
            return rc;
    }
    rc = store_signal_insert(tx, &cc->row);
    if (rc == SG_OK)
        rc = load_refs(tx, &cc->row, &cc->refs);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = cc->who,
                      .action = "signal.create",
                      .record_type = "signal",
                      .record_id = cc->row.public_id,
                      .person_id = cc->refs.person,
                      .purpose = "record an observation"};
    rc = audit_append(tx, cc->a->keys, &ev);
    if (rc == SG_OK)
        rc = tell_coordinator(tx, cc);
    return rc;
}

static int validate(const signal_input *in, svc_error *err)
{
    date observed, today;
    if (!in->person_id || !token_is_uuid(in->person_id))
        return svc_invalid(err, "person_id", "the id of a person is required");
    if (!in->observed_on || date_parse(in->observed_on, &observed) != SG_OK)
        return svc_invalid(err, "observed_on", "a real date as YYYY-MM-DD is required");
    date_today(&today);
    if (date_compare(&observed, &today) > 0)
        return svc_invalid(err, "observed_on", "the date lies in the future");
    if (!in_list(signal_settings, in->setting))
        return svc_invalid(err, "setting", "one of school, street, online, home, care, other");
    if (!in->observation || text_is_blank(in->observation)
        || text_utf8_length(in->observation) > OBSERVATION_MAX_CHARS
        || !text_is_clean_utf8(in->observation, strlen(in->observation)))
        return svc_invalid(err, "observation", "an observation of 1 to 10000 characters");
    if (in->indicator_count < 0 || in->indicator_count > SIGNAL_MAX_INDICATORS)
        return svc_invalid(err, "indicators", "at most 80 indicators");
    for (int i = 0; i < in->indicator_count; i++) {
        if (!in_list(signal_kinds, in->indicators[i].kind))
            return svc_invalid(err, "indicators", "each kind is fact or impression");
        for (int j = 0; j < i; j++)
            if (strcmp(in->indicators[i].code, in->indicators[j].code) == 0)
                return svc_invalid(err, "indicators", "an indicator appears twice");
    }
    return SG_OK;
}

static int by_code(const void *x, const void *y)
{
    return strcmp(((const signal_indicator *)x)->code, ((const signal_indicator *)y)->code);
}

int signal_create(app *a, const actor *who, const signal_input *in, json_t **out, svc_error *err)
{
    if (!access_may_record_signals(who))
        return SG_EFORBIDDEN;
    int rc = validate(in, err);
    if (rc != SG_OK)
        return rc;
    create_ctx *cc = sg_calloc(1, sizeof *cc);
    if (!cc)
        return SG_ENOMEM;
    cc->a = a;
    cc->who = who;
    cc->in = in;
    cc->err = err;
    signal_row *r = &cc->row;
    char ad[96];
    token_uuid(r->public_id);
    r->org_id = who->org_id;
    r->observer_id = who->user_id;
    text_copy(r->observed_on, sizeof r->observed_on, in->observed_on);
    text_copy(r->setting, sizeof r->setting, in->setting);
    clock_format_iso(clock_now_ms(), r->created_at);
    r->indicator_count = in->indicator_count;
    for (int i = 0; i < in->indicator_count; i++)
        r->indicators[i] = in->indicators[i];
    /* Stored and shown in catalogue order, whatever order they came in. */
    qsort(r->indicators, (size_t)r->indicator_count, sizeof r->indicators[0], by_code);
    observation_ad(r->public_id, ad, sizeof ad);
    rc = vault_seal(a->keys, ad, in->observation, strlen(in->observation), &r->observation_enc,
                    &r->observation_enc_len);
    if (rc == SG_OK)
        rc = store_write(a->db, create_job, cc);
    if (rc == SG_ESTATE && err) {
        err->field = "indicators";
        err->reason = "no indicator catalogue has been published yet";
        rc = SG_EINVAL;
    }
    if (rc == SG_OK) {
        *out = signal_json(r, &cc->refs, in->observation, 0);
        if (!*out)
            rc = SG_ENOMEM;
    }
    store_signal_clear(r);
    sg_free(cc);
    return rc;
}

/* ---- read ------------------------------------------------------------- */

typedef struct read_ctx {
    app *a;
    const actor *who;
    const char *id;
    const char *person_pid;
    signal_filter filter;
    signal_row *rows;
    signal_refs *refs;
    int n;
} read_ctx;

static int audit_read(store_tx *tx, read_ctx *ctx, const signal_row *s, const signal_refs *refs,
                      const char *purpose)
{
    audit_event ev = {.who = ctx->who,
                      .action = "signal.read",
                      .record_type = "signal",
                      .record_id = s->public_id,
                      .person_id = refs->person,
                      .purpose = purpose};
    return audit_append(tx, ctx->a->keys, &ev);
}

static int get_job(store_tx *tx, void *arg)
{
    read_ctx *ctx = arg;
    int rc = store_signal_find_public(tx, ctx->id, &ctx->rows[0]);
    if (rc != SG_OK)
        return rc;
    ctx->n = 1;
    rc = access_check_signal(tx, ctx->who, &ctx->rows[0]);
    if (rc == SG_OK)
        rc = load_refs(tx, &ctx->rows[0], &ctx->refs[0]);
    if (rc == SG_OK)
        rc = audit_read(tx, ctx, &ctx->rows[0], &ctx->refs[0], "view an observation");
    return rc;
}

static int list_job(store_tx *tx, void *arg)
{
    read_ctx *ctx = arg;
    if (ctx->person_pid) {
        person_row p;
        int rc = store_person_find_public(tx, ctx->person_pid, &p);
        if (rc == SG_ENOTFOUND)
            return SG_OK; /* an unknown child has no signals to show */
        if (rc != SG_OK)
            return rc;
        ctx->filter.person_id = p.id;
        store_person_clear(&p);
    }
    int rc = store_signal_list(tx, &ctx->filter, ctx->rows, &ctx->n);
    for (int i = 0; rc == SG_OK && i < ctx->n; i++) {
        rc = load_refs(tx, &ctx->rows[i], &ctx->refs[i]);
        if (rc == SG_OK)
            rc = audit_read(tx, ctx, &ctx->rows[i], &ctx->refs[i], "list observations");
    }
    return rc;
}

/* Decrypts and renders rows[0..n) into items. */
static int render(app *a, read_ctx *ctx, json_t *items)
{
    for (int i = 0; i < ctx->n; i++) {
        char ad[96], *observation = NULL;
        observation_ad(ctx->rows[i].public_id, ad, sizeof ad);
        int rc = vault_open_text(a->keys, ad, ctx->rows[i].observation_enc,
                                 ctx->rows[i].observation_enc_len, &observation);
        if (rc != SG_OK)
            return rc;
        rc = json_array_append_new(
                 items, signal_json(&ctx->rows[i], &ctx->refs[i], observation, ctx->who->org_id))
                     == 0
                 ? SG_OK
                 : SG_ENOMEM;
        sg_free(observation);
        if (rc != SG_OK)
            return rc;
    }
    return SG_OK;
}

static void read_free(read_ctx *ctx, int capacity)
{
    for (int i = 0; ctx->rows && i < capacity; i++)
        store_signal_clear(&ctx->rows[i]);
    sg_free(ctx->rows);
    sg_free(ctx->refs);
}

int signal_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    if (!token_is_uuid(id))
        return SG_ENOTFOUND;
    read_ctx ctx = {.a = a, .who = who, .id = id};
    ctx.rows = sg_calloc(1, sizeof *ctx.rows);
    ctx.refs = sg_calloc(1, sizeof *ctx.refs);
    json_t *items = json_array();
    int rc = ctx.rows && ctx.refs && items ? svc_read_audited(a, get_job, &ctx) : SG_ENOMEM;
    if (rc == SG_OK)
        rc = render(a, &ctx, items);
    if (rc == SG_OK) {
        *out = json_incref(json_array_get(items, 0));
        if (!*out)
            rc = SG_ENOMEM;
    }
    json_decref(items);
    read_free(&ctx, 1);
    return rc;
}

int signal_list(app *a, const actor *who, const char *person_id, const char *cursor, int limit,
                json_t **out, svc_error *err)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    if (person_id && !token_is_uuid(person_id))
        return svc_invalid(err, "person_id", "not the id of a person");
    read_ctx ctx = {.a = a, .who = who, .person_pid = person_id};
    ctx.filter.org_id = who->org_id;
    ctx.filter.observer_id = access_signal_observer_scope(who);
    ctx.filter.limit = svc_page_limit(a, limit);
    int rc = svc_cursor_parse(cursor, &ctx.filter.after, err);
    if (rc != SG_OK)
        return rc;
    ctx.rows = sg_calloc((size_t)ctx.filter.limit, sizeof *ctx.rows);
    ctx.refs = sg_calloc((size_t)ctx.filter.limit, sizeof *ctx.refs);
    json_t *items = json_array();
    rc = ctx.rows && ctx.refs && items ? svc_read_audited(a, list_job, &ctx) : SG_ENOMEM;
    if (rc == SG_OK)
        rc = render(a, &ctx, items);
    if (rc == SG_OK) {
        *out = svc_page(items, ctx.filter.limit, ctx.n ? ctx.rows[ctx.n - 1].id : 0);
        items = NULL;
        if (!*out)
            rc = SG_ENOMEM;
    }
    json_decref(items);
    read_free(&ctx, ctx.filter.limit);
    return rc;
}
