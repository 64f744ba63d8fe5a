/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * cors2ascii: prints a binary corsaro file as text (SPEC 8.1). The reader
 * is chosen through the plugins found on the plugin path, so a third-party
 * plugin's files print the same way. Exit status: 0 success, 1 a file that
 * cannot be read (the message names the file and byte offset), 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro/corsaro.h"

static void usage(FILE *out)
{
    fprintf(out,
"usage: cors2ascii [--plugin-path DIRS] FILE\n"
"\n"
"Prints a binary corsaro file (global, flowtuple, dos, or any plugin's file\n"
"whose plugin is found) as text on standard output. Compressed files (gzip,\n"
"bzip2, xz) are read directly. The reader is chosen by the last component\n"
"of the file name, then by the file's first bytes.\n"
"\n"
"      --plugin-path DIRS  search these plugin directories first (repeatable;\n"
"                          colon-separated lists allowed), then\n"
"                          $CORSARO_PLUGIN_PATH and the installed directory\n"
"  -h, --help              this help\n"
"  -v, --version           print the version\n");
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"plugin-path", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    const char *paths[64];
    int path_cnt = 0, c;

    while ((c = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
        switch (c) {
        case 'P':
            if (path_cnt == 64) {
                fprintf(stderr, "cors2ascii: too many --plugin-path options\n");
                return 2;
            }
            paths[path_cnt++] = optarg;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'v':
            printf("cors2ascii %s\n", CORSARO_VERSION_STRING);
            return 0;
        default:
            fprintf(stderr, "Try 'cors2ascii --help' for more information.\n");
            return 2;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "cors2ascii: give exactly one input file\n"
                        "Try 'cors2ascii --help' for more information.\n");
        return 2;
    }
    /* `cors2ascii FILE | head` is normal use: a closed pipe ends the
     * output quietly with exit 0 (EPIPE instead of death by SIGPIPE) */
    signal(SIGPIPE, SIG_IGN);

    corsaro_in_t *in = corsaro_in_alloc(argv[optind]);
    corsaro_file_t *out = corsaro_file_open("-", CORSARO_FILE_MODE_ASCII,
                                            CORSARO_FILE_COMPRESS_NONE);
    corsaro_in_record_t *rec = in ? corsaro_in_alloc_record(in) : NULL;
    int rc = 1;
    if (in == NULL || out == NULL || rec == NULL) {
        fprintf(stderr, "cors2ascii: out of memory\n");
        goto done;
    }
    for (int i = 0; i < path_cnt; i++)
        corsaro_in_add_plugin_path(in, paths[i]);
    if (corsaro_in_start(in) != 0) {
        fprintf(stderr, "cors2ascii: %s\n", corsaro_in_error(in));
        goto done;
    }
    corsaro_in_record_type_t type;
    off_t n;
    while ((n = corsaro_in_read_record(in, &type, rec)) > 0) {
        if (corsaro_in_print_record(in, out, type, rec) != 0) {
            if (corsaro_file_error(out) == EPIPE) {
                rc = 0; /* the reader closed the pipe: stop quietly */
                goto done;
            }
            if (corsaro_in_error(in)[0] != '\0')
                fprintf(stderr, "cors2ascii: %s\n", corsaro_in_error(in));
            goto done;
        }
    }
    if (n < 0) {
        fprintf(stderr, "cors2ascii: %s\n", corsaro_in_error(in));
        goto done;
    }
    rc = 0;
done:
    if (out != NULL && corsaro_file_close(NULL, out) != 0 && errno != EPIPE)
        rc = 1;
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    return rc;
}
