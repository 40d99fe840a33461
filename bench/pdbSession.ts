// Benchmark of `fred pdb` as a user meets it (command in, prompt back), in one run:
// - fred-reverse-next latency (median, p95) on a Python program holding ~100 MB of data,
//   after 10 and 100 commands of history: alternating `n` / fred-rn (the history stays at
//   its length) and consecutive fred-rn (going further back each time); fred-undo and
//   `n` alongside; snapshot and restore times as the session reports them;
// - fred-reverse-watch `total < 0` over a loop of N iterations that goes bad in its last
//   one, stopped after the loop (each search bounded; an exceeded bound is reported);
// - the same on examples/loop_bug.py, and `n 150` then fred-rn there.
// Sessions are built as `fred pdb` builds them (startSession) and driven through the
// command runner, as line mode does.
import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import { parseCliArguments } from '../src/fred/cli/cliArguments';
import { describe as describeError } from '../src/fred/errors';
import { StartedSession, startSession } from '../src/fred/session/startSession';
import { fmt, median, msSince, nowNs, pad, padEnd, quantile } from './timing';

export interface PdbSessionBenchOptions {
  /** Megabytes of Python data the reverse-next program holds. */
  holdMB: number;
  /** Commands of history (c + nexts) before reversing. */
  histories: number[];
  /** Timed commands per (history, kind). */
  samples: number;
  /** Loop lengths for fred-reverse-watch. */
  watchSizes: number[];
  /** Bound on one fred-reverse-watch; the search is interrupted after it. */
  watchBoundSeconds: number;
}

const repoRoot = path.resolve(__dirname, '..', '..');
const benchScript = path.join(repoRoot, 'bench', 'pdbBenchProgram.py');
const loopBug = path.join(repoRoot, 'examples', 'loop_bug.py');


/** The line number of the line of FILE holding MARKER (a comment at its end). */
function markedLine(file: string, marker: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(`# ${marker}`));
  if (index < 0) throw new Error(`${file} has no line marked # ${marker}`);
  return index + 1;
}

class BoundExceeded extends Error {
  constructor(readonly line: string, readonly ms: number) { super(`'${line}' still running after ${ms / 1000} s (interrupted)`); }
}

interface PdbDriver {
  started: StartedSession;
  startMs: number;
  /** Output of the command; fred's errors come back as text starting with "fred: ". */
  send(line: string, boundMs?: number): Promise<string>;
  timed(line: string, boundMs?: number): Promise<{ ms: number; text: string }>;
  close(): Promise<void>;
}

async function fredPdb(script: string, args: string[]): Promise<PdbDriver> {
  const t0 = nowNs();
  const started = await startSession(parseCliArguments(['pdb', script, ...args]), () => undefined);
  const startMs = msSince(t0);
  const send = async (line: string, boundMs = 120000) => {
    let late = false;
    const timer = setTimeout(() => { late = true; started.runner.interrupt(); }, boundMs);
    try {
      const text = await started.runner.handle(line).catch((error) => `fred: ${describeError(error).line}`);
      if (late) throw new BoundExceeded(line, boundMs);
      return text;
    } finally {
      clearTimeout(timer);
    }
  };
  const timed = async (line: string, boundMs?: number) => {
    const t = nowNs();
    const text = await send(line, boundMs);
    return { ms: msSince(t), text };
  };
  return { started, startMs, send, timed, close: () => started.close() };
}

/** Fails unless pdb stopped at LINE of the script ("> /path/script.py(LINE)"). */
function expectAt(text: string, line: number, after: string): void {
  if (!new RegExp(`^> \\S+\\(${line}\\)`, 'm').test(text)) throw new Error(`${after} did not stop at line ${line}: ${text.trim().slice(-300)}`);
}

function expectNoError(text: string, command: string): void {
  if (/^fred: /m.test(text)) throw new Error(`${command} failed: ${text.trim().split('\n').filter((l) => /^fred: /.test(l)).join(' ')}`);
}

interface LatencyRow { what: string; history: number | string; samples: number[]; note?: string }

function printLatency(rows: LatencyRow[]): void {
  console.log(`${padEnd('', 34)} ${pad('history', 8)} ${pad('n', 4)} ${pad('median', 7)} ${pad('p95', 7)} ${pad('max', 7)}  note`);
  for (const r of rows) {
    const max = r.samples.length ? Math.max(...r.samples) : NaN;
    console.log(`${padEnd(r.what, 34)} ${pad(r.history, 8)} ${pad(r.samples.length, 4)} ${pad(fmt(median(r.samples)), 7)} ${pad(fmt(quantile(r.samples, 0.95)), 7)} ${pad(fmt(max), 7)}  ${r.note ?? ''}`);
  }
}

