/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * t2t_decode: the test's own decoder, written without libtrace, to check
 * cors-trace2tuple line by line. It reads an uncompressed classic pcap or
 * ERF file and prints what cors-trace2tuple should print for it:
 *
 *   t2t_decode FILE      one line per IPv4 packet (8 tab-separated columns)
 *   t2t_decode -t FILE   "PACKETS WIRE_BYTES" for the whole file
 *
 * It follows the rules libtrace 3.0.22 documents for these fields:
 *  - link layers: Ethernet (with 802.1Q tags and MPLS stacks, an MPLS
 *    payload being IPv4/IPv6 by its first nibble; libtrace 3 does not
 *    decode Ethernet carried over MPLS), Linux cooked (SLL), raw IP, BSD
 *    loopback; ERF Ethernet records;
 *  - IPv4: ethertype 0x0800, at least 20 captured bytes, version 4;
 *  - ports: 0 for non-first fragments, for ICMP, and when fewer than 2
 *    (source) or 4 (destination) captured bytes follow the IP header
 *    (counted up to the IP total length, so Ethernet padding is not
 *    payload); else the first and second 16-bit words after the header;
 *  - time: pcap seconds + microseconds (or nanoseconds) / 1e6 (1e9); ERF
 *    the 32.32 fixed-point stamp, seconds + fraction / (2^32 - 1) (sic:
 *    libtrace divides by UINT_MAX);
 *  - wire length: pcap's original length, plus 4 (the frame check
 *    sequence libtrace counts) for Ethernet; ERF's wlen.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DLT_NULL 0
#define DLT_EN10MB 1
#define DLT_RAW_A 12
#define DLT_RAW_B 14
#define DLT_RAW 101
#define DLT_LINUX_SLL 113

