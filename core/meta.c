/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The log file and the rotation of the meta files (SPEC 1.6, 1.7). The log
 * is always plain text: its name drops any compression suffix. */
#include "corsaro_int.h"

int corsaro__log_open(corsaro_t *corsaro, uint32_t time)
{
    corsaro_interval_t at = {corsaro->interval_start.number, time};
    if (!corsaro->log_enabled || corsaro->log_file != NULL)
        return 0;
    corsaro->log_file = corsaro_io_prepare_file_full(
        corsaro, "log", &at, CORSARO_FILE_MODE_ASCII, CORSARO_FILE_COMPRESS_NONE);
    return corsaro->log_file != NULL ? 0 : -1;
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
