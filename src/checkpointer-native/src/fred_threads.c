/* fred_threads.c - see fred_threads.h. Runs in signal handlers: no malloc, no locks, no stdio streams. */
#define _GNU_SOURCE
#include "fred_threads.h"
#include "fred_library.h"
#include "fred_thread_handover.h"

#include <asm/prctl.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define STOP_MAGIC 0xf4edull          /* high half of the queued signal's value: "stop here" */
#define STOP_TIMEOUT_NS (3000000000ull)
#define RECREATE_TIMEOUT_NS (5000000000ull)

enum { IDLE = 0, STOPPING = 1 };

struct thread_slot {
    int32_t tid;              /* as the program knows it */
    int32_t real_tid;         /* the kernel's, when it stopped */
    int32_t now_tid;          /* the kernel's, once cloned again */
    int32_t foreign;          /* not a pthread: its TLS is another thread's */
    int32_t first;            /* the process's first thread (its tid was the pid): main, usually */
    uint64_t fs_base;
    uint64_t robust_head, robust_len;
    char name[16];            /* its name (comm), which gdb shows: the kernel's, not in memory */
    struct fred_resume_context resume;
};

/* A thread blocked in a system call, seen from /proc before it was asked to stop. */
struct blocked_call {
    int32_t real_tid, nr;
    uint64_t pc;              /* after the syscall instruction */
};

/* Lives in the library's memory: part of every image and snapshot. */
static struct {
    int phase;                /* futex word: STOPPING while the others must wait */
    uint32_t generation;
    int signaled, claimed;
    int arrived;              /* futex word */
    int restored;             /* futex word */
    int tid_offset;           /* of the tid in glibc's struct pthread; -1: unknown */
    int32_t leader_tid;       /* as the program knows it */
    uint64_t leader_fs_base, leader_robust_head, leader_robust_len;
    char leader_name[16];
    int leader_reran;         /* the leader's interrupted wait was set to run again */
    int call_count;
    struct blocked_call calls[FRED_MAX_THREADS];
    struct thread_slot slots[FRED_MAX_THREADS];
    int renamed_count;        /* after a restart: kernel tid -> the program's */
    int32_t renamed_real[FRED_MAX_THREADS + 1], renamed_tid[FRED_MAX_THREADS + 1];
} T = { .tid_offset = -1 };

/* clone(flags, stack, ptid, ctid, tls) whose child jumps to a resume point with rax = 1 */
long fred_clone_into(unsigned long flags, uint64_t stack, int *ptid, int *ctid, uint64_t tls, const struct fred_resume_context *at)
    __attribute__((visibility("hidden")));
__asm__(".text\n"
        ".globl fred_clone_into\n"
        ".hidden fred_clone_into\n"
        ".type fred_clone_into,@function\n"
        "fred_clone_into:\n"
        "    mov %rcx, %r10\n"
        "    mov $56, %eax\n"          /* SYS_clone; r9 (at) survives in both */
        "    syscall\n"
        "    test %rax, %rax\n"
        "    jz 1f\n"
        "    ret\n"
        "1:  mov 16(%r9), %rbx\n"
        "    mov 24(%r9), %rbp\n"
        "    mov 32(%r9), %r12\n"
        "    mov 40(%r9), %r13\n"
        "    mov 48(%r9), %r14\n"
        "    mov 56(%r9), %r15\n"
        "    mov 0(%r9), %rsp\n"
        "    mov $1, %eax\n"
        "    jmp *8(%r9)\n"
        ".size fred_clone_into, .-fred_clone_into\n");

static int raw_tid(void) { return (int)syscall(SYS_gettid); }

static uint64_t fs_base_now(void)
{
    uint64_t fs = 0;
    syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
    return fs;
}

static void futex_wait(int *word, int value, long timeout_ns)
{
    struct timespec t = { timeout_ns / 1000000000, timeout_ns % 1000000000 };
    syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, timeout_ns ? &t : NULL, NULL, 0);
}

static void futex_wake_all(int *word) { syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0); }

static void say(const char *text) { fred_write_all(2, text, strlen(text)); }

