/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_sort.c
 * @brief v2's tuple order (SPEC 4.3) by radix sort.
 *
 * The key bytes are stored least significant first (ft_internal.h), so a
 * radix sort on key[16] .. key[0] is exactly v2's comparison, with no
 * comparisons. v2 spent 28% of its run time in qsort.
 *
 * Why MSD and not LSD: an LSD sort makes one pass over the whole array per
 * varying digit (about 12 of the 17 for telescope traffic), and a
 * 200,000-tuple class is 4.8 MB, so every pass streams it through memory.
 * MSD splits on the most significant varying digit and recurses into the
 * buckets, which soon fit in cache and soon hold a handful of items,
 * finished by insertion sort: two or three passes per item instead of
 * twelve. Measured on this project's 2-core VM, 200,000 random telescope
 * tuples: LSD (with constant digits skipped) 58 ns per tuple, MSD 15-20 ns.
 *
 * In place (American flag sort): each bucket's items are swapped into it,
 * so the sort needs no scratch array. The out-of-place MSD this replaced
 * was a little faster (18 ns per tuple against 22 on real tuples) but needed a
 * second copy of the largest class (4.8 MB at 200,000 tuples), a third of
 * flowtuple's peak memory. Digits on which a range agrees cost one
 * counting read and no move. Keys are
 * unique, so the result does not depend on the algorithm; the unit tests
 * compare it with qsort and a comparator written from the spec.
 */
#include <string.h>

#include "ft_internal.h"

#define FT_SORT_SMALL 48

int corsaro__ft_item_cmp(const ft_item_t *a, const ft_item_t *b)
{
    if (a->key[16] != b->key[16])
        return a->key[16] < b->key[16] ? -1 : 1;
    uint64_t x = ft_key_hi(a), y = ft_key_hi(b);
    if (x != y)
        return x < y ? -1 : 1;
    x = ft_key_lo(a);
    y = ft_key_lo(b);
    if (x != y)
        return x < y ? -1 : 1;
    return 0;
}

static void ft_insertion_sort(ft_item_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        ft_item_t v = a[i];
        size_t j = i;
        while (j > 0 && corsaro__ft_item_cmp(&a[j - 1], &v) > 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

/* Below this many items a range is in cache, and moving each item home
 * along a cycle of swaps is cheapest; above it every swap is a cache miss,
 * and rounds of independent swaps let the misses overlap. Measured on
 * real tuples: cycles only 33 ns per tuple, rounds only 29, both 22. */
#define FT_SORT_ROUNDS_FROM 2048

/* Moves every item of a[] into its bucket [head[b], tail[b]) on @p digit
 * by following cycles: the item at a bucket's head is swapped to the head
 * of its own bucket until the one that arrives belongs here. */
static void ft_place_by_cycles(ft_item_t *a, int digit, int lo, int hi,
                               size_t *head, const size_t *tail)
{
    for (int b = lo; b <= hi; b++) {
        while (head[b] < tail[b]) {
            ft_item_t *x = &a[head[b]];
            int t = x->key[digit];
            if (t == b) {
                head[b]++;
                continue;
            }
            size_t q = head[t]++;
            ft_item_t moved = a[q];
            a[q] = *x;
            *x = moved;
        }
    }
}

/* The same by rounds: each round swaps every unplaced item to the head of
 * its bucket, and the item swapped back is looked at in the next round,
 * so consecutive swaps do not wait for each other's cache misses. */
static void ft_place_by_rounds(ft_item_t *a, int digit, int lo, int hi,
                               size_t *head, const size_t *tail)
{
    uint8_t todo[256];
    int ntodo = 0;
    for (int b = lo; b <= hi; b++)
        if (head[b] < tail[b])
            todo[ntodo++] = (uint8_t)b;
    while (ntodo > 0) {
        for (int i = 0; i < ntodo; i++) {
            int b = todo[i];
            for (size_t p = head[b], end = tail[b]; p < end; p++) {
                size_t q = head[a[p].key[digit]]++;
                ft_item_t moved = a[p];
                a[p] = a[q];
                a[q] = moved;
            }
        }
        int kept = 0;
        for (int i = 0; i < ntodo; i++)
            if (head[todo[i]] < tail[todo[i]])
                todo[kept++] = todo[i];
        ntodo = kept;
    }
}

/* In-place MSD radix sort of a[0..n) on the digits listed in d[0..nd)
 * (most significant first); the items agree on every digit before d[0]. */
static void ft_msd(ft_item_t *a, size_t n, const int8_t *d, int nd)
{
    size_t count[256], head[256], tail[256];
    int digit, lo, hi;

    for (;;) {
        if (n <= FT_SORT_SMALL || nd == 0) {
            /* nd == 0 would mean equal keys: not in a table */
            ft_insertion_sort(a, n);
            return;
        }
        digit = d[0];
        d++; /* the buckets sort on the digits after this one */
        nd--;
        memset(count, 0, sizeof(count));
        lo = 255;
        hi = 0;
        for (size_t i = 0; i < n; i++) {
            int v = a[i].key[digit];
            count[v]++;
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        if (lo != hi)
            break;
        /* one value here: go straight to the next digit */
    }

    /* only the values present, lo..hi: small ranges often use few */
    size_t sum = 0;
    for (int b = lo; b <= hi; b++) {
        head[b] = sum;
        sum += count[b];
        tail[b] = sum;
    }
    if (n < FT_SORT_ROUNDS_FROM)
        ft_place_by_cycles(a, digit, lo, hi, head, tail);
    else
        ft_place_by_rounds(a, digit, lo, hi, head, tail);

    for (int b = lo; b <= hi; b++)
        if (count[b] > 1)
            ft_msd(a + tail[b] - count[b], count[b], d, nd);
}

void corsaro__ft_sort(ft_item_t *items, size_t n)
{
    /* most significant first: protocol, ttl, flags, src, dst, ports, len */
    static const int8_t digits[FT_KEY_LEN] = {16, 15, 14, 13, 12, 11, 10, 9, 8,
                                              7,  6,  5,  4,  3,  2,  1,  0};
    ft_msd(items, n, digits, FT_KEY_LEN);
}
