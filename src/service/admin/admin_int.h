/* Shared by the files of service/admin/ (admin.c, users.c) and nothing
 * else.  session.c and trail.c share nothing with them but the folder. */
#ifndef SG_ADMIN_INT_H
#define SG_ADMIN_INT_H

#include "service/admin/admin.h"

/* admin.c: appends the audit entry of an administrative change (purpose
 * "administration", no child) within tx. */
SG_MUST_CHECK int admin_audit(store_tx *tx, app *a, const actor *who, const char *action,
                              const char *type, const char *id);

#endif
