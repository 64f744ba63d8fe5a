/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Reading flowtuple files back (SPEC 4.8) through the reader state
 * machine: round trips of both variants through the writer's encoders,
 * corrupt records, and truncation at every byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "corsaro/io.h"
#include "ft_internal.h"
#include "ft_test_util.h"

/* ---- writing a file image with the plugin's encoders ---- */

typedef struct image {
    uint8_t b[1 << 16];
    size_t len;
    size_t boundaries[64]; /* offsets where a clean end is allowed */
    int nb;
} image_t;

static void put_interval(image_t *im, uint16_t num, uint32_t t)
{
    uint8_t *p = im->b + im->len;
    corsaro_put_u32(p, CORSARO_MAGIC);
    corsaro_put_u32(p + 4, CORSARO_MAGIC_INTERVAL);
    corsaro_put_u16(p + 8, num);
    corsaro_put_u32(p + 10, t);
    im->len += CORSARO_IO_INTERVAL_RECORD_LEN;
}

/* One interval whose class c holds items[c][0 .. n[c]-1] */
static void put_block(image_t *im, uint16_t num, uint32_t t0, int sixt,
                      ft_item_t *items[3], const size_t n[3])
{
    uint32_t magic = sixt ? CORSARO_FLOWTUPLE_MAGIC_SIXT : CORSARO_FLOWTUPLE_MAGIC_SIXU;
    put_interval(im, num, t0);
    for (uint16_t c = 0; c < 3; c++) {
        corsaro__ft_encode_class_start(im->b + im->len, magic, c, (uint32_t)n[c]);
        im->len += CORSARO_FLOWTUPLE_CLASS_START_LEN;
        for (size_t i = 0; i < n[c]; i++)
            im->len += corsaro__ft_encode_item(im->b + im->len, &items[c][i], sixt);
        corsaro__ft_encode_class_end(im->b + im->len, magic, c);
        im->len += CORSARO_FLOWTUPLE_CLASS_END_LEN;
    }
    put_interval(im, num, t0 + 59);
    im->boundaries[im->nb++] = im->len;
}

/* ---- reading it back without the host ---- */

typedef struct rec {
    int type;
    corsaro_interval_t iv;
    corsaro_flowtuple_class_start_t cs;
    corsaro_flowtuple_class_end_t ce;
    corsaro_flowtuple_t ft;
} rec_t;

/* @return 0 at a clean end, -1 on an error (message in err) */
static int drive(const uint8_t *b, size_t len, uint8_t octet, rec_t *out, size_t max,
                 size_t *nrec, char *err, size_t errlen)
{
    ft_reader_t rd;
    size_t pos = 0;

    corsaro__ft_reader_init(&rd, octet);
    *nrec = 0;
    err[0] = '\0';
    for (;;) {
        size_t need = corsaro__ft_reader_expect_len(&rd);
        if (pos == len && rd.expect == FT_RD_INTERVAL_START)
            return 0;
        if (len - pos < need) {
            snprintf(err, errlen, "truncated: expected %s",
                     corsaro__ft_reader_expect_name(&rd));
            return -1;
        }
        rec_t r;
        memset(&r, 0, sizeof(r));
        const uint8_t *p = b + pos;
        int rc = 0;
        switch (rd.expect) {
        case FT_RD_INTERVAL_START:
            r.type = CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START;
            rc = corsaro__ft_reader_interval(&rd, p, &r.iv, err, errlen);
            break;
        case FT_RD_INTERVAL_END:
            r.type = CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END;
            rc = corsaro__ft_reader_interval(&rd, p, &r.iv, err, errlen);
            break;
        case FT_RD_CLASS_START:
            r.type = CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_START;
            rc = corsaro__ft_reader_class_start(&rd, p, &r.cs, err, errlen);
            break;
        case FT_RD_TUPLE:
            r.type = CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE;
            corsaro__ft_reader_tuple(&rd, p, &r.ft);
            break;
        case FT_RD_CLASS_END:
            r.type = CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_END;
            rc = corsaro__ft_reader_class_end(&rd, p, &r.ce, err, errlen);
            break;
        }
        if (rc != 0)
            return -1;
        pos += need;
        if (out != NULL && *nrec < max)
            out[*nrec] = r;
        (*nrec)++;
    }
}

