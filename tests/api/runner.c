/*
 * runner.c - the API test runner: runs one scenario of tests/api/ against
 * the real signaal binary.
 *
 *   api_runner --binary build/signaal --scenario tests/api/health.json
 *              --workdir build/api-work/health [--keep]
 *
 * The scenario is checked completely before anything runs, so a typing
 * error in a key is reported as such and not as a failing server.  Then a
 * fresh work directory gets a database made through the CLI (init, the
 * setup organisations and users), the server starts on an ephemeral port,
 * the steps run in order, and the server is stopped with SIGTERM and must
 * exit with status 0 (under AddressSanitizer a leak makes it non-zero).
 * Each check prints one line, "ok ..." or "not ok ...: why", and the last
 * line counts them.  Exit status: 0 all passed, 1 something failed, 2 the
 * command line or the scenario is wrong.  tests/api/README.md describes the
 * scenario format.
 */
#include <curl/curl.h>
#include <errno.h>
#include <liboath/oath.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/mem.h"
#include "runner.h"

/* --- scenario validation ----------------------------------------------- */

#define T_OBJ (1u << JSON_OBJECT)
#define T_ARR (1u << JSON_ARRAY)
#define T_STR (1u << JSON_STRING)
#define T_INT (1u << JSON_INTEGER)
#define T_BOOL (1u << JSON_TRUE | 1u << JSON_FALSE)
#define T_TRUE (1u << JSON_TRUE)
#define T_ANY 0xffu

/* A key an object may have, its JSON types, and for step keys the actions
 * it may go with ("*": any step; a key naming itself is an action). */
typedef struct field {
    const char *name;
    unsigned types;
    const char *with;
} field;

static const field top_fields[] = {{"description", T_STR, NULL},  {"setup", T_OBJ, NULL},
                                   {"serve_args", T_ARR, NULL},   {"steps", T_ARR, NULL},
                                   {"expect_every", T_OBJ, NULL}, {NULL, 0, NULL}};
static const field setup_fields[] = {
    {"orgs", T_ARR, NULL}, {"users", T_ARR, NULL}, {NULL, 0, NULL}};
static const field org_fields[] = {{"name", T_STR, NULL},
                                   {"type", T_STR, NULL},
                                   {"require_mfa", T_BOOL, NULL},
                                   {"municipality", T_STR, NULL},
                                   {NULL, 0, NULL}};
static const field user_fields[] = {{"login", T_STR, NULL},
                                    {"org", T_STR, NULL},
                                    {"role", T_STR, NULL},
                                    {"password", T_STR, NULL},
                                    {NULL, 0, NULL}};
static const field request_fields[] = {
    {"method", T_STR, NULL},  {"path", T_STR, NULL},       {"json", T_ANY, NULL},
    {"body", T_STR, NULL},    {"body_bytes", T_STR, NULL}, {"content_type", T_STR, NULL},
    {"headers", T_OBJ, NULL}, {"bearer", T_STR, NULL},     {NULL, 0, NULL}};
static const field expect_fields[] = {{"status", T_INT | T_ARR, NULL},
                                      {"headers", T_OBJ, NULL},
                                      {"json", T_ANY, NULL},
                                      {"absent", T_ARR, NULL},
                                      {"body_contains", T_STR | T_ARR, NULL},
                                      {"body_not_contains", T_STR | T_ARR, NULL},
                                      {NULL, 0, NULL}};
