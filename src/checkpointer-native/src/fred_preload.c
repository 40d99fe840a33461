/*
 * fred_preload.c - libfredckpt.so, preloaded into a program (LD_PRELOAD) to put it under
 * checkpoint control.
 *
 * At load, the constructor either installs the checkpoint signal handler (SIGUSR2 unless
 * FRED_CKPT_SIGNAL says otherwise) or, when FRED_CKPT_RESTORE names an image, replaces
 * this fresh process with the image (fred_restore.c) and never returns.
 *
 * On the signal, the handler saves its resume point, reads the request left for this pid
 * in the control directory (none: write an image to FRED_CKPT_DIR or the working
 * directory), captures the kernel state into this library's memory and forks: a detached
 * copy writes the image, or stays frozen as a snapshot, while the program continues at
 * once. A restart jumps back to the resume point, where the handler puts the kernel state
 * back and returns to the program through the kernel's signal frame, which restores every
 * register.
 *
 * Rules inside the handler and the copies forked from it: no malloc, no stdio streams, no
 * locks (the signal may have interrupted any of them); raw clone instead of fork(); errno
 * preserved; the program's signal mask and handlers untouched.
 *
 * Layers (each calls only those below it; nothing calls back up):
 *   fred_preload.c        constructor, checkpoint signal, requests, image writes
 *   fred_search.c         series and counted stops (search requests)
 *   fred_snapshot.c       snapshots: the frozen copy and its commands
 *   fred_handler.c        the handler body: resume point, restarts and resumed copies
 *   fred_control_files.c  the control protocol's files (words: include/fred_control.h)
 *   fred_library.c        the library's state and resume point
 * beside the lower modules they share (kernel state, threads, record log, image writer).
 */
#define _GNU_SOURCE
#include "fred_control_files.h"
#include "fred_handler.h"
#include "fred_library.h"
#include "fred_image_write.h"
#include "fred_record.h"
#include "fred_search.h"
#include "fred_snapshot.h"
#include "fred_thread_order.h"
#include "fred_threads.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/*
 * Run fn(arg) in a detached copy of the process, without copying the page tables twice:
 * a middle process shares our memory (CLONE_VM, we wait for it as for vfork) and forks
 * the copy, which runs fn on (its copy of) the middle process's stack and exits. The
 * copy is reparented to the session's reaper; the program's wait() never sees it.
 */
struct detached_call {
    void (*fn)(void *);
    void *arg;
    int failed;
};

static int middle_process(void *p)
{
    struct detached_call *call = p;
    long child = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
    if (child == 0) {
        call->fn(call->arg);
        syscall(SYS_exit_group, 0);
    }
    call->failed = child < 0;                    /* shared memory: the caller reads it */
    return 0;
}

static int spawn_detached(void (*fn)(void *), void *arg)
{
    enum { STACK = 64 << 10 };
    char *stack = fred_map(STACK);
    if (!stack) return -1;
    struct detached_call call = { fn, arg, 1 };
    int mid = clone(middle_process, stack + STACK - 64, CLONE_VM | CLONE_VFORK | CLONE_UNTRACED, &call);
    int status = 0;
    if (mid > 0)
        while (waitpid(mid, &status, __WCLONE) < 0 && errno == EINTR) {
        }
    fred_unmap(stack, STACK);
    return mid > 0 && !call.failed ? 0 : -1;
}

/* The answer for a requester; without one, errors go to stderr. */
static void report(int pid, int requested, const char *line)
{
    if (requested) {
        char path[600];
        fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_ANSWER_FILE, pid);
        if (fred_control_answer(path, line) == 0) return;
    }
    if (strncmp(line, FRED_ANS_ERROR " ", strlen(FRED_ANS_ERROR " ")) == 0) {
        char msg[1200];
        int len = snprintf(msg, sizeof msg, "fred-ckpt: checkpoint of pid %d failed: %s\n", pid, line + strlen(FRED_ANS_ERROR " "));
        fred_write_all(2, msg, (size_t)len);
    }
}

