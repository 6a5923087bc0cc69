/* The key file, field encryption and keyed hashes (see vault.h). */
#include "security/vault.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "base/mem.h"
#include "base/text.h"

#define VAULT_KEY_VERSION 1
#define VAULT_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define VAULT_KDF_CONTEXT "sgvault1"
#define VAULT_PURPOSES 5
/* 64 hex digits and a newline: the only accepted key file. */
#define VAULT_FILE_BYTES (2 * VAULT_KEY_BYTES + 1)

_Static_assert(VAULT_OVERHEAD
                   == 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
                          + crypto_aead_xchacha20poly1305_ietf_ABYTES,
               "VAULT_OVERHEAD must match the ciphertext layout");
_Static_assert(sizeof VAULT_KDF_CONTEXT - 1 == crypto_kdf_CONTEXTBYTES,
               "the KDF context must be exactly crypto_kdf_CONTEXTBYTES long");
_Static_assert(VAULT_KEY_BYTES == crypto_kdf_KEYBYTES, "the master key is a crypto_kdf key");

struct vault {
    /* subkey[p - 1] belongs to vault_purpose p; the master key is not kept. */
    unsigned char subkey[VAULT_PURPOSES][VAULT_KEY_BYTES];
};

/* libsodium declares the hash state 64-byte aligned, which malloc does not
 * promise.  The hasher is carved out of a larger sg_malloc block at an
 * aligned address, so the allocation still goes through the test hook and is
 * released with sg_free; block remembers the address to free. */
struct vault_hasher {
    crypto_generichash_state state;
    void *block;
};

static void set_detail(const char **detail, const char *text)
{
    if (detail)
        *detail = text;
}

static const unsigned char *subkey_for(const vault *v, vault_purpose purpose)
{
    assert(v);
    assert(purpose >= VAULT_FIELDS && purpose <= VAULT_SIGNING);
    return v->subkey[purpose - 1];
}

int vault_global_init(void)
{
    /* 1 means libsodium was already initialised, which is fine. */
    return sodium_init() < 0 ? SG_ECRYPTO : SG_OK;
}

int vault_key_path(const char *db_path, char *out, size_t n)
{
    const char *env = getenv("SIGNAAL_KEY_FILE");
    int len;
    if (env && env[0] != '\0')
        len = snprintf(out, n, "%s", env);
    else
        len = snprintf(out, n, "%s.key", db_path);
    if (len < 0 || (size_t)len >= n) {
        if (n > 0)
            out[0] = '\0';
        return SG_ETOOBIG;
    }
    return SG_OK;
}

int vault_from_key(const unsigned char key[VAULT_KEY_BYTES], vault **out)
{
    int rc = SG_OK;
    vault *v = sg_malloc(sizeof *v);
    *out = NULL;
    if (!v) {
        rc = SG_ENOMEM;
        goto out;
    }
    for (int i = 0; i < VAULT_PURPOSES; i++) {
        if (crypto_kdf_derive_from_key(v->subkey[i], VAULT_KEY_BYTES, (uint64_t)(i + 1),
                                       VAULT_KDF_CONTEXT, key)
            != 0) {
            rc = SG_ECRYPTO;
            goto out;
        }
    }
    *out = v;
    v = NULL;
out:
    vault_free(v);
    return rc;
}

void vault_free(vault *v)
{
    if (!v)
        return;
    sodium_memzero(v, sizeof *v);
    sg_free(v);
}

/* Writes all of data, retrying after signals and short writes. */
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

