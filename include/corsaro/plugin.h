/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file plugin.h
 * @brief The plugin ABI: the descriptor every plugin `.so` exports.
 *
 * A plugin exports one data symbol, `corsaro_plugin`, a const
 * `struct corsaro_plugin`. Before loading, the host checks from the ELF
 * file that this symbol is a defined, global data object; then it loads
 * the `.so` with libltdl (NAME.so first for `-p NAME`: name the file after
 * the plugin), reads the fixed part (ABI version, size, name) and refuses
 * the file with a message when it does not fit. Names `global` and `log`
 * are reserved. Write it like this:
 *
 * @code
 * CORSARO_PLUGIN_GENERATE_PROTOS(corsaro_example)
 *
 * static const corsaro_plugin_t corsaro_example_plugin = {
 *     CORSARO_PLUGIN_ABI_HEADER,
 *     .name = "example",
 *     .version = "1.0.0",
 *     .magic = CORSARO_PLUGIN_MAGIC('E', 'X', 'M', 'P'),
 *     CORSARO_PLUGIN_GENERATE_PTRS(corsaro_example),
 * };
 * CORSARO_PLUGIN_EXPORT(corsaro_example_plugin);
 * @endcode
 *
 * Call order on output: init_output once (parse argv here), then for each
 * interval start_interval, process_packet (or the flowtuple hooks when
 * re-processing) for each packet, end_interval; close_output once at the
 * end, also after an error. On input: probe_filename / probe_magic to pick
 * the plugin, init_input, read_record until it returns 0, close_input.
 *
 * ABI rules: adding a field at the end of the struct raises the minor;
 * anything else (moving, removing, changing a signature) raises the major.
 * The host accepts plugins of an older minor and treats fields past their
 * struct_size as NULL.
 */
#ifndef CORSARO_PLUGIN_H
#define CORSARO_PLUGIN_H

#include <stdint.h>
#include <sys/types.h>

#include "corsaro/flowtuple.h"
#include "corsaro/packet.h"
#include "corsaro/tags.h"
#include "corsaro/types.h"

