/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Output file names from the template (SPEC 1.4) and the compression its
 * suffix chooses (SPEC 1.5). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "corsaro_int.h"

/* Compression suffixes, also cut from uncompressed names (SPEC 1.4.1). A
 * suffix counts only at the very end of the template: v2 cut uncompressed
 * names at the first ".gz" anywhere, so a directory like "out.gz.d/" made
 * every output the same file. */
static const struct {
    const char *suffix;
    corsaro_file_compress_t compress;
} suffixes[] = {
    {".gz", CORSARO_FILE_COMPRESS_ZLIB},
    {".bz2", CORSARO_FILE_COMPRESS_BZ2},
    {".xz", CORSARO_FILE_COMPRESS_LZMA},
};
#define SUFFIX_CNT (sizeof(suffixes) / sizeof(suffixes[0]))

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

corsaro_file_compress_t corsaro__template_compress(const char *template_)
{
    for (size_t i = 0; i < SUFFIX_CNT; i++)
        if (ends_with(template_, suffixes[i].suffix))
            return suffixes[i].compress;
    return CORSARO_FILE_COMPRESS_NONE;
}

/* Where the compression suffix of the template starts, or NULL. */
static const char *suffix_start(const char *template_)
{
    size_t n = strlen(template_);
    for (size_t i = 0; i < SUFFIX_CNT; i++)
        if (ends_with(template_, suffixes[i].suffix))
            return template_ + n - strlen(suffixes[i].suffix);
    return NULL;
}

int corsaro__template_has_time(const char *template_)
{
    for (const char *p = strchr(template_, '%'); p != NULL;
         p = strchr(p + 1, '%')) {
        if (p[1] != 'N' && p[1] != 'P')
            return 1;
        p++; /* skip the specifier letter */
    }
    return 0;
}

int corsaro__template_validate(const char *template_, char *why, size_t len)
{
    if (template_ == NULL || template_[0] == '\0') {
        snprintf(why, len, "the output template is empty");
        return -1;
    }
    if (strcmp(template_, "-") == 0) {
        snprintf(why, len, "the output template cannot be '-' (stdout): "
                           "each plugin writes its own file");
        return -1;
    }
    if (strstr(template_, "%P") == NULL) {
        snprintf(why, len,
                 "invalid template '%s': it must contain %%P (the plugin "
                 "name), e.g. out/%%N.%%s.%%P.cors.gz",
                 template_);
        return -1;
    }
    return 0;
}

/* Appends @p s to buf at *pos. @return 0, or -1 when it does not fit */
static int put(char *buf, size_t len, size_t *pos, const char *s, size_t n)
{
    if (*pos + n >= len)
        return -1;
    memcpy(buf + *pos, s, n);
    *pos += n;
    return 0;
}

int corsaro__template_expand(const char *template_, const char *plugin,
                             const char *monitor, uint32_t time, int compressed,
                             char *buf, size_t len)
{
    char pattern[CORSARO__NAME_LEN];
    char secs[16];
    size_t pos = 0;
    int rc = 0;
    /* uncompressed files (the log, or every file of a plain template)
     * drop the compression suffix */
    const char *cut = compressed ? NULL : suffix_start(template_);

    for (const char *p = template_; *p != '\0' && rc == 0; p++) {
        if (p == cut)
            break;
        if (*p == '%' && p[1] == 'P') {
            rc = put(pattern, sizeof(pattern), &pos, plugin, strlen(plugin));
            p++;
        } else if (*p == '%' && p[1] == 'N') {
            rc = put(pattern, sizeof(pattern), &pos, monitor, strlen(monitor));
            p++;
        } else if (*p == '%' && p[1] == 's') {
            int n = snprintf(secs, sizeof(secs), "%" PRIu32, time);
            rc = put(pattern, sizeof(pattern), &pos, secs, (size_t)n);
            p++;
        } else {
            /* everything else, '%' included, is left for strftime; after
             * "%%" the second '%' is looked at again, as v2 does */
            rc = put(pattern, sizeof(pattern), &pos, p, 1);
        }
    }
    if (rc != 0)
        return -1;
    pattern[pos] = '\0';

    time_t t = (time_t)time;
    struct tm tm;
    gmtime_r(&t, &tm);
    size_t n = strftime(buf, len, pattern, &tm);
    if (n == 0 && pattern[0] != '\0')
        return -1;
    return 0;
}
