/* ops_test: the command line of the fault tests (see ops_test.h). */
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ops_test.h"

static void today(char out[16])
{
    time_t now = time(NULL) + 3600; /* near enough to Dutch time for a date */
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    int kills = 24;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--binary") == 0)
            ops_binary = argv[i + 1];
        else if (strcmp(argv[i], "--workdir") == 0)
            ops_workdir = argv[i + 1];
        else if (strcmp(argv[i], "--db-url") == 0)
            ops_pg_admin = argv[i + 1];
        else if (strcmp(argv[i], "--seed") == 0)
            ops_seed = (unsigned)strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--kills") == 0)
            kills = atoi(argv[i + 1]);
    }
    static const char *const modes[] = {"crash", "faults", "backup", "rekey", "tls"};
    bool known = false;
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        known = known || strcmp(mode, modes[i]) == 0;
    if (!known || !ops_binary || !ops_workdir || kills < 1) {
        fprintf(stderr, "usage: ops_test crash|faults|backup|rekey|tls --binary PATH"
                        " --workdir DIR [--db-url URL] [--seed N] [--kills N]\n");
        return 2;
    }
    char mk[1024];
    snprintf(mk, sizeof mk, "%s", ops_workdir);
    for (char *p = mk + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(mk, 0755);
            *p = '/';
        }
    mkdir(ops_workdir, 0700);
    signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    setenv("SIGNAAL_PASSWORD_COST", "minimal", 1);
    today(ops_today);
    const char *label = ops_pg_admin ? "pg/ops" : "ops";
    printf("# %s/%s\n", label, mode);
    if (strcmp(mode, "crash") == 0)
        ops_crash(kills);
    else if (strcmp(mode, "faults") == 0)
        ops_faults();
    else if (strcmp(mode, "backup") == 0)
        ops_backup();
    else if (strcmp(mode, "rekey") == 0)
        ops_rekey();
    else
        ops_tls();
    curl_global_cleanup();
    printf("%s/%s: %d passed, %d failed, %d skipped\n", label, mode, ops_passed(), ops_failed(),
           ops_skipped());
    return ops_failed() == 0 ? 0 : 1;
}
