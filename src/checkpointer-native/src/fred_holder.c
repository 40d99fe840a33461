/*
 * fred_holder.c - holds a fred session's terminal. fred starts it in a new pty as
 *
 *     fred-holder PROG ARGS...     (PROG is gdb or python3)
 *
 * It becomes the reaper of every process of the session (PR_SET_CHILD_SUBREAPER), runs
 * PROG as the terminal's foreground job and exports FRED_CKPT_SESSION=<its pid>. Frozen
 * snapshot copies whose parent exits are reparented here: they stay in a process group
 * with a parent in the session, so the kernel never treats it as orphaned and a resumed
 * copy keeps reading its terminal. When PROG exits, or the terminal hangs up, or fred
 * asks (SIGTERM), every process left in the session is killed, so nothing outlives it.
 * PROG starts with descriptors 0-2 only. Exit status: PROG's.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig) { (void)sig; stop_requested = 1; }

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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fred-holder PROG [ARGS...]\n");
        return 2;
    }
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    char pid[16];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    setenv("FRED_CKPT_SESSION", pid, 1);
    signal(SIGTTOU, SIG_IGN);
    struct sigaction sa = { 0 };
    sa.sa_handler = on_stop_signal;
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    pid_t main_child = fork();
    if (main_child < 0) {
        perror("fred-holder: fork");
        return 2;
    }
    if (main_child == 0) {
        setpgid(0, 0);
        if (isatty(0)) tcsetpgrp(0, getpid());
        signal(SIGTTOU, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGHUP, SIG_DFL);
        /* descriptors leaked by whoever started fred (pipes, sockets) would make every
         * checkpoint of the debugged program refuse: the session starts with 0-2 only */
        close_range(3, ~0u, 0);
        execvp(argv[1], argv + 1);
        fprintf(stderr, "fred-holder: cannot run %s: %s\n", argv[1], strerror(errno));
        _exit(127);
    }
    setpgid(main_child, main_child);
    int status = 0, main_status = 0;
    for (;;) {
        pid_t pid_done = waitpid(-1, &status, 0);
        if (pid_done == main_child) { main_status = status; break; }
        if (pid_done < 0 && errno == EINTR && stop_requested) { kill(main_child, SIGKILL); continue; }
        if (pid_done < 0 && errno == ECHILD) break;
    }
    finish_session();
    if (WIFSIGNALED(main_status)) return 128 + WTERMSIG(main_status);
    return WEXITSTATUS(main_status);
}
