/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file fields.h
 * @brief The flowtuple fields cors-ft-aggregate knows by name, and the
 * step from a tuple read from a file to a key and a value.
 */
#ifndef FTAGG_FIELDS_H
#define FTAGG_FIELDS_H

#include <stdint.h>

#include "corsaro/flowtuple.h"
#include "table.h"

/** Field numbers, in v2's order of names. */
typedef enum ftagg_field {
    FTAGG_SRC_IP = 0,
    FTAGG_DST_IP,
    FTAGG_SRC_PORT,
    FTAGG_DST_PORT,
    FTAGG_PROTOCOL,
    FTAGG_TTL,
    FTAGG_TCP_FLAGS,
    FTAGG_IP_LEN,
    FTAGG_PACKET_CNT,
    FTAGG_FIELD_CNT
} ftagg_field_t;

/** The field called @p name (exact spelling). @return it, or -1 */
int ftagg_field_by_name(const char *name);
/** The name of @p field. */
const char *ftagg_field_name(ftagg_field_t field);

/** The parts of a key that the chosen fields keep. */
typedef struct ftagg_mask {
    ftagg_key_t keep; /**< all-ones over kept fields, zero elsewhere */
} ftagg_mask_t;

/** The mask that keeps the fields whose bits (1 << field) are set in
 * @p fields (packet_cnt is never part of a key). */
void ftagg_mask_init(ftagg_mask_t *mask, unsigned fields);

/** The key of @p ft (network-order fields) under @p mask. */
void ftagg_tuple_key(const corsaro_flowtuple_t *ft, const ftagg_mask_t *mask,
                     ftagg_key_t *key);
/** The value of @p field in @p ft as a host number (packet_cnt: the
 * tuple's count). */
uint64_t ftagg_tuple_value(const corsaro_flowtuple_t *ft, ftagg_field_t field);

#endif /* FTAGG_FIELDS_H */
