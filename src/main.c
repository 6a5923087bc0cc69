/*
 * main.c - the signaal command: dispatches to the subcommands in cli/.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "security/password.h"
#include "security/totp.h"
#include "security/vault.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *about;
} commands[] = {
    {"init", cli_init, "create or migrate a database and its key file (--demo: with demo data)"},
    {"serve", cli_serve, "run the HTTP server"},
    {"org", cli_org, "add or list organisations"},
    {"user", cli_user, "add, list, disable or reset user accounts"},
    {"token", cli_token, "create or revoke API tokens for connecting systems"},
    {"catalogue", cli_catalogue, "publish or list versions of the indicator catalogue"},
    {"rules", cli_rules, "publish or show a version of a rule set (guidance, clocks ...)"},
    {"concern", cli_concern, "register, withdraw or list concerns in the reference index"},
    {"network", cli_network, "import, analyse or export the network of recruitment chains"},
    {"report", cli_report, "the yearly progress report, protected so that no child is singled out"},
    {"retention", cli_retention, "purge what must not be kept any longer (ended registrations)"},
    {"learning", cli_learning, "publish learning paths, indicator explanations and their data"},
    {"audit", cli_audit, "verify the audit trail"},
    {"export-person", cli_export_person, "a copy of all held about one child (AVG art. 15)"},
    {"migrate", cli_migrate, "copy a whole SQLite database into an empty PostgreSQL database"},
    {"backup", cli_backup, "copy the database while it runs, with its audit checkpoint"},
    {"restore", cli_restore, "restore a backup into a new database and verify it"},
    {"rekey", cli_rekey, "re-encrypt every encrypted field under a new key, online"},
};

static void usage(FILE *out)
{
    fprintf(out, "Usage: signaal COMMAND [OPTIONS]\n\n"
                 "signaal lets schools, police, the prosecution service, youth care and\n"
                 "municipalities spot and handle the criminal exploitation of minors together.\n\n"
                 "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].about);
    fprintf(out, "\nRun 'signaal COMMAND --help' for a command's options.\n"
                 "  --help       show this help\n"
                 "  --version    show the version\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("signaal %s\n", SIGNAAL_VERSION);
        return EXIT_OK;
    }
    if (vault_global_init() != SG_OK || totp_global_init() != SG_OK) {
        fprintf(stderr, "signaal: cannot initialise the cryptographic libraries\n");
        return EXIT_FAIL;
    }
    const char *cost = getenv("SIGNAAL_PASSWORD_COST");
    if (cost && *cost) {
        password_cost c;
        if (password_cost_parse(cost, &c) != SG_OK) {
            fprintf(stderr,
                    "signaal: SIGNAAL_PASSWORD_COST must be interactive, moderate or minimal\n");
            return EXIT_USAGE;
        }
        password_set_cost(c);
    }
    signal(SIGPIPE, SIG_IGN);
    int status = -1;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            status = commands[i].run(argc - 2, argv + 2);
    if (status < 0) {
        fprintf(stderr, "signaal: unknown command '%s'\n\n", argv[1]);
        usage(stderr);
        status = EXIT_USAGE;
    }
    totp_global_done();
    return status;
}
