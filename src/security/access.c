#include "security/access.h"

#include <string.h>

#include "base/text.h"

void access_system_actor(actor *out)
{
    memset(out, 0, sizeof *out);
    out->system = true;
    out->role = ROLE_ADMINISTRATOR;
    text_copy(out->login, sizeof out->login, "system");
    text_copy(out->client, sizeof out->client, "cli");
}

static bool has_role(const actor *a, unsigned roles)
{
    return (ROLE_BIT(a->role) & roles) != 0;
}

/* The roles that work with children's records. */
#define CASEWORK_ROLES                                                                             \
    (ROLE_BIT(ROLE_MENTOR) | ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLE_BIT(ROLE_POLICE_OFFICER)       \
     | ROLE_BIT(ROLE_PROSECUTOR) | ROLES_CHAIN_PROFESSIONAL)

bool access_may_record_persons(const actor *a)
{
    return !a->system && has_role(a, CASEWORK_ROLES);
}

bool access_may_record_signals(const actor *a)
{
    return !a->system
           && has_role(a, ROLE_BIT(ROLE_MENTOR) | ROLE_BIT(ROLE_CARE_COORDINATOR)
                              | ROLE_BIT(ROLE_POLICE_OFFICER) | ROLES_CHAIN_PROFESSIONAL);
}

bool access_may_read_persons(const actor *a)
{
    return !a->system && has_role(a, CASEWORK_ROLES);
}

bool access_may_administer(const actor *a)
{
    return a->system
           || has_role(a, ROLE_BIT(ROLE_ADMINISTRATOR) | ROLE_BIT(ROLE_NATIONAL_ADMINISTRATOR));
}

bool access_is_national_admin(const actor *a)
{
    return a->system || has_role(a, ROLE_BIT(ROLE_NATIONAL_ADMINISTRATOR));
}

bool access_may_manage_org(const actor *a, int64_t org_id)
{
    if (access_is_national_admin(a))
        return true;
    return has_role(a, ROLE_BIT(ROLE_ADMINISTRATOR)) && org_id == a->org_id;
}

bool access_may_audit(const actor *a)
{
    return a->system || has_role(a, ROLE_BIT(ROLE_AUDITOR) | ROLE_BIT(ROLE_NATIONAL_AUDITOR));
}

const char *access_audit_org_scope(const actor *a)
{
    if (a->system || has_role(a, ROLE_BIT(ROLE_NATIONAL_AUDITOR)))
        return "";
    return a->org_pid;
}

int64_t access_signal_observer_scope(const actor *a)
{
    return a->role == ROLE_MENTOR ? a->user_id : 0;
}

int64_t access_person_user_scope(const actor *a)
{
    return a->role == ROLE_MENTOR ? a->user_id : 0;
}

int access_check_person(store_tx *tx, const actor *a, const person_row *p)
{
    if (!access_may_read_persons(a))
        return SG_EFORBIDDEN;
    bool party = false;
    int rc = store_person_org_is_party(tx, p->id, a->org_id, &party);
    if (rc != SG_OK)
        return rc;
    if (!party)
        return SG_ENOTFOUND;
    if (a->role != ROLE_MENTOR)
        return SG_OK;
    bool involved = false;
    rc = store_person_user_is_involved(tx, p->id, a->user_id, &involved);
    if (rc != SG_OK)
        return rc;
    return involved ? SG_OK : SG_ENOTFOUND;
}

int access_check_signal(store_tx *tx, const actor *a, const signal_row *s)
{
    if (!access_may_read_persons(a))
        return SG_EFORBIDDEN;
    if (a->role == ROLE_MENTOR)
        return s->observer_id == a->user_id ? SG_OK : SG_ENOTFOUND;
    bool party = false;
    int rc = store_signal_org_is_party(tx, s->id, a->org_id, &party);
    if (rc != SG_OK)
        return rc;
    return party ? SG_OK : SG_ENOTFOUND;
}

bool access_may_work_cases(const actor *a)
{
    /* A school's care coordinators, and the care workers (and their peers in
     * the chain) of an organisation that took a case over. */
    return !a->system && has_role(a, ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLES_CHAIN_PROFESSIONAL);
}

bool access_may_refer(const actor *a)
{
    return !a->system
           && has_role(a, ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLES_CHAIN_PROFESSIONAL
                              | ROLE_BIT(ROLE_POLICE_OFFICER) | ROLE_BIT(ROLE_PROSECUTOR));
}

bool access_may_register_concerns(const actor *a)
{
    return !a->system
           && has_role(a, ROLE_BIT(ROLE_CARE_COORDINATOR) | ROLES_CHAIN_PROFESSIONAL
                              | ROLE_BIT(ROLE_POLICE_OFFICER));
}

bool access_may_coordinate_concerns(const actor *a)
{
    return !a->system && (a->role == ROLE_CARE_COORDINATOR || a->role == ROLE_ADMINISTRATOR);
}

bool access_may_review_flags(const actor *a)
{
    return access_may_coordinate_concerns(a) || (!a->system && a->role == ROLE_PRIVACY_OFFICER);
}

int access_check_case(const actor *a, int64_t case_org_id)
{
    if (!access_may_read_persons(a))
        return SG_EFORBIDDEN;
    return access_may_work_cases(a) && a->org_id == case_org_id ? SG_OK : SG_ENOTFOUND;
}

bool access_may_answer_subject_access(const actor *a)
{
    return !a->system && a->role == ROLE_PRIVACY_OFFICER;
}

int64_t access_subject_access_scope(const actor *a)
{
    if (!access_may_answer_subject_access(a))
        return -1; /* no organisation has this id: nothing */
    return a->org_type == ORG_NATIONAL_OFFICE ? 0 : a->org_id;
}
