/* signaal report: the yearly progress report from the command line, acting
 * as one user (--as LOGIN) with that user's view of the figures.  The same
 * use case as the API: the same protection, the same release log and audit
 * entry (client "cli").  A refused request writes nothing. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "service/monitor/monitor.h"

static const cli_option report_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"as", "LOGIN", "the user whose view of the figures is reported"},
    {"year", "YYYY", "the year of the report"},
    {"municipality", "NAME", "one municipality (national analysts; a municipality's own)"},
    {"format", "FORMAT", "json, csv or html"},
    {"method", "METHOD", "suppression (default) or cell-key"},
    {"lang", "LANG", "html: nl (default) or en"},
    {"out", "FILE", "write the report there instead of to standard output"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static int run(app *a, const actor *who, const cli_args *args, const char *format)
{
    monitor_request req = {.year = cli_setting(args, "year", NULL),
                           .municipality = cli_setting(args, "municipality", NULL),
                           .method = cli_setting(args, "method", NULL)};
    svc_error err = {0};
    json_t *report = NULL;
    int rc = monitor_report(a, who, &req, &report, &err);
    if (rc == SG_EFORBIDDEN) {
        fprintf(stderr, "signaal report: %s\n", err.reason ? err.reason : "not allowed");
        return EXIT_FAIL;
    }
    if (rc == SG_EUNAVAILABLE) {
        fprintf(stderr, "signaal report: the report's definition or regions are not published;"
                        " run signaal init\n");
        return EXIT_FAIL;
    }
    if (rc != SG_OK)
        return cli_fail("report", rc, &err);
    char *text = NULL;
    if (strcmp(format, "json") == 0) {
        text = json_dumps(report, JSON_INDENT(2) | JSON_SORT_KEYS);
        rc = text ? SG_OK : SG_ENOMEM;
    } else if (strcmp(format, "csv") == 0) {
        rc = monitor_render_csv(report, &text);
    } else {
        json_t *measures = NULL;
        if (monitor_measures(a, who, &measures) == SG_OK)
            json_object_set_new(report, "measures", measures);
        const char *lang = cli_setting(args, "lang", "nl");
        rc = monitor_render_html(report, strcmp(lang, "en") != 0, &text);
    }
    json_decref(report);
    if (rc != SG_OK)
        return cli_fail("report", rc, NULL);
    int out = cli_write_out(args, "report", "report", text);
    if (strcmp(format, "json") == 0) {
        free(text); /* jansson's allocation */
        if (out == EXIT_OK && !cli_setting(args, "out", NULL))
            fputc('\n', stdout);
    } else {
        sg_free(text);
    }
    return out;
}

int cli_report(int argc, char **argv)
{
    cli_args args;
    int rc = cli_parse("report", report_options, argc, argv, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help) {
        cli_usage("signaal report --db PATH --as LOGIN --year YYYY [--municipality NAME]\n"
                  "               --format json|csv|html [--out FILE]",
                  "The yearly progress report as the user --as sees it: counts of unique\n"
                  "children per figure, protected so that no figure singles out a child\n"
                  "(cells below the threshold and the cells that would give them away are\n"
                  "suppressed), with lead times and, in html, charts and the measures.\n"
                  "Each report is recorded in the release log and audited.",
                  report_options);
        return EXIT_OK;
    }
    const char *format = cli_setting(&args, "format", NULL);
    const char *login = cli_setting(&args, "as", NULL);
    if (!format
        || (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0
            && strcmp(format, "html") != 0)) {
        fprintf(stderr, "signaal report: --format must be json, csv or html\n");
        return EXIT_USAGE;
    }
    if (!login || !cli_setting(&args, "year", NULL)) {
        fprintf(stderr, "signaal report: give --as LOGIN and --year YYYY\n");
        return EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    actor who;
    rc = cli_acting(a, &args, "report", &who);
    if (rc == EXIT_OK)
        rc = run(a, &who, &args, format);
    app_close(a);
    return rc;
}
