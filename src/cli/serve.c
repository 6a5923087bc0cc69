/* signaal init and signaal serve. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "security/audit.h"
#include "security/audit_spool.h"
#include "http/http.h"
#include "service/network/network.h"

static const cli_option init_options[] = {
    {"db", "PATH", "the database to create or migrate (SIGNAAL_DB)"},
    {"demo", NULL, "load demo organisations, users and synthetic children"},
    {"data", "DIR", "where the data files to publish come from (default: the source tree's data/)"},
    {"catalogue-safeguards", "FILE",
     "what indicators may be about (observation kinds, protected attributes) when not published"},
    {"catalogue", "FILE", "indicator catalogue to publish when there is none"},
    {"guidance", "FILE", "guidance rules to publish when there are none"},
    {"clocks", "FILE", "clock rules to publish when there are none"},
    {"screening", "FILE", "screening rules to publish when there are none"},
    {"interventions", "FILE", "intervention catalogue to publish when there is none"},
    {"concern-grounds", "FILE", "reference index grounds to publish when there are none"},
    {"network-alerts", "FILE", "network alert rules to publish when there are none"},
    {"prosecution", "FILE",
     "rules of the OM's decisions and diversions to publish when there are none"},
    {"monitor", "FILE", "the progress report's definition to publish when there is none"},
    {"regions", "FILE", "municipalities, safety regions and police units to publish"},
    {"measures", "FILE", "the programme's measures to publish when there are none"},
    {"consent", "FILE", "whose consent counts, by age and receiver, when not published"},
    {"retention", "FILE", "how long each kind of record is kept, when not published"},
    {"subject-access", "FILE", "what a copy for subject access says, when none is published"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

int cli_init(int argc, char **argv)
{
    cli_args args;
    int rc = cli_parse("init", init_options, argc, argv, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help) {
        cli_usage("signaal init --db PATH [--demo]",
                  "Creates the database and its key file (PATH.key, or SIGNAAL_KEY_FILE), or\n"
                  "brings an existing database up to the current schema.  Keep the key file\n"
                  "safe and backed up apart from the database: without it nothing encrypted\n"
                  "can be read.",
                  init_options);
        return EXIT_OK;
    }
    app *a = NULL;
    rc = cli_open(&args, true, &a);
    if (rc != EXIT_OK)
        return rc;
    int version = 0;
    if (store_schema_version(a->db, &version) != SG_OK) {
        app_close(a);
        return cli_fail("reading the schema version", SG_EDB, NULL);
    }
    /* Whatever is not published yet comes from data/. */
    static const struct {
        const char *kind;
        const char *option;
        const char *file;
    } seeds[] = {
        {"catalogue-safeguards", "catalogue-safeguards", "catalogue-safeguards.json"},
        {NULL, "catalogue", "indicators.tsv"},
        {"guidance", "guidance", "guidance.json"},
        {"clocks", "clocks", "clocks.json"},
        {"screening", "screening", "screening.json"},
        {"interventions", "interventions", "interventions.json"},
        {"concern-grounds", "concern-grounds", "concern-grounds.json"},
        {"network-alerts", "network-alerts", "network-alerts.json"},
        {"prosecution", "prosecution", "prosecution.json"},
        {"monitor", "monitor", "monitor.json"},
        {"regions", "regions", "regions.json"},
        {"measures", "measures", "measures.json"},
        {"consent", "consent", "consent.json"},
        {"retention", "retention", "retention.json"},
        {"subject-access", "subject-access", "subject-access.json"},
    };
    rc = EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < sizeof seeds / sizeof seeds[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", cli_setting(&args, "data", SIGNAAL_SOURCE_DIR "/data"),
                 seeds[i].file);
        rc = cli_seed(a, seeds[i].kind, cli_setting(&args, seeds[i].option, path));
    }
    if (rc == EXIT_OK)
        rc = cli_learning_seed(a, cli_setting(&args, "data", SIGNAAL_SOURCE_DIR "/data"));
    if (rc == EXIT_OK && cli_switch(&args, "demo"))
        rc = cli_demo_load(a);
    if (rc == EXIT_OK)
        fprintf(stderr, "signaal: database %s ready (schema version %d)\n",
                cli_setting(&args, "db", ""), version);
    app_close(a);
    return rc;
}

