/* Use cases: log in, resolve a session or token, log out, enrol a second factor. */
#include "service/admin/session.h"

#include <stdio.h>
#include <sodium.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit.h"
#include "security/password.h"
#include "security/totp.h"

/* A session's last use is written at most this often (and at least twice
 * per idle window, so that a session in use never lapses). */
#define TOUCH_INTERVAL_S 60

static void limit_keys(const char *login, const char *client, char acct[160], char addr[160])
{
    snprintf(acct, 160, "login:account:%s", login);
    snprintf(addr, 160, "login:address:%s", client);
}

/* ---- log in ----------------------------------------------------------- */

/* Attempts from one client address past login_max_address in a window
 * wait before the next: 2, 4, 8 ... seconds after the one before, at most
 * this long.  An organisation's network behind one address is slowed
 * down, never locked out. */
#define ADDRESS_DELAY_MAX_S 60

typedef struct login_ctx {
    app *a;
    const login_request *in;
    login_result *out;
    char acct_key[160];
    char addr_key[160];
    /* found while counting the attempt */
    bool found;
    user_row user;
    org_row org;
    int64_t acct_attempts, acct_ends, addr_wait, addr_prev;
    /* decided after checking */
    bool mfa_ok;
    int64_t totp_step;
    session_row session;
} login_ctx;

/* The wait before attempt number n from an address whose previous attempt
 * was at prev_s: none up to cfg.login_max_address, then 2, 4, 8 ...
 * seconds after the previous one, at most ADDRESS_DELAY_MAX_S. */
static int64_t address_wait(const app *a, int64_t n, int64_t prev_s, int64_t now)
{
    int64_t over = n - a->cfg.login_max_address;
    if (over <= 0 || prev_s == 0)
        return 0;
    int64_t delay = over >= 6 ? ADDRESS_DELAY_MAX_S : (int64_t)1 << over;
    if (delay > ADDRESS_DELAY_MAX_S)
        delay = ADDRESS_DELAY_MAX_S;
    return prev_s + delay > now ? prev_s + delay - now : 0;
}

/* Counts the attempt before the password is checked, so that attempts made
 * at the same time cannot all slip past the limit together (the writes are
 * one at a time).  An attempt that must wait is not counted, so that
 * waiting as long as told is enough.  Then looks the account up. */
static int login_count_job(store_tx *tx, void *arg)
{
    login_ctx *lc = arg;
    const app_config *cfg = &lc->a->cfg;
    int64_t now = clock_now_s(), addr_count = 0, prev = 0;
    int rc = store_ratelimit_last(tx, lc->addr_key, now, cfg->login_window_s, &addr_count, &prev);
    if (rc != SG_OK)
        return rc;
    lc->addr_wait = address_wait(lc->a, addr_count + 1, prev, now);
    lc->addr_prev = prev;
    if (lc->addr_wait > 0)
        return SG_OK;
    rc = store_ratelimit_hit(tx, lc->acct_key, now, cfg->login_window_s, &lc->acct_attempts);
    if (rc == SG_OK)
        rc = store_ratelimit_get(tx, lc->acct_key, now, cfg->login_window_s, &lc->acct_attempts,
                                 &lc->acct_ends);
    if (rc == SG_OK)
        rc = store_ratelimit_hit(tx, lc->addr_key, now, cfg->login_window_s, &addr_count);
    if (rc == SG_OK)
        rc = store_ratelimit_mark(tx, lc->addr_key, now);
    if (rc != SG_OK)
        return rc;
    rc = store_user_find_login(tx, lc->in->login, &lc->user);
    if (rc == SG_ENOTFOUND)
        return SG_OK;
    if (rc == SG_OK)
        rc = store_org_get(tx, lc->user.org_id, &lc->org);
    lc->found = rc == SG_OK;
    return rc;
}

static int login_failed_job(store_tx *tx, void *arg)
{
    login_ctx *lc = arg;
    if (!lc->found)
        return SG_OK;
    actor who;
    int rc = svc_actor_load(tx, lc->user.id, lc->in->client, &who);
    if (rc == SG_EAUTH)
        return SG_OK; /* a disabled account: nothing more to record */
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = &who,
                      .action = "session.login-failed",
                      .record_type = "user",
                      .record_id = lc->user.public_id,
                      .purpose = "authentication"};
    return audit_append(tx, lc->a->keys, &ev);
}

