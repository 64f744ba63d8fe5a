/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file dos_print.c
 * @brief cors2ascii's text for dos records (SPEC 8.1):
 *
 *   # CORSARO_INTERVAL_START <n> <t>
 *   <attack vector count>
 *   <the SPEC 5.6 ASCII line>          per vector, then
 *   START PACKET
 *   <decode of the initial packet, see dos_decode.c>
 *   END PACKET
 *   # CORSARO_INTERVAL_END <n> <t>
 *
 * and for the dos block of a global file the three lines
 * `mismatch: N`, `attack_vectors: N`, `non-attack_vectors: N`.
 */
#include <inttypes.h>
#include <stdio.h>

#include "dos_internal.h"

static int dos_print_vector(corsaro_file_t *out,
                            const corsaro_dos_attack_vector_in_t *rec)
{
    char line[256];
    char decode[CORSARO_DOS_DECODE_MAX];
    int n = corsaro__dos_format_vector_ascii(rec, line, sizeof(line));
    int d;

    if (n < 0 || corsaro_file_write(NULL, out, line, n) < 0)
        return -1;
    d = corsaro__dos_decode_packet(rec->initial_packet, rec->initial_packet_len,
                                   decode, sizeof(decode));
    if (d < 0)
        return -1;
    if (corsaro_file_printf(NULL, out, "START PACKET\n") < 0 ||
        (d > 0 && corsaro_file_write(NULL, out, decode, d) < 0) ||
        corsaro_file_printf(NULL, out, "END PACKET\n") < 0)
        return -1;
    return 0;
}

int corsaro__dos_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                              corsaro_in_record_type_t record_type,
                              corsaro_in_record_t *record)
{
    void *data = corsaro_in_get_record_data(record);
    char buf[128];
    int n;

    switch (record_type) {
    case CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START:
    case CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END:
        return corsaro_io_print_interval(out, record_type, data);
    case CORSARO_IN_RECORD_TYPE_DOS_HEADER: {
        const corsaro_dos_header_t *hdr = data;
        return corsaro_file_printf(NULL, out, "%" PRIu32 "\n",
                                   hdr->attack_vector_cnt) < 0
                   ? -1
                   : 0;
    }
    case CORSARO_IN_RECORD_TYPE_DOS_ATTACK_VECTOR:
        if (dos_print_vector(out, data) != 0) {
            corsaro_in_set_error(corsaro, "dos: cannot print an attack vector");
            return -1;
        }
        return 0;
    case CORSARO_IN_RECORD_TYPE_DOS_GLOBAL_HEADER:
        n = corsaro__dos_format_global_ascii(data, buf, sizeof(buf));
        return n < 0 || corsaro_file_write(NULL, out, buf, n) < 0 ? -1 : 0;
    default:
        corsaro_in_set_error(corsaro, "dos: cannot print a record of type %d",
                             (int)record_type);
        return -1;
    }
}
