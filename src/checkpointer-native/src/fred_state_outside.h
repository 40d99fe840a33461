/*
 * fred_state_outside.h - the kernel state of a stopped, traced process read from outside
 * (for statically linked programs, into which no library can be preloaded): the same
 * struct fred_state the preload library fills for itself, plus every register.
 *
 * From /proc/PID: threads, children, open files (fd + fdinfo), cwd, umask, personality,
 * mm fields, auxv, exe, cmdline; from ptrace: registers, XSAVE area, signal mask, rseq;
 * signal handlers and the current brk by system calls injected into the process.
 */
#ifndef FRED_STATE_OUTSIDE_H
#define FRED_STATE_OUTSIDE_H

#include "fred_ptrace.h"
#include "fred_state.h"

/* The outside state of an image, with room for any XSAVE area. */
struct fred_outside_record {
    struct fred_outside_state state;
    uint8_t xsave[FRED_XSAVE_MAX];
};

/*
 * Capture everything, or refuse (-1, err naming the thing) as the library does: more
 * than one thread, children, pipes/sockets beyond fds 0-2, deleted files. The process
 * must be in a ptrace stop; it is left in the same stop with the same registers.
 * A system call it was in is recorded as to be restarted.
 */
int fred_state_capture_outside(struct fred_tracee *t, struct fred_state *st, struct fred_outside_record *rec, struct fred_error *err);

#endif
