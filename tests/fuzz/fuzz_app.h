/*
 * fuzz_app.h - a whole application for the harnesses whose parsers feed a
 * store: a temporary SQLite database (created once per process, removed
 * at exit) with the rule sets, catalogue and learning documents of data/
 * published and the demo organisations, users and synthetic children
 * loaded, as "signaal init --demo" makes it, and the graph worker running
 * as "signaal serve" runs it.
 */
#ifndef SG_FUZZ_APP_H
#define SG_FUZZ_APP_H

#include "service/app.h"

/* The process's app (borrowed), made on first call; NULL when it could not
 * be made (the reason is on stderr). */
app *fuzz_app(void);
/* The demo user with this login as an actor; SG_ENOTFOUND for another. */
SG_MUST_CHECK int fuzz_actor(app *a, const char *login, actor *who);
/* The id of the first child on the list of the demo user with this login,
 * into out; SG_ENOTFOUND when there is none. */
SG_MUST_CHECK int fuzz_person_id(app *a, const char *login, char out[STORE_ID_LEN]);

/* True when the entries added to the audit trail since the last call can
 * all be listed: every text in them can become JSON (one that cannot makes
 * GET /api/v1/audit fail for good). */
bool fuzz_trail_readable(app *a);

#endif
