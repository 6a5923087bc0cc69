/* Shared by the files of service/ops/ and nothing else. */
#ifndef SG_OPS_INT_H
#define SG_OPS_INT_H

#include "service/ops/ops.h"

/* Appends the audit entry of an operator's action on the whole database
 * (the system actor; record "database", or the field key id). */
SG_MUST_CHECK int ops_audit_database(store_tx *tx, const app *a, const char *action,
                                     const char *purpose);
SG_MUST_CHECK int ops_audit_key(store_tx *tx, const app *a, const char *action, int key_id);

#endif
