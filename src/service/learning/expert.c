/* Use cases: the national expert group's offer (advice, a training film for
 * professionals) and requests for it, a record of their own kind that the
 * expert group receives, accepts or declines, and marks done. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/notify.h"
#include "service/learning/learning_int.h"

#define EXPERT_GROUPS_MAX 8

/* Who may ask the expert group: the professionals who meet the signals. */
static bool may_request(const actor *who)
{
    return !who->system && who->org_type != ORG_EXPERT_GROUP
           && (who->role == ROLE_MENTOR || who->role == ROLE_CARE_COORDINATOR
               || who->role == ROLE_POLICE_OFFICER || who->role == ROLE_PROSECUTOR
               || (ROLE_BIT(who->role) & ROLES_CHAIN_PROFESSIONAL));
}

/* Who works the expert group's inbox: its care workers. */
static bool works_inbox(const actor *who)
{
    return !who->system && who->org_type == ORG_EXPERT_GROUP && who->role == ROLE_CARE_WORKER;
}

/* ---- the offer ---------------------------------------------------------- */

typedef struct offers_ctx {
    learning_docs docs;
} offers_ctx;

static int offers_job(store_tx *tx, void *arg)
{
    offers_ctx *oc = arg;
    return learning_docs_load(tx, LDOC_OFFERS, &oc->docs);
}

int expert_offers_get(app *a, const actor *who, json_t **out)
{
    (void)who;
    offers_ctx oc;
    int rc = store_read(a->db, offers_job, &oc);
    json_t *result = NULL;
    if (rc == SG_OK) {
        json_t *doc = oc.docs.offers;
        result = json_pack("{s:I, s:O, s:O, s:O}", "version", (json_int_t)oc.docs.offers_version,
                           "source", json_object_get(doc, "source"), "expert_group",
                           json_object_get(doc, "expert_group"), "items",
                           json_object_get(doc, "offers"));
        rc = result ? SG_OK : SG_ENOMEM;
    }
    learning_docs_free(&oc.docs);
    return svc_result(rc, result, out);
}

/* ---- rendering a request -------------------------------------------------- */

static int open_text(const app *a, const char *column, const char *id, const unsigned char *enc,
                     size_t len, char **out)
{
    char ad[96];
    snprintf(ad, sizeof ad, "expert_requests.%s:%s", column, id);
    *out = NULL;
    return enc ? vault_open_text(a->keys, ad, enc, len, out) : SG_OK;
}

static int seal_text(const app *a, const char *column, const char *id, const char *text,
                     unsigned char **out, size_t *len)
{
    char ad[96];
    snprintf(ad, sizeof ad, "expert_requests.%s:%s", column, id);
    return vault_seal(a->keys, ad, text, strlen(text), out, len);
}

static json_t *request_json(store_tx *tx, app *a, const json_t *offers, const expert_request_row *r)
{
    char *purpose = NULL, *contact = NULL, *answer = NULL;
    json_t *out = NULL;
    user_row u;
    int rc = open_text(a, "purpose", r->public_id, r->purpose_enc, r->purpose_enc_len, &purpose);
    if (rc == SG_OK)
        rc = open_text(a, "contact", r->public_id, r->contact_enc, r->contact_enc_len, &contact);
    if (rc == SG_OK)
        rc = open_text(a, "answer", r->public_id, r->answer_enc, r->answer_enc_len, &answer);
    if (rc == SG_OK)
        rc = store_user_get(tx, r->from_user_id, &u);
    if (rc != SG_OK)
        goto out;
    json_t *offer = learning_offer(offers, r->offer_id);
    out = json_pack("{s:s, s:{s:s, s:O?, s:O?}, s:s, s:s, s:s, s:s?, s:{s:s, s:s, s:o}, s:o,"
                    " s:s, s:s}",
                    "id", r->public_id, "offer", "id", r->offer_id, "kind",
                    json_object_get(offer, "kind"), "title", json_object_get(offer, "title"),
                    "status", r->status, "purpose", purpose, "contact", contact, "answer", answer,
                    "requester", "login", u.login, "role", u.role, "organisation",
                    learning_org_json(tx, r->from_org_id), "expert_group",
                    learning_org_json(tx, r->to_org_id), "created_at", r->created_at, "updated_at",
                    r->updated_at);
out:
    sg_free(purpose);
    sg_free(contact);
    sg_free(answer);
    return out;
}

/* Whether the actor may see the request: its requester, or the expert
 * group's care workers.  SG_ENOTFOUND otherwise. */
static int may_see(const actor *who, const expert_request_row *r)
{
    if (r->from_user_id == who->user_id)
        return SG_OK;
    return works_inbox(who) && r->to_org_id == who->org_id ? SG_OK : SG_ENOTFOUND;
}

/* ---- creating --------------------------------------------------------------- */

typedef struct request_ctx {
    app *a;
    const actor *who;
    const expert_request_input *in;
    learning_docs docs;
    expert_request_row row;
    const char *id;
    const char *status;
    const char *answer;
    const char *cursor;
    int64_t after;
    int limit;
    svc_error *err;
    json_t *result;
} request_ctx;

