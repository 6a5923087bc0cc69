#include "domain/roles.h"

#include <string.h>

static const struct {
    const char *code;
    const char *nl;
    const char *en;
} org_types[ORG_TYPE_COUNT] = {
    [ORG_SCHOOL] = {"school", "school", "school"},
    [ORG_POLICE] = {"police", "politie", "police"},
    [ORG_PROSECUTION] = {"prosecution", "Openbaar Ministerie", "Public Prosecution Service"},
    [ORG_YOUTH_CARE] = {"youth-care", "jeugdzorg", "youth care"},
    [ORG_VEILIG_THUIS] = {"veilig-thuis", "Veilig Thuis", "Veilig Thuis"},
    [ORG_MUNICIPALITY] = {"municipality", "gemeente", "municipality"},
    [ORG_EXPERT_GROUP] = {"expert-group", "expertgroep", "expert group"},
    [ORG_NATIONAL_ANALYSIS] = {"national-analysis", "landelijke analyse", "national analysis"},
    [ORG_NATIONAL_OFFICE] = {"national-office", "landelijk beheer", "national office"},
    [ORG_YOUTH_HEALTH_CARE] = {"youth-health-care", "jeugdgezondheidszorg (JGZ/GGD)",
                               "youth health care (JGZ/GGD)"},
    [ORG_CHILD_PROTECTION_BOARD] = {"child-protection-board", "Raad voor de Kinderbescherming",
                                    "Child Protection Board"},
    [ORG_HALT] = {"halt", "Halt", "Halt"},
    [ORG_CERTIFIED_INSTITUTION] = {"certified-institution",
                                   "gecertificeerde instelling (jeugdbescherming en"
                                   " jeugdreclassering)",
                                   "certified institution (child protection and youth probation)"},
};

static const struct {
    const char *code;
    const char *nl;
    const char *en;
    bool mfa;
    unsigned orgs; /* bit per org_type where the role belongs */
} roles[ROLE_COUNT] = {
    [ROLE_MENTOR] = {"mentor", "mentor", "mentor", false, 1u << ORG_SCHOOL},
    [ROLE_CARE_COORDINATOR] = {"care-coordinator", "zorgcoördinator", "care coordinator", false,
                               1u << ORG_SCHOOL},
    [ROLE_POLICE_OFFICER] = {"police-officer", "politiefunctionaris", "police officer", false,
                             1u << ORG_POLICE},
    [ROLE_PROSECUTOR] = {"prosecutor", "officier van justitie", "prosecutor", false,
                         1u << ORG_PROSECUTION},
    [ROLE_CARE_WORKER] = {"care-worker", "hulpverlener", "care worker", false,
                          (1u << ORG_YOUTH_CARE) | (1u << ORG_VEILIG_THUIS)
                              | (1u << ORG_MUNICIPALITY) | (1u << ORG_EXPERT_GROUP)},
    [ROLE_ANALYST] = {"analyst", "analist", "analyst", false,
                      (1u << ORG_NATIONAL_ANALYSIS) | (1u << ORG_POLICE)
                          | (1u << ORG_MUNICIPALITY)},
    [ROLE_AUDITOR] = {"auditor", "auditor", "auditor", true, (1u << ORG_TYPE_COUNT) - 1u},
    [ROLE_ADMINISTRATOR] = {"administrator", "beheerder", "administrator", true,
                            (1u << ORG_TYPE_COUNT) - 1u},
    [ROLE_PRIVACY_OFFICER] = {"privacy-officer", "functionaris gegevensbescherming",
                              "privacy officer", true, (1u << ORG_TYPE_COUNT) - 1u},
    [ROLE_NATIONAL_ADMINISTRATOR] = {"national-administrator", "landelijk beheerder",
                                     "national administrator", true, 1u << ORG_NATIONAL_OFFICE},
    [ROLE_NATIONAL_AUDITOR] = {"national-auditor", "landelijk auditor", "national auditor", true,
                               1u << ORG_NATIONAL_OFFICE},
    [ROLE_YOUTH_HEALTH_PROFESSIONAL] = {"youth-health-professional",
                                        "jeugdarts of jeugdverpleegkundige",
                                        "youth doctor or nurse", false,
                                        1u << ORG_YOUTH_HEALTH_CARE},
    [ROLE_CHILD_PROTECTION_INVESTIGATOR] = {"child-protection-investigator", "raadsonderzoeker",
                                            "child protection investigator", false,
                                            1u << ORG_CHILD_PROTECTION_BOARD},
    [ROLE_HALT_PROFESSIONAL] = {"halt-professional", "Halt-medewerker", "Halt professional", false,
                                1u << ORG_HALT},
    [ROLE_FAMILY_GUARDIAN] = {"family-guardian", "jeugdbeschermer", "family guardian", false,
                              1u << ORG_CERTIFIED_INSTITUTION},
    [ROLE_YOUTH_PROBATION_OFFICER] = {"youth-probation-officer", "jeugdreclasseerder",
                                      "youth probation officer", false,
                                      1u << ORG_CERTIFIED_INSTITUTION},
};