/* Reads up to cap bytes (less only at end of file) into data. */
static int read_upto(int fd, char *data, size_t cap, size_t *got)
{
    *got = 0;
    while (*got < cap) {
        ssize_t n = read(fd, data + *got, cap - *got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return SG_EIO;
        if (n == 0)
            break;
        *got += (size_t)n;
    }
    return SG_OK;
}

/* Makes the new directory entry durable: a key lost in a crash would make
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

/* Creates the key file with a new random key, never replacing an existing
 * file.  SG_ECONFLICT when the file appeared meanwhile. */
static int create_key_file(const char *path, unsigned char key[VAULT_KEY_BYTES],
                           const char **detail)
{
    int rc = SG_OK;
    char text[VAULT_FILE_BYTES + 1];
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST) {
        rc = SG_ECONFLICT;
        goto out;
    }
    if (fd < 0) {
        rc = SG_EIO;
        set_detail(detail, "cannot create the key file");
        goto out;
    }
    randombytes_buf(key, VAULT_KEY_BYTES);
    text_hex(key, VAULT_KEY_BYTES, text);
    text[VAULT_FILE_BYTES - 1] = '\n';
    rc = write_all(fd, text, VAULT_FILE_BYTES);
    if (rc == SG_OK && fsync(fd) != 0)
        rc = SG_EIO;
    if (close(fd) != 0 && rc == SG_OK)
        rc = SG_EIO;
    if (rc != SG_OK) {
        /* A half-written key file would be refused on every later start. */
        (void)unlink(path);
        set_detail(detail, "cannot write the key file");
        goto out;
    }
    sync_parent_dir(path);
out:
    sodium_memzero(text, sizeof text);
    if (rc != SG_OK)
        sodium_memzero(key, VAULT_KEY_BYTES);
    return rc;
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

/* Reads the key from an open key file after checking who may read it. */
static int read_key_file(int fd, unsigned char key[VAULT_KEY_BYTES], const char **detail)
{
    int rc = SG_OK;
    struct stat st;
    /* One byte more than a valid file, to notice trailing content. */
    char text[VAULT_FILE_BYTES + 1];
    size_t got = 0;
    if (fstat(fd, &st) != 0) {
        rc = SG_ECRYPTO;
        set_detail(detail, "cannot read the key file");
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = SG_ECRYPTO;
        set_detail(detail, "the key file is not a regular file");
        goto out;
    }
    if ((st.st_mode & 077) != 0) {
        rc = SG_ECRYPTO;
        set_detail(detail, "the key file may be read or written by others (chmod 600 it)");
        goto out;
    }
    if (read_upto(fd, text, sizeof text, &got) != SG_OK) {
        rc = SG_ECRYPTO;
        set_detail(detail, "cannot read the key file");
        goto out;
    }
    if (got != VAULT_FILE_BYTES || text[VAULT_FILE_BYTES - 1] != '\n'
        || !is_lower_hex(text, 2 * VAULT_KEY_BYTES)) {
        rc = SG_ECRYPTO;
        set_detail(detail, "the key file is not 64 lower-case hex digits and a newline");
        goto out;
    }
    if (sodium_hex2bin(key, VAULT_KEY_BYTES, text, 2 * VAULT_KEY_BYTES, NULL, NULL, NULL) != 0) {
        rc = SG_ECRYPTO;
        set_detail(detail, "the key file is not 64 lower-case hex digits and a newline");
        goto out;
    }
out:
    sodium_memzero(text, sizeof text);
    if (rc != SG_OK)
        sodium_memzero(key, VAULT_KEY_BYTES);
    return rc;
}

/* Loads the key at path, creating it first when allowed and missing. */
static int load_key(const char *path, bool create, unsigned char key[VAULT_KEY_BYTES],
                    const char **detail)
{
    int rc = SG_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
        rc = create_key_file(path, key, detail);
        if (rc != SG_ECONFLICT)
            goto out;
        /* Another process created the file first: use its key. */
        rc = SG_OK;
        fd = open(path, O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) {
        bool missing = errno == ENOENT;
        rc = missing ? SG_EIO : SG_ECRYPTO;
        set_detail(detail, missing ? "key file not found" : "cannot read the key file");
        goto out;
    }
    rc = read_key_file(fd, key, detail);
out:
    if (fd >= 0)
        close(fd);
    return rc;
}

int vault_open(const char *path, bool create, vault **out, const char **detail)
{
    unsigned char key[VAULT_KEY_BYTES];
    *out = NULL;
    int rc = load_key(path, create, key, detail);
    if (rc != SG_OK)
        goto out;
    rc = vault_from_key(key, out);
    if (rc != SG_OK)
        set_detail(detail, rc == SG_ENOMEM ? "out of memory" : "cannot derive the vault keys");
out:
    sodium_memzero(key, sizeof key);
    return rc;
}

int vault_seal(const vault *v, const char *ad, const void *plain, size_t len, unsigned char **out,
               size_t *out_len)
{
    int rc = SG_OK;
    unsigned char *sealed = NULL;
    assert(ad);
    *out = NULL;
    *out_len = 0;
    if (len > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX
        || len > SIZE_MAX - VAULT_OVERHEAD) {
        rc = SG_ETOOBIG;
        goto out;
    }
    sealed = sg_malloc(len + VAULT_OVERHEAD);
    if (!sealed) {
        rc = SG_ENOMEM;
        goto out;
    }
    unsigned char *nonce = sealed + 1;
    unsigned long long clen = 0;
    sealed[0] = VAULT_KEY_VERSION;
    randombytes_buf(nonce, VAULT_NONCE_BYTES);
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + VAULT_NONCE_BYTES, &clen, plain, len,
                                                   (const unsigned char *)ad, strlen(ad), NULL,
                                                   nonce, subkey_for(v, VAULT_FIELDS))
        != 0) {
        rc = SG_ECRYPTO;
        goto out;
    }
    assert(clen == len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    *out = sealed;
    *out_len = len + VAULT_OVERHEAD;
    sealed = NULL;
out:
    sg_free(sealed);
    return rc;
}

