/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Helpers shared by the flowtuple unit tests: building raw Ethernet/IPv4
 * frames in memory and flowtuple records. */
#ifndef FT_TEST_UTIL_H
#define FT_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "corsaro/flowtuple.h"
#include "ft_internal.h"

/** A frame description; ft_frame_build() turns it into bytes. */
typedef struct ft_frame {
    int vlan;            /* 1: add an 802.1Q tag */
    uint16_t ethertype;  /* default 0x0800 */
    uint8_t version;     /* IP version nibble, default 4 */
    uint8_t ihl;         /* header words, default 5 */
    uint8_t proto;
    uint8_t ttl;
    uint16_t frag;       /* the whole flags+offset field */
    uint16_t ip_len;     /* the total-length field, default header+l4len */
    uint8_t src[4], dst[4];
    const uint8_t *l4;   /* bytes after the IP header */
    size_t l4len;
    size_t caplen;       /* 0: whole frame, else cut the frame here */
} ft_frame_t;

/** Writes the frame into @p buf (>= 2048 bytes). @return its length */
static inline size_t ft_frame_build(const ft_frame_t *f, uint8_t *buf)
{
    size_t off = 0;
    uint8_t ihl = f->ihl ? f->ihl : 5;
    uint16_t et = f->ethertype ? f->ethertype : 0x0800;

    memset(buf, 0, 2048);
    /* dst mac, src mac */
    for (int i = 0; i < 6; i++) {
        buf[i] = (uint8_t)(0x02 + i);
        buf[6 + i] = (uint8_t)(0x12 + i);
    }
    off = 12;
    if (f->vlan) {
        buf[off++] = 0x81;
        buf[off++] = 0x00;
        buf[off++] = 0x00;
        buf[off++] = 0x2a;
    }
    buf[off++] = (uint8_t)(et >> 8);
    buf[off++] = (uint8_t)et;

    uint8_t *ip = buf + off;
    size_t hlen = (size_t)ihl * 4;
    if (hlen < 20)
        hlen = 20;
    uint16_t iplen = f->ip_len ? f->ip_len : (uint16_t)(hlen + f->l4len);
    ip[0] = (uint8_t)(((f->version ? f->version : 4) << 4) | ihl);
    ip[2] = (uint8_t)(iplen >> 8);
    ip[3] = (uint8_t)iplen;
    ip[4] = 0x12;
    ip[5] = 0x34;
    ip[6] = (uint8_t)(f->frag >> 8);
    ip[7] = (uint8_t)f->frag;
    ip[8] = f->ttl;
    ip[9] = f->proto;
    memcpy(ip + 12, f->src, 4);
    memcpy(ip + 16, f->dst, 4);
    for (size_t i = 20; i < hlen; i++)
        ip[i] = 0x01; /* NOP options */
    if (f->l4len)
        memcpy(ip + hlen, f->l4, f->l4len);
    size_t total = off + hlen + f->l4len;
    if (f->caplen && f->caplen < total)
        total = f->caplen;
    return total;
}

/** A TCP header (20 bytes) with the given ports and flags. */
static inline void ft_tcp_header(uint8_t *t, uint16_t sport, uint16_t dport,
                                 uint8_t flags)
{
    memset(t, 0, 20);
    t[0] = (uint8_t)(sport >> 8);
    t[1] = (uint8_t)sport;
    t[2] = (uint8_t)(dport >> 8);
    t[3] = (uint8_t)dport;
    t[4] = 0xde;
    t[7] = 0x01;
    t[12] = 0x50; /* data offset 5 */
    t[13] = flags;
    t[14] = 0xff;
}

/** A flowtuple record from host-order values. */
static inline corsaro_flowtuple_t ft_make(const char *src, const char *dst,
                                          uint16_t sport, uint16_t dport,
                                          uint8_t proto, uint8_t ttl,
                                          uint8_t flags, uint16_t ip_len,
                                          uint32_t count)
{
    corsaro_flowtuple_t ft;
    unsigned a, b, c, d;
    uint8_t bytes[4];

    memset(&ft, 0, sizeof(ft));
    sscanf(src, "%u.%u.%u.%u", &a, &b, &c, &d);
    bytes[0] = (uint8_t)a, bytes[1] = (uint8_t)b, bytes[2] = (uint8_t)c, bytes[3] = (uint8_t)d;
    memcpy(&ft.src_ip, bytes, 4);
    sscanf(dst, "%u.%u.%u.%u", &a, &b, &c, &d);
    bytes[0] = (uint8_t)a, bytes[1] = (uint8_t)b, bytes[2] = (uint8_t)c, bytes[3] = (uint8_t)d;
    memcpy(&ft.dst_ip, bytes, 4);
    bytes[0] = (uint8_t)(sport >> 8), bytes[1] = (uint8_t)sport;
    memcpy(&ft.src_port, bytes, 2);
    bytes[0] = (uint8_t)(dport >> 8), bytes[1] = (uint8_t)dport;
    memcpy(&ft.dst_port, bytes, 2);
    ft.protocol = proto;
    ft.ttl = ttl;
    ft.tcp_flags = flags;
    bytes[0] = (uint8_t)(ip_len >> 8), bytes[1] = (uint8_t)ip_len;
    memcpy(&ft.ip_len, bytes, 2);
    bytes[0] = (uint8_t)(count >> 24), bytes[1] = (uint8_t)(count >> 16);
    bytes[2] = (uint8_t)(count >> 8), bytes[3] = (uint8_t)count;
    memcpy(&ft.packet_cnt, bytes, 4);
    return ft;
}

/** An item from host-order values (SIXU). */
static inline ft_item_t ft_item(const char *src, const char *dst, uint16_t sport,
                                uint16_t dport, uint8_t proto, uint8_t ttl,
                                uint8_t flags, uint16_t ip_len, uint32_t count)
{
    corsaro_flowtuple_t ft =
        ft_make(src, dst, sport, dport, proto, ttl, flags, ip_len, count);
    ft_item_t it;
    corsaro__ft_key_from_flowtuple(&ft, NULL, &it);
    it.count = count;
    return it;
}

/** xorshift64*: reproducible pseudo-random numbers for the tests. */
static inline uint64_t ft_rand(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

#endif /* FT_TEST_UTIL_H */
