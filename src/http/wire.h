/*
 * wire.h - names on the wire: lowerCamelCase for the API, snake_case inside.
 *
 * The use cases, field specs, query parameter specs and the CLI's --json
 * output name things in snake_case ("person_id"); the HTTP API, following
 * the NLGov REST API Design Rules, names them in lowerCamelCase
 * ("personId").  http/ translates here and nowhere else: answers on the
 * way out (wire_out), request bodies and query names on the way in
 * (wire_in, wire_name_out for a lookup).  Values are never touched: codes
 * on the wire are kebab-case already.
 */
#ifndef SG_WIRE_H
#define SG_WIRE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* "person_id" -> "personId" into out of size n; false (out "") when it
 * does not fit.  Names without an underscore are copied as they are. */
bool wire_name_out(const char *name, char *out, size_t n);
/* "personId" -> "person_id"; the inverse of wire_name_out. */
bool wire_name_in(const char *name, char *out, size_t n);
/* True when name has the snake_case form that the wire never uses. */
bool wire_name_is_snake(const char *name);

/* A copy of v with every object key, at any depth, in its wire name (a
 * new reference; v itself, with a new reference, when nothing changes).
 * NULL when memory ran out. */
json_t *wire_out(json_t *v);
/* A copy of a request body v with every key in its internal name (new
 * reference).  A key written in snake_case is not a wire name: then NULL
 * and *problems is a new array of {"name", "reason"} naming each such key
 * (NULL also, with *problems NULL, when memory ran out). */
json_t *wire_in(json_t *v, json_t **problems);
/* Renames, in place, the "name" of each entry of a problem's
 * invalidParams to its wire name. */
void wire_problem_names(json_t *problem);

#endif
