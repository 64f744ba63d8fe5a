/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * libFuzzer harness of output template expansion (core/template.c, SPEC
 * 1.4-1.5), linked statically. The input is
 *   byte 0: flags (bit 0: compressed; bits 1-7: output buffer size / 4)
 *   bytes 1-4: the interval time
 *   the rest: "template\0plugin\0monitor", missing parts empty
 * The expansion must stay inside the buffer it is given and end in a NUL
 * whenever it succeeds.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro_int.h"
#include "fuzz_common.h"

/* The next NUL-terminated part of the text, or "" past its end. */
static const char *next_part(const char **p, const char *end)
{
    const char *s = *p;
    if (s >= end)
        return "";
    *p = s + strlen(s) + 1;
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 5)
        return 0;
    int compressed = data[0] & 1;
    size_t len = (size_t)(data[0] >> 1) * 4; /* 0 to 508 bytes */
    uint32_t time = corsaro_get_u32(data + 1);

    char *text = malloc(size - 5 + 1);
    if (text == NULL)
        return 0;
    memcpy(text, data + 5, size - 5);
    text[size - 5] = '\0';
    const char *p = text, *end = text + (size - 5);
    const char *template_ = next_part(&p, end);
    const char *plugin = next_part(&p, end);
    const char *monitor = next_part(&p, end);

    char why[256];
    (void)corsaro__template_validate(template_, why, sizeof(why));
    (void)corsaro__template_has_time(template_);
    (void)corsaro__template_compress(template_);

    /* exactly len bytes, so ASan sees a write past them */
    char *buf = malloc(len > 0 ? len : 1);
    if (buf != NULL) {
        if (len > 0 && corsaro__template_expand(template_, plugin, monitor, time,
                                                compressed, buf, len) == 0 &&
            memchr(buf, '\0', len) == NULL)
            fuzz_fail("an expansion without its NUL", template_);
        free(buf);
    }
    char big[CORSARO__NAME_LEN];
    (void)corsaro__template_expand(template_, plugin, monitor, time, compressed,
                                   big, sizeof(big));
    free(text);
    return 0;
}
