/*
 * matrix_fixture.c - the authorisation matrix's fixture: the database's
 * organisations and users (through the CLI), the callers, and the records
 * of fixture.json (through the API, with the API runner's step functions),
 * including the records made afresh for a call that uses one up.
 *
 * Organisations are keyed "TYPE_a", "TYPE_b" (dashes as underscores) and
 * "national_office"; their records are the runner's variables
 * "KEY.KIND" (README.md beside this file, "The fixture").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "base/mem.h"
#include "matrix.h"

/* --- set-up: organisations, users, callers ------------------------------ */

mx_org *mx_org_by_key(mx *m, const char *key)
{
    for (int i = 0; i < m->norgs; i++)
        if (strcmp(m->orgs[i].key, key) == 0)
            return &m->orgs[i];
    return NULL;
}

static void login_of(role ro, const char *key, char *out, size_t n)
{
    snprintf(out, n, "%s.%s", role_code(ro), key);
}

void mx_password_of(const char *login, char *out, size_t n)
{
    char copy[80];
    snprintf(copy, sizeof copy, "%s", login);
    snprintf(out, n, "matrix password of %.70s", copy);
}

/* Runs signaal with args; the first tab-separated field of its output
 * (an id) goes into variable var when var is not NULL. */
static bool cli(mx *m, const char *const *args, const char *in, const char *var)
{
    int status = 0;
    char *out = NULL, *err = NULL;
    buf msg;
    buf_init(&msg, RUNNER_MSG_MAX);
    bool ok = runner_cli(&m->r, args, in, &status, &out, &err, &msg) && WIFEXITED(status)
              && WEXITSTATUS(status) == 0;
    if (ok && var) {
        out[strcspn(out, "\t\n")] = '\0';
        mx_set_var_str(m, var, out);
    }
    if (!ok) {
        printf("# signaal %s %s: %s %s\n", args[0], args[1], msg.data ? msg.data : "",
               err ? err : "");
        mx_fail(m, "setup", "a CLI command failed");
    }
    sg_free(out);
    sg_free(err);
    buf_free(&msg);
    return ok;
}

static bool add_user(mx *m, json_t *users, const mx_org *o, role ro, const char *login)
{
    char password[96], var[128];
    char name[64];
    mx_password_of(login, password, sizeof password);
    snprintf(name, sizeof name, "Matrix %s %c", org_type_code(o->type),
             o->side ? o->side - 'a' + 'A' : 'N');
    const char *args[] = {"user",
                          "add",
                          "--db",
                          m->r.db,
                          "--org",
                          name,
                          "--role",
                          role_code(ro),
                          "--name",
                          login,
                          "--password-stdin",
                          NULL};
    snprintf(var, sizeof var, "%s.user.%s", o->key, login);
    json_array_append_new(users, json_pack("{s:s, s:s}", "login", login, "password", password));
    return cli(m, args, password, var);
}

