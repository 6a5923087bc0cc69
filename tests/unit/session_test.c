/* Unit tests for service/admin/session (log-in on a real store): attempts
 * made at the same time cannot slip past the per-account limit together,
 * a reset code only lets its user choose a new password, and API tokens
 * end with a new password or a second factor the organisation starts to
 * require. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "security/access.h"
#include "security/password.h"
#include "service/admin/admin.h"
#include "service/admin/session.h"
#include "service/app.h"

#define RACERS 16
#define WRONG "not the password at all"
#define RIGHT "the right password 1"

static char tmp_dir[] = "/tmp/signaal-session-test-XXXXXX";
static int db_counter;

static int group_setup(void **state)
{
    (void)state;
    password_set_cost(PASSWORD_COST_MINIMAL);
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    DIR *d = opendir(tmp_dir);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char path[512];
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", tmp_dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(tmp_dir);
    return 0;
}

static int test_setup(void **state)
{
    char path[512];
    snprintf(path, sizeof path, "%s/t%d.db", tmp_dir, ++db_counter);
    app *a = NULL;
    const char *detail = NULL;
    if (app_open(path, true, &a, &detail) != SG_OK)
        return -1;
    actor sys;
    access_system_actor(&sys);
    org_input school = {.name = "School A", .type = "school"};
    user_input mentor = {
        .login = "mentor-a", .org = "School A", .role = "mentor", .password = RIGHT};
    json_t *out = NULL;
    if (org_create(a, &sys, &school, &out, NULL) != SG_OK)
        return -1;
    json_decref(out);
    if (user_create(a, &sys, &mentor, &out, NULL) != SG_OK)
        return -1;
    json_decref(out);
    *state = a;
    return 0;
}

static int test_teardown(void **state)
{
    app_close(*state);
    return 0;
}

typedef struct racer {
    app *a;
    pthread_barrier_t *start;
    int rc;
} racer;

static void *race(void *arg)
{
    racer *r = arg;
    login_request in = {.login = "mentor-a", .password = WRONG, .client = "192.0.2.7"};
    login_result out;
    pthread_barrier_wait(r->start);
    r->rc = session_login(r->a, &in, &out);
    return NULL;
}

/* Sixteen wrong passwords at once against a limit of five: at most five
 * are checked (SG_EAUTH), the rest refused unchecked (SG_ELIMIT). */
static void test_login_race(void **state)
{
    app *a = *state;
    a->cfg.login_max_account = 5;
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, RACERS);
    racer racers[RACERS];
    pthread_t threads[RACERS];
    for (int i = 0; i < RACERS; i++) {
        racers[i] = (racer){.a = a, .start = &start};
        assert_int_equal(pthread_create(&threads[i], NULL, race, &racers[i]), 0);
    }
    int checked = 0, refused = 0;
    for (int i = 0; i < RACERS; i++) {
        pthread_join(threads[i], NULL);
        if (racers[i].rc == SG_EAUTH)
            checked++;
        else if (racers[i].rc == SG_ELIMIT)
            refused++;
        else
            fail_msg("attempt %d: unexpected status %d", i, racers[i].rc);
    }
    pthread_barrier_destroy(&start);
    if (checked > 5)
        fail_msg("%d wrong passwords were checked against a limit of 5", checked);
    assert_int_equal(checked + refused, RACERS);
    /* And now even the right password is refused for the window. */
    login_request in = {.login = "mentor-a", .password = RIGHT, .client = "192.0.2.7"};
    login_result out;
    assert_int_equal(session_login(a, &in, &out), SG_ELIMIT);
    assert_true(out.retry_after_s > 0);
}

/* A reset code opens a session that may only set a password; the code
 * works once, until then the old password not at all. */
