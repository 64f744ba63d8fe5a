/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * hostile_elf BASE.so OUTDIR: writes OUTDIR/h_CASE.so, each a copy of the
 * (64-bit) plugin BASE.so truncated or with one ELF field made hostile
 * (offsets and sizes past the file, bad links, a symbol that is not the
 * descriptor), plus hand-made ELF32 and non-ELF files. The loader must
 * refuse every one from the file alone, with a reason, reading nothing
 * out of bounds (faults_loader_elf.sh runs it under ASan too).
 */
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *base;
static size_t base_len;
static const char *outdir;
static uint8_t *work;

static Elf64_Ehdr *ehdr(void) { return (Elf64_Ehdr *)(void *)work; }

static Elf64_Shdr *shdr(unsigned i)
{
    return (Elf64_Shdr *)(void *)(work + ehdr()->e_shoff + (size_t)i * ehdr()->e_shentsize);
}

static unsigned section_of_type(uint32_t type)
{
    for (unsigned i = 0; i < ehdr()->e_shnum; i++)
        if (shdr(i)->sh_type == type)
            return i;
    fprintf(stderr, "hostile_elf: no section of type %u\n", type);
    exit(1);
}

static Elf64_Shdr *dynsym(void) { return shdr(section_of_type(SHT_DYNSYM)); }
static Elf64_Shdr *dynstr(void) { return shdr(dynsym()->sh_link); }

static Elf64_Sym *plugin_symbol(void)
{
    Elf64_Shdr *s = dynsym();
    for (size_t i = 0; i < s->sh_size / s->sh_entsize; i++) {
        Elf64_Sym *sym = (Elf64_Sym *)(void *)(work + s->sh_offset + i * s->sh_entsize);
        if (strcmp((char *)work + dynstr()->sh_offset + sym->st_name, "corsaro_plugin") == 0)
            return sym;
    }
    fprintf(stderr, "hostile_elf: the base has no corsaro_plugin\n");
    exit(1);
}

static void write_out(const char *name, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/h_%s.so", outdir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

/* A fresh copy of the base to mutate. */
static void reset(void) { memcpy(work, base, base_len); }

static void truncations(void)
{
    const size_t at[] = {0, 10, 16, 63, 64, 200};
    for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
        char name[32];
        snprintf(name, sizeof(name), "trunc_%zu", at[i]);
        write_out(name, base, at[i]);
    }
    write_out("trunc_half", base, base_len / 2);
    write_out("trunc_last", base, base_len - 1);
    /* cut just before .dynstr ends: the symbol table is there, not its names */
    reset();
    write_out("trunc_dynstr", base, dynstr()->sh_offset + 8);
}

#define CASE(name, mutation)                                                \
    do {                                                                    \
        reset();                                                            \
        mutation;                                                           \
        write_out(name, work, base_len);                                    \
    } while (0)

static void mutations(void)
{
    CASE("shoff_huge", ehdr()->e_shoff = UINT64_MAX - 100);
    CASE("shoff_end", ehdr()->e_shoff = base_len - 8);
    CASE("shnum_max", ehdr()->e_shnum = 0xffff);
    CASE("shnum_zero", ehdr()->e_shnum = 0);
    CASE("shentsize_small", ehdr()->e_shentsize = 8);
    CASE("dynsym_off_huge", dynsym()->sh_offset = UINT64_MAX - 8);
    CASE("dynsym_size_huge", dynsym()->sh_size = UINT64_MAX);
    CASE("dynsym_size_past", dynsym()->sh_size = base_len);
    CASE("dynsym_entsize_zero", dynsym()->sh_entsize = 0);
    CASE("dynsym_link_bad", dynsym()->sh_link = 0xffff);
    CASE("dynsym_link_self", dynsym()->sh_link = section_of_type(SHT_DYNSYM));
    CASE("dynstr_size_past", dynstr()->sh_size = base_len);
    CASE("dynstr_off_huge", dynstr()->sh_offset = UINT64_MAX - 2);
    CASE("dynstr_cut", dynstr()->sh_size = plugin_symbol()->st_name + 5);
    CASE("sym_name_huge", plugin_symbol()->st_name = UINT32_MAX);
    CASE("sym_shndx_bad", plugin_symbol()->st_shndx = 0xfff0);
    CASE("sym_value_huge", plugin_symbol()->st_value = UINT64_MAX - 2);
    CASE("sym_undef", plugin_symbol()->st_shndx = SHN_UNDEF);
    CASE("sym_func", plugin_symbol()->st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC));
    CASE("sym_weak", plugin_symbol()->st_info = ELF64_ST_INFO(STB_WEAK, STT_OBJECT));
    CASE("sym_short", plugin_symbol()->st_size = 4);
    CASE("data_msb", work[EI_DATA] = ELFDATA2MSB);
    CASE("class_bad", work[EI_CLASS] = 9);
    CASE("class32", work[EI_CLASS] = ELFCLASS32);
    CASE("type_exec", ehdr()->e_type = ET_EXEC);
    CASE("machine_other", ehdr()->e_machine = (uint16_t)(ehdr()->e_machine + 1));
}

