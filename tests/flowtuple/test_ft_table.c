/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The class table: key equality over every field, counting, growth,
 * reset between intervals, insertion order. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ft_internal.h"
#include "ft_test_util.h"

static void test_key_covers_every_field(void **state)
{
    ft_table_t t;
    (void)state;
    assert_int_equal(corsaro__ft_table_init(&t), 0);

    ft_item_t base = ft_item("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x12, 40, 0);
    ft_item_t v[9];
    v[0] = base;
    v[1] = ft_item("1.2.3.5", "5.6.7.8", 80, 1234, 6, 64, 0x12, 40, 0);
    v[2] = ft_item("1.2.3.4", "5.6.7.9", 80, 1234, 6, 64, 0x12, 40, 0);
    v[3] = ft_item("1.2.3.4", "5.6.7.8", 81, 1234, 6, 64, 0x12, 40, 0);
    v[4] = ft_item("1.2.3.4", "5.6.7.8", 80, 1235, 6, 64, 0x12, 40, 0);
    v[5] = ft_item("1.2.3.4", "5.6.7.8", 80, 1234, 17, 64, 0x12, 40, 0);
    v[6] = ft_item("1.2.3.4", "5.6.7.8", 80, 1234, 6, 65, 0x12, 40, 0);
    v[7] = ft_item("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x13, 40, 0);
    v[8] = ft_item("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x12, 41, 0);
    for (int i = 0; i < 9; i++) {
        assert_int_equal(ft_key_equal(&v[i], &base), i == 0);
        assert_int_equal(corsaro__ft_table_add(&t, &v[i], (uint32_t)i + 1), 0);
    }
    assert_int_equal(t.n, 9);
    /* the count is not part of the key */
    ft_item_t again = base;
    again.count = 12345;
    assert_true(ft_key_equal(&again, &base));
    assert_int_equal(corsaro__ft_table_add(&t, &again, 10), 0);
    assert_int_equal(t.n, 9);
    assert_int_equal(corsaro__ft_table_find(&t, &base)->count, 11);
    for (int i = 1; i < 9; i++)
        assert_int_equal(corsaro__ft_table_find(&t, &v[i])->count, i + 1);
    /* items are kept in first-seen order */
    for (int i = 0; i < 9; i++)
        assert_memory_equal(t.items[i].key, v[i].key, FT_KEY_LEN);
    corsaro__ft_table_free(&t);
}

static void test_counts_wrap_like_v2(void **state)
{
    ft_table_t t;
    ft_item_t a = ft_item("9.9.9.9", "8.8.8.8", 1, 2, 17, 3, 0, 28, 0);
    (void)state;
    assert_int_equal(corsaro__ft_table_init(&t), 0);
    assert_int_equal(corsaro__ft_table_add(&t, &a, UINT32_MAX), 0);
    assert_int_equal(corsaro__ft_table_add(&t, &a, 2), 0);
    assert_int_equal(corsaro__ft_table_find(&t, &a)->count, 1);
    corsaro__ft_table_free(&t);
}

static void random_item(uint64_t *seed, ft_item_t *it)
{
    memset(it, 0, sizeof(*it));
    for (int i = 0; i < FT_KEY_LEN; i++)
        it->key[i] = (uint8_t)(ft_rand(seed) >> 56);
}

static void test_growth_and_reset(void **state)
{
    enum { N = 300000 };
    ft_table_t t;
    ft_item_t *keys = malloc(N * sizeof(*keys));
    uint64_t seed = 42;
    (void)state;
    assert_non_null(keys);
    assert_int_equal(corsaro__ft_table_init(&t), 0);

    for (int round = 0; round < 3; round++) {
        for (int i = 0; i < N; i++) {
            random_item(&seed, &keys[i]);
            /* structured keys too: only one byte differs */
            if (i % 4 == 0) {
                memset(keys[i].key, 0, FT_KEY_LEN);
                keys[i].key[i % FT_KEY_LEN] = (uint8_t)(i >> 5);
                keys[i].key[(i + 7) % FT_KEY_LEN] ^= (uint8_t)(i >> 13);
            }
        }
        size_t distinct = 0;
        for (int i = 0; i < N; i++) {
            if (corsaro__ft_table_find(&t, &keys[i]) == NULL)
                distinct++;
            assert_int_equal(corsaro__ft_table_add(&t, &keys[i], 1), 0);
        }
        assert_int_equal(t.n, distinct);
        for (int i = 0; i < N; i++)
            assert_int_equal(corsaro__ft_table_add(&t, &keys[i], 1), 0);
        assert_int_equal(t.n, distinct);
        uint64_t total = 0;
        for (size_t i = 0; i < t.n; i++)
            total += t.items[i].count;
        assert_int_equal(total, 2 * N);
        assert_true(t.n * 10 <= (t.mask + 1) * 7); /* load stays <= 0.7 */

        corsaro__ft_table_reset(&t);
        assert_int_equal(t.n, 0);
        assert_null(corsaro__ft_table_find(&t, &keys[0]));
        assert_null(corsaro__ft_table_find(&t, &keys[N - 1]));
    }
    /* small intervals after big ones give memory back, slowly */
    size_t big = t.mask + 1;
    for (int i = 0; i < 20; i++) {
        assert_int_equal(corsaro__ft_table_add(&t, &keys[i], 1), 0);
        corsaro__ft_table_reset(&t);
    }
    assert_true(t.mask + 1 < big);
    assert_int_equal(corsaro__ft_table_add(&t, &keys[0], 5), 0);
    assert_int_equal(corsaro__ft_table_find(&t, &keys[0])->count, 5);
    corsaro__ft_table_free(&t);
    free(keys);
}

static void test_hash_ignores_count_and_padding(void **state)
{
    ft_item_t a = ft_item("10.0.0.1", "44.1.2.3", 22, 33, 6, 1, 2, 3, 7);
    ft_item_t b = a;
    (void)state;
    b.count = 99;
    assert_true(ft_key_hash(&a) == ft_key_hash(&b));
    b.key[16] ^= 1;
    assert_true(ft_key_hash(&a) != ft_key_hash(&b));
}

/* At an interval end the index goes back to the kernel; the items stay,
 * may be reordered, and the next interval starts from an empty index. */
static void test_release_index_keeps_items(void **state)
{
    enum { N = 200000 };
    ft_table_t t;
    uint64_t seed = 7;
    ft_item_t *keys = malloc(N * sizeof(*keys));
    (void)state;
    assert_non_null(keys);
    assert_int_equal(corsaro__ft_table_init(&t), 0);
    for (int i = 0; i < N; i++) {
        random_item(&seed, &keys[i]);
        assert_int_equal(corsaro__ft_table_add_later(&t, &keys[i], (uint32_t)i + 1), 0);
    }
    assert_int_equal(corsaro__ft_table_flush(&t), 0);
    assert_int_equal(t.n, N);
    corsaro__ft_table_release_index(&t);
    for (size_t i = 0; i <= t.mask; i++)
        if (t.slots[i] != 0)
            fail_msg("slot %zu still set after release", i);
    for (int i = 0; i < N; i++) {
        assert_memory_equal(t.items[i].key, keys[i].key, FT_KEY_LEN);
        assert_int_equal(t.items[i].count, (uint32_t)i + 1);
    }
    /* the sort reorders the slab in place; the reset forgets it all */
    ft_item_t first = t.items[0];
    t.items[0] = t.items[N - 1];
    t.items[N - 1] = first;
    corsaro__ft_table_reset(&t);
    assert_null(corsaro__ft_table_find(&t, &keys[0]));
    for (int i = 0; i < N; i += 3)
        assert_int_equal(corsaro__ft_table_add_later(&t, &keys[i], 2), 0);
    assert_int_equal(corsaro__ft_table_flush(&t), 0);
    assert_int_equal(t.n, (N + 2) / 3);
    for (int i = 0; i < N; i++) {
        ft_item_t *it = corsaro__ft_table_find(&t, &keys[i]);
        if (i % 3 == 0)
            assert_true(it != NULL && it->count == 2);
        else
            assert_null(it);
    }
    corsaro__ft_table_free(&t);
    free(keys);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_key_covers_every_field),
        cmocka_unit_test(test_counts_wrap_like_v2),
        cmocka_unit_test(test_growth_and_reset),
        cmocka_unit_test(test_release_index_keeps_items),
        cmocka_unit_test(test_hash_ignores_count_and_padding),
    };
    return cmocka_run_group_tests_name("flowtuple_table", tests, NULL, NULL);
}
