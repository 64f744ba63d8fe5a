/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Test helper for the anon end-to-end test, independent of the plugin:
 *
 *   pcap_check sums FILE    verifies every IPv4, TCP, UDP and ICMP checksum
 *                           that can be verified (whole packet captured,
 *                           not a fragment) and the header quoted in ICMP
 *                           errors; prints `name count` lines
 *   pcap_check addrs FILE   prints one line per packet: `-` if not IPv4,
 *                           else `src dst`, plus `qsrc qdst` for an ICMP
 *                           error quoting an IPv4 header
 *
 * Reads Ethernet pcap files (cors-synth's) with libpcap.
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <pcap/pcap.h>

typedef struct counts {
    unsigned long ip_ok, ip_bad, tcp_ok, tcp_bad, udp_ok, udp_bad, udp_none,
        icmp_ok, icmp_bad, quoted, quoted_ip_ok, quoted_ip_bad, packets, ipv4;
} counts_t;

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint32_t sum(uint32_t s, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        s += get16(p + i);
    if (len & 1)
        s += (uint32_t)p[len - 1] << 8;
    return s;
}

static int valid(uint32_t s)
{
    while (s >> 16)
        s = (s & 0xffff) + (s >> 16);
    return s == 0xffff;
}

/* The IPv4 header in an Ethernet frame, or NULL; *len = captured bytes. */
static const uint8_t *ipv4_of(const uint8_t *frame, size_t caplen, size_t *len)
{
    size_t off = 12;
    if (caplen < 14)
        return NULL;
    uint16_t type = get16(frame + off);
    while (type == 0x8100 && caplen >= off + 6) {
        off += 4;
        type = get16(frame + off);
    }
    off += 2;
    if (type != 0x0800 || caplen < off + 20 || (frame[off] >> 4) != 4)
        return NULL;
    *len = caplen - off;
    return frame + off;
}

static int is_error(uint8_t t)
{
    return t == 3 || t == 4 || t == 5 || t == 11 || t == 12;
}

static void check(const uint8_t *ip, size_t cap, counts_t *c)
{
    size_t hl = (size_t)(ip[0] & 15) * 4, total = get16(ip + 2);
    c->ipv4++;
    if (hl < 20 || cap < hl)
        return;
    if (valid(sum(0, ip, hl)))
        c->ip_ok++;
    else
        c->ip_bad++;
    if ((get16(ip + 6) & 0x3fff) != 0 || total < hl || cap < total)
        return; /* fragment, or not all captured: cannot recompute */
    const uint8_t *l4 = ip + hl;
    size_t len = total - hl;
    uint32_t pseudo = sum(0, ip + 12, 8) + ip[9] + (uint32_t)len;
    if (ip[9] == 6 && len >= 20) {
        valid(sum(pseudo, l4, len)) ? c->tcp_ok++ : c->tcp_bad++;
    } else if (ip[9] == 17 && len >= 8) {
        if (get16(l4 + 6) == 0)
            c->udp_none++;
        else
            valid(sum(pseudo, l4, len)) ? c->udp_ok++ : c->udp_bad++;
    } else if (ip[9] == 1 && len >= 8) {
        valid(sum(0, l4, len)) ? c->icmp_ok++ : c->icmp_bad++;
        if (is_error(l4[0]) && len >= 28 && (l4[8] >> 4) == 4) {
            c->quoted++;
            size_t qhl = (size_t)(l4[8] & 15) * 4;
            if (qhl >= 20 && len >= 8 + qhl)
                valid(sum(0, l4 + 8, qhl)) ? c->quoted_ip_ok++ : c->quoted_ip_bad++;
        }
    }
}

static void print_addrs(const uint8_t *ip, size_t cap)
{
    char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, ip + 12, a, sizeof(a));
    inet_ntop(AF_INET, ip + 16, b, sizeof(b));
    printf("%s %s", a, b);
    size_t hl = (size_t)(ip[0] & 15) * 4;
    if (ip[9] == 1 && (get16(ip + 6) & 0x1fff) == 0 && cap >= hl + 28 &&
        is_error(ip[hl]) && (ip[hl + 8] >> 4) == 4) {
        inet_ntop(AF_INET, ip + hl + 8 + 12, a, sizeof(a));
        inet_ntop(AF_INET, ip + hl + 8 + 16, b, sizeof(b));
        printf(" %s %s", a, b);
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    char err[PCAP_ERRBUF_SIZE];
    if (argc != 3 || (strcmp(argv[1], "sums") != 0 && strcmp(argv[1], "addrs") != 0)) {
        fprintf(stderr, "usage: %s sums|addrs FILE\n", argv[0]);
        return 2;
    }
    pcap_t *p = pcap_open_offline(argv[2], err);
    if (p == NULL) {
        fprintf(stderr, "%s: %s\n", argv[2], err);
        return 1;
    }
    int addrs = strcmp(argv[1], "addrs") == 0;
    counts_t c;
    memset(&c, 0, sizeof(c));
    struct pcap_pkthdr *h;
    const uint8_t *frame;
    int rc;
    while ((rc = pcap_next_ex(p, &h, &frame)) == 1) {
        size_t cap;
        const uint8_t *ip = ipv4_of(frame, h->caplen, &cap);
        c.packets++;
        if (addrs) {
            if (ip == NULL)
                printf("-\n");
            else
                print_addrs(ip, cap);
        } else if (ip != NULL) {
            check(ip, cap, &c);
        }
    }
    pcap_close(p);
    if (rc != PCAP_ERROR_BREAK) {
        fprintf(stderr, "%s: read error\n", argv[2]);
        return 1;
    }
    if (!addrs)
        printf("packets %lu\nipv4 %lu\nip_ok %lu\nip_bad %lu\ntcp_ok %lu\n"
               "tcp_bad %lu\nudp_ok %lu\nudp_bad %lu\nudp_none %lu\nicmp_ok %lu\n"
               "icmp_bad %lu\nquoted %lu\nquoted_ip_ok %lu\nquoted_ip_bad %lu\n",
               c.packets, c.ipv4, c.ip_ok, c.ip_bad, c.tcp_ok, c.tcp_bad, c.udp_ok,
               c.udp_bad, c.udp_none, c.icmp_ok, c.icmp_bad, c.quoted,
               c.quoted_ip_ok, c.quoted_ip_bad);
    return 0;
}
