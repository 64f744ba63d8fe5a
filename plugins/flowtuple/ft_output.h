/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_output.h
 * @brief The flowtuple plugin's output side: the three class tables of the
 * current interval and writing them out (ft_output.c).
 */
#ifndef CORSARO_FT_OUTPUT_H
#define CORSARO_FT_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "corsaro/types.h"
#include "ft_internal.h"

/** Size of the serialisation buffer: tuples are encoded into it and it is
 * handed to corsaro_file_write() when full (about 50,000 tuples). */
#define FT_OUT_BUFSIZE (1u << 20)

/** What one run of the plugin accumulates and writes. */
typedef struct ft_out {
    ft_keyopts_t opts;      /**< SIXT or not, and the /8 octet */
    int sort;               /**< 0 with -s */
    uint32_t magic;         /**< SIXU or SIXT */
    ft_table_t tables[CORSARO_FLOWTUPLE_CLASS_MAX + 1];
    ft_item_t *tmp;         /**< radix sort scratch, kept across intervals */
    size_t tmp_cap;
    uint8_t *buf;           /**< FT_OUT_BUFSIZE bytes */
    size_t buf_len;
} ft_out_t;

/** Prepares the tables and buffers. @return 0 or -1 (out of memory) */
int corsaro__ft_out_init(ft_out_t *out, const ft_keyopts_t *opts, int sort);
/** Frees everything (safe on a zeroed or half-initialised ft_out_t). */
void corsaro__ft_out_free(ft_out_t *out);
/** Writes one interval to @p file in its mode (binary SPEC 4.5, ASCII
 * SPEC 4.6): interval start, the three classes, interval end. Then
 * empties the tables, whatever happened.
 * @return 0, or -1 (the run's error is set) */
int corsaro__ft_out_write_interval(ft_out_t *out, corsaro_t *corsaro,
                                   corsaro_file_t *file,
                                   corsaro_interval_t *int_start,
                                   corsaro_interval_t *int_end);

#endif /* CORSARO_FT_OUTPUT_H */
