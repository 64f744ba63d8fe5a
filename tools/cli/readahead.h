/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file readahead.h
 * @brief Whether libwandio's read-ahead thread is worth its cost for a run.
 */
#ifndef CORSARO_TOOL_READAHEAD_H
#define CORSARO_TOOL_READAHEAD_H

#include "corsaro/types.h"

/** 1 if @p uri names a regular file that does not start with the magic
 * of a compression format (gzip, bzip2, xz, lzo, lz4, zstd). */
int readahead_plain_file(const char *uri);

/** Turns libwandio's read-ahead thread off (LIBTRACEIO=nothreads) when
 * every input is a plain file and the outputs are not compressed, unless
 * the user set LIBTRACEIO. Call before any thread starts.
 * @return 1 if it was turned off */
int readahead_tune(char *const *uris, int uri_cnt, corsaro_file_compress_t out);

#endif /* CORSARO_TOOL_READAHEAD_H */
