/* Typed tags (tags.h): the start-up check that every required provider
 * runs earlier, and the per-packet ran/found bits the host keeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libtrace.h>

#include "corsaro_int.h"

/* What the consumer saw of the tags, per packet. */
static uint32_t seen_ran, seen_found, seen_asn;

static int provider_packet(corsaro_t *c, corsaro_packet_t *p)
{
    (void)p;
    corsaro_tags_t *t = corsaro_get_packet_tags(c);
    /* the host marks ran only after the provider returns */
    assert_int_equal(t->providers_ran & CORSARO_TAG_PROVIDER_PFX2AS, 0);
    t->src_asn = 64512;
    t->providers_found |= CORSARO_TAG_PROVIDER_PFX2AS;
    return 0;
}

static int consumer_packet(corsaro_t *c, corsaro_packet_t *p)
{
    (void)p;
    const corsaro_tags_t *t = corsaro_get_packet_tags(c);
    seen_ran = t->providers_ran;
    seen_found = t->providers_found;
    seen_asn = t->src_asn;
    return 0;
}

static int no_interval(corsaro_t *c, corsaro_interval_t *iv)
{
    (void)c;
    (void)iv;
    return 0;
}
#define NO_INTERVALS .start_interval = no_interval, .end_interval = no_interval

static const corsaro_plugin_t provider = {
    CORSARO_PLUGIN_ABI_HEADER, .name = "pfx2as", .version = "0", NO_INTERVALS,
    .process_packet = provider_packet,
    .tags_provided = CORSARO_TAG_PROVIDER_PFX2AS,
};
static const corsaro_plugin_t consumer = {
    CORSARO_PLUGIN_ABI_HEADER, .name = "consumer", .version = "0", NO_INTERVALS,
    .process_packet = consumer_packet,
    .tags_required = CORSARO_TAG_PROVIDER_PFX2AS | CORSARO_TAG_PROVIDER_MAXMIND,
};
static const corsaro_plugin_t maxmind = {
    CORSARO_PLUGIN_ABI_HEADER, .name = "maxmind", .version = "0", NO_INTERVALS,
    .process_packet = consumer_packet, /* provides, finds nothing */
    .tags_provided = CORSARO_TAG_PROVIDER_MAXMIND,
};

static corsaro_t *run_of(const corsaro_plugin_t *const *descs, int cnt)
{
    corsaro_t *c = corsaro_alloc_output("%P", CORSARO_FILE_MODE_BINARY);
    assert_non_null(c);
    c->instances = calloc((size_t)cnt, sizeof(corsaro__instance_t));
    for (int i = 0; i < cnt; i++)
        c->instances[i].desc = descs[i];
    c->instance_cnt = cnt;
    c->interval = -1; /* one interval: no files are due */
    c->global_enabled = 0;
    c->log_enabled = 0;
    return c;
}

static void test_missing_provider_is_named(void **unused)
{
    (void)unused;
    const corsaro_plugin_t *chain[] = {&provider, &consumer};
    corsaro_t *c = run_of(chain, 2);
    assert_int_equal(corsaro__tags_check_providers(c), -1);
    assert_non_null(strstr(corsaro_error(c), "plugin consumer needs the tags "
                                             "of plugin maxmind"));
    assert_non_null(strstr(corsaro_error(c), "before -p consumer"));
    corsaro_free(c);
}

static void test_provider_after_consumer_is_refused(void **unused)
{
    (void)unused;
    const corsaro_plugin_t *chain[] = {&maxmind, &consumer, &provider};
    corsaro_t *c = run_of(chain, 3);
    assert_int_equal(corsaro__tags_check_providers(c), -1);
    assert_non_null(strstr(corsaro_error(c), "of plugin pfx2as"));
    corsaro_free(c);
}

static void test_ran_and_found_bits(void **unused)
{
    (void)unused;
    const corsaro_plugin_t *chain[] = {&provider, &maxmind, &consumer};
    corsaro_t *c = run_of(chain, 3);
    assert_int_equal(corsaro__tags_check_providers(c), 0);

    libtrace_packet_t *pkt = trace_create_packet();
    uint8_t frame[64] = {0};
    trace_construct_packet(pkt, TRACE_TYPE_ETH, frame, sizeof(frame));
    for (int round = 0; round < 2; round++) {
        /* a value left from the packet before must not leak: reset */
        c->tags.providers_found = CORSARO_TAG_PROVIDER_ALL;
        assert_int_equal(corsaro_per_packet(c, pkt), 0);
        assert_int_equal(seen_ran, CORSARO_TAG_PROVIDER_PFX2AS |
                                       CORSARO_TAG_PROVIDER_MAXMIND);
        /* maxmind ran but found nothing: not tagged differs from no match */
        assert_int_equal(seen_found, CORSARO_TAG_PROVIDER_PFX2AS);
        assert_int_equal(seen_asn, 64512);
    }
    trace_destroy_packet(pkt);
    corsaro_finalize_output(c);
    c->instance_cnt = 0; /* the descriptors are static */
    free(c->instances);
    c->instances = NULL;
    corsaro_free(c);
}

static void test_provider_names(void **unused)
{
    (void)unused;
    assert_string_equal(corsaro_tag_provider_name(CORSARO_TAG_PROVIDER_PFX2AS), "pfx2as");
    assert_string_equal(corsaro_tag_provider_name(CORSARO_TAG_PROVIDER_MAXMIND), "maxmind");
    assert_string_equal(corsaro_tag_provider_name(CORSARO_TAG_PROVIDER_FILTERCRITERIA),
                        "filtercriteria");
    assert_null(corsaro_tag_provider_name(0x80000000u));
    /* CAIDA numbering of the filter bits (SPEC-corsaro3 1.2) */
    assert_int_equal(CORSARO_FILTER_BIT(CORSARO_FILTER_LARGE_SCALE_SCAN), 0x8);
    assert_int_equal(CORSARO_FILTER_TTL_200_NONSPOOFED, 29);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_missing_provider_is_named),
        cmocka_unit_test(test_provider_after_consumer_is_refused),
        cmocka_unit_test(test_ran_and_found_bits),
        cmocka_unit_test(test_provider_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
