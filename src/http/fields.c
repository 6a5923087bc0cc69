#include "http/fields.h"

#include <stdio.h>
#include <string.h>

#include "base/clock.h"
#include "base/text.h"
#include "http/wire.h"
#include "security/token.h"

/* Adds a problem.  Names are built with snprintf into fixed buffers, which
 * may cut a long key inside a character: the name is cut before it, since
 * JSON cannot carry the rest.  A problem is never lost, or the body would
 * pass for valid: without room for its entry, a null stands for it. */
static void problem(json_t *problems, const char *name, const char *reason)
{
    char shown[256];
    text_copy(shown, sizeof shown, name);
    text_trim_utf8(shown);
    json_t *p = json_pack("{s:s, s:s}", "name", shown, "reason", reason);
    json_array_append_new(problems, p ? p : json_null());
}

static bool in_values(const char *const *values, const char *v)
{
    for (int i = 0; values[i]; i++)
        if (strcmp(values[i], v) == 0)
            return true;
    return false;
}

static void values_text(const char *const *values, char *out, size_t n)
{
    size_t used = (size_t)snprintf(out, n, "one of");
    for (int i = 0; values[i] && used < n; i++)
        used += (size_t)snprintf(out + used, n - used, "%s %s", i ? "," : "", values[i]);
}

static void check_object(const field_spec *spec, json_t *obj, const char *prefix, json_t *problems);

/* "must be 1 to 10 characters long", "must be at least 1 ..." (max 0: no limit). */
static void range_text(char *out, size_t n, const char *verb, int min, int max, const char *unit)
{
    if (max)
        snprintf(out, n, "%s %d to %d%s%s", verb, min, max, *unit ? " " : "", unit);
    else
        snprintf(out, n, "%s at least %d%s%s", verb, min, *unit ? " " : "", unit);
}

static void check_value(const field_spec *f, json_t *v, const char *name, json_t *problems)
{
    char reason[256];
    if (json_is_null(v)) {
        if (!(f->flags & F_NULLABLE))
            problem(problems, name, "must not be null");
        return;
    }
    switch (f->type) {
    case FT_STRING: {
        if (!json_is_string(v)) {
            problem(problems, name, "must be a string");
            return;
        }
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        size_t chars = text_utf8_length(s);
        if (strlen(s) != len || !text_is_clean_utf8(s, len)) {
            problem(problems, name, "must not contain control characters");
        } else if (text_has_invisible(s)) {
            problem(problems, name,
                    "must not contain invisible formatting characters (such as a right-to-left"
                    " override or a zero-width space)");
        } else if (f->values && !in_values(f->values, s)) {
            values_text(f->values, reason, sizeof reason);
            problem(problems, name, reason);
        } else if ((f->min && chars < (size_t)f->min) || (f->max && chars > (size_t)f->max)) {
            range_text(reason, sizeof reason, "must be", f->min, f->max, "characters long");
            problem(problems, name, reason);
        } else if (f->format && strcmp(f->format, "date") == 0) {
            date d;
            if (date_parse(s, &d) != SG_OK)
                problem(problems, name, "must be a real date as YYYY-MM-DD");
        } else if (f->format && strcmp(f->format, "uuid") == 0 && !token_is_uuid(s)) {
            problem(problems, name, "must be an id (a UUID)");
        }
        return;
    }
    case FT_INTEGER:
        if (!json_is_integer(v)) {
            problem(problems, name, "must be an integer");
        } else if ((f->min || f->max)
                   && (json_integer_value(v) < f->min
                       || (f->max && json_integer_value(v) > f->max))) {
            if (f->max)
                snprintf(reason, sizeof reason, "must be from %d to %d", f->min, f->max);
            else
                snprintf(reason, sizeof reason, "must be at least %d", f->min);
            problem(problems, name, reason);
        }
        return;
    case FT_BOOLEAN:
        if (!json_is_boolean(v))
            problem(problems, name, "must be true or false");
        return;
    case FT_OBJECT:
        if (!json_is_object(v)) {
            problem(problems, name, "must be an object");
        } else if (f->flags & F_OPEN) {
            /* A map: any key, each value an object of the given fields. */
            const char *key;
            json_t *member;
            json_object_foreach(v, key, member)
            {
                char member_name[200];
                snprintf(member_name, sizeof member_name, "%s.%s", name, key);
                if (!f->fields)
                    continue;
                if (!json_is_object(member))
                    problem(problems, member_name, "must be an object");
                else
                    check_object(f->fields, member, member_name, problems);
            }
        } else {
            check_object(f->fields, v, name, problems);
        }
        return;
    case FT_ARRAY: {
        if (!json_is_array(v)) {
            problem(problems, name, "must be an array");
            return;
        }
        size_t n = json_array_size(v);
        if ((f->min && n < (size_t)f->min) || (f->max && n > (size_t)f->max)) {
            range_text(reason, sizeof reason, "must hold", f->min, f->max, "items");
            problem(problems, name, reason);
            return;
        }
        for (size_t i = 0; i < n; i++) {
            char item_name[160];
            json_t *item = json_array_get(v, i);
            snprintf(item_name, sizeof item_name, "%s[%zu]", name, i);
            const field_spec *it = f->fields;
            if ((f->flags & F_STRING_ITEM) && json_is_string(item) && it->type == FT_OBJECT)
                check_value(&it->fields[0], item, item_name, problems);
            else
                check_value(it, item, item_name, problems);
        }
        return;
    }
    case FT_END:
        return;
    }
}

