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
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libtrace.h>

#include "ft_internal.h"
#include "ft_reference.h"
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

    /* 64 bytes of slack after the capture: libtrace 3.0.22 reads a few
     * bytes past it in IPv6 headers (harmless in its own read buffers,
     * fatal with an exact-size one) */
    trace_construct_packet(pkt, TRACE_TYPE_ETH, frame, (uint16_t)(len + 64));
    trace_set_capture_length(pkt, len);
    int cls = corsaro__ft_packet_tuple(pkt, opts, out);
    /* a fresh packet, so the reference does not see cached headers */
    trace_construct_packet(pkt, TRACE_TYPE_ETH, frame, (uint16_t)(len + 64));
    trace_set_capture_length(pkt, len);
    int ref_cls = ft_reference_tuple(pkt, opts, &ref);
    if (cls != ref_cls || (cls >= 0 && memcmp(out->key, ref.key, FT_KEY_LEN) != 0)) {
        char hex[3 * 200 + 1] = "";
        for (size_t i = 0; i < len && i < 200; i++)
            snprintf(hex + 3 * i, 4, "%02x ", frame[i]);
        print_error("frame (%zu bytes): %s\n", len, hex);
        for (int i = 0; i < FT_KEY_LEN; i++)
            print_error("key[%d] fast %02x libtrace %02x\n", i, out->key[i], ref.key[i]);
        fail_msg("fast path class %d, libtrace class %d", cls, ref_cls);
    }
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
    /* libtrace 3.0.22 gives no ports for ICMPv6, even over IPv4 */
    f = base_frame(58, l4, 8);
    assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 0);
    assert_int_equal(key_u16(&it, FT_K_DPORT), 0);
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

/* IPv4 protocol 41 carrying IPv6: libtrace descends to the inner
 * transport header, through IPv6 extension headers. */
static void test_ipv6_in_ipv4(void **state)
{
    uint8_t l4[40 + 24 + 8 + 20];
    ft_item_t it;
    (void)state;

    /* IPv6 -> TCP SYN|ACK */
    memset(l4, 0, sizeof(l4));
    l4[0] = 0x60;
    l4[6] = 6;
    l4[7] = 64;
    ft_tcp_header(l4 + 40, 443, 5555, 0x12);
    ft_frame_t f = base_frame(41, l4, 60);
    assert_int_equal(classify_frame(&f, NULL, &it), BS);
    assert_int_equal(it.key[FT_K_PROTO], 41);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 443);
    assert_int_equal(key_u16(&it, FT_K_DPORT), 5555);
    assert_int_equal(it.key[FT_K_FLAGS], 0); /* only for IPv4 protocol 6 */

    /* IPv6 -> hop-by-hop (16 bytes) -> fragment -> TCP RST */
    memset(l4, 0, sizeof(l4));
    l4[0] = 0x60;
    l4[6] = 0;
    l4[40] = 44; /* next: fragment */
    l4[41] = 1;  /* 8 + 8 bytes */
    l4[56] = 6;  /* fragment header's next: TCP */
    ft_tcp_header(l4 + 64, 80, 8080, 0x04);
    f = base_frame(41, l4, 84);
    assert_int_equal(classify_frame(&f, NULL, &it), BS);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 80);
    assert_int_equal(key_u16(&it, FT_K_DPORT), 8080);
    /* the same, cut inside the extension headers: no transport */
    for (size_t cut = 0; cut < 64 + 4; cut++) {
        f.caplen = 14 + 20 + cut;
        int cls = classify_frame(&f, NULL, &it);
        if (cut < 64) {
            assert_int_equal(cls, OTHER);
            assert_int_equal(key_u16(&it, FT_K_SPORT), 0);
        }
    }
    /* ESP ends the walk; an inner ICMP has no ports */
    l4[6] = 50;
    f = base_frame(41, l4, 84);
    assert_int_equal(classify_frame(&f, NULL, &it), OTHER);
    l4[6] = 1;
    l4[40] = 0; /* echo reply */
    f = base_frame(41, l4, 84);
    assert_int_equal(classify_frame(&f, NULL, &it), BS);
    assert_int_equal(key_u16(&it, FT_K_SPORT), 0);
    assert_int_equal(key_u16(&it, FT_K_DPORT), 0);
}

