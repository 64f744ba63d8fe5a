/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The prefix set (plugins/filterpfx/pfx_set.c) against a plain reference:
 * for each address, try all 33 prefix lengths in a sorted list of the
 * prefixes (the definition of "some prefix contains it"). Edge ranges,
 * nesting, adjacency, then 500,000 random prefixes: correctness on random
 * and on edge addresses, and the lookup rate (printed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "pfx_cidr.h"
#include "pfx_set.h"

/* ---- the reference ---- */

typedef struct ref {
    uint64_t *keys; /* (masked addr << 8) | len, sorted */
    size_t n;
    uint8_t has_len[33];
} ref_t;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void ref_build(ref_t *r, const uint32_t *addr, const uint8_t *len, size_t n)
{
    r->keys = malloc(n * sizeof(*r->keys) + 1);
    r->n = n;
    memset(r->has_len, 0, sizeof(r->has_len));
    for (size_t i = 0; i < n; i++) {
        r->keys[i] = ((uint64_t)(addr[i] & pfx_mask(len[i])) << 8) | len[i];
        r->has_len[len[i]] = 1;
    }
    qsort(r->keys, n, sizeof(*r->keys), cmp_u64);
}

static int ref_contains(const ref_t *r, uint32_t a)
{
    for (unsigned l = 0; l <= 32; l++) {
        if (!r->has_len[l])
            continue;
        uint64_t k = ((uint64_t)(a & pfx_mask(l)) << 8) | l;
        if (bsearch(&k, r->keys, r->n, sizeof(k), cmp_u64) != NULL)
            return 1;
    }
    return 0;
}

static uint64_t rng_state = 0x1234567887654321ull;
static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 11);
}

/* Builds both from the prefixes and compares them on @p probes random
 * addresses plus every range edge ±1. */
static void compare(const uint32_t *addr, const uint8_t *len, size_t n,
                    size_t probes)
{
    pfx_set_t set;
    ref_t r;
    pfx_set_init(&set);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(pfx_set_add(&set, addr[i], len[i]), 0);
    assert_int_equal(pfx_set_build(&set), 0);
    ref_build(&r, addr, len, n);
    for (size_t i = 0; i < probes; i++) {
        uint32_t a = rng();
        if (pfx_set_contains(&set, a) != ref_contains(&r, a))
            fail_msg("address %08x: set %d, reference %d", a,
                     pfx_set_contains(&set, a), ref_contains(&r, a));
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t lo = addr[i] & pfx_mask(len[i]), hi = lo | ~pfx_mask(len[i]);
        uint32_t edge[4] = {lo, hi, lo - 1, hi + 1};
        for (int e = 0; e < 4; e++)
            assert_int_equal(pfx_set_contains(&set, edge[e]), ref_contains(&r, edge[e]));
    }
    free(r.keys);
    pfx_set_free(&set);
}

static void test_empty(void **s)
{
    (void)s;
    pfx_set_t set;
    pfx_set_init(&set);
    assert_int_equal(pfx_set_build(&set), 0);
    assert_false(pfx_set_contains(&set, 0));
    assert_false(pfx_set_contains(&set, 0xffffffffu));
    pfx_set_free(&set);
}

static void test_edges(void **s)
{
    (void)s;
    /* whole space, nested, adjacent (merge), ends of the space */
    uint32_t a[] = {0x2c010000u, 0x2c010200u, 0x2c000000u, 0x0a000000u,
                    0x0b000000u, 0xffffffffu, 0x00000000u, 0x7f000001u};
    uint8_t l[] = {16, 24, 15, 8, 8, 32, 32, 32};
    compare(a, l, 8, 100000);
    pfx_set_t set;
    pfx_set_init(&set);
    for (int i = 0; i < 8; i++)
        pfx_set_add(&set, a[i], l[i]);
    pfx_set_build(&set);
    /* 44.0/15 swallows 44.1/16 and 44.1.2/24; 10/8 and 11/8 merge */
    assert_int_equal(pfx_set_ranges(&set), 5);
    assert_true(pfx_set_contains(&set, 0x2c01ffffu));
    assert_false(pfx_set_contains(&set, 0x2c020000u));
    assert_true(pfx_set_contains(&set, 0xffffffffu));
    assert_true(pfx_set_contains(&set, 0));
    assert_false(pfx_set_contains(&set, 1));
    pfx_set_free(&set);

    uint32_t all = 0;
    uint8_t zero = 0;
    compare(&all, &zero, 1, 10000);
}

