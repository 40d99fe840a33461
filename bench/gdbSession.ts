// Benchmark of `fred gdb` as a user meets it (command in, prompt back), in one run:
// - fred-reverse-next latency (median, p95) on a 64 and a 512 MiB program, after 10, 100
//   and 1000 commands of history; side by side with gdb's `record full` + reverse-next
//   (AVX disabled through GLIBC_TUNABLES) and gdb's own `checkpoint` + `restart N`;
// - forward execution: `continue` over a 1e6-iteration loop, plain gdb vs fred (which
//   snapshots before a continue) vs `record full` (bounded; it is very slow).
// Every debugger here runs in a pty exactly as `fred gdb` runs it (src/debugger-adapters).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Debugger } from '../src/debugger-adapters/debugger';
import { createGdb } from '../src/debugger-adapters/gdb';
import { parseCliArguments } from '../src/fred/cli/cliArguments';
import { SnapshotPolicy } from '../src/fred/session/snapshotPolicy';
import { StartedSession, startSession } from '../src/fred/session/startSession';
import { buildGdbBenchProgram, GdbBenchProgram } from './gdbSessionProgram';
import { fmt, median, msSince, nowNs, pad, padEnd, quantile } from './timing';

export interface GdbSessionBenchOptions {
  sizesMiB: number[];
  /** Commands of history (run + nexts) before reversing. */
  histories: number[];
  /** Reverse commands timed per (size, history): consecutive, going further back each time. */
  samples: number;
  /** Timed `continue`s over the 1e6 loop. */
  forwardRuns: number;
  /** Bound on any one `record full` command; it is interrupted after this. */
  recordTimeoutMs: number;
}

/**
 * glibc 2.36's names (the old "AVX2_Usable" spelling is silently ignored there): with these
 * off, ld.so --list-diagnostics shows no AVX/AVX2/AVX-512 bit active and glibc's string
 * functions use their SSE2 versions, which `record full` can decode.
 */
export const noAvxTunables = 'glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW,-AVX512CD,-AVX512DQ,-AVX_VNNI,-FMA,-F16C';


/** Anything that takes a command line and answers when the prompt is back. */
interface Driver { send(line: string): Promise<string>; close(): Promise<void> }

async function timed(driver: Driver, line: string): Promise<{ ms: number; text: string }> {
  const t0 = nowNs();
  const text = await driver.send(line);
  return { ms: msSince(t0), text };
}

async function fredDriver(prog: GdbBenchProgram, args: string[], policy: Partial<SnapshotPolicy> = {}): Promise<Driver & { started: StartedSession }> {
  const started = await startSession(parseCliArguments(['gdb', '--args', prog.path, ...args]), () => undefined);
  Object.assign(started.session.policy, policy);
  return {
    started,
    // bounded like plain gdb: Ctrl-C after 120 s, and the bench says which command hung
    send: async (line) => {
      let late = false;
      const timer = setTimeout(() => { late = true; started.runner.interrupt(); }, 120000);
      try {
        const text = await started.runner.handle(line);
        if (late) throw new BoundExceeded(line, 120000, text);
        return text;
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => { await started.runner.handle('kill').catch(() => ''); await started.close(); },
  };
}

/** Plain gdb (no fred, no preload) in a pty, with a bound on each command. */
async function gdbDriver(prog: GdbBenchProgram, args: string[], env: Record<string, string> = {}, boundMs = 120000): Promise<Driver & { dbg: Debugger }> {
  const dbg = createGdb({ args: ['--args', prog.path, ...args], noInitFiles: true, colours: false, env, cols: 200, rows: 50 });
  await dbg.start();
  const send = async (line: string) => {
    const pending = dbg.execute(line);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), boundMs); });
    const first = await Promise.race([pending, late]);
    clearTimeout(timer);
    if (first !== 'late') return first.text;
    dbg.interrupt();
    const out = await pending;
    throw new BoundExceeded(line, boundMs, out.text);
  };
  return { dbg, send, close: async () => { await dbg.execute('kill').catch(() => undefined); await dbg.close(); } };
}

