/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* cors-synth: IPv4, TCP, UDP and ICMP headers with valid checksums. */
#include <string.h>

#include "corsaro/io.h"
#include "synth.h"

uint32_t synth_sum16(const uint8_t *p, size_t len, uint32_t acc)
{
    while (len > 1) {
        acc += (uint32_t)((p[0] << 8) | p[1]);
        p += 2;
        len -= 2;
    }
    if (len)
        acc += (uint32_t)(p[0] << 8);
    return acc;
}

uint16_t synth_sum_fold(uint32_t acc)
{
    while (acc >> 16)
        acc = (acc & 0xffff) + (acc >> 16);
    return (uint16_t)~acc;
}

/* The IPv4 pseudo-header sum that TCP and UDP checksums start from. */
static uint32_t pseudo_v4(uint32_t src, uint32_t dst, uint8_t proto,
                          size_t len)
{
    return (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) +
           proto + (uint32_t)len;
}

/* Writes the IPv4 header (20 bytes + options) with its checksum.
 * @return the header length */
size_t synth_put_ipv4(uint8_t *p, const struct l3 *ip, uint8_t proto,
                      size_t payload_len)
{
    size_t hlen = 20 + ip->optlen;
    p[0] = (uint8_t)(0x40 | (hlen / 4));
    p[1] = 0; /* TOS */
    corsaro_put_u16(p + 2, (uint16_t)(hlen + payload_len));
    corsaro_put_u16(p + 4, ip->id);
    corsaro_put_u16(p + 6, ip->frag);
    p[8] = ip->ttl;
    p[9] = proto;
    corsaro_put_u16(p + 10, 0);
    corsaro_put_u32(p + 12, ip->src);
    corsaro_put_u32(p + 16, ip->dst);
    if (ip->optlen)
        memcpy(p + 20, ip->opt, ip->optlen);
    corsaro_put_u16(p + 10, synth_sum_fold(synth_sum16(p, hlen, 0)));
    return hlen;
}

void synth_put_tcp(uint8_t *p, const struct l3 *ip, const struct tcpspec *t)
{
    size_t len = 20 + t->optlen;
    corsaro_put_u16(p, t->sport);
    corsaro_put_u16(p + 2, t->dport);
    corsaro_put_u32(p + 4, t->seq);
    corsaro_put_u32(p + 8, t->ack);
    p[12] = (uint8_t)((len / 4) << 4);
    p[13] = t->flags;
    corsaro_put_u16(p + 14, t->win);
    corsaro_put_u16(p + 16, 0);
    corsaro_put_u16(p + 18, 0); /* urgent pointer */
    if (t->optlen)
        memcpy(p + 20, t->opt, t->optlen);
    uint32_t acc = pseudo_v4(ip->src, ip->dst, PROTO_TCP, len);
    corsaro_put_u16(p + 16, synth_sum_fold(synth_sum16(p, len, acc)));
}

/* UDP header + @p data (which may already sit at p + 8). */
void synth_put_udp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t sport,
                   uint16_t dport, const uint8_t *data, size_t dlen)
{
    size_t len = 8 + dlen;
    corsaro_put_u16(p, sport);
    corsaro_put_u16(p + 2, dport);
    corsaro_put_u16(p + 4, (uint16_t)len);
    corsaro_put_u16(p + 6, 0);
    memmove(p + 8, data, dlen);
    uint32_t acc = pseudo_v4(src, dst, PROTO_UDP, len);
    uint16_t ck = synth_sum_fold(synth_sum16(p, len, acc));
    corsaro_put_u16(p + 6, ck ? ck : 0xffff); /* 0 would mean "none" */
}

/* ICMP header (type, code, 4-byte rest) + @p data (may sit at p + 8). */
void synth_put_icmp(uint8_t *p, uint8_t type, uint8_t code, uint32_t rest,
                    const uint8_t *data, size_t dlen)
{
    p[0] = type;
    p[1] = code;
    corsaro_put_u16(p + 2, 0);
    corsaro_put_u32(p + 4, rest);
    memmove(p + 8, data, dlen);
    corsaro_put_u16(p + 2, synth_sum_fold(synth_sum16(p, 8 + dlen, 0)));
}
