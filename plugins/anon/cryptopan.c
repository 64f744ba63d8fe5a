/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Crypto-PAn, written from the published algorithm (see cryptopan.h).
 *
 * Speed: the 32 cipher inputs of an address depend only on the address
 * (never on earlier outputs), so they are built first and encrypted in one
 * ECB call, which lets AES-NI pipeline them. The first 16 output bits
 * depend only on the address's top 16 bits, so they are cached per /16;
 * a small direct-mapped cache of whole results catches the addresses a
 * trace repeats (scanners, victims). Every cache entry carries a valid
 * flag: no address, 0.0.0.0 included, is assumed to map to itself (v2
 * primed its cache with 0 -> 0).
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "cryptopan.h"

#define BLOCK 16
#define HALF 16                  /* bits computed per cipher call */
#define RESULT_SLOTS (1u << 14)  /* direct-mapped result cache */

typedef struct result_slot {
    uint32_t in;
    uint32_t out;
    uint8_t valid;
} result_slot_t;

struct cryptopan {
    EVP_CIPHER_CTX *ctx;
    uint8_t pad[BLOCK];         /* AES_K(key bytes 16-31) */
    uint32_t pad32;             /* its first 32 bits, big-endian */
    uint32_t top[65536];        /* per /16: 0x10000 | otp of bits 0-15 */
    result_slot_t results[RESULT_SLOTS];
    int failed;
};

static uint32_t mask_of(unsigned bits)
{
    return bits == 0 ? 0u : ~0u << (32 - bits);
}

/* Encrypts @p n blocks. @return 0, or -1 if libcrypto failed */
static int encrypt(cryptopan_t *c, const uint8_t *in, uint8_t *out, int n)
{
    int outl = 0;
    if (EVP_EncryptUpdate(c->ctx, out, &outl, in, n * BLOCK) != 1 ||
        outl != n * BLOCK) {
        c->failed = 1;
        return -1;
    }
    return 0;
}

cryptopan_t *cryptopan_new(const uint8_t key[CRYPTOPAN_KEY_LEN])
{
    cryptopan_t *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    c->ctx = EVP_CIPHER_CTX_new();
    if (c->ctx == NULL ||
        EVP_EncryptInit_ex(c->ctx, EVP_aes_128_ecb(), NULL, key, NULL) != 1 ||
        EVP_CIPHER_CTX_set_padding(c->ctx, 0) != 1 ||
        encrypt(c, key + BLOCK, c->pad, 1) != 0) {
        cryptopan_free(c);
        return NULL;
    }
    c->pad32 = ((uint32_t)c->pad[0] << 24) | ((uint32_t)c->pad[1] << 16) |
               ((uint32_t)c->pad[2] << 8) | c->pad[3];
    return c;
}

/* The one-time-pad bits for positions @p from .. @p from + HALF - 1 of
 * @p addr, as the low HALF bits of the result (position @p from highest).
 * Input block for position i: the top i bits of addr, then the pad's bits
 * from i on. */
static uint32_t otp_bits(cryptopan_t *c, uint32_t addr, unsigned from)
{
    uint8_t in[HALF * BLOCK], out[HALF * BLOCK];
    for (unsigned k = 0; k < HALF; k++) {
        uint32_t m = mask_of(from + k);
        uint32_t head = (addr & m) | (c->pad32 & ~m);
        uint8_t *b = in + k * BLOCK;
        memcpy(b, c->pad, BLOCK);
        b[0] = (uint8_t)(head >> 24);
        b[1] = (uint8_t)(head >> 16);
        b[2] = (uint8_t)(head >> 8);
        b[3] = (uint8_t)head;
    }
    if (encrypt(c, in, out, HALF) != 0)
        return 0;
    uint32_t bits = 0;
    for (unsigned k = 0; k < HALF; k++)
        bits = (bits << 1) | (out[k * BLOCK] >> 7);
    return bits;
}

uint32_t cryptopan_anon(cryptopan_t *c, uint32_t addr)
{
    result_slot_t *slot = &c->results[(addr * 2654435761u) >> (32 - 14)];
    if (slot->valid && slot->in == addr)
        return slot->out;

    uint32_t *top = &c->top[addr >> 16];
    if (!(*top & 0x10000u))
        *top = 0x10000u | otp_bits(c, addr, 0);
    uint32_t otp = ((*top & 0xffffu) << 16) | otp_bits(c, addr, HALF);
    if (c->failed)
        return 0; /* *top may be wrong too, but nothing is used after this */

    slot->in = addr;
    slot->out = addr ^ otp;
    slot->valid = 1;
    return slot->out;
}

int cryptopan_failed(const cryptopan_t *c)
{
    return c->failed;
}

void cryptopan_free(cryptopan_t *c)
{
    if (c == NULL)
        return;
    EVP_CIPHER_CTX_free(c->ctx);
    /* the key schedule lives in ctx (freed above, which clears it); the
     * pad and caches reveal key-derived bits: clear them too */
    OPENSSL_cleanse(c, sizeof(*c));
    free(c);
}
