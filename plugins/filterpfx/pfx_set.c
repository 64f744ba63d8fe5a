/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * The prefix set: prefixes become address ranges, which are sorted and
 * merged into disjoint ranges, then indexed by their top 16 bits.
 *
 * Why ranges rather than a trie: the filter asks only whether an address
 * is covered, so overlapping and nested prefixes can be merged away; what
 * remains is two sorted arrays (cache-friendly, 8 bytes per range), built
 * in O(n log n), and a lookup is one index read plus a binary search over
 * the few ranges that touch the address's /16.
 */
#include <stdlib.h>
#include <string.h>

#include "pfx_cidr.h"
#include "pfx_set.h"

#define INDEX_SLOTS (65536 + 1)

void pfx_set_init(pfx_set_t *set)
{
    memset(set, 0, sizeof(*set));
}

static int grow(pfx_set_t *set)
{
    size_t cap = set->cap ? set->cap * 2 : 1024;
    uint32_t *f = realloc(set->first, cap * sizeof(*f));
    if (f == NULL)
        return -1;
    set->first = f;
    uint32_t *l = realloc(set->last, cap * sizeof(*l));
    if (l == NULL)
        return -1;
    set->last = l;
    set->cap = cap;
    return 0;
}

int pfx_set_add(pfx_set_t *set, uint32_t addr, unsigned len)
{
    uint32_t mask = pfx_mask(len > 32 ? 32 : len);
    if (set->n == set->cap && grow(set) != 0)
        return -1;
    set->first[set->n] = addr & mask;
    set->last[set->n] = (addr & mask) | ~mask;
    set->n++;
    set->added++;
    return 0;
}

/* Sorting pairs: pack them into u64s so qsort moves one value, and the
 * comparison orders by start then end. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Merges overlapping and adjacent ranges in place. Pairs are sorted. */
static size_t merge(uint64_t *pairs, size_t n, uint32_t *first, uint32_t *last)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t f = (uint32_t)(pairs[i] >> 32), l = (uint32_t)pairs[i];
        /* adjacent counts as touching: last + 1 == f, minding the wrap */
        if (out > 0 && (last[out - 1] == UINT32_MAX || f <= last[out - 1] + 1)) {
            if (l > last[out - 1])
                last[out - 1] = l;
            continue;
        }
        first[out] = f;
        last[out] = l;
        out++;
    }
    return out;
}

int pfx_set_build(pfx_set_t *set)
{
    size_t n = set->n;
    uint64_t *pairs = malloc((n ? n : 1) * sizeof(*pairs));
    uint32_t *index = malloc(INDEX_SLOTS * sizeof(*index));
    if (pairs == NULL || index == NULL) {
        free(pairs);
        free(index);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        pairs[i] = ((uint64_t)set->first[i] << 32) | set->last[i];
    qsort(pairs, n, sizeof(*pairs), cmp_u64);
    set->n = merge(pairs, n, set->first, set->last);
    free(pairs);

    /* index[h] = first range whose end is at or after h << 16; ranges are
     * disjoint and sorted, so the ends ascend and one sweep fills it */
    size_t r = 0;
    for (uint32_t h = 0; h < 65536; h++) {
        uint32_t base = h << 16;
        while (r < set->n && set->last[r] < base)
            r++;
        index[h] = (uint32_t)r;
    }
    index[65536] = (uint32_t)set->n;
    free(set->index);
    set->index = index;
    return 0;
}

void pfx_set_free(pfx_set_t *set)
{
    free(set->first);
    free(set->last);
    free(set->index);
    pfx_set_init(set);
}
