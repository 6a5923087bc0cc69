/* Unit tests for http/: body validation from field specs, the router over
 * the real route table, and the OpenAPI document built from that table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "http/wire.h"
#include "http/fields.h"
#include "http/http.h"

/* ---- fields_validate -------------------------------------------------- */

#define END                                                                                        \
    {                                                                                              \
        .type = FT_END                                                                             \
    }

static const char *const colours[] = {"red", "green", NULL};
static const char *const kinds[] = {"fact", "impression", NULL};

static const field_spec item_fields[] = {
    {.name = "id", .type = FT_STRING, .flags = F_REQUIRED, .min = 1, .max = 6},
    {.name = "kind", .type = FT_STRING, .values = kinds},
    END};
static const field_spec item_spec = {.name = "item", .type = FT_OBJECT, .fields = item_fields};
static const field_spec tag = {.name = "tag", .type = FT_STRING, .min = 1, .max = 3};
static const field_spec inner_fields[] = {{.name = "x", .type = FT_INTEGER, .flags = F_REQUIRED},
                                          {.name = "y", .type = FT_BOOLEAN, .flags = F_NULLABLE},
                                          END};

static const field_spec spec[] = {
    {.name = "name", .type = FT_STRING, .flags = F_REQUIRED, .min = 2, .max = 5},
    {.name = "colour", .type = FT_STRING, .values = colours},
    {.name = "born", .type = FT_STRING, .format = "date"},
    {.name = "ref", .type = FT_STRING, .format = "uuid"},
    {.name = "count", .type = FT_INTEGER, .min = 1, .max = 10},
    {.name = "flag", .type = FT_BOOLEAN},
    {.name = "note", .type = FT_STRING, .flags = F_NULLABLE, .max = 3},
    {.name = "items", .type = FT_ARRAY, .flags = F_STRING_ITEM, .max = 3, .fields = &item_spec},
    {.name = "tags", .type = FT_ARRAY, .min = 1, .max = 2, .fields = &tag},
    {.name = "inner", .type = FT_OBJECT, .fields = inner_fields},
    {.name = "id", .type = FT_STRING, .flags = F_READONLY | F_REQUIRED},
    END};

static json_t *parse(const char *text)
{
    json_error_t err;
    json_t *j = json_loads(text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY, &err);
    if (!j)
        fail_msg("bad test JSON %s: %s", text, err.text);
    return j;
}

static void expect_valid(const field_spec *s, const char *text)
{
    json_t *body = parse(text);
    json_t *problems = (json_t *)1;
    bool ok = fields_validate(s, body, &problems);
    if (!ok) {
        char *dump = json_dumps(problems, 0);
        fail_msg("%s refused: %s", text, dump);
    }
    assert_null(problems);
    json_decref(body);
}

/* Expects text refused with a problem for field name whose reason contains
 * reason; returns how many problems there were. */
static size_t expect_problem(const field_spec *s, const char *text, const char *name,
                             const char *reason)
{
    json_t *body = parse(text);
    json_t *problems = NULL;
    if (fields_validate(s, body, &problems))
        fail_msg("%s accepted, wanted %s: %s", text, name, reason);
    assert_true(json_is_array(problems));
    bool found = false;
    size_t i;
    json_t *p;
    json_array_foreach(problems, i, p)
    {
        const char *n = json_string_value(json_object_get(p, "name"));
        const char *r = json_string_value(json_object_get(p, "reason"));
        assert_non_null(n);
        assert_non_null(r);
        assert_int_equal(json_object_size(p), 2);
        if (strcmp(n, name) == 0 && strstr(r, reason))
            found = true;
    }
    if (!found) {
        char *dump = json_dumps(problems, 0);
        fail_msg("%s: no problem {%s: ...%s...} in %s", text, name, reason, dump);
    }
    size_t n = json_array_size(problems);
    json_decref(problems);
    json_decref(body);
    return n;
}

static void test_fields_valid(void **state)
{
    (void)state;
    expect_valid(spec, "{\"name\": \"ab\"}");
    expect_valid(spec, "{\"name\": \"abcde\", \"colour\": \"green\", \"born\": \"2024-02-29\","
                       " \"ref\": \"3f0c1a2b-0000-4000-8000-00000000000a\", \"count\": 10,"
                       " \"flag\": false, \"note\": null, \"items\": [\"SCH-01\","
                       " {\"id\": \"x\", \"kind\": \"fact\"}, {\"id\": \"y\"}],"
                       " \"tags\": [\"a\", \"bcd\"], \"inner\": {\"x\": -5, \"y\": null}}");
    /* Lengths count characters, not bytes: five two-byte letters fit. */
    expect_valid(spec, "{\"name\": \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}");
    expect_valid(spec, "{\"name\": \"\xf0\x9f\x98\x80\xf0\x9f\x98\x80\"}");
    expect_valid(spec, "{\"name\": \"ab\", \"items\": [], \"count\": 1}");
}

