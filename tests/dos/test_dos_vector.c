/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The dos algorithm without I/O (plugins/dos/dos_vector.c, dos_set.c):
 * keying, the ppm window, the attack thresholds, expiry, the sweep. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "dos_internal.h"
#include "dos_test_packets.h"

/* ---- helpers ---- */

/* Keys @p len bytes of Ethernet frame through libtrace. */
static int key_bytes(const uint8_t *buf, size_t len, corsaro_dos_key_t *key)
{
    libtrace_packet_t *packet = trace_create_packet();
    int rc;
    assert_non_null(packet);
    trace_construct_packet(packet, TRACE_TYPE_ETH, buf, (uint16_t)len);
    rc = corsaro__dos_key_from_packet(packet, key);
    trace_destroy_packet(packet);
    return rc;
}

static struct timeval tv_at(long sec, long usec)
{
    struct timeval tv;
    tv.tv_sec = sec;
    tv.tv_usec = usec;
    return tv;
}

/* Adds one packet for target @p target at @p sec.@p usec from attacker
 * @p attacker (port 1000 -> 80, 40 bytes). */
static void add_pkt(corsaro_dos_table_t *table, uint32_t target,
                    uint32_t attacker, long sec, long usec)
{
    static const uint8_t pkt[4] = {1, 2, 3, 4};
    corsaro_dos_key_t key;
    struct timeval tv = tv_at(sec, usec);
    memset(&key, 0, sizeof(key));
    key.target_ip = target;
    key.attacker_ip = attacker;
    key.attacker_port = 1000;
    key.target_port = 80;
    key.ip_len = 40;
    assert_int_equal(corsaro__dos_table_update(table, &key, &tv, pkt,
                                               sizeof(pkt)),
                     0);
}

#define VICTIM IP4(198, 51, 100, 20)
#define TELESCOPE IP4(44, 1, 2, 3)

/* ---- keying (SPEC 5.2) ---- */

static void test_tcp_keying(void **st)
{
    uint8_t buf[128];
    corsaro_dos_key_t key;
    (void)st;
    size_t n = tp_tcp(buf, VICTIM, TELESCOPE, 80, 40000, 0x12);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, VICTIM);       /* outer source */
    assert_int_equal(key.attacker_ip, TELESCOPE);  /* outer destination */
    assert_int_equal(key.attacker_port, 40000);    /* destination port */
    assert_int_equal(key.target_port, 80);         /* source port */
    assert_int_equal(key.ip_len, 40);
    assert_int_equal(key.mismatch, 0);
}

static void test_udp_keying(void **st)
{
    uint8_t buf[128];
    corsaro_dos_key_t key;
    (void)st;
    size_t n = tp_udp(buf, VICTIM, TELESCOPE, 53, 33434);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, VICTIM);
    assert_int_equal(key.attacker_port, 33434);
    assert_int_equal(key.target_port, 53);
    assert_int_equal(key.ip_len, 28);
}

static void test_keying_ignores(void **st)
{
    uint8_t buf[128];
    corsaro_dos_key_t key;
    size_t n;
    (void)st;

    /* TCP with only 3 bytes of header captured */
    n = tp_tcp(buf, VICTIM, TELESCOPE, 80, 40000, 0x12);
    assert_int_equal(key_bytes(buf, 14 + 20 + 3, &key), CORSARO_DOS_KEY_IGNORE);
    /* but 4 bytes are enough */
    assert_int_equal(key_bytes(buf, 14 + 20 + 4, &key), CORSARO_DOS_KEY_OK);
    /* source 0.0.0.0 */
    n = tp_tcp(buf, 0, TELESCOPE, 80, 40000, 0x12);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_IGNORE);
    /* a non-first fragment has no transport header */
    n = tp_tcp(buf, VICTIM, TELESCOPE, 80, 40000, 0x12);
    tp_put16(buf + 14 + 6, 0x0010);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_IGNORE);
    /* other protocols (GRE) */
    n = tp_tcp(buf, VICTIM, TELESCOPE, 80, 40000, 0x12);
    buf[14 + 9] = 47;
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_IGNORE);
    /* not IPv4 */
    n = tp_tcp(buf, VICTIM, TELESCOPE, 80, 40000, 0x12);
    tp_put16(buf + 12, 0x86dd);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_IGNORE);
    /* ICMP with a single byte */
    n = tp_icmp(buf, VICTIM, TELESCOPE, 0, 0);
    assert_int_equal(key_bytes(buf, 14 + 20 + 1, &key), CORSARO_DOS_KEY_IGNORE);
    assert_int_equal(key_bytes(buf, 14 + 20 + 2, &key), CORSARO_DOS_KEY_OK);
    (void)n;
}

