/*
 * rekey.c - rotating the field-encryption key while the servers run.
 *
 * The steps, each safe to stop after (the next run carries on):
 *   1. a new key in the key file (vault_field_key_add: the file is
 *      replaced whole), registered in the database as pending;
 *   2. activation, in one transaction with the first progress row and the
 *      audit entry: the new key is active, the old one previous.  Servers
 *      apply the registry every second (security/field_keys.h) and open a
 *      ciphertext of a key they have not loaded yet by reading the key
 *      file again, so readers never fail while values change key;
 *   3. every encrypted value not made with the new key is re-encrypted:
 *      read in a read transaction, decrypted and encrypted again here, and
 *      replaced in a write transaction only where it is still the value
 *      read (a server may have changed it meanwhile), with the progress
 *      row, batch by batch;
 *   4. after a grace time that lets every server follow, another pass, and
 *      then, in one write transaction that also counts them, the old keys
 *      are retired only when no value anywhere uses them;
 *   5. the retired keys are taken out of the key file.
 * With --prepare, only step 1 runs: on several servers the key file is
 * copied to each before the rotation goes on.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/field_keys.h"
#include "service/ops/ops_int.h"
#include "store/ops.h"

#define DEFAULT_BATCH 500
#define MAX_BATCH 5000
#define DEFAULT_GRACE_MS 5000
#define FINAL_TRIES 5

typedef struct registry {
    field_key_row rows[FIELD_KEYS_MAX];
    int n;
    rekey_progress_row progress;
    bool in_progress;
} registry;

static int load_job(store_tx *tx, void *arg)
{
    registry *reg = arg;
    int rc = store_field_keys_list(tx, reg->rows, FIELD_KEYS_MAX, &reg->n);
    if (rc != SG_OK)
        return rc;
    rc = store_rekey_progress_get(tx, &reg->progress);
    reg->in_progress = rc == SG_OK;
    return rc == SG_ENOTFOUND ? SG_OK : rc;
}

static const field_key_row *find_state(const registry *reg, const char *state)
{
    const field_key_row *found = NULL;
    for (int i = 0; i < reg->n; i++)
        if (strcmp(reg->rows[i].state, state) == 0)
            found = &reg->rows[i];
    return found;
}

static const field_key_row *find_id(const registry *reg, int id)
{
    for (int i = 0; i < reg->n; i++)
        if (reg->rows[i].key_id == id)
            return &reg->rows[i];
    return NULL;
}

typedef struct rk {
    app *a;
    rekey_options opt;
    rekey_report *rep;
    registry *reg;
    int target;
    const enc_column *cols;
    int ncols;
} rk;

static int fail(rk *k, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(rk *k, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(k->rep->why, sizeof k->rep->why, fmt, ap);
    va_end(ap);
    return rc;
}

static int reload(rk *k)
{
    int rc = store_read(k->a->db, load_job, k->reg);
    return rc == SG_OK
               ? SG_OK
               : fail(k, rc, "cannot read the registry of field keys: %s", sg_status_str(rc));
}

/* ---- steps 1 and 2: the new key, registered and made active ------------ */

typedef struct put_ctx {
    field_key_row row;
} put_ctx;

static int put_job(store_tx *tx, void *arg)
{
    return store_field_key_put(tx, &((put_ctx *)arg)->row);
}

/* Registers key id as pending. */
static int register_pending(rk *k, int id)
{
    put_ctx pc;
    memset(&pc, 0, sizeof pc);
    pc.row.key_id = id;
    vault_field_fingerprint(k->a->keys, id, pc.row.fingerprint);
    text_copy(pc.row.state, sizeof pc.row.state, "pending");
    clock_format_iso(clock_now_ms(), pc.row.created_at);
    int rc = store_write(k->a->db, put_job, &pc);
    return rc == SG_OK ? reload(k)
                       : fail(k, rc, "cannot register the new key: %s", sg_status_str(rc));
}

/* The key this run rotates to: that of a rotation under way, a prepared
 * one, one a stopped run left in the key file unregistered, or a new one. */
