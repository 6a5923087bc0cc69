#include "security/audit.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit_spool.h"

void audit_entry_hash(const vault *v, const audit_row *r, char out[STORE_HASH_LEN])
{
    vault_hasher *h = NULL;
    if (vault_hasher_new(v, VAULT_AUDIT, &h) != SG_OK) {
        out[0] = '\0'; /* no memory: an empty hash never matches */
        return;
    }
    vault_hasher_add(h, r->prev_hash);
    vault_hasher_add_int(h, r->seq);
    const char *fields[] = {r->at,          r->user_id,   r->role,      r->org_id, r->action,
                            r->record_type, r->record_id, r->person_id, r->client, r->purpose};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        vault_hasher_add(h, fields[i]);
    vault_hasher_finish(h, out);
}

/* The keyed tag of the head: ties the newest seq to its hash, so that the
 * head cannot be moved back after entries are cut off the end. */
static void head_mac(const vault *v, int64_t seq, const char *hash, char out[STORE_HASH_LEN])
{
    vault_hasher *h = NULL;
    if (vault_hasher_new(v, VAULT_AUDIT, &h) != SG_OK) {
        out[0] = '\0';
        return;
    }
    vault_hasher_add(h, "audit-head");
    vault_hasher_add_int(h, seq);
    vault_hasher_add(h, hash);
    vault_hasher_finish(h, out);
}

void audit_row_fill(audit_row *row, const audit_event *ev)
{
    memset(row, 0, sizeof *row);
    const actor *a = ev->who;
    clock_format_iso(clock_now_ms(), row->at);
    text_copy(row->user_id, sizeof row->user_id, a->system ? "" : a->user_pid);
    text_copy(row->role, sizeof row->role, a->system ? "system" : role_code(a->role));
    text_copy(row->org_id, sizeof row->org_id, a->system ? "" : a->org_pid);
    text_copy(row->action, sizeof row->action, ev->action);
    text_copy(row->record_type, sizeof row->record_type, ev->record_type ? ev->record_type : "");
    text_copy(row->record_id, sizeof row->record_id, ev->record_id ? ev->record_id : "");
    text_copy(row->person_id, sizeof row->person_id, ev->person_id ? ev->person_id : "");
    text_copy(row->client, sizeof row->client, a->client);
    text_copy(row->purpose, sizeof row->purpose, ev->purpose ? ev->purpose : "");
    /* The trail must stay readable whatever a caller passed: a stray byte
     * in one entry would make every listing that holds it fail. */
    char *texts[] = {row->action,    row->record_type, row->record_id,
                     row->person_id, row->client,      row->purpose};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        text_scrub_utf8(texts[i]);
}

int audit_append_rows(store_tx *tx, const vault *v, audit_row *rows, int n)
{
    int64_t head = 0;
    char prev[STORE_HASH_LEN];
    int rc = store_audit_lock(tx);
    if (rc == SG_OK)
        rc = store_audit_head(tx, &head, prev, NULL);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        audit_row *row = &rows[i];
        text_copy(row->prev_hash, sizeof row->prev_hash, prev);
        row->seq = head + 1 + i;
        audit_entry_hash(v, row, row->hash);
        if (!row->hash[0])
            return SG_ENOMEM;
        text_copy(prev, sizeof prev, row->hash);
        rc = store_audit_insert_entry(tx, row);
    }
    if (rc != SG_OK || n <= 0)
        return rc;
    char mac[STORE_HASH_LEN];
    head_mac(v, rows[n - 1].seq, rows[n - 1].hash, mac);
    if (!mac[0])
        return SG_ENOMEM;
    return store_audit_set_head(tx, rows[n - 1].seq, rows[n - 1].hash, mac);
}

int audit_append_row(store_tx *tx, const vault *v, audit_row *row)
{
    return audit_append_rows(tx, v, row, 1);
}

/* The read whose entries this thread defers, or NULL. */
static _Thread_local audit_deferred *deferring;

void audit_defer_begin(audit_deferred *d, const store_tx *tx)
{
    if (!d->rows) {
        d->rows = &d->one;
        d->cap = 1;
    }
    d->tx = tx;
    d->n = 0;
    d->failed = false;
    deferring = d;
}

void audit_defer_end(audit_deferred *d)
{
    if (deferring == d)
        deferring = NULL;
    d->tx = NULL;
}

void audit_deferred_free(audit_deferred *d)
{
    audit_defer_end(d);
    if (d->rows != &d->one)
        sg_free(d->rows);
    d->rows = NULL;
    d->n = d->cap = 0;
}

static int defer(audit_deferred *d, const audit_event *ev)
{
    if (d->n == d->cap) {
        int cap = d->cap * 2;
        audit_row *rows = d->rows == &d->one ? sg_malloc((size_t)cap * sizeof *rows)
                                             : sg_realloc(d->rows, (size_t)cap * sizeof *rows);
        if (!rows) {
            d->failed = true;
            return SG_ENOMEM;
        }
        if (d->rows == &d->one)
            rows[0] = d->one;
        d->rows = rows;
        d->cap = cap;
    }
    audit_row_fill(&d->rows[d->n++], ev);
    return SG_OK;
}

