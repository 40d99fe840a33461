/*
 * fred_search.c - stops for fred-reverse-watch inside a long `continue` (see fred_search.h).
 *
 * Why both: single-stepping costs about 1 ms per line under gdb here, so a search that
 * counts `next`s through a loop of a million iterations cannot finish. A series costs
 * nothing per iteration, but where its snapshots fall depends on timing, so fred keeps
 * them as snapshots rather than as commands to replay. Counting executions of ADDR (a
 * series spaced by them, or a counted stop) costs one debug exception per execution
 * (~15-19 us in this VM) and always lands on the same instruction of the same iteration,
 * so fred can replay it like any command.
 *
 * Both run inside the program, from the checkpoint handler (which reads the request) and
 * the series signal's handler: no malloc, no stdio, errno preserved.
 *
 * Layer: called by fred_preload.c (the request, parsed there); calls down to
 * fred_snapshot.c (a series' snapshots), fred_handler.c (the series signal's handler
 * body) and the control files, never back up.
 */
#define _GNU_SOURCE
#include "fred_search.h"
#include "fred_handler.h"
#include "fred_library.h"
#include "fred_search_threads.h"
#include "fred_shared_memory.h"
#include "fred_snapshot.h"
#include "fred_threads.h"
#include "fred_util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

/* Lowest descriptor for fred's perf events: away from the program's own numbers. */
enum { COUNTER_FD_FLOOR = 900 };

struct series {
    int active;
    int fd;                      /* the event that raises FRED_SIGNAL_SERIES */
    int next_id;
    int remaining;
    unsigned long addr;          /* 0: spaced by CPU time; else by executions of addr */
    long every;                  /* ns of CPU time, or executions */
    int threaded;                /* threads take turns: fred_search_threads.c counts */
};

static struct series series = { .fd = -1 };
static int counter_fd = -1;
static int counting_threads;     /* "count" went to fred_search_threads.c */
static int count_threads_n;      /* of that many addresses */

/* Counting events (a count request), read and closed by countread: they outlive the request
 * that armed them (fred_search_reset runs before every request), so they live apart. */
static int count_fds[FRED_COUNT_MAX] = { [0 ... FRED_COUNT_MAX - 1] = -1 };
static int count_n;


static void stop_here(void)
{
    syscall(SYS_tgkill, getpid(), (int)syscall(SYS_gettid), FRED_SIGNAL_STOP);
}

static void close_fd(int *fd)
{
    if (*fd >= 0) close(*fd);
    *fd = -1;
}

static void series_end(void)
{
    series.active = 0;
    close_fd(&series.fd);
    if (series.threaded) fred_search_threads_end();
    series.threaded = 0;
}

void fred_search_reset(void)
{
    series_end();
    close_fd(&counter_fd);
    fred_search_threads_end();   /* a counted stop's budget */
}

/*
 * An event that raises sig for this thread, once, when it overflows (it is then
 * disabled until the next PERF_EVENT_IOC_REFRESH). Its descriptor is moved high, away
 * from the program's own numbers.
 */
static int open_signalling_event(struct perf_event_attr *attr, int sig)
{
    attr->size = sizeof *attr;
    attr->wakeup_events = 1;
    attr->disabled = 1;
    attr->exclude_kernel = 1;       /* what an unprivileged user may open (perf_event_paranoid 2) */
    attr->exclude_hv = 1;
    int fd = (int)syscall(SYS_perf_event_open, attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) return -1;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, COUNTER_FD_FLOOR);
    close(fd);
    if (high < 0) return -1;
    struct f_owner_ex owner = { F_OWNER_TID, (pid_t)syscall(SYS_gettid) };
    if (fcntl(high, F_SETOWN_EX, &owner) < 0 || fcntl(high, F_SETSIG, sig) < 0 ||
        fcntl(high, F_SETFL, O_ASYNC) < 0 || ioctl(high, PERF_EVENT_IOC_REFRESH, 1) < 0) {
        close(high);
        return -1;
    }
    return high;
}

static int series_open(void);

/* Something to count: one call, one execution. */
__attribute__((noinline)) static void counted_once(void)
{
    __asm__ volatile("" ::: "memory");
}

/*
 * Whether the kernel's hardware breakpoint events count here: some virtual machines accept
 * them and never fire (no debug registers for the guest). A count of 0 would then be taken
 * for "never executed": fred must hear "cannot count" instead. Asked once per process.
 */
static int breakpoints_count(void)
{
    static int known;   /* 0 unknown, 1 yes, -1 no */
    if (known) return known > 0;
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_BREAKPOINT;
    attr.bp_type = HW_BREAKPOINT_X;
    attr.bp_addr = (unsigned long)counted_once;
    attr.bp_len = sizeof(long);
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) return 0;   /* unknown still: the caller's own open says why */
    counted_once();
    uint64_t value = 0;
    ssize_t n = read(fd, &value, sizeof value);
    close(fd);
    known = n == (ssize_t)sizeof value && value == 1 ? 1 : -1;
    return known > 0;
}

