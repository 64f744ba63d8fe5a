/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file anon_ip.h
 * @brief Rewriting the addresses of an IPv4 packet in place, with every
 * checksum that covers them, including the header quoted in ICMP errors.
 */
#ifndef CORSARO_ANON_IP_H
#define CORSARO_ANON_IP_H

#include <stddef.h>
#include <stdint.h>

/** Maps an address (host byte order) to its anonymised form. */
typedef uint32_t (*anon_fn_t)(void *ctx, uint32_t addr);

/** What to rewrite and how. */
typedef struct anon_map {
    anon_fn_t fn;
    void *ctx;
    int src; /**< -s: anonymise the source address */
    int dst; /**< -d: anonymise the destination address */
} anon_map_t;

/**
 * Anonymises the IPv4 packet at @p ip, of which @p cap bytes were captured:
 * - the source and/or destination address, as @p map says, and the IP
 *   header checksum;
 * - the TCP or UDP checksum (their pseudo-header holds the addresses), when
 *   the packet is a first fragment and the field was captured; a UDP
 *   checksum of 0 (none) stays 0;
 * - in ICMP errors (types 3, 4, 5, 11, 12): the quoted IPv4 header, its
 *   checksum, the quoted TCP/UDP checksum when quoted, and the ICMP
 *   checksum. The quoted packet travelled the other way, so its source is
 *   rewritten when @p map says dst and its destination when it says src:
 *   the same host then gets the same address inside and outside.
 * Checksums are updated incrementally, so truncated captures are handled.
 * @return 1 if the packet's addresses were rewritten, 0 if it is not an
 *         IPv4 packet with its addresses captured (left untouched)
 */
int anon_ipv4(uint8_t *ip, size_t cap, const anon_map_t *map);

#endif /* CORSARO_ANON_IP_H */
