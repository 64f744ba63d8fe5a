/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* The run (Corsaro-Out): configuration, start-up of the plugin chain, the
 * per-packet path, and finalisation. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "corsaro_int.h"

corsaro_t *corsaro_alloc_output(const char *template_, corsaro_file_mode_t mode)
{
    char host[256];
    corsaro_t *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return NULL;
    c->template_ = strdup(template_ != NULL ? template_ : "");
    if (gethostname(host, sizeof(host)) != 0)
        snprintf(host, sizeof(host), "unknown");
    host[sizeof(host) - 1] = '\0';
    c->monitorname = strdup(host);
    c->registry = corsaro__registry_alloc();
    if (c->template_ == NULL || c->monitorname == NULL || c->registry == NULL) {
        corsaro_free(c);
        return NULL;
    }
    c->output_mode = mode;
    c->compress = corsaro__template_compress(c->template_);
    c->template_has_time = corsaro__template_has_time(c->template_);
    c->interval = CORSARO_INTERVAL_DEFAULT;
    c->latest_sec = -1;
    c->max_empty_intervals = -1;
    c->meta_output_rotate = -1;
    c->global_enabled = 1;
    c->log_enabled = 1;
    c->init_time = (uint32_t)time(NULL);
    gettimeofday(&c->wall_start, NULL);
    return c;
}

static int replace_string(char **slot, const char *value)
{
    char *copy = value != NULL ? strdup(value) : NULL;
    if (value != NULL && copy == NULL)
        return -1;
    free(*slot);
    *slot = copy;
    return 0;
}

int corsaro_set_monitorname(corsaro_t *corsaro, const char *name)
{
    return replace_string(&corsaro->monitorname, name);
}

const char *corsaro_get_monitorname(corsaro_t *corsaro)
{
    return corsaro->monitorname;
}

int corsaro_set_interval(corsaro_t *corsaro, int seconds)
{
    if (seconds == 0) {
        corsaro_set_error(corsaro, "an interval of 0 seconds is not allowed: "
                                   "use a positive length, or -1 for one "
                                   "interval per run");
        return -1;
    }
    corsaro->interval = seconds;
    return 0;
}

int corsaro_get_interval(corsaro_t *corsaro)
{
    return corsaro->interval;
}

void corsaro_set_max_empty_intervals(corsaro_t *corsaro, int64_t max)
{
    corsaro->max_empty_intervals = max < 0 ? -1 : max;
}

void corsaro_request_stop(corsaro_t *corsaro)
{
    /* async-signal-safe: one store to a volatile sig_atomic_t */
    if (corsaro != NULL)
        corsaro->stop_requested = 1;
}

int corsaro_set_input_name(corsaro_t *corsaro, const char *name)
{
    corsaro->input_packet_cnt = 0;
    return replace_string(&corsaro->input_name, name);
}

void corsaro_set_interval_alignment(corsaro_t *corsaro, int align)
{
    corsaro->interval_align = align;
}

void corsaro_set_output_rotation(corsaro_t *corsaro, int intervals)
{
    if (intervals > 0)
        corsaro->output_rotate = intervals;
}

void corsaro_set_meta_output_rotation(corsaro_t *corsaro, int intervals)
{
    corsaro->meta_output_rotate = intervals;
}

int corsaro_set_traceuri(corsaro_t *corsaro, const char *uri)
{
    return replace_string(&corsaro->traceuri, uri);
}

void corsaro_set_trace(corsaro_t *corsaro, struct libtrace_t *trace)
{
    corsaro->trace = trace;
    /* statistics count from the start of each trace */
    corsaro->accepted_base = 0;
    corsaro->dropped_base = 0;
}

void corsaro_disable_globalfile(corsaro_t *corsaro)
{
    corsaro->global_enabled = 0;
}

void corsaro_disable_logfile(corsaro_t *corsaro)
{
    corsaro->log_enabled = 0;
}

corsaro_file_mode_t corsaro_get_output_mode(corsaro_t *corsaro)
{
    return corsaro->output_mode;
}

corsaro_file_compress_t corsaro_get_compress(corsaro_t *corsaro)
{
    return corsaro->compress;
}

const corsaro_interval_t *corsaro_get_interval_start(corsaro_t *corsaro)
{
    return &corsaro->interval_start;
}

uint64_t corsaro_get_packet_count(corsaro_t *corsaro)
{
    return corsaro->packet_cnt;
}

int corsaro_add_plugin_path(corsaro_t *corsaro, const char *dirs)
{
    return corsaro__registry_add_dirs(corsaro->registry, dirs,
                                      CORSARO__SOURCE_OPTION);
}

