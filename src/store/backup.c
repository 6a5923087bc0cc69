/*
 * backup.c - online backups and restores of the whole database (ops.h).
 *
 * SQLite: the copy is made with SQLite's online backup API in one step,
 * from a reading connection inside a read transaction, so it is the
 * database as of one commit while the server keeps writing (WAL lets the
 * writer go on meanwhile), and checked with quick_check.  Once the caller
 * has verified it, store_backup_seal switches it to a rollback journal so
 * that it is one self-contained file.
 *
 * PostgreSQL: pg_dump in its custom format, of a snapshot exported from a
 * REPEATABLE READ transaction of our own, in which the caller's
 * before_copy read what the dump will hold.  pg_restore puts it into an
 * empty database in one transaction.  Both tools get the connection
 * settings through libpq's environment variables (PGHOST, PGPASSWORD ...),
 * never on their command line, where other users of the machine could
 * read a password.
 *
 * Nothing here writes to the database being backed up.  A failed backup
 * or SQLite restore removes the file it began.
 */
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/mem.h"
#include "base/text.h"
#include "store/ops.h"
#include "store/postgres_int.h"

extern char **environ;

bool store_backup_is_sqlite(const char *path)
{
    char head[16] = "";
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t got = fread(head, 1, sizeof head, f);
    fclose(f);
    return got == sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

/* Makes a new directory entry durable (best effort: some file systems
 * refuse fsync on a directory). */
static void sync_dir_of(const char *path)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

/* Creates out, empty, with owner-only permissions; SG_ECONFLICT when it
 * exists.  *fd gets it open for writing when fd is not NULL. */
static int create_new(const char *out, int *fd, char *why, size_t n)
{
    int f = open(out, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (f < 0) {
        snprintf(why, n, "%s: %s", out,
                 errno == EEXIST ? "exists already (never overwritten)" : strerror(errno));
        return errno == EEXIST ? SG_ECONFLICT : SG_EIO;
    }
    if (fd)
        *fd = f;
    else
        close(f);
    return SG_OK;
}

/* ---- SQLite ----------------------------------------------------------- */

static int sqlite_fail(sqlite3 *db, const char *what, char *why, size_t n)
{
    snprintf(why, n, "%s: %s", what, db ? sqlite3_errmsg(db) : "out of memory");
    return SG_EIO;
}

/* Copies the database of connection src (in its open read transaction,
 * when it has one) into the new file out. */
static int sqlite_copy(sqlite3 *src, const char *out, char *why, size_t n)
{
    sqlite3 *dst = NULL;
    int rc = create_new(out, NULL, why, n);
    if (rc != SG_OK)
        return rc;
    if (sqlite3_open_v2(out, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK) {
        rc = sqlite_fail(dst, "cannot open the copy", why, n);
        goto out;
    }
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
    if (!b) {
        rc = sqlite_fail(dst, "cannot start the copy", why, n);
        goto out;
    }
    /* One step: the whole database as of the one read transaction. */
    int step = sqlite3_backup_step(b, -1);
    int finish = sqlite3_backup_finish(b);
    if (step != SQLITE_DONE || finish != SQLITE_OK) {
        rc = sqlite_fail(dst, "copying the database", why, n);
        goto out;
    }
    sqlite3_stmt *check = NULL;
    if (sqlite3_prepare_v2(dst, "PRAGMA quick_check", -1, &check, NULL) != SQLITE_OK
        || sqlite3_step(check) != SQLITE_ROW
        || strcmp((const char *)sqlite3_column_text(check, 0), "ok") != 0) {
        sqlite3_finalize(check);
        snprintf(why, n, "the copy does not pass SQLite's quick_check");
        rc = SG_EIO;
        goto out;
    }
    sqlite3_finalize(check);
out:
    if (dst && sqlite3_close(dst) != SQLITE_OK && rc == SG_OK)
        rc = sqlite_fail(NULL, "closing the copy", why, n);
    if (rc != SG_OK)
        unlink(out);
    else
        sync_dir_of(out);
    return rc;
}

/* ---- PostgreSQL's tools ----------------------------------------------- */

/* The full path of a program on PATH, into out; false when not found. */
static bool find_program(const char *name, char *out, size_t n)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        if (len > 0 && (size_t)snprintf(out, n, "%.*s/%s", (int)len, path, name) < n
            && access(out, X_OK) == 0)
            return true;
        path += len + (path[len] == ':');
    }
    return false;
}

/* The environment for a libpq tool: ours, with the settings of conninfo
 * as libpq's variables (replacing any of ours of the same name).  A new
 * NULL-terminated array whose strings are new too (env_free). */
static char **tool_env(const char *conninfo)
{
    char *err = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &err);
    PQfreemem(err);
    if (!opts)
        return NULL;
    size_t have = 0, add = 0;
    while (environ[have])
        have++;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        add += o->val && o->envvar;
    char **env = sg_calloc(have + add + 1, sizeof *env);
    size_t k = 0;
    bool ok = env != NULL;
    for (PQconninfoOption *o = opts; ok && o->keyword; o++) {
        if (!o->val || !o->envvar)
            continue;
        size_t len = strlen(o->envvar) + strlen(o->val) + 2;
        env[k] = sg_malloc(len);
        ok = env[k] != NULL;
        if (ok)
            snprintf(env[k++], len, "%s=%s", o->envvar, o->val);
    }
    for (size_t i = 0; ok && i < have; i++) {
        const char *eq = strchr(environ[i], '=');
        bool replaced = false;
        for (size_t j = 0; eq && j < k && !replaced; j++)
            replaced = strncmp(env[j], environ[i], (size_t)(eq - environ[i]) + 1) == 0;
        if (replaced)
            continue;
        env[k] = sg_strdup(environ[i]);
        ok = env[k++] != NULL;
    }
    PQconninfoFree(opts);
    if (!ok && env) {
        for (size_t i = 0; i < k; i++)
            sg_free(env[i]);
        sg_free(env);
        env = NULL;
    }
    return env;
}

