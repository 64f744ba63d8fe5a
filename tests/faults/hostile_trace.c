/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * hostile_trace: writes a pcap in which every packet is backscatter (a TCP
 * SYN-ACK) from a source never seen before, so every packet is a new dos
 * target and a new flowtuple: the worst case for the memory of both
 * plugins. Packets are evenly spaced over the duration.
 *
 *   hostile_trace -n PACKETS -d SECONDS -o OUT.pcap
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FRAME_LEN 54 /* Ethernet 14 + IPv4 20 + TCP 20 */

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

/* The pcap headers are in host order (the magic says which). */
static int write_all(FILE *f, const void *p, size_t n)
{
    return fwrite(p, 1, n, f) == n ? 0 : -1;
}

int main(int argc, char **argv)
{
    unsigned long packets = 0, seconds = 0;
    const char *out = NULL;
    int c;
    while ((c = getopt(argc, argv, "n:d:o:")) != -1) {
        switch (c) {
        case 'n': packets = strtoul(optarg, NULL, 10); break;
        case 'd': seconds = strtoul(optarg, NULL, 10); break;
        case 'o': out = optarg; break;
        default: goto usage;
        }
    }
    if (packets == 0 || seconds == 0 || out == NULL)
        goto usage;
    FILE *f = fopen(out, "wb");
    if (f == NULL) {
        perror(out);
        return 1;
    }
    const uint32_t file_hdr[6] = {0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1};
    if (write_all(f, file_hdr, sizeof(file_hdr)) != 0)
        goto write_error;
    const uint32_t start = 1320969600;
    uint64_t step_us = (uint64_t)seconds * 1000000 / packets;
    for (unsigned long i = 0; i < packets; i++) {
        uint64_t t = (uint64_t)i * step_us;
        uint32_t rec[4] = {start + (uint32_t)(t / 1000000), (uint32_t)(t % 1000000),
                           FRAME_LEN, FRAME_LEN};
        uint8_t fr[FRAME_LEN] = {0};
        memcpy(fr, "\x00\x1b\x21\xa7\xe3\x50\x00\x1e\xf7\xca\x10\x71", 12);
        put16(fr + 12, 0x0800);
        uint8_t *ip = fr + 14;
        ip[0] = 0x45;
        put16(ip + 2, 40);
        put16(ip + 4, (uint16_t)i);
        ip[8] = 64;
        ip[9] = 6; /* TCP */
        /* a new source (the dos target) for every packet, never 0 */
        put32(ip + 12, 0x01000001u + (uint32_t)i);
        put32(ip + 16, (44u << 24) | ((uint32_t)(i * 7919u) & 0xffffffu));
        uint8_t *tcp = ip + 20;
        put16(tcp, 80);
        put16(tcp + 2, (uint16_t)(1024 + i % 60000));
        tcp[12] = 5 << 4;
        tcp[13] = 0x12; /* SYN-ACK: backscatter */
        put16(tcp + 14, 8192);
        if (write_all(f, rec, sizeof(rec)) != 0 || write_all(f, fr, sizeof(fr)) != 0)
            goto write_error;
    }
    if (fclose(f) != 0) {
        perror(out);
        return 1;
    }
    return 0;
write_error:
    perror(out);
    fclose(f);
    return 1;
usage:
    fprintf(stderr, "usage: hostile_trace -n PACKETS -d SECONDS -o OUT.pcap\n");
    return 2;
}
