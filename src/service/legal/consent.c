/* Whose consent counts, read from the published rules (consent.h). */
#include "service/legal/consent.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "base/text.h"
#include "store/cases.h"

int legal_consent_rules_load(store_tx *tx, consent_rules *out)
{
    char *content = NULL, why[200];
    int64_t version = 0;
    memset(out, 0, sizeof *out);
    int rc = store_ruleset_get(tx, CONSENT_RULES_KIND, 0, &content, &version);
    if (rc == SG_ENOTFOUND)
        return SG_ESTATE;
    if (rc != SG_OK)
        return rc;
    rc = consent_rules_parse(content, strlen(content), out, why, sizeof why);
    sg_free(content);
    if (rc == SG_OK)
        out->version = (int)version;     /* the number it was published under */
    return rc == SG_OK ? SG_OK : SG_EDB; /* checked when it was published */
}

int legal_consent_check(store_tx *tx, const char *receiver, int age, const char *party,
                        const char *field, svc_error *err)
{
    consent_rules rules;
    int rc = legal_consent_rules_load(tx, &rules);
    if (rc == SG_ESTATE && err)
        err->reason = "no consent rules are published (signaal rules publish --kind consent)";
    if (rc != SG_OK)
        return rc;
    char why[sizeof err->text];
    rc = consent_check(&rules, receiver, age, party, why, sizeof why);
    consent_rules_free(&rules);
    if (rc == SG_EINVAL && err) {
        text_copy(err->text, sizeof err->text, why);
        err->field = field;
        err->reason = err->text;
    }
    return rc;
}

int legal_consent_needed(store_tx *tx, const char *receiver, int age, char *need, size_t n)
{
    consent_rules rules;
    int rc = legal_consent_rules_load(tx, &rules);
    if (rc != SG_OK)
        return rc;
    const consent_band *band = consent_required(&rules, receiver, age, NULL);
    text_copy(need, n, band ? consent_need_code(band->need) : "");
    consent_rules_free(&rules);
    return SG_OK;
}
