/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file dos_internal.h
 * @brief Private to the dos plugin: constants, the attack-vector table, the
 * records Corsaro-In hands out (host byte order) and the functions the
 * plugin's files share. Nothing outside plugins/dos/ (and its tests)
 * includes this header.
 */
#ifndef CORSARO_DOS_INTERNAL_H
#define CORSARO_DOS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include <libtrace.h>

/* A failed allocation inside uthash must not exit(): it leaves the item out
 * and sets item->hh.tbl to NULL, which the caller checks. */
#define HASH_NONFATAL_OOM 1
#include <uthash.h>

#include "corsaro/corsaro.h"

/* ---- constants (SPEC 5.1) ---- */

#define CORSARO_DOS_PLUGIN_NAME "dos"
#define CORSARO_DOS_PLUGIN_ID 30
#define CORSARO_DOS_MAGIC 0x45444F53u /* "EDOS" */

/** Report when the interval end is this far past the previous report. */
#define CORSARO_DOS_REPORT_PERIOD 300
/** A vector whose latest packet is more than this old is dropped. */
#define CORSARO_DOS_VECTOR_TIMEOUT 300
/** Attack test: at least this many packets ... */
#define CORSARO_DOS_ATTACK_MIN_PACKETS 25
/** ... over at least this many seconds ... */
#define CORSARO_DOS_ATTACK_MIN_DURATION 60
/** ... with a peak rate of at least this many packets per minute. */
#define CORSARO_DOS_ATTACK_MIN_PPM 30
/** The packets-per-minute window: 6 buckets of 10 s. */
#define CORSARO_DOS_PPM_BUCKETS 6
#define CORSARO_DOS_PPM_BUCKET_SECS 10

/** On-disk size of an attack vector record, before the packet bytes. */
#define CORSARO_DOS_VECTOR_RECORD_LEN 72
/** On-disk size of the dos header record (u32 vector count). */
#define CORSARO_DOS_HEADER_RECORD_LEN 4
/** On-disk size of the dos block in the global file. */
#define CORSARO_DOS_GLOBAL_RECORD_LEN 12

/* ---- a compact set of u32 values (dos_set.c) ---- */

/** Open-addressing set of u32. Up to two members live inline (most port
 * sets hold one value), then a power-of-two table with linear probing.
 * Slot value 0 means empty; the member 0 is kept in has_zero. */
typedef struct corsaro_dos_set {
    uint32_t *slots;   /**< NULL while the members fit inline */
    uint32_t cap;      /**< slots in the table (power of two), or 0 */
    uint32_t count;    /**< members, including 0 */
    uint32_t inline_[2];
    uint8_t inline_cnt;
    uint8_t has_zero;
} corsaro_dos_set_t;

/** @return 1 if @p v was new, 0 if already there, -1 if out of memory */
int corsaro__dos_set_add(corsaro_dos_set_t *set, uint32_t v);
/** @return 1 if @p v is a member, else 0 */
int corsaro__dos_set_contains(const corsaro_dos_set_t *set, uint32_t v);
/** Starts loading the slot where @p v would be, so that several sets'
 * cache misses overlap instead of following each other. */
void corsaro__dos_set_prefetch(const corsaro_dos_set_t *set, uint32_t v);
/** Frees the table; the set is empty afterwards. */
void corsaro__dos_set_free(corsaro_dos_set_t *set);

/* ---- keying (dos_vector.c, SPEC 5.2) ---- */

/** What one backscatter packet contributes to its vector. */
typedef struct corsaro_dos_key {
    uint32_t target_ip;     /**< host order; the vector's key */
    uint32_t attacker_ip;   /**< outer IP destination, host order */
    uint16_t attacker_port; /**< member of the attack-port set */
    uint16_t target_port;   /**< member of the target-port set */
    uint16_t ip_len;        /**< outer IP total length */
    uint8_t mismatch;       /**< 1 if a quoted source != outer destination */
} corsaro_dos_key_t;

/** Result of keying: the packet goes into a vector. */
#define CORSARO_DOS_KEY_OK 0
/** Result of keying: the packet is not dos material. */
#define CORSARO_DOS_KEY_IGNORE 1

/** Keys a packet from its IPv4 header.
 * @param ip the outer IPv4 header
 * @param ip_remaining captured bytes from @p ip on
 * @param[out] key filled when the result is CORSARO_DOS_KEY_OK; its
 *             mismatch field is valid for both results
 * @return CORSARO_DOS_KEY_OK or CORSARO_DOS_KEY_IGNORE */
