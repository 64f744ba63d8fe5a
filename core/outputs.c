/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * The names a run writes: no file is opened for writing twice in a run,
 * and no output is one of the run's inputs.
 *
 * What can be known at start-up is refused there (two outputs with one
 * name, a template whose time fields cannot tell rotated files apart, a
 * time-free name that is an input). The rest is checked at each open,
 * before the file is truncated: the run remembers a 128-bit digest of each
 * name it opened and the device/inode of each regular file (32 bytes per
 * file, twice that in the tables).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corsaro_int.h"

#define KEYSET_MIN_CAP 64

/* ---- a set of 128-bit keys; {0, 0} marks an empty slot ---- */

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

static size_t key_slot(const corsaro__key_t *k, size_t cap)
{
    return (size_t)(mix64(k->a ^ mix64(k->b)) & (cap - 1));
}

static int key_equal(const corsaro__key_t *x, const corsaro__key_t *y)
{
    return x->a == y->a && x->b == y->b;
}

static int key_empty(const corsaro__key_t *k)
{
    return k->a == 0 && k->b == 0;
}

static int keyset_has(const corsaro__keyset_t *set, const corsaro__key_t *k)
{
    if (set->cap == 0)
        return 0;
    for (size_t i = key_slot(k, set->cap);; i = (i + 1) & (set->cap - 1)) {
        if (key_empty(&set->slots[i]))
            return 0;
        if (key_equal(&set->slots[i], k))
            return 1;
    }
}

static void keyset_place(corsaro__key_t *slots, size_t cap, const corsaro__key_t *k)
{
    size_t i = key_slot(k, cap);
    while (!key_empty(&slots[i]))
        i = (i + 1) & (cap - 1);
    slots[i] = *k;
}

static int keyset_grow(corsaro__keyset_t *set)
{
    size_t cap = set->cap ? set->cap * 2 : KEYSET_MIN_CAP;
    corsaro__key_t *slots = calloc(cap, sizeof(*slots));
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < set->cap; i++)
        if (!key_empty(&set->slots[i]))
            keyset_place(slots, cap, &set->slots[i]);
    free(set->slots);
    set->slots = slots;
    set->cap = cap;
    return 0;
}

/* @return 0, or -1 when out of memory */
static int keyset_add(corsaro__keyset_t *set, const corsaro__key_t *k)
{
    if (keyset_has(set, k))
        return 0;
    if ((set->cnt + 1) * 4 > set->cap * 3 && keyset_grow(set) != 0)
        return -1;
    keyset_place(set->slots, set->cap, k);
    set->cnt++;
    return 0;
}

static void keyset_free(corsaro__keyset_t *set)
{
    free(set->slots);
    memset(set, 0, sizeof(*set));
}

/* Two independent 64-bit hashes of the name: a false "already written"
 * needs both to collide (about 2^-128 per pair of names). */
static corsaro__key_t name_key(const char *name)
{
    uint64_t fnv = 0xcbf29ce484222325ULL, mul = 0x9e3779b97f4a7c15ULL;
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
        fnv = (fnv ^ *p) * 0x100000001b3ULL;
        mul = mix64(mul + *p) * 0x9e3779b97f4a7c15ULL;
    }
    corsaro__key_t k = {mix64(fnv), mul | 1}; /* never the empty key */
    return k;
}

static corsaro__key_t file_key(const struct stat *st)
{
    corsaro__key_t k = {(uint64_t)st->st_dev, (uint64_t)st->st_ino};
    if (key_empty(&k))
        k.b = UINT64_MAX; /* inode 0 on device 0: not seen in practice */
    return k;
}

/* ---- inputs ---- */

/* The file behind a libtrace URI ("pcapfile:x.pcap", "x.pcap.gz", "-").
 * @return 0 with @p st filled, or -1 when it is no file (a live capture) */
static int stat_uri(const char *uri, struct stat *st)
{
    const char *colon = strchr(uri, ':');
    if (strcmp(uri, "-") == 0 || (colon != NULL && strcmp(colon + 1, "-") == 0))
        return fstat(STDIN_FILENO, st);
    if (stat(uri, st) == 0)
        return 0;
    return colon != NULL ? stat(colon + 1, st) : -1;
}

int corsaro_add_input(corsaro_t *corsaro, const char *uri)
{
    struct stat st;
    if (uri == NULL || stat_uri(uri, &st) != 0)
        return 0; /* nothing on disk an output could overwrite */
    corsaro__input_t *grown =
        realloc(corsaro->inputs, sizeof(*grown) * (size_t)(corsaro->input_cnt + 1));
    if (grown == NULL)
        return -1;
    corsaro->inputs = grown;
    grown[corsaro->input_cnt].uri = strdup(uri);
    if (grown[corsaro->input_cnt].uri == NULL)
        return -1;
    grown[corsaro->input_cnt].key = file_key(&st);
    corsaro->input_cnt++;
    return 0;
}

