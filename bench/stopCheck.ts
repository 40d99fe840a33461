// Benchmark of the replay stop check (README, "What the program takes from outside"):
// what a replay of N recorded `next`s costs, per replayed command, under `fred gdb` and
// `fred pdb`. No automatic snapshots: one fred-checkpoint after the start, N nexts typed,
// then `fred-undo 1` replays N-1 nexts from that checkpoint (and `next` goes forward
// again, live). Each replayed next is compared with where the user's next stopped.
// Run it on two builds to see what the check adds.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCliArguments } from '../src/fred/cliArguments';
import { describe as describeError } from '../src/fred/errors';
import { startSession, StartedSession } from '../src/fred/startSession';
import { buildGdbBenchProgram } from './gdbSessionProgram';
import { fmt, median, msSince, nowNs, pad, padEnd, quantile } from './timing';

export interface StopCheckBenchOptions {
  /** Nexts typed after the checkpoint; an undo replays one fewer. */
  nexts: number;
  /** Timed undos per debugger. */
  samples: number;
}

const repoRoot = path.resolve(__dirname, '..', '..');
const pdbScript = path.join(repoRoot, 'bench', 'pdbBenchProgram.py');
const noSnapshots = ['--snapshot-every', '1000000', '--cheap-replay', '1000000000', '--replay-budget', '1000000000'];

async function send(started: StartedSession, line: string): Promise<string> {
  return started.runner.handle(line).catch((error) => `fred: ${describeError(error).line}`);
}

async function measure(started: StartedSession, setup: string[], next: string, options: StopCheckBenchOptions): Promise<number[]> {
  for (const line of setup) await send(started, line);
  await send(started, 'fred-checkpoint');
  for (let i = 0; i < options.nexts; i++) await send(started, next);
  const perCommand: number[] = [];
  for (let k = 0; k < options.samples; k++) {
    const t0 = nowNs();
    const said = await send(started, 'fred-undo 1');
    const ms = msSince(t0);
    if (/^fred: /m.test(said) && !/^fred: (undo|back)/m.test(said)) throw new Error(`fred-undo 1 failed: ${said}`);
    perCommand.push(ms / (options.nexts - 1));
    await send(started, next);
  }
  return perCommand;
}

export async function runStopCheckBench(options: StopCheckBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-stop-check-'));
  const rows: string[] = [];
  try {
    const program = buildGdbBenchProgram(dir);
    const gdb = await startSession(parseCliArguments(['gdb', ...noSnapshots, '--image-dir', dir, '--args', program.path, '1']), () => undefined);
    try {
      const times = await measure(gdb, [`break ${program.line('BENCH_WORK')}`, 'run'], 'next', options);
      rows.push(row('fred gdb', times));
    } finally {
      await send(gdb, 'kill');
      await gdb.close();
    }
    const pdb = await startSession(parseCliArguments(['pdb', ...noSnapshots, '--image-dir', dir, pdbScript, 'hold', '1']), () => undefined);
    try {
      const work = fs.readFileSync(pdbScript, 'utf8').split('\n').findIndex((l) => l.includes('# BENCH_WORK')) + 1;
      const times = await measure(pdb, [`b ${work}`, 'c'], 'n', options);
      rows.push(row('fred pdb', times));
    } finally {
      await pdb.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nStop check: fred-undo 1 after ${options.nexts} nexts from a checkpoint, ms per replayed next (${options.samples} undos)`);
  console.log(`${padEnd('debugger', 10)} ${pad('median', 8)} ${pad('p90', 8)}`);
  for (const r of rows) console.log(r);
}

function row(name: string, times: number[]): string {
  return `${padEnd(name, 10)} ${pad(fmt(median(times)), 8)} ${pad(fmt(quantile(times, 0.9)), 8)}`;
}