bool mx_setup_db(mx *m)
{
    const char *init[] = {"init", "--db", m->r.db, NULL};
    json_t *users = json_array();
    json_object_set_new(m->r.scenario, "setup", json_pack("{s:o}", "users", users));
    if (!cli(m, init, NULL, NULL))
        return false;
    for (int t = 0; t < ORG_TYPE_COUNT; t++) {
        for (int s = 0; s < (t == ORG_NATIONAL_OFFICE ? 1 : 2); s++) {
            mx_org *o = &m->orgs[m->norgs++];
            char name[64], var[64];
            o->type = (org_type)t;
            o->side = t == ORG_NATIONAL_OFFICE ? 0 : (char)('a' + s);
            snprintf(o->key, sizeof o->key, "%s%s%s", org_type_code(o->type), o->side ? "_" : "",
                     o->side ? (s ? "b" : "a") : "");
            for (char *p = o->key; *p; p++)
                *p = *p == '-' ? '_' : *p;
            snprintf(name, sizeof name, "Matrix %s %c", org_type_code(o->type),
                     o->side ? o->side - 'a' + 'A' : 'N');
            snprintf(var, sizeof var, "%s.org", o->key);
            /* A municipality's organisation says which municipality it is
             * (never through its name): its "record" of kind municipality,
             * whose figures its analysts may read and others' may not. */
            const char *municipality =
                t == ORG_MUNICIPALITY ? (s ? "Amersfoort" : "Utrecht") : NULL;
            const char *args[] = {"org",
                                  "add",
                                  "--db",
                                  m->r.db,
                                  "--name",
                                  name,
                                  "--type",
                                  org_type_code(o->type),
                                  municipality ? "--municipality" : NULL,
                                  municipality,
                                  NULL};
            if (!cli(m, args, NULL, var))
                return false;
            if (municipality) {
                snprintf(var, sizeof var, "%s.municipality", o->key);
                mx_set_var_str(m, var, municipality);
            }
        }
    }
    for (int i = 0; i < m->norgs; i++) {
        mx_org *o = &m->orgs[i];
        char bsn[10], var[64];
        mx_make_bsn(i + 1, bsn);
        snprintf(var, sizeof var, "%s.bsn", o->key);
        mx_set_var_str(m, var, bsn);
        json_array_append_new(m->secrets, json_string(bsn));
        for (int ro = 0; ro < ROLE_COUNT; ro++) {
            char login[80];
            if (!role_fits_org((role)ro, o->type))
                continue;
            login_of((role)ro, o->key, login, sizeof login);
            if (!add_user(m, users, o, (role)ro, login))
                return false;
            if ((role)ro == role_casework_of(o->type)) {
                char uv[128];
                snprintf(uv, sizeof uv, "%s.user.%s", o->key, login);
                snprintf(var, sizeof var, "%s.user", o->key);
                mx_set_var_str(m, var, mx_var_str(m, uv));
            }
        }
    }
    /* Every organisation has an account that only the user routes act on
     * (an administrator's change ends its sessions): an auditor. */
    for (int i = 0; i < m->norgs; i++) {
        char login[80], uv[128], var[64];
        snprintf(login, sizeof login, "victim.%s", m->orgs[i].key);
        if (!add_user(m, users, &m->orgs[i], ROLE_AUDITOR, login))
            return false;
        snprintf(uv, sizeof uv, "%s.user.%s", m->orgs[i].key, login);
        snprintf(var, sizeof var, "%s.victim", m->orgs[i].key);
        mx_set_var_str(m, var, mx_var_str(m, uv));
    }
    /* Extra accounts: a second coordinator per school (a case's new owner),
     * the account whose session expires, and the one every caller logs in
     * as on POST /api/v1/session. */
    static const struct {
        const char *org;
        role ro;
        const char *login;
    } extra[] = {{"school_a", ROLE_CARE_COORDINATOR, "colleague.school_a"},
                 {"school_b", ROLE_CARE_COORDINATOR, "colleague.school_b"},
                 {"school_a", ROLE_CARE_COORDINATOR, "expired.school_a"},
                 {"school_a", ROLE_MENTOR, "probe.school_a"}};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (!add_user(m, users, mx_org_by_key(m, extra[i].org), extra[i].ro, extra[i].login))
            return false;
    return true;
}

/* The callers: every role at every A-side organisation and the national office. */
void mx_make_callers(mx *m)
{
    for (int i = 0; i < m->norgs; i++) {
        mx_org *o = &m->orgs[i];
        if (o->side == 'b')
            continue;
        for (int ro = 0; ro < ROLE_COUNT && m->ncallers < MX_MAX_CALLERS; ro++) {
            if (!role_fits_org((role)ro, o->type))
                continue;
            mx_caller *c = &m->callers[m->ncallers++];
            memset(c, 0, sizeof *c);
            c->role = (role)ro;
            c->type = o->type;
            snprintf(c->label, sizeof c->label, "%s/%s", org_type_code(o->type),
                     role_code(c->role));
            snprintf(c->org_key, sizeof c->org_key, "%s", o->key);
            if (o->side)
                snprintf(c->twin_key, sizeof c->twin_key, "%.*s_b", (int)strlen(o->key) - 2,
                         o->key);
            login_of(c->role, o->key, c->login, sizeof c->login);
            mx_password_of(c->login, c->password, sizeof c->password);
        }
    }
}