static void test_fields_refused(void **state)
{
    (void)state;
    expect_problem(spec, "[1, 2]", "body", "must be a JSON object");
    expect_problem(spec, "\"text\"", "body", "must be a JSON object");
    expect_problem(spec, "{}", "name", "is required");
    expect_problem(spec, "{\"name\": \"ab\", \"extra\": 1}", "extra", "is not a field");
    /* A read-only field is not part of a request, required or not. */
    expect_problem(spec, "{\"name\": \"ab\", \"id\": \"x\"}", "id", "is not a field");

    /* Types. */
    expect_problem(spec, "{\"name\": 12345}", "name", "must be a string");
    expect_problem(spec, "{\"name\": \"ab\", \"count\": \"3\"}", "count", "must be an integer");
    expect_problem(spec, "{\"name\": \"ab\", \"count\": 2.0}", "count", "must be an integer");
    expect_problem(spec, "{\"name\": \"ab\", \"count\": true}", "count", "must be an integer");
    expect_problem(spec, "{\"name\": \"ab\", \"flag\": 1}", "flag", "must be true or false");
    expect_problem(spec, "{\"name\": \"ab\", \"flag\": \"true\"}", "flag", "must be true or false");
    expect_problem(spec, "{\"name\": \"ab\", \"items\": {}}", "items", "must be an array");
    expect_problem(spec, "{\"name\": \"ab\", \"inner\": [1]}", "inner", "must be an object");

    /* Limits: string lengths in characters, integer values, item counts. */
    expect_problem(spec, "{\"name\": \"a\"}", "name", "must be 2 to 5 characters long");
    expect_problem(spec, "{\"name\": \"abcdef\"}", "name", "must be 2 to 5 characters long");
    expect_problem(spec, "{\"name\": \"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}", "name",
                   "characters long");
    expect_problem(spec, "{\"name\": \"\\u00e9\"}", "name", "characters long");
    expect_problem(spec, "{\"name\": \"ab\", \"count\": 0}", "count", "must be from 1 to 10");
    expect_problem(spec, "{\"name\": \"ab\", \"count\": 11}", "count", "must be from 1 to 10");
    expect_problem(spec, "{\"name\": \"ab\", \"count\": -1}", "count", "must be from 1 to 10");
    expect_problem(spec, "{\"name\": \"ab\", \"note\": \"abcd\"}", "note", "characters long");
    expect_problem(spec, "{\"name\": \"ab\", \"tags\": []}", "tags", "must hold 1 to 2 items");
    expect_problem(spec, "{\"name\": \"ab\", \"tags\": [\"a\", \"b\", \"c\"]}", "tags",
                   "must hold 1 to 2 items");
    expect_problem(spec, "{\"name\": \"ab\", \"items\": [\"a\", \"b\", \"c\", \"d\"]}", "items",
                   "items");

    /* Control characters, NUL included, are refused in any string. */
    expect_problem(spec, "{\"name\": \"a\\u0000b\"}", "name", "control characters");
    expect_problem(spec, "{\"name\": \"a\\u0007b\"}", "name", "control characters");
    expect_problem(spec, "{\"name\": \"a\\u001bb\"}", "name", "control characters");
    expect_valid(spec, "{\"name\": \"a\\tb\"}");

    /* Enumerations, dates and ids. */
    expect_problem(spec, "{\"name\": \"ab\", \"colour\": \"blue\"}", "colour", "one of red, green");
    expect_problem(spec, "{\"name\": \"ab\", \"colour\": \"Red\"}", "colour", "one of");
    static const char *const bad_dates[] = {
        "2023-02-29", "2024-2-01", "2024-02-30", "29-02-2024", "2024-02-29T00:00:00Z", ""};
    for (size_t i = 0; i < sizeof bad_dates / sizeof bad_dates[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "{\"name\": \"ab\", \"born\": \"%s\"}", bad_dates[i]);
        expect_problem(spec, text, "born", "must be a real date as YYYY-MM-DD");
    }
    static const char *const bad_ids[] = {"not-a-uuid",
                                          "3F0C1A2B-0000-4000-8000-00000000000A",
                                          "3f0c1a2b00004000800000000000000a",
                                          "3f0c1a2b-0000-4000-8000-00000000000a0",
                                          "3f0c1a2b-0000-4000-8000-00000000000",
                                          ""};
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "{\"name\": \"ab\", \"ref\": \"%s\"}", bad_ids[i]);
        expect_problem(spec, text, "ref", "must be an id (a UUID)");
    }

    /* Null only where nullable. */
    expect_problem(spec, "{\"name\": null}", "name", "must not be null");
    expect_problem(spec, "{\"name\": \"ab\", \"count\": null}", "count", "must not be null");
    expect_problem(spec, "{\"name\": \"ab\", \"items\": [null]}", "items[0]", "must not be null");

    /* Nested: array items (a string stands for the item's first field) and
     * objects, each fault named by its path. */
    expect_problem(spec, "{\"name\": \"ab\", \"items\": [\"toolongid\"]}", "items[0]",
                   "must be 1 to 6 characters long");
    expect_problem(spec, "{\"name\": \"ab\", \"items\": [\"ok\", 5]}", "items[1]",
                   "must be an object");
    expect_problem(spec, "{\"name\": \"ab\", \"items\": [{\"id\": \"x\", \"bogus\": 1}]}",
                   "items[0].bogus", "is not a field");
    expect_problem(spec, "{\"name\": \"ab\", \"items\": [\"a\", {\"kind\": \"fact\"}]}",
                   "items[1].id", "is required");
    expect_problem(spec, "{\"name\": \"ab\", \"items\": [{\"id\": \"x\", \"kind\": \"rumour\"}]}",
                   "items[0].kind", "one of fact, impression");
    expect_problem(spec, "{\"name\": \"ab\", \"tags\": [\"a\", 7]}", "tags[1]", "must be a string");
    expect_problem(spec, "{\"name\": \"ab\", \"tags\": [\"abcd\"]}", "tags[0]", "characters long");
    expect_problem(spec, "{\"name\": \"ab\", \"inner\": {}}", "inner.x", "is required");
    expect_problem(spec, "{\"name\": \"ab\", \"inner\": {\"x\": 1, \"z\": 2}}", "inner.z",
                   "is not a field");
    expect_problem(spec, "{\"name\": \"ab\", \"inner\": {\"x\": \"1\"}}", "inner.x",
                   "must be an integer");

    /* A long name of two-byte letters, cut to fit the problem's name inside
     * a letter, still fails the body (it once passed: the cut name could
     * not become JSON and the problem was lost). */
    char body[1024] = "{\"name\": \"ab\", \"", want[256] = "";
    for (int i = 0; i < 100; i++)
        strcat(body, "\\u00e9");
    strcat(body, "\": 1}");
    for (int i = 0; i < 79; i++)
        strcat(want, "\xc3\xa9");
    expect_problem(spec, body, want, "is not a field");

    /* Every fault is named, not just the first. */
    size_t n = expect_problem(spec,
                              "{\"colour\": \"blue\", \"count\": 99, \"flag\": null,"
                              " \"extra\": 1, \"items\": [7, null]}",
                              "name", "is required");
    assert_int_equal(n, 7);
}

