/*
 * fred_search.h - two ways for fred-reverse-watch to stop a program deep inside a long
 * `continue` without single-stepping it (fred_search.c):
 *   a series: while the program runs at full speed, it takes a snapshot every
 *     DELTA ns of its own CPU time, or just before every EVERY-th execution of ADDR, up
 *     to MAX, then the program stops;
 *   a counted stop: the program stops just before it executes ADDR for the COUNT-th time
 *     (a hardware breakpoint counted by the kernel: deterministic, so it can be replayed);
 *   counters: how many times each of a few addresses ran during a replayed command
 *     (reverse-continue to breakpoints set after the program passed them).
 * Both stop the program with FRED_STOP_SIGNAL, which the debugger is told to stop on and
 * not to pass; the series uses FRED_SERIES_SIGNAL, passed silently.
 */
#ifndef FRED_SEARCH_H
#define FRED_SEARCH_H

#include <signal.h>

#define FRED_SERIES_SIGNAL 41
#define FRED_STOP_SIGNAL 40

/* Install the series signal's handler and ignore the stop signal (outside a debugger). */
void fred_search_init(void);

/* Forget any series or counted stop armed earlier (before a snapshot or a new request). */
void fred_search_reset(void);

/* "series FIRST_ID DELTA_NS MAX" (DELTA_NS of the program's own running time),
 * "hitseries FIRST_ID ADDR EVERY MAX", "hits ADDR COUNT", "count ADDR..." (up to 4: count
 * executions of each until "countread" answers "ok counts N..." and ends them); 0 when
 * text is none. */
int fred_search_request(const char *text, int pid);

#endif