/* The expert group the request goes to: the one named, or the only one. */
static int pick_group(store_tx *tx, request_ctx *rc_, int64_t *org_id)
{
    if (rc_->in->expert_group_id) {
        org_row o;
        int rc = store_org_find(tx, rc_->in->expert_group_id, &o);
        if (rc == SG_ENOTFOUND || (rc == SG_OK && strcmp(o.type, "expert-group") != 0))
            return svc_invalid(rc_->err, "expert_group_id", "no expert group has this id");
        *org_id = o.id;
        return rc;
    }
    int64_t ids[EXPERT_GROUPS_MAX];
    int n = 0;
    int rc = store_learning_orgs_of_type(tx, "expert-group", ids, EXPERT_GROUPS_MAX, &n);
    if (rc != SG_OK)
        return rc;
    if (n == 0) {
        if (rc_->err)
            rc_->err->reason = "There is no expert group in signaal to send this request to.";
        return SG_ESTATE;
    }
    if (n > 1)
        return svc_invalid(rc_->err, "expert_group_id",
                           "there is more than one expert group: say which");
    *org_id = ids[0];
    return SG_OK;
}

static int create_job(store_tx *tx, void *arg)
{
    request_ctx *rq = arg;
    int rc = learning_docs_load(tx, LDOC_OFFERS, &rq->docs);
    if (rc != SG_OK)
        return rc;
    if (!learning_offer(rq->docs.offers, rq->in->offer_id))
        return svc_invalid(rq->err, "offer_id", "not one of the expert group's offers");
    expert_request_row *r = &rq->row;
    r->offers_version = rq->docs.offers_version;
    rc = pick_group(tx, rq, &r->to_org_id);
    if (rc == SG_OK)
        rc = store_expert_request_insert(tx, r);
    if (rc == SG_OK)
        rc = notify_role(tx, r->to_org_id, "care-worker", "expert-request.received",
                         "expert-request", r->public_id, r->from_org_id);
    if (rc == SG_OK)
        rc = learning_audit(tx, rq->a, rq->who, "expert-request.create", "expert-request",
                            r->public_id, "request the expert group's offer");
    if (rc == SG_OK) {
        rq->result = request_json(tx, rq->a, rq->docs.offers, r);
        rc = rq->result ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

int expert_request_create(app *a, const actor *who, const expert_request_input *in, json_t **out,
                          svc_error *err)
{
    if (!may_request(who))
        return SG_EFORBIDDEN;
    if (!in->offer_id || !*in->offer_id)
        return svc_invalid(err, "offer_id", "required");
    if (!in->purpose || text_is_blank(in->purpose))
        return svc_invalid(err, "purpose", "say what you need it for");
    if (!in->contact || text_is_blank(in->contact))
        return svc_invalid(err, "contact", "say how the expert group can reach you");
    request_ctx rq = {.a = a, .who = who, .in = in, .err = err};
    expert_request_row *r = &rq.row;
    token_uuid(r->public_id);
    text_copy(r->offer_id, sizeof r->offer_id, in->offer_id);
    r->from_org_id = who->org_id;
    r->from_user_id = who->user_id;
    text_copy(r->status, sizeof r->status, "requested");
    clock_format_iso(clock_now_ms(), r->created_at);
    text_copy(r->updated_at, sizeof r->updated_at, r->created_at);
    int rc =
        seal_text(a, "purpose", r->public_id, in->purpose, &r->purpose_enc, &r->purpose_enc_len);
    if (rc == SG_OK)
        rc = seal_text(a, "contact", r->public_id, in->contact, &r->contact_enc,
                       &r->contact_enc_len);
    if (rc == SG_OK)
        rc = store_write(a->db, create_job, &rq);
    store_expert_request_clear(r);
    learning_docs_free(&rq.docs);
    return svc_result(rc, rq.result, out);
}

/* ---- reading ------------------------------------------------------------------ */

static int list_job(store_tx *tx, void *arg)
{
    request_ctx *rq = arg;
    int rc = learning_docs_load(tx, LDOC_OFFERS_IF_ANY, &rq->docs);
    expert_request_row *rows = rc == SG_OK ? sg_calloc((size_t)rq->limit, sizeof *rows) : NULL;
    int n = 0;
    if (rc == SG_OK && !rows)
        rc = SG_ENOMEM;
    expert_request_filter f = {.after = rq->after, .limit = rq->limit};
    if (works_inbox(rq->who))
        f.to_org_id = rq->who->org_id;
    else
        f.from_user_id = rq->who->user_id;
    if (rc == SG_OK)
        rc = store_expert_request_list(tx, &f, rows, &n);
    json_t *items = json_array();
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *j = request_json(tx, rq->a, rq->docs.offers, &rows[i]);
        if (!j || json_array_append_new(items, j) != 0)
            rc = SG_ENOMEM;
    }
    int64_t last = n > 0 ? rows[n - 1].id : 0;
    for (int i = 0; rows && i < n; i++)
        store_expert_request_clear(&rows[i]);
    sg_free(rows);
    if (rc == SG_OK)
        rc = learning_audit(tx, rq->a, rq->who, "expert-request.list", "expert-request", "",
                            works_inbox(rq->who) ? "the expert group's inbox"
                                                 : "my requests to the expert group");
    if (rc == SG_OK) {
        rq->result = svc_page(items, rq->limit, last);
        items = NULL;
        rc = rq->result ? SG_OK : SG_ENOMEM;
    }
    json_decref(items);
    return rc;
}

int expert_request_list(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                        svc_error *err)
{
    if (!may_request(who) && !works_inbox(who))
        return SG_EFORBIDDEN;
    request_ctx rq = {.a = a, .who = who, .limit = svc_page_limit(a, limit)};
    int rc = svc_cursor_parse(cursor, &rq.after, err);
    if (rc == SG_OK)
        rc = svc_read_audited(a, list_job, &rq);
    learning_docs_free(&rq.docs);
    return svc_result(rc, rq.result, out);
}

static int get_job(store_tx *tx, void *arg)
{
    request_ctx *rq = arg;
    expert_request_row *r = &rq->row;
    int rc = store_expert_request_find_public(tx, rq->id, r);
    if (rc == SG_OK)
        rc = may_see(rq->who, r);
    if (rc == SG_OK)
        rc = learning_docs_load(tx, LDOC_OFFERS_IF_ANY, &rq->docs);
    if (rc == SG_OK)
        rc = learning_audit(tx, rq->a, rq->who, "expert-request.read", "expert-request",
                            r->public_id, "a request to the expert group");
    if (rc == SG_OK) {
        rq->result = request_json(tx, rq->a, rq->docs.offers, r);
        rc = rq->result ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

int expert_request_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!may_request(who) && !works_inbox(who))
        return SG_EFORBIDDEN;
    request_ctx rq = {.a = a, .who = who, .id = id};
    int rc = svc_read_audited(a, get_job, &rq);
    store_expert_request_clear(&rq.row);
    learning_docs_free(&rq.docs);
    return svc_result(rc, rq.result, out);
}

/* ---- the expert group answers ------------------------------------------------- */

/* The statuses a request may move to from its current one. */
static bool may_move(const char *from, const char *to)
{
    if (strcmp(from, "requested") == 0)
        return strcmp(to, "accepted") == 0 || strcmp(to, "declined") == 0;
    if (strcmp(from, "accepted") == 0)
        return strcmp(to, "done") == 0 || strcmp(to, "declined") == 0;
    return false;
}

static int update_job(store_tx *tx, void *arg)
{
    request_ctx *rq = arg;
    expert_request_row *r = &rq->row;
    int rc = store_expert_request_find_public(tx, rq->id, r);
    if (rc == SG_OK && !(works_inbox(rq->who) && r->to_org_id == rq->who->org_id))
        rc = SG_ENOTFOUND;
    if (rc != SG_OK)
        return rc;
    if (!may_move(r->status, rq->status))
        return SG_ESTATE;
    text_copy(r->status, sizeof r->status, rq->status);
    r->handled_by = rq->who->user_id;
    clock_format_iso(clock_now_ms(), r->updated_at);
    if (rq->answer) {
        sg_free(r->answer_enc);
        r->answer_enc = NULL;
        rc = seal_text(rq->a, "answer", r->public_id, rq->answer, &r->answer_enc,
                       &r->answer_enc_len);
    }
    user_row requester;
    if (rc == SG_OK)
        rc = store_expert_request_update(tx, r);
    if (rc == SG_OK)
        rc = store_user_get(tx, r->from_user_id, &requester);
    char kind[48];
    snprintf(kind, sizeof kind, "expert-request.%s", r->status);
    if (rc == SG_OK)
        rc = notify_user(tx, r->from_org_id, requester.id, kind, "expert-request", r->public_id,
                         r->to_org_id); /* the requester, not their colleagues */
    if (rc == SG_OK)
        rc = learning_docs_load(tx, LDOC_OFFERS_IF_ANY, &rq->docs);
    if (rc == SG_OK)
        rc = learning_audit(tx, rq->a, rq->who, "expert-request.update", "expert-request",
                            r->public_id, "answer a request to the expert group");
    if (rc == SG_OK) {
        rq->result = request_json(tx, rq->a, rq->docs.offers, r);
        rc = rq->result ? SG_OK : SG_ENOMEM;
    }
    return rc;
}

int expert_request_update(app *a, const actor *who, const char *id, const char *status,
                          const char *answer, json_t **out, svc_error *err)
{
    if (!works_inbox(who))
        return SG_EFORBIDDEN;
    if (!status
        || (strcmp(status, "accepted") != 0 && strcmp(status, "declined") != 0
            && strcmp(status, "done") != 0))
        return svc_invalid(err, "status", "accepted, declined or done");
    if (answer && text_is_blank(answer))
        answer = NULL;
    request_ctx rq = {.a = a, .who = who, .id = id, .status = status, .answer = answer};
    int rc = store_write(a->db, update_job, &rq);
    store_expert_request_clear(&rq.row);
    learning_docs_free(&rq.docs);
    return svc_result(rc, rq.result, out);
}
