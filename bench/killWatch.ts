// What the kill watch (src/fred/session/outsideKills.ts, issue 16) costs a fred-reverse-watch
// search: the questions "which pid is the program?" that gdb answers during the search,
// by who asks (the kill watch after a probe, a restore about the program it replaces, the
// rest of fred), and the time spent waiting for those answers. examples/long_loop.c: break
// at END, run, fred-reverse-watch value < 0, continue back to END, again.
// Every line fred sends gdb's terminal goes through the adapter's pty driver (private to
// the adapter): wrapped here to count and time them, nothing else changes.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCliArguments } from '../src/fred/cli/cliArguments';
import { describe as describeError } from '../src/fred/errors';
import { startSession, StartedSession } from '../src/fred/session/startSession';
import { fmt, median, msSince, nowNs, pad, padEnd } from './timing';

export interface KillWatchBenchOptions {
  /** Loop sizes N (bad at iteration N/2). */
  sizes: number[];
  /** Timed searches per size. */
  samples: number;
}

const repoRoot = path.resolve(__dirname, '..', '..');
const source = fs.readFileSync(path.join(repoRoot, 'examples', 'long_loop.c'), 'utf8');
const endLine = source.split('\n').findIndex((l) => l.includes('/* END */')) + 1;
const bugLine = source.split('\n').findIndex((l) => l.includes('/* BUG */')) + 1;

/** Who asked gdb for the program's pid, from the asking call's stack. */
type Asker = 'kill watch' | 'restore' | 'other';
const askers: Asker[] = ['kill watch', 'restore', 'other'];

function askerOf(stack: string): Asker {
  if (/KillWatch\./.test(stack)) return 'kill watch';
  if (/GdbProcessControl\.restore\b/.test(stack)) return 'restore';
  return 'other';
}

interface Search { ms: number; probes: number; restores: number; trips: number; asked: Record<Asker, number>; askedMs: Record<Asker, number> }

async function send(started: StartedSession, line: string): Promise<string> {
  return started.runner.handle(line).catch((error) => `fred: ${describeError(error).line}`);
}

async function measure(binary: string, n: number, options: KillWatchBenchOptions, dir: string): Promise<Search[]> {
  const started = await startSession(parseCliArguments(['gdb', '--image-dir', dir, '--args', binary, String(Math.floor(n / 2)), String(n)]), () => undefined);
  const searches: Search[] = [];
  try {
    type Driven = { driver: { run: (command: string, ...rest: unknown[]) => Promise<unknown> } };
    const driver = (started.session.debugger_ as unknown as Driven).driver;
    const run = driver.run.bind(driver);
    let now: Search | undefined;
    driver.run = async (command, ...rest) => {
      if (!now) return run(command, ...rest);
      const search = now;
      search.trips++;
      if (/^(?:server )?fred-restore-begin\b/.test(command)) search.restores++;
      if (!/fred-pid/.test(command)) return run(command, ...rest);
      const asker = askerOf(new Error().stack ?? '');
      const t0 = nowNs();
      try {
        return await run(command, ...rest);
      } finally {
        search.asked[asker]++;
        search.askedMs[asker] += msSince(t0);
      }
    };
    await send(started, `break ${endLine}`);
    await send(started, 'run');
    for (let i = 0; i < options.samples; i++) {
      const zero = () => ({ 'kill watch': 0, restore: 0, other: 0 });
      now = { ms: 0, probes: 0, restores: 0, trips: 0, asked: zero(), askedMs: zero() };
      const t0 = nowNs();
      const said = await send(started, 'fred-reverse-watch value < 0');
      now.ms = msSince(t0);
      now.probes = started.session.lastReverse?.probes ?? NaN;
      if (!new RegExp(`long_loop\\.c:${bugLine}\\b|^${bugLine}\\s`, 'm').test(said)) throw new Error(`fred-reverse-watch did not stop at the BUG line: ${said.slice(-300)}`);
      searches.push(now);
      now = undefined;
      await send(started, 'continue'); // back to END for the next search
    }
  } finally {
    await send(started, 'kill');
    await started.close();
  }
  return searches;
}

export async function runKillWatchBench(options: KillWatchBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-bench-kills-'));
  try {
    const binary = path.join(dir, 'long_loop');
    execFileSync('gcc', ['-g', '-O0', '-o', binary, path.join(repoRoot, 'examples', 'long_loop.c')]);
    console.log(`kill watch: gdb's answers to "which pid?" during fred-reverse-watch value < 0 (long_loop, bad at N/2), ${options.samples} searches per N, medians`);
    console.log(`${padEnd('N', 9)} ${pad('search ms', 10)} ${pad('probes', 7)} ${pad('restores', 9)} ${pad('round trips', 12)}  ${askers.map((a) => pad(`${a}: asks, ms`, 20)).join(' ')} ${pad('all pid ms', 11)} ${pad('share', 6)}`);
    for (const n of options.sizes) {
      const searches = await measure(binary, n, options, dir);
      const m = (f: (s: Search) => number) => median(searches.map(f));
      const pidMs = m((s) => askers.reduce((sum, a) => sum + s.askedMs[a], 0));
      const cells = askers.map((a) => pad(`${m((s) => s.asked[a])}, ${fmt(m((s) => s.askedMs[a]))}`, 20));
      console.log(`${padEnd(n, 9)} ${pad(fmt(m((s) => s.ms)), 10)} ${pad(m((s) => s.probes), 7)} ${pad(m((s) => s.restores), 9)} ${pad(m((s) => s.trips), 12)}  ${cells.join(' ')} ${pad(fmt(pidMs), 11)} ${pad(`${(100 * pidMs / m((s) => s.ms)).toFixed(1)}%`, 6)}`);
    }
    console.log('asks: gdb round trips of `python print("fred-pid", ...)`; ms: time waiting for them; share: all pid ms of the search ms (medians of each column)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
