/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_input.c
 * @brief Corsaro-In for flowtuple files: detection, reading records
 * through the host's IO layer, and printing them as cors2ascii does.
 *
 * Both variants are read whatever this plugin writes: SIXU tuples carry
 * the whole destination; SIXT tuples carry octets 2-4 only, and the reader
 * rebuilds the destination as N.b.c.d. N is taken from the environment
 * variable CORSARO_FLOWTUPLE_SLASH_EIGHT (0-255) when it is set, else 0.
 * (v2 used the octet compiled into the reader, e.g. 44 at UCSD.)
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro/corsaro.h"
#include "ft_input.h"
#include "ft_internal.h"

/** Where class and tuple records land in the record buffer: their
 * decoded struct goes at offset 0, so the raw bytes are read past it. */
#define FT_RAW_OFFSET 32

typedef struct ft_in_state {
    ft_reader_t rd;
} ft_in_state_t;

int corsaro__ft_probe_filename(const char *fname)
{
    const char *base = strrchr(fname, '/');
    base = base != NULL ? base + 1 : fname;
    return strstr(base, "flowtuple") != NULL;
}

int corsaro__ft_probe_magic(corsaro_in_t *corsaro, corsaro_file_in_t *file)
{
    uint8_t head[18];
    (void)corsaro;
    if (corsaro_file_rpeek(file, head, sizeof(head)) != (off_t)sizeof(head))
        return 0;
    if (corsaro_get_u32(head) != CORSARO_MAGIC)
        return 0;
    uint32_t magic = corsaro_get_u32(head + 14);
    return magic == CORSARO_FLOWTUPLE_MAGIC_SIXU ||
           magic == CORSARO_FLOWTUPLE_MAGIC_SIXT;
}

/* Parses CORSARO_FLOWTUPLE_SLASH_EIGHT. @return 0 or -1 */
static int ft_env_octet(corsaro_in_t *corsaro, uint8_t *octet)
{
    const char *env = getenv(CORSARO_FT_SLASH_EIGHT_ENV);
    char *end;

    *octet = 0;
    if (env == NULL || *env == '\0')
        return 0;
    errno = 0;
    long v = strtol(env, &end, 10);
    if (errno != 0 || *end != '\0' || v < 0 || v > 255) {
        corsaro_in_set_error(corsaro,
                             "flowtuple: %s must be the first octet (0-255) to "
                             "give destinations of /8 (SIXT) files, not '%s'",
                             CORSARO_FT_SLASH_EIGHT_ENV, env);
        return -1;
    }
    *octet = (uint8_t)v;
    return 0;
}

/* @return 1 if the file is corsaro ASCII output (error set), else 0 */
static int ft_is_ascii(corsaro_in_t *corsaro)
{
    char head[9];
    corsaro_file_in_t *file = corsaro_in_get_file(corsaro);
    if (file == NULL ||
        corsaro_file_rpeek(file, head, sizeof(head)) != (off_t)sizeof(head) ||
        memcmp(head, "# CORSARO", sizeof(head)) != 0)
        return 0;
    corsaro_in_set_error(corsaro, "ASCII-mode file: cannot be read back; "
                                  "re-run with -m binary");
    return 1;
}

int corsaro__ft_init_input(corsaro_in_t *corsaro)
{
    uint8_t octet;
    if (ft_env_octet(corsaro, &octet) != 0 || ft_is_ascii(corsaro))
        return -1;
    ft_in_state_t *st = calloc(1, sizeof(*st));
    if (st == NULL) {
        corsaro_in_set_error(corsaro, "flowtuple: out of memory");
        return -1;
    }
    corsaro__ft_reader_init(&st->rd, octet);
    corsaro_in_plugin_register_state(corsaro, st);
    return 0;
}

int corsaro__ft_close_input(corsaro_in_t *corsaro)
{
    corsaro_in_plugin_free_state(corsaro);
    return 0;
}

/* Reads the next class or tuple record's raw bytes into @p raw.
 * @return bytes read, or -1 with the error set */
static off_t ft_read_raw(corsaro_in_t *corsaro, ft_in_state_t *st,
                         corsaro_in_record_t *record, uint8_t *raw, size_t len)
{
    const ft_reader_t *rd = &st->rd;
    off_t got = corsaro_file_rpeek(corsaro_in_get_file(corsaro), raw, (off_t)len);
    if (got < 0) {
        corsaro_in_set_error(corsaro, "flowtuple: read error (corrupt "
                                      "compressed data?)");
        return -1;
    }
    if ((size_t)got < len) {
        if (rd->expect == FT_RD_TUPLE)
            corsaro_in_set_error(
                corsaro,
                "flowtuple: truncated: the file ends %s%s (tuple %lu of the "
                "%lu announced for %s; %ld of %zu bytes present)",
                got ? "inside " : "where ", corsaro__ft_reader_expect_name(rd),
                (unsigned long)(rd->count - rd->remaining + 1),
                (unsigned long)rd->count, corsaro__ft_class_name(rd->cls),
                (long)got, len);
        else
            corsaro_in_set_error(
                corsaro,
                "flowtuple: truncated: the file ends %s%s of %s (%ld of %zu "
                "bytes present)",
                got ? "inside " : "where ", corsaro__ft_reader_expect_name(rd),
                corsaro__ft_class_name(rd->cls), (long)got, len);
        return -1;
    }
    /* consume them; this also makes the buffer big enough for the struct */
    return corsaro_io_read_bytes_offset(corsaro, record, FT_RAW_OFFSET, (off_t)len);
}

