/*
 * fred_snapshot.c - a snapshot is a frozen copy of the process, forked in the checkpoint
 * handler (copy-on-write: milliseconds, whatever the size). The copy waits for commands
 * in the control directory (include/fred_control.h: resume, resume-stop, check, discard,
 * spill PATH, each answered "ok ..." or "error WHY"), and a checkpoint signal to the copy
 * says a command is there. "resume" makes a new copy of it the program at snapshot time,
 * with its own open file descriptions at the saved offsets, and the frozen copy stays for
 * later resumes. The new copy is a spare forked ahead of time and only woken (or, without
 * one, forked on demand). With "resume-stop" it stops itself (SIGSTOP) just before
 * returning to the program, for a debugger to attach. Shared memory is given its contents
 * of snapshot time before a resume (fred_shared_memory.h), or the resume is refused;
 * "check" asks, without resuming, whether it would be (the snapshot's answer ends in
 * "shared" when it matters). A frozen copy ends when the session that made it is gone
 * (fred-holder, or else the process that started the program), at once: it waits on a
 * pidfd of the session next to a signalfd for its commands; its spare dies with it.
 *
 * Layer: called by fred_preload.c (a snapshot request) and fred_search.c (a series); calls
 * only lower modules (control files, library state, kernel state, threads, shared memory,
 * image writer, record log), never back up.
 */
#define _GNU_SOURCE
#include "fred_snapshot.h"
#include "fred_control_files.h"
#include "fred_library.h"
#include "fred_image_write.h"
#include "fred_maps.h"
#include "fred_record.h"
#include "fred_shared_memory.h"
#include "fred_threads.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * The frozen copy is forked once: a middle process shares our memory (CLONE_VM) and
 * forks the copy while this thread waits for it, so the page tables are copied once and
 * the program pauses for one fork (a plain double fork copies them twice and waits for
 * both). The copy starts on the middle process's stack and jumps back into its own copy
 * of this function's frame, so it returns from here as from a fork. No CLONE_VFORK: a
 * tracing gdb would be told about the vfork's end. The middle process has no rseq
 * registration (the kernel drops it for CLONE_VM), so neither has the copy: it registers
 * the program's area again.
 */
struct copy_fork {
    void *jump[5];                 /* __builtin_setjmp's buffer */
    char *stack;                   /* the middle process's stack, outside any image */
    long child;
};

enum { MIDDLE_STACK = 64 << 10 };

static int middle_process(void *p)
{
    struct copy_fork *job = p;
    long child = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
    if (child == 0) __builtin_longjmp(job->jump, 1);
    job->child = child;            /* shared memory: the waiting thread reads it */
    return 0;
}

__attribute__((noinline)) static int snapshot_fork(void)
{
    fred_shared_save();            /* before the fork: the program may write them as soon as it goes on */
    struct copy_fork job = { .child = -1 };
    job.stack = fred_map(MIDDLE_STACK);
    if (!job.stack) return -1;
    if (__builtin_setjmp(job.jump)) {
        fred_unmap(job.stack, MIDDLE_STACK);
        if (fred_lib.state.rseq_addr)
            syscall(SYS_rseq, fred_lib.state.rseq_addr, fred_lib.state.rseq_len, 0, fred_lib.state.rseq_sig);
        return 0;
    }
    int mid = clone(middle_process, job.stack + MIDDLE_STACK - 64, CLONE_VM | CLONE_UNTRACED, &job);
    if (mid > 0)
        while (syscall(SYS_wait4, mid, NULL, __WCLONE, NULL) < 0 && errno == EINTR) {
        }
    fred_unmap(job.stack, MIDDLE_STACK);
    return mid > 0 && job.child > 0 ? (int)job.child : -1;
}

/* A debugger's breakpoint bytes live in private copies of code pages: map the code
 * from its file again so the copy holds the program's own instructions. */
static void drop_debugger_code_changes(void)
{
    struct fred_maps maps;
    if (fred_maps_read(&maps) < 0) return;
    for (int i = 0; i < maps.count; i++) {
        const struct fred_mapping *m = &maps.items[i];
        if (m->path[0] != '/' || !(m->prot & PROT_EXEC) || (m->prot & PROT_WRITE) || m->shared) continue;
        int fd = open(m->path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        mmap((void *)m->start, m->end - m->start, m->prot, MAP_PRIVATE | MAP_FIXED, fd, (off_t)m->offset);
        close(fd);
    }
    fred_maps_release(&maps);
}

static void reply(int self, const char *line)
{
    char path[600];
    fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_SNAPSHOT_ANSWER_FILE, self);
    fred_control_answer(path, line);
}

