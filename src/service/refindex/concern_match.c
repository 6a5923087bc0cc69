/* The reference index's matches: finding them at registration, showing them
 * to each side, resolving candidates, recording contact and the lead,
 * tasks, escalations and flags. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/refindex/refindex_int.h"

#define SEEN_MAX (5 * CONCERN_BLOCK_MAX)
#define LINK_MAX 32
#define TASKS_MAX 200
#define ALERTS_MAX 100

/* ---- finding matches at registration ------------------------------------ */

typedef struct finder {
    store_tx *tx;
    app *a;
    const actor *who;
    const concern_row *mine;
    const char *today;
    int64_t seen[SEEN_MAX]; /* compared already: identity matches and candidates */
    int nseen;
} finder;

static bool was_seen(const finder *f, int64_t id)
{
    for (int i = 0; i < f->nseen; i++)
        if (f->seen[i] == id)
            return true;
    return false;
}

static void see(finder *f, int64_t id)
{
    if (f->nseen < SEEN_MAX)
        f->seen[f->nseen++] = id;
}

static const char *why_matched(const char *kind)
{
    if (strcmp(kind, "identity") == 0)
        return "a match: another organisation registered the same youth";
    if (strcmp(kind, "candidate") == 0)
        return "a candidate match: a close identity awaits confirmation";
    if (strcmp(kind, "family") == 0)
        return "a family match: registrations share a parent";
    return "an address match: registrations share an address";
}

static int add_match(finder *f, const concern_row *other, const char *kind, const char *reason,
                     const char *status)
{
    match_row m;
    memset(&m, 0, sizeof m);
    token_uuid(m.public_id);
    m.concern_a = other->id;
    m.concern_b = f->mine->id;
    text_copy(m.kind, sizeof m.kind, kind);
    text_copy(m.reason, sizeof m.reason, reason);
    text_copy(m.status, sizeof m.status, status);
    if (strcmp(kind, "identity") == 0)
        date_today_plus(f->a->cfg.match_days, m.due_on);
    clock_format_iso(clock_now_ms(), m.created_at);
    text_copy(m.updated_at, sizeof m.updated_at, m.created_at);
    int rc = store_match_insert(f->tx, &m);
    if (rc == SG_ECONFLICT)
        return SG_OK; /* matched that way already */
    /* One entry for each side, so that each registration's trail shows it. */
    if (rc == SG_OK)
        rc = audit_record(f->tx, f->a->keys, f->who, "match.create", "match", m.public_id,
                          f->mine->public_id, why_matched(kind));
    if (rc == SG_OK)
        rc = audit_record(f->tx, f->a->keys, f->who, "match.create", "match", m.public_id,
                          other->public_id, why_matched(kind));
    return rc;
}

/* Same BSN, or same folded name and date of birth (unless both BSNs are
 * known and differ: then they are two youths). */
static int find_identity(finder *f, concern_row *rows)
{
    int rc = SG_OK;
    for (int k = 0; rc == SG_OK && k < 2; k++) {
        int n = 0;
        if (k == 0 && !f->mine->bsn_key[0])
            continue;
        rc = store_concern_active_by_key(f->tx, k == 0 ? CONCERN_BSN : CONCERN_NAME,
                                         k == 0 ? f->mine->bsn_key : f->mine->name_key, f->today,
                                         rows, CONCERN_BLOCK_MAX, &n);
        for (int i = 0; i < n; i++) {
            const concern_row *r = &rows[i];
            bool skip = r->id == f->mine->id || r->org_id == f->mine->org_id || was_seen(f, r->id)
                        || (k == 1 && r->bsn_key[0] && f->mine->bsn_key[0]
                            && strcmp(r->bsn_key, f->mine->bsn_key) != 0);
            if (rc == SG_OK && !skip) {
                rc = add_match(f, r, "identity", k == 0 ? "bsn" : "name-and-birth-date", "open");
                see(f, r->id);
            }
            store_concern_clear(&rows[i]);
        }
    }
    return rc;
}

