/*
 * Corsaro: passive packet-trace analysis.
 * Copyright (C) 2026 The Corsaro developers. GPL-3.0-or-later.
 */
/*
 * Plugin discovery. The scan lists every `*.so` in the search path and
 * checks each from its ELF file alone (plugin_elf.c): nothing is mapped,
 * so no constructor runs. A file that passes becomes a candidate, opened
 * with libltdl only when a run asks for its plugin (NAME.so first) or a
 * reader needs it; its `corsaro_plugin` descriptor is then checked against
 * the ABI rules of DESIGN.md. Files that do not fit are kept in a refusal
 * list with the reason and the remedy, for --list-plugins and for error
 * messages.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <limits.h>
#include <link.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ltdl.h>

#include "corsaro_int.h"

#define FIXED_PART CORSARO__PLUGIN_FIXED_PART

static char *xstrdup(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

const char *corsaro__source_name(corsaro__plugin_source_t source)
{
    switch (source) {
    case CORSARO__SOURCE_OPTION:
        return "--plugin-path";
    case CORSARO__SOURCE_ENV:
        return "CORSARO_PLUGIN_PATH";
    default:
        return "default";
    }
}

/* The default directory sits beside the libcorsaro.so in use: the build
 * tree's plugins for a build-tree library, else <libdir>/corsaro/plugins,
 * which is right for any install prefix. */
const char *corsaro__default_plugin_dir(const char **label)
{
    static char dir[CORSARO__NAME_LEN];
    Dl_info info;

    *label = "installed";
    if (dladdr((void *)corsaro__default_plugin_dir, &info) != 0 &&
        info.dli_fname != NULL) {
        char *copy = strdup(info.dli_fname);
        if (copy != NULL) {
            char *slash = strrchr(copy, '/');
            if (slash != NULL) {
                *slash = '\0';
                if (strcmp(copy, CORSARO_BUILD_LIBDIR) == 0) {
                    *label = "build tree";
                    snprintf(dir, sizeof(dir), "%s", CORSARO_BUILD_PLUGINDIR);
                } else {
                    /* shown to users: <prefix>/lib, not <prefix>/bin/../lib */
                    char real[PATH_MAX];
                    snprintf(dir, sizeof(dir), "%s/corsaro/plugins",
                             realpath(copy, real) != NULL ? real : copy);
                }
                free(copy);
                return dir;
            }
            free(copy);
        }
    }
    return CORSARO_INSTALL_PLUGINDIR;
}

corsaro__plugin_registry_t *corsaro__registry_alloc(void)
{
    return calloc(1, sizeof(corsaro__plugin_registry_t));
}

/* The same directory twice (e.g. CORSARO_PLUGIN_PATH naming the default
 * one) is searched once, under its first source. */
static int has_dir(corsaro__plugin_registry_t *reg, const char *dir, size_t n)
{
    char want[PATH_MAX], have[PATH_MAX];
    char *copy = strndup(dir, n);
    if (copy == NULL)
        return 0;
    int found = 0;
    const char *w = realpath(copy, want) != NULL ? want : copy;
    for (int i = 0; i < reg->dir_cnt && !found; i++) {
        const char *h = realpath(reg->dirs[i], have) != NULL ? have : reg->dirs[i];
        found = strcmp(w, h) == 0;
    }
    free(copy);
    return found;
}

static int add_dir(corsaro__plugin_registry_t *reg, const char *dir, size_t n,
                   corsaro__plugin_source_t source)
{
    if (has_dir(reg, dir, n))
        return 0;
    char **dirs = realloc(reg->dirs, sizeof(char *) * (size_t)(reg->dir_cnt + 1));
    if (dirs == NULL)
        return -1;
    reg->dirs = dirs;
    corsaro__plugin_source_t *src = realloc(
        reg->dir_source, sizeof(*src) * (size_t)(reg->dir_cnt + 1));
    if (src == NULL)
        return -1;
    reg->dir_source = src;
    reg->dirs[reg->dir_cnt] = strndup(dir, n);
    if (reg->dirs[reg->dir_cnt] == NULL)
        return -1;
    reg->dir_source[reg->dir_cnt] = source;
    reg->dir_cnt++;
    return 0;
}

int corsaro__registry_add_dirs(corsaro__plugin_registry_t *reg, const char *dirs,
                               corsaro__plugin_source_t source)
{
    const char *p = dirs;
    while (p != NULL && *p != '\0') {
        const char *colon = strchr(p, ':');
        size_t n = colon != NULL ? (size_t)(colon - p) : strlen(p);
        if (n > 0 && add_dir(reg, p, n, source) != 0)
            return -1;
        p = colon != NULL ? colon + 1 : NULL;
    }
    return 0;
}

