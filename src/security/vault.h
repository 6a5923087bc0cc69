/*
 * vault.h - the key file, field encryption and keyed pseudonyms.
 *
 * One 32-byte master key lives in a key file (mode 0600) beside the
 * database, or at the path in SIGNAAL_KEY_FILE.  From it the vault derives
 * one subkey per purpose with crypto_kdf, so that a key used to encrypt
 * fields never also hashes tokens or chains the audit trail.
 *
 * Field encryption uses XChaCha20-Poly1305 (IETF).  Each ciphertext is bound
 * to where it belongs by associated data ("persons.name:<public id>"), so a
 * ciphertext copied into another row or column fails to decrypt.  Layout:
 * one key-id byte, the 24-byte nonce, then ciphertext and 16-byte tag.
 *
 * Field keys rotate (signaal rekey, vault_keys.c): key 1 is derived from
 * the master key; keys 2..255 are random and follow the master key in the
 * key file as lines "field N <64 hex digits>".  Every ciphertext names its
 * key in its first byte, so a vault opens ciphertexts of every key it
 * holds while new ones are made with the active key.  Which key is active
 * and which are retired is the database's to say (security/field_keys.h);
 * the vault only holds the keys.  The other subkeys (audit chain, tokens,
 * pseudonyms, signing) never rotate: they come from the master key alone.
 *
 * Keyed hashes (BLAKE2b, crypto_generichash with a subkey) give pseudonyms
 * that cannot be recomputed without the key file.  The vault never logs
 * keys or plaintext, and wipes its keys on vault_free.
 */
#ifndef SG_VAULT_H
#define SG_VAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

#define VAULT_KEY_BYTES 32
#define VAULT_FIELD_IDS 256          /* key ids are one byte; 0 is never used */
#define VAULT_OVERHEAD (1 + 24 + 16) /* version + nonce + tag */
#define VAULT_HASH_HEX 65            /* a 32-byte keyed hash in hex, NUL */

typedef struct vault vault;

/* Initialises libsodium; call once at start-up before anything else here. */
SG_MUST_CHECK int vault_global_init(void);

/* What a keyed hash is for; each purpose has its own subkey. */
typedef enum vault_purpose {
    VAULT_FIELDS = 1,    /* field encryption */
    VAULT_AUDIT = 2,     /* audit-trail hash chain */
    VAULT_TOKENS = 3,    /* session and API token hashes */
    VAULT_PSEUDONYM = 4, /* pseudonyms of identifiers (BSN, names) */
    VAULT_SIGNING = 5,   /* the seed of the Ed25519 key that signs audit checkpoints */
} vault_purpose;

/* The key file for a database path: SIGNAAL_KEY_FILE when set, otherwise
 * "<db path>.key".  Writes into out of size n; SG_ETOOBIG if it does not fit. */
SG_MUST_CHECK int vault_key_path(const char *db_path, char *out, size_t n);

/* Loads the key file at path.  When create is true and no file exists, a new
 * random key is written with mode 0600 (never overwriting an existing file).
 * Refuses (SG_ECRYPTO, with *detail) a file that is not a master key (and
 * field keys) as described above, or that others may read.  *out is a new
 * vault the caller frees; it remembers path, to reload the file when
 * signaal rekey changes it. */
SG_MUST_CHECK int vault_open(const char *path, bool create, vault **out, const char **detail);
/* A vault from a key in memory, for tests. */
SG_MUST_CHECK int vault_from_key(const unsigned char key[VAULT_KEY_BYTES], vault **out);
void vault_free(vault *v);

/* Encrypts plain[0..len) bound to ad.  *out is a new buffer of
 * len + VAULT_OVERHEAD bytes the caller frees with sg_free. */
SG_MUST_CHECK int vault_seal(const vault *v, const char *ad, const void *plain, size_t len,
                             unsigned char **out, size_t *out_len);
/* Decrypts a vault_seal ciphertext bound to ad into a new NUL-terminated
 * string the caller frees with sg_free (the plaintext is text).  SG_ECRYPTO
 * when the ciphertext was altered, moved, or made with another key. */
SG_MUST_CHECK int vault_open_text(const vault *v, const char *ad, const unsigned char *sealed,
                                  size_t len, char **out);
/* The same for a field of a row: the associated data is
 * "<table>.<column>:<public id>" (table_column is "persons.name", say). */
SG_MUST_CHECK int vault_seal_field(const vault *v, const char *table_column, const char *public_id,
                                   const char *text, unsigned char **out, size_t *out_len);
