/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The dos plugin in a whole run: a hand-made pcap goes through libcorsaro
 * with flowtuple and dos (both loaded from the build tree), and the dos
 * and global files are read back. Checks the report schedule (SPEC 5.4),
 * the global-file block (5.5), the extra final report (our fix), rotation,
 * ASCII mode and the flowtuple requirement. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libtrace.h>

#include "corsaro/corsaro.h"
#include "dos_internal.h"
#include "dos_test_util.h"

static char scratch[256];

static int setup(void **st)
{
    (void)st;
    make_scratch(scratch, sizeof(scratch), "dosplugin");
    return 0;
}

static int teardown(void **st)
{
    (void)st;
    rm_scratch(scratch);
    return 0;
}

/* ---- a pcap file written by hand ---- */

static void le32(FILE *f, uint32_t v)
{
    uint8_t p[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
                    (uint8_t)(v >> 24)};
    assert_int_equal(fwrite(p, 1, 4, f), 4);
}

static FILE *pcap_open(const char *path)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    le32(f, 0xa1b2c3d4);
    le32(f, 0x00040002); /* version 2.4 */
    le32(f, 0);
    le32(f, 0);
    le32(f, 65535);
    le32(f, 1); /* Ethernet */
    return f;
}

static void pcap_put(FILE *f, uint32_t sec, uint32_t usec, const uint8_t *pkt,
                     size_t len)
{
    le32(f, sec);
    le32(f, usec);
    le32(f, (uint32_t)len);
    le32(f, (uint32_t)len);
    assert_int_equal(fwrite(pkt, 1, len, f), len);
}

#define VICTIM_A IP4(198, 51, 100, 20)
#define VICTIM_B IP4(203, 0, 113, 10)
#define VICTIM_C IP4(192, 0, 2, 30)

/* 1000..@p last: a SYN-ACK a second to VICTIM_A's spoofed clients (one
 * new telescope address each, 7 client ports); 3 RSTs from VICTIM_B; one
 * ICMP unreachable about VICTIM_C whose quote does not match. */
static void write_trace(const char *path, uint32_t last)
{
    FILE *f = pcap_open(path);
    uint8_t pkt[128];
    uint32_t s;
    size_t n;
    for (s = 1000; s <= last; s++) {
        uint32_t i = s - 1000;
        n = tp_tcp(pkt, VICTIM_A, IP4(44, 0, i / 256, i % 256), 80,
                   (uint16_t)(1024 + i % 7), 0x12);
        pcap_put(f, s, 500000, pkt, n);
        if (s == 1010) {
            n = tp_icmp_error(pkt, IP4(100, 64, 0, 1), IP4(44, 1, 1, 1), 3, 3,
                              4, IP4(44, 2, 2, 2), VICTIM_C, 17, 5000, 53, 8);
            pcap_put(f, s, 600000, pkt, n);
        }
        if (s >= 1100 && s <= 1102) {
            n = tp_tcp(pkt, VICTIM_B, IP4(44, 9, 9, 9), 443, 2000, 0x14);
            pcap_put(f, s, 700000, pkt, n);
        }
        /* traffic that is not backscatter: a scan SYN */
        n = tp_tcp(pkt, IP4(10, 1, 1, 1), IP4(44, 3, 3, 3), 5555, 23, 0x02);
        pcap_put(f, s, 800000, pkt, n);
    }
    assert_int_equal(fclose(f), 0);
}

/* Runs corsaro on @p trace with the given plugins and options.
 * @return 0, or -1 with the error copied to @p err */
static int run(const char *trace, const char *template_, corsaro_file_mode_t mode,
               const char *const *plugins, int rotate, int no_global, char *err,
               size_t errlen)
{
    corsaro_t *c = corsaro_alloc_output(template_, mode);
    libtrace_t *t;
    libtrace_packet_t *packet;
    int rc = 0;

    assert_non_null(c);
    err[0] = '\0';
    corsaro_set_monitorname(c, "test");
    if (rotate > 0)
        corsaro_set_output_rotation(c, rotate);
    if (no_global)
        corsaro_disable_globalfile(c);
    corsaro_disable_logfile(c);
    for (; *plugins != NULL; plugins++)
        assert_int_equal(corsaro_enable_plugin(c, *plugins, NULL), 0);
    if (corsaro_start_output(c) != 0) {
        snprintf(err, errlen, "%s", corsaro_error(c));
        corsaro_finalize_output(c);
        corsaro_free(c);
        return -1;
    }
    t = trace_create(trace);
    assert_false(trace_is_err(t));
    assert_int_equal(trace_start(t), 0);
    packet = trace_create_packet();
    while (rc == 0 && trace_read_packet(t, packet) > 0)
        rc = corsaro_per_packet(c, packet);
    trace_destroy_packet(packet);
    trace_destroy(t);
    if (corsaro_finalize_output(c) != 0)
        rc = -1;
    if (rc != 0)
        snprintf(err, errlen, "%s", corsaro_error(c));
    corsaro_free(c);
    return rc;
}