/* Close identities in the same blocks: candidates, compared in memory. */
static int find_candidates(finder *f, const refindex_identity *id, concern_row *rows)
{
    int rc = SG_OK;
    static const concern_key blocks[] = {CONCERN_BLOCK_A, CONCERN_BLOCK_B, CONCERN_BLOCK_C};
    const char *keys[] = {f->mine->block_a, f->mine->block_b, f->mine->block_c};
    for (int k = 0; rc == SG_OK && k < 3; k++) {
        int n = 0;
        rc = store_concern_active_by_key(f->tx, blocks[k], keys[k], f->today, rows,
                                         CONCERN_BLOCK_MAX, &n);
        for (int i = 0; i < n; i++) {
            const concern_row *r = &rows[i];
            bool skip = r->id == f->mine->id || r->org_id == f->mine->org_id || was_seen(f, r->id)
                        || (r->bsn_key[0] && f->mine->bsn_key[0]);
            json_t *identity = NULL;
            refindex_identity other;
            if (rc == SG_OK && !skip) {
                see(f, r->id);
                rc = concern_identity_open(f->a, r, &identity);
                if (rc == SG_OK)
                    rc = concern_identity_of(identity, &other);
                json_decref(identity);
                refindex_reason why =
                    rc == SG_OK ? refindex_compare(id, &other) : REFINDEX_UNRELATED;
                if (rc == SG_OK && why > REFINDEX_EQUAL)
                    rc = add_match(f, r, "candidate", refindex_reason_code(why),
                                   "awaiting-confirmation");
                sodium_memzero(&other, sizeof other);
            }
            store_concern_clear(&rows[i]);
        }
    }
    return rc;
}

/* Registrations of other youths that share a parent or the address. */
static int find_links(finder *f, const char *kind, const char *key)
{
    int64_t ids[LINK_MAX], orgs[LINK_MAX], total = 0;
    int n = 0;
    int rc = store_concern_by_link(f->tx, kind, key, f->today, ids, orgs, LINK_MAX, &n, &total);
    /* Many registrations at one address are an institution (a residential
     * group, a reception centre), not a household: no address matches. */
    if (rc != SG_OK || (strcmp(kind, "address") == 0 && total > CONCERN_ADDRESS_MAX))
        return rc;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        if (ids[i] == f->mine->id || orgs[i] == f->mine->org_id || was_seen(f, ids[i]))
            continue;
        concern_row other;
        rc = store_concern_get(f->tx, ids[i], &other);
        if (rc == SG_OK)
            rc =
                add_match(f, &other, strcmp(kind, "parent") == 0 ? "family" : "address",
                          strcmp(kind, "parent") == 0 ? "shared-parent" : "shared-address", "open");
        store_concern_clear(&other);
    }
    return rc;
}

int concern_match_new(store_tx *tx, app *a, const actor *who, const concern_row *mine,
                      const refindex_identity *id, const concern_links_in *links, const char *today)
{
    finder *f = sg_calloc(1, sizeof *f);
    concern_row *rows = sg_calloc(CONCERN_BLOCK_MAX, sizeof *rows);
    int rc = f && rows ? SG_OK : SG_ENOMEM;
    if (rc == SG_OK) {
        f->tx = tx;
        f->a = a;
        f->who = who;
        f->mine = mine;
        f->today = today;
        rc = find_identity(f, rows);
    }
    if (rc == SG_OK)
        rc = find_candidates(f, id, rows);
    for (int i = 0; rc == SG_OK && i < links->nparents; i++)
        rc = find_links(f, "parent", links->parents[i]);
    if (rc == SG_OK && links->address[0])
        rc = find_links(f, "address", links->address);
    sg_free(rows);
    sg_free(f);
    return rc;
}

/* ---- one side's view ---------------------------------------------------- */