class BoundExceeded extends Error {
  constructor(readonly line: string, readonly ms: number, readonly text: string) { super(`${line}: over ${ms} ms`); }
}

/** gdb's complaint in a transcript, shortened to one line ("Process record does not support ..."). */
function complaint(text: string): string | undefined {
  const line = text.split('\n').find((l) => /does not support|[Ee]rror|[Ff]ailed|not supported|Cannot|Couldn't|No more reverse|internal-error/.test(l));
  return line?.trim().slice(0, 110);
}

interface LatencyRow { who: string; mib: number; history: number | string; samples: number[]; note?: string }

async function startAtWork(driver: Driver, prog: GdbBenchProgram): Promise<void> {
  await driver.send(`break ${prog.line('BENCH_WORK')}`);
  const out = await driver.send('run');
  if (!/BENCH_WORK/.test(out)) throw new Error(`the program did not stop at ${prog.line('BENCH_WORK')}: ${out.trim().slice(-300)}`);
  // disable, not delete: a replay from the program's start needs it (fred cannot bring back deleted breakpoints)
  await driver.send('disable');
}

/** fred: run + (history - 1) nexts, then consecutive fred-rn. */
async function fredReverseNext(prog: GdbBenchProgram, mib: number, history: number, samples: number, policy: Partial<SnapshotPolicy> = {}): Promise<{ row: LatencyRow; nextMs: number[] }> {
  const fred = await fredDriver(prog, [String(mib)], policy);
  const times: number[] = [], nexts: number[] = [];
  let replayed = 0;
  let failure: string | undefined;
  try {
    await startAtWork(fred, prog);
    for (let i = 1; i < history; i++) nexts.push((await timed(fred, 'next')).ms);
    const count = Math.min(samples, history - 2);
    for (let i = 0; i < count; i++) {
      const { ms, text } = await timed(fred, 'fred-rn');
      if (/^fred: /m.test(text)) throw new Error(`fred-rn failed: ${text.trim()}`);
      times.push(ms);
      replayed = Math.max(replayed, fred.started.session.lastReverse?.replayed ?? 0);
    }
  } catch (error) {
    failure = error instanceof BoundExceeded ? `'${error.line}' still running after ${error.ms / 1000} s (interrupted)` : (error as Error).message;
  } finally {
    await fred.close();
  }
  const note = `at most ${replayed} commands replayed${failure ? `; ${failure}` : ''}`;
  const who = policy.cheapReplayMs ? `fred fred-rn, cheap ${policy.cheapReplayMs} ms` : 'fred fred-rn';
  return { row: { who, mib, history, samples: times, note }, nextMs: nexts };
}

/** gdb record full from the work loop on: (history - 1) recorded nexts, then reverse-next. */
async function recordFullReverseNext(prog: GdbBenchProgram, mib: number, history: number, samples: number, boundMs: number): Promise<LatencyRow> {
  const gdb = await gdbDriver(prog, [String(mib)], { GLIBC_TUNABLES: noAvxTunables }, boundMs);
  const times: number[] = [];
  let note: string | undefined;
  try {
    await startAtWork(gdb, prog);
    await gdb.send('set record full insn-number-max unlimited');
    const started = await gdb.send('record full');
    if (complaint(started)) throw new Error(`record full: ${complaint(started)}`);
    for (let i = 1; i < history; i++) {
      const out = await gdb.send('next');
      if (complaint(out)) throw new Error(`next under record full: ${complaint(out)}`);
    }
    const count = Math.min(samples, history - 2);
    for (let i = 0; i < count; i++) {
      const { ms, text } = await timed(gdb, 'reverse-next');
      if (complaint(text)) throw new Error(`reverse-next: ${complaint(text)}`);
      times.push(ms);
    }
  } catch (error) {
    note = error instanceof BoundExceeded ? `'${error.line}' still running after ${error.ms / 1000} s (interrupted)` : (error as Error).message;
  } finally {
    await gdb.close();
  }
  return { who: 'gdb record full reverse-next', mib, history, samples: times, note };
}

/** gdb checkpoint: per sample `checkpoint`, 3 nexts, `restart N` (a gdb checkpoint moves with the process once restarted). */
async function gdbCheckpointRestart(prog: GdbBenchProgram, mib: number, samples: number): Promise<{ restart: LatencyRow; checkpoint: LatencyRow }> {
  const gdb = await gdbDriver(prog, [String(mib)], {}, 30000);
  const restarts: number[] = [], checkpoints: number[] = [];
  let note: string | undefined;
  try {
    await startAtWork(gdb, prog);
    for (let i = 0; i < samples; i++) {
      const made = await timed(gdb, 'checkpoint');
      const id = /checkpoint (\d+): fork returned/.exec(made.text)?.[1];
      if (!id || complaint(made.text)) throw new Error(`gdb checkpoint: ${complaint(made.text) ?? made.text.trim().slice(0, 100)}`);
      checkpoints.push(made.ms);
      for (let n = 0; n < 3; n++) await gdb.send('next');
      const back = await timed(gdb, `restart ${id}`);
      if (!/Switching to/.test(back.text) || /internal-error/.test(back.text)) throw new Error(`gdb restart ${id}: ${complaint(back.text) ?? back.text.trim().slice(0, 100)}`);
      restarts.push(back.ms);
    }
  } catch (error) {
    note = error instanceof BoundExceeded ? `'${error.line}' still running after ${error.ms / 1000} s (interrupted)` : (error as Error).message;
  } finally {
    await gdb.close();
  }
  return {
    restart: { who: 'gdb restart N', mib, history: '-', samples: restarts, note },
    checkpoint: { who: 'gdb checkpoint', mib, history: '-', samples: checkpoints, note },
  };
}

interface ForwardResult { plain: number[]; fred: number[]; fredCheap: number[]; record?: number; recordNote?: string }

/** The policy variant measured beside the default one. */
const cheapReplay: Partial<SnapshotPolicy> = { cheapReplayMs: 25 };

/** `continue` from before the 1e6 loop to after it; the untimed continue goes round to the next rep. */
async function forward(prog: GdbBenchProgram, mib: number, runs: number, boundMs: number): Promise<ForwardResult> {
  const args = [String(mib), String(runs + 1)];
  const loop = async (driver: Driver): Promise<number[]> => {
    await driver.send(`break ${prog.line('BENCH_BEFORE_SPIN')}`);
    await driver.send(`break ${prog.line('BENCH_AFTER_SPIN')}`);
    await driver.send('run');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const { ms, text } = await timed(driver, 'continue');
      if (!/BENCH_AFTER_SPIN/.test(text)) throw new Error(`continue did not stop after the loop: ${text.trim().slice(-200)}`);
      times.push(ms);
      await driver.send('continue');
    }
    return times;
  };
  const plainGdb = await gdbDriver(prog, args);
  const plain = await loop(plainGdb).finally(() => plainGdb.close());
  const fred = await fredDriver(prog, args);
  const fredTimes = await loop(fred).finally(() => fred.close());
  const cheap = await fredDriver(prog, args, cheapReplay);
  const fredCheap = await loop(cheap).finally(() => cheap.close());

  const rec = await gdbDriver(prog, args, { GLIBC_TUNABLES: noAvxTunables }, boundMs);
  const result: ForwardResult = { plain, fred: fredTimes, fredCheap };
  try {
    await rec.send(`break ${prog.line('BENCH_BEFORE_SPIN')}`);
    await rec.send(`break ${prog.line('BENCH_AFTER_SPIN')}`);
    await rec.send('run');
    await rec.send('set record full insn-number-max unlimited');
    await rec.send('record full');
    const { ms, text } = await timed(rec, 'continue');
    if (complaint(text) || !/BENCH_AFTER_SPIN/.test(text)) result.recordNote = complaint(text) ?? `stopped elsewhere: ${text.trim().slice(-100)}`;
    else result.record = ms;
  } catch (error) {
    result.recordNote = error instanceof BoundExceeded ? `did not finish within ${error.ms / 1000} s (interrupted)` : (error as Error).message;
  } finally {
    await rec.close();
  }
  return result;
}

