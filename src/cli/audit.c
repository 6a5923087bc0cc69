/* signaal audit verify | checkpoint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "security/audit.h"

static const cli_option audit_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"checkpoint", "FILE", "also check against the signed checkpoints in FILE (one a line)"},
    {"anchor-file", "FILE", "the server's anchor file (default: the database path + .anchors)"},
    {"out", "FILE", "checkpoint: append it to FILE instead of printing it"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static void print_report(const audit_report *rep, int checkpoints, bool json)
{
    if (json) {
        cli_print_json(json_pack("{s:b, s:I, s:i, s:I, s:s}", "intact", rep->broken_seq == 0,
                                 "checked", (json_int_t)rep->checked, "checkpoints", checkpoints,
                                 "broken_at", (json_int_t)rep->broken_seq, "reason", rep->reason));
    } else if (rep->broken_seq == 0) {
        printf("audit trail intact: %lld entries checked, %d checkpoint(s) hold\n",
               (long long)rep->checked, checkpoints);
    } else if (rep->broken_seq < 0) {
        printf("audit trail NOT VERIFIED: %s\n", rep->reason);
    } else {
        printf("audit trail BROKEN at entry %lld: %s (%lld entries before it are intact)\n",
               (long long)rep->broken_seq, rep->reason, (long long)rep->checked);
    }
}

/* The chain, then the server's anchor file (when there is one), then the
 * checkpoints the operator kept elsewhere. */
static int verify(app *a, const cli_args *args)
{
    audit_report rep;
    int checkpoints = 0;
    int st = audit_verify(a->db, a->keys, &rep);
    char anchors[4200];
    if (st == SG_OK && rep.broken_seq == 0
        && audit_anchor_path(cli_setting(args, "db", NULL), cli_setting(args, "anchor-file", NULL),
                             anchors, sizeof anchors)
               == SG_OK) {
        int n = 0;
        st = audit_verify_checkpoints(a->db, a->keys, anchors, &rep, &n);
        if (st == SG_ENOTFOUND && !cli_setting(args, "anchor-file", NULL))
            st = SG_OK; /* a database the server never ran on has none yet */
        checkpoints += n;
    }
    const char *kept = cli_setting(args, "checkpoint", NULL);
    if (st == SG_OK && rep.broken_seq == 0 && kept) {
        int n = 0;
        st = audit_verify_checkpoints(a->db, a->keys, kept, &rep, &n);
        if (st == SG_ENOTFOUND) {
            fprintf(stderr, "signaal audit verify: no checkpoint file %s\n", kept);
            return EXIT_USAGE;
        }
        checkpoints += n;
    }
    if (st != SG_OK)
        return cli_fail("audit verify", st, NULL);
    print_report(&rep, checkpoints, cli_switch(args, "json"));
    return rep.broken_seq == 0 ? EXIT_OK : EXIT_FAIL;
}

static int checkpoint(app *a, const cli_args *args)
{
    audit_checkpoint c;
    int st = audit_checkpoint_make(a->db, a->keys, &c);
    if (st != SG_OK)
        return cli_fail("audit checkpoint", st, NULL);
    const char *out = cli_setting(args, "out", NULL);
    if (out) {
        if (audit_anchor_append(out, &c) != SG_OK) {
            fprintf(stderr, "signaal audit checkpoint: cannot write %s\n", out);
            return EXIT_FAIL;
        }
        fprintf(stderr, "checkpoint of entry %lld appended to %s\n", (long long)c.seq, out);
        return EXIT_OK;
    }
    json_t *j = audit_checkpoint_json(&c);
    if (!j)
        return cli_fail("audit checkpoint", SG_ENOMEM, NULL);
    char *line = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!line)
        return cli_fail("audit checkpoint", SG_ENOMEM, NULL);
    printf("%s\n", line);
    free(line);
    return EXIT_OK;
}

int cli_audit(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("audit", audit_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    bool known = strcmp(sub, "verify") == 0 || strcmp(sub, "checkpoint") == 0;
    if (args.help || !known) {
        cli_usage("signaal audit verify --db PATH [--checkpoint FILE] [--json]\n"
                  "       signaal audit checkpoint --db PATH [--out FILE]",
                  "verify: checks the whole hash chain of the audit trail, then the signed\n"
                  "checkpoints of the server's anchor file (PATH.anchors) and of --checkpoint:\n"
                  "each must still be in the trail with its hash, so a trail that was wiped or\n"
                  "rolled back is caught.  Exit status 0: intact; 1: broken (the first broken\n"
                  "entry is named) or not checkable.\n"
                  "checkpoint: prints a checkpoint of the trail as it is now (one line of JSON,\n"
                  "signed with the key file's signing key), to keep apart from the database.",
                  audit_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    rc = strcmp(sub, "verify") == 0 ? verify(a, &args) : checkpoint(a, &args);
    app_close(a);
    return rc;
}
