/* An in-process plugin for core tests: it records the calls it gets. */
#ifndef FAKE_PLUGIN_H
#define FAKE_PLUGIN_H

#include "corsaro_int.h"

#define FAKE_MAX_EVENTS 128
#define FAKE_MAGIC CORSARO_PLUGIN_MAGIC('F', 'A', 'K', 'E')

typedef struct fake_log {
    char events[FAKE_MAX_EVENTS][48]; /* "start 0@1000", "end 0@1059", "pkt" */
    int cnt;
    int write_global_block; /* end_interval writes a 4-byte block */
} fake_log_t;

extern fake_log_t fake_log;

/* Makes the fake plugin the run's only plugin, bypassing the loader. */
void fake_attach(corsaro_t *corsaro);
/* Events joined by ", ". */
const char *fake_events(void);

#endif
