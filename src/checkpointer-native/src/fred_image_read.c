/* fred_image_read.c - see fred_image_read.h. */
#define _GNU_SOURCE
#include "fred_image_read.h"
#include "fred_hash.h"
#include "fred_restore_args.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

const char *fred_image_string(const struct fred_image *img, uint32_t offset)
{
    if (!img->strings || offset >= img->header.strings_size) return "";
    return img->strings + offset;
}

/*
 * Every number in an image is checked here, before anything is mapped: after the
 * restorer's point of no return nothing may fail on image content. Sums are of values
 * already bounded, so none can wrap.
 */
#define USER_ADDRESS_MIN 0x10000ull               /* vm.mmap_min_addr's default */
#define USER_ADDRESS_END 0x7ffffffff000ull        /* x86_64 TASK_SIZE (4-level paging) */
#define MAX_AREAS 32768u                          /* below vm.max_map_count */
#define MAX_AUXV_WORDS 52u                        /* the kernel's saved_auxv on x86_64 */

static int inside(uint64_t offset, uint64_t length, uint64_t size) { return offset <= size && length <= size - offset; }
static int overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1) { return a0 < b1 && b0 < a1; }
static int user_range(uint64_t start, uint64_t end) { return start >= USER_ADDRESS_MIN && start < end && end <= USER_ADDRESS_END; }
static int terminated(const char *s, size_t cap) { return memchr(s, 0, cap) != NULL; }

/* fred's own fixed addresses: the restorer, its scratch and the parking place of [vdso] */
static int hits_restorer(uint64_t start, uint64_t end)
{
    return overlaps(start, end, FRED_BLOB_ADDR, FRED_TEMP_ADDR) || overlaps(start, end, FRED_TEMP_ADDR, FRED_TEMP_ADDR + (1ull << 24));
}

static int malformed(struct fred_error *err, const char *path, const char *what)
{
    fred_error_set(err, "%s: forged or corrupt image: %s; refusing it", path, what);
    return -1;
}

/* the fields prctl(PR_SET_MM_MAP) will be given, as the kernel checks them */
static int mm_fields_valid(const struct fred_mm_fields *m)
{
    const uint64_t v[] = { m->start_code, m->end_code, m->start_data, m->end_data, m->start_brk, m->brk,
                           m->start_stack, m->arg_start, m->arg_end, m->env_start, m->env_end };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (v[i] >= USER_ADDRESS_END) return 0;
    return m->start_code < m->end_code && m->start_data < m->end_data && m->start_brk <= m->brk && m->arg_start <= m->arg_end &&
           m->env_start <= m->env_end;
}

