/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Internal to libcorsaro: the structures behind the opaque SDK types and
 * the corsaro__ functions the core files share. Never installed. */
#ifndef CORSARO_INT_H
#define CORSARO_INT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include <libtrace.h>

#include "corsaro/corsaro.h"

#define CORSARO__ERR_LEN 1024
#define CORSARO__NAME_LEN 1024

/* ---- plugin registry (plugin_loader.c) ---- */

/* Where a plugin file was found. */
typedef enum corsaro__plugin_source {
    CORSARO__SOURCE_OPTION,  /* --plugin-path */
    CORSARO__SOURCE_ENV,     /* CORSARO_PLUGIN_PATH */
    CORSARO__SOURCE_DEFAULT, /* installed (or build-tree) directory */
} corsaro__plugin_source_t;

/* One loaded plugin file. `desc` is a zero-padded copy of the file's
 * descriptor, so fields past an older plugin's struct_size read as NULL. */
typedef struct corsaro__plugin_file {
    corsaro_plugin_t desc;
    char *path;
    corsaro__plugin_source_t source;
    void *handle; /* lt_dlhandle */
    int used;     /* a plugin of this run */
    struct corsaro__plugin_file *next;
} corsaro__plugin_file_t;

/* A file on the search path that passed the ELF check and is loaded only
 * when a run or a reader needs it. `magic`/`magic_alt` were read from the
 * file's descriptor without loading it (integers need no relocation). */
typedef struct corsaro__plugin_candidate {
    char *path;
    char *stem; /* the file name without ".so": the plugin it should hold */
    corsaro__plugin_source_t source;
    uint32_t magic;
    uint32_t magic_alt;
    int tried;                     /* loaded or refused: never again */
    corsaro__plugin_file_t *file;  /* what loading it gave, or NULL */
    struct corsaro__plugin_candidate *next;
} corsaro__plugin_candidate_t;

/* A file that was not loaded, and why. */
typedef struct corsaro__plugin_refusal {
    char *path;
    char *reason;
    struct corsaro__plugin_refusal *next;
} corsaro__plugin_refusal_t;

/* Everything found on the search path. */
typedef struct corsaro__plugin_registry {
    char **dirs;                        /* search order */
    corsaro__plugin_source_t *dir_source;
    int dir_cnt;
    corsaro__plugin_candidate_t *candidates; /* passed the ELF check */
    int candidate_cnt;
    corsaro__plugin_file_t *plugins;    /* loaded, in load order */
    corsaro__plugin_refusal_t *refused; /* refused, in search order */
    char **warnings;                    /* duplicates and the like */
    int warning_cnt;
    int trust_all;                      /* load files others may change */
    int scanned;
} corsaro__plugin_registry_t;

corsaro__plugin_registry_t *corsaro__registry_alloc(void);
int corsaro__registry_add_dirs(corsaro__plugin_registry_t *reg, const char *dirs,
                               corsaro__plugin_source_t source);
/* Adds CORSARO_PLUGIN_PATH and the default directory, then lists their
 * *.so files and checks each from its ELF file alone: nothing is loaded. */
int corsaro__registry_scan(corsaro__plugin_registry_t *reg);
/* The plugin NAME, loading only what it takes: NAME.so first (in search
 * order), the other candidates only if no NAME.so holds plugin NAME. */
corsaro__plugin_file_t *corsaro__registry_find(corsaro__plugin_registry_t *reg,
                                               const char *name);
/* Loads one candidate (once). @return its plugin, or NULL if refused */
corsaro__plugin_file_t *corsaro__registry_load(corsaro__plugin_registry_t *reg,
                                               corsaro__plugin_candidate_t *cand);
/* Loads every candidate not tried yet (--list-plugins). */
void corsaro__registry_load_all(corsaro__plugin_registry_t *reg);
/* Unloads every plugin not marked `used` (the run's), so code and
 * libraries only another plugin needs do not stay resident. */
void corsaro__registry_drop_unused(corsaro__plugin_registry_t *reg);
void corsaro__registry_free(corsaro__plugin_registry_t *reg);
const char *corsaro__source_name(corsaro__plugin_source_t source);
/* The descriptor's fixed part: up to and including `version`. */
#define CORSARO__PLUGIN_FIXED_PART                                          \
    (offsetof(struct corsaro_plugin, version) + sizeof(char *))
