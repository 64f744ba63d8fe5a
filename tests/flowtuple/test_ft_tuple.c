/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Packet -> tuple and class (SPEC 4.2), on raw frames wrapped in libtrace
 * packets. Every case checks the fast path (one trace_get_layer3 call and
 * our own transport parsing) against the expected values AND against the
 * v2-style path that asks libtrace's accessors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <libtrace.h>

#include "ft_internal.h"
#include "ft_test_util.h"

enum { BS = CORSARO_FLOWTUPLE_CLASS_BACKSCATTER,
       REQ = CORSARO_FLOWTUPLE_CLASS_ICMPREQ,
       OTHER = CORSARO_FLOWTUPLE_CLASS_OTHER };

static libtrace_packet_t *pkt;
static uint8_t frame[2048];

static int setup(void **state)
{
    (void)state;
    pkt = trace_create_packet();
    return pkt != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    trace_destroy_packet(pkt);
    return 0;
}

/* Runs both paths on the frame; they must agree. @return the class */
static int classify_frame(const ft_frame_t *f, const ft_keyopts_t *opts,
                          ft_item_t *out)
{
    size_t len = ft_frame_build(f, frame);
    ft_item_t ref;

    trace_construct_packet(pkt, TRACE_TYPE_ETH, frame, (uint16_t)len);
    int cls = corsaro__ft_packet_tuple(pkt, opts, out);
    /* a fresh packet, so the reference does not see cached headers */
    trace_construct_packet(pkt, TRACE_TYPE_ETH, frame, (uint16_t)len);
    int ref_cls = corsaro__ft_packet_libtrace(pkt, opts, &ref);
    assert_int_equal(cls, ref_cls);
    if (cls >= 0)
        assert_memory_equal(out->key, ref.key, FT_KEY_LEN);
    return cls;
}

static uint16_t key_u16(const ft_item_t *it, int off)
{
    return (uint16_t)(it->key[off] << 8 | it->key[off + 1]);
}

static ft_frame_t base_frame(uint8_t proto, const uint8_t *l4, size_t l4len)
{
    ft_frame_t f;
    memset(&f, 0, sizeof(f));
    f.proto = proto;
    f.ttl = 64;
    memcpy(f.src, "\x01\x02\x03\x04", 4);
    memcpy(f.dst, "\x2c\x06\x07\x08", 4);
    f.l4 = l4;
    f.l4len = l4len;
    return f;
}

static void test_tcp_every_flag_combination(void **state)
{
    uint8_t tcp[20];
    ft_item_t it;
    (void)state;

    for (int flags = 0; flags < 256; flags++) {
        ft_tcp_header(tcp, 80, 1234, (uint8_t)flags);
        ft_frame_t f = base_frame(6, tcp, sizeof(tcp));
        int cls = classify_frame(&f, NULL, &it);
        int syn_ack = (flags & 0x12) == 0x12;
        int rst = (flags & 0x04) != 0;
        assert_int_equal(cls, syn_ack || rst ? BS : OTHER);
        assert_int_equal(it.key[FT_K_FLAGS], flags);
        assert_int_equal(key_u16(&it, FT_K_SPORT), 80);
        assert_int_equal(key_u16(&it, FT_K_DPORT), 1234);
        assert_int_equal(it.key[FT_K_PROTO], 6);
        assert_int_equal(it.key[FT_K_TTL], 64);
        assert_memory_equal(it.key + FT_K_SRC, "\x01\x02\x03\x04", 4);
        assert_memory_equal(it.key + FT_K_DST, "\x2c\x06\x07\x08", 4);
        assert_int_equal(key_u16(&it, FT_K_IPLEN), 40);
    }
}