static bool is_kind(const match_row *m, const char *kind)
{
    return strcmp(m->kind, kind) == 0;
}

/* An identity match without a lead, past its deadline. */
static bool escalated(const match_row *m, const char *today)
{
    return is_kind(m, "identity") && m->lead_concern == 0 && m->due_on[0]
           && strcmp(m->due_on, today) < 0;
}

static int other_json(store_tx *tx, app *a, const concern_row *other, json_t **out)
{
    user_row u;
    org_row o;
    char *contact = NULL;
    char ad[96];
    int rc = store_user_get(tx, other->registered_by, &u);
    if (rc == SG_OK)
        rc = store_org_get(tx, other->org_id, &o);
    snprintf(ad, sizeof ad, "concerns.contact:%s", other->public_id);
    if (rc == SG_OK)
        rc = vault_open_text(a->keys, ad, other->contact_enc, other->contact_enc_len, &contact);
    if (rc == SG_OK) {
        *out =
            json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:s}", "professional", "login", u.login, "role",
                      u.role, "organisation", "name", o.name, "type", o.type, "contact", contact);
        if (!*out)
            rc = SG_ENOMEM;
    }
    if (contact)
        sodium_memzero(contact, strlen(contact));
    sg_free(contact);
    return rc;
}

int concern_match_view(store_tx *tx, app *a, const match_row *m, const concern_row *mine,
                       const char *today, json_t **out)
{
    bool side_a = m->concern_a == mine->id;
    concern_row other;
    int rc = store_concern_get(tx, side_a ? m->concern_b : m->concern_a, &other);
    if (rc != SG_OK)
        return rc;
    bool rejected = strcmp(m->status, "rejected") == 0;
    bool ended = !concern_is_active(mine, today) || !concern_is_active(&other, today);
    bool late = !ended && escalated(m, today);
    const char *lead = m->lead_concern == 0          ? NULL
                       : m->lead_concern == mine->id ? "mine"
                                                     : "theirs";
    *out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:b, s:b, s:b, s:s?, s:b, s:b}", "id",
                     m->public_id, "kind", m->kind, "reason", m->reason, "status",
                     ended && !rejected ? "ended" : m->status, "concern_id", mine->public_id,
                     "created_at", m->created_at, "due_on", m->due_on[0] ? m->due_on : NULL,
                     "overdue", late, "escalated", late, "contact_made", m->contact_at[0] != '\0',
                     "lead", lead, "confirmed_by_me", side_a ? m->confirmed_a : m->confirmed_b,
                     "confirmed_by_other", side_a ? m->confirmed_b : m->confirmed_a);
    if (!*out)
        rc = SG_ENOMEM;
    /* Who the other is only once it is no candidate, nor rejected nor over. */
    if (rc == SG_OK && !is_kind(m, "candidate") && !rejected && !ended) {
        json_t *who = NULL;
        rc = other_json(tx, a, &other, &who);
        if (rc == SG_OK)
            json_object_set_new(*out, "other", who);
    }
    if (rc != SG_OK) {
        json_decref(*out);
        *out = NULL;
    }
    store_concern_clear(&other);
    return rc;
}

/* ---- the actor's matches ------------------------------------------------ */

typedef struct match_ctx {
    app *a;
    const actor *who;
    const char *id;
    const match_update_input *in;
    int64_t after;
    int limit;
    char today[DATE_LEN];
    int outcome;
    svc_error *err;
    json_t *result;
    int64_t last;
} match_ctx;

/* The side of m whose registration is the actor's (SG_ENOTFOUND if none). */
static int my_side(store_tx *tx, const actor *who, const match_row *m, concern_row *mine)
{
    for (int k = 0; k < 2; k++) {
        int rc = store_concern_get(tx, k == 0 ? m->concern_a : m->concern_b, mine);
        if (rc != SG_OK)
            return rc;
        if (mine->registered_by == who->user_id)
            return SG_OK;
        store_concern_clear(mine);
    }
    return SG_ENOTFOUND;
}

