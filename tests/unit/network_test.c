/* Unit tests for service/network and store/network on a real database in a
 * temporary directory: relations and their checks, corrections and
 * retirement as history, the CSV import (all or nothing, every rejected
 * row named), who may read and write, the graph worker (submit, wait,
 * cancel, a submitter's own jobs only, the result of a known network), the
 * export, and the alert rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "data_file.h"
#include "security/password.h"
#include "security/vault.h"
#include "service/admin/admin.h"
#include "service/network/network.h"
#include "service/school/persons.h"

static char dir[] = "/tmp/signaal-network-XXXXXX";
static char path[sizeof dir + 16];
static app *A;
static actor analyst, other_analyst, officer, mentor;
static char youth[40], adult[40];

static void load_actor(const char *login, actor *who)
{
    assert_int_equal(svc_actor_by_login(A, login, "test", who), SG_OK);
}

static void person(const actor *who, const char *birth, char out[40])
{
    person_input in = {
        .name = "Test Kind", .birth_date = birth, .gender = "x", .municipality = "Utrecht"};
    json_t *p = NULL;
    svc_error err = {0};
    int rc = person_create(A, who, &in, &p, &err);
    if (rc != SG_OK)
        print_error("person_create: %s %s\n", err.field ? err.field : "",
                    err.reason ? err.reason : "");
    assert_int_equal(rc, SG_OK);
    snprintf(out, 40, "%s", json_string_value(json_object_get(p, "id")));
    json_decref(p);
}

static int setup(void **state)
{
    (void)state;
    if (vault_global_init() != SG_OK)
        return -1;
    password_set_cost(PASSWORD_COST_MINIMAL);
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof path, "%s/n.db", dir);
    const char *detail = NULL;
    if (app_open(path, true, &A, &detail) != SG_OK)
        return -1;
    actor sys;
    access_system_actor(&sys);
    static const struct {
        const char *name, *type;
    } orgs[] = {{"Analyse", "national-analysis"}, {"Politie", "police"}, {"School", "school"}};
    for (size_t i = 0; i < 3; i++) {
        org_input in = {.name = orgs[i].name, .type = orgs[i].type};
        json_t *o = NULL;
        if (org_create(A, &sys, &in, &o, NULL) != SG_OK)
            return -1;
        json_decref(o);
    }
    static const struct {
        const char *login, *org, *role;
    } users[] = {{"analist", "Analyse", "analyst"},
                 {"analist2", "Politie", "analyst"},
                 {"agent", "Politie", "police-officer"},
                 {"mentor", "School", "mentor"}};
    for (size_t i = 0; i < 4; i++) {
        user_input in = {.login = users[i].login,
                         .org = users[i].org,
                         .role = users[i].role,
                         .password = "a long password 1"};
        json_t *u = NULL;
        if (user_create(A, &sys, &in, &u, NULL) != SG_OK)
            return -1;
        json_decref(u);
    }
    load_actor("analist", &analyst);
    load_actor("analist2", &other_analyst);
    load_actor("agent", &officer);
    load_actor("mentor", &mentor);
    person(&officer, "2011-05-01", youth);
    person(&officer, "2005-01-01", adult);
    return network_worker_start(A) == SG_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    network_worker_stop(A);
    app_close(A);
    char cmd[sizeof dir + 16];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static json_t *create(const actor *who, const char *from, const char *to, const char *type,
                      const char *first, const char *last, const char *source, int expect,
                      const char *field)
{
    relation_input in = {.from = from,
                         .to = to,
                         .type = type,
                         .first_seen = first,
                         .last_seen = last,
                         .source = source};
    json_t *out = NULL;
    svc_error err = {0};
    int rc = relation_create(A, who, &in, &out, &err);
    assert_int_equal(rc, expect);
    if (field)
        assert_string_equal(err.field, field);
    return out;
}

static long count_relations(const char *person_id)
{
    relation_query q = {.person_id = person_id, .purpose = "count for the test", .limit = 100};
    json_t *page = NULL;
    svc_error err = {0};
    assert_int_equal(relation_list(A, &analyst, &q, &page, &err), SG_OK);
    long n = (long)json_array_size(json_object_get(page, "items"));
    json_decref(page);
    return n;
}

static void test_relations(void **state)
{
    (void)state;
    json_t *r = create(&analyst, youth, "ext:nickname:De Kapper", "recruited_by", "2026-01-10",
                       "2026-02-01", "report:PV-2026-1", SG_OK, NULL);
    assert_string_equal(json_string_value(json_object_get(r, "type")), "recruited_by");
    assert_string_equal(json_string_value(json_object_get(json_object_get(r, "to"), "label")),
                        "de kapper");
    assert_true(json_is_true(json_object_get(json_object_get(r, "from"), "minor")));
    char id[40];
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(r, "id")));
    json_decref(r);
    /* Refusals, each naming its field; nothing is stored. */
    assert_null(create(&analyst, youth, youth, "associates_with", "2026-01-10", NULL, "PV-1",
                       SG_EINVAL, "to"));
    assert_null(
        create(&analyst, youth, adult, "knows", "2026-01-10", NULL, "PV-1", SG_EINVAL, "type"));
    assert_null(create(&analyst, youth, adult, "sibling_of", "2026-03-10", "2026-01-10", "PV-1",
                       SG_EINVAL, "last_seen"));
    assert_null(create(&analyst, youth, "00000000-0000-4000-8000-000000000000", "sibling_of",
                       "2026-01-10", NULL, "PV-1", SG_EINVAL, "to"));
    assert_null(create(&analyst, youth, "ext:phone:0612345678", "recruited_by", "2026-01-10", NULL,
                       "PV-1", SG_EINVAL, "type"));
    assert_null(create(&analyst, youth, adult, "sibling_of", "2999-01-01", NULL, "PV-1", SG_EINVAL,
                       "first_seen"));
    assert_null(
        create(&analyst, youth, adult, "sibling_of", "2026-01-01", NULL, "", SG_EINVAL, "source"));
    assert_int_equal(count_relations(youth), 1);
    /* Who may write: a school never; an officer only from a screening. */
    assert_null(create(&mentor, youth, adult, "sibling_of", "2026-01-01", NULL, "PV-1",
                       SG_EFORBIDDEN, NULL));
    assert_null(create(&officer, youth, adult, "sibling_of", "2026-01-01", NULL, "PV-1",
                       SG_EFORBIDDEN, NULL));
    /* A correction replaces; the old relation stays as history. */
    relation_input ch = {.confidence = "confirmed"};
    json_t *out = NULL;
    svc_error err = {0};
    assert_int_equal(relation_correct(A, &analyst, id, &ch, "seen on camera", &out, &err), SG_OK);
    assert_string_equal(json_string_value(json_object_get(out, "replaces")), id);
    assert_string_equal(json_string_value(json_object_get(out, "confidence")), "confirmed");
    char id2[40];
    snprintf(id2, sizeof id2, "%s", json_string_value(json_object_get(out, "id")));
    json_decref(out);
    assert_int_equal(relation_get(A, &analyst, id, "check the history", &out, &err), SG_OK);
    assert_string_equal(json_string_value(json_object_get(out, "status")), "retired");
    assert_string_equal(json_string_value(json_object_get(out, "replaced_by")), id2);
    json_decref(out);
    assert_int_equal(relation_correct(A, &analyst, id, &ch, NULL, &out, &err), SG_ESTATE);
    assert_int_equal(relation_retire(A, &analyst, id2, "wrong person", &out, &err), SG_OK);
    json_decref(out);
    assert_int_equal(count_relations(youth), 0);
    /* Reading needs a purpose. */
    assert_int_equal(relation_get(A, &analyst, id, "", &out, &err), SG_EINVAL);
    assert_string_equal(err.field, "purpose");
    /* Retired relations remain readable as history when asked for. */
    relation_query q = {
        .person_id = youth, .purpose = "history", .include_retired = true, .limit = 10};
    assert_int_equal(relation_list(A, &analyst, &q, &out, &err), SG_OK);
    assert_int_equal(json_array_size(json_object_get(out, "items")), 2);
    json_decref(out);
}

