/*
 * store_fixture.h - what the store tests share: a temporary directory of
 * database files, a check for work functions running on the writer thread,
 * and a few organisations and users.  Included by store_test.c and
 * store_records_test.c, after <cmocka.h>; it is not a test program itself.
 */
#ifndef SG_STORE_FIXTURE_H
#define SG_STORE_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/text.h"
#include "store/store.h"

static char tmp_dir[] = "/tmp/signaal-store-XXXXXX";

/* Work functions run on the store's writer thread, where a cmocka assertion
 * must not jump; they check with W(), which notes the first failure and
 * ends the job, and the test thread reports it after store_write. */
static const char *failed_file;
static int failed_line;
static char failed_what[200];
#define W(cond)                                                                                    \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            failed_file = __FILE__;                                                                \
            failed_line = __LINE__;                                                                \
            snprintf(failed_what, sizeof failed_what, "%s", #cond);                                \
            return SG_EINTERNAL;                                                                   \
        }                                                                                          \
    } while (0)

static inline void write_ok(store *s, store_work_fn fn, void *ctx)
{
    failed_line = 0;
    int rc = store_write(s, fn, ctx);
    if (failed_line)
        fail_msg("work function failed at %s:%d: %s", failed_file, failed_line, failed_what);
    assert_int_equal(rc, SG_OK);
}

static inline const char *db_path(const char *name)
{
    static char path[sizeof tmp_dir + 64];
    snprintf(path, sizeof path, "%s/%.60s", tmp_dir, name);
    return path;
}

static inline store *open_db(const char *name)
{
    store *s = NULL;
    const char *detail = NULL;
    store_options opt = {.readers = 2, .busy_timeout_ms = 2000, .durable = false};
    int rc = store_open(db_path(name), &opt, true, &s, &detail);
    if (rc != SG_OK)
        fail_msg("store_open: %d %s", rc, detail);
    return s;
}

static inline void make_pid(char out[STORE_ID_LEN], unsigned kind, int n)
{
    snprintf(out, STORE_ID_LEN, "%08x-0000-4000-8000-%012d", kind, n);
}

static inline void now_iso(char out[CLOCK_ISO_LEN])
{
    clock_format_iso(clock_now_ms(), out);
}

static inline int group_setup(void **state)
{
    (void)state;
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static inline int group_teardown(void **state)
{
    (void)state;
    DIR *d = opendir(tmp_dir);
    if (!d)
        return -1;
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            (void)unlink(db_path(e->d_name));
    closedir(d);
    return rmdir(tmp_dir);
}

/* ---- organisations and users ------------------------------------------ */

static inline int insert_org_job(store_tx *tx, void *arg)
{
    return store_org_insert(tx, arg);
}

static inline void fill_org(org_row *o, int n, const char *name, const char *type)
{
    memset(o, 0, sizeof *o);
    make_pid(o->public_id, 0x0a, n);
    text_copy(o->name, sizeof o->name, name);
    text_copy(o->type, sizeof o->type, type);
    now_iso(o->created_at);
}

static inline int find_org_job(store_tx *tx, void *arg)
{
    org_row *o = arg;
    return store_org_find(tx, o->name, o);
}

typedef struct people {
    org_row org[5];
    user_row user[6];
} people;

static inline void fill_user(user_row *u, int n, int64_t org_id, const char *login,
                             const char *role)
{
    memset(u, 0, sizeof *u);
    make_pid(u->public_id, 0x0b, n);
    u->org_id = org_id;
    text_copy(u->login, sizeof u->login, login);
    text_copy(u->role, sizeof u->role, role);
    text_copy(u->password_hash, sizeof u->password_hash, "$argon2id$fake");
    now_iso(u->created_at);
}

static inline int people_job(store_tx *tx, void *arg)
{
    people *p = arg;
    static const char *const types[] = {"school", "police", "youth-care", "school", "municipality"};
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "Organisation %d", i);
        fill_org(&p->org[i], 100 + i, name, types[i]);
        W(store_org_insert(tx, &p->org[i]) == SG_OK);
        W(p->org[i].id > (i ? p->org[i - 1].id : 0));
    }
    for (int i = 0; i < 6; i++) {
        char login[32];
        snprintf(login, sizeof login, "user%d", i);
        fill_user(&p->user[i], 200 + i, p->org[i % 2].id, login,
                  i % 2 ? "police-officer" : "mentor");
        W(store_user_insert(tx, &p->user[i]) == SG_OK);
        W(p->user[i].id > 0);
    }
    return SG_OK;
}

#endif