static void test_fields_schema(void **state)
{
    (void)state;
    json_t *req = fields_schema(spec, true);
    json_t *props = json_object_get(req, "properties");
    assert_string_equal(json_string_value(json_object_get(req, "type")), "object");
    assert_true(json_is_false(json_object_get(req, "additionalProperties")));
    assert_null(json_object_get(props, "id")); /* read-only: not in requests */
    assert_int_equal(json_object_size(props), 10);
    json_t *required = json_object_get(req, "required");
    assert_int_equal(json_array_size(required), 1);
    assert_string_equal(json_string_value(json_array_get(required, 0)), "name");
    json_t *name = json_object_get(props, "name");
    assert_int_equal(json_integer_value(json_object_get(name, "minLength")), 2);
    assert_int_equal(json_integer_value(json_object_get(name, "maxLength")), 5);
    json_t *colour = json_object_get(props, "colour");
    assert_int_equal(json_array_size(json_object_get(colour, "enum")), 2);
    json_t *born = json_object_get(props, "born");
    assert_string_equal(json_string_value(json_object_get(born, "format")), "date");
    json_t *count = json_object_get(props, "count");
    assert_int_equal(json_integer_value(json_object_get(count, "minimum")), 1);
    assert_int_equal(json_integer_value(json_object_get(count, "maximum")), 10);
    assert_true(json_is_true(json_object_get(json_object_get(props, "note"), "nullable")));
    json_t *items = json_object_get(json_object_get(props, "items"), "items");
    assert_int_equal(json_array_size(json_object_get(items, "oneOf")), 2);
    json_t *inner = json_object_get(props, "inner");
    assert_string_equal(json_string_value(json_array_get(json_object_get(inner, "required"), 0)),
                        "x");
    json_decref(req);

    json_t *res = fields_schema(spec, false);
    props = json_object_get(res, "properties");
    json_t *id = json_object_get(props, "id");
    assert_non_null(id);
    assert_true(json_is_true(json_object_get(id, "readOnly")));
    assert_int_equal(json_array_size(json_object_get(res, "required")), 2);
    json_decref(res);
}

/* A limit of 0 means "no limit" (fields.h): the reasons must not print it
 * as an upper bound ("must be 1 to 0 characters long"). */
