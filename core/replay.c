/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Re-processing (SPEC 2.5): a flowtuple file given as input is read with
 * Corsaro-In and its intervals and tuples are replayed to the plugins
 * that have the flowtuple hooks. The file's own intervals are kept; -i and
 * -a do not apply.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "corsaro_int.h"

static const uint32_t pcap_magics[] = {0xa1b2c3d4u, 0xd4c3b2a1u, 0xa1b23c4du,
                                       0x4d3cb2a1u, 0x0a0d0d0au};

static int has_pcap_magic(const uint8_t *b)
{
    for (size_t i = 0; i < sizeof(pcap_magics) / sizeof(pcap_magics[0]); i++)
        if (corsaro_get_u32(b) == pcap_magics[i])
            return 1;
    return 0;
}

static int is_pcap_file(const char *filename)
{
    uint8_t b[4];
    FILE *f = fopen(filename, "rb");
    if (f == NULL)
        return 0;
    size_t n = fread(b, 1, sizeof(b), f);
    fclose(f);
    return n == sizeof(b) && has_pcap_magic(b);
}

typedef enum { SNIFF_UNKNOWN, SNIFF_PCAP, SNIFF_FLOWTUPLE } sniff_t;

/* What the first bytes of a regular file (decompressed) say it is. */
static sniff_t sniff_content(const char *filename)
{
    uint8_t head[18];
    /* only regular files are sniffed: a FIFO or device cannot be re-read */
    struct stat st;
    if (stat(filename, &st) != 0 || !S_ISREG(st.st_mode))
        return SNIFF_UNKNOWN;
    /* a plain pcap file is told by its first bytes; opening it through
     * wandio would start a read-ahead thread that fills megabytes */
    if (is_pcap_file(filename))
        return SNIFF_PCAP;
    corsaro_file_in_t *f = corsaro_file_ropen(filename);
    if (f == NULL)
        return SNIFF_UNKNOWN;
    off_t n = corsaro_file_rpeek(f, head, sizeof(head));
    corsaro_file_rclose(f);
    if (n >= 4 && has_pcap_magic(head)) /* a compressed pcap */
        return SNIFF_PCAP;
    if (n == (off_t)sizeof(head) && corsaro_get_u32(head) == CORSARO_MAGIC &&
        memcmp(head + 14, "SIX", 3) == 0 && (head[17] == 'T' || head[17] == 'U'))
        return SNIFF_FLOWTUPLE;
    return SNIFF_UNKNOWN;
}

/* Content decides before the name: a capture called "flowtuple.pcap" is a
 * trace. The name decides only what the content cannot tell (a FIFO, or a
 * damaged flowtuple file, whose reader then names the bad byte). */
int corsaro_is_flowtuple_file(const char *filename)
{
    if (strchr(filename, ':') != NULL) /* a libtrace URI such as pcapfile: */
        return 0;
    switch (sniff_content(filename)) {
    case SNIFF_PCAP: return 0;
    case SNIFF_FLOWTUPLE: return 1;
    case SNIFF_UNKNOWN: break;
    }
    return strstr(corsaro__basename(filename), "flowtuple") != NULL;
}

static int replay_record(corsaro_t *corsaro, corsaro_in_record_type_t type,
                         void *data, int legacy)
{
    switch (type) {
    case CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START: {
        corsaro_interval_t *iv = data;
        if (!corsaro->started) {
            corsaro->started = 1;
            corsaro->first_ts.tv_sec = iv->time;
        }
        /* until its end record comes, the interval is open: a file cut
         * short (or a stop) still gets it ended and written, at the last
         * time known, as a truncated trace's last interval is */
        corsaro->last_ts.tv_sec = iv->time;
        if (corsaro__interval_start(corsaro, iv->number, iv->time) != 0)
            return -1;
        corsaro->interval_end_needed = 1;
        return 0;
    }
    case CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END: {
        corsaro_interval_t *iv = data;
        uint32_t end = iv->time;
        if (legacy && iv->number < 59)
            end--; /* legacy files ended intervals one second late */
        corsaro->last_ts.tv_sec = iv->time;
        corsaro->interval_start.number = iv->number;
        return corsaro__interval_end(corsaro, end);
    }
    case CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_START:
    case CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_END:
    case CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE:
        break;
    default:
        corsaro_set_error(corsaro, "unexpected record type %d in a flowtuple file",
                          type);
        return -1;
    }
    if (type == CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE) {
        corsaro_packet_state_reset(&corsaro->packet.state);
        corsaro__tags_reset(&corsaro->tags);
        corsaro->packet_cnt += ntohl(((corsaro_flowtuple_t *)data)->packet_cnt);
    }
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        corsaro__instance_t *inst = &corsaro->instances[i];
        const corsaro_plugin_t *d = inst->desc;
        int rc = 0;
        corsaro->current = inst;
        if (type == CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE && d->process_flowtuple)
            rc = d->process_flowtuple(corsaro, data, &corsaro->packet.state);
        else if (type == CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_START &&
                 d->process_flowtuple_class_start)
            rc = d->process_flowtuple_class_start(corsaro, data);
        else if (type == CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_END &&
                 d->process_flowtuple_class_end)
            rc = d->process_flowtuple_class_end(corsaro, data);
        corsaro->current = NULL;
        if (type == CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE)
            corsaro->tags.providers_ran |= d->tags_provided;
        if (rc != 0) {
            corsaro_set_error(corsaro, "plugin %s failed on a re-processed tuple",
                              d->name);
            return -1;
        }
    }
    return 0;
}

/* Trace packets and a file's intervals are two clocks: one run has one. */
static int check_no_trace_before(corsaro_t *corsaro, const char *filename)
{
    if (!corsaro->started || corsaro->replaying)
        return 0;
    corsaro_set_error(corsaro,
                      "%s: a flowtuple file cannot be re-processed after a "
                      "trace in one run (its intervals are not the trace's "
                      "clock): give them to separate runs",
                      filename);
    return -1;
}

int corsaro_per_flowtuple_file(corsaro_t *corsaro, const char *filename,
                               int legacy)
{
    if (check_no_trace_before(corsaro, filename) != 0)
        return -1;
    corsaro->replaying = 1;
    corsaro_in_t *in = corsaro_in_alloc(filename);
    if (in == NULL) {
        corsaro_set_error(corsaro, "out of memory opening %s", filename);
        return -1;
    }
    corsaro__plugin_registry_t *reg = corsaro->registry;
    in->registry->trust_all = reg->trust_all;
    for (int i = 0; i < reg->dir_cnt; i++)
        if (reg->dir_source[i] == CORSARO__SOURCE_OPTION)
            corsaro__registry_add_dirs(in->registry, reg->dirs[i],
                                       CORSARO__SOURCE_OPTION);
    corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
    int rc = -1;
    if (rec == NULL || corsaro_in_start(in) != 0) {
        corsaro_set_error(corsaro, "%s", rec ? corsaro_in_error(in) : "out of memory");
        goto done;
    }
    corsaro_in_record_type_t type;
    off_t n = 0;
    /* a stop request ends the loop between records: the open interval is
     * ended and written by finalisation */
    while (!corsaro->stop_requested &&
           (n = corsaro_in_read_record(in, &type, rec)) > 0)
        if (replay_record(corsaro, type, corsaro_in_get_record_data(rec), legacy) != 0)
            goto done;
    if (n < 0) {
        corsaro_set_error(corsaro, "%s", corsaro_in_error(in));
        goto done;
    }
    rc = 0;
done:
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    return rc;
}
