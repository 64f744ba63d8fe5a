/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file dos_reader.c
 * @brief Corsaro-In for dos files (SPEC 5.7): detection, and the record
 * state machine
 *
 *   INTERVAL_START -> DOS_HEADER (u32 count) -> count x ATTACK_VECTOR
 *                  -> INTERVAL_END -> INTERVAL_START ...
 *
 * plus the dos block of a global file. Records are handed out in host
 * order (dos_internal.h). Nothing is allocated from a count read from the
 * file: vectors are read one at a time, and a vector's packet length is
 * checked before its bytes are read. The file may end only where a new
 * interval would start.
 */
#include <stdlib.h>
#include <string.h>

#include "dos_internal.h"

/** What the next record must be. */
typedef enum dos_in_expect {
    DOS_IN_INTERVAL_START = 0,
    DOS_IN_HEADER,
    DOS_IN_VECTOR,
    DOS_IN_INTERVAL_END
} dos_in_expect_t;

typedef struct dos_in_state {
    dos_in_expect_t expect;
    uint32_t vectors_left; /**< vectors still due in this interval */
    uint32_t vector_cnt;   /**< the count the header announced */
} dos_in_state_t;

/** Largest initial packet a vector record may carry: what fits in a
 * record buffer after the host-order struct. */
#define DOS_IN_PACKET_MAX                                                   \
    ((uint32_t)(CORSARO_IN_RECORD_MAX - CORSARO_DOS_VECTOR_PACKET_OFFSET))

/** A vector count no real file holds: the probe rejects it. */
#define DOS_PROBE_COUNT_MAX (1u << 24)

/* ---- detection ---- */

int corsaro__dos_probe_filename(const char *fname)
{
    const char *base;
    if (fname == NULL)
        return 0;
    base = strrchr(fname, '/');
    base = base != NULL ? base + 1 : fname;
    /* "edgar_dos" (v2's names) contains "dos" too */
    return strstr(base, "dos") != NULL;
}

int corsaro__dos_probe_magic(corsaro_in_t *corsaro, corsaro_file_in_t *file)
{
    uint8_t buf[CORSARO_IO_INTERVAL_RECORD_LEN + CORSARO_DOS_HEADER_RECORD_LEN +
                CORSARO_DOS_VECTOR_RECORD_LEN];
    const uint8_t *next = buf + CORSARO_IO_INTERVAL_RECORD_LEN +
                          CORSARO_DOS_HEADER_RECORD_LEN;
    off_t n;
    uint32_t count;

    (void)corsaro;
    /* dos files have no magic number: accept a file that starts like a
     * dos block, an interval start then a plausible vector count, and
     * whose next record also fits. */
    n = corsaro_file_rpeek(file, buf, (off_t)sizeof(buf));
    if (n < CORSARO_IO_INTERVAL_RECORD_LEN + CORSARO_DOS_HEADER_RECORD_LEN)
        return 0;
    if (corsaro_get_u32(buf) != CORSARO_MAGIC ||
        corsaro_get_u32(buf + 4) != CORSARO_MAGIC_INTERVAL)
        return 0;
    /* a flowtuple file has a class start ("SIXU"/"SIXT") here */
    if (memcmp(buf + CORSARO_IO_INTERVAL_RECORD_LEN, "SIX", 3) == 0)
        return 0;
    count = corsaro_get_u32(buf + CORSARO_IO_INTERVAL_RECORD_LEN);
    if (count > DOS_PROBE_COUNT_MAX)
        return 0;
    if (count == 0) {
        /* the interval end must follow */
        return n >= (off_t)(next - buf) + 8 &&
               corsaro_get_u32(next) == CORSARO_MAGIC &&
               corsaro_get_u32(next + 4) == CORSARO_MAGIC_INTERVAL;
    }
    if (n < (off_t)sizeof(buf))
        return 0;
    {
        corsaro_dos_attack_vector_in_t rec;
        corsaro__dos_decode_vector(next, &rec);
        return rec.initial_packet_len > 0 &&
               rec.initial_packet_len <= DOS_IN_PACKET_MAX &&
               rec.start_time_usec < 1000000 && rec.latest_time_usec < 1000000;
    }
}

/* ---- state ---- */

int corsaro__dos_init_input(corsaro_in_t *corsaro)
{
    dos_in_state_t *state = calloc(1, sizeof(*state));
    if (state == NULL) {
        corsaro_in_set_error(corsaro, "dos reader: out of memory");
        return -1;
    }
    state->expect = DOS_IN_INTERVAL_START;
    corsaro_in_plugin_register_state(corsaro, state);
    return 0;
}

int corsaro__dos_close_input(corsaro_in_t *corsaro)
{
    corsaro_in_plugin_free_state(corsaro);
    return 0;
}

/* ---- records ---- */

