/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file cryptopan.h
 * @brief Crypto-PAn prefix-preserving IPv4 anonymisation (Xu, Fan, Ammar,
 * Moon, "Prefix-Preserving IP Address Anonymization", ICNP 2002), with
 * AES-128 from OpenSSL's libcrypto.
 *
 * Key: 32 bytes. Bytes 0-15 are the AES-128 key; bytes 16-31, encrypted
 * with it, give the 128-bit pad. Output bit i (0 = most significant) is
 * input bit i XOR the first bit of AES(input bits 0..i-1 followed by pad
 * bits i..127). Two addresses sharing a k-bit prefix therefore map to two
 * addresses sharing exactly a k-bit prefix.
 */
#ifndef CORSARO_CRYPTOPAN_H
#define CORSARO_CRYPTOPAN_H

#include <stddef.h>
#include <stdint.h>

/** Bytes of a Crypto-PAn key. */
#define CRYPTOPAN_KEY_LEN 32

typedef struct cryptopan cryptopan_t;

/** Creates an anonymiser for @p key.
 * @return it, or NULL (out of memory, or libcrypto refused the key) */
cryptopan_t *cryptopan_new(const uint8_t key[CRYPTOPAN_KEY_LEN]);

/** Anonymises @p addr (host byte order). Deterministic for a key; every
 * address, 0.0.0.0 included, goes through the cipher.
 * @return the anonymised address, host byte order. If libcrypto failed,
 * cryptopan_failed() turns 1 and the result must not be used. */
uint32_t cryptopan_anon(cryptopan_t *c, uint32_t addr);

/** 1 once libcrypto has failed (it should never), else 0. */
int cryptopan_failed(const cryptopan_t *c);

/** Frees @p c (NULL is fine). */
void cryptopan_free(cryptopan_t *c);

#endif /* CORSARO_CRYPTOPAN_H */
