/* Stored rows as the copy shows them (subject_int.h): every column by its
 * name, ciphertexts opened with the binding they were sealed with, JSON
 * kept as JSON.  A staff member's own id stays out unless the published
 * rules name staff. */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "service/subject/subject_int.h"

/* The value of the row's column called name, as text, or NULL. */
static const char *column_text(const subject_value *values, int n, const char *name)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(values[i].name, name) == 0 && !values[i].null)
            return values[i].text;
    return NULL;
}

/* Text as JSON: parsed when json, else a string; NULL only without memory
 * or for text that is not UTF-8 (a corrupt row). */
static json_t *text_json(const char *text, bool json)
{
    if (json) {
        json_t *v = json_loads(text, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
        if (v)
            return v;
    }
    return json_string(text);
}

static int value_json(const subject_rows *r, const subject_value *v, const subject_value *row,
                      int n, json_t **out)
{
    *out = NULL;
    if (v->null) {
        *out = json_null();
        return SG_OK;
    }
    switch (v->type) {
    case 'i':
        *out = json_integer((json_int_t)v->i);
        break;
    case 't':
    case 'j':
        *out = text_json(v->text, v->type == 'j');
        break;
    case 'e':
    case 'E': {
        const char *bound = column_text(row, n, v->bind);
        char *plain = NULL;
        if (!bound)
            return SG_EDB;
        int rc = vault_open_field(r->a->keys, v->ad, bound, v->blob, v->len, &plain);
        if (rc != SG_OK)
            return rc;
        *out = text_json(plain, v->type == 'E');
        sg_free(plain);
        break;
    }
    default:
        return SG_EINTERNAL;
    }
    return *out ? SG_OK : SG_ENOMEM;
}

int subject_row(const char *kind, const subject_value *values, int n, void *ctx)
{
    subject_rows *r = ctx;
    subject_section *s = r->section;
    (void)kind;
    if ((int)json_array_size(s->items) >= r->max) {
        s->truncated = true;
        return SUBJECT_FULL;
    }
    json_t *item = json_object();
    if (!item)
        return SG_ENOMEM;
    int rc = SG_OK;
    for (int i = 0; rc == SG_OK && i < n; i++) {
        const subject_value *v = &values[i];
        if (v->type == 'x' || (!r->rules->staff_identity && strcmp(v->name, "user_id") == 0))
            continue;
        char name[64];
        size_t len = strlen(v->name);
        if ((v->type == 'e' || v->type == 'E') && len > 4 && strcmp(v->name + len - 4, "_enc") == 0)
            len -= 4;
        if (len >= sizeof name) {
            rc = SG_EINTERNAL;
            break;
        }
        memcpy(name, v->name, len);
        name[len] = '\0';
        json_t *value = NULL;
        rc = value_json(r, v, values, n, &value);
        if (rc == SG_OK && json_object_set_new(item, name, value) != 0)
            rc = SG_ENOMEM;
    }
    const char *id = json_string_value(json_object_get(item, "id"));
    if (rc == SG_OK && s->seen && id) {
        if (json_object_get(s->seen, id)) {
            json_decref(item); /* found by another key already */
            return SG_OK;
        }
        if (json_object_set_new(s->seen, id, json_true()) != 0)
            rc = SG_ENOMEM;
    }
    if (rc == SG_OK && json_array_append_new(s->items, item) != 0)
        return SG_ENOMEM;
    if (rc != SG_OK)
        json_decref(item);
    return rc;
}

static int newest_first(const void *x, const void *y)
{
    json_int_t a = json_integer_value(json_object_get(*(json_t *const *)x, "seq"));
    json_int_t b = json_integer_value(json_object_get(*(json_t *const *)y, "seq"));
    return a < b ? 1 : a > b ? -1 : 0;
}

int subject_access_log_sort(subject_section *s, int max)
{
    size_t n = json_array_size(s->items);
    if (n < 2)
        return SG_OK;
    json_t **items = sg_calloc(n, sizeof *items);
    json_t *sorted = json_array();
    int rc = items && sorted ? SG_OK : SG_ENOMEM;
    for (size_t i = 0; rc == SG_OK && i < n; i++)
        items[i] = json_array_get(s->items, i);
    if (rc == SG_OK)
        qsort(items, n, sizeof *items, newest_first);
    for (size_t i = 0; rc == SG_OK && i < n && (int)i < max; i++)
        if (json_array_append(sorted, items[i]) != 0)
            rc = SG_ENOMEM;
    if (rc == SG_OK) {
        json_decref(s->items);
        s->items = sorted;
        sorted = NULL;
    }
    json_decref(sorted);
    sg_free(items);
    return rc;
}

json_t *subject_section_json(subject_section *s, const subject_rules *rules)
{
    const json_t *def = subject_rules_section(rules, s->kind);
    json_t *j = json_pack("{s:s, s:O?, s:O?, s:O?, s:O?, s:O, s:b}", "kind", s->kind, "nl",
                          json_object_get(def, "nl"), "en", json_object_get(def, "en"), "purpose",
                          json_object_get(def, "purpose"), "source", json_object_get(def, "source"),
                          "items", s->items, "truncated", s->truncated);
    if (j && s->by == SUBJECT_BY_PSEUDONYM)
        json_object_set_new(j, "total", json_integer((json_int_t)s->total));
    return j;
}
