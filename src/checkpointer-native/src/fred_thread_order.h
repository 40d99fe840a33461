/*
 * fred_thread_order.h - threads take turns, so that a replay runs them in the recorded order.
 *
 * Without counters of instructions fred cannot stop a thread at the point where the
 * scheduler switched threads. So, while the record log is on (fred_record.h), only one
 * thread of the program runs at a time: it holds the turn. It gives the turn away only at
 * points the library sees: taking a mutex that is held, waiting on a condition variable or
 * a semaphore, pthread_join of a running thread, sched_yield (only when the holder spins
 * or has held the turn a while, and someone waits: a hand-over costs a context switch), a
 * sleep, the end of the thread. Which thread takes the turn next is written to the log (a
 * FRED_CALL_TURN entry, only when it changes hands, with the count of sched_yields the
 * turn was kept over), and a replay gives the turn in that order, at those yields. With one thread
 * running at a time and the order of turns fixed, the threads' calls, their accesses to
 * shared memory and so their results are those of the recorded run, racy or not.
 *
 * A thread that computes for long without such a point keeps the others waiting: when it
 * has used 1 s of CPU time while others wait, threads stop taking turns and the log stops
 * recording (said as unrecorded: going back past it may go another way, and the stop check
 * and the log's own check say so when it does). Programs whose threads are not pthreads,
 * or that block in a system call the library does not see while another thread must run
 * first (a pipe between two of its threads read through stdio), are in the same case or hang
 * until that timer.
 *
 * FRED_THREAD_ORDER=0 in the environment turns this off (threads run as the kernel pleases).
 */
#ifndef FRED_THREAD_ORDER_H
#define FRED_THREAD_ORDER_H

#include <stdint.h>

/* At load, after the record log: turns are taken when it records. */
void fred_thread_order_init(void);
/* Its creator, once pthread_create made it: a descriptor of an ended detached thread may be
 * reused, and a join must wait for the new thread's end, not take the old one's. */
void fred_thread_order_created(uint64_t handle);
/* A new thread (numbered `number`), before it runs the program's function: waits for its turn. */
void fred_thread_order_started(uint64_t number);
/* Whether this thread takes turns with others (a read that would block must let them run). */
int fred_thread_order_others(void);
/* Let another thread run, as at a lock that is held (the record log's reads that would block).
 * 1 when the turn went to another thread, 0 when this one went on (nobody waited; replaying: the recorded run did not give it here). */
int fred_thread_order_let_others_run(void);
/* Who holds the turn, seen from this thread: -1 threads do not take turns, 0 nobody, 1 this thread, 2 another. */
int fred_thread_order_holder(void);

#endif
