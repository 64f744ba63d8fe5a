/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file anon.c
 * @brief The anon plugin: anonymises IPv4 source and/or destination
 * addresses in place, for the plugins after it (SPEC 7). Writes no files.
 *
 * Options (`-p "anon OPTIONS KEY"`):
 *   -s              anonymise source addresses
 *   -d              anonymise destination addresses
 *   -t cryptopan    Crypto-PAn (default); KEY is up to 32 bytes of text
 *   -t prefix       prefix substitution; KEY is a.b.c.d/len: every address
 *                   gets the key's first len bits and keeps the rest
 *   -x              the Crypto-PAn KEY is hexadecimal (up to 64 digits)
 *
 * Differences from v2, on purpose: the IP, TCP, UDP and ICMP checksums are
 * updated; the IPv4 header quoted in ICMP errors is anonymised like the
 * packet it quotes (anon_ip.h); 0.0.0.0 is anonymised like any address (v2
 * mapped it to itself at first); a key longer than 32 bytes, a missing key
 * or an unknown -t is refused at start-up; -x gives binary keys.
 *
 * Kept from v2: every packet is anonymised, IGNORE or not, so no plugin
 * after this one can see a real address; in flowtuple re-processing both
 * addresses of each tuple are anonymised whatever -s/-d say.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libtrace.h>
#include <openssl/crypto.h>

#include "anon_ip.h"
#include "anon_key.h"
#include "corsaro/corsaro.h"
#include "cryptopan.h"
#include "pfx_cidr.h"

typedef enum anon_type { ANON_CRYPTOPAN, ANON_PREFIX } anon_type_t;

typedef struct anon_state {
    anon_map_t map;
    cryptopan_t *cpan;   /**< -t cryptopan */
    uint32_t prefix;     /**< -t prefix: the key's address bits */
    uint32_t mask;       /**< -t prefix: the key's netmask */
} anon_state_t;

CORSARO_PLUGIN_GENERATE_PROTOS_OUT(corsaro_anon)
static int corsaro_anon_process_flowtuple(corsaro_t *corsaro,
                                          corsaro_flowtuple_t *flowtuple,
                                          corsaro_packet_state_t *state);

static const corsaro_plugin_t corsaro_anon_plugin = {
    CORSARO_PLUGIN_ABI_HEADER,
    .name = "anon",
    .version = "3.0.0",
    .description = "anonymises IPv4 addresses in place (Crypto-PAn or "
                   "prefix substitution)",
    .license = "GPL-3.0-or-later",
    .id = 2,
    .magic = CORSARO_PLUGIN_MAGIC('A', 'N', 'O', 'N'),
    CORSARO_PLUGIN_GENERATE_PTRS_OUT(corsaro_anon),
    .process_flowtuple = corsaro_anon_process_flowtuple,
};
CORSARO_PLUGIN_EXPORT(corsaro_anon_plugin);

static void usage(const char *argv0)
{
    fprintf(stderr,
            "plugin usage: %s [-sd] [-t cryptopan|prefix] [-x] KEY\n"
            "       -s            anonymise source addresses\n"
            "       -d            anonymise destination addresses\n"
            "       -t cryptopan  Crypto-PAn (default): KEY is up to 32 bytes\n"
            "       -t prefix     prefix substitution: KEY is a.b.c.d/len\n"
            "       -x            the Crypto-PAn KEY is hex (up to 64 digits)\n",
            argv0);
}

static uint32_t map_cryptopan(void *ctx, uint32_t addr)
{
    return cryptopan_anon(((anon_state_t *)ctx)->cpan, addr);
}

static uint32_t map_prefix(void *ctx, uint32_t addr)
{
    const anon_state_t *s = ctx;
    return (s->prefix & s->mask) | (addr & ~s->mask);
}

/* Sets up the chosen scheme from the key. @return 0 or -1 (error set) */
static int setup_scheme(corsaro_t *corsaro, anon_state_t *s, anon_type_t type,
                        int hex, const char *keytext)
{
    char why[200];
    if (type == ANON_PREFIX) {
        pfx_cidr_t c;
        if (hex) {
            corsaro_set_error(corsaro, "anon: -x is for Crypto-PAn keys; a "
                                       "-t prefix key is a.b.c.d/len");
            return -1;
        }
        if (pfx_cidr_parse(keytext, &c, why, sizeof(why)) != 0) {
            corsaro_set_error(corsaro, "anon: -t prefix: the key '%s' is not "
                                       "an IPv4 prefix a.b.c.d/len: %s",
                              keytext, why);
            return -1;
        }
        s->prefix = c.addr;
        s->mask = pfx_mask(c.len);
        s->map.fn = map_prefix;
        return 0;
    }
    uint8_t key[CRYPTOPAN_KEY_LEN];
    int rc = hex ? anon_key_from_hex(keytext, key, why, sizeof(why))
                 : anon_key_from_text(keytext, key, why, sizeof(why));
    if (rc != 0) {
        /* the key itself is not repeated: it may be a secret */
        corsaro_set_error(corsaro, "anon: bad key (the KEY argument%s): %s",
                          hex ? " with -x" : "", why);
        return -1;
    }
    s->cpan = cryptopan_new(key);
    OPENSSL_cleanse(key, sizeof(key));
    if (s->cpan == NULL) {
        corsaro_set_error(corsaro, "anon: cannot set up AES-128 (libcrypto) "
                                   "for Crypto-PAn");
        return -1;
    }
    s->map.fn = map_cryptopan;
    return 0;
}

