/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file tags.h
 * @brief Typed tags (ABI 1.2): what the tag providers found about a packet.
 *
 * A tag provider (pfx2as, maxmind, filtercriteria, or a third party's)
 * computes its tags once per packet, in its process_packet (or
 * process_flowtuple when a flowtuple file is re-processed), and writes them
 * into the run's corsaro_tags_t. Every plugin after it in the `-p` order
 * reads them with corsaro_get_packet_tags().
 *
 * Two bit sets make "not tagged" differ from "no match":
 * - `providers_ran`: the host sets a provider's bit once the provider has
 *   seen the packet (it need not do so itself);
 * - `providers_found`: the provider sets its bit when it found a value, and
 *   only then is the matching field meaningful.
 *
 * A provider names the bits it writes in its descriptor's `tags_provided`;
 * a consumer names the bits it reads in `tags_required`. The host refuses a
 * run in which a required provider does not run earlier, naming the `-p` to
 * add.
 *
 * @code
 * // a consumer: count packets per source country
 * static int process_packet(corsaro_t *c, corsaro_packet_t *pkt)
 * {
 *     const corsaro_tags_t *t = corsaro_get_packet_tags(c);
 *     if (t->providers_found & CORSARO_TAG_PROVIDER_MAXMIND)
 *         count(t->maxmind_country);      // e.g. "US"
 *     else
 *         count("??");                   // maxmind ran, found nothing
 *     return 0;
 * }
 * @endcode
 */
#ifndef CORSARO_TAGS_H
#define CORSARO_TAGS_H

#include <stdint.h>

#include "corsaro/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The pfx2as provider: `src_asn`. */
#define CORSARO_TAG_PROVIDER_PFX2AS 0x01u
/** The maxmind provider: `maxmind_continent` and `maxmind_country`. */
#define CORSARO_TAG_PROVIDER_MAXMIND 0x02u
/** The filtercriteria provider: `filter_bits`. */
#define CORSARO_TAG_PROVIDER_FILTERCRITERIA 0x04u
/** Every provider bit this SDK defines. */
#define CORSARO_TAG_PROVIDER_ALL 0x07u

/** The bit of corsaro3's filter @p id (CAIDA numbering, 0 to 29) in
 * corsaro_tags_t::filter_bits, e.g. CORSARO_FILTER_BIT(CORSARO_FILTER_SPOOFED). */
#define CORSARO_FILTER_BIT(id) ((uint64_t)1 << (id))

/** corsaro3's filter criteria, numbered as CAIDA's corsaro3 numbers its
 * filter bits (docs/tags.md lists each test). */
typedef enum corsaro_filter_id {
    CORSARO_FILTER_SPOOFED = 0,
    CORSARO_FILTER_ERRATIC = 1,
    /** The source is in RFC 5735 space: "routed" in corsaro3, which means
     * NOT routable. */
    CORSARO_FILTER_ROUTED = 2,
    CORSARO_FILTER_LARGE_SCALE_SCAN = 3,
    CORSARO_FILTER_ABNORMAL_PROTOCOL = 4,
    CORSARO_FILTER_TTL_200 = 5,
    CORSARO_FILTER_NO_TCP_OPTIONS = 6,
    CORSARO_FILTER_TCPWIN_1024 = 7,
    CORSARO_FILTER_FRAGMENT = 8,
    CORSARO_FILTER_LAST_SRC_IP_0 = 9,
    CORSARO_FILTER_LAST_SRC_IP_255 = 10,
    CORSARO_FILTER_SAME_SRC_DEST_IP = 11,
    CORSARO_FILTER_UDP_PORT_0 = 12,
    CORSARO_FILTER_TCP_PORT_0 = 13,
    CORSARO_FILTER_UDP_DESTPORT_80 = 14,
    CORSARO_FILTER_RFC5735 = 15,
    CORSARO_FILTER_BACKSCATTER = 16,
    CORSARO_FILTER_BITTORRENT = 17,
    CORSARO_FILTER_UDP_0X31 = 18,
    CORSARO_FILTER_SIP_STATUS = 19,
    CORSARO_FILTER_UDP_IPLEN_96 = 20,
    CORSARO_FILTER_UDP_IPLEN_1500 = 21,
    CORSARO_FILTER_PORT_53 = 22,
    CORSARO_FILTER_TCP_PORT_23 = 23,
    CORSARO_FILTER_TCP_PORT_80 = 24,
    CORSARO_FILTER_TCP_PORT_5000 = 25,
    CORSARO_FILTER_DNS_RESP_NONSTANDARD = 26,
    CORSARO_FILTER_NETBIOS_QUERY_NAME = 27,
    CORSARO_FILTER_NOTIP = 28,
    CORSARO_FILTER_TTL_200_NONSPOOFED = 29,
    CORSARO_FILTER_CNT = 30
} corsaro_filter_id_t;

/** What the tag providers found about the current packet. Fields are host
 * order. Only the provider named in each field's comment writes it. */
typedef struct corsaro_tags {
    /** CORSARO_TAG_PROVIDER_* bits of the providers that saw the packet
     * (set by the host). */
    uint32_t providers_ran;
    /** CORSARO_TAG_PROVIDER_* bits of the providers that found a value
     * (set by each provider). A field is meaningful only when its
     * provider's bit is set here. */
    uint32_t providers_found;
    /** pfx2as: the origin AS of the source address's most specific
     * prefix (single-origin prefixes only, unless pfx2as was told
     * otherwise). */
    uint32_t src_asn;
    /** maxmind: the source's continent, two letters and a NUL ("EU"),
     * or "??" where the database has the address but no continent. */
    char maxmind_continent[3];
    /** maxmind: the source's country, ISO 3166 alpha-2 and a NUL ("DE"),
     * or "??" where the database has the address but no country. */
    char maxmind_country[3];
    /** filtercriteria: CORSARO_FILTER_BIT() of every criterion the packet
     * meets. Its found bit is always set when it ran: 0 means "meets none". */
    uint64_t filter_bits;
} corsaro_tags_t;

/** The tags of the packet (or re-processed tuple) being processed.
 * @param corsaro the run
 * @return the run's tags, valid until the next packet; never NULL. A
 * provider writes its fields through this pointer; others only read. */
CORSARO_API corsaro_tags_t *corsaro_get_packet_tags(corsaro_t *corsaro);

/** The plugin name of a provider bit, for messages ("pfx2as").
 * @param provider one CORSARO_TAG_PROVIDER_* bit
 * @return a static string, or NULL for an unknown bit */
CORSARO_API const char *corsaro_tag_provider_name(uint32_t provider);

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_TAGS_H */