void corsaro_set_plugin_trust_all(corsaro_t *corsaro, int trust)
{
    corsaro->registry->trust_all = trust;
}

int corsaro_enable_plugin(corsaro_t *corsaro, const char *name, const char *args)
{
    corsaro__pending_list_t *pl = &corsaro->pending;
    for (int i = 0; i < pl->cnt; i++) {
        if (strcasecmp(pl->items[i].name, name) == 0) {
            /* replacing the first options silently ran a plugin with
             * options the user did not see take effect */
            corsaro_set_error(corsaro,
                              "plugin %s is enabled twice ('%s%s%s' and "
                              "'%s%s%s'): give all its options in one -p",
                              name, pl->items[i].name,
                              pl->items[i].args ? " " : "",
                              pl->items[i].args ? pl->items[i].args : "", name,
                              args ? " " : "", args ? args : "");
            return -1;
        }
    }
    corsaro__pending_t *grown = realloc(pl->items, sizeof(corsaro__pending_t) * (size_t)(pl->cnt + 1));
    if (grown == NULL)
        return -1;
    pl->items = grown;
    grown[pl->cnt].name = strdup(name);
    grown[pl->cnt].args = args != NULL ? strdup(args) : NULL;
    if (grown[pl->cnt].name == NULL)
        return -1;
    pl->cnt++;
    return 0;
}

/* "a, b, c" of every plugin found, for messages. */
static void found_names(corsaro__plugin_registry_t *reg, char *buf, size_t len)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (corsaro__plugin_file_t *f = reg->plugins; f != NULL && pos < len; f = f->next) {
        int n = snprintf(buf + pos, len - pos, "%s%s", pos ? ", " : "", f->desc.name);
        if (n < 0)
            break;
        pos += (size_t)n;
    }
    if (buf[0] == '\0')
        snprintf(buf, len, "none");
}

static int unknown_plugin(corsaro_t *corsaro, const char *name)
{
    char names[512];
    const char *refusal = NULL;
    found_names(corsaro->registry, names, sizeof(names));
    /* a refused file of that name explains more than "not found" */
    for (corsaro__plugin_refusal_t *r = corsaro->registry->refused; r != NULL;
         r = r->next) {
        const char *base = corsaro__basename(r->path);
        size_t n = strlen(name);
        if (strncmp(base, name, n) == 0 && strcmp(base + n, ".so") == 0)
            refusal = r->reason;
        if (refusal != NULL) {
            corsaro_set_error(corsaro, "plugin '%s' was refused: %s: %s", name,
                              r->path, refusal);
            return -1;
        }
        /* so was a directory holding it (it was not searched at all) */
        char path[CORSARO__NAME_LEN];
        snprintf(path, sizeof(path), "%s/%s.so", r->path, name);
        if (access(path, F_OK) == 0) {
            corsaro_set_error(corsaro,
                              "plugin '%s' was refused: its directory was not "
                              "searched: %s",
                              name, r->reason);
            return -1;
        }
    }
    corsaro_set_error(corsaro,
                      "no plugin named '%s' was found (found: %s); add the "
                      "directory that holds %s.so with --plugin-path, or see "
                      "corsaro --list-plugins",
                      name, names, name);
    return -1;
}

static int build_instances(corsaro_t *corsaro)
{
    corsaro__pending_list_t *pl = &corsaro->pending;
    static corsaro__pending_t default_plugin = {"flowtuple", NULL};
    corsaro__pending_t *items = pl->items;
    int cnt = pl->cnt;

    if (cnt == 0) { /* v2's default build ran flowtuple alone */
        items = &default_plugin;
        cnt = 1;
    }
    corsaro->instances = calloc((size_t)cnt, sizeof(corsaro__instance_t));
    if (corsaro->instances == NULL)
        return -1;
    for (int i = 0; i < cnt; i++) {
        corsaro__plugin_file_t *f = corsaro__registry_find(corsaro->registry,
                                                           items[i].name);
        if (f == NULL)
            return unknown_plugin(corsaro, items[i].name);
        corsaro__instance_t *inst = &corsaro->instances[corsaro->instance_cnt++];
        inst->file = f;
        f->used = 1;
        inst->desc = &f->desc;
        inst->output_magic = f->desc.magic;
        inst->argc = corsaro__plugin_args_split(items[i].name, items[i].args,
                                                &inst->argv);
        if (inst->argc < 0) {
            corsaro_set_error(corsaro, "cannot split the options of plugin %s "
                                       "(more than 1023 words?)",
                              items[i].name);
            return -1;
        }
    }
    return 0;
}

