/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file dos_decode.c
 * @brief A readable decode of an attack vector's initial packet, printed
 * by cors2ascii between `START PACKET` and `END PACKET`.
 *
 * v2 printed libpacketdump's dump here. Ours is our own, line-oriented and
 * easy to grep: one `key: value` per line, keys named by layer. The bytes
 * are always decoded as Ethernet (the file does not record the original
 * link type; v2 did the same). libtrace finds the layer-3 header, so
 * 802.1Q tags, MPLS and PPPoE are skipped. Lines, in this order, each only
 * when the packet holds that layer:
 *
 *   eth.dst: 00:1b:21:aa:bb:cc
 *   eth.src: 00:1c:73:11:22:33
 *   eth.type: 0x0800
 *   l3.type: 0x0800                 (only when tags were skipped)
 *   ip.src: 198.51.100.20
 *   ip.dst: 44.1.2.3
 *   ip.proto: 6 (tcp)               (names: icmp, tcp, udp)
 *   ip.ttl: 52
 *   ip.len: 40
 *   ip.id: 4321
 *   ip.frag_offset: 185             (only for fragments; in 8-byte units)
 *   tcp.src_port: 80                 udp.src_port: 53
 *   tcp.dst_port: 40000              udp.dst_port: 40000
 *   tcp.flags: 0x12 (SYN,ACK)        udp.len: 36
 *   icmp.type: 3 (unreachable)
 *   icmp.code: 3
 *   icmp.quoted.ip.src: 44.1.2.3     (ICMP errors: the quoted header)
 *   icmp.quoted.ip.dst: 192.0.2.30
 *   icmp.quoted.ip.proto: 17 (udp)
 *   icmp.quoted.ip.ttl: 2
 *   icmp.quoted.ip.len: 28
 *   icmp.quoted.udp.src_port: 53     (or .tcp.*_port / .icmp.type, .code)
 *   icmp.quoted.udp.dst_port: 33434
 *
 * Where a layer is cut short the decode ends with `<layer>: truncated
 * (N bytes)`; a layer 3 that is not IPv4 gives `l3: ethertype 0x86dd not
 * decoded`. Packets longer than 65,535 bytes are decoded from their first
 * 65,535 bytes (libtrace's limit for a constructed packet).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dos_internal.h"

typedef struct dos_out {
    char *buf;
    size_t len;
    size_t used;
} dos_out_t;

static void dos_out(dos_out_t *o, const char *fmt, ...) CORSARO_PRINTF(2, 3);

static void dos_out(dos_out_t *o, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (o->used + 1 >= o->len)
        return;
    va_start(ap, fmt);
    n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= o->len - o->used)
        o->used = o->len - 1; /* truncated, still NUL-terminated */
    else
        o->used += (size_t)n;
}

static uint16_t dos_u16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static void dos_out_ip4(dos_out_t *o, const char *key, const uint8_t *p)
{
    dos_out(o, "%s: %u.%u.%u.%u\n", key, p[0], p[1], p[2], p[3]);
}

static const char *dos_proto_name(uint8_t proto)
{
    switch (proto) {
    case TRACE_IPPROTO_ICMP:
        return " (icmp)";
    case TRACE_IPPROTO_TCP:
        return " (tcp)";
    case TRACE_IPPROTO_UDP:
        return " (udp)";
    default:
        return "";
    }
}

static const char *dos_icmp_name(uint8_t type)
{
    switch (type) {
    case 0:
        return " (echo-reply)";
    case 3:
        return " (unreachable)";
    case 4:
        return " (source-quench)";
    case 5:
        return " (redirect)";
    case 8:
        return " (echo-request)";
    case 11:
        return " (time-exceeded)";
    case 12:
        return " (parameter-problem)";
    case 13:
        return " (timestamp)";
    case 14:
        return " (timestamp-reply)";
    case 15:
        return " (info-request)";
    case 16:
        return " (info-reply)";
    case 17:
        return " (mask-request)";
    case 18:
        return " (mask-reply)";
    default:
        return "";
    }
}

static void dos_out_tcp_flags(dos_out_t *o, const char *prefix, uint8_t flags)
{
    static const char *const names[8] = {"FIN", "SYN", "RST", "PSH",
                                         "ACK", "URG", "ECE", "CWR"};
    char list[64];
    size_t used = 0;
    int i;

    list[0] = '\0';
    for (i = 0; i < 8; i++) {
        if (flags & (1u << i)) {
            int n = snprintf(list + used, sizeof(list) - used, "%s%s",
                             used ? "," : "", names[i]);
            if (n > 0)
                used += (size_t)n;
        }
    }
    dos_out(o, "%s.flags: 0x%02x (%s)\n", prefix, flags,
            used ? list : "none");
}

/* Ports (and for TCP the flags) of a TCP/UDP header, ICMP type/code. */
static void dos_out_transport(dos_out_t *o, const char *prefix, uint8_t proto,
                              const uint8_t *t, uint32_t rem)
{
    char key[48];
    const char *name = proto == TRACE_IPPROTO_TCP   ? "tcp"
                       : proto == TRACE_IPPROTO_UDP ? "udp"
                                                    : "icmp";

    snprintf(key, sizeof(key), "%s%s", prefix, name);
    if (proto == TRACE_IPPROTO_ICMP) {
        if (rem < 2) {
            dos_out(o, "%s: truncated (%u bytes)\n", key, rem);
            return;
        }
        dos_out(o, "%s.type: %u%s\n", key, t[0], dos_icmp_name(t[0]));
        dos_out(o, "%s.code: %u\n", key, t[1]);
        return;
    }
    if (rem < 4) {
        dos_out(o, "%s: truncated (%u bytes)\n", key, rem);
        return;
    }
    dos_out(o, "%s.src_port: %u\n", key, dos_u16(t));
    dos_out(o, "%s.dst_port: %u\n", key, dos_u16(t + 2));
    if (proto == TRACE_IPPROTO_TCP && rem >= 14)
        dos_out_tcp_flags(o, key, t[13]);
    else if (proto == TRACE_IPPROTO_UDP && rem >= 6)
        dos_out(o, "%s.len: %u\n", key, dos_u16(t + 4));
}

