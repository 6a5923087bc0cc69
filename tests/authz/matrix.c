/*
 * matrix.c - the authorisation matrix: every route of the route table as
 * every caller, on the caller's own organisation's record, on one of
 * another organisation of the same type and on one of another type, and
 * without a session, with an expired one and without the CSRF token; each
 * status compared with tests/authz/matrix.tsv (README.md beside this file).
 *
 * The fixture (fixture.json) is built on a fresh database through the CLI
 * (organisations and users) and the API (records, with the API runner's
 * step functions); requests.json says how each route is called.  A route
 * of the table without a row, or a row without a route, fails the run.
 * Every denial (401, 403, 404) must be problem+json without any personal
 * data marker or record id of the fixture that the request did not name,
 * and no answer to a caller of the A side may hold a B side marker.
 * This file owns the run; it never changes signaal's database but through
 * the CLI, the API and the one SQL statement that ages a session.
 */
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
#include "matrix.h"

enum col { COL_OWN, COL_SAME, COL_OTHER };
static const char *const col_names[] = {"own", "same", "other"};
static const char *const session_cols[] = {"no-session", "expired", "no-csrf"};

void mx_fail(mx *m, const char *what, const char *detail)
{
    m->failed++;
    printf("not ok - %s: %s\n", what, detail);
}

const char *mx_var_str(mx *m, const char *name)
{
    return json_string_value(json_object_get(m->r.vars, name));
}

void mx_set_var_str(mx *m, const char *name, const char *value)
{
    json_t *v = json_string(value);
    runner_var_set(&m->r, name, v);
    json_decref(v);
}

/* A valid BSN (eleven test) derived from n, as text. */
void mx_make_bsn(int n, char out[10])
{
    for (long prefix = 20000000L + (long)n * 37L;; prefix++) {
        long v = prefix % 100000000L;
        int sum = 0;
        for (int i = 7; i >= 0; i--, v /= 10) {
            out[i] = (char)('0' + v % 10);
            sum += (9 - i) * (int)(v % 10);
        }
        int last = sum % 11;
        if (last == 10)
            continue;
        out[8] = (char)('0' + last);
        out[9] = '\0';
        return;
    }
}

/* Sets ${seq} and ${bsn} afresh. */
void mx_next_seq(mx *m)
{
    char bsn[10];
    json_t *seq = json_integer(++m->seq);
    runner_var_set(&m->r, "seq", seq);
    json_decref(seq);
    mx_make_bsn(1000 + m->seq, bsn);
    mx_set_var_str(m, "bsn", bsn);
    json_array_append_new(m->secrets, json_string(bsn));
}

/* --- cells ------------------------------------------------------------- */

typedef struct mx_route_req {
    const route *rt;
    char key[160];
    json_t *spec;       /* its entry in requests.json (borrowed) */
    const char *target; /* the kind of record the columns differ by, or NULL */
    const char *fresh;  /* the kind used up by a successful call, or NULL */
    bool relogin;       /* a success ends the caller's session */
    bool adopt;         /* a success renews the caller's session */
} mx_route_req;

/* The password a caller changes to on POST /api/v1/session/password. */
static void renewed_password(const mx_caller *c, char *out, size_t n)
{
    char copy[sizeof c->password];
    snprintf(copy, sizeof copy, "%s", c ? c->password : "nobody password");
    snprintf(out, n, "%.60s, renewed", copy);
}

/* Replaces ${col.K} by the record of kind K of organisation org (for the
 * caller's own organisation, the one its role made, when there is one),
 * ${caller.login}, ${caller.password} and ${caller.new_password}; then the
 * runner's ${...}.  NULL
 * when org has no such record (the cell does not apply). */
