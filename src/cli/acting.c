/* The professional a command acts as (--as LOGIN): the commands that do
 * what a user does through the API (concern, network, report) act with
 * that user's rights and are audited as that user, from the command line. */
#include <stdio.h>

#include "cli/cli.h"

int cli_acting(app *a, const cli_args *args, const char *command, actor *who)
{
    const char *login = cli_setting(args, "as", NULL);
    if (!login) {
        fprintf(stderr, "signaal %s: say who acts with --as LOGIN\n", command);
        return EXIT_USAGE;
    }
    if (svc_actor_by_login(a, login, "cli", who) != SG_OK) {
        fprintf(stderr, "signaal %s: no active user %s\n", command, login);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}
