/*
 * fred_record_children.c - the processes the program starts, and its waits for them.
 *
 * The recorded run's children ran once: what they did to the world is done, and what the
 * program took from them (their pid, their exit status, their output through a pipe) is
 * in the log. A replay starts nothing again: fork(), vfork(), posix_spawn(), system() and
 * popen() give back the recorded pid or status, the wait*() family the recorded status,
 * and a signal to another process is not sent again. popen() gets a stand-in child that
 * does nothing, so that the program holds the same descriptor and the same heap as in the
 * recorded run; its reads come from the log.
 *
 * A child that only the recorded run started is missing from this copy once the replay
 * reaches the end of the log. The live calls that would show it (waiting for it, signalling
 * it, reading a stand-in's pipe) do not run on as if nothing happened: fred says the copy
 * went another way (fred_record_mismatch), and the session puts the program back.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fred_record.h"
#include "fred_record_calls.h"

#define EXPORT __attribute__((visibility("default")))

/* What a libc call answered: its value, and errno when it failed. */
struct outcome {
    int32_t value;
    int32_t error;
};

/* ---- the children this copy does not have (their pid, or a stand-in's descriptor) ---- */

enum { MAX_MISSING = 32 };
static struct missing { pid_t pid; int fd; } missing[MAX_MISSING];
static int missing_count;

static void miss(pid_t pid, int fd)
{
    if (missing_count < MAX_MISSING) missing[missing_count++] = (struct missing){ pid, fd };
}

static int find(pid_t pid, int fd)
{
    for (int i = 0; i < missing_count; i++)
        if ((pid > 0 && missing[i].pid == pid) || (fd >= 0 && missing[i].fd == fd)) return i;
    return -1;
}

static void found(pid_t pid, int fd)
{
    int i = find(pid, fd);
    if (i >= 0) missing[i] = missing[--missing_count];
}

/* A live call that would meet a child only the recorded run started: say so. */
static void missing_meets(const char *call, long who, const char *what)
{
    char why[300];
    snprintf(why, sizeof why, "%s(%s %ld): %s was started by the recorded run, not by this copy of the program, which "
             "a replay brought here without starting it again", call, what, who, what[0] == 'f' ? "the command behind it" : "that child");
    fred_record_live_mismatch(why);
}

int fred_record_child_pipe(int fd)
{
    return missing_count > 0 && find(0, fd) >= 0;
}

void fred_record_child_pipe_used(const char *call, int fd)
{
    missing_meets(call, fd, "fd");
}

/* ---- a key for what must match on replay: the command or program started ---- */

static int64_t text_key(const char *text)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (const char *p = text ? text : ""; *p; p++) h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    return (int64_t)(h >> 1);
}

static void *libc_symbol(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

/* ---- fork ---- */

static int fork_now(void *ctx, void *out, int64_t *result)
{
    (void)out;
    static pid_t (*libc_fork)(void);
    if (!libc_fork) libc_fork = (pid_t (*)(void))libc_symbol("fork");
    pid_t pid = libc_fork();
    *result = pid < 0 ? -errno : pid;
    *(int *)ctx = 1;
    return 0;
}

EXPORT pid_t fork(void)
{
    int made = 0;
    int64_t result = 0;
    fred_record_value(SYS_fork, 0, NULL, 0, &result, fork_now, &made);
    if (result < 0) {
        errno = (int)-result;
        return -1;
    }
    if (!made && result > 0) miss((pid_t)result, -1);
    return (pid_t)result;
}

/* A vfork() child may only exec or _exit, which a forked child does the same; unlike
 * vfork, fork can be wrapped by a function (a vfork child would return through our frame). */
EXPORT pid_t vfork(void)
{
    return fork();
}

/* ---- posix_spawn ---- */

typedef int spawn_function(pid_t *, const char *, const posix_spawn_file_actions_t *, const posix_spawnattr_t *,
                           char *const[], char *const[]);

struct spawn_ask {
    spawn_function *real;
    int made;                       /* started now (not replayed) */
    const char *path;
    const posix_spawn_file_actions_t *actions;
    const posix_spawnattr_t *attr;
    char *const *argv, *const *envp;
};

static int spawn_now(void *ctx, void *out, int64_t *result)
{
    struct spawn_ask *ask = ctx;
    ask->made = 1;
    *result = ask->real ? ask->real((pid_t *)out, ask->path, ask->actions, ask->attr, ask->argv, ask->envp) : ENOSYS;
    return 0;
}

static int spawn(const char *name, pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    struct spawn_ask ask = { (spawn_function *)libc_symbol(name), 0, path, actions, attr, argv, envp };
    pid_t child = 0;
    int64_t result = 0;
    fred_record_value(FRED_CALL_SPAWN, text_key(path), &child, sizeof child, &result, spawn_now, &ask);
    if (result == 0 && pid) *pid = child;
    if (!ask.made && result == 0) miss(child, -1);
    return (int)result;
}

EXPORT int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *actions,
                       const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    return spawn("posix_spawn", pid, path, actions, attr, argv, envp);
}

