/*
 * cidrfilter: an example Corsaro filter plugin. GPL-3.0-or-later.
 */
/* IPv4 prefix parsing and matching (cidr.h). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "cidr.h"

/* LEN: 1-2 decimal digits, 0..32, nothing after. */
static int parse_len(const char *s, uint8_t *len)
{
    unsigned v = 0;
    size_t n = strlen(s);
    if (n == 0 || n > 2)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(s[i] - '0');
    }
    if (v > 32)
        return -1;
    *len = (uint8_t)v;
    return 0;
}

int cidr_parse(const char *text, cidr_t *out, char *why, size_t why_len)
{
    char addr[INET_ADDRSTRLEN];
    const char *slash = strchr(text, '/');
    size_t alen = slash != NULL ? (size_t)(slash - text) : strlen(text);
    struct in_addr in;
    uint8_t len = 32;

    if (alen == 0 || alen >= sizeof(addr)) {
        snprintf(why, why_len, "expected A.B.C.D/LEN");
        return -1;
    }
    memcpy(addr, text, alen);
    addr[alen] = '\0';
    if (inet_pton(AF_INET, addr, &in) != 1) {
        snprintf(why, why_len, "'%s' is not an IPv4 address (expected A.B.C.D/LEN)",
                 addr);
        return -1;
    }
    if (slash != NULL && parse_len(slash + 1, &len) != 0) {
        snprintf(why, why_len, "the prefix length '%s' is not 0 to 32", slash + 1);
        return -1;
    }
    /* a shift by 32 is undefined in C: /0 is spelled out */
    uint32_t mask = len == 0 ? 0 : UINT32_MAX << (32 - len);
    uint32_t host = ntohl(in.s_addr);
    if ((host & ~mask) != 0) {
        struct in_addr net = {htonl(host & mask)};
        char fixed[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &net, fixed, sizeof(fixed));
        snprintf(why, why_len, "host bits are set after /%u (did you mean %s/%u?)",
                 len, fixed, len);
        return -1;
    }
    out->network = host;
    out->mask = mask;
    out->len = len;
    return 0;
}

int cidr_list_contains(const cidr_t *list, size_t cnt, uint32_t addr)
{
    for (size_t i = 0; i < cnt; i++)
        if ((addr & list[i].mask) == list[i].network)
            return 1;
    return 0;
}
