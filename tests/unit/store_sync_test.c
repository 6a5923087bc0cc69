/* Unit test of the SQLite driver's relaxed commits: they reach the disk,
 * that is the write-ahead log is synced, within the window store.h
 * promises, and before a durable write returns, also when the durable
 * write itself changes nothing.  The test counts the syncs of the log by
 * standing in for fdatasync and fsync, which SQLite calls through the C
 * library. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dlfcn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/text.h"
#include "store/store.h"

static atomic_int wal_syncs;

/* True when fd is a write-ahead log ("...-wal"). */
static bool is_wal(int fd)
{
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n < 4)
        return false;
    target[n] = '\0';
    return strcmp(target + n - 4, "-wal") == 0;
}

int fdatasync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    if (is_wal(fd))
        atomic_fetch_add(&wal_syncs, 1);
    return real(fd);
}

int fsync(int fd)
{
    static int (*real)(int);
    if (!real)
        real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (is_wal(fd))
        atomic_fetch_add(&wal_syncs, 1);
    return real(fd);
}

static char dir[] = "/tmp/signaal-sync-XXXXXX";

static int insert_job(store_tx *tx, void *arg)
{
    org_row *o = arg;
    return store_org_insert(tx, o);
}

static int nothing_job(store_tx *tx, void *arg)
{
    (void)tx;
    (void)arg;
    return SG_OK;
}

static void org(org_row *o, int n)
{
    memset(o, 0, sizeof *o);
    snprintf(o->public_id, sizeof o->public_id, "00000000-0000-4000-8000-%012d", n);
    snprintf(o->name, sizeof o->name, "Organisation %d", n);
    text_copy(o->type, sizeof o->type, "school");
    text_copy(o->created_at, sizeof o->created_at, "2026-12-05T00:00:00.000Z");
}

static void sleep_ms(long ms)
{
    struct timespec t = {.tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000L};
    nanosleep(&t, NULL);
}

static void test_relaxed_commits_are_synced(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/sync.db", dir);
    store *s = NULL;
    assert_int_equal(store_open(path, NULL, true, &s, NULL), SG_OK);
    org_row o;
    org(&o, 1);
    assert_int_equal(store_write(s, insert_job, &o), SG_OK);

    /* Within the window, with nothing else written. */
    atomic_store(&wal_syncs, 0);
    org(&o, 2);
    assert_int_equal(store_write_relaxed(s, insert_job, &o), SG_OK);
    sleep_ms(400);
    assert_true(atomic_load(&wal_syncs) >= 1);

    /* Before a durable write that changes nothing returns. */
    org(&o, 3);
    assert_int_equal(store_write_relaxed(s, insert_job, &o), SG_OK);
    atomic_store(&wal_syncs, 0);
    assert_int_equal(store_write(s, nothing_job, NULL), SG_OK);
    assert_true(atomic_load(&wal_syncs) >= 1);

    /* And when the store closes right after one. */
    org(&o, 4);
    assert_int_equal(store_write_relaxed(s, insert_job, &o), SG_OK);
    atomic_store(&wal_syncs, 0);
    store_close(s);
    assert_true(atomic_load(&wal_syncs) >= 1);

    const char *suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char p[160];
        snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
        unlink(p);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_relaxed_commits_are_synced)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
