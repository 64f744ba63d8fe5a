/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file types.h
 * @brief The small types every part of the SDK shares.
 */
#ifndef CORSARO_TYPES_H
#define CORSARO_TYPES_H

#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks a symbol that the shared library or a plugin exports. */
#if defined(__GNUC__) || defined(__clang__)
#define CORSARO_API __attribute__((visibility("default")))
#else
#define CORSARO_API
#endif

/** Output context of a run (Corsaro-Out). Opaque. */
typedef struct corsaro corsaro_t;
/** Input context of one corsaro file (Corsaro-In). Opaque. */
typedef struct corsaro_in corsaro_in_t;
/** An output file opened through the IO layer. Opaque. */
typedef struct corsaro_file corsaro_file_t;
/** An input file opened through the IO layer. Opaque. */
typedef struct corsaro_file_in corsaro_file_in_t;
/** A record buffer filled by Corsaro-In. Opaque. */
typedef struct corsaro_in_record corsaro_in_record_t;
/** A plugin descriptor (see plugin.h). */
typedef struct corsaro_plugin corsaro_plugin_t;

/** One interval boundary: its number (wraps at 65536) and a time in
 *  seconds. Used for both interval starts and interval ends. */
typedef struct corsaro_interval {
    uint16_t number;
    uint32_t time;
} corsaro_interval_t;

/** How a file is written. */
typedef enum corsaro_file_mode {
    CORSARO_FILE_MODE_ASCII = 0,  /**< text, as `-m ascii` */
    CORSARO_FILE_MODE_BINARY = 1, /**< the v2 binary layouts */
    CORSARO_FILE_MODE_TRACE = 2,  /**< a libtrace output (the pcap plugin) */
    CORSARO_FILE_MODE_UNKNOWN = 3
} corsaro_file_mode_t;

/** Compression of output files, chosen from the template's suffix. */
typedef enum corsaro_file_compress {
    CORSARO_FILE_COMPRESS_NONE = 0, /**< no suffix */
    CORSARO_FILE_COMPRESS_ZLIB = 1, /**< `.gz`, gzip level 6 */
    CORSARO_FILE_COMPRESS_BZ2 = 2,  /**< `.bz2`, bzip2 level 6 */
    CORSARO_FILE_COMPRESS_LZMA = 4  /**< `.xz`, xz level 6 */
} corsaro_file_compress_t;

/** Corsaro-In record types (the numbers are v2's). */
typedef enum corsaro_in_record_type {
    CORSARO_IN_RECORD_TYPE_NULL = 0,
    CORSARO_IN_RECORD_TYPE_IO_REDIRECT = 1,
    CORSARO_IN_RECORD_TYPE_IO_HEADER = 2,
    CORSARO_IN_RECORD_TYPE_IO_TRAILER = 3,
    CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START = 4,
    CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END = 5,
    CORSARO_IN_RECORD_TYPE_IO_PLUGIN_START = 6,
    CORSARO_IN_RECORD_TYPE_IO_PLUGIN_END = 7,
    CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_START = 20,
    CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_END = 21,
    CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE = 22,
    CORSARO_IN_RECORD_TYPE_DOS_GLOBAL_HEADER = 30,
    CORSARO_IN_RECORD_TYPE_DOS_HEADER = 31,
    CORSARO_IN_RECORD_TYPE_DOS_ATTACK_VECTOR = 32,
    /** A plugin's own record types are this value and up, e.g.
     *  CORSARO_IN_RECORD_TYPE_PLUGIN_FIRST + 0; Corsaro uses lower ones. */
    CORSARO_IN_RECORD_TYPE_PLUGIN_FIRST = 1000,
    /** The highest value a plugin's record type may have. */
    CORSARO_IN_RECORD_TYPE_PLUGIN_LAST = 0xffff
} corsaro_in_record_type_t;

/** The 4-byte magic that starts every corsaro record: "EDGR". */
#define CORSARO_MAGIC 0x45444752u
/** Global-file header magic: "HEAD". */
#define CORSARO_MAGIC_HEADER 0x48454144u
/** Interval record magic: "INTR". */
#define CORSARO_MAGIC_INTERVAL 0x494E5452u
/** Plugin data block magic: "DATA". */
#define CORSARO_MAGIC_DATA 0x44415441u
/** Global-file trailer magic: "FOOT". */
#define CORSARO_MAGIC_TRAILER 0x464F4F54u

/** Size of an interval record on disk: EDGR, INTR, u16 number, u32 time. */
#define CORSARO_IO_INTERVAL_RECORD_LEN 14

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_TYPES_H */
