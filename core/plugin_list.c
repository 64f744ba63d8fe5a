/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/* corsaro --list-plugins: what was found where, and what was refused. */
#include <stdio.h>

#include "corsaro_int.h"

static void magic_text(uint32_t magic, char out[5])
{
    for (int i = 0; i < 4; i++) {
        char c = (char)(magic >> (24 - 8 * i));
        out[i] = (c >= 0x20 && c < 0x7f) ? c : '?';
    }
    out[4] = '\0';
}

static const char *found_by(corsaro__plugin_file_t *f)
{
    const char *label;
    if (f->source != CORSARO__SOURCE_DEFAULT)
        return corsaro__source_name(f->source);
    corsaro__default_plugin_dir(&label);
    return label;
}

int corsaro_print_plugin_list(corsaro_t *corsaro, FILE *out)
{
    corsaro__plugin_registry_t *reg = corsaro->registry;
    const char *label;

    if (corsaro__registry_scan(reg) != 0)
        return -1;
    /* names and versions are pointers in the descriptor, filled in by the
     * dynamic linker's relocations: showing them takes loading the files
     * (only those the ELF check passed) */
    corsaro__registry_load_all(reg);
    fprintf(out, "Plugin search path (in order):\n");
    for (int i = 0; i < reg->dir_cnt; i++) {
        const char *src = corsaro__source_name(reg->dir_source[i]);
        if (reg->dir_source[i] == CORSARO__SOURCE_DEFAULT) {
            corsaro__default_plugin_dir(&label);
            src = label;
        }
        fprintf(out, "  %s (%s)\n", reg->dirs[i], src);
    }
    fprintf(out, "\n%-12s %-8s %-5s %-9s %-10s %-20s %s\n", "NAME", "VERSION",
            "ABI", "MAGIC", "CORSARO-IN", "FOUND BY", "PATH");
    for (corsaro__plugin_file_t *f = reg->plugins; f != NULL; f = f->next) {
        char m1[5], m2[5], magic[12];
        magic_text(f->desc.magic, m1);
        magic_text(f->desc.magic_alt, m2);
        if (f->desc.magic == 0)
            snprintf(magic, sizeof(magic), "-");
        else if (f->desc.magic_alt != 0)
            snprintf(magic, sizeof(magic), "%s/%s", m1, m2);
        else
            snprintf(magic, sizeof(magic), "%s", m1);
        char abi[16];
        snprintf(abi, sizeof(abi), "%u.%u", f->desc.abi_major, f->desc.abi_minor);
        fprintf(out, "%-12s %-8s %-5s %-9s %-10s %-20s %s\n", f->desc.name,
                f->desc.version != NULL ? f->desc.version : "?", abi, magic,
                f->desc.read_record != NULL ? "yes" : "no", found_by(f), f->path);
    }
    if (reg->plugins == NULL)
        fprintf(out, "(none)\n");
    if (reg->refused != NULL) {
        fprintf(out, "\nRefused files:\n");
        for (corsaro__plugin_refusal_t *r = reg->refused; r != NULL; r = r->next)
            fprintf(out, "  %s: %s\n", r->path, r->reason);
    }
    for (int i = 0; i < reg->warning_cnt; i++)
        fprintf(out, "warning: %s\n", reg->warnings[i]);
    return 0;
}
