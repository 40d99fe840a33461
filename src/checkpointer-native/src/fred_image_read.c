/* fred_image_read.c - see fred_image_read.h. */
#define _GNU_SOURCE
#include "fred_image_read.h"
#include "fred_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

const char *fred_image_string(const struct fred_image *img, uint32_t offset)
{
    if (!img->strings || offset >= img->header.strings_size) return "";
    return img->strings + offset;
}

/* The end of x86_64's user address space (47-bit virtual addresses). */
#define USER_SPACE_END 0x800000000000ull

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
    uint64_t table_need = (uint64_t)h->area_count * sizeof(struct fred_area) + (uint64_t)h->run_count * sizeof(struct fred_run) +
                          (uint64_t)h->file_count * sizeof(struct fred_file) + (uint64_t)h->thread_count * sizeof(struct fred_thread);
    if (h->table_offset != FRED_PAGE_SIZE || h->table_size > (256ull << 20) || table_need > h->table_size ||
        h->strings_offset != table_need || (uint64_t)h->strings_offset + h->strings_size + h->outside_size != h->table_size ||
        (h->flags & ~(uint32_t)FRED_IMAGE_FROM_OUTSIDE) || h->outside_size > (64u << 10) ||
        (h->flags & FRED_IMAGE_FROM_OUTSIDE ? h->outside_size < sizeof(struct fred_outside_state) : h->outside_size != 0) ||
        h->table_offset + h->table_size > h->data_offset || h->data_offset > h->image_size || h->thread_count < 1 || h->thread_count > 4096 ||
        h->auxv_words > sizeof h->auxv / sizeof h->auxv[0]) {
        fred_error_set(err, "%s: image table is malformed", path);
        return -1;
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
    img->areas = (struct fred_area *)p; p += h->area_count * sizeof(struct fred_area);
    img->runs = (struct fred_run *)p; p += h->run_count * sizeof(struct fred_run);
    img->files = (struct fred_file *)p; p += h->file_count * sizeof(struct fred_file);
    img->threads = (struct fred_thread *)p;
    img->strings = img->table + h->strings_offset;
    if (h->outside_size) {
        img->outside = (struct fred_outside_state *)(img->table + h->strings_offset + h->strings_size);
        if ((h->strings_offset + h->strings_size) % 8 || sizeof *img->outside + (uint64_t)img->outside->xsave_size > h->outside_size) {
            fred_error_set(err, "%s: image outside-state record is malformed", path);
            return -1;
        }
    }
    if (h->strings_size && img->strings[h->strings_size - 1] != 0) {
        fred_error_set(err, "%s: image string table is malformed", path);
        return -1;
    }
    for (uint32_t i = 0; i < h->area_count; i++) {
        const struct fred_area *a = &img->areas[i];
        /* in the user address space, in order, none over another: the restorer maps them blindly */
        if (a->start >= a->end || (a->start | a->end) % FRED_PAGE_SIZE || a->end > USER_SPACE_END ||
            (i > 0 && a->start < img->areas[i - 1].end) || (uint64_t)a->first_run + a->run_count > h->run_count) {
            fred_error_set(err, "%s: area %u of the image is malformed", path, i);
            return -1;
        }
        uint64_t span = a->end - a->start;
        for (uint64_t r = a->first_run; r < (uint64_t)a->first_run + a->run_count; r++) {
            const struct fred_run *run = &img->runs[r];
            /* written so that no sum can wrap around (a forged offset near 2^64) */
            if (run->length > span || run->offset > span - run->length || run->data_offset % FRED_PAGE_SIZE ||
                run->data_offset < h->data_offset || run->data_offset > h->image_size ||
                run->length > h->image_size - run->data_offset) {
                fred_error_set(err, "%s: stored data of area %u lies outside the image", path, i);
                return -1;
            }
        }
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
        fred_error_set(err, "%s: not a regular file", path);
        goto fail;
    }
    fcntl(img->fd, F_SETFL, fcntl(img->fd, F_GETFL) & ~O_NONBLOCK);
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

int fred_image_verify(const struct fred_image *img, const char *path, struct fred_error *err)
{
    enum { CHUNK = 1 << 20 };
    char *buf = malloc(CHUNK);
    if (!buf) { fred_error_set(err, "out of memory"); return -1; }
    for (uint32_t i = 0; i < img->header.area_count; i++) {
        const struct fred_area *a = &img->areas[i];
        struct fred_data_hasher h;
        fred_data_hash_init(&h);
        for (uint32_t r = a->first_run; r < a->first_run + a->run_count; r++) {
            const struct fred_run *run = &img->runs[r];
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
