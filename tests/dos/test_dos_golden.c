/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The dos plugin against v2's output on the shared traces (golden/): every
 * report v2 wrote must come out again, record for record and byte for byte
 * (initial packets included), with the vectors of a report compared as a
 * set; the dos blocks of the global file must match too. After v2's
 * reports we may write one more (the final report v2 lost). Skips, saying
 * so, when the shared folder is absent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <libtrace.h>

#include "corsaro/corsaro.h"
#include "dos_internal.h"
#include "dos_test_util.h"

#ifndef CORSARO_SHARED_DIR
#define CORSARO_SHARED_DIR "../shared"
#endif

static char scratch[256];

static int setup(void **st)
{
    (void)st;
    make_scratch(scratch, sizeof(scratch), "dosgolden");
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    rm_scratch(scratch);
    return 0;
}

#define MAX_BLOCKS 64
#define MAX_VECTORS 256

/* One report: its interval records and its vectors, each re-encoded to
 * its on-disk bytes (72 + packet). */
typedef struct block {
    corsaro_interval_t start, end;
    uint32_t count;
    int nvec;
    uint8_t *vec[MAX_VECTORS];
    size_t vec_len[MAX_VECTORS];
} block_t;

static int cmp_bytes(const void *a, const void *b, size_t la, size_t lb)
{
    size_t n = la < lb ? la : lb;
    int c = memcmp(a, b, n);
    return c != 0 ? c : (la > lb) - (la < lb);
}

static void sort_block(block_t *b)
{
    int i, j;
    for (i = 1; i < b->nvec; i++) {
        for (j = i; j > 0 && cmp_bytes(b->vec[j - 1], b->vec[j],
                                       b->vec_len[j - 1], b->vec_len[j]) > 0;
             j--) {
            uint8_t *t = b->vec[j];
            size_t tl = b->vec_len[j];
            b->vec[j] = b->vec[j - 1];
            b->vec_len[j] = b->vec_len[j - 1];
            b->vec[j - 1] = t;
            b->vec_len[j - 1] = tl;
        }
    }
}

/* Reads a dos file into blocks. @return the number of blocks */
static int read_dos(const char *path, block_t *blocks)
{
    corsaro_in_t *in = corsaro_in_alloc(path);
    corsaro_in_record_t *r;
    corsaro_in_record_type_t type;
    int n = 0;
    off_t rc;

    assert_non_null(in);
    if (corsaro_in_start(in) != 0) {
        fprintf(stderr, "%s\n", corsaro_in_error(in));
        fail();
    }
    assert_string_equal(corsaro_in_reader_name(in), "dos");
    r = corsaro_in_alloc_record(in);
    while ((rc = corsaro_in_read_record(in, &type, r)) > 0) {
        void *d = corsaro_in_get_record_data(r);
        block_t *b = &blocks[n];
        if (type == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START) {
            assert_true(n < MAX_BLOCKS);
            memset(b, 0, sizeof(*b));
            b->start = *(corsaro_interval_t *)d;
        } else if (type == CORSARO_IN_RECORD_TYPE_DOS_HEADER) {
            b->count = ((corsaro_dos_header_t *)d)->attack_vector_cnt;
        } else if (type == CORSARO_IN_RECORD_TYPE_DOS_ATTACK_VECTOR) {
            corsaro_dos_attack_vector_in_t *v = d;
            size_t len = CORSARO_DOS_VECTOR_RECORD_LEN + v->initial_packet_len;
            assert_true(b->nvec < MAX_VECTORS);
            b->vec[b->nvec] = malloc(len);
            assert_non_null(b->vec[b->nvec]);
            corsaro__dos_encode_vector(v, b->vec[b->nvec]);
            memcpy(b->vec[b->nvec] + CORSARO_DOS_VECTOR_RECORD_LEN,
                   v->initial_packet, v->initial_packet_len);
            b->vec_len[b->nvec++] = len;
        } else if (type == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END) {
            b->end = *(corsaro_interval_t *)d;
            sort_block(b);
            n++;
        }
    }
    if (rc != 0)
        fprintf(stderr, "%s\n", corsaro_in_error(in));
    assert_int_equal(rc, 0);
    corsaro_in_free_record(r);
    corsaro_in_free(in);
    return n;
}