/* The view with the actor's own youth named, for lists without context. */
static int view_with_youth(store_tx *tx, match_ctx *ctx, const match_row *m,
                           const concern_row *mine, json_t **out)
{
    json_t *identity = NULL;
    int rc = concern_match_view(tx, ctx->a, m, mine, ctx->today, out);
    if (rc == SG_OK)
        rc = concern_identity_open(ctx->a, mine, &identity);
    if (rc == SG_OK)
        json_object_set_new(*out, "youth",
                            json_pack("{s:O, s:O, s:O}", "given_names",
                                      json_object_get(identity, "given_names"), "surname",
                                      json_object_get(identity, "surname"), "birth_date",
                                      json_object_get(identity, "birth_date")));
    json_decref(identity);
    if (rc == SG_OK)
        rc = audit_record(tx, ctx->a->keys, ctx->who, "match.read", "match", m->public_id,
                          mine->public_id, "see a match on my registration");
    return rc;
}

static int list_job(store_tx *tx, void *arg)
{
    match_ctx *ctx = arg;
    match_row *rows = sg_calloc((size_t)ctx->limit, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_match_list_user(tx, ctx->who->user_id, ctx->after, ctx->limit, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        concern_row mine;
        json_t *v = NULL;
        rc = my_side(tx, ctx->who, &rows[i], &mine);
        if (rc == SG_OK)
            rc = view_with_youth(tx, ctx, &rows[i], &mine, &v);
        if (rc == SG_OK && json_array_append_new(ctx->result, v) != 0)
            rc = SG_ENOMEM;
        store_concern_clear(&mine);
        ctx->last = rows[i].id;
    }
    sg_free(rows);
    return rc;
}

int match_list(app *a, const actor *who, const char *cursor, int limit, json_t **out,
               svc_error *err)
{
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    match_ctx ctx = {.a = a, .who = who, .limit = svc_page_limit(a, limit), .err = err};
    int rc = svc_cursor_parse(cursor, &ctx.after, err);
    if (rc != SG_OK)
        return rc;
    date_today_plus(0, ctx.today);
    ctx.result = json_array();
    rc = ctx.result ? svc_read_audited(a, list_job, &ctx) : SG_ENOMEM;
    if (rc == SG_OK) {
        *out = svc_page(ctx.result, ctx.limit, ctx.last);
        return *out ? SG_OK : SG_ENOMEM;
    }
    json_decref(ctx.result);
    return rc;
}

/* Loads the match id and the actor's side of it; anything else is a
 * refusal, audited (*refused: the caller commits it). */
static int load_match(store_tx *tx, match_ctx *ctx, match_row *m, concern_row *mine, bool *refused)
{
    *refused = false;
    int rc = token_is_uuid(ctx->id) ? store_match_find_public(tx, ctx->id, m) : SG_ENOTFOUND;
    if (rc == SG_OK)
        rc = my_side(tx, ctx->who, m, mine);
    if (rc != SG_ENOTFOUND)
        return rc;
    *refused = true;
    ctx->outcome = SG_ENOTFOUND;
    return audit_record(tx, ctx->a->keys, ctx->who, "match.refused", "match",
                        token_is_uuid(ctx->id) ? ctx->id : "", "",
                        "refused: a match that is not on a registration of yours");
}

static int get_job(store_tx *tx, void *arg)
{
    match_ctx *ctx = arg;
    match_row m;
    concern_row mine;
    bool refused = false;
    int rc = load_match(tx, ctx, &m, &mine, &refused);
    if (rc != SG_OK || refused)
        return rc;
    rc = view_with_youth(tx, ctx, &m, &mine, &ctx->result);
    store_concern_clear(&mine);
    return rc;
}

static int run(app *a, store_work_fn fn, match_ctx *ctx, bool durable, json_t **out)
{
    date_today_plus(0, ctx->today);
    int rc = durable ? store_write(a->db, fn, ctx) : svc_read_audited(a, fn, ctx);
    if (rc == SG_OK && ctx->outcome != SG_OK)
        rc = ctx->outcome;
    return svc_result(rc, ctx->result, out);
}

int match_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    match_ctx ctx = {.a = a, .who = who, .id = id};
    return run(a, get_job, &ctx, false, out);
}

