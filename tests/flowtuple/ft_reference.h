/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* v2's way of building a packet's tuple, with libtrace's accessors
 * (ft_reference.c): the reference for the fast path's tests. */
#ifndef FT_REFERENCE_H
#define FT_REFERENCE_H

#include "ft_internal.h"

struct libtrace_packet_t;

/** @return the class, or FT_PARSE_SKIP when libtrace finds no IPv4 header */
int ft_reference_tuple(struct libtrace_packet_t *packet, const ft_keyopts_t *opts,
                       ft_item_t *item);

#endif /* FT_REFERENCE_H */
