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
 */
#define _GNU_SOURCE
#include "fred_library.h"
#include "fred_image_write.h"
#include "fred_restore_args.h"
#include "fred_record.h"
#include "fred_record_calls.h"
#include "fred_search.h"
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

struct fred_library fred_lib;

__asm__(".text\n"
        ".globl fred_resume_save\n"
        ".type fred_resume_save,@function\n"
        "fred_resume_save:\n"
        "    lea 8(%rsp), %rax\n"
        "    mov %rax, 0(%rdi)\n"
        "    mov (%rsp), %rax\n"
        "    mov %rax, 8(%rdi)\n"
        "    mov %rbx, 16(%rdi)\n"
        "    mov %rbp, 24(%rdi)\n"
        "    mov %r12, 32(%rdi)\n"
        "    mov %r13, 40(%rdi)\n"
        "    mov %r14, 48(%rdi)\n"
        "    mov %r15, 56(%rdi)\n"
        "    xor %eax, %eax\n"
        "    ret\n"
        ".size fred_resume_save, .-fred_resume_save\n");

void fred_control_path(char *out, size_t cap, const char *kind, int pid)
{
    snprintf(out, cap, "%s/%s.%d", fred_lib.control_dir, kind, pid);
}

int fred_fork_detached(void)
{
    /* exit signal 0: the program's wait() never sees the intermediate process */
    long mid = syscall(SYS_clone, CLONE_UNTRACED, 0, NULL, NULL, 0);
    if (mid < 0) return -1;
    if (mid == 0) {
        long child = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
        if (child != 0) syscall(SYS_exit, child < 0 ? 1 : 0);
        return 0;
    }
    int status;
    while (syscall(SYS_wait4, mid, &status, __WCLONE, NULL) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? (int)mid : -1;
}

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

/* One line into <control>/res.<pid>; without a requester, errors go to stderr. */
static void report(int pid, int requested, const char *line)
{
    if (requested) {
        char path[600];
        fred_control_path(path, sizeof path, "res", pid);
        char text[1200];
        snprintf(text, sizeof text, "%s\n", line);
        if (fred_write_file_atomic(path, text) == 0) return;
    }
    if (strncmp(line, "error ", 6) == 0) {
        char msg[1200];
        int len = snprintf(msg, sizeof msg, "fred-ckpt: checkpoint of pid %d failed: %s\n", pid, line + 6);
        fred_write_all(2, msg, (size_t)len);
    }
}

enum request_kind { REQUEST_DEFAULT, REQUEST_IMAGE, REQUEST_SNAPSHOT, REQUEST_SEARCH, REQUEST_REFUSED };

struct request {
    enum request_kind kind;
    char path[FRED_PATH_MAX];
    int snapshot_id;
};

/* Take the request left for us (and remove it so it is used once). */
static void read_request(int pid, struct request *req)
{
    char path[600], text[FRED_PATH_MAX + 64];
    req->kind = REQUEST_DEFAULT;
    fred_control_path(path, sizeof path, "req", pid);
    if (fred_trusted_dir(fred_lib.control_dir) < 0 && errno != ENOENT) {
        /* another user may have made it: a request found there could name any of our files */
        char msg[800];
        int len = snprintf(msg, sizeof msg, "fred-ckpt: checkpoint of pid %d refused: control directory %s must be a directory "
                           "of yours with mode 0700 (not a symlink); remove it or set FRED_CKPT_CONTROL\n", pid, fred_lib.control_dir);
        fred_write_all(2, msg, (size_t)len);
        req->kind = REQUEST_REFUSED;
        return;
    }
    ssize_t n = fred_read_control_file(path, text, sizeof text - 1);
    if (n <= 0) return;
    unlink(path);
    text[n] = 0;
    char *nl = strchr(text, '\n');
    if (nl) *nl = 0;
    if (strncmp(text, "image ", 6) == 0) {
        req->kind = REQUEST_IMAGE;
        fred_copy_string(req->path, text + 6, sizeof req->path);
    } else if (strncmp(text, "snapshot ", 9) == 0) {
        req->kind = REQUEST_SNAPSHOT;
        req->snapshot_id = atoi(text + 9);
    } else if (fred_search_request(text, pid)) {
        req->kind = REQUEST_SEARCH;
    }
}

static void default_image_path(char *out, size_t cap, int pid)
{
    char comm[64] = "program";
    ssize_t n = fred_read_file("/proc/self/comm", comm, sizeof comm - 1);
    if (n > 0) comm[n - (comm[n - 1] == '\n')] = 0;
    const char *dir = fred_lib.image_dir[0] ? fred_lib.image_dir : fred_lib.state.cwd;
    snprintf(out, cap, "%s/fred-%s-%d.img", dir, comm, pid);
}

/*
 * A requester learns who writes the image from <control>/wrk.<pid>, so it can tell
 * "still writing" from "the writer died" (killed, out of memory) without waiting forever.
 */
static void announce_writer(int pid, int requested)
{
    if (!requested) return;
    char path[600], text[32];
    fred_control_path(path, sizeof path, "wrk", pid);
    snprintf(text, sizeof text, "%d\n", (int)getpid());
    fred_write_file_atomic(path, text);
}

static void writer_done(int pid, int requested)
{
    if (!requested) return;
    char path[600];
    fred_control_path(path, sizeof path, "wrk", pid);
    unlink(path);
}

static void write_image(const struct request *req, int pid, uint64_t started_ns)
{
    char path[FRED_PATH_MAX];
    int requested = req->kind != REQUEST_DEFAULT;
    if (req->kind == REQUEST_IMAGE) fred_copy_string(path, req->path, sizeof path);
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
        snprintf(line, sizeof line, "ok image %s %llu %llu", path, (unsigned long long)result.image_bytes,
                 (unsigned long long)(fred_now_ns() - started_ns));
    else
        snprintf(line, sizeof line, "error %s", err.message);
    report(pid, requested, line);
    writer_done(pid, requested);
}

struct image_job {
    const struct request *req;
    int pid;
    uint64_t started_ns;
};

static void write_image_job(void *arg)
{
    const struct image_job *job = arg;
    write_image(job->req, job->pid, job->started_ns);
}

int fred_snapshot_here(int id, unsigned long pc, const char *answer_path, int copy_answers)
{
    int pid = getpid();
    struct fred_error err = { { 0 } };
    char line[700];
    if (fred_state_capture(&fred_lib.state, -1, 1 + fred_threads_stopped(), &err) < 0) {
        snprintf(line, sizeof line, "error %s\n", err.message);
        fred_write_file_atomic(answer_path, line);
        return -1;
    }
    int child = fred_snapshot_fork();
    if (child < 0) {
        fred_write_file_atomic(answer_path, "error cannot fork a copy of the process (out of memory or process limit)\n");
        return -1;
    }
    if (child > 0) return child;                 /* the program goes on */
    fred_snapshot_freeze(id, pid, pc, copy_answers ? answer_path : NULL);
    fred_record_resumed();                       /* it stands where the snapshot was in the log */
    return 0;                                    /* a resumed live copy continues the program */
}

__attribute__((noinline)) static void take_checkpoint(const ucontext_t *uc)
{
    uint64_t started = fred_now_ns();
    int pid = getpid();
    fred_search_reset();
    struct request req;
    read_request(pid, &req);
    if (req.kind == REQUEST_SEARCH || req.kind == REQUEST_REFUSED) return;   /* armed, or refused (said why) */
    struct fred_error err = { { 0 } };
    char line[600];
    if (fred_threads_stop_others((ucontext_t *)uc, &err) < 0) {   /* the other threads wait in the handler meanwhile */
        snprintf(line, sizeof line, "error %s", err.message);
        if (req.kind == REQUEST_SNAPSHOT) {
            char answer[600];
            fred_control_path(answer, sizeof answer, "res", pid);
            strncat(line, "\n", sizeof line - strlen(line) - 1);
            fred_write_file_atomic(answer, line);
        } else {
            report(pid, req.kind != REQUEST_DEFAULT, line);
        }
        return;
    }
    if (req.kind == REQUEST_SNAPSHOT) {
        char answer[600];
        fred_control_path(answer, sizeof answer, "res", pid);
        fred_snapshot_here(req.snapshot_id, (unsigned long)uc->uc_mcontext.gregs[REG_RIP], answer, 1);
    } else if (fred_state_capture(&fred_lib.state, -1, 1 + fred_threads_stopped(), &err) < 0) {
        snprintf(line, sizeof line, "error %s", err.message);
        report(pid, req.kind != REQUEST_DEFAULT, line);
    } else {
        struct image_job job = { &req, pid, started };
        if (spawn_detached(write_image_job, &job) < 0)
            report(pid, req.kind != REQUEST_DEFAULT, "error cannot fork a copy of the process (out of memory or process limit)");
    }
    fred_threads_release();                      /* the program goes on (while a copy writes) */
}

__attribute__((noinline)) static void after_restart(void)
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
    if (fred_lib.restart_signal) kill(getpid(), fred_lib.restart_signal);   /* delivered as the handler returns */
    if (fred_lib.restart.stop) kill(getpid(), SIGSTOP);
    fred_threads_release();
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

__attribute__((noinline)) void fred_handler_body(void *context, void (*take)(const ucontext_t *))
{
    int saved_errno = errno;
    fred_record_enter_fred();                    /* fred's own calls are not the program's */
    fred_record_interrupted(context);
    if (fred_resume_save(&fred_lib.resume))
        after_restart();
    else
        take(context);
    fred_record_leave_fred();
    errno = saved_errno;
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
    else snprintf(fred_lib.control_dir, sizeof fred_lib.control_dir, "/tmp/fred-ckpt-%u", (unsigned)getuid());
    const char *dir = getenv("FRED_CKPT_DIR");
    if (dir && *dir) fred_copy_string(fred_lib.image_dir, dir, sizeof fred_lib.image_dir);
    const char *sig = getenv("FRED_CKPT_SIGNAL");
    fred_lib.checkpoint_signal = sig && atoi(sig) > 0 && atoi(sig) < 65 ? atoi(sig) : SIGUSR2;
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