static const field step_fields[] = {{"title", T_STR, "*"},
                                    {"set", T_OBJ, "*"},
                                    {"login", T_STR, "login"},
                                    {"request", T_OBJ, "request"},
                                    {"cli", T_ARR, "cli"},
                                    {"sql", T_STR, "sql"},
                                    {"db_contains", T_STR | T_ARR, "db_contains"},
                                    {"db_not_contains", T_STR | T_ARR, "db_not_contains"},
                                    {"log_contains", T_STR | T_ARR, "log_contains"},
                                    {"log_not_contains", T_STR | T_ARR, "log_not_contains"},
                                    {"raw", T_STR, "raw"},
                                    {"raw_expect", T_OBJ, "raw"},
                                    {"sleep_ms", T_INT, "sleep_ms"},
                                    {"restart", T_TRUE, "restart"},
                                    {"stop", T_TRUE, "stop"},
                                    {"start", T_TRUE, "start"},
                                    {"session", T_STR, "login request"},
                                    {"expect", T_OBJ, "login request"},
                                    {"save", T_OBJ, "login request cli"},
                                    {"password", T_STR, "login"},
                                    {"otp", T_STR, "login"},
                                    {"otp_secret", T_STR, "login"},
                                    {"expect_each", T_OBJ, "request"},
                                    {"repeat", T_INT, "request"},
                                    {"csrf", T_BOOL, "request"},
                                    {"stdin", T_STR, "cli"},
                                    {"expect_exit", T_INT, "cli"},
                                    {"stdout_contains", T_STR | T_ARR, "cli"},
                                    {"stdout_not_contains", T_STR | T_ARR, "cli"},
                                    {"stderr_contains", T_STR | T_ARR, "cli"},
                                    {"stderr_not_contains", T_STR | T_ARR, "cli"},
                                    {"stdout_json", T_ANY, "cli"},
                                    {"rows", T_ARR, "sql"},
                                    {NULL, 0, NULL}};

static const field *find_field(const field *fields, const char *name)
{
    for (; fields->name; fields++)
        if (strcmp(fields->name, name) == 0)
            return fields;
    return NULL;
}

/* Checks that obj has only known keys of the right types. */
static void check_fields(json_t *obj, const field *fields, const char *where, buf *msg)
{
    const char *key;
    json_t *value;
    if (!json_is_object(obj)) {
        runner_note(msg, "%s: must be an object", where);
        return;
    }
    json_object_foreach(obj, key, value)
    {
        const field *f = find_field(fields, key);
        if (!f)
            runner_note(msg, "%s: unknown key \"%s\"", where, key);
        else if (!((f->types >> json_typeof(value)) & 1))
            runner_note(msg, "%s.%s: wrong type", where, key);
    }
}

/* Checks that v, when it is an array or an object, holds only strings, or
 * (for header expectations, when headers is true) also null or arrays of
 * strings; what names v in messages. */
static void check_strings(json_t *v, const char *where, const char *what, bool headers, buf *msg)
{
    size_t i, k;
    const char *key;
    json_t *item, *s;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            if (!json_is_string(item))
                runner_note(msg, "%s: %s.%zu must be a string", where, what, i);
        }
    } else if (json_is_object(v)) {
        json_object_foreach(v, key, item)
        {
            bool ok = json_is_string(item) || (headers && json_is_null(item));
            if (headers && json_is_array(item)) {
                ok = json_array_size(item) > 0;
                json_array_foreach(item, k, s)
                {
                    ok = ok && json_is_string(s);
                }
            }
            if (!ok)
                runner_note(msg, "%s: %s.%s must be a string%s", where, what, key,
                            headers ? ", an array of strings or null" : "");
        }
    }
}

/* The action a step performs, or NULL when it names none or several. */
static const char *step_action(json_t *step, buf *msg, const char *where)
{
    const char *action = NULL;
    for (const field *f = step_fields; f->name; f++) {
        if (strcmp(f->name, f->with) != 0 || !json_object_get(step, f->name))
            continue;
        if (action)
            runner_note(msg, "%s: both \"%s\" and \"%s\"; one action per step", where, action,
                        f->name);
        action = f->name;
    }
    if (!action && !json_object_get(step, "set"))
        runner_note(msg, "%s: no action (request, login, cli, sql, ...)", where);
    return action;
}

