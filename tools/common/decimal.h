/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Fast decimal formatting for the tools that print millions of lines
 * (cors-ft-aggregate, cors-trace2tuple): printf's parsing was most of
 * their run time. */
#ifndef CORSARO_TOOLS_DECIMAL_H
#define CORSARO_TOOLS_DECIMAL_H

#include <stdint.h>

/** Writes @p v in decimal at @p p (at most 20 bytes, no NUL).
 * @return the byte after the digits */
char *tools_put_u64(char *p, uint64_t v);
/** Writes @p v (0-999: an octet, a protocol) in decimal at @p p. */
char *tools_put_u8(char *p, unsigned v);
/** Writes the two digits of @p v (0-99), zero-padded, at @p p. */
void tools_put_2digits(char *p, unsigned v);

#endif
