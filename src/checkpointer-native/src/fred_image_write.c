/* fred_image_write.c - see fred_image_write.h. */
#define _GNU_SOURCE
#include "fred_image_write.h"
#include "fred_hash.h"
#include "fred_maps.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAGEMAP_PRESENT (1ull << 63)
#define PAGEMAP_SWAPPED (1ull << 62)
#define PAGEMAP_FILE    (1ull << 61)
#define PAGEMAP_CHUNK   4096          /* pagemap entries read at a time */
#define WRITE_CHUNK     (1u << 20)

/* A growable array in anonymous memory (no malloc in a forked handler). */
struct buffer {
    char *data;
    size_t used, capacity;
};

static int buffer_reserve(struct buffer *b, size_t extra)
{
    if (b->used + extra <= b->capacity) return 0;
    size_t cap = b->capacity ? b->capacity : 1 << 16;
    while (cap < b->used + extra) cap *= 2;
    char *p = fred_map(cap);
    if (!p) return -1;
    if (b->data) memcpy(p, b->data, b->used);
    fred_unmap(b->data, b->capacity);
    b->data = p;
    b->capacity = cap;
    return 0;
}

static void *buffer_append(struct buffer *b, const void *src, size_t len)
{
    if (buffer_reserve(b, len) < 0) return NULL;
    void *dst = b->data + b->used;
    if (src) memcpy(dst, src, len); else memset(dst, 0, len);
    b->used += len;
    return dst;
}

static void buffer_release(struct buffer *b) { fred_unmap(b->data, b->capacity); }

struct writer {
    const struct fred_write_request *req;
    struct fred_error *err;
    struct fred_image_header *header;
    struct buffer areas, runs, strings;
    int pagemap_fd;
    int no_pagemap_scan;          /* the kernel lacks PAGEMAP_SCAN: read entries */
    uint64_t pagemap[PAGEMAP_CHUNK];
};

static uint32_t add_string(struct writer *w, const char *s)
{
    if (!s || !*s) return 0;
    uint32_t off = (uint32_t)w->strings.used;
    return buffer_append(&w->strings, s, strlen(s) + 1) ? off : 0;
}

/* One clone per vector unit: scanning zero-filled memory runs at memory speed. */
__attribute__((target_clones("avx512f", "avx2", "default")))
static int page_is_zero(const uint64_t *p)
{
    uint64_t any = 0;
    for (int i = 0; i < (int)(FRED_PAGE_SIZE / 8); i++) any |= p[i];
    return any == 0;
}

static int add_run(struct writer *w, struct fred_area *area, uint64_t offset, uint64_t length)
{
    struct fred_run *last = area->run_count ? (struct fred_run *)w->runs.data + area->first_run + area->run_count - 1 : NULL;
    if (last && last->offset + last->length == offset) {
        last->length += length;
    } else {
        struct fred_run run = { offset, length, 0 };
        if (!buffer_append(&w->runs, &run, sizeof run)) return -1;
        area->run_count++;
    }
    area->stored_bytes += length;
    return 0;
}

/* Pages of an area that hold something: [start, end) ranges, in address order. */
typedef int (*range_fn)(struct writer *w, struct fred_area *area, uint64_t start, uint64_t end);

