/* Use cases: administration of organisations, accounts and API tokens. */
#include "service/admin/admin.h"

#include <string.h>

#include "analysis/stats_rules.h"
#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit.h"
#include "security/password.h"
#include "security/token.h"
#include "service/admin/admin_int.h"
#include "store/cases.h"

#define NAME_MAX_CHARS 200

static json_t *org_json(const org_row *o)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:s, s:s?}", "id", o->public_id, "name", o->name, "type",
                     o->type, "require_mfa", o->require_mfa, "created_at", o->created_at,
                     "municipality", o->municipality[0] ? o->municipality : NULL);
}

/* Whether a municipality may be set on an organisation of this type: one
 * listed in the newest published regions data, on a municipality's
 * organisation.  Fills err and returns SG_EINVAL when not. */
static int check_municipality(store_tx *tx, const char *type, const char *municipality,
                              svc_error *err)
{
    if (!municipality || !municipality[0])
        return SG_OK;
    if (strcmp(type, org_type_code(ORG_MUNICIPALITY)) != 0)
        return svc_invalid(err, "municipality", "only a municipality's organisation has one");
    char *text = NULL;
    int64_t version = 0;
    int rc = store_ruleset_get(tx, "regions", 0, &text, &version);
    if (rc == SG_ENOTFOUND)
        return svc_invalid(err, "municipality", "no regions data is published yet");
    if (rc != SG_OK)
        return rc;
    json_t *regions = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    sg_free(text);
    bool known = regions && stats_municipality_known(regions, municipality);
    json_decref(regions);
    if (!known)
        return svc_invalid(err, "municipality",
                           "a municipality as the published regions data lists it");
    return SG_OK;
}

int admin_audit(store_tx *tx, app *a, const actor *who, const char *action, const char *type,
                const char *id)
{
    audit_event ev = {.who = who,
                      .action = action,
                      .record_type = type,
                      .record_id = id,
                      .purpose = "administration"};
    return audit_append(tx, a->keys, &ev);
}

/* ---- organisations ---------------------------------------------------- */

typedef struct org_ctx {
    app *a;
    const actor *who;
    org_row row;
    const char *key;
    const char *municipality;
    svc_error *err;
} org_ctx;

static int org_create_job(store_tx *tx, void *arg)
{
    org_ctx *oc = arg;
    int rc = check_municipality(tx, oc->row.type, oc->row.municipality, oc->err);
    if (rc == SG_OK)
        rc = store_org_insert(tx, &oc->row);
    if (rc == SG_OK)
        rc = admin_audit(tx, oc->a, oc->who, "organisation.create", "organisation",
                         oc->row.public_id);
    return rc;
}

int org_create(app *a, const actor *who, const org_input *in, json_t **out, svc_error *err)
{
    if (!access_is_national_admin(who))
        return SG_EFORBIDDEN;
    org_type t;
    if (!in->name || text_is_blank(in->name) || text_utf8_length(in->name) > NAME_MAX_CHARS
        || !text_is_clean_utf8(in->name, strlen(in->name)))
        return svc_invalid(err, "name", "a name of 1 to 200 characters is required");
    if (org_type_parse(in->type, &t) != SG_OK)
        return svc_invalid(err, "type", "not a known type of organisation");
    if (in->municipality && strlen(in->municipality) >= sizeof(((org_row *)0)->municipality))
        return svc_invalid(err, "municipality",
                           "a municipality as the published regions data lists it");
    org_ctx oc = {.a = a, .who = who, .err = err};
    token_uuid(oc.row.public_id);
    text_copy(oc.row.name, sizeof oc.row.name, in->name);
    text_copy(oc.row.type, sizeof oc.row.type, org_type_code(t));
    text_copy(oc.row.municipality, sizeof oc.row.municipality,
              in->municipality ? in->municipality : "");
    oc.row.require_mfa = in->require_mfa;
    clock_format_iso(clock_now_ms(), oc.row.created_at);
    int rc = store_write(a->db, org_create_job, &oc);
    if (rc == SG_ECONFLICT) {
        (void)svc_invalid(err, "name", "an organisation with this name exists already");
        return SG_ECONFLICT;
    }
    if (rc != SG_OK)
        return rc;
    *out = org_json(&oc.row);
    return *out ? SG_OK : SG_ENOMEM;
}

static int org_get_job(store_tx *tx, void *arg)
{
    org_ctx *oc = arg;
    int rc = store_org_find(tx, oc->key, &oc->row);
    /* Another organisation is not an administrator's to see. */
    if (rc == SG_OK && !access_may_manage_org(oc->who, oc->row.id))
        rc = SG_ENOTFOUND;
    return rc;
}

int org_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    org_ctx oc = {.a = a, .who = who, .key = id};
    int rc = store_read(a->db, org_get_job, &oc);
    if (rc != SG_OK)
        return rc;
    *out = org_json(&oc.row);
    return *out ? SG_OK : SG_ENOMEM;
}

typedef struct list_ctx {
    app *a;
    const actor *who;
    int64_t org_id;
    const char *org_key;
    int64_t after;
    int limit;
    json_t *items;
    int64_t last;
} list_ctx;

