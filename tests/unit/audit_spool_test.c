/* Unit tests for security/audit_spool: the audit entries of reads written
 * to a file and moved into the hash-chained trail.  On a real store in a
 * temporary directory: the order and fields of what is moved, moving on
 * close, recovery of what a process that died left in the file (a child
 * process dies while it holds the store's writer, so its entries are in
 * the file only), damaged and torn records (the file is damaged directly),
 * a file the database has not seen, the lock, the order against writes,
 * and a file that takes no more bytes (a file size limit). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/text.h"
#include "security/access.h"
#include "security/audit.h"
#include "security/audit_spool.h"
#include "security/vault.h"
#include "store/store.h"

#define HEADER_LEN 46              /* "SGSPOOL1 ", a UUID and "\n" */
#define CHECK_LEN 16               /* a record's BLAKE2b checksum */
#define AT_BASE_MS 1717171717000LL /* the entries' times: fixed and long past */
#define MAX_RECORDS 512            /* what read_spool lists */
#define PATH_LEN 256

static char tmp_dir[] = "/tmp/signaal-spool-XXXXXX";
static vault *keys;

static const unsigned char key[VAULT_KEY_BYTES] = {
    7,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15,
    16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
};

/* ---- stores, spools and files ------------------------------------------- */

typedef struct paths {
    char db[PATH_LEN];
    char spool[PATH_LEN];
} paths;

static paths paths_of(const char *name)
{
    paths p;
    snprintf(p.db, sizeof p.db, "%s/%.60s.db", tmp_dir, name);
    snprintf(p.spool, sizeof p.spool, "%s/%.60s.db.audit-spool", tmp_dir, name);
    return p;
}

/* The store at path, or NULL (for child processes). */
static store *try_open_store(const char *path)
{
    store *s = NULL;
    const char *detail = NULL;
    store_options opt = {.readers = 2, .busy_timeout_ms = 2000, .durable = false};
    return store_open(path, &opt, true, &s, &detail) == SG_OK ? s : NULL;
}

static store *open_store(const char *path)
{
    store *s = try_open_store(path);
    if (!s)
        fail_msg("store_open %s failed", path);
    return s;
}

/* The spool this process keeps open: closed after a test that failed
 * before it closed it, so that the next tests can open theirs. */
static audit_spool *kept;

static audit_spool *open_spool(store *s, const char *path)
{
    audit_spool *sp = NULL;
    int rc = audit_spool_open(s, keys, path, &sp);
    if (rc != SG_OK)
        fail_msg("audit_spool_open %s: %s", path, sg_status_str(rc));
    assert_non_null(sp);
    return kept = sp;
}

static void close_spool(audit_spool *sp)
{
    audit_spool_close(sp);
    if (kept == sp)
        kept = NULL;
}

/* The spool file as its layout says: a header line, then records of
 * "SGA1", the payload's length (u32, little-endian), the payload and its
 * BLAKE2b checksum.  Lists the whole records from the start. */
typedef struct spool_file {
    char gen[STORE_ID_LEN];
    long size;
    int n;
    long at[MAX_RECORDS]; /* where each record begins */
    long whole_end;       /* where the last whole record ends */
} spool_file;

static spool_file *read_spool(const char *path)
{
    spool_file *f = calloc(1, sizeof *f);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    f->size = (long)st.st_size;
    unsigned char *b = malloc((size_t)f->size + 1);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(b, 1, (size_t)f->size, fp), (size_t)f->size);
    fclose(fp);
    assert_true(f->size >= HEADER_LEN);
    assert_memory_equal(b, "SGSPOOL1 ", 9);
    assert_int_equal(b[HEADER_LEN - 1], '\n');
    memcpy(f->gen, b + 9, 36);
    long k = HEADER_LEN;
    while (k + 8 <= f->size && f->n < MAX_RECORDS && memcmp(b + k, "SGA1", 4) == 0) {
        long len = (long)((uint32_t)b[k + 4] | (uint32_t)b[k + 5] << 8 | (uint32_t)b[k + 6] << 16
                          | (uint32_t)b[k + 7] << 24);
        unsigned char check[CHECK_LEN];
        if (len > 4096 || k + 8 + len + CHECK_LEN > f->size)
            break;
        crypto_generichash(check, CHECK_LEN, b + k + 8, (unsigned long long)len, NULL, 0);
        if (memcmp(check, b + k + 8 + len, CHECK_LEN) != 0)
            break;
        f->at[f->n++] = k;
        k += 8 + len + CHECK_LEN;
    }
    f->whole_end = k;
    free(b);
    return f;
}