/* ---- resolving a candidate, recording contact and the lead -------------- */

static int refuse(match_ctx *ctx, const char *reason)
{
    if (ctx->err)
        ctx->err->reason = reason;
    return SG_ESTATE;
}

static int apply_update(match_ctx *ctx, match_row *m, const concern_row *mine, const char **what)
{
    const match_update_input *in = ctx->in;
    bool side_a = m->concern_a == mine->id;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    if (strcmp(m->status, "rejected") == 0)
        return refuse(ctx, "this candidate was rejected");
    if (is_kind(m, "candidate")) {
        if (in->contact_made || in->lead || !in->confirmation)
            return refuse(ctx, "confirm or reject the candidate first");
        if (strcmp(in->confirmation, "rejected") == 0) {
            text_copy(m->status, sizeof m->status, "rejected");
            *what = "reject a candidate match: not the same youth";
        } else {
            if (side_a)
                m->confirmed_a = true;
            else
                m->confirmed_b = true;
            *what = "confirm a candidate match on my side";
            if (m->confirmed_a && m->confirmed_b) {
                /* Both professionals think it is one youth: now it is a match. */
                text_copy(m->kind, sizeof m->kind, "identity");
                text_copy(m->status, sizeof m->status, "open");
                date_today_plus(ctx->a->cfg.match_days, m->due_on);
                *what = "both sides confirmed a candidate: contacts are exchanged";
            }
        }
        text_copy(m->updated_at, sizeof m->updated_at, now);
        return SG_OK;
    }
    if (in->confirmation)
        return refuse(ctx, "only a candidate match is confirmed or rejected");
    if (in->lead && !is_kind(m, "identity"))
        return refuse(ctx, "a lead is agreed on a match of the same youth only");
    if ((in->contact_made || in->lead) && !m->contact_at[0]) {
        text_copy(m->contact_at, sizeof m->contact_at, now);
        m->contact_by = ctx->who->user_id;
        text_copy(m->status, sizeof m->status, "contacted");
        *what = "record that contact was made";
    }
    if (in->lead) {
        bool mine_leads = strcmp(in->lead, "mine") == 0;
        m->lead_concern = mine_leads ? mine->id : (side_a ? m->concern_b : m->concern_a);
        m->lead_by = ctx->who->user_id;
        text_copy(m->lead_at, sizeof m->lead_at, now);
        text_copy(m->status, sizeof m->status, "lead-agreed");
        *what = "record who leads";
    }
    text_copy(m->updated_at, sizeof m->updated_at, now);
    return SG_OK;
}

static int update_job(store_tx *tx, void *arg)
{
    match_ctx *ctx = arg;
    match_row m;
    concern_row mine, other;
    bool refused = false;
    const char *what = "update a match";
    int rc = load_match(tx, ctx, &m, &mine, &refused);
    if (rc != SG_OK || refused)
        return rc;
    rc = store_concern_get(tx, m.concern_a == mine.id ? m.concern_b : m.concern_a, &other);
    if (rc == SG_OK
        && (!concern_is_active(&mine, ctx->today) || !concern_is_active(&other, ctx->today)))
        rc = refuse(ctx, "one of the registrations has ended");
    if (rc == SG_OK)
        rc = apply_update(ctx, &m, &mine, &what);
    if (rc == SG_OK)
        rc = store_match_update(tx, &m);
    if (rc == SG_OK)
        rc = audit_record(tx, ctx->a->keys, ctx->who, "match.update", "match", m.public_id,
                          mine.public_id, what);
    if (rc == SG_OK)
        rc = view_with_youth(tx, ctx, &m, &mine, &ctx->result);
    store_concern_clear(&mine);
    store_concern_clear(&other);
    return rc;
}

