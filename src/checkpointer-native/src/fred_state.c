/* fred_state.c - see fred_state.h. Runs in the checkpoint signal handler: no malloc. */
#define _GNU_SOURCE
#include "fred_state.h"

#include <asm/prctl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/rseq.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* Calls fn(name) for each entry of a /proc directory; returns -1 on error. */
static int each_entry(const char *dir, int (*fn)(const char *name, void *ctx), void *ctx, int *dir_fd_out)
{
    char buf[4096];
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    if (dir_fd_out) *dir_fd_out = fd;
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
        if (n <= 0) { close(fd); return n < 0 ? -1 : 0; }
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            off += d->d_reclen;
            if (d->d_name[0] == '.') continue;
            if (fn(d->d_name, ctx) < 0) { close(fd); return -1; }
        }
    }
}

static int count_entry(const char *name, void *ctx) { (void)name; (*(int *)ctx)++; return 0; }


struct fd_walk {
    struct fred_state *st;
    struct fred_error *err;
    int skip_fd;
    int dir_fd;
};

static uint64_t mtime_ns(const struct stat *sb)
{
    return (uint64_t)sb->st_mtim.tv_sec * 1000000000ull + (uint64_t)sb->st_mtim.tv_nsec;
}

static int save_fd(const char *name, void *ctx)
{
    struct fd_walk *w = ctx;
    int fd = atoi(name);
    if (fd == w->skip_fd || fd == w->dir_fd) return 0;
    struct fred_state *st = w->st;
    if (st->file_count == FRED_MAX_FILES) {
        fred_error_set(w->err, "more than %d open files", FRED_MAX_FILES);
        return -1;
    }
    struct fred_saved_file *f = &st->files[st->file_count];
    memset(f, 0, sizeof *f);
    f->fd = fd;
    char link[64];
    snprintf(link, sizeof link, "/proc/thread-self/fd/%d", fd);
    ssize_t n = readlink(link, f->path, sizeof f->path - 1);
    if (n < 0) return 0;             /* closed meanwhile */
    f->path[n] = 0;
    struct stat sb;
    if (fstat(fd, &sb) < 0) return 0;
    f->open_flags = fcntl(fd, F_GETFL);
    f->fd_flags = fcntl(fd, F_GETFD);
    if (S_ISREG(sb.st_mode)) {
        f->kind = FRED_FILE_REGULAR;
        f->offset = (uint64_t)lseek(fd, 0, SEEK_CUR);
        f->size = (uint64_t)sb.st_size;
        f->mtime_ns = mtime_ns(&sb);
        f->dev = (uint64_t)sb.st_dev;
        f->ino = (uint64_t)sb.st_ino;
        if (strstr(f->path, " (deleted)")) {
            fred_error_set(w->err, "fd %d refers to a deleted file (%s); fred cannot restore it", fd, f->path);
            return -1;
        }
    } else if (S_ISDIR(sb.st_mode)) {
        f->kind = FRED_FILE_DIRECTORY;
    } else if (S_ISCHR(sb.st_mode) && isatty(fd)) {
        f->kind = fd <= 2 ? FRED_FILE_STANDARD : FRED_FILE_TERMINAL;
    } else if (S_ISCHR(sb.st_mode) && f->path[0] == '/') {
        f->kind = FRED_FILE_DEVICE;
    } else if (fd <= 2) {
        f->kind = FRED_FILE_STANDARD;    /* a pipe or socket as a standard stream: the restarting caller's is used */
    } else {
        const char *what = S_ISFIFO(sb.st_mode) ? "a pipe" : S_ISSOCK(sb.st_mode) ? "a socket" : "a special file";
        fred_error_set(w->err, "fd %d is %s (%s); fred cannot checkpoint pipes, sockets or special files yet "
                       "(if it was inherited, start the program with 'fred-ckpt launch', which closes such descriptors)",
                       fd, what, f->path);
        return -1;
    }
    st->file_count++;
    return 0;
}

static int save_files(struct fred_state *st, int skip_fd, struct fred_error *err)
{
    struct fd_walk w = { st, err, skip_fd, -1 };
    st->file_count = 0;
    if (each_entry("/proc/thread-self/fd", save_fd, &w, &w.dir_fd) < 0) {
        if (!err->message[0]) fred_error_set(err, "cannot list /proc/thread-self/fd: %s", strerror(errno));
        return -1;
    }
    return 0;
}

struct children_walk {
    int pid;
    struct fred_error *err;
};

