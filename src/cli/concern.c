/* signaal concern add|withdraw|list: the reference index from the command
 * line, acting as one registering professional (--as LOGIN).  The same use
 * cases as the API; every action is audited as that user, client "cli". */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "service/refindex/concerns.h"

static const cli_option concern_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"as", "LOGIN", "the registering professional whose account acts"},
    {"ground", "CODE", "add: a ground from the published list, e.g. criminal-activities"},
    {"given-names", "TEXT", "add: the youth's given names"},
    {"surname", "TEXT", "add: the youth's surname with its particles (\"van der Berg\")"},
    {"birth-date", "YYYY-MM-DD", "add: the youth's date of birth (under 23)"},
    {"sex", "SEX", "add: female, male, x or unknown"},
    {"bsn", "NUMBER", "add: the citizen service number, when your organisation may use it"},
    {"postcode", "CODE", "add: the address's postcode (required without --bsn)"},
    {"house-number", "N", "add: the address's house number"},
    {"addition", "TEXT", "add: the house number's addition"},
    {"contact", "TEXT", "add: how the other professional reaches you (phone or e-mail)"},
    {"client-key", "KEY", "add: your own key for the registration; repeating it is harmless"},
    {"deceased", NULL, "withdraw: record the youth's death (ends every registration of the youth)"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static int refused(const char *what, int rc, const svc_error *err)
{
    if (rc == SG_EFORBIDDEN) {
        fprintf(stderr, "signaal %s: this role or organisation may not use the reference index\n",
                what);
        return EXIT_FAIL;
    }
    if (rc == SG_ELIMIT) {
        fprintf(stderr, "signaal %s: too many registrations or withdrawals; try again later\n",
                what);
        return EXIT_FAIL;
    }
    if (err && !err->field && err->reason) {
        fprintf(stderr, "signaal %s: %s\n", what, err->reason);
        return EXIT_FAIL;
    }
    return cli_fail(what, rc, err);
}

/* One line for the registration and one per match. */
static void print_concern(json_t *c)
{
    json_t *youth = json_object_get(c, "youth");
    json_t *matches = json_object_get(c, "matches");
    printf("%s\t%s\t%s %s\t%s\t%zu match(es)\n", json_string_value(json_object_get(c, "id")),
           json_string_value(json_object_get(c, "status")),
           json_string_value(json_object_get(youth, "given_names")),
           json_string_value(json_object_get(youth, "surname")),
           json_string_value(json_object_get(c, "ends_on")), json_array_size(matches));
    size_t i;
    json_t *m;
    json_array_foreach(matches, i, m)
    {
        json_t *other = json_object_get(m, "other");
        printf("  match %s\t%s\t%s\t%s", json_string_value(json_object_get(m, "id")),
               json_string_value(json_object_get(m, "kind")),
               json_string_value(json_object_get(m, "reason")),
               json_string_value(json_object_get(m, "status")));
        if (other)
            printf(
                "\t%s (%s), %s: %s",
                json_string_value(json_object_get(json_object_get(other, "professional"), "login")),
                json_string_value(json_object_get(json_object_get(other, "professional"), "role")),
                json_string_value(json_object_get(json_object_get(other, "organisation"), "name")),
                json_string_value(json_object_get(other, "contact")));
        printf("\n");
    }
}

static int add(app *a, const actor *who, const cli_args *args)
{
    concern_input in = {
        .client_key = cli_setting(args, "client-key", NULL),
        .ground = cli_setting(args, "ground", NULL),
        .given_names = cli_setting(args, "given-names", NULL),
        .surname = cli_setting(args, "surname", NULL),
        .birth_date = cli_setting(args, "birth-date", NULL),
        .sex = cli_setting(args, "sex", "unknown"),
        .bsn = cli_setting(args, "bsn", NULL),
        .contact = cli_setting(args, "contact", NULL),
    };
    if (cli_setting(args, "postcode", NULL)) {
        long number = 0;
        if (cli_int_setting(args, "house-number", 0, 1, 99999, &number) != EXIT_OK)
            return EXIT_USAGE;
        in.has_address = true;
        in.address.postcode = cli_setting(args, "postcode", NULL);
        in.address.house_number = number;
        in.address.addition = cli_setting(args, "addition", NULL);
    }
    svc_error err = {0};
    json_t *out = NULL;
    bool created = false;
    int rc = concern_register(a, who, &in, &out, &created, &err);
    if (rc != SG_OK)
        return refused("concern add", rc, &err);
    if (cli_switch(args, "json")) {
        cli_print_json(out);
    } else {
        print_concern(out);
        json_decref(out);
    }
    if (!created)
        fprintf(stderr, "signaal concern add: registered before under this client key\n");
    return EXIT_OK;
}

static int withdraw(app *a, const actor *who, const cli_args *args)
{
    if (args->npositional != 1) {
        fprintf(stderr, "signaal concern withdraw: give the registration's id\n");
        return EXIT_USAGE;
    }
    svc_error err = {0};
    json_t *out = NULL;
    int rc = concern_withdraw(a, who, args->positional[0],
                              cli_switch(args, "deceased") ? "deceased" : "withdrawn", &out, &err);
    if (rc == SG_ENOTFOUND) {
        fprintf(stderr, "signaal concern withdraw: no registration of yours with that id\n");
        return EXIT_FAIL;
    }
    if (rc != SG_OK)
        return refused("concern withdraw", rc, &err);
    if (cli_switch(args, "json")) {
        cli_print_json(out);
    } else {
        print_concern(out);
        json_decref(out);
    }
    return EXIT_OK;
}

static int list(app *a, const actor *who, const cli_args *args)
{
    char next[32] = "";
    const char *cursor = NULL;
    do {
        svc_error err = {0};
        json_t *page = NULL;
        int rc = concern_list(a, who, cursor, 100, &page, &err);
        if (rc != SG_OK)
            return refused("concern list", rc, &err);
        json_t *nc = json_object_get(page, "next_cursor");
        snprintf(next, sizeof next, "%s", json_is_string(nc) ? json_string_value(nc) : "");
        if (cli_switch(args, "json")) {
            cli_print_json(page);
        } else {
            size_t i;
            json_t *c;
            json_array_foreach(json_object_get(page, "items"), i, c) print_concern(c);
            json_decref(page);
        }
        cursor = next;
    } while (next[0]);
    return EXIT_OK;
}

int cli_concern(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("concern", concern_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    int (*run)(app *, const actor *, const cli_args *) = strcmp(sub, "add") == 0        ? add
                                                         : strcmp(sub, "withdraw") == 0 ? withdraw
                                                         : strcmp(sub, "list") == 0     ? list
                                                                                        : NULL;
    if (args.help || !run) {
        cli_usage("signaal concern add --db PATH --as LOGIN --ground CODE --given-names TEXT\n"
                  "                    --surname TEXT --birth-date DATE --sex SEX --contact TEXT\n"
                  "                    [--bsn NUMBER | --postcode CODE --house-number N]\n"
                  "       signaal concern withdraw --db PATH --as LOGIN ID [--deceased]\n"
                  "       signaal concern list --db PATH --as LOGIN [--json]",
                  "The reference index: register that you are concerned about a youth (no\n"
                  "content: identity, the statutory ground and your contact), withdraw it, or\n"
                  "list your registrations with their matches.  A match shows the other\n"
                  "professional's login, organisation and contact, nothing else.  There is no\n"
                  "search.",
                  concern_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    actor who;
    rc = cli_acting(a, &args, "concern", &who);
    if (rc == EXIT_OK)
        rc = run(a, &who, &args);
    app_close(a);
    return rc;
}