static char *resolve(mx *m, const char *in, const char *org, const mx_caller *c, bool own,
                     bool dummy, buf *msg)
{
    buf out;
    buf_init(&out, RUNNER_BODY_MAX);
    bool ok = true, missing = false;
    for (const char *p = in; ok && *p;) {
        if (strncmp(p, "${col.", 6) == 0 || strncmp(p, "${caller.", 9) == 0) {
            const char *end = strchr(p, '}');
            bool col = p[2] == 'c' && p[3] == 'o';
            const char *name = p + (col ? 6 : 9);
            int len = end ? (int)(end - name) : 0;
            char var[160];
            const char *value = NULL;
            if (!end)
                break;
            char renewed[sizeof c->password];
            if (!col) {
                renewed_password(c, renewed, sizeof renewed);
                value = strncmp(name, "login", 5) == 0 ? (c ? c->login : "nobody")
                        : strncmp(name, "new_password", 12) == 0
                            ? renewed
                            : (c ? c->password : "nobody password");
            } else {
                if (own && c) {
                    snprintf(var, sizeof var, "%s.%.*s.%s", org, len, name, role_code(c->role));
                    value = mx_var_str(m, var);
                }
                if (!value) {
                    snprintf(var, sizeof var, "%s.%.*s", org, len, name);
                    value = mx_var_str(m, var);
                }
                if (!value && dummy)
                    value = DUMMY_ID;
            }
            if (!value)
                missing = true;
            ok = buf_append_str(&out, value ? value : "") == SG_OK;
            p = end + 1;
        } else {
            ok = buf_append(&out, p, 1) == SG_OK;
            p++;
        }
    }
    char *text = ok && !missing ? buf_detach(&out) : NULL;
    buf_free(&out);
    if (!text)
        return NULL;
    char *done = runner_subst(&m->r, text, msg);
    sg_free(text);
    return done;
}

/* The organisation of another type whose record of kind a caller of type
 * t is tried on: the first, in the table's order of the B side, that has
 * one (the national office last); for a kind made fresh for each call,
 * the first whose type has a recipe for it. */
static const char *other_org(mx *m, org_type t, const char *kind, bool fresh)
{
    json_t *recipes = fresh ? json_object_get(json_object_get(m->fixture, "fresh"), kind) : NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < m->norgs; i++) {
            const mx_org *o = &m->orgs[i];
            char var[128];
            if (o->type == t || (pass == 0 && o->side != 'b'))
                continue;
            if (fresh) {
                if (json_object_get(recipes, org_type_code(o->type)))
                    return o->key;
                continue;
            }
            snprintf(var, sizeof var, "%s.%s", o->key, kind);
            if (json_object_get(m->r.vars, var))
                return o->key;
        }
    }
    return NULL;
}

/* True when the body of a denial names no fixture secret: no "Marker"
 * text, no BSN, no record id that the request did not carry itself. */
static bool denial_clean(mx *m, const char *body, const char *request, char *why, size_t n)
{
    size_t i;
    json_t *v;
    const char *name;
    if (strstr(body, "Marker")) {
        snprintf(why, n, "the denial shows a personal data marker");
        return false;
    }
    json_array_foreach(m->secrets, i, v)
    {
        if (strstr(body, json_string_value(v))) {
            snprintf(why, n, "the denial shows a BSN");
            return false;
        }
    }
    json_object_foreach(m->r.vars, name, v)
    {
        const char *s = json_string_value(v);
        if (!s || strlen(s) != 36 || strstr(name, ".org") || strstr(name, ".user")
            || strstr(request, s))
            continue;
        if (strstr(body, s)) {
            snprintf(why, n, "the denial shows the id of %s", name);
            return false;
        }
    }
    return true;
}

/* Calls the route once: as c (NULL: no session) with cookie (NULL: c's),
 * on organisation org's records; the status goes into out ("-" when the
 * cell does not apply). */
