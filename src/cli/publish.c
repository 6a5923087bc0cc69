/* signaal catalogue and signaal rules: publishing versioned data. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "service/rulesets.h"
#include "service/school/catalogue.h"

static const cli_option publish_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"kind", "KIND",
     "rules: guidance, clocks, screening, interventions, concern-grounds, network-alerts,"
     " prosecution, monitor, regions, measures, catalogue-safeguards, consent, retention or "
     "subject-access"},
    {"note", "TEXT", "catalogue: what changed in this version"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

#define PUBLISH_FILE_MAX (1024 * 1024)

/* Publishes the file at path: the indicator catalogue when kind is NULL,
 * else a rule set of that kind. */
static int publish(app *a, const char *kind, const char *path, const char *note, bool json)
{
    buf content;
    buf_init(&content, PUBLISH_FILE_MAX);
    int rc = buf_read_file(&content, path);
    if (rc != SG_OK) {
        buf_free(&content);
        fprintf(stderr, "signaal: cannot read %s%s\n", path,
                rc == SG_ETOOBIG ? " (larger than 1 MiB)" : "");
        return EXIT_FAIL;
    }
    actor who;
    access_system_actor(&who);
    svc_error err = {0};
    json_t *out = NULL;
    const char *text = content.data ? content.data : "";
    rc = kind ? ruleset_publish(a, &who, kind, text, content.len, &out, &err)
              : catalogue_publish(a, &who, text, content.len, note, &out, &err);
    buf_free(&content);
    if (rc != SG_OK)
        return cli_fail(path, rc, &err);
    if (json) {
        cli_print_json(out);
    } else {
        fprintf(stderr, "signaal: published %s version %lld\n", kind ? kind : "catalogue",
                (long long)json_integer_value(json_object_get(out, "version")));
        json_decref(out);
    }
    return EXIT_OK;
}

int cli_seed(app *a, const char *kind, const char *path)
{
    actor who;
    access_system_actor(&who);
    json_t *have = NULL;
    int rc;
    if (kind) {
        rc = ruleset_get(a, &who, kind, 0, &have);
    } else {
        rc = catalogue_versions(a, &who, &have);
        if (rc == SG_OK && json_array_size(json_object_get(have, "items")) == 0)
            rc = SG_ENOTFOUND;
    }
    json_decref(have);
    if (rc == SG_OK)
        return EXIT_OK;
    if (rc != SG_ENOTFOUND)
        return cli_fail("reading what is published", rc, NULL);
    return publish(a, kind, path, "initial version", false);
}

int cli_catalogue(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("catalogue", publish_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    bool is_publish = strcmp(sub, "publish") == 0 && args.npositional == 1;
    if (args.help || (!is_publish && strcmp(sub, "list") != 0)) {
        cli_usage("signaal catalogue publish --db PATH FILE [--note TEXT]\n"
                  "       signaal catalogue list --db PATH [--json]",
                  "Publishes a catalogue file (tab-separated: id, category, category_nl,\n"
                  "indicator_nl, indicator_en, strength, sources, observation) as the next\n"
                  "version, or lists the published versions.  It is checked against the\n"
                  "published catalogue safeguards (signaal rules publish --kind\n"
                  "catalogue-safeguards).  Versions are never changed: signals keep theirs.",
                  publish_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    if (is_publish) {
        rc = publish(a, NULL, args.positional[0], cli_setting(&args, "note", ""),
                     cli_switch(&args, "json"));
    } else {
        actor who;
        access_system_actor(&who);
        json_t *out = NULL;
        int st = catalogue_versions(a, &who, &out);
        if (st != SG_OK) {
            rc = cli_fail("catalogue list", st, NULL);
        } else if (cli_switch(&args, "json")) {
            cli_print_json(out);
        } else {
            size_t i;
            json_t *v;
            json_array_foreach(json_object_get(out, "items"), i, v)
                printf("%lld\t%s\t%lld indicators\t%s\n",
                       (long long)json_integer_value(json_object_get(v, "version")),
                       json_string_value(json_object_get(v, "published_at")),
                       (long long)json_integer_value(json_object_get(v, "indicator_count")),
                       json_string_value(json_object_get(v, "note")));
            json_decref(out);
        }
    }
    app_close(a);
    return rc;
}

int cli_rules(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("rules", publish_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    const char *kind = cli_setting(&args, "kind", NULL);
    bool known = false;
    for (int i = 0; kind && ruleset_kinds[i]; i++)
        known = known || strcmp(kind, ruleset_kinds[i]) == 0;
    bool is_publish = strcmp(sub, "publish") == 0 && args.npositional == 1;
    bool is_show = strcmp(sub, "show") == 0 && args.npositional == 0;
    if (args.help || !known || (!is_publish && !is_show)) {
        cli_usage("signaal rules publish --db PATH --kind KIND FILE\n"
                  "       signaal rules show --db PATH --kind KIND",
                  "Publishes a rule set (JSON, like data/guidance.json, data/clocks.json,\n"
                  "data/screening.json or data/interventions.json) as the next version of its\n"
                  "kind, or shows the newest.  Published rules are public and never change:\n"
                  "GET /api/v1/guidance-rules, /clock-rules, /screening-rules, /interventions.",
                  publish_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    if (is_publish) {
        rc = publish(a, kind, args.positional[0], "", cli_switch(&args, "json"));
    } else {
        actor who;
        access_system_actor(&who);
        json_t *out = NULL;
        int st = ruleset_get(a, &who, kind, 0, &out);
        if (st == SG_OK)
            cli_print_json(out);
        else
            rc = cli_fail("rules show", st, NULL);
    }
    app_close(a);
    return rc;
}