static const corsaro__input_t *input_of(corsaro_t *corsaro, const struct stat *st)
{
    corsaro__key_t k = file_key(st);
    for (int i = 0; i < corsaro->input_cnt; i++)
        if (key_equal(&corsaro->inputs[i].key, &k))
            return &corsaro->inputs[i];
    return NULL;
}

static int refuse_input(corsaro_t *corsaro, const char *name,
                        const corsaro__input_t *in)
{
    corsaro_set_error(corsaro,
                      "refusing to write %s: it is the run's input %s (the -o "
                      "template '%s' names an input; choose another output "
                      "directory or name)",
                      name, in->uri, corsaro->template_);
    return -1;
}

static int refuse_repeat(corsaro_t *corsaro, const char *name)
{
    corsaro_set_error(corsaro,
                      "refusing to overwrite %s: this run already wrote that "
                      "file (the -o template '%s' gives two of its files that "
                      "name: add a time field that tells them apart, e.g. %%s)",
                      name, corsaro->template_);
    return -1;
}

/* ---- checks at each open ---- */

int corsaro__outputs_check_name(corsaro_t *corsaro, const char *name)
{
    corsaro__key_t k = name_key(name);
    struct stat st;
    if (keyset_has(&corsaro->written_names, &k))
        return refuse_repeat(corsaro, name);
    if (stat(name, &st) != 0)
        return 0; /* a new file */
    const corsaro__input_t *in = input_of(corsaro, &st);
    if (in != NULL)
        return refuse_input(corsaro, name, in);
    k = file_key(&st);
    if (S_ISREG(st.st_mode) && keyset_has(&corsaro->written_files, &k))
        return refuse_repeat(corsaro, name); /* another name of a file we wrote */
    return 0;
}

int corsaro__outputs_claim(corsaro_t *corsaro, const char *name,
                           const struct stat *st)
{
    /* checked again on the opened file: the name may lead elsewhere now */
    const corsaro__input_t *in = input_of(corsaro, st);
    if (in != NULL)
        return refuse_input(corsaro, name, in);
    corsaro__key_t fk = file_key(st), nk = name_key(name);
    if (S_ISREG(st->st_mode) && keyset_has(&corsaro->written_files, &fk))
        return refuse_repeat(corsaro, name);
    if (keyset_add(&corsaro->written_names, &nk) != 0 ||
        (S_ISREG(st->st_mode) && keyset_add(&corsaro->written_files, &fk) != 0)) {
        corsaro_set_error(corsaro, "out of memory remembering output file %s", name);
        return -1;
    }
    return 0;
}

void corsaro__outputs_free(corsaro_t *corsaro)
{
    keyset_free(&corsaro->written_names);
    keyset_free(&corsaro->written_files);
    for (int i = 0; i < corsaro->input_cnt; i++)
        free(corsaro->inputs[i].uri);
    free(corsaro->inputs);
    corsaro->inputs = NULL;
    corsaro->input_cnt = 0;
}

/* ---- checks at start-up ---- */

/* Instants aligned to every strftime period at once (minute, hour, day,
 * Sunday- and Monday-weeks, ISO weeks, month, year, century): a field
 * coarser than a rotation period keeps its value across the period from
 * each of them. */
static const uint32_t probe_times[] = {
    1320969600u, /* 2011-11-11, Friday (first, as it is the one named) */
    946684800u,  /* 2000-01-01, Saturday */
    1483228800u, /* 2017-01-01, Sunday */
    1514764800u, /* 2018-01-01, Monday, ISO week 1 */
    0u,          /* 1970-01-01, Thursday */
};
#define PROBE_CNT (sizeof(probe_times) / sizeof(probe_times[0]))

/* One kind of output file of the run: global, log or a plugin's. */
typedef struct output_kind {
    const char *name;
    int compressed;
    int meta; /* rotated by -R (global, log) rather than -r */
} output_kind_t;

/* @return the number of kinds filled in @p kinds (room for 2 + instances) */
static int output_kinds(corsaro_t *corsaro, output_kind_t *kinds)
{
    int n = 0;
    int compressed = corsaro->compress != CORSARO_FILE_COMPRESS_NONE;
    if (corsaro->global_enabled)
        kinds[n++] = (output_kind_t){"global", compressed, 1};
    if (corsaro->log_enabled)
        kinds[n++] = (output_kind_t){"log", 0, 1};
    for (int i = 0; i < corsaro->instance_cnt; i++)
        kinds[n++] = (output_kind_t){corsaro->instances[i].desc->name, compressed, 0};
    return n;
}

