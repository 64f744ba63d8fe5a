/*
 * pktcount: the smallest useful Corsaro plugin, built with a plain
 * Makefile and pkg-config. GPL-3.0-or-later.
 */
/*
 * Counts, per interval, the packets it sees and the packets an earlier
 * filter plugin flagged IGNORE, and writes one text line per interval to
 * its file (%P = pktcount), whatever the run's -m mode:
 *
 *   INTERVAL_NUMBER INTERVAL_START PACKETS IGNORED
 *
 * It writes nothing cors2ascii needs to read back, so it has no Corsaro-In
 * callbacks and no magic.
 */
#include <inttypes.h>
#include <stdlib.h>

#include <corsaro/corsaro.h>

typedef struct pktcount_state {
    corsaro_file_t *file;
    uint64_t packets, ignored;
} pktcount_state_t;

#define STATE(corsaro) CORSARO_PLUGIN_STATE(corsaro, pktcount_state_t)

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(pktcount)

static const corsaro_plugin_t pktcount_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "pktcount",
    .version = "1.0.0",
    .description = "counts packets and ignored packets per interval",
    .license = "GPL-3.0-or-later",
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(pktcount),
};
CORSARO_PLUGIN_EXPORT(pktcount_plugin);

static int pktcount_init_output(corsaro_t *corsaro)
{
    char **argv;
    if (corsaro_plugin_args(corsaro, &argv) > 1) {
        corsaro_set_error(corsaro, "pktcount: unknown option '%s' (this plugin "
                                   "takes no options)",
                          argv[1]);
        return -1;
    }
    pktcount_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL)
        return -1;
    corsaro_plugin_register_state(corsaro, s);
    return 0;
}

static int pktcount_close_output(corsaro_t *corsaro)
{
    pktcount_state_t *s = STATE(corsaro);
    int rc = 0;
    if (s != NULL && s->file != NULL)
        rc = corsaro_file_close(corsaro, s->file);
    corsaro_plugin_free_state(corsaro);
    return rc;
}

static int pktcount_start_interval(corsaro_t *corsaro, corsaro_interval_t *start)
{
    pktcount_state_t *s = STATE(corsaro);
    s->packets = s->ignored = 0;
    if (s->file == NULL) /* text even in binary runs: nothing reads it back */
        s->file = corsaro_io_prepare_file_full(corsaro, "pktcount", start,
                                               CORSARO_FILE_MODE_ASCII,
                                               corsaro_get_compress(corsaro));
    return s->file != NULL ? 0 : -1;
}

static int pktcount_end_interval(corsaro_t *corsaro, corsaro_interval_t *end)
{
    pktcount_state_t *s = STATE(corsaro);
    const corsaro_interval_t *start = corsaro_get_interval_start(corsaro);
    if (corsaro_file_printf(corsaro, s->file,
                            "%u %" PRIu32 " %" PRIu64 " %" PRIu64 "\n",
                            end->number, start->time, s->packets, s->ignored) < 0)
        return -1;
    if (corsaro_is_rotate_interval(corsaro)) {
        int rc = corsaro_file_close(corsaro, s->file);
        s->file = NULL;
        return rc;
    }
    return 0;
}

static int pktcount_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    pktcount_state_t *s = STATE(corsaro);
    s->packets++;
    if (packet->state.flags & CORSARO_PACKET_STATE_FLAG_IGNORE)
        s->ignored++;
    return 0;
}
