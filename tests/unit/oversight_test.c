/* Unit tests for service/oversight (on a real store): the role catalogue
 * says exactly what domain/roles.c lets an account be, for administrators
 * only; the auditor's directory of people keeps to the auditor's scope and
 * pages; the privacy officer's overrides are their own organisation's
 * overrides only, with the reason and without the content, and each read
 * is in the trail. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "security/access.h"
#include "security/audit.h"
#include "security/password.h"
#include "service/admin/admin.h"
#include "service/chain/referrals.h"
#include "domain/consent.h"
#include "service/oversight/oversight.h"
#include "service/rulesets.h"
#include "service/school/persons.h"
#include "data_file.h"

#define PASSWORD "a long password 1"
#define REASON "Acuut gevaar: hij wordt vandaag opgehaald."
#define CONSENT_PATH SIGNAAL_SOURCE_DIR "/data/consent.json"

static char tmp_dir[] = "/tmp/signaal-oversight-test-XXXXXX";
static int db_counter;

static const struct {
    const char *name, *type;
} orgs[] = {{"Landelijk beheer", "national-office"},
            {"School A", "school"},
            {"School B", "school"},
            {"Politie Midden", "police"}};

static const struct {
    const char *login, *org, *role;
} users[] = {
    {"natauditor", "Landelijk beheer", "national-auditor"},
    {"admin-a", "School A", "administrator"},
    {"auditor-a", "School A", "auditor"},
    {"privacy-a", "School A", "privacy-officer"},
    {"zc-a", "School A", "care-coordinator"},
    {"privacy-b", "School B", "privacy-officer"},
    {"zc-b", "School B", "care-coordinator"},
};

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
    json_t *out = NULL;
    for (size_t i = 0; i < sizeof orgs / sizeof orgs[0]; i++) {
        org_input in = {.name = orgs[i].name, .type = orgs[i].type};
        if (org_create(a, &sys, &in, &out, NULL) != SG_OK)
            return -1;
        json_decref(out);
    }
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
        user_input in = {.login = users[i].login,
                         .org = users[i].org,
                         .role = users[i].role,
                         .password = PASSWORD};
        if (user_create(a, &sys, &in, &out, NULL) != SG_OK)
            return -1;
        json_decref(out);
    }
    *state = a;
    return 0;
}

static int test_teardown(void **state)
{
    app_close(*state);
    return 0;
}

static actor as(app *a, const char *login)
{
    actor who;
    assert_int_equal(svc_actor_by_login(a, login, "test", &who), SG_OK);
    return who;
}

static bool has_code(json_t *list, const char *code)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
    {
        if (strcmp(json_string_value(v), code) == 0)
            return true;
    }
    return false;
}

/* Every role, with exactly the kinds of organisation role_fits_org allows;
 * administrators only. */
static void test_roles(void **state)
{
    app *a = *state;
    actor admin = as(a, "admin-a"), zc = as(a, "zc-a"), auditor = as(a, "auditor-a");
    json_t *out = NULL;
    assert_int_equal(oversight_roles(a, &zc, &out), SG_EFORBIDDEN);
    assert_int_equal(oversight_roles(a, &auditor, &out), SG_EFORBIDDEN);
    assert_int_equal(oversight_roles(a, &admin, &out), SG_OK);
    json_t *items = json_object_get(out, "items");
    assert_int_equal(json_array_size(items), ROLE_COUNT);
    assert_int_equal(json_array_size(json_object_get(out, "organisation_types")), ORG_TYPE_COUNT);
    for (int r = 0; r < ROLE_COUNT; r++) {
        json_t *item = json_array_get(items, (size_t)r);
        assert_string_equal(json_string_value(json_object_get(item, "code")), role_code((role)r));
        assert_string_equal(json_string_value(json_object_get(item, "nl")),
                            role_name((role)r, true));
        assert_int_equal(json_is_true(json_object_get(item, "second_factor")),
                         role_requires_mfa((role)r));
        json_t *types = json_object_get(item, "organisation_types");
        for (int t = 0; t < ORG_TYPE_COUNT; t++)
            assert_int_equal(has_code(types, org_type_code((org_type)t)),
                             role_fits_org((role)r, (org_type)t));
    }
    json_t *national = json_array_get(items, ROLE_NATIONAL_AUDITOR);
    assert_true(json_is_true(json_object_get(national, "national")));
    assert_false(json_is_true(json_object_get(json_array_get(items, ROLE_MENTOR), "national")));
    json_decref(out);
}

static int count_login(json_t *page, const char *login)
{
    size_t i;
    json_t *v;
    int n = 0;
    json_array_foreach(json_object_get(page, "items"), i, v)
    {
        n += strcmp(json_string_value(json_object_get(v, "login")), login) == 0;
    }
    return n;
}

/* An organisation's auditor sees its own people, a national auditor all;
 * pages continue where the last one ended. */
