/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Corsaro-In for dos files, through the host: files written by hand from
 * the spec are read back with corsaro_in_* (which loads dos.so from
 * CORSARO_PLUGIN_PATH), including truncated and corrupt ones, the dos
 * block of a global file, and the cors2ascii text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "dos_internal.h"
#include "dos_test_util.h"

static char scratch[256];

static int setup(void **st)
{
    (void)st;
    make_scratch(scratch, sizeof(scratch), "dosreader");
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    rm_scratch(scratch);
    return 0;
}

static uint8_t pkt_a[64], pkt_b[64];
static size_t pkt_a_len, pkt_b_len;

/* Two blocks: interval 4 with two vectors, interval 9 with none.
 * @p block_end receives the offset where the first block ends. */
static void sample_file(tbuf_t *b, size_t *block_end)
{
    pkt_a_len = tp_tcp(pkt_a, IP4(198, 51, 100, 20), IP4(44, 1, 2, 3), 80,
                       40000, 0x12);
    pkt_b_len = tp_icmp(pkt_b, IP4(192, 0, 2, 30), IP4(44, 1, 2, 4), 0, 0);
    b->len = 0;
    tb_interval(b, 4, 1240);
    tb_u32(b, 2);
    tb_vector(b, IP4(198, 51, 100, 20), 100, pkt_a, (uint32_t)pkt_a_len);
    tb_vector(b, IP4(192, 0, 2, 30), 200, pkt_b, (uint32_t)pkt_b_len);
    tb_interval(b, 4, 1299);
    if (block_end != NULL)
        *block_end = b->len;
    tb_interval(b, 9, 1540);
    tb_u32(b, 0);
    tb_interval(b, 9, 1599);
}

static corsaro_in_t *open_in(const char *path)
{
    corsaro_in_t *in = corsaro_in_alloc(path);
    assert_non_null(in);
    if (corsaro_in_start(in) != 0) {
        fprintf(stderr, "corsaro_in_start: %s\n", corsaro_in_error(in));
        fail();
    }
    return in;
}

static void expect_interval(corsaro_in_t *in, corsaro_in_record_t *rec,
                            corsaro_in_record_type_t want, uint16_t number,
                            uint32_t time)
{
    corsaro_in_record_type_t type;
    corsaro_interval_t *iv;
    assert_int_equal(corsaro_in_read_record(in, &type, rec), 14);
    assert_int_equal(type, want);
    iv = corsaro_in_get_record_data(rec);
    assert_int_equal(iv->number, number);
    assert_int_equal(iv->time, time);
}

static void expect_vector(corsaro_in_t *in, corsaro_in_record_t *rec,
                          uint32_t target, uint32_t seed, const uint8_t *pkt,
                          size_t pkt_len)
{
    corsaro_in_record_type_t type;
    corsaro_dos_attack_vector_in_t *v;
    assert_int_equal(corsaro_in_read_record(in, &type, rec), 72 + pkt_len);
    assert_int_equal(type, CORSARO_IN_RECORD_TYPE_DOS_ATTACK_VECTOR);
    v = corsaro_in_get_record_data(rec);
    assert_int_equal(v->target_ip, target);
    assert_int_equal(v->attacker_ip_cnt, seed + 1);
    assert_int_equal(v->interval_attacker_ip_cnt, seed + 2);
    assert_int_equal(v->attack_port_cnt, seed + 3);
    assert_int_equal(v->target_port_cnt, seed + 4);
    assert_int_equal(v->packet_cnt, seed + 5);
    assert_int_equal(v->interval_packet_cnt, seed + 6);
    assert_int_equal(v->byte_cnt, (uint64_t)seed << 33);
    assert_int_equal(v->interval_byte_cnt, seed + 8);
    assert_int_equal(v->max_ppm, seed + 9);
    assert_int_equal(v->start_time_sec, 1000 + seed);
    assert_int_equal(v->start_time_usec, 10);
    assert_int_equal(v->latest_time_sec, 2000 + seed);
    assert_int_equal(v->latest_time_usec, 999999);
    assert_int_equal(v->initial_packet_len, pkt_len);
    assert_memory_equal(v->initial_packet, pkt, pkt_len);
}

