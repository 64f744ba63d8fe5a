/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * libFuzzer harness of flowtuple re-processing (SPEC 2.5), as `corsaro
 * x.flowtuple.cors` does it: the input is a flowtuple file, replayed
 * through anon + filterpfx (when built) + flowtuple into a fresh run; the
 * run is finalised, and what it wrote must read back. Hostile intervals
 * (any numbers, any times, in any order) and tuples reach the plugins'
 * re-processing hooks and the interval clock here.
 *
 * A refused input is fine; a crash, a leak, or output that corsaro cannot
 * read back is a finding.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "corsaro/corsaro.h"
#include "fuzz_common.h"

static char input_path[512];
static char template_[512];
static char outputs[2][512];

static int plugin_built(const char *name)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s.so", FUZZ_PLUGIN_DIR, name);
    return access(path, R_OK) == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("LIBTRACEIO", "nothreads", 1);
    const char *dir = fuzz_scratch_dir();
    snprintf(input_path, sizeof(input_path), "%s/x.flowtuple.cors", dir);
    snprintf(template_, sizeof(template_), "%s/out.%%P.cors", dir);
    snprintf(outputs[0], sizeof(outputs[0]), "%s/out.global.cors", dir);
    snprintf(outputs[1], sizeof(outputs[1]), "%s/out.flowtuple.cors", dir);
    fuzz_pin_plugins(FUZZ_PLUGIN_DIR);
    return 0;
}

/* Reads @p path to its end. @return 0, or -1 with the reader's error in
 * @p why; a missing or empty file counts as read (nothing was written) */
static int read_back(const char *path, char *why, size_t len)
{
    if (access(path, F_OK) != 0)
        return 0;
    corsaro_in_t *in = corsaro_in_alloc(path);
    corsaro_in_record_t *rec = in != NULL ? corsaro_in_alloc_record(in) : NULL;
    int rc = -1;
    if (rec != NULL && corsaro_in_start(in) == 0) {
        corsaro_in_record_type_t type;
        off_t n;
        while ((n = corsaro_in_read_record(in, &type, rec)) > 0) {
        }
        rc = n == 0 ? 0 : -1;
    } else if (in != NULL && strstr(corsaro_in_error(in), "the file is empty") != NULL) {
        rc = 0;
    }
    if (rc != 0)
        snprintf(why, len, "%s", in != NULL ? corsaro_in_error(in) : "out of memory");
    corsaro_in_free_record(rec);
    corsaro_in_free(in);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_write_file(input_path, data, size);
    for (int i = 0; i < 2; i++)
        unlink(outputs[i]);

    corsaro_t *run = corsaro_alloc_output(template_, CORSARO_FILE_MODE_BINARY);
    if (run == NULL)
        fuzz_fail("corsaro_alloc_output", NULL);
    corsaro_set_monitorname(run, "fuzz");
    corsaro_disable_logfile(run);
    if (plugin_built("anon"))
        corsaro_enable_plugin(run, "anon", "-s -d fuzzkey");
    if (plugin_built("filterpfx"))
        corsaro_enable_plugin(run, "filterpfx", "-i -p 10.0.0.0/8");
    corsaro_enable_plugin(run, "flowtuple", NULL);
    if (corsaro_start_output(run) != 0)
        fuzz_fail("corsaro_start_output", corsaro_error(run));
    (void)corsaro_per_flowtuple_file(run, input_path, 0);
    (void)corsaro_finalize_output(run);
    corsaro_free(run);

    char why[1024];
    for (int i = 0; i < 2; i++)
        if (read_back(outputs[i], why, sizeof(why)) != 0)
            fuzz_fail("corsaro wrote a file it cannot read back", why);
    return 0;
}
