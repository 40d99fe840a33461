/* fred_supervisor.c - see fred_supervisor.h. */
#define _GNU_SOURCE
#include "fred_supervisor.h"
#include "fred_control_files.h"
#include "fred_outside_dump.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

struct supervision {
    struct fred_tracee tracee;
    int checkpoint_signal;
    char control_dir[512];
    char image_dir[512];
    char restored_from[PATH_MAX];
};

static void control_path(const struct supervision *s, char *out, size_t cap, enum fred_control_file file)
{
    fred_control_path(out, cap, s->control_dir, file, s->tracee.pid);
}

static void read_settings(struct supervision *s)
{
    const char *control = getenv("FRED_CKPT_CONTROL");
    if (control && *control) fred_copy_string(s->control_dir, control, sizeof s->control_dir);
    else fred_control_default_dir(s->control_dir, sizeof s->control_dir);
    const char *dir = getenv("FRED_CKPT_DIR");
    fred_copy_string(s->image_dir, dir ? dir : "", sizeof s->image_dir);
    const char *sig = getenv("FRED_CKPT_SIGNAL");
    s->checkpoint_signal = sig && atoi(sig) > 0 && atoi(sig) < 65 ? atoi(sig) : FRED_SIGNAL_CHECKPOINT;
}

/* An image request left for the program's pid (taken once), else the default image path. */
static int take_request(const struct supervision *s, char *path, size_t cap, struct fred_error *err)
{
    char file[600], text[PATH_MAX + 64];
    control_path(s, file, sizeof file, FRED_REQUEST_FILE);
    if (fred_control_take_line(file, text, sizeof text) == 0) {
        struct fred_request req;
        fred_control_parse_request(text, &req);
        if (req.kind == FRED_REQUEST_IMAGE) {
            fred_copy_string(path, req.path, cap);
            return 1;
        }
        fred_error_set(err, "statically linked programs support image checkpoints only (asked: %s)", text);
        return -1;
    }
    ssize_t n;
    char comm[64] = "program", cwd[PATH_MAX] = ".";
    snprintf(file, sizeof file, "/proc/%d/comm", s->tracee.pid);
    n = fred_read_file(file, comm, sizeof comm - 1);
    if (n > 0) comm[n - (comm[n - 1] == '\n')] = 0;
    snprintf(file, sizeof file, "/proc/%d/cwd", s->tracee.pid);
    n = readlink(file, cwd, sizeof cwd - 1);
    cwd[n > 0 ? n : 1] = 0;
    snprintf(path, cap, "%s/" FRED_IMAGE_DEFAULT_NAME, s->image_dir[0] ? s->image_dir : cwd, comm, s->tracee.pid);
    return 0;
}

/* The answer for a requester, or an error on stderr when the checkpoint was a bare signal. */
static void report(const struct supervision *s, int requested, const char *line)
{
    char file[600];
    if (requested) {
        control_path(s, file, sizeof file, FRED_ANSWER_FILE);
        if (fred_control_answer(file, line) == 0) return;
    }
    static const char error[] = FRED_ANS_ERROR " ";
    if (strncmp(line, error, strlen(error)) == 0)
        fprintf(stderr, "fred-ckpt: checkpoint of pid %d failed: %s\n", s->tracee.pid, line + strlen(error));
}

static void checkpoint(struct supervision *s)
{
    uint64_t started = fred_now_ns();
    char path[PATH_MAX], line[PATH_MAX + 128], file[600];
    struct fred_error err = { { 0 } };
    int requested = take_request(s, path, sizeof path, &err);
    if (requested < 0) {
        snprintf(line, sizeof line, FRED_ANS_ERROR " %s", err.message);
        report(s, 1, line);
        return;
    }
    control_path(s, file, sizeof file, FRED_WRITER_FILE);
    char me[32];
    snprintf(me, sizeof me, "%d\n", (int)getpid());
    if (requested) fred_write_file_atomic(file, me);
    struct fred_write_result result;
    if (fred_outside_dump(&s->tracee, path, s->restored_from, started, &result, &err) == 0)
        snprintf(line, sizeof line, FRED_ANS_OK " " FRED_REQ_IMAGE " %s %llu %llu", path, (unsigned long long)result.image_bytes,
                 (unsigned long long)(fred_now_ns() - started));
    else
        snprintf(line, sizeof line, FRED_ANS_ERROR " %s", err.message);
    report(s, requested, line);
    if (requested) unlink(file);
}

static int is_stop_signal(int sig) { return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU; }

