/*
 * vault_keys.c - the key file and the vault's ring of field keys.
 *
 * The key file is text, mode 0600, refused when others may read it:
 *
 *     <master key: 64 lower-case hex digits>
 *     field 2 <64 hex digits>          (field keys added by signaal rekey,
 *     field 3 <64 hex digits>           ids increasing, none or more)
 *
 * Key 1, derived from the master key, is never written out.  The file is
 * only ever replaced whole: written beside itself (".new"), synced, renamed
 * into place and the directory synced, so a crash leaves the old file or
 * the new one.  A ring remembers which file it read (device, inode, size,
 * time) and reloads it when that changed; a reload never takes another
 * master key and never drops the active field key.
 *
 * Keys never leave the ring but to encrypt and decrypt, and every copy on
 * the stack is wiped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/vault_int.h"

#define HEX_KEY (2 * VAULT_KEY_BYTES)
#define FIELD_LINE_MAX 80
/* The master line, and a line for each field key id from 2 to 255. */
#define KEY_FILE_MAX (HEX_KEY + 1 + (VAULT_FIELD_IDS - 2) * FIELD_LINE_MAX)
/* How often an open that meets an unknown key may reload the file. */
#define LAZY_RELOAD_MS 200

typedef struct key_file {
    unsigned char master[VAULT_KEY_BYTES];
    int n;
    int id[VAULT_FIELD_IDS];
    unsigned char key[VAULT_FIELD_IDS][VAULT_KEY_BYTES];
} key_file;

static void set_detail(const char **detail, const char *text)
{
    if (detail)
        *detail = text;
}

static bool is_lower_hex(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

static int hex_key(const char *text, unsigned char out[VAULT_KEY_BYTES])
{
    if (!is_lower_hex(text, HEX_KEY)
        || sodium_hex2bin(out, VAULT_KEY_BYTES, text, HEX_KEY, NULL, NULL, NULL) != 0)
        return SG_ECRYPTO;
    return SG_OK;
}

/* Parses the text of a key file (len bytes) into kf. */
static int parse(const char *text, size_t len, key_file *kf, const char **detail)
{
    memset(kf, 0, sizeof *kf);
    if (len < HEX_KEY + 1 || text[HEX_KEY] != '\n' || hex_key(text, kf->master) != SG_OK) {
        set_detail(detail, "the key file is not 64 lower-case hex digits and a newline");
        return SG_ECRYPTO;
    }
    size_t at = HEX_KEY + 1;
    int last = 1;
    while (at < len) {
        const char *line = text + at;
        const char *end = memchr(line, '\n', len - at);
        size_t n = end ? (size_t)(end - line) : len - at;
        char digits[4] = "";
        size_t nd = 0;
        bool ok = end && n > 6 && strncmp(line, "field ", 6) == 0;
        while (ok && nd < 3 && 6 + nd < n && line[6 + nd] >= '0' && line[6 + nd] <= '9') {
            digits[nd] = line[6 + nd];
            nd++;
        }
        int id = nd > 0 && digits[0] != '0' ? atoi(digits) : 0;
        ok = ok && id > last && id < VAULT_FIELD_IDS && n == 6 + nd + 1 + HEX_KEY
             && line[6 + nd] == ' ' && hex_key(line + 7 + nd, kf->key[kf->n]) == SG_OK;
        if (!ok) {
            sodium_memzero(kf, sizeof *kf);
            set_detail(detail, "the key file has a line that is not 'field N <64 hex digits>'"
                               " (N from 2 to 255, increasing)");
            return SG_ECRYPTO;
        }
        kf->id[kf->n++] = id;
        last = id;
        at += n + 1;
    }
    return SG_OK;
}

/* Reads and parses an open key file after checking who may read it;
 * *st gets what the file is (to notice a change later). */
static int read_key_file(int fd, key_file *kf, struct stat *st, const char **detail)
{
    int rc = SG_OK;
    size_t got = 0;
    char *text = sg_malloc(KEY_FILE_MAX + 1);
    if (!text) {
        set_detail(detail, "out of memory");
        return SG_ENOMEM;
    }
    if (fstat(fd, st) != 0) {
        rc = SG_ECRYPTO;
        set_detail(detail, "cannot read the key file");
        goto out;
    }
    if (!S_ISREG(st->st_mode)) {
        rc = SG_ECRYPTO;
        set_detail(detail, "the key file is not a regular file");
        goto out;
    }
    if ((st->st_mode & 077) != 0) {
        rc = SG_ECRYPTO;
        set_detail(detail, "the key file may be read or written by others (chmod 600 it)");
        goto out;
    }
    while (got < KEY_FILE_MAX + 1) {
        ssize_t n = read(fd, text + got, KEY_FILE_MAX + 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            rc = SG_ECRYPTO;
            set_detail(detail, "cannot read the key file");
            goto out;
        }
        if (n == 0)
            break;
        got += (size_t)n;
    }
    if (got > KEY_FILE_MAX) {
        rc = SG_ECRYPTO;
        set_detail(detail, "the key file is larger than a key file can be");
        goto out;
    }
    rc = parse(text, got, kf, detail);
out:
    sodium_memzero(text, KEY_FILE_MAX + 1);
    sg_free(text);
    return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return SG_EIO;
        data += n;
        len -= (size_t)n;
    }
    return SG_OK;
}

