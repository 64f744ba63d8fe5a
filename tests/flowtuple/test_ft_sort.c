/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* v2's sort order (SPEC 4.3): hand-ordered tuples, including the
 * little-endian-load quirk, and the radix sort against qsort with a
 * reference comparator written straight from the spec. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ft_internal.h"
#include "ft_test_util.h"

/* The spec's comparator, on flowtuple records: u8 fields, then each
 * multi-byte field as the little-endian integer of its network bytes. */
static uint32_t le_load(const void *p, size_t n)
{
    const uint8_t *b = p;
    uint32_t v = 0;
    for (size_t i = n; i-- > 0;)
        v = v << 8 | b[i];
    return v;
}

static int ref_cmp(const void *pa, const void *pb)
{
    corsaro_flowtuple_t a, b;
    corsaro__ft_flowtuple_from_item(pa, &a);
    corsaro__ft_flowtuple_from_item(pb, &b);
#define CMP(x, y)                                                            \
    do {                                                                     \
        uint32_t x_ = (x), y_ = (y);                                         \
        if (x_ != y_)                                                        \
            return x_ < y_ ? -1 : 1;                                         \
    } while (0)
    CMP(a.protocol, b.protocol);
    CMP(a.ttl, b.ttl);
    CMP(a.tcp_flags, b.tcp_flags);
    CMP(le_load(&a.src_ip, 4), le_load(&b.src_ip, 4));
    CMP(le_load(&a.dst_ip, 4), le_load(&b.dst_ip, 4));
    CMP(le_load(&a.src_port, 2), le_load(&b.src_port, 2));
    CMP(le_load(&a.dst_port, 2), le_load(&b.dst_port, 2));
    CMP(le_load(&a.ip_len, 2), le_load(&b.ip_len, 2));
#undef CMP
    return 0;
}

static int item_cmp(const void *a, const void *b)
{
    return corsaro__ft_item_cmp(a, b);
}

static void check_sorted_equals(ft_item_t *given, const ft_item_t *want, size_t n)
{
    corsaro__ft_sort(given, n);
    const ft_item_t *out = given;
    for (size_t i = 0; i < n; i++) {
        if (memcmp(out[i].key, want[i].key, FT_KEY_LEN) != 0 ||
            out[i].count != want[i].count)
            fail_msg("position %zu differs", i);
    }
}

