/* fred_image_write.c - see fred_image_write.h. */
#define _GNU_SOURCE
#include "fred_image_write.h"
#include "fred_hash.h"
#include "fred_data_write.h"
#include "fred_maps.h"
#include "fred_page_select.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

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
    const struct fred_write_target *target;   /* NULL: this process */
    int mem_fd;                   /* /proc/PID/mem when writing another process, else -1 */
    struct fred_error *err;
    struct fred_image_header *header;
    struct buffer areas, jobs, strings;
    struct fred_run_list runs;
};

static uint32_t add_string(struct writer *w, const char *s)
{
    if (!s || !*s) return 0;
    uint32_t off = (uint32_t)w->strings.used;
    return buffer_append(&w->strings, s, strlen(s) + 1) ? off : 0;
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

/* Identifies the kernel: a restart refuses an image from another one. */
static int vdso_checksum(struct writer *w, const struct fred_mapping *m)
{
    size_t len = m->end - m->start;
    if (w->mem_fd < 0) {
        w->header->vdso_checksum = fred_hash((const void *)m->start, len);
        return 0;
    }
    char *copy = fred_map(len);
    if (!copy || fred_pread_all(w->mem_fd, copy, len, m->start) < 0) {
        fred_error_set(w->err, "cannot read the [vdso] of process %d: %s", w->target->pid, copy ? strerror(errno) : "out of memory");
        fred_unmap(copy, len);
        return -1;
    }
    w->header->vdso_checksum = fred_hash(copy, len);
    fred_unmap(copy, len);
    return 0;
}

static int is_special(const char *path) { return path[0] == '['; }

/* Memory mapped lazily from the image we were restarted from (which may since have been
 * replaced: the kernel then shows it as "(deleted)"), or from the private copy in memory
 * that restart makes of it (fred_image_open_private). */
static int is_restored_image(const char *mapped, const char *image)
{
    if (strcmp(mapped, "/memfd:" FRED_IMAGE_COPY_NAME " (deleted)") == 0) return 1;   /* restart's private copy */
    size_t n = strlen(image);
    return n && strncmp(mapped, image, n) == 0 && (mapped[n] == 0 || strcmp(mapped + n, " (deleted)") == 0);
}

/* The last area's stored pages are chosen later, for all areas at once (fred_page_select.h). */
static int add_select_job(struct writer *w, int from_file, int read_all)
{
    struct fred_select_job job = { (uint32_t)(w->areas.used / sizeof(struct fred_area) - 1), (uint8_t)from_file, (uint8_t)read_all };
    if (buffer_append(&w->jobs, &job, sizeof job)) return 0;
    fred_error_set(w->err, "out of memory listing areas");
    return -1;
}

static int add_area(struct writer *w, const struct fred_mapping *m)
{
    struct fred_image_header *h = w->header;
    if (strcmp(m->path, "[vsyscall]") == 0) return 0;
    if (m->start >= FRED_WORK_START && m->end <= FRED_WORK_END) return 0;   /* the writer's own buffers */
    if (strcmp(m->path, "[vdso]") == 0) {
        h->vdso_start = m->start; h->vdso_end = m->end;
        return vdso_checksum(w, m);
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
            return 0;
        }
        return add_select_job(w, 1, 0);
    }
    a->kind = strcmp(m->path, "[heap]") == 0 ? FRED_AREA_HEAP : strcmp(m->path, "[stack]") == 0 ? FRED_AREA_STACK : FRED_AREA_ANON;
    if (a->kind == FRED_AREA_STACK) a->flags |= FRED_AREA_GROWSDOWN;
    if (is_special(m->path)) a->label = add_string(w, m->path);
    /* pages mapped lazily from an earlier image are not "present" until read: read them all */
    return add_select_job(w, 0, from_image);
}

/* Fault injection for tests (FRED_CKPT_FAULT=writer-stop: stop once the data is written;
 * no-space: fail there as a full disk would). */
static int fault_requested(const char *name)
{
    const char *fault = getenv("FRED_CKPT_FAULT");
    return fault && strcmp(fault, name) == 0;
}

static void fill_header(struct writer *w)
{
    const struct fred_state *st = w->req->state;
    struct fred_image_header *h = w->header;
    memcpy(h->magic, FRED_IMAGE_MAGIC, sizeof h->magic);
    h->version = FRED_IMAGE_VERSION;
    h->header_size = sizeof *h;
    h->thread_count = w->req->threads && w->req->thread_count > 0 ? (uint32_t)w->req->thread_count : 1;
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
    if (w->target) h->flags |= FRED_IMAGE_FROM_OUTSIDE;
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
    const struct fred_thread *threads = w->req->threads && w->req->thread_count > 0 ? w->req->threads : &t;
    size_t files_bytes = table->used;
    h->file_count = (uint32_t)st->file_count;
    if (!buffer_append(table, threads, h->thread_count * sizeof t)) return -1;
    size_t tail_bytes = table->used;
    /* assemble in format order */
    struct buffer out = { 0 };
    if (!buffer_append(&out, w->areas.data, w->areas.used) || !buffer_append(&out, w->runs.runs, w->runs.count * sizeof(struct fred_run)) ||
        !buffer_append(&out, table->data, files_bytes) ||
        !buffer_append(&out, table->data + files_bytes, tail_bytes - files_bytes)) {
        buffer_release(&out);
        return -1;
    }
    h->strings_offset = (uint32_t)out.used;
    const struct fred_outside_state *outside = w->target ? w->target->outside : NULL;
    /* the outside state that follows the strings starts 8-byte aligned */
    while (outside && (out.used + w->strings.used) % 8) buffer_append(&w->strings, "", 1);
    if (!buffer_append(&out, w->strings.data, w->strings.used)) { buffer_release(&out); return -1; }
    h->strings_size = (uint32_t)w->strings.used;
    if (outside) {
        h->outside_size = (uint32_t)((sizeof *outside + outside->xsave_size + 7) & ~(size_t)7);
        if (!buffer_append(&out, NULL, h->outside_size)) { buffer_release(&out); return -1; }
        memcpy(out.data + out.used - h->outside_size, outside, sizeof *outside + outside->xsave_size);
    }
    buffer_release(table);
    *table = out;
    return 0;
}

