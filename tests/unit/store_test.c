/* Unit tests for store/ on a real SQLite file (or, with
 * SIGNAAL_TEST_PG_URL, on PostgreSQL: see store_fixture.h): opening and
 * migrations, organisations, users, sessions, tokens and rate limits, and
 * concurrent writers (on SQLite the writer thread's group commit), durable
 * and relaxed.  Persons, signals and audit rows are in
 * store_records_test.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "store/migrations.h"
#include "store_fixture.h"

/* ---- opening and migrations ------------------------------------------- */

static void test_open_and_migrate(void **state)
{
    (void)state;
    assert_true(store_migration_count >= 1);
    /* Numbers may have gaps (parts land in any order): the version is the newest's. */
    int newest = atoi(store_migrations[store_migration_count - 1].name);
    store *s = open_db("open.db");
    int version = -1;
    assert_int_equal(store_schema_version(s, &version), SG_OK);
    assert_int_equal(version, newest);
    org_row o;
    fill_org(&o, 1, "Kept across reopening", "school");
    write_ok(s, insert_org_job, &o);
    store_close(s);

    /* Reopening applies nothing twice and keeps the data. */
    for (int i = 0; i < 2; i++) {
        s = open_db("open.db");
        assert_int_equal(store_schema_version(s, &version), SG_OK);
        assert_int_equal(version, newest);
        org_row found;
        memset(&found, 0, sizeof found);
        text_copy(found.name, sizeof found.name, "Kept across reopening");
        assert_int_equal(store_read(s, find_org_job, &found), SG_OK);
        assert_string_equal(found.public_id, o.public_id);
        store_close(s);
    }
    assert_int_equal(db_int("open.db", "SELECT COUNT(*) FROM schema_version"),
                     store_migration_count);
    assert_int_equal(db_int("open.db", "SELECT MAX(version) FROM schema_version"), newest);

    /* A database from a newer signaal is refused, not downgraded. */
    assert_true(db_exec("open.db", "INSERT INTO schema_version (version, name, applied_at)"
                                   " VALUES (999, '999_future.sql', 'now')"));
    const char *detail = NULL;
    s = (store *)1;
    assert_int_equal(store_open(db_address("open.db"), NULL, true, &s, &detail), SG_ECONFLICT);
    assert_null(s);
    assert_non_null(strstr(detail, "newer version"));

    /* Bad addresses. */
    assert_int_equal(store_open("", NULL, true, &s, &detail), SG_EINVAL);
    assert_true(strlen(detail) > 0);
    /* A PostgreSQL server that is not there is refused at once, with a reason. */
    assert_int_equal(
        store_open("postgres://127.0.0.1:1/signaal?retry_ms=0", NULL, true, &s, &detail),
        SG_EUNAVAILABLE);
    assert_null(s);
    assert_non_null(strstr(detail, "PostgreSQL"));
    assert_int_equal(store_open("postgresql://127.0.0.1:1/signaal?pool=0", NULL, true, &s, &detail),
                     SG_EINVAL);
    assert_non_null(strstr(detail, "pool"));
    assert_int_not_equal(store_open("/nonexistent-dir/x/y.db", NULL, true, &s, &detail), SG_OK);
    assert_null(s);
    assert_true(strlen(detail) > 0);

    /* The "sqlite:" prefix names the same kind of file. */
    char address[sizeof tmp_dir + 80];
    snprintf(address, sizeof address, "sqlite:%s", db_path("prefixed.db"));
    assert_int_equal(store_open(address, NULL, true, &s, NULL), SG_OK);
    assert_int_equal(access(db_path("prefixed.db"), F_OK), 0);
    store_close(s);
    store_close(NULL);
    assert_true(store_address_is_postgres("postgresql://x"));
    assert_false(store_address_is_postgres("var/signaal.db"));
    assert_string_equal(store_sqlite_path("sqlite:/a/b.db"), "/a/b.db");
    assert_string_equal(store_sqlite_path("var/signaal.db"), "var/signaal.db");
    assert_null(store_sqlite_path("postgres://x"));
}

/* ---- organisations and users ------------------------------------------ */

