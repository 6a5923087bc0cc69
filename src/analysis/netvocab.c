/* The words of the network (see netvocab.h). */
#include "analysis/netvocab.h"

#include <ctype.h>
#include <string.h>

#include "base/text.h"

static const char *const kinds[NK_COUNT] = {
    [NK_PERSON] = "person",   [NK_PHONE] = "phone",      [NK_ADDRESS] = "address",
    [NK_VEHICLE] = "vehicle", [NK_PLACE] = "place",      [NK_ACCOUNT] = "account",
    [NK_GROUP] = "group",     [NK_NICKNAME] = "nickname"};

static const struct {
    const char *code;
    bool directed;
    bool chain;
} rels[NR_COUNT] = {
    [NR_RECRUITED_BY] = {"recruited_by", true, true},
    [NR_EXPLOITED_BY] = {"exploited_by", true, true},
    [NR_ASSOCIATES_WITH] = {"associates_with", false, false},
    [NR_CO_OFFENDED_WITH] = {"co_offended_with", false, false},
    [NR_SIBLING_OF] = {"sibling_of", false, false},
    [NR_USES_PHONE] = {"uses_phone", true, false},
    [NR_LIVES_AT] = {"lives_at", true, false},
    [NR_SEEN_AT] = {"seen_at", true, false},
    [NR_MEMBER_OF] = {"member_of", true, false},
};

static const char *const confs[NC_COUNT] = {
    [NC_CONFIRMED] = "confirmed", [NC_PROBABLE] = "probable", [NC_UNVERIFIED] = "unverified"};

static int parse(const char *const *codes, int count, const char *code, int *out)
{
    for (int i = 0; code && i < count; i++) {
        if (strcmp(code, codes[i]) == 0) {
            *out = i;
            return SG_OK;
        }
    }
    return SG_EINVAL;
}

const char *net_kind_code(net_kind k)
{
    return (unsigned)k < NK_COUNT ? kinds[k] : "";
}

int net_kind_parse(const char *code, net_kind *out)
{
    int i = 0;
    int rc = parse(kinds, NK_COUNT, code, &i);
    *out = (net_kind)i;
    return rc;
}

bool net_kind_is_personal(net_kind k)
{
    return k == NK_PERSON || k == NK_NICKNAME;
}

const char *net_rel_code(net_rel r)
{
    return (unsigned)r < NR_COUNT ? rels[r].code : "";
}

int net_rel_parse(const char *code, net_rel *out)
{
    for (int i = 0; code && i < NR_COUNT; i++) {
        if (strcmp(code, rels[i].code) == 0) {
            *out = (net_rel)i;
            return SG_OK;
        }
    }
    return SG_EINVAL;
}

bool net_rel_directed(net_rel r)
{
    return (unsigned)r < NR_COUNT && rels[r].directed;
}

bool net_rel_is_chain(net_rel r)
{
    return (unsigned)r < NR_COUNT && rels[r].chain;
}

const char *net_conf_code(net_conf c)
{
    return (unsigned)c < NC_COUNT ? confs[c] : "";
}

int net_conf_parse(const char *code, net_conf *out)
{
    int i = 0;
    int rc = parse(confs, NC_COUNT, code, &i);
    *out = (net_conf)i;
    return rc;
}

bool net_rel_fits(net_rel r, net_kind from, net_kind to, const char **why)
{
    bool fits = false;
    bool personal = net_kind_is_personal(from);
    switch (r) {
    case NR_RECRUITED_BY:
    case NR_EXPLOITED_BY:
    case NR_CO_OFFENDED_WITH:
    case NR_SIBLING_OF:
        fits = personal && net_kind_is_personal(to);
        *why = "joins two persons (a person id or ext:nickname:...)";
        break;
    case NR_ASSOCIATES_WITH:
        fits = personal || net_kind_is_personal(to);
        *why = "joins a person to a person or to another entity";
        break;
    case NR_USES_PHONE:
        fits = (personal || from == NK_ACCOUNT) && to == NK_PHONE;
        *why = "joins a person or account to a phone (ext:phone:...)";
        break;
    case NR_LIVES_AT:
        fits = personal && to == NK_ADDRESS;
        *why = "joins a person to an address (ext:address:...)";
        break;
    case NR_SEEN_AT:
        fits = (personal || from == NK_VEHICLE) && (to == NK_PLACE || to == NK_ADDRESS);
        *why = "joins a person or vehicle to a place or address";
        break;
    case NR_MEMBER_OF:
        fits = (personal || from == NK_ACCOUNT) && to == NK_GROUP;
        *why = "joins a person or account to a group (ext:group:...)";
        break;
    case NR_COUNT:
        *why = "not a relation type";
        break;
    }
    return fits;
}

/* Copies in with runs of white space made one space and the ends trimmed,
 * lower-casing ASCII letters when lower. */
static size_t collapse(const char *in, char *out, size_t n, bool lower)
{
    size_t len = 0;
    bool space = false;
    for (const char *p = in; *p && len + 1 < n; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = len > 0;
            continue;
        }
        if (space && len + 2 < n)
            out[len++] = ' ';
        space = false;
        out[len++] = (char)(lower && c < 0x80 ? tolower(c) : c);
    }
    out[len] = '\0';
    return len;
}

int net_key_normalise(net_kind k, const char *in, char *out, size_t n, const char **why)
{
    *why = NULL;
    if (!in || !text_is_clean_utf8(in, strlen(in))) {
        *why = "the key must be text";
        return SG_EINVAL;
    }
    if (text_utf8_length(in) > NET_KEY_MAX) {
        *why = "the key has at most 200 characters";
        return SG_EINVAL;
    }
    size_t len = 0;
    if (k == NK_PHONE) {
        for (const char *p = in; *p && len + 1 < n; p++) {
            if (*p >= '0' && *p <= '9')
                out[len++] = *p;
            else if (*p == '+' && len == 0)
                out[len++] = '+';
            else if (!strchr(" -().", *p)) {
                *why = "a phone number has digits, an optional leading + and separators";
                return SG_EINVAL;
            }
        }
        out[len] = '\0';
        size_t digits = len - (out[0] == '+');
        if (digits < 6 || digits > 15) {
            *why = "a phone number has 6 to 15 digits";
            return SG_EINVAL;
        }
        return SG_OK;
    }
    if (k == NK_VEHICLE) {
        for (const char *p = in; *p && len + 1 < n; p++) {
            unsigned char c = (unsigned char)*p;
            if (isalnum(c) && c < 0x80)
                out[len++] = (char)toupper(c);
            else if (!strchr(" -.", *p)) {
                *why = "a number plate has letters and digits";
                return SG_EINVAL;
            }
        }
        out[len] = '\0';
    } else if (k == NK_PERSON || k >= NK_COUNT) {
        *why = "not an entity kind";
        return SG_EINVAL;
    } else {
        len = collapse(in, out, n, k == NK_ACCOUNT || k == NK_NICKNAME || k == NK_ADDRESS);
    }
    if (len == 0) {
        *why = "the key is empty";
        return SG_EINVAL;
    }
    return SG_OK;
}