static void call_cell(mx *m, mx_route_req *rq, mx_caller *c, const char *org, bool own,
                      const char *cookie, bool csrf, char out[MX_CELL_LEN], const char *where)
{
    buf msg;
    char path[1024];
    mx_answer ans;
    char *rpath = NULL, *rbody = NULL;
    json_t *body = json_object_get(rq->spec, "body");
    const char *query = json_string_value(json_object_get(rq->spec, "query"));
    bool dummy = c == NULL || cookie != NULL;
    snprintf(out, MX_CELL_LEN, "%s", MX_NA);
    buf_init(&msg, RUNNER_MSG_MAX);
    mx_next_seq(m);
    const mx_org *o = org ? mx_org_by_key(m, org) : NULL;
    if (rq->fresh && o && !mx_ensure_fresh(m, o, rq->fresh) && !dummy)
        goto out;
    /* The path: {id} is the target record, or the fixed id of content that
     * belongs to no organisation. */
    const char *fixed = json_string_value(json_object_get(rq->spec, "id"));
    size_t k = 0;
    for (const char *p = rq->rt->path; *p && k + 64 < sizeof path; p++) {
        if (strncmp(p, "{id}", 4) == 0) {
            if (fixed)
                k += (size_t)snprintf(path + k, sizeof path - k, "%s", fixed);
            else
                k += (size_t)snprintf(path + k, sizeof path - k, "${col.%s}", rq->target);
            p += 3;
        } else {
            path[k++] = *p;
        }
    }
    path[k] = '\0';
    if (query)
        snprintf(path + k, sizeof path - k, "?%s", query);
    rpath = resolve(m, path, org ? org : "", c, own, dummy, &msg);
    if (body) {
        char *text = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
        rbody = text ? resolve(m, text, org ? org : "", c, own, dummy, &msg) : NULL;
        free(text);
    }
    if (!rpath || (body && !rbody)) {
        if (msg.len > 0)
            mx_fail(m, where, msg.data);
        goto out;
    }
    if (!mx_send(&m->r, c, rq->rt->method, rpath, rbody, cookie, csrf, &ans, &msg)) {
        mx_fail(m, where, msg.data);
        snprintf(out, MX_CELL_LEN, "ERR");
        goto out;
    }
    snprintf(out, MX_CELL_LEN, "%ld", ans.status);
    if (m->verbose)
        printf("# %s -> %ld %.200s\n", where, ans.status, ans.body.data);
    char why[200];
    char request[4096];
    snprintf(request, sizeof request, "%s %s", rpath, rbody ? rbody : "");
    if ((ans.status == 401 || ans.status == 403 || ans.status == 404)) {
        if (strncmp(ans.content_type, "application/problem+json", 24) != 0) {
            snprintf(why, sizeof why, "a %ld that is not problem+json (%s)", ans.status,
                     ans.content_type);
            mx_fail(m, where, why);
        } else if (!denial_clean(m, ans.body.data, request, why, sizeof why)) {
            mx_fail(m, where, why);
        }
    }
    if (c && strstr(ans.body.data, "Marker-B-")) {
        snprintf(why, sizeof why, "the answer shows a marker of the B side: %.120s",
                 strstr(ans.body.data, "Marker-B-"));
        mx_fail(m, where, why);
    }
    if (ans.status >= 200 && ans.status < 300) {
        if (rq->fresh && o) {
            char name[128];
            snprintf(name, sizeof name, "%s.%s", o->key, rq->fresh);
            json_object_set_new(m->stale, name, json_true());
        }
        if (c && !cookie && rq->adopt)
            mx_adopt(c, &ans);
        if (c && !cookie && json_is_true(json_object_get(rq->spec, "new_password"))) {
            char renewed[sizeof c->password];
            renewed_password(c, renewed, sizeof renewed);
            snprintf(c->password, sizeof c->password, "%s", renewed);
        }
        if (c && !cookie && rq->relogin && !mx_login(&m->r, c, &msg))
            mx_fail(m, where, msg.data);
    }
    mx_answer_clear(&ans);
out:
    sg_free(rpath);
    sg_free(rbody);
    buf_free(&msg);
}