static void check_object(const field_spec *spec, json_t *obj, const char *prefix, json_t *problems)
{
    char name[160];
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        const field_spec *f = spec;
        while (f->type != FT_END && (strcmp(f->name, key) != 0 || (f->flags & F_READONLY)))
            f++;
        snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", key);
        if (f->type == FT_END)
            problem(problems, name, "is not a field of this request");
        else
            check_value(f, v, name, problems);
    }
    for (const field_spec *f = spec; f->type != FT_END; f++) {
        if ((f->flags & F_REQUIRED) && !(f->flags & F_READONLY) && !json_object_get(obj, f->name)) {
            snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", f->name);
            problem(problems, name, "is required");
        }
    }
}

bool fields_validate(const field_spec *spec, json_t *body, json_t **problems)
{
    *problems = json_array();
    if (!*problems)
        return false; /* no memory to say what is wrong: refused all the same */
    if (!json_is_object(body))
        problem(*problems, "body", "must be a JSON object");
    else
        check_object(spec, body, "", *problems);
    if (json_array_size(*problems) == 0) {
        json_decref(*problems);
        *problems = NULL;
        return true;
    }
    return false;
}

static json_t *value_schema(const field_spec *f, bool for_request)
{
    static const char *const type_names[] = {"", "string", "integer", "boolean", "object", "array"};
    json_t *s;
    if (f->type == FT_OBJECT && (f->flags & F_OPEN))
        s = json_pack("{s:s, s:o}", "type", "object", "additionalProperties",
                      f->fields ? fields_schema(f->fields, for_request) : json_true());
    else if (f->type == FT_OBJECT)
        s = fields_schema(f->fields, for_request);
    else
        s = json_pack("{s:s}", "type", type_names[f->type]);
    if (!s)
        return NULL;
    if (f->description)
        json_object_set_new(s, "description", json_string(f->description));
    if (f->format)
        json_object_set_new(s, "format", json_string(f->format));
    if (f->values) {
        json_t *e = json_array();
        for (int i = 0; f->values[i]; i++)
            json_array_append_new(e, json_string(f->values[i]));
        json_object_set_new(s, "enum", e);
    }
    if (f->type == FT_STRING && f->min)
        json_object_set_new(s, "minLength", json_integer(f->min));
    if (f->type == FT_STRING && f->max)
        json_object_set_new(s, "maxLength", json_integer(f->max));
    if (f->type == FT_INTEGER && (f->min || f->max)) {
        json_object_set_new(s, "minimum", json_integer(f->min));
        if (f->max)
            json_object_set_new(s, "maximum", json_integer(f->max));
    }
    if (f->type == FT_ARRAY) {
        json_t *items = value_schema(f->fields, for_request);
        if ((f->flags & F_STRING_ITEM) && items)
            items = json_pack("{s:[o, {s:s}]}", "oneOf", items, "type", "string");
        json_object_set_new(s, "items", items ? items : json_object());
        if (f->min)
            json_object_set_new(s, "minItems", json_integer(f->min));
        if (f->max)
            json_object_set_new(s, "maxItems", json_integer(f->max));
    }
    if (f->flags & F_NULLABLE)
        json_object_set_new(s, "nullable", json_true());
    if (f->flags & F_READONLY)
        json_object_set_new(s, "readOnly", json_true());
    return s;
}

json_t *fields_schema(const field_spec *spec, bool for_request)
{
    json_t *props = json_object();
    json_t *required = json_array();
    for (const field_spec *f = spec; f && f->type != FT_END; f++) {
        if (for_request && (f->flags & F_READONLY))
            continue;
        char name[128];
        if (!wire_name_out(f->name, name, sizeof name))
            continue;
        json_object_set_new(props, name, value_schema(f, for_request));
        if ((f->flags & F_REQUIRED) && !(for_request && (f->flags & F_READONLY)))
            json_array_append_new(required, json_string(name));
    }
    json_t *schema = json_pack("{s:s, s:o, s:b}", "type", "object", "properties", props,
                               "additionalProperties", false);
    if (schema && json_array_size(required) > 0)
        json_object_set(schema, "required", required);
    json_decref(required);
    return schema;
}
