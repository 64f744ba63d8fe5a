/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The records every corsaro file shares (interval start/end, plugin data
 * markers), written and read, and the opening of files from the template. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro_int.h"

int corsaro_io_expand_template(corsaro_t *corsaro, const char *plugin_name,
                               corsaro_interval_t *interval, char *buf,
                               size_t len)
{
    if (corsaro__template_expand(corsaro->template_, plugin_name,
                                 corsaro->monitorname, interval->time,
                                 corsaro->compress != CORSARO_FILE_COMPRESS_NONE,
                                 buf, len) != 0) {
        corsaro_set_error(corsaro,
                          "the file name made from template '%s' for %s is "
                          "longer than %zu bytes: shorten the template",
                          corsaro->template_, plugin_name, len - 1);
        return -1;
    }
    return 0;
}

corsaro_file_t *corsaro_io_prepare_file_full(corsaro_t *corsaro,
                                             const char *plugin_name,
                                             corsaro_interval_t *interval,
                                             corsaro_file_mode_t mode,
                                             corsaro_file_compress_t compress)
{
    char name[CORSARO__NAME_LEN];
    if (corsaro__template_expand(corsaro->template_, plugin_name,
                                 corsaro->monitorname, interval->time,
                                 compress != CORSARO_FILE_COMPRESS_NONE, name,
                                 sizeof(name)) != 0) {
        corsaro_set_error(corsaro,
                          "the file name made from template '%s' for %s is too "
                          "long: shorten the template",
                          corsaro->template_, plugin_name);
        return NULL;
    }
    corsaro_file_t *file = corsaro__file_open_output(corsaro, name, mode, compress);
    if (file == NULL && errno != EEXIST) /* EEXIST: refused, error set */
        corsaro_set_error(corsaro,
                          "cannot create output file %s: %s (does the "
                          "directory exist, and may this user write to it?)",
                          name, strerror(errno));
    else
        corsaro__log_file_opened(corsaro, name);
    return file;
}

corsaro_file_t *corsaro_io_prepare_file(corsaro_t *corsaro,
                                        const char *plugin_name,
                                        corsaro_interval_t *interval)
{
    return corsaro_io_prepare_file_full(corsaro, plugin_name, interval,
                                        corsaro->output_mode, corsaro->compress);
}

int corsaro_is_rotate_interval(corsaro_t *corsaro)
{
    int r = corsaro->output_rotate;
    return r > 0 && (corsaro->interval_start.number + 1) % r == 0;
}

corsaro_file_t *corsaro_global_file(corsaro_t *corsaro)
{
    return corsaro->global_file;
}

static int write_interval(corsaro_t *corsaro, corsaro_file_t *file,
                          const char *what, corsaro_interval_t *iv)
{
    if (corsaro_file_get_mode(file) == CORSARO_FILE_MODE_ASCII)
        return corsaro_file_printf(corsaro, file, "# CORSARO_INTERVAL_%s %u %" PRIu32 "\n",
                                   what, iv->number, iv->time) < 0 ? -1 : 0;
    uint8_t rec[CORSARO_IO_INTERVAL_RECORD_LEN];
    corsaro_put_u32(rec, CORSARO_MAGIC);
    corsaro_put_u32(rec + 4, CORSARO_MAGIC_INTERVAL);
    corsaro_put_u16(rec + 8, iv->number);
    corsaro_put_u32(rec + 10, iv->time);
    return corsaro_file_write(corsaro, file, rec, sizeof(rec)) < 0 ? -1 : 0;
}

int corsaro_io_write_interval_start(corsaro_t *corsaro, corsaro_file_t *file,
                                    corsaro_interval_t *int_start)
{
    return write_interval(corsaro, file, "START", int_start);
}

int corsaro_io_write_interval_end(corsaro_t *corsaro, corsaro_file_t *file,
                                  corsaro_interval_t *int_end)
{
    return write_interval(corsaro, file, "END", int_end);
}

static int write_marker(corsaro_t *corsaro, corsaro_file_t *file,
                        const char *what)
{
    corsaro__instance_t *inst = corsaro->current;
    if (inst == NULL) {
        corsaro_set_error(corsaro, "plugin data markers written outside a plugin");
        return -1;
    }
    if (corsaro_file_get_mode(file) == CORSARO_FILE_MODE_ASCII)
        return corsaro_file_printf(corsaro, file, "# CORSARO_PLUGIN_DATA_%s %s\n",
                                   what, inst->desc->name) < 0 ? -1 : 0;
    uint8_t rec[12];
    corsaro_put_u32(rec, CORSARO_MAGIC);
    corsaro_put_u32(rec + 4, CORSARO_MAGIC_DATA);
    corsaro_put_u32(rec + 8, inst->output_magic);
    return corsaro_file_write(corsaro, file, rec, sizeof(rec)) < 0 ? -1 : 0;
}

int corsaro_io_write_plugin_start(corsaro_t *corsaro, corsaro_file_t *file)
{
    return write_marker(corsaro, file, "START");
}

