/* Notifications to their addressees (see notify.h). */
#include "service/notify.h"

#include <string.h>

#include "base/clock.h"
#include "base/text.h"
#include "security/token.h"
#include "store/chain.h"

static int insert(store_tx *tx, int64_t org_id, const char *for_role, int64_t user_id,
                  const char *kind, const char *record_type, const char *record_id,
                  int64_t from_org)
{
    notification_row row;
    memset(&row, 0, sizeof row);
    token_uuid(row.public_id);
    row.org_id = org_id;
    row.user_id = user_id;
    text_copy(row.role, sizeof row.role, for_role);
    text_copy(row.kind, sizeof row.kind, kind);
    text_copy(row.record_type, sizeof row.record_type, record_type);
    text_copy(row.record_id, sizeof row.record_id, record_id);
    row.from_org_id = from_org;
    clock_format_iso(clock_now_ms(), row.created_at);
    return store_notification_insert(tx, &row);
}

int notify_role(store_tx *tx, int64_t org_id, const char *for_role, const char *kind,
                const char *record_type, const char *record_id, int64_t from_org)
{
    const char *addressee = for_role;
    if (!addressee || !*addressee) {
        org_row o;
        org_type t;
        int rc = store_org_get(tx, org_id, &o);
        if (rc != SG_OK)
            return rc;
        if (org_type_parse(o.type, &t) != SG_OK)
            return SG_EDB;
        addressee = role_code(role_casework_of(t));
    }
    return insert(tx, org_id, addressee, 0, kind, record_type, record_id, from_org);
}

int notify_user(store_tx *tx, int64_t org_id, int64_t user_id, const char *kind,
                const char *record_type, const char *record_id, int64_t from_org)
{
    return insert(tx, org_id, "", user_id, kind, record_type, record_id, from_org);
}