static void reply_error(int self, const struct fred_error *err)
{
    char line[600];
    snprintf(line, sizeof line, FRED_ANS_ERROR " %s", err->message);
    reply(self, line);
}

static int read_command(int self, char *cmd, size_t cap)
{
    char path[600];
    fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_SNAPSHOT_COMMAND_FILE, self);
    return fred_control_take_line(path, cmd, cap);
}

static void spill(int self, const char *path)
{
    static struct fred_thread threads[FRED_MAX_THREADS];
    int thread_count = fred_threads_table(threads, FRED_MAX_THREADS, fred_lib.state.pid, &fred_lib.resume, fred_lib.state.fs_base);
    struct fred_write_request w = { path, &fred_lib.state, &fred_lib.resume, (uint64_t)(uintptr_t)&fred_lib.restart,
                                    fred_lib.restored_from, fred_now_ns(), threads, thread_count };
    struct fred_write_result result;
    struct fred_error err = { { 0 } };
    char line[1200];
    if (fred_image_write(&w, &result, &err) == 0)
        snprintf(line, sizeof line, FRED_ANS_OK " " FRED_ANS_SPILLED " %s %llu", path, (unsigned long long)result.image_bytes);
    else
        snprintf(line, sizeof line, FRED_ANS_ERROR " %s", err.message);
    reply(self, line);
}

/* The parent of pid, from /proc/<pid>/stat (0 if unknown). */
static int parent_of(int pid)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    ssize_t n = fred_read_file(path, stat, sizeof stat - 1);
    if (n <= 0) return 0;
    stat[n] = 0;
    char *p = strrchr(stat, ')');
    int ppid = 0;
    if (p) sscanf(p + 2, "%*c %d", &ppid);
    return ppid;
}

/*
 * The copy lives as long as the session: fred-holder (FRED_CKPT_SESSION) or, without one,
 * the process that started the program (the live process's parent, e.g. fred's node or
 * gdb). A pidfd names that very process (no pid reuse) and becomes readable when it ends.
 * Returns the pidfd, -1 when there is nothing to watch, -2 when the session is gone.
 */
static int watch_session(int live_pid)
{
    if (fred_lib.session_pid <= 0) fred_lib.session_pid = parent_of(live_pid);   /* inherited by resumed copies */
    if (fred_lib.session_pid <= 1) return -1;
    int fd = (int)syscall(SYS_pidfd_open, fred_lib.session_pid, 0);
    if (fd < 0 && errno == ESRCH) return -2;
    if (fd >= 0) fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
}

static int session_gone(int pidfd)
{
    if (pidfd >= 0) {
        struct pollfd p = { pidfd, POLLIN, 0 };
        return poll(&p, 1, 0) > 0;
    }
    return fred_lib.session_pid > 1 && kill(fred_lib.session_pid, 0) < 0 && errno == ESRCH;
}

/* Wait for a signal in wait_for or the end of the session (returns 0 then). */
static int next_signal(const sigset_t *wait_for, int signal_fd, int session_fd)
{
    for (;;) {
        if (signal_fd >= 0) {
            struct pollfd p[2] = { { signal_fd, POLLIN, 0 }, { session_fd, POLLIN, 0 } };
            /* without a pidfd, look at the session once a second */
            int n = poll(p, session_fd >= 0 ? 2 : 1, session_fd >= 0 ? -1 : 1000);
            if (session_gone(session_fd)) return 0;
            if (n <= 0 || !(p[0].revents & POLLIN)) continue;
            struct signalfd_siginfo info;
            if (read(signal_fd, &info, sizeof info) == (ssize_t)sizeof info) return (int)info.ssi_signo;
        } else {
            struct timespec second = { 1, 0 };
            int sig = sigtimedwait(wait_for, NULL, &second);
            if (sig > 0) return sig;
            if (session_gone(session_fd)) return 0;
        }
    }
}

