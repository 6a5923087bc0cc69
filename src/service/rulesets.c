/* Use cases: publishing and reading rule sets. */
#include "service/rulesets.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "domain/clocks.h"
#include "domain/guidance.h"
#include "analysis/netalerts.h"
#include "domain/consent.h"
#include "domain/prosecution.h"
#include "domain/refindex.h"
#include "domain/retention.h"
#include "domain/safeguards.h"
#include "domain/screening.h"
#include "domain/subject.h"
#include "security/audit.h"
#include "analysis/stats_rules.h"
#include "store/cases.h"

const char *const ruleset_kinds[] = {"guidance",
                                     "clocks",
                                     "screening",
                                     "interventions",
                                     "concern-grounds",
                                     "network-alerts",
                                     "prosecution",
                                     "monitor",
                                     "regions",
                                     "measures",
                                     CATALOGUE_SAFEGUARDS_KIND,
                                     CONSENT_RULES_KIND,
                                     RETENTION_RULES_KIND,
                                     "subject-access",
                                     NULL};

static int check_guidance(const char *text, size_t len, char *why, size_t n)
{
    guidance_rules r;
    int rc = guidance_parse(text, len, &r, why, n);
    if (rc == SG_OK)
        guidance_free(&r);
    return rc;
}

static int check_clocks(const char *text, size_t len, char *why, size_t n)
{
    clock_rules r;
    int rc = clock_rules_parse(text, len, &r, why, n);
    if (rc == SG_OK)
        clock_rules_free(&r);
    return rc;
}

static int check_screening(const char *text, size_t len, char *why, size_t n)
{
    screening_rules r;
    int rc = screening_rules_parse(text, len, &r, why, n);
    if (rc == SG_OK)
        screening_rules_free(&r);
    return rc;
}

/* The index of the entry of list (objects) whose "id" is id, among the
 * first n entries; -1 when none. */
static int find_id(json_t *list, size_t n, const char *id)
{
    for (size_t k = 0; id && k < n && k < json_array_size(list); k++) {
        const char *other = json_string_value(json_object_get(json_array_get(list, k), "id"));
        if (other && strcmp(other, id) == 0)
            return (int)k;
    }
    return -1;
}

/* True when arr is an array of strings, each naming a need of needs
 * (when needs is not NULL). */
static bool strings_of(json_t *arr, json_t *needs)
{
    size_t i;
    json_t *v;
    if (!json_is_array(arr))
        return false;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v)
            || (needs && find_id(needs, json_array_size(needs), json_string_value(v)) < 0))
            return false;
    }
    return true;
}

/* Both languages of a text object. */
static bool bilingual(json_t *o)
{
    return json_string_value(json_object_get(o, "nl"))
           && json_string_value(json_object_get(o, "en"));
}

/* A source or a recognition: one text for both languages (a citation, an
 * address) or {"nl", "en"}. */
static bool text_ok(json_t *o)
{
    return json_string_value(o) || bilingual(o);
}

/* The intervention catalogue: needs, and programmes with their fit criteria,
 * target group, how to reach them and their source.  Invented programmes
 * belong in the demo, never in a published catalogue.  The services look
 * needs and programmes up by id and compare the strings of their lists, so
 * every one of those must be there. */
