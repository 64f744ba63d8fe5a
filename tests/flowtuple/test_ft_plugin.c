/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The flowtuple plugin as the host runs it (flowtuple.so found through
 * CORSARO_PLUGIN_PATH): options, packets from a pcap file through
 * libcorsaro into a flowtuple file, reading it back with Corsaro-In,
 * printing it, re-processing it, and rejecting damaged files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <libtrace.h>

#include "corsaro/corsaro.h"
#include "ft_test_util.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/test_ft_plugin.XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[512];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- a small pcap writer ---- */

static void le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16),
    p[3] = (uint8_t)(v >> 24);
}

typedef struct pkt_spec {
    uint32_t sec;
    const char *src, *dst;
    uint8_t proto;
    uint16_t sport, dport; /* ICMP: type, code */
    uint8_t flags;
} pkt_spec_t;

static void write_pcap(const char *path, const pkt_spec_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    uint8_t hdr[24] = {0}, rec[16], frame[2048], l4[20];
    assert_non_null(f);
    le32(hdr, 0xa1b2c3d4);
    hdr[4] = 2, hdr[6] = 4;
    le32(hdr + 16, 65535);
    le32(hdr + 20, 1);
    assert_int_equal(fwrite(hdr, 1, 24, f), 24);
    for (size_t i = 0; i < n; i++) {
        ft_frame_t fr;
        unsigned a, b, c, d;
        memset(&fr, 0, sizeof(fr));
        memset(l4, 0, sizeof(l4));
        fr.proto = p[i].proto;
        fr.ttl = 50;
        sscanf(p[i].src, "%u.%u.%u.%u", &a, &b, &c, &d);
        fr.src[0] = (uint8_t)a, fr.src[1] = (uint8_t)b, fr.src[2] = (uint8_t)c,
        fr.src[3] = (uint8_t)d;
        sscanf(p[i].dst, "%u.%u.%u.%u", &a, &b, &c, &d);
        fr.dst[0] = (uint8_t)a, fr.dst[1] = (uint8_t)b, fr.dst[2] = (uint8_t)c,
        fr.dst[3] = (uint8_t)d;
        if (p[i].proto == 6) {
            ft_tcp_header(l4, p[i].sport, p[i].dport, p[i].flags);
            fr.l4len = 20;
        } else if (p[i].proto == 1) {
            l4[0] = (uint8_t)p[i].sport;
            l4[1] = (uint8_t)p[i].dport;
            fr.l4len = 8;
        } else {
            l4[0] = (uint8_t)(p[i].sport >> 8), l4[1] = (uint8_t)p[i].sport;
            l4[2] = (uint8_t)(p[i].dport >> 8), l4[3] = (uint8_t)p[i].dport;
            l4[5] = 8;
            fr.l4len = 8;
        }
        fr.l4 = l4;
        size_t len = ft_frame_build(&fr, frame);
        le32(rec, p[i].sec);
        le32(rec + 4, 500000);
        le32(rec + 8, (uint32_t)len);
        le32(rec + 12, (uint32_t)len);
        assert_int_equal(fwrite(rec, 1, 16, f), 16);
        assert_int_equal(fwrite(frame, 1, len, f), len);
    }
    assert_int_equal(fclose(f), 0);
}

static const pkt_spec_t packets[] = {
    {1000, "10.0.0.1", "44.1.2.3", 6, 80, 4000, 0x12},   /* backscatter */
    {1001, "10.0.0.1", "44.1.2.3", 6, 80, 4000, 0x12},   /* same tuple */
    {1002, "9.9.9.9", "44.1.2.3", 6, 1234, 23, 0x02},    /* other */
    {1003, "8.8.8.8", "44.7.7.7", 1, 8, 0, 0},           /* icmp request */
    {1004, "8.8.8.8", "45.7.7.7", 1, 8, 0, 0},           /* same /8 tuple */
    {1005, "7.7.7.7", "44.7.7.7", 17, 53, 5353, 0},      /* other */
    {1005, "1.2.3.4", "44.7.7.7", 17, 53, 5353, 0},      /* other, sorts first */
    {1070, "10.0.0.1", "44.1.2.3", 1, 3, 1, 0},          /* next interval */
    {1250, "10.0.0.1", "44.1.2.3", 1, 0, 0, 0},          /* after 2 empty ones */
};
#define NPKT (sizeof(packets) / sizeof(packets[0]))