static void env_free(char **env)
{
    for (size_t i = 0; env && env[i]; i++) {
        if (strncmp(env[i], "PGPASSWORD=", 11) == 0)
            memset(env[i], 0, strlen(env[i]));
        sg_free(env[i]);
    }
    sg_free(env);
}

/* Runs a PostgreSQL tool with argv (argv[0] its name) connected as
 * conninfo says, its standard output to out_fd (-1: ours), until it ends. */
static int run_tool(char *const argv[], const char *conninfo, int out_fd, char *why, size_t n)
{
    char path[4096];
    if (!find_program(argv[0], path, sizeof path)) {
        snprintf(why, n, "%s is not installed (Debian: postgresql-client-15)", argv[0]);
        return SG_EIO;
    }
    char **env = tool_env(conninfo);
    if (!env) {
        snprintf(why, n, "cannot read the database address for %s", argv[0]);
        return SG_EINVAL;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        /* Only async-signal-safe calls between fork and exec. */
        if (out_fd >= 0 && dup2(out_fd, 1) < 0)
            _exit(126);
        execve(path, argv, env);
        _exit(127);
    }
    env_free(env);
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        snprintf(why, n, "cannot run %s: %s", argv[0], strerror(errno));
        return SG_EIO;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        snprintf(why, n, "%s failed (exit status %d; its message is above)", argv[0],
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return SG_EIO;
    }
    return SG_OK;
}

/* pg_dump of the snapshot of tx's transaction into the new file out. */
static int pg_copy(store_tx *tx, const char *out, char *why, size_t n)
{
    char snapshot[128] = "", arg[160];
    store_stmt *st = NULL;
    int rc = q_prepare(tx, "SELECT pg_export_snapshot()", &st, "");
    if (rc == SG_OK) {
        rc = q_step(st) == 1 ? q_text_into(st, 0, snapshot, sizeof snapshot) : SG_EDB;
        q_done(st);
    }
    if (rc != SG_OK) {
        snprintf(why, n, "cannot export the database's snapshot for pg_dump");
        return rc;
    }
    int fd = -1;
    rc = create_new(out, &fd, why, n);
    if (rc != SG_OK)
        return rc;
    snprintf(arg, sizeof arg, "--snapshot=%s", snapshot);
    char *argv[] = {"pg_dump", "--format=custom", "--no-owner", "--no-privileges", arg, NULL};
    rc = run_tool(argv, ((pg_store *)tx->s)->conninfo, fd, why, n);
    if (rc == SG_OK && fsync(fd) != 0) {
        snprintf(why, n, "%s: %s", out, strerror(errno));
        rc = SG_EIO;
    }
    if (close(fd) != 0 && rc == SG_OK) {
        snprintf(why, n, "%s: %s", out, strerror(errno));
        rc = SG_EIO;
    }
    if (rc != SG_OK)
        unlink(out);
    else
        sync_dir_of(out);
    return rc;
}

/* ---- backup ----------------------------------------------------------- */

typedef struct backup_ctx {
    const char *out;
    int (*before_copy)(store_tx *tx, void *ctx);
    void *ctx;
    char *why;
    size_t n;
} backup_ctx;

