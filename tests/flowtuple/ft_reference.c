/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The reference the fast packet path is tested against: a packet's key
 * and class computed only with libtrace's own accessors, the way v2 did
 * it (trace_get_ip, trace_get_icmp, trace_get_tcp, trace_get_source_port,
 * trace_get_destination_port, trace_get_transport). The one choice of
 * ours it shares with the fast path: v2 read the TCP flag byte for the
 * class with only 4 bytes checked; both read it only when captured
 * (corsaro__ft_classify). */
#include <string.h>

#include <libtrace.h>

#include "ft_reference.h"

int ft_reference_tuple(libtrace_packet_t *packet, const ft_keyopts_t *opts,
                       ft_item_t *item)
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
