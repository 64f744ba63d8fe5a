/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_output.c
 * @brief Writing an interval: sort each class (unless -s), encode it into
 * one large buffer, and hand the buffer to the IO layer when it is full,
 * so a class of 200,000 tuples costs about four corsaro_file_write calls
 * instead of 200,000.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro/corsaro.h"
#include "ft_output.h"

/* Room for a class start or end line ("START flowtuple_backscatter 4294967295\n"). */
#define FT_CLASS_LINE_MAX 64

int corsaro__ft_out_init(ft_out_t *out, const ft_keyopts_t *opts, int sort)
{
    memset(out, 0, sizeof(*out));
    out->opts = *opts;
    out->sort = sort;
    out->magic = opts->sixt ? CORSARO_FLOWTUPLE_MAGIC_SIXT : CORSARO_FLOWTUPLE_MAGIC_SIXU;
    for (int c = 0; c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++)
        if (corsaro__ft_table_init(&out->tables[c]) != 0)
            return -1;
    out->buf = malloc(FT_OUT_BUFSIZE);
    return out->buf != NULL ? 0 : -1;
}

void corsaro__ft_out_free(ft_out_t *out)
{
    for (int c = 0; c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++)
        corsaro__ft_table_free(&out->tables[c]);
    free(out->tmp);
    free(out->buf);
    memset(out, 0, sizeof(*out));
}

static int ft_flush(ft_out_t *out, corsaro_t *corsaro, corsaro_file_t *file)
{
    off_t len = (off_t)out->buf_len;
    if (len == 0)
        return 0;
    out->buf_len = 0;
    /* on failure the IO layer has set the run's error, naming the file */
    return corsaro_file_write(corsaro, file, out->buf, len) == len ? 0 : -1;
}

/* Makes room for @p need more bytes. */
static inline int ft_room(ft_out_t *out, corsaro_t *corsaro, corsaro_file_t *file,
                          size_t need)
{
    return out->buf_len + need <= FT_OUT_BUFSIZE ? 0 : ft_flush(out, corsaro, file);
}

/* The items of class @p cls in output order. @return NULL when out of memory */
static ft_item_t *ft_ordered(ft_out_t *out, corsaro_t *corsaro, int cls)
{
    ft_table_t *t = &out->tables[cls];
    if (!out->sort || t->n < 2)
        return t->items;
    if (out->tmp_cap < t->n) {
        free(out->tmp);
        out->tmp_cap = 0;
        out->tmp = malloc(t->n * sizeof(*out->tmp));
        if (out->tmp == NULL) {
            corsaro_set_error(corsaro, "flowtuple: out of memory to sort %zu "
                                       "tuples of %s",
                              t->n, corsaro__ft_class_name((unsigned)cls));
            return NULL;
        }
        out->tmp_cap = t->n;
    }
    return corsaro__ft_sort(t->items, out->tmp, t->n);
}

static int ft_write_binary(ft_out_t *out, corsaro_t *corsaro, corsaro_file_t *file,
                           int cls, const ft_item_t *items, size_t n)
{
    int sixt = out->opts.sixt;
    size_t tlen = ft_tuple_len(sixt);

    if (ft_room(out, corsaro, file, CORSARO_FLOWTUPLE_CLASS_START_LEN) != 0)
        return -1;
    corsaro__ft_encode_class_start(out->buf + out->buf_len, out->magic,
                                   (uint16_t)cls, (uint32_t)n);
    out->buf_len += CORSARO_FLOWTUPLE_CLASS_START_LEN;
    for (size_t i = 0; i < n; i++) {
        if (out->buf_len + tlen > FT_OUT_BUFSIZE && ft_flush(out, corsaro, file) != 0)
            return -1;
        out->buf_len += corsaro__ft_encode_item(out->buf + out->buf_len, &items[i], sixt);
    }
    if (ft_room(out, corsaro, file, CORSARO_FLOWTUPLE_CLASS_END_LEN) != 0)
        return -1;
    corsaro__ft_encode_class_end(out->buf + out->buf_len, out->magic, (uint16_t)cls);
    out->buf_len += CORSARO_FLOWTUPLE_CLASS_END_LEN;
    return 0;
}

static int ft_write_ascii(ft_out_t *out, corsaro_t *corsaro, corsaro_file_t *file,
                          int cls, const ft_item_t *items, size_t n)
{
    const char *name = corsaro__ft_class_name((unsigned)cls);
    corsaro_flowtuple_t ft;

    if (ft_room(out, corsaro, file, FT_CLASS_LINE_MAX) != 0)
        return -1;
    out->buf_len += (size_t)snprintf((char *)out->buf + out->buf_len, FT_CLASS_LINE_MAX,
                                     "START %s %lu\n", name, (unsigned long)n);
    for (size_t i = 0; i < n; i++) {
        if (ft_room(out, corsaro, file, FT_TEXT_MAX) != 0)
            return -1;
        corsaro__ft_flowtuple_from_item(&items[i], &ft);
        out->buf_len += corsaro__ft_tuple_to_text(&ft, (char *)out->buf + out->buf_len);
    }
    if (ft_room(out, corsaro, file, FT_CLASS_LINE_MAX) != 0)
        return -1;
    out->buf_len += (size_t)snprintf((char *)out->buf + out->buf_len, FT_CLASS_LINE_MAX,
                                     "END %s\n", name);
    return 0;
}

static void ft_reset(ft_out_t *out)
{
    size_t most = 0;
    for (int c = 0; c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++) {
        if (out->tables[c].n > most)
            most = out->tables[c].n;
        corsaro__ft_table_reset(&out->tables[c]);
    }
    out->buf_len = 0;
    /* give back the sort scratch after an unusually large interval */
    if (out->tmp_cap > 65536 && out->tmp_cap > most * 4) {
        free(out->tmp);
        out->tmp = NULL;
        out->tmp_cap = 0;
    }
}

int corsaro__ft_out_write_interval(ft_out_t *out, corsaro_t *corsaro,
                                   corsaro_file_t *file,
                                   corsaro_interval_t *int_start,
                                   corsaro_interval_t *int_end)
{
    int binary = corsaro_file_get_mode(file) != CORSARO_FILE_MODE_ASCII;
    int rc = corsaro_io_write_interval_start(corsaro, file, int_start) == 0 ? 0 : -1;

    for (int c = 0; rc == 0 && c <= CORSARO_FLOWTUPLE_CLASS_MAX; c++) {
        size_t n = out->tables[c].n;
        const ft_item_t *items = ft_ordered(out, corsaro, c);
        if (items == NULL && n > 0)
            rc = -1;
        else if (binary)
            rc = ft_write_binary(out, corsaro, file, c, items, n);
        else
            rc = ft_write_ascii(out, corsaro, file, c, items, n);
    }
    if (rc == 0)
        rc = ft_flush(out, corsaro, file);
    if (rc == 0 && corsaro_io_write_interval_end(corsaro, file, int_end) != 0)
        rc = -1;
    ft_reset(out);
    return rc;
}
