/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file table.c
 * @brief The aggregation table of cors-ft-aggregate (see table.h).
 *
 * Three arrays, none allocated per row:
 *  - rows: the rows in insertion order, grown geometrically;
 *  - slots: an open-addressing (linear probing) index into rows, one
 *    64-bit word per slot: the row number + 1 in the low half (0 = empty)
 *    and the upper half of the key's hash, so most probes that miss never
 *    touch the row;
 *  - pairs (distinct mode only): the set of (row, value) pairs seen, so a
 *    value bumps its row's count only the first time it is seen under
 *    that key. One shared set instead of a set per row: no per-row
 *    allocation, and rows with one value (the usual case) cost 16 bytes.
 *
 * With millions of keys every add misses the cache on its slot, so adds
 * are pipelined: an add hashes its key, prefetches the slot and completes
 * FTAGG_LOOKAHEAD adds later (ftagg_table_add). Big arrays ask for huge
 * pages, which keep those random accesses from missing the TLB as well.
 *
 * At the end of an interval the rows are sorted in place by an MSD radix
 * sort (no scratch array: sorting does not double the memory), printed,
 * and the table is cleared. Clearing keeps the arrays for the next
 * interval (intervals of one run tend to be alike), unless the interval
 * just ended needed far less: then they shrink, so one huge interval does
 * not pin its memory for the rest of a long run.
 */
#include "table.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/** Smallest sizes, so tiny intervals do not reallocate. */
#define FTAGG_MIN_SLOTS 1024u
#define FTAGG_MIN_ROWS 1024u
/** Ranges at most this long are finished by insertion sort. */
#define FTAGG_SORT_SMALL 32u
/** Digits of a key: 3 in head, 8 in addr, 6 in rest. */
#define FTAGG_DIGITS 17
/** Adds kept in flight so their slots' cache lines load meanwhile. */
#define FTAGG_LOOKAHEAD 16u
/** Arrays at least this big ask for transparent huge pages. */
#define FTAGG_HUGE_MIN (8u << 20)

typedef struct ftagg_pair {
    uint64_t value;
    uint32_t row1; /**< row number + 1; 0 = empty slot */
    uint32_t tag;  /**< upper half of the pair's hash */
} ftagg_pair_t;

/** An add waiting for its slot's cache line (see ftagg_table_add). */
typedef struct ftagg_pending {
    ftagg_key_t key;
    uint64_t value;
    uint64_t hash;
} ftagg_pending_t;

struct ftagg_table {
    int distinct;
    int sorted; /**< rows were sorted: the index is stale until cleared */
    ftagg_row_t *rows;
    size_t nrows, rows_cap;
    uint64_t *slots;
    size_t slots_cap; /**< a power of two */
    ftagg_pair_t *pairs;
    size_t npairs, pairs_cap; /**< pairs_cap: a power of two, or 0 */
    int failed; /**< an add failed for memory */
    ftagg_pending_t pending[FTAGG_LOOKAHEAD];
    unsigned pending_first, pending_cnt;
};

/* murmur3's 64-bit finaliser: every input bit affects every output bit,
 * so the low bits (the slot number) and the high bits (the tag) are both
 * well spread even for keys that differ in one field only. */
static inline uint64_t fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

static inline uint64_t key_hash(const ftagg_key_t *k)
{
    return fmix64(k->addr ^ fmix64(k->rest * 0x9e3779b97f4a7c15ull + k->head));
}

static inline uint64_t pair_hash(uint32_t row, uint64_t value)
{
    return fmix64(value ^ fmix64((uint64_t)row + 0x9e3779b97f4a7c15ull));
}

static inline int key_eq(const ftagg_key_t *a, const ftagg_key_t *b)
{
    return a->addr == b->addr && a->rest == b->rest && a->head == b->head;
}

int ftagg_key_cmp(const ftagg_key_t *a, const ftagg_key_t *b)
{
    if (a->head != b->head)
        return a->head < b->head ? -1 : 1;
    if (a->addr != b->addr)
        return a->addr < b->addr ? -1 : 1;
    if (a->rest != b->rest)
        return a->rest < b->rest ? -1 : 1;
    return 0;
}

/* A big table is accessed at random: with 4 KiB pages nearly every access
 * also misses the TLB. Asking for huge pages on the page-aligned inside of
 * the block (glibc maps big blocks by themselves) makes those walks rare.
 * Only advice: failure changes nothing. */
