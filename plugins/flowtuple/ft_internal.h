/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_internal.h
 * @brief The flowtuple plugin's internal pieces, shared by its files and
 * its unit tests. Everything here except ft_tuple.c's packet glue is pure
 * logic that runs without the host.
 *
 * The in-memory key (ft_item_t.key) is laid out so that one byte order
 * serves hashing, equality and the exact v2 sort order (SPEC 4.3): read as
 * a 136-bit little-endian integer, key[16] is the most significant byte.
 *
 *   key[0..1]   ip_len    wire bytes      (compared low byte first ...
 *   key[2..3]   dst_port  wire bytes       ... because v2 compared the
 *   key[4..5]   src_port  wire bytes       little-endian load of the
 *   key[6..9]   dst_ip    wire bytes       network-order bytes)
 *   key[10..13] src_ip    wire bytes
 *   key[14]     tcp_flags
 *   key[15]     ttl
 *   key[16]     protocol
 *
 * Comparing (key[16], key[15], ..., key[0]) byte by byte is exactly v2's
 * comparison: protocol, ttl, tcp_flags as u8, then each multi-byte field
 * as the host (LE) integer loaded from its network-order bytes, e.g.
 * 1.2.3.4 ranks as 0x04030201 and port 80 (bytes 00 50) as 0x5000.
 * A radix sort therefore just walks the digits key[16] .. key[0].
 *
 * SIXT (/8) runs store the configured first octet in key[6]: it is the
 * same in every key, so keys, hashes and order behave as if only octets
 * 2-4 existed (v2's d, c, b comparison), and text output can print N.b.c.d.
 */
#ifndef CORSARO_FT_INTERNAL_H
#define CORSARO_FT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "corsaro/flowtuple.h"
#include "corsaro/types.h"

#ifdef __cplusplus
extern "C" {
#endif

struct libtrace_packet_t;

/* ---- the key ---- */

#define FT_KEY_LEN 17
#define FT_K_IPLEN 0
#define FT_K_DPORT 2
#define FT_K_SPORT 4
#define FT_K_DST 6
#define FT_K_SRC 10
#define FT_K_FLAGS 14
#define FT_K_TTL 15
#define FT_K_PROTO 16

/** One tuple in a class table: the packed key and its packet count. */
typedef struct ft_item {
    uint8_t key[FT_KEY_LEN];
    uint8_t pad[3];  /**< always 0 */
    uint32_t count;  /**< host order */
} ft_item_t;

_Static_assert(sizeof(ft_item_t) == 24, "ft_item_t must stay 24 bytes");

/** The first 8 key bytes as a little-endian integer. */
static inline uint64_t ft_key_lo(const ft_item_t *it)
{
    uint64_t v;
    memcpy(&v, it->key, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/** Key bytes 8..15 as a little-endian integer. */
static inline uint64_t ft_key_hi(const ft_item_t *it)
{
    uint64_t v;
    memcpy(&v, it->key + 8, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/** @return 1 if the two items have the same key */
static inline int ft_key_equal(const ft_item_t *a, const ft_item_t *b)
{
    return memcmp(a->key, b->key, FT_KEY_LEN) == 0;
}

/** Hash of the key (count excluded). */
static inline uint64_t ft_key_hash(const ft_item_t *it)
{
    uint64_t a = ft_key_lo(it) + 0x9E3779B97F4A7C15ull;
    uint64_t b = (ft_key_hi(it) ^ ((uint64_t)it->key[16] << 56)) +
                 0xC2B2AE3D27D4EB4Full;
    a *= 0xFF51AFD7ED558CCDull;
    b *= 0xC4CEB9FE1A85EC53ull;
    uint64_t h = a ^ ((b << 29) | (b >> 35)) ^ it->key[16];
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 29;
    return h;
}

/** v2 order (SPEC 4.3). @return <0, 0, >0 like memcmp */
int corsaro__ft_item_cmp(const ft_item_t *a, const ft_item_t *b);

/* ---- building keys ---- */

/** Options that shape a key: the SIXT (/8) variant and its octet. */
typedef struct ft_keyopts {
    int sixt;          /**< 1: only destination octets 2-4 are kept */
    uint8_t octet;     /**< SIXT: the first destination octet used */
} ft_keyopts_t;

/** Not a usable IPv4 packet (corsaro__ft_packet_tuple). */
#define FT_PARSE_SKIP (-1)

/** Builds the key of an IPv4 packet from its header and classifies it,
 * reproducing libtrace 3.0.22's transport semantics (SPEC 4.2):
 * trace_get_transport (including IPv6 in IPv4), trace_get_tcp (>= 20
 * bytes), trace_get_icmp (>= 8 bytes), trace_get_source_port /
 * _destination_port. Never reads past @p rem bytes.
 * @param ip the IPv4 header (ip_v must be 4)
 * @param rem captured bytes from @p ip to the end of the capture (>= 20)
 * @param opts SIXT options (or NULL for SIXU)
 * @param[out] item key filled, count set to 0
 * @return the class (0..2) */
int corsaro__ft_parse_ipv4(const uint8_t *ip, uint32_t rem,
                           const ft_keyopts_t *opts, ft_item_t *item);

/** The key and class of a libtrace packet: the IPv4 header as
 * trace_get_ip() finds it (with one libtrace call), then
 * corsaro__ft_parse_ipv4(). (ft_packet.c; needs libtrace.)
 * @return the class, or FT_PARSE_SKIP if the packet is not IPv4 */
int corsaro__ft_packet_tuple(struct libtrace_packet_t *packet,
                             const ft_keyopts_t *opts, ft_item_t *item);

/** Classification from a transport header, as v2 did it (SPEC 4.2).
 * @param have_transport 0 if libtrace returned no transport header
 * @param proto the transport protocol libtrace reported
 * @param t the transport header, @p rem captured bytes of it
 * @return the class */
int corsaro__ft_classify(int have_transport, uint8_t proto, const uint8_t *t,
                         uint32_t rem);

/** 1 if ICMP type @p type counts as backscatter (SPEC 4.2). */
int corsaro__ft_icmp_is_backscatter(uint8_t type);

/** Fills @p item's key from a flowtuple record (network order). */
void corsaro__ft_key_from_flowtuple(const corsaro_flowtuple_t *ft,
                                    const ft_keyopts_t *opts, ft_item_t *item);

/** Fills a flowtuple record (network order, count too) from an item. */
void corsaro__ft_flowtuple_from_item(const ft_item_t *item,
                                     corsaro_flowtuple_t *ft);

/* ---- page-level arrays (ft_mem.c) ---- */

/** Maps @p bytes of zeroed memory; with @p huge, aligned for huge pages
 * when large. @return NULL when out of memory */
void *corsaro__ft_map(size_t bytes, int huge);
/** Grows or shrinks a mapping (NULL @p p maps afresh); the contents up to
 * the smaller size are kept. @return the new address or NULL */
void *corsaro__ft_remap(void *p, size_t old_bytes, size_t new_bytes);
/** Unmaps (NULL is fine). */
void corsaro__ft_unmap(void *p, size_t bytes);
/** Zeroes a mapping; large ones are handed back to the kernel, which
 * supplies zero pages on the next touch. */
void corsaro__ft_zero(void *p, size_t bytes);

/* ---- the class table: slab of items + open-addressing index ---- */

/** Depth of a table's insert pipeline (a power of two). */
#define FT_PIPE 16

/** An insert waiting in the pipeline: the key, its increment (in
 * item.count) and its hash. */
typedef struct ft_pending {
    ft_item_t item;
    uint64_t hash;
} ft_pending_t;

/** One class's tuples for the current interval. */
typedef struct ft_table {
    ft_item_t *items;  /**< the slab: items in insertion order (mapped) */
    size_t n;          /**< items in use */
    size_t cap;        /**< items mapped (kept across intervals) */
    uint32_t *slots;   /**< 0 = empty, else tag << bits | (index + 1) */
    unsigned bits;     /**< log2 of the slot count */
    size_t mask;       /**< slot count - 1 */
    int slots_clean;   /**< the slots are all 0 (released for the sort) */
    size_t peak;       /**< largest n seen in recent intervals */
    ft_pending_t pipe[FT_PIPE]; /**< inserts whose slot is being prefetched */
    unsigned pipe_head;         /**< oldest pending insert */
    unsigned pipe_n;            /**< pending inserts */
} ft_table_t;

/** Most items one class table holds in an interval (24 GiB of tuples):
 * within what 2^31 slots index at load 0.7. */
#define FT_TABLE_MAX_ITEMS ((size_t)1 << 30)

/** Prepares an empty table. @return 0 or -1 (out of memory) */
int corsaro__ft_table_init(ft_table_t *t);
/** Adds @p inc to the count of @p probe's key, inserting it if new, now
 * (after any pending inserts). @return 0, or -1 when out of memory */
int corsaro__ft_table_add(ft_table_t *t, const ft_item_t *probe, uint32_t inc);
/** The same, pipelined: the key's slot is prefetched and the insert done
 * FT_PIPE calls later (or at corsaro__ft_table_flush), so the cache miss
 * on the slot overlaps other work. Inserts keep their order.
 * @return 0, or -1 when out of memory (for this or an earlier insert) */
int corsaro__ft_table_add_later(ft_table_t *t, const ft_item_t *probe,
                                uint32_t inc);
/** Completes the pending inserts. Call before reading the items.
 * @return 0, or -1 when out of memory */
int corsaro__ft_table_flush(ft_table_t *t);
/** Finds an item by key (pending inserts are completed first).
 * @return the item or NULL */
ft_item_t *corsaro__ft_table_find(ft_table_t *t, const ft_item_t *probe);
/** Gives back the index's memory once the interval is complete (flush
 * first): the items stay readable and may be reordered (sorted), but no
 * key can be added or found until corsaro__ft_table_reset(). */
void corsaro__ft_table_release_index(ft_table_t *t);
/** Empties the table for the next interval, keeping (most of) its memory.
 * Pending inserts are dropped: flush first. */
void corsaro__ft_table_reset(ft_table_t *t);
/** Frees everything. */
void corsaro__ft_table_free(ft_table_t *t);

/* ---- sorting ---- */

/** Sorts @p n items (distinct keys) into v2 order, in place, with a
 * radix sort (no scratch memory). */
void corsaro__ft_sort(ft_item_t *items, size_t n);

/* ---- encodings ---- */

/** Longest text line of one tuple, with '\n' and NUL. */
#define FT_TEXT_MAX 96

/** Class names as in the files: flowtuple_backscatter, ... */
const char *corsaro__ft_class_name(unsigned cls);

/** Bytes of one tuple on disk for the variant. */
static inline size_t ft_tuple_len(int sixt)
{
    return sixt ? CORSARO_FLOWTUPLE_SIXT_LEN : CORSARO_FLOWTUPLE_SIXU_LEN;
}

/** Writes the binary tuple (SPEC 4.5) of @p item to @p out.
 * @return bytes written (21, or 20 for SIXT) */
size_t corsaro__ft_encode_item(uint8_t *out, const ft_item_t *item, int sixt);
/** Writes a class start record (10 bytes). */
void corsaro__ft_encode_class_start(uint8_t *out, uint32_t magic, uint16_t cls,
                                    uint32_t count);
/** Writes a class end record (6 bytes). */
void corsaro__ft_encode_class_end(uint8_t *out, uint32_t magic, uint16_t cls);
/** Reads a binary tuple into a flowtuple record (network order); a SIXT
 * destination becomes @p octet.b.c.d. */
void corsaro__ft_decode_tuple(const uint8_t *in, int sixt, uint8_t octet,
                              corsaro_flowtuple_t *ft);
/** Writes the text line of a tuple (SPEC 4.6) with its '\n':
 * `src|dst|sport|dport|proto|ttl|0xff|ip_len,count`.
 * @param buf at least FT_TEXT_MAX bytes
 * @return the line length (without the NUL) */
size_t corsaro__ft_tuple_to_text(const corsaro_flowtuple_t *ft, char *buf);

/* ---- reading back (SPEC 4.8), without the host ---- */

/** What the reader expects next. */
typedef enum ft_rd_expect {
    FT_RD_INTERVAL_START = 0,
    FT_RD_CLASS_START,
    FT_RD_TUPLE,
    FT_RD_CLASS_END,
    FT_RD_INTERVAL_END
} ft_rd_expect_t;

/** Reader state machine. */
typedef struct ft_reader {
    ft_rd_expect_t expect;
    uint32_t magic;     /**< the file's magic, 0 until the first class */
    uint16_t cls;       /**< the class being read, or expected next */
    uint32_t count;     /**< tuples the class start announced */
    uint32_t remaining; /**< tuples left in the class */
    uint8_t octet;      /**< first octet given to SIXT destinations */
} ft_reader_t;

/** Resets a reader to the start of a file. */
void corsaro__ft_reader_init(ft_reader_t *rd, uint8_t octet);
/** Bytes of the record expected next. */
size_t corsaro__ft_reader_expect_len(const ft_reader_t *rd);
/** Human name of the record expected next, for messages. */
const char *corsaro__ft_reader_expect_name(const ft_reader_t *rd);
/** Accepts an interval record (the host decoded it). */
void corsaro__ft_reader_interval_done(ft_reader_t *rd);
/** Decodes and validates an interval record (EDGR INTR), for readers that
 * run without the host. @return 0, or -1 with @p err filled */
int corsaro__ft_reader_interval(ft_reader_t *rd, const uint8_t *in,
                                corsaro_interval_t *iv, char *err,
                                size_t errlen);
/** Decodes and validates a class start record.
 * @return 0, or -1 with @p err filled */
int corsaro__ft_reader_class_start(ft_reader_t *rd, const uint8_t *in,
                                   corsaro_flowtuple_class_start_t *cs,
                                   char *err, size_t errlen);
/** Decodes a tuple of the current class. */
void corsaro__ft_reader_tuple(ft_reader_t *rd, const uint8_t *in,
                              corsaro_flowtuple_t *ft);
/** Decodes and validates a class end record.
 * @return 0, or -1 with @p err filled */
int corsaro__ft_reader_class_end(ft_reader_t *rd, const uint8_t *in,
                                 corsaro_flowtuple_class_end_t *ce, char *err,
                                 size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_FT_INTERNAL_H */