static void test_icmp_quoted_keying(void **st)
{
    uint8_t buf[256];
    corsaro_dos_key_t key;
    uint32_t router = IP4(100, 64, 2, 3);
    uint32_t victim = IP4(192, 0, 2, 30);
    size_t n;
    (void)st;

    /* unreachable quoting the attacker's UDP datagram: the target is the
     * quoted destination, the ports are the quoted ports */
    n = tp_icmp_error(buf, router, TELESCOPE, 3, 3, 4, TELESCOPE, victim, 17,
                      33434, 53, 8);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, victim);
    assert_int_equal(key.attacker_ip, TELESCOPE);
    assert_int_equal(key.attacker_port, 33434); /* quoted source port */
    assert_int_equal(key.target_port, 53);      /* quoted destination port */
    assert_int_equal(key.mismatch, 0);
    assert_int_equal(key.ip_len, 20 + 8 + 20 + 8);

    /* time exceeded whose quoted source is not the outer destination */
    n = tp_icmp_error(buf, router, TELESCOPE, 11, 0, 4, IP4(44, 9, 9, 9),
                      victim, 6, 1234, 80, 8);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, victim);
    assert_int_equal(key.mismatch, 1);

    /* a quote without its transport header: ports 0 */
    n = tp_icmp_error(buf, router, TELESCOPE, 3, 1, 4, TELESCOPE, victim, 17,
                      9, 9, 3);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, victim);
    assert_int_equal(key.attacker_port, 0);
    assert_int_equal(key.target_port, 0);

    /* quoted destination 0.0.0.0: dropped, but the mismatch counts */
    n = tp_icmp_error(buf, router, TELESCOPE, 3, 1, 4, IP4(1, 1, 1, 1), 0, 17,
                      9, 9, 8);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_IGNORE);
    assert_int_equal(key.mismatch, 1);

    /* quoted IP version 6: unusable quote, the responder is the target and
     * type/code stand in for ports (byte-swapped, as v2) */
    n = tp_icmp_error(buf, router, TELESCOPE, 3, 3, 6, TELESCOPE, victim, 17,
                      9, 9, 8);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, router);
    assert_int_equal(key.attacker_port, 0x0300); /* code 3 */
    assert_int_equal(key.target_port, 0x0300);   /* type 3 */

    /* a quote shorter than an IP header: unusable */
    n = tp_icmp_error(buf, router, TELESCOPE, 3, 3, 4, TELESCOPE, victim, 17,
                      9, 9, 0);
    assert_int_equal(key_bytes(buf, n - 1, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, router);

    /* echo reply: not a quoting type */
    n = tp_icmp(buf, victim, TELESCOPE, 0, 0);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, victim);
    assert_int_equal(key.attacker_port, 0);
    assert_int_equal(key.target_port, 0);
    /* source quench (4) and redirect (5), parameter problem (12) quote */
    n = tp_icmp_error(buf, router, TELESCOPE, 12, 0, 4, TELESCOPE, victim, 6,
                      1, 2, 8);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, victim);
    /* timestamp reply (14) does not */
    n = tp_icmp_error(buf, router, TELESCOPE, 14, 0, 4, TELESCOPE, victim, 6,
                      1, 2, 8);
    assert_int_equal(key_bytes(buf, n, &key), CORSARO_DOS_KEY_OK);
    assert_int_equal(key.target_ip, router);
    assert_int_equal(key.target_port, 0x0e00);
}