static int parse_args(corsaro_t *corsaro, anon_state_t *s)
{
    char **argv = NULL;
    int argc = corsaro_plugin_args(corsaro, &argv);
    const char *argv0 = argc > 0 && argv[0] != NULL ? argv[0] : "anon";
    anon_type_t type = ANON_CRYPTOPAN;
    int hex = 0, opt;

    optind = 1;
    opterr = 0;
    while ((opt = getopt(argc, argv, ":sdt:x")) != -1) {
        switch (opt) {
        case 's':
            s->map.src = 1;
            break;
        case 'd':
            s->map.dst = 1;
            break;
        case 't':
            if (strcasecmp(optarg, "cryptopan") == 0) {
                type = ANON_CRYPTOPAN;
            } else if (strcasecmp(optarg, "prefix") == 0) {
                type = ANON_PREFIX;
            } else {
                usage(argv0);
                corsaro_set_error(corsaro, "anon: -t must be 'cryptopan' or "
                                           "'prefix', not '%s'",
                                  optarg);
                return -1;
            }
            break;
        case 'x':
            hex = 1;
            break;
        case ':':
            usage(argv0);
            corsaro_set_error(corsaro, "anon: option -%c needs an argument",
                              optopt);
            return -1;
        default:
            usage(argv0);
            corsaro_set_error(corsaro, "anon: unknown option -%c", optopt);
            return -1;
        }
    }
    if (optind >= argc) {
        usage(argv0);
        corsaro_set_error(corsaro, "anon: no key: give the KEY as the last "
                                   "argument, e.g. -p \"anon -s -d KEY\"");
        return -1;
    }
    if (optind + 1 < argc) {
        usage(argv0);
        corsaro_set_error(corsaro, "anon: more than one KEY argument (%d): "
                                   "give exactly one",
                          argc - optind);
        return -1;
    }
    return setup_scheme(corsaro, s, type, hex, argv[optind]);
}

static int corsaro_anon_init_output(corsaro_t *corsaro)
{
    anon_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        corsaro_set_error(corsaro, "anon: out of memory");
        return -1;
    }
    s->map.ctx = s;
    corsaro_plugin_register_state(corsaro, s);
    if (parse_args(corsaro, s) != 0)
        return -1;
    if (!s->map.src && !s->map.dst)
        corsaro_log(__func__, corsaro, "anon: warning: neither -s nor -d: "
                                       "packets are not changed (re-processed "
                                       "flowtuples still are)");
    else
        corsaro_log(__func__, corsaro, "anon: %s anonymising %s%s%s",
                    s->cpan != NULL ? "Crypto-PAn" : "prefix substitution",
                    s->map.src ? "source" : "",
                    s->map.src && s->map.dst ? " and " : "",
                    s->map.dst ? "destination" : "");
    return 0;
}

static int corsaro_anon_close_output(corsaro_t *corsaro)
{
    anon_state_t *s = CORSARO_PLUGIN_STATE(corsaro, anon_state_t);
    if (s == NULL)
        return 0;
    cryptopan_free(s->cpan);
    OPENSSL_cleanse(s, sizeof(*s)); /* the prefix key */
    corsaro_plugin_free_state(corsaro);
    return 0;
}

static int corsaro_anon_start_interval(corsaro_t *corsaro,
                                       corsaro_interval_t *int_start)
{
    (void)corsaro;
    (void)int_start;
    return 0;
}

static int corsaro_anon_end_interval(corsaro_t *corsaro,
                                     corsaro_interval_t *int_end)
{
    (void)corsaro;
    (void)int_end;
    return 0;
}

/* @return 0, or -1 after setting the error if libcrypto failed */
static int check_cipher(corsaro_t *corsaro, const anon_state_t *s)
{
    if (s->cpan != NULL && cryptopan_failed(s->cpan)) {
        corsaro_set_error(corsaro, "anon: AES encryption (libcrypto) failed");
        return -1;
    }
    return 0;
}

static int corsaro_anon_process_packet(corsaro_t *corsaro,
                                       corsaro_packet_t *packet)
{
    anon_state_t *s = CORSARO_PLUGIN_STATE(corsaro, anon_state_t);
    uint16_t ethertype = 0;
    uint32_t remaining = 0;

    if (!s->map.src && !s->map.dst)
        return 0;
    /* libtrace's buffer is the packet itself: later plugins see the change */
    uint8_t *l3 = trace_get_layer3(LT_PKT(packet), &ethertype, &remaining);
    if (l3 == NULL || ethertype != TRACE_ETHERTYPE_IP)
        return 0;
    anon_ipv4(l3, remaining, &s->map);
    return check_cipher(corsaro, s);
}

static int corsaro_anon_process_flowtuple(corsaro_t *corsaro,
                                          corsaro_flowtuple_t *flowtuple,
                                          corsaro_packet_state_t *state)
{
    anon_state_t *s = CORSARO_PLUGIN_STATE(corsaro, anon_state_t);
    (void)state;
    flowtuple->src_ip = htonl(s->map.fn(s, ntohl(flowtuple->src_ip)));
    flowtuple->dst_ip = htonl(s->map.fn(s, ntohl(flowtuple->dst_ip)));
    return check_cipher(corsaro, s);
}
