/*
 * http_api.c - fuzzing the whole request path of the API down to the
 * database: route, path parameters, query parameters, the body's checks,
 * then the route's handler and its use case (authorisation, validation,
 * the work, the audit entry) on a real SQLite store with the demo data,
 * and the answer as it would leave.  No socket: libmicrohttpd's lookups
 * are answered by fuzz_mhd.c.
 *
 * The input is "METHOD PATH[?QUERY] [LOGIN]" and then the body.  LOGIN
 * names a demo user (mentor.a, zorg.a, politie, officier, veiligthuis,
 * jeugdzorg, beheer, ...); without a known one, the first demo user whose
 * role may call the route acts.  Ids of records made at set-up stand in
 * for $person, $person_police, $signal, $case, $consultation, $referral,
 * $screening (a draft), $screening_done (handed to the OM), $decision,
 * $enrolment, $concern, $match, $user and $org:TYPE (e.g. $org:police),
 * in the path, the query and the body alike, so that inputs reach
 * records that exist.
 *
 * What must hold besides no crash, leak or undefined behaviour: every
 * request gets an answer with a status; the server never answers 500 (an
 * error that is not the caller's); every JSON answer can be sent with its
 * wire names; what a request added to the audit trail can be listed.  The store keeps what earlier inputs did, so an input may
 * behave differently after others: a crash found here is replayed alone
 * in a fresh database before it becomes a regression.  With FUZZ_VERBOSE
 * set, each request, its status and the start of its answer are written
 * to stderr.
 */
#include "fuzz.h"

#include "base/mem.h"
#include "domain/roles.h"
#include "fuzz_app.h"
#include "fuzz_mhd.h"
#include "http/server_int.h"
#include "http/wire.h"

#define MAX_VARS 24

static app *the_app;
static struct {
    const char *login;
    actor who;
    bool ok;
} actors[] = {
    {"mentor.a", {0}, false},    {"zorg.a", {0}, false},    {"mentor.b", {0}, false},
    {"zorg.b", {0}, false},      {"politie", {0}, false},   {"officier", {0}, false},
    {"veiligthuis", {0}, false}, {"jeugdzorg", {0}, false}, {"gemeente", {0}, false},
    {"analist", {0}, false},     {"beheer", {0}, false},    {"auditor", {0}, false},
    {"expert", {0}, false},      {"privacy.a", {0}, false},
};
#define NACTORS (sizeof actors / sizeof actors[0])

static struct {
    char name[32];
    char value[STORE_ID_LEN];
} vars[MAX_VARS];
static int nvars;

static void set_var(const char *name, const char *value)
{
    if (nvars >= MAX_VARS || !value || !*value)
        return;
    snprintf(vars[nvars].name, sizeof vars[nvars].name, "%s", name);
    snprintf(vars[nvars].value, sizeof vars[nvars].value, "%s", value);
    nvars++;
}

/* text[0..len) with every known $name replaced by its value, into out. */
static int expand(const char *text, size_t len, buf *out)
{
    for (size_t i = 0; i < len;) {
        int best = -1;
        size_t best_len = 0;
        for (int v = 0; text[i] == '$' && v < nvars; v++) {
            size_t n = strlen(vars[v].name);
            if (n > best_len && i + 1 + n <= len && memcmp(text + i + 1, vars[v].name, n) == 0) {
                best = v;
                best_len = n;
            }
        }
        int rc = best >= 0 ? buf_append_str(out, vars[best].value) : buf_append(out, text + i, 1);
        if (rc != SG_OK)
            return rc;
        i += best >= 0 ? best_len + 1 : 1;
    }
    return buf_append(out, "", 0);
}

static const actor *actor_for(const route *r, const char *login)
{
    for (size_t i = 0; login && i < NACTORS; i++)
        if (actors[i].ok && strcmp(actors[i].login, login) == 0)
            return &actors[i].who;
    for (size_t i = 0; i < NACTORS; i++)
        if (actors[i].ok && (ROLE_BIT(actors[i].who.role) & r->roles))
            return &actors[i].who;
    return NULL;
}

static void res_free(http_res *res)
{
    json_decref(res->json);
    sg_free(res->raw);
    sg_free(res->set_cookie);
    memset(res, 0, sizeof *res);
}

/* Runs one request as the server would after reading it, leaving the
 * answer in res; returns false when the server would not have got as far
 * as a handler's checks (no route, or a role that may not call it). */