off_t corsaro__ft_read_record(corsaro_in_t *corsaro,
                              corsaro_in_record_type_t *type,
                              corsaro_in_record_t *record)
{
    ft_in_state_t *st = CORSARO_IN_PLUGIN_STATE(corsaro, ft_in_state_t);
    ft_reader_t *rd = &st->rd;
    corsaro_file_in_t *file = corsaro_in_get_file(corsaro);
    uint8_t raw[FT_RAW_OFFSET];
    char err[256];
    off_t n;

    *type = CORSARO_IN_RECORD_TYPE_NULL;
    switch (rd->expect) {
    case FT_RD_INTERVAL_START:
        n = corsaro_io_read_interval_start(corsaro, file, type, record);
        if (n > 0)
            corsaro__ft_reader_interval_done(rd);
        return n; /* 0: clean end of file at an interval boundary */

    case FT_RD_INTERVAL_END:
        n = corsaro_io_read_interval_end(corsaro, file, type, record);
        if (n == 0) {
            corsaro_in_set_error(corsaro, "flowtuple: truncated: the file "
                                          "ends where an interval end record "
                                          "was expected");
            return -1;
        }
        if (n > 0)
            corsaro__ft_reader_interval_done(rd);
        return n;

    case FT_RD_CLASS_START: {
        corsaro_flowtuple_class_start_t cs;
        n = ft_read_raw(corsaro, st, record, raw, CORSARO_FLOWTUPLE_CLASS_START_LEN);
        if (n < 0)
            return -1;
        if (corsaro__ft_reader_class_start(rd, raw, &cs, err, sizeof(err)) != 0) {
            corsaro_in_set_error(corsaro, "%s", err);
            return -1;
        }
        memcpy(corsaro_in_get_record_data(record), &cs, sizeof(cs));
        *type = CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_START;
        return n;
    }

    case FT_RD_TUPLE: {
        corsaro_flowtuple_t ft;
        n = ft_read_raw(corsaro, st, record, raw, corsaro__ft_reader_expect_len(rd));
        if (n < 0)
            return -1;
        corsaro__ft_reader_tuple(rd, raw, &ft);
        memcpy(corsaro_in_get_record_data(record), &ft, sizeof(ft));
        *type = CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE;
        return n;
    }

    case FT_RD_CLASS_END:
    default: {
        corsaro_flowtuple_class_end_t ce;
        n = ft_read_raw(corsaro, st, record, raw, CORSARO_FLOWTUPLE_CLASS_END_LEN);
        if (n < 0)
            return -1;
        if (corsaro__ft_reader_class_end(rd, raw, &ce, err, sizeof(err)) != 0) {
            corsaro_in_set_error(corsaro, "%s", err);
            return -1;
        }
        memcpy(corsaro_in_get_record_data(record), &ce, sizeof(ce));
        *type = CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_END;
        return n;
    }
    }
}

off_t corsaro__ft_read_global_data_record(corsaro_in_t *corsaro,
                                          corsaro_in_record_type_t *type,
                                          corsaro_in_record_t *record)
{
    (void)record;
    *type = CORSARO_IN_RECORD_TYPE_NULL;
    corsaro_in_set_error(corsaro, "flowtuple: this plugin writes no data into "
                                  "the global file, yet a flowtuple data block "
                                  "was found there");
    return -1;
}

int corsaro__ft_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                             corsaro_in_record_type_t type,
                             corsaro_in_record_t *record)
{
    const void *data = corsaro_in_get_record_data(record);
    char line[FT_TEXT_MAX];
    off_t rc;

    switch (type) {
    case CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START:
    case CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END:
        return corsaro_io_print_interval(out, type, data);
    case CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_START: {
        const corsaro_flowtuple_class_start_t *cs = data;
        rc = corsaro_file_printf(NULL, out, "START %s %lu\n",
                                 corsaro__ft_class_name(cs->class_type),
                                 (unsigned long)cs->count);
        break;
    }
    case CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_END: {
        const corsaro_flowtuple_class_end_t *ce = data;
        rc = corsaro_file_printf(NULL, out, "END %s\n",
                                 corsaro__ft_class_name(ce->class_type));
        break;
    }
    case CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE: {
        size_t len = corsaro__ft_tuple_to_text(data, line);
        rc = corsaro_file_write(NULL, out, line, (off_t)len);
        break;
    }
    default:
        corsaro_in_set_error(corsaro, "flowtuple: cannot print a record of "
                                      "type %d",
                             (int)type);
        return -1;
    }
    if (rc < 0) {
        corsaro_in_set_error(corsaro, "flowtuple: cannot write to %s",
                             corsaro_file_get_name(out));
        return -1;
    }
    return 0;
}
