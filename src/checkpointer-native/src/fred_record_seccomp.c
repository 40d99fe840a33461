/*
 * fred_record_seccomp.c - system calls the program makes without calling libc's exported
 * functions (stdio reading its buffers, other calls inside libc, inline `syscall` in the
 * program's own code) reach the record/replay log through a seccomp filter: the listed
 * calls, made from libc's code or the program's, raise SIGSYS instead of running, and the
 * handler answers them as fred_record_syscall() does. fred's own raw system call (in this
 * library) and every other library are let through. Unprivileged: the filter needs
 * no_new_privs, so set-user-ID programs started by the recorded one do not gain privileges.
 *
 * The filter stays for life and is inherited by children, even across execve. Ranges are
 * checked by address, so a child that runs another program is caught only where its code
 * happens to sit at the same addresses; a child that keeps the library (LD_PRELOAD) gets
 * the pass-through handler (FRED_RECORD_INH) for that case.
 */
#define _GNU_SOURCE
#include "fred_record.h"
#include "fred_record_calls.h"
#include "fred_util.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

static const int caught_calls[] = {
    SYS_read, SYS_pread64, SYS_readv, SYS_preadv, SYS_preadv2, SYS_recvfrom, SYS_recvmsg,
    SYS_getrandom, SYS_poll, SYS_ppoll, SYS_select, SYS_pselect6, SYS_epoll_wait, SYS_epoll_pwait,
    SYS_clock_gettime, SYS_gettimeofday, SYS_time, SYS_times,
};
enum { N_CAUGHT = sizeof caught_calls / sizeof caught_calls[0], MAX_RANGES = 4 };

struct code_range { unsigned long start, end; };

/* libc's code and the program's own: the places calls are caught from. */
static int code_ranges(struct code_range *out, int max)
{
    static char maps[64 << 10];
    ssize_t n = fred_read_file("/proc/self/maps", maps, sizeof maps - 1);
    if (n <= 0) return -1;
    maps[n] = 0;
    char exe[1024];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[len > 0 ? len : 0] = 0;
    int count = 0;
    for (char *line = maps; line && *line && count < max;) {
        char *next = strchr(line, '\n');
        if (next) *next++ = 0;
        unsigned long start, end;
        char perms[8], path[1024] = "";
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %1023s", &start, &end, perms, path) >= 3 && perms[2] == 'x') {
            const char *base = strrchr(path, '/');
            base = base ? base + 1 : path;
            if (strncmp(base, "libc.so", 7) == 0 || strncmp(base, "libc-", 5) == 0 || (exe[0] && strcmp(path, exe) == 0)) {
                out[count].start = start;
                out[count].end = end;
                count++;
            }
        }
        line = next;
    }
    return count;
}

#define LOAD(off) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JGE(k, t, f) BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, (k), (t), (f))
#define RET(v) BPF_STMT(BPF_RET | BPF_K, (v))

static void on_sigsys(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    ucontext_t *uc = context;
    greg_t *g = uc->uc_mcontext.gregs;
    int saved = errno;
    long a[6] = { g[REG_RDI], g[REG_RSI], g[REG_RDX], g[REG_R10], g[REG_R8], g[REG_R9] };
    g[REG_RAX] = fred_record_syscall(info->si_syscall, a);
    errno = saved;
}

static void install_handler(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&sa.sa_mask);   /* fred's checkpoint signal may come while a caught read blocks */
    fred_record_install_sigsys(&sa);
}

void fred_record_seccomp_passthrough(void)
{
    install_handler();
}

/* One block per range: the high halves equal and start <= low half < end: trap. */
static int range_check(struct sock_filter *p, const struct code_range *r)
{
    int k = 0;
    p[k++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, instruction_pointer) + 4);
    p[k++] = (struct sock_filter)JEQ((unsigned)(r->start >> 32), 0, 4);
    p[k++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, instruction_pointer));
    p[k++] = (struct sock_filter)JGE((unsigned)r->start, 0, 2);
    p[k++] = (struct sock_filter)JGE((unsigned)r->end, 1, 0);
    p[k++] = (struct sock_filter)RET(SECCOMP_RET_TRAP);
    return k;
}

int fred_record_seccomp_install(void)
{
    struct code_range ranges[MAX_RANGES];
    int n = code_ranges(ranges, MAX_RANGES);
    if (n <= 0) return -1;
    for (int i = 0; i < n; i++)   /* the filter compares 32-bit halves */
        if ((ranges[i].start >> 32) != ((ranges[i].end - 1) >> 32)) return -1;

    struct sock_filter prog[6 + N_CAUGHT + MAX_RANGES * 6];
    int k = 0;
    prog[k++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, arch));
    prog[k++] = (struct sock_filter)JEQ(AUDIT_ARCH_X86_64, 1, 0);
    prog[k++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
    prog[k++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, nr));
    for (int i = 0; i < N_CAUGHT; i++)   /* a caught call jumps past the list and its ALLOW */
        prog[k++] = (struct sock_filter)JEQ((unsigned)caught_calls[i], (unsigned char)(N_CAUGHT - i), 0);
    prog[k++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);
    for (int i = 0; i < n; i++) k += range_check(prog + k, &ranges[i]);
    prog[k++] = (struct sock_filter)RET(SECCOMP_RET_ALLOW);

    install_handler();
    struct sock_fprog fprog = { (unsigned short)k, prog };
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) return -1;
    return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0 ? -1 : 0;
}
