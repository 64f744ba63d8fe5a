/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_tuple.c
 * @brief Packet header -> tuple key and class (SPEC 4.2), without libtrace.
 *
 * v2 asked libtrace for the transport header several times per packet.
 * We take the IPv4 header once and apply libtrace 3.0.22's rules ourselves:
 *
 * - trace_get_payload_from_ip: no transport if the fragment offset
 *   (ip_off & 0x1fff) is non-zero, or if fewer than ip_hl * 4 bytes were
 *   captured; otherwise the transport starts ip_hl * 4 bytes in and
 *   "remaining" is what is left of the capture (the IP total length is not
 *   used to clip it).
 * - protocol 41 (IPv6 in IPv4): libtrace descends into the inner IPv6
 *   header (trace_get_payload_from_ip6): none without 40 bytes; then
 *   hop-by-hop (0), routing (43), AH (51) and destination options (60)
 *   headers are skipped by 8 + 8 * their length byte, fragment headers
 *   (44) by 8, each only if fully captured; ESP (50) or any other next
 *   header ends the walk and is the transport protocol. libtrace reads a
 *   header's length and next-header bytes before checking that they were
 *   captured; we check first, which gives the same results without
 *   reading past the capture.
 * - trace_get_tcp: only with >= 20 remaining bytes (so tcp_flags needs a
 *   whole base TCP header); trace_get_icmp: only with >= 8 bytes.
 * - trace_get_source_port / _destination_port: the 1st / 2nd 16-bit word
 *   of the transport header with >= 2 / >= 4 remaining bytes, 0 without a
 *   transport header, and always 0 when the transport protocol is ICMP (1)
 *   or ICMPv6 (58) -- also in an IPv4 packet. libtrace returns them in host
 *   order and v2 stored htons() of that, i.e. the wire bytes: we copy them.
 *
 * The unit tests check this against libtrace's accessors packet by packet.
 */
#include <string.h>

#include "ft_internal.h"

#define FT_PROTO_ICMP 1
#define FT_PROTO_TCP 6
#define FT_PROTO_IPV6 41
#define FT_PROTO_ESP 50
#define FT_PROTO_ICMPV6 58

/* libtrace gives no ports for these */
static inline int ft_portless(uint8_t proto)
{
    return proto == FT_PROTO_ICMP || proto == FT_PROTO_ICMPV6;
}

#define FT_TCP_FIN 0x01
#define FT_TCP_SYN 0x02
#define FT_TCP_RST 0x04
#define FT_TCP_ACK 0x10

int corsaro__ft_icmp_is_backscatter(uint8_t type)
{
    switch (type) {
    case 0:  /* echo reply */
    case 3:  /* destination unreachable */
    case 4:  /* source quench */
    case 5:  /* redirect */
    case 11: /* time exceeded */
    case 12: /* parameter problem */
    case 14: /* timestamp reply */
    case 16: /* information reply */
    case 18: /* address mask reply */
        return 1;
    default:
        return 0;
    }
}

int corsaro__ft_classify(int have_transport, uint8_t proto, const uint8_t *t,
                         uint32_t rem)
{
    if (!have_transport)
        return CORSARO_FLOWTUPLE_CLASS_OTHER;
    if (proto == FT_PROTO_TCP && rem >= 4) {
        /* v2 read the flag byte (offset 13) with only 4 bytes checked, i.e.
         * past the end of a short capture. We read it only when it was
         * captured and treat it as 0 otherwise (SPEC 11.8). */
        uint8_t flags = rem >= 14 ? t[13] : 0;
        if (((flags & FT_TCP_SYN) && (flags & FT_TCP_ACK)) ||
            (flags & FT_TCP_RST))
            return CORSARO_FLOWTUPLE_CLASS_BACKSCATTER;
        return CORSARO_FLOWTUPLE_CLASS_OTHER;
    }
    if (proto == FT_PROTO_ICMP && rem >= 2)
        return corsaro__ft_icmp_is_backscatter(t[0])
                   ? CORSARO_FLOWTUPLE_CLASS_BACKSCATTER
                   : CORSARO_FLOWTUPLE_CLASS_ICMPREQ;
    return CORSARO_FLOWTUPLE_CLASS_OTHER;
}

/* libtrace's walk through an IPv6 header and its extension headers.
 * @return the transport header and its protocol and remaining bytes, or
 * NULL when there is none */
static const uint8_t *ft_ipv6_payload(const uint8_t *v6, uint32_t rem,
                                      uint8_t *proto, uint32_t *left)
{
    if (rem < 40)
        return NULL;
    const uint8_t *p = v6 + 40;
    uint8_t nxt = v6[6];
    rem -= 40;
    for (;;) {
        uint32_t len;
        switch (nxt) {
        case 0:  /* hop-by-hop options */
        case 43: /* routing */
        case 51: /* AH */
        case 60: /* destination options */
            if (rem < 8)
                return NULL;
            len = (uint32_t)p[1] * 8 + 8;
            break;
        case 44: /* fragment */
            len = 8;
            break;
        case FT_PROTO_ESP:
        default:
            *proto = nxt;
            *left = rem;
            return p;
        }
        if (rem < len)
            return NULL;
        nxt = p[0];
        p += len;
        rem -= len;
    }
}

