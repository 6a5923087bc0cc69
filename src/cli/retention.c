/* signaal retention run: every kind of record past its published period,
 * deleted unless a legal hold keeps it (service/legal/retention.h; the
 * server runs it too, see housekeeping.c). */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/text.h"
#include "cli/cli.h"
#include "service/legal/retention.h"

static const cli_option retention_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"today", "YYYY-MM-DD", "purge as of this date (default: today)"},
    {"dry-run", NULL, "count what would go and what is held, delete nothing"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

/* Progress on stderr: on a terminal one line, rewritten after every batch;
 * otherwise (a log) a line every 1000 records of a kind. */
typedef struct progress_mark {
    bool tty;
    const char *kind;
    int64_t last;
} progress_mark;

static void show_progress(const char *kind, int64_t purged, int64_t held, void *ctx)
{
    progress_mark *m = ctx;
    if (m->tty) {
        fprintf(stderr, "\r%-13s %lld purged, %lld held   ", kind, (long long)purged,
                (long long)held);
        return;
    }
    if (m->kind != kind) {
        m->kind = kind;
        m->last = 0;
    }
    if (purged + held - m->last >= 1000) {
        fprintf(stderr, "retention: %s: %lld purged, %lld held so far\n", kind, (long long)purged,
                (long long)held);
        m->last = purged + held;
    }
}

static void print_report(const retention_report *rep, bool dry_run)
{
    printf("%s %lld record(s):", dry_run ? "would purge" : "purged", (long long)rep->total);
    for (int t = 0; t < RT_COUNT; t++)
        printf(" %s %lld%s", rep->kinds[t].kind, (long long)rep->kinds[t].purged,
               t + 1 < RT_COUNT ? "," : "\n");
    printf("kept %lld record(s) under a legal hold", (long long)rep->total_held);
    const char *sep = ":";
    for (int t = 0; t < RT_COUNT; t++) {
        int64_t held = 0;
        for (int h = 0; h < HOLD_COUNT; h++)
            held += rep->kinds[t].held[h];
        if (!held)
            continue;
        printf("%s %s %lld (", sep, rep->kinds[t].kind, (long long)held);
        const char *inner = "";
        for (int h = HOLD_NONE + 1; h < HOLD_COUNT; h++)
            if (rep->kinds[t].held[h]) {
                printf("%s%s %lld", inner, retention_hold_name((retention_hold)h, false),
                       (long long)rep->kinds[t].held[h]);
                inner = ", ";
            }
        printf(")");
        sep = ";";
    }
    printf("\n");
}

int cli_retention(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("retention", retention_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help || strcmp(sub, "run") != 0) {
        cli_usage("signaal retention run --db PATH [--today YYYY-MM-DD] [--dry-run] [--json]",
                  "Deletes every record whose retention period has passed, by the published\n"
                  "retention rules (data/retention.json: a period and its legal source per\n"
                  "kind of record): reference-index registrations that ended and their old\n"
                  "flags, referrals, cases, signals that led to nothing, enrolments, the OM's\n"
                  "decisions, screenings, and the identity of a child with nothing left.  A\n"
                  "record under a legal hold (a running clock, an open case, a screening\n"
                  "awaiting the OM) is kept and counted with its reason.  Every deletion is\n"
                  "audited, without content.  The server runs this at start and every 24 hours.",
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
    bool json = cli_switch(&args, "json"), dry_run = cli_switch(&args, "dry-run");
    bool tty = !json && isatty(STDERR_FILENO);
    progress_mark mark = {.tty = tty};
    int st = retention_run(a, &who, cli_setting(&args, "today", NULL), dry_run, &rep,
                           json ? NULL : show_progress, &mark);
    app_close(a);
    if (tty)
        fprintf(stderr, "\n");
    if (st == SG_EINVAL) {
        fprintf(stderr, "signaal retention: --today must be a date as YYYY-MM-DD\n");
        return EXIT_USAGE;
    }
    if (st == SG_ESTATE) {
        fprintf(stderr, "signaal retention: no retention rules are published"
                        " (signaal rules publish --kind retention FILE)\n");
        return EXIT_FAIL;
    }
    if (st != SG_OK)
        return cli_fail("retention run", st, NULL);
    if (json)
        cli_print_json(retention_report_json(&rep, dry_run));
    else
        print_report(&rep, dry_run);
    return EXIT_OK;
}