static const char *const ft_dos[] = {"flowtuple", "dos", NULL};

/* One record read from a corsaro file, copied out. */
typedef struct rec {
    corsaro_in_record_type_t type;
    corsaro_interval_t iv;
    uint32_t count;
    corsaro_dos_attack_vector_in_t vec;
    corsaro_dos_global_header_t glob;
} rec_t;

/* Reads every record of @p path. @return the number read */
static int read_records(const char *path, rec_t *out, int max)
{
    corsaro_in_t *in = corsaro_in_alloc(path);
    corsaro_in_record_t *r;
    corsaro_in_record_type_t type;
    off_t n;
    int cnt = 0;

    assert_non_null(in);
    if (corsaro_in_start(in) != 0) {
        fprintf(stderr, "%s\n", corsaro_in_error(in));
        fail();
    }
    r = corsaro_in_alloc_record(in);
    while ((n = corsaro_in_read_record(in, &type, r)) > 0) {
        void *d = corsaro_in_get_record_data(r);
        assert_true(cnt < max);
        memset(&out[cnt], 0, sizeof(out[cnt]));
        out[cnt].type = type;
        if (type == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START ||
            type == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END)
            out[cnt].iv = *(corsaro_interval_t *)d;
        else if (type == CORSARO_IN_RECORD_TYPE_DOS_HEADER)
            out[cnt].count = ((corsaro_dos_header_t *)d)->attack_vector_cnt;
        else if (type == CORSARO_IN_RECORD_TYPE_DOS_ATTACK_VECTOR)
            out[cnt].vec = *(corsaro_dos_attack_vector_in_t *)d;
        else if (type == CORSARO_IN_RECORD_TYPE_DOS_GLOBAL_HEADER)
            out[cnt].glob = *(corsaro_dos_global_header_t *)d;
        cnt++;
    }
    if (n != 0)
        fprintf(stderr, "%s\n", corsaro_in_error(in));
    assert_int_equal(n, 0);
    corsaro_in_free_record(r);
    corsaro_in_free(in);
    return cnt;
}

static void assert_interval(const rec_t *r, corsaro_in_record_type_t type,
                            uint16_t number, uint32_t time)
{
    assert_int_equal(r->type, type);
    assert_int_equal(r->iv.number, number);
    assert_int_equal(r->iv.time, time);
}

/* A report at interval 4 (ends 1299 = first start - 1 + 300), none at the
 * run's end (1399), so close_output writes the extra final report. */
static void test_reports_and_final_report(void **st)
{
    char trace[512], tmpl[512], path[512], err[1024];
    rec_t r[64];
    int n, i, dos_blocks = 0;
    (void)st;

    snprintf(trace, sizeof(trace), "%s/a.pcap", scratch);
    write_trace(trace, 1399);
    snprintf(tmpl, sizeof(tmpl), "%s/a.%%P.cors", scratch);
    assert_int_equal(run(trace, tmpl, CORSARO_FILE_MODE_BINARY, ft_dos, 0, 0,
                         err, sizeof(err)),
                     0);

    snprintf(path, sizeof(path), "%s/a.dos.cors", scratch);
    n = read_records(path, r, 64);
    assert_int_equal(n, 8);
    /* the periodic report */
    assert_interval(&r[0], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, 4, 1240);
    assert_int_equal(r[1].type, CORSARO_IN_RECORD_TYPE_DOS_HEADER);
    assert_int_equal(r[1].count, 1);
    assert_int_equal(r[2].type, CORSARO_IN_RECORD_TYPE_DOS_ATTACK_VECTOR);
    assert_int_equal(r[2].vec.target_ip, VICTIM_A);
    assert_int_equal(r[2].vec.packet_cnt, 300);
    assert_int_equal(r[2].vec.interval_packet_cnt, 300);
    assert_int_equal(r[2].vec.attacker_ip_cnt, 300);
    assert_int_equal(r[2].vec.interval_attacker_ip_cnt, 300);
    assert_int_equal(r[2].vec.attack_port_cnt, 7);
    assert_int_equal(r[2].vec.target_port_cnt, 1);
    assert_int_equal(r[2].vec.byte_cnt, 300 * 40);
    assert_int_equal(r[2].vec.max_ppm, 60);
    assert_int_equal(r[2].vec.start_time_sec, 1000);
    assert_int_equal(r[2].vec.start_time_usec, 500000);
    assert_int_equal(r[2].vec.latest_time_sec, 1299);
    assert_int_equal(r[2].vec.initial_packet_len, 54);
    assert_interval(&r[3], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 4, 1299);
    /* the extra final report: interval 6 = [1360, 1399] */
    assert_interval(&r[4], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, 6, 1360);
    assert_int_equal(r[5].count, 1);
    assert_int_equal(r[6].vec.target_ip, VICTIM_A);
    assert_int_equal(r[6].vec.packet_cnt, 400);
    assert_int_equal(r[6].vec.interval_packet_cnt, 100);
    assert_int_equal(r[6].vec.interval_attacker_ip_cnt, 100);
    assert_int_equal(r[6].vec.interval_byte_cnt, 100 * 40);
    assert_int_equal(r[6].vec.latest_time_sec, 1399);
    assert_interval(&r[7], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 6, 1399);

    /* the global file: one dos block, inside interval 4 */
    snprintf(path, sizeof(path), "%s/a.global.cors", scratch);
    n = read_records(path, r, 64);
    for (i = 0; i < n; i++) {
        if (r[i].type != CORSARO_IN_RECORD_TYPE_DOS_GLOBAL_HEADER)
            continue;
        dos_blocks++;
        assert_true(i >= 2);
        assert_int_equal(r[i - 1].type, CORSARO_IN_RECORD_TYPE_IO_PLUGIN_START);
        assert_interval(&r[i - 2], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, 4,
                        1240);
        assert_int_equal(r[i + 1].type, CORSARO_IN_RECORD_TYPE_IO_PLUGIN_END);
        assert_interval(&r[i + 2], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 4,
                        1299);
        assert_int_equal(r[i].glob.mismatch_cnt, 1);
        assert_int_equal(r[i].glob.attack_vector_cnt, 1);
        assert_int_equal(r[i].glob.non_attack_vector_cnt, 2); /* B and C */
    }
    assert_int_equal(dos_blocks, 1);
}

