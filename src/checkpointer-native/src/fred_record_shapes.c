/*
 * fred_record_shapes.c - the shape of each call the record log knows (fred_record_shapes.h).
 */
#define _GNU_SOURCE
#include "fred_record_shapes.h"
#include "fred_record.h"
#include "fred_record_calls.h"

#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/uio.h>
#include <time.h>

void fred_regions_init(struct regions *rs)
{
    rs->count = 0;
    rs->total = 0;
    rs->too_many = 0;
}

void fred_regions_add(struct regions *rs, void *ptr, uint64_t len)
{
    if (!ptr || len == 0) return;
    if (rs->count == MAX_REGIONS) {
        rs->too_many = 1;
        return;
    }
    rs->r[rs->count].ptr = ptr;
    rs->r[rs->count].len = len;
    rs->count++;
    rs->total += len;
}

/* The first `bytes` bytes of an iovec array. */
static void add_iov(struct regions *rs, const struct iovec *iov, long count, uint64_t bytes)
{
    for (long i = 0; i < count && bytes > 0; i++) {
        uint64_t n = iov[i].iov_len < bytes ? iov[i].iov_len : bytes;
        fred_regions_add(rs, iov[i].iov_base, n);
        bytes -= n;
    }
}

static uint64_t iov_total(const struct iovec *iov, long count)
{
    uint64_t n = 0;
    for (long i = 0; i < count && i < 1024; i++) n += iov[i].iov_len;
    return n;
}

void fred_call_capacities(long nr, const long a[6], struct capacities *cap)
{
    memset(cap, 0, sizeof *cap);
    if (nr == SYS_recvfrom && a[4] && a[5]) cap->name = *(socklen_t *)a[5];
    if (nr == SYS_recvmsg && a[1]) {
        const struct msghdr *m = (const struct msghdr *)a[1];
        cap->name = m->msg_name ? m->msg_namelen : 0;
        cap->control = m->msg_control ? m->msg_controllen : 0;
    }
}

static uint64_t fd_set_bytes(long n)
{
    return n <= 0 ? 0 : (uint64_t)((n + 63) / 64) * 8;
}

/* Where a successful call (result >= 0) left its answer. */
void fred_call_outputs(long nr, const long a[6], long result, const struct capacities *cap, struct regions *rs)
{
    fred_regions_init(rs);
    switch (nr) {
    case SYS_read:
    case SYS_pread64:
        fred_regions_add(rs, (void *)a[1], (uint64_t)result);
        break;
    case SYS_readv:
    case SYS_preadv:
    case SYS_preadv2:
        add_iov(rs, (const struct iovec *)a[1], a[2], (uint64_t)result);
        break;
    case SYS_recvfrom:
        fred_regions_add(rs, (void *)a[1], (uint64_t)result);
        if (cap->name) {
            fred_regions_add(rs, (void *)a[5], sizeof(socklen_t));
            fred_regions_add(rs, (void *)a[4], cap->name);
        }
        break;
    case SYS_recvmsg: {
        struct msghdr *m = (struct msghdr *)a[1];
        add_iov(rs, m->msg_iov, (long)m->msg_iovlen, (uint64_t)result);
        fred_regions_add(rs, &m->msg_namelen, sizeof m->msg_namelen);
        fred_regions_add(rs, m->msg_name, cap->name);
        fred_regions_add(rs, &m->msg_controllen, sizeof m->msg_controllen);
        fred_regions_add(rs, m->msg_control, cap->control);
        fred_regions_add(rs, &m->msg_flags, sizeof m->msg_flags);
        break;
    }
    case SYS_getrandom:
        fred_regions_add(rs, (void *)a[0], (uint64_t)result);
        break;
    case SYS_poll:
    case SYS_ppoll:
        fred_regions_add(rs, (void *)a[0], (uint64_t)a[1] * sizeof(struct pollfd));
        break;
    case SYS_select:
    case SYS_pselect6:
        fred_regions_add(rs, (void *)a[1], fd_set_bytes(a[0]));
        fred_regions_add(rs, (void *)a[2], fd_set_bytes(a[0]));
        fred_regions_add(rs, (void *)a[3], fd_set_bytes(a[0]));
        fred_regions_add(rs, (void *)a[4], nr == SYS_select ? sizeof(struct timeval) : sizeof(struct timespec));
        break;
    case SYS_epoll_wait:
    case SYS_epoll_pwait:
        fred_regions_add(rs, (void *)a[1], (uint64_t)result * sizeof(struct epoll_event));
        break;
    case SYS_clock_gettime:
        fred_regions_add(rs, (void *)a[1], sizeof(struct timespec));
        break;
    case SYS_gettimeofday:
        fred_regions_add(rs, (void *)a[0], sizeof(struct timeval));
        fred_regions_add(rs, (void *)a[1], sizeof(struct timezone));
        break;
    case SYS_time:
        fred_regions_add(rs, (void *)a[0], sizeof(time_t));
        break;
    case SYS_times:
        fred_regions_add(rs, (void *)a[0], sizeof(struct tms));
        break;
    case SYS_wait4:                 /* a child reaped: its status and usage */
        if (result > 0) {
            fred_regions_add(rs, (void *)a[1], sizeof(int));
            fred_regions_add(rs, (void *)a[3], sizeof(struct rusage));
        }
        break;
    case SYS_waitid:
        fred_regions_add(rs, (void *)a[2], sizeof(siginfo_t));
        fred_regions_add(rs, (void *)a[4], sizeof(struct rusage));
        break;
    default:
        break;
    }
}