/* PAGEMAP_SCAN (Linux 6.7) reports whole ranges at once; its definitions, for older headers. */
struct fred_page_region { uint64_t start, end, categories; };
struct fred_pm_scan_arg {
    uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
    uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
#define FRED_PAGEMAP_SCAN _IOWR('f', 16, struct fred_pm_scan_arg)
#define PAGE_IS_FILE    (1u << 2)
#define PAGE_IS_PRESENT (1u << 3)
#define PAGE_IS_SWAPPED (1u << 4)
#define PAGE_IS_PFNZERO (1u << 5)
#define SCAN_REGIONS 256

/* Returns 1 if done, 0 if the kernel has no PAGEMAP_SCAN, -1 on error. */
static int scan_ranges(struct writer *w, struct fred_area *area, int from_file, range_fn fn)
{
    struct fred_page_region regions[SCAN_REGIONS];
    /* anonymous: touched pages except those mapping the shared zero page;
     * file mappings: touched pages that are private copies, not page cache */
    uint64_t unwanted = from_file ? PAGE_IS_FILE : PAGE_IS_PFNZERO;
    for (uint64_t at = area->start; at < area->end;) {
        struct fred_pm_scan_arg arg = {
            .size = sizeof arg, .start = at, .end = area->end, .vec = (uint64_t)(uintptr_t)regions,
            .vec_len = SCAN_REGIONS, .category_inverted = unwanted, .category_mask = unwanted,
            .category_anyof_mask = PAGE_IS_PRESENT | PAGE_IS_SWAPPED, .return_mask = PAGE_IS_PRESENT | PAGE_IS_SWAPPED,
        };
        int n = ioctl(w->pagemap_fd, FRED_PAGEMAP_SCAN, &arg);
        if (n < 0 && at == area->start && (errno == ENOTTY || errno == EINVAL)) return 0;
        if (n < 0) {
            fred_error_set(w->err, "cannot scan /proc/self/pagemap: %s", strerror(errno));
            return -1;
        }
        for (int i = 0; i < n; i++)
            if (fn(w, area, regions[i].start, regions[i].end) < 0) return -1;
        if (arg.walk_end <= at) break;
        at = arg.walk_end;
    }
    return 1;
}

/* The same from /proc/self/pagemap entries, for kernels without PAGEMAP_SCAN. */
static int read_ranges(struct writer *w, struct fred_area *area, int from_file, range_fn fn)
{
    uint64_t pages = (area->end - area->start) / FRED_PAGE_SIZE;
    for (uint64_t first = 0; first < pages; first += PAGEMAP_CHUNK) {
        uint64_t count = pages - first < PAGEMAP_CHUNK ? pages - first : PAGEMAP_CHUNK;
        uint64_t where = (area->start / FRED_PAGE_SIZE + first) * 8;
        if (fred_pread_all(w->pagemap_fd, w->pagemap, count * 8, where) < 0) {
            fred_error_set(w->err, "cannot read /proc/self/pagemap: %s", strerror(errno));
            return -1;
        }
        for (uint64_t i = 0; i < count; i++) {
            uint64_t entry = w->pagemap[i];
            if (!(entry & (PAGEMAP_PRESENT | PAGEMAP_SWAPPED))) continue;
            if (from_file && (entry & PAGEMAP_FILE)) continue;
            uint64_t at = area->start + (first + i) * FRED_PAGE_SIZE;
            if (fn(w, area, at, at + FRED_PAGE_SIZE) < 0) return -1;
        }
    }
    return 0;
}

static int make_readable(struct fred_area *area)
{
    /* we are a forked copy: making its memory readable harms nobody */
    if (!(area->prot & PROT_READ)) mprotect((void *)area->start, area->end - area->start, area->prot | PROT_READ);
    return 0;
}

static int store_range(struct writer *w, struct fred_area *area, uint64_t start, uint64_t end)
{
    if (add_run(w, area, start - area->start, end - start) < 0) {
        fred_error_set(w->err, "out of memory listing pages");
        return -1;
    }
    return 0;
}

/* Anonymous memory: store the pages that are not all zero, in spans. */
static int store_nonzero(struct writer *w, struct fred_area *area, uint64_t start, uint64_t end)
{
    uint64_t span = start;
    for (uint64_t page = start; page < end; page += FRED_PAGE_SIZE) {
        if (!page_is_zero((const uint64_t *)page)) continue;
        if (page > span && store_range(w, area, span, page) < 0) return -1;
        span = page + FRED_PAGE_SIZE;
    }
    return end > span ? store_range(w, area, span, end) : 0;
}

/*
 * Decide which pages of an area are stored. Anonymous memory: touched pages that are
 * not all zero (never-touched pages read as zero). File mappings: pages that became
 * private copies (not page-cache pages); the rest comes from the file. Memory mapped
 * lazily from an earlier image is not "touched" until read: then read it all.
 */
static int select_pages(struct writer *w, struct fred_area *area, int from_file, int must_read_all)
{
    area->first_run = (uint32_t)(w->runs.used / sizeof(struct fred_run));
    make_readable(area);
    range_fn fn = from_file ? store_range : store_nonzero;
    if (must_read_all) return fn(w, area, area->start, area->end);
    int scanned = w->no_pagemap_scan ? 0 : scan_ranges(w, area, from_file, fn);
    if (scanned < 0) return -1;
    if (scanned == 0) {
        w->no_pagemap_scan = 1;
        return read_ranges(w, area, from_file, fn);
    }
    return 0;
}

static void read_build_id(const char *path, struct fred_area *area)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    Elf64_Ehdr eh;
    Elf64_Phdr ph[32];
    if (fred_pread_all(fd, &eh, sizeof eh, 0) == 0 && memcmp(eh.e_ident, ELFMAG, SELFMAG) == 0 && eh.e_phnum <= 32 &&
        fred_pread_all(fd, ph, sizeof(Elf64_Phdr) * eh.e_phnum, eh.e_phoff) == 0) {
        for (int i = 0; i < eh.e_phnum; i++) {
            if (ph[i].p_type != PT_NOTE || ph[i].p_filesz > 4096) continue;
            char notes[4096];
            if (fred_pread_all(fd, notes, ph[i].p_filesz, ph[i].p_offset) < 0) continue;
            for (size_t off = 0; off + sizeof(Elf64_Nhdr) <= ph[i].p_filesz;) {
                Elf64_Nhdr *n = (Elf64_Nhdr *)(notes + off);
                size_t name = off + sizeof *n, desc = name + ((n->n_namesz + 3) & ~3u);
                if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && memcmp(notes + name, "GNU", 4) == 0 &&
                    n->n_descsz <= sizeof area->build_id && desc + n->n_descsz <= ph[i].p_filesz) {
                    memcpy(area->build_id, notes + desc, n->n_descsz);
                    area->build_id_len = n->n_descsz;
                    close(fd);
                    return;
                }
                off = desc + ((n->n_descsz + 3) & ~3u);
            }
        }
    }
    close(fd);
}

