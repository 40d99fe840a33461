/* fred_ptrace.c - see fred_ptrace.h. */
#define _GNU_SOURCE
#include "fred_ptrace.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

int fred_tracee_open_memory(struct fred_tracee *t, struct fred_error *err)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", t->pid);
    if (t->mem_fd >= 0) close(t->mem_fd);
    t->mem_fd = open(path, O_RDWR | O_CLOEXEC);
    if (t->mem_fd < 0) {
        fred_error_set(err, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

void fred_tracee_close(struct fred_tracee *t)
{
    if (t->mem_fd >= 0) close(t->mem_fd);
    t->mem_fd = -1;
}

int fred_get_regs(const struct fred_tracee *t, struct user_regs_struct *regs)
{
    return ptrace(PTRACE_GETREGS, t->pid, NULL, regs) < 0 ? -1 : 0;
}

int fred_set_regs(const struct fred_tracee *t, const struct user_regs_struct *regs)
{
    return ptrace(PTRACE_SETREGS, t->pid, NULL, regs) < 0 ? -1 : 0;
}

long fred_get_xstate(const struct fred_tracee *t, void *buf, size_t cap)
{
    struct iovec iov = { buf, cap };
    if (ptrace(PTRACE_GETREGSET, t->pid, (void *)NT_X86_XSTATE, &iov) < 0) return -1;
    return (long)iov.iov_len;
}

int fred_set_xstate(const struct fred_tracee *t, const void *buf, size_t len)
{
    struct iovec iov = { (void *)buf, len };
    return ptrace(PTRACE_SETREGSET, t->pid, (void *)NT_X86_XSTATE, &iov) < 0 ? -1 : 0;
}

int fred_read_memory(const struct fred_tracee *t, uint64_t addr, void *buf, size_t len)
{
    return fred_pread_all(t->mem_fd, buf, len, addr);
}

int fred_write_memory(const struct fred_tracee *t, uint64_t addr, const void *buf, size_t len)
{
    return fred_pwrite_all(t->mem_fd, buf, len, addr);
}

int fred_wait_tracee(const struct fred_tracee *t, int *status)
{
    for (;;) {
        int r = waitpid(t->pid, status, __WALL);
        if (r == t->pid) return *status;
        if (r < 0 && errno != EINTR) return -1;
    }
}

/* Run the tracee until the trap after the injected call; other signals are kept for later. */
static int run_to_trap(struct fred_tracee *t, struct fred_error *err)
{
    if (ptrace(PTRACE_CONT, t->pid, NULL, NULL) < 0) {
        fred_error_set(err, "cannot resume process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    for (;;) {
        int status;
        if (fred_wait_tracee(t, &status) < 0 || !WIFSTOPPED(status)) {
            fred_error_set(err, "process %d ended while fred was working on it", t->pid);
            return -1;
        }
        int sig = WSTOPSIG(status), event = status >> 16;
        if (sig == SIGTRAP && event == 0) return 0;
        if (event == 0 && sig > 0 && sig <= 64) t->deferred |= 1ull << (sig - 1);
        if (ptrace(PTRACE_CONT, t->pid, NULL, NULL) < 0) {
            fred_error_set(err, "cannot resume process %d: %s", t->pid, strerror(errno));
            return -1;
        }
    }
}

int fred_inject_syscall(struct fred_tracee *t, const struct user_regs_struct *regs, long nr, const long args[6], long *result,
                        struct fred_error *err)
{
    static const unsigned char code[3] = { 0x0f, 0x05, 0xcc };   /* syscall; int3 */
    unsigned char saved[sizeof code];
    uint64_t at = regs->rip;
    if (fred_read_memory(t, at, saved, sizeof saved) < 0 || fred_write_memory(t, at, code, sizeof code) < 0) {
        fred_error_set(err, "cannot write to the code of process %d at %llx: %s", t->pid, (unsigned long long)at, strerror(errno));
        return -1;
    }
    struct user_regs_struct call = *regs;
    call.rax = (uint64_t)nr;
    call.orig_rax = (uint64_t)-1;          /* not inside a system call: no restart on resume */
    call.rdi = (uint64_t)args[0]; call.rsi = (uint64_t)args[1]; call.rdx = (uint64_t)args[2];
    call.r10 = (uint64_t)args[3]; call.r8 = (uint64_t)args[4]; call.r9 = (uint64_t)args[5];
    int rc = -1;
    if (fred_set_regs(t, &call) < 0) {
        fred_error_set(err, "cannot set the registers of process %d: %s", t->pid, strerror(errno));
        goto restore;
    }
    if (run_to_trap(t, err) < 0) return -1;
    struct user_regs_struct after;
    if (fred_get_regs(t, &after) < 0) {
        fred_error_set(err, "cannot read the registers of process %d: %s", t->pid, strerror(errno));
        goto restore;
    }
    *result = (long)after.rax;
    rc = 0;
restore:
    if (fred_write_memory(t, at, saved, sizeof saved) < 0 || fred_set_regs(t, regs) < 0) {
        fred_error_set(err, "cannot put back the state of process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    return rc;
}

int fred_run_to_entry(struct fred_tracee *t, struct fred_error *err)
{
    struct user_regs_struct regs;
    unsigned char saved, trap = 0xcc;
    if (fred_get_regs(t, &regs) < 0 || fred_read_memory(t, regs.rip, &saved, 1) < 0 || fred_write_memory(t, regs.rip, &trap, 1) < 0) {
        fred_error_set(err, "cannot set a breakpoint in process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    if (run_to_trap(t, err) < 0) return -1;
    if (fred_write_memory(t, regs.rip, &saved, 1) < 0) {
        fred_error_set(err, "cannot remove the breakpoint in process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    regs.rax = 0;
    regs.orig_rax = (uint64_t)-1;
    if (fred_set_regs(t, &regs) < 0) {
        fred_error_set(err, "cannot set the registers of process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    return 0;
}

void fred_redeliver_deferred(struct fred_tracee *t)
{
    for (int sig = 1; sig <= 64; sig++)
        if (t->deferred & (1ull << (sig - 1))) kill(t->pid, sig);
    t->deferred = 0;
}
