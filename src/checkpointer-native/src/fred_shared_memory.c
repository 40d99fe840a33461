/*
 * fred_shared_memory.c - see fred_shared_memory.h.
 *
 * The copies live in fred's work window (fred_map), so images leave them out. A mapping
 * is "the same" between snapshots when start, end, inode and path match; its copy is then
 * updated page by page where it differs, so unchanged pages stay shared with the copies
 * of earlier snapshots. Beyond FRED_CKPT_SHARED_MAX bytes in all (default 1 GiB), or
 * when fred_map fails, a mapping keeps only a checksum: a resume that finds it unchanged
 * goes on, one that finds it changed refuses. Unreadable mappings are refused on resume.
 * A read-only view of a file on disk is not copied: its file's size and mtime say whether
 * another process wrote it since.
 */
#define _GNU_SOURCE
#include "fred_shared_memory.h"
#include "fred_hash.h"
#include "fred_maps.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define FRED_MAX_SHARED 64
#define FRED_MAX_OWN 16
enum { PAGE = 4096 };

enum shared_how {
    SHARED_COPIED = 1,        /* shadow holds the contents */
    SHARED_HASHED = 2,        /* over the budget: only a checksum */
    SHARED_UNREADABLE = 3,    /* PROT_NONE, or /proc/self/maps could not be read */
    SHARED_FILE_VIEW = 4,     /* read-only view of a file on disk: only someone else can change it,
                               * which its size and mtime tell (glibc maps gconv-modules.cache so) */
};

struct shared_record {
    uint64_t start, end;
    uint64_t inode;
    uint64_t file_offset;
    uint64_t length;          /* bytes backed by the file (a shared file mapping may reach past its end) */
    int prot;
    int how;
    char *shadow;             /* SHARED_COPIED: length bytes, rounded up to pages */
    uint64_t hash;            /* SHARED_HASHED */
    uint64_t file_size, file_mtime_ns;   /* SHARED_FILE_VIEW */
    char path[240];
};

struct shared_table {
    int count;
    int overflow;             /* more mappings than FRED_MAX_SHARED */
    struct shared_record items[FRED_MAX_SHARED];
};

/* In the library's memory: every snapshot and resumed copy has its own. */
static struct shared_table shared;
static struct shared_table next_table;   /* scratch of fred_shared_save (the handler's stack may be small) */
static struct {
    int count;
    struct { uint64_t start, end; } items[FRED_MAX_OWN];
} own;

int fred_own_mapping_add(void *addr, size_t len)
{
    if (own.count == FRED_MAX_OWN) return -1;
    own.items[own.count].start = (uint64_t)(uintptr_t)addr;
    own.items[own.count].end = (uint64_t)(uintptr_t)addr + len;
    own.count++;
    return 0;
}

void fred_own_mapping_remove(void *addr)
{
    for (int i = 0; i < own.count; i++)
        if (own.items[i].start == (uint64_t)(uintptr_t)addr) own.items[i] = own.items[--own.count];
}

static int is_own(const struct fred_mapping *m)
{
    for (int i = 0; i < own.count; i++)
        if (m->start < own.items[i].end && own.items[i].start < m->end) return 1;
    return 0;
}

static uint64_t budget_bytes(void)
{
    const char *setting = getenv("FRED_CKPT_SHARED_MAX");
    return setting && *setting ? strtoull(setting, NULL, 10) : 1ull << 30;
}

static uint64_t round_up(uint64_t n) { return (n + PAGE - 1) & ~(uint64_t)(PAGE - 1); }

/* Pages of a file mapping past the file's end cannot be touched (SIGBUS). */
static uint64_t backed_length(const char *path, uint64_t file_offset, uint64_t length)
{
    size_t n = strlen(path);
    const char *deleted = " (deleted)";
    if (path[0] != '/' || (n > strlen(deleted) && strcmp(path + n - strlen(deleted), deleted) == 0)) return length;
    struct stat sb;
    if (stat(path, &sb) < 0 || !S_ISREG(sb.st_mode)) return length;
    if ((uint64_t)sb.st_size <= file_offset) return 0;
    uint64_t backed = round_up((uint64_t)sb.st_size - file_offset);
    return backed < length ? backed : length;
}

