/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * cors-ft-aggregate: merges flowtuple files on the fields the user keeps
 * and prints, per output interval, one row per distinct key with a packet
 * count or a count of distinct values (SPEC 8.2).
 *
 * Kept from v2: option letters, field names, the interval logic (the
 * dump/next/lastEnd bookkeeping of SPEC 8.2, quirks included) and the row
 * format. Fixed: rows come out sorted in flowtuple's order (v2: hash
 * order); -F lines are taken whole (v2 cut the last character of every
 * line); inputs out of time order are refused naming the file; an unknown
 * -v field is an error (v2 ignored it); errors exit 1 and usage errors 2.
 *
 * Memory: one table for the current output interval (ftagg/table.c),
 * cleared at every dump, and one Corsaro-In reader at a time. Nothing is
 * kept per input file, so a day of one-minute files costs no more than
 * its largest output interval.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corsaro/corsaro.h"
#include "ftagg/fields.h"
#include "ftagg/format.h"
#include "ftagg/table.h"

#define PROG "cors-ft-aggregate"
#define EXIT_USAGE 2
#define MAX_PLUGIN_PATHS 64

typedef struct options {
    int legacy;
    long interval;
    int value_field;
    int value_given;
    unsigned key_fields; /**< bit (1 << field) per -f */
    const char *list;    /**< -F file, or NULL */
    const char *plugin_paths[MAX_PLUGIN_PATHS];
    int plugin_path_cnt;
} options_t;

/* The run's state. dump_start / last_end / next / seen_tuple are v2's
 * interval bookkeeping (SPEC 8.2); prev_start / prev_file guard the time
 * order of the inputs. */
typedef struct agg {
    const options_t *opt;
    ftagg_table_t *table;
    ftagg_mask_t mask;
    ftagg_out_t out;
    corsaro_interval_t dump_start;
    corsaro_interval_t last_end;
    int64_t next;
    int seen_tuple;
    int have_prev_start;
    uint32_t prev_start;
    char *prev_file; /**< the input holding prev_start */
    size_t input_cnt;
} agg_t;

static void usage(FILE *out)
{
    fprintf(out,
"usage: " PROG " [-l] [-i INTERVAL] [-v VALUE_FIELD] [-f FIELD]...\n"
"                         [--plugin-path DIRS] (-F FILE_LIST | FILE...)\n"
"\n"
"Merges binary flowtuple files (SIXU or SIXT, plain or compressed) and\n"
"prints, per output interval, one row per distinct combination of the\n"
"kept fields, sorted in flowtuple's order, with the packet count or the\n"
"number of distinct values of another field:\n"
"\n"
"  # CORSARO_INTERVAL_START NUMBER TIME\n"
"  src_ip|dst_ip|src_port|dst_port|protocol|ttl|0xTCP_FLAGS|ip_len,VALUE\n"
"  # CORSARO_INTERVAL_END NUMBER TIME\n"
"\n"
"Fields not kept print as 0. Inputs must be given in time order.\n"
"\n"
"  -f FIELD        keep FIELD in the key (repeatable); without -f every\n"
"                  tuple falls into one row\n"
"  -v VALUE_FIELD  packet_cnt (default): sum the packet counts; any other\n"
"                  field: count its distinct values per row\n"
"  -i INTERVAL     0 (default): one output interval per input interval;\n"
"                  N > 0: re-bin into N-second intervals; < 0: one\n"
"                  interval for everything\n"
"  -F FILE_LIST    read the input file names from FILE_LIST, one per line\n"
"                  (- = standard input; blank lines are skipped)\n"
"  -l              legacy input: interval end times are one second late\n"
"                  (every end but the last of each file is decremented)\n"
"      --plugin-path DIRS  search these plugin directories first\n"
"                  (repeatable; colon-separated lists allowed)\n"
"  -h, -?, --help  this help\n"
"  -V, --version   print the version\n"
"\n"
"FIELD: src_ip dst_ip src_port dst_port protocol ttl tcp_flags ip_len\n"
"       packet_cnt (as -f it changes nothing: counts are never keys)\n"
"\n"
"The destination of SIXT (/8) files is N.b.c.d with N from the variable\n"
"CORSARO_FLOWTUPLE_SLASH_EIGHT (default 0).\n"
"\n"
"Exit status: 0 success, 1 an input error (the message names the file and\n"
"byte offset), 2 a usage error.\n");
}

