/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The binary tuple (SPEC 4.5, both variants), class records, and the
 * text line (SPEC 4.6). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ft_internal.h"
#include "ft_test_util.h"

/* SPEC 4.5's example: 1.2.3.4:80 -> 5.6.7.8:1234, TCP, ttl 64, flags 0x12,
 * len 40, count 3 */
static const uint8_t spec_sixu[21] = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
                                      0x08, 0x00, 0x50, 0x04, 0xD2, 0x06, 0x40,
                                      0x12, 0x00, 0x28, 0x00, 0x00, 0x00, 0x03};
static const uint8_t spec_sixt[20] = {0x01, 0x02, 0x03, 0x04, 0x06, 0x07, 0x08,
                                      0x00, 0x50, 0x04, 0xD2, 0x06, 0x40, 0x12,
                                      0x00, 0x28, 0x00, 0x00, 0x00, 0x03};

static void test_encode_spec_example(void **state)
{
    uint8_t out[32];
    ft_item_t it = ft_item("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    (void)state;

    memset(out, 0xee, sizeof(out));
    assert_int_equal(corsaro__ft_encode_item(out, &it, 0), 21);
    assert_memory_equal(out, spec_sixu, 21);
    assert_int_equal(out[21], 0xee);
}

static void test_encode_slash_eight(void **state)
{
    uint8_t out[32];
    corsaro_flowtuple_t ft = ft_make("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    ft_keyopts_t opts = {1, 44};
    ft_item_t it;
    (void)state;

    corsaro__ft_key_from_flowtuple(&ft, &opts, &it);
    it.count = 3;
    memset(out, 0xee, sizeof(out));
    assert_int_equal(corsaro__ft_encode_item(out, &it, 1), 20);
    assert_memory_equal(out, spec_sixt, 20);
    assert_int_equal(out[20], 0xee);
}

static void test_decode_both_variants(void **state)
{
    corsaro_flowtuple_t got;
    corsaro_flowtuple_t want = ft_make("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    (void)state;

    corsaro__ft_decode_tuple(spec_sixu, 0, 99, &got);
    assert_memory_equal(&got, &want, sizeof(got));
    /* SIXT: the destination gets the reader's octet */
    want = ft_make("1.2.3.4", "44.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    corsaro__ft_decode_tuple(spec_sixt, 1, 44, &got);
    assert_memory_equal(&got, &want, sizeof(got));
    want = ft_make("1.2.3.4", "0.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    corsaro__ft_decode_tuple(spec_sixt, 1, 0, &got);
    assert_memory_equal(&got, &want, sizeof(got));
}

static void test_item_flowtuple_round_trip(void **state)
{
    corsaro_flowtuple_t want = ft_make("200.1.2.3", "44.5.6.7", 65535, 1, 17, 255,
                                       0xc2, 65535, 0xdeadbeef);
    corsaro_flowtuple_t back;
    ft_item_t it;
    (void)state;

    corsaro__ft_key_from_flowtuple(&want, NULL, &it);
    it.count = 0xdeadbeef;
    corsaro__ft_flowtuple_from_item(&it, &back);
    assert_memory_equal(&back, &want, sizeof(back));
}

static void test_class_records(void **state)
{
    uint8_t out[10];
    (void)state;

    corsaro__ft_encode_class_start(out, CORSARO_FLOWTUPLE_MAGIC_SIXU, 2, 0x01020304);
    assert_memory_equal(out, "SIXU\x00\x02\x01\x02\x03\x04", 10);
    corsaro__ft_encode_class_end(out, CORSARO_FLOWTUPLE_MAGIC_SIXT, 1);
    assert_memory_equal(out, "SIXT\x00\x01", 6);
    assert_string_equal(corsaro__ft_class_name(0), "flowtuple_backscatter");
    assert_string_equal(corsaro__ft_class_name(1), "flowtuple_icmpreq");
    assert_string_equal(corsaro__ft_class_name(2), "flowtuple_other");
}

static void test_text_line(void **state)
{
    char buf[FT_TEXT_MAX];
    corsaro_flowtuple_t ft = ft_make("1.2.3.4", "5.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    (void)state;

    size_t n = corsaro__ft_tuple_to_text(&ft, buf);
    assert_string_equal(buf, "1.2.3.4|5.6.7.8|80|1234|6|64|0x12|40,3\n");
    assert_int_equal(n, strlen(buf));

    ft = ft_make("0.0.0.0", "0.0.0.0", 0, 0, 0, 0, 0, 0, 0);
    corsaro__ft_tuple_to_text(&ft, buf);
    assert_string_equal(buf, "0.0.0.0|0.0.0.0|0|0|0|0|0x00|0,0\n");

    ft = ft_make("255.255.255.255", "255.255.255.255", 65535, 65535, 255, 255, 0xff,
                 65535, 4294967295u);
    n = corsaro__ft_tuple_to_text(&ft, buf);
    assert_string_equal(buf, "255.255.255.255|255.255.255.255|65535|65535|255|255|"
                             "0xff|65535,4294967295\n");
    assert_true(n + 1 <= FT_TEXT_MAX);

    ft = ft_make("10.0.0.128", "10.0.0.20", 8, 0, 1, 37, 0xab, 28, 1);
    corsaro__ft_tuple_to_text(&ft, buf);
    assert_string_equal(buf, "10.0.0.128|10.0.0.20|8|0|1|37|0xab|28,1\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encode_spec_example),
        cmocka_unit_test(test_encode_slash_eight),
        cmocka_unit_test(test_decode_both_variants),
        cmocka_unit_test(test_item_flowtuple_round_trip),
        cmocka_unit_test(test_class_records),
        cmocka_unit_test(test_text_line),
    };
    return cmocka_run_group_tests_name("flowtuple_format", tests, NULL, NULL);
}