/* Compares one observed value with the matrix (and its known issues). */
static void compare(mx *m, mx_matrix *mat, const char *key, const char *caller, const char *col,
                    const char *want, const char *got)
{
    mx_known *k = mx_matrix_known(mat, key, caller, col);
    char where[256];
    snprintf(where, sizeof where, "%s as %s (%s)", key, caller, col);
    if (strcmp(want, got) == 0) {
        if (k) {
            char why[200];
            snprintf(why, sizeof why, "known issue no longer observed (%s): remove its line", want);
            mx_fail(m, where, why);
        } else {
            m->passed++;
        }
        return;
    }
    if (k && strcmp(k->observed, got) == 0) {
        k->hit = true;
        m->known++;
        printf("ok - %s: %s # KNOWN ISSUE: right is %s; %s\n", where, got, want, k->why);
        return;
    }
    char why[200];
    snprintf(why, sizeof why, "expected %s, got %s", want, got);
    mx_fail(m, where, why);
}

/* --- the run ------------------------------------------------------------ */

static bool route_req(mx *m, const route *rt, mx_route_req *rq)
{
    memset(rq, 0, sizeof *rq);
    rq->rt = rt;
    snprintf(rq->key, sizeof rq->key, "%s %s", rt->method, rt->path);
    rq->spec = json_object_get(m->requests, rq->key);
    rq->target = json_string_value(json_object_get(rq->spec, "target"));
    rq->fresh = json_string_value(json_object_get(rq->spec, "fresh"));
    rq->relogin = json_is_true(json_object_get(rq->spec, "relogin"));
    rq->adopt = json_is_true(json_object_get(rq->spec, "adopt"));
    char *text = json_dumps(rq->spec, JSON_COMPACT);
    bool refs = text && strstr(text, "${col.");
    free(text);
    if (!rq->spec) {
        mx_fail(m, rq->key, "no entry in requests.json: say how to call it");
        return false;
    }
    if (((strstr(rt->path, "{id}") && !json_object_get(rq->spec, "id")) || refs) && !rq->target) {
        mx_fail(m, rq->key,
                "requests.json: a route with {id} or ${col.*} names a \"target\" kind"
                " (or a fixed \"id\")");
        return false;
    }
    return true;
}

