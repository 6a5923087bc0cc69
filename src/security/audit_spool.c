/* The audit spool (audit_spool.h): entries of reads on file first, in the
 * trail within milliseconds.  Owns the spool file, its lock file and the
 * thread that moves entries; never holds the store's writer while it
 * writes the file, nor the file while it waits for the store. */
#include "security/audit_spool.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/clock.h"
#include "base/log.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"

#define MAGIC "SGA1"
#define CHECK_LEN 16
#define FIELDS 10
#define RECORD_MAX (8 + 2 * FIELDS + 2048 + CHECK_LEN)
#define HEADER_PREFIX "SGSPOOL1 "
#define HEADER_LEN (sizeof HEADER_PREFIX - 1 + 36 + 1)
#define APPEND_MAX (4 * 1024 * 1024)
#define DRAIN_MAX (4 * 1024 * 1024)     /* bytes read from the file at a time */
#define MOVE_ROWS 256                   /* entries appended with one read and write of the head */
#define ROTATE_BYTES (64 * 1024 * 1024) /* a moved spool this large starts afresh */

struct audit_spool {
    store *db;
    const vault *keys;
    char path[4096];
    int fd;      /* the spool, appended to (O_APPEND) */
    int lock_fd; /* "<path>.lock", held for the spool's life */
    /* Appends, in file order, and the start of a new file; guards gen and
     * end.  The bytes before end are whole records and never change until
     * a new file starts (which happens only when all of them are moved). */
    pthread_mutex_t append_mu;
    char gen[STORE_ID_LEN];
    int64_t end;
    unsigned char *scratch; /* for moves: only ever one at a time (the store's writer) */
    audit_row *rows;        /* the same: the entries of one batch */
    atomic_llong moved;     /* how far the last committed move got (a hint) */
    atomic_bool unsynced;   /* appended since the file was last synced */
    pthread_mutex_t mu;     /* guards stopping */
    pthread_cond_t cv;
    bool stopping;
    pthread_t thread;
    bool started;
    bool foreign;  /* drained by another process than the one appending */
    long drain_ms; /* how often the thread moves entries */
};

/* The process's open spool: the one a write's audit_append settles first.
 * Set once the spool is recovered, cleared when it closes. */
static audit_spool *active;
/* Guards active, and holds it open while a write settles it: a spool is
 * freed only once no write can reach it. */
static pthread_mutex_t active_mu = PTHREAD_MUTEX_INITIALIZER;

static audit_spool *active_get(void)
{
    pthread_mutex_lock(&active_mu);
    audit_spool *sp = active;
    pthread_mutex_unlock(&active_mu);
    return sp;
}

static void active_set(audit_spool *sp)
{
    pthread_mutex_lock(&active_mu);
    active = sp;
    pthread_mutex_unlock(&active_mu);
}

/* ---- records ------------------------------------------------------------ */

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The row's ten text fields, in the record's order. */
static void row_fields(audit_row *r, char *f[FIELDS], size_t n[FIELDS])
{
    char *v[FIELDS] = {r->at,          r->user_id,   r->role,      r->org_id, r->action,
                       r->record_type, r->record_id, r->person_id, r->client, r->purpose};
    size_t s[FIELDS] = {sizeof r->at,        sizeof r->user_id,   sizeof r->role,
                        sizeof r->org_id,    sizeof r->action,    sizeof r->record_type,
                        sizeof r->record_id, sizeof r->person_id, sizeof r->client,
                        sizeof r->purpose};
    for (int i = 0; i < FIELDS; i++) {
        f[i] = v[i];
        n[i] = s[i];
    }
}

static int record_append(buf *b, audit_row *row)
{
    unsigned char rec[RECORD_MAX];
    char *f[FIELDS];
    size_t cap[FIELDS];
    row_fields(row, f, cap);
    size_t k = 8;
    for (int i = 0; i < FIELDS; i++) {
        size_t len = strlen(f[i]);
        rec[k] = (unsigned char)len;
        rec[k + 1] = (unsigned char)(len >> 8);
        memcpy(rec + k + 2, f[i], len);
        k += 2 + len;
    }
    memcpy(rec, MAGIC, 4);
    put_u32(rec + 4, (uint32_t)(k - 8));
    crypto_generichash(rec + k, CHECK_LEN, rec + 8, k - 8, NULL, 0);
    return buf_append(b, rec, k + CHECK_LEN);
}

