/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file pfx_set.h
 * @brief A set of IPv4 prefixes that answers "is this address inside any
 * of them?" in near-constant time, also for millions of prefixes.
 *
 * The filter only needs a yes/no answer, and an address has a longest
 * matching prefix exactly when it is inside at least one prefix; so the
 * set stores the union of the prefixes as sorted, disjoint address ranges,
 * with a 65,536-entry index on the top 16 bits that leaves a binary search
 * over the (usually zero to two) ranges touching that /16.
 *
 * Use: pfx_set_add() any number of times, pfx_set_build() once, then
 * pfx_set_contains(). Memory: 8 bytes per range plus 256 KiB of index.
 */
#ifndef CORSARO_PFX_SET_H
#define CORSARO_PFX_SET_H

#include <stddef.h>
#include <stdint.h>

/** The set. Zero-initialise it (or use pfx_set_init()). */
typedef struct pfx_set {
    uint32_t *first;   /**< range starts, ascending */
    uint32_t *last;    /**< range ends (inclusive), ascending */
    size_t n;          /**< ranges (after build: merged) */
    size_t cap;
    uint32_t *index;   /**< 65,537 entries: first range ending at or after
                            each /16; NULL until built */
    size_t added;      /**< prefixes given to pfx_set_add() */
} pfx_set_t;

/** Empties @p set (no allocation). */
void pfx_set_init(pfx_set_t *set);

/** Adds the prefix @p addr/@p len (host order, host bits ignored).
 * @return 0, or -1 when out of memory */
int pfx_set_add(pfx_set_t *set, uint32_t addr, unsigned len);

/** Sorts and merges the ranges and builds the index; call after the last
 * add and before the first lookup. @return 0, or -1 when out of memory */
int pfx_set_build(pfx_set_t *set);

/** @return 1 if @p addr (host order) is inside a prefix of the set, else 0 */
static inline int pfx_set_contains(const pfx_set_t *set, uint32_t addr)
{
    uint32_t top = addr >> 16;
    size_t lo = set->index[top], hi = set->index[top + 1];
    /* the range holding addr, if any, is the first one ending at or after
     * addr; it is at or after index[top] and at most index[top + 1] */
    if (hi >= set->n)
        hi = set->n;
    else
        hi++;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (set->last[mid] < addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < set->n && set->first[lo] <= addr;
}

/** Number of disjoint ranges after build (for logs and tests). */
static inline size_t pfx_set_ranges(const pfx_set_t *set) { return set->n; }

/** Frees everything; the set is empty afterwards. */
void pfx_set_free(pfx_set_t *set);

#endif /* CORSARO_PFX_SET_H */
