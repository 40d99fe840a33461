/* fred_page_select.c - see fred_page_select.h. */
#define _GNU_SOURCE
#include "fred_page_select.h"
#include "fred_parallel.h"

#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#define PAGEMAP_PRESENT (1ull << 63)
#define PAGEMAP_SWAPPED (1ull << 62)
#define PAGEMAP_FILE    (1ull << 61)
#define PAGEMAP_BATCH   4096          /* pagemap entries read at a time */

/* PAGEMAP_SCAN (Linux 6.7) reports whole ranges at once; its definitions, for older headers. */
struct fred_page_region { uint64_t start, end, categories; };
struct fred_pm_scan_arg {
    uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
    uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};
#define FRED_PAGEMAP_SCAN _IOWR('f', 16, struct fred_pm_scan_arg)
#define PAGE_IS_FILE    (1u << 2)
#define PAGE_IS_PRESENT (1u << 3)
#define PAGE_IS_SWAPPED (1u << 4)
#define PAGE_IS_PFNZERO (1u << 5)
#define SCAN_REGIONS 256
#define READ_BATCH (64u << 10)        /* bytes of another process read at a time */

/* A stored range found by a worker: bytes [offset, offset + length) of job's area. */
struct found {
    uint32_t job, pad;
    uint64_t offset, length;
};

struct worker_state {
    struct found *found;
    uint64_t count, capacity;
    uint64_t from, to;        /* its share: bytes of the jobs' areas laid end to end */
    int no_scan;              /* the kernel lacks PAGEMAP_SCAN */
    char *copy;               /* READ_BATCH bytes: pages of another process, read to test them */
    long error;               /* -errno of the first failure */
    const char *failed;       /* what failed */
};

struct selection {
    int pagemap_fd;
    int mem_fd;               /* /proc/PID/mem of another process, -1 for our own memory */
    const struct fred_area *areas;
    const struct fred_select_job *jobs;
    uint32_t job_count;
    struct worker_state workers[FRED_MAX_WORKERS];
};

/* One clone per vector unit: scanning zero-filled memory runs at memory speed. */
__attribute__((target_clones("avx512f", "avx2", "default")))
static int page_is_zero(const uint64_t *p)
{
    uint64_t any = 0;
    for (int i = 0; i < (int)(FRED_PAGE_SIZE / 8); i++) any |= p[i];
    return any == 0;
}

static int record(struct worker_state *ws, uint32_t job, uint64_t offset, uint64_t length)
{
    struct found *last = ws->count ? &ws->found[ws->count - 1] : NULL;
    if (last && last->job == job && last->offset + last->length == offset) {
        last->length += length;
        return 0;
    }
    if (ws->count == ws->capacity) { ws->error = -ENOMEM; ws->failed = "listing pages"; return -1; }
    ws->found[ws->count++] = (struct found){ job, 0, offset, length };
    return 0;
}

/* The page at addr as this process can read it: itself, or a copy read from another one. */
static const uint64_t *page_at(struct worker_state *ws, const struct selection *s, uint64_t addr, uint64_t end, uint64_t *copied_from,
                               uint64_t *copied_to)
{
    if (s->mem_fd < 0) return (const uint64_t *)addr;
    if (addr < *copied_from || addr >= *copied_to) {
        uint64_t len = end - addr < READ_BATCH ? end - addr : READ_BATCH;
        long n;
        while ((n = fred_raw_syscall(SYS_pread64, s->mem_fd, (long)ws->copy, (long)len, (long)addr)) == -EINTR) {
        }
        if (n < (long)FRED_PAGE_SIZE) {
            ws->error = n < 0 ? n : -EIO;
            ws->failed = "reading the memory of the process";
            return NULL;
        }
        *copied_from = addr;
        *copied_to = addr + ((uint64_t)n & ~(uint64_t)(FRED_PAGE_SIZE - 1));
    }
    return (const uint64_t *)(ws->copy + (addr - *copied_from));
}

/* A touched range [start, end) of job's area: anonymous memory keeps its non-zero pages. */
static int touched(struct worker_state *ws, const struct selection *s, uint32_t job, uint64_t start, uint64_t end)
{
    const struct fred_area *a = &s->areas[s->jobs[job].area];
    if (s->jobs[job].from_file) return record(ws, job, start - a->start, end - start);
    uint64_t span = start, copied_from = 0, copied_to = 0;
    for (uint64_t page = start; page < end; page += FRED_PAGE_SIZE) {
        const uint64_t *p = page_at(ws, s, page, end, &copied_from, &copied_to);
        if (!p) return -1;
        if (!page_is_zero(p)) continue;
        if (page > span && record(ws, job, span - a->start, page - span) < 0) return -1;
        span = page + FRED_PAGE_SIZE;
    }
    return end > span ? record(ws, job, span - a->start, end - span) : 0;
}