static void test_reason_for_open_limit(void **state)
{
    (void)state;
    static const field_spec open[] = {
        {.name = "content", .type = FT_STRING, .flags = F_REQUIRED, .min = 1},
        {.name = "list", .type = FT_ARRAY, .min = 2, .fields = &tag},
        END};
    json_t *body = parse("{\"content\": \"\", \"list\": [\"a\"]}");
    json_t *problems = NULL;
    assert_false(fields_validate(open, body, &problems));
    assert_int_equal(json_array_size(problems), 2);
    char bad[256] = "";
    size_t i;
    json_t *p;
    json_array_foreach(problems, i, p)
    {
        const char *reason = json_string_value(json_object_get(p, "reason"));
        if (strstr(reason, "to 0") && !bad[0])
            snprintf(bad, sizeof bad, "%s: \"%s\"", json_string_value(json_object_get(p, "name")),
                     reason);
    }
    json_decref(problems);
    json_decref(body);
    if (bad[0])
        fail_msg("%s", bad);
}

/* ---- router ----------------------------------------------------------- */

static const route *match(const char *method, const char *path, http_req *req, bool *pm)
{
    memset(req, 0, sizeof *req);
    return router_match(method, path, req, pm);
}

static void test_router_match(void **state)
{
    (void)state;
    http_req req;
    bool pm = false;
    const route *r = match("GET", "/api/v1/persons/abc-123", &req, &pm);
    assert_non_null(r);
    assert_string_equal(r->operation_id, "getPerson");
    assert_true(pm);
    assert_int_equal(req.nparams, 1);
    assert_string_equal(req.params[0], "abc-123");

    r = match("GET", "/api/v1/users/u-7/tokens", &req, &pm);
    assert_non_null(r);
    assert_string_equal(r->operation_id, "listUserTokens");
    assert_int_equal(req.nparams, 1);
    assert_string_equal(req.params[0], "u-7");

    r = match("GET", "/api/v1/persons", &req, &pm);
    assert_non_null(r);
    assert_string_equal(r->operation_id, "listPersons");
    assert_int_equal(req.nparams, 0);
    r = match("POST", "/api/v1/session/totp/confirmation", &req, &pm);
    assert_non_null(r);
    assert_string_equal(r->operation_id, "confirmTotpEnrolment");
    r = match("GET", "/api/v1/audit/verification", &req, &pm);
    assert_non_null(r);
    assert_string_equal(r->operation_id, "verifyAuditTrail");

    /* Another method on a known path: 405, not 404. */
    assert_null(match("DELETE", "/api/v1/persons/abc", &req, &pm));
    assert_true(pm);
    assert_null(match("PUT", "/api/v1/persons", &req, &pm));
    assert_true(pm);
    assert_null(match("get", "/api/v1/persons", &req, &pm));
    assert_true(pm);

    /* No match at all: trailing slashes, extra or missing segments, empty
     * parameters, case, query strings. */
    static const char *const none[] = {
        "/api/v1/persons/",
        "/api/v1/persons/abc/",
        "/api/v1/persons/abc/def",
        "/api/v1/persons//",
        "/api/v1//persons",
        "/api/v1",
        "/api/v1/",
        "/",
        "",
        "/API/v1/persons",
        "/api/v1/Persons",
        "/api/v1/persons?limit=1",
        "/api/v2/persons",
        "/api/v1/users//tokens",
        "/api/v1/users/x/tokens/",
        "/api/v1/session/",
        "/healthz/",
        "api/v1/persons",
        "/api/v1/persons/abc/timeline/x",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        pm = true;
        if (match("GET", none[i], &req, &pm) || pm)
            fail_msg("\"%s\" matched a route", none[i]);
    }

    /* A parameter longer than HTTP_PARAM_LEN - 1 is no match, not cut. */
    char path[256], longid[HTTP_PARAM_LEN + 1];
    memset(longid, 'a', sizeof longid);
    longid[HTTP_PARAM_LEN - 1] = '\0';
    snprintf(path, sizeof path, "/api/v1/persons/%s", longid);
    assert_non_null(match("GET", path, &req, &pm));
    assert_string_equal(req.params[0], longid);
    longid[HTTP_PARAM_LEN - 1] = 'a';
    longid[HTTP_PARAM_LEN] = '\0';
    snprintf(path, sizeof path, "/api/v1/persons/%s", longid);
    assert_null(match("GET", path, &req, &pm));
}

