/* The catalogue of roles for administrators (oversight.h): which roles an
 * account can have in which kind of organisation, from domain/roles.c, so
 * that a form offers only the roles the API accepts there. */
#include "service/oversight/oversight_int.h"

static json_t *org_types_of(role r)
{
    json_t *list = json_array();
    for (int t = 0; list && t < ORG_TYPE_COUNT; t++) {
        if (role_fits_org(r, (org_type)t)
            && json_array_append_new(list, json_string(org_type_code((org_type)t))) != 0) {
            json_decref(list);
            return NULL;
        }
    }
    return list;
}

static json_t *role_json(role r)
{
    json_t *types = org_types_of(r);
    if (!types)
        return NULL;
    return json_pack("{s:s, s:s, s:s, s:b, s:b, s:o}", "code", role_code(r), "nl",
                     role_name(r, true), "en", role_name(r, false), "second_factor",
                     role_requires_mfa(r), "national",
                     r == ROLE_NATIONAL_ADMINISTRATOR || r == ROLE_NATIONAL_AUDITOR,
                     "organisation_types", types);
}

int oversight_roles(app *a, const actor *who, json_t **out)
{
    (void)a; /* the catalogue is the domain's, not the database's */
    if (!access_may_administer(who))
        return SG_EFORBIDDEN;
    json_t *roles = json_array(), *types = json_array();
    int rc = roles && types ? SG_OK : SG_ENOMEM;
    for (int r = 0; rc == SG_OK && r < ROLE_COUNT; r++)
        if (json_array_append_new(roles, role_json((role)r)) != 0)
            rc = SG_ENOMEM;
    for (int t = 0; rc == SG_OK && t < ORG_TYPE_COUNT; t++)
        if (json_array_append_new(types,
                                  json_pack("{s:s, s:s, s:s}", "code", org_type_code((org_type)t),
                                            "nl", org_type_name((org_type)t, true), "en",
                                            org_type_name((org_type)t, false)))
            != 0)
            rc = SG_ENOMEM;
    if (rc == SG_OK) {
        *out = json_pack("{s:o, s:o}", "items", roles, "organisation_types", types);
        roles = types = NULL;
        if (!*out)
            rc = SG_ENOMEM;
    }
    json_decref(roles);
    json_decref(types);
    return rc;
}