/* Take the request left for us (and remove it so it is used once); refused: said why. */
static int read_request(int pid, struct fred_request *req)
{
    char path[600], text[FRED_PATH_MAX + 64];
    req->kind = FRED_REQUEST_NONE;
    fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_REQUEST_FILE, pid);
    if (fred_trusted_dir(fred_lib.control_dir) < 0 && errno != ENOENT) {
        /* another user may have made it: a request found there could name any of our files */
        char msg[800];
        int len = snprintf(msg, sizeof msg, "fred-ckpt: checkpoint of pid %d refused: control directory %s must be a directory "
                           "of yours with mode 0700 (not a symlink); remove it or set FRED_CKPT_CONTROL\n", pid, fred_lib.control_dir);
        fred_write_all(2, msg, (size_t)len);
        return -1;
    }
    if (fred_control_take_line(path, text, sizeof text) == 0) fred_control_parse_request(text, req);
    return 0;
}

static void default_image_path(char *out, size_t cap, int pid)
{
    char comm[64] = "program";
    ssize_t n = fred_read_file("/proc/self/comm", comm, sizeof comm - 1);
    if (n > 0) comm[n - (comm[n - 1] == '\n')] = 0;
    const char *dir = fred_lib.image_dir[0] ? fred_lib.image_dir : fred_lib.state.cwd;
    snprintf(out, cap, "%s/" FRED_IMAGE_DEFAULT_NAME, dir, comm, pid);
}

/*
 * A requester learns who writes the image from <control>/wrk.<pid>, so it can tell
 * "still writing" from "the writer died" (killed, out of memory) without waiting forever.
 */
static void announce_writer(int pid, int requested)
{
    if (!requested) return;
    char path[600], text[32];
    fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_WRITER_FILE, pid);
    snprintf(text, sizeof text, "%d\n", (int)getpid());
    fred_write_file_atomic(path, text);
}

static void writer_done(int pid, int requested)
{
    if (!requested) return;
    char path[600];
    fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_WRITER_FILE, pid);
    unlink(path);
}

static void write_image(const struct fred_request *req, int pid, uint64_t started_ns)
{
    char path[FRED_PATH_MAX];
    int requested = req->kind != FRED_REQUEST_NONE;
    if (req->kind == FRED_REQUEST_IMAGE) fred_copy_string(path, req->path, sizeof path);
    else default_image_path(path, sizeof path, pid);
    announce_writer(pid, requested);
    static struct fred_thread threads[FRED_MAX_THREADS];
    int thread_count = fred_threads_table(threads, FRED_MAX_THREADS, fred_lib.state.pid, &fred_lib.resume, fred_lib.state.fs_base);
    struct fred_write_request w = { path, &fred_lib.state, &fred_lib.resume, (uint64_t)(uintptr_t)&fred_lib.restart,
                                    fred_lib.restored_from, started_ns, threads, thread_count };
    struct fred_write_result result;
    struct fred_error err = { { 0 } };
    char line[1200];
    if (fred_image_write(&w, &result, &err) == 0)
        snprintf(line, sizeof line, FRED_ANS_OK " " FRED_REQ_IMAGE " %s %llu %llu", path, (unsigned long long)result.image_bytes,
                 (unsigned long long)(fred_now_ns() - started_ns));
    else
        snprintf(line, sizeof line, FRED_ANS_ERROR " %s", err.message);
    report(pid, requested, line);
    writer_done(pid, requested);
}

struct image_job {
    const struct fred_request *req;
    int pid;
    uint64_t started_ns;
};

static void write_image_job(void *arg)
{
    const struct image_job *job = arg;
    write_image(job->req, job->pid, job->started_ns);
}

__attribute__((noinline)) static void take_checkpoint(const ucontext_t *uc)
{
    uint64_t started = fred_now_ns();
    int pid = getpid();
    fred_search_reset();
    struct fred_request req;
    if (read_request(pid, &req) < 0) return;                  /* refused (said why) */
    if (fred_search_request(&req, pid)) return;               /* armed (or said why not) */
    int requested = req.kind != FRED_REQUEST_NONE;
    struct fred_error err = { { 0 } };
    char line[600];
    if (fred_threads_stop_others((ucontext_t *)uc, &err) < 0) {   /* the other threads wait in the handler meanwhile */
        snprintf(line, sizeof line, FRED_ANS_ERROR " %s", err.message);
        report(pid, requested, line);
        return;
    }
    if (req.kind == FRED_REQUEST_SNAPSHOT) {
        char answer[600];
        fred_control_path(answer, sizeof answer, fred_lib.control_dir, FRED_ANSWER_FILE, pid);
        fred_snapshot_here(req.id, (unsigned long)uc->uc_mcontext.gregs[REG_RIP], answer, 1);
    } else if (fred_state_capture(&fred_lib.state, -1, 1 + fred_threads_stopped(), &err) < 0) {
        snprintf(line, sizeof line, FRED_ANS_ERROR " %s", err.message);
        report(pid, requested, line);
    } else {
        struct image_job job = { &req, pid, started };
        if (spawn_detached(write_image_job, &job) < 0)
            report(pid, requested, FRED_ANS_ERROR " cannot fork a copy of the process (out of memory or process limit)");
    }
    fred_threads_release();                      /* the program goes on (while a copy writes) */
}

