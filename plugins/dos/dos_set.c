/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file dos_set.c
 * @brief A compact set of u32 values: the distinct attacker IPs and ports
 * of one attack vector.
 *
 * Why not uthash here: one uthash item costs a 56-byte handle plus a
 * malloc per member; a vector under a spoofed flood gathers thousands of
 * attacker addresses, and a telescope holds thousands of vectors. This set
 * costs 4 to 8 bytes per member, and nothing extra for the one or two
 * ports most vectors see.
 */
#include <stdlib.h>

#include "dos_internal.h"

/** Table size when the inline slots overflow. */
#define DOS_SET_MIN_CAP 8u

static uint32_t dos_set_hash(uint32_t v, uint32_t mask)
{
    /* A full 32-bit mix (murmur3's finaliser): addresses that differ only
     * in their high octets (telescope destinations, 44.x.y.z) must still
     * spread over the low bits the mask keeps. A single multiply leaves
     * the low bits depending on the low octets only, and probes ran long. */
    uint32_t h = v;
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return h & mask;
}

/* The slot holding non-zero @p v, or the empty slot where it would go. */
static uint32_t dos_set_slot(const uint32_t *slots, uint32_t cap, uint32_t v)
{
    uint32_t mask = cap - 1;
    uint32_t i = dos_set_hash(v, mask);
    while (slots[i] != 0 && slots[i] != v)
        i = (i + 1) & mask;
    return i;
}

/* Puts a non-zero value known to be absent into a table with room. */
static void dos_set_place(uint32_t *slots, uint32_t cap, uint32_t v)
{
    slots[dos_set_slot(slots, cap, v)] = v;
}

/* Grows the table to @p cap slots and moves every non-zero member in. */
static int dos_set_grow(corsaro_dos_set_t *set, uint32_t cap)
{
    uint32_t *slots = calloc(cap, sizeof(*slots));
    uint32_t i;
    if (slots == NULL)
        return -1;
    if (set->slots != NULL) {
        for (i = 0; i < set->cap; i++) {
            if (set->slots[i] != 0)
                dos_set_place(slots, cap, set->slots[i]);
        }
        free(set->slots);
    } else {
        for (i = 0; i < set->inline_cnt; i++)
            dos_set_place(slots, cap, set->inline_[i]);
        set->inline_cnt = 0;
    }
    set->slots = slots;
    set->cap = cap;
    return 0;
}

int corsaro__dos_set_contains(const corsaro_dos_set_t *set, uint32_t v)
{
    uint32_t i;
    if (v == 0)
        return set->has_zero;
    if (set->slots != NULL)
        return set->slots[dos_set_slot(set->slots, set->cap, v)] == v;
    for (i = 0; i < set->inline_cnt; i++) {
        if (set->inline_[i] == v)
            return 1;
    }
    return 0;
}

void corsaro__dos_set_prefetch(const corsaro_dos_set_t *set, uint32_t v)
{
    if (set->slots != NULL)
        __builtin_prefetch(&set->slots[dos_set_hash(v, set->cap - 1)]);
}

int corsaro__dos_set_add(corsaro_dos_set_t *set, uint32_t v)
{
    uint32_t nonzero;
    if (v == 0) {
        if (set->has_zero)
            return 0;
        set->has_zero = 1;
        set->count++;
        return 1;
    }
    if (set->slots == NULL) {
        if (corsaro__dos_set_contains(set, v))
            return 0;
        if (set->inline_cnt < 2) {
            set->inline_[set->inline_cnt++] = v;
            set->count++;
            return 1;
        }
        if (dos_set_grow(set, DOS_SET_MIN_CAP) != 0)
            return -1;
        dos_set_place(set->slots, set->cap, v);
        set->count++;
        return 1;
    }
    /* one probe finds the member, or the slot for it */
    uint32_t i = dos_set_slot(set->slots, set->cap, v);
    if (set->slots[i] == v)
        return 0;
    nonzero = set->count - set->has_zero;
    if ((uint64_t)(nonzero + 1) * 4 > (uint64_t)set->cap * 3) {
        /* keep the load under 3/4 so probes stay short */
        if (set->cap >= (1u << 31) || dos_set_grow(set, set->cap * 2) != 0)
            return -1;
        i = dos_set_slot(set->slots, set->cap, v);
    }
    set->slots[i] = v;
    set->count++;
    return 1;
}

void corsaro__dos_set_free(corsaro_dos_set_t *set)
{
    free(set->slots);
    set->slots = NULL;
    set->cap = 0;
    set->count = 0;
    set->inline_cnt = 0;
    set->has_zero = 0;
}