int corsaro__dos_key_from_ip(const libtrace_ip_t *ip, uint32_t ip_remaining,
                             corsaro_dos_key_t *key);

/** Keys a libtrace packet (finds its IPv4 header, then as above). */
int corsaro__dos_key_from_packet(libtrace_packet_t *packet,
                                 corsaro_dos_key_t *key);

/* ---- vectors (dos_vector.c, SPEC 5.3, 5.5) ---- */

/** One attack vector: everything seen for one target IP. */
typedef struct corsaro_dos_vector {
    uint32_t target_ip; /**< host order; the hash key */
    uint8_t *initial_packet;
    uint32_t initial_packet_len;
    corsaro_dos_set_t attacker_ips;
    corsaro_dos_set_t attack_ports;
    corsaro_dos_set_t target_ports;
    uint32_t baseline_attacker_ips; /**< set size at the last reset */
    uint64_t packet_cnt;
    uint32_t interval_packet_cnt;
    uint64_t byte_cnt;
    uint32_t interval_byte_cnt;
    uint64_t max_ppm;
    struct timeval start_time;
    struct timeval latest_time;
    int64_t window_start; /**< start second of the current bucket */
    uint32_t ppm_buckets[CORSARO_DOS_PPM_BUCKETS];
    uint8_t ppm_cur;
    struct corsaro_dos_vector *next_attack; /**< the dump's attack list */
    UT_hash_handle hh;
} corsaro_dos_vector_t;

/** The vectors of a run, keyed by target. */
typedef struct corsaro_dos_table {
    corsaro_dos_vector_t *vectors; /**< uthash head */
    uint32_t mismatch_cnt;         /**< u32: does not wrap at 65,536 */
} corsaro_dos_table_t;

/** Adds one packet to its vector, creating (or replacing an expired) one.
 * @param pkt the captured bytes from the link layer on (copied when the
 *            vector is created)
 * @return 0, or -1 if out of memory (the run must stop: a new vector is
 *         not added, but a vector's sets may hold the packet's members) */
int corsaro__dos_table_update(corsaro_dos_table_t *table,
                              const corsaro_dos_key_t *key,
                              const struct timeval *tv, const uint8_t *pkt,
                              uint32_t pkt_len);

/** The per-packet work of the plugin for a packet flowtuple flagged as
 * backscatter: keys it, counts a mismatch, updates its vector.
 * @return 0 (also for packets that are not dos material), or -1 if out of
 * memory */
int corsaro__dos_table_packet(corsaro_dos_table_t *table,
                              libtrace_packet_t *packet);

/** Finds the vector of @p target_ip (host order), or NULL. */
corsaro_dos_vector_t *corsaro__dos_table_find(corsaro_dos_table_t *table,
                                              uint32_t target_ip);
/** Number of vectors held. */
uint32_t corsaro__dos_table_count(const corsaro_dos_table_t *table);
/** Frees every vector. */
void corsaro__dos_table_free(corsaro_dos_table_t *table);

/** Moves the packets-per-minute window to second @p sec and counts one
 * packet (SPEC 5.3 step 4). */
void corsaro__dos_window_add(corsaro_dos_vector_t *vector, int64_t sec);
/** Sum of the six buckets. */
uint64_t corsaro__dos_window_sum(const corsaro_dos_vector_t *vector);

/** The attack test (SPEC 5.5); may raise max_ppm.
 * @return 1 attack (also when latest < start), 0 not an attack */
int corsaro__dos_is_attack(corsaro_dos_vector_t *vector);

/** Interval-state reset after a report. */
void corsaro__dos_vector_reset_interval(corsaro_dos_vector_t *vector);

/** What one sweep found. */
typedef struct corsaro_dos_sweep {
    corsaro_dos_vector_t *attacks; /**< linked through next_attack */
    uint32_t attack_cnt;
    uint32_t non_attack_cnt;
} corsaro_dos_sweep_t;

/** Dump step 1 at interval end @p end_time: drops expired vectors, lists
 * the attacks, resets the interval state of the others. The caller
 * writes the attacks and resets each of them. */
void corsaro__dos_table_sweep(corsaro_dos_table_t *table, uint32_t end_time,
                              corsaro_dos_sweep_t *sweep);

/* ---- records, host order (Corsaro-In data and the writer's view) ---- */

/** Record type 31: the count of attack vectors that follow. */
typedef struct corsaro_dos_header {
    uint32_t attack_vector_cnt;
} corsaro_dos_header_t;