/* Changes n bytes at offset: to bytes, or each flipped when bytes is NULL.
 * No cmocka assertion: also called within a store's work function. */
static bool patch(const char *path, long offset, const char *bytes, size_t n)
{
    unsigned char b[8];
    int fd = open(path, O_RDWR);
    bool ok = fd >= 0 && n <= sizeof b && pread(fd, b, n, (off_t)offset) == (ssize_t)n;
    for (size_t i = 0; ok && i < n; i++)
        b[i] = bytes ? (unsigned char)bytes[i] : b[i] ^ 0x20;
    ok = ok && pwrite(fd, b, n, (off_t)offset) == (ssize_t)n;
    if (fd >= 0)
        close(fd);
    return ok;
}

/* ---- entries -------------------------------------------------------------- */

static void make_pid(char out[STORE_ID_LEN], unsigned kind, int n)
{
    snprintf(out, STORE_ID_LEN, "%08x-0000-4000-8000-%012d", kind, n);
}

static void user_actor(actor *a, int i)
{
    memset(a, 0, sizeof *a);
    a->user_id = 7 + i % 4;
    make_pid(a->user_pid, 0xb, i % 4);
    a->role = ROLE_MENTOR;
    a->org_id = 3;
    make_pid(a->org_pid, 0xa, 3);
    a->org_type = ORG_SCHOOL;
    snprintf(a->client, sizeof a->client, "192.0.2.%d", i % 250);
}

/* Entry i of the set named tag, the same in every process: a person read
 * by a mentor or by the operator (every third), about no record at all
 * every fifth; its time fixed, long before it is moved. */
static void make_row(audit_row *r, const char *tag, int i)
{
    actor who;
    if (i % 3 == 2)
        access_system_actor(&who);
    else
        user_actor(&who, i);
    char record[STORE_ID_LEN], person[STORE_ID_LEN], purpose[96];
    make_pid(record, 0x5, i);
    make_pid(person, 0x6, i % 7);
    snprintf(purpose, sizeof purpose, "%s %d: zorgco\xc3\xb6rdinatie", tag, i);
    bool bare = i % 5 == 4;
    audit_event ev = {.who = &who,
                      .action = "person.read",
                      .record_type = bare ? NULL : "person",
                      .record_id = bare ? NULL : record,
                      .person_id = bare ? NULL : person,
                      .purpose = bare ? NULL : purpose};
    audit_row_fill(r, &ev);
    clock_format_iso(AT_BASE_MS + (int64_t)i * 1000, r->at);
}

/* An entry's ten text fields, in the record's order, and their sizes. */
static void fields_of(audit_row *r, char *f[10], size_t n[10])
{
    char *v[10] = {r->at,          r->user_id,   r->role,      r->org_id, r->action,
                   r->record_type, r->record_id, r->person_id, r->client, r->purpose};
    size_t s[10] = {sizeof r->at,        sizeof r->user_id,   sizeof r->role,
                    sizeof r->org_id,    sizeof r->action,    sizeof r->record_type,
                    sizeof r->record_id, sizeof r->person_id, sizeof r->client,
                    sizeof r->purpose};
    memcpy(f, v, sizeof v);
    memcpy(n, s, sizeof s);
}

/* Every text field as long as its column holds (the time kept valid). */
static void long_row(audit_row *r)
{
    char *f[10];
    size_t n[10];
    memset(r, 0, sizeof *r);
    fields_of(r, f, n);
    for (int i = 1; i < 10; i++)
        memset(f[i], 'a' + i, n[i] - 1);
    for (size_t k = 0; k + 2 < sizeof r->purpose; k += 2)
        memcpy(r->purpose + k, "\xc3\xb6", 2); /* 127 times "ö" and a "j" */
    clock_format_iso(AT_BASE_MS - 1, r->at);
}

/* The size of r's record on file. */
static long record_size(audit_row *r)
{
    char *f[10];
    size_t n[10];
    fields_of(r, f, n);
    long size = 8 + CHECK_LEN;
    for (int i = 0; i < 10; i++)
        size += 2 + (long)strlen(f[i]);
    return size;
}

