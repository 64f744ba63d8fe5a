/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file pfx_load.h
 * @brief Adding prefixes to a set from option text and from prefix files.
 */
#ifndef CORSARO_PFX_LOAD_H
#define CORSARO_PFX_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "pfx_set.h"

/** Longest line a prefix file may have, comment included. */
#define PFX_LINE_MAX 4096

/** What loading found, for the log. */
typedef struct pfx_load_stats {
    uint64_t prefixes;  /**< prefixes added */
    uint64_t host_bits; /**< of which had host bits set (masked) */
} pfx_load_stats_t;

/**
 * Parses one line of a prefix file into @p line's prefix. A line holds one
 * prefix (see pfx_cidr_parse()), optionally surrounded by spaces or tabs,
 * optionally followed by a `#` comment; a line that is empty or only a
 * comment holds none. A trailing CR (DOS line end) is ignored.
 * @param line the line, modified (its end is cut off)
 * @param[out] have set to 1 if the line held a prefix, else 0
 * @return 0, or -1 with @p why saying what is wrong
 */
int pfx_load_parse_line(char *line, uint32_t *addr, unsigned *len, int *host_bits,
                        int *have, char *why, size_t why_len);

/**
 * Adds every prefix of file @p path (plain or compressed: read with
 * corsaro_file_ropen) to @p set.
 * @param[out] err on failure, a message naming the file and, for a bad
 *             line, its number
 * @return 0, or -1
 */
int pfx_load_file(pfx_set_t *set, const char *path, pfx_load_stats_t *stats,
                  char *err, size_t err_len);

#endif /* CORSARO_PFX_LOAD_H */
