/* Template expansion (SPEC 1.4) and compression from the suffix (1.5). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "corsaro_int.h"

static void expect_name(const char *tmpl, const char *plugin, uint32_t t,
                        int compressed, const char *want)
{
    char buf[CORSARO__NAME_LEN];
    assert_int_equal(corsaro__template_expand(tmpl, plugin, "mon", t, compressed,
                                              buf, sizeof(buf)), 0);
    assert_string_equal(buf, want);
}

static void test_plugin_monitor_seconds(void **s)
{
    (void)s;
    expect_name("/d/%N.%s.%P.cors.gz", "flowtuple", 1320969600, 1,
                "/d/mon.1320969600.flowtuple.cors.gz");
}

static void test_uncompressed_drops_suffix(void **s)
{
    (void)s;
    /* the log file is never compressed: its name loses .gz and the rest */
    expect_name("/d/%N.%s.%P.cors.gz", "log", 1320969600, 0,
                "/d/mon.1320969600.log.cors");
    expect_name("a.bz2", "dos", 0, 0, "a");
    expect_name("a.gz", "dos", 0, 1, "a.gz");
    expect_name("%P.xz", "log", 0, 0, "log");
}

static void test_suffix_only_at_end(void **s)
{
    (void)s;
    /* a ".gz" inside the template is part of the name: v2 cut every name
     * there, so global, log and each plugin got the same file */
    expect_name("out.gz.d/%P.cors", "global", 0, 0, "out.gz.d/global.cors");
    expect_name("out.gz.d/%P.cors", "log", 0, 0, "out.gz.d/log.cors");
    expect_name("x.gz.%P", "dos", 0, 0, "x.gz.dos");
    expect_name("a.xz-%P", "dos", 0, 0, "a.xz-dos");
    expect_name("%P.gz.%s", "flowtuple", 60, 0, "flowtuple.gz.60");
    /* a directory named after a compressed trace, compressed outputs: only
     * the final suffix is dropped, for the log */
    expect_name("t.pcap.gz.out/%P.cors.gz", "log", 0, 0, "t.pcap.gz.out/log.cors");
    expect_name("t.pcap.gz.out/%P.cors.gz", "dos", 0, 1,
                "t.pcap.gz.out/dos.cors.gz");
    assert_int_equal(corsaro__template_compress("out.gz.d/%P.cors"),
                     CORSARO_FILE_COMPRESS_NONE);
}

static void test_strftime_utc(void **s)
{
    (void)s;
    expect_name("%Y%m%d-%H%M-%P", "global", 1320969600 + 3600 + 120, 1,
                "20111111-0102-global");
}

static void test_percent_percent(void **s)
{
    (void)s;
    /* after "%%" the second '%' is looked at again: "%%P" is "%" + plugin,
     * and the result goes through strftime like v2's: "%dos" is day 01 + "os" */
    expect_name("a%%P", "dos", 0, 1, "a01os");
    expect_name("a%%s", "dos", 0, 1, "a%0"); /* "%" + seconds, then "%0" kept */
}

static void test_too_long(void **s)
{
    (void)s;
    char buf[16];
    assert_int_equal(corsaro__template_expand("%P-%P-%P", "flowtuple", "m", 0, 1,
                                              buf, sizeof(buf)), -1);
}

static void test_compress_from_suffix(void **s)
{
    (void)s;
    assert_int_equal(corsaro__template_compress("a.gz"), CORSARO_FILE_COMPRESS_ZLIB);
    assert_int_equal(corsaro__template_compress("a.bz2"), CORSARO_FILE_COMPRESS_BZ2);
    assert_int_equal(corsaro__template_compress("a.xz"), CORSARO_FILE_COMPRESS_LZMA);
    assert_int_equal(corsaro__template_compress("a.gz.cors"), CORSARO_FILE_COMPRESS_NONE);
    assert_int_equal(corsaro__template_compress("%P"), CORSARO_FILE_COMPRESS_NONE);
}

static void test_has_time(void **s)
{
    (void)s;
    assert_false(corsaro__template_has_time("/d/%N.%P.cors"));
    assert_true(corsaro__template_has_time("/d/%N.%s.%P"));
    assert_true(corsaro__template_has_time("/d/%Y/%P"));
    assert_true(corsaro__template_has_time("/d/%P%")); /* end of string counts */
}

static void test_validate(void **s)
{
    (void)s;
    char why[256];
    assert_int_equal(corsaro__template_validate("out/%s.cors", why, sizeof(why)), -1);
    assert_non_null(strstr(why, "%P"));
    assert_int_equal(corsaro__template_validate("-", why, sizeof(why)), -1);
    assert_int_equal(corsaro__template_validate("out/%P", why, sizeof(why)), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plugin_monitor_seconds),
        cmocka_unit_test(test_uncompressed_drops_suffix),
        cmocka_unit_test(test_suffix_only_at_end),
        cmocka_unit_test(test_strftime_utc),
        cmocka_unit_test(test_percent_percent),
        cmocka_unit_test(test_too_long),
        cmocka_unit_test(test_compress_from_suffix),
        cmocka_unit_test(test_has_time),
        cmocka_unit_test(test_validate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
