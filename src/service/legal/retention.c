/* The retention run over every kind of record (retention.h). */
#include "service/legal/retention.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/audit.h"
#include "store/cases.h"
#include "store/concerns.h"
#include "store/retention.h"

#define BATCH 200

typedef struct run_ctx {
    app *a;
    const actor *who;
    retention_rules rules;
    date today;
    bool dry_run;
    retention_type type;
    int64_t after_id;     /* where the next batch continues */
    int64_t purged, held; /* by the last batch */
    int64_t holds[HOLD_COUNT];
    bool more;                 /* the last batch was full */
    retention_candidate *rows; /* [BATCH], owned */
} run_ctx;

static int rules_job(store_tx *tx, void *arg)
{
    run_ctx *rc_ = arg;
    char *content = NULL, why[200];
    int64_t version = 0;
    int rc = store_ruleset_get(tx, RETENTION_RULES_KIND, 0, &content, &version);
    if (rc == SG_ENOTFOUND)
        return SG_ESTATE;
    if (rc != SG_OK)
        return rc;
    rc = retention_rules_parse_published(content, strlen(content), &rc_->rules, why, sizeof why);
    sg_free(content);
    if (rc == SG_OK)
        rc_->rules.version = (int)version;
    return rc == SG_OK ? SG_OK : SG_EDB; /* checked when it was published */
}

/* The audit entry of one deletion: which record, whose, by which rule. */
static int audit_purge(store_tx *tx, run_ctx *ctx, const retention_candidate *c)
{
    const char *code = retention_type_code(ctx->type);
    char action[48], purpose[160];
    snprintf(action, sizeof action, "%s.purge", code);
    snprintf(purpose, sizeof purpose, "retention: rules version %d, %s %s, period passed",
             ctx->rules.version, code, retention_type_after(ctx->type));
    /* A registration of the index is its own pseudonym (refindex.md). */
    const char *person = ctx->type == RT_CONCERN  ? c->public_id
                         : c->person_public_id[0] ? c->person_public_id
                                                  : "";
    return audit_record(tx, ctx->a->keys, ctx->who, action, code, c->public_id, person, purpose);
}

static int batch_job(store_tx *tx, void *arg)
{
    run_ctx *ctx = arg;
    const char *code = retention_type_code(ctx->type);
    date cutoff;
    char cut[DATE_LEN];
    retention_cutoff_any(&ctx->rules, ctx->type, &ctx->today, &cutoff);
    date_format(&cutoff, cut);
    int n = 0;
    ctx->purged = ctx->held = 0;
    int rc = store_retention_candidates(tx, code, cut, ctx->after_id, ctx->rows, BATCH, &n);
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const retention_candidate *c = &ctx->rows[i];
        ctx->after_id = c->id;
        /* The shortest period only chose the candidates: each keeps its own. */
        if (!retention_is_due(&ctx->rules, ctx->type, c->holder_type, c->start, &ctx->today))
            continue;
        store_retention_facts sf;
        rc = store_retention_facts_of(tx, code, c, &sf);
        if (rc != SG_OK)
            break;
        retention_facts f = {.running_clock = sf.running_clock,
                             .open_case = sf.open_case,
                             .awaiting_decision = sf.awaiting_decision,
                             .part_of_kept_record = sf.part_of_kept_record};
        retention_hold hold = retention_hold_of(&f);
        if (hold != HOLD_NONE) {
            ctx->holds[hold]++;
            ctx->held++;
            continue;
        }
        if (!ctx->dry_run) {
            rc = store_retention_delete(tx, code, c);
            if (rc == SG_OK)
                rc = audit_purge(tx, ctx, c);
        }
        if (rc == SG_OK)
            ctx->purged++;
    }
    ctx->more = rc == SG_OK && n == BATCH;
    return rc;
}

/* Acknowledged flags of unusual use of the index: deleted at once, one
 * audit entry for the lot (they hold no child). */
static int flags_job(store_tx *tx, void *arg)
{
    run_ctx *ctx = arg;
    date cutoff;
    char cut[DATE_LEN];
    retention_cutoff(retention_keep(&ctx->rules, RT_CONCERN_FLAG, NULL, NULL), &ctx->today,
                     &cutoff);
    date_format(&cutoff, cut);
    int64_t deleted = 0;
    ctx->purged = ctx->held = 0;
    ctx->more = false;
    if (ctx->dry_run)
        return store_retention_flags_due(tx, cut, &ctx->purged);
    int rc = store_concern_flag_purge(tx, cut, &deleted);
    if (rc == SG_OK && deleted > 0) {
        char purpose[120];
        snprintf(purpose, sizeof purpose,
                 "retention: rules version %d, %lld acknowledged flags before %s",
                 ctx->rules.version, (long long)deleted, cut);
        rc = audit_record(tx, ctx->a->keys, ctx->who, "concern-flag.purge", "concern-flag", "", "",
                          purpose);
    }
    ctx->purged = deleted;
    return rc;
}

#define RUNS_SHOWN 30

typedef struct runs_ctx {
    retention_run_row *rows;
    int n;
} runs_ctx;

static int runs_job(store_tx *tx, void *arg)
{
    runs_ctx *c = arg;
    return store_retention_runs(tx, c->rows, RUNS_SHOWN, &c->n);
}

static int run_add_job(store_tx *tx, void *arg)
{
    return store_retention_run_add(tx, arg);
}