/* Checks the descriptor's size and ABI version (integers only, so it can
 * run on the bytes of a file not loaded). @return 0 if acceptable */
int corsaro__plugin_validate_abi(const corsaro_plugin_t *desc, size_t avail,
                                 char *why, size_t why_len);
/* Checks a descriptor against the ABI rules; fills `why` when refused.
 * @return 0 if acceptable */
int corsaro__plugin_validate(const corsaro_plugin_t *desc, size_t avail,
                             char *why, size_t why_len);
/* What the ELF check read from a plugin file it did not load. */
typedef struct corsaro__elf_plugin {
    corsaro_plugin_t desc; /* integer fields only: pointers are unrelocated */
    size_t size;           /* the corsaro_plugin symbol's size */
} corsaro__elf_plugin_t;
/* Checks from the file alone (bounded reads, never mapped) that @p path is
 * an ELF shared object for this machine exporting a defined, global data
 * symbol corsaro_plugin of an acceptable descriptor size and ABI.
 * @return 0, or -1 with the reason and remedy in @p why */
int corsaro__elf_check_plugin(const char *path, corsaro__elf_plugin_t *out,
                              char *why, size_t why_len);
/* The plugin names Corsaro's own files use for %P: no plugin may have them.
 * @return 1 if reserved */
int corsaro__plugin_name_reserved(const char *name);
/* The default plugin directory and a label for it. */
const char *corsaro__default_plugin_dir(const char **label);

/* ---- plugin options (plugin_args.c) ---- */

/* Splits an option string as v2 did (SPEC 9.3). argv[0] = name.
 * @return argc, or -1 on allocation failure */
int corsaro__plugin_args_split(const char *name, const char *args,
                               char ***argv_out);
void corsaro__plugin_args_free(int argc, char **argv);

/* ---- the run ---- */

/* One enabled plugin in run order. */
typedef struct corsaro__instance {
    corsaro__plugin_file_t *file;
    const corsaro_plugin_t *desc;
    uint32_t output_magic;
    int argc;
    char **argv;
    void *state;    /* output state */
    void *in_state; /* input state (Corsaro-In) */
    int initialised;
} corsaro__instance_t;

/* A plugin asked for with -p, kept until the plugins are loaded. */
typedef struct corsaro__pending {
    char *name;
    char *args;
} corsaro__pending_t;

typedef struct corsaro__pending_list {
    corsaro__pending_t *items;
    int cnt;
} corsaro__pending_list_t;

/* A 128-bit key (a name's digest, or a device and inode) and an
 * open-addressing set of them (outputs.c). */
typedef struct corsaro__key {
    uint64_t a, b;
} corsaro__key_t;

typedef struct corsaro__keyset {
    corsaro__key_t *slots;
    size_t cap; /* a power of two, or 0 */
    size_t cnt;
} corsaro__keyset_t;

/* An input of the run that is a file: no output may be it. */
typedef struct corsaro__input {
    char *uri;
    corsaro__key_t key; /* device, inode */
} corsaro__input_t;

struct corsaro {
    /* configuration */
    char *template_;
    char *monitorname;
    char *traceuri;
    corsaro_file_mode_t output_mode;
    corsaro_file_compress_t compress;
    int interval;
    int interval_align;
    int output_rotate;
    int meta_output_rotate;
    int global_enabled;
    int log_enabled;
    int template_has_time;

    corsaro__plugin_registry_t *registry;
    corsaro__pending_list_t pending;
    corsaro__instance_t *instances;
    int instance_cnt;
    corsaro__instance_t *current;
    char **tag_names;
    int tag_cnt;

    /* the interval clock. 64-bit, so sec + interval cannot wrap (a packet
     * near 2^32 or -i near 2^31 made v2 write empty intervals for minutes) */
    corsaro_interval_t interval_start;
    int64_t next_report;
    int64_t latest_sec;          /* latest packet second seen, -1 before */
    int64_t max_empty_intervals; /* a longer jump stops the run; -1 = a day's */
    int interval_end_needed;
    int started;
    int replaying;               /* the clock follows a flowtuple file */
    uint64_t packet_cnt;
    char *input_name;            /* the input being read, for messages */
    uint64_t input_packet_cnt;   /* packets given to the run from it */
    volatile sig_atomic_t stop_requested; /* corsaro_request_stop() */
    struct timeval first_ts;
    struct timeval last_ts;
    corsaro_packet_t packet;
    corsaro_tags_t tags; /* of the packet in hand (tags.c) */

