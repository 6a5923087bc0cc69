/*
 * wire.c - the names of the API on the wire.
 *
 * The NLGov REST API Design Rules ask for lowerCamelCase names; the use
 * cases, the field specs and the CLI's --json output speak snake_case.
 * This file is the one place that translates: keys of every JSON answer
 * on the way out, keys of every request body and the names of query
 * parameters on the way in.  A snake_case name maps to exactly one wire
 * name and back (the unit tests check this for every name in the route
 * table), so nothing else in the code needs to know.
 */
#include <stdio.h>
#include <string.h>

#include "http/wire.h"

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

bool wire_name_out(const char *name, char *out, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; name[i]; i++) {
        char c = name[i];
        if (c == '_' && i > 0 && is_lower(name[i + 1])) {
            c = (char)(name[++i] - 'a' + 'A');
        }
        if (j + 1 >= n) {
            if (n)
                out[0] = '\0';
            return false;
        }
        out[j++] = c;
    }
    if (!n)
        return false;
    out[j] = '\0';
    return true;
}

bool wire_name_in(const char *name, char *out, size_t n)
{
    size_t j = 0;
    for (size_t i = 0; name[i]; i++) {
        char c = name[i];
        bool split = is_upper(c) && i > 0 && (is_lower(name[i - 1]) || is_digit(name[i - 1]));
        if (j + (split ? 2 : 1) >= n) {
            if (n)
                out[0] = '\0';
            return false;
        }
        if (split) {
            out[j++] = '_';
            c = (char)(c - 'A' + 'a');
        }
        out[j++] = c;
    }
    if (!n)
        return false;
    out[j] = '\0';
    return true;
}

bool wire_name_is_snake(const char *name)
{
    for (const char *p = name; *p; p++)
        if (*p == '_' && p != name && is_lower(p[1]))
            return true;
    return false;
}

/* True when some key of v (at any depth) has another wire name. */
static bool needs_out(json_t *v)
{
    const char *key;
    json_t *member;
    size_t i;
    if (json_is_object(v)) {
        json_object_foreach(v, key, member)
        {
            if (wire_name_is_snake(key) || needs_out(member))
                return true;
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, member)
        {
            if (needs_out(member))
                return true;
        }
    }
    return false;
}

static json_t *rename_keys(json_t *v, bool out_bound)
{
    if (json_is_array(v)) {
        json_t *arr = json_array();
        size_t i;
        json_t *member;
        json_array_foreach(v, i, member)
        {
            if (!arr || json_array_append_new(arr, rename_keys(member, out_bound)) != 0) {
                json_decref(arr);
                return NULL;
            }
        }
        return arr;
    }
    if (!json_is_object(v))
        return json_incref(v);
    json_t *obj = json_object();
    const char *key;
    json_t *member;
    json_object_foreach(v, key, member)
    {
        char name[256];
        bool ok = out_bound ? wire_name_out(key, name, sizeof name)
                            : wire_name_in(key, name, sizeof name);
        json_t *renamed = rename_keys(member, out_bound);
        if (!obj || !renamed || json_object_set_new(obj, ok ? name : key, renamed) != 0) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

json_t *wire_out(json_t *v)
{
    if (!needs_out(v))
        return json_incref(v);
    return rename_keys(v, true);
}

/* Keys that are snake_case on the wire are not fields of any request:
 * name each (with its path, as invalidParams does). */
static void refuse_snake(json_t *v, const char *prefix, json_t *problems)
{
    const char *key;
    json_t *member;
    size_t i;
    char name[200];
    if (json_is_object(v)) {
        json_object_foreach(v, key, member)
        {
            snprintf(name, sizeof name, "%s%s%s", prefix, *prefix ? "." : "", key);
            if (wire_name_is_snake(key))
                json_array_append_new(problems, json_pack("{s:s, s:s}", "name", name, "reason",
                                                          "is not a field of this request"));
            else
                refuse_snake(member, name, problems);
        }
    } else if (json_is_array(v)) {
        json_array_foreach(v, i, member)
        {
            snprintf(name, sizeof name, "%s[%zu]", prefix, i);
            refuse_snake(member, name, problems);
        }
    }
}

json_t *wire_in(json_t *v, json_t **problems)
{
    *problems = json_array();
    if (!*problems)
        return NULL;
    refuse_snake(v, "", *problems);
    if (json_array_size(*problems) > 0)
        return NULL;
    json_decref(*problems);
    *problems = NULL;
    return rename_keys(v, false);
}

void wire_problem_names(json_t *problem)
{
    json_t *params = json_object_get(problem, "invalidParams");
    size_t i;
    json_t *p;
    json_array_foreach(params, i, p)
    {
        const char *name = json_string_value(json_object_get(p, "name"));
        char wire[256];
        if (name && wire_name_out(name, wire, sizeof wire))
            json_object_set_new(p, "name", json_string(wire));
    }
}
