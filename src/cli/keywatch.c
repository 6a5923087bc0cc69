/*
 * keywatch.c - the server's watch on its field keys, on a thread of its
 * own: every second it re-reads the key file when it changed and applies
 * the database's registry of field keys (security/field_keys.h), so that
 * a rotation made by `signaal rekey` reaches a running server within a
 * second, whatever else the server is busy with.
 *
 * When the database encrypts with a key this server's key file lacks (the
 * key file was not copied here after `signaal rekey --prepare`), the
 * server stops encrypting: a write that would encrypt answers 503 and the
 * log says what to do, until the key file arrives; it never goes on with
 * an old key, which the rotation could retire under it.  A database that
 * cannot be read just now changes nothing.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "base/log.h"
#include "base/mem.h"
#include "cli/cli.h"
#include "security/field_keys.h"

#define KEYWATCH_EVERY_MS 1000

struct cli_keywatch {
    app *a;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;
    int last_rc; /* the outcome last logged */
};

static void check_keys(cli_keywatch *w)
{
    char why[300];
    int rc = field_keys_apply(w->a->db, w->a->keys, why, sizeof why);
    if (rc == SG_ENOTFOUND || rc == SG_ECRYPTO)
        vault_field_block(w->a->keys);
    if (rc != w->last_rc) {
        if (rc == SG_OK)
            log_info("field keys: encrypting with key %d", vault_field_active(w->a->keys));
        else
            log_error("field keys: %s%s", why,
                      rc == SG_ENOTFOUND || rc == SG_ECRYPTO ? " (nothing is encrypted meanwhile)"
                                                             : "");
        w->last_rc = rc;
    }
}

static void *watch_main(void *arg)
{
    cli_keywatch *w = arg;
    pthread_mutex_lock(&w->lock);
    while (!w->stop) {
        pthread_mutex_unlock(&w->lock);
        check_keys(w);
        pthread_mutex_lock(&w->lock);
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += KEYWATCH_EVERY_MS / 1000;
        while (!w->stop && pthread_cond_timedwait(&w->wake, &w->lock, &until) != ETIMEDOUT) {
        }
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int cli_keywatch_start(app *a, cli_keywatch **out)
{
    cli_keywatch *w = sg_calloc(1, sizeof *w);
    *out = NULL;
    if (!w)
        return SG_ENOMEM;
    w->a = a;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, &attr);
    pthread_condattr_destroy(&attr);
    if (pthread_create(&w->thread, NULL, watch_main, w) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        sg_free(w);
        return SG_EINTERNAL;
    }
    *out = w;
    return SG_OK;
}

void cli_keywatch_stop(cli_keywatch *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    sg_free(w);
}
