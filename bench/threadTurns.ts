// Benchmark of threads taking turns (src/checkpointer-native/src/fred_thread_order.c):
//  - forward cost: a lock-heavy program (4 threads x N lock/add/unlock, with or without a
//    sched_yield after each unlock, where the turn may change hands) run to the end in
//    plain gdb, and in gdb with fred's library and a record log (what a fred gdb session
//    adds to the program: turns, each change of hands a log entry), then replayed from that
//    log; wall time of `gdb -batch -ex run`, gdb's start included in both;
//  - reverse-next latency in a threaded program (examples/turns_counter.c-like, workers
//    taking a mutex in an order set by timing) under `fred gdb`, from fred-info's report.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { preloadLibrary, repoRoot } from '../src/fred/checkpointer/nativePaths';

export interface TurnsBenchOptions { runs: number; iterations: number; reverseSamples: number }

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const show = (xs: number[]) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)})`;

const lockHeavy = String.raw`
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter, iterations;
static int yield;
static void *work(void *arg) {
    (void)arg;
    for (long i = 0; i < iterations; i++) {
        pthread_mutex_lock(&lock);
        counter++;
        pthread_mutex_unlock(&lock);
        if (yield) sched_yield();
    }
    return NULL;
}
int main(int argc, char **argv) {
    iterations = atol(argv[1]);
    yield = argc > 2;
    pthread_t t[4];
    for (int i = 0; i < 4; i++) pthread_create(&t[i], NULL, work, NULL);
    for (int i = 0; i < 4; i++) pthread_join(t[i], NULL);
    printf("counter %ld\n", counter);
    return 0;
}
`;

const turnsProgram = String.raw`
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static void *work(void *arg) {
    long id = (long)arg;
    for (int round = 0; round < 400; round++) {
        pthread_mutex_lock(&lock);
        counter += id; /* ADD */
        pthread_mutex_unlock(&lock);
        usleep(50 + 30 * id);
    }
    return NULL;
}
int main(void) {
    pthread_t t[3];
    for (long i = 0; i < 3; i++) pthread_create(&t[i], NULL, work, (void *)i);
    for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
    printf("counter %ld\n", counter);
    return 0;
}
`;

function compile(dir: string, name: string, source: string): string {
  fs.writeFileSync(path.join(dir, `${name}.c`), source);
  const out = path.join(dir, name);
  execFileSync('gcc', ['-g', '-O0', '-pthread', '-o', out, path.join(dir, `${name}.c`)]);
  return out;
}

function gdbRun(program: string, args: string[], env: Record<string, string>): number {
  // SIGSYS: the record log's filter, answered by the library (as fred's gdb setup says)
  const gdbArgs = ['-q', '-nx', '-batch', '-ex', 'set pagination off', '-ex', 'handle SIGSYS nostop noprint pass'];
  for (const [name, value] of Object.entries(env)) gdbArgs.push('-ex', `set environment ${name}=${value}`);
  gdbArgs.push('-ex', 'run', '--args', program, ...args);
  const started = process.hrtime.bigint();
  const r = spawnSync('gdb', gdbArgs, { encoding: 'utf8', timeout: 300000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (!/counter \d+/.test(r.stdout)) throw new Error(`the program did not finish under gdb: ${r.stdout.slice(-400)}${r.stderr.slice(-400)}`);
  return ms;
}

function forwardCost(dir: string, options: TurnsBenchOptions): void {
  const program = compile(dir, 'lock-heavy', lockHeavy);
  console.log(`4 threads x N lock/add/unlock, run to the end under gdb; ms, median (best) of ${options.runs}\n`);
  console.log('| variant | N | plain gdb | gdb + library, recording | replaying the log | recorded / plain | log entries |');
  console.log('|---|---|---|---|---|---|---|');
  for (const yieldEach of [false, true]) {
    // fewer iterations with yields: each is a system call, and before 2026-12-08 each yield
    // handed the turn over (a futex wake and a context switch); kept so figures compare
    const iterations = yieldEach ? options.iterations / 10 : options.iterations;
    const args = [String(iterations), ...(yieldEach ? ['yield'] : [])];
    const plain: number[] = [], recorded: number[] = [], replayed: number[] = [];
    let entries = 0;
    for (let k = 0; k < options.runs; k++) {
      const log = path.join(dir, `turns-${k}.log`);
      fs.rmSync(log, { force: true });
      // FRED_RECORD_PROGRAM: gdb starts the program through a shell, which must not record
      const env = { LD_PRELOAD: preloadLibrary, FRED_RECORD_LOG: log, FRED_RECORD_PROGRAM: program };
      plain.push(gdbRun(program, args, {}));
      recorded.push(gdbRun(program, args, env));
      replayed.push(gdbRun(program, args, env));
      const header = fs.readFileSync(log).subarray(0, 64);
      entries = Number(header.readBigUInt64LE(40));
      fs.rmSync(log, { force: true });
    }
    console.log(`| ${yieldEach ? 'sched_yield after each unlock' : 'no yield'} | ${iterations} | ${show(plain)} | ${show(recorded)} | ${show(replayed)} | ${(median(recorded) / median(plain)).toFixed(2)} | ${entries} |`);
  }
  console.log('');
}

function reverseNextLatency(dir: string, options: TurnsBenchOptions): void {
  const program = compile(dir, 'turns-program', turnsProgram);
  const line = turnsProgram.split('\n').findIndex((l) => l.includes('/* ADD */')) + 1;
  const commands = [`break ${line}`, 'run'];
  for (let i = 0; i < options.reverseSamples; i++) commands.push('continue', 'next', 'fred-reverse-next', 'fred-info');
  commands.push('quit');
  const cli = path.join(repoRoot, 'dist', 'src', 'fred', 'cli', 'cli.js');
  for (const policy of [['--cheap-replay', '0'], []]) {
    const r = spawnSync(process.execPath, [cli, ...policy, 'gdb', program], { input: commands.join('\n') + '\n', encoding: 'utf8', timeout: 600000, cwd: dir });
    const took = [...r.stdout.matchAll(/last reverse command: fred-reverse-next took (\d+) ms/g)].map((m) => Number(m[1]));
    if (took.length === 0) throw new Error(`no reverse-next timings: ${r.stdout.slice(-600)}`);
    const sorted = [...took].sort((a, b) => a - b);
    const p90 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
    const diverged = (r.stdout.match(/went another way/g) ?? []).length;
    console.log(`fred gdb ${policy.join(' ') || '(default policy)'}: fred-reverse-next in a worker of 3 threads, ${took.length} samples: p50 ${median(took)} ms, p90 ${p90} ms, best ${sorted[0]} ms; replays that went another way: ${diverged}`);
  }
  console.log('');
}

export async function runThreadTurnsBench(options: TurnsBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-turns-'));
  try {
    forwardCost(dir, options);
    reverseNextLatency(dir, options);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