int vault_open_text(const vault *v, const char *ad, const unsigned char *sealed, size_t len,
                    char **out)
{
    int rc = SG_OK;
    char *plain = NULL;
    size_t plain_len = 0;
    assert(ad);
    *out = NULL;
    if (len < VAULT_OVERHEAD || sealed[0] != VAULT_KEY_VERSION) {
        rc = SG_ECRYPTO;
        goto out;
    }
    plain_len = len - VAULT_OVERHEAD;
    plain = sg_malloc(plain_len + 1);
    if (!plain) {
        rc = SG_ENOMEM;
        goto out;
    }
    const unsigned char *nonce = sealed + 1;
    unsigned long long mlen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            (unsigned char *)plain, &mlen, NULL, nonce + VAULT_NONCE_BYTES,
            len - 1 - VAULT_NONCE_BYTES, (const unsigned char *)ad, strlen(ad), nonce,
            subkey_for(v, VAULT_FIELDS))
        != 0) {
        rc = SG_ECRYPTO;
        goto out;
    }
    assert(mlen == plain_len);
    /* A NUL inside would silently cut the text short for every caller. */
    if (memchr(plain, '\0', plain_len)) {
        rc = SG_ECRYPTO;
        goto out;
    }
    plain[plain_len] = '\0';
    *out = plain;
    plain = NULL;
out:
    if (plain) {
        sodium_memzero(plain, plain_len + 1);
        sg_free(plain);
    }
    return rc;
}

int vault_seal_field(const vault *v, const char *table_column, const char *public_id,
                     const char *text, unsigned char **out, size_t *out_len)
{
    char ad[128];
    snprintf(ad, sizeof ad, "%s:%s", table_column, public_id);
    return vault_seal(v, ad, text, strlen(text), out, out_len);
}

int vault_open_field(const vault *v, const char *table_column, const char *public_id,
                     const unsigned char *sealed, size_t len, char **out)
{
    char ad[128];
    snprintf(ad, sizeof ad, "%s:%s", table_column, public_id);
    return vault_open_text(v, ad, sealed, len, out);
}

void vault_hash(const vault *v, vault_purpose purpose, const void *data, size_t len,
                char out[VAULT_HASH_HEX])
{
    unsigned char digest[32];
    /* Cannot fail: the output and key lengths are within BLAKE2b's limits. */
    (void)crypto_generichash(digest, sizeof digest, data, len, subkey_for(v, purpose),
                             VAULT_KEY_BYTES);
    text_hex(digest, sizeof digest, out);
}

