/*
 * fred_record.c - the record/replay log (see fred_record.h): its mapping, the position of
 * this copy of the program in it, and the one function every recorded call goes through.
 *
 * Rules: the code here runs inside the program's own calls and inside SIGSYS handlers, so
 * no malloc, no stdio streams, no locks, errno preserved by the callers; real system calls
 * go through fred_record_raw_syscall, the one instruction the seccomp filter lets through
 * (fred_record_seccomp.c). With several threads, only the one holding the turn makes
 * calls (fred_thread_order.c), so the log is one sequence: the threads' calls in the
 * order they were made, with the turns between them.
 */
#define _GNU_SOURCE
#include "fred_record.h"
#include "fred_record_calls.h"
#include "fred_record_shapes.h"
#include "fred_thread_order.h"
#include "fred_shared_memory.h"
#include "fred_util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

/* The log's mapping: at a fixed place in fred's work window, which images leave out. */
#define LOG_ADDRESS 0x22f000000000ull
#define LOG_DEFAULT_CAPACITY (1ull << 30)
#define LOG_MAX_CAPACITY (1ull << 36)

struct recorder {
    struct fred_log_header *log;   /* NULL: not recording */
    uint64_t position;             /* this copy's place in the log (bytes) */
    uint64_t index;                /* and its entry number */
    int diverged;                  /* went live after a mismatch: the log no longer applies */
    int fred_depth;                /* inside fred's own code */
    int paused;                    /* the debugger's own calls (pdb reading its commands) */
    int retry;                     /* a fred signal cut a real call short: decide again */
    int in_call;                   /* a recorded call is in the kernel (signals there replay exactly) */
    int interrupt_wait_of;         /* this thread's next wait returns EINTR (fred_record_interrupt_next_wait) */
    int synthetic[65];             /* recorded signals raised by a replay, not yet handled */
};

static struct recorder rec;

__asm__(".text\n"
        ".globl fred_record_raw_syscall\n"
        ".hidden fred_record_raw_syscall\n"
        ".type fred_record_raw_syscall,@function\n"
        "fred_record_raw_syscall:\n"
        "    mov %rdi, %rax\n"
        "    mov %rsi, %rdi\n"
        "    mov %rdx, %rsi\n"
        "    mov %rcx, %rdx\n"
        "    mov %r8, %r10\n"
        "    mov %r9, %r8\n"
        "    mov 8(%rsp), %r9\n"
        ".globl fred_record_syscall_insn\n"
        ".hidden fred_record_syscall_insn\n"
        "fred_record_syscall_insn:\n"
        "    syscall\n"
        ".globl fred_record_syscall_return\n"
        ".hidden fred_record_syscall_return\n"
        "fred_record_syscall_return:\n"
        "    ret\n"
        ".size fred_record_raw_syscall, .-fred_record_raw_syscall\n");