static void check_step(json_t *step, const char *where, buf *msg)
{
    const char *key;
    json_t *value;
    check_fields(step, step_fields, where, msg);
    if (!json_is_object(step))
        return;
    const char *action = step_action(step, msg, where);
    json_object_foreach(step, key, value)
    {
        const field *f = find_field(step_fields, key);
        if (f && action && strcmp(f->with, "*") != 0 && strcmp(f->name, action) != 0) {
            size_t n = strlen(action);
            const char *at = strstr(f->with, action);
            if (!at || (at[n] != ' ' && at[n] != '\0'))
                runner_note(msg, "%s: \"%s\" does not go with \"%s\"", where, key, action);
        }
    }
    json_t *req = json_object_get(step, "request");
    json_t *expect = json_object_get(step, "expect");
    char sub[128];
    if (req) {
        snprintf(sub, sizeof sub, "%s, request", where);
        check_fields(req, request_fields, sub, msg);
        check_strings(json_object_get(req, "headers"), where, "request.headers", false, msg);
        if (!json_is_string(json_object_get(req, "path")))
            runner_note(msg, "%s: request.path is required", where);
        if (!!json_object_get(req, "json") + !!json_object_get(req, "body")
                + !!json_object_get(req, "body_bytes")
            > 1)
            runner_note(msg, "%s: request has more than one of json, body and body_bytes", where);
        if (!json_is_integer(json_object_get(expect, "status"))
            && !json_is_array(json_object_get(expect, "status")))
            runner_note(msg, "%s: a request step needs expect.status", where);
    }
    if (json_is_integer(json_object_get(step, "repeat"))
        && json_integer_value(json_object_get(step, "repeat")) < 1)
        runner_note(msg, "%s: repeat must be at least 1", where);
    json_t *sleep = json_object_get(step, "sleep_ms");
    if (json_is_integer(sleep)
        && (json_integer_value(sleep) < 0 || json_integer_value(sleep) > 120000))
        runner_note(msg, "%s: sleep_ms must be 0..120000", where);
    snprintf(sub, sizeof sub, "%s, expect", where);
    if (expect)
        check_fields(expect, expect_fields, sub, msg);
    snprintf(sub, sizeof sub, "%s, expect_each", where);
    if (json_object_get(step, "expect_each")) {
        check_fields(json_object_get(step, "expect_each"), expect_fields, sub, msg);
        check_strings(json_object_get(json_object_get(step, "expect_each"), "headers"), where,
                      "expect_each.headers", true, msg);
    }
    check_strings(json_object_get(expect, "headers"), where, "expect.headers", true, msg);
    check_strings(json_object_get(expect, "absent"), where, "expect.absent", false, msg);
    check_strings(json_object_get(expect, "body_contains"), where, "expect.body_contains", false,
                  msg);
    check_strings(json_object_get(expect, "body_not_contains"), where, "expect.body_not_contains",
                  false, msg);
    check_strings(json_object_get(step, "save"), where, "save", false, msg);
    for (const field *f = step_fields; f->name; f++)
        if (f->types == (T_STR | T_ARR) || strcmp(f->name, "cli") == 0)
            check_strings(json_object_get(step, f->name), where, f->name, false, msg);
}

