/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Unit tests of cors-ft-aggregate's pieces: the key packing and its order
 * (SPEC 4.3's examples), the table's sums and distinct counts against a
 * brute-force count, the radix sort against qsort, clearing and
 * shrinking, and the row format.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ftagg/fields.h"
#include "ftagg/format.h"
#include "ftagg/table.h"

static corsaro_flowtuple_t tuple(const char *src, const char *dst, uint16_t sport,
                                 uint16_t dport, uint8_t proto, uint8_t ttl,
                                 uint8_t flags, uint16_t len, uint32_t cnt)
{
    corsaro_flowtuple_t t;
    memset(&t, 0, sizeof(t));
    inet_pton(AF_INET, src, &t.src_ip);
    inet_pton(AF_INET, dst, &t.dst_ip);
    t.src_port = htons(sport);
    t.dst_port = htons(dport);
    t.protocol = proto;
    t.ttl = ttl;
    t.tcp_flags = flags;
    t.ip_len = htons(len);
    t.packet_cnt = htonl(cnt);
    return t;
}

static unsigned all_fields(void)
{
    return (1u << FTAGG_PACKET_CNT) - 1;
}

static int cmp_tuples(const corsaro_flowtuple_t *a, const corsaro_flowtuple_t *b)
{
    ftagg_mask_t m;
    ftagg_key_t ka, kb;
    ftagg_mask_init(&m, all_fields());
    ftagg_tuple_key(a, &m, &ka);
    ftagg_tuple_key(b, &m, &kb);
    return ftagg_key_cmp(&ka, &kb);
}

/* SPEC 4.3: 1.2.3.4 ranks as 0x04030201, port 80 (bytes 00 50) as
 * 0x5000; protocol, ttl and flags come first. */
static void test_order_examples(void **state)
{
    (void)state;
    corsaro_flowtuple_t a = tuple("2.2.3.4", "0.0.0.0", 0, 0, 6, 64, 0, 40, 1);
    corsaro_flowtuple_t b = tuple("1.2.3.5", "0.0.0.0", 0, 0, 6, 64, 0, 40, 1);
    assert_true(cmp_tuples(&a, &b) < 0); /* last octet first */
    a = tuple("1.1.1.1", "9.9.9.9", 256, 0, 6, 64, 0, 40, 1);
    b = tuple("1.1.1.1", "9.9.9.9", 80, 0, 6, 64, 0, 40, 1);
    assert_true(cmp_tuples(&a, &b) < 0); /* 256 = 01 00 ranks 0x0001 */
    a = tuple("9.9.9.9", "9.9.9.9", 0, 0, 1, 200, 0, 40, 1);
    b = tuple("1.1.1.1", "1.1.1.1", 0, 0, 6, 1, 0, 40, 1);
    assert_true(cmp_tuples(&a, &b) < 0); /* protocol before addresses */
    a = tuple("1.1.1.1", "1.1.1.1", 0, 0, 6, 64, 0x02, 40, 1);
    b = tuple("1.1.1.1", "1.1.1.1", 0, 0, 6, 64, 0x12, 40, 1);
    assert_true(cmp_tuples(&a, &b) < 0); /* flags as a byte */
    a = tuple("1.1.1.1", "2.0.0.1", 0, 0, 6, 64, 0, 40, 1);
    b = tuple("1.1.1.2", "1.0.0.1", 0, 0, 6, 64, 0, 40, 1);
    assert_true(cmp_tuples(&a, &b) < 0); /* src before dst */
    a = tuple("1.1.1.1", "1.1.1.1", 5, 6, 6, 64, 0, 512, 1);
    b = tuple("1.1.1.1", "1.1.1.1", 5, 6, 6, 64, 0, 1, 1);
    assert_true(cmp_tuples(&a, &b) < 0); /* ip_len 512 = 02 00 ranks 2 */
    assert_int_equal(cmp_tuples(&a, &a), 0);
}

static void test_field_names(void **state)
{
    (void)state;
    assert_int_equal(ftagg_field_by_name("src_ip"), FTAGG_SRC_IP);
    assert_int_equal(ftagg_field_by_name("packet_cnt"), FTAGG_PACKET_CNT);
    assert_int_equal(ftagg_field_by_name("ip_len"), FTAGG_IP_LEN);
    assert_int_equal(ftagg_field_by_name("src"), -1);
    assert_int_equal(ftagg_field_by_name("SRC_IP"), -1);
    assert_int_equal(ftagg_field_by_name(""), -1);
    assert_string_equal(ftagg_field_name(FTAGG_TCP_FLAGS), "tcp_flags");
}

static void test_values(void **state)
{
    (void)state;
    corsaro_flowtuple_t t = tuple("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_SRC_IP), 0x01020304);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_DST_IP), 0x05060708);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_SRC_PORT), 80);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_DST_PORT), 1234);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_PROTOCOL), 6);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_TTL), 64);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_TCP_FLAGS), 0x12);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_IP_LEN), 40);
    assert_int_equal(ftagg_tuple_value(&t, FTAGG_PACKET_CNT), 3);
}

static void format(const corsaro_flowtuple_t *t, unsigned fields, uint64_t value,
                   char *out)
{
    ftagg_mask_t m;
    ftagg_row_t row;
    ftagg_mask_init(&m, fields);
    ftagg_tuple_key(t, &m, &row.key);
    row.value = value;
    size_t n = ftagg_format_row(out, &row);
    assert_true(n < FTAGG_ROW_MAX);
    out[n] = '\0';
}

/* SPEC 4.5's example tuple, printed as SPEC 4.6 says; fields not kept
 * print as zeros. */
static void test_format(void **state)
{
    (void)state;
    char buf[FTAGG_ROW_MAX + 1];
    corsaro_flowtuple_t t = tuple("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    format(&t, all_fields(), 3, buf);
    assert_string_equal(buf, "1.2.3.4|5.6.7.8|80|1234|6|64|0x12|40,3\n");
    format(&t, 0, 18446744073709551615ull, buf);
    assert_string_equal(buf, "0.0.0.0|0.0.0.0|0|0|0|0|0x00|0,18446744073709551615\n");
    format(&t, 1u << FTAGG_DST_PORT | 1u << FTAGG_TCP_FLAGS, 0, buf);
    assert_string_equal(buf, "0.0.0.0|0.0.0.0|0|1234|0|0|0x12|0,0\n");
    t = tuple("255.255.255.255", "10.0.100.9", 65535, 0, 255, 255, 0xff, 65535, 1);
    format(&t, all_fields(), 1000000, buf);
    assert_string_equal(buf,
        "255.255.255.255|10.0.100.9|65535|0|255|255|0xff|65535,1000000\n");
}

/* ---- the table against brute force ---- */

static uint64_t rng_state = 88172645463325252ull;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A random key whose fields come from small ranges, so keys repeat and
 * many radix digits are shared. */
static ftagg_key_t random_key(unsigned spread)
{
    ftagg_key_t k;
    k.addr = (rnd() % spread) << 32 | (rnd() % spread) << 8;
    k.rest = (rnd() % spread) << 32 | (rnd() % 3) << 16 | (rnd() % spread);
    k.head = (uint32_t)((rnd() % 3) << 16 | (rnd() % spread % 256));
    return k;
}

static int qsort_cmp(const void *a, const void *b)
{
    return ftagg_key_cmp(&((const ftagg_row_t *)a)->key, &((const ftagg_row_t *)b)->key);
}

/* Sums per key by brute force: sort the (key, value) pairs and add runs. */
static size_t brute_sums(ftagg_row_t *pairs, size_t n)
{
    qsort(pairs, n, sizeof(*pairs), qsort_cmp);
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        if (out > 0 && ftagg_key_cmp(&pairs[out - 1].key, &pairs[i].key) == 0) {
            pairs[out - 1].value += pairs[i].value;
        } else {
            pairs[out++] = pairs[i];
        }
    }
    return out;
}

static void check_sums(size_t n, unsigned spread)
{
    ftagg_table_t *t = ftagg_table_new(0);
    ftagg_row_t *pairs = malloc(n * sizeof(*pairs));
    assert_non_null(t);
    assert_non_null(pairs);
    for (size_t i = 0; i < n; i++) {
        pairs[i].key = random_key(spread);
        pairs[i].value = rnd() % 1000;
        assert_int_equal(ftagg_table_add(t, &pairs[i].key, pairs[i].value), 0);
    }
    size_t want = brute_sums(pairs, n), got;
    assert_int_equal(ftagg_table_rows(t), want);
    const ftagg_row_t *rows = ftagg_table_sorted(t, &got);
    assert_non_null(rows);
    assert_int_equal(got, want);
    for (size_t i = 0; i < got; i++) {
        assert_int_equal(ftagg_key_cmp(&rows[i].key, &pairs[i].key), 0);
        assert_int_equal(rows[i].value, pairs[i].value);
    }
    ftagg_table_free(t);
    free(pairs);
}

static void test_sums_small(void **state)
{
    (void)state;
    check_sums(10, 4);
    check_sums(1000, 3);
}

static void test_sums_large(void **state)
{
    (void)state;
    check_sums(200000, 1u << 20); /* nearly all distinct: index grows */
    check_sums(200000, 40);       /* many repeats */
}

typedef struct kv {
    ftagg_key_t key;
    uint64_t value;
} kv_t;

static int kv_cmp(const void *a, const void *b)
{
    const kv_t *x = a, *y = b;
    int c = ftagg_key_cmp(&x->key, &y->key);
    if (c != 0)
        return c;
    return x->value < y->value ? -1 : x->value > y->value;
}

/* Distinct mode: each row counts the different values seen under it. */
static void test_distinct(void **state)
{
    (void)state;
    const size_t n = 100000;
    ftagg_table_t *t = ftagg_table_new(1);
    kv_t *kv = malloc(n * sizeof(*kv));
    assert_non_null(t);
    assert_non_null(kv);
    for (size_t i = 0; i < n; i++) {
        kv[i].key = random_key(20);
        kv[i].value = rnd() % 50;
        assert_int_equal(ftagg_table_add(t, &kv[i].key, kv[i].value), 0);
    }
    /* brute force: sort (key, value), count distinct values per key */
    qsort(kv, n, sizeof(*kv), kv_cmp);
    size_t got;
    const ftagg_row_t *rows = ftagg_table_sorted(t, &got);
    assert_non_null(rows);
    size_t r = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        uint64_t distinct = 0;
        while (j < n && ftagg_key_cmp(&kv[j].key, &kv[i].key) == 0) {
            if (j == i || kv[j].value != kv[j - 1].value)
                distinct++;
            j++;
        }
        assert_true(r < got);
        assert_int_equal(ftagg_key_cmp(&rows[r].key, &kv[i].key), 0);
        assert_int_equal(rows[r].value, distinct);
        r++;
        i = j;
    }
    assert_int_equal(r, got);
    ftagg_table_free(t);
    free(kv);
}

/* Clearing empties the table (nothing leaks into the next interval) and
 * gives back the memory of a much bigger previous interval. */
static void test_clear_and_shrink(void **state)
{
    (void)state;
    ftagg_table_t *t = ftagg_table_new(1);
    assert_non_null(t);
    size_t small = ftagg_table_bytes(t), n;
    for (uint64_t i = 0; i < 300000; i++) {
        ftagg_key_t k = {i * 7919, i, (uint32_t)(i & 0xff)};
        assert_int_equal(ftagg_table_add(t, &k, i % 3), 0);
    }
    assert_int_equal(ftagg_table_rows(t), 300000);
    size_t big = ftagg_table_bytes(t);
    assert_true(big > 20 * small);
    assert_non_null(ftagg_table_sorted(t, &n));
    assert_int_equal(n, 300000);
    ftagg_table_clear(t);
    assert_int_equal(ftagg_table_rows(t), 0);
    ftagg_key_t k = {1, 2, 3};
    assert_int_equal(ftagg_table_add(t, &k, 9), 0);
    assert_int_equal(ftagg_table_add(t, &k, 9), 0);
    assert_int_equal(ftagg_table_add(t, &k, 8), 0);
    const ftagg_row_t *rows = ftagg_table_sorted(t, &n);
    assert_int_equal(n, 1);
    assert_int_equal(rows[0].value, 2);
    ftagg_table_clear(t);
    assert_true(ftagg_table_bytes(t) < big / 4);
    /* a table that was sorted refuses adds until it is cleared */
    assert_int_equal(ftagg_table_add(t, &k, 1), 0);
    assert_non_null(ftagg_table_sorted(t, &n));
    assert_int_equal(ftagg_table_add(t, &k, 1), -1);
    ftagg_table_free(t);
}

/* The radix sort on its own: keys differing only in a low digit, in one
 * high digit, and in every digit; compared with qsort. */
static void test_sort_patterns(void **state)
{
    (void)state;
    const size_t n = 50000;
    ftagg_row_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
    assert_non_null(a);
    assert_non_null(b);
    for (int pattern = 0; pattern < 3; pattern++) {
        for (size_t i = 0; i < n; i++) {
            ftagg_key_t k = {0, 0, 0};
            uint64_t r = rnd();
            if (pattern == 0)
                k.rest = i ^ 0x5555; /* ip_len-like low bytes only */
            else if (pattern == 1)
                k = (ftagg_key_t){(r & 0xff) << 56 | i, 0, 0};
            else
                k = (ftagg_key_t){r, rnd() & 0xffffffffffffull,
                                  (uint32_t)(rnd() & 0xffffff)};
            a[i].key = k;
            a[i].value = i;
        }
        memcpy(b, a, n * sizeof(*a));
        ftagg_sort_rows(a, n);
        qsort(b, n, sizeof(*b), qsort_cmp);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(ftagg_key_cmp(&a[i].key, &b[i].key), 0);
            assert_int_equal(a[i].value, b[i].value); /* rows move whole */
        }
    }
    ftagg_sort_rows(a, 0);
    ftagg_sort_rows(a, 1);
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_examples),
        cmocka_unit_test(test_field_names),
        cmocka_unit_test(test_values),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_sums_small),
        cmocka_unit_test(test_sums_large),
        cmocka_unit_test(test_distinct),
        cmocka_unit_test(test_clear_and_shrink),
        cmocka_unit_test(test_sort_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