long fred_record_raw(long nr, const long a[6])
{
    return fred_record_raw_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static void publish_position(void)
{
    rec.log->live_position = rec.position;
    rec.log->live_index = rec.index;
}

/* The first mismatch: say where and what in the log's header; this copy goes live. */
static void diverge(const struct fred_log_entry *was, uint32_t call, int64_t key, int64_t size, const char *why)
{
    if (rec.log->diverged) {
        rec.diverged = 1;
        return;
    }
    char recorded[160], now[160];
    fred_call_describe(recorded, sizeof recorded, was->call & ~FRED_ENTRY_FILE, was->key, was->size);
    fred_call_describe(now, sizeof now, call, key, size);
    if (why)
        snprintf(rec.log->divergence, sizeof rec.log->divergence, "%s %s (log entry %llu)", recorded, why,
                 (unsigned long long)rec.index);
    else
        snprintf(rec.log->divergence, sizeof rec.log->divergence, "recorded %s, now %s (log entry %llu)", recorded, now,
                 (unsigned long long)rec.index);
    rec.log->diverged_index = rec.index;
    __atomic_store_n(&rec.log->diverged, 1, __ATOMIC_RELEASE);
    rec.diverged = 1;
}

/* ---- the log itself ---- */

static struct fred_log_entry *entry_at(uint64_t position)
{
    return (struct fred_log_entry *)((char *)rec.log + position);
}

static uint64_t padded(uint64_t n)
{
    return (n + 7) & ~7ull;
}

static void note_unrecorded(const char *what)
{
    if (!rec.log->unrecorded[0]) fred_copy_string(rec.log->unrecorded, what, sizeof rec.log->unrecorded);
}

/*
 * Fault the log's pages in ahead, a megabyte at a time: one page fault per 4 KiB of
 * entries cost about as much as recording a clock reading itself.
 */
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
enum { POPULATE_AHEAD = 1 << 20 };
static uint64_t populated;

static void populate_ahead(uint64_t end)
{
    if (end <= populated) return;
    uint64_t from = end & ~(uint64_t)4095, to = from + POPULATE_AHEAD;
    if (to > rec.log->capacity) to = rec.log->capacity;
    long args[6] = { (long)((char *)rec.log + from), (long)(to - from), MADV_POPULATE_WRITE, 0, 0, 0 };
    fred_record_raw(SYS_madvise, args);
    populated = to;
}

/* Append one entry at this copy's position (the end of the log) and move past it. */
static void append(uint32_t call, int64_t key, int64_t size, int64_t result, const struct regions *rs)
{
    uint64_t data = rs ? rs->total : 0;
    uint64_t end = rec.position + sizeof(struct fred_log_entry) + padded(data);
    if (rec.log->full || end > rec.log->capacity || (rs && rs->too_many)) {
        if (!rec.log->full) note_unrecorded(rs && rs->too_many ? "a call with too many buffers" : "the log is full");
        rec.log->full = 1;
        return;
    }
    populate_ahead(end);
    struct fred_log_entry *e = entry_at(rec.position);
    e->call = call;
    e->data_len = (uint32_t)data;
    e->key = key;
    e->size = size;
    e->result = result;
    char *p = (char *)(e + 1);
    if (rs)
        for (int i = 0; i < rs->count; i++) {
            memcpy(p, rs->r[i].ptr, rs->r[i].len);
            p += rs->r[i].len;
        }
    rec.position = end;
    rec.index++;
    __atomic_store_n(&rec.log->length, end, __ATOMIC_RELEASE);
    publish_position();
}

static void advance(const struct fred_log_entry *e)
{
    rec.position += sizeof *e + padded(e->data_len);
    rec.index++;
    publish_position();
}

enum mode { PASS, RECORD, REPLAY };

static enum mode plain_mode(void)
{
    if (!rec.log || rec.paused || rec.fred_depth || rec.diverged || rec.log->diverged) return PASS;
    return rec.position < __atomic_load_n(&rec.log->length, __ATOMIC_ACQUIRE) ? REPLAY : RECORD;
}

static void deliver_recorded_signals(void);

/* ---- the order of threads (fred_thread_order.c) ---- */

/* As plain_mode, but fred's own code and the debugger's pauses do not count: while they
 * run, the program's threads still take turns (and other threads must not go free). */
static enum mode order_mode(void)
{
    if (!rec.log || rec.diverged || rec.log->diverged) return PASS;
    return rec.position < __atomic_load_n(&rec.log->length, __ATOMIC_ACQUIRE) ? REPLAY : RECORD;
}

enum fred_order_mode fred_record_order_mode(void)
{
    enum mode m = order_mode();
    return m == REPLAY ? FRED_ORDER_REPLAY : m == RECORD ? FRED_ORDER_RECORD : FRED_ORDER_PASS;
}

int64_t fred_record_next_turn(void)
{
    if (order_mode() != REPLAY) return 0;
    const struct fred_log_entry *e = entry_at(rec.position);
    return e->call == FRED_CALL_TURN ? e->key : 0;
}

int64_t fred_record_next_turn_yields(void)
{
    if (order_mode() != REPLAY) return -1;
    const struct fred_log_entry *e = entry_at(rec.position);
    return e->call == FRED_CALL_TURN ? e->size : -1;
}

void fred_record_turn(int64_t number, int64_t yields_kept)
{
    enum mode m = order_mode();
    if (m == RECORD) {
        append(FRED_CALL_TURN, number, yields_kept, 0, NULL);
    } else if (m == REPLAY) {
        const struct fred_log_entry *e = entry_at(rec.position);
        if (e->call == FRED_CALL_TURN && e->key == number) advance(e);
        else diverge(e, FRED_CALL_TURN, number, 0, NULL);
    }
}

void fred_record_turn_impossible(int64_t number, const char *why)
{
    if (order_mode() != REPLAY) return;
    diverge(entry_at(rec.position), FRED_CALL_TURN, number, 0, why);
}

void fred_record_stop(const char *why)
{
    if (order_mode() != RECORD || rec.log->full) return;
    note_unrecorded(why);
    rec.log->full = 1;
}

static enum mode mode_now(void)
{
    enum mode m = plain_mode();
    if (m != REPLAY) return m;
    deliver_recorded_signals();
    return plain_mode();
}

/* The recorded entry for a call about to be replayed, or NULL (divergence said). */
static const struct fred_log_entry *expect(uint32_t call, int64_t key, int64_t size)
{
    const struct fred_log_entry *e = entry_at(rec.position);
    if ((e->call & ~FRED_ENTRY_FILE) != call || e->key != key || e->size != size) {
        diverge(e, call, key, size, NULL);
        return NULL;
    }
    return e;
}

static void copy_into(const struct regions *rs, const char *data)
{
    for (int i = 0; i < rs->count; i++) {
        memcpy(rs->r[i].ptr, data, rs->r[i].len);
        data += rs->r[i].len;
    }
}

/* Reads of regular files at least this big are kept as a hash (stdio asks for 4 KiB). */
enum { FILE_READ_MIN = 4096 };

/* What the log keeps of a read of a regular file. */
struct file_read {
    uint64_t hash;                 /* of the bytes read */
    int64_t offset;                /* where (-1: not seekable, or pread's own offset) */
};

static int64_t current_offset(long nr, const long a[6])
{
    if (nr != SYS_read && nr != SYS_readv) return -1;
    long args[6] = { a[0], 0, SEEK_CUR, 0, 0, 0 };
    return fred_record_raw(SYS_lseek, args);
}

static void seek(long nr, const long a[6], int64_t offset)
{
    if (offset < 0 || (nr != SYS_read && nr != SYS_readv)) return;
    long args[6] = { a[0], (long)offset, SEEK_SET, 0, 0, 0 };
    fred_record_raw(SYS_lseek, args);
}

/* Replayed from the log: the next read's offset is where the recorded one left it (a
 * pipe or terminal has no offset: the seek fails, harmlessly). */
static void move_offset(long nr, const long a[6], long result)
{
    if (result <= 0 || (nr != SYS_read && nr != SYS_readv)) return;
    long args[6] = { a[0], result, SEEK_CUR, 0, 0, 0 };
    fred_record_raw(SYS_lseek, args);
}

/* Answer a call from a recorded entry that holds its data. */
static long replay_data(long nr, const long a[6], const struct fred_log_entry *e, const struct capacities *cap)
{
    struct regions rs;
    fred_regions_init(&rs);
    if (e->result >= 0) fred_call_outputs(nr, a, e->result, cap, &rs);
    if (rs.total != e->data_len || rs.too_many) {
        diverge(e, (uint32_t)nr, e->key, e->size, "gave an answer of another size than the program's buffers now");
        return fred_record_raw(nr, a);
    }
    copy_into(&rs, (const char *)(e + 1));
    advance(e);
    move_offset(nr, a, e->result);
    return e->result;
}

/* A system call the program makes, answered from the log or recorded (fred_record_calls.h). */
/* A read that would block while threads take turns: another thread may be the one to
 * write (a pipe between two threads). Recording, the others run until data is there;
 * the turns given away meanwhile are entries, which a replay follows before the read. */
static int is_input(long nr)
{
    return nr == SYS_read || nr == SYS_readv || nr == SYS_recvfrom || nr == SYS_recvmsg;
}

static int would_block(long nr, const long a[6])
{
    if ((nr == SYS_recvfrom || nr == SYS_recvmsg) && (a[nr == SYS_recvfrom ? 3 : 2] & MSG_DONTWAIT)) return 0;
    struct stat st;   /* a pipe or socket (another thread may write it), not a terminal (the user does) */
    long sa[6] = { a[0], (long)&st, 0, 0, 0, 0 };
    if (fred_record_raw(SYS_fstat, sa) < 0 || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode))) return 0;
    long fl[6] = { a[0], F_GETFL, 0, 0, 0, 0 };
    long flags = fred_record_raw(SYS_fcntl, fl);
    if (flags < 0 || (flags & O_NONBLOCK)) return 0;
    struct pollfd p = { (int)a[0], POLLIN, 0 };
    long pa[6] = { (long)&p, 1, 0, 0, 0, 0 };
    return fred_record_raw(SYS_poll, pa) == 0;
}

