/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file dos.c
 * @brief The RS DoS plugin (`dos`, id 30, magic EDOS): the descriptor and
 * the output glue. It finds denial-of-service attacks in the backscatter a
 * telescope sees (Moore et al.'s method, as CAIDA's Corsaro 2.0 does it,
 * SPEC section 5): every backscatter packet (flagged by flowtuple, which
 * must run first) is added to the attack vector of its target; every
 * 300 s of interval time the plugin reports the vectors that look like
 * attacks to its own file and writes counts into the global file.
 *
 * Where the work is done:
 *   dos_vector.c  keying, vector update, ppm window, attack test, sweep
 *   dos_set.c     the distinct attacker-IP / port sets
 *   dos_format.c  binary and ASCII records
 *   dos_reader.c  Corsaro-In (reading dos files and the global block)
 *   dos_print.c   cors2ascii text; dos_decode.c the initial-packet decode
 *
 * What we fix over v2 (everything else, the file layouts, constants and
 * the algorithm, is v2's):
 *
 * 1. The mismatch counter (ICMP errors whose quoted source is not the
 *    address the error was sent to) is a u32. v2 kept it in a u16 and
 *    reported it modulo 65,536.
 *
 * 2. Data after the last report is no longer lost. v2 reports only when an
 *    interval ends 300 s or more after its previous report, so whatever it
 *    gathered after its last report vanished at exit. The host ends the
 *    final interval before close_output; if that end did not report and
 *    the plugin holds any vector or a non-zero mismatch count,
 *    close_output writes one more report, built exactly like the others
 *    (expiry and attack test at the end time of that final interval, the
 *    record pair {number, start} of the final interval and {number, end}).
 *    This extra report goes to the dos file ONLY: the host has already
 *    written the final interval's end record and the trailer of the global
 *    file by then, so that report has no global-file block (and its
 *    mismatch count, which only the global block carries, is not written).
 *    Readers see one more ordinary block at the end of the dos file.
 *
 * 3. Every write is checked: a failure stops the run with a message
 *    naming the file (v2 ignored write errors).
 *
 * Differences that are not fixes: vectors are reported in uthash order,
 * not in v2's khash order (the set of vectors per report is the same); the
 * distinct sets are compact open-addressing sets; memory stays bounded by
 * the targets seen within the 300 s expiry window (a hostile trace with a
 * new target per packet grows the table until the next report, which
 * drops every vector idle for more than 300 s).
 *
 * Options: none (argv is ignored, as in v2).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "dos_internal.h"

/** Output state of one run. */
typedef struct dos_state {
    corsaro_dos_table_t table;
    corsaro_file_t *outfile;
    /** End time of the previous report (initially the first interval's
     * start - 1); a report is due when an interval ends 300 s after it. */
    int64_t last_report;
    int have_first;
    /** The current corsaro interval's start record. */
    corsaro_interval_t cur_start;
    /** The last interval end seen, and whether it reported. */
    corsaro_interval_t last_end;
    int have_end;
    int last_end_reported;
    /** A write failed: close_output writes nothing more. */
    int failed;
} dos_state_t;

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(corsaro_dos)

static const char *const corsaro_dos_requires[] = {"flowtuple", NULL};

static const corsaro_plugin_t corsaro_dos_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = CORSARO_DOS_PLUGIN_NAME,
    .version = CORSARO_VERSION_STRING,
    .description = "RS DoS: attacks inferred from backscatter (run after "
                   "flowtuple)",
    .license = "GPL-3.0-or-later",
    .id = CORSARO_DOS_PLUGIN_ID,
    .magic = CORSARO_DOS_MAGIC,
    .magic_alt = 0,
    .requires_plugins = corsaro_dos_requires,
    .probe_filename = corsaro__dos_probe_filename,
    .probe_magic = corsaro__dos_probe_magic,
    .init_input = corsaro__dos_init_input,
    .close_input = corsaro__dos_close_input,
    .read_record = corsaro__dos_read_record,
    .read_global_data_record = corsaro__dos_read_global_data_record,
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(corsaro_dos),
    .print_record = corsaro__dos_print_record,
};
CORSARO_PLUGIN_EXPORT(corsaro_dos_plugin);

/* Marks the state failed and records why (the host keeps the first error,
 * so when the IO layer already named the failing file that message wins). */
