#define _GNU_SOURCE /* memmem, putenv */
/*
 * ops_common.c - what the fault tests share: checks, processes, the
 * server, HTTP and the clients' writes (see ops_test.h); the database is
 * ops_db.c's.
 */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ops_test.h"

const char *ops_binary, *ops_workdir, *ops_pg_admin;
char ops_db[1200], ops_pg[1200], ops_key[1300], ops_today[16];
char ops_ca[600]; /* the TLS test's certificate, for curl */
unsigned ops_seed = 20261205;

static int passed, failed, skipped;
static pthread_mutex_t random_mu = PTHREAD_MUTEX_INITIALIZER;

void ops_check(bool ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%s ", ok ? "ok" : "not ok");
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    va_end(ap);
    if (ok)
        passed++;
    else
        failed++;
}

void ops_skip(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("skip ");
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    va_end(ap);
    skipped++;
}

int ops_failed(void)
{
    return failed;
}

int ops_passed(void)
{
    return passed;
}

int ops_skipped(void)
{
    return skipped;
}

void ops_sleep_ms(long ms)
{
    struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR) {
    }
}

int64_t ops_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

char *ops_path(const char *name)
{
    size_t n = strlen(ops_workdir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", ops_workdir, name);
    return p;
}

int ops_random(int lo, int hi)
{
    pthread_mutex_lock(&random_mu);
    int r = lo + rand_r(&ops_seed) % (hi - lo + 1);
    pthread_mutex_unlock(&random_mu);
    return r;
}

/* ---- processes -------------------------------------------------------- */

pid_t ops_spawn(char *const argv[], const char *log, char *const env_add[])
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (fd < 0 || in < 0 || dup2(in, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
            _exit(126);
        for (int i = 0; env_add && env_add[i]; i++)
            putenv(env_add[i]);
        execv(argv[0], argv);
        _exit(127);
    }
    return pid;
}

int ops_run(char *const argv[], const char *log)
{
    pid_t pid = ops_spawn(argv, log, NULL);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

char *ops_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap + 1);
    for (;;) {
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        cap *= 2;
        data = realloc(data, cap + 1);
    }
    fclose(f);
    data[n] = '\0';
    if (len)
        *len = n;
    return data;
}

bool ops_file_contains(const char *path, const void *what, size_t len)
{
    size_t n = 0;
    char *data = ops_read_file(path, &n);
    bool found = data && len <= n && memmem(data, n, what, len) != NULL;
    free(data);
    return found;
}

int ops_signaal(const char *const args[], char **out)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)ops_binary;
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    char *log = ops_path("cli.log"), *stdout_path = ops_path("cli.out");
    unlink(stdout_path);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int o = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        int e = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
        int in = open("/dev/null", O_RDONLY);
        if (o < 0 || e < 0 || in < 0 || dup2(in, 0) < 0 || dup2(o, 1) < 0 || dup2(e, 2) < 0)
            _exit(126);
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    int rc =
        pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (out)
        *out = ops_read_file(stdout_path, NULL);
    free(log);
    free(stdout_path);
    return rc;
}

/* ---- the server ------------------------------------------------------- */

bool ops_server_alive(ops_server *sv)
{
    return sv->pid > 0 && waitpid(sv->pid, NULL, WNOHANG) == 0;
}

bool ops_server_start(ops_server *sv, const char *const extra[], char *const env_add[])
{
    char *port_path = ops_path("port");
    char *log = ops_path("server.log");
    snprintf(sv->log, sizeof sv->log, "%s", log);
    unlink(port_path);
    char *argv[40];
    int n = 0;
    const char *fixed[] = {"serve",       "--db",           ops_db,    "--listen",
                           "127.0.0.1:0", "--port-file",    port_path, "--threads",
                           "6",           "--concern-rate", "1000000"};
    argv[n++] = (char *)ops_binary;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[n++] = (char *)fixed[i];
    sv->tls = false;
    for (int i = 0; extra && extra[i] && n < 39; i++) {
        argv[n++] = (char *)extra[i];
        sv->tls = sv->tls || strcmp(extra[i], "--tls-cert") == 0;
    }
    argv[n] = NULL;
    sv->port = 0;
    sv->pid = ops_spawn(argv, log, env_add);
    bool up = false;
    for (int i = 0; i < 600 && sv->pid > 0 && !up; i++) {
        char *text = ops_read_file(port_path, NULL);
        sv->port = text && strchr(text, '\n') ? atoi(text) : 0;
        free(text);
        if (sv->port > 0) {
            ops_answer a;
            up = ops_http(sv->port, sv->tls, "GET", "/healthz", NULL, NULL, &a) && a.status == 200;
            ops_answer_clear(&a);
        }
        if (!up && waitpid(sv->pid, NULL, WNOHANG) == sv->pid) {
            sv->pid = 0;
            break;
        }
        if (!up)
            ops_sleep_ms(25);
    }
    free(port_path);
    free(log);
    return up;
}

