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
 *   insertion order; it is mapped memory (ft_mem.c) that grows in place
 *   and is reused by the next interval, so steady state allocates nothing;
 * - the index is an array of 4-byte slots, linear probing, load <= 0.7
 *   (a probe reads consecutive slots, 16 to a cache line, so a longer run
 *   costs little; 1/2 would cost a third more memory for the index).
 *   With 2^bits slots an index needs at most `bits` bits (the +1 included),
 *   so the slot's other 32 - bits bits hold a tag from the key's hash: a
 *   probe that meets another key is nearly always rejected without
 *   touching the item (13 tag bits at 200,000 tuples), so a new tuple
 *   costs one cache miss and a known one two;
 * - packets are inserted through a short pipeline (FT_PIPE deep): the
 *   slot of a key is prefetched when the packet arrives and the insert
 *   happens FT_PIPE packets later, when the slot is in cache. A 200,000
 *   tuple interval does not fit in L2, so this hides most of the one
 *   cache miss a new tuple costs.
 *
 * At an interval end the index is handed back to the kernel before the
 * items are sorted (the sort would invalidate it anyway), so the sort and
 * the batches queued meanwhile do not add to the peak. Memory from an
 * unusually large interval is given back gradually.
 */
#include <stdlib.h>
#include <string.h>

#include "ft_internal.h"

#define FT_TABLE_MIN_BITS 14u
#define FT_TABLE_MAX_BITS 31u
#define FT_TABLE_MIN_ITEMS 512u
/* the most items a table of @p slots holds: load 0.7 */
#define FT_TABLE_FITS(n, slots) ((n) * 10 <= (slots) * 7)

static size_t ft_slot_bytes(unsigned bits)
{
    return ((size_t)1 << bits) * sizeof(uint32_t);
}

/* The tag bits of hash @p h in a slot of a 2^bits table: the hash's high
 * half, shifted above the index (the position uses the low half). */
static inline uint32_t ft_tag(uint64_t h, unsigned bits)
{
    return (uint32_t)(h >> 32) << bits;
}

static int ft_table_map_slots(ft_table_t *t, unsigned bits)
{
    uint32_t *slots = corsaro__ft_map(ft_slot_bytes(bits), 1);
    if (slots == NULL)
        return -1;
    t->slots = slots;
    t->bits = bits;
    t->mask = ((size_t)1 << bits) - 1;
    t->slots_clean = 1;
    return 0;
}

int corsaro__ft_table_init(ft_table_t *t)
{
    memset(t, 0, sizeof(*t));
    return ft_table_map_slots(t, FT_TABLE_MIN_BITS);
}

void corsaro__ft_table_free(ft_table_t *t)
{
    corsaro__ft_unmap(t->items, t->cap * sizeof(ft_item_t));
    if (t->slots != NULL)
        corsaro__ft_unmap(t->slots, ft_slot_bytes(t->bits));
    memset(t, 0, sizeof(*t));
}

/* Puts every item into a fresh slot array twice the size. */
static int ft_table_rehash(ft_table_t *t)
{
    uint32_t *old = t->slots;
    unsigned old_bits = t->bits;
    if (old_bits >= FT_TABLE_MAX_BITS || ft_table_map_slots(t, old_bits + 1) != 0)
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        uint64_t h = ft_key_hash(&t->items[i]);
        size_t pos = (size_t)h & t->mask;
        while (t->slots[pos] != 0)
            pos = (pos + 1) & t->mask;
        t->slots[pos] = ft_tag(h, t->bits) | (uint32_t)(i + 1);
    }
    t->slots_clean = t->n == 0;
    corsaro__ft_unmap(old, ft_slot_bytes(old_bits));
    return 0;
}