static int refuse_children_of(const char *tid, void *ctx)
{
    struct children_walk *w = ctx;
    char path[96], children[256];
    snprintf(path, sizeof path, "/proc/%d/task/%s/children", w->pid, tid);
    ssize_t n = fred_read_file(path, children, sizeof children - 1);
    if (n <= 0) return 0;
    children[n] = 0;
    fred_error_set(w->err, "the process has child processes (%s); fred cannot checkpoint process trees yet", children);
    return -1;
}

int fred_check_threads_and_children(int pid, int allowed, struct fred_error *err)
{
    char task[64];
    snprintf(task, sizeof task, "/proc/%d/task", pid);
    int threads = 0;
    each_entry(task, count_entry, &threads, NULL);
    /* the first thread ended before the others (pthread_exit in main): nothing of it to save */
    if (threads > 1 && !fred_thread_alive(pid, pid)) threads--;
    if (threads > 1 && allowed == 1) {
        fred_error_set(err, "the process has %d threads; fred checkpoints several threads only from its preload library's "
                       "checkpoint signal (not statically linked programs, not checkpoint series)", threads);
        return -1;
    }
    if (threads != allowed && threads > 1) {
        fred_error_set(err, "the process has %d threads, %d stopped for the checkpoint (threads were starting); try again",
                       threads, allowed);
        return -1;
    }
    struct children_walk w = { pid, err };
    return each_entry(task, refuse_children_of, &w, NULL) < 0 && err->message[0] ? -1 : 0;
}

/* Fields of /proc/PID/stat after the command name, 1-based as in proc(5). */
int fred_state_read_mm(const char *stat_path, struct fred_mm_fields *mm)
{
    char buf[2048];
    ssize_t n = fred_read_file(stat_path, buf, sizeof buf - 1);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    uint64_t field[64] = { 0 };
    int index = 3;
    p += 2;
    while (*p && index < 64) {
        while (*p == ' ') p++;
        if (!*p) break;
        field[index++] = strtoull(p, &p, 10);
        if (*p && *p != ' ') while (*p && *p != ' ') p++;
    }
    mm->start_code = field[26];
    mm->end_code = field[27];
    mm->start_stack = field[28];
    mm->start_data = field[45];
    mm->end_data = field[46];
    mm->start_brk = field[47];
    mm->arg_start = field[48];
    mm->arg_end = field[49];
    mm->env_start = field[50];
    mm->env_end = field[51];
    return 0;
}

int fred_state_capture(struct fred_state *st, int skip_fd, int threads, struct fred_error *err)
{
    st->pid = getpid();
    if (fred_check_threads_and_children(st->pid, threads, err) < 0) return -1;
    if (save_files(st, skip_fd, err) < 0) return -1;
    for (int sig = 1; sig <= 64; sig++)
        syscall(SYS_rt_sigaction, sig, NULL, &st->actions[sig], 8);
    st->termios_fd = -1;
    for (int fd = 0; fd <= 2; fd++)
        if (isatty(fd) && tcgetattr(fd, &st->termios) == 0) { st->termios_fd = fd; break; }
    if (!getcwd(st->cwd, sizeof st->cwd)) st->cwd[0] = 0;
    st->umask = umask(022);
    umask(st->umask);
    syscall(SYS_arch_prctl, ARCH_GET_FS, &st->fs_base);
    st->rseq_addr = __rseq_size ? st->fs_base + (uint64_t)__rseq_offset : 0;
    st->rseq_len = __rseq_size < 32 ? 32 : __rseq_size;
    st->rseq_sig = RSEQ_SIG;
    st->personality = (unsigned)personality(0xffffffff);
    if (fred_state_read_mm("/proc/thread-self/stat", &st->mm) < 0) {
        fred_error_set(err, "cannot read /proc/thread-self/stat");
        return -1;
    }
    st->mm.brk = (uint64_t)syscall(SYS_brk, 0);
    ssize_t n = fred_read_file("/proc/thread-self/auxv", (char *)st->auxv, sizeof st->auxv);
    st->auxv_words = n > 0 ? (int)(n / 8) : 0;
    n = readlink("/proc/thread-self/exe", st->exe, sizeof st->exe - 1);
    st->exe[n > 0 ? n : 0] = 0;
    n = fred_read_file("/proc/thread-self/cmdline", st->cmdline, sizeof st->cmdline - 1);
    if (n < 0) n = 0;
    for (ssize_t i = 0; i < n; i++) if (!st->cmdline[i]) st->cmdline[i] = ' ';
    while (n > 0 && st->cmdline[n - 1] == ' ') n--;
    st->cmdline[n] = 0;
    fred_timers_capture(&st->timers);
    return 0;
}

