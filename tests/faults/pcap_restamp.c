/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * pcap_restamp: copies a classic pcap file, giving packet N (1-based) the
 * time SEC.USEC: one corrupt or out-of-order record, for the clock tests.
 * Only host-order pcap files (what cors-synth writes) are handled.
 *
 *   pcap_restamp IN OUT N SEC [USEC]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCAP_MAGIC 0xa1b2c3d4u

static int die(const char *what)
{
    fprintf(stderr, "pcap_restamp: %s\n", what);
    return 1;
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 6)
        return die("usage: pcap_restamp IN OUT N SEC [USEC]");
    unsigned long n = strtoul(argv[3], NULL, 10);
    uint32_t sec = (uint32_t)strtoul(argv[4], NULL, 10);
    uint32_t usec = argc == 6 ? (uint32_t)strtoul(argv[5], NULL, 10) : 0;
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[2], "wb");
    if (in == NULL || out == NULL)
        return die("cannot open the files");
    uint8_t head[24];
    uint32_t magic;
    if (fread(head, 1, sizeof(head), in) != sizeof(head))
        return die("no pcap header");
    memcpy(&magic, head, 4);
    if (magic != PCAP_MAGIC)
        return die("not a host-order microsecond pcap file");
    fwrite(head, 1, sizeof(head), out);
    static uint8_t data[262144];
    uint32_t rec[4]; /* sec, usec, caplen, len */
    for (unsigned long i = 1; fread(rec, 1, sizeof(rec), in) == sizeof(rec); i++) {
        if (rec[2] > sizeof(data) || fread(data, 1, rec[2], in) != rec[2])
            return die("a record is cut short");
        if (i == n) {
            rec[0] = sec;
            rec[1] = usec;
        }
        fwrite(rec, 1, sizeof(rec), out);
        fwrite(data, 1, rec[2], out);
    }
    if (fclose(out) != 0)
        return die("writing failed");
    fclose(in);
    return 0;
}
