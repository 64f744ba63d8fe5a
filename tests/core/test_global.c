/* The global file, byte for byte against hand-computed layouts (SPEC 3),
 * in binary and ASCII, and read back through Corsaro-In. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_plugin.h"
#include "scratch_dir.h"

static int setup(void **s)
{
    (void)s;
    return scratch_dir_make("global");
}

static int teardown(void **s)
{
    (void)s;
    return scratch_dir_remove();
}

static corsaro_t *run(corsaro_file_mode_t mode, int block)
{
    char tmpl[128];
    snprintf(tmpl, sizeof(tmpl), "%s/%%P.cors", scratch_dir);
    corsaro_t *c = corsaro_alloc_output(tmpl, mode);
    corsaro_disable_logfile(c);
    corsaro_set_traceuri(c, "x.pcap");
    fake_attach(c);
    fake_log.write_global_block = block;
    c->init_time = 0x11223344;
    struct timeval a = {1000, 5}, b = {1070, 0};
    assert_int_equal(corsaro__interval_per_packet(c, &a), 0);
    c->packet_cnt++;
    assert_int_equal(corsaro__interval_per_packet(c, &b), 0);
    c->packet_cnt++;
    assert_int_equal(corsaro_finalize_output(c), 0);
    return c;
}

static uint8_t *slurp(const char *name, size_t *len)
{
    char path[160];
    snprintf(path, sizeof(path), "%s/%s", scratch_dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    uint8_t *buf = malloc(1 << 16);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

static const uint8_t header[] = {
    'E', 'D', 'G', 'R', 'H', 'E', 'A', 'D', 2, 0, 0x11, 0x22, 0x33, 0x44,
    0x00, 0x3c,                                    /* interval 60 */
    0x00, 0x06, 'x', '.', 'p', 'c', 'a', 'p',      /* uri */
    0x00, 0x01, 'F', 'A', 'K', 'E',                /* one plugin magic */
};

static const uint8_t intervals_with_block[] = {
    'E', 'D', 'G', 'R', 'I', 'N', 'T', 'R', 0, 0, 0, 0, 0x03, 0xe8,
    'E', 'D', 'G', 'R', 'D', 'A', 'T', 'A', 'F', 'A', 'K', 'E',
    0xde, 0xad, 0xbe, 0xef,
    'E', 'D', 'G', 'R', 'D', 'A', 'T', 'A', 'F', 'A', 'K', 'E',
    'E', 'D', 'G', 'R', 'I', 'N', 'T', 'R', 0, 0, 0, 0, 0x04, 0x23, /* 1059 */
    'E', 'D', 'G', 'R', 'I', 'N', 'T', 'R', 0, 1, 0, 0, 0x04, 0x24, /* 1060 */
    'E', 'D', 'G', 'R', 'D', 'A', 'T', 'A', 'F', 'A', 'K', 'E',
    0xde, 0xad, 0xbe, 0xef,
    'E', 'D', 'G', 'R', 'D', 'A', 'T', 'A', 'F', 'A', 'K', 'E',
    'E', 'D', 'G', 'R', 'I', 'N', 'T', 'R', 0, 1, 0, 0, 0x04, 0x2e, /* 1070 */
};

static void test_binary_bytes(void **s)
{
    (void)s;
    corsaro_t *c = run(CORSARO_FILE_MODE_BINARY, 1);
    size_t len;
    uint8_t *b = slurp("global.cors", &len);
    assert_int_equal(len, sizeof(header) + sizeof(intervals_with_block) + 48);
    assert_memory_equal(b, header, sizeof(header));
    assert_memory_equal(b + sizeof(header), intervals_with_block,
                        sizeof(intervals_with_block));
    const uint8_t *t = b + sizeof(header) + sizeof(intervals_with_block);
    static const uint8_t trailer_start[] = {
        'E', 'D', 'G', 'R', 'F', 'O', 'O', 'T', 0, 0, 0, 0, 0, 0, 0, 2,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* accepted unknown */
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, /* dropped unknown */
        0, 0, 0x03, 0xe8, 0, 0, 0x04, 0x2e};            /* first, last */
    assert_memory_equal(t, trailer_start, sizeof(trailer_start));
    free(b);
    corsaro_free(c);
}