static int append_made(audit_spool *sp, const char *tag, int first, int n)
{
    audit_row *rows = calloc((size_t)n + 1, sizeof *rows);
    if (!rows)
        return SG_ENOMEM;
    for (int i = 0; i < n; i++)
        make_row(&rows[i], tag, first + i);
    int rc = audit_spool_append(sp, rows, n);
    free(rows);
    return rc;
}

static void expect_same(audit_row *got, audit_row *want)
{
    char *g[10], *w[10];
    size_t n[10];
    fields_of(got, g, n);
    fields_of(want, w, n);
    for (int i = 0; i < 10; i++)
        assert_string_equal(g[i], w[i]);
}

/* ---- the trail -------------------------------------------------------------- */

/* The trail as read_trail last read it, in seq order. */
static audit_row *rows;
static int rows_n, rows_cap;

static int trail_add(const audit_row *r, void *arg)
{
    (void)arg;
    if (rows_n == rows_cap) {
        int cap = rows_cap ? rows_cap * 2 : 64;
        audit_row *more = realloc(rows, (size_t)cap * sizeof *more);
        if (!more)
            return SG_ENOMEM;
        rows = more;
        rows_cap = cap;
    }
    rows[rows_n++] = *r;
    return SG_OK;
}

static int trail_job(store_tx *tx, void *arg)
{
    rows_n = 0;
    return store_audit_each(tx, 0, trail_add, arg);
}

/* Reads the whole trail into rows (seq 1, 2, 3 ...) and returns its length. */
static int read_trail(store *s)
{
    assert_int_equal(store_read(s, trail_job, NULL), SG_OK);
    for (int i = 0; i < rows_n; i++)
        assert_int_equal(rows[i].seq, i + 1);
    return rows_n;
}

/* Expects rows[from..from + k) to be the entries first..first + k of tag's set. */
static void expect_entries(int from, const char *tag, int first, int k)
{
    assert_true(from + k <= rows_n);
    for (int i = 0; i < k; i++) {
        audit_row want;
        make_row(&want, tag, first + i);
        expect_same(&rows[from + i], &want);
    }
}

static void expect_intact(store *s, int64_t n)
{
    audit_report rep;
    assert_int_equal(audit_verify(s, keys, &rep), SG_OK);
    if (rep.broken_seq != 0)
        fail_msg("broken at %lld: %s", (long long)rep.broken_seq, rep.reason);
    assert_int_equal(rep.checked, n);
}

/* The entry that records lost bytes of the spool. */
static void expect_damage(const audit_row *r, long bytes)
{
    char purpose[128];
    snprintf(purpose, sizeof purpose, "%ld bytes of the audit spool were unreadable", bytes);
    assert_string_equal(r->action, "audit.spool-damaged");
    assert_string_equal(r->role, "system");
    assert_string_equal(r->client, "server");
    assert_string_equal(r->user_id, "");
    assert_string_equal(r->person_id, "");
    assert_string_equal(r->purpose, purpose);
    int64_t ms = 0;
    assert_int_equal(clock_parse_iso(r->at, &ms), SG_OK);
    assert_true(ms > AT_BASE_MS); /* the time it was found */
}

typedef struct spool_pos {
    char gen[STORE_SPOOL_GEN_LEN];
    int64_t position;
} spool_pos;

static int spool_pos_job(store_tx *tx, void *arg)
{
    spool_pos *p = arg;
    return store_audit_spool_get(tx, p->gen, &p->position);
}

/* How far the database says the spool was moved, in which file. */
static spool_pos recorded(store *s)
{
    spool_pos p;
    assert_int_equal(store_read(s, spool_pos_job, &p), SG_OK);
    return p;
}

/* Opens name's store and spool, which moves what the file holds, closes
 * them, and reads the trail (intact); opening them again moves nothing
 * more.  Returns the trail's length. */
static int recover(const char *name)
{
    paths p = paths_of(name);
    store *s = open_store(p.db);
    close_spool(open_spool(s, p.spool));
    int n = read_trail(s);
    expect_intact(s, n);
    store_close(s);
    s = open_store(p.db);
    close_spool(open_spool(s, p.spool));
    assert_int_equal(read_trail(s), n);
    store_close(s);
    return n;
}

/* ---- child processes ------------------------------------------------------------ */

static pid_t fork_child(void)
{
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    assert_true(pid >= 0);
    return pid;
}

static void wait_child(pid_t pid)
{
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("the child process failed (wait status %d; see its message above)", status);
}