static void let_writers_run(enum mode m, long nr, const long a[6])
{
    if (!is_input(nr) || !fred_thread_order_others()) return;
    if (m == REPLAY) {
        while (fred_record_next_turn() != 0 && fred_thread_order_others() && fred_thread_order_let_others_run()) {
        }
        return;
    }
    while (would_block(nr, a) && fred_thread_order_others()) {
        fred_thread_order_let_others_run();
        struct timespec nap = { 0, 200000 };   /* no writer among the threads: do not spin hard */
        long na[6] = { (long)&nap, 0, 0, 0, 0, 0 };
        fred_record_raw(SYS_nanosleep, na);
    }
}

static int is_wait(long nr)
{
    return nr == SYS_select || nr == SYS_pselect6 || nr == SYS_poll || nr == SYS_ppoll || nr == SYS_epoll_wait ||
           nr == SYS_epoll_pwait || nr == SYS_read || nr == SYS_readv;
}

static long raw_tid(void)
{
    long none[6] = { 0 };
    return fred_record_raw(SYS_gettid, none);
}

void fred_record_interrupt_next_wait(void)
{
    rec.interrupt_wait_of = (int)raw_tid();
}

int fred_record_call_interrupted(const void *context)
{
    const greg_t *g = ((const ucontext_t *)context)->uc_mcontext.gregs;
    return (uintptr_t)g[REG_RIP] == (uintptr_t)&fred_record_syscall_return && g[REG_RAX] == -EINTR;
}

