/* fred_maps.c - see fred_maps.h. */
#define _GNU_SOURCE
#include "fred_maps.h"
#include "fred_util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static uint64_t parse_hex(const char **p)
{
    uint64_t v = 0;
    for (;; (*p)++) {
        char c = **p;
        if (c >= '0' && c <= '9') v = v * 16 + (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f') v = v * 16 + (uint64_t)(c - 'a' + 10);
        else return v;
    }
}

static uint64_t parse_dec(const char **p)
{
    uint64_t v = 0;
    while (**p >= '0' && **p <= '9') v = v * 10 + (uint64_t)(*(*p)++ - '0');
    return v;
}

static void skip_spaces(const char **p) { while (**p == ' ') (*p)++; }
static void skip_field(const char **p) { while (**p && **p != ' ' && **p != '\n') (*p)++; skip_spaces(p); }

static int parse_line(const char *p, struct fred_mapping *m)
{
    m->start = parse_hex(&p);
    if (*p++ != '-') return -1;
    m->end = parse_hex(&p);
    skip_spaces(&p);
    m->prot = (p[0] == 'r' ? PROT_READ : 0) | (p[1] == 'w' ? PROT_WRITE : 0) | (p[2] == 'x' ? PROT_EXEC : 0);
    m->shared = p[3] == 's';
    skip_field(&p);
    m->offset = parse_hex(&p);
    skip_spaces(&p);
    skip_field(&p);                 /* device */
    m->inode = parse_dec(&p);
    skip_spaces(&p);
    size_t n = 0;
    while (p[n] && p[n] != '\n') n++;
    if (n >= sizeof m->path) n = sizeof m->path - 1;
    memcpy(m->path, p, n);
    m->path[n] = 0;
    return 0;
}

int fred_maps_read(struct fred_maps *maps) { return fred_maps_read_pid(maps, 0); }

int fred_maps_read_pid(struct fred_maps *maps, int pid)
{
    enum { TEXT_CAP = 4 << 20 };
    memset(maps, 0, sizeof *maps);
    char *text = fred_map(TEXT_CAP);
    if (!text) return -1;
    char file[64] = "/proc/thread-self/maps";   /* the first thread may have ended (pthread_exit in main): its entry shows no memory */
    if (pid > 0) snprintf(file, sizeof file, "/proc/%d/maps", pid);
    ssize_t len = fred_read_file(file, text, TEXT_CAP - 1);
    if (len < 0) { int e = errno; fred_unmap(text, TEXT_CAP); errno = e; return -1; }
    text[len] = 0;
    int lines = 0;
    for (ssize_t i = 0; i < len; i++) lines += text[i] == '\n';
    maps->capacity = lines + 1;
    maps->bytes = ((size_t)maps->capacity * sizeof(struct fred_mapping) + 4095) & ~(size_t)4095;
    maps->items = fred_map(maps->bytes);
    if (!maps->items) { fred_unmap(text, TEXT_CAP); errno = ENOMEM; return -1; }
    for (const char *p = text; *p;) {
        if (maps->count < maps->capacity && parse_line(p, &maps->items[maps->count]) == 0) maps->count++;
        const char *nl = strchr(p, '\n');
        if (!nl) break;
        p = nl + 1;
    }
    fred_unmap(text, TEXT_CAP);
    return 0;
}

void fred_maps_release(struct fred_maps *maps)
{
    fred_unmap(maps->items, maps->bytes);
    memset(maps, 0, sizeof *maps);
}

const struct fred_mapping *fred_maps_find(const struct fred_maps *maps, const char *path)
{
    for (int i = 0; i < maps->count; i++)
        if (strcmp(maps->items[i].path, path) == 0) return &maps->items[i];
    return NULL;
}
