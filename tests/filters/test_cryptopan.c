/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Crypto-PAn (plugins/anon/cryptopan.c) and anon's key parsing: the
 * published sample vectors, a plain one-block-at-a-time computation of the
 * algorithm as the paper states it (to check the batching and caches),
 * prefix preservation, 0.0.0.0, and the key forms. Prints the rate. */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "anon_key.h"
#include "cryptopan.h"
#include "cryptopan_vectors.h"

static uint32_t parse_ip(const char *s)
{
    struct in_addr a;
    assert_int_equal(inet_pton(AF_INET, s, &a), 1);
    return ntohl(a.s_addr);
}

static void format_ip(uint32_t ip, char *buf, size_t len)
{
    struct in_addr a = {htonl(ip)};
    inet_ntop(AF_INET, &a, buf, (socklen_t)len);
}

/* The algorithm as published, one AES block per output bit. */
static uint32_t reference_anon(const uint8_t key[32], uint32_t addr)
{
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    uint8_t pad[16], in[16], out[32];
    int outl;
    assert_non_null(ctx);
    assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_aes_128_ecb(), NULL, key, NULL), 1);
    EVP_CIPHER_CTX_set_padding(ctx, 0);
    assert_int_equal(EVP_EncryptUpdate(ctx, pad, &outl, key + 16, 16), 1);
    uint32_t result = 0;
    for (int i = 0; i < 32; i++) {
        /* bits 0..i-1 from the address, bits i..127 from the pad */
        memcpy(in, pad, 16);
        for (int bit = 0; bit < i; bit++) {
            int v = (addr >> (31 - bit)) & 1;
            uint8_t m = (uint8_t)(0x80 >> (bit % 8));
            in[bit / 8] = (uint8_t)(v ? in[bit / 8] | m : in[bit / 8] & ~m);
        }
        assert_int_equal(EVP_EncryptUpdate(ctx, out, &outl, in, 16), 1);
        result |= (uint32_t)(out[0] >> 7) << (31 - i);
    }
    EVP_CIPHER_CTX_free(ctx);
    return addr ^ result;
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

static void test_published_vectors(void **s)
{
    (void)s;
    cryptopan_t *c = cryptopan_new(cpan_sample_key);
    size_t n = sizeof(cpan_sample_pairs) / sizeof(cpan_sample_pairs[0]);
    int bad = 0;
    assert_non_null(c);
    for (size_t i = 0; i < n; i++) {
        uint32_t got = cryptopan_anon(c, parse_ip(cpan_sample_pairs[i][0]));
        char buf[32];
        format_ip(got, buf, sizeof(buf));
        if (strcmp(buf, cpan_sample_pairs[i][1]) != 0) {
            print_error("%s -> %s, published %s\n", cpan_sample_pairs[i][0], buf,
                        cpan_sample_pairs[i][1]);
            bad++;
        }
    }
    assert_false(cryptopan_failed(c));
    assert_int_equal(bad, 0);
    print_message("%zu published Crypto-PAn pairs match\n", n);
    cryptopan_free(c);
}

/* The plain computation agrees with the batched, cached one, also when
 * addresses repeat and share /16s (the cache paths). */
static void test_matches_plain_algorithm(void **s)
{
    (void)s;
    uint8_t key[32];
    for (int i = 0; i < 32; i++)
        key[i] = (uint8_t)rng();
    cryptopan_t *c = cryptopan_new(key);
    assert_non_null(c);
    uint32_t seen[64];
    for (int i = 0; i < 600; i++) {
        uint32_t a = rng();
        if (i % 3 == 1)
            a = (seen[rng() % 64] & 0xffff0000u) | (a & 0xffffu); /* same /16 */
        if (i % 3 == 2)
            a = seen[rng() % 64]; /* repeated */
        if (i < 64)
            seen[i] = a;
        assert_int_equal(cryptopan_anon(c, a), reference_anon(key, a));
    }
    cryptopan_free(c);
}

