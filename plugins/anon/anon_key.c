/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Key parsing. A key longer than 32 bytes is refused rather than cut: v2
 * silently used the first 31 or 32 bytes (depending on its strlcpy), so
 * two different keys could anonymise identically without anyone knowing.
 * The hex form exists because a command line cannot carry every byte
 * (NUL, spaces), e.g. the Crypto-PAn reference's sample key.
 */
#include <stdio.h>
#include <string.h>

#include "anon_key.h"

int anon_key_from_text(const char *text, uint8_t key[CRYPTOPAN_KEY_LEN],
                       char *why, size_t why_len)
{
    size_t n = strlen(text);
    if (n == 0) {
        snprintf(why, why_len, "the key is empty");
        return -1;
    }
    if (n > CRYPTOPAN_KEY_LEN) {
        snprintf(why, why_len, "the key is %zu bytes long; a Crypto-PAn key "
                               "has at most %d (bytes 0-15: AES key, 16-31: "
                               "pad)",
                 n, CRYPTOPAN_KEY_LEN);
        return -1;
    }
    memset(key, 0, CRYPTOPAN_KEY_LEN);
    memcpy(key, text, n);
    return 0;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int anon_key_from_hex(const char *text, uint8_t key[CRYPTOPAN_KEY_LEN],
                      char *why, size_t why_len)
{
    if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        text += 2;
    size_t n = strlen(text);
    if (n == 0 || n % 2 != 0 || n > 2 * CRYPTOPAN_KEY_LEN) {
        snprintf(why, why_len, "a hex key (-x) has an even number of hex "
                               "digits, 2 to %d; this one has %zu",
                 2 * CRYPTOPAN_KEY_LEN, n);
        return -1;
    }
    memset(key, 0, CRYPTOPAN_KEY_LEN);
    for (size_t i = 0; i < n; i += 2) {
        int hi = hex_digit(text[i]), lo = hex_digit(text[i + 1]);
        if (hi < 0 || lo < 0) {
            memset(key, 0, CRYPTOPAN_KEY_LEN);
            snprintf(why, why_len, "a hex key (-x) holds only the digits "
                                   "0-9, a-f, A-F");
            return -1;
        }
        key[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}
