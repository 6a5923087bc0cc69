/* signaal learning: publishing the learning documents (paths, modules and
 * cases; indicator explanations; the expert group's offer; resilience
 * programmes), and seeding them from data/ at init. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "cli/cli.h"
#include "service/learning/learning.h"

static const cli_option learning_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"kind", "KIND",
     "learning (the default), indicator-explanations, expert-offers or resilience-programmes"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

#define LEARNING_FILE_MAX (2 * 1024 * 1024)

/* Publishes the file at path as the next version of kind. */
static int publish(app *a, const char *kind, const char *path, bool json)
{
    buf content;
    buf_init(&content, LEARNING_FILE_MAX);
    int rc = buf_read_file(&content, path);
    if (rc != SG_OK) {
        buf_free(&content);
        fprintf(stderr, "signaal: cannot read %s%s\n", path,
                rc == SG_ETOOBIG ? " (larger than 2 MiB)" : "");
        return EXIT_FAIL;
    }
    actor who;
    access_system_actor(&who);
    svc_error err = {0};
    json_t *out = NULL;
    rc = learning_publish(a, &who, kind, content.data ? content.data : "", content.len, &out, &err);
    buf_free(&content);
    if (rc != SG_OK)
        return cli_fail(path, rc, &err);
    if (json) {
        cli_print_json(out);
    } else {
        fprintf(stderr, "signaal: published %s version %lld\n", kind,
                (long long)json_integer_value(json_object_get(out, "version")));
        json_decref(out);
    }
    return EXIT_OK;
}

int cli_learning_seed(app *a, const char *data_dir)
{
    /* The offer before the paths that show it; the catalogue is there. */
    static const struct {
        const char *kind;
        const char *file;
    } seeds[] = {
        {"expert-offers", "expert-offers.json"},
        {"resilience-programmes", "resilience-programmes.json"},
        {"indicator-explanations", "indicator-explanations.json"},
        {"learning", "learning.json"},
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        int64_t version = 0;
        int rc = learning_published_version(a, seeds[i].kind, &version);
        if (rc == SG_OK)
            continue;
        if (rc != SG_ENOTFOUND)
            return cli_fail("reading what is published", rc, NULL);
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", data_dir, seeds[i].file);
        rc = publish(a, seeds[i].kind, path, false);
        if (rc != EXIT_OK)
            return rc;
    }
    return EXIT_OK;
}

int cli_learning(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("learning", learning_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    const char *kind = cli_setting(&args, "kind", "learning");
    bool known = false;
    for (int i = 0; learning_kinds[i]; i++)
        known = known || strcmp(kind, learning_kinds[i]) == 0;
    bool is_publish = strcmp(sub, "publish") == 0 && args.npositional == 1;
    if (args.help || !is_publish || !known) {
        if (!known && !args.help)
            fprintf(stderr, "signaal: learning: unknown --kind %s\n", kind);
        cli_usage("signaal learning publish --db PATH [--kind KIND] FILE",
                  "Publishes a new version of a learning document: the learning paths with\n"
                  "their modules and fictional cases (like data/learning.json), the indicator\n"
                  "explanations, the expert group's offer or the resilience programmes.  A file\n"
                  "that refers to an indicator the published catalogue lacks is refused, naming\n"
                  "the line.  Published versions never change.",
                  learning_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    rc = publish(a, kind, args.positional[0], cli_switch(&args, "json"));
    app_close(a);
    return rc;
}
