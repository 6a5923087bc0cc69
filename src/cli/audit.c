/* signaal audit verify. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "security/audit.h"

static const cli_option audit_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

int cli_audit(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("audit", audit_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help || strcmp(sub, "verify") != 0) {
        cli_usage("signaal audit verify --db PATH [--json]",
                  "Checks the whole hash chain of the audit trail.  Exit status 0: intact;\n"
                  "1: broken (the first broken entry is named) or not checkable.",
                  audit_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    audit_report rep;
    int st = audit_verify(a->db, a->keys, &rep);
    app_close(a);
    if (st != SG_OK)
        return cli_fail("audit verify", st, NULL);
    if (cli_switch(&args, "json")) {
        cli_print_json(json_pack("{s:b, s:I, s:I, s:s}", "intact", rep.broken_seq == 0, "checked",
                                 (json_int_t)rep.checked, "broken_at", (json_int_t)rep.broken_seq,
                                 "reason", rep.reason));
    } else if (rep.broken_seq == 0) {
        printf("audit trail intact: %lld entries checked\n", (long long)rep.checked);
    } else {
        printf("audit trail BROKEN at entry %lld: %s (%lld entries before it are intact)\n",
               (long long)rep.broken_seq, rep.reason, (long long)rep.checked);
    }
    return rep.broken_seq == 0 ? EXIT_OK : EXIT_FAIL;
}