static void free_blocks(block_t *blocks, int n)
{
    int i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < blocks[i].nvec; j++)
            free(blocks[i].vec[j]);
}

/* The dos blocks of a global file, in order. @return how many */
static int read_global_dos(const char *path, corsaro_dos_global_header_t *out,
                           int max)
{
    corsaro_in_t *in = corsaro_in_alloc(path);
    corsaro_in_record_t *r;
    corsaro_in_record_type_t type;
    int n = 0;
    off_t rc;

    assert_non_null(in);
    if (corsaro_in_start(in) != 0) {
        fprintf(stderr, "%s\n", corsaro_in_error(in));
        fail();
    }
    r = corsaro_in_alloc_record(in);
    while ((rc = corsaro_in_read_record(in, &type, r)) > 0) {
        if (type == CORSARO_IN_RECORD_TYPE_DOS_GLOBAL_HEADER) {
            assert_true(n < max);
            out[n++] = *(corsaro_dos_global_header_t *)corsaro_in_get_record_data(r);
        }
    }
    assert_int_equal(rc, 0);
    corsaro_in_free_record(r);
    corsaro_in_free(in);
    return n;
}

/* 1 if @p path holds no data once decompressed (v2's dos file of a run
 * that never reported), 0 if it holds some; fails if it is missing. */
static int is_empty(const char *path)
{
    corsaro_file_in_t *f = corsaro_file_ropen(path);
    uint8_t byte;
    off_t n;
    assert_non_null(f);
    n = corsaro_file_rread(f, &byte, 1);
    corsaro_file_rclose(f);
    assert_true(n >= 0);
    return n == 0;
}

static int run_corsaro(const char *uri, const char *template_)
{
    corsaro_t *c = corsaro_alloc_output(template_, CORSARO_FILE_MODE_BINARY);
    libtrace_t *t;
    libtrace_packet_t *packet;
    int rc = 0;

    assert_non_null(c);
    corsaro_set_monitorname(c, "oracle");
    corsaro_disable_logfile(c);
    assert_int_equal(corsaro_enable_plugin(c, "flowtuple", NULL), 0);
    assert_int_equal(corsaro_enable_plugin(c, "dos", NULL), 0);
    if (corsaro_start_output(c) != 0) {
        fprintf(stderr, "%s\n", corsaro_error(c));
        fail();
    }
    t = trace_create(uri);
    assert_false(trace_is_err(t));
    assert_int_equal(trace_start(t), 0);
    packet = trace_create_packet();
    while (rc == 0 && trace_read_packet(t, packet) > 0)
        rc = corsaro_per_packet(c, packet);
    trace_destroy_packet(packet);
    trace_destroy(t);
    if (corsaro_finalize_output(c) != 0)
        rc = -1;
    corsaro_free(c);
    return rc;
}