static int check_header(const char *path, const struct fred_image *img, struct fred_error *err)
{
    const struct fred_image_header *h = &img->header;
    if (memcmp(h->magic, FRED_IMAGE_MAGIC, sizeof h->magic) != 0) {
        fred_error_set(err, "%s: not a fred checkpoint image", path);
        return -1;
    }
    if (h->version != FRED_IMAGE_VERSION || h->header_size != sizeof *h) {
        fred_error_set(err, "%s: image format version %u; this fred reads version %u", path, h->version, FRED_IMAGE_VERSION);
        return -1;
    }
    struct fred_image_header copy = *h;
    copy.header_checksum = 0;
    if (fred_hash(&copy, sizeof copy) != h->header_checksum) {
        fred_error_set(err, "%s: image header is corrupt (checksum mismatch)", path);
        return -1;
    }
    if (img->file_size < h->image_size) {
        fred_error_set(err, "%s: image is truncated (%llu of %llu bytes)", path, (unsigned long long)img->file_size,
                       (unsigned long long)h->image_size);
        return -1;
    }
    if (h->table_offset != FRED_PAGE_SIZE || h->table_size > (256ull << 20) || h->area_count > MAX_AREAS)
        return malformed(err, path, "table size or area count out of range");
    uint64_t table_need = (uint64_t)h->area_count * sizeof(struct fred_area) + (uint64_t)h->run_count * sizeof(struct fred_run) +
                          (uint64_t)h->file_count * sizeof(struct fred_file) + (uint64_t)h->thread_count * sizeof(struct fred_thread);
    if (table_need > h->table_size || h->strings_offset != table_need ||
        (uint64_t)h->strings_offset + h->strings_size + h->outside_size != h->table_size)
        return malformed(err, path, "table parts do not add up");
    if ((h->flags & ~(uint32_t)FRED_IMAGE_FROM_OUTSIDE) || h->outside_size > (64u << 10) ||
        (h->flags & FRED_IMAGE_FROM_OUTSIDE ? h->outside_size < sizeof(struct fred_outside_state) : h->outside_size != 0))
        return malformed(err, path, "unknown flags or outside-state size");
    if (h->data_offset % FRED_PAGE_SIZE || h->table_offset + h->table_size > h->data_offset || h->data_offset > h->image_size ||
        h->image_size < FRED_PAGE_SIZE)
        return malformed(err, path, "data offset out of range");
    if (h->thread_count < 1 || h->thread_count > 4096) return malformed(err, path, "thread count out of range");
    if (!terminated(h->exe, sizeof h->exe) || !terminated(h->cwd, sizeof h->cwd) || !terminated(h->cmdline, sizeof h->cmdline) ||
        h->exe[0] != '/')
        return malformed(err, path, "program path or working directory not terminated");
    if (h->auxv_words > MAX_AUXV_WORDS || !mm_fields_valid(&h->mm)) return malformed(err, path, "process layout (mm fields, auxv) invalid");
    const uint64_t special[3][2] = { { h->vdso_start, h->vdso_end }, { h->vvar_start, h->vvar_end }, { h->vclock_start, h->vclock_end } };
    for (int i = 0; i < 3; i++)
        if (special[i][0] && (!user_range(special[i][0], special[i][1]) || (special[i][0] | special[i][1]) % FRED_PAGE_SIZE ||
                              hits_restorer(special[i][0], special[i][1])))
            return malformed(err, path, "[vdso]/[vvar] address out of range");
    return 0;
}

static int check_string(const struct fred_image_header *h, uint32_t offset) { return offset == 0 || offset < h->strings_size; }

/* Where the restorer writes struct fred_restart_info: inside one writable area. */
static int writable_at(const struct fred_image *img, uint64_t addr, uint64_t len)
{
    for (uint32_t i = 0; i < img->header.area_count; i++) {
        const struct fred_area *a = &img->areas[i];
        if (addr >= a->start && addr < a->end) return (a->prot & 2u) && len <= a->end - addr;
    }
    return 0;
}

static int check_areas(const char *path, struct fred_image *img, struct fred_error *err)
{
    const struct fred_image_header *h = &img->header;
    char what[160];
    for (uint32_t i = 0; i < h->area_count; i++) {
        const struct fred_area *a = &img->areas[i];
        snprintf(what, sizeof what, "area %u is malformed", i);
        if (!user_range(a->start, a->end) || (a->start | a->end) % FRED_PAGE_SIZE || a->kind < FRED_AREA_ANON ||
            a->kind > FRED_AREA_STACK || (a->prot & ~7u) || a->file_offset % FRED_PAGE_SIZE || a->file_offset > (1ull << 56) ||
            !check_string(h, a->path) || !check_string(h, a->label) || a->build_id_len > sizeof a->build_id ||
            (uint64_t)a->first_run + a->run_count > h->run_count)
            return malformed(err, path, what);
        if (a->kind == FRED_AREA_FILE && fred_image_string(img, a->path)[0] != '/')
            return malformed(err, path, what);
        if (i > 0 && a->start < img->areas[i - 1].end) {
            snprintf(what, sizeof what, "area %u overlaps the one before it", i);
            return malformed(err, path, what);
        }
        if (hits_restorer(a->start, a->end)) {
            snprintf(what, sizeof what, "area %u overlaps fred's restorer", i);
            return malformed(err, path, what);
        }
        uint64_t size = a->end - a->start;
        for (uint32_t r = a->first_run; r < a->first_run + a->run_count; r++) {
            const struct fred_run *run = &img->runs[r];
            if (!inside(run->offset, run->length, size) || (run->offset | run->length | run->data_offset) % FRED_PAGE_SIZE ||
                run->data_offset < h->data_offset || !inside(run->data_offset, run->length, h->image_size)) {
                snprintf(what, sizeof what, "stored data of area %u lies outside the image", i);
                return malformed(err, path, what);
            }
        }
    }
    return 0;
}