static void read_sample(const char *path)
{
    corsaro_in_t *in = open_in(path);
    corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
    corsaro_in_record_type_t type;

    assert_string_equal(corsaro_in_reader_name(in), "dos");
    expect_interval(in, rec, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, 4, 1240);
    assert_int_equal(corsaro_in_read_record(in, &type, rec), 4);
    assert_int_equal(type, CORSARO_IN_RECORD_TYPE_DOS_HEADER);
    assert_int_equal(((corsaro_dos_header_t *)corsaro_in_get_record_data(rec))
                         ->attack_vector_cnt,
                     2);
    expect_vector(in, rec, IP4(198, 51, 100, 20), 100, pkt_a, pkt_a_len);
    expect_vector(in, rec, IP4(192, 0, 2, 30), 200, pkt_b, pkt_b_len);
    expect_interval(in, rec, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 4, 1299);
    expect_interval(in, rec, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, 9, 1540);
    assert_int_equal(corsaro_in_read_record(in, &type, rec), 4);
    assert_int_equal(((corsaro_dos_header_t *)corsaro_in_get_record_data(rec))
                         ->attack_vector_cnt,
                     0);
    expect_interval(in, rec, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 9, 1599);
    assert_int_equal(corsaro_in_read_record(in, &type, rec), 0);
    assert_string_equal(corsaro_in_error(in), "");
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
}

static void test_round_trip(void **st)
{
    static tbuf_t b;
    char path[512];
    (void)st;
    sample_file(&b, NULL);
    snprintf(path, sizeof(path), "%s/x.dos.cors", scratch);
    write_bytes(path, b.data, b.len);
    read_sample(path);
}

/* Compressed through the IO layer: wandio decompresses on read. */
static void test_round_trip_gzip(void **st)
{
    static tbuf_t b;
    char path[512];
    corsaro_file_t *f;
    (void)st;
    sample_file(&b, NULL);
    snprintf(path, sizeof(path), "%s/x.dos.cors.gz", scratch);
    f = corsaro_file_open(path, CORSARO_FILE_MODE_BINARY,
                          CORSARO_FILE_COMPRESS_ZLIB);
    assert_non_null(f);
    assert_int_equal(corsaro_file_write(NULL, f, b.data, (off_t)b.len), b.len);
    assert_int_equal(corsaro_file_close(NULL, f), 0);
    read_sample(path);
}

/* dos files have no magic: their content is recognised all the same. */
static void test_detect_by_content(void **st)
{
    static tbuf_t b;
    char path[512];
    (void)st;
    sample_file(&b, NULL);
    snprintf(path, sizeof(path), "%s/monday.cors", scratch);
    write_bytes(path, b.data, b.len);
    read_sample(path);

    /* a block with no vectors is recognised too */
    b.len = 0;
    tb_interval(&b, 0, 10);
    tb_u32(&b, 0);
    tb_interval(&b, 0, 20);
    snprintf(path, sizeof(path), "%s/tuesday.cors", scratch);
    write_bytes(path, b.data, b.len);
    {
        corsaro_in_t *in = open_in(path);
        assert_string_equal(corsaro_in_reader_name(in), "dos");
        corsaro_in_free(in);
    }
}

static void test_probe_filename(void **st)
{
    (void)st;
    assert_int_equal(corsaro__dos_probe_filename("x.dos.cors.gz"), 1);
    assert_int_equal(corsaro__dos_probe_filename("/data/run/oracle.dos.cors"), 1);
    assert_int_equal(corsaro__dos_probe_filename("edgar_dos.20200101"), 1);
    /* a directory name does not count (v2 matched the whole path) */
    assert_int_equal(corsaro__dos_probe_filename("/data/dos/x.flowtuple.cors"), 0);
    assert_int_equal(corsaro__dos_probe_filename("dos/global.cors"), 0);
    assert_int_equal(corsaro__dos_probe_filename("flowtuple.cors"), 0);
    assert_int_equal(corsaro__dos_probe_filename(NULL), 0);
}