static void test_icmp_every_type(void **state)
{
    static const int bs_types[] = {0, 3, 4, 5, 11, 12, 14, 16, 18};
    uint8_t icmp[8] = {0};
    ft_item_t it;
    (void)state;

    for (int type = 0; type < 256; type++) {
        int expect = REQ;
        for (size_t i = 0; i < sizeof(bs_types) / sizeof(bs_types[0]); i++)
            if (bs_types[i] == type)
                expect = BS;
        icmp[0] = (uint8_t)type;
        icmp[1] = (uint8_t)(type * 7 + 1); /* code */
        ft_frame_t f = base_frame(1, icmp, sizeof(icmp));
        assert_int_equal(classify_frame(&f, NULL, &it), expect);
        assert_int_equal(corsaro__ft_icmp_is_backscatter((uint8_t)type), expect == BS);
        /* type and code as the ports, big-endian u16 */
        assert_int_equal(key_u16(&it, FT_K_SPORT), type);
        assert_int_equal(key_u16(&it, FT_K_DPORT), (uint8_t)(type * 7 + 1));
        assert_int_equal(it.key[FT_K_FLAGS], 0);
    }
}

static void test_short_tcp(void **state)
{
    uint8_t tcp[20];
    ft_item_t it;
    (void)state;

    ft_tcp_header(tcp, 0x1011, 0x1213, 0x12); /* SYN|ACK */
    for (size_t n = 0; n < 20; n++) {
        ft_frame_t f = base_frame(6, tcp, 20);
        f.caplen = 14 + 20 + n; /* only n transport bytes captured */
        int cls = classify_frame(&f, NULL, &it);
        /* the flag byte (13) is only looked at when it was captured */
        assert_int_equal(cls, n >= 14 ? BS : OTHER);
        assert_int_equal(it.key[FT_K_FLAGS], 0); /* no full TCP header */
        assert_int_equal(key_u16(&it, FT_K_SPORT), n >= 2 ? 0x1011 : 0);
        assert_int_equal(key_u16(&it, FT_K_DPORT), n >= 4 ? 0x1213 : 0);
        assert_int_equal(key_u16(&it, FT_K_IPLEN), 40); /* from the header */
    }
}

static void test_short_icmp(void **state)
{
    uint8_t icmp[8] = {3, 1, 0xaa, 0xbb, 1, 2, 3, 4}; /* host unreachable */
    ft_item_t it;
    (void)state;

    for (size_t n = 0; n < 8; n++) {
        ft_frame_t f = base_frame(1, icmp, 8);
        f.caplen = 14 + 20 + n;
        int cls = classify_frame(&f, NULL, &it);
        assert_int_equal(cls, n >= 2 ? BS : OTHER);
        assert_int_equal(key_u16(&it, FT_K_SPORT), 0); /* no ICMP header */
        assert_int_equal(key_u16(&it, FT_K_DPORT), 0);
    }
    icmp[0] = 8; /* echo request */
    ft_frame_t f = base_frame(1, icmp, 8);
    f.caplen = 14 + 20 + 2;
    assert_int_equal(classify_frame(&f, NULL, &it), REQ);
    f.caplen = 0; /* whole header: type and code become the ports */
    assert_int_equal(classify_frame(&f, NULL, &it), REQ);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 8);
    assert_int_equal(key_u16(&it, FT_K_DPORT), 1);
}

static void test_fragments(void **state)
{
    uint8_t tcp[20];
    uint8_t icmp[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    static const uint16_t later[] = {0x0001, 0x2001, 0x00b9, 0x1000, 0x0100,
                                     0x1fff, 0x3fff, 0x4010};
    ft_item_t it;
    (void)state;

    ft_tcp_header(tcp, 80, 1234, 0x12);
    for (size_t i = 0; i < sizeof(later) / sizeof(later[0]); i++) {
        ft_frame_t f = base_frame(6, tcp, 20);
        f.frag = later[i];
        assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
        assert_int_equal(key_u16(&it, FT_K_SPORT), 0);
        assert_int_equal(key_u16(&it, FT_K_DPORT), 0);
        assert_int_equal(it.key[FT_K_FLAGS], 0);
        f = base_frame(1, icmp, 8);
        f.frag = later[i];
        assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
    }
    /* first fragments (MF set, offset 0), DF and the reserved bit are fine */
    static const uint16_t first[] = {0x2000, 0x4000, 0x8000, 0x6000};
    for (size_t i = 0; i < sizeof(first) / sizeof(first[0]); i++) {
        ft_frame_t f = base_frame(6, tcp, 20);
        f.frag = first[i];
        assert_int_equal(classify_frame(&f, NULL, &it), BS);
        assert_int_equal(key_u16(&it, FT_K_SPORT), 80);
        assert_int_equal(it.key[FT_K_FLAGS], 0x12);
    }
}

static void test_no_transport(void **state)
{
    ft_item_t it;
    uint8_t tcp[20];
    (void)state;

    /* an IP header and nothing after it */
    ft_frame_t f = base_frame(6, NULL, 0);
    assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 0);
    assert_int_equal(key_u16(&it, FT_K_IPLEN), 20);
    f = base_frame(1, NULL, 0);
    assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
    /* IP options announced but not captured */
    ft_tcp_header(tcp, 80, 1234, 0x12);
    f = base_frame(6, tcp, 20);
    f.ihl = 15;
    f.caplen = 14 + 40;
    assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 0);
    /* the same options captured: transport after them */
    f.caplen = 0;
    assert_int_equal(classify_frame(&f, NULL, &it), BS);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 80);
}

