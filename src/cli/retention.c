/* signaal retention run, and the server's housekeeping timer: the purge
 * steps of service/refindex/retention.h at start and every 24 hours, and
 * the chain's escalation of missed deadlines every five minutes. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "base/mem.h"
#include "base/text.h"
#include "cli/cli.h"
#include "service/chain/chain.h"
#include "service/refindex/retention.h"

#define RETENTION_EVERY_S (24 * 3600)

static const cli_option retention_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"today", "YYYY-MM-DD", "purge as of this date (default: today, UTC)"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static void show_progress(const char *step, int64_t purged, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "\r%s: %lld purged", step, (long long)purged);
}

int cli_retention(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("retention", retention_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help || strcmp(sub, "run") != 0) {
        cli_usage("signaal retention run --db PATH [--today YYYY-MM-DD] [--json]",
                  "Purges what must not be kept any longer: registrations of the reference\n"
                  "index that ended (withdrawn, a recorded death, two years, the 23rd\n"
                  "birthday) with their matches, and old acknowledged flags.  Every purged\n"
                  "registration is audited.  The server runs this at start and every 24 hours.",
                  retention_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    actor who;
    access_system_actor(&who);
    retention_report rep;
    bool json = cli_switch(&args, "json");
    int st = retention_run(a, &who, cli_setting(&args, "today", NULL), &rep,
                           !json && isatty(STDERR_FILENO) ? show_progress : NULL, NULL);
    app_close(a);
    if (!json && isatty(STDERR_FILENO))
        fprintf(stderr, "\n");
    if (st == SG_EINVAL) {
        fprintf(stderr, "signaal retention: --today must be a date as YYYY-MM-DD\n");
        return EXIT_USAGE;
    }
    if (st != SG_OK)
        return cli_fail("retention run", st, NULL);
    if (json) {
        json_t *steps = json_object();
        for (int i = 0; steps && i < rep.nsteps; i++)
            json_object_set_new(steps, rep.steps[i].name, json_integer(rep.steps[i].purged));
        cli_print_json(json_pack("{s:I, s:o}", "purged", (json_int_t)rep.total, "steps", steps));
    } else {
        printf("purged %lld record(s):", (long long)rep.total);
        for (int i = 0; i < rep.nsteps; i++)
            printf(" %s %lld%s", rep.steps[i].name, (long long)rep.steps[i].purged,
                   i + 1 < rep.nsteps ? "," : "\n");
    }
    return EXIT_OK;
}

/* ---- the server's timer ------------------------------------------------ */

struct cli_retention_timer {
    app *a;
    int tick_s; /* between escalation sweeps */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
};

/* Tells the organisations whose deadlines passed, without waiting for
 * someone there to open their tasks. */
static void escalate(app *a)
{
    int n = 0;
    int rc = chain_escalate(a, &n);
    if (rc != SG_OK)
        log_error("escalation: %s", sg_status_str(rc));
    else if (n > 0)
        log_info("escalation: %d missed deadline(s) notified", n);
}

static void run_once(app *a)
{
    actor who;
    access_system_actor(&who);
    text_copy(who.client, sizeof who.client, "server");
    retention_report rep;
    int rc = retention_run(a, &who, NULL, &rep, NULL, NULL);
    if (rc != SG_OK)
        log_error("retention: %s", sg_status_str(rc));
    else
        log_info("retention: purged %lld record(s)", (long long)rep.total);
}

static void *timer_main(void *arg)
{
    cli_retention_timer *t = arg;
    long tick = 0, retention_every = RETENTION_EVERY_S / t->tick_s;
    pthread_mutex_lock(&t->lock);
    while (!t->stop) {
        pthread_mutex_unlock(&t->lock);
        if (tick++ % (retention_every > 0 ? retention_every : 1) == 0)
            run_once(t->a);
        escalate(t->a);
        pthread_mutex_lock(&t->lock);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += t->tick_s;
        while (!t->stop && pthread_cond_timedwait(&t->wake, &t->lock, &until) != ETIMEDOUT)
            ;
    }
    pthread_mutex_unlock(&t->lock);
    return NULL;
}

int cli_retention_start(app *a, int tick_s, cli_retention_timer **out)
{
    cli_retention_timer *t = sg_calloc(1, sizeof *t);
    if (!t)
        return SG_ENOMEM;
    t->a = a;
    t->tick_s = tick_s > 0 ? tick_s : 1;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&t->thread, NULL, timer_main, t) != 0) {
        pthread_cond_destroy(&t->wake);
        pthread_mutex_destroy(&t->lock);
        sg_free(t);
        return SG_EINTERNAL;
    }
    *out = t;
    return SG_OK;
}

void cli_retention_stop(cli_retention_timer *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_signal(&t->wake);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->thread, NULL);
    pthread_cond_destroy(&t->wake);
    pthread_mutex_destroy(&t->lock);
    sg_free(t);
}
