/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Hand-made Ethernet/IPv4 packets for the dos tests. Addresses are given
 * in host order (e.g. IP4(198,51,100,20)); everything is written to the
 * buffer in network order. Checksums are left 0: nothing here reads them. */
#ifndef DOS_TEST_PACKETS_H
#define DOS_TEST_PACKETS_H

#include <stdint.h>
#include <string.h>

#define IP4(a, b, c, d)                                                     \
    (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | \
     (uint32_t)(d))

static inline void tp_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void tp_put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* Ethernet header: dst 00:1b:21:aa:bb:cc, src 00:1c:73:11:22:33. */
static inline size_t tp_eth(uint8_t *buf, uint16_t ethertype)
{
    static const uint8_t macs[12] = {0x00, 0x1b, 0x21, 0xaa, 0xbb, 0xcc,
                                     0x00, 0x1c, 0x73, 0x11, 0x22, 0x33};
    memcpy(buf, macs, 12);
    tp_put16(buf + 12, ethertype);
    return 14;
}

/* A 20-byte IPv4 header; total length = 20 + payload_len. */
static inline size_t tp_ip(uint8_t *buf, uint32_t src, uint32_t dst,
                           uint8_t proto, uint16_t payload_len, uint8_t ttl)
{
    memset(buf, 0, 20);
    buf[0] = 0x45;
    tp_put16(buf + 2, (uint16_t)(20 + payload_len));
    tp_put16(buf + 4, 0x1234);
    buf[8] = ttl;
    buf[9] = proto;
    tp_put32(buf + 12, src);
    tp_put32(buf + 16, dst);
    return 20;
}

/* Ethernet + IPv4 + a 20-byte TCP header. @return the length (54). */
static inline size_t tp_tcp(uint8_t *buf, uint32_t src, uint32_t dst,
                            uint16_t sport, uint16_t dport, uint8_t flags)
{
    size_t n = tp_eth(buf, 0x0800);
    n += tp_ip(buf + n, src, dst, 6, 20, 64);
    memset(buf + n, 0, 20);
    tp_put16(buf + n, sport);
    tp_put16(buf + n + 2, dport);
    buf[n + 12] = 0x50;
    buf[n + 13] = flags;
    return n + 20;
}

/* Ethernet + IPv4 + an 8-byte UDP header. @return the length (42). */
static inline size_t tp_udp(uint8_t *buf, uint32_t src, uint32_t dst,
                            uint16_t sport, uint16_t dport)
{
    size_t n = tp_eth(buf, 0x0800);
    n += tp_ip(buf + n, src, dst, 17, 8, 64);
    tp_put16(buf + n, sport);
    tp_put16(buf + n + 2, dport);
    tp_put16(buf + n + 4, 8);
    tp_put16(buf + n + 6, 0);
    return n + 8;
}

/* Ethernet + IPv4 + an 8-byte ICMP header without payload (e.g. echo
 * reply). @return the length (42). */
static inline size_t tp_icmp(uint8_t *buf, uint32_t src, uint32_t dst,
                             uint8_t type, uint8_t code)
{
    size_t n = tp_eth(buf, 0x0800);
    n += tp_ip(buf + n, src, dst, 1, 8, 64);
    memset(buf + n, 0, 8);
    buf[n] = type;
    buf[n + 1] = code;
    return n + 8;
}

/* Ethernet + IPv4 + an ICMP error quoting an IPv4 header (version
 * @p qver) from @p qsrc to @p qdst of protocol @p qproto, followed by
 * @p qpayload_len bytes of its payload: the quoted ports @p qsport and
 * @p qdport when qpayload_len >= 4. @return the length. */
static inline size_t tp_icmp_error(uint8_t *buf, uint32_t src, uint32_t dst,
                                   uint8_t type, uint8_t code, uint8_t qver,
                                   uint32_t qsrc, uint32_t qdst, uint8_t qproto,
                                   uint16_t qsport, uint16_t qdport,
                                   uint16_t qpayload_len)
{
    size_t n = tp_eth(buf, 0x0800);
    uint8_t *q;
    n += tp_ip(buf + n, src, dst, 1, (uint16_t)(8 + 20 + qpayload_len), 250);
    memset(buf + n, 0, 8);
    buf[n] = type;
    buf[n + 1] = code;
    n += 8;
    q = buf + n;
    tp_ip(q, qsrc, qdst, qproto, 8, 2);
    q[0] = (uint8_t)((qver << 4) | 5);
    n += 20;
    memset(buf + n, 0, qpayload_len);
    if (qpayload_len >= 4) {
        tp_put16(buf + n, qsport);
        tp_put16(buf + n + 2, qdport);
    }
    if (qpayload_len >= 6 && qproto == 17)
        tp_put16(buf + n + 4, qpayload_len); /* UDP length */
    return n + qpayload_len;
}

#endif /* DOS_TEST_PACKETS_H */