/* 65,537 mismatching ICMP errors: v2's u16 counter would read 1. */
static void test_mismatch_past_65535(void **st)
{
    uint8_t buf[256];
    corsaro_dos_table_t table = {0};
    libtrace_packet_t *packet = trace_create_packet();
    uint32_t i;
    size_t n;
    (void)st;

    n = tp_icmp_error(buf, IP4(100, 64, 2, 3), TELESCOPE, 3, 3, 4,
                      IP4(44, 9, 9, 9), IP4(192, 0, 2, 30), 17, 1, 2, 8);
    trace_construct_packet(packet, TRACE_TYPE_ETH, buf, (uint16_t)n);
    for (i = 0; i < 65537; i++)
        assert_int_equal(corsaro__dos_table_packet(&table, packet), 0);
    assert_int_equal(table.mismatch_cnt, 65537);
    assert_int_equal(corsaro__dos_table_count(&table), 1);
    assert_int_equal(corsaro__dos_table_find(&table, IP4(192, 0, 2, 30))
                         ->packet_cnt,
                     65537);

    /* a matching quote does not count */
    n = tp_icmp_error(buf, IP4(100, 64, 2, 3), TELESCOPE, 3, 3, 4, TELESCOPE,
                      IP4(192, 0, 2, 30), 17, 1, 2, 8);
    trace_construct_packet(packet, TRACE_TYPE_ETH, buf, (uint16_t)n);
    assert_int_equal(corsaro__dos_table_packet(&table, packet), 0);
    assert_int_equal(table.mismatch_cnt, 65537);

    /* a mismatch whose quoted destination is 0.0.0.0 counts, though the
     * packet makes no vector */
    n = tp_icmp_error(buf, IP4(100, 64, 2, 3), TELESCOPE, 3, 3, 4,
                      IP4(44, 9, 9, 9), 0, 17, 1, 2, 8);
    trace_construct_packet(packet, TRACE_TYPE_ETH, buf, (uint16_t)n);
    assert_int_equal(corsaro__dos_table_packet(&table, packet), 0);
    assert_int_equal(table.mismatch_cnt, 65538);
    assert_int_equal(corsaro__dos_table_count(&table), 1);
    trace_destroy_packet(packet);
    corsaro__dos_table_free(&table);
}

/* The vector keeps a copy of the first packet's captured bytes. */
static void test_initial_packet_copied(void **st)
{
    uint8_t buf[128];
    corsaro_dos_table_t table = {0};
    libtrace_packet_t *packet = trace_create_packet();
    corsaro_dos_vector_t *v;
    size_t n;
    (void)st;

    n = tp_tcp(buf, VICTIM, TELESCOPE, 80, 40000, 0x12);
    trace_construct_packet(packet, TRACE_TYPE_ETH, buf, (uint16_t)n);
    assert_int_equal(corsaro__dos_table_packet(&table, packet), 0);
    /* a second packet does not replace it */
    tp_tcp(buf, VICTIM, IP4(44, 7, 7, 7), 443, 1, 0x14);
    trace_construct_packet(packet, TRACE_TYPE_ETH, buf, (uint16_t)n);
    assert_int_equal(corsaro__dos_table_packet(&table, packet), 0);
    v = corsaro__dos_table_find(&table, VICTIM);
    assert_non_null(v);
    assert_int_equal(v->initial_packet_len, n);
    tp_tcp(buf, VICTIM, TELESCOPE, 80, 40000, 0x12);
    assert_memory_equal(v->initial_packet, buf, n);
    assert_int_equal(v->packet_cnt, 2);
    assert_int_equal(v->byte_cnt, 80);
    assert_int_equal(v->attacker_ips.count, 2);
    assert_int_equal(v->attack_ports.count, 2);
    assert_int_equal(v->target_ports.count, 2);
    trace_destroy_packet(packet);
    corsaro__dos_table_free(&table);
}

/* ---- the ppm window (SPEC 5.3 step 4) ---- */

static corsaro_dos_vector_t *vec(corsaro_dos_table_t *t)
{
    corsaro_dos_vector_t *v = corsaro__dos_table_find(t, VICTIM);
    assert_non_null(v);
    return v;
}

static void test_window_same_bucket(void **st)
{
    corsaro_dos_table_t t = {0};
    long s;
    (void)st;
    for (s = 100; s < 110; s++)
        add_pkt(&t, VICTIM, TELESCOPE, s, 0);
    assert_int_equal(vec(&t)->ppm_cur, 0);
    assert_int_equal(vec(&t)->ppm_buckets[0], 10);
    assert_int_equal(corsaro__dos_window_sum(vec(&t)), 10);
    assert_int_equal(vec(&t)->max_ppm, 0); /* only raised when it moves */
    corsaro__dos_table_free(&t);
}

