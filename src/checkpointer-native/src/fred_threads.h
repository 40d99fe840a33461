/*
 * fred_threads.h - checkpoints of programs with several threads (pthreads).
 *
 * The thread that receives the checkpoint signal leads: it sends each other thread a
 * queued checkpoint signal tagged with a generation, and each of them stops in fred's
 * handler after saving its resume point, TLS base, robust-futex list and rseq area in
 * this library's memory (so they travel in every image and snapshot). The leader then
 * forks the copy (image writer or frozen snapshot) and lets them go.
 *
 * In a restarted process or a resumed snapshot, only the leader exists: it clones each
 * other thread again (same TLS, same stack, since memory is back) straight into that
 * thread's resume point, where the thread registers its robust list and rseq area again
 * and waits until the leader has put the kernel state back; every thread then returns
 * from its handler through its own signal frame (registers, mask, alternate stack).
 * The process's first thread (the kernel's thread group leader, whose tid is the pid) must
 * be the one it was, main: when it ends, the process looks ended to gdb and /proc. So when
 * another thread led, the new process's only thread becomes main (jumps to main's resume
 * point with main's TLS) and a clone takes over the leading on the leader's stack.
 *
 * Identities: glibc's cached tid in struct pthread keeps the original value (mutex owners
 * stay valid); gettid() answers the original tid through fred_threads_original_tid().
 */
#ifndef FRED_THREADS_H
#define FRED_THREADS_H

#include <signal.h>
#include <stdint.h>
#include <ucontext.h>

#include "../include/fred_image.h"
#include "fred_util.h"

#define FRED_MAX_THREADS 256

/* Once, at load (not in a signal handler): finds glibc's tid field in struct pthread. */
void fred_threads_init(void);

/* In the checkpoint handler: is this signal the leader's "stop here" request? If so the
 * thread stops (and returns when released): returns 1. */
int fred_threads_follow(const siginfo_t *info, ucontext_t *uc);

/* A checkpoint signal sent to the process that reached another thread than the main one
 * (the kernel may pick any): send it on to the main thread, which then leads, so that a restarted process's
 * first thread is the program's main thread again. Not under a debugger, which injects it
 * into the thread it stopped and waits for that thread to take it. 1 if sent on. */
int fred_threads_forward_to_main(int sig);

/* Leader: stop every other thread in fred's handler. Returns how many were stopped, or
 * -1 with err naming the thread that could not be (the others are let go again). */
int fred_threads_stop_others(ucontext_t *uc, struct fred_error *err);

/* A sleep or wait the checkpoint signal interrupted (EINTR in uc) runs again on return. */
int fred_threads_rerun_interrupted_call(int real_tid, ucontext_t *uc, int from_proc_only);

/* After a restart, leader only: undo that for its own wait, which returns EINTR instead. */
void fred_threads_interrupt_again(ucontext_t *uc);

/* How many other threads are stopped right now (0 outside a checkpoint). */
int fred_threads_stopped(void);

/* Leader: let the stopped threads return to the program. */
void fred_threads_release(void);

/* A new process (restart or resumed copy) that a debugger attaches to: stop it (SIGSTOP)
 * until the debugger resumes it, then end the job-control stop that leaves behind, which a
 * thread the program creates later would join (gdb: "received signal SIGSTOP"). */
void fred_threads_stop_for_debugger(void);

/* In a new process (restart or resumed copy), leader only: clone the stopped threads again
 * and wait until each stands at its resume point. 0, or -1 (said on stderr). */
int fred_threads_recreate(void);

/* The saved threads for an image's thread table: the leader first (tid, resume, fs_base
 * given), then the others. Returns the count written (at most cap). */
int fred_threads_table(struct fred_thread *out, int cap, int leader_tid, const struct fred_resume_context *leader_resume,
                       uint64_t leader_fs_base);

/* The tid the program knew for a kernel tid of this process (0 if never renamed). */
int fred_threads_original_tid(int real_tid);

/* The kernel's tid now for a tid the program knows, renamed by a restart (0 if not). */
int fred_threads_real_tid(int tid);

/* glibc's cached tid of a pthread_t (0 if unknown). */
int fred_threads_tid_of(const void *thread);

/* The calling thread's tid as the program knows it: glibc's cached one, which a
 * checkpoint never changes (so it stays right even when a checkpoint falls between
 * reading it and using it); 0 if unknown. */
int fred_threads_own_tid(void);

#endif