static int org_checks_job(store_tx *tx, void *arg)
{
    people *p = arg;
    org_row o, rows[5];
    int n = -1;
    assert_int_equal(store_org_get(tx, p->org[2].id, &o), SG_OK);
    assert_string_equal(o.name, "Organisation 2");
    assert_string_equal(o.type, "youth-care");
    assert_string_equal(o.public_id, p->org[2].public_id);
    assert_string_equal(o.created_at, p->org[2].created_at);
    assert_false(o.require_mfa);
    assert_int_equal(store_org_find(tx, p->org[3].public_id, &o), SG_OK);
    assert_int_equal(o.id, p->org[3].id);
    assert_int_equal(store_org_find(tx, "Organisation 4", &o), SG_OK);
    assert_int_equal(o.id, p->org[4].id);
    assert_int_equal(store_org_find(tx, "organisation 4", &o), SG_ENOTFOUND);
    assert_int_equal(store_org_get(tx, 9999, &o), SG_ENOTFOUND);

    /* Cursor pages: after and limit. */
    assert_int_equal(store_org_list(tx, 0, 2, rows, &n), SG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, p->org[0].id);
    assert_int_equal(rows[1].id, p->org[1].id);
    assert_int_equal(store_org_list(tx, rows[1].id, 2, rows, &n), SG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].id, p->org[2].id);
    assert_int_equal(rows[1].id, p->org[3].id);
    assert_int_equal(store_org_list(tx, rows[1].id, 2, rows, &n), SG_OK);
    assert_int_equal(n, 1);
    assert_string_equal(rows[0].name, "Organisation 4");
    assert_int_equal(store_org_list(tx, p->org[4].id, 2, rows, &n), SG_OK);
    assert_int_equal(n, 0);
    assert_int_equal(store_org_list(tx, 0, 5, rows, &n), SG_OK);
    assert_int_equal(n, 5);

    user_row u, urows[6];
    assert_int_equal(store_user_get(tx, p->user[3].id, &u), SG_OK);
    assert_string_equal(u.login, "user3");
    assert_string_equal(u.role, "police-officer");
    assert_int_equal(u.org_id, p->org[1].id);
    assert_string_equal(u.password_hash, "$argon2id$fake");
    assert_false(u.disabled);
    assert_false(u.totp_enabled);
    assert_int_equal(u.totp_secret_enc_len, 0);
    assert_int_equal(store_user_find_login(tx, "user4", &u), SG_OK);
    assert_int_equal(u.id, p->user[4].id);
    assert_int_equal(store_user_find_public(tx, p->user[5].public_id, &u), SG_OK);
    assert_int_equal(u.id, p->user[5].id);
    assert_int_equal(store_user_find_login(tx, "nobody", &u), SG_ENOTFOUND);
    assert_int_equal(store_user_find_public(tx, p->org[0].public_id, &u), SG_ENOTFOUND);

    /* Users of one organisation, paged; organisation 0 means all. */
    assert_int_equal(store_user_list(tx, p->org[0].id, 0, 2, urows, &n), SG_OK);
    assert_int_equal(n, 2);
    assert_int_equal(urows[0].id, p->user[0].id);
    assert_int_equal(urows[1].id, p->user[2].id);
    assert_int_equal(store_user_list(tx, p->org[0].id, urows[1].id, 2, urows, &n), SG_OK);
    assert_int_equal(n, 1);
    assert_int_equal(urows[0].id, p->user[4].id);
    assert_int_equal(store_user_list(tx, 0, p->user[1].id, 10, urows, &n), SG_OK);
    assert_int_equal(n, 4);
    assert_int_equal(urows[3].id, p->user[5].id);
    assert_int_equal(store_user_list(tx, p->org[4].id, 0, 10, urows, &n), SG_OK);
    assert_int_equal(n, 0);
    return SG_OK;
}

typedef struct update_ctx {
    people *p;
    int rc_dup_step, rc_old_step, rc_missing;
} update_ctx;

static int user_update_job(store_tx *tx, void *arg)
{
    update_ctx *c = arg;
    int64_t id = c->p->user[0].id;
    W(store_org_set_require_mfa(tx, c->p->org[0].id, true) == SG_OK);
    W(store_user_set_password(tx, id, "$argon2id$new", 1) == SG_OK);
    W(store_user_set_disabled(tx, id, true) == SG_OK);
    W(store_user_set_totp(tx, id, (const unsigned char *)"\x01secret", 7, true) == SG_OK);
    W(store_user_advance_totp_step(tx, id, 5) == SG_OK);
    c->rc_dup_step = store_user_advance_totp_step(tx, id, 5);
    c->rc_old_step = store_user_advance_totp_step(tx, id, 4);
    W(store_user_advance_totp_step(tx, id, 6) == SG_OK);
    c->rc_missing = store_user_set_password(tx, 9999, "x", 1);
    W(store_org_set_require_mfa(tx, 9999, true) == SG_ENOTFOUND);
    W(store_user_set_disabled(tx, 9999, true) == SG_ENOTFOUND);
    return SG_OK;
}