static int is_special(const char *path) { return path[0] == '['; }

/* Memory mapped lazily from the image we were restarted from (which may since have been
 * replaced: the kernel then shows it as "(deleted)"). */
static int is_restored_image(const char *mapped, const char *image)
{
    size_t n = strlen(image);
    return n && strncmp(mapped, image, n) == 0 && (mapped[n] == 0 || strcmp(mapped + n, " (deleted)") == 0);
}

static int add_area(struct writer *w, const struct fred_mapping *m)
{
    struct fred_image_header *h = w->header;
    if (strcmp(m->path, "[vsyscall]") == 0) return 0;
    if (m->start >= FRED_WORK_START && m->end <= FRED_WORK_END) return 0;   /* the writer's own buffers */
    if (strcmp(m->path, "[vdso]") == 0) {
        h->vdso_start = m->start; h->vdso_end = m->end;
        h->vdso_checksum = fred_hash((const void *)m->start, m->end - m->start);
        return 0;
    }
    if (strcmp(m->path, "[vvar]") == 0) { h->vvar_start = m->start; h->vvar_end = m->end; return 0; }
    if (strcmp(m->path, "[vvar_vclock]") == 0) { h->vclock_start = m->start; h->vclock_end = m->end; return 0; }
    /* a read-only shared file mapping (glibc maps gconv-modules.cache so) holds the file's
     * bytes and no others: it comes back as a read-only private mapping of the file */
    int read_only_file = m->path[0] == '/' && !(m->prot & PROT_WRITE);
    if (m->shared && !read_only_file) {
        fred_error_set(w->err, "shared memory mapping %lx-%lx (%s) is not supported yet", (unsigned long)m->start,
                       (unsigned long)m->end, m->path[0] ? m->path : "anonymous");
        return -1;
    }
    struct fred_area *a = buffer_append(&w->areas, NULL, sizeof *a);
    if (!a) { fred_error_set(w->err, "out of memory listing areas"); return -1; }
    a->start = m->start;
    a->end = m->end;
    a->prot = (uint32_t)m->prot;
    int file_backed = m->path[0] == '/';
    int from_image = file_backed && is_restored_image(m->path, w->req->restored_from);
    if (file_backed && !from_image) {
        if (strstr(m->path, " (deleted)")) {
            fred_error_set(w->err, "mapped file %s was deleted; cannot checkpoint", m->path);
            return -1;
        }
        struct stat sb;
        if (stat(m->path, &sb) < 0 || sb.st_ino != m->inode) {
            fred_error_set(w->err, "mapped file %s was replaced or removed since it was mapped", m->path);
            return -1;
        }
        a->kind = FRED_AREA_FILE;
        a->path = add_string(w, m->path);
        a->file_offset = m->offset;
        a->file_size = (uint64_t)sb.st_size;
        a->file_mtime_ns = (uint64_t)sb.st_mtim.tv_sec * 1000000000ull + (uint64_t)sb.st_mtim.tv_nsec;
        a->file_ino = sb.st_ino;
        if (m->offset == 0) read_build_id(m->path, a);
        if ((m->prot & PROT_EXEC) && !(m->prot & PROT_WRITE)) {
            a->flags |= FRED_AREA_EXEC_FROM_FILE;   /* never debugger breakpoint bytes */
            a->first_run = (uint32_t)(w->runs.used / sizeof(struct fred_run));
            return 0;
        }
        return select_pages(w, a, 1, 0);
    }
    a->kind = strcmp(m->path, "[heap]") == 0 ? FRED_AREA_HEAP : strcmp(m->path, "[stack]") == 0 ? FRED_AREA_STACK : FRED_AREA_ANON;
    if (a->kind == FRED_AREA_STACK) a->flags |= FRED_AREA_GROWSDOWN;
    if (is_special(m->path)) a->label = add_string(w, m->path);
    /* pages mapped lazily from an earlier image are not "present" until read: read them all */
    return select_pages(w, a, 0, from_image);
}

