/* Use cases: user accounts and API tokens (declared in admin.h). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit.h"
#include "security/password.h"
#include "security/token.h"
#include "service/admin/admin_int.h"

#define LOGIN_MIN 3
#define LOGIN_MAX 64

static json_t *user_json(const user_row *u, const org_row *o)
{
    return json_pack("{s:s, s:s, s:s, s:{s:s, s:s, s:s}, s:b, s:b, s:b, s:s}", "id", u->public_id,
                     "login", u->login, "role", u->role, "organisation", "id", o->public_id, "name",
                     o->name, "type", o->type, "totp_enabled", u->totp_enabled, "disabled",
                     u->disabled, "reset_pending", u->must_change_password, "created_at",
                     u->created_at);
}

/* National roles are given and changed by national administrators only. */
static bool role_is_national(role r)
{
    return r == ROLE_NATIONAL_ADMINISTRATOR || r == ROLE_NATIONAL_AUDITOR;
}

typedef struct user_ctx {
    app *a;
    const actor *who;
    const char *key; /* user or organisation id to look up */
    user_row user;
    org_row org;
    const user_update *update;
    char password_hash[PASSWORD_HASH_MAX];
    char reset_code[TOKEN_SECRET_LEN];
    int64_t now;
} user_ctx;

static int find_org_job(store_tx *tx, void *arg)
{
    user_ctx *uc = arg;
    return store_org_find(tx, uc->key, &uc->org);
}

static int user_create_job(store_tx *tx, void *arg)
{
    user_ctx *uc = arg;
    int rc = store_user_insert(tx, &uc->user);
    if (rc == SG_OK)
        rc = admin_audit(tx, uc->a, uc->who, "user.create", "user", uc->user.public_id);
    return rc;
}

int user_create(app *a, const actor *who, const user_input *in, json_t **out, svc_error *err)
{
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    role r;
    org_type t;
    const char *why = NULL;
    if (!in->login || strlen(in->login) < LOGIN_MIN || !text_is_slug(in->login, LOGIN_MAX))
        return svc_invalid(err, "login",
                           "3 to 64 characters: lower-case letters, digits, '.', '_' or '-'");
    if (role_parse(in->role, &r) != SG_OK) {
        if (!err)
            return SG_EINVAL;
        size_t used = (size_t)snprintf(err->text, sizeof err->text, "not a known role: one of");
        for (int i = 0; i < ROLE_COUNT && used < sizeof err->text; i++)
            used += (size_t)snprintf(err->text + used, sizeof err->text - used, "%s %s",
                                     i ? "," : "", role_code((role)i));
        return svc_invalid(err, "role", err->text);
    }
    if (!in->password || password_check_policy(in->password, &why) != SG_OK)
        return svc_invalid(err, "password", why ? why : "a password is required");
    user_ctx uc = {.a = a, .who = who, .key = in->org ? in->org : ""};
    int rc = store_read(a->db, find_org_job, &uc);
    if (rc == SG_ENOTFOUND)
        return svc_invalid(err, "organisation", "no such organisation");
    if (rc != SG_OK)
        return rc;
    if (org_type_parse(uc.org.type, &t) != SG_OK)
        return SG_EDB;
    /* An administrator adds accounts to their own organisation only. */
    if (!access_may_manage_org(who, uc.org.id))
        return svc_invalid(err, "organisation", "no such organisation");
    if (role_is_national(r) && !access_is_national_admin(who))
        return SG_EFORBIDDEN;
    if (!role_fits_org(r, t))
        return svc_invalid(err, "role", "this role does not exist in this kind of organisation");
    rc = password_hash(in->password, uc.user.password_hash);
    if (rc != SG_OK)
        return rc;
    token_uuid(uc.user.public_id);
    uc.user.org_id = uc.org.id;
    text_copy(uc.user.login, sizeof uc.user.login, in->login);
    text_copy(uc.user.role, sizeof uc.user.role, role_code(r));
    clock_format_iso(clock_now_ms(), uc.user.created_at);
    rc = store_write(a->db, user_create_job, &uc);
    if (rc == SG_ECONFLICT) {
        (void)svc_invalid(err, "login", "this login is taken");
        return SG_ECONFLICT;
    }
    if (rc != SG_OK)
        return rc;
    *out = user_json(&uc.user, &uc.org);
    return *out ? SG_OK : SG_ENOMEM;
}

