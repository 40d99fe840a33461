/*
 * fred_record_calls.c - libc functions the program calls, taken over by the preloaded
 * library so that their results are recorded and replayed (fred_record.c). This is the
 * fast path: no signal, no debugger stop. Calls libc makes internally (stdio's reads)
 * and inline system calls are caught by the seccomp filter instead.
 *
 * Identities: getpid()/gettid() answer the pid of the program's first launch and
 * getppid() its parent's, in every restored copy; kill() of that pid reaches the copy.
 * glibc's own cached tid is left alone: mutexes held across a snapshot keep their owner.
 */
#define _GNU_SOURCE
#include "fred_record.h"
#include "fred_record_calls.h"
#include "fred_thread_numbers.h"
#include "fred_thread_order.h"
#include "fred_threads.h"

#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

static long as_libc(long result)
{
    if (result < 0 && result > -4096) {
        errno = (int)-result;
        return -1;
    }
    return result;
}

static long call6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    long a[6] = { a0, a1, a2, a3, a4, a5 };
    return as_libc(fred_record_syscall(nr, a));
}

/* ---- input ---- */

EXPORT ssize_t read(int fd, void *buf, size_t n) { return call6(SYS_read, fd, (long)buf, (long)n, 0, 0, 0); }
EXPORT ssize_t pread(int fd, void *buf, size_t n, off_t off) { return call6(SYS_pread64, fd, (long)buf, (long)n, off, 0, 0); }
EXPORT ssize_t pread64(int fd, void *buf, size_t n, off_t off) { return call6(SYS_pread64, fd, (long)buf, (long)n, off, 0, 0); }
EXPORT ssize_t readv(int fd, const struct iovec *iov, int count) { return call6(SYS_readv, fd, (long)iov, count, 0, 0, 0); }
EXPORT ssize_t recv(int fd, void *buf, size_t n, int flags) { return call6(SYS_recvfrom, fd, (long)buf, (long)n, flags, 0, 0); }
EXPORT ssize_t recvfrom(int fd, void *buf, size_t n, int flags, struct sockaddr *addr, socklen_t *len)
{
    return call6(SYS_recvfrom, fd, (long)buf, (long)n, flags, (long)addr, (long)len);
}
EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags) { return call6(SYS_recvmsg, fd, (long)msg, flags, 0, 0, 0); }
EXPORT ssize_t getrandom(void *buf, size_t n, unsigned flags) { return call6(SYS_getrandom, (long)buf, (long)n, flags, 0, 0, 0); }
EXPORT int poll(struct pollfd *fds, nfds_t n, int timeout) { return (int)call6(SYS_poll, (long)fds, (long)n, timeout, 0, 0, 0); }
EXPORT int select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
    return (int)call6(SYS_select, n, (long)r, (long)w, (long)e, (long)tv, 0);
}
EXPORT int epoll_wait(int ep, struct epoll_event *events, int max, int timeout)
{
    return (int)call6(SYS_epoll_wait, ep, (long)events, max, timeout, 0, 0);
}
EXPORT clock_t times(struct tms *buf) { return (clock_t)call6(SYS_times, (long)buf, 0, 0, 0, 0, 0); }

/* ---- output: a replay sends nothing to pipes and sockets again ---- */

static long output6(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    long a[6] = { a0, a1, a2, a3, a4, a5 };
    return as_libc(fred_record_output(nr, a));
}

EXPORT ssize_t write(int fd, const void *buf, size_t n) { return output6(SYS_write, fd, (long)buf, (long)n, 0, 0, 0); }
EXPORT ssize_t writev(int fd, const struct iovec *iov, int count) { return output6(SYS_writev, fd, (long)iov, count, 0, 0, 0); }
EXPORT ssize_t send(int fd, const void *buf, size_t n, int flags) { return output6(SYS_sendto, fd, (long)buf, (long)n, flags, 0, 0); }
EXPORT ssize_t sendto(int fd, const void *buf, size_t n, int flags, const struct sockaddr *addr, socklen_t len)
{
    return output6(SYS_sendto, fd, (long)buf, (long)n, flags, (long)addr, len);
}
EXPORT ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) { return output6(SYS_sendmsg, fd, (long)msg, flags, 0, 0, 0); }

