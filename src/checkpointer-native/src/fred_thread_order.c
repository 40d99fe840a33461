/*
 * fred_thread_order.c - see fred_thread_order.h: the turn, and libc's functions where a
 * thread may give it away (taken over by the preloaded library).
 *
 * Rules: the state lives in the library's memory (snapshots and images carry it); waiting
 * is a futex with a timeout (a restored copy's waiters run their wait again); system calls
 * made here while another thread holds the turn go through fred_record_raw, which the
 * record log's filter lets through unrecorded (they are fred's, not the program's).
 */
#define _GNU_SOURCE
#include "fred_thread_order.h"
#include "fred_record.h"
#include "fred_record_calls.h"
#include "fred_search_threads.h"
#include "fred_thread_numbers.h"
#include "fred_threads.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

enum {
    WAIT_NS = 100 * 1000 * 1000,          /* a waiter looks around this often */
    STUCK_WAITS = 30,                     /* replaying: 3 s with the turn free and nobody taking it */
};
static const int64_t STARVING_CPU_NS = 1000000000;   /* the holder computed 1 s while others waited */
/* A sched_yield hands the turn over once the holder has held it this long (and someone
 * waits): a hand-over costs a wake and a context switch, a yield in a loop is frequent. */
static const int64_t YIELD_QUANTUM_NS = 500 * 1000;

static struct {
    int on;                   /* threads take turns */
    int holder;               /* futex-free word: the number of the thread holding the turn, 0 if free */
    uint32_t changes;         /* futex word: counts the turn's releases (threads wait here to take it) */
    uint32_t takes;           /* futex word: counts the takes (a giver waits here to see it taken) */
    int waiting;              /* threads waiting for the turn */
    int threads;              /* threads taking turns (started, not ended) */
    int holder_tid;           /* the holder's kernel tid, for its CPU clock */
    int64_t holder_cpu_ns;    /* its user CPU time when it took the turn */
    int64_t futex_since_ns;   /* since when waiters see the holder waiting in a futex (0: not) */
    int64_t held_since_ns;    /* when the holder took the turn (monotonic) */
    int64_t kept_yields;      /* sched_yields the holder passed keeping the turn (logged at the next take) */
    uint64_t locks;           /* locks taken through the wrappers, by any holder */
    uint64_t locks_at_yield;  /* O.locks at the holder's last sched_yield (one less after a take) */
    pthread_key_t end_key;    /* its destructor: the thread ends, the turn goes on */
} O;

static __thread uint64_t my_number;   /* 0: this thread does not take turns */

/*
 * Threads that have ended taking turns, by pthread_t, until they are joined or a new
 * thread has the descriptor. pthread_join waits for this, which comes at a fixed point in
 * the order of turns, and not for the kernel's end of the thread (its tid cleared a moment
 * later): looking at that, a join let the others run a varying number of times, and a
 * replay gave the turn where the recorded run had not (to a thread not created yet).
 */
enum { ENDED_THREADS = 64 };
static uint64_t ended[ENDED_THREADS];

