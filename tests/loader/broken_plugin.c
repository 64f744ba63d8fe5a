/* One source, many deliberately broken plugins: the test build compiles it
 * with one BROKEN_* define per .so, and test_loader checks each refusal. */
#include <stddef.h>
#include <stdint.h>

#include "corsaro/plugin.h"

static int init_out(corsaro_t *c) { (void)c; return 0; }
static int close_out(corsaro_t *c) { (void)c; return 0; }
static int start_iv(corsaro_t *c, corsaro_interval_t *i) { (void)c; (void)i; return 0; }
static int end_iv(corsaro_t *c, corsaro_interval_t *i) { (void)c; (void)i; return 0; }
static int packet(corsaro_t *c, corsaro_packet_t *p) { (void)c; (void)p; return 0; }
static off_t read_rec(corsaro_in_t *c, corsaro_in_record_type_t *t, corsaro_in_record_t *r)
{
    (void)c; (void)t; (void)r;
    return 0;
}

#ifndef PLUGIN_NAME
#define PLUGIN_NAME "good"
#endif
#ifndef PLUGIN_MAGIC
#define PLUGIN_MAGIC CORSARO_PLUGIN_MAGIC('T', 'E', 'S', 'T')
#endif

#if defined(BROKEN_SHORT)
/* only 8 bytes, exported as they are: less than the fixed part */
CORSARO_API const struct { uint32_t major, minor; } corsaro_plugin = {
    CORSARO_PLUGIN_ABI_MAJOR, 0};
#define desc corsaro_plugin
#else
static const corsaro_plugin_t desc = {
    .abi_major = CORSARO_PLUGIN_ABI_MAJOR,
#if defined(BROKEN_OLD_MINOR)
    /* as built by the 1.0 SDK: the descriptor ends before print_record */
    .abi_minor = 0,
    .struct_size = offsetof(corsaro_plugin_t, print_record),
#else
    .abi_minor = CORSARO_PLUGIN_ABI_MINOR,
    .struct_size = sizeof(corsaro_plugin_t),
#endif
    .name = PLUGIN_NAME,
    .version = "1.2.3",
    .magic = PLUGIN_MAGIC,
    .init_output = init_out,
    .close_output = close_out,
    .start_interval = start_iv,
    .end_interval = end_iv,
#if !defined(BROKEN_NULL_CALLBACK)
    .process_packet = packet,
#endif
#if defined(BROKEN_PARTIAL_INPUT)
    .read_record = read_rec,
#endif
};
#endif

#if defined(BROKEN_MAJOR) || defined(BROKEN_MINOR)
/* a descriptor whose version fields say something else */
static const corsaro_plugin_t versioned = {
#if defined(BROKEN_MAJOR)
    .abi_major = CORSARO_PLUGIN_ABI_MAJOR + 1, .abi_minor = 0,
#else
    .abi_major = CORSARO_PLUGIN_ABI_MAJOR, .abi_minor = CORSARO_PLUGIN_ABI_MINOR + 5,
#endif
    .struct_size = sizeof(corsaro_plugin_t),
    .name = PLUGIN_NAME, .version = "1",
    .init_output = init_out, .close_output = close_out,
    .start_interval = start_iv, .end_interval = end_iv, .process_packet = packet,
};
CORSARO_PLUGIN_EXPORT(versioned);
#elif defined(BROKEN_NO_SYMBOL)
CORSARO_API const void *not_the_descriptor = &desc;
#elif !defined(BROKEN_SHORT)
CORSARO_PLUGIN_EXPORT(desc);
#endif

/* keep every helper referenced whatever the variant */
CORSARO_API void *broken_plugin_refs[] = {(void *)init_out, (void *)close_out,
                                          (void *)start_iv, (void *)end_iv,
                                          (void *)packet, (void *)read_rec,
                                          (void *)&desc};