/*
 * For the program's side (a debugger's helper inside it, through ctypes): after every
 * restart from an image, this process gets signal sig (0: none) instead of the new
 * terminal's SIGWINCH, so its handler can show again what the old terminal showed (pdb:
 * where it stands and its prompt). The setting lives in the library's memory, so images keep it.
 * Returns 0, or -1 for a signal that cannot be used.
 */
__attribute__((visibility("default"))) int fred_notify_restart(int sig)
{
    if (sig < 0 || sig >= 65 || sig == SIGKILL || sig == SIGSTOP || sig == fred_lib.checkpoint_signal) return -1;
    fred_lib.restart_signal = sig;
    return 0;
}

/*
 * Called when the checkpoint handler is done, just before it returns: gdb runs the handler
 * up to here (fredGdbRestore.py), then back to the program's instruction. Only the program
 * runs this after a snapshot's fork: the frozen copy runs it once resumed, after dropping
 * gdb's breakpoint bytes, so a breakpoint here never reaches a copy that would trap on it
 * (one at the program's instruction would when that lies in code the copy runs first).
 */
__attribute__((noinline, used)) void fred_checkpoint_handler_done(void)
{
    __asm__ volatile("");
}

static void on_checkpoint_signal(int sig, siginfo_t *info, void *context)
{
    int saved_errno = errno;
    int stopped_here = fred_threads_follow(info, context);   /* another thread leads a checkpoint */
    errno = saved_errno;
    if (stopped_here) {
        fred_checkpoint_handler_done();
        errno = saved_errno;
        return;
    }
    fred_record_enter_fred();                     /* its reads of /proc are fred's, not the program's */
    int forwarded = info->si_code == SI_USER && fred_threads_forward_to_main(sig);
    fred_record_leave_fred();
    if (!forwarded) fred_handler_body(context, take_checkpoint);
    fred_checkpoint_handler_done();
    errno = saved_errno;
}

static void read_settings(void)
{
    const char *control = getenv("FRED_CKPT_CONTROL");
    if (control && *control) fred_copy_string(fred_lib.control_dir, control, sizeof fred_lib.control_dir);
    else fred_control_default_dir(fred_lib.control_dir, sizeof fred_lib.control_dir);
    const char *dir = getenv("FRED_CKPT_DIR");
    if (dir && *dir) fred_copy_string(fred_lib.image_dir, dir, sizeof fred_lib.image_dir);
    const char *sig = getenv("FRED_CKPT_SIGNAL");
    fred_lib.checkpoint_signal = sig && atoi(sig) > 0 && atoi(sig) < 65 ? atoi(sig) : FRED_SIGNAL_CHECKPOINT;
    const char *session = getenv("FRED_CKPT_SESSION");
    fred_lib.session_pid = session ? atoi(session) : 0;
}

__attribute__((constructor(101))) static void fred_preload_init(void)
{
    const char *restore = getenv("FRED_CKPT_RESTORE");
    if (restore && *restore) {
        fred_restore_from_environment(restore);
        _exit(2);                                 /* refused: the reason was printed */
    }
    read_settings();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_checkpoint_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&sa.sa_mask);
    sigdelset(&sa.sa_mask, SIGSYS);               /* the record filter's signal must get through */
    sigaction(fred_lib.checkpoint_signal, &sa, NULL);
    fred_threads_init();
    fred_search_init();
    fred_record_init();
    fred_thread_order_init();                     /* threads take turns while the log records */
}
