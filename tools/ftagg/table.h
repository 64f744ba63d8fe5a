/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file table.h
 * @brief cors-ft-aggregate's table: one row per distinct key of the
 * current output interval, with either a sum or a distinct-value count.
 *
 * The key is packed so that comparing (head, addr, rest) as unsigned
 * integers is exactly flowtuple's sort order (SPEC 4.3): protocol, ttl and
 * tcp_flags as bytes, then src_ip, dst_ip, src_port, dst_port and ip_len
 * each as the little-endian load of its network-order bytes.
 *
 * Rows live in one array reused from interval to interval; an
 * open-addressing index of 8-byte slots finds them. Nothing is allocated
 * per row, and the memory held is bounded by the largest interval seen.
 */
#ifndef FTAGG_TABLE_H
#define FTAGG_TABLE_H

#include <stddef.h>
#include <stdint.h>

/** A packed key. Fields the user did not select are zero. */
typedef struct ftagg_key {
    uint64_t addr; /**< src (LE load) << 32 | dst (LE load) */
    uint64_t rest; /**< sport (LE) << 32 | dport (LE) << 16 | ip_len (LE) */
    uint32_t head; /**< protocol << 16 | ttl << 8 | tcp_flags */
} ftagg_key_t;

/** One output row. */
typedef struct ftagg_row {
    ftagg_key_t key;
    uint64_t value; /**< the sum, or the number of distinct values */
} ftagg_row_t;

typedef struct ftagg_table ftagg_table_t;

/** A new empty table. @p distinct: count distinct values per key instead
 * of summing them. @return NULL when out of memory */
ftagg_table_t *ftagg_table_new(int distinct);
/** Frees the table (NULL is fine). */
void ftagg_table_free(ftagg_table_t *t);
/** Adds @p value under @p key. The add may complete during a later call
 * (it waits for its slot's cache line); an out-of-memory error then shows
 * at that call. @return 0, or -1 when out of memory */
int ftagg_table_add(ftagg_table_t *t, const ftagg_key_t *key, uint64_t value);
/** Number of rows (distinct keys); completes the adds in flight. */
size_t ftagg_table_rows(ftagg_table_t *t);
/** Sorts the rows in flowtuple's order and returns them (@p n gets the
 * count), or NULL when an add ran out of memory. The index no longer
 * matches the rows afterwards: the only call allowed next is
 * ftagg_table_clear() (or free). */
const ftagg_row_t *ftagg_table_sorted(ftagg_table_t *t, size_t *n);
/** Empties the table for the next interval, keeping (or, after a much
 * smaller interval, shrinking) its allocations. */
void ftagg_table_clear(ftagg_table_t *t);
/** Bytes currently allocated by the table (for tests and reports). */
size_t ftagg_table_bytes(const ftagg_table_t *t);

/** Compares two keys in flowtuple's order. @return <0, 0 or >0 */
int ftagg_key_cmp(const ftagg_key_t *a, const ftagg_key_t *b);
/** Sorts @p n rows in place in flowtuple's order (an in-place MSD radix
 * sort: no scratch array, so sorting never doubles the memory). */
void ftagg_sort_rows(ftagg_row_t *rows, size_t n);

#endif /* FTAGG_TABLE_H */
