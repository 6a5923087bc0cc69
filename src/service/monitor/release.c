/* The report's protection and its release log (monitor_int.h): the tables
 * of every area are protected alone and against the cells earlier releases
 * recorded for the same years, so that no difference between two releases
 * singles out a child; the release, its new or changed cells and one audit
 * entry are written in the caller's transaction.  The log records the
 * cells of every area the report protected, not only the area it shows: a
 * later release, whatever area it shows, is then protected against all
 * that any earlier one could have shown. */
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "security/audit.h"
#include "security/token.h"
#include "service/monitor/monitor_int.h"

/* ---- protection and the release log ---------------------------------------- */

typedef struct prior_list {
    stats_prior *items;
    int n, cap;
} prior_list;

static int prior_row(const char *key, int64_t shown, bool suppressed, void *arg)
{
    prior_list *p = arg;
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 256;
        stats_prior *items = sg_realloc(p->items, (size_t)cap * sizeof *items);
        if (!items)
            return SG_ENOMEM;
        p->items = items;
        p->cap = cap;
    }
    char *k = sg_strdup(key);
    if (!k)
        return SG_ENOMEM;
    p->items[p->n++] = (stats_prior){.key = k, .shown = shown, .suppressed = suppressed};
    return SG_OK;
}

static int cmp_prior_key(const void *a, const void *b)
{
    return strcmp(((const stats_prior *)a)->key, ((const stats_prior *)b)->key);
}

/* Protects the report against the earlier releases and records it. */
int monitor_release_job(store_tx *tx, void *arg)
{
    monitor_ctx *r = arg;
    prior_list p = {0};
    int rc = store_monitor_prior(tx, r->year - 4, r->year, prior_row, &p);
    unsigned char secret[32];
    char hex[VAULT_HASH_HEX];
    vault_hash(r->a->keys, VAULT_PSEUDONYM, "monitor-cell-key", 16, hex);
    memcpy(secret, hex, sizeof secret);
    stats_options opt = {.threshold = r->threshold,
                         .cell_key = r->cell_key,
                         .secret = secret,
                         .secret_len = sizeof secret};
    /* Protected once alone, then against the log: the cells shown alone
     * but suppressed against the log are the further suppressions. */
    bool *alone = NULL;
    int total = 0;
    for (int i = 0; i < r->nt; i++)
        total += r->t[i]->R * r->t[i]->C;
    if (rc == SG_OK && p.n) {
        alone = sg_calloc((size_t)total + 1, sizeof *alone);
        rc = alone ? stats_protect(r->t, r->nt, &opt, NULL, 0) : SG_ENOMEM;
        for (int i = 0, k = 0; rc == SG_OK && i < r->nt; i++)
            for (int j = 0; j < r->t[i]->R * r->t[i]->C; j++)
                alone[k++] = stats_shown(&r->t[i]->cells[j]);
    }
    if (rc == SG_OK)
        rc = stats_protect(r->t, r->nt, &opt, p.items, p.n);
    for (int i = 0, k = 0; rc == SG_OK && alone && i < r->nt; i++) {
        r->t[i]->release_suppressed = 0;
        for (int j = 0; j < r->t[i]->R * r->t[i]->C; j++, k++)
            if (alone[k] && !stats_shown(&r->t[i]->cells[j]))
                r->t[i]->release_suppressed++;
    }
    sg_free(alone);
    if (rc == SG_OK && p.n)
        qsort(p.items, (size_t)p.n, sizeof *p.items, cmp_prior_key);
    monitor_release_row *rel = &r->release;
    token_uuid(rel->public_id);
    snprintf(rel->scope, sizeof rel->scope, "%.20s:%.100s", r->level, r->scope_name);
    rel->year = r->year;
    rel->released_by = r->who->user_id;
    clock_format_iso(clock_now_ms(), rel->released_at);
    snprintf(rel->method, sizeof rel->method, "%s", r->cell_key ? "cell-key" : "suppression");
    rel->threshold = r->threshold;
    /* What the reader of this report sees suppressed further. */
    for (int f = 0; f < r->nfam; f++)
        if (!r->fam_hidden[f])
            rel->further += monitor_shown(r, f)->release_suppressed;
    if (rc == SG_OK)
        rc = store_monitor_release_insert(tx, rel);
    /* This release's cells, one per key, against the log. */
    prior_list now = {0};
    for (int i = 0; rc == SG_OK && i < r->nt; i++) {
        stats_table *t = r->t[i];
        for (int j = 0; rc == SG_OK && j < t->R * t->C; j++)
            rc = prior_row(t->cells[j].key, t->cells[j].shown, !stats_shown(&t->cells[j]), &now);
    }
    if (rc == SG_OK && now.n)
        qsort(now.items, (size_t)now.n, sizeof *now.items, cmp_prior_key);
    for (int j = 0; rc == SG_OK && j < now.n; j++) {
        const stats_prior *c = &now.items[j];
        if (j > 0 && strcmp(c->key, now.items[j - 1].key) == 0)
            continue;
        const stats_prior *old =
            p.n ? bsearch(c, p.items, (size_t)p.n, sizeof *p.items, cmp_prior_key) : NULL;
        if (old && old->suppressed == c->suppressed && (c->suppressed || old->shown == c->shown))
            continue; /* already in the log as it is */
        const char *y = strstr(c->key, "year=");
        rc = store_monitor_release_cell(tx, rel->id, y ? atoi(y + 5) : r->year, c->key, c->shown,
                                        c->suppressed);
        rel->cells++;
    }
    for (int i = 0; i < now.n; i++)
        sg_free((char *)now.items[i].key);
    sg_free(now.items);
    if (rc == SG_OK)
        rc = store_monitor_release_finish(tx, rel);
    if (rc == SG_OK) {
        audit_event ev = {.who = r->who,
                          .action = "report.release",
                          .record_type = "report",
                          .record_id = rel->public_id,
                          .person_id = "",
                          .purpose = "monitoring"};
        rc = audit_append(tx, r->a->keys, &ev);
    }
    for (int i = 0; i < p.n; i++)
        sg_free((char *)p.items[i].key);
    sg_free(p.items);
    return rc;
}
