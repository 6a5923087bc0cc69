/*
 * The privacy officer's list of overrides (oversight.h): the referrals
 * their organisation sent without a recorded legal basis, each with the
 * reason its sender gave, the receiver, who sent it and where it stands.
 * The officer checks the override, not the child's story: no name, no
 * note, nothing shared.  Each referral read is audited with its child, so
 * the child's trail shows that the officer looked.
 */
#include "base/mem.h"
#include "security/audit.h"
#include "service/oversight/oversight_int.h"
#include "store/chain.h"

typedef struct overrides_ctx {
    app *a;
    const actor *who;
    referral_filter filter;
    json_t *items;
    int64_t last;
} overrides_ctx;

static int override_item(store_tx *tx, overrides_ctx *oc, const referral_row *r)
{
    char *reason = NULL;
    int rc = SG_OK;
    if (r->override_reason_enc)
        rc = vault_open_field(oc->a->keys, "referrals.override_reason", r->public_id,
                              r->override_reason_enc, r->override_reason_enc_len, &reason);
    if (rc != SG_OK)
        return rc;
    json_t *item = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s?}", "id", r->public_id,
                             "created_at", r->created_at, "status", r->status, "purpose",
                             r->purpose, "to", svc_org_ref(tx, r->to_org_id), "sent_by",
                             svc_user_ref(tx, r->from_user_id), "override_reason", reason);
    sg_free(reason);
    if (json_array_append_new(oc->items, item) != 0)
        return SG_ENOMEM;
    return audit_record_person(tx, oc->a->keys, oc->who, "referral.override-read", "referral",
                               r->public_id, r->person_id,
                               "privacy officer: check an override of the legal basis");
}

static int overrides_job(store_tx *tx, void *arg)
{
    overrides_ctx *oc = arg;
    referral_row *rows = sg_calloc((size_t)oc->filter.limit, sizeof *rows);
    int n = 0;
    int rc = rows ? store_referral_list(tx, &oc->filter, rows, &n) : SG_ENOMEM;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        rc = override_item(tx, oc, &rows[i]);
        oc->last = rows[i].id;
    }
    for (int i = 0; i < n; i++)
        store_referral_clear(&rows[i]);
    sg_free(rows);
    return rc;
}

int oversight_overrides(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                        svc_error *err)
{
    if (who->system || who->role != ROLE_PRIVACY_OFFICER)
        return SG_EFORBIDDEN;
    overrides_ctx oc = {.a = a, .who = who};
    oc.filter.from_org_id = who->org_id;
    oc.filter.legal_basis = "override";
    oc.filter.limit = svc_page_limit(a, limit);
    if (oc.filter.limit > OVERSIGHT_PAGE_MAX)
        oc.filter.limit = OVERSIGHT_PAGE_MAX;
    int rc = svc_cursor_parse(cursor, &oc.filter.after, err);
    if (rc != SG_OK)
        return rc;
    oc.items = json_array();
    rc = oc.items ? svc_read_audited(a, overrides_job, &oc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(oc.items);
        return rc;
    }
    *out = svc_page(oc.items, oc.filter.limit, oc.last);
    return *out ? SG_OK : SG_ENOMEM;
}