static void test_ascii_text(void **s)
{
    (void)s;
    corsaro_t *c = run(CORSARO_FILE_MODE_ASCII, 0);
    size_t len;
    char *b = (char *)slurp("global.cors", &len);
    b[len] = '\0';
    const char *want =
        "# CORSARO_VERSION 2.0\n# CORSARO_INITTIME 287454020\n"
        "# CORSARO_INTERVAL 60\n# CORSARO_TRACEURI x.pcap\n"
        "# CORSARO_PLUGIN fake\n"
        "# CORSARO_INTERVAL_START 0 1000\n# CORSARO_INTERVAL_END 0 1059\n"
        "# CORSARO_INTERVAL_START 1 1060\n# CORSARO_INTERVAL_END 1 1070\n"
        "# CORSARO_PACKETCNT 2\n# CORSARO_FIRSTPKT 1000\n# CORSARO_LASTPKT 1070\n";
    assert_int_equal(strncmp(b, want, strlen(want)), 0);
    assert_non_null(strstr(b, "# CORSARO_FINALTIME "));
    assert_null(strstr(b, "ACCEPTEDCNT")); /* unknown counts are omitted */
    free(b);
    corsaro_free(c);
}

static void test_read_back(void **s)
{
    (void)s;
    corsaro_t *c = run(CORSARO_FILE_MODE_BINARY, 0);
    corsaro_free(c);
    char path[160];
    snprintf(path, sizeof(path), "%s/global.cors", scratch_dir);
    corsaro_in_t *in = corsaro_in_alloc(path);
    assert_int_equal(corsaro_in_start(in), 0);
    corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
    corsaro_in_record_type_t type;
    static const corsaro_in_record_type_t want[] = {
        CORSARO_IN_RECORD_TYPE_IO_HEADER, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START,
        CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END,
        CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START,
        CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END, CORSARO_IN_RECORD_TYPE_IO_TRAILER};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        assert_true(corsaro_in_read_record(in, &type, rec) > 0);
        assert_int_equal(type, want[i]);
        if (i == 0) {
            corsaro_header_t *h = corsaro_in_get_record_data(rec);
            assert_int_equal(h->local_init_time, 0x11223344);
            assert_int_equal(h->interval_length, 60);
            assert_string_equal(h->traceuri, "x.pcap");
            assert_int_equal(h->plugin_cnt, 1);
            assert_int_equal(h->plugin_magics[0], FAKE_MAGIC);
        }
        if (i == 4) {
            corsaro_interval_t *iv = corsaro_in_get_record_data(rec);
            assert_int_equal(iv->number, 1);
            assert_int_equal(iv->time, 1070);
        }
        if (i == 5) {
            corsaro_trailer_t *t = corsaro_in_get_record_data(rec);
            assert_int_equal(t->packet_cnt, 2);
            assert_int_equal(t->first_packet_time, 1000);
            assert_true(t->accepted_cnt == UINT64_MAX);
        }
    }
    assert_int_equal(corsaro_in_read_record(in, &type, rec), 0);
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
}

static void test_truncated_global_fails(void **s)
{
    (void)s;
    corsaro_t *c = run(CORSARO_FILE_MODE_BINARY, 0);
    corsaro_free(c);
    char path[160];
    snprintf(path, sizeof(path), "%s/global.cors", scratch_dir);
    assert_int_equal(truncate(path, sizeof(header) + 14 + 14), 0);
    corsaro_in_t *in = corsaro_in_alloc(path);
    assert_int_equal(corsaro_in_start(in), 0);
    corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
    corsaro_in_record_type_t type;
    off_t n;
    int records = 0;
    while ((n = corsaro_in_read_record(in, &type, rec)) > 0)
        records++;
    assert_int_equal(n, -1);
    assert_int_equal(records, 3);
    assert_non_null(strstr(corsaro_in_error(in), "no trailer"));
    assert_non_null(strstr(corsaro_in_error(in), "byte 58"));
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
}

static void test_no_packet_no_file(void **s)
{
    (void)s;
    char tmpl[128], path[160];
    snprintf(tmpl, sizeof(tmpl), "%s/empty-%%P.cors", scratch_dir);
    corsaro_t *c = corsaro_alloc_output(tmpl, CORSARO_FILE_MODE_BINARY);
    corsaro_disable_logfile(c);
    fake_attach(c);
    assert_int_equal(corsaro_finalize_output(c), 0);
    corsaro_free(c);
    snprintf(path, sizeof(path), "%s/empty-global.cors", scratch_dir);
    assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary_bytes),
        cmocka_unit_test(test_ascii_text),
        cmocka_unit_test(test_read_back),
        cmocka_unit_test(test_truncated_global_fails),
        cmocka_unit_test(test_no_packet_no_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