static void test_reset_code(void **state)
{
    app *a = *state;
    actor sys;
    access_system_actor(&sys);
    user_update reset = {.disabled = -1, .reset_password = true};
    json_t *out = NULL;
    assert_int_equal(user_modify(a, &sys, "mentor-a", &reset, &out, NULL), SG_OK);
    char code[128];
    snprintf(code, sizeof code, "%s", json_string_value(json_object_get(out, "reset_code")));
    assert_true(strlen(code) >= 32);
    assert_true(json_is_true(json_object_get(out, "reset_pending")));
    json_decref(out);

    login_result res;
    login_request old = {.login = "mentor-a", .password = RIGHT, .client = "192.0.2.8"};
    assert_int_equal(session_login(a, &old, &res), SG_EAUTH);
    login_request with_code = {.login = "mentor-a", .password = code, .client = "192.0.2.8"};
    assert_int_equal(session_login(a, &with_code, &res), SG_OK);
    assert_true(res.password_change_required);

    session_state st;
    actor who;
    assert_int_equal(session_resolve(a, res.token, "192.0.2.8", &who, &st), SG_OK);
    assert_true(st.must_change);
    svc_error err = {0};
    login_result renewed;
    assert_int_equal(session_password_change(a, &who, &st, NULL, "short", &renewed, &err),
                     SG_EINVAL);
    assert_string_equal(err.field, "new_password");
    assert_int_equal(
        session_password_change(a, &who, &st, NULL, "a new good password", &renewed, &err), SG_OK);
    /* The reset session is gone; the renewed one may work. */
    assert_int_equal(session_resolve(a, res.token, "192.0.2.8", &who, &st), SG_EAUTH);
    assert_int_equal(session_resolve(a, renewed.token, "192.0.2.8", &who, &st), SG_OK);
    assert_false(st.must_change);
    assert_int_equal(session_login(a, &with_code, &res), SG_EAUTH);
    login_request fresh = {
        .login = "mentor-a", .password = "a new good password", .client = "192.0.2.8"};
    assert_int_equal(session_login(a, &fresh, &res), SG_OK);
    assert_false(res.password_change_required);
}

/* A token made before a new password, or without the second factor its
 * organisation comes to require, no longer works. */
static void test_token_lifetime(void **state)
{
    app *a = *state;
    login_result res;
    login_request in = {.login = "mentor-a", .password = RIGHT, .client = "192.0.2.9"};
    assert_int_equal(session_login(a, &in, &res), SG_OK);
    actor who;
    session_state st;
    assert_int_equal(session_resolve(a, res.token, "192.0.2.9", &who, &st), SG_OK);
    json_t *tok = NULL;
    assert_int_equal(session_token_create(a, &who, "koppeling", 30, &tok, NULL), SG_OK);
    char secret[128];
    snprintf(secret, sizeof secret, "%s", json_string_value(json_object_get(tok, "token")));
    json_decref(tok);
    actor by_token;
    assert_int_equal(session_resolve_bearer(a, secret, "192.0.2.9", &by_token), SG_OK);
    assert_string_equal(by_token.login, "mentor-a");

    /* The password changes (a second later, so the clocks differ). */
    sleep(1);
    login_result renewed;
    assert_int_equal(
        session_password_change(a, &who, &st, RIGHT, "another good password", &renewed, NULL),
        SG_OK);
    assert_int_equal(session_resolve_bearer(a, secret, "192.0.2.9", &by_token), SG_EAUTH);

    /* A new token works until the organisation requires a second factor. */
    assert_int_equal(session_resolve(a, renewed.token, "192.0.2.9", &who, &st), SG_OK);
    assert_int_equal(session_token_create(a, &who, "tweede", 30, &tok, NULL), SG_OK);
    snprintf(secret, sizeof secret, "%s", json_string_value(json_object_get(tok, "token")));
    json_decref(tok);
    assert_int_equal(session_resolve_bearer(a, secret, "192.0.2.9", &by_token), SG_OK);
    actor sys;
    access_system_actor(&sys);
    json_t *org = NULL;
    assert_int_equal(org_set_require_mfa(a, &sys, "School A", true, &org), SG_OK);
    json_decref(org);
    assert_int_equal(session_resolve_bearer(a, secret, "192.0.2.9", &by_token), SG_EAUTH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_login_race, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_reset_code, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_token_lifetime, test_setup, test_teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