static void test_router_every_route(void **state)
{
    (void)state;
    int count = 0;
    const route *seen[512];
    HTTP_FOREACH_ROUTE(r)
    {
        assert_true(count < 512);
        /* A concrete path: each {param} replaced by p0, p1 ... */
        char path[256];
        size_t used = 0;
        int k = 0;
        for (const char *t = r->path; *t;) {
            if (*t == '{') {
                used += (size_t)snprintf(path + used, sizeof path - used, "p%d", k++);
                t = strchr(t, '}') + 1;
            } else {
                path[used++] = *t++;
            }
        }
        path[used] = '\0';
        http_req req;
        bool pm = false;
        const route *got = match(r->method, path, &req, &pm);
        if (got != r)
            fail_msg("%s %s found %s", r->method, path, got ? got->operation_id : "nothing");
        assert_true(pm);
        assert_int_equal(req.nparams, k);
        for (int i = 0; i < k; i++) {
            char want[16];
            snprintf(want, sizeof want, "p%d", i);
            assert_string_equal(req.params[i], want);
        }
        /* The route's own sanity: NLGov paths without trailing slashes,
         * lower-case kebab-case segments, a success status, a handler. */
        assert_non_null(r->fn);
        assert_true(r->status >= 200 && r->status < 300);
        assert_true(r->path[0] == '/' && r->path[strlen(r->path) - 1] != '/');
        bool in_param = false;
        for (const char *c = r->path; *c; c++) {
            in_param = *c == '{' ? true : *c == '}' ? false : in_param;
            bool ok = islower((unsigned char)*c) || isdigit((unsigned char)*c)
                      || strchr("/-.{}", *c) || (in_param && *c == '_');
            if (!ok)
                fail_msg("%s: unexpected '%c' in the path", r->path, *c);
        }
        for (int i = 0; i < count; i++) {
            const route *o = seen[i];
            assert_string_not_equal(o->operation_id, r->operation_id);
            if (strcmp(o->path, r->path) == 0)
                assert_string_not_equal(o->method, r->method);
        }
        seen[count++] = r;
    }
    assert_true(count >= 20);
}

static void test_router_allowed(void **state)
{
    (void)state;
    char out[64];
    router_allowed("/api/v1/persons", out, sizeof out);
    assert_string_equal(out, "GET, HEAD, POST");
    router_allowed("/api/v1/persons/abc", out, sizeof out);
    assert_string_equal(out, "GET, HEAD");
    router_allowed("/api/v1/organisations/abc", out, sizeof out);
    assert_string_equal(out, "GET, HEAD, PATCH");
    router_allowed("/api/v1/session", out, sizeof out);
    assert_string_equal(out, "POST, GET, HEAD, DELETE");
    router_allowed("/api/v1/tokens/t1", out, sizeof out);
    assert_string_equal(out, "DELETE");
    router_allowed("/api/v1/nothing", out, sizeof out);
    assert_string_equal(out, "");
    router_allowed("/api/v1/persons/", out, sizeof out);
    assert_string_equal(out, "");
    /* A small buffer holds whole method names only. */
    router_allowed("/api/v1/session", out, 10);
    assert_string_equal(out, "POST, GET");
    router_allowed("/api/v1/session", out, 6);
    assert_string_equal(out, "POST");
    router_allowed("/api/v1/session", out, 4);
    assert_string_equal(out, "");
}

/* ---- OpenAPI ---------------------------------------------------------- */

/* Resolves a local JSON pointer "#/a/b/c" in doc. */
static json_t *resolve(json_t *doc, const char *ref)
{
    if (strncmp(ref, "#/", 2) != 0)
        return NULL;
    char copy[256];
    snprintf(copy, sizeof copy, "%s", ref + 2);
    json_t *at = doc;
    for (char *save = NULL, *part = strtok_r(copy, "/", &save); part && at;
         part = strtok_r(NULL, "/", &save))
        at = json_object_get(at, part);
    return at;
}

/* Checks every $ref under node resolves in doc; counts them. */
static void check_refs(json_t *doc, json_t *node, int *refs)
{
    if (json_is_object(node)) {
        const char *key;
        json_t *v;
        json_object_foreach(node, key, v)
        {
            if (strcmp(key, "$ref") == 0) {
                const char *ref = json_string_value(v);
                assert_non_null(ref);
                if (!resolve(doc, ref))
                    fail_msg("$ref %s does not resolve", ref);
                (*refs)++;
            } else {
                check_refs(doc, v, refs);
            }
        }
    } else if (json_is_array(node)) {
        size_t i;
        json_t *v;
        json_array_foreach(node, i, v) check_refs(doc, v, refs);
    }
}