/* Two periodic reports (interval 4 ends 1299, interval 9 ends 1599 =
 * the run's last second): the mismatch count restarts after a report,
 * idle vectors expire, and no extra report follows the last one. */
static void test_two_reports(void **st)
{
    char trace[512], tmpl[512], path[512], err[1024];
    rec_t r[64];
    int n, i, blocks = 0;
    (void)st;

    snprintf(trace, sizeof(trace), "%s/f.pcap", scratch);
    write_trace(trace, 1599);
    snprintf(tmpl, sizeof(tmpl), "%s/f.%%P.cors", scratch);
    assert_int_equal(run(trace, tmpl, CORSARO_FILE_MODE_BINARY, ft_dos, 0, 0,
                         err, sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/f.dos.cors", scratch);
    n = read_records(path, r, 64);
    assert_int_equal(n, 8);
    assert_interval(&r[3], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 4, 1299);
    assert_interval(&r[4], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, 9, 1540);
    assert_int_equal(r[6].vec.packet_cnt, 600);
    assert_int_equal(r[6].vec.interval_packet_cnt, 300);
    assert_interval(&r[7], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 9, 1599);

    snprintf(path, sizeof(path), "%s/f.global.cors", scratch);
    n = read_records(path, r, 64);
    for (i = 0; i < n; i++) {
        if (r[i].type != CORSARO_IN_RECORD_TYPE_DOS_GLOBAL_HEADER)
            continue;
        assert_int_equal(r[i].glob.attack_vector_cnt, 1);
        if (blocks++ == 0) {
            assert_int_equal(r[i].glob.mismatch_cnt, 1);
            assert_int_equal(r[i].glob.non_attack_vector_cnt, 2);
        } else {
            assert_interval(&r[i - 2], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START,
                            9, 1540);
            assert_int_equal(r[i].glob.mismatch_cnt, 0);
            /* B (last seen 1102) and C (1010) expired by 1599 */
            assert_int_equal(r[i].glob.non_attack_vector_cnt, 0);
        }
    }
    assert_int_equal(blocks, 2);
}

/* The same run in ASCII mode: the lines of SPEC 5.6 and 3.2. */
static void test_ascii_mode(void **st)
{
    char trace[512], tmpl[512], path[512], err[1024];
    char *text;
    (void)st;

    snprintf(trace, sizeof(trace), "%s/b.pcap", scratch);
    write_trace(trace, 1399);
    snprintf(tmpl, sizeof(tmpl), "%s/b.%%P.txt", scratch);
    assert_int_equal(run(trace, tmpl, CORSARO_FILE_MODE_ASCII, ft_dos, 0, 0,
                         err, sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/b.dos.txt", scratch);
    text = slurp(path);
    assert_non_null(text);
    assert_string_equal(text,
                        "# CORSARO_INTERVAL_START 4 1240\n"
                        "1\n"
                        "198.51.100.20,300,300,7,1,300,300,12000,12000,60,"
                        "1000.500000,1299.500000\n"
                        "# CORSARO_INTERVAL_END 4 1299\n"
                        "# CORSARO_INTERVAL_START 6 1360\n"
                        "1\n"
                        "198.51.100.20,400,100,7,1,400,100,16000,4000,60,"
                        "1000.500000,1399.500000\n"
                        "# CORSARO_INTERVAL_END 6 1399\n");
    free(text);
    snprintf(path, sizeof(path), "%s/b.global.txt", scratch);
    text = slurp(path);
    assert_non_null(text);
    assert_non_null(strstr(text, "# CORSARO_INTERVAL_START 4 1240\n"
                                 "# CORSARO_PLUGIN_DATA_START dos\n"
                                 "mismatch: 1\n"
                                 "attack_vectors: 1\n"
                                 "non-attack_vectors: 2\n"
                                 "# CORSARO_PLUGIN_DATA_END dos\n"
                                 "# CORSARO_INTERVAL_END 4 1299\n"));
    /* exactly one block: the final report has none */
    assert_null(strstr(strstr(text, "DATA_END dos") + 1, "DATA_START dos"));
    free(text);
}

/* A run shorter than 300 s: v2 wrote an empty dos file; we write the
 * final report. */
static void test_short_run(void **st)
{
    char trace[512], tmpl[512], path[512], err[1024];
    rec_t r[16];
    (void)st;

    snprintf(trace, sizeof(trace), "%s/c.pcap", scratch);
    write_trace(trace, 1100);
    snprintf(tmpl, sizeof(tmpl), "%s/c.%%P.cors", scratch);
    assert_int_equal(run(trace, tmpl, CORSARO_FILE_MODE_BINARY, ft_dos, 0, 0,
                         err, sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/c.dos.cors", scratch);
    assert_int_equal(read_records(path, r, 16), 4);
    assert_interval(&r[0], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, 1, 1060);
    assert_int_equal(r[1].count, 1);
    assert_int_equal(r[2].vec.target_ip, VICTIM_A);
    assert_int_equal(r[2].vec.packet_cnt, 101);
    assert_interval(&r[3], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 1, 1100);
}

/* -r 5: the report at interval 4 closes the file; interval 5 opens the
 * next one, which receives the final report. No global file (-G). */
static void test_rotation_no_global(void **st)
{
    char trace[512], tmpl[512], path[512], err[1024];
    rec_t r[16];
    (void)st;

    snprintf(trace, sizeof(trace), "%s/d.pcap", scratch);
    write_trace(trace, 1399);
    snprintf(tmpl, sizeof(tmpl), "%s/d.%%P.%%s.cors", scratch);
    assert_int_equal(run(trace, tmpl, CORSARO_FILE_MODE_BINARY, ft_dos, 5, 1,
                         err, sizeof(err)),
                     0);
    snprintf(path, sizeof(path), "%s/d.dos.1000.cors", scratch);
    assert_int_equal(read_records(path, r, 16), 4);
    assert_interval(&r[3], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, 4, 1299);
    snprintf(path, sizeof(path), "%s/d.dos.1300.cors", scratch);
    assert_int_equal(read_records(path, r, 16), 4);
    assert_interval(&r[0], CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START, 6, 1360);
    assert_int_equal(r[2].vec.packet_cnt, 400);
    snprintf(path, sizeof(path), "%s/d.global.1000.cors", scratch);
    assert_int_equal(access(path, F_OK), -1);
}

/* dos needs flowtuple before it. */
static void test_requires_flowtuple(void **st)
{
    static const char *const dos_only[] = {"dos", NULL};
    static const char *const dos_first[] = {"dos", "flowtuple", NULL};
    char trace[512], tmpl[512], err[1024];
    (void)st;

    snprintf(trace, sizeof(trace), "%s/e.pcap", scratch);
    write_trace(trace, 1010);
    snprintf(tmpl, sizeof(tmpl), "%s/e.%%P.cors", scratch);
    assert_int_equal(run(trace, tmpl, CORSARO_FILE_MODE_BINARY, dos_only, 0, 0,
                         err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "flowtuple"));
    assert_int_equal(run(trace, tmpl, CORSARO_FILE_MODE_BINARY, dos_first, 0, 0,
                         err, sizeof(err)),
                     -1);
    assert_non_null(strstr(err, "flowtuple"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reports_and_final_report),
        cmocka_unit_test(test_two_reports),
        cmocka_unit_test(test_ascii_mode),
        cmocka_unit_test(test_short_run),
        cmocka_unit_test(test_rotation_no_global),
        cmocka_unit_test(test_requires_flowtuple),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