static int check_table(const char *path, struct fred_image *img, struct fred_error *err)
{
    const struct fred_image_header *h = &img->header;
    if (fred_hash(img->table, h->table_size) != h->table_checksum) {
        fred_error_set(err, "%s: image area table is corrupt (checksum mismatch)", path);
        return -1;
    }
    char *p = img->table;
    img->areas = (struct fred_area *)p; p += (uint64_t)h->area_count * sizeof(struct fred_area);
    img->runs = (struct fred_run *)p; p += (uint64_t)h->run_count * sizeof(struct fred_run);
    img->files = (struct fred_file *)p; p += (uint64_t)h->file_count * sizeof(struct fred_file);
    img->threads = (struct fred_thread *)p;
    img->strings = img->table + h->strings_offset;
    if (h->strings_size && img->strings[h->strings_size - 1] != 0) return malformed(err, path, "string table not terminated");
    if (h->outside_size) {
        img->outside = (struct fred_outside_state *)(img->table + h->strings_offset + h->strings_size);
        if ((h->strings_offset + h->strings_size) % 8 || sizeof *img->outside + (uint64_t)img->outside->xsave_size > h->outside_size ||
            img->outside->termios_fd < -1 || img->outside->termios_fd > 2)
            return malformed(err, path, "outside-state record");
    }
    if (check_areas(path, img, err) < 0) return -1;
    for (uint32_t i = 0; i < h->file_count; i++) {
        const struct fred_file *f = &img->files[i];
        if (f->fd < 0 || f->fd > (1 << 20) || !check_string(h, f->path) || f->kind < FRED_FILE_REGULAR || f->kind > FRED_FILE_STANDARD)
            return malformed(err, path, "open-file record");
    }
    if (!(h->flags & FRED_IMAGE_FROM_OUTSIDE)) {
        /* the restorer writes the restart note and resumes on this stack, at this address */
        const struct fred_resume_context *c = &img->threads[0].resume;
        if (!writable_at(img, h->restart_info_addr, sizeof(struct fred_restart_info)) || !writable_at(img, c->rsp, 8))
            return malformed(err, path, "resume point or restart note outside writable memory");
    }
    return 0;
}

