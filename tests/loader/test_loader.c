/* The loader refuses each deliberately broken plugin with a message that
 * names the file, what was expected, what was found and the remedy. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "corsaro_int.h"

static corsaro__plugin_registry_t *scan(const char *dir, int trust_all)
{
    unsetenv("CORSARO_PLUGIN_PATH");
    corsaro__plugin_registry_t *reg = corsaro__registry_alloc();
    reg->trust_all = trust_all;
    assert_int_equal(corsaro__registry_add_dirs(reg, dir, CORSARO__SOURCE_OPTION), 0);
    assert_int_equal(corsaro__registry_scan(reg), 0);
    return reg;
}

/* What --list-plugins sees: every file the ELF check passed is loaded. */
static corsaro__plugin_registry_t *scan_all(const char *dir, int trust_all)
{
    corsaro__plugin_registry_t *reg = scan(dir, trust_all);
    corsaro__registry_load_all(reg);
    return reg;
}

/* The refusal reason of the file named @p base, or NULL if not refused. */
static const char *refusal(corsaro__plugin_registry_t *reg, const char *base)
{
    for (corsaro__plugin_refusal_t *r = reg->refused; r != NULL; r = r->next)
        if (strcmp(corsaro__basename(r->path), base) == 0)
            return r->reason;
    return NULL;
}

static void expect_refused(corsaro__plugin_registry_t *reg, const char *file,
                           const char *what, const char *remedy)
{
    const char *why = refusal(reg, file);
    if (why == NULL)
        fail_msg("%s was not refused", file);
    if (strstr(why, what) == NULL || strstr(why, remedy) == NULL)
        fail_msg("%s: reason '%s' lacks '%s' or '%s'", file, why, what, remedy);
}

static void test_each_refusal(void **s)
{
    (void)s;
    corsaro__plugin_registry_t *reg = scan_all(BROKEN_DIR, 0);
    expect_refused(reg, "no_symbol.so", "no 'corsaro_plugin' symbol",
                   "CORSARO_PLUGIN_EXPORT");
    expect_refused(reg, "major.so", "built for plugin ABI 2.0", "rebuild the plugin");
    expect_refused(reg, "minor.so", "ABI 1.7, newer than this corsaro's 1.2",
                   "upgrade corsaro");
    expect_refused(reg, "short.so", "is 8 bytes, shorter than the", "rebuild the plugin");
    expect_refused(reg, "empty_name.so", "name '' is not valid", "fix .name");
    expect_refused(reg, "bad_name.so", "name 'Bad-Name' is not valid", "[a-z0-9_]");
    expect_refused(reg, "null_callback.so", "process_packet is NULL",
                   "set it in the descriptor");
    expect_refused(reg, "partial_input.so", "only part of the Corsaro-In callbacks",
                   "or none of them");
    expect_refused(reg, "zdup.so", "duplicate of plugin 'good' already loaded from",
                   "/good.so (same name");
    /* the duplicate is also a warning that names both paths */
    assert_int_equal(reg->warning_cnt, 1);
    assert_non_null(strstr(reg->warnings[0], "zdup.so"));
    assert_non_null(strstr(reg->warnings[0], "good.so"));

    expect_refused(reg, "global.so", "name 'global' is reserved", "rename the plugin");
    expect_refused(reg, "log.so", "name 'log' is reserved", "rename the plugin");
    corsaro__plugin_file_t *good = corsaro__registry_find(reg, "good");
    assert_non_null(good);
    assert_int_equal(good->source, CORSARO__SOURCE_OPTION);
    assert_string_equal(good->desc.version, "1.2.3");
    corsaro__registry_free(reg);
}

static void test_older_minor_accepted(void **s)
{
    (void)s;
    corsaro__plugin_registry_t *reg = scan_all(BROKEN_DIR, 0);
    corsaro__plugin_file_t *f = corsaro__registry_find(reg, "oldminor");
    assert_non_null(f);
    assert_null(refusal(reg, "old_minor.so"));
    assert_int_equal(f->desc.struct_size, offsetof(corsaro_plugin_t, print_record));
    assert_null(f->desc.print_record); /* past its struct_size: absent */
    assert_non_null(f->desc.process_packet);
    corsaro__registry_free(reg);
}