static int login_open_job(store_tx *tx, void *arg)
{
    login_ctx *lc = arg;
    int rc = SG_OK;
    if (lc->totp_step > 0) {
        rc = store_user_advance_totp_step(tx, lc->user.id, lc->totp_step);
        if (rc == SG_ECONFLICT)
            return SG_EAUTH; /* the code was used before */
        if (rc != SG_OK)
            return rc;
    }
    rc = svc_actor_load(tx, lc->user.id, lc->in->client, &lc->out->who);
    if (rc == SG_OK)
        rc = store_session_insert(tx, &lc->session);
    /* The attempt succeeded: it no longer counts against the account or
     * the address. */
    if (rc == SG_OK)
        rc = store_ratelimit_clear(tx, lc->acct_key);
    if (rc == SG_OK)
        rc = store_ratelimit_undo(tx, lc->addr_key);
    if (rc == SG_OK)
        rc = store_ratelimit_mark(tx, lc->addr_key, lc->addr_prev);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = &lc->out->who,
                      .action = lc->session.must_change ? "session.login-reset" : "session.login",
                      .record_type = "user",
                      .record_id = lc->user.public_id,
                      .purpose = "authentication"};
    return audit_append(tx, lc->a->keys, &ev);
}

static void totp_ad(const user_row *u, char *ad, size_t n)
{
    snprintf(ad, n, "users.totp_secret:%s", u->public_id);
}

/* Decrypts the user's TOTP secret into secret. */
static int user_totp_secret(app *a, const user_row *u, unsigned char secret[TOTP_SECRET_BYTES])
{
    char ad[96];
    char *plain = NULL;
    totp_ad(u, ad, sizeof ad);
    if (u->totp_secret_enc_len == 0)
        return SG_ENOTFOUND;
    int rc = vault_open_text(a->keys, ad, u->totp_secret_enc, u->totp_secret_enc_len, &plain);
    if (rc != SG_OK)
        return rc;
    /* The secret is stored as hex text so that it is a valid string. */
    rc = SG_ECRYPTO;
    if (strlen(plain) == 2 * TOTP_SECRET_BYTES) {
        rc = SG_OK;
        for (int i = 0; i < TOTP_SECRET_BYTES && rc == SG_OK; i++) {
            unsigned v = 0;
            if (sscanf(plain + 2 * i, "%2x", &v) != 1)
                rc = SG_ECRYPTO;
            secret[i] = (unsigned char)v;
        }
    }
    sodium_memzero(plain, strlen(plain));
    sg_free(plain);
    return rc;
}

/* Checks the password, or a reset code before its end, and the second
 * factor; fills lc->session's flags.  SG_EAUTH when they do not hold. */
static int login_check(app *a, login_ctx *lc, int64_t now)
{
    const login_request *in = lc->in;
    login_result *out = lc->out;
    if (!lc->found || lc->user.disabled) {
        password_verify_dummy(in->password);
        return SG_EAUTH;
    }
    if (password_verify(lc->user.password_hash, in->password) != SG_OK)
        return SG_EAUTH;
    if (lc->user.must_change_password && now >= lc->user.reset_expires_s)
        return SG_EAUTH; /* a reset code that ran out */
    role r;
    if (role_parse(lc->user.role, &r) != SG_OK)
        return SG_EDB;
    bool needs_mfa = role_requires_mfa(r) || lc->org.require_mfa || lc->user.totp_enabled;
    lc->mfa_ok = !needs_mfa;
    if (needs_mfa && lc->user.totp_enabled) {
        if (!in->otp || !*in->otp) {
            out->otp_required = true;
            return SG_EAUTH;
        }
        unsigned char secret[TOTP_SECRET_BYTES];
        int rc = user_totp_secret(a, &lc->user, secret);
        if (rc == SG_OK)
            rc = totp_verify(secret, in->otp, now, &lc->totp_step);
        sodium_memzero(secret, sizeof secret);
        if (rc != SG_OK)
            return SG_EAUTH;
        lc->mfa_ok = true;
    }
    out->mfa_enrolment_required = !lc->mfa_ok;
    out->password_change_required = lc->user.must_change_password;
    return SG_OK;
}

