/* The interval clock (SPEC 2.1-2.4) with gaps, alignment, negative
 * intervals, the final-interval fix and rotation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "fake_plugin.h"

static corsaro_t *new_run(int interval, int align)
{
    corsaro_t *c = corsaro_alloc_output("/nonexistent/%P", CORSARO_FILE_MODE_BINARY);
    assert_non_null(c);
    corsaro_disable_globalfile(c);
    corsaro_disable_logfile(c);
    assert_int_equal(corsaro_set_interval(c, interval), 0);
    corsaro_set_interval_alignment(c, align);
    fake_attach(c);
    return c;
}

static void packet_at(corsaro_t *c, long sec, long usec)
{
    struct timeval tv = {sec, usec};
    assert_int_equal(corsaro__interval_per_packet(c, &tv), 0);
    c->packet_cnt++;
}

static void finish(corsaro_t *c, const char *want)
{
    assert_int_equal(corsaro__interval_finalize(c), 0);
    assert_string_equal(fake_events(), want);
    corsaro_free(c);
}

static void test_gap_gives_empty_intervals(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    packet_at(c, 1000, 700000);
    packet_at(c, 1200, 0);
    finish(c, "start 0@1000, end 0@1059, start 1@1060, end 1@1119, "
              "start 2@1120, end 2@1179, start 3@1180, end 3@1200");
}

static void test_alignment(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 1);
    packet_at(c, 1000, 700000);
    packet_at(c, 1030, 0);
    finish(c, "start 0@1000, end 0@1019, start 1@1020, end 1@1030");
}

static void test_last_packet_opens_interval(void **s)
{
    (void)s;
    /* v2 lost this final interval; it must be ended and written */
    corsaro_t *c = new_run(60, 0);
    packet_at(c, 1000, 0);
    packet_at(c, 1060, 0);
    finish(c, "start 0@1000, end 0@1059, start 1@1060, end 1@1060");
}

static void test_earlier_packet_stays_in_interval(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    packet_at(c, 1000, 0);
    packet_at(c, 990, 0);
    finish(c, "start 0@1000, end 0@990");
}

static void test_negative_interval_is_one_interval(void **s)
{
    (void)s;
    corsaro_t *c = new_run(-1, 0);
    packet_at(c, 1000, 0);
    packet_at(c, 500000, 0);
    finish(c, "start 0@1000, end 0@500000");
}

static void test_zero_interval_refused(void **s)
{
    (void)s;
    corsaro_t *c = corsaro_alloc_output("%P", CORSARO_FILE_MODE_BINARY);
    assert_int_equal(corsaro_set_interval(c, 0), -1);
    assert_non_null(strstr(corsaro_error(c), "0 seconds"));
    corsaro_free(c);
}

static void test_no_packets_no_intervals(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    finish(c, "");
}

static void test_rotation_rules(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    corsaro_set_output_rotation(c, 2);
    c->interval_start.number = 0;
    assert_false(corsaro_is_rotate_interval(c));
    assert_false(corsaro__is_meta_rotate_interval(c));
    c->interval_start.number = 1;
    assert_true(corsaro_is_rotate_interval(c));
    assert_true(corsaro__is_meta_rotate_interval(c)); /* -R follows -r */
    corsaro_set_meta_output_rotation(c, 0);
    assert_false(corsaro__is_meta_rotate_interval(c));
    corsaro_set_meta_output_rotation(c, 3);
    c->interval_start.number = 2;
    assert_true(corsaro__is_meta_rotate_interval(c));
    assert_false(corsaro_is_rotate_interval(c));
    corsaro_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gap_gives_empty_intervals),
        cmocka_unit_test(test_alignment),
        cmocka_unit_test(test_last_packet_opens_interval),
        cmocka_unit_test(test_earlier_packet_stays_in_interval),
        cmocka_unit_test(test_negative_interval_is_one_interval),
        cmocka_unit_test(test_zero_interval_refused),
        cmocka_unit_test(test_no_packets_no_intervals),
        cmocka_unit_test(test_rotation_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
