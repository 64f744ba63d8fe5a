/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* "unbound": a plugin that calls a function nothing defines, linked
 * without -z defs and -z now, as a careless third party might build it.
 * Lazily bound it would load, then kill the run at its first packet; the
 * loader must refuse it at load, naming the symbol. */
#include "corsaro/corsaro.h"

/* defined nowhere */
extern int corsaro_test_missing_function(int x);

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(unbound)

static const corsaro_plugin_t unbound_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "unbound",
    .version = "1.0.0",
    .description = "calls a missing function (tests only)",
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(unbound),
};
CORSARO_PLUGIN_EXPORT(unbound_plugin);

static int unbound_init_output(corsaro_t *corsaro) { (void)corsaro; return 0; }
static int unbound_close_output(corsaro_t *corsaro) { (void)corsaro; return 0; }
static int unbound_start_interval(corsaro_t *corsaro, corsaro_interval_t *i)
{
    (void)corsaro;
    (void)i;
    return 0;
}
static int unbound_end_interval(corsaro_t *corsaro, corsaro_interval_t *i)
{
    (void)corsaro;
    (void)i;
    return 0;
}
static int unbound_process_packet(corsaro_t *corsaro, corsaro_packet_t *packet)
{
    (void)corsaro;
    (void)packet;
    return corsaro_test_missing_function(1);
}
