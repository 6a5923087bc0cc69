/* Shared by the files of the learning module in domain/ (learning.c,
 * learning_docs.c) and nothing else: small checks of the JSON shapes the
 * learning documents are made of. */
#ifndef SG_LEARNING_INT_H
#define SG_LEARNING_INT_H

#include "domain/learning.h"

/* Parses text as a JSON object (duplicate keys refused) with an integer
 * "version" of at least 1; *doc is a new reference. */
int lj_load(const char *text, size_t len, json_t **doc, int *version, char *why, size_t n);
/* Writes the message into why and returns SG_EINVAL. */
int lj_fail(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The non-blank string member key of o, or NULL. */
const char *lj_str(const json_t *o, const char *key);
/* True when member key of o is {"nl": text, "en": text}, both non-blank. */
bool lj_lang(const json_t *o, const char *key);
/* True when member key of o is a text for both languages alike (a
 * citation, an address) or {"nl", "en"}: a source or a recognition. */
bool lj_text(const json_t *o, const char *key);
/* True when member key of o is {"nl": [text, ...], "en": [text, ...]},
 * each list non-empty and every text non-blank. */
bool lj_paragraphs(const json_t *o, const char *key);
/* True when s is an id: 1..LEARNING_ID_MAX characters of [a-z0-9._-]. */
bool lj_id(const char *s);
/* The catalogue's row for code, or NULL. */
const indicator_row *lj_indicator(const catalogue *cat, const char *code);

#endif