/* A plugin that needs another needs it earlier in the -p order. */
static int check_dependencies(corsaro_t *corsaro)
{
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        const corsaro_plugin_t *d = corsaro->instances[i].desc;
        for (const char *const *need = d->requires_plugins; need && *need; need++) {
            int found = 0;
            for (int j = 0; j < i; j++)
                found |= strcmp(corsaro->instances[j].desc->name, *need) == 0;
            if (!found) {
                corsaro_set_error(corsaro,
                                  "plugin %s needs plugin %s to run before it: "
                                  "add -p %s before -p %s",
                                  d->name, *need, *need, d->name);
                return -1;
            }
        }
    }
    return 0;
}

/* Plugins parse their argv with getopt after setting optind = 1, as v2's
 * tutorial says. glibc keeps a pointer into the last argv it parsed, so
 * after a parse that stopped early (or a previous run in this process) it
 * would read freed memory. optind = 0 and one empty parse clear it. */
static void reset_getopt(void)
{
#ifdef __GLIBC__
    char name[] = "corsaro";
    char *argv[] = {name, NULL};
    int saved = opterr;
    opterr = 0;
    optind = 0;
    (void)getopt(1, argv, "");
    opterr = saved;
#endif
    optind = 1;
}

static const char *compress_name(corsaro_file_compress_t c)
{
    switch (c) {
    case CORSARO_FILE_COMPRESS_NONE: return "none";
    case CORSARO_FILE_COMPRESS_ZLIB: return "gzip";
    case CORSARO_FILE_COMPRESS_BZ2: return "bzip2";
    default: return "xz";
    }
}

/* "every N intervals", "never", or "as plugin files" for -R -1 */
static void rotation_text(int n, char *buf, size_t len)
{
    if (n > 0)
        snprintf(buf, len, "every %d interval%s", n, n == 1 ? "" : "s");
    else
        snprintf(buf, len, "never");
}

/* The run's set-up, the first thing its log says. */
static void log_configuration(corsaro_t *corsaro)
{
    char plugin_rot[32], meta_rot[32];
    rotation_text(corsaro->output_rotate, plugin_rot, sizeof(plugin_rot));
    rotation_text(corsaro->meta_output_rotate < 0 ? corsaro->output_rotate
                                                  : corsaro->meta_output_rotate,
                  meta_rot, sizeof(meta_rot));
    corsaro_log_record(__func__, corsaro, "corsaro %s starting: template '%s', "
                       "monitor '%s', trace URI '%s'",
                       CORSARO_VERSION_STRING, corsaro->template_,
                       corsaro->monitorname,
                       corsaro->traceuri != NULL ? corsaro->traceuri : "");
    if (corsaro->interval < 0)
        corsaro_log_record(__func__, corsaro, "interval: one for the whole run");
    else
        corsaro_log_record(__func__, corsaro, "interval: %d s%s", corsaro->interval,
                           corsaro->interval_align ? ", ends aligned" : "");
    corsaro_log_record(__func__, corsaro, "mode: %s, compression: %s, global file: "
                       "%s; rotation: plugin files %s, global and log files %s",
                       corsaro->output_mode == CORSARO_FILE_MODE_ASCII ? "ascii"
                                                                       : "binary",
                       compress_name(corsaro->compress),
                       corsaro->global_enabled ? "yes" : "no", plugin_rot, meta_rot);
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        corsaro__instance_t *inst = &corsaro->instances[i];
        char opts[400];
        size_t pos = 0;
        opts[0] = '\0';
        for (int a = 1; a < inst->argc && pos < sizeof(opts); a++) {
            int n = snprintf(opts + pos, sizeof(opts) - pos, "%s%s", a > 1 ? " " : "",
                             inst->argv[a]);
            if (n < 0)
                break;
            pos += (size_t)n;
        }
        corsaro_log_record(__func__, corsaro, "plugin %d of %d: %s (%s), options: %s",
                           i + 1, corsaro->instance_cnt, inst->desc->name,
                           inst->file->path, inst->argc > 1 ? opts : "none");
    }
}