static void test_window_moves(void **st)
{
    corsaro_dos_table_t t = {0};
    (void)st;
    add_pkt(&t, VICTIM, TELESCOPE, 100, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 110, 0); /* k = 1 */
    assert_int_equal(vec(&t)->max_ppm, 1);
    assert_int_equal(vec(&t)->ppm_cur, 1);
    add_pkt(&t, VICTIM, TELESCOPE, 120, 0);
    assert_int_equal(vec(&t)->max_ppm, 2);
    assert_int_equal(corsaro__dos_window_sum(vec(&t)), 3);
    assert_int_equal(vec(&t)->window_start, 120);
    corsaro__dos_table_free(&t);
}

/* The bucket start advances by whole buckets, not to the packet time. */
static void test_window_start_is_bucket_aligned(void **st)
{
    corsaro_dos_table_t t = {0};
    (void)st;
    add_pkt(&t, VICTIM, TELESCOPE, 0, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 19, 0); /* k = 1: bucket [10, 20) */
    assert_int_equal(vec(&t)->window_start, 10);
    add_pkt(&t, VICTIM, TELESCOPE, 28, 0); /* k = 1 again: [20, 30) */
    assert_int_equal(vec(&t)->window_start, 20);
    assert_int_equal(vec(&t)->ppm_cur, 2);
    assert_int_equal(vec(&t)->max_ppm, 2);
    corsaro__dos_table_free(&t);
}

/* A gap of 6 buckets or more clears the whole window. */
static void test_window_gap_clears(void **st)
{
    corsaro_dos_table_t t = {0};
    (void)st;
    add_pkt(&t, VICTIM, TELESCOPE, 0, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 1, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 2, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 75, 0); /* k = 7 */
    assert_int_equal(vec(&t)->max_ppm, 3);
    assert_int_equal(corsaro__dos_window_sum(vec(&t)), 1);
    assert_int_equal(vec(&t)->window_start, 70);
    assert_int_equal(vec(&t)->ppm_cur, 0); /* moved 6 times, not 7 */
    /* a gap of 3 buckets clears 3 */
    add_pkt(&t, VICTIM, TELESCOPE, 100, 0);
    assert_int_equal(vec(&t)->ppm_cur, 3);
    assert_int_equal(corsaro__dos_window_sum(vec(&t)), 2);
    corsaro__dos_table_free(&t);
}

/* 60 s of one packet every 2 s fill the window with 30; the next bucket
 * drops the oldest 5. */
static void test_window_slides(void **st)
{
    corsaro_dos_table_t t = {0};
    long s;
    (void)st;
    for (s = 0; s < 60; s += 2)
        add_pkt(&t, VICTIM, TELESCOPE, s, 0);
    assert_int_equal(corsaro__dos_window_sum(vec(&t)), 30);
    assert_int_equal(vec(&t)->max_ppm, 25);
    add_pkt(&t, VICTIM, TELESCOPE, 60, 0);
    assert_int_equal(vec(&t)->max_ppm, 30);
    assert_int_equal(corsaro__dos_window_sum(vec(&t)), 26);
    corsaro__dos_table_free(&t);
}

/* Out-of-order packets go to the current bucket (truncating division). */
static void test_window_out_of_order(void **st)
{
    corsaro_dos_table_t t = {0};
    (void)st;
    add_pkt(&t, VICTIM, TELESCOPE, 100, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 125, 0); /* bucket [120, 130) */
    add_pkt(&t, VICTIM, TELESCOPE, 105, 0); /* -15 / 10 = -1: current */
    add_pkt(&t, VICTIM, TELESCOPE, 50, 0);
    assert_int_equal(vec(&t)->window_start, 120);
    assert_int_equal(vec(&t)->ppm_buckets[vec(&t)->ppm_cur], 3);
    assert_int_equal(vec(&t)->latest_time.tv_sec, 50); /* latest = last seen */
    corsaro__dos_table_free(&t);
}

/* ---- the attack test (SPEC 5.5) ---- */

