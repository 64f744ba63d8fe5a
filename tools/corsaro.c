/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * corsaro: reads traces (or flowtuple files) and runs them through the
 * plugin chain. Options are v2's (SPEC 1.1) plus long forms and the plugin
 * host's own. Exit status: 0 success, 1 a run-time error (outputs are still
 * finalised), 2 a usage error, 128+N when stopped by signal N (outputs are
 * finalised first).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <unistd.h>

#include <libtrace.h>

#include "corsaro/corsaro.h"
#include "cli/readahead.h"

#define EXIT_USAGE 2

typedef struct options {
    const char *template_;
    corsaro_file_mode_t mode;
    int interval;
    int align;
    const char *monitor;
    const char *filter;
    int gap;
    long long max_empty; /* --max-empty-intervals; -1 = one day's worth */
    int rotate;
    int meta_rotate;
    int no_global;
    int no_log;
    int legacy;
    int promisc;
    int list_plugins;
    int trust_all;
    char **plugins; /* "name args" strings, in -p order */
    int plugin_cnt;
    char **plugin_paths;
    int plugin_path_cnt;
} options_t;

static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t sigint_count;
static corsaro_t *volatile signalled_run; /* the core's loops stop too */

static void on_signal(int sig)
{
    if (sig == SIGINT && ++sigint_count >= 3) {
        static const char msg[] = "corsaro: caught 3 SIGINTs, shutting down now\n";
        if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
            /* nothing more to do */
        }
        _exit(128 + SIGINT);
    }
    stop_signal = sig;
    corsaro_request_stop(signalled_run);
    trace_interrupt();
}

static void usage(FILE *out)
{
    fprintf(out,
"usage: corsaro [options] -o TEMPLATE TRACE_URI [TRACE_URI ...]\n"
"\n"
"Reads each trace (any libtrace URI or file; gzip/bzip2/xz allowed) or\n"
"flowtuple file in order, cuts time into intervals and runs every packet\n"
"through the plugins given with -p, in that order.\n"
"\n"
"  -o, --output TEMPLATE   output file template; must contain %%P (plugin\n"
"                          name). %%N = monitor name, %%s = interval start\n"
"                          (unix seconds), other %%x = strftime (UTC). A\n"
"                          .gz, .bz2 or .xz suffix compresses the outputs.\n"
"  -p, --plugin \"NAME [OPTS]\"  enable a plugin with its options; repeat for\n"
"                          more (run order = -p order). Default: flowtuple\n"
"  -i, --interval SECS     interval length (default 60; -1 = one interval)\n"
"  -a, --align             align interval ends to multiples of the length\n"
"  -m, --mode ascii|binary output mode (default binary)\n"
"  -n, --name NAME         monitor name (default: this host's name)\n"
"  -f, --filter BPF        only process packets matching this BPF filter\n"
"  -g, --gap SECS          stop with an error if a packet is more than SECS\n"
"                          seconds after the latest one of any input\n"
"                          (default 0 = off)\n"
"      --max-empty-intervals N  stop with an error (before writing any) if\n"
"                          a jump in packet time needs more than N empty\n"
"                          intervals (default: one day's worth, 86400 / -i)\n"
"  -r, --rotate N          start new plugin files every N intervals (the\n"
"                          template needs a time field, e.g. %%s)\n"
"  -R, --meta-rotate N     start new global/log files every N intervals\n"
"                          (default: as -r; 0 = never)\n"
"  -G, --no-global         do not write the global file\n"
"  -L, --no-log            do not write the log file (log to stderr)\n"
"  -l, --legacy            input flowtuple files have legacy intervals\n"
"  -P, --promisc           promiscuous mode on live interfaces\n"
"      --plugin-path DIRS  search these plugin directories first (repeatable;\n"
"                          DIRS may be a colon-separated list). Then come\n"
"                          $CORSARO_PLUGIN_PATH and the installed directory\n"
"      --plugin-trust-all  load plugin files even if other users can write them\n"
"      --list-plugins      list the plugins found, where, and refused files\n"
"  -h, --help              this help\n"
"  -v, --version           print the version\n"
"\n"
"Example:\n"
"  corsaro -o out/%%N.%%s.%%P.cors.gz -p flowtuple -p dos trace.pcap.gz\n"
"\n"
"Environment:\n"
"  CORSARO_PLUGIN_PATH     plugin directories (colon-separated)\n"
"  LIBTRACEIO              libwandio's options. When every input is an\n"
"                          uncompressed file and the outputs are not\n"
"                          compressed, corsaro sets nothreads (no read-ahead\n"
"                          thread: less CPU, 50 MiB less memory) unless this\n"
"                          is already set; LIBTRACEIO=threads=1 keeps it\n"
"\n"
"Exit status: 0 success; 1 error (outputs finalised); 2 usage error;\n"
"128+N stopped by signal N after finalising the outputs.\n");
}