/* Fails with ENOTSUP where hardware breakpoints do not count. */
static int need_breakpoints(void)
{
    if (breakpoints_count()) return 0;
    errno = ENOTSUP;
    return -1;
}

__attribute__((noinline)) static void take_series_snapshot(const ucontext_t *uc)
{
    if (!series.active) return;                  /* a late signal after the series ended */
    unsigned long pc = (unsigned long)uc->uc_mcontext.gregs[REG_RIP];
    char answer[600];
    int id = series.next_id++;
    fred_control_series_path(answer, sizeof answer, fred_lib.control_dir, id, getpid());
    close_fd(&series.fd);                        /* not part of the program: not in its snapshot */
    int taken = -1;
    if (series.threaded) {
        /* the others wait in the handler meanwhile, as for any snapshot of threads */
        fred_search_threads_pause();
        struct fred_error err = { { 0 } };
        if (fred_threads_stop_others((ucontext_t *)uc, &err) < 0) {
            char line[300];
            snprintf(line, sizeof line, "error %s\n", err.message);
            fred_write_file_atomic(answer, line);
        } else {
            taken = fred_snapshot_here(id, pc, answer, 0);
            fred_threads_release();
        }
    } else {
        taken = fred_snapshot_here(id, pc, answer, 0);
    }
    if (taken == 0) {                            /* a live copy resumed later: no series here */
        series_end();
        return;
    }
    if (taken > 0) fred_snapshot_answer(answer, id, taken, pc);   /* before the program goes on: when it stops, every answer is there */
    /* opened again last: the fork and the answer are not the program's running time */
    if (taken < 0 || --series.remaining <= 0 || series_open() < 0) {
        series_end();
        stop_here();                             /* delivered when the handler returns */
    }
}

static void on_series_signal(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)info;
    fred_handler_body(context, take_series_snapshot);
}

/* The kernel event for executions of the instruction at addr (a hardware breakpoint). */
static void execution_event(struct perf_event_attr *attr, unsigned long addr)
{
    memset(attr, 0, sizeof *attr);
    attr->type = PERF_TYPE_BREAKPOINT;
    attr->bp_type = HW_BREAKPOINT_X;
    attr->bp_addr = addr;
    attr->bp_len = sizeof(long);
}

/* A breakpoint on executions of addr whose every period-th one raises sig. */
static int open_execution_counter(unsigned long addr, long period, int sig)
{
    struct perf_event_attr attr;
    execution_event(&attr, addr);
    attr.sample_period = (unsigned long)period;
    return open_signalling_event(&attr, sig);
}

/*
 * Spaced by time: the thread's own CPU time (task-clock), so time spent stopped by the
 * debugger or waiting for a CPU does not count, and the kernel fires it from a
 * high-resolution timer, not on scheduler ticks (a firing that finds the thread in the
 * kernel is skipped: excluding the kernel is what unprivileged users may ask for). Spaced by executions: the
 * snapshot is taken just before the every-th execution of addr since the last one (the
 * kernel resumes past a breakpoint that was reported, so that one is not counted again).
 */
/* The event a series is spaced by (sample_period left to the caller). */
static void series_event(struct perf_event_attr *attr)
{
    if (series.addr) {
        execution_event(attr, series.addr);
    } else {
        memset(attr, 0, sizeof *attr);
        attr->type = PERF_TYPE_SOFTWARE;
        attr->config = PERF_COUNT_SW_TASK_CLOCK;
    }
}

static int series_open(void)
{
    if (series.threaded) return fred_search_threads_refill((uint64_t)series.every);
    if (series.addr) {
        series.fd = open_execution_counter(series.addr, series.every, FRED_SIGNAL_SERIES);
    } else {
        struct perf_event_attr attr;
        memset(&attr, 0, sizeof attr);
        attr.type = PERF_TYPE_SOFTWARE;
        attr.config = PERF_COUNT_SW_TASK_CLOCK;
        attr.sample_period = (unsigned long)series.every;
        series.fd = open_signalling_event(&attr, FRED_SIGNAL_SERIES);
    }
    return series.fd < 0 ? -1 : 0;
}

static int series_start(int first_id, unsigned long addr, long every, int max)
{
    if (addr && need_breakpoints() < 0) return -1;
    series.addr = addr;
    series.every = every;
    series.threaded = fred_search_threads_on();
    if (series.threaded) {
        struct perf_event_attr attr;
        series_event(&attr);
        if (fred_search_threads_arm(&attr, FRED_SIGNAL_SERIES, (uint64_t)every) < 0) {
            series.threaded = 0;
            return -1;
        }
    } else if (series_open() < 0) return -1;
    series.active = 1;
    series.next_id = first_id;
    series.remaining = max;
    return 0;
}