int fred_image_open(const char *path, struct fred_image *img, struct fred_error *err)
{
    memset(img, 0, sizeof *img);
    /* O_NONBLOCK: a FIFO given as the image must be refused, not waited on */
    img->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (img->fd < 0) {
        fred_error_set(err, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat sb;
    if (fstat(img->fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
        fred_error_set(err, "%s: not a regular file (%s); an image is a file written by fred-ckpt", path,
                       S_ISFIFO(sb.st_mode) ? "a FIFO" : S_ISDIR(sb.st_mode) ? "a directory" : S_ISSOCK(sb.st_mode) ? "a socket"
                       : S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode) ? "a device" : "a special file");
        goto fail;
    }
    fcntl(img->fd, F_SETFL, 0);                   /* a regular file: ordinary reads from here */
    img->file_size = (uint64_t)sb.st_size;
    if (img->file_size == 0) { fred_error_set(err, "%s: empty file, not a fred checkpoint image", path); goto fail; }
    if (img->file_size < sizeof img->header) { fred_error_set(err, "%s: too short to be a fred checkpoint image", path); goto fail; }
    if (fred_pread_all(img->fd, &img->header, sizeof img->header, 0) < 0) { fred_error_set(err, "%s: %s", path, strerror(errno)); goto fail; }
    if (check_header(path, img, err) < 0) goto fail;
    img->table = malloc(img->header.table_size ? img->header.table_size : 1);
    if (!img->table) { fred_error_set(err, "%s: out of memory", path); goto fail; }
    if (fred_pread_all(img->fd, img->table, img->header.table_size, img->header.table_offset) < 0) {
        fred_error_set(err, "%s: %s", path, strerror(errno));
        goto fail;
    }
    if (check_table(path, img, err) < 0) goto fail;
    return 0;
fail:
    fred_image_close(img);
    return -1;
}

/*
 * Every area's checksum. mapped: the whole image mapped in memory (restart's private copy,
 * which nobody else can truncate): hashed in place, no second copy of the data; NULL:
 * read with pread (a file of the user's, which may change under us: no SIGBUS that way).
 */
static int verify_areas(const struct fred_image *img, const char *path, const unsigned char *mapped, struct fred_error *err)
{
    enum { CHUNK = 1 << 20 };
    char *buf = mapped ? NULL : malloc(CHUNK);
    if (!mapped && !buf) { fred_error_set(err, "out of memory"); return -1; }
    for (uint32_t i = 0; i < img->header.area_count; i++) {
        const struct fred_area *a = &img->areas[i];
        struct fred_data_hasher h;
        fred_data_hash_init(&h);
        for (uint32_t r = a->first_run; r < a->first_run + a->run_count; r++) {
            const struct fred_run *run = &img->runs[r];
            if (mapped) {
                fred_data_hash_update(&h, mapped + run->data_offset, run->length);
                continue;
            }
            for (uint64_t done = 0; done < run->length;) {
                size_t n = run->length - done < CHUNK ? run->length - done : CHUNK;
                if (fred_pread_all(img->fd, buf, n, run->data_offset + done) < 0) {
                    fred_error_set(err, "%s: %s", path, strerror(errno));
                    free(buf);
                    return -1;
                }
                fred_data_hash_update(&h, buf, n);
                done += n;
            }
        }
        if (fred_data_hash_final(&h) != a->checksum) {
            const char *name = a->path ? fred_image_string(img, a->path) : fred_image_string(img, a->label);
            fred_error_set(err, "%s: data of area %lx-%lx %s is corrupt (checksum mismatch)", path, (unsigned long)a->start,
                           (unsigned long)a->end, name[0] ? name : "(anonymous)");
            free(buf);
            return -1;
        }
    }
    free(buf);
    return 0;
}

int fred_image_verify(const struct fred_image *img, const char *path, struct fred_error *err)
{
    return verify_areas(img, path, NULL, err);
}

/* The private copy's checksums, hashed where the copy lies (mapped read-only for the pass). */
static int verify_private_copy(const struct fred_image *img, const char *path, struct fred_error *err)
{
    size_t len = (size_t)img->header.image_size;
    void *mapped = mmap(NULL, len, PROT_READ, MAP_SHARED | MAP_POPULATE, img->fd, 0);
    if (mapped == MAP_FAILED) return verify_areas(img, path, NULL, err);
    int rc = verify_areas(img, path, mapped, err);
    munmap(mapped, len);
    return rc;
}

/* Copy the first size bytes of from into to (a fresh memfd): in the kernel if it can. */
static int copy_bytes(int from, int to, uint64_t size)
{
    off_t in = 0;
    while ((uint64_t)in < size) {
        ssize_t n = sendfile(to, from, &in, size - (uint64_t)in < (1u << 30) ? (size_t)(size - (uint64_t)in) : (1u << 30));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
    }
    if ((uint64_t)in == size) return 0;
    if (in != 0) return -1;                      /* failed midway: not a missing feature */
    enum { CHUNK = 1 << 20 };
    char *buf = malloc(CHUNK);
    if (!buf) { errno = ENOMEM; return -1; }
    int rc = 0;
    for (uint64_t done = 0; done < size && rc == 0;) {
        size_t n = size - done < CHUNK ? (size_t)(size - done) : CHUNK;
        rc = fred_pread_all(from, buf, n, done) < 0 || fred_pwrite_all(to, buf, n, done) < 0 ? -1 : 0;
        done += n;
    }
    int e = errno;
    free(buf);
    errno = e;
    return rc;
}

int fred_image_open_private(const char *path, struct fred_image *img, struct fred_error *err)
{
    struct fred_image original;
    if (fred_image_open(path, &original, err) < 0) return -1;
    int copy = memfd_create(FRED_IMAGE_COPY_NAME, MFD_CLOEXEC);
    if (copy < 0 || copy_bytes(original.fd, copy, original.header.image_size) < 0) {
        fred_error_set(err, "%s: cannot copy the image into memory (%s); free memory or restart with --lazy", path, strerror(errno));
        if (copy >= 0) close(copy);
        fred_image_close(&original);
        return -1;
    }
    fred_image_close(&original);
    /* from here on only the copy is read: what was checked is what is restored */
    char name[64];
    snprintf(name, sizeof name, "/proc/self/fd/%d", copy);
    int rc = fred_image_open(name, img, err);
    close(copy);
    if (rc == 0 && verify_private_copy(img, path, err) < 0) {
        fred_image_close(img);
        return -1;
    }
    if (rc < 0) fred_error_set(err, "%s: the image changed while it was copied; try again", path);
    else img->private_copy = 1;
    return rc;
}

static int file_unchanged(const char *path, uint64_t size, uint64_t mtime_ns, const char *what, struct fred_error *err)
{
    struct stat sb;
    if (stat(path, &sb) < 0) {
        fred_error_set(err, "%s %s is missing (%s); cannot restart", what, path, strerror(errno));
        return -1;
    }
    uint64_t mtime = (uint64_t)sb.st_mtim.tv_sec * 1000000000ull + (uint64_t)sb.st_mtim.tv_nsec;
    if ((uint64_t)sb.st_size != size || mtime != mtime_ns) {
        fred_error_set(err, "%s %s changed since the checkpoint (size or modification time differ); cannot restart", what, path);
        return -1;
    }
    return 0;
}

int fred_image_check_environment(const struct fred_image *img, struct fred_error *err)
{
    const struct fred_image_header *h = &img->header;
    if (file_unchanged(h->exe, h->exe_size, h->exe_mtime_ns, "executable", err) < 0) return -1;
    for (uint32_t i = 0; i < h->area_count; i++) {
        const struct fred_area *a = &img->areas[i];
        if (a->kind != FRED_AREA_FILE) continue;
        const char *what = strcmp(fred_image_string(img, a->path), h->exe) == 0 ? "executable" : "mapped file";
        if (file_unchanged(fred_image_string(img, a->path), a->file_size, a->file_mtime_ns, what, err) < 0) return -1;
    }
    /* files the process had open are opened again after the point of no return: a missing
     * one is refused here, while the user can still put it back */
    for (uint32_t i = 0; i < h->file_count; i++) {
        const struct fred_file *f = &img->files[i];
        if (f->fd <= 2 || (f->kind != FRED_FILE_REGULAR && f->kind != FRED_FILE_DIRECTORY && f->kind != FRED_FILE_DEVICE)) continue;
        const char *path = fred_image_string(img, f->path);
        int mode = (f->open_flags & O_ACCMODE) == O_RDONLY ? R_OK : (f->open_flags & O_ACCMODE) == O_WRONLY ? W_OK : R_OK | W_OK;
        if (access(path, mode) < 0) {
            fred_error_set(err, "file %s (fd %d of the checkpointed process) cannot be opened again (%s); put it back to restart",
                           path, (int)f->fd, strerror(errno));
            return -1;
        }
    }
    struct stat sb;
    if (h->cwd[0] && (stat(h->cwd, &sb) < 0 || !S_ISDIR(sb.st_mode))) {
        fred_error_set(err, "working directory %s of the checkpointed process is gone; cannot restart", h->cwd);
        return -1;
    }
    return 0;
}

void fred_image_close(struct fred_image *img)
{
    if (img->fd > 0) close(img->fd);
    free(img->table);
    img->fd = -1;
    img->table = NULL;
}
