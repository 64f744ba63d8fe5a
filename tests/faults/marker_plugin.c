/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * A plugin whose constructor appends MARKER_NAME to the file named by
 * $CORSARO_TEST_MARKER: the loader tests check from that file which .so
 * files were mapped and ran code. Built as "marked" (a valid plugin),
 * "nosym" (MARKER_NO_SYMBOL: no corsaro_plugin, so never to be loaded)
 * and "global" (a valid plugin with a reserved name).
 */
#include <stdio.h>
#include <stdlib.h>

#include "corsaro/plugin.h"

#ifndef MARKER_NAME
#define MARKER_NAME "marked"
#endif

__attribute__((constructor)) static void marker_ran(void)
{
    const char *path = getenv("CORSARO_TEST_MARKER");
    FILE *f = path != NULL ? fopen(path, "a") : NULL;
    if (f != NULL) {
        fputs(MARKER_NAME "\n", f);
        fclose(f);
    }
}

static int init_out(corsaro_t *c) { (void)c; return 0; }
static int close_out(corsaro_t *c) { (void)c; return 0; }
static int start_iv(corsaro_t *c, corsaro_interval_t *i) { (void)c; (void)i; return 0; }
static int end_iv(corsaro_t *c, corsaro_interval_t *i) { (void)c; (void)i; return 0; }
static int packet(corsaro_t *c, corsaro_packet_t *p) { (void)c; (void)p; return 0; }

static const corsaro_plugin_t marker_desc = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = MARKER_NAME,
    .version = "1.0.0",
    .description = "writes a marker when loaded (tests only)",
    .magic = CORSARO_PLUGIN_MAGIC('M', 'A', 'R', 'K'),
    .init_output = init_out,
    .close_output = close_out,
    .start_interval = start_iv,
    .end_interval = end_iv,
    .process_packet = packet,
};

#if defined(MARKER_NO_SYMBOL)
/* the descriptor under another name: not a plugin */
CORSARO_API const corsaro_plugin_t *marker_not_exported = &marker_desc;
#else
CORSARO_PLUGIN_EXPORT(marker_desc);
#endif
