// Benchmark of shared memory in snapshots (src/checkpointer-native/src/fred_shared_memory.c):
// a program holding a POSIX shared memory segment of MIB (random bytes) is snapshotted
// with SnapshotStore.take and resumed (resume-stop, then killed), next to the same
// program holding the same MiB as private memory. Rows: the first snapshot (the copy is
// made), a snapshot with the segment unchanged since the last one (compared only), one
// with every page changed (compared and copied), and resumes that write nothing back or
// every page (300 ms after the snapshot, as in a session). Prints a table; medians of RUNS,
// best in parentheses.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultControlDir, ensureControlDir } from '../src/fred/checkpointer/checkpointControl';
import { repoRoot } from '../src/fred/checkpointer/nativePaths';
import { SnapshotStore } from '../src/fred/session/snapshots';
import { median, msSince, nowNs, pad, padEnd } from './timing';

export interface SharedMemoryBenchOptions { sizesMiB: number[]; runs: number }

const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** shm-program MIB shared|private: fills the memory, prints "ready"; "touch" writes every page, then "done". */
const source = String.raw`
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    size_t len = (size_t)atol(argv[1]) << 20;
    uint64_t *p;
    if (strcmp(argv[2], "shared") == 0) {
        char name[64];
        snprintf(name, sizeof name, "/fred-bench-%d", (int)getpid());
        int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
        shm_unlink(name);
        if (fd < 0 || ftruncate(fd, (off_t)len) < 0) return 1;
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd);
    } else {
        p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
    if (p == MAP_FAILED) return 1;
    uint64_t x = 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < len / 8; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; p[i] = x; }
    printf("ready\n");
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) {
        for (size_t i = 0; i < len / 8; i += 512) p[i] += 1;
        printf("done\n");
        fflush(stdout);
    }
    return 0;
}
`;

function build(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-shm-'));
  fs.writeFileSync(path.join(dir, 'shm-program.c'), source);
  execFileSync('gcc', ['-O2', '-o', path.join(dir, 'shm-program'), path.join(dir, 'shm-program.c')]);
  return path.join(dir, 'shm-program');
}

class Program {
  private out = '';
  readonly proc: ChildProcess;
  constructor(prog: string, mib: number, kind: string, env: NodeJS.ProcessEnv) {
    this.proc = spawn(fredCkpt, ['launch', '--', prog, String(mib), kind], { detached: true, stdio: ['pipe', 'pipe', 'inherit'], env });
    this.proc.stdout!.on('data', (d: Buffer) => { this.out += d.toString(); });
  }
  get pid(): number { return this.proc.pid!; }
  async line(word: string): Promise<void> {
    for (let i = 0; i < 600000; i++) {
      const at = this.out.indexOf(`${word}\n`);
      if (at >= 0) { this.out = this.out.slice(at + word.length + 1); return; }
      if (this.proc.exitCode !== null) throw new Error(`the program exited waiting for ${word}`);
      await sleep(0.5);
    }
    throw new Error(`timed out waiting for ${word}`);
  }
  async touch(): Promise<void> { this.proc.stdin!.write('touch\n'); await this.line('done'); }
  kill(): void { try { process.kill(-this.pid, 'SIGKILL'); } catch { /* gone */ } }
}

interface Row { first: number[]; unchanged: number[]; changed: number[]; resumeUnchanged: number[]; resumeChanged: number[] }

async function timed<T>(fn: () => Promise<T>, into: number[]): Promise<T> {
  const t0 = nowNs();
  const value = await fn();
  into.push(msSince(t0));
  return value;
}

/** As in a session, the resume comes a while after the snapshot (the frozen copy has mapped the shared pages by then). */
async function resumeAndKill(store: SnapshotStore, id: number, into: number[]): Promise<void> {
  await sleep(300);
  const pid = await timed(() => store.resume(id, { stop: true }), into);
  try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
}

async function measure(prog: string, mib: number, kind: string, runs: number): Promise<Row> {
  const env = { ...process.env, FRED_CKPT_CONTROL: fs.mkdtempSync(path.join(ensureControlDir(defaultControlDir()), 'bench-')), FRED_CKPT_SPARE: '0' };
  const row: Row = { first: [], unchanged: [], changed: [], resumeUnchanged: [], resumeChanged: [] };
  for (let run = 0; run < runs; run++) {
    const program = new Program(prog, mib, kind, env);
    const store = new SnapshotStore(env.FRED_CKPT_CONTROL);
    try {
      await program.line('ready');
      const first = await timed(() => store.take(program.pid), row.first);
      const unchanged = await timed(() => store.take(program.pid), row.unchanged);
      await resumeAndKill(store, unchanged.id, row.resumeUnchanged);
      await program.touch();
      const changed = await timed(() => store.take(program.pid), row.changed);
      await program.touch();
      await resumeAndKill(store, changed.id, row.resumeChanged);
      for (const s of [first, unchanged, changed]) await store.discard(s.id);
    } finally {
      program.kill();
      await sleep(100);
    }
  }
  return row;
}

const cell = (xs: number[]) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)})`;

export async function runSharedMemoryBench(options: SharedMemoryBenchOptions): Promise<void> {
  const prog = build();
  console.log(`snapshot and resume (resume-stop) in ms, median (best) of ${options.runs}; spares off, so a resume includes its fork\n`);
  const head = [padEnd('MiB', 5), padEnd('memory', 8), pad('1st snapshot', 14), pad('unchanged', 12), pad('all pages changed', 18),
    pad('resume: none back', 18), pad('resume: all back', 17)].join(' ');
  console.log(head);
  for (const mib of options.sizesMiB) {
    for (const kind of ['private', 'shared']) {
      const r = await measure(prog, mib, kind, options.runs);
      console.log([padEnd(mib, 5), padEnd(kind, 8), pad(cell(r.first), 14), pad(cell(r.unchanged), 12), pad(cell(r.changed), 18),
        pad(cell(r.resumeUnchanged), 18), pad(cell(r.resumeChanged), 17)].join(' '));
    }
  }
  fs.rmSync(path.dirname(prog), { recursive: true, force: true });
}
