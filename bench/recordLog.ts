// What the record/replay log costs (src/checkpointer-native/src/fred_record*.c): a program
// makes 1e6 clock_gettime calls and 1e5 reads of 16 bytes from a pipe its child fills,
// between two breakpoints. Timed: one `continue` over that work in plain gdb, in fred gdb
// without the log (FRED_NO_RECORD=1) and with it; then, with the log, the same `continue`
// again after `fred-undo` (the calls are answered from the log: replay). Also: the log's
// bytes per recorded call.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createGdb } from '../src/debugger-adapters/gdb';
import { parseCliArguments } from '../src/fred/cli/cliArguments';
import { StartedSession, startSession } from '../src/fred/session/startSession';
import { fmt, median, msSince, nowNs, pad, padEnd } from './timing';

const source = String.raw`
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long clocks = argc > 1 ? atol(argv[1]) : 1000000, reads = argc > 2 ? atol(argv[2]) : 100000;
    int p[2];
    if (pipe(p) < 0) return 1;
    if (fork() == 0) {
        char chunk[16] = "0123456789abcde";
        close(p[0]);
        for (long i = 0; i < reads; i++)
            if (write(p[1], chunk, sizeof chunk) != (ssize_t)sizeof chunk) return 1;
        return 0;
    }
    close(p[1]);
    long sum = 0;                                                    /* BENCH_START */
    struct timespec ts;
    for (long i = 0; i < clocks; i++) {
        clock_gettime(CLOCK_MONOTONIC, &ts);
        sum += ts.tv_nsec & 1;
    }
    char buf[16];
    for (long i = 0; i < reads; i++) {
        ssize_t n = read(p[0], buf, sizeof buf);
        if (n <= 0) break;
        sum += buf[n - 1];
    }
    printf("%ld\n", sum);                                            /* BENCH_END */
    return 0;
}
`;

export interface RecordLogBenchOptions { runs: number; clocks: number; reads: number }

function lineOf(marker: string): number {
  return source.split('\n').findIndex((l) => l.includes(`/* ${marker} */`)) + 1;
}

function build(dir: string): string {
  const file = path.join(dir, 'record-bench.c');
  const binary = path.join(dir, 'record-bench');
  fs.writeFileSync(file, source);
  execFileSync('gcc', ['-O1', '-g', '-o', binary, file]);
  return binary;
}

/** ms of one `continue` from BENCH_START to BENCH_END in plain gdb. */
async function plainGdb(binary: string, args: string[]): Promise<number> {
  const gdb = createGdb({ args: ['--args', binary, ...args] });
  await gdb.start();
  try {
    await gdb.execute(`break ${lineOf('BENCH_START')}`);
    await gdb.execute(`break ${lineOf('BENCH_END')}`);
    await gdb.execute('run');
    const t0 = nowNs();
    await gdb.execute('continue');
    return msSince(t0);
  } finally {
    await gdb.close();
  }
}

interface FredTimes { forward: number; replay?: number; bytesPerCall?: number }

async function fredGdb(binary: string, args: string[], record: boolean): Promise<FredTimes> {
  const before = process.env.FRED_NO_RECORD;
  if (record) delete process.env.FRED_NO_RECORD;
  else process.env.FRED_NO_RECORD = '1';
  let started: StartedSession | undefined;
  try {
    started = await startSession(parseCliArguments(['--plain', 'gdb', '--args', binary, ...args]), () => undefined);
    const send = (line: string) => started!.runner.handle(line);
    await send(`break ${lineOf('BENCH_START')}`);
    await send(`break ${lineOf('BENCH_END')}`);
    await send('run');
    let t0 = nowNs();
    await send('continue');
    const forward = msSince(t0);
    if (!record) return { forward };
    const log = started.session.recordLog!.read()!;
    const calls = log.liveIndex;
    const bytesPerCall = calls > 0 ? Number(log.length - 4096n) / calls : NaN;
    await send('fred-undo 1');
    t0 = nowNs();
    await send('continue');
    return { forward, replay: msSince(t0), bytesPerCall };
  } finally {
    if (before === undefined) delete process.env.FRED_NO_RECORD;
    else process.env.FRED_NO_RECORD = before;
    await started?.close();
  }
}

export async function runRecordLogBench(options: RecordLogBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-record-bench-'));
  try {
    const binary = build(dir);
    const args = [String(options.clocks), String(options.reads)];
    const plain: number[] = [], bare: number[] = [], logged: number[] = [], replayed: number[] = [], bytes: number[] = [];
    for (let r = 0; r < options.runs; r++) {
      plain.push(await plainGdb(binary, args));
      bare.push((await fredGdb(binary, args, false)).forward);
      const withLog = await fredGdb(binary, args, true);
      logged.push(withLog.forward);
      replayed.push(withLog.replay ?? NaN);
      bytes.push(withLog.bytesPerCall ?? NaN);
    }
    console.log(`\nrecord log: continue over ${options.clocks} clock_gettime + ${options.reads} pipe reads of 16 bytes (median of ${options.runs} runs, ms)`);
    console.log(`${padEnd('', 34)}${pad('ms', 8)}${pad('vs gdb', 8)}${pad('vs no log', 11)}`);
    const row = (name: string, ms: number) => console.log(`${padEnd(name, 34)}${pad(fmt(ms), 8)}${pad((ms / median(plain)).toFixed(2), 8)}${pad((ms / median(bare)).toFixed(2), 11)}`);
    row('plain gdb', median(plain));
    row('fred gdb, no log (FRED_NO_RECORD)', median(bare));
    row('fred gdb, recording', median(logged));
    row('fred gdb, replaying (after undo)', median(replayed));
    console.log(`log bytes per recorded call: ${median(bytes).toFixed(1)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