void fred_threads_init(void)
{
    /* libthread_db's description of the field: { bits, count, offset } */
    const uint32_t *desc = dlsym(RTLD_DEFAULT, "_thread_db_pthread_tid");
    uint64_t fs = fs_base_now();
    if (desc && desc[0] == 32 && desc[2] < 4096 && fs && *(const int32_t *)(fs + desc[2]) == raw_tid())
        T.tid_offset = (int)desc[2];
}

int fred_threads_original_tid(int real_tid)
{
    for (int i = 0; i < T.renamed_count; i++)
        if (T.renamed_real[i] == real_tid) return T.renamed_tid[i];
    return 0;
}

static int program_tid(int real_tid)
{
    int tid = fred_threads_original_tid(real_tid);
    return tid ? tid : real_tid;
}

/* glibc's cached tid of the thread whose TLS starts at fs_base; 0 if unknown. */
static int32_t cached_tid(uint64_t fs_base)
{
    return T.tid_offset >= 0 && fs_base ? *(const int32_t *)(fs_base + (uint64_t)T.tid_offset) : 0;
}

int fred_threads_own_tid(void)
{
    return T.tid_offset >= 0 ? cached_tid((uint64_t)(uintptr_t)pthread_self()) : 0;   /* pthread_self() is the TLS base */
}

int fred_threads_real_tid(int tid)
{
    for (int i = 0; i < T.renamed_count; i++)
        if (T.renamed_tid[i] == tid) return T.renamed_real[i];
    return 0;
}

int fred_threads_tid_of(const void *thread)
{
    return T.tid_offset >= 0 && thread ? cached_tid((uint64_t)(uintptr_t)thread) : 0;
}

/* ---- the other threads' side ---- */

/* The number in "mov $NR, %eax; syscall" (glibc's way) ending just before rip; -1 if not that. */
static int call_in_code(uint64_t rip)
{
    if ((rip & 0xfff) < 7) return -1;                          /* stay within the page */
    const unsigned char *p = (const unsigned char *)rip;
    if (p[-2] != 0x0f || p[-1] != 0x05 || p[-7] != 0xb8) return -1;
    uint32_t nr;
    memcpy(&nr, p - 6, sizeof nr);
    return nr < 1024 ? (int)nr : -1;
}

static int is_wait(long nr)
{
    return nr == SYS_nanosleep || nr == SYS_clock_nanosleep || nr == SYS_futex || nr == SYS_poll || nr == SYS_ppoll ||
           nr == SYS_select || nr == SYS_pselect6 || nr == SYS_epoll_wait || nr == SYS_epoll_pwait;
}

/*
 * A sleep or wait the checkpoint signal interrupted returns EINTR once the handler has
 * run (the kernel restarts those only without a handler). Make it run again instead, as
 * if the signal had not come: rax back to its number, rip back onto the syscall
 * instruction. The kernel has written the time left where the call takes it back
 * (select, ppoll, sleep()'s nanosleep), absolute timeouts are exact; a relative one
 * starts over. For another thread, the call is the one /proc showed before it was
 * asked to stop (so an EINTR the program already had is left alone).
 */
int fred_threads_rerun_interrupted_call(int real_tid, ucontext_t *uc, int from_proc_only)
{
    greg_t *g = uc->uc_mcontext.gregs;
    if (g[REG_RAX] != -EINTR) return 0;
    long nr = -1;
    for (int i = 0; i < T.call_count; i++)
        if (T.calls[i].real_tid == real_tid && T.calls[i].pc == (uint64_t)g[REG_RIP]) nr = T.calls[i].nr;
    if (nr < 0 && !from_proc_only) nr = call_in_code((uint64_t)g[REG_RIP]);
    if (nr < 0 || !is_wait(nr)) return 0;
    g[REG_RAX] = nr;
    g[REG_RIP] -= 2;
    return 1;
}

/*
 * After a restart that sends the program its own signal (fred_notify_restart): the
 * leader's wait returns EINTR after all, as it does for a signal that comes during a
 * wait. Run again, the wait would swallow the signal: the program's handler only sets a
 * flag that it checks when the call returns (python3 waiting at pdb's prompt).
 */