int match_update(app *a, const actor *who, const char *id, const match_update_input *in,
                 json_t **out, svc_error *err)
{
    if (!access_may_register_concerns(who))
        return SG_EFORBIDDEN;
    if (!in->confirmation && !in->contact_made && !in->lead)
        return svc_invalid(err, "body", "send confirmation, contact_made or lead");
    if (in->confirmation && strcmp(in->confirmation, "confirmed") != 0
        && strcmp(in->confirmation, "rejected") != 0)
        return svc_invalid(err, "confirmation", "confirmed or rejected");
    if (in->lead && strcmp(in->lead, "mine") != 0 && strcmp(in->lead, "theirs") != 0)
        return svc_invalid(err, "lead", "mine or theirs");
    match_ctx ctx = {.a = a, .who = who, .id = id, .in = in, .err = err};
    return run(a, update_job, &ctx, true, out);
}

/* ---- tasks, escalations and flags --------------------------------------- */

static json_t *lang(const char *nl, const char *en)
{
    return json_pack("{s:s, s:s}", "nl", nl, "en", en);
}

static int add_task(json_t *items, const char *type, const char *id, const char *concern_id,
                    json_t *title, const char *due_on, bool overdue)
{
    json_t *t = json_pack("{s:s, s:s, s:s, s:s*, s:o, s:s, s:b, s:b}", "type", type, "id", id,
                          "match_id", id, "concern_id", concern_id, "title", title, "due_on",
                          due_on, "overdue", overdue, "escalated", overdue);
    return t && json_array_append_new(items, t) == 0 ? SG_OK : SG_ENOMEM;
}

