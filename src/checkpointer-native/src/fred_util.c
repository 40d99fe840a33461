/* fred_util.c - see fred_util.h. */
#define _GNU_SOURCE
#include "fred_util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void fred_error_set(struct fred_error *err, const char *fmt, ...)
{
    if (!err) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

/* Read up to cap bytes (to the end of the file), then close fd; -1 with errno on error. */
static ssize_t read_and_close(int fd, char *buf, size_t cap)
{
    size_t used = 0;
    while (used < cap) {
        ssize_t n = read(fd, buf + used, cap - used);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { int e = errno; close(fd); errno = e; return -1; }
        if (n == 0) break;
        used += (size_t)n;
    }
    close(fd);
    return (ssize_t)used;
}

ssize_t fred_read_file(const char *path, char *buf, size_t cap)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    return read_and_close(fd, buf, cap);
}

int fred_thread_alive(int pid, int tid)
{
    char path[96], text[512];
    if (pid > 0) snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
    else snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
    ssize_t n = fred_read_file(path, text, sizeof text - 1);
    if (n <= 0) return 0;
    text[n] = 0;
    char *p = strrchr(text, ')');
    return p && p[1] && p[2] != 'Z' && p[2] != 'X';
}

int fred_write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) { errno = ENOSPC; return -1; }
        p += n; len -= (size_t)n;
    }
    return 0;
}

int fred_pwrite_all(int fd, const void *buf, size_t len, uint64_t offset)
{
    const char *p = buf;
    while (len) {
        ssize_t n = pwrite(fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) { errno = ENOSPC; return -1; }
        p += n; len -= (size_t)n; offset += (uint64_t)n;
    }
    return 0;
}

int fred_pread_all(int fd, void *buf, size_t len, uint64_t offset)
{
    char *p = buf;
    while (len) {
        ssize_t n = pread(fd, p, len, (off_t)offset);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        if (n == 0) { errno = EIO; return -1; }
        p += n; len -= (size_t)n; offset += (uint64_t)n;
    }
    return 0;
}

int fred_trusted_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat sb;
    int ok = fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode) && sb.st_uid == geteuid() && (sb.st_mode & 077) == 0;
    close(fd);
    if (!ok) errno = EPERM;
    return ok ? 0 : -1;
}

int fred_ensure_private_dir(const char *dir)
{
    if (mkdir(dir, 0700) < 0 && errno != EEXIST) return -1;
    return fred_trusted_dir(dir);
}

/* The directory part of path, or -1 if it does not fit. */
static int parent_of(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t len = slash ? (size_t)(slash - path) : 1;
    if (len == 0) len = 1;                          /* "/name" */
    if (len >= cap) { errno = ENAMETOOLONG; return -1; }
    memcpy(out, slash ? path : ".", len);
    out[len] = 0;
    return 0;
}

ssize_t fred_read_control_file(const char *path, char *buf, size_t cap)
{
    char dir[1100];
    if (parent_of(path, dir, sizeof dir) < 0 || fred_trusted_dir(dir) < 0) return -1;
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return -1;
    struct stat sb;
    if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_uid != geteuid()) { close(fd); errno = EPERM; return -1; }
    return read_and_close(fd, buf, cap);
}

int fred_write_file_atomic(const char *path, const char *text)
{
    char tmp[1100], dir[1100];
    if (parent_of(path, dir, sizeof dir) < 0 || fred_trusted_dir(dir) < 0) return -1;
    if ((size_t)snprintf(tmp, sizeof tmp, "%s.%d.tmp", path, (int)getpid()) >= sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    /* a leftover of ours (same pid, killed writer) may be there; nothing else can be */
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST && unlink(tmp) == 0) fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    if (fred_write_all(fd, text, strlen(text)) < 0) {
        int e = errno; close(fd); unlink(tmp); errno = e;
        return -1;
    }
    close(fd);
    if (rename(tmp, path) < 0) { int e = errno; unlink(tmp); errno = e; return -1; }
    return 0;
}

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
uint64_t fred_now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }
uint64_t fred_wall_ns(void) { return clock_ns(CLOCK_REALTIME); }

/* Next free address of the work window; a forked writer has its own copy of it. */
static uint64_t work_cursor = FRED_WORK_START;

void *fred_map(size_t len)
{
    len = (len + 4095) & ~(size_t)4095;
    for (int tries = 0; tries < 64; tries++) {
        if (work_cursor + len > FRED_WORK_END) work_cursor = FRED_WORK_START;
        void *want = (void *)work_cursor;
        work_cursor += len + 4096;            /* a gap keeps buffers from merging */
        void *p = mmap(want, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (p == want) return p;
        if (p != MAP_FAILED) munmap(p, len);
    }
    return NULL;
}

void fred_unmap(void *p, size_t len)
{
    if (p) munmap(p, len);
}

size_t fred_copy_string(char *dst, const char *src, size_t cap)
{
    size_t n = strlen(src);
    if (cap) {
        size_t m = n < cap - 1 ? n : cap - 1;
        memcpy(dst, src, m);
        dst[m] = 0;
    }
    return n;
}

int fred_call_on_own_stack(int (*fn)(void *), void *arg)
{
    enum { STACK_SIZE = 1 << 20 };
    char *stack = fred_map(STACK_SIZE);
    if (!stack) return fn(arg);
    int result;
    __asm__ volatile("mov %%rsp, %%rbx\n\t"
                     "mov %[top], %%rsp\n\t"
                     "mov %[arg], %%rdi\n\t"
                     "call *%[fn]\n\t"
                     "mov %%rbx, %%rsp\n\t"
                     : "=a"(result)
                     : [top] "r"(stack + STACK_SIZE - 64), [arg] "r"(arg), [fn] "r"(fn)
                     : "rbx", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory", "cc",
                       "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
                       "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
    fred_unmap(stack, STACK_SIZE);
    return result;
}