static void want_huge_pages(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
    if (p == NULL || size < FTAGG_HUGE_MIN)
        return;
    uintptr_t page = 4096, start = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t end = ((uintptr_t)p + size) & ~(page - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)p;
    (void)size;
#endif
}

/* calloc, with huge pages for big arrays. */
static void *table_calloc(size_t n, size_t size)
{
    void *p = calloc(n, size);
    want_huge_pages(p, n * size);
    return p;
}

/* Slots needed so that @p n entries keep the load at or below 0.7:
 * linear probing stays short there and a slot is only 8 bytes. */
static size_t slots_for(size_t n, size_t min)
{
    size_t cap = min;
    while (n * 10 > cap * 7)
        cap *= 2;
    return cap;
}

ftagg_table_t *ftagg_table_new(int distinct)
{
    ftagg_table_t *t = calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->distinct = distinct;
    t->slots_cap = FTAGG_MIN_SLOTS;
    t->slots = calloc(t->slots_cap, sizeof(*t->slots));
    t->rows_cap = FTAGG_MIN_ROWS;
    t->rows = malloc(t->rows_cap * sizeof(*t->rows));
    if (distinct) {
        t->pairs_cap = FTAGG_MIN_SLOTS;
        t->pairs = calloc(t->pairs_cap, sizeof(*t->pairs));
    }
    if (t->slots == NULL || t->rows == NULL || (distinct && t->pairs == NULL)) {
        ftagg_table_free(t);
        return NULL;
    }
    return t;
}

void ftagg_table_free(ftagg_table_t *t)
{
    if (t == NULL)
        return;
    free(t->rows);
    free(t->slots);
    free(t->pairs);
    free(t);
}

static int flush_pending(ftagg_table_t *t);

size_t ftagg_table_rows(ftagg_table_t *t)
{
    /* an add in flight that fails for memory shows up as an error at the
     * next add or dump */
    if (t->pending_cnt > 0 && !t->sorted && flush_pending(t) != 0)
        t->failed = 1;
    return t->nrows;
}

size_t ftagg_table_bytes(const ftagg_table_t *t)
{
    return t->rows_cap * sizeof(*t->rows) + t->slots_cap * sizeof(*t->slots) +
           t->pairs_cap * sizeof(*t->pairs);
}

/* Puts row @p idx into the index (the key is known to be absent). */
static void slot_put(uint64_t *slots, size_t cap, uint64_t h, uint32_t idx)
{
    size_t mask = cap - 1, i = (size_t)h & mask;
    while (slots[i] != 0)
        i = (i + 1) & mask;
    slots[i] = (h & 0xffffffff00000000ull) | ((uint64_t)idx + 1);
}

/* Doubles the index and re-inserts every row. @return 0 or -1 */
static int grow_slots(ftagg_table_t *t)
{
    size_t cap = t->slots_cap * 2;
    uint64_t *s = table_calloc(cap, sizeof(*s));
    if (s == NULL)
        return -1;
    for (size_t i = 0; i < t->nrows; i++)
        slot_put(s, cap, key_hash(&t->rows[i].key), (uint32_t)i);
    free(t->slots);
    t->slots = s;
    t->slots_cap = cap;
    return 0;
}

static int grow_rows(ftagg_table_t *t)
{
    /* rows are indexed by 32-bit numbers in the slots */
    if (t->rows_cap >= UINT32_MAX / 2)
        return -1;
    size_t cap = t->rows_cap * 2;
    ftagg_row_t *r = realloc(t->rows, cap * sizeof(*r));
    if (r == NULL)
        return -1;
    want_huge_pages(r, cap * sizeof(*r));
    t->rows = r;
    t->rows_cap = cap;
    return 0;
}

/* Finds or makes the row of @p key. @return its number, or -1 when out
 * of memory */
static int64_t find_or_add(ftagg_table_t *t, const ftagg_key_t *key, uint64_t h)
{
    size_t mask = t->slots_cap - 1, i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32);

    for (uint64_t s; (s = t->slots[i]) != 0; i = (i + 1) & mask) {
        if ((uint32_t)(s >> 32) == tag) {
            uint32_t idx = (uint32_t)s - 1;
            if (key_eq(&t->rows[idx].key, key))
                return idx;
        }
    }
    if ((t->nrows + 1) * 10 > t->slots_cap * 7) {
        if (grow_slots(t) != 0)
            return -1;
        mask = t->slots_cap - 1;
        for (i = (size_t)h & mask; t->slots[i] != 0; i = (i + 1) & mask)
            ;
    }
    if (t->nrows == t->rows_cap && grow_rows(t) != 0)
        return -1;
    uint32_t idx = (uint32_t)t->nrows++;
    t->rows[idx].key = *key;
    t->rows[idx].value = 0;
    t->slots[i] = (h & 0xffffffff00000000ull) | ((uint64_t)idx + 1);
    return idx;
}

