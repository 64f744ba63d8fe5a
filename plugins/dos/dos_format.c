/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file dos_format.c
 * @brief The dos records on disk and as text: the 72-byte attack vector
 * (SPEC 5.6), its ASCII line, and the 12-byte block of the global file.
 * Pure functions: no I/O.
 *
 * Attack vector, all big-endian, no padding:
 *
 *   off size field
 *     0    4 target_ip
 *     4    4 attacker_ip_cnt
 *     8    4 interval_attacker_ip_cnt
 *    12    4 attack_port_cnt
 *    16    4 target_port_cnt
 *    20    8 packet_cnt
 *    28    4 interval_packet_cnt
 *    32    8 byte_cnt
 *    40    4 interval_byte_cnt
 *    44    8 max_ppm
 *    52    4 start_time sec      56 4 start_time usec
 *    60    4 latest_time sec     64 4 latest_time usec
 *    68    4 initial_packet_len
 *    72  len initial packet bytes (link layer on, as captured)
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "dos_internal.h"

void corsaro__dos_vector_to_record(const corsaro_dos_vector_t *vector,
                                   corsaro_dos_attack_vector_in_t *rec)
{
    memset(rec, 0, sizeof(*rec));
    rec->target_ip = vector->target_ip;
    rec->attacker_ip_cnt = vector->attacker_ips.count;
    rec->interval_attacker_ip_cnt =
        vector->attacker_ips.count - vector->baseline_attacker_ips;
    rec->attack_port_cnt = vector->attack_ports.count;
    rec->target_port_cnt = vector->target_ports.count;
    rec->packet_cnt = vector->packet_cnt;
    rec->interval_packet_cnt = vector->interval_packet_cnt;
    rec->byte_cnt = vector->byte_cnt;
    rec->interval_byte_cnt = vector->interval_byte_cnt;
    rec->max_ppm = vector->max_ppm;
    rec->start_time_sec = (uint32_t)vector->start_time.tv_sec;
    rec->start_time_usec = (uint32_t)vector->start_time.tv_usec;
    rec->latest_time_sec = (uint32_t)vector->latest_time.tv_sec;
    rec->latest_time_usec = (uint32_t)vector->latest_time.tv_usec;
    rec->initial_packet_len = vector->initial_packet_len;
    rec->initial_packet = vector->initial_packet;
}

void corsaro__dos_encode_vector(const corsaro_dos_attack_vector_in_t *rec,
                                uint8_t out[CORSARO_DOS_VECTOR_RECORD_LEN])
{
    corsaro_put_u32(out + 0, rec->target_ip);
    corsaro_put_u32(out + 4, rec->attacker_ip_cnt);
    corsaro_put_u32(out + 8, rec->interval_attacker_ip_cnt);
    corsaro_put_u32(out + 12, rec->attack_port_cnt);
    corsaro_put_u32(out + 16, rec->target_port_cnt);
    corsaro_put_u64(out + 20, rec->packet_cnt);
    corsaro_put_u32(out + 28, rec->interval_packet_cnt);
    corsaro_put_u64(out + 32, rec->byte_cnt);
    corsaro_put_u32(out + 40, rec->interval_byte_cnt);
    corsaro_put_u64(out + 44, rec->max_ppm);
    corsaro_put_u32(out + 52, rec->start_time_sec);
    corsaro_put_u32(out + 56, rec->start_time_usec);
    corsaro_put_u32(out + 60, rec->latest_time_sec);
    corsaro_put_u32(out + 64, rec->latest_time_usec);
    corsaro_put_u32(out + 68, rec->initial_packet_len);
}

void corsaro__dos_decode_vector(const uint8_t in[CORSARO_DOS_VECTOR_RECORD_LEN],
                                corsaro_dos_attack_vector_in_t *rec)
{
    rec->target_ip = corsaro_get_u32(in + 0);
    rec->attacker_ip_cnt = corsaro_get_u32(in + 4);
    rec->interval_attacker_ip_cnt = corsaro_get_u32(in + 8);
    rec->attack_port_cnt = corsaro_get_u32(in + 12);
    rec->target_port_cnt = corsaro_get_u32(in + 16);
    rec->packet_cnt = corsaro_get_u64(in + 20);
    rec->interval_packet_cnt = corsaro_get_u32(in + 28);
    rec->byte_cnt = corsaro_get_u64(in + 32);
    rec->interval_byte_cnt = corsaro_get_u32(in + 40);
    rec->max_ppm = corsaro_get_u64(in + 44);
    rec->start_time_sec = corsaro_get_u32(in + 52);
    rec->start_time_usec = corsaro_get_u32(in + 56);
    rec->latest_time_sec = corsaro_get_u32(in + 60);
    rec->latest_time_usec = corsaro_get_u32(in + 64);
    rec->initial_packet_len = corsaro_get_u32(in + 68);
    rec->initial_packet = NULL;
}

int corsaro__dos_format_vector_ascii(const corsaro_dos_attack_vector_in_t *rec,
                                     char *buf, size_t len)
{
    uint32_t ip = rec->target_ip;
    int n = snprintf(buf, len,
                     "%u.%u.%u.%u,%" PRIu32 ",%" PRIu32 ",%" PRIu32 ",%" PRIu32
                     ",%" PRIu64 ",%" PRIu32 ",%" PRIu64 ",%" PRIu32
                     ",%" PRIu64 ",%" PRIu32 ".%06" PRIu32 ",%" PRIu32
                     ".%06" PRIu32 "\n",
                     (ip >> 24) & 0xff, (ip >> 16) & 0xff, (ip >> 8) & 0xff,
                     ip & 0xff, rec->attacker_ip_cnt,
                     rec->interval_attacker_ip_cnt, rec->attack_port_cnt,
                     rec->target_port_cnt, rec->packet_cnt,
                     rec->interval_packet_cnt, rec->byte_cnt,
                     rec->interval_byte_cnt, rec->max_ppm, rec->start_time_sec,
                     rec->start_time_usec, rec->latest_time_sec,
                     rec->latest_time_usec);
    if (n < 0 || (size_t)n >= len)
        return -1;
    return n;
}

void corsaro__dos_encode_global(const corsaro_dos_global_header_t *g,
                                uint8_t out[CORSARO_DOS_GLOBAL_RECORD_LEN])
{
    corsaro_put_u32(out + 0, g->mismatch_cnt);
    corsaro_put_u32(out + 4, g->attack_vector_cnt);
    corsaro_put_u32(out + 8, g->non_attack_vector_cnt);
}

void corsaro__dos_decode_global(const uint8_t in[CORSARO_DOS_GLOBAL_RECORD_LEN],
                                corsaro_dos_global_header_t *g)
{
    g->mismatch_cnt = corsaro_get_u32(in + 0);
    g->attack_vector_cnt = corsaro_get_u32(in + 4);
    g->non_attack_vector_cnt = corsaro_get_u32(in + 8);
}

int corsaro__dos_format_global_ascii(const corsaro_dos_global_header_t *g,
                                     char *buf, size_t len)
{
    int n = snprintf(buf, len,
                     "mismatch: %" PRIu32 "\nattack_vectors: %" PRIu32
                     "\nnon-attack_vectors: %" PRIu32 "\n",
                     g->mismatch_cnt, g->attack_vector_cnt,
                     g->non_attack_vector_cnt);
    if (n < 0 || (size_t)n >= len)
        return -1;
    return n;
}