/* Content that is not dos is not claimed: a flowtuple class start, a
 * global header, an absurd count, an implausible packet length. */
static void test_probe_magic_rejects(void **st)
{
    static tbuf_t b;
    char path[512];
    corsaro_in_t *in;
    int i;
    (void)st;

    for (i = 0; i < 4; i++) {
        b.len = 0;
        if (i == 2) {
            tb_bytes(&b, "EDGRHEAD", 8);
            tb_u32(&b, 0);
        } else {
            tb_interval(&b, 0, 10);
        }
        if (i == 0) { /* flowtuple: class start SIXU, class 0, count 1 */
            tb_bytes(&b, "SIXU", 4);
            tb_u16(&b, 0);
            tb_u32(&b, 1);
        } else if (i == 1) { /* 2^31 vectors */
            tb_u32(&b, 0x80000000u);
        } else if (i == 3) { /* one vector, packet length 0 */
            tb_u32(&b, 1);
            tb_vector(&b, 1, 1, pkt_a, 0);
        }
        tb_interval(&b, 0, 20);
        while (b.len < 120)
            tb_u32(&b, 0);
        snprintf(path, sizeof(path), "%s/probe%d.cors", scratch, i);
        write_bytes(path, b.data, b.len);
        in = corsaro_in_alloc(path);
        assert_non_null(in);
        if (corsaro_in_start(in) == 0)
            assert_string_not_equal(corsaro_in_reader_name(in), "dos");
        corsaro_in_free(in);
    }
}

/* Reads @p path to the end. @return the last read's result. */
static off_t read_all(const char *path, char *err, size_t errlen)
{
    corsaro_in_t *in = open_in(path);
    corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
    corsaro_in_record_type_t type;
    off_t n;
    int guard = 0;
    while ((n = corsaro_in_read_record(in, &type, rec)) > 0)
        assert_true(++guard < 1000);
    snprintf(err, errlen, "%s", corsaro_in_error(in));
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    return n;
}

/* Every cut of the file is an error, except at a block boundary. */
static void test_truncated(void **st)
{
    static tbuf_t b;
    char path[512], err[1024];
    size_t boundary, cut;
    (void)st;
    sample_file(&b, &boundary);
    snprintf(path, sizeof(path), "%s/cut.dos.cors", scratch);
    for (cut = 1; cut < b.len; cut++) {
        off_t n;
        write_bytes(path, b.data, cut);
        n = read_all(path, err, sizeof(err));
        if (cut == boundary) {
            assert_int_equal(n, 0);
        } else {
            if (n != -1)
                fprintf(stderr, "cut at %zu was not an error\n", cut);
            assert_int_equal(n, -1);
            assert_non_null(strstr(err, "truncated"));
        }
    }
}

