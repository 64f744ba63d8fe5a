/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/**
 * @file ft_input.h
 * @brief The flowtuple plugin's Corsaro-In callbacks (ft_input.c), wired
 * into the descriptor by flowtuple.c. See plugin.h for their contracts.
 */
#ifndef CORSARO_FT_INPUT_H
#define CORSARO_FT_INPUT_H

#include <sys/types.h>

#include "corsaro/types.h"

/** The environment variable that gives the first destination octet of
 * tuples read from SIXT (/8) files; unset means 0. */
#define CORSARO_FT_SLASH_EIGHT_ENV "CORSARO_FLOWTUPLE_SLASH_EIGHT"

/** 1 if the last component of @p fname contains "flowtuple". */
int corsaro__ft_probe_filename(const char *fname);
/** 1 if the file starts with an interval record followed by a SIXU or
 * SIXT class start. */
int corsaro__ft_probe_magic(corsaro_in_t *corsaro, corsaro_file_in_t *file);
int corsaro__ft_init_input(corsaro_in_t *corsaro);
int corsaro__ft_close_input(corsaro_in_t *corsaro);
off_t corsaro__ft_read_record(corsaro_in_t *corsaro,
                              corsaro_in_record_type_t *type,
                              corsaro_in_record_t *record);
off_t corsaro__ft_read_global_data_record(corsaro_in_t *corsaro,
                                          corsaro_in_record_type_t *type,
                                          corsaro_in_record_t *record);
int corsaro__ft_print_record(corsaro_in_t *corsaro, corsaro_file_t *out,
                             corsaro_in_record_type_t type,
                             corsaro_in_record_t *record);

#endif /* CORSARO_FT_INPUT_H */
