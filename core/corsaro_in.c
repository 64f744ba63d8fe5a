/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Corsaro-In: opens any corsaro file and finds its reader. Detection looks
 * at the last component of the file name, then at the content, never at
 * directory names (v2 matched "dos" anywhere in the path). Errors name the
 * file and the byte offset where the failing record starts.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corsaro_int.h"

const char *corsaro__basename(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

corsaro_in_t *corsaro_in_alloc(const char *filename)
{
    corsaro_in_t *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    c->filename = strdup(filename);
    c->registry = corsaro__registry_alloc();
    if (c->filename == NULL || c->registry == NULL) {
        corsaro_in_free(c);
        return NULL;
    }
    return c;
}

int corsaro_in_add_plugin_path(corsaro_in_t *corsaro, const char *dirs)
{
    return corsaro__registry_add_dirs(corsaro->registry, dirs,
                                      CORSARO__SOURCE_OPTION);
}

void corsaro_in_set_error(corsaro_in_t *corsaro, const char *format, ...)
{
    char msg[CORSARO__ERR_LEN / 2];
    va_list ap;
    if (corsaro->have_err) /* the first error is the cause */
        return;
    va_start(ap, format);
    vsnprintf(msg, sizeof(msg), format, ap);
    va_end(ap);
    if (corsaro->started)
        snprintf(corsaro->err, sizeof(corsaro->err), "%.400s: byte %lld: %s",
                 corsaro->filename, (long long)corsaro->record_offset, msg);
    else
        snprintf(corsaro->err, sizeof(corsaro->err), "%.400s: %s",
                 corsaro->filename, msg);
    corsaro->have_err = 1;
}

const char *corsaro_in_error(corsaro_in_t *corsaro)
{
    return corsaro->err;
}

/* Room for an instance per candidate, made as each is loaded: instances
 * never move, so `reader` and `gplugin` stay valid. */
static int make_instances(corsaro_in_t *corsaro)
{
    int cnt = corsaro->registry->candidate_cnt;
    corsaro->instances = calloc((size_t)(cnt ? cnt : 1), sizeof(corsaro__instance_t));
    return corsaro->instances != NULL ? 0 : -1;
}

static corsaro__instance_t *load_instance(corsaro_in_t *corsaro,
                                          corsaro__plugin_candidate_t *cand)
{
    if (cand->tried)
        return NULL; /* made already, or refused */
    corsaro__plugin_file_t *f = corsaro__registry_load(corsaro->registry, cand);
    if (f == NULL || corsaro->instance_cnt >= corsaro->registry->candidate_cnt)
        return NULL;
    corsaro__instance_t *inst = &corsaro->instances[corsaro->instance_cnt++];
    inst->file = f;
    inst->desc = &f->desc;
    inst->output_magic = f->desc.magic;
    return inst;
}

static int has_magic(const corsaro__plugin_candidate_t *c, uint32_t magic)
{
    return magic != 0 && (c->magic == magic || c->magic_alt == magic);
}

corsaro__instance_t *corsaro__in_instance_by_magic(corsaro_in_t *corsaro,
                                                   uint32_t magic)
{
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        const corsaro_plugin_t *d = corsaro->instances[i].desc;
        if (magic != 0 && (d->magic == magic || d->magic_alt == magic))
            return &corsaro->instances[i];
    }
    /* the ELF check read each file's magics: load only the one that has it */
    for (corsaro__plugin_candidate_t *c = corsaro->registry->candidates; c; c = c->next) {
        corsaro__instance_t *inst = has_magic(c, magic) ? load_instance(corsaro, c) : NULL;
        if (inst != NULL && (inst->desc->magic == magic || inst->desc->magic_alt == magic))
            return inst;
    }
    return NULL;
}

/* Loads the plugins whose file name (NAME.so) occurs in the input's name. */
static void load_named(corsaro_in_t *corsaro, const char *base)
{
    for (corsaro__plugin_candidate_t *c = corsaro->registry->candidates; c; c = c->next)
        if (strstr(base, c->stem) != NULL)
            load_instance(corsaro, c);
}

/* Loads the plugins whose magic occurs in the file's first bytes, or, if
 * @p all, every plugin not loaded yet. */
static void load_by_content(corsaro_in_t *corsaro, int all)
{
    uint8_t head[64];
    off_t n = all ? 0 : corsaro_file_rpeek(corsaro->file, head, sizeof(head));
    for (corsaro__plugin_candidate_t *c = corsaro->registry->candidates; c; c = c->next) {
        int hit = all;
        for (off_t i = 0; !hit && i + 4 <= n; i++)
            hit = has_magic(c, corsaro_get_u32(head + i));
        if (hit)
            load_instance(corsaro, c);
    }
}

