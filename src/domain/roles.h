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
    ORG_NATIONAL_OFFICE, /* runs signaal nationally: organisations, catalogues, the whole trail */
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
    ROLE_PRIVACY_OFFICER,        /* the organisation's data protection officer */
    ROLE_NATIONAL_ADMINISTRATOR, /* manages organisations and national catalogues */
    ROLE_NATIONAL_AUDITOR,       /* reads the whole audit trail */
    ROLE_COUNT
} role;

#define ROLE_BIT(r) (1u << (unsigned)(r))
#define ROLES_ALL ((1u << ROLE_COUNT) - 1u)

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
