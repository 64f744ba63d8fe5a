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
 * Resetting for the next interval clears the slots and forgets the items;
 * memory from an unusually large interval is given back gradually.
 */
#include <stdlib.h>
#include <string.h>

#include "ft_internal.h"

#define FT_TABLE_MIN_SLOTS 1024u
#define FT_TABLE_MIN_ITEMS 512u
#define FT_TAG_MASK 0xFFFFFFFF00000000ull

int corsaro__ft_table_init(ft_table_t *t)
{
    memset(t, 0, sizeof(*t));
    t->slots = calloc(FT_TABLE_MIN_SLOTS, sizeof(*t->slots));
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
    uint64_t *slots = calloc(nslots, sizeof(*slots));
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

ft_item_t *corsaro__ft_table_find(const ft_table_t *t, const ft_item_t *probe)
{
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

int corsaro__ft_table_add(ft_table_t *t, const ft_item_t *probe, uint32_t inc)
{
    uint64_t h = ft_key_hash(probe);
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

void corsaro__ft_table_reset(ft_table_t *t)
{
    /* Remember a slowly decaying peak, and size the memory for it. */
    t->peak = t->n > t->peak ? t->n : t->peak - t->peak / 4;

    size_t want = FT_TABLE_MIN_SLOTS;
    while (want < t->peak * 2)
        want *= 2;
    t->n = 0;
    uint64_t *smaller = NULL;
    if (t->mask + 1 > want * 4 &&
        (smaller = calloc(want, sizeof(*smaller))) != NULL) {
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