static void check_scenario(json_t *sc, buf *msg)
{
    char where[64];
    size_t i;
    json_t *item;
    json_t *setup = json_object_get(sc, "setup");
    check_fields(sc, top_fields, "scenario", msg);
    if (!json_is_array(json_object_get(sc, "steps")))
        runner_note(msg, "scenario: \"steps\" (an array) is required");
    check_strings(json_object_get(sc, "serve_args"), "scenario", "serve_args", false, msg);
    if (setup)
        check_fields(setup, setup_fields, "setup", msg);
    if (json_object_get(sc, "expect_every")) {
        check_fields(json_object_get(sc, "expect_every"), expect_fields, "expect_every", msg);
        check_strings(json_object_get(json_object_get(sc, "expect_every"), "headers"),
                      "expect_every", "headers", true, msg);
    }
    json_array_foreach(json_object_get(setup, "orgs"), i, item)
    {
        snprintf(where, sizeof where, "setup.orgs.%zu", i);
        check_fields(item, org_fields, where, msg);
        if (!json_object_get(item, "name") || !json_object_get(item, "type"))
            runner_note(msg, "%s: name and type are required", where);
    }
    json_array_foreach(json_object_get(setup, "users"), i, item)
    {
        snprintf(where, sizeof where, "setup.users.%zu", i);
        check_fields(item, user_fields, where, msg);
        if (json_object_size(item) != 4)
            runner_note(msg, "%s: login, org, role and password are required", where);
    }
    json_array_foreach(json_object_get(sc, "steps"), i, item)
    {
        snprintf(where, sizeof where, "steps.%zu (step %zu)", i, i + 1);
        check_step(item, where, msg);
    }
}

/* --- running ----------------------------------------------------------- */

typedef struct tally {
    int passed;
    int failed;
} tally;

static void report(tally *t, const char *label, const char *title, buf *msg)
{
    if (msg->len == 0) {
        t->passed++;
        printf("ok %s - %s\n", label, title);
    } else {
        t->failed++;
        printf("not ok %s - %s: %s\n", label, title, msg->data);
    }
    fflush(stdout);
}

/* Runs signaal with args and checks that it exits with status 0. */
static void setup_command(runner *r, const char *const *args, const char *in, buf *msg)
{
    int status = 0;
    char *out = NULL, *err = NULL;
    if (!runner_cli(r, args, in, &status, &out, &err, msg))
        return;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char text[64];
        const char *name = NULL;
        for (size_t i = 1; args[i]; i++)
            if (strcmp(args[i - 1], "--name") == 0)
                name = args[i];
        runner_status_text(status, text);
        const char *verb = args[1] && args[1][0] != '-' ? args[1] : NULL;
        runner_note(msg, "signaal %s%s%s%s%s: %s; stderr: ", args[0], verb ? " " : "",
                    verb ? verb : "", name ? " " : "", name ? name : "", text);
        runner_note_snippet(msg, err, strlen(err), 400);
    }
    sg_free(out);
    sg_free(err);
}

static void run_setup(runner *r, buf *msg)
{
    size_t i;
    json_t *o, *u;
    json_t *setup = json_object_get(r->scenario, "setup");
    const char *init[] = {"init", "--db", r->db, NULL};
    setup_command(r, init, NULL, msg);
    json_array_foreach(json_object_get(setup, "orgs"), i, o)
    {
        const char *args[12] = {"org",    "add",
                                "--db",   r->db,
                                "--name", json_string_value(json_object_get(o, "name")),
                                "--type", json_string_value(json_object_get(o, "type")),
                                NULL};
        int n = 8;
        if (json_is_true(json_object_get(o, "require_mfa")))
            args[n++] = "--require-mfa";
        if (json_is_string(json_object_get(o, "municipality"))) {
            args[n++] = "--municipality";
            args[n++] = json_string_value(json_object_get(o, "municipality"));
        }
        if (msg->len == 0)
            setup_command(r, args, NULL, msg);
    }
    json_array_foreach(json_object_get(setup, "users"), i, u)
    {
        const char *args[] = {"user",
                              "add",
                              "--db",
                              r->db,
                              "--org",
                              json_string_value(json_object_get(u, "org")),
                              "--role",
                              json_string_value(json_object_get(u, "role")),
                              "--name",
                              json_string_value(json_object_get(u, "login")),
                              "--password-stdin",
                              NULL};
        /* No newline after the password: a reader that strips one and a
         * reader that takes all of stdin both get the same password. */
        if (msg->len == 0)
            setup_command(r, args, json_string_value(json_object_get(u, "password")), msg);
    }
}

