/*
 * fields.h - declarative shapes of JSON bodies.
 *
 * A field_spec list describes a JSON object: its fields, their types,
 * which are required, their limits and allowed values.  The same list
 * validates request bodies (unknown fields refused, every fault named in
 * invalidParams) and becomes the object's schema in the OpenAPI document,
 * so the two cannot drift apart.
 */
#ifndef SG_FIELDS_H
#define SG_FIELDS_H

#include <jansson.h>
#include <stdbool.h>

typedef enum field_type {
    FT_END = 0, /* terminates a list */
    FT_STRING,
    FT_INTEGER,
    FT_BOOLEAN,
    FT_OBJECT, /* with fields */
    FT_ARRAY,  /* of item (a one-field spec naming the item type) */
} field_type;

enum field_flags {
    F_REQUIRED = 1u << 0,
    F_NULLABLE = 1u << 1,
    F_READONLY = 1u << 2,    /* appears in responses only */
    F_STRING_ITEM = 1u << 3, /* array items may be strings standing for {first field: s} */
    F_OPEN = 1u << 4,        /* an object of free keys; with fields, each value is such an object */
};

typedef struct field_spec {
    const char *name;
    field_type type;
    unsigned flags;
    const char *format;              /* "date", "date-time", "uuid", "password", ... */
    int min;                         /* strings: characters; arrays: items; integers: value */
    int max;                         /* 0: no limit */
    const char *const *values;       /* allowed strings, NULL-terminated */
    const struct field_spec *fields; /* FT_OBJECT: its fields; FT_ARRAY: the item spec */
    const char *description;
} field_spec;

/* Validates body against the object fields spec.  Returns true when valid;
 * otherwise *problems is a new array of {"name", "reason"} (caller frees). */
bool fields_validate(const field_spec *spec, json_t *body, json_t **problems);

/* The JSON schema of an object with these fields (new reference). */
json_t *fields_schema(const field_spec *spec, bool for_request);

#endif