static struct shared_record *previous(const struct fred_mapping *m)
{
    for (int i = 0; i < shared.count; i++) {
        struct shared_record *r = &shared.items[i];
        if (r->start == m->start && r->end == m->end && r->inode == m->inode && strncmp(r->path, m->path, sizeof r->path - 1) == 0)
            return r;
    }
    return NULL;
}

/* Write into copy the pages of data that differ; returns bytes written. */
static uint64_t update_pages(char *copy, const char *data, uint64_t length)
{
    uint64_t written = 0;
    for (uint64_t off = 0; off < length; off += PAGE) {
        uint64_t n = length - off < PAGE ? length - off : PAGE;
        if (memcmp(copy + off, data + off, n) == 0) continue;
        memcpy(copy + off, data + off, n);
        written += n;
    }
    return written;
}

/* The file of a read-only view, if it is a file on disk (not deleted, not shared memory). */
static int file_on_disk(const struct shared_record *r, struct stat *sb)
{
    size_t n = strlen(r->path);
    const char *deleted = " (deleted)";
    if (r->path[0] != '/' || strncmp(r->path, "/dev/", 5) == 0 || strncmp(r->path, "/SYSV", 5) == 0) return 0;
    if (n > strlen(deleted) && strcmp(r->path + n - strlen(deleted), deleted) == 0) return 0;
    return stat(r->path, sb) == 0 && S_ISREG(sb->st_mode) && (uint64_t)sb->st_ino == r->inode;
}

static uint64_t mtime_ns(const struct stat *sb)
{
    return (uint64_t)sb->st_mtim.tv_sec * 1000000000ull + (uint64_t)sb->st_mtim.tv_nsec;
}

static void save_one(const struct fred_mapping *m, struct shared_record *r, uint64_t *budget_left)
{
    memset(r, 0, sizeof *r);
    r->start = m->start;
    r->end = m->end;
    r->inode = m->inode;
    r->file_offset = m->offset;
    r->prot = m->prot;
    fred_copy_string(r->path, m->path, sizeof r->path);
    struct shared_record *old = previous(m);
    if (!(m->prot & PROT_READ)) {
        r->how = SHARED_UNREADABLE;
        return;
    }
    struct stat sb;
    if (!(m->prot & PROT_WRITE) && file_on_disk(r, &sb)) {
        r->how = SHARED_FILE_VIEW;
        r->file_size = (uint64_t)sb.st_size;
        r->file_mtime_ns = mtime_ns(&sb);
        return;
    }
    r->length = backed_length(m->path, m->offset, m->end - m->start);
    if (r->length <= *budget_left) {
        if (old && old->shadow && old->length == r->length) {
            r->shadow = old->shadow;
            old->shadow = NULL;                         /* taken over: not released below */
            update_pages(r->shadow, (const char *)(uintptr_t)r->start, r->length);
        } else if (r->length == 0 || (r->shadow = fred_map(r->length)) != NULL) {
            if (r->length) {
                madvise(r->shadow, round_up(r->length), MADV_POPULATE_WRITE);   /* one call, not a fault per page */
                memcpy(r->shadow, (const char *)(uintptr_t)r->start, r->length);
            }
        }
        if (r->shadow || r->length == 0) {
            r->how = SHARED_COPIED;
            *budget_left -= r->length;
            return;
        }
    }
    r->how = SHARED_HASHED;
    r->hash = fred_hash((const void *)(uintptr_t)r->start, r->length);
}

/* PROCMAP_QUERY (Linux 6.11, <linux/fs.h>; not in this system's headers): asks for one
 * mapping at or after an address, with filters, in microseconds where reading
 * /proc/self/maps takes tens of them (a time series takes a snapshot every few). */