/* Makes a new directory entry durable: a key lost in a crash would make
 * every encrypted field unreadable.  Best effort, since some file systems
 * refuse fsync on a directory. */
static void sync_parent_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = NULL;
    if (!slash)
        dir = sg_strdup(".");
    else if (slash == path)
        dir = sg_strdup("/");
    else
        dir = sg_strndup(path, (size_t)(slash - path));
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    sg_free(dir);
}

/* The text of kf: the master line and a line per field key. */
static char *format(const key_file *kf, size_t *len)
{
    char *text = sg_malloc(KEY_FILE_MAX + 1);
    if (!text)
        return NULL;
    text_hex(kf->master, VAULT_KEY_BYTES, text);
    size_t at = HEX_KEY;
    text[at++] = '\n';
    for (int i = 0; i < kf->n; i++) {
        char hex[HEX_KEY + 1];
        text_hex(kf->key[i], VAULT_KEY_BYTES, hex);
        at += (size_t)snprintf(text + at, KEY_FILE_MAX + 1 - at, "field %d %s\n", kf->id[i], hex);
        sodium_memzero(hex, sizeof hex);
    }
    *len = at;
    return text;
}

/* Writes kf to path: to path.new first (created afresh, mode 0600),
 * synced, then renamed over path, and the directory synced.  create_only:
 * the first key file, which must not exist yet (SG_ECONFLICT). */
static int write_key_file(const char *path, const key_file *kf, bool create_only,
                          const char **detail)
{
    char tmp[sizeof((vault_ring *)0)->path + 8];
    size_t len = 0;
    int rc = SG_OK, fd = -1;
    char *text = format(kf, &len);
    if (!text) {
        set_detail(detail, "out of memory");
        return SG_ENOMEM;
    }
    if (create_only) {
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            rc = errno == EEXIST ? SG_ECONFLICT : SG_EIO;
            set_detail(detail, "cannot create the key file");
            goto out;
        }
    } else {
        if ((size_t)snprintf(tmp, sizeof tmp, "%s.new", path) >= sizeof tmp) {
            rc = SG_ETOOBIG;
            set_detail(detail, "the key file path is too long");
            goto out;
        }
        (void)unlink(tmp); /* a leftover of a crash while writing */
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) {
            rc = SG_EIO;
            set_detail(detail, "cannot write beside the key file (is its directory writable?)");
            goto out;
        }
    }
    rc = write_all(fd, text, len);
    if (rc == SG_OK && fsync(fd) != 0)
        rc = SG_EIO;
    if (close(fd) != 0 && rc == SG_OK)
        rc = SG_EIO;
    if (rc == SG_OK && !create_only && rename(tmp, path) != 0)
        rc = SG_EIO;
    if (rc != SG_OK) {
        /* A half-written key file would be refused on every later start. */
        (void)unlink(create_only ? path : tmp);
        set_detail(detail, "cannot write the key file");
        goto out;
    }
    sync_parent_dir(path);