/*
 * The program's calls that may wait (recorded system calls, sleeps), numbered from 1 in the
 * order it makes them. The numbers are program memory, so a snapshot keeps them and a
 * replay makes the same calls in the same order: "entering call N" is a point a replay
 * reaches exactly (gdb's `fred-call N`, fredGdbRestore.py), where a Ctrl-C stop of a
 * program waiting in call N stood. fred's own calls are not the program's: not numbered.
 */
__attribute__((used)) volatile uint64_t fred_calls_made;
__attribute__((used)) volatile uint64_t fred_call_inside;    /* the call under way, 0 between calls */

/* Called entering each numbered call, before it decides anything: gdb's breakpoint here
 * stops the program at the one it wants (its argument). */
__attribute__((used, noinline)) void fred_call_reached(uint64_t n)
{
    __asm__ volatile("" : : "r"(n) : "memory");
}

uint64_t fred_record_call_begin(void)
{
    uint64_t outer = fred_call_inside;
    if (rec.fred_depth || rec.paused) return outer;
    uint64_t n = ++fred_calls_made;
    fred_call_reached(n);
    fred_call_inside = n;
    return outer;
}

void fred_record_call_end(uint64_t outer)
{
    fred_call_inside = outer;
}

static long record_syscall(long nr, const long a[6]);

long fred_record_syscall(long nr, const long a[6])
{
    uint64_t outer = fred_record_call_begin();
    long result = record_syscall(nr, a);
    fred_record_call_end(outer);
    return result;
}

