/* signaal catalogue and signaal guidance: publishing versioned rule data. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "service/catalogue.h"
#include "service/guidance.h"

/* ---- catalogue -------------------------------------------------------- */

static const cli_option catalogue_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"note", "TEXT", "what changed in this version"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

#define CATALOGUE_FILE_MAX (1024 * 1024)

static int read_whole_file(const char *path, buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return SG_EIO;
    char chunk[8192];
    int rc = SG_OK;
    for (;;) {
        size_t n = fread(chunk, 1, sizeof chunk, f);
        if (n == 0)
            break;
        rc = buf_append(out, chunk, n);
        if (rc != SG_OK)
            break;
    }
    if (rc == SG_OK && ferror(f))
        rc = SG_EIO;
    fclose(f);
    return rc;
}

typedef enum publish_kind { PUBLISH_CATALOGUE, PUBLISH_GUIDANCE } publish_kind;

static int publish(app *a, publish_kind kind, const char *path, const char *note, bool json)
{
    buf content;
    buf_init(&content, CATALOGUE_FILE_MAX);
    int rc = read_whole_file(path, &content);
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
    rc = kind == PUBLISH_CATALOGUE ? catalogue_publish(a, &who, text, content.len, note, &out, &err)
                                   : guidance_publish(a, &who, text, content.len, &out, &err);
    buf_free(&content);
    if (rc != SG_OK)
        return cli_fail(path, rc, &err);
    if (json)
        cli_print_json(out);
    else {
        fprintf(stderr, "signaal: published %s version %lld\n",
                kind == PUBLISH_CATALOGUE ? "catalogue" : "guidance rules",
                (long long)json_integer_value(json_object_get(out, "version")));
        json_decref(out);
    }
    return EXIT_OK;
}

int cli_catalogue_seed(app *a, const char *path)
{
    actor who;
    access_system_actor(&who);
    json_t *versions = NULL;
    int rc = catalogue_versions(a, &who, &versions);
    if (rc != SG_OK)
        return cli_fail("reading the catalogue", rc, NULL);
    size_t have = json_array_size(json_object_get(versions, "items"));
    json_decref(versions);
    if (have > 0)
        return EXIT_OK;
    return publish(a, PUBLISH_CATALOGUE, path, "initial catalogue", false);
}

int cli_catalogue(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("catalogue", catalogue_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    bool is_publish = strcmp(sub, "publish") == 0 && args.npositional == 1;
    if (args.help || (!is_publish && strcmp(sub, "list") != 0)) {
        cli_usage("signaal catalogue publish --db PATH FILE [--note TEXT]\n"
                  "       signaal catalogue list --db PATH [--json]",
                  "Publishes a catalogue file (tab-separated: id, category, category_nl,\n"
                  "indicator_nl, indicator_en, strength, sources) as the next version, or lists\n"
                  "the published versions.  Versions are never changed: signals keep theirs.",
                  catalogue_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    if (is_publish) {
        rc = publish(a, PUBLISH_CATALOGUE, args.positional[0], cli_setting(&args, "note", ""),
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

int cli_guidance_seed(app *a, const char *path)
{
    actor who;
    access_system_actor(&who);
    json_t *rules = NULL;
    int rc = guidance_rules_get(a, &who, 0, &rules);
    json_decref(rules);
    if (rc == SG_OK)
        return EXIT_OK;
    if (rc != SG_ENOTFOUND)
        return cli_fail("reading the guidance rules", rc, NULL);
    return publish(a, PUBLISH_GUIDANCE, path, "", false);
}

int cli_guidance(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("guidance", catalogue_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help || strcmp(sub, "publish") != 0 || args.npositional != 1) {
        cli_usage("signaal guidance publish --db PATH FILE",
                  "Publishes a guidance rule set (JSON, like data/guidance.json) as the next\n"
                  "version.  The rules are public: GET /api/v1/guidance-rules shows them.",
                  catalogue_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    rc = publish(a, PUBLISH_GUIDANCE, args.positional[0], "", cli_switch(&args, "json"));
    app_close(a);
    return rc;
}