/* A run asking for one plugin loads NAME.so and nothing else; a plugin
 * whose file is named otherwise is still found, by loading the rest. */
static void test_find_loads_only_what_it_needs(void **s)
{
    (void)s;
    corsaro__plugin_registry_t *reg = scan(BROKEN_DIR, 0);
    /* the scan loads nothing, but refuses what the ELF file shows */
    assert_null(reg->plugins);
    expect_refused(reg, "no_symbol.so", "no 'corsaro_plugin' symbol",
                   "CORSARO_PLUGIN_EXPORT");
    expect_refused(reg, "short.so", "is 8 bytes, shorter than the", "rebuild the plugin");
    expect_refused(reg, "major.so", "built for plugin ABI 2.0", "rebuild the plugin");
    assert_null(refusal(reg, "null_callback.so")); /* not loaded: not judged */
    corsaro__plugin_file_t *good = corsaro__registry_find(reg, "good");
    assert_non_null(good);
    assert_string_equal(corsaro__basename(good->path), "good.so");
    assert_null(good->next); /* the only file loaded */
    assert_null(refusal(reg, "null_callback.so"));
    /* "oldminor" lives in old_minor.so: found only by loading the others */
    corsaro__plugin_file_t *old = corsaro__registry_find(reg, "oldminor");
    assert_non_null(old);
    assert_string_equal(corsaro__basename(old->path), "old_minor.so");
    expect_refused(reg, "null_callback.so", "process_packet is NULL",
                   "set it in the descriptor");
    assert_null(corsaro__registry_find(reg, "absent"));
    corsaro__registry_free(reg);
}

static char tmp[64];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_not_a_shared_object(void **s)
{
    (void)s;
    char path[128];
    snprintf(tmp, sizeof(tmp), "/tmp/corsaro-loader-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    snprintf(path, sizeof(path), "%s/garbage.so", tmp);
    write_file(path, "this is not an ELF file\n");
    corsaro__plugin_registry_t *reg = scan_all(tmp, 0);
    expect_refused(reg, "garbage.so", "not an ELF shared object",
                   "corsaro_add_plugin()");
    corsaro__registry_free(reg);
    unlink(path);
    rmdir(tmp);
}

static void copy_file(const char *from, const char *to)
{
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", from, to);
    assert_int_equal(system(cmd), 0);
}

static void test_writable_by_others_refused(void **s)
{
    (void)s;
    char path[128];
    snprintf(tmp, sizeof(tmp), "/tmp/corsaro-loader-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    snprintf(path, sizeof(path), "%s/good.so", tmp);
    copy_file(BROKEN_DIR "/good.so", path);
    assert_int_equal(chmod(path, 0666), 0);
    corsaro__plugin_registry_t *reg = scan(tmp, 0);
    expect_refused(reg, "good.so", "writable by group or others", "chmod go-w");
    assert_null(corsaro__registry_find(reg, "good"));
    corsaro__registry_free(reg);
    /* the explicit override loads it */
    reg = scan(tmp, 1);
    assert_non_null(corsaro__registry_find(reg, "good"));
    corsaro__registry_free(reg);
    unlink(path);
    rmdir(tmp);
}

static void test_colon_lists_and_missing_dirs(void **s)
{
    (void)s;
    corsaro__plugin_registry_t *reg = scan("/nonexistent-a:" BROKEN_DIR, 0);
    assert_non_null(corsaro__registry_find(reg, "good"));
    int warned = 0;
    for (int i = 0; i < reg->warning_cnt; i++)
        warned |= strstr(reg->warnings[i], "/nonexistent-a") != NULL;
    assert_true(warned);
    corsaro__registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_refusal),
        cmocka_unit_test(test_older_minor_accepted),
        cmocka_unit_test(test_find_loads_only_what_it_needs),
        cmocka_unit_test(test_not_a_shared_object),
        cmocka_unit_test(test_writable_by_others_refused),
        cmocka_unit_test(test_colon_lists_and_missing_dirs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