EXPORT int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *actions,
                        const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
    return spawn("posix_spawnp", pid, file, actions, attr, argv, envp);
}

/* ---- system ---- */

static int system_now(void *ctx, void *out, int64_t *result)
{
    static int (*libc_system)(const char *);
    if (!libc_system) libc_system = (int (*)(const char *))libc_symbol("system");
    struct outcome *o = out;
    o->value = libc_system ? libc_system(ctx) : -1;
    o->error = errno;
    *result = 0;
    return 0;
}

EXPORT int system(const char *command)
{
    struct outcome o = { -1, ENOSYS };
    int64_t result = 0;
    fred_record_value(FRED_CALL_SYSTEM, text_key(command), &o, sizeof o, &result, system_now, (void *)command);
    if (o.value == -1) errno = o.error;
    return o.value;
}

/* ---- popen, pclose ---- */

static FILE *(*libc_popen)(const char *, const char *);
static int (*libc_pclose)(FILE *);

struct popen_ask {
    const char *command, *mode;
    FILE *stream;                   /* the command's, or the stand-in's */
    int made;                       /* the command ran now (not replayed) */
};

static int popen_now(void *ctx, void *out, int64_t *result)
{
    struct popen_ask *ask = ctx;
    struct outcome *o = out;
    if (ask->stream) libc_pclose(ask->stream);   /* a replay that diverged here: the command runs live */
    ask->stream = libc_popen(ask->command, ask->mode);
    ask->made = 1;
    o->value = ask->stream ? fileno(ask->stream) : -1;
    o->error = errno;
    *result = 0;
    return 0;
}

EXPORT FILE *popen(const char *command, const char *mode)
{
    if (!libc_popen) {
        libc_popen = (FILE * (*)(const char *, const char *)) libc_symbol("popen");
        libc_pclose = (int (*)(FILE *))libc_symbol("pclose");
    }
    struct popen_ask ask = { command, mode, NULL, 0 };
    /* replaying: the recorded command's output is in the log. A stand-in that does nothing
     * gives the program the same descriptor and heap (its pid the program never sees), and
     * makes, in the recorded order, the calls libc made inside popen (the first malloc's
     * random key) before popen's own entry */
    if (fred_record_replaying()) ask.stream = libc_popen(":", mode);
    struct outcome o = { -1, ENOSYS };
    int64_t result = 0;
    fred_record_value(FRED_CALL_POPEN, text_key(command), &o, sizeof o, &result, popen_now, &ask);
    if (ask.made) {
        if (!ask.stream) errno = o.error;
        return ask.stream;
    }
    int fd = ask.stream ? fileno(ask.stream) : -1;
    if (o.value < 0 || fd != o.value) {
        if (ask.stream) libc_pclose(ask.stream);
        if (o.value < 0) {
            errno = o.error;
            return NULL;
        }
        char why[200];
        snprintf(why, sizeof why, "popen(): the replay's stand-in for the recorded command got fd %d, the recorded run fd %d", fd, o.value);
        fred_record_mismatch(why);
        return libc_popen(command, mode);
    }
    miss(0, fd);
    return ask.stream;
}