out:
    sodium_memzero(text, KEY_FILE_MAX + 1);
    sg_free(text);
    return rc;
}

/* Loads the key file at path into kf, creating it with a new master key
 * first when allowed and missing. */
static int load(const char *path, bool create, key_file *kf, struct stat *st, const char **detail)
{
    int rc = SG_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        memset(kf, 0, sizeof *kf);
        randombytes_buf(kf->master, VAULT_KEY_BYTES);
        rc = write_key_file(path, kf, true, detail);
        sodium_memzero(kf, sizeof *kf);
        if (rc != SG_OK && rc != SG_ECONFLICT)
            return rc;
        /* Made now, or by another process first: read what is there. */
        rc = SG_OK;
        fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) {
        bool missing = errno == ENOENT;
        set_detail(detail, missing ? "key file not found" : "cannot read the key file");
        return missing ? SG_EIO : SG_ECRYPTO;
    }
    rc = read_key_file(fd, kf, st, detail);
    close(fd);
    return rc;
}

/* ---- the ring --------------------------------------------------------- */

int vault_ring_new(const unsigned char fields_key[VAULT_KEY_BYTES], vault_ring **out)
{
    vault_ring *r = sg_calloc(1, sizeof *r);
    *out = NULL;
    if (!r)
        return SG_ENOMEM;
    pthread_rwlock_init(&r->lock, NULL);
    pthread_mutex_init(&r->file_mu, NULL);
    memcpy(r->key[1], fields_key, VAULT_KEY_BYTES);
    r->present[1] = true;
    r->active = 1;
    *out = r;
    return SG_OK;
}

void vault_ring_free(vault_ring *r)
{
    if (!r)
        return;
    pthread_rwlock_destroy(&r->lock);
    pthread_mutex_destroy(&r->file_mu);
    sodium_memzero(r, sizeof *r);
    sg_free(r);
}

/* Makes the ring's keys 2..255 those of kf; the caller holds file_mu.
 * Refused when kf lacks the active key. */
static int ring_take(const vault *v, const key_file *kf, const char **detail)
{
    vault_ring *r = v->ring;
    bool in_file[VAULT_FIELD_IDS] = {false};
    for (int i = 0; i < kf->n; i++)
        in_file[kf->id[i]] = true;
    pthread_rwlock_wrlock(&r->lock);
    if (r->active > 1 && !in_file[r->active]) {
        pthread_rwlock_unlock(&r->lock);
        set_detail(detail, "the key file no longer holds the active field key");
        return SG_ECRYPTO;
    }
    for (int id = 2; id < VAULT_FIELD_IDS; id++) {
        if (!in_file[id] && r->present[id]) {
            sodium_memzero(r->key[id], VAULT_KEY_BYTES);
            r->present[id] = false;
        }
    }
    for (int i = 0; i < kf->n; i++) {
        memcpy(r->key[kf->id[i]], kf->key[i], VAULT_KEY_BYTES);
        r->present[kf->id[i]] = true;
    }
    pthread_rwlock_unlock(&r->lock);
    return SG_OK;
}

/* True when kf's master key is the one v was made from. */
static bool same_master(const vault *v, const key_file *kf)
{
    unsigned char subkey[VAULT_PURPOSES][VAULT_KEY_BYTES];
    bool same = vault_derive(kf->master, subkey) == SG_OK
                && sodium_memcmp(subkey, v->subkey, sizeof subkey) == 0;
    sodium_memzero(subkey, sizeof subkey);
    return same;
}

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size
           && a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Reads the key file again and takes its field keys; the caller holds
 * file_mu.  force: even when it looks unchanged. */
static int reload_locked(const vault *v, bool force, bool *changed, const char **detail)
{
    vault_ring *r = v->ring;
    struct stat now;
    if (changed)
        *changed = false;
    if (!r->path[0])
        return SG_OK;
    if (stat(r->path, &now) != 0) {
        set_detail(detail, "cannot read the key file");
        return SG_ECRYPTO;
    }
    if (!force && same_file(&now, &r->seen))
        return SG_OK;
    key_file *kf = sg_malloc(sizeof *kf);
    if (!kf) {
        set_detail(detail, "out of memory");
        return SG_ENOMEM;
    }
    int rc = load(r->path, false, kf, &now, detail);
    if (rc == SG_OK && !same_master(v, kf)) {
        set_detail(detail, "the key file now holds another master key: ignored");
        rc = SG_ECRYPTO;
    }
    if (rc == SG_OK)
        rc = ring_take(v, kf, detail);
    if (rc == SG_OK) {
        r->seen = now;
        if (changed)
            *changed = true;
    }
    sodium_memzero(kf, sizeof *kf);
    sg_free(kf);
    return rc;
}

