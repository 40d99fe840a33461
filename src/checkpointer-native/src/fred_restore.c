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
#include "fred_restore_plan.h"

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

static void refuse(const char *message)
{
    fprintf(stderr, "fred-ckpt restart: %s\n", message);
    fflush(stderr);
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
    int lazy = flags && strstr(flags, "lazy");
    char absolute[PATH_MAX];
    if (!realpath(image_path, absolute)) fred_copy_string(absolute, image_path, sizeof absolute);
    /* by default a verified private copy; --lazy maps the file itself (faster, trusts it) */
    int opened = lazy ? fred_image_open(absolute, &img, &err) == 0 && (!verify || fred_image_verify(&img, absolute, &err) == 0)
                      : fred_image_open_private(absolute, &img, &err) == 0;
    if (!opened || fred_image_check_environment(&img, &err) < 0) {
        refuse(err.message);
        return;
    }
    const struct fred_image_header *h = &img.header;
    size_t blob_len = (size_t)(fred_blob_end - fred_blob_start);
    size_t scratch_len = sizeof(struct fred_blob_args) + h->area_count * sizeof(struct fred_blob_area) +
                         h->run_count * sizeof(struct fred_blob_run) + FRED_UNMAP_MAX * sizeof(struct fred_range) + FRED_STACK_SIZE;
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
    struct fred_maps maps;
    if (fred_maps_read(&maps) < 0) {
        refuse("cannot read /proc/self/maps");
        return;
    }
    int planned = fred_restore_plan_areas(args, areas, runs, &img, scratch_end, &err) == 0 &&
                  fred_restore_plan_unmaps(args, &maps, &img.header, scratch_end, &err) == 0;
    fred_maps_release(&maps);
    if (!planned) {
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
