/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* In-place anonymisation of IPv4 packets (plugins/anon/anon_ip.c): every
 * checksum is recomputed from scratch here, independently of the plugin's
 * incremental updates, and must verify afterwards; the header quoted in
 * ICMP errors is rewritten consistently with the outer one; fragments,
 * truncated captures and UDP's "no checksum" are respected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "anon_ip.h"
#include "cryptopan.h"
#include "cryptopan_vectors.h"

/* ---- independent checksum arithmetic ---- */

static uint32_t sum_bytes(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    return sum;
}

static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)sum;
}

/* 1 if the region with its checksum sums to 0xffff (valid). */
static int region_ok(const uint8_t *p, size_t len)
{
    return fold(sum_bytes(0, p, len)) == 0xffff;
}

/* TCP/UDP: pseudo-header (src, dst, 0, proto, length) + segment. */
static int l4_ok(const uint8_t *ip, const uint8_t *l4, size_t len, uint8_t proto)
{
    uint32_t sum = sum_bytes(0, ip + 12, 8);
    sum += proto;
    sum += (uint32_t)len;
    return fold(sum_bytes(sum, l4, len)) == 0xffff;
}

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)), put16(p + 2, (uint16_t)v); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }

static void set_csum(uint8_t *field, uint32_t sum)
{
    put16(field, 0);
    put16(field, (uint16_t)~fold(sum));
}

/* ---- packet builders: each writes valid checksums ---- */

#define S_ADDR 0xc6336401u /* 198.51.100.1, the far host */
#define D_ADDR 0x2c010203u /* 44.1.2.3, the telescope */
#define T_ADDR 0xcb00710au /* 203.0.113.10, what the quoted packet aimed at */

/* An IPv4 header of 20 bytes; returns its length. */
static size_t ip_header(uint8_t *ip, uint32_t src, uint32_t dst, uint8_t proto,
                        size_t payload, uint16_t frag)
{
    memset(ip, 0, 20);
    ip[0] = 0x45;
    put16(ip + 2, (uint16_t)(20 + payload));
    put16(ip + 4, 0x1234);
    put16(ip + 6, frag);
    ip[8] = 64;
    ip[9] = proto;
    put32(ip + 12, src);
    put32(ip + 16, dst);
    set_csum(ip + 10, sum_bytes(0, ip, 20));
    return 20;
}

static void l4_csum(uint8_t *ip, uint8_t *l4, size_t len, uint8_t proto, size_t at)
{
    uint32_t sum = sum_bytes(0, ip + 12, 8) + proto + (uint32_t)len;
    put16(l4 + at, 0);
    set_csum(l4 + at, sum_bytes(sum, l4, len));
}

/* TCP SYN with @p data bytes of payload. */
static size_t tcp_packet(uint8_t *p, uint32_t src, uint32_t dst, size_t data)
{
    uint8_t *t = p + 20;
    ip_header(p, src, dst, 6, 20 + data, 0);
    memset(t, 0, 20 + data);
    put16(t, 40000), put16(t + 2, 80);
    put32(t + 4, 0x01020304);
    t[12] = 0x50, t[13] = 0x02;
    put16(t + 14, 65535);
    for (size_t i = 0; i < data; i++)
        t[20 + i] = (uint8_t)(i * 7 + 1);
    l4_csum(p, t, 20 + data, 6, 16);
    return 40 + data;
}

static size_t udp_packet(uint8_t *p, uint32_t src, uint32_t dst, size_t data,
                         int with_csum)
{
    uint8_t *u = p + 20;
    ip_header(p, src, dst, 17, 8 + data, 0);
    put16(u, 5353), put16(u + 2, 53);
    put16(u + 4, (uint16_t)(8 + data));
    put16(u + 6, 0);
    for (size_t i = 0; i < data; i++)
        u[8 + i] = (uint8_t)(i * 13 + 5);
    if (with_csum)
        l4_csum(p, u, 8 + data, 17, 6);
    return 28 + data;
}

/* An ICMP error of @p type from @p router to @p host quoting @p quote_len
 * bytes of packet @p quoted. */
