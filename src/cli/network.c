/* signaal network import|analyse|export|alerts|adopt-decisions: the
 * network of recruitment chains from the command line, acting as one
 * analyst (--as LOGIN).  The same use cases as the API; every action is
 * audited as that user, client "cli", with the purpose given. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "service/network/network.h"

#define IMPORT_FILE_MAX (512u << 20)
#define CLI_PURPOSE "command line: no reference given"

static const cli_option network_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"as", "LOGIN", "the analyst whose account acts"},
    {"purpose", "TEXT", "the analysis or investigation reference (audited)"},
    {"json", NULL, "print JSON"},
    {"kind", "KIND",
     "analyse: overview (default), chains, key-actors, communities, component,"
     " neighbourhood, paths, connecting, links, disruption or changes"},
    {"person", "ID", "analyse: the person (or ext:KIND:KEY) at the centre or start"},
    {"target", "ID", "analyse paths: where the path ends"},
    {"types", "LIST", "only relations of these types (comma-separated)"},
    {"confidence", "LIST", "only relations of these confidences (comma-separated)"},
    {"from", "DATE", "only relations seen on or after this day"},
    {"to", "DATE", "only relations seen on or before this day"},
    {"method", "NAME", "communities: leiden, louvain, label-propagation; links: adamic-adar ..."},
    {"depth", "N", "neighbourhood: steps (1 to 3)"},
    {"top", "N", "list at most N of each (default: all)"},
    {"samples", "N", "betweenness: sources sampled beyond --exact-max nodes (default 64)"},
    {"exact-max", "N", "betweenness: exact in components of at most N nodes (default 5000)"},
    {"format", "FORMAT", "export: graphml, gexf or ftm"},
    {"output", "FILE", "export: write here instead of standard output"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

static int refused(const char *what, int rc, const svc_error *err)
{
    if (rc == SG_EFORBIDDEN) {
        fprintf(stderr, "signaal network %s: this role may not do this (analysts only)\n", what);
        return EXIT_FAIL;
    }
    if (err && !err->field && err->reason) {
        fprintf(stderr, "signaal network %s: %s\n", what, err->reason);
        return EXIT_FAIL;
    }
    return cli_fail(what, rc, err);
}

static const char *purpose_of(const cli_args *args)
{
    const char *p = cli_setting(args, "purpose", NULL);
    if (!p)
        fprintf(stderr, "signaal network: no --purpose given; audited as \"%s\"\n", CLI_PURPOSE);
    return p ? p : CLI_PURPOSE;
}

/* Adds a comma-separated list setting to req as an array. */
static void add_list(json_t *req, const char *key, const char *value)
{
    if (!value)
        return;
    json_t *list = json_array();
    char item[64];
    const char *p = value;
    while (list && *p) {
        size_t len = strcspn(p, ",");
        snprintf(item, sizeof item, "%.*s", (int)(len < sizeof item - 1 ? len : sizeof item - 1),
                 p);
        json_array_append_new(list, json_string(item));
        p += len + (p[len] == ',');
    }
    json_object_set_new(req, key, list);
}

/* The request an analysis or export gets from the options. */
static json_t *request_of(const cli_args *args, const char *kind)
{
    json_t *req = json_pack("{s:s, s:s}", "kind", kind, "purpose", purpose_of(args));
    if (!req)
        return NULL;
    static const char *const strings[][2] = {{"person", "person_id"},
                                             {"target", "target_id"},
                                             {"from", "from"},
                                             {"to", "to"},
                                             {"method", "method"}};
    for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++)
        if (cli_setting(args, strings[i][0], NULL))
            json_object_set_new(req, strings[i][1],
                                json_string(cli_setting(args, strings[i][0], NULL)));
    add_list(req, "types", cli_setting(args, "types", NULL));
    add_list(req, "confidences", cli_setting(args, "confidence", NULL));
    static const char *const ints[][2] = {
        {"depth", "depth"}, {"samples", "samples"}, {"exact-max", "exact_max"}, {"top", "top"}};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        long v = 0;
        if (cli_setting(args, ints[i][0], NULL)
            && cli_int_setting(args, ints[i][0], 0, 0, 100000000, &v) == EXIT_OK)
            json_object_set_new(req, ints[i][1], json_integer(v));
    }
    /* The command line lists everything unless told otherwise. */
    if (!json_object_get(req, "top"))
        json_object_set_new(req, "top", json_integer(0));
    return req;
}