/* The last line of the run's log. */
static void log_summary(corsaro_t *corsaro)
{
    struct timeval now;
    gettimeofday(&now, NULL);
    double wall = (double)(now.tv_sec - corsaro->wall_start.tv_sec) +
                  (double)(now.tv_usec - corsaro->wall_start.tv_usec) / 1e6;
    corsaro_log_record(__func__, corsaro,
                       "summary: %llu packets, %llu intervals, %llu files "
                       "written (%llu bytes in the closed ones), wall time "
                       "%.3f s, %llu warning(s), %llu error(s)",
                       (unsigned long long)corsaro->packet_cnt,
                       (unsigned long long)corsaro->intervals_ended,
                       (unsigned long long)corsaro->files_opened,
                       (unsigned long long)corsaro->bytes_closed, wall,
                       (unsigned long long)corsaro->warnings_reported,
                       (unsigned long long)corsaro->errors_reported);
}

int corsaro_start_output(corsaro_t *corsaro)
{
    char why[CORSARO__ERR_LEN];

    if (corsaro->failed)
        return -1;
    if (corsaro__template_validate(corsaro->template_, why, sizeof(why)) != 0) {
        corsaro_set_error(corsaro, "%s", why);
        return -1;
    }
    if (corsaro->output_rotate > 0 && !corsaro->template_has_time) {
        corsaro_set_error(corsaro,
                          "-r rotates files, but template '%s' has no time "
                          "specifier, so each rotation would overwrite the last "
                          "file: add %%s (or a strftime field) to the template",
                          corsaro->template_);
        return -1;
    }
    if (corsaro__registry_scan(corsaro->registry) != 0) {
        corsaro_set_error(corsaro, "cannot initialise the plugin loader (libltdl)");
        return -1;
    }
    for (int i = 0; i < corsaro->registry->warning_cnt; i++)
        corsaro_log_report(__func__, corsaro, "warning: %s",
                           corsaro->registry->warnings[i]);
    if (build_instances(corsaro) != 0 || check_dependencies(corsaro) != 0 ||
        corsaro__tags_check_providers(corsaro) != 0 ||
        corsaro__outputs_check_start(corsaro) != 0)
        return -1;
    /* a plugin not found as NAME.so made the registry load the others to
     * learn their names; those need not stay resident */
    corsaro__registry_drop_unused(corsaro->registry);
    corsaro->packet.state.tag_matches_set_cnt = 0;
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        corsaro__instance_t *inst = &corsaro->instances[i];
        inst->initialised = 1; /* close_output runs even if init fails */
        reset_getopt();
        if (CORSARO__CALL(corsaro, inst, inst->desc->init_output(corsaro)) != 0) {
            corsaro_set_error(corsaro, "plugin %s failed to initialise (check "
                                       "its options)",
                              inst->desc->name);
            corsaro->current = NULL;
            return -1;
        }
    }
    corsaro->current = NULL;
    if (!corsaro->failed)
        log_configuration(corsaro);
    /* the log opens only once every plugin accepted its options, so a
     * refused run leaves the output directory untouched */
    if (!corsaro->failed && !corsaro->template_has_time &&
        corsaro__log_open(corsaro, 0) != 0)
        return -1;
    return corsaro->failed ? -1 : 0;
}

int corsaro_per_packet(corsaro_t *corsaro, struct libtrace_packet_t *packet)
{
    struct timeval ts = trace_get_timeval(packet);
    corsaro->input_packet_cnt++;
    if (corsaro->replaying) {
        corsaro_set_error(corsaro,
                          "%s: a trace cannot follow a re-processed flowtuple "
                          "file in one run (the file's intervals are not the "
                          "trace's clock): give them to separate runs",
                          corsaro__input_name(corsaro));
        return -1;
    }
    corsaro->packet_in_hand = 1;
    int clock = corsaro__interval_per_packet(corsaro, &ts);
    corsaro->packet_in_hand = 0;
    if (clock != 0)
        return clock < 0 ? -1 : 0; /* 1: stopped in a jump, packet left out */
    corsaro->packet_cnt++;
    corsaro->packet.ltpacket = packet;
    corsaro_packet_state_reset(&corsaro->packet.state);
    corsaro__tags_reset(&corsaro->tags);
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        corsaro__instance_t *inst = &corsaro->instances[i];
        corsaro->current = inst;
        if (inst->desc->process_packet(corsaro, &corsaro->packet) != 0) {
            corsaro_set_error(corsaro, "plugin %s failed on packet %llu",
                              inst->desc->name,
                              (unsigned long long)corsaro->packet_cnt);
            return -1;
        }
        corsaro->tags.providers_ran |= inst->desc->tags_provided;
    }
    corsaro->current = NULL;
    return corsaro->failed ? -1 : 0;
}