/* What a frozen copy holds open; a copy that becomes the program must not keep them. */
struct copy_fds {
    int signal_fd, session_fd, spare_wake_fd;
};

static void close_copy_fds(const struct copy_fds *fds)
{
    if (fds->signal_fd >= 0) close(fds->signal_fd);
    if (fds->session_fd >= 0) close(fds->session_fd);
    if (fds->spare_wake_fd >= 0) close(fds->spare_wake_fd);
}

/* In a new copy about to return to the program (through the handler). */
static void become_live(const struct copy_fds *fds, int stop)
{
    close_copy_fds(fds);
    fred_state_apply_after_resume(&fred_lib.state);
    fred_threads_recreate();       /* fork copied one thread: the others come back from their saved state */
    if (stop) fred_threads_stop_for_debugger();
}

/* Signals sent to the process group while a spare waited (Ctrl-C at another copy's
 * prompt, say) were never meant for the program it becomes. */
static void drop_pending_signals(void)
{
    struct timespec zero = { 0, 0 };
    for (int i = 0; i < 256; i++) {
        sigset_t pending;
        if (sigpending(&pending) < 0 || sigisemptyset(&pending)) return;
        sigtimedwait(&pending, NULL, &zero);
    }
}

enum { WAKE_RESUME = 1, WAKE_RESUME_STOP = 2 };

/*
 * A spare is a copy of the frozen copy forked ahead of time, so that a resume only wakes
 * it: the page tables were copied while nobody waited. It blocks on an eventfd, dies
 * with the frozen copy (PDEATHSIG), and returns the wake value. FRED_CKPT_SPARE=0 turns
 * spares off (each costs a copy of the page tables: 2 MiB per GiB of program memory).
 */
static uint64_t wait_as_spare(int frozen_copy, int wake_fd)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != frozen_copy) syscall(SYS_exit_group, 0);
    uint64_t value = 0;
    while (read(wake_fd, &value, sizeof value) != (ssize_t)sizeof value)
        if (errno != EINTR) syscall(SYS_exit_group, 0);
    prctl(PR_SET_PDEATHSIG, 0);
    drop_pending_signals();
    return value;
}

/* A spare is forked once nothing happened for a while: right after a snapshot or a
 * resume, the program that just went on (and its debugger) should have the CPU. */
enum { SPARE_DELAY_MS = 50 };

static int quiet_for(int signal_fd, int ms)
{
    if (signal_fd < 0) return 1;
    struct pollfd p = { signal_fd, POLLIN, 0 };
    return poll(&p, 1, ms) == 0;
}

static int spares_wanted(void)
{
    const char *setting = getenv("FRED_CKPT_SPARE");
    return !setting || strcmp(setting, "0") != 0;
}

void fred_snapshot_answer(const char *answer_path, int id, int copy_pid, unsigned long pc)
{
    char line[200];
    snprintf(line, sizeof line, FRED_ANS_OK " " FRED_REQ_SNAPSHOT " %d %d %lx%s", id, copy_pid, pc,
             fred_shared_in_use() ? " " FRED_ANS_SHARED : "");
    fred_control_answer(answer_path, line);
}