/* Maps the slab for @p cap items (its contents kept). */
static int ft_table_resize_items(ft_table_t *t, size_t cap)
{
    ft_item_t *items = corsaro__ft_remap(t->items, t->cap * sizeof(ft_item_t),
                                         cap * sizeof(ft_item_t));
    if (items == NULL)
        return -1;
    t->items = items;
    t->cap = cap;
    return 0;
}

/* Looks up @p probe, whose hash is @p h. @return its item, or NULL with
 * *empty set to the free slot where it would go */
static inline ft_item_t *ft_table_lookup(const ft_table_t *t, const ft_item_t *probe,
                                         uint64_t h, size_t *empty)
{
    uint32_t tag = ft_tag(h, t->bits);
    uint32_t tag_mask = ~(uint32_t)t->mask;
    size_t pos = (size_t)h & t->mask;
    uint32_t s;

    while ((s = t->slots[pos]) != 0) {
        if ((s & tag_mask) == tag) {
            ft_item_t *it = &t->items[(s & (uint32_t)t->mask) - 1];
            if (ft_key_equal(it, probe))
                return it;
        }
        pos = (pos + 1) & t->mask;
    }
    *empty = pos;
    return NULL;
}

/* Inserts or counts @p probe whose hash is @p h. */
static int ft_table_put(ft_table_t *t, const ft_item_t *probe, uint64_t h,
                        uint32_t inc)
{
    size_t pos = 0; /* set by the lookup when it finds nothing */
    ft_item_t *found = ft_table_lookup(t, probe, h, &pos);
    if (found != NULL) {
        found->count += inc; /* u32, wraps like v2's */
        return 0;
    }

    /* a new key */
    if (t->n >= FT_TABLE_MAX_ITEMS)
        return -1;
    if (t->n == t->cap &&
        ft_table_resize_items(t, t->cap ? t->cap * 2 : FT_TABLE_MIN_ITEMS) != 0)
        return -1;
    if (!FT_TABLE_FITS(t->n + 1, t->mask + 1)) {
        if (ft_table_rehash(t) != 0)
            return -1;
        (void)ft_table_lookup(t, probe, h, &pos); /* absent: finds its slot */
    }
    ft_item_t *it = &t->items[t->n];
    memcpy(it->key, probe->key, FT_KEY_LEN);
    memset(it->pad, 0, sizeof(it->pad));
    it->count = inc;
    t->slots[pos] = ft_tag(h, t->bits) | (uint32_t)(t->n + 1);
    t->slots_clean = 0;
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
    size_t unused = 0;
    if (t->pipe_n > 0)
        (void)corsaro__ft_table_flush(t);
    return ft_table_lookup(t, probe, ft_key_hash(probe), &unused);
}

void corsaro__ft_table_release_index(ft_table_t *t)
{
    if (!t->slots_clean)
        corsaro__ft_zero(t->slots, ft_slot_bytes(t->bits));
    t->slots_clean = 1;
}

void corsaro__ft_table_reset(ft_table_t *t)
{
    /* Remember a slowly decaying peak, and size the memory for it. */
    size_t decayed = t->peak - t->peak / 4;
    t->peak = t->n > decayed ? t->n : decayed;

    unsigned want = FT_TABLE_MIN_BITS;
    while (want < FT_TABLE_MAX_BITS && !FT_TABLE_FITS(t->peak, (size_t)1 << want))
        want++;
    t->n = 0;
    t->pipe_n = 0;
    t->pipe_head = 0;
    uint32_t *old = t->slots;
    unsigned old_bits = t->bits;
    if (old_bits > want + 2 && ft_table_map_slots(t, want) == 0)
        corsaro__ft_unmap(old, ft_slot_bytes(old_bits));
    else
        corsaro__ft_table_release_index(t);

    if (t->cap > FT_TABLE_MIN_ITEMS && t->cap > t->peak * 4) {
        size_t cap = FT_TABLE_MIN_ITEMS;
        while (cap < t->peak)
            cap *= 2;
        (void)ft_table_resize_items(t, cap); /* keeps the old size if refused */
    }
}