/* What must match on replay: the descriptor (or clock) and the size asked for. */
void fred_call_key(long nr, const long a[6], int64_t *key, int64_t *size)
{
    *key = 0;
    *size = 0;
    switch (nr) {
    case SYS_read: case SYS_pread64: case SYS_recvfrom: case SYS_write: case SYS_sendto:
        *key = a[0];
        *size = a[2];
        break;
    case SYS_readv: case SYS_preadv: case SYS_preadv2: case SYS_writev:
        *key = a[0];
        *size = (int64_t)iov_total((const struct iovec *)a[1], a[2]);
        break;
    case SYS_recvmsg: case SYS_sendmsg:
        *key = a[0];
        *size = (int64_t)iov_total(((const struct msghdr *)a[1])->msg_iov, (long)((const struct msghdr *)a[1])->msg_iovlen);
        break;
    case SYS_getrandom:
        *key = a[2];
        *size = a[1];
        break;
    case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
        *size = a[1];
        if (nr == SYS_select || nr == SYS_pselect6) *size = a[0];
        break;
    case SYS_epoll_wait: case SYS_epoll_pwait:
        *key = a[0];
        *size = a[2];
        break;
    case SYS_clock_gettime:
        *key = a[0];
        break;
    case SYS_wait4:                 /* which child, with which options */
        *key = a[0];
        *size = a[2];
        break;
    case SYS_waitid:
        *key = a[1];
        *size = a[3];
        break;
    default:
        break;
    }
}

static int is_input_call(long nr)
{
    return nr == SYS_read || nr == SYS_pread64 || nr == SYS_readv || nr == SYS_preadv || nr == SYS_preadv2 ||
           nr == SYS_recvfrom || nr == SYS_recvmsg;
}

/* Reads of regular files are done again on replay and checked by a hash: files are
 * large and usually unchanged; a change is a divergence fred reports. Everything else
 * (terminals, pipes, sockets, /dev/urandom) is answered from the log. */
int fred_reads_regular_file(long nr, const long a[6])
{
    if (!is_input_call(nr)) return 0;
    struct stat st;
    long args[6] = { a[0], (long)&st, 0, 0, 0, 0 };
    return fred_record_raw(SYS_fstat, args) == 0 && S_ISREG(st.st_mode);
}