static int user_after_update_job(store_tx *tx, void *arg)
{
    people *p = arg;
    user_row u;
    org_row o;
    assert_int_equal(store_user_get(tx, p->user[0].id, &u), SG_OK);
    assert_string_equal(u.password_hash, "$argon2id$new");
    assert_true(u.disabled);
    assert_true(u.totp_enabled);
    assert_int_equal(u.totp_last_step, 6);
    assert_int_equal(u.totp_secret_enc_len, 7);
    assert_memory_equal(u.totp_secret_enc, "\x01secret", 7);
    assert_int_equal(store_org_get(tx, p->org[0].id, &o), SG_OK);
    assert_true(o.require_mfa);
    return SG_OK;
}

typedef struct dup_ctx {
    org_row fresh; /* inserted first, then rolled back with the job */
    org_row dup;
    user_row user;
} dup_ctx;

static int dup_org_job(store_tx *tx, void *arg)
{
    dup_ctx *c = arg;
    int rc = store_org_insert(tx, &c->fresh);
    return rc == SG_OK ? store_org_insert(tx, &c->dup) : rc;
}

static int dup_user_job(store_tx *tx, void *arg)
{
    dup_ctx *c = arg;
    return store_user_insert(tx, &c->user);
}

static void test_orgs_and_users(void **state)
{
    (void)state;
    store *s = open_db("people.db");
    people p;
    write_ok(s, people_job, &p);
    assert_int_equal(store_read(s, org_checks_job, &p), SG_OK);

    update_ctx uc = {.p = &p};
    write_ok(s, user_update_job, &uc);
    assert_int_equal(uc.rc_dup_step, SG_ECONFLICT);
    assert_int_equal(uc.rc_old_step, SG_ECONFLICT);
    assert_int_equal(uc.rc_missing, SG_ENOTFOUND);
    assert_int_equal(store_read(s, user_after_update_job, &p), SG_OK);

    /* A taken name or public id is SG_ECONFLICT, and the job's earlier
     * insert goes with it. */
    dup_ctx dc;
    fill_org(&dc.fresh, 300, "Fresh organisation", "school");
    fill_org(&dc.dup, 301, "Organisation 1", "school");
    assert_int_equal(store_write(s, dup_org_job, &dc), SG_ECONFLICT);
    fill_org(&dc.dup, 100, "Another name, same public id", "school");
    assert_int_equal(store_write(s, dup_org_job, &dc), SG_ECONFLICT);
    org_row found;
    text_copy(found.name, sizeof found.name, "Fresh organisation");
    assert_int_equal(store_read(s, find_org_job, &found), SG_ENOTFOUND);

    fill_user(&dc.user, 400, p.org[0].id, "user1", "mentor"); /* login taken */
    assert_int_equal(store_write(s, dup_user_job, &dc), SG_ECONFLICT);
    fill_user(&dc.user, 401, 9999, "orphan", "mentor"); /* no such organisation */
    assert_int_equal(store_write(s, dup_user_job, &dc), SG_ECONFLICT);
    store_close(s);
}

/* ---- sessions, tokens and rate limits --------------------------------- */

typedef struct session_ctx {
    people p;
    token_row tok;
} session_ctx;

static void fill_session(session_row *r, const char *hash, int64_t user_id, int64_t seen,
                         int64_t expires)
{
    memset(r, 0, sizeof *r);
    text_copy(r->token_hash, sizeof r->token_hash, hash);
    text_copy(r->csrf_token, sizeof r->csrf_token, "csrf");
    r->user_id = user_id;
    r->created_s = seen;
    r->last_seen_s = seen;
    r->expires_s = expires;
}