static void test_udp_and_other_protocols(void **state)
{
    uint8_t l4[8] = {0x00, 0x35, 0xc0, 0x01, 0x00, 0x08, 0x00, 0x00};
    ft_item_t it;
    (void)state;

    ft_frame_t f = base_frame(17, l4, 8);
    assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 53);
    assert_int_equal(key_u16(&it, FT_K_DPORT), 0xc001);
    assert_int_equal(it.key[FT_K_FLAGS], 0);
    /* GRE, ESP, anything: the first two 16-bit words are the "ports" */
    static const uint8_t protos[] = {47, 50, 2, 88, 132, 255, 0};
    for (size_t i = 0; i < sizeof(protos); i++) {
        f = base_frame(protos[i], l4, 8);
        assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
        assert_int_equal(key_u16(&it, FT_K_SPORT), 53);
        assert_int_equal(key_u16(&it, FT_K_DPORT), 0xc001);
        assert_int_equal(it.key[FT_K_PROTO], protos[i]);
    }
    /* 3 bytes: a source port but no destination port */
    f = base_frame(17, l4, 8);
    f.caplen = 14 + 20 + 3;
    assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 53);
    assert_int_equal(key_u16(&it, FT_K_DPORT), 0);
}

static void test_not_ipv4(void **state)
{
    uint8_t tcp[20];
    ft_item_t it;
    (void)state;

    ft_tcp_header(tcp, 80, 1234, 0x12);
    ft_frame_t f = base_frame(6, tcp, 20);
    f.ethertype = 0x86dd; /* IPv6 */
    assert_int_equal(classify_frame(&f, NULL, &it), FT_PARSE_SKIP);
    f.ethertype = 0x0806; /* ARP */
    assert_int_equal(classify_frame(&f, NULL, &it), FT_PARSE_SKIP);
    f = base_frame(6, tcp, 20);
    f.version = 6; /* IPv4 ethertype, wrong version */
    assert_int_equal(classify_frame(&f, NULL, &it), FT_PARSE_SKIP);
    for (size_t cut = 14; cut < 34; cut++) { /* less than a base header */
        f = base_frame(6, tcp, 20);
        f.caplen = cut;
        assert_int_equal(classify_frame(&f, NULL, &it), FT_PARSE_SKIP);
    }
    /* VLAN-tagged IPv4 is IPv4 */
    f = base_frame(6, tcp, 20);
    f.vlan = 1;
    assert_int_equal(classify_frame(&f, NULL, &it), BS);
}

static void test_ip_len_comes_from_the_header(void **state)
{
    uint8_t udp[8] = {0, 1, 0, 2, 0, 8, 0, 0};
    ft_item_t it;
    (void)state;

    ft_frame_t f = base_frame(17, udp, 8);
    f.ip_len = 1500; /* truncated capture of a big packet */
    classify_frame(&f, NULL, &it);
    assert_int_equal(key_u16(&it, FT_K_IPLEN), 1500);
}