/* Runs corsaro over a pcap of @p pk with "flowtuple @p args".
 * @return the finalize result, or the failing step's -1 */
static int run(const char *args, corsaro_file_mode_t mode, const char *tag,
               const pkt_spec_t *pk, size_t n, char *err, size_t errlen)
{
    char pcap[512], tmpl[512];
    snprintf(pcap, sizeof(pcap), "%s/in-%s.pcap", dir, tag);
    snprintf(tmpl, sizeof(tmpl), "%s/%s-%%P.cors", dir, tag);
    write_pcap(pcap, pk, n);

    corsaro_t *c = corsaro_alloc_output(tmpl, mode);
    assert_non_null(c);
    corsaro_disable_globalfile(c);
    corsaro_disable_logfile(c);
    assert_int_equal(corsaro_set_interval(c, 60), 0);
    assert_int_equal(corsaro_enable_plugin(c, "flowtuple", args), 0);
    if (corsaro_start_output(c) != 0) {
        snprintf(err, errlen, "%s", corsaro_error(c));
        corsaro_finalize_output(c);
        corsaro_free(c);
        return -1;
    }
    libtrace_t *trace = trace_create(pcap);
    libtrace_packet_t *p = trace_create_packet();
    assert_int_equal(trace_start(trace), 0);
    while (trace_read_packet(trace, p) > 0)
        assert_int_equal(corsaro_per_packet(c, p), 0);
    trace_destroy_packet(p);
    trace_destroy(trace);
    int rc = corsaro_finalize_output(c);
    if (rc != 0)
        snprintf(err, errlen, "%s", corsaro_error(c));
    corsaro_free(c);
    return rc;
}

/* Reads a corsaro file; fills @p text with cors2ascii's output.
 * @return the last read result (0 = clean end) */
static int read_back(const char *path, char *text, size_t len, char *err,
                     size_t errlen)
{
    char out[512];
    snprintf(out, sizeof(out), "%s.txt", path);
    corsaro_in_t *in = corsaro_in_alloc(path);
    assert_non_null(in);
    err[0] = '\0';
    if (corsaro_in_start(in) != 0) {
        snprintf(err, errlen, "%s", corsaro_in_error(in));
        corsaro_in_free(in);
        return -1;
    }
    assert_string_equal(corsaro_in_reader_name(in), "flowtuple");
    corsaro_file_t *f = corsaro_file_open(out, CORSARO_FILE_MODE_ASCII,
                                          CORSARO_FILE_COMPRESS_NONE);
    assert_non_null(f);
    corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
    corsaro_in_record_type_t type;
    off_t rc;
    while ((rc = corsaro_in_read_record(in, &type, rec)) > 0)
        assert_int_equal(corsaro_in_print_record(in, f, type, rec), 0);
    if (rc < 0)
        snprintf(err, errlen, "%s", corsaro_in_error(in));
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    assert_int_equal(corsaro_file_close(NULL, f), 0);
    FILE *t = fopen(out, "r");
    assert_non_null(t);
    size_t got = fread(text, 1, len - 1, t);
    text[got] = '\0';
    fclose(t);
    return (int)rc;
}

