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
#include "fred_timers.h"
#include "fred_util.h"

#define FRED_MAX_FILES 256

struct fred_saved_file {
    int fd;
    int kind;                 /* enum fred_file_kind */
    int open_flags;
    int fd_flags;
    uint64_t offset;
    uint64_t size, mtime_ns;
    uint64_t dev, ino;        /* regular files: which file (the path may name another one later) */
    char path[480];
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
    struct fred_timers timers;
};

/*
 * Capture everything above. Fails (returns -1 with a message naming the thing) when the
 * process holds state fred cannot restore yet: more threads than the caller stopped
 * (threads, counting itself), child processes, pipes, sockets or other special files
 * beyond fds 0-2, deleted files. skip_fd is a descriptor the caller itself has open (-1 for none).
 */
int fred_state_capture(struct fred_state *st, int skip_fd, int threads, struct fred_error *err);

/* Refuses (-1, reason in err) a process with another number of threads than `threads`,
 * or with children (of any of its threads). Safe in a signal handler: no malloc. */
int fred_check_threads_and_children(int pid, int threads, struct fred_error *err);

/* The mm fields (all but brk) from a /proc/PID/stat file; -1 if unreadable. */
int fred_state_read_mm(const char *stat_path, struct fred_mm_fields *mm);

/* After a restart from an image: handlers, rseq, files, cwd, umask, terminal, timers.
 * fds 0-2 that were regular files: if the restarting caller's descriptor is that file,
 * it is put at the saved offset; if it is not a regular file (a terminal, a pipe), the
 * file is opened again at that offset; another regular file the caller chose is kept. */
void fred_state_apply_after_restart(const struct fred_state *st, int send_winch);

/*
 * In a resumed snapshot, whose open file descriptions were shared by fork with the program
 * that went on: descriptors >= 3 get fresh descriptions at their saved offsets, fds 0-2
 * that are regular files (`run < FILE`) are put back at their offsets (the description
 * stays shared with whoever opened it), and the timers are armed again.
 */
void fred_state_apply_after_resume(const struct fred_state *st);

/*
 * Put standard descriptor fd (0-2), a regular file at checkpoint time, back at offset.
 * If fd is now that very file (dev/ino; 0/0: the file at path), seek it; if fd is not a
 * regular file, open path again onto fd; another regular file is left alone. -1: errno.
 */
int fred_standard_file_put_back(int fd, const char *path, int open_flags, uint64_t offset, uint64_t dev, uint64_t ino);

#endif