static int user_get_job(store_tx *tx, void *arg)
{
    user_ctx *uc = arg;
    int rc = store_user_find_public(tx, uc->key, &uc->user);
    if (rc == SG_ENOTFOUND)
        rc = store_user_find_login(tx, uc->key, &uc->user);
    /* Another organisation's accounts are not an administrator's to see. */
    if (rc == SG_OK && !access_may_manage_org(uc->who, uc->user.org_id))
        rc = SG_ENOTFOUND;
    if (rc == SG_OK)
        rc = store_org_get(tx, uc->user.org_id, &uc->org);
    return rc;
}

int user_get(app *a, const actor *who, const char *id, json_t **out)
{
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    user_ctx uc = {.a = a, .who = who, .key = id};
    int rc = store_read(a->db, user_get_job, &uc);
    if (rc != SG_OK)
        return rc;
    *out = user_json(&uc.user, &uc.org);
    return *out ? SG_OK : SG_ENOMEM;
}

typedef struct user_list_ctx {
    const actor *who;
    const char *org_key;
    int64_t after;
    int limit;
    json_t *items;
    int64_t last;
} user_list_ctx;

static int user_list_job(store_tx *tx, void *arg)
{
    user_list_ctx *lc = arg;
    int64_t org_id = 0;
    org_row o;
    if (lc->org_key && *lc->org_key) {
        int rc = store_org_find(tx, lc->org_key, &o);
        if (rc != SG_OK)
            return rc;
        if (!access_may_manage_org(lc->who, o.id))
            return SG_ENOTFOUND;
        org_id = o.id;
    } else if (!access_is_national_admin(lc->who)) {
        org_id = lc->who->org_id; /* an administrator lists their own organisation */
    }
    user_row *rows = sg_calloc((size_t)lc->limit, sizeof *rows);
    if (!rows)
        return SG_ENOMEM;
    int n = 0;
    int rc = store_user_list(tx, org_id, lc->after, lc->limit, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        rc = store_org_get(tx, rows[i].org_id, &o);
        if (rc == SG_OK && json_array_append_new(lc->items, user_json(&rows[i], &o)) != 0)
            rc = SG_ENOMEM;
        lc->last = rows[i].id;
    }
    sg_free(rows);
    return rc;
}

int user_list(app *a, const actor *who, const char *org, const char *cursor, int limit,
              json_t **out, svc_error *err)
{
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    user_list_ctx lc = {.who = who, .org_key = org, .limit = svc_page_limit(a, limit)};
    int rc = svc_cursor_parse(cursor, &lc.after, err);
    if (rc != SG_OK)
        return rc;
    lc.items = json_array();
    if (!lc.items)
        return SG_ENOMEM;
    rc = store_read(a->db, user_list_job, &lc);
    if (rc == SG_ENOTFOUND)
        rc = svc_invalid(err, "organisation", "no such organisation");
    if (rc != SG_OK) {
        json_decref(lc.items);
        return rc;
    }
    *out = svc_page(lc.items, lc.limit, lc.last);
    return *out ? SG_OK : SG_ENOMEM;
}

/* One administrator alone may not reset both the password and the second
 * factor of an account within the reset code's life: with both, they could
 * log in as its user.  A second administrator (or the operator) does the
 * other half. */
static bool four_eyes_broken(const user_ctx *uc)
{
    const user_update *u = uc->update;
    const user_row *r = &uc->user;
    int64_t window = (int64_t)USER_RESET_DAYS * 86400;
    if (uc->who->system)
        return false;
    if (u->reset_password && u->reset_totp)
        return true;
    if (u->reset_password && r->totp_reset_by == uc->who->user_id
        && uc->now - r->totp_reset_s < window)
        return true;
    if (u->reset_totp && r->must_change_password && r->reset_by == uc->who->user_id
        && r->reset_expires_s > uc->now)
        return true;
    return false;
}

