/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_reader.c
 * @brief The record grammar of a flowtuple file (SPEC 4.5, 4.8), as a
 * state machine that validates each record and says what comes next. The
 * host glue (flowtuple_in.c) feeds it bytes read through Corsaro-In; the
 * unit tests feed it buffers.
 *
 *   INTERVAL_START ( CLASS_START(c) TUPLE{count} CLASS_END(c) ){c = 0,1,2}
 *   INTERVAL_END, repeated; the file may end only before an INTERVAL_START.
 *
 * Checks: interval records carry EDGR INTR (the host checks them when it
 * reads them); class records carry SIXU or SIXT, the same in the whole
 * file; classes come 0, 1, 2; a class end names its class. The tuple count
 * is never used to allocate anything: tuples are read one at a time.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "corsaro/io.h"
#include "ft_internal.h"

void corsaro__ft_reader_init(ft_reader_t *rd, uint8_t octet)
{
    memset(rd, 0, sizeof(*rd));
    rd->expect = FT_RD_INTERVAL_START;
    rd->octet = octet;
}

size_t corsaro__ft_reader_expect_len(const ft_reader_t *rd)
{
    switch (rd->expect) {
    case FT_RD_CLASS_START:
        return CORSARO_FLOWTUPLE_CLASS_START_LEN;
    case FT_RD_TUPLE:
        return ft_tuple_len(rd->magic == CORSARO_FLOWTUPLE_MAGIC_SIXT);
    case FT_RD_CLASS_END:
        return CORSARO_FLOWTUPLE_CLASS_END_LEN;
    case FT_RD_INTERVAL_START:
    case FT_RD_INTERVAL_END:
    default:
        return CORSARO_IO_INTERVAL_RECORD_LEN;
    }
}

const char *corsaro__ft_reader_expect_name(const ft_reader_t *rd)
{
    switch (rd->expect) {
    case FT_RD_INTERVAL_START:
        return "an interval start record";
    case FT_RD_CLASS_START:
        return "a class start record";
    case FT_RD_TUPLE:
        return "a tuple record";
    case FT_RD_CLASS_END:
        return "a class end record";
    case FT_RD_INTERVAL_END:
    default:
        return "an interval end record";
    }
}

/* "'SIXU'" when printable, else "0x53495855". */
static void ft_magic_str(uint32_t magic, char *buf, size_t len)
{
    unsigned char c[4] = {(unsigned char)(magic >> 24), (unsigned char)(magic >> 16),
                          (unsigned char)(magic >> 8), (unsigned char)magic};
    if (isprint(c[0]) && isprint(c[1]) && isprint(c[2]) && isprint(c[3]))
        snprintf(buf, len, "'%c%c%c%c'", c[0], c[1], c[2], c[3]);
    else
        snprintf(buf, len, "0x%08x", (unsigned)magic);
}

void corsaro__ft_reader_interval_done(ft_reader_t *rd)
{
    if (rd->expect == FT_RD_INTERVAL_START) {
        rd->expect = FT_RD_CLASS_START;
        rd->cls = CORSARO_FLOWTUPLE_CLASS_BACKSCATTER;
    } else {
        rd->expect = FT_RD_INTERVAL_START;
    }
}

int corsaro__ft_reader_interval(ft_reader_t *rd, const uint8_t *in,
                                corsaro_interval_t *iv, char *err, size_t errlen)
{
    const char *what =
        rd->expect == FT_RD_INTERVAL_START ? "interval start" : "interval end";
    if (corsaro_get_u32(in) != CORSARO_MAGIC ||
        corsaro_get_u32(in + 4) != CORSARO_MAGIC_INTERVAL) {
        snprintf(err, errlen,
                 "flowtuple: expected an %s record (EDGRINTR), found bytes "
                 "%02x %02x %02x %02x %02x %02x %02x %02x",
                 what, in[0], in[1], in[2], in[3], in[4], in[5], in[6], in[7]);
        return -1;
    }
    iv->number = corsaro_get_u16(in + 8);
    iv->time = corsaro_get_u32(in + 10);
    corsaro__ft_reader_interval_done(rd);
    return 0;
}

