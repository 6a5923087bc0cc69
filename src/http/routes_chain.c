/*
 * routes_chain.c - the chain: referrals, clocks, police screening, the OM's decision and interventions: its part of the route table.  See routes.c for the
 * shape of an entry.
 */
#include "http/server_int.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
const http_schema http_schemas_chain[] = {
    {NULL, NULL},
};

const route http_routes_chain[] = {
    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
