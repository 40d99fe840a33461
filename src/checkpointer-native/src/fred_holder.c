/*
 * fred_holder.c - holds a fred session's terminal. fred starts it in a new pty as
 *
 *     fred-holder [--follow FILE] PROG ARGS...     (PROG is gdb or python3)
 *
 * It becomes the reaper of every process of the session (PR_SET_CHILD_SUBREAPER), runs
 * PROG as the terminal's foreground job and exports FRED_CKPT_SESSION=<its pid>. Frozen
 * snapshot copies whose parent exits are reparented here: they stay in a process group
 * with a parent in the session, so the kernel never treats it as orphaned and a resumed
 * copy keeps reading its terminal. When PROG exits, or the terminal hangs up, or fred
 * asks (SIGTERM), every process left in the session is killed, so nothing outlives it.
 * PROG starts with descriptors 0-2 only.
 *
 * --follow FILE: PROG may be replaced by another process of the session (fred pdb
 * restores a snapshot of the whole python3 process). fred writes the new pid into FILE,
 * then sends SIGUSR1, and only then kills the old process; from then on the session
 * lasts as long as the new one. The order matters: a replacement announced before the
 * old process died is always seen before its death (both are read through a signalfd
 * and a pidfd, and pending signals are read again before an exit is believed).
 *
 * Exit status: PROG's; 0 when a replacement (not our child, its status unknown) ended.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* SIGKILL every child (the reaper's children include all orphans of the session). */
static int kill_children(void)
{
    char path[64], list[8192];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(list, 1, sizeof list - 1, f);
    fclose(f);
    list[n] = 0;
    int count = 0;
    for (char *p = list; *p;) {
        char *end;
        long pid = strtol(p, &end, 10);
        if (end == p) break;
        if (pid > 0) { kill((pid_t)pid, SIGKILL); count++; }
        p = end;
    }
    return count;
}

static void finish_session(void)
{
    for (int round = 0; round < 100; round++) {
        kill_children();
        while (waitpid(-1, NULL, WNOHANG) > 0) {
        }
        if (kill_children() == 0) return;
        usleep(10000);
    }
}

static int pidfd_of(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

/* The pid fred announced in the follow file, or -1. */
static pid_t announced_pid(const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) return -1;
    long pid = -1;
    if (fscanf(f, "%ld", &pid) != 1) pid = -1;
    fclose(f);
    return pid > 0 ? (pid_t)pid : -1;
}

struct watch {
    const char *follow_file;   /* NULL: PROG is never replaced */
    int signal_fd;
    pid_t main_child;
    int main_status;
    int main_reaped;           /* its pid may belong to someone else now */
    pid_t followed;
    int followed_fd;
    int stop;                  /* SIGTERM or SIGHUP: end the session */
};

/* Read the signals that arrived; a replacement switches the followed process. */
static void read_signals(struct watch *w)
{
    struct signalfd_siginfo info;
    while (read(w->signal_fd, &info, sizeof info) == (ssize_t)sizeof info) {
        if (info.ssi_signo == SIGTERM || info.ssi_signo == SIGHUP) w->stop = 1;
        if (info.ssi_signo != SIGUSR1 || !w->follow_file) continue;
        pid_t pid = announced_pid(w->follow_file);
        int fd = pid > 0 ? pidfd_of(pid) : -1;
        if (fd < 0) {
            fprintf(stderr, "fred-holder: the process announced in %s cannot be followed: %s\n", w->follow_file,
                    pid > 0 ? strerror(errno) : "no pid in it");
            continue;
        }
        close(w->followed_fd);
        w->followed = pid;
        w->followed_fd = fd;
    }
}

static void reap_children(struct watch *w)
{
    int status;
    pid_t pid;
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
        if (pid == w->main_child) { w->main_status = status; w->main_reaped = 1; }
}

static int followed_exited(const struct watch *w)
{
    struct pollfd p = { w->followed_fd, POLLIN, 0 };
    return poll(&p, 1, 0) > 0;
}

/* Wait until the followed process is gone (for good) or fred ends the session. */
static void watch_session(struct watch *w)
{
    for (;;) {
        read_signals(w);
        reap_children(w);
        if (w->stop) return;
        if (followed_exited(w)) {
            read_signals(w);   /* a replacement announced just before the death */
            if (!followed_exited(w)) continue;
            return;
        }
        struct pollfd p[2] = { { w->signal_fd, POLLIN, 0 }, { w->followed_fd, POLLIN, 0 } };
        if (poll(p, 2, -1) < 0 && errno != EINTR) return;
    }
}

int main(int argc, char **argv)
{
    struct watch w = { 0 };
    int first = 1;
    if (argc > 2 && strcmp(argv[1], "--follow") == 0) {
        w.follow_file = argv[2];
        first = 3;
    }
    if (argc <= first) {
        fprintf(stderr, "usage: fred-holder [--follow FILE] PROG [ARGS...]\n");
        return 2;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    char pid[16];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    setenv("FRED_CKPT_SESSION", pid, 1);
    signal(SIGTTOU, SIG_IGN);
    sigset_t watched, before;
    sigemptyset(&watched);
    sigaddset(&watched, SIGTERM);
    sigaddset(&watched, SIGHUP);
    sigaddset(&watched, SIGCHLD);
    if (w.follow_file) sigaddset(&watched, SIGUSR1);
    sigprocmask(SIG_BLOCK, &watched, &before);
    w.signal_fd = signalfd(-1, &watched, SFD_CLOEXEC | SFD_NONBLOCK);
    if (w.signal_fd < 0) {
        perror("fred-holder: signalfd");
        return 2;
    }
    w.main_child = fork();
    if (w.main_child < 0) {
        perror("fred-holder: fork");
        return 2;
    }
    if (w.main_child == 0) {
        setpgid(0, 0);
        if (isatty(0)) tcsetpgrp(0, getpid());
        signal(SIGTTOU, SIG_DFL);
        sigprocmask(SIG_SETMASK, &before, NULL);
        /* descriptors leaked by whoever started fred (pipes, sockets) would make every
         * checkpoint of the debugged program refuse: the session starts with 0-2 only */
        close_range(3, ~0u, 0);
        execvp(argv[first], argv + first);
        fprintf(stderr, "fred-holder: cannot run %s: %s\n", argv[first], strerror(errno));
        _exit(127);
    }
    setpgid(w.main_child, w.main_child);
    w.followed = w.main_child;
    w.followed_fd = pidfd_of(w.main_child);   /* works on an unreaped child, even a zombie */
    if (w.followed_fd < 0) {
        perror("fred-holder: pidfd_open");
        kill(w.main_child, SIGKILL);
        return 2;
    }
    watch_session(&w);
    if (w.stop && !w.main_reaped) kill(w.main_child, SIGKILL);   /* its status then says "killed" */
    int main_counts = w.followed == w.main_child;
    if (main_counts && !w.main_reaped) {
        int status;
        if (waitpid(w.main_child, &status, 0) == w.main_child) w.main_status = status;
    }
    finish_session();
    if (!main_counts) return 0;
    if (WIFSIGNALED(w.main_status)) return 128 + WTERMSIG(w.main_status);
    return WEXITSTATUS(w.main_status);
}
