/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The dos records (plugins/dos/dos_format.c) against hand-computed byte
 * layouts, and the initial-packet decode (dos_decode.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "dos_internal.h"
#include "dos_test_packets.h"

/* Every field a different value, so a swapped or misplaced field shows. */
static corsaro_dos_attack_vector_in_t sample_record(void)
{
    static const uint8_t pkt[3] = {0xaa, 0xbb, 0xcc};
    corsaro_dos_attack_vector_in_t r;
    memset(&r, 0, sizeof(r));
    r.target_ip = IP4(198, 51, 100, 20); /* c6 33 64 14 */
    r.attacker_ip_cnt = 0x01020304;
    r.interval_attacker_ip_cnt = 5;
    r.attack_port_cnt = 6;
    r.target_port_cnt = 7;
    r.packet_cnt = 0x0000000100000002ull;
    r.interval_packet_cnt = 9;
    r.byte_cnt = 0x0a0b0c0d0e0f1011ull;
    r.interval_byte_cnt = 0x12131415;
    r.max_ppm = 30;
    r.start_time_sec = 1704067207; /* 65 92 00 87 */
    r.start_time_usec = 251665;    /* 00 03 d7 11 */
    r.latest_time_sec = 1704067506; /* 65 92 01 b2 */
    r.latest_time_usec = 894154;    /* 00 0d a4 ca */
    r.initial_packet_len = 3;
    r.initial_packet = pkt;
    return r;
}

/* SPEC 5.6, offset by offset. */
static const uint8_t sample_bytes[CORSARO_DOS_VECTOR_RECORD_LEN] = {
    /*  0 target_ip */ 0xc6, 0x33, 0x64, 0x14,
    /*  4 attacker_ip_cnt */ 0x01, 0x02, 0x03, 0x04,
    /*  8 interval_attacker_ip_cnt */ 0x00, 0x00, 0x00, 0x05,
    /* 12 attack_port_cnt */ 0x00, 0x00, 0x00, 0x06,
    /* 16 target_port_cnt */ 0x00, 0x00, 0x00, 0x07,
    /* 20 packet_cnt */ 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
    /* 28 interval_packet_cnt */ 0x00, 0x00, 0x00, 0x09,
    /* 32 byte_cnt */ 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
    /* 40 interval_byte_cnt */ 0x12, 0x13, 0x14, 0x15,
    /* 44 max_ppm */ 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1e,
    /* 52 start sec */ 0x65, 0x92, 0x00, 0x87,
    /* 56 start usec */ 0x00, 0x03, 0xd7, 0x11,
    /* 60 latest sec */ 0x65, 0x92, 0x01, 0xb2,
    /* 64 latest usec */ 0x00, 0x0d, 0xa4, 0xca,
    /* 68 initial_packet_len */ 0x00, 0x00, 0x00, 0x03,
};

static void test_encode_vector_layout(void **st)
{
    corsaro_dos_attack_vector_in_t r = sample_record();
    uint8_t out[CORSARO_DOS_VECTOR_RECORD_LEN];
    (void)st;
    memset(out, 0xee, sizeof(out));
    corsaro__dos_encode_vector(&r, out);
    assert_memory_equal(out, sample_bytes, sizeof(sample_bytes));
}

static void test_decode_vector(void **st)
{
    corsaro_dos_attack_vector_in_t want = sample_record();
    corsaro_dos_attack_vector_in_t got;
    (void)st;
    memset(&got, 0x55, sizeof(got));
    corsaro__dos_decode_vector(sample_bytes, &got);
    assert_int_equal(got.target_ip, want.target_ip);
    assert_int_equal(got.attacker_ip_cnt, want.attacker_ip_cnt);
    assert_int_equal(got.interval_attacker_ip_cnt, want.interval_attacker_ip_cnt);
    assert_int_equal(got.attack_port_cnt, want.attack_port_cnt);
    assert_int_equal(got.target_port_cnt, want.target_port_cnt);
    assert_int_equal(got.packet_cnt, want.packet_cnt);
    assert_int_equal(got.interval_packet_cnt, want.interval_packet_cnt);
    assert_int_equal(got.byte_cnt, want.byte_cnt);
    assert_int_equal(got.interval_byte_cnt, want.interval_byte_cnt);
    assert_int_equal(got.max_ppm, want.max_ppm);
    assert_int_equal(got.start_time_sec, want.start_time_sec);
    assert_int_equal(got.start_time_usec, want.start_time_usec);
    assert_int_equal(got.latest_time_sec, want.latest_time_sec);
    assert_int_equal(got.latest_time_usec, want.latest_time_usec);
    assert_int_equal(got.initial_packet_len, want.initial_packet_len);
    assert_null(got.initial_packet);
}

static void test_vector_ascii(void **st)
{
    corsaro_dos_attack_vector_in_t r = sample_record();
    char buf[256];
    int n;
    (void)st;
    n = corsaro__dos_format_vector_ascii(&r, buf, sizeof(buf));
    assert_int_equal(n, (int)strlen(buf));
    assert_string_equal(buf, "198.51.100.20,16909060,5,6,7,4294967298,9,"
                             "723685415333072913,303240213,30,"
                             "1704067207.251665,1704067506.894154\n");
}

/* A record v2 wrote (golden darknet-synthetic-a, first vector of the
 * first report) decodes to the line v2's cors2ascii printed. */
static void test_v2_record(void **st)
{
    static const uint8_t v2[CORSARO_DOS_VECTOR_RECORD_LEN] = {
        0xc6, 0x12, 0x00, 0x32, 0x00, 0x00, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x4b,
        0x00, 0x00, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x4b, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x10, 0x68, 0x00, 0x00, 0x10, 0x68, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x21, 0x65, 0x92, 0x01, 0x14, 0x00, 0x02, 0x0b, 0x0b,
        0x65, 0x92, 0x01, 0xb1, 0x00, 0x01, 0x52, 0x17, 0x00, 0x00, 0x00, 0x46,
    };
    corsaro_dos_attack_vector_in_t r;
    uint8_t again[CORSARO_DOS_VECTOR_RECORD_LEN];
    char buf[256];
    (void)st;
    corsaro__dos_decode_vector(v2, &r);
    assert_int_equal(r.initial_packet_len, 70);
    assert_true(corsaro__dos_format_vector_ascii(&r, buf, sizeof(buf)) > 0);
    assert_string_equal(buf, "198.18.0.50,75,75,75,1,75,75,4200,4200,33,"
                             "1704067348.133899,1704067505.086551\n");
    corsaro__dos_encode_vector(&r, again);
    assert_memory_equal(again, v2, sizeof(v2));
}

static void test_vector_ascii_small_buffer(void **st)
{
    corsaro_dos_attack_vector_in_t r = sample_record();
    char buf[20];
    (void)st;
    assert_int_equal(corsaro__dos_format_vector_ascii(&r, buf, sizeof(buf)), -1);
}

static void test_global_record(void **st)
{
    corsaro_dos_global_header_t g = {70000, 5, 2}, back;
    static const uint8_t want[12] = {0x00, 0x01, 0x11, 0x70, 0, 0, 0, 5,
                                     0, 0, 0, 2};
    uint8_t out[12];
    char buf[128];
    (void)st;
    corsaro__dos_encode_global(&g, out);
    assert_memory_equal(out, want, sizeof(want));
    corsaro__dos_decode_global(out, &back);
    assert_int_equal(back.mismatch_cnt, 70000);
    assert_int_equal(back.attack_vector_cnt, 5);
    assert_int_equal(back.non_attack_vector_cnt, 2);
    assert_true(corsaro__dos_format_global_ascii(&g, buf, sizeof(buf)) > 0);
    assert_string_equal(buf, "mismatch: 70000\nattack_vectors: 5\n"
                             "non-attack_vectors: 2\n");
}

/* ---- the packet decode ---- */

static void test_decode_tcp(void **st)
{
    uint8_t pkt[128];
    char out[CORSARO_DOS_DECODE_MAX];
    size_t n = tp_tcp(pkt, IP4(198, 51, 100, 20), IP4(44, 1, 2, 3), 80, 40000,
                      0x12);
    int len;
    (void)st;
    len = corsaro__dos_decode_packet(pkt, (uint32_t)n, out, sizeof(out));
    assert_int_equal(len, (int)strlen(out));
    assert_string_equal(out, "eth.dst: 00:1b:21:aa:bb:cc\n"
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
                             "tcp.flags: 0x12 (SYN,ACK)\n");
}

static void test_decode_icmp_error(void **st)
{
    uint8_t pkt[128];
    char out[CORSARO_DOS_DECODE_MAX];
    size_t n = tp_icmp_error(pkt, IP4(100, 64, 2, 3), IP4(44, 1, 2, 3), 11, 0,
                             4, IP4(44, 1, 2, 3), IP4(192, 0, 2, 30), 17, 33434,
                             53, 8);
    (void)st;
    assert_true(corsaro__dos_decode_packet(pkt, (uint32_t)n, out,
                                           sizeof(out)) > 0);
    assert_string_equal(out, "eth.dst: 00:1b:21:aa:bb:cc\n"
                             "eth.src: 00:1c:73:11:22:33\n"
                             "eth.type: 0x0800\n"
                             "ip.src: 100.64.2.3\n"
                             "ip.dst: 44.1.2.3\n"
                             "ip.proto: 1 (icmp)\n"
                             "ip.ttl: 250\n"
                             "ip.len: 56\n"
                             "ip.id: 4660\n"
                             "icmp.type: 11 (time-exceeded)\n"
                             "icmp.code: 0\n"
                             "icmp.quoted.ip.src: 44.1.2.3\n"
                             "icmp.quoted.ip.dst: 192.0.2.30\n"
                             "icmp.quoted.ip.proto: 17 (udp)\n"
                             "icmp.quoted.ip.ttl: 2\n"
                             "icmp.quoted.ip.len: 28\n"
                             "icmp.quoted.ip.id: 4660\n"
                             "icmp.quoted.udp.src_port: 33434\n"
                             "icmp.quoted.udp.dst_port: 53\n"
                             "icmp.quoted.udp.len: 8\n");
}

static void test_decode_vlan_udp(void **st)
{
    uint8_t pkt[128], tagged[132];
    char out[CORSARO_DOS_DECODE_MAX];
    size_t n = tp_udp(pkt, IP4(10, 0, 0, 1), IP4(44, 1, 2, 3), 53, 1234);
    (void)st;
    /* insert an 802.1Q tag (VLAN 100) after the MAC addresses */
    memcpy(tagged, pkt, 12);
    tp_put16(tagged + 12, 0x8100);
    tp_put16(tagged + 14, 100);
    memcpy(tagged + 16, pkt + 12, n - 12);
    assert_true(corsaro__dos_decode_packet(tagged, (uint32_t)n + 4, out,
                                           sizeof(out)) > 0);
    assert_non_null(strstr(out, "eth.type: 0x8100\nl3.type: 0x0800\n"
                                "ip.src: 10.0.0.1\n"));
    assert_non_null(strstr(out, "udp.src_port: 53\nudp.dst_port: 1234\n"
                                "udp.len: 8\n"));
}

static void test_decode_truncated(void **st)
{
    uint8_t pkt[128];
    char out[CORSARO_DOS_DECODE_MAX];
    size_t n = tp_tcp(pkt, IP4(198, 51, 100, 20), IP4(44, 1, 2, 3), 80, 40000,
                      0x12);
    size_t cut;
    (void)st;
    assert_true(corsaro__dos_decode_packet(pkt, 10, out, sizeof(out)) > 0);
    assert_string_equal(out, "eth: truncated (10 bytes)\n");
    assert_true(corsaro__dos_decode_packet(pkt, 30, out, sizeof(out)) > 0);
    assert_non_null(strstr(out, "eth.type: 0x0800\nip: truncated (16 bytes)\n"));
    assert_true(corsaro__dos_decode_packet(pkt, 14 + 20 + 2, out,
                                           sizeof(out)) > 0);
    assert_non_null(strstr(out, "tcp: truncated (2 bytes)\n"));
    /* no flags line when the flags byte is missing */
    assert_true(corsaro__dos_decode_packet(pkt, 14 + 20 + 13, out,
                                           sizeof(out)) > 0);
    assert_non_null(strstr(out, "tcp.dst_port: 40000\n"));
    assert_null(strstr(out, "tcp.flags"));
    /* every cut is safe (run under ASan) */
    for (cut = 0; cut <= n; cut++)
        assert_true(corsaro__dos_decode_packet(pkt, (uint32_t)cut, out,
                                               sizeof(out)) >= 0);
    /* and a small output buffer truncates, NUL-terminated */
    assert_int_equal(corsaro__dos_decode_packet(pkt, (uint32_t)n, out, 8), 7);
    assert_string_equal(out, "eth.dst");
}

static void test_decode_not_ip(void **st)
{
    uint8_t pkt[64];
    char out[CORSARO_DOS_DECODE_MAX];
    (void)st;
    memset(pkt, 0, sizeof(pkt));
    tp_eth(pkt, 0x0806); /* ARP */
    assert_true(corsaro__dos_decode_packet(pkt, sizeof(pkt), out,
                                           sizeof(out)) > 0);
    assert_non_null(strstr(out, "eth.type: 0x0806\n"));
    assert_non_null(strstr(out, "ethertype 0x0806 not decoded\n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_vector_layout),
        cmocka_unit_test(test_decode_vector),
        cmocka_unit_test(test_vector_ascii),
        cmocka_unit_test(test_v2_record),
        cmocka_unit_test(test_vector_ascii_small_buffer),
        cmocka_unit_test(test_global_record),
        cmocka_unit_test(test_decode_tcp),
        cmocka_unit_test(test_decode_icmp_error),
        cmocka_unit_test(test_decode_vlan_udp),
        cmocka_unit_test(test_decode_truncated),
        cmocka_unit_test(test_decode_not_ip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
