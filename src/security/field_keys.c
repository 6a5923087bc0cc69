/* The registry of field keys applied to the vault (see field_keys.h). */
#include "security/field_keys.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "store/ops.h"

typedef struct registry {
    field_key_row rows[FIELD_KEYS_MAX];
    int n;
} registry;

static int list_job(store_tx *tx, void *arg)
{
    registry *reg = arg;
    return store_field_keys_list(tx, reg->rows, FIELD_KEYS_MAX, &reg->n);
}

int field_keys_apply(store *s, const vault *v, char *why, size_t n)
{
    const char *detail = NULL;
    why[0] = '\0';
    int rc = vault_reload(v, NULL, &detail);
    if (rc != SG_OK) {
        snprintf(why, n, "the key file cannot be read again: %s", detail ? detail : "");
        return rc;
    }
    registry *reg = sg_malloc(sizeof *reg);
    if (!reg)
        return SG_ENOMEM;
    rc = store_read(s, list_job, reg);
    if (rc != SG_OK) {
        snprintf(why, n, "the registry of field keys cannot be read: %s", sg_status_str(rc));
        goto out;
    }
    int active = 1;
    const char *fingerprint = NULL;
    bool retired[VAULT_FIELD_IDS] = {false};
    for (int i = 0; i < reg->n; i++) {
        int id = (int)reg->rows[i].key_id;
        if (id < 1 || id >= VAULT_FIELD_IDS)
            continue;
        if (strcmp(reg->rows[i].state, "active") == 0) {
            active = id;
            fingerprint = reg->rows[i].fingerprint;
        } else if (strcmp(reg->rows[i].state, "retired") == 0) {
            retired[id] = true;
        }
    }
    int ids[VAULT_FIELD_IDS];
    int held = vault_field_ids(v, ids, VAULT_FIELD_IDS);
    bool has = false;
    for (int i = 0; i < held; i++)
        has = has || ids[i] == active;
    if (!has) {
        snprintf(why, n,
                 "the database encrypts with field key %d, which the key file does not hold:"
                 " copy the key file from the machine where signaal rekey ran",
                 active);
        rc = SG_ENOTFOUND;
        goto out;
    }
    char mine[VAULT_HASH_HEX];
    vault_field_fingerprint(v, active, mine);
    if (fingerprint && strcmp(fingerprint, mine) != 0) {
        snprintf(why, n,
                 "the key file holds another field key %d than the one the database uses:"
                 " copy the key file from the machine where signaal rekey ran",
                 active);
        rc = SG_ECRYPTO;
        goto out;
    }
    rc = vault_field_use(v, active, retired);
    if (rc != SG_OK)
        snprintf(why, n, "field key %d cannot be used", active);
out:
    sg_free(reg);
    return rc;
}
