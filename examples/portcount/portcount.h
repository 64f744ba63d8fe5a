/*
 * portcount: an example Corsaro plugin, built out of tree against the
 * installed SDK. Copyright (C) 2026 The Corsaro developers.
 * GPL-3.0-or-later.
 */
/**
 * @file portcount.h
 * @brief portcount's file layout, its records as Corsaro-In hands them
 * out, and the pieces its source files share.
 *
 * portcount counts, per interval, the IPv4 packets of each (IP protocol,
 * destination port) pair. The port is the TCP or UDP destination port; it
 * is 0 for other protocols and for fragments after the first (they carry
 * no port). Packets that an earlier plugin flagged IGNORE, and non-IPv4
 * packets, are not counted.
 *
 * Binary file, per interval, every integer big-endian:
 *
 *   interval start   14 bytes (corsaro_io_write_interval_start)
 *   header            8 bytes: "PCNT", u32 entry count
 *   entry            12 bytes each: u8 protocol, u8 0, u16 port,
 *                    u64 packets; sorted by protocol, then port
 *   interval end     14 bytes
 *
 * ASCII file (-m ascii), and cors2ascii of a binary file:
 *
 *   # CORSARO_INTERVAL_START 0 1320969600
 *   # PORTCOUNT_ENTRIES 2
 *   6 80 42
 *   17 53 7
 *   # CORSARO_INTERVAL_END 0 1320969659
 */
#ifndef PORTCOUNT_H
#define PORTCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include <corsaro/corsaro.h>

/** The plugin's name: -p portcount, and %P in file names. */
#define PORTCOUNT_NAME "portcount"
/** Starts each interval's header; also the plugin's magic. */
#define PORTCOUNT_MAGIC CORSARO_PLUGIN_MAGIC('P', 'C', 'N', 'T')
/** Bytes of the header record on disk. */
#define PORTCOUNT_HEADER_LEN 8
/** Bytes of one entry on disk. */
#define PORTCOUNT_ENTRY_LEN 12

/** Corsaro-In record type of a header: data is a portcount_header_t. */
#define PORTCOUNT_RECORD_HEADER                                             \
    ((corsaro_in_record_type_t)(CORSARO_IN_RECORD_TYPE_PLUGIN_FIRST + 0))
/** Corsaro-In record type of an entry: data is a portcount_entry_t. */
#define PORTCOUNT_RECORD_ENTRY                                              \
    ((corsaro_in_record_type_t)(CORSARO_IN_RECORD_TYPE_PLUGIN_FIRST + 1))

/** An interval's header, host byte order. */
typedef struct portcount_header {
    uint32_t entry_cnt;
} portcount_header_t;

/** One count, host byte order. */
typedef struct portcount_entry {
    uint64_t packets;
    uint16_t port;
    uint8_t protocol;
} portcount_entry_t;

/* ---- the count table (portcount_table.c) ---- */

/** Counts per (protocol, port) key; grows as needed. */
typedef struct portcount_table portcount_table_t;

/** @return an empty table, or NULL when out of memory */
portcount_table_t *portcount_table_new(void);
/** Frees @p t (NULL is fine). */
void portcount_table_free(portcount_table_t *t);
/** Adds one packet to (@p protocol, @p port). @return 0, or -1 (memory) */
int portcount_table_add(portcount_table_t *t, uint8_t protocol, uint16_t port);
/** The non-zero counts sorted by protocol then port, in a malloc'd array
 * the caller frees; the table is emptied.
 * @param[out] cnt how many entries
 * @return the array (NULL when @p cnt is 0 or out of memory) */
portcount_entry_t *portcount_table_take(portcount_table_t *t, size_t *cnt);

/* ---- records (portcount_format.c) ---- */

/** Encodes a header into @p out (PORTCOUNT_HEADER_LEN bytes). */
void portcount_encode_header(uint8_t *out, uint32_t entry_cnt);
/** Encodes an entry into @p out (PORTCOUNT_ENTRY_LEN bytes). */
void portcount_encode_entry(uint8_t *out, const portcount_entry_t *e);
/** Decodes an entry from @p in (PORTCOUNT_ENTRY_LEN bytes). */
void portcount_decode_entry(const uint8_t *in, portcount_entry_t *e);
/** Prints a header as text (ASCII files and cors2ascii).
 * @param corsaro the run, or NULL outside one @return 0 or -1 */
int portcount_print_header(corsaro_t *corsaro, corsaro_file_t *out,
                           uint32_t entry_cnt);
/** Prints an entry as text. @return 0 or -1 */
int portcount_print_entry(corsaro_t *corsaro, corsaro_file_t *out,
                          const portcount_entry_t *e);
/** Writes one interval's header and entries, binary or ASCII as the file
 * was opened. @return 0 or -1 (the run's error is set) */
int portcount_write_counts(corsaro_t *corsaro, corsaro_file_t *file,
                           const portcount_entry_t *e, size_t cnt);

/* ---- Corsaro-In (portcount_reader.c) ---- */

/** @return 1 if the last component of @p fname contains "portcount" */
int portcount_probe_filename(const char *fname);
/** @return 1 if the file starts with an interval start and a PCNT header */
int portcount_probe_magic(corsaro_in_t *corsaro, corsaro_file_in_t *file);
/** Allocates the reading state. @return 0 or -1 */
int portcount_init_input(corsaro_in_t *corsaro);
/** Frees the reading state. @return 0 */
int portcount_close_input(corsaro_in_t *corsaro);
/** Reads the next record (interval start or end, header, entry).
 * @return bytes read, 0 at the clean end of the file, -1 on error */
off_t portcount_read_record(corsaro_in_t *corsaro,
                            corsaro_in_record_type_t *record_type,
                            corsaro_in_record_t *record);
/** Prints a header or entry record as the ASCII file has it.
 * @return 0 or -1 */
int portcount_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                           corsaro_in_record_type_t record_type,
                           corsaro_in_record_t *record);

#endif /* PORTCOUNT_H */
