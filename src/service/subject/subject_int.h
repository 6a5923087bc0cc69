/* Shared by the files of service/subject/ and nothing else.  export.c (the
 * use case: scope, the child's records, the transaction and its audit
 * entries) fills sections through rows.c (a stored row as JSON, with its
 * ciphertexts opened); render.c reads only the finished copy. */
#ifndef SG_SUBJECT_INT_H
#define SG_SUBJECT_INT_H

#include "domain/subject.h"
#include "service/subject/subject.h"
#include "store/subject.h"

/* Returned by a row callback to end a kind early: its section is full. */
#define SUBJECT_FULL 1

/* One kind of record while the copy is made; owns its JSON. */
typedef struct subject_section {
    const char *kind;
    subject_by by;
    json_t *items;  /* the records, as JSON objects */
    json_t *seen;   /* ids listed already (kinds found by several keys), or NULL */
    int64_t total;  /* the access log: its entries in all */
    bool truncated; /* more records than the copy lists */
} subject_section;

/* What rows.c needs of the copy being made. */
typedef struct subject_rows {
    const app *a;
    const subject_rules *rules;
    subject_section *section; /* the kind being read */
    int max;                  /* the most records the section lists */
} subject_rows;

/* A store_subject_each callback (ctx: subject_rows): appends the row to
 * the section as JSON, ciphertexts opened, staff ids left out unless the
 * rules name staff; SUBJECT_FULL when the section is full. */
int subject_row(const char *kind, const subject_value *values, int n, void *ctx);
/* Orders the access log's items newest first and keeps the first max. */
SG_MUST_CHECK int subject_access_log_sort(subject_section *s, int max);
/* The finished section as the copy shows it (a new reference), with its
 * title, purpose and source from the rules; takes the section's items. */
json_t *subject_section_json(subject_section *s, const subject_rules *rules);

#endif
