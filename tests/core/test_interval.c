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

/* v2's 32-bit clock wrapped: sec + 60 near 2^32 is a small number, and the
 * gap loop then wrote some 71 million empty intervals. */
static void test_packet_near_2106_no_wrap(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    packet_at(c, 4294967290L, 0);
    packet_at(c, 4294967295L, 0);
    finish(c, "start 0@4294967290, end 0@4294967295");
}

static void test_long_interval_no_wrap(void **s)
{
    (void)s;
    corsaro_t *c = new_run(2147483647, 1);
    packet_at(c, 2500000000L, 0);
    packet_at(c, 2500000010L, 0);
    finish(c, "start 0@2500000000, end 0@2500000010");
}

static void expect_refused(corsaro_t *c, long sec, long usec)
{
    struct timeval tv = {sec, usec};
    assert_int_equal(corsaro__interval_per_packet(c, &tv), -1);
}

/* After an error the open interval is still ended (finalisation reports
 * the run's failure). */
static void finish_failed(corsaro_t *c, const char *want)
{
    assert_int_equal(corsaro__interval_finalize(c), -1);
    assert_string_equal(fake_events(), want);
    corsaro_free(c);
}

static void test_time_beyond_32_bits_refused(void **s)
{
    (void)s;
    if (sizeof(time_t) <= 4)
        skip(); /* such a time cannot even be given */
    corsaro_t *c = new_run(60, 0);
    assert_int_equal(corsaro_set_input_name(c, "in.pcap"), 0);
    packet_at(c, 1000, 0);
    c->input_packet_cnt = 7;
    expect_refused(c, (long)4294967296LL, 5);
    assert_non_null(strstr(corsaro_error(c), "in.pcap: packet 7: its time "
                                             "4294967296.000005 s is outside"));
    finish_failed(c, "start 0@1000, end 0@1000");
}

static void test_negative_time_refused(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    assert_int_equal(corsaro_set_traceuri(c, "uri.pcap"), 0);
    expect_refused(c, -1, 0);
    assert_non_null(strstr(corsaro_error(c), "uri.pcap: packet 0: its time "
                                             "-1.000000 s is outside"));
    finish(c, ""); /* nothing started, nothing to end */
}

/* --max-empty-intervals 2: a jump over 2 empty intervals passes, over 3
 * stops before writing any, naming both times. */
static void test_jump_bound(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    corsaro_set_max_empty_intervals(c, 2);
    assert_int_equal(corsaro_set_input_name(c, "in.pcap"), 0);
    packet_at(c, 1000, 0);
    packet_at(c, 1180, 0); /* 1060 and 1120 empty */
    expect_refused(c, 1420, 0); /* 1240, 1300, 1360 */
    assert_non_null(strstr(corsaro_error(c),
                           "in.pcap: packet 0 at 1420 s jumps 240 s past the "
                           "latest packet (1180 s): it would write 3 empty "
                           "intervals of 60 s, more than the limit of 2"));
    finish_failed(c, "start 0@1000, end 0@1059, start 1@1060, end 1@1119, "
                     "start 2@1120, end 2@1179, start 3@1180, end 3@1180");
}

/* The default: one day's worth (24 intervals of an hour). */
static void test_jump_bound_default(void **s)
{
    (void)s;
    corsaro_t *c = new_run(3600, 0);
    packet_at(c, 1000, 0);
    packet_at(c, 4600 + 3600 * 24, 0); /* 24 empty */
    expect_refused(c, 4600 + 3600 * 50, 0); /* 25 empty */
    assert_non_null(strstr(corsaro_error(c), "25 empty intervals of 3600 s, "
                                             "more than the limit of 24"));
    assert_int_equal(c->interval_start.number, 25);
    corsaro_free(c);
}

/* A packet in the past does not move the latest time back. */
static void test_jump_names_latest_time(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    corsaro_set_max_empty_intervals(c, 0);
    packet_at(c, 1000, 0);
    packet_at(c, 1050, 0);
    packet_at(c, 900, 0);
    expect_refused(c, 1130, 0);
    assert_non_null(strstr(corsaro_error(c), "jumps 80 s past the latest "
                                             "packet (1050 s)"));
    corsaro_free(c);
}

/* A stop requested (from a signal handler) while a jump writes empty
 * intervals: the open empty one is ended, the packet left out. */
static void test_stop_during_jump(void **s)
{
    (void)s;
    corsaro_t *c = new_run(60, 0);
    packet_at(c, 1000, 0);
    corsaro_request_stop(c);
    struct timeval tv = {1300, 0};
    assert_int_equal(corsaro__interval_per_packet(c, &tv), 1);
    assert_int_equal(c->last_ts.tv_sec, 1000);
    finish(c, "start 0@1000, end 0@1059, start 1@1060, end 1@1119");
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
        cmocka_unit_test(test_packet_near_2106_no_wrap),
        cmocka_unit_test(test_long_interval_no_wrap),
        cmocka_unit_test(test_time_beyond_32_bits_refused),
        cmocka_unit_test(test_negative_time_refused),
        cmocka_unit_test(test_jump_bound),
        cmocka_unit_test(test_jump_bound_default),
        cmocka_unit_test(test_jump_names_latest_time),
        cmocka_unit_test(test_stop_during_jump),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
