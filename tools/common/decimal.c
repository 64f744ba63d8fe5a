/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
#include "decimal.h"

#include <string.h>

/* Two digits at a time halves the divisions. */
static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

void tools_put_2digits(char *p, unsigned v)
{
    p[0] = digit_pairs[2 * v];
    p[1] = digit_pairs[2 * v + 1];
}

char *tools_put_u64(char *p, uint64_t v)
{
    char tmp[20];
    int n = 20;
    while (v >= 100) {
        n -= 2;
        tools_put_2digits(tmp + n, (unsigned)(v % 100));
        v /= 100;
    }
    if (v >= 10) {
        n -= 2;
        tools_put_2digits(tmp + n, (unsigned)v);
    } else {
        tmp[--n] = (char)('0' + v);
    }
    memcpy(p, tmp + n, (size_t)(20 - n));
    return p + (20 - n);
}

char *tools_put_u8(char *p, unsigned v)
{
    if (v >= 100) {
        *p++ = (char)('0' + v / 100);
        v %= 100;
        tools_put_2digits(p, v);
        return p + 2;
    }
    if (v >= 10) {
        tools_put_2digits(p, v);
        return p + 2;
    }
    *p++ = (char)('0' + v);
    return p;
}