/* Returns 1 if done, 0 if the kernel has no PAGEMAP_SCAN, -1 on error. */
static int scan(struct worker_state *ws, const struct selection *s, uint32_t job, uint64_t start, uint64_t end)
{
    struct fred_page_region regions[SCAN_REGIONS];
    /* anonymous: touched pages except those mapping the shared zero page;
     * file mappings: touched pages that are private copies, not page cache */
    uint64_t unwanted = s->jobs[job].from_file ? PAGE_IS_FILE : PAGE_IS_PFNZERO;
    for (uint64_t at = start; at < end;) {
        struct fred_pm_scan_arg arg = {
            .size = sizeof arg, .start = at, .end = end, .vec = (uint64_t)(uintptr_t)regions, .vec_len = SCAN_REGIONS,
            .category_inverted = unwanted, .category_mask = unwanted,
            .category_anyof_mask = PAGE_IS_PRESENT | PAGE_IS_SWAPPED, .return_mask = PAGE_IS_PRESENT | PAGE_IS_SWAPPED,
        };
        long n = fred_raw_syscall(SYS_ioctl, s->pagemap_fd, (long)FRED_PAGEMAP_SCAN, (long)&arg, 0);
        if (n < 0 && at == start && (n == -ENOTTY || n == -EINVAL)) return 0;
        if (n < 0) { ws->error = n; ws->failed = "scanning /proc/self/pagemap"; return -1; }
        for (long i = 0; i < n; i++)
            if (touched(ws, s, job, regions[i].start, regions[i].end) < 0) return -1;
        if (arg.walk_end <= at) break;
        at = arg.walk_end;
    }
    return 1;
}

/* The same from /proc/self/pagemap entries, for kernels without PAGEMAP_SCAN. */
static int read_entries(struct worker_state *ws, const struct selection *s, uint32_t job, uint64_t start, uint64_t end)
{
    uint64_t entries[PAGEMAP_BATCH];
    for (uint64_t at = start; at < end;) {
        uint64_t count = (end - at) / FRED_PAGE_SIZE < PAGEMAP_BATCH ? (end - at) / FRED_PAGE_SIZE : PAGEMAP_BATCH;
        for (uint64_t done = 0; done < count * 8;) {
            long n = fred_raw_syscall(SYS_pread64, s->pagemap_fd, (long)((char *)entries + done), (long)(count * 8 - done),
                                      (long)(at / FRED_PAGE_SIZE * 8 + done));
            if (n == -EINTR) continue;
            if (n <= 0) { ws->error = n ? n : -EIO; ws->failed = "reading /proc/self/pagemap"; return -1; }
            done += (uint64_t)n;
        }
        for (uint64_t i = 0; i < count; i++, at += FRED_PAGE_SIZE) {
            if (!(entries[i] & (PAGEMAP_PRESENT | PAGEMAP_SWAPPED))) continue;
            if (s->jobs[job].from_file && (entries[i] & PAGEMAP_FILE)) continue;
            if (touched(ws, s, job, at, at + FRED_PAGE_SIZE) < 0) return -1;
        }
    }
    return 0;
}

static int select_range(struct worker_state *ws, const struct selection *s, uint32_t job, uint64_t start, uint64_t end)
{
    if (s->jobs[job].read_all) return touched(ws, s, job, start, end);
    int scanned = ws->no_scan ? 0 : scan(ws, s, job, start, end);
    if (scanned < 0) return -1;
    if (scanned == 0) {
        ws->no_scan = 1;
        return read_entries(ws, s, job, start, end);
    }
    return 0;
}

/* Worker k: the part of every job's area that falls into its share. */
static int select_share(void *arg, int k)
{
    struct selection *s = arg;
    struct worker_state *ws = &s->workers[k];
    uint64_t base = 0;
    for (uint32_t j = 0; j < s->job_count; j++) {
        const struct fred_area *a = &s->areas[s->jobs[j].area];
        uint64_t len = a->end - a->start;
        uint64_t lo = ws->from > base ? ws->from - base : 0, hi = ws->to - base < len ? ws->to - base : len;
        if (ws->to > base && lo < len && lo < hi && select_range(ws, s, j, a->start + lo, a->start + hi) < 0) return -1;
        base += len;
        if (base >= ws->to) break;
    }
    return 0;
}