/* Prints a usage error. @return EXIT_USAGE */
static int fail_usage(const char *msg, const char *arg)
{
    fprintf(stderr, PROG ": %s%s%s%s\n", msg, arg ? " '" : "", arg ? arg : "",
            arg ? "'" : "");
    fprintf(stderr, "Try '" PROG " --help' for more information.\n");
    return EXIT_USAGE;
}

/* @return 0, or EXIT_USAGE after a message */
static int parse_interval(const char *arg, long *interval)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno != 0 || end == arg || *end != '\0' || v < INT32_MIN || v > INT32_MAX)
        return fail_usage("-i wants a whole number of seconds, not", arg);
    *interval = v;
    return 0;
}

/* Parses the command line. @return -1 to go on, else the exit status */
static int parse_options(int argc, char **argv, options_t *o)
{
    static const struct option longopts[] = {
        {"plugin-path", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    int c, f;

    o->value_field = FTAGG_PACKET_CNT;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":li:f:F:v:?hV", longopts, NULL)) != -1) {
        switch (c) {
        case 'l':
            o->legacy = 1;
            break;
        case 'i':
            if (parse_interval(optarg, &o->interval) != 0)
                return EXIT_USAGE;
            break;
        case 'f':
            if ((f = ftagg_field_by_name(optarg)) < 0)
                return fail_usage("-f: invalid field name", optarg);
            o->key_fields |= 1u << f;
            break;
        case 'v':
            if ((f = ftagg_field_by_name(optarg)) < 0)
                return fail_usage("-v: invalid field name", optarg);
            if (o->value_given)
                fprintf(stderr, PROG ": warning: -v given more than once; "
                                "using the last, '%s'\n", optarg);
            o->value_field = f;
            o->value_given = 1;
            break;
        case 'F':
            if (o->list != NULL)
                return fail_usage("-F can be given only once", NULL);
            o->list = optarg;
            break;
        case 'P':
            if (o->plugin_path_cnt == MAX_PLUGIN_PATHS)
                return fail_usage("too many --plugin-path options", NULL);
            o->plugin_paths[o->plugin_path_cnt++] = optarg;
            break;
        case 'h':
            usage(stdout);
            return EXIT_SUCCESS;
        case 'V':
            printf(PROG " %s\n", CORSARO_VERSION_STRING);
            return EXIT_SUCCESS;
        case ':':
            fprintf(stderr, PROG ": option %s needs an argument\n", argv[optind - 1]);
            fprintf(stderr, "Try '" PROG " --help' for more information.\n");
            return EXIT_USAGE;
        case '?':
            /* getopt returns '?' both for -? (listed: v2's help) and for an
             * unknown option; glibc sets optopt to the unknown letter, or
             * to 0 for -? and for an unknown --long option */
            if (optopt == 0 && strncmp(argv[optind - 1], "--", 2) != 0) {
                usage(stdout);
                return EXIT_SUCCESS;
            }
            if (optopt != 0)
                fprintf(stderr, PROG ": unknown option -%c\n", optopt);
            else
                fprintf(stderr, PROG ": unknown option %s\n", argv[optind - 1]);
            fprintf(stderr, "Try '" PROG " --help' for more information.\n");
            return EXIT_USAGE;
        default:
            usage(stderr);
            return EXIT_USAGE;
        }
    }
    if (o->list != NULL && optind < argc)
        return fail_usage("give input files either with -F or as arguments, "
                          "not both; extra argument",
                          argv[optind]);
    if (o->list == NULL && optind == argc)
        return fail_usage("no input files (give FILE... or -F FILE_LIST)", NULL);
    return -1;
}

/* Prints the table as one output interval and starts the next (SPEC 8.2:
 * both numbers advance, the next start is one second after this end). */
static int dump(agg_t *a)
{
    size_t n;
    const ftagg_row_t *rows = ftagg_table_sorted(a->table, &n);
    if (rows == NULL) {
        fprintf(stderr, PROG ": out of memory for this output interval's rows\n");
        return -1;
    }
    ftagg_out_interval(&a->out, "START", a->dump_start.number, a->dump_start.time);
    for (size_t i = 0; i < n; i++)
        ftagg_out_row(&a->out, &rows[i]);
    ftagg_out_interval(&a->out, "END", a->last_end.number, a->last_end.time);
    ftagg_table_clear(a->table);
    a->dump_start.number++;
    a->last_end.number++;
    a->dump_start.time = a->last_end.time + 1;
    if (a->out.failed) {
        fprintf(stderr, PROG ": writing the output failed: %s\n",
                strerror(a->out.err));
        return -1;
    }
    return 0;
}