static void test_import(void **state)
{
    (void)state;
    char csv[2048];
    /* Row 3: an unknown type; row 4: to itself; row 5: a malformed line;
     * row 6: a period that ends before it starts. */
    snprintf(csv, sizeof csv,
             "from,to,type,confidence,first_seen,last_seen,source\n"
             "ext:nickname:a1,ext:nickname:b1,recruited_by,confirmed,2026-01-01,,report:X\n"
             "ext:nickname:a1,ext:nickname:c1,hires,confirmed,2026-01-01,,report:X\n"
             "ext:nickname:a1,ext:nickname:a1,associates_with,,2026-01-01,,report:X\n"
             "ext:nickname:a1,b\n"
             "%s,ext:phone:0611111111,uses_phone,probable,2026-02-01,2026-01-01,report:X\n",
             youth);
    json_t *out = NULL;
    svc_error err = {0};
    assert_int_equal(relation_import(A, &analyst, csv, strlen(csv), NULL, NULL, &out, &err),
                     SG_EINVAL);
    json_t *rej = json_object_get(out, "rejected");
    assert_int_equal(json_array_size(rej), 4);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rej, 0), "row")), 3);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rej, 0), "field")),
                        "type");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rej, 1), "row")), 4);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rej, 2), "row")), 5);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(rej, 3), "row")), 6);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rej, 3), "field")),
                        "last_seen");
    json_decref(out);
    /* Nothing half-imported: the good first row was not stored either. */
    out = NULL;
    relation_query q = {.person_id = "ext:nickname:a1", .purpose = "check", .limit = 10};
    assert_int_equal(relation_list(A, &analyst, &q, &out, &err), SG_ENOTFOUND);
    /* A quote that is never closed runs to the end of the file. */
    const char *open_quote = "from,to,type,confidence,first_seen,last_seen,source\n"
                             "\"ext:nickname:a1,b,c,d,e,f,g\n";
    assert_int_equal(
        relation_import(A, &analyst, open_quote, strlen(open_quote), NULL, NULL, &out, &err),
        SG_EINVAL);
    assert_non_null(strstr(json_string_value(json_object_get(
                               json_array_get(json_object_get(out, "rejected"), 0), "reason")),
                           "not closed"));
    json_decref(out);
    /* A header without the columns is refused at once. */
    const char *bad = "a,b,c\nx,y,z\n";
    assert_int_equal(relation_import(A, &analyst, bad, strlen(bad), NULL, NULL, &out, &err),
                     SG_EINVAL);
    assert_string_equal(err.field, "content");
    /* A good file, quoted fields and CRLF included. */
    const char *good = "\xEF\xBB\xBF"
                       "source,from,to,type,confidence,first_seen,last_seen\r\n"
                       "\"report:X, p. 2\",ext:nickname:r,ext:nickname:s,recruited_by,,"
                       "2026-01-01,\r\n"
                       "report:X,ext:nickname:t,ext:nickname:s,recruited_by,probable,"
                       "2026-01-02,2026-01-03\r\n";
    assert_int_equal(relation_import(A, &analyst, good, strlen(good), NULL, NULL, &out, &err),
                     SG_OK);
    assert_int_equal(json_integer_value(json_object_get(out, "imported")), 2);
    json_decref(out);
    /* Only analysts import. */
    assert_int_equal(relation_import(A, &officer, good, strlen(good), NULL, NULL, &out, &err),
                     SG_EFORBIDDEN);
}

