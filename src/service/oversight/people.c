/* The auditor's directory of people (oversight.h): the accounts whose
 * actions the trail holds, within the auditor's scope, so that the trail
 * can be read by name and filtered by who.  Staff data only; the read is
 * audited. */
#include "base/mem.h"
#include "security/audit.h"
#include "service/oversight/oversight_int.h"

typedef struct people_ctx {
    app *a;
    const actor *who;
    int64_t after;
    int limit;
    json_t *items;
    int64_t last;
} people_ctx;

static int people_job(store_tx *tx, void *arg)
{
    people_ctx *pc = arg;
    /* An organisation's auditor reads the people of their own organisation;
     * a national auditor everyone's (access_audit_org_scope says which). */
    int64_t org_id = access_audit_org_scope(pc->who)[0] ? pc->who->org_id : 0;
    user_row *rows = sg_calloc((size_t)pc->limit, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_user_list(tx, org_id, pc->after, pc->limit, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        json_t *org = svc_org_ref(tx, rows[i].org_id);
        json_t *item =
            json_pack("{s:s, s:s, s:s, s:o, s:b}", "id", rows[i].public_id, "login", rows[i].login,
                      "role", rows[i].role, "organisation", org, "disabled", rows[i].disabled);
        if (json_array_append_new(pc->items, item) != 0)
            rc = SG_ENOMEM;
        pc->last = rows[i].id;
    }
    sg_free(rows);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = pc->who,
                      .action = "audit.read-people",
                      .record_type = "organisation",
                      .record_id = org_id ? pc->who->org_pid : "",
                      .purpose = "audit: whose actions the trail holds"};
    return audit_append(tx, pc->a->keys, &ev);
}

int oversight_audit_people(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                           svc_error *err)
{
    if (!access_may_audit(who))
        return SG_EFORBIDDEN;
    people_ctx pc = {.a = a, .who = who, .limit = svc_page_limit(a, limit)};
    if (pc.limit > OVERSIGHT_PAGE_MAX)
        pc.limit = OVERSIGHT_PAGE_MAX;
    int rc = svc_cursor_parse(cursor, &pc.after, err);
    if (rc != SG_OK)
        return rc;
    pc.items = json_array();
    rc = pc.items ? svc_read_audited(a, people_job, &pc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(pc.items);
        return rc;
    }
    *out = svc_page(pc.items, pc.limit, pc.last);
    return *out ? SG_OK : SG_ENOMEM;
}
