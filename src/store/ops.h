/*
 * ops.h - the store's side of operating signaal for years: making every
 * commit durable on demand, the registry of field-encryption keys and the
 * encrypted columns a key rotation rewrites, and online backups and
 * restores of the whole database.
 *
 * It owns the list of encrypted columns (ops.c): every `*_enc` column of
 * the schema with the SQL that gives the id its ciphertexts are bound to.
 * store_enc_columns_check compares that list with the schema, so a column
 * added without an entry stops a rotation instead of being skipped.
 *
 * Like the rest of store/, it never sees plaintext or keys: ciphertexts go
 * in and out as bytes, and what they say is security/vault's business.
 */
#ifndef SG_STORE_OPS_H
#define SG_STORE_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

/* Makes every commit made so far durable, the relaxed ones too: a durable
 * write commits after them and syncs the log they are in. */
SG_MUST_CHECK int store_sync(store *s);

/* ---- field-encryption keys -------------------------------------------- */

#define FIELD_KEYS_MAX 255

typedef struct field_key_row {
    int64_t key_id;
    char fingerprint[STORE_HASH_LEN];
    char state[STORE_CODE_LEN]; /* pending, active, previous, retired */
    char created_at[CLOCK_ISO_LEN];
    char activated_at[CLOCK_ISO_LEN]; /* "" until active */
    char retired_at[CLOCK_ISO_LEN];   /* "" until retired */
} field_key_row;

/* Every registered key, by id (at most max). */
SG_MUST_CHECK int store_field_keys_list(store_tx *tx, field_key_row *rows, int max, int *n);
/* Inserts the key, or updates the one with its id. */
SG_MUST_CHECK int store_field_key_put(store_tx *tx, const field_key_row *row);

/* ---- encrypted columns ------------------------------------------------ */

/* One encrypted column, with the statements a rotation runs on it (their
 * text is built once, so they are prepared once per connection). */
typedef struct enc_column {
    const char *table;
    const char *column;   /* "name_enc" */
    const char *bound_to; /* "persons.name": the associated data's prefix */
    char scan_sql[512];
    char replace_sql[256];
    char count_sql[256];
} enc_column;

/* The encrypted columns of the schema, in a fixed order; *n gets their
 * number.  The array is static: the caller never frees it. */
const enc_column *store_enc_columns(int *n);
/* SG_OK when the list and the schema agree; SG_ECONFLICT, with the first
 * difference in why (n bytes), when a `*_enc` column of the schema is not
 * in the list or a listed one is not in the schema. */
SG_MUST_CHECK int store_enc_columns_check(store_tx *tx, char *why, size_t n);

/* A ciphertext of a row: the row's id, the id it is bound to (the
 * associated data's suffix) and the bytes (owned, freed by
 * store_enc_value_clear). */
typedef struct enc_value {
    int64_t id;
    char bound_id[STORE_ID_LEN + 24];
    unsigned char *value;
    size_t len;
} enc_value;

void store_enc_value_clear(enc_value *v);
/* Up to max values of column c that were not made with key_id, from rows
 * with id > after, by id; each is cleared by the caller. */
SG_MUST_CHECK int store_enc_scan(store_tx *tx, const enc_column *c, int key_id, int64_t after,
                                 enc_value *rows, int max, int *n);
/* Replaces the value of row id by new_value only while it still is
 * old_value (another writer may have replaced it meanwhile); *replaced
 * says whether it did. */
SG_MUST_CHECK int store_enc_replace(store_tx *tx, const enc_column *c, int64_t id,
                                    const enc_value *old_value, const unsigned char *new_value,
                                    size_t new_len, bool *replaced);
/* How many values of column c were not made with key_id. */
SG_MUST_CHECK int store_enc_count_other(store_tx *tx, const enc_column *c, int key_id, int64_t *n);

/* ---- where a rotation stopped ----------------------------------------- */

typedef struct rekey_progress_row {
    int64_t target_key;
    char table_name[64];
    char column_name[64];
    int64_t after_id;
    int64_t rewritten;
    char started_at[CLOCK_ISO_LEN];
    char updated_at[CLOCK_ISO_LEN];
} rekey_progress_row;

/* SG_ENOTFOUND when no rotation is under way. */
SG_MUST_CHECK int store_rekey_progress_get(store_tx *tx, rekey_progress_row *out);
SG_MUST_CHECK int store_rekey_progress_put(store_tx *tx, const rekey_progress_row *row);
SG_MUST_CHECK int store_rekey_progress_clear(store_tx *tx);

/* ---- backups (backup.c) ----------------------------------------------- */

/* Copies the database of s into a new file out (refused with
 * SG_ECONFLICT when it exists), consistent as of one moment while others
 * keep writing: SQLite's online backup into a self-contained database
 * file; PostgreSQL's pg_dump (custom format) of one snapshot.  before_copy
 * (may be NULL) runs in that same snapshot before the copy is made, for
 * reading what the copy will hold (the audit trail's head); its status
 * stops the backup.  why (n bytes) explains a failure. */
SG_MUST_CHECK int store_backup(store *s, const char *out,
                               int (*before_copy)(store_tx *tx, void *ctx), void *ctx, char *why,
                               size_t n);
/* Makes an SQLite copy made by store_backup one self-contained file (a
 * rollback journal instead of the write-ahead log it was copied with). */
SG_MUST_CHECK int store_backup_seal(const char *path, char *why, size_t n);
/* Restores a backup made by store_backup into the new database at
 * address: an SQLite file that must not exist yet, or an empty
 * PostgreSQL database (pg_restore, in one transaction).  why explains a
 * failure; a failed restore leaves no SQLite file behind. */
SG_MUST_CHECK int store_restore(const char *backup, const char *address, char *why, size_t n);
/* True when the file at path is an SQLite database (a backup of one). */
bool store_backup_is_sqlite(const char *path);

#endif
