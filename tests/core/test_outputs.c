/* The names a run writes (core/outputs.c): no file opened twice, no input
 * overwritten, and what start-up can already refuse; and a plugin enabled
 * twice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "corsaro_int.h"
#include "scratch_dir.h"

static int setup(void **s)
{
    (void)s;
    return scratch_dir_make("outputs");
}

static int teardown(void **s)
{
    (void)s;
    return scratch_dir_remove();
}

static corsaro_t *run_with(const char *tail)
{
    char tmpl[160];
    snprintf(tmpl, sizeof(tmpl), "%s/%s", scratch_dir, tail);
    corsaro_t *c = corsaro_alloc_output(tmpl, CORSARO_FILE_MODE_BINARY);
    assert_non_null(c);
    return c;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void test_same_name_twice_refused_untruncated(void **s)
{
    (void)s;
    corsaro_t *c = run_with("%P.cors");
    corsaro_interval_t iv = {0, 1000};
    corsaro_file_t *f = corsaro_io_prepare_file(c, "x", &iv);
    assert_non_null(f);
    assert_int_equal(corsaro_file_write(c, f, "12345", 5), 5);
    assert_int_equal(corsaro_file_close(c, f), 0);
    /* a later interval, the same name: refused, the first bytes stay */
    iv.number = 1;
    iv.time = 1060;
    assert_null(corsaro_io_prepare_file(c, "x", &iv));
    assert_non_null(strstr(corsaro_error(c), "refusing to overwrite"));
    assert_non_null(strstr(corsaro_error(c), "/x.cors"));
    char path[128];
    snprintf(path, sizeof(path), "%s/x.cors", scratch_dir);
    assert_int_equal(file_size(path), 5);
    corsaro_free(c);
}

static void test_other_name_of_written_file_refused(void **s)
{
    (void)s;
    char link[128];
    snprintf(link, sizeof(link), "%s/b.cors", scratch_dir);
    assert_int_equal(symlink("a.cors", link), 0);
    corsaro_t *c = run_with("%P.cors");
    corsaro_interval_t iv = {0, 1000};
    corsaro_file_t *f = corsaro_io_prepare_file(c, "a", &iv);
    assert_non_null(f);
    assert_int_equal(corsaro_file_write(c, f, "abc", 3), 3);
    assert_int_equal(corsaro_file_close(c, f), 0);
    assert_null(corsaro_io_prepare_file(c, "b", &iv)); /* same inode */
    assert_non_null(strstr(corsaro_error(c), "b.cors"));
    char path[128];
    snprintf(path, sizeof(path), "%s/a.cors", scratch_dir);
    assert_int_equal(file_size(path), 3);
    corsaro_free(c);
}

static void test_input_never_opened_for_writing(void **s)
{
    (void)s;
    char path[128];
    snprintf(path, sizeof(path), "%s/in.cors", scratch_dir);
    write_file(path, "trace bytes");
    corsaro_t *c = run_with("%P.cors");
    assert_int_equal(corsaro_add_input(c, path), 0);
    corsaro_interval_t iv = {0, 1000};
    assert_null(corsaro_io_prepare_file(c, "in", &iv));
    assert_non_null(strstr(corsaro_error(c), "input"));
    assert_int_equal(file_size(path), 11);
    corsaro_free(c);
    /* the libtrace URI form names the same file */
    char uri[160];
    snprintf(uri, sizeof(uri), "pcapfile:%s", path);
    c = run_with("%P.cors");
    assert_int_equal(corsaro_add_input(c, uri), 0);
    assert_int_equal(corsaro__outputs_check_start(c), 0); /* not an output */
    assert_null(corsaro_io_prepare_file(c, "in", &iv));
    assert_int_equal(file_size(path), 11);
    corsaro_free(c);
}

/* corsaro__outputs_check_start for TAIL with -i INTERVAL -r R -R META. */
static int start_check(const char *tail, int interval, int r, int meta,
                       corsaro_t **out)
{
    corsaro_t *c = run_with(tail);
    corsaro_set_interval(c, interval);
    corsaro_set_output_rotation(c, r);
    corsaro_set_meta_output_rotation(c, meta);
    *out = c;
    return corsaro__outputs_check_start(c);
}

static void test_start_refuses_coarse_time_fields(void **s)
{
    (void)s;
    corsaro_t *c;
    assert_int_equal(start_check("%Y%m%d.%P", 60, 1, -1, &c), -1);
    assert_non_null(strstr(corsaro_error(c), "cannot tell them apart"));
    assert_non_null(strstr(corsaro_error(c), "20111111.global"));
    corsaro_free(c);
    /* the minute alone repeats every hour */
    assert_int_equal(start_check("%M.%P", 60, 60, -1, &c), -1);
    corsaro_free(c);
    /* -R alone, with no time field at all */
    assert_int_equal(start_check("%P", 60, 0, 1, &c), -1);
    assert_non_null(strstr(corsaro_error(c), "-R 1"));
    corsaro_free(c);
    /* fields that do tell the files apart */
    assert_int_equal(start_check("%s.%P", 60, 1, -1, &c), 0);
    corsaro_free(c);
    assert_int_equal(start_check("%Y%m%d%H%M.%P", 60, 1, -1, &c), 0);
    corsaro_free(c);
    assert_int_equal(start_check("%Y%m%d%H.%P", 600, 6, 6, &c), 0);
    corsaro_free(c);
    assert_int_equal(start_check("%P", 60, 0, 0, &c), 0); /* no rotation */
    corsaro_free(c);
}

static void test_start_refuses_one_name_for_two_outputs(void **s)
{
    (void)s;
    /* a plugin named like the global file */
    static corsaro_plugin_t desc = {.name = "global"};
    corsaro_t *c = run_with("%P.cors");
    c->instances = calloc(1, sizeof(corsaro__instance_t));
    assert_non_null(c->instances);
    c->instances[0].desc = &desc;
    c->instance_cnt = 1;
    assert_int_equal(corsaro__outputs_check_start(c), -1);
    assert_non_null(strstr(corsaro_error(c), "gives the global and global files"));
    assert_non_null(strstr(corsaro_error(c), "/global.cors"));
    corsaro_free(c);
}

static void test_enable_twice_refused(void **s)
{
    (void)s;
    corsaro_t *c = run_with("%P");
    assert_int_equal(corsaro_enable_plugin(c, "dos", "-x 1"), 0);
    assert_int_equal(corsaro_enable_plugin(c, "DOS", NULL), -1);
    assert_non_null(strstr(corsaro_error(c), "'dos -x 1'"));
    assert_non_null(strstr(corsaro_error(c), "'DOS'"));
    corsaro_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_name_twice_refused_untruncated,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_name_of_written_file_refused,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_input_never_opened_for_writing,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_refuses_coarse_time_fields,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_start_refuses_one_name_for_two_outputs,
                                        setup, teardown),
        cmocka_unit_test(test_enable_twice_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
