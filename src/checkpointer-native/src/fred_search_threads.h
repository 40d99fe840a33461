/*
 * fred_search_threads.h - fred_search.c's kernel events in a program whose threads take
 * turns (fred_thread_order.h). A perf event counts the one thread it was opened for, so
 * each thread gets its own, opened when it takes the turn (or, for the thread holding the
 * turn when fred arms them, by the arming thread). Only the holder of the turn runs:
 *   a budget (a counted stop, the spacing of a series: executions of an address or ns of
 *     CPU time) is what is left of it; the holder's event signals when its part runs out,
 *     and what it used is taken off when it gives the turn away, so the signal comes at
 *     the same execution, in the same thread, in every replay of the recorded order;
 *   counters are summed over the threads when read.
 * Everything runs in the holder (hooks) or in the checkpoint handler while the program is
 * stopped; system calls go through fred_record_raw (the record log's filter lets them by).
 */
#ifndef FRED_SEARCH_THREADS_H
#define FRED_SEARCH_THREADS_H

#include <linux/perf_event.h>
#include <stdint.h>

/* Whether threads take turns: fred_search.c uses these functions then. */
int fred_search_threads_on(void);

/* Arm a budget of `budget` units of `attr`'s event, signalling `sig` where it runs out. -1: errno. */
int fred_search_threads_arm(const struct perf_event_attr *attr, int sig, uint64_t budget);
/* The series signal came: close every budget event (none in the snapshot). */
void fred_search_threads_pause(void);
/* After its snapshot: `budget` more, counted in this thread (which holds the turn) from here. */
int fred_search_threads_refill(uint64_t budget);
/* Disarm the budget and close its events. */
void fred_search_threads_end(void);

/* Count executions of each of addrs[0..n) (n <= 4) in every thread. -1: errno. */
int fred_search_threads_count(const unsigned long *addrs, int n);
/* The sums so far, then the counters end; -1 if none were armed. */
int fred_search_threads_read(uint64_t *sums, int n);

/* Hooks of fred_thread_order.c: this thread took the turn / is about to give it. */
void fred_search_turn_taken(void);
void fred_search_turn_leaving(void);

#endif