static int fail_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "corsaro: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'corsaro --help' for more information.\n");
    return EXIT_USAGE;
}

/* Parses a whole decimal int; @return 0 or -1 */
static int parse_int(const char *s, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < INT_MIN || v > INT_MAX)
        return -1;
    *out = (int)v;
    return 0;
}

static int push_string(char ***list, int *cnt, const char *s)
{
    char **grown = realloc(*list, sizeof(char *) * (size_t)(*cnt + 1));
    if (grown == NULL)
        return -1;
    *list = grown;
    grown[(*cnt)++] = (char *)s;
    return 0;
}

enum { OPT_PLUGIN_PATH = 256, OPT_LIST_PLUGINS, OPT_TRUST_ALL, OPT_MAX_EMPTY };

/* The length of the plugin name at the start of a -p string. */
static size_t plugin_name_len(const char *spec)
{
    const char *space = strchr(spec, ' ');
    return space != NULL ? (size_t)(space - spec) : strlen(spec);
}

/* A second -p for one plugin is a usage error: the library matches names
 * without regard to case, and so does this. @return -1 or EXIT_USAGE */
static int check_plugin_repeats(const options_t *o)
{
    for (int i = 1; i < o->plugin_cnt; i++) {
        size_t n = plugin_name_len(o->plugins[i]);
        for (int j = 0; j < i; j++) {
            if (plugin_name_len(o->plugins[j]) != n ||
                strncasecmp(o->plugins[j], o->plugins[i], n) != 0)
                continue;
            fprintf(stderr,
                    "corsaro: -p '%s' and -p '%s' both enable plugin %.*s: "
                    "give all its options in one -p\n"
                    "Try 'corsaro --help' for more information.\n",
                    o->plugins[j], o->plugins[i], (int)n, o->plugins[j]);
            return EXIT_USAGE;
        }
    }
    return -1;
}