static bool dispatch(const char *line, const char *body, size_t body_len, http_res *res)
{
    static fuzz_conn conn;
    static http_options opt = {.listen = "127.0.0.1:0", .max_body = 1 << 20};
    char head[4200];
    snprintf(head, sizeof head, "%s", line);
    char *method = head, *target = strchr(head, ' '), *login = NULL;
    if (!target)
        return false;
    *target++ = '\0';
    login = strchr(target, ' ');
    if (login)
        *login++ = '\0';
    char *query = strchr(target, '?');
    if (query)
        *query++ = '\0';
    fuzz_conn_query(&conn, query);
    fuzz_unescape_path(target);

    http_req req;
    memset(&req, 0, sizeof req);
    req.conn = fuzz_conn_handle(&conn);
    req.opt = &opt;
    req.method = method;
    req.path = target;
    req.version = "HTTP/1.1";
    req.is_api = true;
    snprintf(req.client, sizeof req.client, "192.0.2.7");
    if (http_target_check(target, req.conn, res) != SG_OK)
        return true;
    bool matched = false;
    req.route = router_match(method, target, &req, &matched);
    if (!req.route)
        return false;
    if (req.route->access != ACCESS_PUBLIC) {
        const actor *who = actor_for(req.route, login);
        if (!who || !(ROLE_BIT(who->role) & req.route->roles))
            return false; /* the server answers 403 before any body is read */
        req.who = *who;
        req.authenticated = true;
    }
    buf b = {.data = (char *)body, .len = body_len, .cap = body_len + 1, .max = body_len};
    if (http_body_check(req.route, "application/json", &b, &req.json, res) == SG_OK) {
        int rc = req.route->fn(the_app, &req, res);
        if (rc != SG_OK && res->status == 0)
            res_status(res, rc, NULL);
        if (rc == SG_OK && res->status == 0)
            res_status(res, SG_EINTERNAL, NULL);
    }
    json_decref(req.json);
    return true;
}

/* What the server would send: the status, and the body with wire names. */
static void check_answer(const char *line, http_res *res)
{
    FUZZ_CHECK(res->status >= 200 && res->status <= 599);
    if (res->status >= 500 && res->status != 503) {
        char *text = res->json ? json_dumps(res->json, JSON_COMPACT) : NULL;
        fprintf(stderr, "%s answered %d: %s\n", line, res->status, text ? text : "");
        free(text);
        FUZZ_CHECK(!"a server error");
    }
    if (!res->json)
        return;
    json_t *wire = wire_out(res->json);
    FUZZ_CHECK(wire);
    if (res->status >= 400)
        wire_problem_names(wire);
    char *text = json_dumps(wire, JSON_COMPACT | JSON_ENSURE_ASCII);
    FUZZ_CHECK(text);
    free(text);
    json_decref(wire);
}

/* Runs a request of the set-up (with $names expanded) and keeps the id
 * it answers with as var. */