static int session_job(store_tx *tx, void *arg)
{
    session_ctx *c = arg;
    int64_t u0 = c->p.user[0].id, u1 = c->p.user[1].id;
    session_row r, got;
    fill_session(&r, "h-fresh", u0, 1500, 9000);
    W(store_session_insert(tx, &r) == SG_OK);
    W(store_session_insert(tx, &r) == SG_ECONFLICT);
    fill_session(&r, "h-idle", u0, 900, 9000);
    W(store_session_insert(tx, &r) == SG_OK);
    fill_session(&r, "h-expired", u1, 1900, 2000);
    W(store_session_insert(tx, &r) == SG_OK);
    fill_session(&r, "h-other", u1, 1900, 9000);
    W(store_session_insert(tx, &r) == SG_OK);

    W(store_session_get(tx, "h-fresh", &got) == SG_OK);
    W(got.user_id == u0 && got.last_seen_s == 1500 && got.expires_s == 9000 && !got.mfa_ok);
    W(strcmp(got.csrf_token, "csrf") == 0 && strcmp(got.token_hash, "h-fresh") == 0);
    W(store_session_touch(tx, "h-fresh", 1600) == SG_OK);
    W(store_session_set_mfa_ok(tx, "h-fresh") == SG_OK);
    W(store_session_get(tx, "h-fresh", &got) == SG_OK);
    W(got.last_seen_s == 1600 && got.mfa_ok && got.created_s == 1500);
    W(store_session_get(tx, "h-missing", &got) == SG_ENOTFOUND);

    /* Idle since before 1000, or past the end at 2000. */
    W(store_session_purge(tx, 1000, 2000) == SG_OK);
    W(store_session_get(tx, "h-idle", &got) == SG_ENOTFOUND);
    W(store_session_get(tx, "h-expired", &got) == SG_ENOTFOUND);
    W(store_session_get(tx, "h-fresh", &got) == SG_OK);
    W(store_session_get(tx, "h-other", &got) == SG_OK);
    W(store_session_delete(tx, "h-fresh") == SG_OK);
    W(store_session_get(tx, "h-fresh", &got) == SG_ENOTFOUND);
    W(store_session_delete_user(tx, u1) == SG_OK);
    W(store_session_get(tx, "h-other", &got) == SG_ENOTFOUND);

    /* API tokens. */
    token_row *t = &c->tok, back;
    user_row owner;
    org_row owner_org;
    memset(t, 0, sizeof *t);
    make_pid(t->public_id, 0x0c, 1);
    text_copy(t->token_hash, sizeof t->token_hash, "tok-hash");
    text_copy(t->label, sizeof t->label, "koppeling");
    t->user_id = u1;
    t->created_by = u0;
    t->created_s = 100;
    t->expires_s = 200;
    W(store_token_insert(tx, t) == SG_OK && t->id > 0);
    W(store_token_insert(tx, t) == SG_ECONFLICT);
    W(store_token_account(tx, "tok-hash", &back, &owner, &owner_org) == SG_OK);
    W(back.id == t->id && back.user_id == u1 && back.created_by == u0 && back.revoked_s == 0);
    W(strcmp(back.label, "koppeling") == 0 && back.expires_s == 200);
    W(store_token_revoke(tx, t->id, 150) == SG_OK);
    W(store_token_revoke(tx, t->id, 175) == SG_OK);
    W(store_token_find_public(tx, t->public_id, &back) == SG_OK);
    W(back.revoked_s == 150); /* the first revocation stands */
    W(store_token_account(tx, "other", &back, &owner, &owner_org) == SG_ENOTFOUND);
    return SG_OK;
}

static int ratelimit_job(store_tx *tx, void *arg)
{
    (void)arg;
    int64_t n = 0, ends = 0;
    W(store_ratelimit_get(tx, "login:x", 1000, 60, &n, &ends) == SG_OK && n == 0);
    W(store_ratelimit_hit(tx, "login:x", 1000, 60, &n) == SG_OK && n == 1);
    W(store_ratelimit_hit(tx, "login:x", 1010, 60, &n) == SG_OK && n == 2);
    W(store_ratelimit_hit(tx, "login:y", 1010, 60, &n) == SG_OK && n == 1);
    W(store_ratelimit_hit(tx, "login:x", 1059, 60, &n) == SG_OK && n == 3);
    W(store_ratelimit_get(tx, "login:x", 1059, 60, &n, &ends) == SG_OK);
    W(n == 3 && ends == 1060);
    /* The window started at the first failure and has run out at 1060. */
    W(store_ratelimit_get(tx, "login:x", 1060, 60, &n, &ends) == SG_OK && n == 0);
    W(store_ratelimit_hit(tx, "login:x", 1060, 60, &n) == SG_OK && n == 1);
    W(store_ratelimit_hit(tx, "login:x", 1061, 60, &n) == SG_OK && n == 2);
    W(store_ratelimit_get(tx, "login:x", 1100, 60, &n, &ends) == SG_OK);
    W(n == 2 && ends == 1120);
    W(store_ratelimit_get(tx, "login:y", 1011, 60, &n, &ends) == SG_OK && n == 1);
    W(store_ratelimit_clear(tx, "login:x") == SG_OK);
    W(store_ratelimit_get(tx, "login:x", 1100, 60, &n, &ends) == SG_OK && n == 0);
    W(store_ratelimit_hit(tx, "login:x", 1101, 60, &n) == SG_OK && n == 1);
    return SG_OK;
}