static void on_import(long done, long total, bool storing, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "\rsignaal network import: %s %ld of %ld rows", storing ? "stored" : "checked",
            done, total);
    if (storing || done == total)
        fprintf(stderr, "\n");
}

static void on_progress(const char *phase, double fraction, void *ctx)
{
    (void)ctx;
    fprintf(stderr, "\rsignaal network: %-28s %3d%%", phase ? phase : "", (int)(fraction * 100));
    fflush(stderr);
}

static int import(app *a, const actor *who, const cli_args *args)
{
    if (args->npositional != 1) {
        fprintf(stderr, "signaal network import: give the CSV file\n");
        return EXIT_USAGE;
    }
    buf content;
    buf_init(&content, IMPORT_FILE_MAX);
    int rc = buf_read_file(&content, args->positional[0]);
    if (rc != SG_OK) {
        buf_free(&content);
        fprintf(stderr, "signaal network import: %s %s\n", args->positional[0],
                rc == SG_ETOOBIG ? "is too large (512 MiB at most)" : "cannot be read");
        return EXIT_FAIL;
    }
    svc_error err = {0};
    json_t *out = NULL;
    rc = relation_import(a, who, content.data ? content.data : "", content.len,
                         isatty(STDERR_FILENO) ? on_import : NULL, NULL, &out, &err);
    buf_free(&content);
    if (rc == SG_EINVAL && out) {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(out, "rejected"), i, r)
        {
            const char *field = json_string_value(json_object_get(r, "field"));
            fprintf(stderr, "%s: row %lld%s%s: %s\n", args->positional[0],
                    (long long)json_integer_value(json_object_get(r, "row")), field ? ": " : "",
                    field ? field : "", json_string_value(json_object_get(r, "reason")));
        }
        fprintf(stderr, "signaal network import: %lld of %lld rows rejected; nothing imported\n",
                (long long)json_integer_value(json_object_get(out, "rejected_count")),
                (long long)json_integer_value(json_object_get(out, "rows")));
        if (cli_switch(args, "json"))
            cli_print_json(out);
        else
            json_decref(out);
        return EXIT_FAIL;
    }
    if (rc != SG_OK)
        return refused("import", rc, &err);
    if (cli_switch(args, "json")) {
        cli_print_json(out);
    } else {
        fprintf(stderr, "signaal network import: %lld relations imported (import %s)\n",
                (long long)json_integer_value(json_object_get(out, "imported")),
                json_string_value(json_object_get(out, "import_id")));
        json_decref(out);
    }
    return EXIT_OK;
}

static void print_summary(json_t *out)
{
    json_t *net = json_object_get(out, "network");
    printf("network: %lld nodes, %lld relations\n",
           (long long)json_integer_value(json_object_get(net, "nodes")),
           (long long)json_integer_value(json_object_get(net, "relations")));
    printf("components (2 or more): %lld\n",
           (long long)json_integer_value(json_object_get(out, "components_total")));
    printf("chains: %lld, victim-recruiters: %lld\n",
           (long long)json_integer_value(json_object_get(out, "chains_total")),
           (long long)json_integer_value(json_object_get(out, "victim_recruiters_total")));
    json_t *com = json_object_get(out, "communities");
    if (com)
        printf("communities (%s): %lld, modularity %.3f\n",
               json_string_value(json_object_get(com, "method")),
               (long long)json_integer_value(json_object_get(com, "count")),
               json_real_value(json_object_get(com, "modularity")));
}