    /* outputs */
    corsaro_file_t *global_file;
    corsaro_file_t *log_file;
    char *log_pending;      /* lines logged while the log file was closed */
    size_t log_pending_len;
    uint32_t init_time;
    libtrace_t *trace;
    uint64_t accepted_base;
    uint64_t dropped_base;
    int packet_in_hand; /* a packet is moving the clock (corsaro_per_packet) */

    /* for the log's summary */
    struct timeval wall_start;
    uint64_t intervals_ended;
    uint64_t files_opened;
    uint64_t bytes_closed;
    uint64_t warnings_reported;
    uint64_t errors_reported;
    int finalizing;
    /* what this run opened for writing, and its inputs (outputs.c) */
    corsaro__keyset_t written_names;
    corsaro__keyset_t written_files;
    corsaro__input_t *inputs;
    int input_cnt;

    int failed;
    char err[CORSARO__ERR_LEN];
};

/* Calls @p call for the instance with `current` set; see corsaro.c. */
#define CORSARO__CALL(corsaro, inst, call)                                  \
    ((corsaro)->current = (inst), (call))

/* ---- interval clock (interval.c) ---- */
/* Moves the clock to the packet's time.
 * @return 0, 1 if a stop was requested in a jump (the packet is left out),
 *         or -1 on error */
int corsaro__interval_per_packet(corsaro_t *corsaro, const struct timeval *ts);
int corsaro__interval_start(corsaro_t *corsaro, uint16_t number, uint32_t time);
int corsaro__interval_end(corsaro_t *corsaro, uint32_t end_time);
int corsaro__interval_finalize(corsaro_t *corsaro);
/* The input being read (corsaro_set_input_name(), else the trace URI), and
 * the number in it of the packet in hand, for messages. */
const char *corsaro__input_name(corsaro_t *corsaro);
uint64_t corsaro__input_packet_number(corsaro_t *corsaro);

/* ---- typed tags (tags.c) ---- */
/* Refuses a run in which a plugin's tags_required are not provided by an
 * earlier plugin. @return 0, or -1 with the error set */
int corsaro__tags_check_providers(corsaro_t *corsaro);
/* Clears the tags before a packet or a re-processed tuple. */
static inline void corsaro__tags_reset(corsaro_tags_t *tags)
{
    tags->providers_ran = 0;
    tags->providers_found = 0;
}

/* ---- template (template.c) ---- */
int corsaro__template_expand(const char *template_, const char *plugin,
                             const char *monitor, uint32_t time, int compressed,
                             char *buf, size_t len);
corsaro_file_compress_t corsaro__template_compress(const char *template_);
int corsaro__template_has_time(const char *template_);
int corsaro__template_validate(const char *template_, char *why, size_t len);

/* ---- global file (global.c) ---- */
int corsaro__global_write_header(corsaro_t *corsaro, corsaro_file_t *file);
int corsaro__global_write_trailer(corsaro_t *corsaro, corsaro_file_t *file);
int corsaro__global_open(corsaro_t *corsaro);
int corsaro__global_close(corsaro_t *corsaro);
/* After a meta rotation: the next global file counts libtrace's accepted
 * and dropped packets from here (its own intervals' packets). */
void corsaro__global_rebase_counts(corsaro_t *corsaro);

/* ---- meta files and rotation (meta.c) ---- */
int corsaro__log_open(corsaro_t *corsaro, uint32_t time);
int corsaro__log_close(corsaro_t *corsaro);
/* Keeps a log line until the log file opens; @p file_only lines never go
 * to stderr. @return 0, or -1 if full */
int corsaro__log_hold(corsaro_t *corsaro, const char *line, size_t len,
                      int file_only);
/* Writes the held lines meant for stderr there (the log never opened). */
void corsaro__log_release(corsaro_t *corsaro);
/* Closes the log at a meta rotation, except in the run's final interval
 * end: the summary still goes into it. */