/* ---- clocks: the vdso answers them without a system call ---- */

static int (*vdso_clock_gettime)(clockid_t, struct timespec *);
static int (*vdso_gettimeofday)(struct timeval *, void *);
static time_t (*vdso_time)(time_t *);
static clock_t (*libc_clock)(void);

static void *next_symbol(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

void fred_record_calls_init(void)
{
    vdso_clock_gettime = next_symbol("clock_gettime");
    vdso_gettimeofday = next_symbol("gettimeofday");
    vdso_time = next_symbol("time");
    libc_clock = next_symbol("clock");
}

struct clock_ask { clockid_t id; };

static int clock_now(void *ctx, void *out, int64_t *result)
{
    const struct clock_ask *ask = ctx;
    int rc = vdso_clock_gettime ? vdso_clock_gettime(ask->id, out)
                                : (int)as_libc(syscall(SYS_clock_gettime, ask->id, out));
    *result = rc < 0 ? -errno : rc;
    return rc;
}

EXPORT int clock_gettime(clockid_t id, struct timespec *ts)
{
    if (!vdso_clock_gettime) fred_record_calls_init();
    struct clock_ask ask = { id };
    int64_t result = 0;
    struct timespec got;
    fred_record_value(FRED_CALL_VDSO_CLOCK_GETTIME, id, &got, sizeof got, &result, clock_now, &ask);
    if (result < 0) {
        errno = (int)-result;
        return -1;
    }
    *ts = got;
    return 0;
}

static int timeofday_now(void *ctx, void *out, int64_t *result)
{
    (void)ctx;
    int rc = vdso_gettimeofday ? vdso_gettimeofday(out, NULL) : (int)syscall(SYS_gettimeofday, out, NULL);
    *result = rc < 0 ? -errno : rc;
    return rc;
}

EXPORT int gettimeofday(struct timeval *tv, void *tz)
{
    if (!vdso_gettimeofday) fred_record_calls_init();
    struct timeval got;
    int64_t result = 0;
    fred_record_value(FRED_CALL_VDSO_GETTIMEOFDAY, 0, &got, sizeof got, &result, timeofday_now, NULL);
    if (result < 0) {
        errno = (int)-result;
        return -1;
    }
    struct timeval *volatile out = tv;   /* declared nonnull, yet programs pass NULL */
    if (out) *out = got;
    if (tz) memset(tz, 0, sizeof(struct timezone));
    return 0;
}

static int time_now(void *ctx, void *out, int64_t *result)
{
    (void)ctx;
    time_t t = vdso_time ? vdso_time(NULL) : (time_t)syscall(SYS_time, NULL);
    memcpy(out, &t, sizeof t);
    *result = 0;
    return 0;
}

EXPORT time_t time(time_t *where)
{
    if (!vdso_time) fred_record_calls_init();
    time_t t;
    int64_t result = 0;
    fred_record_value(FRED_CALL_VDSO_TIME, 0, &t, sizeof t, &result, time_now, NULL);
    if (where) *where = t;
    return t;
}

static int clock_ticks_now(void *ctx, void *out, int64_t *result)
{
    (void)ctx;
    clock_t c = libc_clock ? libc_clock() : (clock_t)-1;
    memcpy(out, &c, sizeof c);
    *result = 0;
    return 0;
}

EXPORT clock_t clock(void)
{
    if (!libc_clock) fred_record_calls_init();
    clock_t c;
    int64_t result = 0;
    fred_record_value(FRED_CALL_CLOCK, 0, &c, sizeof c, &result, clock_ticks_now, NULL);
    return c;
}

/* ---- identities ---- */

EXPORT pid_t getpid(void)
{
    pid_t p = fred_record_program_pid();
    return p ? p : (pid_t)syscall(SYS_getpid);
}

EXPORT pid_t gettid(void)
{
    pid_t known = fred_threads_own_tid();   /* the original one, also in threads started again */
    if (known > 0) return known;
    pid_t real = (pid_t)syscall(SYS_gettid);
    pid_t p = fred_record_program_pid();
    return p && real == (pid_t)syscall(SYS_getpid) ? p : real;
}

EXPORT pid_t getppid(void)
{
    pid_t p = fred_record_program_ppid();
    return p ? p : (pid_t)syscall(SYS_getppid);
}

/* The program's own pid as it knows it, made the real one of this copy. */
static pid_t real_pid_of(pid_t pid)
{
    pid_t p = fred_record_program_pid();
    if (p && pid == p) return (pid_t)syscall(SYS_getpid);
    if (p && pid == -p) return -(pid_t)syscall(SYS_getpgid, 0);   /* its own group, led by it */
    return pid;
}

EXPORT int kill(pid_t pid, int sig)
{
    pid_t real = real_pid_of(pid);
    if (real > 0 && real == pid && real != (pid_t)syscall(SYS_getpid)) return fred_record_kill_other(pid, sig);
    return (int)syscall(SYS_kill, real, sig);
}

/* After a restart glibc still sends a thread's signals to the tid it cached, which the
 * kernel now gives another thread or none: send them to that thread's tid of now. */
static int (*libc_pthread_kill)(pthread_t, int);
static int (*libc_raise)(int);

__attribute__((constructor)) static void find_signal_senders(void)
{
    libc_pthread_kill = (int (*)(pthread_t, int))dlsym(RTLD_NEXT, "pthread_kill");
    libc_raise = (int (*)(int))dlsym(RTLD_NEXT, "raise");
}

EXPORT int pthread_kill(pthread_t thread, int sig)
{
    int now = fred_threads_real_tid(fred_threads_tid_of((const void *)thread));
    if (now) return syscall(SYS_tgkill, syscall(SYS_getpid), now, sig) == 0 ? 0 : errno;
    return libc_pthread_kill ? libc_pthread_kill(thread, sig) : ENOSYS;
}

EXPORT int raise(int sig)
{
    int now = fred_threads_real_tid(fred_threads_own_tid());
    if (now) return (int)syscall(SYS_tgkill, syscall(SYS_getpid), now, sig);
    if (libc_raise) return libc_raise(sig);
    errno = ENOSYS;
    return -1;
}

/* ---- threads: numbered in creation order, they take turns (fred_thread_order.h) ---- */

typedef int create_function(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
static create_function *libc_pthread_create;

/*
 * A new thread first registers its number (fred_thread_numbers.h), then runs the
 * program's function. The start is handed over in a slot of a fixed pool (no malloc: the
 * program's heap must look as without fred); the slot is free again once the thread has
 * read it. With every slot taken the thread starts unnumbered (gdb's number is shown).
 */
enum { START_SLOTS = 64 };
static struct start_slot {
    int taken;
    void *(*start)(void *);
    void *arg;
    uint64_t number;
} start_slots[START_SLOTS];

static void *numbered_start(void *slot_pointer)
{
    struct start_slot *slot = slot_pointer;
    void *(*start)(void *) = slot->start;
    void *arg = slot->arg;
    uint64_t number = slot->number;
    fred_thread_numbers_register(number);
    __atomic_store_n(&slot->taken, 0, __ATOMIC_RELEASE);
    fred_thread_order_started(number);
    return start(arg);   /* a tail call: the program's backtrace shows no frame of fred's */
}

static struct start_slot *take_start_slot(void)
{
    for (int i = 0; i < START_SLOTS; i++)
        if (!__atomic_exchange_n(&start_slots[i].taken, 1, __ATOMIC_ACQ_REL)) return &start_slots[i];
    return NULL;
}

EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr, void *(*start)(void *), void *arg)
{
    if (!libc_pthread_create) libc_pthread_create = (create_function *)dlsym(RTLD_NEXT, "pthread_create");
    if (!libc_pthread_create) return ENOSYS;
    struct start_slot *slot = take_start_slot();
    int rc;
    if (slot) {
        slot->start = start;
        slot->arg = arg;
        slot->number = fred_thread_numbers_claim();
        rc = libc_pthread_create(thread, attr, numbered_start, slot);
        if (rc != 0) __atomic_store_n(&slot->taken, 0, __ATOMIC_RELEASE);
    } else {
        rc = libc_pthread_create(thread, attr, start, arg);
    }
    if (rc == 0) fred_thread_order_created((uint64_t)*thread);
    return rc;
}

/* ---- SIGSYS must never be blocked: the filter's signal would kill the program ---- */

static void allow_sigsys(sigset_t *set)
{
    if (set && fred_record_active()) sigdelset(set, SIGSYS);
}

typedef int mask_function(int, const sigset_t *, sigset_t *);
static mask_function *libc_sigprocmask, *libc_pthread_sigmask;

/* libc's own wrapper still runs: it keeps glibc's internal signals out of the mask */
static int set_mask(mask_function **libc, const char *name, int how, const sigset_t *set, sigset_t *old)
{
    if (!*libc) *libc = (mask_function *)next_symbol(name);
    sigset_t copy;
    if (set && how != SIG_UNBLOCK) {
        copy = *set;
        allow_sigsys(&copy);
        set = &copy;
    }
    return (*libc)(how, set, old);
}

EXPORT int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
    return set_mask(&libc_sigprocmask, "sigprocmask", how, set, old);
}