static size_t icmp_error(uint8_t *p, uint8_t type, uint32_t router, uint32_t host,
                         const uint8_t *quoted, size_t quote_len)
{
    uint8_t *ic = p + 20;
    ip_header(p, router, host, 1, 8 + quote_len, 0);
    memset(ic, 0, 8);
    ic[0] = type;
    memcpy(ic + 8, quoted, quote_len);
    set_csum(ic + 2, sum_bytes(0, ic, 8 + quote_len));
    return 28 + quote_len;
}

/* ---- the maps ---- */

static uint32_t map_xor(void *ctx, uint32_t a)
{
    (void)ctx;
    return a ^ 0x5a5a0f0fu; /* any bijection: checksums do not care */
}

static uint32_t map_cpan(void *ctx, uint32_t a)
{
    return cryptopan_anon(ctx, a);
}

static anon_map_t both = {map_xor, NULL, 1, 1};

/* ---- tests ---- */

static void test_tcp(void **s)
{
    (void)s;
    uint8_t p[200];
    size_t n = tcp_packet(p, S_ADDR, D_ADDR, 33); /* odd payload length */
    assert_int_equal(anon_ipv4(p, n, &both), 1);
    assert_int_equal(get32(p + 12), S_ADDR ^ 0x5a5a0f0fu);
    assert_int_equal(get32(p + 16), D_ADDR ^ 0x5a5a0f0fu);
    assert_true(region_ok(p, 20));
    assert_true(l4_ok(p, p + 20, n - 20, 6));
}

static void test_udp(void **s)
{
    (void)s;
    uint8_t p[200];
    size_t n = udp_packet(p, S_ADDR, D_ADDR, 17, 1);
    anon_map_t src_only = {map_xor, NULL, 1, 0};
    assert_int_equal(anon_ipv4(p, n, &src_only), 1);
    assert_int_equal(get32(p + 12), S_ADDR ^ 0x5a5a0f0fu);
    assert_int_equal(get32(p + 16), D_ADDR);
    assert_true(region_ok(p, 20));
    assert_true(l4_ok(p, p + 20, n - 20, 17));
}

static void test_udp_without_checksum_stays_without(void **s)
{
    (void)s;
    uint8_t p[200];
    size_t n = udp_packet(p, S_ADDR, D_ADDR, 4, 0);
    assert_int_equal(anon_ipv4(p, n, &both), 1);
    assert_int_equal(get16(p + 26), 0);
    assert_true(region_ok(p, 20));
}

/* A UDP checksum that becomes 0 is written 0xffff (0 means "none"). */
static uint32_t map_fixed(void *ctx, uint32_t a)
{
    (void)a;
    return *(uint32_t *)ctx;
}

static void test_udp_checksum_zero_becomes_ffff(void **s)
{
    (void)s;
    uint8_t p[64];
    /* pick the payload word so that, after the rewrite, the computed
     * checksum is 0 */
    uint32_t new_src = 0x0a000001u;
    anon_map_t m = {map_fixed, &new_src, 1, 0};
    int found = 0;
    for (uint32_t w = 0; w < 65536 && !found; w++) {
        size_t n = udp_packet(p, S_ADDR, D_ADDR, 2, 1);
        put16(p + 28, (uint16_t)w);
        l4_csum(p, p + 20, 10, 17, 6);
        if (get16(p + 26) == 0)
            continue; /* cannot happen before: would read as "none" */
        uint8_t q[64];
        memcpy(q, p, n);
        put32(q + 12, new_src);
        l4_csum(q, q + 20, 10, 17, 6);
        if (get16(q + 26) != 0)
            continue;
        /* found: computed afresh, the rewritten checksum would be 0 */
        assert_int_equal(anon_ipv4(p, n, &m), 1);
        assert_int_equal(get16(p + 26), 0xffff);
        assert_true(l4_ok(p, p + 20, 10, 17));
        found = 1;
    }
    assert_true(found);
}