/* @return -1 to go on, else the exit status */
static int parse_options(int argc, char **argv, options_t *o)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"plugin", required_argument, NULL, 'p'},
        {"interval", required_argument, NULL, 'i'},
        {"align", no_argument, NULL, 'a'},
        {"mode", required_argument, NULL, 'm'},
        {"name", required_argument, NULL, 'n'},
        {"filter", required_argument, NULL, 'f'},
        {"gap", required_argument, NULL, 'g'},
        {"max-empty-intervals", required_argument, NULL, OPT_MAX_EMPTY},
        {"rotate", required_argument, NULL, 'r'},
        {"meta-rotate", required_argument, NULL, 'R'},
        {"no-global", no_argument, NULL, 'G'},
        {"no-log", no_argument, NULL, 'L'},
        {"legacy", no_argument, NULL, 'l'},
        {"promisc", no_argument, NULL, 'P'},
        {"plugin-path", required_argument, NULL, OPT_PLUGIN_PATH},
        {"plugin-trust-all", no_argument, NULL, OPT_TRUST_ALL},
        {"list-plugins", no_argument, NULL, OPT_LIST_PLUGINS},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'v'},
        {NULL, 0, NULL, 0},
    };
    int c;
    o->mode = CORSARO_FILE_MODE_BINARY;
    o->interval = CORSARO_INTERVAL_DEFAULT;
    o->meta_rotate = -1;
    o->max_empty = -1;
    while ((c = getopt_long(argc, argv, "o:p:i:am:n:f:g:r:R:GLlPhv?", longopts,
                            NULL)) != -1) {
        switch (c) {
        case 'o': o->template_ = optarg; break;
        case 'p':
            if (push_string(&o->plugins, &o->plugin_cnt, optarg) != 0)
                return EXIT_FAILURE;
            break;
        case 'i':
            if (parse_int(optarg, &o->interval) != 0)
                return fail_usage("-i needs a whole number of seconds, not '%s'", optarg);
            if (o->interval == 0)
                return fail_usage("-i %s: an interval of 0 seconds is not allowed "
                                  "(use -1 for one interval per run)", optarg);
            break;
        case 'a': o->align = 1; break;
        case 'm':
            if (strcmp(optarg, "ascii") == 0)
                o->mode = CORSARO_FILE_MODE_ASCII;
            else if (strcmp(optarg, "binary") == 0)
                o->mode = CORSARO_FILE_MODE_BINARY;
            else
                return fail_usage("-m must be 'ascii' or 'binary', not '%s'", optarg);
            break;
        case 'n': o->monitor = optarg; break;
        case 'f': o->filter = optarg; break;
        case 'g':
            if (parse_int(optarg, &o->gap) != 0 || o->gap < 0)
                return fail_usage("-g needs seconds >= 0, not '%s'", optarg);
            break;
        case OPT_MAX_EMPTY: {
            char *end;
            errno = 0;
            o->max_empty = strtoll(optarg, &end, 10);
            if (errno != 0 || end == optarg || *end != '\0' || o->max_empty < 0)
                return fail_usage("--max-empty-intervals needs a number of "
                                  "intervals >= 0, not '%s'", optarg);
            break;
        }
        case 'r':
            if (parse_int(optarg, &o->rotate) != 0 || o->rotate < 0)
                return fail_usage("-r needs a number of intervals >= 0, not '%s'", optarg);
            break;
        case 'R':
            if (parse_int(optarg, &o->meta_rotate) != 0 || o->meta_rotate < -1)
                return fail_usage("-R needs a number of intervals >= 0 (0 = never), "
                                  "or -1 to follow -r, not '%s'", optarg);
            break;
        case 'G': o->no_global = 1; break;
        case 'L': o->no_log = 1; break;
        case 'l': o->legacy = 1; break;
        case 'P': o->promisc = 1; break;
        case OPT_PLUGIN_PATH:
            if (push_string(&o->plugin_paths, &o->plugin_path_cnt, optarg) != 0)
                return EXIT_FAILURE;
            break;
        case OPT_TRUST_ALL: o->trust_all = 1; break;
        case OPT_LIST_PLUGINS: o->list_plugins = 1; break;
        case 'h':
            usage(stdout);
            return EXIT_SUCCESS;
        case 'v':
            printf("corsaro %s (plugin ABI %d.%d, file format %d.%d)\n",
                   CORSARO_VERSION_STRING, CORSARO_PLUGIN_ABI_MAJOR,
                   CORSARO_PLUGIN_ABI_MINOR, CORSARO_FORMAT_VERSION_MAJOR,
                   CORSARO_FORMAT_VERSION_MINOR);
            return EXIT_SUCCESS;
        default:
            fprintf(stderr, "Try 'corsaro --help' for more information.\n");
            return EXIT_USAGE;
        }
    }
    return check_plugin_repeats(o);
}

/* Compiles the BPF filter once, so a bad one stops us before any file is
 * written (libtrace would only find out at the first packet). */
static int check_filter(const char *filter)
{
    struct bpf_program prog;
    pcap_t *p = pcap_open_dead(DLT_EN10MB, 65535);
    if (p == NULL)
        return 0;
    int rc = pcap_compile(p, &prog, filter, 1, PCAP_NETMASK_UNKNOWN);
    if (rc != 0)
        fprintf(stderr, "corsaro: -f '%s': the BPF filter does not compile: %s\n",
                filter, pcap_geterr(p));
    else
        pcap_freecode(&prog);
    pcap_close(p);
    return rc == 0 ? 0 : -1;
}

