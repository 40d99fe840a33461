// The programs the snapshot benchmark runs: a C program holding MIB of random memory
// (for fred snapshots and gdb's checkpoint), and a python3 script holding ~300 MB.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * snap-program MIB : fills MIB of memory with random bytes, calls bench_ready() (where
 *     gdb stops), prints "ready", then answers each line read from stdin:
 *     any line -> "t <CLOCK_MONOTONIC ns>" (user code runs);
 *     "touch"  -> also writes one byte per page and prints "touched <ns it took>";
 *     "sum"    -> also prints "sum <checksum>";
 *     "fork"   -> also forks a child that exits at once: "forked <ns fork() took in the parent>";
 *     "spin"   -> also runs for 1 s and prints "gap <longest ns between two clock reads>"
 *                 (how long it was stopped, e.g. by a snapshot taken meanwhile).
 */
const cSource = String.raw`
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

__attribute__((noinline)) void bench_ready(void) { __asm__ volatile("" ::: "memory"); }

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: snap-program MIB\n"); return 2; }
    size_t len = (size_t)atol(argv[1]) << 20;
    uint64_t *p = malloc(len);
    if (!p) return 1;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < len / 8; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; p[i] = x; }
    bench_ready();
    printf("ready\n");
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        printf("t %llu\n", (unsigned long long)now_ns());
        fflush(stdout);
        if (strncmp(line, "spin", 4) == 0) {
            uint64_t last = now_ns(), end = last + 1000000000ull, gap = 0, t;
            while ((t = now_ns()) < end) {
                if (t - last > gap) gap = t - last;
                last = t;
            }
            printf("gap %llu\n", (unsigned long long)gap);
        } else if (strncmp(line, "touch", 5) == 0) {
            uint64_t t0 = now_ns();
            for (size_t i = 0; i < len / 8; i += 512) p[i] += 1;
            printf("touched %llu\n", (unsigned long long)(now_ns() - t0));
        } else if (strncmp(line, "fork", 4) == 0) {
            uint64_t t0 = now_ns();
            pid_t child = fork();
            if (child == 0) _exit(0);
            uint64_t took = now_ns() - t0;
            waitpid(child, NULL, 0);
            printf("forked %llu\n", (unsigned long long)took);
        } else if (strncmp(line, "sum", 3) == 0) {
            uint64_t sum = 0;
            for (size_t i = 0; i < len / 8; i++) sum += p[i] * (i | 1);
            printf("sum %llx\n", (unsigned long long)sum);
        }
        fflush(stdout);
    }
    return 0;
}
`;

/**
 * python3 snap_python.py MB : ~MB of live data (random bytes, a list of ints, a dict),
 * prints "ready", then per line read: "t <CLOCK_MONOTONIC ns>", and for "sum" a checksum,
 * for "spin" the longest gap between two clock reads during 1 s of spinning.
 * With FREDCKPT_IMAGE set it first takes that image itself with fredckpt.checkpoint()
 * and prints "inside <ms>" (the time checkpoint() took) or "restarted".
 */
const pythonSource = String.raw`
import hashlib, os, sys, time
mb = int(sys.argv[1])
blob = os.urandom(mb * 2 // 3 << 20)
numbers = list(range((mb // 3 << 20) // 36))
table = {i: str(i) for i in range(100_000)}
image = os.environ.get('FREDCKPT_IMAGE')
if image:
    import fredckpt
    t0 = time.monotonic_ns()
    if fredckpt.checkpoint(image) == fredckpt.RESUME:
        print('inside %.1f' % ((time.monotonic_ns() - t0) / 1e6), flush=True)
    else:
        print('restarted', flush=True)
print('ready', flush=True)
for line in sys.stdin:
    print('t', time.monotonic_ns(), flush=True)
    if line.startswith('spin'):
        last = time.monotonic_ns()
        end, gap = last + 1_000_000_000, 0
        while last < end:
            now = time.monotonic_ns()
            gap, last = max(gap, now - last), now
        print('gap', gap, flush=True)
    elif line.startswith('sum'):
        print('sum', hashlib.sha1(blob).hexdigest()[:12], sum(numbers), len(table), flush=True)
`;

export interface SnapshotBenchPrograms { native: string; python: string }

/** Write and compile the programs into dir. */
export function buildSnapshotBenchPrograms(dir: string): SnapshotBenchPrograms {
  const src = path.join(dir, 'snap-program.c');
  const native = path.join(dir, 'snap-program');
  const python = path.join(dir, 'snap_python.py');
  fs.writeFileSync(src, cSource);
  fs.writeFileSync(python, pythonSource);
  execFileSync('gcc', ['-O2', '-g', '-o', native, src]);
  return { native, python };
}
