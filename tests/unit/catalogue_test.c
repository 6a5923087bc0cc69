/* Unit tests for catalogue versioning through the service layer
 * (service/catalogue.h) on a real store: publishing versions, reading old
 * ones, refusing forbidden indicators, who may publish, and a signal that
 * keeps the catalogue version it was recorded with.  And the safeguards
 * (domain/safeguards.h) as a table: texts an indicator may and may not
 * hold, a vulnerability indicator that is only ever context, and a
 * safeguards document that leaves out a required attribute. */
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

#include "data_file.h"
#include "data_safeguards.h"
#include "domain/catalogue.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/access.h"
#include "security/audit.h"
#include "security/password.h"
#include "security/vault.h"
#include "service/admin/admin.h"
#include "service/app.h"
#include "service/rulesets.h"
#include "service/school/catalogue.h"
#include "service/school/guidance.h"
#include "service/school/persons.h"
#include "service/school/signals.h"

#define CATALOGUE_PATH SIGNAAL_SOURCE_DIR "/data/indicators.tsv"
#define RULES_PATH SIGNAAL_SOURCE_DIR "/data/guidance.json"

static char tmp_dir[] = "/tmp/signaal-catalogue-test-XXXXXX";
static int db_counter;

/* The published catalogue file, and a second version of it: one indicator
 * text changed, one indicator added. */
static char *v1_text, *v2_text, *forbidden_text;
static size_t v1_len;
static int v1_count;

#define OLD_EN "Sudden decline in school performance"
#define NEW_EN "Sudden and marked decline in school results"
#define ADDED_ID "SCH-99"
#define ADDED_LINE                                                                                 \
    "SCH-99\tSchool\tSchool\tNieuw signaal voor de test\tA new indicator for the test\tM\ttest "   \
    "source\tbehaviour\n"
#define FORBIDDEN_LINE                                                                             \
    "SCH-98\tSchool\tSchool\tHeeft een andere nationaliteit\tHas another nationality\tW\ttest "    \
    "source\tbehaviour\n"

static char *replace_once(const char *text, const char *old, const char *new_text)
{
    const char *at = strstr(text, old);
    if (!at)
        return NULL;
    size_t len = strlen(text) - strlen(old) + strlen(new_text);
    char *out = malloc(len + 1);
    if (!out)
        return NULL;
    size_t head = (size_t)(at - text);
    memcpy(out, text, head);
    strcpy(out + head, new_text);
    strcat(out, at + strlen(old));
    return out;
}

static char *append(const char *text, const char *line)
{
    size_t n = strlen(text);
    bool newline = n > 0 && text[n - 1] == '\n';
    char *out = malloc(n + strlen(line) + 2);
    if (!out)
        return NULL;
    sprintf(out, "%s%s%s", text, newline ? "" : "\n", line);
    return out;
}

static int group_setup(void **state)
{
    (void)state;
    if (vault_global_init() != SG_OK)
        return -1;
    password_set_cost(PASSWORD_COST_MINIMAL);
    if (!mkdtemp(tmp_dir))
        return -1;
    v1_text = data_file_read(CATALOGUE_PATH, &v1_len);
    if (!v1_text)
        return -1;
    /* Indicators: the non-empty lines after the header. */
    v1_count = 0;
    const char *p = strchr(v1_text, '\n');
    while (p && p[1]) {
        const char *next = strchr(p + 1, '\n');
        if (next != p + 1)
            v1_count++;
        p = next;
    }
    char *changed = replace_once(v1_text, "\t" OLD_EN "\t", "\t" NEW_EN "\t");
    if (!changed)
        return -1;
    v2_text = append(changed, ADDED_LINE);
    free(changed);
    forbidden_text = append(v1_text, FORBIDDEN_LINE);
    return v2_text && forbidden_text && v1_count > 50 ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    free(v1_text);
    free(v2_text);
    free(forbidden_text);
    DIR *d = opendir(tmp_dir);
    if (!d)
        return -1;
    char path[512];
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", tmp_dir, e->d_name);
        (void)unlink(path);
    }
    closedir(d);
    return rmdir(tmp_dir);
}

