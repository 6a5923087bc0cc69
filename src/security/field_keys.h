/*
 * field_keys.h - which field-encryption key is in use: the database's
 * registry of field keys (store/ops.h) applied to the vault.
 *
 * The key file holds the keys; the database says which one new
 * ciphertexts are made with (active) and which are retired (nothing is
 * encrypted with them any more, so they are not opened either).  Every
 * process that opens a database applies the registry once (app_open); a
 * server applies it again every second, so that a rotation made by
 * `signaal rekey` reaches it while it runs.  A database without a registry
 * uses key 1, derived from the master key, as it always did.
 */
#ifndef SG_FIELD_KEYS_H
#define SG_FIELD_KEYS_H

#include <stddef.h>

#include "base/status.h"
#include "security/vault.h"
#include "store/store.h"

/* Re-reads the key file when it changed, then reads the registry and
 * makes the vault use its active key and refuse its retired ones.  Fails
 * (the vault unchanged, why says it in n bytes) with SG_ENOTFOUND when the
 * key file lacks the active key, SG_ECRYPTO when it holds another key of
 * that id, or the status of a failed read. */
SG_MUST_CHECK int field_keys_apply(store *s, const vault *v, char *why, size_t n);

#endif