static void test_zero_is_not_special(void **s)
{
    (void)s;
    cryptopan_t *c = cryptopan_new(cpan_sample_key);
    uint32_t z = cryptopan_anon(c, 0);
    /* v2 answered 0 until its cache filled; the algorithm does not */
    assert_int_equal(z, reference_anon(cpan_sample_key, 0));
    assert_int_not_equal(z, 0);
    assert_int_equal(cryptopan_anon(c, 0xffffffffu),
                     reference_anon(cpan_sample_key, 0xffffffffu));
    assert_int_equal(cryptopan_anon(c, 0), z);
    cryptopan_free(c);
}

static int common_prefix(uint32_t a, uint32_t b)
{
    int n = 0;
    while (n < 32 && ((a ^ b) & (0x80000000u >> n)) == 0)
        n++;
    return n;
}

static void test_prefix_preserving(void **s)
{
    (void)s;
    cryptopan_t *c = cryptopan_new(cpan_sample_key);
    for (int i = 0; i < 20000; i++) {
        uint32_t a = rng(), b = a ^ (rng() >> (rng() % 32));
        assert_int_equal(common_prefix(cryptopan_anon(c, a), cryptopan_anon(c, b)),
                         common_prefix(a, b));
    }
    cryptopan_free(c);
}

static void test_rate(void **s)
{
    (void)s;
    cryptopan_t *c = cryptopan_new(cpan_sample_key);
    const int n = 200000;
    uint32_t sink = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; i < n; i++)
        sink ^= cryptopan_anon(c, rng());
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    print_message("Crypto-PAn: %.0f addresses/s (random addresses: the "
                  "per-/16 cache warms up, whole results rarely repeat) (%08x)\n",
                  n / secs, sink);
    assert_false(cryptopan_failed(c));
    cryptopan_free(c);
}

static void test_text_key(void **s)
{
    (void)s;
    uint8_t key[32];
    char why[256];
    assert_int_equal(anon_key_from_text("secret", key, why, sizeof(why)), 0);
    assert_memory_equal(key, "secret", 6);
    for (int i = 6; i < 32; i++)
        assert_int_equal(key[i], 0);
    assert_int_equal(anon_key_from_text("0123456789abcdef0123456789abcdef", key,
                                        why, sizeof(why)), 0);
    assert_int_equal(key[31], 'f');
    assert_int_equal(anon_key_from_text("0123456789abcdef0123456789abcdefX", key,
                                        why, sizeof(why)), -1);
    assert_non_null(strstr(why, "33 bytes"));
    assert_int_equal(anon_key_from_text("", key, why, sizeof(why)), -1);
}

static void test_hex_key(void **s)
{
    (void)s;
    uint8_t key[32];
    char why[256];
    assert_int_equal(anon_key_from_hex(CPAN_SAMPLE_KEY_HEX, key, why, sizeof(why)), 0);
    assert_memory_equal(key, cpan_sample_key, 32);
    assert_int_equal(anon_key_from_hex("0xABcd", key, why, sizeof(why)), 0);
    assert_int_equal(key[0], 0xab);
    assert_int_equal(key[1], 0xcd);
    assert_int_equal(key[2], 0);
    assert_int_equal(anon_key_from_hex("abc", key, why, sizeof(why)), -1);
    assert_int_equal(anon_key_from_hex("zz", key, why, sizeof(why)), -1);
    assert_int_equal(anon_key_from_hex("", key, why, sizeof(why)), -1);
    assert_int_equal(anon_key_from_hex(CPAN_SAMPLE_KEY_HEX "00", key, why,
                                       sizeof(why)), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_vectors),
        cmocka_unit_test(test_matches_plain_algorithm),
        cmocka_unit_test(test_zero_is_not_special),
        cmocka_unit_test(test_prefix_preserving),
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_text_key),
        cmocka_unit_test(test_hex_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
