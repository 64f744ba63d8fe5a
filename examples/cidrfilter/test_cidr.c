/*
 * cidrfilter: an example Corsaro filter plugin. GPL-3.0-or-later.
 */
/* Unit tests of prefix parsing and matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "cidr.h"

static void expect_bad(const char *text, const char *why_part)
{
    cidr_t c;
    char why[160] = "";
    if (cidr_parse(text, &c, why, sizeof(why)) == 0)
        fail_msg("'%s' was accepted", text);
    if (strstr(why, why_part) == NULL)
        fail_msg("'%s': '%s' lacks '%s'", text, why, why_part);
}

static void test_parse_good(void **state)
{
    (void)state;
    cidr_t c;
    char why[160];
    assert_int_equal(cidr_parse("44.0.0.0/8", &c, why, sizeof(why)), 0);
    assert_int_equal(c.network, 0x2c000000u);
    assert_int_equal(c.mask, 0xff000000u);
    assert_int_equal(c.len, 8);
    assert_int_equal(cidr_parse("0.0.0.0/0", &c, why, sizeof(why)), 0);
    assert_int_equal(c.mask, 0);
    assert_int_equal(cidr_parse("192.0.2.7", &c, why, sizeof(why)), 0);
    assert_int_equal(c.len, 32);
    assert_int_equal(c.mask, 0xffffffffu);
}

static void test_parse_bad(void **state)
{
    (void)state;
    expect_bad("44.0.0.0/33", "not 0 to 32");
    expect_bad("44.0.0.0/", "not 0 to 32");
    expect_bad("44.0.0.0/8x", "not 0 to 32");
    expect_bad("44.0.0/8", "not an IPv4 address");
    expect_bad("300.0.0.0/8", "not an IPv4 address");
    expect_bad("example.com/8", "not an IPv4 address");
    expect_bad("", "expected A.B.C.D/LEN");
    expect_bad("44.1.0.0/8", "did you mean 44.0.0.0/8?");
}

static void test_contains(void **state)
{
    (void)state;
    cidr_t list[2];
    char why[160];
    assert_int_equal(cidr_parse("44.0.0.0/9", &list[0], why, sizeof(why)), 0);
    assert_int_equal(cidr_parse("10.1.2.3/32", &list[1], why, sizeof(why)), 0);
    assert_true(cidr_list_contains(list, 2, 0x2c000000u));  /* 44.0.0.0 */
    assert_true(cidr_list_contains(list, 2, 0x2c7fffffu));  /* 44.127.255.255 */
    assert_false(cidr_list_contains(list, 2, 0x2c800000u)); /* 44.128.0.0 */
    assert_true(cidr_list_contains(list, 2, 0x0a010203u));
    assert_false(cidr_list_contains(list, 2, 0x0a010204u));
    assert_false(cidr_list_contains(list, 0, 0x2c000000u));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_good),
        cmocka_unit_test(test_parse_bad),
        cmocka_unit_test(test_contains),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