int vault_open(const char *path, bool create, vault **out, const char **detail)
{
    *out = NULL;
    struct stat st;
    vault *v = NULL;
    key_file *kf = sg_malloc(sizeof *kf);
    if (!kf) {
        set_detail(detail, "out of memory");
        return SG_ENOMEM;
    }
    int rc = load(path, create, kf, &st, detail);
    if (rc != SG_OK)
        goto out;
    if (strlen(path) >= sizeof((vault_ring *)0)->path) {
        rc = SG_ETOOBIG;
        set_detail(detail, "the key file path is too long");
        goto out;
    }
    rc = vault_from_key(kf->master, &v);
    if (rc != SG_OK) {
        set_detail(detail, rc == SG_ENOMEM ? "out of memory" : "cannot derive the vault keys");
        goto out;
    }
    rc = ring_take(v, kf, detail);
    if (rc != SG_OK)
        goto out;
    snprintf(v->ring->path, sizeof v->ring->path, "%s", path);
    v->ring->seen = st;
    *out = v;
    v = NULL;
out:
    vault_free(v);
    sodium_memzero(kf, sizeof *kf);
    sg_free(kf);
    return rc;
}

void vault_ring_reload_lazily(const vault *v)
{
    vault_ring *r = v->ring;
    if (!r->path[0])
        return;
    pthread_mutex_lock(&r->file_mu);
    int64_t now = clock_mono_ms();
    if (now >= r->next_lazy_ms) {
        r->next_lazy_ms = now + LAZY_RELOAD_MS;
        (void)reload_locked(v, false, NULL, NULL);
    }
    pthread_mutex_unlock(&r->file_mu);
}

int vault_reload(const vault *v, bool *changed, const char **detail)
{
    pthread_mutex_lock(&v->ring->file_mu);
    int rc = reload_locked(v, false, changed, detail);
    pthread_mutex_unlock(&v->ring->file_mu);
    return rc;
}

/* ---- what the ring holds ---------------------------------------------- */

int vault_field_active(const vault *v)
{
    pthread_rwlock_rdlock(&v->ring->lock);
    int id = v->ring->active;
    pthread_rwlock_unlock(&v->ring->lock);
    return id;
}

bool vault_field_has(const vault *v, int id)
{
    if (id < 1 || id >= VAULT_FIELD_IDS)
        return false;
    pthread_rwlock_rdlock(&v->ring->lock);
    bool has = v->ring->present[id] && !v->ring->retired[id];
    pthread_rwlock_unlock(&v->ring->lock);
    return has;
}

int vault_field_ids(const vault *v, int *ids, int max)
{
    int n = 0;
    pthread_rwlock_rdlock(&v->ring->lock);
    for (int id = 1; id < VAULT_FIELD_IDS && n < max; id++)
        if (v->ring->present[id])
            ids[n++] = id;
    pthread_rwlock_unlock(&v->ring->lock);
    return n;
}

void vault_field_fingerprint(const vault *v, int id, char out[VAULT_HASH_HEX])
{
    static const char what[] = "signaal field key fingerprint";
    unsigned char digest[32];
    out[0] = '\0';
    if (id < 1 || id >= VAULT_FIELD_IDS)
        return;
    pthread_rwlock_rdlock(&v->ring->lock);
    bool present = v->ring->present[id];
    if (present)
        (void)crypto_generichash(digest, sizeof digest, (const unsigned char *)what,
                                 sizeof what - 1, v->ring->key[id], VAULT_KEY_BYTES);
    pthread_rwlock_unlock(&v->ring->lock);
    if (present)
        text_hex(digest, sizeof digest, out);
}