static int choose_target(rk *k)
{
    if (k->reg->in_progress) {
        k->target = (int)k->reg->progress.target_key;
        k->rep->resumed = true;
        return SG_OK;
    }
    const field_key_row *pending = find_state(k->reg, "pending");
    if (pending) {
        k->target = (int)pending->key_id;
        return SG_OK;
    }
    int ids[VAULT_FIELD_IDS];
    int n = vault_field_ids(k->a->keys, ids, VAULT_FIELD_IDS);
    int newest_registered = 1;
    for (int i = 0; i < k->reg->n; i++)
        if (k->reg->rows[i].key_id > newest_registered)
            newest_registered = (int)k->reg->rows[i].key_id;
    if (n > 0 && ids[n - 1] > newest_registered) {
        /* Added by a run that stopped before registering it: never used. */
        k->target = ids[n - 1];
    } else {
        const char *detail = NULL;
        int rc = vault_field_key_add(k->a->keys, &k->target, &detail);
        if (rc != SG_OK)
            return fail(k, rc, "cannot add a key to the key file: %s", detail);
    }
    return register_pending(k, k->target);
}

typedef struct activate_ctx {
    rk *k;
    const field_key_row *target;
} activate_ctx;

static int activate_job(store_tx *tx, void *arg)
{
    activate_ctx *ac = arg;
    rk *k = ac->k;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    bool had_active = false;
    int rc = SG_OK;
    for (int i = 0; rc == SG_OK && i < k->reg->n; i++) {
        field_key_row row = k->reg->rows[i];
        if (strcmp(row.state, "active") != 0)
            continue;
        had_active = true;
        text_copy(row.state, sizeof row.state, "previous");
        rc = store_field_key_put(tx, &row);
    }
    if (rc == SG_OK && !had_active && k->target != 1) {
        /* Before any rotation, key 1 (from the master key) was the one. */
        field_key_row one;
        memset(&one, 0, sizeof one);
        one.key_id = 1;
        vault_field_fingerprint(k->a->keys, 1, one.fingerprint);
        text_copy(one.state, sizeof one.state, "previous");
        text_copy(one.created_at, sizeof one.created_at, now);
        rc = store_field_key_put(tx, &one);
    }
    field_key_row t = *ac->target;
    text_copy(t.state, sizeof t.state, "active");
    text_copy(t.activated_at, sizeof t.activated_at, now);
    if (rc == SG_OK)
        rc = store_field_key_put(tx, &t);
    rekey_progress_row p;
    memset(&p, 0, sizeof p);
    p.target_key = k->target;
    text_copy(p.table_name, sizeof p.table_name, k->cols[0].table);
    text_copy(p.column_name, sizeof p.column_name, k->cols[0].column);
    text_copy(p.started_at, sizeof p.started_at, now);
    text_copy(p.updated_at, sizeof p.updated_at, now);
    if (rc == SG_OK)
        rc = store_rekey_progress_put(tx, &p);
    if (rc == SG_OK)
        rc = ops_audit_key(tx, k->a, "fields.rekey-start", k->target);
    return rc;
}

static int activate(rk *k)
{
    const field_key_row *t = find_id(k->reg, k->target);
    if (!t)
        return fail(k, SG_EINTERNAL, "the new key is not registered");
    char mine[VAULT_HASH_HEX];
    vault_field_fingerprint(k->a->keys, k->target, mine);
    if (!mine[0] || strcmp(mine, t->fingerprint) != 0)
        return fail(k, SG_ECRYPTO,
                    "the key file does not hold the key the database registered: was"
                    " signaal rekey --prepare run on another machine?");
    if (k->reg->in_progress)
        return SG_OK;
    activate_ctx ac = {.k = k, .target = t};
    int rc = store_write(k->a->db, activate_job, &ac);
    if (rc != SG_OK)
        return fail(k, rc, "cannot make the new key active: %s", sg_status_str(rc));
    return reload(k);
}

/* Makes this process encrypt with the target at once, like the servers
 * will within a second. */
static int follow(rk *k)
{
    char why[256];
    int rc = field_keys_apply(k->a->db, k->a->keys, why, sizeof why);
    return rc == SG_OK ? SG_OK : fail(k, rc, "%s", why);
}

/* ---- step 3: re-encrypting -------------------------------------------- */

typedef struct batch_ctx {
    const enc_column *col;
    int key_id;
    int64_t after;
    enc_value *rows;
    int max, n;
    unsigned char **sealed;
    size_t *sealed_len;
    int64_t replaced;
    rekey_progress_row *progress;
} batch_ctx;

static int scan_job(store_tx *tx, void *arg)
{
    batch_ctx *b = arg;
    return store_enc_scan(tx, b->col, b->key_id, b->after, b->rows, b->max, &b->n);
}