static void check_trace(const char *name, const char *file)
{
    static block_t golden[MAX_BLOCKS], ours[MAX_BLOCKS];
    corsaro_dos_global_header_t gg[MAX_BLOCKS], og[MAX_BLOCKS];
    char uri[1024], tmpl[512], path[1024], gpath[1024];
    struct stat sb;
    int ng, no, i, j, ngg, nog;

    snprintf(uri, sizeof(uri), "%s/traces/%s", CORSARO_SHARED_DIR, file);
    snprintf(gpath, sizeof(gpath), "%s/golden/%s/dos.cors.gz",
             CORSARO_SHARED_DIR, name);
    if (stat(uri, &sb) != 0 || stat(gpath, &sb) != 0) {
        fprintf(stderr, "SKIP: %s or %s absent (no shared folder)\n", uri,
                gpath);
        skip();
    }
    /* not the trace's name: "stopddos..." would make every output a
     * "dos" file by name (SPEC 11.2) */
    snprintf(tmpl, sizeof(tmpl), "%s/run.%%P.cors", scratch);
    assert_int_equal(run_corsaro(uri, tmpl), 0);

    /* v2 wrote an empty dos file when it never reported */
    ng = is_empty(gpath) ? 0 : read_dos(gpath, golden);
    snprintf(path, sizeof(path), "%s/run.dos.cors", scratch);
    no = is_empty(path) ? 0 : read_dos(path, ours);
    fprintf(stderr, "%s: v2 reports %d, ours %d\n", name, ng, no);
    /* every v2 report, and at most our one extra final report */
    assert_true(no == ng || no == ng + 1);
    for (i = 0; i < ng; i++) {
        assert_int_equal(ours[i].start.number, golden[i].start.number);
        assert_int_equal(ours[i].start.time, golden[i].start.time);
        assert_int_equal(ours[i].end.number, golden[i].end.number);
        assert_int_equal(ours[i].end.time, golden[i].end.time);
        assert_int_equal(ours[i].count, golden[i].count);
        assert_int_equal(ours[i].nvec, golden[i].nvec);
        for (j = 0; j < golden[i].nvec; j++) {
            assert_int_equal(ours[i].vec_len[j], golden[i].vec_len[j]);
            assert_memory_equal(ours[i].vec[j], golden[i].vec[j],
                                golden[i].vec_len[j]);
        }
    }

    snprintf(gpath, sizeof(gpath), "%s/golden/%s/global.cors.gz",
             CORSARO_SHARED_DIR, name);
    snprintf(path, sizeof(path), "%s/run.global.cors", scratch);
    ngg = read_global_dos(gpath, gg, MAX_BLOCKS);
    nog = read_global_dos(path, og, MAX_BLOCKS);
    assert_int_equal(nog, ngg); /* the extra report has no global block */
    for (i = 0; i < ngg; i++) {
        assert_int_equal(og[i].mismatch_cnt, gg[i].mismatch_cnt);
        assert_int_equal(og[i].attack_vector_cnt, gg[i].attack_vector_cnt);
        assert_int_equal(og[i].non_attack_vector_cnt,
                         gg[i].non_attack_vector_cnt);
    }
    free_blocks(golden, ng);
    free_blocks(ours, no);
}

static void test_darknet_synthetic_a(void **st)
{
    (void)st;
    check_trace("darknet-synthetic-a", "darknet-synthetic-a.pcap.gz");
}

static void test_stopddos_reflection_synack(void **st)
{
    (void)st;
    check_trace("stopddos-reflection-synack", "stopddos-reflection-synack.pcap");
}

static void test_pcaphunt_icmp_scan(void **st)
{
    (void)st;
    check_trace("pcaphunt-icmp-scan", "pcaphunt-icmp-scan.pcap");
}

static void test_libtrace_fragtest(void **st)
{
    (void)st;
    check_trace("libtrace-fragtest", "libtrace-fragtest.erf.gz");
}

int main(void)
{
    struct stat sb;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_darknet_synthetic_a),
        cmocka_unit_test(test_stopddos_reflection_synack),
        cmocka_unit_test(test_pcaphunt_icmp_scan),
        cmocka_unit_test(test_libtrace_fragtest),
    };
    if (stat(CORSARO_SHARED_DIR "/golden", &sb) != 0) {
        fprintf(stderr, "SKIP: %s/golden is absent: v2's outputs cannot be "
                        "compared\n", CORSARO_SHARED_DIR);
        return 77; /* CTest: skipped */
    }
    return cmocka_run_group_tests(tests, setup, teardown);
}
