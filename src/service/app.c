#include "service/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/audit_spool.h"
#include "security/field_keys.h"

void app_config_defaults(app_config *cfg)
{
    cfg->session_idle_s = 30 * 60;
    cfg->session_max_s = 12 * 3600;
    cfg->login_window_s = 15 * 60;
    cfg->login_max_account = 5;
    cfg->login_max_address = 30;
    cfg->token_days = 90;
    cfg->page_max = 100;
    cfg->step_days = 7;
    cfg->stale_days = 14;
    /* Calendar days for now; working days once the chain's calendar is in. */
    cfg->match_days = 7;
    cfg->concern_rate_max = 100;
    cfg->concern_rate_window_s = 3600;
}

int app_open(const char *address, bool create, app **out, const char **detail)
{
    static const char *ignored;
    if (!detail)
        detail = &ignored;
    *out = NULL;
    app *a = sg_calloc(1, sizeof *a);
    if (!a)
        return SG_ENOMEM;
    app_config_defaults(&a->cfg);

    int rc = SG_OK;
    const char *path = store_sqlite_path(address);
    char key_path[4096];
    if (path) {
        audit_spool_path(path, a->spool_path, sizeof a->spool_path);
        rc = vault_key_path(path, key_path, sizeof key_path);
        if (rc != SG_OK) {
            *detail = "the key file path is too long";
            goto fail;
        }
        if (!create) {
            /* Opening an existing system: the database must exist already. */
            FILE *f = fopen(path, "rb");
            if (!f) {
                rc = SG_EIO;
                *detail = "no database at that path (create one with 'signaal init')";
                goto fail;
            }
            fclose(f);
        }
    } else {
        const char *env = getenv("SIGNAAL_KEY_FILE");
        if (!env || !*env) {
            rc = SG_EINVAL;
            *detail = "SIGNAAL_KEY_FILE must name the key file for this database";
            goto fail;
        }
        snprintf(key_path, sizeof key_path, "%s", env);
    }
    rc = vault_open(key_path, create, &a->keys, detail);
    if (rc != SG_OK)
        goto fail;
    rc = store_open(address, NULL, true, &a->db, detail);
    if (rc != SG_OK)
        goto fail;
    /* The database says which field key encrypts (signaal rekey). */
    char why[256];
    rc = field_keys_apply(a->db, a->keys, why, sizeof why);
    if (rc != SG_OK) {
        *detail = rc == SG_ENOTFOUND || rc == SG_ECRYPTO
                      ? "the key file lacks the field key the database encrypts with"
                        " (copy the key file from where signaal rekey ran)"
                      : "cannot read the registry of field keys";
        goto fail;
    }
    *out = a;
    return SG_OK;
fail:
    app_close(a);
    return rc;
}

void app_close(app *a)
{
    if (!a)
        return;
    audit_spool_close(a->spool);
    store_close(a->db);
    vault_free(a->keys);
    sg_free(a);
}

typedef struct audited_ctx {
    store_work_fn read;
    void *ctx;
    audit_deferred entries;
} audited_ctx;

static int audited_job(store_tx *tx, void *arg)
{
    audited_ctx *ac = arg;
    audit_defer_begin(&ac->entries, tx);
    int rc = ac->read(tx, ac->ctx);
    audit_defer_end(&ac->entries);
    return rc == SG_OK && ac->entries.failed ? SG_ENOMEM : rc;
}

int svc_read_audited(app *a, store_work_fn read, void *ctx)
{
    if (!a->spool)
        return store_write_relaxed(a->db, read, ctx);
    audited_ctx ac = {.read = read, .ctx = ctx};
    int rc = store_read(a->db, audited_job, &ac);
    if (rc == SG_OK && ac.entries.n > 0)
        rc = audit_spool_append(a->spool, ac.entries.rows, ac.entries.n);
    audit_deferred_free(&ac.entries);
    return rc;
}

void svc_request_begin(app *a)
{
    store_pin_begin(a->db);
}

void svc_request_end(app *a)
{
    store_pin_end(a->db);
}

