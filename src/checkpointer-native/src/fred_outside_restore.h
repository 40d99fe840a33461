/*
 * fred_outside_restore.h - restart an image taken from outside (a static program), in
 * two halves. fred-exec, before it execs the program: reopens the saved files at their
 * descriptors, returns to the working directory, umask and terminal settings, and plans
 * the memory (the restorer and its plan mapped at their fixed addresses in fred-exec, so
 * the supervisor, a fork of it, has them too). The supervisor, at the program's first
 * instruction after the exec: plans the unmapping, maps the restorer into the program,
 * lets it replace the memory, then puts back by ptrace what memory does not hold:
 * registers, XSAVE area, signal mask, handlers, rseq, close-on-exec flags.
 */
#ifndef FRED_OUTSIDE_RESTORE_H
#define FRED_OUTSIDE_RESTORE_H

#include <limits.h>

#include "fred_image_read.h"
#include "fred_ptrace.h"
#include "fred_restore_args.h"

struct fred_outside_restart {
    struct fred_image img;          /* open: its descriptor is inherited by the program */
    char image[PATH_MAX];           /* absolute path */
    int stop;                       /* --stop: leave it stopped, untraced, for a debugger */
    struct fred_blob_args *args;    /* at FRED_SCRATCH_ADDR */
    uint64_t scratch_end;
};

/* fred-exec's half; img must be open and checked. -1 with err (nothing was executed). */
int fred_outside_restart_prepare(struct fred_outside_restart *r, struct fred_error *err);

/* The supervisor's half, at the exec stop of t. -1 with err: the program must be killed. */
int fred_outside_restart_finish(struct fred_tracee *t, const struct fred_outside_restart *r, struct fred_error *err);

#endif