typedef struct pkt {
    const uint8_t *data;
    size_t caplen;
    double secs;
    uint64_t wire;
} pkt_t;

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t get32(const uint8_t *p, int swap)
{
    return swap ? be32(p) : ((uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
                             (uint32_t)p[1] << 8 | p[0]);
}

/* Walks Ethernet-style headers from @p off with ethertype @p et.
 * @return the offset of the layer 3 header, with *et its type, or
 * (size_t)-1 */
static size_t skip_l2(const pkt_t *p, size_t off, uint16_t *et)
{
    for (;;) {
        if (*et == 0x8100) { /* 802.1Q */
            if (off + 4 > p->caplen)
                return (size_t)-1;
            *et = be16(p->data + off + 2);
            off += 4;
        } else if (*et == 0x8847) { /* MPLS unicast */
            for (;;) {
                if (off + 4 > p->caplen)
                    return (size_t)-1;
                uint32_t e = be32(p->data + off);
                off += 4;
                if (e & 0x100)
                    break;
            }
            if (off >= p->caplen)
                return (size_t)-1;
            unsigned nib = p->data[off] >> 4;
            if (nib == 4) {
                *et = 0x0800;
            } else if (nib == 6) {
                *et = 0x86dd;
            } else {
                return (size_t)-1; /* Ethernet over MPLS: libtrace 3 stops */
            }
        } else {
            return off;
        }
    }
}

/* @return the offset of the layer 3 header and its ethertype, or -1 */
static size_t find_l3(const pkt_t *p, int dlt, uint16_t *et)
{
    switch (dlt) {
    case DLT_EN10MB:
        if (p->caplen < 14)
            return (size_t)-1;
        *et = be16(p->data + 12);
        return skip_l2(p, 14, et);
    case DLT_LINUX_SLL:
        if (p->caplen < 16)
            return (size_t)-1;
        *et = be16(p->data + 14);
        return skip_l2(p, 16, et);
    case DLT_RAW:
    case DLT_RAW_A:
    case DLT_RAW_B:
        if (p->caplen < 1)
            return (size_t)-1;
        *et = (p->data[0] >> 4) == 4 ? 0x0800 : 0x86dd;
        return 0;
    case DLT_NULL:
        if (p->caplen < 4)
            return (size_t)-1;
        *et = (p->data[0] == 2 || p->data[3] == 2) ? 0x0800 : 0;
        return 4;
    default:
        return (size_t)-1;
    }
}

static void print_packet(const pkt_t *p, int dlt)
{
    uint16_t et = 0;
    size_t off = find_l3(p, dlt, &et);
    if (off == (size_t)-1 || et != 0x0800 || p->caplen < off + 20)
        return;
    const uint8_t *ip = p->data + off;
    if ((ip[0] >> 4) != 4)
        return;
    size_t remaining = p->caplen - off;
    size_t hl = (size_t)(ip[0] & 0xf) * 4;
    uint16_t ip_len = be16(ip + 2), frag = be16(ip + 6) & 0x1fff;
    unsigned proto = ip[9];
    unsigned sport = 0, dport = 0;
    if (frag == 0 && remaining >= hl && proto != 1) {
        if (remaining > ip_len)
            remaining = ip_len; /* Ethernet padding is not payload */
        remaining = remaining >= hl ? remaining - hl : 0;
        if (remaining >= 2)
            sport = be16(ip + hl);
        if (remaining >= 4)
            dport = be16(ip + hl + 2);
    }
    printf("%f\t%u.%u.%u.%u\t%u.%u.%u.%u\t%u\t%u\t%u\t%u\t%u\n", p->secs, ip[12],
           ip[13], ip[14], ip[15], ip[16], ip[17], ip[18], ip[19], sport, dport,
           proto, be16(ip + 4), ip_len);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    uint8_t *buf = malloc(cap);
    size_t r;
    while (buf != NULL && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

typedef struct counts {
    uint64_t packets, bytes;
} counts_t;

static int read_pcap(const uint8_t *b, size_t len, int totals, counts_t *c)
{
    uint32_t magic = be32(b);
    int swap; /* the file's integers are big-endian */
    int nanos = 0;
    if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
        swap = 1;
        nanos = magic == 0xa1b23c4d;
    } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
        swap = 0;
        nanos = magic == 0x4d3cb2a1;
    } else {
        return -1;
    }
    int dlt = (int)get32(b + 20, swap);
    for (size_t off = 24; off + 16 <= len;) {
        pkt_t p;
        uint32_t sec = get32(b + off, swap), frac = get32(b + off + 4, swap);
        p.caplen = get32(b + off + 8, swap);
        p.wire = get32(b + off + 12, swap) + (dlt == DLT_EN10MB ? 4 : 0);
        p.data = b + off + 16;
        if (off + 16 + p.caplen > len)
            break;
        p.secs = (double)sec + (double)frac / (nanos ? 1e9 : 1e6);
        c->packets++;
        c->bytes += p.wire;
        if (!totals)
            print_packet(&p, dlt);
        off += 16 + p.caplen;
    }
    return 0;
}

static int read_erf(const uint8_t *b, size_t len, int totals, counts_t *c)
{
    for (size_t off = 0; off + 16 <= len;) {
        const uint8_t *h = b + off;
        uint64_t ts = 0;
        for (int i = 7; i >= 0; i--)
            ts = ts << 8 | h[i]; /* little-endian stamp */
        unsigned type = h[8] & 0x7f;
        size_t rlen = be16(h + 10);
        if (rlen < 16 || off + rlen > len)
            return -1;
        size_t hdr = 16;
        for (unsigned t = h[8]; t & 0x80; t = b[off + hdr - 8]) /* extensions */
            hdr += 8;
        pkt_t p;
        p.wire = be16(h + 14);
        p.secs = (double)(ts >> 32) + (double)(ts & 0xffffffffu) / 4294967295.0;
        int dlt = -1;
        if (type == 2 || type == 19) { /* Ethernet: 2 bytes of padding */
            hdr += 2;
            dlt = DLT_EN10MB;
        }
        p.data = b + off + hdr;
        p.caplen = rlen > hdr ? rlen - hdr : 0;
        c->packets++;
        c->bytes += p.wire;
        if (!totals && dlt >= 0)
            print_packet(&p, dlt);
        off += rlen;
    }
    return 0;
}

int main(int argc, char **argv)
{
    int totals = argc == 3 && strcmp(argv[1], "-t") == 0;
    if (argc != 2 + totals) {
        fprintf(stderr, "usage: t2t_decode [-t] FILE (uncompressed pcap or ERF)\n");
        return 2;
    }
    size_t len = 0;
    uint8_t *b = slurp(argv[1 + totals], &len);
    if (b == NULL || len < 24) {
        fprintf(stderr, "t2t_decode: cannot read %s\n", argv[1 + totals]);
        free(b);
        return 1;
    }
    counts_t c = {0, 0};
    int rc = read_pcap(b, len, totals, &c);
    if (rc != 0)
        rc = read_erf(b, len, totals, &c);
    if (rc == 0 && totals)
        printf("%llu %llu\n", (unsigned long long)c.packets,
               (unsigned long long)c.bytes);
    free(b);
    return rc == 0 ? 0 : 1;
}
