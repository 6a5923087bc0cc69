/* Use cases: the audit trail for auditors. */
#include "service/admin/trail.h"

#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit.h"
#include "security/token.h"

static json_t *entry_json(const audit_row *r)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "seq",
                     (json_int_t)r->seq, "at", r->at, "user_id", r->user_id, "role", r->role,
                     "organisation_id", r->org_id, "action", r->action, "record_type",
                     r->record_type, "record_id", r->record_id, "person_id", r->person_id, "client",
                     r->client, "purpose", r->purpose, "hash", r->hash);
}

/* The instant Dutch midnight starts a date (plus days), as ISO 8601 UTC:
 * entries are kept in UTC, the reader asks in Dutch dates. */
static int day_bound(const char *day, int plus, char out[CLOCK_ISO_LEN], svc_error *err,
                     const char *field)
{
    out[0] = '\0';
    if (!day)
        return SG_OK;
    date d;
    if (date_parse(day, &d) != SG_OK)
        return svc_invalid(err, field, "a date as YYYY-MM-DD");
    int64_t midnight = (date_to_days(&d) + plus) * 86400;
    /* The offset at Dutch midnight is the offset an hour before it. */
    midnight -= clock_nl_offset_s(midnight - 3600);
    clock_format_iso(midnight * 1000, out);
    return SG_OK;
}

typedef struct list_ctx {
    app *a;
    const actor *who;
    audit_filter filter;
    audit_row *rows;
    int n;
} list_ctx;

static int list_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    int rc = store_audit_list(tx, &lc->filter, lc->rows, &lc->n);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = lc->who,
                      .action = "audit.read",
                      .record_type = "audit",
                      .person_id = lc->filter.person_id,
                      .purpose = "audit"};
    return audit_append(tx, lc->a->keys, &ev);
}

int trail_list(app *a, const actor *who, const trail_query *q, json_t **out, svc_error *err)
{
    if (!access_may_audit(who))
        return SG_EFORBIDDEN;
    list_ctx lc = {.a = a, .who = who};
    lc.filter.limit = svc_page_limit(a, q->limit);
    if (q->person_id && !token_is_uuid(q->person_id))
        return svc_invalid(err, "person_id", "not the id of a person");
    if (q->user_id && !token_is_uuid(q->user_id))
        return svc_invalid(err, "user_id", "not the id of a user");
    text_copy(lc.filter.person_id, sizeof lc.filter.person_id, q->person_id ? q->person_id : "");
    text_copy(lc.filter.user_id, sizeof lc.filter.user_id, q->user_id ? q->user_id : "");
    text_copy(lc.filter.org_id, sizeof lc.filter.org_id, access_audit_org_scope(who));
    if (q->action && (!text_is_slug(q->action, sizeof lc.filter.action - 1)))
        return svc_invalid(err, "action", "an action such as person.read");
    text_copy(lc.filter.action, sizeof lc.filter.action, q->action ? q->action : "");
    int rc = day_bound(q->from, 0, lc.filter.from, err, "from");
    if (rc == SG_OK)
        rc = day_bound(q->until, 1, lc.filter.until, err, "until");
    if (rc != SG_OK)
        return rc;
    rc = svc_cursor_parse(q->cursor, &lc.filter.before, err);
    if (rc != SG_OK)
        return rc;
    lc.rows = sg_calloc((size_t)lc.filter.limit, sizeof *lc.rows);
    json_t *items = json_array();
    rc = lc.rows && items ? svc_trail_settle(a) : SG_ENOMEM;
    if (rc == SG_OK)
        rc = svc_read_audited(a, list_job, &lc);
    for (int i = 0; rc == SG_OK && i < lc.n; i++)
        if (json_array_append_new(items, entry_json(&lc.rows[i])) != 0)
            rc = SG_ENOMEM;
    if (rc == SG_OK) {
        /* Newest first: the cursor continues below the last (oldest) entry. */
        *out = svc_page(items, lc.filter.limit, lc.n ? lc.rows[lc.n - 1].seq : 0);
        items = NULL;
        if (!*out)
            rc = SG_ENOMEM;
    }
    json_decref(items);
    sg_free(lc.rows);
    return rc;
}

int trail_verify(app *a, const actor *who, json_t **out)
{
    if (!access_may_audit(who))
        return SG_EFORBIDDEN;
    audit_report rep;
    int rc = svc_trail_settle(a);
    if (rc == SG_OK)
        rc = audit_verify(a->db, a->keys, &rep);
    if (rc != SG_OK)
        return rc;
    json_t *broken = rep.broken_seq ? json_integer(rep.broken_seq) : json_null();
    *out = json_pack("{s:b, s:I, s:o, s:s*}", "intact", rep.broken_seq == 0, "checked",
                     (json_int_t)rep.checked, "broken_at", broken, "reason",
                     rep.broken_seq ? rep.reason : NULL);
    return *out ? SG_OK : SG_ENOMEM;
}
