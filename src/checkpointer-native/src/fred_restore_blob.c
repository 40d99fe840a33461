/*
 * fred_restore_blob.c - the freestanding restorer: replaces the memory of the current
 * process with the image's and jumps back into the checkpoint handler of the restored
 * library, which then puts back the kernel state it saved (files, handlers, rseq...).
 *
 * Rules: this code runs after the point of no return, while the program's and libc's
 * memory is being replaced. It is linked to run at FRED_BLOB_ADDR, uses no libc, no
 * global data, no jump tables; only raw system calls and the argument block. Every
 * decision was taken before, by fred_restore.c; a failure here can only be reported on
 * fd 2 and end the process (exit status 3).
 *
 * Algorithm:
 *   1. unmap every mapping of the new process except this code, its scratch and the
 *      kernel's special mappings;
 *   2. move [vvar], [vvar_vclock] and [vdso] to the addresses they had at checkpoint
 *      time (through a parking address, as the ranges may overlap);
 *   3. map each area: anonymous or from its file, then its stored runs, read now or
 *      mapped lazily from the image; then the final protection;
 *   4. give the kernel back brk, arg/env ranges and auxv (prctl PR_SET_MM_MAP);
 *   5. write the restart note into the restored library, close our descriptors;
 *   6. set fs_base and jump to the handler's resume point with rax = 1; or, restoring a
 *      static program (no library), stop at a breakpoint for its ptrace supervisor.
 */
#include <asm/prctl.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <sys/syscall.h>

#include "fred_restore_args.h"

#define PROT_READ_ 1
#define PROT_WRITE_ 2

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9) : "rcx", "r11", "memory");
    return ret;
}
#define sys3(n, a, b, c) sys6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)