/* A vector with the given totals, built field by field. */
static corsaro_dos_vector_t make_vec(uint64_t packets, long start_sec,
                                     long start_usec, long latest_sec,
                                     long latest_usec, uint64_t max_ppm)
{
    corsaro_dos_vector_t v;
    memset(&v, 0, sizeof(v));
    v.packet_cnt = packets;
    v.start_time = tv_at(start_sec, start_usec);
    v.latest_time = tv_at(latest_sec, latest_usec);
    v.max_ppm = max_ppm;
    return v;
}

static void test_threshold_packets(void **st)
{
    corsaro_dos_vector_t v;
    (void)st;
    v = make_vec(24, 0, 0, 100, 0, 100);
    assert_int_equal(corsaro__dos_is_attack(&v), 0);
    v = make_vec(25, 0, 0, 100, 0, 100);
    assert_int_equal(corsaro__dos_is_attack(&v), 1);
}

static void test_threshold_duration(void **st)
{
    corsaro_dos_vector_t v;
    (void)st;
    /* 59.999999 s: the microseconds borrow a second */
    v = make_vec(100, 1000, 500000, 1060, 499999, 100);
    assert_int_equal(corsaro__dos_is_attack(&v), 0);
    v = make_vec(100, 1000, 0, 1059, 999999, 100);
    assert_int_equal(corsaro__dos_is_attack(&v), 0);
    v = make_vec(100, 1000, 500000, 1060, 500000, 100);
    assert_int_equal(corsaro__dos_is_attack(&v), 1);
    v = make_vec(100, 1000, 0, 1060, 0, 100);
    assert_int_equal(corsaro__dos_is_attack(&v), 1);
}

static void test_threshold_ppm(void **st)
{
    corsaro_dos_vector_t v;
    (void)st;
    v = make_vec(100, 0, 0, 100, 0, 29);
    assert_int_equal(corsaro__dos_is_attack(&v), 0);
    assert_int_equal(v.max_ppm, 29);
    v = make_vec(100, 0, 0, 100, 0, 30);
    assert_int_equal(corsaro__dos_is_attack(&v), 1);
    /* the current window counts too, and raises max_ppm */
    v = make_vec(100, 0, 0, 100, 0, 0);
    v.ppm_buckets[0] = 10;
    v.ppm_buckets[5] = 19;
    assert_int_equal(corsaro__dos_is_attack(&v), 0);
    assert_int_equal(v.max_ppm, 29);
    v.ppm_buckets[3] = 1;
    assert_int_equal(corsaro__dos_is_attack(&v), 1);
    assert_int_equal(v.max_ppm, 30);
    /* but not when an earlier test failed: max_ppm stays */
    v = make_vec(24, 0, 0, 100, 0, 0);
    v.ppm_buckets[0] = 50;
    assert_int_equal(corsaro__dos_is_attack(&v), 0);
    assert_int_equal(v.max_ppm, 0);
}

/* The same thresholds through real packet sequences. */
static void test_thresholds_from_packets(void **st)
{
    corsaro_dos_table_t t = {0};
    long s;
    (void)st;
    /* 30 packets in the first 30 s, one at 61 s: 31 packets, 61 s, 30 ppm */
    for (s = 0; s < 30; s++)
        add_pkt(&t, VICTIM, TELESCOPE, 1000 + s, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 1061, 0);
    assert_int_equal(corsaro__dos_is_attack(vec(&t)), 1);
    assert_int_equal(vec(&t)->max_ppm, 30);
    corsaro__dos_table_free(&t);

    /* 29 then one: 29 ppm at most */
    for (s = 0; s < 29; s++)
        add_pkt(&t, VICTIM, TELESCOPE, 1000 + s, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 1061, 0);
    assert_int_equal(corsaro__dos_is_attack(vec(&t)), 0);
    assert_int_equal(vec(&t)->max_ppm, 29);
    corsaro__dos_table_free(&t);

    /* 40 packets within 59 s: too short */
    for (s = 0; s < 40; s++)
        add_pkt(&t, VICTIM, TELESCOPE, 1000 + s, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 1059, 999999);
    assert_int_equal(corsaro__dos_is_attack(vec(&t)), 0);
    add_pkt(&t, VICTIM, TELESCOPE, 1060, 0);
    assert_int_equal(corsaro__dos_is_attack(vec(&t)), 1);
    corsaro__dos_table_free(&t);
}

