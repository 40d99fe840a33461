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
 * Both stop the program with FRED_SIGNAL_STOP, which the debugger is told to stop on and
 * not to pass; the series uses FRED_SIGNAL_SERIES, passed silently (include/fred_control.h).
 */
#ifndef FRED_SEARCH_H
#define FRED_SEARCH_H

#include "fred_control_files.h"

/* Install the series signal's handler and ignore the stop signal (outside a debugger). */
void fred_search_init(void);

/* Forget any series or counted stop armed earlier (before a snapshot or a new request). */
void fred_search_reset(void);

/* Arm what a series, hits, count or countread request asks for (count: count executions
 * of each address until countread answers their numbers and ends them) and answer pid's
 * requester; 0 when req is none of these. */
int fred_search_request(const struct fred_request *req, int pid);

#endif