static int check_interventions(const char *text, size_t len, char *why, size_t n)
{
    json_error_t err;
    json_t *doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
    int rc = SG_EINVAL;
    if (!doc) {
        snprintf(why, n, "not valid JSON (line %d): %s", err.line, err.text);
        return rc;
    }
    json_t *needs = json_object_get(doc, "needs"), *progs = json_object_get(doc, "programmes");
    /* The source: one text, or {"nl", "en"} (checked by its English). */
    json_t *cited = json_object_get(doc, "source");
    const char *source = json_string_value(cited) ? json_string_value(cited)
                                                  : json_string_value(json_object_get(cited, "en"));
    if (!json_is_integer(json_object_get(doc, "version")) || !text_ok(cited) || !source
        || text_is_blank(source) || !json_is_array(needs) || !json_is_array(progs)
        || json_array_size(progs) == 0) {
        snprintf(why, n, "version, source, needs and programmes are required");
        goto out;
    }
    size_t i;
    json_t *p;
    json_array_foreach(needs, i, p)
    {
        const char *id = json_string_value(json_object_get(p, "id"));
        if (!id || !text_is_slug(id, 40) || !json_string_value(json_object_get(p, "nl"))
            || !json_string_value(json_object_get(p, "en")) || find_id(needs, i, id) >= 0) {
            snprintf(why, n, "need %zu: a unique id (a-z, 0-9, -), nl and en are required", i + 1);
            goto out;
        }
    }
    json_array_foreach(progs, i, p)
    {
        json_t *min = json_object_get(p, "min_age"), *max = json_object_get(p, "max_age");
        const char *id = json_string_value(json_object_get(p, "id"));
        const char *name = json_string_value(json_object_get(p, "name"));
        json_t *recognised = json_object_get(p, "recognition");
        const char *recognition = json_string_value(recognised)
                                      ? json_string_value(recognised)
                                      : json_string_value(json_object_get(recognised, "en"));
        if (!id || !text_is_slug(id, 63) || find_id(progs, i, id) >= 0 || !name
            || !json_string_value(json_object_get(p, "provider"))
            || !bilingual(json_object_get(p, "aim")) || !json_is_integer(min)
            || !json_is_integer(max) || json_integer_value(min) < 0
            || json_integer_value(min) > json_integer_value(max)
            || !strings_of(json_object_get(p, "needs"), needs)
            || !strings_of(json_object_get(p, "regions"), NULL) || !text_ok(recognised)
            || !recognition || !text_ok(json_object_get(p, "source"))
            || !bilingual(json_object_get(p, "target_group"))
            || !bilingual(json_object_get(p, "how_to_reach"))
            || !json_is_boolean(json_object_get(p, "verified"))) {
            snprintf(why, n,
                     "programme %zu: a unique id (a-z, 0-9, -; up to 63), name, provider, aim,"
                     " target_group and how_to_reach (nl, en), 0 <= min_age <= max_age, needs"
                     " (ids of the needs listed), regions (texts), recognition, verified and"
                     " source are required",
                     i + 1);
            goto out;
        }
        if (strcmp(recognition, "example") == 0 || strstr(name, "(fictief)")
            || strstr(name, "(fictional)")) {
            snprintf(why, n,
                     "programme %zu: an invented example belongs in the demo data, not in a"
                     " published catalogue",
                     i + 1);
            goto out;
        }
    }
    rc = SG_OK;
out:
    json_decref(doc);
    return rc;
}

/* The OM's decisions, diversions, CoMensha reports and what a screening
 * may share. */
static int check_prosecution(const char *text, size_t len, char *why, size_t n)
{
    prosecution_rules r;
    int rc = prosecution_rules_parse(text, len, NULL, &r, why, n);
    if (rc == SG_OK)
        prosecution_rules_free(&r);
    return rc;
}

/* The reference index's grounds, participants and letter. */
static int check_concern_grounds(const char *text, size_t len, char *why, size_t n)
{
    refindex_rules r;
    int rc = refindex_rules_parse(text, len, &r, why, n);
    if (rc == SG_OK)
        refindex_rules_free(&r);
    return rc;
}

/* Monitoring's definition, regions and measures (analysis/stats_rules.h). */
static int check_monitor(const char *text, size_t len, char *why, size_t n)
{
    return stats_rules_check("monitor", text, len, why, n);
}

static int check_regions(const char *text, size_t len, char *why, size_t n)
{
    return stats_rules_check("regions", text, len, why, n);
}

static int check_measures(const char *text, size_t len, char *why, size_t n)
{
    return stats_rules_check("measures", text, len, why, n);
}

/* What an indicator may be about: observation kinds and protected attributes. */
static int check_safeguards(const char *text, size_t len, char *why, size_t n)
{
    catalogue_safeguards s;
    int rc = safeguards_parse(text, len, &s, why, n);
    if (rc == SG_OK)
        safeguards_free(&s);
    return rc;
}

/* Whose consent counts, by age and receiver. */
static int check_consent(const char *text, size_t len, char *why, size_t n)
{
    consent_rules r;
    int rc = consent_rules_parse(text, len, &r, why, n);
    if (rc == SG_OK)
        consent_rules_free(&r);
    return rc;
}

/* How long each kind of record is kept. */
static int check_retention(const char *text, size_t len, char *why, size_t n)
{
    retention_rules r;
    int rc = retention_rules_parse(text, len, &r, why, n);
    if (rc == SG_OK)
        retention_rules_free(&r);
    return rc;
}

/* What a copy for subject access holds and says (domain/subject.h). */
static int check_subject_access(const char *text, size_t len, char *why, size_t n)
{
    subject_rules r;
    int rc = subject_rules_parse(text, len, &r, why, n);
    if (rc == SG_OK)
        subject_rules_free(&r);
    return rc;
}

