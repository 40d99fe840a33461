/* fred_outside_restore.c - see fred_outside_restore.h. */
#define _GNU_SOURCE
#include "fred_outside_restore.h"
#include "fred_maps.h"
#include "fred_restore_plan.h"
#include "fred_state.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* the restorer, embedded by the build (fred_restore_blob_embed.S) */
extern const unsigned char fred_blob_start[], fred_blob_end[];

static void warn(const char *fmt, const char *what, int e)
{
    fprintf(stderr, fmt, what, strerror(e));
}

/* The saved files at their descriptors and offsets, inheritable (exec must not close them:
 * close-on-exec is set again by the supervisor). */
static void reopen_files(const struct fred_image *img)
{
    for (uint32_t i = 0; i < img->header.file_count; i++) {
        const struct fred_file *f = &img->files[i];
        if (f->fd <= 2 && f->kind == FRED_FILE_REGULAR) {
            const char *path = fred_image_string(img, f->path);
            if (fred_standard_file_put_back(f->fd, path, (int)f->open_flags, f->offset, 0, 0) < 0)
                fprintf(stderr, "fred-ckpt: could not put fd %d (%s) back at offset %llu: %s\n", f->fd, path,
                        (unsigned long long)f->offset, strerror(errno));
            continue;
        }
        if (f->fd <= 2 || f->kind == FRED_FILE_STANDARD) continue;
        const char *path = f->kind == FRED_FILE_TERMINAL ? "/dev/tty" : fred_image_string(img, f->path);
        int fd = open(path, (int)(f->open_flags & ~(uint32_t)(O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC)));
        if (fd < 0) {
            fprintf(stderr, "fred-ckpt: could not reopen fd %d (%s): %s\n", f->fd, path, strerror(errno));
            continue;
        }
        if (fd != f->fd) {
            dup2(fd, f->fd);
            close(fd);
        }
        if (f->kind == FRED_FILE_REGULAR) lseek(f->fd, (off_t)f->offset, SEEK_SET);
    }
}

static void restore_process_settings(const struct fred_image *img)
{
    const struct fred_outside_state *o = img->outside;
    if (img->header.cwd[0] && chdir(img->header.cwd) < 0) warn("fred-ckpt: could not return to directory %s: %s\n", img->header.cwd, errno);
    umask((mode_t)o->umask);
    if (o->termios_fd >= 0 && isatty(o->termios_fd)) {
        struct termios tio;
        memcpy(&tio, o->termios, sizeof tio);
        tcsetattr(o->termios_fd, TCSANOW, &tio);
    }
}

/* Move the image's descriptor above every saved one, so reopening them cannot close it. */
static int move_image_fd(struct fred_image *img)
{
    int above = 64;
    for (uint32_t i = 0; i < img->header.file_count; i++)
        if (img->files[i].fd >= above) above = img->files[i].fd + 1;
    int fd = fcntl(img->fd, F_DUPFD_CLOEXEC, above);
    if (fd < 0) return -1;
    close(img->fd);
    img->fd = fd;
    return 0;
}

