/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * The check a plugin file passes before anything maps it: read from the
 * file itself (never mmap'd, never dlopen'd) that it is an ELF shared
 * object for this machine exporting `corsaro_plugin` as a defined, global
 * data object of at least the descriptor's fixed part. A file that is not
 * a plugin then never runs its constructors.
 *
 * Every offset and size comes from the file, so every one is checked
 * against the file's size before it is read: a truncated or hostile file
 * is refused with the reason, never read out of bounds.
 *
 * The descriptor's integer fields (ABI version, struct_size, magics) are
 * in the file as written; its pointers (name, version, callbacks) are not:
 * they are filled in by the dynamic linker's relocations, which differ per
 * architecture. So the check reads only the integers.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corsaro_int.h"

/* .dynsym and .dynstr of a plugin are a few KiB; a bigger claim is read
 * as corruption rather than allocated. */
#define TABLE_MAX ((uint64_t)16 << 20)

/* Our own ELF header (set by the linker): the machine plugins must match. */
extern const unsigned char __ehdr_start[] __attribute__((visibility("hidden")));

typedef struct elf_file {
    int fd;
    uint64_t size;
    int is64;
    char *why;
    size_t why_len;
} elf_file_t;

typedef struct elf_section {
    uint32_t type;
    uint32_t link;
    uint64_t addr;
    uint64_t offset;
    uint64_t size;
    uint64_t entsize;
} elf_section_t;

typedef struct elf_symbol {
    uint32_t name;
    unsigned char info;
    uint16_t shndx;
    uint64_t value;
    uint64_t size;
} elf_symbol_t;

static int refuse_elf(elf_file_t *ef, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int refuse_elf(elf_file_t *ef, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ef->why, ef->why_len, fmt, ap);
    va_end(ap);
    return -1;
}