/* IPv6 in IPv4: the ports are the first words of the inner transport
 * header (none for an inner ICMP or ICMPv6), no TCP flags or ICMP type/code (v2
 * asked for those only when the IPv4 protocol was TCP or ICMP), and the
 * class comes from the inner transport header. */
static int ft_parse_6in4(const uint8_t *t, uint32_t trem, ft_item_t *item)
{
    uint8_t *k = item->key;
    uint8_t proto = 0;
    uint32_t left = 0;
    const uint8_t *in = ft_ipv6_payload(t, trem, &proto, &left);

    if (in == NULL)
        return CORSARO_FLOWTUPLE_CLASS_OTHER;
    if (!ft_portless(proto)) {
        if (left >= 2) {
            k[FT_K_SPORT] = in[0];
            k[FT_K_SPORT + 1] = in[1];
        }
        if (left >= 4) {
            k[FT_K_DPORT] = in[2];
            k[FT_K_DPORT + 1] = in[3];
        }
    }
    return corsaro__ft_classify(1, proto, in, left);
}

int corsaro__ft_parse_ipv4(const uint8_t *ip, uint32_t rem,
                           const ft_keyopts_t *opts, ft_item_t *item)
{
    uint8_t *k = item->key;
    uint8_t proto = ip[9];

    memset(item, 0, sizeof(*item));
    k[FT_K_IPLEN] = ip[2];
    k[FT_K_IPLEN + 1] = ip[3];
    memcpy(k + FT_K_SRC, ip + 12, 4);
    memcpy(k + FT_K_DST, ip + 16, 4);
    if (opts != NULL && opts->sixt)
        k[FT_K_DST] = opts->octet;
    k[FT_K_TTL] = ip[8];
    k[FT_K_PROTO] = proto;

    uint32_t hl = (uint32_t)(ip[0] & 0x0f) * 4;
    if ((((uint32_t)ip[6] << 8 | ip[7]) & 0x1fff) != 0 || rem < hl)
        return CORSARO_FLOWTUPLE_CLASS_OTHER; /* no transport header */

    const uint8_t *t = ip + hl;
    uint32_t trem = rem - hl;
    if (proto == FT_PROTO_IPV6)
        return ft_parse_6in4(t, trem, item);
    if (proto == FT_PROTO_ICMP) {
        if (trem >= 8) {
            k[FT_K_SPORT + 1] = t[0]; /* type, as a big-endian u16 */
            k[FT_K_DPORT + 1] = t[1]; /* code */
        }
    } else if (proto != FT_PROTO_ICMPV6) {
        if (trem >= 2) {
            k[FT_K_SPORT] = t[0];
            k[FT_K_SPORT + 1] = t[1];
        }
        if (trem >= 4) {
            k[FT_K_DPORT] = t[2];
            k[FT_K_DPORT + 1] = t[3];
        }
        if (proto == FT_PROTO_TCP && trem >= 20)
            k[FT_K_FLAGS] = t[13];
    }
    return corsaro__ft_classify(1, proto, t, trem);
}

void corsaro__ft_key_from_flowtuple(const corsaro_flowtuple_t *ft,
                                    const ft_keyopts_t *opts, ft_item_t *item)
{
    uint8_t *k = item->key;

    memset(item, 0, sizeof(*item));
    memcpy(k + FT_K_IPLEN, &ft->ip_len, 2);
    memcpy(k + FT_K_DPORT, &ft->dst_port, 2);
    memcpy(k + FT_K_SPORT, &ft->src_port, 2);
    memcpy(k + FT_K_DST, &ft->dst_ip, 4);
    memcpy(k + FT_K_SRC, &ft->src_ip, 4);
    if (opts != NULL && opts->sixt)
        k[FT_K_DST] = opts->octet;
    k[FT_K_FLAGS] = ft->tcp_flags;
    k[FT_K_TTL] = ft->ttl;
    k[FT_K_PROTO] = ft->protocol;
}

void corsaro__ft_flowtuple_from_item(const ft_item_t *item,
                                     corsaro_flowtuple_t *ft)
{
    const uint8_t *k = item->key;
    uint8_t cnt[4];

    memset(ft, 0, sizeof(*ft));
    memcpy(&ft->src_ip, k + FT_K_SRC, 4);
    memcpy(&ft->dst_ip, k + FT_K_DST, 4);
    memcpy(&ft->src_port, k + FT_K_SPORT, 2);
    memcpy(&ft->dst_port, k + FT_K_DPORT, 2);
    ft->protocol = k[FT_K_PROTO];
    ft->ttl = k[FT_K_TTL];
    ft->tcp_flags = k[FT_K_FLAGS];
    memcpy(&ft->ip_len, k + FT_K_IPLEN, 2);
    cnt[0] = (uint8_t)(item->count >> 24);
    cnt[1] = (uint8_t)(item->count >> 16);
    cnt[2] = (uint8_t)(item->count >> 8);
    cnt[3] = (uint8_t)item->count;
    memcpy(&ft->packet_cnt, cnt, 4);
}
