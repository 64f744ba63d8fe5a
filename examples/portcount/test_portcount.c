/*
 * portcount: an example Corsaro plugin. GPL-3.0-or-later.
 */
/* Unit tests of the parts that need no run: the count table and the
 * record codec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "portcount.h"

static void test_counts_sorted_and_emptied(void **state)
{
    (void)state;
    portcount_table_t *t = portcount_table_new();
    assert_non_null(t);
    assert_int_equal(portcount_table_add(t, 17, 53), 0);
    assert_int_equal(portcount_table_add(t, 6, 443), 0);
    assert_int_equal(portcount_table_add(t, 6, 80), 0);
    assert_int_equal(portcount_table_add(t, 17, 53), 0);
    size_t cnt;
    portcount_entry_t *e = portcount_table_take(t, &cnt);
    assert_int_equal(cnt, 3);
    assert_int_equal(e[0].protocol, 6);
    assert_int_equal(e[0].port, 80);
    assert_int_equal(e[1].port, 443);
    assert_int_equal(e[2].protocol, 17);
    assert_int_equal(e[2].packets, 2);
    free(e);
    /* taking empties the table for the next interval */
    e = portcount_table_take(t, &cnt);
    assert_int_equal(cnt, 0);
    assert_null(e);
    portcount_table_free(t);
}

static void test_table_grows(void **state)
{
    (void)state;
    portcount_table_t *t = portcount_table_new();
    /* every port of two protocols: far past the initial size */
    for (uint32_t port = 0; port < 65536; port++) {
        assert_int_equal(portcount_table_add(t, 6, (uint16_t)port), 0);
        assert_int_equal(portcount_table_add(t, 255, (uint16_t)port), 0);
    }
    assert_int_equal(portcount_table_add(t, 255, 65535), 0);
    size_t cnt;
    portcount_entry_t *e = portcount_table_take(t, &cnt);
    assert_int_equal(cnt, 2 * 65536);
    for (size_t i = 0; i < cnt; i++) {
        assert_int_equal(e[i].protocol, i < 65536 ? 6 : 255);
        assert_int_equal(e[i].port, i % 65536);
        assert_int_equal(e[i].packets, i == cnt - 1 ? 2 : 1);
    }
    free(e);
    portcount_table_free(t);
}

static void test_entry_codec(void **state)
{
    (void)state;
    portcount_entry_t in = {0x0102030405060708ull, 0xbeef, 132}, out;
    uint8_t raw[PORTCOUNT_ENTRY_LEN];
    portcount_encode_entry(raw, &in);
    /* big-endian on disk whatever the host */
    assert_int_equal(raw[0], 132);
    assert_int_equal(raw[2], 0xbe);
    assert_int_equal(raw[4], 0x01);
    assert_int_equal(raw[11], 0x08);
    portcount_decode_entry(raw, &out);
    assert_int_equal(out.protocol, in.protocol);
    assert_int_equal(out.port, in.port);
    assert_true(out.packets == in.packets);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_sorted_and_emptied),
        cmocka_unit_test(test_table_grows),
        cmocka_unit_test(test_entry_codec),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
