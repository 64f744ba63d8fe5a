/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_table.c
 * @brief One class's tuples: a slab of items and an open-addressing index.
 *
 * Why not uthash: a uthash entry carries a 56-byte handle and is reached
 * through a bucket chain of pointers, so every packet costs several cache
 * misses and every tuple its own allocation (v2 spent 12% of its time in
 * malloc/free and 11% in hash inserts). Here:
 *
 * - the items live in one array (the slab), 24 bytes each, appended in
 *   insertion order; it grows by doubling and is reused by the next
 *   interval, so steady state allocates nothing;
 * - the index is an array of 8-byte slots, linear probing, load <= 1/2.
 *   A slot holds the high 32 bits of the key's hash and the item's index,
 *   so a probe that meets another key is usually rejected without
 *   touching the item: a new tuple costs one cache miss, a known one two.
 *
 * - packets are inserted through a short pipeline (FT_PIPE deep): the
 *   slot of a key is prefetched when the packet arrives and the insert
 *   happens FT_PIPE packets later, when the slot is in cache. A 200,000
 *   tuple interval does not fit in L2, so this hides most of the one
 *   cache miss a new tuple costs.
 *
 * Resetting for the next interval clears the slots and forgets the items;
 * memory from an unusually large interval is given back gradually.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ft_internal.h"

#define FT_TABLE_MIN_SLOTS 16384u
#define FT_TABLE_MIN_ITEMS 512u
#define FT_TAG_MASK 0xFFFFFFFF00000000ull

/* Huge pages for slot arrays from 2 MiB: every packet touches a random
 * slot, and with 4 KiB pages that is a TLB miss as well as a cache miss. */
#define FT_HUGE (2u << 20)

