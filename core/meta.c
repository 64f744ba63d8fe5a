/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The log file and the rotation of the meta files (SPEC 1.6, 1.7). The log
 * is always plain text: its name drops any compression suffix. Lines
 * logged while it is closed (before the plugins accepted their options,
 * between rotations) are held and written when it opens. It records the
 * run: configuration, every output file opened and closed, warnings and
 * errors, and a summary at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro_int.h"

#define LOG_HOLD_MAX (64u << 10)

/* A held line is stored as [u8 file_only][u32 length][line]: at the end of
 * a run whose log never opened, only the lines meant for stderr go there. */
#define HOLD_HEAD 5

int corsaro__log_hold(corsaro_t *corsaro, const char *line, size_t len,
                      int file_only)
{
    size_t need = HOLD_HEAD + len;
    if (corsaro->log_pending_len + need > LOG_HOLD_MAX)
        return -1;
    char *grown = realloc(corsaro->log_pending, corsaro->log_pending_len + need);
    if (grown == NULL)
        return -1;
    uint8_t *rec = (uint8_t *)grown + corsaro->log_pending_len;
    rec[0] = (uint8_t)(file_only != 0);
    memcpy(rec + 1, &(uint32_t){(uint32_t)len}, 4);
    memcpy(rec + HOLD_HEAD, line, len);
    corsaro->log_pending = grown;
    corsaro->log_pending_len += need;
    return 0;
}

/* Hands every held line (or only those for stderr) to @p emit. */
static int for_each_held(corsaro_t *corsaro, int stderr_only,
                         int (*emit)(corsaro_t *, const char *, size_t))
{
    int rc = 0;
    size_t pos = 0;
    while (pos + HOLD_HEAD <= corsaro->log_pending_len) {
        const uint8_t *rec = (const uint8_t *)corsaro->log_pending + pos;
        uint32_t len;
        memcpy(&len, rec + 1, 4);
        if (!(stderr_only && rec[0]) &&
            emit(corsaro, (const char *)rec + HOLD_HEAD, len) != 0)
            rc = -1;
        pos += HOLD_HEAD + len;
    }
    free(corsaro->log_pending);
    corsaro->log_pending = NULL;
    corsaro->log_pending_len = 0;
    return rc;
}

static int emit_stderr(corsaro_t *corsaro, const char *line, size_t len)
{
    (void)corsaro;
    return fwrite(line, 1, len, stderr) == len ? 0 : -1;
}

static int emit_log(corsaro_t *corsaro, const char *line, size_t len)
{
    return corsaro_file_write(corsaro, corsaro->log_file, line, (off_t)len) < 0
               ? -1
               : 0;
}

void corsaro__log_release(corsaro_t *corsaro)
{
    (void)for_each_held(corsaro, 1, emit_stderr);
}

int corsaro__log_open(corsaro_t *corsaro, uint32_t time)
{
    corsaro_interval_t at = {corsaro->interval_start.number, time};
    if (!corsaro->log_enabled || corsaro->log_file != NULL)
        return 0;
    corsaro_file_t *log = corsaro_io_prepare_file_full(
        corsaro, "log", &at, CORSARO_FILE_MODE_ASCII, CORSARO_FILE_COMPRESS_NONE);
    if (log == NULL)
        return -1;
    corsaro->log_file = log;
    return for_each_held(corsaro, 0, emit_log);
}

int corsaro__log_close(corsaro_t *corsaro)
{
    corsaro_file_t *log = corsaro->log_file;
    if (log == NULL)
        return 0;
    corsaro_log_record(__func__, corsaro, "closing log file %s",
                       corsaro_file_get_name(log));
    corsaro->log_file = NULL; /* later log lines are held, or go to stderr */
    return corsaro_file_close(corsaro, log);
}

int corsaro__log_rotate(corsaro_t *corsaro)
{
    /* the run's last interval end keeps the log open for the summary */
    return corsaro->finalizing ? 0 : corsaro__log_close(corsaro);
}

void corsaro__log_file_opened(corsaro_t *corsaro, const char *name)
{
    corsaro->files_opened++;
    corsaro_log_record("corsaro_file_open", corsaro, "opened %s", name);
}

void corsaro__log_file_closed(corsaro_t *corsaro, const char *name,
                              long long bytes, int failed)
{
    if (bytes >= 0)
        corsaro->bytes_closed += (uint64_t)bytes;
    if (failed)
        corsaro_log_record("corsaro_file_close", corsaro, "closed %s after an error",
                           name);
    else
        corsaro_log_record("corsaro_file_close", corsaro, "closed %s (%lld bytes)",
                           name, bytes);
}

int corsaro__is_meta_rotate_interval(corsaro_t *corsaro)
{
    int r = corsaro->meta_output_rotate < 0 ? corsaro->output_rotate
                                            : corsaro->meta_output_rotate;
    return r > 0 && (corsaro->interval_start.number + 1) % r == 0;
}
