/* fred_parallel.c - see fred_parallel.h. */
#define _GNU_SOURCE
#include "fred_parallel.h"
#include "fred_util.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define HELPER_STACK (256u << 10)
#define MIN_PARALLEL_BYTES (16ull << 20)

long fred_raw_syscall(long number, long a, long b, long c, long d)
{
    long ret;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(number), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
    return ret;
}

int fred_worker_count(uint64_t bytes)
{
    if (bytes < MIN_PARALLEL_BYTES) return 1;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    return cpus < 2 ? 1 : cpus > FRED_MAX_WORKERS ? FRED_MAX_WORKERS : (int)cpus;
}

struct helper {
    int (*fn)(void *arg, int worker);
    void *arg;
    int worker;
};

static int helper_main(void *p)
{
    struct helper *h = p;
    fred_raw_syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0);   /* never outlive the writer */
    int rc = h->fn(h->arg, h->worker);
    fred_raw_syscall(SYS_exit, rc ? 1 : 0, 0, 0, 0);
    return 0;
}

int fred_run_parallel(int (*fn)(void *arg, int worker), void *arg, int workers)
{
    struct helper helpers[FRED_MAX_WORKERS];
    char *stacks[FRED_MAX_WORKERS] = { 0 };
    int pids[FRED_MAX_WORKERS] = { 0 };
    int rc = 0;
    if (workers > FRED_MAX_WORKERS) workers = FRED_MAX_WORKERS;
    for (int k = 1; k < workers; k++) {
        helpers[k] = (struct helper){ fn, arg, k };
        stacks[k] = fred_map(HELPER_STACK);
        if (stacks[k])
            pids[k] = clone(helper_main, stacks[k] + HELPER_STACK - 64,
                            CLONE_VM | CLONE_FILES | CLONE_FS | CLONE_UNTRACED | SIGCHLD, &helpers[k]);
        if (pids[k] <= 0) {
            pids[k] = 0;
            int r = fn(arg, k);              /* no helper: do its share here */
            if (r && !rc) rc = r;
        }
    }
    int r0 = fn(arg, 0);
    if (r0 && !rc) rc = r0;
    for (int k = 1; k < workers; k++) {
        if (!pids[k]) continue;
        int status = 0;
        while (waitpid(pids[k], &status, __WALL) < 0 && errno == EINTR) {
        }
        if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && !rc) rc = -1;
        fred_unmap(stacks[k], HELPER_STACK);
    }
    for (int k = 1; k < workers; k++)
        if (!pids[k]) fred_unmap(stacks[k], HELPER_STACK);
    return rc;
}