/* A fresh database for each test. */
static int test_setup(void **state)
{
    char path[512];
    snprintf(path, sizeof path, "%s/signaal-%d.db", tmp_dir, ++db_counter);
    app *a = NULL;
    const char *detail = NULL;
    int rc = app_open(path, true, &a, &detail);
    if (rc != SG_OK) {
        fprintf(stderr, "app_open: %d %s\n", rc, detail ? detail : "");
        return -1;
    }
    /* What indicators may be about, as signaal init publishes it. */
    size_t len = 0;
    char *text = data_file_read(SAFEGUARDS_PATH, &len);
    actor sys;
    access_system_actor(&sys);
    json_t *out = NULL;
    svc_error err = {0};
    rc = text ? ruleset_publish(a, &sys, CATALOGUE_SAFEGUARDS_KIND, text, len, &out, &err) : SG_EIO;
    free(text);
    json_decref(out);
    if (rc != SG_OK) {
        fprintf(stderr, "publishing the safeguards: %d %s\n", rc, err.reason ? err.reason : "");
        app_close(a);
        return -1;
    }
    *state = a;
    return 0;
}

/* A fresh database without published safeguards. */
static int bare_setup(void **state)
{
    char path[512];
    snprintf(path, sizeof path, "%s/signaal-%d.db", tmp_dir, ++db_counter);
    const char *detail = NULL;
    return app_open(path, true, (app **)state, &detail) == SG_OK ? 0 : -1;
}

static int test_teardown(void **state)
{
    app_close(*state);
    return 0;
}

/* ---- helpers ---------------------------------------------------------- */

static json_t *publish_ok(app *a, const actor *who, const char *text, const char *note,
                          int64_t want_version)
{
    json_t *out = NULL;
    svc_error err = {0};
    int rc = catalogue_publish(a, who, text, strlen(text), note, &out, &err);
    if (rc != SG_OK)
        fail_msg("catalogue_publish: %d %s: %s", rc, err.field ? err.field : "",
                 err.reason ? err.reason : "");
    assert_int_equal(json_integer_value(json_object_get(out, "version")), want_version);
    return out;
}

static int64_t version_count(app *a, const actor *who)
{
    json_t *out = NULL;
    assert_int_equal(catalogue_versions(a, who, &out), SG_OK);
    int64_t n = (int64_t)json_array_size(json_object_get(out, "items"));
    json_decref(out);
    return n;
}

/* The indicator with this id in a catalogue_indicators answer, or NULL. */
static json_t *find_indicator(json_t *answer, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(answer, "items"), i,
                       item) if (strcmp(json_string_value(json_object_get(item, "id")), id)
                                 == 0) return item;
    return NULL;
}

static const char *text_en(json_t *indicator)
{
    return json_string_value(json_object_get(json_object_get(indicator, "text"), "en"));
}

/* Creates a user through the service and loads their actor. */
static void make_user(app *a, const actor *sys, const char *org, const char *login,
                      const char *role_code_, actor *who)
{
    user_input in = {
        .login = login, .org = org, .role = role_code_, .password = "a long test password 1"};
    json_t *out = NULL;
    svc_error err = {0};
    int rc = user_create(a, sys, &in, &out, &err);
    if (rc != SG_OK)
        fail_msg("user_create %s: %d %s", login, rc, err.reason ? err.reason : "");
    json_decref(out);
    assert_int_equal(svc_actor_by_login(a, login, "test", who), SG_OK);
    assert_string_equal(who->login, login);
    assert_false(who->system);
}

static void make_org(app *a, const actor *sys, const char *name, const char *type)
{
    org_input in = {.name = name, .type = type};
    json_t *out = NULL;
    svc_error err = {0};
    int rc = org_create(a, sys, &in, &out, &err);
    if (rc != SG_OK)
        fail_msg("org_create %s: %d", name, rc);
    json_decref(out);
}

static void audit_intact(app *a)
{
    audit_report rep;
    assert_int_equal(audit_verify(a->db, a->keys, &rep), SG_OK);
    if (rep.broken_seq != 0)
        fail_msg("audit chain broken at %lld: %s", (long long)rep.broken_seq, rep.reason);
    assert_true(rep.checked > 0);
}