/* ---- fixtures ---- */

static ft_item_t cls0[3], cls1[1], cls2[5];

static void make_items(void)
{
    cls0[0] = ft_item("1.2.3.4", "44.6.7.8", 80, 1234, 6, 64, 0x12, 40, 3);
    cls0[1] = ft_item("9.8.7.6", "44.1.1.1", 3, 1, 1, 250, 0, 56, 1);
    cls0[2] = ft_item("100.64.1.1", "44.255.0.9", 0, 0, 1, 1, 0, 84, 70000);
    cls1[0] = ft_item("10.0.0.128", "44.0.0.20", 8, 0, 1, 37, 0, 28, 1);
    for (int i = 0; i < 5; i++)
        cls2[i] = ft_item("192.0.2.1", "44.9.9.9", (uint16_t)(1000 + i), 53, 17,
                          (uint8_t)i, 0, 100, (uint32_t)i + 1);
}

static void build(image_t *im, int sixt)
{
    ft_item_t *items[3] = {cls0, cls1, cls2};
    size_t full[3] = {3, 1, 5};
    size_t empty[3] = {0, 0, 0};
    size_t partial[3] = {0, 1, 0};

    memset(im, 0, sizeof(*im));
    im->boundaries[im->nb++] = 0;
    put_block(im, 0, 1000, sixt, items, full);
    put_block(im, 1, 1060, sixt, items, empty); /* an empty interval */
    put_block(im, 2, 1120, sixt, items, partial);
}

static void check_round_trip(int sixt, uint8_t octet, const char *dst_first)
{
    static image_t im;
    rec_t recs[128];
    size_t n;
    char err[256];

    make_items();
    build(&im, sixt);
    assert_int_equal(drive(im.b, im.len, octet, recs, 128, &n, err, sizeof(err)), 0);
    /* 3 intervals x (2 interval + 6 class records) + 9 + 0 + 1 tuples */
    assert_int_equal(n, 3 * 8 + 10);

    size_t k = 0;
    assert_int_equal(recs[k].type, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START);
    assert_int_equal(recs[k].iv.number, 0);
    assert_int_equal(recs[k].iv.time, 1000);
    k++;
    ft_item_t *items[3] = {cls0, cls1, cls2};
    size_t counts[3] = {3, 1, 5};
    for (uint16_t c = 0; c < 3; c++) {
        assert_int_equal(recs[k].type, CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_START);
        assert_int_equal(recs[k].cs.class_type, c);
        assert_int_equal(recs[k].cs.count, counts[c]);
        assert_int_equal(recs[k].cs.magic, sixt ? CORSARO_FLOWTUPLE_MAGIC_SIXT
                                                : CORSARO_FLOWTUPLE_MAGIC_SIXU);
        k++;
        for (size_t i = 0; i < counts[c]; i++, k++) {
            corsaro_flowtuple_t want;
            corsaro__ft_flowtuple_from_item(&items[c][i], &want);
            if (sixt) {
                uint8_t d[4];
                memcpy(d, &want.dst_ip, 4);
                d[0] = (uint8_t)atoi(dst_first);
                memcpy(&want.dst_ip, d, 4);
            }
            assert_int_equal(recs[k].type, CORSARO_IN_RECORD_TYPE_FLOWTUPLE_FLOWTUPLE);
            assert_memory_equal(&recs[k].ft, &want, sizeof(want));
        }
        assert_int_equal(recs[k].type, CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_END);
        assert_int_equal(recs[k].ce.class_type, c);
        k++;
    }
    assert_int_equal(recs[k].type, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END);
    assert_int_equal(recs[k].iv.time, 1059);
    k++;
    /* the empty interval: three empty classes */
    assert_int_equal(recs[k].iv.number, 1);
    k++;
    for (uint16_t c = 0; c < 3; c++) {
        assert_int_equal(recs[k].cs.count, 0);
        assert_int_equal(recs[k + 1].type, CORSARO_IN_RECORD_TYPE_FLOWTUPLE_CLASS_END);
        k += 2;
    }
    assert_int_equal(recs[k].type, CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END);
    assert_int_equal(recs[k].iv.number, 1);
}