/* In a child process: ends it with a failure the parent reports. */
static void child_fail(const char *why)
{
    dprintf(2, "child process: %s\n", why);
    _exit(1);
}

typedef struct crash_ctx {
    audit_spool *sp;
    const char *tag;
    int first;
    int n;
} crash_ctx;

static int crash_job(store_tx *tx, void *arg)
{
    (void)tx;
    crash_ctx *c = arg;
    /* While this job holds the store's writer, the spool's thread cannot
     * move what is appended: the process dies with it in the file only. */
    if (append_made(c->sp, c->tag, c->first, c->n) != SG_OK)
        child_fail("append before the crash");
    _exit(0);
}

/* A child process opens name's store and spool, appends the entries
 * 0..flushed of tag's set and moves them, appends flushed..flushed +
 * pending, and dies without closing anything. */
static void child_crash(const char *name, const char *tag, int flushed, int pending)
{
    pid_t pid = fork_child();
    if (pid == 0) {
        paths p = paths_of(name);
        store *s = try_open_store(p.db);
        audit_spool *sp = NULL;
        if (!s || audit_spool_open(s, keys, p.spool, &sp) != SG_OK)
            child_fail("open");
        if (append_made(sp, tag, 0, flushed) != SG_OK || audit_spool_flush(sp) != SG_OK)
            child_fail("append and flush");
        crash_ctx c = {.sp = sp, .tag = tag, .first = flushed, .n = pending};
        if (store_write(s, crash_job, &c) != SG_OK)
            child_fail("the crash job failed");
        child_fail("the crash job returned");
    }
    wait_child(pid);
}

/* ---- the tests ------------------------------------------------------------------ */

#define FLUSH_ENTRIES 301 /* more than one batch of a move (256) */
#define LONG_ENTRY 150

static void test_flush_moves_in_order(void **state)
{
    (void)state;
    paths p = paths_of("flush");
    store *s = open_store(p.db);
    audit_spool *sp = open_spool(s, p.spool);
    audit_row *want = calloc(FLUSH_ENTRIES, sizeof *want);
    long size = HEADER_LEN;
    for (int i = 0; i < FLUSH_ENTRIES; i++) {
        make_row(&want[i], "flush", i);
        if (i == LONG_ENTRY)
            long_row(&want[i]);
        size += record_size(&want[i]);
    }
    /* Appends of several sizes (none too): on file, whole, once each returns. */
    static const int chunks[] = {0, 1, 2, 37, 261};
    int done = 0;
    for (size_t c = 0; c < sizeof chunks / sizeof chunks[0]; c++) {
        assert_int_equal(audit_spool_append(sp, want + done, chunks[c]), SG_OK);
        done += chunks[c];
        spool_file *f = read_spool(p.spool);
        assert_int_equal(f->n, done);
        assert_int_equal(f->whole_end, f->size);
        free(f);
    }
    assert_int_equal(done, FLUSH_ENTRIES);
    spool_file *f = read_spool(p.spool);
    assert_int_equal(f->size, size);

    /* Flushed: every entry in the trail, in order, as appended (with the
     * time of the read, not of the move), chained intact; the database
     * records how far it got in which file. */
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    assert_int_equal(read_trail(s), FLUSH_ENTRIES);
    for (int i = 0; i < FLUSH_ENTRIES; i++)
        expect_same(&rows[i], &want[i]);
    assert_int_equal(strlen(rows[LONG_ENTRY].purpose), sizeof want->purpose - 1);
    expect_intact(s, FLUSH_ENTRIES);
    spool_pos pos = recorded(s);
    assert_string_equal(pos.gen, f->gen);
    assert_int_equal(pos.position, f->size);

    /* Nothing moves twice: not on flushing again, closing or reopening. */
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    assert_int_equal(read_trail(s), FLUSH_ENTRIES);
    close_spool(sp);
    store_close(s);
    assert_int_equal(recover("flush"), FLUSH_ENTRIES);
    free(f);
    free(want);
}

static void test_close_moves_the_rest(void **state)
{
    (void)state;
    paths p = paths_of("close");
    store *s = open_store(p.db);
    audit_spool *sp = open_spool(s, p.spool);
    assert_int_equal(append_made(sp, "close", 0, 5), SG_OK);
    close_spool(sp); /* right away, within the thread's 25 ms */
    assert_int_equal(read_trail(s), 5);
    expect_entries(0, "close", 0, 5);
    expect_intact(s, 5);
    spool_file *f = read_spool(p.spool);
    spool_pos pos = recorded(s);
    assert_string_equal(pos.gen, f->gen);
    assert_int_equal(pos.position, f->size);
    free(f);
    store_close(s);
    assert_int_equal(recover("close"), 5);
}

