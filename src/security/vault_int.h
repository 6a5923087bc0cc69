/*
 * vault_int.h - what vault.c and vault_keys.c share, and nothing outside
 * them: the vault's layout and its ring of field-encryption keys.
 *
 * The subkeys derived from the master key never change while a vault
 * lives.  The ring does: `signaal rekey` adds field keys to the key file
 * and retires old ones while servers run, so the ring is guarded by a
 * read-write lock (seals and opens read it; reloads and the registry
 * write it).  A vault handle is passed as const everywhere: the ring
 * behind it is the one part that changes, always under its lock.
 */
#ifndef SG_VAULT_INT_H
#define SG_VAULT_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "security/vault.h"

#define VAULT_PURPOSES 5
#define VAULT_KDF_CONTEXT "sgvault1"

typedef struct vault_ring {
    pthread_rwlock_t lock; /* guards key, present, retired and active */
    unsigned char key[VAULT_FIELD_IDS][VAULT_KEY_BYTES];
    bool present[VAULT_FIELD_IDS]; /* key 1, derived from the master key, always */
    bool retired[VAULT_FIELD_IDS]; /* no longer opened */
    int active;                    /* the key new ciphertexts are made with */

    pthread_mutex_t file_mu; /* one reload or rewrite of the key file at a time */
    char path[4096];         /* the key file; "" for a vault made in memory */
    struct stat seen;        /* the key file as last read: a change means reload */
    int64_t next_lazy_ms;    /* an open may reload the file again from then on */
} vault_ring;

struct vault {
    /* subkey[p - 1] belongs to vault_purpose p; the master key is not kept. */
    unsigned char subkey[VAULT_PURPOSES][VAULT_KEY_BYTES];
    vault_ring *ring;
};

/* Derives the subkeys of master into v->subkey (vault.c). */
int vault_derive(const unsigned char master[VAULT_KEY_BYTES],
                 unsigned char subkey[VAULT_PURPOSES][VAULT_KEY_BYTES]);
/* A new ring holding key 1 (the fields subkey), active (vault_keys.c). */
int vault_ring_new(const unsigned char fields_key[VAULT_KEY_BYTES], vault_ring **out);
void vault_ring_free(vault_ring *r);
/* Re-reads the key file when an open met a key id the ring lacks, at most
 * every few hundred milliseconds (vault_keys.c). */
void vault_ring_reload_lazily(const vault *v);

#endif
