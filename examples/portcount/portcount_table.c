/*
 * portcount: an example Corsaro plugin. GPL-3.0-or-later.
 */
/*
 * The count table: open addressing on the 24-bit key protocol<<16 | port.
 * A telescope sees thousands of ports per interval, not millions, so a
 * table that doubles at half load stays small and needs no library.
 */
#include <stdlib.h>

#include "portcount.h"

typedef struct slot {
    uint32_t key1; /* key + 1; 0 marks an empty slot */
    uint64_t packets;
} slot_t;

struct portcount_table {
    slot_t *slots;
    size_t cap; /* a power of two */
    size_t used;
};

#define INITIAL_CAP 1024

static size_t slot_of(uint32_t key1, size_t cap)
{
    /* Knuth's multiplicative hash: ports cluster, this spreads them */
    return (size_t)((key1 * 2654435761u) & (uint32_t)(cap - 1));
}

portcount_table_t *portcount_table_new(void)
{
    portcount_table_t *t = calloc(1, sizeof(*t));
    if (t == NULL)
        return NULL;
    t->slots = calloc(INITIAL_CAP, sizeof(slot_t));
    if (t->slots == NULL) {
        free(t);
        return NULL;
    }
    t->cap = INITIAL_CAP;
    return t;
}

void portcount_table_free(portcount_table_t *t)
{
    if (t == NULL)
        return;
    free(t->slots);
    free(t);
}

static slot_t *find(slot_t *slots, size_t cap, uint32_t key1)
{
    size_t i = slot_of(key1, cap);
    while (slots[i].key1 != 0 && slots[i].key1 != key1)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int grow(portcount_table_t *t)
{
    size_t cap = t->cap * 2;
    slot_t *slots = calloc(cap, sizeof(slot_t));
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < t->cap; i++)
        if (t->slots[i].key1 != 0)
            *find(slots, cap, t->slots[i].key1) = t->slots[i];
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

int portcount_table_add(portcount_table_t *t, uint8_t protocol, uint16_t port)
{
    uint32_t key1 = (((uint32_t)protocol << 16) | port) + 1;
    slot_t *s = find(t->slots, t->cap, key1);
    if (s->key1 == 0) {
        if ((t->used + 1) * 2 > t->cap) {
            if (grow(t) != 0)
                return -1;
            s = find(t->slots, t->cap, key1);
        }
        s->key1 = key1;
        t->used++;
    }
    s->packets++;
    return 0;
}

static int cmp_entry(const void *a, const void *b)
{
    const portcount_entry_t *x = a, *y = b;
    if (x->protocol != y->protocol)
        return x->protocol < y->protocol ? -1 : 1;
    return x->port < y->port ? -1 : x->port > y->port;
}

portcount_entry_t *portcount_table_take(portcount_table_t *t, size_t *cnt)
{
    portcount_entry_t *out = NULL;
    size_t n = 0;

    *cnt = 0;
    if (t->used > 0) {
        out = malloc(t->used * sizeof(*out));
        if (out == NULL)
            return NULL;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (t->slots[i].key1 == 0)
            continue;
        uint32_t key = t->slots[i].key1 - 1;
        out[n].protocol = (uint8_t)(key >> 16);
        out[n].port = (uint16_t)key;
        out[n].packets = t->slots[i].packets;
        n++;
        t->slots[i].key1 = 0;
        t->slots[i].packets = 0;
    }
    t->used = 0;
    if (n > 1)
        qsort(out, n, sizeof(*out), cmp_entry);
    *cnt = n;
    return out;
}
