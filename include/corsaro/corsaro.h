/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file corsaro.h
 * @brief The whole SDK, and the run API (Corsaro-Out) programs use.
 *
 * A plugin includes this header. A program that drives a run does:
 *
 * @code
 * corsaro_t *c = corsaro_alloc_output("out/%N.%s.%P.cors.gz", CORSARO_FILE_MODE_BINARY);
 * corsaro_enable_plugin(c, "flowtuple", NULL);
 * corsaro_start_output(c);            // loads plugins, calls init_output
 * ... corsaro_per_packet(c, packet) for each libtrace packet ...
 * corsaro_finalize_output(c);         // ends the last interval, closes files
 * @endcode
 */
#ifndef CORSARO_CORSARO_H
#define CORSARO_CORSARO_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "corsaro/flowtuple.h"
#include "corsaro/in.h"
#include "corsaro/io.h"
#include "corsaro/packet.h"
#include "corsaro/plugin.h"
#include "corsaro/tags.h"
#include "corsaro/types.h"

#ifdef __cplusplus
extern "C" {
#endif

struct libtrace_packet_t;
struct libtrace_t;

/** Corsaro's version. */
#define CORSARO_VERSION_MAJOR 3
#define CORSARO_VERSION_MINOR 0
#define CORSARO_VERSION_PATCH 0
#define CORSARO_VERSION_STRING "3.0.0"

/** The file-format version written in global headers (v2's 2.0). */
#define CORSARO_FORMAT_VERSION_MAJOR 2
#define CORSARO_FORMAT_VERSION_MINOR 0

/** Default interval length in seconds. */
#define CORSARO_INTERVAL_DEFAULT 60

/** Writes a log line `[HH:MM:SS:mmm] func: message` to the run's log file,
 * or to stderr before it exists. @p corsaro may be NULL (stderr). */
CORSARO_API void corsaro_log(const char *func, corsaro_t *corsaro,
                             const char *format, ...) CORSARO_PRINTF(3, 4);
/** Writes the log line to the run's log file only, never to stderr: what
 * the log should record but a terminal need not show. Held until the log
 * opens; dropped if the run has no log file (-L). */
CORSARO_API void corsaro_log_record(const char *func, corsaro_t *corsaro,
                                    const char *format, ...) CORSARO_PRINTF(3, 4);
/** Prints `corsaro: message` on stderr and writes the same message as a
 * log line to the run's log file (if it has one): for warnings and errors
 * the user must see and the log must keep. @p corsaro may be NULL. */
CORSARO_API void corsaro_log_report(const char *func, corsaro_t *corsaro,
                                    const char *format, ...) CORSARO_PRINTF(3, 4);
/** Input-side twin of corsaro_log() (always stderr). */
CORSARO_API void corsaro_log_in(const char *func, corsaro_in_t *corsaro,
                                const char *format, ...) CORSARO_PRINTF(3, 4);

/** Records an error for the run: it stops with a non-zero exit. Plugins
 * call it before returning -1 so the message names what failed. */
CORSARO_API void corsaro_set_error(corsaro_t *corsaro, const char *format, ...)
    CORSARO_PRINTF(2, 3);
/** The run's last error, or "" if none. */
CORSARO_API const char *corsaro_error(corsaro_t *corsaro);

/** calloc() that the v2 tutorial calls malloc_zero(). */
CORSARO_API void *corsaro_malloc_zero(size_t size);
#ifndef malloc_zero
#define malloc_zero(size) corsaro_malloc_zero(size)
#endif

/* ---- the run ---- */

/** Creates a run writing to files named from @p template (must hold %P). */
CORSARO_API corsaro_t *corsaro_alloc_output(const char *template_,
                                            corsaro_file_mode_t mode);
/** Sets the monitor name (%N). Default: this host's name. */
CORSARO_API int corsaro_set_monitorname(corsaro_t *corsaro, const char *name);
/** The monitor name. */
CORSARO_API const char *corsaro_get_monitorname(corsaro_t *corsaro);
/** Sets the interval length: > 0 seconds, or < 0 for one interval per run.
 * @return 0, or -1 for 0 */
CORSARO_API int corsaro_set_interval(corsaro_t *corsaro, int seconds);
/** The interval length. */
CORSARO_API int corsaro_get_interval(corsaro_t *corsaro);
/** Limits how far packet time may jump forward: a packet that would need
 * more than @p max empty intervals between the latest one and itself stops
 * the run with an error naming both times (--max-empty-intervals), before
 * any of them is written. Such jumps are corrupt times, not traffic.
 * @param corsaro the run
 * @param max the most empty intervals one jump may write (0 = none); a
 *        negative value restores the default, one day's worth
 *        (86400 / interval length, at least 1) */
CORSARO_API void corsaro_set_max_empty_intervals(corsaro_t *corsaro,
                                                 int64_t max);
/** Names the input about to be read (a trace URI or file name) for error
 * messages, and numbers its packets from 1 again.
 * @param corsaro the run
 * @param name the input's name (copied)
 * @return 0, or -1 if out of memory */
CORSARO_API int corsaro_set_input_name(corsaro_t *corsaro, const char *name);
/** Asks the run to stop soon; async-signal-safe, so a SIGINT/SIGTERM
 * handler may call it. A jump in packet time stops writing empty intervals
 * (the packet in hand is left out and corsaro_per_packet() returns 0), and
 * corsaro_per_flowtuple_file() returns 0 after the record in hand. The
 * caller then stops giving packets and calls corsaro_finalize_output(),
 * which ends and writes the open interval as after any stop.
 * @param corsaro the run (NULL is ignored)
 * @return nothing */
CORSARO_API void corsaro_request_stop(corsaro_t *corsaro);
/** Aligns the end of the first interval to a multiple of the length (-a). */
CORSARO_API void corsaro_set_interval_alignment(corsaro_t *corsaro, int align);
/** Rotates plugin files every @p intervals intervals (-r). */
CORSARO_API void corsaro_set_output_rotation(corsaro_t *corsaro, int intervals);
/** Rotates global and log files every @p intervals (-R); -1 follows -r. */
CORSARO_API void corsaro_set_meta_output_rotation(corsaro_t *corsaro,
                                                  int intervals);
/** Sets the trace URI recorded in the global header. */
CORSARO_API int corsaro_set_traceuri(corsaro_t *corsaro, const char *uri);
/** Names an input of the run (a trace URI or file, "-" for standard input)
 * before corsaro_start_output(), so that no output file may be it: such an
 * output is refused before it is opened. A URI that is no file (a live
 * interface) is ignored. @return 0, or -1 if out of memory */
CORSARO_API int corsaro_add_input(corsaro_t *corsaro, const char *uri);
/** Gives the run the libtrace trace being read, for its statistics. */
CORSARO_API void corsaro_set_trace(corsaro_t *corsaro, struct libtrace_t *trace);
/** Turns off the global file (-G). */
CORSARO_API void corsaro_disable_globalfile(corsaro_t *corsaro);
/** Turns off the log file; logs go to stderr (-L). */
CORSARO_API void corsaro_disable_logfile(corsaro_t *corsaro);
/** The output mode (-m). */
CORSARO_API corsaro_file_mode_t corsaro_get_output_mode(corsaro_t *corsaro);
/** The compression chosen from the template. */
CORSARO_API corsaro_file_compress_t corsaro_get_compress(corsaro_t *corsaro);
/** The current interval's start record. */
CORSARO_API const corsaro_interval_t *corsaro_get_interval_start(corsaro_t *corsaro);
/** Adds plugin directories (colon-separated) searched before
 * CORSARO_PLUGIN_PATH and the installed directory. */
CORSARO_API int corsaro_add_plugin_path(corsaro_t *corsaro, const char *dirs);
/** Allows plugin files that other users could change (unsafe). */
CORSARO_API void corsaro_set_plugin_trust_all(corsaro_t *corsaro, int trust);
/** Enables plugin @p name with the option string @p args (may be NULL), in
 * run order. A plugin can be enabled once: its options go in one string.
 * @return 0, or -1 (corsaro_error() says why) if it is already enabled or
 * memory ran out */
CORSARO_API int corsaro_enable_plugin(corsaro_t *corsaro, const char *name,
                                      const char *args);
/** Loads the plugins and calls their init_output.
 * @return 0, or -1 with corsaro_error() saying why */
CORSARO_API int corsaro_start_output(corsaro_t *corsaro);
/** Processes one packet. @return 0, or -1 (the run must stop) */
CORSARO_API int corsaro_per_packet(corsaro_t *corsaro,
                                   struct libtrace_packet_t *packet);
/** Re-processes a flowtuple file (SPEC 2.5): its intervals and tuples go
 * to the plugins. @p legacy is -l. @return 0 or -1 */
CORSARO_API int corsaro_per_flowtuple_file(corsaro_t *corsaro,
                                           const char *filename, int legacy);
/** Ends the last interval, writes the trailer and closes every file (the
 * plugins' close_output included). Safe after any error; call it once.
 * @return 0, or -1 if anything failed (see corsaro_error()) */
CORSARO_API int corsaro_finalize_output(corsaro_t *corsaro);
/** Frees the run (after corsaro_finalize_output()). */
CORSARO_API void corsaro_free(corsaro_t *corsaro);
/** Prints the plugins found on the search path, where each was found, and
 * every refused file with the reason (corsaro --list-plugins).
 * @return 0 or -1 */
CORSARO_API int corsaro_print_plugin_list(corsaro_t *corsaro, FILE *out);
/** Packets processed so far. */
CORSARO_API uint64_t corsaro_get_packet_count(corsaro_t *corsaro);

/** Tells whether @p filename is a flowtuple file: by content (a pcap,
 * plain or compressed, is not one whatever its name), then, when the
 * content does not tell, by its last path component. */
CORSARO_API int corsaro_is_flowtuple_file(const char *filename);

#ifdef __cplusplus
}
#endif

#endif /* CORSARO_CORSARO_H */