uint64_t fred_regions_hash(const struct regions *rs)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (int i = 0; i < rs->count; i++) {
        const unsigned char *p = (const unsigned char *)rs->r[i].ptr;
        uint64_t n = rs->r[i].len, k = 0;
        for (; k + 8 <= n; k += 8) {
            uint64_t w;
            memcpy(&w, p + k, 8);
            h = (h ^ w) * 0x100000001b3ull;
            h ^= h >> 29;
        }
        for (; k < n; k++) h = (h ^ p[k]) * 0x100000001b3ull;
    }
    return h;
}

/* ---- naming calls in messages ---- */

const char *fred_call_name(uint32_t call)
{
    switch (call) {
    case SYS_read: return "read";
    case SYS_pread64: return "pread";
    case SYS_readv: return "readv";
    case SYS_preadv: case SYS_preadv2: return "preadv";
    case SYS_recvfrom: return "recvfrom";
    case SYS_recvmsg: return "recvmsg";
    case SYS_write: return "write";
    case SYS_writev: return "writev";
    case SYS_sendto: return "sendto";
    case SYS_sendmsg: return "sendmsg";
    case SYS_getrandom: return "getrandom";
    case SYS_poll: return "poll";
    case SYS_ppoll: return "ppoll";
    case SYS_select: return "select";
    case SYS_pselect6: return "pselect";
    case SYS_epoll_wait: return "epoll_wait";
    case SYS_epoll_pwait: return "epoll_pwait";
    case SYS_clock_gettime: case FRED_CALL_VDSO_CLOCK_GETTIME: return "clock_gettime";
    case SYS_gettimeofday: case FRED_CALL_VDSO_GETTIMEOFDAY: return "gettimeofday";
    case SYS_time: case FRED_CALL_VDSO_TIME: return "time";
    case SYS_times: return "times";
    case FRED_CALL_CLOCK: return "clock";
    case FRED_CALL_SIGNAL: return "signal";
    case FRED_CALL_TURN: return "turn";
    case SYS_fork: return "fork";
    case SYS_kill: return "kill";
    case SYS_wait4: return "wait4";
    case SYS_waitid: return "waitid";
    case FRED_CALL_SPAWN: return "posix_spawn";
    case FRED_CALL_SYSTEM: return "system";
    case FRED_CALL_POPEN: return "popen";
    case FRED_CALL_PCLOSE: return "pclose";
    default: return "a system call";
    }
}

int fred_call_describe(char *out, size_t cap, uint32_t call, int64_t key, int64_t size)
{
    switch (call) {
    case SYS_clock_gettime: case FRED_CALL_VDSO_CLOCK_GETTIME:
        return snprintf(out, cap, "clock_gettime(clock %lld)", (long long)key);
    case SYS_getrandom:
        return snprintf(out, cap, "getrandom(%lld bytes)", (long long)size);
    case SYS_poll: case SYS_ppoll: case SYS_select: case SYS_pselect6:
        return snprintf(out, cap, "%s(%lld descriptors)", fred_call_name(call), (long long)size);
    case FRED_CALL_SIGNAL:
        return snprintf(out, cap, "signal %lld", (long long)key);
    case FRED_CALL_TURN:
        return snprintf(out, cap, "thread %lld's turn", (long long)key);
    case SYS_gettimeofday: case SYS_time: case SYS_times: case FRED_CALL_CLOCK:
    case FRED_CALL_VDSO_GETTIMEOFDAY: case FRED_CALL_VDSO_TIME: case SYS_fork:
        return snprintf(out, cap, "%s()", fred_call_name(call));
    case SYS_wait4: case SYS_kill:
        return snprintf(out, cap, "%s(pid %lld)", fred_call_name(call), (long long)key);
    case SYS_waitid:
        return snprintf(out, cap, "waitid(id %lld)", (long long)key);
    case FRED_CALL_SPAWN: case FRED_CALL_SYSTEM: case FRED_CALL_POPEN:
        return snprintf(out, cap, "%s(command %llx)", fred_call_name(call), (unsigned long long)key);
    case FRED_CALL_PCLOSE:
        return snprintf(out, cap, "pclose(fd %lld)", (long long)key);
    default:
        return snprintf(out, cap, "%s(fd %lld, %lld bytes)", fred_call_name(call), (long long)key, (long long)size);
    }
}