int corsaro_finalize_output(corsaro_t *corsaro)
{
    int rc = corsaro->failed ? -1 : 0;
    corsaro->finalizing = 1;
    /* after an error the open interval is still ended and written, so what
     * was processed stays readable */
    if (corsaro__interval_finalize(corsaro) != 0)
        rc = -1;
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        corsaro__instance_t *inst = &corsaro->instances[i];
        if (!inst->initialised)
            continue;
        inst->initialised = 0;
        if (CORSARO__CALL(corsaro, inst, inst->desc->close_output(corsaro)) != 0) {
            corsaro_set_error(corsaro, "plugin %s failed to close its output",
                              inst->desc->name);
            rc = -1;
        }
    }
    corsaro->current = NULL;
    if (rc != 0 && !corsaro->failed)
        corsaro_set_error(corsaro, "finalising the outputs failed");
    log_summary(corsaro);
    if (corsaro__log_close(corsaro) != 0)
        rc = -1;
    /* from here on, log lines go to stderr; held ones too */
    corsaro->log_enabled = 0;
    corsaro__log_release(corsaro);
    return corsaro->failed ? -1 : rc;
}

void corsaro_free(corsaro_t *corsaro)
{
    if (corsaro == NULL)
        return;
    corsaro__pending_list_t *pl = &corsaro->pending;
    for (int i = 0; i < pl->cnt; i++) {
        free(pl->items[i].name);
        free(pl->items[i].args);
    }
    free(pl->items);
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        corsaro__instance_t *inst = &corsaro->instances[i];
        free(inst->state); /* a plugin that forgot to free its state */
        corsaro__plugin_args_free(inst->argc, inst->argv);
    }
    free(corsaro->instances);
    for (int i = 0; i < corsaro->tag_cnt; i++)
        free(corsaro->tag_names[i]);
    free(corsaro->tag_names);
    corsaro__registry_free(corsaro->registry);
    corsaro__outputs_free(corsaro);
    corsaro__log_release(corsaro);
    free(corsaro->template_);
    free(corsaro->monitorname);
    free(corsaro->traceuri);
    free(corsaro->input_name);
    free(corsaro);
}

/* ---- what plugins call ---- */

void corsaro_plugin_register_state(corsaro_t *corsaro, void *state)
{
    if (corsaro->current != NULL)
        corsaro->current->state = state;
}

void *corsaro_plugin_state(corsaro_t *corsaro)
{
    return corsaro->current != NULL ? corsaro->current->state : NULL;
}

void corsaro_plugin_free_state(corsaro_t *corsaro)
{
    if (corsaro->current != NULL) {
        free(corsaro->current->state);
        corsaro->current->state = NULL;
    }
}

const corsaro_plugin_t *corsaro_plugin_current(corsaro_t *corsaro)
{
    return corsaro->current != NULL ? corsaro->current->desc : NULL;
}

int corsaro_plugin_args(corsaro_t *corsaro, char ***argv)
{
    if (corsaro->current == NULL) {
        *argv = NULL;
        return 0;
    }
    *argv = corsaro->current->argv;
    return corsaro->current->argc;
}

int corsaro_plugin_set_output_magic(corsaro_t *corsaro, uint32_t magic)
{
    corsaro__instance_t *inst = corsaro->current;
    if (inst == NULL || magic == 0 ||
        (magic != inst->desc->magic && magic != inst->desc->magic_alt))
        return -1;
    inst->output_magic = magic;
    return 0;
}

int corsaro_tag_register(corsaro_t *corsaro, const char *name)
{
    int id = corsaro_tag_lookup(corsaro, name);
    if (id >= 0)
        return id;
    if (corsaro->tag_cnt >= CORSARO_TAG_MAX)
        return -1;
    char **grown = realloc(corsaro->tag_names,
                           sizeof(char *) * (size_t)(corsaro->tag_cnt + 1));
    if (grown == NULL)
        return -1;
    corsaro->tag_names = grown;
    grown[corsaro->tag_cnt] = strdup(name);
    if (grown[corsaro->tag_cnt] == NULL)
        return -1;
    return corsaro->tag_cnt++;
}

int corsaro_tag_lookup(corsaro_t *corsaro, const char *name)
{
    for (int i = 0; i < corsaro->tag_cnt; i++)
        if (strcmp(corsaro->tag_names[i], name) == 0)
            return i;
    return -1;
}

const char *corsaro_tag_name(corsaro_t *corsaro, int tag_id)
{
    if (tag_id < 0 || tag_id >= corsaro->tag_cnt)
        return NULL;
    return corsaro->tag_names[tag_id];
}