/* A title for a step that has none. */
static void default_title(json_t *step, const char *action, char *out, size_t n)
{
    json_t *req = json_object_get(step, "request");
    json_t *v = action ? json_object_get(step, action) : NULL;
    if (req) {
        const char *m = json_string_value(json_object_get(req, "method"));
        snprintf(out, n, "%s %s", m ? m : "GET", json_string_value(json_object_get(req, "path")));
    } else if (json_is_string(v)) {
        snprintf(out, n, "%s %s", action, json_string_value(v));
    } else if (json_is_array(v) && strcmp(action, "cli") == 0) {
        size_t i, len = (size_t)snprintf(out, n, "signaal");
        json_t *arg;
        json_array_foreach(v, i, arg)
        {
            if (len < n)
                len += (size_t)snprintf(out + len, n - len, " %s", json_string_value(arg));
        }
    } else {
        snprintf(out, n, "%s", action ? action : "set");
    }
}

static void run_step(runner *r, json_t *step, const char *action, bool *want_server, buf *msg)
{
    const char *name;
    json_t *value;
    json_object_foreach(json_object_get(step, "set"), name, value)
    {
        json_t *v = runner_subst_json(r, value, msg);
        if (v)
            runner_var_set(r, name, v);
        json_decref(v);
    }
    if (msg->len > 0 || !action)
        return;
    json_t *arg = json_object_get(step, action);
    if (strcmp(action, "request") == 0 || strcmp(action, "login") == 0) {
        if (r->server_pid <= 0)
            runner_note(msg, "the server is not running (an earlier step stopped it)");
        else if (strcmp(action, "request") == 0)
            runner_step_request(r, step, msg);
        else
            runner_step_login(r, step, msg);
    } else if (strcmp(action, "cli") == 0) {
        runner_step_cli(r, step, msg);
    } else if (strcmp(action, "sql") == 0) {
        runner_step_sql(r, step, msg);
    } else if (strncmp(action, "db_", 3) == 0) {
        runner_step_scan_db(r, arg, strcmp(action, "db_contains") == 0, msg);
    } else if (strncmp(action, "log_", 4) == 0) {
        runner_step_scan_log(r, arg, strcmp(action, "log_contains") == 0, msg);
    } else if (strcmp(action, "raw") == 0) {
        if (r->server_pid <= 0)
            runner_note(msg, "the server is not running (an earlier step stopped it)");
        else
            runner_step_raw(r, step, msg);
    } else if (strcmp(action, "sleep_ms") == 0) {
        runner_sleep_ms((long)json_integer_value(arg));
    } else if (strcmp(action, "stop") == 0 || strcmp(action, "restart") == 0) {
        *want_server = false;
        if (r->server_pid <= 0)
            runner_note(msg, "the server is not running");
        else if (runner_server_stop(r, msg) && strcmp(action, "restart") == 0)
            action = "start";
    }
    if (strcmp(action, "start") == 0) {
        *want_server = true;
        if (r->server_pid > 0)
            runner_note(msg, "the server is running already");
        else
            runner_server_start(r, msg);
    }
}

