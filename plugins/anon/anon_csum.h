/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file anon_csum.h
 * @brief Incremental Internet checksum update (RFC 1624, equation 3).
 *
 * Why incremental rather than recomputed: a capture often holds only the
 * first bytes of a packet, and a recomputation needs all of them. The
 * update needs only the old and new values of the changed 16-bit words,
 * and it keeps a correct checksum correct (and a wrong one wrong by the
 * same amount, so a receiver's view is unchanged).
 *
 * Usage: collect the changes of one region in a csum_delta_t, then apply
 * it to every checksum that covers those words. All values are 16-bit
 * words as stored (big-endian), at even offsets of the checksummed region.
 */
#ifndef CORSARO_ANON_CSUM_H
#define CORSARO_ANON_CSUM_H

#include <stdint.h>

/** The sum of ~old + new over changed words. */
typedef struct csum_delta {
    uint32_t sum;
} csum_delta_t;

/** Records that a 16-bit word changed from @p old_word to @p new_word. */
static inline void csum_delta_add16(csum_delta_t *d, uint16_t old_word,
                                    uint16_t new_word)
{
    d->sum += (uint16_t)~old_word;
    d->sum += new_word;
}

/** Records that a 32-bit value (two words) changed. */
static inline void csum_delta_add32(csum_delta_t *d, uint32_t old_value,
                                    uint32_t new_value)
{
    csum_delta_add16(d, (uint16_t)(old_value >> 16), (uint16_t)(new_value >> 16));
    csum_delta_add16(d, (uint16_t)old_value, (uint16_t)new_value);
}

/** Adds the changes of @p more to @p d. */
static inline void csum_delta_merge(csum_delta_t *d, const csum_delta_t *more)
{
    /* fold first: deltas of up to a few dozen words cannot overflow, but
     * folding keeps that true however they are combined */
    uint32_t s = more->sum;
    s = (s & 0xffffu) + (s >> 16);
    d->sum += s;
}

/** The checksum @p hc after the changes in @p d: HC' = ~(~HC + ~m + m'). */
static inline uint16_t csum_apply(uint16_t hc, const csum_delta_t *d)
{
    uint32_t s = (uint16_t)~hc;
    uint32_t add = d->sum;
    add = (add & 0xffffu) + (add >> 16);
    s += add;
    s = (s & 0xffffu) + (s >> 16);
    s = (s & 0xffffu) + (s >> 16);
    return (uint16_t)~s;
}

#endif /* CORSARO_ANON_CSUM_H */
