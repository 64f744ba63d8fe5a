/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Prefix files (plugins/filterpfx/pfx_load.c) through the Corsaro IO
 * layer: plain and gzip files, comments and blank lines, and errors that
 * name the file and the line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "corsaro/corsaro.h"
#include "pfx_load.h"
#include "pfx_set.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/test_pfx_load.XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[512];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes @p text to @p name in the test dir, compressed as @p c. */
static const char *write_file(const char *name, const char *text,
                              corsaro_file_compress_t c)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    corsaro_file_t *f = corsaro_file_open(path, CORSARO_FILE_MODE_BINARY, c);
    assert_non_null(f);
    assert_int_equal(corsaro_file_write(NULL, f, text, (off_t)strlen(text)),
                     (off_t)strlen(text));
    assert_int_equal(corsaro_file_close(NULL, f), 0);
    return path;
}

static const char *sample =
    "# telescope prefixes\n"
    "\n"
    "44.0.0.0/16\n"
    "   44.2.0.0/16   # second\r\n"
    "\t10.1.2.3/8\n"
    "192.0.2.1"; /* no newline at the end */

static void check_sample_set(pfx_set_t *set, pfx_load_stats_t *st)
{
    assert_int_equal(st->prefixes, 4);
    assert_int_equal(st->host_bits, 1);
    assert_int_equal(pfx_set_build(set), 0);
    assert_true(pfx_set_contains(set, 0x2c00ffffu));
    assert_false(pfx_set_contains(set, 0x2c010000u));
    assert_true(pfx_set_contains(set, 0x2c020001u));
    assert_true(pfx_set_contains(set, 0x0aff0000u));
    assert_true(pfx_set_contains(set, 0xc0000201u));
    assert_false(pfx_set_contains(set, 0xc0000202u));
}

static void load_ok(const char *name, corsaro_file_compress_t c)
{
    pfx_set_t set;
    pfx_load_stats_t st = {0, 0};
    char err[1024];
    const char *path = write_file(name, sample, c);
    pfx_set_init(&set);
    if (pfx_load_file(&set, path, &st, err, sizeof(err)) != 0)
        fail_msg("%s", err);
    check_sample_set(&set, &st);
    pfx_set_free(&set);
}

static void test_plain(void **s)
{
    (void)s;
    load_ok("p.txt", CORSARO_FILE_COMPRESS_NONE);
}

static void test_gzip(void **s)
{
    (void)s;
    load_ok("p.txt.gz", CORSARO_FILE_COMPRESS_ZLIB);
}

static void test_bzip2(void **s)
{
    (void)s;
    load_ok("p.txt.bz2", CORSARO_FILE_COMPRESS_BZ2);
}

static void load_fails(const char *path, const char *want1, const char *want2)
{
    pfx_set_t set;
    pfx_load_stats_t st = {0, 0};
    char err[1024] = "";
    pfx_set_init(&set);
    assert_int_equal(pfx_load_file(&set, path, &st, err, sizeof(err)), -1);
    if (strstr(err, want1) == NULL || (want2 && strstr(err, want2) == NULL))
        fail_msg("message '%s' lacks '%s' / '%s'", err, want1, want2 ? want2 : "");
    pfx_set_free(&set);
}

static void test_bad_line_named(void **s)
{
    (void)s;
    const char *p = write_file("bad.txt",
                               "44.0.0.0/16\n# ok\n\n44.1.0.0/33\n44.2.0.0/16\n",
                               CORSARO_FILE_COMPRESS_NONE);
    load_fails(p, "bad.txt line 4", "44.1.0.0/33");
    p = write_file("bad.gz", "1.2.3.4\nnot a prefix\n", CORSARO_FILE_COMPRESS_ZLIB);
    load_fails(p, "bad.gz line 2", "not a prefix");
}

static void test_missing_and_directory(void **s)
{
    (void)s;
    char path[600];
    snprintf(path, sizeof(path), "%s/none.txt", dir);
    load_fails(path, "none.txt", "No such file");
    load_fails(dir, dir, "directory");
}

static void test_unreadable(void **s)
{
    (void)s;
    if (geteuid() == 0) {
        print_message("running as root: permissions do not stop reads; "
                      "not checked\n");
        return;
    }
    const char *p = write_file("secret.txt", "1.2.3.4\n", CORSARO_FILE_COMPRESS_NONE);
    char copy[512];
    snprintf(copy, sizeof(copy), "%s", p);
    assert_int_equal(chmod(copy, 0), 0);
    load_fails(copy, "secret.txt", "Permission denied");
}

static void test_long_line(void **s)
{
    (void)s;
    size_t n = PFX_LINE_MAX + 100;
    char *text = malloc(n + 20);
    assert_non_null(text);
    snprintf(text, n + 20, "1.2.3.4\n%*s\n", (int)n, "#");
    const char *p = write_file("long.txt", text, CORSARO_FILE_COMPRESS_NONE);
    free(text);
    load_fails(p, "long.txt line 2", "longer than");
}

static void test_empty_file(void **s)
{
    (void)s;
    pfx_set_t set;
    pfx_load_stats_t st = {0, 0};
    char err[1024];
    const char *p = write_file("empty.txt", "# nothing\n\n", CORSARO_FILE_COMPRESS_NONE);
    pfx_set_init(&set);
    assert_int_equal(pfx_load_file(&set, p, &st, err, sizeof(err)), 0);
    assert_int_equal(st.prefixes, 0);
    pfx_set_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_bzip2),
        cmocka_unit_test(test_bad_line_named),
        cmocka_unit_test(test_missing_and_directory),
        cmocka_unit_test(test_unreadable),
        cmocka_unit_test(test_long_line),
        cmocka_unit_test(test_empty_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
