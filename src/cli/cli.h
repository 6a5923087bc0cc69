/*
 * cli.h - the signaal command line: argument parsing shared by the
 * subcommands, and the subcommands themselves (one file per group).
 *
 * GNU habits: --help and --version, messages to stderr, machine output with
 * --json, exit status 0 (done), 1 (failed) or 2 (wrong usage).  Settings
 * come from flags, then SIGNAAL_* environment variables, then the config
 * file (--config FILE or SIGNAAL_CONFIG: "key = value" lines).
 */
#ifndef SG_CLI_H
#define SG_CLI_H

#include <stdbool.h>

#include "service/app.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

typedef struct cli_option {
    const char *name; /* long name without "--" */
    const char *arg;  /* placeholder of its value, or NULL for a switch */
    const char *help;
} cli_option;

#define CLI_MAX_OPTIONS 40
#define CLI_MAX_POSITIONAL 4

typedef struct cli_args {
    const cli_option *options;
    const char *values[CLI_MAX_OPTIONS]; /* from the command line, or NULL */
    bool given[CLI_MAX_OPTIONS];
    const char *positional[CLI_MAX_POSITIONAL];
    int npositional;
    bool help;
} cli_args;

/* Parses argv[0..argc) against options (terminated by a NULL name).  On a
 * usage error prints it and returns EXIT_USAGE; otherwise EXIT_OK. */
int cli_parse(const char *command, const cli_option *options, int argc, char **argv, cli_args *out);
/* Prints the usage of a subcommand to stdout. */
void cli_usage(const char *synopsis, const char *about, const cli_option *options);
/* A setting: the flag, else SIGNAAL_<NAME> from the environment, else the
 * config file, else dflt. */
const char *cli_setting(const cli_args *args, const char *name, const char *dflt);
bool cli_switch(const cli_args *args, const char *name);
/* Writes text to the file of the --out setting, else to standard output;
 * on failure prints "signaal <command>: ..." naming what (a copy, a
 * report) and returns EXIT_FAIL. */
int cli_write_out(const cli_args *args, const char *command, const char *what, const char *text);
/* Reads a whole number setting; prints an error and returns EXIT_USAGE if
 * it is not one within [min, max]. */
int cli_int_setting(const cli_args *args, const char *name, long dflt, long min, long max,
                    long *out);

/* Opens the app for the --db setting (create: allow a new key file). */
int cli_open(const cli_args *args, bool create, app **out);
/* The user named by --as LOGIN, as the actor of command ("concern", ...):
 * EXIT_OK, or EXIT_USAGE / EXIT_FAIL after saying why on stderr. */
int cli_acting(app *a, const cli_args *args, const char *command, actor *who);
/* Prints a use case's failure to stderr and returns EXIT_FAIL. */
int cli_fail(const char *what, int status, const svc_error *err);
/* Prints a JSON value to stdout (pretty) and frees it. */
void cli_print_json(json_t *v);
/* Reads a line from stdin (without its newline) into out of size n. */
int cli_read_stdin_line(char *out, size_t n);

int cli_init(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_org(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_audit(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_catalogue(int argc, char **argv);
int cli_rules(int argc, char **argv);
int cli_concern(int argc, char **argv);
int cli_network(int argc, char **argv);
int cli_retention(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_learning(int argc, char **argv);
int cli_export_person(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_rekey(int argc, char **argv);

/* The server's housekeeping (housekeeping.c), on a thread of its own
 * until stopped: the purge steps at once and then every 24 hours, the
 * escalation of missed deadlines (chain_escalate) every escalate_every_s,
 * and a checkpoint of the audit trail every anchor_every_s when it grew
 * (to the log, and to anchor_file when it is not ""), and at the stop. */
typedef struct cli_housekeeping_options {
    int escalate_every_s;
    int anchor_every_s;
    char anchor_file[4096];
} cli_housekeeping_options;
typedef struct cli_housekeeping cli_housekeeping;
SG_MUST_CHECK int cli_housekeeping_start(app *a, const cli_housekeeping_options *opt,
                                         cli_housekeeping **out);
/* Stops the timer (waiting for a run in progress, then writing the last
 * checkpoint) and frees it. */
void cli_housekeeping_stop(cli_housekeeping *h);

/* The server's watch on its field keys (keywatch.c): every second the key
 * file and the database's registry of field keys, so that a rotation by
 * signaal rekey reaches the running server. */
typedef struct cli_keywatch cli_keywatch;
SG_MUST_CHECK int cli_keywatch_start(app *a, cli_keywatch **out);
void cli_keywatch_stop(cli_keywatch *w);

/* Demo data (demo.c): organisations, users and synthetic children. */
int cli_demo_load(app *a);
/* Once the server listens at url: how to begin (and with demo data, whom to log in as). */
void cli_demo_ready(app *a, const char *url);
/* The demo's invented network (demo_network.c), imported as analyst. */
int cli_demo_network(app *a, const actor *analyst);
/* Publishes the file at path when the database has nothing of its kind
 * yet: the indicator catalogue (kind NULL) or a rule set of kind. */
int cli_seed(app *a, const char *kind, const char *path);
/* Publishes the learning documents of data_dir that are not published yet. */
int cli_learning_seed(app *a, const char *data_dir);

#endif