static void test_icmp_echo_untouched_payload(void **s)
{
    (void)s;
    uint8_t p[100], before[100];
    uint8_t *ic = p + 20;
    ip_header(p, S_ADDR, D_ADDR, 1, 16, 0);
    memset(ic, 0, 16);
    ic[0] = 8;
    memcpy(ic + 8, "\x45\x00\x00\x1c\xaa\xbb\xcc\xdd", 8); /* looks like IP */
    set_csum(ic + 2, sum_bytes(0, ic, 16));
    memcpy(before, p, 36);
    assert_int_equal(anon_ipv4(p, 36, &both), 1);
    assert_memory_equal(p + 20, before + 20, 16); /* echo: nothing quoted */
    assert_true(region_ok(p, 20));
    assert_true(region_ok(p + 20, 16));
}

/* Error about a UDP packet host -> target, fully quoted (no payload), so
 * every quoted checksum can be recomputed. */
static size_t quoted_udp_error(uint8_t *p, uint8_t type)
{
    uint8_t orig[64];
    size_t qn = udp_packet(orig, D_ADDR, T_ADDR, 0, 1);
    return icmp_error(p, type, S_ADDR, D_ADDR, orig, qn);
}

static void check_error_sums(const uint8_t *p, size_t n)
{
    const uint8_t *q = p + 28;
    assert_true(region_ok(p, 20));
    assert_true(region_ok(p + 20, n - 20)); /* ICMP over the whole message */
    assert_true(region_ok(q, 20));          /* the quoted IP header */
    uint8_t proto = q[9];
    assert_true(l4_ok(q, q + 20, n - 48, proto));
}

static void test_icmp_errors_quoted_udp(void **s)
{
    (void)s;
    const uint8_t types[] = {3, 4, 5, 11, 12};
    for (size_t i = 0; i < sizeof(types); i++) {
        uint8_t p[200];
        size_t n = quoted_udp_error(p, types[i]);
        assert_int_equal(anon_ipv4(p, n, &both), 1);
        check_error_sums(p, n);
        const uint8_t *q = p + 28;
        assert_int_equal(get32(q + 12), D_ADDR ^ 0x5a5a0f0fu);
        assert_int_equal(get32(q + 16), T_ADDR ^ 0x5a5a0f0fu);
    }
}

static void test_icmp_error_quoted_tcp_with_checksum(void **s)
{
    (void)s;
    uint8_t orig[64], p[200];
    size_t qn = tcp_packet(orig, D_ADDR, T_ADDR, 0); /* 40 bytes: all quoted */
    size_t n = icmp_error(p, 11, S_ADDR, D_ADDR, orig, qn);
    assert_int_equal(anon_ipv4(p, n, &both), 1);
    check_error_sums(p, n);
}

/* The usual 8 quoted transport bytes: the quoted TCP checksum is not there,
 * the ICMP and quoted IP checksums still verify. */
static void test_icmp_error_short_quote(void **s)
{
    (void)s;
    uint8_t orig[64], p[200];
    tcp_packet(orig, D_ADDR, T_ADDR, 0);
    size_t n = icmp_error(p, 3, S_ADDR, D_ADDR, orig, 28);
    assert_int_equal(anon_ipv4(p, n, &both), 1);
    assert_true(region_ok(p, 20));
    assert_true(region_ok(p + 20, n - 20));
    assert_true(region_ok(p + 28, 20));
    assert_memory_equal(p + 48, orig + 20, 8); /* ports, seq untouched */
}

/* The quoted packet went host -> target; the error goes router -> host.
 * -s (outer source, the far side) maps the quoted destination; -d (outer
 * destination, the host) maps the quoted source: one host, one address. */
static void test_quoted_roles(void **s)
{
    (void)s;
    cryptopan_t *c = cryptopan_new(cpan_sample_key);
    uint8_t p[200];
    anon_map_t maps[3] = {{map_cpan, c, 1, 0}, {map_cpan, c, 0, 1}, {map_cpan, c, 1, 1}};
    for (int i = 0; i < 3; i++) {
        size_t n = quoted_udp_error(p, 3);
        assert_int_equal(anon_ipv4(p, n, &maps[i]), 1);
        check_error_sums(p, n);
        uint32_t want_s = maps[i].src ? cryptopan_anon(c, S_ADDR) : S_ADDR;
        uint32_t want_d = maps[i].dst ? cryptopan_anon(c, D_ADDR) : D_ADDR;
        uint32_t want_t = maps[i].src ? cryptopan_anon(c, T_ADDR) : T_ADDR;
        assert_int_equal(get32(p + 12), want_s);
        assert_int_equal(get32(p + 16), want_d);
        assert_int_equal(get32(p + 28 + 12), want_d); /* quoted src = host */
        assert_int_equal(get32(p + 28 + 16), want_t);
    }
    cryptopan_free(c);
}