static long record_syscall(long nr, const long a[6])
{
    if (rec.interrupt_wait_of && !rec.fred_depth && is_wait(nr) && raw_tid() == rec.interrupt_wait_of) {
        rec.interrupt_wait_of = 0;
        return -EINTR;
    }
    for (;;) {
        enum mode m = mode_now();
        if (m == PASS) return fred_record_raw(nr, a);
        let_writers_run(m, nr, a);
        m = mode_now();
        if (m == PASS) return fred_record_raw(nr, a);
        int64_t key, size;
        fred_call_key(nr, a, &key, &size);
        struct capacities cap;
        fred_call_capacities(nr, a, &cap);
        const struct fred_log_entry *e = NULL;
        int file;
        struct file_read fr = { 0, -1 };
        if (m == REPLAY) {
            e = expect((uint32_t)nr, key, size);
            if (!e) return fred_record_raw(nr, a);
            if (!(e->call & FRED_ENTRY_FILE)) return replay_data(nr, a, e, &cap);
            /* a regular file is read again where the recorded read read it: its offset is
             * shared with every other copy of the program, so it may be anywhere now */
            file = 1;
            struct file_read was = { 0, -1 };
            if (e->data_len == sizeof was) memcpy(&was, e + 1, sizeof was);
            seek(nr, a, was.offset);
        } else {
            if (is_input(nr) && fred_record_child_pipe((int)a[0])) {   /* a stand-in's pipe (fred_record_children.c) */
                fred_record_child_pipe_used(fred_call_name((uint32_t)nr), (int)a[0]);
                return fred_record_raw(nr, a);
            }
            /* small reads are kept whole (pipes, terminals: no fstat per read); big reads of
             * regular files are kept as a hash and done again on replay */
            file = size >= FILE_READ_MIN && fred_reads_regular_file(nr, a);
            if (file) fr.offset = current_offset(nr, a);
        }
        rec.retry = 0;
        rec.in_call = 1;
        long result = fred_record_raw(nr, a);
        rec.in_call = 0;
        if (result == -EINTR && rec.retry) continue;   /* cut short by fred's own signal: decide again */
        struct regions rs;
        fred_regions_init(&rs);
        if (result >= 0) fred_call_outputs(nr, a, result, &cap, &rs);
        if (m == REPLAY) {   /* the same bytes as recorded? */
            struct file_read was = { 0, -1 };
            if (e->data_len == sizeof was) memcpy(&was, e + 1, sizeof was);
            if (e->result != result || e->data_len != sizeof was || was.hash != fred_regions_hash(&rs)) {
                diverge(e, (uint32_t)nr, key, size, "read other data than recorded (the file changed?)");
                return result;
            }
            advance(e);
            return result;
        }
        if (file) {
            fr.hash = fred_regions_hash(&rs);
            struct regions hashed;
            fred_regions_init(&hashed);
            fred_regions_add(&hashed, &fr, sizeof fr);
            append((uint32_t)nr | FRED_ENTRY_FILE, key, size, result, &hashed);
        } else {
            append((uint32_t)nr, key, size, result, &rs);
        }
        return result;
    }
}

/*
 * Signals. A handler of the program runs through fred_record_signal (fred_record_calls.c
 * wraps them). Recording: the signal is an entry, marked exact when it interrupted a
 * recorded call (the program was waiting: a replay reaches the same point by the log).
 * Replaying: real signals are dropped (timers go on firing); the recorded ones are raised
 * again when the replay reaches their entry, before the next call. One that came while the
 * program computed cannot be put at the same instruction without counting them: the
 * replay says so and goes live.
 */
static void deliver_recorded_signals(void)
{
    for (;;) {
        if (rec.position >= rec.log->length) return;
        const struct fred_log_entry *e = entry_at(rec.position);
        if (e->call != FRED_CALL_SIGNAL) return;
        if (!e->size) {
            diverge(e, FRED_CALL_SIGNAL, e->key, 1, "came while the program computed: a replay cannot deliver it at the same point");
            return;
        }
        int sig = (int)e->key;
        advance(e);
        if (sig > 0 && sig < 65) {
            rec.synthetic[sig]++;
            syscall(SYS_tgkill, syscall(SYS_getpid), syscall(SYS_gettid), sig);
        }
    }
}

int fred_record_signal(int sig)
{
    if (sig <= 0 || sig >= 65) return 1;
    if (rec.synthetic[sig] > 0) {                 /* raised by the replay: the recorded one */
        rec.synthetic[sig]--;
        return 1;
    }
    enum mode m = plain_mode();
    if (m == PASS) return 1;
    if (m == REPLAY) {
        const struct fred_log_entry *e = entry_at(rec.position);
        if (e->call != FRED_CALL_SIGNAL || e->size) return 0;   /* a real one: the replay has its own */
        /* the recorded run got one while computing, about here: no exact point, say so, go live */
        diverge(e, FRED_CALL_SIGNAL, e->key, 1, "came while the program computed: a replay cannot deliver it at the same point");
        return 1;
    }
    append(FRED_CALL_SIGNAL, sig, rec.in_call, 0, NULL);
    return 1;
}

