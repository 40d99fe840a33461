// Benchmark of the replay stop check (README, "What the program takes from outside"):
// what a replay of N recorded `next`s costs, per replayed command, under `fred gdb` and
// `fred pdb`. No automatic snapshots: one fred-checkpoint after the start, N nexts typed,
// then `fred-undo 1` replays N-1 nexts from that checkpoint (and `next` goes forward
// again, live). Each replayed next is compared with where the user's next stopped. Prints
// ms and debugger round trips (commands and questions) per replayed next; run it on two
// builds to see what the check adds.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCliArguments } from '../src/fred/cli/cliArguments';
import { describe as describeError } from '../src/fred/errors';
import { startSession, StartedSession } from '../src/fred/session/startSession';
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

interface Run { ms: number; trips: number }

/** Per replayed next, one entry per undo: ms (wall clock) and debugger round trips, with the stop reports and without. */
async function measure(started: StartedSession, setup: string[], next: string, options: StopCheckBenchOptions): Promise<{ reportedRuns: Run[]; askingRuns: Run[] }> {
  for (const line of setup) await send(started, line);
  await send(started, 'fred-checkpoint');
  for (let i = 0; i < options.nexts; i++) await send(started, next);
  const reportedRuns: Run[] = [];
  const askingRuns: Run[] = [];
  // every line fred sends the debugger's terminal during the undos (commands and
  // questions, each waits for the prompt): round trips. The pty driver is private to the
  // adapter (pdb's wraps another): reached here for counting only.
  type Driven = { inner?: unknown; driver: { run: (...args: unknown[]) => Promise<unknown> } };
  const dbg = started.session.debugger_;
  const adapter = dbg as unknown as Driven;
  const driver = ((adapter.inner as Driven | undefined) ?? adapter).driver;
  const run = driver.run.bind(driver);
  let roundTrips = 0;
  driver.run = (...args) => { roundTrips++; return run(...args); };
  const reports = { reported: dbg.stopReported };
  for (let k = 0; k < options.samples; k++) {
    // every other undo: the stop reports ignored, so the check asks where each command stopped
    const asking = k % 2 === 1;
    dbg.stopReported = asking ? () => undefined : reports.reported;
    const before = roundTrips;
    const t0 = nowNs();
    const said = await send(started, 'fred-undo 1');
    const ms = msSince(t0);
    if (/^fred: /m.test(said) && !/^fred: (undo|back)/m.test(said)) throw new Error(`fred-undo 1 failed: ${said}`);
    (asking ? askingRuns : reportedRuns).push({ ms: ms / (options.nexts - 1), trips: (roundTrips - before) / (options.nexts - 1) });
    await send(started, next);
  }
  dbg.stopReported = reports.reported;
  return { reportedRuns, askingRuns };
}

export async function runStopCheckBench(options: StopCheckBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-stop-check-'));
  const rows: string[] = [];
  try {
    const program = buildGdbBenchProgram(dir);
    const gdb = await startSession(parseCliArguments(['gdb', ...noSnapshots, '--image-dir', dir, '--args', program.path, '1']), () => undefined);
    try {
      const runs = await measure(gdb, [`break ${program.line('BENCH_WORK')}`, 'run'], 'next', options);
      rows.push(row('fred gdb', 'in the output', runs.reportedRuns), row('fred gdb', 'asked', runs.askingRuns));
    } finally {
      await send(gdb, 'kill');
      await gdb.close();
    }
    const pdb = await startSession(parseCliArguments(['pdb', ...noSnapshots, '--image-dir', dir, pdbScript, 'hold', '1']), () => undefined);
    try {
      const work = fs.readFileSync(pdbScript, 'utf8').split('\n').findIndex((l) => l.includes('# BENCH_WORK')) + 1;
      const runs = await measure(pdb, [`b ${work}`, 'c'], 'n', options);
      rows.push(row('fred pdb', 'in the output', runs.reportedRuns), row('fred pdb', 'asked', runs.askingRuns));
    } finally {
      await pdb.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\nStop check: fred-undo 1 after ${options.nexts} nexts from a checkpoint, per replayed next (${options.samples} undos, alternating)`);
  console.log('where each stop comes from: the command\'s own output (stop reports), or a question after each command');
  console.log(`${padEnd('debugger', 10)} ${padEnd('stop', 14)} ${pad('ms median', 10)} ${pad('ms p90', 8)} ${pad('round trips', 12)}`);
  for (const r of rows) console.log(r);
}

function row(name: string, how: string, runs: Run[]): string {
  const ms = runs.map((r) => r.ms);
  return `${padEnd(name, 10)} ${padEnd(how, 14)} ${pad(fmt(median(ms)), 10)} ${pad(fmt(quantile(ms, 0.9)), 8)} ${pad(median(runs.map((r) => r.trips)).toFixed(2), 12)}`;
}
