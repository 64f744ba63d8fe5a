/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Typed tags (tags.h, docs/tags.md): the run keeps one corsaro_tags_t for
 * the packet in hand, and checks at start-up that every tag a plugin reads
 * is provided by a plugin before it. */
#include <stdio.h>

#include "corsaro_int.h"

static const struct {
    uint32_t bit;
    const char *plugin;
} providers[] = {
    {CORSARO_TAG_PROVIDER_PFX2AS, "pfx2as"},
    {CORSARO_TAG_PROVIDER_MAXMIND, "maxmind"},
    {CORSARO_TAG_PROVIDER_FILTERCRITERIA, "filtercriteria"},
};
#define PROVIDER_CNT (sizeof(providers) / sizeof(providers[0]))

corsaro_tags_t *corsaro_get_packet_tags(corsaro_t *corsaro)
{
    return &corsaro->tags;
}

const char *corsaro_tag_provider_name(uint32_t provider)
{
    for (size_t i = 0; i < PROVIDER_CNT; i++)
        if (providers[i].bit == provider)
            return providers[i].plugin;
    return NULL;
}

/* The first required bit of instance @p i that no earlier instance
 * provides, or 0. */
static uint32_t missing_provider(const corsaro_t *corsaro, int i)
{
    uint32_t provided = 0;
    for (int j = 0; j < i; j++)
        provided |= corsaro->instances[j].desc->tags_provided;
    uint32_t missing = corsaro->instances[i].desc->tags_required & ~provided;
    return missing & (~missing + 1u); /* lowest set bit */
}

int corsaro__tags_check_providers(corsaro_t *corsaro)
{
    for (int i = 0; i < corsaro->instance_cnt; i++) {
        uint32_t bit = missing_provider(corsaro, i);
        if (bit == 0)
            continue;
        const char *name = corsaro->instances[i].desc->name;
        const char *provider = corsaro_tag_provider_name(bit);
        if (provider == NULL) {
            corsaro_set_error(corsaro,
                              "plugin %s needs tags (provider bit 0x%x) that "
                              "no plugin of this corsaro provides",
                              name, (unsigned)bit);
            return -1;
        }
        corsaro_set_error(corsaro,
                          "plugin %s needs the tags of plugin %s: add "
                          "-p \"%s ...\" before -p %s",
                          name, provider, provider, name);
        return -1;
    }
    return 0;
}