static void test_corrupt(void **st)
{
    static tbuf_t b;
    char path[512], err[1024];
    (void)st;
    snprintf(path, sizeof(path), "%s/bad.dos.cors", scratch);

    /* initial_packet_len 0 */
    b.len = 0;
    tb_interval(&b, 1, 100);
    tb_u32(&b, 1);
    tb_vector(&b, 1, 1, pkt_a, 0);
    tb_interval(&b, 1, 200);
    write_bytes(path, b.data, b.len);
    assert_int_equal(read_all(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "initial_packet_len is 0"));
    assert_non_null(strstr(err, "vector 1 of 1"));

    /* initial_packet_len 4 GiB - 1: refused before anything is allocated */
    b.len = 0;
    tb_interval(&b, 1, 100);
    tb_u32(&b, 1);
    tb_vector(&b, 1, 1, pkt_a, 0);
    tp_put32(b.data + 14 + 4 + 68, 0xffffffffu);
    tb_bytes(&b, pkt_a, 54);
    tb_interval(&b, 1, 200);
    write_bytes(path, b.data, b.len);
    assert_int_equal(read_all(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "initial_packet_len is 4294967295"));

    /* a vector count larger than the vectors present */
    b.len = 0;
    tb_interval(&b, 1, 100);
    tb_u32(&b, 3000000000u);
    tb_vector(&b, 1, 1, pkt_a, 54);
    write_bytes(path, b.data, b.len);
    assert_int_equal(read_all(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "truncated"));
    assert_non_null(strstr(err, "vector 2 of 3000000000"));

    /* a count smaller than the vectors present: the next vector is read
     * where the interval end belongs */
    b.len = 0;
    tb_interval(&b, 1, 100);
    tb_u32(&b, 1);
    tb_vector(&b, 1, 1, pkt_a, 54);
    tb_vector(&b, 2, 2, pkt_a, 54);
    tb_interval(&b, 1, 200);
    write_bytes(path, b.data, b.len);
    assert_int_equal(read_all(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "interval end"));

    /* garbage where an interval starts */
    b.len = 0;
    tb_interval(&b, 1, 100);
    tb_u32(&b, 0);
    tb_interval(&b, 1, 200);
    tb_bytes(&b, "EDGRXXXX", 8);
    tb_u16(&b, 2);
    tb_u32(&b, 300);
    write_bytes(path, b.data, b.len);
    assert_int_equal(read_all(path, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "interval start"));
}

/* The dos block of a global file: 12 bytes between the EDOS markers. */
static void build_global(tbuf_t *b)
{
    b->len = 0;
    tb_bytes(b, "EDGRHEAD", 8);
    tb_bytes(b, "\x02\x00", 2);
    tb_u32(b, 1700000000);
    tb_u16(b, 60);
    tb_u16(b, 0);
    tb_u16(b, 2);
    tb_bytes(b, "SIXU", 4);
    tb_bytes(b, "EDOS", 4);
    tb_interval(b, 4, 1240);
    tb_bytes(b, "EDGRDATAEDOS", 12);
    tb_u32(b, 70000); /* mismatch: more than a u16 holds */
    tb_u32(b, 5);
    tb_u32(b, 2);
    tb_bytes(b, "EDGRDATAEDOS", 12);
    tb_interval(b, 4, 1299);
    tb_bytes(b, "EDGRFOOT", 8);
    tb_u64(b, 20000);
    tb_u64(b, 20000);
    tb_u64(b, UINT64_MAX);
    tb_u32(b, 1000);
    tb_u32(b, 1299);
    tb_u32(b, 1700000001);
    tb_u32(b, 1);
}