static int org_list_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    org_row *rows = sg_calloc((size_t)lc->limit, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_org_list(tx, lc->after, lc->limit, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        lc->last = rows[i].id;
        if (!access_may_manage_org(lc->who, rows[i].id))
            continue; /* an administrator lists their own organisation only */
        if (json_array_append_new(lc->items, org_json(&rows[i])) != 0)
            rc = SG_ENOMEM;
    }
    sg_free(rows);
    return rc;
}

int org_list(app *a, const actor *who, const char *cursor, int limit, json_t **out, svc_error *err)
{
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    list_ctx lc = {.a = a, .who = who, .limit = svc_page_limit(a, limit)};
    int rc = svc_cursor_parse(cursor, &lc.after, err);
    if (rc != SG_OK)
        return rc;
    lc.items = json_array();
    if (!lc.items)
        return SG_ENOMEM;
    rc = store_read(a->db, org_list_job, &lc);
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = svc_page(lc.items, lc.limit, lc.last);
    return *out ? SG_OK : SG_ENOMEM;
}

/* The directory holds what a referral needs to name its receiver: no
 * settings, no dates. */
static int org_directory_job(store_tx *tx, void *arg)
{
    list_ctx *lc = arg;
    org_row *rows = sg_calloc((size_t)lc->limit, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_org_list(tx, lc->after, lc->limit, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        lc->last = rows[i].id;
        /* The national office runs the system; nobody refers a child to it. */
        if (strcmp(rows[i].type, org_type_code(ORG_NATIONAL_OFFICE)) == 0)
            continue;
        json_t *j = json_pack("{s:s, s:s, s:s}", "id", rows[i].public_id, "name", rows[i].name,
                              "type", rows[i].type);
        if (!j || json_array_append_new(lc->items, j) != 0)
            rc = SG_ENOMEM;
    }
    sg_free(rows);
    return rc;
}

int org_directory(app *a, const actor *who, const char *cursor, int limit, json_t **out,
                  svc_error *err)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    list_ctx lc = {.a = a, .who = who, .limit = svc_page_limit(a, limit)};
    int rc = svc_cursor_parse(cursor, &lc.after, err);
    if (rc != SG_OK)
        return rc;
    lc.items = json_array();
    if (!lc.items)
        return SG_ENOMEM;
    rc = store_read(a->db, org_directory_job, &lc);
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = svc_page(lc.items, lc.limit, lc.last);
    return *out ? SG_OK : SG_ENOMEM;
}

static int org_mfa_job(store_tx *tx, void *arg)
{
    org_ctx *oc = arg;
    bool on = oc->row.require_mfa;
    int rc = store_org_find(tx, oc->key, &oc->row);
    if (rc == SG_OK && !access_may_manage_org(oc->who, oc->row.id))
        rc = SG_ENOTFOUND;
    bool tightened = rc == SG_OK && on && !oc->row.require_mfa;
    if (rc == SG_OK)
        rc = store_org_set_require_mfa(tx, oc->row.id, on);
    /* Open sessions were let in without the second factor: end them. */
    if (rc == SG_OK && tightened)
        rc = store_session_delete_org(tx, oc->row.id);
    oc->row.require_mfa = on;
    if (rc == SG_OK)
        rc = admin_audit(tx, oc->a, oc->who, "organisation.update", "organisation",
                         oc->row.public_id);
    return rc;
}

int org_set_require_mfa(app *a, const actor *who, const char *id, bool on, json_t **out)
{
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    org_ctx oc = {.a = a, .who = who, .key = id};
    oc.row.require_mfa = on;
    int rc = store_write(a->db, org_mfa_job, &oc);
    if (rc != SG_OK)
        return rc;
    *out = org_json(&oc.row);
    return *out ? SG_OK : SG_ENOMEM;
}

static int org_municipality_job(store_tx *tx, void *arg)
{
    org_ctx *oc = arg;
    int rc = store_org_find(tx, oc->key, &oc->row);
    if (rc == SG_OK)
        rc = check_municipality(tx, oc->row.type, oc->municipality, oc->err);
    if (rc == SG_OK)
        rc = store_org_set_municipality(tx, oc->row.id, oc->municipality);
    if (rc == SG_OK) {
        text_copy(oc->row.municipality, sizeof oc->row.municipality, oc->municipality);
        rc = admin_audit(tx, oc->a, oc->who, "organisation.update", "organisation",
                         oc->row.public_id);
    }
    return rc;
}

int org_set_municipality(app *a, const actor *who, const char *id, const char *municipality,
                         json_t **out, svc_error *err)
{
    if (!access_is_national_admin(who))
        return SG_EFORBIDDEN;
    if (!municipality)
        municipality = "";
    if (strlen(municipality) >= sizeof(((org_row *)0)->municipality))
        return svc_invalid(err, "municipality",
                           "a municipality as the published regions data lists it");
    org_ctx oc = {.a = a, .who = who, .key = id, .municipality = municipality, .err = err};
    int rc = store_write(a->db, org_municipality_job, &oc);
    if (rc != SG_OK)
        return rc;
    *out = org_json(&oc.row);
    return *out ? SG_OK : SG_ENOMEM;
}