/* Fault injection for tests (FRED_CKPT_FAULT=writer-stop: stop after the first area). */
static int fault_requested(const char *name)
{
    const char *fault = getenv("FRED_CKPT_FAULT");
    return fault && strcmp(fault, name) == 0;
}

static int write_data(struct writer *w, int fd, uint64_t data_offset)
{
    struct fred_area *areas = (struct fred_area *)w->areas.data;
    struct fred_run *runs = (struct fred_run *)w->runs.data;
    uint64_t offset = data_offset;
    if (lseek(fd, (off_t)offset, SEEK_SET) < 0) return -1;
    for (uint32_t i = 0; i < w->header->area_count; i++) {
        struct fred_data_hasher hasher;
        fred_data_hash_init(&hasher);
        for (uint32_t r = areas[i].first_run; r < areas[i].first_run + areas[i].run_count; r++) {
            runs[r].data_offset = offset;
            const char *p = (const char *)(areas[i].start + runs[r].offset);
            for (uint64_t done = 0; done < runs[r].length;) {
                size_t n = runs[r].length - done < WRITE_CHUNK ? runs[r].length - done : WRITE_CHUNK;
                fred_data_hash_update(&hasher, p + done, n);
                if (fred_write_all(fd, p + done, n) < 0) return -1;
                done += n;
            }
            offset += runs[r].length;
        }
        areas[i].checksum = fred_data_hash_final(&hasher);
        if (i == 0 && fault_requested("writer-stop")) kill(getpid(), SIGSTOP);
    }
    w->header->image_size = offset;
    return 0;
}

