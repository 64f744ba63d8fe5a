/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Prefix files: one prefix per line, blank lines and `#` comments allowed,
 * read through the Corsaro IO layer so gzip, bzip2 and xz files work as
 * they did with v2's wandio. Unlike v2 (which crashed or stopped on a blank
 * or bad line without saying where), every bad line is an error naming the
 * file and the line number.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "corsaro/io.h"
#include "pfx_cidr.h"
#include "pfx_load.h"

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int pfx_load_parse_line(char *line, uint32_t *addr, unsigned *len, int *host_bits,
                        int *have, char *why, size_t why_len)
{
    char *hash = strchr(line, '#');
    if (hash != NULL)
        *hash = '\0';
    size_t n = strlen(line);
    while (n > 0 && is_blank(line[n - 1]))
        line[--n] = '\0';
    char *p = line;
    while (is_blank(*p))
        p++;
    *have = 0;
    if (*p == '\0')
        return 0;
    pfx_cidr_t c;
    if (pfx_cidr_parse(p, &c, why, why_len) != 0)
        return -1;
    *addr = c.addr;
    *len = c.len;
    *host_bits = c.host_bits;
    *have = 1;
    return 0;
}

int pfx_load_file(pfx_set_t *set, const char *path, pfx_load_stats_t *stats,
                  char *err, size_t err_len)
{
    char line[PFX_LINE_MAX + 2];
    char shown[64];
    char why[160];
    errno = 0;
    corsaro_file_in_t *in = corsaro_file_ropen(path);
    if (in == NULL) {
        snprintf(err, err_len, "cannot read prefix file %s: %s", path,
                 errno ? strerror(errno) : "not readable");
        return -1;
    }
    unsigned long lineno = 0;
    int rc = 0;
    for (;;) {
        off_t got = corsaro_file_rgets(in, line, sizeof(line));
        if (got == 0)
            break;
        if (got < 0) {
            snprintf(err, err_len, "reading prefix file %s failed after line "
                                   "%lu (corrupt or truncated?)",
                     path, lineno);
            rc = -1;
            break;
        }
        lineno++;
        if (line[got - 1] != '\n' && (size_t)got > PFX_LINE_MAX) {
            snprintf(err, err_len, "prefix file %s line %lu: longer than %d "
                                   "characters",
                     path, lineno, PFX_LINE_MAX);
            rc = -1;
            break;
        }
        /* keep a copy of the text for the message: parsing cuts it */
        snprintf(shown, sizeof(shown), "%.*s", (int)strcspn(line, "\r\n"), line);
        uint32_t addr;
        unsigned len;
        int host_bits, have;
        if (pfx_load_parse_line(line, &addr, &len, &host_bits, &have, why,
                                sizeof(why)) != 0) {
            snprintf(err, err_len, "prefix file %s line %lu: '%s' is not an "
                                   "IPv4 prefix: %s",
                     path, lineno, shown, why);
            rc = -1;
            break;
        }
        if (!have)
            continue;
        if (pfx_set_add(set, addr, len) != 0) {
            snprintf(err, err_len, "prefix file %s line %lu: out of memory",
                     path, lineno);
            rc = -1;
            break;
        }
        stats->prefixes++;
        stats->host_bits += host_bits != 0;
    }
    corsaro_file_rclose(in);
    return rc;
}
