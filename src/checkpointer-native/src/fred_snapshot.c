/*
 * fred_snapshot.c - a snapshot is a frozen copy of the process, forked in the checkpoint
 * handler (copy-on-write: milliseconds, whatever the size). The copy waits for commands
 * in the control directory:
 *
 *   snap.<copy-pid>.cmd   "resume" | "resume-stop" | "discard" | "spill <path>"
 *   snap.<copy-pid>.res   "ok resumed <pid>" | "ok discarded" | "ok spilled <path> <bytes>" | "error <why>"
 *
 * and a checkpoint signal to the copy says a command is there. "resume" forks the copy
 * again: the new process is the program at snapshot time, with its own open file
 * descriptions at the saved offsets, and the frozen copy stays for later resumes. With
 * "resume-stop" it stops itself (SIGSTOP) just before returning to the program, for a
 * debugger to attach. A frozen copy ends when the session that made it is gone.
 */
#define _GNU_SOURCE
#include "fred_library.h"
#include "fred_image_write.h"
#include "fred_maps.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

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
    char path[600], text[1200];
    fred_control_path(path, sizeof path, "snap", self);
    strncat(path, ".res", sizeof path - strlen(path) - 1);
    snprintf(text, sizeof text, "%s\n", line);
    fred_write_file_atomic(path, text);
}

static int read_command(int self, char *cmd, size_t cap)
{
    char path[600];
    fred_control_path(path, sizeof path, "snap", self);
    strncat(path, ".cmd", sizeof path - strlen(path) - 1);
    ssize_t n = fred_read_file(path, cmd, cap - 1);
    if (n <= 0) return -1;
    unlink(path);
    cmd[n] = 0;
    char *nl = strchr(cmd, '\n');
    if (nl) *nl = 0;
    return 0;
}

static void spill(int self, const char *path)
{
    struct fred_write_request w = { path, &fred_lib.state, &fred_lib.resume, (uint64_t)(uintptr_t)&fred_lib.restart,
                                    fred_lib.restored_from, fred_now_ns() };
    struct fred_write_result result;
    struct fred_error err = { { 0 } };
    char line[1200];
    if (fred_image_write(&w, &result, &err) == 0)
        snprintf(line, sizeof line, "ok spilled %s %llu", path, (unsigned long long)result.image_bytes);
    else
        snprintf(line, sizeof line, "error %s", err.message);
    reply(self, line);
}

static int session_gone(void)
{
    return fred_lib.session_pid > 0 && kill(fred_lib.session_pid, 0) < 0 && errno == ESRCH;
}

void fred_snapshot_freeze(int id, int live_pid, unsigned long pc)
{
    int self = getpid();
    drop_debugger_code_changes();
    sigset_t wait_for;
    sigemptyset(&wait_for);
    sigaddset(&wait_for, fred_lib.checkpoint_signal);
    sigaddset(&wait_for, SIGCHLD);
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    {
        char path[600], line[200];
        fred_control_path(path, sizeof path, "res", live_pid);
        snprintf(line, sizeof line, "ok snapshot %d %d %lx\n", id, self, pc);
        fred_write_file_atomic(path, line);
    }
    for (;;) {
        struct timespec second = { 1, 0 };
        siginfo_t info;
        int sig = sigtimedwait(&wait_for, &info, &second);
        if (sig < 0) {
            if (session_gone()) break;
            continue;
        }
        if (sig == SIGCHLD) {
            while (syscall(SYS_wait4, -1, NULL, WNOHANG | __WALL, NULL) > 0) {
            }
            continue;
        }
        char cmd[FRED_PATH_MAX + 32];
        if (read_command(self, cmd, sizeof cmd) < 0) continue;
        if (strcmp(cmd, "resume") == 0 || strcmp(cmd, "resume-stop") == 0) {
            long child = syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
            if (child == 0) {
                fred_state_reopen_files(&fred_lib.state);
                if (strcmp(cmd, "resume-stop") == 0) kill(getpid(), SIGSTOP);
                return;   /* unwinds to the handler, which returns to the program */
            }
            char line[64];
            if (child > 0) snprintf(line, sizeof line, "ok resumed %ld", child);
            else snprintf(line, sizeof line, "error cannot fork the snapshot: %s", strerror(errno));
            reply(self, line);
        } else if (strcmp(cmd, "discard") == 0) {
            reply(self, "ok discarded");
            break;
        } else if (strncmp(cmd, "spill ", 6) == 0) {
            spill(self, cmd + 6);
        } else {
            reply(self, "error unknown command");
        }
    }
    syscall(SYS_exit_group, 0);
}
