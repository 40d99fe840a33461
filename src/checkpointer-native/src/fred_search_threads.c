/*
 * fred_search_threads.c - see fred_search_threads.h: per-thread kernel events while threads
 * take turns, a budget handed from holder to holder, counters summed.
 */
#define _GNU_SOURCE
#include "fred_search_threads.h"
#include "fred_record_calls.h"
#include "fred_thread_order.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { MAX_THREADS = 256, MAX_COUNTED = 4, FD_FLOOR = 900 };

static struct thread_events {
    int tid;
    int budget_fd;            /* -1: none */
    uint64_t at_take;         /* the budget event's count when this thread took the turn */
    int counter_fd[MAX_COUNTED];
} threads[MAX_THREADS];
static int used;

static struct {
    int armed;
    int sig;
    uint64_t left;            /* units until the signal, for the next holder */
    struct perf_event_attr attr;
} budget;

static struct {
    int armed;
    int n;
    unsigned long addrs[MAX_COUNTED];
} counting;

static long sys(long nr, long a0, long a1, long a2, long a3, long a4)
{
    long a[6] = { a0, a1, a2, a3, a4, 0 };
    long r = fred_record_raw(nr, a);
    if (r < 0 && r > -4096) {
        errno = (int)-r;
        return -1;
    }
    return r;
}

static int own_tid(void) { return (int)sys(SYS_gettid, 0, 0, 0, 0, 0); }

static void close_fd(int *fd)
{
    if (*fd >= 0) sys(SYS_close, *fd, 0, 0, 0, 0);
    *fd = -1;
}

static struct thread_events *events_of(int tid)
{
    for (int i = 0; i < used; i++)
        if (threads[i].tid == tid) return &threads[i];
    if (used == MAX_THREADS) return NULL;
    struct thread_events *t = &threads[used++];
    t->tid = tid;
    t->budget_fd = -1;
    t->at_take = 0;
    for (int k = 0; k < MAX_COUNTED; k++) t->counter_fd[k] = -1;
    return t;
}

/* An event of `tid`, moved high; with sig: disabled, signalling tid when it overflows. */
static int open_event(struct perf_event_attr *attr, int tid, int sig)
{
    attr->size = sizeof *attr;
    attr->exclude_kernel = 1;       /* what an unprivileged user may open */
    attr->exclude_hv = 1;
    attr->disabled = sig ? 1 : 0;
    attr->wakeup_events = sig ? 1 : 0;
    int fd = (int)sys(SYS_perf_event_open, (long)attr, tid, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) return -1;
    int high = (int)sys(SYS_fcntl, fd, F_DUPFD_CLOEXEC, FD_FLOOR, 0, 0);
    sys(SYS_close, fd, 0, 0, 0, 0);
    if (high < 0 || !sig) return high;
    struct f_owner_ex owner = { F_OWNER_TID, tid };
    if (sys(SYS_fcntl, high, F_SETOWN_EX, (long)&owner, 0, 0) < 0 || sys(SYS_fcntl, high, F_SETSIG, sig, 0, 0) < 0 ||
        sys(SYS_fcntl, high, F_SETFL, O_ASYNC, 0, 0) < 0) {
        sys(SYS_close, high, 0, 0, 0, 0);
        return -1;
    }
    return high;
}

static uint64_t count_of(int fd)
{
    uint64_t value = 0;
    if (sys(SYS_read, fd, (long)&value, sizeof value, 0, 0) != (long)sizeof value) return 0;
    return value;
}

/* `t` holds the turn from here: its event signals after what is left of the budget. */
static int budget_start(struct thread_events *t)
{
    if (budget.left == 0) budget.left = 1;
    if (t->budget_fd < 0) {
        struct perf_event_attr attr = budget.attr;
        attr.sample_period = budget.left;
        t->budget_fd = open_event(&attr, t->tid, budget.sig);
        if (t->budget_fd < 0) return -1;
        t->at_take = 0;
    } else {
        uint64_t period = budget.left;
        if (sys(SYS_ioctl, t->budget_fd, PERF_EVENT_IOC_PERIOD, (long)&period, 0, 0) < 0) return -1;
        t->at_take = count_of(t->budget_fd);
    }
    return (int)sys(SYS_ioctl, t->budget_fd, PERF_EVENT_IOC_REFRESH, 1, 0, 0);
}