function printLatency(rows: LatencyRow[]): void {
  console.log(`${padEnd('', 30)} ${pad('MiB', 4)} ${pad('history', 8)} ${pad('n', 4)} ${pad('median', 7)} ${pad('p95', 7)} ${pad('max', 7)}  note`);
  for (const r of rows) {
    console.log(`${padEnd(r.who, 30)} ${pad(r.mib, 4)} ${pad(r.history, 8)} ${pad(r.samples.length, 4)} ${pad(fmt(median(r.samples)), 7)} ${pad(fmt(quantile(r.samples, 0.95)), 7)} ${pad(fmt(r.samples.length ? Math.max(...r.samples) : NaN), 7)}  ${r.note ?? ''}`);
  }
}

/** Only the named parts: FRED_BENCH_PARTS=latency,cheap,record,checkpoint,forward (default: all). */
function parts(): Set<string> {
  const wanted = process.env.FRED_BENCH_PARTS;
  return new Set(wanted ? wanted.split(',') : ['latency', 'cheap', 'record', 'checkpoint', 'forward']);
}

export async function runGdbSessionBench(options: GdbSessionBenchOptions): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fred-gdb-bench-'));
  const only = parts();
  try {
    const prog = buildGdbBenchProgram(dir);
    console.log(`fred gdb — ${os.cpus().length} CPUs, kernel ${os.release()}; ms from command sent to prompt back`);
    console.log(`reverse-next: run + (history-1) nexts in the work loop, then up to ${options.samples} consecutive reverse commands\n`);
    const rows: LatencyRow[] = [];
    const nextRows: LatencyRow[] = [];
    for (const mib of options.sizesMiB) {
      for (const history of options.histories) {
        if (only.has('latency')) {
          const { row, nextMs } = await fredReverseNext(prog, mib, history, options.samples);
          rows.push(row);
          nextRows.push({ who: 'fred next (snapshot first)', mib, history, samples: nextMs });
          printLatency([row]);
        }
        if (only.has('cheap')) {
          const { row, nextMs } = await fredReverseNext(prog, mib, history, options.samples, cheapReplay);
          rows.push(row);
          nextRows.push({ who: 'fred next, cheap 25 ms', mib, history, samples: nextMs });
          printLatency([row]);
        }
        if (only.has('record')) {
          const row = await recordFullReverseNext(prog, mib, history, options.samples, options.recordTimeoutMs);
          rows.push(row);
          printLatency([row]);
        }
      }
      if (only.has('checkpoint')) {
        const { restart, checkpoint } = await gdbCheckpointRestart(prog, mib, options.samples);
        rows.push(restart, checkpoint);
      }
    }
    console.log('\nall reverse / restart rows:');
    printLatency([...rows, ...nextRows]);
    console.log('goal: fred-rn median <= 100 ms, p95 <= 250 ms');

    if (only.has('forward')) {
      console.log(`\nforward: \`continue\` over a 1e6-iteration loop (-O0), median (mean) of ${options.forwardRuns}`);
      console.log('   MiB   plain gdb   fred (snapshot first)   ratio   fred, cheapReplayMs 25   ratio   gdb record full (AVX off)');
      const both = (xs: number[]) => `${fmt(median(xs))} (${fmt(xs.reduce((a, b) => a + b, 0) / xs.length)})`;
      for (const mib of options.sizesMiB) {
        const f = await forward(prog, mib, options.forwardRuns, options.recordTimeoutMs);
        const plainMs = median(f.plain);
        console.log(`${pad(mib, 6)} ${pad(both(f.plain), 11)} ${pad(both(f.fred), 23)} ${pad((median(f.fred) / plainMs).toFixed(2), 7)} ${pad(both(f.fredCheap), 24)} ${pad((median(f.fredCheap) / plainMs).toFixed(2), 7)}   ${f.record !== undefined ? fmt(f.record) : f.recordNote}`);
      }
      console.log('goal: fred / plain gdb <= 1.1');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