static int replace_job(store_tx *tx, void *arg)
{
    batch_ctx *b = arg;
    b->replaced = 0;
    for (int i = 0; i < b->n; i++) {
        bool replaced = false;
        int rc = store_enc_replace(tx, b->col, b->rows[i].id, &b->rows[i], b->sealed[i],
                                   b->sealed_len[i], &replaced);
        if (rc != SG_OK)
            return rc;
        b->replaced += replaced;
    }
    return store_rekey_progress_put(tx, b->progress);
}

static void clear_batch(batch_ctx *b)
{
    for (int i = 0; i < b->n; i++) {
        store_enc_value_clear(&b->rows[i]);
        sg_free(b->sealed[i]);
        b->sealed[i] = NULL;
    }
    b->n = 0;
}

/* Decrypts each value of the batch and encrypts it with the target. */
static int reseal(rk *k, batch_ctx *b)
{
    for (int i = 0; i < b->n; i++) {
        char ad[160], *plain = NULL;
        snprintf(ad, sizeof ad, "%s:%s", b->col->bound_to, b->rows[i].bound_id);
        int rc = vault_open_text(k->a->keys, ad, b->rows[i].value, b->rows[i].len, &plain);
        if (rc == SG_OK) {
            rc = vault_seal_with(k->a->keys, k->target, ad, plain, strlen(plain), &b->sealed[i],
                                 &b->sealed_len[i]);
            sodium_memzero(plain, strlen(plain));
            sg_free(plain);
        }
        if (rc != SG_OK) {
            char where[200];
            snprintf(where, sizeof where, "%s.%s of row %lld (key %d)", b->col->table,
                     b->col->column, (long long)b->rows[i].id,
                     vault_ciphertext_key(b->rows[i].value, b->rows[i].len));
            return fail(k, rc, "cannot re-encrypt %s: is that key in the key file?", where);
        }
    }
    return SG_OK;
}

/* Re-encrypts the values of columns [from, ncols) not made with the
 * target, starting after row `after` in column from. */
static int pass(rk *k, int from, int64_t after, rekey_progress_row *progress)
{
    int max = k->opt.batch;
    enc_value *rows = sg_calloc((size_t)max, sizeof *rows);
    unsigned char **sealed = sg_calloc((size_t)max, sizeof *sealed);
    size_t *sealed_len = sg_calloc((size_t)max, sizeof *sealed_len);
    int rc = rows && sealed && sealed_len ? SG_OK : SG_ENOMEM;
    for (int c = from; rc == SG_OK && c < k->ncols; c++) {
        batch_ctx b = {.col = &k->cols[c],
                       .key_id = k->target,
                       .after = c == from ? after : 0,
                       .rows = rows,
                       .max = max,
                       .sealed = sealed,
                       .sealed_len = sealed_len,
                       .progress = progress};
        text_copy(progress->table_name, sizeof progress->table_name, b.col->table);
        text_copy(progress->column_name, sizeof progress->column_name, b.col->column);
        for (;;) {
            rc = store_read(k->a->db, scan_job, &b);
            if (rc != SG_OK) {
                fail(k, rc, "cannot read the encrypted values: %s", sg_status_str(rc));
                break;
            }
            if (b.n == 0)
                break;
            rc = reseal(k, &b);
            if (rc == SG_OK) {
                progress->after_id = b.rows[b.n - 1].id;
                clock_format_iso(clock_now_ms(), progress->updated_at);
                rc = store_write(k->a->db, replace_job, &b);
                if (rc != SG_OK)
                    fail(k, rc, "cannot store re-encrypted values: %s", sg_status_str(rc));
            }
            bool full = b.n == max;
            int64_t last = b.rows[b.n - 1].id;
            clear_batch(&b);
            if (rc != SG_OK)
                break;
            progress->rewritten += b.replaced;
            k->rep->rewritten += b.replaced;
            if (k->opt.progress) {
                rekey_progress_note note = {.table = b.col->table,
                                            .column = b.col->column,
                                            .rewritten = k->rep->rewritten,
                                            .target_key = k->target};
                k->opt.progress(&note, k->opt.ctx);
            }
            if (!full)
                break;
            b.after = last;
        }
        /* The next column starts from its first row. */
        progress->after_id = 0;
    }
    sg_free(rows);
    sg_free(sealed);
    sg_free(sealed_len);
    if (rc == SG_ENOMEM && !k->rep->why[0])
        fail(k, rc, "out of memory");
    return rc;
}

/* The column index a stopped rotation was in, and the row after which it
 * carries on. */
