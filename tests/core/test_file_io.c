/* Output files: every compression round-trips, and a failed write is
 * reported with the file name instead of passing silently. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corsaro_int.h"

#define DATA_LEN (3u << 20)

static void round_trip(corsaro_file_compress_t compress, const char *suffix,
                       const uint8_t *magic, size_t magic_len)
{
    char path[128];
    snprintf(path, sizeof(path), "/tmp/corsaro-test-io-%d%s", (int)getpid(), suffix);
    uint8_t *data = malloc(DATA_LEN);
    for (size_t i = 0; i < DATA_LEN; i++)
        data[i] = (uint8_t)(i * 7 + (i >> 11));
    corsaro_file_t *f = corsaro_file_open(path, CORSARO_FILE_MODE_BINARY, compress);
    assert_non_null(f);
    /* odd-sized writes cross the staging buffer's edge */
    for (size_t off = 0; off < DATA_LEN; off += 12345) {
        off_t n = DATA_LEN - off < 12345 ? (off_t)(DATA_LEN - off) : 12345;
        assert_int_equal(corsaro_file_write(NULL, f, data + off, n), n);
    }
    assert_int_equal(corsaro_file_printf(NULL, f, "%s %d\n", "end", 42), 7);
    assert_int_equal(corsaro_file_close(NULL, f), 0);

    FILE *raw = fopen(path, "rb");
    uint8_t head[8];
    assert_int_equal(fread(head, 1, magic_len, raw), magic_len);
    fclose(raw);
    assert_memory_equal(head, magic, magic_len);

    corsaro_file_in_t *in = corsaro_file_ropen(path);
    assert_non_null(in);
    uint8_t *back = malloc(DATA_LEN + 16);
    assert_int_equal(corsaro_file_rread(in, back, DATA_LEN + 16), DATA_LEN + 7);
    assert_memory_equal(back, data, DATA_LEN);
    assert_memory_equal(back + DATA_LEN, "end 42\n", 7);
    assert_int_equal(corsaro_file_rtell(in), DATA_LEN + 7);
    corsaro_file_rclose(in);
    unlink(path);
    free(data);
    free(back);
}

static void test_plain(void **s)
{
    (void)s;
    round_trip(CORSARO_FILE_COMPRESS_NONE, ".cors", (const uint8_t *)"\x00\x07\x0e", 3);
}

static void test_gzip(void **s)
{
    (void)s;
    round_trip(CORSARO_FILE_COMPRESS_ZLIB, ".gz", (const uint8_t *)"\x1f\x8b", 2);
}

static void test_bzip2(void **s)
{
    (void)s;
    round_trip(CORSARO_FILE_COMPRESS_BZ2, ".bz2", (const uint8_t *)"BZh", 3);
}

static void test_xz(void **s)
{
    (void)s;
    round_trip(CORSARO_FILE_COMPRESS_LZMA, ".xz", (const uint8_t *)"\xfd" "7zXZ", 5);
}

static void full_disk(corsaro_file_compress_t compress)
{
    corsaro_t *c = corsaro_alloc_output("%P", CORSARO_FILE_MODE_BINARY);
    corsaro_file_t *f = corsaro_file_open("/dev/full", CORSARO_FILE_MODE_BINARY,
                                          compress);
    assert_non_null(f);
    uint8_t block[65536];
    memset(block, 0x5a, sizeof(block));
    for (int i = 0; i < 64; i++)
        if (corsaro_file_write(c, f, block, sizeof(block)) < 0)
            break;
    assert_int_equal(corsaro_file_close(c, f), -1);
    assert_non_null(strstr(corsaro_error(c), "/dev/full"));
    assert_non_null(strstr(corsaro_error(c), strerror(ENOSPC)));
    corsaro_free(c);
}

static void test_full_disk_plain(void **s)
{
    (void)s;
    full_disk(CORSARO_FILE_COMPRESS_NONE);
}

static void test_full_disk_gzip(void **s)
{
    (void)s;
    full_disk(CORSARO_FILE_COMPRESS_ZLIB);
}

static void test_missing_directory(void **s)
{
    (void)s;
    errno = 0;
    assert_null(corsaro_file_open("/nonexistent-dir/x.cors", CORSARO_FILE_MODE_BINARY,
                                  CORSARO_FILE_COMPRESS_NONE));
    assert_int_equal(errno, ENOENT);
    assert_null(corsaro_file_ropen("/nonexistent-dir/x.cors"));
}

static void test_long_printf(void **s)
{
    (void)s;
    char path[128], big[5000];
    snprintf(path, sizeof(path), "/tmp/corsaro-test-io-%d.txt", (int)getpid());
    memset(big, 'q', sizeof(big) - 1);
    big[sizeof(big) - 1] = '\0';
    corsaro_file_t *f = corsaro_file_open(path, CORSARO_FILE_MODE_ASCII,
                                          CORSARO_FILE_COMPRESS_NONE);
    assert_int_equal(corsaro_file_printf(NULL, f, "<%s>", big), 5001);
    assert_int_equal(corsaro_file_close(NULL, f), 0);
    corsaro_file_in_t *in = corsaro_file_ropen(path);
    char line[6000];
    assert_int_equal(corsaro_file_rgets(in, line, sizeof(line)), 5001);
    assert_int_equal(line[0], '<');
    assert_int_equal(line[5000], '>');
    corsaro_file_rclose(in);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_bzip2),
        cmocka_unit_test(test_xz),
        cmocka_unit_test(test_full_disk_plain),
        cmocka_unit_test(test_full_disk_gzip),
        cmocka_unit_test(test_missing_directory),
        cmocka_unit_test(test_long_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
