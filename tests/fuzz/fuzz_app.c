/* A whole application for the harnesses (see fuzz_app.h). */
#include "fuzz_app.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "security/password.h"
#include "security/totp.h"
#include "service/network/network.h"
#include "service/school/persons.h"

static app *the_app;
static char dir[4096];

static void remove_app(void)
{
    if (the_app && the_app->db)
        network_worker_stop(the_app);
    app_close(the_app);
    the_app = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        char path[4096 + 256];
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        (void)unlink(path);
    }
    closedir(d);
    (void)rmdir(dir);
}

static int open_app(void)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/signaal-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("fuzz_app: mkdtemp");
        return SG_EIO;
    }
    atexit(remove_app);
    if (vault_global_init() != SG_OK || totp_global_init() != SG_OK)
        return SG_ECRYPTO;
    password_set_cost(PASSWORD_COST_MINIMAL);
    /* The database as signaal init --demo makes it: every rule set and
     * document of data/ published, the demo data loaded. */
    char db[4200], key[4300];
    snprintf(db, sizeof db, "%s/fuzz.db", dir);
    char *init_args[] = {"--db", db, "--demo", NULL};
    if (cli_init(3, init_args) != EXIT_OK)
        return SG_EIO;
    app *a = calloc(1, sizeof *a);
    if (!a)
        return SG_ENOMEM;
    the_app = a;
    app_config_defaults(&a->cfg);
    const char *detail = "";
    int rc = vault_key_path(db, key, sizeof key);
    if (rc == SG_OK)
        rc = vault_open(key, false, &a->keys, &detail);
    /* Commits need not reach the disk: the database is thrown away. */
    store_options opt = {.readers = 1, .busy_timeout_ms = 2000, .durable = false};
    if (rc == SG_OK)
        rc = store_open(db, &opt, true, &a->db, &detail);
    if (rc != SG_OK) {
        fprintf(stderr, "fuzz_app: cannot open %s: %s\n", db, detail);
        return rc;
    }
    /* The one graph worker, as signaal serve starts it. */
    return network_worker_start(a);
}

app *fuzz_app(void)
{
    static int made;
    if (!made) {
        made = 1;
        if (open_app() != SG_OK) {
            fprintf(stderr, "fuzz_app: the application could not be made\n");
            remove_app();
        }
    }
    return the_app;
}

int fuzz_actor(app *a, const char *login, actor *who)
{
    return svc_actor_by_login(a, login, "192.0.2.1", who);
}

int fuzz_person_id(app *a, const char *login, char out[STORE_ID_LEN])
{
    actor who;
    json_t *page = NULL;
    svc_error err = {0};
    int rc = fuzz_actor(a, login, &who);
    if (rc == SG_OK)
        rc = person_list(a, &who, NULL, 1, &page, &err);
    const char *id =
        json_string_value(json_object_get(json_array_get(json_object_get(page, "items"), 0), "id"));
    if (rc == SG_OK && !id)
        rc = SG_ENOTFOUND;
    if (rc == SG_OK)
        snprintf(out, STORE_ID_LEN, "%s", id);
    json_decref(page);
    return rc;
}

typedef struct trail_scan {
    audit_filter filter;
    audit_row rows[8];
    int n;
} trail_scan;

static int trail_job(store_tx *tx, void *arg)
{
    trail_scan *t = arg;
    return store_audit_list(tx, &t->filter, t->rows, &t->n);
}

static bool jsonable(const char *s)
{
    json_t *j = json_string(s);
    json_decref(j);
    return j != NULL;
}

bool fuzz_trail_readable(app *a)
{
    static int64_t seen;
    trail_scan t;
    memset(&t, 0, sizeof t);
    t.filter.limit = 8;
    if (store_read(a->db, trail_job, &t) != SG_OK)
        return false;
    for (int i = 0; i < t.n && t.rows[i].seq > seen; i++) {
        const audit_row *r = &t.rows[i];
        if (!jsonable(r->action) || !jsonable(r->record_type) || !jsonable(r->record_id)
            || !jsonable(r->person_id) || !jsonable(r->client) || !jsonable(r->purpose))
            return false;
    }
    if (t.n > 0 && t.rows[0].seq > seen)
        seen = t.rows[0].seq;
    return true;
}
