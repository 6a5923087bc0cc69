/* Field encryption, keyed hashes and signatures (see vault.h); the key
 * file and the ring of field keys are in vault_keys.c. */
#include "security/vault.h"

#include <assert.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "base/mem.h"
#include "base/text.h"
#include "security/vault_int.h"

#define VAULT_NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES

_Static_assert(VAULT_OVERHEAD
                   == 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
                          + crypto_aead_xchacha20poly1305_ietf_ABYTES,
               "VAULT_OVERHEAD must match the ciphertext layout");
_Static_assert(sizeof VAULT_KDF_CONTEXT - 1 == crypto_kdf_CONTEXTBYTES,
               "the KDF context must be exactly crypto_kdf_CONTEXTBYTES long");
_Static_assert(VAULT_KEY_BYTES == crypto_kdf_KEYBYTES, "the master key is a crypto_kdf key");

/* libsodium declares the hash state 64-byte aligned, which malloc does not
 * promise.  The hasher is carved out of a larger sg_malloc block at an
 * aligned address, so the allocation still goes through the test hook and is
 * released with sg_free; block remembers the address to free. */
struct vault_hasher {
    crypto_generichash_state state;
    void *block;
};

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

int vault_derive(const unsigned char master[VAULT_KEY_BYTES],
                 unsigned char subkey[VAULT_PURPOSES][VAULT_KEY_BYTES])
{
    for (int i = 0; i < VAULT_PURPOSES; i++)
        if (crypto_kdf_derive_from_key(subkey[i], VAULT_KEY_BYTES, (uint64_t)(i + 1),
                                       VAULT_KDF_CONTEXT, master)
            != 0)
            return SG_ECRYPTO;
    return SG_OK;
}

int vault_from_key(const unsigned char key[VAULT_KEY_BYTES], vault **out)
{
    int rc = SG_OK;
    vault *v = sg_calloc(1, sizeof *v);
    *out = NULL;
    if (!v) {
        rc = SG_ENOMEM;
        goto out;
    }
    rc = vault_derive(key, v->subkey);
    if (rc == SG_OK)
        rc = vault_ring_new(v->subkey[VAULT_FIELDS - 1], &v->ring);
    if (rc != SG_OK)
        goto out;
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
    vault_ring_free(v->ring);
    sodium_memzero(v, sizeof *v);
    sg_free(v);
}

/* Seals with key id (-1: the active one), holding the ring's lock. */
static int seal_with(const vault *v, int id, const char *ad, const void *plain, size_t len,
                     unsigned char **out, size_t *out_len)
{
    int rc = SG_OK;
    unsigned char *sealed = NULL;
    vault_ring *r = v->ring;
    assert(ad);
    *out = NULL;
    *out_len = 0;
    if (len > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX
        || len > SIZE_MAX - VAULT_OVERHEAD)
        return SG_ETOOBIG;
    sealed = sg_malloc(len + VAULT_OVERHEAD);
    if (!sealed)
        return SG_ENOMEM;
    pthread_rwlock_rdlock(&r->lock);
    if (id < 0)
        id = r->active;
    if (id == 0) {
        /* No key may be used now (the database's active key is not in the
         * key file): nothing is encrypted until it is. */
        rc = SG_EUNAVAILABLE;
        goto out;
    }
    if (id < 1 || id >= VAULT_FIELD_IDS || !r->present[id] || r->retired[id]) {
        rc = SG_ECRYPTO;
        goto out;
    }
    unsigned char *nonce = sealed + 1;
    unsigned long long clen = 0;
    sealed[0] = (unsigned char)id;
    randombytes_buf(nonce, VAULT_NONCE_BYTES);
    if (crypto_aead_xchacha20poly1305_ietf_encrypt(nonce + VAULT_NONCE_BYTES, &clen, plain, len,
                                                   (const unsigned char *)ad, strlen(ad), NULL,
                                                   nonce, r->key[id])
        != 0) {
        rc = SG_ECRYPTO;
        goto out;
    }
    assert(clen == len + crypto_aead_xchacha20poly1305_ietf_ABYTES);
    *out = sealed;
    *out_len = len + VAULT_OVERHEAD;
    sealed = NULL;
out:
    pthread_rwlock_unlock(&r->lock);
    sg_free(sealed);
    return rc;
}

int vault_seal(const vault *v, const char *ad, const void *plain, size_t len, unsigned char **out,
               size_t *out_len)
{
    return seal_with(v, -1, ad, plain, len, out, out_len);
}

int vault_seal_with(const vault *v, int key_id, const char *ad, const void *plain, size_t len,
                    unsigned char **out, size_t *out_len)
{
    if (key_id < 1) {
        *out = NULL;
        *out_len = 0;
        return SG_EINVAL;
    }
    return seal_with(v, key_id, ad, plain, len, out, out_len);
}

int vault_ciphertext_key(const unsigned char *sealed, size_t len)
{
    return sealed && len >= VAULT_OVERHEAD ? sealed[0] : -1;
}

/* Decrypts with the key the ciphertext names, under the ring's lock;
 * SG_ENOTFOUND when the ring does not hold that key (it may be new). */
static int open_with_ring(const vault *v, const char *ad, const unsigned char *sealed, size_t len,
                          char *plain, unsigned long long *mlen)
{
    vault_ring *r = v->ring;
    int id = sealed[0];
    int rc = SG_OK;
    pthread_rwlock_rdlock(&r->lock);
    if (!r->present[id])
        rc = SG_ENOTFOUND;
    else if (r->retired[id])
        rc = SG_ECRYPTO;
    else if (crypto_aead_xchacha20poly1305_ietf_decrypt(
                 (unsigned char *)plain, mlen, NULL, sealed + 1 + VAULT_NONCE_BYTES,
                 len - 1 - VAULT_NONCE_BYTES, (const unsigned char *)ad, strlen(ad), sealed + 1,
                 r->key[id])
             != 0)
        rc = SG_ECRYPTO;
    pthread_rwlock_unlock(&r->lock);
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
    if (len < VAULT_OVERHEAD || sealed[0] == 0) {
        rc = SG_ECRYPTO;
        goto out;
    }
    plain_len = len - VAULT_OVERHEAD;
    plain = sg_malloc(plain_len + 1);
    if (!plain) {
        rc = SG_ENOMEM;
        goto out;
    }
    unsigned long long mlen = 0;
    rc = open_with_ring(v, ad, sealed, len, plain, &mlen);
    if (rc == SG_ENOTFOUND) {
        /* A key made since the key file was read: signaal rekey added it. */
        vault_ring_reload_lazily(v);
        rc = open_with_ring(v, ad, sealed, len, plain, &mlen);
    }
    if (rc != SG_OK) {
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
