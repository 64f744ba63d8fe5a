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

/* Where a line goes: corsaro_log's rule (the log file, held until it
 * opens, else stderr), the log file only, or both the log and stderr. */
typedef enum { TO_LOG_OR_STDERR, TO_LOG_ONLY, TO_LOG_AND_STDERR } log_dest_t;

/* "[HH:MM:SS:mmm] func: msg\n" into @p line. @return its length, or 0 */
static size_t format_line(char *line, size_t size, const char *func,
                          const char *msg)
{
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    localtime_r(&tv.tv_sec, &tm);
    int n = snprintf(line, size, "[%02d:%02d:%02d:%03d] %.*s: %s\n", tm.tm_hour,
                     tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000),
                     LOG_FUNC_MAX - 1, func, msg);
    if (n < 0)
        return 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

static void log_line(corsaro_t *corsaro, const char *func, log_dest_t dest,
                     const char *fmt, va_list ap)
{
    char msg[LOG_MSG_MAX];
    char line[LOG_MSG_MAX + LOG_FUNC_MAX + 32];

    vsnprintf(msg, sizeof(msg), fmt, ap);
    if (dest == TO_LOG_AND_STDERR) {
        fprintf(stderr, "corsaro: %s\n", msg);
        if (corsaro != NULL) /* for the summary */
            ++*(strncmp(msg, "warning", 7) == 0 ? &corsaro->warnings_reported
                                                : &corsaro->errors_reported);
    }
    size_t len = format_line(line, sizeof(line), func, msg);
    if (len == 0)
        return;
    int file_only = dest != TO_LOG_OR_STDERR;
    if (corsaro != NULL && corsaro->log_file != NULL)
        corsaro_file_write(corsaro, corsaro->log_file, line, (off_t)len);
    else if (corsaro != NULL && corsaro->log_enabled &&
             corsaro__log_hold(corsaro, line, len, file_only) == 0)
        return;
    else if (!file_only)
        fputs(line, stderr);
}

void corsaro_log(const char *func, corsaro_t *corsaro, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    log_line(corsaro, func, TO_LOG_OR_STDERR, format, ap);
    va_end(ap);
}

void corsaro_log_record(const char *func, corsaro_t *corsaro,
                        const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    log_line(corsaro, func, TO_LOG_ONLY, format, ap);
    va_end(ap);
}

void corsaro_log_report(const char *func, corsaro_t *corsaro,
                        const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    log_line(corsaro, func, TO_LOG_AND_STDERR, format, ap);
    va_end(ap);
}

void corsaro_log_in(const char *func, corsaro_in_t *corsaro,
                    const char *format, ...)
{
    (void)corsaro;
    va_list ap;
    va_start(ap, format);
    log_line(NULL, func, TO_LOG_OR_STDERR, format, ap);
    va_end(ap);
}

void corsaro_set_error(corsaro_t *corsaro, const char *format, ...)
{
    va_list ap;
    if (corsaro == NULL)
        return;
    /* the first error is the cause; later ones are consequences */
    if (corsaro->failed)
        return;
    va_start(ap, format);
    vsnprintf(corsaro->err, sizeof(corsaro->err), format, ap);
    va_end(ap);
    corsaro->failed = 1; /* first: writing the log may fail and call us */
    corsaro->errors_reported++;
    /* the host prints it on stderr; the log keeps it too */
    corsaro_log_record(__func__, corsaro, "error: %s", corsaro->err);
}

const char *corsaro_error(corsaro_t *corsaro)
{
    return corsaro != NULL ? corsaro->err : "";
}

void *corsaro_malloc_zero(size_t size)
{
    return calloc(1, size);
}