#ifdef __cplusplus
extern "C" {
#endif

/** ABI major: a plugin built for another major is refused. */
#define CORSARO_PLUGIN_ABI_MAJOR 1
/** ABI minor: a plugin built for a newer minor than the host is refused.
 * 1.0: everything up to process_flowtuple_class_end.
 * 1.1: print_record.
 * 1.2: typed tags (tags.h): tags_provided and tags_required. */
#define CORSARO_PLUGIN_ABI_MINOR 2

/** Builds a magic number from four characters, e.g. ('E','D','O','S'). */
#define CORSARO_PLUGIN_MAGIC(a, b, c, d)                                    \
    (((uint32_t)(uint8_t)(a) << 24) | ((uint32_t)(uint8_t)(b) << 16) |      \
     ((uint32_t)(uint8_t)(c) << 8) | (uint32_t)(uint8_t)(d))

/** The plugin descriptor. The first five fields never move. */
struct corsaro_plugin {
    /* ---- fixed part: never moves ---- */
    uint32_t abi_major;   /**< CORSARO_PLUGIN_ABI_MAJOR at build time */
    uint32_t abi_minor;   /**< CORSARO_PLUGIN_ABI_MINOR at build time */
    uint32_t struct_size; /**< sizeof(struct corsaro_plugin) at build time */
    const char *name;     /**< unique, [a-z0-9_]+, not global/log; %P, -p */
    const char *version;  /**< the plugin's own version */

    /* ---- ABI 1.0 ---- */
    const char *description; /**< one line for --list-plugins */
    const char *license;     /**< e.g. "GPL-3.0-or-later" */
    uint32_t id;             /**< v2's plugin id for shipped plugins, else 0 */
    uint32_t magic;          /**< identifies the plugin's files; 0 = none */
    uint32_t magic_alt;      /**< a second magic its files may carry, or 0 */
    /** NULL-terminated names of plugins that must run before this one,
     *  or NULL. The host refuses a run that breaks this. */
    const char *const *requires_plugins;

    /* Corsaro-In: optional as a group (all of init_input, close_input and
     * read_record, plus at least one probe), for plugins whose files can
     * be read back. */
    /** @return 1 if a file of this name is this plugin's, else 0 */
    int (*probe_filename)(const char *fname);
    /** @return 1 if the file's first bytes are this plugin's, else 0 */
    int (*probe_magic)(corsaro_in_t *corsaro, corsaro_file_in_t *file);
    /** Prepares to read; @return 0 or -1 */
    int (*init_input)(corsaro_in_t *corsaro);
    /** Prepares to write; argv is available; @return 0 or -1 */
    int (*init_output)(corsaro_t *corsaro);
    /** Frees input state; @return 0 or -1 */
    int (*close_input)(corsaro_in_t *corsaro);
    /** Closes files and frees output state; @return 0 or -1 */
    int (*close_output)(corsaro_t *corsaro);
    /** Reads the next record into @p record and sets @p record_type.
     * @return bytes read, 0 at the clean end of the file, -1 on error
     * (after corsaro_in_set_error) */
    off_t (*read_record)(corsaro_in_t *corsaro,
                         corsaro_in_record_type_t *record_type,
                         corsaro_in_record_t *record);
    /** Reads this plugin's block in a global file; same returns. */
    off_t (*read_global_data_record)(corsaro_in_t *corsaro,
                                     corsaro_in_record_type_t *record_type,
                                     corsaro_in_record_t *record);
    /** An interval starts; open files here. @return 0 or -1 */
    int (*start_interval)(corsaro_t *corsaro, corsaro_interval_t *int_start);
    /** An interval ends; write its data here. @return 0 or -1 */
    int (*end_interval)(corsaro_t *corsaro, corsaro_interval_t *int_end);
    /** One packet. @return 0 or -1 */
    int (*process_packet)(corsaro_t *corsaro, corsaro_packet_t *packet);
    /** Re-processing: one tuple from a flowtuple file. @return 0 or -1 */
    int (*process_flowtuple)(corsaro_t *corsaro, corsaro_flowtuple_t *flowtuple,
                             corsaro_packet_state_t *state);
    /** Re-processing: a class starts. @return 0 or -1 */
    int (*process_flowtuple_class_start)(corsaro_t *corsaro,
                                         corsaro_flowtuple_class_start_t *cls);
    /** Re-processing: a class ends. @return 0 or -1 */
    int (*process_flowtuple_class_end)(corsaro_t *corsaro,
                                       corsaro_flowtuple_class_end_t *cls);

    /* ---- ABI 1.1 ---- */
    /** Prints a record this plugin read as text (cors2ascii). Optional.
     * @return 0 or -1 */
    int (*print_record)(corsaro_in_t *corsaro, corsaro_file_t *out,
                        corsaro_in_record_type_t record_type,
                        corsaro_in_record_t *record);

    /* ---- ABI 1.2 ---- */
    /** CORSARO_TAG_PROVIDER_* bits this plugin computes (tags.h); the host
     *  marks them as run once the plugin has seen a packet. 0 = none. */
    uint32_t tags_provided;
    /** CORSARO_TAG_PROVIDER_* bits this plugin reads; the host refuses a
     *  run in which no earlier plugin provides one of them. 0 = none. */
    uint32_t tags_required;
};

/** Fills the fixed ABI fields of a descriptor initializer. */
#define CORSARO_PLUGIN_ABI_HEADER                                           \
    .abi_major = CORSARO_PLUGIN_ABI_MAJOR,                                  \
    .abi_minor = CORSARO_PLUGIN_ABI_MINOR,                                  \
    .struct_size = (uint32_t)sizeof(struct corsaro_plugin)

/** Declares the callbacks of plugin @p plugin (e.g. corsaro_example). */
#define CORSARO_PLUGIN_GENERATE_PROTOS(plugin)                              \
    static int plugin##_probe_filename(const char *fname);                  \
    static int plugin##_probe_magic(corsaro_in_t *corsaro,                  \
                                    corsaro_file_in_t *file);               \
    static int plugin##_init_input(corsaro_in_t *corsaro);                  \
    static int plugin##_init_output(corsaro_t *corsaro);                    \
    static int plugin##_close_input(corsaro_in_t *corsaro);                 \
    static int plugin##_close_output(corsaro_t *corsaro);                   \
    static off_t plugin##_read_record(corsaro_in_t *corsaro,                \
                                      corsaro_in_record_type_t *type,       \
                                      corsaro_in_record_t *record);         \
    static off_t plugin##_read_global_data_record(                          \
        corsaro_in_t *corsaro, corsaro_in_record_type_t *type,              \
        corsaro_in_record_t *record);                                       \
    static int plugin##_start_interval(corsaro_t *corsaro,                  \
                                       corsaro_interval_t *int_start);      \
    static int plugin##_end_interval(corsaro_t *corsaro,                    \
                                     corsaro_interval_t *int_end);          \
    static int plugin##_process_packet(corsaro_t *corsaro,                  \
                                       corsaro_packet_t *packet);

/** Declares the output-only callbacks of plugin @p plugin. */
#define CORSARO_PLUGIN_GENERATE_PROTOS_OUT(plugin)                          \
    static int plugin##_init_output(corsaro_t *corsaro);                    \
    static int plugin##_close_output(corsaro_t *corsaro);                   \
    static int plugin##_start_interval(corsaro_t *corsaro,                  \
                                       corsaro_interval_t *int_start);      \
    static int plugin##_end_interval(corsaro_t *corsaro,                    \
                                     corsaro_interval_t *int_end);          \
    static int plugin##_process_packet(corsaro_t *corsaro,                  \
                                       corsaro_packet_t *packet);