/* An IPv4 header with @p rem captured bytes, then what follows it.
 * @p prefix is "" for the outer header, "icmp.quoted." for a quoted one. */
static void dos_out_ip(dos_out_t *o, const char *prefix, const uint8_t *ip,
                       uint32_t rem, int depth)
{
    uint16_t frag;
    uint8_t proto = 0;
    const uint8_t *t;

    if (rem < 20) {
        dos_out(o, "%sip: truncated (%u bytes)\n", prefix, rem);
        return;
    }
    if ((ip[0] >> 4) != 4) {
        dos_out(o, "%sip.version: %u (not decoded)\n", prefix, ip[0] >> 4);
        return;
    }
    {
        char key[48];
        snprintf(key, sizeof(key), "%sip.src", prefix);
        dos_out_ip4(o, key, ip + 12);
        snprintf(key, sizeof(key), "%sip.dst", prefix);
        dos_out_ip4(o, key, ip + 16);
    }
    dos_out(o, "%sip.proto: %u%s\n", prefix, ip[9], dos_proto_name(ip[9]));
    dos_out(o, "%sip.ttl: %u\n", prefix, ip[8]);
    dos_out(o, "%sip.len: %u\n", prefix, dos_u16(ip + 2));
    dos_out(o, "%sip.id: %u\n", prefix, dos_u16(ip + 4));
    frag = dos_u16(ip + 6) & 0x1fff;
    if (frag != 0) {
        dos_out(o, "%sip.frag_offset: %u\n", prefix, frag);
        return; /* no transport header in a non-first fragment */
    }
    t = trace_get_payload_from_ip((libtrace_ip_t *)(uintptr_t)ip, &proto, &rem);
    if (t == NULL) {
        dos_out(o, "%sip: truncated (%u bytes, header is %u)\n", prefix,
                rem, (ip[0] & 0x0f) * 4u);
        return;
    }
    if (proto != TRACE_IPPROTO_ICMP && proto != TRACE_IPPROTO_TCP &&
        proto != TRACE_IPPROTO_UDP)
        return;
    dos_out_transport(o, prefix, proto, t, rem);
    /* An ICMP error quotes the header of the datagram that caused it. */
    if (proto == TRACE_IPPROTO_ICMP && depth == 0 && rem >= 8 &&
        (t[0] == 3 || t[0] == 4 || t[0] == 5 || t[0] == 11 || t[0] == 12)) {
        if (rem == 8)
            dos_out(o, "icmp.quoted: none\n");
        else
            dos_out_ip(o, "icmp.quoted.", t + 8, rem - 8, depth + 1);
    }
}

int corsaro__dos_decode_packet(const uint8_t *pkt, uint32_t pkt_len, char *out,
                               size_t len)
{
    dos_out_t o = {out, len, 0};
    libtrace_packet_t *packet;
    libtrace_linktype_t linktype;
    const uint8_t *eth;
    const uint8_t *l3;
    uint16_t ethertype = 0;
    uint32_t rem = 0;
    uint16_t outer_type;

    if (len == 0)
        return 0;
    out[0] = '\0';
    if (pkt_len < 14) {
        dos_out(&o, "eth: truncated (%u bytes)\n", pkt_len);
        return (int)o.used;
    }
    packet = trace_create_packet();
    if (packet == NULL)
        return -1;
    trace_construct_packet(packet, TRACE_TYPE_ETH, pkt,
                           (uint16_t)(pkt_len > 0xffff ? 0xffff : pkt_len));

    eth = trace_get_layer2(packet, &linktype, &rem);
    if (eth == NULL || rem < 14) {
        dos_out(&o, "eth: truncated (%u bytes)\n", eth == NULL ? 0 : rem);
        trace_destroy_packet(packet);
        return (int)o.used;
    }
    dos_out(&o, "eth.dst: %02x:%02x:%02x:%02x:%02x:%02x\n", eth[0], eth[1],
            eth[2], eth[3], eth[4], eth[5]);
    dos_out(&o, "eth.src: %02x:%02x:%02x:%02x:%02x:%02x\n", eth[6], eth[7],
            eth[8], eth[9], eth[10], eth[11]);
    outer_type = dos_u16(eth + 12);
    dos_out(&o, "eth.type: 0x%04x\n", outer_type);

    l3 = trace_get_layer3(packet, &ethertype, &rem);
    if (l3 == NULL) {
        dos_out(&o, "l3: none\n");
    } else {
        if (ethertype != outer_type)
            dos_out(&o, "l3.type: 0x%04x\n", ethertype);
        if (ethertype == TRACE_ETHERTYPE_IP)
            dos_out_ip(&o, "", l3, rem, 0);
        else
            dos_out(&o, "l3: ethertype 0x%04x not decoded\n", ethertype);
    }
    trace_destroy_packet(packet);
    return (int)o.used;
}
