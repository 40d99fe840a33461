/* fred_state_outside.c - see fred_state_outside.h. */
#define _GNU_SOURCE
#include "fred_state_outside.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <termios.h>
#include <unistd.h>

#define ERESTARTSYS 512
#define ERESTARTNOINTR 513
#define ERESTARTNOHAND 514
#define ERESTART_RESTARTBLOCK 516

/* "<name>:\t<value>" of a /proc status-like text, parsed in base; 0 if absent. */
static unsigned long long field_of(const char *text, const char *name, int base)
{
    const char *p = strstr(text, name);
    return p ? strtoull(p + strlen(name), NULL, base) : 0;
}

static int is_terminal(const struct stat *sb)
{
    unsigned major = major(sb->st_rdev), minor = minor(sb->st_rdev);
    return S_ISCHR(sb->st_mode) && (major == 4 || (major >= 136 && major <= 143) || (major == 5 && minor <= 1));
}

static int save_fd(int pid, int fd, struct fred_state *st, struct fred_error *err)
{
    if (st->file_count == FRED_MAX_FILES) {
        fred_error_set(err, "more than %d open files", FRED_MAX_FILES);
        return -1;
    }
    struct fred_saved_file *f = &st->files[st->file_count];
    memset(f, 0, sizeof *f);
    f->fd = fd;
    char link[64], info[512];
    snprintf(link, sizeof link, "/proc/%d/fd/%d", pid, fd);
    ssize_t n = readlink(link, f->path, sizeof f->path - 1);
    struct stat sb;
    if (n < 0 || stat(link, &sb) < 0) return 0;          /* closed meanwhile */
    f->path[n] = 0;
    snprintf(link, sizeof link, "/proc/%d/fdinfo/%d", pid, fd);
    n = fred_read_file(link, info, sizeof info - 1);
    if (n <= 0) return 0;
    info[n] = 0;
    unsigned flags = (unsigned)field_of(info, "flags:", 8);
    f->open_flags = (int)(flags & ~(unsigned)O_CLOEXEC);
    f->fd_flags = flags & O_CLOEXEC ? FD_CLOEXEC : 0;
    if (S_ISREG(sb.st_mode)) {
        f->kind = FRED_FILE_REGULAR;
        f->offset = field_of(info, "pos:", 10);
        f->size = (uint64_t)sb.st_size;
        f->mtime_ns = (uint64_t)sb.st_mtim.tv_sec * 1000000000ull + (uint64_t)sb.st_mtim.tv_nsec;
        if (strstr(f->path, " (deleted)")) {
            fred_error_set(err, "fd %d refers to a deleted file (%s); fred cannot restore it", fd, f->path);
            return -1;
        }
    } else if (S_ISDIR(sb.st_mode)) {
        f->kind = FRED_FILE_DIRECTORY;
    } else if (is_terminal(&sb)) {
        f->kind = fd <= 2 ? FRED_FILE_STANDARD : FRED_FILE_TERMINAL;
    } else if (S_ISCHR(sb.st_mode) && f->path[0] == '/') {
        f->kind = FRED_FILE_DEVICE;
    } else if (fd <= 2) {
        f->kind = FRED_FILE_STANDARD;
    } else {
        const char *what = S_ISFIFO(sb.st_mode) ? "a pipe" : S_ISSOCK(sb.st_mode) ? "a socket" : "a special file";
        fred_error_set(err, "fd %d is %s (%s); fred cannot checkpoint pipes, sockets or special files yet "
                       "(if it was inherited, start the program with 'fred-ckpt launch', which closes such descriptors)",
                       fd, what, f->path);
        return -1;
    }
    st->file_count++;
    return 0;
}