SG_MUST_CHECK int vault_open_field(const vault *v, const char *table_column, const char *public_id,
                                   const unsigned char *sealed, size_t len, char **out);

/* ---- field keys (vault_keys.c) -------------------------------------------
 * These change the vault's ring of field keys, which is shared by every
 * thread: each takes the ring's lock, so they are safe to call while other
 * threads seal and open. */

/* The key id new ciphertexts are made with (1 until told otherwise). */
int vault_field_active(const vault *v);
/* True when the vault holds key id and it is not retired. */
bool vault_field_has(const vault *v, int id);
/* The ids of the keys held (retired ones too), ascending, at most max. */
int vault_field_ids(const vault *v, int *ids, int max);
/* Which key this is, without saying anything about it: a hash keyed by
 * the key itself.  "" when the vault does not hold it. */
void vault_field_fingerprint(const vault *v, int id, char out[VAULT_HASH_HEX]);
/* Makes active the key that new ciphertexts use, and marks retired[id]
 * keys as no longer to be opened (retired may be NULL: none).  SG_ENOTFOUND
 * when the vault does not hold active, or when it would be retired.
 * active 0: no key may be used, and sealing fails with SG_EUNAVAILABLE
 * until another call names one. */
SG_MUST_CHECK int vault_field_use(const vault *v, int active, const bool *retired);
/* Stops all sealing (SG_EUNAVAILABLE) until vault_field_use names a key:
 * for a server whose key file lacks the key the database now uses. */
void vault_field_block(const vault *v);
/* Re-reads the key file when it changed since it was read (new field keys
 * come in; keys no longer in it leave, never the active one).  *changed
 * (may be NULL) says whether it did; SG_ECRYPTO with *detail when the file
 * now holds another master key or is malformed (the vault is unchanged). */
SG_MUST_CHECK int vault_reload(const vault *v, bool *changed, const char **detail);
/* Adds a new random field key to the key file, which is written anew
 * beside itself and renamed into place (a crash leaves the old file or the
 * new one, never half of one); *id gets its id.  The vault holds it at
 * once, without using it. */
SG_MUST_CHECK int vault_field_key_add(const vault *v, int *id, const char **detail);
/* Takes the keys ids[0..n) out of the key file (written anew as above) and
 * out of the vault.  Key 1 and the active key are never taken out. */
SG_MUST_CHECK int vault_field_keys_drop(const vault *v, const int *ids, int n, const char **detail);
/* vault_seal_field, with a given key (a rotation re-encrypting). */
SG_MUST_CHECK int vault_seal_with(const vault *v, int key_id, const char *ad, const void *plain,
                                  size_t len, unsigned char **out, size_t *out_len);
/* The key id of a ciphertext, or -1 when it is too short to be one. */
int vault_ciphertext_key(const unsigned char *sealed, size_t len);

/* Writes the keyed hash of data[0..len) for purpose as 64 hex digits. */
void vault_hash(const vault *v, vault_purpose purpose, const void *data, size_t len,
                char out[VAULT_HASH_HEX]);

/* A keyed hash of several parts, each length-prefixed so that ("ab","c") and
 * ("a","bc") differ.  Used by the audit chain. */
typedef struct vault_hasher vault_hasher;
SG_MUST_CHECK int vault_hasher_new(const vault *v, vault_purpose purpose, vault_hasher **out);
void vault_hasher_add(vault_hasher *h, const char *part);
void vault_hasher_add_int(vault_hasher *h, long long value);
/* Writes the hex digest and frees the hasher. */
void vault_hasher_finish(vault_hasher *h, char out[VAULT_HASH_HEX]);

/* Signatures (Ed25519) by the key pair this key file seeds: for audit
 * checkpoints that are kept apart from the database.  Signatures and keys
 * travel as lower-case hex. */
#define VAULT_SIGNATURE_HEX 129
#define VAULT_PUBLIC_KEY_HEX 65
SG_MUST_CHECK int vault_sign(const vault *v, const void *msg, size_t len,
                             char out[VAULT_SIGNATURE_HEX]);
SG_MUST_CHECK int vault_public_key(const vault *v, char out[VAULT_PUBLIC_KEY_HEX]);
/* True when signature_hex is public_key_hex's signature of msg[0..len). */
bool vault_signature_valid(const char *public_key_hex, const void *msg, size_t len,
                           const char *signature_hex);

#endif