static int insert_token_job(store_tx *tx, void *arg)
{
    return store_token_insert(tx, arg);
}

static void test_sessions_tokens_ratelimits(void **state)
{
    (void)state;
    store *s = open_db("sessions.db");
    session_ctx c;
    write_ok(s, people_job, &c.p);
    write_ok(s, session_job, &c);
    write_ok(s, ratelimit_job, NULL);
    store_close(s);
}

/* A token with its account, read the way every request reads it: what a
 * write of this process or a change from another connection did is seen
 * at once, also where the rows read last are kept. */
typedef struct account_ctx {
    token_row token;
    user_row user;
    org_row org;
    const char *hash;
    int rc;
} account_ctx;

static int account_job(store_tx *tx, void *arg)
{
    account_ctx *a = arg;
    a->rc = store_token_account(tx, a->hash, &a->token, &a->user, &a->org);
    return SG_OK;
}

static int revoke_job(store_tx *tx, void *arg)
{
    token_row *t = arg;
    return store_token_revoke(tx, t->id, 150);
}

static account_ctx account(store *s, const char *hash)
{
    account_ctx a = {.hash = hash};
    assert_int_equal(store_read(s, account_job, &a), SG_OK);
    return a;
}

static void test_token_account(void **state)
{
    (void)state;
    store *s = open_db("account.db");
    session_ctx c;
    write_ok(s, people_job, &c.p);
    write_ok(s, session_job, &c); /* token "tok-hash" of user 1, revoked at 150 */
    account_ctx a = account(s, "tok-hash");
    assert_int_equal(a.rc, SG_OK);
    assert_int_equal(a.token.id, c.tok.id);
    assert_int_equal(a.user.id, c.p.user[1].id);
    assert_int_equal(a.org.id, c.p.user[1].org_id);
    assert_int_equal(a.token.revoked_s, 150);
    assert_int_equal(account(s, "no-such-hash").rc, SG_ENOTFOUND);

    /* A second token, read twice (the second time maybe from what was kept). */
    token_row t = c.tok;
    make_pid(t.public_id, 0x0c, 2);
    text_copy(t.token_hash, sizeof t.token_hash, "tok-two");
    write_ok(s, insert_token_job, &t);
    assert_int_equal(account(s, "tok-two").token.revoked_s, 0);
    assert_int_equal(account(s, "tok-two").token.revoked_s, 0);
    /* Revoked by this process: seen at the next read. */
    write_ok(s, revoke_job, &t);
    assert_int_equal(account(s, "tok-two").token.revoked_s, 150);
    /* The user disabled through another connection: seen at the next read. */
    assert_false(account(s, "tok-two").user.disabled);
    char sql[120];
    snprintf(sql, sizeof sql, "UPDATE users SET disabled = 1 WHERE id = %lld",
             (long long)c.p.user[1].id);
    assert_true(db_exec("account.db", sql));
    assert_true(account(s, "tok-two").user.disabled);
    store_close(s);
}

/* ---- group commit ----------------------------------------------------- */

#define THREADS 8
#define WRITES 50

typedef struct gc_job {
    int thread, i;
} gc_job;

typedef struct gc_thread {
    store *s;
    int thread;
    int results[WRITES];
} gc_thread;

/* Every fifth job of each thread fails, at different offsets per thread, so
 * that the first jobs of all threads (queued together, see below) hold a
 * failing one. */
static bool gc_fails(int thread, int i)
{
    return (i + thread) % 5 == 4;
}

static void gc_name(char *out, size_t n, int thread, int i, char suffix)
{
    snprintf(out, n, "t%d-w%d%c", thread, i, suffix);
}

/* Inserts one or two organisations; every fifth job then fails. */
static int gc_work(store_tx *tx, void *arg)
{
    const gc_job *j = arg;
    org_row o;
    char name[32];
    gc_name(name, sizeof name, j->thread, j->i, 'a');
    fill_org(&o, 1000 + j->thread * WRITES + j->i, name, "school");
    int rc = store_org_insert(tx, &o);
    if (rc != SG_OK)
        return rc;
    if (gc_fails(j->thread, j->i)) {
        gc_name(name, sizeof name, j->thread, j->i, 'b');
        fill_org(&o, 5000 + j->thread * WRITES + j->i, name, "school");
        rc = store_org_insert(tx, &o);
        return rc == SG_OK ? SG_EINVAL : rc;
    }
    return SG_OK;
}

