/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file in.h
 * @brief Corsaro-In: read any corsaro file record by record.
 *
 * The reader loads the plugins it finds (same search path as `corsaro`),
 * picks the one that wrote the file (by the last component of the file
 * name, then by content) or the global-file reader, and returns records:
 *
 * @code
 * corsaro_in_t *in = corsaro_in_alloc(path);
 * if (corsaro_in_start(in) != 0) { fprintf(stderr, "%s\n", corsaro_in_error(in)); ... }
 * corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
 * corsaro_in_record_type_t type;
 * off_t n;
 * while ((n = corsaro_in_read_record(in, &type, rec)) > 0) { ... }
 * if (n < 0) fprintf(stderr, "%s\n", corsaro_in_error(in));
 * @endcode
 */
#ifndef CORSARO_IN_H
#define CORSARO_IN_H

#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>

#include "corsaro/io.h"
#include "corsaro/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest record a reader accepts; bigger ones are reported as corrupt. */
#define CORSARO_IN_RECORD_MAX (1u << 20)

/** A global-file header (record type IO_HEADER), host byte order. */
typedef struct corsaro_header {
    uint8_t version_major;
    uint8_t version_minor;
    uint32_t local_init_time;
    uint16_t interval_length;
    uint16_t traceuri_len;
    char *traceuri;          /**< NUL-terminated, or NULL when empty */
    uint16_t plugin_cnt;
    uint32_t *plugin_magics; /**< plugin_cnt entries */
} corsaro_header_t;

/** A global-file trailer (record type IO_TRAILER), host byte order. */
typedef struct corsaro_trailer {
    uint64_t packet_cnt;
    uint64_t accepted_cnt; /**< UINT64_MAX when unknown */
    uint64_t dropped_cnt;  /**< UINT64_MAX when unknown */
    uint32_t first_packet_time;
    uint32_t last_packet_time;
    uint32_t local_final_time;
    uint32_t runtime;
} corsaro_trailer_t;

/** A plugin-data marker (IO_PLUGIN_START / IO_PLUGIN_END). */
typedef struct corsaro_plugin_data {
    uint32_t plugin_magic;
} corsaro_plugin_data_t;

/** Creates a reader for @p filename. Nothing is opened yet. */
CORSARO_API corsaro_in_t *corsaro_in_alloc(const char *filename);
/** Adds plugin directories (colon-separated) searched before
 * CORSARO_PLUGIN_PATH and the installed directory. @return 0 or -1 */
CORSARO_API int corsaro_in_add_plugin_path(corsaro_in_t *corsaro,
                                           const char *dirs);
/** Loads plugins, opens the file and finds its reader.
 * @return 0, or -1 with corsaro_in_error() saying why */
CORSARO_API int corsaro_in_start(corsaro_in_t *corsaro);
/** Allocates a record buffer for corsaro_in_read_record(). */
CORSARO_API corsaro_in_record_t *corsaro_in_alloc_record(corsaro_in_t *corsaro);
/** Frees a record buffer. */
CORSARO_API void corsaro_in_free_record(corsaro_in_record_t *record);
/** Reads the next record.
 * @return bytes read, 0 at the end of the file, -1 on error */
CORSARO_API off_t corsaro_in_read_record(corsaro_in_t *corsaro,
                                         corsaro_in_record_type_t *record_type,
                                         corsaro_in_record_t *record);
/** The record's data: a corsaro_interval_t, corsaro_header_t,
 * corsaro_flowtuple_t, ... depending on its type. */
CORSARO_API void *corsaro_in_get_record_data(corsaro_in_record_t *record);
/** Prints a record as text, the way cors2ascii does. @return 0 or -1 */
CORSARO_API int corsaro_in_print_record(corsaro_in_t *corsaro,
                                        corsaro_file_t *out,
                                        corsaro_in_record_type_t record_type,
                                        corsaro_in_record_t *record);
/** Name of the plugin reading the file, or "global". */
CORSARO_API const char *corsaro_in_reader_name(corsaro_in_t *corsaro);
/** Name of the plugin that owns @p magic among those loaded, or NULL. */
CORSARO_API const char *corsaro_in_plugin_name_by_magic(corsaro_in_t *corsaro,
                                                        uint32_t magic);
/** The file being read. */
CORSARO_API corsaro_file_in_t *corsaro_in_get_file(corsaro_in_t *corsaro);
/** The path being read. */
CORSARO_API const char *corsaro_in_get_filename(corsaro_in_t *corsaro);
/** Records an error for the reader. The host prefixes the file name and
 * the byte offset where the failing record starts. */
CORSARO_API void corsaro_in_set_error(corsaro_in_t *corsaro,
                                      const char *format, ...)
    CORSARO_PRINTF(2, 3);
/** The last error, or "" if none. */
CORSARO_API const char *corsaro_in_error(corsaro_in_t *corsaro);
/** Closes everything and frees the reader. */
CORSARO_API void corsaro_in_free(corsaro_in_t *corsaro);

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_IN_H */