/** Durations of the session's snapshots and restores, from its events. */
function watchSnapshotsAndRestores(started: StartedSession): { snapshots: number[]; restores: number[]; stop(): void } {
  const snapshots: number[] = [], restores: number[] = [];
  let snapshotAt: bigint | undefined, restoreAt: bigint | undefined;
  const stop = started.session.events.on((e) => {
    if (e.type === 'snapshot-started') snapshotAt = nowNs();
    else if (e.type === 'snapshot-taken' && snapshotAt !== undefined) { snapshots.push(msSince(snapshotAt)); snapshotAt = undefined; }
    else if (e.type === 'restore-started') restoreAt = nowNs();
    else if (e.type === 'restored' && restoreAt !== undefined) { restores.push(msSince(restoreAt)); restoreAt = undefined; }
  });
  return { snapshots, restores, stop };
}

/** One session on the ~MB program per history length: c + (history-1) n, then the timed commands. */
async function reverseNextLatency(options: PdbSessionBenchOptions, history: number): Promise<{ rows: LatencyRow[]; startMs: number; snapshots: number[]; restores: number[]; rssMB?: number }> {
  const work = markedLine(benchScript, 'BENCH_WORK');
  const fred = await fredPdb(benchScript, ['hold', String(options.holdMB)]);
  const events = watchSnapshotsAndRestores(fred.started);
  const rn: number[] = [], rnBack: number[] = [], undo: number[] = [], next: number[] = [];
  let replayed = 0;
  let failure: string | undefined;
  let rssMB: number | undefined;
  const reverse = async (command: string, into: number[]) => {
    const { ms, text } = await fred.timed(command);
    expectNoError(text, command);
    into.push(ms);
    replayed = Math.max(replayed, fred.started.session.lastReverse?.replayed ?? 0);
  };
  try {
    await fred.send(`b ${work}`);
    expectAt(await fred.send('c', 60000), work, 'c');
    await fred.send('disable 1');
    // the history counts c and the nexts only (b and disable are there too: 2 more commands)
    for (let i = 1; i < history; i++) next.push((await fred.timed('n')).ms);
    for (let i = 0; i < options.samples; i++) {
      next.push((await fred.timed('n')).ms);
      await reverse('fred-rn', rn);
    }
    for (let i = 0; i < options.samples; i++) {
      await fred.send('n');
      await reverse('fred-undo', undo);
    }
    for (let i = 0; i < Math.min(options.samples, history - 2); i++) await reverse('fred-rn', rnBack);
    const rss = /^(\d+)$/m.exec(await fred.send("p __import__('resource').getrusage(0).ru_maxrss // 1024"));
    rssMB = rss ? Number(rss[1]) : undefined;
  } catch (error) {
    failure = (error as Error).message;
  } finally {
    events.stop();
    await fred.close();
  }
  const note = `at most ${replayed} commands replayed${failure ? `; ${failure}` : ''}`;
  return {
    rows: [
      { what: 'fred-rn after n (history stays)', history, samples: rn, note },
      { what: 'fred-rn consecutive (going back)', history, samples: rnBack },
      { what: 'fred-undo after n', history, samples: undo },
      { what: 'n', history, samples: next },
    ],
    startMs: fred.startMs, snapshots: events.snapshots, restores: events.restores, rssMB,
  };
}

interface WatchOutcome { label: string; seconds?: number; wallMs?: number; probes?: number; forwardMs?: number; right?: boolean; note?: string }

/** b after the loop, c, then the bounded fred-reverse-watch; right = stopped at the bad line with the right i. */
async function reverseWatch(label: string, script: string, args: string[], expression: string, check: string, expected: string, boundSeconds: number): Promise<WatchOutcome> {
  const end = markedLine(script, 'END'), bug = markedLine(script, 'BUG');
  const fred = await fredPdb(script, args);
  let probes = 0;
  const stop = fred.started.session.events.on((e) => { if (e.type === 'search-progress') probes = Math.max(probes, e.probes); });
  const outcome: WatchOutcome = { label };
  try {
    await fred.send(`b ${end}`);
    const forward = await fred.timed('c', boundSeconds * 1000);
    expectAt(forward.text, end, 'c');
    outcome.forwardMs = forward.ms;
    const { ms, text } = await fred.timed(`fred-reverse-watch ${expression}`, boundSeconds * 1000);
    expectNoError(text, 'fred-reverse-watch');
    const figures = /\((\d+) probes, ([\d.]+) s\)/.exec(text);
    if (!figures) throw new Error(`fred-reverse-watch gave no figures: ${text.trim().slice(-200)}`);
    Object.assign(outcome, { wallMs: ms, probes: Number(figures[1]), seconds: Number(figures[2]) });
    const value = /^(-?\d+)$/m.exec(await fred.send(`p ${check}`))?.[1];
    outcome.right = new RegExp(`^> \\S+\\(${bug}\\)`, 'm').test(text) && value === expected;
  } catch (error) {
    outcome.note = error instanceof BoundExceeded ? `did not finish in ${boundSeconds} s (${probes} probes done)` : (error as Error).message;
  } finally {
    stop();
    await fred.close();
  }
  return outcome;
}

