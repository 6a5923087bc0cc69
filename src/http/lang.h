/*
 * lang.h - the reader's language for the API's problem details.
 *
 * Use cases and handlers say why they refuse in English (svc_error's
 * reason, res_problem's title and detail).  Before a problem leaves the
 * server, it is put in the language the caller asked for with
 * Accept-Language: Dutch (the default, also without the header) or
 * English.  The Dutch texts live in one table (messages.c) keyed by the
 * English text; an English text with "%s" in the table stands for every
 * text made from it, so "row %s: %s" covers "row 3: not a relation type",
 * and the parts in place of "%s" are put in Dutch too when the table knows
 * them.  Only the texts change: "type", "status" and the names in
 * "invalidParams" stay as they are, for programs.
 *
 * This module owns the table and the choice of language; it never changes
 * what a problem says, only the words, and it holds no state.
 */
#ifndef SG_HTTP_LANG_H
#define SG_HTTP_LANG_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum http_lang { LANG_NL = 0, LANG_EN = 1 } http_lang;

/* One entry of the table: an English text and its Dutch.  "%s" in en
 * stands for any non-empty part; in nl, "%s" takes the parts in order and
 * "%1$s" ... "%9$s" a part by its place. */
typedef struct http_message {
    const char *en;
    const char *nl;
} http_message;

/* The table, in parts (messages.c, messages_ops.c, messages_rules.c), each
 * ended by an entry with en NULL; http_message_tables lists them,
 * NULL-terminated. */
extern const http_message http_messages_api[], http_messages_ops[], http_messages_rules[];
extern const http_message *const http_message_tables[];

/* The language for an Accept-Language header value (NULL: absent): the
 * one of nl and en the caller prefers most (by q-value, then by order),
 * Dutch when it names neither. */
http_lang http_lang_pick(const char *accept_language);
/* "nl" or "en". */
const char *http_lang_code(http_lang lang);

/* The Dutch of an English text into out (size n), and true; false (out
 * holding a copy of en) when the table has no entry for it. */
bool http_text_nl(const char *en, char *out, size_t n);

/* Puts the texts of a problem (title, detail, and the reason of each
 * entry of invalidParams and of an import's rejected rows) in lang, in
 * place.  A Dutch problem never keeps an English text:
 * one the table lacks becomes a general Dutch text for its status, and is
 * logged so that it can be added. */
void http_problem_translate(json_t *problem, http_lang lang);

#endif