static int save_files(int pid, struct fred_state *st, struct fred_error *err)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/fd", pid);
    DIR *d = opendir(path);
    if (!d) {
        fred_error_set(err, "cannot list %s: %s", path, strerror(errno));
        return -1;
    }
    int fds[1024], count = 0;
    for (struct dirent *e; (e = readdir(d)) && count < 1024;)
        if (e->d_name[0] != '.') fds[count++] = atoi(e->d_name);
    closedir(d);
    st->file_count = 0;
    st->termios_fd = -1;
    for (int i = 0; i < count; i++) {
        int before = st->file_count;
        if (save_fd(pid, fds[i], st, err) < 0) return -1;
        if (st->file_count == before) continue;          /* closed meanwhile */
        const struct fred_saved_file *f = &st->files[st->file_count - 1];
        if (st->termios_fd < 0 && f->fd <= 2 && f->kind == FRED_FILE_STANDARD) {
            /* the terminal's settings, read through our own descriptor of it */
            snprintf(path, sizeof path, "/proc/%d/fd/%d", pid, f->fd);
            int tty = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
            if (tty >= 0 && isatty(tty) && tcgetattr(tty, &st->termios) == 0) st->termios_fd = f->fd;
            if (tty >= 0) close(tty);
        }
    }
    return 0;
}

/* Handlers (rt_sigaction) and the current brk, asked of the process itself. */
static int ask_process(struct fred_tracee *t, const struct user_regs_struct *regs, const char *status, struct fred_state *st,
                       struct fred_error *err)
{
    uint64_t wanted = field_of(status, "SigCgt:", 16) | field_of(status, "SigIgn:", 16);
    long page, brk, ignored;
    const long map[6] = { 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0 };
    if (fred_inject_syscall(t, regs, SYS_mmap, map, &page, err) < 0) return -1;
    if (page < 0 && page > -4096) {
        fred_error_set(err, "process %d could not map a page for fred (error %ld)", t->pid, -page);
        return -1;
    }
    int rc = -1;
    for (int sig = 1; sig <= 64; sig++) {
        memset(&st->actions[sig], 0, sizeof st->actions[sig]);
        if (!(wanted & (1ull << (sig - 1)))) continue;
        const long args[6] = { sig, 0, page, 8, 0, 0 };
        long r;
        if (fred_inject_syscall(t, regs, SYS_rt_sigaction, args, &r, err) < 0) goto out;
        if (r == 0 && fred_read_memory(t, (uint64_t)page, &st->actions[sig], sizeof st->actions[sig]) < 0) {
            fred_error_set(err, "cannot read the signal handlers of process %d: %s", t->pid, strerror(errno));
            goto out;
        }
    }
    const long none[6] = { 0 };
    if (fred_inject_syscall(t, regs, SYS_brk, none, &brk, err) < 0) goto out;
    st->mm.brk = (uint64_t)brk;
    rc = 0;
out:;
    const long unmap[6] = { page, 4096, 0, 0, 0, 0 };
    if (fred_inject_syscall(t, regs, SYS_munmap, unmap, &ignored, rc < 0 ? NULL : err) < 0) rc = -1;
    return rc;
}