int corsaro__ft_reader_class_start(ft_reader_t *rd, const uint8_t *in,
                                   corsaro_flowtuple_class_start_t *cs,
                                   char *err, size_t errlen)
{
    uint32_t magic = corsaro_get_u32(in);
    uint16_t cls = corsaro_get_u16(in + 4);
    uint32_t count = corsaro_get_u32(in + 6);
    char found[16], want[16];

    if (magic != CORSARO_FLOWTUPLE_MAGIC_SIXU &&
        magic != CORSARO_FLOWTUPLE_MAGIC_SIXT) {
        ft_magic_str(magic, found, sizeof(found));
        snprintf(err, errlen,
                 "flowtuple class start record: expected magic 'SIXU' or "
                 "'SIXT', found %s",
                 found);
        return -1;
    }
    if (rd->magic != 0 && magic != rd->magic) {
        ft_magic_str(magic, found, sizeof(found));
        ft_magic_str(rd->magic, want, sizeof(want));
        snprintf(err, errlen,
                 "flowtuple class start record: magic %s differs from the "
                 "%s of the earlier classes in this file",
                 found, want);
        return -1;
    }
    if (cls > CORSARO_FLOWTUPLE_CLASS_MAX) {
        snprintf(err, errlen,
                 "flowtuple class start record: class %u is not a flowtuple "
                 "class (0-2)",
                 (unsigned)cls);
        return -1;
    }
    if (cls != rd->cls) {
        snprintf(err, errlen,
                 "flowtuple class start record: expected class %u (%s), "
                 "found class %u (%s)",
                 (unsigned)rd->cls, corsaro__ft_class_name(rd->cls),
                 (unsigned)cls, corsaro__ft_class_name(cls));
        return -1;
    }
    rd->magic = magic;
    rd->count = count;
    rd->remaining = count;
    rd->expect = count != 0 ? FT_RD_TUPLE : FT_RD_CLASS_END;
    cs->magic = magic;
    cs->class_type = cls;
    cs->count = count;
    return 0;
}

void corsaro__ft_reader_tuple(ft_reader_t *rd, const uint8_t *in,
                              corsaro_flowtuple_t *ft)
{
    corsaro__ft_decode_tuple(in, rd->magic == CORSARO_FLOWTUPLE_MAGIC_SIXT,
                             rd->octet, ft);
    if (--rd->remaining == 0)
        rd->expect = FT_RD_CLASS_END;
}

int corsaro__ft_reader_class_end(ft_reader_t *rd, const uint8_t *in,
                                 corsaro_flowtuple_class_end_t *ce, char *err,
                                 size_t errlen)
{
    uint32_t magic = corsaro_get_u32(in);
    uint16_t cls = corsaro_get_u16(in + 4);
    char found[16], want[16];

    if (magic != rd->magic) {
        ft_magic_str(magic, found, sizeof(found));
        ft_magic_str(rd->magic, want, sizeof(want));
        snprintf(err, errlen,
                 "flowtuple class end record of %s: expected magic %s, found "
                 "%s (the class start announced %lu tuples: wrong count?)",
                 corsaro__ft_class_name(rd->cls), want, found,
                 (unsigned long)rd->count);
        return -1;
    }
    if (cls != rd->cls) {
        snprintf(err, errlen,
                 "flowtuple class end record: expected class %u (%s), found "
                 "class %u",
                 (unsigned)rd->cls, corsaro__ft_class_name(rd->cls),
                 (unsigned)cls);
        return -1;
    }
    ce->magic = magic;
    ce->class_type = cls;
    if (cls == CORSARO_FLOWTUPLE_CLASS_MAX) {
        rd->expect = FT_RD_INTERVAL_END;
    } else {
        rd->cls = (uint16_t)(cls + 1);
        rd->expect = FT_RD_CLASS_START;
    }
    return 0;
}