static void test_people_scope(void **state)
{
    app *a = *state;
    actor auditor = as(a, "auditor-a"), national = as(a, "natauditor"),
          privacy = as(a, "privacy-a");
    json_t *out = NULL;
    assert_int_equal(oversight_audit_people(a, &privacy, NULL, 0, &out, NULL), SG_EFORBIDDEN);
    assert_int_equal(oversight_audit_people(a, &auditor, NULL, 100, &out, NULL), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 4); /* School A's four */
    assert_int_equal(count_login(out, "zc-a"), 1);
    assert_int_equal(count_login(out, "zc-b"), 0);
    assert_int_equal(count_login(out, "natauditor"), 0);
    json_decref(out);

    assert_int_equal(oversight_audit_people(a, &national, NULL, 4, &out, NULL), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 4);
    const char *cursor = json_string_value(json_object_get(out, "next_cursor"));
    assert_non_null(cursor);
    char next[32];
    snprintf(next, sizeof next, "%s", cursor);
    json_decref(out);
    assert_int_equal(oversight_audit_people(a, &national, next, 4, &out, NULL), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 3); /* seven in all */
    assert_int_equal(count_login(out, "zc-b"), 1);
    assert_true(json_is_null(json_object_get(out, "next_cursor")));
    json_decref(out);

    svc_error err = {0};
    assert_int_equal(oversight_audit_people(a, &auditor, "x", 0, &out, &err), SG_EINVAL);
    assert_string_equal(err.field, "cursor");
}

static void make_referral(app *a, const actor *who, const char *to_org, const char *basis,
                          char id[40])
{
    json_t *out = NULL;
    person_input p = {.name = "Olle Overbrug",
                      .birth_date = "2011-02-02",
                      .gender = "male",
                      .municipality = "Utrecht"};
    assert_int_equal(person_create(a, who, &p, &out, NULL), SG_OK);
    char person[40];
    snprintf(person, sizeof person, "%s", json_string_value(json_object_get(out, "id")));
    json_decref(out);
    bool override = strcmp(basis, "override") == 0;
    referral_input in = {.person_id = person,
                         .to_org = to_org,
                         .purpose = "investigation",
                         .note = "Notitie: bel eerst de mentor.",
                         .legal_basis = basis,
                         .consent_party = override ? NULL : "parent",
                         .consent_on = override ? NULL : "2026-01-05",
                         .override_reason = override ? REASON : NULL,
                         .shares = {"identity"},
                         .nshares = 1};
    svc_error err = {0};
    int rc = referral_send(a, who, &in, &out, &err);
    if (rc != SG_OK)
        fail_msg("referral_send: %d %s: %s", rc, err.field ? err.field : "",
                 err.reason ? err.reason : "");
    snprintf(id, 40, "%s", json_string_value(json_object_get(out, "id")));
    json_decref(out);
}

static int org_id_job(store_tx *tx, void *arg)
{
    org_row o;
    int rc = store_org_find(tx, "Politie Midden", &o);
    if (rc == SG_OK)
        snprintf(arg, 40, "%s", o.public_id);
    return rc;
}

typedef struct count_ctx {
    const char *action;
    int n;
} count_ctx;

static int count_entry(const audit_row *r, void *arg)
{
    count_ctx *c = arg;
    c->n += strcmp(r->action, c->action) == 0;
    return 0;
}

static int count_job(store_tx *tx, void *arg)
{
    return store_audit_each(tx, 0, count_entry, arg);
}

/* The privacy officer's overrides: their own organisation's, overrides
 * only, with the reason and no content; each read audited. */
static void test_overrides(void **state)
{
    app *a = *state;
    actor zc = as(a, "zc-a"), privacy = as(a, "privacy-a"), other = as(a, "privacy-b"),
          auditor = as(a, "auditor-a");
    char police[40], consent[40], override[40];
    assert_int_equal(store_read(a->db, org_id_job, police), SG_OK);
    /* A referral on consent needs the published consent rules. */
    size_t len = 0;
    char *rules = data_file_read(CONSENT_PATH, &len);
    assert_non_null(rules);
    actor sys;
    access_system_actor(&sys);
    json_t *published = NULL;
    assert_int_equal(ruleset_publish(a, &sys, CONSENT_RULES_KIND, rules, len, &published, NULL),
                     SG_OK);
    free(rules);
    json_decref(published);
    make_referral(a, &zc, police, "consent", consent);
    make_referral(a, &zc, police, "override", override);

    json_t *out = NULL;
    assert_int_equal(oversight_overrides(a, &zc, NULL, 0, &out, NULL), SG_EFORBIDDEN);
    assert_int_equal(oversight_overrides(a, &auditor, NULL, 0, &out, NULL), SG_EFORBIDDEN);
    assert_int_equal(oversight_overrides(a, &other, NULL, 0, &out, NULL), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 0);
    json_decref(out);

    assert_int_equal(oversight_overrides(a, &privacy, NULL, 0, &out, NULL), SG_OK);
    json_t *items = json_object_get(out, "items");
    assert_int_equal(json_array_size(items), 1);
    json_t *item = json_array_get(items, 0);
    assert_string_equal(json_string_value(json_object_get(item, "id")), override);
    assert_string_equal(json_string_value(json_object_get(item, "override_reason")), REASON);
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(item, "sent_by"), "login")), "zc-a");
    assert_string_equal(json_string_value(json_object_get(json_object_get(item, "to"), "name")),
                        "Politie Midden");
    char *text = json_dumps(out, 0);
    assert_null(strstr(text, "Olle"));
    assert_null(strstr(text, "Notitie"));
    assert_null(strstr(text, consent));
    free(text);
    json_decref(out);

    count_ctx reads = {.action = "referral.override-read"};
    assert_int_equal(store_read(a->db, count_job, &reads), SG_OK);
    assert_int_equal(reads.n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_roles, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_people_scope, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_overrides, test_setup, test_teardown),
    };
    return cmocka_run_group_tests_name("oversight", tests, group_setup, group_teardown);
}