static void setup_request(const char *var, const char *line, const char *body)
{
    buf l, b;
    buf_init(&l, 8192);
    buf_init(&b, 8192);
    http_res res = {0};
    if (expand(line, strlen(line), &l) == SG_OK && expand(body, strlen(body), &b) == SG_OK) {
        dispatch(l.data, b.data, b.len, &res);
        const char *id = json_string_value(json_object_get(res.json, "id"));
        if (res.status >= 200 && res.status < 300 && id)
            set_var(var, id);
        else
            fprintf(stderr, "http_api set-up: %s answered %d, no $%s\n", line, res.status, var);
    }
    res_free(&res);
    buf_free(&l);
    buf_free(&b);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    the_app = fuzz_app();
    if (!the_app)
        return 1;
    /* Inputs register many concerns: the per-user limit would soon refuse
     * them all and hide the code behind it. */
    the_app->cfg.concern_rate_max = 1 << 30;
    for (size_t i = 0; i < NACTORS; i++) {
        actors[i].ok = fuzz_actor(the_app, actors[i].login, &actors[i].who) == SG_OK;
        if (!actors[i].ok)
            continue;
        char org_var[48];
        snprintf(org_var, sizeof org_var, "org:%s", org_type_code(actors[i].who.org_type));
        bool have = false;
        for (int v = 0; v < nvars; v++)
            have = have || strcmp(vars[v].name, org_var) == 0;
        if (!have)
            set_var(org_var, actors[i].who.org_pid);
    }
    set_var("user", actors[0].who.user_pid);
    char person[STORE_ID_LEN];
    if (fuzz_person_id(the_app, "zorg.a", person) == SG_OK)
        set_var("person", person);
    static const struct {
        const char *var, *line, *body;
    } steps[] = {
        {"signal", "POST /api/v1/signals mentor.a",
         "{\"personId\":\"$person\",\"observedOn\":\"2026-01-10\",\"setting\":\"school\","
         "\"observation\":\"Fuzz: vaak afwezig.\",\"indicators\":[\"SCH-01\",\"MON-01\"]}"},
        {"case", "POST /api/v1/cases zorg.a",
         "{\"personId\":\"$person\",\"signalIds\":[\"$signal\"]}"},
        {"consultation", "POST /api/v1/consultations zorg.a",
         "{\"caseId\":\"$case\",\"heldOn\":\"2026-01-12\",\"participants\":[\"care-coordinator\"],"
         "\"facts\":\"Feiten.\",\"question\":\"Wie helpt?\",\"questionType\":\"care\","
         "\"outcome\":\"more-care\"}"},
        {"referral", "POST /api/v1/referrals zorg.a",
         "{\"personId\":\"$person\",\"to\":\"$org:veilig-thuis\",\"purpose\":\"report\","
         "\"legalBasis\":\"meldrecht\",\"shares\":[\"signals\"],\"signalIds\":[\"$signal\"]}"},
        {"person_police", "POST /api/v1/persons politie",
         "{\"name\":\"Fuzz Politie\",\"birthDate\":\"2009-05-05\",\"gender\":\"male\","
         "\"municipality\":\"Utrecht\"}"},
        {"screening", "POST /api/v1/screenings politie",
         "{\"personId\":\"$person_police\",\"arrestedOn\":\"2026-01-11\",\"offence\":"
         "\"drugs-courier\",\"outsideRegion\":true,\"answers\":{\"debt\":{\"answer\":\"yes\"}}}"},
        {"screening_done", "POST /api/v1/screenings politie",
         "{\"personId\":\"$person_police\",\"arrestedOn\":\"2026-01-12\",\"offence\":"
         "\"theft\",\"outsideRegion\":false,\"answers\":{\"debt\":{\"answer\":\"no\"}}}"},
        {"completed", "POST /api/v1/screenings/$screening_done/completion politie",
         "{\"signs\":\"strong\",\"reason\":\"Reden.\",\"om\":\"$org:prosecution\"}"},
        {"received", "POST /api/v1/screenings/$screening_done/receipt officier", ""},
        {"decision", "POST /api/v1/prosecution-decisions officier",
         "{\"screeningId\":\"$screening_done\",\"decision\":"
         "\"dismissal-non-punishment-unconditional\",\"ground\":"
         "\"victim-trafficking-minor-culpability\",\"reasoning\":\"Slachtoffer van uitbuiting.\","
         "\"possibleVictim\":true}"},
        {"enrolment", "POST /api/v1/enrolments zorg.a",
         "{\"personId\":\"$person\",\"programmeId\":\"alleen-jij-bepaalt-wie-je-bent\","
         "\"reason\":\"Weerbaarheid.\"}"},
        {"concern", "POST /api/v1/concerns zorg.a",
         "{\"ground\":\"neglect\",\"givenNames\":\"Jan\",\"surname\":\"van der Berg\","
         "\"birthDate\":\"2011-04-02\",\"sex\":\"male\",\"bsn\":\"123456782\","
         "\"contact\":\"030-123 45 67\"}"},
        {"concern_jz", "POST /api/v1/concerns jeugdzorg",
         "{\"ground\":\"criminal-activities\",\"givenNames\":\"Jan\",\"surname\":\"v.d. Berg\","
         "\"birthDate\":\"2011-04-02\",\"sex\":\"male\",\"bsn\":\"123456782\","
         "\"contact\":\"jeugdzorg@example.nl\"}"},
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        setup_request(steps[i].var, steps[i].line, steps[i].body);
    /* The match between the two registrations of the same youth. */
    http_res res = {0};
    dispatch("GET /api/v1/matches zorg.a", "", 0, &res);
    set_var("match", json_string_value(json_object_get(
                         json_array_get(json_object_get(res.json, "items"), 0), "id")));
    res_free(&res);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    buf line, body;
    buf_init(&line, 8192);
    buf_init(&body, 1 << 20);
    const uint8_t *nl = memchr(data, '\n', size);
    size_t line_len = nl ? (size_t)(nl - data) : size;
    const uint8_t *rest = nl ? nl + 1 : data + line_len;
    size_t rest_len = size - (size_t)(rest - data);
    http_res res = {0};
    if (line_len < 4096 && expand((const char *)data, line_len, &line) == SG_OK
        && expand((const char *)rest, rest_len, &body) == SG_OK && line.data
        && strlen(line.data) == line.len) {
        bool answered = dispatch(line.data, body.data ? body.data : "", body.len, &res);
        if (answered)
            check_answer(line.data, &res);
        FUZZ_CHECK(fuzz_trail_readable(the_app));
        if (getenv("FUZZ_VERBOSE")) {
            char *text = res.json ? json_dumps(res.json, JSON_COMPACT) : NULL;
            fprintf(stderr, "%s -> %d %.300s\n", line.data, answered ? res.status : 0,
                    text ? text : "");
            free(text);
        }
    }
    res_free(&res);
    buf_free(&line);
    buf_free(&body);
    return 0;
}
