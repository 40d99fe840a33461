/* fred_data_write.c - see fred_data_write.h. */
#define _GNU_SOURCE
#include "fred_data_write.h"
#include "fred_hash.h"
#include "fred_parallel.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>

struct chunk {
    uint32_t area;
    uint32_t pad;
    uint64_t stream;          /* offset in the area's stored data */
    uint64_t length;
};

struct data_job {
    int fd;
    int mem_fd;                   /* /proc/PID/mem of another process, -1 for our own memory */
    char *copy[FRED_MAX_WORKERS]; /* with mem_fd: a chunk of the other process's memory */
    const struct fred_area *areas;
    const struct fred_run *runs;
    const struct chunk *chunks;
    uint64_t *hashes;             /* one per chunk */
    uint64_t first[FRED_MAX_WORKERS + 1];   /* worker k writes chunks [first[k], first[k+1]) */
    long error[FRED_MAX_WORKERS];
};

static long write_at(int fd, const char *p, uint64_t len, uint64_t offset)
{
    while (len) {
        long n = fred_raw_syscall(SYS_pwrite64, fd, (long)p, (long)len, (long)offset);
        if (n == -EINTR) continue;
        if (n < 0) return n;
        if (n == 0) return -ENOSPC;
        p += n; len -= (uint64_t)n; offset += (uint64_t)n;
    }
    return 0;
}

/* len bytes at addr of the other process into buf. */
static long read_memory(int mem_fd, char *buf, uint64_t len, uint64_t addr)
{
    for (uint64_t done = 0; done < len;) {
        long n = fred_raw_syscall(SYS_pread64, mem_fd, (long)(buf + done), (long)(len - done), (long)(addr + done));
        if (n == -EINTR) continue;
        if (n <= 0) return n ? n : -EIO;
        done += (uint64_t)n;
    }
    return 0;
}

/* Hash and write one chunk: the pieces of the area's runs it covers. */
static long write_chunk(const struct data_job *job, int worker, const struct chunk *c, uint64_t *hash)
{
    const struct fred_area *a = &job->areas[c->area];
    struct fred_chunk_hasher h;
    fred_chunk_begin(&h);
    uint64_t stream = 0;
    for (uint32_t r = a->first_run; r < a->first_run + a->run_count; r++) {
        const struct fred_run *run = &job->runs[r];
        uint64_t lo = c->stream > stream ? c->stream - stream : 0;
        uint64_t hi = c->stream + c->length - stream < run->length ? c->stream + c->length - stream : run->length;
        if (c->stream + c->length > stream && lo < hi) {
            const char *p = (const char *)(a->start + run->offset + lo);
            if (job->mem_fd >= 0) {              /* a chunk is at most FRED_HASH_CHUNK bytes */
                long rc = read_memory(job->mem_fd, job->copy[worker], hi - lo, (uint64_t)(uintptr_t)p);
                if (rc < 0) return rc;
                p = job->copy[worker];
            }
            fred_chunk_update(&h, p, hi - lo);
            long rc = write_at(job->fd, p, hi - lo, run->data_offset + lo);
            if (rc < 0) return rc;
        }
        stream += run->length;
        if (stream >= c->stream + c->length) break;
    }
    *hash = fred_chunk_end(&h);
    return 0;
}

static int write_share(void *arg, int k)
{
    struct data_job *job = arg;
    for (uint64_t c = job->first[k]; c < job->first[k + 1]; c++) {
        long rc = write_chunk(job, k, &job->chunks[c], &job->hashes[c]);
        if (rc < 0) { job->error[k] = rc; return -1; }
    }
    return 0;
}

static size_t round_up(size_t n) { return (n + FRED_PAGE_SIZE - 1) & ~(size_t)(FRED_PAGE_SIZE - 1); }

int fred_write_data(int fd, int mem_fd, struct fred_area *areas, uint32_t area_count, struct fred_run *runs, uint64_t data_offset,
                    uint64_t *end, struct fred_error *err)
{
    uint64_t offset = data_offset, chunk_count = 0, total = 0;
    for (uint32_t i = 0; i < area_count; i++) {
        for (uint32_t r = areas[i].first_run; r < areas[i].first_run + areas[i].run_count; r++) {
            runs[r].data_offset = offset;
            offset += runs[r].length;
        }
        chunk_count += (areas[i].stored_bytes + FRED_HASH_CHUNK - 1) / FRED_HASH_CHUNK;
        total += areas[i].stored_bytes;
    }
    *end = offset;
    size_t bytes = round_up(chunk_count * (sizeof(struct chunk) + sizeof(uint64_t)) + 1);
    char *memory = fred_map(bytes);
    if (!memory) { fred_error_set(err, "out of memory listing chunks"); return -1; }
    struct chunk *chunks = (struct chunk *)memory;
    uint64_t *hashes = (uint64_t *)(chunks + chunk_count);
    uint64_t c = 0;
    for (uint32_t i = 0; i < area_count; i++) {
        for (uint64_t s = 0; s < areas[i].stored_bytes; s += FRED_HASH_CHUNK) {
            uint64_t len = areas[i].stored_bytes - s < FRED_HASH_CHUNK ? areas[i].stored_bytes - s : FRED_HASH_CHUNK;
            chunks[c++] = (struct chunk){ i, 0, s, len };
        }
    }
    struct data_job job = { fd, mem_fd, { 0 }, areas, runs, chunks, hashes, { 0 }, { 0 } };
    int workers = fred_worker_count(total);
    for (int w = 0; w < workers && mem_fd >= 0; w++) {
        if (!(job.copy[w] = fred_map(FRED_HASH_CHUNK))) {
            fred_error_set(err, "out of memory reading the process");
            for (int v = 0; v < w; v++) fred_unmap(job.copy[v], FRED_HASH_CHUNK);
            fred_unmap(memory, bytes);
            return -1;
        }
    }
    /* equal shares of bytes, cut at chunk boundaries */
    uint64_t done = 0;
    int k = 1;
    for (uint64_t i = 0; i < chunk_count && k < workers; i++) {
        if (done >= total / workers * k) job.first[k++] = i;
        done += chunks[i].length;
    }
    while (k <= workers) job.first[k++] = chunk_count;
    int rc = fred_run_parallel(write_share, &job, workers);
    for (int w = 0; w < workers; w++) fred_unmap(job.copy[w], FRED_HASH_CHUNK);
    if (rc != 0) {
        long e = 0;
        for (int w = 0; w < workers && !e; w++) e = job.error[w];
        fred_error_set(err, "%s", e ? strerror((int)-e) : "a helper writing data failed");
        errno = e ? (int)-e : EIO;
        fred_unmap(memory, bytes);
        return -1;
    }
    for (uint32_t i = 0, next = 0; i < area_count; i++) {
        struct fred_data_hasher h;
        fred_data_hash_init(&h);
        for (uint64_t s = 0; s < areas[i].stored_bytes; s += FRED_HASH_CHUNK) fred_data_hash_add_chunk(&h, hashes[next++]);
        areas[i].checksum = fred_data_hash_final(&h);
    }
    fred_unmap(memory, bytes);
    return 0;
}