/* `t` gives the turn away: what it used is no longer left. */
static void budget_stop(struct thread_events *t)
{
    if (t->budget_fd < 0) return;
    sys(SYS_ioctl, t->budget_fd, PERF_EVENT_IOC_DISABLE, 0, 0, 0);
    uint64_t spent = count_of(t->budget_fd) - t->at_take;
    budget.left = spent >= budget.left ? 1 : budget.left - spent;
}

static int counters_start(struct thread_events *t)
{
    for (int k = 0; k < counting.n; k++) {
        if (t->counter_fd[k] >= 0) continue;
        struct perf_event_attr attr;
        memset(&attr, 0, sizeof attr);
        attr.type = PERF_TYPE_BREAKPOINT;
        attr.bp_type = HW_BREAKPOINT_X;
        attr.bp_addr = counting.addrs[k];
        attr.bp_len = sizeof(long);
        t->counter_fd[k] = open_event(&attr, t->tid, 0);
        if (t->counter_fd[k] < 0) return -1;
    }
    return 0;
}

int fred_search_threads_on(void)
{
    return fred_thread_order_holder() >= 0;
}

/* This thread when it holds the turn (it runs from here); NULL when nobody does (the next
 * holder starts its events); EBUSY when another thread does: the debugger asks the thread
 * it stopped in, which runs the program's code, so holds the turn (fred cannot tell
 * another thread's kernel tid after a restore). */
static int runner(struct thread_events **out)
{
    int holder = fred_thread_order_holder();
    *out = holder == 1 ? events_of(own_tid()) : NULL;
    if (holder == 2) {
        errno = EBUSY;
        return -1;
    }
    return 0;
}

int fred_search_threads_arm(const struct perf_event_attr *attr, int sig, uint64_t amount)
{
    fred_search_threads_end();
    budget.attr = *attr;
    budget.sig = sig;
    budget.left = amount;
    budget.armed = 1;
    struct thread_events *t;
    if (runner(&t) < 0 || (t && budget_start(t) < 0)) {
        int saved = errno;
        fred_search_threads_end();
        errno = saved;
        return -1;
    }
    return 0;
}

void fred_search_threads_pause(void)
{
    for (int i = 0; i < used; i++) close_fd(&threads[i].budget_fd);
}

int fred_search_threads_refill(uint64_t amount)
{
    fred_search_threads_pause();
    budget.left = amount;
    struct thread_events *t = events_of(own_tid());
    return t ? budget_start(t) : -1;
}

/* Nothing armed: forget the threads (a restored copy's threads have other kernel tids). */
static void forget_if_idle(void)
{
    if (!budget.armed && !counting.armed) used = 0;
}

void fred_search_threads_end(void)
{
    budget.armed = 0;
    fred_search_threads_pause();
    forget_if_idle();
}

int fred_search_threads_count(const unsigned long *addrs, int n)
{
    uint64_t ignored[MAX_COUNTED];
    fred_search_threads_read(ignored, MAX_COUNTED);
    counting.n = n > MAX_COUNTED ? MAX_COUNTED : n;
    memcpy(counting.addrs, addrs, sizeof(unsigned long) * (size_t)counting.n);
    counting.armed = 1;
    struct thread_events *t;
    if (runner(&t) < 0 || (t && counters_start(t) < 0)) {
        int saved = errno;
        fred_search_threads_read(ignored, MAX_COUNTED);
        errno = saved;
        return -1;
    }
    return 0;
}

int fred_search_threads_read(uint64_t *sums, int n)
{
    int was = counting.armed;
    for (int k = 0; k < n; k++) sums[k] = 0;
    for (int i = 0; i < used; i++) {
        for (int k = 0; k < MAX_COUNTED; k++) {
            if (threads[i].counter_fd[k] < 0) continue;
            if (k < n) sums[k] += count_of(threads[i].counter_fd[k]);
            close_fd(&threads[i].counter_fd[k]);
        }
    }
    counting.armed = 0;
    forget_if_idle();
    return was ? 0 : -1;
}

void fred_search_turn_taken(void)
{
    if (!budget.armed && !counting.armed) return;
    int saved = errno;
    struct thread_events *t = events_of(own_tid());
    if (t && budget.armed) budget_start(t);
    if (t && counting.armed) counters_start(t);
    errno = saved;
}

void fred_search_turn_leaving(void)
{
    if (!budget.armed) return;
    int saved = errno;
    struct thread_events *t = events_of(own_tid());
    if (t) budget_stop(t);
    errno = saved;
}
