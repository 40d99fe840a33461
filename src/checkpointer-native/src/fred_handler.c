/*
 * fred_handler.c - the body of fred's signal handlers (fred_handler.h): the resume point
 * that restarts and resumed snapshots come back to, and what they do there.
 *
 * Layer: below fred_preload.c and fred_search.c, which call it with what to take; it calls
 * only lower modules (library state, record log, kernel state, threads), never up.
 */
#define _GNU_SOURCE
#include "fred_handler.h"
#include "fred_library.h"
#include "fred_record.h"
#include "fred_record_calls.h"
#include "fred_restore_args.h"
#include "fred_threads.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

__attribute__((noinline)) static void after_restart(ucontext_t *context)
{
    if (fred_lib.restart.scratch_end)
        munmap((void *)FRED_BLOB_ADDR, fred_lib.restart.scratch_end - FRED_BLOB_ADDR);
    fred_lib.restarts++;
    fred_record_detach();                        /* images do not hold the record log */
    fred_copy_string(fred_lib.restored_from, fred_lib.restart.image, sizeof fred_lib.restored_from);
    if (fred_lib.restart.control_dir[0])
        fred_copy_string(fred_lib.control_dir, fred_lib.restart.control_dir, sizeof fred_lib.control_dir);
    if (fred_lib.restart.session_pid) fred_lib.session_pid = fred_lib.restart.session_pid;
    /* a program that asked for a signal of its own redraws on it, instead of on SIGWINCH */
    fred_state_apply_after_restart(&fred_lib.state, !fred_lib.restart_signal);
    fred_threads_recreate();                     /* they wait in the handler until released */
    if (fred_lib.restart_signal) {
        /* the leader's wait returns EINTR: the one the checkpoint came during, and unless
         * that was a wait of fred's wrappers, also its next one (an image taken between
         * pdb's prompt and its select; a program whose EINTR was a sleep's) */
        fred_threads_interrupt_again(context);
        if (!fred_record_call_interrupted(context)) fred_record_interrupt_next_wait();
        kill(getpid(), fred_lib.restart_signal);   /* delivered as the handler returns */
    }
    if (fred_lib.restart.stop) fred_threads_stop_for_debugger();
    fred_threads_release();
}

__attribute__((noinline)) void fred_handler_body(void *context, void (*take)(const ucontext_t *))
{
    int saved_errno = errno;
    fred_record_enter_fred();                    /* fred's own calls are not the program's */
    fred_record_interrupted(context);
    if (fred_resume_save(&fred_lib.resume))
        after_restart(context);
    else
        take(context);
    fred_record_leave_fred();
    errno = saved_errno;
}