static const char *expect_sixu =
    "# CORSARO_INTERVAL_START 0 1000\n"
    "START flowtuple_backscatter 1\n"
    "10.0.0.1|44.1.2.3|80|4000|6|50|0x12|40,2\n"
    "END flowtuple_backscatter\n"
    "START flowtuple_icmpreq 2\n"
    "8.8.8.8|44.7.7.7|8|0|1|50|0x00|28,1\n"
    "8.8.8.8|45.7.7.7|8|0|1|50|0x00|28,1\n"
    "END flowtuple_icmpreq\n"
    "START flowtuple_other 3\n"
    "9.9.9.9|44.1.2.3|1234|23|6|50|0x02|40,1\n"
    "1.2.3.4|44.7.7.7|53|5353|17|50|0x00|28,1\n"
    "7.7.7.7|44.7.7.7|53|5353|17|50|0x00|28,1\n"
    "END flowtuple_other\n"
    "# CORSARO_INTERVAL_END 0 1059\n"
    "# CORSARO_INTERVAL_START 1 1060\n"
    "START flowtuple_backscatter 1\n"
    "10.0.0.1|44.1.2.3|3|1|1|50|0x00|28,1\n"
    "END flowtuple_backscatter\n"
    "START flowtuple_icmpreq 0\n"
    "END flowtuple_icmpreq\n"
    "START flowtuple_other 0\n"
    "END flowtuple_other\n"
    "# CORSARO_INTERVAL_END 1 1119\n"
    "# CORSARO_INTERVAL_START 2 1120\n"
    "START flowtuple_backscatter 0\n"
    "END flowtuple_backscatter\n"
    "START flowtuple_icmpreq 0\n"
    "END flowtuple_icmpreq\n"
    "START flowtuple_other 0\n"
    "END flowtuple_other\n"
    "# CORSARO_INTERVAL_END 2 1179\n"
    "# CORSARO_INTERVAL_START 3 1180\n"
    "START flowtuple_backscatter 0\n"
    "END flowtuple_backscatter\n"
    "START flowtuple_icmpreq 0\n"
    "END flowtuple_icmpreq\n"
    "START flowtuple_other 0\n"
    "END flowtuple_other\n"
    "# CORSARO_INTERVAL_END 3 1239\n"
    "# CORSARO_INTERVAL_START 4 1240\n"
    "START flowtuple_backscatter 1\n"
    "10.0.0.1|44.1.2.3|0|0|1|50|0x00|28,1\n"
    "END flowtuple_backscatter\n"
    "START flowtuple_icmpreq 0\n"
    "END flowtuple_icmpreq\n"
    "START flowtuple_other 0\n"
    "END flowtuple_other\n"
    "# CORSARO_INTERVAL_END 4 1250\n";

static char text[1 << 16], err[1024], path[512];

