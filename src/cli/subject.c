/* signaal export-person: the copy for subject access (AVG art. 15) from
 * the command line, acting as one privacy officer (--as LOGIN) with that
 * officer's scope.  The same use case as the API: the same records, the
 * same audit entries (client "cli").  A refused request writes nothing. */
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "cli/cli.h"
#include "service/subject/subject.h"

static const cli_option export_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"as", "LOGIN", "the privacy officer who makes the copy"},
    {"bsn-stdin", NULL,
     "read the child's citizen service number from standard input instead of ID"},
    {"reference", "TEXT", "the request's reference in the privacy officer's files (audited)"},
    {"format", "FORMAT", "json (default) or html"},
    {"lang", "LANG", "html: nl (default) or en"},
    {"out", "FILE", "write the copy there instead of to standard output"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static int run(app *a, const actor *who, const cli_args *args, const subject_request *in, bool html)
{
    svc_error err = {0};
    json_t *copy = NULL;
    int rc = subject_export(a, who, in, &copy, &err);
    if (rc == SG_EFORBIDDEN) {
        fprintf(stderr, "signaal export-person: only a privacy officer makes this copy\n");
        return EXIT_FAIL;
    }
    if (rc == SG_ENOTFOUND) {
        fprintf(stderr, "signaal export-person: no such child in your organisation's records\n");
        return EXIT_FAIL;
    }
    if (rc == SG_EUNAVAILABLE) {
        fprintf(stderr, "signaal export-person: the subject-access rules are not published;"
                        " run signaal init\n");
        return EXIT_FAIL;
    }
    if (rc != SG_OK)
        return cli_fail("export-person", rc, &err);
    char *text = NULL;
    if (html) {
        const char *lang = cli_setting(args, "lang", "nl");
        rc = subject_render_html(copy, strcmp(lang, "en") != 0, &text);
    } else {
        char *dump = json_dumps(copy, JSON_INDENT(2) | JSON_SORT_KEYS);
        text = dump ? sg_strdup(dump) : NULL;
        free(dump); /* jansson's allocation */
        rc = text ? SG_OK : SG_ENOMEM;
    }
    json_decref(copy);
    if (rc != SG_OK)
        return cli_fail("export-person", rc, NULL);
    int out = cli_write_out(args, "export-person", "copy", text);
    if (!html && out == EXIT_OK && !cli_setting(args, "out", NULL))
        fputc('\n', stdout);
    sg_free(text);
    return out;
}

int cli_export_person(int argc, char **argv)
{
    cli_args args;
    int rc = cli_parse("export-person", export_options, argc, argv, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help) {
        cli_usage("signaal export-person --db PATH --as LOGIN [--reference TEXT]\n"
                  "                      [--format json|html] [--lang nl|en] [--out FILE]\n"
                  "                      ID | --bsn-stdin",
                  "A copy of everything signaal holds about one child (AVG art. 15), with\n"
                  "who saw it and when, for the privacy officer --as: their organisation's\n"
                  "records, or every organisation's for the national office's privacy\n"
                  "officer.  ID is the child's id; every other record of the same BSN in\n"
                  "scope is included.  With --bsn-stdin the child is found by BSN, also\n"
                  "when only the reference index holds them.  The copy is audited.",
                  export_options);
        return EXIT_OK;
    }
    const char *format = cli_setting(&args, "format", "json");
    const char *lang = cli_setting(&args, "lang", "nl");
    const char *login = cli_setting(&args, "as", NULL);
    bool by_bsn = cli_switch(&args, "bsn-stdin");
    if (strcmp(format, "json") != 0 && strcmp(format, "html") != 0) {
        fprintf(stderr, "signaal export-person: --format must be json or html\n");
        return EXIT_USAGE;
    }
    if (strcmp(lang, "nl") != 0 && strcmp(lang, "en") != 0) {
        fprintf(stderr, "signaal export-person: --lang must be nl or en\n");
        return EXIT_USAGE;
    }
    if (!login || (args.npositional == 1) == by_bsn || args.npositional > 1) {
        fprintf(stderr, "signaal export-person: give --as LOGIN and either ID or --bsn-stdin\n");
        return EXIT_USAGE;
    }
    char bsn[32] = "";
    if (by_bsn && cli_read_stdin_line(bsn, sizeof bsn) != SG_OK) {
        fprintf(stderr, "signaal export-person: no BSN on standard input\n");
        return EXIT_USAGE;
    }
    subject_request in = {.person_id = by_bsn ? NULL : args.positional[0],
                          .bsn = by_bsn ? bsn : NULL,
                          .reference = cli_setting(&args, "reference", NULL)};
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    actor who;
    memset(&who, 0, sizeof who);
    if (svc_actor_by_login(a, login, "cli", &who) != SG_OK) {
        fprintf(stderr, "signaal export-person: no active user %s\n", login);
        app_close(a);
        return EXIT_FAIL;
    }
    rc = run(a, &who, &args, &in, strcmp(format, "html") == 0);
    app_close(a);
    return rc;
}