static void test_round_trip_sixu(void **state)
{
    (void)state;
    check_round_trip(0, 7, NULL);
}

static void test_round_trip_sixt(void **state)
{
    (void)state;
    check_round_trip(1, 44, "44");
    check_round_trip(1, 0, "0");
}

/* Corrupts one byte range of a good image; reading must fail saying @p why. */
static void expect_corrupt(size_t off, const void *bytes, size_t len, const char *why)
{
    static image_t im;
    size_t n;
    char err[256];

    make_items();
    build(&im, 0);
    memcpy(im.b + off, bytes, len);
    assert_int_equal(drive(im.b, im.len, 0, NULL, 0, &n, err, sizeof(err)), -1);
    if (strstr(err, why) == NULL)
        fail_msg("error '%s' does not say '%s'", err, why);
}

static void test_corrupt_records(void **state)
{
    const size_t cs0 = 14;                    /* first class start */
    const size_t cs1 = cs0 + 10 + 3 * 21 + 6; /* second class start */
    const size_t ce0 = cs0 + 10 + 3 * 21;     /* first class end */
    (void)state;

    expect_corrupt(4, "INTX", 4, "interval start");
    expect_corrupt(0, "XDGR", 4, "EDGRINTR");
    expect_corrupt(cs0, "SIXV", 4, "expected magic 'SIXU' or 'SIXT', found 'SIXV'");
    expect_corrupt(cs0, "\x00\x00\x00\x00", 4, "found 0x00000000");
    expect_corrupt(cs0 + 4, "\x00\x03", 2, "class 3 is not a flowtuple class");
    expect_corrupt(cs0 + 4, "\x00\x01", 2, "expected class 0 (flowtuple_backscatter)");
    expect_corrupt(cs1, "SIXT", 4, "differs");
    expect_corrupt(ce0, "SIXT", 4, "class end record");
    expect_corrupt(ce0 + 4, "\x00\x02", 2, "expected class 0");
    /* interval end replaced by garbage */
    expect_corrupt(14 + 3 * 16 + 9 * 21, "EDGRHEAD", 8, "interval end");
    /* a count far beyond the file: no allocation, just an error */
    expect_corrupt(cs0 + 6, "\xff\xff\xff\xff", 4, "");
    /* a count one too small: the class end is met where a tuple was */
    expect_corrupt(cs0 + 6, "\x00\x00\x00\x02", 4, "class end record");
}

static void test_truncated_everywhere(void **state)
{
    static image_t im;
    size_t n;
    char err[256];
    (void)state;

    make_items();
    build(&im, 0);
    for (size_t cut = 0; cut <= im.len; cut++) {
        int boundary = 0;
        for (int i = 0; i < im.nb; i++)
            if (im.boundaries[i] == cut)
                boundary = 1;
        int rc = drive(im.b, cut, 0, NULL, 0, &n, err, sizeof(err));
        if (rc != (boundary ? 0 : -1))
            fail_msg("cut at %zu: rc %d (%s)", cut, rc, err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_sixu),
        cmocka_unit_test(test_round_trip_sixt),
        cmocka_unit_test(test_corrupt_records),
        cmocka_unit_test(test_truncated_everywhere),
    };
    return cmocka_run_group_tests_name("flowtuple_reader", tests, NULL, NULL);
}