/* --- the fixture ------------------------------------------------------- */

/* Replaces %o (organisation key), %s (side), %w (the login of its casework
 * role) in the text of steps; a new value. */
static json_t *expand(json_t *steps, const mx_org *o)
{
    char *text = json_dumps(steps, JSON_COMPACT | JSON_ENCODE_ANY);
    buf out;
    char work[80];
    login_of(role_casework_of(o->type), o->key, work, sizeof work);
    buf_init(&out, RUNNER_BODY_MAX);
    bool ok = text != NULL;
    for (const char *p = text; ok && *p; p++) {
        if (p[0] == '%' && p[1] == 'o') {
            ok = buf_append_str(&out, o->key) == SG_OK;
            p++;
        } else if (p[0] == '%' && p[1] == 's') {
            char side[2] = {o->side ? o->side : 'a', 0};
            ok = buf_append_str(&out, side) == SG_OK;
            p++;
        } else if (p[0] == '%' && p[1] == 'w') {
            ok = buf_append_str(&out, work) == SG_OK;
            p++;
        } else {
            ok = buf_append(&out, p, 1) == SG_OK;
        }
    }
    json_t *doc = ok && buf_append(&out, "", 0) == SG_OK ? json_loads(out.data, 0, NULL) : NULL;
    free(text);
    buf_free(&out);
    return doc;
}

/* Runs steps (already expanded) with the API runner's step functions. */
static bool run_steps(mx *m, json_t *steps, const char *what)
{
    size_t i;
    json_t *step;
    bool ok = true;
    json_array_foreach(steps, i, step)
    {
        buf msg;
        buf_init(&msg, RUNNER_MSG_MAX);
        json_t *set = json_object_get(step, "set");
        const char *name;
        json_t *v;
        mx_next_seq(m);
        json_object_foreach(set, name, v)
        {
            json_t *value = runner_subst_json(&m->r, v, &msg);
            if (value)
                runner_var_set(&m->r, name, value);
            json_decref(value);
        }
        if (json_object_get(step, "login"))
            runner_step_login(&m->r, step, &msg);
        else if (json_object_get(step, "request"))
            runner_step_request(&m->r, step, &msg);
        else if (json_object_get(step, "cli"))
            runner_step_cli(&m->r, step, &msg);
        if (msg.len > 0) {
            char where[160];
            snprintf(where, sizeof where, "fixture %s, step %zu", what, i + 1);
            mx_fail(m, where, msg.data);
            ok = false;
        }
        buf_free(&msg);
    }
    return ok;
}

bool mx_build_fixture(mx *m)
{
    size_t i;
    json_t *block;
    bool ok = true;
    json_array_foreach(json_object_get(m->fixture, "steps"), i, block)
    {
        org_type t;
        if (org_type_parse(json_string_value(json_object_get(block, "for")), &t) != SG_OK) {
            mx_fail(m, "fixture", "a block's \"for\" is not an organisation type");
            return false;
        }
        for (int k = 0; k < m->norgs; k++) {
            if (m->orgs[k].type != t)
                continue;
            json_t *steps = expand(json_object_get(block, "do"), &m->orgs[k]);
            ok = steps && run_steps(m, steps, m->orgs[k].key) && ok;
            json_decref(steps);
        }
    }
    return ok;
}

/* Makes a fresh record of kind for org when the last one was used up:
 * false when the organisation's type has no recipe for it. */
bool mx_ensure_fresh(mx *m, const mx_org *o, const char *kind)
{
    char name[128];
    snprintf(name, sizeof name, "%s.%s", o->key, kind);
    if (json_object_get(m->r.vars, name) && !json_is_true(json_object_get(m->stale, name)))
        return true;
    json_t *recipes = json_object_get(json_object_get(m->fixture, "fresh"), kind);
    json_t *recipe = json_object_get(recipes, org_type_code(o->type));
    if (!recipe)
        return false;
    json_t *steps = expand(recipe, o);
    bool ok = steps && run_steps(m, steps, name);
    json_decref(steps);
    json_object_del(m->stale, name);
    return ok && json_object_get(m->r.vars, name);
}