static int resume_point(rk *k, int64_t *after)
{
    *after = 0;
    for (int c = 0; c < k->ncols; c++) {
        if (strcmp(k->cols[c].table, k->reg->progress.table_name) == 0
            && strcmp(k->cols[c].column, k->reg->progress.column_name) == 0) {
            *after = k->reg->progress.after_id;
            return c;
        }
    }
    return 0;
}

/* ---- steps 4 and 5: retiring ------------------------------------------ */

typedef struct final_ctx {
    rk *k;
    int64_t left;
    bool retire;
} final_ctx;

static int count_left(store_tx *tx, rk *k, int64_t *left)
{
    *left = 0;
    for (int c = 0; c < k->ncols; c++) {
        int64_t n = 0;
        int rc = store_enc_count_other(tx, &k->cols[c], k->target, &n);
        if (rc != SG_OK)
            return rc;
        *left += n;
    }
    return SG_OK;
}

static int count_job(store_tx *tx, void *arg)
{
    final_ctx *fc = arg;
    return count_left(tx, fc->k, &fc->left);
}

/* Counts again in the write transaction, so nothing can be written with
 * an old key between the count and the retirement. */
static int retire_job(store_tx *tx, void *arg)
{
    final_ctx *fc = arg;
    rk *k = fc->k;
    int rc = count_left(tx, k, &fc->left);
    if (rc != SG_OK || fc->left > 0)
        return rc;
    char now[CLOCK_ISO_LEN];
    clock_format_iso(clock_now_ms(), now);
    k->rep->nretired = 0;
    for (int i = 0; rc == SG_OK && i < k->reg->n; i++) {
        field_key_row row = k->reg->rows[i];
        if (strcmp(row.state, "previous") != 0)
            continue;
        text_copy(row.state, sizeof row.state, "retired");
        text_copy(row.retired_at, sizeof row.retired_at, now);
        rc = store_field_key_put(tx, &row);
        k->rep->retired[k->rep->nretired++] = (int)row.key_id;
    }
    if (rc == SG_OK)
        rc = store_rekey_progress_clear(tx);
    if (rc == SG_OK)
        rc = ops_audit_key(tx, k->a, "fields.rekey-done", k->target);
    fc->retire = rc == SG_OK;
    return rc;
}

static void wait_grace(rk *k)
{
    const field_key_row *t = find_id(k->reg, k->target);
    int64_t activated = 0;
    if (!t || clock_parse_iso(t->activated_at, &activated) != SG_OK)
        activated = clock_now_ms();
    int64_t left = activated + k->opt.grace_ms - clock_now_ms();
    if (left > 0) {
        struct timespec pause = {.tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000L};
        while (nanosleep(&pause, &pause) != 0) {
        }
    }
}

static int retire(rk *k)
{
    rekey_progress_row progress = k->reg->progress;
    for (int attempt = 0; attempt < FINAL_TRIES; attempt++) {
        /* Values a server wrote with the old key before it followed. */
        int rc = pass(k, 0, 0, &progress);
        final_ctx fc = {.k = k};
        if (rc == SG_OK)
            rc = store_read(k->a->db, count_job, &fc);
        if (rc == SG_OK && fc.left == 0) {
            rc = store_write(k->a->db, retire_job, &fc);
            if (rc != SG_OK)
                return fail(k, rc, "cannot retire the old keys: %s", sg_status_str(rc));
        }
        if (rc != SG_OK)
            return rc;
        if (fc.retire)
            return reload(k);
    }
    return fail(k, SG_ESTATE,
                "values are still being written with an old key: does every server have the"
                " new key file?");
}

/* Takes retired keys out of the key file (never key 1, which the master
 * key derives and the registry keeps retired). */
static int drop_retired(rk *k)
{
    int held[VAULT_FIELD_IDS], ids[VAULT_FIELD_IDS], n = 0;
    int m = vault_field_ids(k->a->keys, held, VAULT_FIELD_IDS);
    for (int i = 0; i < k->reg->n; i++) {
        int id = (int)k->reg->rows[i].key_id;
        if (id <= 1 || strcmp(k->reg->rows[i].state, "retired") != 0)
            continue;
        for (int j = 0; j < m; j++)
            if (held[j] == id)
                ids[n++] = id;
    }
    if (n == 0)
        return SG_OK;
    const char *detail = NULL;
    int rc = vault_field_keys_drop(k->a->keys, ids, n, &detail);
    if (rc != SG_OK)
        return fail(k, rc, "cannot take the retired keys out of the key file: %s", detail);
    k->rep->dropped += n;
    return SG_OK;
}

