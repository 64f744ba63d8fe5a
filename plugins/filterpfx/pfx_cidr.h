/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file pfx_cidr.h
 * @brief Strict parsing of IPv4 prefixes written `a.b.c.d/len`.
 *
 * Shared by filterpfx (its -p option and prefix files) and anon (the key of
 * `-t prefix`), so both accept exactly the same spelling.
 */
#ifndef CORSARO_PFX_CIDR_H
#define CORSARO_PFX_CIDR_H

#include <stddef.h>
#include <stdint.h>

/** One parsed prefix, host byte order. */
typedef struct pfx_cidr {
    uint32_t addr;     /**< the address with host bits cleared */
    uint8_t len;       /**< prefix length 0-32 */
    uint8_t host_bits; /**< 1 if the text had host bits set (now cleared) */
} pfx_cidr_t;

/** The netmask of a prefix of @p len bits (0-32), host byte order. */
static inline uint32_t pfx_mask(unsigned len)
{
    return len == 0 ? 0u : ~0u << (32 - len);
}

/**
 * Parses @p text, `a.b.c.d/len` or `a.b.c.d` (a /32). Octets are decimal
 * 0-255 without leading zeros (so nobody wonders whether 010 is octal);
 * len is decimal 0-32. Nothing else may follow.
 * @param[out] out the prefix, host bits masked off
 * @param[out] why on failure, a reason for the message (may be NULL)
 * @return 0, or -1 if @p text is not such a prefix
 */
int pfx_cidr_parse(const char *text, pfx_cidr_t *out, char *why, size_t why_len);

#endif /* CORSARO_PFX_CIDR_H */