/* Refuses an interval that does not start after the previous one: the
 * merge would put its tuples in the wrong output interval. @return 0/-1 */
static int check_order(agg_t *a, const char *path, const corsaro_interval_t *iv)
{
    if (a->have_prev_start && iv->time <= a->prev_start) {
        fprintf(stderr,
                PROG ": %s: interval %u starts at %u, not after the previous "
                "interval's start %u (in %s): the inputs are out of time order; "
                "give them sorted by time\n",
                path, (unsigned)iv->number, (unsigned)iv->time,
                (unsigned)a->prev_start, a->prev_file ? a->prev_file : "?");
        return -1;
    }
    if (a->prev_file == NULL || strcmp(a->prev_file, path) != 0) {
        char *copy = strdup(path);
        if (copy == NULL) {
            fprintf(stderr, PROG ": out of memory\n");
            return -1;
        }
        free(a->prev_file);
        a->prev_file = copy;
    }
    a->have_prev_start = 1;
    a->prev_start = iv->time;
    return 0;
}

/* A source interval starts (SPEC 8.2). @p first_in_file: the interval
 * that ended before it was the last of the previous file, which -l leaves
 * alone. @return 0 or -1 */
static int interval_start(agg_t *a, const char *path, const corsaro_interval_t *iv,
                          int first_in_file)
{
    long step = a->opt->interval;

    if (check_order(a, path, iv) != 0)
        return -1;
    if (!a->seen_tuple) {
        a->dump_start.time = iv->time;
        a->next = (int64_t)iv->time + step;
    }
    if (a->last_end.time == 0)
        return 0;
    if (a->opt->legacy && !first_in_file)
        a->last_end.time--;
    if (step == 0)
        return dump(a);
    while (step > 0 && (int64_t)iv->time >= a->next) {
        if (dump(a) != 0)
            return -1;
        a->next += step;
    }
    return 0;
}

static int add_tuple(agg_t *a, const corsaro_flowtuple_t *ft)
{
    ftagg_key_t key;
    ftagg_tuple_key(ft, &a->mask, &key);
    a->seen_tuple = 1;
    if (ftagg_table_add(a->table, &key,
                        ftagg_tuple_value(ft, (ftagg_field_t)a->opt->value_field)) != 0) {
        fprintf(stderr, PROG ": out of memory for this output interval's rows "
                        "(try a shorter -i or fewer -f fields)\n");
        return -1;
    }
    return 0;
}

/* Corsaro-In's start errors name the file but no offset: the file's
 * first bytes were not a readable flowtuple file, so say byte 0, unless
 * the file could not even be opened. */
static void report_start_error(const char *path, const char *err)
{
    size_t n = strlen(path);
    const char *msg = err;
    if (strncmp(err, path, n) == 0 && strncmp(err + n, ": ", 2) == 0)
        msg = err + n + 2;
    if (msg == err || access(path, R_OK) != 0 || strncmp(msg, "byte ", 5) == 0)
        fprintf(stderr, PROG ": %s\n", err);
    else
        fprintf(stderr, PROG ": %s: byte 0: %s\n", path, msg);
}

/* Opens @p path with Corsaro-In and makes sure a flowtuple reader has it.
 * @return the reader, or NULL after a message */
static corsaro_in_t *open_input(agg_t *a, const char *path)
{
    corsaro_in_t *in = corsaro_in_alloc(path);
    if (in == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return NULL;
    }
    for (int i = 0; i < a->opt->plugin_path_cnt; i++)
        corsaro_in_add_plugin_path(in, a->opt->plugin_paths[i]);
    if (corsaro_in_start(in) != 0) {
        report_start_error(path, corsaro_in_error(in));
        corsaro_in_free(in);
        return NULL;
    }
    const char *reader = corsaro_in_reader_name(in);
    if (reader == NULL || strcmp(reader, "flowtuple") != 0) {
        fprintf(stderr, PROG ": %s: byte 0: not a flowtuple file (it reads as a "
                        "%s file)\n",
                path, reader ? reader : "unknown");
        corsaro_in_free(in);
        return NULL;
    }
    return in;
}