static void test_small_random(void **s)
{
    (void)s;
    for (int round = 0; round < 20; round++) {
        size_t n = 1 + rng() % 300;
        uint32_t addr[300];
        uint8_t len[300];
        for (size_t i = 0; i < n; i++) {
            addr[i] = rng();
            len[i] = (uint8_t)(rng() % 33);
            if (len[i] < 4)
                len[i] = (uint8_t)(len[i] + 8); /* not always everything */
        }
        compare(addr, len, n, 20000);
    }
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* 500,000 random prefixes, lengths spread like a routing table: mostly
 * /24, some /19-/23 and /25-/32, a few /16-/18 (shorter ones would merge
 * most of the space into a few ranges, an easy case). */
static void test_half_million(void **s)
{
    (void)s;
    const size_t n = 500000, probes = 4000000;
    uint32_t *addr = malloc(n * sizeof(*addr));
    uint8_t *len = malloc(n);
    uint32_t *q = malloc(probes * sizeof(*q));
    assert_non_null(addr);
    assert_non_null(len);
    assert_non_null(q);
    for (size_t i = 0; i < n; i++) {
        uint32_t r = rng() % 100;
        addr[i] = rng();
        len[i] = (uint8_t)(r < 60 ? 24 : r < 85 ? 19 + rng() % 5
                           : r < 97 ? 25 + rng() % 8 : 16 + rng() % 3);
    }
    pfx_set_t set;
    pfx_set_init(&set);
    double t0 = now();
    for (size_t i = 0; i < n; i++)
        assert_int_equal(pfx_set_add(&set, addr[i], len[i]), 0);
    assert_int_equal(pfx_set_build(&set), 0);
    double t1 = now();
    for (size_t i = 0; i < probes; i++)
        q[i] = rng();
    size_t hits = 0;
    double t2 = now();
    for (size_t i = 0; i < probes; i++)
        hits += (size_t)pfx_set_contains(&set, q[i]);
    double t3 = now();
    print_message("500000 prefixes -> %zu ranges, built in %.3f s; %.1f million "
                  "lookups/s (%zu of %zu random addresses inside)\n",
                  pfx_set_ranges(&set), t1 - t0, probes / (t3 - t2) / 1e6, hits,
                  probes);
    /* a linear scan would manage a few thousand per second: stay far above */
    assert_true(probes / (t3 - t2) > 1e6);

    ref_t r;
    ref_build(&r, addr, len, n);
    for (size_t i = 0; i < 200000; i++)
        assert_int_equal(pfx_set_contains(&set, q[i]), ref_contains(&r, q[i]));
    for (size_t i = 0; i < n; i += 7) {
        uint32_t lo = addr[i] & pfx_mask(len[i]), hi = lo | ~pfx_mask(len[i]);
        assert_true(pfx_set_contains(&set, lo));
        assert_true(pfx_set_contains(&set, hi));
        assert_int_equal(pfx_set_contains(&set, lo - 1), ref_contains(&r, lo - 1));
        assert_int_equal(pfx_set_contains(&set, hi + 1), ref_contains(&r, hi + 1));
    }
    free(r.keys);
    pfx_set_free(&set);
    free(addr);
    free(len);
    free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_edges),
        cmocka_unit_test(test_small_random),
        cmocka_unit_test(test_half_million),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