static void fill_header(struct writer *w)
{
    const struct fred_state *st = w->req->state;
    struct fred_image_header *h = w->header;
    memcpy(h->magic, FRED_IMAGE_MAGIC, sizeof h->magic);
    h->version = FRED_IMAGE_VERSION;
    h->header_size = sizeof *h;
    h->thread_count = 1;
    h->pid = st->pid;
    h->uid = getuid();
    h->personality = st->personality;
    h->time_unix_ns = fred_wall_ns();
    h->fs_base = st->fs_base;
    h->restart_info_addr = w->req->restart_info_addr;
    h->rseq_addr = st->rseq_addr;
    h->rseq_len = st->rseq_len;
    h->rseq_sig = st->rseq_sig;
    h->mm = st->mm;
    h->auxv_words = (uint32_t)st->auxv_words;
    memcpy(h->auxv, st->auxv, sizeof h->auxv);
    fred_copy_string(h->exe, st->exe, sizeof h->exe);
    fred_copy_string(h->cwd, st->cwd, sizeof h->cwd);
    fred_copy_string(h->cmdline, st->cmdline, sizeof h->cmdline);
    struct stat sb;
    if (stat(st->exe, &sb) == 0) {
        h->exe_size = (uint64_t)sb.st_size;
        h->exe_mtime_ns = (uint64_t)sb.st_mtim.tv_sec * 1000000000ull + (uint64_t)sb.st_mtim.tv_nsec;
    }
}

/* areas | runs | files | threads | strings, as one byte string */
static int build_table(struct writer *w, struct buffer *table)
{
    const struct fred_state *st = w->req->state;
    struct fred_image_header *h = w->header;
    for (int i = 0; i < st->file_count; i++) {
        const struct fred_saved_file *s = &st->files[i];
        struct fred_file f = { s->fd, (uint32_t)s->kind, (uint32_t)s->open_flags, (uint32_t)s->fd_flags, s->offset,
                               s->size, s->mtime_ns, add_string(w, s->path), 0 };
        if (!buffer_append(table, &f, sizeof f)) return -1;
    }
    struct fred_thread t = { st->pid, 0, *w->req->resume, st->fs_base };
    size_t files_bytes = table->used;
    h->file_count = (uint32_t)st->file_count;
    if (!buffer_append(table, &t, sizeof t)) return -1;
    size_t tail_bytes = table->used;
    /* assemble in format order */
    struct buffer out = { 0 };
    if (!buffer_append(&out, w->areas.data, w->areas.used) || !buffer_append(&out, w->runs.data, w->runs.used) ||
        !buffer_append(&out, table->data, files_bytes) ||
        !buffer_append(&out, table->data + files_bytes, tail_bytes - files_bytes)) {
        buffer_release(&out);
        return -1;
    }
    h->strings_offset = (uint32_t)out.used;
    if (!buffer_append(&out, w->strings.data, w->strings.used)) { buffer_release(&out); return -1; }
    h->strings_size = (uint32_t)w->strings.used;
    buffer_release(table);
    *table = out;
    return 0;
}

