/*
 * memory.c - private memory of every kind survives a restart: brk heap, large malloc
 * (mmap), globals in .data and .bss, the stack of a deep call chain, anonymous maps
 * with unusual protections, a private file mapping that was written to, and malloc and
 * brk still work afterwards. argv[1]: a scratch file for the file mapping.
 */
#define _GNU_SOURCE
#include "zdtm.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#define SMALL 2000
static char *small[SMALL];
static char *large;
static size_t large_len = 8u << 20;
static uint64_t data_word = 0x1122334455667788ull;
static char bss_block[1 << 16];
static char *guarded, *readonly, *file_map;
static void *brk_before;

static char pattern(size_t i, unsigned seed) { return (char)((i * 131 + seed * 7) % 251); }

static void fill(char *p, size_t n, unsigned seed) { for (size_t i = 0; i < n; i++) p[i] = pattern(i, seed); }
static int same(const char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i++) if (p[i] != pattern(i, seed)) return 0;
    return 1;
}

static void set_up(const char *scratch)
{
    for (int i = 0; i < SMALL; i++) {
        small[i] = malloc(16 + i * 7);
        fill(small[i], 16 + i * 7, i);
    }
    large = malloc(large_len);                   /* above the mmap threshold */
    fill(large, large_len, 99);
    fill(bss_block, sizeof bss_block, 5);
    guarded = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fill(guarded + 4096, 4096, 11);
    mprotect(guarded, 4096, PROT_NONE);
    mprotect(guarded + 2 * 4096, 4096, PROT_NONE);
    readonly = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    fill(readonly, 4096, 12);
    mprotect(readonly, 4096, PROT_READ);
    int fd = open(scratch, O_RDWR | O_CREAT | O_TRUNC, 0600);
    char page[8192];
    fill(page, sizeof page, 13);
    if (write(fd, page, sizeof page) != (ssize_t)sizeof page) zdtm_fail("cannot write %s", scratch);
    file_map = mmap(NULL, sizeof page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    close(fd);
    fill(file_map + 4096, 100, 14);              /* second page becomes a private copy */
    brk_before = sbrk(0);
}

static void check_after(void)
{
    for (int i = 0; i < SMALL; i++) ZDTM_CHECK(same(small[i], 16 + i * 7, i), "heap block %d changed", i);
    ZDTM_CHECK(same(large, large_len, 99), "large malloc block changed");
    ZDTM_CHECK(data_word == 0x1122334455667788ull, ".data changed");
    ZDTM_CHECK(same(bss_block, sizeof bss_block, 5), ".bss changed");
    ZDTM_CHECK(same(guarded + 4096, 4096, 11), "anonymous map between guards changed");
    ZDTM_CHECK(same(readonly, 4096, 12), "read-only anonymous map changed");
    ZDTM_CHECK(same(file_map, 4096, 13), "untouched page of the private file mapping changed");
    ZDTM_CHECK(same(file_map + 4096, 100, 14), "written page of the private file mapping lost its changes");
    ZDTM_CHECK(sbrk(0) == brk_before, "brk moved from %p to %p", brk_before, sbrk(0));
    /* the allocator keeps working: free, reuse, grow the heap well past its old end */
    for (int i = 0; i < SMALL; i += 2) free(small[i]);
    static char *more[30000];                   /* 30 MB: more than was freed */
    for (int i = 0; i < 30000; i++) { more[i] = malloc(1000); ZDTM_CHECK(more[i], "malloc failed after restart"); fill(more[i], 1000, i); }
    for (int i = 0; i < 30000; i++) ZDTM_CHECK(same(more[i], 1000, i), "new heap block %d corrupt", i);
    ZDTM_CHECK(sbrk(0) > brk_before, "the heap did not grow with brk");
    char *big = malloc(64u << 20);
    ZDTM_CHECK(big, "64 MiB malloc failed after restart");
    fill(big, 64u << 20, 3);
    ZDTM_CHECK(same(big, 64u << 20, 3), "64 MiB block corrupt");
    free(big);
    free(large);
}

/* A deep call chain whose frames hold patterned locals; checked on the way back up. */
static int descend(int depth)
{
    volatile char local[512];
    for (int i = 0; i < 512; i++) local[i] = pattern(i, depth);
    int below = depth ? descend(depth - 1) : (zdtm_ready(), zdtm_wait_check(), 0);
    for (int i = 0; i < 512; i++) if (local[i] != pattern(i, depth)) zdtm_fail("stack frame at depth %d changed", depth);
    return below + 1;
}

int main(int argc, char **argv)
{
    if (argc < 2) zdtm_fail("usage: memory SCRATCH_FILE");
    set_up(argv[1]);
    if (descend(200) != 201) zdtm_fail("call chain broken");
    check_after();
    zdtm_pass();
}
