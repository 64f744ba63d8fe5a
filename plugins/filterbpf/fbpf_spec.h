/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file fbpf_spec.h
 * @brief Splitting a filterbpf `-f [name:]bpf` argument into name and BPF.
 */
#ifndef CORSARO_FBPF_SPEC_H
#define CORSARO_FBPF_SPEC_H

#include <stddef.h>

/** Longest filter name. */
#define FBPF_NAME_MAX 64

/**
 * Splits @p arg. The text before the first ':' is a name when it is 1 to
 * FBPF_NAME_MAX characters of [A-Za-z0-9_.-]; then the BPF is the rest.
 * Otherwise the whole argument is the BPF and also the name (BPF text with
 * ':' in it, e.g. "ether host 0:1:2:3:4:5" or "tcp[13:1] = 2", has a space
 * or bracket before its first ':', so it is never mistaken for a name).
 * @param[out] name_len length of the name part, or 0 when there is none
 * @param[out] bpf the BPF text inside @p arg
 * @param[out] why on failure, the reason
 * @return 0, or -1 when the BPF part is empty or the argument looks like
 *         v2's group syntax `group,...|name:bpf`, which is not supported
 */
int fbpf_spec_split(const char *arg, size_t *name_len, const char **bpf,
                    char *why, size_t why_len);

#endif /* CORSARO_FBPF_SPEC_H */