int session_login(app *a, const login_request *in, login_result *out)
{
    memset(out, 0, sizeof *out);
    login_ctx *lc = sg_calloc(1, sizeof *lc);
    if (!lc)
        return SG_ENOMEM;
    lc->a = a;
    lc->in = in;
    lc->out = out;
    limit_keys(in->login, in->client, lc->acct_key, lc->addr_key);

    int rc = store_write(a->db, login_count_job, lc);
    if (rc != SG_OK)
        goto out;
    int64_t now = clock_now_s();
    /* From a busy address: wait a little.  Over the account's limit:
     * locked for the rest of the window, even with the right password. */
    if (lc->addr_wait > 0) {
        out->retry_after_s = lc->addr_wait;
        rc = SG_ELIMIT;
        goto out;
    }
    if (lc->acct_attempts > a->cfg.login_max_account) {
        out->retry_after_s = lc->acct_ends > now ? lc->acct_ends - now : 1;
        rc = SG_ELIMIT;
        goto out;
    }
    rc = login_check(a, lc, now);
    if (rc == SG_EAUTH)
        goto failed;
    if (rc != SG_OK)
        goto out;

    token_secret(out->token);
    token_secret(out->csrf_token);
    session_row *s = &lc->session;
    vault_hash(a->keys, VAULT_TOKENS, out->token, strlen(out->token), s->token_hash);
    text_copy(s->csrf_token, sizeof s->csrf_token, out->csrf_token);
    s->user_id = lc->user.id;
    s->mfa_ok = lc->mfa_ok;
    s->must_change = lc->user.must_change_password;
    s->created_s = now;
    s->last_seen_s = now;
    s->expires_s = now + a->cfg.session_max_s;
    rc = store_write(a->db, login_open_job, lc);
    if (rc == SG_EAUTH)
        goto failed;
    goto out;

failed:
    if (store_write(a->db, login_failed_job, lc) != SG_OK)
        rc = SG_EUNAVAILABLE;
out:
    if (rc != SG_OK) {
        sodium_memzero(out->token, sizeof out->token);
        sodium_memzero(out->csrf_token, sizeof out->csrf_token);
    }
    sodium_memzero(lc, sizeof *lc);
    sg_free(lc);
    return rc;
}

/* ---- resolve ---------------------------------------------------------- */

typedef struct resolve_ctx {
    app *a;
    const char *hash;
    const char *client;
    actor *who;
    session_row session;
    token_row token;
} resolve_ctx;

static int resolve_job(store_tx *tx, void *arg)
{
    resolve_ctx *rc_ = arg;
    int rc = store_session_get(tx, rc_->hash, &rc_->session);
    if (rc == SG_ENOTFOUND)
        return SG_EAUTH;
    if (rc != SG_OK)
        return rc;
    int64_t now = clock_now_s();
    if (now - rc_->session.last_seen_s > rc_->a->cfg.session_idle_s
        || now >= rc_->session.expires_s)
        return SG_EAUTH;
    return svc_actor_load(tx, rc_->session.user_id, rc_->client, rc_->who);
}

static int touch_job(store_tx *tx, void *arg)
{
    resolve_ctx *rc_ = arg;
    return store_session_touch(tx, rc_->hash, clock_now_s());
}

int session_resolve(app *a, const char *token, const char *client, actor *who, session_state *state)
{
    if (!token || !token_is_secret(token))
        return SG_EAUTH;
    char hash[VAULT_HASH_HEX];
    vault_hash(a->keys, VAULT_TOKENS, token, strlen(token), hash);
    resolve_ctx ctx = {.a = a, .hash = hash, .client = client, .who = who};
    int rc = store_read(a->db, resolve_job, &ctx);
    if (rc != SG_OK)
        return rc;
    int64_t interval =
        a->cfg.session_idle_s / 2 < TOUCH_INTERVAL_S ? a->cfg.session_idle_s / 2 : TOUCH_INTERVAL_S;
    if (clock_now_s() - ctx.session.last_seen_s >= interval) {
        rc = store_write_relaxed(a->db, touch_job, &ctx);
        /* On a full or read-only disk the session is still good for the
         * reads that need no write; it only ages from its last touch. */
        if (rc != SG_OK && rc != SG_ENOSPACE && rc != SG_EREADONLY)
            return rc;
    }
    text_copy(state->token_hash, sizeof state->token_hash, hash);
    text_copy(state->csrf_token, sizeof state->csrf_token, ctx.session.csrf_token);
    state->mfa_pending = !ctx.session.mfa_ok;
    state->must_change = ctx.session.must_change;
    state->expires_s = ctx.session.expires_s;
    return SG_OK;
}

