/*
 * fred_util.h - small helpers that are safe inside the checkpoint signal handler and in
 * a process forked from it: no malloc, no stdio streams, no locks. snprintf into a
 * caller's buffer is used for messages (glibc's string formatting takes no lock).
 */
#ifndef FRED_UTIL_H
#define FRED_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* An error a user can act on: one line naming the thing and what went wrong. */
struct fred_error {
    char message[512];
};

void fred_error_set(struct fred_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Read a whole (small, /proc) file into buf; returns bytes read or -1 (errno set). */
ssize_t fred_read_file(const char *path, char *buf, size_t cap);
/* Whether thread tid of process pid (0: this process) runs: it exists and has not ended
 * (an ended thread may stay a zombie until the whole process ends: a main that called
 * pthread_exit). */
int fred_thread_alive(int pid, int tid);
/* Write everything or fail (-1, errno set); retries on EINTR and short writes. */
int fred_write_all(int fd, const void *buf, size_t len);
int fred_pwrite_all(int fd, const void *buf, size_t len, uint64_t offset);
int fred_pread_all(int fd, void *buf, size_t len, uint64_t offset);
/*
 * Shared directories (/tmp) are trusted only when they are real directories (not
 * symlinks) owned by us with no group/other access: otherwise another user could plant
 * requests or make us write over our own files. -1 with errno EPERM when not trusted.
 */
int fred_trusted_dir(const char *dir);
/* mkdir 0700 if missing, then fred_trusted_dir. */
int fred_ensure_private_dir(const char *dir);
/* fred_read_file for control files: a trusted directory, our own regular file, no symlink. */
ssize_t fred_read_control_file(const char *path, char *buf, size_t cap);
/* Write a file atomically in a trusted directory (O_EXCL|O_NOFOLLOW temporary name +
 * rename), mode 0600. */
int fred_write_file_atomic(const char *path, const char *text);

uint64_t fred_now_ns(void);          /* CLOCK_MONOTONIC */
uint64_t fred_wall_ns(void);         /* CLOCK_REALTIME */

/*
 * Anonymous memory outside malloc, always inside fred's work window, so that an image
 * writer can leave its own buffers out of the image; fred_unmap tolerates NULL.
 */
#define FRED_WORK_START 0x220000000000ull
#define FRED_WORK_END   0x230000000000ull
void *fred_map(size_t len);
void fred_unmap(void *p, size_t len);

/*
 * Run fn(arg) on a fresh stack. A process writing its own image must not scribble on
 * the stack it is saving (the checksums would not match what was written).
 */
int fred_call_on_own_stack(int (*fn)(void *), void *arg);

/* strlcpy semantics: always NUL-terminates, returns strlen(src). */
size_t fred_copy_string(char *dst, const char *src, size_t cap);

#endif