/* ---- tests ------------------------------------------------------------ */

static void test_nothing_published(void **state)
{
    app *a = *state;
    actor sys;
    access_system_actor(&sys);
    json_t *out = NULL;
    assert_int_equal(catalogue_indicators(a, &sys, 0, &out), SG_ENOTFOUND);
    assert_int_equal(catalogue_indicators(a, &sys, 1, &out), SG_ENOTFOUND);
    assert_null(out);
    assert_int_equal(version_count(a, &sys), 0);
}

static void test_versions(void **state)
{
    app *a = *state;
    actor sys;
    access_system_actor(&sys);

    json_t *v1 = publish_ok(a, &sys, v1_text, "initial catalogue", 1);
    assert_int_equal(json_integer_value(json_object_get(v1, "indicator_count")), v1_count);
    const char *sha = json_string_value(json_object_get(v1, "source_sha256"));
    assert_non_null(sha);
    assert_int_equal(strlen(sha), 64);
    assert_string_equal(json_string_value(json_object_get(v1, "note")), "initial catalogue");
    assert_non_null(json_string_value(json_object_get(v1, "published_at")));

    json_t *v2 = publish_ok(a, &sys, v2_text, "SCH-02 reworded, SCH-99 added", 2);
    assert_int_equal(json_integer_value(json_object_get(v2, "indicator_count")), v1_count + 1);
    assert_string_not_equal(json_string_value(json_object_get(v2, "source_sha256")), sha);

    /* The newest version: the changed text and the new indicator. */
    json_t *now = NULL;
    assert_int_equal(catalogue_indicators(a, &sys, 0, &now), SG_OK);
    assert_int_equal(json_integer_value(json_object_get(now, "version")), 2);
    assert_int_equal(json_array_size(json_object_get(now, "items")), (size_t)v1_count + 1);
    assert_non_null(find_indicator(now, "SCH-02"));
    assert_string_equal(text_en(find_indicator(now, "SCH-02")), NEW_EN);
    json_t *added = find_indicator(now, ADDED_ID);
    assert_non_null(added);
    assert_string_equal(text_en(added), "A new indicator for the test");
    assert_string_equal(json_string_value(json_object_get(added, "strength")), "M");
    assert_string_equal(
        json_string_value(json_object_get(json_object_get(added, "category"), "id")), "school");

    /* Version 2 asked for by number is the same. */
    json_t *two = NULL;
    assert_int_equal(catalogue_indicators(a, &sys, 2, &two), SG_OK);
    assert_true(json_equal(json_object_get(two, "items"), json_object_get(now, "items")));

    /* The old version stays readable as it was. */
    json_t *old = NULL;
    assert_int_equal(catalogue_indicators(a, &sys, 1, &old), SG_OK);
    assert_int_equal(json_integer_value(json_object_get(old, "version")), 1);
    assert_int_equal(json_array_size(json_object_get(old, "items")), (size_t)v1_count);
    assert_string_equal(text_en(find_indicator(old, "SCH-02")), OLD_EN);
    assert_null(find_indicator(old, ADDED_ID));
    /* The other indicators are the same in both. */
    assert_true(json_equal(find_indicator(old, "SCH-06"), find_indicator(now, "SCH-06")));
    assert_true(json_equal(find_indicator(old, "VUL-01"), find_indicator(now, "VUL-01")));

    json_t *none = NULL;
    assert_int_equal(catalogue_indicators(a, &sys, 3, &none), SG_ENOTFOUND);

    /* The versions, newest first. */
    json_t *list = NULL;
    assert_int_equal(catalogue_versions(a, &sys, &list), SG_OK);
    json_t *items = json_object_get(list, "items");
    assert_int_equal(json_array_size(items), 2);
    json_t *first = json_array_get(items, 0), *second = json_array_get(items, 1);
    assert_int_equal(json_integer_value(json_object_get(first, "version")), 2);
    assert_int_equal(json_integer_value(json_object_get(first, "indicator_count")), v1_count + 1);
    assert_string_equal(json_string_value(json_object_get(first, "note")),
                        "SCH-02 reworded, SCH-99 added");
    assert_int_equal(json_integer_value(json_object_get(second, "version")), 1);
    assert_int_equal(json_integer_value(json_object_get(second, "indicator_count")), v1_count);
    assert_string_equal(json_string_value(json_object_get(second, "source_sha256")), sha);

    audit_intact(a);
    json_decref(v1);
    json_decref(v2);
    json_decref(now);
    json_decref(two);
    json_decref(old);
    json_decref(list);
}

