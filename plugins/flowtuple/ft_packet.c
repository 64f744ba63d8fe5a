/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_packet.c
 * @brief libtrace packet -> tuple key and class.
 *
 * The fast path makes one libtrace call per packet (trace_get_layer3) and
 * parses the rest itself (ft_tuple.c). The libtrace path asks libtrace's
 * accessors exactly as v2 did; it serves IPv6-in-IPv4 packets, whose
 * transport header libtrace finds inside the inner IPv6 header, and is the
 * reference the unit tests compare the fast path with.
 */
#include <string.h>

#include <libtrace.h>

#include "ft_internal.h"

int corsaro__ft_packet_tuple(libtrace_packet_t *packet,
                             const ft_keyopts_t *opts, ft_item_t *item)
{
    uint16_t ethertype = 0;
    uint32_t rem = 0;
    const uint8_t *l3 = trace_get_layer3(packet, &ethertype, &rem);

    /* trace_get_ip(): an IPv4 ethertype, a whole base header, version 4 */
    if (l3 == NULL || ethertype != TRACE_ETHERTYPE_IP || rem < 20 ||
        (l3[0] >> 4) != 4)
        return FT_PARSE_SKIP;
    int cls = corsaro__ft_parse_ipv4(l3, rem, opts, item);
    if (cls == FT_PARSE_LIBTRACE)
        cls = corsaro__ft_packet_libtrace(packet, opts, item);
    return cls;
}

int corsaro__ft_packet_libtrace(libtrace_packet_t *packet,
                                const ft_keyopts_t *opts, ft_item_t *item)
{
    libtrace_ip_t *ip = trace_get_ip(packet);
    if (ip == NULL)
        return FT_PARSE_SKIP;

    const uint8_t *iph = (const uint8_t *)ip;
    uint8_t *k = item->key;
    memset(item, 0, sizeof(*item));
    k[FT_K_IPLEN] = iph[2];
    k[FT_K_IPLEN + 1] = iph[3];
    memcpy(k + FT_K_SRC, iph + 12, 4);
    memcpy(k + FT_K_DST, iph + 16, 4);
    if (opts != NULL && opts->sixt)
        k[FT_K_DST] = opts->octet;
    k[FT_K_TTL] = ip->ip_ttl;
    k[FT_K_PROTO] = ip->ip_p;

    libtrace_icmp_t *icmp;
    if (ip->ip_p == TRACE_IPPROTO_ICMP && (icmp = trace_get_icmp(packet)) != NULL) {
        k[FT_K_SPORT + 1] = icmp->type;
        k[FT_K_DPORT + 1] = icmp->code;
    } else {
        libtrace_tcp_t *tcp;
        if (ip->ip_p == TRACE_IPPROTO_TCP && (tcp = trace_get_tcp(packet)) != NULL)
            k[FT_K_FLAGS] = ((const uint8_t *)tcp)[13];
        uint16_t sport = trace_get_source_port(packet);
        uint16_t dport = trace_get_destination_port(packet);
        k[FT_K_SPORT] = (uint8_t)(sport >> 8);
        k[FT_K_SPORT + 1] = (uint8_t)sport;
        k[FT_K_DPORT] = (uint8_t)(dport >> 8);
        k[FT_K_DPORT + 1] = (uint8_t)dport;
    }

    uint8_t proto = 0;
    uint32_t rem = 0;
    const uint8_t *t = trace_get_transport(packet, &proto, &rem);
    return corsaro__ft_classify(t != NULL, proto, t, rem);
}
