/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * libFuzzer harness of a Corsaro-In reader, through the public API, the way
 * cors2ascii uses it: the input is written to a file whose name picks the
 * reader (x.FUZZ_READER.cors), every record is read and printed (to
 * /dev/null). Built once per reader with -DFUZZ_READER="global" etc.
 *
 * A reader may refuse the input (that is its job); it must not crash, leak,
 * read out of bounds, loop or allocate without bound.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "corsaro/corsaro.h"
#include "fuzz_common.h"

#ifndef FUZZ_READER
#error "define FUZZ_READER, the name in the input file's name"
#endif

static char input_path[512];
static corsaro_file_t *sink;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* one thread per file costs more than the read itself here */
    setenv("LIBTRACEIO", "nothreads", 1);
    snprintf(input_path, sizeof(input_path), "%s/x.%s.cors", fuzz_scratch_dir(),
             FUZZ_READER);
    fuzz_pin_plugins(FUZZ_PLUGIN_DIR);
#ifdef FUZZ_EXTRA_PLUGIN_DIR
    fuzz_pin_plugins(FUZZ_EXTRA_PLUGIN_DIR);
#endif
    sink = corsaro_file_open("/dev/null", CORSARO_FILE_MODE_ASCII,
                             CORSARO_FILE_COMPRESS_NONE);
    if (sink == NULL)
        fuzz_fail("cannot open /dev/null", NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write_file(input_path, data, size);
    corsaro_in_t *in = corsaro_in_alloc(input_path);
    if (in == NULL)
        fuzz_fail("corsaro_in_alloc", NULL);
#ifdef FUZZ_EXTRA_PLUGIN_DIR
    corsaro_in_add_plugin_path(in, FUZZ_EXTRA_PLUGIN_DIR);
#endif
    corsaro_in_record_t *rec = corsaro_in_alloc_record(in);
    if (rec == NULL)
        fuzz_fail("corsaro_in_alloc_record", NULL);
    if (corsaro_in_start(in) == 0) {
        corsaro_in_record_type_t type;
        off_t n;
        while ((n = corsaro_in_read_record(in, &type, rec)) > 0) {
            if (type == CORSARO_IN_RECORD_TYPE_NULL)
                fuzz_fail("a record without a type", input_path);
            if (corsaro_in_print_record(in, sink, type, rec) != 0)
                break;
        }
        /* an error must say what went wrong */
        if (n < 0 && corsaro_in_error(in)[0] == '\0')
            fuzz_fail("read error without a message", input_path);
    } else if (corsaro_in_error(in)[0] == '\0') {
        fuzz_fail("refused without a message", input_path);
    }
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    return 0;
}