static int capture_cpu(struct fred_tracee *t, struct user_regs_struct *regs, struct fred_outside_record *rec, struct fred_error *err)
{
    memset(&rec->state, 0, sizeof rec->state);
    long xsize = fred_get_xstate(t, rec->xsave, sizeof rec->xsave);
    if (fred_get_regs(t, regs) < 0 || xsize < 0 || ptrace(PTRACE_GETSIGMASK, t->pid, (void *)8, &rec->state.sigmask) < 0) {
        fred_error_set(err, "cannot read the registers of process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    rec->state.xsave_size = (uint32_t)xsize;
    struct user_regs_struct saved = *regs;
    /* stopped inside an interrupted system call: the image resumes by making it again */
    long rax = (long)saved.rax;
    if ((long)saved.orig_rax >= 0 && (rax == -ERESTARTSYS || rax == -ERESTARTNOINTR || rax == -ERESTARTNOHAND ||
                                      rax == -ERESTART_RESTARTBLOCK)) {
        saved.rax = saved.orig_rax;
        saved.rip -= 2;
    }
    saved.orig_rax = (uint64_t)-1;
    memcpy(rec->state.regs, &saved, sizeof saved);
    return 0;
}

static void read_rseq(int pid, struct fred_state *st)
{
    struct __ptrace_rseq_configuration conf = { 0 };
    st->rseq_addr = 0;
    if (ptrace(PTRACE_GET_RSEQ_CONFIGURATION, pid, (void *)sizeof conf, &conf) < 0 || !conf.rseq_abi_pointer) return;
    st->rseq_addr = conf.rseq_abi_pointer;
    st->rseq_len = conf.rseq_abi_size < 32 ? 32 : conf.rseq_abi_size;
    st->rseq_sig = conf.signature;
}

static void read_identity(int pid, struct fred_state *st)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/cwd", pid);
    ssize_t n = readlink(path, st->cwd, sizeof st->cwd - 1);
    st->cwd[n > 0 ? n : 0] = 0;
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    n = readlink(path, st->exe, sizeof st->exe - 1);
    st->exe[n > 0 ? n : 0] = 0;
    snprintf(path, sizeof path, "/proc/%d/auxv", pid);
    n = fred_read_file(path, (char *)st->auxv, sizeof st->auxv);
    st->auxv_words = n > 0 ? (int)(n / 8) : 0;
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    n = fred_read_file(path, st->cmdline, sizeof st->cmdline - 1);
    if (n < 0) n = 0;
    for (ssize_t i = 0; i < n; i++) if (!st->cmdline[i]) st->cmdline[i] = ' ';
    while (n > 0 && st->cmdline[n - 1] == ' ') n--;
    st->cmdline[n] = 0;
    char text[32];
    snprintf(path, sizeof path, "/proc/%d/personality", pid);
    n = fred_read_file(path, text, sizeof text - 1);
    text[n > 0 ? n : 0] = 0;
    st->personality = (unsigned)strtoul(text, NULL, 16);
}

int fred_state_capture_outside(struct fred_tracee *t, struct fred_state *st, struct fred_outside_record *rec, struct fred_error *err)
{
    int pid = t->pid;
    char path[64], status[4096];
    memset(st, 0, sizeof *st);
    st->pid = pid;
    if (fred_check_threads_and_children(pid, 1, err) < 0 || save_files(pid, st, err) < 0) return -1;
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    ssize_t n = fred_read_file(path, status, sizeof status - 1);
    if (n <= 0) {
        fred_error_set(err, "cannot read %s: %s", path, strerror(errno));
        return -1;
    }
    status[n] = 0;
    st->umask = (mode_t)field_of(status, "Umask:", 8);
    struct user_regs_struct regs;
    if (capture_cpu(t, &regs, rec, err) < 0) return -1;
    rec->state.pending = field_of(status, "SigPnd:", 16) | field_of(status, "ShdPnd:", 16);
    st->fs_base = regs.fs_base;
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (fred_state_read_mm(path, &st->mm) < 0) {
        fred_error_set(err, "cannot read %s", path);
        return -1;
    }
    if (ask_process(t, &regs, status, st, err) < 0) return -1;
    read_rseq(pid, st);
    read_identity(pid, st);
    struct fred_outside_state *o = &rec->state;
    memcpy(o->actions, &st->actions[1], sizeof o->actions);
    o->rseq_addr = st->rseq_addr;
    o->rseq_len = st->rseq_len;
    o->rseq_sig = st->rseq_sig;
    o->umask = st->umask;
    o->termios_fd = st->termios_fd;
    memcpy(o->termios, &st->termios, sizeof st->termios);
    return 0;
}

_Static_assert(sizeof(struct termios) <= sizeof(((struct fred_outside_state *)0)->termios), "termios fits the image record");
_Static_assert(sizeof(((struct fred_state *)0)->actions[1]) * 64 == sizeof(((struct fred_outside_state *)0)->actions),
               "one kernel sigaction per signal");