static void test_binary_round_trip(void **state)
{
    (void)state;
    assert_int_equal(run(NULL, CORSARO_FILE_MODE_BINARY, "u", packets, NPKT, err,
                         sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/u-flowtuple.cors", dir);
    assert_int_equal(read_back(path, text, sizeof(text), err, sizeof(err)), 0);
    assert_string_equal(text, expect_sixu);
}

static void test_ascii_mode_output(void **state)
{
    (void)state;
    assert_int_equal(run(NULL, CORSARO_FILE_MODE_ASCII, "a", packets, NPKT, err,
                         sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/a-flowtuple.cors", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    size_t got = fread(text, 1, sizeof(text) - 1, f);
    text[got] = '\0';
    fclose(f);
    assert_string_equal(text, expect_sixu);
    /* and it cannot be read back */
    assert_int_equal(read_back(path, text, sizeof(text), err, sizeof(err)), -1);
    if (strstr(err, "ASCII") == NULL || strstr(err, "-m binary") == NULL)
        fail_msg("unexpected error: %s", err);
}

static void test_slash_eight(void **state)
{
    (void)state;
    assert_int_equal(run("-8 44", CORSARO_FILE_MODE_BINARY, "t", packets, NPKT, err,
                         sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/t-flowtuple.cors", dir);
    /* 20-byte tuples with the SIXT magic */
    FILE *f = fopen(path, "rb");
    uint8_t head[18];
    assert_non_null(f);
    assert_int_equal(fread(head, 1, 18, f), 18);
    fclose(f);
    assert_memory_equal(head + 14, "SIXT", 4);

    setenv("CORSARO_FLOWTUPLE_SLASH_EIGHT", "44", 1);
    assert_int_equal(read_back(path, text, sizeof(text), err, sizeof(err)), 0);
    /* 44.7.7.7 and 45.7.7.7 are one /8 tuple now */
    assert_non_null(strstr(text, "START flowtuple_icmpreq 1\n"
                                 "8.8.8.8|44.7.7.7|8|0|1|50|0x00|28,2\n"));
    unsetenv("CORSARO_FLOWTUPLE_SLASH_EIGHT");
    assert_int_equal(read_back(path, text, sizeof(text), err, sizeof(err)), 0);
    assert_non_null(strstr(text, "8.8.8.8|0.7.7.7|8|0|1|50|0x00|28,2\n"));
    setenv("CORSARO_FLOWTUPLE_SLASH_EIGHT", "256", 1);
    assert_int_equal(read_back(path, text, sizeof(text), err, sizeof(err)), -1);
    assert_non_null(strstr(err, "CORSARO_FLOWTUPLE_SLASH_EIGHT"));
    unsetenv("CORSARO_FLOWTUPLE_SLASH_EIGHT");

    /* ASCII output prints the octet */
    assert_int_equal(run("-8 12", CORSARO_FILE_MODE_ASCII, "ta", packets, NPKT, err,
                         sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/ta-flowtuple.cors", dir);
    f = fopen(path, "r");
    assert_non_null(f);
    size_t got = fread(text, 1, sizeof(text) - 1, f);
    text[got] = '\0';
    fclose(f);
    assert_non_null(strstr(text, "8.8.8.8|12.7.7.7|8|0|1|50|0x00|28,2\n"));
}

static void test_unsorted(void **state)
{
    (void)state;
    assert_int_equal(run("-s", CORSARO_FILE_MODE_BINARY, "s", packets, NPKT, err,
                         sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/s-flowtuple.cors", dir);
    assert_int_equal(read_back(path, text, sizeof(text), err, sizeof(err)), 0);
    /* first seen first: 7.7.7.7 came before 1.2.3.4 */
    assert_non_null(strstr(text, "START flowtuple_other 3\n"
                                 "9.9.9.9|44.1.2.3|1234|23|6|50|0x02|40,1\n"
                                 "7.7.7.7|44.7.7.7|53|5353|17|50|0x00|28,1\n"
                                 "1.2.3.4|44.7.7.7|53|5353|17|50|0x00|28,1\n"));
}

static void test_bad_options(void **state)
{
    static const char *bad[] = {"-x", "-8 256", "-8 -1", "-8 4x", "-8", "extra",
                                "-s junk", "-?"};
    (void)state;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(run(bad[i], CORSARO_FILE_MODE_BINARY, "bad", packets, 1, err,
                             sizeof(err)),
                         -1);
        if (strstr(err, "flowtuple") == NULL)
            fail_msg("option '%s': error '%s' does not name the plugin", bad[i], err);
    }
    /* good ones */
    if (run("-s -8 0", CORSARO_FILE_MODE_BINARY, "ok", packets, 1, err, sizeof(err)) != 0)
        fail_msg("-s -8 0 refused: %s", err);
}

static void test_reprocessing(void **state)
{
    char tmpl[512], out[512];
    (void)state;

    assert_int_equal(run(NULL, CORSARO_FILE_MODE_BINARY, "r", packets, NPKT, err,
                         sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/r-flowtuple.cors", dir);
    /* replay it into SIXU and into SIXT */
    static const char *args[] = {NULL, "-8 44"};
    for (int v = 0; v < 2; v++) {
        snprintf(tmpl, sizeof(tmpl), "%s/rr%d-%%P.cors", dir, v);
        corsaro_t *c = corsaro_alloc_output(tmpl, CORSARO_FILE_MODE_BINARY);
        corsaro_disable_globalfile(c);
        corsaro_disable_logfile(c);
        assert_int_equal(corsaro_enable_plugin(c, "flowtuple", args[v]), 0);
        if (corsaro_start_output(c) != 0)
            fail_msg("start: %s", corsaro_error(c));
        if (corsaro_per_flowtuple_file(c, path, 0) != 0)
            fail_msg("replay: %s", corsaro_error(c));
        assert_int_equal(corsaro_finalize_output(c), 0);
        corsaro_free(c);
        snprintf(out, sizeof(out), "%s/rr%d-flowtuple.cors", dir, v);
        setenv("CORSARO_FLOWTUPLE_SLASH_EIGHT", "44", 1);
        assert_int_equal(read_back(out, text, sizeof(text), err, sizeof(err)), 0);
        unsetenv("CORSARO_FLOWTUPLE_SLASH_EIGHT");
        if (v == 0) {
            assert_string_equal(text, expect_sixu); /* same counts, same order */
        } else {
            assert_non_null(strstr(text, "8.8.8.8|44.7.7.7|8|0|1|50|0x00|28,2\n"));
            assert_non_null(strstr(text, "10.0.0.1|44.1.2.3|80|4000|6|50|0x12|40,2\n"));
        }
    }
}

static size_t file_image(const char *p, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, cap, f);
    fclose(f);
    return n;
}

static void put_image(const char *p, const uint8_t *buf, size_t n)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void test_truncated_and_corrupt_files(void **state)
{
    static uint8_t img[8192];
    char cut[512];
    (void)state;

    assert_int_equal(run(NULL, CORSARO_FILE_MODE_BINARY, "c", packets, NPKT, err,
                         sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/c-flowtuple.cors", dir);
    size_t n = file_image(path, img, sizeof(img));
    /* interval blocks: 14 + 3*16 + 14 = 76 bytes plus 21 per tuple */
    size_t ends[] = {76 + 6 * 21, 0, 0, 0, 0};
    for (int i = 1; i < 5; i++)
        ends[i] = ends[i - 1] + 76 + (i == 1 || i == 4 ? 21 : 0);
    assert_int_equal(ends[4], n);

    snprintf(cut, sizeof(cut), "%s/cut-flowtuple.cors", dir);
    for (size_t len = 1; len < n; len++) {
        int boundary = 0;
        for (int i = 0; i < 5; i++)
            boundary |= ends[i] == len;
        put_image(cut, img, len);
        int rc = read_back(cut, text, sizeof(text), err, sizeof(err));
        if (rc != (boundary ? 0 : -1))
            fail_msg("cut at %zu: read gave %d (%s)", len, rc, err);
        if (!boundary && strstr(err, "truncated") == NULL &&
            strstr(err, "not a corsaro file") == NULL)
            fail_msg("cut at %zu: error '%s' does not say truncated", len, err);
    }

    /* a wrong class magic, a wrong class */
    uint8_t bad[8192];
    memcpy(bad, img, n);
    memcpy(bad + 14 + 10 + 21 + 6, "SIXV", 4); /* second class start */
    put_image(cut, bad, n);
    assert_int_equal(read_back(cut, text, sizeof(text), err, sizeof(err)), -1);
    assert_non_null(strstr(err, "class start record"));
    assert_non_null(strstr(err, "cut-flowtuple.cors"));
    memcpy(bad, img, n);
    bad[14 + 10 + 21 + 6 + 5] = 2; /* class 2 where 1 belongs */
    put_image(cut, bad, n);
    assert_int_equal(read_back(cut, text, sizeof(text), err, sizeof(err)), -1);
    assert_non_null(strstr(err, "expected class 1"));
}

static void test_probes(void **state)
{
    static uint8_t img[8192];
    char other[512];
    (void)state;

    assert_true(corsaro_is_flowtuple_file("/x/y/flowtuple.cors"));
    /* a directory name does not count; the content does */
    snprintf(path, sizeof(path), "%s/u-flowtuple.cors", dir);
    if (access(path, R_OK) != 0)
        assert_int_equal(run(NULL, CORSARO_FILE_MODE_BINARY, "u", packets, NPKT, err,
                             sizeof(err)),
                         0);
    size_t n = file_image(path, img, sizeof(img));
    snprintf(other, sizeof(other), "%s/data.bin", dir);
    put_image(other, img, n);
    assert_true(corsaro_is_flowtuple_file(other));
    assert_int_equal(read_back(other, text, sizeof(text), err, sizeof(err)), 0);
    assert_string_equal(text, expect_sixu);
    put_image(other, (const uint8_t *)"EDGRINTR\0\0\0\0\0\0XIXU", 18);
    assert_false(corsaro_is_flowtuple_file(other));
}

#ifndef FT_HELPER_DIR
#define FT_HELPER_DIR "helpers"
#endif

/* A filter before flowtuple marks 9.9.9.9 IGNORE: flowtuple skips it and
 * does not call it backscatter; a plugin after flowtuple sees the
 * BACKSCATTER flag on exactly the backscatter packets. */
static void test_ignore_and_backscatter_flag(void **state)
{
    static pkt_spec_t pk[NPKT + 1];
    char pcap[512], tmpl[512], out[512];
    (void)state;

    memcpy(pk, packets, sizeof(packets));
    /* an ignored SYN-ACK: not counted, not flagged */
    pk[NPKT] = (pkt_spec_t){1240, "9.9.9.9", "44.1.2.3", 6, 443, 5, 0x12};
    snprintf(pcap, sizeof(pcap), "%s/in-i.pcap", dir);
    write_pcap(pcap, pk, NPKT + 1);
    snprintf(tmpl, sizeof(tmpl), "%s/i-%%P.cors", dir);

    corsaro_t *c = corsaro_alloc_output(tmpl, CORSARO_FILE_MODE_BINARY);
    assert_non_null(c);
    corsaro_disable_globalfile(c);
    corsaro_disable_logfile(c);
    assert_int_equal(corsaro_add_plugin_path(c, FT_HELPER_DIR), 0);
    assert_int_equal(corsaro_enable_plugin(c, "fttest_before", NULL), 0);
    assert_int_equal(corsaro_enable_plugin(c, "flowtuple", NULL), 0);
    assert_int_equal(corsaro_enable_plugin(c, "fttest_after", NULL), 0);
    if (corsaro_start_output(c) != 0)
        fail_msg("start: %s", corsaro_error(c));
    libtrace_t *trace = trace_create(pcap);
    libtrace_packet_t *p = trace_create_packet();
    assert_int_equal(trace_start(trace), 0);
    while (trace_read_packet(trace, p) > 0)
        assert_int_equal(corsaro_per_packet(c, p), 0);
    trace_destroy_packet(p);
    trace_destroy(trace);
    assert_int_equal(corsaro_finalize_output(c), 0);
    corsaro_free(c);

    snprintf(path, sizeof(path), "%s/i-flowtuple.cors", dir);
    assert_int_equal(read_back(path, text, sizeof(text), err, sizeof(err)), 0);
    assert_null(strstr(text, "9.9.9.9"));
    assert_non_null(strstr(text, "START flowtuple_other 2\n"));
    /* 2 SYN-ACKs, an unreachable and an echo reply */
    snprintf(out, sizeof(out), "%s/i-fttest_after.cors", dir);
    FILE *f = fopen(out, "r");
    assert_non_null(f);
    size_t got = fread(text, 1, sizeof(text) - 1, f);
    text[got] = '\0';
    fclose(f);
    assert_string_equal(text, "backscatter 4 of 10\n");

    /* replaying a file: IGNORE-flagged tuples are skipped too */
    assert_int_equal(run(NULL, CORSARO_FILE_MODE_BINARY, "ri", packets, NPKT, err,
                         sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/ri-flowtuple.cors", dir);
    snprintf(tmpl, sizeof(tmpl), "%s/rr-%%P.cors", dir);
    c = corsaro_alloc_output(tmpl, CORSARO_FILE_MODE_BINARY);
    corsaro_disable_globalfile(c);
    corsaro_disable_logfile(c);
    assert_int_equal(corsaro_add_plugin_path(c, FT_HELPER_DIR), 0);
    assert_int_equal(corsaro_enable_plugin(c, "fttest_before", NULL), 0);
    assert_int_equal(corsaro_enable_plugin(c, "flowtuple", NULL), 0);
    assert_int_equal(corsaro_start_output(c), 0);
    assert_int_equal(corsaro_per_flowtuple_file(c, path, 0), 0);
    assert_int_equal(corsaro_finalize_output(c), 0);
    corsaro_free(c);
    snprintf(out, sizeof(out), "%s/rr-flowtuple.cors", dir);
    assert_int_equal(read_back(out, text, sizeof(text), err, sizeof(err)), 0);
    assert_null(strstr(text, "9.9.9.9"));
    assert_non_null(strstr(text, "START flowtuple_other 2\n"
                                 "1.2.3.4|44.7.7.7|53|5353|17|50|0x00|28,1\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary_round_trip),
        cmocka_unit_test(test_ascii_mode_output),
        cmocka_unit_test(test_slash_eight),
        cmocka_unit_test(test_unsorted),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_reprocessing),
        cmocka_unit_test(test_truncated_and_corrupt_files),
        cmocka_unit_test(test_probes),
        cmocka_unit_test(test_ignore_and_backscatter_flag),
    };
    return cmocka_run_group_tests_name("flowtuple_plugin", tests, setup, teardown);
}
