/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file flowtuple.h
 * @brief The flowtuple records that other code reads: the host replays
 * flowtuple files to plugins, and tools such as cors-ft-aggregate read them.
 */
#ifndef CORSARO_FLOWTUPLE_H
#define CORSARO_FLOWTUPLE_H

#include <stdint.h>

#include "corsaro/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Flowtuple file magic when the whole destination is stored: "SIXU". */
#define CORSARO_FLOWTUPLE_MAGIC_SIXU 0x53495855u
/** Flowtuple file magic when only 3 destination octets are stored: "SIXT". */
#define CORSARO_FLOWTUPLE_MAGIC_SIXT 0x53495854u

/** Bytes of one tuple on disk, SIXU variant. */
#define CORSARO_FLOWTUPLE_SIXU_LEN 21
/** Bytes of one tuple on disk, SIXT (/8) variant. */
#define CORSARO_FLOWTUPLE_SIXT_LEN 20
/** Bytes of a class start record: magic, u16 class, u32 count. */
#define CORSARO_FLOWTUPLE_CLASS_START_LEN 10
/** Bytes of a class end record: magic, u16 class. */
#define CORSARO_FLOWTUPLE_CLASS_END_LEN 6

/** The three flowtuple classes, in file order. */
typedef enum corsaro_flowtuple_class_type {
    CORSARO_FLOWTUPLE_CLASS_BACKSCATTER = 0,
    CORSARO_FLOWTUPLE_CLASS_ICMPREQ = 1,
    CORSARO_FLOWTUPLE_CLASS_OTHER = 2,
    CORSARO_FLOWTUPLE_CLASS_MAX = CORSARO_FLOWTUPLE_CLASS_OTHER
} corsaro_flowtuple_class_type_t;

/** One tuple. Every multi-byte field is in network byte order, as on the
 * wire. dst_ip always holds the whole address: readers of SIXT files put
 * the /8 octet back in. */
typedef struct corsaro_flowtuple {
    uint32_t src_ip;
    uint32_t dst_ip;
    uint16_t src_port;   /**< ICMP type for ICMP */
    uint16_t dst_port;   /**< ICMP code for ICMP */
    uint8_t protocol;
    uint8_t ttl;
    uint8_t tcp_flags;
    uint16_t ip_len;
    uint32_t packet_cnt;
} corsaro_flowtuple_t;

/** A class start record, host byte order. */
typedef struct corsaro_flowtuple_class_start {
    uint32_t magic;
    uint16_t class_type;
    uint32_t count;
} corsaro_flowtuple_class_start_t;

/** A class end record, host byte order. */
typedef struct corsaro_flowtuple_class_end {
    uint32_t magic;
    uint16_t class_type;
} corsaro_flowtuple_class_end_t;

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_FLOWTUPLE_H */