static void add_warning(corsaro__plugin_registry_t *reg, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void add_warning(corsaro__plugin_registry_t *reg, const char *fmt, ...)
{
    char msg[CORSARO__ERR_LEN];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    char **w = realloc(reg->warnings, sizeof(char *) * (size_t)(reg->warning_cnt + 1));
    if (w == NULL)
        return;
    reg->warnings = w;
    w[reg->warning_cnt] = strdup(msg);
    if (w[reg->warning_cnt] != NULL)
        reg->warning_cnt++;
}

static void refuse(corsaro__plugin_registry_t *reg, const char *path,
                   const char *reason)
{
    corsaro__plugin_refusal_t *r = calloc(1, sizeof(*r));
    if (r == NULL)
        return;
    r->path = xstrdup(path);
    r->reason = xstrdup(reason);
    corsaro__plugin_refusal_t **tail = &reg->refused;
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = r;
}

static int name_ok(const char *name)
{
    if (name == NULL || name[0] == '\0' || strlen(name) > 64)
        return 0;
    for (const char *p = name; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    return 1;
}

int corsaro__plugin_name_reserved(const char *name)
{
    /* %P of the global file and the log file */
    return strcmp(name, "global") == 0 || strcmp(name, "log") == 0;
}

int corsaro__plugin_validate_abi(const corsaro_plugin_t *d, size_t avail,
                                 char *why, size_t len)
{
    if (avail < FIXED_PART || d->struct_size < FIXED_PART) {
        snprintf(why, len,
                 "its descriptor is %u bytes, shorter than the %zu-byte fixed "
                 "part: rebuild the plugin against the Corsaro SDK %d.%d",
                 (unsigned)(avail < FIXED_PART ? avail : d->struct_size),
                 FIXED_PART, CORSARO_PLUGIN_ABI_MAJOR, CORSARO_PLUGIN_ABI_MINOR);
        return -1;
    }
    if (d->abi_major != CORSARO_PLUGIN_ABI_MAJOR) {
        snprintf(why, len,
                 "built for plugin ABI %u.%u, this corsaro loads ABI %d.x: "
                 "rebuild the plugin against the Corsaro SDK %d.%d",
                 d->abi_major, d->abi_minor, CORSARO_PLUGIN_ABI_MAJOR,
                 CORSARO_PLUGIN_ABI_MAJOR, CORSARO_PLUGIN_ABI_MINOR);
        return -1;
    }
    if (d->abi_minor > CORSARO_PLUGIN_ABI_MINOR) {
        snprintf(why, len,
                 "built for plugin ABI %u.%u, newer than this corsaro's %d.%d: "
                 "upgrade corsaro, or rebuild the plugin against SDK %d.%d",
                 d->abi_major, d->abi_minor, CORSARO_PLUGIN_ABI_MAJOR,
                 CORSARO_PLUGIN_ABI_MINOR, CORSARO_PLUGIN_ABI_MAJOR,
                 CORSARO_PLUGIN_ABI_MINOR);
        return -1;
    }
    return 0;
}

int corsaro__plugin_validate(const corsaro_plugin_t *d, size_t avail, char *why,
                             size_t len)
{
    if (corsaro__plugin_validate_abi(d, avail, why, len) != 0)
        return -1;
    if (!name_ok(d->name)) {
        snprintf(why, len,
                 "its name '%s' is not valid: expected 1-64 characters of "
                 "[a-z0-9_]; fix .name in the plugin's descriptor",
                 d->name != NULL ? d->name : "(null)");
        return -1;
    }
    if (corsaro__plugin_name_reserved(d->name)) {
        snprintf(why, len,
                 "its name '%s' is reserved: Corsaro's own %s file uses it "
                 "(%%P=%s in the -o template); rename the plugin (.name in "
                 "its descriptor, and its file)",
                 d->name, strcmp(d->name, "log") == 0 ? "log" : "global",
                 d->name);
        return -1;
    }
    static const struct {
        size_t offset;
        const char *what;
    } required[] = {
        {offsetof(corsaro_plugin_t, init_output), "init_output"},
        {offsetof(corsaro_plugin_t, close_output), "close_output"},
        {offsetof(corsaro_plugin_t, start_interval), "start_interval"},
        {offsetof(corsaro_plugin_t, end_interval), "end_interval"},
        {offsetof(corsaro_plugin_t, process_packet), "process_packet"},
    };
    for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
        void *fn;
        memcpy(&fn, (const char *)d + required[i].offset, sizeof(fn));
        if (fn == NULL) {
            snprintf(why, len,
                     "plugin '%s': the required callback %s is NULL; set it "
                     "in the descriptor (CORSARO_PLUGIN_GENERATE_PTRS_OUT)",
                     d->name, required[i].what);
            return -1;
        }
    }
    int in_parts = (d->init_input != NULL) + (d->close_input != NULL) +
                   (d->read_record != NULL);
    if (in_parts != 0 && (in_parts != 3 ||
                          (d->probe_filename == NULL && d->probe_magic == NULL))) {
        snprintf(why, len,
                 "plugin '%s' has only part of the Corsaro-In callbacks: "
                 "expected init_input, close_input, read_record and a probe "
                 "together, or none of them",
                 d->name);
        return -1;
    }
    return 0;
}

/* Other users must not be able to swap the code we run. */
static int unsafe(const char *path, const struct stat *st, char *why, size_t len)
{
    if (st->st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(why, len,
                 "%s is writable by group or others; fix with 'chmod go-w %s', "
                 "or pass --plugin-trust-all",
                 path, path);
        return 1;
    }
    if (st->st_uid != 0 && st->st_uid != geteuid()) {
        snprintf(why, len,
                 "%s belongs to another user (uid %u); load only your own or "
                 "root's plugins, or pass --plugin-trust-all",
                 path, (unsigned)st->st_uid);
        return 1;
    }
    return 0;
}

/* How many bytes the exported descriptor really has (its ELF symbol size),
 * so a short struct is never read past its end. */
static size_t symbol_size(const void *addr, size_t fallback)
{
    Dl_info info;
    const ElfW(Sym) *sym = NULL;
    if (dladdr1(addr, &info, (void **)&sym, RTLD_DL_SYMENT) != 0 && sym != NULL &&
        sym->st_size > 0)
        return sym->st_size;
    return fallback;
}

/* Whether a file may be loaded at all: it is ours or root's, nobody else
 * may write it, and its ELF file says it is a plugin. Reads the file,
 * never maps it. */
static int admissible(corsaro__plugin_registry_t *reg, const char *path,
                      corsaro__elf_plugin_t *elf, char *why, size_t len)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(why, len, "cannot stat: %s", strerror(errno));
        return 0;
    }
    if (!reg->trust_all && unsafe(path, &st, why, len))
        return 0;
    return corsaro__elf_check_plugin(path, elf, why, len) == 0;
}

