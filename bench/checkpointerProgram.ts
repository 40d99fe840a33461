// The C programs the checkpointer benchmark runs, compiled at run time with gcc.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * memory MIB random|zero : fills MIB of heap memory, prints "ready", then for each line
 *     read from stdin prints "t <CLOCK_MONOTONIC ns>" (user code runs again) and, for
 *     "sum", a checksum of the memory.
 * bandwidth DIR MIB : prints "memcpy <GiB/s>" and "write <GiB/s>" (a new file in DIR,
 *     page cache, like an image).
 * work N : a loop of malloc/free, small system calls and arithmetic; prints its ns.
 */
const source = String.raw`
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int memory(size_t mib, int random)
{
    size_t len = mib << 20;
    uint64_t *p = malloc(len);
    if (!p) return 1;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < len / 8; i++) {
        if (random) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; p[i] = x; } else p[i] = 0;
    }
    printf("ready\n");
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        printf("t %llu\n", (unsigned long long)now_ns());
        if (strncmp(line, "sum", 3) == 0) {
            uint64_t sum = 0;
            for (size_t i = 0; i < len / 8; i++) sum += p[i] * (i | 1);
            printf("sum %llx\n", (unsigned long long)sum);
        }
        fflush(stdout);
    }
    return 0;
}

static int bandwidth(const char *dir, size_t mib)
{
    size_t len = mib << 20;
    char *a = malloc(len), *b = malloc(len);
    memset(a, 1, len);
    memset(b, 2, len);
    uint64_t t0 = now_ns();
    memcpy(b, a, len);
    uint64_t t1 = now_ns();
    printf("memcpy %.2f\n", (double)len / (1 << 30) / ((t1 - t0) / 1e9));
    char path[4096];
    snprintf(path, sizeof path, "%s/bandwidth.tmp", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    t0 = now_ns();
    for (size_t off = 0; off < len; off += 1 << 20)
        if (write(fd, a + off, 1 << 20) != 1 << 20) return 1;
    close(fd);
    t1 = now_ns();
    unlink(path);
    printf("write %.2f\n", (double)len / (1 << 30) / ((t1 - t0) / 1e9));
    return 0;
}

static int work(long n)
{
    uint64_t t0 = now_ns(), acc = 1;
    for (long i = 0; i < n; i++) {
        char *p = malloc(64 + (i & 255));
        p[0] = (char)i;
        acc = acc * 31 + (uint64_t)p[0] + (uint64_t)getppid();
        free(p);
    }
    printf("work %llu %llu\n", (unsigned long long)(now_ns() - t0), (unsigned long long)(acc & 1));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "memory") == 0) return memory((size_t)atol(argv[2]), strcmp(argv[3], "random") == 0);
    if (argc == 4 && strcmp(argv[1], "bandwidth") == 0) return bandwidth(argv[2], (size_t)atol(argv[3]));
    if (argc == 3 && strcmp(argv[1], "work") == 0) return work(atol(argv[2]));
    if (argc == 2 && strcmp(argv[1], "nothing") == 0) return 0;
    fprintf(stderr, "usage: bench-program memory MIB random|zero | bandwidth DIR MIB | work N | nothing\n");
    return 2;
}
`;

/** Compile the benchmark program into dir; returns its path. */
export function buildBenchProgram(dir: string): string {
  const src = path.join(dir, 'bench-program.c');
  const exe = path.join(dir, 'bench-program');
  fs.writeFileSync(src, source);
  execFileSync('gcc', ['-O2', '-o', exe, src]);
  return exe;
}
