/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* When corsaro turns libwandio's read-ahead thread off: only for plain
 * (uncompressed) regular files, only with uncompressed outputs, never
 * over the user's own LIBTRACEIO. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/readahead.h"

static char dir[64];

static const char *make_file(const char *name, const void *bytes, size_t len)
{
    static char path[4][128];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, 128, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
    return p;
}

static const unsigned char pcap_head[] = {0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0};
static const unsigned char gzip_head[] = {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
static const unsigned char xz_head[] = {0xfd, '7', 'z', 'X', 'Z', 0, 0, 4, 0, 0};
static const unsigned char bz2_head[] = {'B', 'Z', 'h', '9', '1', 'A', 'Y', '&', 0, 0};

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/test_readahead.XXXXXX");
    assert_non_null(mkdtemp(dir));
    unsetenv("LIBTRACEIO");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    unsetenv("LIBTRACEIO");
    return 0;
}

static void test_plain_file_by_content(void **state)
{
    (void)state;
    assert_true(readahead_plain_file(make_file("a.pcap", pcap_head, sizeof(pcap_head))));
    /* the content decides, not the name */
    assert_false(readahead_plain_file(make_file("b.pcap", gzip_head, sizeof(gzip_head))));
    assert_false(readahead_plain_file(make_file("c", xz_head, sizeof(xz_head))));
    assert_false(readahead_plain_file(make_file("d", bz2_head, sizeof(bz2_head))));
    /* too short to tell, missing, a directory, a libtrace URI */
    assert_false(readahead_plain_file(make_file("e", pcap_head, 3)));
    assert_false(readahead_plain_file("/nonexistent/trace.pcap"));
    assert_false(readahead_plain_file(dir));
    char uri[160];
    snprintf(uri, sizeof(uri), "pcapfile:%s/a.pcap", dir);
    assert_true(readahead_plain_file(uri));
    assert_false(readahead_plain_file("-"));
}

static void test_tune_only_when_all_plain(void **state)
{
    (void)state;
    char *plain = strdup(make_file("p.pcap", pcap_head, sizeof(pcap_head)));
    char *gz = strdup(make_file("g.pcap.gz", gzip_head, sizeof(gzip_head)));
    char *both[] = {plain, gz};

    assert_int_equal(readahead_tune(both, 2, CORSARO_FILE_COMPRESS_NONE), 0);
    assert_null(getenv("LIBTRACEIO"));
    /* compressed outputs: libwandio compresses on its threads */
    assert_int_equal(readahead_tune(both, 1, CORSARO_FILE_COMPRESS_ZLIB), 0);
    assert_null(getenv("LIBTRACEIO"));
    assert_int_equal(readahead_tune(both, 1, CORSARO_FILE_COMPRESS_NONE), 1);
    assert_string_equal(getenv("LIBTRACEIO"), "nothreads");

    /* the user's own setting stays */
    setenv("LIBTRACEIO", "buffers=8", 1);
    assert_int_equal(readahead_tune(both, 1, CORSARO_FILE_COMPRESS_NONE), 0);
    assert_string_equal(getenv("LIBTRACEIO"), "buffers=8");
    free(plain);
    free(gz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain_file_by_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tune_only_when_all_plain, setup, teardown),
    };
    return cmocka_run_group_tests_name("readahead", tests, NULL, NULL);
}