static void add_candidate(corsaro__plugin_registry_t *reg, const char *dir,
                          const char *name, corsaro__plugin_source_t source)
{
    char path[CORSARO__NAME_LEN], why[CORSARO__ERR_LEN];
    corsaro__elf_plugin_t elf;
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (!admissible(reg, path, &elf, why, sizeof(why))) {
        refuse(reg, path, why);
        return;
    }
    corsaro__plugin_candidate_t *c = calloc(1, sizeof(*c));
    if (c == NULL)
        return;
    c->path = strdup(path);
    c->stem = strndup(name, strlen(name) - 3); /* without ".so" */
    if (c->path == NULL || c->stem == NULL) {
        free(c->path);
        free(c->stem);
        free(c);
        return;
    }
    c->source = source;
    c->magic = elf.desc.magic;
    c->magic_alt = elf.desc.magic_alt;
    corsaro__plugin_candidate_t **tail = &reg->candidates;
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = c;
    reg->candidate_cnt++;
}

/* dlopens a file that passed the ELF check. @return the handle or NULL */
static lt_dlhandle open_bound(corsaro__plugin_registry_t *reg, const char *path)
{
    char why[CORSARO__ERR_LEN];
    /* libltdl opens with RTLD_LAZY: a plugin built without -z now that
     * calls a missing function would load, then kill the run when it first
     * calls it. Binding every symbol now makes that a refusal at load,
     * naming the symbol. ltdl's open below finds the object loaded and
     * bound already; this reference is dropped once ltdl holds one. */
    void *bound = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (bound == NULL) {
        const char *e = dlerror();
        snprintf(why, sizeof(why),
                 "cannot be loaded as a shared object with every symbol "
                 "bound: %s (check it with 'ldd -r %s'; linking a plugin "
                 "with -z defs finds a missing symbol at build time)",
                 e != NULL ? e : "unknown error", path);
        refuse(reg, path, why);
        return NULL;
    }
    lt_dladvise advise;
    lt_dladvise_init(&advise);
    lt_dladvise_local(&advise);
    lt_dlhandle handle = lt_dlopenadvise(path, advise);
    lt_dladvise_destroy(&advise);
    dlclose(bound);
    if (handle == NULL) {
        const char *e = lt_dlerror();
        snprintf(why, sizeof(why),
                 "cannot be loaded as a shared object: %s (check it with "
                 "'ldd %s')",
                 e != NULL ? e : "unknown error", path);
        refuse(reg, path, why);
    }
    return handle;
}