void fred_threads_interrupt_again(ucontext_t *uc)
{
    if (!T.leader_reran) return;
    T.leader_reran = 0;
    greg_t *g = uc->uc_mcontext.gregs;
    g[REG_RAX] = -EINTR;
    g[REG_RIP] += 2;
}

static void rseq_register(uint64_t fs_base, int flags)
{
    if (__rseq_size) syscall(SYS_rseq, fs_base + (uint64_t)__rseq_offset, __rseq_size < 32 ? 32 : __rseq_size, flags, RSEQ_SIG);
}

/* A cloned-again thread (or the new process's first, become this one), at its resume
 * point: the kernel state that is per thread. */
static void back_again(struct thread_slot *s)
{
    rseq_register(s->fs_base, 0);
    if (s->robust_head) syscall(SYS_set_robust_list, s->robust_head, s->robust_len);
    prctl(PR_SET_NAME, s->name, 0, 0, 0);
    s->now_tid = raw_tid();
    __atomic_add_fetch(&T.restored, 1, __ATOMIC_SEQ_CST);
    futex_wake_all(&T.restored);
}

int fred_threads_follow(const siginfo_t *info, ucontext_t *uc)
{
    if (info->si_code != SI_QUEUE) return 0;
    uint64_t value = (uint64_t)(uintptr_t)info->si_value.sival_ptr;
    if (value >> 32 != STOP_MAGIC) return 0;
    if ((uint32_t)value != T.generation || __atomic_load_n(&T.phase, __ATOMIC_SEQ_CST) != STOPPING) return 1;   /* late: ignore */
    int i = __atomic_fetch_add(&T.claimed, 1, __ATOMIC_SEQ_CST);
    if (i >= FRED_MAX_THREADS) return 1;
    struct thread_slot *s = &T.slots[i];
    s->real_tid = raw_tid();
    s->first = s->real_tid == (int)syscall(SYS_getpid);
    s->tid = program_tid(s->real_tid);
    s->fs_base = fs_base_now();
    s->robust_head = s->robust_len = 0;
    syscall(SYS_get_robust_list, 0, &s->robust_head, &s->robust_len);
    prctl(PR_GET_NAME, s->name, 0, 0, 0);
    fred_threads_rerun_interrupted_call(s->real_tid, uc, 1);
    s->foreign = T.tid_offset >= 0 && cached_tid(s->fs_base) != s->tid;
    if (fred_resume_save(&s->resume)) {
        back_again(s);
    } else {
        __atomic_add_fetch(&T.arrived, 1, __ATOMIC_SEQ_CST);
        futex_wake_all(&T.arrived);
    }
    while (__atomic_load_n(&T.phase, __ATOMIC_SEQ_CST) == STOPPING) futex_wait(&T.phase, STOPPING, 0);
    return 1;
}

/* ---- the leader's side ---- */

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};


/* The tids of this process's threads (at most cap); -1 if /proc cannot be read. The first
 * thread may have ended before the others (pthread_exit in main): a zombie until the
 * process ends, it stops for nothing and is no part of a checkpoint. */
