/*
 * notify.h - content-free notifications to the people they are for.
 *
 * Shared by the parts of service/ that tell another organisation (or a
 * person) that something happened: the chain's referrals, screenings and
 * clocks, the expert group's requests.  A notification names who did what
 * kind of thing to which record, never its content.  It belongs to its
 * addressee: the people of one role in an organisation, or one person; only
 * they see it and only they may mark it read.  Without a role it goes to
 * the organisation's casework role (role_casework_of): never to its privacy
 * officer, who receives only what is theirs (overrides, flags).
 */
#ifndef SG_NOTIFY_H
#define SG_NOTIFY_H

#include "service/app.h"

/* Notifies the people of for_role in org_id (NULL or "": the casework role
 * of the organisation's type) that kind happened to the record, done by
 * from_org. */
SG_MUST_CHECK int notify_role(store_tx *tx, int64_t org_id, const char *for_role, const char *kind,
                              const char *record_type, const char *record_id, int64_t from_org);
/* Notifies one person. */
SG_MUST_CHECK int notify_user(store_tx *tx, int64_t org_id, int64_t user_id, const char *kind,
                              const char *record_type, const char *record_id, int64_t from_org);

#endif
