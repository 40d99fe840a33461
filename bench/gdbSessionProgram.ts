// The C program the `fred gdb` benchmark debugs, and where its marked lines are.
//   gdb-bench MIB [SPINS]
// fills MIB of memory with random words, then SPINS times runs a 1e6-iteration loop
// between two marked lines (forward-execution timing), then loops forever doing a little
// work per line, one line of which writes one word of the big block (a fresh page for
// each iteration, so copy-on-write has real work after every snapshot).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const source = String.raw`
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static uint64_t spin(uint64_t x)
{
    for (long i = 0; i < 1000000; i++)
        x = x * 6364136223846793005ull + (uint64_t)i;
    return x;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: gdb-bench MIB [SPINS]\n"); return 2; }
    size_t words = ((size_t)atol(argv[1]) << 20) / 8;
    int spins = argc > 2 ? atoi(argv[2]) : 0;
    uint64_t *memory = malloc(words * 8);
    if (!memory) return 1;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < words; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; memory[i] = x; }
    uint64_t sum = 0;
    for (int r = 0; r < spins; r++) {
        sum += (uint64_t)r;                          /* BENCH_BEFORE_SPIN */
        sum = spin(sum);
        sum ^= 1;                                    /* BENCH_AFTER_SPIN */
    }
    for (long step = 0; ; step++) {
        sum += (uint64_t)step * 3;                   /* BENCH_WORK */
        memory[(step * 512) % words] ^= sum;
        if (sum == 42) break;
    }
    printf("%llu\n", (unsigned long long)sum);
    return 0;
}
`;

export type BenchMarker = 'BENCH_BEFORE_SPIN' | 'BENCH_AFTER_SPIN' | 'BENCH_WORK';

export interface GdbBenchProgram {
  path: string;
  /** `FILE:LINE` of a marked line, for `break`. */
  line(marker: BenchMarker): string;
}

/** Write and compile the program (-O0 -g: one `next` per source line) into dir. */
export function buildGdbBenchProgram(dir: string): GdbBenchProgram {
  const src = path.join(dir, 'gdb-bench.c');
  const binary = path.join(dir, 'gdb-bench');
  fs.writeFileSync(src, source);
  execFileSync('gcc', ['-O0', '-g', '-o', binary, src]);
  const lines = source.split('\n');
  return {
    path: binary,
    line(marker) {
      const index = lines.findIndex((l) => l.includes(`/* ${marker} */`));
      if (index < 0) throw new Error(`gdb-bench.c has no line marked ${marker}`);
      return `gdb-bench.c:${index + 1}`;
    },
  };
}