int corsaro_io_write_plugin_end(corsaro_t *corsaro, corsaro_file_t *file)
{
    return write_marker(corsaro, file, "END");
}

int corsaro_io_print_interval(corsaro_file_t *out, corsaro_in_record_type_t type,
                              const corsaro_interval_t *iv)
{
    const char *what = type == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START ? "START"
                                                                        : "END";
    return corsaro_file_printf(NULL, out, "# CORSARO_INTERVAL_%s %u %" PRIu32 "\n",
                               what, iv->number, iv->time) < 0 ? -1 : 0;
}

/* ---- reading ---- */

int corsaro__record_reserve(corsaro_in_t *corsaro, corsaro_in_record_t *record,
                            size_t len)
{
    if (len > CORSARO_IN_RECORD_MAX) {
        corsaro_in_set_error(corsaro,
                             "a record of %zu bytes is larger than the %u-byte "
                             "limit: the file is corrupt",
                             len, CORSARO_IN_RECORD_MAX);
        return -1;
    }
    if (len <= record->buffer_len)
        return 0;
    size_t want = record->buffer_len ? record->buffer_len : 256;
    while (want < len)
        want *= 2;
    uint8_t *grown = realloc(record->buffer, want);
    if (grown == NULL) {
        corsaro_in_set_error(corsaro, "out of memory for a %zu-byte record", len);
        return -1;
    }
    record->buffer = grown;
    record->buffer_len = want;
    return 0;
}

off_t corsaro_io_read_bytes_offset(corsaro_in_t *corsaro,
                                   corsaro_in_record_t *record, off_t offset,
                                   off_t len)
{
    /* each bounded first, so offset + len cannot overflow */
    if (offset < 0 || len < 0 || offset > (off_t)CORSARO_IN_RECORD_MAX ||
        len > (off_t)CORSARO_IN_RECORD_MAX) {
        corsaro_in_set_error(corsaro,
                             "a record of %lld bytes at offset %lld is larger "
                             "than the %u-byte limit: the file is corrupt",
                             (long long)len, (long long)offset,
                             CORSARO_IN_RECORD_MAX);
        return -1;
    }
    if (corsaro__record_reserve(corsaro, record, (size_t)(offset + len)) != 0)
        return -1;
    off_t got = corsaro_file_rread(corsaro->file, record->buffer + offset, len);
    if (got < 0) {
        corsaro_in_set_error(corsaro, "read error (corrupt compressed data?)");
        return -1;
    }
    if (got == 0 && len > 0 && offset == 0)
        return 0;
    if (got != len) {
        corsaro_in_set_error(corsaro,
                             "truncated: expected %lld more bytes, the file "
                             "ends after %lld",
                             (long long)len, (long long)got);
        return -1;
    }
    return len;
}

off_t corsaro_io_read_bytes(corsaro_in_t *corsaro, corsaro_in_record_t *record,
                            off_t len)
{
    return corsaro_io_read_bytes_offset(corsaro, record, 0, len);
}

static off_t read_interval(corsaro_in_t *corsaro, corsaro_in_record_type_t want,
                           corsaro_in_record_type_t *type,
                           corsaro_in_record_t *record)
{
    const char *what = want == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START
                           ? "interval start"
                           : "interval end";
    off_t n = corsaro_io_read_bytes(corsaro, record, CORSARO_IO_INTERVAL_RECORD_LEN);
    if (n <= 0) {
        if (n == 0 && want == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END) {
            corsaro_in_set_error(corsaro, "truncated: the file ends before an %s "
                                          "record", what);
            n = -1;
        }
        *type = CORSARO_IN_RECORD_TYPE_NULL;
        return n;
    }
    const uint8_t *b = record->buffer;
    if (corsaro_get_u32(b) != CORSARO_MAGIC ||
        corsaro_get_u32(b + 4) != CORSARO_MAGIC_INTERVAL) {
        corsaro_in_set_error(corsaro,
                             "expected an %s record (EDGRINTR), found bytes "
                             "%02x %02x %02x %02x %02x %02x %02x %02x",
                             what, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
        *type = CORSARO_IN_RECORD_TYPE_NULL;
        return -1;
    }
    corsaro_interval_t iv = {corsaro_get_u16(b + 8), corsaro_get_u32(b + 10)};
    memcpy(record->buffer, &iv, sizeof(iv));
    *type = want;
    record->type = want;
    return n;
}

off_t corsaro_io_read_interval_start(corsaro_in_t *corsaro,
                                     corsaro_file_in_t *file,
                                     corsaro_in_record_type_t *type,
                                     corsaro_in_record_t *record)
{
    (void)file; /* always the reader's current file */
    return read_interval(corsaro, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, type,
                         record);
}

off_t corsaro_io_read_interval_end(corsaro_in_t *corsaro, corsaro_file_in_t *file,
                                   corsaro_in_record_type_t *type,
                                   corsaro_in_record_t *record)
{
    (void)file;
    return read_interval(corsaro, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, type,
                         record);
}
