/*
 * fred_ptrace.h - the few ptrace operations a supervisor needs on the one thread of a
 * process it traces (PTRACE_SEIZE): registers, the XSAVE area, the signal mask, and
 * system calls run inside the tracee ("injected": a syscall instruction and a trap are
 * written at its current instruction, run, and the bytes and registers put back).
 * Used by fred-exec's supervisor for statically linked programs.
 */
#ifndef FRED_PTRACE_H
#define FRED_PTRACE_H

#include <stdint.h>
#include <sys/user.h>

#include "fred_util.h"

#define FRED_XSAVE_MAX 16384

struct fred_tracee {
    int pid;
    int mem_fd;                 /* /proc/PID/mem, read-write; reopened after exec */
    uint64_t deferred;          /* signals that arrived while a call was injected (bit sig-1) */
};

/* Open (again, after an exec) /proc/PID/mem; -1 with err. */
int fred_tracee_open_memory(struct fred_tracee *t, struct fred_error *err);
void fred_tracee_close(struct fred_tracee *t);

int fred_get_regs(const struct fred_tracee *t, struct user_regs_struct *regs);
int fred_set_regs(const struct fred_tracee *t, const struct user_regs_struct *regs);
/* The XSAVE area into buf (cap bytes); returns its size or -1. */
long fred_get_xstate(const struct fred_tracee *t, void *buf, size_t cap);
int fred_set_xstate(const struct fred_tracee *t, const void *buf, size_t len);

int fred_read_memory(const struct fred_tracee *t, uint64_t addr, void *buf, size_t len);
int fred_write_memory(const struct fred_tracee *t, uint64_t addr, const void *buf, size_t len);

/*
 * Run system call nr with args in the stopped tracee, at the instruction regs->rip;
 * regs are the tracee's registers now, put back afterwards. Returns 0 with the
 * call's result in *result (-errno on failure), or -1 with err if the tracee could not
 * run it (it died, say).
 */
int fred_inject_syscall(struct fred_tracee *t, const struct user_regs_struct *regs, long nr, const long args[6], long *result,
                        struct fred_error *err);

/*
 * At the PTRACE_EVENT_EXEC stop the tracee is still inside execve, which sets rax when
 * it returns: run it to a breakpoint at its first instruction, where calls can be
 * injected and registers set. -1 with err.
 */
int fred_run_to_entry(struct fred_tracee *t, struct fred_error *err);

/* Wait for the tracee's next stop; returns the wait status, or -1. */
int fred_wait_tracee(const struct fred_tracee *t, int *status);

/* Send the signals deferred by injected calls to the tracee again. */
void fred_redeliver_deferred(struct fred_tracee *t);

#endif
