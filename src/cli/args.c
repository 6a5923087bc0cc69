/* Argument parsing, settings and small output helpers of the CLI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "cli/cli.h"

static int find_option(const cli_option *options, const char *name, size_t len)
{
    for (int i = 0; options[i].name; i++)
        if (strlen(options[i].name) == len && strncmp(options[i].name, name, len) == 0)
            return i;
    return -1;
}

int cli_parse(const char *command, const cli_option *options, int argc, char **argv, cli_args *out)
{
    memset(out, 0, sizeof *out);
    out->options = options;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            out->help = true;
            continue;
        }
        if (strncmp(a, "--", 2) != 0) {
            if (out->npositional >= CLI_MAX_POSITIONAL) {
                fprintf(stderr, "signaal %s: too many arguments (see --help)\n", command);
                return EXIT_USAGE;
            }
            out->positional[out->npositional++] = a;
            continue;
        }
        const char *eq = strchr(a + 2, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        int k = find_option(options, a + 2, len);
        if (k < 0) {
            fprintf(stderr, "signaal %s: unknown option '%.*s' (see --help)\n", command,
                    (int)(len + 2), a);
            return EXIT_USAGE;
        }
        out->given[k] = true;
        if (!options[k].arg) {
            if (eq) {
                fprintf(stderr, "signaal %s: --%s takes no value\n", command, options[k].name);
                return EXIT_USAGE;
            }
            continue;
        }
        if (eq) {
            out->values[k] = eq + 1;
        } else if (i + 1 < argc) {
            out->values[k] = argv[++i];
        } else {
            fprintf(stderr, "signaal %s: --%s needs a value (%s)\n", command, options[k].name,
                    options[k].arg);
            return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

void cli_usage(const char *synopsis, const char *about, const cli_option *options)
{
    printf("Usage: %s\n\n%s\n\nOptions:\n", synopsis, about);
    for (int i = 0; options[i].name; i++) {
        char left[64];
        snprintf(left, sizeof left, "--%s%s%s", options[i].name, options[i].arg ? " " : "",
                 options[i].arg ? options[i].arg : "");
        printf("  %-28s %s\n", left, options[i].help);
    }
    printf("  %-28s %s\n", "--help", "show this help and exit");
}

/* The value of key in the config file, copied into out; false when absent. */
static bool config_value(const cli_args *args, const char *key, char *out, size_t n)
{
    const char *path = NULL;
    int k = find_option(args->options, "config", strlen("config"));
    if (k >= 0 && args->values[k])
        path = args->values[k];
    if (!path)
        path = getenv("SIGNAAL_CONFIG");
    if (!path || !*path)
        return false;
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[1024];
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *eq = strchr(line, '=');
        if (line[0] == '#' || !eq)
            continue;
        char *end = eq;
        while (end > line && end[-1] == ' ')
            end--;
        char *value = eq + 1;
        while (*value == ' ')
            value++;
        if ((size_t)(end - line) == strlen(key) && strncmp(line, key, strlen(key)) == 0)
            found = text_copy(out, n, value);
    }
    fclose(f);
    return found;
}

int cli_write_out(const cli_args *args, const char *command, const char *what, const char *text)
{
    const char *path = cli_setting(args, "out", NULL);
    FILE *f = path ? fopen(path, "w") : stdout;
    if (!f) {
        fprintf(stderr, "signaal %s: cannot write %s\n", command, path);
        return EXIT_FAIL;
    }
    bool ok = fputs(text, f) >= 0;
    if (path)
        ok = fclose(f) == 0 && ok;
    if (!ok) {
        fprintf(stderr, "signaal %s: writing the %s failed\n", command, what);
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

const char *cli_setting(const cli_args *args, const char *name, const char *dflt)
{
    static _Thread_local char from_file[1024];
    int k = find_option(args->options, name, strlen(name));
    if (k >= 0 && args->values[k])
        return args->values[k];
    char env[64] = "SIGNAAL_";
    size_t i = strlen(env);
    for (const char *p = name; *p && i < sizeof env - 1; p++)
        env[i++] = *p == '-' ? '_' : (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    env[i] = '\0';
    const char *v = getenv(env);
    if (v && *v)
        return v;
    if (config_value(args, name, from_file, sizeof from_file))
        return from_file;
    return dflt;
}

bool cli_switch(const cli_args *args, const char *name)
{
    int k = find_option(args->options, name, strlen(name));
    return k >= 0 && args->given[k];
}

int cli_int_setting(const cli_args *args, const char *name, long dflt, long min, long max,
                    long *out)
{
    const char *v = cli_setting(args, name, NULL);
    *out = dflt;
    if (!v)
        return EXIT_OK;
    char *end = NULL;
    long n = strtol(v, &end, 10);
    if (!*v || *end || n < min || n > max) {
        fprintf(stderr, "signaal: --%s must be a whole number from %ld to %ld\n", name, min, max);
        return EXIT_USAGE;
    }
    *out = n;
    return EXIT_OK;
}

int cli_open(const cli_args *args, bool create, app **out)
{
    const char *db = cli_setting(args, "db", NULL);
    const char *detail = "";
    if (!db) {
        fprintf(stderr, "signaal: no database given: use --db PATH (or SIGNAAL_DB)\n");
        return EXIT_USAGE;
    }
    int rc = app_open(db, create, out, &detail);
    if (rc != SG_OK) {
        fprintf(stderr, "signaal: cannot open %s: %s\n", db, *detail ? detail : sg_status_str(rc));
        return EXIT_FAIL;
    }
    return EXIT_OK;
}

int cli_fail(const char *what, int status, const svc_error *err)
{
    if (err && err->field)
        fprintf(stderr, "signaal: %s: %s: %s\n", what, err->field, err->reason);
    else
        fprintf(stderr, "signaal: %s: %s\n", what, sg_status_str(status));
    return EXIT_FAIL;
}

void cli_print_json(json_t *v)
{
    char *text = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS);
    if (text)
        printf("%s\n", text);
    free(text);
    json_decref(v);
}

int cli_read_stdin_line(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin))
        return SG_EIO;
    size_t len = strcspn(out, "\r\n");
    if (out[len] == '\0' && len == n - 1)
        return SG_ETOOBIG;
    out[len] = '\0';
    return SG_OK;
}