static void test_crash_recovery(void **state)
{
    (void)state;
    child_crash("crash", "crash", 4, 6);
    paths p = paths_of("crash");
    spool_file *f = read_spool(p.spool);
    assert_int_equal(f->n, 10);
    assert_int_equal(f->whole_end, f->size);

    /* Before the spool opens: the 4 flushed entries are in the trail, and
     * the database's position is where the 6 others begin. */
    store *s = open_store(p.db);
    assert_int_equal(read_trail(s), 4);
    spool_pos pos = recorded(s);
    assert_string_equal(pos.gen, f->gen);
    assert_int_equal(pos.position, f->at[4]);

    /* Opening the spool moves the other 6, once, in order; the file then
     * starts afresh, a new generation the database records. */
    audit_spool *sp = open_spool(s, p.spool);
    assert_int_equal(read_trail(s), 10);
    expect_entries(0, "crash", 0, 10);
    close_spool(sp);
    spool_file *g = read_spool(p.spool);
    assert_string_not_equal(g->gen, f->gen);
    assert_int_equal(g->size, HEADER_LEN);
    pos = recorded(s);
    assert_string_equal(pos.gen, g->gen);
    assert_int_equal(pos.position, HEADER_LEN);
    store_close(s);
    assert_int_equal(recover("crash"), 10);
    free(g);
    free(f);
}

/* The third record not yet moved damaged: the entries before it are moved,
 * the loss of the rest of the file recorded, nothing after it moved. */
static void test_damaged_record(void **state)
{
    (void)state;
    static const struct {
        int flushed;
        long offset;       /* into the damaged record */
        const char *bytes; /* written there, or NULL: one byte flipped */
    } cases[] = {
        {0, 8 + 3, NULL},           /* the payload: its checksum fails */
        {0, 0, NULL},               /* "SGA1" */
        {2, 4, "\xff\xff\xff\x7f"}, /* a length longer than any record */
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        char name[32];
        snprintf(name, sizeof name, "damaged-%zu", c);
        child_crash(name, "damaged", cases[c].flushed, 5);
        paths p = paths_of(name);
        spool_file *f = read_spool(p.spool);
        assert_int_equal(f->n, cases[c].flushed + 5);
        int d = cases[c].flushed + 2;
        size_t n = cases[c].bytes ? strlen(cases[c].bytes) : 1;
        assert_true(patch(p.spool, f->at[d] + cases[c].offset, cases[c].bytes, n));

        assert_int_equal(recover(name), d + 1); /* once, also when opened again */
        expect_entries(0, "damaged", 0, d);
        expect_damage(&rows[d], f->size - f->at[d]);
        free(f);
    }
}

typedef struct damage_ctx {
    audit_spool *sp;
    const char *path;
} damage_ctx;

/* Within a write, so that the spool's thread cannot move them first:
 * appends 5 entries to a fresh spool and flips a byte of the third. */
static int damage_job(store_tx *tx, void *arg)
{
    (void)tx;
    damage_ctx *c = arg;
    int rc = append_made(c->sp, "running", 0, 5);
    audit_row r0, r1;
    make_row(&r0, "running", 0);
    make_row(&r1, "running", 1);
    long at = HEADER_LEN + record_size(&r0) + record_size(&r1) + 8 + 3;
    return rc != SG_OK ? rc : patch(c->path, at, NULL, 1) ? SG_OK : SG_EIO;
}

/* Damage found while the spool runs: the entries before it are moved, the
 * loss of the rest recorded once, and entries appended later moved. */
static void test_damage_while_running(void **state)
{
    (void)state;
    paths p = paths_of("running");
    store *s = open_store(p.db);
    audit_spool *sp = open_spool(s, p.spool);
    damage_ctx c = {.sp = sp, .path = p.spool};
    assert_int_equal(store_write(s, damage_job, &c), SG_OK);
    spool_file *f = read_spool(p.spool);
    assert_int_equal(f->n, 2);
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    assert_int_equal(append_made(sp, "later", 0, 2), SG_OK);
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    close_spool(sp);
    assert_int_equal(read_trail(s), 5);
    expect_entries(0, "running", 0, 2);
    expect_damage(&rows[2], f->size - f->whole_end);
    expect_entries(3, "later", 0, 2);
    expect_intact(s, 5);
    store_close(s);
    free(f);
}