int vault_field_use(const vault *v, int active, const bool *retired)
{
    vault_ring *r = v->ring;
    if (active < 0 || active >= VAULT_FIELD_IDS)
        return SG_ENOTFOUND;
    pthread_rwlock_wrlock(&r->lock);
    int rc = SG_OK;
    if (active > 0 && (!r->present[active] || (retired && retired[active]))) {
        rc = SG_ENOTFOUND;
    } else {
        r->active = active;
        for (int id = 0; id < VAULT_FIELD_IDS; id++)
            r->retired[id] = retired ? retired[id] : false;
    }
    pthread_rwlock_unlock(&r->lock);
    return rc;
}

void vault_field_block(const vault *v)
{
    pthread_rwlock_wrlock(&v->ring->lock);
    v->ring->active = 0;
    pthread_rwlock_unlock(&v->ring->lock);
}

/* ---- changing the key file -------------------------------------------- */

/* Loads the current key file into kf (a fresh read, under file_mu) and
 * checks it is this vault's. */
static int load_current(const vault *v, key_file *kf, const char **detail)
{
    struct stat st;
    if (!v->ring->path[0]) {
        set_detail(detail, "this vault has no key file");
        return SG_EINVAL;
    }
    int rc = load(v->ring->path, false, kf, &st, detail);
    if (rc == SG_OK && !same_master(v, kf)) {
        set_detail(detail, "the key file now holds another master key");
        rc = SG_ECRYPTO;
    }
    return rc;
}

/* Writes kf as the key file and makes the ring hold its keys. */
static int store_and_take(const vault *v, const key_file *kf, const char **detail)
{
    int rc = write_key_file(v->ring->path, kf, false, detail);
    if (rc == SG_OK)
        rc = reload_locked(v, true, NULL, detail);
    return rc;
}

int vault_field_key_add(const vault *v, int *id, const char **detail)
{
    *id = 0;
    key_file *kf = sg_malloc(sizeof *kf);
    if (!kf) {
        set_detail(detail, "out of memory");
        return SG_ENOMEM;
    }
    pthread_mutex_lock(&v->ring->file_mu);
    int rc = load_current(v, kf, detail);
    int next = 2;
    for (int i = 0; rc == SG_OK && i < kf->n; i++)
        if (kf->id[i] >= next)
            next = kf->id[i] + 1;
    if (rc == SG_OK && next >= VAULT_FIELD_IDS) {
        set_detail(detail, "every field key id (2 to 255) has been used");
        rc = SG_ELIMIT;
    }
    if (rc == SG_OK) {
        kf->id[kf->n] = next;
        randombytes_buf(kf->key[kf->n], VAULT_KEY_BYTES);
        kf->n++;
        rc = store_and_take(v, kf, detail);
    }
    if (rc == SG_OK)
        *id = next;
    pthread_mutex_unlock(&v->ring->file_mu);
    sodium_memzero(kf, sizeof *kf);
    sg_free(kf);
    return rc;
}

int vault_field_keys_drop(const vault *v, const int *ids, int n, const char **detail)
{
    key_file *kf = sg_malloc(sizeof *kf);
    if (!kf) {
        set_detail(detail, "out of memory");
        return SG_ENOMEM;
    }
    pthread_mutex_lock(&v->ring->file_mu);
    int rc = load_current(v, kf, detail);
    int active = vault_field_active(v), kept = 0;
    for (int i = 0; rc == SG_OK && i < kf->n; i++) {
        bool drop = false;
        for (int j = 0; j < n; j++)
            drop = drop || (ids[j] == kf->id[i] && ids[j] != active);
        if (drop)
            continue;
        kf->id[kept] = kf->id[i];
        memmove(kf->key[kept], kf->key[i], VAULT_KEY_BYTES);
        kept++;
    }
    if (rc == SG_OK && kept != kf->n) {
        for (int i = kept; i < kf->n; i++)
            sodium_memzero(kf->key[i], VAULT_KEY_BYTES);
        kf->n = kept;
        rc = store_and_take(v, kf, detail);
    }
    pthread_mutex_unlock(&v->ring->file_mu);
    sodium_memzero(kf, sizeof *kf);
    sg_free(kf);
    return rc;
}
