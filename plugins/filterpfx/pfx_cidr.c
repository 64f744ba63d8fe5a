/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * IPv4 prefix parsing. Written by hand rather than with inet_aton or
 * sscanf("%i"): those accept "10" as 0.0.0.10, octal "010" and hex
 * "0x0a", which in a filter list silently means something else than the
 * author meant (v2 parsed anon's prefix key with %i).
 */
#include <stdio.h>

#include "pfx_cidr.h"

static void say(char *why, size_t why_len, const char *msg)
{
    if (why != NULL && why_len > 0)
        snprintf(why, why_len, "%s", msg);
}

/* Reads a decimal number of 1-3 digits without a leading zero, at most
 * @p max. @return the number of characters used, or 0 if there is none */
static int read_number(const char *p, unsigned max, unsigned *value)
{
    unsigned v = 0;
    int n = 0;
    while (p[n] >= '0' && p[n] <= '9') {
        if (n == 3)
            return 0;
        v = v * 10 + (unsigned)(p[n] - '0');
        n++;
    }
    if (n == 0 || (n > 1 && p[0] == '0') || v > max)
        return 0;
    *value = v;
    return n;
}

int pfx_cidr_parse(const char *text, pfx_cidr_t *out, char *why, size_t why_len)
{
    const char *p = text;
    uint32_t addr = 0;
    unsigned v, len = 32;
    int n;

    for (int i = 0; i < 4; i++) {
        if (i > 0) {
            if (*p != '.') {
                say(why, why_len, "an address has four dot-separated octets");
                return -1;
            }
            p++;
        }
        n = read_number(p, 255, &v);
        if (n == 0) {
            say(why, why_len, "each octet is a decimal number 0-255 without "
                              "leading zeros");
            return -1;
        }
        addr = (addr << 8) | v;
        p += n;
    }
    if (*p == '/') {
        p++;
        n = read_number(p, 32, &len);
        if (n == 0) {
            say(why, why_len, "the prefix length after '/' is a decimal "
                              "number 0-32");
            return -1;
        }
        p += n;
    }
    if (*p != '\0') {
        say(why, why_len, "unexpected text after the prefix (IPv4 a.b.c.d/len "
                          "only)");
        return -1;
    }
    out->addr = addr & pfx_mask(len);
    out->len = (uint8_t)len;
    out->host_bits = out->addr != addr;
    return 0;
}