static int bearer_job(store_tx *tx, void *arg)
{
    resolve_ctx *rc_ = arg;
    /* The account as it is now: a token outlives neither a new password
     * nor a reset, nor the second factor its organisation requires. */
    user_row u;
    org_row o;
    int rc = store_token_account(tx, rc_->hash, &rc_->token, &u, &o);
    if (rc == SG_ENOTFOUND)
        return SG_EAUTH;
    if (rc != SG_OK)
        return rc;
    if (rc_->token.revoked_s != 0 || clock_now_s() >= rc_->token.expires_s)
        return SG_EAUTH;
    role r;
    if (role_parse(u.role, &r) != SG_OK)
        return SG_EDB;
    if (u.must_change_password || rc_->token.created_s < u.password_changed_s
        || ((o.require_mfa || role_requires_mfa(r)) && !u.totp_enabled))
        return SG_EAUTH;
    return svc_actor_fill(&u, &o, rc_->client, rc_->who);
}

int session_resolve_bearer(app *a, const char *token, const char *client, actor *who)
{
    if (!token || !token_is_secret(token))
        return SG_EAUTH;
    char hash[VAULT_HASH_HEX];
    vault_hash(a->keys, VAULT_TOKENS, token, strlen(token), hash);
    resolve_ctx ctx = {.a = a, .hash = hash, .client = client, .who = who};
    return store_read(a->db, bearer_job, &ctx);
}

/* ---- log out and describe --------------------------------------------- */

typedef struct logout_ctx {
    app *a;
    const actor *who;
    const char *hash;
} logout_ctx;

static int logout_job(store_tx *tx, void *arg)
{
    logout_ctx *lc = arg;
    int rc = store_session_delete(tx, lc->hash);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = lc->who,
                      .action = "session.logout",
                      .record_type = "user",
                      .record_id = lc->who->user_pid,
                      .purpose = "authentication"};
    return audit_append(tx, lc->a->keys, &ev);
}

int session_logout(app *a, const actor *who, const char *token_hash)
{
    logout_ctx lc = {.a = a, .who = who, .hash = token_hash};
    return store_write(a->db, logout_job, &lc);
}

typedef struct describe_ctx {
    const actor *who;
    org_row org;
} describe_ctx;

static int describe_job(store_tx *tx, void *arg)
{
    describe_ctx *dc = arg;
    return store_org_get(tx, dc->who->org_id, &dc->org);
}

int session_describe(app *a, const actor *who, const session_state *state, json_t **out)
{
    describe_ctx dc = {.who = who};
    int rc = store_read(a->db, describe_job, &dc);
    if (rc != SG_OK)
        return rc;
    char expires[CLOCK_ISO_LEN] = "";
    if (state)
        clock_format_iso(state->expires_s * 1000, expires);
    *out =
        json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}, s:b, s:b, s:s*}", "user", "id",
                  who->user_pid, "login", who->login, "role", role_code(who->role), "organisation",
                  "id", dc.org.public_id, "name", dc.org.name, "type", dc.org.type, "mfa_pending",
                  state ? state->mfa_pending : false, "password_change_required",
                  state ? state->must_change : false, "expires_at", state ? expires : NULL);
    return *out ? SG_OK : SG_ENOMEM;
}

/* ---- second factor ---------------------------------------------------- */

typedef struct totp_ctx {
    app *a;
    const actor *who;
    user_row user;
    unsigned char *enc;
    size_t enc_len;
    int64_t step;
    const char *token_hash;
    session_row renewed; /* the session that replaces the pending one */
} totp_ctx;

static int totp_user_job(store_tx *tx, void *arg)
{
    totp_ctx *tc = arg;
    return store_user_get(tx, tc->who->user_id, &tc->user);
}