/* Runs one analysis of kind on the graph worker and prints it. */
static int analyse_kind(app *a, const actor *who, const cli_args *args, const char *kind)
{
    json_t *req = request_of(args, kind);
    if (!req)
        return EXIT_FAIL;
    if (network_worker_start(a) != SG_OK) {
        json_decref(req);
        fprintf(stderr, "signaal network: cannot start the graph worker\n");
        return EXIT_FAIL;
    }
    svc_error err = {0};
    json_t *out = NULL;
    bool tty = isatty(STDERR_FILENO);
    int rc = network_analysis_run(a, who, req, tty ? on_progress : NULL, NULL, &out, &err);
    if (tty)
        fprintf(stderr, "\n");
    network_worker_stop(a);
    json_decref(req);
    if (rc != SG_OK)
        return refused(strcmp(kind, "alerts") == 0 ? "alerts" : "analyse", rc, &err);
    if (cli_switch(args, "json")) {
        char *text = json_dumps(out, JSON_COMPACT);
        if (text)
            printf("%s\n", text);
        free(text);
        json_decref(out);
    } else if (strcmp(kind, "overview") == 0) {
        print_summary(out);
        json_decref(out);
    } else {
        cli_print_json(out);
    }
    return EXIT_OK;
}

static int analyse(app *a, const actor *who, const cli_args *args)
{
    return analyse_kind(a, who, args, cli_setting(args, "kind", "overview"));
}

static int alerts(app *a, const actor *who, const cli_args *args)
{
    return analyse_kind(a, who, args, "alerts");
}

static int export(app *a, const actor *who, const cli_args *args)
{
    const char *path = cli_setting(args, "output", NULL);
    json_t *req = request_of(args, "export");
    FILE *f = path ? fopen(path, "wb") : stdout;
    if (!f || !req) {
        json_decref(req);
        fprintf(stderr, "signaal network export: cannot write %s\n", path ? path : "");
        return EXIT_FAIL;
    }
    svc_error err = {0};
    int rc = network_export(a, who, cli_setting(args, "format", NULL), req, f, &err);
    json_decref(req);
    if (path && fclose(f) != 0 && rc == SG_OK)
        rc = SG_EIO;
    if (!path)
        fflush(stdout);
    return rc == SG_OK ? EXIT_OK : refused("export", rc, &err);
}

static int adopt(app *a, const actor *who, const cli_args *args)
{
    (void)who;
    (void)args;
    actor system;
    access_system_actor(&system);
    int adopted = 0, kept = 0;
    int rc = network_adopt_victim_of(a, &system, &adopted, &kept);
    if (rc != SG_OK)
        return cli_fail("network adopt-decisions", rc, NULL);
    fprintf(stderr,
            "signaal network adopt-decisions: %d \"victim of\" texts became relations; %d stay"
            " notes\n",
            adopted, kept);
    return EXIT_OK;
}

int cli_network(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("network", network_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    int (*run)(app *, const actor *, const cli_args *) = strcmp(sub, "import") == 0    ? import
                                                         : strcmp(sub, "analyse") == 0 ? analyse
                                                         : strcmp(sub, "export") == 0  ? export
                                                         : strcmp(sub, "alerts") == 0  ? alerts
                                                         : strcmp(sub, "adopt-decisions") == 0
                                                             ? adopt
                                                             : NULL;
    if (args.help || !run) {
        cli_usage("signaal network import --db PATH --as LOGIN FILE.csv\n"
                  "       signaal network analyse --db PATH --as LOGIN [--json] [--kind KIND] ...\n"
                  "       signaal network export --db PATH --as LOGIN --format graphml|gexf|ftm\n"
                  "       signaal network alerts --db PATH --as LOGIN\n"
                  "       signaal network adopt-decisions --db PATH",
                  "The network of recruitment chains, as an analyst.  import reads CSV with the\n"
                  "header from,to,type,confidence,first_seen,last_seen,source (from and to: a\n"
                  "person's id or ext:KIND:KEY) all or nothing, naming every rejected row.\n"
                  "analyse runs an analysis on the graph worker (overview: components, chains,\n"
                  "victim-recruiters, communities and key actors).  export writes GraphML or GEXF\n"
                  "for Gephi, or FollowTheMoney lines for Aleph.  alerts checks the published\n"
                  "alert rules and raises tasks for analysts.  adopt-decisions turns the OM's\n"
                  "\"victim of\" texts that name a person into relations (once).  Every query is\n"
                  "audited with --purpose.",
                  network_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    actor who;
    memset(&who, 0, sizeof who);
    rc = run == adopt ? EXIT_OK : cli_acting(a, &args, "network", &who);
    if (rc == EXIT_OK)
        rc = run(a, &who, &args);
    app_close(a);
    return rc;
}