/* Reads the record at p (avail bytes) into row: its length, 0 when it is
 * not all there yet, -1 when it is damaged. */
static long record_read(const unsigned char *p, size_t avail, audit_row *row)
{
    if (avail < 8)
        return 0;
    if (memcmp(p, MAGIC, 4) != 0)
        return -1;
    size_t len = get_u32(p + 4);
    if (len > RECORD_MAX - 8 - CHECK_LEN)
        return -1;
    if (avail < 8 + len + CHECK_LEN)
        return 0;
    unsigned char check[CHECK_LEN];
    crypto_generichash(check, CHECK_LEN, p + 8, len, NULL, 0);
    if (sodium_memcmp(check, p + 8 + len, CHECK_LEN) != 0)
        return -1;
    memset(row, 0, sizeof *row);
    char *f[FIELDS];
    size_t cap[FIELDS];
    row_fields(row, f, cap);
    size_t k = 8;
    for (int i = 0; i < FIELDS; i++) {
        if (k + 2 > 8 + len)
            return -1;
        size_t n = (size_t)p[k] | (size_t)p[k + 1] << 8;
        if (k + 2 + n > 8 + len || n >= cap[i])
            return -1;
        memcpy(f[i], p + k + 2, n);
        f[i][n] = '\0';
        k += 2 + n;
    }
    return (long)(8 + len + CHECK_LEN);
}

/* Reads the generation from the file's header (and its size when size
 * is not NULL); SG_EINVAL when there is no whole header. */
static int read_header(int fd, char gen[STORE_ID_LEN], int64_t *size)
{
    char header[HEADER_LEN + 1] = "";
    ssize_t got = pread(fd, header, HEADER_LEN, 0);
    struct stat st;
    if (got != (ssize_t)HEADER_LEN || strncmp(header, HEADER_PREFIX, sizeof HEADER_PREFIX - 1) != 0
        || header[HEADER_LEN - 1] != '\n' || fstat(fd, &st) != 0)
        return SG_EINVAL;
    header[HEADER_LEN - 1] = '\0';
    text_copy(gen, STORE_ID_LEN, header + sizeof HEADER_PREFIX - 1);
    if (size)
        *size = (int64_t)st.st_size;
    return SG_OK;
}

/* ---- moving entries into the trail ---------------------------------------- */

static int record_loss(store_tx *tx, audit_spool *sp, int64_t bytes)
{
    /* What a power failure cut short was never acknowledged; its loss is
     * recorded all the same. */
    audit_row row;
    memset(&row, 0, sizeof row);
    clock_format_iso(clock_now_ms(), row.at);
    text_copy(row.role, sizeof row.role, "system");
    text_copy(row.action, sizeof row.action, "audit.spool-damaged");
    text_copy(row.client, sizeof row.client, "server");
    snprintf(row.purpose, sizeof row.purpose, "%lld bytes of the audit spool were unreadable",
             (long long)bytes);
    return audit_append_row(tx, sp->keys, &row);
}

/* Within a write transaction: appends every whole record of the file from
 * where the database says the last move got to, up to the end, and
 * records how far it got (*reached).  Moves run only in the store's write
 * transactions, so never two at once. */
