/*
 * netvocab.h - the words of the network: kinds of entity, types of
 * relation, confidences, and which relation may join which kinds.
 *
 * Pure rules, no I/O: the codes used on the wire, in the database and in
 * CSV imports, whether a relation type has a direction, whether it forms
 * a recruitment chain, and how an entity's key is written in one way only
 * (so "06-1234 5678" and "0612345678" are the same phone).
 */
#ifndef SG_NETVOCAB_H
#define SG_NETVOCAB_H

#include <stdbool.h>
#include <stddef.h>

#include "base/status.h"

typedef enum net_kind {
    NK_PERSON, /* a person signaal holds (persons table) */
    NK_PHONE,
    NK_ADDRESS,
    NK_VEHICLE,
    NK_PLACE, /* a school, station, hotspot */
    NK_ACCOUNT,
    NK_GROUP,
    NK_NICKNAME, /* an unidentified person known by a nickname */
    NK_COUNT
} net_kind;

typedef enum net_rel {
    NR_RECRUITED_BY, /* "A recruited_by B": B recruited A */
    NR_EXPLOITED_BY, /* "A exploited_by B": B directed or exploited A */
    NR_ASSOCIATES_WITH,
    NR_CO_OFFENDED_WITH,
    NR_SIBLING_OF,
    NR_USES_PHONE,
    NR_LIVES_AT,
    NR_SEEN_AT,
    NR_MEMBER_OF,
    NR_COUNT
} net_rel;

typedef enum net_conf { NC_CONFIRMED, NC_PROBABLE, NC_UNVERIFIED, NC_COUNT } net_conf;

#define NET_KEY_MAX 200 /* characters of an entity's key */

const char *net_kind_code(net_kind k);
SG_MUST_CHECK int net_kind_parse(const char *code, net_kind *out);
/* A person or an unidentified person: who can recruit or be recruited. */
bool net_kind_is_personal(net_kind k);

const char *net_rel_code(net_rel r);
SG_MUST_CHECK int net_rel_parse(const char *code, net_rel *out);
/* Whether "A r B" differs from "B r A". */
bool net_rel_directed(net_rel r);
/* recruited_by and exploited_by: the relations recruitment chains follow. */
bool net_rel_is_chain(net_rel r);

const char *net_conf_code(net_conf c);
SG_MUST_CHECK int net_conf_parse(const char *code, net_conf *out);

/* Whether r may join an entity of kind from to one of kind to; when not,
 * *why (static English) says what fits. */
bool net_rel_fits(net_rel r, net_kind from, net_kind to, const char **why);

/* Writes the one spelling of an entity's key into out (n bytes): phone
 * numbers as digits (a leading + kept), plates in capitals without
 * separators, other keys with white space collapsed and, for accounts and
 * nicknames, in lower case.  SG_EINVAL with *why when it is empty, too
 * long, not clean UTF-8 or not a key of that kind. */
SG_MUST_CHECK int net_key_normalise(net_kind k, const char *in, char *out, size_t n,
                                    const char **why);

#endif