/* The end of a file a crash of the machine left: the last record cut
 * short, or zeros after it (a file extended but not written).  Either way
 * the whole records before are moved and the loss of the rest is
 * recorded once (audit.spool-damaged with its size): a cut record is
 * found at the recovery's end (it stops before it, as before a record
 * still being written), zeros fail the record's magic. */
static void test_torn_tail(void **state)
{
    (void)state;
    static const long cuts[] = {9, 3, -300}; /* into the payload; into "SGA1"; zeros */
    for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
        char name[32];
        snprintf(name, sizeof name, "torn-%zu", c);
        child_crash(name, "torn", 1, 3);
        paths p = paths_of(name);
        spool_file *f = read_spool(p.spool);
        assert_int_equal(f->n, 4);
        long end = cuts[c] > 0 ? f->at[3] + cuts[c] : f->size - cuts[c];
        assert_int_equal(truncate(p.spool, (off_t)end), 0);
        if (cuts[c] > 0) {
            assert_int_equal(recover(name), 4);
            expect_entries(0, "torn", 0, 3);
            expect_damage(&rows[3], cuts[c]);
        } else {
            assert_int_equal(recover(name), 5);
            expect_entries(0, "torn", 0, 4);
            expect_damage(&rows[4], -cuts[c]);
        }
        free(f);
    }
}

static void test_file_not_seen(void **state)
{
    (void)state;
    paths own = paths_of("own"), foreign = paths_of("foreign");
    /* The database records its own file at a position past the end of
     * another database's file that then replaces it. */
    store *s = open_store(own.db);
    audit_spool *sp = open_spool(s, own.spool);
    assert_int_equal(append_made(sp, "own", 0, 10), SG_OK);
    close_spool(sp);
    store_close(s);
    child_crash("foreign", "foreign", 0, 3);
    spool_file *f = read_spool(foreign.spool);
    assert_int_equal(f->n, 3);
    s = open_store(own.db);
    spool_pos pos = recorded(s);
    assert_true(pos.position > f->size);
    assert_string_not_equal(pos.gen, f->gen);
    assert_int_equal(rename(foreign.spool, own.spool), 0);
    sp = open_spool(s, own.spool);
    assert_int_equal(read_trail(s), 13);
    expect_entries(0, "own", 0, 10);
    expect_entries(10, "foreign", 0, 3);

    /* The file deleted where the database recorded a position past the
     * end of the new file's entries: the new file is moved from its start. */
    assert_int_equal(append_made(sp, "more", 0, 4), SG_OK);
    close_spool(sp);
    pos = recorded(s);
    assert_int_equal(unlink(own.spool), 0);
    sp = open_spool(s, own.spool);
    assert_int_equal(append_made(sp, "fresh", 0, 2), SG_OK);
    spool_file *g = read_spool(own.spool);
    assert_true(pos.position > g->size);
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    assert_int_equal(read_trail(s), 19);
    expect_entries(13, "more", 0, 4);
    expect_entries(17, "fresh", 0, 2);
    expect_intact(s, 19);
    close_spool(sp);
    store_close(s);
    free(g);
    free(f);
}

/* In a child process: 0 when the lock file beside the spool at path is
 * locked (expect_locked) and the spool refused, or is free (!expect_locked). */
static int child_probe_lock(store *s, const char *path, bool expect_locked)
{
    char lock[PATH_LEN + 8];
    snprintf(lock, sizeof lock, "%s.lock", path);
    int fd = open(lock, O_RDWR);
    if (fd < 0)
        return 2;
    bool locked = flock(fd, LOCK_EX | LOCK_NB) != 0;
    close(fd);
    if (locked != expect_locked)
        return 3;
    audit_spool *sp = NULL;
    return !locked || (audit_spool_open(s, keys, path, &sp) == SG_EUNAVAILABLE && !sp) ? 0 : 4;
}

