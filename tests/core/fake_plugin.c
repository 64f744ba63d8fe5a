#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_plugin.h"

fake_log_t fake_log;

static void record(const char *fmt, unsigned a, unsigned b)
{
    if (fake_log.cnt < FAKE_MAX_EVENTS)
        snprintf(fake_log.events[fake_log.cnt++], 48, fmt, a, b);
}

static int fake_init_output(corsaro_t *c) { (void)c; record("init", 0, 0); return 0; }
static int fake_close_output(corsaro_t *c) { (void)c; record("close", 0, 0); return 0; }
static int fake_start(corsaro_t *c, corsaro_interval_t *iv)
{
    (void)c;
    record("start %u@%u", iv->number, iv->time);
    return 0;
}
static int fake_end(corsaro_t *c, corsaro_interval_t *iv)
{
    record("end %u@%u", iv->number, iv->time);
    corsaro_file_t *g = corsaro_global_file(c);
    if (fake_log.write_global_block && g != NULL) {
        uint8_t payload[4] = {0xde, 0xad, 0xbe, 0xef};
        if (corsaro_io_write_plugin_start(c, g) != 0 ||
            corsaro_file_write(c, g, payload, 4) != 4 ||
            corsaro_io_write_plugin_end(c, g) != 0)
            return -1;
    }
    return 0;
}
static int fake_packet(corsaro_t *c, corsaro_packet_t *p)
{
    (void)c;
    (void)p;
    record("pkt", 0, 0);
    return 0;
}

static const corsaro_plugin_t fake_desc = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "fake",
    .version = "0",
    .magic = FAKE_MAGIC,
    .init_output = fake_init_output,
    .close_output = fake_close_output,
    .start_interval = fake_start,
    .end_interval = fake_end,
    .process_packet = fake_packet,
};

void fake_attach(corsaro_t *corsaro)
{
    corsaro->instances = calloc(1, sizeof(corsaro__instance_t));
    corsaro->instances[0].desc = &fake_desc;
    corsaro->instances[0].output_magic = FAKE_MAGIC;
    corsaro->instances[0].initialised = 1;
    corsaro->instance_cnt = 1;
    memset(&fake_log, 0, sizeof(fake_log));
}

const char *fake_events(void)
{
    static char all[FAKE_MAX_EVENTS * 50];
    size_t pos = 0;
    all[0] = '\0';
    for (int i = 0; i < fake_log.cnt; i++)
        pos += (size_t)snprintf(all + pos, sizeof(all) - pos, "%s%s",
                                i ? ", " : "", fake_log.events[i]);
    return all;
}
