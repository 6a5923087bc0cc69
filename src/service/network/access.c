/* Who may read and write the network, the purpose of a read, and its audit
 * entry. */
#include <string.h>

#include "base/text.h"
#include "service/network/network_int.h"

bool net_is_analyst(const actor *who)
{
    /* The network's analysts work at a police unit or the national
     * analysis organisation; an analyst elsewhere (a municipality's, for
     * its own figures) does not read the network. */
    return !who->system && who->role == ROLE_ANALYST
           && (who->org_type == ORG_POLICE || who->org_type == ORG_NATIONAL_ANALYSIS);
}

int net_may_read(const actor *who)
{
    if (who->system)
        return SG_EFORBIDDEN;
    switch (who->role) {
    case ROLE_ANALYST:
        return net_is_analyst(who) ? SG_OK : SG_EFORBIDDEN;
    case ROLE_POLICE_OFFICER:
    case ROLE_PROSECUTOR:
        return SG_OK;
    default:
        return SG_EFORBIDDEN;
    }
}

int net_reaches_person(store_tx *tx, const actor *who, int64_t person_id)
{
    if (net_is_analyst(who))
        return SG_OK;
    bool yes = false;
    int rc = SG_OK;
    if (who->role == ROLE_POLICE_OFFICER)
        rc = store_net_person_screened(tx, person_id, who->org_id, 0, &yes);
    else if (who->role == ROLE_PROSECUTOR)
        rc = store_net_person_screened(tx, person_id, 0, who->org_id, &yes);
    if (rc != SG_OK)
        return rc;
    return yes ? SG_OK : SG_ENOTFOUND;
}

int net_purpose_check(const char *purpose, svc_error *err)
{
    if (!purpose || text_is_blank(purpose) || !text_is_clean_utf8(purpose, strlen(purpose))
        || text_utf8_length(purpose) < NET_PURPOSE_MIN
        || text_utf8_length(purpose) > NET_PURPOSE_MAX || strchr(purpose, '\n'))
        return svc_invalid(err, "purpose",
                           "state the purpose: the analysis or investigation reference this"
                           " query serves (3 to 200 characters, one line)");
    return SG_OK;
}

int net_read_check(const actor *who, const char *purpose, svc_error *err)
{
    int rc = net_may_read(who);
    return rc == SG_OK ? net_purpose_check(purpose, err) : rc;
}

int net_audit(store_tx *tx, app *a, const actor *who, const char *action, const char *record_type,
              const char *record_id, int64_t person_id, const char *purpose)
{
    char person[STORE_ID_LEN] = "";
    if (person_id) {
        int rc = store_person_public_id(tx, person_id, person);
        if (rc != SG_OK)
            return rc;
    }
    audit_event ev = {.who = who,
                      .action = action,
                      .record_type = record_type,
                      .record_id = record_id,
                      .person_id = person,
                      .purpose = purpose};
    return audit_append(tx, a->keys, &ev);
}
