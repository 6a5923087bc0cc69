/* Shared by the files of service/learning/ and nothing else: the published
 * learning documents as one bundle, and small helpers for auditing,
 * notifying and rendering. */
#ifndef SG_LEARNING_INT_H
#define SG_LEARNING_INT_H

#include "domain/learning.h"
#include "security/audit.h"
#include "service/learning/learning.h"
#include "store/learning.h"

/* Which published documents to load. */
enum {
    LDOC_CONTENT = 1u << 0,
    LDOC_EXPLANATIONS = 1u << 1,
    LDOC_OFFERS = 1u << 2,
    LDOC_PROGRAMMES = 1u << 3,
    LDOC_OFFERS_IF_ANY = 1u << 4, /* the offers when published, else none */
};

typedef struct learning_docs {
    learning_content content; /* with LDOC_CONTENT */
    learning_explanations explanations;
    json_t *offers; /* owned */
    int64_t offers_version;
    json_t *programmes; /* owned */
    int64_t programmes_version;
    int64_t catalogue_version; /* the newest catalogue, for indicator texts */
} learning_docs;

/* Loads the newest published documents named in which, within tx.
 * SG_ESTATE when one of them has not been published; SG_EDB when a stored
 * document no longer parses.  d is freed with learning_docs_free (also
 * after a failure). */
SG_MUST_CHECK int learning_docs_load(store_tx *tx, unsigned which, learning_docs *d);
void learning_docs_free(learning_docs *d);

/* Appends an audit entry about learning (no child involved). */
SG_MUST_CHECK int learning_audit(store_tx *tx, app *a, const actor *who, const char *action,
                                 const char *record_type, const char *record_id,
                                 const char *purpose);
/* {"id", "text": {nl, en}, "strength"} of an indicator in the catalogue
 * version (only {"id"} when the catalogue lacks it); NULL without memory. */
json_t *learning_indicator_json(store_tx *tx, int64_t catalogue_version, const char *code);
/* {"id", "name", "type"} of an organisation, or null. */
json_t *learning_org_json(store_tx *tx, int64_t org_id);

#endif