/* Once listening: where to open signaal, and with demo data how to begin. */
static void tell_ready(void *ctx, const char *url)
{
    cli_demo_ready(ctx, url);
}

static const cli_option serve_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"listen", "ADDR:PORT", "where to listen (default 127.0.0.1:8080; port 0 picks a free one)"},
    {"port-file", "FILE", "write the port there once listening"},
    {"web", "DIR", "the browser front end's files (default: the source tree's web/)"},
    {"threads", "N", "request threads (default 4)"},
    {"max-body", "BYTES",
     "largest request body accepted from a logged-in caller (default 1048576)"},
    {"body-budget", "BYTES", "all request bodies being read at once, together (default 67108864)"},
    {"session-idle", "SECONDS", "a session ends after this much inactivity (default 1800)"},
    {"session-max", "SECONDS", "and at the latest this long after log-in (default 43200)"},
    {"login-max-failures", "N", "failed log-ins per account before a pause (default 5)"},
    {"login-window", "SECONDS", "how long failed log-ins count (default 900)"},
    {"step-days", "DAYS", "days allowed for each next Meldcode step (default 7)"},
    {"stale-days", "DAYS", "flag a case without progress this long (default 14)"},
    {"match-days", "DAYS", "days to make contact on a reference-index match (default 7)"},
    {"concern-rate", "N", "registrations and withdrawals per user per window (default 100)"},
    {"concern-window", "SECONDS", "the window of --concern-rate (default 3600)"},
    {"escalate-every", "SECONDS", "how often missed deadlines are escalated (default 300)"},
    {"anchor-every", "SECONDS", "how often the audit trail's head is checkpointed (default 60)"},
    {"anchor-file", "FILE",
     "append-only file of audit checkpoints (default: the SQLite path"
     " + .anchors; PostgreSQL: none unless given)"},
    {"secure-cookies", NULL, "mark the session cookie Secure (behind HTTPS)"},
    {"no-audit-spool", NULL,
     "SQLite: append each read's audit entry in a transaction of its own, not to the spool"},
    {"tls-cert", "FILE", "serve HTTPS with this certificate chain (PEM; with --tls-key)"},
    {"tls-key", "FILE", "the certificate's private key (PEM, readable by no one else)"},
    {"trusted-proxy", "ADDRS", "reverse proxies (comma-separated) whose X-Forwarded-For is used"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

#define PEM_MAX (1 << 20)

/* Reads a PEM file (certificate chain or private key) into a new string.
 * A private key that anyone on the machine may read is refused. */
static int read_pem(const char *path, bool secret, char **out)
{
    struct stat st;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f || fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fprintf(stderr, "signaal serve: cannot read %s: %s\n", path,
                f ? "not a regular file" : strerror(errno));
        if (f)
            fclose(f);
        return EXIT_FAIL;
    }
    if (secret && (st.st_mode & 007) != 0) {
        fprintf(stderr, "signaal serve: the TLS key %s may be read by anyone (chmod 600 it)\n",
                path);
        fclose(f);
        return EXIT_FAIL;
    }
    char *text = sg_calloc(1, PEM_MAX + 1);
    size_t n = text ? fread(text, 1, PEM_MAX, f) : 0;
    bool whole = text && feof(f) && !ferror(f);
    fclose(f);
    if (!whole || !strstr(text, "-----BEGIN ")) {
        fprintf(stderr, "signaal serve: %s is not a PEM file (or larger than 1 MiB)\n", path);
        if (text)
            sodium_memzero(text, n);
        sg_free(text);
        return EXIT_FAIL;
    }
    *out = text;
    return EXIT_OK;
}

/* Wipes and frees what read_pem read. */
static void free_pem(char *pem)
{
    if (!pem)
        return;
    sodium_memzero(pem, strlen(pem));
    sg_free(pem);
}

