/*
 * cidrfilter: an example Corsaro filter plugin. GPL-3.0-or-later.
 */
/**
 * @file cidr.h
 * @brief IPv4 prefixes: parsing "A.B.C.D/LEN" and matching addresses.
 * No Corsaro in here, so the unit test needs no run.
 */
#ifndef CIDR_H
#define CIDR_H

#include <stddef.h>
#include <stdint.h>

/** An IPv4 prefix, host byte order. */
typedef struct cidr {
    uint32_t network; /**< the address with the host bits zero */
    uint32_t mask;    /**< LEN leading one bits */
    uint8_t len;      /**< 0..32 */
} cidr_t;

/** Parses "A.B.C.D/LEN" (LEN 0-32; a bare address means /32). Host bits
 * must be zero, so a typo like 44.1.0.0/8 is caught rather than guessed.
 * @param[out] why on error, what is wrong (NUL-terminated)
 * @return 0, or -1 with @p why set */
int cidr_parse(const char *text, cidr_t *out, char *why, size_t why_len);

/** @return 1 if @p addr (host byte order) is inside any of the @p cnt
 * prefixes of @p list, else 0 */
int cidr_list_contains(const cidr_t *list, size_t cnt, uint32_t addr);

#endif /* CIDR_H */