int vault_hasher_new(const vault *v, vault_purpose purpose, vault_hasher **out)
{
    int rc = SG_OK;
    const size_t align = alignof(vault_hasher);
    void *block = sg_malloc(sizeof(vault_hasher) + align - 1);
    *out = NULL;
    if (!block) {
        rc = SG_ENOMEM;
        goto out;
    }
    uintptr_t at = ((uintptr_t)block + align - 1) & ~(uintptr_t)(align - 1);
    vault_hasher *h = (vault_hasher *)at;
    h->block = block;
    if (crypto_generichash_init(&h->state, subkey_for(v, purpose), VAULT_KEY_BYTES, 32) != 0) {
        sg_free(block);
        rc = SG_ECRYPTO;
        goto out;
    }
    *out = h;
out:
    return rc;
}

static void hasher_feed(vault_hasher *h, const void *data, size_t len)
{
    unsigned char prefix[8];
    uint64_t n = (uint64_t)len;
    for (int i = 0; i < 8; i++)
        prefix[i] = (unsigned char)(n >> (8 * i));
    (void)crypto_generichash_update(&h->state, prefix, sizeof prefix);
    (void)crypto_generichash_update(&h->state, data, len);
}

void vault_hasher_add(vault_hasher *h, const char *part)
{
    hasher_feed(h, part, strlen(part));
}

void vault_hasher_add_int(vault_hasher *h, long long value)
{
    char text[32];
    int len = snprintf(text, sizeof text, "%lld", value);
    assert(len > 0 && (size_t)len < sizeof text);
    hasher_feed(h, text, (size_t)len);
}

void vault_hasher_finish(vault_hasher *h, char out[VAULT_HASH_HEX])
{
    unsigned char digest[32];
    (void)crypto_generichash_final(&h->state, digest, sizeof digest);
    text_hex(digest, sizeof digest, out);
    void *block = h->block;
    sodium_memzero(h, sizeof *h);
    sg_free(block);
}

/* The signing key pair of this key file: an Ed25519 pair from the seed of
 * the VAULT_SIGNING subkey, made when needed and wiped after use. */
static int signing_pair(const vault *v, unsigned char pk[crypto_sign_PUBLICKEYBYTES],
                        unsigned char sk[crypto_sign_SECRETKEYBYTES])
{
    _Static_assert(crypto_sign_SEEDBYTES == VAULT_KEY_BYTES, "a subkey seeds the signing key");
    return crypto_sign_seed_keypair(pk, sk, subkey_for(v, VAULT_SIGNING)) == 0 ? SG_OK : SG_ECRYPTO;
}

int vault_sign(const vault *v, const void *msg, size_t len, char out[VAULT_SIGNATURE_HEX])
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    unsigned char sig[crypto_sign_BYTES];
    out[0] = '\0';
    int rc = signing_pair(v, pk, sk);
    if (rc == SG_OK && crypto_sign_detached(sig, NULL, msg, len, sk) != 0)
        rc = SG_ECRYPTO;
    if (rc == SG_OK)
        text_hex(sig, sizeof sig, out);
    sodium_memzero(sk, sizeof sk);
    return rc;
}

int vault_public_key(const vault *v, char out[VAULT_PUBLIC_KEY_HEX])
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    out[0] = '\0';
    int rc = signing_pair(v, pk, sk);
    sodium_memzero(sk, sizeof sk);
    if (rc == SG_OK)
        text_hex(pk, sizeof pk, out);
    return rc;
}

bool vault_signature_valid(const char *public_key_hex, const void *msg, size_t len,
                           const char *signature_hex)
{
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
    size_t pk_len = 0, sig_len = 0;
    if (!public_key_hex || !signature_hex
        || sodium_hex2bin(pk, sizeof pk, public_key_hex, strlen(public_key_hex), NULL, &pk_len,
                          NULL)
               != 0
        || pk_len != sizeof pk
        || sodium_hex2bin(sig, sizeof sig, signature_hex, strlen(signature_hex), NULL, &sig_len,
                          NULL)
               != 0
        || sig_len != sizeof sig)
        return false;
    return crypto_sign_verify_detached(sig, msg, len, pk) == 0;
}
