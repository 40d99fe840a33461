/*
 * fred_library.h - the preload library's own state. It lives in the library's memory,
 * so it is part of every image and every snapshot (seed 000's plugin model): after a
 * restart the library finds here what it saved.
 */
#ifndef FRED_LIBRARY_H
#define FRED_LIBRARY_H

#include <signal.h>
#include <ucontext.h>

#include "../include/fred_image.h"
#include "fred_state.h"

struct fred_library {
    struct fred_state state;             /* kernel state at the last checkpoint */
    struct fred_resume_context resume;   /* where the restorer re-enters the handler */
    struct fred_restart_info restart;    /* written by the restorer */
    char control_dir[512];               /* request/result files (FRED_CKPT_CONTROL) */
    char image_dir[512];                 /* default image directory (FRED_CKPT_DIR), "" = cwd */
    char restored_from[FRED_PATH_MAX];   /* image this process was last restarted from */
    int checkpoint_signal;               /* FRED_CKPT_SIGNAL, default SIGUSR2 */
    int session_pid;                     /* FRED_CKPT_SESSION: frozen copies end when it does */
    int restart_signal;                  /* sent after each restart from an image (fred_notify_restart), 0: none */
    unsigned restarts;
};

extern struct fred_library fred_lib;

/* Saves the callee-saved registers and returns 0; "returns" 1 when the restorer jumps back. */
int fred_resume_save(struct fred_resume_context *ctx) __attribute__((returns_twice));

/* Path of a control file: <control_dir>/<kind>.<pid> */
void fred_control_path(char *out, size_t cap, const char *kind, int pid);

/* Restart from the image named in FRED_CKPT_RESTORE; returns only on refusal (exit 2 after). */
void fred_restore_from_environment(const char *image_path);

/* fork without glibc's fork handlers (the handler may have interrupted malloc), hidden from
 * the program's wait() and from a tracing debugger. Returns 0 in the new process, its pid
 * in the caller, -1 on error. A detached process is reparented to the session's reaper. */
int fred_fork_detached(void);

/* fork for a snapshot, page tables copied once (fred_snapshot.c); as fred_fork_detached. */
int fred_snapshot_fork(void);

/* Snapshot: called in the frozen copy, which answers in answer_path (NULL: the program
 * answers for it, and no spare is forked ahead: a series's copies are used once, if at
 * all); returns only in a resumed live copy. */
void fred_snapshot_freeze(int id, int live_pid, unsigned long pc, const char *answer_path);

/* In a signal handler: capture the kernel state and fork a frozen copy, which answers in
 * answer_path unless copy_answers is 0. The copy's pid in the program, 0 in a live copy
 * resumed later, -1 on failure (said in answer_path). */
int fred_snapshot_here(int id, unsigned long pc, const char *answer_path, int copy_answers);

/* The body of fred's signal handlers: saves the resume point, then take(context). A
 * restart or a resumed copy comes back to that point instead and puts the kernel state
 * back; either way the handler then returns to the program. errno preserved. */
void fred_handler_body(void *context, void (*take)(const ucontext_t *));
void fred_checkpoint_handler_done(void);

#endif
