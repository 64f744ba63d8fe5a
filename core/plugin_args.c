/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Splits a plugin's option string into argv the way v2 did (SPEC 9.3):
 * only the space separates, a token that starts with '"' runs to the next
 * '"' (quotes removed, no escapes), and two or more trailing spaces give
 * one empty token. */
#include <stdlib.h>
#include <string.h>

#include "corsaro_int.h"

#define MAX_TOKENS 1023

static int push(char ***argv, int *argc, const char *s, size_t n)
{
    if (*argc >= MAX_TOKENS + 1)
        return -1;
    char **grown = realloc(*argv, sizeof(char *) * (size_t)(*argc + 2));
    if (grown == NULL)
        return -1;
    *argv = grown;
    grown[*argc] = strndup(s, n);
    if (grown[*argc] == NULL)
        return -1;
    (*argc)++;
    grown[*argc] = NULL;
    return 0;
}

int corsaro__plugin_args_split(const char *name, const char *args,
                               char ***argv_out)
{
    char **argv = NULL;
    int argc = 0;

    if (push(&argv, &argc, name, strlen(name)) != 0)
        goto fail;
    const char *p = args != NULL ? args : "";
    while (*p != '\0') {
        const char *start;
        size_t n;
        if (*p == ' ') {
            const char *run = p;
            while (*p == ' ')
                p++;
            if (*p == '\0' && p - run >= 2 &&
                push(&argv, &argc, "", 0) != 0)
                goto fail;
            continue;
        }
        if (*p == '"') {
            start = ++p;
            const char *end = strchr(p, '"');
            n = end != NULL ? (size_t)(end - start) : strlen(start);
            p = end != NULL ? end + 1 : start + n;
        } else {
            start = p;
            const char *end = strchr(p, ' ');
            n = end != NULL ? (size_t)(end - start) : strlen(start);
            p = start + n;
        }
        if (push(&argv, &argc, start, n) != 0)
            goto fail;
    }
    *argv_out = argv;
    return argc;

fail:
    corsaro__plugin_args_free(argc, argv);
    return -1;
}

void corsaro__plugin_args_free(int argc, char **argv)
{
    if (argv == NULL)
        return;
    for (int i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
}