/* Until the program ends: signals pass, the checkpoint signal makes an image. */
__attribute__((noreturn)) static void supervise(struct supervision *s)
{
    int pid = s->tracee.pid;
    for (;;) {
        int status;
        if (fred_wait_tracee(&s->tracee, &status) < 0 || !WIFSTOPPED(status)) _exit(0);
        int sig = WSTOPSIG(status), event = status >> 16;
        long deliver = 0;
        if (event == PTRACE_EVENT_EXEC) {
            struct fred_error err;
            if (fred_tracee_open_memory(&s->tracee, &err) < 0) fprintf(stderr, "fred-ckpt: %s\n", err.message);
            s->restored_from[0] = 0;
        } else if (event == PTRACE_EVENT_STOP) {
            if (is_stop_signal(sig)) {                 /* group-stop: stay stopped, as without us */
                ptrace(PTRACE_LISTEN, pid, NULL, NULL);
                continue;
            }
        } else if (sig == s->checkpoint_signal) {
            checkpoint(s);
            fred_redeliver_deferred(&s->tracee);
        } else {
            deliver = sig;
        }
        ptrace(PTRACE_CONT, pid, NULL, (void *)deliver);
    }
}

/* Wait for the exec of the program; 0 at its stop, -1 if fred-exec ended first. */
static int await_exec(struct supervision *s)
{
    for (;;) {
        int status;
        if (fred_wait_tracee(&s->tracee, &status) < 0 || !WIFSTOPPED(status)) return -1;
        if (status >> 16 == PTRACE_EVENT_EXEC) return 0;
        int sig = WSTOPSIG(status), event = status >> 16;
        ptrace(PTRACE_CONT, s->tracee.pid, NULL, (void *)(long)(event ? 0 : sig));
    }
}

/* Signals that were pending (blocked) at checkpoint time: pending again, sent by us. */
static void send_pending(int pid, uint64_t pending)
{
    for (int sig = 1; sig <= 64; sig++)
        if (pending & (1ull << (sig - 1))) kill(pid, sig);
}

__attribute__((noreturn)) static void supervisor_main(int pid, int ready_fd, const struct fred_outside_restart *restart)
{
    static struct supervision s;
    s.tracee = (struct fred_tracee){ pid, -1, 0 };
    read_settings(&s);
    prctl(PR_SET_NAME, "fred-supervise");
    /* the terminal's signals are for the program (it shares our process group) */
    int ignored[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP, SIGPIPE, SIGUSR2 };
    for (unsigned i = 0; i < sizeof ignored / sizeof ignored[0]; i++) signal(ignored[i], SIG_IGN);
    if (ptrace(PTRACE_SEIZE, pid, NULL, (void *)(long)PTRACE_O_TRACEEXEC) < 0) {
        fprintf(stderr, "fred-ckpt: cannot supervise process %d: %s\n", pid, strerror(errno));
        _exit(1);
    }
    char ok = 1;
    if (write(ready_fd, &ok, 1) != 1) _exit(1);
    close(ready_fd);
    /* keep stderr for reports; our stdin/stdout must not hold the program's pipes open */
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) { dup2(null, 0); dup2(null, 1); if (null > 2) close(null); }
    if (await_exec(&s) < 0) _exit(0);
    struct fred_error err = { { 0 } };
    if (restart) {
        if (fred_outside_restart_finish(&s.tracee, restart, &err) < 0) {
            fprintf(stderr, "fred-ckpt restart: %s\n", err.message);
            kill(pid, SIGKILL);
            _exit(2);
        }
        if (restart->stop) {                           /* one tracer at a time: the debugger's turn */
            ptrace(PTRACE_DETACH, pid, NULL, (void *)(long)SIGSTOP);
            send_pending(pid, restart->img.outside->pending);
            _exit(0);
        }
        send_pending(pid, restart->img.outside->pending);
        fred_copy_string(s.restored_from, restart->image, sizeof s.restored_from);
    } else if (fred_tracee_open_memory(&s.tracee, &err) < 0) {
        fprintf(stderr, "fred-ckpt: %s\n", err.message);
    }
    fred_redeliver_deferred(&s.tracee);
    ptrace(PTRACE_CONT, pid, NULL, NULL);
    supervise(&s);
}

int fred_supervisor_start(const struct fred_outside_restart *restart, struct fred_error *err)
{
    int pipe_fds[2];
    if (pipe2(pipe_fds, O_CLOEXEC) < 0) {
        fred_error_set(err, "cannot start the supervisor: %s", strerror(errno));
        return -1;
    }
    int pid = getpid();
    pid_t middle = fork();
    if (middle == 0) {
        /* the supervisor is a grandchild: the program must not see a child of its own */
        close(pipe_fds[0]);
        if (fork() == 0) supervisor_main(pid, pipe_fds[1], restart);
        _exit(0);
    }
    close(pipe_fds[1]);
    int status;
    if (middle > 0) while (waitpid(middle, &status, 0) < 0 && errno == EINTR) {
    }
    char ok = 0;
    ssize_t n;
    while ((n = read(pipe_fds[0], &ok, 1)) < 0 && errno == EINTR) {
    }
    close(pipe_fds[0]);
    if (middle < 0 || n != 1 || !ok) {
        fred_error_set(err, "cannot start the supervisor of a statically linked program (ptrace refused; see above)");
        return -1;
    }
    return 0;
}