static void test_slash_eight_key(void **state)
{
    uint8_t udp[8] = {0, 1, 0, 2, 0, 8, 0, 0};
    ft_keyopts_t opts = {1, 44};
    ft_item_t a, b;
    (void)state;

    ft_frame_t f = base_frame(17, udp, 8);
    memcpy(f.dst, "\x0a\x06\x07\x08", 4);
    classify_frame(&f, &opts, &a);
    memcpy(f.dst, "\x2c\x06\x07\x08", 4);
    classify_frame(&f, &opts, &b);
    /* only octets 2-4 count: 10.6.7.8 and 44.6.7.8 are one tuple */
    assert_memory_equal(a.key, b.key, FT_KEY_LEN);
    assert_memory_equal(a.key + FT_K_DST, "\x2c\x06\x07\x08", 4);
}

static void test_ipv6_in_ipv4_uses_libtrace(void **state)
{
    uint8_t l4[40 + 20];
    ft_item_t it;
    (void)state;

    /* IPv4 proto 41 carrying IPv6 carrying TCP SYN|ACK */
    memset(l4, 0, sizeof(l4));
    l4[0] = 0x60;
    l4[5] = 20; /* payload length */
    l4[6] = 6;  /* next header TCP */
    l4[7] = 64;
    ft_tcp_header(l4 + 40, 443, 5555, 0x12);
    ft_frame_t f = base_frame(41, l4, sizeof(l4));
    size_t len = ft_frame_build(&f, frame);
    uint8_t *ip = frame + 14;
    assert_int_equal(corsaro__ft_parse_ipv4(ip, (uint32_t)(len - 14), NULL, &it),
                     FT_PARSE_LIBTRACE);
    int cls = classify_frame(&f, NULL, &it);
    /* libtrace finds the inner TCP header: its ports, its flags */
    assert_int_equal(it.key[FT_K_PROTO], 41);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 443);
    assert_int_equal(key_u16(&it, FT_K_DPORT), 5555);
    assert_int_equal(cls, BS);
}

/* Random headers of every shape: the fast path must equal libtrace's. */
static void test_fast_path_equals_libtrace(void **state)
{
    static const uint8_t protos[] = {1, 6, 17, 47, 50, 41, 0, 2, 255};
    uint64_t seed = 0x9e3779b97f4a7c15ull;
    uint8_t l4[80];
    ft_item_t it;
    int seen[3] = {0, 0, 0};
    (void)state;

    for (int i = 0; i < 200000; i++) {
        uint64_t r = ft_rand(&seed);
        for (size_t j = 0; j < sizeof(l4); j++)
            l4[j] = (uint8_t)(ft_rand(&seed) >> 56);
        ft_frame_t f = base_frame(protos[r % sizeof(protos)], l4, sizeof(l4));
        r >>= 8;
        f.ihl = (uint8_t)((r & 1) ? 5 : (r >> 1) % 16);
        r >>= 5;
        uint16_t fr[] = {0, 0, 0x4000, 0x2000, 0x0001, (uint16_t)(r & 0xffff)};
        f.frag = fr[(r >> 16) % 6];
        r >>= 20;
        f.caplen = (r & 3) ? 14 + 20 + (r >> 2) % 60 : 0;
        r >>= 10;
        f.vlan = (int)(r & 1);
        if (f.vlan && f.caplen)
            f.caplen += 4;
        f.ttl = (uint8_t)(r >> 1);
        if (f.ihl == 0)
            f.ihl = 5;
        int cls = classify_frame(&f, NULL, &it);
        if (cls >= 0)
            seen[cls]++;
    }
    /* the sample exercised every class */
    assert_true(seen[0] > 1000 && seen[1] > 1000 && seen[2] > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tcp_every_flag_combination),
        cmocka_unit_test(test_icmp_every_type),
        cmocka_unit_test(test_short_tcp),
        cmocka_unit_test(test_short_icmp),
        cmocka_unit_test(test_fragments),
        cmocka_unit_test(test_no_transport),
        cmocka_unit_test(test_udp_and_other_protocols),
        cmocka_unit_test(test_not_ipv4),
        cmocka_unit_test(test_ip_len_comes_from_the_header),
        cmocka_unit_test(test_slash_eight_key),
        cmocka_unit_test(test_ipv6_in_ipv4_uses_libtrace),
        cmocka_unit_test(test_fast_path_equals_libtrace),
    };
    return cmocka_run_group_tests_name("flowtuple_tuple", tests, setup, teardown);
}