void ops_server_kill9(ops_server *sv)
{
    if (sv->pid <= 0)
        return;
    kill(sv->pid, SIGKILL);
    waitpid(sv->pid, NULL, 0);
    sv->pid = 0;
}

bool ops_server_stop(ops_server *sv)
{
    int status = 0;
    if (sv->pid <= 0 || kill(sv->pid, SIGTERM) != 0)
        return false;
    for (int i = 0; i < 600; i++) {
        if (waitpid(sv->pid, &status, WNOHANG) == sv->pid) {
            sv->pid = 0;
            return WIFEXITED(status) && WEXITSTATUS(status) == 0;
        }
        ops_sleep_ms(25);
    }
    ops_server_kill9(sv);
    return false;
}

/* ---- HTTP ------------------------------------------------------------- */

typedef struct collect_ctx {
    ops_answer *a;
    size_t len;
} collect_ctx;

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
    collect_ctx *cc = arg;
    size_t add = size * n;
    if (cc->len + add < sizeof cc->a->body) {
        memcpy(cc->a->body + cc->len, data, add);
        cc->len += add;
        cc->a->body[cc->len] = '\0';
    }
    return add;
}

static void header_value(const char *line, size_t len, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    if (len <= nl || strncasecmp(line, name, nl) != 0)
        return;
    const char *v = line + nl;
    size_t vl = len - nl;
    while (vl > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        vl--;
    }
    while (vl > 0 && (v[vl - 1] == '\r' || v[vl - 1] == '\n'))
        vl--;
    snprintf(out, n, "%.*s", (int)vl, v);
}

static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    ops_answer *a = arg;
    size_t len = size * n;
    header_value(data, len, "content-type:", a->content_type, sizeof a->content_type);
    header_value(data, len, "retry-after:", a->retry_after, sizeof a->retry_after);
    header_value(data, len, "strict-transport-security:", a->hsts, sizeof a->hsts);
    header_value(data, len, "set-cookie:", a->set_cookie, sizeof a->set_cookie);
    return len;
}

void ops_answer_clear(ops_answer *a)
{
    json_decref(a->json);
    a->json = NULL;
}

bool ops_http_with(void *handle, int port, const char *method, const char *path, const char *token,
                   const char *json, ops_answer *out)
{
    CURL *curl = handle;
    char url[300], auth[220];
    memset(out, 0, sizeof *out);
    snprintf(url, sizeof url, "%s://127.0.0.1:%d%s", ops_ca[0] ? "https" : "http", port, path);
    /* The checks read the problems' English texts (Dutch is the default). */
    struct curl_slist *headers = curl_slist_append(NULL, "Accept-Language: en");
    if (json)
        headers = curl_slist_append(headers, "Content-Type: application/json");
    if (token && strncmp(token, "cookie:", 7) == 0) {
        snprintf(auth, sizeof auth, "Cookie: %s", token + 7);
        headers = curl_slist_append(headers, auth);
    } else if (token) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
        headers = curl_slist_append(headers, auth);
    }
    collect_ctx cc = {.a = out, .len = 0};
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    if (json)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, json);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &cc);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, out);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "*");
    if (ops_ca[0])
        curl_easy_setopt(curl, CURLOPT_CAINFO, ops_ca);
    bool ok = curl_easy_perform(curl) == CURLE_OK;
    if (ok)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
    curl_slist_free_all(headers);
    out->json = ok ? json_loads(out->body, 0, NULL) : NULL;
    return ok;
}

bool ops_http(int port, bool tls, const char *method, const char *path, const char *token,
              const char *json, ops_answer *out)
{
    (void)tls;
    CURL *curl = curl_easy_init();
    bool ok = ops_http_with(curl, port, method, path, token, json, out);
    curl_easy_cleanup(curl);
    return ok;
}

/* ---- the writes ------------------------------------------------------- */

const char *const ops_kind_table[OPS_KINDS] = {"persons", "signals", "referrals", "concerns"};
static ops_ack acks[OPS_MAX_ACKS];
static atomic_int nacks;

void ops_acks_reset(void)
{
    for (int i = 0; i < ops_acks_count(); i++)
        atomic_store(&acks[i].ready, 0);
    atomic_store(&nacks, 0);
}

