/* Plugin option strings are split as v2 did (SPEC 9.3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "corsaro_int.h"

static void expect_split(const char *args, int want_argc, const char *const *want)
{
    char **argv;
    int argc = corsaro__plugin_args_split("plug", args, &argv);
    assert_int_equal(argc, want_argc);
    assert_string_equal(argv[0], "plug");
    for (int i = 1; i < argc; i++)
        assert_string_equal(argv[i], want[i - 1]);
    assert_null(argv[argc]);
    corsaro__plugin_args_free(argc, argv);
}

static void test_no_args(void **s)
{
    (void)s;
    expect_split(NULL, 1, NULL);
    expect_split("", 1, NULL);
}

static void test_spaces(void **s)
{
    (void)s;
    const char *want[] = {"-s", "-8", "44"};
    expect_split("  -s -8   44", 4, want);
}

static void test_quotes(void **s)
{
    (void)s;
    const char *want[] = {"-f", "tcp port 80", "x"};
    expect_split("-f \"tcp port 80\" x", 4, want);
    const char *open[] = {"-f", "no end"};
    expect_split("-f \"no end", 3, open);
}

static void test_tabs_do_not_separate(void **s)
{
    (void)s;
    const char *want[] = {"a\tb"};
    expect_split("a\tb", 2, want);
}

static void test_trailing_spaces(void **s)
{
    (void)s;
    const char *one[] = {"-s"};
    expect_split("-s ", 2, one);
    const char *two[] = {"-s", ""};
    expect_split("-s  ", 3, two);
    expect_split("-s     ", 3, two);
}

static void test_too_many_tokens(void **s)
{
    (void)s;
    char args[4096];
    size_t pos = 0;
    for (int i = 0; i < 1100; i++) {
        args[pos++] = 'a';
        args[pos++] = ' ';
    }
    args[pos] = '\0';
    char **argv = NULL;
    assert_int_equal(corsaro__plugin_args_split("p", args, &argv), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_args),
        cmocka_unit_test(test_spaces),
        cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_tabs_do_not_separate),
        cmocka_unit_test(test_trailing_spaces),
        cmocka_unit_test(test_too_many_tokens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