static void test_openapi(void **state)
{
    (void)state;
    json_t *doc = openapi_document();
    assert_non_null(doc);
    assert_ptr_equal(openapi_document(), doc); /* built once */
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    json_t *info = json_object_get(doc, "info");
    assert_string_equal(json_string_value(json_object_get(info, "version")), SIGNAAL_VERSION);
    int major = -1, minor = -1, patch = -1;
    assert_int_equal(sscanf(SIGNAAL_VERSION, "%d.%d.%d", &major, &minor, &patch), 3);
    assert_true(strlen(json_string_value(json_object_get(info, "title"))) > 0);
    json_t *contact = json_object_get(info, "contact");
    assert_true(json_is_object(contact));
    assert_non_null(strchr(json_string_value(json_object_get(contact, "email")), '@'));
    assert_true(strlen(json_string_value(json_object_get(contact, "name"))) > 0);
    assert_true(strlen(json_string_value(json_object_get(contact, "url"))) > 0);
    assert_non_null(json_string_value(json_object_get(json_object_get(info, "license"), "name")));

    json_t *paths = json_object_get(doc, "paths");
    json_t *schemas = json_object_get(json_object_get(doc, "components"), "schemas");
    assert_true(json_is_object(paths));
    assert_true(json_is_object(schemas));
    size_t operations = 0;
    const char *key;
    json_t *item;
    json_object_foreach(paths, key, item)
    {
        /* A path item holds its operations, and maybe its own servers. */
        operations += json_object_size(item) - (json_object_get(item, "servers") ? 1 : 0);
    }

    size_t routes = 0;
    HTTP_FOREACH_ROUTE(r)
    {
        routes++;
        char method[8];
        size_t i = 0;
        for (; r->method[i]; i++)
            method[i] = (char)tolower((unsigned char)r->method[i]);
        method[i] = '\0';
        /* Paths are relative to the server URL /api/v1, except those
         * outside it, which name their own server. */
        const char *rel = strncmp(r->path, "/api/v1/", 8) == 0 ? r->path + 7 : r->path;
        json_t *op = json_object_get(json_object_get(paths, rel), method);
        if (!op)
            fail_msg("%s %s is missing from the document", r->method, r->path);
        assert_string_equal(json_string_value(json_object_get(op, "operationId")), r->operation_id);
        assert_string_equal(json_string_value(json_object_get(op, "summary")), r->summary);
        json_t *responses = json_object_get(op, "responses");
        char status[8];
        snprintf(status, sizeof status, "%d", r->status);
        json_t *ok = json_object_get(responses, status);
        assert_non_null(ok);
        assert_non_null(json_object_get(responses, "default"));
        if (r->response) {
            assert_non_null(json_object_get(schemas, r->response));
            json_t *schema = json_object_get(
                json_object_get(json_object_get(ok, "content"), "application/json"), "schema");
            assert_non_null(schema);
            if (r->list)
                assert_non_null(json_object_get(json_object_get(schema, "properties"), "items"));
        }
        /* Every path parameter is declared. */
        json_t *params = json_object_get(op, "parameters");
        for (const char *p = strchr(r->path, '{'); p; p = strchr(p + 1, '{')) {
            size_t len = strcspn(p + 1, "}");
            bool declared = false;
            size_t k;
            json_t *param;
            json_array_foreach(params, k, param)
            {
                const char *n = json_string_value(json_object_get(param, "name"));
                if (strlen(n) == len && strncmp(n, p + 1, len) == 0
                    && strcmp(json_string_value(json_object_get(param, "in")), "path") == 0
                    && json_is_true(json_object_get(param, "required")))
                    declared = true;
            }
            if (!declared)
                fail_msg("%s: path parameter %.*s is not declared", r->path, (int)len, p + 1);
        }
        /* A request body is described, without read-only fields. */
        json_t *body = json_object_get(op, "requestBody");
        assert_int_equal(body != NULL, r->body != NULL);
        if (r->body) {
            json_t *schema = json_object_get(
                json_object_get(json_object_get(body, "content"), "application/json"), "schema");
            json_t *props = json_object_get(schema, "properties");
            for (const field_spec *f = r->body; f->type != FT_END; f++) {
                char wire[128];
                assert_true(wire_name_out(f->name, wire, sizeof wire));
                assert_int_equal(json_object_get(props, wire) != NULL, !(f->flags & F_READONLY));
            }
        }
        /* Public routes need no session; the others say 401 and 403. */
        if (r->access == ACCESS_PUBLIC) {
            assert_int_equal(json_array_size(json_object_get(op, "security")), 0);
            assert_true(json_is_array(json_object_get(op, "security")));
        } else {
            assert_non_null(json_object_get(responses, "401"));
            assert_non_null(json_object_get(responses, "403"));
        }
    }
    /* Nothing in the document that is not in the table. */
    assert_int_equal(operations, routes);

    /* Every schema named in the table exists, and every $ref resolves. */
    HTTP_FOREACH_SCHEMA(s)
    assert_non_null(json_object_get(schemas, s->name));
    int refs = 0;
    check_refs(doc, paths, &refs);
    assert_true(refs >= (int)routes);
    check_refs(doc, json_object_get(doc, "components"), &refs);
    assert_null(resolve(doc, "#/components/schemas/NoSuchSchema"));

    /* The document serialises. */
    char *text = json_dumps(doc, JSON_COMPACT);
    assert_non_null(text);
    assert_true(strlen(text) > 1000);
    free(text);
}

static int group_teardown(void **state)
{
    (void)state;
    openapi_release();
    return 0;
}

/* The client's address behind a trusted proxy: the proxy's own entry of
 * X-Forwarded-For, only from a listed peer, only when it is an address. */