static void *gc_thread_main(void *arg)
{
    gc_thread *t = arg;
    for (int i = 0; i < WRITES; i++) {
        gc_job j = {.thread = t->thread, .i = i};
        t->results[i] = store_write(t->s, gc_work, &j);
    }
    return NULL;
}

/* Holds the writer thread until the threads have queued their first jobs,
 * so that those run as one batch. */
static atomic_int blocker_state;

static int gc_blocker_job(store_tx *tx, void *arg)
{
    (void)tx;
    (void)arg;
    atomic_store(&blocker_state, 1);
    struct timespec pause = {.tv_sec = 0, .tv_nsec = 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
    return SG_OK;
}

static void *gc_blocker_main(void *arg)
{
    atomic_store(&blocker_state, store_write(arg, gc_blocker_job, NULL) == SG_OK ? 2 : 3);
    return NULL;
}

typedef struct gc_seen {
    bool seen[THREADS][WRITES];
    int total;
    int bad;
} gc_seen;

static int gc_collect_job(store_tx *tx, void *arg)
{
    gc_seen *g = arg;
    org_row rows[64];
    int64_t after = 0;
    for (;;) {
        int n = 0;
        int rc = store_org_list(tx, after, 64, rows, &n);
        if (rc != SG_OK)
            return rc;
        if (n == 0)
            return SG_OK;
        for (int i = 0; i < n; i++) {
            int t = -1, w = -1;
            char suffix = 0;
            g->total++;
            if (sscanf(rows[i].name, "t%d-w%d%c", &t, &w, &suffix) != 3 || suffix != 'a' || t < 0
                || t >= THREADS || w < 0 || w >= WRITES || g->seen[t][w])
                g->bad++;
            else
                g->seen[t][w] = true;
        }
        after = rows[n - 1].id;
    }
}

static void test_group_commit(void **state)
{
    (void)state;
    store *s = NULL;
    const char *detail = NULL;
    /* The defaults: durable commits and several readers. */
    assert_int_equal(store_open(db_address("group.db"), NULL, true, &s, &detail), SG_OK);
    gc_thread *threads = calloc(THREADS, sizeof *threads);
    pthread_t ids[THREADS], blocker;
    atomic_store(&blocker_state, 0);
    assert_int_equal(pthread_create(&blocker, NULL, gc_blocker_main, s), 0);
    while (atomic_load(&blocker_state) == 0) {
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    for (int t = 0; t < THREADS; t++) {
        threads[t].s = s;
        threads[t].thread = t;
        assert_int_equal(pthread_create(&ids[t], NULL, gc_thread_main, &threads[t]), 0);
    }
    for (int t = 0; t < THREADS; t++)
        assert_int_equal(pthread_join(ids[t], NULL), 0);
    assert_int_equal(pthread_join(blocker, NULL), 0);
    assert_int_equal(atomic_load(&blocker_state), 2);

    for (int t = 0; t < THREADS; t++)
        for (int i = 0; i < WRITES; i++)
            if (threads[t].results[i] != (gc_fails(t, i) ? SG_EINVAL : SG_OK))
                fail_msg("thread %d write %d returned %d", t, i, threads[t].results[i]);

    /* Exactly the successful jobs' rows are there: no row of a failed job,
     * and no successful row lost to a neighbour's rollback. */
    gc_seen *g = calloc(1, sizeof *g);
    assert_int_equal(store_read(s, gc_collect_job, g), SG_OK);
    assert_int_equal(g->bad, 0);
    assert_int_equal(g->total, THREADS * WRITES * 4 / 5);
    for (int t = 0; t < THREADS; t++)
        for (int i = 0; i < WRITES; i++)
            if (g->seen[t][i] == gc_fails(t, i))
                fail_msg("thread %d write %d: present %d", t, i, g->seen[t][i]);
    free(g);
    free(threads);
    store_close(s);

    /* Committed means durable: another connection sees it all. */
    assert_int_equal(db_int("group.db", "SELECT COUNT(*) FROM organisations"),
                     THREADS * WRITES * 4 / 5);
}

static int read_insert_job(store_tx *tx, void *arg)
{
    return store_org_insert(tx, arg);
}

static int read_fails_job(store_tx *tx, void *arg)
{
    org_row *o = arg;
    int rc = store_org_find(tx, o->name, o);
    return rc == SG_OK ? SG_ESTATE : rc;
}

static void test_read_sees_committed(void **state)
{
    (void)state;
    store *s = open_db("read.db");
    org_row o, found;
    fill_org(&o, 1, "Committed", "school");
    write_ok(s, insert_org_job, &o);
    memset(&found, 0, sizeof found);
    text_copy(found.name, sizeof found.name, "Committed");
    assert_int_equal(store_read(s, find_org_job, &found), SG_OK);
    assert_int_equal(found.id, o.id);
    assert_string_equal(found.public_id, o.public_id);

    /* A read's error comes back as it is. */
    assert_int_equal(store_read(s, read_fails_job, &found), SG_ESTATE);

    /* A read transaction cannot write. */
    fill_org(&o, 2, "Written by a reader", "school");
    assert_int_not_equal(store_read(s, read_insert_job, &o), SG_OK);
    memset(&found, 0, sizeof found);
    text_copy(found.name, sizeof found.name, "Written by a reader");
    assert_int_equal(store_read(s, find_org_job, &found), SG_ENOTFOUND);

    /* A failed write is not seen either, and the next write goes through. */
    org_row dup;
    fill_org(&dup, 3, "Committed", "school");
    assert_int_equal(store_write(s, insert_org_job, &dup), SG_ECONFLICT);
    fill_org(&o, 4, "After the failure", "school");
    write_ok(s, insert_org_job, &o);
    memset(&found, 0, sizeof found);
    text_copy(found.name, sizeof found.name, "After the failure");
    assert_int_equal(store_read(s, find_org_job, &found), SG_OK);
    store_close(s);
}

typedef struct other_write {
    store *s;
    org_row o;
    int rc;
} other_write;

static void *other_thread_write(void *arg)
{
    other_write *w = arg;
    w->rc = store_write(w->s, insert_org_job, &w->o);
    return NULL;
}

/* Inserts an organisation from another thread, as another request would. */
static void write_elsewhere(store *s, int n, const char *name)
{
    other_write w = {.s = s};
    fill_org(&w.o, n, name, "school");
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, other_thread_write, &w), 0);
    pthread_join(t, NULL);
    assert_int_equal(w.rc, SG_OK);
}