/* A plugin of the same name or magic loaded before wins. @return 1 if @p f
 * duplicates one (and is refused) */
static int duplicate(corsaro__plugin_registry_t *reg, const char *path,
                     const corsaro__plugin_file_t *f)
{
    char why[CORSARO__ERR_LEN];
    for (corsaro__plugin_file_t *o = reg->plugins; o != NULL; o = o->next) {
        int same_name = strcmp(o->desc.name, f->desc.name) == 0;
        int same_magic = f->desc.magic != 0 &&
                         (f->desc.magic == o->desc.magic ||
                          f->desc.magic == o->desc.magic_alt);
        if (same_name || same_magic) {
            snprintf(why, sizeof(why),
                     "duplicate of plugin '%s' already loaded from %s (same "
                     "%s; the first in search order wins)",
                     o->desc.name, o->path, same_name ? "name" : "magic");
            add_warning(reg, "plugin %s ignored: %s", path, why);
            refuse(reg, path, why);
            return 1;
        }
    }
    return 0;
}

static corsaro__plugin_file_t *load_file(corsaro__plugin_registry_t *reg,
                                         const char *path,
                                         corsaro__plugin_source_t source)
{
    char why[CORSARO__ERR_LEN];
    lt_dlhandle handle = open_bound(reg, path);
    if (handle == NULL)
        return NULL;
    const corsaro_plugin_t *d = lt_dlsym(handle, CORSARO_PLUGIN_SYMBOL);
    if (d == NULL) {
        snprintf(why, sizeof(why),
                 "it has no '%s' symbol, so it is not a Corsaro plugin (a "
                 "plugin exports its descriptor with CORSARO_PLUGIN_EXPORT)",
                 CORSARO_PLUGIN_SYMBOL);
        refuse(reg, path, why);
        lt_dlclose(handle);
        return NULL;
    }
    /* read no byte past the exported object: its ELF size bounds the copy,
     * then struct_size (which an older plugin sets smaller) bounds it again;
     * newer fields stay zero, i.e. absent */
    size_t object = symbol_size(d, sizeof(corsaro_plugin_t));
    corsaro__plugin_file_t *f = calloc(1, sizeof(*f));
    if (f == NULL) {
        lt_dlclose(handle);
        return NULL;
    }
    size_t n = object < sizeof(f->desc) ? object : sizeof(f->desc);
    memcpy(&f->desc, d, n);
    if (f->desc.struct_size < n)
        memset((char *)&f->desc + f->desc.struct_size, 0, n - f->desc.struct_size);
    int bad = corsaro__plugin_validate(&f->desc, object, why, sizeof(why)) != 0;
    if (bad)
        refuse(reg, path, why);
    if (bad || duplicate(reg, path, f)) {
        free(f);
        lt_dlclose(handle);
        return NULL;
    }
    f->path = strdup(path);
    f->source = source;
    f->handle = handle;
    corsaro__plugin_file_t **tail = &reg->plugins;
    while (*tail != NULL)
        tail = &(*tail)->next;
    *tail = f;
    return f;
}

corsaro__plugin_file_t *corsaro__registry_load(corsaro__plugin_registry_t *reg,
                                               corsaro__plugin_candidate_t *cand)
{
    if (!cand->tried) {
        cand->tried = 1;
        cand->file = load_file(reg, cand->path, cand->source);
    }
    return cand->file;
}

void corsaro__registry_load_all(corsaro__plugin_registry_t *reg)
{
    for (corsaro__plugin_candidate_t *c = reg->candidates; c != NULL; c = c->next)
        corsaro__registry_load(reg, c);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_plugin_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 3 && strcmp(name + n - 3, ".so") == 0;
}