static void test_hand_ordered(void **state)
{
    /* ascending, each decided by the field named */
    const ft_item_t want[] = {
        /* protocol first, whatever else */
        ft_item("255.255.255.255", "9.9.9.9", 9, 9, 1, 255, 0xff, 9, 1),
        /* then ttl */
        ft_item("255.255.255.255", "9.9.9.9", 9, 9, 6, 1, 0xff, 9, 2),
        /* then tcp_flags */
        ft_item("255.255.255.255", "9.9.9.9", 9, 9, 6, 2, 0x02, 9, 3),
        ft_item("255.255.255.255", "9.9.9.9", 9, 9, 6, 2, 0x12, 9, 4),
        /* then src as LE: 4.3.2.1 = 0x01020304 < 0.0.0.2 = 0x02000000
         * < 255.0.0.2 = 0x020000ff < 1.2.3.4 = 0x04030201 */
        ft_item("4.3.2.1", "9.9.9.9", 9, 9, 6, 3, 0, 9, 5),
        ft_item("0.0.0.2", "9.9.9.9", 9, 9, 6, 3, 0, 9, 6),
        ft_item("255.0.0.2", "9.9.9.9", 9, 9, 6, 3, 0, 9, 7),
        ft_item("1.2.3.4", "9.9.9.9", 9, 9, 6, 3, 0, 9, 8),
        /* then dst, same quirk: 44.0.0.1 = 0x0100002c < 1.0.0.2 */
        ft_item("5.5.5.5", "44.0.0.1", 9, 9, 6, 3, 0, 9, 9),
        ft_item("5.5.5.5", "1.0.0.2", 9, 9, 6, 3, 0, 9, 10),
        /* then src port as LE: 256 (01 00) = 0x0001 < 80 (00 50) = 0x5000 */
        ft_item("5.5.5.5", "1.0.0.3", 256, 9, 6, 3, 0, 9, 11),
        ft_item("5.5.5.5", "1.0.0.3", 80, 9, 6, 3, 0, 9, 12),
        ft_item("5.5.5.5", "1.0.0.3", 81, 9, 6, 3, 0, 9, 13),
        /* then dst port */
        ft_item("5.5.5.5", "1.0.0.3", 82, 0x0100, 6, 3, 0, 9, 14),
        ft_item("5.5.5.5", "1.0.0.3", 82, 0x0001, 6, 3, 0, 9, 15),
        /* then ip_len: 1500 (05 dc) = 0xdc05 > 40 (00 28) = 0x2800 */
        ft_item("5.5.5.5", "1.0.0.3", 82, 1, 6, 3, 0, 40, 16),
        ft_item("5.5.5.5", "1.0.0.3", 82, 1, 6, 3, 0, 1500, 17),
        /* ties down to the last digit: as LE loads 1 (00 01) = 0x0100 <
         * 257 (01 01) = 0x0101 < 513 (02 01) = 0x0102 < 258 (01 02) = 0x0201 */
        ft_item("5.5.5.5", "1.0.0.3", 82, 2, 6, 3, 0, 0x0001, 18),
        ft_item("5.5.5.5", "1.0.0.3", 82, 2, 6, 3, 0, 0x0101, 19),
        ft_item("5.5.5.5", "1.0.0.3", 82, 2, 6, 3, 0, 0x0201, 20),
        ft_item("5.5.5.5", "1.0.0.3", 82, 2, 6, 3, 0, 0x0102, 21),
    };
    enum { N = sizeof(want) / sizeof(want[0]) };
    ft_item_t given[N];
    (void)state;

    for (size_t i = 0; i < N; i++) {
        for (size_t j = i + 1; j < N; j++) {
            assert_true(corsaro__ft_item_cmp(&want[i], &want[j]) < 0);
            assert_true(corsaro__ft_item_cmp(&want[j], &want[i]) > 0);
            assert_true(ref_cmp(&want[i], &want[j]) < 0);
        }
        assert_int_equal(corsaro__ft_item_cmp(&want[i], &want[i]), 0);
    }
    /* reversed and shuffled inputs, through the radix sort too */
    for (size_t i = 0; i < N; i++)
        given[i] = want[N - 1 - i];
    check_sorted_equals(given, want, N);
    /* replicate to pass the small-sort threshold and use the radix path */
    enum { R = 8 };
    ft_item_t big[N * R], bigwant[N * R];
    for (size_t r = 0; r < R; r++)
        for (size_t i = 0; i < N; i++) {
            ft_item_t it = want[i];
            it.key[FT_K_DST + 3] = (uint8_t)(it.key[FT_K_DST + 3] + r); /* distinct */
            bigwant[r * N + i] = it;
        }
    memcpy(big, bigwant, sizeof(big));
    qsort(bigwant, N * R, sizeof(ft_item_t), ref_cmp);
    for (size_t i = 0; i < N * R; i++)
        big[i] = bigwant[(i * 37) % (N * R)];
    check_sorted_equals(big, bigwant, N * R);
}

