/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * In-place IPv4 address rewriting. v2 left every checksum stale (its
 * update helper threw the result away) and rewrote a wrong spot for
 * ICMP errors; here each changed 16-bit word is fed to the checksums that
 * cover it (anon_csum.h).
 *
 * What covers what: the IP header checksum covers the addresses; TCP and
 * UDP checksums cover them through the pseudo-header; the ICMP checksum
 * covers the whole ICMP message, so for an error it covers every byte we
 * change in the quoted packet (its addresses, its header checksum and its
 * TCP/UDP checksum).
 */
#include "anon_ip.h"
#include "anon_csum.h"

#define PROTO_ICMP 1
#define PROTO_TCP 6
#define PROTO_UDP 17
#define IP_MIN_HDR 20
#define ICMP_HDR 8

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Rewrites one address field at @p p if asked, recording the change. */
static void rewrite_addr(uint8_t *p, int doit, const anon_map_t *m,
                         csum_delta_t *d)
{
    if (!doit)
        return;
    uint32_t old = get32(p);
    uint32_t new = m->fn(m->ctx, old);
    if (new == old)
        return;
    put32(p, new);
    csum_delta_add32(d, old, new);
}

/* Replaces the checksum at @p p with its update for @p d; records the
 * change of the checksum word itself in @p outer when not NULL. */
static void update_csum(uint8_t *p, const csum_delta_t *d, csum_delta_t *outer)
{
    uint16_t old = get16(p);
    uint16_t new = csum_apply(old, d);
    put16(p, new);
    if (outer != NULL && new != old)
        csum_delta_add16(outer, old, new);
}

/* Rewrites the addresses of the IPv4 header at @p ip (20 bytes captured)
 * and its checksum. @p addr receives the address changes (for the
 * pseudo-header); @p outer, if not NULL, every word changed. */
static void rewrite_header(uint8_t *ip, const anon_map_t *m, int do_src,
                           int do_dst, csum_delta_t *addr, csum_delta_t *outer)
{
    rewrite_addr(ip + 12, do_src, m, addr);
    rewrite_addr(ip + 16, do_dst, m, addr);
    if (outer != NULL)
        csum_delta_merge(outer, addr);
    update_csum(ip + 10, addr, outer);
}

/* Updates the TCP or UDP checksum of the transport header at @p l4
 * (@p cap bytes captured) for the address changes @p addr. */
static void fix_transport(uint8_t proto, uint8_t *l4, size_t cap,
                          const csum_delta_t *addr, csum_delta_t *outer)
{
    size_t at;
    if (proto == PROTO_TCP)
        at = 16;
    else if (proto == PROTO_UDP)
        at = 6;
    else
        return; /* no pseudo-header in its checksum (or not ours to fix) */
    if (cap < at + 2)
        return; /* the checksum was not captured */
    uint16_t old = get16(l4 + at);
    if (proto == PROTO_UDP && old == 0)
        return; /* the sender computed no UDP checksum */
    uint16_t new = csum_apply(old, addr);
    if (proto == PROTO_UDP && new == 0)
        new = 0xffff; /* 0 would mean "no checksum"; 0xffff is the same sum */
    put16(l4 + at, new);
    if (outer != NULL && new != old)
        csum_delta_add16(outer, old, new);
}

/* The IP header length if the header at @p ip is IPv4, complete in @p cap
 * bytes and a first fragment (so a transport header follows); else 0. */
static size_t transport_offset(const uint8_t *ip, size_t cap)
{
    size_t hl = (size_t)(ip[0] & 0x0f) * 4;
    if (hl < IP_MIN_HDR || cap < hl)
        return 0;
    if ((get16(ip + 6) & 0x1fff) != 0)
        return 0; /* a later fragment carries no transport header */
    return hl;
}

static int is_icmp_error(uint8_t type)
{
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* Anonymises the packet quoted in the ICMP error at @p icmp. */
static void fix_icmp_error(uint8_t *icmp, size_t cap, const anon_map_t *m)
{
    if (cap < ICMP_HDR + IP_MIN_HDR || !is_icmp_error(icmp[0]))
        return;
    uint8_t *q = icmp + ICMP_HDR;
    size_t qcap = cap - ICMP_HDR;
    if ((q[0] >> 4) != 4)
        return;
    csum_delta_t qaddr = {0}, changed = {0};
    /* the quoted packet was sent by the error's destination: its source
     * is that side (-d), its destination the far side (-s) */
    rewrite_header(q, m, m->dst, m->src, &qaddr, &changed);
    size_t qhl = transport_offset(q, qcap);
    if (qhl > 0)
        fix_transport(q[9], q + qhl, qcap - qhl, &qaddr, &changed);
    update_csum(icmp + 2, &changed, NULL);
}

int anon_ipv4(uint8_t *ip, size_t cap, const anon_map_t *map)
{
    if (cap < IP_MIN_HDR || (ip[0] >> 4) != 4)
        return 0;
    csum_delta_t addr = {0};
    rewrite_header(ip, map, map->src, map->dst, &addr, NULL);
    size_t hl = transport_offset(ip, cap);
    if (hl == 0)
        return 1;
    if (ip[9] == PROTO_ICMP)
        fix_icmp_error(ip + hl, cap - hl, map);
    else
        fix_transport(ip[9], ip + hl, cap - hl, &addr, NULL);
    return 1;
}