/* Candidates to resolve and matches to act on, on the actor's registrations. */
static int own_tasks(store_tx *tx, app *a, const actor *who, const char *today, json_t *items)
{
    match_row *rows = sg_calloc(TASKS_MAX, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_match_list_user(tx, who->user_id, 0, TASKS_MAX, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const match_row *m = &rows[i];
        concern_row mine, other;
        rc = my_side(tx, who, m, &mine);
        if (rc != SG_OK)
            break;
        bool side_a = m->concern_a == mine.id;
        rc = store_concern_get(tx, side_a ? m->concern_b : m->concern_a, &other);
        bool live =
            rc == SG_OK && concern_is_active(&mine, today) && concern_is_active(&other, today);
        if (live && is_kind(m, "candidate") && strcmp(m->status, "awaiting-confirmation") == 0
            && !(side_a ? m->confirmed_a : m->confirmed_b)) {
            char due[DATE_LEN], created[DATE_LEN];
            date d;
            text_copy(created, sizeof created, m->created_at);
            if (date_parse(created, &d) != SG_OK)
                rc = SG_EDB;
            date_from_days(date_to_days(&d) + a->cfg.match_days, &d);
            date_format(&d, due);
            if (rc == SG_OK)
                rc = add_task(items, "match-candidate", m->public_id, mine.public_id,
                              lang("Mogelijke match: bevestig of wijs af",
                                   "Possible match: confirm or reject"),
                              due, strcmp(due, today) < 0);
        } else if (live && is_kind(m, "identity") && m->lead_concern == 0) {
            rc = add_task(items, "match-contact", m->public_id, mine.public_id,
                          lang("Match: neem contact op en spreek af wie de regie neemt",
                               "Match: make contact and agree who takes the lead"),
                          m->due_on, escalated(m, today));
        }
        store_concern_clear(&mine);
        store_concern_clear(&other);
    }
    sg_free(rows);
    return rc;
}

/* The organisation's escalated matches; not those on the actor's own
 * registrations, which are tasks of their own already. */
static int escalation_tasks(store_tx *tx, const actor *who, const char *today, json_t *items)
{
    match_row rows[ALERTS_MAX];
    int n = 0;
    int rc = store_match_overdue_org(tx, who->org_id, today, rows, ALERTS_MAX, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        concern_row mine;
        rc = my_side(tx, who, &rows[i], &mine);
        if (rc == SG_OK) {
            store_concern_clear(&mine);
            continue;
        }
        if (rc == SG_ENOTFOUND)
            rc = add_task(items, "match-escalated", rows[i].public_id, NULL,
                          lang("Match zonder regie na de termijn: volg op met de collega",
                               "Match without a lead past its deadline: follow up with the"
                               " colleague"),
                          rows[i].due_on, true);
    }
    return rc;
}

static int flag_tasks(store_tx *tx, const actor *who, json_t *items)
{
    concern_flag_row rows[ALERTS_MAX];
    int n = 0;
    int rc = store_concern_flag_open(tx, who->org_id, rows, ALERTS_MAX, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        if (rows[i].user_id == who->user_id)
            continue; /* someone else looks into a flag about one's own use */
        /* Due the day it was flagged, in the Netherlands. */
        char day[DATE_LEN];
        int64_t ms = 0;
        date d;
        if (clock_parse_iso(rows[i].flagged_at, &ms) != SG_OK)
            return SG_EDB;
        date_on(ms / 1000, &d);
        date_format(&d, day);
        json_t *t = json_pack("{s:s, s:s, s:o, s:s, s:b}", "type", "concern-flagged", "id",
                              rows[i].public_id, "title",
                              lang("Ongebruikelijk gebruik van de verwijsindex: bekijk het",
                                   "Unusual use of the reference index: look into it"),
                              "due_on", day, "overdue", false);
        if (!t || json_array_append_new(items, t) != 0)
            rc = SG_ENOMEM;
    }
    return rc;
}

int concern_add_tasks(store_tx *tx, app *a, const actor *who, json_t *items)
{
    char today[DATE_LEN];
    date_today_plus(0, today);
    int rc = SG_OK;
    if (access_may_register_concerns(who))
        rc = own_tasks(tx, a, who, today, items);
    if (rc == SG_OK && access_may_coordinate_concerns(who))
        rc = escalation_tasks(tx, who, today, items);
    if (rc == SG_OK && access_may_review_flags(who))
        rc = flag_tasks(tx, who, items);
    return rc;
}

/* ---- the coordinating roles' view ---------------------------------------- */

/* {"login", "role"} of the registering professional of the organisation's
 * side of m. */
static int org_side_user(store_tx *tx, const actor *who, const match_row *m, json_t **out)
{
    concern_row c;
    for (int k = 0; k < 2; k++) {
        int rc = store_concern_get(tx, k == 0 ? m->concern_a : m->concern_b, &c);
        if (rc != SG_OK)
            return rc;
        int64_t org = c.org_id, user = c.registered_by;
        store_concern_clear(&c);
        if (org != who->org_id)
            continue;
        user_row u;
        rc = store_user_get(tx, user, &u);
        if (rc == SG_OK)
            *out = json_pack("{s:s, s:s}", "login", u.login, "role", u.role);
        return rc == SG_OK && !*out ? SG_ENOMEM : rc;
    }
    return SG_ENOTFOUND;
}

static int alerts_job(store_tx *tx, void *arg)
{
    match_ctx *ctx = arg;
    match_row rows[ALERTS_MAX];
    concern_flag_row flags[ALERTS_MAX];
    int n = 0, nf = 0;
    /* A privacy officer sees the flags only; escalated matches are casework. */
    int rc = access_may_coordinate_concerns(ctx->who)
                 ? store_match_overdue_org(tx, ctx->who->org_id, ctx->today, rows, ALERTS_MAX, &n)
                 : SG_OK;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *user = NULL;
        date due, today;
        rc = org_side_user(tx, ctx->who, &rows[i], &user);
        if (rc == SG_OK
            && (date_parse(rows[i].due_on, &due) != SG_OK
                || date_parse(ctx->today, &today) != SG_OK))
            rc = SG_EDB;
        if (rc == SG_OK
            && json_array_append_new(
                   ctx->result, json_pack("{s:s, s:s, s:s, s:s, s:I, s:o}", "type",
                                          "match-escalated", "id", rows[i].public_id, "kind",
                                          rows[i].kind, "due_on", rows[i].due_on, "days_overdue",
                                          (json_int_t)(date_to_days(&today) - date_to_days(&due)),
                                          "registered_by", user))
                   != 0)
            rc = SG_ENOMEM;
    }
    if (rc == SG_OK)
        rc = store_concern_flag_open(tx, ctx->who->org_id, flags, ALERTS_MAX, &nf);
    for (int i = 0; rc == SG_OK && i < nf; i++) {
        if (flags[i].user_id == ctx->who->user_id)
            continue; /* a flag about one's own use is for someone else */
        user_row u;
        rc = store_user_get(tx, flags[i].user_id, &u);
        if (rc == SG_OK
            && json_array_append_new(
                   ctx->result,
                   json_pack("{s:s, s:s, s:s, s:I, s:s, s:{s:s, s:s}}", "type", "concern-flagged",
                             "id", flags[i].public_id, "reason", flags[i].reason, "hits",
                             (json_int_t)flags[i].hits, "flagged_at", flags[i].flagged_at, "user",
                             "login", u.login, "role", u.role))
                   != 0)
            rc = SG_ENOMEM;
    }
    if (rc == SG_OK)
        rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.alerts", "concern-alerts", "", "",
                          "see escalated matches and flags of my organisation");
    return rc;
}

