/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file packet.h
 * @brief The per-packet state: the only channel between plugins.
 *
 * Before each packet (or re-processed flowtuple) the host clears the flags
 * and the tags. Plugins earlier in the `-p` order set them; plugins later
 * read them. Tags are registered by name at init (see plugin.h), so no core
 * header changes when a plugin adds one.
 */
#ifndef CORSARO_PACKET_H
#define CORSARO_PACKET_H

#include <stdint.h>
#include <string.h>

#include "corsaro/types.h"

#ifdef __cplusplus
extern "C" {
#endif

struct libtrace_packet_t;

/** Set by flowtuple for backscatter packets; dos reads it. */
#define CORSARO_PACKET_STATE_FLAG_BACKSCATTER 0x01
/** Set by filter plugins: later plugins skip the packet. */
#define CORSARO_PACKET_STATE_FLAG_IGNORE 0x02
/** v2 spelling of the IGNORE flag, kept for ported plugins. */
#define CORSARO_PACKET_STATE_IGNORE CORSARO_PACKET_STATE_FLAG_IGNORE
/** v2 spelling of the BACKSCATTER flag, kept for ported plugins. */
#define CORSARO_PACKET_STATE_BACKSCATTER CORSARO_PACKET_STATE_FLAG_BACKSCATTER

/** How many named tags one run may register. */
#define CORSARO_TAG_MAX 256

/** The state that travels with a packet down the plugin chain. */
typedef struct corsaro_packet_state {
    /** CORSARO_PACKET_STATE_FLAG_* bits. */
    uint8_t flags;
    /** Number of tags set on this packet. */
    uint16_t tag_matches_set_cnt;
    /** One bit per registered tag id. */
    uint8_t tag_bits[CORSARO_TAG_MAX / 8];
} corsaro_packet_state_t;

/** A packet as plugins see it: the state and the libtrace packet. */
typedef struct corsaro_packet {
    corsaro_packet_state_t state;
    struct libtrace_packet_t *ltpacket;
} corsaro_packet_t;

/** The libtrace packet inside a corsaro packet (v2's macro). */
#define LT_PKT(corsaro_packet) ((corsaro_packet)->ltpacket)

/** Marks tag @p tag_id as matched for this packet.
 * @param state the packet state
 * @param tag_id an id from corsaro_tag_register() */
static inline void corsaro_tag_set(corsaro_packet_state_t *state, int tag_id)
{
    uint8_t bit = (uint8_t)(1u << (tag_id & 7));
    if (tag_id < 0 || tag_id >= CORSARO_TAG_MAX)
        return;
    if (!(state->tag_bits[tag_id >> 3] & bit)) {
        state->tag_bits[tag_id >> 3] |= bit;
        state->tag_matches_set_cnt++;
    }
}

/** Tells whether tag @p tag_id is set for this packet.
 * @return 1 if set, 0 if not */
static inline int corsaro_tag_is_set(const corsaro_packet_state_t *state,
                                     int tag_id)
{
    if (tag_id < 0 || tag_id >= CORSARO_TAG_MAX)
        return 0;
    return (state->tag_bits[tag_id >> 3] >> (tag_id & 7)) & 1;
}

/** Clears flags and tags (the host does this before every packet). */
static inline void corsaro_packet_state_reset(corsaro_packet_state_t *state)
{
    state->flags = 0;
    if (state->tag_matches_set_cnt != 0) {
        memset(state->tag_bits, 0, sizeof(state->tag_bits));
        state->tag_matches_set_cnt = 0;
    }
}

/** Registers a named tag for this run and returns its id (>= 0), or the id
 * it already has. Call it from init_output.
 * @param corsaro the output context
 * @param name a name unique to the run, e.g. "filterbpf:http"
 * @return the tag id, or -1 when CORSARO_TAG_MAX tags exist already */
CORSARO_API int corsaro_tag_register(corsaro_t *corsaro, const char *name);

/** Finds a tag registered by another plugin.
 * @return the tag id, or -1 when no tag has that name */
CORSARO_API int corsaro_tag_lookup(corsaro_t *corsaro, const char *name);

/** The name of tag @p tag_id, or NULL. */
CORSARO_API const char *corsaro_tag_name(corsaro_t *corsaro, int tag_id);

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_PACKET_H */
