/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * pcap_portcount: the portcount example's counts, computed independently
 * for scripts/test-sdk.sh: libpcap reads the file and the headers are
 * parsed here by hand (no libtrace, no Corsaro), with portcount's rules
 * (examples/portcount/portcount.h):
 *
 *   IPv4 packets only (after Ethernet and any 802.1Q tags); the port is the
 *   TCP/UDP destination port, 0 for other protocols and non-first
 *   fragments; with CIDRs given, only destinations inside one of them.
 *
 * Intervals are corsaro's without -a: the first starts at the first
 * packet's second, each lasts INTERVAL seconds.
 *
 * usage: pcap_portcount INTERVAL FILE.pcap [A.B.C.D/LEN ...]
 * prints `START PROTOCOL PORT PACKETS` lines (unsorted) on stdout, and the
 * number of packets counted on stderr as `counted N`.
 */
#include <inttypes.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CIDRS 16
#define KEYS (256 * 65536)

typedef struct prefix {
    uint32_t net, mask;
} prefix_t;

static int parse_prefix(const char *s, prefix_t *p)
{
    unsigned a, b, c, d, len;
    char end;
    if (sscanf(s, "%u.%u.%u.%u/%u%c", &a, &b, &c, &d, &len, &end) != 5 ||
        a > 255 || b > 255 || c > 255 || d > 255 || len > 32)
        return -1;
    p->mask = len == 0 ? 0 : 0xffffffffu << (32 - len);
    p->net = ((a << 24) | (b << 16) | (c << 8) | d) & p->mask;
    return 0;
}

/* The counts of one interval, printed when it ends. */
static uint32_t *counts;

static void flush(uint32_t start)
{
    for (uint32_t k = 0; k < KEYS; k++) {
        if (counts[k] == 0)
            continue;
        printf("%" PRIu32 " %u %u %" PRIu32 "\n", start, k >> 16, k & 0xffff,
               counts[k]);
        counts[k] = 0;
    }
}

int main(int argc, char **argv)
{
    char errbuf[PCAP_ERRBUF_SIZE];
    prefix_t cidrs[MAX_CIDRS];
    int cidr_cnt = argc - 3;

    if (argc < 3 || cidr_cnt > MAX_CIDRS || atoi(argv[1]) <= 0) {
        fprintf(stderr, "usage: pcap_portcount INTERVAL FILE.pcap [CIDR ...]\n");
        return 2;
    }
    uint32_t interval = (uint32_t)atoi(argv[1]);
    for (int i = 0; i < cidr_cnt; i++)
        if (parse_prefix(argv[3 + i], &cidrs[i]) != 0) {
            fprintf(stderr, "pcap_portcount: bad prefix %s\n", argv[3 + i]);
            return 2;
        }
    pcap_t *p = pcap_open_offline(argv[2], errbuf);
    if (p == NULL) {
        fprintf(stderr, "pcap_portcount: %s\n", errbuf);
        return 1;
    }
    if (pcap_datalink(p) != DLT_EN10MB) {
        fprintf(stderr, "pcap_portcount: not an Ethernet capture\n");
        return 1;
    }
    counts = calloc(KEYS, sizeof(*counts));
    if (counts == NULL)
        return 1;

    struct pcap_pkthdr *h;
    const u_char *d;
    int rc, started = 0;
    uint32_t first = 0, start = 0;
    uint64_t counted = 0;
    while ((rc = pcap_next_ex(p, &h, &d)) == 1) {
        uint32_t sec = (uint32_t)h->ts.tv_sec;
        if (!started) {
            first = start = sec;
            started = 1;
        }
        uint32_t this_start = first + (sec - first) / interval * interval;
        if (this_start != start) {
            flush(start);
            start = this_start;
        }
        uint32_t off = 12, cap = h->caplen;
        if (cap < 14)
            continue;
        uint16_t type = (uint16_t)(d[off] << 8 | d[off + 1]);
        while ((type == 0x8100 || type == 0x88a8) && cap >= off + 6) {
            off += 4;
            type = (uint16_t)(d[off] << 8 | d[off + 1]);
        }
        off += 2;
        if (type != 0x0800 || cap < off + 20 || (d[off] >> 4) != 4)
            continue;
        const u_char *ip = d + off;
        uint32_t ihl = (uint32_t)(ip[0] & 15) * 4;
        uint8_t proto = ip[9];
        uint16_t frag = (uint16_t)((ip[6] << 8 | ip[7]) & 0x1fff);
        uint32_t dst = (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 |
                       (uint32_t)ip[18] << 8 | ip[19];
        int inside = cidr_cnt == 0;
        for (int i = 0; i < cidr_cnt && !inside; i++)
            inside = (dst & cidrs[i].mask) == cidrs[i].net;
        if (!inside)
            continue;
        uint16_t port = 0;
        if (frag == 0 && (proto == 6 || proto == 17) && cap >= off + ihl + 4)
            port = (uint16_t)(ip[ihl + 2] << 8 | ip[ihl + 3]);
        counts[(uint32_t)proto << 16 | port]++;
        counted++;
    }
    if (rc == -1) {
        fprintf(stderr, "pcap_portcount: %s\n", pcap_geterr(p));
        return 1;
    }
    if (started)
        flush(start);
    fprintf(stderr, "counted %" PRIu64 "\n", counted);
    pcap_close(p);
    free(counts);
    return 0;
}
