/* signaal retention run: the purge steps of service/refindex/retention.h
 * (the server runs them too, see housekeeping.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/text.h"
#include "cli/cli.h"
#include "service/refindex/retention.h"

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