static int totp_store_job(store_tx *tx, void *arg)
{
    totp_ctx *tc = arg;
    int rc = store_user_set_totp(tx, tc->who->user_id, tc->enc, tc->enc_len, false);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = tc->who,
                      .action = "user.totp-enrol",
                      .record_type = "user",
                      .record_id = tc->who->user_pid,
                      .purpose = "authentication"};
    return audit_append(tx, tc->a->keys, &ev);
}

int session_totp_begin(app *a, const actor *who, json_t **out)
{
    totp_ctx tc = {.a = a, .who = who};
    unsigned char secret[TOTP_SECRET_BYTES];
    char hex[2 * TOTP_SECRET_BYTES + 1], b32[TOTP_BASE32_LEN], ad[96];
    char *uri = NULL, *svg = NULL;
    int rc = store_read(a->db, totp_user_job, &tc);
    if (rc != SG_OK)
        return rc;
    if (tc.user.totp_enabled)
        return SG_ECONFLICT; /* a reset is an administrator's decision */
    totp_new_secret(secret);
    text_hex(secret, sizeof secret, hex);
    totp_ad(&tc.user, ad, sizeof ad);
    rc = vault_seal(a->keys, ad, hex, strlen(hex), &tc.enc, &tc.enc_len);
    if (rc == SG_OK)
        rc = totp_base32(secret, b32);
    if (rc == SG_OK)
        rc = totp_uri(secret, "signaal", who->login, &uri);
    if (rc == SG_OK)
        rc = totp_qr_svg(uri, &svg);
    if (rc == SG_OK)
        rc = store_write(a->db, totp_store_job, &tc);
    if (rc == SG_OK) {
        *out = json_pack("{s:s, s:s, s:s}", "secret", b32, "otpauth_uri", uri, "qr_svg", svg);
        if (!*out)
            rc = SG_ENOMEM;
    }
    sodium_memzero(secret, sizeof secret);
    sodium_memzero(hex, sizeof hex);
    sodium_memzero(b32, sizeof b32);
    sg_free(tc.enc);
    if (uri)
        sodium_memzero(uri, strlen(uri));
    sg_free(uri);
    sg_free(svg);
    return rc;
}

static int totp_confirm_job(store_tx *tx, void *arg)
{
    totp_ctx *tc = arg;
    /* A session that must still set a password keeps that duty. */
    session_row old;
    int rc = store_session_get(tx, tc->token_hash, &old);
    if (rc != SG_OK)
        return rc == SG_ENOTFOUND ? SG_EAUTH : rc;
    tc->renewed.must_change = old.must_change;
    rc = store_user_set_totp(tx, tc->who->user_id, tc->user.totp_secret_enc,
                             tc->user.totp_secret_enc_len, true);
    if (rc == SG_OK)
        rc = store_user_advance_totp_step(tx, tc->who->user_id, tc->step);
    /* The session gains rights here: it gets a new token (no fixation). */
    if (rc == SG_OK)
        rc = store_session_delete(tx, tc->token_hash);
    if (rc == SG_OK)
        rc = store_session_insert(tx, &tc->renewed);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = tc->who,
                      .action = "user.totp-confirm",
                      .record_type = "user",
                      .record_id = tc->who->user_pid,
                      .purpose = "authentication"};
    return audit_append(tx, tc->a->keys, &ev);
}