int audit_append(store_tx *tx, const vault *v, const audit_event *ev)
{
    if (deferring && deferring->tx == tx)
        return defer(deferring, ev);
    audit_row row;
    audit_row_fill(&row, ev);
    /* The reads spooled before this entry go into the trail before it. */
    int rc = audit_spool_settle(tx);
    return rc == SG_OK ? audit_append_row(tx, v, &row) : rc;
}

int audit_record(store_tx *tx, const vault *v, const actor *who, const char *action,
                 const char *record_type, const char *record_id, const char *person_id,
                 const char *purpose)
{
    audit_event ev = {.who = who,
                      .action = action,
                      .record_type = record_type,
                      .record_id = record_id,
                      .person_id = person_id,
                      .purpose = purpose};
    return audit_append(tx, v, &ev);
}

int audit_record_person(store_tx *tx, const vault *v, const actor *who, const char *action,
                        const char *record_type, const char *record_id, int64_t person_id,
                        const char *purpose)
{
    char person[STORE_ID_LEN] = "";
    if (person_id) {
        int rc = store_person_public_id(tx, person_id, person);
        if (rc != SG_OK)
            return rc;
    }
    return audit_record(tx, v, who, action, record_type, record_id, person, purpose);
}

typedef struct verify_ctx {
    const vault *v;
    audit_report *rep;
    int64_t expect_seq;
    char prev[STORE_HASH_LEN];
} verify_ctx;

/* Stops the walk at the first broken entry; the walk's result is not an error. */
#define VERIFY_STOP 1

static int verify_entry(const audit_row *r, void *arg)
{
    verify_ctx *vc = arg;
    char expect[STORE_HASH_LEN];
    if (r->seq != vc->expect_seq) {
        vc->rep->broken_seq = vc->expect_seq;
        snprintf(vc->rep->reason, sizeof vc->rep->reason,
                 "entry %lld is missing (the next entry is %lld)", (long long)vc->expect_seq,
                 (long long)r->seq);
        return VERIFY_STOP;
    }
    if (strcmp(r->prev_hash, vc->prev) != 0) {
        vc->rep->broken_seq = r->seq;
        snprintf(vc->rep->reason, sizeof vc->rep->reason,
                 "entry %lld does not follow from the entry before it", (long long)r->seq);
        return VERIFY_STOP;
    }
    audit_entry_hash(vc->v, r, expect);
    if (strcmp(expect, r->hash) != 0) {
        vc->rep->broken_seq = r->seq;
        snprintf(vc->rep->reason, sizeof vc->rep->reason,
                 "entry %lld was altered after it was written", (long long)r->seq);
        return VERIFY_STOP;
    }
    vc->rep->checked++;
    vc->expect_seq++;
    memcpy(vc->prev, r->hash, sizeof vc->prev);
    return SG_OK;
}

static int verify_job(store_tx *tx, void *arg)
{
    verify_ctx *vc = arg;
    int rc = store_audit_each(tx, 0, verify_entry, vc);
    if (rc == VERIFY_STOP)
        return SG_OK;
    if (rc != SG_OK)
        return rc;
    if (vc->expect_seq == 1) {
        /* No entry at all: only right for a database that holds nothing. */
        int64_t records = 0;
        rc = store_audit_records(tx, &records);
        if (rc != SG_OK)
            return rc;
        if (records > 0) {
            vc->rep->broken_seq = 1;
            snprintf(vc->rep->reason, sizeof vc->rep->reason,
                     "the trail is empty, yet the database holds %lld accounts and persons:"
                     " it was wiped",
                     (long long)records);
            return SG_OK;
        }
    }
    int64_t head_seq = 0;
    char head_hash[STORE_HASH_LEN], mac[STORE_HASH_LEN], expect[STORE_HASH_LEN] = "";
    rc = store_audit_head(tx, &head_seq, head_hash, mac);
    if (rc != SG_OK)
        return rc;
    if (head_seq > 0)
        head_mac(vc->v, head_seq, head_hash, expect);
    if (strcmp(mac, expect) != 0) {
        /* The chain holds up to here, but its head is not authentic: the
         * entries after the last intact one may have been cut off. */
        vc->rep->broken_seq = vc->expect_seq;
        snprintf(vc->rep->reason, sizeof vc->rep->reason,
                 "the head of the trail was altered: entries after %lld may have been removed",
                 (long long)(vc->expect_seq - 1));
        return SG_OK;
    }
    if (head_seq != vc->expect_seq - 1 || strcmp(head_hash, vc->prev) != 0) {
        vc->rep->broken_seq = head_seq > vc->expect_seq - 1 ? vc->expect_seq : head_seq;
        if (vc->rep->broken_seq == 0)
            vc->rep->broken_seq = 1;
        snprintf(vc->rep->reason, sizeof vc->rep->reason,
                 "the trail ends at entry %lld but its head records entry %lld",
                 (long long)(vc->expect_seq - 1), (long long)head_seq);
    }
    return SG_OK;
}

int audit_verify(store *s, const vault *v, audit_report *report)
{
    memset(report, 0, sizeof *report);
    verify_ctx vc = {.v = v, .rep = report, .expect_seq = 1, .prev = ""};
    return store_read(s, verify_job, &vc);
}