static void test_forbidden_indicator_refused(void **state)
{
    app *a = *state;
    actor sys;
    access_system_actor(&sys);
    json_t *v1 = publish_ok(a, &sys, v1_text, NULL, 1);
    json_decref(v1);

    json_t *out = NULL;
    svc_error err = {0};
    int rc = catalogue_publish(a, &sys, forbidden_text, strlen(forbidden_text), "bad", &out, &err);
    assert_int_equal(rc, SG_EINVAL);
    assert_null(out);
    assert_non_null(err.field);
    assert_string_equal(err.field, "file");
    assert_non_null(err.reason);
    assert_true(strlen(err.reason) > 0);
    /* It names the offending line (the last one of the file). */
    char line[16];
    snprintf(line, sizeof line, "%d", v1_count + 2);
    if (!strstr(err.reason, line))
        fail_msg("the reason does not name line %s: %s", line, err.reason);

    /* The same word in the English text only, and in capitals: refused too. */
    char *english = append(
        v1_text, "SCH-97\tSchool\tSchool\tAnders\tNATIONALITY of the pupil\tW\tsrc\tbehaviour\n");
    assert_int_equal(catalogue_publish(a, &sys, english, strlen(english), NULL, &out, &err),
                     SG_EINVAL);
    free(english);

    /* Nothing was published: still only version 1. */
    assert_int_equal(version_count(a, &sys), 1);
    json_t *now = NULL;
    assert_int_equal(catalogue_indicators(a, &sys, 0, &now), SG_OK);
    assert_int_equal(json_integer_value(json_object_get(now, "version")), 1);
    assert_null(find_indicator(now, "SCH-98"));
    json_decref(now);

    /* A refused catalogue does not use up a version number. */
    json_t *v2 = publish_ok(a, &sys, v2_text, NULL, 2);
    json_decref(v2);
}

/* A note that is not text (from the command line, which takes any bytes)
 * is refused: stored, it would have made every list of versions fail. */
static void test_note_is_text(void **state)
{
    app *a = *state;
    actor sys;
    access_system_actor(&sys);
    json_t *out = NULL;
    svc_error err = {0};
    assert_int_equal(catalogue_publish(a, &sys, v1_text, v1_len, "bad \xff byte", &out, &err),
                     SG_EINVAL);
    assert_string_equal(err.field, "note");
    char long_note[260];
    memset(long_note, 'x', 201);
    long_note[201] = '\0';
    assert_int_equal(catalogue_publish(a, &sys, v1_text, v1_len, long_note, &out, &err), SG_EINVAL);
    assert_int_equal(version_count(a, &sys), 0);
    json_t *v1 = publish_ok(a, &sys, v1_text, "caf\xc3\xa9: 200 characters at most", 1);
    json_decref(v1);
    assert_int_equal(version_count(a, &sys), 1);
}

