/* The driver-independent part of the store: opening by address, dispatch
 * and schema migrations. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "store/migrations.h"
#include "store/store_int.h"

bool store_address_is_postgres(const char *address)
{
    return text_starts_with(address, "postgres://") || text_starts_with(address, "postgresql://");
}

const char *store_sqlite_path(const char *address)
{
    if (store_address_is_postgres(address))
        return NULL;
    return text_starts_with(address, "sqlite:") ? address + strlen("sqlite:") : address;
}

int store_write(store *s, store_work_fn fn, void *ctx)
{
    return s->driver->write(s, fn, ctx);
}

int store_write_relaxed(store *s, store_work_fn fn, void *ctx)
{
    return s->driver->write_relaxed(s, fn, ctx);
}

int store_read(store *s, store_work_fn fn, void *ctx)
{
    return s->driver->read(s, fn, ctx);
}

void store_pin_begin(store *s)
{
    if (s && s->driver->pin)
        s->driver->pin(s, true);
}

void store_pin_end(store *s)
{
    if (s && s->driver->pin)
        s->driver->pin(s, false);
}

void store_pin_release(store *s)
{
    /* Pinning again ends the kept transaction and stays pinned. */
    if (s && s->driver->pin && s->driver->pinned && s->driver->pinned(s))
        s->driver->pin(s, true);
}

bool store_tx_of(const store_tx *tx, const store *s)
{
    return tx && tx->s == s;
}

void store_close(store *s)
{
    if (s)
        s->driver->close(s);
}

/* ---- migrations ------------------------------------------------------- */

static const char schema_version_ddl[] = "CREATE TABLE IF NOT EXISTS schema_version ("
                                         " version {{int}} PRIMARY KEY,"
                                         " name TEXT NOT NULL,"
                                         " applied_at TEXT NOT NULL) {{strict}}";

static int migration_number(const char *name)
{
    return atoi(name);
}

static int run_script(store_tx *tx, const char *portable)
{
    char *sql = tx->s->driver->expand(portable);
    if (!sql)
        return SG_ENOMEM;
    int rc = tx->s->driver->exec_script(tx, sql);
    sg_free(sql);
    return rc;
}

typedef struct migrate_ctx {
    int version; /* out: the version reached */
    const char **detail;
} migrate_ctx;

/* Whether migration number was applied already. */
static int applied(store_tx *tx, int number, bool *yes)
{
    int64_t n = 0;
    int rc = q_int64(tx, "SELECT COUNT(*) FROM schema_version WHERE version = $1", &n, "i",
                     (int64_t)number);
    *yes = n > 0;
    return rc;
}

static int current_version(store_tx *tx, int *version)
{
    int64_t v = 0;
    int rc = q_int64(tx, "SELECT COALESCE(MAX(version), 0) FROM schema_version", &v, "");
    *version = (int)v;
    return rc;
}

static int migrate_job(store_tx *tx, void *arg)
{
    migrate_ctx *mc = arg;
    int rc = run_script(tx, schema_version_ddl);
    int version = 0;
    if (rc == SG_OK)
        rc = current_version(tx, &version);
    if (rc != SG_OK)
        return rc;
    int newest = store_migration_count > 0
                     ? migration_number(store_migrations[store_migration_count - 1].name)
                     : 0;
    if (version > newest) {
        *mc->detail = "the database was made by a newer version of signaal";
        return SG_ECONFLICT;
    }
    int previous = 0;
    for (int i = 0; i < store_migration_count; i++) {
        const struct store_migration *m = &store_migrations[i];
        int number = migration_number(m->name);
        if (number <= previous) {
            *mc->detail = "the migrations are not numbered in increasing order";
            return SG_EINTERNAL;
        }
        previous = number;
        /* Every migration not applied yet is applied, in order, even one
         * numbered below the newest applied (parts land in any order). */
        bool done = false;
        rc = applied(tx, number, &done);
        if (rc != SG_OK)
            return rc;
        if (done)
            continue;
        rc = run_script(tx, m->sql);
        if (rc != SG_OK) {
            *mc->detail = "a schema migration failed";
            return rc;
        }
        char now[CLOCK_ISO_LEN];
        clock_format_iso(clock_now_ms(), now);
        rc =
            q_exec(tx, "INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, $3)",
                   NULL, "itt", (int64_t)number, m->name, now);
        if (rc != SG_OK)
            return rc;
    }
    return current_version(tx, &mc->version);
}

int store_migrate(store_tx *tx, const char **detail)
{
    migrate_ctx mc = {.version = 0, .detail = detail};
    return migrate_job(tx, &mc);
}

int store_open(const char *address, const store_options *opt, bool migrate, store **out,
               const char **detail)
{
    static const char *ignored;
    if (!detail)
        detail = &ignored;
    *detail = "";
    *out = NULL;
    store_options defaults = {.readers = 0, .busy_timeout_ms = 5000, .durable = true};
    if (!opt)
        opt = &defaults;
    if (!address || !*address) {
        *detail = "no database address given";
        return SG_EINVAL;
    }
    store *s = NULL;
    int rc;
    if (store_address_is_postgres(address))
        rc = store_postgres_open(address, opt, &s, detail);
    else
        rc = store_sqlite_open(store_sqlite_path(address), opt, &s, detail);
    if (rc != SG_OK)
        return rc;
    if (migrate) {
        migrate_ctx mc = {.version = 0, .detail = detail};
        rc = store_write(s, migrate_job, &mc);
        if (rc != SG_OK) {
            if (!**detail)
                *detail = "cannot apply the schema migrations";
            store_close(s);
            return rc;
        }
    }
    *out = s;
    return SG_OK;
}

static int version_job(store_tx *tx, void *arg)
{
    return current_version(tx, arg);
}

int store_schema_version(store *s, int *version)
{
    *version = 0;
    return store_read(s, version_job, version);
}