const char *org_type_code(org_type t)
{
    return (unsigned)t < ORG_TYPE_COUNT ? org_types[t].code : "";
}

const char *org_type_name(org_type t, bool dutch)
{
    if ((unsigned)t >= ORG_TYPE_COUNT)
        return "";
    return dutch ? org_types[t].nl : org_types[t].en;
}

int org_type_parse(const char *code, org_type *out)
{
    for (int i = 0; code && i < ORG_TYPE_COUNT; i++) {
        if (strcmp(code, org_types[i].code) == 0) {
            *out = (org_type)i;
            return SG_OK;
        }
    }
    return SG_EINVAL;
}

const char *role_code(role r)
{
    return (unsigned)r < ROLE_COUNT ? roles[r].code : "";
}

const char *role_name(role r, bool dutch)
{
    if ((unsigned)r >= ROLE_COUNT)
        return "";
    return dutch ? roles[r].nl : roles[r].en;
}

int role_parse(const char *code, role *out)
{
    for (int i = 0; code && i < ROLE_COUNT; i++) {
        if (strcmp(code, roles[i].code) == 0) {
            *out = (role)i;
            return SG_OK;
        }
    }
    return SG_EINVAL;
}

bool role_fits_org(role r, org_type t)
{
    if ((unsigned)r >= ROLE_COUNT || (unsigned)t >= ORG_TYPE_COUNT)
        return false;
    return (roles[r].orgs & (1u << t)) != 0;
}

bool role_requires_mfa(role r)
{
    return (unsigned)r < ROLE_COUNT && roles[r].mfa;
}

role role_casework_of(org_type t)
{
    switch (t) {
    case ORG_SCHOOL:
        return ROLE_CARE_COORDINATOR;
    case ORG_POLICE:
        return ROLE_POLICE_OFFICER;
    case ORG_PROSECUTION:
        return ROLE_PROSECUTOR;
    case ORG_NATIONAL_ANALYSIS:
        return ROLE_ANALYST;
    case ORG_NATIONAL_OFFICE:
        return ROLE_NATIONAL_ADMINISTRATOR;
    case ORG_YOUTH_HEALTH_CARE:
        return ROLE_YOUTH_HEALTH_PROFESSIONAL;
    case ORG_CHILD_PROTECTION_BOARD:
        return ROLE_CHILD_PROTECTION_INVESTIGATOR;
    case ORG_HALT:
        return ROLE_HALT_PROFESSIONAL;
    case ORG_CERTIFIED_INSTITUTION:
        /* Its family guardians; its youth probation officers are told by them. */
        return ROLE_FAMILY_GUARDIAN;
    default:
        return ROLE_CARE_WORKER;
    }
}