/* Runs both paths on the first @p len of @p full bytes (the rest stays
 * in the buffer, past the capture, as in libtrace's own read buffers).
 * @return the class */
static int classify_raw(const uint8_t *bytes, size_t full, size_t len, ft_item_t *out)
{
    ft_item_t ref;
    memset(frame, 0, sizeof(frame));
    memcpy(frame, bytes, full);
    trace_construct_packet(pkt, TRACE_TYPE_ETH, frame, (uint16_t)(len + 64));
    trace_set_capture_length(pkt, len);
    int cls = corsaro__ft_packet_tuple(pkt, NULL, out);
    trace_construct_packet(pkt, TRACE_TYPE_ETH, frame, (uint16_t)(len + 64));
    trace_set_capture_length(pkt, len);
    int ref_cls = ft_reference_tuple(pkt, NULL, &ref);
    assert_int_equal(cls, ref_cls);
    if (cls >= 0)
        assert_memory_equal(out->key, ref.key, FT_KEY_LEN);
    return cls;
}

/* Link layers: stacked 802.1Q tags, tags cut short, MPLS, PPPoE, ARP. */
static void test_link_layers(void **state)
{
    uint8_t tcp[20], ip[40], buf[256];
    ft_item_t it;
    (void)state;

    ft_tcp_header(tcp, 80, 1234, 0x12);
    ft_frame_t f = base_frame(6, tcp, 20);
    uint8_t tmp[2048];
    size_t flen = ft_frame_build(&f, tmp);
    memcpy(ip, tmp + 14, 40); /* the IPv4 header and TCP header */

    static const struct {
        const char *what;
        uint8_t l2[24];
        size_t l2len;
        int expect;
    } cases[] = {
        {"plain", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x00}, 14, BS},
        {"802.1Q", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x81, 0x00, 0, 1, 0x08, 0x00}, 18, BS},
        {"QinQ 802.1Q x2", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x81, 0x00, 0, 1, 0x81, 0x00, 0, 2, 0x08, 0x00}, 22, BS},
        {"802.1ad outer", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0xa8, 0, 1, 0x81, 0x00, 0, 2, 0x08, 0x00}, 22, -2},
        {"MPLS", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x88, 0x47, 0x00, 0x01, 0x01, 0x40}, 18, -2},
        {"ARP", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x08, 0x06}, 14, FT_PARSE_SKIP},
        {"IPv6", {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x86, 0xdd}, 14, FT_PARSE_SKIP},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        memcpy(buf, cases[i].l2, cases[i].l2len);
        memcpy(buf + cases[i].l2len, ip, 40);
        size_t full = cases[i].l2len + 40;
        int cls = classify_raw(buf, full, full, &it);
        if (cases[i].expect != -2 && cls != cases[i].expect)
            fail_msg("%s: class %d, expected %d", cases[i].what, cls, cases[i].expect);
        /* every cut of the link layer and IP header agrees too */
        for (size_t cut = 0; cut < cases[i].l2len + 24; cut++)
            classify_raw(buf, full, cut, &it);
    }
    (void)flen;
}

/* Every IPv4 protocol number with every short payload length, and the
 * IPv6-in-IPv4 inner next headers likewise: libtrace special-cases some
 * (ICMP, ICMPv6, IPv6) and nothing may differ. */
