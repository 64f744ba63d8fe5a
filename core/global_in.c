/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Reading and printing the global file (SPEC 3, 9.5). A state machine
 * walks header, intervals (with plugin data blocks, read by the plugin
 * whose magic the block carries) and the trailer; after a trailer a new
 * header may follow, so concatenated global files read too.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro_int.h"

#define HEADER_FIXED 18
#define TRAILER_LEN 48
#define MARKER_LEN 12

int corsaro__global_has_header(corsaro_file_in_t *file)
{
    uint8_t head[8];
    return corsaro_file_rpeek(file, head, 8) == 8 &&
           corsaro_get_u32(head) == CORSARO_MAGIC &&
           corsaro_get_u32(head + 4) == CORSARO_MAGIC_HEADER;
}

/* Peeks the next 8 bytes: the record's two magics. @return the second
 * magic, 0 at end of file, or 1 when the bytes are not a corsaro record */
static uint32_t peek_kind(corsaro_in_t *corsaro)
{
    uint8_t b[8];
    off_t n = corsaro_file_rpeek(corsaro->file, b, 8);
    if (n == 0)
        return 0;
    if (n < 0) /* the first error is kept: this one says why */
        corsaro_in_set_error(corsaro, "cannot read the next record (corrupt "
                                      "compressed data?)");
    if (n != 8 || corsaro_get_u32(b) != CORSARO_MAGIC)
        return 1;
    return corsaro_get_u32(b + 4);
}

/* Reads exactly @p len bytes of @p what. @return 0, or -1 with the error
 * set: "truncated" when the file ends, a read error when the bytes cannot
 * be read (corrupt compressed data) */
static int read_exact(corsaro_in_t *corsaro, void *buf, off_t len,
                      const char *what)
{
    off_t n = corsaro_file_rread(corsaro->file, buf, len);
    if (n == len)
        return 0;
    if (n < 0)
        corsaro_in_set_error(corsaro, "cannot read the %s (corrupt compressed "
                                      "data?)", what);
    else
        corsaro_in_set_error(corsaro, "truncated %s", what);
    return -1;
}

static off_t read_header(corsaro_in_t *corsaro, corsaro_in_record_type_t *type,
                         corsaro_in_record_t *record)
{
    uint8_t fixed[HEADER_FIXED];
    corsaro_header_t h;

    if (read_exact(corsaro, fixed, HEADER_FIXED, "global header") != 0)
        return -1;
    if (corsaro_get_u32(fixed) != CORSARO_MAGIC ||
        corsaro_get_u32(fixed + 4) != CORSARO_MAGIC_HEADER) {
        corsaro_in_set_error(corsaro, "expected a global header (EDGRHEAD)");
        return -1;
    }
    memset(&h, 0, sizeof(h));
    h.version_major = fixed[8];
    h.version_minor = fixed[9];
    h.local_init_time = corsaro_get_u32(fixed + 10);
    h.interval_length = corsaro_get_u16(fixed + 14);
    h.traceuri_len = corsaro_get_u16(fixed + 16);

    /* layout in the record: header struct, uri + NUL, magics */
    size_t uri_at = sizeof(h);
    size_t cnt_at = uri_at + h.traceuri_len + 1;
    if (corsaro__record_reserve(corsaro, record, cnt_at + 2) != 0)
        return -1;
    uint8_t *buf = record->buffer;
    if (read_exact(corsaro, buf + uri_at, h.traceuri_len + 2,
                   "global header (trace URI)") != 0)
        return -1;
    h.plugin_cnt = corsaro_get_u16(buf + uri_at + h.traceuri_len);
    buf[uri_at + h.traceuri_len] = '\0';
    size_t magics_at = (cnt_at + 3) & ~(size_t)3;
    size_t total = magics_at + 4 * (size_t)h.plugin_cnt;
    if (corsaro__record_reserve(corsaro, record, total) != 0)
        return -1;
    buf = record->buffer;
    uint32_t *magics = (uint32_t *)(void *)(buf + magics_at);
    for (uint16_t i = 0; i < h.plugin_cnt; i++) {
        uint8_t m[4];
        if (read_exact(corsaro, m, 4, "global header (plugin list)") != 0)
            return -1;
        magics[i] = corsaro_get_u32(m);
    }
    h.traceuri = h.traceuri_len > 0 ? (char *)buf + uri_at : NULL;
    h.plugin_magics = magics;
    memcpy(buf, &h, sizeof(h));
    *type = CORSARO_IN_RECORD_TYPE_IO_HEADER;
    return (off_t)(HEADER_FIXED + h.traceuri_len + 2 + 4 * h.plugin_cnt);
}

