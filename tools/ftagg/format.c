/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file format.c
 * @brief Row formatting and the buffered writer (see format.h).
 *
 * Rows are formatted by hand rather than with printf: a day's aggregate
 * can be tens of millions of rows, and printf's format parsing would
 * then cost more than reading the input.
 */
#include "format.h"
#include "../common/decimal.h"

#include <errno.h>
#include <string.h>

/* "00".."99": two digits per division, half the divisions of the
 * digit-by-digit loop. */
/* The key holds an address as the little-endian load of its wire bytes,
 * so the first octet is the low byte. */
static char *put_addr(char *p, uint32_t le)
{
    p = tools_put_u8(p, le & 0xffu);
    *p++ = '.';
    p = tools_put_u8(p, (le >> 8) & 0xffu);
    *p++ = '.';
    p = tools_put_u8(p, (le >> 16) & 0xffu);
    *p++ = '.';
    return tools_put_u8(p, le >> 24);
}

/* A 16-bit field stored as the little-endian load of its wire bytes: the
 * number is the byte-swapped value. */
static char *put_u16le(char *p, uint32_t le)
{
    return tools_put_u64(p, ((le & 0xffu) << 8) | ((le >> 8) & 0xffu));
}

size_t ftagg_format_row(char *buf, const ftagg_row_t *row)
{
    static const char hex[] = "0123456789abcdef";
    const ftagg_key_t *k = &row->key;
    char *p = buf;

    p = put_addr(p, (uint32_t)(k->addr >> 32));
    *p++ = '|';
    p = put_addr(p, (uint32_t)k->addr);
    *p++ = '|';
    p = put_u16le(p, (uint32_t)(k->rest >> 32) & 0xffffu);
    *p++ = '|';
    p = put_u16le(p, (uint32_t)(k->rest >> 16) & 0xffffu);
    *p++ = '|';
    p = tools_put_u8(p, (k->head >> 16) & 0xffu); /* protocol */
    *p++ = '|';
    p = tools_put_u8(p, (k->head >> 8) & 0xffu); /* ttl */
    *p++ = '|';
    *p++ = '0';
    *p++ = 'x';
    *p++ = hex[(k->head >> 4) & 0xfu]; /* tcp_flags */
    *p++ = hex[k->head & 0xfu];
    *p++ = '|';
    p = put_u16le(p, (uint32_t)k->rest & 0xffffu);
    *p++ = ',';
    p = tools_put_u64(p, row->value);
    *p++ = '\n';
    return (size_t)(p - buf);
}

void ftagg_out_init(ftagg_out_t *out, FILE *stream)
{
    out->stream = stream;
    out->failed = 0;
    out->err = 0;
    out->len = 0;
}

static void drain(ftagg_out_t *out)
{
    if (out->len > 0 && !out->failed &&
        fwrite(out->buf, 1, out->len, out->stream) != out->len) {
        out->failed = 1;
        out->err = errno;
    }
    out->len = 0;
}

void ftagg_out_write(ftagg_out_t *out, const char *data, size_t n)
{
    if (out->len + n > sizeof(out->buf))
        drain(out);
    if (n > sizeof(out->buf)) { /* never for our lines, but stay correct */
        if (!out->failed && fwrite(data, 1, n, out->stream) != n) {
            out->failed = 1;
            out->err = errno;
        }
        return;
    }
    memcpy(out->buf + out->len, data, n);
    out->len += n;
}

void ftagg_out_row(ftagg_out_t *out, const ftagg_row_t *row)
{
    if (out->len + FTAGG_ROW_MAX > sizeof(out->buf))
        drain(out);
    out->len += ftagg_format_row(out->buf + out->len, row);
}

void ftagg_out_interval(ftagg_out_t *out, const char *what, uint16_t number,
                        uint32_t time)
{
    char line[96];
    int n = snprintf(line, sizeof(line), "# CORSARO_INTERVAL_%s %u %u\n", what,
                     (unsigned)number, (unsigned)time);
    if (n > 0)
        ftagg_out_write(out, line, (size_t)n < sizeof(line) ? (size_t)n
                                                            : sizeof(line) - 1);
}

int ftagg_out_flush(ftagg_out_t *out)
{
    drain(out);
    if (!out->failed && fflush(out->stream) != 0) {
        out->failed = 1;
        out->err = errno;
    }
    return out->failed ? -1 : 0;
}
