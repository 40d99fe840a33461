/*
 * sparse.c - a large area (48 MiB, enough for the image writer to split its work between
 * CPUs) whose pages alternate between written, zero-filled and never touched, plus a
 * second area mapped right after it; every page must come back as it was.
 */
#include "zdtm.h"

#include <stdint.h>
#include <sys/mman.h>

#define PAGES (48 * 256)

static int kind(long i) { return i % 7 == 0 ? 0 : i % 3 == 0 ? 1 : 2; }   /* untouched, zero, data */

static uint64_t word(long page, long k) { return (uint64_t)page * 0x9E3779B97F4A7C15ull + (uint64_t)k; }

int main(void)
{
    uint64_t *area = mmap(NULL, PAGES * 4096L, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t *next = mmap(NULL, 64 * 4096L, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (area == MAP_FAILED || next == MAP_FAILED) zdtm_fail("mmap");
    for (long i = 0; i < PAGES; i++) {
        uint64_t *page = area + i * 512;
        if (kind(i) == 1) memset(page, 0, 4096);
        if (kind(i) == 2) for (long k = 0; k < 512; k++) page[k] = word(i, k);
    }
    for (long k = 0; k < 64 * 512; k++) next[k] = ~(uint64_t)k;
    zdtm_ready();
    zdtm_wait_check();
    for (long i = 0; i < PAGES; i++) {
        uint64_t *page = area + i * 512;
        for (long k = 0; k < 512; k++)
            ZDTM_CHECK(page[k] == (kind(i) == 2 ? word(i, k) : 0), "page %ld word %ld changed", i, k);
    }
    for (long k = 0; k < 64 * 512; k++) ZDTM_CHECK(next[k] == ~(uint64_t)k, "second area word %ld changed", k);
    zdtm_pass();
}