static unsigned long text_length(const char *s)
{
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

static void put_hex(char *out, unsigned long v)
{
    for (int i = 15; i >= 0; i--, v >>= 4) out[i] = "0123456789abcdef"[v & 15];
}

/* The one failure exit: "fred-restore: <what> failed at <addr> (error <errno>)". */
__attribute__((noreturn)) static void die(const char *what, unsigned long addr, long error)
{
    char line[128];
    const char *head = "fred-restore: ";
    unsigned long n = 0;
    for (unsigned long i = 0; head[i]; i++) line[n++] = head[i];
    for (unsigned long i = 0; i < text_length(what) && n < 60; i++) line[n++] = what[i];
    const char *at = " failed at 0x";
    for (unsigned long i = 0; at[i]; i++) line[n++] = at[i];
    put_hex(line + n, addr);
    n += 16;
    const char *err = " (error ";
    for (unsigned long i = 0; err[i]; i++) line[n++] = err[i];
    long e = -error;
    char digits[8];
    int d = 0;
    do { digits[d++] = (char)('0' + e % 10); e /= 10; } while (e && d < 8);
    while (d) line[n++] = digits[--d];
    line[n++] = ')';
    line[n++] = '\n';
    sys3(SYS_write, 2, line, n);
    sys3(SYS_exit_group, 3, 0, 0);
    __builtin_unreachable();
}

static int failed(long ret) { return ret < 0 && ret > -4096; }

static void unmap_all(const struct fred_blob_args *a)
{
    for (uint64_t i = 0; i < a->unmap_count; i++) {
        long r = sys3(SYS_munmap, a->unmap[i].start, a->unmap[i].end - a->unmap[i].start, 0);
        if (failed(r)) die("munmap", a->unmap[i].start, r);
    }
}

static void move_specials(const struct fred_blob_args *a)
{
    for (uint32_t pass = 0; pass < 2; pass++) {
        uint64_t park = FRED_TEMP_ADDR;
        for (uint32_t i = 0; i < a->special_count; i++) {
            const struct fred_special_move *m = &a->special[i];
            uint64_t len = m->end - m->start;
            uint64_t from = pass == 0 ? m->start : park;
            uint64_t to = pass == 0 ? park : m->want;
            long r = sys6(SYS_mremap, (long)from, (long)len, (long)len, MREMAP_MAYMOVE | MREMAP_FIXED, (long)to, 0);
            if (failed(r)) die("moving [vdso]/[vvar]", to, r);
            park += len;
        }
    }
}

static void read_run(const struct fred_blob_args *a, const struct fred_blob_run *run)
{
    uint64_t done = 0;
    while (done < run->length) {
        long n = sys6(SYS_pread64, a->image_fd, (long)(run->addr + done), (long)(run->length - done), (long)(run->data_offset + done), 0, 0);
        if (n == -4 /* EINTR */) continue;
        if (failed(n) || n == 0) die("reading image data", run->addr + done, n ? n : -5);
        done += (uint64_t)n;
    }
}

static void map_area(const struct fred_blob_args *a, const struct fred_blob_area *area)
{
    uint64_t len = area->end - area->start;
    long flags = MAP_PRIVATE | MAP_FIXED | (area->fd < 0 ? MAP_ANONYMOUS : 0) | (area->growsdown ? MAP_GROWSDOWN : 0);
    long r = sys6(SYS_mmap, (long)area->start, (long)len, PROT_READ_ | PROT_WRITE_ | area->prot, flags, area->fd, (long)area->file_offset);
    if (failed(r)) die("mapping an area", area->start, r);
    for (uint32_t i = area->first_run; i < area->first_run + area->run_count; i++) {
        const struct fred_blob_run *run = &a->runs[i];
        if (run->lazy) {
            r = sys6(SYS_mmap, (long)run->addr, (long)run->length, PROT_READ_ | PROT_WRITE_, MAP_PRIVATE | MAP_FIXED, a->image_fd,
                     (long)run->data_offset);
            if (failed(r)) die("mapping image data", run->addr, r);
        } else {
            read_run(a, run);
        }
    }
    if ((area->prot & (PROT_READ_ | PROT_WRITE_)) != (PROT_READ_ | PROT_WRITE_) || (area->prot & ~3u)) {
        r = sys3(SYS_mprotect, area->start, len, area->prot);
        if (failed(r)) die("mprotect", area->start, r);
    }
}

static void write_restart_note(const struct fred_blob_args *a)
{
    volatile char *dst = (volatile char *)a->restart_info_addr;
    const char *src = (const char *)&a->restart_info;
    for (unsigned long i = 0; i < sizeof a->restart_info; i++) dst[i] = src[i];
}

__attribute__((noreturn)) static void jump_to_handler(const struct fred_resume_context *c)
{
    __asm__ volatile(
        "mov 16(%0), %%rbx\n\t"
        "mov 24(%0), %%rbp\n\t"
        "mov 32(%0), %%r12\n\t"
        "mov 40(%0), %%r13\n\t"
        "mov 48(%0), %%r14\n\t"
        "mov 56(%0), %%r15\n\t"
        "mov 0(%0), %%rsp\n\t"
        "mov $1, %%eax\n\t"
        "jmp *8(%0)\n\t"
        :
        : "D"(c) /* rdi: not one of the registers loaded above */
        : "memory");
    __builtin_unreachable();
}

__attribute__((noreturn, used, section(".text.entry"))) void fred_blob_main(struct fred_blob_args *a)
{
    unmap_all(a);
    move_specials(a);
    for (uint64_t i = 0; i < a->area_count; i++) map_area(a, &a->areas[i]);
    if (a->use_mm_map) {
        long r = sys6(SYS_prctl, PR_SET_MM, PR_SET_MM_MAP, (long)&a->mm_map, sizeof a->mm_map, 0, 0);
        if (failed(r)) die("prctl(PR_SET_MM_MAP)", a->mm_map.brk, r);
    }
    if (a->restart_info_addr) write_restart_note(a);
    for (int i = 0; i < a->close_count; i++) sys3(SYS_close, a->close_fds[i], 0, 0);
    while (a->trap_when_done) __asm__ volatile("int3" ::: "memory");
    sys3(SYS_arch_prctl, ARCH_SET_FS, a->fs_base, 0);
    /* the resume context lives in our scratch, which stays mapped until the handler unmaps it */
    jump_to_handler(&a->resume);
}
