/*
 * roles.h - the kinds of organisation and the roles of their people.
 *
 * Pure rules, no I/O: the codes used on the wire and in the database
 * (kebab-case), their Dutch and English names, which roles belong in which
 * kind of organisation, and which roles always need a second factor.
 */
#ifndef SG_ROLES_H
#define SG_ROLES_H

#include <stdbool.h>

#include "base/status.h"

typedef enum org_type {
    ORG_SCHOOL,
    ORG_POLICE,
    ORG_PROSECUTION,
    ORG_YOUTH_CARE,
    ORG_VEILIG_THUIS,
    ORG_MUNICIPALITY,
    ORG_EXPERT_GROUP,
    ORG_NATIONAL_ANALYSIS,
    ORG_NATIONAL_OFFICE,   /* runs signaal nationally: organisations, catalogues, the whole trail */
    ORG_YOUTH_HEALTH_CARE, /* jeugdgezondheidszorg: the GGD's youth doctors and nurses */
    ORG_CHILD_PROTECTION_BOARD, /* de Raad voor de Kinderbescherming */
    ORG_HALT,                   /* Halt: diversion for 12- to 17-year-olds */
    ORG_CERTIFIED_INSTITUTION, /* gecertificeerde instelling: jeugdbescherming, jeugdreclassering */
    ORG_TYPE_COUNT
} org_type;

typedef enum role {
    ROLE_MENTOR,
    ROLE_CARE_COORDINATOR,
    ROLE_POLICE_OFFICER,
    ROLE_PROSECUTOR,
    ROLE_CARE_WORKER,
    ROLE_ANALYST,
    ROLE_AUDITOR,
    ROLE_ADMINISTRATOR,
    ROLE_PRIVACY_OFFICER,               /* the organisation's data protection officer */
    ROLE_NATIONAL_ADMINISTRATOR,        /* manages organisations and national catalogues */
    ROLE_NATIONAL_AUDITOR,              /* reads the whole audit trail */
    ROLE_YOUTH_HEALTH_PROFESSIONAL,     /* jeugdarts or jeugdverpleegkundige */
    ROLE_CHILD_PROTECTION_INVESTIGATOR, /* raadsonderzoeker */
    ROLE_HALT_PROFESSIONAL,             /* Halt-medewerker */
    ROLE_FAMILY_GUARDIAN,               /* jeugdbeschermer (gezinsvoogd) */
    ROLE_YOUTH_PROBATION_OFFICER,       /* jeugdreclasseerder */
    ROLE_COUNT
} role;

#define ROLE_BIT(r) (1u << (unsigned)(r))
#define ROLES_ALL ((1u << ROLE_COUNT) - 1u)
/* The professionals of the chain's care and justice organisations who work
 * with a child's file like a care worker: the care worker itself, the youth
 * doctor or nurse, the Child Protection Board's investigator, Halt's
 * professional, the family guardian and the youth probation officer. */
#define ROLES_CHAIN_PROFESSIONAL                                                                   \
    (ROLE_BIT(ROLE_CARE_WORKER) | ROLE_BIT(ROLE_YOUTH_HEALTH_PROFESSIONAL)                         \
     | ROLE_BIT(ROLE_CHILD_PROTECTION_INVESTIGATOR) | ROLE_BIT(ROLE_HALT_PROFESSIONAL)             \
     | ROLE_BIT(ROLE_FAMILY_GUARDIAN) | ROLE_BIT(ROLE_YOUTH_PROBATION_OFFICER))

const char *org_type_code(org_type t);
const char *org_type_name(org_type t, bool dutch);
SG_MUST_CHECK int org_type_parse(const char *code, org_type *out);

const char *role_code(role r);
const char *role_name(role r, bool dutch);
SG_MUST_CHECK int role_parse(const char *code, role *out);

/* True when a person with role r may work in an organisation of type t. */
bool role_fits_org(role r, org_type t);
/* The role that works an organisation's casework, to whom what arrives from
 * the chain is addressed: the care coordinator of a school, the care
 * worker of youth care, Veilig Thuis, a municipality or the expert group,
 * the police officer, the prosecutor, the analyst of national analysis,
 * the national administrator of the national office. */
role role_casework_of(org_type t);
/* Roles that must always log in with a second factor. */
bool role_requires_mfa(role r);

#endif