static off_t read_trailer(corsaro_in_t *corsaro, corsaro_in_record_type_t *type,
                          corsaro_in_record_t *record)
{
    uint8_t t[TRAILER_LEN];
    corsaro_trailer_t tr;
    if (read_exact(corsaro, t, TRAILER_LEN, "global trailer") != 0)
        return -1;
    tr.packet_cnt = corsaro_get_u64(t + 8);
    tr.accepted_cnt = corsaro_get_u64(t + 16);
    tr.dropped_cnt = corsaro_get_u64(t + 24);
    tr.first_packet_time = corsaro_get_u32(t + 32);
    tr.last_packet_time = corsaro_get_u32(t + 36);
    tr.local_final_time = corsaro_get_u32(t + 40);
    tr.runtime = corsaro_get_u32(t + 44);
    if (corsaro__record_reserve(corsaro, record, sizeof(tr)) != 0)
        return -1;
    memcpy(record->buffer, &tr, sizeof(tr));
    *type = CORSARO_IN_RECORD_TYPE_IO_TRAILER;
    return TRAILER_LEN;
}

/* The plugin reading a data block: loaded now if need be, by magic. */
static corsaro__instance_t *plugin_by_magic(corsaro_in_t *corsaro, uint32_t magic)
{
    corsaro__instance_t *inst = corsaro__in_instance_by_magic(corsaro, magic);
    return inst != NULL && inst->desc->read_global_data_record != NULL ? inst : NULL;
}

static off_t read_marker(corsaro_in_t *corsaro, corsaro_in_record_type_t kind,
                         corsaro_in_record_type_t *type,
                         corsaro_in_record_t *record)
{
    uint8_t m[MARKER_LEN];
    if (read_exact(corsaro, m, MARKER_LEN, "plugin data marker") != 0)
        return -1;
    corsaro_plugin_data_t pd = {corsaro_get_u32(m + 8)};
    if (corsaro_get_u32(m) != CORSARO_MAGIC ||
        corsaro_get_u32(m + 4) != CORSARO_MAGIC_DATA ||
        (kind == CORSARO_IN_RECORD_TYPE_IO_PLUGIN_END &&
         pd.plugin_magic != corsaro->gplugin_magic)) {
        corsaro_in_set_error(corsaro, "expected a plugin data %s marker",
                             kind == CORSARO_IN_RECORD_TYPE_IO_PLUGIN_END ? "end"
                                                                         : "start");
        return -1;
    }
    if (corsaro__record_reserve(corsaro, record, sizeof(pd)) != 0)
        return -1;
    memcpy(record->buffer, &pd, sizeof(pd));
    *type = kind;
    return MARKER_LEN;
}

static off_t read_plugin_start(corsaro_in_t *corsaro,
                               corsaro_in_record_type_t *type,
                               corsaro_in_record_t *record)
{
    off_t n = read_marker(corsaro, CORSARO_IN_RECORD_TYPE_IO_PLUGIN_START, type,
                          record);
    if (n < 0)
        return n;
    uint32_t magic = ((corsaro_plugin_data_t *)(void *)record->buffer)->plugin_magic;
    corsaro->gplugin = plugin_by_magic(corsaro, magic);
    corsaro->gplugin_magic = magic;
    if (corsaro->gplugin == NULL) {
        corsaro_in_set_error(corsaro,
                             "a data block of plugin magic 0x%08x, and no loaded "
                             "plugin reads it (add its plugin with --plugin-path)",
                             magic);
        return -1;
    }
    corsaro->gstate = CORSARO__GIN_PLUGIN_DATA;
    return n;
}

off_t corsaro__global_read_record(corsaro_in_t *corsaro,
                                  corsaro_in_record_type_t *type,
                                  corsaro_in_record_t *record)
{
    uint32_t kind;
    off_t n;

    switch (corsaro->gstate) {
    case CORSARO__GIN_HEADER:
        if (peek_kind(corsaro) == 0)
            return 0; /* clean end after a trailer */
        n = read_header(corsaro, type, record);
        corsaro->gstate = CORSARO__GIN_AFTER_INTERVAL_END;
        return n;
    case CORSARO__GIN_AFTER_INTERVAL_START:
        kind = peek_kind(corsaro);
        if (kind == CORSARO_MAGIC_DATA)
            return read_plugin_start(corsaro, type, record);
        if (kind == CORSARO_MAGIC_INTERVAL) {
            corsaro->gstate = CORSARO__GIN_AFTER_INTERVAL_END;
            return corsaro_io_read_interval_end(corsaro, corsaro->file, type, record);
        }
        corsaro_in_set_error(corsaro, kind == 0
                                          ? "truncated: the file ends inside an interval"
                                          : "expected a plugin data block or an "
                                            "interval end record");
        return -1;
    case CORSARO__GIN_PLUGIN_DATA:
        corsaro->current = corsaro->gplugin;
        n = corsaro->gplugin->desc->read_global_data_record(corsaro, type, record);
        corsaro->current = NULL;
        corsaro->gstate = CORSARO__GIN_PLUGIN_END;
        if (n == 0) {
            corsaro_in_set_error(corsaro, "truncated plugin data block");
            return -1;
        }
        return n;
    case CORSARO__GIN_PLUGIN_END:
        n = read_marker(corsaro, CORSARO_IN_RECORD_TYPE_IO_PLUGIN_END, type, record);
        corsaro->gstate = CORSARO__GIN_AFTER_INTERVAL_START;
        return n;
    case CORSARO__GIN_AFTER_INTERVAL_END:
        kind = peek_kind(corsaro);
        if (kind == CORSARO_MAGIC_INTERVAL) {
            corsaro->gstate = CORSARO__GIN_AFTER_INTERVAL_START;
            return corsaro_io_read_interval_start(corsaro, corsaro->file, type,
                                                  record);
        }
        if (kind == CORSARO_MAGIC_TRAILER) {
            corsaro->gstate = CORSARO__GIN_HEADER;
            return read_trailer(corsaro, type, record);
        }
        corsaro_in_set_error(corsaro,
                             kind == 0 ? "truncated: the global file has no trailer "
                                         "(the run that wrote it did not finish)"
                                       : "expected an interval start record or "
                                         "the trailer");
        return -1;
    default:
        corsaro_in_set_error(corsaro, "internal reader state error");
        return -1;
    }
}

