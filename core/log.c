/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Log lines `[HH:MM:SS:mmm] func: message` (local wall-clock time, as v2)
 * and the run's error message. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "corsaro_int.h"

#define LOG_MSG_MAX 512
#define LOG_FUNC_MAX 64

static void log_line(corsaro_t *corsaro, const char *func, const char *fmt,
                     va_list ap)
{
    char msg[LOG_MSG_MAX];
    char stamp[32];
    struct timeval tv;
    struct tm tm;

    vsnprintf(msg, sizeof(msg), fmt, ap);
    gettimeofday(&tv, NULL);
    localtime_r(&tv.tv_sec, &tm);
    snprintf(stamp, sizeof(stamp), "[%02d:%02d:%02d:%03d] ", tm.tm_hour,
             tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));
    char line[LOG_MSG_MAX + LOG_FUNC_MAX + 32];
    int n = snprintf(line, sizeof(line), "%s%.*s: %s\n", stamp, LOG_FUNC_MAX - 1,
                     func, msg);
    if (n < 0)
        return;
    size_t len = (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1;
    if (corsaro != NULL && corsaro->log_file != NULL)
        corsaro_file_write(corsaro, corsaro->log_file, line, (off_t)len);
    else if (corsaro == NULL || !corsaro->log_enabled ||
             corsaro__log_hold(corsaro, line, len) != 0)
        fputs(line, stderr);
}

void corsaro_log(const char *func, corsaro_t *corsaro, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    log_line(corsaro, func, format, ap);
    va_end(ap);
}

void corsaro_log_in(const char *func, corsaro_in_t *corsaro,
                    const char *format, ...)
{
    (void)corsaro;
    va_list ap;
    va_start(ap, format);
    log_line(NULL, func, format, ap);
    va_end(ap);
}

void corsaro_set_error(corsaro_t *corsaro, const char *format, ...)
{
    va_list ap;
    if (corsaro == NULL)
        return;
    /* the first error is the cause; later ones are consequences */
    if (!corsaro->failed) {
        va_start(ap, format);
        vsnprintf(corsaro->err, sizeof(corsaro->err), format, ap);
        va_end(ap);
    }
    corsaro->failed = 1;
}

const char *corsaro_error(corsaro_t *corsaro)
{
    return corsaro != NULL ? corsaro->err : "";
}

void *corsaro_malloc_zero(size_t size)
{
    return calloc(1, size);
}