static json_t *run(const actor *who, const char *json, int expect)
{
    json_error_t jerr;
    json_t *req = json_loads(json, 0, &jerr);
    assert_non_null(req);
    json_t *job = NULL;
    svc_error err = {0};
    int rc = network_analysis_submit(A, who, req, &job, &err);
    json_decref(req);
    assert_int_equal(rc, expect);
    if (rc != SG_OK)
        return NULL;
    char id[40];
    snprintf(id, sizeof id, "%s", json_string_value(json_object_get(job, "id")));
    json_decref(job);
    json_t *done = NULL;
    for (int i = 0; i < 100; i++) {
        json_decref(done);
        assert_int_equal(network_analysis_get(A, who, id, 1000, &done), SG_OK);
        const char *status = json_string_value(json_object_get(done, "status"));
        if (strcmp(status, "done") == 0 || strcmp(status, "failed") == 0)
            break;
    }
    /* Another user does not see it. */
    json_t *theirs = NULL;
    assert_int_equal(network_analysis_get(A, &other_analyst, id, 0, &theirs), SG_ENOTFOUND);
    return done;
}

static void test_analyses(void **state)
{
    (void)state;
    /* A chain: boss recruited k1, k1 recruited the youth, the youth
     * recruited k2 and k3. */
    char csv[1024];
    snprintf(csv, sizeof csv,
             "from,to,type,confidence,first_seen,last_seen,source\n"
             "ext:nickname:k1,ext:nickname:boss,recruited_by,confirmed,2026-01-01,,report:Y\n"
             "%s,ext:nickname:k1,recruited_by,confirmed,2026-01-02,,report:Y\n"
             "ext:nickname:k2,%s,recruited_by,confirmed,2026-01-03,,report:Y\n"
             "ext:nickname:k3,%s,exploited_by,probable,2026-01-04,,report:Y\n",
             youth, youth, youth);
    json_t *out = NULL;
    svc_error err = {0};
    assert_int_equal(relation_import(A, &analyst, csv, strlen(csv), NULL, NULL, &out, &err), SG_OK);
    json_decref(out);
    json_t *done = run(&analyst, "{\"kind\": \"chains\", \"purpose\": \"Onderzoek 7\"}", SG_OK);
    json_t *res = json_object_get(done, "result");
    assert_string_equal(json_string_value(json_object_get(done, "status")), "done");
    json_t *chains = json_object_get(res, "chains");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(chains, 0), "depth")), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(chains, 0), "size")), 5);
    json_t *vr = json_object_get(res, "victim_recruiters");
    bool found = false;
    size_t i;
    json_t *v;
    json_array_foreach(vr, i,
                       v) if (strcmp(json_string_value(json_object_get(v, "person")), youth) == 0)
    {
        found = true;
        assert_int_equal(json_array_size(json_object_get(v, "path")), 3);
        assert_true(json_is_true(json_object_get(v, "minor")));
    }
    assert_true(found);
    json_decref(done);
    /* The officer reads the youth's neighbourhood once the youth is theirs
     * (a screening makes it so); here it is not: 404. */
    char req[256];
    snprintf(req, sizeof req,
             "{\"kind\": \"neighbourhood\", \"person_id\": \"%s\", \"purpose\": \"PV 1\"}", youth);
    assert_null(run(&officer, req, SG_ENOTFOUND));
    assert_null(run(&officer, "{\"kind\": \"overview\", \"purpose\": \"PV 1\"}", SG_EFORBIDDEN));
    assert_null(run(&mentor, req, SG_EFORBIDDEN));
    assert_null(run(&analyst, "{\"kind\": \"chains\"}", SG_EINVAL));
    done = run(&analyst, req, SG_OK);
    res = json_object_get(done, "result");
    assert_int_equal(json_array_size(json_object_get(res, "nodes")), 4);
    assert_int_equal(json_array_size(json_object_get(res, "relations")), 3);
    json_decref(done);
    snprintf(req, sizeof req,
             "{\"kind\": \"paths\", \"person_id\": \"ext:nickname:boss\", \"target_id\":"
             " \"ext:nickname:k2\", \"purpose\": \"PV 1\"}");
    done = run(&analyst, req, SG_OK);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(done, "result"), "length")),
                     3);
    json_decref(done);
    /* The command line's way: run and wait. */
    json_error_t jerr;
    json_t *r = json_loads("{\"kind\": \"overview\", \"purpose\": \"PV 2\", \"top\": 0}", 0, &jerr);
    assert_int_equal(network_analysis_run(A, &analyst, r, NULL, NULL, &out, &err), SG_OK);
    assert_true(json_array_size(json_object_get(out, "components")) >= 1);
    assert_non_null(json_object_get(out, "communities"));
    json_decref(out);
    json_decref(r);
}

