/*
 * portcount: an example Corsaro plugin. GPL-3.0-or-later.
 */
/* The on-disk records (layout in portcount.h), written and decoded. The
 * SDK's corsaro_put_u32() and friends store big-endian, as every corsaro
 * file does. */
#include <inttypes.h>
#include <stdlib.h>

#include "portcount.h"

void portcount_encode_header(uint8_t *out, uint32_t entry_cnt)
{
    corsaro_put_u32(out, PORTCOUNT_MAGIC);
    corsaro_put_u32(out + 4, entry_cnt);
}

void portcount_encode_entry(uint8_t *out, const portcount_entry_t *e)
{
    out[0] = e->protocol;
    out[1] = 0;
    corsaro_put_u16(out + 2, e->port);
    corsaro_put_u64(out + 4, e->packets);
}

void portcount_decode_entry(const uint8_t *in, portcount_entry_t *e)
{
    e->protocol = in[0];
    e->port = corsaro_get_u16(in + 2);
    e->packets = corsaro_get_u64(in + 4);
}

/* Entries go out in batches: one write per 256 entries, not per entry. */
#define BATCH 256

static int write_binary(corsaro_t *corsaro, corsaro_file_t *file,
                        const portcount_entry_t *e, size_t cnt)
{
    uint8_t buf[BATCH * PORTCOUNT_ENTRY_LEN];

    portcount_encode_header(buf, (uint32_t)cnt);
    if (corsaro_file_write(corsaro, file, buf, PORTCOUNT_HEADER_LEN) < 0)
        return -1;
    for (size_t done = 0; done < cnt;) {
        size_t n = cnt - done < BATCH ? cnt - done : BATCH;
        for (size_t i = 0; i < n; i++)
            portcount_encode_entry(buf + i * PORTCOUNT_ENTRY_LEN, &e[done + i]);
        if (corsaro_file_write(corsaro, file, buf,
                               (off_t)(n * PORTCOUNT_ENTRY_LEN)) < 0)
            return -1;
        done += n;
    }
    return 0;
}

int portcount_print_header(corsaro_t *corsaro, corsaro_file_t *out,
                           uint32_t entry_cnt)
{
    return corsaro_file_printf(corsaro, out, "# PORTCOUNT_ENTRIES %" PRIu32 "\n",
                               entry_cnt) < 0
               ? -1
               : 0;
}

int portcount_print_entry(corsaro_t *corsaro, corsaro_file_t *out,
                          const portcount_entry_t *e)
{
    return corsaro_file_printf(corsaro, out, "%u %u %" PRIu64 "\n", e->protocol,
                               e->port, e->packets) < 0
               ? -1
               : 0;
}

static int write_ascii(corsaro_t *corsaro, corsaro_file_t *file,
                       const portcount_entry_t *e, size_t cnt)
{
    if (portcount_print_header(corsaro, file, (uint32_t)cnt) != 0)
        return -1;
    for (size_t i = 0; i < cnt; i++)
        if (portcount_print_entry(corsaro, file, &e[i]) != 0)
            return -1;
    return 0;
}

int portcount_write_counts(corsaro_t *corsaro, corsaro_file_t *file,
                           const portcount_entry_t *e, size_t cnt)
{
    if (cnt > UINT32_MAX) {
        corsaro_set_error(corsaro, "portcount: %zu entries do not fit a header",
                          cnt);
        return -1;
    }
    if (corsaro_file_get_mode(file) == CORSARO_FILE_MODE_ASCII)
        return write_ascii(corsaro, file, e, cnt);
    return write_binary(corsaro, file, e, cnt);
}