static int move_in(store_tx *tx, audit_spool *sp, int64_t *reached)
{
    char db_gen[STORE_SPOOL_GEN_LEN], gen[STORE_ID_LEN];
    int64_t pos = 0, end;
    int rc = store_audit_spool_get(tx, db_gen, &pos);
    if (rc != SG_OK)
        return rc;
    pthread_mutex_lock(&sp->append_mu);
    text_copy(gen, sizeof gen, sp->gen);
    end = sp->end;
    pthread_mutex_unlock(&sp->append_mu);
    if (strcmp(db_gen, gen) != 0 || pos < (int64_t)HEADER_LEN)
        pos = (int64_t)HEADER_LEN; /* a file the database has not seen */
    int64_t start = pos;
    while (rc == SG_OK && pos < end) {
        size_t want = end - pos < DRAIN_MAX ? (size_t)(end - pos) : DRAIN_MAX;
        ssize_t got = pread(sp->fd, sp->scratch, want, pos);
        if (got <= 0) {
            if (got < 0 && errno == EINTR)
                continue;
            rc = got == 0 ? SG_OK : SG_EIO;
            break;
        }
        size_t at = 0;
        int nrows = 0;
        while (rc == SG_OK && at < (size_t)got) {
            long n = record_read(sp->scratch + at, (size_t)got - at, &sp->rows[nrows]);
            if (n == 0)
                break;
            if (n < 0 && sp->foreign)
                break; /* maybe a record being written: its owner decides */
            if (n < 0) {
                /* Nothing after a damaged record can be trusted to be whole. */
                int64_t lost = end - (pos + (int64_t)at);
                log_error("audit spool: %lld bytes at %lld are damaged; recorded and skipped",
                          (long long)lost, (long long)(pos + (int64_t)at));
                rc = audit_append_rows(tx, sp->keys, sp->rows, nrows);
                nrows = 0;
                if (rc == SG_OK)
                    rc = record_loss(tx, sp, lost);
                at = (size_t)got;
                pos = end - (int64_t)got; /* so that pos + at is the end */
                break;
            }
            at += (size_t)n;
            /* One read and one write of the head per batch of entries. */
            if (++nrows == MOVE_ROWS) {
                rc = audit_append_rows(tx, sp->keys, sp->rows, nrows);
                nrows = 0;
            }
        }
        if (rc == SG_OK && nrows > 0)
            rc = audit_append_rows(tx, sp->keys, sp->rows, nrows);
        if (at == 0)
            break; /* a record longer than what is there: not whole yet */
        pos += (int64_t)at;
    }
    /* Another process's file may have started afresh while it was read
     * (only once every entry was in the trail): then nothing is moved. */
    if (rc == SG_OK && sp->foreign) {
        char now[STORE_ID_LEN];
        if (read_header(sp->fd, now, NULL) != SG_OK || strcmp(now, gen) != 0)
            rc = SG_ECONFLICT;
    }
    if (rc == SG_OK && (pos != start || strcmp(db_gen, gen) != 0))
        rc = store_audit_spool_set(tx, gen, pos);
    if (reached)
        *reached = pos;
    return rc;
}

typedef struct loss_ctx {
    audit_spool *sp;
    int64_t bytes;
} loss_ctx;

static int loss_job(store_tx *tx, void *arg)
{
    loss_ctx *lc = arg;
    return record_loss(tx, lc->sp, lc->bytes);
}

typedef struct move_ctx {
    audit_spool *sp;
    int64_t reached;
} move_ctx;

static int move_job(store_tx *tx, void *arg)
{
    move_ctx *mc = arg;
    return move_in(tx, mc->sp, &mc->reached);
}

/* Moves everything spooled so far, in a transaction of its own (durable
 * when asked); *reached (may be NULL) gets how far it got. */
static int move(audit_spool *sp, bool durable, int64_t *reached)
{
    move_ctx mc = {.sp = sp};
    int rc =
        durable ? store_write(sp->db, move_job, &mc) : store_write_relaxed(sp->db, move_job, &mc);
    if (rc == SG_OK) {
        atomic_store(&sp->moved, mc.reached);
        if (reached)
            *reached = mc.reached;
    }
    return rc;
}

int audit_spool_settle(store_tx *tx)
{
    pthread_mutex_lock(&active_mu);
    audit_spool *sp = active;
    int rc = SG_OK;
    if (sp && store_tx_of(tx, sp->db)) {
        pthread_mutex_lock(&sp->append_mu);
        bool pending = sp->end != atomic_load(&sp->moved);
        pthread_mutex_unlock(&sp->append_mu);
        if (pending)
            rc = move_in(tx, sp, NULL);
    }
    pthread_mutex_unlock(&active_mu);
    return rc;
}