static int write_image(const struct fred_write_request *req, struct fred_write_result *out, struct fred_error *err)
{
    struct writer w = { .req = req, .err = err, .pagemap_fd = -1 };
    struct fred_image_header *header = fred_map(sizeof *header);
    struct fred_maps maps = { 0 };
    struct buffer table = { 0 };
    char tmp[FRED_PATH_MAX + 32];
    int fd = -1, rc = -1;
    tmp[0] = 0;
    if (!header) { fred_error_set(err, "out of memory"); goto fail; }
    w.header = header;
    buffer_append(&w.strings, "", 1);         /* offset 0 is the empty string */
    fill_header(&w);
    if (fred_maps_read(&maps) < 0) { fred_error_set(err, "cannot read /proc/self/maps: %s", strerror(errno)); goto fail; }
    w.pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (w.pagemap_fd < 0) { fred_error_set(err, "cannot open /proc/self/pagemap: %s", strerror(errno)); goto fail; }
    for (int i = 0; i < maps.count; i++)
        if (add_area(&w, &maps.items[i]) < 0) goto fail;
    header->area_count = (uint32_t)(w.areas.used / sizeof(struct fred_area));
    header->run_count = (uint32_t)(w.runs.used / sizeof(struct fred_run));
    for (uint32_t i = 0; i < header->area_count; i++) {
        struct fred_area *a = (struct fred_area *)w.areas.data + i;
        header->stored_bytes += a->stored_bytes;
        header->mapped_bytes += a->end - a->start;
    }
    if (build_table(&w, &table) < 0) { fred_error_set(err, "out of memory building the area table"); goto fail; }
    header->table_offset = FRED_PAGE_SIZE;
    header->table_size = table.used;
    header->data_offset = (FRED_PAGE_SIZE + table.used + FRED_PAGE_SIZE - 1) & ~(uint64_t)(FRED_PAGE_SIZE - 1);

    if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%d", req->path, (int)getpid()) >= sizeof tmp) {
        fred_error_set(err, "image path too long: %s", req->path);
        tmp[0] = 0;
        goto fail;
    }
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) { fred_error_set(err, "cannot create %s: %s", tmp, strerror(errno)); tmp[0] = 0; goto fail; }
    if (write_data(&w, fd, header->data_offset) < 0) {
        fred_error_set(err, "writing %s failed: %s", req->path, strerror(errno));
        goto fail;
    }
    /* runs now carry their data offsets: copy them into the table again */
    memcpy(table.data + w.areas.used, w.runs.data, w.runs.used);
    memcpy(table.data, w.areas.data, w.areas.used);
    header->table_checksum = fred_hash(table.data, table.used);
    header->checkpoint_ns = fred_now_ns() - req->started_ns;
    header->header_checksum = 0;
    header->header_checksum = fred_hash(header, sizeof *header);
    if (fred_pwrite_all(fd, table.data, table.used, header->table_offset) < 0 ||
        fred_pwrite_all(fd, header, sizeof *header, 0) < 0 || ftruncate(fd, (off_t)header->image_size) < 0) {
        fred_error_set(err, "writing %s failed: %s", req->path, strerror(errno));
        goto fail;
    }
    if (close(fd) < 0) { fd = -1; fred_error_set(err, "writing %s failed: %s", req->path, strerror(errno)); goto fail; }
    fd = -1;
    if (rename(tmp, req->path) < 0) { fred_error_set(err, "cannot rename %s to %s: %s", tmp, req->path, strerror(errno)); goto fail; }
    tmp[0] = 0;
    if (out) { out->image_bytes = header->image_size; out->stored_bytes = header->stored_bytes; }
    rc = 0;
fail:
    if (fd >= 0) close(fd);
    if (tmp[0]) unlink(tmp);
    if (w.pagemap_fd >= 0) close(w.pagemap_fd);
    fred_maps_release(&maps);
    buffer_release(&w.areas);
    buffer_release(&w.runs);
    buffer_release(&w.strings);
    buffer_release(&table);
    fred_unmap(header, sizeof *header);
    return rc;
}

struct write_call {
    const struct fred_write_request *req;
    struct fred_write_result *out;
    struct fred_error *err;
};

static int write_image_call(void *arg)
{
    struct write_call *c = arg;
    return write_image(c->req, c->out, c->err);
}

int fred_image_write(const struct fred_write_request *req, struct fred_write_result *out, struct fred_error *err)
{
    struct write_call call = { req, out, err };
    return fred_call_on_own_stack(write_image_call, &call);
}