static void test_lock(void **state)
{
    (void)state;
    paths p = paths_of("lock"), other = paths_of("lock-other");
    /* Another process keeps the spool: refused here by the lock alone
     * (this process keeps none). */
    int up[2], down[2];
    assert_int_equal(pipe(up), 0);
    assert_int_equal(pipe(down), 0);
    pid_t pid = fork_child();
    if (pid == 0) {
        close(up[0]);
        close(down[1]); /* so that it ends when this process does */
        store *cs = try_open_store(p.db);
        audit_spool *csp = NULL;
        if (!cs || audit_spool_open(cs, keys, p.spool, &csp) != SG_OK)
            child_fail("open");
        char c = 'k';
        if (write(up[1], &c, 1) != 1 || read(down[0], &c, 1) != 1)
            child_fail("pipe");
        _exit(0); /* dies keeping it: the lock goes with the process */
    }
    char c = 0;
    assert_int_equal(read(up[0], &c, 1), 1);
    store *s = open_store(other.db);
    audit_spool *sp = (audit_spool *)&c;
    assert_int_equal(audit_spool_open(s, keys, p.spool, &sp), SG_EUNAVAILABLE);
    assert_null(sp);
    assert_int_equal(write(down[1], &c, 1), 1);
    wait_child(pid);
    for (int i = 0; i < 2; i++) {
        close(up[i]);
        close(down[i]);
    }

    /* That process ended: the spool opens here.  In this process the same
     * spool again, and any other, is refused; and in a child process,
     * where the lock is still held after those refused attempts. */
    sp = open_spool(s, p.spool);
    audit_spool *again = (audit_spool *)&c;
    assert_int_equal(audit_spool_open(s, keys, p.spool, &again), SG_EUNAVAILABLE);
    assert_null(again);
    assert_int_equal(audit_spool_open(s, keys, other.spool, &again), SG_EUNAVAILABLE);
    assert_null(again);
    pid = fork_child();
    if (pid == 0)
        _exit(child_probe_lock(s, p.spool, true));
    wait_child(pid);
    assert_int_equal(append_made(sp, "lock", 0, 1), SG_OK);
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    assert_int_equal(read_trail(s), 1);
    close_spool(sp);

    /* Closed: the lock is free for another process, and it opens again. */
    pid = fork_child();
    if (pid == 0)
        _exit(child_probe_lock(s, p.spool, false));
    wait_child(pid);
    close_spool(open_spool(s, p.spool));
    assert_int_equal(read_trail(s), 1);
    store_close(s);
}

typedef struct order_ctx {
    audit_spool *sp;
    int i;
    bool spool_first; /* a read's entry spooled within the write first */
    bool fail;        /* then the write fails, rolled back */
} order_ctx;

static int order_job(store_tx *tx, void *arg)
{
    order_ctx *c = arg;
    int rc = c->spool_first ? append_made(c->sp, "read", c->i, 1) : SG_OK;
    actor who;
    user_actor(&who, c->i);
    char record[STORE_ID_LEN], purpose[32];
    make_pid(record, 0xe, c->i);
    snprintf(purpose, sizeof purpose, "write %d", c->i);
    audit_event ev = {.who = &who,
                      .action = "signal.create",
                      .record_type = "signal",
                      .record_id = record,
                      .purpose = purpose};
    if (rc == SG_OK)
        rc = audit_append(tx, keys, &ev);
    return rc == SG_OK && c->fail ? SG_ECONFLICT : rc;
}

#define ORDER_ROUNDS 10

static void test_order_with_writes(void **state)
{
    (void)state;
    paths p = paths_of("order");
    store *s = open_store(p.db);
    audit_spool *sp = open_spool(s, p.spool);
    /* A read spooled while the write holds the store's writer (the
     * spool's thread cannot move it first): the write's audit_append
     * moves it before its own entry.  Then reads spooled just before
     * writes, as in the server. */
    order_ctx c = {.sp = sp, .i = 0, .spool_first = true};
    assert_int_equal(store_write(s, order_job, &c), SG_OK);
    for (int i = 1; i <= ORDER_ROUNDS; i++) {
        assert_int_equal(append_made(sp, "read", i, 1), SG_OK);
        c = (order_ctx){.sp = sp, .i = i};
        assert_int_equal(store_write(s, order_job, &c), SG_OK);
    }
    assert_int_equal(read_trail(s), 2 * (ORDER_ROUNDS + 1));
    for (int i = 0; i <= ORDER_ROUNDS; i++) {
        char purpose[32];
        snprintf(purpose, sizeof purpose, "write %d", i);
        expect_entries(2 * i, "read", i, 1);
        assert_string_equal(rows[2 * i + 1].action, "signal.create");
        assert_string_equal(rows[2 * i + 1].purpose, purpose);
    }

    /* A write that fails takes back what it moved; the spool keeps it and
     * the next move brings it in, once. */
    c = (order_ctx){.sp = sp, .i = ORDER_ROUNDS + 1, .spool_first = true, .fail = true};
    assert_int_equal(store_write(s, order_job, &c), SG_ECONFLICT);
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    assert_int_equal(audit_spool_flush(sp), SG_OK);
    close_spool(sp);
    assert_int_equal(read_trail(s), 2 * (ORDER_ROUNDS + 1) + 1);
    expect_entries(rows_n - 1, "read", ORDER_ROUNDS + 1, 1);
    expect_intact(s, rows_n);
    store_close(s);
}

