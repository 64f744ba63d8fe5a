/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The log file and the rotation of the meta files (SPEC 1.6, 1.7). The log
 * is always plain text: its name drops any compression suffix. Lines
 * logged while it is closed (before the plugins accepted their options,
 * between rotations) are held and written when it opens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro_int.h"

#define LOG_HOLD_MAX (64u << 10)

int corsaro__log_hold(corsaro_t *corsaro, const char *line, size_t len)
{
    if (corsaro->log_pending_len + len > LOG_HOLD_MAX)
        return -1;
    char *grown = realloc(corsaro->log_pending, corsaro->log_pending_len + len);
    if (grown == NULL)
        return -1;
    memcpy(grown + corsaro->log_pending_len, line, len);
    corsaro->log_pending = grown;
    corsaro->log_pending_len += len;
    return 0;
}

void corsaro__log_release(corsaro_t *corsaro)
{
    if (corsaro->log_pending_len > 0)
        fwrite(corsaro->log_pending, 1, corsaro->log_pending_len, stderr);
    free(corsaro->log_pending);
    corsaro->log_pending = NULL;
    corsaro->log_pending_len = 0;
}

int corsaro__log_open(corsaro_t *corsaro, uint32_t time)
{
    corsaro_interval_t at = {corsaro->interval_start.number, time};
    if (!corsaro->log_enabled || corsaro->log_file != NULL)
        return 0;
    corsaro->log_file = corsaro_io_prepare_file_full(
        corsaro, "log", &at, CORSARO_FILE_MODE_ASCII, CORSARO_FILE_COMPRESS_NONE);
    if (corsaro->log_file == NULL)
        return -1;
    int rc = 0;
    if (corsaro->log_pending_len > 0 &&
        corsaro_file_write(corsaro, corsaro->log_file, corsaro->log_pending,
                           (off_t)corsaro->log_pending_len) < 0)
        rc = -1;
    free(corsaro->log_pending);
    corsaro->log_pending = NULL;
    corsaro->log_pending_len = 0;
    return rc;
}

int corsaro__log_close(corsaro_t *corsaro)
{
    corsaro_file_t *log = corsaro->log_file;
    if (log == NULL)
        return 0;
    corsaro->log_file = NULL; /* later log lines go to stderr */
    return corsaro_file_close(corsaro, log);
}

int corsaro__is_meta_rotate_interval(corsaro_t *corsaro)
{
    int r = corsaro->meta_output_rotate < 0 ? corsaro->output_rotate
                                            : corsaro->meta_output_rotate;
    return r > 0 && (corsaro->interval_start.number + 1) % r == 0;
}
