/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Prefix parsing (plugins/filterpfx/pfx_cidr.c), prefix-file lines
 * (pfx_load_parse_line) and filterbpf's `[name:]bpf` split. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fbpf_spec.h"
#include "pfx_cidr.h"
#include "pfx_load.h"

static void good(const char *text, uint32_t addr, unsigned len, int host_bits)
{
    pfx_cidr_t c;
    char why[200];
    if (pfx_cidr_parse(text, &c, why, sizeof(why)) != 0)
        fail_msg("'%s' refused: %s", text, why);
    assert_int_equal(c.addr, addr);
    assert_int_equal(c.len, len);
    assert_int_equal(c.host_bits, host_bits);
}

static void bad(const char *text)
{
    pfx_cidr_t c;
    char why[200] = "";
    if (pfx_cidr_parse(text, &c, why, sizeof(why)) == 0)
        fail_msg("'%s' accepted", text);
    assert_true(why[0] != '\0');
}

static void test_cidr_good(void **s)
{
    (void)s;
    good("44.0.0.0/8", 0x2c000000u, 8, 0);
    good("10.1.2.3", 0x0a010203u, 32, 0);
    good("10.1.2.3/32", 0x0a010203u, 32, 0);
    good("0.0.0.0/0", 0, 0, 0);
    good("255.255.255.255/32", 0xffffffffu, 32, 0);
    good("192.168.1.0/24", 0xc0a80100u, 24, 0);
    /* host bits are accepted and masked */
    good("10.1.2.3/8", 0x0a000000u, 8, 1);
    good("1.2.3.4/0", 0, 0, 1);
    good("44.1.255.255/17", 0x2c018000u, 17, 1);
}

static void test_cidr_bad(void **s)
{
    (void)s;
    bad("");
    bad("44");
    bad("44.1");
    bad("44.1.0/16");
    bad("44.1.0.0.0/16");
    bad("256.0.0.0/8");
    bad("44.1.0.300/16");
    bad("44.1.0.0/33");
    bad("44.1.0.0/");
    bad("44.1.0.0/-1");
    bad("44.1.0.0/8x");
    bad("44.1.0.0 /8");
    bad("010.0.0.0/8"); /* octal or decimal? refused */
    bad("0x0a.0.0.0/8");
    bad("44.1.0.0/08");
    bad("1111.0.0.0/8");
    bad("-1.0.0.0/8");
    bad("2001:db8::/32");
    bad("a.b.c.d/8");
}

static void test_file_lines(void **s)
{
    (void)s;
    char line[200], why[200];
    uint32_t addr;
    unsigned len;
    int hb, have;
#define LINE(text)                                                           \
    (snprintf(line, sizeof(line), "%s", text),                               \
     pfx_load_parse_line(line, &addr, &len, &hb, &have, why, sizeof(why)))
    assert_int_equal(LINE("44.1.0.0/16\n"), 0);
    assert_true(have);
    assert_int_equal(addr, 0x2c010000u);
    assert_int_equal(len, 16);
    assert_int_equal(LINE("  \t10.0.0.0/8   # the tens\r\n"), 0);
    assert_true(have);
    assert_int_equal(len, 8);
    assert_int_equal(LINE("\n"), 0);
    assert_false(have);
    assert_int_equal(LINE("   \r\n"), 0);
    assert_false(have);
    assert_int_equal(LINE("# only a comment\n"), 0);
    assert_false(have);
    assert_int_equal(LINE(""), 0);
    assert_false(have);
    assert_int_equal(LINE("10.0.0.0/8 extra\n"), -1);
    assert_int_equal(LINE("10.0.0.0/88\n"), -1);
    assert_int_equal(LINE("10.0.0.0/8,11.0.0.0/8\n"), -1);
#undef LINE
}

static void split_ok(const char *arg, const char *name, const char *bpf)
{
    size_t name_len;
    const char *got;
    char why[200];
    if (fbpf_spec_split(arg, &name_len, &got, why, sizeof(why)) != 0)
        fail_msg("'%s' refused: %s", arg, why);
    assert_int_equal(name_len, strlen(name));
    assert_memory_equal(arg, name, name_len);
    assert_string_equal(got, bpf);
}

static void test_bpf_split(void **s)
{
    (void)s;
    size_t n;
    const char *bpf;
    char why[200];
    split_ok("web:tcp port 80", "web", "tcp port 80");
    split_ok("tcp port 80", "", "tcp port 80");
    split_ok("a-b_c.9:udp", "a-b_c.9", "udp");
    /* a ':' inside BPF text is not a name separator */
    split_ok("ether host 00:11:22:33:44:55", "", "ether host 00:11:22:33:44:55");
    split_ok("tcp[13:1] = 2", "", "tcp[13:1] = 2");
    split_ok("ip6 host ::1", "", "ip6 host ::1");
    split_ok("v6:ip6 host ::1", "v6", "ip6 host ::1");
    /* v2's groups are refused, not misread */
    assert_int_equal(fbpf_spec_split("g1,g2|web:tcp port 80", &n, &bpf, why,
                                     sizeof(why)), -1);
    assert_non_null(strstr(why, "group"));
    assert_int_equal(fbpf_spec_split("web:", &n, &bpf, why, sizeof(why)), -1);
    assert_int_equal(fbpf_spec_split("web:   ", &n, &bpf, why, sizeof(why)), -1);
    assert_int_equal(fbpf_spec_split("", &n, &bpf, why, sizeof(why)), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cidr_good),
        cmocka_unit_test(test_cidr_bad),
        cmocka_unit_test(test_file_lines),
        cmocka_unit_test(test_bpf_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
