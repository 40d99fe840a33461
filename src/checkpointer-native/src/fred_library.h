/*
 * fred_library.h - the preload library's own state. It lives in the library's memory,
 * so it is part of every image and every snapshot (seed 000's plugin model): after a
 * restart the library finds here what it saved. Defined in fred_library.c, the bottom of
 * the library's layers (see fred_preload.c).
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

/* Restart from the image named in FRED_CKPT_RESTORE; returns only on refusal (exit 2 after). */
void fred_restore_from_environment(const char *image_path);

#endif