static void test_global_block(void **st)
{
    static tbuf_t b;
    char path[512], out[512];
    corsaro_in_t *in;
    corsaro_in_record_t *rec;
    corsaro_in_record_type_t type;
    corsaro_file_t *f;
    int seen = 0;
    off_t n;
    char *text;
    (void)st;

    build_global(&b);
    snprintf(path, sizeof(path), "%s/x.global.cors", scratch);
    write_bytes(path, b.data, b.len);
    snprintf(out, sizeof(out), "%s/global.txt", scratch);
    f = corsaro_file_open(out, CORSARO_FILE_MODE_ASCII, CORSARO_FILE_COMPRESS_NONE);
    assert_non_null(f);
    in = open_in(path);
    rec = corsaro_in_alloc_record(in);
    while ((n = corsaro_in_read_record(in, &type, rec)) > 0) {
        if (type == CORSARO_IN_RECORD_TYPE_DOS_GLOBAL_HEADER) {
            corsaro_dos_global_header_t *g = corsaro_in_get_record_data(rec);
            assert_int_equal(n, 12);
            assert_int_equal(g->mismatch_cnt, 70000);
            assert_int_equal(g->attack_vector_cnt, 5);
            assert_int_equal(g->non_attack_vector_cnt, 2);
            assert_int_equal(corsaro_in_print_record(in, f, type, rec), 0);
            seen++;
        }
    }
    if (n != 0)
        fprintf(stderr, "%s\n", corsaro_in_error(in));
    assert_int_equal(n, 0);
    assert_int_equal(seen, 1);
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    assert_int_equal(corsaro_file_close(NULL, f), 0);
    text = slurp(out);
    assert_string_equal(text, "mismatch: 70000\nattack_vectors: 5\n"
                              "non-attack_vectors: 2\n");
    free(text);

    /* the global file cut inside the dos block */
    write_bytes(path, b.data, 8 + 2 + 4 + 2 + 2 + 2 + 8 + 14 + 12 + 5);
    {
        char err[1024];
        assert_int_equal(read_all(path, err, sizeof(err)), -1);
        assert_non_null(strstr(err, "truncated"));
    }
}

/* cors2ascii's text for a dos file (SPEC 8.1, our packet decode). */
static void test_print(void **st)
{
    static tbuf_t b;
    char path[512], out[512];
    corsaro_in_t *in;
    corsaro_in_record_t *rec;
    corsaro_in_record_type_t type;
    corsaro_file_t *f;
    char *text;
    (void)st;

    b.len = 0;
    pkt_a_len = tp_tcp(pkt_a, IP4(198, 51, 100, 20), IP4(44, 1, 2, 3), 80,
                       40000, 0x12);
    tb_interval(&b, 4, 1240);
    tb_u32(&b, 1);
    tb_vector(&b, IP4(198, 51, 100, 20), 100, pkt_a, (uint32_t)pkt_a_len);
    tb_interval(&b, 4, 1299);
    snprintf(path, sizeof(path), "%s/p.dos.cors", scratch);
    write_bytes(path, b.data, b.len);
    snprintf(out, sizeof(out), "%s/p.txt", scratch);
    f = corsaro_file_open(out, CORSARO_FILE_MODE_ASCII, CORSARO_FILE_COMPRESS_NONE);
    assert_non_null(f);
    in = open_in(path);
    rec = corsaro_in_alloc_record(in);
    while (corsaro_in_read_record(in, &type, rec) > 0)
        assert_int_equal(corsaro_in_print_record(in, f, type, rec), 0);
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    assert_int_equal(corsaro_file_close(NULL, f), 0);
    text = slurp(out);
    assert_string_equal(text,
                        "# CORSARO_INTERVAL_START 4 1240\n"
                        "1\n"
                        "198.51.100.20,101,102,103,104,105,106,858993459200,"
                        "108,109,1100.000010,2100.999999\n"
                        "START PACKET\n"
                        "eth.dst: 00:1b:21:aa:bb:cc\n"
                        "eth.src: 00:1c:73:11:22:33\n"
                        "eth.type: 0x0800\n"
                        "ip.src: 198.51.100.20\n"
                        "ip.dst: 44.1.2.3\n"
                        "ip.proto: 6 (tcp)\n"
                        "ip.ttl: 64\n"
                        "ip.len: 40\n"
                        "ip.id: 4660\n"
                        "tcp.src_port: 80\n"
                        "tcp.dst_port: 40000\n"
                        "tcp.flags: 0x12 (SYN,ACK)\n"
                        "END PACKET\n"
                        "# CORSARO_INTERVAL_END 4 1299\n");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_round_trip_gzip),
        cmocka_unit_test(test_detect_by_content),
        cmocka_unit_test(test_probe_filename),
        cmocka_unit_test(test_probe_magic_rejects),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_corrupt),
        cmocka_unit_test(test_global_block),
        cmocka_unit_test(test_print),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