static int find_org(store *s, const char *name)
{
    org_row found;
    memset(&found, 0, sizeof found);
    text_copy(found.name, sizeof found.name, name);
    return store_read(s, find_org_job, &found);
}

/* A read's job that reads again, or writes: as a use case's job may. */
typedef struct inner_ctx {
    store *s;
    const char *find;
    org_row write;
    int found;
    int wrote;
} inner_ctx;

static int read_in_read_job(store_tx *tx, void *arg)
{
    (void)tx;
    inner_ctx *c = arg;
    c->found = find_org(c->s, c->find);
    return SG_OK;
}

static int write_in_read_job(store_tx *tx, void *arg)
{
    (void)tx;
    inner_ctx *c = arg;
    c->wrote = store_write(c->s, insert_org_job, &c->write);
    return SG_OK;
}

static void test_pinned_reads(void **state)
{
    (void)state;
    store *s = open_db("pin.db");
    if (pg_admin_url) {
        store_close(s);
        skip(); /* PostgreSQL keeps no snapshot between reads */
    }
    org_row o;
    fill_org(&o, 1, "Before the pin", "school");
    write_ok(s, insert_org_job, &o);
    store_pin_begin(s);
    assert_int_equal(find_org(s, "Before the pin"), SG_OK);
    /* The thread's reads share one snapshot: another's write is not seen. */
    write_elsewhere(s, 2, "Meanwhile");
    assert_int_equal(find_org(s, "Meanwhile"), SG_ENOTFOUND);
    /* The thread's own write ends it: both are seen after it. */
    fill_org(&o, 3, "Own write", "school");
    write_ok(s, insert_org_job, &o);
    assert_int_equal(find_org(s, "Own write"), SG_OK);
    assert_int_equal(find_org(s, "Meanwhile"), SG_OK);
    /* A read that fails ends it too. */
    write_elsewhere(s, 4, "After a new snapshot");
    org_row any;
    memset(&any, 0, sizeof any);
    text_copy(any.name, sizeof any.name, "Own write");
    assert_int_equal(store_read(s, read_fails_job, &any), SG_ESTATE);
    assert_int_equal(find_org(s, "After a new snapshot"), SG_OK);
    /* Released before waiting for another thread: the next read sees what
     * that thread did, and the thread stays pinned. */
    write_elsewhere(s, 6, "Before the release");
    assert_int_equal(find_org(s, "Before the release"), SG_ENOTFOUND);
    store_pin_release(s);
    assert_int_equal(find_org(s, "Before the release"), SG_OK);
    write_elsewhere(s, 7, "After the release");
    assert_int_equal(find_org(s, "After the release"), SG_ENOTFOUND);
    /* A read within a read's job shares its snapshot, also when it fails
     * (a failed read ends the snapshot: the one just above did, so a
     * successful read opens the next). */
    assert_int_equal(find_org(s, "Before the pin"), SG_OK);
    write_elsewhere(s, 9, "Unseen in the snapshot");
    inner_ctx in = {.s = s, .find = "Unseen in the snapshot"};
    assert_int_equal(store_read(s, read_in_read_job, &in), SG_OK);
    assert_int_equal(in.found, SG_ENOTFOUND);
    in.find = "Before the pin";
    assert_int_equal(store_read(s, read_in_read_job, &in), SG_OK);
    assert_int_equal(in.found, SG_OK);
    assert_int_equal(find_org(s, "Unseen in the snapshot"), SG_ENOTFOUND); /* the same snapshot */
    /* A write within a read's job: the reads after that read see it. */
    fill_org(&in.write, 8, "Written within a read", "school");
    assert_int_equal(store_read(s, write_in_read_job, &in), SG_OK);
    assert_int_equal(in.wrote, SG_OK);
    assert_int_equal(find_org(s, "Written within a read"), SG_OK);
    assert_int_equal(find_org(s, "After the release"), SG_OK);
    store_pin_end(s);
    /* Unpinned, each read sees what is committed. */
    write_elsewhere(s, 5, "After the pin");
    assert_int_equal(find_org(s, "After the pin"), SG_OK);
    /* Ending a pin without a read in it, and reads while none is open. */
    store_pin_begin(s);
    store_pin_end(s);
    assert_int_equal(find_org(s, "Before the pin"), SG_OK);
    store_close(s);
}