static int dos_fail(corsaro_t *corsaro, dos_state_t *state, const char *what,
                    corsaro_file_t *file)
{
    state->failed = 1;
    corsaro_set_error(corsaro, "dos: cannot write %s to %s", what,
                      file != NULL ? corsaro_file_get_name(file) : "(none)");
    return -1;
}

static int dos_open_file(corsaro_t *corsaro, dos_state_t *state,
                         corsaro_interval_t *int_start)
{
    if (state->outfile != NULL)
        return 0;
    state->outfile = corsaro_io_prepare_file(corsaro, CORSARO_DOS_PLUGIN_NAME,
                                             int_start);
    if (state->outfile == NULL) {
        state->failed = 1;
        corsaro_set_error(corsaro, "dos: cannot open its output file");
        return -1;
    }
    return 0;
}

/* The dos block of the global file (SPEC 5.5 step 3). */
static int dos_write_global(corsaro_t *corsaro, dos_state_t *state,
                            const corsaro_dos_sweep_t *sweep)
{
    corsaro_file_t *gf = corsaro_global_file(corsaro);
    corsaro_dos_global_header_t g;
    off_t rc;

    if (gf == NULL)
        return 0; /* -G */
    g.mismatch_cnt = state->table.mismatch_cnt;
    g.attack_vector_cnt = sweep->attack_cnt;
    g.non_attack_vector_cnt = sweep->non_attack_cnt;
    if (corsaro_io_write_plugin_start(corsaro, gf) != 0)
        return dos_fail(corsaro, state, "the plugin data start", gf);
    if (corsaro_file_get_mode(gf) == CORSARO_FILE_MODE_ASCII) {
        char buf[128];
        int n = corsaro__dos_format_global_ascii(&g, buf, sizeof(buf));
        rc = n < 0 ? -1 : corsaro_file_write(corsaro, gf, buf, n);
    } else {
        uint8_t rec[CORSARO_DOS_GLOBAL_RECORD_LEN];
        corsaro__dos_encode_global(&g, rec);
        rc = corsaro_file_write(corsaro, gf, rec, sizeof(rec));
    }
    if (rc < 0)
        return dos_fail(corsaro, state, "the dos counts", gf);
    if (corsaro_io_write_plugin_end(corsaro, gf) != 0)
        return dos_fail(corsaro, state, "the plugin data end", gf);
    return 0;
}

static int dos_write_vector(corsaro_t *corsaro, dos_state_t *state,
                            corsaro_file_t *file,
                            const corsaro_dos_vector_t *vector)
{
    corsaro_dos_attack_vector_in_t rec;

    corsaro__dos_vector_to_record(vector, &rec);
    if (corsaro_file_get_mode(file) == CORSARO_FILE_MODE_ASCII) {
        char line[256];
        int n = corsaro__dos_format_vector_ascii(&rec, line, sizeof(line));
        if (n < 0 || corsaro_file_write(corsaro, file, line, n) < 0)
            return dos_fail(corsaro, state, "an attack vector", file);
        return 0; /* the ASCII file carries no packet (as v2) */
    }
    {
        uint8_t raw[CORSARO_DOS_VECTOR_RECORD_LEN];
        corsaro__dos_encode_vector(&rec, raw);
        if (corsaro_file_write(corsaro, file, raw, sizeof(raw)) < 0 ||
            corsaro_file_write(corsaro, file, rec.initial_packet,
                               (off_t)rec.initial_packet_len) < 0)
            return dos_fail(corsaro, state, "an attack vector", file);
    }
    return 0;
}