static void test_out_of_order_is_attack(void **st)
{
    corsaro_dos_table_t t = {0};
    corsaro_dos_sweep_t sw;
    int i;
    (void)st;
    /* 25 packets, the last 24 earlier than the first: negative duration,
     * low rate, still an attack (v2's error value) */
    add_pkt(&t, VICTIM, TELESCOPE, 2000, 500000);
    for (i = 0; i < 24; i++)
        add_pkt(&t, VICTIM, TELESCOPE, 2000, 400000);
    assert_int_equal(corsaro__dos_is_attack(vec(&t)), 1);
    corsaro__dos_table_sweep(&t, 2059, &sw);
    assert_int_equal(sw.attack_cnt, 1);
    assert_ptr_equal(sw.attacks, vec(&t));
    corsaro__dos_table_free(&t);

    /* 24 such packets are not enough */
    add_pkt(&t, VICTIM, TELESCOPE, 2000, 0);
    for (i = 0; i < 23; i++)
        add_pkt(&t, VICTIM, TELESCOPE, 1900, 0);
    assert_int_equal(corsaro__dos_is_attack(vec(&t)), 0);
    corsaro__dos_table_free(&t);
}

/* ---- expiry (SPEC 5.3 step 1, 5.5 step 1) ---- */

static void test_expiry_on_update(void **st)
{
    corsaro_dos_table_t t = {0};
    (void)st;
    add_pkt(&t, VICTIM, TELESCOPE, 1000, 0);
    add_pkt(&t, VICTIM, TELESCOPE, 1300, 999999); /* 1000 + 300 < 1300: no */
    assert_int_equal(vec(&t)->packet_cnt, 2);
    add_pkt(&t, VICTIM, TELESCOPE, 1601, 0); /* 1300 + 300 < 1601: expired */
    assert_int_equal(vec(&t)->packet_cnt, 1);
    assert_int_equal(vec(&t)->start_time.tv_sec, 1601);
    assert_int_equal(corsaro__dos_table_count(&t), 1);
    corsaro__dos_table_free(&t);
}

static void test_expiry_on_sweep(void **st)
{
    corsaro_dos_table_t t = {0};
    corsaro_dos_sweep_t sw;
    (void)st;
    add_pkt(&t, VICTIM, TELESCOPE, 1000, 0);
    corsaro__dos_table_sweep(&t, 1300, &sw);
    assert_int_equal(corsaro__dos_table_count(&t), 1);
    assert_int_equal(sw.non_attack_cnt, 1);
    corsaro__dos_table_sweep(&t, 1301, &sw);
    assert_int_equal(corsaro__dos_table_count(&t), 0);
    assert_int_equal(sw.non_attack_cnt, 0);
    assert_int_equal(sw.attack_cnt, 0);
    assert_null(sw.attacks);
}