/* Asks instances [*from, cnt) whether the file's content is theirs. */
static corsaro__instance_t *probe_content(corsaro_in_t *corsaro, int *from)
{
    for (; *from < corsaro->instance_cnt; (*from)++) {
        corsaro__instance_t *inst = &corsaro->instances[*from];
        if (inst->desc->read_record == NULL || inst->desc->probe_magic == NULL)
            continue;
        corsaro->current = inst;
        int hit = inst->desc->probe_magic(corsaro, corsaro->file);
        corsaro->current = NULL;
        if (hit > 0)
            return inst;
    }
    return NULL;
}

/* Finds the plugin that wrote the file: by name, then by content. A file
 * that starts with a global header is a global file whatever its name
 * (e.g. "stopddos.global.cors" names no dos file). Only the plugins each
 * step needs are loaded: those whose file name occurs in the input's name,
 * then those whose magic occurs in its first bytes, and only when neither
 * claims it, the rest (a probe_magic is code: it cannot be asked unloaded). */
static corsaro__instance_t *detect(corsaro_in_t *corsaro, int *is_global)
{
    const char *base = corsaro__basename(corsaro->filename);
    *is_global = corsaro__global_has_header(corsaro->file);
    if (*is_global)
        return NULL;
    load_named(corsaro, base);
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        const corsaro_plugin_t *d = corsaro->instances[i].desc;
        if (d->read_record != NULL && d->probe_filename != NULL &&
            d->probe_filename(base))
            return &corsaro->instances[i];
    }
    if (strstr(base, "global") != NULL) {
        *is_global = 1;
        return NULL;
    }
    int probed = 0;
    load_by_content(corsaro, 0);
    corsaro__instance_t *inst = probe_content(corsaro, &probed);
    if (inst == NULL) {
        load_by_content(corsaro, 1);
        inst = probe_content(corsaro, &probed);
    }
    return inst;
}

static void readers_list(corsaro_in_t *corsaro, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (int i = 0; i < corsaro->instance_cnt && pos < len; i++) {
        if (corsaro->instances[i].desc->read_record == NULL)
            continue;
        int n = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "",
                         corsaro->instances[i].desc->name);
        if (n < 0)
            break;
        pos += (size_t)n;
    }
    if (buf[0] == '\0')
        snprintf(buf, len, "none (add --plugin-path)");
}

int corsaro_in_start(corsaro_in_t *corsaro)
{
    uint8_t head[16];
    int is_global;

    if (corsaro__registry_scan(corsaro->registry) != 0 ||
        make_instances(corsaro) != 0) {
        corsaro_in_set_error(corsaro, "cannot load plugins");
        return -1;
    }
    corsaro->file = corsaro_file_ropen(corsaro->filename);
    if (corsaro->file == NULL) {
        corsaro_in_set_error(corsaro, "cannot open: %s", strerror(errno));
        return -1;
    }
    off_t n = corsaro_file_rpeek(corsaro->file, head, sizeof(head));
    if (n < 0) {
        corsaro_in_set_error(corsaro, "cannot read (corrupt compressed data?)");
        return -1;
    }
    if (n == 0) {
        corsaro_in_set_error(corsaro, "the file is empty (0 bytes): there is no "
                                      "record to print (a plugin with nothing to "
                                      "report leaves its file empty)");
        return -1;
    }
    if (n >= 9 && memcmp(head, "# CORSARO", 9) == 0) {
        corsaro_in_set_error(corsaro,
                             "this is an ASCII-mode file (corsaro -m ascii); it "
                             "is already text and cannot be read back: re-run "
                             "corsaro with -m binary to get a readable file");
        return -1;
    }
    corsaro->reader = detect(corsaro, &is_global);
    if (corsaro->reader == NULL && !is_global) {
        char readers[512];
        readers_list(corsaro, readers, sizeof(readers));
        corsaro_in_set_error(corsaro,
                             "not a corsaro file any loaded reader knows (neither "
                             "its name nor its first bytes match; readers "
                             "loaded: %s)",
                             readers);
        return -1;
    }
    corsaro->started = 1;
    corsaro->gstate = CORSARO__GIN_HEADER;
    if (corsaro->reader != NULL) {
        corsaro->current = corsaro->reader;
        int rc = corsaro->reader->desc->init_input(corsaro);
        corsaro->current = NULL;
        if (rc != 0) {
            corsaro_in_set_error(corsaro, "the %s reader failed to start",
                                 corsaro->reader->desc->name);
            return -1;
        }
    }
    return 0;
}