static bool is_write(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* The organisation whose records a session column is tried on: the first
 * of the A side (then the national office) that has the target. */
static const char *session_org(mx *m, const char *target)
{
    for (int i = 0; i < m->norgs; i++) {
        char var[128];
        if (m->orgs[i].side == 'b')
            continue;
        if (!target)
            return m->orgs[i].key;
        snprintf(var, sizeof var, "%s.%s", m->orgs[i].key, target);
        if (json_object_get(m->r.vars, var))
            return m->orgs[i].key;
    }
    return m->orgs[0].key;
}

/* Runs one route's row: the cells go into cells (ncallers + 3 strings). */
static void run_row(mx *m, mx_route_req *rq, char **cells)
{
    char where[256];
    for (int i = 0; i < m->ncallers; i++) {
        mx_caller *c = &m->callers[i];
        char got[MX_COLS][MX_CELL_LEN];
        if (!rq->target) {
            snprintf(where, sizeof where, "%s as %s", rq->key, c->label);
            call_cell(m, rq, c, c->org_key, true, NULL, true, got[0], where);
            snprintf(cells[i], MX_CELL_LEN, "%s", got[0]);
            continue;
        }
        for (int col = 0; col < MX_COLS; col++) {
            const char *org = col == COL_OWN ? c->org_key
                              : col == COL_SAME
                                  ? (c->twin_key[0] ? c->twin_key : NULL)
                                  : other_org(m, c->type, rq->target, rq->fresh != NULL);
            snprintf(where, sizeof where, "%s as %s (%s)", rq->key, c->label, col_names[col]);
            if (org)
                call_cell(m, rq, c, org, col == COL_OWN, NULL, true, got[col], where);
            else
                snprintf(got[col], MX_CELL_LEN, "%s", MX_NA);
        }
        snprintf(cells[i], MX_CELL_LEN, "%.7s/%.7s/%.7s", got[0], got[1], got[2]);
    }
    const char *org = session_org(m, rq->target);
    char *anon = cells[m->ncallers], *expired = cells[m->ncallers + 1];
    char *nocsrf = cells[m->ncallers + 2];
    snprintf(where, sizeof where, "%s without a session", rq->key);
    call_cell(m, rq, NULL, org, false, NULL, false, anon, where);
    snprintf(where, sizeof where, "%s with an expired session", rq->key);
    call_cell(m, rq, &m->expired, org, false, m->expired.cookie, false, expired, where);
    snprintf(nocsrf, MX_CELL_LEN, "%s", MX_NA);
    if (!is_write(rq->rt->method))
        return;
    /* Without the CSRF token: the first caller whose role may call the
     * route at all, on its own organisation's record. */
    for (int i = 0; i < m->ncallers; i++) {
        mx_caller *c = &m->callers[i];
        if (!(ROLE_BIT(c->role) & rq->rt->roles))
            continue;
        snprintf(where, sizeof where, "%s without the CSRF token as %s", rq->key, c->label);
        call_cell(m, rq, c, c->org_key, true, NULL, false, nocsrf, where);
        if (strcmp(nocsrf, MX_NA) != 0)
            break;
    }
}

/* Every route of the table, in the table's order; the rows marked "late"
 * (they end or renew sessions) after all others, in the same order. */
static int collect_routes(const route **list, int max)
{
    int n = 0;
    HTTP_FOREACH_ROUTE(rt)
    {
        if (n < max)
            list[n++] = rt;
    }
    return n;
}

static bool ages_session(mx *m)
{
    buf msg;
    buf_init(&msg, RUNNER_MSG_MAX);
    json_t *step = json_pack("{s:s}", "sql",
                             "UPDATE sessions SET last_seen_s = last_seen_s - 864000 WHERE user_id"
                             " = (SELECT id FROM users WHERE login = 'expired.school_a')");
    runner_step_sql(&m->r, step, &msg);
    json_decref(step);
    bool ok = msg.len == 0;
    if (!ok)
        mx_fail(m, "expired session", msg.data);
    buf_free(&msg);
    return ok;
}

/* A forged cookie and the really expired one are refused like no session. */
static void check_sessions(mx *m)
{
    static const char forged[] = "signaal_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const char *cookies[] = {forged, m->expired.cookie};
    for (int i = 0; i < 2; i++) {
        mx_answer ans;
        buf msg;
        buf_init(&msg, RUNNER_MSG_MAX);
        const char *what = i ? "an expired session is 401" : "a forged session cookie is 401";
        if (mx_send(&m->r, NULL, "GET", "/api/v1/session", NULL, cookies[i], false, &ans, &msg)) {
            if (ans.status == 401 && strncmp(ans.content_type, "application/problem+json", 24) == 0)
                m->passed++;
            else
                mx_fail(m, what, ans.body.data);
            mx_answer_clear(&ans);
        } else {
            mx_fail(m, what, msg.data);
        }
        buf_free(&msg);
    }
}

/* Runs the whole matrix; fills header/keys/cells for --write. */
static void run_matrix(mx *m, mx_matrix *mat, const char *write_path)
{
    const route *list[512];
    int n = collect_routes(list, 512);
    int ncols = m->ncallers + MX_SESSION_COLS;
    char **header = sg_calloc((size_t)ncols, sizeof *header);
    char **keys = sg_calloc((size_t)n, sizeof *keys);
    char ***cells = sg_calloc((size_t)n, sizeof *cells);
    for (int i = 0; i < m->ncallers; i++)
        header[i] = m->callers[i].label;
    for (int i = 0; i < MX_SESSION_COLS; i++)
        header[m->ncallers + i] = (char *)session_cols[i];
    /* The header must name the same callers in the same order. */
    bool same = mat->header && mat->ncols == ncols;
    for (int i = 0; same && i < ncols; i++)
        same = strcmp(mat->header[i + 1], header[i]) == 0;
    if (!same && !write_path)
        mx_fail(m, "matrix.tsv",
                "its header does not name the callers of this run (regenerate with"
                " --write and review)");
    mx_route_req *rqs = sg_calloc((size_t)n, sizeof *rqs);
    bool *usable = sg_calloc((size_t)n, sizeof *usable);
    for (int i = 0; rqs && usable && i < n; i++)
        usable[i] = route_req(m, list[i], &rqs[i]);
    for (int pass = 0; rqs && usable && pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            mx_route_req rq = rqs[i];
            if (!usable[i])
                continue;
            if (json_is_true(json_object_get(rq.spec, "late")) != (pass == 1))
                continue;
            if (m->only && !strstr(rq.key, m->only))
                continue;
            keys[i] = sg_strdup(rq.key);
            cells[i] = sg_calloc((size_t)ncols, sizeof *cells[i]);
            for (int c = 0; c < ncols; c++)
                cells[i][c] = sg_calloc(1, MX_CELL_LEN);
            run_row(m, &rq, cells[i]);
            mx_row *row = mx_matrix_row(mat, rq.key);
            if (!row) {
                mx_fail(m, rq.key, "a route without a row in matrix.tsv");
                continue;
            }
            row->seen = true;
            for (int c = 0; same && c < ncols; c++) {
                const char *want = row->cells[c];
                const char *got = cells[i][c];
                if (c < m->ncallers && strchr(want, '/') && strchr(got, '/')) {
                    char w[MX_COLS][MX_CELL_LEN] = {{0}}, g[MX_COLS][MX_CELL_LEN] = {{0}};
                    sscanf(want, "%23[^/]/%23[^/]/%23s", w[0], w[1], w[2]);
                    sscanf(got, "%23[^/]/%23[^/]/%23s", g[0], g[1], g[2]);
                    for (int k = 0; k < MX_COLS; k++)
                        compare(m, mat, rq.key, header[c], col_names[k], w[k], g[k]);
                } else {
                    compare(m, mat, rq.key, header[c], "all", want, got);
                }
            }
        }
    }
    for (int i = 0; !m->only && i < mat->nrows; i++)
        if (!mat->rows[i].seen)
            mx_fail(m, mat->rows[i].key, "a row in matrix.tsv for a route the table does not have");
    for (int i = 0; i < mat->nknown; i++)
        if (!mat->rows || (!mat->known[i].hit && !mx_matrix_row(mat, mat->known[i].key)))
            mx_fail(m, mat->known[i].key, "a known issue for a route without a row");
    if (write_path) {
        /* A known issue's cell keeps the right value from the matrix. */
        int nk = 0;
        char **wkeys = sg_calloc((size_t)n, sizeof *wkeys);
        char ***wcells = sg_calloc((size_t)n, sizeof *wcells);
        for (int i = 0; i < n; i++) {
            if (!keys[i])
                continue;
            mx_row *row = mx_matrix_row(mat, keys[i]);
            for (int c = 0; row && same && c < ncols; c++) {
                bool any = false;
                for (int k = 0; k < mat->nknown; k++)
                    any = any
                          || (strcmp(mat->known[k].key, keys[i]) == 0
                              && strcmp(mat->known[k].caller, header[c]) == 0);
                if (any)
                    snprintf(cells[i][c], MX_CELL_LEN, "%s", row->cells[c]);
            }
            wkeys[nk] = keys[i];
            wcells[nk++] = cells[i];
        }
        buf msg;
        buf_init(&msg, RUNNER_MSG_MAX);
        if (mx_matrix_write(write_path, mat, header, ncols, wkeys, wcells, nk, &msg))
            printf("# observed matrix written to %s\n", write_path);
        else
            mx_fail(m, "--write", msg.data);
        buf_free(&msg);
        sg_free(wkeys);
        sg_free(wcells);
    }
    for (int i = 0; i < n; i++) {
        for (int c = 0; cells[i] && c < ncols; c++)
            sg_free(cells[i][c]);
        sg_free(cells[i]);
        sg_free(keys[i]);
    }
    sg_free(cells);
    sg_free(keys);
    sg_free(header);
    sg_free(rqs);
    sg_free(usable);
}

