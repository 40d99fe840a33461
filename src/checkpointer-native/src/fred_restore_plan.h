/*
 * fred_restore_plan.h - the restorer's plan (struct fred_blob_args), made with libc
 * before the point of no return, in two parts: what to map (the image's areas, their
 * stored runs, the files behind them, opened here), and what to clear away (every
 * mapping of the process to be replaced, the kernel's special mappings to move).
 * The preload library makes both for itself; for a static program, fred-exec makes the
 * first before it execs the program, its supervisor the second once the exec is done.
 */
#ifndef FRED_RESTORE_PLAN_H
#define FRED_RESTORE_PLAN_H

#include "fred_image_read.h"
#include "fred_maps.h"
#include "fred_restore_args.h"

/* Areas and runs (arrays in the scratch), files, mm fields, auxv, fs_base and resume
 * point; also sets args->unmap to the free space after the runs. -1 with err. */
int fred_restore_plan_areas(struct fred_blob_args *args, struct fred_blob_area *areas, struct fred_blob_run *runs,
                            const struct fred_image *img, uint64_t scratch_end, struct fred_error *err);

/* Everything in maps (the process to be replaced) but the restorer and the kernel's
 * special mappings is unmapped; [vvar]/[vdso] move to the image's addresses. Refuses an
 * image from another kernel (its vdso differs from ours). */
int fred_restore_plan_unmaps(struct fred_blob_args *args, const struct fred_maps *maps, const struct fred_image_header *h,
                             uint64_t scratch_end, struct fred_error *err);

#endif