static int goes_outside(int fd)
{
    struct stat st;
    long a[6] = { fd, (long)&st, 0, 0, 0, 0 };
    return fred_record_raw(SYS_fstat, a) == 0 && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

/* A write: recorded by its result; a replay sends nothing to a pipe or socket again (the
 * other end had it), and writes to terminals and files again. */
static long record_output(long nr, const long a[6]);

long fred_record_output(long nr, const long a[6])
{
    uint64_t outer = fred_record_call_begin();
    long result = record_output(nr, a);
    fred_record_call_end(outer);
    return result;
}

static long record_output(long nr, const long a[6])
{
    enum mode m = mode_now();
    if (m == PASS) return fred_record_raw(nr, a);
    int64_t key, size;
    fred_call_key(nr, a, &key, &size);
    if (m == REPLAY) {
        const struct fred_log_entry *e = expect((uint32_t)nr, key, size);
        if (!e) return fred_record_raw(nr, a);
        if (!goes_outside((int)a[0])) {
            long result = fred_record_raw(nr, a);
            advance(e);
            return result;
        }
        advance(e);
        return e->result;
    }
    if (fred_record_child_pipe((int)a[0])) {   /* a stand-in's pipe (fred_record_children.c) */
        fred_record_child_pipe_used(fred_call_name((uint32_t)nr), (int)a[0]);
        return fred_record_raw(nr, a);
    }
    long result = fred_record_raw(nr, a);
    append((uint32_t)nr, key, size, result, NULL);
    return result;
}

/* A value that comes from the vdso or libc rather than a system call (clocks). */
int fred_record_value(uint32_t call, int64_t key, void *out, uint32_t len, int64_t *result, int (*now)(void *ctx, void *out, int64_t *result), void *ctx)
{
    enum mode m = mode_now();
    if (m == REPLAY) {
        const struct fred_log_entry *e = expect(call, key, len);
        if (e && e->data_len == len) {
            memcpy(out, e + 1, len);
            *result = e->result;
            advance(e);
            return 0;
        }
    }
    int rc = now(ctx, out, result);
    if (m == RECORD) m = plain_mode();   /* a copy resumed from a snapshot taken during now() is replaying */
    if (m == RECORD) {
        struct regions rs;
        fred_regions_init(&rs);
        fred_regions_add(&rs, out, len);
        append(call, key, len, *result, &rs);
    } else if (m == REPLAY) {            /* the original copy recorded its answer: that one */
        const struct fred_log_entry *e = expect(call, key, len);
        if (e && e->data_len == len) {
            memcpy(out, e + 1, len);
            *result = e->result;
            advance(e);
        }
    }
    return rc;
}

int fred_record_active(void)
{
    return rec.log != NULL;
}

/* fred's own code (snapshots, answers) needs the real ids of this copy. */
pid_t fred_record_program_pid(void)
{
    return rec.log && !rec.fred_depth && rec.log->program_pid > 0 ? rec.log->program_pid : 0;
}

pid_t fred_record_program_ppid(void)
{
    return rec.log && !rec.fred_depth && rec.log->program_ppid > 0 ? rec.log->program_ppid : 0;
}

/* ---- life cycle ---- */

static uint64_t capacity_setting(void)
{
    const char *s = getenv("FRED_RECORD_CAPACITY");
    uint64_t mib = s ? strtoull(s, NULL, 10) : 0;
    uint64_t bytes = mib ? mib << 20 : LOG_DEFAULT_CAPACITY;
    return bytes > LOG_MAX_CAPACITY ? LOG_MAX_CAPACITY : bytes < (1u << 20) ? (1u << 20) : bytes;
}

static int map_log(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != getuid()) goto fail;
    uint64_t capacity = (uint64_t)st.st_size;
    int fresh = capacity < FRED_LOG_ENTRIES;
    if (fresh) {
        capacity = capacity_setting();
        if (ftruncate(fd, (off_t)capacity) < 0) goto fail;   /* sparse: pages come as entries do */
    }
    void *p = mmap((void *)LOG_ADDRESS, capacity, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
    if (p != (void *)LOG_ADDRESS) {
        if (p != MAP_FAILED) munmap(p, capacity);
        goto fail;
    }
    close(fd);
    rec.log = p;
    fred_own_mapping_add(p, capacity);          /* shared by every copy on purpose: never copied back */
    if (fresh || memcmp(rec.log->magic, FRED_LOG_MAGIC, 8) != 0) {
        memset(rec.log, 0, sizeof *rec.log);
        memcpy(rec.log->magic, FRED_LOG_MAGIC, 8);
        rec.log->version = FRED_LOG_VERSION;
        rec.log->capacity = capacity;
        rec.log->length = FRED_LOG_ENTRIES;
    }
    return 0;
fail:
    close(fd);
    return -1;
}

/*
 * Programs the recorded one starts find FRED_RECORD_INH instead of FRED_RECORD_LOG: the
 * variable renamed in place, without malloc (the program's heap must look as it does
 * without fred: tests compare heap addresses with plain gdb's).
 */
#define INHERITED "FRED_RECORD_INH"
_Static_assert(sizeof INHERITED == sizeof "FRED_RECORD_LOG", "renamed in place");

static void mark_inherited(const char *value)
{
    char *name = (char *)value - sizeof "FRED_RECORD_LOG";
    memcpy(name, INHERITED, sizeof INHERITED - 1);
}

/* FRED_RECORD_PROGRAM names the program: gdb starts it through a shell, which must not record. */
static int is_the_program(void)
{
    const char *program = getenv("FRED_RECORD_PROGRAM");
    if (!program || !*program) return 1;
    struct stat want, self;
    return stat(program, &want) == 0 && stat("/proc/self/exe", &self) == 0 && want.st_dev == self.st_dev &&
           want.st_ino == self.st_ino;
}

void fred_record_init(void)
{
    const char *path = getenv("FRED_RECORD_LOG");
    if (getenv(INHERITED)) fred_record_seccomp_passthrough();   /* a filter may be there */
    if (!path || !*path || !is_the_program()) return;
    /* programs this one starts are not the one being recorded; they may inherit the filter */
    char copy[1024];
    fred_copy_string(copy, path, sizeof copy);
    mark_inherited(path);
    unsetenv("FRED_RECORD_PROGRAM");
    if (map_log(copy) < 0) {
        char msg[700];
        int n = snprintf(msg, sizeof msg, "fred: cannot open the record log %s: %s; this run is not recorded\n", copy, strerror(errno));
        fred_write_all(2, msg, (size_t)n);
        return;
    }
    rec.position = FRED_LOG_ENTRIES;
    rec.index = 0;
    rec.paused = getenv("FRED_RECORD_PAUSED") != NULL;   /* pdb: until the program first runs */
    unsetenv("FRED_RECORD_PAUSED");
    if (rec.log->program_pid <= 0 || rec.log->length == FRED_LOG_ENTRIES) {   /* a new execution */
        rec.log->program_pid = (int32_t)syscall(SYS_getpid);
        rec.log->program_ppid = (int32_t)syscall(SYS_getppid);
    }
    publish_position();
    rec.fred_depth++;                            /* the library's own reads (its maps) are not the program's */
    fred_record_calls_init();
    pthread_atfork(NULL, NULL, fred_record_detach);   /* a child of the program is not the program */
    if (fred_record_seccomp_install() < 0) note_unrecorded("libc's internal reads (seccomp is not available)");
    rec.fred_depth--;
}

void fred_record_resumed(void)
{
    rec.retry = 0;
    if (rec.log && !rec.diverged) publish_position();
}

void fred_record_detach(void)
{
    rec.log = NULL;
}

void fred_record_enter_fred(void)
{
    rec.fred_depth++;
}

void fred_record_leave_fred(void)
{
    rec.fred_depth--;
}

void fred_record_pause(int paused)
{
    rec.paused = paused != 0;
}

int fred_record_replaying(void)
{
    return plain_mode() == REPLAY;
}

int fred_record_live_mismatch(const char *what)
{
    if (plain_mode() != RECORD || rec.log->live_said == rec.index + 1) return 0;   /* said: now it runs live */
    rec.log->live_said = rec.index + 1;
    fred_record_mismatch(what);
    return 1;
}

void fred_record_mismatch(const char *what)
{
    if (plain_mode() == PASS) return;
    if (!rec.log->diverged) {
        fred_copy_string(rec.log->divergence, what, sizeof rec.log->divergence);
        rec.log->diverged_index = rec.index;
        __atomic_store_n(&rec.log->diverged, 1, __ATOMIC_RELEASE);
    }
    rec.diverged = 1;
}


/* A fred signal arrived while a real call of ours was blocked: have it return EINTR so
 * that the call decides again whether to replay (a resumed copy of a snapshot must). */
void fred_record_interrupted(void *context)
{
    ucontext_t *uc = context;
    greg_t *g = uc->uc_mcontext.gregs;
    uintptr_t insn = (uintptr_t)&fred_record_syscall_insn, after = (uintptr_t)&fred_record_syscall_return;
    if ((uintptr_t)g[REG_RIP] == insn) {          /* the kernel meant to restart it */
        g[REG_RIP] = (greg_t)after;
        g[REG_RAX] = -EINTR;
        rec.retry = 1;
    } else if ((uintptr_t)g[REG_RIP] == after && g[REG_RAX] == -EINTR) {
        rec.retry = 1;
    }
}
