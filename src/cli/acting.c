/* The professional a command acts as (--as LOGIN): the commands that do
 * what a user does through the API (concern, network, report) act with
 * that user's rights and are audited as that user, from the command line. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store.h"

typedef struct as_ctx {
    const char *login;
    actor *who;
} as_ctx;

static int as_job(store_tx *tx, void *arg)
{
    as_ctx *ctx = arg;
    user_row u;
    int rc = store_user_find_login(tx, ctx->login, &u);
    return rc == SG_OK ? svc_actor_load(tx, u.id, "cli", ctx->who) : rc;
}

int cli_acting(app *a, const cli_args *args, const char *command, actor *who)
{
    const char *login = cli_setting(args, "as", NULL);
    if (!login) {
        fprintf(stderr, "signaal %s: say who acts with --as LOGIN\n", command);
        return EXIT_USAGE;
    }
    memset(who, 0, sizeof *who);
    as_ctx ctx = {.login = login, .who = who};
    if (store_read(a->db, as_job, &ctx) != SG_OK) {
        fprintf(stderr, "signaal %s: no active user %s\n", command, login);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}