static void test_only_national_administrators_publish(void **state)
{
    app *a = *state;
    actor sys, mentor, coordinator, auditor, org_admin, admin;
    access_system_actor(&sys);
    make_org(a, &sys, "School A", "school");
    make_org(a, &sys, "Beheer", "municipality");
    make_org(a, &sys, "Landelijk beheer", "national-office");
    make_user(a, &sys, "School A", "mentor-a", "mentor", &mentor);
    make_user(a, &sys, "School A", "zc-a", "care-coordinator", &coordinator);
    make_user(a, &sys, "Beheer", "auditor-b", "auditor", &auditor);
    make_user(a, &sys, "Beheer", "admin-b", "administrator", &org_admin);
    make_user(a, &sys, "Landelijk beheer", "admin-n", "national-administrator", &admin);

    /* The catalogue holds for every organisation: an organisation's own
     * administrator may not publish it, only a national one. */
    const actor *refused[] = {&mentor, &coordinator, &auditor, &org_admin};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        json_t *out = NULL;
        svc_error err = {0};
        int rc = catalogue_publish(a, refused[i], v1_text, v1_len, NULL, &out, &err);
        if (rc != SG_EFORBIDDEN)
            fail_msg("%s may publish a catalogue (rc %d)", refused[i]->login, rc);
        assert_null(out);
    }
    assert_int_equal(version_count(a, &sys), 0);

    json_t *by_admin = publish_ok(a, &admin, v1_text, "by the administrator", 1);
    json_t *by_system = publish_ok(a, &sys, v2_text, "by the operator", 2);
    json_decref(by_admin);
    json_decref(by_system);

    /* A mentor still may not publish once versions exist, and changes nothing. */
    json_t *out = NULL;
    assert_int_equal(catalogue_publish(a, &mentor, v1_text, v1_len, NULL, &out, NULL),
                     SG_EFORBIDDEN);
    assert_int_equal(version_count(a, &sys), 2);

    /* Anyone logged in reads the catalogue. */
    json_t *read = NULL;
    assert_int_equal(catalogue_indicators(a, &mentor, 1, &read), SG_OK);
    assert_int_equal(json_integer_value(json_object_get(read, "version")), 1);
    json_decref(read);
    assert_int_equal(version_count(a, &mentor), 2);
    audit_intact(a);
}

static json_t *record_signal(app *a, const actor *who, const char *person, const char *code,
                             const char *on, int *rc_out, svc_error *err)
{
    signal_indicator ind;
    memset(&ind, 0, sizeof ind);
    text_copy(ind.code, sizeof ind.code, code);
    text_copy(ind.kind, sizeof ind.kind, "fact");
    signal_input in = {.person_id = person,
                       .observed_on = on,
                       .setting = "school",
                       .observation = "Kwam te laat met een nieuwe telefoon.",
                       .indicators = &ind,
                       .indicator_count = 1};
    json_t *out = NULL;
    *rc_out = signal_create(a, who, &in, &out, err);
    return out;
}

