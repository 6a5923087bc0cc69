/* What the files of the reference index share (see refindex_int.h): the
 * published rules, a registration's status, its decrypted identity and the
 * rate limit on registering and withdrawing. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/text.h"
#include "security/token.h"
#include "service/refindex/refindex_int.h"
#include "store/cases.h"

int concern_rules_version(store_tx *tx, int64_t version, refindex_rules *out)
{
    char *content = NULL;
    int64_t got = 0;
    memset(out, 0, sizeof *out);
    int rc = store_ruleset_get(tx, CONCERN_RULES_KIND, version, &content, &got);
    if (rc == SG_ENOTFOUND)
        return SG_ESTATE;
    if (rc != SG_OK)
        return rc;
    char why[160];
    rc = refindex_rules_parse(content, strlen(content), out, why, sizeof why);
    sg_free(content);
    /* A registration keeps the number the rules were published under (the
     * one store_ruleset_get finds again), not the document's own. */
    if (rc == SG_OK)
        out->version = (int)got;
    return rc == SG_OK ? SG_OK : SG_EDB; /* published rules were checked when published */
}

int concern_rules_load(store_tx *tx, refindex_rules *out)
{
    return concern_rules_version(tx, 0, out);
}

bool concern_is_active(const concern_row *c, const char *today)
{
    return !c->ended_on[0] && strcmp(c->ends_on, today) > 0;
}

const char *concern_status(const concern_row *c, const char *today)
{
    if (c->ended_on[0])
        return c->end_reason;
    return strcmp(c->ends_on, today) > 0 ? "active" : "expired";
}

int concern_open_text(const app *a, const char *column, const concern_row *c,
                      const unsigned char *enc, size_t len, char **out)
{
    char ad[96];
    snprintf(ad, sizeof ad, "concerns.%s:%s", column, c->public_id);
    return vault_open_text(a->keys, ad, enc, len, out);
}

void concern_text_free(char *text)
{
    if (text)
        sodium_memzero(text, strlen(text));
    sg_free(text);
}

int concern_identity_open(const app *a, const concern_row *c, json_t **out)
{
    char *text = NULL;
    int rc = concern_open_text(a, "identity", c, c->identity_enc, c->identity_enc_len, &text);
    if (rc != SG_OK)
        return rc;
    *out = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
    concern_text_free(text);
    return *out ? SG_OK : SG_EDB;
}

int concern_identity_of(json_t *identity, refindex_identity *out)
{
    memset(out, 0, sizeof *out);
    const char *given = json_string_value(json_object_get(identity, "given_names"));
    const char *surname = json_string_value(json_object_get(identity, "surname"));
    const char *birth = json_string_value(json_object_get(identity, "birth_date"));
    const char *sex = json_string_value(json_object_get(identity, "sex"));
    if (!given || !surname || !birth || !sex
        || names_from_parts(given, surname, &out->name) != SG_OK
        || date_parse(birth, &out->birth) != SG_OK)
        return SG_EDB;
    text_copy(out->sex, sizeof out->sex, sex);
    return SG_OK;
}

int concern_rate_limit(store_tx *tx, app *a, const actor *who, const char *action, bool *over)
{
    char key[96];
    int64_t count = 0;
    snprintf(key, sizeof key, "concern:%s", who->user_pid);
    *over = false;
    int rc = store_ratelimit_hit(tx, key, clock_now_s(), a->cfg.concern_rate_window_s, &count);
    if (rc != SG_OK || count <= a->cfg.concern_rate_max)
        return rc;
    *over = true;
    if (count == a->cfg.concern_rate_max + 1) {
        concern_flag_row f;
        memset(&f, 0, sizeof f);
        token_uuid(f.public_id);
        f.org_id = who->org_id;
        f.user_id = who->user_id;
        text_copy(f.reason, sizeof f.reason, "rate-limit");
        f.hits = count;
        clock_format_iso(clock_now_ms(), f.flagged_at);
        rc = store_concern_flag_insert(tx, &f);
        if (rc == SG_OK)
            rc = audit_record(tx, a->keys, who, "concern.flagged", "concern-flag", f.public_id, "",
                              "many registrations or withdrawals in a short time");
        if (rc != SG_OK)
            return rc;
    }
    return audit_record(tx, a->keys, who, "concern.rate-limited", "concern", "", "", action);
}