/* Runs the scenario; returns true when every check passed. */
static bool run(runner *r)
{
    tally t = {0, 0};
    buf msg;
    char title[256];
    bool want_server = true;
    json_t *steps = json_object_get(r->scenario, "steps");
    size_t i = 0;
    buf_init(&msg, RUNNER_MSG_MAX);
    size_t orgs = json_array_size(json_object_get(json_object_get(r->scenario, "setup"), "orgs"));
    size_t users = json_array_size(json_object_get(json_object_get(r->scenario, "setup"), "users"));
    run_setup(r, &msg);
    snprintf(title, sizeof title, "database with %zu organisation%s and %zu user%s", orgs,
             orgs == 1 ? "" : "s", users, users == 1 ? "" : "s");
    report(&t, "setup", title, &msg);
    if (msg.len == 0) {
        runner_server_start(r, &msg);
        snprintf(title, sizeof title, "server listening on 127.0.0.1:%d", r->port);
        report(&t, "start", msg.len ? "server start" : title, &msg);
    }
    for (i = 0; msg.len == 0 && i < json_array_size(steps); i++) {
        json_t *step = json_array_get(steps, i);
        const char *action = step_action(step, &msg, "");
        char label[24];
        json_t *given = json_object_get(step, "title");
        if (given)
            snprintf(title, sizeof title, "%s", json_string_value(given));
        else
            default_title(step, action, title, sizeof title);
        snprintf(label, sizeof label, "%zu", i + 1);
        run_step(r, step, action, &want_server, &msg);
        /* A server that died ends the scenario: later steps would only
         * report the same thing again.  After a failure, give a dying
         * server a moment, so that its death is told at the right step. */
        bool fatal = want_server && !runner_server_alive(r, msg.len ? 1000 : 0, &msg);
        report(&t, label, title, &msg);
        if (fatal) {
            i++;
            break;
        }
        buf_reset(&msg);
    }
    if (i < json_array_size(steps)) {
        if (i + 1 == json_array_size(steps))
            printf("# step %zu not run\n", i + 1);
        else
            printf("# steps %zu to %zu not run\n", i + 1, json_array_size(steps));
        t.failed += (int)(json_array_size(steps) - i);
    }
    buf_reset(&msg);
    if (r->server_pid > 0) {
        runner_server_stop(r, &msg);
        report(&t, "stop", msg.len ? "server stop" : "server exited with status 0 on SIGTERM",
               &msg);
    }
    buf_free(&msg);
    if (t.failed > 0)
        runner_print_log_tail(r);
    printf("%s: %d passed, %d failed\n", r->name, t.passed, t.failed);
    return t.failed == 0;
}

/* Sets the built-in variables: ${db}, ${workdir}, ${today}, ${year}. */
static void builtin_vars(runner *r)
{
    date today;
    char text[DATE_LEN], year[5];
    date_today(&today);
    date_format(&today, text);
    snprintf(year, sizeof year, "%.4s", text);
    json_t *values = json_pack("{s:s, s:s, s:s, s:s}", "db", r->db, "workdir", r->workdir, "today",
                               text, "year", year);
    if (values && json_object_update(r->vars, values) != 0)
        fprintf(stderr, "api_runner: cannot set the built-in variables\n");
    json_decref(values);
}

extern char **environ;

/* Runs every command with cheap password hashing and without any other
 * SIGNAAL_* setting of the caller's environment, so that a developer's
 * shell cannot change what a scenario sees. */
static void clean_environment(void)
{
    for (;;) {
        char name[128];
        const char *found = NULL;
        for (char **e = environ; *e && !found; e++)
            if (strncmp(*e, "SIGNAAL_", 8) == 0 && strchr(*e, '=')
                && strcmp(*e, "SIGNAAL_PASSWORD_COST=minimal") != 0)
                found = *e;
        if (!found)
            break;
        size_t len = (size_t)(strchr(found, '=') - found);
        if (len >= sizeof name)
            break;
        snprintf(name, sizeof name, "%.*s", (int)len, found);
        if (unsetenv(name) != 0)
            break;
    }
    setenv("SIGNAAL_PASSWORD_COST", "minimal", 1);
}

static int usage(FILE *to, int status)
{
    fprintf(to, "usage: api_runner --binary PATH --scenario FILE.json --workdir DIR [--keep]\n"
                "                  [--db-url postgres://USER@HOST:PORT/MAINTENANCE_DB]\n"
                "Runs one API scenario (see tests/api/README.md) against a fresh server.\n"
                "  --keep     leave the work directory (database, server.log) after success\n"
                "  --db-url   run on a fresh PostgreSQL database of that cluster\n");
    return status;
}