static void reopen_one(const struct fred_saved_file *f)
{
    int flags = f->open_flags & ~(O_CREAT | O_EXCL | O_TRUNC);
    const char *path = f->kind == FRED_FILE_TERMINAL ? "/dev/tty" : f->path;
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0) {
        char msg[700];
        int len = snprintf(msg, sizeof msg, "fred-ckpt: could not reopen fd %d (%s): %s\n", f->fd, path, strerror(errno));
        fred_write_all(2, msg, (size_t)len);
        return;
    }
    if (fd != f->fd) {
        dup3(fd, f->fd, (f->fd_flags & FD_CLOEXEC) ? O_CLOEXEC : 0);
        close(fd);
    } else if (!(f->fd_flags & FD_CLOEXEC)) {
        fcntl(fd, F_SETFD, 0);
    }
    if (f->kind == FRED_FILE_REGULAR) lseek(f->fd, (off_t)f->offset, SEEK_SET);
}

/* Descriptors >= 3: fresh descriptions (a resumed snapshot must not move the offsets of
 * the program that went on, nor of other snapshots). */
static void reopen_files(const struct fred_state *st)
{
    for (int i = 0; i < st->file_count; i++) {
        const struct fred_saved_file *f = &st->files[i];
        if (f->fd > 2 && f->kind != FRED_FILE_STANDARD) reopen_one(f);
    }
}

int fred_standard_file_put_back(int fd, const char *path, int open_flags, uint64_t offset, uint64_t dev, uint64_t ino)
{
    struct stat now, saved;
    if (fstat(fd, &now) == 0 && S_ISREG(now.st_mode)) {
        if (!dev && !ino && stat(path, &saved) == 0) {
            dev = (uint64_t)saved.st_dev;
            ino = (uint64_t)saved.st_ino;
        }
        if ((uint64_t)now.st_dev != dev || (uint64_t)now.st_ino != ino) return 0;   /* the caller chose another file */
        return lseek(fd, (off_t)offset, SEEK_SET) < 0 ? -1 : 0;
    }
    int opened = open(path, (open_flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)) | O_CLOEXEC);
    if (opened < 0) return -1;
    if (opened != fd) {
        if (dup2(opened, fd) < 0) { close(opened); return -1; }   /* dup2 leaves fd inheritable, as fds 0-2 are */
        close(opened);
    } else {
        fcntl(fd, F_SETFD, 0);
    }
    return lseek(fd, (off_t)offset, SEEK_SET) < 0 ? -1 : 0;
}

static void put_back_standard_files(const struct fred_state *st)
{
    for (int i = 0; i < st->file_count; i++) {
        const struct fred_saved_file *f = &st->files[i];
        if (f->fd > 2 || f->kind != FRED_FILE_REGULAR) continue;
        if (fred_standard_file_put_back(f->fd, f->path, f->open_flags, f->offset, f->dev, f->ino) < 0) {
            char msg[700];
            int len = snprintf(msg, sizeof msg, "fred-ckpt: could not put fd %d (%s) back at offset %llu: %s\n", f->fd, f->path,
                               (unsigned long long)f->offset, strerror(errno));
            fred_write_all(2, msg, (size_t)len);
        }
    }
}

void fred_state_apply_after_resume(const struct fred_state *st)
{
    reopen_files(st);
    put_back_standard_files(st);
    fred_timers_apply(&st->timers);
}

void fred_state_apply_after_restart(const struct fred_state *st, int send_winch)
{
    for (int sig = 1; sig <= 64; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        syscall(SYS_rt_sigaction, sig, &st->actions[sig], NULL, 8);
    }
    if (st->rseq_addr) syscall(SYS_rseq, st->rseq_addr, st->rseq_len, 0, st->rseq_sig);
    reopen_files(st);
    put_back_standard_files(st);
    if (st->cwd[0] && chdir(st->cwd) < 0) {
        char msg[1200];
        int len = snprintf(msg, sizeof msg, "fred-ckpt: could not return to directory %s: %s\n", st->cwd, strerror(errno));
        fred_write_all(2, msg, (size_t)len);
    }
    umask(st->umask);
    if (st->termios_fd >= 0 && isatty(st->termios_fd)) {
        tcsetattr(st->termios_fd, TCSANOW, &st->termios);
        if (send_winch) kill(getpid(), SIGWINCH);   /* the new terminal may have another size: let the program redraw */
    }
    fred_timers_apply(&st->timers);
}
