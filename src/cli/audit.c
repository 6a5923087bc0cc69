/* signaal audit verify and signaal catalogue publish|list. */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "security/audit.h"
#include "service/catalogue.h"

static const cli_option audit_options[] = {
    {"db", "PATH", "the database (SIGNAAL_DB)"},
    {"json", NULL, "print JSON"},
    {"config", "FILE", "a configuration file of key = value lines"},
    {NULL, NULL, NULL}};

int cli_audit(int argc, char **argv)
{
    cli_args args;
    const char *sub = argc > 0 ? argv[0] : "";
    int rc = cli_parse("audit", audit_options, argc > 0 ? argc - 1 : 0, argv + 1, &args);
    if (rc != EXIT_OK)
        return rc;
    if (args.help || strcmp(sub, "verify") != 0) {
        cli_usage("signaal audit verify --db PATH [--json]",
                  "Checks the whole hash chain of the audit trail.  Exit status 0: intact;\n"
                  "1: broken (the first broken entry is named) or not checkable.",
                  audit_options);
        return args.help || strcmp(sub, "--help") == 0 ? EXIT_OK : EXIT_USAGE;
    }
    app *a = NULL;
    rc = cli_open(&args, false, &a);
    if (rc != EXIT_OK)
        return rc;
    audit_report rep;
    int st = audit_verify(a->db, a->keys, &rep);
    app_close(a);
    if (st != SG_OK)
        return cli_fail("audit verify", st, NULL);
    if (cli_switch(&args, "json")) {
        cli_print_json(json_pack("{s:b, s:I, s:I, s:s}", "intact", rep.broken_seq == 0, "checked",
                                 (json_int_t)rep.checked, "broken_at", (json_int_t)rep.broken_seq,
                                 "reason", rep.reason));
    } else if (rep.broken_seq == 0) {
        printf("audit trail intact: %lld entries checked\n", (long long)rep.checked);
    } else {
        printf("audit trail BROKEN at entry %lld: %s (%lld entries before it are intact)\n",
               (long long)rep.broken_seq, rep.reason, (long long)rep.checked);
    }
    return rep.broken_seq == 0 ? EXIT_OK : EXIT_FAIL;
}

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

static int publish(app *a, const char *path, const char *note, bool json)
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
    rc = catalogue_publish(a, &who, content.data ? content.data : "", content.len, note, &out,
                           &err);
    buf_free(&content);
    if (rc != SG_OK)
        return cli_fail(path, rc, &err);
    if (json)
        cli_print_json(out);
    else {
        fprintf(stderr, "signaal: published catalogue version %lld (%lld indicators)\n",
                (long long)json_integer_value(json_object_get(out, "version")),
                (long long)json_integer_value(json_object_get(out, "indicator_count")));
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
    return publish(a, path, "initial catalogue", false);
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
        rc = publish(a, args.positional[0], cli_setting(&args, "note", ""), cli_switch(&args, "json"));
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