static void test_cancel(void **state)
{
    (void)state;
    json_error_t jerr;
    json_t *req = json_loads("{\"kind\": \"key-actors\", \"purpose\": \"PV 3\"}", 0, &jerr);
    json_t *job = NULL;
    assert_int_equal(network_analysis_submit(A, &analyst, req, &job, NULL), SG_OK);
    json_decref(req);
    const char *id = json_string_value(json_object_get(job, "id"));
    assert_int_equal(network_analysis_cancel(A, &analyst, id), SG_OK);
    assert_int_equal(network_analysis_cancel(A, &other_analyst, id), SG_ENOTFOUND);
    json_t *now = NULL;
    assert_int_equal(network_analysis_get(A, &analyst, id, 5000, &now), SG_OK);
    const char *status = json_string_value(json_object_get(now, "status"));
    /* Cancelled while queued or running, or done if it was that quick. */
    assert_true(strcmp(status, "cancelled") == 0 || strcmp(status, "done") == 0);
    json_decref(now);
    json_decref(job);
    json_t *list = NULL;
    assert_int_equal(network_analysis_list(A, &analyst, &list), SG_OK);
    assert_true(json_array_size(json_object_get(list, "items")) >= 1);
    json_decref(list);
}

static void test_export(void **state)
{
    (void)state;
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    json_t *req = json_pack("{s:s}", "purpose", "export for Gephi");
    svc_error err = {0};
    assert_int_equal(network_export(A, &analyst, "graphml", req, f, &err), SG_OK);
    fclose(f);
    assert_non_null(strstr(data, "<graphml"));
    assert_non_null(strstr(data, "recruited_by"));
    assert_non_null(strstr(data, youth));
    free(data);
    f = open_memstream(&data, &len);
    assert_int_equal(network_export(A, &analyst, "ftm", req, f, &err), SG_OK);
    fclose(f);
    assert_non_null(strstr(data, "\"schema\":\"Associate\""));
    free(data);
    f = open_memstream(&data, &len);
    assert_int_equal(network_export(A, &analyst, "csv", req, f, &err), SG_EINVAL);
    assert_int_equal(network_export(A, &officer, "gexf", req, f, &err), SG_EFORBIDDEN);
    fclose(f);
    free(data);
    json_decref(req);
}

static void test_alert_rules(void **state)
{
    (void)state;
    size_t len = 0;
    char *text = data_file_read(SIGNAAL_SOURCE_DIR "/data/network-alerts.json", &len);
    assert_non_null(text);
    char why[256] = "";
    assert_int_equal(network_alert_rules_check(text, len, why, sizeof why), SG_OK);
    free(text);
    const char *bad = "{\"version\": 1, \"source\": \"s\", \"rules\": [{\"id\": \"x\","
                      " \"kind\": \"guess\", \"min\": 1}]}";
    assert_int_equal(network_alert_rules_check(bad, strlen(bad), why, sizeof why), SG_EINVAL);
    assert_non_null(strstr(why, "rule 1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_relations), cmocka_unit_test(test_import),
        cmocka_unit_test(test_analyses),  cmocka_unit_test(test_cancel),
        cmocka_unit_test(test_export),    cmocka_unit_test(test_alert_rules),
    };
    return cmocka_run_group_tests_name("network", tests, setup, teardown);
}