static void *map_fixed(uint64_t addr, size_t len)
{
    void *p = mmap((void *)addr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    return p == MAP_FAILED || p != (void *)addr ? NULL : p;
}

int fred_outside_restart_prepare(struct fred_outside_restart *r, struct fred_error *err)
{
    struct fred_image *img = &r->img;
    const struct fred_image_header *h = &img->header;
    if (!img->outside) {
        fred_error_set(err, "%s was not taken from outside; it is restarted with the preload library", r->image);
        return -1;
    }
    if (move_image_fd(img) < 0) {
        fred_error_set(err, "cannot keep %s open: %s", r->image, strerror(errno));
        return -1;
    }
    size_t blob_len = (size_t)(fred_blob_end - fred_blob_start);
    size_t scratch_len = sizeof(struct fred_blob_args) + h->area_count * sizeof(struct fred_blob_area) +
                         h->run_count * sizeof(struct fred_blob_run) + FRED_UNMAP_MAX * sizeof(struct fred_range) + FRED_STACK_SIZE;
    scratch_len = (scratch_len + FRED_PAGE_SIZE - 1) & ~(size_t)(FRED_PAGE_SIZE - 1);
    unsigned char *blob = map_fixed(FRED_BLOB_ADDR, FRED_BLOB_MAX);
    char *scratch = map_fixed(FRED_SCRATCH_ADDR, scratch_len);
    if (!blob || !scratch || blob_len > FRED_BLOB_MAX) {
        fred_error_set(err, "cannot map the restorer at its fixed address (something else is there)");
        return -1;
    }
    memcpy(blob, fred_blob_start, blob_len);
    r->args = (struct fred_blob_args *)scratch;
    r->scratch_end = FRED_SCRATCH_ADDR + scratch_len;
    reopen_files(img);
    restore_process_settings(img);
    struct fred_blob_area *areas = (struct fred_blob_area *)(r->args + 1);
    struct fred_blob_run *runs = (struct fred_blob_run *)(areas + h->area_count);
    if (fred_restore_plan_areas(r->args, areas, runs, img, r->scratch_end, err) < 0) return -1;
    r->args->restart_info_addr = 0;               /* no library to tell */
    r->args->trap_when_done = 1;
    /* the program inherits the files the restorer maps from; it closes them when done */
    for (int i = 0; i < r->args->close_count; i++) fcntl(r->args->close_fds[i], F_SETFD, 0);
    return 0;
}

/* Run the injected restorer until its breakpoint. */
static int run_restorer(struct fred_tracee *t, const struct user_regs_struct *at_exec, const struct fred_outside_restart *r,
                        struct fred_error *err)
{
    struct user_regs_struct regs = *at_exec;
    regs.rip = FRED_BLOB_ADDR;
    regs.rsp = (r->scratch_end - 64) & ~(uint64_t)15;
    regs.rdi = (uint64_t)(uintptr_t)r->args;
    regs.orig_rax = (uint64_t)-1;
    if (fred_set_regs(t, &regs) < 0 || ptrace(PTRACE_CONT, t->pid, NULL, NULL) < 0) {
        fred_error_set(err, "cannot start the restorer in process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    for (;;) {
        int status;
        if (fred_wait_tracee(t, &status) < 0 || !WIFSTOPPED(status)) {
            fred_error_set(err, "the restorer ended process %d (see the message above)", t->pid);
            return -1;
        }
        int sig = WSTOPSIG(status);
        if (sig == SIGTRAP && (status >> 16) == 0) return 0;
        if ((status >> 16) == 0 && sig != SIGCHLD && sig != SIGWINCH && sig != SIGCONT) {
            fred_error_set(err, "the restorer in process %d stopped on signal %d (%s)", t->pid, sig, strsignal(sig));
            return -1;
        }
        ptrace(PTRACE_CONT, t->pid, NULL, NULL);
    }
}

static int inject(struct fred_tracee *t, const struct user_regs_struct *regs, long nr, long a0, long a1, long a2, long a3,
                  long *result, struct fred_error *err)
{
    const long args[6] = { a0, a1, a2, a3, 0, 0 };
    return fred_inject_syscall(t, regs, nr, args, result, err);
}

/* Handlers, rseq and close-on-exec flags, by calls made in the restored process. */
static int restore_kernel_state(struct fred_tracee *t, const struct user_regs_struct *regs, const struct fred_outside_restart *r,
                                struct fred_error *err)
{
    const struct fred_outside_state *o = r->img.outside;
    uint64_t buffer = FRED_SCRATCH_ADDR;           /* the restorer's plan is no longer needed */
    long rc;
    for (int sig = 1; sig <= 64; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP || (!o->actions[sig - 1].handler && !o->actions[sig - 1].flags)) continue;
        if (fred_write_memory(t, buffer, &o->actions[sig - 1], sizeof o->actions[sig - 1]) < 0 ||
            inject(t, regs, SYS_rt_sigaction, sig, (long)buffer, 0, 8, &rc, err) < 0)
            return -1;
        if (rc < 0) fprintf(stderr, "fred-ckpt: could not restore the handler of signal %d (error %ld)\n", sig, -rc);
    }
    if (o->rseq_addr) {
        if (inject(t, regs, SYS_rseq, (long)o->rseq_addr, o->rseq_len, 0, o->rseq_sig, &rc, err) < 0) return -1;
        if (rc < 0) fprintf(stderr, "fred-ckpt: could not register rseq again (error %ld)\n", -rc);
    }
    for (uint32_t i = 0; i < r->img.header.file_count; i++) {
        const struct fred_file *f = &r->img.files[i];
        if (!(f->fd_flags & FD_CLOEXEC) || f->kind == FRED_FILE_STANDARD) continue;
        if (inject(t, regs, SYS_fcntl, f->fd, F_SETFD, FD_CLOEXEC, 0, &rc, err) < 0) return -1;
    }
    return 0;
}

int fred_outside_restart_finish(struct fred_tracee *t, const struct fred_outside_restart *r, struct fred_error *err)
{
    const struct fred_outside_state *o = r->img.outside;
    struct fred_maps maps;
    if (fred_tracee_open_memory(t, err) < 0 || fred_run_to_entry(t, err) < 0) return -1;
    if (fred_maps_read_pid(&maps, t->pid) < 0) {
        fred_error_set(err, "cannot read /proc/%d/maps: %s", t->pid, strerror(errno));
        return -1;
    }
    int planned = fred_restore_plan_unmaps(r->args, &maps, &r->img.header, r->scratch_end, err);
    fred_maps_release(&maps);
    if (planned < 0) return -1;
    struct user_regs_struct regs;
    long addr;
    if (fred_get_regs(t, &regs) < 0) {
        fred_error_set(err, "cannot read the registers of process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    uint64_t len = r->scratch_end - FRED_BLOB_ADDR;
    if (inject(t, &regs, SYS_mmap, (long)FRED_BLOB_ADDR, (long)len, PROT_READ | PROT_WRITE | PROT_EXEC,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, &addr, err) < 0)
        return -1;
    if ((uint64_t)addr != FRED_BLOB_ADDR) {
        fred_error_set(err, "cannot map the restorer into process %d (error %ld)", t->pid, addr < 0 ? -addr : 0);
        return -1;
    }
    /* the restorer and its plan, exactly as they lie in this process */
    if (fred_write_memory(t, FRED_BLOB_ADDR, (const void *)FRED_BLOB_ADDR, len) < 0) {
        fred_error_set(err, "cannot copy the restorer into process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    if (run_restorer(t, &regs, r, err) < 0 || fred_get_regs(t, &regs) < 0) return -1;
    if (restore_kernel_state(t, &regs, r, err) < 0) return -1;
    struct user_regs_struct final;
    memcpy(&final, o->regs, sizeof final);
    uint64_t mask = o->sigmask;
    if (fred_set_xstate(t, o->xsave, o->xsave_size) < 0 || ptrace(PTRACE_SETSIGMASK, t->pid, (void *)8, &mask) < 0 ||
        fred_set_regs(t, &final) < 0) {
        fred_error_set(err, "cannot put back the registers of process %d: %s", t->pid, strerror(errno));
        return -1;
    }
    long ignored;
    return inject(t, &final, SYS_munmap, (long)FRED_BLOB_ADDR, (long)len, 0, 0, &ignored, err);
}
