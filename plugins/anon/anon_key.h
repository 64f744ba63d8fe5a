/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file anon_key.h
 * @brief Turning anon's key argument into key bytes.
 */
#ifndef CORSARO_ANON_KEY_H
#define CORSARO_ANON_KEY_H

#include <stddef.h>
#include <stdint.h>

#include "cryptopan.h"

/**
 * A text key: its bytes, at most 32, copied into a zeroed 32-byte key
 * (as v2 and the Crypto-PAn reference do with a string key).
 * @return 0, or -1 with @p why set (empty, or longer than 32 bytes)
 */
int anon_key_from_text(const char *text, uint8_t key[CRYPTOPAN_KEY_LEN],
                       char *why, size_t why_len);

/**
 * A hexadecimal key (-x): 2 to 64 hex digits, an even number, optionally
 * prefixed by 0x; the bytes are zero-padded to 32 like a text key.
 * @return 0, or -1 with @p why set
 */
int anon_key_from_hex(const char *text, uint8_t key[CRYPTOPAN_KEY_LEN],
                      char *why, size_t why_len);

#endif /* CORSARO_ANON_KEY_H */