/* Counts the organisations in a database through a connection of its own. */
static int count_orgs_on_disk(const char *name)
{
    return (int)db_int(name, "SELECT COUNT(*) FROM organisations");
}

static void test_write_relaxed(void **state)
{
    (void)state;
    store *s = NULL;
    assert_int_equal(store_open(db_address("relaxed.db"), NULL, true, &s, NULL), SG_OK);
    org_row o, found;
    fill_org(&o, 1, "Relaxed one", "school");
    assert_int_equal(store_write_relaxed(s, insert_org_job, &o), SG_OK);
    /* Seen at once by readers, like any commit. */
    memset(&found, 0, sizeof found);
    text_copy(found.name, sizeof found.name, "Relaxed one");
    assert_int_equal(store_read(s, find_org_job, &found), SG_OK);
    assert_int_equal(found.id, o.id);

    /* A failing relaxed job is rolled back like a durable one. */
    dup_ctx dc;
    fill_org(&dc.fresh, 2, "Relaxed fresh", "school");
    fill_org(&dc.dup, 3, "Relaxed one", "school");
    assert_int_equal(store_write_relaxed(s, dup_org_job, &dc), SG_ECONFLICT);
    text_copy(found.name, sizeof found.name, "Relaxed fresh");
    assert_int_equal(store_read(s, find_org_job, &found), SG_ENOTFOUND);

    /* After the sync window, and mixed with a durable write. */
    struct timespec pause = {.tv_sec = 0, .tv_nsec = 150 * 1000 * 1000};
    nanosleep(&pause, NULL);
    fill_org(&o, 4, "Relaxed two", "school");
    assert_int_equal(store_write_relaxed(s, insert_org_job, &o), SG_OK);
    fill_org(&o, 5, "Durable", "school");
    write_ok(s, insert_org_job, &o);
    fill_org(&o, 6, "Relaxed last", "school");
    assert_int_equal(store_write_relaxed(s, insert_org_job, &o), SG_OK);
    /* Closing right away loses nothing. */
    store_close(s);
    assert_int_equal(count_orgs_on_disk("relaxed.db"), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_open_and_migrate),
        cmocka_unit_test(test_orgs_and_users),
        cmocka_unit_test(test_sessions_tokens_ratelimits),
        cmocka_unit_test(test_group_commit),
        cmocka_unit_test(test_read_sees_committed),
        cmocka_unit_test(test_write_relaxed),
        cmocka_unit_test(test_pinned_reads),
        cmocka_unit_test(test_token_account),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