int main(int argc, char **argv)
{
    runner r;
    const char *workdir = NULL;
    json_error_t jerr;
    buf msg;
    int status = 2;
    memset(&r, 0, sizeof r);
    for (int i = 1; i < argc; i++) {
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--help") == 0)
            return usage(stdout, 0);
        if (strcmp(argv[i], "--keep") == 0) {
            r.keep = true;
            continue;
        }
        if (!next)
            return usage(stderr, 2);
        if (strcmp(argv[i], "--binary") == 0)
            r.binary = next;
        else if (strcmp(argv[i], "--scenario") == 0)
            r.scenario_path = next;
        else if (strcmp(argv[i], "--workdir") == 0)
            workdir = next;
        else if (strcmp(argv[i], "--db-url") == 0)
            r.pg_admin_url = next;
        else
            return usage(stderr, 2);
        i++;
    }
    if (!r.binary || !r.scenario_path || !workdir)
        return usage(stderr, 2);
    if (access(r.binary, X_OK) != 0) {
        fprintf(stderr, "api_runner: %s is not an executable: %s\n", r.binary, strerror(errno));
        return 2;
    }

    const char *base = strrchr(r.scenario_path, '/');
    base = base ? base + 1 : r.scenario_path;
    size_t base_len = strlen(base);
    if (base_len > 5 && strcmp(base + base_len - 5, ".json") == 0)
        base_len -= 5;
    r.name = sg_malloc(base_len + 5);
    if (r.name)
        snprintf(r.name, base_len + 5, "api/%.*s", (int)base_len, base);
    buf_init(&msg, RUNNER_MSG_MAX);
    r.scenario = json_load_file(r.scenario_path, JSON_REJECT_DUPLICATES, &jerr);
    if (!r.scenario) {
        fprintf(stderr, "%s:%d:%d: %s\n", r.scenario_path, jerr.line, jerr.column, jerr.text);
        goto out;
    }
    check_scenario(r.scenario, &msg);
    if (msg.len > 0) {
        fprintf(stderr, "%s: scenario error: %s\n", r.scenario_path, msg.data);
        goto out;
    }

    /* A server closing a connection must not kill the runner. */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, NULL);
    clean_environment();
    r.vars = json_object();
    r.totp_steps = json_object();
    if (!r.name || !r.vars || !r.totp_steps || curl_global_init(CURL_GLOBAL_DEFAULT) != 0
        || oath_init() != OATH_OK) {
        fprintf(stderr, "api_runner: cannot initialise\n");
        goto out;
    }
    printf("# %s: %s\n", r.name,
           json_string_value(json_object_get(r.scenario, "description"))
               ? json_string_value(json_object_get(r.scenario, "description"))
               : "(no description)");
    status = 1;
    if (!runner_workdir_prepare(&r, workdir, &msg)) {
        printf("not ok setup - work directory: %s\n%s: 0 passed, 1 failed\n", msg.data, r.name);
        goto done;
    }
    r.db = r.db_path;
    if (r.pg_admin_url) {
        if (!runner_pg_create(&r, &msg)) {
            printf("not ok setup - PostgreSQL database: %s\n%s: 0 passed, 1 failed\n", msg.data,
                   r.name);
            goto done;
        }
        r.db = r.db_url;
    }
    builtin_vars(&r);
    if (run(&r))
        status = 0;
    if (status == 0 && !r.keep) {
        runner_workdir_remove(&r);
        runner_pg_drop(&r);
    } else {
        printf("# work directory kept: %s\n", r.workdir);
        if (r.pg_dbname)
            printf("# database kept: %s\n", r.db_url);
    }
done:
    runner_sessions_free(&r);
    oath_done();
    curl_global_cleanup();
out:
    fflush(stdout);
    buf_free(&msg);
    json_decref(r.scenario);
    json_decref(r.vars);
    json_decref(r.totp_steps);
    sg_free(r.name);
    sg_free(r.workdir);
    sg_free(r.db_path);
    sg_free(r.pg_dbname);
    sg_free(r.db_url);
    sg_free(r.key_path);
    sg_free(r.log_path);
    return status;
}
