/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_mem.c
 * @brief Page-level arrays for the class tables.
 *
 * Why not malloc: the tables' arrays are megabytes, grow by doubling and
 * shrink after a large interval. glibc raises its mmap threshold each time
 * such a block is freed, after which the next ones come from an arena heap,
 * where a freed block stays resident and a grown one is copied (old and new
 * both resident). Measured on a 2M-packet run, that left ~15 MiB more
 * resident than the tables' live size. Mapped directly, an array grows in
 * place (mremap), only the pages written are resident, and a freed array
 * goes back to the kernel at once.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <sys/mman.h>

#include "ft_internal.h"

/* Arrays from this size are aligned for transparent huge pages: the slot
 * index is touched at random by every packet, and with 4 KiB pages that
 * is a TLB miss on top of the cache miss. */
#define FT_HUGE ((size_t)2 << 20)

static size_t ft_round_pages(size_t bytes)
{
    size_t page = 4096;
    return (bytes + page - 1) & ~(page - 1);
}

void *corsaro__ft_map(size_t bytes, int huge)
{
    bytes = ft_round_pages(bytes);
    if (!huge || bytes < FT_HUGE) {
        void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return p == MAP_FAILED ? NULL : p;
    }
    /* over-map by one huge page and trim to an aligned start */
    size_t span = bytes + FT_HUGE;
    uint8_t *raw = mmap(NULL, span, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED)
        return NULL;
    uint8_t *p = (uint8_t *)(((uintptr_t)raw + FT_HUGE - 1) & ~(uintptr_t)(FT_HUGE - 1));
    if (p > raw)
        munmap(raw, (size_t)(p - raw));
    if (raw + span > p + bytes)
        munmap(p + bytes, (size_t)(raw + span - (p + bytes)));
#ifdef MADV_HUGEPAGE
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* a hint: fine if refused */
#endif
    return p;
}

void *corsaro__ft_remap(void *p, size_t old_bytes, size_t new_bytes)
{
    if (p == NULL)
        return corsaro__ft_map(new_bytes, 0);
    void *q = mremap(p, ft_round_pages(old_bytes), ft_round_pages(new_bytes),
                     MREMAP_MAYMOVE);
    return q == MAP_FAILED ? NULL : q;
}

void corsaro__ft_unmap(void *p, size_t bytes)
{
    if (p != NULL)
        munmap(p, ft_round_pages(bytes));
}

void corsaro__ft_zero(void *p, size_t bytes)
{
    /* Large: give the pages back; the kernel maps zero pages on the next
     * touch. Small, or if refused: clear them. */
    if (bytes >= FT_HUGE && madvise(p, ft_round_pages(bytes), MADV_DONTNEED) == 0)
        return;
    memset(p, 0, bytes);
}