/* Reads one input through. @return 0 or -1 (message printed) */
static int process_file(agg_t *a, const char *path)
{
    fprintf(stderr, "processing %s\n", path);
    corsaro_in_t *in = open_input(a, path);
    if (in == NULL)
        return -1;
    corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
    if (rec == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        corsaro_in_free(in);
        return -1;
    }
    corsaro_in_record_type_t type;
    int first_in_file = 1, rc = 0;
    off_t n = 0;
    while (rc == 0 && (n = corsaro_in_read_record(in, &type, rec)) > 0) {
        const void *data = corsaro_in_get_record_data(rec);
        switch (type) {
        case CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE:
            rc = add_tuple(a, data);
            break;
        case CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START:
            rc = interval_start(a, path, data, first_in_file);
            first_in_file = 0;
            break;
        case CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END:
            a->last_end.time = ((const corsaro_interval_t *)data)->time;
            break;
        default: /* class start/end: classes are merged */
            break;
        }
    }
    if (rc == 0 && n < 0) {
        fprintf(stderr, PROG ": %s\n", corsaro_in_error(in));
        rc = -1;
    }
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    a->input_cnt++;
    return rc;
}

/* Strips the line end (LF, and a CR before it). @return 1 if the line is
 * blank (only spaces or tabs) */
static int trim_line(char *line, ssize_t *len)
{
    if (*len > 0 && line[*len - 1] == '\n')
        line[--*len] = '\0';
    if (*len > 0 && line[*len - 1] == '\r')
        line[--*len] = '\0';
    for (ssize_t i = 0; i < *len; i++)
        if (line[i] != ' ' && line[i] != '\t')
            return 0;
    return 1;
}

/* Processes every file named in the -F list, as the lines come (so a list
 * fed through a pipe is handled as it grows). @return 0 or -1 */
static int process_list(agg_t *a, const char *list)
{
    int from_stdin = strcmp(list, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(list, "r");
    if (f == NULL) {
        fprintf(stderr, PROG ": -F %s: cannot open: %s\n", list, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int rc = 0;
    errno = 0;
    while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
        if (!trim_line(line, &len))
            rc = process_file(a, line);
    }
    if (rc == 0 && ferror(f)) {
        fprintf(stderr, PROG ": -F %s: read error: %s\n", list, strerror(errno));
        rc = -1;
    }
    if (rc == 0 && a->input_cnt == 0) {
        fprintf(stderr, PROG ": -F %s: the list names no input file\n", list);
        rc = -1;
    }
    free(line);
    if (!from_stdin)
        fclose(f);
    return rc;
}

static int run(agg_t *a, int file_cnt, char **files)
{
    int rc = 0;
    if (a->opt->list != NULL)
        rc = process_list(a, a->opt->list);
    for (int i = 0; rc == 0 && i < file_cnt; i++)
        rc = process_file(a, files[i]);
    /* SPEC 8.2: a last dump only when something is pending */
    if (rc == 0 && ftagg_table_rows(a->table) > 0)
        rc = dump(a);
    if (ftagg_out_flush(&a->out) != 0 && rc == 0) {
        fprintf(stderr, PROG ": writing the output failed: %s\n",
                strerror(a->out.err));
        rc = -1;
    }
    return rc;
}

int main(int argc, char **argv)
{
    options_t o;
    memset(&o, 0, sizeof(o));
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        return rc;
    if (!o.value_given)
        fprintf(stderr, "No value field specified. Defaulting to packet count\n");

    agg_t *a = calloc(1, sizeof(*a)); /* holds a 64 KiB output buffer */
    if (a == NULL || (a->table = ftagg_table_new(o.value_field != FTAGG_PACKET_CNT)) == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        free(a);
        return EXIT_FAILURE;
    }
    a->opt = &o;
    ftagg_mask_init(&a->mask, o.key_fields);
    ftagg_out_init(&a->out, stdout);
    rc = run(a, o.list != NULL ? 0 : argc - optind, argv + optind) == 0 ? EXIT_SUCCESS
                                                                       : EXIT_FAILURE;
    ftagg_table_free(a->table);
    free(a->prev_file);
    free(a);
    return rc;
}