struct pclose_ask {
    FILE *stream;
    int made;                       /* closed now (not replayed) */
};

static int pclose_now(void *ctx, void *out, int64_t *result)
{
    struct pclose_ask *ask = ctx;
    struct outcome *o = out;
    o->value = libc_pclose(ask->stream);
    o->error = errno;
    ask->made = 1;
    *result = 0;
    return 0;
}

EXPORT int pclose(FILE *stream)
{
    if (!libc_pclose) libc_pclose = (int (*)(FILE *))libc_symbol("pclose");
    if (!libc_pclose) return -1;
    int fd = stream ? fileno(stream) : -1;
    if (fred_record_child_pipe(fd)) {
        missing_meets("pclose", fd, "fd");
        found(0, fd);
    }
    struct pclose_ask ask = { stream, 0 };
    struct outcome o = { -1, ENOSYS };
    int64_t result = 0;
    fred_record_value(FRED_CALL_PCLOSE, fd, &o, sizeof o, &result, pclose_now, &ask);
    if (!ask.made) libc_pclose(stream);   /* replayed: the stream (a stand-in's, or a child this copy never had) closes too */
    if (o.value == -1) errno = o.error;
    return o.value;
}

/* ---- waiting for children ---- */

static int meets_missing(pid_t pid)
{
    return missing_count > 0 && (pid <= 0 || find(pid, -1) >= 0);
}

static long waited(long nr, const long a[6], pid_t pid, const char *call)
{
    int replaying = fred_record_replaying();
    if (meets_missing(pid)) missing_meets(call, pid, "pid");
    long result = fred_record_syscall(nr, a);
    if (replaying && result > 0 && nr == SYS_wait4) found((pid_t)result, -1);
    if (replaying && result == 0 && nr == SYS_waitid && a[2]) found(((siginfo_t *)a[2])->si_pid, -1);
    if (result < 0 && result > -4096) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

EXPORT pid_t wait4(pid_t pid, int *status, int options, struct rusage *usage)
{
    long a[6] = { pid, (long)status, options, (long)usage, 0, 0 };
    return (pid_t)waited(SYS_wait4, a, pid, "wait4");
}

EXPORT pid_t waitpid(pid_t pid, int *status, int options)
{
    long a[6] = { pid, (long)status, options, 0, 0, 0 };
    return (pid_t)waited(SYS_wait4, a, pid, "waitpid");
}

EXPORT pid_t wait(int *status)
{
    long a[6] = { -1, (long)status, 0, 0, 0, 0 };
    return (pid_t)waited(SYS_wait4, a, -1, "wait");
}

EXPORT pid_t wait3(int *status, int options, struct rusage *usage)
{
    long a[6] = { -1, (long)status, options, (long)usage, 0, 0 };
    return (pid_t)waited(SYS_wait4, a, -1, "wait3");
}

EXPORT int waitid(idtype_t type, id_t id, siginfo_t *info, int options)
{
    long a[6] = { type, (long)id, (long)info, options, 0, 0 };
    return (int)waited(SYS_waitid, a, type == P_PID ? (pid_t)id : -1, "waitid");
}

/* ---- signals to other processes ---- */

static int kill_now(void *ctx, void *out, int64_t *result)
{
    (void)out;
    const long *target = ctx;
    long r = syscall(SYS_kill, target[0], target[1]);
    *result = r < 0 ? -errno : r;
    return 0;
}

int fred_record_kill_other(pid_t pid, int sig)
{
    if (missing_count > 0 && find(pid, -1) >= 0) missing_meets("kill", pid, "pid");
    long target[2] = { pid, sig };
    int64_t result = 0;
    fred_record_value(SYS_kill, pid, NULL, 0, &result, kill_now, target);
    if (result < 0) {
        errno = (int)-result;
        return -1;
    }
    return 0;
}