int corsaro__log_rotate(corsaro_t *corsaro);
/* Log records of every output file (io_records.c, file_out.c). @p bytes
 * is the size on disk, or -1 if unknown. */
void corsaro__log_file_opened(corsaro_t *corsaro, const char *name);
void corsaro__log_file_closed(corsaro_t *corsaro, const char *name,
                              long long bytes, int failed);
int corsaro__is_meta_rotate_interval(corsaro_t *corsaro);

/* ---- output files (file_out.c) ---- */
int corsaro__file_failed(corsaro_file_t *file, char *why, size_t len);
/* Opens a file of the run: refused (error set, errno EEXIST) when the run
 * already wrote it or it is an input; truncated only after the checks.
 * @return the file, or NULL with errno set */
corsaro_file_t *corsaro__file_open_output(corsaro_t *corsaro, const char *filename,
                                          corsaro_file_mode_t mode,
                                          corsaro_file_compress_t compress);

/* ---- the run's output names (outputs.c) ---- */
struct stat;
/* Before opening @p name: refused if the run wrote that name or that file,
 * or it is an input. @return 0, or -1 with the run's error set */
int corsaro__outputs_check_name(corsaro_t *corsaro, const char *name);
/* After opening @p name (not yet truncated) as the file @p st: checks it
 * again and remembers it. @return 0, or -1 with the run's error set */
int corsaro__outputs_claim(corsaro_t *corsaro, const char *name,
                           const struct stat *st);
/* What start-up can know: outputs with one name, rotated files the
 * template cannot tell apart, a time-free name that is an input.
 * @return 0, or -1 with the run's error set */
int corsaro__outputs_check_start(corsaro_t *corsaro);
void corsaro__outputs_free(corsaro_t *corsaro);

/* ---- Corsaro-In ---- */
struct corsaro_in_record {
    corsaro_in_t *corsaro;
    uint8_t *buffer;
    size_t buffer_len;
    corsaro_in_record_type_t type;
};

typedef enum corsaro__global_in_state {
    CORSARO__GIN_HEADER,
    CORSARO__GIN_INTERVAL_START,
    CORSARO__GIN_AFTER_INTERVAL_START, /* peek: DATA or INTR (end) */
    CORSARO__GIN_PLUGIN_DATA,
    CORSARO__GIN_PLUGIN_END,
    CORSARO__GIN_AFTER_INTERVAL_END, /* peek: INTR (start) or FOOT */
    CORSARO__GIN_TRAILER,
} corsaro__global_in_state_t;

struct corsaro_in {
    char *filename;
    corsaro__plugin_registry_t *registry;
    corsaro__pending_list_t pending;
    corsaro__instance_t *instances; /* every loaded plugin with Corsaro-In */
    int instance_cnt;
    corsaro__instance_t *reader;    /* NULL = the global reader */
    corsaro__instance_t *current;
    corsaro_file_in_t *file;
    int started;
    off_t record_offset;            /* where the record being read began */
    /* global reader */
    corsaro__global_in_state_t gstate;
    corsaro__instance_t *gplugin;   /* plugin whose data block is open */
    uint32_t gplugin_magic;
    int have_err;
    char err[CORSARO__ERR_LEN];
};

off_t corsaro__global_read_record(corsaro_in_t *corsaro,
                                  corsaro_in_record_type_t *type,
                                  corsaro_in_record_t *record);
int corsaro__global_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                                 corsaro_in_record_type_t type,
                                 corsaro_in_record_t *record);
/* The reader's plugin of @p magic, loading it (by the magic the ELF check
 * read from its file) if not loaded yet; NULL if none. */
corsaro__instance_t *corsaro__in_instance_by_magic(corsaro_in_t *corsaro,
                                                   uint32_t magic);
/* 1 if the file starts with a global header (EDGRHEAD). */
int corsaro__global_has_header(corsaro_file_in_t *file);
/* Makes sure the record buffer holds @p len bytes. @return 0 or -1 */
int corsaro__record_reserve(corsaro_in_t *corsaro, corsaro_in_record_t *record,
                            size_t len);
/* The last path component of @p path. */
const char *corsaro__basename(const char *path);

#endif /* CORSARO_INT_H */
