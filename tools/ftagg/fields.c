/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file fields.c
 * @brief Field names, masks and tuple-to-key packing (see fields.h).
 */
#include "fields.h"

#include <arpa/inet.h>
#include <string.h>

static const char *const field_names[FTAGG_FIELD_CNT] = {
    "src_ip", "dst_ip", "src_port", "dst_port", "protocol",
    "ttl",    "tcp_flags", "ip_len", "packet_cnt",
};

int ftagg_field_by_name(const char *name)
{
    for (int f = 0; f < FTAGG_FIELD_CNT; f++)
        if (strcmp(name, field_names[f]) == 0)
            return f;
    return -1;
}

const char *ftagg_field_name(ftagg_field_t field)
{
    return (unsigned)field < FTAGG_FIELD_CNT ? field_names[field] : "?";
}

void ftagg_mask_init(ftagg_mask_t *mask, unsigned fields)
{
    ftagg_key_t *k = &mask->keep;
    memset(k, 0, sizeof(*k));
#define KEEP(f) (fields & (1u << (f)))
    if (KEEP(FTAGG_SRC_IP))
        k->addr |= 0xffffffff00000000ull;
    if (KEEP(FTAGG_DST_IP))
        k->addr |= 0x00000000ffffffffull;
    if (KEEP(FTAGG_SRC_PORT))
        k->rest |= 0xffffull << 32;
    if (KEEP(FTAGG_DST_PORT))
        k->rest |= 0xffffull << 16;
    if (KEEP(FTAGG_IP_LEN))
        k->rest |= 0xffffull;
    if (KEEP(FTAGG_PROTOCOL))
        k->head |= 0xffu << 16;
    if (KEEP(FTAGG_TTL))
        k->head |= 0xffu << 8;
    if (KEEP(FTAGG_TCP_FLAGS))
        k->head |= 0xffu;
#undef KEEP
}

/* The integer got by loading network-order bytes little-endian first:
 * flowtuple's sort compares these (SPEC 4.3). Done byte by byte so the
 * order is the same on any host; compilers make it a plain load on x86. */
static inline uint32_t le32_of(uint32_t wire)
{
    uint8_t b[4];
    memcpy(b, &wire, sizeof(b));
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

static inline uint32_t le16_of(uint16_t wire)
{
    uint8_t b[2];
    memcpy(b, &wire, sizeof(b));
    return (uint32_t)b[0] | (uint32_t)b[1] << 8;
}

void ftagg_tuple_key(const corsaro_flowtuple_t *ft, const ftagg_mask_t *mask,
                     ftagg_key_t *key)
{
    key->addr = ((uint64_t)le32_of(ft->src_ip) << 32 | le32_of(ft->dst_ip)) &
                mask->keep.addr;
    key->rest = ((uint64_t)le16_of(ft->src_port) << 32 |
                 (uint64_t)le16_of(ft->dst_port) << 16 | le16_of(ft->ip_len)) &
                mask->keep.rest;
    key->head = ((uint32_t)ft->protocol << 16 | (uint32_t)ft->ttl << 8 |
                 ft->tcp_flags) &
                mask->keep.head;
}

uint64_t ftagg_tuple_value(const corsaro_flowtuple_t *ft, ftagg_field_t field)
{
    switch (field) {
    case FTAGG_SRC_IP:
        return ntohl(ft->src_ip);
    case FTAGG_DST_IP:
        return ntohl(ft->dst_ip);
    case FTAGG_SRC_PORT:
        return ntohs(ft->src_port);
    case FTAGG_DST_PORT:
        return ntohs(ft->dst_port);
    case FTAGG_PROTOCOL:
        return ft->protocol;
    case FTAGG_TTL:
        return ft->ttl;
    case FTAGG_TCP_FLAGS:
        return ft->tcp_flags;
    case FTAGG_IP_LEN:
        return ntohs(ft->ip_len);
    case FTAGG_PACKET_CNT:
    case FTAGG_FIELD_CNT:
    default:
        return ntohl(ft->packet_cnt);
    }
}
