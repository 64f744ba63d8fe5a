/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* Helpers the libFuzzer harnesses share: a scratch directory in memory,
 * plugins kept loaded for the whole process, writing an input to a file. */
#ifndef CORSARO_FUZZ_COMMON_H
#define CORSARO_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* Makes a fresh directory under /dev/shm (else $TMPDIR or /tmp) that is
 * removed at exit. @return its path (static storage) */
const char *fuzz_scratch_dir(void);

/* dlopens every *.so of @p dir once more, never to be closed.
 *
 * Why: libFuzzer registers the coverage counters of an instrumented
 * shared object when it is loaded, and reads them after every input. The
 * plugin loader opens and closes the plugins for each input (as a real
 * reader does), which would unmap counters libFuzzer still reads and
 * register them again on every load. Keeping one reference pins them. */
void fuzz_pin_plugins(const char *dir);

/* Writes @p data to @p path (truncating it); aborts on failure, since the
 * harness cannot go on without its input file. */
void fuzz_write_file(const char *path, const uint8_t *data, size_t size);

/* Aborts with a message: a finding for libFuzzer (it saves the input). */
void fuzz_fail(const char *what, const char *detail) __attribute__((noreturn));

#endif /* CORSARO_FUZZ_COMMON_H */
