/*
 * fred_parallel.h - split a checkpoint writer's work between CPUs. The helpers are
 * processes that share the writer's memory and descriptors (clone with CLONE_VM), so
 * they see its page tables as they are: a forked process would pay again for the first
 * touch of every page. They share the writer's TLS too, so code run in a helper must
 * not depend on errno: it uses the raw system calls below, which return -errno.
 */
#ifndef FRED_PARALLEL_H
#define FRED_PARALLEL_H

#include <stddef.h>
#include <stdint.h>

#define FRED_MAX_WORKERS 4

/* How many workers to use for `bytes` of work: 1 below a few MiB, else one per CPU (max 4). */
int fred_worker_count(uint64_t bytes);

/*
 * Calls fn(arg, k) for k = 0..workers-1: k = 0 in the caller, the others in helpers.
 * Returns 0 if every call returned 0, otherwise the first non-zero result. If a helper
 * cannot be started, the caller does its share itself.
 */
int fred_run_parallel(int (*fn)(void *arg, int worker), void *arg, int workers);

long fred_raw_syscall(long number, long a, long b, long c, long d);

#endif