static const struct {
    const char *kind;
    int (*check)(const char *text, size_t len, char *why, size_t n);
} checkers[] = {
    {"guidance", check_guidance},
    {"clocks", check_clocks},
    {"screening", check_screening},
    {"interventions", check_interventions},
    {"concern-grounds", check_concern_grounds},
    {"network-alerts", net_alert_rules_check},
    {"prosecution", check_prosecution},
    {"monitor", check_monitor},
    {"regions", check_regions},
    {"measures", check_measures},
    {CATALOGUE_SAFEGUARDS_KIND, check_safeguards},
    {CONSENT_RULES_KIND, check_consent},
    {RETENTION_RULES_KIND, check_retention},
    {"subject-access", check_subject_access},
};

typedef struct publish_ctx {
    app *a;
    const actor *who;
    const char *kind;
    const char *text;
    char sha[65];
    int64_t version;
} publish_ctx;

static int publish_job(store_tx *tx, void *arg)
{
    publish_ctx *pc = arg;
    int rc = store_ruleset_insert(tx, pc->kind, pc->text, pc->sha, pc->who->user_id, &pc->version);
    if (rc != SG_OK)
        return rc;
    char id[64], action[48];
    snprintf(id, sizeof id, "%s:%lld", pc->kind, (long long)pc->version);
    snprintf(action, sizeof action, "%s.publish", pc->kind);
    audit_event ev = {.who = pc->who,
                      .action = action,
                      .record_type = "ruleset",
                      .record_id = id,
                      .purpose = "administration"};
    return audit_append(tx, pc->a->keys, &ev);
}

int ruleset_check(const char *kind, const char *text, size_t len, char *why, size_t n)
{
    for (size_t i = 0; kind && i < sizeof checkers / sizeof checkers[0]; i++) {
        if (strcmp(kind, checkers[i].kind) != 0)
            continue;
        /* The set is kept as text and read back as far as its first NUL;
         * jansson passes a NUL after a number, so the check must not. */
        if (memchr(text, '\0', len)) {
            snprintf(why, n, "the file holds a NUL byte: it is not text");
            return SG_EINVAL;
        }
        return checkers[i].check(text, len, why, n);
    }
    snprintf(why, n, "no such kind of rule set");
    return SG_ENOTFOUND;
}

int ruleset_publish(app *a, const actor *who, const char *kind, const char *text, size_t len,
                    json_t **out, svc_error *err)
{
    if (!access_is_national_admin(who)) /* they hold for every organisation */
        return SG_EFORBIDDEN;
    char why[200];
    int rc = ruleset_check(kind, text, len, why, sizeof why);
    if (rc == SG_ENOTFOUND)
        return svc_invalid(err, "kind",
                           "guidance, clocks, screening, interventions, concern-grounds,"
                           " network-alerts, prosecution, monitor, regions, measures,"
                           " catalogue-safeguards, consent, retention or subject-access");
    if (rc == SG_EINVAL && err) {
        text_copy(err->text, sizeof err->text, why);
        err->field = "content";
        err->reason = err->text;
    }
    if (rc != SG_OK)
        return rc;
    char *copy = sg_strndup(text, len);
    if (!copy)
        return SG_ENOMEM;
    publish_ctx pc = {.a = a, .who = who, .kind = kind, .text = copy};
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)text, len);
    text_hex(digest, sizeof digest, pc.sha);
    rc = store_write(a->db, publish_job, &pc);
    sg_free(copy);
    if (rc != SG_OK)
        return rc;
    *out = json_pack("{s:s, s:I, s:s}", "kind", kind, "version", (json_int_t)pc.version,
                     "source_sha256", pc.sha);
    return *out ? SG_OK : SG_ENOMEM;
}

typedef struct get_ctx {
    const char *kind;
    int64_t version;
    char *content;
} get_ctx;

static int get_job(store_tx *tx, void *arg)
{
    get_ctx *gc = arg;
    return store_ruleset_get(tx, gc->kind, gc->version, &gc->content, &gc->version);
}

int ruleset_get(app *a, const actor *who, const char *kind, int64_t version, json_t **out)
{
    (void)who;
    get_ctx gc = {.kind = kind, .version = version};
    int rc = store_read(a->db, get_job, &gc);
    if (rc != SG_OK)
        return rc;
    json_error_t jerr;
    json_t *doc = json_loads(gc.content, JSON_REJECT_DUPLICATES, &jerr);
    sg_free(gc.content);
    if (!doc)
        return SG_EDB;
    json_object_set_new(doc, "published_version", json_integer(gc.version));
    *out = doc;
    return SG_OK;
}