int concern_alerts(app *a, const actor *who, json_t **out)
{
    if (!access_may_review_flags(who))
        return SG_EFORBIDDEN;
    match_ctx ctx = {.a = a, .who = who};
    date_today_plus(0, ctx.today);
    ctx.result = json_array();
    int rc = ctx.result ? svc_read_audited(a, alerts_job, &ctx) : SG_ENOMEM;
    if (rc == SG_OK) {
        *out = json_pack("{s:o}", "items", ctx.result);
        return *out ? SG_OK : SG_ENOMEM;
    }
    json_decref(ctx.result);
    return rc;
}

static int acknowledge_job(store_tx *tx, void *arg)
{
    match_ctx *ctx = arg;
    concern_flag_row f;
    int rc =
        token_is_uuid(ctx->id) ? store_concern_flag_find_public(tx, ctx->id, &f) : SG_ENOTFOUND;
    if (rc == SG_OK && f.org_id != ctx->who->org_id)
        rc = SG_ENOTFOUND;
    /* Nobody clears the alert about their own use of the index. */
    if (rc == SG_OK && f.user_id == ctx->who->user_id)
        rc = SG_ENOTFOUND;
    if (rc != SG_OK)
        return rc;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    rc = store_concern_flag_acknowledge(tx, f.id, ctx->who->user_id, now);
    if (rc == SG_OK)
        rc = audit_record(tx, ctx->a->keys, ctx->who, "concern.flag-acknowledged", "concern-flag",
                          f.public_id, "", "looked into unusual use of the index");
    if (rc == SG_OK) {
        ctx->result = json_pack("{s:s, s:s, s:s}", "id", f.public_id, "type", "concern-flagged",
                                "acknowledged_at", now);
        if (!ctx->result)
            rc = SG_ENOMEM;
    }
    return rc;
}

int concern_alert_acknowledge(app *a, const actor *who, const char *id, json_t **out)
{
    if (!access_may_review_flags(who))
        return SG_EFORBIDDEN;
    match_ctx ctx = {.a = a, .who = who, .id = id};
    return run(a, acknowledge_job, &ctx, true, out);
}
