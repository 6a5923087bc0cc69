/* signaal org, user and token: administration from the command line. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "security/password.h"
#include "service/admin/admin.h"

/* Runs a subcommand body with an opened app as the operator. */
typedef int (*with_app_fn)(app *a, const actor *who, const cli_args *args);

static int with_app(const cli_args *args, with_app_fn fn)
{
    app *a = NULL;
    int rc = cli_open(args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    actor who;
    access_system_actor(&who);
    rc = fn(a, &who, args);
    app_close(a);
    return rc;
}

/* Prints the result as JSON with --json, else a short line of its fields. */
static void report(const cli_args *args, json_t *out, const char *fmt_keys[])
{
    if (cli_switch(args, "json")) {
        cli_print_json(out);
        return;
    }
    for (int i = 0; fmt_keys[i]; i++) {
        json_t *v = json_object_get(out, fmt_keys[i]);
        if (json_is_object(v))
            v = json_object_get(v, "name");
        printf("%s%s", i ? "\t" : "", json_is_string(v) ? json_string_value(v) : "");
    }
    printf("\n");
    json_decref(out);
}

static void report_page(const cli_args *args, json_t *page, const char *keys[])
{
    if (cli_switch(args, "json")) {
        cli_print_json(page);
        return;
    }
    size_t i;
    json_t *item;
    json_array_foreach(json_object_get(page, "items"), i, item)
        report(args, json_incref(item), keys);
    json_decref(page);
}

/* ---- org -------------------------------------------------------------- */

static const cli_option org_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"name", "NAME", "the organisation's name"},
    {"type", "TYPE",
     "school, police, prosecution, youth-care, veilig-thuis, municipality,"
     " expert-group, national-analysis, national-office, youth-health-care,"
     " child-protection-board, halt"
     " or certified-institution"},
    {"require-mfa", NULL, "all its users must use a second factor"},
    {"municipality", "NAME",
     "a municipality's organisation: which one, as data/regions.json lists it"
     " ('' with set: none)"},
    {"org", "ORG", "set: the organisation's name or id"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static const char *org_keys[] = {"id", "type", "name", "municipality", NULL};

static int org_add(app *a, const actor *who, const cli_args *args)
{
    svc_error err = {0};
    json_t *out = NULL;
    org_input in = {.name = cli_setting(args, "name", NULL),
                    .type = cli_setting(args, "type", NULL),
                    .require_mfa = cli_switch(args, "require-mfa"),
                    .municipality = cli_setting(args, "municipality", NULL)};
    int rc = org_create(a, who, &in, &out, &err);
    if (rc != SG_OK)
        return cli_fail("org add", rc, &err);
    report(args, out, org_keys);
    return EXIT_OK;
}

static int org_set(app *a, const actor *who, const cli_args *args)
{
    svc_error err = {0};
    json_t *out = NULL;
    const char *org = cli_setting(args, "org", NULL);
    const char *municipality = cli_setting(args, "municipality", NULL);
    if (!org || !municipality) {
        fprintf(stderr, "signaal org set: --org and --municipality are required\n");
        return EXIT_USAGE;
    }
    int rc = org_set_municipality(a, who, org, municipality, &out, &err);
    if (rc != SG_OK)
        return cli_fail("org set", rc, &err);
    report(args, out, org_keys);
    return EXIT_OK;
}

static int org_ls(app *a, const actor *who, const cli_args *args)
{
    const char *cursor = NULL;
    char next[32] = "";
    do {
        json_t *page = NULL;
        svc_error err = {0};
        int rc = org_list(a, who, cursor, 100, &page, &err);
        if (rc != SG_OK)
            return cli_fail("org list", rc, &err);
        json_t *nc = json_object_get(page, "next_cursor");
        snprintf(next, sizeof next, "%s", json_is_string(nc) ? json_string_value(nc) : "");
        report_page(args, page, org_keys);
        cursor = next;
    } while (next[0]);
    return EXIT_OK;
}

int cli_org(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("org", org_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help
        || (strcmp(sub, "add") != 0 && strcmp(sub, "list") != 0 && strcmp(sub, "set") != 0)) {
        cli_usage("signaal org add --db PATH --name NAME --type TYPE [--require-mfa]"
                  " [--municipality NAME]\n"
                  "       signaal org set --db PATH --org ORG --municipality NAME\n"
                  "       signaal org list --db PATH [--json]",
                  "Adds, changes or lists organisations.  The municipality of a municipality's\n"
                  "organisation decides whose figures its analysts see.",
                  org_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    return with_app(&args, strcmp(sub, "add") == 0   ? org_add
                           : strcmp(sub, "set") == 0 ? org_set
                                                     : org_ls);
}

/* ---- user ------------------------------------------------------------- */

static const cli_option user_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"org", "ORG", "the organisation's name or id"},
    {"role", "ROLE", "the role (listed below)"},
    {"name", "LOGIN", "the login name (lower-case letters, digits, . _ -)"},
    {"password-stdin", NULL, "read the password from the first line of standard input"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static const char *user_keys[] = {"id", "login", "role", "organisation", NULL};

static int user_add(app *a, const actor *who, const cli_args *args)
{
    char password[PASSWORD_MAX_LEN + 2];
    if (!cli_switch(args, "password-stdin")) {
        fprintf(stderr,
                "signaal user add: give the password on standard input with --password-stdin\n");
        return EXIT_USAGE;
    }
    if (cli_read_stdin_line(password, sizeof password) != SG_OK) {
        fprintf(stderr, "signaal user add: no password (or an overlong one) on standard input\n");
        return EXIT_USAGE;
    }
    svc_error err = {0};
    json_t *out = NULL;
    user_input in = {.login = cli_setting(args, "name", NULL),
                     .org = cli_setting(args, "org", NULL),
                     .role = cli_setting(args, "role", NULL),
                     .password = password};
    int rc = user_create(a, who, &in, &out, &err);
    sodium_memzero(password, sizeof password);
    if (rc != SG_OK)
        return cli_fail("user add", rc, &err);
    report(args, out, user_keys);
    return EXIT_OK;
}

static int user_ls(app *a, const actor *who, const cli_args *args)
{
    const char *cursor = NULL;
    char next[32] = "";
    do {
        json_t *page = NULL;
        svc_error err = {0};
        int rc = user_list(a, who, cli_setting(args, "org", NULL), cursor, 100, &page, &err);
        if (rc != SG_OK)
            return cli_fail("user list", rc, &err);
        json_t *nc = json_object_get(page, "next_cursor");
        snprintf(next, sizeof next, "%s", json_is_string(nc) ? json_string_value(nc) : "");
        report_page(args, page, user_keys);
        cursor = next;
    } while (next[0]);
    return EXIT_OK;
}

static int user_change(app *a, const actor *who, const cli_args *args, const user_update *u,
                       const char *what)
{
    const char *login = cli_setting(args, "name", NULL);
    if (!login) {
        fprintf(stderr, "signaal user %s: give --name LOGIN\n", what);
        return EXIT_USAGE;
    }
    svc_error err = {0};
    json_t *out = NULL;
    int rc = user_modify(a, who, login, u, &out, &err);
    if (rc != SG_OK)
        return cli_fail(what, rc, &err);
    static const char *reset_keys[] = {"login", "reset_code", "reset_expires_at", NULL};
    report(args, out, u->reset_password ? reset_keys : user_keys);
    return EXIT_OK;
}

static int user_disable(app *a, const actor *who, const cli_args *args)
{
    user_update u = {.disabled = 1};
    return user_change(a, who, args, &u, "disable");
}

static int user_enable(app *a, const actor *who, const cli_args *args)
{
    user_update u = {.disabled = 0};
    return user_change(a, who, args, &u, "enable");
}

static int user_reset_totp(app *a, const actor *who, const cli_args *args)
{
    user_update u = {.disabled = -1, .reset_totp = true};
    return user_change(a, who, args, &u, "reset-totp");
}

static int user_reset_password(app *a, const actor *who, const cli_args *args)
{
    user_update u = {.disabled = -1, .reset_password = true};
    return user_change(a, who, args, &u, "reset-password");
}

/* "mentor (mentor), care-coordinator (zorgcoördinator) ..." for --help. */
static void roles_text(char *out, size_t n)
{
    size_t used = (size_t)snprintf(out, n, "Roles:");
    for (int r = 0; r < ROLE_COUNT && used < n; r++)
        used += (size_t)snprintf(out + used, n - used, "%s %s", r ? "," : "", role_code((role)r));
}

int cli_user(int argc, char **argv)
{
    static const struct {
        const char *name;
        with_app_fn fn;
    } subs[] = {{"add", user_add},
                {"list", user_ls},
                {"disable", user_disable},
                {"enable", user_enable},
                {"reset-totp", user_reset_totp},
                {"reset-password", user_reset_password}};
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("user", user_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    for (size_t i = 0; !args.help && i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(sub, subs[i].name) == 0)
            return with_app(&args, subs[i].fn);
    char about[1024], roles[512];
    roles_text(roles, sizeof roles);
    snprintf(about, sizeof about,
             "Manages user accounts.  reset-totp forgets the second factor: the user\n"
             "enrols a new authenticator at the next log-in.  reset-password replaces the\n"
             "password by a one-time code (printed once, valid %d days) with which the\n"
             "user logs in once to choose a new password.\n%s.",
             USER_RESET_DAYS, roles);
    cli_usage("signaal user add --db PATH --org ORG --role ROLE --name LOGIN --password-stdin\n"
              "       signaal user list --db PATH [--org ORG] [--json]\n"
              "       signaal user disable|enable|reset-totp|reset-password --db PATH --name LOGIN",
              about, user_options);
    return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
}

/* ---- token ------------------------------------------------------------ */

static const cli_option token_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"user", "LOGIN", "the account the token acts as"},
    {"label", "TEXT", "what the token is for"},
    {"days", "N", "lifetime in days (default 90)"},
    {"id", "ID", "the token to revoke"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static int token_add(app *a, const actor *who, const cli_args *args)
{
    long days;
    if (cli_int_setting(args, "days", 0, 1, 365, &days) != EXIT_OK)
        return EXIT_USAGE;
    svc_error err = {0};
    json_t *out = NULL;
    int rc = token_create_operator(a, who, cli_setting(args, "user", ""),
                                   cli_setting(args, "label", NULL), (int)days, &out, &err);
    if (rc != SG_OK)
        return cli_fail("token add", rc, &err);
    static const char *keys[] = {"id", "token", "expires_at", NULL};
    fprintf(stderr, "signaal token add: the token is shown this once; hand it to the connecting"
                    " system only (audited)\n");
    report(args, out, keys);
    return EXIT_OK;
}

static int token_rm(app *a, const actor *who, const cli_args *args)
{
    int rc = token_revoke(a, who, cli_setting(args, "id", ""));
    return rc == SG_OK ? EXIT_OK : cli_fail("token revoke", rc, NULL);
}

int cli_token(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("token", token_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    if (!args.help && strcmp(sub, "add") == 0)
        return with_app(&args, token_add);
    if (!args.help && strcmp(sub, "revoke") == 0)
        return with_app(&args, token_rm);
    cli_usage("signaal token add --db PATH --user LOGIN --label TEXT [--days N]\n"
              "       signaal token revoke --db PATH --id ID",
              "Creates a bearer token for a connecting system (printed once), or revokes one.",
              token_options);
    return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
}
