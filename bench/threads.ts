// Benchmark of threaded programs: fred snapshot and resume (SnapshotStore), image
// checkpoint (fred-ckpt's checkpointToImage) and restart (`fred-ckpt restart` until the
// program reads stdin again), for a program holding MIB of random memory with 1 or N
// threads (the others wait on a condition variable). Medians of a few runs (best).
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkpointToImage, defaultControlDir, ensureControlDir } from '../src/fred/checkpointer/checkpointControl';
import { repoRoot } from '../src/fred/checkpointer/nativePaths';
import { SnapshotStore } from '../src/fred/session/snapshots';

export interface ThreadBenchOptions { sizesMiB: number[]; threads: number[]; runs: number; dir?: string }

const fredCkpt = path.join(repoRoot, 'bin', 'fred-ckpt');
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const show = (xs: number[]) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)})`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const msSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const cSource = String.raw`
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never = PTHREAD_COND_INITIALIZER;
static void *waiter(void *arg) { (void)arg; pthread_mutex_lock(&lock); for (;;) pthread_cond_wait(&never, &lock); return NULL; }
int main(int argc, char **argv)
{
    size_t len = (size_t)atol(argv[1]) << 20;
    int threads = atoi(argv[2]);
    uint64_t *p = malloc(len), x = 88172645463325252ull;
    for (size_t i = 0; i < len / 8; i++) { x ^= x << 13; x ^= x >> 7; x ^= x << 17; p[i] = x; }
    for (int i = 1; i < threads; i++) { pthread_t t; pthread_create(&t, NULL, waiter, NULL); }
    printf("ready\n");
    fflush(stdout);
    char line[64];
    while (fgets(line, sizeof line, stdin)) { }
    return 0;
}
`;

function build(dir: string): string {
  const source = path.join(dir, 'threads-bench.c'), out = path.join(dir, 'threads-bench');
  fs.writeFileSync(source, cSource);
  execFileSync('gcc', ['-O2', '-pthread', '-o', out, source]);
  return out;
}

/** One of pid's threads is blocked reading stdin (a resumed copy's first thread may be a waiter). */
async function someThreadReading(pid: number): Promise<void> {
  for (let i = 0; i < 200000; i++) {
    try {
      if (fs.readdirSync(`/proc/${pid}/task`).some((t) => fs.readFileSync(`/proc/${pid}/task/${t}/syscall`, 'utf8').startsWith('0 0x0 '))) return;
    } catch { /* not yet */ }
    await sleep(0.5);
  }
  throw new Error(`process ${pid} never read stdin`);
}

async function killGroupOf(child: ChildProcess): Promise<void> {
  try { process.kill(-child.pid!, 'SIGKILL'); } catch { return; }
  for (let i = 0; i < 500 && child.exitCode === null && child.signalCode === null; i++) await sleep(10);
}

async function killPid(pid: number): Promise<void> {
  try { process.kill(pid, 'SIGKILL'); } catch { return; }
  for (let i = 0; i < 2000; i++) {
    try { if (/\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) return; } catch { return; }
    await sleep(1);
  }
}

interface Row { snapshot: number[]; resume: number[]; checkpoint: number[]; restart: number[] }

async function measure(prog: string, dir: string, mib: number, threads: number, runs: number): Promise<Row> {
  const env = { ...process.env, FRED_CKPT_CONTROL: fs.mkdtempSync(path.join(ensureControlDir(defaultControlDir()), 'bench-threads-')) };
  // stdin is a FIFO held open here, so resumed copies go on reading after the live one dies
  const fifo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-in-')), 'stdin');
  execFileSync('mkfifo', ['-m', '600', fifo]);
  const input = fs.openSync(fifo, 'r+');
  const live = spawn(fredCkpt, ['launch', '--', prog, String(mib), String(threads)], { detached: true, stdio: [input, 'pipe', 'inherit'], env });
  await new Promise<void>((resolve) => live.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); }));
  const row: Row = { snapshot: [], resume: [], checkpoint: [], restart: [] };
  const store = new SnapshotStore();
  try {
    await someThreadReading(live.pid!);
    for (let run = 0; run < runs; run++) {
      const image = path.join(dir, `threads-${mib}-${threads}.img`);
      let t0 = process.hrtime.bigint();
      await checkpointToImage(live.pid!, image);
      row.checkpoint.push(msSince(t0));
      t0 = process.hrtime.bigint();
      const restarted = spawn(fredCkpt, ['restart', image], { detached: true, stdio: ['pipe', 'ignore', 'inherit'], env });
      await someThreadReading(restarted.pid!);
      row.restart.push(msSince(t0));
      await killGroupOf(restarted);
      fs.rmSync(image, { force: true });
    }
    let current = live.pid!;
    for (let run = 0; run < runs; run++) {
      let t0 = process.hrtime.bigint();
      const snapshot = await store.take(current);
      row.snapshot.push(msSince(t0));
      await killPid(current);
      t0 = process.hrtime.bigint();
      current = await store.resume(snapshot.id);
      await someThreadReading(current);
      row.resume.push(msSince(t0));
      if (fs.readdirSync(`/proc/${current}/task`).length !== threads) throw new Error(`the resumed copy has not ${threads} threads`);
      await store.discard(snapshot.id);
      await sleep(50);
    }
    await killPid(current);
  } finally {
    await store.discardAll().catch(() => undefined);
    await killGroupOf(live);
    fs.closeSync(input);
    fs.rmSync(path.dirname(fifo), { recursive: true, force: true });
  }
  return row;
}

export async function runThreadsBench(options: ThreadBenchOptions): Promise<void> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-threads-'));
  const prog = build(dir);
  console.log(`median (best) of ${options.runs} runs, ms; threads other than main wait in pthread_cond_wait; the main thread reads stdin`);
  console.log('| MiB | threads | fred snapshot | fred resume | image checkpoint | image restart |');
  console.log('|---|---|---|---|---|---|');
  for (const mib of options.sizesMiB) {
    for (const threads of options.threads) {
      const r = await measure(prog, dir, mib, threads, options.runs);
      console.log(`| ${mib} | ${threads} | ${show(r.snapshot)} | ${show(r.resume)} | ${show(r.checkpoint)} | ${show(r.restart)} |`);
    }
  }
  if (!options.dir) fs.rmSync(dir, { recursive: true, force: true });
}
