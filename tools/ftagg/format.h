/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file format.h
 * @brief Text output of cors-ft-aggregate: rows in flowtuple's ASCII
 * layout (SPEC 4.6) plus the value, through a buffered writer that
 * remembers the first write error.
 */
#ifndef FTAGG_FORMAT_H
#define FTAGG_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "table.h"

/** Longest row: 2 x 15 + 4 x 5 + 3 x 3 + 4 + 20 + separators. */
#define FTAGG_ROW_MAX 128

/** Writes `src|dst|sport|dport|proto|ttl|0xNN|ip_len,value\n` for @p row
 * into @p buf (FTAGG_ROW_MAX bytes, not NUL-terminated).
 * @return the number of bytes written */
size_t ftagg_format_row(char *buf, const ftagg_row_t *row);

/** A buffered writer on a stdio stream. */
typedef struct ftagg_out {
    FILE *stream;
    int failed; /**< a write failed: errno was saved in err */
    int err;
    size_t len;
    char buf[1 << 16];
} ftagg_out_t;

/** Starts writing to @p stream. */
void ftagg_out_init(ftagg_out_t *out, FILE *stream);
/** Appends @p n bytes. */
void ftagg_out_write(ftagg_out_t *out, const char *data, size_t n);
/** Appends one row. */
void ftagg_out_row(ftagg_out_t *out, const ftagg_row_t *row);
/** Appends `# CORSARO_INTERVAL_<what> number time\n`. */
void ftagg_out_interval(ftagg_out_t *out, const char *what, uint16_t number,
                        uint32_t time);
/** Writes out what is buffered and flushes the stream.
 * @return 0, or -1 if any write failed (errno in out->err) */
int ftagg_out_flush(ftagg_out_t *out);

#endif /* FTAGG_FORMAT_H */