static off_t dos_read_header(corsaro_in_t *corsaro, dos_in_state_t *state,
                             corsaro_in_record_type_t *type,
                             corsaro_in_record_t *record)
{
    corsaro_dos_header_t hdr;
    off_t n = corsaro_io_read_bytes(corsaro, record,
                                    CORSARO_DOS_HEADER_RECORD_LEN);
    if (n == 0)
        corsaro_in_set_error(corsaro,
                             "truncated: the file ends after an interval start "
                             "where a dos header (u32 attack vector count) "
                             "was expected");
    if (n <= 0)
        return -1;
    hdr.attack_vector_cnt = corsaro_get_u32(corsaro_in_get_record_data(record));
    memcpy(corsaro_in_get_record_data(record), &hdr, sizeof(hdr));
    state->vector_cnt = hdr.attack_vector_cnt;
    state->vectors_left = hdr.attack_vector_cnt;
    state->expect = hdr.attack_vector_cnt > 0 ? DOS_IN_VECTOR
                                              : DOS_IN_INTERVAL_END;
    *type = CORSARO_IN_RECORD_TYPE_DOS_HEADER;
    return n;
}

static off_t dos_read_vector(corsaro_in_t *corsaro, dos_in_state_t *state,
                             corsaro_in_record_type_t *type,
                             corsaro_in_record_t *record)
{
    corsaro_dos_attack_vector_in_t rec;
    uint32_t index = state->vector_cnt - state->vectors_left + 1;
    uint8_t *data;
    off_t n = corsaro_io_read_bytes(corsaro, record,
                                    CORSARO_DOS_VECTOR_RECORD_LEN);
    if (n == 0)
        corsaro_in_set_error(corsaro,
                             "truncated: the file ends where dos attack vector "
                             "%u of %u was expected",
                             index, state->vector_cnt);
    if (n <= 0)
        return -1;
    corsaro__dos_decode_vector(corsaro_in_get_record_data(record), &rec);
    if (rec.initial_packet_len == 0 ||
        rec.initial_packet_len > DOS_IN_PACKET_MAX) {
        corsaro_in_set_error(corsaro,
                             "corrupt dos attack vector %u of %u: "
                             "initial_packet_len is %u, expected 1 to %u",
                             index, state->vector_cnt, rec.initial_packet_len,
                             DOS_IN_PACKET_MAX);
        return -1;
    }
    /* The packet goes after the struct; the raw 72 bytes were decoded
     * already, so they may be overwritten. */
    n = corsaro_io_read_bytes_offset(corsaro, record,
                                     (off_t)CORSARO_DOS_VECTOR_PACKET_OFFSET,
                                     (off_t)rec.initial_packet_len);
    if (n <= 0)
        return -1; /* the host says "truncated" and where */
    data = corsaro_in_get_record_data(record);
    rec.initial_packet = data + CORSARO_DOS_VECTOR_PACKET_OFFSET;
    memcpy(data, &rec, sizeof(rec));
    if (--state->vectors_left == 0)
        state->expect = DOS_IN_INTERVAL_END;
    *type = CORSARO_IN_RECORD_TYPE_DOS_ATTACK_VECTOR;
    return (off_t)CORSARO_DOS_VECTOR_RECORD_LEN + (off_t)rec.initial_packet_len;
}

off_t corsaro__dos_read_record(corsaro_in_t *corsaro,
                               corsaro_in_record_type_t *record_type,
                               corsaro_in_record_t *record)
{
    dos_in_state_t *state = CORSARO_IN_PLUGIN_STATE(corsaro, dos_in_state_t);
    corsaro_file_in_t *file = corsaro_in_get_file(corsaro);
    off_t n;

    *record_type = CORSARO_IN_RECORD_TYPE_NULL;
    if (state == NULL) {
        corsaro_in_set_error(corsaro, "dos reader used before init_input");
        return -1;
    }
    switch (state->expect) {
    case DOS_IN_INTERVAL_START:
        /* 0 here is the clean end of the file */
        n = corsaro_io_read_interval_start(corsaro, file, record_type, record);
        if (n > 0)
            state->expect = DOS_IN_HEADER;
        return n;
    case DOS_IN_HEADER:
        return dos_read_header(corsaro, state, record_type, record);
    case DOS_IN_VECTOR:
        return dos_read_vector(corsaro, state, record_type, record);
    case DOS_IN_INTERVAL_END:
        n = corsaro_io_read_interval_end(corsaro, file, record_type, record);
        if (n == 0) {
            corsaro_in_set_error(corsaro,
                                 "truncated: the file ends where the interval "
                                 "end of a dos block was expected");
            n = -1;
        }
        if (n > 0)
            state->expect = DOS_IN_INTERVAL_START;
        return n;
    }
    corsaro_in_set_error(corsaro, "dos reader: bad state %d", (int)state->expect);
    return -1;
}

off_t corsaro__dos_read_global_data_record(corsaro_in_t *corsaro,
                                           corsaro_in_record_type_t *record_type,
                                           corsaro_in_record_t *record)
{
    corsaro_dos_global_header_t g;
    off_t n;

    *record_type = CORSARO_IN_RECORD_TYPE_NULL;
    n = corsaro_io_read_bytes(corsaro, record, CORSARO_DOS_GLOBAL_RECORD_LEN);
    if (n == 0)
        corsaro_in_set_error(corsaro,
                             "truncated: the global file ends inside a dos "
                             "block (12 bytes: mismatch, attack and "
                             "non-attack vector counts expected)");
    if (n <= 0)
        return -1;
    corsaro__dos_decode_global(corsaro_in_get_record_data(record), &g);
    memcpy(corsaro_in_get_record_data(record), &g, sizeof(g));
    *record_type = CORSARO_IN_RECORD_TYPE_DOS_GLOBAL_HEADER;
    return n;
}