static void test_signal_keeps_its_version(void **state)
{
    app *a = *state;
    actor sys, mentor;
    access_system_actor(&sys);
    make_org(a, &sys, "School A", "school");
    make_user(a, &sys, "School A", "mentor-a", "mentor", &mentor);
    json_t *v1 = publish_ok(a, &sys, v1_text, NULL, 1);
    json_decref(v1);
    size_t rules_len = 0;
    char *rules = data_file_read(RULES_PATH, &rules_len);
    assert_non_null(rules);
    json_t *published = NULL;
    svc_error err = {0};
    assert_int_equal(guidance_publish(a, &sys, rules, rules_len, &published, &err), SG_OK);
    json_decref(published);
    free(rules);

    person_input pin = {.name = "Test Kind",
                        .birth_date = "2012-04-02",
                        .gender = "female",
                        .municipality = "Utrecht"};
    json_t *person = NULL;
    int rc = person_create(a, &mentor, &pin, &person, &err);
    if (rc != SG_OK)
        fail_msg("person_create: %d %s", rc, err.reason ? err.reason : "");
    const char *pid = json_string_value(json_object_get(person, "id"));

    /* An indicator of a later version is not in version 1. */
    json_t *early = record_signal(a, &mentor, pid, ADDED_ID, "2026-01-05", &rc, &err);
    assert_int_equal(rc, SG_EINVAL);
    assert_null(early);
    assert_string_equal(err.field, "indicators");

    json_t *first = record_signal(a, &mentor, pid, "SCH-02", "2026-01-05", &rc, &err);
    assert_int_equal(rc, SG_OK);
    assert_int_equal(json_integer_value(json_object_get(first, "catalogue_version")), 1);
    char first_id[STORE_ID_LEN];
    text_copy(first_id, sizeof first_id, json_string_value(json_object_get(first, "id")));

    json_t *v2 = publish_ok(a, &sys, v2_text, NULL, 2);
    json_decref(v2);

    /* Read back after version 2: still version 1. */
    json_t *again = NULL;
    assert_int_equal(signal_get(a, &mentor, first_id, &again), SG_OK);
    assert_int_equal(json_integer_value(json_object_get(again, "catalogue_version")), 1);

    /* A new signal (a day later, outside the first one's window) takes
     * version 2, and may use the added indicator. */
    json_t *second = record_signal(a, &mentor, pid, ADDED_ID, "2026-01-06", &rc, &err);
    assert_int_equal(rc, SG_OK);
    assert_int_equal(json_integer_value(json_object_get(second, "catalogue_version")), 2);

    /* The old signal's guidance reads its indicator in the words of version 1. */
    json_t *assessment = NULL;
    assert_int_equal(guidance_assess_signal(a, &mentor, first_id, &assessment), SG_OK);
    json_t *counted = json_object_get(assessment, "counted");
    assert_int_equal(json_array_size(counted), 1);
    json_t *item = json_array_get(counted, 0);
    assert_string_equal(json_string_value(json_object_get(item, "indicator")), "SCH-02");
    assert_string_equal(json_string_value(json_object_get(json_object_get(item, "text"), "en")),
                        OLD_EN);
    json_t *versions = json_object_get(assessment, "catalogue_versions");
    assert_int_equal(json_array_size(versions), 1);
    assert_int_equal(json_integer_value(json_array_get(versions, 0)), 1);

    /* The new signal's assessment sees both signals, from both versions. */
    json_t *both = NULL;
    assert_int_equal(
        guidance_assess_signal(a, &mentor, json_string_value(json_object_get(second, "id")), &both),
        SG_OK);
    assert_int_equal(json_array_size(json_object_get(both, "catalogue_versions")), 2);
    assert_int_equal(json_integer_value(json_object_get(both, "signals_considered")), 2);

    audit_intact(a);
    json_decref(person);
    json_decref(first);
    json_decref(again);
    json_decref(second);
    json_decref(assessment);
    json_decref(both);
}

/* ---- the safeguards ----------------------------------------------------- */

static void test_no_safeguards_no_catalogue(void **state)
{
    app *a = *state;
    actor sys;
    access_system_actor(&sys);
    json_t *out = NULL;
    svc_error err = {0};
    assert_int_equal(catalogue_publish(a, &sys, v1_text, v1_len, NULL, &out, &err), SG_ESTATE);
    assert_null(out);
    assert_non_null(strstr(err.reason, "catalogue-safeguards"));
    assert_int_equal(version_count(a, &sys), 0);
}

/* One indicator line of the given kind, strength and Dutch and English text. */
static int parse_one(const catalogue_safeguards *sg, const char *id, const char *nl, const char *en,
                     const char *strength, const char *kind, char *why, size_t n)
{
    char text[1024];
    snprintf(
        text, sizeof text,
        "id\tcategory\tcategory_nl\tindicator_nl\tindicator_en\tstrength\tsources\tobservation\n"
        "%s\tCategory\tCategorie\t%s\t%s\t%s\tthe test\t%s\n",
        id, nl, en, strength, kind);
    catalogue *c = NULL;
    int rc = catalogue_parse(text, strlen(text), sg, &c, why, n);
    catalogue_free(c);
    return rc;
}

