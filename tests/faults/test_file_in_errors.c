/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Corsaro-In's file layer (core/file_in.c) around what libwandio 3.0.22
 * gets wrong: reading on after corrupt compressed data crashed, and a peek
 * near the end of a file returned 0 although it had bytes. Also peeks and
 * reads across its block boundaries.
 */
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corsaro_int.h"

static char dir[64];

static void path_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

static uint8_t pattern(size_t i)
{
    return (uint8_t)(i * 7 + (i >> 11));
}

/* Writes @p len bytes of pattern() to @p name, compressed or not. */
static void write_pattern(const char *name, size_t len,
                          corsaro_file_compress_t compress)
{
    char path[128];
    path_of(path, sizeof(path), name);
    corsaro_file_t *f = corsaro_file_open(path, CORSARO_FILE_MODE_BINARY, compress);
    assert_non_null(f);
    uint8_t *buf = malloc(len);
    assert_non_null(buf);
    for (size_t i = 0; i < len; i++)
        buf[i] = pattern(i);
    assert_int_equal(corsaro_file_write(NULL, f, buf, (off_t)len), (off_t)len);
    assert_int_equal(corsaro_file_close(NULL, f), 0);
    free(buf);
}

static corsaro_file_in_t *open_in(const char *name)
{
    char path[128];
    path_of(path, sizeof(path), name);
    corsaro_file_in_t *f = corsaro_file_ropen(path);
    assert_non_null(f);
    return f;
}

/* a peek that reaches past the end returns the bytes there are */
static void test_peek_near_end(void **state)
{
    (void)state;
    uint8_t b[16];
    write_pattern("ten", 10, CORSARO_FILE_COMPRESS_NONE);
    corsaro_file_in_t *f = open_in("ten");
    assert_int_equal(corsaro_file_rpeek(f, b, 16), 10);
    assert_int_equal(corsaro_file_rread(f, b, 4), 4);
    assert_int_equal(corsaro_file_rpeek(f, b, 16), 6);
    assert_int_equal(b[0], pattern(4));
    assert_int_equal(corsaro_file_rread(f, b, 16), 6);
    assert_int_equal(corsaro_file_rpeek(f, b, 16), 0);
    assert_int_equal(corsaro_file_rread(f, b, 16), 0);
    assert_int_equal(corsaro_file_rtell(f), 10);
    corsaro_file_rclose(f);
}

/* peeks and reads across the 1 MiB blocks we ask wandio for */
static void test_across_blocks(void **state)
{
    (void)state;
    const size_t len = 3u << 20;
    uint8_t b[64];
    for (int gz = 0; gz < 2; gz++) {
        write_pattern("big", len, gz ? CORSARO_FILE_COMPRESS_ZLIB
                                     : CORSARO_FILE_COMPRESS_NONE);
        corsaro_file_in_t *f = open_in("big");
        size_t pos = 0;
        uint8_t *sink = malloc((1u << 20) - 3);
        assert_non_null(sink);
        while (pos + (1u << 20) < len) {
            assert_int_equal(corsaro_file_rread(f, sink, (1u << 20) - 3),
                             (1u << 20) - 3);
            pos += (1u << 20) - 3;
            size_t want = len - pos < sizeof(b) ? len - pos : sizeof(b);
            assert_int_equal(corsaro_file_rpeek(f, b, sizeof(b)), want);
            for (size_t i = 0; i < want; i++)
                assert_int_equal(b[i], pattern(pos + i));
        }
        free(sink);
        while (corsaro_file_rread(f, b, sizeof(b)) > 0) {
        }
        assert_int_equal(corsaro_file_rtell(f), (off_t)len);
        corsaro_file_rclose(f);
    }
}

/* corrupt deflate data: an error, then errors again, never a crash */
static void test_corrupt_gzip(void **state)
{
    (void)state;
    char path[128];
    uint8_t b[4096];
    write_pattern("bad.gz", 4u << 20, CORSARO_FILE_COMPRESS_ZLIB);
    path_of(path, sizeof(path), "bad.gz");
    int fd = open(path, O_WRONLY);
    assert_true(fd >= 0);
    off_t size = lseek(fd, 0, SEEK_END);
    memset(b, 0xff, sizeof(b));
    assert_int_equal(pwrite(fd, b, sizeof(b), size / 2), (ssize_t)sizeof(b));
    close(fd);

    corsaro_file_in_t *f = open_in("bad.gz");
    off_t n;
    while ((n = corsaro_file_rread(f, b, 1000)) > 0) {
    }
    assert_int_equal(n, -1);
    assert_int_equal(corsaro_file_rread(f, b, 1000), -1);
    assert_int_equal(corsaro_file_rpeek(f, b, 8), -1);
    corsaro_file_rclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/corsaro-file-in.XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = {"ten", "big", "bad.gz"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[128];
        path_of(path, sizeof(path), names[i]);
        unlink(path);
    }
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_peek_near_end),
        cmocka_unit_test(test_across_blocks),
        cmocka_unit_test(test_corrupt_gzip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
