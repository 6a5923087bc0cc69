/*
 * network.h - records of the network of recruitment chains: entities
 * (phones, addresses, vehicles, places, accounts, groups, nicknames), the
 * nodes that stand for a person or an entity, typed relations between
 * nodes, and the alerts raised for analysts.  Part of the store module
 * (see store.h for how transactions work).
 *
 * The store never sees an entity's key in the clear: it keeps the vault
 * ciphertext and the keyed pseudonym it is found by.  Relations are never
 * deleted: a correction or a retirement sets retired_at, and the bulk
 * readers for the analyses skip retired relations.
 */
#ifndef SG_STORE_NETWORK_H
#define SG_STORE_NETWORK_H

#include "store/store.h"

#define NET_TYPE_LEN 24
#define NET_REF_LEN 129 /* a source reference: 128 bytes and a NUL */
#define NET_REASON_LEN 404
#define NET_SUMMARY_LEN 4096

/* ---- entities and nodes ------------------------------------------------ */

typedef struct net_entity_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    char kind[STORE_CODE_LEN];
    char key_hash[STORE_HASH_LEN];
    unsigned char *key_enc; /* owned */
    size_t key_enc_len;
    int64_t created_by;
    int64_t created_org;
    char created_at[CLOCK_ISO_LEN];
} net_entity_row;

void store_net_entity_clear(net_entity_row *row);
SG_MUST_CHECK int store_net_entity_insert(store_tx *tx, net_entity_row *row);
SG_MUST_CHECK int store_net_entity_get(store_tx *tx, int64_t id, net_entity_row *out);
SG_MUST_CHECK int store_net_entity_find_public(store_tx *tx, const char *public_id,
                                               net_entity_row *out);
SG_MUST_CHECK int store_net_entity_find_hash(store_tx *tx, const char *key_hash,
                                             net_entity_row *out);

/* The node of a person or entity (exactly one of the two ids non-zero).
 * With create, a missing node is made; without, SG_ENOTFOUND. */
SG_MUST_CHECK int store_net_node_of(store_tx *tx, int64_t person_id, int64_t entity_id, bool create,
                                    int64_t *node_id);

/* What a node stands for, with what the network shows of it. */
typedef struct net_node_info {
    int64_t node_id;
    int64_t person_id; /* or 0 */
    int64_t entity_id; /* or 0 */
    char public_id[STORE_ID_LEN];
    char kind[STORE_CODE_LEN]; /* "person", or the entity's kind */
    int birth_year;            /* persons: 0 when unknown */
    int birth_month;
} net_node_info;

SG_MUST_CHECK int store_net_node_get(store_tx *tx, int64_t node_id, net_node_info *out);
/* Calls fn for every node, by id; stops at the first non-zero return. */
SG_MUST_CHECK int store_net_each_node(store_tx *tx, int (*fn)(const net_node_info *, void *),
                                      void *ctx);

/* ---- relations --------------------------------------------------------- */

typedef struct net_relation_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t from_node;
    int64_t to_node;
    char type[NET_TYPE_LEN];
    char confidence[STORE_CODE_LEN];
    char first_seen[DATE_LEN];
    char last_seen[DATE_LEN];
    char source_type[STORE_CODE_LEN]; /* screening, decision, report */
    char source_ref[NET_REF_LEN];
    char import_id[STORE_ID_LEN];
    int64_t org_id;
    int64_t user_id;
    char created_at[CLOCK_ISO_LEN];
    int64_t replaces; /* relation id, or 0 */
    char retired_at[CLOCK_ISO_LEN];
    int64_t retired_by;
    char retire_reason[NET_REASON_LEN];
    int64_t version;
} net_relation_row;

SG_MUST_CHECK int store_net_relation_insert(store_tx *tx, net_relation_row *row);
SG_MUST_CHECK int store_net_relation_get(store_tx *tx, int64_t id, net_relation_row *out);
SG_MUST_CHECK int store_net_relation_find_public(store_tx *tx, const char *public_id,
                                                 net_relation_row *out);
/* Retires a current relation at the version read; SG_ECONFLICT when it
 * changed since, or is retired already. */
SG_MUST_CHECK int store_net_relation_retire(store_tx *tx, net_relation_row *row, const char *at,
                                            int64_t by, const char *reason);