/* n random tuples; @p mode makes some fields constant (skipped passes) */
static void random_items(ft_item_t *it, size_t n, uint64_t seed, int mode)
{
    char src[16], dst[16];
    for (size_t i = 0; i < n; i++) {
        uint64_t r = ft_rand(&seed), q = ft_rand(&seed);
        snprintf(src, sizeof(src), "%u.%u.%u.%u", (unsigned)(r & 255),
                 (unsigned)(r >> 8 & 255), (unsigned)(r >> 16 & 255),
                 (unsigned)(r >> 24 & 255));
        snprintf(dst, sizeof(dst), "%u.%u.%u.%u", mode ? 44 : (unsigned)(q & 255),
                 (unsigned)(q >> 8 & 255), (unsigned)(q >> 16 & 255),
                 (unsigned)(q >> 24 & 255));
        uint8_t proto = mode ? 6 : (uint8_t)(r >> 32 & 3) * 6 + 1;
        uint8_t ttl = (uint8_t)(mode == 2 ? 64 : r >> 40);
        uint8_t flags = (uint8_t)(mode == 2 ? 2 : r >> 48 & 0x1f);
        uint16_t len = (uint16_t)(mode ? 40 : q >> 32);
        it[i] = ft_item(src, dst, (uint16_t)(q >> 40), (uint16_t)(mode == 2 ? 80 : q >> 56),
                        proto, ttl, flags, len, (uint32_t)i);
    }
}

/* keys whose bytes come from a 3-letter alphabet: ties at every digit,
 * so every one of the 17 passes decides some pairs */
static void dense_items(ft_item_t *it, size_t n, uint64_t seed)
{
    static const uint8_t alphabet[] = {0x00, 0x01, 0x80};
    for (size_t i = 0; i < n; i++) {
        memset(&it[i], 0, sizeof(it[i]));
        for (int d = 0; d < FT_KEY_LEN; d++)
            it[i].key[d] = alphabet[ft_rand(&seed) % 3];
        it[i].count = (uint32_t)i;
    }
}

static void test_single_odd_digit(void **state)
{
    enum { N = 100 };
    ft_item_t a[N], want[N];
    (void)state;

    /* all equal but one digit of one item: that pass must not be skipped */
    for (int d = 0; d < FT_KEY_LEN; d++) {
        for (int i = 0; i < N; i++) {
            memset(&a[i], 0, sizeof(a[i]));
            a[i].key[(d + 1) % FT_KEY_LEN] = (uint8_t)i; /* distinct keys */
            a[i].count = (uint32_t)i;
        }
        a[N / 2].key[d] = 0x01;
        memcpy(want, a, sizeof(a));
        qsort(want, N, sizeof(want[0]), ref_cmp);
        check_sorted_equals(a, want, N);
    }
}

static void test_radix_matches_qsort(void **state)
{
    /* around the insertion sort and the cycles/rounds thresholds */
    static const size_t sizes[] = {0, 1, 2, 47, 48, 49, 1000, 2047, 2048, 2049, 65536, 200001};
    (void)state;

    for (int mode = 0; mode < 4; mode++) {
        for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
            size_t n = sizes[s];
            ft_item_t *a = malloc((n + 1) * sizeof(*a));
            ft_item_t *want = malloc((n + 1) * sizeof(*want));
            assert_non_null(a);
            assert_non_null(want);
            if (mode == 3)
                dense_items(a, n, 99 + n);
            else
                random_items(a, n, 1000 + n + (uint64_t)mode, mode);
            /* keys must be distinct, as in a table: drop duplicates */
            qsort(a, n, sizeof(*a), item_cmp);
            size_t m = 0;
            for (size_t i = 0; i < n; i++)
                if (m == 0 || corsaro__ft_item_cmp(&a[m - 1], &a[i]) != 0)
                    a[m++] = a[i];
            memcpy(want, a, m * sizeof(*a));
            qsort(want, m, sizeof(*want), ref_cmp);
            /* shuffle */
            uint64_t seed = 7;
            for (size_t i = m; i > 1; i--) {
                size_t j = ft_rand(&seed) % i;
                ft_item_t t = a[i - 1];
                a[i - 1] = a[j];
                a[j] = t;
            }
            check_sorted_equals(a, want, m);
            free(a);
            free(want);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_ordered),
        cmocka_unit_test(test_single_odd_digit),
        cmocka_unit_test(test_radix_matches_qsort),
    };
    return cmocka_run_group_tests_name("flowtuple_sort", tests, NULL, NULL);
}