static int user_modify_job(store_tx *tx, void *arg)
{
    user_ctx *uc = arg;
    const user_update *u = uc->update;
    int rc = user_get_job(tx, uc);
    if (rc != SG_OK)
        return rc;
    role r;
    if (role_parse(uc->user.role, &r) != SG_OK)
        return SG_EDB;
    if (role_is_national(r) && !access_is_national_admin(uc->who))
        return SG_EFORBIDDEN;
    if (four_eyes_broken(uc))
        return SG_ESTATE;
    if (u->disabled >= 0) {
        rc = store_user_set_disabled(tx, uc->user.id, u->disabled == 1);
        uc->user.disabled = u->disabled == 1;
    }
    if (rc == SG_OK && u->reset_password) {
        rc = store_user_set_reset(tx, uc->user.id, uc->password_hash, uc->now,
                                  uc->now + (int64_t)USER_RESET_DAYS * 86400, uc->who->user_id);
        uc->user.must_change_password = true;
        uc->user.reset_expires_s = uc->now + (int64_t)USER_RESET_DAYS * 86400;
    }
    if (rc == SG_OK && u->reset_totp) {
        rc = store_user_set_totp_reset(tx, uc->user.id, uc->who->user_id, uc->now);
        uc->user.totp_enabled = false;
    }
    /* Whatever changed about how this person logs in ends their sessions. */
    if (rc == SG_OK)
        rc = store_session_delete_user(tx, uc->user.id);
    if (rc == SG_OK)
        rc = admin_audit(tx, uc->a, uc->who,
                         u->reset_password ? "user.password-reset"
                         : u->reset_totp   ? "user.totp-reset"
                                           : "user.update",
                         "user", uc->user.public_id);
    return rc;
}

int user_modify(app *a, const actor *who, const char *id, const user_update *in, json_t **out,
                svc_error *err)
{
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    user_ctx uc = {.a = a, .who = who, .key = id, .update = in, .now = clock_now_s()};
    if (in->reset_password) {
        /* A one-time code, shown once, in the place of the password. */
        token_secret(uc.reset_code);
        int rc = password_hash(uc.reset_code, uc.password_hash);
        if (rc != SG_OK)
            return rc;
    }
    if (!who->system && in->disabled == 1 && strcmp(id, who->user_pid) == 0)
        return svc_invalid(err, "disabled", "administrators cannot disable themselves");
    int rc = store_write(a->db, user_modify_job, &uc);
    if (rc == SG_ESTATE)
        rc = svc_invalid(err, in->reset_password ? "reset_password" : "reset_totp",
                         "one administrator may not reset both the password and the second"
                         " factor of an account: ask another administrator");
    if (rc == SG_OK) {
        *out = user_json(&uc.user, &uc.org);
        if (*out && in->reset_password) {
            char until[CLOCK_ISO_LEN];
            clock_format_iso(uc.user.reset_expires_s * 1000, until);
            json_object_set_new(*out, "reset_code", json_string(uc.reset_code));
            json_object_set_new(*out, "reset_expires_at", json_string(until));
        }
        if (!*out)
            rc = SG_ENOMEM;
    }
    sodium_memzero(uc.reset_code, sizeof uc.reset_code);
    return rc;
}

/* ---- colleagues ------------------------------------------------------- */

#define COLLEAGUES_MAX 500

/* The roles that carry out the actions agreed on a case: the school's
 * mentors and care coordinators (not its administrator, auditor or
 * privacy officer). */
static bool may_own_actions(const char *code)
{
    return strcmp(code, "mentor") == 0 || strcmp(code, "care-coordinator") == 0;
}

typedef struct colleagues_ctx {
    app *a;
    const actor *who;
    json_t *items;
} colleagues_ctx;

static int colleagues_job(store_tx *tx, void *arg)
{
    colleagues_ctx *cc = arg;
    user_row *rows = sg_calloc(COLLEAGUES_MAX, sizeof *rows);
    int n = 0;
    if (!rows)
        return SG_ENOMEM;
    int rc = store_user_list(tx, cc->who->org_id, 0, COLLEAGUES_MAX, rows, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        if (rows[i].disabled || !may_own_actions(rows[i].role))
            continue;
        if (json_array_append_new(cc->items,
                                  json_pack("{s:s, s:s, s:s}", "id", rows[i].public_id, "login",
                                            rows[i].login, "role", rows[i].role))
            != 0)
            rc = SG_ENOMEM;
    }
    sg_free(rows);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = cc->who,
                      .action = "user.read-colleagues",
                      .record_type = "organisation",
                      .record_id = cc->who->org_pid,
                      .purpose = "choose a colleague for an action"};
    return audit_append(tx, cc->a->keys, &ev);
}

int user_colleagues(app *a, const actor *who, json_t **out)
{
    if (!access_may_read_persons(who))
        return SG_EFORBIDDEN;
    colleagues_ctx cc = {.a = a, .who = who, .items = json_array()};
    int rc = cc.items ? svc_read_audited(a, colleagues_job, &cc) : SG_ENOMEM;
    if (rc != SG_OK) {
        json_decref(cc.items);
        return rc;
    }
    *out = json_pack("{s:o}", "items", cc.items);
    return *out ? SG_OK : SG_ENOMEM;
}
