/*
 * workers.c - a pool of argv[1] pthreads summing f(i) for i < argv[2] under a mutex.
 *
 *   workers N ITEMS gate   each worker does its share of the first half, then waits for the
 *                          harness's "check" in one of three ways (by worker number): spinning
 *                          on a flag (running at checkpoint time), in pthread_cond_wait (a
 *                          futex), or in nanosleep; the main thread reads stdin.
 *   workers N ITEMS free   the workers never wait: a checkpoint catches them mid-work.
 *
 *   workers N ITEMS gate reader   as gate, but a thread of its own reads stdin while the
 *                          main thread waits for it in pthread_join.
 *
 * "ready <pid>" once the pool is set up; on "check" the workers finish, main joins them
 * and checks the sum, each worker's thread-local count, that gettid() and pthread_self()
 * gave the same answers throughout, and that an error-checking mutex held across the
 * checkpoint by one worker is still its own, and that raise() and pthread_kill() (which
 * glibc sends to its cached tids) reach their thread. PASS or FAIL.
 */
#define _GNU_SOURCE
#include "zdtm.h"

#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>

#define MAX_WORKERS 64

static int workers, items, gated;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t opened = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t held;                  /* error-checking, held by worker 0 across the checkpoint */
static int next_item;
static long long sum;
static atomic_int gate_open, at_gate, signals_seen;
static __thread int signals_here;

static void on_usr1(int sig) { (void)sig; signals_here++; atomic_fetch_add(&signals_seen, 1); }

struct worker {
    pthread_t self;
    int index, tid, done;
    char failure[160];
};
static struct worker pool[MAX_WORKERS];
static __thread long long my_count;           /* TLS must come back per thread */

static long long f(long long i) { return i * i % 1000003 + i; }

static void fail_worker(struct worker *w, const char *what)
{
    if (!w->failure[0]) snprintf(w->failure, sizeof w->failure, "worker %d: %s", w->index, what);
}

static void check_identity(struct worker *w)
{
    if (gettid() != w->tid) { char m[80]; snprintf(m, sizeof m, "gettid() changed from %d to %d (kernel %ld)", w->tid, gettid(), syscall(SYS_gettid)); fail_worker(w, m); }
    if (!pthread_equal(pthread_self(), w->self)) fail_worker(w, "pthread_self() changed");
}

/* Take items while next_item < limit; returns how many this worker took. */
static void work_until(struct worker *w, int limit)
{
    for (;;) {
        pthread_mutex_lock(&lock);
        if (next_item >= limit) { pthread_mutex_unlock(&lock); return; }
        int i = next_item++;
        pthread_mutex_unlock(&lock);
        long long value = f(i);
        for (volatile int spin = 0; spin < 2000; spin++) {
        }
        pthread_mutex_lock(&lock);
        sum += value;
        pthread_mutex_unlock(&lock);
        my_count++;
        check_identity(w);
    }
}

static void wait_at_gate(struct worker *w)
{
    atomic_fetch_add(&at_gate, 1);
    switch (w->index % 3) {
    case 0:                                   /* running */
        while (!atomic_load(&gate_open)) check_identity(w);
        break;
    case 1:                                   /* blocked in a futex */
        pthread_mutex_lock(&lock);
        while (!atomic_load(&gate_open)) pthread_cond_wait(&opened, &lock);
        pthread_mutex_unlock(&lock);
        break;
    default: {                                /* blocked in nanosleep */
        while (!atomic_load(&gate_open)) {
            struct timespec t = { 0, 200 * 1000000 };
            if (nanosleep(&t, NULL) != 0) fail_worker(w, "nanosleep was interrupted");   /* it must come back asleep */
        }
    }
    }
}

static void *run(void *arg)
{
    struct worker *w = arg;
    w->tid = gettid();
    w->self = pthread_self();
    if (w->index == 0 && pthread_mutex_lock(&held) != 0) fail_worker(w, "cannot lock the error-checking mutex");
    if (gated) {
        work_until(w, items / 2);
        wait_at_gate(w);
    }
    work_until(w, items);
    if (w->index == 0 && pthread_mutex_unlock(&held) != 0) fail_worker(w, "the error-checking mutex is no longer its own");
    check_identity(w);
    w->done = (int)my_count;
    return NULL;
}

static void *reader(void *arg)
{
    (void)arg;
    zdtm_wait_check();
    return NULL;
}

int main(int argc, char **argv)
{
    workers = argc > 1 ? atoi(argv[1]) : 8;
    items = argc > 2 ? atoi(argv[2]) : 20000;
    gated = argc < 4 || strcmp(argv[3], "free") != 0;
    if (workers < 1 || workers > MAX_WORKERS || items < 2) zdtm_fail("usage: workers N ITEMS gate|free");
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&held, &attr);
    int main_tid = gettid();
    for (int i = 0; i < workers; i++) {
        pool[i].index = i;
        if (pthread_create(&pool[i].self, NULL, run, &pool[i]) != 0) zdtm_fail("pthread_create");
    }
    if (gated)
        while (atomic_load(&at_gate) < workers) {
            struct timespec t = { 0, 1000000 };
            nanosleep(&t, NULL);
        }
    signal(SIGUSR1, on_usr1);
    zdtm_ready();
    if (argc > 4 && strcmp(argv[4], "reader") == 0) {
        pthread_t r;
        if (pthread_create(&r, NULL, reader, NULL) != 0 || pthread_join(r, NULL) != 0) zdtm_fail("the reader thread");
    } else {
        zdtm_wait_check();
    }
    /* to the main thread, and to worker 0 (spinning at the gate, or working: no call to interrupt) */
    ZDTM_CHECK(raise(SIGUSR1) == 0 && signals_here == 1, "raise() did not reach the main thread");
    ZDTM_CHECK(pthread_kill(pool[0].self, SIGUSR1) == 0 || pool[0].done, "pthread_kill() of worker 0 failed");
    for (int i = 0; i < 5000 && atomic_load(&signals_seen) < 2 && !pool[0].done; i++) {
        struct timespec t = { 0, 1000000 };
        nanosleep(&t, NULL);
    }
    ZDTM_CHECK(atomic_load(&signals_seen) == 2 || pool[0].done, "pthread_kill() did not reach worker 0");
    pthread_mutex_lock(&lock);
    atomic_store(&gate_open, 1);
    pthread_cond_broadcast(&opened);
    pthread_mutex_unlock(&lock);
    long long counted = 0;
    for (int i = 0; i < workers; i++) {
        if (pthread_join(pool[i].self, NULL) != 0) zdtm_fail("pthread_join of worker %d", i);
        if (pool[i].failure[0]) zdtm_fail("%s", pool[i].failure);
        counted += pool[i].done;
    }
    long long expected = 0;
    for (int i = 0; i < items; i++) expected += f(i);
    ZDTM_CHECK(gettid() == main_tid, "main: gettid() changed from %d to %d", main_tid, gettid());
    ZDTM_CHECK(counted == items, "the workers' thread-local counts add up to %lld, not %d", counted, items);
    ZDTM_CHECK(sum == expected, "sum %lld, expected %lld", sum, expected);
    printf("sum %lld\n", sum);
    zdtm_pass();
}
