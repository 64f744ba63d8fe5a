/*
 * portcount: an example Corsaro plugin, built out of tree against the
 * installed SDK. GPL-3.0-or-later.
 */
/*
 * The descriptor and the output side: count each IPv4 packet under its
 * (protocol, destination port), write the counts when the interval ends.
 * What is counted and the file layout: portcount.h.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <libtrace.h>

#include "portcount.h"

typedef struct portcount_state {
    portcount_table_t *table;
    corsaro_file_t *file; /* open from the first interval to a rotation */
} portcount_state_t;

#define STATE(corsaro) CORSARO_PLUGIN_STATE(corsaro, portcount_state_t)

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(portcount)

static const corsaro_plugin_t portcount_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = PORTCOUNT_NAME,
    .version = "1.0.0",
    .description = "counts IPv4 packets per protocol and destination port",
    .license = "GPL-3.0-or-later",
    .magic = PORTCOUNT_MAGIC,
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(portcount),
    .probe_filename = portcount_probe_filename,
    .probe_magic = portcount_probe_magic,
    .init_input = portcount_init_input,
    .close_input = portcount_close_input,
    .read_record = portcount_read_record,
    .print_record = portcount_print_record,
};
CORSARO_PLUGIN_EXPORT(portcount_plugin);

static int portcount_init_output(corsaro_t *corsaro)
{
    char **argv;
    if (corsaro_plugin_args(corsaro, &argv) > 1) {
        corsaro_set_error(corsaro, "portcount: unknown option '%s' (this plugin "
                                   "takes no options)",
                          argv[1]);
        return -1;
    }
    portcount_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        corsaro_set_error(corsaro, "portcount: out of memory");
        return -1;
    }
    /* registered first, so close_output frees it even if the rest fails */
    corsaro_plugin_register_state(corsaro, s);
    s->table = portcount_table_new();
    if (s->table == NULL) {
        corsaro_set_error(corsaro, "portcount: out of memory");
        return -1;
    }
    return 0;
}

static int portcount_close_output(corsaro_t *corsaro)
{
    portcount_state_t *s = STATE(corsaro);
    int rc = 0;
    if (s == NULL)
        return 0;
    if (s->file != NULL)
        rc = corsaro_file_close(corsaro, s->file);
    portcount_table_free(s->table);
    corsaro_plugin_free_state(corsaro);
    return rc;
}

static int portcount_start_interval(corsaro_t *corsaro,
                                    corsaro_interval_t *int_start)
{
    portcount_state_t *s = STATE(corsaro);
    if (s->file == NULL) {
        s->file = corsaro_io_prepare_file(corsaro, PORTCOUNT_NAME, int_start);
        if (s->file == NULL)
            return -1; /* the host's error names the file */
    }
    return corsaro_io_write_interval_start(corsaro, s->file, int_start);
}

static int portcount_end_interval(corsaro_t *corsaro, corsaro_interval_t *int_end)
{
    portcount_state_t *s = STATE(corsaro);
    size_t cnt;
    portcount_entry_t *entries = portcount_table_take(s->table, &cnt);
    if (entries == NULL && cnt > 0) {
        corsaro_set_error(corsaro, "portcount: out of memory");
        return -1;
    }
    int rc = portcount_write_counts(corsaro, s->file, entries, cnt);
    free(entries);
    if (rc != 0 || corsaro_io_write_interval_end(corsaro, s->file, int_end) != 0)
        return -1;
    if (corsaro_is_rotate_interval(corsaro)) {
        rc = corsaro_file_close(corsaro, s->file);
        s->file = NULL; /* the next interval opens the next file */
    }
    return rc;
}

/* The destination port of a TCP or UDP packet; 0 for other protocols and
 * for fragments after the first, which carry no transport header. */
static uint16_t dst_port(libtrace_ip_t *ip, uint32_t remaining)
{
    uint8_t proto;
    if ((ntohs(ip->ip_off) & 0x1fff) != 0 ||
        (ip->ip_p != TRACE_IPPROTO_TCP && ip->ip_p != TRACE_IPPROTO_UDP))
        return 0;
    uint8_t *l4 = trace_get_payload_from_ip(ip, &proto, &remaining);
    if (l4 == NULL || remaining < 4)
        return 0; /* truncated capture */
    return corsaro_get_u16(l4 + 2);
}

static int portcount_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    portcount_state_t *s = STATE(corsaro);
    uint16_t ethertype;
    uint32_t remaining = 0;

    if (packet->state.flags & CORSARO_PACKET_STATE_FLAG_IGNORE)
        return 0; /* an earlier filter plugin dropped it */
    libtrace_ip_t *ip = trace_get_layer3(LT_PKT(packet), &ethertype, &remaining);
    if (ip == NULL || ethertype != TRACE_ETHERTYPE_IP ||
        remaining < sizeof(libtrace_ip_t) || ip->ip_v != 4)
        return 0;
    if (portcount_table_add(s->table, ip->ip_p, dst_port(ip, remaining)) != 0) {
        corsaro_set_error(corsaro, "portcount: out of memory");
        return -1;
    }
    return 0;
}
