/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * pcap: writes the packets it is given to a pcap file named from the
 * template (%P = pcap), compressed like the other outputs and rotated with
 * -r (SPEC 6).
 *
 * Differences from v2, on purpose:
 * - packets flagged IGNORE by an earlier filter plugin are not written (v2
 *   wrote every packet, contrary to its docs), so `-p filterpfx ... -p pcap`
 *   keeps only what the filter accepts;
 * - the file is written through the Corsaro IO layer rather than libtrace's
 *   writer, so a full disk stops the run with an error instead of losing the
 *   capture silently. The bytes are the same classic pcap format: header in
 *   host byte order, magic 0xa1b2c3d4, version 2.4, snaplen 65536, link type
 *   of the first packet;
 * - a packet whose link type differs from the file's cannot be stored in the
 *   same pcap file: it is counted and the count is logged at close.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libtrace.h>

#include "corsaro/corsaro.h"

#define PCAP_SNAPLEN 65536
#define ETH_FCS_LEN 4

typedef struct pcap_state {
    corsaro_file_t *file;
    libtrace_linktype_t linktype;
    uint64_t skipped_linktype;
} pcap_state_t;

#define STATE(corsaro) CORSARO_PLUGIN_STATE(corsaro, pcap_state_t)

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(corsaro_pcap)

static const corsaro_plugin_t corsaro_pcap_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "pcap",
    .version = "3.0.0",
    .description = "writes the packets it sees to a pcap file",
    .license = "GPL-3.0-or-later",
    .id = 1,
    .magic = CORSARO_PLUGIN_MAGIC('P', 'C', 'A', 'P'),
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(corsaro_pcap),
};
CORSARO_PLUGIN_EXPORT(corsaro_pcap_plugin);

/* libtrace link types to pcap DLT numbers, for the ones libtrace reads. */
static int dlt_of(libtrace_linktype_t t)
{
    switch (t) {
    case TRACE_TYPE_ETH: return 1;
    case TRACE_TYPE_NONE: return 101; /* LINKTYPE_RAW */
    case TRACE_TYPE_LINUX_SLL: return 113;
    case TRACE_TYPE_80211: return 105;
    case TRACE_TYPE_80211_PRISM: return 119;
    case TRACE_TYPE_80211_RADIO: return 127;
    case TRACE_TYPE_PFLOG: return 117;
    case TRACE_TYPE_PPP: return 9;
    case TRACE_TYPE_HDLC_POS: return 50;
    case TRACE_TYPE_LLCSNAP: return 100;
    default: return -1;
    }
}

static void put_host32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put_host16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }

static int write_file_header(corsaro_t *corsaro, pcap_state_t *s, int dlt)
{
    uint8_t h[24];
    put_host32(h, 0xa1b2c3d4u);
    put_host16(h + 4, 2);
    put_host16(h + 6, 4);
    put_host32(h + 8, 0);  /* thiszone */
    put_host32(h + 12, 0); /* sigfigs */
    put_host32(h + 16, PCAP_SNAPLEN);
    put_host32(h + 20, (uint32_t)dlt);
    return corsaro_file_write(corsaro, s->file, h, sizeof(h)) < 0 ? -1 : 0;
}

static int corsaro_pcap_init_output(corsaro_t *corsaro)
{
    char **argv;
    if (corsaro_plugin_args(corsaro, &argv) > 1) {
        corsaro_set_error(corsaro, "pcap: this plugin takes no options (got '%s')",
                          argv[1]);
        return -1;
    }
    pcap_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return -1;
    corsaro_plugin_register_state(corsaro, s);
    return 0;
}

static int close_file(corsaro_t *corsaro, pcap_state_t *s)
{
    int rc = corsaro_file_close(corsaro, s->file);
    s->file = NULL;
    return rc;
}

static int corsaro_pcap_close_output(corsaro_t *corsaro)
{
    pcap_state_t *s = STATE(corsaro);
    int rc = 0;
    if (s == NULL)
        return 0;
    if (s->file != NULL)
        rc = close_file(corsaro, s);
    if (s->skipped_linktype > 0)
        corsaro_log(__func__, corsaro,
                    "pcap: %llu packets had another link type than the file's "
                    "first packet and were not written",
                    (unsigned long long)s->skipped_linktype);
    corsaro_plugin_free_state(corsaro);
    return rc;
}

static int corsaro_pcap_start_interval(corsaro_t *corsaro,
                                       corsaro_interval_t *int_start)
{
    (void)corsaro;
    (void)int_start; /* the file is opened at its first packet, as v2 */
    return 0;
}

static int corsaro_pcap_end_interval(corsaro_t *corsaro, corsaro_interval_t *int_end)
{
    pcap_state_t *s = STATE(corsaro);
    (void)int_end;
    if (s->file != NULL && corsaro_is_rotate_interval(corsaro))
        return close_file(corsaro, s);
    return 0;
}

static int open_file(corsaro_t *corsaro, pcap_state_t *s,
                     libtrace_linktype_t linktype)
{
    int dlt = dlt_of(linktype);
    if (dlt < 0) {
        corsaro_set_error(corsaro, "pcap: link type %d cannot be written to pcap",
                          (int)linktype);
        return -1;
    }
    corsaro_interval_t at = *corsaro_get_interval_start(corsaro);
    s->file = corsaro_io_prepare_file_full(corsaro, "pcap", &at,
                                           CORSARO_FILE_MODE_TRACE,
                                           corsaro_get_compress(corsaro));
    if (s->file == NULL)
        return -1;
    s->linktype = linktype;
    return write_file_header(corsaro, s, dlt);
}

static int corsaro_pcap_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    pcap_state_t *s = STATE(corsaro);
    libtrace_packet_t *lt = LT_PKT(packet);
    libtrace_linktype_t linktype;
    uint32_t remaining = 0;

    if (packet->state.flags & CORSARO_PACKET_STATE_FLAG_IGNORE)
        return 0;
    uint8_t *l2 = trace_get_layer2(lt, &linktype, &remaining);
    if (l2 == NULL)
        return 0; /* no link layer (e.g. a meta-data record): nothing to keep */
    if (s->file == NULL && open_file(corsaro, s, linktype) != 0)
        return -1;
    if (linktype != s->linktype) {
        s->skipped_linktype++;
        return 0;
    }
    uint32_t wire = (uint32_t)trace_get_wire_length(lt);
    if (linktype == TRACE_TYPE_ETH && wire >= ETH_FCS_LEN)
        wire -= ETH_FCS_LEN; /* libtrace counts the Ethernet FCS; pcap does not */
    uint32_t cap = remaining < wire ? remaining : wire;
    struct timeval tv = trace_get_timeval(lt);
    uint8_t h[16];
    put_host32(h, (uint32_t)tv.tv_sec);
    put_host32(h + 4, (uint32_t)tv.tv_usec);
    put_host32(h + 8, cap);
    put_host32(h + 12, wire);
    if (corsaro_file_write(corsaro, s->file, h, sizeof(h)) < 0 ||
        corsaro_file_write(corsaro, s->file, l2, cap) < 0)
        return -1;
    return 0;
}