/** examples/loop_bug.py: `n 150` from the start, then fred-rn (a fresh session per sample). */
async function longNext(samples: number): Promise<{ n150: number[]; rn: number[]; starts: number[] }> {
  const n150: number[] = [], rn: number[] = [], starts: number[] = [];
  for (let i = 0; i < samples; i++) {
    const fred = await fredPdb(loopBug, []);
    starts.push(fred.startMs);
    try {
      n150.push((await fred.timed('n 150')).ms);
      const back = await fred.timed('fred-rn');
      expectNoError(back.text, 'fred-rn');
      rn.push(back.ms);
    } finally {
      await fred.close();
    }
  }
  return { n150, rn, starts };
}

function printWatch(o: WatchOutcome): void {
  const result = o.note ?? `${o.seconds!.toFixed(2)} s (${fmt(o.wallMs!)} ms command), ${o.probes} probes${o.right ? '' : ' (WRONG PLACE)'}`;
  console.log(`${padEnd(o.label, 34)} ${pad(o.forwardMs === undefined ? '-' : fmt(o.forwardMs), 10)}   ${result}`);
}

/** Only the fred-reverse-watch rows (`npm run bench -- pdb-watch`): loops of `sizes` iterations. */
export async function runPdbWatchBench(sizes: number[], boundSeconds: number): Promise<void> {
  console.log(`fred pdb reverse-watch — ${os.cpus().length} CPUs, kernel ${os.release()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`${padEnd('', 34)} ${pad('c (ms)', 10)}   search (fred's figure, whole command), probes`);
  printWatch(await reverseWatch('examples/loop_bug.py balance < 0', loopBug, [], 'balance < 0', 'day', '37', boundSeconds));
  for (const n of sizes) {
    printWatch(await reverseWatch(`loop N=${n.toExponential().replace('+', '')} total < 0`, benchScript, ['loop', String(n)], 'total < 0', 'i', String(n - 1), boundSeconds));
  }
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

export async function runPdbSessionBench(options: PdbSessionBenchOptions): Promise<void> {
  console.log(`fred pdb — ${os.cpus().length} CPUs, kernel ${os.release()}, python3; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log('ms from command sent to prompt back\n');
  console.log(`reverse-next: ${benchScript} holding ~${options.holdMB} MB, c + (history-1) n in its loop, ${options.samples} samples`);
  const rows: LatencyRow[] = [];
  const starts: number[] = [], snapshots: number[] = [], restores: number[] = [];
  for (const history of options.histories) {
    const r = await reverseNextLatency(options, history);
    printLatency(r.rows.slice(0, 1));
    rows.push(...r.rows);
    starts.push(r.startMs);
    snapshots.push(...r.snapshots);
    restores.push(...r.restores);
    if (r.rssMB !== undefined) console.log(`  (python3 max resident size ${r.rssMB} MB)`);
  }
  const loop = await longNext(5);
  starts.push(...loop.starts);
  rows.push({ what: 'loop_bug.py: n 150 from the start', history: 1, samples: loop.n150 });
  rows.push({ what: 'loop_bug.py: fred-rn after n 150', history: 1, samples: loop.rn });
  console.log('');
  printLatency([
    ...rows,
    { what: 'start (fred pdb to first prompt)', history: '-', samples: [...starts] },
    { what: `snapshot (python holding ~${options.holdMB} MB)`, history: '-', samples: snapshots },
    { what: 'restore (event to event)', history: '-', samples: restores },
  ]);
  const goal = rows.filter((r) => r.what.startsWith('fred-rn after n')).every((r) => median(r.samples) <= 150);
  console.log(`goal: fred-rn median <= 150 ms on the ~${options.holdMB} MB program: ${goal ? 'met' : 'missed'}`);

  console.log(`\nfred-reverse-watch, bound ${options.watchBoundSeconds} s each; c = forward run to the line after the loop`);
  console.log(`${padEnd('', 34)} ${pad('c (ms)', 10)}   search (fred's figure, whole command), probes`);
  printWatch(await reverseWatch('examples/loop_bug.py balance < 0', loopBug, [], 'balance < 0', 'day', '37', options.watchBoundSeconds));
  for (const n of options.watchSizes) {
    printWatch(await reverseWatch(`loop N=${n.toExponential().replace('+', '')} total < 0`, benchScript, ['loop', String(n)], 'total < 0', 'i', String(n - 1), options.watchBoundSeconds));
  }
  console.log(`load average at the end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
