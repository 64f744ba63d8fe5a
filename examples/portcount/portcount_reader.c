/*
 * portcount: an example Corsaro plugin. GPL-3.0-or-later.
 */
/*
 * Corsaro-In for portcount files: how cors2ascii (or any program using
 * corsaro_in_*) recognises, reads and prints them. The reader walks
 *
 *   INTERVAL_START -> HEADER (n) -> n x ENTRY -> INTERVAL_END -> ...
 *
 * and hands out host-order records (portcount.h). The file may end only
 * where an interval would start; anything else is reported as truncated.
 */
#include <stdlib.h>
#include <string.h>

#include "portcount.h"

typedef enum expect {
    EXPECT_INTERVAL_START = 0,
    EXPECT_HEADER,
    EXPECT_ENTRY,
    EXPECT_INTERVAL_END
} expect_t;

typedef struct reader_state {
    expect_t expect;
    uint32_t entries_left;
} reader_state_t;

/* Raw bytes are read behind the host-order struct in the record buffer,
 * so decoding never overlaps what it reads. */
#define RAW_OFFSET 32
_Static_assert(sizeof(portcount_entry_t) <= RAW_OFFSET &&
                   sizeof(portcount_header_t) <= RAW_OFFSET,
               "records fit before the raw bytes");

int portcount_probe_filename(const char *fname)
{
    /* the host passes the last path component; be safe anyway, since a
     * directory called "portcount" says nothing about the files in it */
    const char *slash = strrchr(fname, '/');
    return strstr(slash != NULL ? slash + 1 : fname, PORTCOUNT_NAME) != NULL;
}

int portcount_probe_magic(corsaro_in_t *corsaro, corsaro_file_in_t *file)
{
    uint8_t head[CORSARO_IO_INTERVAL_RECORD_LEN + PORTCOUNT_HEADER_LEN];
    (void)corsaro;
    /* an interval start, then our header */
    return corsaro_file_rpeek(file, head, sizeof(head)) == (off_t)sizeof(head) &&
           corsaro_get_u32(head) == CORSARO_MAGIC &&
           corsaro_get_u32(head + 4) == CORSARO_MAGIC_INTERVAL &&
           corsaro_get_u32(head + CORSARO_IO_INTERVAL_RECORD_LEN) == PORTCOUNT_MAGIC;
}

int portcount_init_input(corsaro_in_t *corsaro)
{
    reader_state_t *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        corsaro_in_set_error(corsaro, "portcount reader: out of memory");
        return -1;
    }
    corsaro_in_plugin_register_state(corsaro, s);
    return 0;
}

int portcount_close_input(corsaro_in_t *corsaro)
{
    corsaro_in_plugin_free_state(corsaro);
    return 0;
}

static off_t read_header(corsaro_in_t *corsaro, reader_state_t *s,
                         corsaro_in_record_type_t *type,
                         corsaro_in_record_t *record)
{
    off_t n = corsaro_io_read_bytes_offset(corsaro, record, RAW_OFFSET,
                                           PORTCOUNT_HEADER_LEN);
    if (n <= 0)
        return -1; /* the host says "truncated" and where */
    uint8_t *data = corsaro_in_get_record_data(record);
    if (corsaro_get_u32(data + RAW_OFFSET) != PORTCOUNT_MAGIC) {
        corsaro_in_set_error(corsaro, "expected a portcount header (PCNT), found "
                                      "%02x %02x %02x %02x",
                             data[RAW_OFFSET], data[RAW_OFFSET + 1],
                             data[RAW_OFFSET + 2], data[RAW_OFFSET + 3]);
        return -1;
    }
    portcount_header_t h = {corsaro_get_u32(data + RAW_OFFSET + 4)};
    memcpy(data, &h, sizeof(h));
    s->entries_left = h.entry_cnt;
    s->expect = h.entry_cnt > 0 ? EXPECT_ENTRY : EXPECT_INTERVAL_END;
    *type = PORTCOUNT_RECORD_HEADER;
    return n;
}

static off_t read_entry(corsaro_in_t *corsaro, reader_state_t *s,
                        corsaro_in_record_type_t *type,
                        corsaro_in_record_t *record)
{
    off_t n = corsaro_io_read_bytes_offset(corsaro, record, RAW_OFFSET,
                                           PORTCOUNT_ENTRY_LEN);
    if (n <= 0)
        return -1;
    uint8_t *data = corsaro_in_get_record_data(record);
    portcount_entry_t e;
    portcount_decode_entry(data + RAW_OFFSET, &e);
    memcpy(data, &e, sizeof(e));
    if (--s->entries_left == 0)
        s->expect = EXPECT_INTERVAL_END;
    *type = PORTCOUNT_RECORD_ENTRY;
    return n;
}

off_t portcount_read_record(corsaro_in_t *corsaro,
                            corsaro_in_record_type_t *record_type,
                            corsaro_in_record_t *record)
{
    reader_state_t *s = CORSARO_IN_PLUGIN_STATE(corsaro, reader_state_t);
    corsaro_file_in_t *file = corsaro_in_get_file(corsaro);
    off_t n;

    *record_type = CORSARO_IN_RECORD_TYPE_NULL;
    switch (s->expect) {
    case EXPECT_INTERVAL_START:
        /* 0 here is the clean end of the file */
        n = corsaro_io_read_interval_start(corsaro, file, record_type, record);
        if (n > 0)
            s->expect = EXPECT_HEADER;
        return n;
    case EXPECT_HEADER:
        return read_header(corsaro, s, record_type, record);
    case EXPECT_ENTRY:
        return read_entry(corsaro, s, record_type, record);
    case EXPECT_INTERVAL_END:
        n = corsaro_io_read_interval_end(corsaro, file, record_type, record);
        if (n > 0)
            s->expect = EXPECT_INTERVAL_START;
        return n == 0 ? -1 : n; /* the host already said "truncated" */
    }
    corsaro_in_set_error(corsaro, "portcount reader: bad state %d", (int)s->expect);
    return -1;
}

int portcount_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                           corsaro_in_record_type_t record_type,
                           corsaro_in_record_t *record)
{
    const void *data = corsaro_in_get_record_data(record);
    if (record_type == PORTCOUNT_RECORD_HEADER) {
        portcount_header_t h;
        memcpy(&h, data, sizeof(h));
        return portcount_print_header(NULL, out, h.entry_cnt);
    }
    if (record_type == PORTCOUNT_RECORD_ENTRY) {
        portcount_entry_t e;
        memcpy(&e, data, sizeof(e));
        return portcount_print_entry(NULL, out, &e);
    }
    /* interval records are printed by the host */
    corsaro_in_set_error(corsaro, "portcount: no text for record type %d",
                         (int)record_type);
    return -1;
}