struct procmap_query {
    uint64_t size, query_flags, query_addr;
    uint64_t vma_start, vma_end, vma_flags, vma_page_size, vma_offset, inode;
    uint32_t dev_major, dev_minor, vma_name_size, build_id_size;
    uint64_t vma_name_addr, build_id_addr;
};
#define FRED_PROCMAP_QUERY _IOWR('f', 17, struct procmap_query)
#define FRED_QUERY_VMA_SHARED 0x08
#define FRED_QUERY_COVERING_OR_NEXT_VMA 0x10

/* 0 when the program has no shared mapping but fred's own, 1 when it has one or the
 * kernel cannot say. */
static int program_has_shared_mappings(void)
{
    int fd = open("/proc/thread-self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 1;
    int found = 0;
    struct procmap_query q;
    for (uint64_t from = 0;;) {
        memset(&q, 0, sizeof q);
        q.size = sizeof q;
        q.query_flags = FRED_QUERY_COVERING_OR_NEXT_VMA | FRED_QUERY_VMA_SHARED;
        q.query_addr = from;
        if (ioctl(fd, FRED_PROCMAP_QUERY, &q) < 0) {
            found = errno != ENOENT;                /* ENOENT: no more; else an older kernel */
            break;
        }
        struct fred_mapping m = { .start = q.vma_start, .end = q.vma_end };
        if (!is_own(&m)) {
            found = 1;
            break;
        }
        from = q.vma_end;
    }
    close(fd);
    return found;
}

/* The shared mappings of the program now, into t. */
static void list_shared(struct shared_table *t)
{
    if (!program_has_shared_mappings()) return;
    struct fred_maps maps;
    if (fred_maps_read(&maps) < 0) {
        t->count = 1;                               /* nothing is known: every resume refuses */
        t->items[0].how = SHARED_UNREADABLE;
        fred_copy_string(t->items[0].path, "(/proc/self/maps unreadable)", sizeof t->items[0].path);
        return;
    }
    uint64_t budget_left = budget_bytes();
    for (int i = 0; i < maps.count; i++) {
        const struct fred_mapping *m = &maps.items[i];
        if (!m->shared || is_own(m)) continue;
        if (t->count == FRED_MAX_SHARED) {
            t->overflow = 1;
            break;
        }
        save_one(m, &t->items[t->count++], &budget_left);
    }
    fred_maps_release(&maps);
}

void fred_shared_save(void)
{
    struct shared_table *t = &next_table;
    memset(t, 0, sizeof *t);
    list_shared(t);
    for (int i = 0; i < shared.count; i++)          /* copies of mappings that are gone, or replaced */
        if (shared.items[i].shadow) fred_unmap(shared.items[i].shadow, round_up(shared.items[i].length));
    shared = *t;
}

int fred_shared_in_use(void)
{
    for (int i = 0; i < shared.count; i++)
        if (shared.items[i].how != SHARED_FILE_VIEW) return 1;   /* a file view is checked by the resume itself */
    return shared.overflow;
}

void fred_shared_prefault(void)
{
    for (int i = 0; i < shared.count; i++)
        if (shared.items[i].how != SHARED_UNREADABLE && shared.items[i].how != SHARED_FILE_VIEW && shared.items[i].length)
            madvise((void *)(uintptr_t)shared.items[i].start, round_up(shared.items[i].length), MADV_POPULATE_READ);
}

/* How /proc/self/maps names them: a file, "/dev/zero (deleted)" for shared anonymous
 * memory, "/SYSV<key> (deleted)" for System V segments. */
static const char *name_of(const struct shared_record *r)
{
    if (strncmp(r->path, "/dev/zero", 9) == 0 || !r->path[0]) return "[anonymous shared]";
    if (strncmp(r->path, "/SYSV", 5) == 0) return "[System V segment]";
    return r->path;
}

static int refuse(struct fred_error *err, const struct shared_record *r, const char *why)
{
    fred_error_set(err, "shared memory mapping %s (%lx-%lx, %llu KiB) %s", name_of(r), (unsigned long)r->start,
                   (unsigned long)r->end, (unsigned long long)((r->end - r->start) >> 10), why);
    return -1;
}

/* Whether the mapping differs from the copy (COPIED) or the checksum (HASHED). */
static int changed(const struct shared_record *r)
{
    const char *now = (const char *)(uintptr_t)r->start;
    if (r->how == SHARED_HASHED) return fred_hash(now, r->length) != r->hash;
    return memcmp(now, r->shadow, r->length) != 0;
}

/* The file shrank: the end of the mapping cannot be read or written (SIGBUS). */
static int truncated(const struct shared_record *r)
{
    return backed_length(r->path, r->file_offset, r->end - r->start) < r->length;
}

static int check_one(const struct shared_record *r, struct fred_error *err)
{
    if (r->how == SHARED_UNREADABLE)
        return refuse(err, r, "could not be read when the snapshot was taken, so fred cannot give it its contents of that time");
    if (r->how == SHARED_FILE_VIEW) {
        struct stat sb;
        if (file_on_disk(r, &sb) && (uint64_t)sb.st_size == r->file_size && mtime_ns(&sb) == r->file_mtime_ns) return 0;
        return refuse(err, r, "changed since the snapshot and is read-only here (its file was written by another process): fred cannot give it its contents of that time");
    }
    if (truncated(r))
        return refuse(err, r, "lost pages since the snapshot (its file was truncated); fred cannot give it its contents of that time");
    if (!changed(r)) return 0;
    if (r->how == SHARED_HASHED) {
        char why[300];
        snprintf(why, sizeof why, "changed since the snapshot, and fred keeps copies of shared memory up to %llu MiB per snapshot "
                 "(raise FRED_CKPT_SHARED_MAX, in bytes, to go back here)", (unsigned long long)(budget_bytes() >> 20));
        return refuse(err, r, why);
    }
    if (!(r->prot & PROT_WRITE)) {                   /* a read-only view: can it be made writable for a moment? */
        if (mprotect((void *)(uintptr_t)r->start, r->end - r->start, r->prot | PROT_WRITE) < 0)
            return refuse(err, r, "changed since the snapshot and is read-only here (its file was opened read-only): fred cannot write it back");
        mprotect((void *)(uintptr_t)r->start, r->end - r->start, r->prot);
    }
    return 0;
}

int fred_shared_check(struct fred_error *err)
{
    if (shared.overflow) {
        fred_error_set(err, "the program had more than %d shared memory mappings at the snapshot; fred cannot give them their contents of that time",
                       FRED_MAX_SHARED);
        return -1;
    }
    for (int i = 0; i < shared.count; i++)
        if (check_one(&shared.items[i], err) < 0) return -1;
    return 0;
}

int fred_shared_put_back(struct fred_error *err)
{
    /* everything that can refuse first: nothing is written unless all can be put back */
    if (shared.overflow) return fred_shared_check(err);
    for (int i = 0; i < shared.count; i++) {
        const struct shared_record *r = &shared.items[i];
        int writable_copy = r->how == SHARED_COPIED && (r->prot & PROT_WRITE);
        if (writable_copy && truncated(r)) return check_one(r, err);     /* says so */
        if (!writable_copy && check_one(r, err) < 0) return -1;
    }
    for (int i = 0; i < shared.count; i++) {   /* one pass over each copy: compare a page, write it if it differs */
        const struct shared_record *r = &shared.items[i];
        if (r->how != SHARED_COPIED) continue;     /* the others were only checked */
        if (!(r->prot & PROT_WRITE) && !changed(r)) continue;    /* a read-only view as it was: nothing to do */
        void *at = (void *)(uintptr_t)r->start;
        int read_only = !(r->prot & PROT_WRITE);
        if (read_only) mprotect(at, r->end - r->start, r->prot | PROT_WRITE);
        update_pages(at, r->shadow, r->length);
        if (read_only) mprotect(at, r->end - r->start, r->prot);
    }
    return 0;
}