/* A zeroed slot array. */
static uint64_t *ft_slots_alloc(size_t n)
{
    size_t bytes = n * sizeof(uint64_t);
    void *p = NULL;
    if (bytes < FT_HUGE)
        return calloc(n, sizeof(uint64_t));
    if (posix_memalign(&p, FT_HUGE, bytes) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: fine if refused */
#endif
    memset(p, 0, bytes);
    return p;
}

int corsaro__ft_table_init(ft_table_t *t)
{
    memset(t, 0, sizeof(*t));
    t->slots = ft_slots_alloc(FT_TABLE_MIN_SLOTS);
    if (t->slots == NULL)
        return -1;
    t->mask = FT_TABLE_MIN_SLOTS - 1;
    return 0;
}

void corsaro__ft_table_free(ft_table_t *t)
{
    free(t->items);
    free(t->slots);
    memset(t, 0, sizeof(*t));
}

/* Puts every item into a fresh slot array of @p nslots slots. */
static int ft_table_rehash(ft_table_t *t, size_t nslots)
{
    uint64_t *slots = ft_slots_alloc(nslots);
    if (slots == NULL)
        return -1;
    size_t mask = nslots - 1;
    for (size_t i = 0; i < t->n; i++) {
        uint64_t h = ft_key_hash(&t->items[i]);
        size_t pos = (size_t)h & mask;
        while (slots[pos] != 0)
            pos = (pos + 1) & mask;
        slots[pos] = (h & FT_TAG_MASK) | (uint64_t)(i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->mask = mask;
    return 0;
}

static int ft_table_grow_items(ft_table_t *t)
{
    size_t cap = t->cap ? t->cap * 2 : FT_TABLE_MIN_ITEMS;
    if (cap > (size_t)UINT32_MAX - 1 || cap > SIZE_MAX / sizeof(ft_item_t))
        return -1;
    ft_item_t *items = realloc(t->items, cap * sizeof(*items));
    if (items == NULL)
        return -1;
    t->items = items;
    t->cap = cap;
    return 0;
}

/* Inserts or counts @p probe whose hash is @p h. */
static int ft_table_put(ft_table_t *t, const ft_item_t *probe, uint64_t h,
                        uint32_t inc)
{
    uint64_t tag = h & FT_TAG_MASK;
    size_t pos = (size_t)h & t->mask;
    uint64_t s;

    while ((s = t->slots[pos]) != 0) {
        if ((s & FT_TAG_MASK) == tag) {
            ft_item_t *it = &t->items[(uint32_t)s - 1];
            if (ft_key_equal(it, probe)) {
                it->count += inc; /* u32, wraps like v2's */
                return 0;
            }
        }
        pos = (pos + 1) & t->mask;
    }

    /* a new key */
    if (t->n == t->cap && ft_table_grow_items(t) != 0)
        return -1;
    if ((t->n + 1) * 2 > t->mask + 1) {
        if (ft_table_rehash(t, (t->mask + 1) * 2) != 0)
            return -1;
        pos = (size_t)h & t->mask;
        while (t->slots[pos] != 0)
            pos = (pos + 1) & t->mask;
    }
    ft_item_t *it = &t->items[t->n];
    memcpy(it->key, probe->key, FT_KEY_LEN);
    memset(it->pad, 0, sizeof(it->pad));
    it->count = inc;
    t->slots[pos] = tag | (uint64_t)(t->n + 1);
    t->n++;
    return 0;
}

int corsaro__ft_table_flush(ft_table_t *t)
{
    int rc = 0;
    while (t->pipe_n > 0) {
        ft_pending_t *p = &t->pipe[t->pipe_head];
        if (ft_table_put(t, &p->item, p->hash, p->item.count) != 0)
            rc = -1;
        t->pipe_head = (t->pipe_head + 1) & (FT_PIPE - 1);
        t->pipe_n--;
    }
    return rc;
}

int corsaro__ft_table_add(ft_table_t *t, const ft_item_t *probe, uint32_t inc)
{
    if (t->pipe_n > 0 && corsaro__ft_table_flush(t) != 0)
        return -1;
    return ft_table_put(t, probe, ft_key_hash(probe), inc);
}

int corsaro__ft_table_add_later(ft_table_t *t, const ft_item_t *probe,
                                uint32_t inc)
{
    uint64_t h = ft_key_hash(probe);
    int rc = 0;

    __builtin_prefetch(&t->slots[(size_t)h & t->mask], 1, 3);
    if (t->pipe_n == FT_PIPE) {
        ft_pending_t *old = &t->pipe[t->pipe_head];
        rc = ft_table_put(t, &old->item, old->hash, old->item.count);
        t->pipe_head = (t->pipe_head + 1) & (FT_PIPE - 1);
        t->pipe_n--;
    }
    ft_pending_t *p = &t->pipe[(t->pipe_head + t->pipe_n) & (FT_PIPE - 1)];
    memcpy(&p->item, probe, sizeof(p->item));
    p->item.count = inc;
    p->hash = h;
    t->pipe_n++;
    return rc;
}

ft_item_t *corsaro__ft_table_find(ft_table_t *t, const ft_item_t *probe)
{
    if (t->pipe_n > 0)
        (void)corsaro__ft_table_flush(t);
    uint64_t h = ft_key_hash(probe);
    uint64_t tag = h & FT_TAG_MASK;
    size_t pos = (size_t)h & t->mask;
    uint64_t s;

    while ((s = t->slots[pos]) != 0) {
        if ((s & FT_TAG_MASK) == tag) {
            ft_item_t *it = &t->items[(uint32_t)s - 1];
            if (ft_key_equal(it, probe))
                return it;
        }
        pos = (pos + 1) & t->mask;
    }
    return NULL;
}

void corsaro__ft_table_reset(ft_table_t *t)
{
    /* Remember a slowly decaying peak, and size the memory for it. */
    size_t decayed = t->peak - t->peak / 4;
    t->peak = t->n > decayed ? t->n : decayed;

    size_t want = FT_TABLE_MIN_SLOTS;
    while (want < t->peak * 2)
        want *= 2;
    t->n = 0;
    t->pipe_n = 0;
    t->pipe_head = 0;
    uint64_t *smaller = NULL;
    if (t->mask + 1 > want * 4 && (smaller = ft_slots_alloc(want)) != NULL) {
        free(t->slots);
        t->slots = smaller;
        t->mask = want - 1;
    } else {
        memset(t->slots, 0, (t->mask + 1) * sizeof(*t->slots));
    }

    if (t->cap > FT_TABLE_MIN_ITEMS && t->cap > t->peak * 4) {
        size_t cap = FT_TABLE_MIN_ITEMS;
        while (cap < t->peak)
            cap *= 2;
        ft_item_t *items = realloc(t->items, cap * sizeof(*items));
        if (items != NULL) {
            t->items = items;
            t->cap = cap;
        }
    }
}
