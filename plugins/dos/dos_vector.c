/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file dos_vector.c
 * @brief The dos algorithm without any I/O: which packets count and for
 * which target (SPEC 5.2), how a vector is updated (5.3), the
 * packets-per-minute window, the attack test and the sweep of a report
 * (5.5). Every constant is v2's.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dos_internal.h"

/* ---- keying ---- */

static uint16_t dos_get_u16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static uint32_t dos_get_u32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static uint16_t dos_bswap16(uint16_t v)
{
    return (uint16_t)((v << 8) | (v >> 8));
}

/* ICMP types whose payload quotes the datagram that caused them:
 * unreachable, source quench, redirect, time exceeded, parameter problem. */
static int dos_icmp_quotes(uint8_t type)
{
    return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* The ICMP case of SPEC 5.2. @p icmp has @p rem captured bytes (>= 2). */
static void dos_key_icmp(const uint8_t *icmp, uint32_t rem, uint32_t outer_src,
                         uint32_t outer_dst, corsaro_dos_key_t *key)
{
    uint8_t type = icmp[0];
    uint8_t code = icmp[1];

    /* 8 bytes of ICMP header, then at least a base IPv4 header. */
    if (dos_icmp_quotes(type) && rem >= 8 + 20 && (icmp[8] >> 4) == 4) {
        const uint8_t *quoted = icmp + 8;
        uint32_t qrem = rem - 8;
        uint32_t qsrc = dos_get_u32(quoted + 12);
        const uint8_t *qpayload;

        if (qsrc != outer_dst)
            key->mismatch = 1;
        key->target_ip = dos_get_u32(quoted + 16);
        /* libtrace skips the quoted header's options and gives nothing for
         * a non-first fragment, exactly as for an outer header. */
        qpayload = trace_get_payload_from_ip((libtrace_ip_t *)(uintptr_t)quoted,
                                             NULL, &qrem);
        if (qpayload != NULL && qrem >= 4) {
            key->attacker_port = dos_get_u16(qpayload);
            key->target_port = dos_get_u16(qpayload + 2);
        }
        return;
    }
    /* No usable quote: the responder itself is the target. The type and
     * code stand in for ports, byte-swapped as v2 stored them. */
    key->target_ip = outer_src;
    key->attacker_port = dos_bswap16(code);
    key->target_port = dos_bswap16(type);
}

int corsaro__dos_key_from_ip(const libtrace_ip_t *ip, uint32_t ip_remaining,
                             corsaro_dos_key_t *key)
{
    const uint8_t *raw = (const uint8_t *)ip;
    const uint8_t *trans;
    uint32_t rem = ip_remaining;
    uint32_t outer_src, outer_dst;
    uint8_t proto = 0;

    memset(key, 0, sizeof(*key));
    if (ip == NULL || ip_remaining < 20 || (raw[0] >> 4) != 4)
        return CORSARO_DOS_KEY_IGNORE;
    trans = trace_get_payload_from_ip((libtrace_ip_t *)(uintptr_t)ip, &proto,
                                      &rem);
    if (trans == NULL)
        return CORSARO_DOS_KEY_IGNORE;

    outer_src = dos_get_u32(raw + 12);
    outer_dst = dos_get_u32(raw + 16);
    key->ip_len = dos_get_u16(raw + 2);
    key->attacker_ip = outer_dst;

    switch (proto) {
    case TRACE_IPPROTO_ICMP:
        if (rem < 2)
            return CORSARO_DOS_KEY_IGNORE;
        dos_key_icmp(trans, rem, outer_src, outer_dst, key);
        break;
    case TRACE_IPPROTO_TCP:
    case TRACE_IPPROTO_UDP:
        if (rem < 4)
            return CORSARO_DOS_KEY_IGNORE;
        key->target_ip = outer_src;
        key->attacker_port = dos_get_u16(trans + 2); /* destination port */
        key->target_port = dos_get_u16(trans);       /* source port */
        break;
    default:
        return CORSARO_DOS_KEY_IGNORE;
    }
    return key->target_ip == 0 ? CORSARO_DOS_KEY_IGNORE : CORSARO_DOS_KEY_OK;
}

int corsaro__dos_key_from_packet(libtrace_packet_t *packet,
                                 corsaro_dos_key_t *key)
{
    uint16_t ethertype = 0;
    uint32_t rem = 0;
    void *l3 = trace_get_layer3(packet, &ethertype, &rem);

    if (l3 == NULL || ethertype != TRACE_ETHERTYPE_IP) {
        memset(key, 0, sizeof(*key));
        return CORSARO_DOS_KEY_IGNORE;
    }
    return corsaro__dos_key_from_ip((const libtrace_ip_t *)l3, rem, key);
}

/* ---- the packets-per-minute window ---- */

uint64_t corsaro__dos_window_sum(const corsaro_dos_vector_t *vector)
{
    uint64_t sum = 0;
    int i;
    for (i = 0; i < CORSARO_DOS_PPM_BUCKETS; i++)
        sum += vector->ppm_buckets[i];
    return sum;
}

void corsaro__dos_window_add(corsaro_dos_vector_t *vector, int64_t sec)
{
    /* C division truncates toward zero, as v2's did: a packet less than
     * 10 s before the bucket start, or any earlier one, lands in the
     * current bucket. */
    int64_t k = (sec - vector->window_start) / CORSARO_DOS_PPM_BUCKET_SECS;

    if (k > 0) {
        uint64_t sum = corsaro__dos_window_sum(vector);
        int64_t n = k < CORSARO_DOS_PPM_BUCKETS ? k : CORSARO_DOS_PPM_BUCKETS;
        if (sum > vector->max_ppm)
            vector->max_ppm = sum;
        while (n-- > 0) {
            vector->ppm_cur = (uint8_t)((vector->ppm_cur + 1) %
                                        CORSARO_DOS_PPM_BUCKETS);
            vector->ppm_buckets[vector->ppm_cur] = 0;
        }
        vector->window_start += CORSARO_DOS_PPM_BUCKET_SECS * k;
    }
    vector->ppm_buckets[vector->ppm_cur]++;
}

/* ---- vectors ---- */

static void dos_vector_free(corsaro_dos_vector_t *vector)
{
    free(vector->initial_packet);
    corsaro__dos_set_free(&vector->attacker_ips);
    corsaro__dos_set_free(&vector->attack_ports);
    corsaro__dos_set_free(&vector->target_ports);
    free(vector);
}

static corsaro_dos_vector_t *dos_vector_new(uint32_t target_ip,
                                            const struct timeval *tv,
                                            const uint8_t *pkt, uint32_t len)
{
    corsaro_dos_vector_t *vector = calloc(1, sizeof(*vector));
    if (vector == NULL)
        return NULL;
    vector->initial_packet = malloc(len > 0 ? len : 1);
    if (vector->initial_packet == NULL) {
        free(vector);
        return NULL;
    }
    if (len > 0)
        memcpy(vector->initial_packet, pkt, len);
    vector->initial_packet_len = len;
    vector->target_ip = target_ip;
    vector->start_time = *tv;
    vector->window_start = (int64_t)tv->tv_sec;
    return vector;
}

corsaro_dos_vector_t *corsaro__dos_table_find(corsaro_dos_table_t *table,
                                              uint32_t target_ip)
{
    corsaro_dos_vector_t *vector = NULL;
    HASH_FIND(hh, table->vectors, &target_ip, sizeof(target_ip), vector);
    return vector;
}

uint32_t corsaro__dos_table_count(const corsaro_dos_table_t *table)
{
    return (uint32_t)HASH_COUNT(table->vectors);
}

static void dos_table_remove(corsaro_dos_table_t *table,
                             corsaro_dos_vector_t *vector)
{
    HASH_DEL(table->vectors, vector);
    dos_vector_free(vector);
}

int corsaro__dos_table_update(corsaro_dos_table_t *table,
                              const corsaro_dos_key_t *key,
                              const struct timeval *tv, const uint8_t *pkt,
                              uint32_t pkt_len)
{
    corsaro_dos_vector_t *vector =
        corsaro__dos_table_find(table, key->target_ip);

    if (vector != NULL && (int64_t)vector->latest_time.tv_sec +
                                  CORSARO_DOS_VECTOR_TIMEOUT <
                              (int64_t)tv->tv_sec) {
        dos_table_remove(table, vector);
        vector = NULL;
    }
    if (vector == NULL) {
        vector = dos_vector_new(key->target_ip, tv, pkt, pkt_len);
        if (vector == NULL)
            return -1;
        HASH_ADD(hh, table->vectors, target_ip, sizeof(vector->target_ip),
                 vector);
        if (vector->hh.tbl == NULL) { /* uthash could not allocate */
            dos_vector_free(vector);
            return -1;
        }
    }

    /* Under a flood each set is large and each lookup a cache miss: start
     * all three before the first is needed. */
    corsaro__dos_set_prefetch(&vector->attacker_ips, key->attacker_ip);
    corsaro__dos_set_prefetch(&vector->attack_ports, key->attacker_port);
    corsaro__dos_set_prefetch(&vector->target_ports, key->target_port);
    /* The sets first: if one cannot grow, no counter has moved. */
    if (corsaro__dos_set_add(&vector->attacker_ips, key->attacker_ip) < 0 ||
        corsaro__dos_set_add(&vector->attack_ports, key->attacker_port) < 0 ||
        corsaro__dos_set_add(&vector->target_ports, key->target_port) < 0)
        return -1;

    vector->packet_cnt++;
    vector->interval_packet_cnt++;
    vector->byte_cnt += key->ip_len;
    vector->interval_byte_cnt += key->ip_len; /* u32 on disk, wraps as v2 */
    vector->latest_time = *tv;
    corsaro__dos_window_add(vector, (int64_t)tv->tv_sec);
    return 0;
}

int corsaro__dos_table_packet(corsaro_dos_table_t *table,
                              libtrace_packet_t *packet)
{
    corsaro_dos_key_t key;
    libtrace_linktype_t linktype;
    uint32_t caplen = 0;
    const uint8_t *buf;
    struct timeval tv;
    int rc = corsaro__dos_key_from_packet(packet, &key);

    /* counted even when the packet is then dropped (quoted dst 0.0.0.0);
     * a u32 that stops at its maximum rather than wrap */
    if (key.mismatch && table->mismatch_cnt < UINT32_MAX)
        table->mismatch_cnt++;
    if (rc != CORSARO_DOS_KEY_OK)
        return 0;
    /* the initial packet: the captured bytes from the link layer on */
    buf = trace_get_packet_buffer(packet, &linktype, &caplen);
    if (buf == NULL || caplen == 0)
        return 0; /* not possible for a packet with an IP header */
    tv = trace_get_timeval(packet);
    return corsaro__dos_table_update(table, &key, &tv, buf, caplen);
}

void corsaro__dos_table_free(corsaro_dos_table_t *table)
{
    corsaro_dos_vector_t *vector, *tmp;
    HASH_ITER(hh, table->vectors, vector, tmp)
    {
        dos_table_remove(table, vector);
    }
    table->vectors = NULL;
}

/* ---- the report ---- */

/* 1 if @p a is strictly earlier than @p b. */
static int dos_tv_before(const struct timeval *a, const struct timeval *b)
{
    return a->tv_sec < b->tv_sec ||
           (a->tv_sec == b->tv_sec && a->tv_usec < b->tv_usec);
}

int corsaro__dos_is_attack(corsaro_dos_vector_t *vector)
{
    int64_t duration;
    uint64_t sum;

    if (vector->packet_cnt < CORSARO_DOS_ATTACK_MIN_PACKETS)
        return 0;
    /* v2's timeval subtraction reports a negative duration as an error,
     * and its caller takes the error for "attack". */
    if (dos_tv_before(&vector->latest_time, &vector->start_time))
        return 1;
    duration = (int64_t)vector->latest_time.tv_sec -
               (int64_t)vector->start_time.tv_sec;
    if (vector->latest_time.tv_usec < vector->start_time.tv_usec)
        duration--; /* borrow a second for the microseconds */
    if (duration < CORSARO_DOS_ATTACK_MIN_DURATION)
        return 0;
    sum = corsaro__dos_window_sum(vector);
    if (sum > vector->max_ppm)
        vector->max_ppm = sum;
    return vector->max_ppm >= CORSARO_DOS_ATTACK_MIN_PPM;
}

void corsaro__dos_vector_reset_interval(corsaro_dos_vector_t *vector)
{
    vector->interval_packet_cnt = 0;
    vector->interval_byte_cnt = 0;
    vector->baseline_attacker_ips = vector->attacker_ips.count;
}

void corsaro__dos_table_sweep(corsaro_dos_table_t *table, uint32_t end_time,
                              corsaro_dos_sweep_t *sweep)
{
    corsaro_dos_vector_t *vector, *tmp;
    corsaro_dos_vector_t **tail = &sweep->attacks;

    sweep->attacks = NULL;
    sweep->attack_cnt = 0;
    sweep->non_attack_cnt = 0;
    HASH_ITER(hh, table->vectors, vector, tmp)
    {
        vector->next_attack = NULL;
        if ((int64_t)vector->latest_time.tv_sec + CORSARO_DOS_VECTOR_TIMEOUT <
            (int64_t)end_time) {
            dos_table_remove(table, vector);
        } else if (corsaro__dos_is_attack(vector)) {
            *tail = vector;
            tail = &vector->next_attack;
            sweep->attack_cnt++;
        } else {
            corsaro__dos_vector_reset_interval(vector);
            sweep->non_attack_cnt++;
        }
    }
}