corsaro_in_record_t *corsaro_in_alloc_record(corsaro_in_t *corsaro)
{
    corsaro_in_record_t *r = calloc(1, sizeof(*r));
    if (r != NULL)
        r->corsaro = corsaro;
    return r;
}

void corsaro_in_free_record(corsaro_in_record_t *record)
{
    if (record == NULL)
        return;
    free(record->buffer);
    free(record);
}

off_t corsaro_in_read_record(corsaro_in_t *corsaro,
                             corsaro_in_record_type_t *record_type,
                             corsaro_in_record_t *record)
{
    off_t rc;
    *record_type = CORSARO_IN_RECORD_TYPE_NULL;
    if (!corsaro->started || corsaro->have_err)
        return -1;
    corsaro->record_offset = corsaro_file_rtell(corsaro->file);
    if (corsaro->reader == NULL) {
        rc = corsaro__global_read_record(corsaro, record_type, record);
    } else {
        corsaro->current = corsaro->reader;
        rc = corsaro->reader->desc->read_record(corsaro, record_type, record);
        corsaro->current = NULL;
    }
    if (rc < 0 && !corsaro->have_err)
        corsaro_in_set_error(corsaro, "the %s reader failed on this record",
                             corsaro_in_reader_name(corsaro));
    if (rc > 0 && *record_type == CORSARO_IN_RECORD_TYPE_NULL) {
        corsaro_in_set_error(corsaro, "the %s reader returned no record type",
                             corsaro_in_reader_name(corsaro));
        rc = -1;
    }
    record->type = *record_type;
    return rc;
}

void *corsaro_in_get_record_data(corsaro_in_record_t *record)
{
    return record->buffer;
}

int corsaro_in_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                            corsaro_in_record_type_t type,
                            corsaro_in_record_t *record)
{
    if (type == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_START ||
        type == CORSARO_IN_RECORD_TYPE_IO_INTERVAL_END)
        return corsaro_io_print_interval(out, type,
                                         (const corsaro_interval_t *)(void *)record->buffer);
    if (corsaro->reader == NULL)
        return corsaro__global_print_record(corsaro, out, type, record);
    if (corsaro->reader->desc->print_record == NULL) {
        corsaro_in_set_error(corsaro, "plugin %s cannot print its records",
                             corsaro->reader->desc->name);
        return -1;
    }
    corsaro->current = corsaro->reader;
    int rc = corsaro->reader->desc->print_record(corsaro, out, type, record);
    corsaro->current = NULL;
    return rc;
}

const char *corsaro_in_reader_name(corsaro_in_t *corsaro)
{
    return corsaro->reader != NULL ? corsaro->reader->desc->name : "global";
}

const char *corsaro_in_plugin_name_by_magic(corsaro_in_t *corsaro, uint32_t magic)
{
    corsaro__instance_t *inst = corsaro__in_instance_by_magic(corsaro, magic);
    return inst != NULL ? inst->desc->name : NULL;
}

corsaro_file_in_t *corsaro_in_get_file(corsaro_in_t *corsaro)
{
    return corsaro->file;
}

const char *corsaro_in_get_filename(corsaro_in_t *corsaro)
{
    return corsaro->filename;
}

void corsaro_in_plugin_register_state(corsaro_in_t *corsaro, void *state)
{
    if (corsaro->current != NULL)
        corsaro->current->in_state = state;
}

void *corsaro_in_plugin_state(corsaro_in_t *corsaro)
{
    return corsaro->current != NULL ? corsaro->current->in_state : NULL;
}

void corsaro_in_plugin_free_state(corsaro_in_t *corsaro)
{
    if (corsaro->current != NULL) {
        free(corsaro->current->in_state);
        corsaro->current->in_state = NULL;
    }
}

void corsaro_in_free(corsaro_in_t *corsaro)
{
    if (corsaro == NULL)
        return;
    if (corsaro->reader != NULL && corsaro->started) {
        corsaro->current = corsaro->reader;
        corsaro->reader->desc->close_input(corsaro);
        corsaro->current = NULL;
    }
    for (int i = 0; i < corsaro->instance_cnt; i++)
        free(corsaro->instances[i].in_state);
    free(corsaro->instances);
    corsaro_file_rclose(corsaro->file);
    corsaro__registry_free(corsaro->registry);
    free(corsaro->filename);
    free(corsaro);
}