int ops_acks_count(void)
{
    int n = atomic_load(&nacks);
    return n < OPS_MAX_ACKS ? n : OPS_MAX_ACKS;
}

const ops_ack *ops_acks(void)
{
    return acks;
}

void ops_ack_add(ops_kind kind, const char *id, const char *name)
{
    int at = atomic_fetch_add(&nacks, 1);
    if (at >= OPS_MAX_ACKS)
        return;
    acks[at].kind = kind;
    snprintf(acks[at].id, sizeof acks[at].id, "%s", id);
    snprintf(acks[at].name, sizeof acks[at].name, "%s", name ? name : "");
    atomic_store(&acks[at].ready, 1);
}

/* Letters for numbers: names take no digits. */
static void letters(int v, char *out)
{
    int n = 0;
    do {
        out[n++] = (char)('a' + v % 26);
        v /= 26;
    } while (v > 0 && n < 7);
    out[n] = '\0';
}

long ops_write(void *curl, int port, const char *token, ops_kind kind, int t, int i,
               const char *person, const char *org, char id[40], char name[64])
{
    char json[700], tl[8], il[8];
    const char *path = "";
    letters(t, tl);
    letters(i, il);
    name[0] = '\0';
    switch (kind) {
    case OPS_PERSON:
        snprintf(name, 64, "Ops Kind %s %s", tl, il);
        snprintf(json, sizeof json,
                 "{\"name\":\"%s\",\"birthDate\":\"2016-04-02\",\"gender\":\"female\","
                 "\"municipality\":\"Utrecht\"}",
                 name);
        path = "/api/v1/persons";
        break;
    case OPS_SIGNAL:
        snprintf(name, 64, "Waargenomen bij de crashtest %s %s.", tl, il);
        snprintf(json, sizeof json,
                 "{\"personId\":\"%s\",\"observedOn\":\"%s\",\"setting\":\"school\","
                 "\"observation\":\"%s\",\"indicators\":[\"SCH-01\"]}",
                 person, ops_today, name);
        path = "/api/v1/signals";
        break;
    case OPS_REFERRAL:
        snprintf(json, sizeof json,
                 "{\"personId\":\"%s\",\"to\":\"%s\",\"purpose\":\"care\","
                 "\"legalBasis\":\"consent\",\"consentParty\":\"parent\",\"consentOn\":\"%s\","
                 "\"shares\":[\"identity\"]}",
                 person, org, ops_today);
        path = "/api/v1/referrals";
        break;
    case OPS_CONCERN:
    default:
        snprintf(name, 64, "Zorg %s%s", tl, il);
        snprintf(json, sizeof json,
                 "{\"ground\":\"neglect\",\"givenNames\":\"Ops\",\"surname\":\"%s\","
                 "\"birthDate\":\"%d-%02d-%02d\",\"sex\":\"male\",\"contact\":\"ops %s %s\","
                 "\"address\":{\"postcode\":\"3511 BB\",\"houseNumber\":%d}}",
                 name, 2009 + (t + i / 336) % 6, 1 + i % 12, 1 + (i / 12) % 28, tl, il,
                 1 + (t * 4099 + i) % 9999);
        path = "/api/v1/concerns";
        break;
    }
    ops_answer a;
    id[0] = '\0';
    ops_http_with(curl, port, "POST", path, token, json, &a);
    const char *v = json_string_value(json_object_get(a.json, "id"));
    if (a.status == 201 && v && strlen(v) < 40)
        snprintf(id, 40, "%s", v);
    ops_answer_clear(&a);
    return a.status;
}

void ops_check_acks(const char *what)
{
    int n = ops_acks_count(), missing = 0;
    int per[OPS_KINDS] = {0};
    for (int i = 0; i < n; i++) {
        char sql[200];
        snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM %s WHERE public_id = $1",
                 ops_kind_table[acks[i].kind]);
        long long k = ops_db_count(sql, acks[i].id);
        per[acks[i].kind]++;
        if (k != 1) {
            missing++;
            if (missing <= 5)
                fprintf(stderr, "ops_test: %s %s is there %lld times\n",
                        ops_kind_table[acks[i].kind], acks[i].id, k);
        }
    }
    ops_check(missing == 0,
              "%s: each of the %d acknowledged writes is there exactly once (%d persons, %d"
              " signals, %d referrals, %d concerns)",
              what, n, per[OPS_PERSON], per[OPS_SIGNAL], per[OPS_REFERRAL], per[OPS_CONCERN]);
}
