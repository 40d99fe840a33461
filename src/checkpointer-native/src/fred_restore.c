/*
 * fred_restore.c - restart from an image, in a fresh process of the ORIGINAL program
 * (exec'd by fred-exec with this library preloaded), so the kernel's view of the program
 * is genuine: /proc/PID/exe, the name in ps, brk, auxv.
 *
 * Everything is checked and planned here, with libc, before the point of no return:
 * the image's header and table, optionally every checksum, that the executable and
 * libraries are unchanged and the kernel's vdso is the same. Then the plan (what to
 * unmap, what to map from where, the special mappings to move, mm fields, registers)
 * goes into a scratch mapping beside the freestanding restorer (fred_restore_blob.c),
 * which does the mechanical part and jumps back into the restored library's handler.
 */
#define _GNU_SOURCE
#include "fred_image_read.h"
#include "fred_hash.h"
#include "fred_library.h"
#include "fred_maps.h"
#include "fred_restore_args.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <unistd.h>

/* the restorer, embedded by the build (fred_restore_blob_embed.S) */
extern const unsigned char fred_blob_start[], fred_blob_end[];

#define LAZY_RUN_MIN (256u << 10)   /* runs this large are mapped from the image, not read */

static void refuse(const char *message)
{
    fprintf(stderr, "fred-ckpt restart: %s\n", message);
    fflush(stderr);
}

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
    if (args->close_count == (int)(sizeof args->close_fds / sizeof args->close_fds[0])) {
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
    if (h->vdso_start && (!vdso || vdso->end - vdso->start != h->vdso_end - h->vdso_start ||
                          fred_hash((const void *)vdso->start, vdso->end - vdso->start) != h->vdso_checksum)) {
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

static int plan(struct fred_blob_args *args, struct fred_blob_area *areas, struct fred_blob_run *runs, const struct fred_image *img,
                uint64_t scratch_end, struct fred_error *err)
{
    const struct fred_image_header *h = &img->header;
    const char *paths[256] = { 0 };
    struct fred_maps maps;
    if (fred_maps_read(&maps) < 0) {
        fred_error_set(err, "cannot read /proc/self/maps: %s", strerror(errno));
        return -1;
    }
    int rc = -1;
    args->image_fd = img->fd;
    args->unmap = (struct fred_range *)(runs + h->run_count);
    for (int i = 0; i < maps.count; i++) {
        const struct fred_mapping *m = &maps.items[i];
        if (m->start >= FRED_BLOB_ADDR && m->end <= scratch_end) continue;
        if (is_kernel_special(m->path)) continue;
        args->unmap[args->unmap_count++] = (struct fred_range){ m->start, m->end };
    }
    if (plan_specials(args, &maps, h, err) < 0) goto out;
    for (uint32_t i = 0; i < h->area_count; i++) {
        const struct fred_area *a = &img->areas[i];
        if (overlaps(a->start, a->end, FRED_BLOB_ADDR, scratch_end) ||
            overlaps(a->start, a->end, FRED_TEMP_ADDR, FRED_TEMP_ADDR + (1ull << 24))) {
            fred_error_set(err, "area %lx-%lx of the image overlaps fred's restorer; cannot restart", (unsigned long)a->start,
                           (unsigned long)a->end);
            goto out;
        }
        struct fred_blob_area *b = &areas[i];
        *b = (struct fred_blob_area){ a->start, a->end, a->file_offset, -1, a->prot, (a->flags & FRED_AREA_GROWSDOWN) != 0,
                                      a->first_run, a->run_count, 0 };
        if (a->kind == FRED_AREA_FILE) {
            b->fd = file_fd(args, fred_image_string(img, a->path), paths, err);
            if (b->fd < 0) goto out;
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
    rc = 0;
out:
    fred_maps_release(&maps);
    return rc;
}

static void *map_fixed(uint64_t addr, size_t len, int prot)
{
    void *p = mmap((void *)addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    return p == MAP_FAILED || p != (void *)addr ? NULL : p;
}

void fred_restore_from_environment(const char *image_path)
{
    struct fred_error err = { { 0 } };
    struct fred_image img;
    const char *flags = getenv("FRED_CKPT_RESTORE_FLAGS");
    int stop = flags && strstr(flags, "stop");
    int verify = flags && strstr(flags, "verify");
    char absolute[PATH_MAX];
    if (!realpath(image_path, absolute)) fred_copy_string(absolute, image_path, sizeof absolute);
    if (fred_image_open(absolute, &img, &err) < 0 || (verify && fred_image_verify(&img, absolute, &err) < 0) ||
        fred_image_check_environment(&img, &err) < 0) {
        refuse(err.message);
        return;
    }
    const struct fred_image_header *h = &img.header;
    size_t blob_len = (size_t)(fred_blob_end - fred_blob_start);
    size_t scratch_len = sizeof(struct fred_blob_args) + h->area_count * sizeof(struct fred_blob_area) +
                         h->run_count * sizeof(struct fred_blob_run) + 8192 * sizeof(struct fred_range) + FRED_STACK_SIZE;
    scratch_len = (scratch_len + FRED_PAGE_SIZE - 1) & ~(size_t)(FRED_PAGE_SIZE - 1);
    unsigned char *blob = map_fixed(FRED_BLOB_ADDR, FRED_BLOB_MAX, PROT_READ | PROT_WRITE);
    char *scratch = map_fixed(FRED_SCRATCH_ADDR, scratch_len, PROT_READ | PROT_WRITE);
    if (!blob || !scratch || blob_len > FRED_BLOB_MAX) {
        refuse("cannot map the restorer at its fixed address (something else is there)");
        return;
    }
    memcpy(blob, fred_blob_start, blob_len);
    mprotect(blob, FRED_BLOB_MAX, PROT_READ | PROT_EXEC);
    struct fred_blob_args *args = (struct fred_blob_args *)scratch;
    struct fred_blob_area *areas = (struct fred_blob_area *)(args + 1);
    struct fred_blob_run *runs = (struct fred_blob_run *)(areas + h->area_count);
    uint64_t scratch_end = FRED_SCRATCH_ADDR + scratch_len;
    if (plan(args, areas, runs, &img, scratch_end, &err) < 0) {
        refuse(err.message);
        return;
    }
    args->restart_info.restarted = 1;
    args->restart_info.stop = (uint32_t)stop;
    args->restart_info.scratch_end = scratch_end;
    fred_copy_string(args->restart_info.image, absolute, sizeof args->restart_info.image);
    const char *control = getenv("FRED_CKPT_CONTROL"), *session = getenv("FRED_CKPT_SESSION");
    if (control) fred_copy_string(args->restart_info.control_dir, control, sizeof args->restart_info.control_dir);
    args->restart_info.session_pid = session ? atoi(session) : 0;

    /* point of no return */
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    if (__rseq_size) {
        uint64_t fs;
        syscall(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &fs);
        syscall(SYS_rseq, fs + (uint64_t)__rseq_offset, __rseq_size < 32 ? 32 : __rseq_size, RSEQ_FLAG_UNREGISTER, RSEQ_SIG);
    }
    uint64_t stack_top = (scratch_end - 64) & ~(uint64_t)15;
    __asm__ volatile("mov %0, %%rsp\n\t"
                     "mov %1, %%rdi\n\t"
                     "call *%2\n\t"
                     :
                     : "r"(stack_top), "r"(args), "r"((uint64_t)FRED_BLOB_ADDR)
                     : "rdi", "memory");
    __builtin_unreachable();
}