static void test_safeguards_table(void **state)
{
    (void)state;
    catalogue_safeguards sg;
    assert_int_equal(data_safeguards_load(&sg), SG_OK);
    assert_int_equal(sg.nkinds, 11);
    assert_string_equal(sg.vulnerability_kind, "vulnerability");
    /* Texts about what was observed pass; texts about who a child is, or
     * where or with whom it lives, are refused with the attribute named. */
    static const struct {
        const char *nl, *en;
        const char *attribute; /* NULL: allowed */
    } table[] = {
        {"Wordt opgewacht na school door oudere onbekenden", "Met after school by older strangers",
         NULL},
        {"Opeens afwijkende normen", "Sudden deviant norms", NULL},
        {"Ontwijkt docenten", "Avoids teachers", NULL},
        {"Aangetroffen ver buiten eigen woonomgeving", "Found far from home", NULL},
        {"Hangt veel op straat", "Hangs about on the street", NULL},
        {"Plotseling veel contant geld", "Suddenly much cash", NULL},
        {"Schulden van de jongere zelf", "Debts of the young person", NULL},
        {"Laag gezinsinkomen", "Low family income", "income"},
        {"Gezin leeft van een uitkering", "Family on benefits", "income"},
        {"Woont in de wijk Noord", "Lives in the north", "neighbourhood"},
        {"Woont in een achterstandswijk", "Deprived area", "neighbourhood"},
        {"Postcodegebied 3031", "Postcode area", "neighbourhood"},
        {"A", "Lives in neighbourhood X", "neighbourhood"},
        {"Heeft de Marokkaanse nationaliteit", "B", "nationality"},
        {"Dubbele nationaliteit", "Dual nationality", "nationality"},
        {"Niet-westerse migratieachtergrond", "B", "ethnicity"},
        {"Spreekt thuis een andere taal: thuistaal Turks", "B", "ethnicity"},
        {"Ouders van Antilliaanse afkomst", "B", "ethnicity"},
        {"Bezoekt de moskee", "Visits the mosque", "religion"},
        {"Islamitisch", "Muslim", "religion"},
        {"Alleenstaande moeder", "Single mother", "family-composition"},
        {"Eenoudergezin", "One-parent family", "family-composition"},
        {"Ouders in echtscheiding", "B", "family-composition"},
        {"A", "Gay", "sexual-orientation"},
        {"Politieke voorkeur van de ouders", "B", "political-opinion"},
        {"Woont in Rotterdam-Zuid (wijk)", "B", "neighbourhood"},
        {"Woonachtig in Overvecht", "B", "neighbourhood"},
        {"Nationaliteit", "NATIONALITY", "nationality"},
        {"Ètnische achtergrond", "B", "ethnicity"},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        char why[300] = "";
        int rc =
            parse_one(&sg, "BEH-01", table[i].nl, table[i].en, "M", "behaviour", why, sizeof why);
        if (!table[i].attribute) {
            if (rc != SG_OK)
                fail_msg("\"%s\" refused: %s", table[i].nl, why);
            continue;
        }
        if (rc != SG_EINVAL || !strstr(why, "line 2: ") || !strstr(why, table[i].attribute))
            fail_msg("\"%s\" / \"%s\": expected a refusal naming %s, got rc %d \"%s\"", table[i].nl,
                     table[i].en, table[i].attribute, rc, why);
    }
    /* The kind of observation: from the closed list, and vulnerability only
     * for VUL- indicators, which are context (C) and nothing else. */
    static const struct {
        const char *id, *strength, *kind;
        const char *why; /* NULL: allowed */
    } kinds[] = {
        {"BEH-01", "M", "behaviour", NULL},
        {"POL-01", "S", "justice-record", NULL},
        {"COE-01", "S", "coercion-event", NULL},
        {"VUL-01", "C", "vulnerability", NULL},
        {"BEH-01", "C", "behaviour", NULL}, /* context that is no vulnerability is allowed */
        {"BEH-01", "M", "opinion", "not a kind of the published safeguards"},
        {"BEH-01", "M", "", "not a kind of the published safeguards"},
        {"BEH-01", "M", "Behaviour", "not a kind of the published safeguards"},
        {"BEH-01", "M", "vulnerability", "only a vulnerability (VUL-) indicator"},
        {"VUL-01", "C", "behaviour", "is of the vulnerability kind"},
        {"VUL-01", "S", "vulnerability", "context only"},
        {"VUL-01", "M", "vulnerability", "context only"},
        {"VUL-01", "W", "vulnerability", "context only"},
        {"VUL-01", "C (M if persistent)", "vulnerability", "context only"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char why[300] = "";
        int rc = parse_one(&sg, kinds[i].id, "Een waarneming", "An observation", kinds[i].strength,
                           kinds[i].kind, why, sizeof why);
        if (!kinds[i].why && rc != SG_OK)
            fail_msg("%s %s %s refused: %s", kinds[i].id, kinds[i].strength, kinds[i].kind, why);
        if (kinds[i].why && (rc != SG_EINVAL || !strstr(why, kinds[i].why)))
            fail_msg("%s %s %s: expected \"%s\", got rc %d \"%s\"", kinds[i].id, kinds[i].strength,
                     kinds[i].kind, kinds[i].why, rc, why);
    }
    /* Every indicator of the published catalogue passes, and every VUL- is C. */
    catalogue *c = NULL;
    char why[300] = "";
    if (catalogue_parse(v1_text, v1_len, &sg, &c, why, sizeof why) != SG_OK)
        fail_msg("data/indicators.tsv: %s", why);
    for (int i = 0; i < c->count; i++)
        if (strncmp(c->items[i].code, "VUL-", 4) == 0)
            assert_string_equal(c->items[i].strength, "C");
    catalogue_free(c);
    /* Without safeguards nothing is parsed. */
    assert_int_equal(catalogue_parse(v1_text, v1_len, NULL, &c, why, sizeof why), SG_EINVAL);
    assert_null(c);
    safeguards_free(&sg);
}

static void test_safeguards_refusals(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = data_file_read(SAFEGUARDS_PATH, &len);
    assert_non_null(text);
    /* A document that leaves out a required attribute is refused. */
    char *no_income = replace_once(text, "\"id\": \"income\"", "\"id\": \"earnings\"");
    assert_non_null(no_income);
    catalogue_safeguards sg;
    char why[300] = "";
    assert_int_equal(safeguards_parse(no_income, strlen(no_income), &sg, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "income is required"));
    assert_null(sg.doc);
    free(no_income);
    /* An attribute without its source. */
    char *no_source =
        replace_once(text, "\"source\": \"AVG art. 9 lid 1 (political opinions)", "\"x\": \"");
    assert_non_null(no_source);
    assert_int_equal(safeguards_parse(no_source, strlen(no_source), &sg, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "its source"));
    free(no_source);
    /* A vulnerability kind that is not a kind. */
    char *bad_kind = replace_once(text, "\"vulnerability_kind\": \"vulnerability\"",
                                  "\"vulnerability_kind\": \"context\"");
    assert_non_null(bad_kind);
    assert_int_equal(safeguards_parse(bad_kind, strlen(bad_kind), &sg, why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "vulnerability_kind"));
    free(bad_kind);
    /* A term that matches in an unknown way, or a multi-word term inside words. */
    char *bad_match = replace_once(text, "{\"text\": \"eenouder\", \"match\": \"start\"}",
                                   "{\"text\": \"eenouder\", \"match\": \"fuzzy\"}");
    assert_int_equal(safeguards_parse(bad_match, strlen(bad_match), &sg, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "family-composition, term 1"));
    free(bad_match);
    char *bad_words = replace_once(text, "{\"text\": \"groot gezin\", \"match\": \"word\"}",
                                   "{\"text\": \"groot gezin\", \"match\": \"within\"}");
    assert_int_equal(safeguards_parse(bad_words, strlen(bad_words), &sg, why, sizeof why),
                     SG_EINVAL);
    assert_non_null(strstr(why, "several words"));
    free(bad_words);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_nothing_published, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_versions, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_forbidden_indicator_refused, test_setup,
                                        test_teardown),
        cmocka_unit_test_setup_teardown(test_note_is_text, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_only_national_administrators_publish, test_setup,
                                        test_teardown),
        cmocka_unit_test_setup_teardown(test_signal_keeps_its_version, test_setup, test_teardown),
        cmocka_unit_test_setup_teardown(test_no_safeguards_no_catalogue, bare_setup, test_teardown),
        cmocka_unit_test(test_safeguards_table),
        cmocka_unit_test(test_safeguards_refusals),
    };
    return cmocka_run_group_tests_name("catalogue", tests, group_setup, group_teardown);
}