/* --- main ---------------------------------------------------------------- */

static int usage(FILE *to, int status)
{
    fprintf(to,
            "usage: authz_matrix --binary PATH --dir tests/authz --workdir DIR [--keep]\n"
            "                    [--db-url postgres://USER@HOST:PORT/MAINTENANCE_DB]\n"
            "                    [--write FILE] [--verbose] [--only TEXT]\n"
            "Calls every route as every caller and compares with DIR/matrix.tsv.\n"
            "  --write FILE  also write the observed matrix there, for review\n"
            "  --verbose     print every answer; --only TEXT: only the routes containing TEXT\n");
    return status;
}

static json_t *load_json(mx *m, const char *dir, const char *name)
{
    char *path = runner_path_join(dir, name);
    json_error_t err;
    json_t *doc = path ? json_load_file(path, JSON_REJECT_DUPLICATES, &err) : NULL;
    if (!doc) {
        char detail[300];
        snprintf(detail, sizeof detail, "%s:%d: %s", path ? path : name, err.line, err.text);
        mx_fail(m, "data", detail);
    }
    sg_free(path);
    return doc;
}

int main(int argc, char **argv)
{
    static mx m;
    const char *dir = NULL, *workdir = NULL, *write_path = NULL;
    buf msg;
    mx_matrix *mat = NULL;
    int status = 2;
    for (int i = 1; i < argc; i++) {
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--help") == 0)
            return usage(stdout, 0);
        if (strcmp(argv[i], "--keep") == 0 || strcmp(argv[i], "--verbose") == 0) {
            m.r.keep = m.r.keep || argv[i][2] == 'k';
            m.verbose = m.verbose || argv[i][2] == 'v';
            continue;
        }
        if (!next)
            return usage(stderr, 2);
        if (strcmp(argv[i], "--binary") == 0)
            m.r.binary = next;
        else if (strcmp(argv[i], "--dir") == 0)
            dir = next;
        else if (strcmp(argv[i], "--workdir") == 0)
            workdir = next;
        else if (strcmp(argv[i], "--db-url") == 0)
            m.r.pg_admin_url = next;
        else if (strcmp(argv[i], "--write") == 0)
            write_path = next;
        else if (strcmp(argv[i], "--only") == 0)
            m.only = next;
        else
            return usage(stderr, 2);
        i++;
    }
    if (!m.r.binary || !dir || !workdir)
        return usage(stderr, 2);
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigaction(SIGPIPE, &ign, NULL);
    setenv("SIGNAAL_PASSWORD_COST", "minimal", 1);
    buf_init(&msg, RUNNER_MSG_MAX);
    m.r.name = sg_strdup("api/authz_matrix");
    m.r.vars = json_object();
    m.r.totp_steps = json_object();
    m.stale = json_object();
    m.secrets = json_array();
    m.r.scenario = json_pack("{s:[s,s]}", "serve_args", "--session-idle", "900");
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 || oath_init() != OATH_OK)
        goto done;
    printf("# authz/matrix: every route as every caller (tests/authz/README.md)\n");
    status = 1;
    m.fixture = load_json(&m, dir, "fixture.json");
    m.requests = load_json(&m, dir, "requests.json");
    char *mpath = runner_path_join(dir, "matrix.tsv");
    mat = mpath ? mx_matrix_load(mpath, &msg) : NULL;
    sg_free(mpath);
    if (!mat && write_path) {
        printf("# no usable matrix.tsv (%s): writing a new one\n", msg.data);
        mat = sg_calloc(1, sizeof *mat);
    }
    if (!mat)
        mx_fail(&m, "matrix.tsv", msg.data ? msg.data : "out of memory");
    if (!m.fixture || !m.requests || !mat)
        goto done;
    buf_reset(&msg);
    if (!runner_workdir_prepare(&m.r, workdir, &msg)) {
        mx_fail(&m, "work directory", msg.data);
        goto done;
    }
    m.r.db = m.r.db_path;
    if (m.r.pg_admin_url) {
        if (!runner_pg_create(&m.r, &msg)) {
            mx_fail(&m, "PostgreSQL database", msg.data);
            goto done;
        }
        m.r.db = m.r.db_url;
    }
    char today[DATE_LEN];
    date d;
    date_today(&d);
    date_format(&d, today);
    mx_set_var_str(&m, "today", today);
    char year[5];
    snprintf(year, sizeof year, "%.4s", today);
    mx_set_var_str(&m, "year", year);
    long long t0 = clock_mono_ms();
    if (!mx_setup_db(&m))
        goto stop;
    mx_make_callers(&m);
    if (!runner_server_start(&m.r, &msg)) {
        mx_fail(&m, "server start", msg.data);
        goto stop;
    }
    if (!mx_build_fixture(&m))
        goto stop;
    for (int i = 0; i < m.ncallers; i++) {
        buf_reset(&msg);
        if (!mx_login(&m.r, &m.callers[i], &msg))
            mx_fail(&m, m.callers[i].label, msg.data);
    }
    snprintf(m.expired.login, sizeof m.expired.login, "expired.school_a");
    mx_password_of(m.expired.login, m.expired.password, sizeof m.expired.password);
    m.expired.role = ROLE_CARE_COORDINATOR;
    buf_reset(&msg);
    if (!mx_login(&m.r, &m.expired, &msg))
        mx_fail(&m, "expired session", msg.data);
    else if (ages_session(&m))
        check_sessions(&m);
    printf("# fixture ready after %lld ms\n", clock_mono_ms() - t0);
    if (m.failed == 0)
        run_matrix(&m, mat, write_path);
    printf("# matrix done after %lld ms\n", clock_mono_ms() - t0);