int svc_trail_settle(app *a)
{
    if (a->spool)
        return audit_spool_flush(a->spool);
    return a->spool_path[0] ? audit_spool_drain(a->db, a->keys, a->spool_path) : SG_OK;
}

int svc_invalid(svc_error *err, const char *field, const char *reason)
{
    if (err) {
        err->field = field;
        err->reason = reason;
    }
    return SG_EINVAL;
}

int svc_page_limit(const app *a, int asked)
{
    if (asked <= 0)
        return a->cfg.page_max < 20 ? a->cfg.page_max : 20;
    return asked > a->cfg.page_max ? a->cfg.page_max : asked;
}

int svc_cursor_parse(const char *cursor, int64_t *after, svc_error *err)
{
    *after = 0;
    if (!cursor || !*cursor)
        return SG_OK;
    int64_t v = 0;
    for (const char *p = cursor; *p; p++) {
        if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
            return svc_invalid(err, "cursor", "not a cursor this API gave out");
        v = v * 10 + (*p - '0');
    }
    *after = v;
    return SG_OK;
}

json_t *svc_page(json_t *items, int limit, int64_t last_id)
{
    if (!items)
        return NULL;
    json_t *next = json_null();
    if ((int)json_array_size(items) >= limit && limit > 0) {
        char cursor[24];
        snprintf(cursor, sizeof cursor, "%lld", (long long)last_id);
        next = json_string(cursor);
    }
    return json_pack("{s:o, s:o}", "items", items, "next_cursor", next);
}

int svc_actor_fill(const user_row *u, const org_row *o, const char *client, actor *who)
{
    memset(who, 0, sizeof *who);
    if (u->disabled)
        return SG_EAUTH;
    if (role_parse(u->role, &who->role) != SG_OK
        || org_type_parse(o->type, &who->org_type) != SG_OK)
        return SG_EDB;
    who->user_id = u->id;
    who->org_id = o->id;
    text_copy(who->user_pid, sizeof who->user_pid, u->public_id);
    text_copy(who->login, sizeof who->login, u->login);
    text_copy(who->org_pid, sizeof who->org_pid, o->public_id);
    text_copy(who->client, sizeof who->client, client ? client : "");
    return SG_OK;
}

int svc_actor_load(store_tx *tx, int64_t user_id, const char *client, actor *who)
{
    user_row u;
    org_row o;
    int rc = store_user_get(tx, user_id, &u);
    if (rc == SG_ENOTFOUND)
        return SG_EAUTH;
    if (rc != SG_OK)
        return rc;
    if (u.disabled)
        return SG_EAUTH;
    rc = store_org_get(tx, u.org_id, &o);
    if (rc != SG_OK)
        return rc == SG_ENOTFOUND ? SG_EAUTH : rc;
    return svc_actor_fill(&u, &o, client, who);
}

typedef struct by_login {
    const char *login, *client;
    actor *who;
} by_login;

static int by_login_job(store_tx *tx, void *arg)
{
    by_login *b = arg;
    user_row u;
    int rc = store_user_find_login(tx, b->login, &u);
    return rc == SG_OK ? svc_actor_load(tx, u.id, b->client, b->who) : rc;
}

int svc_actor_by_login(app *a, const char *login, const char *client, actor *who)
{
    memset(who, 0, sizeof *who);
    by_login b = {.login = login, .client = client, .who = who};
    return store_read(a->db, by_login_job, &b);
}

json_t *svc_user_ref(store_tx *tx, int64_t user_id)
{
    user_row u;
    if (store_user_get(tx, user_id, &u) != SG_OK)
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "id", u.public_id, "login", u.login, "role", u.role);
}

json_t *svc_org_ref(store_tx *tx, int64_t org_id)
{
    org_row o;
    if (store_org_get(tx, org_id, &o) != SG_OK)
        return json_null();
    return json_pack("{s:s, s:s, s:s}", "id", o.public_id, "name", o.name, "type", o.type);
}

int svc_result(int rc, json_t *result, json_t **out)
{
    if (rc == SG_OK)
        *out = result;
    else
        json_decref(result);
    return rc;
}