static void test_every_protocol_and_length(void **state)
{
    uint8_t l4[64];
    ft_item_t it;
    (void)state;

    for (int proto = 0; proto < 256; proto++) {
        for (size_t n = 0; n <= 48; n++) {
            for (size_t i = 0; i < sizeof(l4); i++)
                l4[i] = (uint8_t)(0x11 + i);
            if (proto == 41) {
                l4[0] = 0x60;
                l4[6] = (uint8_t)n; /* every next header 0..48 */
            }
            ft_frame_t f = base_frame((uint8_t)proto, l4, sizeof(l4));
            f.caplen = 14 + 20 + (proto == 41 ? 44 : n);
            classify_frame(&f, NULL, &it);
        }
    }
    for (int nxt = 0; nxt < 256; nxt++) {
        for (size_t n = 40; n <= 64; n++) {
            memset(l4, 0x22, sizeof(l4));
            l4[0] = 0x60;
            l4[6] = (uint8_t)nxt;
            ft_frame_t f = base_frame(41, l4, sizeof(l4));
            f.caplen = 14 + 20 + n;
            classify_frame(&f, NULL, &it);
        }
    }
}

/* Random headers of every shape: the fast path must equal libtrace's. */
static void test_fast_path_equals_libtrace(void **state)
{
    static const uint8_t protos[] = {1, 6, 17, 47, 50, 41, 58, 0, 2, 255};
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
        if (f.proto == 41) {
            /* an IPv6 header, maybe extension headers */
            static const uint8_t nxt[] = {0, 43, 44, 50, 51, 60, 6, 17, 1, 58};
            l4[0] = 0x60;
            l4[6] = nxt[ft_rand(&seed) % sizeof(nxt)];
            l4[40] = nxt[ft_rand(&seed) % sizeof(nxt)];
            l4[41] = (uint8_t)(ft_rand(&seed) % 3);
            l4[48] = nxt[ft_rand(&seed) % sizeof(nxt)];
            l4[49] = (uint8_t)(ft_rand(&seed) % 2);
        }
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

/* The parser never reads past the captured bytes: every prefix of random
 * headers, copied into a buffer of exactly that size (the sanitizer build
 * turns any over-read into a failure). */
static void test_parser_stays_in_capture(void **state)
{
    uint64_t seed = 12345;
    uint8_t hdr[128];
    ft_item_t it;
    (void)state;

    for (int i = 0; i < 20000; i++) {
        for (size_t j = 0; j < sizeof(hdr); j++)
            hdr[j] = (uint8_t)(ft_rand(&seed) >> 56);
        hdr[0] = (uint8_t)(0x40 | (hdr[0] & 0x0f));
        static const uint8_t protos[] = {1, 6, 17, 41, 58, 47};
        hdr[9] = protos[i % sizeof(protos)];
        hdr[6] &= (i & 1) ? 0xff : 0xe0; /* half of them first fragments */
        if (hdr[9] == 41) {
            size_t hl = (size_t)(hdr[0] & 0x0f) * 4;
            if (hl + 48 < sizeof(hdr)) {
                hdr[hl] = 0x60;
                hdr[hl + 6] = (uint8_t)((i >> 1) % 3 == 0 ? 0 : 44);
                hdr[hl + 41] = 0;
            }
        }
        for (uint32_t rem = 20; rem <= sizeof(hdr); rem += 1 + (uint32_t)(i % 7)) {
            uint8_t *copy = malloc(rem);
            assert_non_null(copy);
            memcpy(copy, hdr, rem);
            int cls = corsaro__ft_parse_ipv4(copy, rem, NULL, &it);
            assert_true(cls >= 0 && cls <= 2);
            free(copy);
        }
    }
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
        cmocka_unit_test(test_ipv6_in_ipv4),
        cmocka_unit_test(test_link_layers),
        cmocka_unit_test(test_every_protocol_and_length),
        cmocka_unit_test(test_fast_path_equals_libtrace),
        cmocka_unit_test(test_parser_stays_in_capture),
    };
    return cmocka_run_group_tests_name("flowtuple_tuple", tests, setup, teardown);
}