/* The relation that corrected id, if any. */
SG_MUST_CHECK int store_net_relation_successor(store_tx *tx, int64_t id, net_relation_row *out);

typedef struct net_relation_filter {
    int64_t node_id;         /* relations with this node at either end, or 0 */
    const char *source_type; /* with source_ref: relations from this source, or NULL */
    const char *source_ref;
    const char *import_id; /* relations of one import, or NULL */
    bool include_retired;
    int64_t after; /* cursor: relation ids above this */
    int limit;
} net_relation_filter;

SG_MUST_CHECK int store_net_relation_list(store_tx *tx, const net_relation_filter *f,
                                          net_relation_row *rows, int *n);

/* The fields the analyses need, for the bulk reader. */
typedef struct net_edge_row {
    int64_t id;
    int64_t from_node;
    int64_t to_node;
    const char *type; /* borrowed for the call only */
    const char *confidence;
    const char *first_seen;
    const char *last_seen;
} net_edge_row;

/* Calls fn for every current relation (the whole row), by id; stops at
 * the first non-zero return and returns it. */
SG_MUST_CHECK int store_net_each_relation(store_tx *tx, int (*fn)(const net_relation_row *, void *),
                                          void *ctx);
/* Calls fn for every current relation, by id; stops at the first non-zero
 * return and returns it. */
SG_MUST_CHECK int store_net_each_edge(store_tx *tx, int (*fn)(const net_edge_row *, void *),
                                      void *ctx);
/* What changes when the network changes: the newest relation id, the
 * number of current relations and the newest node id. */
SG_MUST_CHECK int store_net_stamp(store_tx *tx, int64_t *max_relation, int64_t *current,
                                  int64_t *max_node);
/* Public ids and sources of relations by internal id, for explaining
 * results: fills rows for the ids given (missing ids are left out). */
SG_MUST_CHECK int store_net_relations_by_id(store_tx *tx, const int64_t *ids, int nids,
                                            net_relation_row *rows, int *n);

/* Whether person_id is the youth of a screening of police unit police_org
 * (or, with om_org, handed to that OM office). */
SG_MUST_CHECK int store_net_person_screened(store_tx *tx, int64_t person_id, int64_t police_org,
                                            int64_t om_org, bool *yes);

/* ---- decisions whose "victim of" predates the network ------------------- */

typedef struct net_victim_of_row {
    int64_t decision_id;
    char decision_public_id[STORE_ID_LEN];
    int64_t person_id; /* the youth of the screening */
    int64_t om_org_id;
    int64_t prosecutor_id;
    char decided_on[DATE_LEN];
    unsigned char *victim_of_enc; /* owned */
    size_t victim_of_enc_len;
} net_victim_of_row;

void store_net_victim_of_clear(net_victim_of_row *row);
/* Decisions with a victim_of text and id > after, by id. */
SG_MUST_CHECK int store_net_victim_of_list(store_tx *tx, int64_t after, net_victim_of_row *rows,
                                           int max, int *n);

/* ---- alerts ------------------------------------------------------------ */

typedef struct net_alert_row {
    int64_t id;
    char public_id[STORE_ID_LEN];
    int64_t org_id;
    char rule_id[64];
    int64_t rules_version;
    char subject_key[STORE_HASH_LEN];
    char summary[NET_SUMMARY_LEN]; /* JSON: figures and pseudonymous ids */
    char status[STORE_CODE_LEN];
    char raised_at[CLOCK_ISO_LEN];
    int64_t handled_by;
    char handled_at[CLOCK_ISO_LEN];
} net_alert_row;

/* Inserts row; *created is false (nothing written) when the rule raised an
 * alert on this subject for the organisation before. */
SG_MUST_CHECK int store_net_alert_insert(store_tx *tx, net_alert_row *row, bool *created);
SG_MUST_CHECK int store_net_alert_find_public(store_tx *tx, const char *public_id,
                                              net_alert_row *out);
/* The alerts of org with status (NULL: any) and id > after, oldest first. */
SG_MUST_CHECK int store_net_alert_list(store_tx *tx, int64_t org_id, const char *status,
                                       int64_t after, net_alert_row *rows, int max, int *n);
SG_MUST_CHECK int store_net_alert_set_status(store_tx *tx, int64_t id, const char *status,
                                             int64_t by, const char *at);

#endif