static int backup_job(store_tx *tx, void *arg)
{
    backup_ctx *bc = arg;
    int rc = bc->before_copy ? bc->before_copy(tx, bc->ctx) : SG_OK;
    if (rc != SG_OK) {
        if (!bc->why[0])
            snprintf(bc->why, bc->n, "cannot read the database: %s", sg_status_str(rc));
        return rc;
    }
    if (store_is_sqlite(tx->s))
        return sqlite_copy(store_sqlite_db(tx), bc->out, bc->why, bc->n);
    if (pg_is_store(tx->s))
        return pg_copy(tx, bc->out, bc->why, bc->n);
    snprintf(bc->why, bc->n, "this database cannot be backed up");
    return SG_EINTERNAL;
}

int store_backup(store *s, const char *out, int (*before_copy)(store_tx *tx, void *ctx), void *ctx,
                 char *why, size_t n)
{
    why[0] = '\0';
    backup_ctx bc = {.out = out, .before_copy = before_copy, .ctx = ctx, .why = why, .n = n};
    int rc = store_read(s, backup_job, &bc);
    if (rc != SG_OK && !why[0])
        snprintf(why, n, "%s", sg_status_str(rc));
    return rc;
}

int store_backup_seal(const char *path, char *why, size_t n)
{
    sqlite3 *db = NULL;
    int rc = SG_OK;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK
        || sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) != SQLITE_OK)
        rc = sqlite_fail(db, "making the copy one self-contained file", why, n);
    if (db && sqlite3_close(db) != SQLITE_OK && rc == SG_OK)
        rc = sqlite_fail(NULL, "closing the copy", why, n);
    if (rc == SG_OK)
        sync_dir_of(path);
    return rc;
}

/* ---- restore ---------------------------------------------------------- */

static int sqlite_restore(const char *backup, const char *path, char *why, size_t n)
{
    char wal[4200];
    snprintf(wal, sizeof wal, "%s-wal", path);
    if (access(path, F_OK) == 0 || access(wal, F_OK) == 0) {
        snprintf(why, n, "%s exists already: restore only into a new database", path);
        return SG_ECONFLICT;
    }
    if (!store_backup_is_sqlite(backup)) {
        snprintf(why, n, "%s is not a backup of an SQLite database", backup);
        return SG_EINVAL;
    }
    sqlite3 *src = NULL;
    int rc = SG_OK;
    if (sqlite3_open_v2(backup, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL)
        != SQLITE_OK) {
        rc = sqlite_fail(src, "cannot open the backup", why, n);
        goto out;
    }
    rc = sqlite_copy(src, path, why, n);
out:
    sqlite3_close(src);
    return rc;
}

static int empty_job(store_tx *tx, void *arg)
{
    return q_int64(tx,
                   "SELECT COUNT(*) FROM information_schema.tables"
                   " WHERE table_schema = current_schema()",
                   arg, "");
}

static int pg_restore(const char *backup, const char *address, char *why, size_t n)
{
    store *s = NULL;
    const char *detail = NULL;
    store_options opt = {.readers = 1, .busy_timeout_ms = 5000, .durable = true};
    int rc = store_open(address, &opt, false, &s, &detail);
    if (rc != SG_OK) {
        snprintf(why, n, "%s", detail && *detail ? detail : "cannot open the database");
        return rc;
    }
    int64_t tables = 0;
    rc = store_read(s, empty_job, &tables);
    if (rc == SG_OK && tables > 0) {
        snprintf(why, n, "the database holds %lld tables: restore only into a new, empty database",
                 (long long)tables);
        rc = SG_ECONFLICT;
    } else if (rc != SG_OK) {
        snprintf(why, n, "cannot read the database: %s", sg_status_str(rc));
    }
    if (rc == SG_OK) {
        PQconninfoOption *opts = PQconninfoParse(((pg_store *)s)->conninfo, NULL);
        const char *dbname = NULL;
        for (PQconninfoOption *o = opts; o && o->keyword; o++)
            if (strcmp(o->keyword, "dbname") == 0)
                dbname = o->val;
        char arg[512], file[4200];
        snprintf(arg, sizeof arg, "--dbname=%s", dbname ? dbname : "");
        snprintf(file, sizeof file, "%s", backup);
        char *argv[] = {"pg_restore",
                        "--no-owner",
                        "--no-privileges",
                        "--exit-on-error",
                        "--single-transaction",
                        arg,
                        file,
                        NULL};
        rc = dbname ? run_tool(argv, ((pg_store *)s)->conninfo, -1, why, n) : SG_EINVAL;
        if (!dbname)
            snprintf(why, n, "the database address names no database");
        PQconninfoFree(opts);
    }
    store_close(s);
    return rc;
}

int store_restore(const char *backup, const char *address, char *why, size_t n)
{
    why[0] = '\0';
    if (access(backup, R_OK) != 0) {
        snprintf(why, n, "%s: %s", backup, strerror(errno));
        return SG_EIO;
    }
    if (store_address_is_postgres(address))
        return pg_restore(backup, address, why, n);
    return sqlite_restore(backup, store_sqlite_path(address), why, n);
}