/* A minimal ELF32 shared object exporting corsaro_plugin: sound as ELF,
 * but of the other class. */
static void elf32_plugin(void)
{
    enum { SHNUM = 4, SHOFF = sizeof(Elf32_Ehdr),
           SYMOFF = SHOFF + SHNUM * sizeof(Elf32_Shdr),
           STROFF = SYMOFF + 2 * sizeof(Elf32_Sym), DATAOFF = STROFF + 16,
           TOTAL = DATAOFF + 64 };
    static uint8_t f[TOTAL];
    Elf32_Ehdr *e = (Elf32_Ehdr *)(void *)f;
    memcpy(e->e_ident, ELFMAG, SELFMAG);
    e->e_ident[EI_CLASS] = ELFCLASS32;
    e->e_ident[EI_DATA] = base[EI_DATA];
    e->e_ident[EI_VERSION] = EV_CURRENT;
    e->e_type = ET_DYN;
    e->e_machine = EM_386;
    e->e_version = EV_CURRENT;
    e->e_shoff = SHOFF;
    e->e_ehsize = sizeof(Elf32_Ehdr);
    e->e_shentsize = sizeof(Elf32_Shdr);
    e->e_shnum = SHNUM;
    Elf32_Shdr *sh = (Elf32_Shdr *)(void *)(f + SHOFF);
    sh[1] = (Elf32_Shdr){.sh_type = SHT_DYNSYM, .sh_offset = SYMOFF,
                         .sh_size = 2 * sizeof(Elf32_Sym), .sh_link = 2,
                         .sh_entsize = sizeof(Elf32_Sym)};
    sh[2] = (Elf32_Shdr){.sh_type = SHT_STRTAB, .sh_offset = STROFF, .sh_size = 16};
    sh[3] = (Elf32_Shdr){.sh_type = SHT_PROGBITS, .sh_addr = 0x1000,
                         .sh_offset = DATAOFF, .sh_size = 64};
    Elf32_Sym *sym = (Elf32_Sym *)(void *)(f + SYMOFF);
    sym[1] = (Elf32_Sym){.st_name = 1, .st_value = 0x1000, .st_size = 64,
                         .st_info = ELF32_ST_INFO(STB_GLOBAL, STT_OBJECT),
                         .st_shndx = 3};
    memcpy(f + STROFF, "\0corsaro_plugin\0", 16);
    write_out("elf32_plugin", f, TOTAL);
    write_out("elf32_trunc", f, STROFF + 4);
    sh[3].sh_size = 8; /* the symbol runs past its section */
    write_out("elf32_sym_past", f, TOTAL);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: hostile_elf BASE.so OUTDIR\n");
        return 2;
    }
    outdir = argv[2];
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        perror(argv[1]);
        return 1;
    }
    base_len = (size_t)ftell(f);
    rewind(f);
    base = malloc(base_len);
    work = malloc(base_len);
    if (base == NULL || work == NULL || fread(base, 1, base_len, f) != base_len) {
        perror(argv[1]);
        return 1;
    }
    fclose(f);
    write_out("not_elf", "not an ELF file\n", 16);
    elf32_plugin();
    if (base[EI_CLASS] != ELFCLASS64) {
        fprintf(stderr, "hostile_elf: the base is not ELF64; only hand-made cases written\n");
        return 0;
    }
    truncations();
    mutations();
    return 0;
}
