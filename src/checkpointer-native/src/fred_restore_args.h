/*
 * fred_restore_args.h - everything the freestanding restorer needs, prepared by the
 * library before the point of no return and placed in the scratch mapping next to the
 * restorer's code. Plain data: pointers + counts, no libc types.
 */
#ifndef FRED_RESTORE_ARGS_H
#define FRED_RESTORE_ARGS_H

#include <stdint.h>
#include <linux/prctl.h>

#include "../include/fred_image.h"

/* Fixed addresses chosen so no program's layout collides (see DESIGN.md). */
#define FRED_BLOB_ADDR    0x200000000000ull   /* restorer code, linked to run here */
#define FRED_BLOB_MAX     (64ull << 10)
#define FRED_SCRATCH_ADDR (FRED_BLOB_ADDR + FRED_BLOB_MAX)
#define FRED_UNMAP_MAX    8192u                /* room for the ranges to unmap in the scratch */
#define FRED_TEMP_ADDR    0x210000000000ull   /* parking place for [vvar]/[vdso] while they move */
#define FRED_STACK_SIZE   (64ull << 10)

struct fred_range {
    uint64_t start, end;
};

struct fred_blob_area {
    uint64_t start, end;
    uint64_t file_offset;     /* in the backing file */
    int32_t fd;               /* backing file, -1 for anonymous */
    uint32_t prot;
    uint32_t growsdown;
    uint32_t first_run, run_count;
    uint32_t pad;
};

struct fred_blob_run {
    uint64_t addr, length, data_offset;
    uint64_t lazy;            /* map from the image instead of reading now */
};

struct fred_special_move {
    uint64_t start, end;      /* where it is now */
    uint64_t want;            /* where the image had it */
};

struct fred_blob_args {
    uint64_t unmap_count;
    struct fred_range *unmap;
    uint64_t area_count;
    struct fred_blob_area *areas;
    struct fred_blob_run *runs;
    int32_t image_fd;
    int32_t close_count;
    int32_t close_fds[256];
    uint32_t special_count;
    struct fred_special_move special[3];
    uint32_t use_mm_map;
    struct prctl_mm_map mm_map;
    uint64_t auxv[96];
    uint64_t fs_base;
    struct fred_resume_context resume;
    uint64_t restart_info_addr;
    struct fred_restart_info restart_info;
    /* a static program's restore: stop at a breakpoint once memory is in place; its
     * supervisor puts back the registers and kernel state by ptrace */
    uint32_t trap_when_done;
};

/* The restorer's entry point, called on its own stack; never returns. */
typedef void (*fred_blob_entry_fn)(struct fred_blob_args *args);

#endif