static void note_ended(uint64_t handle)
{
    for (int i = 0; i < ENDED_THREADS; i++) {
        uint64_t free_entry = 0;
        if (__atomic_compare_exchange_n(&ended[i], &free_entry, handle, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return;
    }
}

static void forget_ended(uint64_t handle)
{
    for (int i = 0; i < ENDED_THREADS; i++) {
        uint64_t entry = handle;
        if (__atomic_load_n(&ended[i], __ATOMIC_SEQ_CST) == handle)
            __atomic_compare_exchange_n(&ended[i], &entry, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    }
}

static int has_ended(uint64_t handle)
{
    for (int i = 0; i < ENDED_THREADS; i++)
        if (__atomic_load_n(&ended[i], __ATOMIC_SEQ_CST) == handle) return 1;
    return 0;
}

static long raw(long nr, long a0, long a1, long a2, long a3, long a4, long a5)
{
    long a[6] = { a0, a1, a2, a3, a4, a5 };
    return fred_record_raw(nr, a);
}

static int raw_tid(void) { return (int)raw(SYS_gettid, 0, 0, 0, 0, 0, 0); }

/* A thread's user CPU time (the kernel's per-thread clock): what spinning costs, not stops. */
static int64_t user_cpu_ns(int tid)
{
    struct timespec t;
    clockid_t clock = (clockid_t)((~(unsigned)tid << 3) | 4 | 1);   /* per thread, user time */
    if (raw(SYS_clock_gettime, clock, (long)&t, 0, 0, 0, 0) < 0) return -1;
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static int64_t monotonic_ns(void)
{
    struct timespec t;
    raw(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&t, 0, 0, 0, 0);
    return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void wake_all(void)
{
    __atomic_add_fetch(&O.changes, 1, __ATOMIC_SEQ_CST);
    raw(SYS_futex, (long)&O.changes, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0, 0);
}

/* Recording, any waiter may take the turn: wake one (waking all, all but one go back to
 * sleep, a context switch each). Replaying, the one the log names must wake. */
static void wake_takers(void)
{
    __atomic_add_fetch(&O.changes, 1, __ATOMIC_SEQ_CST);
    int one = fred_record_order_mode() == FRED_ORDER_RECORD;
    raw(SYS_futex, (long)&O.changes, FUTEX_WAKE_PRIVATE, one ? 1 : INT_MAX, 0, 0, 0);
}

static void wait_word(uint32_t *word, uint32_t seen, long ns)
{
    struct timespec t = { 0, ns };
    raw(SYS_futex, (long)word, FUTEX_WAIT_PRIVATE, seen, (long)&t, 0, 0);
}

static void wait_change(uint32_t seen, long ns)
{
    wait_word(&O.changes, seen, ns);
}

static int taking_turns(void)
{
    return O.on && my_number && fred_record_order_mode() != FRED_ORDER_PASS;
}

/* The system call a thread is blocked in (/proc/self/task/TID/syscall), -1 if none. */
static long blocked_in(int tid)
{
    char path[64], text[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/syscall", tid);
    long fd = raw(SYS_open, (long)path, O_RDONLY | O_CLOEXEC, 0, 0, 0, 0);
    if (fd < 0) return -1;
    long n = raw(SYS_read, fd, (long)text, sizeof text - 1, 0, 0, 0);
    raw(SYS_close, fd, 0, 0, 0, 0, 0);
    if (n <= 0) return -1;
    text[n] = 0;
    return text[0] >= '0' && text[0] <= '9' ? strtol(text, NULL, 10) : -1;
}

/* The holder computes and computes, or waits in a futex for another thread (a barrier, a
 * read-write lock: waits the library does not see): the others would wait forever. Stop
 * taking turns. */
static void give_up_turns(int holder, int computing)
{
    char why[300];
    if (computing)
        snprintf(why, sizeof why, "thread %d computed for 1 s without reaching a point where fred can let another thread run "
                 "(a lock, a condition variable, a sleep...), so threads no longer take turns", holder);
    else
        snprintf(why, sizeof why, "thread %d waited 1 s for another thread in a way fred does not see (a barrier, a read-write "
                 "lock...), so threads no longer take turns", holder);
    fred_record_turn_impossible(holder, why);
    fred_record_stop(why);
    __atomic_store_n(&O.on, 0, __ATOMIC_SEQ_CST);
    wake_all();
}

/* May this thread take the free turn now? Recording: yes. Replaying: when the log says so.
 * Every take of a free turn is an entry, also by the thread that gave it (it may have
 * taken it back before another could: a replay must know). */
static int my_turn(enum fred_order_mode mode)
{
    return mode != FRED_ORDER_REPLAY || fred_record_next_turn() == (int64_t)my_number;
}

static void take_turn(void)
{
    if (!taking_turns()) return;
    int stuck = 0, counted = 0;
    for (;;) {
        uint32_t seen = __atomic_load_n(&O.changes, __ATOMIC_SEQ_CST);
        enum fred_order_mode mode = fred_record_order_mode();
        if (!O.on || mode == FRED_ORDER_PASS) break;
        if (__atomic_load_n(&O.holder, __ATOMIC_SEQ_CST) == 0 && my_turn(mode)) {
            int free_turn = 0;
            if (__atomic_compare_exchange_n(&O.holder, &free_turn, (int)my_number, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
                fred_record_turn((int64_t)my_number, O.kept_yields);
                O.kept_yields = 0;
                O.locks_at_yield = O.locks - 1;
                O.held_since_ns = monotonic_ns();
                O.holder_tid = raw_tid();
                O.futex_since_ns = 0;
                O.holder_cpu_ns = user_cpu_ns(O.holder_tid);
                fred_search_turn_taken();   /* the kernel's counters follow the thread that runs */
                /* a thread that gave the turn away waits to see it taken */
                __atomic_add_fetch(&O.takes, 1, __ATOMIC_SEQ_CST);
                raw(SYS_futex, (long)&O.takes, FUTEX_WAKE_PRIVATE, INT_MAX, 0, 0, 0);
                break;
            }
        }
        if (!counted) __atomic_add_fetch(&O.waiting, 1, __ATOMIC_SEQ_CST);
        counted = 1;
        wait_change(seen, WAIT_NS);
        if (__atomic_load_n(&O.changes, __ATOMIC_SEQ_CST) != seen) {
            stuck = 0;
            continue;
        }
        int holder = __atomic_load_n(&O.holder, __ATOMIC_SEQ_CST);
        if (holder) {
            int64_t now = user_cpu_ns(O.holder_tid);
            if (now >= 0 && O.holder_cpu_ns >= 0 && now - O.holder_cpu_ns > STARVING_CPU_NS) give_up_turns(holder, 1);
            else if (blocked_in(O.holder_tid) != SYS_futex) O.futex_since_ns = 0;
            else if (!O.futex_since_ns) O.futex_since_ns = monotonic_ns();
            else if (monotonic_ns() - O.futex_since_ns > STARVING_CPU_NS) give_up_turns(holder, 0);
        } else if (mode == FRED_ORDER_REPLAY && ++stuck >= STUCK_WAITS) {
            char why[200];
            snprintf(why, sizeof why, "gives the turn to thread %lld, which does not take it in this run",
                     (long long)fred_record_next_turn());
            fred_record_turn_impossible(fred_record_next_turn(), why);
            stuck = 0;
        }
    }
    if (counted) __atomic_sub_fetch(&O.waiting, 1, __ATOMIC_SEQ_CST);
}

static void give_turn(void)
{
    if (!my_number) return;
    int me = (int)my_number;
    if (__atomic_load_n(&O.holder, __ATOMIC_SEQ_CST) != me) return;
    fred_search_turn_leaving();
    if (!__atomic_compare_exchange_n(&O.holder, &me, 0, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) return;
    wake_takers();
}

static void nap(void)
{
    struct timespec t = { 0, 50000 };
    raw(SYS_nanosleep, (long)&t, 0, 0, 0, 0, 0);
}

/* Replaying: the recorded run gave the turn here when the next entry is a take by a thread
 * created by now. One not created yet was waiting for no turn: the recorded run found
 * nobody waiting and went on (its creator may be this very thread, further on). */
static int recorded_give(void)
{
    int64_t next = fred_record_next_turn();
    return next > 0 && (uint64_t)next <= fred_thread_numbers_last();
}

/*
 * Let another thread run (a lock that is held, a wait): recording, to one that waits for
 * the turn if any (else a short nap: the thread it waits for is in the kernel); replaying,
 * as the log says (recorded_give). 1 when the turn went to another thread (or back).
 */
static int let_others_run(void)
{
    if (!taking_turns()) return 0;
    if (fred_record_order_mode() == FRED_ORDER_REPLAY) {
        if (!recorded_give()) {
            nap();
            return 0;
        }
        give_turn();
        take_turn();
        return 1;
    }
    if (__atomic_load_n(&O.waiting, __ATOMIC_SEQ_CST) == 0) {
        nap();
        if (__atomic_load_n(&O.waiting, __ATOMIC_SEQ_CST) == 0) return 0;
    }
    uint32_t taken = __atomic_load_n(&O.takes, __ATOMIC_SEQ_CST);
    give_turn();
    /* until another thread took it (or a moment passed): else this one takes it right back */
    for (int i = 0; i < 20 && __atomic_load_n(&O.holder, __ATOMIC_SEQ_CST) == 0; i++) {
        wait_word(&O.takes, taken, 1000000);
        taken = __atomic_load_n(&O.takes, __ATOMIC_SEQ_CST);
    }
    take_turn();
    return 1;
}

int fred_thread_order_others(void)
{
    return taking_turns() && __atomic_load_n(&O.threads, __ATOMIC_SEQ_CST) > 1 &&
           __atomic_load_n(&O.holder, __ATOMIC_SEQ_CST) == (int)my_number;
}

int fred_thread_order_let_others_run(void)
{
    return let_others_run();
}

int fred_thread_order_holder(void)
{
    if (!O.on || fred_record_order_mode() == FRED_ORDER_PASS) return -1;
    int holder = __atomic_load_n(&O.holder, __ATOMIC_SEQ_CST);
    return holder == 0 ? 0 : my_number && holder == (int)my_number ? 1 : 2;
}

/* ---- the life of a thread ---- */

static void thread_ends(void *unused)
{
    (void)unused;
    note_ended((uint64_t)pthread_self());   /* before the turn goes: a joiner takes it next */
    give_turn();
    if (my_number) __atomic_sub_fetch(&O.threads, 1, __ATOMIC_SEQ_CST);
    my_number = 0;   /* the rest of its end (other destructors) runs without turns */
}

static void child_of_fork(void)
{
    O.on = 0;   /* another program now (the record log detaches too) */
}

void fred_thread_order_init(void)
{
    const char *setting = getenv("FRED_THREAD_ORDER");
    if (!fred_record_active() || (setting && strcmp(setting, "0") == 0)) return;
    if (pthread_key_create(&O.end_key, thread_ends) != 0) return;
    pthread_atfork(NULL, NULL, child_of_fork);
    my_number = 1;
    /* the first thread may end before the others (pthread_exit in main): the turn goes on */
    pthread_setspecific(O.end_key, (void *)1);
    O.holder = 1;
    O.threads = 1;
    O.holder_tid = raw_tid();
    O.holder_cpu_ns = user_cpu_ns(O.holder_tid);
    O.held_since_ns = monotonic_ns();
    O.on = 1;
}

void fred_thread_order_created(uint64_t handle)
{
    forget_ended(handle);
}

void fred_thread_order_started(uint64_t number)
{
    if (!O.on) return;
    my_number = number;
    __atomic_add_fetch(&O.threads, 1, __ATOMIC_SEQ_CST);
    pthread_setspecific(O.end_key, (void *)1);
    take_turn();
}

/* ---- where a thread may give the turn away ---- */

static void *next_function(const char *name)
{
    return dlsym(RTLD_NEXT, name);
}

/* The C library's own function of that name (declared by its header). */
#define LIBC(name) \
    static __typeof__(&name) libc_##name; \
    if (!libc_##name) libc_##name = (__typeof__(&name))next_function(#name)

/* The mutex's owner is this thread: a relock must fail or block as libc decides. */
static int owned_by_me(pthread_mutex_t *m)
{
    int me = fred_threads_own_tid();
    return me && m->__data.__owner == me;
}

EXPORT int pthread_mutex_lock(pthread_mutex_t *m)
{
    LIBC(pthread_mutex_trylock);
    LIBC(pthread_mutex_lock);
    if (!taking_turns()) return libc_pthread_mutex_lock(m);
    O.locks++;
    for (;;) {
        int rc = libc_pthread_mutex_trylock(m);
        if (rc != EBUSY) return rc;
        if (owned_by_me(m)) return libc_pthread_mutex_lock(m);
        let_others_run();
        if (!taking_turns()) return libc_pthread_mutex_lock(m);
    }
}

/* Locks with a try form: try, and let the others run until it succeeds. */
#define TRY_UNTIL_TAKEN(try_call, blocking_call) \
    do { \
        if (!taking_turns()) return blocking_call; \
        O.locks++; \
        for (;;) { \
            int rc = try_call; \
            if (rc != EBUSY) return rc; \
            let_others_run(); \
            if (!taking_turns()) return blocking_call; \
        } \
    } while (0)

EXPORT int pthread_rwlock_rdlock(pthread_rwlock_t *l)
{
    LIBC(pthread_rwlock_rdlock);
    LIBC(pthread_rwlock_tryrdlock);
    TRY_UNTIL_TAKEN(libc_pthread_rwlock_tryrdlock(l), libc_pthread_rwlock_rdlock(l));
}

EXPORT int pthread_rwlock_wrlock(pthread_rwlock_t *l)
{
    LIBC(pthread_rwlock_wrlock);
    LIBC(pthread_rwlock_trywrlock);
    TRY_UNTIL_TAKEN(libc_pthread_rwlock_trywrlock(l), libc_pthread_rwlock_wrlock(l));
}

/* A wait that ends by itself: POSIX lets a condition variable wake a waiter spuriously, so
 * waiting is letting the others run once; the program's loop checks its condition again. */
static int wait_for_condition(pthread_mutex_t *m, clockid_t clock, const struct timespec *until)
{
    LIBC(pthread_mutex_unlock);
    libc_pthread_mutex_unlock(m);
    let_others_run();
    int rc = pthread_mutex_lock(m);
    if (rc != 0 || !until) return rc;
    struct timespec now;
    clock_gettime(clock, &now);   /* recorded: a replay times out where the recorded run did */
    return now.tv_sec > until->tv_sec || (now.tv_sec == until->tv_sec && now.tv_nsec >= until->tv_nsec) ? ETIMEDOUT : 0;
}

/* glibc keeps the clock chosen by pthread_condattr_setclock in the low bit of __wrefs. */
static clockid_t clock_of(const pthread_cond_t *c)
{
    return (c->__data.__wrefs & 1) ? CLOCK_MONOTONIC : CLOCK_REALTIME;
}

EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    LIBC(pthread_cond_wait);
    if (!taking_turns()) return libc_pthread_cond_wait(c, m);
    return wait_for_condition(m, CLOCK_REALTIME, NULL);
}

EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *until)
{
    LIBC(pthread_cond_timedwait);
    if (!taking_turns()) return libc_pthread_cond_timedwait(c, m, until);
    return wait_for_condition(m, clock_of(c), until);
}

EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock, const struct timespec *until)
{
    LIBC(pthread_cond_clockwait);
    if (!taking_turns()) return libc_pthread_cond_clockwait(c, m, clock, until);
    return wait_for_condition(m, clock, until);
}

EXPORT int pthread_join(pthread_t thread, void **result)
{
    LIBC(pthread_join);
    /* until it has ended taking turns (a thread that took none: until the kernel cleared its tid) */
    while (taking_turns() && thread != pthread_self() && !has_ended((uint64_t)thread) && fred_threads_tid_of((const void *)thread) != 0)
        let_others_run();
    int rc = libc_pthread_join(thread, result);
    if (rc == 0) forget_ended((uint64_t)thread);
    return rc;
}

/*
 * sched_yield is a hint: the holder hands the turn over only when someone waits and it
 * either spins (two yields with no lock taken between: it waits for another thread) or has
 * held the turn YIELD_QUANTUM_NS; else it keeps the turn and counts the yield. A replay
 * hands it over at the yield the log's next take names by that count, so it gives where
 * the recorded run gave, whatever the clock says now.
 */
static void yield_turn(void)
{
    if (!taking_turns() || __atomic_load_n(&O.holder, __ATOMIC_SEQ_CST) != (int)my_number) return;
    int give;
    if (fred_record_order_mode() == FRED_ORDER_REPLAY) {
        give = recorded_give() && fred_record_next_turn_yields() <= O.kept_yields;
    } else {
        int spinning = O.locks == O.locks_at_yield;
        O.locks_at_yield = O.locks;
        give = __atomic_load_n(&O.waiting, __ATOMIC_SEQ_CST) > 0 &&
               (spinning || monotonic_ns() - O.held_since_ns >= YIELD_QUANTUM_NS);
    }
    if (!give || !let_others_run()) O.kept_yields++;
}

EXPORT int sched_yield(void)
{
    yield_turn();
    return (int)raw(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
}

static int semaphore_wait(sem_t *s, clockid_t clock, const struct timespec *until)
{
    LIBC(sem_trywait);
    for (;;) {
        if (libc_sem_trywait(s) == 0) return 0;
        if (errno != EAGAIN) return -1;
        if (until) {
            struct timespec now;
            clock_gettime(clock, &now);   /* recorded */
            if (now.tv_sec > until->tv_sec || (now.tv_sec == until->tv_sec && now.tv_nsec >= until->tv_nsec)) {
                errno = ETIMEDOUT;
                return -1;
            }
        }
        let_others_run();
        if (!taking_turns()) return 1;   /* wait as libc does */
    }
}

EXPORT int sem_wait(sem_t *s)
{
    LIBC(sem_wait);
    int rc = taking_turns() ? semaphore_wait(s, CLOCK_REALTIME, NULL) : 1;
    return rc == 1 ? libc_sem_wait(s) : rc;
}

EXPORT int sem_timedwait(sem_t *s, const struct timespec *until)
{
    LIBC(sem_timedwait);
    int rc = taking_turns() ? semaphore_wait(s, CLOCK_REALTIME, until) : 1;
    return rc == 1 ? libc_sem_timedwait(s, until) : rc;
}

EXPORT int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *until)
{
    LIBC(sem_clockwait);
    int rc = taking_turns() ? semaphore_wait(s, clock, until) : 1;
    return rc == 1 ? libc_sem_clockwait(s, clock, until) : rc;
}

/* A sleep: the others run meanwhile; the turn is taken back in the recorded order. */
#define SLEEPING(call) \
    do { \
        uint64_t outer = fred_record_call_begin(); \
        int turns = taking_turns(); \
        if (turns) give_turn(); \
        __typeof__(call) slept = call; \
        int saved = errno; \
        fred_record_call_end(outer); \
        if (turns) take_turn(); \
        errno = saved; \
        return slept; \
    } while (0)

EXPORT int nanosleep(const struct timespec *t, struct timespec *left)
{
    LIBC(nanosleep);
    SLEEPING(libc_nanosleep(t, left));
}

EXPORT int clock_nanosleep(clockid_t clock, int flags, const struct timespec *t, struct timespec *left)
{
    LIBC(clock_nanosleep);
    SLEEPING(libc_clock_nanosleep(clock, flags, t, left));
}

EXPORT int usleep(useconds_t us)
{
    LIBC(usleep);
    SLEEPING(libc_usleep(us));
}

EXPORT unsigned int sleep(unsigned int seconds)
{
    LIBC(sleep);
    SLEEPING(libc_sleep(seconds));
}
