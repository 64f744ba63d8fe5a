/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Files for the dos tests: a scratch directory, byte buffers that grow,
 * and the dos/global records written by hand (from SPEC 3.1 and 5.7, not
 * by the plugin's own writer, so the reader is checked against the spec). */
#ifndef DOS_TEST_UTIL_H
#define DOS_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dos_test_packets.h"

typedef struct tbuf {
    uint8_t data[1 << 16];
    size_t len;
} tbuf_t;

static inline void tb_bytes(tbuf_t *b, const void *p, size_t n)
{
    if (b->len + n > sizeof(b->data))
        abort();
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static inline void tb_u16(tbuf_t *b, uint16_t v)
{
    uint8_t p[2];
    tp_put16(p, v);
    tb_bytes(b, p, 2);
}

static inline void tb_u32(tbuf_t *b, uint32_t v)
{
    uint8_t p[4];
    tp_put32(p, v);
    tb_bytes(b, p, 4);
}

static inline void tb_u64(tbuf_t *b, uint64_t v)
{
    tb_u32(b, (uint32_t)(v >> 32));
    tb_u32(b, (uint32_t)v);
}

/* EDGR INTR number time: an interval start or end (same bytes). */
static inline void tb_interval(tbuf_t *b, uint16_t number, uint32_t time)
{
    tb_bytes(b, "EDGRINTR", 8);
    tb_u16(b, number);
    tb_u32(b, time);
}

/* A 72-byte attack vector whose counters derive from @p seed, then the
 * packet. */
static inline void tb_vector(tbuf_t *b, uint32_t target, uint32_t seed,
                             const uint8_t *pkt, uint32_t pkt_len)
{
    tb_u32(b, target);
    tb_u32(b, seed + 1);           /* attacker_ip_cnt */
    tb_u32(b, seed + 2);           /* interval_attacker_ip_cnt */
    tb_u32(b, seed + 3);           /* attack_port_cnt */
    tb_u32(b, seed + 4);           /* target_port_cnt */
    tb_u64(b, seed + 5);           /* packet_cnt */
    tb_u32(b, seed + 6);           /* interval_packet_cnt */
    tb_u64(b, (uint64_t)seed << 33); /* byte_cnt */
    tb_u32(b, seed + 8);           /* interval_byte_cnt */
    tb_u64(b, seed + 9);           /* max_ppm */
    tb_u32(b, 1000 + seed);        /* start sec */
    tb_u32(b, 10);                 /* start usec */
    tb_u32(b, 2000 + seed);        /* latest sec */
    tb_u32(b, 999999);             /* latest usec */
    tb_u32(b, pkt_len);
    tb_bytes(b, pkt, pkt_len);
}

/* A scratch directory, removed by the caller with rm_scratch(). */
static inline void make_scratch(char *dir, size_t len, const char *name)
{
    snprintf(dir, len, "/tmp/corsaro-%s-XXXXXX", name);
    if (mkdtemp(dir) == NULL)
        abort();
}

static inline void rm_scratch(const char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

static inline void write_bytes(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0)
        abort();
}

/* Reads a whole text file (NUL-terminated, malloc'd). */
static inline char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (f == NULL)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n)
        abort();
    buf[n] = '\0';
    fclose(f);
    return buf;
}

#endif /* DOS_TEST_UTIL_H */