static void scan_dir(corsaro__plugin_registry_t *reg, const char *dir,
                     corsaro__plugin_source_t source)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        if (source != CORSARO__SOURCE_DEFAULT)
            add_warning(reg, "plugin directory %s (from %s) cannot be read: %s",
                        dir, corsaro__source_name(source), strerror(errno));
        return;
    }
    char why[CORSARO__ERR_LEN];
    struct stat st;
    if (!reg->trust_all && fstat(dirfd(d), &st) == 0 &&
        unsafe(dir, &st, why, sizeof(why))) {
        refuse(reg, dir, why);
        closedir(d);
        return;
    }
    char **names = NULL;
    size_t cnt = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_plugin_name(e->d_name))
            continue;
        char **grown = realloc(names, sizeof(char *) * (cnt + 1));
        if (grown == NULL)
            break;
        names = grown;
        names[cnt] = strdup(e->d_name);
        if (names[cnt] != NULL)
            cnt++;
    }
    closedir(d);
    qsort(names, cnt, sizeof(char *), cmp_names); /* same order every run */
    for (size_t i = 0; i < cnt; i++) {
        add_candidate(reg, dir, names[i], source);
        free(names[i]);
    }
    free(names);
}

int corsaro__registry_scan(corsaro__plugin_registry_t *reg)
{
    const char *label;
    if (reg->scanned)
        return 0;
    reg->scanned = 1;
    /* secure_getenv: ignored when running setuid/setgid */
    const char *env = secure_getenv("CORSARO_PLUGIN_PATH");
    if (env != NULL && corsaro__registry_add_dirs(reg, env, CORSARO__SOURCE_ENV) != 0)
        return -1;
    const char *def = corsaro__default_plugin_dir(&label);
    if (add_dir(reg, def, strlen(def), CORSARO__SOURCE_DEFAULT) != 0)
        return -1;
    if (lt_dlinit() != 0)
        return -1;
    for (int i = 0; i < reg->dir_cnt; i++)
        scan_dir(reg, reg->dirs[i], reg->dir_source[i]);
    return 0;
}

static corsaro__plugin_file_t *loaded_plugin(corsaro__plugin_registry_t *reg,
                                             const char *name)
{
    for (corsaro__plugin_file_t *f = reg->plugins; f != NULL; f = f->next)
        if (strcasecmp(f->desc.name, name) == 0)
            return f;
    return NULL;
}

/* Loads candidates (only those named NAME.so if @p by_stem) until one
 * holds plugin @p name. */
static corsaro__plugin_file_t *load_until(corsaro__plugin_registry_t *reg,
                                          const char *name, int by_stem)
{
    for (corsaro__plugin_candidate_t *c = reg->candidates; c != NULL; c = c->next) {
        if (c->tried || (by_stem && strcasecmp(c->stem, name) != 0))
            continue;
        corsaro__plugin_file_t *f = corsaro__registry_load(reg, c);
        if (f != NULL && strcasecmp(f->desc.name, name) == 0)
            return f;
    }
    return NULL;
}

corsaro__plugin_file_t *corsaro__registry_find(corsaro__plugin_registry_t *reg,
                                               const char *name)
{
    corsaro__plugin_file_t *f = loaded_plugin(reg, name);
    if (f == NULL)
        f = load_until(reg, name, 1);
    /* a plugin whose file is named otherwise: only now open the rest */
    if (f == NULL)
        f = load_until(reg, name, 0);
    return f;
}

void corsaro__registry_drop_unused(corsaro__plugin_registry_t *reg)
{
    corsaro__plugin_file_t **link = &reg->plugins;
    while (*link != NULL) {
        corsaro__plugin_file_t *f = *link;
        if (f->used) {
            link = &f->next;
            continue;
        }
        *link = f->next;
        for (corsaro__plugin_candidate_t *c = reg->candidates; c != NULL; c = c->next)
            if (c->file == f)
                c->file = NULL; /* tried: not loaded again */
        lt_dlclose(f->handle);
        free(f->path);
        free(f);
    }
}

void corsaro__registry_free(corsaro__plugin_registry_t *reg)
{
    if (reg == NULL)
        return;
    while (reg->plugins != NULL) {
        corsaro__plugin_file_t *f = reg->plugins;
        reg->plugins = f->next;
        lt_dlclose(f->handle);
        free(f->path);
        free(f);
    }
    while (reg->candidates != NULL) {
        corsaro__plugin_candidate_t *c = reg->candidates;
        reg->candidates = c->next;
        free(c->path);
        free(c->stem);
        free(c);
    }
    while (reg->refused != NULL) {
        corsaro__plugin_refusal_t *r = reg->refused;
        reg->refused = r->next;
        free(r->path);
        free(r->reason);
        free(r);
    }
    for (int i = 0; i < reg->dir_cnt; i++)
        free(reg->dirs[i]);
    for (int i = 0; i < reg->warning_cnt; i++)
        free(reg->warnings[i]);
    free(reg->warnings);
    free(reg->dirs);
    free(reg->dir_source);
    if (reg->scanned)
        lt_dlexit();
    free(reg);
}
