/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * libFuzzer harness of the packet path: arbitrary bytes, wrapped by libtrace
 * as an Ethernet frame, go through a run of anon + filterbpf + filterpfx
 * (when built) + flowtuple + dos, exactly as corsaro hands packets over. The
 * input is
 *   byte 0: a signed time step in seconds from the harness clock (so
 *           packets may go back in time or jump ahead a little)
 *   byte 1: microseconds / 3922
 *   the rest: the frame
 * One run serves many inputs (intervals end as the clock moves, so the
 * plugins' end_interval and dos reports run too); it is finalised and
 * replaced every RUN_INPUTS inputs so memory and files stay small.
 *
 * A plugin must never fail on a packet: any error stops a telescope's run,
 * so corsaro_per_packet() returning -1 is a finding as much as a crash.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libtrace.h>

#include "corsaro/corsaro.h"
#include "fuzz_common.h"

#define RUN_INPUTS 20000
#define INPUTS_PER_SECOND 8
#define INTERVAL 60

/* The 16-byte pcap record header libtrace puts before a constructed
 * packet, in host order (checked at start-up). */
typedef struct pcap_rec {
    uint32_t sec, usec, caplen, wirelen;
} pcap_rec_t;

static corsaro_t *run;
static unsigned long inputs;
static uint32_t clock_sec = 1320969600;
static char template_[512];

static int plugin_built(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s.so", FUZZ_PLUGIN_DIR, name);
    return access(path, R_OK) == 0;
}

static void start_run(void)
{
    run = corsaro_alloc_output(template_, CORSARO_FILE_MODE_BINARY);
    if (run == NULL)
        fuzz_fail("corsaro_alloc_output", NULL);
    corsaro_set_monitorname(run, "fuzz");
    corsaro_set_interval(run, INTERVAL);
    corsaro_disable_logfile(run);
    /* anon rewrites addresses and checksums in place; the filters tag and
     * ignore some packets, so flowtuple and dos see both kinds. A plugin
     * that is not built is left out. */
    if (plugin_built("anon"))
        corsaro_enable_plugin(run, "anon", "-s -d fuzzkey");
    if (plugin_built("filterbpf"))
        corsaro_enable_plugin(run, "filterbpf", "-f \"all:ip or not ip\" -f tcp");
    if (plugin_built("filterpfx"))
        corsaro_enable_plugin(run, "filterpfx", "-i -p 10.0.0.0/8");
    corsaro_enable_plugin(run, "flowtuple", NULL);
    corsaro_enable_plugin(run, "dos", NULL);
    if (corsaro_start_output(run) != 0)
        fuzz_fail("corsaro_start_output", corsaro_error(run));
}

static void end_run(void)
{
    if (run == NULL)
        return;
    if (corsaro_finalize_output(run) != 0)
        fuzz_fail("corsaro_finalize_output", corsaro_error(run));
    corsaro_free(run);
    run = NULL;
}

/* The clock check: libtrace's constructed packet must carry our time. */
static void check_header_layout(void)
{
    uint8_t frame[60] = {0};
    libtrace_packet_t *p = trace_create_packet();
    trace_construct_packet(p, TRACE_TYPE_ETH, frame, sizeof(frame));
    pcap_rec_t *h = p->header;
    if ((char *)p->payload - (char *)p->header != (long)sizeof(pcap_rec_t) ||
        h->caplen != sizeof(frame))
        fuzz_fail("libtrace's packet header is not a pcap record", NULL);
    h->sec = 1000;
    h->usec = 0;
    if (trace_get_seconds(p) != 1000.0)
        fuzz_fail("cannot set a constructed packet's time", NULL);
    trace_destroy_packet(p);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("LIBTRACEIO", "nothreads", 1);
    snprintf(template_, sizeof(template_), "%s/%%P.cors", fuzz_scratch_dir());
    fuzz_pin_plugins(FUZZ_PLUGIN_DIR);
    check_header_layout();
    atexit(end_run);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size - 2 > 65535)
        return 0;
    if (run == NULL)
        start_run();

    libtrace_packet_t *p = trace_create_packet();
    trace_construct_packet(p, TRACE_TYPE_ETH, data + 2, (uint16_t)(size - 2));
    /* libtrace copied the frame into a 64 KiB buffer, where a read past the
     * captured bytes goes unseen. Give it a buffer of the exact size
     * instead, so ASan reports any such read. (libtrace frees it.) */
    size_t total = sizeof(pcap_rec_t) + (size - 2);
    uint8_t *exact = malloc(total);
    if (exact == NULL)
        fuzz_fail("out of memory", NULL);
    memcpy(exact, p->header, total);
    free(p->buffer);
    p->buffer = exact;
    p->header = exact;
    p->payload = exact + sizeof(pcap_rec_t);

    pcap_rec_t *h = p->header;
    h->sec = clock_sec + (uint32_t)(int32_t)(int8_t)data[0];
    h->usec = (uint32_t)data[1] * 3922u;

    if (corsaro_per_packet(run, p) != 0)
        fuzz_fail("a plugin failed on a packet", corsaro_error(run));
    trace_destroy_packet(p);

    if (++inputs % INPUTS_PER_SECOND == 0)
        clock_sec++;
    if (inputs % RUN_INPUTS == 0)
        end_run();
    return 0;
}
