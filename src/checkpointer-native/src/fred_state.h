/*
 * fred_state.h - the kernel state of a process that memory alone does not carry:
 * open files, signal handlers, terminal settings, working directory, umask, rseq,
 * fs_base, the mm fields and auxv. It is captured into the library's own memory at
 * checkpoint time (so it travels inside the image, seed 000's plugin model) and put
 * back by the restarted process itself, with libc available.
 */
#ifndef FRED_STATE_H
#define FRED_STATE_H

#include <stdint.h>
#include <sys/types.h>
#include <termios.h>

#include "../include/fred_image.h"
#include "fred_util.h"

#define FRED_MAX_FILES 256

struct fred_saved_file {
    int fd;
    int kind;                 /* enum fred_file_kind */
    int open_flags;
    int fd_flags;
    uint64_t offset;
    uint64_t size, mtime_ns;
    char path[496];
};

/* The kernel's struct sigaction for rt_sigaction (not glibc's). */
struct fred_kernel_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};

struct fred_state {
    int pid;
    int file_count;
    struct fred_saved_file files[FRED_MAX_FILES];
    struct fred_kernel_sigaction actions[65];
    int termios_fd;           /* -1 if no standard stream was a terminal */
    struct termios termios;
    char cwd[FRED_PATH_MAX];
    mode_t umask;
    uint64_t fs_base;
    uint64_t rseq_addr;
    uint32_t rseq_len, rseq_sig;
    unsigned personality;
    struct fred_mm_fields mm;
    uint64_t auxv[96];
    int auxv_words;
    char exe[FRED_PATH_MAX];
    char cmdline[512];
};

/*
 * Capture everything above. Fails (returns -1 with a message naming the thing) when the
 * process holds state fred cannot restore yet: more than one thread, child processes,
 * pipes, sockets or other special files beyond fds 0-2, deleted files.
 * skip_fd is a descriptor the caller itself has open (-1 for none).
 */
int fred_state_capture(struct fred_state *st, int skip_fd, struct fred_error *err);

/* Refuses (-1, reason in err) a process with more than one thread or with children.
 * Safe in a signal handler: no malloc. */
int fred_check_threads_and_children(int pid, struct fred_error *err);

/* The mm fields (all but brk) from a /proc/PID/stat file; -1 if unreadable. */
int fred_state_read_mm(const char *stat_path, struct fred_mm_fields *mm);

/* After a restart from an image: handlers, rseq, files, cwd, umask, terminal. */
void fred_state_apply_after_restart(const struct fred_state *st);

/*
 * Give descriptors >= 3 fresh open file descriptions at their saved offsets (used by a
 * resumed snapshot, whose descriptions were shared with the live process by fork).
 */
void fred_state_reopen_files(const struct fred_state *st);

#endif
