/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_format.c
 * @brief The flowtuple records on disk (SPEC 4.5) and as text (SPEC 4.6).
 *
 * The text line is produced here and only here; the ASCII output mode
 * and print_record (cors2ascii) both call corsaro__ft_tuple_to_text().
 */
#include <string.h>

#include "corsaro/io.h"
#include "ft_internal.h"

static const char *const ft_class_names[] = {
    "flowtuple_backscatter",
    "flowtuple_icmpreq",
    "flowtuple_other",
};

const char *corsaro__ft_class_name(unsigned cls)
{
    return cls <= CORSARO_FLOWTUPLE_CLASS_MAX ? ft_class_names[cls] : "flowtuple_unknown";
}

size_t corsaro__ft_encode_item(uint8_t *out, const ft_item_t *item, int sixt)
{
    const uint8_t *k = item->key;
    uint8_t *p = out;

    memcpy(p, k + FT_K_SRC, 4);
    p += 4;
    if (sixt) {
        memcpy(p, k + FT_K_DST + 1, 3);
        p += 3;
    } else {
        memcpy(p, k + FT_K_DST, 4);
        p += 4;
    }
    memcpy(p, k + FT_K_SPORT, 2);
    memcpy(p + 2, k + FT_K_DPORT, 2);
    p[4] = k[FT_K_PROTO];
    p[5] = k[FT_K_TTL];
    p[6] = k[FT_K_FLAGS];
    memcpy(p + 7, k + FT_K_IPLEN, 2);
    corsaro_put_u32(p + 9, item->count);
    return (size_t)(p + 13 - out);
}

void corsaro__ft_encode_class_start(uint8_t *out, uint32_t magic, uint16_t cls,
                                    uint32_t count)
{
    corsaro_put_u32(out, magic);
    corsaro_put_u16(out + 4, cls);
    corsaro_put_u32(out + 6, count);
}

void corsaro__ft_encode_class_end(uint8_t *out, uint32_t magic, uint16_t cls)
{
    corsaro_put_u32(out, magic);
    corsaro_put_u16(out + 4, cls);
}

void corsaro__ft_decode_tuple(const uint8_t *in, int sixt, uint8_t octet,
                              corsaro_flowtuple_t *ft)
{
    const uint8_t *p = in;
    uint8_t dst[4];

    memset(ft, 0, sizeof(*ft));
    memcpy(&ft->src_ip, p, 4);
    p += 4;
    if (sixt) {
        dst[0] = octet;
        memcpy(dst + 1, p, 3);
        p += 3;
    } else {
        memcpy(dst, p, 4);
        p += 4;
    }
    memcpy(&ft->dst_ip, dst, 4);
    memcpy(&ft->src_port, p, 2);
    memcpy(&ft->dst_port, p + 2, 2);
    ft->protocol = p[4];
    ft->ttl = p[5];
    ft->tcp_flags = p[6];
    memcpy(&ft->ip_len, p + 7, 2);
    memcpy(&ft->packet_cnt, p + 9, 4);
}

/* ---- text ---- */

static char *ft_put_uint(char *p, uint32_t v)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        *p++ = digits[--n];
    return p;
}

static char *ft_put_ip(char *p, const void *addr)
{
    const uint8_t *a = addr;
    for (int i = 0; i < 4; i++) {
        if (i)
            *p++ = '.';
        p = ft_put_uint(p, a[i]);
    }
    return p;
}

static uint16_t ft_load_be16(const void *v)
{
    const uint8_t *b = v;
    return corsaro_get_u16(b);
}

size_t corsaro__ft_tuple_to_text(const corsaro_flowtuple_t *ft, char *buf)
{
    static const char hex[] = "0123456789abcdef";
    const uint8_t *cnt = (const uint8_t *)&ft->packet_cnt;
    char *p = buf;

    p = ft_put_ip(p, &ft->src_ip);
    *p++ = '|';
    p = ft_put_ip(p, &ft->dst_ip);
    *p++ = '|';
    p = ft_put_uint(p, ft_load_be16(&ft->src_port));
    *p++ = '|';
    p = ft_put_uint(p, ft_load_be16(&ft->dst_port));
    *p++ = '|';
    p = ft_put_uint(p, ft->protocol);
    *p++ = '|';
    p = ft_put_uint(p, ft->ttl);
    *p++ = '|';
    *p++ = '0';
    *p++ = 'x';
    *p++ = hex[ft->tcp_flags >> 4];
    *p++ = hex[ft->tcp_flags & 0x0f];
    *p++ = '|';
    p = ft_put_uint(p, ft_load_be16(&ft->ip_len));
    *p++ = ',';
    p = ft_put_uint(p, corsaro_get_u32(cnt));
    *p++ = '\n';
    *p = '\0';
    return (size_t)(p - buf);
}