/** Record type 30: the dos block of a global file. */
typedef struct corsaro_dos_global_header {
    uint32_t mismatch_cnt;
    uint32_t attack_vector_cnt;
    uint32_t non_attack_vector_cnt;
} corsaro_dos_global_header_t;

/** Record type 32: one attack vector (SPEC 5.6). */
typedef struct corsaro_dos_attack_vector_in {
    uint32_t target_ip; /**< host order */
    uint32_t attacker_ip_cnt;
    uint32_t interval_attacker_ip_cnt;
    uint32_t attack_port_cnt;
    uint32_t target_port_cnt;
    uint64_t packet_cnt;
    uint32_t interval_packet_cnt;
    uint64_t byte_cnt;
    uint32_t interval_byte_cnt;
    uint64_t max_ppm;
    uint32_t start_time_sec;
    uint32_t start_time_usec;
    uint32_t latest_time_sec;
    uint32_t latest_time_usec;
    uint32_t initial_packet_len;
    const uint8_t *initial_packet; /**< initial_packet_len bytes */
} corsaro_dos_attack_vector_in_t;

/* ---- encoding (dos_format.c) ---- */

/** The record view of a live vector. */
void corsaro__dos_vector_to_record(const corsaro_dos_vector_t *vector,
                                   corsaro_dos_attack_vector_in_t *rec);
/** Encodes the 72 fixed bytes of @p rec, big-endian. */
void corsaro__dos_encode_vector(const corsaro_dos_attack_vector_in_t *rec,
                                uint8_t out[CORSARO_DOS_VECTOR_RECORD_LEN]);
/** Decodes the 72 fixed bytes; initial_packet is set to NULL. */
void corsaro__dos_decode_vector(const uint8_t in[CORSARO_DOS_VECTOR_RECORD_LEN],
                                corsaro_dos_attack_vector_in_t *rec);
/** Formats the ASCII line of SPEC 5.6 (with its '\n').
 * @return the length, or -1 if @p len is too small */
int corsaro__dos_format_vector_ascii(const corsaro_dos_attack_vector_in_t *rec,
                                     char *buf, size_t len);
/** Encodes the global-file block. */
void corsaro__dos_encode_global(const corsaro_dos_global_header_t *g,
                                uint8_t out[CORSARO_DOS_GLOBAL_RECORD_LEN]);
/** Decodes the global-file block. */
void corsaro__dos_decode_global(const uint8_t in[CORSARO_DOS_GLOBAL_RECORD_LEN],
                                corsaro_dos_global_header_t *g);
/** Formats the three `name: value` lines of the global block. */
int corsaro__dos_format_global_ascii(const corsaro_dos_global_header_t *g,
                                     char *buf, size_t len);

/* ---- packet decode for printing (dos_decode.c) ---- */

/** Buffer size that holds any decode. */
#define CORSARO_DOS_DECODE_MAX 4096

/** Decodes the initial packet (as Ethernet) into `key: value` lines.
 * @return the length written to @p out (NUL-terminated, truncated to
 * @p len - 1), or -1 if libtrace could not allocate a packet */
int corsaro__dos_decode_packet(const uint8_t *pkt, uint32_t pkt_len, char *out,
                               size_t len);

/* ---- Corsaro-In (dos_reader.c) and printing (dos_print.c) ---- */

int corsaro__dos_probe_filename(const char *fname);
int corsaro__dos_probe_magic(corsaro_in_t *corsaro, corsaro_file_in_t *file);
int corsaro__dos_init_input(corsaro_in_t *corsaro);
int corsaro__dos_close_input(corsaro_in_t *corsaro);
off_t corsaro__dos_read_record(corsaro_in_t *corsaro,
                               corsaro_in_record_type_t *record_type,
                               corsaro_in_record_t *record);
off_t corsaro__dos_read_global_data_record(corsaro_in_t *corsaro,
                                           corsaro_in_record_type_t *record_type,
                                           corsaro_in_record_t *record);
int corsaro__dos_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                              corsaro_in_record_type_t record_type,
                              corsaro_in_record_t *record);

/** Offset of the packet bytes in a vector record's buffer. */
#define CORSARO_DOS_VECTOR_PACKET_OFFSET                                    \
    ((sizeof(corsaro_dos_attack_vector_in_t) + 15) & ~(size_t)15)

#endif /* CORSARO_DOS_INTERNAL_H */