/* In the frozen copy (answering in answer_path unless NULL); returns only in a resumed live copy. */
static void freeze(int id, int live_pid, unsigned long pc, const char *answer_path)
{
    int self = getpid();
    sigset_t wait_for;
    sigemptyset(&wait_for);
    sigaddset(&wait_for, fred_lib.checkpoint_signal);
    sigaddset(&wait_for, SIGCHLD);
    sigset_t all;
    sigfillset(&all);
    sigdelset(&all, SIGSYS);                      /* the record filter's signal must get through */
    sigprocmask(SIG_SETMASK, &all, NULL);
    if (answer_path) fred_snapshot_answer(answer_path, id, self, pc);   /* the memory is fixed: answer first, tidy up while the requester goes on */
    drop_debugger_code_changes();
    fred_shared_prefault();
    struct copy_fds fds = { -1, watch_session(live_pid), -1 };
    if (fds.session_fd == -2) syscall(SYS_exit_group, 0);
    fds.signal_fd = signalfd(-1, &wait_for, SFD_CLOEXEC);
    int use_spares = answer_path && spares_wanted(), spare = 0;   /* a series's copies are used once, if at all */
    for (;;) {
        if (use_spares && spare <= 0 && quiet_for(fds.signal_fd, SPARE_DELAY_MS)) {
            int wake_fd = eventfd(0, EFD_CLOEXEC);
            long child = wake_fd >= 0 ? syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0) : -1;
            if (child == 0) {
                uint64_t how = wait_as_spare(self, wake_fd);
                fds.spare_wake_fd = wake_fd;
                become_live(&fds, how == WAKE_RESUME_STOP);
                return;   /* unwinds to the handler, which returns to the program */
            }
            if (child > 0) {
                spare = (int)child;
                fds.spare_wake_fd = wake_fd;
            } else {
                if (wake_fd >= 0) close(wake_fd);
                use_spares = 0;             /* out of memory or processes: fork on demand */
            }
        }
        int sig = next_signal(&wait_for, fds.signal_fd, fds.session_fd);
        if (sig == 0) break;
        if (sig == SIGCHLD) {
            long done;
            while ((done = syscall(SYS_wait4, -1, NULL, WNOHANG | __WALL, NULL)) > 0) {
                if (done != spare) continue;
                spare = 0;                  /* killed from outside: make another */
                close(fds.spare_wake_fd);
                fds.spare_wake_fd = -1;
            }
            continue;
        }
        char line[FRED_PATH_MAX + 32];
        if (read_command(self, line, sizeof line) < 0) continue;
        struct fred_command cmd;
        fred_control_parse_command(line, &cmd);
        int resume = cmd.kind == FRED_COMMAND_RESUME || cmd.kind == FRED_COMMAND_RESUME_STOP;
        struct fred_error err = { { 0 } };
        if (cmd.kind == FRED_COMMAND_CHECK) {
            if (fred_shared_check(&err) < 0) reply_error(self, &err);
            else reply(self, FRED_ANS_OK " " FRED_ANS_CHECKED);
        } else if (resume && fred_shared_put_back(&err) < 0) {
            reply_error(self, &err);
        } else if (resume) {
            int stop = cmd.kind == FRED_COMMAND_RESUME_STOP;
            long child;
            uint64_t how = stop ? WAKE_RESUME_STOP : WAKE_RESUME;
            if (spare > 0 && write(fds.spare_wake_fd, &how, sizeof how) == (ssize_t)sizeof how) {
                child = spare;
                spare = 0;
                close(fds.spare_wake_fd);
                fds.spare_wake_fd = -1;
            } else {
                child = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
                if (child == 0) {
                    become_live(&fds, stop);
                    return;   /* unwinds to the handler, which returns to the program */
                }
            }
            char answer[64];
            if (child > 0) snprintf(answer, sizeof answer, FRED_ANS_OK " " FRED_ANS_RESUMED " %ld", child);
            else snprintf(answer, sizeof answer, FRED_ANS_ERROR " cannot fork the snapshot: %s", strerror(errno));
            reply(self, answer);
        } else if (cmd.kind == FRED_COMMAND_DISCARD) {
            reply(self, FRED_ANS_OK " " FRED_ANS_DISCARDED);
            break;
        } else if (cmd.kind == FRED_COMMAND_SPILL) {
            spill(self, cmd.path);
        } else {
            reply(self, FRED_ANS_ERROR " unknown command");
        }
    }
    syscall(SYS_exit_group, 0);   /* a spare follows (PDEATHSIG) */
}

int fred_snapshot_here(int id, unsigned long pc, const char *answer_path, int copy_answers)
{
    int pid = getpid();
    struct fred_error err = { { 0 } };
    char line[700];
    if (fred_state_capture(&fred_lib.state, -1, 1 + fred_threads_stopped(), &err) < 0) {
        snprintf(line, sizeof line, FRED_ANS_ERROR " %s", err.message);
        fred_control_answer(answer_path, line);
        return -1;
    }
    int child = snapshot_fork();
    if (child < 0) {
        fred_control_answer(answer_path, FRED_ANS_ERROR " cannot fork a copy of the process (out of memory or process limit)");
        return -1;
    }
    if (child > 0) return child;                 /* the program goes on */
    freeze(id, pid, pc, copy_answers ? answer_path : NULL);
    fred_record_resumed();                       /* it stands where the snapshot was in the log */
    return 0;                                    /* a resumed live copy continues the program */
}