static int print_header(corsaro_in_t *corsaro, corsaro_file_t *out,
                        const corsaro_header_t *h)
{
    if (corsaro_file_printf(NULL, out,
                            "# CORSARO_VERSION %u.%u\n# CORSARO_INITTIME %" PRIu32
                            "\n# CORSARO_INTERVAL %u\n",
                            h->version_major, h->version_minor,
                            h->local_init_time, h->interval_length) < 0)
        return -1;
    if (h->traceuri_len > 0 &&
        corsaro_file_printf(NULL, out, "# CORSARO_TRACEURI %s\n", h->traceuri) < 0)
        return -1;
    for (uint16_t i = 0; i < h->plugin_cnt; i++) {
        const char *name = corsaro_in_plugin_name_by_magic(corsaro, h->plugin_magics[i]);
        if (corsaro_file_printf(NULL, out, "# CORSARO_PLUGIN %s\n",
                                name != NULL ? name : "(null)") < 0)
            return -1;
    }
    return 0;
}

static int print_trailer(corsaro_file_t *out, const corsaro_trailer_t *t)
{
    if (corsaro_file_printf(NULL, out, "# CORSARO_PACKETCNT %" PRIu64 "\n",
                            t->packet_cnt) < 0 ||
        (t->accepted_cnt != UINT64_MAX &&
         corsaro_file_printf(NULL, out, "# CORSARO_ACCEPTEDCNT %" PRIu64 "\n",
                             t->accepted_cnt) < 0) ||
        (t->dropped_cnt != UINT64_MAX &&
         corsaro_file_printf(NULL, out, "# CORSARO_DROPPEDCNT %" PRIu64 "\n",
                             t->dropped_cnt) < 0))
        return -1;
    return corsaro_file_printf(NULL, out,
                               "# CORSARO_FIRSTPKT %" PRIu32 "\n# CORSARO_LASTPKT %" PRIu32
                               "\n# CORSARO_FINALTIME %" PRIu32
                               "\n# CORSARO_RUNTIME %" PRIu32 "\n",
                               t->first_packet_time, t->last_packet_time,
                               t->local_final_time, t->runtime) < 0
               ? -1
               : 0;
}

int corsaro__global_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                                 corsaro_in_record_type_t type,
                                 corsaro_in_record_t *record)
{
    switch (type) {
    case CORSARO_IN_RECORD_TYPE_IO_HEADER:
        return print_header(corsaro, out, (const void *)record->buffer);
    case CORSARO_IN_RECORD_TYPE_IO_TRAILER:
        return print_trailer(out, (const void *)record->buffer);
    case CORSARO_IN_RECORD_TYPE_IO_PLUGIN_START:
    case CORSARO_IN_RECORD_TYPE_IO_PLUGIN_END: {
        const corsaro_plugin_data_t *pd = (const void *)record->buffer;
        const char *name = corsaro_in_plugin_name_by_magic(corsaro, pd->plugin_magic);
        return corsaro_file_printf(NULL, out, "# CORSARO_PLUGIN_DATA_%s %s\n",
                                   type == CORSARO_IN_RECORD_TYPE_IO_PLUGIN_START
                                       ? "START"
                                       : "END",
                                   name != NULL ? name : "(null)") < 0
                   ? -1
                   : 0;
    }
    default:
        if (corsaro->gplugin != NULL && corsaro->gplugin->desc->print_record != NULL) {
            corsaro->current = corsaro->gplugin;
            int rc = corsaro->gplugin->desc->print_record(corsaro, out, type, record);
            corsaro->current = NULL;
            return rc;
        }
        corsaro_in_set_error(corsaro, "no plugin can print record type %d", type);
        return -1;
    }
}