/* Reads [off, off+len) of the file, which must lie inside it. */
static int read_at(elf_file_t *ef, uint64_t off, void *buf, uint64_t len,
                   const char *what)
{
    if (off > ef->size || len > ef->size - off)
        return refuse_elf(ef,
                          "its ELF %s lies outside the file (offset %llu, %llu "
                          "bytes; the file has %llu): the file is truncated or "
                          "corrupt; rebuild or re-install the plugin",
                          what, (unsigned long long)off, (unsigned long long)len,
                          (unsigned long long)ef->size);
    uint8_t *p = buf;
    while (len > 0) {
        ssize_t n = pread(ef->fd, p, len, (off_t)off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return refuse_elf(ef, "cannot read its ELF %s: %s", what,
                              n < 0 ? strerror(errno) : "unexpected end of file");
        p += n;
        off += (uint64_t)n;
        len -= (uint64_t)n;
    }
    return 0;
}

/* The ELF identification: an ELF file of this machine's byte order. */
static int check_ident(elf_file_t *ef, const unsigned char *id)
{
    if (memcmp(id, ELFMAG, SELFMAG) != 0)
        return refuse_elf(ef, "it is not an ELF shared object (no ELF magic "
                              "number), so it cannot be a plugin: a plugin is "
                              "a .so built with corsaro_add_plugin(); remove "
                              "it from the plugin directory");
    if (id[EI_CLASS] != ELFCLASS32 && id[EI_CLASS] != ELFCLASS64)
        return refuse_elf(ef, "its ELF class %u is neither 32- nor 64-bit: the "
                              "file is corrupt; rebuild the plugin",
                          id[EI_CLASS]);
    if (id[EI_DATA] != __ehdr_start[EI_DATA])
        return refuse_elf(ef, "it is a %s ELF file, this machine is %s: rebuild "
                              "the plugin for this machine",
                          id[EI_DATA] == ELFDATA2MSB ? "big-endian" : "non-native",
                          __ehdr_start[EI_DATA] == ELFDATA2LSB ? "little-endian"
                                                               : "big-endian");
    ef->is64 = id[EI_CLASS] == ELFCLASS64;
    return 0;
}

/* The header fields the check needs, from either class. */
typedef struct elf_header {
    uint16_t type;
    uint16_t machine;
    uint64_t shoff;
    uint16_t shentsize;
    uint16_t shnum;
} elf_header_t;

static int read_header(elf_file_t *ef, elf_header_t *h)
{
    unsigned char id[EI_NIDENT];
    if (ef->size < EI_NIDENT)
        return refuse_elf(ef, "it is %llu bytes, too short for an ELF file: it "
                              "is truncated or not a shared object; rebuild or "
                              "re-install the plugin",
                          (unsigned long long)ef->size);
    if (read_at(ef, 0, id, EI_NIDENT, "identification") != 0 ||
        check_ident(ef, id) != 0)
        return -1;
    if (ef->is64) {
        Elf64_Ehdr e;
        if (read_at(ef, 0, &e, sizeof(e), "header") != 0)
            return -1;
        *h = (elf_header_t){e.e_type, e.e_machine, e.e_shoff, e.e_shentsize,
                            e.e_shnum};
    } else {
        Elf32_Ehdr e;
        if (read_at(ef, 0, &e, sizeof(e), "header") != 0)
            return -1;
        *h = (elf_header_t){e.e_type, e.e_machine, e.e_shoff, e.e_shentsize,
                            e.e_shnum};
    }
    if (h->type != ET_DYN)
        return refuse_elf(ef, "it is an ELF file but not a shared object (ELF "
                              "type %u): build the plugin as a MODULE library "
                              "(corsaro_add_plugin)",
                          h->type);
    return 0;
}

static int read_section(elf_file_t *ef, const elf_header_t *h, uint32_t index,
                        elf_section_t *s)
{
    uint64_t off = h->shoff + (uint64_t)index * h->shentsize;
    if (ef->is64) {
        Elf64_Shdr sh;
        if (read_at(ef, off, &sh, sizeof(sh), "section header") != 0)
            return -1;
        *s = (elf_section_t){sh.sh_type, sh.sh_link, sh.sh_addr, sh.sh_offset,
                             sh.sh_size, sh.sh_entsize};
    } else {
        Elf32_Shdr sh;
        if (read_at(ef, off, &sh, sizeof(sh), "section header") != 0)
            return -1;
        *s = (elf_section_t){sh.sh_type, sh.sh_link, sh.sh_addr, sh.sh_offset,
                             sh.sh_size, sh.sh_entsize};
    }
    return 0;
}

/* A whole table (.dynsym or .dynstr) in memory, bounded. */
static void *read_table(elf_file_t *ef, const elf_section_t *s, const char *what)
{
    if (s->size > TABLE_MAX) {
        refuse_elf(ef, "its ELF %s claims %llu bytes, more than any plugin's: "
                       "the file is corrupt; rebuild the plugin",
                   what, (unsigned long long)s->size);
        return NULL;
    }
    void *buf = malloc(s->size > 0 ? s->size : 1);
    if (buf == NULL) {
        refuse_elf(ef, "out of memory reading its ELF %s", what);
        return NULL;
    }
    if (read_at(ef, s->offset, buf, s->size, what) != 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

static elf_symbol_t symbol_at(const elf_file_t *ef, const uint8_t *syms,
                              uint64_t entsize, uint64_t i)
{
    elf_symbol_t out;
    if (ef->is64) {
        Elf64_Sym s;
        memcpy(&s, syms + i * entsize, sizeof(s));
        out = (elf_symbol_t){s.st_name, s.st_info, s.st_shndx, s.st_value, s.st_size};
    } else {
        Elf32_Sym s;
        memcpy(&s, syms + i * entsize, sizeof(s));
        out = (elf_symbol_t){s.st_name, s.st_info, s.st_shndx, s.st_value, s.st_size};
    }
    return out;
}

/* Whether the NUL-terminated name at @p at in the string table is @p want;
 * a name running off the table's end matches nothing. */
static int name_is(const char *strtab, uint64_t strsize, uint32_t at,
                   const char *want)
{
    size_t n = strlen(want) + 1;
    return at < strsize && strsize - at >= n && memcmp(strtab + at, want, n) == 0;
}

/* Finds the dynamic symbol table and its string table. */
static int find_dynsym(elf_file_t *ef, const elf_header_t *h, elf_section_t *sym,
                       elf_section_t *str)
{
    uint16_t need = ef->is64 ? sizeof(Elf64_Shdr) : sizeof(Elf32_Shdr);
    if (h->shnum == 0 || h->shoff == 0)
        return refuse_elf(ef, "it has no ELF section headers, so its exports "
                              "cannot be checked before loading: rebuild the "
                              "plugin (and do not strip it with sstrip)");
    if (h->shentsize < need)
        return refuse_elf(ef, "its ELF section headers are %u bytes, expected "
                              "at least %u: the file is corrupt; rebuild the "
                              "plugin",
                          h->shentsize, need);
    /* the whole table must be in the file, not just the entries read */
    uint64_t table = (uint64_t)h->shnum * h->shentsize;
    if (h->shoff > ef->size || table > ef->size - h->shoff)
        return refuse_elf(ef,
                          "its ELF section headers lie outside the file (%u "
                          "at offset %llu; the file has %llu bytes): the file "
                          "is truncated or corrupt; rebuild or re-install the "
                          "plugin",
                          h->shnum, (unsigned long long)h->shoff,
                          (unsigned long long)ef->size);
    for (uint32_t i = 0; i < h->shnum; i++) {
        if (read_section(ef, h, i, sym) != 0)
            return -1;
        if (sym->type != SHT_DYNSYM)
            continue;
        if (sym->link >= h->shnum || read_section(ef, h, sym->link, str) != 0 ||
            str->type != SHT_STRTAB)
            return ef->why[0] != '\0'
                       ? -1
                       : refuse_elf(ef, "its dynamic symbol table links to no "
                                        "string table: the file is corrupt; "
                                        "rebuild the plugin");
        return 0;
    }
    return refuse_elf(ef, "it has no dynamic symbol table, so it exports no "
                          "'%s' symbol and is not a Corsaro plugin (a plugin "
                          "exports its descriptor with CORSARO_PLUGIN_EXPORT)",
                      CORSARO_PLUGIN_SYMBOL);
}

/* Looks up corsaro_plugin in .dynsym. @return 1 found, 0 absent, -1 error */
static int find_symbol(elf_file_t *ef, const elf_section_t *symsec,
                       const elf_section_t *strsec, elf_symbol_t *out)
{
    uint64_t need = ef->is64 ? sizeof(Elf64_Sym) : sizeof(Elf32_Sym);
    if (symsec->entsize < need)
        return refuse_elf(ef, "its ELF symbols are %llu bytes, expected at least "
                              "%llu: the file is corrupt; rebuild the plugin",
                          (unsigned long long)symsec->entsize,
                          (unsigned long long)need);
    uint8_t *syms = read_table(ef, symsec, "dynamic symbol table");
    if (syms == NULL)
        return -1;
    char *strtab = read_table(ef, strsec, "dynamic string table");
    if (strtab == NULL) {
        free(syms);
        return -1;
    }
    int found = 0;
    uint64_t cnt = symsec->size / symsec->entsize;
    for (uint64_t i = 0; i < cnt && !found; i++) {
        elf_symbol_t s = symbol_at(ef, syms, symsec->entsize, i);
        if (name_is(strtab, strsec->size, s.name, CORSARO_PLUGIN_SYMBOL)) {
            *out = s;
            found = 1;
        }
    }
    free(strtab);
    free(syms);
    return found;
}

static const char *symbol_kind(const elf_symbol_t *s)
{
    if (s->shndx == SHN_UNDEF)
        return "undefined (imported, not exported)";
    if (ELF64_ST_BIND(s->info) != STB_GLOBAL)
        return ELF64_ST_BIND(s->info) == STB_WEAK ? "weak" : "local";
    if (ELF64_ST_TYPE(s->info) != STT_OBJECT)
        return ELF64_ST_TYPE(s->info) == STT_FUNC ? "a function" : "not a data object";
    return NULL;
}

/* Copies the descriptor's bytes as the file holds them (integers right,
 * pointers not yet relocated) into @p out, zero-padded. */
static int read_descriptor(elf_file_t *ef, const elf_header_t *h,
                           const elf_symbol_t *s, corsaro__elf_plugin_t *out)
{
    elf_section_t sec;
    if (s->shndx >= h->shnum || read_section(ef, h, s->shndx, &sec) != 0)
        return ef->why[0] != '\0'
                   ? -1
                   : refuse_elf(ef, "its '%s' symbol points at section %u, which "
                                    "does not exist: the file is corrupt; "
                                    "rebuild the plugin",
                                CORSARO_PLUGIN_SYMBOL, s->shndx);
    uint64_t n = s->size < sizeof(out->desc) ? s->size : sizeof(out->desc);
    if (sec.type == SHT_NOBITS || s->value < sec.addr ||
        s->value - sec.addr > sec.size || n > sec.size - (s->value - sec.addr))
        return refuse_elf(ef, "its '%s' symbol lies outside the section that "
                              "holds it: the file is corrupt; rebuild the plugin",
                          CORSARO_PLUGIN_SYMBOL);
    memset(&out->desc, 0, sizeof(out->desc));
    out->size = s->size;
    return read_at(ef, sec.offset + (s->value - sec.addr), &out->desc, n,
                   "plugin descriptor");
}

static int check_file(elf_file_t *ef, corsaro__elf_plugin_t *out)
{
    elf_header_t h = {0};
    elf_section_t symsec, strsec;
    elf_symbol_t sym = {0};
    if (read_header(ef, &h) != 0 || find_dynsym(ef, &h, &symsec, &strsec) != 0)
        return -1;
    int found = find_symbol(ef, &symsec, &strsec, &sym);
    if (found < 0)
        return -1;
    if (found == 0)
        return refuse_elf(ef, "it has no '%s' symbol, so it is not a Corsaro "
                              "plugin (a plugin exports its descriptor with "
                              "CORSARO_PLUGIN_EXPORT)",
                          CORSARO_PLUGIN_SYMBOL);
    const char *kind = symbol_kind(&sym);
    if (kind != NULL)
        return refuse_elf(ef, "its '%s' symbol is %s, not a defined global data "
                              "object: export the descriptor with "
                              "CORSARO_PLUGIN_EXPORT",
                          CORSARO_PLUGIN_SYMBOL, kind);
    /* only now is the layout of the descriptor ours to read */
    if (ef->is64 != (__ehdr_start[EI_CLASS] == ELFCLASS64))
        return refuse_elf(ef, "it is a %d-bit plugin, this corsaro is %d-bit: "
                              "rebuild the plugin for this machine",
                          ef->is64 ? 64 : 32, ef->is64 ? 32 : 64);
    uint16_t machine;
    memcpy(&machine, __ehdr_start + offsetof(ElfW(Ehdr), e_machine), sizeof(machine));
    if (h.machine != machine)
        return refuse_elf(ef, "it is built for another processor (ELF machine "
                              "%u, this corsaro's is %u): rebuild the plugin for "
                              "this machine",
                          h.machine, machine);
    if (read_descriptor(ef, &h, &sym, out) != 0)
        return -1;
    return corsaro__plugin_validate_abi(&out->desc, out->size, ef->why,
                                        ef->why_len);
}

int corsaro__elf_check_plugin(const char *path, corsaro__elf_plugin_t *out,
                              char *why, size_t why_len)
{
    elf_file_t ef = {.fd = -1, .why = why, .why_len = why_len};
    struct stat st;
    why[0] = '\0';
    ef.fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (ef.fd < 0) {
        snprintf(why, why_len, "cannot open: %s", strerror(errno));
        return -1;
    }
    int rc;
    if (fstat(ef.fd, &st) != 0) {
        rc = refuse_elf(&ef, "cannot stat: %s", strerror(errno));
    } else if (!S_ISREG(st.st_mode)) {
        rc = refuse_elf(&ef, "it is not a regular file: a plugin is a .so file");
    } else {
        ef.size = (uint64_t)st.st_size;
        rc = check_file(&ef, out);
    }
    close(ef.fd);
    return rc;
}
