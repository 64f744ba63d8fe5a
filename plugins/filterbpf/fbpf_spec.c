/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * `[name:]bpf` splitting. v2 kept the whole argument (BPF text included)
 * as the tag name and split group names off the whole string; here the
 * name is exactly the text before the first ':' when that text can only
 * be a name, and v2's groups are refused with a clear message rather than
 * silently misread.
 */
#include <stdio.h>
#include <string.h>

#include "fbpf_spec.h"

static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static int is_blank_text(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return *p == '\0';
}

int fbpf_spec_split(const char *arg, size_t *name_len, const char **bpf,
                    char *why, size_t why_len)
{
    const char *colon = strchr(arg, ':');
    size_t n = colon != NULL ? (size_t)(colon - arg) : 0;
    int named = n > 0 && n <= FBPF_NAME_MAX;

    for (size_t i = 0; named && i < n; i++)
        named = name_char(arg[i]);
    if (!named && colon != NULL && memchr(arg, '|', n) != NULL &&
        memchr(arg, ' ', n) == NULL) {
        snprintf(why, why_len, "v2's filter groups ('group,...|name:bpf') are "
                               "not supported: give 'name:bpf'");
        return -1;
    }
    *name_len = named ? n : 0;
    *bpf = named ? colon + 1 : arg;
    if (is_blank_text(*bpf)) {
        snprintf(why, why_len, "the BPF filter is empty");
        return -1;
    }
    return 0;
}