/** Declares the flowtuple re-processing hooks of plugin @p plugin. */
#define CORSARO_PLUGIN_GENERATE_PROTOS_FT(plugin)                           \
    static int plugin##_process_flowtuple(corsaro_t *corsaro,               \
                                          corsaro_flowtuple_t *flowtuple,   \
                                          corsaro_packet_state_t *state);   \
    static int plugin##_process_flowtuple_class_start(                      \
        corsaro_t *corsaro, corsaro_flowtuple_class_start_t *cls);          \
    static int plugin##_process_flowtuple_class_end(                        \
        corsaro_t *corsaro, corsaro_flowtuple_class_end_t *cls);

/** Points the output callbacks at plugin##_init_output and friends. */
#define CORSARO_PLUGIN_GENERATE_PTRS_OUT(plugin)                            \
    .init_output = plugin##_init_output,                                    \
    .close_output = plugin##_close_output,                                  \
    .start_interval = plugin##_start_interval,                              \
    .end_interval = plugin##_end_interval,                                  \
    .process_packet = plugin##_process_packet

/** Points every callback declared by CORSARO_PLUGIN_GENERATE_PROTOS. */
#define CORSARO_PLUGIN_GENERATE_PTRS(plugin)                                \
    .probe_filename = plugin##_probe_filename,                              \
    .probe_magic = plugin##_probe_magic,                                    \
    .init_input = plugin##_init_input,                                      \
    .close_input = plugin##_close_input,                                    \
    .read_record = plugin##_read_record,                                    \
    .read_global_data_record = plugin##_read_global_data_record,            \
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(plugin)

/** Points the flowtuple re-processing hooks. */
#define CORSARO_PLUGIN_GENERATE_PTRS_FT(plugin)                             \
    .process_flowtuple = plugin##_process_flowtuple,                        \
    .process_flowtuple_class_start = plugin##_process_flowtuple_class_start,\
    .process_flowtuple_class_end = plugin##_process_flowtuple_class_end

/** Exports descriptor @p var (defined in the same file) as the
 * `corsaro_plugin` symbol the host looks up. */
#if defined(__cplusplus)
#define CORSARO_PLUGIN_EXPORT(var)                                          \
    extern "C" CORSARO_API const corsaro_plugin_t corsaro_plugin            \
        __attribute__((alias(#var)))
#else
#define CORSARO_PLUGIN_EXPORT(var)                                          \
    extern CORSARO_API const corsaro_plugin_t corsaro_plugin                \
        __attribute__((alias(#var)))
#endif

/** The name of the symbol the host looks up. */
#define CORSARO_PLUGIN_SYMBOL "corsaro_plugin"

/* ---- what the host offers a running plugin ---- */

/** Stores this plugin's output state; fetch it with corsaro_plugin_state().
 * @param corsaro the output context passed to the callback
 * @param state memory from malloc, freed by corsaro_plugin_free_state() */
CORSARO_API void corsaro_plugin_register_state(corsaro_t *corsaro, void *state);
/** This plugin's output state, or NULL. O(1): call it per packet. */
CORSARO_API void *corsaro_plugin_state(corsaro_t *corsaro);
/** Frees (free()) and forgets this plugin's output state. */
CORSARO_API void corsaro_plugin_free_state(corsaro_t *corsaro);

/** Input-side twin of corsaro_plugin_register_state(). */
CORSARO_API void corsaro_in_plugin_register_state(corsaro_in_t *corsaro,
                                                  void *state);
/** Input-side twin of corsaro_plugin_state(). */
CORSARO_API void *corsaro_in_plugin_state(corsaro_in_t *corsaro);
/** Input-side twin of corsaro_plugin_free_state(). */
CORSARO_API void corsaro_in_plugin_free_state(corsaro_in_t *corsaro);

/** The descriptor of the plugin whose callback is running. */
CORSARO_API const corsaro_plugin_t *corsaro_plugin_current(corsaro_t *corsaro);

/** This plugin's arguments from `-p "name args"`, split as v2 did.
 * argv[0] is the plugin name; parse with getopt after setting optind = 1.
 * @param[out] argv set to the argument vector (owned by the host)
 * @return argc */
CORSARO_API int corsaro_plugin_args(corsaro_t *corsaro, char ***argv);

/** Chooses which of the plugin's two magics this run records in the
 * global file's header (flowtuple: SIXU or SIXT). Call from init_output.
 * @return 0, or -1 if @p magic is neither of the descriptor's magics */
CORSARO_API int corsaro_plugin_set_output_magic(corsaro_t *corsaro,
                                                uint32_t magic);

/* v2's helper macros, for code ported from v2 plugins. */
/** The running plugin's state, cast to @p type. */
#define CORSARO_PLUGIN_STATE(corsaro, type) ((type *)corsaro_plugin_state(corsaro))
/** The running plugin's input state, cast to @p type. */
#define CORSARO_IN_PLUGIN_STATE(corsaro, type)                              \
    ((type *)corsaro_in_plugin_state(corsaro))
/** The running plugin's descriptor. */
#define CORSARO_PLUGIN_PLUGIN(corsaro) (corsaro_plugin_current(corsaro))

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_PLUGIN_H */