static void test_later_fragment_keeps_payload(void **s)
{
    (void)s;
    uint8_t p[100], before[100];
    ip_header(p, S_ADDR, D_ADDR, 6, 40, 0x0003); /* offset 24 bytes */
    for (int i = 20; i < 60; i++)
        p[i] = (uint8_t)i;
    memcpy(before, p, 60);
    assert_int_equal(anon_ipv4(p, 60, &both), 1);
    assert_memory_equal(p + 20, before + 20, 40);
    assert_true(region_ok(p, 20));
}

static void test_truncated_captures(void **s)
{
    (void)s;
    uint8_t p[200], before[200];
    size_t n = tcp_packet(p, S_ADDR, D_ADDR, 10);
    memcpy(before, p, n);
    /* 19 bytes: the destination is not all there: left alone */
    assert_int_equal(anon_ipv4(p, 19, &both), 0);
    assert_memory_equal(p, before, n);
    /* 34 bytes: the TCP checksum (bytes 36-37) is not captured */
    assert_int_equal(anon_ipv4(p, 34, &both), 1);
    assert_true(region_ok(p, 20));
    assert_memory_equal(p + 20, before + 20, n - 20);
    /* truncated ICMP error: quoted header incomplete, outer still fixed */
    size_t e = quoted_udp_error(p, 3);
    memcpy(before, p, e);
    assert_int_equal(anon_ipv4(p, 40, &both), 1);
    assert_true(region_ok(p, 20));
    assert_memory_equal(p + 20, before + 20, 20);
}

static void test_not_ipv4(void **s)
{
    (void)s;
    uint8_t p[60] = {0x60};
    uint8_t before[60];
    memcpy(before, p, 60);
    assert_int_equal(anon_ipv4(p, 60, &both), 0);
    assert_memory_equal(p, before, 60);
}

static void test_ip_options_header(void **s)
{
    (void)s;
    uint8_t p[200];
    /* 24-byte header (one NOP option word), UDP after it */
    memset(p, 0, sizeof(p));
    p[0] = 0x46;
    put16(p + 2, 24 + 12);
    p[8] = 9, p[9] = 17;
    put32(p + 12, S_ADDR), put32(p + 16, D_ADDR);
    memset(p + 20, 1, 4);
    set_csum(p + 10, sum_bytes(0, p, 24));
    uint8_t *u = p + 24;
    put16(u, 1), put16(u + 2, 2), put16(u + 4, 12);
    memcpy(u + 8, "abcd", 4);
    {
        uint32_t sum = sum_bytes(0, p + 12, 8) + 17 + 12;
        set_csum(u + 6, sum_bytes(sum, u, 12));
    }
    assert_int_equal(anon_ipv4(p, 36, &both), 1);
    assert_true(region_ok(p, 24));
    assert_true(l4_ok(p, u, 12, 17));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp),
        cmocka_unit_test(test_udp),
        cmocka_unit_test(test_udp_without_checksum_stays_without),
        cmocka_unit_test(test_udp_checksum_zero_becomes_ffff),
        cmocka_unit_test(test_icmp_echo_untouched_payload),
        cmocka_unit_test(test_icmp_errors_quoted_udp),
        cmocka_unit_test(test_icmp_error_quoted_tcp_with_checksum),
        cmocka_unit_test(test_icmp_error_short_quote),
        cmocka_unit_test(test_quoted_roles),
        cmocka_unit_test(test_later_fragment_keeps_payload),
        cmocka_unit_test(test_truncated_captures),
        cmocka_unit_test(test_not_ipv4),
        cmocka_unit_test(test_ip_options_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