EXPORT int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
    return set_mask(&libc_pthread_sigmask, "pthread_sigmask", how, set, old);
}

/* ---- the program's signal handlers run through fred_record_signal ---- */

static int (*libc_sigaction)(int, const struct sigaction *, struct sigaction *);
static struct sigaction program_actions[65];   /* the handlers the program asked for */

static void run_program_handler(int sig, siginfo_t *info, void *context)
{
    int saved = errno;
    int run = fred_record_signal(sig);
    errno = saved;
    if (!run) return;
    const struct sigaction *act = &program_actions[sig];
    if (act->sa_flags & SA_SIGINFO) act->sa_sigaction(sig, info, context);
    else if (act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN) act->sa_handler(sig);
}

static int has_handler(const struct sigaction *act)
{
    return (act->sa_flags & SA_SIGINFO) || (act->sa_handler != SIG_DFL && act->sa_handler != SIG_IGN);
}

EXPORT int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
    if (!libc_sigaction) libc_sigaction = next_symbol("sigaction");
    if (!libc_sigaction) {
        errno = ENOSYS;
        return -1;
    }
    if (!fred_record_active() || sig <= 0 || sig >= 65) return libc_sigaction(sig, act, old);
    if (act && sig == SIGSYS) {   /* fred's: the program's own handler for SIGSYS is not supported */
        errno = EINVAL;
        return -1;
    }
    struct sigaction before = program_actions[sig];
    struct sigaction copy;
    if (act) {
        copy = *act;
        allow_sigsys(&copy.sa_mask);
        if (has_handler(act)) {
            program_actions[sig] = copy;
            copy.sa_sigaction = run_program_handler;
            copy.sa_flags |= SA_SIGINFO;
        }
    }
    int rc = libc_sigaction(sig, act ? &copy : NULL, old);
    if (rc == 0 && old && old->sa_sigaction == run_program_handler) {
        struct sigaction kernel = *old;
        *old = before;
        old->sa_mask = kernel.sa_mask;
    }
    return rc;
}

/* glibc's signal(): BSD semantics (restarting calls, the signal blocked in its handler) */
EXPORT sighandler_t signal(int sig, sighandler_t handler)
{
    struct sigaction act, old;
    memset(&act, 0, sizeof act);
    act.sa_handler = handler;
    act.sa_flags = SA_RESTART;
    sigemptyset(&act.sa_mask);
    if (sig > 0 && sig < 65) sigaddset(&act.sa_mask, sig);
    if (sigaction(sig, &act, &old) < 0) return SIG_ERR;
    return old.sa_handler;
}

/* fred's SIGSYS handler, past the refusal above. */
void fred_record_install_sigsys(const struct sigaction *sa)
{
    if (!libc_sigaction) libc_sigaction = next_symbol("sigaction");
    if (libc_sigaction) libc_sigaction(SIGSYS, sa, NULL);
}