static int expand(corsaro_t *corsaro, const output_kind_t *kind, uint32_t t,
                  char *buf, size_t len)
{
    return corsaro__template_expand(corsaro->template_, kind->name,
                                    corsaro->monitorname, t, kind->compressed,
                                    buf, len);
}

static int check_distinct(corsaro_t *corsaro, const output_kind_t *kinds, int n)
{
    char a[CORSARO__NAME_LEN], b[CORSARO__NAME_LEN];
    for (size_t p = 0; p < PROBE_CNT; p++)
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++) {
                if (expand(corsaro, &kinds[i], probe_times[p], a, sizeof(a)) != 0 ||
                    expand(corsaro, &kinds[j], probe_times[p], b, sizeof(b)) != 0)
                    continue; /* too long: reported when opened */
                if (strcmp(a, b) == 0) {
                    corsaro_set_error(corsaro,
                                      "the -o template '%s' gives the %s and %s "
                                      "files the same name, %s: put %%P where "
                                      "no compression suffix or strftime field "
                                      "changes it",
                                      corsaro->template_, kinds[i].name,
                                      kinds[j].name, a);
                    return -1;
                }
            }
    return 0;
}

/* The rotation period in seconds of files of this kind, or 0 if they
 * never rotate. */
static uint64_t rotation_period(corsaro_t *corsaro, int meta)
{
    int r = corsaro->output_rotate;
    if (meta && corsaro->meta_output_rotate >= 0)
        r = corsaro->meta_output_rotate;
    if (r <= 0 || corsaro->interval <= 0)
        return 0;
    return (uint64_t)r * (uint64_t)corsaro->interval;
}

static int refuse_rotation(corsaro_t *corsaro, const output_kind_t *kind,
                           uint64_t period, uint32_t t, const char *name)
{
    int by_meta = kind->meta && corsaro->meta_output_rotate >= 0;
    corsaro_set_error(corsaro,
                      "%s %d starts new %s files every %" PRIu64 " s, but the "
                      "-o template '%s' cannot tell them apart: the file opened "
                      "at %" PRIu32 " and the one %" PRIu64 " s later would both "
                      "be %s: add a time field that changes every %" PRIu64
                      " s (e.g. %%s)",
                      by_meta ? "-R" : "-r",
                      by_meta ? corsaro->meta_output_rotate : corsaro->output_rotate,
                      kind->meta ? "global and log" : kind->name, period,
                      corsaro->template_, t, period, name, period);
    return -1;
}

static int check_rotation(corsaro_t *corsaro, const output_kind_t *kind)
{
    char a[CORSARO__NAME_LEN], b[CORSARO__NAME_LEN];
    uint64_t period = rotation_period(corsaro, kind->meta);
    if (period == 0)
        return 0;
    for (size_t p = 0; p < PROBE_CNT; p++) {
        uint32_t t = probe_times[p];
        if (period > UINT32_MAX - t)
            continue;
        if (expand(corsaro, kind, t, a, sizeof(a)) != 0 ||
            expand(corsaro, kind, (uint32_t)(t + period), b, sizeof(b)) != 0)
            continue;
        if (strcmp(a, b) == 0)
            return refuse_rotation(corsaro, kind, period, t, a);
    }
    return 0;
}

/* A template without time fields names each output already: none may be
 * an input. */
static int check_inputs(corsaro_t *corsaro, const output_kind_t *kinds, int n)
{
    char name[CORSARO__NAME_LEN];
    struct stat st;
    if (corsaro->template_has_time || corsaro->input_cnt == 0)
        return 0;
    for (int i = 0; i < n; i++) {
        if (expand(corsaro, &kinds[i], 0, name, sizeof(name)) != 0 ||
            stat(name, &st) != 0)
            continue;
        const corsaro__input_t *in = input_of(corsaro, &st);
        if (in != NULL)
            return refuse_input(corsaro, name, in);
    }
    return 0;
}

int corsaro__outputs_check_start(corsaro_t *corsaro)
{
    output_kind_t *kinds = calloc((size_t)corsaro->instance_cnt + 2, sizeof(*kinds));
    if (kinds == NULL) {
        corsaro_set_error(corsaro, "out of memory checking the output names");
        return -1;
    }
    int n = output_kinds(corsaro, kinds);
    int rc = check_distinct(corsaro, kinds, n);
    for (int i = 0; i < n && rc == 0; i++)
        rc = check_rotation(corsaro, &kinds[i]);
    if (rc == 0)
        rc = check_inputs(corsaro, kinds, n);
    free(kinds);
    return rc;
}