int cli_serve(int argc, char **argv)
{
    cli_args args;
    int rc = cli_parse("serve", serve_options, argc, argv, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help) {
        cli_usage("signaal serve --db PATH [--listen ADDR:PORT]",
                  "Runs the HTTP API and the browser front end until SIGTERM or SIGINT, then\n"
                  "finishes the requests in flight and stops.  One line per request goes to\n"
                  "standard error: time, method, route, status, duration and user id.",
                  serve_options);
        return EXIT_OK;
    }
    long threads, max_body, body_budget, idle, max_age, failures, window, step_days, stale_days,
        match_days, concern_rate, concern_window, escalate_every, anchor_every;
    if (cli_int_setting(&args, "threads", 4, 1, 256, &threads) != EXIT_OK
        || cli_int_setting(&args, "max-body", 1 << 20, 1024, 64L << 20, &max_body) != EXIT_OK
        || cli_int_setting(&args, "body-budget", 64L << 20, 1024, 4096L << 20, &body_budget)
               != EXIT_OK
        || cli_int_setting(&args, "session-idle", 1800, 1, 86400, &idle) != EXIT_OK
        || cli_int_setting(&args, "session-max", 43200, 60, 7 * 86400, &max_age) != EXIT_OK
        || cli_int_setting(&args, "login-max-failures", 5, 1, 1000, &failures) != EXIT_OK
        || cli_int_setting(&args, "login-window", 900, 1, 86400, &window) != EXIT_OK
        || cli_int_setting(&args, "step-days", 7, 1, 365, &step_days) != EXIT_OK
        || cli_int_setting(&args, "stale-days", 14, 0, 365, &stale_days) != EXIT_OK
        || cli_int_setting(&args, "match-days", 7, 0, 365, &match_days) != EXIT_OK
        || cli_int_setting(&args, "concern-rate", 100, 1, 1000000, &concern_rate) != EXIT_OK
        || cli_int_setting(&args, "concern-window", 3600, 1, 7 * 86400, &concern_window) != EXIT_OK
        || cli_int_setting(&args, "escalate-every", 300, 1, 86400, &escalate_every) != EXIT_OK
        || cli_int_setting(&args, "anchor-every", 60, 1, 86400, &anchor_every) != EXIT_OK)
        return EXIT_USAGE;
    const char *proxies = cli_setting(&args, "trusted-proxy", NULL);
    if (proxies && !http_proxy_list_valid(proxies)) {
        fprintf(stderr, "signaal serve: --trusted-proxy takes IP addresses, comma-separated\n");
        return EXIT_USAGE;
    }

    /* The server waits for these signals itself; no other thread may take them. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    const char *tls_cert = cli_setting(&args, "tls-cert", NULL);
    const char *tls_key = cli_setting(&args, "tls-key", NULL);
    if (!tls_cert != !tls_key) {
        fprintf(stderr, "signaal serve: --tls-cert and --tls-key go together\n");
        return EXIT_USAGE;
    }
    char *cert_pem = NULL, *key_pem = NULL;
    if (tls_cert
        && (read_pem(tls_cert, false, &cert_pem) != EXIT_OK
            || read_pem(tls_key, true, &key_pem) != EXIT_OK)) {
        free_pem(cert_pem);
        return EXIT_FAIL;
    }

    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK) {
        free_pem(cert_pem);
        free_pem(key_pem);
        return rc;
    }
    a->cfg.session_idle_s = (int)idle;
    a->cfg.session_max_s = (int)max_age;
    a->cfg.login_max_account = (int)failures;
    a->cfg.login_window_s = (int)window;
    a->cfg.step_days = (int)step_days;
    a->cfg.stale_days = (int)stale_days;
    a->cfg.match_days = (int)match_days;
    a->cfg.concern_rate_max = (int)concern_rate;
    a->cfg.concern_rate_window_s = (int)concern_window;
    const char *listen = cli_setting(&args, "listen", "127.0.0.1:8080");
    http_options opt = {
        .listen = listen,
        .port_file = cli_setting(&args, "port-file", NULL),
        .web_dir = cli_setting(&args, "web", SIGNAAL_SOURCE_DIR "/web"),
        .threads = (int)threads,
        .max_body = (size_t)max_body,
        .body_budget = (size_t)body_budget,
        .secure_cookies =
            cli_switch(&args, "secure-cookies") || strncmp(listen, "127.", 4) != 0 || cert_pem,
        .trusted_proxies = proxies,
        .ready = tell_ready,
        .tls_cert = cert_pem,
        .tls_key = key_pem,
    };
    /* Housekeeping runs beside the server: retention at start and every 24
     * hours, the escalation of missed deadlines every --escalate-every, the
     * audit checkpoints every --anchor-every. */
    cli_housekeeping_options hk = {.escalate_every_s = (int)escalate_every,
                                   .anchor_every_s = (int)anchor_every};
    if (audit_anchor_path(cli_setting(&args, "db", NULL), cli_setting(&args, "anchor-file", NULL),
                          hk.anchor_file, sizeof hk.anchor_file)
        != SG_OK)
        hk.anchor_file[0] = '\0';
    /* A trail that no longer holds what the server last anchored was wiped
     * or rolled back: refuse to serve until someone has looked. */
    audit_checkpoint last;
    if (hk.anchor_file[0] && audit_anchor_last(hk.anchor_file, &last) == SG_OK) {
        char own[VAULT_PUBLIC_KEY_HEX];
        audit_report rep = {0};
        if (vault_public_key(a->keys, own) != SG_OK
            || audit_checkpoint_check(a->db, own, &last, "the last checkpoint", &rep) != SG_OK
            || rep.broken_seq != 0) {
            fprintf(stderr,
                    "signaal serve: the audit trail does not hold what it held before: %s.\n"
                    "Investigate (signaal audit verify); after restoring a backup on purpose,"
                    " move %s aside.\n",
                    rep.reason[0] ? rep.reason : "the anchor file cannot be checked",
                    hk.anchor_file);
            app_close(a);
            free_pem(cert_pem);
            free_pem(key_pem);
            return EXIT_FAIL;
        }
    }
    /* The audit entries of reads go to a spool beside an SQLite database
     * (security/audit_spool.h); what a previous run left there is moved
     * into the trail first. */
    const char *sqlite_path = store_sqlite_path(cli_setting(&args, "db", ""));
    if (sqlite_path && !cli_switch(&args, "no-audit-spool")) {
        rc = audit_spool_open(a->db, a->keys, a->spool_path, &a->spool);
        if (rc != SG_OK) {
            fprintf(stderr, "signaal serve: cannot open the audit spool %s%s\n", a->spool_path,
                    rc == SG_EUNAVAILABLE ? ": another server keeps it" : "");
            app_close(a);
            return EXIT_FAIL;
        }
    }
    cli_housekeeping *keeper = NULL;
    if (cli_housekeeping_start(a, &hk, &keeper) != SG_OK)
        fprintf(stderr, "signaal serve: cannot start the housekeeping timer\n");
    cli_keywatch *keywatch = NULL;
    if (cli_keywatch_start(a, &keywatch) != SG_OK)
        fprintf(stderr, "signaal serve: cannot start the watch on the field keys\n");
    /* The one graph worker: every network analysis runs on its thread. */
    if (network_worker_start(a) != SG_OK)
        fprintf(stderr, "signaal serve: cannot start the graph worker\n");
    opt.ready_ctx = a;
    rc = http_serve(a, &opt);
    network_worker_stop(a);
    /* Every read's entry in the trail before the last checkpoint. */
    audit_spool_close(a->spool);
    a->spool = NULL;
    cli_keywatch_stop(keywatch);
    cli_housekeeping_stop(keeper);
    openapi_release();
    app_close(a);
    free_pem(cert_pem);
    free_pem(key_pem);
    return rc == SG_OK ? EXIT_OK : EXIT_FAIL;
}
