/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file io.h
 * @brief Files: opening them from the template, writing (compressed and on
 * a writer thread), reading back, and the records every corsaro file shares.
 *
 * Writes never fail silently: a failed write (full disk, removed directory,
 * I/O error) makes the call return -1, records a message naming the file in
 * the corsaro context, and the host stops the run with a non-zero exit.
 *
 * Threads: a file belongs to one thread at a time. The writing functions
 * below (corsaro_file_write/printf/close, corsaro_io_write_interval_start
 * and _end) accept a NULL @c corsaro, so a plugin's own worker thread may
 * write its file; the error then goes to stderr and the plugin must report
 * the failure to the host (corsaro_set_error on the packet thread).
 */
#ifndef CORSARO_IO_H
#define CORSARO_IO_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>

#include "corsaro/types.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CORSARO_PRINTF(fmt, first) __attribute__((format(printf, fmt, first)))
#else
#define CORSARO_PRINTF(fmt, first)
#endif

/* ---- output ---- */

/** Opens the output file of @p plugin_name for the interval @p interval,
 * named from the run's template (%P = @p plugin_name), in the run's mode
 * and compression.
 * @return the file, or NULL after setting the run's error */
CORSARO_API corsaro_file_t *corsaro_io_prepare_file(corsaro_t *corsaro,
                                                    const char *plugin_name,
                                                    corsaro_interval_t *interval);

/** Like corsaro_io_prepare_file() with an explicit mode and compression. */
CORSARO_API corsaro_file_t *corsaro_io_prepare_file_full(
    corsaro_t *corsaro, const char *plugin_name, corsaro_interval_t *interval,
    corsaro_file_mode_t mode, corsaro_file_compress_t compress);

/** Expands the run's template for @p plugin_name at @p interval.
 * @param[out] buf receives the file name
 * @return 0, or -1 if the name does not fit */
CORSARO_API int corsaro_io_expand_template(corsaro_t *corsaro,
                                           const char *plugin_name,
                                           corsaro_interval_t *interval,
                                           char *buf, size_t len);

/** Opens @p filename for writing with @p mode and @p compress, outside any
 * run (tools use this). Use "-" for standard output (never compressed).
 * @return the file, or NULL with errno set */
CORSARO_API corsaro_file_t *corsaro_file_open(const char *filename,
                                              corsaro_file_mode_t mode,
                                              corsaro_file_compress_t compress);

/** Writes @p len bytes.
 * @param corsaro the run (its error is set on failure), or NULL
 * @return @p len, or -1 on failure */
CORSARO_API off_t corsaro_file_write(corsaro_t *corsaro, corsaro_file_t *file,
                                     const void *buffer, off_t len);

/** printf into a file. @return bytes written, or -1 on failure */
CORSARO_API off_t corsaro_file_printf(corsaro_t *corsaro, corsaro_file_t *file,
                                      const char *format, ...)
    CORSARO_PRINTF(3, 4);

/** vprintf into a file. @return bytes written, or -1 on failure */
CORSARO_API off_t corsaro_file_vprintf(corsaro_t *corsaro, corsaro_file_t *file,
                                       const char *format, va_list args);

/** Flushes, closes and frees the file.
 * @return 0, or -1 with errno set if anything written to it was lost (the
 * run's error names the file) */
CORSARO_API int corsaro_file_close(corsaro_t *corsaro, corsaro_file_t *file);

/** The errno of the first failed write to @p file, or 0. Lets a tool tell
 * a closed pipe (EPIPE: the reader went away) from a real failure. */
CORSARO_API int corsaro_file_error(corsaro_file_t *file);

/** The mode a file was opened in. */
CORSARO_API corsaro_file_mode_t corsaro_file_get_mode(corsaro_file_t *file);

/** The name a file was opened with. */
CORSARO_API const char *corsaro_file_get_name(corsaro_file_t *file);

/** 1 if the plugin files should rotate at the end of the current interval
 * (`-r`), else 0. Call from end_interval. */
CORSARO_API int corsaro_is_rotate_interval(corsaro_t *corsaro);

/** Writes an interval start record (binary: 14 bytes; ASCII:
 * `# CORSARO_INTERVAL_START n t`). @return 0 or -1 */
CORSARO_API int corsaro_io_write_interval_start(corsaro_t *corsaro,
                                                corsaro_file_t *file,
                                                corsaro_interval_t *int_start);
/** Writes an interval end record. @return 0 or -1 */
CORSARO_API int corsaro_io_write_interval_end(corsaro_t *corsaro,
                                              corsaro_file_t *file,
                                              corsaro_interval_t *int_end);