/* One report (SPEC 5.5). @p with_global: write the global-file block. */
static int dos_dump(corsaro_t *corsaro, dos_state_t *state,
                    corsaro_interval_t *int_start, corsaro_interval_t *int_end,
                    int with_global)
{
    corsaro_dos_sweep_t sweep;
    corsaro_dos_vector_t *vector;
    corsaro_file_t *file;

    corsaro__dos_table_sweep(&state->table, int_end->time, &sweep);
    if (dos_open_file(corsaro, state, int_start) != 0)
        return -1;
    file = state->outfile;

    if (corsaro_io_write_interval_start(corsaro, file, int_start) != 0)
        return dos_fail(corsaro, state, "an interval start", file);
    if (with_global && dos_write_global(corsaro, state, &sweep) != 0)
        return -1;
    if (corsaro_file_get_mode(file) == CORSARO_FILE_MODE_ASCII) {
        if (corsaro_file_printf(corsaro, file, "%" PRIu32 "\n",
                                sweep.attack_cnt) < 0)
            return dos_fail(corsaro, state, "the attack vector count", file);
    } else {
        uint8_t cnt[CORSARO_DOS_HEADER_RECORD_LEN];
        corsaro_put_u32(cnt, sweep.attack_cnt);
        if (corsaro_file_write(corsaro, file, cnt, sizeof(cnt)) < 0)
            return dos_fail(corsaro, state, "the attack vector count", file);
    }
    for (vector = sweep.attacks; vector != NULL; vector = vector->next_attack) {
        if (dos_write_vector(corsaro, state, file, vector) != 0)
            return -1;
        corsaro__dos_vector_reset_interval(vector);
    }
    if (corsaro_io_write_interval_end(corsaro, file, int_end) != 0)
        return dos_fail(corsaro, state, "an interval end", file);
    state->table.mismatch_cnt = 0;
    return 0;
}

/* ---- the output callbacks ---- */

static int corsaro_dos_init_output(corsaro_t *corsaro)
{
    dos_state_t *state = calloc(1, sizeof(*state));
    if (state == NULL) {
        corsaro_set_error(corsaro, "dos: out of memory");
        return -1;
    }
    corsaro_plugin_register_state(corsaro, state);
    return 0;
}

static int corsaro_dos_close_output(corsaro_t *corsaro)
{
    dos_state_t *state = CORSARO_PLUGIN_STATE(corsaro, dos_state_t);
    int rc = 0;

    if (state == NULL)
        return 0;
    /* Fix 2: the report v2 never wrote (dos file only, see the top). */
    if (!state->failed && state->have_end && !state->last_end_reported &&
        (corsaro__dos_table_count(&state->table) > 0 ||
         state->table.mismatch_cnt > 0)) {
        if (dos_dump(corsaro, state, &state->cur_start, &state->last_end, 0) !=
            0)
            rc = -1;
    }
    if (state->outfile != NULL) {
        if (corsaro_file_close(corsaro, state->outfile) != 0)
            rc = -1;
        state->outfile = NULL;
    }
    corsaro__dos_table_free(&state->table);
    corsaro_plugin_free_state(corsaro);
    return rc;
}

static int corsaro_dos_start_interval(corsaro_t *corsaro,
                                      corsaro_interval_t *int_start)
{
    dos_state_t *state = CORSARO_PLUGIN_STATE(corsaro, dos_state_t);

    if (!state->have_first) {
        state->last_report = (int64_t)int_start->time - 1;
        state->have_first = 1;
    }
    state->cur_start = *int_start;
    return dos_open_file(corsaro, state, int_start);
}

static int corsaro_dos_end_interval(corsaro_t *corsaro,
                                    corsaro_interval_t *int_end)
{
    dos_state_t *state = CORSARO_PLUGIN_STATE(corsaro, dos_state_t);

    state->last_end = *int_end;
    state->have_end = 1;
    state->last_end_reported = 0;
    if ((int64_t)int_end->time - state->last_report < CORSARO_DOS_REPORT_PERIOD)
        return 0; /* not yet: no output, no rotation check (as v2) */
    state->last_report = (int64_t)int_end->time;
    state->last_end_reported = 1;
    if (dos_dump(corsaro, state, &state->cur_start, int_end, 1) != 0)
        return -1;
    if (corsaro_is_rotate_interval(corsaro)) {
        corsaro_file_t *file = state->outfile;
        state->outfile = NULL; /* the next interval start opens a new one */
        if (corsaro_file_close(corsaro, file) != 0) {
            state->failed = 1;
            corsaro_set_error(corsaro, "dos: cannot close its output file");
            return -1;
        }
    }
    return 0;
}

static int corsaro_dos_process_packet(corsaro_t *corsaro,
                                      corsaro_packet_t *packet)
{
    dos_state_t *state = CORSARO_PLUGIN_STATE(corsaro, dos_state_t);

    if (!(packet->state.flags & CORSARO_PACKET_STATE_FLAG_BACKSCATTER))
        return 0;
    if (corsaro__dos_table_packet(&state->table, LT_PKT(packet)) != 0) {
        corsaro_set_error(corsaro, "dos: out of memory (%" PRIu32
                                   " attack vectors held)",
                          corsaro__dos_table_count(&state->table));
        return -1;
    }
    return 0;
}