/* An unnamed file (O_TMPFILE, mode 0600) in the directory of path; -1 where the file system has none. */
static int open_unnamed_beside(const char *path)
{
    char dir[FRED_PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 1;
    if (slash == path) len = 1;
    if (len >= sizeof dir) return -1;
    memcpy(dir, slash ? path : ".", len);
    dir[len] = 0;
    return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
}

/* Give the complete unnamed file fd the name tmp (which must not exist). */
static int name_unnamed(int fd, const char *tmp)
{
    char self[64];
    snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
    return linkat(AT_FDCWD, self, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW);
}

static int write_image(const struct fred_write_request *req, const struct fred_write_target *target, struct fred_write_result *out,
                       struct fred_error *err)
{
    struct writer w = { .req = req, .target = target, .mem_fd = -1, .err = err };
    int pid = target ? target->pid : 0;
    struct fred_image_header *header = fred_map(sizeof *header);
    struct fred_maps maps = { 0 };
    struct buffer table = { 0 };
    char tmp[FRED_PATH_MAX + 32];
    int fd = -1, pagemap_fd = -1, rc = -1, anonymous = 0;
    tmp[0] = 0;
    if (!header) { fred_error_set(err, "out of memory"); goto fail; }
    w.header = header;
    buffer_append(&w.strings, "", 1);         /* offset 0 is the empty string */
    fill_header(&w);
    char proc[32] = "/proc/self", file[64];
    if (pid > 0) snprintf(proc, sizeof proc, "/proc/%d", pid);
    if (fred_maps_read_pid(&maps, pid) < 0) { fred_error_set(err, "cannot read %s/maps: %s", proc, strerror(errno)); goto fail; }
    snprintf(file, sizeof file, "%s/pagemap", proc);
    pagemap_fd = open(file, O_RDONLY | O_CLOEXEC);
    if (pagemap_fd < 0) { fred_error_set(err, "cannot open %s: %s", file, strerror(errno)); goto fail; }
    snprintf(file, sizeof file, "%s/mem", proc);
    if (pid > 0 && (w.mem_fd = open(file, O_RDONLY | O_CLOEXEC)) < 0) {
        fred_error_set(err, "cannot open %s: %s", file, strerror(errno));
        goto fail;
    }
    for (int i = 0; i < maps.count; i++)
        if (add_area(&w, &maps.items[i]) < 0) goto fail;
    header->area_count = (uint32_t)(w.areas.used / sizeof(struct fred_area));
    if (fred_select_pages(pagemap_fd, w.mem_fd, (struct fred_area *)w.areas.data, header->area_count, (struct fred_select_job *)w.jobs.data,
                          (uint32_t)(w.jobs.used / sizeof(struct fred_select_job)), &w.runs, err) < 0)
        goto fail;
    header->run_count = w.runs.count;
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
    /* an unnamed file first (O_TMPFILE): a writer killed half-way leaves nothing behind */
    anonymous = 1;
    fd = open_unnamed_beside(req->path);
    if (fd < 0) {
        anonymous = 0;
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    }
    if (fd < 0) { fred_error_set(err, "cannot create %s: %s", tmp, strerror(errno)); tmp[0] = 0; goto fail; }
    struct fred_error data_err = { { 0 } };
    if (fred_write_data(fd, w.mem_fd, (struct fred_area *)w.areas.data, header->area_count, w.runs.runs, header->data_offset,
                        &header->image_size, &data_err) < 0) {
        fred_error_set(err, "writing %s failed: %s", req->path, data_err.message);
        goto fail;
    }
    if (fault_requested("writer-stop")) kill(getpid(), SIGSTOP);
    if (fault_requested("no-space")) { fred_error_set(err, "writing %s failed: %s", req->path, strerror(ENOSPC)); goto fail; }
    /* runs now carry their data offsets, areas their checksums: copy them into the table again */
    memcpy(table.data + w.areas.used, w.runs.runs, w.runs.count * sizeof(struct fred_run));
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
    if (anonymous && name_unnamed(fd, tmp) < 0) {
        fred_error_set(err, "cannot create %s: %s", tmp, strerror(errno));
        tmp[0] = 0;
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
    if (pagemap_fd >= 0) close(pagemap_fd);
    if (w.mem_fd >= 0) close(w.mem_fd);
    fred_maps_release(&maps);
    buffer_release(&w.areas);
    buffer_release(&w.jobs);
    fred_run_list_release(&w.runs);
    buffer_release(&w.strings);
    buffer_release(&table);
    fred_unmap(header, sizeof *header);
    return rc;
}

struct write_call {
    const struct fred_write_request *req;
    const struct fred_write_target *target;
    struct fred_write_result *out;
    struct fred_error *err;
};

static int write_image_call(void *arg)
{
    struct write_call *c = arg;
    return write_image(c->req, c->target, c->out, c->err);
}

int fred_image_write(const struct fred_write_request *req, struct fred_write_result *out, struct fred_error *err)
{
    struct write_call call = { req, NULL, out, err };
    return fred_call_on_own_stack(write_image_call, &call);
}

int fred_image_write_outside(const struct fred_write_request *req, const struct fred_write_target *target,
                             struct fred_write_result *out, struct fred_error *err)
{
    return write_image(req, target, out, err);
}