/* The stop signal just before the count-th execution of addr, once. */
static int counted_stop_start(unsigned long addr, long count)
{
    if (need_breakpoints() < 0) return -1;
    if (fred_search_threads_on()) {
        struct perf_event_attr attr;
        execution_event(&attr, addr);
        return fred_search_threads_arm(&attr, FRED_SIGNAL_STOP, (uint64_t)count);
    }
    counter_fd = open_execution_counter(addr, count, FRED_SIGNAL_STOP);
    return counter_fd < 0 ? -1 : 0;
}

static void counters_close(void)
{
    for (int i = 0; i < count_n; i++) close_fd(&count_fds[i]);
    count_n = 0;
}

/* Plain counters of executions of each address (no signal): a debug exception each, ~15 us. */
static int counters_start(const unsigned long *addrs, int n)
{
    counters_close();
    if (need_breakpoints() < 0) return -1;
    counting_threads = fred_search_threads_on();
    count_threads_n = n;
    if (counting_threads) return fred_search_threads_count(addrs, n);
    for (int i = 0; i < n; i++) {
        struct perf_event_attr attr;
        memset(&attr, 0, sizeof attr);
        attr.size = sizeof attr;
        attr.type = PERF_TYPE_BREAKPOINT;
        attr.bp_type = HW_BREAKPOINT_X;
        attr.bp_addr = addrs[i];
        attr.bp_len = sizeof(long);
        attr.exclude_kernel = 1;
        attr.exclude_hv = 1;
        int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
        int high = fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, COUNTER_FD_FLOOR);
        if (fd >= 0) close(fd);
        if (high < 0) {
            counters_close();
            return -1;
        }
        count_fds[count_n++] = high;
    }
    return 0;
}

/* Why an event could not be opened, for the answer. */
static const char *why_not(void)
{
    return errno == ENOTSUP ? "hardware breakpoints do not count on this machine" : strerror(errno);
}

static void answer(int pid, const char *line)
{
    char path[600];
    fred_control_path(path, sizeof path, fred_lib.control_dir, FRED_ANSWER_FILE, pid);
    fred_control_answer(path, line);
}

int fred_search_request(const struct fred_request *req, int pid)
{
    char line[200];
    switch (req->kind) {
    case FRED_REQUEST_SERIES:
        if (!req->valid)
            answer(pid, FRED_ANS_ERROR " bad series request");
        else if (series_start(req->id, req->addr, req->every, req->max) < 0) {
            snprintf(line, sizeof line, FRED_ANS_ERROR " cannot start the series (perf_event_open %s): %s",
                     req->addr ? "breakpoint" : "task-clock", why_not());
            answer(pid, line);
        } else answer(pid, FRED_ANS_OK " " FRED_REQ_SERIES);
        return 1;
    case FRED_REQUEST_COUNT:
        if (!req->valid) answer(pid, FRED_ANS_ERROR " bad count request");
        else if (counters_start(req->addrs, req->addr_count) < 0) {
            snprintf(line, sizeof line, FRED_ANS_ERROR " cannot count executions (perf_event_open breakpoint): %s", why_not());
            answer(pid, line);
        } else answer(pid, FRED_ANS_OK " " FRED_REQ_COUNT);
        return 1;
    case FRED_REQUEST_COUNTREAD: {
        int used = snprintf(line, sizeof line, FRED_ANS_OK " " FRED_ANS_COUNTS);
        uint64_t sums[FRED_COUNT_MAX];
        if (counting_threads && fred_search_threads_read(sums, FRED_COUNT_MAX) == 0) {
            for (int i = 0; i < count_threads_n; i++)
                used += snprintf(line + used, sizeof line - (size_t)used, " %llu", (unsigned long long)sums[i]);
        }
        counting_threads = 0;
        for (int i = 0; i < count_n; i++) {
            uint64_t value = 0;
            if (read(count_fds[i], &value, sizeof value) != (ssize_t)sizeof value) value = UINT64_MAX;
            used += snprintf(line + used, sizeof line - (size_t)used, " %llu", (unsigned long long)value);
        }
        counters_close();
        answer(pid, line);
        return 1;
    }
    case FRED_REQUEST_HITS:
        if (!req->valid) answer(pid, FRED_ANS_ERROR " bad hits request");
        else if (counted_stop_start(req->addr, req->count) < 0) {
            snprintf(line, sizeof line, FRED_ANS_ERROR " cannot count executions of 0x%lx (perf_event_open breakpoint): %s",
                     req->addr, why_not());
            answer(pid, line);
        } else answer(pid, FRED_ANS_OK " " FRED_REQ_HITS);
        return 1;
    default:
        return 0;
    }
}

void fred_search_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_series_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&sa.sa_mask);
    sigdelset(&sa.sa_mask, SIGSYS);               /* the record filter's signal must get through */
    sigaction(FRED_SIGNAL_SERIES, &sa, NULL);
    signal(FRED_SIGNAL_STOP, SIG_IGN);
}
