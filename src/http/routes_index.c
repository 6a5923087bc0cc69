/*
 * routes_index.c - the reference index: registrations of concern and their matches: its part of the route table.  See routes.c for the
 * shape of an entry.
 */
#include "http/server_int.h"

/* The tables below are laid out by hand for reading. */
// clang-format off
const http_schema http_schemas_index[] = {
    {NULL, NULL},
};

const route http_routes_index[] = {
    {NULL, NULL, NULL, ACCESS_PUBLIC, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, false},
};
// clang-format on
