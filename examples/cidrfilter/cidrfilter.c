/*
 * cidrfilter: an example Corsaro filter plugin, built out of tree against
 * the installed SDK. GPL-3.0-or-later.
 */
/*
 * Keeps only the packets sent into the given IPv4 prefixes:
 *
 *   corsaro -p "cidrfilter 44.0.0.0/8 10.0.0.0/8" -p portcount ...
 *
 * Every other packet, including every non-IPv4 packet (it has no IPv4
 * destination), gets CORSARO_PACKET_STATE_FLAG_IGNORE, which the plugins
 * after it in the -p order honour. It writes no file of its own; at the
 * end it logs how many packets it kept and ignored.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdlib.h>

#include <libtrace.h>

#include <corsaro/corsaro.h>

#include "cidr.h"

typedef struct cidrfilter_state {
    cidr_t *prefixes;
    size_t prefix_cnt;
    uint64_t kept, ignored;
} cidrfilter_state_t;

#define STATE(corsaro) CORSARO_PLUGIN_STATE(corsaro, cidrfilter_state_t)

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(cidrfilter)

static const corsaro_plugin_t cidrfilter_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "cidrfilter",
    .version = "1.0.0",
    .description = "ignores packets whose IPv4 destination is outside a CIDR list",
    .license = "GPL-3.0-or-later",
    .magic = 0, /* writes no files */
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(cidrfilter),
};
CORSARO_PLUGIN_EXPORT(cidrfilter_plugin);

/* The options are the prefixes: -p "cidrfilter PREFIX [PREFIX...]". */
static int cidrfilter_init_output(corsaro_t *corsaro)
{
    char **argv;
    int argc = corsaro_plugin_args(corsaro, &argv);
    char why[160];

    if (argc < 2) {
        corsaro_set_error(corsaro, "cidrfilter: give at least one IPv4 prefix, "
                                   "e.g. -p \"cidrfilter 44.0.0.0/8\"");
        return -1;
    }
    cidrfilter_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return -1;
    corsaro_plugin_register_state(corsaro, s); /* close_output frees it */
    s->prefixes = calloc((size_t)argc - 1, sizeof(cidr_t));
    if (s->prefixes == NULL) {
        corsaro_set_error(corsaro, "cidrfilter: out of memory");
        return -1;
    }
    for (int i = 1; i < argc; i++) {
        if (cidr_parse(argv[i], &s->prefixes[s->prefix_cnt], why, sizeof(why)) != 0) {
            corsaro_set_error(corsaro, "cidrfilter: option '%s': %s", argv[i], why);
            return -1;
        }
        s->prefix_cnt++;
    }
    return 0;
}

static int cidrfilter_close_output(corsaro_t *corsaro)
{
    cidrfilter_state_t *s = STATE(corsaro);
    if (s == NULL)
        return 0;
    if (s->kept + s->ignored > 0)
        corsaro_log(__func__, corsaro,
                    "cidrfilter: kept %" PRIu64 " packets, ignored %" PRIu64,
                    s->kept, s->ignored);
    free(s->prefixes);
    corsaro_plugin_free_state(corsaro);
    return 0;
}

static int cidrfilter_start_interval(corsaro_t *corsaro,
                                     corsaro_interval_t *int_start)
{
    (void)corsaro;
    (void)int_start; /* nothing per interval: a filter has no output */
    return 0;
}

static int cidrfilter_end_interval(corsaro_t *corsaro, corsaro_interval_t *int_end)
{
    (void)corsaro;
    (void)int_end;
    return 0;
}

static int cidrfilter_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    cidrfilter_state_t *s = STATE(corsaro);
    if (packet->state.flags & CORSARO_PACKET_STATE_FLAG_IGNORE)
        return 0; /* an earlier filter dropped it already */
    libtrace_ip_t *ip = trace_get_ip(LT_PKT(packet));
    if (ip != NULL &&
        cidr_list_contains(s->prefixes, s->prefix_cnt, ntohl(ip->ip_dst.s_addr))) {
        s->kept++;
        return 0;
    }
    packet->state.flags |= CORSARO_PACKET_STATE_FLAG_IGNORE;
    s->ignored++;
    return 0;
}
