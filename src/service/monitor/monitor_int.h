/* Shared by the files of service/monitor/ and nothing else. */
#ifndef SG_MONITOR_INT_H
#define SG_MONITOR_INT_H

#include "service/monitor/monitor.h"
#include "store/store.h"

/* The newest published rule set of kind as a JSON document the caller
 * releases, or NULL when none is published or it does not parse. */
json_t *monitor_ruleset(store_tx *tx, const char *kind);

#endif