static int grow_pairs(ftagg_table_t *t)
{
    size_t cap = t->pairs_cap * 2, mask = cap - 1;
    ftagg_pair_t *p = table_calloc(cap, sizeof(*p));
    if (p == NULL)
        return -1;
    for (size_t j = 0; j < t->pairs_cap; j++) {
        const ftagg_pair_t *o = &t->pairs[j];
        if (o->row1 == 0)
            continue;
        size_t i = (size_t)pair_hash(o->row1 - 1, o->value) & mask;
        while (p[i].row1 != 0)
            i = (i + 1) & mask;
        p[i] = *o;
    }
    free(t->pairs);
    t->pairs = p;
    t->pairs_cap = cap;
    return 0;
}

/* Adds (row, value) to the pair set. @return 1 if it is new, 0 if it was
 * there, -1 when out of memory */
static int pair_add(ftagg_table_t *t, uint32_t row, uint64_t value)
{
    if ((t->npairs + 1) * 10 > t->pairs_cap * 7 && grow_pairs(t) != 0)
        return -1;
    uint64_t h = pair_hash(row, value);
    size_t mask = t->pairs_cap - 1, i = (size_t)h & mask;
    uint32_t tag = (uint32_t)(h >> 32);
    for (; t->pairs[i].row1 != 0; i = (i + 1) & mask) {
        const ftagg_pair_t *p = &t->pairs[i];
        if (p->tag == tag && p->row1 == row + 1 && p->value == value)
            return 0;
    }
    t->pairs[i].value = value;
    t->pairs[i].row1 = row + 1;
    t->pairs[i].tag = tag;
    t->npairs++;
    return 1;
}

/* Does one add whose slot was prefetched. @return 0 or -1 */
static int insert(ftagg_table_t *t, const ftagg_pending_t *p)
{
    int64_t idx = find_or_add(t, &p->key, p->hash);
    if (idx < 0)
        return -1;
    if (!t->distinct) {
        t->rows[idx].value += p->value;
        return 0;
    }
    int fresh = pair_add(t, (uint32_t)idx, p->value);
    if (fresh < 0)
        return -1;
    t->rows[idx].value += (uint64_t)fresh;
    return 0;
}

/* Does every add still in flight. @return 0 or -1 */
static int flush_pending(ftagg_table_t *t)
{
    int rc = 0;
    for (; t->pending_cnt > 0; t->pending_cnt--) {
        if (rc == 0)
            rc = insert(t, &t->pending[t->pending_first]);
        t->pending_first = (t->pending_first + 1) % FTAGG_LOOKAHEAD;
    }
    return rc;
}

/* With millions of keys every add misses the cache on its slot. So an add
 * only computes the hash and prefetches the slot, and is done
 * FTAGG_LOOKAHEAD adds later, when the line has arrived: the misses
 * overlap instead of queueing. (If the index grows meanwhile the prefetch
 * was wasted, nothing more: the slot is found again from the hash.) */
int ftagg_table_add(ftagg_table_t *t, const ftagg_key_t *key, uint64_t value)
{
    if (t->sorted || t->failed)
        return -1; /* sorted: a caller bug, the index is stale */
    int rc = 0;
    if (t->pending_cnt == FTAGG_LOOKAHEAD) {
        rc = insert(t, &t->pending[t->pending_first]);
        t->pending_first = (t->pending_first + 1) % FTAGG_LOOKAHEAD;
        t->pending_cnt--;
    }
    unsigned at = (t->pending_first + t->pending_cnt) % FTAGG_LOOKAHEAD;
    ftagg_pending_t *p = &t->pending[at];
    p->key = *key;
    p->value = value;
    p->hash = key_hash(key);
    __builtin_prefetch(&t->slots[p->hash & (t->slots_cap - 1)]);
    t->pending_cnt++;
    return rc;
}

