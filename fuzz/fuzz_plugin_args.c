/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * libFuzzer harness of the plugin option tokeniser (core/plugin_args.c,
 * SPEC 9.3), linked statically. Checks what callers rely on: argv[0] is the
 * name, argv[argc] is NULL, argc stays within the 1 + 1023 limit, and no
 * token is longer than the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro_int.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the option string is NUL-terminated text, as from the command line */
    char *args = malloc(size + 1);
    if (args == NULL)
        return 0;
    memcpy(args, data, size);
    args[size] = '\0';

    char **argv = NULL;
    int argc = corsaro__plugin_args_split("plugin", args, &argv);
    if (argc >= 0) {
        if (argc < 1 || argc > 1024 || argv == NULL || argv[argc] != NULL ||
            strcmp(argv[0], "plugin") != 0)
            fuzz_fail("a malformed argv", args);
        for (int i = 1; i < argc; i++)
            if (strlen(argv[i]) > strlen(args))
                fuzz_fail("a token longer than its input", args);
        corsaro__plugin_args_free(argc, argv);
    }
    free(args);
    return 0;
}