/** The run's global file, or NULL when there is none (-G, or no packet
 * yet). Plugins write their block between the two markers below. */
CORSARO_API corsaro_file_t *corsaro_global_file(corsaro_t *corsaro);
/** Writes the plugin-data start marker of the running plugin. */
CORSARO_API int corsaro_io_write_plugin_start(corsaro_t *corsaro,
                                              corsaro_file_t *file);
/** Writes the plugin-data end marker of the running plugin. */
CORSARO_API int corsaro_io_write_plugin_end(corsaro_t *corsaro,
                                            corsaro_file_t *file);

/* ---- input ---- */

/** Reads up to @p len bytes (decompressing as needed).
 * @return bytes read, 0 at end of file, -1 on error */
CORSARO_API off_t corsaro_file_rread(corsaro_file_in_t *file, void *buffer,
                                     off_t len);
/** Looks at the next @p len bytes without consuming them. Same returns. */
CORSARO_API off_t corsaro_file_rpeek(corsaro_file_in_t *file, void *buffer,
                                     off_t len);
/** Reads one line including its '\n' into @p buf (NUL-terminated).
 * @return its length, 0 at end of file, -1 on error */
CORSARO_API off_t corsaro_file_rgets(corsaro_file_in_t *file, char *buf,
                                     off_t len);
/** Opens any file for reading; gzip, bzip2 and xz are detected.
 * @return the file, or NULL with errno set */
CORSARO_API corsaro_file_in_t *corsaro_file_ropen(const char *filename);
/** Closes a file opened with corsaro_file_ropen(). */
CORSARO_API void corsaro_file_rclose(corsaro_file_in_t *file);
/** Bytes consumed so far (of the decompressed stream). */
CORSARO_API off_t corsaro_file_rtell(corsaro_file_in_t *file);

/** Reads exactly @p len bytes of the current file into @p record at
 * offset 0, growing its buffer (up to CORSARO_IN_RECORD_MAX).
 * @return @p len; 0 if the file ended cleanly before the first byte;
 * -1 on a short read or error, with the input's error set (it names the
 * file and the byte offset) */
CORSARO_API off_t corsaro_io_read_bytes(corsaro_in_t *corsaro,
                                        corsaro_in_record_t *record, off_t len);
/** Like corsaro_io_read_bytes(), storing at @p offset in the record. */
CORSARO_API off_t corsaro_io_read_bytes_offset(corsaro_in_t *corsaro,
                                               corsaro_in_record_t *record,
                                               off_t offset, off_t len);
/** Reads an interval start record (magics checked) into @p record as a
 * corsaro_interval_t. @return bytes read, 0 at clean end of file, -1 */
CORSARO_API off_t corsaro_io_read_interval_start(corsaro_in_t *corsaro,
                                                 corsaro_file_in_t *file,
                                                 corsaro_in_record_type_t *type,
                                                 corsaro_in_record_t *record);
/** Reads an interval end record. @return bytes read, or -1 */
CORSARO_API off_t corsaro_io_read_interval_end(corsaro_in_t *corsaro,
                                               corsaro_file_in_t *file,
                                               corsaro_in_record_type_t *type,
                                               corsaro_in_record_t *record);

/** Prints an interval record as `# CORSARO_INTERVAL_START n t` (or END). */
CORSARO_API int corsaro_io_print_interval(corsaro_file_t *out,
                                          corsaro_in_record_type_t type,
                                          const corsaro_interval_t *interval);

/* ---- big-endian helpers for record layouts ---- */

/** Stores @p v big-endian at @p p. */
static inline void corsaro_put_u16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}
/** Stores @p v big-endian at @p p. */
static inline void corsaro_put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}
/** Stores @p v big-endian at @p p. */
static inline void corsaro_put_u64(uint8_t *p, uint64_t v)
{
    corsaro_put_u32(p, (uint32_t)(v >> 32));
    corsaro_put_u32(p + 4, (uint32_t)v);
}
/** Loads a big-endian u16 from @p p. */
static inline uint16_t corsaro_get_u16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}
/** Loads a big-endian u32 from @p p. */
static inline uint32_t corsaro_get_u32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}
/** Loads a big-endian u64 from @p p. */
static inline uint64_t corsaro_get_u64(const uint8_t *p)
{
    return ((uint64_t)corsaro_get_u32(p) << 32) | corsaro_get_u32(p + 4);
}

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_IO_H */