/* A sweep lists attacks, resets the others, drops the expired. */
static void test_sweep(void **st)
{
    corsaro_dos_table_t t = {0};
    corsaro_dos_sweep_t sw;
    corsaro_dos_vector_t *v;
    corsaro_dos_attack_vector_in_t rec;
    long s;
    (void)st;
    /* attack: 40 packets from 40 attackers over 80 s */
    for (s = 0; s < 40; s++)
        add_pkt(&t, IP4(10, 0, 0, 1), IP4(44, 0, 0, (uint32_t)s), 1000 + 2 * s,
                0);
    /* not an attack: 3 packets */
    for (s = 0; s < 3; s++)
        add_pkt(&t, IP4(10, 0, 0, 2), IP4(44, 0, 1, (uint32_t)s), 1050 + s, 0);
    /* expired by the end time */
    add_pkt(&t, IP4(10, 0, 0, 3), TELESCOPE, 700, 0);

    corsaro__dos_table_sweep(&t, 1100, &sw);
    assert_int_equal(sw.attack_cnt, 1);
    assert_int_equal(sw.non_attack_cnt, 1);
    assert_int_equal(corsaro__dos_table_count(&t), 2);
    assert_null(corsaro__dos_table_find(&t, IP4(10, 0, 0, 3)));
    assert_non_null(sw.attacks);
    assert_int_equal(sw.attacks->target_ip, IP4(10, 0, 0, 1));
    assert_null(sw.attacks->next_attack);
    /* the attack keeps its interval counters for the writer */
    assert_int_equal(sw.attacks->interval_packet_cnt, 40);
    /* the other was reset */
    v = corsaro__dos_table_find(&t, IP4(10, 0, 0, 2));
    assert_int_equal(v->interval_packet_cnt, 0);
    assert_int_equal(v->interval_byte_cnt, 0);
    assert_int_equal(v->baseline_attacker_ips, 3);

    /* after the writer's reset, new attackers count from the baseline */
    corsaro__dos_vector_reset_interval(sw.attacks);
    add_pkt(&t, IP4(10, 0, 0, 1), IP4(44, 0, 0, 1), 1101, 0);  /* known */
    add_pkt(&t, IP4(10, 0, 0, 1), IP4(44, 9, 9, 9), 1102, 0);  /* new */
    corsaro__dos_vector_to_record(corsaro__dos_table_find(&t, IP4(10, 0, 0, 1)),
                                  &rec);
    assert_int_equal(rec.attacker_ip_cnt, 41);
    assert_int_equal(rec.interval_attacker_ip_cnt, 1);
    assert_int_equal(rec.packet_cnt, 42);
    assert_int_equal(rec.interval_packet_cnt, 2);
    assert_int_equal(rec.byte_cnt, 42 * 40);
    assert_int_equal(rec.interval_byte_cnt, 80);
    corsaro__dos_table_free(&t);
}

/* ---- the compact set ---- */

static void test_set(void **st)
{
    corsaro_dos_set_t s;
    uint32_t i;
    (void)st;
    memset(&s, 0, sizeof(s));
    assert_int_equal(corsaro__dos_set_add(&s, 0), 1);
    assert_int_equal(corsaro__dos_set_add(&s, 0), 0);
    assert_int_equal(corsaro__dos_set_add(&s, 7), 1);
    assert_int_equal(corsaro__dos_set_add(&s, 7), 0);
    assert_int_equal(s.count, 2);
    assert_null(s.slots); /* still inline */
    /* consecutive values, as addresses often are */
    for (i = 0; i < 100000; i++)
        assert_int_equal(corsaro__dos_set_add(&s, 1000 + 3 * i), 1);
    for (i = 0; i < 100000; i++)
        assert_int_equal(corsaro__dos_set_add(&s, 1000 + 3 * i), 0);
    for (i = 0; i < 100000; i++) {
        assert_int_equal(corsaro__dos_set_contains(&s, 1000 + 3 * i), 1);
        assert_int_equal(corsaro__dos_set_contains(&s, 1001 + 3 * i), 0);
    }
    assert_int_equal(corsaro__dos_set_contains(&s, 0), 1);
    assert_int_equal(corsaro__dos_set_contains(&s, 7), 1);
    assert_int_equal(s.count, 100000 + 2);
    assert_true(s.cap < 4 * 100000);
    corsaro__dos_set_free(&s);
    assert_int_equal(s.count, 0);
    assert_int_equal(corsaro__dos_set_contains(&s, 7), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp_keying),
        cmocka_unit_test(test_udp_keying),
        cmocka_unit_test(test_keying_ignores),
        cmocka_unit_test(test_icmp_quoted_keying),
        cmocka_unit_test(test_mismatch_past_65535),
        cmocka_unit_test(test_initial_packet_copied),
        cmocka_unit_test(test_window_same_bucket),
        cmocka_unit_test(test_window_moves),
        cmocka_unit_test(test_window_start_is_bucket_aligned),
        cmocka_unit_test(test_window_gap_clears),
        cmocka_unit_test(test_window_slides),
        cmocka_unit_test(test_window_out_of_order),
        cmocka_unit_test(test_threshold_packets),
        cmocka_unit_test(test_threshold_duration),
        cmocka_unit_test(test_threshold_ppm),
        cmocka_unit_test(test_thresholds_from_packets),
        cmocka_unit_test(test_out_of_order_is_attack),
        cmocka_unit_test(test_expiry_on_update),
        cmocka_unit_test(test_expiry_on_sweep),
        cmocka_unit_test(test_sweep),
        cmocka_unit_test(test_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