static int list_threads(int *tids, int cap)
{
    int pid = (int)syscall(SYS_getpid);
    char buf[4096];
    int fd = open("/proc/self/task", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int n = 0;
    for (;;) {
        long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (got <= 0) break;
        for (long off = 0; off < got;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            off += d->d_reclen;
            if (d->d_name[0] == '.' || (atoi(d->d_name) == pid && !fred_thread_alive(0, pid))) continue;
            if (n < cap) tids[n] = atoi(d->d_name);
            n++;
        }
    }
    close(fd);
    return n;
}

/* Note the system call a thread is blocked in, to run it again in a thread cloned anew. */
static void note_blocked_call(int real_tid)
{
    char path[64], text[256];
    snprintf(path, sizeof path, "/proc/self/task/%d/syscall", real_tid);
    ssize_t n = fred_read_file(path, text, sizeof text - 1);
    if (n <= 0 || T.call_count == FRED_MAX_THREADS) return;
    text[n] = 0;
    char *p = text;
    long nr = strtol(p, &p, 10);
    if (nr < 0 || *p != ' ') return;                /* running, or not in a system call */
    uint64_t field = 0;
    for (int i = 0; i < 8 && *p; i++) field = strtoull(p, &p, 16);   /* six arguments, sp, pc */
    T.calls[T.call_count++] = (struct blocked_call){ real_tid, (int32_t)nr, field };
}

static int arrived(int real_tid)
{
    for (int i = 0; i < T.claimed && i < FRED_MAX_THREADS; i++)
        if (T.slots[i].real_tid == real_tid) return 1;
    return 0;
}

static int blocks_signal(int real_tid, int sig)
{
    char path[64], text[2048];
    snprintf(path, sizeof path, "/proc/self/task/%d/status", real_tid);
    ssize_t n = fred_read_file(path, text, sizeof text - 1);
    if (n <= 0) return 0;
    text[n] = 0;
    char *p = strstr(text, "SigBlk:");
    return p && (strtoull(p + 7, NULL, 16) >> (sig - 1)) & 1;
}

/* A debugger injects the signal into the thread it stopped, and waits for that one to take it. */
static int traced(void)
{
    char text[2048];
    ssize_t n = fred_read_file("/proc/thread-self/status", text, sizeof text - 1);
    if (n <= 0) return 0;
    text[n] = 0;
    char *p = strstr(text, "TracerPid:");
    return p && atoi(p + 10) != 0;
}

int fred_threads_forward_to_main(int sig)
{
    int self = raw_tid(), pid = (int)syscall(SYS_getpid);
    if (self == pid || !fred_thread_alive(0, pid) || blocks_signal(pid, sig) || traced()) return 0;
    return syscall(SYS_tgkill, pid, pid, sig) == 0;
}

/* Wait until every thread asked has stopped (or ended); -1 with err naming one that did not. */
static int await_others(const int *sent, int sent_count, struct fred_error *err)
{
    uint64_t deadline = fred_now_ns() + STOP_TIMEOUT_NS;
    for (;;) {
        int now = __atomic_load_n(&T.arrived, __ATOMIC_SEQ_CST);
        if (now >= T.signaled) return 0;
        futex_wait(&T.arrived, now, 20000000);
        if (fred_now_ns() < deadline) continue;
        int missing = 0;
        for (int i = 0; i < sent_count; i++) {
            if (arrived(sent[i])) continue;
            if (!fred_thread_alive(0, sent[i])) { T.signaled--; continue; }   /* it ended meanwhile */
            missing = sent[i];
        }
        if (!missing) continue;
        if (blocks_signal(missing, fred_lib.checkpoint_signal))
            fred_error_set(err, "thread %d blocks the checkpoint signal (%d); fred cannot checkpoint the process while it does "
                           "(FRED_CKPT_SIGNAL chooses another signal at launch)", missing, fred_lib.checkpoint_signal);
        else
            fred_error_set(err, "thread %d did not stop for the checkpoint within %d s (is it stopped or traced?)", missing,
                           (int)(STOP_TIMEOUT_NS / 1000000000ull));
        return -1;
    }
}

/* What the stopped threads hold that fred cannot restore; -1 with err. */
static int refuse_foreign(struct fred_error *err)
{
    for (int i = 0; i < T.claimed; i++) {
        if (!T.slots[i].foreign) continue;
        fred_error_set(err, "thread %d was not started by pthread_create (raw clone, or another thread library); "
                       "fred checkpoints threads started with pthreads only", T.slots[i].tid);
        return -1;
    }
    if (T.claimed && T.tid_offset < 0) {
        fred_error_set(err, "the process has %d threads, and fred cannot find the C library's thread descriptor layout "
                       "(glibc's _thread_db_pthread_tid); it checkpoints threads with glibc only", T.claimed + 1);
        return -1;
    }
    if (T.claimed && cached_tid(T.leader_fs_base) != T.leader_tid) {
        fred_error_set(err, "thread %d was not started by pthread_create (raw clone, or another thread library); "
                       "fred checkpoints threads started with pthreads only", T.leader_tid);
        return -1;
    }
    return 0;
}

int fred_threads_stop_others(ucontext_t *uc, struct fred_error *err)
{
    int self = raw_tid(), pid = (int)syscall(SYS_getpid);
    int tids[FRED_MAX_THREADS];
    T.generation++;
    T.signaled = T.claimed = T.arrived = T.call_count = 0;
    T.leader_reran = fred_threads_rerun_interrupted_call(self, uc, 0);
    T.leader_tid = program_tid(self);
    T.leader_fs_base = fs_base_now();
    T.leader_robust_head = T.leader_robust_len = 0;
    syscall(SYS_get_robust_list, 0, &T.leader_robust_head, &T.leader_robust_len);
    prctl(PR_GET_NAME, T.leader_name, 0, 0, 0);
    int count = list_threads(tids, FRED_MAX_THREADS);
    if (count == 1) return 0;
    if (count < 0) { fred_error_set(err, "cannot list /proc/self/task: %s", strerror(errno)); return -1; }
    if (count > FRED_MAX_THREADS) {
        fred_error_set(err, "the process has %d threads; fred checkpoints at most %d", count, FRED_MAX_THREADS);
        return -1;
    }
    __atomic_store_n(&T.phase, STOPPING, __ATOMIC_SEQ_CST);
    int sent[FRED_MAX_THREADS], sent_count = 0;
    for (int i = 0; i < count; i++) {
        if (tids[i] == self) continue;
        note_blocked_call(tids[i]);
        siginfo_t si;
        memset(&si, 0, sizeof si);
        si.si_signo = fred_lib.checkpoint_signal;
        si.si_code = SI_QUEUE;
        si.si_pid = pid;
        si.si_uid = getuid();
        si.si_value.sival_ptr = (void *)(uintptr_t)(STOP_MAGIC << 32 | T.generation);
        if (syscall(SYS_rt_tgsigqueueinfo, pid, tids[i], fred_lib.checkpoint_signal, &si) < 0) continue;   /* ended meanwhile */
        sent[sent_count++] = tids[i];
        T.signaled++;
    }
    if (await_others(sent, sent_count, err) < 0 || refuse_foreign(err) < 0) {
        fred_threads_release();
        return -1;
    }
    if (list_threads(tids, FRED_MAX_THREADS) != 1 + T.claimed) {
        fred_error_set(err, "threads were starting during the checkpoint; try again");
        fred_threads_release();
        return -1;
    }
    return T.claimed;
}

int fred_threads_stopped(void)
{
    return __atomic_load_n(&T.phase, __ATOMIC_SEQ_CST) == STOPPING ? T.claimed : 0;
}

void fred_threads_release(void)
{
    if (__atomic_load_n(&T.phase, __ATOMIC_SEQ_CST) == IDLE) return;
    __atomic_store_n(&T.phase, IDLE, __ATOMIC_SEQ_CST);
    futex_wake_all(&T.phase);
}

static const unsigned long clone_flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                                        CLONE_SETTLS | CLONE_CHILD_CLEARTID;

/* The stopped thread that was the process's first, when another thread leads; or NULL. */
static struct thread_slot *first_thread_slot(void)
{
    for (int i = 0; i < T.claimed; i++)
        if (T.slots[i].first) return &T.slots[i];
    return NULL;
}

/* The process's first thread becomes `first` again (fred_thread_handover.h): 0 in the new
 * thread that goes on leading; -1 when the clone failed (this thread goes on leading). */
static int hand_over_leading(struct thread_slot *first)
{
    struct fred_thread_place place = { first->fs_base, (int *)(first->fs_base + (uint64_t)T.tid_offset), &first->resume };
    rseq_register(T.leader_fs_base, RSEQ_FLAG_UNREGISTER);   /* the leader's area, registered by this thread: first's comes */
    long r = fred_thread_hand_over(clone_flags, T.leader_fs_base, (int *)(T.leader_fs_base + (uint64_t)T.tid_offset), &place);
    rseq_register(T.leader_fs_base, 0);                      /* the new thread's, or this one's again */
    if (r == 0) return 0;
    char msg[200];
    snprintf(msg, sizeof msg, "fred-ckpt: cannot start a thread: %s; thread %d stays the process's first, which looks ended when it ends\n",
             strerror((int)-r), T.leader_tid);
    say(msg);
    return -1;
}

int fred_threads_recreate(void)
{
    if (fred_threads_stopped() == 0) return 0;
    __atomic_store_n(&T.restored, 0, __ATOMIC_SEQ_CST);
    struct thread_slot *first = first_thread_slot();
    if (!first || hand_over_leading(first) < 0) {
        first = NULL;
        /* the leader's exit must clear its cached tid too, for pthread_join (a new thread's clone did) */
        syscall(SYS_set_tid_address, T.leader_fs_base + (uint64_t)T.tid_offset);
    }
    /* its robust list is its own; a fork or a re-executed program has another name */
    if (T.leader_robust_head) syscall(SYS_set_robust_list, T.leader_robust_head, T.leader_robust_len);
    prctl(PR_SET_NAME, T.leader_name, 0, 0, 0);
    int made = first != NULL;      /* the first thread counts itself in when it stands at its resume point */
    for (int i = 0; i < T.claimed; i++) {
        struct thread_slot *s = &T.slots[i];
        if (s == first) continue;
        long r = fred_clone_into(clone_flags, s->resume.rsp, NULL, (int *)(s->fs_base + (uint64_t)T.tid_offset), s->fs_base, &s->resume);
        if (r < 0) {
            char msg[200];
            snprintf(msg, sizeof msg, "fred-ckpt: cannot start thread %d again: %s\n", s->tid, strerror((int)-r));
            say(msg);
            break;
        }
        made++;
    }
    uint64_t deadline = fred_now_ns() + RECREATE_TIMEOUT_NS;
    for (int now; (now = __atomic_load_n(&T.restored, __ATOMIC_SEQ_CST)) < made && fred_now_ns() < deadline;)
        futex_wait(&T.restored, now, 20000000);
    T.renamed_count = 0;
    T.renamed_real[T.renamed_count] = raw_tid();
    T.renamed_tid[T.renamed_count++] = T.leader_tid;
    for (int i = 0; i < T.claimed; i++) {
        T.renamed_real[T.renamed_count] = T.slots[i].now_tid;
        T.renamed_tid[T.renamed_count++] = T.slots[i].tid;
    }
    if (made == T.claimed && T.restored == made) return 0;
    say("fred-ckpt: not every thread of the process could be started again; the program may hang\n");
    return -1;
}

int fred_threads_table(struct fred_thread *out, int cap, int leader_tid, const struct fred_resume_context *leader_resume,
                       uint64_t leader_fs_base)
{
    int n = 0;
    if (cap < 1) return 0;
    out[n++] = (struct fred_thread){ fred_threads_stopped() ? T.leader_tid : leader_tid, 0, *leader_resume, leader_fs_base };
    for (int i = 0; i < fred_threads_stopped() && n < cap; i++)
        out[n++] = (struct fred_thread){ T.slots[i].tid, 0, T.slots[i].resume, T.slots[i].fs_base };
    return n;
}

/*
 * SIGSTOP marks the whole process stopped for job control (the kernel's
 * SIGNAL_STOP_STOPPED), and resuming it through ptrace does not clear that mark: a thread
 * cloned later joins the stop and reaches the debugger with a SIGSTOP of its own. Sending
 * a SIGCONT clears the mark; sent to this thread with SIGCONT blocked and taken back at
 * once, it reaches neither the program nor the debugger. The other threads wait in fred's
 * handler meanwhile (or are still to be released), so none of them can take it.
 */
void fred_threads_stop_for_debugger(void)
{
    /* to this thread, which takes it before going on: sent to the process, it would wake the
     * first thread (not necessarily this one), and the SIGCONT below could come first and
     * discard it: the copy would run on before the debugger attached */
    syscall(SYS_tgkill, syscall(SYS_getpid), syscall(SYS_gettid), SIGSTOP);
    sigset_t cont, before;
    sigemptyset(&cont);
    sigaddset(&cont, SIGCONT);
    pthread_sigmask(SIG_BLOCK, &cont, &before);
    syscall(SYS_tgkill, syscall(SYS_getpid), syscall(SYS_gettid), SIGCONT);
    struct timespec now = { 0, 0 };
    sigtimedwait(&cont, NULL, &now);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
}