/* ---- the file ------------------------------------------------------------- */

static int sync_dir(const char *path)
{
    char dir[4096];
    text_copy(dir, sizeof dir, path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        text_copy(dir, sizeof dir, ".");
    int fd = open(slash && !*dir ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return SG_EIO;
    int rc = fsync(fd) == 0 ? SG_OK : SG_EIO;
    close(fd);
    return rc;
}

/* Writes a new generation's header at the start of the file (creating it
 * when there is none) and makes it the file's only content: every entry
 * before must be in the trail durably.  Called with append_mu held, or
 * before the spool is active. */
static int start_file(audit_spool *sp)
{
    char gen[STORE_ID_LEN], header[HEADER_LEN + 1];
    token_uuid(gen);
    snprintf(header, sizeof header, "%s%s\n", HEADER_PREFIX, gen);
    /* pwrite on an O_APPEND descriptor appends: the header goes through a
     * descriptor of its own. */
    int fd = open(sp->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return SG_EIO;
    bool ok = ftruncate(fd, (off_t)HEADER_LEN) == 0
              && pwrite(fd, header, HEADER_LEN, 0) == (ssize_t)HEADER_LEN && fdatasync(fd) == 0;
    close(fd);
    if (!ok || sync_dir(sp->path) != SG_OK)
        return SG_EIO;
    if (sp->fd < 0) {
        sp->fd = open(sp->path, O_RDWR | O_APPEND | O_CLOEXEC);
        if (sp->fd < 0)
            return SG_EIO;
    }
    text_copy(sp->gen, sizeof sp->gen, gen);
    sp->end = (int64_t)HEADER_LEN;
    return SG_OK;
}

/* What a previous process left: moved into the trail durably, from
 * where the database says it got to (from the start for a file it never
 * saw), before anything else runs. */
static int recover(audit_spool *sp)
{
    int fd = open(sp->path, O_RDWR | O_APPEND | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? SG_OK : SG_EIO;
    sp->fd = fd;
    int64_t size = 0;
    if (read_header(fd, sp->gen, &size) != SG_OK) {
        log_error("audit spool: %s has no header; it starts afresh", sp->path);
        return SG_OK;
    }
    sp->end = size;
    int64_t reached = 0;
    int rc = move(sp, true, &reached);
    if (rc == SG_OK && reached < size) {
        /* A record cut short (a power failure while it was written, before
         * the file was synced) is about to be cut off with the file: its
         * loss is recorded, as a damaged record's is. */
        log_error("audit spool: the last %lld bytes of %s are not a whole entry; recorded",
                  (long long)(size - reached), sp->path);
        loss_ctx lc = {.sp = sp, .bytes = size - reached};
        rc = store_write(sp->db, loss_job, &lc);
    }
    return rc;
}

/* ---- the thread ----------------------------------------------------------- */

/* Starts a new file when this one is large and moved whole, durably. */
static void maybe_start_file(audit_spool *sp)
{
    int64_t reached = 0;
    pthread_mutex_lock(&sp->append_mu);
    bool large = sp->end >= ROTATE_BYTES && sp->end == atomic_load(&sp->moved);
    pthread_mutex_unlock(&sp->append_mu);
    if (!large || move(sp, true, &reached) != SG_OK)
        return;
    pthread_mutex_lock(&sp->append_mu);
    /* Nothing appended since the durable move: every entry is in the trail. */
    if (sp->end == reached && start_file(sp) != SG_OK)
        log_error("audit spool: could not start a new file; the old one grows");
    pthread_mutex_unlock(&sp->append_mu);
}

static void *spool_main(void *arg)
{
    audit_spool *sp = arg;
    int64_t synced_ms = clock_mono_ms();
    pthread_mutex_lock(&sp->mu);
    while (!sp->stopping) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_sec += sp->drain_ms / 1000;
        until.tv_nsec += sp->drain_ms % 1000 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&sp->cv, &sp->mu, &until);
        if (sp->stopping)
            break;
        pthread_mutex_unlock(&sp->mu);
        pthread_mutex_lock(&sp->append_mu);
        bool pending = sp->end != atomic_load(&sp->moved);
        pthread_mutex_unlock(&sp->append_mu);
        if (pending && move(sp, false, NULL) != SG_OK)
            log_error("audit spool: moving entries into the trail failed; will retry");
        maybe_start_file(sp);
        if (clock_mono_ms() - synced_ms >= AUDIT_SPOOL_SYNC_MS) {
            synced_ms = clock_mono_ms();
            if (atomic_exchange(&sp->unsynced, false) && fdatasync(sp->fd) != 0)
                log_error("audit spool: syncing the file failed");
        }
        pthread_mutex_lock(&sp->mu);
    }
    pthread_mutex_unlock(&sp->mu);
    return NULL;
}

/* ---- the interface -------------------------------------------------------- */

int audit_spool_open(store *s, const vault *v, const char *path, audit_spool **out)
{
    *out = NULL;
    audit_spool *sp = sg_calloc(1, sizeof *sp);
    if (!sp)
        return SG_ENOMEM;
    sp->db = s;
    sp->keys = v;
    sp->fd = -1;
    sp->lock_fd = -1;
    text_copy(sp->path, sizeof sp->path, path);
    /* A test hook: the tests of what moves the spool besides its thread
     * (backup, migrate) make the thread wait longer. */
    sp->drain_ms = AUDIT_SPOOL_DRAIN_MS;
    const char *hook = getenv("SIGNAAL_TEST_SPOOL_MS");
    if (hook && *hook && strspn(hook, "0123456789") == strlen(hook) && strlen(hook) < 9)
        sp->drain_ms = atol(hook) > 0 ? atol(hook) : 1;
    pthread_mutex_init(&sp->append_mu, NULL);
    pthread_mutex_init(&sp->mu, NULL);
    pthread_condattr_t mono;
    pthread_condattr_init(&mono);
    pthread_condattr_setclock(&mono, CLOCK_MONOTONIC);
    pthread_cond_init(&sp->cv, &mono);
    pthread_condattr_destroy(&mono);
    char lock[4200];
    snprintf(lock, sizeof lock, "%s.lock", path);
    int rc = SG_ENOMEM;
    sp->scratch = sg_malloc(DRAIN_MAX);
    sp->rows = sg_calloc(MOVE_ROWS, sizeof *sp->rows);
    if (!sp->scratch || !sp->rows)
        goto fail;
    if (active_get()) {
        rc = SG_EUNAVAILABLE; /* one spool per process */
        goto fail;
    }
    rc = SG_EIO;
    sp->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (sp->lock_fd < 0)
        goto fail;
    /* A command that drains the spool (audit_spool_drain) keeps the lock
     * for moments; a server keeps it for good. */
    for (int attempt = 0; flock(sp->lock_fd, LOCK_EX | LOCK_NB) != 0; attempt++) {
        if (errno != EWOULDBLOCK || attempt == 40) {
            rc = errno == EWOULDBLOCK ? SG_EUNAVAILABLE : SG_EIO;
            goto fail;
        }
        struct timespec pause = {.tv_sec = 0, .tv_nsec = 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    rc = recover(sp);
    if (rc == SG_OK)
        rc = start_file(sp);
    if (rc != SG_OK)
        goto fail;
    atomic_store(&sp->moved, sp->end);
    active_set(sp);
    if (pthread_create(&sp->thread, NULL, spool_main, sp) != 0) {
        rc = SG_EINTERNAL;
        goto fail;
    }
    sp->started = true;
    *out = sp;
    return SG_OK;
fail:
    audit_spool_close(sp);
    return rc;
}

int audit_spool_append(audit_spool *sp, const audit_row *rows, int n)
{
    buf b;
    buf_init(&b, APPEND_MAX);
    int rc = SG_OK;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        audit_row row = rows[i];
        rc = record_append(&b, &row);
    }
    if (rc == SG_OK && b.len > 0) {
        /* One write at a time, so that end counts whole records only. */
        pthread_mutex_lock(&sp->append_mu);
        ssize_t put = write(sp->fd, b.data, b.len);
        int err = put < 0 ? errno : 0;
        if (put == (ssize_t)b.len)
            sp->end += (int64_t)b.len;
        else if (put > 0 && ftruncate(sp->fd, (off_t)sp->end) != 0)
            log_error("audit spool: could not cut a short write off");
        pthread_mutex_unlock(&sp->append_mu);
        if (put != (ssize_t)b.len) {
            log_error("audit spool: writing an entry failed: %s",
                      err ? strerror(err) : "short write (the disk is full)");
            /* The read is refused as a write on a full or read-only disk is. */
            rc = err == EROFS                                 ? SG_EREADONLY
                 : err == ENOSPC || err == EDQUOT || put >= 0 ? SG_ENOSPACE
                                                              : SG_EIO;
        }
        atomic_store(&sp->unsynced, true);
    }
    buf_free(&b);
    return rc;
}

int audit_spool_flush(audit_spool *sp)
{
    return move(sp, false, NULL);
}

void audit_spool_close(audit_spool *sp)
{
    if (!sp)
        return;
    if (sp->started) {
        pthread_mutex_lock(&sp->mu);
        sp->stopping = true;
        pthread_cond_signal(&sp->cv);
        pthread_mutex_unlock(&sp->mu);
        pthread_join(sp->thread, NULL);
    }
    if (active_get() == sp) {
        if (move(sp, true, NULL) != SG_OK)
            log_error("audit spool: entries are left in %s for the next start", sp->path);
        active_set(NULL);
    }
    if (sp->fd >= 0) {
        if (fdatasync(sp->fd) != 0)
            log_error("audit spool: syncing the file failed");
        close(sp->fd);
    }
    if (sp->lock_fd >= 0)
        close(sp->lock_fd); /* releases the lock */
    pthread_mutex_destroy(&sp->append_mu);
    pthread_mutex_destroy(&sp->mu);
    pthread_cond_destroy(&sp->cv);
    sg_free(sp->scratch);
    sg_free(sp->rows);
    sg_free(sp);
}

int audit_spool_drain(store *s, const vault *v, const char *path)
{
    audit_spool *sp = active_get();
    if (sp && strcmp(sp->path, path) == 0)
        return audit_spool_flush(sp); /* this process's own */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? SG_OK : SG_EIO;
    audit_spool d = {.db = s, .keys = v, .fd = fd, .lock_fd = -1, .foreign = true};
    text_copy(d.path, sizeof d.path, path);
    /* Without a server that keeps the spool, this process is its owner for
     * the while: a damaged record is then recorded and skipped as at a
     * server's start; with one, only whole records are taken. */
    char lock[4200];
    snprintf(lock, sizeof lock, "%s.lock", path);
    d.lock_fd = open(lock, O_RDWR | O_CLOEXEC);
    if (d.lock_fd >= 0 && flock(d.lock_fd, LOCK_EX | LOCK_NB) == 0)
        d.foreign = false;
    pthread_mutex_init(&d.append_mu, NULL);
    int rc = SG_ENOMEM;
    d.scratch = sg_malloc(DRAIN_MAX);
    d.rows = sg_calloc(MOVE_ROWS, sizeof *d.rows);
    if (d.scratch && d.rows) {
        /* A file that starts afresh while it is read is read again. */
        for (int attempt = 0; attempt < 3; attempt++) {
            rc = read_header(fd, d.gen, &d.end) == SG_OK ? move(&d, true, NULL) : SG_OK;
            if (rc != SG_ECONFLICT)
                break;
        }
    }
    sg_free(d.scratch);
    sg_free(d.rows);
    pthread_mutex_destroy(&d.append_mu);
    close(fd);
    if (d.lock_fd >= 0)
        close(d.lock_fd); /* releases the lock when it was taken */
    return rc;
}

void audit_spool_path(const char *db_path, char *out, size_t n)
{
    snprintf(out, n, "%s.audit-spool", db_path);
}