int session_totp_confirm(app *a, const actor *who, const char *token_hash, const char *code,
                         login_result *renewed, svc_error *err)
{
    totp_ctx tc = {.a = a, .who = who, .token_hash = token_hash};
    unsigned char secret[TOTP_SECRET_BYTES];
    int rc = store_read(a->db, totp_user_job, &tc);
    if (rc != SG_OK)
        return rc;
    if (tc.user.totp_enabled)
        return SG_ECONFLICT;
    rc = user_totp_secret(a, &tc.user, secret);
    if (rc == SG_ENOTFOUND)
        return svc_invalid(err, "code", "start the enrolment first");
    if (rc != SG_OK)
        return rc;
    rc = totp_verify(secret, code, clock_now_s(), &tc.step);
    sodium_memzero(secret, sizeof secret);
    if (rc == SG_EINVAL)
        return svc_invalid(err, "code", "the code must be six digits");
    if (rc != SG_OK)
        return svc_invalid(err, "code", "the code does not match; check the time on the device");
    memset(renewed, 0, sizeof *renewed);
    token_secret(renewed->token);
    token_secret(renewed->csrf_token);
    renewed->who = *who;
    session_row *s = &tc.renewed;
    int64_t now = clock_now_s();
    vault_hash(a->keys, VAULT_TOKENS, renewed->token, strlen(renewed->token), s->token_hash);
    text_copy(s->csrf_token, sizeof s->csrf_token, renewed->csrf_token);
    s->user_id = who->user_id;
    s->mfa_ok = true;
    s->created_s = now;
    s->last_seen_s = now;
    s->expires_s = now + a->cfg.session_max_s;
    rc = store_write(a->db, totp_confirm_job, &tc);
    if (rc != SG_OK)
        sodium_memzero(renewed, sizeof *renewed);
    return rc;
}

/* ---- the user's own password ------------------------------------------ */

typedef struct password_ctx {
    app *a;
    const actor *who;
    const char *token_hash;
    user_row user;
    char hash[PASSWORD_HASH_MAX];
    bool after_reset;
    session_row renewed;
} password_ctx;

static int password_user_job(store_tx *tx, void *arg)
{
    password_ctx *pc = arg;
    return store_user_get(tx, pc->who->user_id, &pc->user);
}

static int password_set_job(store_tx *tx, void *arg)
{
    password_ctx *pc = arg;
    /* Every session ends (the caller's is renewed), every token made
     * before now stops working. */
    int rc = store_user_set_password(tx, pc->who->user_id, pc->hash, pc->renewed.created_s);
    if (rc == SG_OK)
        rc = store_session_delete_user(tx, pc->who->user_id);
    if (rc == SG_OK)
        rc = store_session_insert(tx, &pc->renewed);
    if (rc != SG_OK)
        return rc;
    audit_event ev = {.who = pc->who,
                      .action = pc->after_reset ? "user.password-set-after-reset"
                                                : "user.password-change",
                      .record_type = "user",
                      .record_id = pc->who->user_pid,
                      .purpose = "authentication"};
    return audit_append(tx, pc->a->keys, &ev);
}

int session_password_change(app *a, const actor *who, const session_state *state,
                            const char *current, const char *fresh, login_result *renewed,
                            svc_error *err)
{
    if (who->system || !state)
        return SG_EFORBIDDEN;
    password_ctx pc = {.a = a, .who = who, .token_hash = state->token_hash};
    int rc = store_read(a->db, password_user_job, &pc);
    if (rc != SG_OK)
        return rc;
    pc.after_reset = state->must_change && pc.user.must_change_password;
    if (!pc.after_reset && (!current || password_verify(pc.user.password_hash, current) != SG_OK))
        return svc_invalid(err, "current_password", "this is not your current password");
    const char *why = NULL;
    if (!fresh || password_check_policy(fresh, &why) != SG_OK)
        return svc_invalid(err, "new_password", why ? why : "a new password is required");
    if (password_verify(pc.user.password_hash, fresh) == SG_OK)
        return svc_invalid(err, "new_password", "choose a password you have not used here");
    rc = password_hash(fresh, pc.hash);
    if (rc != SG_OK)
        return rc;
    memset(renewed, 0, sizeof *renewed);
    token_secret(renewed->token);
    token_secret(renewed->csrf_token);
    renewed->who = *who;
    session_row *s = &pc.renewed;
    int64_t now = clock_now_s();
    vault_hash(a->keys, VAULT_TOKENS, renewed->token, strlen(renewed->token), s->token_hash);
    text_copy(s->csrf_token, sizeof s->csrf_token, renewed->csrf_token);
    s->user_id = who->user_id;
    s->mfa_ok = !state->mfa_pending;
    s->must_change = false;
    s->created_s = now;
    s->last_seen_s = now;
    s->expires_s = now + a->cfg.session_max_s;
    renewed->mfa_enrolment_required = state->mfa_pending;
    rc = store_write(a->db, password_set_job, &pc);
    if (rc != SG_OK)
        sodium_memzero(renewed, sizeof *renewed);
    sodium_memzero(&pc, sizeof pc);
    return rc;
}
