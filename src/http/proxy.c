/* The client's address behind a trusted reverse proxy (X-Forwarded-For). */
#include "http/http.h"

#include <arpa/inet.h>
#include <string.h>

#include "base/text.h"

/* True when text (of len bytes) is an IPv4 or IPv6 address. */
static bool is_address(const char *text, size_t len)
{
    char tmp[INET6_ADDRSTRLEN];
    unsigned char bin[sizeof(struct in6_addr)];
    if (len == 0 || len >= sizeof tmp)
        return false;
    memcpy(tmp, text, len);
    tmp[len] = '\0';
    return inet_pton(AF_INET, tmp, bin) == 1 || inet_pton(AF_INET6, tmp, bin) == 1;
}

/* True when peer is one of the comma-separated addresses of list. */
static bool listed(const char *list, const char *peer)
{
    size_t want = strlen(peer);
    for (const char *p = list; p && *p;) {
        p += strspn(p, " ");
        size_t len = strcspn(p, ",");
        size_t end = len;
        while (end > 0 && p[end - 1] == ' ')
            end--;
        if (end == want && memcmp(p, peer, want) == 0)
            return true;
        p = p[len] == ',' ? p + len + 1 : NULL;
    }
    return false;
}

bool http_forwarded_client(const char *peer, const char *trusted, const char *forwarded, char *out,
                           size_t n)
{
    if (!trusted || !forwarded || !listed(trusted, peer))
        return false;
    /* The proxy appends the address it saw: the last entry is the only one
     * it vouches for; those before it came from the client. */
    const char *last = strrchr(forwarded, ',');
    last = last ? last + 1 : forwarded;
    last += strspn(last, " \t");
    size_t len = strcspn(last, " \t");
    if (last[len + strspn(last + len, " \t")] != '\0' || !is_address(last, len) || len >= n)
        return false;
    memcpy(out, last, len);
    out[len] = '\0';
    return true;
}

bool http_proxy_list_valid(const char *list)
{
    if (!list || !*list)
        return false;
    for (const char *p = list; p;) {
        p += strspn(p, " ");
        size_t len = strcspn(p, ",");
        size_t end = len;
        while (end > 0 && p[end - 1] == ' ')
            end--;
        if (!is_address(p, end))
            return false;
        p = p[len] == ',' ? p + len + 1 : NULL;
    }
    return true;
}