static void test_forwarded_client(void **state)
{
    (void)state;
    const char *trusted = "192.0.2.1, 2001:db8::1,127.0.0.1";
    char out[64] = "peer";
    assert_true(http_forwarded_client("127.0.0.1", trusted, "203.0.113.7", out, sizeof out));
    assert_string_equal(out, "203.0.113.7");
    assert_true(
        http_forwarded_client("192.0.2.1", trusted, "10.0.0.1, 198.51.100.2", out, sizeof out));
    assert_string_equal(out, "198.51.100.2");
    assert_true(http_forwarded_client("2001:db8::1", trusted, "2001:db8::42 ", out, sizeof out));
    assert_string_equal(out, "2001:db8::42");
    /* Not a trusted peer, no header, or an entry that is no address. */
    const char *refused[][2] = {{"192.0.2.2", "203.0.113.7"},
                                {"127.0.0.10", "203.0.113.7"},
                                {"127.0.0.1", NULL},
                                {"127.0.0.1", ""},
                                {"127.0.0.1", "203.0.113.7,"},
                                {"127.0.0.1", "unknown"},
                                {"127.0.0.1", "203.0.113.7:8080"},
                                {"127.0.0.1", "203.0.113.7 x"},
                                {"127.0.0.1", "999.0.113.7"}};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        text_copy(out, sizeof out, "peer");
        assert_false(http_forwarded_client(refused[i][0], trusted, refused[i][1], out, sizeof out));
        assert_string_equal(out, "peer");
    }
    assert_false(http_forwarded_client("127.0.0.1", NULL, "203.0.113.7", out, sizeof out));
    char tiny[8];
    assert_false(http_forwarded_client("127.0.0.1", trusted, "203.0.113.7", tiny, sizeof tiny));

    assert_true(http_proxy_list_valid("127.0.0.1"));
    assert_true(http_proxy_list_valid("10.0.0.1, ::1"));
    assert_false(http_proxy_list_valid(""));
    assert_false(http_proxy_list_valid("proxy.local"));
    assert_false(http_proxy_list_valid("10.0.0.1,"));
    assert_false(http_proxy_list_valid("10.0.0.0/8"));
}

/* ---- names on the wire ------------------------------------------------ */

static void test_wire_names(void **state)
{
    (void)state;
    char out[64], back[64];
    assert_true(wire_name_out("person_id", out, sizeof out));
    assert_string_equal(out, "personId");
    assert_true(wire_name_out("comensha_reported_on", out, sizeof out));
    assert_string_equal(out, "comenshaReportedOn");
    assert_true(wire_name_out("id", out, sizeof out));
    assert_string_equal(out, "id");
    assert_true(wire_name_in("nextCursor", back, sizeof back));
    assert_string_equal(back, "next_cursor");
    assert_true(wire_name_in("SCH-06", back, sizeof back));
    assert_string_equal(back, "SCH-06"); /* data keys stay as they are */
    assert_false(wire_name_out("a_very_long_name", out, 8));
    assert_string_equal(out, "");
    assert_true(wire_name_is_snake("birth_date"));
    assert_false(wire_name_is_snake("birthDate"));

    /* Bodies: keys at any depth; values untouched; snake_case refused. */
    json_t *body = json_pack("{s:s, s:[{s:s}], s:{s:i}}", "person_id", "x_y", "items",
                             "observed_on", "2024-01-01", "care_question", "life_events", 2);
    json_t *wire = wire_out(body);
    char *text = json_dumps(wire, JSON_COMPACT | JSON_SORT_KEYS);
    assert_string_equal(text, "{\"careQuestion\":{\"lifeEvents\":2},\"items\":[{\"observedOn\":"
                              "\"2024-01-01\"}],\"personId\":\"x_y\"}");
    free(text);
    json_t *problems = NULL;
    json_t *inner = wire_in(wire, &problems);
    assert_null(problems);
    assert_true(json_equal(inner, body));
    json_decref(inner);
    inner = wire_in(body, &problems);
    assert_null(inner);
    assert_int_equal(json_array_size(problems), 3);
    json_decref(problems);
    json_decref(wire);
    json_decref(body);
}

/* Every name in the route table maps to a lowerCamelCase wire name and
 * back to itself, so the translation can never lose a field. */
static void check_spec_names(const field_spec *list, const char *where)
{
    for (const field_spec *f = list; f && f->type != FT_END; f++) {
        char wire[128], back[128];
        if (!wire_name_out(f->name, wire, sizeof wire) || !wire_name_in(wire, back, sizeof back))
            fail_msg("%s: field %s has no wire name", where, f->name);
        /* A request's field must come back to itself; an answer's only
         * needs a wire name (the problem's invalidParams is one already). */
        if (strcmp(back, f->name) != 0 && !(f->flags & F_READONLY) && strcmp(where, "Problem") != 0)
            fail_msg("%s: field %s does not round-trip through its wire name", where, f->name);
        if (f->type == FT_OBJECT)
            check_spec_names(f->fields, where);
        else if (f->type == FT_ARRAY && f->fields && f->fields->type == FT_OBJECT)
            check_spec_names(f->fields->fields, where);
    }
}

static void test_wire_route_names(void **state)
{
    (void)state;
    HTTP_FOREACH_ROUTE(r)
    {
        check_spec_names(r->body, r->path);
        for (const query_param *q = r->query; q && q->name; q++) {
            char wire[80], back[80];
            assert_true(wire_name_out(q->name, wire, sizeof wire));
            assert_true(wire_name_in(wire, back, sizeof back));
            if (strcmp(back, q->name) != 0)
                fail_msg("%s: query %s does not round-trip", r->path, q->name);
        }
    }
    HTTP_FOREACH_SCHEMA(s)
    check_spec_names(s->fields, s->name);
}

