/* fred_restore_plan.c - see fred_restore_plan.h. */
#define _GNU_SOURCE
#include "fred_restore_plan.h"
#include "fred_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#define LAZY_RUN_MIN (256u << 10)   /* runs this large are mapped from the image (or its private copy), not read */

/* mappings the kernel owns: moved or left alone, never unmapped */
static int is_kernel_special(const char *path)
{
    return strcmp(path, "[vdso]") == 0 || strcmp(path, "[vvar]") == 0 || strcmp(path, "[vvar_vclock]") == 0 ||
           strcmp(path, "[vsyscall]") == 0;
}

static int overlaps(uint64_t a0, uint64_t a1, uint64_t b0, uint64_t b1) { return a0 < b1 && b0 < a1; }

/* One open descriptor per distinct backing file. */
static int file_fd(struct fred_blob_args *args, const char *path, const char **paths, struct fred_error *err)
{
    for (int i = 0; i < args->close_count; i++)
        if (paths[i] && strcmp(paths[i], path) == 0) return args->close_fds[i];
    /* one slot stays for the image's own descriptor */
    if (args->close_count >= (int)(sizeof args->close_fds / sizeof args->close_fds[0]) - 1) {
        fred_error_set(err, "too many mapped files");
        return -1;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fred_error_set(err, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    paths[args->close_count] = path;
    args->close_fds[args->close_count++] = fd;
    return fd;
}

static int plan_specials(struct fred_blob_args *args, const struct fred_maps *maps, const struct fred_image_header *h,
                         struct fred_error *err)
{
    static const char *names[3] = { "[vvar]", "[vvar_vclock]", "[vdso]" };
    const uint64_t want[3][2] = { { h->vvar_start, h->vvar_end }, { h->vclock_start, h->vclock_end }, { h->vdso_start, h->vdso_end } };
    const struct fred_mapping *vdso = fred_maps_find(maps, "[vdso]");
    /* our own vdso: the same kernel gives every process the same one */
    const void *own_vdso = (const void *)getauxval(AT_SYSINFO_EHDR);
    if (h->vdso_start && (!vdso || !own_vdso || vdso->end - vdso->start != h->vdso_end - h->vdso_start ||
                          fred_hash(own_vdso, vdso->end - vdso->start) != h->vdso_checksum)) {
        fred_error_set(err, "the image was taken under a different kernel (its vdso differs); cannot restart");
        return -1;
    }
    for (int i = 0; i < 3; i++) {
        const struct fred_mapping *m = fred_maps_find(maps, names[i]);
        if (!m || !want[i][0]) continue;
        if (m->end - m->start != want[i][1] - want[i][0]) {
            fred_error_set(err, "the image was taken under a different kernel (%s size differs); cannot restart", names[i]);
            return -1;
        }
        args->special[args->special_count++] = (struct fred_special_move){ m->start, m->end, want[i][0] };
    }
    int moved = 0;
    for (uint32_t i = 0; i < args->special_count; i++) moved |= args->special[i].start != args->special[i].want;
    if (!moved) args->special_count = 0;
    return 0;
}

int fred_restore_plan_areas(struct fred_blob_args *args, struct fred_blob_area *areas, struct fred_blob_run *runs,
                            const struct fred_image *img, uint64_t scratch_end, struct fred_error *err)
{
    const struct fred_image_header *h = &img->header;
    const char *paths[256] = { 0 };
    args->image_fd = img->fd;
    args->unmap = (struct fred_range *)(runs + h->run_count);
    for (uint32_t i = 0; i < h->area_count; i++) {
        const struct fred_area *a = &img->areas[i];
        if (overlaps(a->start, a->end, FRED_BLOB_ADDR, scratch_end) ||
            overlaps(a->start, a->end, FRED_TEMP_ADDR, FRED_TEMP_ADDR + (1ull << 24))) {
            fred_error_set(err, "area %lx-%lx of the image overlaps fred's restorer; cannot restart", (unsigned long)a->start,
                           (unsigned long)a->end);
            return -1;
        }
        struct fred_blob_area *b = &areas[i];
        *b = (struct fred_blob_area){ a->start, a->end, a->file_offset, -1, a->prot, (a->flags & FRED_AREA_GROWSDOWN) != 0,
                                      a->first_run, a->run_count, 0 };
        if (a->kind == FRED_AREA_FILE) {
            b->fd = file_fd(args, fred_image_string(img, a->path), paths, err);
            if (b->fd < 0) return -1;
        }
        for (uint32_t r = a->first_run; r < a->first_run + a->run_count; r++) {
            const struct fred_run *run = &img->runs[r];
            runs[r] = (struct fred_blob_run){ a->start + run->offset, run->length, run->data_offset,
                                              !b->growsdown && run->length >= LAZY_RUN_MIN };
        }
    }
    args->area_count = h->area_count;
    args->areas = areas;
    args->runs = runs;
    args->close_fds[args->close_count++] = img->fd;
    args->use_mm_map = 1;
    args->mm_map = (struct prctl_mm_map){
        .start_code = h->mm.start_code, .end_code = h->mm.end_code, .start_data = h->mm.start_data,
        .end_data = h->mm.end_data, .start_brk = h->mm.start_brk, .brk = h->mm.brk, .start_stack = h->mm.start_stack,
        .arg_start = h->mm.arg_start, .arg_end = h->mm.arg_end, .env_start = h->mm.env_start, .env_end = h->mm.env_end,
        .auxv = (__u64 *)args->auxv, .auxv_size = h->auxv_words * 8u, .exe_fd = (uint32_t)-1,
    };
    memcpy(args->auxv, h->auxv, sizeof args->auxv);
    args->fs_base = img->threads[0].fs_base;
    args->resume = img->threads[0].resume;
    args->restart_info_addr = h->restart_info_addr;
    return 0;
}

int fred_restore_plan_unmaps(struct fred_blob_args *args, const struct fred_maps *maps, const struct fred_image_header *h,
                             uint64_t scratch_end, struct fred_error *err)
{
    args->unmap_count = 0;
    args->special_count = 0;
    for (int i = 0; i < maps->count; i++) {
        const struct fred_mapping *m = &maps->items[i];
        if (m->start >= FRED_BLOB_ADDR && m->end <= scratch_end) continue;
        if (is_kernel_special(m->path)) continue;
        if (args->unmap_count == FRED_UNMAP_MAX) {
            fred_error_set(err, "too many mappings in this process (%d); cannot restart", maps->count);
            return -1;
        }
        args->unmap[args->unmap_count++] = (struct fred_range){ m->start, m->end };
    }
    return plan_specials(args, maps, h, err);
}