static size_t round_up(size_t n) { return (n + FRED_PAGE_SIZE - 1) & ~(size_t)(FRED_PAGE_SIZE - 1); }

/* Each worker's findings, area after area, into the final run list. */
static int gather(const struct selection *s, int workers, struct fred_area *areas, uint32_t area_count, struct fred_run_list *out)
{
    uint64_t total = 0;
    for (int k = 0; k < workers; k++) total += s->workers[k].count;
    out->mapped_bytes = round_up((total ? total : 1) * sizeof(struct fred_run));
    out->runs = fred_map(out->mapped_bytes);
    if (!out->runs) return -1;
    uint64_t next[FRED_MAX_WORKERS] = { 0 };
    uint32_t job = 0;
    for (uint32_t i = 0; i < area_count; i++) {
        struct fred_area *a = &areas[i];
        a->first_run = out->count;
        a->run_count = 0;
        a->stored_bytes = 0;
        if (job == s->job_count || s->jobs[job].area != i) continue;
        for (int k = 0; k < workers; k++) {
            const struct worker_state *ws = &s->workers[k];
            for (; next[k] < ws->count && ws->found[next[k]].job == job; next[k]++) {
                const struct found *f = &ws->found[next[k]];
                struct fred_run *last = a->run_count ? &out->runs[out->count - 1] : NULL;
                if (last && last->offset + last->length == f->offset) last->length += f->length;
                else { out->runs[out->count++] = (struct fred_run){ f->offset, f->length, 0 }; a->run_count++; }
                a->stored_bytes += f->length;
            }
        }
        job++;
    }
    return 0;
}

int fred_select_pages(int pagemap_fd, int mem_fd, struct fred_area *areas, uint32_t area_count, const struct fred_select_job *jobs,
                      uint32_t job_count, struct fred_run_list *out, struct fred_error *err)
{
    struct selection s = { .pagemap_fd = pagemap_fd, .mem_fd = mem_fd, .areas = areas, .jobs = jobs, .job_count = job_count };
    memset(out, 0, sizeof *out);
    uint64_t total = 0;
    for (uint32_t j = 0; j < job_count; j++) {
        struct fred_area *a = &areas[jobs[j].area];
        total += a->end - a->start;
        /* we are a forked copy: making its memory readable harms nobody (another
         * process's memory is read through /proc/PID/mem, which ignores protections) */
        if (mem_fd < 0 && !(a->prot & PROT_READ)) mprotect((void *)a->start, a->end - a->start, (int)a->prot | PROT_READ);
    }
    int workers = fred_worker_count(total);
    int rc = -1;
    for (int k = 0; k < workers; k++) {
        struct worker_state *ws = &s.workers[k];
        ws->from = total / workers * k / FRED_PAGE_SIZE * FRED_PAGE_SIZE;
        ws->to = k == workers - 1 ? total : total / workers * (k + 1) / FRED_PAGE_SIZE * FRED_PAGE_SIZE;
        /* at most every other page starts a run, plus one per job */
        ws->capacity = (ws->to - ws->from) / FRED_PAGE_SIZE / 2 + job_count + 2;
        ws->found = fred_map(round_up(ws->capacity * sizeof(struct found)));
        if (!ws->found) { fred_error_set(err, "out of memory listing pages"); goto out; }
        if (mem_fd >= 0 && !(ws->copy = fred_map(READ_BATCH))) { fred_error_set(err, "out of memory reading pages"); goto out; }
    }
    if (fred_run_parallel(select_share, &s, workers) != 0) {
        for (int k = 0; k < workers; k++)
            if (s.workers[k].error) {
                fred_error_set(err, "%s failed: %s", s.workers[k].failed, strerror((int)-s.workers[k].error));
                goto out;
            }
        fred_error_set(err, "a helper selecting pages failed");
        goto out;
    }
    if (gather(&s, workers, areas, area_count, out) < 0) { fred_error_set(err, "out of memory listing pages"); goto out; }
    rc = 0;
out:
    for (int k = 0; k < workers; k++) {
        fred_unmap(s.workers[k].found, round_up(s.workers[k].capacity * sizeof(struct found)));
        fred_unmap(s.workers[k].copy, READ_BATCH);
    }
    return rc;
}

void fred_run_list_release(struct fred_run_list *list)
{
    fred_unmap(list->runs, list->mapped_bytes);
    memset(list, 0, sizeof *list);
}