/* In a child process (it changes the process's file size limit): a spool
 * file that takes part of a record, then nothing, then takes bytes again. */
static void child_full(const char *name)
{
    paths p = paths_of(name);
    store *s = try_open_store(p.db);
    audit_spool *sp = NULL;
    struct stat st, after;
    struct rlimit was, lim;
    if (!s || audit_spool_open(s, keys, p.spool, &sp) != SG_OK)
        child_fail("open");
    if (append_made(sp, "full", 0, 2) != SG_OK || audit_spool_flush(sp) != SG_OK)
        child_fail("append and flush");
    if (stat(p.spool, &st) != 0 || getrlimit(RLIMIT_FSIZE, &was) != 0)
        child_fail("stat or getrlimit");
    signal(SIGXFSZ, SIG_IGN);
    lim = was;
    lim.rlim_cur = (rlim_t)st.st_size + 10; /* 10 bytes of the next record fit */
    int part = setrlimit(RLIMIT_FSIZE, &lim) == 0 ? append_made(sp, "lost", 0, 1) : SG_OK;
    lim.rlim_cur = (rlim_t)st.st_size; /* nothing fits */
    int none = setrlimit(RLIMIT_FSIZE, &lim) == 0 ? append_made(sp, "lost", 1, 1) : SG_OK;
    if (setrlimit(RLIMIT_FSIZE, &was) != 0)
        child_fail("setrlimit");
    if (stat(p.spool, &after) != 0 || after.st_size != st.st_size)
        child_fail("the failed appends left bytes in the file");
    if (part != SG_ENOSPACE)
        child_fail("a short write is not SG_ENOSPACE");
    if (none != SG_EIO)
        child_fail("a refused write (EFBIG) is not SG_EIO");
    if (append_made(sp, "full", 2, 1) != SG_OK)
        child_fail("append after the file took bytes again");
    audit_spool_close(sp);
    store_close(s);
    _exit(0);
}

static void test_file_full(void **state)
{
    (void)state;
    pid_t pid = fork_child();
    if (pid == 0)
        child_full("full");
    wait_child(pid);
    /* The entries before and after, nothing of the refused ones (the part
     * of a record written was cut off again), no damage. */
    assert_int_equal(recover("full"), 3);
    expect_entries(0, "full", 0, 3);
}

/* ---- the suite -------------------------------------------------------------------- */

static int group_setup(void **state)
{
    (void)state;
    if (vault_global_init() != SG_OK || vault_from_key(key, &keys) != SG_OK)
        return -1;
    return mkdtemp(tmp_dir) ? 0 : -1;
}

static int test_teardown(void **state)
{
    (void)state;
    close_spool(kept);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    vault_free(keys);
    free(rows);
    DIR *d = opendir(tmp_dir);
    if (!d)
        return -1;
    char path[PATH_LEN + 256];
    for (struct dirent *e = readdir(d); e; e = readdir(d))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            snprintf(path, sizeof path, "%s/%s", tmp_dir, e->d_name);
            (void)unlink(path);
        }
    closedir(d);
    return rmdir(tmp_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_flush_moves_in_order, test_teardown),
        cmocka_unit_test_teardown(test_close_moves_the_rest, test_teardown),
        cmocka_unit_test_teardown(test_crash_recovery, test_teardown),
        cmocka_unit_test_teardown(test_damaged_record, test_teardown),
        cmocka_unit_test_teardown(test_damage_while_running, test_teardown),
        cmocka_unit_test_teardown(test_torn_tail, test_teardown),
        cmocka_unit_test_teardown(test_file_not_seen, test_teardown),
        cmocka_unit_test_teardown(test_lock, test_teardown),
        cmocka_unit_test_teardown(test_order_with_writes, test_teardown),
        cmocka_unit_test_teardown(test_file_full, test_teardown),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