/* Byte d of the key, most significant first (d = 0 is the protocol). */
static inline unsigned key_digit(const ftagg_key_t *k, int d)
{
    if (d < 3)
        return (k->head >> (16 - 8 * d)) & 0xffu;
    if (d < 11)
        return (unsigned)(k->addr >> (56 - 8 * (d - 3))) & 0xffu;
    return (unsigned)(k->rest >> (40 - 8 * (d - 11))) & 0xffu;
}

static void insertion_sort(ftagg_row_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        ftagg_row_t v = a[i];
        size_t j = i;
        while (j > 0 && ftagg_key_cmp(&a[j - 1].key, &v.key) > 0) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

/* Moves every row of a[0..n) to its bucket for digit d, in place
 * (American flag sort): each row is swapped straight into the next free
 * place of its bucket. */
static void permute(ftagg_row_t *a, const size_t *count, int d)
{
    size_t next[256], end[256], pos = 0;
    for (int b = 0; b < 256; b++) {
        next[b] = pos;
        pos += count[b];
        end[b] = pos;
    }
    for (unsigned b = 0; b < 256; b++) {
        while (next[b] < end[b]) {
            ftagg_row_t v = a[next[b]];
            unsigned c = key_digit(&v.key, d);
            while (c != b) {
                ftagg_row_t tmp = a[next[c]];
                a[next[c]++] = v;
                v = tmp;
                c = key_digit(&v.key, d);
            }
            a[next[b]++] = v;
        }
    }
}

/* MSD radix sort of a[0..n) from digit d on; the rows agree on every
 * digit before d. Digits on which all rows agree (fields the user did not
 * select are all zero) cost one counting pass and no moves. */
static void msd_sort(ftagg_row_t *a, size_t n, int d)
{
    size_t count[256];
    for (; n > FTAGG_SORT_SMALL && d < FTAGG_DIGITS; d++) {
        memset(count, 0, sizeof(count));
        for (size_t i = 0; i < n; i++)
            count[key_digit(&a[i].key, d)]++;
        if (count[key_digit(&a[0].key, d)] == n)
            continue;
        permute(a, count, d);
        for (size_t b = 0, start = 0; b < 256; start += count[b], b++)
            if (count[b] > 1)
                msd_sort(a + start, count[b], d + 1);
        return;
    }
    if (d < FTAGG_DIGITS)
        insertion_sort(a, n);
}

void ftagg_sort_rows(ftagg_row_t *rows, size_t n)
{
    msd_sort(rows, n, 0);
}

const ftagg_row_t *ftagg_table_sorted(ftagg_table_t *t, size_t *n)
{
    if (flush_pending(t) != 0 || t->failed) {
        *n = 0;
        return NULL;
    }
    ftagg_sort_rows(t->rows, t->nrows);
    t->sorted = 1;
    *n = t->nrows;
    return t->rows;
}

/* Empties an index of *cap slots of @p size bytes, sized for the
 * interval that just ended: reallocated smaller when it is more than 4
 * times what @p used entries need, else zeroed (also when the smaller
 * array cannot be had). @return the array to use from now on */
static void *reset_index(void *slots, size_t *cap, size_t size, size_t used)
{
    size_t want = slots_for(used, FTAGG_MIN_SLOTS);
    if (*cap > 4 * want) {
        void *s = table_calloc(want, size);
        if (s != NULL) {
            free(slots);
            *cap = want;
            return s;
        }
    }
    memset(slots, 0, *cap * size);
    return slots;
}

void ftagg_table_clear(ftagg_table_t *t)
{
    t->slots = reset_index(t->slots, &t->slots_cap, sizeof(*t->slots), t->nrows);
    if (t->distinct)
        t->pairs = reset_index(t->pairs, &t->pairs_cap, sizeof(*t->pairs),
                               t->npairs);
    if (t->rows_cap > FTAGG_MIN_ROWS && t->rows_cap > 4 * t->nrows) {
        size_t cap = FTAGG_MIN_ROWS;
        while (cap < t->nrows)
            cap *= 2;
        ftagg_row_t *r = realloc(t->rows, cap * sizeof(*r));
        if (r != NULL) { /* a failed shrink only keeps the bigger array */
            t->rows = r;
            t->rows_cap = cap;
        }
    }
    t->nrows = 0;
    t->npairs = 0;
    t->sorted = 0;
    t->pending_first = t->pending_cnt = 0;
}