static int configure(corsaro_t *c, const options_t *o, int uri_cnt, char **uris)
{
    for (int i = 0; i < o->plugin_path_cnt; i++)
        if (corsaro_add_plugin_path(c, o->plugin_paths[i]) != 0)
            return -1;
    corsaro_set_plugin_trust_all(c, o->trust_all);
    for (int i = 0; i < uri_cnt; i++)
        if (corsaro_add_input(c, uris[i]) != 0)
            return -1;
    if ((o->monitor != NULL && corsaro_set_monitorname(c, o->monitor) != 0) ||
        corsaro_set_interval(c, o->interval) != 0 ||
        corsaro_set_traceuri(c, uri_cnt == 1 ? uris[0] : "Multiple Traces") != 0)
        return -1;
    corsaro_set_interval_alignment(c, o->align);
    corsaro_set_max_empty_intervals(c, o->max_empty);
    corsaro_set_output_rotation(c, o->rotate);
    corsaro_set_meta_output_rotation(c, o->meta_rotate);
    if (o->no_global)
        corsaro_disable_globalfile(c);
    if (o->no_log)
        corsaro_disable_logfile(c);
    for (int i = 0; i < o->plugin_cnt; i++) {
        /* "name args": the name ends at the first space */
        char *spec = strdup(o->plugins[i]);
        if (spec == NULL)
            return -1;
        char *space = strchr(spec, ' ');
        if (space != NULL)
            *space = '\0';
        int rc = corsaro_enable_plugin(c, spec, space != NULL ? space + 1 : NULL);
        free(spec);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Progress on a terminal: packets, rate, interval. */
typedef struct progress {
    int enabled;
    struct timeval start, last;
    uint64_t last_cnt;
} progress_t;

static double seconds_between(struct timeval a, struct timeval b)
{
    return (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_usec - a.tv_usec) / 1e6;
}

static void progress_tick(progress_t *p, corsaro_t *c, int force)
{
    uint64_t cnt = corsaro_get_packet_count(c);
    struct timeval now;
    if (!p->enabled)
        return;
    gettimeofday(&now, NULL);
    double dt = seconds_between(p->last, now);
    if (!force && dt < 1.0)
        return;
    double rate = dt > 0 ? (double)(cnt - p->last_cnt) / dt : 0;
    fprintf(stderr, "\r%llu packets, %.0f pkt/s, interval %u    ",
            (unsigned long long)cnt, rate, corsaro_get_interval_start(c)->number);
    p->last = now;
    p->last_cnt = cnt;
}

/* libtrace reports a short read at the end of a cut file ("Incomplete
 * pcap packet body", "Incomplete ERF header") with whatever errno was left
 * from an earlier call appended ("...: No such device"): no system call
 * failed, so that part is dropped. Real read errors keep theirs. */
static void read_error_text(libtrace_err_t e, char *buf, size_t len)
{
    snprintf(buf, len, "%s", e.problem);
    if (e.err_num <= 0 || strncmp(buf, "Incomplete ", 11) != 0)
        return;
    char suffix[256];
    snprintf(suffix, sizeof(suffix), ": %s", strerror(e.err_num));
    size_t n = strlen(buf), s = strlen(suffix);
    if (n > s && strcmp(buf + n - s, suffix) == 0)
        buf[n - s] = '\0';
}

/* -g: the latest packet time read from any input, and which one. The
 * latest, not the previous: one packet stamped in the past must not make
 * the next normal one look like a gap, nor a new input restart the check. */
typedef struct gap_check {
    double latest; /* 0 = no packet yet */
    const char *latest_uri;
} gap_check_t;

/* @return 0, or -1 (said why) if @p packet exceeds the -g limit */
static int check_gap(gap_check_t *g, int limit, const char *uri,
                     uint64_t number, libtrace_packet_t *packet)
{
    double now = trace_get_seconds(packet);
    if (g->latest > 0 && now - g->latest > limit) {
        fprintf(stderr, "corsaro: %s: packet %llu at %f s: gap limit exceeded: "
                        "%f s after the latest packet (%f s, in %s), more "
                        "than -g %d\n",
                uri, (unsigned long long)number, now, now - g->latest,
                g->latest, g->latest_uri, limit);
        return -1;
    }
    if (now > g->latest) {
        g->latest = now;
        g->latest_uri = uri;
    }
    return 0;
}

static int process_trace(corsaro_t *c, const options_t *o, const char *uri,
                         libtrace_t **open_trace, progress_t *progress,
                         gap_check_t *gap)
{
    libtrace_t *trace = trace_create(uri);
    /* A signal while opening (e.g. waiting for a FIFO's writer) interrupts
     * the open: that is the user stopping us, not a bad trace. */
    if (trace_is_err(trace) && stop_signal) {
        trace_destroy(trace);
        return 0;
    }
    if (trace_is_err(trace)) {
        libtrace_err_t e = trace_get_err(trace);
        corsaro_log_report(__func__, c, "cannot open trace %s: %s (is it a readable "
                        "trace? pcapng is not supported by libtrace 3)",
                uri, e.problem);
        trace_destroy(trace);
        return -1;
    }
    if (o->promisc) {
        int on = 1;
        if (trace_config(trace, TRACE_OPTION_PROMISC, &on) != 0)
            corsaro_log_report(__func__, c, "%s: ignoring -P: %s", uri,
                    trace_get_err(trace).problem);
    }
    if (trace_start(trace) != 0) {
        int interrupted = stop_signal != 0;
        if (!interrupted)
            corsaro_log_report(__func__, c, "cannot start trace %s: %s", uri,
                    trace_get_err(trace).problem);
        trace_destroy(trace);
        return interrupted ? 0 : -1;
    }
    /* the previous trace stays open until now: its statistics fed the run */
    if (*open_trace != NULL)
        trace_destroy(*open_trace);
    *open_trace = trace;
    corsaro_set_trace(c, trace);
    if (corsaro_set_input_name(c, uri) != 0) {
        fprintf(stderr, "corsaro: out of memory\n");
        return -1;
    }

    libtrace_filter_t *filter = o->filter ? trace_create_filter(o->filter) : NULL;
    libtrace_packet_t *packet = trace_create_packet();
    int rc = 0;
    unsigned since_tick = 0;
    uint64_t number = 0; /* of the packet in this input, -f's skipped too */
    while (!stop_signal && trace_read_packet(trace, packet) > 0) {
        number++;
        if (o->gap > 0 && check_gap(gap, o->gap, uri, number, packet) != 0) {
            rc = -1;
            break;
        }
        if (filter != NULL) {
            int m = trace_apply_filter(filter, packet);
            if (m < 0) {
                corsaro_log_report(__func__, c, "-f '%s' cannot be applied to %s",
                        o->filter, uri);
                rc = -1;
                break;
            }
            if (m == 0)
                continue;
        }
        if (corsaro_per_packet(c, packet) != 0) {
            rc = -1;
            break;
        }
        if ((++since_tick & 0xffff) == 0) /* a call per packet showed in perf */
            progress_tick(progress, c, 0);
    }
    if (rc == 0 && !stop_signal && trace_is_err(trace)) {
        libtrace_err_t e = trace_get_err(trace);
        char why[sizeof(e.problem)];
        read_error_text(e, why, sizeof(why));
        corsaro_log_report(__func__, c, "reading %s failed: %s (truncated or corrupt "
                        "trace?)",
                uri, why);
        rc = -1;
    }
    trace_destroy_packet(packet);
    if (filter != NULL)
        trace_destroy_filter(filter);
    return rc;
}

/* The command line as typed, for the log: words with spaces are quoted. */
static void log_command_line(corsaro_t *c, int argc, char **argv)
{
    char line[480];
    size_t pos = 0;
    line[0] = '\0';
    for (int i = 0; i < argc && pos < sizeof(line); i++) {
        const char *q = strpbrk(argv[i], " \t") != NULL ? "'" : "";
        int n = snprintf(line + pos, sizeof(line) - pos, "%s%s%s%s", i ? " " : "",
                         q, argv[i], q);
        if (n < 0)
            break;
        pos += (size_t)n;
    }
    corsaro_log_record(__func__, c, "command line: %s", line);
}

/* One run has one clock: a flowtuple file's intervals cannot continue a
 * trace's, nor the reverse. Mixing them is refused before anything is
 * written. @return 0, or EXIT_USAGE (said why) */
static int check_input_kinds(char **uris, int uri_cnt, const int *is_ft)
{
    int ft = -1, trace = -1;
    for (int i = 0; i < uri_cnt; i++) {
        if (is_ft[i] && ft < 0)
            ft = i;
        if (!is_ft[i] && trace < 0)
            trace = i;
    }
    if (ft < 0 || trace < 0)
        return 0;
    fprintf(stderr, "corsaro: cannot mix flowtuple files (%s), re-processed "
                    "with their own intervals, and traces (%s), cut by -i, in "
                    "one run: give them to separate runs\n",
            uris[ft], uris[trace]);
    return EXIT_USAGE;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

int main(int argc, char **argv)
{
    options_t o;
    int *is_ft = NULL; /* per input: a flowtuple file to re-process */
    memset(&o, 0, sizeof(o));
    int rc = parse_options(argc, argv, &o);
    if (rc >= 0)
        goto out;
    rc = EXIT_USAGE;
    char **uris = argv + optind;
    int uri_cnt = argc - optind;
    if (!o.list_plugins) {
        if (uri_cnt < 1) {
            rc = fail_usage("%s", "at least one trace must be given");
            goto out;
        }
        if (o.template_ == NULL) {
            rc = fail_usage("%s", "an output template must be given with -o "
                                  "(e.g. -o out/%P.cors)");
            goto out;
        }
        if (o.filter != NULL && check_filter(o.filter) != 0)
            goto out;
        is_ft = calloc((size_t)uri_cnt, sizeof(*is_ft));
        if (is_ft == NULL) {
            fprintf(stderr, "corsaro: out of memory\n");
            rc = EXIT_FAILURE;
            goto out;
        }
        for (int i = 0; i < uri_cnt; i++)
            is_ft[i] = corsaro_is_flowtuple_file(uris[i]);
        if (check_input_kinds(uris, uri_cnt, is_ft) != 0)
            goto out;
    }

    corsaro_t *c = corsaro_alloc_output(o.template_ ? o.template_ : "%P", o.mode);
    if (c == NULL) {
        fprintf(stderr, "corsaro: out of memory\n");
        rc = EXIT_FAILURE;
        goto out;
    }
    if (configure(c, &o, uri_cnt, uris) != 0) {
        fprintf(stderr, "corsaro: %s\n", corsaro_error(c));
        corsaro_free(c);
        rc = EXIT_FAILURE;
        goto out;
    }
    if (!o.list_plugins)
        log_command_line(c, argc, argv);
    if (o.list_plugins) {
        rc = corsaro_print_plugin_list(c, stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
        corsaro_free(c);
        goto out;
    }
    /* before any thread starts: it sets an environment variable */
    readahead_tune(uris, uri_cnt, corsaro_get_compress(c));
    signalled_run = c;
    install_signals();
    if (corsaro_start_output(c) != 0) {
        fprintf(stderr, "corsaro: %s\n", corsaro_error(c));
        corsaro_finalize_output(c);
        signalled_run = NULL;
        corsaro_free(c);
        rc = EXIT_FAILURE;
        goto out;
    }

    progress_t progress = {.enabled = isatty(STDERR_FILENO)};
    gettimeofday(&progress.start, NULL);
    progress.last = progress.start;
    libtrace_t *trace = NULL;
    gap_check_t gap = {0, NULL};
    rc = EXIT_SUCCESS;
    for (int i = 0; i < uri_cnt && !stop_signal; i++) {
        int failed;
        corsaro_log_record(__func__, c, "input %d of %d: %s (%s)", i + 1, uri_cnt,
                           uris[i], is_ft[i] ? "flowtuple file, re-processed" : "trace");
        if (is_ft[i]) {
            failed = corsaro_per_flowtuple_file(c, uris[i], o.legacy) != 0;
        } else {
            if (o.legacy)
                corsaro_log_report(__func__, c, "warning: -l applies to flowtuple "
                                   "files only; it has no effect on trace %s",
                                   uris[i]);
            failed = process_trace(c, &o, uris[i], &trace, &progress, &gap) != 0;
        }
        if (failed) {
            rc = EXIT_FAILURE;
            break;
        }
    }
    if (progress.enabled) {
        progress_tick(&progress, c, 1);
        fputc('\n', stderr);
    }
    if (stop_signal)
        corsaro_log_record(__func__, c, "stopping: signal %d received",
                           (int)stop_signal);
    /* finalise whatever happened: what was read stays readable */
    if (corsaro_finalize_output(c) != 0)
        rc = EXIT_FAILURE;
    if (rc != EXIT_SUCCESS && corsaro_error(c)[0] != '\0')
        fprintf(stderr, "corsaro: %s\n", corsaro_error(c));
    if (stop_signal) {
        fprintf(stderr, "corsaro: stopped by signal %d after %llu packets; "
                        "outputs finalised\n",
                (int)stop_signal, (unsigned long long)corsaro_get_packet_count(c));
        if (rc == EXIT_SUCCESS)
            rc = 128 + stop_signal;
    }
    signalled_run = NULL;
    corsaro_free(c);
    if (trace != NULL)
        trace_destroy(trace);
out:
    free(is_ft);
    free(o.plugins);
    free(o.plugin_paths);
    return rc;
}