/* ---- the NLGov REST API Design Rules 2.0 on the OpenAPI document ------- */

static bool lower_camel(const char *s)
{
    if (!s || !(*s >= 'a' && *s <= 'z'))
        return false;
    for (const char *p = s; *p; p++)
        if (!isalnum((unsigned char)*p))
            return false;
    return true;
}

/* Every property name of every schema below node is lowerCamelCase. */
static void check_property_names(json_t *node, const char *where)
{
    const char *key;
    json_t *v;
    size_t i;
    if (json_is_object(node)) {
        json_t *props = json_object_get(node, "properties");
        if (json_is_object(props)) {
            json_object_foreach(props, key, v)
            {
                if (!lower_camel(key))
                    fail_msg("%s: property %s is not lowerCamelCase", where, key);
            }
        }
        json_object_foreach(node, key, v) check_property_names(v, where);
    } else if (json_is_array(node)) {
        json_array_foreach(node, i, v) check_property_names(v, where);
    }
}

static void test_openapi_nlgov(void **state)
{
    (void)state;
    json_t *doc = openapi_document();
    /* /core/uri-version: the server URL carries the major version. */
    const char *url = json_string_value(
        json_object_get(json_array_get(json_object_get(doc, "servers"), 0), "url"));
    assert_non_null(url);
    assert_string_equal(url, "/api/v1");
    /* /core/semver and /core/doc-openapi-contact. */
    json_t *info = json_object_get(doc, "info");
    assert_true(json_is_object(json_object_get(info, "contact")));
    json_t *paths = json_object_get(doc, "paths");
    const char *path;
    json_t *item;
    size_t ops = 0;
    json_object_foreach(paths, path, item)
    {
        /* /core/path-segments-kebab-case and /core/no-trailing-slash. */
        size_t len = strlen(path);
        assert_true(len > 0 && path[0] == '/');
        if (len > 1 && path[len - 1] == '/')
            fail_msg("%s ends in a slash", path);
        for (const char *p = path; *p; p++) {
            if (*p == '{') {
                p += strcspn(p, "}");
                continue;
            }
            if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-' || *p == '/'
                  || *p == '.'))
                fail_msg("%s: path segments must be kebab-case", path);
        }
        const char *method;
        json_t *op;
        json_object_foreach(item, method, op)
        {
            if (strcmp(method, "servers") == 0)
                continue;
            ops++;
            /* /core/http-methods: standard methods only. */
            assert_true(strcmp(method, "get") == 0 || strcmp(method, "post") == 0
                        || strcmp(method, "put") == 0 || strcmp(method, "patch") == 0
                        || strcmp(method, "delete") == 0);
            assert_true(lower_camel(json_string_value(json_object_get(op, "operationId"))));
            json_t *responses = json_object_get(op, "responses");
            json_t *params = json_object_get(op, "parameters");
            bool input = json_array_size(params) > 0 || json_object_get(op, "requestBody");
            /* Every operation that takes input documents its 400. */
            if (input && !json_object_get(responses, "400"))
                fail_msg("%s %s takes input but documents no 400", method, path);
            size_t k;
            json_t *param;
            json_array_foreach(params, k, param)
            {
                const char *name = json_string_value(json_object_get(param, "name"));
                if (!lower_camel(name))
                    fail_msg("%s %s: parameter %s is not lowerCamelCase", method, path, name);
            }
            /* Errors are problem details (RFC 9457); success carries API-Version. */
            const char *code;
            json_t *resp;
            json_object_foreach(responses, code, resp)
            {
                json_t *content = json_object_get(resp, "content");
                if (code[0] == '4' || code[0] == '5' || strcmp(code, "default") == 0) {
                    if (!json_object_get(content, "application/problem+json"))
                        fail_msg("%s %s: %s is not application/problem+json", method, path, code);
                } else if (!json_object_get(json_object_get(resp, "headers"), "API-Version")) {
                    fail_msg("%s %s: %s lacks the API-Version header", method, path, code);
                }
            }
        }
    }
    assert_true(ops > 10);
    check_property_names(doc, "the document");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields_valid),     cmocka_unit_test(test_fields_refused),
        cmocka_unit_test(test_fields_schema),    cmocka_unit_test(test_reason_for_open_limit),
        cmocka_unit_test(test_router_match),     cmocka_unit_test(test_router_every_route),
        cmocka_unit_test(test_router_allowed),   cmocka_unit_test(test_openapi),
        cmocka_unit_test(test_forwarded_client), cmocka_unit_test(test_wire_names),
        cmocka_unit_test(test_wire_route_names), cmocka_unit_test(test_openapi_nlgov),
    };
    return cmocka_run_group_tests(tests, NULL, group_teardown);
}