/* Keeps the record of a run that deleted (or tried to): its counts only. */
static int record_run(app *a, const retention_report *r, int64_t started_ms, const date *as_of,
                      int status)
{
    retention_run_row row = {.rules_version = r->rules_version};
    clock_format_iso(started_ms, row.started_at);
    clock_format_iso(clock_now_ms(), row.finished_at);
    date_format(as_of, row.as_of);
    text_copy(row.status, sizeof row.status, status == SG_OK ? "done" : "failed");
    json_t *report = retention_report_json(r, false);
    char *text = report ? json_dumps(report, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(report);
    int rc = text && text_copy(row.report, sizeof row.report, text) ? SG_OK : SG_ENOMEM;
    free(text);
    return rc == SG_OK ? store_write(a->db, run_add_job, &row) : rc;
}

int retention_run(app *a, const actor *who, const char *today, bool dry_run, retention_report *out,
                  retention_progress_fn progress, void *progress_ctx)
{
    memset(out, 0, sizeof *out);
    int64_t started_ms = clock_now_ms();
    run_ctx *ctx = sg_calloc(1, sizeof *ctx);
    if (!ctx)
        return SG_ENOMEM;
    ctx->a = a;
    ctx->who = who;
    ctx->dry_run = dry_run;
    int rc = SG_OK;
    if (today) {
        if (date_parse(today, &ctx->today) != SG_OK)
            rc = SG_EINVAL;
    } else {
        date_today(&ctx->today);
    }
    ctx->rows = rc == SG_OK ? sg_calloc(BATCH, sizeof *ctx->rows) : NULL;
    if (rc == SG_OK && !ctx->rows)
        rc = SG_ENOMEM;
    if (rc == SG_OK)
        rc = store_read(a->db, rules_job, ctx);
    out->rules_version = ctx->rules.version;
    for (int t = 0; rc == SG_OK && t < RT_COUNT; t++) {
        ctx->type = (retention_type)t;
        ctx->after_id = 0;
        memset(ctx->holds, 0, sizeof ctx->holds);
        out->kinds[t].kind = retention_type_code(ctx->type);
        /* A kind newer than the rules in force: kept until a version names it. */
        out->kinds[t].no_rule = ctx->rules.rules[t].absent;
        if (out->kinds[t].no_rule)
            continue;
        do {
            store_work_fn job = t == RT_CONCERN_FLAG ? flags_job : batch_job;
            rc = dry_run ? store_read(a->db, job, ctx) : store_write(a->db, job, ctx);
            if (rc != SG_OK)
                break;
            out->kinds[t].purged += ctx->purged;
            out->total += ctx->purged;
            out->total_held += ctx->held;
            if (progress) {
                int64_t held = 0;
                for (int h = 0; h < HOLD_COUNT; h++)
                    held += ctx->holds[h];
                progress(out->kinds[t].kind, out->kinds[t].purged, held, progress_ctx);
            }
        } while (ctx->more);
        memcpy(out->kinds[t].held, ctx->holds, sizeof ctx->holds);
    }
    /* A run that got as far as its rules is kept, also when it failed. */
    if (!dry_run && out->rules_version > 0) {
        int kept = record_run(a, out, started_ms, &ctx->today, rc);
        if (rc == SG_OK)
            rc = kept;
    }
    retention_rules_free(&ctx->rules);
    sg_free(ctx->rows);
    sg_free(ctx);
    return rc;
}

json_t *retention_runs_list(app *a, const actor *who, int *status)
{
    static const role readers[] = {ROLE_PRIVACY_OFFICER, ROLE_AUDITOR, ROLE_NATIONAL_AUDITOR};
    bool may = false;
    for (size_t i = 0; i < sizeof readers / sizeof readers[0]; i++)
        may = may || who->role == readers[i];
    *status = may ? SG_OK : SG_EFORBIDDEN;
    if (!may)
        return NULL;
    retention_run_row *rows = sg_calloc(RUNS_SHOWN, sizeof *rows);
    runs_ctx rc_ = {.rows = rows};
    *status = rows ? store_read(a->db, runs_job, &rc_) : SG_ENOMEM;
    json_t *items = *status == SG_OK ? json_array() : NULL;
    for (int i = 0; items && i < rc_.n; i++) {
        json_t *report = json_loads(rows[i].report, 0, NULL);
        json_t *run = json_pack("{s:s, s:s, s:s, s:I, s:s, s:o}", "started_at", rows[i].started_at,
                                "finished_at", rows[i].finished_at, "as_of", rows[i].as_of,
                                "rules_version", (json_int_t)rows[i].rules_version, "status",
                                rows[i].status, "report", report ? report : json_object());
        json_array_append_new(items, run);
    }
    sg_free(rows);
    if (*status == SG_OK && !items)
        *status = SG_ENOMEM;
    return items ? json_pack("{s:o}", "items", items) : NULL;
}

json_t *retention_report_json(const retention_report *r, bool dry_run)
{
    json_t *kinds = json_object();
    for (int t = 0; kinds && t < RT_COUNT; t++) {
        json_t *held = json_object();
        for (int h = HOLD_NONE + 1; held && h < HOLD_COUNT; h++)
            if (r->kinds[t].held[h])
                json_object_set_new(held, retention_hold_code((retention_hold)h),
                                    json_integer(r->kinds[t].held[h]));
        json_t *kind = json_pack("{s:I, s:o}", "purged", (json_int_t)r->kinds[t].purged, "held",
                                 held ? held : json_object());
        if (kind && r->kinds[t].no_rule)
            json_object_set_new(kind, "no_rule", json_true());
        json_object_set_new(kinds, retention_type_code((retention_type)t), kind);
    }
    return json_pack("{s:I, s:I, s:b, s:i, s:o}", "purged", (json_int_t)r->total, "held",
                     (json_int_t)r->total_held, "dry_run", dry_run, "rules_version",
                     r->rules_version, "kinds", kinds ? kinds : json_object());
}
