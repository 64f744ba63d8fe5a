/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The fast packet path against libtrace's accessors on every packet of
 * the shared real traces (VLAN, MPLS, Linux SLL, ERF, fragments, truncated
 * captures...). Skips, saying so, when the shared folder is absent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libtrace.h>

#include "ft_internal.h"
#include "ft_reference.h"

#ifndef FT_SHARED_DIR
#define FT_SHARED_DIR "../shared"
#endif

static const char *const traces[] = {
    "darknet-synthetic-a.pcap.gz",  "libtrace-100-packets.pcap",
    "libtrace-5-packets.erf.bz2",   "libtrace-fragtest.erf.gz",
    "libtrace-ip-in-mpls.pcap.gz",  "libtrace-sll.pcap.gz",
    "libtrace-vlan.pcap",           "pcaphunt-icmp-scan.pcap",
    "pcaphunt-ip-protocol-scan.pcap", "pcaphunt-tcp-syn-scan.pcap",
    "pcaphunt-udp-scan.pcap",       "stopddos-reflection-synack.pcap",
    "stopddos-synflood-spoofed.pcap", "tcpreplay-test.pcap",
};

static void test_fast_path_on_real_traces(void **state)
{
    char path[1024];
    long packets = 0, ipv4 = 0, files = 0;
    (void)state;

    for (size_t i = 0; i < sizeof(traces) / sizeof(traces[0]); i++) {
        snprintf(path, sizeof(path), "%s/traces/%s", FT_SHARED_DIR, traces[i]);
        if (access(path, R_OK) != 0)
            continue;
        libtrace_t *trace = trace_create(path);
        libtrace_packet_t *pkt = trace_create_packet();
        assert_false(trace_is_err(trace));
        assert_int_equal(trace_start(trace), 0);
        files++;
        while (trace_read_packet(trace, pkt) > 0) {
            ft_item_t fast, ref;
            int a = corsaro__ft_packet_tuple(pkt, NULL, &fast);
            int b = ft_reference_tuple(pkt, NULL, &ref);
            packets++;
            if (a != b || (a >= 0 && memcmp(fast.key, ref.key, FT_KEY_LEN) != 0))
                fail_msg("%s packet %ld: fast path class %d, libtrace %d", traces[i],
                         packets, a, b);
            if (a >= 0)
                ipv4++;
        }
        assert_false(trace_is_err(trace));
        trace_destroy_packet(pkt);
        trace_destroy(trace);
    }
    if (files == 0)
        skip(); /* no shared traces here */
    print_message("%ld traces, %ld packets, %ld IPv4: identical\n", files, packets,
                  ipv4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_path_on_real_traces),
    };
    if (access(FT_SHARED_DIR "/traces", R_OK) != 0)
        fprintf(stderr, "NOTE: %s/traces not found: test_ft_traces skips\n",
                FT_SHARED_DIR);
    return cmocka_run_group_tests_name("flowtuple_traces", tests, NULL, NULL);
}