stop:
    buf_reset(&msg);
    if (m.r.server_pid > 0 && !runner_server_stop(&m.r, &msg))
        mx_fail(&m, "server stop", msg.data);
    if (m.failed > 0)
        runner_print_log_tail(&m.r);
    if (m.failed == 0 && !m.r.keep) {
        runner_workdir_remove(&m.r);
        runner_pg_drop(&m.r);
    } else if (m.r.workdir) {
        printf("# work directory kept: %s\n", m.r.workdir);
    }
    printf("# %d cells answered as a known issue says (see matrix.tsv)\n", m.known);
    printf("authz/matrix: %d passed, %d failed\n", m.passed, m.failed);
    status = m.failed == 0 ? 0 : 1;
done:
    for (int i = 0; i < m.ncallers; i++)
        mx_caller_free(&m.callers[i]);
    mx_caller_free(&m.expired);
    runner_sessions_free(&m.r);
    mx_matrix_free(mat);
    oath_done();
    curl_global_cleanup();
    buf_free(&msg);
    json_decref(m.fixture);
    json_decref(m.requests);
    json_decref(m.stale);
    json_decref(m.secrets);
    json_decref(m.r.scenario);
    json_decref(m.r.vars);
    json_decref(m.r.totp_steps);
    sg_free(m.r.name);
    sg_free(m.r.workdir);
    sg_free(m.r.db_path);
    sg_free(m.r.pg_dbname);
    sg_free(m.r.db_url);
    sg_free(m.r.key_path);
    sg_free(m.r.log_path);
    return status;
}