static int check_job(store_tx *tx, void *arg)
{
    rk *k = arg;
    return store_enc_columns_check(tx, k->rep->why, sizeof k->rep->why);
}

int rekey_run(app *a, const rekey_options *opt, rekey_report *rep)
{
    memset(rep, 0, sizeof *rep);
    rk k = {.a = a, .rep = rep};
    k.opt = opt ? *opt : (rekey_options){0};
    if (k.opt.batch <= 0)
        k.opt.batch = DEFAULT_BATCH;
    if (k.opt.batch > MAX_BATCH)
        k.opt.batch = MAX_BATCH;
    if (k.opt.grace_ms <= 0)
        k.opt.grace_ms = DEFAULT_GRACE_MS;
    k.cols = store_enc_columns(&k.ncols);
    k.reg = sg_calloc(1, sizeof *k.reg);
    if (!k.reg)
        return SG_ENOMEM;
    int rc = store_read(a->db, check_job, &k);
    if (rc != SG_OK && !rep->why[0])
        fail(&k, rc, "cannot read the schema: %s", sg_status_str(rc));
    if (rc == SG_OK)
        rc = reload(&k);
    /* A run that retired keys may have stopped before the key file. */
    if (rc == SG_OK)
        rc = follow(&k);
    if (rc == SG_OK)
        rc = drop_retired(&k);
    if (rc == SG_OK && rep->dropped > 0 && !k.reg->in_progress && !find_state(k.reg, "pending")) {
        /* The previous rotation had only the key file left to do: done
         * now, and that is all this run was asked to finish. */
        rep->finished_previous = true;
        rep->target_key = vault_field_active(a->keys);
        goto out;
    }
    if (rc == SG_OK)
        rc = choose_target(&k);
    rep->target_key = k.target;
    if (rc == SG_OK && k.opt.prepare_only) {
        rep->prepared = !k.reg->in_progress;
        goto out;
    }
    if (rc == SG_OK)
        rc = activate(&k);
    if (rc == SG_OK)
        rc = follow(&k);
    if (rc == SG_OK) {
        int64_t after = 0;
        int from = resume_point(&k, &after);
        rekey_progress_row progress = k.reg->progress;
        rc = pass(&k, from, after, &progress);
    }
    if (rc == SG_OK) {
        wait_grace(&k);
        rc = retire(&k);
    }
    if (rc == SG_OK)
        rc = follow(&k);
    if (rc == SG_OK)
        rc = drop_retired(&k);
out:
    sg_free(k.reg);
    return rc;
}

/* ---- status ----------------------------------------------------------- */

int rekey_status(app *a, json_t **out)
{
    *out = NULL;
    registry *reg = sg_calloc(1, sizeof *reg);
    if (!reg)
        return SG_ENOMEM;
    int rc = store_read(a->db, load_job, reg);
    json_t *keys = json_array();
    int held[VAULT_FIELD_IDS];
    int nheld = vault_field_ids(a->keys, held, VAULT_FIELD_IDS);
    for (int i = 0; rc == SG_OK && keys && i < reg->n; i++) {
        const field_key_row *r = &reg->rows[i];
        bool in_file = false;
        for (int j = 0; j < nheld; j++)
            in_file = in_file || held[j] == r->key_id;
        json_array_append_new(
            keys, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)r->key_id, "state",
                            r->state, "created_at", r->created_at, "activated_at", r->activated_at,
                            "retired_at", r->retired_at, "in_key_file", in_file));
    }
    json_t *progress = json_null();
    if (rc == SG_OK && reg->in_progress)
        progress = json_pack("{s:I, s:s, s:s, s:I, s:I, s:s, s:s}", "target_key",
                             (json_int_t)reg->progress.target_key, "table",
                             reg->progress.table_name, "column", reg->progress.column_name,
                             "after_id", (json_int_t)reg->progress.after_id, "rewritten",
                             (json_int_t)reg->progress.rewritten, "started_at",
                             reg->progress.started_at, "updated_at", reg->progress.updated_at);
    if (rc == SG_OK) {
        *out = json_pack("{s:o, s:o, s:i}", "keys", keys, "in_progress", progress, "active_key",
                         vault_field_active(a->keys));
        keys = NULL;
        progress = NULL;
        rc = *out ? SG_OK : SG_ENOMEM;
    }
    json_decref(keys);
    json_decref(progress);
    sg_free(reg);
    return rc;
}
